/*
 * fmt_prom: the scan in Prometheus' text exposition format (0.0.4), for
 * node_exporter's textfile collector.  Every family has # HELP and
 * # TYPE; values are in base units (bytes, seconds); all are gauges.
 *
 * Cardinality is bounded by the options, never by the tree: directories
 * are each PATH and the --top largest down to -d (with --diff, also the
 * --top that changed most), kinds are six, file systems those met,
 * reclaimable kinds five.  A label value is the name as UTF-8; bytes that
 * are not valid UTF-8, and control characters, are written as the text
 * \xHH (escaped as the format wants: "\\xHH"): quote_prom_label, shared
 * with headroom rotate --metrics.
 */
#include "config.h"

#include <math.h> /* INFINITY, isinf: macros, no libm */
#include <stdlib.h>
#include <string.h>

#include "lib/quote.h"
#include "lib/xalloc.h"
#include "scanner/fmt.h"
#include "scanner/sink.h"

struct series {
	char *label; /* owned, escaped */
	double v;
};

struct family {
	struct series *v;
	size_t n, alloc;
};

static void
family_add(struct family *f, const char *key, const char *value, double v)
{
	struct sbuf sb = SBUF_INIT;

	sbuf_addf(&sb, "%s=\"", key);
	quote_prom_label(&sb, value);
	sbuf_addch(&sb, '"');
	XGROW(f->v, f->n + 1, f->alloc);
	f->v[f->n].label = sbuf_detach(&sb);
	f->v[f->n++].v = v;
}

static int
cmp_series(const void *pa, const void *pb)
{
	return strcmp(((const struct series *)pa)->label,
	    ((const struct series *)pb)->label);
}

static void
put_value(FILE *fp, double v)
{
	if (isinf(v))
		fputs(v > 0 ? "+Inf" : "-Inf", fp);
	else if (v > -1e18 && v < 1e18 && v == (double)(long long)v)
		fprintf(fp, "%.0f", v);
	else
		fprintf(fp, "%.6f", v);
}

static void
head(FILE *fp, const char *name, const char *help)
{
	fprintf(fp, "# HELP %s %s\n# TYPE %s gauge\n", name, help, name);
}

static void
scalar(FILE *fp, const char *name, const char *help, double v)
{
	head(fp, name, help);
	fputs(name, fp);
	fputc(' ', fp);
	put_value(fp, v);
	fputc('\n', fp);
}

/* Writes a labelled family, sorted, one series per label; frees it. */
static void
labelled(FILE *fp, const char *name, const char *help, struct family *f)
{
	size_t i;

	if (f->n > 1)
		qsort(f->v, f->n, sizeof(*f->v), cmp_series);
	head(fp, name, help);
	for (i = 0; i < f->n; i++) {
		if (i == 0 || strcmp(f->v[i].label, f->v[i - 1].label) != 0) {
			fprintf(fp, "%s{%s} ", name, f->v[i].label);
			put_value(fp, f->v[i].v);
			fputc('\n', fp);
		}
	}
	for (i = 0; i < f->n; i++)
		free(f->v[i].label);
	free(f->v);
	memset(f, 0, sizeof(*f));
}

static void
prom_dirs(FILE *fp, const struct report *r)
{
	struct family bytes = { NULL, 0, 0 }, files = { NULL, 0, 0 };
	struct sbuf path = SBUF_INIT;
	size_t i;

	for (i = 0; i < r->nroots + r->ndirs; i++) {
		const struct scan_dir *d =
		    i < r->nroots ? r->roots[i].dir : r->dirs[i - r->nroots];

		if (d == NULL)
			continue;
		sbuf_reset(&path);
		tree_path(d, &path);
		family_add(&bytes, "path", path.buf, (double)d->disk);
		family_add(&files, "path", path.buf, (double)d->files);
	}
	labelled(fp, "headroom_scan_directory_bytes",
	    "Disk usage of a directory and everything below it (each PATH, "
	    "and the --top largest down to -d).",
	    &bytes);
	labelled(fp, "headroom_scan_directory_files",
	    "Files below a directory (the same directories).", &files);
	sbuf_release(&path);
}

static void
prom_kinds(FILE *fp, const struct report *r)
{
	struct family bytes = { NULL, 0, 0 }, files = { NULL, 0, 0 };
	size_t k;

	for (k = 0; k < KIND_COUNT; k++) {
		family_add(&bytes, "kind", kind_key((enum kind)k),
		    (double)r->rank->kinds[k].disk);
		family_add(&files, "kind", kind_key((enum kind)k),
		    (double)r->rank->kinds[k].files);
	}
	labelled(fp, "headroom_scan_kind_bytes",
	    "Disk usage by kind of file (logs, rotated, compressed, "
	    "container, journal, other).",
	    &bytes);
	labelled(
	    fp, "headroom_scan_kind_files", "Files by kind of file.", &files);
}

static void
prom_fs(FILE *fp, const struct report *r)
{
	struct family low = { NULL, 0, 0 };
	size_t i;

	for (i = 0; i < r->nfs; i++)
		family_add(&low, "mount", r->fs[i].mount, r->fs[i].low ? 1 : 0);
	labelled(fp, "headroom_filesystem_below_min_free",
	    "1 when free space or free inodes are below --min-free (10% "
	    "by default).",
	    &low);
}

static void
prom_deleted(FILE *fp, const struct report *r)
{
	uint64_t disk = 0;
	size_t i;

	for (i = 0; i < r->deleted.nfiles; i++)
		disk = scan_add(disk, r->deleted.files[i].disk);
	scalar(fp, "headroom_deleted_open_bytes",
	    "Disk usage of deleted files that processes still hold open.",
	    (double)disk);
	scalar(fp, "headroom_deleted_open_files",
	    "Deleted files that processes still hold open.",
	    (double)r->deleted.nfiles);
}

static void
prom_reclaim(FILE *fp, const struct report *r)
{
	static const enum reclaim_kind kinds[] = { RECLAIM_DELETED,
		RECLAIM_ROTATED, RECLAIM_JOURNAL, RECLAIM_CONTAINER };
	struct family f = { NULL, 0, 0 };
	size_t i, k;

	if (r->reclaim == NULL)
		return;
	for (k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		uint64_t sum = 0;

		for (i = 0; i < r->reclaim->nitems; i++)
			if (r->reclaim->items[i].kind == kinds[k])
				sum = scan_add(sum, r->reclaim->items[i].disk);
		family_add(&f, "kind", reclaim_kind_key(kinds[k]), (double)sum);
	}
	labelled(fp, "headroom_reclaimable_bytes",
	    "Space the Reclaimable section's commands would free, by kind "
	    "(its --top largest items).",
	    &f);
}

static void
prom_diff(FILE *fp, const struct report *r)
{
	const struct diff *d = r->diff;
	struct family g = { NULL, 0, 0 }, gr = { NULL, 0, 0 };
	struct family fr = { NULL, 0, 0 }, full = { NULL, 0, 0 };
	double per = d->seconds > 0 ? d->seconds : -1;
	size_t i;

	scalar(fp, "headroom_scan_snapshot_timestamp_seconds",
	    "When the scan compared with (--diff) started.",
	    (double)d->saved_sec + d->saved_nsec / 1e9);
	for (i = 0; i < d->ndirs; i++) {
		family_add(
		    &g, "path", d->dirs[i].path, (double)d->dirs[i].delta);
		family_add(&gr, "path", d->dirs[i].path,
		    per > 0 ? (double)d->dirs[i].delta / per : 0);
	}
	for (i = 0; i < d->nfs; i++) {
		family_add(&fr, "mount", d->fs[i].mount,
		    per > 0 ? (double)d->fs[i].delta / per : 0);
		family_add(&full, "mount", d->fs[i].mount,
		    d->fs[i].seconds_to_full >= 0 ? d->fs[i].seconds_to_full
		                                  : INFINITY);
	}
	labelled(fp, "headroom_scan_directory_growth_bytes",
	    "Change of a directory's disk usage since the saved scan (the "
	    "--top that changed most, down to -d).",
	    &g);
	labelled(fp, "headroom_scan_directory_growth_bytes_per_second",
	    "The same change per second.", &gr);
	labelled(fp, "headroom_filesystem_growth_bytes_per_second",
	    "Change of a file system's used space per second since the "
	    "saved scan.",
	    &fr);
	labelled(fp, "headroom_filesystem_seconds_to_full",
	    "Seconds until the file system is full at that rate (+Inf when "
	    "it is not filling).",
	    &full);
}

int
fmt_prom(FILE *fp, const struct report *r)
{
	uint64_t errs = 0;
	size_t i;

	for (i = 0; i < r->nroots; i++)
		if (r->roots[i].dir != NULL)
			errs += r->roots[i].dir->errors;
	scalar(fp, "headroom_scan_timestamp_seconds",
	    "When the scan started, seconds since the epoch.", (double)r->now);
	scalar(fp, "headroom_scan_duration_seconds", "How long the scan took.",
	    r->seconds);
	scalar(fp, "headroom_scan_errors",
	    "Entries that could not be read (the sizes are then too small).",
	    (double)(errs > r->nerrs ? errs : r->nerrs));
	prom_dirs(fp, r);
	prom_kinds(fp, r);
	prom_fs(fp, r);
	prom_deleted(fp, r);
	prom_reclaim(fp, r);
	if (r->diff != NULL)
		prom_diff(fp, r);
	return ferror(fp) ? -1 : 0;
}
