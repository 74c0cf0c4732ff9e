/*
 * test_compress_safety: what compress_file refuses (a FIFO, an existing
 * target) and what it copies (owner, mode, ACL), a rename that never
 * replaces, I/O errors and a full disk (-Wl,--wrap=renameat2, write
 * and fsync), and compressors that cannot be made (--wrap=deflateInit2_
 * and libdeflate_alloc_compressor): the source stays whole and nothing
 * is left behind.
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
#include "tests/unit/compress_test_util.h"
#include "tests/unit/unit_util.h"

/* Section 1: what compress_file refuses, and what it copies. */

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
 * Section 2: the rename that never replaces.  renameat2 is wrapped
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

/* Section 3: a full disk. */

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

/*
 * Section 4: compressors that cannot be made (out of memory), wrapped:
 * zlib's deflateInit2 (the macro calls deflateInit2_) and libdeflate's
 * allocator fail while their knob is set.
 */
int __real_deflateInit2_(z_streamp, int, int, int, int, int, const char *, int);
int __wrap_deflateInit2_(z_streamp, int, int, int, int, int, const char *, int);
struct libdeflate_compressor *__real_libdeflate_alloc_compressor(int);
struct libdeflate_compressor *__wrap_libdeflate_alloc_compressor(int);

static int zlib_fails, zlib_calls, libdeflate_fails, libdeflate_calls;

int
__wrap_deflateInit2_(z_streamp zs, int level, int method, int bits, int mem,
    int strategy, const char *version, int size)
{
	zlib_calls++;
	if (zlib_fails)
		return Z_MEM_ERROR;
	return __real_deflateInit2_(
	    zs, level, method, bits, mem, strategy, version, size);
}

struct libdeflate_compressor *
__wrap_libdeflate_alloc_compressor(int level)
{
	libdeflate_calls++;
	if (libdeflate_fails)
		return NULL;
	return __real_libdeflate_alloc_compressor(level);
}

/*
 * Levels 2 and 3, which no other test here uses, so that no compressor
 * is left from before (a thread keeps its own between files).  Each
 * failure: the error names the log, the source is whole, nothing is
 * left behind.
 */
static void
test_no_compressor(void **state)
{
	struct fixture *f = *state;
	char *small = path_in(f, "small.log"), *big = path_in(f, "big.log");
	char *dst = path_in(f, "out.gz"), *orig = path_in(f, "big.orig");
	struct compressor c2, c3;
	char *msg;
	int code;

	write_log(small, 3 << 20, 61);
	write_log(big, (COMPRESS_SAMPLE_MIN + 2) * COMPRESS_CHUNK, 62);
	assert_int_equal(run_shell("cp '%s' '%s'", big, orig), 0);
	lookup("gzip", WORDS("-2"), &c2);
	lookup("gzip", WORDS("-3"), &c3);
	/* No libdeflate: a small log (no sample) cannot be compressed. */
	libdeflate_fails = 1;
	libdeflate_calls = 0;
	msg = compress_fails(&c2, small, dst, NULL, &code);
	print_message("%s\n", msg);
	assert_int_equal(code, ENOMEM);
	assert_non_null(strstr(msg, small));
	assert_true(libdeflate_calls > 0);
	free(msg);
	/* Neither: nor can a large one. */
	zlib_fails = 1;
	zlib_calls = 0;
	msg = compress_fails(&c2, big, dst, NULL, &code);
	assert_int_equal(code, ENOMEM);
	assert_non_null(strstr(msg, big));
	assert_true(zlib_calls > 0);
	assert_int_equal(run_shell("cmp -s '%s' '%s'", big, orig), 0);
	free(msg);
	/* No zlib: the sample falls back to libdeflate at the level. */
	libdeflate_fails = 0;
	compress_ok(&c2, big, dst, NULL);
	assert_int_equal(run_shell("zcat '%s' | cmp -s - '%s'", dst, big), 0);
	assert_int_equal(unlink(dst), 0);
	/* No libdeflate: the sample chooses zlib. */
	zlib_fails = 0;
	libdeflate_fails = 1;
	compress_ok(&c3, big, dst, NULL);
	libdeflate_fails = 0;
	assert_int_equal(run_shell("zcat '%s' | cmp -s - '%s'", dst, big), 0);
	assert_int_equal(unlink(dst), 0);
	/* The logs and the copy, nothing else. */
	assert_int_equal(count_entries(f->dir), 3);
	free(orig);
	free(small);
	free(big);
	free(dst);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_refusals, compress_setup, compress_teardown),
		cmocka_unit_test_setup_teardown(
		    test_attributes, compress_setup, compress_teardown),
		cmocka_unit_test_setup_teardown(
		    test_acl, compress_setup, compress_teardown),
		cmocka_unit_test_setup_teardown(
		    test_rename_noreplace, compress_setup, compress_teardown),
		cmocka_unit_test_setup_teardown(
		    test_eio, compress_setup, compress_teardown),
		cmocka_unit_test_setup_teardown(
		    test_enospc, compress_setup, compress_teardown),
		cmocka_unit_test_setup_teardown(
		    test_no_compressor, compress_setup, compress_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
