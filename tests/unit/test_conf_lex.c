/*
 * test_conf_lex: the lexical rules of reference 3.2, piece by piece.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lib/strvec.h"
#include "rotate/conf_lex.h"

/* A lex over a string literal (which has its NUL; add one more). */
static struct lex
lx_of(const char *s)
{
	static char buf[512];
	struct lex lx;

	memset(buf, 0, sizeof(buf));
	strncpy(buf, s, sizeof(buf) - 2);
	lx.buf = buf;
	lx.len = strlen(buf);
	return lx;
}

/* A keyword is a run of letters: digits and '_' end it. */
static void
test_word(void **state)
{
	struct lex lx = lx_of("  \tcompress delay_x rotate2\n");
	size_t pos = 0;
	char *w;

	(void)state;
	w = lex_word(&lx, &pos);
	assert_string_equal(w, "compress");
	assert_int_equal(pos, 11);
	free(w);
	pos++;
	w = lex_word(&lx, &pos);
	assert_string_equal(w, "delay");
	assert_int_equal(lx.buf[pos], '_');
	free(w);
	pos = 20;
	w = lex_word(&lx, &pos);
	assert_string_equal(w, "rotate");
	assert_int_equal(lx.buf[pos], '2');
	free(w);
	/* No letters: an empty word, the cursor past the blanks only. */
	lx = lx_of("   5\n");
	pos = 0;
	w = lex_word(&lx, &pos);
	assert_string_equal(w, "");
	assert_int_equal(pos, 3);
	free(w);
}

/* The rest of the line, trailing blanks trimmed; cursor before '\n'. */
static void
test_line(void **state)
{
	struct lex lx = lx_of("create 0640 root adm  \t\nnext\n");
	size_t pos = 6;
	char *l;

	(void)state;
	l = lex_line(&lx, &pos);
	assert_string_equal(l, " 0640 root adm");
	assert_int_equal(lx.buf[pos], '\t');
	assert_int_equal(lx.buf[pos + 1], '\n');
	free(l);
	/* On the newline itself: empty, and the cursor steps back one. */
	lx = lx_of("weekly\nx\n");
	pos = 6;
	l = lex_line(&lx, &pos);
	assert_string_equal(l, "");
	assert_int_equal(pos, 5);
	free(l);
	/* The last line may lack its newline. */
	lx = lx_of("rotate 3");
	pos = 7;
	l = lex_line(&lx, &pos);
	assert_string_equal(l, "3");
	free(l);
}

/* Blanks, an optional '=', blanks, then the line. */
static void
test_value(void **state)
{
	const char *forms[] = { "rotate 3\n", "rotate=3\n", "rotate = 3 \n",
		"rotate\t=\t3\t\n" };
	struct lex lx;
	size_t i, pos;
	char *v;

	(void)state;
	for (i = 0; i < sizeof(forms) / sizeof(*forms); i++) {
		lx = lx_of(forms[i]);
		pos = 6;
		v = lex_value(&lx, &pos);
		assert_non_null(v);
		assert_string_equal(v, "3");
		free(v);
	}
	/* Nothing before the newline: NULL, cursor unchanged. */
	lx = lx_of("rotate   \n}\n");
	pos = 6;
	assert_null(lex_value(&lx, &pos));
	assert_int_equal(pos, 6);
	/* "# c" is not a comment after a value: it is part of it. */
	lx = lx_of("rotate 1 # c\n");
	pos = 6;
	v = lex_value(&lx, &pos);
	assert_string_equal(v, "1 # c");
	free(v);
	/* White space that is not blank (\r) before the value: logrotate's
	 * negative length copies the rest of the file. */
	lx = lx_of("rotate \r\n}\n");
	pos = 6;
	v = lex_value(&lx, &pos);
	assert_string_equal(v, "\r\n}\n");
	free(v);
}

static void
test_glob_string(void **state)
{
	struct lex lx = lx_of("/var/log/a.log /b.log   {\n");
	size_t pos = 0;
	char *text;

	(void)state;
	assert_int_equal(lex_glob_string(&lx, &pos, &text), LEX_GLOB_OK);
	assert_string_equal(text, "/var/log/a.log /b.log   ");
	assert_int_equal(lx.buf[pos], '{');
	free(text);
	/* Over several lines; comment lines left out, newlines kept. */
	lx = lx_of("/a.log\n# c {\n  /b.log\n{\n");
	pos = 0;
	assert_int_equal(lex_glob_string(&lx, &pos, &text), LEX_GLOB_OK);
	assert_string_equal(text, "/a.log\n\n  /b.log\n");
	free(text);
	lx = lx_of("/a.log }\n{\n");
	pos = 0;
	assert_int_equal(lex_glob_string(&lx, &pos, &text), LEX_GLOB_CLOSE);
	assert_null(text);
	assert_int_equal(pos, 7);
	lx = lx_of("/a.log\n");
	pos = 0;
	assert_int_equal(lex_glob_string(&lx, &pos, &text), LEX_GLOB_NO_OPEN);
	assert_null(text);
}

static void
expect_words(const char *s, size_t n, ...)
{
	char **argv;
	size_t argc, i;
	va_list ap;

	assert_int_equal(lex_split_words(s, &argv, &argc), 0);
	assert_int_equal(argc, n);
	va_start(ap, n);
	for (i = 0; i < n; i++)
		assert_string_equal(argv[i], va_arg(ap, const char *));
	va_end(ap);
	assert_null(argv[argc]);
	strv_free(argv);
}

/* popt's quoting: the header words and compressoptions. */
static void
test_split_words(void **state)
{
	char **argv;
	size_t argc;

	(void)state;
	expect_words("/a.log  /b.log ", 2, "/a.log", "/b.log");
	expect_words("\"/x y/a.log\" '/b c.log'", 2, "/x y/a.log", "/b c.log");
	expect_words("/a\\ b.log", 1, "/a b.log");
	expect_words("\"a\\\"b\" 'c\\d'", 2, "a\"b", "c\\d");
	expect_words("'/a.log", 1, "/a.log");     /* unterminated */
	expect_words("\"\" /a.log", 1, "/a.log"); /* empty word dropped */
	expect_words("x\"y z\"w", 1, "xy zw");
	expect_words("-9 'a b'", 2, "-9", "a b");
	assert_int_equal(lex_split_words("", &argv, &argc), -1);
	assert_int_equal(lex_split_words("  \"\"  ", &argv, &argc), -1);
	assert_int_equal(lex_split_words("/a.log \\", &argv, &argc), -1);
	assert_int_equal(lex_split_words("'/a.log \\", &argv, &argc), -1);
}

static void
test_list_items(void **state)
{
	size_t n;
	char **items;

	(void)state;
	items = lex_list_items(".a, .b .c,.d", &n);
	assert_int_equal(n, 4);
	assert_string_equal(items[0], ".a");
	assert_string_equal(items[3], ".d");
	strv_free(items);
	items = lex_list_items(".a ,.b", &n);
	assert_int_equal(n, 3);
	assert_string_equal(items[1], "");
	strv_free(items);
	items = lex_list_items("", &n);
	assert_int_equal(n, 0);
	strv_free(items);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_word),
		cmocka_unit_test(test_line),
		cmocka_unit_test(test_value),
		cmocka_unit_test(test_glob_string),
		cmocka_unit_test(test_split_words),
		cmocka_unit_test(test_list_items),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
