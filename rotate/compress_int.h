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

/*
 * The chunks of compress_chunked: a large input is cut into chunks of
 * COMPRESS_CHUNK bytes (the last one shorter), each compressed on its own
 * into a self-contained piece (a gzip member), and the pieces are written
 * in order.  An input of at most one chunk gives exactly one piece.
 */
#define COMPRESS_CHUNK (1024 * 1024)

/*
 * A codec that compresses whole chunks.  Any thread may run it: each
 * thread opens a state of its own.  arg is shared, read-only.
 *
 * A codec may have several settings that make the same format (gzip:
 * libdeflate's levels, or zlib's), and choose between them on samples
 * of the input: when the input is larger than COMPRESS_SAMPLE_MIN chunks
 * as it is opened, its first chunk and every COMPRESS_SAMPLE_EVERY-th
 * after it.  The setting chosen on a sample holds for that chunk and the
 * chunks after it up to the next sample, except a chunk whose ratio
 * strays from the sample's (other text: the codec chooses again on that
 * chunk alone); a smaller input has the setting `setting` throughout.
 * Samples are taken by the thread that reads, in input order, so the
 * output depends only on the input (and the libraries), never on how
 * many threads compressed it.
 */
#define COMPRESS_SAMPLE_MIN 8
#define COMPRESS_SAMPLE_EVERY 64
#define COMPRESS_NO_SETTING (-1)
struct chunk_codec {
	const void *arg; /* borrowed */
	/*
	 * States opened with the same open function and key can be used in
	 * place of one another (gzip: the level), so a thread keeps its
	 * state from one file to the next.
	 */
	int key;
	int setting; /* until the first sample; settings are 0 to 31 */
	/* A thread's state (a compressor), or NULL when out of memory. */
	void *(*open)(const void *arg);
	void (*close)(void *state);
	/* An output size that always suffices for n input bytes. */
	size_t (*bound)(const void *arg, size_t n);
	/*
	 * Compresses in[0..n) with setting into out (cap >= bound(n)
	 * bytes).  Returns the byte count written, or 0 on failure.
	 */
	size_t (*run)(void *state, const void *arg, int setting,
	    const unsigned char *in, size_t n, unsigned char *out, size_t cap);
	/*
	 * NULL, or: chooses a setting for in[0..n), leaves its output in
	 * out (*n_out: the byte count, 0 on failure) and returns it.  On a
	 * sample, setting is COMPRESS_NO_SETTING; on a chunk that strayed
	 * from its sample, it is the setting the chunk was compressed with,
	 * and out holds that output already (*n_out bytes), which the
	 * codec may keep.
	 */
	int (*choose)(void *state, const void *arg, int setting,
	    const unsigned char *in, size_t n, unsigned char *out, size_t cap,
	    size_t *n_out);
};

/*
 * Reads in_fd to its end in chunks, compresses them with cc (on the
 * calling thread and, when o->pool is set, on idle workers of the pool
 * too) and writes the pieces to out_fd in order.  At most
 * COMPRESS_MAX_CHUNKS(h) chunks are held in memory at once, h being the
 * helper tasks the call has on the pool at that moment (at most the
 * pool's size); o->stats, when set, receives the counts.  An empty input
 * gives one piece (of nothing).  Returns 0, or -1 with err set; out_fd
 * may then hold part of the output.
 */
#define COMPRESS_MAX_CHUNKS(h) (2 + 2 * (size_t)(h))
int compress_chunked(const struct chunk_codec *cc, int in_fd, int out_fd,
    const struct compress_opts *o, struct hr_error *err);

/*
 * Loads libarchive once per process.  Returns 0 when it is usable, or -1
 * with *why (static text) saying why not.
 */
int compress_archive_load(const char **why);

/* ---- compress_io.c ---- */

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
