/*
 * Unit tests of lib/fsutil: exclusive create, temp-rename rewrites (also
 * on a full file system), commits that never replace, copies that keep
 * holes, with copy_file_range and with the read/write fallback, reads
 * and writes that go on across short ones.
 * copy_file_range, renameat2, fsync, unlink and write are wrapped with
 * -Wl,--wrap, so that a test can make them fail as an old kernel or a
 * failing disk would.
 *
 * The full-disk case mounts a 64 KiB tmpfs, so it needs root; without it
 * the case is skipped, or fails when HEADROOM_REQUIRE_ALL is set.
 */
#include "config.h"

#include <sys/mount.h>
#include <sys/socket.h>
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
ssize_t __real_write(int, const void *, size_t);
ssize_t __wrap_write(int, const void *, size_t);

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

/* The write seam: EINTR for the next write_eintr calls, then short. */
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

struct fixture {
	char *dir;
	int mounted;
};

static int
setup_dir(void **state)
{
	struct fixture *f = xcalloc(1, sizeof(*f));

	f->dir = tmpdir_new();
	*state = f;
	return 0;
}

static int
teardown_dir(void **state)
{
	struct fixture *f = *state;

	if (f->mounted)
		umount2(f->dir, MNT_DETACH);
	tmpdir_remove(f->dir);
	free(f->dir);
	free(f);
	return 0;
}

static char *
path_in(struct fixture *f, const char *name)
{
	return xasprintf("%s/%s", f->dir, name);
}

static void
test_create_excl(void **state)
{
	struct fixture *f = *state;
	struct hr_error err = HR_ERROR_INIT;
	char *p = path_in(f, "new"), *target = path_in(f, "target");
	char *link = path_in(f, "link"), *dangling = path_in(f, "dangling");
	struct stat st;
	int fd, dfd;

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
	assert_int_equal(access(f->dir, F_OK), 0);
	assert_int_equal(stat(target, &st), 0);
	assert_int_equal(st.st_size, 4);
	/* Relative to a directory descriptor. */
	dfd = open(f->dir, O_RDONLY | O_DIRECTORY);
	assert_true(dfd >= 0);
	fd = fsutil_create_excl(dfd, "rel", 0600, &err);
	assert_true(fd >= 0);
	close(fd);
	close(dfd);
	hr_error_release(&err);
	free(p);
	free(target);
	free(link);
	free(dangling);
}

static void
test_tmp_commit(void **state)
{
	struct fixture *f = *state;
	struct hr_error err = HR_ERROR_INIT;
	struct sbuf tmp = SBUF_INIT, tmp2 = SBUF_INIT;
	char *p = path_in(f, "file.conf"), *prefix, *got;
	struct stat st;
	size_t len;
	int fd, fd2;

	fd = fsutil_tmp_beside(p, 0640, &tmp, &err);
	assert_true(fd >= 0);
	prefix = path_in(f, ".file.conf.");
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
	assert_int_equal(count_entries(f->dir), 1);
	free(got);
	free(prefix);
	free(p);
	sbuf_release(&tmp);
	sbuf_release(&tmp2);
	hr_error_release(&err);
}

/* A rename that fails removes the temporary file and names both. */
static void
test_commit_fails(void **state)
{
	struct fixture *f = *state;
	struct hr_error err = HR_ERROR_INIT;
	struct sbuf tmp = SBUF_INIT;
	char *p = path_in(f, "x"), *bad = path_in(f, "missing/x");
	int fd;

	fd = fsutil_tmp_beside(p, 0600, &tmp, &err);
	assert_true(fd >= 0);
	assert_int_equal(fsutil_commit(fd, tmp.buf, bad, 0, &err), -1);
	assert_int_equal(err.code, ENOENT);
	assert_non_null(strstr(hr_error_text(&err), "cannot rename '"));
	assert_non_null(strstr(hr_error_text(&err), "missing/x'"));
	assert_int_equal(access(tmp.buf, F_OK), -1);
	assert_int_equal(count_entries(f->dir), 0);
	/* A temporary file in a missing directory is an error, too. */
	assert_int_equal(fsutil_tmp_beside(bad, 0600, &tmp, &err), -1);
	assert_int_equal(err.code, ENOENT);
	/* A name too long for a temporary copy is shortened. */
	free(p);
	p = xmalloc(400);
	snprintf(p, 400, "%s/%0250d", f->dir, 0);
	fd = fsutil_tmp_beside(p, 0600, &tmp, &err);
	assert_true(fd >= 0);
	fsutil_abort(fd, tmp.buf);
	assert_int_equal(count_entries(f->dir), 0);
	sbuf_release(&tmp);
	hr_error_release(&err);
	free(p);
	free(bad);
}

static void
test_replace_keeps_mode_owner(void **state)
{
	struct fixture *f = *state;
	struct hr_error err = HR_ERROR_INIT;
	char *p = path_in(f, "state"), *got;
	struct stat st;
	size_t len;

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
	assert_int_equal(count_entries(f->dir), 1);
	/* Empty contents are fine. */
	assert_int_equal(fsutil_replace(p, "", 0, 0600, &err), 0);
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_size, 0);
	free(got);
	free(p);
	hr_error_release(&err);
}

/* A symlink at the target is replaced by a file; its target is untouched. */
static void
test_replace_symlink(void **state)
{
	struct fixture *f = *state;
	struct hr_error err = HR_ERROR_INIT;
	char *p = path_in(f, "link"), *target = path_in(f, "target"), *got;
	struct stat st;
	size_t len;

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
	assert_int_equal(count_entries(f->dir), 2);
	free(p);
	free(target);
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
test_replace_full_fs(void **state)
{
	struct fixture *f = *state;
	struct hr_error err = HR_ERROR_INIT;
	static char orig[8192], big[32768];
	char *p, *filler, *got;
	size_t len, i;

	if (geteuid() != 0)
		unit_skip("mounting a tmpfs needs root");
	if (mount("headroom-test", f->dir, "tmpfs", 0, "size=64k") < 0)
		unit_skip("cannot mount a tmpfs here");
	f->mounted = 1;
	p = path_in(f, "status");
	filler = path_in(f, "filler");
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
	assert_int_equal(count_entries(f->dir), 2);
	free(got);
	/* With room again, the same replace goes through. */
	assert_int_equal(unlink(filler), 0);
	assert_int_equal(fsutil_replace(p, big, sizeof(big), 0600, &err), 0);
	got = read_file(p, &len);
	assert_int_equal(len, sizeof(big));
	assert_memory_equal(got, big, sizeof(big));
	assert_int_equal(count_entries(f->dir), 1);
	free(got);
	free(p);
	free(filler);
	hr_error_release(&err);
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
check_sparse_copy(struct fixture *f, int want_cfr)
{
	struct hr_error err = HR_ERROR_INIT;
	char *src = path_in(f, "sparse"), *dst = path_in(f, "copy");
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
	free(src);
	free(dst);
	hr_error_release(&err);
}

static void
test_copy_sparse(void **state)
{
	cfr_fail_errno = 0;
	check_sparse_copy(*state, 1);
}

/* The read/write fallback, as when copy_file_range is missing (ENOSYS)
 * or crosses file systems on an old kernel (EXDEV). */
static void
test_copy_sparse_fallback(void **state)
{
	cfr_fail_errno = ENOSYS;
	check_sparse_copy(*state, 0);
	teardown_dir(state);
	setup_dir(state);
	cfr_fail_errno = EXDEV;
	check_sparse_copy(*state, 0);
	cfr_fail_errno = 0;
}

/* Copies from the current offset, and into a pipe (holes as zeros). */
static void
test_copy_offset_and_pipe_out(void **state)
{
	struct fixture *f = *state;
	struct hr_error err = HR_ERROR_INIT;
	char *src = path_in(f, "small");
	char buf[32768], want[20480];
	off_t copied = -1;
	int in, pfd[2];
	ssize_t n, got = 0;

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
	free(src);
	hr_error_release(&err);
}

/* A pipe as input: no offsets, no SEEK_DATA, plain read/write. */
static void
test_copy_pipe_in(void **state)
{
	struct fixture *f = *state;
	struct hr_error err = HR_ERROR_INIT;
	char *dst = path_in(f, "from-pipe"), *got;
	char data[40000];
	off_t copied = -1;
	size_t len, i;
	int out, pfd[2];

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
	free(dst);
	hr_error_release(&err);
}

/* Errors name the input and carry errno. */
static void
test_copy_errors(void **state)
{
	struct fixture *f = *state;
	struct hr_error err = HR_ERROR_INIT;
	char *src = path_in(f, "in"), *dst = path_in(f, "ro");
	int in, out;

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
	free(src);
	free(dst);
	hr_error_release(&err);
}

static void
test_fsync_parent(void **state)
{
	struct fixture *f = *state;
	struct hr_error err = HR_ERROR_INIT;
	char *p = path_in(f, "any"), *bad = path_in(f, "nodir/any");

	assert_int_equal(fsutil_fsync_parent(p, &err), 0);
	assert_int_equal(fsutil_fsync_parent("relative-name", &err), 0);
	assert_int_equal(fsutil_fsync_parent("/etc", &err), 0);
	assert_int_equal(fsutil_fsync_parent(bad, &err), -1);
	assert_int_equal(err.code, ENOENT);
	assert_non_null(strstr(hr_error_text(&err), "nodir'"));
	free(p);
	free(bad);
	hr_error_release(&err);
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
check_noreplace(struct fixture *f, int errno_of_renameat2)
{
	struct hr_error err = HR_ERROR_INIT;
	struct sbuf tmp = SBUF_INIT;
	char *p = path_in(f, "new.gz"), *ln = path_in(f, "dangling");
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
	assert_int_equal(count_entries(f->dir), 1);
	/* So is a dangling symlink: never followed, never replaced. */
	assert_int_equal(symlink("nowhere", ln), 0);
	fd = tmp_with(ln, "new\n", &tmp);
	assert_int_equal(fsutil_commit(fd, tmp.buf, ln, fl, &err), -1);
	assert_int_equal(err.code, EEXIST);
	assert_int_equal(lstat(ln, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	assert_int_equal(access(f->dir, F_OK), 0);
	assert_int_equal(count_entries(f->dir), 2);
	/* An absent target is created, with the data and no link left. */
	assert_int_equal(unlink(p), 0);
	fd = tmp_with(p, "new\n", &tmp);
	assert_int_equal(fsutil_commit(fd, tmp.buf, p, fl, &err), 0);
	assert_int_equal(access(tmp.buf, F_OK), -1);
	assert_holds(p, "new\n");
	assert_int_equal(lstat(p, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0640);
	assert_int_equal(count_entries(f->dir), 2);
	/* Every rename went through renameat2 first. */
	assert_int_equal(rename_calls, 3);
	rename_errno = 0;
	free(p);
	free(ln);
	sbuf_release(&tmp);
	hr_error_release(&err);
}

static void
test_noreplace(void **state)
{
	check_noreplace(*state, 0);
}

/* Without RENAME_NOREPLACE (EINVAL; ENOSYS: an old kernel): link + unlink. */
static void
test_noreplace_fallback(void **state)
{
	struct fixture *f = *state;
	char *p = path_in(f, "new.gz"), *ln = path_in(f, "dangling");

	check_noreplace(f, EINVAL);
	assert_int_equal(unlink(p), 0);
	assert_int_equal(unlink(ln), 0);
	check_noreplace(f, ENOSYS);
	free(p);
	free(ln);
}

/*
 * Failures after the data is safe.  The fallback's unlink of tmp fails:
 * the link is taken back.  The directory fsync fails: a new name is
 * taken back (nothing was created); a replaced file cannot be, and path
 * then holds the new data, as documented.
 */
static void
test_noreplace_late_failures(void **state)
{
	struct fixture *f = *state;
	struct hr_error err = HR_ERROR_INIT;
	struct sbuf tmp = SBUF_INIT;
	char *p = path_in(f, "new.gz");
	const unsigned fl = FSUTIL_NOREPLACE | FSUTIL_SYNC_DIR;
	int fd;

	rename_errno = EINVAL;
	fd = tmp_with(p, "new\n", &tmp);
	unlink_fail_at = 1;
	assert_int_equal(fsutil_commit(fd, tmp.buf, p, fl, &err), -1);
	unlink_fail_at = 0;
	rename_errno = 0;
	assert_int_equal(err.code, EIO);
	assert_non_null(strstr(hr_error_text(&err), "cannot remove '"));
	assert_int_equal(access(p, F_OK), -1);
	assert_int_equal(count_entries(f->dir), 0);
	/* fsync 1 is the file's, fsync 2 the directory's. */
	fd = tmp_with(p, "new\n", &tmp);
	fsync_fail_at = 2;
	assert_int_equal(fsutil_commit(fd, tmp.buf, p, fl, &err), -1);
	assert_int_equal(fsync_fail_at, 0);
	assert_int_equal(err.code, EIO);
	assert_non_null(
	    strstr(hr_error_text(&err), "cannot sync the directory of '"));
	assert_non_null(strstr(hr_error_text(&err), "new.gz': "));
	assert_int_equal(count_entries(f->dir), 0);
	/* The file's own fsync: nothing renamed. */
	fd = tmp_with(p, "new\n", &tmp);
	fsync_fail_at = 1;
	assert_int_equal(fsutil_commit(fd, tmp.buf, p, fl, &err), -1);
	assert_int_equal(err.code, EIO);
	assert_int_equal(count_entries(f->dir), 0);
	/* A replace keeps the new data when only the directory fsync fails. */
	put_file(p, "old\n", 4, 0644);
	fd = tmp_with(p, "new\n", &tmp);
	fsync_fail_at = 2;
	assert_int_equal(
	    fsutil_commit(fd, tmp.buf, p, FSUTIL_SYNC_DIR, &err), -1);
	assert_int_equal(err.code, EIO);
	assert_holds(p, "new\n");
	assert_int_equal(count_entries(f->dir), 1);
	free(p);
	sbuf_release(&tmp);
	hr_error_release(&err);
}

/* Short writes and EINTR are retried; a real error is returned. */
static void
test_write_all(void **state)
{
	struct fixture *f = *state;
	char *p = path_in(f, "w"), *got;
	size_t i, len = 100000;
	char *data = xmalloc(len);
	int fd;

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
	free(p);
}

/*
 * fsutil_read_full: reads on across short reads (one record of a
 * SOCK_SEQPACKET socket at a time) up to len or the end of file, and
 * gives a read error back with errno.
 */
static void
test_read_full(void **state)
{
	struct fixture *f = *state;
	char *p = path_in(f, "ten");
	char buf[16];
	int sv[2], fd;

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
	fd = open(f->dir, O_RDONLY | O_DIRECTORY);
	assert_true(fd >= 0);
	errno = 0;
	assert_int_equal(fsutil_read_full(fd, buf, sizeof(buf)), -1);
	assert_int_equal(errno, EISDIR);
	close(fd);
	free(p);
}

#define ACL_XATTR "system.posix_acl_access"

/*
 * fsutil_copy_acl: from a descriptor or a path (a symlink not followed);
 * a source without an ACL, or gone, gives none; a failed set is an
 * error that names the target.
 */
static void
test_copy_acl(void **state)
{
	struct fixture *f = *state;
	struct hr_error err = HR_ERROR_INIT;
	char *src = path_in(f, "src"), *dst = path_in(f, "dst");
	char *link = path_in(f, "link"), *gone = path_in(f, "gone");
	unsigned char got[sizeof(unit_acl_blob) + 16];
	int in, out;

	put_file(src, "x", 1, 0640);
	if (setxattr(src, ACL_XATTR, unit_acl_blob, sizeof(unit_acl_blob), 0) <
	    0) {
		unit_skip("no POSIX ACLs on this file system");
		goto out;
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
out:
	hr_error_release(&err);
	free(src);
	free(dst);
	free(link);
	free(gone);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup_dir, teardown_dir)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_create_excl),
		T(test_tmp_commit),
		T(test_commit_fails),
		T(test_replace_keeps_mode_owner),
		T(test_replace_symlink),
		T(test_replace_full_fs),
		T(test_copy_sparse),
		T(test_copy_sparse_fallback),
		T(test_copy_offset_and_pipe_out),
		T(test_copy_pipe_in),
		T(test_copy_errors),
		T(test_fsync_parent),
		T(test_noreplace),
		T(test_noreplace_fallback),
		T(test_noreplace_late_failures),
		T(test_read_full),
		T(test_write_all),
		T(test_copy_acl),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
