/*
 * exec: carries out a struct rplan.  exec.c is the engine (order, error
 * rules, ids, jobs); exec_steps.c holds the only code that changes logs
 * (scripts, rename, create, copy, truncate, removal), with the
 * compression backends (compress*.c) it calls; exec_mail.c mails a log
 * (it only reads it), and exec_say.c words what they report.  Besides
 * logs, rotate_main.c creates olddirs and the -l log file, state.c
 * writes the state file, journal.c the journal and metrics.c the
 * --metrics file.
 *
 *	struct rexec_opts o = REXEC_OPTS_INIT;
 *	o.state = &st;
 *	o.rep.fn = report;	(rotate_main.c: prints what exec reports)
 *	if (rexec_run(&plan, &o) < 0)
 *		exit status 1;
 *	rstate_write(&st, ...);
 *
 * Stanzas run in array order, and within a stanza the steps run exactly
 * in the plan's order (plan.h: the plan puts a prerotate before the
 * shifts, and the steps that need a background compression after a
 * WAIT), with logrotate 3.21's error rules (reference 6):
 *  - a failing firstaction stops the stanza, lastaction included;
 *  - without sharedscripts an error in a log's steps skips that log's
 *    later steps;
 *  - with sharedscripts an error before the compression phase (a shared
 *    script, a rename, a shift) stops the stanza's remaining steps;
 *  - lastaction still runs after such errors; its own failure is only
 *    reported;
 *  - a removal chained to a compression (RSTEP_CHAINED) runs only when
 *    that compression succeeded: a source is never removed without its
 *    compressed copy in place.
 * Because the prerotate comes first (logrotate 3.22's fix), a failing
 * prerotate leaves no hole in the numbering.
 *
 * A compression marked RSTEP_BACKGROUND runs on a lib/pool worker while
 * the following steps run, with the removal chained to it in the same
 * job; RSTEP_WAIT waits for every such job and reports its result (by
 * the stage the job reached, enum job_stage).  Nothing is added, merged,
 * deferred or reordered here, so -d, which prints the plan, prints what
 * runs.
 *
 * A log's state entry is advanced only when every one of its steps
 * succeeded (logrotate 3.21 advances it before trying); a log whose
 * interrupted rotation the plan completes (RPHASE_REPAIR steps, first in
 * their stanza, under the same rules) gets that rotation's time.
 *
 * Renames never replace a file (RENAME_NOREPLACE): the target of a log's
 * own rename, or a compression's, that exists is moved aside to a
 * ".backup" name (a compression's target holding the same data as its
 * source just makes the source redundant); copies are written to a
 * temporary file and renamed into place.
 */
#ifndef HR_EXEC_H
#define HR_EXEC_H

#include "lib/diag.h"
#include "rotate/plan.h"
#include "rotate/state.h"

/* Told that stanza i of the plan, or its step s, is about to run. */
typedef void rexec_stanza_fn(void *ctx, size_t i);
typedef void rexec_step_fn(void *ctx, size_t i, const struct rplan_step *s);

struct rexec_opts {
	const char *mailcmd;  /* -m; NULL means "/usr/bin/mail" */
	unsigned jobs;        /* compression workers; 0 = CPUs online */
	struct rstate *state; /* advanced for rotated logs; may be NULL */
	/* Every message (logrotate's wording, no "error: " prefix). */
	struct hr_reporter rep;
	/*
	 * May be NULL: -v prints each stanza and each step here, as it
	 * comes to run (in the plan's order; steps the error rules skip
	 * are not told), and the end of each stanza.
	 */
	rexec_stanza_fn *stanza_start;
	rexec_step_fn *step_start;
	rexec_stanza_fn *stanza_end;
	void *watch_ctx;
	/*
	 * May be NULL: told (with watch_ctx) that step k of stanza i, by its
	 * index in the plan, succeeded; the journal marks it done.
	 */
	void (*step_done)(void *ctx, size_t i, size_t k);
	/* May be NULL: the bytes compressions read and wrote are added. */
	struct rexec_totals *totals;
};

/*
 * What the compressions of a run read and wrote, and the old generations
 * minfree removed (--metrics, -v).
 */
struct rexec_totals {
	unsigned long long comp_read, comp_written;
	unsigned long minfree_removed;
};

#define REXEC_OPTS_INIT                                                        \
	{                                                                      \
		NULL, 0, NULL, { NULL, NULL }, NULL, NULL, NULL, NULL, NULL,   \
		    NULL                                                       \
	}

/*
 * Executes every stanza of plan.  plan (and the rconf it borrows from)
 * must stay unchanged during the call.  Must be called from the only
 * thread of the process that changes ids or signal dispositions: `su`
 * stanzas switch the effective ids, and SIGPIPE is ignored during the
 * call.  Returns 0, or -1 when some step failed (each failure was
 * reported through o->rep).
 */
int rexec_run(const struct rplan *plan, const struct rexec_opts *o);

#endif
