/*
 * state: logrotate's state file ("logrotate state -- version 2"), read,
 * looked up, updated and written back byte-compatibly (reference 10).
 *
 *	struct rstate st = RSTATE_INIT;
 *	rstate_lock(&st, path, RSTATE_LOCK_NB, &err);	// not under -d
 *	rstate_read(&st, path, &err);		// errors: keep what was read
 *	e = rstate_get(&st, "/var/log/x.log", now);	// found or created
 *	rstate_set_rotated(e, now);		// when the log was rotated
 *	rstate_write(&st, path, now, &err);	// tmp, fsync, rename
 *	rstate_release(&st);
 *
 * Times are kept as logrotate keeps them: a broken-down local time
 * (struct tm), compared field by field by the planner.  Lookups go
 * through a lib/strmap: O(1) on average.
 */
#ifndef HR_STATE_H
#define HR_STATE_H

#include <time.h>

#include "lib/diag.h"

struct strmap;

struct rstate_entry {
	char *path;
	struct tm last; /* last rotation, local time */
	int seen;       /* looked up this run: never dropped as stale */
	int rotated;    /* set by rstate_set_rotated this run */
};

struct rstate {
	struct rstate_entry **entries; /* in insertion order */
	size_t n, alloc;
	struct strmap *index; /* path -> entry, borrowing entry->path */
	int lock_fd;          /* -1 when not locked */
};

#define RSTATE_INIT                                                            \
	{                                                                      \
		NULL, 0, 0, NULL, -1                                           \
	}

/* Entries not seen this run and older than this (one solar year) go. */
#define RSTATE_STALE_SECS 31556926

enum rstate_lock_mode {
	RSTATE_LOCK_NB,   /* flock LOCK_EX|LOCK_NB: busy -> error */
	RSTATE_LOCK_WAIT, /* --wait-for-state-lock */
	RSTATE_LOCK_SKIP, /* --skip-state-lock: open/create, no flock */
};

/*
 * Opens (creating a 0640 stub, less the umask, if missing) and locks path
 * as logrotate does: flock(LOCK_EX|LOCK_NB), or a blocking flock with
 * RSTATE_LOCK_WAIT; RSTATE_LOCK_SKIP only opens or creates the file.  The
 * lock is held on st->lock_fd until rstate_release.  Returns
 *	 0 locked, or lock skipped on request, or path is "/dev/null"
 *	   (never locked, nor created);
 *	 1 lock skipped because the file is world-readable: err holds
 *	   logrotate's warning text ("state file F is world-readable and
 *	   thus can be locked ...") for the caller to print as a warning;
 *	-1 on error (open, create, fstat, flock), err set;
 *	-2 another process holds the lock: err holds logrotate's two-line
 *	   message ("state file F is already locked\nlogrotate does not
 *	   support ...").
 * logrotate exits with 3 on -1 and -2 alike (it exits 3 whenever its
 * lock step fails); 1 is not an error.
 */
int rstate_lock(struct rstate *st, const char *path, enum rstate_lock_mode m,
    struct hr_error *err);

/*
 * rstate_lock(RSTATE_LOCK_WAIT) for at most seconds (>= 0; 0 tries once):
 * when the lock is still busy then, -2 with err saying so and naming the
 * holder's pid when /proc/locks tells it ("state file F is still locked
 * by process 123 after 5 seconds").  Other results as rstate_lock's.
 */
int rstate_lock_wait(
    struct rstate *st, const char *path, long seconds, struct hr_error *err);

/*
 * Reads path into st, adding to (or updating) what st holds.  Headers
 * "logrotate state -- version 1" and "... version 2" are accepted.  A
 * missing or empty file, or one that is neither a regular file nor a
 * directory (/dev/null, a FIFO: never read, so never blocked on), is an
 * empty state; a directory fails on its first line.  On a bad line
 * (logrotate's wording, no "error: " prefix: "bad line 3 in state file F",
 * "bad year 1800 for file X in state file F", "bad month/day/hour/minute/
 * second ...", "line N too long in state file F", "line N not parsable in
 * state file F") the line is skipped and reading goes on (the 3.22+ fix:
 * logrotate 3.21 dropped every later entry); the function then returns -1
 * with err set to the first problem (err->line is its line number, and
 * err->path is NULL so that hr_error_text gives logrotate's text), and
 * every good entry is in st.  A bad or unreadable first line ("bad top
 * line in state file F", "error reading top line of F") makes the whole
 * file unusable, as in logrotate: nothing is read.  A path that appears
 * twice keeps its last date.
 */
int rstate_read(struct rstate *st, const char *path, struct hr_error *err);

/*
 * Called once for every bad line, in file order; e is only valid during
 * the call.
 */
typedef void rstate_report_fn(void *ctx, const struct hr_error *e);

/*
 * rstate_read that also reports every bad line through report (when not
 * NULL), so that rotate_main can print one "error: " line per bad line.
 * logrotate 3.21 printed only the first because it stopped there; since
 * reading now goes on, each lost entry gets its own message (the exit
 * status is 1 either way).
 */
int rstate_read_report(struct rstate *st, const char *path,
    rstate_report_fn *report, void *ctx, struct hr_error *err);

/* The entry for path, or NULL.  Does not mark it seen. */
struct rstate_entry *rstate_find(struct rstate *st, const char *path);

/*
 * The entry for path, created when missing with `now` rounded down to the
 * hour in local time (logrotate's newState: minutes and seconds zero).
 * Marks it seen.  The entry belongs to st.
 */
struct rstate_entry *rstate_get(
    struct rstate *st, const char *path, time_t now);

/* Records a rotation at now (full local time) and marks e seen. */
void rstate_set_rotated(struct rstate_entry *e, time_t now);

struct sbuf;

/*
 * Appends the file rstate_write would write (header, then one line per
 * entry not stale at now, in insertion order) to out.
 */
void rstate_format(const struct rstate *st, time_t now, struct sbuf *out);

/*
 * Writes st to path atomically, as logrotate's writeState: a stale
 * path.tmp is unlinked, path.tmp is created O_EXCL with the owner, ACL and
 * mode of path minus o+r (0640 and our own identity when path does not
 * exist), written, fsynced and renamed over path, and the directory is
 * fsynced.
 * Entries not seen this run whose date is more than RSTATE_STALE_SECS
 * before now are left out.  "/dev/null" is not written, nor (as in
 * logrotate 3.22+; 3.21 renamed over it) any other path that exists and is
 * not a regular file after following symlinks.  Returns 0, or -1
 * with err set, path.tmp removed and the old file left in place.
 */
int rstate_write(
    struct rstate *st, const char *path, time_t now, struct hr_error *err);

/* Frees everything and releases the lock. */
void rstate_release(struct rstate *st);

#endif
