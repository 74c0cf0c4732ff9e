/*
 * fmt_text_growth: the text sections of --since ("Written in the last
 * 6 h") and --diff ("Growth since ..."): what grew, how fast, and when
 * each file system is full at that rate.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/units.h"
#include "scanner/fmt_text_int.h"
#include "scanner/sink.h"

/* Local time as "2026-12-06 10:15:00 +0100" (seconds when secs). */
static void
add_time(struct sbuf *sb, int64_t when, int secs)
{
	time_t t = (time_t)when;
	struct tm tm;
	char buf[64] = "?";

	if (localtime_r(&t, &tm) != NULL)
		strftime(buf, sizeof(buf),
		    secs ? "%Y-%m-%d %H:%M:%S %z" : "%Y-%m-%d %H:%M", &tm);
	sbuf_adds(sb, buf);
}

static void
recent_files(struct text *t, const struct recent *rc)
{
	const struct report *r = t->r;
	struct sbuf path = SBUF_INIT;
	int w = 1;
	size_t i;

	if (rc->files.nfiles == 0)
		return;
	for (i = 0; i < rc->files.nfiles; i++)
		text_widen(r, &w, rc->files.files[i].bytes);
	fputs("  the largest files written since:\n", t->fp);
	for (i = 0; i < rc->files.nfiles; i++) {
		const struct rank_file *f = &rc->files.files[i];

		sbuf_reset(&path);
		rank_file_path(f, &path);
		sbuf_adds(&t->line, "  ");
		text_add_size(t, f->bytes, w);
		sbuf_adds(&t->line, "  ");
		add_time(&t->line, f->mtime, 0);
		sbuf_adds(&t->line, "  ");
		text_add_name(t, path.buf);
		text_put_line(t);
	}
	sbuf_release(&path);
}

void
text_recent(struct text *t)
{
	const struct report *r = t->r;
	const struct recent *rc = r->recent;
	struct sbuf path = SBUF_INIT;
	char span[UNITS_DURATION_MAX];
	int w = 1, nw = 1;
	size_t i;

	if (rc == NULL)
		return;
	for (i = 0; i < rc->ndirs; i++) {
		char num[32];

		text_widen(
		    r, &w, text_measure(r, rc->dirs[i].disk, rc->dirs[i].size));
		snprintf(num, sizeof(num), "%llu",
		    (unsigned long long)rc->dirs[i].files);
		if ((int)strlen(num) > nw)
			nw = (int)strlen(num);
	}
	units_format_duration((double)rc->window, span);
	sbuf_addf(&t->line, "\nWritten in the last %s (since ", span);
	add_time(&t->line, rc->cutoff, 1);
	sbuf_adds(&t->line, "): ");
	text_add_size(t, text_measure(r, rc->disk, rc->size), 0);
	sbuf_addf(&t->line, " in %llu %s", (unsigned long long)rc->files_total,
	    text_plural(rc->files_total, "file", "files"));
	text_put_line(t);
	for (i = 0; i < rc->ndirs; i++) {
		const struct recent_dir *d = &rc->dirs[i];

		sbuf_reset(&path);
		tree_path(d->dir, &path);
		sbuf_adds(&t->line, "  ");
		text_add_size(t, text_measure(r, d->disk, d->size), w);
		sbuf_addf(&t->line, "  %*llu %-5s  ", nw,
		    (unsigned long long)d->files,
		    text_plural(d->files, "file", "files"));
		text_add_name(t, path.buf);
		text_put_line(t);
	}
	recent_files(t, rc);
	sbuf_release(&path);
}

/* "+1.5M" or "-12K" in the report's units, right-aligned in width. */
static void
add_signed(struct text *t, int64_t v, int width)
{
	char buf[UNITS_HUMAN_MAX + 1];
	uint64_t a = v < 0 ? (uint64_t)-v : (uint64_t)v;

	buf[0] = v < 0 ? '-' : '+';
	fmt_size(a, &t->r->units, buf + 1);
	sbuf_addf(&t->line, "%*s", width, buf);
}

static int
signed_width(const struct report *r, int64_t v)
{
	int w = 0;

	text_widen(r, &w, v < 0 ? (uint64_t)-v : (uint64_t)v);
	return w + 1;
}

/* "+82M/h", or "n/a" when no time passed, in width. */
static void
add_rate(struct text *t, const struct diff *d, int64_t delta, int width)
{
	char buf[UNITS_HUMAN_MAX + 8], num[UNITS_HUMAN_MAX];
	double h = diff_per_hour(d, delta);
	uint64_t a = (uint64_t)(h < 0 ? -h : h);

	if (d->seconds <= 0)
		snprintf(buf, sizeof(buf), "n/a");
	else
		snprintf(buf, sizeof(buf), "%c%s/h", h < 0 ? '-' : '+',
		    fmt_size(a, &t->r->units, num));
	sbuf_addf(&t->line, "%*s", width, buf);
}

static void
diff_header(struct text *t, const struct diff *d)
{
	char ago[UNITS_DURATION_MAX];

	units_format_duration(d->seconds, ago);
	sbuf_adds(&t->line, "\nGrowth since ");
	add_time(&t->line, d->saved_sec, 1);
	sbuf_addf(&t->line, " (%s ago, ", ago);
	text_add_name(t, t->r->diff_file);
	sbuf_adds(&t->line, ")");
	text_put_line(t);
}

static void
diff_dirs(struct text *t, const struct diff *d)
{
	int w = 2, sw = 2;
	size_t i;

	for (i = 0; i < d->ndirs; i++) {
		int n = signed_width(t->r, d->dirs[i].delta);

		w = n > w ? n : w;
		text_widen(t->r, &sw, d->dirs[i].after);
		text_widen(t->r, &sw, d->dirs[i].before);
	}
	if (d->ndirs == 0)
		fputs("  (no directory changed)\n", t->fp);
	for (i = 0; i < d->ndirs; i++) {
		const struct diff_dir *x = &d->dirs[i];

		sbuf_adds(&t->line, "  ");
		add_signed(t, x->delta, w);
		sbuf_adds(&t->line, " ");
		add_rate(t, d, x->delta, w + 2);
		sbuf_adds(&t->line, "  ");
		text_add_size(t, x->before, sw);
		sbuf_adds(&t->line, " -> ");
		text_add_size(t, x->after, sw);
		sbuf_adds(&t->line, "  ");
		text_add_name(t, x->path);
		if (x->added)
			sbuf_adds(&t->line, "  (new)");
		text_put_line(t);
	}
}

static void
diff_list(struct text *t, const char *title, const struct diff_dir *v, size_t n,
    enum diff_side side)
{
	int w = 2;
	size_t i;

	if (n == 0)
		return;
	fprintf(t->fp, "%s\n", title);
	for (i = 0; i < n; i++)
		text_widen(
		    t->r, &w, side == DIFF_AFTER ? v[i].after : v[i].before);
	for (i = 0; i < n; i++) {
		sbuf_adds(&t->line, "  ");
		add_signed(t,
		    side == DIFF_AFTER ? (int64_t)v[i].after
		                       : -(int64_t)v[i].before,
		    w + 1);
		sbuf_adds(&t->line, "  ");
		text_add_name(t, v[i].path);
		text_put_line(t);
	}
}

static void
diff_fs(struct text *t, const struct diff *d)
{
	char when[UNITS_DURATION_MAX];
	int w = 2;
	size_t i;

	if (d->nfs == 0)
		return;
	fputs("  file systems:\n", t->fp);
	for (i = 0; i < d->nfs; i++) {
		int n = signed_width(t->r, d->fs[i].delta);

		w = n > w ? n : w;
	}
	for (i = 0; i < d->nfs; i++) {
		const struct diff_fs *f = &d->fs[i];

		sbuf_adds(&t->line, "  ");
		add_signed(t, f->delta, w);
		sbuf_adds(&t->line, " ");
		add_rate(t, d, f->delta, w + 2);
		if (f->seconds_to_full >= 0)
			sbuf_addf(&t->line, "  full in %-12s  ",
			    units_format_duration(f->seconds_to_full, when));
		else
			sbuf_addf(&t->line, "  %-20s  ", "not filling");
		text_add_name(t, f->mount);
		text_put_line(t);
	}
}

void
text_diff(struct text *t)
{
	const struct diff *d = t->r->diff;

	if (d == NULL)
		return;
	diff_header(t, d);
	diff_dirs(t, d);
	diff_fs(t, d);
	diff_list(t, "  new directories:", d->added, d->nadded, DIFF_AFTER);
	diff_list(t, "  vanished directories:", d->vanished, d->nvanished,
	    DIFF_BEFORE);
}
