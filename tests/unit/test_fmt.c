/*
 * Unit tests of the scanner's writers: JSON and ncdu string escaping,
 * sizes, du's output order, and du's path rules (trailing slashes,
 * --exclude matching).
 */
#include "config.h"

#include <sys/stat.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lib/sbuf.h"
#include "lib/units.h"
#include "scanner/fmt.h"
#include "scanner/sink_tree.h"
#include "tests/unit/scan_test_util.h"

static void
check_json(const char *in, size_t n, const char *want)
{
	struct sbuf sb = SBUF_INIT;

	fmt_json_string(&sb, in, n);
	assert_string_equal(sb.buf, want);
	sbuf_release(&sb);
}

static void
test_json_escaping(void **state)
{
	(void)state;
	check_json("plain", 5, "\"plain\"");
	check_json("a\"b\\c", 5, "\"a\\\"b\\\\c\"");
	check_json("new\nline\ttab\r\x01\x7f", 15,
	    "\"new\\nline\\ttab\\r\\u0001\\u007f\"");
	/* Valid UTF-8 stays as it is. */
	check_json("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", 14,
	    "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"");
	/* Invalid bytes: lone, truncated, overlong, surrogate. */
	check_json("\xff", 1, "\"\\udcff\"");
	check_json("a\xc3", 2, "\"a\\udcc3\"");
	check_json("\xc0\xaf", 2, "\"\\udcc0\\udcaf\"");
	check_json("\xed\xa0\x80", 3, "\"\\udced\\udca0\\udc80\"");
	check_json("\xf4\x90\x80\x80", 4, "\"\\udcf4\\udc90\\udc80\\udc80\"");
	check_json("nul\0x", 5, "\"nul\\u0000x\"");
}

static void
test_ncdu_escaping(void **state)
{
	struct sbuf sb = SBUF_INIT;

	(void)state;
	fmt_ncdu_string(&sb, "a\"\\\n\t\x01\xff", 7);
	assert_string_equal(sb.buf, "\"a\\\"\\\\\\n\\t\\u0001\xff\"");
	sbuf_release(&sb);
}

static void
test_sizes(void **state)
{
	struct fmt_units u = { 0, 0, "" };
	char buf[UNITS_HUMAN_MAX];

	(void)state;
	assert_string_equal(fmt_size(12288, &u, buf), "12288");
	u.block = 1024;
	strcpy(u.suffix, "K");
	assert_string_equal(fmt_size(12289, &u, buf), "13K");
	u.human = 1;
	assert_string_equal(fmt_size(4096, &u, buf), "4.0K");
	u.human = 2;
	assert_string_equal(fmt_size(4096, &u, buf), "4.1k");
}

static void
test_du_lines(void **state)
{
	struct scan_dir *r = scan_test_dir(NULL, "t/", 4096, 1), *a, *b, *c;
	struct walk_root roots[2];
	struct report rep;
	char *out = NULL;
	size_t outlen = 0;
	FILE *fp = open_memstream(&out, &outlen);

	(void)state;
	a = scan_test_dir(r, "z dir", 4096, 1);
	b = scan_test_dir(a, "new\nline", 8192, 1);
	c = scan_test_dir(r, "a", 0, 1);
	tree_sum(r);
	memset(roots, 0, sizeof(roots));
	roots[0].path = (char *)"t/";
	roots[0].dir = r;
	roots[1].path = (char *)"file";
	roots[1].disk = 512;
	roots[1].size = 3;
	memset(&rep, 0, sizeof(rep));
	rep.roots = roots;
	rep.nroots = 2;
	rep.maxdepth = 1;
	assert_int_equal(fmt_du(fp, &rep), 0);
	fclose(fp);
	assert_string_equal(
	    out, "12288\tt/z dir\n0\tt/a\n16384\tt/\n512\tfile\n");
	free(out);
	fp = open_memstream(&out, &outlen);
	rep.maxdepth = 5;
	rep.measure = MEASURE_SIZE;
	assert_int_equal(fmt_du(fp, &rep), 0);
	fclose(fp);
	assert_string_equal(
	    out, "1\tt/z dir/new\nline\n2\tt/z dir\n1\tt/a\n4\tt/\n3\tfile\n");
	free(out);
	free(c);
	free(b);
	free(a);
	free(r);
}

static void
test_trim_path(void **state)
{
	static const char *const cases[][2] = { { "a", "a" }, { "a/", "a/" },
		{ "a///", "a/" }, { "/", "/" }, { "//", "//" }, { "///", "/" },
		{ "a//b//", "a//b/" } };
	size_t i;
	char *s;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		s = walk_trim_path(cases[i][0]);
		assert_string_equal(s, cases[i][1]);
		free(s);
	}
}

static void
test_exclude_matching(void **state)
{
	char p1[] = "*.log", p2[] = "b", p3[] = "a/b", p4[] = "x*";
	char *pats[] = { p1, p2, p3, p4 };

	(void)state;
	assert_true(walk_excluded(pats, 1, "dir/sub/x.log"));
	assert_true(walk_excluded(pats + 1, 1, "t/a/b"));
	assert_false(walk_excluded(pats + 1, 1, "t/a/bc"));
	assert_true(walk_excluded(pats + 2, 1, "t/a/b"));
	assert_false(walk_excluded(pats + 2, 1, "t/xa/b"));
	/* No FNM_PATHNAME: '*' crosses '/' as in du. */
	assert_true(walk_excluded(pats + 3, 1, "t/xy/z"));
	assert_false(walk_excluded(pats, 0, "anything"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_escaping),
		cmocka_unit_test(test_ncdu_escaping),
		cmocka_unit_test(test_sizes),
		cmocka_unit_test(test_du_lines),
		cmocka_unit_test(test_trim_path),
		cmocka_unit_test(test_exclude_matching),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
