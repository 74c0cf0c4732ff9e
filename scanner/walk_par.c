/*
 * walk_par: the parallel getdents64 + statx walker.
 *
 * Design: each worker walks depth-first with its own stack of frames,
 * one per directory on the way down from the directory its task started
 * at.  Reading a directory costs exactly
 * openat (relative to the parent's descriptor), getdents64 in 16 KiB
 * batches until it returns 0, one statx per entry, and close: no paths
 * are built unless --exclude needs them, and nothing is allocated per
 * entry.  Subdirectories get a struct scan_dir, appended to their
 * parent's list in readdir order, which is the order du prints them in.
 *
 * Work is shared lazily: before descending, a worker that sees an idle
 * worker (pool_idle) opens the shallowest subdirectory still pending on
 * its stack and submits it as a new task with that descriptor, so the
 * other worker gets a large subtree and no extra system call is made.
 *
 * Descriptors are bounded: a worker keeps at most fds_per_worker frames
 * open (its task's first frame always).  When it must descend from a
 * frame whose descriptor was closed, it re-opens that frame by its
 * relative path from the first frame, a few components at a time, so a
 * 10,000-deep tree and `ulimit -n 64` both work.  Nothing recurses.
 */
#include "config.h"

#include <sys/resource.h>
#include <sys/statfs.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lib/clock.h"
#include "lib/xalloc.h"
#include "scanner/account.h"
#include "scanner/walk_par.h"

#define DBUF_SIZE (16 * 1024)
#define DBUF_KEEP (2 * DBUF_SIZE) /* a larger buffer is shrunk after use */
#define DIR_SORT_MIN 10000 /* gnulib's _FTS_INODE_SORT_DIR_ENTRIES_THRESHOLD */
#define DIR_BATCH_MAX 100000 /* gnulib's FTS_MAX_READDIR_ENTRIES */
#define REOPEN_CHUNK 3000
#define WALK_IO_ON_NS 10000
#define WALK_IO_OFF_NS 5000
#define WALK_BUSY_EVERY_NS 10000000 /* how often busy_milli is measured */
#define WALK_BUSY_UNKNOWN UINT_MAX

struct walk_task {
	struct scan_dir *dir;
	int fd;
};

/* The process's CPU time in ns and block reads (all threads), from ru. */
static uint64_t
ru_cpu_ns(const struct rusage *ru)
{
	return (uint64_t)(ru->ru_utime.tv_sec + ru->ru_stime.tv_sec) *
	    1000000000u +
	    (uint64_t)(ru->ru_utime.tv_usec + ru->ru_stime.tv_usec) * 1000u;
}

/*
 * Every WALK_BUSY_EVERY_NS, one worker measures, since the last time, how
 * many cores the process kept busy (CPU time over wall time, in 1/1000s,
 * into w->busy_milli) and whether it read from a block device (the
 * kernel counts a metadata read from the disk in ru_inblock; one served
 * from memory counts nothing), into w->disk_reads.
 */
static void
measure_busy(struct walk *w, uint64_t now)
{
	uint64_t last = atomic_load_explicit(&w->busy_at, memory_order_relaxed);
	uint64_t cpu, was, inblock;
	struct rusage ru;

	/* now may be older than another worker's last: signed difference */
	if ((int64_t)(now - last) < WALK_BUSY_EVERY_NS ||
	    !atomic_compare_exchange_strong(&w->busy_at, &last, now) ||
	    getrusage(RUSAGE_SELF, &ru) < 0)
		return;
	cpu = ru_cpu_ns(&ru);
	was = atomic_exchange_explicit(&w->busy_cpu, cpu, memory_order_relaxed);
	atomic_store_explicit(&w->busy_milli,
	    (unsigned)((cpu - was) * 1000 / (now - last)),
	    memory_order_relaxed);
	inblock = (uint64_t)ru.ru_inblock;
	was = atomic_exchange_explicit(
	    &w->busy_inblock, inblock, memory_order_relaxed);
	atomic_store_explicit(
	    &w->disk_reads, inblock != was, memory_order_relaxed);
}

/*
 * Flips the walk between "cached" (metadata in memory: about as many
 * running workers as cores) and "I/O" (workers sleep on reads: all of
 * them run).  The walk is "I/O" while the last measurement saw reads
 * from the disk.  Where reads do not go through a block device (NFS,
 * FUSE), slow entries say it instead: cached reads cost 1-3 us an entry
 * here, cold ones 15 us and more (an EWMA over directories).  Slow
 * entries alone are not enough: workers waiting for a core, or a moment
 * with one worker left, are slow too, so that needs the cores to be
 * mostly idle (under a quarter of them busy), and it ends as soon as they are
 * kept busy (over 9/10): more running workers would only queue.
 */
static void
note_latency(struct walk_worker *ww, uint64_t ns, uint64_t now)
{
	struct walk *w = ww->w;
	unsigned io, busy, reads;

	ww->ewma_ns = ww->ewma_ns - ww->ewma_ns / 8 + ns / 8;
	measure_busy(w, now);
	io = atomic_load_explicit(&w->io_bound, memory_order_relaxed);
	busy = atomic_load_explicit(&w->busy_milli, memory_order_relaxed);
	reads = atomic_load_explicit(&w->disk_reads, memory_order_relaxed);
	if (!io &&
	    (reads || (ww->ewma_ns > WALK_IO_ON_NS && busy < 250 * w->ncpu))) {
		atomic_store_explicit(&w->io_bound, 1, memory_order_relaxed);
		if (w->pool != NULL)
			pool_grow(w->pool, w->nworkers);
	} else if (io && !reads &&
	    (ww->ewma_ns < WALK_IO_OFF_NS ||
	        (busy > 900 * w->ncpu && busy != WALK_BUSY_UNKNOWN)))
		atomic_store_explicit(&w->io_bound, 0, memory_order_relaxed);
}

static void
path_of_entry(struct walk_worker *ww, struct scan_dir *dir, size_t dirlen,
    const char *name, size_t namelen)
{
	if (dirlen == (size_t)-1) {
		sbuf_reset(&ww->path);
		tree_path(dir, &ww->path);
	} else {
		sbuf_setlen(&ww->path, dirlen);
	}
	tree_join(&ww->path, name, namelen);
}

/*
 * One directory entry.  dirlen is the length of dir's path in ww->path,
 * or (size_t)-1 when it was not built (no excludes).
 */
static void
read_entry(struct walk_worker *ww, struct scan_dir *dir, int fd,
    const char *name, size_t dirlen, uint32_t index)
{
	struct walk *w = ww->w;
	struct scan_entry e = { 0 };
	struct statx sx;

	e.index = index;
	e.name = name;
	e.namelen = strlen(name);
	if (w->o.nexcludes > 0) {
		path_of_entry(ww, dir, dirlen, name, e.namelen);
		if (walk_excluded(
		        w->o.excludes, w->o.nexcludes, ww->path.buf)) {
			e.flags = SCAN_ENT_EXCLUDED;
			walk_emit(ww, dir, &e);
			return;
		}
	}
	if (statx(fd, name, WALK_STATX_FLAGS | AT_SYMLINK_NOFOLLOW,
	        WALK_STATX_WANT, &sx) != 0) {
		e.err = errno;
		path_of_entry(ww, dir, dirlen, name, e.namelen);
		walk_error_add(ww, ww->path.buf, e.err, WALK_ERR_ACCESS);
		walk_emit(ww, dir, &e);
		return;
	}
	walk_entry_from_statx(&e, &sx);
	walk_account(ww, dir, &e);
}

struct dir_read {
	struct scan_dir *dir;
	int fd;
	size_t dirlen; /* length of dir's path in ww->path, or -1 */
	uint32_t index;
};

static int
is_dot(const char *nm)
{
	return nm[0] == '.' &&
	    (nm[1] == '\0' || (nm[1] == '.' && nm[2] == '\0'));
}

static void
read_one(struct walk_worker *ww, struct dir_read *r, const char *nm)
{
	read_entry(ww, r->dir, r->fd, nm, r->dirlen, r->index++);
	if (r->dirlen != (size_t)-1 && ww->path.len < r->dirlen) {
		sbuf_reset(&ww->path);
		tree_path(r->dir, &ww->path);
	}
}

static int
cmp_dent_ino(const void *pa, const void *pb)
{
	const struct dirent64 *a = *(const struct dirent64 *const *)pa;
	const struct dirent64 *b = *(const struct dirent64 *const *)pb;

	return a->d_ino < b->d_ino ? -1 : a->d_ino > b->d_ino;
}

/*
 * gnulib's fts (du) visits a batch of more than 10,000 entries in inode
 * order, except on tmpfs, NFS and CIFS; so does this walker, so that du's
 * order, and the name it counts a hard link under, are the same.
 */
static int
inode_sort_useful(int fd)
{
	struct statfs sf;

	if (fstatfs(fd, &sf) != 0)
		return 1;
	return sf.f_type != 0x01021994 && sf.f_type != 0x6969 &&
	    sf.f_type != (typeof(sf.f_type))0xff534d42;
}

/* Accounts the len bytes of dirents in buf, count of them not dots. */
static void
read_batch(struct walk_worker *ww, struct dir_read *r, char *buf, size_t len,
    size_t count)
{
	struct dirent64 **v;
	size_t off, i = 0;

	if (count <= DIR_SORT_MIN || !inode_sort_useful(r->fd)) {
		for (off = 0; off < len;) {
			struct dirent64 *d = (void *)(buf + off);

			off += d->d_reclen;
			if (!is_dot(d->d_name))
				read_one(ww, r, d->d_name);
		}
		return;
	}
	v = xreallocarray(NULL, count, sizeof(*v));
	for (off = 0; off < len;) {
		struct dirent64 *d = (void *)(buf + off);

		off += d->d_reclen;
		if (!is_dot(d->d_name))
			v[i++] = d;
	}
	qsort(v, i, sizeof(*v), cmp_dent_ino);
	for (off = 0; off < i; off++)
		read_one(ww, r, v[off]->d_name);
	free(v);
}

/*
 * Reads the directory open on fd, accounting every entry: getdents64 in
 * 16 KiB steps into the worker's buffer until the end (two calls for
 * most directories), or until DIR_BATCH_MAX entries, as fts does.  The
 * buffer grows for a larger directory and is shrunk back after it, so a
 * worker holds at most 32 KiB of it between directories.
 */
static void
read_dir(struct walk_worker *ww, struct scan_dir *dir, int fd)
{
	struct dir_read r = { dir, fd, (size_t)-1, 0 };
	uint64_t t0 = hr_mono_ns(), now;
	size_t len, count, off;
	ssize_t n;
	int eof = 0;

	if (ww->w->o.nexcludes > 0) {
		sbuf_reset(&ww->path);
		tree_path(dir, &ww->path);
		r.dirlen = ww->path.len;
	}
	while (!eof) {
		len = count = 0;
		do {
			if (ww->dalloc - len < DBUF_SIZE) {
				ww->dalloc = len + DBUF_SIZE;
				ww->dbuf =
				    xreallocarray(ww->dbuf, ww->dalloc, 1);
			}
			n = getdents64(fd, ww->dbuf + len, DBUF_SIZE);
			if (n <= 0) {
				if (n < 0)
					walk_dir_error(ww, dir, NULL, errno);
				eof = 1;
				break;
			}
			for (off = len; off < len + (size_t)n;) {
				struct dirent64 *d = (void *)(ww->dbuf + off);

				off += d->d_reclen;
				count += !is_dot(d->d_name);
			}
			len += (size_t)n;
		} while (count < DIR_BATCH_MAX);
		read_batch(ww, &r, ww->dbuf, len, count);
	}
	if (ww->dalloc > DBUF_KEEP) {
		ww->dalloc = 2 * DBUF_SIZE;
		ww->dbuf = xreallocarray(ww->dbuf, ww->dalloc, 1);
	}
	tree_reverse_children(dir);
	now = hr_mono_ns();
	note_latency(ww, (now - t0) / (r.index + 1), now);
	walk_publish(ww, dir);
}

static int
open_at(struct walk_worker *ww, int dirfd, const char *name)
{
	return walk_open_dir(ww, dirfd, name, WALK_NOFOLLOW);
}

/* Closes the oldest open frame above the first; returns 0 if none. */
static int
close_oldest(struct walk_worker *ww)
{
	if (ww->low < 1)
		ww->low = 1;
	while (ww->low + 1 < ww->depth && ww->stack[ww->low].fd < 0)
		ww->low++;
	if (ww->low + 1 >= ww->depth)
		return 0;
	close(ww->stack[ww->low].fd);
	ww->stack[ww->low].fd = -1;
	ww->low++;
	return 1;
}

/* openat that makes room when the process runs out of descriptors. */
static int
open_child(struct walk_worker *ww, int dirfd, const char *name)
{
	int fd;

	while ((fd = open_at(ww, dirfd, name)) < 0 &&
	    (errno == EMFILE || errno == ENFILE) && close_oldest(ww))
		;
	return fd;
}

/*
 * Re-opens frame i from the task's first frame, one chunk of components
 * at a time.  Returns the descriptor or -1 (errno set).
 */
static int
reopen_frame(struct walk_worker *ww, size_t i)
{
	struct scan_dir *top = ww->stack[0].dir, *d;
	const char **names;
	size_t n = 0, k;
	struct sbuf rel = SBUF_INIT;
	int fd = ww->stack[0].fd, nfd, saved;

	for (d = ww->stack[i].dir; d != top; d = d->parent)
		n++;
	names = xreallocarray(NULL, n, sizeof(*names));
	for (k = n, d = ww->stack[i].dir; d != top; d = d->parent)
		names[--k] = d->name;
	for (k = 0; k < n && fd >= 0;) {
		sbuf_reset(&rel);
		do {
			if (rel.len > 0)
				sbuf_addch(&rel, '/');
			sbuf_adds(&rel, names[k++]);
		} while (k < n && rel.len + strlen(names[k]) < REOPEN_CHUNK);
		nfd = open_child(ww, fd, rel.buf);
		saved = errno;
		if (fd != ww->stack[0].fd)
			close(fd);
		errno = saved;
		fd = nfd;
	}
	free(names);
	sbuf_release(&rel);
	return fd;
}

static void
push_frame(struct walk_worker *ww, struct scan_dir *dir, int fd)
{
	size_t open = 0;

	XGROW(ww->stack, ww->depth + 1, ww->sdalloc);
	ww->stack[ww->depth++] = (struct walk_frame){ dir, NULL, fd };
	/* Open frames: the first, and low .. depth-1. */
	if (ww->low < 1)
		ww->low = 1;
	open = 1 + (ww->depth - ww->low);
	if (open > ww->w->fds_per_worker)
		close_oldest(ww);
}

static void task_walk(void *arg, void *ctx);

/*
 * Gives an idle worker the shallowest pending subdirectory on the stack.
 * Called before each descent; costs one atomic load when nobody is idle.
 */
static void
maybe_share(struct walk_worker *ww)
{
	struct walk *w = ww->w;
	struct walk_task *t;
	struct scan_dir *c;
	size_t i;
	int fd;
	unsigned idle;

	if (w->pool == NULL)
		return;
	idle = pool_idle(w->pool);
	if (idle <= atomic_load_explicit(&w->shared, memory_order_relaxed))
		return;
	/* Cached metadata: more running workers than cores only cost. */
	if (!atomic_load_explicit(&w->io_bound, memory_order_relaxed) &&
	    pool_size(w->pool) - idle >= w->ncpu)
		return;
	for (i = 0; i < ww->depth; i++)
		if (ww->stack[i].next != NULL && ww->stack[i].fd >= 0)
			break;
	if (i == ww->depth)
		return;
	c = ww->stack[i].next;
	ww->stack[i].next = c->next;
	fd = open_child(ww, ww->stack[i].fd, c->name);
	if (fd < 0) {
		walk_dir_error(ww, c, NULL, errno);
		return;
	}
	t = xmalloc(sizeof(*t));
	t->dir = c;
	t->fd = fd;
	atomic_fetch_add(&w->shared, 1);
	pool_submit(w->pool, task_walk, t);
}

static void
pop_frame(struct walk_worker *ww)
{
	struct walk_frame *f = &ww->stack[--ww->depth];

	if (f->fd >= 0)
		close(f->fd);
	if (ww->low > ww->depth)
		ww->low = ww->depth;
}

/* Walks the subtree of dir, open on fd, depth-first; closes fd. */
static void
walk_subtree(struct walk_worker *ww, struct scan_dir *dir, int fd)
{
	struct walk_frame *top;
	struct scan_dir *c;

	ww->depth = 0;
	ww->low = 1;
	push_frame(ww, dir, fd);
	read_dir(ww, dir, fd);
	ww->stack[0].next = dir->child;
	while (ww->depth > 0) {
		top = &ww->stack[ww->depth - 1];
		if (top->next == NULL) {
			pop_frame(ww);
			continue;
		}
		maybe_share(ww);
		top = &ww->stack[ww->depth - 1];
		c = top->next;
		if (c == NULL)
			continue;
		top->next = c->next;
		if (top->fd < 0) {
			top->fd = reopen_frame(ww, ww->depth - 1);
			ww->low = ww->depth - 1;
			if (top->fd < 0) {
				walk_dir_error(ww, top->dir, NULL, errno);
				top->next = NULL;
				continue;
			}
		}
		fd = open_child(ww, top->fd, c->name);
		if (fd < 0) {
			walk_dir_error(ww, c, NULL, errno);
			continue;
		}
		push_frame(ww, c, fd);
		read_dir(ww, c, fd);
		ww->stack[ww->depth - 1].next = c->child;
	}
}

static void
task_walk(void *arg, void *ctx)
{
	struct walk_task *t = arg;
	struct walk_worker *ww = ctx;

	atomic_fetch_sub(&ww->w->shared, 1);
	walk_subtree(ww, t->dir, t->fd);
	free(t);
}

/* Workers that fit the descriptor limit with at least 2 open frames each. */
static void
plan_fds(struct walk *w, unsigned want)
{
	struct rlimit rl;
	unsigned long avail = 1024;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
		avail = rl.rlim_cur;
	avail = avail > 24 ? avail - 16 : 8;
	if (want > avail / 4)
		want = avail / 4 > 0 ? (unsigned)(avail / 4) : 1;
	w->nworkers = want;
	w->fds_per_worker = (unsigned)(avail / (2 * want));
	if (w->fds_per_worker < 2)
		w->fds_per_worker = 2;
	if (w->fds_per_worker > 256)
		w->fds_per_worker = 256;
}

/*
 * The default pool: enough blocking workers for cold metadata reads
 * (16-32 measured best on 2 vCPUs), of which only about one per core
 * runs while the metadata is cached (see note_latency).
 */
static unsigned
default_threads(unsigned ncpu)
{
	unsigned n = 8 * ncpu;

	return n < 16 ? 16 : n > 64 ? 64 : n;
}

void
walk_par_plan(struct walk *w)
{
	struct rusage ru;

	plan_fds(w, w->o.nthreads ? w->o.nthreads : default_threads(w->ncpu));
	atomic_init(&w->io_bound, 0);
	atomic_init(&w->busy_milli, WALK_BUSY_UNKNOWN);
	atomic_init(&w->busy_at, hr_mono_ns());
	memset(&ru, 0, sizeof(ru));
	getrusage(RUSAGE_SELF, &ru);
	atomic_init(&w->busy_cpu, ru_cpu_ns(&ru));
	atomic_init(&w->busy_inblock, (uint64_t)ru.ru_inblock);
	atomic_init(&w->disk_reads, 0);
	atomic_init(&w->shared, 0);
}

void
walk_par_start(struct walk *w)
{
	void **ctx = xcalloc(w->nworkers, sizeof(*ctx));
	unsigned i;

	for (i = 0; i < w->nworkers; i++) {
		struct walk_worker *ww = &w->workers[i];

		ww->dalloc = 2 * DBUF_SIZE;
		ww->dbuf = xmalloc(ww->dalloc);
		ctx[i] = ww;
	}
	/* The workers beyond one per core start when reads prove slow. */
	w->pool = pool_new(w->nworkers, ctx, POOL_LIFO | POOL_LAZY);
	pool_grow(w->pool, w->ncpu);
	free(ctx);
}

void
walk_par_tree(struct walk *w, struct scan_dir *dir, int fd)
{
	struct walk_task *t = xmalloc(sizeof(*t));

	t->dir = dir;
	t->fd = fd;
	atomic_fetch_add(&w->shared, 1);
	pool_submit(w->pool, task_walk, t);
	pool_wait(w->pool);
}
