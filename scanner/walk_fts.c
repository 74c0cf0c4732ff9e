/*
 * walk_fts: the reference walker.  One thread, fts(3) with FTS_PHYSICAL
 * (FTS_LOGICAL for -L, FTS_COMFOLLOW for -H), changing directories so
 * that paths longer than PATH_MAX work (glibc's fts stops at about 32 KiB;
 * with -L it cannot change directories), no comparison function (so
 * readdir order, as du), and the same accounting as walk_par.c through
 * account.h: the two walkers must agree on every total and every line of
 * --format=du.
 */
#include "config.h"

#include <sys/stat.h>
#include <sys/types.h>
#include <errno.h>
#include <fts.h>
#include <string.h>

#include "scanner/account.h"
#include "scanner/walk_fts.h"

static void
entry_from_stat(struct scan_entry *e, const FTSENT *ent)
{
	const struct stat *st = ent->fts_statp;

	e->name = ent->fts_name;
	e->namelen = ent->fts_namelen;
	e->mode = st->st_mode;
	e->nlink = st->st_nlink;
	e->dev = st->st_dev;
	e->ino = st->st_ino;
	e->size = st->st_size;
	e->disk = (uint64_t)st->st_blocks * 512;
	e->mtime = st->st_mtime;
}

/* One entry below the root; returns 1 when fts must not descend. */
static int
fts_entry(struct walk_worker *ww, FTSENT *ent)
{
	struct walk *w = ww->w;
	struct scan_dir *parent = ent->fts_parent->fts_pointer, *d;
	struct scan_entry e = { 0 };

	e.name = ent->fts_name;
	e.namelen = ent->fts_namelen;
	e.index = (uint32_t)ent->fts_parent->fts_number++;
	if (w->o.nexcludes > 0 &&
	    walk_excluded(w->o.excludes, w->o.nexcludes, ent->fts_path)) {
		e.flags = SCAN_ENT_EXCLUDED;
		walk_emit(ww, parent, &e);
		return 1;
	}
	if (ent->fts_info == FTS_SLNONE && (w->o.flags & WALK_DEREF_ALL)) {
		/*
		 * -L: a symlink that leads nowhere, an error as in du (glibc's
		 * fts says SLNONE for a loop too: stat tells them apart).
		 */
		struct stat st;

		e.err = stat(ent->fts_accpath, &st) != 0 ? errno : ENOENT;
		walk_error_add(ww, ent->fts_path, e.err,
		    e.err == ENOENT ? WALK_ERR_DANGLING : WALK_ERR_ACCESS);
		walk_emit(ww, parent, &e);
		return 1;
	}
	if (ent->fts_info == FTS_NS || ent->fts_info == FTS_ERR) {
		e.err = ent->fts_errno;
		walk_error_add(ww, ent->fts_path, e.err, WALK_ERR_ACCESS);
		walk_emit(ww, parent, &e);
		return 1;
	}
	entry_from_stat(&e, ent);
	d = walk_account(ww, parent, &e);
	if (d == NULL)
		return 1;
	ent->fts_pointer = d;
	if (ent->fts_info == FTS_DNR)
		walk_dir_error(ww, d, ent->fts_path, ent->fts_errno);
	walk_publish(ww, d);
	return 0;
}

void
walk_fts_tree(struct walk_worker *ww, struct walk_root *root)
{
	char *argv[2] = { root->path, NULL };
	FTS *fts;
	FTSENT *ent;
	int opts = 0;

	if (ww->w->o.flags & WALK_DEREF_ALL)
		opts |= FTS_LOGICAL;
	else
		opts |= FTS_PHYSICAL;
	if (ww->w->o.flags & WALK_DEREF_ARGS)
		opts |= FTS_COMFOLLOW;
	fts = fts_open(argv, opts, NULL);
	if (fts == NULL) {
		walk_dir_error(ww, root->dir, root->path, errno);
		return;
	}
	for (errno = 0; (ent = fts_read(fts)) != NULL; errno = 0) {
		if (ent->fts_level == FTS_ROOTLEVEL &&
		    ent->fts_info != FTS_DP) {
			ent->fts_pointer = root->dir;
			if (ent->fts_info == FTS_DNR)
				walk_dir_error(
				    ww, root->dir, root->path, ent->fts_errno);
			continue;
		}
		if (ent->fts_info == FTS_DP) {
			if (ent->fts_pointer != NULL)
				tree_reverse_children(ent->fts_pointer);
			continue;
		}
		if (ent->fts_info == FTS_DC)
			continue;
		if (ent->fts_info == FTS_DNR && ent->fts_pointer != NULL) {
			/* Returned as FTS_D first, then the read failed. */
			walk_dir_error(ww, ent->fts_pointer, ent->fts_path,
			    ent->fts_errno);
			continue;
		}
		if (fts_entry(ww, ent) && ent->fts_info == FTS_D)
			fts_set(fts, ent, FTS_SKIP);
	}
	if (errno != 0) {
		walk_dir_error(ww, root->dir, root->path, errno);
	}
	fts_close(fts);
}
