/*
 * Unit tests of lib/fsutil's copies, reads and writes: copies that keep
 * holes, with copy_file_range and with the read/write fallback, from and
 * into pipes; reads and writes that go on across short ones.
 * copy_file_range and write are wrapped with -Wl,--wrap, so that a test
 * can make them fail or fall short as an old kernel or a slow pipe would.
 */
#include "config.h"

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "lib/fsutil.h"
#include "lib/xalloc.h"
#include "tests/unit/unit_util.h"

/* The copy_file_range seam: count calls, or fail like an old kernel. */
ssize_t __real_copy_file_range(int, off_t *, int, off_t *, size_t, unsigned);
ssize_t __wrap_copy_file_range(int, off_t *, int, off_t *, size_t, unsigned);

static int cfr_fail_errno; /* 0: call the real one */
static unsigned cfr_calls, cfr_ok;

ssize_t
__wrap_copy_file_range(
    int in, off_t *in_off, int out, off_t *out_off, size_t len, unsigned flags)
{
	ssize_t n;

	cfr_calls++;
	if (cfr_fail_errno) {
		errno = cfr_fail_errno;
		return -1;
	}
	n = __real_copy_file_range(in, in_off, out, out_off, len, flags);
	if (n > 0)
		cfr_ok++;
	return n;
}

/* The write seam: EINTR for the next write_eintr calls, then short. */
ssize_t __real_write(int, const void *, size_t);
ssize_t __wrap_write(int, const void *, size_t);
static int write_eintr;
static size_t write_max; /* 0: no limit */

ssize_t
__wrap_write(int fd, const void *buf, size_t len)
{
	if (write_eintr > 0) {
		write_eintr--;
		errno = EINTR;
		return -1;
	}
	if (write_max > 0 && len > write_max)
		len = write_max;
	return __real_write(fd, buf, len);
}

/*
 * A sparse file: hole, 4 KiB of data, hole, 4 KiB of data, hole to the
 * end (each hole 1 MiB).  Returns its descriptor, open for reading.
 */
static int
make_sparse(const char *path)
{
	char data[4096];
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

	assert_true(fd >= 0);
	memset(data, 'D', sizeof(data));
	assert_int_equal(pwrite(fd, data, sizeof(data), 1 << 20), 4096);
	memset(data, 'E', sizeof(data));
	assert_int_equal(
	    pwrite(fd, data, sizeof(data), (2 << 20) + 4096), 4096);
	assert_int_equal(ftruncate(fd, (3 << 20) + 8192), 0);
	return fd;
}

/* Copies a sparse file and checks bytes, size and allocated blocks. */
static void
check_sparse_copy(int want_cfr)
{
	struct hr_error err = HR_ERROR_INIT;
	char *src = P("sparse"), *dst = P("copy");
	char *a, *b;
	struct stat sa, sb;
	size_t la, lb;
	off_t copied = -1;
	int in, out;

	in = make_sparse(src);
	assert_int_equal(fstat(in, &sa), 0);
	if (sa.st_blocks * 512 >= sa.st_size)
		unit_skip("this file system keeps no holes");
	out = fsutil_create_excl(AT_FDCWD, dst, 0600, &err);
	assert_true(out >= 0);
	cfr_calls = cfr_ok = 0;
	assert_int_equal(fsutil_copy_fd(in, out, &copied, src, &err), 0);
	assert_true(copied == sa.st_size);
	assert_true(lseek(in, 0, SEEK_CUR) == sa.st_size);
	assert_int_equal(fstat(out, &sb), 0);
	assert_true(sb.st_size == sa.st_size);
	/* Holes stayed holes: no more blocks than the source uses. */
	assert_true(sb.st_blocks <= sa.st_blocks);
	assert_true(cfr_calls > 0);
	assert_true(want_cfr ? cfr_ok > 0 : cfr_ok == 0);
	close(in);
	close(out);
	a = read_file(src, &la);
	b = read_file(dst, &lb);
	assert_int_equal(la, lb);
	assert_memory_equal(a, b, la);
	free(a);
	free(b);
	hr_error_release(&err);
}

static void
test_copy_sparse(void **unused)
{
	(void)unused;
	cfr_fail_errno = 0;
	check_sparse_copy(1);
}

/* The read/write fallback, as when copy_file_range is missing (ENOSYS)
 * or crosses file systems on an old kernel (EXDEV). */
static void
test_copy_sparse_fallback(void **state)
{
	cfr_fail_errno = ENOSYS;
	check_sparse_copy(0);
	unit_dir_teardown(state);
	unit_dir_setup(state);
	cfr_fail_errno = EXDEV;
	check_sparse_copy(0);
	cfr_fail_errno = 0;
}

/* Copies from the current offset, and into a pipe (holes as zeros). */
static void
test_copy_offset_and_pipe_out(void **unused)
{
	struct hr_error err = HR_ERROR_INIT;
	char *src = P("small");
	char buf[32768], want[20480];
	off_t copied = -1;
	int in, pfd[2];
	ssize_t n, got = 0;

	(void)unused;
	in = open(src, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	assert_true(in >= 0);
	memset(want, 0, sizeof(want));
	memset(want + 8192, 'x', 4096);
	assert_int_equal(pwrite(in, want + 8192, 4096, 8192), 4096);
	assert_int_equal(ftruncate(in, sizeof(want)), 0);
	assert_int_equal(pipe(pfd), 0);
	assert_true(lseek(in, 100, SEEK_SET) == 100);
	assert_int_equal(fsutil_copy_fd(in, pfd[1], &copied, src, &err), 0);
	assert_true(copied == (off_t)sizeof(want) - 100);
	close(pfd[1]);
	while ((n = read(pfd[0], buf + got, sizeof(buf) - (size_t)got)) > 0)
		got += n;
	assert_int_equal(got, sizeof(want) - 100);
	assert_memory_equal(buf, want + 100, sizeof(want) - 100);
	close(pfd[0]);
	close(in);
	hr_error_release(&err);
}

/* A pipe as input: no offsets, no SEEK_DATA, plain read/write. */
static void
test_copy_pipe_in(void **unused)
{
	struct hr_error err = HR_ERROR_INIT;
	char *dst = P("from-pipe"), *got;
	char data[40000];
	off_t copied = -1;
	size_t len, i;
	int out, pfd[2];

	(void)unused;
	for (i = 0; i < sizeof(data); i++)
		data[i] = (char)(i * 7);
	assert_int_equal(pipe(pfd), 0);
	assert_int_equal(write(pfd[1], data, sizeof(data)), sizeof(data));
	close(pfd[1]);
	out = fsutil_create_excl(AT_FDCWD, dst, 0600, &err);
	assert_true(out >= 0);
	assert_int_equal(fsutil_copy_fd(pfd[0], out, &copied, "pipe", &err), 0);
	assert_true(copied == (off_t)sizeof(data));
	close(out);
	close(pfd[0]);
	got = read_file(dst, &len);
	assert_int_equal(len, sizeof(data));
	assert_memory_equal(got, data, sizeof(data));
	free(got);
	hr_error_release(&err);
}

/* Errors name the input and carry errno. */
static void
test_copy_errors(void **unused)
{
	struct hr_error err = HR_ERROR_INIT;
	char *src = P("in"), *dst = P("ro");
	int in, out;

	(void)unused;
	put_file(src, "some bytes", 10, 0644);
	put_file(dst, "", 0, 0644);
	in = open(src, O_RDONLY | O_CLOEXEC);
	out = open(dst, O_RDONLY | O_CLOEXEC); /* not writable */
	assert_int_equal(fsutil_copy_fd(in, out, NULL, src, &err), -1);
	assert_int_equal(err.code, EBADF);
	assert_non_null(strstr(hr_error_text(&err), "in': "));
	close(out);
	out = open(dst, O_WRONLY | O_CLOEXEC);
	assert_int_equal(fsutil_copy_fd(out, in, NULL, dst, &err), -1);
	assert_int_equal(err.code, EBADF);
	assert_non_null(strstr(hr_error_text(&err), "cannot read '"));
	close(in);
	close(out);
	hr_error_release(&err);
}

/* Short writes and EINTR are retried; a real error is returned. */
static void
test_write_all(void **unused)
{
	char *p = P("w"), *got;
	size_t i, len = 100000;
	char *data = xmalloc(len);
	int fd;

	(void)unused;
	for (i = 0; i < len; i++)
		data[i] = (char)(i * 7 + i / 251);
	fd = open(p, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	assert_true(fd >= 0);
	write_eintr = 3;
	write_max = 4093;
	assert_int_equal(fsutil_write_all(fd, data, len), 0);
	assert_int_equal(write_eintr, 0);
	write_max = 0;
	assert_int_equal(fsutil_write_all(fd, data, 0), 0);
	assert_int_equal(close(fd), 0);
	got = read_file(p, &i);
	assert_int_equal(i, len);
	assert_memory_equal(got, data, len);
	errno = 0;
	assert_int_equal(fsutil_write_all(fd, data, 1), -1);
	assert_int_equal(errno, EBADF);
	free(got);
	free(data);
}

/*
 * fsutil_read_full: reads on across short reads (one record of a
 * SOCK_SEQPACKET socket at a time) up to len or the end of file, and
 * gives a read error back with errno.
 */
static void
test_read_full(void **unused)
{
	char *p = P("ten");
	char buf[16];
	int sv[2], fd;

	(void)unused;
	assert_int_equal(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv), 0);
	assert_int_equal(write(sv[1], "abc", 3), 3);
	assert_int_equal(write(sv[1], "defg", 4), 4);
	assert_int_equal(write(sv[1], "hi", 2), 2);
	assert_int_equal(fsutil_read_full(sv[0], buf, 7), 7);
	assert_memory_equal(buf, "abcdefg", 7);
	close(sv[1]);
	/* The end of file comes first: fewer than asked. */
	assert_int_equal(fsutil_read_full(sv[0], buf, sizeof(buf)), 2);
	assert_memory_equal(buf, "hi", 2);
	assert_int_equal(fsutil_read_full(sv[0], buf, sizeof(buf)), 0);
	close(sv[0]);
	/* A file: from the current offset, which ends after what was read. */
	put_file(p, "0123456789", 10, 0600);
	fd = open(p, O_RDONLY);
	assert_true(fd >= 0);
	assert_int_equal(fsutil_read_full(fd, buf, 0), 0);
	assert_int_equal(fsutil_read_full(fd, buf, 4), 4);
	assert_memory_equal(buf, "0123", 4);
	assert_int_equal(fsutil_read_full(fd, buf, sizeof(buf)), 6);
	assert_memory_equal(buf, "456789", 6);
	close(fd);
	/* A descriptor that cannot be read. */
	fd = open(unit_dir, O_RDONLY | O_DIRECTORY);
	assert_true(fd >= 0);
	errno = 0;
	assert_int_equal(fsutil_read_full(fd, buf, sizeof(buf)), -1);
	assert_int_equal(errno, EISDIR);
	close(fd);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		UNIT_DIR_TEST(test_copy_sparse),
		UNIT_DIR_TEST(test_copy_sparse_fallback),
		UNIT_DIR_TEST(test_copy_offset_and_pipe_out),
		UNIT_DIR_TEST(test_copy_pipe_in),
		UNIT_DIR_TEST(test_copy_errors),
		UNIT_DIR_TEST(test_read_full),
		UNIT_DIR_TEST(test_write_all),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
