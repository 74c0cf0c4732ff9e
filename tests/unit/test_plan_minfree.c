/*
 * test_plan_minfree: the planner's minfree and --urgent-only (headroom
 * extensions) against a fake clock, file system, state file and free
 * space: which logs they make due, and which old generations minfree
 * removes, in which order (plan_minfree.c).
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
#include "rotate/plan.h"

/* Monday 2026-11-30 20:10:00 UTC. */
#define NOW ((time_t)1796069400)
#define DAY 86400

struct ffile {
	char path[64];
	off_t size;
	time_t mtime;
};

static struct ffile files[32];
static size_t nfiles;
/* The last rotation of every log; the free space of the file system. */
static time_t last_rotated;
static unsigned long long fs_avail, fs_total;

static void
reset(unsigned long long avail, unsigned long long total)
{
	nfiles = 0;
	last_rotated = NOW - 3600; /* this day: a daily log is not due */
	fs_avail = avail;
	fs_total = total;
}

static void
add_file(const char *path, off_t size, time_t mtime)
{
	struct ffile *f = &files[nfiles++];

	assert_true(nfiles < sizeof(files) / sizeof(files[0]));
	snprintf(f->path, sizeof(f->path), "%s", path);
	f->size = size;
	f->mtime = mtime;
}

static time_t
f_clock(void *arg)
{
	(void)arg;
	return NOW;
}

static int
f_lstat(void *arg, const char *path, struct stat *st)
{
	size_t i;

	(void)arg;
	for (i = 0; i < nfiles; i++)
		if (strcmp(files[i].path, path) == 0) {
			memset(st, 0, sizeof(*st));
			st->st_mode = S_IFREG | 0644;
			st->st_nlink = 1;
			st->st_size = files[i].size;
			st->st_mtime = files[i].mtime;
			return 0;
		}
	return ENOENT;
}

static int
f_stat(void *arg, const char *path, struct stat *st)
{
	(void)arg;
	(void)path;
	memset(st, 0, sizeof(*st));
	st->st_mode = S_IFDIR | 0755;
	return 0;
}

static int
f_list(void *arg, const char *dir, char ***names)
{
	size_t i, k = 0, len = strlen(dir);
	char **v = xcalloc(nfiles + 1, sizeof(*v));

	(void)arg;
	for (i = 0; i < nfiles; i++)
		if (strncmp(files[i].path, dir, len) == 0 &&
		    files[i].path[len] == '/')
			v[k++] = xstrdup(files[i].path + len + 1);
	*names = v;
	return 0;
}

static int
f_last(void *arg, const char *path, time_t now, int used, struct tm *last)
{
	(void)arg;
	(void)path;
	(void)now;
	(void)used;
	gmtime_r(&last_rotated, last);
	return 0;
}

static int
f_fsfree(void *arg, const char *path, unsigned long long *avail,
    unsigned long long *total)
{
	(void)arg;
	assert_non_null(path);
	*avail = fs_avail;
	*total = fs_total;
	return 0;
}

static const struct rplan_seams seams = { f_clock, f_lstat, f_stat, f_list,
	f_last, NULL, NULL, f_fsfree };

/* A daily stanza keeping 5 generations, without compression. */
static struct rconf_log *
stanza(const char *const *logs)
{
	struct rconf_log *c = xcalloc(1, sizeof(*c));
	size_t n = 0;

	while (logs[n])
		n++;
	rconf_log_defaults(c);
	c->pattern = xstrdup("/l/*.log ");
	c->files = xcalloc(n + 1, sizeof(char *));
	for (c->nfiles = 0; c->nfiles < n; c->nfiles++)
		c->files[c->nfiles] = xstrdup(logs[c->nfiles]);
	c->criterion = RCONF_DAILY;
	c->rotate = 5;
	return c;
}

static void
plan(struct rplan *p, struct rconf_log *c, const struct rplan_seams *s,
    unsigned flags)
{
	struct rconf conf = RCONF_INIT;
	struct rconf_log *logs[1] = { c };
	struct hr_error err = HR_ERROR_INIT;

	conf.logs = logs;
	conf.nlogs = 1;
	assert_int_equal(rplan_build(p, &conf, s, flags, &err), 0);
	hr_error_release(&err);
}

/* The paths minfree would remove, one a line, in the plan's order. */
static char *
removals(const struct rplan_stanza *z)
{
	struct sbuf sb = SBUF_INIT;
	size_t i;

	for (i = 0; i < z->nsteps; i++)
		if (z->steps[i].kind == RSTEP_REMOVE &&
		    (z->steps[i].flags & RSTEP_MINFREE))
			sbuf_addf(&sb, "%s\n", z->steps[i].src);
	return sbuf_detach(&sb);
}

static const struct rplan_step *
last_removal(const struct rplan_stanza *z)
{
	size_t i = z->nsteps;

	while (i-- > 0)
		if (z->steps[i].flags & RSTEP_MINFREE)
			return &z->steps[i];
	fail_msg("no minfree removal");
	return NULL;
}

static const char *const one_log[] = { "/l/a.log", NULL };

/* a.log and its generations a.log.1 (newest) to a.log.4 (oldest). */
static void
add_generations(void)
{
	add_file("/l/a.log", 100, NOW - 60);
	add_file("/l/a.log.1", 100, NOW - 1 * DAY);
	add_file("/l/a.log.2", 100, NOW - 2 * DAY);
	add_file("/l/a.log.3", 100, NOW - 3 * DAY);
	add_file("/l/a.log.4", 100, NOW - 4 * DAY);
}

/*
 * Short of minfree, a log rotated this day is due all the same; then its
 * old generations are removed oldest first, never the new a.log.1.
 */
static void
test_short_of_percent(void **unused)
{
	struct rconf_log *c = stanza(one_log);
	struct rplan p = RPLAN_INIT;
	struct sbuf sb = SBUF_INIT;
	char *got;

	(void)unused;
	reset(99, 1000);
	add_generations();
	c->minfree_pct = 10;
	plan(&p, c, &seams, 0);
	assert_int_equal(p.stanzas[0].logs[0].reason, RPLAN_MINFREE);
	assert_true(p.stanzas[0].logs[0].rotate);
	rplan_reason_describe(&p.stanzas[0].logs[0], c, &sb);
	assert_string_equal(sb.buf,
	    "log needs rotating (its file system has 99 free, less than "
	    "'minfree' 10%: 100)");
	got = removals(&p.stanzas[0]);
	assert_string_equal(
	    got, "/l/a.log.5\n/l/a.log.4\n/l/a.log.3\n/l/a.log.2\n");
	free(got);
	sbuf_release(&sb);
	rplan_release(&p);
	rconf_log_release(c);
	free(c);
}

/* Rotated this hour: short of minfree or not, not again. */
static void
test_same_hour(void **unused)
{
	struct rconf_log *c = stanza(one_log);
	struct rplan p = RPLAN_INIT;

	(void)unused;
	reset(0, 1000);
	add_generations();
	last_rotated = NOW - 60;
	c->minfree_pct = 10;
	plan(&p, c, &seams, 0);
	assert_int_equal(p.stanzas[0].logs[0].reason, RPLAN_SAME_HOUR);
	assert_int_equal(p.stanzas[0].nsteps, 0);
	rplan_release(&p);
	rconf_log_release(c);
	free(c);
}

/* Enough free space: no rotation, no removal. */
static void
test_enough_free(void **unused)
{
	struct rconf_log *c = stanza(one_log);
	struct rplan p = RPLAN_INIT;

	(void)unused;
	reset(100, 1000);
	add_generations();
	c->minfree_pct = 10;
	plan(&p, c, &seams, 0);
	assert_int_equal(p.stanzas[0].logs[0].reason, RPLAN_NOT_DUE);
	assert_int_equal(p.stanzas[0].nsteps, 0);
	rplan_release(&p);
	rconf_log_release(c);
	free(c);
}

/* Without the seam, free space is unknown and minfree does nothing. */
static void
test_no_seam(void **unused)
{
	struct rconf_log *c = stanza(one_log);
	struct rplan_seams s = seams;
	struct rplan p = RPLAN_INIT;

	(void)unused;
	reset(0, 1000);
	add_generations();
	c->minfree = 1 << 20;
	s.fsfree = NULL;
	plan(&p, c, &s, 0);
	assert_int_equal(p.stanzas[0].logs[0].reason, RPLAN_NOT_DUE);
	rplan_release(&p);
	rconf_log_release(c);
	free(c);
}

/*
 * A forced rotation short of minfree removes too; across the logs of a
 * stanza the oldest content goes first, whatever its log.
 */
static void
test_oldest_across_logs(void **unused)
{
	static const char *const two[] = { "/l/a.log", "/l/b.log", NULL };
	struct rconf_log *c = stanza(two);
	struct rplan p = RPLAN_INIT;
	char *got;

	(void)unused;
	reset(1 << 20, 1ULL << 40);
	add_file("/l/a.log", 100, NOW);
	add_file("/l/a.log.1", 100, NOW - 1 * DAY);
	add_file("/l/a.log.2", 100, NOW - 10 * DAY);
	add_file("/l/a.log.3", 100, NOW - 20 * DAY);
	add_file("/l/b.log", 100, NOW);
	add_file("/l/b.log.1", 100, NOW - 1 * DAY);
	add_file("/l/b.log.2", 100, NOW - 15 * DAY);
	c->minfree = 2 << 20;
	plan(&p, c, &seams, RPLAN_FORCE);
	assert_int_equal(p.stanzas[0].logs[0].reason, RPLAN_FORCED);
	got = removals(&p.stanzas[0]);
	assert_string_equal(got,
	    "/l/a.log.4\n/l/b.log.3\n/l/a.log.3\n/l/a.log.2\n/l/b.log.2\n");
	free(got);
	rplan_release(&p);
	rconf_log_release(c);
	free(c);
}

/* dateext with compress: the newest (dated today, compressed) stays. */
static void
test_dated(void **unused)
{
	struct rconf_log *c = stanza(one_log);
	struct rplan p = RPLAN_INIT;
	struct sbuf sb = SBUF_INIT;
	char *got;

	(void)unused;
	reset(0, 1000);
	add_file("/l/a.log", 100, NOW);
	add_file("/l/a.log-20261127.gz", 100, NOW - 3 * DAY);
	add_file("/l/a.log-20261128.gz", 100, NOW - 2 * DAY);
	add_file("/l/a.log-20261129.gz", 100, NOW - 1 * DAY);
	c->flags |= RCONF_DATEEXT | RCONF_COMPRESS;
	c->compresscmd = xstrdup("/bin/gzip");
	c->compressext = xstrdup(".gz");
	c->minfree_pct = 1;
	plan(&p, c, &seams, 0);
	assert_int_equal(p.stanzas[0].logs[0].reason, RPLAN_MINFREE);
	got = removals(&p.stanzas[0]);
	assert_string_equal(got,
	    "/l/a.log-20261127.gz\n/l/a.log-20261128.gz\n"
	    "/l/a.log-20261129.gz\n");
	free(got);
	rplan_step_describe(last_removal(&p.stanzas[0]), c, &sb);
	assert_string_equal(sb.buf,
	    "removing old log /l/a.log-20261129.gz if its file system still "
	    "has less free space than 'minfree'");
	sbuf_release(&sb);
	rplan_release(&p);
	rconf_log_release(c);
	free(c);
}

/* --urgent-only: size, maxsize and minfree only; time waits. */
static void
test_urgent_only(void **unused)
{
	struct rconf_log *c = stanza(one_log);
	struct rplan p = RPLAN_INIT;
	struct sbuf sb = SBUF_INIT;

	(void)unused;
	reset(500, 1000);
	add_generations();
	last_rotated = NOW - 2 * DAY;
	plan(&p, c, &seams, 0);
	assert_int_equal(p.stanzas[0].logs[0].reason, RPLAN_DUE);
	rplan_release(&p);

	plan(&p, c, &seams, RPLAN_URGENT_ONLY);
	assert_int_equal(p.stanzas[0].logs[0].reason, RPLAN_NOT_URGENT);
	assert_false(p.stanzas[0].logs[0].rotate);
	assert_int_equal(p.stanzas[0].nsteps, 0);
	rplan_reason_describe(&p.stanzas[0].logs[0], c, &sb);
	assert_string_equal(sb.buf,
	    "log does not need rotating (--urgent-only: not due by size, "
	    "maxsize or minfree)");
	rplan_release(&p);

	c->maxsize = 99;
	plan(&p, c, &seams, RPLAN_URGENT_ONLY);
	assert_int_equal(p.stanzas[0].logs[0].reason, RPLAN_MAXSIZE);
	rplan_release(&p);

	c->maxsize = 0;
	c->minfree_pct = 60;
	plan(&p, c, &seams, RPLAN_URGENT_ONLY);
	assert_int_equal(p.stanzas[0].logs[0].reason, RPLAN_MINFREE);
	rplan_release(&p);

	c->minfree_pct = 0;
	c->criterion = RCONF_SIZE;
	c->size_threshold = 100;
	plan(&p, c, &seams, RPLAN_URGENT_ONLY);
	assert_int_equal(p.stanzas[0].logs[0].reason, RPLAN_SIZE);
	rplan_release(&p);
	sbuf_release(&sb);
	rconf_log_release(c);
	free(c);
}

/* minfree N% of a file system of any size, without overflow. */
static void
test_minfree_bytes(void **unused)
{
	struct rconf_log c;

	(void)unused;
	rconf_log_defaults(&c);
	assert_int_equal(rconf_minfree_bytes(&c, 1000), 0);
	c.minfree = 5;
	assert_int_equal(rconf_minfree_bytes(&c, 1000), 5);
	c.minfree_pct = 10;
	assert_int_equal(rconf_minfree_bytes(&c, 1000), 100);
	assert_int_equal(rconf_minfree_bytes(&c, 1001), 100);
	c.minfree_pct = 99;
	assert_true(rconf_minfree_bytes(&c, 1ULL << 63) ==
	    (1ULL << 63) / 100 * 99 + (1ULL << 63) % 100 * 99 / 100);
	rconf_log_release(&c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_short_of_percent),
		cmocka_unit_test(test_enough_free),
		cmocka_unit_test(test_same_hour),
		cmocka_unit_test(test_no_seam),
		cmocka_unit_test(test_oldest_across_logs),
		cmocka_unit_test(test_dated),
		cmocka_unit_test(test_urgent_only),
		cmocka_unit_test(test_minfree_bytes),
	};

	setenv("TZ", "UTC", 1);
	tzset();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
