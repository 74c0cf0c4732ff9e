/*
 * compress.c: the lookup table of codecs, the parsing of compressoptions,
 * and the safe protocol that compresses one file (compress_file).
 *
 * The table maps the basename of compresscmd to a backend and to the
 * command-line syntax of that program, so that only options whose effect
 * headroom reproduces select the in-process backend; anything else runs
 * the program itself (compress_cmd.c), exactly as logrotate would.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/fsutil.h"
#include "lib/sbuf.h"
#include "lib/units.h"
#include "lib/xalloc.h"
#include "rotate/compress.h"
#include "rotate/compress_int.h"

/* The command-line syntax of one program, as far as headroom follows it. */
struct tool {
	const char *name; /* basename of compresscmd */
	const struct compress_ops *ops;
	int min_level, max_level, def_level;
	int fast, best;         /* levels of --fast and --best, or -1 */
	int gzip_name;          /* -n/-N/--no-name/--name are understood */
	const char *noop_flags; /* short flags with no effect here */
	/* Short flags with a numeric argument: -TN, -p N. */
	const char *arg_flags;
	int arg_apart; /* that argument may be the next word (not zstd) */
	const char *const *noop_long; /* long options with no effect here */
	/* Long options with a numeric argument: --threads=N. */
	const char *const *arg_long;
	/*
	 * That argument is the thread count of libarchive's filter (xz,
	 * zstd); otherwise it is ignored (pigz's -p: headroom spreads the
	 * chunks of a file over its own workers).
	 */
	int threads;
};

/* More threads than this is a typo: the program itself gets to say so. */
#define MAX_THREADS 4096

static const char *const gzip_long[] = { "--stdout", "--to-stdout", "--force",
	"--quiet", NULL };
static const char *const pigz_arg_long[] = { "--processes", NULL };
static const char *const xz_long[] = { "--stdout", "--to-stdout", "--force",
	"--quiet", "--compress", NULL };
static const char *const threads_long[] = { "--threads", NULL };
static const char *const plain_long[] = { "--stdout", "--force", "--quiet",
	"--compress", NULL };

/* Sorted by name (bsearch). */
static const struct tool tools[] = {
	{ "bzip2", &compress_bzip2_ops, 1, 9, 9, 1, 9, 0, "cfqz", "", 0,
	    plain_long, NULL, 0 },
	{ "gzip", &compress_gzip_ops, 1, 9, 6, 1, 9, 1, "cfq", "", 0, gzip_long,
	    NULL, 0 },
	{ "lz4", &compress_lz4_ops, 1, 9, 1, -1, -1, 0, "cfqz", "", 0,
	    plain_long, NULL, 0 },
	{ "pigz", &compress_gzip_ops, 1, 9, 6, 1, 9, 1, "cfq", "p", 1,
	    gzip_long, pigz_arg_long, 0 },
	{ "xz", &compress_xz_ops, 0, 9, 6, 0, 9, 0, "cfqz", "T", 1, xz_long,
	    threads_long, 1 },
	{ "zstd", &compress_zstd_ops, 1, 19, 3, -1, -1, 0, "cfqz", "T", 0,
	    plain_long, threads_long, 1 },
};

static int
tool_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct tool *)elem)->name);
}

static const struct tool *
tool_find(const char *cmd)
{
	const char *base = strrchr(cmd, '/');

	base = base ? base + 1 : cmd;
	return bsearch(base, tools, sizeof(tools) / sizeof(tools[0]),
	    sizeof(tools[0]), tool_cmp);
}

static int
in_list(const char *const *list, const char *word)
{
	for (; list && *list; list++)
		if (strcmp(*list, word) == 0)
			return 1;
	return 0;
}

/* The numeric argument of -T, -p, --threads: 0, or -1 if not a count. */
static int
take_arg(const struct tool *t, const char *digits, struct compressor *c)
{
	long v;

	if (!units_all_digits(digits) || strlen(digits) > 4)
		return -1;
	v = strtol(digits, NULL, 10);
	if (v > MAX_THREADS)
		return -1;
	if (t->threads)
		c->threads = (int)v;
	return 0;
}

/*
 * A long option with a numeric argument: "--threads=4", or "--threads"
 * with "4" as the next word (*i is then advanced) where the program
 * takes that.
 */
static int
parse_arg_long(
    const struct tool *t, char *const *w, size_t *i, struct compressor *c)
{
	const char *eq = strchr(w[*i], '=');
	char name[64];
	size_t n = eq ? (size_t)(eq - w[*i]) : strlen(w[*i]);

	if (n >= sizeof(name))
		return -1;
	memcpy(name, w[*i], n);
	name[n] = '\0';
	if (!in_list(t->arg_long, name))
		return -1;
	if (eq)
		return take_arg(t, eq + 1, c);
	if (!t->arg_apart || w[*i + 1] == NULL || take_arg(t, w[*i + 1], c) < 0)
		return -1;
	(*i)++;
	return 0;
}

static int
parse_long(
    const struct tool *t, char *const *w, size_t *i, struct compressor *c)
{
	const char *word = w[*i];

	if (strcmp(word, "--fast") == 0 && t->fast >= 0)
		c->level = t->fast;
	else if (strcmp(word, "--best") == 0 && t->best >= 0)
		c->level = t->best;
	else if (strcmp(word, "--no-name") == 0 && t->gzip_name)
		c->flags |= COMPRESSOR_GZIP_NO_TIME;
	else if (strcmp(word, "--name") == 0 && t->gzip_name)
		c->flags &= ~(unsigned)COMPRESSOR_GZIP_NO_TIME;
	else if (!in_list(t->noop_long, word))
		return parse_arg_long(t, w, i, c);
	return 0;
}

/* A group of short flags: "-9", "-9n", "-T0", "-p" "2". */
static int
parse_short(
    const struct tool *t, char *const *w, size_t *i, struct compressor *c)
{
	const char *p = w[*i] + 1;

	while (*p) {
		if (*p >= '0' && *p <= '9') {
			char *end;
			long v = strtol(p, &end, 10);

			if (v < t->min_level || v > t->max_level)
				return -1;
			c->level = (int)v;
			p = end;
		} else if (strchr(t->arg_flags, *p)) {
			if (p[1] != '\0')
				return take_arg(t, p + 1, c);
			if (!t->arg_apart || w[*i + 1] == NULL ||
			    take_arg(t, w[*i + 1], c) < 0)
				return -1;
			(*i)++;
			return 0;
		} else if (t->gzip_name && (*p == 'n' || *p == 'N')) {
			if (*p == 'n')
				c->flags |= COMPRESSOR_GZIP_NO_TIME;
			else
				c->flags &= ~(unsigned)COMPRESSOR_GZIP_NO_TIME;
			p++;
		} else if (strchr(t->noop_flags, *p)) {
			p++;
		} else {
			return -1;
		}
	}
	return 0;
}

/* Returns 0 when every word is understood, -1 at the first that is not. */
static int
parse_options(const struct tool *t, char *const *w, struct compressor *c)
{
	size_t i;

	for (i = 0; w && w[i]; i++) {
		const char *word = w[i];
		int r;

		if (word[0] != '-' || word[1] == '\0')
			return -1;
		if (word[1] == '-')
			r = parse_long(t, w, &i, c);
		else
			r = parse_short(t, w, &i, c);
		if (r < 0)
			return -1;
	}
	return 0;
}

int
compressor_lookup(const char *compresscmd, char *const *compressoptions,
    const char *uncompress_cmd, struct compressor *c, struct hr_error *err)
{
	const struct tool *t;

	memset(c, 0, sizeof(*c));
	if (compresscmd && *compresscmd == '\0')
		return hr_error_set(err, 0, NULL, 0, "empty compresscmd");
	c->cmd = compresscmd ? compresscmd : "gzip";
	c->options = compressoptions;
	c->uncompress_cmd = uncompress_cmd;
	c->threads = -1;
	t = tool_find(c->cmd);
	if (t) {
		c->ops = t->ops;
		c->level = t->def_level;
		if (parse_options(t, compressoptions, c) == 0 &&
		    (t->ops == &compress_gzip_ops ||
		        compress_archive_load(&c->fallback) == 0)) {
			c->fallback = NULL;
			return 0;
		}
		c->level = 0;
		c->threads = -1;
		c->flags = 0;
	}
	c->ops = &compress_cmd_ops;
	return 0;
}

/*
 * Opens a file to be read by a codec: never follows a symlink and never
 * blocks on a FIFO (O_NONBLOCK, then fstat refuses anything but a regular
 * file).  Returns the descriptor (blocking again) or -1 with err set.
 */
static int
open_source(
    const char *path, unsigned flags, struct stat *st, struct hr_error *err)
{
	int fd = open(
	    path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);

	if (fd < 0)
		return hr_error_set(err, errno, path, 0, "cannot open");
	if (fstat(fd, st) < 0) {
		hr_error_set(err, errno, path, 0, "cannot stat");
		goto fail;
	}
	if (!S_ISREG(st->st_mode)) {
		hr_error_set(
		    err, 0, path, 0, "refusing to compress non-regular file");
		goto fail;
	}
	if (st->st_nlink > 1 && !(flags & COMPRESS_ALLOW_HARDLINK)) {
		hr_error_set(err, 0, path, 0,
		    "refusing to compress (%ju hard links, no allowhardlink)",
		    (uintmax_t)st->st_nlink);
		goto fail;
	}
	if (fcntl(fd, F_SETFL, 0) < 0) {
		hr_error_set(err, errno, path, 0, "cannot clear O_NONBLOCK on");
		goto fail;
	}
	return fd;
fail:
	close(fd);
	return -1;
}

/*
 * Gives the finished output src's owner (as logrotate's createOutputFile:
 * only when it differs and only as root, so under su the output stays
 * the su user's), ACL, mode, atime and mtime.  The fsync is
 * fsutil_commit's.
 */
static int
finish_output(int in, int out, const struct stat *st, const char *dst,
    struct hr_error *err)
{
	struct timespec times[2] = { st->st_atim, st->st_mtim };
	struct stat ost;

	if (fstat(out, &ost) < 0)
		return hr_error_set(err, errno, dst, 0, "cannot stat");
	if (geteuid() == 0 &&
	    (ost.st_uid != st->st_uid || ost.st_gid != st->st_gid) &&
	    fchown(out, st->st_uid, st->st_gid) < 0)
		return hr_error_set(err, errno, dst, 0,
		    "cannot set owner %ju:%ju of", (uintmax_t)st->st_uid,
		    (uintmax_t)st->st_gid);
	if (fsutil_copy_acl(in, NULL, out, dst, err) < 0)
		return -1;
	if (fchmod(out, st->st_mode & 07777) < 0)
		return hr_error_set(err, errno, dst, 0, "cannot set mode of");
	if (futimens(out, times) < 0)
		return hr_error_set(err, errno, dst, 0, "cannot set times of");
	return 0;
}

/* dst must not exist: fail before compressing rather than after. */
static int
check_absent(const char *dst, struct hr_error *err)
{
	struct stat st;

	if (fstatat(AT_FDCWD, dst, &st, AT_SYMLINK_NOFOLLOW) == 0)
		return hr_error_set(err, EEXIST, dst, 0, "cannot create");
	if (errno != ENOENT)
		return hr_error_set(err, errno, dst, 0, "cannot stat");
	return 0;
}

/*
 * Steps 2 and 3: a temporary file beside dst (its name left in tmp),
 * compressed and finished.  Returns its descriptor, or -1 with the file
 * removed again.
 */
static int
write_tmp(const struct compressor *c, int in, const struct stat *st,
    const char *dst, struct sbuf *tmp, const struct compress_opts *o,
    struct hr_error *err)
{
	int out = fsutil_tmp_beside(dst, st->st_mode & 0600, tmp, err);

	if (out < 0)
		return -1;
	if (c->ops->compress(c, in, out, o, err) < 0 ||
	    finish_output(in, out, st, dst, err) < 0) {
		fsutil_abort(out, tmp->buf);
		return -1;
	}
	return out;
}

/*
 * Step 5: the source was read once and the output is on disk (fsynced,
 * so clean): neither is worth the page cache the server's own files
 * would otherwise lose to them.  A dirty page (a source still being
 * written) is only queued for writeback, never lost.
 */
static void
drop_cache(int in, int out)
{
	(void)posix_fadvise(in, 0, 0, POSIX_FADV_DONTNEED);
	if (out >= 0)
		(void)posix_fadvise(out, 0, 0, POSIX_FADV_DONTNEED);
}

int
compress_file(const struct compressor *c, const char *src, const char *dst,
    const struct compress_opts *o, struct hr_error *err)
{
	struct compress_opts local = COMPRESS_OPTS_INIT;
	struct sbuf tmp = SBUF_INIT;
	struct stat st;
	int in, out, keep, ret = -1;

	if (o)
		local = *o;
	if (local.src_path == NULL)
		local.src_path = src;
	if ((in = open_source(src, local.flags, &st, err)) < 0)
		return -1;
	(void)posix_fadvise(in, 0, 0, POSIX_FADV_SEQUENTIAL);
	if (check_absent(dst, err) < 0 ||
	    (out = write_tmp(c, in, &st, dst, &tmp, &local, err)) < 0)
		goto out;
	/*
	 * Step 4: fsync, rename never replacing, fsync of the directory.
	 * Should that fail, dst is taken back: src stays the only copy.
	 * fsutil_commit closes out: a second descriptor serves step 5.
	 */
	keep = dup(out);
	ret = fsutil_commit(
	    out, tmp.buf, dst, FSUTIL_SYNC_DIR | FSUTIL_NOREPLACE, err);
	if (ret == 0)
		drop_cache(in, keep);
	if (keep >= 0)
		close(keep);
out:
	close(in);
	sbuf_release(&tmp);
	return ret;
}

int
decompress_file(const struct compressor *c, const char *src, int out_fd,
    const struct compress_opts *o, struct hr_error *err)
{
	struct compress_opts local = COMPRESS_OPTS_INIT;
	struct stat st;
	int in, ret;

	if (o)
		local = *o;
	if (local.src_path == NULL)
		local.src_path = src;
	o = &local;
	if ((in = open_source(src, COMPRESS_ALLOW_HARDLINK, &st, err)) < 0)
		return -1;
	ret = c->ops->decompress(c, in, out_fd, o, err);
	close(in);
	return ret;
}

/* The decompressing side of compress_compare, on its own thread. */
struct feed {
	const struct compressor *c;
	const char *path;
	int fd; /* the pipe's write end, closed when done */
	int rc;
	struct hr_error err;
};

static void *
feed_run(void *arg)
{
	struct feed *f = arg;

	f->rc = decompress_file(f->c, f->path, f->fd, NULL, &f->err);
	close(f->fd);
	return NULL;
}

int
compress_compare(
    const struct compressor *c, const char *packed, const char *plain)
{
	struct feed f = { c, packed, -1, -1, HR_ERROR_INIT };
	pthread_t th;
	int p[2], fd, rc;

	fd = open(plain, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (pipe2(p, O_CLOEXEC) < 0) {
		close(fd);
		return -1;
	}
	f.fd = p[1];
	if (pthread_create(&th, NULL, feed_run, &f) != 0) {
		close(p[0]);
		close(p[1]);
		close(fd);
		return -1;
	}
	rc = fsutil_compare_fd(p[0], fd);
	/* The feeder stops at EPIPE when the comparison ended early. */
	close(p[0]);
	pthread_join(th, NULL);
	close(fd);
	hr_error_release(&f.err);
	return f.rc == 0 ? rc : -1;
}
