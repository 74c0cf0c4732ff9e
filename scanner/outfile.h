/*
 * outfile: where -o sends the report.  Checked before the scan starts, so
 * a bad -o fails at once and names what the user typed; written so that
 * nothing but a regular file is ever replaced.
 *
 *	struct outfile of = OUTFILE_INIT;
 *	if (outfile_prepare(&of, arg, &err) < 0) ... usage error ...
 *	... scan ...
 *	fp = outfile_open(&of, &err); write; outfile_close(&of, fp, &err);
 *	outfile_release(&of);
 *
 * The kinds of target:
 *	"-" (or no -o)		standard output
 *	/dev/stdout, /dev/stderr, /dev/fd/N, /proc/self/fd/N
 *				that descriptor, written straight (not reopened)
 *	a character device or a FIFO (also through a symlink)
 *				opened and written straight, never replaced
 *	a regular file (also through a symlink)
 *				a temporary file beside the real file, fsync,
 *				rename: the link stays a link, the mode stays
 *	a new name		the same, and the rename never replaces
 *	anything else		refused: a directory, a block device, a socket,
 *				a dangling symlink, ""
 */
#ifndef HR_OUTFILE_H
#define HR_OUTFILE_H

#include <sys/types.h>
#include <stdio.h>

#include "lib/diag.h"
#include "lib/sbuf.h"

enum outfile_kind {
	OUTFILE_STDOUT,  /* the process's standard output */
	OUTFILE_FD,      /* a descriptor named by path: dup'ed, written */
	OUTFILE_STREAM,  /* a character device or FIFO: opened, written */
	OUTFILE_REPLACE, /* a regular file or a new name: tmp + rename */
};

struct outfile {
	const char *arg; /* borrowed: the -o argument */
	enum outfile_kind kind;
	int fd;      /* OUTFILE_FD: the descriptor; else the temporary's */
	char *path;  /* owned: the file to open or to replace */
	mode_t mode; /* OUTFILE_REPLACE: of the file replaced, or 0644 */
	struct sbuf tmp;
};
#define OUTFILE_INIT                                                           \
	{                                                                      \
		NULL, OUTFILE_STDOUT, -1, NULL, 0644, SBUF_INIT                \
	}

/*
 * Decides where arg (NULL or "-" for standard output) goes, and checks
 * that it can be written: for a file to replace, a temporary file is
 * created beside it and removed.  Touches nothing else.  Returns 0, or
 * -1 with err set (its path is arg as given, never a temporary name).
 */
int outfile_prepare(struct outfile *of, const char *arg, struct hr_error *err);

/* Opens the target for writing.  Returns a stream, or NULL with err set. */
FILE *outfile_open(struct outfile *of, struct hr_error *err);

/*
 * Closes fp.  When ok and fp had no error, a replaced file is committed
 * (fsync, rename over the real file, fsync of its directory); otherwise
 * the temporary file is removed and the old file stays.  Re-checks the
 * target first: if it is no longer a regular file, nothing is replaced.
 * Returns 0, or -1 with err set.
 */
int outfile_close(struct outfile *of, FILE *fp, int ok, struct hr_error *err);

void outfile_release(struct outfile *of);

#endif
