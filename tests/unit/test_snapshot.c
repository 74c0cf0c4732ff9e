/*
 * Unit tests of scanner/snapshot (the saved scan's format) and
 * scanner/diff (this scan against a saved one): a round trip keeps every
 * directory's sums and path; every damaged or cut copy is refused, never
 * misread; the diff ranks growth, finds new and vanished directories and
 * gives each file system its time to full.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "scanner/diff.h"
#include "scanner/sink_tree.h"
#include "scanner/snapshot.h"
#include "tests/unit/scan_test_util.h"

/* /r with a (own 100) > x (own 50) and b (own 10); r's own is 4. */
static struct scan_dir *
tree(uint64_t x_disk, int with_b, int with_c)
{
	struct scan_dir *r = scan_test_dir(NULL, "/r", 4, 4);
	struct scan_dir *a = scan_test_dir(r, "a", 100, 100);

	scan_test_dir(a, "x", x_disk, x_disk);
	if (with_b)
		scan_test_dir(r, "b", 10, 10);
	if (with_c)
		scan_test_dir(r, "c", 7, 7);
	tree_sum(r);
	return r;
}

static void
free_tree(struct scan_dir *d)
{
	while (d->child != NULL) {
		struct scan_dir *c = d->child;

		d->child = c->next;
		free_tree(c);
	}
	free(d);
}

static void
encode(struct sbuf *sb, struct scan_dir *root, uint64_t used, int64_t sec)
{
	struct walk_root wr = { 0 };
	struct fsinfo fs = { 0 };
	struct snap_source src;

	wr.path = (char *)"/r";
	wr.real = (char *)"/r";
	wr.dir = root;
	fs.mount = (char *)"/";
	fs.used = used;
	fs.avail = 1000;
	src = (struct snap_source){ &wr, 1, &fs, 1, sec, 500, "host" };
	snapshot_encode(sb, &src);
}

static void
test_round_trip(void **state)
{
	struct scan_dir *root = tree(50, 1, 0);
	struct sbuf sb = SBUF_INIT, path = SBUF_INIT;
	struct snapshot s;
	struct hr_error err = HR_ERROR_INIT;
	static const char *const paths[] = { "/r", "/r/a", "/r/a/x", "/r/b" };
	static const uint64_t disks[] = { 164, 150, 50, 10 };
	size_t i;

	(void)state;
	encode(&sb, root, 5000, -3);
	assert_int_equal(snapshot_decode(sb.buf, sb.len, "f", &s, &err), 0);
	assert_int_equal(s.sec, -3);
	assert_int_equal(s.nsec, 500);
	assert_string_equal(s.host, "host");
	assert_int_equal(s.nroots, 1);
	assert_int_equal(s.ndirs, 4);
	for (i = 0; i < 4; i++) {
		sbuf_reset(&path);
		snapshot_path(&s, i, &path);
		assert_string_equal(path.buf, paths[i]);
		assert_int_equal(s.dirs[i].disk, disks[i]);
	}
	assert_int_equal(s.dirs[2].depth, 2);
	assert_int_equal(s.dirs[3].parent, 0);
	assert_non_null(snapshot_find_root(&s, "/r"));
	assert_null(snapshot_find_root(&s, "/q"));
	assert_int_equal(s.nfs, 1);
	assert_int_equal(s.fs[0].used, 5000);
	/* About 10 bytes a directory here: proportional to directories. */
	assert_true(sb.len < 100);
	snapshot_release(&s);
	sbuf_release(&path);
	sbuf_release(&sb);
	free_tree(root);
}

/* Every flipped byte and every cut is refused, with the file named. */
static void
test_damage(void **state)
{
	struct scan_dir *root = tree(50, 1, 0);
	struct sbuf sb = SBUF_INIT;
	struct snapshot s;
	size_t i, bit;

	(void)state;
	encode(&sb, root, 5000, 1796500000);
	for (i = 0; i < sb.len; i++)
		for (bit = 0; bit < 8; bit++) {
			struct hr_error err = HR_ERROR_INIT;

			sb.buf[i] ^= (char)(1 << bit);
			assert_int_equal(
			    snapshot_decode(sb.buf, sb.len, "f", &s, &err), -1);
			assert_non_null(strstr(err.msg, "'f'"));
			sb.buf[i] ^= (char)(1 << bit);
			hr_error_release(&err);
		}
	for (i = 0; i < sb.len; i++) {
		struct hr_error err = HR_ERROR_INIT;

		assert_int_equal(snapshot_decode(sb.buf, i, "f", &s, &err), -1);
		hr_error_release(&err);
	}
	sbuf_release(&sb);
	free_tree(root);
}

static void
test_version(void **state)
{
	static const char v2[] = "headroom-scan-snapshot 2\nxxxxxxxxxxxx";
	struct hr_error err = HR_ERROR_INIT;
	struct snapshot s;

	(void)state;
	assert_int_equal(
	    snapshot_decode(v2, sizeof(v2) - 1, "old", &s, &err), -1);
	assert_string_equal(err.msg,
	    "'old' is a snapshot of version 2; this headroom reads version 1");
	assert_int_equal(snapshot_decode("PK\3\4", 4, "z", &s, &err), -1);
	assert_string_equal(err.msg, "'z' is not a headroom scan snapshot");
	hr_error_release(&err);
}

static void
test_diff(void **state)
{
	struct scan_dir *old = tree(50, 1, 0), *now = tree(1050, 0, 1);
	struct sbuf sb = SBUF_INIT;
	struct snapshot s;
	struct hr_error err = HR_ERROR_INIT;
	struct walk_root wr = { 0 };
	struct fsinfo fs = { 0 };
	struct diff d;
	struct diff_source src;

	(void)state;
	encode(&sb, old, 5000, 1000);
	assert_int_equal(snapshot_decode(sb.buf, sb.len, "f", &s, &err), 0);
	wr.path = (char *)"/r";
	wr.real = (char *)"/r";
	wr.dir = now;
	fs.mount = (char *)"/";
	fs.used = 5000 + 3600;
	fs.avail = 7200;
	/* An hour later: 3600 bytes an hour, full in two hours. */
	src = (struct diff_source){ &s, &wr, 1, &fs, 1, 4600, 500, 2, 10 };
	diff_build(&d, &src);
	assert_true(d.seconds == 3600);
	assert_int_equal(d.ndirs, 5);
	assert_string_equal(d.dirs[0].path, "/r/a");
	assert_int_equal(d.dirs[0].delta, 1000);
	assert_string_equal(d.dirs[1].path, "/r/a/x");
	assert_string_equal(d.dirs[2].path, "/r");
	assert_int_equal(d.dirs[2].delta, 1000 + 7 - 10);
	assert_string_equal(d.dirs[3].path, "/r/c");
	assert_true(d.dirs[3].added);
	assert_string_equal(d.dirs[4].path, "/r/b");
	assert_int_equal(d.dirs[4].delta, -10);
	assert_int_equal(d.nadded, 1);
	assert_string_equal(d.added[0].path, "/r/c");
	assert_int_equal(d.nvanished, 1);
	assert_string_equal(d.vanished[0].path, "/r/b");
	assert_int_equal(d.vanished[0].before, 10);
	assert_true(diff_per_hour(&d, d.dirs[0].delta) == 1000);
	assert_int_equal(d.nfs, 1);
	assert_int_equal(d.fs[0].delta, 3600);
	assert_true(d.fs[0].seconds_to_full == 7200);
	diff_release(&d);
	/* -d 1 and --top 1: only the largest growth, no x. */
	src.maxdepth = 1;
	src.top = 1;
	fs.used = 4000;
	diff_build(&d, &src);
	assert_int_equal(d.ndirs, 1);
	assert_string_equal(d.dirs[0].path, "/r/a");
	assert_true(d.fs[0].seconds_to_full < 0);
	diff_release(&d);
	snapshot_release(&s);
	sbuf_release(&sb);
	free_tree(old);
	free_tree(now);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_damage),
		cmocka_unit_test(test_version),
		cmocka_unit_test(test_diff),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
