/*
 * fmt_text: the report people read, and paste into an incident channel.
 * A header (host, time, each PATH, what was skipped, the first errors),
 * then five tables: the file systems, the largest directories with bars,
 * the largest files, space by kind, deleted files still open.  Sizes use
 * the -h, --si, -B or -b units everywhere, each table's columns as wide
 * as its widest value.  Names with unprintable bytes are quoted as du
 * quotes them (lib/quote.h), so a hostile name can neither rewrite the
 * terminal nor forge a line.
 */
#include "config.h"

#include <string.h>
#include <time.h>

#include "lib/quote.h"
#include "lib/units.h"
#include "scanner/fmt.h"
#include "scanner/sink_tree.h"

#define BAR_WIDTH 20
#define SKIPS_SHOWN 5
#define ERRORS_SHOWN 5
#define HOLDERS_SHOWN 3

/* The writer's state: the stream, the report, a line being built. */
struct text {
	FILE *fp;
	const struct report *r;
	struct sbuf line;
};

static uint64_t
measure(const struct report *r, uint64_t disk, uint64_t size)
{
	return r->apparent ? size : disk;
}

static const char *
plural(uint64_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

/* Appends a name to the line, quoted when it has unprintable bytes. */
static void
add_name(struct text *t, const char *s)
{
	quote_add(&t->line, s, strlen(s), QUOTE_IF_NEEDED);
}

/* Appends a size in the report's units, right-aligned in width. */
static void
add_size(struct text *t, uint64_t bytes, int width)
{
	char buf[UNITS_HUMAN_MAX];

	sbuf_addf(&t->line, "%*s", width, fmt_size(bytes, &t->r->units, buf));
}

/* Widens *w to fit bytes in the report's units. */
static void
widen(const struct report *r, int *w, uint64_t bytes)
{
	char buf[UNITS_HUMAN_MAX];
	int n = (int)strlen(fmt_size(bytes, &r->units, buf));

	if (n > *w)
		*w = n;
}

/* Writes the line and a newline, and empties it. */
static void
put_line(struct text *t)
{
	sbuf_addch(&t->line, '\n');
	fwrite(t->line.buf, 1, t->line.len, t->fp);
	sbuf_reset(&t->line);
}

void
fmt_error_text(struct sbuf *sb, const struct walk_error *e)
{
	if (e->kind == WALK_ERR_DANGLING) {
		sbuf_adds(sb, "cannot access ");
		quote_add(sb, e->path, strlen(e->path), QUOTE_ALWAYS);
		return;
	}
	sbuf_adds(sb,
	    e->kind == WALK_ERR_READDIR ? "cannot read directory "
	                                : "cannot access ");
	quote_add(sb, e->path, strlen(e->path), QUOTE_ALWAYS);
	sbuf_addf(sb, ": %s", strerror(e->code));
}

static void
text_header(struct text *t)
{
	const struct report *r = t->r;
	char when[64];
	struct tm tm;
	time_t now = (time_t)r->now;

	when[0] = '\0';
	if (localtime_r(&now, &tm) != NULL)
		strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S %z", &tm);
	sbuf_adds(&t->line, "headroom scan on ");
	add_name(t, r->host);
	sbuf_addf(&t->line, ", %s", when);
	put_line(t);
}

static void
text_roots(struct text *t)
{
	const struct report *r = t->r;
	size_t i;

	for (i = 0; i < r->nroots; i++) {
		const struct walk_root *root = &r->roots[i];
		const struct scan_dir *d = root->dir;
		uint64_t files = d ? d->files : 1, dirs = d ? d->dirs : 0;
		uint64_t errs = d ? d->errors : 0;
		double eps =
		    root->seconds > 0 ? root->entries / root->seconds : 0;

		sbuf_adds(&t->line, "scan ");
		add_name(t, root->path);
		if (root->skipped) {
			sbuf_adds(&t->line,
			    ": skipped (excluded, already "
			    "counted or not readable)");
			put_line(t);
			continue;
		}
		sbuf_adds(&t->line, ": ");
		add_size(t,
		    d ? measure(r, d->disk, d->size)
		      : measure(r, root->disk, root->size),
		    0);
		sbuf_addf(&t->line,
		    " in %llu %s, %llu %s, %llu %s; %.2f s, %.0f entries/s",
		    (unsigned long long)files, plural(files, "file", "files"),
		    (unsigned long long)dirs,
		    plural(dirs, "directory", "directories"),
		    (unsigned long long)errs, plural(errs, "error", "errors"),
		    root->seconds, eps);
		put_line(t);
		if (root->symlink && !root->followed && root->real != NULL) {
			sbuf_adds(&t->line, "  a symbolic link to ");
			add_name(t, root->real);
			sbuf_addf(&t->line, "%s, not followed: -H follows it",
			    root->target_dir ? " (a directory)" : "");
			put_line(t);
		}
	}
}

/* "skipped 3 kernel file systems (...): /proc, /sys, +1 more" */
static void
text_skips(struct text *t, enum walk_skip_reason why)
{
	const struct report *r = t->r;
	size_t i, n = 0;

	for (i = 0; i < r->nskips; i++)
		n += r->skips[i].reason == why;
	if (n == 0)
		return;
	sbuf_addf(&t->line, "skipped %zu %s %s (%s): ", n,
	    why == WALK_SKIP_KERNFS ? "kernel" : "other",
	    plural(n, "file system", "file systems"),
	    why == WALK_SKIP_KERNFS ? "--include-kernfs walks them" : "-x");
	for (i = n = 0; i < r->nskips; i++) {
		if (r->skips[i].reason != why)
			continue;
		if (n++ == SKIPS_SHOWN) {
			sbuf_adds(&t->line, ", +more");
			break;
		}
		if (n > 1)
			sbuf_adds(&t->line, ", ");
		add_name(t, r->skips[i].path);
	}
	put_line(t);
}

/* The count and the first few errors: stderr may be lost in a paste. */
static void
text_errors(struct text *t)
{
	const struct report *r = t->r;
	size_t i;

	if (r->nerrs == 0)
		return;
	sbuf_addf(
	    &t->line, "%zu %s", r->nerrs, plural(r->nerrs, "error", "errors"));
	if (r->nerrs > ERRORS_SHOWN)
		sbuf_addf(&t->line, ", the first %d", ERRORS_SHOWN);
	sbuf_adds(&t->line, " (all on standard error):");
	put_line(t);
	for (i = 0; i < r->nerrs && i < ERRORS_SHOWN; i++) {
		sbuf_adds(&t->line, "  ");
		fmt_error_text(&t->line, &r->errs[i]);
		put_line(t);
	}
}

static void
low_marker(struct text *t, unsigned low)
{
	static const char *const what[] = { "", "", " inodes",
		" space and inodes" };

	if (low != 0)
		sbuf_addf(&t->line, "  << LOW: below %g%% free%s",
		    t->r->min_free, what[low & 3]);
}

static void
text_fs(struct text *t)
{
	const struct report *r = t->r;
	int w = 4, tw = 4;
	size_t i;

	for (i = 0; i < r->nfs; i++) {
		widen(r, &w, r->fs[i].size);
		if ((int)strlen(r->fs[i].type) > tw)
			tw = (int)strlen(r->fs[i].type);
	}
	fprintf(t->fp, "\nFile systems (minimum free %g%%)\n", r->min_free);
	sbuf_addf(&t->line, "  %*s %*s %*s %6s %6s  %-*s  mounted on", w,
	    "size", w, "used", w, "free", "free%", "ifree%", tw, "type");
	put_line(t);
	for (i = 0; i < r->nfs; i++) {
		const struct fsinfo *f = &r->fs[i];

		sbuf_adds(&t->line, "  ");
		add_size(t, f->size, w);
		sbuf_addch(&t->line, ' ');
		add_size(t, f->used, w);
		sbuf_addch(&t->line, ' ');
		add_size(t, f->avail, w);
		sbuf_addf(&t->line, " %5.1f%% ", f->free_pct);
		if (f->inodes > 0)
			sbuf_addf(&t->line, "%5.1f%%", f->inodes_free_pct);
		else
			sbuf_addf(&t->line, "%6s", "-");
		sbuf_addf(&t->line, "  %-*s  ", tw, f->type);
		add_name(t, f->mount);
		low_marker(t, f->low);
		if (f->readonly)
			sbuf_adds(&t->line,
			    "  (read-only: cannot fill up, never low)");
		put_line(t);
	}
}

static const struct scan_dir *
root_of(const struct scan_dir *d)
{
	while (d->parent != NULL)
		d = d->parent;
	return d;
}

static void
add_bar(struct text *t, double frac)
{
	int n = (int)(frac * BAR_WIDTH + 0.5), i;

	sbuf_addch(&t->line, '[');
	for (i = 0; i < BAR_WIDTH; i++)
		sbuf_addch(&t->line, i < n ? '#' : ' ');
	sbuf_addch(&t->line, ']');
}

static void
text_dirs(struct text *t)
{
	const struct report *r = t->r;
	struct sbuf path = SBUF_INIT;
	int w = 1;
	size_t i;

	for (i = 0; i < r->ndirs; i++)
		widen(r, &w, measure(r, r->dirs[i]->disk, r->dirs[i]->size));
	if (r->maxdepth > 1)
		fprintf(
		    t->fp, "\nLargest directories (depth 1-%u)\n", r->maxdepth);
	else
		fprintf(
		    t->fp, "\nLargest directories (depth %u)\n", r->maxdepth);
	if (r->ndirs == 0)
		fputs("  (none)\n", t->fp);
	for (i = 0; i < r->ndirs; i++) {
		const struct scan_dir *d = r->dirs[i];
		const struct scan_dir *top = root_of(d);
		uint64_t total = measure(r, top->disk, top->size);
		uint64_t v = measure(r, d->disk, d->size);
		double frac = total ? (double)v / (double)total : 0;

		sbuf_reset(&path);
		tree_path(d, &path);
		sbuf_adds(&t->line, "  ");
		add_size(t, v, w);
		sbuf_addf(&t->line, " %5.1f%% ", 100 * frac);
		add_bar(t, frac);
		sbuf_addch(&t->line, ' ');
		add_name(t, path.buf);
		if (d->flags & SCAN_DIR_SUBERR)
			sbuf_adds(&t->line, "  (incomplete: read errors)");
		put_line(t);
	}
	sbuf_release(&path);
}

static void
text_files(struct text *t)
{
	const struct report *r = t->r;
	struct sbuf path = SBUF_INIT;
	int w = 1;
	size_t i;

	for (i = 0; i < r->rank->nfiles; i++)
		widen(r, &w, r->rank->files[i].bytes);
	fputs("\nLargest files\n", t->fp);
	if (r->rank->nfiles == 0)
		fputs("  (none)\n", t->fp);
	for (i = 0; i < r->rank->nfiles; i++) {
		const struct rank_file *f = &r->rank->files[i];

		sbuf_reset(&path);
		rank_file_path(f, &path);
		sbuf_adds(&t->line, "  ");
		add_size(t, f->bytes, w);
		sbuf_adds(&t->line, "  ");
		add_name(t, path.buf);
		put_line(t);
	}
	sbuf_release(&path);
}

static void
text_kinds(struct text *t)
{
	const struct report *r = t->r;
	int w = 1, nw = 1;
	char num[32];
	size_t k;

	for (k = 0; k < KIND_COUNT; k++) {
		const struct rank_kind *rk = &r->rank->kinds[k];

		widen(r, &w, measure(r, rk->disk, rk->size));
		snprintf(
		    num, sizeof(num), "%llu", (unsigned long long)rk->files);
		if ((int)strlen(num) > nw)
			nw = (int)strlen(num);
	}
	fputs("\nSpace by kind\n", t->fp);
	for (k = 0; k < KIND_COUNT; k++) {
		const struct rank_kind *rk = &r->rank->kinds[k];

		sbuf_addf(&t->line, "  %-24s ", kind_label((enum kind)k));
		add_size(t, measure(r, rk->disk, rk->size), w);
		sbuf_addf(&t->line, "  %*llu %s", nw,
		    (unsigned long long)rk->files,
		    plural(rk->files, "file", "files"));
		put_line(t);
	}
}

/* "held by pid 100 (nginx) fd 5, pid 101 (nginx) mmap, +2 more" */
static void
add_holders(struct text *t, const struct deleted_file *d)
{
	size_t i;

	sbuf_adds(&t->line, "held by ");
	for (i = 0; i < d->nholders && i < HOLDERS_SHOWN; i++) {
		const struct deleted_holder *h = &d->holders[i];

		sbuf_addf(&t->line, "%spid %d (", i ? ", " : "", h->pid);
		add_name(t, h->comm);
		if (h->fd >= 0)
			sbuf_addf(&t->line, ") fd %d", h->fd);
		else
			sbuf_adds(&t->line, ") mmap");
	}
	if (d->nholders > HOLDERS_SHOWN)
		sbuf_addf(&t->line, ", +%zu more", d->nholders - HOLDERS_SHOWN);
}

static void
text_deleted(struct text *t)
{
	const struct report *r = t->r;
	const struct deleted_report *dr = &r->deleted;
	uint64_t total = 0;
	size_t i, shown = 0;
	int w = 1;

	fputs("\nDeleted but still open\n", t->fp);
	if (!r->deleted_checked) {
		fputs("  (not checked)\n", t->fp);
		return;
	}
	for (i = 0; i < dr->nfiles; i++)
		total = scan_add(
		    total, measure(r, dr->files[i].disk, dr->files[i].size));
	widen(r, &w, total);
	/* Empty files hold nothing: not listed. */
	for (i = 0; i < dr->nfiles; i++) {
		const struct deleted_file *d = &dr->files[i];

		if (measure(r, d->disk, d->size) == 0)
			continue;
		shown++;
		sbuf_adds(&t->line, "  ");
		add_size(t, measure(r, d->disk, d->size), w);
		sbuf_adds(&t->line, "  ");
		add_name(t, d->path);
		sbuf_adds(&t->line, " (deleted)  ");
		add_holders(t, d);
		put_line(t);
	}
	if (shown == 0)
		fputs("  (none)\n", t->fp);
	else {
		sbuf_adds(&t->line, "  ");
		add_size(t, total, w);
		sbuf_addf(&t->line, "  total held, %zu %s", shown,
		    plural(shown, "file", "files"));
		put_line(t);
	}
	if (dr->uninspected > 0)
		fprintf(t->fp,
		    "  %zu of %zu processes could not be inspected "
		    "(another user's): root sees more\n",
		    dr->uninspected, dr->processes);
}

int
fmt_text(FILE *fp, const struct report *r)
{
	struct text t = { fp, r, SBUF_INIT };

	text_header(&t);
	text_roots(&t);
	text_skips(&t, WALK_SKIP_KERNFS);
	text_skips(&t, WALK_SKIP_OTHERFS);
	text_errors(&t);
	text_fs(&t);
	text_dirs(&t);
	text_files(&t);
	text_kinds(&t);
	text_deleted(&t);
	sbuf_release(&t.line);
	return ferror(fp) ? -1 : 0;
}
