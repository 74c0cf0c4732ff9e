/*
 * walk_int.h: what walk.c and walk_fts.c share.  Not for other files.
 */
#ifndef HR_WALK_INT_H
#define HR_WALK_INT_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/pool.h"
#include "lib/sbuf.h"
#include "scanner/hardlink.h"
#include "scanner/walk.h"

struct walk_frame {
	struct scan_dir *dir;
	struct scan_dir *next; /* next subdirectory to descend into */
	int fd;                /* -1 when closed to stay in budget */
};

struct walk_chunk {
	struct walk_chunk *prev;
	size_t used, size;
	char data[];
};

struct walk_worker {
	struct walk *w;
	void *sctx[WALK_MAX_SINKS];
	struct walk_chunk *arena;
	struct walk_error *errs;
	size_t nerrs, aerrs;
	struct walk_dev *devs;
	size_t ndevs, adevs;
	struct walk_skip *skips;
	size_t nskips, askips;
	struct sbuf path; /* the path of the directory being read */
	char *dbuf;       /* getdents64 buffer */
	size_t dalloc;
	struct walk_frame *stack;
	size_t depth, sdalloc, low;
	int noatime_failed;
	uint64_t nentries, ndisk;       /* this worker's totals */
	uint64_t ewma_ns;               /* time per entry, averaged over dirs */
	_Atomic uint64_t entries, disk; /* published copies */
	_Atomic(struct scan_dir *) current; /* for progress */
	char pad[64];
};

struct walk {
	struct walk_opts o;
	struct walk_worker
	    *workers; /* nworkers + 1: the last is the caller's */
	unsigned nworkers;
	unsigned fds_per_worker;
	unsigned ncpu;
	atomic_uint io_bound;   /* 1 while reads wait for the disk */
	atomic_uint busy_milli; /* cores kept busy, 1/1000s (measure_busy) */
	atomic_uint_fast64_t busy_at;      /* mono_ns() of that measurement */
	atomic_uint_fast64_t busy_cpu;     /* process CPU time then, ns */
	atomic_uint_fast64_t busy_inblock; /* and its ru_inblock */
	atomic_uint disk_reads; /* 1 when that interval read from a disk */
	struct pool *pool;
	struct hlset *hl;
	struct linkset *links;
	uint64_t root_dev;
	atomic_uint shared; /* shared tasks queued and not yet started */
	struct walk_error *errs;
	size_t nerrs;
	struct walk_dev *devs;
	size_t ndevs;
	struct walk_skip *skips;
	size_t nskips;
};

/* A new directory record, child of parent (NULL for a root). */
struct scan_dir *walk_dir_new(struct walk_worker *ww, struct scan_dir *parent,
    const char *name, size_t namelen, const struct scan_entry *e);
/*
 * Accounts one stat'ed entry of dir: -x, the hard-link set, the sinks.
 * Returns the new record when e is a directory to descend into, else NULL.
 */
struct scan_dir *walk_account(
    struct walk_worker *ww, struct scan_dir *dir, struct scan_entry *e);
/* Passes e to every sink. */
void walk_emit(
    struct walk_worker *ww, struct scan_dir *dir, const struct scan_entry *e);
/* Records an error about path (copied). */
void walk_error_add(struct walk_worker *ww, const char *path, int code,
    enum walk_error_kind kind);
/* Publishes this worker's counters for walk_progress. */
void walk_publish(struct walk_worker *ww, struct scan_dir *current);

/* walk_fts.c: walks root (already stat'ed and opened) with fts(3). */
void walk_fts_tree(struct walk_worker *ww, struct walk_root *root);

#endif
