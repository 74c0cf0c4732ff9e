/*
 * account: what the walkers share (walk_par.c, walk_fts.c, and walk.c
 * that drives them): the state of a walk and of its workers, and the
 * accounting of every entry a walker stat'ed, du's counting rules, before
 * it goes to the sinks (sink.h).  Not for other files: the rest of the
 * scanner sees walk.h.
 *
 * A walker reads directories, stats their entries and calls
 * walk_account() for each (walk_emit() for one it could not stat or that
 * --exclude matched); walk_account() decides whether the entry counts,
 * passes it to every sink and returns the record of a directory to
 * descend into.
 */
#ifndef HR_ACCOUNT_H
#define HR_ACCOUNT_H

#include <sys/stat.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/pool.h"
#include "lib/sbuf.h"
#include "scanner/sink.h"
#include "scanner/walk.h"

struct hlset;
struct linkset;

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
	size_t dir_aux; /* the sinks' sink_ops.dir_aux, before each record */
	atomic_uint io_bound;   /* 1 while reads wait for the disk */
	atomic_uint busy_milli; /* cores kept busy, 1/1000s (measure_busy) */
	atomic_uint_fast64_t busy_at;      /* hr_mono_ns() of that reading */
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

/* statx(2) as the walkers call it, and what they ask of it. */
#define WALK_STATX_FLAGS (AT_NO_AUTOMOUNT | AT_STATX_DONT_SYNC)
#define WALK_STATX_WANT                                                        \
	(STATX_TYPE | STATX_MODE | STATX_NLINK | STATX_INO | STATX_SIZE |      \
	    STATX_BLOCKS | STATX_MTIME)

/* The hard-link sets of w (walk_free: walk_account_free). */
void walk_account_init(struct walk *w);
void walk_account_free(struct walk *w);

/* A new directory record, child of parent (NULL for a root). */
struct scan_dir *walk_dir_new(struct walk_worker *ww, struct scan_dir *parent,
    const char *name, size_t namelen, const struct scan_entry *e);
/*
 * Accounts one stat'ed entry of dir: -x, kernel file systems, the
 * hard-link sets, the sinks.  Returns the new record when e is a
 * directory to descend into, else NULL.
 */
struct scan_dir *walk_account(
    struct walk_worker *ww, struct scan_dir *dir, struct scan_entry *e);
/*
 * Accounts the stat'ed PATH e.  Returns 0, or -1 when the run has counted
 * its inode already (several PATHs).
 */
int walk_account_root(struct walk_worker *ww, const struct scan_entry *e);
/*
 * Once a PATH is walked: counts each of its hard-linked inodes under the
 * name du counts it under (SCAN_ENT_LATE).
 */
void walk_account_links(struct walk_worker *ww);
/* Passes e to every sink. */
void walk_emit(
    struct walk_worker *ww, struct scan_dir *dir, const struct scan_entry *e);
/* Records an error about path (copied). */
void walk_error_add(struct walk_worker *ww, const char *path, int code,
    enum walk_error_kind kind);
/*
 * Directory dir could not be read (code: errno): flags it and records the
 * error under path, or under its path as du prints it when path is NULL.
 */
void walk_dir_error(
    struct walk_worker *ww, struct scan_dir *dir, const char *path, int code);
/* Publishes this worker's counters for walk_progress. */
void walk_publish(struct walk_worker *ww, struct scan_dir *current);
/* Fills e's stat fields from sx. */
void walk_entry_from_statx(struct scan_entry *e, const struct statx *sx);
/* Whether walk_open_dir opens a directory through a symbolic link. */
enum walk_follow { WALK_NOFOLLOW, WALK_FOLLOW };
/*
 * Opens directory name of dirfd (O_NOATIME when allowed); through a
 * symlink only with WALK_FOLLOW.
 */
int walk_open_dir(struct walk_worker *ww, int dirfd, const char *name,
    enum walk_follow follow);

#endif
