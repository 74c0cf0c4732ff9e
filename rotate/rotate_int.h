/*
 * rotate_int.h: what rotate_main.c (the stages of a run) shares with
 * rotate_args.c (the command line) and rotate_report.c (what -d and -v
 * print of a plan, and the end of a run).
 */
#ifndef HR_ROTATE_INT_H
#define HR_ROTATE_INT_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "rotate/exec.h"
#include "rotate/journal.h"
#include "rotate/plan.h"

/* The command line, as logrotate understands it. */
struct rotate_opts {
	const char *prog; /* "logrotate" or "headroom rotate", in errors */
	int debug, force, verbose;
	int skip_lock, wait_lock;
	long wait_secs;       /* --wait-for-state-lock=N; -1: for ever */
	const char *metrics;  /* --metrics FILE */
	int urgent_only;      /* --urgent-only: size, maxsize, minfree */
	int jobs;             /* -j N: worker count for compression */
	const char *state;    /* -s */
	const char *logfile;  /* -l */
	const char *mailcmd;  /* -m */
	const char **configs; /* config paths, in order */
	size_t nconfigs;
};

/* What step 1 found: go on (ACT_RUN), or what to do instead. */
enum { ACT_RUN, ACT_HELP, ACT_USAGE, ACT_VERSION, ACT_BAD };

/*
 * Step 1 (rotate_args.c): options and config paths of argv into o (its
 * defaults set by the caller).  Returns ACT_RUN, or another ACT_* where
 * parsing stopped; on ACT_BAD, *bad is the offending argument.
 * o->configs is allocated (the caller frees it) even when parsing stops.
 */
int parse_args(struct rotate_opts *o, int argc, char **argv, const char **bad);

/* What step 4 reports of a plan, one stanza at a time. */
struct plan_report {
	const struct rotate_opts *o;
	const struct rplan *plan;
	struct tm now;
	struct rjournal *journal; /* marks steps done; may be NULL */
	struct rexec_totals totals;
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

struct rmetrics;
/*
 * The end of a run that got past its command line (t0: its start, from
 * hr_mono_ns): m's duration, exit status and errors, then (not under -d)
 * the one-line summary (-v, or when stderr is the journal) and the
 * --metrics file.  Called before the state lock is released.  Returns
 * the exit status: rc, or 1 when the metrics could not be written
 * (reported).
 */
int finish_run(
    const struct rotate_opts *o, struct rmetrics *m, int rc, uint64_t t0);

#endif
