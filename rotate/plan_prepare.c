/*
 * plan_prepare: logrotate's prerotateSingleLog as steps (reference 7):
 * the delayed compression of the previous generation, the removal of
 * generations past rotate or maxage (mailed first when the stanza
 * mails), and the shifts of the numbered ones.
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

/* Delayed compression of the previous generation (reference 7). */
static void
prepare_delayed(
    struct planner *p, struct rplan_stanza *z, long j, const struct names *n)
{
	const struct rconf_log *c = z->conf;
	char **gens, *prev;
	size_t k, i;

	if (!(c->flags & RCONF_COMPRESS) || !(c->flags & RCONF_DELAYCOMPRESS))
		return;
	if (!(c->flags & RCONF_DATEEXT)) {
		prev = plan_numbered(n, c->start, PLAN_NO_COMPEXT);
		if (plan_exists(p, prev))
			plan_step_compress(
			    p, z, RPHASE_PREPARE, j, prev, RSTEP_DELAYED);
		free(prev);
		return;
	}
	gens = plan_dated_generations(p, n, "", &k);
	for (i = 0; i < k; i++)
		plan_step_compress(
		    p, z, RPHASE_PREPARE, j, gens[i], RSTEP_DELAYED);
	strv_free(gens);
}

/*
 * Whether path, as the snapshot has it at this point of the plan, is older
 * than maxage days (3.21 compares seconds).  A generation compressed or
 * renamed earlier in the plan has its source's mtime; a file the run
 * makes is new.
 */
static int
too_old(struct planner *p, const struct rconf_log *c, const char *path)
{
	const char *origin;
	struct stat st;

	if (c->maxage <= 0)
		return 0;
	origin = plan_origin(p, path);
	if (origin == NULL || *origin == '\0')
		return 0;
	if (p->seams->lstat(p->seams->arg, origin, &st) != 0)
		return 0;
	return p->now - st.st_mtime > (time_t)c->maxage * DAY_SECONDS;
}

/*
 * dateext: the generations beyond `rotate` or older than maxage go; the
 * last one chosen is kept as disposeName and removed after the rotation,
 * as logrotate does.  Returns -1 when the destination exists.
 */
static int
prepare_dated(struct planner *p, struct rplan_stanza *z, long j,
    const struct names *n, int count)
{
	const struct rconf_log *c = z->conf;
	struct rplan_log *l = &z->logs[j];
	size_t k, i, drop;
	char **gens = plan_dated_generations(p, n, n->compext, &k);
	char *dest;
	long chosen = -1;

	drop = c->rotate == -1 || (long)k - count + 1 < 0
	    ? 0
	    : (size_t)((long)k - count + 1);
	for (i = 0; i < k; i++) {
		if (i >= drop && !too_old(p, c, gens[i]))
			continue;
		if (chosen >= 0)
			plan_step_mail_remove(p, z, RPHASE_PREPARE, j,
			    gens[chosen], i >= drop ? RSTEP_MAXAGE : 0);
		chosen = (long)i;
	}
	if (chosen >= 0)
		l->dispose_name = xstrdup(gens[chosen]);
	strv_free(gens);
	l->final_name =
	    xasprintf("%s/%s%s%s", n->dir, n->base, n->dext, n->fileext);
	/* The uncompressed name too: a rename would replace it. */
	dest = xasprintf("%s%s", l->final_name, n->compext);
	if (!plan_exists(p, dest) && plan_exists(p, l->final_name)) {
		free(dest);
		dest = xstrdup(l->final_name);
	}
	if (plan_exists(p, dest)) {
		l->dest = dest;
		return -1;
	}
	free(dest);
	return 0;
}

/*
 * The index of name when it is base.INDEX tail (sscanf's "%d" taking all
 * of INDEX: blanks, a sign, digits), as logrotate's findLastRotated reads
 * its glob; else 0.
 */
static long
index_of(const char *name, const char *base, const char *tail)
{
	size_t nl = strlen(name), bl = strlen(base), tl = strlen(tail);
	const char *s = name + bl + 1;
	char *end;
	long v;

	if (nl <= bl + 1 + tl || strncmp(name, base, bl) != 0 ||
	    name[bl] != '.' || strcmp(name + nl - tl, tail) != 0)
		return 0;
	while (*s == ' ' || (*s >= '\t' && *s <= '\r'))
		s++;
	if (*s == '+' || *s == '-')
		s++;
	if (*s < '0' || *s > '9')
		return 0;
	v = strtol(name + bl + 1, &end, 10);
	if (end != name + nl - tl || v > 0x7fffffff)
		return 0;
	return v;
}

/*
 * rotate -1: the highest index of base.N fileext compext in the snapshot
 * (findLastRotated), gaps and all; 0 when there is none.
 */
static long
last_index(struct planner *p, const struct names *n)
{
	struct vdir *d = plan_vdir_get(p, n->dir);
	char *tail = xasprintf("%s%s", n->fileext, n->compext);
	long last = 0, v;
	size_t i;

	for (i = 0; i < d->n; i++) {
		v = index_of(d->names[i], n->base, tail);
		if (v > last)
			last = v;
	}
	free(tail);
	return last;
}

/*
 * An uncompressed first generation where the rotation puts the log (left
 * by a failed or interrupted compression, or from before `compress` was
 * set) is never overwritten, as logrotate 3.21's rename would: it is
 * compressed first, so the shifts move it along (with rotate 0, which
 * keeps no old log, it is removed as an old generation).  Should that
 * fail, the log's later steps do not run.
 */
static void
prepare_in_the_way(
    struct planner *p, struct rplan_stanza *z, long j, const struct names *n)
{
	const struct rconf_log *c = z->conf;
	char *first;

	if (!(c->flags & RCONF_COMPRESS) || (c->flags & RCONF_DELAYCOMPRESS) ||
	    *n->compext == '\0')
		return;
	first = plan_numbered(n, c->start, PLAN_NO_COMPEXT);
	if (plan_exists(p, first) && c->rotate == 0)
		plan_step_mail_remove(p, z, RPHASE_PREPARE, j, first, 0);
	else if (plan_exists(p, first))
		plan_step_compress(
		    p, z, RPHASE_PREPARE, j, first, RSTEP_IN_THE_WAY);
	free(first);
}

/*
 * Numbered mode: from start+count-1 down to start, each generation that
 * exists is expired (mailed and removed) when older than maxage, else
 * shifted up by one (prerotateSingleLog's loop).  No shift replaces a
 * file: one beyond the count already at the top target (rotate was
 * lowered, or a run stopped before its removal) is removed first, where
 * logrotate's rename would replace it.
 */
static void
prepare_numbered(struct planner *p, struct rplan_stanza *z, long j,
    const struct names *n, long count)
{
	const struct rconf_log *c = z->conf;
	struct rplan_log *l = &z->logs[j];
	long i, start = c->start;

	prepare_in_the_way(p, z, j, n);
	if (c->rotate != -1)
		l->dispose_name = plan_numbered(n, start + count, PLAN_COMPEXT);
	for (i = start + count - 1; i >= start; i--) {
		char *from = plan_numbered(n, i, PLAN_COMPEXT),
		     *to = plan_numbered(n, i + 1, PLAN_COMPEXT);

		if (plan_exists(p, from) && too_old(p, c, from)) {
			plan_step_mail_remove(
			    p, z, RPHASE_PREPARE, j, from, RSTEP_MAXAGE);
		} else if (plan_exists(p, from)) {
			if (i == start + count - 1 && plan_exists(p, to))
				plan_step_remove(
				    p, z, RPHASE_PREPARE, j, to, 0);
			plan_step_rename(p, z, RPHASE_PREPARE, j, from, to);
		}
		free(from);
		free(to);
	}
	l->final_name = plan_numbered(n, start, PLAN_NO_COMPEXT);
}

int
plan_copies(const struct rconf_log *c)
{
	return (c->flags & (RCONF_COPY | RCONF_COPYTRUNCATE)) != 0;
}

/*
 * prerotateSingleLog (reference 7).  Returns -1 when the log cannot be
 * rotated (dateext destination exists).
 */
int
plan_prepare(
    struct planner *p, struct rplan_stanza *z, long j, const struct names *n)
{
	const struct rconf_log *c = z->conf;
	struct rplan_log *l = &z->logs[j];
	int delay = (c->flags & RCONF_DELAYCOMPRESS) != 0;
	/* rotate 0 shifts as rotate 1; -1 up to the highest index. */
	long count = c->rotate > 0 ? c->rotate : 1;

	prepare_delayed(p, z, j, n);
	if (c->flags & RCONF_DATEEXT) {
		if (prepare_dated(p, z, j, n, (int)count) < 0)
			return -1;
	} else {
		if (c->rotate == -1)
			count = last_index(p, n);
		prepare_numbered(p, z, j, n, count);
	}
	l->first_rotated =
	    xasprintf("%s%s", l->final_name, delay ? "" : n->compext);
	/*
	 * rotate 0: the rotated file itself goes; with copy or copytruncate
	 * no copy is made, and the generation shifted above goes instead.
	 */
	if (c->rotate == 0 && !plan_copies(c)) {
		free(l->dispose_name);
		l->dispose_name =
		    xasprintf("%s%s", l->final_name, delay ? "" : n->compext);
	}
	return 0;
}
