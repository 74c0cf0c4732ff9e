/*
 * Unit tests of lib/sbuf, lib/strvec, lib/clock, lib/xalloc and lib/diag's
 * error record.
 */
#include "config.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lib/clock.h"
#include "lib/diag.h"
#include "lib/sbuf.h"
#include "lib/strvec.h"
#include "lib/xalloc.h"

static void
test_sbuf_grows_and_terminates(void **state)
{
	struct sbuf sb = SBUF_INIT;
	int i;

	(void)state;
	assert_string_equal(sb.buf, "");
	for (i = 0; i < 1000; i++)
		sbuf_addf(&sb, "%d,", i);
	assert_int_equal(sb.len, strlen(sb.buf));
	assert_true(strncmp(sb.buf, "0,1,2,", 6) == 0);
	assert_string_equal(sb.buf + sb.len - 4, "999,");
	sbuf_setlen(&sb, 2);
	assert_string_equal(sb.buf, "0,");
	sbuf_release(&sb);
	assert_int_equal(sb.len, 0);
	assert_string_equal(sb.buf, "");
}

static void
test_sbuf_binary_and_trim(void **state)
{
	struct sbuf sb = SBUF_INIT;
	char *p;

	(void)state;
	sbuf_add(&sb, "a\0b", 3);
	assert_int_equal(sb.len, 3);
	assert_int_equal(sb.buf[1], '\0');
	sbuf_reset(&sb);
	sbuf_adds(&sb, "line \t\n ");
	sbuf_rtrim(&sb);
	assert_string_equal(sb.buf, "line");
	sbuf_addch(&sb, '!');
	p = sbuf_detach(&sb);
	assert_string_equal(p, "line!");
	assert_string_equal(sb.buf, "");
	free(p);
	p = sbuf_detach(&sb); /* an empty sbuf detaches a fresh "" */
	assert_string_equal(p, "");
	free(p);
}

static void
test_xalloc(void **state)
{
	char *s = xasprintf("%s-%d", "x", 42);
	int *arr = NULL;
	size_t alloc = 0;

	(void)state;
	assert_string_equal(s, "x-42");
	free(s);
	s = xstrndup("abcdef", 3);
	assert_string_equal(s, "abc");
	free(s);
	XGROW(arr, 100, alloc);
	assert_true(alloc >= 100);
	arr[99] = 7;
	free(arr);
}

static void
test_error_record(void **state)
{
	struct hr_error err = HR_ERROR_INIT;

	(void)state;
	assert_int_equal(
	    hr_error_set(&err, ENOENT, "/x/y", 0, "cannot open"), -1);
	assert_string_equal(hr_error_text(&err),
	    "cannot open '/x/y': No such file or directory");
	hr_error_set(&err, 0, "/etc/f.conf", 12, "unknown option '%s'", "x");
	assert_string_equal(
	    hr_error_text(&err), "/etc/f.conf:12: unknown option 'x'");
	hr_error_release(&err);
	assert_null(err.msg);
	assert_int_equal(hr_error_set(NULL, EIO, "p", 0, "x"), -1);
}

/* Pushed strings, copied or taken over, then NULL; detach and free. */
static void
test_strvec(void **state)
{
	struct strvec sv = STRVEC_INIT;
	char word[] = "word", **v, **copy;
	int i;

	(void)state;
	v = strvec_detach(&sv);
	assert_non_null(v);
	assert_null(v[0]);
	strv_free(v);
	strv_free(NULL);
	assert_null(strv_dup(NULL));
	strvec_push(&sv, word);
	word[0] = 'c';
	strvec_push_owned(&sv, xstrdup("owned"));
	for (i = 0; i < 40; i++)
		strvec_push_owned(&sv, xasprintf("%d", i));
	assert_int_equal(sv.n, 42);
	assert_string_equal(sv.v[0], "word");
	assert_string_equal(sv.v[1], "owned");
	assert_string_equal(sv.v[41], "39");
	assert_null(sv.v[42]);
	copy = strv_dup(sv.v);
	v = strvec_detach(&sv);
	assert_int_equal(sv.n, 0);
	assert_null(sv.v);
	assert_string_equal(copy[41], "39");
	assert_null(copy[42]);
	assert_ptr_not_equal(copy[0], v[0]);
	strv_free(v);
	strv_free(copy);
	strvec_push(&sv, "x");
	strvec_release(&sv);
	assert_null(sv.v);
	assert_int_equal(sv.n, 0);
}

/* The monotonic clock never goes back; both units agree. */
static void
test_clock(void **state)
{
	uint64_t a = hr_mono_ns(), b;
	double s = hr_mono_seconds();

	(void)state;
	b = hr_mono_ns();
	assert_true(b >= a);
	assert_true(s >= (double)a / 1e9);
	assert_true(s <= (double)b / 1e9);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sbuf_grows_and_terminates),
		cmocka_unit_test(test_sbuf_binary_and_trim),
		cmocka_unit_test(test_strvec),
		cmocka_unit_test(test_clock),
		cmocka_unit_test(test_xalloc),
		cmocka_unit_test(test_error_record),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
