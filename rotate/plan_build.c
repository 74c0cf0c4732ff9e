/*
 * plan_build: rplan_build and the sequencing of one stanza: the stanza
 * loop (rotateLogSet), rotateSingleLog and postrotateSingleLog, in
 * logrotate's order.  See plan.h for the contract and
 * docs/logrotate-compat.md sections 5 to 8 for the behaviour.
 *
 * This file sits on top of the planner's other files: it calls the
 * decisions (plan_decide.c), the generations' names (plan_names.c),
 * prerotateSingleLog (plan_prepare.c), minfree (plan_minfree.c), the
 * order of background work (plan_schedule.c) and the repair of an
 * interrupted run (recover.c), which all build on plan.c's snapshot and
 * step adders; none of them calls back here.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/xalloc.h"
#include "rotate/plan.h"
#include "rotate/plan_int.h"

/* The script step, when the stanza has that script (else NULL). */
static struct rplan_step *
add_script(struct rplan_stanza *z, enum rconf_script which,
    enum rplan_phase phase, long log, const char *a1, const char *a2)
{
	struct rplan_step *s;

	if (z->conf->script[which] == NULL)
		return NULL;
	s = plan_add_step(z, RSTEP_SCRIPT, phase, log, NULL, NULL);
	s->script = which;
	s->body = z->conf->script[which];
	s->argv1 = xstrdup(a1);
	s->argv2 = a2 ? xstrdup(a2) : NULL;
	return s;
}

/*
 * Moves the last step, when it was added after step first, to index first
 * (a prerotate script before the preparing steps it governs).
 */
static void
move_last_to(struct rplan_stanza *z, size_t first)
{
	struct rplan_step last;

	if (z->nsteps <= first + 1)
		return;
	last = z->steps[z->nsteps - 1];
	memmove(&z->steps[first + 1], &z->steps[first],
	    (z->nsteps - 1 - first) * sizeof(*z->steps));
	z->steps[first] = last;
}

/* rotateSingleLog: rename (or to .tmp), create; or copy and truncate. */
static void
plan_rotate(struct planner *p, struct rplan_stanza *z, long j)
{
	const struct rconf_log *c = z->conf;
	struct rplan_log *l = &z->logs[j];
	struct rplan_step *s;
	char *tmp;

	if (plan_copies(c)) {
		/* rotate 0: no copy is made, as in logrotate. */
		if (c->rotate == 0) {
			if (c->flags & RCONF_COPYTRUNCATE)
				plan_add_step(z, RSTEP_TRUNCATE, RPHASE_ROTATE,
				    j, l->path, NULL);
			return;
		}
		plan_add_step(z,
		    (c->flags & RCONF_COPYTRUNCATE) ? RSTEP_COPYTRUNCATE
		                                    : RSTEP_COPY,
		    RPHASE_ROTATE, j, l->path, l->final_name);
		plan_put(p, l->final_name, "");
		return;
	}
	tmp = c->flags & RCONF_RENAMECOPY ? xasprintf("%s.tmp", l->path)
	                                  : xstrdup(l->final_name);
	plan_step_rename(p, z, RPHASE_ROTATE, j, l->path, tmp);
	if (!(c->flags & RCONF_CREATE)) {
		free(tmp);
		return;
	}
	/* Without a mode, the new log takes the rotated one's ACL. */
	s = plan_add_step(z, RSTEP_CREATE, RPHASE_ROTATE, j, l->path,
	    c->create.has_mode ? NULL : tmp);
	free(tmp);
	s->mode = c->create.has_mode ? c->create.mode : l->st.st_mode & 07777;
	s->uid = c->create.has_uid ? c->create.uid : l->st.st_uid;
	s->gid = c->create.has_gid ? c->create.gid : l->st.st_gid;
	s->flags = (c->create.has_mode ? RSTEP_HAS_MODE : 0) |
	    (c->create.has_uid ? RSTEP_HAS_UID : 0) |
	    (c->create.has_gid ? RSTEP_HAS_GID : 0);
	plan_put(p, l->path, "");
}

/*
 * Compression of log j's rotated file.  A copy (copy, copytruncate,
 * renamecopy) is compressed with the log's own times, as logrotate passes
 * the log's stat to compressLogFile.
 */
static void
plan_compress_rotated(struct planner *p, struct rplan_stanza *z, long j)
{
	const struct rconf_log *c = z->conf;
	struct rplan_log *l = &z->logs[j];
	struct rplan_step *s;

	s = plan_step_compress(p, z, RPHASE_FINISH, j, l->final_name, 0);
	if (!plan_copies(c) && !(c->flags & RCONF_RENAMECOPY))
		return;
	s->flags |= RSTEP_LOG_TIMES;
	s->times[0] = l->st.st_atim;
	s->times[1] = l->st.st_mtim;
	plan_put(p, s->dst, l->path);
}

/* postrotateSingleLog: renamecopy's copy, compress, mail, remove. */
static void
plan_finish(struct planner *p, struct rplan_stanza *z, long j)
{
	const struct rconf_log *c = z->conf;
	struct rplan_log *l = &z->logs[j];
	int compress = (c->flags & RCONF_COMPRESS) != 0;
	int delay = (c->flags & RCONF_DELAYCOMPRESS) != 0;
	char *tmp;

	if (!plan_copies(c) && (c->flags & RCONF_RENAMECOPY)) {
		tmp = xasprintf("%s.tmp", l->path);
		plan_add_step(
		    z, RSTEP_COPY, RPHASE_FINISH, j, tmp, l->final_name);
		plan_put(p, l->final_name, "");
		plan_add_step(z, RSTEP_UNLINK, RPHASE_FINISH, j, tmp, NULL);
		plan_put(p, tmp, NULL);
		free(tmp);
	}
	if (compress && !delay && plan_exists(p, l->final_name))
		plan_compress_rotated(p, z, j);
	if (c->mail && (c->flags & RCONF_MAILFIRST))
		plan_step_mail(z, RPHASE_FINISH, j, l->first_rotated, 0);
	if (l->dispose_name && plan_exists(p, l->dispose_name)) {
		if (c->flags & RCONF_MAILFIRST)
			plan_step_remove(
			    p, z, RPHASE_FINISH, j, l->dispose_name, 0);
		else
			plan_step_mail_remove(
			    p, z, RPHASE_FINISH, j, l->dispose_name, 0);
	}
}

/* nosharedscripts: the whole sequence for log j (reference 6.4). */
static void
plan_one(struct planner *p, struct rplan_stanza *z, long j, struct names *n)
{
	const struct rconf_log *c = z->conf;
	struct rplan_log *l = &z->logs[j];

	size_t first = z->nsteps;

	plan_names_init(n, p, c, l->path);
	if (plan_prepare(p, z, j, n) < 0) {
		l->error = 1;
		return;
	}
	l->planned = 1;
	if (add_script(z, RCONF_PREROTATE, RPHASE_PREROTATE, j, l->path, NULL))
		move_last_to(z, first);
	plan_rotate(p, z, j);
	add_script(
	    z, RCONF_POSTROTATE, RPHASE_POSTROTATE, j, l->path, l->final_name);
	plan_finish(p, z, j);
}

/*
 * sharedscripts, after every log's prepare steps, which begin at step
 * first (reference 6.5).
 */
static void
plan_shared_rest(struct planner *p, struct rplan_stanza *z, size_t first)
{
	const struct rconf_log *c = z->conf;
	size_t j;

	if (z->has_errors) {
		for (j = 0; j < z->nlogs; j++)
			if (z->logs[j].dest)
				z->logs[j].error = 1;
		return;
	}
	if (add_script(
	        z, RCONF_PREROTATE, RPHASE_PREROTATE, -1, c->pattern, NULL))
		move_last_to(z, first);
	for (j = 0; j < z->nlogs; j++)
		if (z->logs[j].rotate) {
			z->logs[j].planned = 1;
			plan_rotate(p, z, (long)j);
		}
	add_script(
	    z, RCONF_POSTROTATE, RPHASE_POSTROTATE, -1, c->pattern, NULL);
	for (j = 0; j < z->nlogs; j++)
		if (z->logs[j].rotate)
			plan_finish(p, z, (long)j);
}

/* The steps of one stanza, in rotateLogSet's order (reference 6). */
static void
plan_stanza_steps(struct planner *p, struct rplan_stanza *z)
{
	const struct rconf_log *c = z->conf;
	int shared = (c->flags & RCONF_SHAREDSCRIPTS) != 0;
	struct names *n = xcalloc(z->nlogs + 1, sizeof(*n));
	size_t j, first;

	if (z->nrotate == 0)
		goto out;
	add_script(
	    z, RCONF_FIRSTACTION, RPHASE_FIRSTACTION, -1, c->pattern, NULL);
	first = z->nsteps;
	if (shared) {
		/*
		 * Every due log is prepared (delayed compression, shifts),
		 * even when a log of the stanza has an error: then nothing
		 * more of the stanza runs (rotateLogSet).
		 */
		for (j = 0; j < z->nlogs; j++)
			if (z->logs[j].rotate) {
				plan_names_init(&n[j], p, c, z->logs[j].path);
				if (plan_prepare(p, z, (long)j, &n[j]) < 0)
					z->has_errors = 1;
			}
		plan_shared_rest(p, z, first);
	} else {
		for (j = 0; j < z->nlogs; j++)
			if (z->logs[j].rotate)
				plan_one(p, z, (long)j, &n[j]);
	}
	plan_minfree(p, z, n);
	add_script(
	    z, RCONF_LASTACTION, RPHASE_LASTACTION, -1, c->pattern, NULL);
out:
	/* Also a stanza with only the repairs of an interrupted run. */
	plan_schedule(z);
	for (j = 0; j < z->nlogs; j++)
		plan_names_release(&n[j]);
	free(n);
}

static void
plan_stanza(
    struct planner *p, struct rplan_stanza *z, const struct rconf_log *c)
{
	size_t j;

	z->conf = c;
	z->nlogs = c->nfiles;
	z->logs = xcalloc(c->nfiles + 1, sizeof(*z->logs));
	for (j = 0; j < c->nfiles; j++) {
		struct rplan_log *l = &z->logs[j];

		l->path = c->files[j];
		recover_walk(p, l);
		plan_decide(p, c, l);
	}
	recover_stanza(p, z);
	for (j = 0; j < c->nfiles; j++) {
		z->nrotate += z->logs[j].rotate;
		z->has_errors |= z->logs[j].error;
	}
	plan_stanza_steps(p, z);
}

int
rplan_build(struct rplan *plan, const struct rconf *conf,
    const struct rplan_seams *seams, unsigned flags, struct hr_error *err)
{
	struct planner p;
	size_t i, j;

	memset(&p, 0, sizeof(p));
	p.seams = seams;
	p.flags = flags;
	p.now = seams->clock(seams->arg);
	localtime_r(&p.now, &p.tnow);
	plan->now = p.now;
	plan->nstanzas = conf->nlogs;
	plan->stanzas = xcalloc(conf->nlogs + 1, sizeof(*plan->stanzas));
	p.plan = plan;
	recover_init(&p);
	for (i = 0; i < conf->nlogs; i++)
		plan_stanza(&p, &plan->stanzas[i], conf->logs[i]);
	recover_finish(&p);
	plan_vdirs_release(&p);
	for (i = 0; i < plan->nstanzas; i++) {
		const struct rplan_stanza *z = &plan->stanzas[i];

		for (j = 0; j < z->nlogs; j++) {
			if (!z->logs[j].error || plan->failed)
				continue;
			plan->failed = 1;
			hr_error_set(err, z->logs[j].errnum, z->logs[j].path, 0,
			    "cannot rotate");
		}
	}
	return plan->failed ? -1 : 0;
}
