/*
 * plan_decide: whether a log is rotated, and why (logrotate's
 * findNeedRotating, reference 5): the parent directory and the log
 * checked, then the size and time criteria against the state.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <stdlib.h>
#include <time.h>

#include "rotate/plan.h"
#include "rotate/plan_int.h"

/* Days since 1970-01-01 of a civil date (proleptic Gregorian). */
static long
day_number(int year, int mon, int mday)
{
	long y = year - (mon <= 2);
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long mp = (mon + 9) % 12;
	long doy = (153 * mp + 2) / 5 + mday - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

/* The time criteria, once the hour differs (reference 5, step 5). */
static int
time_due(const struct rconf_log *c, const struct tm *now, const struct tm *last)
{
	long days;

	switch (c->criterion) {
	case RCONF_HOURLY:
		return 1;
	case RCONF_DAILY:
		return now->tm_year != last->tm_year ||
		    now->tm_mon != last->tm_mon ||
		    now->tm_mday != last->tm_mday;
	case RCONF_WEEKLY:
		days = day_number(
		           now->tm_year + 1900, now->tm_mon + 1, now->tm_mday) -
		    day_number(
		        last->tm_year + 1900, last->tm_mon + 1, last->tm_mday);
		return days >= 7 || (days >= 1 && now->tm_wday == c->weekday);
	case RCONF_MONTHLY:
		return now->tm_year != last->tm_year ||
		    now->tm_mon != last->tm_mon;
	case RCONF_YEARLY:
		return now->tm_year != last->tm_year;
	case RCONF_SIZE:
		break;
	}
	return 0;
}

static int
same_hour(const struct tm *a, const struct tm *b)
{
	return a->tm_year == b->tm_year && a->tm_mon == b->tm_mon &&
	    a->tm_mday == b->tm_mday && a->tm_hour == b->tm_hour;
}

/*
 * minfree (a headroom extension): whether the file system holding l has
 * less free space than c asks for; what it has and what c asks for are
 * kept in l for -d and -v.  Free space that cannot be learnt makes
 * nothing due.
 */
static int
minfree_low(
    const struct planner *p, const struct rconf_log *c, struct rplan_log *l)
{
	const struct rplan_seams *s = p->seams;
	unsigned long long avail, total;

	if ((c->minfree == 0 && c->minfree_pct == 0) || s->fsfree == NULL ||
	    s->fsfree(s->arg, l->path, &avail, &total) != 0)
		return 0;
	l->fs_avail = avail;
	l->fs_want = rconf_minfree_bytes(c, total);
	return avail < l->fs_want;
}

/* Decision for a log that exists and is a plain file (step 5). */
static enum rplan_reason
decide_due(
    const struct planner *p, const struct rconf_log *c, struct rplan_log *l)
{
	enum rplan_reason r;
	struct tm last = l->last;
	off_t size = l->st.st_size;

	if (p->flags & RPLAN_FORCE)
		return RPLAN_FORCED;
	if (c->maxsize && (unsigned long long)size > c->maxsize)
		return RPLAN_MAXSIZE;
	/* Not again within the hour: the space may be taken by others. */
	if (l->fs_low && !same_hour(&p->tnow, &l->last))
		return RPLAN_MINFREE;
	if (c->criterion == RCONF_SIZE)
		return (unsigned long long)size >= c->size_threshold
		    ? RPLAN_SIZE
		    : RPLAN_BELOW_SIZE;
	if (p->flags & RPLAN_URGENT_ONLY)
		return RPLAN_NOT_URGENT;
	last.tm_isdst = -1;
	if (mktime(&last) > p->now + 25 * 3600)
		return RPLAN_FUTURE;
	if (same_hour(&p->tnow, &l->last))
		return RPLAN_SAME_HOUR;
	/* The first "does not need" line is the reason, any later a veto. */
	r = time_due(c, &p->tnow, &l->last) ? RPLAN_DUE : RPLAN_NOT_DUE;
	if (c->minsize && (unsigned long long)size < c->minsize) {
		if (r == RPLAN_DUE)
			r = RPLAN_MINSIZE;
		else
			l->vetoes |= RPLAN_VETO_MINSIZE;
	}
	if (c->minage &&
	    (time_t)c->minage * DAY_SECONDS >= p->now - l->st.st_mtime) {
		if (r == RPLAN_DUE)
			r = RPLAN_MINAGE;
		else
			l->vetoes |= RPLAN_VETO_MINAGE;
	}
	return r;
}

static int
reason_rotates(enum rplan_reason r)
{
	return r == RPLAN_FORCED || r == RPLAN_MAXSIZE || r == RPLAN_MINFREE ||
	    r == RPLAN_SIZE || r == RPLAN_FUTURE || r == RPLAN_DUE;
}

/* Steps 1 and 2: the parent directory (root without su) and the log. */
static int
decide_exists(
    const struct planner *p, const struct rconf_log *c, struct rplan_log *l)
{
	const struct rplan_seams *s = p->seams;
	int missingok = (c->flags & RCONF_MISSINGOK) != 0;
	struct stat dst;

	if ((p->flags & RPLAN_AS_ROOT) && !(c->flags & RCONF_SU)) {
		char *dir = plan_path_dir(l->path);
		int e = s->stat(s->arg, dir, &dst);

		free(dir);
		if (e == ENOENT && missingok) {
			l->reason = RPLAN_DIR_MISSING_OK;
			return 0;
		}
		if (e) {
			l->reason = RPLAN_DIR_STAT_FAILED;
			l->errnum = e;
			return 0;
		}
		if ((dst.st_mode & S_IWOTH) ||
		    ((dst.st_mode & S_IWGRP) && dst.st_gid != 0)) {
			l->reason = RPLAN_INSECURE_DIR;
			return 0;
		}
	}
	l->errnum = s->lstat(s->arg, l->path, &l->st);
	if (l->errnum) {
		l->reason = l->errnum == ENOENT && missingok
		    ? RPLAN_MISSING_OK
		    : RPLAN_STAT_FAILED;
		if (l->reason == RPLAN_MISSING_OK)
			l->errnum = 0;
		return 0;
	}
	l->have_stat = 1;
	return 1;
}

/* Moves last to t when t is later (a rotation the state missed). */
static void
last_at_least(struct tm *last, time_t t)
{
	struct tm copy = *last;

	copy.tm_isdst = -1;
	if (mktime(&copy) < t)
		localtime_r(&t, last);
}

/* findNeedRotating for one log (reference 5). */
void
plan_decide(
    const struct planner *p, const struct rconf_log *c, struct rplan_log *l)
{
	const struct rplan_seams *s = p->seams;
	int exists = decide_exists(p, c, l);

	/* The caller looks the entry up in every case (logrotate.c:2403). */
	l->new_state =
	    s->last_rotated(s->arg, l->path, p->now, exists, &l->last);
	l->have_last = 1;
	if (l->resumed_at != 0)
		last_at_least(&l->last, l->resumed_at);
	if (!exists)
		goto out;
	if (S_ISLNK(l->st.st_mode)) {
		l->reason = RPLAN_SYMLINK;
		goto out;
	}
	if (!S_ISREG(l->st.st_mode)) {
		/* logrotate 3.21 hangs on a FIFO; 3.22 refuses to open it. */
		l->reason = RPLAN_NOT_REGULAR;
		goto out;
	}
	if (l->st.st_nlink > 1 && !(c->flags & RCONF_ALLOWHARDLINK)) {
		l->reason = RPLAN_HARDLINK;
		goto out;
	}
	l->fs_low = minfree_low(p, c, l);
	l->reason = decide_due(p, c, l);
	if (reason_rotates(l->reason) && !(c->flags & RCONF_IFEMPTY) &&
	    l->st.st_size == 0)
		l->reason = RPLAN_EMPTY;
out:
	l->rotate = reason_rotates(l->reason);
	l->error = l->reason >= RPLAN_STAT_FAILED;
}
