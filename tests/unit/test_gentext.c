/* Unit tests of bench/gentext: the seeded generator and the log writers. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "bench/gentext.h"

#define BASE 1795910400LL /* 2026-11-29 00:00:00 UTC */

static void
test_rng_is_deterministic_per_stream(void **state)
{
	struct rng a, b, c;
	int i, same = 1;

	(void)state;
	rng_seed(&a, 42, 7);
	rng_seed(&b, 42, 7);
	rng_seed(&c, 42, 8);
	for (i = 0; i < 1000; i++) {
		uint64_t x = rng_next(&a);

		assert_true(x == rng_next(&b));
		if (x != rng_next(&c))
			same = 0;
	}
	assert_false(same);
}

static void
test_rng_ranges(void **state)
{
	struct rng r;
	int i;

	(void)state;
	rng_seed(&r, 1, 0);
	for (i = 0; i < 10000; i++) {
		uint64_t s = rng_size(&r, 10, 12);

		assert_true(rng_below(&r, 7) < 7);
		assert_true(s >= 1024 && s < 8192);
	}
}

/* Every line of buf (len bytes) is a whole nginx combined line. */
static int
all_nginx_lines(const char *buf, size_t len)
{
	const char *p = buf, *end = buf + len, *nl;

	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			return 0;
		if (memmem(p, (size_t)(nl - p), " - - [", 6) == NULL ||
		    memmem(p, (size_t)(nl - p), " +0000] \"", 9) == NULL ||
		    memmem(p, (size_t)(nl - p), " HTTP/1.1\" ", 11) == NULL ||
		    nl[-1] != '"')
			return 0;
		p = nl + 1;
	}
	return 1;
}

static void
test_fill_exact_cuts_only_the_last_line(void **state)
{
	struct rng r;
	int64_t clock = BASE;
	char *buf = malloc(100000);
	size_t n;

	(void)state;
	rng_seed(&r, 3, 0);
	n = gentext_fill(&r, GT_NGINX, &clock, buf, 100000, 1);
	assert_int_equal(n, 100000);
	assert_int_equal(buf[n - 1], '\n');
	assert_true(clock > BASE);
	n = (size_t)((char *)memrchr(buf, '\n', n - 1) - buf) + 1;
	assert_true(all_nginx_lines(buf, n));
	free(buf);
}

static void
test_fill_whole_lines_in_chunks(void **state)
{
	struct rng r;
	int64_t clock = BASE;
	char *buf = malloc(3 * 4096);
	size_t n, total = 0;
	int i;

	(void)state;
	rng_seed(&r, 5, 0);
	for (i = 0; i < 3; i++) {
		n = gentext_fill(&r, GT_NGINX, &clock, buf + total, 4096, 0);
		assert_true(n <= 4096 && n > 4096 - 1024);
		assert_int_equal(buf[total + n - 1], '\n');
		total += n;
	}
	assert_true(all_nginx_lines(buf, total));
	free(buf);
}

static void
test_same_seed_same_bytes(void **state)
{
	static const enum gentext_kind kinds[] = { GT_NGINX, GT_NGERROR, GT_APP,
		GT_DOCKER, GT_JS, GT_BINARY, GT_PKG };
	char a[5000], b[5000];
	struct rng ra, rb;
	int64_t ca, cb;
	size_t k;

	(void)state;
	for (k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		rng_seed(&ra, 9, k);
		rng_seed(&rb, 9, k);
		ca = cb = BASE;
		assert_int_equal(
		    gentext_fill(&ra, kinds[k], &ca, a, sizeof(a), 1), 5000);
		assert_int_equal(
		    gentext_fill(&rb, kinds[k], &cb, b, sizeof(b), 1), 5000);
		assert_memory_equal(a, b, sizeof(a));
		if (kinds[k] != GT_BINARY)
			assert_int_equal(a[sizeof(a) - 1], '\n');
	}
}

static void
test_docker_lines_are_json_objects(void **state)
{
	struct rng r;
	int64_t clock = BASE;
	char buf[2000];
	size_t n;

	(void)state;
	rng_seed(&r, 11, 0);
	n = gentext_fill(&r, GT_DOCKER, &clock, buf, sizeof(buf) - 1, 0);
	buf[n] = '\0';
	assert_true(strncmp(buf, "{\"log\":\"", 8) == 0);
	assert_non_null(strstr(buf, "\",\"stream\":\"std"));
	assert_non_null(strstr(buf, "Z\"}\n"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rng_is_deterministic_per_stream),
		cmocka_unit_test(test_rng_ranges),
		cmocka_unit_test(test_fill_exact_cuts_only_the_last_line),
		cmocka_unit_test(test_fill_whole_lines_in_chunks),
		cmocka_unit_test(test_same_seed_same_bytes),
		cmocka_unit_test(test_docker_lines_are_json_objects),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
