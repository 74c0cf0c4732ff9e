/*
 * Unit tests of lib/strmap: pointer values, counts (the multiset), key
 * ownership, and removal checked against a plain array model.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lib/strmap.h"

static int vals[4];

static void
test_put_get_remove(void **state)
{
	struct strmap *m = strmap_new(STRMAP_COPY_KEYS);

	(void)state;
	assert_null(strmap_get(m, "/var/log/a.log"));
	assert_null(strmap_remove(m, "/var/log/a.log"));
	assert_int_equal(strmap_size(m), 0);
	strmap_put(m, "/var/log/a.log", &vals[0]);
	strmap_put(m, "/var/log/b.log", &vals[1]);
	assert_int_equal(strmap_size(m), 2);
	assert_ptr_equal(strmap_get(m, "/var/log/a.log"), &vals[0]);
	assert_ptr_equal(strmap_get(m, "/var/log/b.log"), &vals[1]);
	assert_null(strmap_get(m, "/var/log/c.log"));
	assert_null(strmap_get(m, "/var/log/a.lo"));
	assert_ptr_equal(strmap_remove(m, "/var/log/a.log"), &vals[0]);
	assert_null(strmap_get(m, "/var/log/a.log"));
	assert_null(strmap_remove(m, "/var/log/a.log"));
	assert_ptr_equal(strmap_get(m, "/var/log/b.log"), &vals[1]);
	assert_int_equal(strmap_size(m), 1);
	strmap_free(m);
	strmap_free(NULL);
}

/* A key added again keeps one entry; the value is the last one put. */
static void
test_duplicate_key_replaces(void **state)
{
	struct strmap *m = strmap_new(STRMAP_BORROW_KEYS);
	char first[] = "/var/log/dup.log", again[] = "/var/log/dup.log";

	(void)state;
	strmap_put(m, first, &vals[0]);
	strmap_put(m, again, &vals[1]);
	assert_int_equal(strmap_size(m), 1);
	assert_ptr_equal(strmap_get(m, "/var/log/dup.log"), &vals[1]);
	/* The key stored first stays: the second string is not borrowed. */
	again[1] = 'X';
	assert_ptr_equal(strmap_get(m, "/var/log/dup.log"), &vals[1]);
	assert_ptr_equal(strmap_remove(m, first), &vals[1]);
	assert_int_equal(strmap_size(m), 0);
	strmap_free(m);
}

static void
test_empty_key(void **state)
{
	struct strmap *m = strmap_new(STRMAP_COPY_KEYS);

	(void)state;
	assert_null(strmap_get(m, ""));
	strmap_put(m, "", &vals[0]);
	strmap_put(m, "x", &vals[1]);
	assert_ptr_equal(strmap_get(m, ""), &vals[0]);
	assert_ptr_equal(strmap_get(m, "x"), &vals[1]);
	assert_ptr_equal(strmap_remove(m, ""), &vals[0]);
	assert_null(strmap_get(m, ""));
	assert_ptr_equal(strmap_get(m, "x"), &vals[1]);
	strmap_free(m);
	m = strmap_new(STRMAP_BORROW_KEYS);
	assert_int_equal(strmap_inc(m, ""), 1);
	assert_int_equal(strmap_inc(m, ""), 2);
	assert_int_equal(strmap_count(m, "x"), 0);
	assert_int_equal(strmap_dec(m, ""), 1);
	strmap_free(m);
}

static void
test_remove_then_reinsert(void **state)
{
	struct strmap *m = strmap_new(STRMAP_COPY_KEYS);
	int round;

	(void)state;
	for (round = 0; round < 3; round++) {
		strmap_put(m, "/a", &vals[round]);
		assert_ptr_equal(strmap_get(m, "/a"), &vals[round]);
		assert_int_equal(strmap_size(m), 1);
		assert_ptr_equal(strmap_remove(m, "/a"), &vals[round]);
		assert_null(strmap_get(m, "/a"));
		assert_int_equal(strmap_size(m), 0);
	}
	strmap_free(m);
}

/* A copied key does not depend on the caller's buffer. */
static void
test_copied_keys(void **state)
{
	struct strmap *m = strmap_new(STRMAP_COPY_KEYS);
	char buf[32];

	(void)state;
	snprintf(buf, sizeof(buf), "/var/log/%s", "kept.log");
	strmap_put(m, buf, &vals[2]);
	memset(buf, 'z', sizeof(buf) - 1);
	assert_ptr_equal(strmap_get(m, "/var/log/kept.log"), &vals[2]);
	strmap_free(m);
}

/* 20,000 keys: the table doubles from 16 slots twelve times. */
static void
test_growth(void **state)
{
	enum { N = 20000 };
	struct strmap *m = strmap_new(STRMAP_COPY_KEYS);
	char key[64];
	int *v = calloc(N, sizeof(*v)), i;

	(void)state;
	assert_non_null(v);
	for (i = 0; i < N; i++) {
		snprintf(key, sizeof(key), "/srv/app/logs/%d.log", i);
		strmap_put(m, key, &v[i]);
	}
	assert_int_equal(strmap_size(m), N);
	for (i = 0; i < N; i++) {
		snprintf(key, sizeof(key), "/srv/app/logs/%d.log", i);
		assert_ptr_equal(strmap_get(m, key), &v[i]);
	}
	assert_null(strmap_get(m, "/srv/app/logs/20000.log"));
	for (i = 0; i < N; i += 2) {
		snprintf(key, sizeof(key), "/srv/app/logs/%d.log", i);
		assert_ptr_equal(strmap_remove(m, key), &v[i]);
	}
	assert_int_equal(strmap_size(m), N / 2);
	for (i = 0; i < N; i++) {
		snprintf(key, sizeof(key), "/srv/app/logs/%d.log", i);
		if (i % 2 == 0)
			assert_null(strmap_get(m, key));
		else
			assert_ptr_equal(strmap_get(m, key), &v[i]);
	}
	strmap_free(m);
	free(v);
}

/* The multiset: a key is present while its count is above zero. */
static void
test_counts(void **state)
{
	struct strmap *m = strmap_new(STRMAP_BORROW_KEYS);

	(void)state;
	assert_int_equal(strmap_count(m, "/l/a"), 0);
	assert_int_equal(strmap_dec(m, "/l/a"), 0); /* absent stays absent */
	assert_int_equal(strmap_size(m), 0);
	assert_int_equal(strmap_inc(m, "/l/a"), 1);
	assert_int_equal(strmap_inc(m, "/l/a"), 2);
	assert_int_equal(strmap_inc(m, "/l/b"), 1);
	assert_int_equal(strmap_count(m, "/l/a"), 2);
	assert_int_equal(strmap_size(m), 2);
	assert_int_equal(strmap_dec(m, "/l/a"), 1);
	assert_int_equal(strmap_count(m, "/l/a"), 1);
	assert_int_equal(strmap_dec(m, "/l/a"), 0);
	assert_int_equal(strmap_count(m, "/l/a"), 0);
	assert_int_equal(strmap_size(m), 1);
	assert_int_equal(strmap_dec(m, "/l/a"), 0);
	assert_int_equal(strmap_count(m, "/l/b"), 1);
	/* Back from zero, it counts from one again. */
	assert_int_equal(strmap_inc(m, "/l/a"), 1);
	strmap_free(m);
}

/*
 * Random adds and removals over 300 keys, checked against an array: a
 * removal in the middle of a probe run (the table is up to half full, so
 * runs collide and wrap around its end) must keep every other key
 * reachable.
 */
static void
test_against_model(void **state)
{
	enum { KEYS = 300, OPS = 30000 };
	struct strmap *m = strmap_new(STRMAP_COPY_KEYS);
	int tag[KEYS], model[KEYS] = { 0 }, op, k, j;
	size_t present = 0;
	uint32_t seed = 12345;
	char key[32];

	(void)state;
	for (op = 0; op < OPS; op++) {
		seed = seed * 1103515245 + 12345;
		k = (int)((seed >> 8) % KEYS);
		snprintf(key, sizeof(key), "k%d", k);
		if ((seed >> 24) % 2 == 0) {
			strmap_put(m, key, &tag[k]);
			present += !model[k];
			model[k] = 1;
		} else {
			assert_ptr_equal(
			    strmap_remove(m, key), model[k] ? &tag[k] : NULL);
			present -= model[k];
			model[k] = 0;
		}
		assert_int_equal(strmap_size(m), present);
		if (op % 97 != 0)
			continue;
		for (j = 0; j < KEYS; j++) {
			snprintf(key, sizeof(key), "k%d", j);
			assert_ptr_equal(
			    strmap_get(m, key), model[j] ? &tag[j] : NULL);
		}
	}
	strmap_free(m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_put_get_remove),
		cmocka_unit_test(test_duplicate_key_replaces),
		cmocka_unit_test(test_empty_key),
		cmocka_unit_test(test_remove_then_reinsert),
		cmocka_unit_test(test_copied_keys),
		cmocka_unit_test(test_growth),
		cmocka_unit_test(test_counts),
		cmocka_unit_test(test_against_model),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
