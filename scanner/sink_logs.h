/*
 * sink_logs: where the logs that can go are, for the Reclaimable
 * section.  The rank sink (sink_rank.c), which classifies every file
 * anyway, hands each rotated, compressed, journal and container log to
 * a per-worker logs_worker; merged, struct logs holds per directory the
 * rotated logs (bytes, count, ages, the name patterns that select them)
 * and journal files (bytes, archived bytes), and each container log of
 * at least LOGS_CONTAINER_MIN bytes.
 */
#ifndef HR_SINK_LOGS_H
#define HR_SINK_LOGS_H

#include <stddef.h>
#include <stdint.h>

#include "lib/sbuf.h"
#include "scanner/kinds.h"
#include "scanner/sink.h"

#define LOGS_CONTAINER_MIN (100ULL << 20)

struct log_dir {
	const struct scan_dir *dir;   /* borrowed from the walk */
	uint64_t rot_disk, rot_files; /* rotated and compressed logs */
	int64_t oldest, newest;       /* their mtimes */
	struct sbuf patterns; /* "access.log.*\0error.log-*\0": distinct */
	uint64_t jr_disk, jr_files, jr_archived; /* journal files */
};

struct log_file {
	const struct scan_dir *dir; /* borrowed from the walk */
	char *name;                 /* owned */
	uint64_t disk;
	int64_t mtime;
	int rotated; /* a rotated generation, not the live log */
};

struct logs {
	struct log_dir *dirs; /* by directory, each once after logs_finish */
	size_t ndirs, adirs;
	struct log_file *files; /* container logs, largest first */
	size_t nfiles, afiles;
};

struct logs_worker;

struct logs_worker *logs_worker_new(void);
/* One file of kind k in dir (NULL: a PATH) for a worker. */
void logs_offer(struct logs_worker *w, const struct scan_dir *dir,
    const struct scan_entry *e, enum kind k);
/* Moves w into l and frees it. */
void logs_merge(struct logs *l, struct logs_worker *w);
/* After the last merge: one record per directory; files sorted. */
void logs_finish(struct logs *l);
void logs_release(struct logs *l);

#endif
