/*
 * pool: a fixed set of worker threads draining one shared work queue.
 *
 *	void *ctx[4] = { &w0, &w1, &w2, &w3 };
 *	struct pool *p = pool_new(4, ctx, POOL_LIFO);
 *	pool_submit(p, task, arg);	// task(arg, ctx[i]) runs on worker i
 *	pool_wait(p);			// until nothing is queued or running
 *	pool_free(p);
 *
 * Tasks may submit more tasks (the parallel walker does); pool_wait returns
 * only when the queue is empty and no task is running, so work submitted by
 * work is waited for too.  Workers never print or exit; a task reports
 * through its context.
 */
#ifndef HR_POOL_H
#define HR_POOL_H

#include <stddef.h>

struct pool;

enum pool_flags {
	POOL_LIFO = 1 << 0, /* newest task first (depth-first walks) */
	POOL_LAZY = 1 << 1, /* start one worker; pool_grow() starts more */
};

typedef void (*pool_task_fn)(void *arg, void *worker_ctx);

/*
 * A pool of nthreads (>= 1) workers, all started now, or only one with
 * POOL_LAZY.  worker_ctx, if not NULL, has nthreads entries; entry i is
 * passed to every task run by worker i and stays owned by the caller.
 * Aborts if a thread cannot be created.
 */
struct pool *pool_new(unsigned nthreads, void **worker_ctx, unsigned flags);
/* Starts workers until n (at most nthreads) run.  Safe from any thread. */
void pool_grow(struct pool *p, unsigned n);
/* Queues fn(arg, ctx).  Safe from any thread, tasks included. */
void pool_submit(struct pool *p, pool_task_fn fn, void *arg);
/* Blocks until the queue is empty and every worker is idle. */
void pool_wait(struct pool *p);
/* Workers waiting for work right now (a hint for lazy work sharing). */
unsigned pool_idle(struct pool *p);
/* Tasks queued and not yet started (a hint). */
size_t pool_queued(struct pool *p);
/* Workers started so far. */
unsigned pool_size(struct pool *p);
/* Waits for all work, stops and joins the workers, frees p.  NULL is fine. */
void pool_free(struct pool *p);

/*
 * The CPUs online now, at least 1: how many threads can compute at once,
 * where a pool may have more workers for work that waits on the disk.
 */
unsigned pool_cpus(void);

#endif
