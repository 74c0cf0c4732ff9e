/*
 * plan: what logrotate would do, decided without touching anything.
 *
 * rplan_build() takes the parsed configuration (struct rconf), the state
 * file's entries, a clock and a view of the file system (all injected
 * through struct rplan_seams), and produces, for every stanza:
 *
 *  - for every log, whether it rotates and why (reference 5), and
 *  - the ordered steps exec.c carries out (reference 6, 7, 8): scripts,
 *    delayed compression, shifts of old generations, the rename / copy /
 *    copytruncate / renamecopy of the log, create, compression (each
 *    followed by the removal of its source, a step of its own chained to
 *    it: RSTEP_CHAINED), mail and removal, each naming concrete paths.
 *
 * The planner is pure: it never prints, and it sees the file system only
 * through the seams.  Each directory that holds a log or its generations
 * is listed once per run (seams->list) and the listing is then updated as
 * the planned steps would change it, so the plan names only generations
 * that exist: a shift "rename a.log.3.gz -> a.log.4.gz" is emitted only
 * when a.log.3.gz is in the listing (or is made by an earlier step of the
 * plan, in this stanza or an earlier one).  logrotate 3.21 tries every
 * rename and ignores ENOENT; the result on disk is the same.  What scripts
 * create or remove while the plan runs is not foreseen; exec.c should
 * treat ENOENT on a shift or removal as logrotate does (a debug note).
 *
 * The steps are the exact ordered set of actions exec.c performs: it adds,
 * merges, reorders and drops none (only the error rules below skip some),
 * and -d prints them in that order.  It is logrotate's order (reference
 * 6, 7), with two changes that the plan makes itself:
 *  - a prerotate script comes before the preparing steps (delayed
 *    compression, expiry, shifts) of the logs it governs, as in logrotate
 *    3.22: a failing prerotate then leaves the old generations as they
 *    were;
 *  - compression runs in the background (RSTEP_BACKGROUND, on lib/pool
 *    workers, its chained removal in the same job) unless the stanza has
 *    a preremove script.  A later step that needs a file a compression
 *    uses, or a later step of the same log, is moved after the next
 *    RSTEP_WAIT, which waits for every compression in flight; other
 *    logs' steps go on meanwhile.  A WAIT comes before every step an
 *    outside program can observe (a script, mail, a removal or
 *    compression with preremove) and at the end of every stanza, so a
 *    script sees what it would see under logrotate and the stanzas never
 *    overlap.
 *
 * Steps belong to a phase; exec.c uses the phase and log index for
 * logrotate's error rules: an error in a log's steps skips that log's
 * later steps (nosharedscripts); with sharedscripts an error in any log,
 * or a failed prerotate, skips the stanza's later rotation steps; a
 * failed firstaction stops the stanza, lastaction included (reference
 * 6).  A log's state entry is advanced (rstate_set_rotated) when all its
 * steps succeeded; logs with planned == 0 keep theirs.
 *
 *	struct rplan plan = RPLAN_INIT;
 *	rplan_build(&plan, &conf, &seams, RPLAN_FORCE, &err);
 *	for each plan.stanzas[i]: its logs[] (decisions) and steps[] (order)
 *	rplan_release(&plan);
 */
#ifndef HR_PLAN_H
#define HR_PLAN_H

#include <sys/stat.h>
#include <sys/types.h>

#include <stddef.h>
#include <time.h>

#include "lib/diag.h"
#include "lib/sbuf.h"
#include "rotate/rconf.h"

struct rjournal;

/*
 * The planner's view of the world.  Every function gets arg.  Functions
 * that may fail return 0 or an errno value (ENOENT, EACCES, ...).
 */
struct rplan_seams {
	time_t (*clock)(void *arg);
	/* lstat(2) of a log or an old generation. */
	int (*lstat)(void *arg, const char *path, struct stat *st);
	/* stat(2) of a log's parent directory (the security check). */
	int (*stat)(void *arg, const char *path, struct stat *st);
	/*
	 * The names in directory dir ("." and ".." left out), in any order,
	 * as a NULL-terminated array of malloc'd strings that the planner
	 * frees.  A directory that cannot be listed is an empty one.
	 */
	int (*list)(void *arg, const char *dir, char ***names);
	/*
	 * The state entry of path: its last rotation time, the entry being
	 * created when missing with `now` rounded down to the hour
	 * (logrotate's newState, reference 5 step 3).  used is 1 when the
	 * log exists: only such an entry counts as seen this run, so the
	 * entry of a log gone for more than a year is dropped (isUsed).
	 * Returns 1 when the entry was made ("Creating new state"), else 0.
	 */
	int (*last_rotated)(
	    void *arg, const char *path, time_t now, int used, struct tm *last);
	void *arg;
	/*
	 * The journal of an interrupted run (journal.h), or NULL: the work
	 * it shows unfinished becomes repair steps (recover.c).
	 */
	const struct rjournal *journal;
	/*
	 * May be NULL (free space unknown: minfree makes nothing due): the
	 * space available to unprivileged users, and the size, in bytes, of
	 * the file system holding path (statvfs: f_bavail and f_blocks).
	 */
	int (*fsfree)(void *arg, const char *path, unsigned long long *avail,
	    unsigned long long *total);
};

enum rplan_flags {
	RPLAN_FORCE = 1 << 0,   /* -f */
	RPLAN_AS_ROOT = 1 << 1, /* getuid() == 0: parent-directory check */
	/* --urgent-only: only size, maxsize and minfree make a log due. */
	RPLAN_URGENT_ONLY = 1 << 2,
};

/* Why a log does or does not rotate (reference 5, in its order). */
enum rplan_reason {
	/* The log rotates. */
	RPLAN_FORCED,  /* -f */
	RPLAN_MAXSIZE, /* size > maxsize */
	RPLAN_MINFREE, /* its file system has less free space than minfree */
	RPLAN_SIZE,    /* criterion size, size >= threshold */
	RPLAN_FUTURE,  /* last rotation > 25 h ahead: error, forced */
	RPLAN_DUE,     /* hourly/daily/weekly/monthly/yearly is due */
	/* The log does not rotate. */
	RPLAN_BELOW_SIZE, /* size < threshold */
	RPLAN_SAME_HOUR,  /* "log has already been rotated" */
	RPLAN_NOT_DUE,    /* "rotated at ..., which is less than a day ago" */
	RPLAN_MINSIZE,    /* vetoed by minsize (time branch only) */
	RPLAN_MINAGE,     /* vetoed by minage (time branch only) */
	RPLAN_NOT_URGENT, /* --urgent-only: time criteria not looked at */
	RPLAN_EMPTY,      /* notifempty and 0 bytes, even with -f */
	RPLAN_MISSING_OK, /* does not exist, missingok */
	RPLAN_DIR_MISSING_OK, /* parent directory missing, missingok: quiet */
	RPLAN_SYMLINK,        /* never rotated */
	RPLAN_HARDLINK,       /* nlink > 1 without allowhardlink */
	RPLAN_NOT_REGULAR,    /* a FIFO, socket or device: never opened */
	RPLAN_RESUMED, /* its interrupted rotation is completed instead */
	/* The log does not rotate and the run fails (exit 1). */
	RPLAN_STAT_FAILED,     /* lstat of the log failed (errnum) */
	RPLAN_DIR_STAT_FAILED, /* stat of the parent failed (errnum) */
	RPLAN_INSECURE_DIR,    /* world- or non-root-group-writable parent */
};

/*
 * Time-branch vetoes logrotate reports on a line of their own after the
 * reason (rplan_log.vetoes): minsize, then minage.
 */
enum rplan_veto {
	RPLAN_VETO_MINSIZE = 1 << 0,
	RPLAN_VETO_MINAGE = 1 << 1,
};

/* One concrete log file of a stanza. */
struct rplan_log {
	const char *path; /* borrowed from the rconf_log's files[] */
	enum rplan_reason reason;
	unsigned vetoes; /* enum rplan_veto: more "does not need" lines */
	int new_state;   /* the state entry was made for this run */
	int rotate;      /* 1 when the log is due ("log needs rotating") */
	/*
	 * 1 when steps were planned for the log.  A due log gets none when a
	 * shared-scripts stanza has an error or its dateext destination
	 * exists; exec.c advances the state entry only for planned logs.
	 */
	int planned;
	int error;      /* 1 when this log makes the run fail */
	int errnum;     /* errno of a failed stat */
	int have_stat;  /* st is valid */
	struct stat st; /* lstat of the log */
	int have_last;  /* last is valid (an entry was looked up) */
	struct tm last; /* state: last rotation, local time */
	/*
	 * minfree: its file system has less free space than asked for
	 * (fs_low: the log is due, and its old generations may be removed
	 * after the rotation); the bytes available and asked for.
	 */
	int fs_low;
	unsigned long long fs_avail, fs_want;
	/* Names computed for a rotated log (NULL otherwise), owned. */
	char *final_name;    /* the rotated file, without compext */
	char *first_rotated; /* what mailfirst mails */
	char *dispose_name;  /* removed at the end, or NULL */
	/*
	 * dateext: the destination that already exists, so the due log is
	 * not rotated and error is set ("destination ... already exists,
	 * skipping rotation"); NULL otherwise.
	 */
	char *dest;
	/*
	 * What the journal says of an interrupted run's rotation of this
	 * log, and when that rotation happened (resumed_at).
	 */
	enum rplan_resume {
		RPLAN_RESUME_NONE,
		/* It was complete: resumed_at counts as its last rotation. */
		RPLAN_RESUME_DONE,
		/* Repair steps complete it (first in the stanza); when they
		 * rename, copy or create the log, it gets reason
		 * RPLAN_RESUMED and is not rotated again. */
		RPLAN_RESUME_STEPS,
	} resumed;
	time_t resumed_at;
};

enum rplan_step_kind {
	RSTEP_SCRIPT,   /* run script with argv1 [argv2] */
	RSTEP_COMPRESS, /* compress src into dst (= src + compressext) */
	RSTEP_RENAME,   /* rename src to dst */
	RSTEP_COPY,     /* copy src to dst, keeping holes, src's mode/owner */
	/*
	 * copytruncate: copy src to dst as RSTEP_COPY, then copy what was
	 * appended meanwhile and truncate src.  One step: its journal mark
	 * says that the truncation was done too, and a run killed after the
	 * copy (dst there, no mark) is repaired by RSTEP_RECOPY.
	 */
	RSTEP_COPYTRUNCATE,
	RSTEP_TRUNCATE, /* truncate src to 0 bytes (copytruncate, rotate 0) */
	RSTEP_CREATE,   /* create src O_EXCL|O_NOFOLLOW, mode/uid/gid */
	RSTEP_MAIL,     /* mail src to address, subject src */
	/*
	 * Remove src: preremove script, shred, unlink.  With RSTEP_CHAINED,
	 * the source of the compression just before it.
	 */
	RSTEP_REMOVE,
	RSTEP_UNLINK, /* unlink src (renamecopy's temporary), no script */
	/*
	 * Repair of a copytruncate interrupted after its copy: when dst
	 * holds a prefix of src's bytes (src was not truncated), copy and
	 * truncate again; otherwise nothing.
	 */
	RSTEP_RECOPY,
	RSTEP_WAIT, /* wait for the background compressions in flight */
};

/* Where a step sits in logrotate's per-stanza order (reference 6). */
enum rplan_phase {
	RPHASE_REPAIR, /* completing an interrupted run's work (recover.c) */
	RPHASE_FIRSTACTION,
	RPHASE_PREPARE,    /* prerotateSingleLog: delayed compress, shifts */
	RPHASE_PREROTATE,  /* the prerotate script */
	RPHASE_ROTATE,     /* rotateSingleLog: rename/copy/truncate/create */
	RPHASE_POSTROTATE, /* the postrotate script */
	RPHASE_FINISH, /* postrotateSingleLog: copy, compress, mail, remove */
	RPHASE_LASTACTION,
};

enum rplan_step_flags {
	RSTEP_UNCOMPRESS = 1 << 0, /* MAIL: pipe through uncompresscmd */
	RSTEP_DELAYED = 1 << 1,    /* COMPRESS: delayed (previous) generation */
	RSTEP_MAXAGE = 1 << 2,     /* MAIL/REMOVE: older than maxage */
	RSTEP_HAS_MODE = 1 << 3,   /* CREATE: mode given by `create` */
	RSTEP_HAS_UID = 1 << 4,    /* CREATE: owner given by `create` */
	RSTEP_HAS_GID = 1 << 5,    /* CREATE: group given by `create` */
	/* COMPRESS: an uncompressed first generation in the log's way. */
	RSTEP_IN_THE_WAY = 1 << 6,
	/* UNLINK: a temporary file of an interrupted compression or copy. */
	RSTEP_TEMP = 1 << 7,
	RSTEP_LOG_TIMES = 1 << 8, /* COMPRESS: dst gets times[], the log's */
	/*
	 * COMPRESS, and its chained REMOVE: on a worker, until a WAIT.  The
	 * compression and its source's removal are one job.
	 */
	RSTEP_BACKGROUND = 1 << 9,
	/*
	 * REMOVE: chained to the compression just before it (of the same
	 * src), and done only when that compression succeeded, its output
	 * synced and in place: never a source without its compressed copy.
	 * The two stay together in every order the plan is put in.
	 */
	RSTEP_CHAINED = 1 << 10,
	/*
	 * REMOVE: an old generation removed for minfree, only while the
	 * file system holding it still has less free space than that.
	 */
	RSTEP_MINFREE = 1 << 11,
};

struct rplan_step {
	enum rplan_step_kind kind;
	enum rplan_phase phase;
	/* Index into the stanza's logs[], or -1 for a stanza-wide step. */
	long log;
	unsigned flags; /* enum rplan_step_flags */
	char *src;      /* owned; the file acted on */
	/*
	 * Owned: the RENAME, COPY, COMPRESS target; for a CREATE without a
	 * mode, the rotated log whose ACL the new one takes; else NULL.
	 */
	char *dst;
	/* SCRIPT: which, its body (borrowed from rconf) and $1 / $2. */
	enum rconf_script script;
	const char *body; /* borrowed */
	char *argv1;      /* owned */
	char *argv2;      /* owned, or NULL when the script gets no $2 */
	/*
	 * CREATE: the new file's attributes: from `create` where given
	 * (RSTEP_HAS_*), otherwise from the rotated file's lstat.
	 */
	mode_t mode;
	uid_t uid;
	gid_t gid;
	/*
	 * COMPRESS with RSTEP_LOG_TIMES: the access and modification times
	 * of the log when it was looked at.  logrotate gives the compressed
	 * copy (copy, copytruncate, renamecopy) the log's times, not the
	 * copy's.
	 */
	struct timespec times[2];
	const char *address; /* MAIL: borrowed from rconf */
	/*
	 * MAIL: the subject, borrowed; NULL means src.  mailfirst with
	 * compress (no delaycompress) mails the .gz under the log's own
	 * name, as logrotate's mailLogWrapper does.
	 */
	const char *subject;
};

struct rplan_stanza {
	const struct rconf_log *conf; /* borrowed */
	struct rplan_log *logs;       /* one per conf->files[], same order */
	size_t nlogs;
	size_t nrotate; /* logs that rotate (logrotate's numRotated) */
	/*
	 * A log of the stanza failed before rotating (a decision error or an
	 * existing dateext destination).  With sharedscripts nothing but
	 * firstaction, the due logs' preparing steps (delayed compression,
	 * expiry, shifts: logrotate 3.21 does them) and lastaction is then
	 * planned.
	 */
	int has_errors;
	struct rplan_step *steps;
	size_t nsteps, alloc;
};

struct rplan {
	struct rplan_stanza *stanzas; /* one per rconf stanza, same order */
	size_t nstanzas;
	time_t now; /* the clock, read once */
	int failed; /* some log has error set: exit status 1 */
	/*
	 * Warnings about the repairs of an interrupted run's work: what is
	 * completed, what temporary file is removed, what cannot be
	 * completed (its log is in no stanza any more); one sentence each,
	 * owned.
	 */
	char **notes;
	size_t nnotes;
	/*
	 * The journal's stanzas (indexes into it) holding work this plan
	 * cannot complete yet (its directory fails the safety check): the
	 * next journal keeps them as they are.
	 */
	size_t *carry;
	size_t ncarry;
};

#define RPLAN_INIT                                                             \
	{                                                                      \
		NULL, 0, 0, 0, NULL, 0, NULL, 0                                \
	}

/*
 * Decides every log of every stanza of conf and lays out the steps.
 * conf must outlive plan (borrowed strings).  flags: enum rplan_flags.
 * Returns 0, or -1 when some log failed (plan->failed, err names the
 * first such log); the plan is complete in both cases.
 */
int rplan_build(struct rplan *plan, const struct rconf *conf,
    const struct rplan_seams *seams, unsigned flags, struct hr_error *err);

/* Frees what rplan_build allocated. */
void rplan_release(struct rplan *plan);

/*
 * Appends to out logrotate's wording (-d, -v) of log l's decision, without
 * indentation or final newline, e.g. "log needs rotating", "log does not
 * need rotating (log is empty)" or "log does not need rotating (log has
 * been rotated at 2026-11-30 01:00, which is less than a day ago)", then
 * one line more for each of l->vetoes (logrotate prints the minsize and
 * minage vetoes each on its own line).  For the errors (RPLAN_STAT_FAILED
 * ...) it is the error message.  c is l's stanza.
 */
void rplan_reason_describe(
    const struct rplan_log *l, const struct rconf_log *c, struct sbuf *out);

/*
 * Appends to out logrotate's wording of step s, without final newline,
 * e.g. "renaming /x/a.log to /x/a.log.1", "creating new /x/a.log mode =
 * 0640 uid = 0 gid = 4", "compressing log with: /bin/gzip", "running
 * postrotate script"; some steps take more lines (a copytruncate's
 * "copying A to B" and "truncating A"; a removal's "running preremove
 * script" and "Using shred to remove the file F"); a WAIT none, nor the
 * chained removal of a compression's source without preremove or shred.
 * conf is the stanza's configuration.
 */
void rplan_step_describe(
    const struct rplan_step *s, const struct rconf_log *conf, struct sbuf *out);

/* The name of a script ("firstaction", "prerotate", ...). */
const char *rplan_script_name(enum rconf_script script);

#endif
