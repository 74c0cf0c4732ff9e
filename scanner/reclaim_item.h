/*
 * reclaim_item: one item of the Reclaimable section (reclaim.h) and the
 * list that reclaim.c and reclaim_deleted.c gather them in, apart from
 * both so that neither needs the other's code to add an item.
 */
#ifndef HR_RECLAIM_ITEM_H
#define HR_RECLAIM_ITEM_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "lib/xalloc.h"

enum reclaim_kind {
	RECLAIM_DELETED,
	RECLAIM_ROTATED,
	RECLAIM_JOURNAL,
	RECLAIM_CONTAINER,
	RECLAIM_HARDLINK,
};

struct reclaim_item {
	enum reclaim_kind kind;
	uint64_t disk; /* what the command frees */
	int counted;   /* adds to the total (not a hard link's) */
	char *what;    /* owned: one line for people, names quoted */
	char *path;    /* owned: the directory or file, raw; "" for none */
	char *command; /* owned: to paste into a shell; "" when none */
	char *risk;    /* owned: what it costs; "" when nothing */
	char *fix;     /* owned: how to stop it coming back; "" for none */
};

/* The items as they are gathered, before reclaim_build sorts them. */
struct reclaim_list {
	struct reclaim_item *v;
	size_t n, alloc;
};

/* Appends an item of kind k for path (copied); the caller fills the rest. */
static inline struct reclaim_item *
reclaim_add(struct reclaim_list *l, enum reclaim_kind k, uint64_t disk,
    const char *path)
{
	struct reclaim_item *it;

	XGROW(l->v, l->n + 1, l->alloc);
	it = &l->v[l->n++];
	memset(it, 0, sizeof(*it));
	it->kind = k;
	it->disk = disk;
	it->counted = k != RECLAIM_HARDLINK;
	it->path = xstrdup(path);
	return it;
}

#endif
