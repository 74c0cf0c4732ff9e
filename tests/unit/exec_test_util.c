/*
 * exec_test_util: stanzas over the scratch directory, planned and run
 * by the engine, and the files read back, for the engine's tests.
 */
#include "config.h"

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <zlib.h>

#include <cmocka.h>

#include "lib/xalloc.h"
#include "rotate/exec.h"
#include "rotate/plan.h"
#include "tests/unit/exec_test_util.h"

struct sbuf msgs = SBUF_INIT;

static time_t
s_clock(void *arg)
{
	(void)arg;
	return time(NULL);
}

static int
s_lstat(void *arg, const char *path, struct stat *st)
{
	(void)arg;
	return lstat(path, st) == 0 ? 0 : errno;
}

static int
s_stat(void *arg, const char *path, struct stat *st)
{
	(void)arg;
	return stat(path, st) == 0 ? 0 : errno;
}

static int
s_list(void *arg, const char *d, char ***names)
{
	DIR *dp = opendir(d);
	struct dirent *e;
	size_t n = 0, a = 0;
	char **v = NULL;

	(void)arg;
	XGROW(v, 1, a);
	while (dp && (e = readdir(dp)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		XGROW(v, n + 2, a);
		v[n++] = xstrdup(e->d_name);
	}
	v[n] = NULL;
	if (dp)
		closedir(dp);
	*names = v;
	return 0;
}

/* Every log was last rotated long ago. */
static int
s_last(void *arg, const char *path, time_t now, int used, struct tm *last)
{
	time_t t = now - 400 * 86400;

	(void)arg;
	(void)path;
	(void)used;
	localtime_r(&t, last);
	return 0;
}

static const struct rplan_seams seams = { s_clock, s_lstat, s_stat, s_list,
	s_last, NULL, NULL, NULL };

static void
report(void *ctx, enum diag_level level, const char *text)
{
	(void)ctx;
	(void)level;
	sbuf_addf(&msgs, "%s\n", text);
}

void
put(const char *name, const char *text)
{
	put_file(P(name), text, strlen(text), 0666);
}

/* Writes text gzipped to name. */
void
put_gz(const char *name, const char *text)
{
	gzFile g = gzopen(P(name), "wb");

	assert_non_null(g);
	assert_int_equal(gzputs(g, text), (int)strlen(text));
	assert_int_equal(gzclose(g), Z_OK);
}

/* The contents of a file, gunzipped when it ends in .gz. */
char *
get(const char *name)
{
	static char buf[4096];
	const char *path = P(name);
	gzFile g;
	int n;

	g = gzopen(path, "rb");
	if (g == NULL)
		return NULL;
	n = gzread(g, buf, sizeof(buf) - 1);
	gzclose(g);
	if (n < 0)
		return NULL;
	buf[n] = '\0';
	return buf;
}

int
exists(const char *name)
{
	struct stat st;

	return lstat(P(name), &st) == 0;
}

/* The number of hidden files (temporaries) in the test directory. */
int
hidden_files(void)
{
	DIR *dp = opendir(unit_dir);
	struct dirent *e;
	int n = 0;

	assert_non_null(dp);
	while ((e = readdir(dp)) != NULL)
		if (e->d_name[0] == '.' && strcmp(e->d_name, ".") != 0 &&
		    strcmp(e->d_name, "..") != 0)
			n++;
	closedir(dp);
	return n;
}

struct rconf_log *
stanza(const char *const *logs)
{
	struct rconf_log *c = xcalloc(1, sizeof(*c));
	size_t n = 0;
	struct sbuf pat = SBUF_INIT;

	rconf_log_defaults(c);
	while (logs[n])
		n++;
	c->files = xcalloc(n + 1, sizeof(char *));
	for (c->nfiles = 0; c->nfiles < n; c->nfiles++) {
		c->files[c->nfiles] = xstrdup(P(logs[c->nfiles]));
		sbuf_addf(&pat, "%s ", c->files[c->nfiles]);
	}
	c->pattern = sbuf_detach(&pat);
	c->criterion = RCONF_DAILY;
	c->compresscmd = xstrdup("/bin/gzip");
	c->uncompresscmd = xstrdup("/bin/gunzip");
	c->compressext = xstrdup(".gz");
	return c;
}

void
stanza_free(struct rconf_log *c)
{
	rconf_log_release(c);
	free(c);
}

void
script(struct rconf_log *c, enum rconf_script which, const char *body)
{
	free(c->script[which]);
	c->script[which] = xstrdup(body);
}

/* The journal of an interrupted run that run() plans with, or NULL. */
const struct rjournal *journal;

/* Plans and runs the stanzas with -f; returns rexec_run's result. */
int
run(struct rconf_log **logs, size_t n, unsigned jobs, struct rstate *st)
{
	struct rconf conf = RCONF_INIT;
	struct rplan plan = RPLAN_INIT;
	struct rplan_seams with = seams;
	struct hr_error err = HR_ERROR_INIT;
	struct rexec_opts o = REXEC_OPTS_INIT;
	char *mail = xstrdup(P("mail.sh"));
	int rc;

	conf.logs = logs;
	conf.nlogs = n;
	with.journal = journal;
	(void)rplan_build(&plan, &conf, &with, RPLAN_FORCE, &err);
	o.jobs = jobs;
	o.state = st;
	o.rep.fn = report;
	o.mailcmd = mail;
	rc = rexec_run(&plan, &o);
	rplan_release(&plan);
	hr_error_release(&err);
	free(mail);
	return rc;
}

int
run1(struct rconf_log *c, struct rstate *st)
{
	return run(&c, 1, 2, st);
}

int
exec_setup(void **state)
{
	unit_dir_setup(state);
	setenv("T", unit_dir, 1);
	sbuf_release(&msgs);
	sbuf_init(&msgs, 0);
	return 0;
}

int
exec_teardown(void **state)
{
	unit_dir_teardown(state);
	sbuf_release(&msgs);
	return 0;
}
