/*
 * plan: logrotate's decisions (findNeedRotating) and the order of its
 * operations (rotateLogSet, prerotateSingleLog, rotateSingleLog,
 * postrotateSingleLog) turned into data.  See plan.h for the contract and
 * docs/logrotate-compat.md sections 5 to 8 for the behaviour.
 *
 * This file is the planner's lowest layer: the snapshot, the step adders,
 * the accessors of plan_int.h and rplan_release; it calls no other file
 * of the planner.  rplan_build, the stanza loop, rotateSingleLog and
 * postrotateSingleLog are in plan_build.c, the decisions in
 * plan_decide.c, the generations' names in plan_names.c,
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
void
plan_put(struct planner *p, const char *path, const char *origin)
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

	plan_put(p, from, NULL);
	plan_put(p, to, keep);
	free(keep);
}

void
plan_vdirs_release(struct planner *p)
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

struct rplan_step *
plan_add_step(struct rplan_stanza *z, enum rplan_step_kind kind,
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

/* Planned steps that change the snapshot. */
void
plan_step_rename(struct planner *p, struct rplan_stanza *z, enum rplan_phase ph,
    long log, const char *from, const char *to)
{
	plan_add_step(z, RSTEP_RENAME, ph, log, from, to);
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
	plan_add_step(z, RSTEP_COMPRESS, ph, log, src, dst)->flags = flags;
	/* The source goes once its compressed copy is safely in place. */
	plan_add_step(z, RSTEP_REMOVE, ph, log, src, NULL)->flags =
	    RSTEP_CHAINED;
	v_move(p, src, dst);
	free(dst);
	return &z->steps[z->nsteps - 2];
}

void
plan_step_remove(struct planner *p, struct rplan_stanza *z, enum rplan_phase ph,
    long log, const char *path, unsigned flags)
{
	plan_add_step(z, RSTEP_REMOVE, ph, log, path, NULL)->flags = flags;
	plan_put(p, path, NULL);
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
void
plan_step_mail(struct rplan_stanza *z, enum rplan_phase ph, long log,
    const char *path, unsigned flags)
{
	const struct rconf_log *c = z->conf;
	struct rplan_step *s =
	    plan_add_step(z, RSTEP_MAIL, ph, log, path, NULL);
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
		plan_step_mail(z, ph, log, path, flags);
	plan_step_remove(p, z, ph, log, path, flags);
}

/* ---- what the other files of the planner use (plan_int.h) ---- */

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
plan_set(struct planner *p, const char *path, int there)
{
	plan_put(p, path, there ? "" : NULL);
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
