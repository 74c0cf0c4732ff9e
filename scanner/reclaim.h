/*
 * reclaim: what can be freed, how much it gives, and the exact command
 * that frees it, for a few well-defined cases.  headroom itself deletes
 * nothing: these are suggestions for the operator, each with its risk.
 *
 *	deleted	deleted files still open, per holder: nginx's master gets
 *		kill -USR1 (it reopens its logs), a process of a systemd
 *		service a restart of the unit (from /proc/PID/cgroup),
 *		another process ": > /proc/PID/fd/N" (truncation)
 *	rotated	rotated and compressed logs, per directory, with their age
 *	journal	systemd journal files beyond JOURNAL_KEEP, per directory
 *	container  container logs of at least LOGS_CONTAINER_MIN, each
 *	hardlink   the largest files with other names: freed only when
 *		every name goes (not counted in the total)
 *
 * Items of less than RECLAIM_MIN are left out: in an outage they are
 * noise.
 */
#ifndef HR_RECLAIM_H
#define HR_RECLAIM_H

#include <stddef.h>
#include <stdint.h>

#include "scanner/deleted.h"
#include "scanner/fsinfo.h"
#include "scanner/reclaim_item.h"
#include "scanner/sink_logs.h"
#include "scanner/sink_rank.h"

#define RECLAIM_MIN (1ULL << 20) /* smaller items are not worth a line */
#define RECLAIM_JOURNAL_KEEP (512ULL << 20)
#define RECLAIM_JOURNAL_KEEP_ARG "512M"

struct reclaim {
	struct reclaim_item *items; /* largest first */
	size_t nitems;
	uint64_t total; /* of the counted items */
};

struct reclaim_source {
	const struct deleted_report *deleted; /* NULL: not looked at */
	const struct logs *logs;              /* NULL: not collected */
	const struct rank *rank;              /* the largest files */
	const struct fsinfo *fs;              /* to find mount points */
	size_t nfs;
	const char *proc; /* "/proc": holders' parents and cgroups */
	int64_t now;      /* for ages */
	size_t top;       /* at most this many items */
};

/* Builds the list.  Reads proc; never writes anything. */
void reclaim_build(struct reclaim *rc, const struct reclaim_source *src);
/* "deleted_open", "rotated_logs", "journal", "container_log", "hard_link" */
const char *reclaim_kind_key(enum reclaim_kind k);
void reclaim_release(struct reclaim *rc);

#endif
