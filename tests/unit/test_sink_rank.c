/* Unit tests of scanner/sink_rank: bounded heaps and their merge. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "scanner/sink_rank.h"

static void
offer(struct rank_heap *h, uint64_t bytes, const char *name)
{
	struct rank_file f = { bytes, bytes, bytes, NULL, (char *)name, 0, 1 };

	rank_heap_offer(h, &f);
}

static void
test_heap_keeps_largest(void **state)
{
	struct rank_heap h = { NULL, 0, 3 };
	struct rank r;

	(void)state;
	rank_init(&r, 3, MEASURE_DISK);
	offer(&h, 5, "e");
	offer(&h, 1, "a");
	offer(&h, 9, "i");
	offer(&h, 3, "c");
	offer(&h, 7, "g");
	assert_int_equal(h.n, 3);
	rank_merge_heap(&r, &h);
	assert_int_equal(r.nfiles, 3);
	assert_int_equal(r.files[0].bytes, 9);
	assert_string_equal(r.files[1].name, "g");
	assert_int_equal(r.files[2].bytes, 5);
	rank_release(&r);
}

static void
test_merge_of_workers(void **state)
{
	struct rank_heap h[4];
	struct rank r;
	char name[16];
	uint64_t i;
	int w;

	(void)state;
	rank_init(&r, 10, MEASURE_DISK);
	for (w = 0; w < 4; w++) {
		h[w] = (struct rank_heap){ NULL, 0, 10 };
		/* Worker w sees the sizes congruent to w mod 4. */
		for (i = (uint64_t)w; i < 1000; i += 4) {
			snprintf(
			    name, sizeof(name), "f%llu", (unsigned long long)i);
			offer(&h[w], i, name);
		}
	}
	for (w = 0; w < 4; w++)
		rank_merge_heap(&r, &h[w]);
	assert_int_equal(r.nfiles, 10);
	for (i = 0; i < 10; i++) {
		assert_int_equal(r.files[i].bytes, 999 - i);
		snprintf(
		    name, sizeof(name), "f%llu", (unsigned long long)(999 - i));
		assert_string_equal(r.files[i].name, name);
	}
	rank_release(&r);
}

static void
test_ties_rank_by_name(void **state)
{
	struct rank_heap h = { NULL, 0, 2 };
	struct rank r;

	(void)state;
	rank_init(&r, 2, MEASURE_DISK);
	offer(&h, 4096, "c");
	offer(&h, 4096, "a");
	offer(&h, 4096, "b");
	offer(&h, 10, "small");
	rank_merge_heap(&r, &h);
	assert_int_equal(r.nfiles, 2);
	assert_string_equal(r.files[0].name, "a");
	assert_string_equal(r.files[1].name, "b");
	rank_release(&r);
}

static void
test_zero_capacity(void **state)
{
	struct rank_heap h = { NULL, 0, 0 };

	(void)state;
	offer(&h, 100, "x");
	assert_int_equal(h.n, 0);
	rank_heap_release(&h);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_heap_keeps_largest),
		cmocka_unit_test(test_merge_of_workers),
		cmocka_unit_test(test_ties_rank_by_name),
		cmocka_unit_test(test_zero_capacity),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
