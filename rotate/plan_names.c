/*
 * plan_names: the names of a log's generations (reference 7,
 * "Definitions"): the numbered ones, the dated ones (dateext, dateformat,
 * the time a dated name gives) and the directory they live in.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/sbuf.h"
#include "lib/xalloc.h"
#include "rotate/plan.h"
#include "rotate/plan_int.h"

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
	char *logdir = plan_path_dir(path), *dir;

	if (c->olddir && c->olddir[0] == '/')
		dir = xstrdup(c->olddir);
	else if (c->olddir)
		dir = xasprintf("%s/%s", logdir, c->olddir);
	else
		return logdir;
	free(logdir);
	return dir;
}

void
plan_names_init(struct names *n, const struct planner *p,
    const struct rconf_log *c, const char *path)
{
	size_t len;

	memset(n, 0, sizeof(*n));
	n->dir = plan_gen_dir(c, path);
	n->base = xstrdup(plan_path_base(path));
	len = strlen(n->base);
	n->fileext = "";
	if (c->extension && *c->extension &&
	    plan_ends_with(n->base, c->extension)) {
		n->fileext = c->extension;
		n->base[len - strlen(c->extension)] = '\0';
	} else if (c->addextension && *c->addextension) {
		n->fileext = c->addextension;
		if (plan_ends_with(n->base, c->addextension))
			n->base[len - strlen(c->addextension)] = '\0';
	}
	n->compext = "";
	if (c->flags & RCONF_COMPRESS)
		n->compext =
		    c->compressext ? c->compressext : HR_DEFAULT_COMPRESSEXT;
	n->datefmt = date_format(c);
	n->dext = date_suffix(p, c, n->datefmt);
}

void
plan_names_release(struct names *n)
{
	free(n->dir);
	free(n->base);
	free(n->dext);
	free(n->datefmt);
}

char *
plan_numbered(const struct names *n, long i, enum plan_ext ext)
{
	return xasprintf("%s/%s.%ld%s%s", n->dir, n->base, i, n->fileext,
	    ext == PLAN_COMPEXT ? n->compext : "");
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
char **
plan_dated_generations(
    struct planner *p, const struct names *n, const char *tail, size_t *count)
{
	struct vdir *d = plan_vdir_get(p, n->dir);
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

const char *
plan_date_match(const char *fmt, const char *s)
{
	return date_match(fmt, s);
}
