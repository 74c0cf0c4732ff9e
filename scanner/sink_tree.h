/*
 * sink_tree: the sums du prints.
 *
 * tree_ops is a sink (sink.h): it adds every counted entry to the sums
 * of its directory.  tree_sum() then folds a finished walk into the
 * cumulative fields of every directory, without recursion.
 */
#ifndef HR_SINK_TREE_H
#define HR_SINK_TREE_H

#include "scanner/sink.h"

/* The sink that adds entries to disk, size, files, errors.  self unused. */
extern const struct sink_ops tree_ops;

/*
 * Adds every directory's disk, size, files, dirs and errors to its
 * parent's, from the deepest up, so each holds its subtree's; sets SCAN_DIR_SUBERR on every
 * ancestor of a directory with errors.  Iterative: any depth works.
 */
void tree_sum(struct scan_dir *root);

#endif
