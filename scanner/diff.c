/*
 * diff: the comparison (see diff.h).
 *
 * The saved directories of a root are sorted by (parent, name), so the
 * walk's tree can be matched top-down with one binary search per
 * directory: a preorder pass down to -d keeps, for each depth, the saved
 * index of the directory above.  Paths are made only for the rows kept.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lib/xalloc.h"
#include "scanner/diff.h"
#include "scanner/sink_rank.h"
#include "scanner/sink.h"

#define NONE SIZE_MAX

/* A row before its path is made: a walked or a saved directory. */
struct row {
	const struct scan_dir *dir; /* NULL: saved only (vanished) */
	size_t old;                 /* saved index, or NONE */
	uint64_t before, after;
	int64_t delta;
};

struct rows {
	struct row *v;
	size_t n, alloc;
};

/* The matching state of one root. */
struct match {
	const struct snapshot *s;
	size_t *byname; /* saved indices below the root, by (parent, name) */
	size_t nbyname;
	unsigned char *seen; /* per saved directory of the root */
	size_t first;
	size_t *at; /* saved index of the walked directory at each depth */
	size_t aat;
};

static int64_t
delta_of(uint64_t after, uint64_t before)
{
	if (after >= before)
		return after - before > INT64_MAX ? INT64_MAX
		                                  : (int64_t)(after - before);
	return before - after > INT64_MAX ? -INT64_MAX
	                                  : -(int64_t)(before - after);
}

static int
cmp_name(const struct snapshot *s, size_t a, const char *name, size_t n)
{
	const struct snap_dir *d = &s->dirs[a];
	size_t m = d->namelen < n ? d->namelen : n;
	int c = memcmp(s->names + d->name, name, m);

	if (c != 0)
		return c;
	return (d->namelen > n) - (d->namelen < n);
}

static int
cmp_byname(const void *pa, const void *pb, void *arg)
{
	const struct snapshot *s = arg;
	size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
	const struct snap_dir *db = &s->dirs[b];

	if (s->dirs[a].parent != db->parent)
		return s->dirs[a].parent < db->parent ? -1 : 1;
	return cmp_name(s, a, s->names + db->name, db->namelen);
}

/* The saved child of parent named name, or NONE. */
static size_t
lookup(const struct match *m, size_t parent, const char *name, size_t n)
{
	size_t lo = 0, hi = m->nbyname;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2, i = m->byname[mid];
		int c = m->s->dirs[i].parent != parent
		    ? (m->s->dirs[i].parent < parent ? -1 : 1)
		    : cmp_name(m->s, i, name, n);

		if (c == 0)
			return i;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NONE;
}

static void
add_row(struct rows *r, const struct scan_dir *dir, size_t old, uint64_t before,
    uint64_t after)
{
	XGROW(r->v, r->n + 1, r->alloc);
	r->v[r->n++] =
	    (struct row){ dir, old, before, after, delta_of(after, before) };
}

/* The next directory in preorder below root, not deeper than limit. */
static const struct scan_dir *
next_dir(const struct scan_dir *root, const struct scan_dir *d, uint32_t limit)
{
	if (d->child != NULL && d->depth < limit)
		return d->child;
	while (d != root && d->next == NULL)
		d = d->parent;
	return d == root ? NULL : d->next;
}

/* Walks the tree of root down to maxdepth, matching each directory. */
static void
match_tree(struct match *m, const struct scan_dir *root, uint32_t maxdepth,
    struct rows *changed, struct rows *added)
{
	const struct scan_dir *d;
	const struct snap_dir *sd;
	size_t o, up;

	for (d = root; d != NULL; d = next_dir(root, d, maxdepth)) {
		up = d->depth > 0 ? m->at[d->depth - 1] : NONE;
		o = d->depth == 0 ? m->first
		    : up != NONE  ? lookup(m, up, d->name, d->namelen)
		                  : NONE;
		XGROW(m->at, (size_t)d->depth + 1, m->aat);
		m->at[d->depth] = o;
		sd = o != NONE ? &m->s->dirs[o] : NULL;
		if (o != NONE)
			m->seen[o - m->first] = 1;
		else if (d->depth == 0 || up != NONE)
			add_row(added, d, NONE, 0, d->disk);
		if ((sd ? sd->disk : 0) != d->disk)
			add_row(changed, d, o, sd ? sd->disk : 0, d->disk);
	}
}

/* The saved directories down to maxdepth that the walk did not meet. */
static void
find_vanished(struct match *m, const struct snap_root *sr, uint32_t maxdepth,
    struct rows *vanished, struct rows *changed)
{
	size_t i;

	for (i = 1; i < sr->ndirs; i++) {
		const struct snap_dir *sd = &m->s->dirs[sr->first + i];

		if (sd->depth > maxdepth || m->seen[i] ||
		    !m->seen[sd->parent - m->first])
			continue;
		add_row(vanished, NULL, sr->first + i, sd->disk, 0);
		if (sd->disk != 0)
			add_row(changed, NULL, sr->first + i, sd->disk, 0);
	}
}

static void
match_root(const struct snapshot *s, const struct snap_root *sr,
    const struct scan_dir *root, uint32_t maxdepth, struct rows *lists)
{
	struct match m = { s, NULL, 0, NULL, sr->first, NULL, 0 };
	size_t i;

	m.byname = xreallocarray(NULL, sr->ndirs, sizeof(*m.byname));
	for (i = 1; i < sr->ndirs; i++)
		m.byname[m.nbyname++] = sr->first + i;
	if (m.nbyname > 1)
		qsort_r(m.byname, m.nbyname, sizeof(*m.byname), cmp_byname,
		    (void *)s);
	m.seen = xcalloc(sr->ndirs, 1);
	match_tree(&m, root, maxdepth, &lists[0], &lists[1]);
	find_vanished(&m, sr, maxdepth, &lists[2], &lists[0]);
	free(m.at);
	free(m.seen);
	free(m.byname);
}

/* How a list of rows is sorted: by growth, or by the larger sum. */
enum row_order { ROWS_BY_DELTA, ROWS_BY_SIZE };

static int
cmp_row(const void *pa, const void *pb, void *arg)
{
	const struct row *a = pa, *b = pb;
	enum row_order order = *(const enum row_order *)arg;
	uint64_t x = a->after > a->before ? a->after : a->before;
	uint64_t y = b->after > b->before ? b->after : b->before;

	if (order == ROWS_BY_DELTA && a->delta != b->delta)
		return a->delta > b->delta ? -1 : 1;
	if (order == ROWS_BY_SIZE && x != y)
		return x > y ? -1 : 1;
	if (a->dir != NULL && b->dir != NULL)
		return rank_cmp_dir(a->dir, b->dir);
	return (a->old > b->old) - (a->old < b->old);
}

/* Sorts rows, keeps the first top, and makes them diff_dirs. */
static struct diff_dir *
finish_rows(const struct snapshot *s, struct rows *r, size_t top,
    enum row_order order, size_t *n)
{
	struct diff_dir *out;
	struct sbuf path = SBUF_INIT;
	size_t i;

	if (r->n > 1)
		qsort_r(r->v, r->n, sizeof(*r->v), cmp_row, &order);
	*n = r->n < top ? r->n : top;
	out = xcalloc(*n ? *n : 1, sizeof(*out));
	for (i = 0; i < *n; i++) {
		const struct row *w = &r->v[i];

		sbuf_reset(&path);
		if (w->dir != NULL)
			tree_path(w->dir, &path);
		else
			snapshot_path(s, w->old, &path);
		out[i].path = xstrdup(path.buf);
		out[i].depth = w->dir ? w->dir->depth : s->dirs[w->old].depth;
		out[i].before = w->before;
		out[i].after = w->after;
		out[i].delta = w->delta;
		out[i].added = w->old == NONE;
	}
	sbuf_release(&path);
	free(r->v);
	return out;
}

static void
diff_filesystems(struct diff *d, const struct diff_source *src)
{
	size_t i, j;

	d->fs = xcalloc(src->nfs ? src->nfs : 1, sizeof(*d->fs));
	for (i = 0; i < src->nfs; i++) {
		const struct fsinfo *f = &src->fs[i];
		struct diff_fs *o;

		for (j = 0; j < src->snap->nfs; j++)
			if (strcmp(src->snap->fs[j].mount, f->mount) == 0)
				break;
		if (j == src->snap->nfs)
			continue;
		o = &d->fs[d->nfs++];
		o->mount = f->mount;
		o->used_before = src->snap->fs[j].used;
		o->used_after = f->used;
		o->avail = f->avail;
		o->delta = delta_of(f->used, o->used_before);
		o->seconds_to_full = -1;
		if (o->delta > 0 && d->seconds > 0 && !f->readonly)
			o->seconds_to_full =
			    (double)f->avail / ((double)o->delta / d->seconds);
	}
}

void
diff_build(struct diff *d, const struct diff_source *src)
{
	struct rows lists[3] = { { NULL, 0, 0 }, { NULL, 0, 0 },
		{ NULL, 0, 0 } };
	const struct snap_root *sr;
	size_t i;

	memset(d, 0, sizeof(*d));
	d->saved_sec = src->snap->sec;
	d->saved_nsec = src->snap->nsec;
	d->seconds = (double)(src->sec - src->snap->sec) +
	    (double)(src->nsec - src->snap->nsec) / 1e9;
	for (i = 0; i < src->nroots; i++) {
		const struct walk_root *r = &src->roots[i];

		sr = snapshot_find_root(src->snap, r->real ? r->real : r->path);
		if (sr == NULL || sr->ndirs == 0 || r->dir == NULL)
			continue;
		match_root(src->snap, sr, r->dir, src->maxdepth, lists);
	}
	d->dirs = finish_rows(
	    src->snap, &lists[0], src->top, ROWS_BY_DELTA, &d->ndirs);
	d->added = finish_rows(
	    src->snap, &lists[1], src->top, ROWS_BY_SIZE, &d->nadded);
	d->vanished = finish_rows(
	    src->snap, &lists[2], src->top, ROWS_BY_SIZE, &d->nvanished);
	diff_filesystems(d, src);
}

double
diff_per_hour(const struct diff *d, int64_t delta)
{
	return d->seconds > 0 ? (double)delta / d->seconds * 3600 : 0;
}

static void
free_dirs(struct diff_dir *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i].path);
	free(v);
}

void
diff_release(struct diff *d)
{
	free_dirs(d->dirs, d->ndirs);
	free_dirs(d->added, d->nadded);
	free_dirs(d->vanished, d->nvanished);
	free(d->fs);
	memset(d, 0, sizeof(*d));
}
