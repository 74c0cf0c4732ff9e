/*
 * test_plan_repair: the repairs the planner makes from the journal of an
 * interrupted run (recover.c): what was done is not done again, what was
 * not is, and nothing is repaired in an insecure directory.
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
#include "rotate/journal.h"
#include "tests/unit/plan_test_util.h"

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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_repair_compress),
		cmocka_unit_test(test_repair_rename),
		cmocka_unit_test(test_repair_nothing_done),
		cmocka_unit_test(test_repair_continued),
		cmocka_unit_test(test_repair_copytruncate),
		cmocka_unit_test(test_repair_compressed_not_removed),
		cmocka_unit_test(test_repair_insecure),
	};

	setenv("TZ", "UTC", 1);
	tzset();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
