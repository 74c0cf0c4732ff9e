/*
 * Unit tests of rotate/compress: every backend's output is read back by
 * the real program (gzip -d, xz -d, bzip2 -d, zstd -d, lz4 -d); the gzip
 * size is held to 1% of `gzip -6`; the failure paths (full disk, a
 * compressor that fails or is killed, a FIFO, an existing target) leave
 * the source whole and nothing behind.
 *
 * Root-only cases (tmpfs mount, chown) skip when not root, and fail
 * instead when HEADROOM_REQUIRE_ALL=1.
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
#include "tests/unit/unit_util.h"

struct fixture {
	char *dir;
};

/* A NULL-terminated list of words, as compressoptions is. */
#define WORDS(...) ((char *const *)(const char *const[]){ __VA_ARGS__, NULL })

/* A fixed point in time for mtimes: 2026-11-29 12:00:00 UTC. */
#define FIXED_MTIME 1795953600

static char *
path_in(const struct fixture *f, const char *name)
{
	return xasprintf("%s/%s", f->dir, name);
}

static int
setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof(*f));

	f->dir = tmpdir_new();
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	char *mnt = path_in(f, "small");

	/* test_enospc's tmpfs, should that test have stopped early. */
	umount2(mnt, MNT_DETACH);
	free(mnt);
	tmpdir_remove(f->dir);
	free(f->dir);
	free(f);
	return 0;
}

static unsigned long
rnd(unsigned long *seed)
{
	*seed = *seed * 6364136223846793005UL + 1442695040888963407UL;
	return *seed >> 33;
}

/* Appends realistic nginx "combined" lines until the file has size bytes. */
static void
write_log(const char *path, size_t size, unsigned long seed)
{
	static const char *const paths[] = { "/", "/health", "/api/v1/items",
		"/static/app.js", "/static/style.css", "/login",
		"/api/v1/users/search", "/favicon.ico" };
	static const char *const agents[] = {
		"Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 "
		"Firefox/120.0",
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
		"(KHTML, like Gecko) Chrome/119.0 Safari/537.36",
		"curl/7.88.1", "Go-http-client/1.1"
	};
	static const int codes[] = { 200, 200, 200, 200, 304, 404, 301, 500 };
	FILE *fp = fopen(path, "w");
	size_t n = 0;
	long t = 0;

	assert_non_null(fp);
	while (n < size) {
		char line[512];
		int len = snprintf(line, sizeof(line),
		    "10.%lu.%lu.%lu - - [29/Nov/2026:%02ld:%02ld:%02ld +0000] "
		    "\"GET %s?id=%lu HTTP/1.1\" %d %lu \"-\" \"%s\"\n",
		    rnd(&seed) % 4, rnd(&seed) % 256, rnd(&seed) % 256,
		    (t / 3600) % 24, (t / 60) % 60, t % 60,
		    paths[rnd(&seed) % 8], rnd(&seed) % 100000,
		    codes[rnd(&seed) % 8], rnd(&seed) % 50000,
		    agents[rnd(&seed) % 4]);

		if (n + (size_t)len > size)
			len = (int)(size - n);
		assert_int_equal(fwrite(line, 1, (size_t)len, fp), len);
		n += (size_t)len;
		t += rnd(&seed) % 2;
	}
	assert_int_equal(fclose(fp), 0);
}

static void
write_random(const char *path, size_t size, unsigned long seed)
{
	FILE *fp = fopen(path, "w");
	size_t i;

	assert_non_null(fp);
	for (i = 0; i < size; i++)
		putc((int)(rnd(&seed) & 0xff), fp);
	assert_int_equal(fclose(fp), 0);
}

static off_t
file_size(const char *path)
{
	struct stat st;

	assert_int_equal(stat(path, &st), 0);
	return st.st_size;
}

static int
exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}

static void
lookup(const char *cmd, char *const *opts, struct compressor *c)
{
	struct hr_error err = HR_ERROR_INIT;

	assert_int_equal(compressor_lookup(cmd, opts, "gunzip", c, &err), 0);
	hr_error_release(&err);
}

static void
write_script(const char *path, const char *body)
{
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	fprintf(fp, "#!/bin/sh\n%s\n", body);
	assert_int_equal(fclose(fp), 0);
	assert_int_equal(chmod(path, 0755), 0);
}

/* compress_file must succeed; the error text is shown if it does not. */
static void
compress_ok(const struct compressor *c, const char *src, const char *dst,
    const struct compress_opts *o)
{
	struct hr_error err = HR_ERROR_INIT;
	int r = compress_file(c, src, dst, o, &err);

	if (r != 0)
		fail_msg("compress_file: %s", hr_error_text(&err));
	hr_error_release(&err);
}

/* compress_file must fail; returns the error text (caller frees). */
static char *
compress_fails(const struct compressor *c, const char *src, const char *dst,
    const struct compress_opts *o, int *code)
{
	struct hr_error err = HR_ERROR_INIT;
	char *text;

	assert_int_equal(compress_file(c, src, dst, o, &err), -1);
	text = xstrdup(hr_error_text(&err));
	if (code)
		*code = err.code;
	hr_error_release(&err);
	return text;
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

/* Section 5: what compress_file refuses, and what it copies. */

static void
test_refusals(void **state)
{
	struct fixture *f = *state;
	char *fifo = path_in(f, "fifo.log"), *sym = path_in(f, "sym.log");
	char *src = path_in(f, "r.log"), *dst = path_in(f, "r.log.gz");
	char *hard = path_in(f, "hard.log"), *out = path_in(f, "x.gz");
	struct compress_opts o = COMPRESS_OPTS_INIT;
	struct compressor c;
	char *msg;
	int code;

	lookup(NULL, NULL, &c);
	write_log(src, 5000, 10);
	/* A FIFO is refused at once (logrotate 3.21 hangs on it). */
	assert_int_equal(mkfifo(fifo, 0600), 0);
	alarm(10);
	msg = compress_fails(&c, fifo, out, NULL, NULL);
	alarm(0);
	assert_non_null(strstr(msg, "non-regular"));
	free(msg);
	/* A symlink is not followed. */
	assert_int_equal(symlink(src, sym), 0);
	free(compress_fails(&c, sym, out, NULL, &code));
	assert_int_equal(code, ELOOP);
	/* An existing target is never replaced. */
	assert_int_equal(run_shell("echo keep > '%s'", dst), 0);
	free(compress_fails(&c, src, dst, NULL, &code));
	assert_int_equal(code, EEXIST);
	assert_int_equal(run_shell("test \"$(cat '%s')\" = keep", dst), 0);
	/* Hard links only with allowhardlink. */
	assert_int_equal(link(src, hard), 0);
	free(compress_fails(&c, src, out, NULL, NULL));
	o.flags = COMPRESS_ALLOW_HARDLINK;
	compress_ok(&c, src, out, &o);
	assert_int_equal(count_entries(f->dir), 6);
	free(fifo);
	free(sym);
	free(src);
	free(dst);
	free(hard);
	free(out);
}

static void
test_attributes(void **state)
{
	struct fixture *f = *state;
	char *src = path_in(f, "a.log.1"), *dst = path_in(f, "a.log.1.gz");
	struct timespec ts[2] = { { FIXED_MTIME - 3600, 5 },
		{ FIXED_MTIME, 123456789 } };
	struct compressor c;
	struct stat a, b;
	int root = geteuid() == 0;

	write_log(src, 10000, 11);
	assert_int_equal(chmod(src, 0640), 0);
	if (root)
		assert_int_equal(chown(src, 1234, 5678), 0);
	assert_int_equal(utimensat(AT_FDCWD, src, ts, 0), 0);
	lookup("xz", NULL, &c);
	compress_ok(&c, src, dst, NULL);
	assert_int_equal(stat(src, &a), 0);
	assert_int_equal(stat(dst, &b), 0);
	assert_int_equal(b.st_mode & 07777, 0640);
	assert_int_equal(b.st_uid, a.st_uid);
	assert_int_equal(b.st_gid, a.st_gid);
	assert_int_equal(b.st_mtim.tv_sec, FIXED_MTIME);
	assert_int_equal(b.st_mtim.tv_nsec, 123456789);
	assert_int_equal(b.st_atim.tv_sec, FIXED_MTIME - 3600);
	free(src);
	free(dst);
	if (!root)
		unit_skip("owner copy needs root");
}

/* The source's ACL is copied, as logrotate (built with ACL support). */
static void
test_acl(void **state)
{
	struct fixture *f = *state;
	char *src = path_in(f, "acl.log.1"), *dst = path_in(f, "acl.log.1.gz");
	unsigned char got[sizeof(unit_acl_blob) + 16];
	struct compressor c;
	struct stat st;

	write_log(src, 10000, 13);
	if (setxattr(src, "system.posix_acl_access", unit_acl_blob,
	        sizeof(unit_acl_blob), 0) < 0) {
		free(src);
		free(dst);
		unit_skip("no POSIX ACLs on this file system");
		return;
	}
	lookup(NULL, NULL, &c);
	compress_ok(&c, src, dst, NULL);
	assert_int_equal(
	    getxattr(dst, "system.posix_acl_access", got, sizeof(got)),
	    sizeof(unit_acl_blob));
	assert_memory_equal(got, unit_acl_blob, sizeof(unit_acl_blob));
	assert_int_equal(stat(dst, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0660);
	free(src);
	free(dst);
}

/*
 * Section 5b: the rename that never replaces.  renameat2 is wrapped
 * (-Wl,--wrap=renameat2): it can pretend that the file system lacks
 * RENAME_NOREPLACE (EINVAL, so link + unlink is used), and it can let a
 * rival create the target just before the rename.
 */
int __real_renameat2(int, const char *, int, const char *, unsigned);
int __wrap_renameat2(int, const char *, int, const char *, unsigned);

static int rename_no_noreplace;  /* answer EINVAL */
static const char *rename_rival; /* create this file first */

int
__wrap_renameat2(
    int ofd, const char *old, int nfd, const char *new, unsigned flags)
{
	if (rename_rival) {
		FILE *fp = fopen(rename_rival, "wx");

		if (fp) {
			fputs("rival\n", fp);
			fclose(fp);
		}
	}
	if (rename_no_noreplace) {
		errno = EINVAL;
		return -1;
	}
	return __real_renameat2(ofd, old, nfd, new, flags);
}

static void
check_rival(struct fixture *f, const struct compressor *c, const char *src)
{
	char *dst = path_in(f, "rn.log.1.gz");
	int code;

	rename_rival = dst;
	free(compress_fails(c, src, dst, NULL, &code));
	rename_rival = NULL;
	assert_int_equal(code, EEXIST);
	assert_int_equal(run_shell("test \"$(cat '%s')\" = rival", dst), 0);
	assert_int_equal(count_entries(f->dir), 2);
	assert_int_equal(unlink(dst), 0);
	free(dst);
}

static void
test_rename_noreplace(void **state)
{
	struct fixture *f = *state;
	char *src = path_in(f, "rn.log.1"), *dst = path_in(f, "rn.log.1.gz");
	struct compressor c;

	write_log(src, 50000, 14);
	lookup(NULL, NULL, &c);
	/* A target that appears during compression is not replaced. */
	check_rival(f, &c, src);
	/* The same without RENAME_NOREPLACE: link + unlink. */
	rename_no_noreplace = 1;
	check_rival(f, &c, src);
	compress_ok(&c, src, dst, NULL);
	rename_no_noreplace = 0;
	assert_int_equal(
	    run_shell("gzip -dc < '%s' | cmp -s - '%s'", dst, src), 0);
	assert_int_equal(count_entries(f->dir), 2);
	free(src);
	free(dst);
}

/* Section 6: a full disk. */

/*
 * I/O errors, injected with -Wl,--wrap=write,--wrap=fsync: only
 * rotate/ and lib/ call these symbols directly (stdio and system() in
 * this file do not go through them).  0 means "do not fail".
 */
ssize_t __real_write(int, const void *, size_t);
ssize_t __wrap_write(int, const void *, size_t);
int __real_fsync(int);
int __wrap_fsync(int);

static int write_fail_at; /* fail the Nth write(2) from now with EIO */
static int fsync_fail_at; /* fail the Nth fsync(2) from now with EIO */

ssize_t
__wrap_write(int fd, const void *buf, size_t len)
{
	if (write_fail_at > 0 && --write_fail_at == 0) {
		errno = EIO;
		return -1;
	}
	return __real_write(fd, buf, len);
}

int
__wrap_fsync(int fd)
{
	if (fsync_fail_at > 0 && --fsync_fail_at == 0) {
		errno = EIO;
		return -1;
	}
	return __real_fsync(fd);
}

static void
check_eio(
    struct fixture *f, const char *src, const char *orig, int *knob, int at)
{
	char *dst = path_in(f, "io.log.1.gz");
	struct compressor c;
	char *msg;
	int code;

	lookup(NULL, NULL, &c);
	*knob = at;
	msg = compress_fails(&c, src, dst, NULL, &code);
	*knob = 0;
	print_message("%s\n", msg);
	assert_int_equal(code, EIO);
	assert_false(exists(dst));
	assert_int_equal(run_shell("cmp -s '%s' '%s'", src, orig), 0);
	assert_int_equal(count_entries(f->dir), 2);
	free(msg);
	free(dst);
}

static void
test_eio(void **state)
{
	struct fixture *f = *state;
	char *src = path_in(f, "io.log.1"), *orig = path_in(f, "io.orig");

	/* Three chunks: three gzip members, three writes. */
	write_log(src, 3 << 20, 15);
	assert_int_equal(run_shell("cp '%s' '%s'", src, orig), 0);
	/* A write in the middle of the compressed stream. */
	check_eio(f, src, orig, &write_fail_at, 2);
	/* The fsync of the finished temporary file. */
	check_eio(f, src, orig, &fsync_fail_at, 1);
	/* The fsync of the directory, after the rename: dst is taken back. */
	check_eio(f, src, orig, &fsync_fail_at, 2);
	free(src);
	free(orig);
}

static void
enospc_case(struct fixture *f, const char *mnt, const char *cmd,
    const char *src, const char *orig)
{
	char *dst = xasprintf("%s/big.log.1.out", mnt);
	struct compressor c;
	char *msg;
	int code;

	lookup(cmd, NULL, &c);
	msg = compress_fails(&c, src, dst, NULL, &code);
	print_message("%s: %s\n", cmd, msg);
	if (strcmp(c.ops->name, "command") != 0)
		assert_int_equal(code, ENOSPC);
	assert_non_null(strstr(msg, src));
	assert_int_equal(count_entries(mnt), 0);
	assert_int_equal(run_shell("cmp -s '%s' '%s'", src, orig), 0);
	(void)f;
	free(msg);
	free(dst);
}

static void
test_enospc(void **state)
{
	struct fixture *f = *state;
	char *mnt = path_in(f, "small"), *src = path_in(f, "big.log.1");
	char *orig = path_in(f, "big.orig");
	static const char *const cmds[] = { "gzip", "xz", "zstd", "/bin/cat" };
	size_t i;

	if (geteuid() != 0)
		unit_skip("mounting a tmpfs needs root");
	assert_int_equal(mkdir(mnt, 0700), 0);
	if (mount("headroom-test", mnt, "tmpfs", 0, "size=256k") < 0) {
		free(mnt);
		unit_skip("cannot mount a tmpfs");
	}
	/* Random data does not compress: 1 MiB cannot fit in 256 KiB. */
	write_random(src, 1 << 20, 12);
	assert_int_equal(run_shell("cp '%s' '%s'", src, orig), 0);
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		enospc_case(f, mnt, cmds[i], src, orig);
	assert_int_equal(umount2(mnt, MNT_DETACH), 0);
	free(mnt);
	free(src);
	free(orig);
}

/* Section 7: many jobs at once on lib/pool. */

struct job {
	const struct compressor *c;
	char *src, *dst;
	int ret;
};

static void
job_run(void *arg, void *ctx)
{
	struct job *j = arg;

	(void)ctx;
	j->ret = compress_file(j->c, j->src, j->dst, NULL, NULL);
}

static void
test_concurrent(void **state)
{
	enum { NJOBS = 12, NCODECS = 3 };
	static const char *const check[NCODECS] = { "cat", "gzip -dc",
		"zstd -dc" };
	struct fixture *f = *state;
	struct compressor codecs[NCODECS];
	struct job jobs[NJOBS];
	struct pool *p = pool_new(4, NULL, 0);
	int i;

	/* An external program, zlib and libarchive side by side. */
	lookup("/bin/cat", WORDS("-u"), &codecs[0]);
	lookup("gzip", NULL, &codecs[1]);
	lookup("zstd", NULL, &codecs[2]);
	for (i = 0; i < NJOBS; i++) {
		jobs[i].c = &codecs[i % NCODECS];
		jobs[i].src = xasprintf("%s/j%d.log", f->dir, i);
		jobs[i].dst = xasprintf("%s/j%d.log.out", f->dir, i);
		write_log(jobs[i].src, 200000 + (size_t)i * 1000, 20 + i);
		pool_submit(p, job_run, &jobs[i]);
	}
	pool_wait(p);
	pool_free(p);
	for (i = 0; i < NJOBS; i++) {
		assert_int_equal(jobs[i].ret, 0);
		assert_int_equal(
		    run_shell("%s < '%s' | cmp -s - '%s'", check[i % NCODECS],
		        jobs[i].dst, jobs[i].src),
		    0);
		free(jobs[i].src);
		free(jobs[i].dst);
	}
	assert_int_equal(count_entries(f->dir), 2 * NJOBS);
}

/*
 * Section 8: one file on many workers.  A file is cut into chunks of
 * COMPRESS_CHUNK bytes, each a gzip member; checked with zlib (an
 * independent inflater that counts members), gzip -t, gzip -l and zcat.
 */

/* The number of gzip members in path, or -1 when it does not inflate. */
static long
count_members(const char *path)
{
	size_t len;
	char *data = read_file(path, &len);
	unsigned char out[65536];
	z_stream zs;
	long members = 0;
	int zr = Z_OK;

	memset(&zs, 0, sizeof(zs));
	assert_int_equal(inflateInit2(&zs, 15 + 16), Z_OK);
	zs.next_in = (unsigned char *)data;
	zs.avail_in = (uInt)len;
	while (zs.avail_in > 0) {
		zs.next_out = out;
		zs.avail_out = sizeof(out);
		zr = inflate(&zs, Z_NO_FLUSH);
		if (zr == Z_STREAM_END) {
			members++;
			inflateReset(&zs);
		} else if (zr != Z_OK) {
			break;
		}
	}
	inflateEnd(&zs);
	free(data);
	return zr == Z_STREAM_END ? members : -1;
}

/*
 * Compresses a log of size bytes with a pool of nworkers (0: none) and
 * checks the output and the bound on chunks held in memory.
 */
static void
check_chunks(struct fixture *f, size_t size, unsigned nworkers)
{
	char *src = path_in(f, "c.log.1"), *dst = path_in(f, "c.log.1.gz");
	struct compress_opts o = COMPRESS_OPTS_INIT;
	struct compress_stats st = { 0, 0, 0, 0 };
	size_t want = size ? (size + COMPRESS_CHUNK - 1) / COMPRESS_CHUNK : 1;
	struct compressor c;

	write_log(src, size, 30 + size % 7);
	lookup(NULL, NULL, &c);
	o.pool = nworkers ? pool_new(nworkers, NULL, 0) : NULL;
	o.stats = &st;
	compress_ok(&c, src, dst, &o);
	pool_free(o.pool);
	print_message("%zu bytes, %u workers: %zu chunks, at most %zu in "
	              "memory, %zu by helpers\n",
	    size, nworkers, st.chunks, st.peak_chunks, st.by_helpers);
	assert_int_equal(st.chunks, want);
	assert_int_equal(count_members(dst), (long)want);
	assert_true(st.peak_chunks >= 1);
	assert_true(st.peak_chunks <= COMPRESS_MAX_CHUNKS(nworkers));
	if (nworkers == 0)
		assert_int_equal(st.by_helpers, 0);
	assert_int_equal(run_shell("gzip -t '%s'", dst), 0);
	assert_int_equal(run_shell("zcat '%s' | cmp -s - '%s'", dst, src), 0);
	/* One member: gzip -l reads the size from its trailer. */
	if (want == 1)
		assert_int_equal(run_shell("gzip -l '%s' | awk 'NR == 2 "
		                           "{ exit $2 != %zu }'",
		                     dst, size),
		    0);
	assert_int_equal(unlink(dst), 0);
	assert_int_equal(unlink(src), 0);
	free(src);
	free(dst);
}

static void
test_chunks(void **state)
{
	struct fixture *f = *state;

	check_chunks(f, 0, 2);
	check_chunks(f, 1000, 2);
	check_chunks(f, COMPRESS_CHUNK, 2);
	check_chunks(f, COMPRESS_CHUNK + 1, 2);
	check_chunks(f, 5 * COMPRESS_CHUNK + COMPRESS_CHUNK / 2, 2);
	check_chunks(f, 5 * COMPRESS_CHUNK + COMPRESS_CHUNK / 2, 0);
	check_chunks(f, 9 * COMPRESS_CHUNK + 1, 4);
}

/*
 * A pool of more workers than cpus: one file's chunks are compressed by
 * at most cpus threads at once (the caller and cpus - 1 helpers), and
 * the output is whole.
 */
static void
test_chunks_cpus(void **state)
{
	struct fixture *f = *state;
	char *src = path_in(f, "u.log.1"), *dst = path_in(f, "u.log.1.gz");
	struct compress_opts o = COMPRESS_OPTS_INIT;
	struct compress_stats st = { 0, 0, 0, 0 };
	struct compressor c;
	unsigned cpus;

	write_log(src, 12 * COMPRESS_CHUNK, 41);
	lookup(NULL, NULL, &c);
	o.pool = pool_new(6, NULL, 0);
	o.stats = &st;
	for (cpus = 1; cpus <= 3; cpus++) {
		o.cpus = cpus;
		compress_ok(&c, src, dst, &o);
		print_message("cpus %u: at most %u helpers, %zu chunks by "
		              "helpers\n",
		    cpus, st.peak_helpers, st.by_helpers);
		assert_true(st.peak_helpers <= cpus - 1);
		if (cpus == 1)
			assert_int_equal(st.by_helpers, 0);
		assert_int_equal(count_members(dst), 12);
		assert_int_equal(
		    run_shell("zcat '%s' | cmp -s - '%s'", dst, src), 0);
		assert_int_equal(unlink(dst), 0);
	}
	pool_free(o.pool);
	assert_int_equal(unlink(src), 0);
	free(src);
	free(dst);
}

/* Many files at once, each of several chunks, on one pool. */
struct chunk_job {
	const struct compressor *c;
	struct pool *pool;
	char *src, *dst;
	struct compress_stats st;
	int ret;
};

static void
chunk_job_run(void *arg, void *ctx)
{
	struct chunk_job *j = arg;
	struct compress_opts o = COMPRESS_OPTS_INIT;

	(void)ctx;
	o.pool = j->pool;
	o.stats = &j->st;
	j->ret = compress_file(j->c, j->src, j->dst, &o, NULL);
}

static void
test_chunks_shared_pool(void **state)
{
	enum { NJOBS = 6, NWORKERS = 3 };
	struct fixture *f = *state;
	struct chunk_job jobs[NJOBS];
	struct pool *p = pool_new(NWORKERS, NULL, 0);
	struct compressor c;
	int i;

	lookup("gzip", WORDS("-1"), &c);
	for (i = 0; i < NJOBS; i++) {
		memset(&jobs[i], 0, sizeof(jobs[i]));
		jobs[i].c = &c;
		jobs[i].pool = p;
		jobs[i].src = xasprintf("%s/s%d.log", f->dir, i);
		jobs[i].dst = xasprintf("%s/s%d.log.gz", f->dir, i);
		write_log(jobs[i].src,
		    (size_t)(i + 1) * COMPRESS_CHUNK - (size_t)i, 40 + i);
	}
	for (i = 0; i < NJOBS; i++)
		pool_submit(p, chunk_job_run, &jobs[i]);
	pool_wait(p);
	pool_free(p);
	for (i = 0; i < NJOBS; i++) {
		assert_int_equal(jobs[i].ret, 0);
		assert_int_equal(jobs[i].st.chunks, (size_t)i + 1);
		assert_true(
		    jobs[i].st.peak_chunks <= COMPRESS_MAX_CHUNKS(NWORKERS));
		assert_int_equal(count_members(jobs[i].dst), i + 1);
		assert_int_equal(run_shell("zcat '%s' | cmp -s - '%s'",
		                     jobs[i].dst, jobs[i].src),
		    0);
		free(jobs[i].src);
		free(jobs[i].dst);
	}
}

/* gzip -1..-9 through compressoptions: the level, XFL and the sizes. */
static void
test_gzip_levels(void **state)
{
	struct fixture *f = *state;
	char *src = path_in(f, "lv.log"), *dst = path_in(f, "lv.log.gz");
	off_t size[10];
	unsigned char h[10];
	char opt[4];
	int level, fd;

	write_log(src, 3 * COMPRESS_CHUNK / 2, 8);
	for (level = 1; level <= 9; level++) {
		struct compressor c;

		snprintf(opt, sizeof(opt), "-%d", level);
		lookup("gzip", WORDS(opt), &c);
		assert_int_equal(c.level, level);
		compress_ok(&c, src, dst, NULL);
		size[level] = file_size(dst);
		fd = open(dst, O_RDONLY);
		assert_int_equal(read(fd, h, sizeof(h)), sizeof(h));
		close(fd);
		assert_int_equal(h[8],
		    level == 9       ? 2
		        : level == 1 ? 4
		                     : 0); /* XFL */
		assert_int_equal(
		    run_shell("zcat '%s' | cmp -s - '%s'", dst, src), 0);
		assert_int_equal(unlink(dst), 0);
	}
	print_message("-1: %jd, -6: %jd, -9: %jd bytes\n", (intmax_t)size[1],
	    (intmax_t)size[6], (intmax_t)size[9]);
	assert_true(size[1] > size[6]);
	assert_true(size[6] > size[9]);
	free(src);
	free(dst);
}

/* xz -T N: liblzma's multi-threaded encoder (block sizes in headers). */
#define XZ_MT_CHECK                                                            \
	"xz --robot -lvv '%s' | awk -F'\\t' "                                  \
	"'$1 == \"block\" && $13 == \"cu\" { n++ } END { exit n == 0 }'"

static void
test_xz_threads(void **state)
{
	struct fixture *f = *state;
	char *src = path_in(f, "t.log"), *dst = path_in(f, "t.log.xz");
	static const char *const opts[] = { "-T1", "-T2", "-T0" };
	struct compressor c;
	size_t i;

	write_log(src, 3 << 20, 9);
	lookup("xz", NULL, &c);
	compress_ok(&c, src, dst, NULL);
	assert_int_not_equal(run_shell(XZ_MT_CHECK, dst), 0);
	assert_int_equal(unlink(dst), 0);
	for (i = 0; i < sizeof(opts) / sizeof(opts[0]); i++) {
		lookup("xz", WORDS(opts[i]), &c);
		compress_ok(&c, src, dst, NULL);
		assert_int_equal(
		    run_shell("xz -dc '%s' | cmp -s - '%s'", dst, src), 0);
		if ((run_shell(XZ_MT_CHECK, dst) == 0) != (i > 0))
			fail_msg("xz %s: multi-threaded blocks or not, wrong",
			    opts[i]);
		assert_int_equal(unlink(dst), 0);
	}
	lookup("zstd", WORDS("-T2"), &c);
	dst[strlen(dst) - 2] = '\0';
	strcat(dst, "zs");
	compress_ok(&c, src, dst, NULL);
	assert_int_equal(
	    run_shell("zstd -dc '%s' | cmp -s - '%s'", dst, src), 0);
	free(src);
	free(dst);
}

/* Section 9: the page cache. */

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
		    test_round_trips, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_decompress_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_gzip_like_gzip, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_gzip_no_name, setup, teardown),
		cmocka_unit_test_setup_teardown(test_levels, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cmd_cat, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_cmd_env_stderr, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_cmd_failures, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refusals, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_attributes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_acl, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_rename_noreplace, setup, teardown),
		cmocka_unit_test_setup_teardown(test_eio, setup, teardown),
		cmocka_unit_test_setup_teardown(test_enospc, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_concurrent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_chunks, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_chunks_cpus, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_chunks_shared_pool, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_gzip_levels, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_xz_threads, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_page_cache, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
