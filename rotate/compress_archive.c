/*
 * compress_archive.c: xz, bzip2, zstd and lz4 through libarchive's write
 * filters with the "raw" format, in-process (Debian's libarchive links
 * liblzma, libbz2, libzstd and liblz4, so no program is started).  One
 * archive handle per call, so calls in several threads do not meet.
 *
 * The streams are those of the command-line tools at the same level and
 * are read back by `xz -d`, `bzip2 -d`, `zstd -d` and `lz4 -d`; they are
 * not byte-identical to the tools' output (frame options such as lz4's
 * block mode and zstd's content-size field differ).
 *
 * libarchive is dlopen()ed on first use rather than linked: Debian's
 * libarchive brings libxml2, ICU and libstdc++ with it, about 3.6 MiB of
 * resident pages and the relocations to match in every process, and
 * `headroom scan` (or a rotation that only gzips) never calls it.
 */
#include "config.h"

#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>

#include "lib/pool.h"
#include "lib/xalloc.h"
#include "rotate/compress.h"
#include "rotate/compress_int.h"

/* The libarchive functions used here, loaded by la_load(). */
#define LA_SYMBOLS(X)                                                          \
	X(archive_entry_free)                                                  \
	X(archive_entry_new)                                                   \
	X(archive_entry_set_filetype)                                          \
	X(archive_entry_set_pathname)                                          \
	X(archive_errno)                                                       \
	X(archive_error_string)                                                \
	X(archive_filter_code)                                                 \
	X(archive_filter_name)                                                 \
	X(archive_read_data)                                                   \
	X(archive_read_free)                                                   \
	X(archive_read_new)                                                    \
	X(archive_read_next_header)                                            \
	X(archive_read_open_fd)                                                \
	X(archive_read_support_filter_by_code)                                 \
	X(archive_read_support_format_empty)                                   \
	X(archive_read_support_format_raw)                                     \
	X(archive_write_add_filter)                                            \
	X(archive_write_close)                                                 \
	X(archive_write_data)                                                  \
	X(archive_write_free)                                                  \
	X(archive_write_header)                                                \
	X(archive_write_new)                                                   \
	X(archive_write_open_fd)                                               \
	X(archive_write_set_bytes_in_last_block)                               \
	X(archive_write_set_bytes_per_block)                                   \
	X(archive_write_set_filter_option)                                     \
	X(archive_write_set_format_raw)

static struct {
#define LA_FIELD(name) __typeof__(name) *name;
	LA_SYMBOLS(LA_FIELD)
#undef LA_FIELD
} la;
static pthread_once_t la_once = PTHREAD_ONCE_INIT;
static char la_failure[256]; /* why la_load() failed, or empty */

static void
la_load(void)
{
	void *h = dlopen(LIBARCHIVE_SONAME, RTLD_NOW | RTLD_LOCAL);
	const char *why;

	if (h == NULL) {
		why = dlerror();
		snprintf(la_failure, sizeof(la_failure), "%s",
		    why ? why : "cannot load " LIBARCHIVE_SONAME);
		return;
	}
#define LA_LOAD(name)                                                          \
	if ((*(void **)&la.name = dlsym(h, #name)) == NULL) {                  \
		snprintf(la_failure, sizeof(la_failure), "%s: no %s",          \
		    LIBARCHIVE_SONAME, #name);                                 \
		return;                                                        \
	}
	LA_SYMBOLS(LA_LOAD)
#undef LA_LOAD
}

/*
 * Loads libarchive once per process; -1 with err set when it cannot, as
 * "cannot compress '/var/log/x.1' with xz: libarchive.so.13: cannot open
 * shared object file: No such file or directory".
 */
static int
la_ready(const struct compressor *c, const char *verb,
    const struct compress_opts *o, struct hr_error *err)
{
	const char *subject = compress_subject(o);
	const char *why;

	if (compress_archive_load(&why) == 0)
		return 0;
	return hr_error_set(err, 0, NULL, 0, "cannot %s '%s' with %s: %s", verb,
	    subject ? subject : "-", c->ops->name, why);
}

int
compress_archive_load(const char **why)
{
	pthread_once(&la_once, la_load);
	*why = la_failure;
	return la_failure[0] == '\0' ? 0 : -1;
}

/* libarchive's filter code for a backend's ops. */
static int
filter_code(const struct compressor *c)
{
	if (c->ops == &compress_xz_ops)
		return ARCHIVE_FILTER_XZ;
	if (c->ops == &compress_bzip2_ops)
		return ARCHIVE_FILTER_BZIP2;
	if (c->ops == &compress_zstd_ops)
		return ARCHIVE_FILTER_ZSTD;
	return ARCHIVE_FILTER_LZ4;
}

/*
 * Copies libarchive's error into err.  Its errno is a system errno for
 * I/O failures (ENOSPC, EIO) and ARCHIVE_ERRNO_MISC (-1) otherwise.
 */
static int
archive_fail(struct archive *a, const char *what, const struct compress_opts *o,
    struct hr_error *err)
{
	int code = la.archive_errno(a);
	const char *s = la.archive_error_string(a);

	if (code > 0)
		return hr_error_set(
		    err, code, compress_subject(o), 0, "%s", what);
	return hr_error_set(err, 0, compress_subject(o), 0, "%s (%s: %s)", what,
	    la.archive_filter_name(a, 0), s ? s : "error");
}

/*
 * The threads option for -T N: N, and for -T0 one per core, as xz and
 * zstd read it (libarchive's zstd filter would take 0 as "no worker
 * threads").
 */
static long
thread_count(const struct compressor *c)
{
	long n = c->threads;

	if (n == 0)
		n = (long)pool_cpus();
	return n > 0 ? n : 1;
}

/*
 * A write handle for c's filter, raw format, no padding, opened on fd;
 * with the threads option of xz and zstd when compressoptions gave -T.
 */
static struct archive *
writer_open(const struct compressor *c, int out_fd,
    const struct compress_opts *o, struct hr_error *err)
{
	struct archive *a = la.archive_write_new();
	char level[16], threads[24];

	if (a == NULL) {
		hr_error_set(err, ENOMEM, compress_subject(o), 0,
		    "cannot start compressing");
		return NULL;
	}
	snprintf(level, sizeof(level), "%d", c->level);
	snprintf(threads, sizeof(threads), "%ld", thread_count(c));
	if (la.archive_write_add_filter(a, filter_code(c)) != ARCHIVE_OK ||
	    la.archive_write_set_filter_option(
	        a, NULL, "compression-level", level) != ARCHIVE_OK ||
	    (c->threads >= 0 &&
	        la.archive_write_set_filter_option(
	            a, NULL, "threads", threads) != ARCHIVE_OK) ||
	    la.archive_write_set_format_raw(a) != ARCHIVE_OK ||
	    la.archive_write_set_bytes_per_block(a, COMPRESS_BUFSIZE) !=
	        ARCHIVE_OK ||
	    la.archive_write_set_bytes_in_last_block(a, 1) != ARCHIVE_OK ||
	    la.archive_write_open_fd(a, out_fd) != ARCHIVE_OK) {
		archive_fail(a, "cannot start compressing", o, err);
		la.archive_write_free(a);
		return NULL;
	}
	return a;
}

static int
write_entry(
    struct archive *a, const struct compress_opts *o, struct hr_error *err)
{
	struct archive_entry *e = la.archive_entry_new();
	int r;

	if (e == NULL)
		return hr_error_set(err, ENOMEM, compress_subject(o), 0,
		    "cannot start compressing");
	la.archive_entry_set_filetype(e, AE_IFREG);
	la.archive_entry_set_pathname(e, "data");
	r = la.archive_write_header(a, e);
	la.archive_entry_free(e);
	if (r != ARCHIVE_OK)
		return archive_fail(a, "cannot start compressing", o, err);
	return 0;
}

/*
 * libarchive 3.6.2's lz4 writer crashes when it is closed without data,
 * so an empty input gets the frame `lz4 < /dev/null` writes: magic, FLG
 * (version 1, independent blocks, content checksum), BD (64 KiB blocks),
 * header checksum, end mark, and the XXH32 of nothing.
 */
static const unsigned char lz4_empty_frame[] = { 0x04, 0x22, 0x4d, 0x18, 0x64,
	0x40, 0xa7, 0x00, 0x00, 0x00, 0x00, 0x05, 0x5d, 0xcc, 0x02 };

/* Feeds in_fd to a, whose first chunk (n bytes) is already in buf. */
static int
feed(struct archive *a, int in_fd, char *buf, ssize_t n,
    const struct compress_opts *o, struct hr_error *err)
{
	if (write_entry(a, o, err) < 0)
		return -1;
	for (; n > 0; n = compress_read(in_fd, buf, COMPRESS_BUFSIZE, o, err))
		if (la.archive_write_data(a, buf, (size_t)n) != n)
			return archive_fail(
			    a, "cannot write output for", o, err);
	if (n < 0)
		return -1;
	if (la.archive_write_close(a) != ARCHIVE_OK)
		return archive_fail(a, "cannot write output for", o, err);
	return 0;
}

static int
archive_compress(const struct compressor *c, int in_fd, int out_fd,
    const struct compress_opts *o, struct hr_error *err)
{
	char *buf;
	ssize_t n;
	struct archive *a;
	int ret = -1;

	if (la_ready(c, "compress", o, err) < 0)
		return -1;
	buf = xmalloc(COMPRESS_BUFSIZE);
	n = compress_read(in_fd, buf, COMPRESS_BUFSIZE, o, err);
	if (n == 0 && c->ops == &compress_lz4_ops) {
		ret = compress_write_all(
		    out_fd, lz4_empty_frame, sizeof(lz4_empty_frame), o, err);
	} else if (n >= 0 && (a = writer_open(c, out_fd, o, err)) != NULL) {
		ret = feed(a, in_fd, buf, n, o, err);
		la.archive_write_free(a);
	}
	free(buf);
	return ret;
}

/* A read handle for c's filter only, raw (or empty) format, on fd. */
static struct archive *
reader_open(const struct compressor *c, int in_fd,
    const struct compress_opts *o, struct hr_error *err)
{
	struct archive *a = la.archive_read_new();

	if (a == NULL) {
		hr_error_set(err, ENOMEM, compress_subject(o), 0,
		    "cannot start decompressing");
		return NULL;
	}
	if (la.archive_read_support_filter_by_code(a, filter_code(c)) !=
	        ARCHIVE_OK ||
	    la.archive_read_support_format_raw(a) != ARCHIVE_OK ||
	    la.archive_read_support_format_empty(a) != ARCHIVE_OK ||
	    la.archive_read_open_fd(a, in_fd, COMPRESS_BUFSIZE) != ARCHIVE_OK) {
		archive_fail(a, "cannot decompress", o, err);
		la.archive_read_free(a);
		return NULL;
	}
	if (la.archive_filter_code(a, 0) != filter_code(c)) {
		hr_error_set(err, 0, compress_subject(o), 0, "not %s data in",
		    c->ops->name);
		la.archive_read_free(a);
		return NULL;
	}
	return a;
}

static int
archive_decompress(const struct compressor *c, int in_fd, int out_fd,
    const struct compress_opts *o, struct hr_error *err)
{
	struct archive *a;
	struct archive_entry *e;
	char *buf;
	la_ssize_t n;
	int ret = -1, r;

	if (la_ready(c, "decompress", o, err) < 0 ||
	    (a = reader_open(c, in_fd, o, err)) == NULL)
		return -1;
	buf = xmalloc(COMPRESS_BUFSIZE);
	r = la.archive_read_next_header(a, &e);
	if (r == ARCHIVE_EOF) {
		ret = 0;
		goto out;
	}
	if (r != ARCHIVE_OK) {
		archive_fail(a, "cannot decompress", o, err);
		goto out;
	}
	while ((n = la.archive_read_data(a, buf, COMPRESS_BUFSIZE)) > 0)
		if (compress_write_all(out_fd, buf, (size_t)n, o, err) < 0)
			goto out;
	if (n < 0)
		archive_fail(a, "cannot decompress", o, err);
	else
		ret = 0;
out:
	la.archive_read_free(a);
	free(buf);
	return ret;
}

const struct compress_ops compress_bzip2_ops = {
	"bzip2",
	".bz2",
	archive_compress,
	archive_decompress,
};

const struct compress_ops compress_lz4_ops = {
	"lz4",
	".lz4",
	archive_compress,
	archive_decompress,
};

const struct compress_ops compress_xz_ops = {
	"xz",
	".xz",
	archive_compress,
	archive_decompress,
};

const struct compress_ops compress_zstd_ops = {
	"zstd",
	".zst",
	archive_compress,
	archive_decompress,
};
