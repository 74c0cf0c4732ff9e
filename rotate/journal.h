/*
 * journal: headroom rotate's intent journal, the evidence a run killed
 * midway (kill -9, power loss) leaves for the next one, as a database's
 * write-ahead log.  It lives beside the state file ("STATE.journal") and
 * is covered by the state file's lock.
 *
 * Before the first step of a run, the whole plan's steps (the stanzas
 * that have any) are written to it, with the identity (device and inode)
 * that every file they name has at that moment, and it is synced.  While
 * the run goes on, a "done" mark is appended (not synced: it survives a
 * kill, which is what it is for) after each step, before the next step
 * of its log starts.  A run whose steps all succeeded removes the
 * journal; otherwise it stays for the next run, whose planner
 * (recover.c) finds from it and from the file system how far each log
 * got, and completes what was interrupted.  Work that run cannot do yet
 * (its directory fails the safety check) is carried into its journal
 * unchanged.
 *
 *	headroom rotate journal -- version 2
 *	time 1796069400
 *	stanza 0 "/var/log/a "
 *	log 1796069400 "/var/log/a"
 *	step rename prepare 0 0 0 0 0 - "/var/log/a.1.gz" "/var/log/a.2.gz" - -
 *	id 2049 1234 "/var/log/a.1.gz"
 *	done 0 0
 *
 * A step line holds the fields of a struct rplan_step: kind, phase, log
 * index (-1 for the stanza's), flags, mode (octal), uid, gid, script
 * ("-" or its name), then src, dst, argv1 and argv2, each quoted (\\, \"
 * and \n escaped) or "-".  Script bodies and mail addresses are not kept:
 * they come from the configuration of the run that completes the work.
 *
 *	struct rjournal j = RJOURNAL_INIT;
 *	rjournal_read(&j, path, &err);		// the interrupted run's, if any
 *	... plan (the seams carry &j) ...
 *	rjournal_write(&cur, path, &plan, &j, &err);	// before exec
 *	rjournal_mark(&cur, stanza, step);	// from exec, as steps finish
 *	rjournal_close(&cur);
 *	rjournal_remove(path, &err);		// when every step succeeded
 *	rjournal_release(&j);
 */
#ifndef HR_JOURNAL_H
#define HR_JOURNAL_H

#include <sys/types.h>

#include <time.h>

#include "lib/diag.h"
#include "rotate/plan.h"

/* One log of a journaled stanza, in the stanza's order. */
struct rjournal_log {
	char *path;
	/* When its rotation happened (the run's clock), or 0 when its
	 * record holds no rotation (only the removal of temporaries). */
	time_t rotated;
};

/* A file's identity when its stanza's record was written. */
struct rjournal_id {
	char *path;
	dev_t dev;
	ino_t ino;
};

struct rjournal_stanza {
	size_t index; /* the stanza's index in its run's plan (marks) */
	char *pattern;
	struct rjournal_log *logs;
	size_t nlogs;
	/* The steps in plan order; body and address are NULL. */
	struct rplan_step *steps;
	size_t nsteps;
	unsigned char *done; /* one per step: a done mark was read */
	/* The files the steps name that existed, sorted by path. */
	struct rjournal_id *ids;
	size_t nids;
	size_t alogs, asteps, adone, aids; /* allocated */
};

struct rjournal {
	time_t time; /* the clock of the run that wrote it */
	struct rjournal_stanza *stanzas;
	size_t nstanzas;
	int fd; /* open for rjournal_mark after rjournal_write, or -1 */
};

#define RJOURNAL_INIT                                                          \
	{                                                                      \
		0, NULL, 0, -1                                                 \
	}

/*
 * The journal's path for the state file state ("STATE.journal"), owned
 * by the caller, or NULL when state is "/dev/null": with no state file
 * there is no journal either.
 */
char *rjournal_path(const char *state);

/*
 * Reads the journal at path into j (which must be empty).  A missing file
 * is an empty journal.  A final line without its newline (an append cut
 * short) is ignored.  Returns 0, or -1 with err set when the file cannot
 * be read, a line is not understood ("journal F: bad line N") or the
 * journal is of another version; j is then empty, as if there were none.
 */
int rjournal_read(struct rjournal *j, const char *path, struct hr_error *err);

/*
 * Writes plan's steps (the stanzas that have steps) and the identities of
 * the files they name, then the records of the old journal's stanzas that
 * plan->carry lists (work the plan could not complete yet, kept as it
 * was), atomically to path (path.tmp, created O_EXCL with mode 0600,
 * fsync, rename, fsync of the directory); then keeps path open in j->fd
 * (j is otherwise unused) for rjournal_mark.  old may be NULL when
 * plan->ncarry is 0.  Returns 0, or -1 with err set (nothing then
 * written, the old journal left in place, and rjournal_mark a no-op).
 */
int rjournal_write(struct rjournal *j, const char *path,
    const struct rplan *plan, const struct rjournal *old, struct hr_error *err);

/*
 * Appends "done STANZA STEP" (write(2), not synced: it survives the death
 * of the process, which is what it is for).  A no-op when j->fd is -1;
 * a failed write is ignored (the next run then redoes the step).
 */
void rjournal_mark(struct rjournal *j, size_t stanza, size_t step);

/* Closes j->fd (if open). */
void rjournal_close(struct rjournal *j);

/* Removes the journal at path; a missing one is fine.  0 or -1. */
int rjournal_remove(const char *path, struct hr_error *err);

/* The identity path had when z was written, or NULL (it did not exist). */
const struct rjournal_id *rjournal_find_id(
    const struct rjournal_stanza *z, const char *path);

/* Frees everything (and closes j->fd); j is empty again. */
void rjournal_release(struct rjournal *j);

#endif
