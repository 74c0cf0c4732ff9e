/*
 * compress_int.h: what the backends of compress.h share.  Not for use
 * outside rotate/compress*.c.
 */
#ifndef HR_COMPRESS_INT_H
#define HR_COMPRESS_INT_H

#include <sys/types.h>

#include "lib/diag.h"
#include "rotate/compress.h"

/* Size of the read and write buffers of the in-process backends. */
#define COMPRESS_BUFSIZE (128 * 1024)

/* The backends' operation tables. */
extern const struct compress_ops compress_gzip_ops;
extern const struct compress_ops compress_bzip2_ops;
extern const struct compress_ops compress_lz4_ops;
extern const struct compress_ops compress_xz_ops;
extern const struct compress_ops compress_zstd_ops;
extern const struct compress_ops compress_cmd_ops;

/* The file an error is about: o->src_path, or NULL when o is NULL. */
const char *compress_subject(const struct compress_opts *o);

/*
 * read(2) of the input, retried on EINTR.  Returns the byte count, 0 at
 * end, or -1 with err set ("cannot read 'F': ...").  o and err may be NULL.
 */
ssize_t compress_read(int fd, void *buf, size_t len,
    const struct compress_opts *o, struct hr_error *err);

/*
 * Writes all len bytes to fd (retrying short writes and EINTR).  Returns
 * 0, or -1 with err set ("cannot write output for 'F': ...").
 */
int compress_write_all(int fd, const void *buf, size_t len,
    const struct compress_opts *o, struct hr_error *err);

#endif
