/*
 * Unit tests of lib/quote: the expected strings are what GNU du 9.1
 * printed for the same names in its error messages (C.UTF-8 locale).
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "lib/quote.h"
#include "lib/sbuf.h"

static void
check(const char *in, enum quote_style st, const char *want)
{
	struct sbuf sb = SBUF_INIT;

	quote_add(&sb, in, strlen(in), st);
	assert_string_equal(sb.buf, want);
	sbuf_release(&sb);
}

static void
test_like_du(void **state)
{
	(void)state;
	check("q/sp ace", QUOTE_ALWAYS, "'q/sp ace'");
	check("q/it's", QUOTE_ALWAYS, "\"q/it's\"");
	check("q'$", QUOTE_ALWAYS, "'q'\\''$'");
	check("a'b\"c", QUOTE_ALWAYS, "'a'\\''b\"c'");
	check("d$ol\"q", QUOTE_ALWAYS, "'d$ol\"q'");
	check("back\\slash", QUOTE_ALWAYS, "'back\\slash'");
	check("q/a\033]0;x\007b", QUOTE_ALWAYS, "'q/a'$'\\033'']0;x'$'\\a''b'");
	check("\033x", QUOTE_ALWAYS, "''$'\\033''x'");
	check("y\033\033", QUOTE_ALWAYS, "'y'$'\\033\\033'");
	check("nl\nx", QUOTE_ALWAYS, "'nl'$'\\n''x'");
	check("\x7f", QUOTE_ALWAYS, "''$'\\177'");
	check("v\vf\fr\rb\b", QUOTE_ALWAYS,
	    "'v'$'\\v''f'$'\\f''r'$'\\r''b'$'\\b'");
	check("it's\tx", QUOTE_ALWAYS, "'it'\\''s'$'\\t''x'");
	check("", QUOTE_ALWAYS, "''");
}

/* Words for commands: bare only when a shell takes them as they are. */
static void
test_shell(void **state)
{
	(void)state;
	check("/var/log/nginx", QUOTE_SHELL, "/var/log/nginx");
	check("a-b_c.d:e@f+g=h,i", QUOTE_SHELL, "a-b_c.d:e@f+g=h,i");
	check("sp ace", QUOTE_SHELL, "'sp ace'");
	check("it's", QUOTE_SHELL, "\"it's\"");
	check("$HOME", QUOTE_SHELL, "'$HOME'");
	check("*.gz", QUOTE_SHELL, "'*.gz'");
	check("-rf", QUOTE_SHELL, "'-rf'");
	check("=ls", QUOTE_SHELL, "'=ls'");
	check("~root", QUOTE_SHELL, "'~root'");
	check("50%", QUOTE_SHELL, "'50%'");
	check("", QUOTE_SHELL, "''");
	check("nl\nx", QUOTE_SHELL, "'nl'$'\\n''x'");
}

static void
test_utf8_and_c1(void **state)
{
	(void)state;
	check("caf\xc3\xa9", QUOTE_ALWAYS, "'caf\xc3\xa9'");
	check("a\xe4\xb8\xad"
	      "b",
	    QUOTE_ALWAYS,
	    "'a\xe4\xb8\xad"
	    "b'");
	/* C1 as a raw byte and as a character, invalid bytes, U+2028. */
	check("c\x9b"
	      "d",
	    QUOTE_ALWAYS, "'c'$'\\233''d'");
	check("c1\xc2\x85x", QUOTE_ALWAYS, "'c1'$'\\302\\205''x'");
	check("a\xff"
	      "b",
	    QUOTE_ALWAYS, "'a'$'\\377''b'");
	check("a\xe2\x80\xa8"
	      "b",
	    QUOTE_ALWAYS, "'a'$'\\342\\200\\250''b'");
	check("a\xc3\xa9\xc3"
	      "b",
	    QUOTE_ALWAYS, "'a\xc3\xa9'$'\\303''b'");
}

static void
test_if_needed(void **state)
{
	(void)state;
	check("/var/log/it's here", QUOTE_IF_NEEDED, "/var/log/it's here");
	check("caf\xc3\xa9", QUOTE_IF_NEEDED, "caf\xc3\xa9");
	check("a\033b", QUOTE_IF_NEEDED, "'a'$'\\033''b'");
	check("c\x9b", QUOTE_IF_NEEDED, "'c'$'\\233'");
	assert_string_equal(
	    quote_str(0, "x\ny", QUOTE_IF_NEEDED), "'x'$'\\n''y'");
	assert_string_equal(quote_str(1, "p", QUOTE_ALWAYS), "'p'");
}

/* Prometheus label values: the format's escapes, and bytes as \xHH. */
static void
test_prom_label(void **state)
{
	struct sbuf sb = SBUF_INIT;

	(void)state;
	quote_prom_label(&sb, "/v/a\"b\\c\nd\te\xff caf\xc3\xa9");
	assert_string_equal(
	    sb.buf, "/v/a\\\"b\\\\c\\nd\\\\x09e\\\\xff caf\xc3\xa9");
	sbuf_release(&sb);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_like_du),
		cmocka_unit_test(test_shell),
		cmocka_unit_test(test_utf8_and_c1),
		cmocka_unit_test(test_if_needed),
		cmocka_unit_test(test_prom_label),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
