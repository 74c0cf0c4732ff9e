/*
 * rotate_int.h: what rotate_main.c (the command line and the stages of a
 * run) shares with rotate_report.c (what -d and -v print of a plan).
 */
#ifndef HR_ROTATE_INT_H
#define HR_ROTATE_INT_H

#include <stddef.h>
#include <time.h>

#include "rotate/journal.h"
#include "rotate/plan.h"

/* The command line, as logrotate understands it. */
struct rotate_opts {
	const char *prog; /* "logrotate" or "headroom rotate", in errors */
	int debug, force, verbose;
	int skip_lock, wait_lock;
	int jobs;             /* -j N: worker count for compression */
	const char *state;    /* -s */
	const char *logfile;  /* -l */
	const char *mailcmd;  /* -m */
	const char **configs; /* config paths, in order */
	size_t nconfigs;
};

/* What step 4 reports of a plan, one stanza at a time. */
struct plan_report {
	const struct rotate_opts *o;
	const struct rplan *plan;
	struct tm now;
	struct rjournal *journal; /* marks steps done; may be NULL */
};

/*
 * The rexec_opts watchers (exec.h), ctx a struct plan_report: what -d and
 * -v print for stanza i (under -d, before nothing runs, with all its
 * steps; otherwise just before it runs), the end of stanza i (under su,
 * the switch back), a step as it comes to run, and a step done (the
 * journal marks it).
 */
void report_plan_stanza(void *ctx, size_t i);
void report_stanza_end(void *ctx, size_t i);
void report_run_step(void *ctx, size_t i, const struct rplan_step *s);
void report_step_done(void *ctx, size_t i, size_t k);

#endif
