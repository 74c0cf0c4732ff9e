/*
 * compress_io: the reads and writes of the compression backends
 * (compress_int.h), each error named for the file being compressed.
 * Apart from compress.c, so that a backend calls nothing of the front
 * that chooses it.
 */
#include "config.h"

#include <errno.h>
#include <unistd.h>

#include "lib/fsutil.h"
#include "rotate/compress_int.h"

const char *
compress_subject(const struct compress_opts *o)
{
	return o ? o->src_path : NULL;
}

ssize_t
compress_read(int fd, void *buf, size_t len, const struct compress_opts *o,
    struct hr_error *err)
{
	ssize_t n;

	do
		n = read(fd, buf, len);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		hr_error_set(err, errno, compress_subject(o), 0, "cannot read");
	return n;
}

int
compress_write_all(int fd, const void *buf, size_t len,
    const struct compress_opts *o, struct hr_error *err)
{
	if (fsutil_write_all(fd, buf, len) < 0)
		return hr_error_set(err, errno, compress_subject(o), 0,
		    "cannot write output for");
	return 0;
}
