/*
 * sink_tree: the sums du prints, and the set of inodes already counted.
 *
 * tree_ops is a sink (sink.h): it adds every counted entry to the sums
 * of its directory.  tree_sum() then folds a finished walk into the
 * cumulative fields of every directory, without recursion.
 *
 * struct hlset is the concurrent (dev, ino) set that makes an inode count
 * once per run: hlset_add() from any thread returns 1 the first time a
 * pair is added, 0 afterwards.
 */
#ifndef HR_SINK_TREE_H
#define HR_SINK_TREE_H

#include <stddef.h>
#include <stdint.h>

#include "lib/sbuf.h"
#include "scanner/sink.h"

struct hlset;

/* A new, empty set.  Free with hlset_free(). */
struct hlset *hlset_new(void);
/* Adds (dev, ino); returns 1 if it was not there, 0 if it was.  MT-safe. */
int hlset_add(struct hlset *s, uint64_t dev, uint64_t ino);
/* Number of pairs held. */
size_t hlset_count(struct hlset *s);
void hlset_free(struct hlset *s);

/* Whether (dev, ino) is in the set.  MT-safe. */
int hlset_has(struct hlset *s, uint64_t dev, uint64_t ino);

/*
 * struct linkset: for each hard-linked inode, the one name du counts, the
 * first in du's order (depth-first, each directory in readdir order; see
 * sink.h).  linkset_offer() from any thread; linkset_drain() when the
 * walk of a PATH is over.
 */
struct linkset;

struct linkset *linkset_new(void);
/* Offers the name e of dir; kept if it comes first in du's order. */
void linkset_offer(
    struct linkset *s, struct scan_dir *dir, const struct scan_entry *e);
/*
 * Calls fn once per inode with the kept name (e->name valid during the
 * call only) and empties the set.
 */
void linkset_drain(struct linkset *s,
    void (*fn)(struct scan_dir *dir, const struct scan_entry *e, void *arg),
    void *arg);
void linkset_free(struct linkset *s);
/*
 * Compares two places in du's order: entry ia of directory a against
 * entry ib of directory b.  Returns < 0, 0 or > 0.
 */
int tree_order(const struct scan_dir *a, uint32_t ia, const struct scan_dir *b,
    uint32_t ib);

/* The sink that adds entries to disk, size, files, errors.  self unused. */
extern const struct sink_ops tree_ops;

/*
 * Adds every directory's disk, size, files, dirs and errors to its
 * parent's, from the deepest up, so each holds its subtree's; sets SCAN_DIR_SUBERR on every
 * ancestor of a directory with errors.  Iterative: any depth works.
 */
void tree_sum(struct scan_dir *root);

/*
 * Appends the path of d to sb as du prints it: the PATH argument, then
 * "/" and each component (a PATH that ends in "/" gets no second one).
 */
void tree_path(const struct scan_dir *d, struct sbuf *sb);

/*
 * Appends "/" and name to sb, which holds a directory's path, the way
 * fts joins them (no "/" is added after a path that ends in one).
 */
void tree_join(struct sbuf *sb, const char *name, size_t namelen);

/* Puts d's subdirectories, listed newest first, in readdir order. */
void tree_reverse_children(struct scan_dir *d);

/*
 * Post-order traversal: calls fn(d, arg) for every directory of root with
 * depth <= maxdepth, each after its subdirectories, siblings in readdir
 * order: the order in which du prints them.
 */
void tree_postorder(struct scan_dir *root, uint32_t maxdepth,
    void (*fn)(struct scan_dir *d, void *arg), void *arg);

#endif
