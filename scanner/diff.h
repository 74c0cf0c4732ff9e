/*
 * diff: this scan against a saved one (--diff): which directories grew
 * or shrank and how fast, which are new and which vanished, and how fast
 * each file system fills and when it will be full at that rate.  Sizes
 * are disk usage, whatever --apparent-size says: the question is what
 * fills the disk.
 */
#ifndef HR_DIFF_H
#define HR_DIFF_H

#include <stddef.h>
#include <stdint.h>

#include "scanner/fsinfo.h"
#include "scanner/snapshot.h"
#include "scanner/walk.h"

struct diff_dir {
	char *path; /* owned */
	uint32_t depth;
	uint64_t before, after; /* disk usage; 0 when absent */
	int64_t delta;          /* after - before */
	int added;              /* not in the snapshot */
};

/* Which sum of a diff_dir a list shows: new directories', or vanished. */
enum diff_side { DIFF_BEFORE, DIFF_AFTER };

struct diff_fs {
	const char *mount; /* borrowed from the report's fsinfo */
	uint64_t used_before, used_after, avail;
	int64_t delta;
	double seconds_to_full; /* at the rate since; < 0: not filling */
};

struct diff {
	int64_t saved_sec; /* when the saved scan started */
	long saved_nsec;
	double seconds; /* from then to this scan's start; rates need > 0 */
	struct diff_dir *dirs; /* changed, largest growth first */
	size_t ndirs;
	struct diff_dir *added; /* new, each the top of a new subtree */
	size_t nadded;
	struct diff_dir *vanished; /* gone, the same */
	size_t nvanished;
	struct diff_fs *fs; /* the report's file systems also in the snapshot */
	size_t nfs;
};

/* What a diff is built from. */
struct diff_source {
	const struct snapshot *snap;
	const struct walk_root *roots; /* the finished walk (tree_sum done) */
	size_t nroots;
	const struct fsinfo *fs;
	size_t nfs;
	int64_t sec; /* when this scan started */
	long nsec;
	uint32_t maxdepth; /* directories from depth 0 to this */
	size_t top;        /* at most this many rows in each list */
};

/*
 * Compares.  Each PATH is matched with the snapshot's root of the same
 * real path (a PATH without one is left out: the caller checks first);
 * directories by their names below it, file systems by mount point.
 * Fills *d (release with diff_release).
 */
void diff_build(struct diff *d, const struct diff_source *src);

/* delta per hour, or 0 when no time passed. */
double diff_per_hour(const struct diff *d, int64_t delta);

void diff_release(struct diff *d);

#endif
