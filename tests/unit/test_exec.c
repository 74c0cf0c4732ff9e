/*
 * test_exec: plans built by rplan_build over a real temporary directory,
 * carried out by rexec_run, and the resulting files checked: names,
 * contents (gzip read back with zlib), modes, script arguments, the
 * error rules of reference 6, and the state entries.
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

#include "lib/sbuf.h"
#include "lib/xalloc.h"
#include "rotate/exec.h"
#include "rotate/journal.h"
#include "rotate/plan.h"
#include "rotate/state.h"
#include "tests/unit/unit_util.h"

static struct sbuf msgs = SBUF_INIT;

/*
 * Failure injection (-Wl,--wrap): the next calls of inject.call ("rename",
 * "create" (an openat with O_CREAT), "copy_file_range", "ftruncate",
 * "unlink") on a path ending in inject.suffix (any path when NULL) fail
 * with inject.err.
 */
static struct {
	const char *call, *suffix;
	int err;
} inject;

static int
injected(const char *call, const char *path)
{
	size_t n, k;

	if (inject.call == NULL || strcmp(inject.call, call) != 0)
		return 0;
	if (inject.suffix != NULL) {
		n = strlen(path);
		k = strlen(inject.suffix);
		if (n < k || strcmp(path + n - k, inject.suffix) != 0)
			return 0;
	}
	errno = inject.err;
	return 1;
}

int __real_rename(const char *from, const char *to);
int __wrap_rename(const char *from, const char *to);
int __real_renameat2(
    int fd, const char *from, int tofd, const char *to, unsigned flags);
int __wrap_renameat2(
    int fd, const char *from, int tofd, const char *to, unsigned flags);
int __real_openat(int dirfd, const char *path, int flags, ...);
int __wrap_openat(int dirfd, const char *path, int flags, ...);
ssize_t __real_copy_file_range(
    int in, off_t *inoff, int out, off_t *outoff, size_t len, unsigned flags);
ssize_t __wrap_copy_file_range(
    int in, off_t *inoff, int out, off_t *outoff, size_t len, unsigned flags);
int __real_ftruncate(int fd, off_t len);
int __wrap_ftruncate(int fd, off_t len);
int __real_unlink(const char *path);
int __wrap_unlink(const char *path);

int
__wrap_rename(const char *from, const char *to)
{
	return injected("rename", from) ? -1 : __real_rename(from, to);
}

int
__wrap_renameat2(
    int fd, const char *from, int tofd, const char *to, unsigned flags)
{
	if (injected("rename", from))
		return -1;
	return __real_renameat2(fd, from, tofd, to, flags);
}

int
__wrap_openat(int dirfd, const char *path, int flags, ...)
{
	mode_t mode = 0;
	va_list ap;

	if (flags & (O_CREAT | O_TMPFILE)) {
		va_start(ap, flags);
		mode = va_arg(ap, mode_t);
		va_end(ap);
		if (injected("create", path))
			return -1;
	}
	return __real_openat(dirfd, path, flags, mode);
}

ssize_t
__wrap_copy_file_range(
    int in, off_t *inoff, int out, off_t *outoff, size_t len, unsigned flags)
{
	if (injected("copy_file_range", ""))
		return -1;
	return __real_copy_file_range(in, inoff, out, outoff, len, flags);
}

int
__wrap_ftruncate(int fd, off_t len)
{
	return injected("ftruncate", "") ? -1 : __real_ftruncate(fd, len);
}

int
__wrap_unlink(const char *path)
{
	return injected("unlink", path) ? -1 : __real_unlink(path);
}

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

static void
put(const char *name, const char *text)
{
	put_file(P(name), text, strlen(text), 0666);
}

/* The contents of a file, gunzipped when it ends in .gz. */
static char *
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

static int
exists(const char *name)
{
	struct stat st;

	return lstat(P(name), &st) == 0;
}

/* The number of hidden files (temporaries) in the test directory. */
static int
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

static struct rconf_log *
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

static void
stanza_free(struct rconf_log *c)
{
	rconf_log_release(c);
	free(c);
}

static void
script(struct rconf_log *c, enum rconf_script which, const char *body)
{
	free(c->script[which]);
	c->script[which] = xstrdup(body);
}

/* The journal of an interrupted run that run() plans with, or NULL. */
static const struct rjournal *journal;

/* Plans and runs the stanzas with -f; returns rexec_run's result. */
static int
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

static int
run1(struct rconf_log *c, struct rstate *st)
{
	return run(&c, 1, 2, st);
}

static int
setup(void **state)
{
	memset(&inject, 0, sizeof(inject));
	unit_dir_setup(state);
	setenv("T", unit_dir, 1);
	sbuf_release(&msgs);
	sbuf_init(&msgs, 0);
	return 0;
}

static int
teardown(void **state)
{
	unit_dir_teardown(state);
	sbuf_release(&msgs);
	return 0;
}

static void
t_numbered_compress(void **state)
{
	const char *logs[] = { "a.log", NULL };
	struct rconf_log *c = stanza(logs);

	(void)state;
	c->rotate = 2;
	c->flags |= RCONF_COMPRESS;
	put("a.log", "one\n");
	assert_int_equal(run1(c, NULL), 0);
	assert_false(exists("a.log"));
	assert_string_equal(get("a.log.1.gz"), "one\n");
	put("a.log", "two\n");
	assert_int_equal(run1(c, NULL), 0);
	put("a.log", "three\n");
	assert_int_equal(run1(c, NULL), 0);
	put("a.log", "four\n");
	assert_int_equal(run1(c, NULL), 0);
	assert_string_equal(get("a.log.1.gz"), "four\n");
	assert_string_equal(get("a.log.2.gz"), "three\n");
	assert_false(exists("a.log.3.gz"));
	assert_false(exists("a.log.1"));
	stanza_free(c);
}

/* Writes text gzipped to name. */
static void
put_gz(const char *name, const char *text)
{
	gzFile g = gzopen(P(name), "wb");

	assert_non_null(g);
	assert_int_equal(gzputs(g, text), (int)strlen(text));
	assert_int_equal(gzclose(g), Z_OK);
}

/*
 * The target of a compression exists: when it holds the source's bytes,
 * the source is removed (nothing is compressed twice); when it holds a
 * first part of them, it is replaced by a full compression; anything
 * else is moved aside to a .backup name (logrotate's way) and kept.
 */
static void
t_compress_target_exists(void **state)
{
	const char *logs[] = { "a.log", "b.log", "c.log", NULL };
	struct rconf_log *c = stanza(logs);
	char *backup;
	struct tm tm;
	time_t now = time(NULL);

	(void)state;
	c->rotate = 3;
	c->flags |= RCONF_COMPRESS | RCONF_DELAYCOMPRESS;
	put("a.log", "a now\n");
	put("a.log.1", "a old\n");
	put_gz("a.log.1.gz", "a old\n");
	put("b.log", "b now\n");
	put("b.log.1", "b old\nb more\n");
	put_gz("b.log.1.gz", "b old\n");
	put("c.log", "c now\n");
	put("c.log.1", "c old\n");
	put_gz("c.log.1.gz", "stray\n");
	assert_int_equal(run1(c, NULL), 0);
	assert_string_equal(get("a.log.2.gz"), "a old\n");
	assert_string_equal(get("b.log.2.gz"), "b old\nb more\n");
	assert_string_equal(get("c.log.2.gz"), "c old\n");
	assert_string_equal(get("a.log.1"), "a now\n");
	assert_false(exists("a.log.3.gz"));
	assert_false(exists("b.log.3.gz"));
	localtime_r(&now, &tm);
	backup = xasprintf("c.log.1.gz-%04d%02d%02d%02d.backup",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour);
	assert_string_equal(get(backup), "stray\n");
	assert_non_null(strstr(msgs.buf, "holds the same data as"));
	assert_non_null(strstr(msgs.buf, "holds the first part of"));
	assert_non_null(strstr(msgs.buf, "already exists, renaming to"));
	free(backup);
	stanza_free(c);
}

/*
 * The target of the log's own rename (here renamecopy's a.log.tmp) that
 * exists is moved aside to a .backup name, never replaced; the log is
 * rotated.
 */
static void
t_rename_target_exists(void **state)
{
	const char *logs[] = { "a.log", NULL };
	struct rconf_log *c = stanza(logs);
	char *backup;
	struct tm tm;
	time_t now = time(NULL);

	(void)state;
	c->rotate = 1;
	c->flags |= RCONF_RENAMECOPY;
	put("a.log", "now\n");
	put("a.log.tmp", "someone else's\n");
	assert_int_equal(run1(c, NULL), 0);
	assert_string_equal(get("a.log.1"), "now\n");
	assert_false(exists("a.log.tmp"));
	localtime_r(&now, &tm);
	backup = xasprintf("a.log.tmp-%04d%02d%02d%02d.backup",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour);
	assert_string_equal(get(backup), "someone else's\n");
	free(backup);
	stanza_free(c);
}

/*
 * A copytruncate killed after its copy, its truncation not marked done:
 * when the log still holds the copy's bytes, it is copied and truncated
 * again (lines once, in the copy); when it was truncated (it holds other
 * lines now), nothing is done.
 */
static void
t_recopy(void **state)
{
	const char *logs[] = { "a.log", NULL };
	struct rconf_log *c;
	struct rjournal j = RJOURNAL_INIT;
	struct hr_error err = HR_ERROR_INIT;
	char *text;
	int truncated;

	(void)state;
	text = xasprintf("headroom rotate journal -- version 2\ntime 1\n"
	                 "stanza 0 \"p\"\nlog 1 \"%s\"\n"
	                 "step copytruncate rotate 0 0 644 0 0 - \"%s\" "
	                 "\"%s\" - -\n",
	    P("a.log"), P("a.log"), P("a.log.1"));
	put("journal", text);
	free(text);
	assert_int_equal(rjournal_read(&j, P("journal"), &err), 0);
	journal = &j;
	for (truncated = 0; truncated < 2; truncated++) {
		c = stanza(logs);
		c->rotate = 3;
		c->flags |= RCONF_COPYTRUNCATE;
		put("a.log.1", "one\n");
		put("a.log", truncated ? "two\n" : "one\ntwo\n");
		assert_int_equal(run1(c, NULL), 0);
		assert_string_equal(
		    get("a.log.1"), truncated ? "one\n" : "one\ntwo\n");
		assert_string_equal(get("a.log"), truncated ? "two\n" : "");
		assert_false(exists("a.log.2"));
		stanza_free(c);
	}
	journal = NULL;
	rjournal_release(&j);
}

/*
 * Killed between a compression (marked done) and the removal of its
 * source: the repair compresses nothing (the copy is whole) and removes
 * the source; a failed compression never removes its source, even with
 * the removal's preremove script (run in the engine).
 */
static void
t_compress_then_remove(void **state)
{
	const char *logs[] = { "a.log", NULL };
	struct rconf_log *c;
	struct rjournal j = RJOURNAL_INIT;
	struct hr_error err = HR_ERROR_INIT;
	struct stat st;
	char *text;

	(void)state;
	put("a.log.1", "one\n");
	put_gz("a.log.1.gz", "one\n");
	put("a.log", "two\n");
	assert_int_equal(lstat(P("a.log.1"), &st), 0);
	text = xasprintf("headroom rotate journal -- version 2\ntime 1\n"
	                 "stanza 0 \"p\"\nlog 1 \"%s\"\n"
	                 "step rename rotate 0 0 0 0 0 - \"%s\" \"%s\" - -\n"
	                 "step compress finish 0 0 0 0 0 - \"%s\" \"%s\" - -\n"
	                 "step remove finish 0 %u 0 0 0 - \"%s\" - - -\n"
	                 "id %ju %ju \"%s\"\n"
	                 "done 0 0\ndone 0 1\n",
	    P("a.log"), P("a.log"), P("a.log.1"), P("a.log.1"), P("a.log.1.gz"),
	    (unsigned)RSTEP_CHAINED, P("a.log.1"), (uintmax_t)st.st_dev,
	    (uintmax_t)st.st_ino, P("a.log"));
	put("journal", text);
	free(text);
	assert_int_equal(rjournal_read(&j, P("journal"), &err), 0);
	journal = &j;
	c = stanza(logs);
	c->rotate = 3;
	c->flags |= RCONF_COMPRESS;
	assert_int_equal(run1(c, NULL), 0);
	journal = NULL;
	rjournal_release(&j);
	assert_false(exists("a.log.1"));
	assert_string_equal(get("a.log.2.gz"), "one\n");
	assert_string_equal(get("a.log.1.gz"), "two\n");
	stanza_free(c);
	/* The compression fails: the chained removal does not run. */
	c = stanza(logs);
	c->rotate = 3;
	c->flags |= RCONF_COMPRESS;
	free(c->compresscmd);
	c->compresscmd = xstrdup("/bin/false");
	text = xasprintf("touch %s\n", P("preremove-ran"));
	script(c, RCONF_PREREMOVE, text);
	free(text);
	put("a.log", "three\n");
	assert_int_equal(run1(c, NULL), -1);
	assert_string_equal(get("a.log.1"), "three\n");
	assert_false(exists("preremove-ran"));
	stanza_free(c);
}

static void
t_create_mode(void **state)
{
	const char *logs[] = { "a.log", NULL };
	struct rconf_log *c = stanza(logs);
	struct stat st;

	(void)state;
	c->rotate = 1;
	c->flags |= RCONF_CREATE;
	c->create.mode = 0640;
	c->create.has_mode = 1;
	put("a.log", "x\n");
	chmod(P("a.log"), 0600);
	assert_int_equal(run1(c, NULL), 0);
	assert_int_equal(lstat(P("a.log"), &st), 0);
	assert_int_equal(st.st_mode & 07777, 0640);
	assert_int_equal(st.st_size, 0);
	assert_string_equal(get("a.log.1"), "x\n");
	stanza_free(c);
}

static void
t_copytruncate_sparse(void **state)
{
	const char *logs[] = { "a.log", NULL };
	struct rconf_log *c = stanza(logs);
	struct stat st;
	int fd;

	(void)state;
	c->rotate = 1;
	c->flags |= RCONF_COPYTRUNCATE;
	fd = open(P("a.log"), O_WRONLY | O_CREAT, 0644);
	assert_true(fd >= 0);
	assert_int_equal(pwrite(fd, "end\n", 4, 64 << 20), 4);
	close(fd);
	assert_int_equal(run1(c, NULL), 0);
	assert_int_equal(lstat(P("a.log"), &st), 0);
	assert_int_equal(st.st_size, 0);
	assert_int_equal(lstat(P("a.log.1"), &st), 0);
	assert_int_equal(st.st_size, (64 << 20) + 4);
	assert_true(st.st_blocks * 512 < (1 << 20)); /* the hole stayed */
	stanza_free(c);
}

static void
t_script_args(void **state)
{
	const char *logs[] = { "a.log", "b.log", NULL };
	struct rconf_log *c = stanza(logs);
	char *want;

	(void)state;
	c->rotate = 1;
	script(c, RCONF_FIRSTACTION, "echo \"first $1\" >> $T/out");
	script(c, RCONF_PREROTATE, "echo \"pre $1 $#\" >> $T/out");
	script(c, RCONF_POSTROTATE, "echo \"post $1 $2\" >> $T/out");
	script(c, RCONF_LASTACTION, "echo \"last $1\" >> $T/out");
	put("a.log", "a\n");
	put("b.log", "b\n");
	assert_int_equal(run1(c, NULL), 0);
	want = xasprintf("first %s\npre %s 1\npost %s %s\npre %s 1\n"
	                 "post %s %s\nlast %s\n",
	    c->pattern, P("a.log"), P("a.log"), P("a.log.1"), P("b.log"),
	    P("b.log"), P("b.log.1"), c->pattern);
	assert_string_equal(get("out"), want);
	free(want);
	stanza_free(c);
}

static void
t_shared_prerotate_fails(void **state)
{
	const char *logs[] = { "a.log", "b.log", NULL };
	struct rconf_log *c = stanza(logs);
	struct rstate st = RSTATE_INIT;
	struct rstate_entry *e;

	(void)state;
	c->rotate = 3;
	c->flags |= RCONF_SHAREDSCRIPTS;
	script(c, RCONF_PREROTATE, "exit 1");
	script(c, RCONF_POSTROTATE, "echo post >> $T/out");
	script(c, RCONF_LASTACTION, "echo last >> $T/out");
	put("a.log", "a\n");
	put("a.log.1", "a1\n");
	put("b.log", "b\n");
	assert_int_equal(run1(c, &st), -1);
	/* Nothing shifted (3.22's fix), nothing rotated, lastaction ran. */
	assert_string_equal(get("a.log.1"), "a1\n");
	assert_false(exists("a.log.2"));
	assert_string_equal(get("a.log"), "a\n");
	assert_string_equal(get("b.log"), "b\n");
	assert_string_equal(get("out"), "last\n");
	assert_non_null(strstr(msgs.buf, "error running shared prerotate"));
	e = rstate_find(&st, P("a.log"));
	assert_true(e == NULL || !e->rotated);
	rstate_release(&st);
	stanza_free(c);
}

static void
t_firstaction_fails(void **state)
{
	const char *logs[] = { "a.log", NULL };
	struct rconf_log *c = stanza(logs);

	(void)state;
	c->rotate = 1;
	script(c, RCONF_FIRSTACTION, "exit 3");
	script(c, RCONF_LASTACTION, "echo last >> $T/out");
	put("a.log", "a\n");
	assert_int_equal(run1(c, NULL), -1);
	assert_string_equal(get("a.log"), "a\n");
	assert_false(exists("a.log.1"));
	assert_false(exists("out"));
	assert_non_null(strstr(msgs.buf, "error running first action script"));
	stanza_free(c);
}

/* The lines of text that contain needle. */
static int
count_lines_with(const char *text, const char *needle)
{
	const char *line = text, *nl;
	int n = 0;

	for (; *line; line = nl + 1) {
		nl = strchr(line, '\n');
		if (nl == NULL)
			nl = line + strlen(line);
		if (strstr(line, needle) && strstr(line, needle) < nl)
			n++;
		if (*nl == '\0')
			break;
	}
	return n;
}

static void
t_compress_fails(void **state)
{
	const char *alogs[] = { "a.log", NULL }, *blogs[] = { "b.log", NULL };
	struct rconf_log *c[2] = { stanza(alogs), stanza(blogs) };
	struct rstate st = RSTATE_INIT;
	struct rstate_entry *e;

	(void)state;
	c[0]->rotate = c[1]->rotate = 2;
	c[0]->flags |= RCONF_COMPRESS;
	c[1]->flags |= RCONF_COMPRESS;
	free(c[0]->compresscmd);
	c[0]->compresscmd = xstrdup("/bin/false");
	put("a.log", "a\n");
	put("b.log", "b\n");
	assert_int_equal(run(c, 2, 2, &st), -1);
	assert_string_equal(get("a.log.1"), "a\n");
	assert_false(exists("a.log.1.gz"));
	assert_string_equal(get("b.log.1.gz"), "b\n");
	assert_false(exists("b.log.1"));
	assert_non_null(strstr(msgs.buf, "failed to compress log"));
	/* Reported once, in one message that says why. */
	assert_int_equal(count_lines_with(msgs.buf, P("a.log.1")), 1);
	assert_non_null(strstr(msgs.buf, "exit status 1"));
	e = rstate_find(&st, P("a.log"));
	assert_true(e == NULL || !e->rotated);
	e = rstate_find(&st, P("b.log"));
	assert_non_null(e);
	assert_true(e->rotated);
	rstate_release(&st);
	stanza_free(c[0]);
	stanza_free(c[1]);
}

static void
t_rotate_zero(void **state)
{
	const char *logs[] = { "a.log", NULL };
	struct rconf_log *c = stanza(logs);

	(void)state;
	c->rotate = 0;
	c->flags |= RCONF_COMPRESS;
	put("a.log", "a\n");
	assert_int_equal(run1(c, NULL), 0);
	assert_false(exists("a.log"));
	assert_false(exists("a.log.1"));
	assert_false(exists("a.log.1.gz"));
	stanza_free(c);
}

static void
t_mail_uncompressed(void **state)
{
	const char *logs[] = { "a.log", NULL };
	struct rconf_log *c = stanza(logs);
	char *want;

	(void)state;
	c->rotate = 1;
	c->flags |= RCONF_COMPRESS;
	c->mail = xstrdup("ops@example.org");
	put("mail.sh",
	    "#!/bin/sh\necho \"$@\" >> \"${0%/*}/mailed\"\n"
	    "cat >> \"${0%/*}/mailed\"\n");
	chmod(P("mail.sh"), 0755);
	put("a.log", "one\n");
	assert_int_equal(run1(c, NULL), 0);
	put("a.log", "two\n");
	assert_int_equal(run1(c, NULL), 0);
	want = xasprintf("-s %s ops@example.org\none\n", P("a.log.2.gz"));
	assert_string_equal(get("mailed"), want);
	assert_false(exists("a.log.2.gz"));
	assert_string_equal(get("a.log.1.gz"), "two\n");
	free(want);
	stanza_free(c);
}

static void
t_preremove_fails(void **state)
{
	const char *logs[] = { "a.log", NULL };
	struct rconf_log *c = stanza(logs);

	(void)state;
	c->rotate = 1;
	script(c, RCONF_PREREMOVE, "echo \"rm $1\" >> $T/out; exit 1");
	put("a.log", "one\n");
	assert_int_equal(run1(c, NULL), 0);
	put("a.log", "two\n");
	assert_int_equal(run1(c, NULL), -1);
	assert_string_equal(get("a.log.2"), "one\n");
	assert_non_null(strstr(msgs.buf, "Not removing this file"));
	stanza_free(c);
}

/* 40 logs, compress + delaycompress, three runs on 2 workers. */
static void
t_parallel_delaycompress(void **state)
{
	char names[40][16];
	const char *logs[41];
	struct rconf_log *c;
	char want[32];
	int i, r;

	(void)state;
	for (i = 0; i < 40; i++) {
		snprintf(names[i], sizeof(names[i]), "l%02d.log", i);
		logs[i] = names[i];
	}
	logs[40] = NULL;
	c = stanza(logs);
	c->rotate = 3;
	c->flags |= RCONF_COMPRESS | RCONF_DELAYCOMPRESS;
	for (r = 0; r < 3; r++) {
		for (i = 0; i < 40; i++) {
			snprintf(want, sizeof(want), "%d %d\n", i, r);
			put(names[i], want);
		}
		assert_int_equal(run(&c, 1, 2, NULL), 0);
	}
	for (i = 0; i < 40; i++) {
		char *n1 = xasprintf("%s.1", names[i]);
		char *n2 = xasprintf("%s.2.gz", names[i]);
		char *n3 = xasprintf("%s.3.gz", names[i]);
		snprintf(want, sizeof(want), "%d 2\n", i);
		assert_string_equal(get(n1), want);
		snprintf(want, sizeof(want), "%d 1\n", i);
		assert_string_equal(get(n2), want);
		snprintf(want, sizeof(want), "%d 0\n", i);
		assert_string_equal(get(n3), want);
		free(n1);
		free(n2);
		free(n3);
	}
	stanza_free(c);
}

/*
 * Section 6's error paths that touch logs.  Runs the stanzas c over a.log
 * ("a\n") and b.log ("b\n") with inject set to make call fail with err
 * on paths ending in suffix (any path when NULL), and checks: exit -1,
 * the message want (freed here), a.log's state entry not advanced, and
 * b.log rotated.  The caller checks that a.log's lines are all kept.
 */
static void
run_failing(struct rconf_log **c, size_t n, const char *call,
    const char *suffix, int err, char *want)
{
	struct rstate st = RSTATE_INIT;
	struct rstate_entry *e;

	put("a.log", "a\n");
	put("b.log", "b\n");
	inject.call = call;
	inject.suffix = suffix;
	inject.err = err;
	assert_int_equal(run(c, n, 2, &st), -1);
	inject.call = NULL;
	assert_non_null(strstr(msgs.buf, want));
	e = rstate_find(&st, P("a.log"));
	assert_true(e == NULL || !e->rotated);
	e = rstate_find(&st, P("b.log"));
	assert_non_null(e);
	assert_true(e->rotated);
	assert_string_equal(get("b.log.1"), "b\n");
	free(want);
	rstate_release(&st);
}

static void
t_rename_fails(void **state)
{
	const char *logs[] = { "a.log", "b.log", NULL };
	struct rconf_log *c = stanza(logs);

	(void)state;
	c->rotate = 2;
	c->flags |= RCONF_CREATE;
	run_failing(&c, 1, "rename", "/a.log", EROFS,
	    xasprintf("failed to rename %s to %s: Read-only file system",
	        P("a.log"), P("a.log.1")));
	assert_string_equal(get("a.log"), "a\n");
	assert_false(exists("a.log.1"));
	stanza_free(c);
}

/* The new log cannot be made: the rotated one keeps every line. */
static void
t_create_fails(void **state)
{
	const char *logs[] = { "a.log", "b.log", NULL };
	struct rconf_log *c = stanza(logs);

	(void)state;
	c->rotate = 2;
	c->flags |= RCONF_CREATE;
	run_failing(&c, 1, "create", "/a.log", ENOSPC,
	    xasprintf("error creating output file %s: No space left on device",
	        P("a.log")));
	assert_string_equal(get("a.log.1"), "a\n");
	assert_false(exists("a.log"));
	assert_true(exists("b.log"));
	stanza_free(c);
}

/* copytruncate whose copy fails: the log is not truncated, no copy left. */
static void
t_copytruncate_copy_fails(void **state)
{
	const char *alogs[] = { "a.log", NULL }, *blogs[] = { "b.log", NULL };
	struct rconf_log *c[2] = { stanza(alogs), stanza(blogs) };

	(void)state;
	c[0]->rotate = c[1]->rotate = 2;
	c[0]->flags |= RCONF_COPYTRUNCATE;
	run_failing(c, 2, "copy_file_range", NULL, ENOSPC,
	    xasprintf("error copying %s to %s: No space left on device",
	        P("a.log"), P("a.log.1")));
	assert_string_equal(get("a.log"), "a\n");
	assert_false(exists("a.log.1"));
	assert_int_equal(hidden_files(), 0);
	stanza_free(c[0]);
	stanza_free(c[1]);
}

/*
 * copytruncate whose truncate fails: the copy is taken back, so the lines
 * are in the log only, none lost and none twice.
 */
static void
t_copytruncate_truncate_fails(void **state)
{
	const char *alogs[] = { "a.log", NULL }, *blogs[] = { "b.log", NULL };
	struct rconf_log *c[2] = { stanza(alogs), stanza(blogs) };

	(void)state;
	c[0]->rotate = c[1]->rotate = 2;
	c[0]->flags |= RCONF_COPYTRUNCATE;
	run_failing(c, 2, "ftruncate", NULL, EIO,
	    xasprintf("error truncating %s: Input/output error", P("a.log")));
	assert_string_equal(get("a.log"), "a\n");
	assert_false(exists("a.log.1"));
	stanza_free(c[0]);
	stanza_free(c[1]);
}

/* The oldest generation cannot be removed: it stays, with an error. */
static void
t_remove_fails(void **state)
{
	const char *logs[] = { "a.log", "b.log", NULL };
	struct rconf_log *c = stanza(logs);

	(void)state;
	c->rotate = 1;
	put("a.log.1", "old\n");
	run_failing(&c, 1, "unlink", "/a.log.2", EBUSY,
	    xasprintf("Failed to remove old log %s: Device or resource busy",
	        P("a.log.2")));
	assert_string_equal(get("a.log.2"), "old\n");
	assert_string_equal(get("a.log.1"), "a\n");
	stanza_free(c);
}

/*
 * The source of a compression cannot be removed: it stays beside its
 * compressed copy, with logrotate's error, and the log's state entry is
 * not advanced.  In a background job, and in the engine (preremove).
 */
static void
t_compress_source_stays(void **state)
{
	static const char *const names[] = { "a.log", "b.log" };
	struct rstate st = RSTATE_INIT;
	struct rstate_entry *e;
	struct rconf_log *c;
	char *want, *gen;
	const char *logs[2];
	int k;

	(void)state;
	for (k = 0; k < 2; k++) {
		logs[0] = names[k];
		logs[1] = NULL;
		c = stanza(logs);
		c->rotate = 2;
		c->flags |= RCONF_COMPRESS;
		if (k == 1)
			script(c, RCONF_PREREMOVE, "true\n");
		put(names[k], "x\n");
		gen = xasprintf("/%s.1", names[k]);
		inject.call = "unlink";
		inject.suffix = gen;
		inject.err = EBUSY;
		assert_int_equal(run1(c, &st), -1);
		inject.call = NULL;
		want = xasprintf("Failed to remove old log %s: Device or "
		                 "resource busy",
		    P(gen + 1));
		assert_non_null(strstr(msgs.buf, want));
		assert_string_equal(get(gen + 1), "x\n");
		free(gen);
		gen = xasprintf("%s.1.gz", names[k]);
		assert_string_equal(get(gen), "x\n");
		e = rstate_find(&st, P(names[k]));
		assert_true(e == NULL || !e->rotated);
		free(want);
		free(gen);
		stanza_free(c);
	}
	rstate_release(&st);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    t_numbered_compress, setup, teardown),
		cmocka_unit_test_setup_teardown(t_create_mode, setup, teardown),
		cmocka_unit_test_setup_teardown(t_recopy, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    t_rename_target_exists, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    t_compress_target_exists, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    t_copytruncate_sparse, setup, teardown),
		cmocka_unit_test_setup_teardown(t_script_args, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    t_shared_prerotate_fails, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    t_firstaction_fails, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    t_compress_fails, setup, teardown),
		cmocka_unit_test_setup_teardown(t_rotate_zero, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    t_mail_uncompressed, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    t_preremove_fails, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    t_parallel_delaycompress, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    t_rename_fails, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    t_create_fails, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    t_copytruncate_copy_fails, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    t_copytruncate_truncate_fails, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    t_remove_fails, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    t_compress_source_stays, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    t_compress_then_remove, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
