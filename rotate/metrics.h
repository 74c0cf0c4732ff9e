/*
 * metrics: a run of headroom rotate in Prometheus' text exposition format
 * (version 0.0.4), for the textfile collector of Prometheus' node exporter
 * (--metrics).
 *
 *	struct rmetrics m = RMETRICS_INIT;
 *	m.start = time(NULL);
 *	... run; rmetrics_collect(&m, &plan, &state) after the state write;
 *	m.errors = ...; m.exit_status = ...; m.duration = ...;
 *	if (rmetrics_write(&m, "/var/lib/prometheus/node-exporter/x.prom",
 *	        &err) < 0)
 *		... report err, exit status 1 ...;
 *	rmetrics_release(&m);
 *
 * The series, all gauges in base units (seconds, bytes):
 *	headroom_rotate_run_timestamp_seconds		start of the run
 *	headroom_rotate_run_duration_seconds
 *	headroom_rotate_run_exit_status
 *	headroom_rotate_run_errors			error messages printed
 *	headroom_rotate_run_rotated_logs
 *	headroom_rotate_run_compress_read_bytes		sources compressed
 *	headroom_rotate_run_compress_written_bytes	their compressed files
 *	headroom_rotate_run_minfree_rotated_logs	due for minfree
 *	headroom_rotate_run_minfree_removed_files	old generations removed
 * and one series per log of the plan (the files the configuration's
 * patterns matched this run: the cardinality is the number of logs),
 * labelled log="PATH":
 *	headroom_rotate_log_last_rotated_timestamp_seconds  (state file)
 *	headroom_rotate_log_bytes			(active log, if any)
 *	headroom_rotate_log_last_failure_timestamp_seconds  (0: never)
 *	headroom_rotate_log_maxsize_bytes		(when maxsize is set)
 *	headroom_rotate_log_period_seconds		(hourly ... yearly)
 * A log's last failure is carried over from the file being replaced, so
 * it survives later runs until the log fails again.
 */
#ifndef HR_METRICS_H
#define HR_METRICS_H

#include <time.h>

#include "lib/diag.h"
#include "lib/sbuf.h"
#include "rotate/plan.h"
#include "rotate/state.h"

struct rmetrics_log {
	char *path;                 /* owned */
	time_t last_rotated;        /* 0: no state entry */
	int has_bytes;              /* the active log exists */
	unsigned long long bytes;   /* its size */
	time_t last_failure;        /* 0: never failed */
	unsigned long long maxsize; /* 0: no maxsize */
	long period;                /* seconds; 0: no time criterion */
};

struct rmetrics {
	time_t start;
	double duration; /* seconds */
	int exit_status;
	unsigned long errors;
	unsigned long rotated;
	unsigned long long comp_read, comp_written;
	unsigned long minfree_logs;    /* rotated short of minfree */
	unsigned long minfree_removed; /* old generations removed for it */
	struct rmetrics_log *logs;
	size_t nlogs, alloc;
};

#define RMETRICS_INIT                                                          \
	{                                                                      \
		0, 0, 0, 0, 0, 0, 0, 0, 0, NULL, 0, 0                          \
	}

/*
 * Adds one record per log of plan: its state entry's date (st after the
 * run's updates), its size now, its maxsize and period, and m->start as
 * its failure time when it failed this run (a planning error, a taken
 * dateext destination, or due but its state entry not advanced).
 * Counts the logs whose entry was advanced this run in m->rotated, and
 * those rotated while short of minfree in m->minfree_logs.
 */
void rmetrics_collect(
    struct rmetrics *m, const struct rplan *plan, struct rstate *st);

/*
 * Takes each log's last failure from text (an earlier file of ours)
 * for the logs that did not fail this run.  Lines it does not know are
 * ignored.
 */
void rmetrics_carry(struct rmetrics *m, const char *text);

/* Appends the exposition of m to out. */
void rmetrics_format(const struct rmetrics *m, struct sbuf *out);

/*
 * Carries the failures over from path's current content (when it is a
 * regular file), then replaces path atomically with the exposition
 * (fsutil_replace: a temporary file beside it, fsync, rename; mode 0644
 * for a new file, nothing left beside it on failure).  Returns 0, or -1
 * with err set.
 */
int rmetrics_write(struct rmetrics *m, const char *path, struct hr_error *err);

/*
 * The run in one line for people: "rotated 2 logs, compressed 10.0M to
 * 1.1M, 0.42 seconds, 1 error" (and "removed 3 old logs for minfree"
 * after the compression when it did).
 */
void rmetrics_summary(const struct rmetrics *m, struct sbuf *out);

void rmetrics_release(struct rmetrics *m);

#endif
