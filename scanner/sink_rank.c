/*
 * sink_rank: top-N files and space by kind.
 *
 * Each worker keeps a min-heap of at most top files, so offering a file
 * that is smaller than the smallest kept costs one comparison and no
 * allocation; the heaps are merged when the walk is over.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lib/xalloc.h"
#include "scanner/sink_rank.h"
#include "scanner/sink.h"

struct rank_worker {
	struct rank_heap heap;
	struct rank_kind kinds[KIND_COUNT];
	enum scan_measure measure;
	struct logs_worker *logs; /* NULL unless rank.logs is set */
};

void
rank_init(struct rank *r, size_t top, enum scan_measure measure)
{
	memset(r, 0, sizeof(*r));
	r->top = top;
	r->measure = measure;
}

void
rank_release(struct rank *r)
{
	size_t i;

	for (i = 0; i < r->nfiles; i++)
		free(r->files[i].name);
	free(r->files);
	r->files = NULL;
	r->nfiles = 0;
}

int
rank_cmp_dir(const struct scan_dir *a, const struct scan_dir *b)
{
	int c;

	if (a == b)
		return 0;
	if (a == NULL || b == NULL)
		return a == NULL ? -1 : 1;
	if (a->depth != b->depth)
		return a->depth < b->depth ? -1 : 1;
	c = rank_cmp_dir(a->parent, b->parent);
	if (c != 0)
		return c;
	c = strcmp(a->name, b->name);
	return c;
}

static int
cmp_file(const void *pa, const void *pb)
{
	const struct rank_file *a = pa, *b = pb;
	int c;

	if (a->bytes != b->bytes)
		return a->bytes > b->bytes ? -1 : 1;
	c = rank_cmp_dir(a->dir, b->dir);
	return c != 0 ? c : strcmp(a->name, b->name);
}

/* Whether a ranks below b: smaller, or as large and later in path order. */
static int
worse(const struct rank_file *a, const struct rank_file *b)
{
	if (a->bytes != b->bytes)
		return a->bytes < b->bytes;
	return cmp_file(a, b) > 0;
}

static void
heap_swap(struct rank_file *a, struct rank_file *b)
{
	struct rank_file t = *a;

	*a = *b;
	*b = t;
}

static void
heap_down(struct rank_heap *h, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;

		if (l < h->n && worse(&h->v[l], &h->v[m]))
			m = l;
		if (r < h->n && worse(&h->v[r], &h->v[m]))
			m = r;
		if (m == i)
			return;
		heap_swap(&h->v[i], &h->v[m]);
		i = m;
	}
}

static void
heap_up(struct rank_heap *h, size_t i)
{
	while (i > 0 && worse(&h->v[i], &h->v[(i - 1) / 2])) {
		heap_swap(&h->v[i], &h->v[(i - 1) / 2]);
		i = (i - 1) / 2;
	}
}

int
rank_heap_offer(struct rank_heap *h, const struct rank_file *f)
{
	if (h->cap == 0)
		return 0;
	if (h->n == h->cap) {
		if (!worse(&h->v[0], f))
			return 0;
		free(h->v[0].name);
		h->v[0] = *f;
		h->v[0].name = xstrdup(f->name);
		heap_down(h, 0);
		return 1;
	}
	if (h->v == NULL)
		h->v = xreallocarray(NULL, h->cap, sizeof(*h->v));
	h->v[h->n] = *f;
	h->v[h->n].name = xstrdup(f->name);
	heap_up(h, h->n++);
	return 1;
}

int
rank_heap_offer_entry(struct rank_heap *h, const struct scan_dir *dir,
    const struct scan_entry *e, enum scan_measure measure)
{
	struct rank_file f;

	f.bytes = measure_of(measure, e->disk, e->size);
	/* An empty file is no answer to "what fills the disk". */
	if (f.bytes == 0)
		return 0;
	f.disk = e->disk;
	f.size = e->size;
	f.dir = dir;
	f.name = (char *)e->name;
	f.mtime = e->mtime;
	f.nlink = e->nlink;
	return rank_heap_offer(h, &f);
}

void
rank_heap_release(struct rank_heap *h)
{
	size_t i;

	for (i = 0; i < h->n; i++)
		free(h->v[i].name);
	free(h->v);
	h->v = NULL;
	h->n = 0;
}

void
rank_merge_heap(struct rank *r, struct rank_heap *h)
{
	size_t i;

	r->files = xreallocarray(r->files, r->nfiles + h->n, sizeof(*r->files));
	if (h->n > 0)
		memcpy(r->files + r->nfiles, h->v, h->n * sizeof(*h->v));
	r->nfiles += h->n;
	free(h->v);
	h->v = NULL;
	h->n = 0;
	qsort(r->files, r->nfiles, sizeof(*r->files), cmp_file);
	for (i = r->top; i < r->nfiles; i++)
		free(r->files[i].name);
	if (r->nfiles > r->top)
		r->nfiles = r->top;
}

static void *
rank_worker_new(void *self)
{
	struct rank *r = self;
	struct rank_worker *w = xcalloc(1, sizeof(*w));

	w->heap.cap = r->top;
	w->measure = r->measure;
	if (r->logs != NULL)
		w->logs = logs_worker_new();
	return w;
}

static void
rank_entry(void *wctx, struct scan_dir *dir, const struct scan_entry *e)
{
	struct rank_worker *w = wctx;
	enum kind k;

	if (e->err != 0 || (e->flags & SCAN_ENT_UNCOUNTED) || S_ISDIR(e->mode))
		return;
	if (dir != NULL) {
		k = kind_classify(e->name, e->namelen, dir->where);
	} else {
		const char *base = strrchr(e->name, '/');

		base = base != NULL ? base + 1 : e->name;
		k = kind_classify(base, strlen(base), e->where);
	}
	w->kinds[k].disk = scan_add(w->kinds[k].disk, e->disk);
	w->kinds[k].size = scan_add(w->kinds[k].size, e->size);
	w->kinds[k].files++;
	if (w->logs != NULL && k != KIND_ACTIVE_LOG && k != KIND_OTHER)
		logs_offer(w->logs, dir, e, k);
	if (S_ISREG(e->mode))
		rank_heap_offer_entry(&w->heap, dir, e, w->measure);
}

static void
rank_worker_merge(void *self, void *wctx)
{
	struct rank *r = self;
	struct rank_worker *w = wctx;
	size_t k;

	for (k = 0; k < KIND_COUNT; k++) {
		r->kinds[k].disk = scan_add(r->kinds[k].disk, w->kinds[k].disk);
		r->kinds[k].size = scan_add(r->kinds[k].size, w->kinds[k].size);
		r->kinds[k].files += w->kinds[k].files;
	}
	rank_merge_heap(r, &w->heap);
	if (w->logs != NULL)
		logs_merge(r->logs, w->logs);
	free(w);
}

const struct sink_ops rank_ops = {
	.worker_new = rank_worker_new,
	.entry = rank_entry,
	.merge = rank_worker_merge,
};

void
rank_file_path(const struct rank_file *f, struct sbuf *sb)
{
	if (f->dir != NULL) {
		tree_path(f->dir, sb);
		tree_join(sb, f->name, strlen(f->name));
	} else {
		sbuf_adds(sb, f->name);
	}
}

static int
cmp_dirp(const void *pa, const void *pb, void *arg)
{
	const struct scan_dir *a = *(struct scan_dir *const *)pa;
	const struct scan_dir *b = *(struct scan_dir *const *)pb;
	enum scan_measure m = *(const enum scan_measure *)arg;
	uint64_t x = measure_of(m, a->disk, a->size);
	uint64_t y = measure_of(m, b->disk, b->size);

	if (x != y)
		return x > y ? -1 : 1;
	return rank_cmp_dir(a, b);
}

void
rank_dirs_trim(
    struct scan_dir **dirs, size_t *ndirs, size_t n, enum scan_measure measure)
{
	if (*ndirs > 1)
		qsort_r(dirs, *ndirs, sizeof(*dirs), cmp_dirp, &measure);
	if (*ndirs > n)
		*ndirs = n;
}

struct dir_collect {
	struct scan_dir ***out;
	size_t *nout, *alloc;
	uint32_t base;
};

static void
collect_dir(struct scan_dir *d, void *arg)
{
	struct dir_collect *c = arg;

	if (d->depth == c->base)
		return;
	XGROW(*c->out, *c->nout + 1, *c->alloc);
	(*c->out)[(*c->nout)++] = d;
}

void
rank_dirs(struct scan_dir *root, uint32_t maxdepth, size_t n,
    enum scan_measure measure, struct scan_dir ***out, size_t *nout,
    size_t *alloc)
{
	struct dir_collect c = { out, nout, alloc, root->depth };

	tree_postorder(root, maxdepth, collect_dir, &c);
	rank_dirs_trim(*out, nout, n, measure);
}
