/*
 * plan_int.h: what the planner's files share: plan_build.c (rplan_build,
 * the stanza loop) on top; plan_decide.c, plan_names.c, plan_prepare.c,
 * plan_minfree.c, plan_schedule.c, and recover.c, the planner's repair
 * side (the journal of an interrupted run, temporary files), which goes
 * through the accessors below rather than struct planner.  Nothing
 * outside rotate/ includes it.  plan.c (the snapshot, the steps, the
 * accessors) is at the bottom and calls none of the others.
 */
#ifndef HR_PLAN_INT_H
#define HR_PLAN_INT_H

#include <stddef.h>
#include <sys/stat.h>
#include <time.h>

#include "lib/diag.h"
#include "rotate/plan.h"

struct planner;

/* The names of one rotated log (reference 7, "Definitions"). */
struct names {
	char *dir;  /* olddir or the log's directory */
	char *base; /* basename without extension */
	const char *fileext;
	const char *compext;
	char *dext;    /* dateext suffix */
	char *datefmt; /* dateformat with unknown specifiers escaped */
};

const struct rplan_seams *plan_seams(const struct planner *p);

/* recover.c's state, kept in the planner. */
void *plan_recover(const struct planner *p);
void plan_set_recover(struct planner *p, void *r);

/* Whether path exists in the snapshot (as edited by the planned steps). */
int plan_exists(struct planner *p, const char *path);

/* Records that path exists (there 1) or not after a planned step. */
void plan_set(struct planner *p, const char *path, int there);

/*
 * Adds path to the snapshot with origin as plan_origin returns it (copied)
 * or, with origin NULL, removes it.
 */
void plan_put(struct planner *p, const char *path, const char *origin);

/* Frees the snapshot's directories (at the end of rplan_build). */
void plan_vdirs_release(struct planner *p);

/* Records that from became to, keeping its mtime (for maxage). */
void plan_move(struct planner *p, const char *from, const char *to);

/*
 * The names in directory dir in the snapshot, sorted; valid until the
 * next plan_set.
 */
char *const *plan_listing(struct planner *p, const char *dir, size_t *n);

/* Appends a step to z (src and dst copied); the caller fills the rest. */
struct rplan_step *plan_add_step(struct rplan_stanza *z,
    enum rplan_step_kind kind, enum rplan_phase phase, long log,
    const char *src, const char *dst);

/* Adds a warning to the plan's notes (rplan.notes). */
void plan_note(struct planner *p, const char *fmt, ...) DIAG_PRINTF(2, 3);

/* Keeps the journal's stanza js in the next journal (rplan.carry). */
void plan_carry(struct planner *p, size_t js);

/* The directory of path's generations (its olddir, or its own). */
char *plan_gen_dir(const struct rconf_log *c, const char *path);

void plan_names_init(struct names *n, const struct planner *p,
    const struct rconf_log *c, const char *path);
void plan_names_release(struct names *n);

/*
 * Whether s begins with what the dateformat fmt (names.datefmt) prints, as
 * logrotate's glob sees it.  Returns the rest of s, or NULL.
 */
const char *plan_date_match(const char *fmt, const char *s);

#define DAY_SECONDS 86400

/*
 * One listed directory: sorted names, edited by the planned steps.  For
 * each name, origin[i] says whose mtime it has (maxage): NULL for the file
 * listed under that name, "" for a file the run makes (a copy, a new log),
 * else the listed file it was renamed or compressed from.
 */
struct vdir {
	char *path;
	char **names;
	char **origin;
	size_t n, alloc, aorigin;
};

/* What rplan_build threads through its helpers. */
struct planner {
	const struct rplan_seams *seams;
	unsigned flags;
	time_t now;
	struct tm tnow;
	struct vdir *dirs;
	size_t ndirs, adirs;
	struct rplan *plan;
	void *recover; /* recover.c's journal index */
};

/* ---- plan.c: the snapshot and the steps ---- */

/* The directory part of path ("." for none); its last component. */
char *plan_path_dir(const char *path);
const char *plan_path_base(const char *path);
/* The listing of dir in the snapshot (listed on first use). */
struct vdir *plan_vdir_get(struct planner *p, const char *dir);
/*
 * Whose mtime path has (maxage): NULL for the listed file, "" for a file
 * the run makes, else the listed file it was renamed or compressed from.
 */
const char *plan_origin(struct planner *p, const char *path);
/* Whether s ends with suffix. */
int plan_ends_with(const char *s, const char *suffix);
/* Step adders that also edit the snapshot. */
void plan_step_rename(struct planner *p, struct rplan_stanza *z,
    enum rplan_phase ph, long log, const char *from, const char *to);
/*
 * COMPRESS of src, then the REMOVE of src chained to it (RSTEP_CHAINED).
 * Returns the COMPRESS step, valid until the next step is added.
 */
struct rplan_step *plan_step_compress(struct planner *p, struct rplan_stanza *z,
    enum rplan_phase ph, long log, const char *src, unsigned flags);
void plan_step_remove(struct planner *p, struct rplan_stanza *z,
    enum rplan_phase ph, long log, const char *path, unsigned flags);
/*
 * MAIL of path, as logrotate's mailLogWrapper (uncompressed on the way
 * unless mailfirst with delaycompress; with mailfirst, the log's subject).
 */
void plan_step_mail(struct rplan_stanza *z, enum rplan_phase ph, long log,
    const char *path, unsigned flags);
/* MAIL (when the stanza mails) then REMOVE of an old generation. */
void plan_step_mail_remove(struct planner *p, struct rplan_stanza *z,
    enum rplan_phase ph, long log, const char *path, unsigned flags);

/* ---- plan_decide.c ---- */

/* findNeedRotating for one log l of stanza c (reference 5). */
void plan_decide(
    const struct planner *p, const struct rconf_log *c, struct rplan_log *l);

/* ---- plan_names.c ---- */

/* Whether a numbered name ends in the compression extension. */
enum plan_ext { PLAN_NO_COMPEXT, PLAN_COMPEXT };
/* dir/base.I fileext, then compext with PLAN_COMPEXT */
char *plan_numbered(const struct names *n, long i, enum plan_ext ext);
/*
 * The dated generations of n in the snapshot whose name ends in tail,
 * oldest first; a NULL-terminated vector of *count paths (strv_free).
 */
char **plan_dated_generations(
    struct planner *p, const struct names *n, const char *tail, size_t *count);

/* ---- plan_prepare.c ---- */

/* Whether c copies (copy, copytruncate) rather than renames. */
int plan_copies(const struct rconf_log *c);
/*
 * prerotateSingleLog (reference 7).  Returns -1 when the log cannot be
 * rotated (dateext destination exists).
 */
int plan_prepare(
    struct planner *p, struct rplan_stanza *z, long j, const struct names *n);

/* ---- plan_minfree.c ---- */

/*
 * After the rotation steps of stanza z (n: its logs' names): minfree's
 * removals of old generations, oldest first (RSTEP_MINFREE).
 */
void plan_minfree(struct planner *p, struct rplan_stanza *z, struct names *n);

/* ---- recover.c ---- */

/* Indexes the journal (seams->journal) of p; a no-op without one. */
void recover_init(struct planner *p);

/*
 * Before l is decided: when the journal shows an interrupted rotation of
 * l, l->resumed_at becomes its time (which counts as the last rotation),
 * and l->resumed RPLAN_RESUME_DONE when it was complete.
 */
void recover_walk(struct planner *p, struct rplan_log *l);

/*
 * After the decisions of z's logs, before their steps: for every log that
 * passed the parent-directory check, the removal of the temporary files
 * of its generations, and the steps that complete its interrupted
 * rotation, all in phase RPHASE_REPAIR at the start of z's steps.  A log
 * that these steps rename, copy or create is not rotated again (reason
 * RPLAN_RESUMED); another keeps its decision (with the interrupted
 * rotation as its last one), so that -f rotates it again.
 */
void recover_stanza(struct planner *p, struct rplan_stanza *z);

/* Notes the journal's unfinished work not completed; frees the index. */
void recover_finish(struct planner *p);

/* ---- recover_temps.c ---- */

/*
 * Plans the removal (RSTEP_UNLINK, RPHASE_REPAIR) of the temporary files
 * an interrupted run left beside the generations of z's log j.
 */
void recover_remove_temps(struct planner *p, struct rplan_stanza *z, long j);

/* ---- plan_schedule.c ---- */

/*
 * Puts the steps of stanza z, given in logrotate's order, in the order
 * exec.c carries them out (plan.h): compressions go to the background
 * (RSTEP_BACKGROUND) unless the stanza has a preremove script; a step
 * that needs what a background compression uses, or that belongs to the
 * same log, moves after the next RSTEP_WAIT; a WAIT comes before every
 * step an outside program can observe and at the end.  Each log's steps
 * keep their order, and so do the steps that name the same file; a
 * compression's chained removal stays right after it.
 */
void plan_schedule(struct rplan_stanza *z);

#endif
