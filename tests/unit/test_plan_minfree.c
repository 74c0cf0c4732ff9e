/*
 * test_plan_minfree: the planner's minfree and --urgent-only (headroom
 * extensions) in plan_test_util's fake world (clock, file system, state
 * file and free space): which logs they make due, and which old
 * generations minfree removes, in which order (plan_minfree.c).
 */
#include "config.h"

#include <sys/stat.h>

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
#include "rotate/plan.h"
#include "tests/unit/plan_test_util.h"

/* Last rotations: this day (a daily log is not due), this hour, 2 days. */
#define AN_HOUR_AGO "2026-11-30-19:10:00"
#define A_MINUTE_AGO "2026-11-30-20:09:00"
#define TWO_DAYS_AGO "2026-11-28-20:10:00"

/*
 * The fake world, empty, its file system with avail bytes free of
 * total; every log of the tests (a.log, b.log) last rotated when.
 */
static void
world(unsigned long long avail, unsigned long long total, const char *when)
{
	reset();
	fs_avail = avail;
	fs_total = total;
	add_state("/l/a.log", when);
	add_state("/l/b.log", when);
}

/* A regular file 0644 of size bytes, modified at mtime. */
static void
add_log(const char *path, off_t size, time_t mtime)
{
	add_node(path, S_IFREG | 0644, size, mtime);
}

/* A daily stanza keeping 5 generations, without compression. */
static struct rconf_log *
daily5(const char *const *logs)
{
	struct rconf_log *c = stanza("/l/*.log ", logs);

	c->criterion = RCONF_DAILY;
	c->rotate = 5;
	return c;
}

static void
plan(struct rplan *p, struct rconf_log *c, const struct rplan_seams *s,
    unsigned flags)
{
	assert_int_equal(plan_with(p, c, s, flags), 0);
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

/* a.log and its generations a.log.1 (newest) to a.log.4 (oldest). */
static void
add_generations(void)
{
	add_log("/l/a.log", 100, NOW - 60);
	add_log("/l/a.log.1", 100, NOW - 1 * DAY);
	add_log("/l/a.log.2", 100, NOW - 2 * DAY);
	add_log("/l/a.log.3", 100, NOW - 3 * DAY);
	add_log("/l/a.log.4", 100, NOW - 4 * DAY);
}

/*
 * Short of minfree, a log rotated this day is due all the same; then its
 * old generations are removed oldest first, never the new a.log.1.
 */
static void
test_short_of_percent(void **unused)
{
	struct rconf_log *c = daily5(one_log);
	struct rplan p = RPLAN_INIT;
	struct sbuf sb = SBUF_INIT;
	char *got;

	(void)unused;
	world(99, 1000, AN_HOUR_AGO);
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
	stanza_free(c);
}

/* Rotated this hour: short of minfree or not, not again. */
static void
test_same_hour(void **unused)
{
	struct rconf_log *c = daily5(one_log);
	struct rplan p = RPLAN_INIT;

	(void)unused;
	world(0, 1000, A_MINUTE_AGO);
	add_generations();
	c->minfree_pct = 10;
	plan(&p, c, &seams, 0);
	assert_int_equal(p.stanzas[0].logs[0].reason, RPLAN_SAME_HOUR);
	assert_int_equal(p.stanzas[0].nsteps, 0);
	rplan_release(&p);
	stanza_free(c);
}

/* Enough free space: no rotation, no removal. */
static void
test_enough_free(void **unused)
{
	struct rconf_log *c = daily5(one_log);
	struct rplan p = RPLAN_INIT;

	(void)unused;
	world(100, 1000, AN_HOUR_AGO);
	add_generations();
	c->minfree_pct = 10;
	plan(&p, c, &seams, 0);
	assert_int_equal(p.stanzas[0].logs[0].reason, RPLAN_NOT_DUE);
	assert_int_equal(p.stanzas[0].nsteps, 0);
	rplan_release(&p);
	stanza_free(c);
}

/* Without the seam, free space is unknown and minfree does nothing. */
static void
test_no_seam(void **unused)
{
	struct rconf_log *c = daily5(one_log);
	struct rplan_seams s = seams;
	struct rplan p = RPLAN_INIT;

	(void)unused;
	world(0, 1000, AN_HOUR_AGO);
	add_generations();
	c->minfree = 1 << 20;
	s.fsfree = NULL;
	plan(&p, c, &s, 0);
	assert_int_equal(p.stanzas[0].logs[0].reason, RPLAN_NOT_DUE);
	rplan_release(&p);
	stanza_free(c);
}

/*
 * A forced rotation short of minfree removes too; across the logs of a
 * stanza the oldest content goes first, whatever its log.
 */
static void
test_oldest_across_logs(void **unused)
{
	static const char *const two[] = { "/l/a.log", "/l/b.log", NULL };
	struct rconf_log *c = daily5(two);
	struct rplan p = RPLAN_INIT;
	char *got;

	(void)unused;
	world(1 << 20, 1ULL << 40, AN_HOUR_AGO);
	add_log("/l/a.log", 100, NOW);
	add_log("/l/a.log.1", 100, NOW - 1 * DAY);
	add_log("/l/a.log.2", 100, NOW - 10 * DAY);
	add_log("/l/a.log.3", 100, NOW - 20 * DAY);
	add_log("/l/b.log", 100, NOW);
	add_log("/l/b.log.1", 100, NOW - 1 * DAY);
	add_log("/l/b.log.2", 100, NOW - 15 * DAY);
	c->minfree = 2 << 20;
	plan(&p, c, &seams, RPLAN_FORCE);
	assert_int_equal(p.stanzas[0].logs[0].reason, RPLAN_FORCED);
	got = removals(&p.stanzas[0]);
	assert_string_equal(got,
	    "/l/a.log.4\n/l/b.log.3\n/l/a.log.3\n/l/a.log.2\n/l/b.log.2\n");
	free(got);
	rplan_release(&p);
	stanza_free(c);
}

/* dateext with compress: the newest (dated today, compressed) stays. */
static void
test_dated(void **unused)
{
	struct rconf_log *c = daily5(one_log);
	struct rplan p = RPLAN_INIT;
	struct sbuf sb = SBUF_INIT;
	char *got;

	(void)unused;
	world(0, 1000, AN_HOUR_AGO);
	add_log("/l/a.log", 100, NOW);
	add_log("/l/a.log-20261127.gz", 100, NOW - 3 * DAY);
	add_log("/l/a.log-20261128.gz", 100, NOW - 2 * DAY);
	add_log("/l/a.log-20261129.gz", 100, NOW - 1 * DAY);
	c->flags |= RCONF_DATEEXT | RCONF_COMPRESS;
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
	stanza_free(c);
}

/* --urgent-only: size, maxsize and minfree only; time waits. */
static void
test_urgent_only(void **unused)
{
	struct rconf_log *c = daily5(one_log);
	struct rplan p = RPLAN_INIT;
	struct sbuf sb = SBUF_INIT;

	(void)unused;
	world(500, 1000, TWO_DAYS_AGO);
	add_generations();
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
	stanza_free(c);
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
