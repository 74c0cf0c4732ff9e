/* Unit tests of scanner/sink_tree: the hard-link set, sums, du's order. */
#include "config.h"

#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lib/sbuf.h"
#include "lib/xalloc.h"
#include "scanner/sink_tree.h"
#include "tests/unit/scan_test_util.h"

static void
test_hlset_counts_once(void **state)
{
	struct hlset *s = hlset_new();
	uint64_t i;

	(void)state;
	assert_int_equal(hlset_add(s, 1, 42), 1);
	assert_int_equal(hlset_add(s, 1, 42), 0);
	assert_int_equal(hlset_add(s, 2, 42), 1);
	for (i = 0; i < 10000; i++)
		assert_int_equal(hlset_add(s, 7, i), 1);
	for (i = 0; i < 10000; i++)
		assert_int_equal(hlset_add(s, 7, i), 0);
	assert_int_equal(hlset_count(s), 10002);
	hlset_free(s);
}

struct race {
	struct hlset *s;
	int won;
};

static void *
racer(void *arg)
{
	struct race *r = arg;
	uint64_t i;

	for (i = 0; i < 20000; i++)
		r->won += hlset_add(r->s, 3, i);
	return NULL;
}

static void
test_hlset_concurrent(void **state)
{
	struct hlset *s = hlset_new();
	struct race r[4];
	pthread_t t[4];
	int i, total = 0;

	(void)state;
	for (i = 0; i < 4; i++) {
		r[i].s = s;
		r[i].won = 0;
		assert_int_equal(pthread_create(&t[i], NULL, racer, &r[i]), 0);
	}
	for (i = 0; i < 4; i++) {
		pthread_join(t[i], NULL);
		total += r[i].won;
	}
	/* Each inode is added exactly once, whoever won it. */
	assert_int_equal(total, 20000);
	assert_int_equal(hlset_count(s), 20000);
	hlset_free(s);
}

static void
collect(struct scan_dir *d, void *arg)
{
	struct sbuf *sb = arg;

	sbuf_addf(sb, "%s=%llu ", d->name, (unsigned long long)d->disk);
}

static void
test_sum_and_du_order(void **state)
{
	struct scan_dir *r = scan_test_dir(NULL, "top/", 10, 5), *a, *b, *c, *d;
	struct sbuf sb = SBUF_INIT;

	(void)state;
	a = scan_test_dir(r, "a", 1, 0);
	b = scan_test_dir(a, "b", 2, 1);
	c = scan_test_dir(r, "c", 4, 2);
	d = scan_test_dir(b, "d", 8, 4);
	d->errors = 1;
	tree_sum(r);
	assert_int_equal(r->disk, 25);
	assert_int_equal(r->size, 5 + 0 + 1 + 2 + 4);
	assert_int_equal(r->dirs, 5);
	assert_int_equal(r->errors, 1);
	assert_true(a->flags & SCAN_DIR_SUBERR);
	assert_true(r->flags & SCAN_DIR_SUBERR);
	assert_false(c->flags & SCAN_DIR_SUBERR);
	tree_postorder(r, UINT32_MAX, collect, &sb);
	assert_string_equal(sb.buf, "d=8 b=10 a=11 c=4 top/=25 ");
	sbuf_reset(&sb);
	tree_postorder(r, 1, collect, &sb);
	assert_string_equal(sb.buf, "a=11 c=4 top/=25 ");
	sbuf_reset(&sb);
	tree_postorder(r, 0, collect, &sb);
	assert_string_equal(sb.buf, "top/=25 ");
	sbuf_reset(&sb);
	tree_path(d, &sb);
	assert_string_equal(sb.buf, "top/a/b/d");
	sbuf_release(&sb);
	free(d);
	free(c);
	free(b);
	free(a);
	free(r);
}

static void
test_deep_chain(void **state)
{
	struct scan_dir *root = scan_test_dir(NULL, "r", 1, 0), *d = root,
	                **all;
	struct sbuf sb = SBUF_INIT;
	size_t i, n = 20000;

	(void)state;
	all = xcalloc(n, sizeof(*all));
	for (i = 0; i < n; i++)
		d = all[i] = scan_test_dir(d, "x", 1, 0);
	tree_sum(root);
	assert_int_equal(root->disk, n + 1);
	tree_path(d, &sb);
	assert_int_equal(sb.len, 1 + 2 * n);
	sbuf_release(&sb);
	for (i = 0; i < n; i++)
		free(all[i]);
	free(all);
	free(root);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hlset_counts_once),
		cmocka_unit_test(test_hlset_concurrent),
		cmocka_unit_test(test_sum_and_du_order),
		cmocka_unit_test(test_deep_chain),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
