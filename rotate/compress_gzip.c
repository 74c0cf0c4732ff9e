/*
 * compress_gzip.c: gzip through zlib, in-process.
 *
 * The header is the one gzip 1.12 writes when its standard input is the
 * log (that is how logrotate runs it): no file name, MTIME = the source's
 * mtime (0 with -n, or when it does not fit in 32 bits, as gzip does), XFL
 * 2 at level 9 and 4 at level 1 (zlib computes the same values as gzip),
 * OS 3 (Unix).  So the first ten bytes, the trailer (CRC-32 and size) and
 * the decompressed data are identical to gzip's.
 *
 * The deflate data itself is NOT byte-identical in general: gzip 1.12
 * carries its own deflate implementation (from 1993), whose block
 * splitting and Huffman tables differ in detail from zlib's, although
 * both use the same level table, a 32 KiB window and 2^15 hash chains
 * (memLevel 8).  Measured here: a one-line file comes out identical, a
 * 1 MiB nginx log differs from the first block header on (byte 12) and
 * is 0.1% larger.  The outputs decompress to the same bytes;
 * tests/unit/test_compress.c holds the size to 1% of the installed gzip.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "lib/xalloc.h"
#include "rotate/compress.h"
#include "rotate/compress_int.h"

#define GZIP_OS_UNIX 3
#define GZIP_WBITS (15 + 16) /* 32 KiB window, gzip wrapper */

/* The MTIME field gzip writes for a standard input that is in_fd. */
static uLong
gzip_stamp(int in_fd, unsigned flags)
{
	struct stat st;

	if (flags & COMPRESSOR_GZIP_NO_TIME)
		return 0;
	if (fstat(in_fd, &st) < 0 || !S_ISREG(st.st_mode))
		return 0;
	if (st.st_mtim.tv_sec <= 0 ||
	    (uintmax_t)st.st_mtim.tv_sec > 0xffffffffu)
		return 0;
	return (uLong)st.st_mtim.tv_sec;
}

static int
zlib_error(int ret, const char *what, const struct compress_opts *o,
    struct hr_error *err)
{
	return hr_error_set(
	    err, 0, compress_subject(o), 0, "%s (zlib %d)", what, ret);
}

/* Runs deflate over one input chunk (flush Z_FINISH at the end). */
static int
deflate_chunk(z_stream *zs, unsigned char *obuf, int flush, int out_fd,
    const struct compress_opts *o, struct hr_error *err)
{
	int ret;

	do {
		zs->next_out = obuf;
		zs->avail_out = COMPRESS_BUFSIZE;
		ret = deflate(zs, flush);
		if (ret == Z_STREAM_ERROR)
			return zlib_error(ret, "cannot compress", o, err);
		if (compress_write_all(out_fd, obuf,
		        COMPRESS_BUFSIZE - zs->avail_out, o, err) < 0)
			return -1;
	} while (zs->avail_out == 0);
	return 0;
}

static int
gzip_compress(const struct compressor *c, int in_fd, int out_fd,
    const struct compress_opts *o, struct hr_error *err)
{
	unsigned char *ibuf = xmalloc(COMPRESS_BUFSIZE);
	unsigned char *obuf = xmalloc(COMPRESS_BUFSIZE);
	gz_header head;
	z_stream zs;
	int flush = Z_NO_FLUSH, ret = -1, zr;

	memset(&zs, 0, sizeof(zs));
	memset(&head, 0, sizeof(head));
	zr = deflateInit2(
	    &zs, c->level, Z_DEFLATED, GZIP_WBITS, 8, Z_DEFAULT_STRATEGY);
	if (zr != Z_OK) {
		zlib_error(zr, "cannot start compressing", o, err);
		goto out_free;
	}
	head.os = GZIP_OS_UNIX;
	head.time = gzip_stamp(in_fd, c->flags);
	if ((zr = deflateSetHeader(&zs, &head)) != Z_OK) {
		zlib_error(zr, "cannot start compressing", o, err);
		goto out;
	}
	while (flush != Z_FINISH) {
		ssize_t n =
		    compress_read(in_fd, ibuf, COMPRESS_BUFSIZE, o, err);

		if (n < 0)
			goto out;
		flush = n == 0 ? Z_FINISH : Z_NO_FLUSH;
		zs.next_in = ibuf;
		zs.avail_in = (uInt)n;
		if (deflate_chunk(&zs, obuf, flush, out_fd, o, err) < 0)
			goto out;
	}
	ret = 0;
out:
	deflateEnd(&zs);
out_free:
	free(ibuf);
	free(obuf);
	return ret;
}

/*
 * Inflates in_fd to out_fd.  Several gzip members one after another (as
 * pigz or `cat a.gz b.gz` make them) are read as gzip -d reads them.
 */
static int
inflate_loop(z_stream *zs, unsigned char *ibuf, unsigned char *obuf, int in_fd,
    int out_fd, const struct compress_opts *o, struct hr_error *err)
{
	int ended = 0, full = 0, zr;

	for (;;) {
		if (zs->avail_in == 0 && !full) {
			ssize_t n = compress_read(
			    in_fd, ibuf, COMPRESS_BUFSIZE, o, err);

			if (n < 0)
				return -1;
			if (n == 0)
				break;
			zs->next_in = ibuf;
			zs->avail_in = (uInt)n;
		}
		zs->next_out = obuf;
		zs->avail_out = COMPRESS_BUFSIZE;
		zr = inflate(zs, Z_NO_FLUSH);
		full = zs->avail_out == 0;
		if (zr == Z_STREAM_END) {
			ended = 1;
			inflateReset(zs);
		} else if (zr == Z_OK) {
			ended = 0;
		} else if (zr != Z_BUF_ERROR || (zs->avail_in && !full)) {
			return hr_error_set(err, 0, compress_subject(o), 0,
			    "corrupt gzip data (%s) in",
			    zs->msg ? zs->msg : "zlib error");
		}
		if (compress_write_all(out_fd, obuf,
		        COMPRESS_BUFSIZE - zs->avail_out, o, err) < 0)
			return -1;
	}
	if (!ended)
		return hr_error_set(err, 0, compress_subject(o), 0,
		    "unexpected end of gzip data in");
	return 0;
}

static int
gzip_decompress(const struct compressor *c, int in_fd, int out_fd,
    const struct compress_opts *o, struct hr_error *err)
{
	unsigned char *ibuf = xmalloc(COMPRESS_BUFSIZE);
	unsigned char *obuf = xmalloc(COMPRESS_BUFSIZE);
	z_stream zs;
	int ret = -1, zr;

	(void)c;
	memset(&zs, 0, sizeof(zs));
	if ((zr = inflateInit2(&zs, GZIP_WBITS)) != Z_OK) {
		zlib_error(zr, "cannot start decompressing", o, err);
		goto out_free;
	}
	ret = inflate_loop(&zs, ibuf, obuf, in_fd, out_fd, o, err);
	inflateEnd(&zs);
out_free:
	free(ibuf);
	free(obuf);
	return ret;
}

const struct compress_ops compress_gzip_ops = {
	"gzip",
	".gz",
	gzip_compress,
	gzip_decompress,
};
