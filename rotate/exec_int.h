/*
 * exec_int.h: what the engine (exec.c: order, error rules, jobs) and the
 * steps (exec_steps.c: the code that changes logs, and the ids it runs
 * under) share, with what both report (exec_say.c).  exec.c calls into
 * the other two; neither calls back into exec.c.
 */
#ifndef HR_EXEC_INT_H
#define HR_EXEC_INT_H

#include <sys/stat.h>

#include <pthread.h>
#include <stddef.h>

#include "lib/diag.h"
#include "lib/sbuf.h"
#include "rotate/compress.h"
#include "rotate/exec.h"

struct exec;

/*
 * How far a background compression job got: the stage it failed in, or
 * JOB_DONE.  job_finish reports and applies the error rules by it.
 */
enum job_stage {
	JOB_ROOM,     /* its target in the way (make_room) */
	JOB_COMPRESS, /* the compression */
	JOB_REMOVE,   /* the removal of its source */
	JOB_DONE,     /* all done */
};

struct job {
	struct exec *x;
	size_t stanza;
	long log;
	const struct rconf_log *conf;  /* borrowed */
	const struct rplan_step *step; /* borrowed: the COMPRESS */
	/* Borrowed: the REMOVE chained to it (RSTEP_CHAINED), or NULL. */
	const struct rplan_step *remove;
	const struct compressor *comp; /* borrowed */
	/* Written by the worker under the engine's lock, as it ends. */
	enum job_stage stage;
	int shred_failed; /* written by the worker before it ends */
	struct hr_error err;
	struct sbuf errtext;
	struct sbuf notes; /* note_add's messages, reported by the engine */
};

/* Per stanza. */
struct sstate {
	unsigned char *log_failed; /* one per log */
	int stopped;               /* skip all but lastaction */
	int dead;                  /* firstaction failed: skip everything */
	int comp_ok;               /* comp is valid */
	struct compressor comp;
};

struct exec {
	const struct rplan *plan;
	const struct rexec_opts *o;
	struct pool *pool;
	pthread_mutex_t lock;
	struct job **jobs; /* in flight or done, not yet reaped */
	size_t njobs, ajobs;
	struct sstate *ss;
	int failed;
	int prev_ok;       /* the step just before ran and succeeded */
	int su;            /* effective ids are a stanza's su user */
	int said_fallback; /* -v was told that libarchive is missing */
};

/* Formats a message and hands it to the caller's reporter. */
#define exec_say(x, ...) hr_report(&(x)->o->rep, __VA_ARGS__)

static inline const struct rplan_stanza *
exec_stanza(const struct exec *x, size_t i)
{
	return &x->plan->stanzas[i];
}

/* ---- exec_say.c ---- */

/*
 * Notes: messages a worker leaves for the engine to report.  note_add
 * appends one (its level, its text and a NUL); notes_report reports
 * them in order.
 */
void note_add(struct sbuf *notes, enum diag_level level, const char *fmt, ...)
    DIAG_PRINTF(3, 4);
void notes_report(struct exec *x, const struct sbuf *notes);
/* Reports a failed compression of src in logrotate's words. */
void say_compress_failed(struct exec *x, const char *src, struct hr_error *err);
/* Reports what the compressing program wrote on stderr (text), if any. */
void say_compress_stderr(
    struct exec *x, const char *src, const struct sbuf *text);
/*
 * Reports, in logrotate's words, that removing path met a failed shred
 * (shred_failed; then unlinked: not an error by itself) and a failed
 * unlink (code, an errno value; 0 for none).
 */
void say_removal(struct exec *x, const char *path, int shred_failed, int code);

/* ---- exec_steps.c: each carries out one step; 0, or -1 (reported) ---- */

/* Back to the invoker's ids, or to c's su user (reported); 0 or -1. */
int ids_invoker(struct exec *x);
int ids_su(struct exec *x, const struct rconf_log *c);

/* What a log is opened for, which words a failure as logrotate does. */
enum open_for { OPEN_FOR_ROTATION, OPEN_FOR_MAIL };
/*
 * Opens path (no symlink, not blocking) and checks it is a regular file;
 * returns the descriptor, or -1 with the failure reported as logrotate
 * words it, "error opening F: ..." or, for OPEN_FOR_MAIL, "failed to open
 * F for mailing: ...".
 */
int open_regular(struct exec *x, const char *path, int flags, struct stat *st,
    enum open_for why);
/*
 * Fills co for compressing (or uncompressing) src under c's rules:
 * allowhardlink, and an external program that runs as the su user for
 * good, as logrotate's; errtext receives its stderr (may be NULL).
 */
void compress_opts_for(struct compress_opts *co, const struct rconf_log *c,
    const char *src, struct sbuf *errtext);

int do_script(struct exec *x, size_t i, const struct rplan_step *s);
int do_remove(struct exec *x, size_t i, const struct rplan_step *s);
int do_unlink(struct exec *x, const struct rplan_step *s);
int do_rename(struct exec *x, const struct rplan_step *s);
int do_create(struct exec *x, const struct rplan_step *s);
/* COPY, or COPYTRUNCATE (copy, then truncate src), as the step says. */
int do_copy(struct exec *x, const struct rplan_step *s);
int do_truncate(struct exec *x, const struct rplan_step *s);
int do_recopy(struct exec *x, const struct rplan_step *s);
/* ---- exec_mail.c ---- */

/* MAILCMD -s SUBJECT ADDRESS, the log (uncompressed) on stdin. */
int do_mail(struct exec *x, size_t i, const struct rplan_step *s);

/* ---- exec_steps.c, compression ---- */

/* A compression in the engine thread (its source's removal is a step). */
int do_compress(struct exec *x, size_t i, const struct rplan_step *s);
/*
 * A background compression's body, run by a pool worker (arg: a job):
 * the compression, then its chained removal when it succeeded.
 */
void job_run(void *arg, void *worker_ctx);

#endif
