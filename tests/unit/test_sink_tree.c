/* Unit tests of scanner/sink_tree and sink.c: sums, paths, du's order. */
#include "config.h"

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

/*
 * tree_ops is the whole of the sums: a directory's own inode (dir_new),
 * its counted entries (entry), its subtree (finish); nothing else fills
 * them.
 */
static void
test_tree_ops_sums(void **state)
{
	struct scan_dir *r = scan_test_dir(NULL, "r", 0, 0), *a;
	struct scan_entry de = { 0 }, fe = { 0 }, dup = { 0 }, bad = { 0 };

	(void)state;
	a = scan_test_dir(r, "a", 0, 0);
	de.disk = 4096;
	de.size = 10;
	tree_ops.dir_new(NULL, r, &de);
	tree_ops.dir_new(NULL, a, &de);
	fe.disk = 512;
	fe.size = 3;
	dup = fe;
	dup.flags = SCAN_ENT_DUP;
	bad.err = 13;
	tree_ops.entry(NULL, a, &fe);
	tree_ops.entry(NULL, a, &dup);
	tree_ops.entry(NULL, r, &bad);
	tree_ops.entry(NULL, NULL, &fe); /* a PATH: not a directory's */
	assert_int_equal(a->disk, 4096 + 512);
	assert_int_equal(r->disk, 4096);
	tree_ops.finish(NULL, r);
	assert_int_equal(r->disk, 2 * 4096 + 512);
	assert_int_equal(r->size, 2 * 10 + 3);
	assert_int_equal(r->files, 1);
	assert_int_equal(r->dirs, 2);
	assert_int_equal(r->errors, 1);
	assert_true(r->flags & SCAN_DIR_SUBERR);
	free(a);
	free(r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sum_and_du_order),
		cmocka_unit_test(test_deep_chain),
		cmocka_unit_test(test_tree_ops_sums),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
