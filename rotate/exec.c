/*
 * exec: the engine that carries out a plan (see exec.h for the rules):
 * the error rules, when to take on a su stanza's ids, the compression
 * jobs and the stanza loop.  The steps themselves, the only code here
 * that changes logs, are in exec_steps.c, and what both report in
 * exec_say.c.
 *
 * The steps run in the plan's order, one after the other, except that a
 * compression marked RSTEP_BACKGROUND is handed to a pool worker as a
 * job, with the removal of its source chained to it (the next step); an
 * RSTEP_WAIT waits for every job and reports their results.  The
 * plan (plan_schedule.c) has already put every step that depends on a
 * job after a WAIT, so nothing here reorders or defers: what -d prints
 * is what runs.
 *
 * Jobs report back through their own record; only the engine thread
 * reads results, reports and changes the error flags.
 */
#include "config.h"

#include <sys/statvfs.h>

#include <assert.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/pool.h"
#include "lib/sbuf.h"
#include "lib/units.h"
#include "lib/xalloc.h"
#include "rotate/compress.h"
#include "rotate/exec_int.h"

static int
shared(const struct exec *x, size_t i)
{
	return (exec_stanza(x, i)->conf->flags & RCONF_SHAREDSCRIPTS) != 0;
}

/* Stops stanza i: its logs are not rotated; lastaction still runs. */
static void
stop_stanza(struct exec *x, size_t i)
{
	size_t j;

	x->ss[i].stopped = 1;
	for (j = 0; j < exec_stanza(x, i)->nlogs; j++)
		x->ss[i].log_failed[j] = 1;
}

/* Applies logrotate's error rules to a failed step. */
static void
step_failed(struct exec *x, size_t i, const struct rplan_step *s)
{
	x->failed = 1;
	if (s->phase == RPHASE_FIRSTACTION) {
		stop_stanza(x, i);
		x->ss[i].dead = 1;
	} else if (s->phase == RPHASE_LASTACTION) {
		return;
	} else if (s->log < 0 || (shared(x, i) && s->phase < RPHASE_FINISH)) {
		stop_stanza(x, i);
	} else {
		x->ss[i].log_failed[s->log] = 1;
	}
}

static int
skipped(const struct exec *x, size_t i, const struct rplan_step *s)
{
	const struct sstate *ss = &x->ss[i];

	if (s->kind == RSTEP_WAIT)
		return 0;
	if (ss->dead)
		return 1;
	if (s->phase == RPHASE_LASTACTION)
		return 0;
	if (ss->stopped)
		return 1;
	return s->log >= 0 && ss->log_failed[s->log];
}

/* ---- compression jobs ---- */

/* Tells the watcher that step s of stanza i succeeded. */
static void
step_succeeded(struct exec *x, size_t i, const struct rplan_step *s)
{
	if (x->o->step_done != NULL)
		x->o->step_done(
		    x->o->watch_ctx, i, (size_t)(s - exec_stanza(x, i)->steps));
}

/* Reports a finished job and applies the error rules, by its stage. */
static void
job_finish(struct exec *x, struct job *jb)
{
	const struct rplan_step *s = jb->step;

	notes_report(x, &jb->notes);
	say_removal(x, s->src, jb->shred_failed, 0);
	say_compress_stderr(x, s->src, &jb->errtext);
	switch (jb->stage) {
	case JOB_ROOM:
	case JOB_COMPRESS:
		say_compress_failed(x, s->src, &jb->err);
		step_failed(x, jb->stanza, s);
		break;
	case JOB_REMOVE:
		step_succeeded(x, jb->stanza, s);
		say_removal(x, jb->remove->src, 0, jb->err.code);
		step_failed(x, jb->stanza, jb->remove);
		break;
	case JOB_DONE:
		step_succeeded(x, jb->stanza, s);
		if (jb->remove != NULL)
			step_succeeded(x, jb->stanza, jb->remove);
		break;
	}
	hr_error_release(&jb->err);
	sbuf_release(&jb->errtext);
	sbuf_release(&jb->notes);
	free(jb);
}

/* Waits for every job, then reports each and forgets it (RSTEP_WAIT). */
static void
reap_all(struct exec *x)
{
	size_t k;

	pool_wait(x->pool);
	for (k = 0; k < x->njobs; k++)
		job_finish(x, x->jobs[k]);
	x->njobs = 0;
}

/*
 * A background compression: one job for it and the removal chained to it
 * (the next step, in the background too), done in the worker once the
 * compression succeeded.  A stanza with preremove compresses in the
 * engine (do_compress): the script is an observer.
 */
static void
submit_compress(struct exec *x, size_t i, const struct rplan_step *s)
{
	const struct rplan_stanza *z = exec_stanza(x, i);
	const struct rplan_step *next = s + 1;
	struct job *jb = xcalloc(1, sizeof(*jb));

	jb->x = x;
	jb->stanza = i;
	jb->log = s->log;
	jb->conf = z->conf;
	jb->step = s;
	if (next < z->steps + z->nsteps && (next->flags & RSTEP_CHAINED)) {
		assert(next->flags & RSTEP_BACKGROUND);
		jb->remove = next;
	}
	jb->comp = &x->ss[i].comp;
	sbuf_init(&jb->errtext, 0);
	sbuf_init(&jb->notes, 0);
	XGROW(x->jobs, x->njobs + 1, x->ajobs);
	x->jobs[x->njobs++] = jb;
	pool_submit(x->pool, job_run, jb);
}

/*
 * An RSTEP_MINFREE removal is left out (returns 1) once the file system
 * holding s->src has the free space the stanza's minfree asks for.
 */
static int
minfree_met(struct exec *x, size_t i, const struct rplan_step *s)
{
	const struct rconf_log *c = exec_stanza(x, i)->conf;
	char have[UNITS_HUMAN_MAX], want[UNITS_HUMAN_MAX];
	unsigned long long avail, goal;
	struct statvfs vf;

	if (statvfs(s->src, &vf) < 0)
		return 0;
	avail = (unsigned long long)vf.f_bavail * vf.f_frsize;
	goal = rconf_minfree_bytes(
	    c, (unsigned long long)vf.f_blocks * vf.f_frsize);
	if (avail < goal)
		return 0;
	exec_say(x, DIAG_DEBUG,
	    "its file system has %s free, 'minfree' (%s) is met: keeping %s",
	    units_format_human(avail, 0, have),
	    units_format_human(goal, 0, want), s->src);
	return 1;
}

/* A minfree removal while the free space is short; counted when done. */
static int
minfree_remove(struct exec *x, size_t i, const struct rplan_step *s)
{
	if (minfree_met(x, i, s))
		return 0;
	if (do_remove(x, i, s) < 0)
		return -1;
	if (x->o->totals != NULL)
		x->o->totals->minfree_removed++;
	return 0;
}

/* Carries out step s of stanza i (not a WAIT).  0 or -1. */
static int
run_now(struct exec *x, size_t i, const struct rplan_step *s)
{
	switch (s->kind) {
	case RSTEP_SCRIPT:
		return do_script(x, i, s);
	case RSTEP_COMPRESS:
		if (!x->ss[i].comp_ok) {
			exec_say(
			    x, DIAG_ERROR, "failed to compress log %s", s->src);
			return -1;
		}
		if (!(s->flags & RSTEP_BACKGROUND))
			return do_compress(x, i, s);
		submit_compress(x, i, s);
		return 0;
	case RSTEP_RENAME:
		return do_rename(x, s);
	case RSTEP_COPY:
	case RSTEP_COPYTRUNCATE:
		return do_copy(x, s);
	case RSTEP_TRUNCATE:
		return do_truncate(x, s);
	case RSTEP_CREATE:
		return do_create(x, s);
	case RSTEP_MAIL:
		return do_mail(x, i, s);
	case RSTEP_REMOVE:
		/* A background compression's chained removal: in its job. */
		if (s->flags & RSTEP_BACKGROUND)
			return 0;
		if (s->flags & RSTEP_MINFREE)
			return minfree_remove(x, i, s);
		return do_remove(x, i, s);
	case RSTEP_UNLINK:
		return do_unlink(x, s);
	case RSTEP_RECOPY:
		return do_recopy(x, s);
	case RSTEP_WAIT:
		break;
	}
	return 0;
}

/*
 * Step k of stanza i, unless the error rules skip it, or it is chained
 * to a step that did not succeed (a compression's source stays).
 */
static void
run_step(struct exec *x, size_t i, size_t k)
{
	const struct rplan_step *s = &exec_stanza(x, i)->steps[k];

	if (skipped(x, i, s) || ((s->flags & RSTEP_CHAINED) && !x->prev_ok)) {
		x->prev_ok = 0;
		return;
	}
	if (x->o->step_start != NULL)
		x->o->step_start(x->o->watch_ctx, i, s);
	x->prev_ok = 1;
	if (s->kind == RSTEP_WAIT) {
		reap_all(x);
	} else if (run_now(x, i, s) < 0) {
		x->prev_ok = 0;
		step_failed(x, i, s);
	} else if (!(s->flags & RSTEP_BACKGROUND)) {
		step_succeeded(x, i, s); /* else job_finish */
	}
}

/* ---- stanzas ---- */

static int
stanza_begin(struct exec *x, size_t i)
{
	const struct rconf_log *c = exec_stanza(x, i)->conf;
	struct hr_error err = HR_ERROR_INIT;

	if (compressor_lookup(c->compresscmd, c->compressoptions,
	        c->uncompresscmd, &x->ss[i].comp, &err) == 0)
		x->ss[i].comp_ok = 1;
	else if (c->flags & RCONF_COMPRESS)
		exec_say(x, DIAG_ERROR, "%s", hr_error_text(&err));
	hr_error_release(&err);
	if (x->ss[i].comp_ok && x->ss[i].comp.fallback &&
	    (c->flags & RCONF_COMPRESS) && !x->said_fallback++)
		exec_say(x, DIAG_DEBUG,
		    "cannot load libarchive (%s): compressing with %s as an "
		    "external command, as logrotate does",
		    x->ss[i].comp.fallback, x->ss[i].comp.cmd);
	if (!(c->flags & RCONF_SU))
		return 0;
	x->su = 1;
	if (ids_su(x, c) == 0)
		return 0;
	ids_invoker(x);
	x->su = 0;
	return -1;
}

static void
stanza_end(struct exec *x, size_t i)
{
	(void)i;
	if (!x->su)
		return;
	if (ids_invoker(x) < 0)
		exec_say(x, DIAG_ERROR, "cannot switch back to uid %d: %s",
		    (int)getuid(), strerror(errno));
	x->su = 0;
}

static void
run_stanza(struct exec *x, size_t i)
{
	const struct rplan_stanza *z = exec_stanza(x, i);
	size_t k;

	if (z->nsteps == 0)
		return;
	if (stanza_begin(x, i) < 0) {
		x->failed = 1;
		stop_stanza(x, i);
		x->ss[i].dead = 1;
		return;
	}
	for (k = 0; k < z->nsteps; k++)
		run_step(x, i, k);
	/* The plan ends every stanza with a WAIT when jobs ran. */
	assert(x->njobs == 0);
	stanza_end(x, i);
}

/* The state entry of every log whose steps all succeeded moves to now. */
static void
advance_state(struct exec *x)
{
	size_t i, j;

	if (x->o->state == NULL)
		return;
	for (i = 0; i < x->plan->nstanzas; i++) {
		const struct rplan_stanza *z = exec_stanza(x, i);

		for (j = 0; j < z->nlogs; j++) {
			const struct rplan_log *l = &z->logs[j];
			time_t t = 0;

			if (l->planned && !x->ss[i].log_failed[j])
				t = x->plan->now;
			else if (l->resumed == RPLAN_RESUME_DONE ||
			    (l->resumed == RPLAN_RESUME_STEPS &&
			        !x->ss[i].log_failed[j]))
				t = l->resumed_at;
			if (t != 0)
				rstate_set_rotated(rstate_get(x->o->state,
				                       l->path, x->plan->now),
				    t);
		}
	}
}

/*
 * Two more than the cores by default: a worker also waits for the disk
 * (the fsync of each output, the unlink of its source), and while it
 * waits another one keeps its core compressing.  Only two more, so that
 * the memory each worker keeps (compress_chunk.c's spares) does not
 * double with the cores.
 */
static unsigned
workers(const struct rexec_opts *o)
{
	return o->jobs > 0 ? o->jobs : pool_cpus() + 2;
}

int
rexec_run(const struct rplan *plan, const struct rexec_opts *o)
{
	struct exec x;
	struct sigaction ign, old;
	size_t i;

	memset(&x, 0, sizeof(x));
	x.plan = plan;
	x.o = o;
	pthread_mutex_init(&x.lock, NULL);
	x.ss = xcalloc(plan->nstanzas + 1, sizeof(*x.ss));
	for (i = 0; i < plan->nstanzas; i++) {
		x.ss[i].log_failed =
		    xcalloc(plan->stanzas[i].nlogs + 1, sizeof(unsigned char));
	}
	memset(&ign, 0, sizeof(ign));
	ign.sa_handler = SIG_IGN;
	sigemptyset(&ign.sa_mask);
	sigaction(SIGPIPE, &ign, &old);
	x.pool = pool_new(workers(o), NULL, 0);
	for (i = 0; i < plan->nstanzas; i++) {
		if (o->stanza_start != NULL)
			o->stanza_start(o->watch_ctx, i);
		run_stanza(&x, i);
		if (o->stanza_end != NULL)
			o->stanza_end(o->watch_ctx, i);
	}
	pool_free(x.pool);
	sigaction(SIGPIPE, &old, NULL);
	advance_state(&x);
	for (i = 0; i < plan->nstanzas; i++)
		free(x.ss[i].log_failed);
	free(x.ss);
	free(x.jobs);
	pthread_mutex_destroy(&x.lock);
	return x.failed ? -1 : 0;
}
