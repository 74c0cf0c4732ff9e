/*
 * conf_parse: logrotate 3.21's configuration reader (reference 3).
 *
 * The shape follows logrotate's readConfigFile() on purpose: a loop over
 * every byte of the file with a small state machine, because the way
 * logrotate recovers from broken input (which line counts, which '}' ends
 * a skipped stanza, what a stray character does) falls out of that loop,
 * and configurations in the wild depend on it.  What differs is the
 * plumbing: directives dispatch through a sorted table searched with
 * bsearch, every handler is a small function that says how the loop goes
 * on (enum step), and no state lives in globals.
 *
 * Files and directories:  read_path() (a path on the command line or in
 * `include`) -> read_file() (checks, reads the bytes) -> parse() (the loop).
 * Global settings live in one struct rconf_log threaded through all of
 * them; a file that fails has its global changes rolled back.
 */
#include "config.h"

#include <sys/stat.h>

#include <assert.h>
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>
#include <wctype.h>

#include "lib/sbuf.h"
#include "lib/units.h"
#include "lib/xalloc.h"
#include "rotate/conf_lex.h"
#include "rotate/conf_parse.h"
#include "rotate/conf_parse_int.h"
#include "rotate/expand.h"

#define MAX_NESTING 16U
#define MAX_CONFIG_SIZE 0xffffffL

/* logrotate's parser states; SKIP_LINE and SKIP_CONFIG combine. */
enum pstate {
	ST_DEFAULT = 2,
	ST_SKIP_LINE = 4,
	ST_DEF_END = 8,
	ST_SKIP_CONFIG = 16,
	ST_LOAD_SCRIPT = 32,
	ST_ERROR = 64,
};

/* How the byte loop goes on after a step. */
enum step {
	STEP_NEXT,     /* count the line if the cursor is on a newline */
	STEP_CONTINUE, /* go on without counting (logrotate's `continue`) */
	STEP_RAISE,    /* skip the stanza; at global level abort the file */
	STEP_ABORT,    /* drop the current stanza and the rest of the file */
};

/* One conf_read() call. */
struct conf_ctx {
	struct rconf *conf;
	const struct conf_opts *opts;
	struct expand_seen *seen;
	expand_glob_fn *globfn; /* NULL: glob(3) */
	char **taboo;           /* fnmatch patterns for directory entries */
	size_t ntaboo, ataboo;
	unsigned depth; /* include nesting */
	/* Stanzas dropped while parsing; freed at the end (see drop_last). */
	struct rconf_log **grave;
	size_t ngrave, agrave;
};

/* One file being parsed. */
struct parser {
	struct conf_ctx *cx;
	const char *name; /* as logrotate names it in messages */
	const char *cwd;  /* where relative paths resolve ("" = cwd) */
	struct lex lx;
	size_t pos;
	long line;
	unsigned state;
	struct rconf_log *def; /* the defaults this file changes */
	struct rconf_log *cur; /* the stanza being read, or def */
	size_t script_start;
	char **script_dest; /* non-NULL while a script is being read */
	int logerror;
	int criterion_set;
	char *globerr_msg;
};

struct directive {
	const char *name;
	enum step (*fn)(struct parser *p, const struct directive *d);
	unsigned set, clear; /* flags, for flag directives */
	int arg;             /* handler-specific */
};

static int read_path(struct conf_ctx *cx, const char *path,
    struct rconf_log *def, const char *cwd);

void
conf_say(
    const struct conf_opts *opts, enum diag_level level, const char *fmt, ...)
{
	struct sbuf sb = SBUF_INIT;
	va_list ap;

	if (!opts || !opts->report)
		return;
	va_start(ap, fmt);
	sbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	opts->report(opts->ctx, level, sb.buf);
	sbuf_release(&sb);
}

#define SAY(p, level, ...) conf_say((p)->cx->opts, (level), __VA_ARGS__)

/* The rest of the file from i, as logrotate's "%s" of a cursor prints it. */
static const char *
rest_of_file(const struct parser *p, size_t i)
{
	return p->lx.buf + (i <= p->lx.len ? i : p->lx.len);
}

/* isolateValue with its message: NULL after "argument expected". */
static char *
value(struct parser *p, const char *what)
{
	char *v = lex_value(&p->lx, &p->pos);

	if (!v)
		SAY(p, DIAG_ERROR, "%s:%ld argument expected after %s", p->name,
		    p->line, what);
	return v;
}

/*
 * Stanza bookkeeping.  logrotate drops "the last stanza" rather than the
 * current one; with an include inside a stanza they differ, so this does
 * the same.  A dropped stanza is kept alive until the end of conf_read,
 * because a parser may still point at it.
 */
static void
drop_last(struct conf_ctx *cx)
{
	struct rconf_log *log;

	conf_say(cx->opts, DIAG_DEBUG, "removing last 1 log configs");
	if (cx->conf->nlogs == 0)
		return;
	log = cx->conf->logs[--cx->conf->nlogs];
	expand_seen_forget(cx->seen, log);
	XGROW(cx->grave, cx->ngrave + 1, cx->agrave);
	cx->grave[cx->ngrave++] = log;
}

static struct rconf_log *
new_stanza(struct parser *p)
{
	struct rconf *conf = p->cx->conf;
	struct rconf_log *log = xmalloc(sizeof(*log));

	rconf_log_copy(log, p->def);
	log->conf_file = xstrdup(p->name);
	log->conf_line = p->line;
	XGROW(conf->logs, conf->nlogs + 1, conf->alloc);
	conf->logs[conf->nlogs++] = log;
	return log;
}

/* ---- Directive handlers ------------------------------------------------ */

static enum step
h_flag(struct parser *p, const struct directive *d)
{
	p->cur->flags |= d->set;
	p->cur->flags &= ~d->clear;
	return STEP_NEXT;
}

static enum step
h_noolddir(struct parser *p, const struct directive *d)
{
	free(p->cur->olddir);
	p->cur->olddir = NULL;
	return STEP_NEXT;
}

static enum step
h_nomail(struct parser *p, const struct directive *d)
{
	free(p->cur->mail);
	p->cur->mail = NULL;
	return STEP_NEXT;
}

static enum step
h_dateformat(struct parser *p, const struct directive *d)
{
	free(p->cur->dateformat);
	p->cur->dateformat = value(p, "dateformat");
	return STEP_NEXT;
}

static const char *const criterion_names[] = {
	[RCONF_SIZE] = "size",
	[RCONF_HOURLY] = "hourly",
	[RCONF_DAILY] = "daily",
	[RCONF_WEEKLY] = "weekly",
	[RCONF_MONTHLY] = "monthly",
	[RCONF_YEARLY] = "yearly",
};

static void
set_criterion(struct parser *p, enum rconf_criterion c)
{
	if (p->criterion_set && p->cur->criterion != c)
		SAY(p, DIAG_DEBUG,
		    "note: '%s' overrides previously specified '%s'",
		    criterion_names[c], criterion_names[p->cur->criterion]);
	p->cur->criterion = c;
	p->criterion_set = 1;
}

static enum step
h_criterion(struct parser *p, const struct directive *d)
{
	set_criterion(p, (enum rconf_criterion)d->arg);
	return STEP_NEXT;
}

static enum step
h_weekly(struct parser *p, const struct directive *d)
{
	unsigned wd;
	char extra;
	char *text;

	set_criterion(p, RCONF_WEEKLY);
	text = lex_line(&p->lx, &p->pos);
	if (text[0] == '\0') {
		p->cur->weekday = 0;
		free(text);
		return STEP_CONTINUE;
	}
	if (sscanf(text, "%u%c", &wd, &extra) == 1 && wd <= 7) {
		p->cur->weekday = (int)wd;
		free(text);
		return STEP_CONTINUE;
	}
	SAY(p, DIAG_ERROR, "%s:%ld bad weekly directive '%s'", p->name, p->line,
	    text);
	free(text);
	return STEP_ABORT;
}

/*
 * A size for size/minsize/maxsize (d->arg 0, 1, 2).  An empty value is
 * reported by value() and otherwise ignored, as logrotate does.
 */
static enum step
h_size(struct parser *p, const struct directive *d)
{
	struct hr_error err = HR_ERROR_INIT;
	unsigned long long n;
	char *v = value(p, d->name);

	if (!v)
		return STEP_CONTINUE;
	if (v[0] == '\0') {
		free(v);
		return STEP_CONTINUE;
	}
	if (units_parse_logrotate_size(v, &n, &err) < 0) {
		SAY(p, DIAG_ERROR, "%s:%ld %s", p->name, p->line, err.msg);
		hr_error_release(&err);
		free(v);
		return STEP_RAISE;
	}
	free(v);
	if (d->arg == 0) {
		set_criterion(p, RCONF_SIZE);
		p->cur->size_threshold = n;
	} else if (d->arg == 1) {
		p->cur->minsize = n;
	} else {
		p->cur->maxsize = n;
	}
	return STEP_NEXT;
}

/*
 * rotate, start, shredcycles, minage, maxage: a number read with base 0
 * and stored before it is checked, as logrotate does.  d->arg selects.
 */
enum number_kind { NUM_ROTATE, NUM_START, NUM_SHRED, NUM_MINAGE, NUM_MAXAGE };

static const struct {
	const char *what, *bad;
} number_text[] = {
	[NUM_ROTATE] = { "rotate count", "bad rotation count" },
	[NUM_START] = { "start count", "bad start count" },
	[NUM_SHRED] = { "shred cycles", "bad shred cycles" },
	[NUM_MINAGE] = { "minage count", "bad minimum age" },
	[NUM_MAXAGE] = { "maxage count", "bad maximum age" },
};

static enum step
h_number(struct parser *p, const struct directive *d)
{
	enum number_kind k = (enum number_kind)d->arg;
	char *v = value(p, number_text[k].what), *end;
	const char *shown;
	long n;
	int bad;

	if (!v)
		return STEP_RAISE;
	if (k == NUM_ROTATE)
		n = (int)strtol(v, &end, 0);
	else
		n = (int)strtoul(v, &end, 0);
	bad = *end != '\0' || n < (k == NUM_ROTATE ? -1 : 0);
	switch (k) {
	case NUM_ROTATE:
		p->cur->rotate = (int)n;
		break;
	case NUM_START:
		p->cur->start = (int)n;
		break;
	case NUM_SHRED:
		p->cur->shredcycles = (int)n;
		break;
	case NUM_MINAGE:
		p->cur->minage = n;
		break;
	case NUM_MAXAGE:
		p->cur->maxage = n;
		break;
	}
	/* 3.21 prints the ages from its cursor: the rest of the file. */
	shown =
	    k == NUM_MINAGE || k == NUM_MAXAGE ? rest_of_file(p, p->pos) : v;
	if (bad)
		SAY(p, DIAG_ERROR, "%s:%ld %s '%s'", p->name, p->line,
		    number_text[k].bad, shown);
	free(v);
	return bad ? STEP_RAISE : STEP_NEXT;
}

static enum step
h_errors(struct parser *p, const struct directive *d)
{
	SAY(p, DIAG_WARNING,
	    "%s: %ld: the errors directive is deprecated and no longer used.",
	    p->name, p->line);
	return STEP_NEXT;
}

static enum step
h_mail(struct parser *p, const struct directive *d)
{
	size_t at = p->pos;
	const char *c;
	char *v;

	free(p->cur->mail);
	p->cur->mail = NULL;
	if (!(v = value(p, "mail")))
		return STEP_RAISE;
	for (c = v; isprint((unsigned char)*c) && *c != ' '; c++)
		;
	if (*c) {
		SAY(p, DIAG_ERROR, "%s:%ld bad mail address %s", p->name,
		    p->line, rest_of_file(p, at));
		free(v);
		return STEP_RAISE;
	}
	p->cur->mail = v;
	return STEP_NEXT;
}

static enum step
h_script(struct parser *p, const struct directive *d)
{
	char **dest = &p->cur->script[d->arg];

	free(*dest);
	*dest = NULL;
	p->script_start = p->pos;
	p->script_dest = dest;
	p->state = ST_LOAD_SCRIPT;
	return STEP_NEXT;
}

static void
taboo_reset(struct conf_ctx *cx)
{
	size_t i;

	for (i = 0; i < cx->ntaboo; i++)
		free(cx->taboo[i]);
	cx->ntaboo = 0;
}

static void
taboo_add(struct conf_ctx *cx, char *pattern)
{
	XGROW(cx->taboo, cx->ntaboo + 1, cx->ataboo);
	cx->taboo[cx->ntaboo++] = pattern;
}

/* tabooext (d->arg 0: items become "*ITEM") and taboopat (1: as is). */
static enum step
h_taboo(struct parser *p, const struct directive *d)
{
	char *v, **items;
	const char *list;
	size_t n, i;

	if (p->cur != p->def) {
		SAY(p, DIAG_ERROR,
		    "%s:%ld %s may not appear inside of log file definition",
		    p->name, p->line, d->name);
		p->state = ST_ERROR;
		return STEP_CONTINUE;
	}
	if (!(v = value(p, d->name)))
		return STEP_CONTINUE;
	list = v;
	if (*list == '+') {
		list++;
		while (*list && isspace((unsigned char)*list))
			list++;
	} else {
		taboo_reset(p->cx);
	}
	items = lex_list_items(list, &n);
	for (i = 0; i < n; i++) {
		if (d->arg == 0 && items[i][0] == '\0')
			continue;
		taboo_add(p->cx,
		    d->arg == 0 ? xasprintf("*%s", items[i])
		                : xstrdup(items[i]));
	}
	lex_argv_free(items);
	free(v);
	return STEP_NEXT;
}

/* "~/x" -> "$HOME/x" (passwd when HOME is unset); NULL if none found. */
static char *
home_path(const char *path)
{
	const char *home = secure_getenv("HOME");
	const struct passwd *pw;

	if (!home) {
		pw = getpwuid(getuid());
		if (!pw)
			return NULL;
		home = pw->pw_dir;
	}
	return xasprintf("%s/%s", home, path + 2);
}

static enum step
h_include(struct parser *p, const struct directive *d)
{
	char *v = value(p, "include"), *home;
	int rc;

	if (!v)
		return STEP_RAISE;
	if (v[0] == '~' && v[1] == '/') {
		if (!(home = home_path(v))) {
			SAY(p, DIAG_ERROR,
			    "%s:%ld cannot get passwd entry for running user "
			    "%u: %s",
			    p->name, p->line, (unsigned)getuid(),
			    strerror(errno));
			free(v);
			return STEP_RAISE;
		}
		SAY(p, DIAG_DEBUG, "replaced '%s' with '%s'", v, home);
		free(v);
		v = home;
	}
	SAY(p, DIAG_DEBUG, "including %s", v);
	if (p->cx->depth >= MAX_NESTING) {
		SAY(p, DIAG_ERROR, "%s:%ld include nesting too deep", p->name,
		    p->line);
		p->logerror = 1;
		free(v);
		return STEP_CONTINUE;
	}
	p->cx->depth++;
	rc = read_path(p->cx, v, p->cur, p->cwd);
	p->cx->depth--;
	if (rc)
		p->logerror = 1;
	free(v);
	return STEP_CONTINUE;
}

/*
 * readPath: a value made of printable, non-blank characters in the
 * current locale.  NULL after reporting "bad KEY path".
 */
static char *
path_value(struct parser *p, const char *key)
{
	char *v = value(p, key);
	const char *c;
	mbstate_t mb;
	wchar_t wc;
	size_t n;

	if (!v)
		return NULL;
	memset(&mb, 0, sizeof(mb));
	for (c = v; *c; c += n) {
		n = mbrtowc(&wc, c, strlen(c), &mb);
		if (n == 0)
			break;
		if (n == (size_t)-1 || n == (size_t)-2 ||
		    !iswprint((wint_t)wc) || iswblank((wint_t)wc)) {
			SAY(p, DIAG_ERROR, "%s:%ld bad %s path %s", p->name,
			    p->line, key, v);
			free(v);
			return NULL;
		}
	}
	return v;
}

static enum step
h_olddir(struct parser *p, const struct directive *d)
{
	char *v, *home;

	free(p->cur->olddir);
	p->cur->olddir = NULL;
	if (!(v = path_value(p, "olddir")))
		return STEP_RAISE;
	if (v[0] == '~' && v[1] == '/' && (home = home_path(v)) != NULL) {
		SAY(p, DIAG_DEBUG, "replaced '%s' with '%s'", v, home);
		free(v);
		v = home;
	}
	SAY(p, DIAG_DEBUG, "olddir is now %s", v);
	p->cur->olddir = v;
	return STEP_NEXT;
}

/* extension (d->arg 0) and addextension (1). */
static enum step
h_extension(struct parser *p, const struct directive *d)
{
	char **dest = d->arg ? &p->cur->addextension : &p->cur->extension;
	char *v = value(p, d->arg ? "addextension name" : "extension name");

	if (!v)
		return STEP_RAISE;
	free(*dest);
	*dest = v;
	SAY(p, DIAG_DEBUG, "%s is now %s", d->name, v);
	return STEP_NEXT;
}

static const struct {
	const char *cmd, *ext;
} compress_exts[] = {
	{ "gzip", ".gz" }, { "bzip2", ".bz2" }, { "xz", ".xz" },
	{ "zstd", ".zst" }, { "compress", ".Z" },
	{ "zip", "zip" }, /* 3.21's missing dot, kept: it names files */
};

static enum step
h_compresscmd(struct parser *p, const struct directive *d)
{
	const char *base;
	size_t i;

	free(p->cur->compresscmd);
	if (!(p->cur->compresscmd = path_value(p, "compress")))
		return STEP_RAISE;
	SAY(p, DIAG_DEBUG, "compress_prog is now %s", p->cur->compresscmd);
	base = strrchr(p->cur->compresscmd, '/');
	base = base ? base + 1 : p->cur->compresscmd;
	for (i = 0; i < sizeof(compress_exts) / sizeof(compress_exts[0]); i++)
		if (strcmp(compress_exts[i].cmd, base) == 0) {
			free(p->cur->compressext);
			p->cur->compressext = xstrdup(compress_exts[i].ext);
			SAY(p, DIAG_DEBUG, "compress_ext was changed to %s",
			    compress_exts[i].ext);
			break;
		}
	return STEP_NEXT;
}

static enum step
h_uncompresscmd(struct parser *p, const struct directive *d)
{
	free(p->cur->uncompresscmd);
	if (!(p->cur->uncompresscmd = path_value(p, "uncompress")))
		return STEP_RAISE;
	SAY(p, DIAG_DEBUG, "uncompress_prog is now %s", p->cur->uncompresscmd);
	return STEP_NEXT;
}

static enum step
h_compressext(struct parser *p, const struct directive *d)
{
	free(p->cur->compressext);
	if (!(p->cur->compressext = path_value(p, "compress-ext")))
		return STEP_RAISE;
	SAY(p, DIAG_DEBUG, "compress_ext is now %s", p->cur->compressext);
	return STEP_NEXT;
}

static enum step
h_compressoptions(struct parser *p, const struct directive *d)
{
	char *text, **argv;
	size_t argc;

	lex_argv_free(p->cur->compressoptions);
	p->cur->compressoptions = NULL;
	text = lex_line(&p->lx, &p->pos);
	if (lex_split_words(text, &argv, &argc) < 0) {
		SAY(p, DIAG_ERROR, "%s:%ld invalid compression options",
		    p->name, p->line);
		free(text);
		return STEP_RAISE;
	}
	p->cur->compressoptions = argv;
	SAY(p, DIAG_DEBUG, "compress_options is now %s", text);
	free(text);
	return STEP_NEXT;
}

/* A user by name, or by number when that uid exists (resolveUid). */
static int
resolve_uid(const char *name, uid_t *uid)
{
	const struct passwd *pw = getpwnam(name);
	unsigned long n;
	char *end;

	if (pw) {
		*uid = pw->pw_uid;
		return 0;
	}
	errno = 0;
	n = strtoul(name, &end, 10);
	if (name[0] && !*end && n < INT_MAX && getpwuid((uid_t)n)) {
		*uid = (uid_t)n;
		return 0;
	}
	return -1;
}

static int
resolve_gid(const char *name, gid_t *gid)
{
	const struct group *gr = getgrnam(name);
	unsigned long n;
	char *end;

	if (gr) {
		*gid = gr->gr_gid;
		return 0;
	}
	n = strtoul(name, &end, 10);
	if (name[0] && !*end && n < INT_MAX && getgrgid((gid_t)n)) {
		*gid = (gid_t)n;
		return 0;
	}
	return -1;
}

/*
 * readModeUidGid: "[mode] [owner [group]]" (with_mode) or "owner group"
 * (su), with sscanf exactly as logrotate 3.21 calls it.  Fills o and, when
 * given, the names.  Returns 0 or -1 after reporting.
 */
static int
read_owner(struct parser *p, const char *text, const char *directive,
    int with_mode, struct rconf_owner *o, char **user, char **group)
{
	char u[200], g[200], extra;
	unsigned short m = 0;
	int rc = 0;

	if (with_mode)
		rc = sscanf(text, "%ho %199s %199s%c", &m, u, g, &extra);
	if (rc == 0) {
		rc = sscanf(text, "%199s %199s%c", u, g, &extra);
		if (rc > 0)
			rc++;
		else
			with_mode = 0;
	} else if (rc > 0) {
		o->mode = m;
		o->has_mode = 1;
	}
	if (rc == 4) {
		SAY(p, DIAG_ERROR, "%s:%ld extra arguments for %s", p->name,
		    p->line, directive);
		return -1;
	}
	if (rc > 1) {
		if (resolve_uid(u, &o->uid) < 0) {
			SAY(p, DIAG_ERROR, "%s:%ld unknown user '%s'", p->name,
			    p->line, u);
			return -1;
		}
		o->has_uid = 1;
		if (user) {
			free(*user);
			*user = xstrdup(u);
		}
	}
	if (rc > 2) {
		if (resolve_gid(g, &o->gid) < 0) {
			SAY(p, DIAG_ERROR, "%s:%ld unknown group '%s'", p->name,
			    p->line, g);
			return -1;
		}
		o->has_gid = 1;
		if (group) {
			free(*group);
			*group = xstrdup(g);
		}
	}
	return 0;
}

/* create (d->arg 0) and createolddir (1). */
static enum step
h_create(struct parser *p, const struct directive *d)
{
	struct rconf_owner *o =
	    d->arg ? &p->cur->createolddir : &p->cur->create;
	char *text = lex_line(&p->lx, &p->pos);
	int rc = read_owner(p, text, d->name, 1, o, NULL, NULL);

	free(text);
	if (rc < 0)
		return STEP_RAISE;
	p->cur->flags |= d->set;
	return STEP_NEXT;
}

static enum step
h_su(struct parser *p, const struct directive *d)
{
	struct rconf_log *log = p->cur;
	struct rconf_owner o = { 0, log->su_uid, log->su_gid, 0, 0, 0 };
	char *text = lex_line(&p->lx, &p->pos);
	int rc =
	    read_owner(p, text, "su", 0, &o, &log->su_user, &log->su_group);

	free(text);
	if (rc < 0)
		return STEP_RAISE;
	log->su_uid = o.uid;
	log->su_gid = o.gid;
	if (log->su_uid == (uid_t)-1) {
		SAY(p, DIAG_ERROR, "%s:%ld no user for su", p->name, p->line);
		return STEP_RAISE;
	}
	if (log->su_gid == (gid_t)-1) {
		SAY(p, DIAG_ERROR, "%s:%ld no group for su", p->name, p->line);
		return STEP_RAISE;
	}
	log->flags |= RCONF_SU;
	return STEP_NEXT;
}

/*
 * The keywords of logrotate 3.21, sorted by strcmp for bsearch (the unit
 * tests parse every one, so a misplaced entry fails them).
 */
static const struct directive directives[] = {
	{ "addextension", h_extension, 0, 0, 1 },
	{ "allowhardlink", h_flag, RCONF_ALLOWHARDLINK, 0, 0 },
	{ "compress", h_flag, RCONF_COMPRESS, 0, 0 },
	{ "compresscmd", h_compresscmd, 0, 0, 0 },
	{ "compressext", h_compressext, 0, 0, 0 },
	{ "compressoptions", h_compressoptions, 0, 0, 0 },
	{ "copy", h_flag, RCONF_COPY, 0, 0 },
	{ "copytruncate", h_flag, RCONF_COPYTRUNCATE, RCONF_RENAMECOPY, 0 },
	{ "create", h_create, RCONF_CREATE, 0, 0 },
	{ "createolddir", h_create, RCONF_CREATEOLDDIR, 0, 1 },
	{ "daily", h_criterion, 0, 0, RCONF_DAILY },
	{ "dateext", h_flag, RCONF_DATEEXT, 0, 0 },
	{ "dateformat", h_dateformat, 0, 0, 0 },
	{ "datehourago", h_flag, RCONF_DATEHOURAGO, 0, 0 },
	{ "dateyesterday", h_flag, RCONF_DATEYESTERDAY, 0, 0 },
	{ "delaycompress", h_flag, RCONF_DELAYCOMPRESS, 0, 0 },
	{ "errors", h_errors, 0, 0, 0 },
	{ "extension", h_extension, 0, 0, 0 },
	{ "firstaction", h_script, 0, 0, RCONF_FIRSTACTION },
	{ "hourly", h_criterion, 0, 0, RCONF_HOURLY },
	{ "ifempty", h_flag, RCONF_IFEMPTY, 0, 0 },
	{ "ignoreduplicates", h_flag, RCONF_IGNOREDUPLICATES, 0, 0 },
	{ "include", h_include, 0, 0, 0 },
	{ "lastaction", h_script, 0, 0, RCONF_LASTACTION },
	{ "mail", h_mail, 0, 0, 0 },
	{ "mailfirst", h_flag, RCONF_MAILFIRST, 0, 0 },
	{ "maillast", h_flag, 0, RCONF_MAILFIRST, 0 },
	{ "maxage", h_number, 0, 0, NUM_MAXAGE },
	{ "maxsize", h_size, 0, 0, 2 },
	{ "minage", h_number, 0, 0, NUM_MINAGE },
	{ "minsize", h_size, 0, 0, 1 },
	{ "missingok", h_flag, RCONF_MISSINGOK, 0, 0 },
	{ "monthly", h_criterion, 0, 0, RCONF_MONTHLY },
	{ "noallowhardlink", h_flag, 0, RCONF_ALLOWHARDLINK, 0 },
	{ "nocompress", h_flag, 0, RCONF_COMPRESS, 0 },
	{ "nocopy", h_flag, 0, RCONF_COPY, 0 },
	{ "nocopytruncate", h_flag, 0, RCONF_COPYTRUNCATE, 0 },
	{ "nocreate", h_flag, 0, RCONF_CREATE, 0 },
	{ "nocreateolddir", h_flag, 0, RCONF_CREATEOLDDIR, 0 },
	{ "nodateext", h_flag, 0, RCONF_DATEEXT, 0 },
	{ "nodelaycompress", h_flag, 0, RCONF_DELAYCOMPRESS, 0 },
	{ "nomail", h_nomail, 0, 0, 0 },
	{ "nomissingok", h_flag, 0, RCONF_MISSINGOK, 0 },
	{ "noolddir", h_noolddir, 0, 0, 0 },
	{ "norenamecopy", h_flag, 0, RCONF_RENAMECOPY, 0 },
	{ "nosharedscripts", h_flag, 0, RCONF_SHAREDSCRIPTS, 0 },
	{ "noshred", h_flag, 0, RCONF_SHRED, 0 },
	{ "notifempty", h_flag, 0, RCONF_IFEMPTY, 0 },
	{ "olddir", h_olddir, 0, 0, 0 },
	{ "postrotate", h_script, 0, 0, RCONF_POSTROTATE },
	{ "preremove", h_script, 0, 0, RCONF_PREREMOVE },
	{ "prerotate", h_script, 0, 0, RCONF_PREROTATE },
	{ "renamecopy", h_flag, RCONF_RENAMECOPY, RCONF_COPYTRUNCATE, 0 },
	{ "rotate", h_number, 0, 0, NUM_ROTATE },
	{ "sharedscripts", h_flag, RCONF_SHAREDSCRIPTS, 0, 0 },
	{ "shred", h_flag, RCONF_SHRED, 0, 0 },
	{ "shredcycles", h_number, 0, 0, NUM_SHRED },
	{ "size", h_size, 0, 0, 0 },
	{ "start", h_number, 0, 0, NUM_START },
	{ "su", h_su, 0, 0, 0 },
	{ "tabooext", h_taboo, 0, 0, 0 },
	{ "taboopat", h_taboo, 0, 0, 1 },
	{ "uncompresscmd", h_uncompresscmd, 0, 0, 0 },
	{ "weekly", h_weekly, 0, 0, 0 },
	{ "yearly", h_criterion, 0, 0, RCONF_YEARLY },
};

static int
directive_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct directive *)elem)->name);
}

static const struct directive *
directive_find(const char *name)
{
	return bsearch(name, directives,
	    sizeof(directives) / sizeof(*directives), sizeof(*directives),
	    directive_cmp);
}

int
conf_directive_known(const char *name)
{
	return directive_find(name) != NULL;
}

/* ---- The byte loop ----------------------------------------------------- */

static enum step
on_keyword(struct parser *p)
{
	const struct directive *d;
	char *key = lex_word(&p->lx, &p->pos);
	char c = p->lx.buf[p->pos];
	enum step st;

	if (!isspace((unsigned char)c) && c != '=') {
		SAY(p, DIAG_ERROR,
		    "%s:%ld keyword '%s' not properly separated, found %#x",
		    p->name, p->line, key, (unsigned)(int)c);
		free(key);
		return STEP_RAISE;
	}
	d = directive_find(key);
	if (!d) {
		SAY(p, DIAG_ERROR,
		    "%s:%ld unknown option '%s' -- ignoring line", p->name,
		    p->line, key);
		if (c != '\n')
			p->state = ST_SKIP_LINE;
		free(key);
		return STEP_NEXT;
	}
	free(key);
	st = d->fn(p, d);
	return st;
}

static void
fill_compress_defaults(struct rconf_log *def)
{
	if (!def->compresscmd)
		def->compresscmd = xstrdup(HR_DEFAULT_COMPRESS);
	if (!def->uncompresscmd)
		def->uncompresscmd = xstrdup(HR_DEFAULT_UNCOMPRESS);
	if (!def->compressext)
		def->compressext = xstrdup(HR_DEFAULT_COMPRESSEXT);
}

/* Globs the header's words into the new stanza (logrotate's loop). */
static void
expand_header(struct parser *p, char **words, size_t nwords)
{
	size_t i;
	int err;

	for (i = 0; i < nwords; i++) {
		free(p->globerr_msg);
		p->globerr_msg = NULL;
		err = expand_word(p->cx->seen, p->cur, words[i], p->name,
		    p->line, p->cx->opts, p->cx->globfn, &p->logerror);
		if (err && !(p->cur->flags & RCONF_MISSINGOK))
			p->globerr_msg =
			    xasprintf("%s:%ld glob failed for %s: %s", p->name,
			        p->line, words[i], strerror(err));
	}
}

static enum step
on_header(struct parser *p)
{
	char *text, **words;
	size_t nwords;

	if (p->cur != p->def) {
		SAY(p, DIAG_ERROR, "%s:%ld unexpected log filename", p->name,
		    p->line);
		p->state = ST_ERROR;
		return STEP_CONTINUE;
	}
	fill_compress_defaults(p->def);
	p->cur = new_stanza(p);
	switch (lex_glob_string(&p->lx, &p->pos, &text)) {
	case LEX_GLOB_CLOSE:
		SAY(p, DIAG_ERROR, "%s:%ld unexpected } (missing previous '{')",
		    p->name, p->line);
		return STEP_ABORT;
	case LEX_GLOB_NO_OPEN:
		SAY(p, DIAG_ERROR,
		    "%s:%ld missing '{' after log files definition", p->name,
		    p->line);
		return STEP_ABORT;
	case LEX_GLOB_OK:
		break;
	}
	if (lex_split_words(text, &words, &nwords) < 0) {
		SAY(p, DIAG_ERROR, "%s:%ld error parsing filename", p->name,
		    p->line);
		free(text);
		return STEP_ABORT;
	}
	expand_header(p, words, nwords);
	lex_argv_free(words);
	p->cur->pattern = text;
	return STEP_NEXT;
}

static enum step
on_close(struct parser *p)
{
	if (p->cur == p->def) {
		SAY(p, DIAG_ERROR, "%s:%ld unexpected }", p->name, p->line);
		return STEP_ABORT;
	}
	if (p->globerr_msg) {
		int missingok = p->cur->flags & RCONF_MISSINGOK;

		if (!missingok)
			SAY(p, DIAG_ERROR, "%s", p->globerr_msg);
		free(p->globerr_msg);
		p->globerr_msg = NULL;
		if (!missingok)
			return STEP_ABORT;
	}
	if (expand_check_olddir(p->cur, p->name, p->line, p->cx->opts) < 0)
		return STEP_ABORT;
	p->criterion_set = 0;
	p->cur = p->def;
	p->state = ST_DEF_END;
	return STEP_NEXT;
}

static enum step
st_default(struct parser *p)
{
	char c = p->lx.buf[p->pos];

	if (isblank((unsigned char)c))
		return STEP_CONTINUE;
	if (c == '#') {
		p->state = ST_SKIP_LINE;
		return STEP_CONTINUE;
	}
	if (isalpha((unsigned char)c))
		return on_keyword(p);
	if (c == '/' || c == '"' || c == '\'' || c == '~')
		return on_header(p);
	if (c == '}')
		return on_close(p);
	if (c != '\n') {
		SAY(p, DIAG_ERROR,
		    "%s:%ld lines must begin with a keyword or a filename "
		    "(possibly in double quotes)",
		    p->name, p->line);
		return STEP_RAISE;
	}
	return STEP_NEXT;
}

/* The end of a script: its text runs up to the start of this line. */
static void
end_script(struct parser *p)
{
	size_t end = p->pos >= 9 ? p->pos - 9 : 0;

	while (end > 0 && p->lx.buf[end] != '\n')
		end--;
	if (p->lx.buf[end] == '\n')
		end++;
	if (end >= p->script_start)
		*p->script_dest = xstrndup(
		    p->lx.buf + p->script_start, end - p->script_start);
	else /* "postrotate endscript": 3.21 copies the rest of the file */
		*p->script_dest = xstrdup(p->lx.buf + p->script_start);
	p->script_dest = NULL;
}

static enum step
st_script(struct parser *p)
{
	unsigned skip = p->state & ST_SKIP_CONFIG;
	char *key = lex_word(&p->lx, &p->pos);

	if (strcmp(key, "endscript") == 0) {
		if (!skip)
			end_script(p);
		p->state = skip ? ST_SKIP_CONFIG : ST_DEFAULT;
	} else {
		p->state = (p->lx.buf[p->pos] == '\n' ? 0 : ST_SKIP_LINE) |
		    ST_LOAD_SCRIPT | skip;
	}
	free(key);
	return STEP_NEXT;
}

static int
is_script_keyword(const char *key)
{
	const struct directive *d = directive_find(key);

	return d && d->fn == h_script;
}

static enum step
st_skip_config(struct parser *p)
{
	char *key;

	if (p->lx.buf[p->pos] == '}') {
		p->state = ST_DEFAULT;
		drop_last(p->cx);
		p->cur = p->def;
		return STEP_NEXT;
	}
	key = lex_word(&p->lx, &p->pos);
	if (is_script_keyword(key))
		p->state = ST_LOAD_SCRIPT | ST_SKIP_CONFIG;
	else if (p->lx.buf[p->pos] != '\n')
		p->state = ST_SKIP_LINE | ST_SKIP_CONFIG;
	free(key);
	return STEP_NEXT;
}

static enum step
st_def_end(struct parser *p)
{
	unsigned skip = p->state & ST_SKIP_CONFIG;
	char c = p->lx.buf[p->pos];

	if (isblank((unsigned char)c))
		return STEP_CONTINUE;
	if (c != '\n') {
		SAY(p, DIAG_ERROR, "%s:%ld, unexpected text after }", p->name,
		    p->line);
		p->state = ST_SKIP_LINE | skip;
	} else {
		p->state = skip ? ST_SKIP_CONFIG : ST_DEFAULT;
	}
	return STEP_NEXT;
}

static enum step
step_once(struct parser *p)
{
	char c = p->lx.buf[p->pos];

	switch (p->state) {
	case ST_DEFAULT:
		return st_default(p);
	case ST_SKIP_LINE:
	case ST_SKIP_LINE | ST_SKIP_CONFIG:
	case ST_SKIP_LINE | ST_LOAD_SCRIPT:
	case ST_SKIP_LINE | ST_LOAD_SCRIPT | ST_SKIP_CONFIG:
		if (c == '\n')
			p->state &= ~(unsigned)ST_SKIP_LINE;
		if (p->state == 0)
			p->state = ST_DEFAULT;
		return STEP_NEXT;
	case ST_DEF_END:
	case ST_DEF_END | ST_SKIP_CONFIG:
		return st_def_end(p);
	case ST_ERROR:
		SAY(p, DIAG_ERROR, "found error in %s, skipping",
		    p->cur->pattern ? p->cur->pattern : "log config");
		p->logerror = 1;
		p->state = ST_SKIP_CONFIG;
		return STEP_NEXT;
	case ST_LOAD_SCRIPT:
	case ST_LOAD_SCRIPT | ST_SKIP_CONFIG:
		return st_script(p);
	case ST_SKIP_CONFIG:
		return st_skip_config(p);
	}
	assert(!"impossible parser state");
	p->state = ST_DEFAULT;
	return STEP_NEXT;
}

/* Runs the loop over the whole buffer.  Returns logrotate's result. */
static int
parse(struct parser *p)
{
	for (p->pos = 0; p->pos < p->lx.len; p->pos++) {
		switch (step_once(p)) {
		case STEP_NEXT:
			if (p->pos <= p->lx.len && p->lx.buf[p->pos] == '\n')
				p->line++;
			break;
		case STEP_CONTINUE:
			break;
		case STEP_RAISE:
			if (p->cur == p->def)
				goto error;
			p->state = ST_ERROR;
			break;
		case STEP_ABORT:
			goto error;
		}
	}
	if (p->script_dest) {
		SAY(p, DIAG_ERROR,
		    "%s:prerotate, postrotate or preremove without endscript",
		    p->name);
		goto error;
	}
	return p->logerror;
error:
	if (p->cur != p->def)
		drop_last(p->cx);
	return 1;
}

/* ---- Files and directories --------------------------------------------- */

/* cwd + "/" + path for a relative path; path itself otherwise. */
static char *
resolve(const char *cwd, const char *path)
{
	if (path[0] == '/' || cwd[0] == '\0')
		return xstrdup(path);
	return xasprintf("%s/%s", cwd, path);
}

/* Parses one buffer as file `name` into def's scope. */
static int
parse_buffer(struct conf_ctx *cx, const char *name, const char *cwd,
    const char *buf, size_t len, struct rconf_log *def)
{
	struct parser p;
	int rc;

	memset(&p, 0, sizeof(p));
	p.cx = cx;
	p.name = name;
	p.cwd = cwd;
	p.lx.buf = buf;
	p.lx.len = len;
	p.line = 1;
	p.state = ST_DEFAULT;
	p.def = p.cur = def;
	rc = parse(&p);
	free(p.globerr_msg);
	return rc;
}

/*
 * The checks logrotate makes on an open config file (reference 3.1).
 * Returns 1 to read it, 0 to skip it quietly (rc unchanged), -1 for an
 * error.
 */
static int
check_file(struct conf_ctx *cx, const char *name, int fd, struct stat *st)
{
	struct flock lk;

	memset(&lk, 0, sizeof(lk));
	lk.l_type = F_RDLCK;
	lk.l_whence = SEEK_SET;
	if (fcntl(fd, F_SETLK, &lk) == -1)
		conf_say(cx->opts, DIAG_ERROR,
		    "Could not lock file %s for reading", name);
	if (fstat(fd, st) != 0) {
		conf_say(cx->opts, DIAG_ERROR, "fstat of %s failed: %s", name,
		    strerror(errno));
		return -1;
	}
	if (!S_ISREG(st->st_mode)) {
		conf_say(cx->opts, DIAG_DEBUG,
		    "Ignoring %s because it's not a regular file.", name);
		return 0;
	}
	if (cx->opts && cx->opts->as_root) {
		if ((st->st_mode & 07533) != 0400)
			conf_say(cx->opts, DIAG_WARNING,
			    "Potentially dangerous mode on %s: 0%o", name,
			    (unsigned)(st->st_mode & 07777));
		if (st->st_mode & 0022) {
			conf_say(cx->opts, DIAG_ERROR,
			    "Ignoring %s because it is writable by group or "
			    "others.",
			    name);
			return 0;
		}
		if (st->st_uid != 0) {
			conf_say(cx->opts, DIAG_ERROR,
			    "Ignoring %s because the file owner is wrong "
			    "(should be root or user with uid 0).",
			    name);
			return 0;
		}
	}
	if (st->st_size > MAX_CONFIG_SIZE) {
		conf_say(cx->opts, DIAG_ERROR,
		    "file %s too large, probably not a config file.", name);
		return -1;
	}
	if (st->st_size == 0) {
		conf_say(cx->opts, DIAG_DEBUG,
		    "Ignoring %s because it's empty.", name);
		return 0;
	}
	return 1;
}

/* Reads up to size bytes of fd, followed by two NULs. */
static char *
slurp(int fd, size_t size, size_t *len)
{
	char *buf = xmalloc(size + 2);
	size_t got = 0;
	ssize_t n;

	while (got < size) {
		n = read(fd, buf + got, size - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	buf[got] = buf[got + 1] = '\0';
	*len = got;
	return buf;
}

/*
 * readConfigFile: name is what messages show, full where it is opened.
 * Never blocks on a FIFO (O_NONBLOCK): it is then skipped as not regular.
 */
static int
read_file(struct conf_ctx *cx, const char *name, const char *full,
    const char *cwd, struct rconf_log *def)
{
	struct stat st;
	char *buf;
	size_t len;
	int fd, rc;

	fd = open(full, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		conf_say(cx->opts, DIAG_ERROR,
		    "failed to open config file %s: %s", name, strerror(errno));
		return 1;
	}
	rc = check_file(cx, name, fd, &st);
	if (rc <= 0) {
		close(fd);
		return rc < 0;
	}
	buf = slurp(fd, (size_t)st.st_size, &len);
	close(fd);
	conf_say(cx->opts, DIAG_DEBUG, "reading config file %s", name);
	rc = parse_buffer(cx, name, cwd, buf, len, def);
	free(buf);
	return rc;
}

/*
 * Puts back the defaults saved before a file that failed.  logrotate frees
 * and re-copies the whole struct, so a stanza used as the defaults of an
 * include loses its files and pattern too; only the header's position,
 * which is headroom's own, is kept.
 */
static void
restore_defaults(
    struct conf_ctx *cx, struct rconf_log *def, const struct rconf_log *saved)
{
	char *file = def->conf_file;
	long line = def->conf_line;

	def->conf_file = NULL;
	expand_seen_forget(cx->seen, def);
	rconf_log_release(def);
	rconf_log_copy(def, saved);
	def->conf_file = file;
	def->conf_line = line;
}

/* Reads one file with the roll-back of its global changes on failure. */
static int
read_file_guarded(struct conf_ctx *cx, const char *name, const char *full,
    const char *cwd, struct rconf_log *def, int in_dir)
{
	struct rconf_log saved;
	int rc;

	rconf_log_copy(&saved, def);
	rc = read_file(cx, name, full, cwd, def);
	if (rc) {
		if (in_dir)
			conf_say(cx->opts, DIAG_ERROR,
			    "found error in file %s, skipping", name);
		restore_defaults(cx, def, &saved);
	}
	rconf_log_release(&saved);
	return rc;
}

static int
taboo_match(struct conf_ctx *cx, const char *name)
{
	size_t i;

	for (i = 0; i < cx->ntaboo; i++)
		if (fnmatch(cx->taboo[i], name, FNM_PERIOD) == 0) {
			conf_say(cx->opts, DIAG_DEBUG,
			    "Ignoring %s, because of %s pattern match", name,
			    cx->taboo[i]);
			return 1;
		}
	return 0;
}

static int
name_cmp(const void *a, const void *b)
{
	return strcoll(*(char *const *)a, *(char *const *)b);
}

/* The entries of a config directory that survive the taboo list, sorted. */
static int
list_dir(struct conf_ctx *cx, const char *path, const char *full, char ***names,
    size_t *n)
{
	size_t alloc = 0;
	struct dirent *de;
	DIR *dir = opendir(full);

	*names = NULL;
	*n = 0;
	if (!dir) {
		conf_say(cx->opts, DIAG_ERROR, "cannot open directory %s: %s",
		    path, strerror(errno));
		return -1;
	}
	while ((de = readdir(dir)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		if (taboo_match(cx, de->d_name))
			continue;
		XGROW(*names, *n + 1, alloc);
		(*names)[(*n)++] = xstrdup(de->d_name);
	}
	closedir(dir);
	if (*n)
		qsort(*names, *n, sizeof(**names), name_cmp);
	return 0;
}

static int
read_dir(struct conf_ctx *cx, const char *path, const char *full,
    struct rconf_log *def)
{
	char **names, *file;
	size_t n, i;
	int result = 0;

	if (list_dir(cx, path, full, &names, &n) < 0)
		return 1;
	for (i = 0; i < n; i++) {
		file = xasprintf("%s/%s", full, names[i]);
		if (read_file_guarded(cx, names[i], file, full, def, 1))
			result = 1;
		free(file);
		free(names[i]);
	}
	free(names);
	return result;
}

/* readConfigPath: a file or a directory, relative paths from cwd. */
static int
read_path(struct conf_ctx *cx, const char *path, struct rconf_log *def,
    const char *cwd)
{
	char *full = resolve(cwd, path);
	struct stat st;
	int rc;

	if (stat(full, &st) != 0) {
		conf_say(cx->opts, DIAG_ERROR, "cannot stat %s: %s", path,
		    strerror(errno));
		free(full);
		return 1;
	}
	if (S_ISDIR(st.st_mode))
		rc = read_dir(cx, path, full, def);
	else
		rc = read_file_guarded(cx, path, full, cwd, def, 0);
	free(full);
	return rc;
}

static const char *const default_taboo[] = { ",v", ".bak", ".cfsaved",
	".disabled", ".dpkg-bak", ".dpkg-del", ".dpkg-dist", ".dpkg-new",
	".dpkg-old", ".dpkg-tmp", ".rhn-cfg-tmp-*", ".rpmnew", ".rpmorig",
	".rpmsave", ".swp", ".ucf-dist", ".ucf-new", ".ucf-old", "~" };

static void
ctx_init(struct conf_ctx *cx, struct rconf *conf, const struct conf_opts *opts)
{
	size_t i, j;

	memset(cx, 0, sizeof(*cx));
	cx->conf = conf;
	cx->opts = opts;
	cx->seen = expand_seen_new();
	for (i = 0; i < sizeof(default_taboo) / sizeof(*default_taboo); i++)
		taboo_add(cx, xasprintf("*%s", default_taboo[i]));
	/* Paths claimed by stanzas of an earlier call stay claimed. */
	for (i = 0; i < conf->nlogs; i++)
		for (j = 0; j < conf->logs[i]->nfiles; j++)
			if (!expand_seen_owner(
			        cx->seen, conf->logs[i]->files[j]))
				expand_seen_claim(cx->seen,
				    conf->logs[i]->files[j], conf->logs[i]);
}

static int
ctx_finish(struct conf_ctx *cx, int result)
{
	size_t i;

	for (i = 0; i < cx->ngrave; i++) {
		rconf_log_release(cx->grave[i]);
		free(cx->grave[i]);
	}
	free(cx->grave);
	taboo_reset(cx);
	free(cx->taboo);
	expand_seen_free(cx->seen);
	if (result)
		cx->conf->failed = 1;
	return result ? -1 : 0;
}

int
conf_read(struct rconf *conf, const char *const *paths, size_t npaths,
    const struct conf_opts *opts)
{
	struct conf_ctx cx;
	struct rconf_log global;
	size_t i;
	int result = 0;

	ctx_init(&cx, conf, opts);
	rconf_log_defaults(&global);
	for (i = 0; i < npaths; i++)
		if (read_path(&cx, paths[i], &global, ""))
			result = 1;
	rconf_log_release(&global);
	return ctx_finish(&cx, result);
}

int
conf_read_buffer(struct rconf *conf, const char *name, const char *buf,
    size_t len, const struct conf_opts *opts)
{
	return conf_read_buffer_glob(conf, name, buf, len, opts, NULL);
}

int
conf_read_buffer_glob(struct rconf *conf, const char *name, const char *buf,
    size_t len, const struct conf_opts *opts, expand_glob_fn *globfn)
{
	struct conf_ctx cx;
	struct rconf_log global;
	char *copy = xmalloc(len + 2);
	int result;

	memcpy(copy, buf, len);
	copy[len] = copy[len + 1] = '\0';
	ctx_init(&cx, conf, opts);
	cx.globfn = globfn;
	rconf_log_defaults(&global);
	conf_say(opts, DIAG_DEBUG, "reading config file %s", name);
	result = parse_buffer(&cx, name, "", copy, len, &global);
	rconf_log_release(&global);
	free(copy);
	return ctx_finish(&cx, result);
}
