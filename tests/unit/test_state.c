/*
 * test_state: rotate/state's reader and writer against logrotate 3.21's
 * format and messages (reference 10): quoting, bad lines, headers, dates,
 * stale entries, and a state file written by the installed
 * /usr/sbin/logrotate read and rewritten byte for byte.
 */
#include "config.h"

#include <sys/file.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "lib/sbuf.h"
#include "lib/xalloc.h"
#include "rotate/state.h"
#include "tests/unit/unit_util.h"

#define HEADER "logrotate state -- version 2\n"
#define LOGROTATE "/usr/sbin/logrotate"

/* 2026-11-30 19:10:26 UTC, a Monday. */
static const time_t NOW = 1796065826;

static void
expect_tm(const struct tm *tm, int y, int mo, int d, int h, int mi, int s)
{
	assert_int_equal(tm->tm_year + 1900, y);
	assert_int_equal(tm->tm_mon + 1, mo);
	assert_int_equal(tm->tm_mday, d);
	assert_int_equal(tm->tm_hour, h);
	assert_int_equal(tm->tm_min, mi);
	assert_int_equal(tm->tm_sec, s);
}

static struct rstate_entry *
must_find(struct rstate *st, const char *path)
{
	struct rstate_entry *e = rstate_find(st, path);

	if (e == NULL)
		fail_msg("no entry for '%s'", path);
	return e;
}

static void
count_report(void *ctx, const struct hr_error *e)
{
	struct sbuf *log = ctx;

	sbuf_addf(log, "%ld:%s\n", e->line, e->msg);
}

/* Writes text to a state file and reads it; returns rstate_read's value. */
static int
read_text(const char *text, size_t len, struct rstate *st, struct hr_error *err,
    struct sbuf *reports)
{
	char *path = xstrdup(P("state"));
	int rc;

	put_file(path, text, len, 0640);
	rc = rstate_read_report(st, path, count_report, reports, err);
	free(path);
	return rc;
}

static void
test_round_trip(void **unused)
{
	static const char *paths[] = { "/var/log/syslog", "/a b/c d.log",
		"/q\"uote", "/back\\slash", "/new\nline", "/tab\there",
		"/single'quote", "/\\n not a newline", "/x\\", "/\"\"" };
	struct rstate a = RSTATE_INIT, b = RSTATE_INIT;
	struct hr_error err = HR_ERROR_INIT;
	char *path = xstrdup(P("rt"));
	size_t i;

	(void)unused;
	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
		rstate_set_rotated(
		    rstate_get(&a, paths[i], NOW), NOW - (time_t)i * 3599);
	assert_int_equal(rstate_write(&a, path, NOW, &err), 0);
	assert_int_equal(rstate_read(&b, path, &err), 0);
	assert_int_equal(b.n, a.n);
	for (i = 0; i < a.n; i++) {
		struct rstate_entry *e = must_find(&b, a.entries[i]->path);

		assert_string_equal(b.entries[i]->path, a.entries[i]->path);
		assert_memory_equal(&e->last, &a.entries[i]->last,
		    offsetof(struct tm, tm_wday));
	}
	rstate_release(&a);
	rstate_release(&b);
	free(path);
}

static void
test_write_format(void **unused)
{
	static const char want[] =
	    HEADER "\"/a \\\"b\\\" \\\\c\\nd\" 2026-11-30-19:10:26\n"
	           "\"/new.log\" 2026-11-30-19:0:0\n"
	           "\"/old\" 2000-1-2-3:4:5\n";
	struct rstate st = RSTATE_INIT;
	struct sbuf out = SBUF_INIT;
	struct rstate_entry *e;

	(void)unused;
	rstate_set_rotated(rstate_get(&st, "/a \"b\" \\c\nd", NOW), NOW);
	rstate_get(&st, "/new.log", NOW);
	e = rstate_get(&st, "/old", NOW);
	e->last.tm_year = 100;
	e->last.tm_mon = 0;
	e->last.tm_mday = 2;
	e->last.tm_hour = 3;
	e->last.tm_min = 4;
	e->last.tm_sec = 5;
	rstate_format(&st, NOW, &out);
	assert_string_equal(out.buf, want);
	sbuf_release(&out);
	rstate_release(&st);
}

static void
test_read_quoting(void **unused)
{
	static const char text[] =
	    HEADER "\"/a \\\"b\\\" \\\\c\\nd\" 2026-11-30-19:10:26\n"
	           "/un\\ quoted 2020-1-1\n"
	           "'/single \"q\" \\n' 2020-1-2\n"
	           "\"/cr\"\t2020-1-3\r\n"
	           "\"/half\"quoted\\\" 2020-1-4\n"
	           "\"/keeps \\x\" +2020-01-05xyz\n";
	struct rstate st = RSTATE_INIT;
	struct hr_error err = HR_ERROR_INIT;
	struct sbuf rep = SBUF_INIT;

	(void)unused;
	assert_int_equal(read_text(text, sizeof(text) - 1, &st, &err, &rep), 0);
	assert_int_equal(st.n, 6);
	expect_tm(
	    &must_find(&st, "/a \"b\" \\c\nd")->last, 2026, 11, 30, 19, 10, 26);
	expect_tm(&must_find(&st, "/un quoted")->last, 2020, 1, 1, 0, 0, 0);
	/*
	 * Inside quotes popt keeps \n; logrotate's unescape makes it a
	 * newline.
	 */
	must_find(&st, "/single \"q\" \n");
	must_find(&st, "/cr");
	must_find(&st, "/halfquoted\"");
	expect_tm(&must_find(&st, "/keeps \\x")->last, 2020, 1, 5, 0, 0, 0);
	assert_int_equal(rep.len, 0);
	sbuf_release(&rep);
	rstate_release(&st);
}

struct bad_case {
	const char *line;
	const char *msg; /* %s is the state file */
};

static const struct bad_case bad_cases[] = {
	{ "garbage", "bad line 3 in state file %s" },
	{ "\"/one word\"", "bad line 3 in state file %s" },
	{ "\"/x\" 2020-1-1 extra", "bad line 3 in state file %s" },
	{ "\"/x\" 2020-1", "bad line 3 in state file %s" },
	{ "\"/x\" yesterday", "bad line 3 in state file %s" },
	{ "\"\" 2020-1-1", "bad line 3 in state file %s" },
	{ "   ", "bad line 3 in state file %s" },
	{ "\"/x\" 2020-1-1\\", "bad line 3 in state file %s" },
	{ "\"/unterminated 2020-1-1", "bad line 3 in state file %s" },
	{ "\"/x y\" 1800-1-1", "bad year 1800 for file /x y in state file %s" },
	{ "\"/x\" 1969-12-31", "bad year 1969 for file /x in state file %s" },
	{ "\"/x\" 2101-1-1", "bad year 2101 for file /x in state file %s" },
	{ "\"/x\" 99999999999-1-1",
	    "bad year 1215752191 for file /x in state file %s" },
	{ "\"/x\" 2020-0-1", "bad month 0 for file /x in state file %s" },
	{ "\"/x\" 2020-13-1", "bad month 13 for file /x in state file %s" },
	{ "\"/x\" 2020-1--1", "bad day -1 for file /x in state file %s" },
	{ "\"/x\" 2020-1-32", "bad day 32 for file /x in state file %s" },
	{ "\"/x\" 2020-1-1-24", "bad hour 24 for file /x in state file %s" },
	{ "\"/x\" 2020-1-1--1", "bad hour -1 for file /x in state file %s" },
	{ "\"/x\" 2020-1-1-1:60",
	    "bad minute 60 for file /x in state file %s" },
	{ "\"/x\" 2020-1-1-1:1:60",
	    "bad second 60 for file /x in state file %s" },
	{ "\"/x\" 2020-1-1-1:1:-1",
	    "bad second -1 for file /x in state file %s" },
	/* The name in the message is popt's word, before unescaping. */
	{ "\"/a\\\\b\\n\" 1800-1-1",
	    "bad year 1800 for file /a\\\\b\\n in state file %s" },
};

/* Each bad line: that line only is lost; the entries around it stay. */
static void
test_bad_lines(void **unused)
{
	char *path = xstrdup(P("state"));
	size_t i;

	(void)unused;
	for (i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		struct rstate st = RSTATE_INIT;
		struct hr_error err = HR_ERROR_INIT;
		struct sbuf text = SBUF_INIT, rep = SBUF_INIT, want = SBUF_INIT;

		sbuf_addf(&text,
		    HEADER "\"/a\" 2020-1-1\n%s\n\"/b\" 2021-2-3\n",
		    bad_cases[i].line);
		add_expanded(&want, bad_cases[i].msg, path);
		assert_int_equal(
		    read_text(text.buf, text.len, &st, &err, &rep), -1);
		assert_string_equal(hr_error_text(&err), want.buf);
		assert_int_equal(err.line, 3);
		assert_int_equal(st.n, 2);
		expect_tm(&must_find(&st, "/a")->last, 2020, 1, 1, 0, 0, 0);
		expect_tm(&must_find(&st, "/b")->last, 2021, 2, 3, 0, 0, 0);
		sbuf_reset(&text);
		sbuf_addf(&text, "3:%s\n", want.buf);
		assert_string_equal(rep.buf, text.buf);
		hr_error_release(&err);
		sbuf_release(&text);
		sbuf_release(&rep);
		sbuf_release(&want);
		rstate_release(&st);
	}
	free(path);
}

/* Several bad lines: every one reported, err keeps the first. */
static void
test_bad_lines_all_reported(void **unused)
{
	static const char text[] = HEADER "junk\n"
	                                  "\"/a\" 2020-1-1\n"
	                                  "\"/b\" 2020-13-1\n"
	                                  "\0zero\n"
	                                  "\"/c\" 2020-1-1\0junk\n"
	                                  "\"/d\" 2020-1-2\n"
	                                  "\"/e\" 2020-1-3";
	struct rstate st = RSTATE_INIT;
	struct hr_error err = HR_ERROR_INIT;
	struct sbuf rep = SBUF_INIT, want = SBUF_INIT;
	char *path = xstrdup(P("state"));

	(void)unused;
	assert_int_equal(
	    read_text(text, sizeof(text) - 1, &st, &err, &rep), -1);
	sbuf_addf(&want,
	    "2:bad line 2 in state file %s\n"
	    "4:bad month 13 for file /b in state file %s\n"
	    "5:line 5 not parsable in state file %s\n"
	    "6:line 6 too long in state file %s\n"
	    "8:line 8 too long in state file %s\n",
	    path, path, path, path, path);
	assert_string_equal(rep.buf, want.buf);
	assert_int_equal(err.line, 2);
	assert_int_equal(st.n, 2);
	must_find(&st, "/a");
	must_find(&st, "/d");
	assert_null(rstate_find(&st, "/e"));
	hr_error_release(&err);
	sbuf_release(&rep);
	sbuf_release(&want);
	rstate_release(&st);
	free(path);
}

/*
 * logrotate reads 2 * PATH_MAX + 16 - 2 bytes per line: 8206 with the
 * newline fits, 8207 is too long; the rest of a long line is skipped.
 */
static void
test_long_line(void **unused)
{
	const size_t max = 2 * 4096 + 16 - 2;
	const char *suffix = "\" 2020-1-1\n";
	size_t n;

	(void)unused;
	for (n = max - 1; n <= max + 1; n++) {
		struct rstate st = RSTATE_INIT;
		struct hr_error err = HR_ERROR_INIT;
		struct sbuf text = SBUF_INIT, rep = SBUF_INIT, name = SBUF_INIT;
		size_t k;

		sbuf_adds(&name, "/");
		for (k = 0; k < n - strlen(suffix) - 2; k++)
			sbuf_addch(&name, 'a');
		sbuf_addf(&text, HEADER "\"%s%s\"/after\" 2021-1-1\n", name.buf,
		    suffix);
		assert_int_equal(read_text(text.buf, text.len, &st, &err, &rep),
		    n <= max ? 0 : -1);
		assert_int_equal(st.n, n <= max ? 2 : 1);
		assert_non_null(rstate_find(&st, "/after"));
		if (n > max)
			assert_non_null(strstr(err.msg, "line 2 too long"));
		hr_error_release(&err);
		sbuf_release(&text);
		sbuf_release(&rep);
		sbuf_release(&name);
		rstate_release(&st);
	}
}

static void
test_headers(void **unused)
{
	static const struct {
		const char *text;
		int rc;
		size_t n;
		const char *msg;
	} cases[] = {
		{ "logrotate state -- version 1\n\"/a\" 2020-1-1\n", 0, 1,
		    NULL },
		{ HEADER "\n\n\"/a\" 2020-1-1\n\n", 0, 1, NULL },
		{ "", 0, 0, NULL },
		{ HEADER, 0, 0, NULL },
		{ "logrotate state -- version 2", -1, 0,
		    "bad top line in state file %s" },
		{ "logrotate state -- version 3\n\"/a\" 2020-1-1\n", -1, 0,
		    "bad top line in state file %s" },
		{ "\"/a\" 2020-1-1\n", -1, 0, "bad top line in state file %s" },
	};
	char *path = xstrdup(P("state"));
	size_t i;

	(void)unused;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct rstate st = RSTATE_INIT;
		struct hr_error err = HR_ERROR_INIT;
		struct sbuf rep = SBUF_INIT, want = SBUF_INIT;

		assert_int_equal(read_text(cases[i].text, strlen(cases[i].text),
		                     &st, &err, &rep),
		    cases[i].rc);
		assert_int_equal(st.n, cases[i].n);
		if (cases[i].msg != NULL) {
			add_expanded(&want, cases[i].msg, path);
			assert_string_equal(hr_error_text(&err), want.buf);
		}
		hr_error_release(&err);
		sbuf_release(&rep);
		sbuf_release(&want);
		rstate_release(&st);
	}
	free(path);
}

static void
test_missing_and_unreadable(void **unused)
{
	struct rstate st = RSTATE_INIT;
	struct hr_error err = HR_ERROR_INIT;
	char *path = xstrdup(P("no-such-state")),
	     *dir = xstrdup(P("dir-state"));

	(void)unused;
	assert_int_equal(rstate_read(&st, path, &err), 0);
	assert_int_equal(st.n, 0);
	assert_int_equal(access(path, F_OK), -1);
	assert_int_equal(mkdir(dir, 0700), 0);
	assert_int_equal(rstate_read(&st, dir, &err), -1);
	assert_non_null(strstr(hr_error_text(&err), "error reading top line"));
	hr_error_release(&err);
	rstate_release(&st);
	free(path);
	free(dir);
}

static void
test_dates(void **unused)
{
	static const char text[] = HEADER "\"/y1900\" 1900-1-1\n"
	                                  "\"/ymd\" 2000-1-1\n"
	                                  "\"/day0\" 2020-3-0\n"
	                                  "\"/dup\" 2020-1-1\n"
	                                  "\"/dup\" 2021-6-7-8:9:10\n";
	struct rstate st = RSTATE_INIT;
	struct hr_error err = HR_ERROR_INIT;
	struct sbuf rep = SBUF_INIT, out = SBUF_INIT;

	(void)unused;
	assert_int_equal(read_text(text, sizeof(text) - 1, &st, &err, &rep), 0);
	assert_int_equal(st.n, 4);
	expect_tm(&must_find(&st, "/y1900")->last, 1900, 1, 1, 0, 0, 0);
	expect_tm(&must_find(&st, "/ymd")->last, 2000, 1, 1, 0, 0, 0);
	/* Day 0 is the last day of the month before, as mktime makes it. */
	expect_tm(&must_find(&st, "/day0")->last, 2020, 2, 29, 0, 0, 0);
	expect_tm(&must_find(&st, "/dup")->last, 2021, 6, 7, 8, 9, 10);
	/* Seen entries are kept whatever their age. */
	rstate_get(&st, "/y1900", NOW);
	rstate_format(&st, NOW, &out);
	assert_non_null(strstr(out.buf, "\"/y1900\" 1900-1-1-0:0:0\n"));
	assert_null(strstr(out.buf, "/ymd"));
	sbuf_release(&rep);
	sbuf_release(&out);
	rstate_release(&st);
}

static void
test_stale_entries(void **unused)
{
	struct rstate st = RSTATE_INIT;
	struct sbuf out = SBUF_INIT;

	(void)unused;
	rstate_set_rotated(rstate_get(&st, "/old-seen", NOW), NOW - 40000000);
	rstate_set_rotated(rstate_get(&st, "/old", NOW), NOW - 40000000);
	rstate_set_rotated(rstate_get(&st, "/year", NOW), NOW - 31556926);
	rstate_set_rotated(rstate_get(&st, "/year+1", NOW), NOW - 31556927);
	rstate_set_rotated(rstate_get(&st, "/future", NOW), NOW + 86400);
	must_find(&st, "/old")->seen = 0;
	must_find(&st, "/year")->seen = 0;
	must_find(&st, "/year+1")->seen = 0;
	must_find(&st, "/future")->seen = 0;
	rstate_format(&st, NOW, &out);
	assert_non_null(strstr(out.buf, "\"/old-seen\" 2025-8-24-20:3:46\n"));
	assert_null(strstr(out.buf, "\"/old\""));
	assert_non_null(strstr(out.buf, "\"/year\" "));
	assert_null(strstr(out.buf, "\"/year+1\""));
	assert_non_null(strstr(out.buf, "\"/future\" 2026-12-1-19:10:26\n"));
	sbuf_release(&out);
	rstate_release(&st);
}

static void
test_get_rounds_to_local_hour(void **unused)
{
	struct rstate st = RSTATE_INIT;
	struct rstate_entry *e;
	struct tm tm;

	(void)unused;
	setenv("TZ", "IST-5:30", 1);
	tzset();
	e = rstate_get(&st, "/x", NOW);
	/* 19:10:26 UTC is 00:40:26 the next day at +05:30. */
	expect_tm(&e->last, 2026, 12, 1, 0, 0, 0);
	assert_int_equal(e->seen, 1);
	assert_int_equal(e->rotated, 0);
	tm = e->last;
	assert_int_equal(mktime(&tm), NOW - 40 * 60 - 26);
	assert_ptr_equal(rstate_get(&st, "/x", NOW + 7200), e);
	expect_tm(&e->last, 2026, 12, 1, 0, 0, 0);
	rstate_set_rotated(e, NOW);
	expect_tm(&e->last, 2026, 12, 1, 0, 40, 26);
	assert_int_equal(e->rotated, 1);
	setenv("TZ", "UTC0", 1);
	tzset();
	rstate_release(&st);
}

/* 5,000 stanzas exist in the wild: lookups go through the hash. */
static void
test_many_entries(void **unused)
{
	struct rstate st = RSTATE_INIT;
	char name[64];
	int i;

	(void)unused;
	for (i = 0; i < 20000; i++) {
		snprintf(name, sizeof(name), "/var/log/app%d/x.log", i);
		rstate_get(&st, name, NOW);
	}
	assert_int_equal(st.n, 20000);
	for (i = 0; i < 20000; i++) {
		snprintf(name, sizeof(name), "/var/log/app%d/x.log", i);
		assert_ptr_equal(must_find(&st, name), st.entries[i]);
	}
	assert_null(rstate_find(&st, "/var/log/app20000/x.log"));
	rstate_release(&st);
}

/*
 * The real logrotate writes a state file (with odd names seeded in it),
 * we read and rewrite it byte for byte, and logrotate reads ours back
 * without a complaint.
 */
static void
test_logrotate_compat(void **unused)
{
	static const char *odd[] = { "/odd \"q\" \\b\\\\n", "/nl\nx",
		"/tab\tand 'single'", "/sp ace" };
	struct rstate seed = RSTATE_INIT, st = RSTATE_INIT;
	struct hr_error err = HR_ERROR_INIT;
	char *state = xstrdup(P("lr-state")), *conf = xstrdup(P("lr.conf"));
	char *out = xstrdup(P("lr.out")), *theirs, *ours, *msgs;
	size_t i, len_theirs, len_ours;

	(void)unused;
	if (access(LOGROTATE, X_OK) != 0)
		unit_skip(LOGROTATE " is not installed");
	if (geteuid() != 0)
		unit_skip("logrotate checks config ownership: needs root");
	for (i = 0; i < sizeof(odd) / sizeof(odd[0]); i++)
		rstate_set_rotated(
		    rstate_get(&seed, odd[i], time(NULL)), time(NULL) - 3600);
	assert_int_equal(rstate_write(&seed, state, time(NULL), &err), 0);
	assert_int_equal(
	    run_shell("cd %s && : > a.log && echo x > 'b c.log' && "
	              "printf '%%s\\n' '%s/a.log \"%s/b c.log\" {' "
	              "'daily' 'rotate 1' '}' '%s/missing*.log {' "
	              "'missingok' 'weekly' '}' > %s && chmod 644 %s",
	        unit_dir, unit_dir, unit_dir, unit_dir, conf, conf),
	    0);
	assert_int_equal(
	    run_shell(LOGROTATE " -s %s %s > %s 2>&1", state, conf, out), 0);
	theirs = read_file(state, &len_theirs);
	assert_int_equal(rstate_read(&st, state, &err), 0);
	for (i = 0; i < sizeof(odd) / sizeof(odd[0]); i++)
		assert_memory_equal(&must_find(&st, odd[i])->last,
		    &seed.entries[i]->last, offsetof(struct tm, tm_wday));
	msgs = xasprintf("%s/b c.log", unit_dir);
	must_find(&st, msgs);
	free(msgs);
	assert_int_equal(rstate_write(&st, state, time(NULL), &err), 0);
	ours = read_file(state, &len_ours);
	assert_int_equal(len_ours, len_theirs);
	assert_memory_equal(ours, theirs, len_theirs);
	assert_int_equal(
	    run_shell(LOGROTATE " -v -s %s %s > %s 2>&1", state, conf, out), 0);
	msgs = read_file(out, NULL);
	assert_null(strstr(msgs, "error"));
	assert_non_null(strstr(msgs, "Reading state from file"));
	free(msgs);
	free(theirs);
	free(ours);
	rstate_release(&seed);
	rstate_release(&st);
	free(state);
	free(conf);
	free(out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_write_format),
		cmocka_unit_test(test_read_quoting),
		cmocka_unit_test(test_bad_lines),
		cmocka_unit_test(test_bad_lines_all_reported),
		cmocka_unit_test(test_long_line),
		cmocka_unit_test(test_headers),
		cmocka_unit_test(test_missing_and_unreadable),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_stale_entries),
		cmocka_unit_test(test_get_rounds_to_local_hour),
		cmocka_unit_test(test_many_entries),
		cmocka_unit_test(test_logrotate_compat),
	};

	setenv("TZ", "UTC0", 1);
	tzset();
	return cmocka_run_group_tests(tests, unit_dir_setup, unit_dir_teardown);
}
