/*
 * compat: the only home of portability #ifdefs.  Include it after
 * "config.h" and the system headers it patches.
 */
#ifndef HR_COMPAT_H
#define HR_COMPAT_H

#include <errno.h>
#include <unistd.h>

#ifndef HAVE_COPY_FILE_RANGE
/* No copy_file_range: every caller falls back to read/write. */
static inline ssize_t
copy_file_range(
    int in, off_t *in_off, int out, off_t *out_off, size_t len, unsigned flags)
{
	(void)in;
	(void)in_off;
	(void)out;
	(void)out_off;
	(void)len;
	(void)flags;
	errno = ENOSYS;
	return -1;
}
#endif

#ifndef SEEK_DATA
/* No hole detection: lseek fails with EINVAL and files copy whole. */
#define SEEK_DATA 3
#define SEEK_HOLE 4
#endif

#endif
