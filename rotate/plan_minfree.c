/*
 * plan_minfree: minfree's removals (a headroom extension).  After the
 * rotation steps of a stanza, every old generation of its logs rotated
 * while their file system was short of free space (rplan_log.fs_low) is
 * removed, oldest first across the stanza, but never the active log and
 * never a log's newest generation.  Each removal is RSTEP_MINFREE: exec
 * carries it out only while the file system still has less free space
 * than minfree asks for, so the removals stop as soon as it is met.
 */
#include "config.h"

#include <sys/stat.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/strvec.h"
#include "lib/xalloc.h"
#include "rotate/plan.h"
#include "rotate/plan_int.h"

/* One old generation that minfree may remove. */
struct cand {
	char *path;
	long log;
	time_t mtime; /* its content's (the origin's, for a moved file) */
	size_t seq;   /* oldest first within its log */
};

struct cands {
	struct cand *v;
	size_t n, alloc;
};

/*
 * Adds path unless it is log j's newest generation (newest, compressed
 * or not) or a file the run makes.
 */
static void
cand_add(struct planner *p, struct cands *cs, long j, const char *path,
    const struct names *n, const char *newest)
{
	const struct rplan_seams *s = plan_seams(p);
	const char *origin = plan_origin(p, path);
	size_t len = strlen(newest);
	struct stat st;
	struct cand *c;

	if (strncmp(path, newest, len) == 0 &&
	    (path[len] == '\0' || strcmp(path + len, n->compext) == 0))
		return;
	if (origin != NULL && *origin == '\0')
		return;
	if (s->lstat(s->arg, origin ? origin : path, &st) != 0)
		st.st_mtime = 0;
	XGROW(cs->v, cs->n + 1, cs->alloc);
	c = &cs->v[cs->n];
	c->path = xstrdup(path);
	c->log = j;
	c->mtime = st.st_mtime;
	c->seq = cs->n++;
}

/*
 * The number of a numbered generation "base.N fileext tail" in dir's
 * listing, or 0 when name is not one.
 */
static long
numbered_index(const char *name, const struct names *n, const char *tail)
{
	size_t bl = strlen(n->base);
	char *end;
	long v;

	if (strncmp(name, n->base, bl) != 0 || name[bl] != '.' ||
	    name[bl + 1] < '0' || name[bl + 1] > '9')
		return 0;
	v = strtol(name + bl + 1, &end, 10);
	if (strncmp(end, n->fileext, strlen(n->fileext)) != 0 ||
	    strcmp(end + strlen(n->fileext), tail) != 0)
		return 0;
	return v;
}

/* Log j's numbered generations above its newest (start), oldest first. */
static void
cands_numbered(struct planner *p, struct cands *cs, long j,
    const struct rplan_stanza *z, const struct names *n)
{
	size_t k, count;
	char *const *names = plan_listing(p, n->dir, &count);
	char **paths = xcalloc(count + 1, sizeof(*paths));
	long *idx = xcalloc(count + 1, sizeof(*idx));
	size_t m = 0, a, b;

	for (k = 0; k < count; k++) {
		long i = numbered_index(names[k], n, n->compext);

		if (i == 0 && *n->compext != '\0')
			i = numbered_index(names[k], n, "");
		if (i > z->conf->start) {
			paths[m] = xasprintf("%s/%s", n->dir, names[k]);
			idx[m++] = i;
		}
	}
	/* Highest index (oldest) first: a small insertion sort. */
	for (a = 1; a < m; a++)
		for (b = a; b > 0 && idx[b - 1] < idx[b]; b--) {
			long ti = idx[b];
			char *tp = paths[b];

			idx[b] = idx[b - 1];
			paths[b] = paths[b - 1];
			idx[b - 1] = ti;
			paths[b - 1] = tp;
		}
	for (a = 0; a < m; a++)
		cand_add(p, cs, j, paths[a], n, z->logs[j].final_name);
	strv_free(paths);
	free(idx);
}

/* Log j's dated generations but its newest, oldest first. */
static void
cands_dated(struct planner *p, struct cands *cs, long j,
    const struct rplan_stanza *z, const struct names *n)
{
	size_t k, i;
	char **gens = plan_dated_generations(p, n, n->compext, &k);

	for (i = 0; i < k; i++)
		cand_add(p, cs, j, gens[i], n, z->logs[j].final_name);
	strv_free(gens);
	if (*n->compext == '\0')
		return;
	gens = plan_dated_generations(p, n, "", &k);
	for (i = 0; i < k; i++)
		cand_add(p, cs, j, gens[i], n, z->logs[j].final_name);
	strv_free(gens);
}

static int
cmp_cand(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;

	if (x->mtime != y->mtime)
		return x->mtime < y->mtime ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void
plan_minfree(struct planner *p, struct rplan_stanza *z, struct names *n)
{
	struct cands cs = { NULL, 0, 0 };
	size_t j, k;

	for (j = 0; j < z->nlogs; j++) {
		const struct rplan_log *l = &z->logs[j];

		if (!l->planned || !l->fs_low || l->final_name == NULL)
			continue;
		if (z->conf->flags & RCONF_DATEEXT)
			cands_dated(p, &cs, (long)j, z, &n[j]);
		else
			cands_numbered(p, &cs, (long)j, z, &n[j]);
	}
	if (cs.n > 1)
		qsort(cs.v, cs.n, sizeof(*cs.v), cmp_cand);
	for (k = 0; k < cs.n; k++) {
		plan_step_remove(p, z, RPHASE_FINISH, cs.v[k].log, cs.v[k].path,
		    RSTEP_MINFREE);
		free(cs.v[k].path);
	}
	free(cs.v);
}
