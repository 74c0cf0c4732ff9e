/*
 * test_plan_steps: the steps the planner makes for a due log, in order:
 * numbered and dated names, olddir, extensions, copytruncate, scripts,
 * mail and removals (reference sections 6 and 7; plan_build.c, plan.c,
 * plan_names.c, plan_prepare.c), and how -d describes them
 * (plan_describe.c).
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
#include "tests/unit/plan_test_util.h"

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
		cmocka_unit_test(test_describe),
	};

	setenv("TZ", "UTC", 1);
	tzset();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
