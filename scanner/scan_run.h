/*
 * scan_run: the options and the state of one `headroom scan`, shared by
 * scan_main.c (options, walk, report) and scan_growth.c (--since,
 * --save, --diff and the Reclaimable section).
 */
#ifndef HR_SCAN_RUN_H
#define HR_SCAN_RUN_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "scanner/diff.h"
#include "scanner/fmt.h"
#include "scanner/history.h"
#include "scanner/outfile.h"
#include "scanner/recent.h"
#include "scanner/reclaim.h"
#include "scanner/sink_logs.h"
#include "scanner/sink_rank.h"

enum scan_format {
	FORMAT_TEXT,
	FORMAT_JSON,
	FORMAT_DU,
	FORMAT_NCDU,
	FORMAT_PROM,
};

struct scan_opts {
	enum scan_format format;
	unsigned walk_flags;
	unsigned nthreads;
	enum scan_measure measure;
	int units_set;
	struct fmt_units units;
	uint32_t maxdepth;
	size_t top;
	double min_free;
	int min_free_set;
	int deleted;
	int kernfs;   /* walk kernel file systems (/proc, /sys ...) */
	int progress; /* -1: when stderr is a terminal */
	const char *output;
	char **excludes;
	size_t nexcludes, aexcludes;
	char **paths;
	size_t npaths;
	unsigned long long since; /* --since, seconds; 0: not given */
	struct history *hist;     /* --save and --diff */
};

struct scan_run {
	struct scan_opts *o;
	struct sink sinks[4];
	struct rank rank;
	struct walk *w;
	struct walk_root *roots;
	struct report rep;
	size_t adirs;
	uint64_t *devs;
	size_t ndevs;
	uint64_t *kernfs; /* the devices not to enter */
	struct outfile *out;
	char host[256];
	struct timespec start; /* wall clock at the start */
	double t0;             /* monotonic clock at the start */
	struct recent recent;
	struct logs logs;
	struct diff diff;
	struct reclaim reclaim;
};

/* Whether the format reports sums, ranks and the rest (not du, ncdu). */
int scan_full_report(enum scan_format f);

/* Adds the sinks of --since to s->sinks (*n of them so far). */
void growth_sinks(struct scan_run *s, size_t *n);
/* After the walk and /proc: recent, diff and reclaimable in s->rep. */
void growth_report(struct scan_run *s);
/* --save, after the report; returns 0 or -1 with err set. */
int growth_save(struct scan_run *s, struct hr_error *err);
void growth_release(struct scan_run *s);

#endif
