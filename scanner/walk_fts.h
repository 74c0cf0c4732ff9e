/*
 * walk_fts: the reference walker (--fts, -L), driven by walk.c: one
 * thread, fts(3), every entry accounted through account.h.
 */
#ifndef HR_WALK_FTS_H
#define HR_WALK_FTS_H

#include "scanner/account.h"

/*
 * Walks root->path, whose record root->dir exists already, with fts(3)
 * on the worker ww.
 */
void walk_fts_tree(struct walk_worker *ww, struct walk_root *root);

#endif
