/*
 * recover: the planner's repair side.  A run killed midway (kill -9, a
 * power loss) leaves work half done; the next run finds it here, from
 * evidence of headroom's own work only, and plans the steps that finish
 * it.  Those steps are ordinary plan steps (phase RPHASE_REPAIR, at the
 * start of their stanza), so exec.c carries them out with the same code,
 * the same checks and the same (su) user as a rotation, -d prints them,
 * and a run killed during a repair is itself repaired by the next one.
 *
 * Two kinds of evidence:
 *
 *  1. The journal (journal.h) of the interrupted run: every step it
 *     planned, the identity (device, inode) of every file those steps
 *     name, and "done" marks for the steps the file system cannot show
 *     (scripts, mail, copytruncate's truncation).  For each log, the
 *     walk replays its steps against a model of the files, starting from
 *     the recorded identities, and checks each step's effect on the file
 *     system: a rename is done when the target holds the source's inode,
 *     a compression (with the removal chained to it) when its source is
 *     gone, a creation or a copy when the file exists, a removal when the
 *     file is gone.  A log's steps ran in order (exec.c never starts a
 *     log's step before the previous one ended), so the done steps are a
 *     prefix: the walk stops at the first step not done.  A step it
 *     cannot see (an unmarked script, the truncation of a copytruncate
 *     whose copy is there) is done if a later step is.  Then:
 *	- nothing was done: nothing to repair, the run plans the log anew;
 *	- everything was done: only the state file missed it, so the
 *	  rotation's time counts as the log's last rotation;
 *	- otherwise the remaining steps are planned (from the configuration
 *	  of this run: script bodies, compressor, su); the log is then
 *	  decided as usual, its last rotation being the interrupted one, so
 *	  that it is rotated again only when forced or due anew (its steps
 *	  follow the repair's).  A copytruncate stopped between its copy and
 *	  its truncation becomes RSTEP_RECOPY (copy again when the log still
 *	  holds the copy's bytes).
 *     A file the journal recorded that is neither where a step took it
 *     nor where it was (someone moved it since, or a later step consumed
 *     it) counts as moved on: the walk goes on, and only positive
 *     evidence (a file still where a step would take it from) stops it,
 *     so a stale journal resumes nothing.  Unfinished work for a log that
 *     is in no stanza any more is reported (plan notes) and dropped.
 *
 *  2. Headroom's reserved names: temporary files beside a log's
 *     generations, removed by recover_temps.c.
 *
 * Other leftovers are the rotation's own business, journal or not: a
 * first generation left uncompressed is compressed before the shifts
 * (plan_prepare.c, prepare_in_the_way), and a compression whose target
 * exists compares the two (exec_steps.c, make_room).
 *
 * Nothing is repaired for a log whose parent directory fails the check
 * rotation makes (insecure permissions as root without su): a repair
 * acts exactly where a rotation would.
 */
#include "config.h"

#include <sys/stat.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/sbuf.h"
#include "lib/xalloc.h"
#include "rotate/journal.h"
#include "rotate/plan_int.h"

/* What the walk found for one log of the journal. */
enum walk_result {
	WALK_NONE,   /* nothing of its rotation was done */
	WALK_DONE,   /* all of it was done */
	WALK_RESUME, /* part of it: the rest is to do */
};

/* One log of the journal. */
struct jlog {
	const char *path; /* borrowed from the journal */
	size_t js, jl;    /* its stanza and index there */
	int matched;      /* a stanza of this run has it */
	enum walk_result result;
	int touched; /* some step of its walk was done */
	size_t from; /* WALK_RESUME: the first step to do */
	int recopy;  /* WALK_RESUME: steps[from] becomes RSTEP_RECOPY */
};

/* The steps (indexes) of one log's walk, in order; own: not shared. */
struct wlist {
	size_t *t;
	size_t n, alloc, own;
};

struct recover {
	const struct rjournal *j;
	struct jlog *logs; /* sorted by path */
	size_t n;
	struct wlist **lists; /* per journal stanza, per log */
};

/* By path, then in journal order (so that the first of twins is found). */
static int
cmp_jlog(const void *a, const void *b)
{
	const struct jlog *x = a, *y = b;
	int c = strcmp(x->path, y->path);

	if (c != 0)
		return c;
	if (x->js != y->js)
		return x->js < y->js ? -1 : 1;
	return x->jl < y->jl ? -1 : x->jl > y->jl;
}

/*
 * Whether step t of z has its done mark.  A compression counts as done
 * only with the removal of its source chained to it: otherwise both are
 * planned again (exec_steps.c's make_room then finds the compressed copy
 * and compresses nothing), so that a source is never removed without a
 * compression just before it.
 */
static int
marked(const struct rjournal_stanza *z, size_t t)
{
	if (z->steps[t].kind == RSTEP_COMPRESS && t + 1 < z->nsteps &&
	    (z->steps[t + 1].flags & RSTEP_CHAINED) && !z->done[t + 1])
		return 0;
	return z->done[t];
}

/* Whether step s is in the walk of a log: its own or a shared script. */
static int
walked(const struct rplan_step *s)
{
	if (s->log >= 0)
		return !(s->flags & RSTEP_TEMP);
	/* The shared prerotate and postrotate; not first/last action. */
	return s->kind == RSTEP_SCRIPT &&
	    (s->script == RCONF_PREROTATE || s->script == RCONF_POSTROTATE);
}

static void
wlist_add(struct wlist *w, size_t t)
{
	XGROW(w->t, w->n + 1, w->alloc);
	w->t[w->n++] = t;
}

/* The walk lists of the logs of journal stanza z, in one pass. */
static struct wlist *
wlists_build(const struct rjournal_stanza *z)
{
	struct wlist *v = xcalloc(z->nlogs + 1, sizeof(*v));
	size_t t, k;

	for (t = 0; t < z->nsteps; t++) {
		const struct rplan_step *s = &z->steps[t];

		if (!walked(s))
			continue;
		if (s->log >= 0) {
			wlist_add(&v[s->log], t);
			v[s->log].own++;
		} else {
			for (k = 0; k < z->nlogs; k++)
				wlist_add(&v[k], t);
		}
	}
	return v;
}

void
recover_init(struct planner *p)
{
	const struct rjournal *j = plan_seams(p)->journal;
	struct recover *r;
	size_t i, k, n = 0;

	plan_set_recover(p, NULL);
	if (j == NULL || j->nstanzas == 0)
		return;
	r = xcalloc(1, sizeof(*r));
	r->j = j;
	r->lists = xcalloc(j->nstanzas + 1, sizeof(*r->lists));
	for (i = 0; i < j->nstanzas; i++) {
		n += j->stanzas[i].nlogs;
		r->lists[i] = wlists_build(&j->stanzas[i]);
	}
	r->logs = xcalloc(n + 1, sizeof(*r->logs));
	for (i = 0; i < j->nstanzas; i++)
		for (k = 0; k < j->stanzas[i].nlogs; k++) {
			if (r->lists[i][k].own == 0)
				continue;
			r->logs[r->n].path = j->stanzas[i].logs[k].path;
			r->logs[r->n].js = i;
			r->logs[r->n++].jl = k;
		}
	/*
	 * A path twice: a record carried from an earlier journal, and one
	 * of the run that carried it (a stanza can also list the same path
	 * twice); the first, the carrying run's, is the one to walk.
	 */
	if (r->n > 1)
		qsort(r->logs, r->n, sizeof(*r->logs), cmp_jlog);
	plan_set_recover(p, r);
}

/* ---- the walk ---- */

/* What the model expects at a path. */
enum ident {
	ID_ABSENT, /* nothing */
	ID_KNOWN,  /* the file with dev, ino (recorded by the journal) */
	ID_NEW,    /* a file a step made (its identity is not known) */
};

struct mfile {
	const char *path; /* borrowed from the journal */
	enum ident kind;
	dev_t dev;
	ino_t ino;
};

struct model {
	struct planner *p;
	const struct rjournal_stanza *z;
	struct mfile *f;
	size_t n, alloc;
};

/* The model's entry for path: the journal's record until a step moves it. */
static struct mfile *
model_get(struct model *m, const char *path)
{
	const struct rjournal_id *id;
	struct mfile *f;
	size_t i;

	for (i = 0; i < m->n; i++)
		if (strcmp(m->f[i].path, path) == 0)
			return &m->f[i];
	XGROW(m->f, m->n + 1, m->alloc);
	f = &m->f[m->n++];
	f->path = path;
	id = rjournal_find_id(m->z, path);
	f->kind = id ? ID_KNOWN : ID_ABSENT;
	f->dev = id ? id->dev : 0;
	f->ino = id ? id->ino : 0;
	return f;
}

/* Whether path exists now (its lstat in *st). */
static int
present(struct model *m, const char *path, struct stat *st)
{
	const struct rplan_seams *s = plan_seams(m->p);

	return s->lstat(s->arg, path, st) == 0;
}

/* Whether what is at path now is what f expects. */
static int
is(const struct mfile *f, int here, const struct stat *st)
{
	switch (f->kind) {
	case ID_ABSENT:
		return !here;
	case ID_KNOWN:
		return here && st->st_dev == f->dev && st->st_ino == f->ino;
	case ID_NEW:
		return here;
	}
	return 0;
}

/*
 * S_GONE: done as far as one can tell, but no evidence that this run did
 * it (the file is nowhere): it does not count as the work having started.
 * S_HALF: a copytruncate's copy is there, its truncation unseen: done if
 * a later step is, else completed by RSTEP_RECOPY.
 */
enum status { S_DONE, S_GONE, S_NOT_DONE, S_UNSEEN, S_HALF };

/* Whether the copy step s made its target (one there before was moved). */
static int
copied(struct model *m, const struct rplan_step *s)
{
	struct mfile *f = model_get(m, s->dst);
	struct stat st;
	int here = present(m, s->dst, &st);

	return here && !(f->kind == ID_KNOWN && is(f, here, &st));
}

static enum status
rename_status(struct model *m, const struct rplan_step *s)
{
	struct mfile *a = model_get(m, s->src);
	struct stat sa, sb;
	int ha, hb;

	if (a->kind == ID_ABSENT)
		return S_DONE; /* it had nothing to move */
	ha = present(m, s->src, &sa);
	hb = present(m, s->dst, &sb);
	/*
	 * Not at its source any more: moved, and maybe gone further (a later
	 * step compressed it); the later steps tell.
	 */
	if (a->kind == ID_KNOWN && is(a, hb, &sb))
		return S_DONE;
	if (a->kind == ID_KNOWN)
		return is(a, ha, &sa) ? S_NOT_DONE : S_GONE;
	return ha ? S_NOT_DONE : S_DONE;
}

/* Whether step s of the interrupted run is done, as far as one can see. */
static enum status
step_status(struct model *m, const struct rplan_step *s)
{
	struct mfile *f;
	struct stat st;
	int here;

	switch (s->kind) {
	case RSTEP_SCRIPT:
	case RSTEP_MAIL:
	case RSTEP_TRUNCATE:
	case RSTEP_RECOPY:
		/* The walk looked at its done mark first. */
		return S_UNSEEN;
	case RSTEP_WAIT:
		/* Never walked. */
		return S_DONE;
	case RSTEP_RENAME:
		return rename_status(m, s);
	case RSTEP_CREATE:
		return present(m, s->src, &st) ? S_DONE : S_NOT_DONE;
	case RSTEP_COPY:
		return copied(m, s) ? S_DONE : S_NOT_DONE;
	case RSTEP_COPYTRUNCATE:
		return copied(m, s) ? S_HALF : S_NOT_DONE;
	case RSTEP_COMPRESS:
	case RSTEP_REMOVE:
	case RSTEP_UNLINK:
		f = model_get(m, s->src);
		if (f->kind == ID_ABSENT)
			return S_DONE;
		here = present(m, s->src, &st);
		return is(f, here, &st) ? S_NOT_DONE : S_DONE;
	}
	return S_NOT_DONE;
}

/* The model after step s. */
static void
model_apply(struct model *m, const struct rplan_step *s)
{
	struct mfile *a, *b;

	switch (s->kind) {
	case RSTEP_RENAME:
		a = model_get(m, s->src);
		b = model_get(m, s->dst);
		b->kind = a->kind;
		b->dev = a->dev;
		b->ino = a->ino;
		a->kind = ID_ABSENT;
		break;
	case RSTEP_COMPRESS:
		/* Its source goes with the removal chained to it. */
		model_get(m, s->dst)->kind = ID_NEW;
		break;
	case RSTEP_CREATE:
		model_get(m, s->src)->kind = ID_NEW;
		break;
	case RSTEP_COPY:
	case RSTEP_COPYTRUNCATE:
	case RSTEP_RECOPY:
		model_get(m, s->dst)->kind = ID_NEW;
		break;
	case RSTEP_REMOVE:
	case RSTEP_UNLINK:
		model_get(m, s->src)->kind = ID_ABSENT;
		break;
	default:
		break;
	}
}

static int
file_step(const struct rplan_step *s)
{
	return s->kind != RSTEP_SCRIPT && s->kind != RSTEP_MAIL &&
	    s->kind != RSTEP_TRUNCATE && s->kind != RSTEP_RECOPY;
}

/*
 * The outcome once the walk stopped at position stop of its list (n: at
 * the end), unseen being the first position since the last done one
 * that it could not see (SIZE_MAX: none): the work resumes from the
 * earlier of the two.  half is the position of the copytruncate whose
 * truncation was unseen (SIZE_MAX: none): resumed from there, it is
 * completed by RSTEP_RECOPY.
 */
static void
walk_outcome(struct jlog *w, const struct rjournal_stanza *z,
    const struct wlist *l, size_t stop, size_t unseen, size_t half, int started)
{
	size_t i;
	int left = 0;

	if (unseen < stop)
		stop = unseen;
	for (i = stop; i < l->n; i++)
		left |= !marked(z, l->t[i]);
	w->from = stop < l->n ? l->t[stop] : z->nsteps;
	if (!started)
		w->result = WALK_NONE;
	else
		w->result = left ? WALK_RESUME : WALK_DONE;
	w->recopy = w->result == WALK_RESUME && stop == half;
}

static void
walk(struct planner *p, struct recover *r, struct jlog *w)
{
	const struct rjournal_stanza *z = &r->j->stanzas[w->js];
	const struct wlist *l = &r->lists[w->js][w->jl];
	struct model m = { p, z, NULL, 0, 0 };
	size_t i, unseen = SIZE_MAX, half = SIZE_MAX;
	int started = 0;
	enum status st;

	for (i = 0; i < l->n; i++) {
		size_t t = l->t[i];
		const struct rplan_step *s = &z->steps[t];

		/* Repair steps are work an earlier run began. */
		started |= s->phase == RPHASE_REPAIR;
		st = marked(z, t) ? S_DONE : step_status(&m, s);
		if (st == S_UNSEEN) {
			if (unseen == SIZE_MAX)
				unseen = i;
			continue;
		}
		if (st == S_NOT_DONE)
			break;
		model_apply(&m, s);
		w->touched |= st == S_DONE || st == S_HALF;
		if (st == S_HALF) {
			/*
			 * The copy was made: the work has started, and the
			 * steps before it were done; its truncation is unseen.
			 */
			started = 1;
			half = unseen = i;
			continue;
		}
		started |= st == S_DONE && file_step(s);
		unseen = SIZE_MAX;
	}
	walk_outcome(w, z, l, i, unseen, half, started);
	free(m.f);
}

static struct jlog *
find_jlog(struct recover *r, const char *path)
{
	size_t lo = 0, hi = r->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(r->logs[mid].path, path);

		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < r->n && strcmp(r->logs[lo].path, path) == 0 ? &r->logs[lo]
	                                                        : NULL;
}

void
recover_walk(struct planner *p, struct rplan_log *l)
{
	struct recover *r = plan_recover(p);
	struct jlog *w = r ? find_jlog(r, l->path) : NULL;
	const struct rjournal_log *jl;

	if (w == NULL || w->matched)
		return;
	w->matched = 1;
	walk(p, r, w);
	jl = &r->j->stanzas[w->js].logs[w->jl];
	/*
	 * A rotation of which nothing was done (a failed firstaction, a run
	 * killed first) is no rotation: the log is as due as before.
	 */
	if (jl->rotated == 0 || (w->result == WALK_NONE && !w->touched))
		return;
	l->resumed_at = jl->rotated;
	if (w->result == WALK_DONE)
		l->resumed = RPLAN_RESUME_DONE;
}

/* ---- completing the interrupted work ---- */

/* A log whose parent directory passed rotation's check. */
static int
checked(const struct rplan_log *l)
{
	return l->reason != RPLAN_DIR_STAT_FAILED &&
	    l->reason != RPLAN_INSECURE_DIR &&
	    l->reason != RPLAN_DIR_MISSING_OK;
}

/* One log of this run's stanza whose interrupted rotation is resumed. */
struct resumed {
	long j;         /* its index in the stanza */
	struct jlog *w; /* its record in the journal */
	int touches;    /* a repair step renames, copies or creates the log */
};

/*
 * Plans step s of the journal again, for log j (-1: the stanza's), as a
 * step of kind: s->kind, or RSTEP_RECOPY for a copytruncate that stopped
 * after its copy.  Returns 1 when it acts on the log itself (its rename,
 * copy, truncation or creation), 0 otherwise.
 */
static int
emit(struct planner *p, struct rplan_stanza *z, const struct rplan_step *s,
    long j, enum rplan_step_kind kind)
{
	const struct rconf_log *c = z->conf;
	struct rplan_step *n;

	if ((kind == RSTEP_SCRIPT && c->script[s->script] == NULL) ||
	    (kind == RSTEP_MAIL && c->mail == NULL))
		return 0;
	n = plan_add_step(z, kind, RPHASE_REPAIR, j, s->src, s->dst);
	n->flags = s->flags;
	n->mode = s->mode;
	n->uid = s->uid;
	n->gid = s->gid;
	n->script = s->script;
	n->body = kind == RSTEP_SCRIPT ? c->script[s->script] : NULL;
	n->argv1 = s->argv1 ? xstrdup(s->argv1) : NULL;
	n->argv2 = s->argv2 ? xstrdup(s->argv2) : NULL;
	n->address = kind == RSTEP_MAIL ? c->mail : NULL;
	if ((kind == RSTEP_RENAME || kind == RSTEP_COMPRESS) && n->dst)
		plan_move(p, n->src, n->dst);
	else if (kind == RSTEP_REMOVE || kind == RSTEP_UNLINK)
		plan_set(p, n->src, 0);
	if (kind == RSTEP_CREATE)
		plan_set(p, n->src, 1);
	if (n->dst && kind != RSTEP_CREATE && kind != RSTEP_RENAME &&
	    kind != RSTEP_COMPRESS)
		plan_set(p, n->dst, 1);
	return j >= 0 && strcmp(n->src ? n->src : "", z->logs[j].path) == 0 &&
	    kind != RSTEP_SCRIPT && kind != RSTEP_MAIL;
}

/*
 * The journal stanza's remaining steps of the logs res (all from it), in
 * its order: each log's from its resume point; a shared script when one
 * of the logs resumes before it.
 */
static void
resume_group(struct planner *p, struct recover *r, struct rplan_stanza *z,
    struct resumed *res, size_t nres)
{
	const struct rjournal_stanza *zj = &r->j->stanzas[res[0].w->js];
	struct resumed **of = xcalloc(zj->nlogs + 1, sizeof(*of));
	size_t t, k, first = SIZE_MAX;

	for (k = 0; k < nres; k++) {
		of[res[k].w->jl] = &res[k];
		if (res[k].w->from < first)
			first = res[k].w->from;
	}
	for (t = first; t < zj->nsteps; t++) {
		const struct rplan_step *s = &zj->steps[t];
		struct resumed *x = s->log >= 0 ? of[s->log] : NULL;

		if (marked(zj, t) || !walked(s))
			continue;
		if (s->log < 0)
			emit(p, z, s, -1, s->kind);
		else if (x != NULL && t >= x->w->from)
			x->touches |= emit(p, z, s, x->j,
			    x->w->recopy && t == x->w->from ? RSTEP_RECOPY
			                                    : s->kind);
	}
	free(of);
}

static int
cmp_resumed(const void *a, const void *b)
{
	const struct resumed *x = a, *y = b;

	if (x->w->js != y->w->js)
		return x->w->js < y->w->js ? -1 : 1;
	return x->j < y->j ? -1 : x->j > y->j;
}

/* t as "YYYY-MM-DD HH:MM", local time. */
static void
when(time_t t, char *buf, size_t len)
{
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(buf, len, "%Y-%m-%d %H:%M", &tm);
}

/* Completes the interrupted rotations of z's logs, per journal stanza. */
static void
resume_stanza(struct planner *p, struct recover *r, struct rplan_stanza *z)
{
	struct resumed *res = xcalloc(z->nlogs + 1, sizeof(*res));
	size_t j, n = 0, k, start;
	char stamp[64];

	for (j = 0; j < z->nlogs; j++) {
		struct rplan_log *l = &z->logs[j];
		struct jlog *w = find_jlog(r, l->path);

		if (w == NULL || w->result != WALK_RESUME || l->resumed_at == 0)
			continue;
		if (!checked(l)) {
			/* Not now, not lost: the next journal keeps it. */
			plan_carry(p, w->js);
			continue;
		}
		l->resumed = RPLAN_RESUME_STEPS;
		when(l->resumed_at, stamp, sizeof(stamp));
		plan_note(p,
		    "the rotation of %s of %s was interrupted: completing it",
		    l->path, stamp);
		res[n].j = (long)j;
		res[n++].w = w;
	}
	if (n > 1)
		qsort(res, n, sizeof(*res), cmp_resumed);
	for (start = 0; start < n; start = k) {
		for (k = start; k < n && res[k].w->js == res[start].w->js; k++)
			;
		resume_group(p, r, z, &res[start], k - start);
	}
	/* The repair rotates (or creates) the log: not again in this run. */
	for (k = 0; k < n; k++)
		if (res[k].touches) {
			struct rplan_log *l = &z->logs[res[k].j];

			l->reason = RPLAN_RESUMED;
			l->rotate = l->error = l->errnum = 0;
		}
	free(res);
}

void
recover_stanza(struct planner *p, struct rplan_stanza *z)
{
	struct recover *r = plan_recover(p);
	size_t j;

	for (j = 0; j < z->nlogs; j++)
		if (checked(&z->logs[j]))
			recover_remove_temps(p, z, (long)j);
	if (r != NULL)
		resume_stanza(p, r, z);
}

void
recover_finish(struct planner *p)
{
	struct recover *r = plan_recover(p);
	char stamp[64];
	size_t i, k;

	if (r == NULL)
		return;
	for (i = 0; i < r->n; i++) {
		struct jlog *w = &r->logs[i];
		time_t t = r->j->stanzas[w->js].logs[w->jl].rotated;

		if (w->matched)
			continue;
		walk(p, r, w);
		when(t, stamp, sizeof(stamp));
		if (t != 0 && w->result == WALK_RESUME)
			plan_note(p,
			    "the rotation of %s of %s was interrupted and is "
			    "not completed: the log is in no stanza any more",
			    w->path, stamp);
	}
	for (i = 0; i < r->j->nstanzas; i++) {
		for (k = 0; k < r->j->stanzas[i].nlogs; k++)
			free(r->lists[i][k].t);
		free(r->lists[i]);
	}
	free(r->lists);
	free(r->logs);
	free(r);
	plan_set_recover(p, NULL);
}
