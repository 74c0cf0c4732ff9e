/*
 * floor: the bare walk, the practical limit of any scanner on this machine
 * (scanner/walk.c's walk, stripped).  Per directory one openat and
 * getdents64 until empty, per entry one statx; nothing else.  Two threads
 * by default, each walking depth-first from its own stack and handing a
 * subdirectory to the shared queue only when another thread is idle
 * ("lazy sharing").
 *
 *	floor [-j THREADS] [--apparent-size] PATH...
 *
 * Prints "BYTES<TAB>PATH" per argument, like `du -s -B1`: disk usage is
 * st_blocks * 512, directories count their own blocks, and an inode with
 * more than one link counts once per run.  Exit 1 when an entry could not
 * be read (like du), 2 on bad usage.
 *
 * A directory's descriptor stays open until every subdirectory found in it
 * has been opened (a reference count), so the walk never resolves a path of
 * more than one component and holds about one descriptor per level.
 */
#include "config.h"

#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/diag.h"
#include "lib/xalloc.h"

#define DENTS_BUF (64 * 1024)
#define SHARE_MAX 64 /* shared queue length above which nobody shares */
#define SHARDS 64
#define STX_MASK                                                               \
	(STATX_TYPE | STATX_NLINK | STATX_INO | STATX_SIZE | STATX_BLOCKS)

struct dnode {
	int fd;
	atomic_int refs;
};

struct item {
	struct dnode *parent; /* NULL: name is a path from the cwd */
	char *name;
};

/* A set of (dev, ino) keys, open addressing; key 0 marks a free slot. */
struct shard {
	pthread_mutex_t mu;
	uint64_t (*keys)[2];
	size_t n, cap;
};

struct walk {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct item *queue;
	size_t qn, qalloc;
	unsigned nthreads, idle;
	atomic_uint waiting; /* read without the lock to decide to share */
	int done, apparent;
	struct shard shards[SHARDS];
};

struct worker {
	struct walk *w;
	struct item *stack;
	size_t n, alloc;
	uint64_t bytes, errors;
	char *buf;
};

struct linux_dirent64 {
	uint64_t d_ino;
	int64_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

static uint64_t
mix(uint64_t a, uint64_t b)
{
	uint64_t h = a * 0x9e3779b97f4a7c15ULL ^ b;

	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	return h ^ (h >> 33);
}

static void
shard_grow(struct shard *s)
{
	uint64_t(*old)[2] = s->keys;
	size_t i, j, oldcap = s->cap;

	s->cap = oldcap ? oldcap * 2 : 1024;
	s->keys = xcalloc(s->cap, sizeof(*s->keys));
	for (i = 0; i < oldcap; i++) {
		if (old[i][1] == 0)
			continue;
		j = mix(old[i][0], old[i][1]) & (s->cap - 1);
		while (s->keys[j][1] != 0)
			j = (j + 1) & (s->cap - 1);
		s->keys[j][0] = old[i][0];
		s->keys[j][1] = old[i][1];
	}
	free(old);
}

/* Returns 1 the first time (dev, ino) is seen, 0 afterwards. */
static int
first_sighting(struct walk *w, uint64_t dev, uint64_t ino)
{
	uint64_t h = mix(dev, ino + 1);
	struct shard *s = &w->shards[h % SHARDS];
	size_t j;
	int fresh = 1;

	pthread_mutex_lock(&s->mu);
	if ((s->n + 1) * 2 > s->cap)
		shard_grow(s);
	for (j = h & (s->cap - 1); s->keys[j][1] != 0;
	     j = (j + 1) & (s->cap - 1))
		if (s->keys[j][0] == dev && s->keys[j][1] == ino + 1) {
			fresh = 0;
			break;
		}
	if (fresh) {
		s->keys[j][0] = dev;
		s->keys[j][1] = ino + 1;
		s->n++;
	}
	pthread_mutex_unlock(&s->mu);
	return fresh;
}

static uint64_t
usage_of(struct walk *w, const struct statx *sx)
{
	if (!S_ISDIR(sx->stx_mode) && sx->stx_nlink > 1 &&
	    !first_sighting(w,
	        (uint64_t)sx->stx_dev_major << 32 | sx->stx_dev_minor,
	        sx->stx_ino))
		return 0;
	return w->apparent ? sx->stx_size : sx->stx_blocks * 512;
}

static void
dnode_release(struct dnode *d)
{
	if (d != NULL && atomic_fetch_sub(&d->refs, 1) == 1) {
		close(d->fd);
		free(d);
	}
}

/* Hands it to a waiting thread; 0, or -1 when the shared queue is full. */
static int
share(struct walk *w, struct item it)
{
	int rc = -1;

	pthread_mutex_lock(&w->mu);
	if (w->qn < SHARE_MAX) {
		XGROW(w->queue, w->qn + 1, w->qalloc);
		w->queue[w->qn++] = it;
		pthread_cond_signal(&w->cv);
		rc = 0;
	}
	pthread_mutex_unlock(&w->mu);
	return rc;
}

/* Queues subdirectory name of d: shared when a thread waits, else local. */
static void
push(struct worker *wk, struct dnode *d, const char *name)
{
	struct item it = { d, xstrdup(name) };

	atomic_fetch_add(&d->refs, 1);
	if (atomic_load(&wk->w->waiting) > 0 && share(wk->w, it) == 0)
		return;
	XGROW(wk->stack, wk->n + 1, wk->alloc);
	wk->stack[wk->n++] = it;
}

/* Gives the oldest (shallowest) item of the stack to a waiting thread. */
static void
give_away(struct worker *wk)
{
	if (wk->n < 2 || atomic_load(&wk->w->waiting) == 0)
		return;
	if (share(wk->w, wk->stack[0]) == 0) {
		wk->n--;
		memmove(wk->stack, wk->stack + 1, wk->n * sizeof(*wk->stack));
	}
}

/* Reads directory fd to the end: statx every entry, queue subdirectories. */
static void
list_dir(struct worker *wk, int fd)
{
	struct dnode *d = xmalloc(sizeof(*d));
	struct statx sx;
	long n, off;

	d->fd = fd;
	atomic_init(&d->refs, 1);
	while ((n = syscall(SYS_getdents64, fd, wk->buf, DENTS_BUF)) > 0)
		for (off = 0; off < n;) {
			struct linux_dirent64 *de = (void *)(wk->buf + off);
			const char *nm = de->d_name;

			off += de->d_reclen;
			if (nm[0] == '.' &&
			    (nm[1] == '\0' || (nm[1] == '.' && nm[2] == '\0')))
				continue;
			if (statx(fd, nm, AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT,
			        STX_MASK, &sx) < 0) {
				wk->errors++;
				continue;
			}
			wk->bytes += usage_of(wk->w, &sx);
			if (S_ISDIR(sx.stx_mode))
				push(wk, d, nm);
		}
	if (n < 0)
		wk->errors++;
	dnode_release(d);
}

/* Takes shared work when the own stack is empty; 0, or -1 when all done. */
static int
take_shared(struct worker *wk)
{
	struct walk *w = wk->w;
	int rc = 0;

	pthread_mutex_lock(&w->mu);
	while (w->qn == 0 && !w->done) {
		if (++w->idle == w->nthreads) {
			w->done = 1;
			pthread_cond_broadcast(&w->cv);
			break;
		}
		atomic_fetch_add(&w->waiting, 1);
		pthread_cond_wait(&w->cv, &w->mu);
		atomic_fetch_sub(&w->waiting, 1);
		w->idle--;
	}
	if (w->qn > 0) {
		XGROW(wk->stack, wk->n + 1, wk->alloc);
		wk->stack[wk->n++] = w->queue[--w->qn];
	} else {
		rc = -1;
	}
	pthread_mutex_unlock(&w->mu);
	return rc;
}

static void *
work(void *arg)
{
	struct worker *wk = arg;
	struct item it;
	int fd;

	wk->buf = xmalloc(DENTS_BUF);
	while (wk->n > 0 || take_shared(wk) == 0) {
		give_away(wk);
		it = wk->stack[--wk->n];
		fd = openat(it.parent ? it.parent->fd : AT_FDCWD, it.name,
		    O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		dnode_release(it.parent);
		free(it.name);
		if (fd < 0)
			wk->errors++;
		else
			list_dir(wk, fd);
	}
	free(wk->buf);
	free(wk->stack);
	return NULL;
}

/* Walks path with w->nthreads threads; adds its usage to *bytes. */
static int
walk_path(struct walk *w, const char *path, uint64_t *bytes, uint64_t *errs)
{
	struct worker *wk = xcalloc(w->nthreads, sizeof(*wk));
	pthread_t *tid = xcalloc(w->nthreads, sizeof(*tid));
	struct statx sx;
	unsigned i;

	if (statx(AT_FDCWD, path, AT_SYMLINK_NOFOLLOW, STX_MASK, &sx) < 0) {
		diag_say("cannot access '%s': %s", path, strerror(errno));
		free(wk);
		free(tid);
		return -1;
	}
	*bytes = usage_of(w, &sx);
	w->done = 0;
	w->idle = 0;
	for (i = 0; i < w->nthreads; i++)
		wk[i].w = w;
	if (S_ISDIR(sx.stx_mode)) {
		XGROW(wk[0].stack, 1, wk[0].alloc);
		wk[0].stack[wk[0].n++] = (struct item){ NULL, xstrdup(path) };
	}
	for (i = 0; i < w->nthreads; i++)
		if (pthread_create(&tid[i], NULL, work, &wk[i]) != 0)
			abort();
	for (i = 0; i < w->nthreads; i++) {
		pthread_join(tid[i], NULL);
		*bytes += wk[i].bytes;
		*errs += wk[i].errors;
	}
	free(wk);
	free(tid);
	return 0;
}

static int
parse_args(int argc, char **argv, struct walk *w)
{
	int i = 1;

	for (; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "--apparent-size") == 0) {
			w->apparent = 1;
		} else if (strcmp(argv[i], "-j") == 0 && i + 1 < argc) {
			w->nthreads = (unsigned)atoi(argv[++i]);
		} else if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		} else {
			return -1;
		}
	}
	if (w->nthreads < 1 || w->nthreads > 1024 || i >= argc)
		return -1;
	return i;
}

int
main(int argc, char **argv)
{
	struct walk w;
	uint64_t bytes, errs = 0;
	int i, rc = 0;

	memset(&w, 0, sizeof(w));
	w.nthreads = 2;
	diag_set_program("floor");
	if ((i = parse_args(argc, argv, &w)) < 0) {
		fputs("usage: floor [-j THREADS] [--apparent-size] PATH...\n",
		    stderr);
		return 2;
	}
	pthread_mutex_init(&w.mu, NULL);
	pthread_cond_init(&w.cv, NULL);
	for (int s = 0; s < SHARDS; s++)
		pthread_mutex_init(&w.shards[s].mu, NULL);
	for (; i < argc; i++) {
		if (walk_path(&w, argv[i], &bytes, &errs) < 0) {
			rc = 1;
			continue;
		}
		printf("%llu\t%s\n", (unsigned long long)bytes, argv[i]);
	}
	if (errs > 0) {
		diag_say(
		    "%llu entries could not be read", (unsigned long long)errs);
		rc = 1;
	}
	for (int s = 0; s < SHARDS; s++)
		free(w.shards[s].keys);
	free(w.queue);
	if (fflush(stdout) != 0 || ferror(stdout))
		rc = 1;
	return rc;
}
