/*
 * Unit tests of rotate/state: the reader and writer against logrotate
 * 3.21's format and messages (reference 10), locking, and a differential
 * check against the installed /usr/sbin/logrotate.
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

#define HEADER "logrotate state -- version 2\n"
#define LOGROTATE "/usr/sbin/logrotate"

static char tmpdir[] = "/tmp/test_state.XXXXXX";

/* 2026-11-30 19:10:26 UTC, a Monday. */
static const time_t NOW = 1796065826;

static char *
tpath(const char *name)
{
	return xasprintf("%s/%s", tmpdir, name);
}

static void
put_file(const char *path, const char *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0640);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	assert_int_equal(close(fd), 0);
}

static char *
slurp(const char *path, size_t *len)
{
	struct sbuf sb = SBUF_INIT;
	char buf[4096];
	ssize_t n;
	int fd = open(path, O_RDONLY);

	assert_true(fd >= 0);
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		sbuf_add(&sb, buf, (size_t)n);
	close(fd);
	if (len != NULL)
		*len = sb.len;
	return sbuf_detach(&sb);
}

/* tmpl with each "%s" replaced by path (not a printf format). */
static void
add_expanded(struct sbuf *out, const char *tmpl, const char *path)
{
	const char *p;

	while ((p = strstr(tmpl, "%s")) != NULL) {
		sbuf_add(out, tmpl, (size_t)(p - tmpl));
		sbuf_adds(out, path);
		tmpl = p + 2;
	}
	sbuf_adds(out, tmpl);
}

static int
require_all(void)
{
	const char *v = getenv("HEADROOM_REQUIRE_ALL");

	return v != NULL && strcmp(v, "1") == 0;
}

/* skip(), or a failure when HEADROOM_REQUIRE_ALL=1 (CI). */
#define SKIP_BECAUSE(why)                                                      \
	do {                                                                   \
		if (require_all())                                             \
			fail_msg("would skip: %s", (why));                     \
		print_message("skipped: %s\n", (why));                         \
		skip();                                                        \
	} while (0)

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
	char *path = tpath("state");
	int rc;

	put_file(path, text, len);
	rc = rstate_read_report(st, path, count_report, reports, err);
	free(path);
	return rc;
}

static int
setup(void **unused)
{
	(void)unused;
	setenv("TZ", "UTC0", 1);
	tzset();
	return 0;
}

static void
test_round_trip(void **unused)
{
	static const char *paths[] = { "/var/log/syslog", "/a b/c d.log",
		"/q\"uote", "/back\\slash", "/new\nline", "/tab\there",
		"/single'quote", "/\\n not a newline", "/x\\", "/\"\"" };
	struct rstate a = RSTATE_INIT, b = RSTATE_INIT;
	struct hr_error err = HR_ERROR_INIT;
	char *path = tpath("rt");
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
	/* Inside quotes popt keeps \n; logrotate's unescape makes it a newline. */
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
	char *path = tpath("state");
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
	char *path = tpath("state");

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
	char *path = tpath("state");
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
	char *path = tpath("no-such-state"), *dir = tpath("dir-state");

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

static void
test_write_keeps_owner_and_mode(void **unused)
{
	struct rstate st = RSTATE_INIT;
	struct hr_error err = HR_ERROR_INIT;
	char *path = tpath("owned"), *tmp = tpath("owned.tmp");
	struct stat sb;

	(void)unused;
	if (geteuid() != 0)
		SKIP_BECAUSE("changing a file's owner needs root");
	put_file(path, HEADER, strlen(HEADER));
	assert_int_equal(chown(path, 12345, 54321), 0);
	assert_int_equal(chmod(path, 0664), 0);
	put_file(tmp, "stale", 5);
	rstate_get(&st, "/x", NOW);
	assert_int_equal(rstate_write(&st, path, NOW, &err), 0);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 07777, 0660);
	assert_int_equal(sb.st_uid, 12345);
	assert_int_equal(sb.st_gid, 54321);
	assert_int_equal(access(tmp, F_OK), -1);
	free(slurp(path, NULL));
	rstate_release(&st);
	free(path);
	free(tmp);
}

static void
test_write_new_and_mode(void **unused)
{
	struct rstate st = RSTATE_INIT;
	struct hr_error err = HR_ERROR_INIT;
	char *path = tpath("fresh"), *data;
	struct stat sb;

	(void)unused;
	rstate_get(&st, "/x", NOW);
	assert_int_equal(rstate_write(&st, path, NOW, &err), 0);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 07777, 0640);
	assert_int_equal(chmod(path, 0604), 0);
	assert_int_equal(rstate_write(&st, path, NOW, &err), 0);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 07777, 0600);
	data = slurp(path, NULL);
	assert_string_equal(data, HEADER "\"/x\" 2026-11-30-19:0:0\n");
	free(data);
	rstate_release(&st);
	free(path);
}

/* A write that fails leaves the old state file as it was. */
static void
test_write_failure_keeps_old(void **unused)
{
	static const char old[] = HEADER "\"/old\" 2020-1-1-0:0:0\n";
	struct rstate st = RSTATE_INIT;
	struct hr_error err = HR_ERROR_INIT;
	char *path = tpath("kept"), *tmp = tpath("kept.tmp"), *inner, *data;
	char *fifo;
	struct stat sb;

	(void)unused;
	put_file(path, old, strlen(old));
	assert_int_equal(mkdir(tmp, 0700), 0);
	inner = xasprintf("%s/x", tmp);
	put_file(inner, "", 0);
	rstate_get(&st, "/new", NOW);
	assert_int_equal(rstate_write(&st, path, NOW, &err), -1);
	assert_non_null(strstr(
	    hr_error_text(&err), "error removing old temporary state file"));
	data = slurp(path, NULL);
	assert_string_equal(data, old);
	free(data);
	hr_error_release(&err);
	unlink(inner);
	rmdir(tmp);
	/* Not a regular file: refused, and the FIFO stays a FIFO. */
	fifo = tpath("fifo");
	assert_int_equal(mkfifo(fifo, 0600), 0);
	assert_int_equal(rstate_read(&st, fifo, &err), 0); /* not blocked */
	assert_int_equal(rstate_write(&st, fifo, NOW, &err), -1);
	assert_non_null(strstr(hr_error_text(&err), "not a regular file"));
	assert_int_equal(stat(fifo, &sb), 0);
	assert_true(S_ISFIFO(sb.st_mode));
	hr_error_release(&err);
	free(fifo);
	/* A directory that is not writable: the tmp cannot be created. */
	if (geteuid() != 0) {
		char *ro = tpath("ro"), *rostate = tpath("ro/state");

		assert_int_equal(mkdir(ro, 0700), 0);
		put_file(rostate, old, strlen(old));
		assert_int_equal(chmod(ro, 0500), 0);
		assert_int_equal(rstate_write(&st, rostate, NOW, &err), -1);
		data = slurp(rostate, NULL);
		assert_string_equal(data, old);
		free(data);
		chmod(ro, 0700);
		free(ro);
		free(rostate);
		hr_error_release(&err);
	}
	rstate_release(&st);
	free(inner);
	free(path);
	free(tmp);
}

/*
 * A write that fails half way (the file size limit stands in for a full
 * disk): -1, no tmp file left, the old state as it was.  Runs in a child,
 * which reports 0 for success.
 */
static void
test_write_error_midway(void **unused)
{
	static const char old[] = HEADER "\"/old\" 2020-1-1-0:0:0\n";
	char *path = tpath("midway"), *tmp = tpath("midway.tmp"), *data;
	pid_t pid;
	int status;

	(void)unused;
	put_file(path, old, strlen(old));
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct rstate st = RSTATE_INIT;
		struct hr_error err = HR_ERROR_INIT;
		struct rlimit rl = { 100, 100 };
		char name[32];
		int i;

		signal(SIGXFSZ, SIG_IGN);
		if (setrlimit(RLIMIT_FSIZE, &rl) < 0)
			_exit(1);
		for (i = 0; i < 100; i++) {
			snprintf(name, sizeof(name), "/log%d", i);
			rstate_get(&st, name, NOW);
		}
		if (rstate_write(&st, path, NOW, &err) != -1)
			_exit(2);
		_exit(err.code == EFBIG && strstr(err.msg, "error writing")
		        ? 0
		        : 3);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_int_equal(access(tmp, F_OK), -1);
	data = slurp(path, NULL);
	assert_string_equal(data, old);
	free(data);
	free(path);
	free(tmp);
}

/* Runs rstate_lock(path, m) in a child; returns its result (0..3 = 0,1,-1,-2). */
static int
lock_in_child(const char *path, enum rstate_lock_mode m)
{
	pid_t pid = fork();
	int status;

	assert_true(pid >= 0);
	if (pid == 0) {
		struct rstate st = RSTATE_INIT;
		int r = rstate_lock(&st, path, m, NULL);

		_exit(r == 0 ? 0 : r == 1 ? 1 : r == -1 ? 2 : 3);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

/* 0 when a locking child gets -2 with exactly the message want. */
static int
lock_message_in_child(const char *path, const char *want)
{
	pid_t pid = fork();
	int status;

	assert_true(pid >= 0);
	if (pid == 0) {
		struct rstate st = RSTATE_INIT;
		struct hr_error err = HR_ERROR_INIT;

		if (rstate_lock(&st, path, RSTATE_LOCK_NB, &err) != -2)
			_exit(1);
		_exit(strcmp(hr_error_text(&err), want) == 0 ? 0 : 2);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

static void
test_lock(void **unused)
{
	struct rstate st = RSTATE_INIT;
	struct hr_error err = HR_ERROR_INIT;
	char *path = tpath("locked"), *want;
	struct stat sb;
	mode_t old = umask(022);

	(void)unused;
	assert_int_equal(rstate_lock(&st, path, RSTATE_LOCK_NB, &err), 0);
	umask(old);
	assert_true(st.lock_fd >= 0);
	/* The stub: created empty, 0640, and read as an empty state. */
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 07777, 0640);
	assert_int_equal(sb.st_size, 0);
	assert_int_equal(rstate_read(&st, path, &err), 0);
	assert_int_equal(st.n, 0);
	/* Held: another process is refused (logrotate exits 3). */
	assert_int_equal(lock_in_child(path, RSTATE_LOCK_NB), 3);
	assert_int_equal(lock_in_child(path, RSTATE_LOCK_SKIP), 0);
	want = xasprintf("state file %s is already locked\n"
	                 "logrotate does not support parallel execution on "
	                 "the same set of logfiles.",
	    path);
	assert_int_equal(lock_message_in_child(path, want), 0);
	free(want);
	rstate_release(&st);
	assert_int_equal(st.lock_fd, -1);
	assert_int_equal(lock_in_child(path, RSTATE_LOCK_NB), 0);
	hr_error_release(&err);
	free(path);
}

/* --wait-for-state-lock blocks until the holder lets go. */
static void
test_lock_wait(void **unused)
{
	struct rstate st = RSTATE_INIT;
	char *path = tpath("waited");
	struct timespec t0, t1;
	pid_t pid;
	int status;

	(void)unused;
	assert_int_equal(rstate_lock(&st, path, RSTATE_LOCK_NB, NULL), 0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct rstate child = RSTATE_INIT;
		int r;

		close(st.lock_fd); /* the inherited copy would hold the lock */
		r = rstate_lock(&child, path, RSTATE_LOCK_WAIT, NULL);

		clock_gettime(CLOCK_MONOTONIC, &t1);
		_exit(r == 0 &&
		            t1.tv_sec * 1000 + t1.tv_nsec / 1000000 -
		                    t0.tv_sec * 1000 - t0.tv_nsec / 1000000 >=
		                150
		        ? 0
		        : 1);
	}
	usleep(300000);
	rstate_release(&st);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	free(path);
}

static void
test_lock_world_readable_and_skip(void **unused)
{
	struct rstate st = RSTATE_INIT;
	struct hr_error err = HR_ERROR_INIT;
	char *path = tpath("public"), *want;
	int fd;

	(void)unused;
	put_file(path, HEADER, strlen(HEADER));
	assert_int_equal(chmod(path, 0644), 0);
	/* Someone else holds a flock: the lock is skipped, not waited for. */
	fd = open(path, O_RDONLY);
	assert_true(fd >= 0);
	assert_int_equal(flock(fd, LOCK_EX), 0);
	assert_int_equal(rstate_lock(&st, path, RSTATE_LOCK_NB, &err), 1);
	assert_int_equal(st.lock_fd, -1);
	want = xasprintf("state file %s is world-readable and thus can be "
	                 "locked from other unprivileged users. Skipping "
	                 "lock acquisition...",
	    path);
	assert_string_equal(hr_error_text(&err), want);
	free(want);
	hr_error_release(&err);
	/* --skip-state-lock: no flock at all, even on a 0600 file. */
	assert_int_equal(chmod(path, 0600), 0);
	assert_int_equal(rstate_lock(&st, path, RSTATE_LOCK_SKIP, &err), 0);
	assert_int_equal(st.lock_fd, -1);
	assert_int_equal(rstate_lock(&st, path, RSTATE_LOCK_NB, &err), -2);
	close(fd);
	assert_int_equal(rstate_lock(&st, path, RSTATE_LOCK_NB, &err), 0);
	/* A missing file is created as a stub by the skip mode as well. */
	rstate_release(&st);
	free(path);
	path = tpath("skipped");
	assert_int_equal(rstate_lock(&st, path, RSTATE_LOCK_SKIP, &err), 0);
	assert_int_equal(access(path, F_OK), 0);
	hr_error_release(&err);
	rstate_release(&st);
	free(path);
}

static void
test_lock_errors(void **unused)
{
	struct rstate st = RSTATE_INIT;
	struct hr_error err = HR_ERROR_INIT;
	char *path = tpath("no/such/dir/state");

	(void)unused;
	assert_int_equal(rstate_lock(&st, path, RSTATE_LOCK_NB, &err), -1);
	assert_int_equal(err.code, ENOENT);
	assert_non_null(
	    strstr(hr_error_text(&err), "error creating stub state file"));
	hr_error_release(&err);
	free(path);
}

static void
test_dev_null(void **unused)
{
	struct rstate st = RSTATE_INIT;
	struct hr_error err = HR_ERROR_INIT;
	struct stat sb;

	(void)unused;
	assert_int_equal(
	    rstate_lock(&st, "/dev/null", RSTATE_LOCK_NB, &err), 0);
	assert_int_equal(st.lock_fd, -1);
	assert_int_equal(rstate_read(&st, "/dev/null", &err), 0);
	assert_int_equal(st.n, 0);
	rstate_get(&st, "/x", NOW);
	assert_int_equal(rstate_write(&st, "/dev/null", NOW, &err), 0);
	assert_int_equal(stat("/dev/null", &sb), 0);
	assert_true(S_ISCHR(sb.st_mode));
	assert_int_equal(access("/dev/null.tmp", F_OK), -1);
	rstate_release(&st);
}

/* Runs a shell command; returns its exit status. */
static int run(const char *fmt, ...) DIAG_PRINTF(1, 2);

static int
run(const char *fmt, ...)
{
	struct sbuf cmd = SBUF_INIT;
	va_list ap;
	int status;

	va_start(ap, fmt);
	sbuf_vaddf(&cmd, fmt, ap);
	va_end(ap);
	status = system(cmd.buf);
	sbuf_release(&cmd);
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
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
	char *state = tpath("lr-state"), *conf = tpath("lr.conf");
	char *out = tpath("lr.out"), *theirs, *ours, *msgs;
	size_t i, len_theirs, len_ours;

	(void)unused;
	if (access(LOGROTATE, X_OK) != 0)
		SKIP_BECAUSE(LOGROTATE " is not installed");
	if (geteuid() != 0)
		SKIP_BECAUSE("logrotate checks config ownership: needs root");
	for (i = 0; i < sizeof(odd) / sizeof(odd[0]); i++)
		rstate_set_rotated(
		    rstate_get(&seed, odd[i], time(NULL)), time(NULL) - 3600);
	assert_int_equal(rstate_write(&seed, state, time(NULL), &err), 0);
	assert_int_equal(run("cd %s && : > a.log && echo x > 'b c.log' && "
	                     "printf '%%s\\n' '%s/a.log \"%s/b c.log\" {' "
	                     "'daily' 'rotate 1' '}' '%s/missing*.log {' "
	                     "'missingok' 'weekly' '}' > %s && chmod 644 %s",
	                     tmpdir, tmpdir, tmpdir, tmpdir, conf, conf),
	    0);
	assert_int_equal(
	    run(LOGROTATE " -s %s %s > %s 2>&1", state, conf, out), 0);
	theirs = slurp(state, &len_theirs);
	assert_int_equal(rstate_read(&st, state, &err), 0);
	for (i = 0; i < sizeof(odd) / sizeof(odd[0]); i++)
		assert_memory_equal(&must_find(&st, odd[i])->last,
		    &seed.entries[i]->last, offsetof(struct tm, tm_wday));
	msgs = xasprintf("%s/b c.log", tmpdir);
	must_find(&st, msgs);
	free(msgs);
	assert_int_equal(rstate_write(&st, state, time(NULL), &err), 0);
	ours = slurp(state, &len_ours);
	assert_int_equal(len_ours, len_theirs);
	assert_memory_equal(ours, theirs, len_theirs);
	assert_int_equal(
	    run(LOGROTATE " -v -s %s %s > %s 2>&1", state, conf, out), 0);
	msgs = slurp(out, NULL);
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

/* A random state line from a small alphabet rich in quoting characters. */
static void
random_line(unsigned *seed, const char *ymd, struct sbuf *line)
{
	static const char alpha[] = "ab \"'\\n\t/-:120";
	static const char *dates[] = { "%s", "%s-3:4:5", "%s-03:04:05",
		"2026-1", "2026-13-1", "%s-24:0:0", "%sx", "+%s", "%s x",
		"2026 11", "" };
	int i, n, quoted;

	*seed = *seed * 1103515245 + 12345;
	n = (int)(*seed >> 16) % 11;
	quoted = (*seed >> 8) & 1;
	if (quoted)
		sbuf_addch(line, '"');
	for (i = 0; i < n; i++) {
		*seed = *seed * 1103515245 + 12345;
		sbuf_addch(line, alpha[(*seed >> 16) % (sizeof(alpha) - 1)]);
	}
	if (quoted)
		sbuf_addch(line, '"');
	sbuf_addch(line, ' ');
	*seed = *seed * 1103515245 + 12345;
	add_expanded(line, dates[(*seed >> 16) % 11], ymd);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * The entry lines of a state file, sorted (logrotate writes in hash
 * order), without the header, skipping lines that contain `omit`.
 */
static void
sorted_entries(const char *text, const char *omit, struct sbuf *out)
{
	char *copy = xstrdup(text), *line, *save = NULL;
	char **v = NULL;
	size_t n = 0, alloc = 0, i;

	for (line = strtok_r(copy, "\n", &save); line != NULL;
	     line = strtok_r(NULL, "\n", &save)) {
		if (strncmp(line, "logrotate state", 15) == 0 ||
		    (omit != NULL && strstr(line, omit) != NULL))
			continue;
		XGROW(v, n + 1, alloc);
		v[n++] = line;
	}
	if (n > 0)
		qsort(v, n, sizeof(*v), cmp_str);
	for (i = 0; i < n; i++)
		sbuf_addf(out, "%s\n", v[i]);
	free(v);
	free(copy);
}

/* The "error: ... state file ..." lines logrotate printed. */
static void
state_errors(const char *msgs, struct sbuf *out)
{
	const char *p = msgs, *nl;

	for (; *p != '\0'; p = *nl ? nl + 1 : nl) {
		nl = strchrnul(p, '\n');
		if (strncmp(p, "error: ", 7) == 0 &&
		    memmem(p, (size_t)(nl - p), "state file", 10) != NULL)
			sbuf_addf(out, "%.*s\n", (int)(nl - p), p);
	}
}

static void
report_as_logrotate(void *ctx, const struct hr_error *e)
{
	sbuf_addf(ctx, "error: %s\n", e->msg);
}

/*
 * Random lines between two good ones, read by logrotate and by us: the
 * same error text, and the same entries (logrotate 3.21 stops at a bad
 * line, so "/after" is then left out of our side of the comparison).
 */
static void
test_logrotate_random_lines(void **unused)
{
	char *state = tpath("rnd-state"), *conf = tpath("rnd.conf");
	static const char lr_conf[] = "/nonexistent/x.log {\n missingok\n}\n";
	char *out = tpath("rnd.out"), ymd[32];
	time_t now = time(NULL) - 86400;
	unsigned seed = 20261130;
	struct tm tm;
	int i;

	(void)unused;
	if (access(LOGROTATE, X_OK) != 0)
		SKIP_BECAUSE(LOGROTATE " is not installed");
	if (geteuid() != 0)
		SKIP_BECAUSE("logrotate checks config ownership: needs root");
	localtime_r(&now, &tm);
	strftime(ymd, sizeof(ymd), "%Y-%m-%d", &tm);
	put_file(conf, lr_conf, strlen(lr_conf));
	assert_int_equal(chmod(conf, 0644), 0);
	for (i = 0; i < 60; i++) {
		struct rstate st = RSTATE_INIT;
		struct hr_error err = HR_ERROR_INIT;
		struct sbuf text = SBUF_INIT, ours = SBUF_INIT,
		            theirs = SBUF_INIT;
		struct sbuf our_err = SBUF_INIT, their_err = SBUF_INIT;
		struct sbuf fmt = SBUF_INIT;
		char *lr_state, *lr_msgs;

		sbuf_addf(&text, HEADER "\"/before\" %s-1:2:3\n", ymd);
		random_line(&seed, ymd, &text);
		sbuf_addf(&text, "\n\"/after\" %s-4:5:6\n", ymd);
		put_file(state, text.buf, text.len);
		rstate_read_report(
		    &st, state, report_as_logrotate, &our_err, &err);
		rstate_format(&st, time(NULL), &fmt);
		run(LOGROTATE " -s %s %s 2> %s", state, conf, out);
		lr_state = slurp(state, NULL);
		lr_msgs = slurp(out, NULL);
		state_errors(lr_msgs, &their_err);
		sorted_entries(lr_state, "/nonexistent/", &theirs);
		sorted_entries(
		    fmt.buf, our_err.len ? "\"/after\"" : NULL, &ours);
		if (strcmp(our_err.buf, their_err.buf) != 0 ||
		    strcmp(ours.buf, theirs.buf) != 0)
			fail_msg(
			    "state file:\n%s\nlogrotate:\n%s%s\nours:\n%s%s",
			    text.buf, their_err.buf, theirs.buf, our_err.buf,
			    ours.buf);
		free(lr_state);
		free(lr_msgs);
		sbuf_release(&text);
		sbuf_release(&ours);
		sbuf_release(&theirs);
		sbuf_release(&our_err);
		sbuf_release(&their_err);
		sbuf_release(&fmt);
		hr_error_release(&err);
		rstate_release(&st);
	}
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
		cmocka_unit_test(test_write_keeps_owner_and_mode),
		cmocka_unit_test(test_write_new_and_mode),
		cmocka_unit_test(test_write_failure_keeps_old),
		cmocka_unit_test(test_write_error_midway),
		cmocka_unit_test(test_lock),
		cmocka_unit_test(test_lock_wait),
		cmocka_unit_test(test_lock_world_readable_and_skip),
		cmocka_unit_test(test_lock_errors),
		cmocka_unit_test(test_dev_null),
		cmocka_unit_test(test_logrotate_compat),
		cmocka_unit_test(test_logrotate_random_lines),
	};
	int rc;

	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		return 99;
	}
	rc = cmocka_run_group_tests(tests, setup, NULL);
	run("rm -rf '%s'", tmpdir);
	return rc;
}
