/*
 * fsutil: the safe ways to write files.  Nothing here follows a symlink it
 * creates through, overwrites a file it did not create, or leaves a
 * half-written file under a final name.
 *
 * The rewrite recipe (STYLE.md):
 *	fd = fsutil_tmp_beside(path, 0600, &tmp, &err);
 *	write ...;
 *	fsutil_commit(fd, tmp.buf, path, FSUTIL_SYNC_DIR, &err);
 * and on any failure fsutil_abort(fd, tmp.buf), which removes the
 * temporary file, so a full disk leaves the original as it was.
 */
#ifndef HR_FSUTIL_H
#define HR_FSUTIL_H

#include <sys/types.h>

#include "lib/diag.h"
#include "lib/sbuf.h"

enum fsutil_flags {
	FSUTIL_SYNC_DIR = 1 << 0,  /* fsync the directory after rename */
	FSUTIL_NOREPLACE = 1 << 1, /* never replace an existing path */
};

/*
 * Creates path (relative to dirfd, AT_FDCWD for the cwd) with
 * O_WRONLY|O_CREAT|O_EXCL|O_NOFOLLOW|O_CLOEXEC and mode.  Returns the
 * descriptor or -1 with err set ("cannot create 'path': File exists").
 */
int fsutil_create_excl(
    int dirfd, const char *path, mode_t mode, struct hr_error *err);

/*
 * Creates a new, empty temporary file in the directory of path, named
 * after it (".NAME.XXXXXX", NAME cut to 200 bytes), open for reading and
 * writing, close-on-exec, with exactly mode (set by fchmod, so the umask
 * does not apply).  The name is stored in tmpname.  Returns the
 * descriptor or -1 with err set.
 */
int fsutil_tmp_beside(
    const char *path, mode_t mode, struct sbuf *tmpname, struct hr_error *err);

/*
 * Finishes a rewrite: fsync(fd), close(fd), rename(tmp, path), and, with
 * FSUTIL_SYNC_DIR, fsync of path's directory.  On failure the temporary
 * file is removed, path is untouched, and -1 is returned with err set;
 * only when the final directory fsync fails is path already replaced.
 * fd is closed in every case.
 *
 * FSUTIL_NOREPLACE makes it a create: path is never replaced, whatever
 * it is (a file, a dangling symlink, a file that appeared a moment ago):
 * -1 with err->code EEXIST then ("cannot create 'path': File exists"),
 * tmp removed.  The rename is renameat2(RENAME_NOREPLACE), or link +
 * unlink where the file system lacks it.  With FSUTIL_SYNC_DIR too, a
 * failed directory fsync takes the new path back (unlinks it; err names
 * path: "cannot sync the directory of 'path'", with fsync's errno), so
 * that after any failure nothing was created: the caller never has to
 * tell a failed rename from a failed directory sync.
 */
int fsutil_commit(int fd, const char *tmp, const char *path, unsigned flags,
    struct hr_error *err);

/*
 * Renames from to path unless path exists, whatever it is (a file, a
 * dangling symlink): -1 with err->code EEXIST then ("cannot create
 * 'path': File exists").  Where the file system has no RENAME_NOREPLACE
 * (EINVAL, or ENOSYS from an old kernel), link + unlink gives the same
 * guarantee (should from then not go away, the new link is taken back).
 * On failure path is as before and from is where it was.  Returns 0 or
 * -1 with err set.
 */
int fsutil_rename_noreplace(
    const char *from, const char *path, struct hr_error *err);

/*
 * Reads a and b (files or pipes) from their current offsets to the end
 * and compares them: 0 when they hold the same bytes, 1 when a's are a
 * strict prefix of b's, -1 otherwise or on a read error.  Stops reading at
 * the first difference.
 */
int fsutil_compare_fd(int a, int b);

/* Closes fd (if >= 0) and unlinks tmp (if not NULL), keeping errno. */
void fsutil_abort(int fd, const char *tmp);

/*
 * Replaces path with len bytes of data atomically (tmp, fsync, rename,
 * fsync dir).  A new file gets exactly mode; an existing regular file
 * keeps its mode and, when run as root, its owner and group.  A symlink
 * at path is replaced, not followed.  Returns 0, or -1 with err set
 * (ENOSPC on a full disk) and path unchanged, no temporary file left.
 */
int fsutil_replace(const char *path, const void *data, size_t len, mode_t mode,
    struct hr_error *err);

/*
 * Copies from in (from its current offset) to out until end of file,
 * with copy_file_range where the kernel allows it and read/write where it
 * does not; holes in in stay holes in out (SEEK_DATA/SEEK_HOLE).  *copied
 * (may be NULL) receives the number of bytes of in consumed.  in may be
 * a pipe, and out may be a pipe (holes then come out as zeros); a hole at
 * the end of in is kept by extending out with ftruncate.  Data appended
 * to in during the copy is copied too, up to the end of file seen last.
 * Both offsets end after what was copied.  Returns 0 or -1 with err set
 * ("cannot read 'path'" or "cannot copy 'path'"; path names in, or NULL).
 */
int fsutil_copy_fd(
    int in, int out, off_t *copied, const char *path, struct hr_error *err);

/*
 * read(2) until len bytes are in buf or the end of file is reached,
 * retrying short reads and EINTR.  Returns the number of bytes read (fewer
 * than len only at the end of file), or -1 with errno set on a read error
 * and nothing recorded (the caller names the file in its own message).
 */
ssize_t fsutil_read_full(int fd, void *buf, size_t len);

/*
 * write(2) until all len bytes of buf are written, retrying short writes
 * and EINTR.  Returns 0, or -1 with errno set and nothing recorded (the
 * caller names the file in its own message).
 */
int fsutil_write_all(int fd, const void *buf, size_t len);

/*
 * Sets dir to the directory that holds path, as dirname(1) but without
 * trailing-slash rules: "a/b" -> "a", "/b" -> "/", "b" -> ".".
 */
void fsutil_dir_of(const char *path, struct sbuf *dir);

/*
 * fsync of the directory that holds path ("." for a bare name).  A file
 * system that cannot sync directories (EINVAL) counts as success.
 * Returns 0 or -1 with err set.
 */
int fsutil_fsync_parent(const char *path, struct hr_error *err);

/*
 * Copies the POSIX access ACL of in, or of the file src when in is -1
 * (not followed if a symlink; no read permission needed), to out, as
 * logrotate's createOutputFile does; set the mode afterwards, since the
 * ACL's mask is the group bits.  A file system without ACLs, or a source
 * without one or gone, is no error.  Returns 0 or -1 with err set
 * ("cannot read the ACL for 'dst'", "cannot set the ACL of 'dst'").
 */
int fsutil_copy_acl(
    int in, const char *src, int out, const char *dst, struct hr_error *err);

#endif
