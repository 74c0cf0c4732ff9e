/*
 * compress_gzip.c: gzip, in-process.  libdeflate compresses (whole
 * chunks, see compress_chunk.c), and zlib where libdeflate's output
 * would be larger than gzip's (below); zlib decompresses (a stream, for
 * mail), because libdeflate only works on whole buffers.
 *
 * Every chunk of COMPRESS_CHUNK bytes becomes one gzip member, with the
 * header gzip 1.12 writes when its standard input is the log (that is
 * how logrotate runs it): no file name, MTIME = the source's mtime (0
 * with -n, or when it does not fit in 32 bits, as gzip does), XFL 2 at
 * level 9 and 4 at level 1, OS 3 (Unix); then the chunk's deflate data,
 * and the trailer (CRC-32 and size).  A log of at most one chunk is
 * therefore a single member whose header and trailer are byte for byte
 * gzip's, and `gzip -l` reads it right.  A larger log is several members
 * one after another: valid gzip (RFC 1952, section 2.2), read whole by
 * gzip -d, zcat, zgrep, zless, pigz, Python's gzip, Go's compress/gzip
 * and Java's GZIPInputStream; only `gzip -l` shows the last member's size
 * as the uncompressed size.
 *
 * The deflate data is not gzip's.  A log of up to COMPRESS_SAMPLE_MIN
 * chunks is compressed by libdeflate at gzip's level (1..9).  A larger
 * one is sampled (compress_int.h): on each sample, and on a chunk whose
 * ratio strays from its sample's, member_choose picks a setting by
 * comparing with zlib at gzip's level (gzip's algorithm: with Debian's
 * zlib, within 0.5% of gzip's size), and the chunks up to the next
 * sample follow.  Measured at level 6 on 1 MiB members of the bench's
 * text (bench/gentext.c), in CPU time against zlib's and size against
 * `gzip -6`: on nginx access and error, application and docker lines,
 * libdeflate's level 5 (0.35 to 0.41 of zlib's time, 0.97 to 0.99 of
 * gzip's size; level 6 would cost 0.47 to 0.51 for 0.92 to 0.95); on
 * package manager lines, where libdeflate's level 6 is 3% larger than
 * gzip's, level 7; on lines of paths alone, 8% larger at level 6 and
 * still 1% at 7, zlib.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libdeflate.h>
#include <zlib.h>

#include "lib/xalloc.h"
#include "rotate/compress.h"
#include "rotate/compress_int.h"

#define GZIP_OS_UNIX 3
#define GZIP_WBITS (15 + 16) /* 32 KiB window, gzip wrapper */
#define GZIP_HEADER 10
#define GZIP_TRAILER 8

/* What every member of one file shares. */
struct gzip_member {
	int level;
	unsigned char header[GZIP_HEADER];
};

/* The MTIME field gzip writes for a standard input that is in_fd. */
static uint32_t
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
	return (uint32_t)st.st_mtim.tv_sec;
}

static void
put_le32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	p[2] = (unsigned char)(v >> 16);
	p[3] = (unsigned char)(v >> 24);
}

/* The header of RFC 1952 as gzip writes it; XFL as gzip (and zlib). */
static void
member_init(struct gzip_member *m, int level, uint32_t mtime)
{
	unsigned char *h = m->header;

	m->level = level;
	h[0] = 0x1f;
	h[1] = 0x8b;
	h[2] = 8; /* deflate */
	h[3] = 0; /* no name, no comment, no extra field */
	put_le32(h + 4, mtime);
	h[8] = level == 9 ? 2 : level == 1 ? 4 : 0;
	h[9] = GZIP_OS_UNIX;
}

/*
 * The settings of a gzip member's deflate data: libdeflate at a level
 * (1..12; the setting is the level), or zlib at the file's level.
 */
#define SETTING_ZLIB 0
#define LIBDEFLATE_LEVELS 12

/* A thread's compressors for one gzip level, each made when first used. */
struct gzip_state {
	struct libdeflate_compressor *ld[LIBDEFLATE_LEVELS + 1];
	z_stream zs;
	int zs_ready;
	unsigned char *scratch; /* member_bound(COMPRESS_CHUNK), to sample */
};

static void *
member_open(const void *arg)
{
	(void)arg;
	return xcalloc(1, sizeof(struct gzip_state));
}

static void
member_close(void *state)
{
	struct gzip_state *g = state;
	int k;

	for (k = 0; k <= LIBDEFLATE_LEVELS; k++)
		if (g->ld[k])
			libdeflate_free_compressor(g->ld[k]);
	if (g->zs_ready)
		deflateEnd(&g->zs);
	free(g->scratch);
	free(g);
}

static size_t
member_bound(const void *arg, size_t n)
{
	size_t ld = libdeflate_deflate_compress_bound(NULL, n);
	size_t z = deflateBound(NULL, (uLong)n);

	(void)arg;
	return GZIP_HEADER + (ld > z ? ld : z) + GZIP_TRAILER;
}

/* zlib's raw deflate of in[0..n) at level; 0 when it does not fit. */
static size_t
zlib_run(struct gzip_state *g, int level, const unsigned char *in, size_t n,
    unsigned char *out, size_t cap)
{
	if (!g->zs_ready) {
		if (deflateInit2(&g->zs, level, Z_DEFLATED, -15, 8,
		        Z_DEFAULT_STRATEGY) != Z_OK)
			return 0;
		g->zs_ready = 1;
	} else if (deflateReset(&g->zs) != Z_OK) {
		return 0;
	}
	g->zs.next_in = (unsigned char *)in;
	g->zs.avail_in = (uInt)n;
	g->zs.next_out = out;
	g->zs.avail_out = (uInt)cap;
	if (deflate(&g->zs, Z_FINISH) != Z_STREAM_END)
		return 0;
	return cap - g->zs.avail_out;
}

/* One member: header, the chunk's deflate data, CRC-32 and size. */
static size_t
member_run(void *state, const void *arg, int setting, const unsigned char *in,
    size_t n, unsigned char *out, size_t cap)
{
	const struct gzip_member *m = arg;
	struct gzip_state *g = state;
	size_t len, room = cap - GZIP_HEADER - GZIP_TRAILER;

	memcpy(out, m->header, GZIP_HEADER);
	len = 0;
	if (setting == SETTING_ZLIB) {
		len = zlib_run(g, m->level, in, n, out + GZIP_HEADER, room);
		/* zlib out of memory: libdeflate at the level instead. */
		if (len == 0 && !g->zs_ready)
			setting = m->level;
	}
	if (setting != SETTING_ZLIB) {
		if (g->ld[setting] == NULL &&
		    (g->ld[setting] = libdeflate_alloc_compressor(setting)) ==
		        NULL)
			return 0;
		len = libdeflate_deflate_compress(
		    g->ld[setting], in, n, out + GZIP_HEADER, room);
	}
	if (len == 0)
		return 0;
	len += GZIP_HEADER;
	put_le32(out + len, libdeflate_crc32(0, in, n));
	put_le32(out + len + 4, (uint32_t)n);
	return len + GZIP_TRAILER;
}

/*
 * The first of libdeflate one level below, at, then one above the
 * file's level (within 1..9) whose member is no larger than zlib's at
 * the file's level, else zlib.  That order is libdeflate's from fastest
 * to slowest; zlib comes last because where every candidate is larger
 * than zlib's, libdeflate's next levels (8 and up) cost 1.5 to 3.4 times
 * zlib's time on such text (measured with libdeflate 1.14 on lines of
 * paths, dpkg and update-alternatives), and level 7 0.7 to 1.05 times.  On a chunk
 * that strayed from its sample with setting cur, out already holds its
 * member: kept if no larger than zlib's, else only the levels above cur
 * are tried (a lower one would be larger still); when cur is zlib, its
 * member is the yardstick.  Without zlib (out of memory), libdeflate at
 * the file's level, as for a small file.
 */
static int
member_choose(void *state, const void *arg, int cur, const unsigned char *in,
    size_t n, unsigned char *out, size_t cap, size_t *n_out)
{
	const struct gzip_member *m = arg;
	struct gzip_state *g = state;
	size_t z, len, room = member_bound(arg, COMPRESS_CHUNK);
	int level = m->level > 1 ? m->level - 1 : 1;
	unsigned char *yard, *try;

	if (g->scratch == NULL)
		g->scratch = xmalloc(room);
	if (cur == SETTING_ZLIB && *n_out) {
		yard = out; /* the yardstick is there already */
		try = g->scratch;
		z = *n_out;
	} else {
		yard = g->scratch;
		try = out;
		z = member_run(state, arg, SETTING_ZLIB, in, n, yard, room);
		/* No zlib: member_run made libdeflate's at the level. */
		if (z == 0 || !g->zs_ready) {
			memcpy(out, yard, z);
			*n_out = z;
			return m->level;
		}
		if (cur > 0 && *n_out && *n_out <= z)
			return cur;
		if (cur > 0)
			level = cur + 1;
	}
	for (; level <= m->level + 1 && level <= 9; level++) {
		len = member_run(state, arg, level, in, n, try, room);
		if (len != 0 && len <= z) {
			if (try != out)
				memcpy(out, try, len);
			*n_out = len;
			return level;
		}
	}
	if (yard != out)
		memcpy(out, yard, z);
	*n_out = z;
	return SETTING_ZLIB;
}

static int
gzip_compress(const struct compressor *c, int in_fd, int out_fd,
    const struct compress_opts *o, struct hr_error *err)
{
	struct gzip_member m;
	struct chunk_codec cc = { &m, c->level, c->level, member_open,
		member_close, member_bound, member_run, member_choose };

	member_init(&m, c->level, gzip_stamp(in_fd, c->flags));
	return compress_chunked(&cc, in_fd, out_fd, o, err);
}

static int
zlib_error(int ret, const char *what, const struct compress_opts *o,
    struct hr_error *err)
{
	return hr_error_set(
	    err, 0, compress_subject(o), 0, "%s (zlib %d)", what, ret);
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
