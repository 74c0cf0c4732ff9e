/*
 * walk: the scanner's engine.  Walks PATH arguments one after another,
 * each with a pool of workers (or with fts(3) in one thread, the
 * reference walker), and hands every entry to the sinks (sink.h).
 *
 *	struct walk *w = walk_new(&opts);
 *	for each PATH: walk_path(w, path, &roots[i]);
 *	walk_finish(w, roots, n);	// merge and finish the sinks
 *	... report from roots[], walk_errors(), walk_devs() ...
 *	walk_root_release(&roots[i]); walk_free(w);
 *
 * Semantics are GNU du's: st_blocks * 512, directories count their own
 * blocks, an inode with nlink > 1 counts once per run (every inode when
 * opts.hash_all, as du does with several PATHs), symlinks are not
 * followed (but with -H those given as PATH, with -L all of them, as du),
 * -x stays on each PATH's file system, excludes match the path
 * as du's --exclude does.  Unreadable entries are recorded, flagged on
 * their directory, and the walk goes on.
 */
#ifndef HR_WALK_H
#define HR_WALK_H

#include <stddef.h>
#include <stdint.h>

#include "lib/sbuf.h"
#include "scanner/sink.h"

enum walk_flags {
	WALK_XDEV = 1 << 0,       /* -x: stay on each PATH's file system */
	WALK_FTS = 1 << 1,        /* the single-threaded fts(3) walker */
	WALK_HASH_ALL = 1 << 2,   /* count every inode once, dirs included */
	WALK_DEREF_ARGS = 1 << 3, /* -H: follow symlinks given as PATH */
	WALK_DEREF_ALL = 1 << 4,  /* -L: follow every symlink; needs WALK_FTS
	                             and WALK_HASH_ALL, as du */
};

#define WALK_MAX_SINKS 4

struct walk_opts {
	unsigned flags;    /* enum walk_flags */
	unsigned nthreads; /* workers; 0 picks the default */
	char **excludes;   /* borrowed glob patterns (du --exclude) */
	size_t nexcludes;
	struct sink *sinks; /* borrowed, at most WALK_MAX_SINKS */
	size_t nsinks;
	const uint64_t *skip_devs; /* borrowed: file systems not to enter */
	size_t nskip_devs;         /* (kernel ones: /proc, /sys ...) */
};

/* One PATH argument. */
struct walk_root {
	char *path; /* owned: as given, trailing "/"s trimmed as du */
	char *real; /* owned: its real absolute path, or NULL if unknown */
	struct scan_dir *dir; /* the tree, or NULL when PATH is no directory */
	int skipped;    /* excluded, already counted, or not there: no output */
	int symlink;    /* PATH is a symbolic link */
	int followed;   /* ... and it was followed (-H, -L) */
	int target_dir; /* ... not followed, and it leads to a directory */
	uint64_t dev;
	uint64_t disk, size; /* of a non-directory PATH */
	uint64_t entries;    /* entries stat'ed under this PATH */
	double seconds;      /* wall time of its walk */
};

enum walk_error_kind {
	WALK_ERR_ACCESS,   /* "cannot access": stat failed */
	WALK_ERR_READDIR,  /* "cannot read directory": open or read failed */
	WALK_ERR_DANGLING, /* "cannot access", followed a dangling symlink */
};

struct walk_error {
	char *path; /* owned */
	int code;   /* errno */
	enum walk_error_kind kind;
};

enum walk_skip_reason {
	WALK_SKIP_OTHERFS, /* -x */
	WALK_SKIP_KERNFS,  /* on one of opts.skip_devs */
};

/* A mount point below a PATH that the walk did not enter. */
struct walk_skip {
	char *path; /* owned */
	uint64_t dev;
	enum walk_skip_reason reason;
};

/* A file system met by the walk, with the first directory seen on it. */
struct walk_dev {
	uint64_t dev;
	const struct scan_dir *dir; /* borrowed from the walk */
	const char *path;           /* borrowed: a non-directory PATH */
	int link; /* path is a symlink not followed: its parent is on dev */
};

struct walk_progress {
	uint64_t entries, disk;
	struct sbuf current; /* caller-owned: path of a directory in work */
};

/*
 * A walker with opts (copied; the arrays it points to are borrowed and
 * must outlive the walk).  Starts the worker threads.
 */
struct walk *walk_new(const struct walk_opts *opts);
/* The number of workers in use (after the descriptor budget). */
unsigned walk_nthreads(const struct walk *w);
/*
 * Walks path to the end and fills root.  Errors are recorded in the walk
 * (walk_errors), never returned.  Not thread-safe: one at a time.
 */
void walk_path(struct walk *w, const char *path, struct walk_root *root);
/*
 * Merges the per-worker sink contexts, then hands each PATH's tree to the
 * sinks' finish() (the tree sink sums it).  Call once.
 */
void walk_finish(struct walk *w, struct walk_root *roots, size_t nroots);
/* The errors met, sorted by path (valid until walk_free). */
size_t walk_errors(struct walk *w, const struct walk_error **v);
/* The mount points not entered, sorted by path (valid until walk_free). */
size_t walk_skipped(struct walk *w, const struct walk_skip **v);
/* The file systems met (valid until walk_free; after walk_finish). */
size_t walk_devs(struct walk *w, const struct walk_dev **v);
/* Totals so far and one directory in work; safe during walk_path. */
void walk_progress(struct walk *w, struct walk_progress *p);
/* Frees everything, the directory records included.  NULL is fine. */
void walk_free(struct walk *w);
void walk_root_release(struct walk_root *root);

/* Trims a PATH's trailing slashes as du does ("a///" -> "a/"). */
char *walk_trim_path(const char *path);
/*
 * Whether path matches any pattern as du's --exclude does: the whole
 * path, or any part of it that starts after a "/".
 */
int walk_excluded(char *const *pats, size_t npats, const char *path);

#endif
