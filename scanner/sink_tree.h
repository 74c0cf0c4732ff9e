/*
 * sink_tree: the sums du prints.
 *
 * tree_ops is a sink (sink.h): it gives every directory record its own
 * inode's usage and adds every counted entry to the sums of its
 * directory; once a PATH is walked (finish) it folds the tree into the
 * cumulative fields of every directory with tree_sum(), without
 * recursion.
 */
#ifndef HR_SINK_TREE_H
#define HR_SINK_TREE_H

#include "scanner/sink.h"

/* The sink that fills disk, size, files, dirs, errors.  self unused. */
extern const struct sink_ops tree_ops;

/*
 * Adds every directory's disk, size, files, dirs and errors to its
 * parent's, from the deepest up, so each holds its subtree's; sets
 * SCAN_DIR_SUBERR on every ancestor of a directory with errors.
 * Iterative: any depth works.
 */
void tree_sum(struct scan_dir *root);

#endif
