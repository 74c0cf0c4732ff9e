/*
 * test_plan_schedule: which steps run as background jobs and where the
 * plan waits for them (plan_schedule.c).
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

#include "lib/xalloc.h"
#include "tests/unit/plan_test_util.h"

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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_schedule_background),
		cmocka_unit_test(test_schedule_script_waits),
		cmocka_unit_test(test_schedule_preremove_inline),
	};

	setenv("TZ", "UTC", 1);
	tzset();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
