/*
 * outfile: the -o target (see outfile.h for the rules).
 */
#include "config.h"

#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/fsutil.h"
#include "lib/units.h"
#include "lib/xalloc.h"
#include "scanner/outfile.h"

/* The descriptor that /dev/stdout, /dev/fd/N ... name, or -1. */
static int
named_fd(const char *arg)
{
	static const char *const dirs[] = { "/dev/fd/", "/proc/self/fd/" };
	size_t i, n;
	long v;

	if (strcmp(arg, "/dev/stdout") == 0)
		return 1;
	if (strcmp(arg, "/dev/stderr") == 0)
		return 2;
	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		n = strlen(dirs[i]);
		if (strncmp(arg, dirs[i], n) != 0 ||
		    !units_all_digits(arg + n) || strlen(arg + n) > 9)
			continue;
		v = strtol(arg + n, NULL, 10);
		return (int)v;
	}
	return -1;
}

/* Creates and removes a temporary file beside path: can it be written? */
static int
probe_dir(struct outfile *of, struct hr_error *err)
{
	struct hr_error e = HR_ERROR_INIT;
	int fd = fsutil_tmp_beside(of->path, of->mode, &of->tmp, &e);

	if (fd < 0) {
		hr_error_set(err, e.code, of->arg, 0, "cannot write");
		hr_error_release(&e);
		return -1;
	}
	fsutil_abort(fd, of->tmp.buf);
	sbuf_reset(&of->tmp);
	return 0;
}

static int
prepare_existing(
    struct outfile *of, const struct stat *st, struct hr_error *err)
{
	if (S_ISCHR(st->st_mode) || S_ISFIFO(st->st_mode)) {
		of->kind = OUTFILE_STREAM;
		of->path = xstrdup(of->arg);
		if (access(of->path, W_OK) != 0)
			return hr_error_set(
			    err, errno, of->arg, 0, "cannot write");
		return 0;
	}
	if (S_ISDIR(st->st_mode))
		return hr_error_set(err, EISDIR, of->arg, 0, "cannot write");
	if (!S_ISREG(st->st_mode))
		return hr_error_set(err, 0, of->arg, 0,
		    "not a regular file, character device or FIFO:");
	/* Through a symlink: replace the file it names, keep the link. */
	of->kind = OUTFILE_REPLACE;
	of->path = realpath(of->arg, NULL);
	if (of->path == NULL)
		return hr_error_set(err, errno, of->arg, 0, "cannot write");
	of->mode = st->st_mode & 07777;
	return probe_dir(of, err);
}

int
outfile_prepare(struct outfile *of, const char *arg, struct hr_error *err)
{
	struct stat st;
	int fd;

	of->arg = arg;
	if (arg == NULL || strcmp(arg, "-") == 0) {
		of->kind = OUTFILE_STDOUT;
		return 0;
	}
	if (*arg == '\0')
		return hr_error_set(err, ENOENT, arg, 0, "cannot write");
	fd = named_fd(arg);
	if (fd >= 0) {
		int fl = fcntl(fd, F_GETFL);

		if (fl < 0 || (fl & O_ACCMODE) == O_RDONLY)
			return hr_error_set(err, fl < 0 ? errno : EBADF, arg, 0,
			    "cannot write");
		of->kind = OUTFILE_FD;
		of->fd = fd;
		return 0;
	}
	if (stat(arg, &st) == 0)
		return prepare_existing(of, &st, err);
	if (errno != ENOENT)
		return hr_error_set(err, errno, arg, 0, "cannot write");
	if (lstat(arg, &st) == 0)
		return hr_error_set(err, ENOENT, arg, 0,
		    "cannot write through the dangling symbolic link");
	of->kind = OUTFILE_REPLACE;
	of->path = xstrdup(arg);
	of->mode = 0644;
	return probe_dir(of, err);
}

FILE *
outfile_open(struct outfile *of, struct hr_error *err)
{
	FILE *fp = NULL;
	int fd;

	switch (of->kind) {
	case OUTFILE_STDOUT:
		return stdout;
	case OUTFILE_FD:
		fd = dup(of->fd);
		break;
	case OUTFILE_STREAM:
		fd = open(of->path, O_WRONLY | O_NOCTTY | O_CLOEXEC);
		break;
	case OUTFILE_REPLACE:
	default:
		of->fd = fsutil_tmp_beside(of->path, of->mode, &of->tmp, err);
		if (of->fd < 0)
			return NULL;
		fd = dup(of->fd);
		break;
	}
	if (fd >= 0 && (fp = fdopen(fd, "w")) == NULL)
		close(fd);
	if (fp == NULL) {
		hr_error_set(err, errno, of->arg, 0, "cannot write");
		if (of->kind == OUTFILE_REPLACE) {
			fsutil_abort(of->fd, of->tmp.buf);
			of->fd = -1;
		}
	}
	return fp;
}

/* The rename: only over a regular file, or where nothing is. */
static int
commit(struct outfile *of, struct hr_error *err)
{
	struct stat st;
	unsigned flags = FSUTIL_SYNC_DIR;
	int fd = of->fd;

	of->fd = -1;
	if (lstat(of->path, &st) != 0) {
		flags |= FSUTIL_NOREPLACE;
	} else if (!S_ISREG(st.st_mode)) {
		fsutil_abort(fd, of->tmp.buf);
		return hr_error_set(err, 0, of->arg, 0,
		    "not replaced: no longer a regular file:");
	}
	return fsutil_commit(fd, of->tmp.buf, of->path, flags, err);
}

int
outfile_close(struct outfile *of, FILE *fp, int ok, struct hr_error *err)
{
	int failed = fflush(fp) != 0 || ferror(fp), code = errno;

	if (fp != stdout && fclose(fp) != 0 && !failed) {
		failed = 1;
		code = errno;
	}
	if (failed)
		hr_error_set(err, code, of->arg, 0, "write error on");
	if (of->kind != OUTFILE_REPLACE)
		return failed || !ok ? -1 : 0;
	if (failed || !ok) {
		fsutil_abort(of->fd, of->tmp.buf);
		of->fd = -1;
		return -1;
	}
	return commit(of, err);
}

void
outfile_release(struct outfile *of)
{
	if (of->kind == OUTFILE_REPLACE && of->fd >= 0)
		fsutil_abort(of->fd, of->tmp.buf);
	of->fd = -1;
	free(of->path);
	of->path = NULL;
	sbuf_release(&of->tmp);
}
