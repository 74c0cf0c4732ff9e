/*
 * sink_rank: the largest files (bounded per-worker heaps merged at the
 * end), space by kind of file, and the largest directories.
 *
 *	struct rank r;
 *	rank_init(&r, 20, MEASURE_DISK);
 *	... struct sink s = { &rank_ops, &r }; walk ...
 *	after walk_finish(): r.files[0 .. r.nfiles) largest first
 *	rank_release(&r);
 */
#ifndef HR_SINK_RANK_H
#define HR_SINK_RANK_H

#include <stddef.h>
#include <stdint.h>

#include "lib/sbuf.h"
#include "scanner/kinds.h"
#include "scanner/sink.h"
#include "scanner/sink_logs.h"

struct rank_file {
	uint64_t bytes; /* the ranking measure (disk or size) */
	uint64_t disk, size;
	const struct scan_dir *dir; /* borrowed from the walk; NULL: */
	char *name;    /* owned; the file is a PATH, name the PATH */
	int64_t mtime; /* seconds since the epoch */
	uint32_t nlink;
};

struct rank_kind {
	uint64_t disk, size, files;
};

struct rank {
	size_t top;                /* how many files to keep */
	enum scan_measure measure; /* what ranks: disk usage or st_size */
	struct rank_file *files;   /* after merge: largest first */
	size_t nfiles;
	struct rank_kind kinds[KIND_COUNT];
	struct logs *logs; /* NULL, or where rotated logs are (sink_logs.h) */
};

/* Per-worker heap; exposed for the unit tests. */
struct rank_heap {
	struct rank_file *v;
	size_t n, cap;
};

void rank_init(struct rank *r, size_t top, enum scan_measure measure);
void rank_release(struct rank *r);

/*
 * Offers a file to a heap of capacity cap.  Returns 1 if it was kept
 * (name is copied), 0 if it was too small.  Files of the same size rank
 * by path, so which worker saw a file never changes the result.
 */
int rank_heap_offer(struct rank_heap *h, const struct rank_file *f);
/*
 * Offers a walked file (e->name within dir; dir NULL: e->name is a PATH),
 * ranked by disk usage or, with MEASURE_SIZE, by size; an empty one is
 * not offered.  Returns what rank_heap_offer returns.
 */
int rank_heap_offer_entry(struct rank_heap *h, const struct scan_dir *dir,
    const struct scan_entry *e, enum scan_measure measure);
void rank_heap_release(struct rank_heap *h);
/*
 * Moves the heap's files into r->files, keeping the r->top largest,
 * largest first (ties by directory and name, so the result does not
 * depend on which worker saw which file).  h is left empty.
 */
void rank_merge_heap(struct rank *r, struct rank_heap *h);

extern const struct sink_ops rank_ops;

/*
 * Orders two directories by path (depth, then parents, then name), so
 * ties in a ranking never depend on which worker saw what.
 */
int rank_cmp_dir(const struct scan_dir *a, const struct scan_dir *b);

/* Appends the path of f (as du would print it) to sb. */
void rank_file_path(const struct rank_file *f, struct sbuf *sb);

/*
 * The largest directories of root with 1 <= depth <= maxdepth by the
 * chosen measure (cumulative, so call after walk_finish), at most n,
 * largest first, appended to *out (*nout entries, *alloc allocated;
 * free(*out)).
 */
void rank_dirs(struct scan_dir *root, uint32_t maxdepth, size_t n,
    enum scan_measure measure, struct scan_dir ***out, size_t *nout,
    size_t *alloc);
/* Sorts dirs largest first by the measure and keeps at most n. */
void rank_dirs_trim(
    struct scan_dir **dirs, size_t *ndirs, size_t n, enum scan_measure measure);

#endif
