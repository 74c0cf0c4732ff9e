/*
 * recent: what was written lately (--since).  A sink that adds up, per
 * directory, the regular files whose mtime falls within the window, and
 * keeps the largest of them; the walk already asks statx for the mtime,
 * so this costs no system call.
 *
 *	struct recent r;
 *	recent_init(&r, now - 6 * 3600, 6 * 3600, maxdepth, 20, MEASURE_DISK);
 *	... struct sink s = { &recent_ops, &r }; walk, walk_finish ...
 *	recent_finish(&r, 20);
 *	r.dirs[0 .. r.ndirs): largest first; r.files.files: the files
 *	recent_release(&r);
 */
#ifndef HR_RECENT_H
#define HR_RECENT_H

#include <stddef.h>
#include <stdint.h>

#include "scanner/sink.h"
#include "scanner/sink_rank.h"

/* The files of the window below one directory. */
struct recent_dir {
	const struct scan_dir *dir; /* borrowed from the walk */
	uint64_t disk, size, files;
};

struct recent {
	int64_t cutoff;    /* an mtime at or after it is recent */
	uint64_t window;   /* the --since seconds */
	uint32_t maxdepth; /* directories are ranked down to it */
	struct rank files;
	/* Before recent_finish: sums within -d; after: the ranking. */
	struct recent_dir *dirs;
	size_t ndirs, adirs;
	uint64_t disk, size, files_total; /* every recent file counted */
};

void recent_init(struct recent *r, int64_t cutoff, uint64_t window,
    uint32_t maxdepth, size_t top, enum scan_measure measure);

/* The sink; self is a struct recent. */
extern const struct sink_ops recent_ops;

/*
 * After walk_finish: replaces dirs by the directories of depth 0 to
 * maxdepth with their cumulative recent sums (each file counts in every
 * ancestor down to maxdepth), largest first by the ranking measure, at
 * most top, ties by path.  Directories with nothing recent are left out.
 */
void recent_finish(struct recent *r, size_t top);
void recent_release(struct recent *r);

#endif
