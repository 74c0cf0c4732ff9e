/*
 * test_journal: the intent journal written from a plan and read back:
 * steps, logs, identities, done marks, quoting, a carried record, and the
 * files that are not a journal (missing, corrupt, cut short).
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
#include <unistd.h>

#include <cmocka.h>

#include "lib/xalloc.h"
#include "rotate/journal.h"
#include "rotate/plan.h"
#include "tests/unit/unit_util.h"

static void
put(const char *path, const char *text)
{
	put_file(path, text, strlen(text), 0644);
}

/* A plan of one stanza, two logs and four steps, by hand. */
struct fixture {
	struct rconf_log conf;
	struct rplan_log logs[2];
	struct rplan_step steps[4];
	struct rplan_stanza z[2];
	struct rplan plan;
};

static void
fixture_init(struct fixture *f)
{
	memset(f, 0, sizeof(*f));
	f->conf.pattern = xstrdup("/x/*.log \"quoted\" ");
	f->logs[0].path = xstrdup(P("a.log"));
	f->logs[0].planned = 1;
	f->logs[1].path = xstrdup(P("b\n\\.log"));
	f->logs[1].resumed = RPLAN_RESUME_STEPS;
	f->logs[1].resumed_at = 1000;
	f->steps[0].kind = RSTEP_RENAME;
	f->steps[0].phase = RPHASE_PREPARE;
	f->steps[0].src = xstrdup(P("a.log.1.gz"));
	f->steps[0].dst = xstrdup(P("a.log.2.gz"));
	f->steps[1].kind = RSTEP_CREATE;
	f->steps[1].phase = RPHASE_ROTATE;
	f->steps[1].src = xstrdup(P("a.log"));
	f->steps[1].mode = 0640;
	f->steps[1].uid = 7;
	f->steps[1].gid = 8;
	f->steps[1].flags = RSTEP_HAS_MODE;
	f->steps[2].kind = RSTEP_SCRIPT;
	f->steps[2].phase = RPHASE_POSTROTATE;
	f->steps[2].log = -1;
	f->steps[2].script = RCONF_POSTROTATE;
	f->steps[2].argv1 = xstrdup("/x/*.log");
	f->steps[3].kind = RSTEP_COMPRESS;
	f->steps[3].phase = RPHASE_REPAIR;
	f->steps[3].log = 1;
	f->steps[3].src = xstrdup(P("b\n\\.log.1"));
	f->steps[3].dst = xstrdup(P("b\n\\.log.1.gz"));
	f->z[1].conf = &f->conf;
	f->z[1].logs = f->logs;
	f->z[1].nlogs = 2;
	f->z[1].steps = f->steps;
	f->z[1].nsteps = 4;
	f->z[0].conf = &f->conf; /* no steps: not written */
	f->plan.stanzas = f->z;
	f->plan.nstanzas = 2;
	f->plan.now = 5000;
}

static void
fixture_release(struct fixture *f)
{
	size_t i;

	free(f->conf.pattern);
	for (i = 0; i < 2; i++)
		free((char *)f->logs[i].path);
	for (i = 0; i < 4; i++) {
		free(f->steps[i].src);
		free(f->steps[i].dst);
		free(f->steps[i].argv1);
	}
}

static void
t_round_trip(void **state)
{
	struct fixture f;
	struct rjournal w = RJOURNAL_INIT, r = RJOURNAL_INIT;
	struct hr_error err = HR_ERROR_INIT;
	const struct rjournal_stanza *z;
	const struct rjournal_id *id;
	struct stat st;

	(void)state;
	fixture_init(&f);
	put(P("a.log"), "x");
	put(P("a.log.1.gz"), "y");
	assert_int_equal(rjournal_write(&w, P("j"), &f.plan, NULL, &err), 0);
	rjournal_mark(&w, 1, 2);
	rjournal_mark(&w, 7, 9); /* no such stanza: ignored */
	rjournal_close(&w);
	assert_int_equal(rjournal_read(&r, P("j"), &err), 0);
	assert_int_equal(r.time, 5000);
	assert_int_equal(r.nstanzas, 1);
	z = &r.stanzas[0];
	assert_int_equal(z->index, 1);
	assert_string_equal(z->pattern, "/x/*.log \"quoted\" ");
	assert_int_equal(z->nlogs, 2);
	assert_string_equal(z->logs[1].path, P("b\n\\.log"));
	assert_int_equal(z->logs[0].rotated, 5000);
	assert_int_equal(z->logs[1].rotated, 1000);
	assert_int_equal(z->nsteps, 4);
	assert_int_equal(z->steps[1].kind, RSTEP_CREATE);
	assert_int_equal(z->steps[1].mode, 0640);
	assert_int_equal(z->steps[1].uid, 7);
	assert_int_equal(z->steps[1].flags, RSTEP_HAS_MODE);
	assert_null(z->steps[1].dst);
	assert_int_equal(z->steps[2].log, -1);
	assert_int_equal(z->steps[2].script, RCONF_POSTROTATE);
	assert_string_equal(z->steps[2].argv1, "/x/*.log");
	assert_int_equal(z->steps[3].phase, RPHASE_REPAIR);
	assert_string_equal(z->steps[3].dst, P("b\n\\.log.1.gz"));
	assert_int_equal(z->done[2], 1);
	assert_int_equal(z->done[0] + z->done[1] + z->done[3], 0);
	/*
	 * The identity of a file a step takes from, when it exists; none for
	 * a target, or a file only created.
	 */
	assert_int_equal(lstat(P("a.log.1.gz"), &st), 0);
	id = rjournal_find_id(z, P("a.log.1.gz"));
	assert_non_null(id);
	assert_true(id->ino == st.st_ino && id->dev == st.st_dev);
	assert_null(rjournal_find_id(z, P("a.log")));
	assert_null(rjournal_find_id(z, P("a.log.2.gz")));
	assert_null(rjournal_find_id(z, P("b\n\\.log.1")));
	/* A record carried into the next journal stays as it was. */
	f.z[1].nsteps = 0;
	f.plan.carry = xcalloc(1, sizeof(size_t));
	f.plan.ncarry = 1;
	assert_int_equal(rjournal_write(&w, P("j2"), &f.plan, &r, &err), 0);
	rjournal_close(&w);
	rjournal_release(&w);
	rjournal_release(&w);
	{
		struct rjournal c = RJOURNAL_INIT;

		assert_int_equal(rjournal_read(&c, P("j2"), &err), 0);
		assert_int_equal(c.nstanzas, 1);
		assert_int_equal(c.stanzas[0].index, 2);
		assert_int_equal(c.stanzas[0].nsteps, 4);
		assert_int_equal(c.stanzas[0].done[2], 1);
		assert_int_equal(c.stanzas[0].nids, 1);
		assert_int_equal(c.stanzas[0].logs[1].rotated, 1000);
		rjournal_release(&c);
	}
	free(f.plan.carry);
	rjournal_release(&r);
	fixture_release(&f);
}

static void
t_not_a_journal(void **state)
{
	struct rjournal j = RJOURNAL_INIT;
	struct hr_error err = HR_ERROR_INIT;
	char *want;

	(void)state;
	/* Missing: an empty journal. */
	assert_int_equal(rjournal_read(&j, P("none"), &err), 0);
	assert_int_equal(j.nstanzas, 0);
	/* A last line cut short by a crash is ignored. */
	put(P("j"),
	    "headroom rotate journal -- version 2\ntime 7\n"
	    "stanza 0 \"p\"\nlog 7 \"/l\"\ndone 0");
	assert_int_equal(rjournal_read(&j, P("j"), &err), 0);
	assert_int_equal(j.nstanzas, 1);
	rjournal_release(&j);
	/* Anything else not understood: reported, and nothing kept. */
	put(P("j"),
	    "headroom rotate journal -- version 2\ntime 7\n"
	    "stanza 0 \"p\"\nstep rename nowhere 0 0 0 0 0 - - - - -\n");
	assert_int_equal(rjournal_read(&j, P("j"), &err), -1);
	assert_int_equal(j.nstanzas, 0);
	want = xasprintf("journal %s: bad line 4; it is ignored", P("j"));
	assert_string_equal(hr_error_text(&err), want);
	free(want);
	put(P("j"), "logrotate state -- version 2\n");
	assert_int_equal(rjournal_read(&j, P("j"), &err), -1);
	/* Version 1 had a copy and a truncate step for a copytruncate. */
	put(P("j"),
	    "headroom rotate journal -- version 1\ntime 7\n"
	    "stanza 0 \"p\"\nlog 7 \"/l\"\n"
	    "step truncate rotate 0 0 0 0 0 - \"/l\" - - -\n");
	assert_int_equal(rjournal_read(&j, P("j"), &err), -1);
	assert_int_equal(j.nstanzas, 0);
	want = xasprintf("journal %s: written by another version of headroom "
	                 "(this one reads \"headroom rotate journal -- "
	                 "version 2\"); it is ignored",
	    P("j"));
	assert_string_equal(hr_error_text(&err), want);
	free(want);
	put(P("j"), "headroom rotate journal -- version 2\nlog 1 \"x\"\n");
	assert_int_equal(rjournal_read(&j, P("j"), &err), -1);
	hr_error_release(&err);
	/* No journal beside /dev/null. */
	assert_null(rjournal_path("/dev/null"));
	want = rjournal_path("/var/lib/logrotate/status");
	assert_string_equal(want, "/var/lib/logrotate/status.journal");
	free(want);
	/* Removing one that is not there is fine. */
	assert_int_equal(rjournal_remove(P("none"), &err), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    t_round_trip, unit_dir_setup, unit_dir_teardown),
		cmocka_unit_test_setup_teardown(
		    t_not_a_journal, unit_dir_setup, unit_dir_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
