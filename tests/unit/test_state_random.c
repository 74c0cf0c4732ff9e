/*
 * test_state_random: random state lines read by rotate/state and by the
 * installed /usr/sbin/logrotate, which must accept and reject the same
 * lines with the same messages.
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
	char *state = xstrdup(P("rnd-state")), *conf = xstrdup(P("rnd.conf"));
	static const char lr_conf[] = "/nonexistent/x.log {\n missingok\n}\n";
	char *out = xstrdup(P("rnd.out")), ymd[32];
	time_t now = time(NULL) - 86400;
	unsigned seed = 20261130;
	struct tm tm;
	int i;

	(void)unused;
	if (access(LOGROTATE, X_OK) != 0)
		unit_skip(LOGROTATE " is not installed");
	if (geteuid() != 0)
		unit_skip("logrotate checks config ownership: needs root");
	localtime_r(&now, &tm);
	strftime(ymd, sizeof(ymd), "%Y-%m-%d", &tm);
	put_file(conf, lr_conf, strlen(lr_conf), 0640);
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
		put_file(state, text.buf, text.len, 0640);
		rstate_read_report(
		    &st, state, report_as_logrotate, &our_err, &err);
		rstate_format(&st, time(NULL), &fmt);
		run_shell(LOGROTATE " -s %s %s 2> %s", state, conf, out);
		lr_state = read_file(state, NULL);
		lr_msgs = read_file(out, NULL);
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
		cmocka_unit_test(test_logrotate_random_lines),
	};

	setenv("TZ", "UTC0", 1);
	tzset();
	return cmocka_run_group_tests(tests, unit_dir_setup, unit_dir_teardown);
}
