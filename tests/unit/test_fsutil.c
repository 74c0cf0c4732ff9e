/*
 * Unit tests of lib/fsutil: exclusive create, temp-rename rewrites (also
 * on a full file system), syncing a parent directory, copying an ACL.
 * Commits that never replace are in test_fsutil_noreplace.c, copies,
 * reads and writes in test_fsutil_copy.c; this program wraps nothing.
 *
 * The full-disk case mounts a 64 KiB tmpfs, so it needs root; without it
 * the case is skipped, or fails when HEADROOM_REQUIRE_ALL is set.
 */
#include "config.h"

#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/types.h>
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
#include <unistd.h>

#include <cmocka.h>

#include "lib/fsutil.h"
#include "lib/xalloc.h"
#include "tests/unit/unit_util.h"

/* unit_dir_teardown, after the full-disk case's tmpfs is unmounted. */
static int
teardown_umount(void **state)
{
	umount2(unit_dir, MNT_DETACH);
	return unit_dir_teardown(state);
}

static void
test_create_excl(void **unused)
{
	struct hr_error err = HR_ERROR_INIT;
	char *p = P("new"), *target = P("target");
	char *link = P("link"), *dangling = P("dangling");
	struct stat st;
	int fd, dfd;

	(void)unused;
	fd = fsutil_create_excl(AT_FDCWD, p, 0640, &err);
	assert_true(fd >= 0);
	assert_int_equal(fstat(fd, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_true(fcntl(fd, F_GETFD) & FD_CLOEXEC);
	close(fd);
	/* An existing file is refused, and named in the message. */
	assert_int_equal(fsutil_create_excl(AT_FDCWD, p, 0640, &err), -1);
	assert_int_equal(err.code, EEXIST);
	assert_non_null(strstr(hr_error_text(&err), "cannot create '"));
	assert_non_null(strstr(hr_error_text(&err), "new': File exists"));
	/* A symlink is refused, whether or not its target exists. */
	put_file(target, "keep", 4, 0644);
	assert_int_equal(symlink(target, link), 0);
	assert_int_equal(fsutil_create_excl(AT_FDCWD, link, 0600, &err), -1);
	assert_int_equal(err.code, EEXIST);
	assert_int_equal(symlink("nowhere", dangling), 0);
	assert_int_equal(
	    fsutil_create_excl(AT_FDCWD, dangling, 0600, &err), -1);
	assert_int_equal(err.code, EEXIST);
	assert_int_equal(lstat(dangling, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	assert_int_equal(access(unit_dir, F_OK), 0);
	assert_int_equal(stat(target, &st), 0);
	assert_int_equal(st.st_size, 4);
	/* Relative to a directory descriptor. */
	dfd = open(unit_dir, O_RDONLY | O_DIRECTORY);
	assert_true(dfd >= 0);
	fd = fsutil_create_excl(dfd, "rel", 0600, &err);
	assert_true(fd >= 0);
	close(fd);
	close(dfd);
	hr_error_release(&err);
}

static void
test_tmp_commit(void **unused)
{
	struct hr_error err = HR_ERROR_INIT;
	struct sbuf tmp = SBUF_INIT, tmp2 = SBUF_INIT;
	char *p = P("file.conf"), *prefix = P(".file.conf."), *got;
	struct stat st;
	size_t len;
	int fd, fd2;

	(void)unused;
	fd = fsutil_tmp_beside(p, 0640, &tmp, &err);
	assert_true(fd >= 0);
	assert_memory_equal(tmp.buf, prefix, strlen(prefix));
	assert_int_equal(strlen(tmp.buf), strlen(prefix) + 6);
	assert_int_equal(fstat(fd, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0640);
	fd2 = fsutil_tmp_beside(p, 0600, &tmp2, &err);
	assert_true(fd2 >= 0);
	assert_string_not_equal(tmp.buf, tmp2.buf);
	fsutil_abort(fd2, tmp2.buf);
	assert_int_equal(access(tmp2.buf, F_OK), -1);
	assert_int_equal(write(fd, "new\n", 4), 4);
	assert_int_equal(
	    fsutil_commit(fd, tmp.buf, p, FSUTIL_SYNC_DIR, &err), 0);
	assert_int_equal(fcntl(fd, F_GETFD), -1); /* closed */
	got = read_file(p, &len);
	assert_int_equal(len, 4);
	assert_memory_equal(got, "new\n", 4);
	assert_int_equal(count_entries(unit_dir), 1);
	free(got);
	sbuf_release(&tmp);
	sbuf_release(&tmp2);
	hr_error_release(&err);
}

/* A rename that fails removes the temporary file and names both. */
static void
test_commit_fails(void **unused)
{
	struct hr_error err = HR_ERROR_INIT;
	struct sbuf tmp = SBUF_INIT;
	char *p = P("x"), *bad = P("missing/x"), *longname;
	int fd;

	(void)unused;
	fd = fsutil_tmp_beside(p, 0600, &tmp, &err);
	assert_true(fd >= 0);
	assert_int_equal(fsutil_commit(fd, tmp.buf, bad, 0, &err), -1);
	assert_int_equal(err.code, ENOENT);
	assert_non_null(strstr(hr_error_text(&err), "cannot rename '"));
	assert_non_null(strstr(hr_error_text(&err), "missing/x'"));
	assert_int_equal(access(tmp.buf, F_OK), -1);
	assert_int_equal(count_entries(unit_dir), 0);
	/* A temporary file in a missing directory is an error, too. */
	assert_int_equal(fsutil_tmp_beside(bad, 0600, &tmp, &err), -1);
	assert_int_equal(err.code, ENOENT);
	/* A name too long for a temporary copy is shortened. */
	longname = xasprintf("%s/%0250d", unit_dir, 0);
	fd = fsutil_tmp_beside(longname, 0600, &tmp, &err);
	assert_true(fd >= 0);
	fsutil_abort(fd, tmp.buf);
	assert_int_equal(count_entries(unit_dir), 0);
	sbuf_release(&tmp);
	hr_error_release(&err);
	free(longname);
}

static void
test_replace_keeps_mode_owner(void **unused)
{
	struct hr_error err = HR_ERROR_INIT;
	char *p = P("state"), *got;
	struct stat st;
	size_t len;

	(void)unused;
	/* A new file gets the mode asked for, whatever the umask. */
	assert_int_equal(fsutil_replace(p, "one\n", 4, 0604, &err), 0);
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0604);
	/* An existing file keeps its own mode, and its owner as root. */
	assert_int_equal(chmod(p, 0640), 0);
	if (geteuid() == 0)
		assert_int_equal(chown(p, 1234, 5678), 0);
	assert_int_equal(fsutil_replace(p, "two, longer\n", 12, 0600, &err), 0);
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0640);
	if (geteuid() == 0) {
		assert_int_equal(st.st_uid, 1234);
		assert_int_equal(st.st_gid, 5678);
	}
	got = read_file(p, &len);
	assert_int_equal(len, 12);
	assert_memory_equal(got, "two, longer\n", 12);
	assert_int_equal(count_entries(unit_dir), 1);
	/* Empty contents are fine. */
	assert_int_equal(fsutil_replace(p, "", 0, 0600, &err), 0);
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_size, 0);
	free(got);
	hr_error_release(&err);
}

/* A symlink at the target is replaced by a file; its target is untouched. */
static void
test_replace_symlink(void **unused)
{
	struct hr_error err = HR_ERROR_INIT;
	char *p = P("link"), *target = P("target"), *got;
	struct stat st;
	size_t len;

	(void)unused;
	put_file(target, "target", 6, 0644);
	assert_int_equal(symlink(target, p), 0);
	assert_int_equal(fsutil_replace(p, "new", 3, 0600, &err), 0);
	assert_int_equal(lstat(p, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(st.st_mode & 07777, 0600);
	got = read_file(target, &len);
	assert_int_equal(len, 6);
	assert_memory_equal(got, "target", 6);
	free(got);
	assert_int_equal(count_entries(unit_dir), 2);
	hr_error_release(&err);
}

/* Fills the file system of path with a file; returns bytes written. */
static size_t
fill_fs(const char *path)
{
	char chunk[1024];
	size_t total = 0;
	ssize_t n;
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);

	assert_true(fd >= 0);
	memset(chunk, 'f', sizeof(chunk));
	while ((n = write(fd, chunk, sizeof(chunk))) > 0)
		total += (size_t)n;
	assert_int_equal(errno, ENOSPC);
	close(fd);
	return total;
}

/*
 * The no-data-loss promise: on a full file system a replace fails with
 * ENOSPC, the original stays byte for byte, and no temporary is left.
 */
static void
test_replace_full_fs(void **unused)
{
	struct hr_error err = HR_ERROR_INIT;
	static char orig[8192], big[32768];
	char *p = P("status"), *filler = P("filler"), *got;
	size_t len, i;

	(void)unused;
	if (geteuid() != 0)
		unit_skip("mounting a tmpfs needs root");
	if (mount("headroom-test", unit_dir, "tmpfs", 0, "size=64k") < 0)
		unit_skip("cannot mount a tmpfs here");
	for (i = 0; i < sizeof(orig); i++)
		orig[i] = (char)('a' + i % 26);
	memset(big, 'N', sizeof(big));
	put_file(p, orig, sizeof(orig), 0644);
	assert_true(fill_fs(filler) > 0);
	assert_int_equal(fsutil_replace(p, big, sizeof(big), 0600, &err), -1);
	assert_int_equal(err.code, ENOSPC);
	assert_non_null(strstr(hr_error_text(&err), "No space left on device"));
	got = read_file(p, &len);
	assert_int_equal(len, sizeof(orig));
	assert_memory_equal(got, orig, sizeof(orig));
	assert_int_equal(count_entries(unit_dir), 2);
	free(got);
	/* With room again, the same replace goes through. */
	assert_int_equal(unlink(filler), 0);
	assert_int_equal(fsutil_replace(p, big, sizeof(big), 0600, &err), 0);
	got = read_file(p, &len);
	assert_int_equal(len, sizeof(big));
	assert_memory_equal(got, big, sizeof(big));
	assert_int_equal(count_entries(unit_dir), 1);
	free(got);
	hr_error_release(&err);
}

static void
test_fsync_parent(void **unused)
{
	struct hr_error err = HR_ERROR_INIT;
	char *p = P("any"), *bad = P("nodir/any");

	(void)unused;
	assert_int_equal(fsutil_fsync_parent(p, &err), 0);
	assert_int_equal(fsutil_fsync_parent("relative-name", &err), 0);
	assert_int_equal(fsutil_fsync_parent("/etc", &err), 0);
	assert_int_equal(fsutil_fsync_parent(bad, &err), -1);
	assert_int_equal(err.code, ENOENT);
	assert_non_null(strstr(hr_error_text(&err), "nodir'"));
	hr_error_release(&err);
}

#define ACL_XATTR "system.posix_acl_access"

/*
 * fsutil_copy_acl: from a descriptor or a path (a symlink not followed);
 * a source without an ACL, or gone, gives none; a failed set is an
 * error that names the target.
 */
static void
test_copy_acl(void **unused)
{
	struct hr_error err = HR_ERROR_INIT;
	char *src = P("src"), *dst = P("dst");
	char *link = P("link"), *gone = P("gone");
	unsigned char got[sizeof(unit_acl_blob) + 16];
	int in, out;

	(void)unused;
	put_file(src, "x", 1, 0640);
	if (setxattr(src, ACL_XATTR, unit_acl_blob, sizeof(unit_acl_blob), 0) <
	    0) {
		unit_skip("no POSIX ACLs on this file system");
		return;
	}
	assert_int_equal(symlink(src, link), 0);
	out = fsutil_create_excl(AT_FDCWD, dst, 0600, &err);
	assert_true(out >= 0);
	/* A symlink and a missing file have no ACL to give. */
	assert_int_equal(fsutil_copy_acl(-1, link, out, dst, &err), 0);
	assert_int_equal(fsutil_copy_acl(-1, gone, out, dst, &err), 0);
	assert_int_equal(fgetxattr(out, ACL_XATTR, got, sizeof(got)), -1);
	assert_int_equal(errno, ENODATA);
	/* By path. */
	assert_int_equal(fsutil_copy_acl(-1, src, out, dst, &err), 0);
	assert_int_equal(
	    fgetxattr(out, ACL_XATTR, got, sizeof(got)), sizeof(unit_acl_blob));
	assert_memory_equal(got, unit_acl_blob, sizeof(unit_acl_blob));
	close(out);
	assert_int_equal(unlink(dst), 0);
	/* By descriptor; a closed target is an error naming it. */
	in = open(src, O_RDONLY);
	assert_true(in >= 0);
	out = fsutil_create_excl(AT_FDCWD, dst, 0600, &err);
	assert_int_equal(fsutil_copy_acl(in, NULL, out, dst, &err), 0);
	assert_int_equal(
	    fgetxattr(out, ACL_XATTR, got, sizeof(got)), sizeof(unit_acl_blob));
	close(out);
	assert_int_equal(fsutil_copy_acl(in, NULL, out, dst, &err), -1);
	assert_int_equal(err.code, EBADF);
	assert_non_null(strstr(hr_error_text(&err), "cannot set the ACL of '"));
	assert_non_null(strstr(hr_error_text(&err), "dst': Bad file"));
	close(in);
	hr_error_release(&err);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		UNIT_DIR_TEST(test_create_excl),
		UNIT_DIR_TEST(test_tmp_commit),
		UNIT_DIR_TEST(test_commit_fails),
		UNIT_DIR_TEST(test_replace_keeps_mode_owner),
		UNIT_DIR_TEST(test_replace_symlink),
		cmocka_unit_test_setup_teardown(
		    test_replace_full_fs, unit_dir_setup, teardown_umount),
		UNIT_DIR_TEST(test_fsync_parent),
		UNIT_DIR_TEST(test_copy_acl),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
