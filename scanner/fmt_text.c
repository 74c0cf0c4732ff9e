/*
 * fmt_text: the report people read, and paste into an incident channel.
 * A header (host, time, each PATH, what was skipped, the first errors),
 * then five tables: the file systems, the largest directories with bars,
 * the largest files, space by kind, deleted files still open.  Sizes use
 * the -h, --si, -B or -b units everywhere, each table's columns as wide
 * as its widest value.  Names with unprintable bytes are quoted as du
 * quotes them (lib/quote.h), so a hostile name can neither rewrite the
 * terminal nor forge a line.
 *
 * At -d 2 and deeper the directories are a tree: each under its parent,
 * indented, siblings largest first.  On a terminal (report.width) every
 * line is fitted to its width (fmt_text_line.c): the longest name of the
 * line loses the middle of its longest components first (docker's 64-hex
 * ids), then its own middle; elsewhere nothing is cut.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/quote.h"
#include "lib/xalloc.h"
#include "scanner/fmt.h"
#include "scanner/fmt_text_int.h"
#include "scanner/sink.h"

#define BAR_WIDTH 20
#define SKIPS_SHOWN 5
#define ERRORS_SHOWN 5
#define HOLDERS_SHOWN 3

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
	text_add_name(t, r->host);
	sbuf_addf(&t->line, ", %s", when);
	text_put_line(t);
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
		text_add_name(t, root->path);
		if (root->skipped) {
			sbuf_adds(&t->line,
			    ": skipped (excluded, already "
			    "counted or not readable)");
			text_put_line(t);
			continue;
		}
		sbuf_adds(&t->line, ": ");
		text_add_size(t,
		    d ? text_measure(r, d->disk, d->size)
		      : text_measure(r, root->disk, root->size),
		    0);
		sbuf_addf(&t->line,
		    " in %llu %s, %llu %s, %llu %s; %.2f s, %.0f entries/s",
		    (unsigned long long)files,
		    text_plural(files, "file", "files"),
		    (unsigned long long)dirs,
		    text_plural(dirs, "directory", "directories"),
		    (unsigned long long)errs,
		    text_plural(errs, "error", "errors"), root->seconds, eps);
		text_put_line(t);
		if (root->symlink && !root->followed && root->real != NULL) {
			sbuf_adds(&t->line, "  a symbolic link to ");
			text_add_name(t, root->real);
			sbuf_addf(&t->line, "%s, not followed: -H follows it",
			    root->target_dir ? " (a directory)" : "");
			text_put_line(t);
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
	    text_plural(n, "file system", "file systems"),
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
		text_add_name(t, r->skips[i].path);
	}
	text_put_line(t);
}

/* The count and the first few errors: stderr may be lost in a paste. */
static void
text_errors(struct text *t)
{
	const struct report *r = t->r;
	size_t i;

	if (r->nerrs == 0)
		return;
	sbuf_addf(&t->line, "%zu %s", r->nerrs,
	    text_plural(r->nerrs, "error", "errors"));
	if (r->nerrs > ERRORS_SHOWN)
		sbuf_addf(&t->line, ", the first %d", ERRORS_SHOWN);
	sbuf_adds(&t->line, " (all on standard error):");
	text_put_line(t);
	for (i = 0; i < r->nerrs && i < ERRORS_SHOWN; i++) {
		sbuf_adds(&t->line, "  ");
		fmt_error_text(&t->line, &r->errs[i]);
		text_put_line(t);
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
		text_widen(r, &w, r->fs[i].size);
		if ((int)strlen(r->fs[i].type) > tw)
			tw = (int)strlen(r->fs[i].type);
	}
	fprintf(t->fp, "\nFile systems (minimum free %g%%)\n", r->min_free);
	sbuf_addf(&t->line, "  %*s %*s %*s %6s %6s  %-*s  mounted on", w,
	    "size", w, "used", w, "free", "free%", "ifree%", tw, "type");
	text_put_line(t);
	for (i = 0; i < r->nfs; i++) {
		const struct fsinfo *f = &r->fs[i];

		sbuf_adds(&t->line, "  ");
		text_add_size(t, f->size, w);
		sbuf_addch(&t->line, ' ');
		text_add_size(t, f->used, w);
		sbuf_addch(&t->line, ' ');
		text_add_size(t, f->avail, w);
		sbuf_addf(&t->line, " %5.1f%% ", f->free_pct);
		if (f->inodes > 0)
			sbuf_addf(&t->line, "%5.1f%%", f->inodes_free_pct);
		else
			sbuf_addf(&t->line, "%6s", "-");
		sbuf_addf(&t->line, "  %-*s  ", tw, f->type);
		text_add_name(t, f->mount);
		low_marker(t, f->low);
		if (f->readonly)
			sbuf_adds(&t->line,
			    "  (read-only: cannot fill up, never low)");
		text_put_line(t);
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

/*
 * Tree order: an ancestor before its descendants, siblings (and the
 * subtrees of siblings) largest first, then by name.
 */
static int
cmp_tree(const void *pa, const void *pb, void *arg)
{
	const struct scan_dir *a = *(struct scan_dir *const *)pa;
	const struct scan_dir *b = *(struct scan_dir *const *)pb;
	const struct report *r = arg;
	uint64_t x, y;

	while (a->depth > b->depth && a->parent != b)
		a = a->parent;
	if (a->depth > b->depth)
		return 1; /* b is a's parent... or ancestor */
	while (b->depth > a->depth && b->parent != a)
		b = b->parent;
	if (b->depth > a->depth)
		return -1;
	if (a == b)
		return 0;
	while (a->parent != b->parent) {
		a = a->parent;
		b = b->parent;
	}
	x = text_measure(r, a->disk, a->size);
	y = text_measure(r, b->disk, b->size);
	if (x != y)
		return x > y ? -1 : 1;
	return strcmp(a->name, b->name);
}

static int
is_ancestor(const struct scan_dir *a, const struct scan_dir *d)
{
	while (d != NULL && d->depth > a->depth)
		d = d->parent;
	return d == a;
}

/* The path of d below its ancestor a ("nginx", "lib/docker"). */
static void
path_below(const struct scan_dir *a, const struct scan_dir *d, struct sbuf *sb)
{
	struct sbuf rev = SBUF_INIT;

	tree_path(d, &rev);
	if (a == NULL) {
		sbuf_add(sb, rev.buf, rev.len);
	} else {
		size_t skip = 0;
		struct sbuf top = SBUF_INIT;

		tree_path(a, &top);
		skip = top.len;
		while (skip < rev.len && rev.buf[skip] == '/')
			skip++;
		sbuf_adds(sb, rev.buf + skip);
		sbuf_release(&top);
	}
	sbuf_release(&rev);
}

static void
dir_row(struct text *t, const struct scan_dir *d, int w, size_t level,
    const char *name)
{
	const struct report *r = t->r;
	const struct scan_dir *top = root_of(d);
	uint64_t total = text_measure(r, top->disk, top->size);
	uint64_t v = text_measure(r, d->disk, d->size);
	double frac = total ? (double)v / (double)total : 0;

	sbuf_adds(&t->line, "  ");
	text_add_size(t, v, w);
	sbuf_addf(&t->line, " %5.1f%% ", 100 * frac);
	add_bar(t, frac);
	sbuf_addf(&t->line, " %*s", (int)(2 * level), "");
	text_add_name(t, name);
	if (d->flags & SCAN_DIR_SUBERR)
		sbuf_adds(&t->line, "  (incomplete: read errors)");
	text_put_line(t);
}

/*
 * At -d 1 the largest first, full paths; deeper, a tree: each directory
 * indented under the nearest one shown above it, named below it.
 */
static void
text_dirs(struct text *t)
{
	const struct report *r = t->r;
	struct scan_dir **v = NULL, **shown = NULL;
	struct sbuf name = SBUF_INIT;
	size_t i, level = 0;
	int w = 1;

	for (i = 0; i < r->ndirs; i++)
		text_widen(
		    r, &w, text_measure(r, r->dirs[i]->disk, r->dirs[i]->size));
	if (r->maxdepth > 1)
		fprintf(
		    t->fp, "\nLargest directories (depth 1-%u)\n", r->maxdepth);
	else
		fprintf(
		    t->fp, "\nLargest directories (depth %u)\n", r->maxdepth);
	if (r->ndirs == 0)
		fputs("  (none)\n", t->fp);
	if (r->ndirs > 0) {
		v = xreallocarray(NULL, r->ndirs, sizeof(*v));
		shown = xreallocarray(NULL, r->ndirs, sizeof(*shown));
		memcpy(v, r->dirs, r->ndirs * sizeof(*v));
	}
	if (r->maxdepth > 1 && r->ndirs > 1)
		qsort_r(v, r->ndirs, sizeof(*v), cmp_tree, (void *)r);
	for (i = 0; i < r->ndirs; i++) {
		if (r->maxdepth > 1)
			while (
			    level > 0 && !is_ancestor(shown[level - 1], v[i]))
				level--;
		sbuf_reset(&name);
		path_below(level > 0 ? shown[level - 1] : NULL, v[i], &name);
		dir_row(t, v[i], w, level, name.buf);
		if (r->maxdepth > 1)
			shown[level++] = v[i];
	}
	free(shown);
	free(v);
	sbuf_release(&name);
}

static void
text_files(struct text *t)
{
	const struct report *r = t->r;
	struct sbuf path = SBUF_INIT;
	int w = 1;
	size_t i;

	for (i = 0; i < r->rank->nfiles; i++)
		text_widen(r, &w, r->rank->files[i].bytes);
	fputs("\nLargest files\n", t->fp);
	if (r->rank->nfiles == 0)
		fputs("  (none)\n", t->fp);
	for (i = 0; i < r->rank->nfiles; i++) {
		const struct rank_file *f = &r->rank->files[i];

		sbuf_reset(&path);
		rank_file_path(f, &path);
		sbuf_adds(&t->line, "  ");
		text_add_size(t, f->bytes, w);
		sbuf_adds(&t->line, "  ");
		text_add_name(t, path.buf);
		if (f->nlink > 1)
			sbuf_addf(&t->line, "  (%u hard links)", f->nlink);
		text_put_line(t);
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

		text_widen(r, &w, text_measure(r, rk->disk, rk->size));
		snprintf(
		    num, sizeof(num), "%llu", (unsigned long long)rk->files);
		if ((int)strlen(num) > nw)
			nw = (int)strlen(num);
	}
	fputs("\nSpace by kind\n", t->fp);
	for (k = 0; k < KIND_COUNT; k++) {
		const struct rank_kind *rk = &r->rank->kinds[k];

		sbuf_addf(&t->line, "  %-24s ", kind_label((enum kind)k));
		text_add_size(t, text_measure(r, rk->disk, rk->size), w);
		sbuf_addf(&t->line, "  %*llu %s", nw,
		    (unsigned long long)rk->files,
		    text_plural(rk->files, "file", "files"));
		text_put_line(t);
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
		text_add_name(t, h->comm);
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
		total = scan_add(total,
		    text_measure(r, dr->files[i].disk, dr->files[i].size));
	text_widen(r, &w, total);
	/* Empty files hold nothing: not listed. */
	for (i = 0; i < dr->nfiles; i++) {
		const struct deleted_file *d = &dr->files[i];

		if (text_measure(r, d->disk, d->size) == 0)
			continue;
		shown++;
		sbuf_adds(&t->line, "  ");
		text_add_size(t, text_measure(r, d->disk, d->size), w);
		sbuf_adds(&t->line, "  ");
		text_add_name(t, d->path);
		sbuf_adds(&t->line, " (deleted)  ");
		add_holders(t, d);
		text_put_line(t);
	}
	if (shown == 0)
		fputs("  (none)\n", t->fp);
	else {
		sbuf_adds(&t->line, "  ");
		text_add_size(t, total, w);
		sbuf_addf(&t->line, "  total held, %zu %s", shown,
		    text_plural(shown, "file", "files"));
		text_put_line(t);
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
	struct text t = { fp, r, SBUF_INIT, 0, 0 };

	text_header(&t);
	text_roots(&t);
	text_skips(&t, WALK_SKIP_KERNFS);
	text_skips(&t, WALK_SKIP_OTHERFS);
	text_errors(&t);
	text_fs(&t);
	text_diff(&t);
	text_recent(&t);
	text_dirs(&t);
	text_files(&t);
	text_kinds(&t);
	text_deleted(&t);
	text_reclaim(&t);
	sbuf_release(&t.line);
	return ferror(fp) ? -1 : 0;
}
