/* Unit tests of scanner/hardlink: an inode counts once, under du's name. */
#include "config.h"

#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "scanner/hardlink.h"
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

struct kept {
	const struct scan_dir *dir;
	char name[16];
	uint64_t ino, disk;
	int calls;
};

static void
keep(struct scan_dir *dir, const struct scan_entry *e, void *arg)
{
	struct kept *k = arg;

	k->calls++;
	k->dir = dir;
	k->ino = e->ino;
	k->disk = e->disk;
	snprintf(k->name, sizeof(k->name), "%.*s", (int)e->namelen, e->name);
}

static void
offer(struct linkset *s, struct scan_dir *dir, const char *name, uint32_t index,
    uint64_t ino)
{
	struct scan_entry e = { 0 };

	e.name = name;
	e.namelen = strlen(name);
	e.index = index;
	e.dev = 1;
	e.ino = ino;
	e.nlink = 3;
	e.disk = 4096;
	linkset_offer(s, dir, &e);
}

/*
 * Offered in any order (as parallel workers do), the name kept is the
 * first in du's order: depth-first, each directory in readdir order, so
 * a/x's entry 2 comes before a's entry 5 (x is a's entry 0), which comes
 * before b's entry 0.
 */
static void
test_linkset_keeps_du_first(void **state)
{
	struct scan_dir *r = scan_test_dir(NULL, "r", 0, 0), *a, *b, *x;
	struct linkset *s = linkset_new();
	struct kept k = { 0 };

	(void)state;
	a = scan_test_dir(r, "a", 0, 0);
	b = scan_test_dir(r, "b", 0, 0);
	x = scan_test_dir(a, "x", 0, 0);
	b->index = 1;
	offer(s, b, "late", 0, 9);
	offer(s, a, "mid", 5, 9);
	offer(s, x, "first", 2, 9);
	offer(s, b, "later", 3, 9);
	linkset_drain(s, keep, &k);
	assert_int_equal(k.calls, 1);
	assert_ptr_equal(k.dir, x);
	assert_string_equal(k.name, "first");
	assert_int_equal(k.ino, 9);
	assert_int_equal(k.disk, 4096);
	/* Drained: the set is empty for the next PATH. */
	k.calls = 0;
	linkset_drain(s, keep, &k);
	assert_int_equal(k.calls, 0);
	linkset_free(s);
	free(x);
	free(b);
	free(a);
	free(r);
}

/* The name of inode i in test_linkset_names: 1 to 255 bytes of one letter. */
static size_t
name_of(uint64_t i, char *buf)
{
	size_t n = 1 + (i * 37) % 255;

	memset(buf, 'a' + (int)(i % 26), n);
	buf[n] = '\0';
	return n;
}

static void
check_name(struct scan_dir *dir, const struct scan_entry *e, void *arg)
{
	char want[256];
	size_t *calls = arg;

	(void)dir;
	assert_int_equal(e->namelen, name_of(e->ino, want));
	assert_memory_equal(e->name, want, e->namelen + 1);
	(*calls)++;
}

/*
 * Shards start with a small table and a small name chunk and grow: every
 * one of many inodes, names from 1 byte to NAME_MAX, comes back intact.
 */
static void
test_linkset_names(void **state)
{
	struct scan_dir *r = scan_test_dir(NULL, "r", 0, 0);
	struct linkset *s = linkset_new();
	char name[256];
	size_t calls = 0;
	uint64_t i;

	(void)state;
	for (i = 1; i <= 5000; i++) {
		name_of(i, name);
		offer(s, r, name, (uint32_t)i, i);
	}
	linkset_drain(s, check_name, &calls);
	assert_int_equal(calls, 5000);
	linkset_free(s);
	free(r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hlset_counts_once),
		cmocka_unit_test(test_hlset_concurrent),
		cmocka_unit_test(test_linkset_keeps_du_first),
		cmocka_unit_test(test_linkset_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
