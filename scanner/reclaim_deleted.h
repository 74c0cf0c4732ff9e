/*
 * reclaim_deleted: the Reclaimable items for deleted files still held
 * open (see reclaim.h), grouped by who must let go of them.
 */
#ifndef HR_RECLAIM_DELETED_H
#define HR_RECLAIM_DELETED_H

#include "scanner/deleted.h"
#include "scanner/reclaim_item.h"

/* Appends to l the items for d's files; proc is "/proc" or a test's. */
void reclaim_deleted(
    struct reclaim_list *l, const struct deleted_report *d, const char *proc);

#endif
