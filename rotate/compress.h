/*
 * compress: the codecs of headroom rotate, behind one table of operations
 * (after libarchive's archive_write_add_filter_*.c).
 *
 *	struct compressor c;
 *	if (compressor_lookup(cmd, options, uncmd, &c, &err) < 0)
 *		...;
 *	if (compress_file(&c, "a.log.1", "a.log.1.gz", &opts, &err) < 0)
 *		... the source is whole, no output is left ...;
 *	else
 *		... the plan's next step, the removal chained to the
 *		    compression, runs preremove/shred, removes the source ...;
 *
 * Backends, chosen by compressor_lookup from the basename of compresscmd:
 *	gzip, pigz (or no compresscmd)	libdeflate, in-process, a large file
 *					cut in chunks compressed on every
 *					worker of a lib/pool
 *					(compress_gzip.c, compress_chunk.c);
 *					zlib decompresses (mail)
 *	xz, bzip2, zstd, lz4		libarchive raw filters, in-process
 *					(compress_archive.c), or the program
 *					when libarchive cannot be loaded
 *	anything else			the program itself, run as logrotate
 *					runs it (compress_cmd.c)
 * An in-process backend is used only when every word of compressoptions
 * is understood (see compressor_lookup); otherwise the program runs, so
 * an option headroom does not know keeps exactly logrotate's meaning.
 *
 * Thread-safety: the only global state is libarchive's handle, loaded
 * once (pthread_once), and each thread's spare chunk buffers
 * (compress_chunk.c).  compress_file and the operations may run at the
 * same time in several lib/pool workers, on different files, with one
 * shared const struct compressor.
 */
#ifndef HR_COMPRESS_H
#define HR_COMPRESS_H

#include <sys/types.h>

#include "lib/diag.h"
#include "lib/pool.h"
#include "lib/sbuf.h"

enum compress_flags {
	COMPRESS_ALLOW_HARDLINK = 1 << 0, /* allowhardlink: accept nlink > 1 */
};

/* What one compress_file did (for tests and benchmarks). */
struct compress_stats {
	size_t chunks;         /* input chunks, so gzip members */
	size_t peak_chunks;    /* most chunks held in memory at once */
	size_t by_helpers;     /* chunks compressed by other pool workers */
	unsigned peak_helpers; /* most helper tasks of the file at once */
	size_t samples;        /* chunks on which the codec chose a setting */
	size_t rechosen;       /* other chunks it chose again for, alone */
	/* Bit s set: chunks were compressed with setting s (gzip: the
	 * libdeflate level, 0 for zlib; see compress_gzip.c). */
	unsigned settings;
};

/* What one job needs besides the codec.  All pointers are borrowed. */
struct compress_opts {
	/* The source's name, for messages and LOGROTATE_COMPRESSED_FILENAME. */
	const char *src_path;
	/* Receives (appended) what an external program wrote to stderr. */
	struct sbuf *errtext; /* may be NULL */
	unsigned flags;       /* enum compress_flags */
	/* External programs run as uid and gid for good (spawn switch_ids). */
	int switch_ids;
	uid_t uid;
	gid_t gid;
	/*
	 * Idle workers of this pool compress chunks of a large file beside
	 * the calling thread (which may itself be one of its workers).  May
	 * be NULL: the calling thread does it all.
	 */
	struct pool *pool;
	struct compress_stats *stats; /* filled when not NULL */
	/*
	 * At most this many threads compress one file's chunks at once, the
	 * calling thread included; 0: pool_cpus().  The pool may have more
	 * workers than cores (for the files whose workers wait on the disk),
	 * but more threads on one file than cores would only take turns on
	 * them, each turn evicting the other's compressor from the cache.
	 */
	unsigned cpus;
	/*
	 * A codec that chooses its setting on samples (gzip) takes one
	 * every this many chunks; 0: COMPRESS_SAMPLE_EVERY (tests take
	 * them closer).
	 */
	unsigned sample_every;
};
#define COMPRESS_OPTS_INIT                                                     \
	{                                                                      \
		NULL, NULL, 0, 0, 0, 0, NULL, NULL, 0, 0                       \
	}

struct compressor;

/*
 * The operations of one backend.  compress reads in_fd from its current
 * offset to end of file and writes the compressed stream to out_fd;
 * decompress does the reverse.  Neither closes, syncs, names or removes a
 * file: out_fd may hold a partial stream after a failure and the caller
 * disposes of it.  Both return 0, or -1 with err set (err->path is
 * o->src_path when given).
 */
struct compress_ops {
	const char *name; /* "gzip", "xz", "bzip2", "zstd", "lz4", "command" */
	const char *ext;  /* default extension, with its dot: ".gz" */
	int (*compress)(const struct compressor *c, int in_fd, int out_fd,
	    const struct compress_opts *o, struct hr_error *err);
	int (*decompress)(const struct compressor *c, int in_fd, int out_fd,
	    const struct compress_opts *o, struct hr_error *err);
};

/* gzip's -n: store no time stamp in the gzip header. */
enum compressor_flags {
	COMPRESSOR_GZIP_NO_TIME = 1 << 0,
};

/*
 * A configured codec: the backend's operations plus what compressoptions
 * said.  Filled by compressor_lookup; plain data, nothing to release.
 * It borrows the strings given to compressor_lookup, which must outlive
 * it (they live in struct rconf).
 */
struct compressor {
	const struct compress_ops *ops;
	int level;                  /* the backend's level (gzip: 1..9) */
	int threads;                /* xz, zstd: -T N, 0 = all cores, -1 */
	unsigned flags;             /* enum compressor_flags */
	const char *cmd;            /* borrowed: compresscmd (argv[0]) */
	char *const *options;       /* borrowed: compressoptions, or NULL */
	const char *uncompress_cmd; /* borrowed: uncompresscmd, or NULL */
	/*
	 * Not NULL when compresscmd names xz, bzip2, zstd or lz4 but
	 * libarchive cannot be loaded: why (static text), and ops is then
	 * the external command's, run as logrotate runs it.
	 */
	const char *fallback;
};

/*
 * Chooses the backend for compresscmd (NULL means gzip) with
 * compressoptions (NULL-terminated words, or NULL) and fills *c.
 * uncompress_cmd is kept for the external backend's decompress (mail);
 * in-process backends decompress their own format themselves.
 *
 * In-process backends understand, per program (the basename of
 * compresscmd only: "/opt/x/gzip" is gzip, whether or not it exists):
 *	gzip	-1..-9 --fast --best, -n --no-name (MTIME 0) -N --name, and
 *		the no-ops -c -f -q --stdout --to-stdout --force --quiet;
 *		default -6
 *	pigz	as gzip, plus -p N / -pN / --processes N (ignored: headroom
 *		runs one job per core itself)
 *	xz	-0..-9 --fast (-0) --best (-9), no-ops -c -f -q -z --stdout
 *		--to-stdout --force --quiet --compress, -T N / -TN /
 *		--threads=N / --threads N (libarchive's threads option: N
 *		threads, 0 = one per core, as xz -T); default -6, one
 *		thread
 *	bzip2	-1..-9 --fast --best, no-ops -c -f -q -z --stdout --force
 *		--quiet --compress; default -9
 *	zstd	-1..-19, no-ops as bzip2, -TN / --threads=N (threads, as
 *		xz's); default -3, one thread
 *	lz4	-1..-9, no-ops as bzip2; default -1
 * Short flags may be grouped (-9n); digits in a group form one number
 * (so gzip's -12, which gzip reads as -2, selects the external program).
 * Any other word (gzip --rsyncable, xz -e, zstd --long, lz4 -12, a file
 * name, ...) selects the external backend, which runs compresscmd with
 * the words unchanged, so its meaning stays the program's own.
 *
 * For xz, bzip2, zstd and lz4 the lookup loads libarchive (once per
 * process).  When it cannot be loaded, the external backend is chosen
 * instead, so compresscmd runs with compressoptions exactly as logrotate
 * runs it, and c->fallback says why, for the caller to report.
 *
 * Returns 0, or -1 with err set when compresscmd is the empty string.
 */
int compressor_lookup(const char *compresscmd, char *const *compressoptions,
    const char *uncompress_cmd, struct compressor *c, struct hr_error *err);

/*
 * The whole safe protocol for one file, as a lib/pool worker runs it:
 *  1. open src with O_RDONLY|O_NOFOLLOW|O_NONBLOCK and fstat it: a
 *     symlink, FIFO, device, directory (or, without
 *     COMPRESS_ALLOW_HARDLINK, a file with several links) is refused at
 *     once, so a FIFO never blocks;
 *  2. refuse if dst exists; create a temporary file beside dst
 *     (".NAME.XXXXXX", O_EXCL, mode = src's mode & 0600);
 *  3. compress into it, then copy owner (when it differs, as logrotate),
 *     mode, atime and mtime from src, and fsync it;
 *  4. rename it to dst without ever replacing a file (renameat2
 *     RENAME_NOREPLACE, or link + unlink where the file system lacks it),
 *     then fsync dst's directory (should that fail, dst is removed
 *     again and the call fails, so src stays the only copy); step 3's
 *     fsync and 4 are lib/fsutil's fsutil_commit with FSUTIL_NOREPLACE;
 *  5. drop src and dst from the page cache (posix_fadvise DONTNEED: both
 *     are clean by then), so that compressing a large log does not
 *     evict what the running server keeps hot.
 *
 * Contract: src is never modified, renamed or removed; removing it (after
 * preremove and shred) is exec_steps.c's job once this returned 0.  The
 * only name this function renames or unlinks is its own temporary file.
 * On any failure (ENOSPC, EIO, a compressor that exits non-zero or is
 * killed, dst already present) the temporary file is removed, dst does
 * not exist (unless it existed before), src is byte-identical, and -1 is
 * returned with err naming the file.  o->errtext (if given) receives any
 * stderr text of an external compressor, whether or not it failed:
 * logrotate reports such text without failing.
 *
 * A crash (kill -9) can leave only a ".NAME.XXXXXX" temporary file
 * beside dst; src is still whole.
 *
 * Safe to call concurrently on different files.  o may be NULL.
 */
int compress_file(const struct compressor *c, const char *src, const char *dst,
    const struct compress_opts *o, struct hr_error *err);

/*
 * Decompresses the file at src (opened as compress_file opens a source,
 * hard links allowed) into out_fd, e.g. the pipe to the mail command.
 * When out_fd is a pipe the caller ignores SIGPIPE, so that a reader that
 * quits early gives EPIPE (an error) rather than killing the process.
 * Returns 0 or -1 with err set.
 */
int decompress_file(const struct compressor *c, const char *src, int out_fd,
    const struct compress_opts *o, struct hr_error *err);

/*
 * How the decompressed contents of the file packed compare with the
 * plain file plain (neither followed if a symlink): 0 when they are the
 * same bytes, 1 when they are a strict prefix of plain's (plain was
 * appended to after packed was made), -1 otherwise (different, or either
 * file unreadable or corrupt).  Decompression runs on a second thread
 * through a pipe, so memory use is bounded; the caller ignores SIGPIPE.
 * Safe to call concurrently.
 */
int compress_compare(
    const struct compressor *c, const char *packed, const char *plain);

#endif
