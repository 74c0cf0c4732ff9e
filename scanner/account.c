/*
 * account: what both walkers (walk_par.c, walk_fts.c) and the driver
 * (walk.c) share: du's counting rules for every entry a walker stat'ed,
 * the directory records, and the hand-off to the sinks.
 *
 * An entry is counted unless -x or a kernel file system keeps it out;
 * an inode with nlink > 1 is counted once, under the name du counts it
 * under (hardlink.h), after its PATH is walked; with several PATHs every
 * inode counts once per run.  Every entry, counted or not, goes to every
 * sink (sink.h) with flags that say which.
 */
#include "config.h"

#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/types.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "lib/xalloc.h"
#include "scanner/account.h"
#include "scanner/hardlink.h"
#include "scanner/kinds.h"

#define CHUNK_SIZE (64 * 1024)

static void *
arena_alloc(struct walk_worker *ww, size_t n)
{
	struct walk_chunk *c = ww->arena;
	void *p;

	n = (n + 7) & ~(size_t)7;
	if (c == NULL || c->size - c->used < n) {
		size_t size = n > CHUNK_SIZE ? n : CHUNK_SIZE;

		c = xmalloc(sizeof(*c) + size);
		c->used = 0;
		c->size = size;
		c->prev = ww->arena;
		ww->arena = c;
	}
	p = c->data + c->used;
	c->used += n;
	return p;
}

struct scan_dir *
walk_dir_new(struct walk_worker *ww, struct scan_dir *parent, const char *name,
    size_t namelen, const struct scan_entry *e)
{
	size_t aux = ww->w->dir_aux, i;
	struct scan_dir *d =
	    (void *)((char *)arena_alloc(ww, aux + sizeof(*d) + namelen + 1) +
	        aux);

	memset(d, 0, sizeof(*d));
	d->parent = parent;
	d->dev = e->dev;
	d->depth = parent ? parent->depth + 1 : 0;
	d->index = e->index;
	d->flags = 0;
	d->where = parent != NULL
	    ? (uint16_t)kind_dir_where(parent->where, name, namelen)
	    : 0;
	d->namelen = (uint32_t)namelen;
	memcpy(d->name, name, namelen);
	d->name[namelen] = '\0';
	if (parent != NULL) {
		/* Newest first; the reader reverses the list when done. */
		d->next = parent->child;
		parent->child = d;
		if (parent->dev != d->dev) {
			XGROW(ww->devs, ww->ndevs + 1, ww->adevs);
			ww->devs[ww->ndevs++] =
			    (struct walk_dev){ d->dev, d, NULL, 0 };
		}
	}
	for (i = 0; i < ww->w->o.nsinks; i++)
		if (ww->w->o.sinks[i].ops->dir_new != NULL)
			ww->w->o.sinks[i].ops->dir_new(ww->sctx[i], d, e);
	return d;
}

void
walk_emit(
    struct walk_worker *ww, struct scan_dir *dir, const struct scan_entry *e)
{
	size_t i;

	for (i = 0; i < ww->w->o.nsinks; i++)
		ww->w->o.sinks[i].ops->entry(ww->sctx[i], dir, e);
}

static int
dev_skipped(const struct walk *w, uint64_t dev)
{
	size_t i;

	for (i = 0; i < w->o.nskip_devs; i++)
		if (w->o.skip_devs[i] == dev)
			return 1;
	return 0;
}

/* Records the mount point e of dir, not entered. */
static void
skip_add(struct walk_worker *ww, struct scan_dir *dir,
    const struct scan_entry *e, enum walk_skip_reason why)
{
	struct sbuf path = SBUF_INIT;

	tree_path(dir, &path);
	tree_join(&path, e->name, e->namelen);
	XGROW(ww->skips, ww->nskips + 1, ww->askips);
	ww->skips[ww->nskips++] =
	    (struct walk_skip){ sbuf_detach(&path), e->dev, why };
}

struct scan_dir *
walk_account(struct walk_worker *ww, struct scan_dir *dir, struct scan_entry *e)
{
	struct walk *w = ww->w;
	int hash_all = (w->o.flags & WALK_HASH_ALL) != 0;

	if ((w->o.flags & WALK_XDEV) && e->dev != w->root_dev) {
		e->flags |= SCAN_ENT_OTHERFS;
		skip_add(ww, dir, e, WALK_SKIP_OTHERFS);
		walk_emit(ww, dir, e);
		return NULL;
	}
	if (e->dev != dir->dev && dev_skipped(w, e->dev)) {
		e->flags |= SCAN_ENT_KERNFS;
		skip_add(ww, dir, e, WALK_SKIP_KERNFS);
		walk_emit(ww, dir, e);
		return NULL;
	}
	ww->nentries++;
	if (e->nlink > 1 && !S_ISDIR(e->mode)) {
		/* Counted after the walk, under the name du counts. */
		if (!hash_all || !hlset_has(w->hl, e->dev, e->ino))
			linkset_offer(w->links, dir, e);
		e->flags |= SCAN_ENT_DUP;
		walk_emit(ww, dir, e);
		return NULL;
	}
	if (hash_all && !hlset_add(w->hl, e->dev, e->ino)) {
		e->flags |= SCAN_ENT_DUP;
		walk_emit(ww, dir, e);
		return NULL;
	}
	ww->ndisk += e->disk;
	if (S_ISDIR(e->mode))
		return walk_dir_new(ww, dir, e->name, e->namelen, e);
	walk_emit(ww, dir, e);
	return NULL;
}

void
walk_error_add(struct walk_worker *ww, const char *path, int code,
    enum walk_error_kind kind)
{
	XGROW(ww->errs, ww->nerrs + 1, ww->aerrs);
	ww->errs[ww->nerrs++] =
	    (struct walk_error){ xstrdup(path), code, kind };
}

void
walk_publish(struct walk_worker *ww, struct scan_dir *current)
{
	atomic_store_explicit(&ww->entries, ww->nentries, memory_order_relaxed);
	atomic_store_explicit(&ww->disk, ww->ndisk, memory_order_relaxed);
	if (current != NULL)
		atomic_store_explicit(
		    &ww->current, current, memory_order_release);
}

int
walk_excluded(char *const *pats, size_t npats, const char *path)
{
	size_t i;
	const char *p;

	for (i = 0; i < npats; i++) {
		if (fnmatch(pats[i], path, 0) == 0)
			return 1;
		for (p = path; *p; p++)
			if (*p == '/' && p[1] != '/' &&
			    fnmatch(pats[i], p + 1, 0) == 0)
				return 1;
	}
	return 0;
}

void
walk_entry_from_statx(struct scan_entry *e, const struct statx *sx)
{
	e->mode = sx->stx_mode;
	e->nlink = sx->stx_nlink;
	e->ino = sx->stx_ino;
	e->dev = makedev(sx->stx_dev_major, sx->stx_dev_minor);
	e->size = sx->stx_size;
	e->disk = sx->stx_blocks * 512;
	e->mtime = sx->stx_mtime.tv_sec;
}

int
walk_open_dir(struct walk_worker *ww, int dirfd, const char *name,
    enum walk_follow follow)
{
	int flags = O_RDONLY | O_DIRECTORY | O_CLOEXEC |
	    (follow == WALK_FOLLOW ? 0 : O_NOFOLLOW);
	int fd;

	if (!ww->noatime_failed) {
		fd = openat(dirfd, name, flags | O_NOATIME);
		if (fd >= 0 || errno != EPERM)
			return fd;
		ww->noatime_failed = 1;
	}
	return openat(dirfd, name, flags);
}

void
walk_dir_error(
    struct walk_worker *ww, struct scan_dir *dir, const char *path, int code)
{
	dir->flags |= SCAN_DIR_READERR;
	dir->errors++;
	if (path == NULL) {
		sbuf_reset(&ww->path);
		tree_path(dir, &ww->path);
		path = ww->path.buf;
	}
	walk_error_add(ww, path, code, WALK_ERR_READDIR);
}

static void
count_link(struct scan_dir *dir, const struct scan_entry *e, void *arg)
{
	struct walk_worker *ww = arg;
	struct scan_entry late = *e;

	late.flags = SCAN_ENT_LATE;
	ww->ndisk += e->disk;
	if (ww->w->o.flags & WALK_HASH_ALL)
		hlset_add(ww->w->hl, e->dev, e->ino);
	walk_emit(ww, dir, &late);
}

void
walk_account_links(struct walk_worker *ww)
{
	linkset_drain(ww->w->links, count_link, ww);
}

int
walk_account_root(struct walk_worker *ww, const struct scan_entry *e)
{
	struct walk *w = ww->w;

	if ((w->o.flags & WALK_HASH_ALL) && !hlset_add(w->hl, e->dev, e->ino))
		return -1;
	ww->nentries++;
	ww->ndisk += e->disk;
	return 0;
}

void
walk_account_init(struct walk *w)
{
	w->hl = hlset_new();
	w->links = linkset_new();
}

void
walk_account_free(struct walk *w)
{
	hlset_free(w->hl);
	linkset_free(w->links);
}
