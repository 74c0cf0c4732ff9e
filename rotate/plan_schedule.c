/*
 * plan_schedule: the order a stanza's steps run in (see plan_int.h).
 *
 * The steps come in logrotate's order.  A compression is started in the
 * background and the walk goes on; a step that depends on one in flight
 * (it belongs to the same log, or names a file a compression reads or
 * writes, or depends on such a step) is deferred.  Before a step an
 * outside program can observe, and at the end of the stanza, the walk
 * flushes: a WAIT, then the deferred steps, in their order, under the
 * same rules, until nothing is in flight or deferred.  A compression's
 * chained removal (RSTEP_CHAINED) goes wherever its compression goes,
 * right after it, and in the background with it.  exec.c only follows
 * the result, so -d can print exactly what a run does.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lib/strmap.h"
#include "lib/xalloc.h"
#include "rotate/plan_int.h"

struct sched {
	struct rplan_stanza *z;
	const struct rplan_step *in; /* the steps in logrotate's order */
	size_t nin;                  /* their number */
	struct rplan_step *out;      /* in the order they run */
	size_t nout, aout;
	size_t *inflight, ninflight, ainflight; /* indices into in */
	size_t *deferred, ndeferred, adeferred; /* indices into in */
	unsigned *busy; /* per log: its steps in flight or deferred */
	/*
	 * The files that in-flight or deferred steps use, counted once per
	 * use: a multiset borrowing the steps' paths, which move to out but
	 * are not freed.
	 */
	struct strmap *paths;
};

/* Whether a step starts or stops counting as in flight or deferred. */
enum busy_change { BUSY_ADD, BUSY_REMOVE };

/* path (NULL: none) used by one more step (BUSY_ADD) or one fewer. */
static void
padd(struct sched *sc, const char *path, enum busy_change how)
{
	if (path == NULL)
		return;
	if (how == BUSY_ADD)
		strmap_inc(sc->paths, path);
	else
		strmap_dec(sc->paths, path);
}

static int
phas(const struct sched *sc, const char *path)
{
	return path && strmap_count(sc->paths, path) > 0;
}

/* Step k in flight or deferred (BUSY_ADD), or no longer (BUSY_REMOVE). */
static void
busy(struct sched *sc, size_t k, enum busy_change how)
{
	const struct rplan_step *s = &sc->in[k];

	if (s->log >= 0 && how == BUSY_ADD)
		sc->busy[s->log]++;
	else if (s->log >= 0)
		sc->busy[s->log]--;
	padd(sc, s->src, how);
	padd(sc, s->dst, how);
}

/* Steps an outside program can see (scripts, mail, preremove). */
static int
observer(const struct sched *sc, const struct rplan_step *s)
{
	switch (s->kind) {
	case RSTEP_SCRIPT:
	case RSTEP_MAIL:
		return 1;
	case RSTEP_REMOVE:
	case RSTEP_COMPRESS:
		return sc->z->conf->script[RCONF_PREREMOVE] != NULL;
	default:
		return 0;
	}
}

static int
chained(const struct rplan_step *s)
{
	return (s->flags & RSTEP_CHAINED) != 0;
}

/* Step k, then the step chained to it (if any), with extra flags. */
static void
emit(struct sched *sc, size_t k, unsigned flags)
{
	size_t last = k + 1 < sc->nin && chained(&sc->in[k + 1]) ? k + 1 : k;

	for (; k <= last; k++) {
		XGROW(sc->out, sc->nout + 1, sc->aout);
		sc->out[sc->nout] = sc->in[k];
		sc->out[sc->nout++].flags |= flags;
	}
}

static void
emit_wait(struct sched *sc)
{
	struct rplan_step *w;

	XGROW(sc->out, sc->nout + 1, sc->aout);
	w = &sc->out[sc->nout++];
	memset(w, 0, sizeof(*w));
	w->kind = RSTEP_WAIT;
	w->phase = RPHASE_FINISH;
	w->log = -1;
}

/* A step that no program observes: runs now, starts, or is deferred. */
static void
place(struct sched *sc, size_t k)
{
	const struct rplan_step *s = &sc->in[k];

	if ((s->log >= 0 && sc->busy[s->log] > 0) || phas(sc, s->src) ||
	    phas(sc, s->dst)) {
		busy(sc, k, BUSY_ADD);
		XGROW(sc->deferred, sc->ndeferred + 1, sc->adeferred);
		sc->deferred[sc->ndeferred++] = k;
		return;
	}
	if (s->kind != RSTEP_COMPRESS) {
		emit(sc, k, 0);
		return;
	}
	emit(sc, k, RSTEP_BACKGROUND);
	busy(sc, k, BUSY_ADD);
	XGROW(sc->inflight, sc->ninflight + 1, sc->ainflight);
	sc->inflight[sc->ninflight++] = k;
}

/* WAIT, then the deferred steps, until nothing is left. */
static void
flush(struct sched *sc)
{
	size_t *q, n, k;

	while (sc->ninflight > 0 || sc->ndeferred > 0) {
		if (sc->ninflight > 0)
			emit_wait(sc);
		for (k = 0; k < sc->ninflight; k++)
			busy(sc, sc->inflight[k], BUSY_REMOVE);
		sc->ninflight = 0;
		q = sc->deferred;
		n = sc->ndeferred;
		sc->deferred = NULL;
		sc->ndeferred = sc->adeferred = 0;
		for (k = 0; k < n; k++)
			busy(sc, q[k], BUSY_REMOVE);
		for (k = 0; k < n; k++)
			place(sc, q[k]);
		free(q);
	}
}

void
plan_schedule(struct rplan_stanza *z)
{
	struct sched sc;
	size_t k;

	memset(&sc, 0, sizeof(sc));
	sc.z = z;
	sc.in = z->steps;
	sc.nin = z->nsteps;
	sc.busy = xcalloc(z->nlogs + 1, sizeof(*sc.busy));
	sc.paths = strmap_new(STRMAP_BORROW_KEYS);
	for (k = 0; k < z->nsteps; k++) {
		if (chained(&z->steps[k])) {
			continue; /* placed with its compression */
		} else if (observer(&sc, &z->steps[k])) {
			flush(&sc);
			emit(&sc, k, 0);
		} else {
			place(&sc, k);
		}
	}
	flush(&sc);
	/* The strings move with the steps; only the old array goes. */
	free(z->steps);
	z->steps = sc.out;
	z->nsteps = sc.nout;
	z->alloc = sc.aout;
	free(sc.busy);
	strmap_free(sc.paths);
	free(sc.inflight);
	free(sc.deferred);
}
