/*
 * walk: the driver of a scan (walk.h).  Takes the PATH arguments one
 * after another: stats each (following a symlink for -H, -L), accounts
 * it, and hands a directory to a walker, the parallel one (walk_par.c,
 * the default) or fts(3) (walk_fts.c, the reference); then drains the
 * hard links counted late, and at the end merges what every worker
 * gathered: sink contexts, errors, file systems, mount points skipped.
 * Both walkers account every entry through account.c; neither calls the
 * other, nor this file.
 */
#include "config.h"

#include <assert.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lib/clock.h"
#include "lib/pool.h"
#include "lib/xalloc.h"
#include "scanner/account.h"
#include "scanner/kinds.h"
#include "scanner/walk_fts.h"
#include "scanner/walk_par.h"

static int
stat_root(struct walk_worker *ww, const char *path, enum walk_follow follow,
    struct statx *sx)
{
	unsigned flags = WALK_STATX_FLAGS |
	    (follow == WALK_FOLLOW ? 0 : AT_SYMLINK_NOFOLLOW);
	int err;

	if (statx(AT_FDCWD, path, flags, WALK_STATX_WANT, sx) == 0)
		return 0;
	err = errno;
	if (follow == WALK_FOLLOW && err == ENOENT &&
	    statx(AT_FDCWD, path, WALK_STATX_FLAGS | AT_SYMLINK_NOFOLLOW,
	        STATX_TYPE, sx) == 0)
		walk_error_add(ww, path, err, WALK_ERR_DANGLING);
	else
		walk_error_add(ww, path, err, WALK_ERR_ACCESS);
	return -1;
}

struct walk *
walk_new(const struct walk_opts *opts)
{
	struct walk *w = xcalloc(1, sizeof(*w));
	unsigned i;
	size_t s;

	w->o = *opts;
	w->ncpu = pool_cpus();
	walk_par_plan(w);
	for (s = 0; s < w->o.nsinks; s++)
		if (w->o.sinks[s].ops->dir_aux > 0) {
			assert(w->dir_aux == 0 &&
			    w->o.sinks[s].ops->dir_aux % 8 == 0);
			w->dir_aux = w->o.sinks[s].ops->dir_aux;
		}
	if (w->o.flags & WALK_FTS)
		w->nworkers = 1;
	walk_account_init(w);
	w->workers = xcalloc(w->nworkers + 1, sizeof(*w->workers));
	for (i = 0; i <= w->nworkers; i++) {
		struct walk_worker *ww = &w->workers[i];

		ww->w = w;
		sbuf_init(&ww->path, 256);
		for (s = 0; s < w->o.nsinks; s++)
			if (w->o.sinks[s].ops->worker_new != NULL)
				ww->sctx[s] = w->o.sinks[s].ops->worker_new(
				    w->o.sinks[s].self);
	}
	if (!(w->o.flags & WALK_FTS))
		walk_par_start(w);
	return w;
}

unsigned
walk_nthreads(const struct walk *w)
{
	return w->nworkers;
}

char *
walk_trim_path(const char *path)
{
	size_t len = strlen(path);

	if (len > 2 && path[len - 1] == '/')
		while (len > 1 && path[len - 2] == '/')
			len--;
	return xstrndup(path, len);
}

/* Whether a symlink given as PATH is followed (-H, -L). */
static enum walk_follow
follow_args(const struct walk *w)
{
	if (w->o.flags & (WALK_DEREF_ARGS | WALK_DEREF_ALL))
		return WALK_FOLLOW;
	return WALK_NOFOLLOW;
}

/*
 * Notes whether the PATH just stat'ed (e) is a symbolic link, and where
 * it leads.  A link that is not followed is counted as itself, as du
 * does; one that leads nowhere (dangling, a loop) is also an error.
 */
static void
root_link(
    struct walk_worker *ww, struct walk_root *root, const struct scan_entry *e)
{
	struct statx sx;
	struct stat st;

	if (S_ISLNK(e->mode)) {
		root->symlink = 1;
		if (stat(root->path, &st) != 0)
			walk_error_add(ww, root->path, errno, WALK_ERR_ACCESS);
		else
			root->target_dir = S_ISDIR(st.st_mode);
		return;
	}
	if (follow_args(ww->w) == WALK_FOLLOW &&
	    statx(AT_FDCWD, root->path, WALK_STATX_FLAGS | AT_SYMLINK_NOFOLLOW,
	        STATX_TYPE, &sx) == 0 &&
	    S_ISLNK(sx.stx_mode))
		root->symlink = root->followed = 1;
}

/* Stats a PATH; returns 0, or -1 when there is nothing to walk. */
static int
root_stat(struct walk_worker *ww, struct walk_root *root, struct scan_entry *e)
{
	struct walk *w = ww->w;
	struct statx sx;

	if (w->o.nexcludes > 0 &&
	    walk_excluded(w->o.excludes, w->o.nexcludes, root->path))
		return -1;
	if (stat_root(ww, root->path, follow_args(w), &sx) != 0)
		return -1;
	walk_entry_from_statx(e, &sx);
	root_link(ww, root, e);
	e->name = root->path;
	e->namelen = strlen(root->path);
	if (walk_account_root(ww, e) < 0)
		return -1;
	root->dev = e->dev;
	return 0;
}

static void
walk_dir_root(
    struct walk_worker *ww, struct walk_root *root, const struct scan_entry *e)
{
	struct walk *w = ww->w;
	int fd;

	root->dir = walk_dir_new(ww, NULL, root->path, e->namelen, e);
	root->dir->where = (uint16_t)kind_path_where(
	    root->real != NULL ? root->real : root->path);
	XGROW(ww->devs, ww->ndevs + 1, ww->adevs);
	ww->devs[ww->ndevs++] = (struct walk_dev){ e->dev, root->dir, NULL, 0 };
	fd = walk_open_dir(ww, AT_FDCWD, root->path, follow_args(w));
	if (fd < 0) {
		walk_dir_error(ww, root->dir, NULL, errno);
		return;
	}
	if (w->o.flags & WALK_FTS) {
		close(fd);
		walk_fts_tree(ww, root);
		return;
	}
	walk_par_tree(w, root->dir, fd);
}

static uint64_t
entries_so_far(struct walk *w)
{
	uint64_t n = 0;
	unsigned i;

	for (i = 0; i <= w->nworkers; i++)
		n += w->workers[i].nentries;
	return n;
}

void
walk_path(struct walk *w, const char *path, struct walk_root *root)
{
	struct walk_worker *ww = &w->workers[w->nworkers];
	struct scan_entry e = { 0 };
	uint64_t before = entries_so_far(w);
	double t0 = hr_mono_seconds();

	memset(root, 0, sizeof(*root));
	root->path = walk_trim_path(path);
	if (root_stat(ww, root, &e) < 0) {
		root->skipped = 1;
		return;
	}
	w->root_dev = e.dev;
	root->real = realpath(root->path, NULL);
	if (S_ISDIR(e.mode)) {
		walk_dir_root(ww, root, &e);
		walk_account_links(ww);
	} else {
		root->disk = e.disk;
		root->size = e.size;
		/* -H: the kinds of the link's target's directory */
		e.where = kind_file_where(
		    root->followed && root->real ? root->real : root->path);
		walk_emit(ww, NULL, &e);
		XGROW(ww->devs, ww->ndevs + 1, ww->adevs);
		ww->devs[ww->ndevs++] = (struct walk_dev){ e.dev, NULL,
			root->path, root->symlink && !root->followed };
	}
	walk_publish(ww, NULL);
	root->entries = entries_so_far(w) - before;
	root->seconds = hr_mono_seconds() - t0;
}

static void
merge_worker(struct walk *w, struct walk_worker *ww)
{
	size_t s;

	for (s = 0; s < w->o.nsinks; s++) {
		if (w->o.sinks[s].ops->merge != NULL)
			w->o.sinks[s].ops->merge(
			    w->o.sinks[s].self, ww->sctx[s]);
		ww->sctx[s] = NULL;
	}
	w->errs =
	    xreallocarray(w->errs, w->nerrs + ww->nerrs, sizeof(*w->errs));
	if (ww->nerrs > 0)
		memcpy(w->errs + w->nerrs, ww->errs,
		    ww->nerrs * sizeof(*ww->errs));
	w->nerrs += ww->nerrs;
	free(ww->errs);
	ww->errs = NULL;
	ww->nerrs = ww->aerrs = 0;
	w->devs =
	    xreallocarray(w->devs, w->ndevs + ww->ndevs, sizeof(*w->devs));
	if (ww->ndevs > 0)
		memcpy(w->devs + w->ndevs, ww->devs,
		    ww->ndevs * sizeof(*ww->devs));
	w->ndevs += ww->ndevs;
	free(ww->devs);
	ww->devs = NULL;
	ww->ndevs = ww->adevs = 0;
	w->skips =
	    xreallocarray(w->skips, w->nskips + ww->nskips, sizeof(*w->skips));
	if (ww->nskips > 0)
		memcpy(w->skips + w->nskips, ww->skips,
		    ww->nskips * sizeof(*ww->skips));
	w->nskips += ww->nskips;
	free(ww->skips);
	ww->skips = NULL;
	ww->nskips = ww->askips = 0;
}

static int
cmp_error(const void *pa, const void *pb)
{
	const struct walk_error *a = pa, *b = pb;

	return strcmp(a->path, b->path);
}

static int
cmp_skip(const void *pa, const void *pb)
{
	const struct walk_skip *a = pa, *b = pb;

	return strcmp(a->path, b->path);
}

void
walk_finish(struct walk *w, struct walk_root *roots, size_t nroots)
{
	size_t i, j, k;

	pool_free(w->pool);
	w->pool = NULL;
	/* The caller's worker first: it holds the PATHs' file systems. */
	for (i = 0; i <= w->nworkers; i++)
		merge_worker(
		    w, &w->workers[(i + w->nworkers) % (w->nworkers + 1)]);
	if (w->nerrs > 1)
		qsort(w->errs, w->nerrs, sizeof(*w->errs), cmp_error);
	if (w->nskips > 1)
		qsort(w->skips, w->nskips, sizeof(*w->skips), cmp_skip);
	for (i = 0; i < nroots; i++)
		for (j = 0; j < w->o.nsinks && roots[i].dir != NULL; j++)
			if (w->o.sinks[j].ops->finish != NULL)
				w->o.sinks[j].ops->finish(
				    w->o.sinks[j].self, roots[i].dir);
	/* Keep the first record of each device. */
	for (i = k = 0; i < w->ndevs; i++) {
		for (j = 0; j < k && w->devs[j].dev != w->devs[i].dev; j++)
			;
		if (j == k)
			w->devs[k++] = w->devs[i];
	}
	w->ndevs = k;
}

size_t
walk_errors(struct walk *w, const struct walk_error **v)
{
	*v = w->errs;
	return w->nerrs;
}

size_t
walk_skipped(struct walk *w, const struct walk_skip **v)
{
	*v = w->skips;
	return w->nskips;
}

size_t
walk_devs(struct walk *w, const struct walk_dev **v)
{
	*v = w->devs;
	return w->ndevs;
}

void
walk_progress(struct walk *w, struct walk_progress *p)
{
	struct scan_dir *cur = NULL, *c;
	unsigned i;

	p->entries = p->disk = 0;
	for (i = 0; i <= w->nworkers; i++) {
		struct walk_worker *ww = &w->workers[i];

		p->entries +=
		    atomic_load_explicit(&ww->entries, memory_order_relaxed);
		p->disk +=
		    atomic_load_explicit(&ww->disk, memory_order_relaxed);
		c = atomic_load_explicit(&ww->current, memory_order_acquire);
		if (c != NULL && (cur == NULL || c->depth > cur->depth))
			cur = c;
	}
	sbuf_reset(&p->current);
	if (cur != NULL)
		tree_path(cur, &p->current);
}

void
walk_free(struct walk *w)
{
	size_t i, s;

	if (w == NULL)
		return;
	pool_free(w->pool);
	for (i = 0; i <= w->nworkers; i++) {
		struct walk_worker *ww = &w->workers[i];
		struct walk_chunk *c, *prev;

		for (s = 0; s < w->o.nsinks; s++)
			if (ww->sctx[s] != NULL &&
			    w->o.sinks[s].ops->merge != NULL)
				w->o.sinks[s].ops->merge(
				    w->o.sinks[s].self, ww->sctx[s]);
		for (c = ww->arena; c != NULL; c = prev) {
			prev = c->prev;
			free(c);
		}
		for (s = 0; s < ww->nerrs; s++)
			free(ww->errs[s].path);
		free(ww->errs);
		for (s = 0; s < ww->nskips; s++)
			free(ww->skips[s].path);
		free(ww->skips);
		free(ww->devs);
		free(ww->stack);
		free(ww->dbuf);
		sbuf_release(&ww->path);
	}
	for (i = 0; i < w->nerrs; i++)
		free(w->errs[i].path);
	free(w->errs);
	for (i = 0; i < w->nskips; i++)
		free(w->skips[i].path);
	free(w->skips);
	free(w->devs);
	free(w->workers);
	walk_account_free(w);
	free(w);
}

void
walk_root_release(struct walk_root *root)
{
	free(root->path);
	free(root->real);
	root->path = root->real = NULL;
	root->dir = NULL;
}
