/*
 * test_plan_decide: whether a log is due, against a fake clock, file
 * system and state file: one table row for each decision of reference
 * section 5 (plan_decide.c), and the state entry of a first run.
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

#include "tests/unit/plan_test_util.h"

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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decisions),
		cmocka_unit_test(test_first_entry),
	};

	setenv("TZ", "UTC", 1);
	tzset();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
