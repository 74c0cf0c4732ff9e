/*
 * fmt_text: the report people read.  Six sections: the PATHs, the file
 * systems, the largest directories with bars, the largest files, space by
 * kind, deleted files still open.  Names with unprintable bytes are
 * quoted as du quotes them (lib/quote.h), so a hostile name can neither
 * rewrite the terminal nor forge a line.
 */
#include "config.h"

#include <string.h>

#include "lib/quote.h"
#include "lib/units.h"
#include "scanner/fmt.h"
#include "scanner/sink_tree.h"

#define BAR_WIDTH 20

/* A name, quoted as ls and du quote it when it has unprintable bytes. */
static void
put_name(FILE *fp, const char *s, size_t n)
{
	struct sbuf sb = SBUF_INIT;

	quote_add(&sb, s, n, QUOTE_IF_NEEDED);
	fwrite(sb.buf, 1, sb.len, fp);
	sbuf_release(&sb);
}

static uint64_t
measure(const struct report *r, uint64_t disk, uint64_t size)
{
	return r->apparent ? size : disk;
}

static void
text_roots(FILE *fp, const struct report *r)
{
	char buf[UNITS_HUMAN_MAX];
	size_t i;

	for (i = 0; i < r->nroots; i++) {
		const struct walk_root *root = &r->roots[i];
		const struct scan_dir *d = root->dir;
		double eps =
		    root->seconds > 0 ? root->entries / root->seconds : 0;

		fputs("scan ", fp);
		put_name(fp, root->path, strlen(root->path));
		if (root->skipped) {
			fputs(": skipped (excluded, already counted or "
			      "not readable)\n",
			    fp);
			continue;
		}
		fprintf(fp,
		    ": %s in %llu files, %llu directories, %llu errors; "
		    "%.2f s, %.0f entries/s\n",
		    fmt_size(d ? measure(r, d->disk, d->size)
		               : measure(r, root->disk, root->size),
		        &r->units, buf),
		    (unsigned long long)(d ? d->files : 1),
		    (unsigned long long)(d ? d->dirs : 0),
		    (unsigned long long)(d ? d->errors : 0), root->seconds,
		    eps);
		if (root->symlink && !root->followed && root->real != NULL) {
			fputs("  a symbolic link to ", fp);
			put_name(fp, root->real, strlen(root->real));
			fputs(root->target_dir ? " (a directory)" : "", fp);
			fputs(", not followed: -H follows it\n", fp);
		}
	}
}

static void
low_marker(FILE *fp, const struct report *r, unsigned low)
{
	static const char *const what[] = { "", "", " inodes",
		" space and inodes" };

	if (low != 0)
		fprintf(fp, "  << LOW: below %g%% free%s", r->min_free,
		    what[low & 3]);
}

#define SKIPS_SHOWN 5

/* "skipped 3 kernel file systems (...): /proc, /sys, +1 more" */
static void
skip_line(FILE *fp, const struct report *r, enum walk_skip_reason why)
{
	size_t i, n = 0;

	for (i = 0; i < r->nskips; i++)
		n += r->skips[i].reason == why;
	if (n == 0)
		return;
	fprintf(fp, "skipped %zu %s file system%s (%s): ", n,
	    why == WALK_SKIP_KERNFS ? "kernel" : "other", n == 1 ? "" : "s",
	    why == WALK_SKIP_KERNFS ? "--include-kernfs walks them" : "-x");
	for (i = n = 0; i < r->nskips; i++) {
		if (r->skips[i].reason != why)
			continue;
		if (n++ == SKIPS_SHOWN) {
			fprintf(fp, ", +more");
			break;
		}
		if (n > 1)
			fputs(", ", fp);
		put_name(fp, r->skips[i].path, strlen(r->skips[i].path));
	}
	putc('\n', fp);
}

static void
text_fs(FILE *fp, const struct report *r)
{
	char b1[UNITS_HUMAN_MAX], b2[UNITS_HUMAN_MAX], b3[UNITS_HUMAN_MAX];
	size_t i;

	fprintf(fp, "\nFile systems (minimum free %g%%)\n", r->min_free);
	fprintf(fp, "  %8s %8s %8s %6s %6s  %s\n", "size", "used", "free",
	    "free%", "ifree%", "mounted on");
	for (i = 0; i < r->nfs; i++) {
		const struct fsinfo *f = &r->fs[i];

		fprintf(fp, "  %8s %8s %8s %5.1f%% ",
		    units_format_human(f->size, 0, b1),
		    units_format_human(f->used, 0, b2),
		    units_format_human(f->avail, 0, b3), f->free_pct);
		if (f->inodes > 0)
			fprintf(fp, "%5.1f%%  ", f->inodes_free_pct);
		else
			fprintf(fp, "%6s  ", "-");
		put_name(fp, f->mount, strlen(f->mount));
		low_marker(fp, r, f->low);
		if (f->readonly)
			fputs("  (read-only: cannot fill up, never low)", fp);
		putc('\n', fp);
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
bar(FILE *fp, double frac)
{
	int n = (int)(frac * BAR_WIDTH + 0.5), i;

	putc('[', fp);
	for (i = 0; i < BAR_WIDTH; i++)
		putc(i < n ? '#' : ' ', fp);
	putc(']', fp);
}

static void
text_dirs(FILE *fp, const struct report *r)
{
	char buf[UNITS_HUMAN_MAX];
	struct sbuf path = SBUF_INIT;
	size_t i;

	if (r->maxdepth > 1)
		fprintf(
		    fp, "\nLargest directories (depth 1-%u)\n", r->maxdepth);
	else
		fprintf(fp, "\nLargest directories (depth %u)\n", r->maxdepth);
	if (r->ndirs == 0)
		fputs("  (none)\n", fp);
	for (i = 0; i < r->ndirs; i++) {
		const struct scan_dir *d = r->dirs[i];
		const struct scan_dir *top = root_of(d);
		uint64_t total = measure(r, top->disk, top->size);
		uint64_t v = measure(r, d->disk, d->size);
		double frac = total ? (double)v / (double)total : 0;

		sbuf_reset(&path);
		tree_path(d, &path);
		fprintf(fp, "  %8s %5.1f%% ", fmt_size(v, &r->units, buf),
		    100 * frac);
		bar(fp, frac);
		putc(' ', fp);
		put_name(fp, path.buf, path.len);
		if (d->flags & SCAN_DIR_SUBERR)
			fputs("  (incomplete: read errors)", fp);
		putc('\n', fp);
	}
	sbuf_release(&path);
}

static void
text_files(FILE *fp, const struct report *r)
{
	char buf[UNITS_HUMAN_MAX];
	struct sbuf path = SBUF_INIT;
	size_t i;

	fprintf(fp, "\nLargest files\n");
	if (r->rank->nfiles == 0)
		fputs("  (none)\n", fp);
	for (i = 0; i < r->rank->nfiles; i++) {
		const struct rank_file *f = &r->rank->files[i];

		sbuf_reset(&path);
		rank_file_path(f, &path);
		fprintf(fp, "  %8s  ", fmt_size(f->bytes, &r->units, buf));
		put_name(fp, path.buf, path.len);
		putc('\n', fp);
	}
	sbuf_release(&path);
}

static void
text_kinds(FILE *fp, const struct report *r)
{
	char buf[UNITS_HUMAN_MAX];
	size_t k;

	fprintf(fp, "\nSpace by kind\n");
	for (k = 0; k < KIND_COUNT; k++) {
		const struct rank_kind *rk = &r->rank->kinds[k];

		fprintf(fp, "  %-24s %8s %10llu files\n",
		    kind_label((enum kind)k),
		    fmt_size(measure(r, rk->disk, rk->size), &r->units, buf),
		    (unsigned long long)rk->files);
	}
}

#define HOLDERS_SHOWN 3

/* "held by pid 100 (nginx) fd 5, pid 101 (nginx) mmap, +2 more" */
static void
put_holders(FILE *fp, const struct deleted_file *d)
{
	size_t i;

	fputs("held by ", fp);
	for (i = 0; i < d->nholders && i < HOLDERS_SHOWN; i++) {
		const struct deleted_holder *h = &d->holders[i];

		fprintf(fp, "%spid %d (", i ? ", " : "", h->pid);
		put_name(fp, h->comm, strlen(h->comm));
		if (h->fd >= 0)
			fprintf(fp, ") fd %d", h->fd);
		else
			fputs(") mmap", fp);
	}
	if (d->nholders > HOLDERS_SHOWN)
		fprintf(fp, ", +%zu more", d->nholders - HOLDERS_SHOWN);
}

static void
text_deleted(FILE *fp, const struct report *r)
{
	char buf[UNITS_HUMAN_MAX];
	uint64_t total = 0;
	size_t i;

	fprintf(fp, "\nDeleted but still open\n");
	if (!r->deleted_checked) {
		fputs("  (not checked)\n", fp);
		return;
	}
	if (r->deleted.nfiles == 0)
		fputs("  (none)\n", fp);
	for (i = 0; i < r->deleted.nfiles; i++) {
		const struct deleted_file *d = &r->deleted.files[i];

		total = scan_add(total, measure(r, d->disk, d->size));
		fprintf(fp, "  %8s  ",
		    fmt_size(measure(r, d->disk, d->size), &r->units, buf));
		put_name(fp, d->path, strlen(d->path));
		fputs(" (deleted)  ", fp);
		put_holders(fp, d);
		putc('\n', fp);
	}
	if (r->deleted.nfiles > 0)
		fprintf(
		    fp, "  %8s  total held\n", fmt_size(total, &r->units, buf));
	if (r->deleted.uninspected > 0)
		fprintf(fp,
		    "  %zu of %zu processes could not be inspected "
		    "(another user's): root sees more\n",
		    r->deleted.uninspected, r->deleted.processes);
}

int
fmt_text(FILE *fp, const struct report *r)
{
	text_roots(fp, r);
	skip_line(fp, r, WALK_SKIP_KERNFS);
	skip_line(fp, r, WALK_SKIP_OTHERFS);
	text_fs(fp, r);
	text_dirs(fp, r);
	text_files(fp, r);
	text_kinds(fp, r);
	text_deleted(fp, r);
	return ferror(fp) ? -1 : 0;
}
