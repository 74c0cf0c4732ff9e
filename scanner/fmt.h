/*
 * fmt: the report writers.  Each takes the finished scan (struct report)
 * and writes one format to a stream; they return 0, or -1 when the
 * stream has an error (the caller reports it).
 */
#ifndef HR_FMT_H
#define HR_FMT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "lib/sbuf.h"
#include "scanner/deleted.h"
#include "scanner/diff.h"
#include "scanner/fsinfo.h"
#include "scanner/recent.h"
#include "scanner/reclaim.h"
#include "scanner/sink_rank.h"
#include "scanner/walk.h"

/* How sizes are printed: du's -B, -h and --si. */
struct fmt_units {
	int human;                /* 0: blocks; 1: -h; 2: --si */
	unsigned long long block; /* -B, in bytes (0 means the default) */
	char suffix[16];          /* du's suffix for the -B argument */
};

struct report {
	struct walk_root *roots;
	size_t nroots;
	struct rank *rank;      /* top files and kinds */
	struct scan_dir **dirs; /* the largest directories, largest first */
	size_t ndirs;
	struct fsinfo *fs;
	size_t nfs;
	struct deleted_report deleted;
	int deleted_checked; /* 0 with --no-deleted */
	const struct walk_error *errs;
	size_t nerrs;
	const struct walk_skip *skips; /* mount points not entered */
	size_t nskips;
	enum scan_measure measure; /* --apparent-size: MEASURE_SIZE */
	uint32_t maxdepth;
	double min_free; /* percent */
	int min_free_set;
	unsigned nthreads;
	const char *walker; /* "getdents" or "fts" */
	struct fmt_units units;
	const char *host; /* this machine's name */
	size_t width;     /* a terminal's columns to fit the text to, or 0 */
	int64_t now;      /* when the scan started, seconds since the epoch */
	double seconds;   /* how long it took, walks and /proc */
	const struct recent *recent;   /* --since, or NULL */
	const struct diff *diff;       /* --diff, or NULL */
	const char *diff_file;         /* the snapshot compared with */
	const struct reclaim *reclaim; /* what can be freed, or NULL */
};

/* Formats bytes with units into buf (UNITS_HUMAN_MAX bytes); returns buf. */
char *fmt_size(uint64_t bytes, const struct fmt_units *u, char *buf);

/*
 * An error as du words it ("cannot read directory '/x': Permission
 * denied"), the path quoted as du quotes it, appended to sb.
 */
void fmt_error_text(struct sbuf *sb, const struct walk_error *e);

/* The text report (the default). */
int fmt_text(FILE *fp, const struct report *r);
/* One JSON document with every section (schema in headroom-scan(1)). */
int fmt_json(FILE *fp, const struct report *r);
/* Exactly the lines `du -B1 -d maxdepth` prints, in du's order. */
int fmt_du(FILE *fp, const struct report *r);
/* Prometheus' text exposition format, for node_exporter's textfile. */
int fmt_prom(FILE *fp, const struct report *r);

/*
 * Appends s (n bytes) to sb as a JSON string with quotes.  Valid UTF-8
 * is copied; '"', '\\' and control characters are escaped; each byte
 * that is not part of valid UTF-8 becomes \udcXX (XX its value, the
 * "surrogateescape" convention), so the result is always valid JSON and
 * the raw bytes can be recovered.
 */
void fmt_json_string(struct sbuf *sb, const char *s, size_t n);

/*
 * ncdu export (fmt_ncdu.c).  ncdu_ops is a sink that serializes each
 * directory's entries into that directory's record as it is read; after
 * the walk, fmt_ncdu writes the document (ncdu JSON 1.2) for one root.
 */
extern const struct sink_ops ncdu_ops;
int fmt_ncdu(FILE *fp, const struct walk_root *root, int64_t timestamp);
/* Frees what ncdu_ops attached to the directories of root. */
void fmt_ncdu_release(struct walk_root *root);
/* Appends s as ncdu writes strings: bytes >= 0x80 raw. */
void fmt_ncdu_string(struct sbuf *sb, const char *s, size_t n);

#endif
