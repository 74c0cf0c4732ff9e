/*
 * state: logrotate's state file ("logrotate state -- version 2"), read,
 * looked up, updated and written back byte-compatibly (reference 10).
 *
 *	struct rstate st = RSTATE_INIT;
 *	rstate_lock(&st, path, RSTATE_LOCK_NB, &err);	// not under -d
 *	rstate_read(&st, path, &err);		// errors: keep what was read
 *	e = rstate_get(&st, "/var/log/x.log", now);	// found or created
 *	e->last = ...; e->rotated = 1;
 *	rstate_write(&st, path, &err);		// tmp, fsync, rename
 *	rstate_release(&st);
 *
 * Times are kept as logrotate keeps them: a broken-down local time
 * (struct tm), compared field by field by the planner.
 */
#ifndef HR_STATE_H
#define HR_STATE_H

#include <time.h>

#include "lib/diag.h"

struct rstate_entry {
	char *path;
	struct tm last; /* last rotation, local time */
	int seen;       /* looked up this run: never dropped as stale */
};

struct rstate {
	struct rstate_entry **entries; /* in insertion order */
	size_t n, alloc;
	void *index; /* path -> entry hash (state.c private) */
	int lock_fd; /* -1 when not locked */
};

#define RSTATE_INIT                                                            \
	{                                                                      \
		NULL, 0, 0, NULL, -1                                           \
	}

enum rstate_lock_mode {
	RSTATE_LOCK_NB,   /* flock LOCK_EX|LOCK_NB: busy -> error */
	RSTATE_LOCK_WAIT, /* --wait-for-state-lock */
	RSTATE_LOCK_SKIP, /* --skip-state-lock: open/create, no flock */
};

/*
 * Opens (creating a 0640 stub if missing) and locks path as logrotate
 * does.  Returns 0 locked (or lock skipped), 1 when the lock was skipped
 * because the file is world-readable (the caller prints logrotate's
 * warning), -1 on error, -2 when another process holds the lock (exit 3).
 * "/dev/null" is never locked.
 */
int rstate_lock(struct rstate *st, const char *path, enum rstate_lock_mode m,
    struct hr_error *err);

/*
 * Reads path into st.  A missing file is an empty state.  On a bad line
 * (logrotate's wording in err: "bad line 3 in state file F", "bad year
 * 1800 for file X in state file F", "line N too long in state file F")
 * the line is skipped and reading goes on (the 3.22+ fix: logrotate 3.21
 * dropped every later entry); the function then returns -1 with err set
 * to the first problem, and every good entry is in st.
 */
int rstate_read(struct rstate *st, const char *path, struct hr_error *err);

/* The entry for path, or NULL. */
struct rstate_entry *rstate_find(struct rstate *st, const char *path);

/*
 * The entry for path, created when missing with `now` rounded down to the
 * hour (logrotate's newState).  Marks it seen.
 */
struct rstate_entry *rstate_get(
    struct rstate *st, const char *path, time_t now);

/*
 * Writes st to path atomically (path.tmp O_EXCL, same owner and mode minus
 * o+r, fsync, rename), dropping entries not seen this run whose date is
 * more than 31556926 s before now.  "/dev/null" is not written.  Returns 0
 * or -1 with err set and the old file left in place.
 */
int rstate_write(
    struct rstate *st, const char *path, time_t now, struct hr_error *err);

/* Frees everything and releases the lock. */
void rstate_release(struct rstate *st);

#endif
