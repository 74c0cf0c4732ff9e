/*
 * test_compress: rotate/compress's backends: the choice from
 * compresscmd and compressoptions, every backend's output read back by
 * the real program (gzip -d, xz -d, bzip2 -d, zstd -d, lz4 -d), the gzip
 * size held to 1% of `gzip -6`, the external command and its failures,
 * and a compressed log left out of the page cache.
 */
#include "config.h"

#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/wait.h>
#include <sys/xattr.h>

#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <linux/magic.h>
#include <zlib.h>

#include "lib/diag.h"
#include "lib/pool.h"
#include "lib/sbuf.h"
#include "lib/xalloc.h"
#include "rotate/compress.h"
#include "rotate/compress_int.h"
#include "tests/unit/compress_test_util.h"
#include "tests/unit/unit_util.h"

static void
write_script(const char *path, const char *body)
{
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	fprintf(fp, "#!/bin/sh\n%s\n", body);
	assert_int_equal(fclose(fp), 0);
	assert_int_equal(chmod(path, 0755), 0);
}

/* Section 1: choosing the backend from compresscmd and compressoptions. */

/* gzip and pigz: zlib, unless an option is one zlib cannot reproduce. */
static void
test_lookup_gzip(void **state)
{
	char *const *rsync = WORDS("--rsyncable");
	struct hr_error err = HR_ERROR_INIT;
	struct compressor c;

	(void)state;
	lookup(NULL, NULL, &c);
	assert_string_equal(c.ops->name, "gzip");
	assert_string_equal(c.ops->ext, ".gz");
	assert_int_equal(c.level, 6);
	lookup("/bin/gzip", WORDS("-9"), &c);
	assert_string_equal(c.ops->name, "gzip");
	assert_int_equal(c.level, 9);
	assert_int_equal(c.flags, 0);
	lookup("gzip", WORDS("-9n"), &c);
	assert_int_equal(c.level, 9);
	assert_int_equal(c.flags, COMPRESSOR_GZIP_NO_TIME);
	lookup("/usr/bin/pigz", WORDS("-p", "2", "-1"), &c);
	assert_string_equal(c.ops->name, "gzip");
	assert_int_equal(c.level, 1);
	lookup("gzip", WORDS("-p", "2"), &c);
	assert_string_equal(c.ops->name, "command");
	lookup("gzip", rsync, &c);
	assert_string_equal(c.ops->name, "command");
	assert_ptr_equal(c.options, rsync);
	assert_int_equal(compressor_lookup("", NULL, NULL, &c, &err), -1);
	hr_error_release(&err);
}

/* The libarchive codecs, and programs headroom does not know. */
static void
test_lookup_others(void **state)
{
	struct compressor c;

	(void)state;
	lookup("/usr/bin/xz", NULL, &c);
	assert_string_equal(c.ops->name, "xz");
	assert_string_equal(c.ops->ext, ".xz");
	assert_int_equal(c.level, 6);
	assert_int_equal(c.threads, -1);
	assert_null(c.fallback);
	lookup("xz", WORDS("--threads=2", "-c", "-0"), &c);
	assert_string_equal(c.ops->name, "xz");
	assert_int_equal(c.level, 0);
	assert_int_equal(c.threads, 2);
	lookup("xz", WORDS("--threads", "3"), &c);
	assert_int_equal(c.threads, 3);
	lookup("xz", WORDS("-T99999"), &c); /* xz says what it thinks */
	assert_string_equal(c.ops->name, "command");
	assert_int_equal(c.threads, -1);
	lookup("zstd", WORDS("--threads=4"), &c);
	assert_string_equal(c.ops->name, "zstd");
	assert_int_equal(c.threads, 4);
	lookup("zstd", WORDS("--threads", "4"), &c);
	assert_string_equal(c.ops->name, "command");
	lookup("pigz", WORDS("-p", "4"), &c); /* headroom's own workers */
	assert_string_equal(c.ops->name, "gzip");
	assert_int_equal(c.threads, -1);
	lookup("xz", WORDS("-e"), &c);
	assert_string_equal(c.ops->name, "command");
	lookup("zstd", WORDS("-T0", "-19"), &c);
	assert_string_equal(c.ops->name, "zstd");
	assert_int_equal(c.level, 19);
	assert_int_equal(c.threads, 0);
	lookup("zstd", WORDS("-T", "2"), &c); /* zstd reads "2" as a file */
	assert_string_equal(c.ops->name, "command");
	lookup("xz", WORDS("-T", "2", "-9"), &c);
	assert_string_equal(c.ops->name, "xz");
	assert_int_equal(c.level, 9);
	lookup("zstd", WORDS("--long"), &c);
	assert_string_equal(c.ops->name, "command");
	lookup("lz4", WORDS("-12"), &c);
	assert_string_equal(c.ops->name, "command");
	lookup("bzip2", WORDS("--fast"), &c);
	assert_string_equal(c.ops->name, "bzip2");
	assert_int_equal(c.level, 1);
	lookup("/usr/local/bin/mycompressor", NULL, &c);
	assert_string_equal(c.ops->name, "command");
	assert_string_equal(c.cmd, "/usr/local/bin/mycompressor");
}

/* Section 2: round trips through the real programs. */

static const char *const backends[] = { "gzip", "xz", "bzip2", "zstd", "lz4" };

/* Compresses src with backend b, checks with `b -dc` and in-process. */
static void
round_trip(struct fixture *f, const char *b, const char *src)
{
	struct compressor c;
	char *dst, *back = path_in(f, "back");
	int fd;

	lookup(b, NULL, &c);
	assert_string_equal(c.ops->name, b);
	dst = xasprintf("%s%s", src, c.ops->ext);
	compress_ok(&c, src, dst, NULL);
	if (run_shell("%s -dc < '%s' | cmp -s - '%s'", b, dst, src) != 0)
		fail_msg("'%s -dc' does not give back %s", b, src);
	fd = open(back, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(fd >= 0);
	assert_int_equal(decompress_file(&c, dst, fd, NULL, NULL), 0);
	assert_int_equal(close(fd), 0);
	if (run_shell("cmp -s '%s' '%s'", back, src) != 0)
		fail_msg("%s decompress_file does not give back %s", b, src);
	assert_int_equal(unlink(dst), 0);
	assert_int_equal(unlink(back), 0);
	free(dst);
	free(back);
}

static void
test_round_trips(void **state)
{
	struct fixture *f = *state;
	char *log = path_in(f, "access.log.1");
	char *empty = path_in(f, "empty.log.1");
	char *bin = path_in(f, "binary.1");
	char *orig = path_in(f, "orig");
	size_t i;

	write_log(log, 1 << 20, 1);
	write_random(bin, 200 * 1024, 2);
	close(open(empty, O_WRONLY | O_CREAT | O_EXCL, 0640));
	assert_int_equal(run_shell("cp '%s' '%s'", log, orig), 0);
	for (i = 0; i < sizeof(backends) / sizeof(backends[0]); i++) {
		round_trip(f, backends[i], log);
		round_trip(f, backends[i], empty);
		round_trip(f, backends[i], bin);
	}
	/* The sources are untouched and nothing else was left behind. */
	assert_int_equal(run_shell("cmp -s '%s' '%s'", log, orig), 0);
	assert_int_equal(file_size(empty), 0);
	assert_int_equal(count_entries(f->dir), 4);
	free(log);
	free(empty);
	free(bin);
	free(orig);
}

/* Damaged or foreign input is an error, not silent garbage. */
static void
test_decompress_errors(void **state)
{
	struct fixture *f = *state;
	char *src = path_in(f, "d.log"), *gz = path_in(f, "d.log.gz");
	char *cut = path_in(f, "cut.gz"), *out = path_in(f, "out");
	struct hr_error err = HR_ERROR_INIT;
	struct compressor gzc, xzc;
	int fd;

	write_log(src, 200000, 16);
	lookup(NULL, NULL, &gzc);
	lookup("xz", NULL, &xzc);
	compress_ok(&gzc, src, gz, NULL);
	assert_int_equal(run_shell("head -c 5000 '%s' > '%s'", gz, cut), 0);
	fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(fd >= 0);
	assert_int_equal(decompress_file(&gzc, cut, fd, NULL, &err), -1);
	assert_non_null(strstr(hr_error_text(&err), "unexpected end"));
	assert_int_equal(decompress_file(&xzc, gz, fd, NULL, &err), -1);
	print_message("%s\n", hr_error_text(&err));
	assert_non_null(strstr(hr_error_text(&err), gz));
	assert_int_equal(decompress_file(&gzc, src, fd, NULL, &err), -1);
	assert_non_null(strstr(hr_error_text(&err), "corrupt gzip data"));
	close(fd);
	hr_error_release(&err);
	free(src);
	free(gz);
	free(cut);
	free(out);
}

/* Section 3: gzip compatibility and levels. */

static void
test_gzip_like_gzip(void **state)
{
	struct fixture *f = *state;
	char *src = path_in(f, "big.log"), *dst = path_in(f, "big.log.gz");
	char *ref = path_in(f, "ref.gz");
	struct timespec ts[2] = { { FIXED_MTIME, 0 }, { FIXED_MTIME, 0 } };
	unsigned char a[10], b[10];
	struct compressor c;
	double ours, theirs;
	int fa, fb;

	write_log(src, 4 << 20, 3);
	assert_int_equal(utimensat(AT_FDCWD, src, ts, 0), 0);
	lookup(NULL, NULL, &c);
	compress_ok(&c, src, dst, NULL);
	assert_int_equal(run_shell("gzip -6 < '%s' > '%s'", src, ref), 0);
	ours = (double)file_size(dst);
	theirs = (double)file_size(ref);
	print_message("gzip -6: %.0f bytes, headroom: %.0f bytes (%+.3f%%)\n",
	    theirs, ours, 100.0 * (ours - theirs) / theirs);
	/* libdeflate: smaller than gzip's, never 1% larger. */
	assert_true(ours <= theirs * 1.01);
	/* Header: magic, method, flags, MTIME = source mtime, XFL, OS. */
	fa = open(dst, O_RDONLY);
	fb = open(ref, O_RDONLY);
	assert_int_equal(read(fa, a, sizeof(a)), sizeof(a));
	assert_int_equal(read(fb, b, sizeof(b)), sizeof(b));
	close(fa);
	close(fb);
	assert_memory_equal(a, b, sizeof(a));
	assert_int_equal(
	    a[4] | a[5] << 8 | a[6] << 16 | (unsigned)a[7] << 24, FIXED_MTIME);
	assert_int_equal(run_shell("gzip -t '%s'", dst), 0);
	free(src);
	free(dst);
	free(ref);
}

/* -n stores MTIME 0, as `gzip -n` does. */
static void
test_gzip_no_name(void **state)
{
	struct fixture *f = *state;
	char *src = path_in(f, "n.log"), *dst = path_in(f, "n.log.gz");
	char *const *opts = WORDS("-n");
	unsigned char h[10];
	struct compressor c;
	int fd;

	write_log(src, 4096, 4);
	lookup("gzip", opts, &c);
	assert_string_equal(c.ops->name, "gzip");
	compress_ok(&c, src, dst, NULL);
	fd = open(dst, O_RDONLY);
	assert_int_equal(read(fd, h, sizeof(h)), sizeof(h));
	close(fd);
	assert_int_equal(h[4] | h[5] | h[6] | h[7], 0);
	assert_int_equal(h[9], 3);
	assert_int_equal(
	    run_shell("gzip -dc < '%s' | cmp -s - '%s'", dst, src), 0);
	free(src);
	free(dst);
}

static off_t
size_at_level(
    struct fixture *f, const char *b, const char *level, const char *src)
{
	char *const *opts = WORDS(level);
	char *dst = path_in(f, "level.out");
	struct compressor c;
	off_t size;

	lookup(b, opts, &c);
	assert_string_equal(c.ops->name, b);
	compress_ok(&c, src, dst, NULL);
	if (run_shell("%s -dc < '%s' | cmp -s - '%s'", b, dst, src) != 0)
		fail_msg("'%s %s' output does not decompress", b, level);
	size = file_size(dst);
	unlink(dst);
	free(dst);
	return size;
}

static void
test_levels(void **state)
{
	static const char *const lv[][3] = { { "gzip", "-1", "-9" },
		{ "xz", "-0", "-9" }, { "bzip2", "-1", "-9" },
		{ "zstd", "-1", "-19" }, { "lz4", "-1", "-9" } };
	struct fixture *f = *state;
	char *src = path_in(f, "lv.log");
	size_t i;

	write_log(src, 1 << 20, 5);
	for (i = 0; i < sizeof(lv) / sizeof(lv[0]); i++) {
		off_t lo = size_at_level(f, lv[i][0], lv[i][1], src);
		off_t hi = size_at_level(f, lv[i][0], lv[i][2], src);

		print_message("%s %s: %jd bytes, %s: %jd bytes\n", lv[i][0],
		    lv[i][1], (intmax_t)lo, lv[i][2], (intmax_t)hi);
		assert_true(lo > hi);
	}
	free(src);
}

/* Section 4: the external command. */

static void
test_cmd_cat(void **state)
{
	struct fixture *f = *state;
	char *src = path_in(f, "c.log.1"), *dst = path_in(f, "c.log.1.gz");
	struct compressor c;

	write_log(src, 100000, 6);
	lookup("/bin/cat", NULL, &c);
	assert_string_equal(c.ops->name, "command");
	compress_ok(&c, src, dst, NULL);
	assert_int_equal(run_shell("cmp -s '%s' '%s'", src, dst), 0);
	free(src);
	free(dst);
}

/* argv, the environment variable and stderr text, as logrotate. */
static void
test_cmd_env_stderr(void **state)
{
	struct fixture *f = *state;
	char *src = path_in(f, "e.log.1"), *dst = path_in(f, "e.log.1.gz");
	char *script = path_in(f, "mygz");
	char *const *opts = WORDS("-9", "--rsyncable");
	struct compress_opts o = COMPRESS_OPTS_INIT;
	struct sbuf text = SBUF_INIT;
	struct compressor c;
	char *want, *back = path_in(f, "back");
	int fd;

	write_log(src, 300000, 7);
	write_script(script,
	    "echo \"file=$LOGROTATE_COMPRESSED_FILENAME "
	    "argv=$0 $*\" >&2\nexec gzip \"$@\"");
	lookup(script, opts, &c);
	assert_string_equal(c.ops->name, "command");
	o.errtext = &text;
	o.src_path = src;
	compress_ok(&c, src, dst, &o);
	want = xasprintf("file=%s argv=%s -9 --rsyncable\n", src, script);
	assert_string_equal(text.buf, want);
	assert_int_equal(
	    run_shell("gzip -dc < '%s' | cmp -s - '%s'", dst, src), 0);
	/* The external decompress runs uncompresscmd (gunzip here). */
	fd = open(back, O_WRONLY | O_CREAT | O_EXCL, 0600);
	assert_true(fd >= 0);
	assert_int_equal(decompress_file(&c, dst, fd, NULL, NULL), 0);
	assert_int_equal(close(fd), 0);
	assert_int_equal(run_shell("cmp -s '%s' '%s'", back, src), 0);
	free(back);
	free(want);
	sbuf_release(&text);
	free(script);
	free(src);
	free(dst);
}

static void
check_cmd_failure(struct fixture *f, const char *body, const char *want)
{
	char *src = path_in(f, "f.log.1"), *dst = path_in(f, "f.log.1.gz");
	char *orig = path_in(f, "f.orig"), *script = path_in(f, "bad");
	struct compress_opts o = COMPRESS_OPTS_INIT;
	struct sbuf text = SBUF_INIT;
	struct compressor c;
	char *msg;

	write_log(src, 1 << 20, 8);
	assert_int_equal(run_shell("cp '%s' '%s'", src, orig), 0);
	write_script(script, body);
	lookup(script, NULL, &c);
	o.errtext = &text;
	msg = compress_fails(&c, src, dst, &o, NULL);
	print_message("error: %s; stderr: %s\n", msg, text.buf);
	assert_non_null(strstr(msg, want));
	assert_non_null(strstr(msg, src));
	assert_false(exists(dst));
	assert_int_equal(run_shell("cmp -s '%s' '%s'", src, orig), 0);
	assert_int_equal(count_entries(f->dir), 3);
	unlink(src);
	unlink(orig);
	unlink(script);
	sbuf_release(&text);
	free(msg);
	free(src);
	free(dst);
	free(orig);
	free(script);
}

static void
test_cmd_failures(void **state)
{
	struct fixture *f = *state;
	struct compressor c;
	char *src = path_in(f, "m.log"), *dst = path_in(f, "m.log.gz");
	char *msg;

	check_cmd_failure(f, "head -c 1000; echo boom >&2; exit 3",
	    "failed to compress log (exit status 3)");
	check_cmd_failure(f, "head -c 100000; kill -9 $$",
	    "failed to compress log (killed by signal 9)");
	/* A compressor that does not exist. */
	write_log(src, 1000, 9);
	lookup("/nonexistent/compressor", NULL, &c);
	msg = compress_fails(&c, src, dst, NULL, NULL);
	assert_non_null(strstr(msg, "/nonexistent/compressor"));
	assert_false(exists(dst));
	assert_int_equal(count_entries(f->dir), 1);
	free(msg);
	free(src);
	free(dst);
}

/* Section 5: the page cache. */

/* Pages of path in the page cache (mincore of a mapping). */
static size_t
resident_pages(const char *path)
{
	long page = sysconf(_SC_PAGESIZE);
	int fd = open(path, O_RDONLY);
	struct stat st;
	unsigned char *vec;
	size_t n, i, count = 0;
	void *map;

	assert_true(fd >= 0);
	assert_int_equal(fstat(fd, &st), 0);
	n = ((size_t)st.st_size + (size_t)page - 1) / (size_t)page;
	map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_SHARED, fd, 0);
	assert_true(map != MAP_FAILED);
	vec = xmalloc(n);
	assert_int_equal(mincore(map, (size_t)st.st_size, vec), 0);
	for (i = 0; i < n; i++)
		count += vec[i] & 1;
	free(vec);
	munmap(map, (size_t)st.st_size);
	close(fd);
	return count;
}

static void
test_page_cache(void **state)
{
	struct fixture *f = *state;
	char *src = path_in(f, "pc.log.1"), *dst = path_in(f, "pc.log.1.gz");
	struct compressor c;
	struct statfs sf;
	int fd;

	assert_int_equal(statfs(f->dir, &sf), 0);
	if (sf.f_type == TMPFS_MAGIC)
		unit_skip("the test directory is a tmpfs: no page cache");
	write_log(src, 4 << 20, 11);
	fd = open(src, O_RDONLY);
	assert_int_equal(fsync(fd), 0); /* a log written long ago */
	close(fd);
	assert_true(resident_pages(src) > 0);
	lookup(NULL, NULL, &c);
	compress_ok(&c, src, dst, NULL);
	print_message("resident after compressing: source %zu, output %zu "
	              "pages\n",
	    resident_pages(src), resident_pages(dst));
	assert_int_equal(resident_pages(src), 0);
	assert_int_equal(resident_pages(dst), 0);
	free(src);
	free(dst);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lookup_gzip),
		cmocka_unit_test(test_lookup_others),
		cmocka_unit_test_setup_teardown(
		    test_round_trips, compress_setup, compress_teardown),
		cmocka_unit_test_setup_teardown(
		    test_decompress_errors, compress_setup, compress_teardown),
		cmocka_unit_test_setup_teardown(
		    test_gzip_like_gzip, compress_setup, compress_teardown),
		cmocka_unit_test_setup_teardown(
		    test_gzip_no_name, compress_setup, compress_teardown),
		cmocka_unit_test_setup_teardown(
		    test_levels, compress_setup, compress_teardown),
		cmocka_unit_test_setup_teardown(
		    test_cmd_cat, compress_setup, compress_teardown),
		cmocka_unit_test_setup_teardown(
		    test_cmd_env_stderr, compress_setup, compress_teardown),
		cmocka_unit_test_setup_teardown(
		    test_cmd_failures, compress_setup, compress_teardown),
		cmocka_unit_test_setup_teardown(
		    test_page_cache, compress_setup, compress_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
