/*
 * plan: logrotate's decisions (findNeedRotating) and the order of its
 * operations (rotateLogSet, prerotateSingleLog, rotateSingleLog,
 * postrotateSingleLog) turned into data.  See plan.h for the contract and
 * docs/logrotate-compat.md sections 5 to 8 for the behaviour.
 *
 * This file holds the snapshot, the step adders, rotateSingleLog and
 * postrotateSingleLog, the stanza loop and rplan_build; the decisions
 * are in plan_decide.c, the generations' names in plan_names.c,
 * prerotateSingleLog in plan_prepare.c, the order of background work in
 * plan_schedule.c, the wording of -d in plan_describe.c.
 *
 * The file system is seen through a snapshot: each directory is listed
 * once per run (struct vdir) and the listing is then edited as the planned
 * steps would edit the directory, so a later stanza sees what an earlier
 * one will have done.
 */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/sbuf.h"
#include "lib/xalloc.h"
#include "rotate/plan.h"
#include "rotate/plan_int.h"

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char *
plan_path_dir(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

const char *
plan_path_base(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

struct vdir *
plan_vdir_get(struct planner *p, const char *dir)
{
	struct vdir *d;
	char **names = NULL;
	size_t i;

	for (i = 0; i < p->ndirs; i++)
		if (strcmp(p->dirs[i].path, dir) == 0)
			return &p->dirs[i];
	XGROW(p->dirs, p->ndirs + 1, p->adirs);
	d = &p->dirs[p->ndirs++];
	memset(d, 0, sizeof(*d));
	d->path = xstrdup(dir);
	if (p->seams->list(p->seams->arg, dir, &names) == 0 && names) {
		for (i = 0; names[i]; i++) {
			XGROW(d->names, d->n + 1, d->alloc);
			d->names[d->n++] = names[i];
		}
	}
	free(names);
	if (d->n)
		qsort(d->names, d->n, sizeof(*d->names), cmp_str);
	d->origin = xcalloc(d->n + 1, sizeof(*d->origin));
	d->aorigin = d->n + 1;
	return d;
}

static long
vdir_index(const struct vdir *d, const char *name, int *found)
{
	size_t lo = 0, hi = d->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(d->names[mid], name);

		if (c == 0) {
			*found = 1;
			return (long)mid;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = 0;
	return (long)lo;
}

/* Whether path exists in the (edited) snapshot. */
static int
v_exists(struct planner *p, const char *path)
{
	char *dir = plan_path_dir(path);
	struct vdir *d = plan_vdir_get(p, dir);
	int found;

	free(dir);
	vdir_index(d, plan_path_base(path), &found);
	return found;
}

/*
 * The real file whose mtime path has in the snapshot: path itself, or
 * what it was renamed or compressed from; "" for a file the run makes.
 * NULL when path is not in the snapshot.  Owned by the snapshot.
 */
const char *
plan_origin(struct planner *p, const char *path)
{
	char *dir = plan_path_dir(path);
	struct vdir *d = plan_vdir_get(p, dir);
	int found;
	long i;

	free(dir);
	i = vdir_index(d, plan_path_base(path), &found);
	if (!found)
		return NULL;
	return d->origin[i] ? d->origin[i] : path;
}

/*
 * Adds path to the snapshot (origin as plan_origin returns it, copied) or,
 * with origin NULL, removes it.
 */
static void
v_put(struct planner *p, const char *path, const char *origin)
{
	char *dir = plan_path_dir(path);
	struct vdir *d = plan_vdir_get(p, dir);
	char *o = origin && strcmp(origin, path) != 0 ? xstrdup(origin) : NULL;
	int found;
	long i;

	free(dir);
	i = vdir_index(d, plan_path_base(path), &found);
	if (origin && found) {
		free(d->origin[i]);
		d->origin[i] = o;
	} else if (origin) {
		XGROW(d->names, d->n + 1, d->alloc);
		XGROW(d->origin, d->n + 1, d->aorigin);
		memmove(&d->names[i + 1], &d->names[i],
		    (d->n - (size_t)i) * sizeof(*d->names));
		memmove(&d->origin[i + 1], &d->origin[i],
		    (d->n - (size_t)i) * sizeof(*d->origin));
		d->names[i] = xstrdup(plan_path_base(path));
		d->origin[i] = o;
		d->n++;
	} else if (found) {
		free(d->names[i]);
		free(d->origin[i]);
		memmove(&d->names[i], &d->names[i + 1],
		    (d->n - (size_t)i - 1) * sizeof(*d->names));
		memmove(&d->origin[i], &d->origin[i + 1],
		    (d->n - (size_t)i - 1) * sizeof(*d->origin));
		d->n--;
	}
}

/* from becomes to in the snapshot, keeping its mtime. */
static void
v_move(struct planner *p, const char *from, const char *to)
{
	const char *o = plan_origin(p, from);
	char *keep = xstrdup(o ? o : "");

	v_put(p, from, NULL);
	v_put(p, to, keep);
	free(keep);
}

static void
vdirs_release(struct planner *p)
{
	size_t i, j;

	for (i = 0; i < p->ndirs; i++) {
		for (j = 0; j < p->dirs[i].n; j++) {
			free(p->dirs[i].names[j]);
			free(p->dirs[i].origin[j]);
		}
		free(p->dirs[i].names);
		free(p->dirs[i].origin);
		free(p->dirs[i].path);
	}
	free(p->dirs);
}

static struct rplan_step *
add_step(struct rplan_stanza *z, enum rplan_step_kind kind,
    enum rplan_phase phase, long log, const char *src, const char *dst)
{
	struct rplan_step *s;

	XGROW(z->steps, z->nsteps + 1, z->alloc);
	s = &z->steps[z->nsteps++];
	memset(s, 0, sizeof(*s));
	s->kind = kind;
	s->phase = phase;
	s->log = log;
	s->src = src ? xstrdup(src) : NULL;
	s->dst = dst ? xstrdup(dst) : NULL;
	return s;
}

/* The script step, when the stanza has that script (else NULL). */
static struct rplan_step *
add_script(struct rplan_stanza *z, enum rconf_script which,
    enum rplan_phase phase, long log, const char *a1, const char *a2)
{
	struct rplan_step *s;

	if (z->conf->script[which] == NULL)
		return NULL;
	s = add_step(z, RSTEP_SCRIPT, phase, log, NULL, NULL);
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

/* Planned steps that change the snapshot. */
void
plan_step_rename(struct planner *p, struct rplan_stanza *z, enum rplan_phase ph,
    long log, const char *from, const char *to)
{
	add_step(z, RSTEP_RENAME, ph, log, from, to);
	v_move(p, from, to);
}

struct rplan_step *
plan_step_compress(struct planner *p, struct rplan_stanza *z,
    enum rplan_phase ph, long log, const char *src, unsigned flags)
{
	char *dst = xasprintf("%s%s", src,
	    z->conf->compressext ? z->conf->compressext
	                         : HR_DEFAULT_COMPRESSEXT);

	/* The compressed file keeps the source's mtime (test 0108). */
	add_step(z, RSTEP_COMPRESS, ph, log, src, dst)->flags = flags;
	/* The source goes once its compressed copy is safely in place. */
	add_step(z, RSTEP_REMOVE, ph, log, src, NULL)->flags = RSTEP_CHAINED;
	v_move(p, src, dst);
	free(dst);
	return &z->steps[z->nsteps - 2];
}

void
plan_step_remove(struct planner *p, struct rplan_stanza *z, enum rplan_phase ph,
    long log, const char *path, unsigned flags)
{
	add_step(z, RSTEP_REMOVE, ph, log, path, NULL)->flags = flags;
	v_put(p, path, NULL);
}

int
plan_ends_with(const char *s, const char *suffix)
{
	size_t ls = strlen(s), lx = strlen(suffix);

	return ls >= lx && strcmp(s + ls - lx, suffix) == 0;
}

/*
 * MAIL of path, as logrotate's mailLogWrapper: with compress, the file is
 * piped through the uncompressor, unless mailfirst and delaycompress (the
 * mailed file is not compressed yet); and then, with mailfirst, the
 * subject is the log's own path.
 */
static void
p_mail(struct rplan_stanza *z, enum rplan_phase ph, long log, const char *path,
    unsigned flags)
{
	const struct rconf_log *c = z->conf;
	struct rplan_step *s = add_step(z, RSTEP_MAIL, ph, log, path, NULL);
	int first = (c->flags & RCONF_MAILFIRST) != 0;

	s->address = c->mail;
	s->flags = flags;
	if (!(c->flags & RCONF_COMPRESS) ||
	    (first && (c->flags & RCONF_DELAYCOMPRESS)))
		return;
	s->flags |= RSTEP_UNCOMPRESS;
	if (first)
		s->subject = z->logs[log].path;
}

/* MAIL (when the stanza mails) then REMOVE of an old generation. */
void
plan_step_mail_remove(struct planner *p, struct rplan_stanza *z,
    enum rplan_phase ph, long log, const char *path, unsigned flags)
{
	if (z->conf->mail)
		p_mail(z, ph, log, path, flags);
	plan_step_remove(p, z, ph, log, path, flags);
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
				add_step(z, RSTEP_TRUNCATE, RPHASE_ROTATE, j,
				    l->path, NULL);
			return;
		}
		add_step(z,
		    (c->flags & RCONF_COPYTRUNCATE) ? RSTEP_COPYTRUNCATE
		                                    : RSTEP_COPY,
		    RPHASE_ROTATE, j, l->path, l->final_name);
		v_put(p, l->final_name, "");
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
	s = add_step(z, RSTEP_CREATE, RPHASE_ROTATE, j, l->path,
	    c->create.has_mode ? NULL : tmp);
	free(tmp);
	s->mode = c->create.has_mode ? c->create.mode : l->st.st_mode & 07777;
	s->uid = c->create.has_uid ? c->create.uid : l->st.st_uid;
	s->gid = c->create.has_gid ? c->create.gid : l->st.st_gid;
	s->flags = (c->create.has_mode ? RSTEP_HAS_MODE : 0) |
	    (c->create.has_uid ? RSTEP_HAS_UID : 0) |
	    (c->create.has_gid ? RSTEP_HAS_GID : 0);
	v_put(p, l->path, "");
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
	v_put(p, s->dst, l->path);
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
		add_step(z, RSTEP_COPY, RPHASE_FINISH, j, tmp, l->final_name);
		v_put(p, l->final_name, "");
		add_step(z, RSTEP_UNLINK, RPHASE_FINISH, j, tmp, NULL);
		v_put(p, tmp, NULL);
		free(tmp);
	}
	if (compress && !delay && v_exists(p, l->final_name))
		plan_compress_rotated(p, z, j);
	if (c->mail && (c->flags & RCONF_MAILFIRST))
		p_mail(z, RPHASE_FINISH, j, l->first_rotated, 0);
	if (l->dispose_name && v_exists(p, l->dispose_name)) {
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

/* ---- what recover.c uses (plan_int.h) ---- */

const struct rplan_seams *
plan_seams(const struct planner *p)
{
	return p->seams;
}

void *
plan_recover(const struct planner *p)
{
	return p->recover;
}

void
plan_set_recover(struct planner *p, void *r)
{
	p->recover = r;
}

int
plan_exists(struct planner *p, const char *path)
{
	return v_exists(p, path);
}

void
plan_set(struct planner *p, const char *path, int present)
{
	v_put(p, path, present ? "" : NULL);
}

void
plan_move(struct planner *p, const char *from, const char *to)
{
	v_move(p, from, to);
}

char *const *
plan_listing(struct planner *p, const char *dir, size_t *n)
{
	struct vdir *d = plan_vdir_get(p, dir);

	*n = d->n;
	return d->names;
}

struct rplan_step *
plan_add_step(struct rplan_stanza *z, enum rplan_step_kind kind,
    enum rplan_phase phase, long log, const char *src, const char *dst)
{
	return add_step(z, kind, phase, log, src, dst);
}

void
plan_note(struct planner *p, const char *fmt, ...)
{
	struct rplan *plan = p->plan;
	struct sbuf sb = SBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	sbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	plan->notes =
	    xreallocarray(plan->notes, plan->nnotes + 1, sizeof(*plan->notes));
	plan->notes[plan->nnotes++] = sbuf_detach(&sb);
}

void
plan_carry(struct planner *p, size_t js)
{
	struct rplan *plan = p->plan;
	size_t i;

	for (i = 0; i < plan->ncarry; i++)
		if (plan->carry[i] == js)
			return;
	plan->carry =
	    xreallocarray(plan->carry, plan->ncarry + 1, sizeof(*plan->carry));
	plan->carry[plan->ncarry++] = js;
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
	vdirs_release(&p);
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

void
rplan_release(struct rplan *plan)
{
	size_t i, j;

	for (i = 0; i < plan->nstanzas; i++) {
		struct rplan_stanza *z = &plan->stanzas[i];

		for (j = 0; j < z->nlogs; j++) {
			free(z->logs[j].final_name);
			free(z->logs[j].first_rotated);
			free(z->logs[j].dispose_name);
			free(z->logs[j].dest);
		}
		for (j = 0; j < z->nsteps; j++) {
			free(z->steps[j].src);
			free(z->steps[j].dst);
			free(z->steps[j].argv1);
			free(z->steps[j].argv2);
		}
		free(z->logs);
		free(z->steps);
	}
	for (i = 0; i < plan->nnotes; i++)
		free(plan->notes[i]);
	free(plan->notes);
	free(plan->carry);
	plan->notes = NULL;
	plan->nnotes = 0;
	plan->carry = NULL;
	plan->ncarry = 0;
	free(plan->stanzas);
	plan->stanzas = NULL;
	plan->nstanzas = 0;
	plan->failed = 0;
}
