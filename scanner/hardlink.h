/*
 * hardlink: du's counting rule for hard links, an inode counts once.
 *
 * struct hlset is the concurrent (dev, ino) set that makes an inode count
 * once per run: hlset_add() from any thread returns 1 the first time a
 * pair is added, 0 afterwards.
 *
 * struct linkset: for each hard-linked inode, the one name du counts, the
 * first in du's order (tree_order(), sink.h).  linkset_offer() from any
 * thread; linkset_drain() when the walk of a PATH is over.
 */
#ifndef HR_HARDLINK_H
#define HR_HARDLINK_H

#include <stddef.h>
#include <stdint.h>

#include "scanner/sink.h"

struct hlset;

/* A new, empty set.  Free with hlset_free(). */
struct hlset *hlset_new(void);
/* Adds (dev, ino); returns 1 if it was not there, 0 if it was.  MT-safe. */
int hlset_add(struct hlset *s, uint64_t dev, uint64_t ino);
/* Whether (dev, ino) is in the set.  MT-safe. */
int hlset_has(struct hlset *s, uint64_t dev, uint64_t ino);
/* Number of pairs held. */
size_t hlset_count(struct hlset *s);
void hlset_free(struct hlset *s);

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

#endif
