/*
 * recent: files modified within --since (see recent.h).
 *
 * Each worker adds a recent file to a record of the directory within -d
 * that holds it (its own, or its ancestor at depth -d), appending one
 * when that directory changes, so the records stay few however many
 * directories the tree has; it keeps a bounded heap of the largest
 * recent files.  recent_finish() folds the records of each directory
 * and spreads the sums over the ancestors, then ranks them.
 */
#include "config.h"

#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>

#include "lib/xalloc.h"
#include "scanner/recent.h"

struct recent_worker {
	struct rank_heap heap;
	struct recent_dir *v;
	size_t n, alloc;
	int64_t cutoff;
	enum scan_measure measure;
	uint32_t maxdepth;
	const struct scan_dir *last; /* the directory of the last file... */
	const struct scan_dir *top;  /* ...and its ancestor within -d */
	uint64_t disk, size, files;
};

void
recent_init(struct recent *r, int64_t cutoff, uint64_t window,
    uint32_t maxdepth, size_t top, enum scan_measure measure)
{
	memset(r, 0, sizeof(*r));
	r->cutoff = cutoff;
	r->window = window;
	r->maxdepth = maxdepth;
	rank_init(&r->files, top, measure);
}

static void *
recent_worker_new(void *self)
{
	struct recent *r = self;
	struct recent_worker *w = xcalloc(1, sizeof(*w));

	w->heap.cap = r->files.top;
	w->cutoff = r->cutoff;
	w->measure = r->files.measure;
	w->maxdepth = r->maxdepth;
	return w;
}

static void
recent_entry(void *wctx, struct scan_dir *dir, const struct scan_entry *e)
{
	struct recent_worker *w = wctx;
	struct recent_dir *d;

	if (e->err != 0 || (e->flags & SCAN_ENT_UNCOUNTED) ||
	    !S_ISREG(e->mode) || e->mtime < w->cutoff)
		return;
	w->disk = scan_add(w->disk, e->disk);
	w->size = scan_add(w->size, e->size);
	w->files++;
	if (dir != NULL) {
		/* Sums are kept for the directory within -d that holds it. */
		if (dir != w->last) {
			w->last = dir;
			for (w->top = dir; w->top->depth > w->maxdepth;)
				w->top = w->top->parent;
		}
		if (w->n == 0 || w->v[w->n - 1].dir != w->top) {
			XGROW(w->v, w->n + 1, w->alloc);
			w->v[w->n++] = (struct recent_dir){ w->top, 0, 0, 0 };
		}
		d = &w->v[w->n - 1];
		d->disk = scan_add(d->disk, e->disk);
		d->size = scan_add(d->size, e->size);
		d->files++;
	}
	rank_heap_offer_entry(&w->heap, dir, e, w->measure);
}

static void
recent_merge(void *self, void *wctx)
{
	struct recent *r = self;
	struct recent_worker *w = wctx;

	XGROW(r->dirs, r->ndirs + w->n, r->adirs);
	if (w->n > 0)
		memcpy(r->dirs + r->ndirs, w->v, w->n * sizeof(*w->v));
	r->ndirs += w->n;
	r->disk = scan_add(r->disk, w->disk);
	r->size = scan_add(r->size, w->size);
	r->files_total += w->files;
	rank_merge_heap(&r->files, &w->heap);
	free(w->v);
	free(w);
}

const struct sink_ops recent_ops = {
	.worker_new = recent_worker_new,
	.entry = recent_entry,
	.merge = recent_merge,
};

static int
cmp_ptr(const void *pa, const void *pb)
{
	const struct recent_dir *a = pa, *b = pb;

	if (a->dir != b->dir)
		return (uintptr_t)a->dir < (uintptr_t)b->dir ? -1 : 1;
	return 0;
}

static int
cmp_rank(const void *pa, const void *pb, void *arg)
{
	const struct recent_dir *a = pa, *b = pb;
	enum scan_measure m = *(const enum scan_measure *)arg;
	uint64_t x = measure_of(m, a->disk, a->size);
	uint64_t y = measure_of(m, b->disk, b->size);

	if (x != y)
		return x > y ? -1 : 1;
	return rank_cmp_dir(a->dir, b->dir);
}

/* Sorts v by directory and adds up the records of each; returns the count. */
static size_t
fold(struct recent_dir *v, size_t n)
{
	size_t i, j;

	if (n > 1)
		qsort(v, n, sizeof(*v), cmp_ptr);
	for (i = j = 0; i < n; i++) {
		if (j > 0 && v[j - 1].dir == v[i].dir) {
			v[j - 1].disk = scan_add(v[j - 1].disk, v[i].disk);
			v[j - 1].size = scan_add(v[j - 1].size, v[i].size);
			v[j - 1].files += v[i].files;
		} else {
			v[j++] = v[i];
		}
	}
	return j;
}

void
recent_finish(struct recent *r, size_t top)
{
	struct recent_dir *up = NULL;
	size_t nup = 0, aup = 0, i, n;
	const struct scan_dir *a;

	/* The records are of directories within -d: few, whatever the tree. */
	n = fold(r->dirs, r->ndirs);
	for (i = 0; i < n; i++) {
		for (a = r->dirs[i].dir; a != NULL; a = a->parent) {
			XGROW(up, nup + 1, aup);
			up[nup] = r->dirs[i];
			up[nup++].dir = a;
		}
	}
	n = fold(up, nup);
	if (n > 1)
		qsort_r(up, n, sizeof(*up), cmp_rank, &r->files.measure);
	free(r->dirs);
	r->dirs = up;
	r->ndirs = n < top ? n : top;
	r->adirs = aup;
}

void
recent_release(struct recent *r)
{
	free(r->dirs);
	r->dirs = NULL;
	r->ndirs = r->adirs = 0;
	rank_release(&r->files);
}
