/* Unit tests of lib/pool: sums checked under stress, from 1 to 64 threads. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

#include <cmocka.h>

#include "lib/pool.h"
#include "lib/xalloc.h"

struct counter {
	atomic_ullong sum;
	atomic_ullong tasks;
	struct pool *pool;
};

static struct counter *
counter_new(void)
{
	struct counter *c = xcalloc(1, sizeof(*c));

	atomic_init(&c->sum, 0);
	atomic_init(&c->tasks, 0);
	return c;
}

static void
add_task(void *arg, void *ctx)
{
	struct counter *c = ctx;

	atomic_fetch_add(&c->sum, (uintptr_t)arg);
	atomic_fetch_add(&c->tasks, 1);
}

/* A million tiny tasks; the sum of 1..n must come out exact. */
static void
test_many_tiny_tasks(void **state)
{
	const unsigned long n = 1000000;
	unsigned threads[] = { 1, 2, 7, 64 };
	size_t t;

	(void)state;
	for (t = 0; t < sizeof(threads) / sizeof(threads[0]); t++) {
		struct counter *c = counter_new();
		void **ctx = xcalloc(threads[t], sizeof(*ctx));
		struct pool *p;
		unsigned long i;
		unsigned k;

		for (k = 0; k < threads[t]; k++)
			ctx[k] = c;
		p = pool_new(threads[t], ctx, t % 2 ? POOL_LIFO : 0);
		assert_int_equal(pool_size(p), threads[t]);
		for (i = 1; i <= n; i++)
			pool_submit(p, add_task, (void *)(uintptr_t)i);
		pool_wait(p);
		assert_int_equal(atomic_load(&c->tasks), n);
		assert_true(atomic_load(&c->sum) ==
		    (unsigned long long)n * (n + 1) / 2);
		assert_int_equal(pool_queued(p), 0);
		pool_free(p);
		free(ctx);
		free(c);
	}
}

/*
 * Tasks that submit tasks: a binary tree of depth d has 2^(d+1)-1 nodes.
 * pool_wait must not return before the last grandchild ran.
 */
struct tree_ctx {
	struct pool *pool;
	atomic_ullong nodes;
};

static void
tree_task(void *arg, void *ctx)
{
	struct tree_ctx *tc = ctx;
	uintptr_t depth = (uintptr_t)arg;

	atomic_fetch_add(&tc->nodes, 1);
	if (depth > 0) {
		pool_submit(tc->pool, tree_task, (void *)(depth - 1));
		pool_submit(tc->pool, tree_task, (void *)(depth - 1));
	}
}

static void
test_tasks_spawn_tasks(void **state)
{
	unsigned nthreads;

	(void)state;
	for (nthreads = 1; nthreads <= 64; nthreads *= 4) {
		struct tree_ctx tc;
		void **ctx = xcalloc(nthreads, sizeof(*ctx));
		unsigned k;

		atomic_init(&tc.nodes, 0);
		for (k = 0; k < nthreads; k++)
			ctx[k] = &tc;
		tc.pool = pool_new(nthreads, ctx, POOL_LIFO);
		pool_submit(tc.pool, tree_task, (void *)(uintptr_t)16);
		pool_wait(tc.pool);
		assert_int_equal(atomic_load(&tc.nodes), (1u << 17) - 1);
		/* The pool is reusable after a wait. */
		pool_submit(tc.pool, tree_task, (void *)(uintptr_t)3);
		pool_free(tc.pool);
		assert_int_equal(atomic_load(&tc.nodes), (1u << 17) - 1 + 15);
		free(ctx);
	}
}

/* Each worker gets its own context: per-worker counts add up. */
struct slot {
	unsigned long count;
};

static void
slot_task(void *arg, void *ctx)
{
	struct slot *s = ctx;

	(void)arg;
	s->count++; /* unsynchronised on purpose: the slot is the worker's */
}

/* Points ctx[i] at slots[i], for n workers. */
static void
slots_init(struct slot *slots, void **ctx, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		slots[i].count = 0;
		ctx[i] = &slots[i];
	}
}

static void
submit_slot_tasks(struct pool *p, int tasks)
{
	int i;

	for (i = 0; i < tasks; i++)
		pool_submit(p, slot_task, NULL);
}

static unsigned long
slots_total(const struct slot *slots, int n)
{
	unsigned long total = 0;
	int i;

	for (i = 0; i < n; i++)
		total += slots[i].count;
	return total;
}

static void
test_worker_context(void **state)
{
	enum { N = 8, TASKS = 200000 };
	struct slot slots[N];
	void *ctx[N];
	struct pool *p;

	(void)state;
	slots_init(slots, ctx, N);
	p = pool_new(N, ctx, 0);
	submit_slot_tasks(p, TASKS);
	pool_free(p);
	assert_int_equal(slots_total(slots, N), TASKS);
}

/*
 * A lazy pool runs everything on its first worker until it grows, then
 * on at most as many workers as it has.
 */
static void
test_lazy_grow(void **state)
{
	enum { N = 6, TASKS = 100000 };
	struct slot slots[N];
	void *ctx[N];
	struct pool *p;

	(void)state;
	slots_init(slots, ctx, N);
	p = pool_new(N, ctx, POOL_LIFO | POOL_LAZY);
	assert_int_equal(pool_size(p), 1);
	submit_slot_tasks(p, TASKS);
	pool_wait(p);
	assert_int_equal(slots[0].count, TASKS);
	assert_int_equal(slots_total(slots, N), TASKS);
	pool_grow(p, 3);
	assert_int_equal(pool_size(p), 3);
	pool_grow(p, 2); /* never shrinks */
	assert_int_equal(pool_size(p), 3);
	pool_grow(p, 100); /* at most N */
	assert_int_equal(pool_size(p), N);
	submit_slot_tasks(p, TASKS);
	pool_free(p);
	assert_int_equal(slots_total(slots, N), 2 * TASKS);
}

/* A task that keeps its worker busy until the gate opens. */
struct gate {
	atomic_int entered;
	atomic_int open;
};

static void
nap(void)
{
	const struct timespec ms = { 0, 1000000 };

	nanosleep(&ms, NULL);
}

static void
gate_task(void *arg, void *ctx)
{
	struct gate *g = arg;

	(void)ctx;
	atomic_fetch_add(&g->entered, 1);
	while (!atomic_load(&g->open))
		nap();
}

/*
 * pool_idle(p) once it reads want, or after 10 s of waiting for it (a
 * hint: a worker counts itself idle only when it goes to sleep).
 */
static unsigned
idle_settled(struct pool *p, unsigned want)
{
	int i;

	for (i = 0; i < 10000 && pool_idle(p) != want; i++)
		nap();
	return pool_idle(p);
}

/*
 * Workers waiting for work count as idle, a busy one does not; an empty
 * pool's wait returns at once.
 */
static void
test_idle_and_empty(void **state)
{
	struct pool *p = pool_new(3, NULL, 0);
	struct gate g;
	int i;

	(void)state;
	atomic_init(&g.entered, 0);
	atomic_init(&g.open, 0);
	pool_wait(p); /* nothing queued: returns at once */
	assert_int_equal(pool_queued(p), 0);
	assert_int_equal(idle_settled(p, 3), 3);
	pool_submit(p, gate_task, &g);
	for (i = 0; i < 10000 && atomic_load(&g.entered) == 0; i++)
		nap();
	assert_int_equal(atomic_load(&g.entered), 1);
	assert_int_equal(idle_settled(p, 2), 2);
	atomic_store(&g.open, 1);
	pool_wait(p);
	assert_int_equal(idle_settled(p, 3), 3);
	pool_free(p);
	pool_free(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_many_tiny_tasks),
		cmocka_unit_test(test_tasks_spawn_tasks),
		cmocka_unit_test(test_worker_context),
		cmocka_unit_test(test_lazy_grow),
		cmocka_unit_test(test_idle_and_empty),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
