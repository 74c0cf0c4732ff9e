/*
 * test_plan: the planner against a fake clock, a fake file system and a
 * fake state file.  The first table checks every decision of reference
 * section 5; the step tests check names and order (sections 6 and 7).
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "lib/sbuf.h"
#include "lib/xalloc.h"
#include "rotate/journal.h"
#include "rotate/plan.h"

/* Monday 2026-11-30 20:10:00 UTC. */
#define NOW ((time_t)1796069400)
#define DAY 86400

struct ffile {
	char path[256];
	struct stat st;
};

struct fstate {
	char path[256];
	struct tm last;
};

static struct ffile files[64];
static size_t nfiles;
static struct fstate states[64];
static size_t nstates;

static void
reset(void)
{
	nfiles = 0;
	nstates = 0;
}

static struct stat *
add_node(const char *path, mode_t mode, off_t size, time_t mtime)
{
	struct ffile *f = &files[nfiles++];

	assert_true(nfiles < sizeof(files) / sizeof(files[0]));
	memset(f, 0, sizeof(*f));
	snprintf(f->path, sizeof(f->path), "%s", path);
	f->st.st_mode = mode;
	f->st.st_size = size;
	f->st.st_mtime = mtime;
	f->st.st_nlink = 1;
	return &f->st;
}

static struct stat *
add_file(const char *path, off_t size)
{
	return add_node(path, S_IFREG | 0644, size, NOW - 3600);
}

/* A state entry "Y-M-D-h:m:s" in UTC. */
static void
add_state(const char *path, const char *when)
{
	struct fstate *s = &states[nstates++];
	time_t t;

	memset(s, 0, sizeof(*s));
	snprintf(s->path, sizeof(s->path), "%s", path);
	assert_int_equal(
	    sscanf(when, "%d-%d-%d-%d:%d:%d", &s->last.tm_year, &s->last.tm_mon,
	        &s->last.tm_mday, &s->last.tm_hour, &s->last.tm_min,
	        &s->last.tm_sec),
	    6);
	s->last.tm_year -= 1900;
	s->last.tm_mon -= 1;
	s->last.tm_isdst = -1;
	/* Fills tm_wday and friends. */
	t = timegm(&s->last);
	gmtime_r(&t, &s->last);
}

static time_t
f_clock(void *arg)
{
	(void)arg;
	return NOW;
}

static struct ffile *
find(const char *path)
{
	size_t i;

	for (i = 0; i < nfiles; i++)
		if (strcmp(files[i].path, path) == 0)
			return &files[i];
	return NULL;
}

static int
f_lstat(void *arg, const char *path, struct stat *st)
{
	struct ffile *f = find(path);

	(void)arg;
	if (f == NULL)
		return ENOENT;
	*st = f->st;
	return 0;
}

/* Directories: registered ones, else 0755 root when something is in it. */
static int
f_stat(void *arg, const char *path, struct stat *st)
{
	struct ffile *f = find(path);
	size_t i, len = strlen(path);

	(void)arg;
	if (f) {
		*st = f->st;
		return 0;
	}
	for (i = 0; i < nfiles; i++)
		if (strncmp(files[i].path, path, len) == 0 &&
		    files[i].path[len] == '/') {
			memset(st, 0, sizeof(*st));
			st->st_mode = S_IFDIR | 0755;
			return 0;
		}
	return ENOENT;
}

static int
f_list(void *arg, const char *dir, char ***names)
{
	size_t i, k = 0, len = strlen(dir);
	char **v = xcalloc(nfiles + 1, sizeof(*v));

	(void)arg;
	for (i = 0; i < nfiles; i++) {
		const char *p = files[i].path;

		if (strncmp(p, dir, len) == 0 && p[len] == '/' &&
		    strchr(p + len + 1, '/') == NULL)
			v[k++] = xstrdup(p + len + 1);
	}
	*names = v;
	return 0;
}

static int
f_last(void *arg, const char *path, time_t now, int used, struct tm *last)
{
	size_t i;
	time_t t;

	(void)arg;
	(void)used;
	for (i = 0; i < nstates; i++)
		if (strcmp(states[i].path, path) == 0) {
			*last = states[i].last;
			return 0;
		}
	t = now - now % 3600;
	gmtime_r(&t, last);
	assert_true(nstates < sizeof(states) / sizeof(states[0]));
	snprintf(states[nstates].path, sizeof(states[0].path), "%s", path);
	states[nstates++].last = *last;
	return 1;
}

static const struct rplan_seams seams = { f_clock, f_lstat, f_stat, f_list,
	f_last, NULL, NULL, NULL };

/* A stanza with logrotate's defaults (reference 2). */
static struct rconf_log *
stanza(const char *pattern, const char *const *logs)
{
	struct rconf_log *c = xcalloc(1, sizeof(*c));
	size_t n = 0;

	while (logs[n])
		n++;
	rconf_log_defaults(c);
	c->pattern = xstrdup(pattern);
	c->files = xcalloc(n + 1, sizeof(char *));
	for (c->nfiles = 0; c->nfiles < n; c->nfiles++)
		c->files[c->nfiles] = xstrdup(logs[c->nfiles]);
	c->compresscmd = xstrdup("/bin/gzip");
	c->compressext = xstrdup(".gz");
	return c;
}

static void
stanza_free(struct rconf_log *c)
{
	rconf_log_release(c);
	free(c);
}

/* Plans one stanza; returns rplan_build's result. */
static int
plan_one(struct rplan *plan, struct rconf_log *c, unsigned flags)
{
	struct rconf conf = RCONF_INIT;
	struct rconf_log *logs[1] = { c };
	struct hr_error err = HR_ERROR_INIT;
	int rc;

	conf.logs = logs;
	conf.nlogs = 1;
	rc = rplan_build(plan, &conf, &seams, flags, &err);
	hr_error_release(&err);
	return rc;
}

/* ---- decisions ---- */

/* What is at the log's path: F_NONE has its directory, F_NO_DIR not. */
enum fake { F_FILE, F_NONE, F_NO_DIR, F_LINK, F_HARD, F_FIFO };

struct dcase {
	const char *name;
	enum rconf_criterion crit;
	int weekday;
	unsigned flags;  /* rconf flags added to the defaults */
	unsigned pflags; /* rplan flags */
	unsigned long long size_threshold, minsize, maxsize;
	long minage;
	enum fake kind;
	off_t size;
	time_t age;       /* now - mtime */
	const char *last; /* state entry, or NULL for a first run */
	mode_t dirmode;   /* parent directory, 0 = default */
	gid_t dirgid;
	enum rplan_reason want;
	int rotate, error;
};

/* A field left out is 0: no flag, no threshold, a first run (last NULL). */
static const struct dcase dcases[] = {
	/* First run: the new entry is now rounded down to the hour. */
	{ .name = "first run daily",
	    .crit = RCONF_DAILY,
	    .kind = F_FILE,
	    .size = 10,
	    .want = RPLAN_SAME_HOUR },
	{ .name = "first run weekly",
	    .crit = RCONF_WEEKLY,
	    .weekday = 1,
	    .kind = F_FILE,
	    .size = 10,
	    .want = RPLAN_SAME_HOUR },
	{ .name = "first run size",
	    .crit = RCONF_SIZE,
	    .size_threshold = 1048576,
	    .kind = F_FILE,
	    .size = 2000000,
	    .want = RPLAN_SIZE,
	    .rotate = 1 },
	{ .name = "hourly, an hour later",
	    .crit = RCONF_HOURLY,
	    .kind = F_FILE,
	    .size = 10,
	    .last = "2026-11-30-19:59:00",
	    .want = RPLAN_DUE,
	    .rotate = 1 },
	{ .name = "hourly, same hour",
	    .crit = RCONF_HOURLY,
	    .kind = F_FILE,
	    .size = 10,
	    .last = "2026-11-30-20:00:00",
	    .want = RPLAN_SAME_HOUR },
	{ .name = "daily, next calendar day",
	    .crit = RCONF_DAILY,
	    .kind = F_FILE,
	    .size = 10,
	    .last = "2026-11-29-23:59:00",
	    .want = RPLAN_DUE,
	    .rotate = 1 },
	{ .name = "daily, earlier today",
	    .crit = RCONF_DAILY,
	    .kind = F_FILE,
	    .size = 10,
	    .last = "2026-11-30-01:00:00",
	    .want = RPLAN_NOT_DUE },
	{ .name = "weekly 0, six days",
	    .crit = RCONF_WEEKLY,
	    .kind = F_FILE,
	    .size = 10,
	    .last = "2026-11-24-20:00:00",
	    .want = RPLAN_NOT_DUE },
	{ .name = "weekly 0, seven days",
	    .crit = RCONF_WEEKLY,
	    .kind = F_FILE,
	    .size = 10,
	    .last = "2026-11-23-23:00:00",
	    .want = RPLAN_DUE,
	    .rotate = 1 },
	{ .name = "weekly 1 on a monday",
	    .crit = RCONF_WEEKLY,
	    .weekday = 1,
	    .kind = F_FILE,
	    .size = 10,
	    .last = "2026-11-28-10:00:00",
	    .want = RPLAN_DUE,
	    .rotate = 1 },
	{ .name = "weekly 1, same day",
	    .crit = RCONF_WEEKLY,
	    .weekday = 1,
	    .kind = F_FILE,
	    .size = 10,
	    .last = "2026-11-30-01:00:00",
	    .want = RPLAN_NOT_DUE },
	{ .name = "weekly 3 on a monday",
	    .crit = RCONF_WEEKLY,
	    .weekday = 3,
	    .kind = F_FILE,
	    .size = 10,
	    .last = "2026-11-28-10:00:00",
	    .want = RPLAN_NOT_DUE },
	{ .name = "weekly 7, six days",
	    .crit = RCONF_WEEKLY,
	    .weekday = 7,
	    .kind = F_FILE,
	    .size = 10,
	    .last = "2026-11-24-10:00:00",
	    .want = RPLAN_NOT_DUE },
	{ .name = "weekly 7, seven days",
	    .crit = RCONF_WEEKLY,
	    .weekday = 7,
	    .kind = F_FILE,
	    .size = 10,
	    .last = "2026-11-23-23:00:00",
	    .want = RPLAN_DUE,
	    .rotate = 1 },
	{ .name = "monthly, new month",
	    .crit = RCONF_MONTHLY,
	    .kind = F_FILE,
	    .size = 10,
	    .last = "2026-10-31-23:00:00",
	    .want = RPLAN_DUE,
	    .rotate = 1 },
	{ .name = "monthly, same month",
	    .crit = RCONF_MONTHLY,
	    .kind = F_FILE,
	    .size = 10,
	    .last = "2026-11-01-00:00:00",
	    .want = RPLAN_NOT_DUE },
	{ .name = "yearly, new year",
	    .crit = RCONF_YEARLY,
	    .kind = F_FILE,
	    .size = 10,
	    .last = "2025-12-31-23:00:00",
	    .want = RPLAN_DUE,
	    .rotate = 1 },
	{ .name = "yearly, same year",
	    .crit = RCONF_YEARLY,
	    .kind = F_FILE,
	    .size = 10,
	    .last = "2026-01-01-00:00:00",
	    .want = RPLAN_NOT_DUE },
	{ .name = "size >= threshold",
	    .crit = RCONF_SIZE,
	    .size_threshold = 100,
	    .kind = F_FILE,
	    .size = 100,
	    .last = "2026-11-30-20:00:00",
	    .want = RPLAN_SIZE,
	    .rotate = 1 },
	{ .name = "size below threshold",
	    .crit = RCONF_SIZE,
	    .size_threshold = 100,
	    .kind = F_FILE,
	    .size = 99,
	    .last = "2026-11-29-20:00:00",
	    .want = RPLAN_BELOW_SIZE },
	{ .name = "maxsize exceeded",
	    .crit = RCONF_DAILY,
	    .maxsize = 100,
	    .kind = F_FILE,
	    .size = 101,
	    .last = "2026-11-30-20:00:00",
	    .want = RPLAN_MAXSIZE,
	    .rotate = 1 },
	{ .name = "maxsize reached, not exceeded",
	    .crit = RCONF_DAILY,
	    .maxsize = 100,
	    .kind = F_FILE,
	    .size = 100,
	    .last = "2026-11-30-20:00:00",
	    .want = RPLAN_SAME_HOUR },
	{ .name = "minsize vetoes a due log",
	    .crit = RCONF_DAILY,
	    .minsize = 1000,
	    .kind = F_FILE,
	    .size = 10,
	    .last = "2026-11-28-10:00:00",
	    .want = RPLAN_MINSIZE },
	{ .name = "minsize ignored by size",
	    .crit = RCONF_SIZE,
	    .size_threshold = 50,
	    .minsize = 1000,
	    .kind = F_FILE,
	    .size = 100,
	    .last = "2026-11-28-10:00:00",
	    .want = RPLAN_SIZE,
	    .rotate = 1 },
	{ .name = "minsize ignored by -f",
	    .crit = RCONF_DAILY,
	    .pflags = RPLAN_FORCE,
	    .minsize = 1000,
	    .kind = F_FILE,
	    .size = 10,
	    .last = "2026-11-30-20:00:00",
	    .want = RPLAN_FORCED,
	    .rotate = 1 },
	{ .name = "minage vetoes a young log",
	    .crit = RCONF_DAILY,
	    .minage = 2,
	    .kind = F_FILE,
	    .size = 10,
	    .age = DAY,
	    .last = "2026-11-28-10:00:00",
	    .want = RPLAN_MINAGE },
	{ .name = "minage, old enough",
	    .crit = RCONF_DAILY,
	    .minage = 2,
	    .kind = F_FILE,
	    .size = 10,
	    .age = 3 * DAY,
	    .last = "2026-11-28-10:00:00",
	    .want = RPLAN_DUE,
	    .rotate = 1 },
	{ .name = "minage ignored by maxsize",
	    .crit = RCONF_DAILY,
	    .maxsize = 5,
	    .minage = 2,
	    .kind = F_FILE,
	    .size = 10,
	    .age = DAY,
	    .last = "2026-11-30-20:00:00",
	    .want = RPLAN_MAXSIZE,
	    .rotate = 1 },
	{ .name = "notifempty vetoes -f",
	    .crit = RCONF_DAILY,
	    .flags = RCONF_IFEMPTY,
	    .pflags = RPLAN_FORCE,
	    .kind = F_FILE,
	    .want = RPLAN_EMPTY },
	{ .name = "notifempty vetoes size 0",
	    .crit = RCONF_SIZE,
	    .flags = RCONF_IFEMPTY,
	    .kind = F_FILE,
	    .want = RPLAN_EMPTY },
	{ .name = "ifempty with -f",
	    .crit = RCONF_DAILY,
	    .pflags = RPLAN_FORCE,
	    .kind = F_FILE,
	    .want = RPLAN_FORCED,
	    .rotate = 1 },
	{ .name = "last rotated > 25 h ahead",
	    .crit = RCONF_MONTHLY,
	    .kind = F_FILE,
	    .size = 10,
	    .last = "2026-12-02-10:00:00",
	    .want = RPLAN_FUTURE,
	    .rotate = 1 },
	{ .name = "last rotated 24 h ahead",
	    .crit = RCONF_MONTHLY,
	    .kind = F_FILE,
	    .size = 10,
	    .last = "2026-12-01-20:00:00",
	    .want = RPLAN_DUE,
	    .rotate = 1 },
	{ .name = "last rotated 24 h ahead, yearly",
	    .crit = RCONF_YEARLY,
	    .kind = F_FILE,
	    .size = 10,
	    .last = "2026-12-01-20:00:00",
	    .want = RPLAN_NOT_DUE },
	{ .name = "missing, missingok",
	    .crit = RCONF_DAILY,
	    .flags = RCONF_MISSINGOK,
	    .kind = F_NONE,
	    .want = RPLAN_MISSING_OK },
	{ .name = "missing",
	    .crit = RCONF_DAILY,
	    .pflags = RPLAN_FORCE,
	    .kind = F_NONE,
	    .want = RPLAN_STAT_FAILED,
	    .error = 1 },
	{ .name = "symlink, even forced",
	    .crit = RCONF_DAILY,
	    .pflags = RPLAN_FORCE,
	    .kind = F_LINK,
	    .size = 10,
	    .want = RPLAN_SYMLINK },
	{ .name = "fifo, even forced",
	    .crit = RCONF_DAILY,
	    .pflags = RPLAN_FORCE,
	    .kind = F_FIFO,
	    .want = RPLAN_NOT_REGULAR },
	{ .name = "hard link",
	    .crit = RCONF_DAILY,
	    .pflags = RPLAN_FORCE,
	    .kind = F_HARD,
	    .size = 10,
	    .want = RPLAN_HARDLINK },
	{ .name = "hard link, allowhardlink",
	    .crit = RCONF_DAILY,
	    .flags = RCONF_ALLOWHARDLINK,
	    .pflags = RPLAN_FORCE,
	    .kind = F_HARD,
	    .size = 10,
	    .want = RPLAN_FORCED,
	    .rotate = 1 },
	{ .name = "world-writable parent",
	    .crit = RCONF_DAILY,
	    .pflags = RPLAN_FORCE | RPLAN_AS_ROOT,
	    .kind = F_FILE,
	    .size = 10,
	    .dirmode = 0777,
	    .want = RPLAN_INSECURE_DIR,
	    .error = 1 },
	{ .name = "world-writable parent, not root",
	    .crit = RCONF_DAILY,
	    .pflags = RPLAN_FORCE,
	    .kind = F_FILE,
	    .size = 10,
	    .dirmode = 0777,
	    .want = RPLAN_FORCED,
	    .rotate = 1 },
	{ .name = "world-writable parent, su",
	    .crit = RCONF_DAILY,
	    .flags = RCONF_SU,
	    .pflags = RPLAN_FORCE | RPLAN_AS_ROOT,
	    .kind = F_FILE,
	    .size = 10,
	    .dirmode = 0777,
	    .want = RPLAN_FORCED,
	    .rotate = 1 },
	{ .name = "group-writable parent, group root",
	    .crit = RCONF_DAILY,
	    .pflags = RPLAN_FORCE | RPLAN_AS_ROOT,
	    .kind = F_FILE,
	    .size = 10,
	    .dirmode = 0775,
	    .want = RPLAN_FORCED,
	    .rotate = 1 },
	{ .name = "group-writable parent, group adm",
	    .crit = RCONF_DAILY,
	    .pflags = RPLAN_FORCE | RPLAN_AS_ROOT,
	    .kind = F_FILE,
	    .size = 10,
	    .dirmode = 0775,
	    .dirgid = 4,
	    .want = RPLAN_INSECURE_DIR,
	    .error = 1 },
	{ .name = "missing parent, missingok",
	    .crit = RCONF_DAILY,
	    .flags = RCONF_MISSINGOK,
	    .pflags = RPLAN_FORCE | RPLAN_AS_ROOT,
	    .kind = F_NO_DIR,
	    .want = RPLAN_DIR_MISSING_OK },
	{ .name = "missing parent",
	    .crit = RCONF_DAILY,
	    .pflags = RPLAN_FORCE | RPLAN_AS_ROOT,
	    .kind = F_NO_DIR,
	    .want = RPLAN_DIR_STAT_FAILED,
	    .error = 1 },
};

static void
run_dcase(const struct dcase *d)
{
	static const char *const logs[] = { "/l/a.log", NULL };
	struct rconf_log *c = stanza("/l/a.log ", logs);
	struct rplan plan = RPLAN_INIT;
	struct stat *st;
	int rc;

	reset();
	c->criterion = d->crit;
	c->weekday = d->weekday;
	c->flags ^= d->flags; /* RCONF_IFEMPTY toggles it off */
	if (d->crit == RCONF_SIZE)
		c->size_threshold = d->size_threshold;
	c->minsize = d->minsize;
	c->maxsize = d->maxsize;
	c->minage = d->minage;
	if (d->dirmode) {
		st = add_node("/l", S_IFDIR | d->dirmode, 4096, NOW);
		st->st_gid = d->dirgid;
	}
	if (d->kind == F_FILE || d->kind == F_HARD) {
		st = add_file("/l/a.log", d->size);
		st->st_mtime = NOW - d->age;
		st->st_nlink = d->kind == F_HARD ? 2 : 1;
	} else if (d->kind == F_FIFO) {
		add_node("/l/a.log", S_IFIFO | 0644, 0, NOW);
	} else if (d->kind == F_LINK) {
		add_node("/l/a.log", S_IFLNK | 0777, 5, NOW);
	} else if (d->kind == F_NONE) {
		add_file("/l/other.log", 1);
	}
	if (d->last)
		add_state("/l/a.log", d->last);
	rc = plan_one(&plan, c, d->pflags);
	if (plan.stanzas[0].logs[0].reason != d->want ||
	    plan.stanzas[0].logs[0].rotate != d->rotate ||
	    plan.stanzas[0].logs[0].error != d->error)
		fail_msg(
		    "case '%s': reason %d rotate %d error %d, want %d %d %d",
		    d->name, plan.stanzas[0].logs[0].reason,
		    plan.stanzas[0].logs[0].rotate,
		    plan.stanzas[0].logs[0].error, d->want, d->rotate,
		    d->error);
	assert_int_equal(rc, d->error ? -1 : 0);
	assert_int_equal(plan.failed, d->error);
	assert_true(plan.stanzas[0].logs[0].have_last);
	rplan_release(&plan);
	stanza_free(c);
}

static void
test_decisions(void **unused)
{
	size_t i;

	(void)unused;
	for (i = 0; i < sizeof(dcases) / sizeof(dcases[0]); i++)
		run_dcase(&dcases[i]);
}

/* A first run creates a state entry rounded down to the hour. */
static void
test_first_entry(void **unused)
{
	static const char *const logs[] = { "/l/a.log", "/l/none.log", NULL };
	struct rconf_log *c = stanza("/l/a.log /l/none.log", logs);
	struct rplan plan = RPLAN_INIT;

	(void)unused;
	reset();
	add_file("/l/a.log", 10);
	c->flags |= RCONF_MISSINGOK;
	plan_one(&plan, c, 0);
	assert_int_equal(nstates, 2);
	assert_int_equal(states[0].last.tm_hour, 20);
	assert_int_equal(states[0].last.tm_min, 0);
	assert_string_equal(states[1].path, "/l/none.log");
	rplan_release(&plan);
	stanza_free(c);
}

/* ---- steps ---- */

/* Renders the steps as lines "KIND src [dst]" for comparison. */
static char *
render(const struct rplan_stanza *z)
{
	static const char *const kinds[] = { "script", "compress", "rename",
		"copy", "copytruncate", "truncate", "create", "mail", "remove",
		"unlink", "recopy", "wait" };
	struct sbuf sb = SBUF_INIT;
	size_t i;

	for (i = 0; i < z->nsteps; i++) {
		const struct rplan_step *s = &z->steps[i];

		if (s->phase == RPHASE_REPAIR)
			sbuf_adds(&sb, "repair: ");
		sbuf_adds(&sb, kinds[s->kind]);
		if (s->kind == RSTEP_SCRIPT)
			sbuf_addf(&sb, " %s [%s]%s%s",
			    rplan_script_name(s->script), s->argv1,
			    s->argv2 ? " " : "", s->argv2 ? s->argv2 : "");
		if (s->src)
			sbuf_addf(&sb, " %s", s->src);
		if (s->dst)
			sbuf_addf(&sb, " %s", s->dst);
		if (s->flags & RSTEP_CHAINED)
			sbuf_adds(&sb, " (chained)");
		if (s->kind == RSTEP_CREATE)
			sbuf_addf(&sb, " 0%o %lu %lu", (unsigned)s->mode,
			    (unsigned long)s->uid, (unsigned long)s->gid);
		sbuf_addch(&sb, '\n');
	}
	return sbuf_detach(&sb);
}

static void
expect_steps(struct rconf_log *c, unsigned flags, const char *want)
{
	struct rplan plan = RPLAN_INIT;
	char *got;

	plan_one(&plan, c, flags);
	got = render(&plan.stanzas[0]);
	if (strcmp(got, want) != 0)
		fail_msg("steps differ:\n--- got\n%s--- want\n%s", got, want);
	free(got);
	rplan_release(&plan);
	stanza_free(c);
}

static const char *const one_log[] = { "/l/a.log", NULL };

static void
test_numbered_delaycompress(void **unused)
{
	struct rconf_log *c = stanza("/l/a.log ", one_log);
	struct stat *st;

	(void)unused;
	reset();
	st = add_file("/l/a.log", 10);
	st->st_uid = 7;
	st->st_gid = 8;
	add_file("/l/a.log.1", 1);
	add_file("/l/a.log.2.gz", 1);
	add_file("/l/a.log.3.gz", 1);
	add_file("/l/a.log.2", 1); /* uncompressed leftover: ignored */
	c->rotate = 3;
	c->flags |= RCONF_COMPRESS | RCONF_DELAYCOMPRESS | RCONF_CREATE;
	c->create.mode = 0640;
	c->create.has_mode = 1;
	c->script[RCONF_POSTROTATE] = xstrdup("echo post\n");
	expect_steps(c, RPLAN_FORCE,
	    "compress /l/a.log.1 /l/a.log.1.gz\n"
	    "remove /l/a.log.1 (chained)\n"
	    "wait\n"
	    "rename /l/a.log.3.gz /l/a.log.4.gz\n"
	    "rename /l/a.log.2.gz /l/a.log.3.gz\n"
	    "rename /l/a.log.1.gz /l/a.log.2.gz\n"
	    "rename /l/a.log /l/a.log.1\n"
	    "create /l/a.log 0640 7 8\n"
	    "script postrotate [/l/a.log] /l/a.log.1\n"
	    "remove /l/a.log.4.gz\n");
}

static void
test_rotate_zero(void **unused)
{
	struct rconf_log *c = stanza("/l/a.log ", one_log);

	(void)unused;
	reset();
	add_file("/l/a.log", 10);
	add_file("/l/a.log.1", 1);
	c->rotate = 0;
	expect_steps(c, RPLAN_FORCE,
	    "rename /l/a.log.1 /l/a.log.2\n"
	    "rename /l/a.log /l/a.log.1\n"
	    "remove /l/a.log.1\n");
}

static void
test_rotate_zero_compress_mail(void **unused)
{
	struct rconf_log *c = stanza("/l/a.log ", one_log);

	(void)unused;
	reset();
	add_file("/l/a.log", 10);
	c->rotate = 0;
	c->flags |= RCONF_COMPRESS;
	c->mail = xstrdup("root@localhost");
	expect_steps(c, RPLAN_FORCE,
	    "rename /l/a.log /l/a.log.1\n"
	    "compress /l/a.log.1 /l/a.log.1.gz\n"
	    "remove /l/a.log.1 (chained)\n"
	    "wait\n"
	    "mail /l/a.log.1.gz\n"
	    "remove /l/a.log.1.gz\n");
}

static void
test_rotate_keep_all(void **unused)
{
	struct rconf_log *c = stanza("/l/a.log ", one_log);

	(void)unused;
	reset();
	add_file("/l/a.log", 10);
	add_file("/l/a.log.1", 1);
	add_file("/l/a.log.2", 1);
	c->rotate = -1;
	expect_steps(c, RPLAN_FORCE,
	    "rename /l/a.log.2 /l/a.log.3\n"
	    "rename /l/a.log.1 /l/a.log.2\n"
	    "rename /l/a.log /l/a.log.1\n");
}

static void
test_start_zero_compress(void **unused)
{
	struct rconf_log *c = stanza("/l/a.log ", one_log);

	(void)unused;
	reset();
	add_file("/l/a.log", 10);
	add_file("/l/a.log.0.gz", 1);
	add_file("/l/a.log.1.gz", 1);
	c->rotate = 2;
	c->start = 0;
	c->flags |= RCONF_COMPRESS;
	expect_steps(c, RPLAN_FORCE,
	    "rename /l/a.log.1.gz /l/a.log.2.gz\n"
	    "rename /l/a.log.0.gz /l/a.log.1.gz\n"
	    "rename /l/a.log /l/a.log.0\n"
	    "compress /l/a.log.0 /l/a.log.0.gz\n"
	    "remove /l/a.log.0 (chained)\n"
	    "wait\n"
	    "remove /l/a.log.2.gz\n");
}

/*
 * No step replaces a file: an uncompressed first generation in the way
 * of the log's rename is compressed before the shifts (logrotate 3.21's
 * rename would overwrite it), and a generation beyond the count at the
 * top target is removed before the shift onto it.
 */
static void
test_in_the_way(void **unused)
{
	struct rconf_log *c = stanza("/l/a.log ", one_log);

	(void)unused;
	reset();
	add_file("/l/a.log", 10);
	add_file("/l/a.log.1", 1);
	add_file("/l/a.log.2.gz", 1);
	add_file("/l/a.log.3.gz", 1);
	c->rotate = 2;
	c->flags |= RCONF_COMPRESS;
	expect_steps(c, RPLAN_FORCE,
	    "compress /l/a.log.1 /l/a.log.1.gz\n"
	    "remove /l/a.log.1 (chained)\n"
	    "wait\n"
	    "remove /l/a.log.3.gz\n"
	    "rename /l/a.log.2.gz /l/a.log.3.gz\n"
	    "rename /l/a.log.1.gz /l/a.log.2.gz\n"
	    "rename /l/a.log /l/a.log.1\n"
	    "compress /l/a.log.1 /l/a.log.1.gz\n"
	    "remove /l/a.log.1 (chained)\n"
	    "wait\n"
	    "remove /l/a.log.3.gz\n");
}

/* With rotate 0 it is an old generation to remove, mailed first. */
static void
test_in_the_way_rotate_zero(void **unused)
{
	struct rconf_log *c = stanza("/l/a.log ", one_log);

	(void)unused;
	reset();
	add_file("/l/a.log", 10);
	add_file("/l/a.log.1", 1);
	c->rotate = 0;
	c->flags |= RCONF_COMPRESS;
	c->mail = xstrdup("a@b");
	expect_steps(c, RPLAN_FORCE,
	    "mail /l/a.log.1\n"
	    "remove /l/a.log.1\n"
	    "rename /l/a.log /l/a.log.1\n"
	    "compress /l/a.log.1 /l/a.log.1.gz\n"
	    "remove /l/a.log.1 (chained)\n"
	    "wait\n"
	    "mail /l/a.log.1.gz\n"
	    "remove /l/a.log.1.gz\n");
}

static void
test_maxage_numbered(void **unused)
{
	struct rconf_log *c = stanza("/l/a.log ", one_log);

	(void)unused;
	reset();
	add_file("/l/a.log", 10);
	add_file("/l/a.log.1", 1)->st_mtime = NOW - 2 * DAY;
	add_file("/l/a.log.2", 1)->st_mtime = NOW - 9 * DAY;
	c->rotate = 5;
	c->maxage = 7;
	expect_steps(c, RPLAN_FORCE,
	    "remove /l/a.log.2\n"
	    "rename /l/a.log.1 /l/a.log.2\n"
	    "rename /l/a.log /l/a.log.1\n");
}

static void
test_dateext_yesterday(void **unused)
{
	struct rconf_log *c = stanza("/l/a.log ", one_log);

	(void)unused;
	reset();
	add_file("/l/a.log", 10);
	add_file("/l/a.log-2026-11-20", 1);
	add_file("/l/a.log-2026-11-25", 1);
	add_file("/l/a.log-2026-11-27", 1);
	add_file("/l/a.log-notadate", 1);
	c->rotate = 2;
	c->flags |= RCONF_DATEEXT | RCONF_DATEYESTERDAY;
	c->dateformat = xstrdup("-%Y-%m-%d");
	expect_steps(c, RPLAN_FORCE,
	    "remove /l/a.log-2026-11-20\n"
	    "rename /l/a.log /l/a.log-2026-11-29\n"
	    "remove /l/a.log-2026-11-25\n");
}

/*
 * dateformat -%d-%m-%Y: names do not sort by date, so the generations
 * are ordered by the date parsed back from them (logrotate's
 * compGlobResult); a name that matches the pattern but does not parse is
 * never removed first.
 */
static void
test_dateext_parsed_order(void **unused)
{
	struct rconf_log *c = stanza("/l/a.log ", one_log);

	(void)unused;
	reset();
	add_file("/l/a.log", 10);
	add_file("/l/a.log-29-11-2026", 1); /* 1 day old */
	add_file("/l/a.log-24-11-2026", 1); /* 6 days */
	add_file("/l/a.log-25-10-2026", 1); /* 36 days */
	add_file("/l/a.log-00-00-2026", 1); /* does not parse */
	c->rotate = 3;
	c->flags |= RCONF_DATEEXT;
	c->dateformat = xstrdup("-%d-%m-%Y");
	expect_steps(c, RPLAN_FORCE,
	    "remove /l/a.log-25-10-2026\n"
	    "rename /l/a.log /l/a.log-30-11-2026\n"
	    "remove /l/a.log-24-11-2026\n");
}

static void
test_dateext_hourly_compress(void **unused)
{
	struct rconf_log *c = stanza("/l/a.log ", one_log);

	(void)unused;
	reset();
	add_file("/l/a.log", 10);
	add_file("/l/a.log-2026113019", 1);
	c->rotate = 4;
	c->criterion = RCONF_HOURLY;
	c->flags |= RCONF_DATEEXT | RCONF_COMPRESS | RCONF_DELAYCOMPRESS;
	expect_steps(c, RPLAN_FORCE,
	    "compress /l/a.log-2026113019 /l/a.log-2026113019.gz\n"
	    "remove /l/a.log-2026113019 (chained)\n"
	    "wait\n"
	    "rename /l/a.log /l/a.log-2026113020\n");
}

static void
test_dateext_unknown_specifier(void **unused)
{
	struct rconf_log *c = stanza("/l/a.log ", one_log);

	(void)unused;
	reset();
	add_file("/l/a.log", 10);
	c->rotate = 1;
	c->flags |= RCONF_DATEEXT;
	c->dateformat = xstrdup("  -%V%Q");
	expect_steps(c, RPLAN_FORCE, "rename /l/a.log /l/a.log-49%Q\n");
}

static void
test_dateext_destination_exists(void **unused)
{
	struct rconf_log *c = stanza("/l/a.log ", one_log);
	struct rplan plan = RPLAN_INIT;
	struct hr_error err = HR_ERROR_INIT;
	struct rconf conf = RCONF_INIT;
	struct rconf_log *logs[1] = { c };

	(void)unused;
	reset();
	add_file("/l/a.log", 10);
	add_file("/l/a.log-20261130.gz", 1);
	c->rotate = 1;
	c->flags |= RCONF_DATEEXT | RCONF_COMPRESS;
	c->script[RCONF_PREROTATE] = xstrdup("true\n");
	conf.logs = logs;
	conf.nlogs = 1;
	assert_int_equal(
	    rplan_build(&plan, &conf, &seams, RPLAN_FORCE, &err), -1);
	assert_int_equal(plan.stanzas[0].logs[0].rotate, 1);
	assert_int_equal(plan.stanzas[0].logs[0].planned, 0);
	assert_string_equal(
	    plan.stanzas[0].logs[0].dest, "/l/a.log-20261130.gz");
	assert_int_equal(plan.stanzas[0].nsteps, 0);
	hr_error_release(&err);
	rplan_release(&plan);
	stanza_free(c);
}

/* dateext: an uncompressed destination is not overwritten either. */
static void
test_dateext_plain_destination_exists(void **unused)
{
	struct rconf_log *c = stanza("/l/a.log ", one_log);
	struct rplan plan = RPLAN_INIT;

	(void)unused;
	reset();
	add_file("/l/a.log", 10);
	add_file("/l/a.log-20261130", 1);
	c->rotate = 1;
	c->flags |= RCONF_DATEEXT | RCONF_COMPRESS;
	assert_int_equal(plan_one(&plan, c, RPLAN_FORCE), -1);
	assert_int_equal(plan.stanzas[0].logs[0].planned, 0);
	assert_string_equal(plan.stanzas[0].logs[0].dest, "/l/a.log-20261130");
	assert_int_equal(plan.stanzas[0].nsteps, 0);
	rplan_release(&plan);
	stanza_free(c);
}

static void
test_olddir(void **unused)
{
	struct rconf_log *c = stanza("/l/a.log ", one_log);

	(void)unused;
	reset();
	add_file("/l/a.log", 10);
	add_file("/l/old/a.log.1", 1);
	add_file("/l/a.log.1", 1); /* not in olddir: not touched */
	c->rotate = 2;
	c->olddir = xstrdup("old");
	expect_steps(c, RPLAN_FORCE,
	    "rename /l/old/a.log.1 /l/old/a.log.2\n"
	    "rename /l/a.log /l/old/a.log.1\n");
}

static void
test_olddir_absolute(void **unused)
{
	struct rconf_log *c = stanza("/l/a.log ", one_log);

	(void)unused;
	reset();
	add_file("/l/a.log", 10);
	add_file("/arch/a.log.1", 1);
	c->rotate = 1;
	c->olddir = xstrdup("/arch");
	expect_steps(c, RPLAN_FORCE,
	    "rename /arch/a.log.1 /arch/a.log.2\n"
	    "rename /l/a.log /arch/a.log.1\n"
	    "remove /arch/a.log.2\n");
}

static void
test_extension(void **unused)
{
	static const char *const logs[] = { "/l/b.foo", NULL };
	struct rconf_log *c = stanza("/l/b.foo ", logs);

	(void)unused;
	reset();
	add_file("/l/b.foo", 10);
	add_file("/l/b.0.foo.gz", 1);
	c->rotate = 3;
	c->start = 0;
	c->extension = xstrdup(".foo");
	c->flags |= RCONF_COMPRESS;
	expect_steps(c, RPLAN_FORCE,
	    "rename /l/b.0.foo.gz /l/b.1.foo.gz\n"
	    "rename /l/b.foo /l/b.0.foo\n"
	    "compress /l/b.0.foo /l/b.0.foo.gz\n"
	    "remove /l/b.0.foo (chained)\n"
	    "wait\n");
}

static void
test_addextension(void **unused)
{
	static const char *const logs[] = { "/l/a.log", "/l/b", NULL };
	struct rconf_log *c = stanza("/l/a.log /l/b", logs);

	(void)unused;
	reset();
	add_file("/l/a.log", 10);
	add_file("/l/b", 10);
	c->rotate = 1;
	c->addextension = xstrdup(".log");
	expect_steps(c, RPLAN_FORCE,
	    "rename /l/a.log /l/a.1.log\n"
	    "rename /l/b /l/b.1.log\n");
}

static void
test_copytruncate(void **unused)
{
	struct rconf_log *c = stanza("/l/a.log ", one_log);

	(void)unused;
	reset();
	add_file("/l/a.log", 10);
	c->rotate = 1;
	c->flags |= RCONF_COPYTRUNCATE | RCONF_CREATE | RCONF_COMPRESS;
	expect_steps(c, RPLAN_FORCE,
	    "copytruncate /l/a.log /l/a.log.1\n"
	    "compress /l/a.log.1 /l/a.log.1.gz\n"
	    "remove /l/a.log.1 (chained)\n"
	    "wait\n");
}

static void
test_copytruncate_rotate_zero(void **unused)
{
	struct rconf_log *c = stanza("/l/a.log ", one_log);

	(void)unused;
	reset();
	add_file("/l/a.log", 10);
	c->rotate = 0;
	c->flags |= RCONF_COPYTRUNCATE;
	expect_steps(c, RPLAN_FORCE, "truncate /l/a.log\n");
}

static void
test_renamecopy(void **unused)
{
	struct rconf_log *c = stanza("/l/a.log ", one_log);

	(void)unused;
	reset();
	add_file("/l/a.log", 10);
	c->rotate = 1;
	c->flags |= RCONF_RENAMECOPY;
	expect_steps(c, RPLAN_FORCE,
	    "rename /l/a.log /l/a.log.tmp\n"
	    "copy /l/a.log.tmp /l/a.log.1\n"
	    "unlink /l/a.log.tmp\n");
}

static void
test_sharedscripts(void **unused)
{
	static const char *const logs[] = { "/l/a.log", "/l/b.log", "/l/c.log",
		NULL };
	struct rconf_log *c = stanza("\"/l/*.log\"  ", logs);

	(void)unused;
	reset();
	add_file("/l/a.log", 10);
	add_file("/l/a.log.1", 10);
	add_file("/l/b.log", 10);
	add_file("/l/c.log", 0);
	c->rotate = 1;
	c->flags |= RCONF_SHAREDSCRIPTS;
	c->flags &= ~(unsigned)RCONF_IFEMPTY;
	c->script[RCONF_FIRSTACTION] = xstrdup("f\n");
	c->script[RCONF_PREROTATE] = xstrdup("p\n");
	c->script[RCONF_POSTROTATE] = xstrdup("q\n");
	c->script[RCONF_LASTACTION] = xstrdup("l\n");
	expect_steps(c, RPLAN_FORCE,
	    "script first action [\"/l/*.log\"  ]\n"
	    "script prerotate [\"/l/*.log\"  ]\n"
	    "rename /l/a.log.1 /l/a.log.2\n"
	    "rename /l/a.log /l/a.log.1\n"
	    "rename /l/b.log /l/b.log.1\n"
	    "script postrotate [\"/l/*.log\"  ]\n"
	    "remove /l/a.log.2\n"
	    "script last action [\"/l/*.log\"  ]\n");
}

static void
test_sharedscripts_error(void **unused)
{
	static const char *const logs[] = { "/l/a.log", "/l/gone.log", NULL };
	struct rconf_log *c = stanza("/l/a.log /l/gone.log", logs);

	(void)unused;
	reset();
	add_file("/l/a.log", 10);
	c->flags |= RCONF_SHAREDSCRIPTS;
	c->script[RCONF_FIRSTACTION] = xstrdup("f\n");
	c->script[RCONF_PREROTATE] = xstrdup("p\n");
	c->script[RCONF_LASTACTION] = xstrdup("l\n");
	expect_steps(c, RPLAN_FORCE,
	    "script first action [/l/a.log /l/gone.log]\n"
	    "script last action [/l/a.log /l/gone.log]\n");
}

static void
test_nosharedscripts_args(void **unused)
{
	static const char *const logs[] = { "/l/a.log", "/l/b.log", NULL };
	struct rconf_log *c = stanza("/l/*.log ", logs);

	(void)unused;
	reset();
	add_file("/l/a.log", 10);
	add_file("/l/b.log", 10);
	c->rotate = 1;
	c->script[RCONF_PREROTATE] = xstrdup("p\n");
	c->script[RCONF_POSTROTATE] = xstrdup("q\n");
	expect_steps(c, RPLAN_FORCE,
	    "script prerotate [/l/a.log]\n"
	    "rename /l/a.log /l/a.log.1\n"
	    "script postrotate [/l/a.log] /l/a.log.1\n"
	    "script prerotate [/l/b.log]\n"
	    "rename /l/b.log /l/b.log.1\n"
	    "script postrotate [/l/b.log] /l/b.log.1\n");
}

static void
test_nothing_due_no_steps(void **unused)
{
	struct rconf_log *c = stanza("/l/a.log ", one_log);

	(void)unused;
	reset();
	add_file("/l/a.log", 10);
	c->script[RCONF_FIRSTACTION] = xstrdup("f\n");
	expect_steps(c, 0, "");
}

static void
test_mailfirst(void **unused)
{
	struct rconf_log *c = stanza("/l/a.log ", one_log);

	(void)unused;
	reset();
	add_file("/l/a.log", 10);
	add_file("/l/a.log.1.gz", 10);
	c->rotate = 1;
	c->flags |= RCONF_COMPRESS | RCONF_MAILFIRST;
	c->mail = xstrdup("a@b");
	expect_steps(c, RPLAN_FORCE,
	    "rename /l/a.log.1.gz /l/a.log.2.gz\n"
	    "rename /l/a.log /l/a.log.1\n"
	    "compress /l/a.log.1 /l/a.log.1.gz\n"
	    "remove /l/a.log.1 (chained)\n"
	    "wait\n"
	    "mail /l/a.log.1.gz\n"
	    "remove /l/a.log.2.gz\n");
}

/* ---- repairs from the journal of an interrupted run ---- */

static struct rjournal jr = RJOURNAL_INIT;

/* A journal of one stanza with the log /l/a.log, rotated an hour ago. */
static void
j_reset(void)
{
	struct rjournal_stanza *z;

	rjournal_release(&jr);
	jr.time = NOW - 3600;
	jr.stanzas = xcalloc(1, sizeof(*jr.stanzas));
	jr.nstanzas = 1;
	z = &jr.stanzas[0];
	z->pattern = xstrdup("/l/a.log ");
	z->logs = xcalloc(1, sizeof(*z->logs));
	z->logs[0].path = xstrdup("/l/a.log");
	z->logs[0].rotated = jr.time;
	z->nlogs = 1;
}

static void
j_step(enum rplan_step_kind kind, long log, const char *src, const char *dst,
    int done)
{
	struct rjournal_stanza *z = &jr.stanzas[0];
	struct rplan_step *s;

	XGROW(z->steps, z->nsteps + 1, z->asteps);
	XGROW(z->done, z->nsteps + 1, z->adone);
	s = &z->steps[z->nsteps];
	memset(s, 0, sizeof(*s));
	s->kind = kind;
	s->log = log;
	s->phase = RPHASE_ROTATE;
	s->src = src ? xstrdup(src) : NULL;
	s->dst = dst ? xstrdup(dst) : NULL;
	if (kind == RSTEP_SCRIPT) {
		s->script = RCONF_POSTROTATE;
		s->argv1 = xstrdup("/l/a.log");
	}
	z->done[z->nsteps++] = (unsigned char)done;
}

/* The removal chained to the compression just added, done or not. */
static void
j_chain(int done)
{
	struct rjournal_stanza *z = &jr.stanzas[0];
	char *src = xstrdup(z->steps[z->nsteps - 1].src);

	j_step(RSTEP_REMOVE, z->steps[z->nsteps - 1].log, src, NULL, done);
	z->steps[z->nsteps - 1].flags = RSTEP_CHAINED;
	z->steps[z->nsteps - 1].phase = z->steps[z->nsteps - 2].phase;
	free(src);
}

/* The journal saw path with inode ino (ids are kept sorted). */
static void
j_id(const char *path, ino_t ino)
{
	struct rjournal_stanza *z = &jr.stanzas[0];
	size_t i = z->nids;

	XGROW(z->ids, z->nids + 1, z->aids);
	while (i > 0 && strcmp(z->ids[i - 1].path, path) > 0) {
		z->ids[i] = z->ids[i - 1];
		i--;
	}
	z->ids[i].path = xstrdup(path);
	z->ids[i].dev = 0;
	z->ids[i].ino = ino;
	z->nids++;
}

static struct stat *
add_ino(const char *path, ino_t ino)
{
	struct stat *st = add_file(path, 10);

	st->st_ino = ino;
	return st;
}

/* Plans c with the journal; checks the steps; returns log 0's reason. */
static enum rplan_reason
expect_repair(struct rconf_log *c, unsigned flags, const char *want)
{
	struct rplan_seams js = seams;
	struct rconf conf = RCONF_INIT;
	struct rconf_log *logs[1] = { c };
	struct rplan plan = RPLAN_INIT;
	struct hr_error err = HR_ERROR_INIT;
	enum rplan_reason reason;
	char *got;

	js.journal = &jr;
	conf.logs = logs;
	conf.nlogs = 1;
	(void)rplan_build(&plan, &conf, &js, flags, &err);
	got = render(&plan.stanzas[0]);
	if (strcmp(got, want) != 0)
		fail_msg("steps differ:\n--- got\n%s--- want\n%s", got, want);
	reason = plan.stanzas[0].logs[0].reason;
	free(got);
	hr_error_release(&err);
	rplan_release(&plan);
	stanza_free(c);
	rjournal_release(&jr);
	return reason;
}

/*
 * Killed after the shift and the rename, before the compression: the
 * repair compresses; the log (written to since) is rotated again by -f
 * after it, on the repaired files.
 */
static void
test_repair_compress(void **unused)
{
	struct rconf_log *c = stanza("/l/a.log ", one_log);

	(void)unused;
	reset();
	j_reset();
	j_step(RSTEP_RENAME, 0, "/l/a.log.1.gz", "/l/a.log.2.gz", 1);
	j_step(RSTEP_RENAME, 0, "/l/a.log", "/l/a.log.1", 1);
	j_step(RSTEP_SCRIPT, 0, NULL, NULL, 1);
	j_step(RSTEP_COMPRESS, 0, "/l/a.log.1", "/l/a.log.1.gz", 0);
	j_chain(0);
	j_id("/l/a.log.1.gz", 11);
	j_id("/l/a.log", 10);
	add_ino("/l/a.log", 20);
	add_ino("/l/a.log.1", 10);
	add_ino("/l/a.log.2.gz", 11);
	add_ino("/l/.a.log.1.gz.Ab12Cd", 30);
	c->rotate = 3;
	c->flags |= RCONF_COMPRESS;
	c->script[RCONF_POSTROTATE] = xstrdup("true\n");
	assert_int_equal(expect_repair(c, RPLAN_FORCE,
	                     "repair: unlink /l/.a.log.1.gz.Ab12Cd\n"
	                     "repair: compress /l/a.log.1 /l/a.log.1.gz\n"
	                     "repair: remove /l/a.log.1 (chained)\n"
	                     "wait\n"
	                     "rename /l/a.log.2.gz /l/a.log.3.gz\n"
	                     "rename /l/a.log.1.gz /l/a.log.2.gz\n"
	                     "rename /l/a.log /l/a.log.1\n"
	                     "script postrotate [/l/a.log] /l/a.log.1\n"
	                     "compress /l/a.log.1 /l/a.log.1.gz\n"
	                     "remove /l/a.log.1 (chained)\n"
	                     "wait\n"),
	    RPLAN_FORCED);
}

/*
 * Killed after the shift (marks lost: the file system tells), before the
 * rename: the repair renames, runs postrotate and compresses; that is the
 * log's rotation, so it is not rotated again.  An unmarked postrotate
 * after a done rename runs again.
 */
static void
test_repair_rename(void **unused)
{
	struct rconf_log *c = stanza("/l/a.log ", one_log);

	(void)unused;
	reset();
	j_reset();
	j_step(RSTEP_RENAME, 0, "/l/a.log.1.gz", "/l/a.log.2.gz", 0);
	j_step(RSTEP_RENAME, 0, "/l/a.log", "/l/a.log.1", 0);
	j_step(RSTEP_SCRIPT, 0, NULL, NULL, 0);
	j_step(RSTEP_COMPRESS, 0, "/l/a.log.1", "/l/a.log.1.gz", 0);
	j_chain(0);
	j_id("/l/a.log.1.gz", 11);
	j_id("/l/a.log", 10);
	add_ino("/l/a.log", 10);
	add_ino("/l/a.log.2.gz", 11);
	c->rotate = 3;
	c->flags |= RCONF_COMPRESS;
	c->script[RCONF_POSTROTATE] = xstrdup("true\n");
	assert_int_equal(expect_repair(c, RPLAN_FORCE,
	                     "repair: rename /l/a.log /l/a.log.1\n"
	                     "repair: script postrotate [/l/a.log]\n"
	                     "repair: compress /l/a.log.1 /l/a.log.1.gz\n"
	                     "repair: remove /l/a.log.1 (chained)\n"
	                     "wait\n"),
	    RPLAN_RESUMED);
}

/*
 * Nothing of the rotation was done (the first shift's source is still
 * there): nothing to repair, the log is planned anew.  A journal that
 * does not match the files (a stale one) resumes nothing either.
 */
static void
test_repair_nothing_done(void **unused)
{
	struct rconf_log *c = stanza("/l/a.log ", one_log);

	(void)unused;
	reset();
	j_reset();
	j_step(RSTEP_RENAME, 0, "/l/a.log.1.gz", "/l/a.log.2.gz", 0);
	j_step(RSTEP_RENAME, 0, "/l/a.log", "/l/a.log.1", 0);
	j_id("/l/a.log.1.gz", 11);
	j_id("/l/a.log", 10);
	add_ino("/l/a.log", 10);
	add_ino("/l/a.log.1.gz", 11);
	c->rotate = 3;
	c->flags |= RCONF_COMPRESS;
	expect_repair(c, RPLAN_FORCE,
	    "rename /l/a.log.1.gz /l/a.log.2.gz\n"
	    "rename /l/a.log /l/a.log.1\n"
	    "compress /l/a.log.1 /l/a.log.1.gz\n"
	    "remove /l/a.log.1 (chained)\n"
	    "wait\n");
	c = stanza("/l/a.log ", one_log);
	reset();
	j_reset();
	j_step(RSTEP_RENAME, 0, "/l/a.log.1.gz", "/l/a.log.2.gz", 0);
	j_step(RSTEP_RENAME, 0, "/l/a.log", "/l/a.log.1", 0);
	j_step(RSTEP_REMOVE, 0, "/l/a.log.1.gz", NULL, 0);
	j_id("/l/a.log.1.gz", 11);
	j_id("/l/a.log", 10);
	add_ino("/l/a.log", 40);
	add_ino("/l/a.log.1.gz", 41);
	c->rotate = 3;
	c->flags |= RCONF_COMPRESS;
	expect_repair(c, RPLAN_FORCE,
	    "rename /l/a.log.1.gz /l/a.log.2.gz\n"
	    "rename /l/a.log /l/a.log.1\n"
	    "compress /l/a.log.1 /l/a.log.1.gz\n"
	    "remove /l/a.log.1 (chained)\n"
	    "wait\n");
}

/*
 * A repair killed before it did anything is still owed: its record (steps
 * in phase RPHASE_REPAIR) resumes even though none of its steps is done.
 */
static void
test_repair_continued(void **unused)
{
	struct rconf_log *c = stanza("/l/a.log ", one_log);

	(void)unused;
	reset();
	j_reset();
	j_step(RSTEP_COMPRESS, 0, "/l/a.log.1", "/l/a.log.1.gz", 0);
	j_chain(0);
	jr.stanzas[0].steps[0].phase = RPHASE_REPAIR;
	jr.stanzas[0].steps[1].phase = RPHASE_REPAIR;
	j_id("/l/a.log.1", 10);
	add_ino("/l/a.log.1", 10);
	c->rotate = 3;
	c->flags |= RCONF_COMPRESS;
	assert_int_equal(expect_repair(c, 0,
	                     "repair: compress /l/a.log.1 /l/a.log.1.gz\n"
	                     "repair: remove /l/a.log.1 (chained)\n"
	                     "wait\n"),
	    RPLAN_STAT_FAILED);
}

/*
 * copytruncate killed after its copy (the copy is there, the step has no
 * done mark): the repair copies again unless the log was truncated
 * (RSTEP_RECOPY).
 */
static void
test_repair_copytruncate(void **unused)
{
	struct rconf_log *c = stanza("/l/a.log ", one_log);

	(void)unused;
	reset();
	j_reset();
	j_step(RSTEP_COPYTRUNCATE, 0, "/l/a.log", "/l/a.log.1", 0);
	j_step(RSTEP_COMPRESS, 0, "/l/a.log.1", "/l/a.log.1.gz", 0);
	j_chain(0);
	j_id("/l/a.log", 10);
	add_ino("/l/a.log", 10);
	add_ino("/l/a.log.1", 12);
	c->rotate = 3;
	c->flags |= RCONF_COMPRESS | RCONF_COPYTRUNCATE;
	assert_int_equal(expect_repair(c, RPLAN_FORCE,
	                     "repair: recopy /l/a.log /l/a.log.1\n"
	                     "repair: compress /l/a.log.1 /l/a.log.1.gz\n"
	                     "repair: remove /l/a.log.1 (chained)\n"
	                     "wait\n"),
	    RPLAN_RESUMED);
}

/*
 * Killed between a compression (marked done) and the removal of its source
 * chained to it: both are planned again, never the removal alone (exec
 * then finds the compressed copy whole and compresses nothing).
 */
static void
test_repair_compressed_not_removed(void **unused)
{
	struct rconf_log *c = stanza("/l/a.log ", one_log);

	(void)unused;
	reset();
	j_reset();
	j_step(RSTEP_RENAME, 0, "/l/a.log", "/l/a.log.1", 1);
	j_step(RSTEP_COMPRESS, 0, "/l/a.log.1", "/l/a.log.1.gz", 1);
	j_chain(0);
	j_id("/l/a.log", 10);
	add_ino("/l/a.log.1", 10);
	add_ino("/l/a.log.1.gz", 11);
	c->rotate = 3;
	c->flags |= RCONF_COMPRESS;
	assert_int_equal(expect_repair(c, 0,
	                     "repair: compress /l/a.log.1 /l/a.log.1.gz\n"
	                     "repair: remove /l/a.log.1 (chained)\n"
	                     "wait\n"),
	    RPLAN_STAT_FAILED);
}

/*
 * As root without su in a world-writable directory, rotation refuses and
 * so does the repair: no step, and the journal's record is carried.
 */
static void
test_repair_insecure(void **unused)
{
	struct rconf_log *c = stanza("/l/a.log ", one_log);
	struct rplan_seams js = seams;
	struct rconf conf = RCONF_INIT;
	struct rconf_log *logs[1] = { c };
	struct rplan plan = RPLAN_INIT;
	struct hr_error err = HR_ERROR_INIT;

	(void)unused;
	reset();
	j_reset();
	j_step(RSTEP_RENAME, 0, "/l/a.log", "/l/a.log.1", 1);
	j_step(RSTEP_COMPRESS, 0, "/l/a.log.1", "/l/a.log.1.gz", 0);
	j_chain(0);
	j_id("/l/a.log", 10);
	add_ino("/l/a.log.1", 10);
	add_ino("/l/.a.log.1.gz.Ab12Cd", 30);
	add_node("/l", S_IFDIR | 01777, 0, NOW);
	c->flags |= RCONF_COMPRESS;
	js.journal = &jr;
	conf.logs = logs;
	conf.nlogs = 1;
	assert_int_equal(
	    rplan_build(&plan, &conf, &js, RPLAN_AS_ROOT, &err), -1);
	assert_int_equal(plan.stanzas[0].nsteps, 0);
	assert_int_equal(plan.stanzas[0].logs[0].reason, RPLAN_INSECURE_DIR);
	assert_int_equal(plan.ncarry, 1);
	hr_error_release(&err);
	rplan_release(&plan);
	stanza_free(c);
	rjournal_release(&jr);
}

/*
 * Compressions run in the background: the next log's steps go on, and the
 * steps that need a compressed file (or belong to its log) wait for them.
 */
static void
test_schedule_background(void **unused)
{
	static const char *const logs[] = { "/l/a.log", "/l/b.log", NULL };
	struct rconf_log *c = stanza("/l/*.log ", logs);

	(void)unused;
	reset();
	add_file("/l/a.log", 10);
	add_file("/l/a.log.1", 10);
	add_file("/l/b.log", 10);
	add_file("/l/b.log.1", 10);
	c->rotate = 2;
	c->flags |= RCONF_COMPRESS | RCONF_DELAYCOMPRESS;
	expect_steps(c, RPLAN_FORCE,
	    "compress /l/a.log.1 /l/a.log.1.gz\n"
	    "remove /l/a.log.1 (chained)\n"
	    "compress /l/b.log.1 /l/b.log.1.gz\n"
	    "remove /l/b.log.1 (chained)\n"
	    "wait\n"
	    "rename /l/a.log.1.gz /l/a.log.2.gz\n"
	    "rename /l/a.log /l/a.log.1\n"
	    "rename /l/b.log.1.gz /l/b.log.2.gz\n"
	    "rename /l/b.log /l/b.log.1\n");
}

/* A script sees every compression done: a WAIT comes first. */
static void
test_schedule_script_waits(void **unused)
{
	static const char *const logs[] = { "/l/a.log", "/l/b.log", NULL };
	struct rconf_log *c = stanza("/l/*.log ", logs);

	(void)unused;
	reset();
	add_file("/l/a.log", 10);
	add_file("/l/b.log", 10);
	add_file("/l/b.log.1.gz", 10);
	c->rotate = 1;
	c->flags |= RCONF_COMPRESS;
	c->script[RCONF_PREROTATE] = xstrdup("p\n");
	expect_steps(c, RPLAN_FORCE,
	    "script prerotate [/l/a.log]\n"
	    "rename /l/a.log /l/a.log.1\n"
	    "compress /l/a.log.1 /l/a.log.1.gz\n"
	    "remove /l/a.log.1 (chained)\n"
	    "wait\n"
	    "script prerotate [/l/b.log]\n"
	    "rename /l/b.log.1.gz /l/b.log.2.gz\n"
	    "rename /l/b.log /l/b.log.1\n"
	    "compress /l/b.log.1 /l/b.log.1.gz\n"
	    "remove /l/b.log.1 (chained)\n"
	    "wait\n"
	    "remove /l/b.log.2.gz\n");
}

/* Only background compressions are flagged; preremove keeps them inline. */
static void
test_schedule_preremove_inline(void **unused)
{
	struct rconf_log *c = stanza("/l/a.log ", one_log);
	struct rplan plan = RPLAN_INIT;
	const struct rplan_stanza *z;
	size_t k, background = 0, waits = 0;

	(void)unused;
	reset();
	add_file("/l/a.log", 10);
	c->rotate = 1;
	c->flags |= RCONF_COMPRESS;
	plan_one(&plan, c, RPLAN_FORCE);
	z = &plan.stanzas[0];
	for (k = 0; k < z->nsteps; k++) {
		background += (z->steps[k].flags & RSTEP_BACKGROUND) != 0;
		waits += z->steps[k].kind == RSTEP_WAIT;
	}
	/* The compression and the removal of its source: one job. */
	assert_int_equal(background, 2);
	assert_int_equal(waits, 1);
	rplan_release(&plan);
	c->script[RCONF_PREREMOVE] = xstrdup("r\n");
	plan_one(&plan, c, RPLAN_FORCE);
	z = &plan.stanzas[0];
	assert_int_equal(z->nsteps, 3);
	assert_int_equal(z->steps[1].kind, RSTEP_COMPRESS);
	assert_int_equal(z->steps[1].flags & RSTEP_BACKGROUND, 0);
	assert_int_equal(z->steps[2].kind, RSTEP_REMOVE);
	assert_int_equal(z->steps[2].flags, RSTEP_CHAINED);
	rplan_release(&plan);
	stanza_free(c);
}

static void
test_describe(void **unused)
{
	static const char *const logs[] = { "/l/a.log", NULL };
	struct rconf_log *c = stanza("/l/a.log ", logs);
	struct rplan plan = RPLAN_INIT;
	struct sbuf sb = SBUF_INIT;

	(void)unused;
	reset();
	add_file("/l/a.log", 10);
	add_state("/l/a.log", "2026-11-30-01:00:00");
	c->criterion = RCONF_DAILY;
	plan_one(&plan, c, 0);
	rplan_reason_describe(&plan.stanzas[0].logs[0], c, &sb);
	assert_string_equal(sb.buf,
	    "log does not need rotating (log has been rotated at "
	    "2026-11-30 01:00, which is less than a day ago)");
	rplan_release(&plan);
	sbuf_reset(&sb);

	reset();
	add_file("/l/a.log", 10);
	c->flags |= RCONF_CREATE;
	c->create.mode = 0640;
	c->create.has_mode = 1;
	c->create.gid = 4;
	c->create.has_gid = 1;
	plan_one(&plan, c, RPLAN_FORCE);
	/* rename, create, and the removal of rotate 0's generation */
	assert_int_equal(plan.stanzas[0].nsteps, 3);
	rplan_step_describe(&plan.stanzas[0].steps[0], c, &sb);
	assert_string_equal(sb.buf, "renaming /l/a.log to /l/a.log.1");
	sbuf_reset(&sb);
	rplan_step_describe(&plan.stanzas[0].steps[1], c, &sb);
	assert_string_equal(
	    sb.buf, "creating new /l/a.log mode = 0640 uid = 0 gid = 4");
	sbuf_release(&sb);
	rplan_release(&plan);
	stanza_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decisions),
		cmocka_unit_test(test_first_entry),
		cmocka_unit_test(test_numbered_delaycompress),
		cmocka_unit_test(test_rotate_zero),
		cmocka_unit_test(test_rotate_zero_compress_mail),
		cmocka_unit_test(test_rotate_keep_all),
		cmocka_unit_test(test_start_zero_compress),
		cmocka_unit_test(test_in_the_way),
		cmocka_unit_test(test_in_the_way_rotate_zero),
		cmocka_unit_test(test_maxage_numbered),
		cmocka_unit_test(test_dateext_yesterday),
		cmocka_unit_test(test_dateext_parsed_order),
		cmocka_unit_test(test_dateext_hourly_compress),
		cmocka_unit_test(test_dateext_unknown_specifier),
		cmocka_unit_test(test_dateext_destination_exists),
		cmocka_unit_test(test_dateext_plain_destination_exists),
		cmocka_unit_test(test_olddir),
		cmocka_unit_test(test_olddir_absolute),
		cmocka_unit_test(test_extension),
		cmocka_unit_test(test_addextension),
		cmocka_unit_test(test_copytruncate),
		cmocka_unit_test(test_copytruncate_rotate_zero),
		cmocka_unit_test(test_renamecopy),
		cmocka_unit_test(test_sharedscripts),
		cmocka_unit_test(test_sharedscripts_error),
		cmocka_unit_test(test_nosharedscripts_args),
		cmocka_unit_test(test_nothing_due_no_steps),
		cmocka_unit_test(test_mailfirst),
		cmocka_unit_test(test_repair_compress),
		cmocka_unit_test(test_repair_rename),
		cmocka_unit_test(test_repair_nothing_done),
		cmocka_unit_test(test_repair_continued),
		cmocka_unit_test(test_repair_copytruncate),
		cmocka_unit_test(test_repair_compressed_not_removed),
		cmocka_unit_test(test_repair_insecure),
		cmocka_unit_test(test_schedule_background),
		cmocka_unit_test(test_schedule_script_waits),
		cmocka_unit_test(test_schedule_preremove_inline),
		cmocka_unit_test(test_describe),
	};

	setenv("TZ", "UTC", 1);
	tzset();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
