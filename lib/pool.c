/*
 * The thread pool.
 *
 * Design: one queue, one mutex, two condition variables.  The queue is a
 * growable ring of (fn, arg) pairs; workers pop from the front (FIFO) or the
 * back (POOL_LIFO).  `running` counts tasks in progress; pool_wait sleeps on
 * `done` until queue and running are both empty, which is exact even when
 * tasks submit tasks, because a task's submissions are queued before its own
 * running count is released.  `idle` is read without the lock by callers
 * that only want a hint (the walker shares a subdirectory only when some
 * worker waits for work), so it is an atomic.
 *
 * One lock per task is cheap next to what a task does here (a directory
 * read is several microseconds of kernel work); the walker keeps tasks
 * coarse by walking depth-first inside a task.
 */
#include "config.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/pool.h"
#include "lib/xalloc.h"

struct pool_item {
	pool_task_fn fn;
	void *arg;
};

struct pool_worker {
	struct pool *pool;
	void *ctx;
	pthread_t thread;
};

struct pool {
	pthread_mutex_t lock;
	pthread_cond_t work; /* signalled when an item is queued or on stop */
	pthread_cond_t done; /* signalled when the pool becomes quiet */
	struct pool_item *ring;
	size_t alloc, head, count;
	size_t running;
	atomic_uint idle;
	int stop;
	unsigned flags;
	unsigned nthreads; /* workers the pool may have */
	unsigned started;  /* workers started so far, under lock */
	struct pool_worker *workers;
};

static int
pop(struct pool *p, struct pool_item *it)
{
	size_t i;

	if (p->count == 0)
		return 0;
	if (p->flags & POOL_LIFO) {
		i = (p->head + p->count - 1) % p->alloc;
	} else {
		i = p->head;
		p->head = (p->head + 1) % p->alloc;
	}
	*it = p->ring[i];
	p->count--;
	return 1;
}

static void
push(struct pool *p, pool_task_fn fn, void *arg)
{
	if (p->count == p->alloc) {
		size_t n = p->alloc ? p->alloc * 2 : 256;
		struct pool_item *r = xreallocarray(NULL, n, sizeof(*r));
		size_t i;

		for (i = 0; i < p->count; i++)
			r[i] = p->ring[(p->head + i) % p->alloc];
		free(p->ring);
		p->ring = r;
		p->alloc = n;
		p->head = 0;
	}
	p->ring[(p->head + p->count) % p->alloc] =
	    (struct pool_item){ fn, arg };
	p->count++;
}

static void *
worker_main(void *data)
{
	struct pool_worker *w = data;
	struct pool *p = w->pool;
	struct pool_item it;

	pthread_mutex_lock(&p->lock);
	for (;;) {
		while (!pop(p, &it)) {
			if (p->stop) {
				pthread_mutex_unlock(&p->lock);
				return NULL;
			}
			atomic_fetch_add(&p->idle, 1);
			pthread_cond_wait(&p->work, &p->lock);
			atomic_fetch_sub(&p->idle, 1);
		}
		p->running++;
		pthread_mutex_unlock(&p->lock);
		it.fn(it.arg, w->ctx);
		pthread_mutex_lock(&p->lock);
		p->running--;
		if (p->running == 0 && p->count == 0)
			pthread_cond_broadcast(&p->done);
	}
}

/* Starts workers until n (at most nthreads) run; the lock is held. */
static void
start_workers(struct pool *p, unsigned n)
{
	if (n > p->nthreads)
		n = p->nthreads;
	for (; p->started < n; p->started++) {
		struct pool_worker *w = &p->workers[p->started];

		if (pthread_create(&w->thread, NULL, worker_main, w) != 0) {
			fputs("headroom: cannot create a thread\n", stderr);
			abort();
		}
	}
}

struct pool *
pool_new(unsigned nthreads, void **worker_ctx, unsigned flags)
{
	struct pool *p = xcalloc(1, sizeof(*p));
	unsigned i;

	if (nthreads == 0)
		nthreads = 1;
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->work, NULL);
	pthread_cond_init(&p->done, NULL);
	atomic_init(&p->idle, 0);
	p->flags = flags;
	p->nthreads = nthreads;
	p->workers = xcalloc(nthreads, sizeof(*p->workers));
	for (i = 0; i < nthreads; i++) {
		p->workers[i].pool = p;
		p->workers[i].ctx = worker_ctx ? worker_ctx[i] : NULL;
	}
	pthread_mutex_lock(&p->lock);
	start_workers(p, flags & POOL_LAZY ? 1 : nthreads);
	pthread_mutex_unlock(&p->lock);
	return p;
}

void
pool_grow(struct pool *p, unsigned n)
{
	pthread_mutex_lock(&p->lock);
	start_workers(p, n);
	pthread_mutex_unlock(&p->lock);
}

void
pool_submit(struct pool *p, pool_task_fn fn, void *arg)
{
	pthread_mutex_lock(&p->lock);
	push(p, fn, arg);
	pthread_cond_signal(&p->work);
	pthread_mutex_unlock(&p->lock);
}

void
pool_wait(struct pool *p)
{
	pthread_mutex_lock(&p->lock);
	while (p->count > 0 || p->running > 0)
		pthread_cond_wait(&p->done, &p->lock);
	pthread_mutex_unlock(&p->lock);
}

unsigned
pool_idle(struct pool *p)
{
	return atomic_load_explicit(&p->idle, memory_order_relaxed);
}

size_t
pool_queued(struct pool *p)
{
	size_t n;

	pthread_mutex_lock(&p->lock);
	n = p->count;
	pthread_mutex_unlock(&p->lock);
	return n;
}

unsigned
pool_size(struct pool *p)
{
	unsigned n;

	pthread_mutex_lock(&p->lock);
	n = p->started;
	pthread_mutex_unlock(&p->lock);
	return n;
}

void
pool_free(struct pool *p)
{
	unsigned i;

	if (p == NULL)
		return;
	pool_wait(p);
	pthread_mutex_lock(&p->lock);
	p->stop = 1;
	pthread_cond_broadcast(&p->work);
	pthread_mutex_unlock(&p->lock);
	for (i = 0; i < p->started; i++)
		pthread_join(p->workers[i].thread, NULL);
	pthread_cond_destroy(&p->done);
	pthread_cond_destroy(&p->work);
	pthread_mutex_destroy(&p->lock);
	free(p->workers);
	free(p->ring);
	free(p);
}

unsigned
pool_cpus(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n > 0 ? (unsigned)n : 1;
}
