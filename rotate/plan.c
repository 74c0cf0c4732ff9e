/*
 * plan: logrotate's decisions (findNeedRotating) and the order of its
 * operations (rotateLogSet, prerotateSingleLog, rotateSingleLog,
 * postrotateSingleLog) turned into data.  See plan.h for the contract and
 * docs/logrotate-compat.md sections 5 to 8 for the behaviour.
 *
 * The file system is seen through a snapshot: each directory is listed
 * once per run (struct vdir) and the listing is then edited as the planned
 * steps would edit the directory, so a later stanza sees what an earlier
 * one will have done.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/sbuf.h"
#include "lib/xalloc.h"
#include "rotate/plan.h"
#include "rotate/plan_int.h"

#define DAY_SECONDS 86400

/*
 * One listed directory: sorted names, edited by the planned steps.  For
 * each name, origin[i] says whose mtime it has (maxage): NULL for the file
 * listed under that name, "" for a file the run makes (a copy, a new log),
 * else the listed file it was renamed or compressed from.
 */
struct vdir {
	char *path;
	char **names;
	char **origin;
	size_t n, alloc, aorigin;
};

/* What rplan_build threads through its helpers. */
struct planner {
	const struct rplan_seams *seams;
	unsigned flags;
	time_t now;
	struct tm tnow;
	struct vdir *dirs;
	size_t ndirs, adirs;
	struct rplan *plan;
	void *recover; /* recover.c's journal index */
};

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *
path_dir(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

static const char *
path_base(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

static struct vdir *
vdir_get(struct planner *p, const char *dir)
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
	char *dir = path_dir(path);
	struct vdir *d = vdir_get(p, dir);
	int found;

	free(dir);
	vdir_index(d, path_base(path), &found);
	return found;
}

/*
 * The real file whose mtime path has in the snapshot: path itself, or
 * what it was renamed or compressed from; "" for a file the run makes.
 * NULL when path is not in the snapshot.  Owned by the snapshot.
 */
static const char *
v_origin(struct planner *p, const char *path)
{
	char *dir = path_dir(path);
	struct vdir *d = vdir_get(p, dir);
	int found;
	long i;

	free(dir);
	i = vdir_index(d, path_base(path), &found);
	if (!found)
		return NULL;
	return d->origin[i] ? d->origin[i] : path;
}

/*
 * Adds path to the snapshot (origin as v_origin returns it, copied) or,
 * with origin NULL, removes it.
 */
static void
v_put(struct planner *p, const char *path, const char *origin)
{
	char *dir = path_dir(path);
	struct vdir *d = vdir_get(p, dir);
	char *o = origin && strcmp(origin, path) != 0 ? xstrdup(origin) : NULL;
	int found;
	long i;

	free(dir);
	i = vdir_index(d, path_base(path), &found);
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
		d->names[i] = xstrdup(path_base(path));
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
	const char *o = v_origin(p, from);
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
static void
p_rename(struct planner *p, struct rplan_stanza *z, enum rplan_phase ph,
    long log, const char *from, const char *to)
{
	add_step(z, RSTEP_RENAME, ph, log, from, to);
	v_move(p, from, to);
}

static void
p_compress(struct planner *p, struct rplan_stanza *z, enum rplan_phase ph,
    long log, const char *src, unsigned flags)
{
	char *dst = xasprintf("%s%s", src,
	    z->conf->compressext ? z->conf->compressext
	                         : HR_DEFAULT_COMPRESSEXT);

	/* The compressed file keeps the source's mtime (test 0108). */
	add_step(z, RSTEP_COMPRESS, ph, log, src, dst)->flags = flags;
	v_move(p, src, dst);
	free(dst);
}

static void
p_remove(struct planner *p, struct rplan_stanza *z, enum rplan_phase ph,
    long log, const char *path, unsigned flags)
{
	add_step(z, RSTEP_REMOVE, ph, log, path, NULL)->flags = flags;
	v_put(p, path, NULL);
}

static int
ends_with(const char *s, const char *suffix)
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
static void
p_mail_remove(struct planner *p, struct rplan_stanza *z, enum rplan_phase ph,
    long log, const char *path, unsigned flags)
{
	if (z->conf->mail)
		p_mail(z, ph, log, path, flags);
	p_remove(p, z, ph, log, path, flags);
}

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
	if (c->criterion == RCONF_SIZE)
		return (unsigned long long)size >= c->size_threshold
		    ? RPLAN_SIZE
		    : RPLAN_BELOW_SIZE;
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
	return r == RPLAN_FORCED || r == RPLAN_MAXSIZE || r == RPLAN_SIZE ||
	    r == RPLAN_FUTURE || r == RPLAN_DUE;
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
		char *dir = path_dir(l->path);
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
static void
decide(const struct planner *p, const struct rconf_log *c, struct rplan_log *l)
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
	l->reason = decide_due(p, c, l);
	if (reason_rotates(l->reason) && !(c->flags & RCONF_IFEMPTY) &&
	    l->st.st_size == 0)
		l->reason = RPLAN_EMPTY;
out:
	l->rotate = reason_rotates(l->reason);
	l->error = l->reason >= RPLAN_STAT_FAILED;
}

/* Digits a honoured dateformat specifier prints, or 0 for any other. */
static int
spec_digits(char c)
{
	switch (c) {
	case 'Y':
		return 4;
	case 'm':
	case 'd':
	case 'H':
	case 'M':
	case 'S':
	case 'V':
		return 2;
	case 's':
		return 10;
	}
	return 0;
}

/*
 * logrotate's dateformat: leading blanks dropped, the specifiers %Y %m %d
 * %H %M %S %V %s honoured and any other "%x" kept as the text "%x"
 * (reference 3.4).  Returns a strftime format.
 */
static char *
date_format(const struct rconf_log *c)
{
	const char *f = c->dateformat;
	struct sbuf sb = SBUF_INIT;

	if (f == NULL)
		f = c->criterion == RCONF_HOURLY ? "-%Y%m%d%H" : "-%Y%m%d";
	while (*f == ' ')
		f++;
	for (; *f; f++) {
		if (*f == '%' && f[1] && spec_digits(f[1])) {
			sbuf_addch(&sb, '%');
			sbuf_addch(&sb, *++f);
		} else if (*f == '%') {
			sbuf_adds(&sb, "%%");
		} else {
			sbuf_addch(&sb, *f);
		}
	}
	return sbuf_detach(&sb);
}

/*
 * Whether s begins with what fmt (from date_format) prints, as logrotate's
 * cleanup glob sees it: each specifier is that many digits.  Returns the
 * rest of s, or NULL.
 */
static const char *
date_match(const char *fmt, const char *s)
{
	int n;

	for (; *fmt; fmt++) {
		if (fmt[0] == '%' && fmt[1] == '%') {
			if (*s++ != '%')
				return NULL;
			fmt++;
		} else if (fmt[0] == '%' && (n = spec_digits(fmt[1])) > 0) {
			for (; n > 0; n--, s++)
				if (*s < '0' || *s > '9')
					return NULL;
			fmt++;
		} else if (*s++ != *fmt) {
			return NULL;
		}
	}
	return s;
}

/* The dateext suffix at now (or yesterday noon, or an hour ago). */
static char *
date_suffix(const struct planner *p, const struct rconf_log *c, const char *fmt)
{
	char buf[512];
	struct tm tm;
	time_t t = p->now;

	if (c->flags & RCONF_DATEHOURAGO)
		t -= 3600;
	localtime_r(&t, &tm);
	if (c->flags & RCONF_DATEYESTERDAY) {
		t -= DAY_SECONDS;
		localtime_r(&t, &tm);
		tm.tm_hour = 12;
		tm.tm_isdst = -1;
		mktime(&tm);
	}
	/* fmt is built by date_format from the user's dateformat. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	if (strftime(buf, sizeof(buf), fmt, &tm) == 0)
		buf[0] = '\0';
#pragma GCC diagnostic pop
	return xstrdup(buf);
}

char *
plan_gen_dir(const struct rconf_log *c, const char *path)
{
	char *logdir = path_dir(path), *dir;

	if (c->olddir && c->olddir[0] == '/')
		dir = xstrdup(c->olddir);
	else if (c->olddir)
		dir = xasprintf("%s/%s", logdir, c->olddir);
	else
		return logdir;
	free(logdir);
	return dir;
}

static void
names_init(struct names *n, const struct planner *p, const struct rconf_log *c,
    const char *path)
{
	size_t len;

	memset(n, 0, sizeof(*n));
	n->dir = plan_gen_dir(c, path);
	n->base = xstrdup(path_base(path));
	len = strlen(n->base);
	n->fileext = "";
	if (c->extension && *c->extension && ends_with(n->base, c->extension)) {
		n->fileext = c->extension;
		n->base[len - strlen(c->extension)] = '\0';
	} else if (c->addextension && *c->addextension) {
		n->fileext = c->addextension;
		if (ends_with(n->base, c->addextension))
			n->base[len - strlen(c->addextension)] = '\0';
	}
	n->compext = "";
	if (c->flags & RCONF_COMPRESS)
		n->compext =
		    c->compressext ? c->compressext : HR_DEFAULT_COMPRESSEXT;
	n->datefmt = date_format(c);
	n->dext = date_suffix(p, c, n->datefmt);
}

static void
names_release(struct names *n)
{
	free(n->dir);
	free(n->base);
	free(n->dext);
	free(n->datefmt);
}

/* dir/base.I fileext [compext] */
static char *
numbered(const struct names *n, long i, int with_compext)
{
	return xasprintf("%s/%s.%ld%s%s", n->dir, n->base, i, n->fileext,
	    with_compext ? n->compext : "");
}

/* A dated generation and the time its name gives, for sorting. */
struct dated {
	char *path;
	const char *date; /* where the date starts in path */
	time_t t;
	int parsed; /* the date parsed with the dateformat */
};

/*
 * Oldest first, as logrotate's compGlobResult sorts: by the time strptime
 * reads from the name with the dateformat.  A name that does not parse
 * sorts after every one that does (so it is never removed first by the
 * count), and ties keep the names' order.
 */
static int
cmp_dated(const void *a, const void *b)
{
	const struct dated *x = a, *y = b;

	if (x->parsed != y->parsed)
		return x->parsed ? -1 : 1;
	if (x->parsed && x->t != y->t)
		return x->t < y->t ? -1 : 1;
	return strcmp(x->path, y->path);
}

static void
dated_parse(struct dated *d, const char *fmt)
{
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	tm.tm_isdst = -1;
	/* fmt is built by date_format from the user's dateformat. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	d->parsed = strptime(d->date, fmt, &tm) != NULL;
#pragma GCC diagnostic pop
	if (d->parsed)
		d->t = mktime(&tm);
}

/*
 * The dated generations in the snapshot: dir/base<date>fileext followed
 * by exactly tail, oldest first (cmp_dated).  Returns a NULL-terminated
 * array of full paths.
 */
static char **
dated_generations(
    struct planner *p, const struct names *n, const char *tail, size_t *count)
{
	struct vdir *d = vdir_get(p, n->dir);
	size_t i, blen = strlen(n->base), dlen = strlen(n->dir), k = 0;
	struct dated *v = xcalloc(d->n + 1, sizeof(*v));
	char **out;

	for (i = 0; i < d->n; i++) {
		const char *name = d->names[i], *rest;

		if (strncmp(name, n->base, blen) != 0)
			continue;
		rest = date_match(n->datefmt, name + blen);
		if (rest == NULL ||
		    strncmp(rest, n->fileext, strlen(n->fileext)) != 0)
			continue;
		if (strcmp(rest + strlen(n->fileext), tail) != 0)
			continue;
		v[k].path = xasprintf("%s/%s", n->dir, name);
		v[k].date = v[k].path + dlen + 1 + blen;
		dated_parse(&v[k++], n->datefmt);
	}
	if (k > 1)
		qsort(v, k, sizeof(*v), cmp_dated);
	out = xcalloc(k + 1, sizeof(*out));
	for (i = 0; i < k; i++)
		out[i] = v[i].path;
	free(v);
	*count = k;
	return out;
}

static void
strv_free(char **v)
{
	size_t i;

	for (i = 0; v && v[i]; i++)
		free(v[i]);
	free(v);
}

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
		prev = numbered(n, c->start, 0);
		if (v_exists(p, prev))
			p_compress(
			    p, z, RPHASE_PREPARE, j, prev, RSTEP_DELAYED);
		free(prev);
		return;
	}
	gens = dated_generations(p, n, "", &k);
	for (i = 0; i < k; i++)
		p_compress(p, z, RPHASE_PREPARE, j, gens[i], RSTEP_DELAYED);
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
	origin = v_origin(p, path);
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
	char **gens = dated_generations(p, n, n->compext, &k);
	char *dest;
	long chosen = -1;

	drop = c->rotate == -1 || (long)k - count + 1 < 0
	    ? 0
	    : (size_t)((long)k - count + 1);
	for (i = 0; i < k; i++) {
		if (i >= drop && !too_old(p, c, gens[i]))
			continue;
		if (chosen >= 0)
			p_mail_remove(p, z, RPHASE_PREPARE, j, gens[chosen],
			    i >= drop ? RSTEP_MAXAGE : 0);
		chosen = (long)i;
	}
	if (chosen >= 0)
		l->dispose_name = xstrdup(gens[chosen]);
	strv_free(gens);
	l->final_name =
	    xasprintf("%s/%s%s%s", n->dir, n->base, n->dext, n->fileext);
	/* The uncompressed name too: a rename would replace it. */
	dest = xasprintf("%s%s", l->final_name, n->compext);
	if (!v_exists(p, dest) && v_exists(p, l->final_name)) {
		free(dest);
		dest = xstrdup(l->final_name);
	}
	if (v_exists(p, dest)) {
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
	struct vdir *d = vdir_get(p, n->dir);
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
	first = numbered(n, c->start, 0);
	if (v_exists(p, first) && c->rotate == 0)
		p_mail_remove(p, z, RPHASE_PREPARE, j, first, 0);
	else if (v_exists(p, first))
		p_compress(p, z, RPHASE_PREPARE, j, first, RSTEP_IN_THE_WAY);
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
		l->dispose_name = numbered(n, start + count, 1);
	for (i = start + count - 1; i >= start; i--) {
		char *from = numbered(n, i, 1), *to = numbered(n, i + 1, 1);

		if (v_exists(p, from) && too_old(p, c, from)) {
			p_mail_remove(
			    p, z, RPHASE_PREPARE, j, from, RSTEP_MAXAGE);
		} else if (v_exists(p, from)) {
			if (i == start + count - 1 && v_exists(p, to))
				p_remove(p, z, RPHASE_PREPARE, j, to, 0);
			p_rename(p, z, RPHASE_PREPARE, j, from, to);
		}
		free(from);
		free(to);
	}
	l->final_name = numbered(n, start, 0);
}

static int
copies(const struct rconf_log *c)
{
	return (c->flags & (RCONF_COPY | RCONF_COPYTRUNCATE)) != 0;
}

/*
 * prerotateSingleLog (reference 7).  Returns -1 when the log cannot be
 * rotated (dateext destination exists).
 */
static int
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
	if (c->rotate == 0 && !copies(c)) {
		free(l->dispose_name);
		l->dispose_name =
		    xasprintf("%s%s", l->final_name, delay ? "" : n->compext);
	}
	return 0;
}

/* rotateSingleLog: rename (or to .tmp), create; or copy and truncate. */
static void
plan_rotate(struct planner *p, struct rplan_stanza *z, long j)
{
	const struct rconf_log *c = z->conf;
	struct rplan_log *l = &z->logs[j];
	struct rplan_step *s;
	char *tmp;

	if (copies(c)) {
		/* rotate 0: no copy is made, as in logrotate. */
		if (c->rotate != 0) {
			add_step(z, RSTEP_COPY, RPHASE_ROTATE, j, l->path,
			    l->final_name);
			v_put(p, l->final_name, "");
		}
		/*
		 * exec truncates with the copy just before (do_copy); the
		 * step stays apart so the journal can mark it done.
		 */
		if (c->flags & RCONF_COPYTRUNCATE)
			add_step(
			    z, RSTEP_TRUNCATE, RPHASE_ROTATE, j, l->path, NULL);
		return;
	}
	tmp = c->flags & RCONF_RENAMECOPY ? xasprintf("%s.tmp", l->path)
	                                  : xstrdup(l->final_name);
	p_rename(p, z, RPHASE_ROTATE, j, l->path, tmp);
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

	p_compress(p, z, RPHASE_FINISH, j, l->final_name, 0);
	if (!copies(c) && !(c->flags & RCONF_RENAMECOPY))
		return;
	s = &z->steps[z->nsteps - 1];
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

	if (!copies(c) && (c->flags & RCONF_RENAMECOPY)) {
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
			p_remove(p, z, RPHASE_FINISH, j, l->dispose_name, 0);
		else
			p_mail_remove(
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

	names_init(n, p, c, l->path);
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
				names_init(&n[j], p, c, z->logs[j].path);
				if (plan_prepare(p, z, (long)j, &n[j]) < 0)
					z->has_errors = 1;
			}
		plan_shared_rest(p, z, first);
	} else {
		for (j = 0; j < z->nlogs; j++)
			if (z->logs[j].rotate)
				plan_one(p, z, (long)j, &n[j]);
	}
	add_script(
	    z, RCONF_LASTACTION, RPHASE_LASTACTION, -1, c->pattern, NULL);
out:
	/* Also a stanza with only the repairs of an interrupted run. */
	plan_schedule(z);
	for (j = 0; j < z->nlogs; j++)
		names_release(&n[j]);
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
		decide(p, c, l);
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
	struct vdir *d = vdir_get(p, dir);

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

void
plan_names_init(struct names *n, const struct planner *p,
    const struct rconf_log *c, const char *path)
{
	names_init(n, p, c, path);
}

void
plan_names_release(struct names *n)
{
	names_release(n);
}

const char *
plan_date_match(const char *fmt, const char *s)
{
	return date_match(fmt, s);
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

const char *
rplan_script_name(enum rconf_script script)
{
	static const char *const names[] = { "first action", "prerotate",
		"postrotate", "last action", "preremove" };

	if ((unsigned)script < sizeof(names) / sizeof(names[0]))
		return names[script];
	return "script";
}

static const char *
criterion_span(enum rconf_criterion c)
{
	switch (c) {
	case RCONF_HOURLY:
		return "an hour";
	case RCONF_DAILY:
		return "a day";
	case RCONF_WEEKLY:
		return "a week";
	case RCONF_MONTHLY:
		return "a month";
	case RCONF_YEARLY:
		return "a year";
	case RCONF_SIZE:
		break;
	}
	return "the size threshold";
}

/* The wording of the reasons that are not a scheduling decision. */
static void
reason_describe_other(
    const struct rplan_log *l, const struct rconf_log *c, struct sbuf *out)
{
	char *dir;

	switch (l->reason) {
	case RPLAN_MISSING_OK:
		sbuf_addf(out, "log %s does not exist -- skipping", l->path);
		break;
	case RPLAN_SYMLINK:
		sbuf_addf(out,
		    "log %s is symbolic link. Rotation of symbolic links is "
		    "not allowed to avoid security issues -- skipping.",
		    l->path);
		break;
	case RPLAN_HARDLINK:
		sbuf_addf(out,
		    "log %s has multiple (%lu) hard links. Rotation of files "
		    "with multiple hard links is not allowed for %s -- "
		    "skipping.",
		    l->path, (unsigned long)l->st.st_nlink, c->pattern);
		break;
	case RPLAN_STAT_FAILED:
		sbuf_addf(
		    out, "stat of %s failed: %s", l->path, strerror(l->errnum));
		break;
	case RPLAN_DIR_STAT_FAILED:
		dir = path_dir(l->path);
		sbuf_addf(
		    out, "stat of %s failed: %s", dir, strerror(l->errnum));
		free(dir);
		break;
	case RPLAN_NOT_REGULAR:
		sbuf_addf(
		    out, "log %s is not a regular file -- skipping", l->path);
		break;
	case RPLAN_INSECURE_DIR:
		sbuf_addf(out,
		    "skipping \"%s\" because parent directory has insecure "
		    "permissions (It's world writable or writable by group "
		    "which is not \"root\") Set \"su\" directive in config "
		    "file to tell logrotate which user/group should be used "
		    "for rotation.",
		    l->path);
		break;
	default:
		break;
	}
}

void
rplan_reason_describe(
    const struct rplan_log *l, const struct rconf_log *c, struct sbuf *out)
{
	static const char no[] = "log does not need rotating ";
	static const char minsize_why[] =
	    "('minsize' directive is used and the log size is smaller than "
	    "the minsize value)";
	static const char minage_why[] =
	    "('minage' directive is used and the log age is smaller than the "
	    "minage days)";
	struct tm tm;

	switch (l->reason) {
	case RPLAN_FORCED:
	case RPLAN_MAXSIZE:
	case RPLAN_SIZE:
	case RPLAN_FUTURE:
	case RPLAN_DUE:
		sbuf_adds(out, "log needs rotating");
		break;
	case RPLAN_BELOW_SIZE:
		sbuf_addf(
		    out, "%s(log size is below the 'size' threshold)", no);
		break;
	case RPLAN_SAME_HOUR:
		sbuf_addf(out, "%s(log has already been rotated)", no);
		break;
	case RPLAN_NOT_DUE:
		sbuf_addf(out,
		    "%s(log has been rotated at %d-%02d-%02d %02d:%02d, "
		    "which is less than %s ago)",
		    no, l->last.tm_year + 1900, l->last.tm_mon + 1,
		    l->last.tm_mday, l->last.tm_hour, l->last.tm_min,
		    criterion_span(c->criterion));
		break;
	case RPLAN_MINSIZE:
		sbuf_addf(out, "%s%s", no, minsize_why);
		break;
	case RPLAN_MINAGE:
		sbuf_addf(out, "%s%s", no, minage_why);
		break;
	case RPLAN_EMPTY:
		sbuf_addf(out, "%s(log is empty)", no);
		break;
	case RPLAN_RESUMED:
		localtime_r(&l->resumed_at, &tm);
		sbuf_addf(out,
		    "%s(its rotation of %d-%02d-%02d %02d:%02d was "
		    "interrupted: completing it)",
		    no, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
		    tm.tm_hour, tm.tm_min);
		break;
	default:
		reason_describe_other(l, c, out);
		break;
	}
	if (l->vetoes & RPLAN_VETO_MINSIZE)
		sbuf_addf(out, "\n%s%s", no, minsize_why);
	if (l->vetoes & RPLAN_VETO_MINAGE)
		sbuf_addf(out, "\n%s%s", no, minage_why);
}

/*
 * What logrotate's shred_file says when it removes s->src (an old log,
 * or the source of a compression): the preremove script, shred.
 */
static void
describe_removal(
    const struct rplan_step *s, const struct rconf_log *c, struct sbuf *out)
{
	if (c->script[RCONF_PREREMOVE])
		sbuf_adds(out, "\nrunning preremove script");
	if (c->flags & RCONF_SHRED)
		sbuf_addf(out, "\nUsing shred to remove the file %s", s->src);
}

void
rplan_step_describe(
    const struct rplan_step *s, const struct rconf_log *c, struct sbuf *out)
{
	if (s->kind == RSTEP_UNLINK && (s->flags & RSTEP_TEMP)) {
		sbuf_addf(out,
		    "removing %s, a temporary file of an interrupted run",
		    s->src);
		return;
	}
	if (s->phase == RPHASE_REPAIR)
		sbuf_adds(out, "completing an interrupted rotation: ");
	switch (s->kind) {
	case RSTEP_RECOPY:
		sbuf_addf(out,
		    "copying %s to %s again, unless it was truncated after "
		    "that copy",
		    s->src, s->dst);
		break;
	case RSTEP_SCRIPT:
		sbuf_addf(
		    out, "running %s script", rplan_script_name(s->script));
		break;
	case RSTEP_COMPRESS:
		if (s->flags & RSTEP_IN_THE_WAY)
			sbuf_addf(out,
			    "compressing %s first, so that the rotation does "
			    "not overwrite it, with: %s",
			    s->src,
			    c->compresscmd ? c->compresscmd
			                   : HR_DEFAULT_COMPRESS);
		else if (s->phase == RPHASE_REPAIR)
			sbuf_addf(out, "compressing %s with: %s", s->src,
			    c->compresscmd ? c->compresscmd
			                   : HR_DEFAULT_COMPRESS);
		else
			sbuf_addf(out, "compressing log with: %s",
			    c->compresscmd ? c->compresscmd
			                   : HR_DEFAULT_COMPRESS);
		describe_removal(s, c, out);
		break;
	case RSTEP_RENAME:
		sbuf_addf(out, "renaming %s to %s", s->src, s->dst);
		break;
	case RSTEP_COPY:
		sbuf_addf(out, "copying %s to %s", s->src, s->dst);
		break;
	case RSTEP_WAIT:
		break;
	case RSTEP_TRUNCATE:
		sbuf_addf(out, "truncating %s", s->src);
		break;
	case RSTEP_CREATE:
		sbuf_addf(out, "creating new %s mode = 0%o uid = %lu gid = %lu",
		    s->src, (unsigned)s->mode, (unsigned long)s->uid,
		    (unsigned long)s->gid);
		break;
	case RSTEP_MAIL:
		sbuf_addf(out, "mailing log %s to %s", s->src, s->address);
		break;
	case RSTEP_REMOVE:
		sbuf_addf(out, "removing old log %s", s->src);
		describe_removal(s, c, out);
		break;
	case RSTEP_UNLINK:
		sbuf_addf(out, "removing tmp log %s", s->src);
		break;
	}
}
