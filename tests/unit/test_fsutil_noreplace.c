/*
 * Unit tests of lib/fsutil's commits that never replace
 * (FSUTIL_NOREPLACE): with renameat2, through the link + unlink fallback,
 * and the failures that come after the data is safe.
 * renameat2, fsync and unlink are wrapped with -Wl,--wrap, so that a test
 * can make them fail as an old kernel or a failing disk would.
 */
#include "config.h"

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
#include "lib/sbuf.h"
#include "tests/unit/unit_util.h"

/*
 * The renameat2 seam: fail with rename_errno (EINVAL: a file system
 * without RENAME_NOREPLACE) and count the calls.  The fsync and unlink
 * seams fail the Nth call from now with EIO (0: never).
 */
int __real_renameat2(int, const char *, int, const char *, unsigned);
int __wrap_renameat2(int, const char *, int, const char *, unsigned);
int __real_fsync(int);
int __wrap_fsync(int);
int __real_unlink(const char *);
int __wrap_unlink(const char *);

static int rename_errno;
static unsigned rename_calls;
static int fsync_fail_at, unlink_fail_at;

int
__wrap_renameat2(
    int ofd, const char *old, int nfd, const char *new, unsigned flags)
{
	rename_calls++;
	if (rename_errno) {
		errno = rename_errno;
		return -1;
	}
	return __real_renameat2(ofd, old, nfd, new, flags);
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

int
__wrap_unlink(const char *path)
{
	if (unlink_fail_at > 0 && --unlink_fail_at == 0) {
		errno = EIO;
		return -1;
	}
	return __real_unlink(path);
}

/* A temporary file beside p holding text, ready for fsutil_commit. */
static int
tmp_with(const char *p, const char *text, struct sbuf *tmp)
{
	struct hr_error err = HR_ERROR_INIT;
	int fd = fsutil_tmp_beside(p, 0640, tmp, &err);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	hr_error_release(&err);
	return fd;
}

/* Whether path holds exactly text (and is a regular file). */
static void
assert_holds(const char *path, const char *text)
{
	struct stat st;
	size_t len;
	char *got;

	assert_int_equal(lstat(path, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(st.st_nlink, 1);
	got = read_file(path, &len);
	assert_int_equal(len, strlen(text));
	assert_memory_equal(got, text, len);
	free(got);
}

/*
 * FSUTIL_NOREPLACE against an existing target, then an absent one: one
 * pass with renameat2, one through the link + unlink fallback.
 */
static void
check_noreplace(int errno_of_renameat2)
{
	struct hr_error err = HR_ERROR_INIT;
	struct sbuf tmp = SBUF_INIT;
	char *p = P("new.gz"), *ln = P("dangling");
	const unsigned fl = FSUTIL_NOREPLACE | FSUTIL_SYNC_DIR;
	struct stat st;
	int fd;

	rename_errno = errno_of_renameat2;
	rename_calls = 0;
	/* An existing file is kept, the temporary file removed. */
	put_file(p, "old\n", 4, 0644);
	fd = tmp_with(p, "new\n", &tmp);
	assert_int_equal(fsutil_commit(fd, tmp.buf, p, fl, &err), -1);
	assert_int_equal(err.code, EEXIST);
	assert_non_null(strstr(hr_error_text(&err), "cannot create '"));
	assert_non_null(strstr(hr_error_text(&err), "new.gz': File exists"));
	assert_int_equal(fcntl(fd, F_GETFD), -1); /* closed */
	assert_int_equal(access(tmp.buf, F_OK), -1);
	assert_holds(p, "old\n");
	assert_int_equal(count_entries(unit_dir), 1);
	/* So is a dangling symlink: never followed, never replaced. */
	assert_int_equal(symlink("nowhere", ln), 0);
	fd = tmp_with(ln, "new\n", &tmp);
	assert_int_equal(fsutil_commit(fd, tmp.buf, ln, fl, &err), -1);
	assert_int_equal(err.code, EEXIST);
	assert_int_equal(lstat(ln, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	assert_int_equal(access(unit_dir, F_OK), 0);
	assert_int_equal(count_entries(unit_dir), 2);
	/* An absent target is created, with the data and no link left. */
	assert_int_equal(unlink(p), 0);
	fd = tmp_with(p, "new\n", &tmp);
	assert_int_equal(fsutil_commit(fd, tmp.buf, p, fl, &err), 0);
	assert_int_equal(access(tmp.buf, F_OK), -1);
	assert_holds(p, "new\n");
	assert_int_equal(lstat(p, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0640);
	assert_int_equal(count_entries(unit_dir), 2);
	/* Every rename went through renameat2 first. */
	assert_int_equal(rename_calls, 3);
	rename_errno = 0;
	sbuf_release(&tmp);
	hr_error_release(&err);
}

static void
test_noreplace(void **unused)
{
	(void)unused;
	check_noreplace(0);
}

/* Without RENAME_NOREPLACE (EINVAL; ENOSYS: an old kernel): link + unlink. */
static void
test_noreplace_fallback(void **unused)
{
	char *p = P("new.gz"), *ln = P("dangling");

	(void)unused;
	check_noreplace(EINVAL);
	assert_int_equal(unlink(p), 0);
	assert_int_equal(unlink(ln), 0);
	check_noreplace(ENOSYS);
}

/*
 * Failures after the data is safe.  The fallback's unlink of tmp fails:
 * the link is taken back.  The directory fsync fails: a new name is
 * taken back (nothing was created); a replaced file cannot be, and path
 * then holds the new data, as documented.
 */
static void
test_noreplace_late_failures(void **unused)
{
	struct hr_error err = HR_ERROR_INIT;
	struct sbuf tmp = SBUF_INIT;
	char *p = P("new.gz");
	const unsigned fl = FSUTIL_NOREPLACE | FSUTIL_SYNC_DIR;
	int fd;

	(void)unused;
	rename_errno = EINVAL;
	fd = tmp_with(p, "new\n", &tmp);
	unlink_fail_at = 1;
	assert_int_equal(fsutil_commit(fd, tmp.buf, p, fl, &err), -1);
	unlink_fail_at = 0;
	rename_errno = 0;
	assert_int_equal(err.code, EIO);
	assert_non_null(strstr(hr_error_text(&err), "cannot remove '"));
	assert_int_equal(access(p, F_OK), -1);
	assert_int_equal(count_entries(unit_dir), 0);
	/* fsync 1 is the file's, fsync 2 the directory's. */
	fd = tmp_with(p, "new\n", &tmp);
	fsync_fail_at = 2;
	assert_int_equal(fsutil_commit(fd, tmp.buf, p, fl, &err), -1);
	assert_int_equal(fsync_fail_at, 0);
	assert_int_equal(err.code, EIO);
	assert_non_null(
	    strstr(hr_error_text(&err), "cannot sync the directory of '"));
	assert_non_null(strstr(hr_error_text(&err), "new.gz': "));
	assert_int_equal(count_entries(unit_dir), 0);
	/* The file's own fsync: nothing renamed. */
	fd = tmp_with(p, "new\n", &tmp);
	fsync_fail_at = 1;
	assert_int_equal(fsutil_commit(fd, tmp.buf, p, fl, &err), -1);
	assert_int_equal(err.code, EIO);
	assert_int_equal(count_entries(unit_dir), 0);
	/* A replace keeps the new data when only the directory fsync fails. */
	put_file(p, "old\n", 4, 0644);
	fd = tmp_with(p, "new\n", &tmp);
	fsync_fail_at = 2;
	assert_int_equal(
	    fsutil_commit(fd, tmp.buf, p, FSUTIL_SYNC_DIR, &err), -1);
	assert_int_equal(err.code, EIO);
	assert_holds(p, "new\n");
	assert_int_equal(count_entries(unit_dir), 1);
	sbuf_release(&tmp);
	hr_error_release(&err);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		UNIT_DIR_TEST(test_noreplace),
		UNIT_DIR_TEST(test_noreplace_fallback),
		UNIT_DIR_TEST(test_noreplace_late_failures),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
