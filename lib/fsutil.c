/*
 * fsutil: create without following, rewrite through a temporary file,
 * copy keeping holes.
 *
 * Every rewrite goes tmp (O_EXCL, beside the target) -> write -> fsync ->
 * rename -> fsync of the directory, so a crash or a full disk leaves
 * either the old or the new file under the final name, never a mix.
 */
#include "config.h"

#include <sys/stat.h>
#include <sys/types.h>
#include <sys/xattr.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/compat.h"
#include "lib/fsutil.h"
#include "lib/xalloc.h"

/* Longest part of the target's name kept in a temporary name. */
#define TMP_BASE_MAX 200
#define COPY_BUF_SIZE (128 * 1024)

/* Sets dir to the directory part of path ("." or "/" when bare). */
void
fsutil_dir_of(const char *path, struct sbuf *dir)
{
	const char *slash = strrchr(path, '/');

	sbuf_setlen(dir, 0);
	if (slash == NULL)
		sbuf_adds(dir, ".");
	else if (slash == path)
		sbuf_adds(dir, "/");
	else
		sbuf_add(dir, path, (size_t)(slash - path));
}

int
fsutil_create_excl(
    int dirfd, const char *path, mode_t mode, struct hr_error *err)
{
	int fd = openat(dirfd, path,
	    O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);

	if (fd < 0)
		return hr_error_set(err, errno, path, 0, "cannot create");
	return fd;
}

int
fsutil_tmp_beside(
    const char *path, mode_t mode, struct sbuf *tmpname, struct hr_error *err)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	size_t baselen = strlen(base);
	int fd;

	sbuf_setlen(tmpname, 0);
	if (slash)
		sbuf_add(tmpname, path, (size_t)(base - path));
	sbuf_addch(tmpname, '.');
	sbuf_add(
	    tmpname, base, baselen < TMP_BASE_MAX ? baselen : TMP_BASE_MAX);
	sbuf_adds(tmpname, ".XXXXXX");
	/* mkostemp opens with O_CREAT|O_EXCL (so never through a link). */
	fd = mkostemp(tmpname->buf, O_CLOEXEC);
	if (fd < 0)
		return hr_error_set(err, errno, tmpname->buf, 0,
		    "cannot create temporary file");
	if (fchmod(fd, mode) < 0) {
		hr_error_set(err, errno, tmpname->buf, 0, "cannot set mode of");
		fsutil_abort(fd, tmpname->buf);
		return -1;
	}
	return fd;
}

int
fsutil_rename_noreplace(
    const char *from, const char *path, struct hr_error *err)
{
	if (renameat2(AT_FDCWD, from, AT_FDCWD, path, RENAME_NOREPLACE) == 0)
		return 0;
	if (errno != EINVAL && errno != ENOSYS)
		return hr_error_set(err, errno, path, 0, "cannot create");
	if (link(from, path) < 0)
		return hr_error_set(err, errno, path, 0, "cannot create");
	if (unlink(from) < 0) {
		hr_error_set(err, errno, from, 0, "cannot remove");
		unlink(path);
		return -1;
	}
	return 0;
}

/*
 * fsync of path's directory once path is in place.  A new name that
 * cannot be made durable is taken back (FSUTIL_NOREPLACE: it is ours).
 */
static int
sync_dir(const char *path, unsigned flags, struct hr_error *err)
{
	if (!(flags & FSUTIL_SYNC_DIR) || fsutil_fsync_parent(path, err) == 0)
		return 0;
	if (flags & FSUTIL_NOREPLACE) {
		hr_error_set(err, err ? err->code : 0, path, 0,
		    "cannot sync the directory of");
		unlink(path);
	}
	return -1;
}

int
fsutil_commit(int fd, const char *tmp, const char *path, unsigned flags,
    struct hr_error *err)
{
	int rc;

	if (fsync(fd) < 0) {
		hr_error_set(err, errno, tmp, 0, "cannot sync");
		fsutil_abort(fd, tmp);
		return -1;
	}
	rc = close(fd);
	if (rc < 0 && errno != EINTR) {
		hr_error_set(err, errno, tmp, 0, "cannot close");
		fsutil_abort(-1, tmp);
		return -1;
	}
	if (flags & FSUTIL_NOREPLACE)
		rc = fsutil_rename_noreplace(tmp, path, err);
	else if ((rc = rename(tmp, path)) < 0)
		hr_error_set(err, errno, path, 0, "cannot rename '%s' to", tmp);
	if (rc < 0) {
		fsutil_abort(-1, tmp);
		return -1;
	}
	return sync_dir(path, flags, err);
}

void
fsutil_abort(int fd, const char *tmp)
{
	int saved = errno;

	if (fd >= 0)
		close(fd);
	if (tmp != NULL)
		unlink(tmp);
	errno = saved;
}

int
fsutil_replace(const char *path, const void *data, size_t len, mode_t mode,
    struct hr_error *err)
{
	struct sbuf tmp = SBUF_INIT;
	struct stat st;
	int have_old, fd, rc = -1;

	/* A symlink at path is replaced, not followed. */
	have_old = lstat(path, &st) == 0 && S_ISREG(st.st_mode);
	fd = fsutil_tmp_beside(
	    path, have_old ? st.st_mode & 07777 : mode, &tmp, err);
	if (fd < 0)
		goto out;
	if (have_old && geteuid() == 0 &&
	    fchown(fd, st.st_uid, st.st_gid) < 0) {
		hr_error_set(err, errno, tmp.buf, 0, "cannot set owner of");
		goto fail;
	}
	/* chown may drop set-id bits: set the mode again. */
	if (have_old && fchmod(fd, st.st_mode & 07777) < 0) {
		hr_error_set(err, errno, tmp.buf, 0, "cannot set mode of");
		goto fail;
	}
	if (fsutil_write_all(fd, data, len) < 0) {
		hr_error_set(err, errno, tmp.buf, 0, "cannot write");
		goto fail;
	}
	rc = fsutil_commit(fd, tmp.buf, path, FSUTIL_SYNC_DIR, err);
	goto out;
fail:
	fsutil_abort(fd, tmp.buf);
out:
	sbuf_release(&tmp);
	return rc;
}

int
fsutil_write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int
fsutil_fsync_parent(const char *path, struct hr_error *err)
{
	struct sbuf dir = SBUF_INIT;
	int fd, rc = 0;

	fsutil_dir_of(path, &dir);
	fd = open(dir.buf, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		rc = hr_error_set(err, errno, dir.buf, 0, "cannot open");
		goto out;
	}
	/* Some file systems cannot sync a directory (EINVAL): nothing to do. */
	if (fsync(fd) < 0 && errno != EINVAL)
		rc = hr_error_set(err, errno, dir.buf, 0, "cannot sync");
	close(fd);
out:
	sbuf_release(&dir);
	return rc;
}

/*
 * Copying.  The input is walked region by region with SEEK_DATA and
 * SEEK_HOLE; a hole becomes a seek in the output (and a final ftruncate
 * when the input ends in one).  Data goes through copy_file_range until
 * the kernel refuses it for these descriptors, then through read/write.
 */
struct copy {
	int in, out;
	int use_cfr;   /* copy_file_range still worth trying */
	int out_seeks; /* out is seekable, so holes can stay holes */
	char *buf;     /* read/write buffer, allocated on first use */
};

/* Whether a copy_file_range error means "not here", not a real error. */
static int
cfr_unsupported(int e)
{
	return e == ENOSYS || e == EXDEV || e == EINVAL || e == EOPNOTSUPP ||
	    e == EBADF || e == ETXTBSY || e == EPERM;
}

/*
 * Copies up to len bytes (all until end of file when len is -1).
 * Returns the number copied, or -1 with errno set; *in_err says whether
 * reading failed.
 */
static off_t
copy_data(struct copy *c, off_t len, int *in_err)
{
	off_t done = 0;
	ssize_t n;

	while (len < 0 || done < len) {
		size_t want = COPY_BUF_SIZE;

		if (len >= 0 && (off_t)want > len - done)
			want = (size_t)(len - done);
		if (c->use_cfr) {
			n = copy_file_range(c->in, NULL, c->out, NULL, want, 0);
			if (n < 0 && cfr_unsupported(errno)) {
				c->use_cfr = 0;
				continue;
			}
			*in_err = 0;
		} else {
			if (c->buf == NULL)
				c->buf = xmalloc(COPY_BUF_SIZE);
			n = read(c->in, c->buf, want);
			*in_err = 1;
			if (n > 0 &&
			    fsutil_write_all(c->out, c->buf, (size_t)n) < 0) {
				*in_err = 0;
				n = -1;
			}
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			break;
		done += n;
	}
	return done;
}

/* Extends out with a hole of len bytes (zeros when out cannot seek). */
static int
skip_hole(struct copy *c, off_t len)
{
	if (c->out_seeks)
		return lseek(c->out, len, SEEK_CUR) < 0 ? -1 : 0;
	if (c->buf == NULL)
		c->buf = xmalloc(COPY_BUF_SIZE);
	memset(c->buf, 0, COPY_BUF_SIZE);
	while (len > 0) {
		size_t n = len < COPY_BUF_SIZE ? (size_t)len : COPY_BUF_SIZE;

		if (fsutil_write_all(c->out, c->buf, n) < 0)
			return -1;
		len -= (off_t)n;
	}
	return 0;
}

/*
 * The next region of in from pos: *data is where data starts (or the
 * end of file), *hole where it ends.  Returns 0, 1 when in has no
 * SEEK_DATA (copy everything as data), or -1 on error.
 */
static int
next_region(int in, off_t pos, off_t *data, off_t *hole)
{
	struct stat st;

	*data = lseek(in, pos, SEEK_DATA);
	if (*data < 0 && errno == ENXIO) {
		/* Only a hole is left, up to the end of file. */
		if (fstat(in, &st) < 0)
			return -1;
		*data = *hole = st.st_size > pos ? st.st_size : pos;
		return 0;
	}
	if (*data < 0)
		return errno == EINVAL || errno == ESPIPE ? 1 : -1;
	*hole = lseek(in, *data, SEEK_HOLE);
	if (*hole < 0 || lseek(in, *data, SEEK_SET) < 0)
		return -1;
	return 0;
}

/* Sets out's size to its offset if it is shorter (a trailing hole). */
static int
finish_hole(struct copy *c)
{
	struct stat st;
	off_t end;

	if (!c->out_seeks)
		return 0;
	end = lseek(c->out, 0, SEEK_CUR);
	if (end < 0 || fstat(c->out, &st) < 0)
		return -1;
	if (S_ISREG(st.st_mode) && st.st_size < end)
		return ftruncate(c->out, end);
	return 0;
}

/* The region walk; returns 0 or -1 with errno and *in_err set. */
static int
copy_regions(struct copy *c, off_t pos, int *in_err)
{
	off_t data, hole, n;
	int r;

	for (;;) {
		*in_err = 1;
		r = next_region(c->in, pos, &data, &hole);
		if (r < 0)
			return -1;
		if (r > 0 || data == hole)
			break;
		*in_err = 0;
		if (skip_hole(c, data - pos) < 0)
			return -1;
		n = copy_data(c, hole - data, in_err);
		if (n < 0)
			return -1;
		pos = data + n;
		if (n < hole - data)
			break; /* the file shrank */
	}
	if (r == 0 && data > pos) {
		*in_err = 0;
		if (skip_hole(c, data - pos) < 0 || finish_hole(c) < 0)
			return -1;
		*in_err = 1;
		if (lseek(c->in, data, SEEK_SET) < 0)
			return -1;
	}
	/* Whatever was appended meanwhile (a log being written). */
	return copy_data(c, -1, in_err) < 0 ? -1 : 0;
}

int
fsutil_copy_fd(
    int in, int out, off_t *copied, const char *path, struct hr_error *err)
{
	struct copy c = { in, out, 1, 0, NULL };
	off_t start, pos;
	int in_err = 0, rc = 0;

	start = lseek(in, 0, SEEK_CUR);
	c.out_seeks = lseek(out, 0, SEEK_CUR) >= 0;
	if (start < 0) {
		/* A pipe: no offsets, no holes, just the bytes. */
		off_t n = copy_data(&c, -1, &in_err);

		if (n < 0)
			rc = -1;
		else if (copied)
			*copied = n;
	} else {
		rc = copy_regions(&c, start, &in_err);
		pos = lseek(in, 0, SEEK_CUR);
		if (rc == 0 && copied)
			*copied = pos - start;
	}
	if (rc < 0)
		hr_error_set(err, errno, path, 0,
		    in_err ? "cannot read" : "cannot copy");
	free(c.buf);
	return rc;
}

/* The POSIX access ACL, stored as an extended attribute (no libacl). */
#define ACL_XATTR "system.posix_acl_access"

/* fgetxattr of in, or lgetxattr of src when in is -1. */
static ssize_t
get_acl(int in, const char *src, char *buf, size_t size)
{
	return in >= 0 ? fgetxattr(in, ACL_XATTR, buf, size)
	               : lgetxattr(src, ACL_XATTR, buf, size);
}

int
fsutil_copy_acl(
    int in, const char *src, int out, const char *dst, struct hr_error *err)
{
	ssize_t n = get_acl(in, src, NULL, 0);
	char *buf;
	int ret = 0;

	/* No ACL support, no ACL, or no source left to have one. */
	if (n < 0 && (errno == ENODATA || errno == ENOTSUP || errno == ENOENT))
		return 0;
	if (n < 0)
		return hr_error_set(
		    err, errno, dst, 0, "cannot read the ACL for");
	buf = xmalloc((size_t)n + 1);
	n = get_acl(in, src, buf, (size_t)n + 1);
	if (n < 0)
		ret =
		    hr_error_set(err, errno, dst, 0, "cannot read the ACL for");
	else if (fsetxattr(out, ACL_XATTR, buf, (size_t)n, 0) < 0 &&
	    errno != ENOTSUP)
		ret = hr_error_set(err, errno, dst, 0, "cannot set the ACL of");
	free(buf);
	return ret;
}

ssize_t
fsutil_read_full(int fd, void *buf, size_t len)
{
	size_t got = 0;
	ssize_t n;

	while (got < len) {
		n = read(fd, (char *)buf + got, len - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			break;
		got += (size_t)n;
	}
	return (ssize_t)got;
}

int
fsutil_compare_fd(int a, int b)
{
	char *x = xmalloc(COPY_BUF_SIZE), *y = xmalloc(COPY_BUF_SIZE);
	ssize_t n, m;
	int rc = -1;

	for (;;) {
		n = fsutil_read_full(a, x, COPY_BUF_SIZE);
		if (n < 0)
			break;
		m = fsutil_read_full(b, y, n > 0 ? (size_t)n : 1);
		if (m < 0 || (n > 0 && (m != n || memcmp(x, y, (size_t)n))))
			break;
		if (n == 0) {
			rc = m == 0 ? 0 : 1;
			break;
		}
	}
	free(x);
	free(y);
	return rc;
}
