/*
 * conf_directives: the handlers of logrotate 3.21's directives and their
 * table (reference 3).  Each handler reads its value from the parser's
 * cursor, changes the stanza being read (or the defaults) and tells the
 * byte loop (conf_parse.c) how to go on.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>
#include <wctype.h>

#include "lib/strvec.h"
#include "lib/units.h"
#include "lib/xalloc.h"
#include "rotate/conf_lex.h"
#include "rotate/conf_parse.h"
#include "rotate/conf_parse_int.h"
#include "rotate/expand.h"

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
		parse_error(p, "argument expected after %s", what);
	return v;
}
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
	parse_error(p, "bad weekly directive '%s'", text);
	free(text);
	return STEP_ABORT;
}

/*
 * A size for size/minsize/maxsize (d->arg an enum size_kind).  An empty
 * value is reported by value() and otherwise ignored, as logrotate does.
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
		parse_error(p, "%s", err.msg);
		hr_error_release(&err);
		free(v);
		return STEP_RAISE;
	}
	free(v);
	if (d->arg == SIZE_CRITERION) {
		set_criterion(p, RCONF_SIZE);
		p->cur->size_threshold = n;
	} else if (d->arg == SIZE_MINSIZE) {
		p->cur->minsize = n;
	} else {
		p->cur->maxsize = n;
	}
	return STEP_NEXT;
}

/*
 * minfree N% (1 to 99) or minfree SIZE (as maxsize): a headroom
 * extension, which logrotate 3.21 reports as an unknown option.  The
 * last one given wins.
 */
static enum step
h_minfree(struct parser *p, const struct directive *d)
{
	struct hr_error err = HR_ERROR_INIT;
	unsigned long long n;
	unsigned pct;
	char pc, extra;
	char *v = value(p, d->name);

	if (!v || v[0] == '\0') {
		free(v);
		return STEP_CONTINUE;
	}
	if (sscanf(v, "%u%c%c", &pct, &pc, &extra) == 2 && pc == '%' &&
	    v[0] >= '0' && v[0] <= '9') {
		if (pct < 1 || pct > 99) {
			parse_error(
			    p, "bad minfree value '%s': not 1%% to 99%%", v);
			free(v);
			return STEP_RAISE;
		}
		p->cur->minfree_pct = pct;
		p->cur->minfree = 0;
	} else if (units_parse_logrotate_size(v, &n, &err) == 0 && n > 0) {
		p->cur->minfree = n;
		p->cur->minfree_pct = 0;
	} else {
		parse_error(p, "bad minfree value '%s'", v);
		hr_error_release(&err);
		free(v);
		return STEP_RAISE;
	}
	free(v);
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
		parse_error(p, "%s '%s'", number_text[k].bad, shown);
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
		parse_error(p, "bad mail address %s", rest_of_file(p, at));
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

/* tabooext (TABOO_EXT: items become "*ITEM") and taboopat (as is). */
static enum step
h_taboo(struct parser *p, const struct directive *d)
{
	char *v, **items;
	const char *list;
	size_t n, i;

	if (p->cur != p->def) {
		parse_error(p,
		    "%s may not appear inside of log file definition", d->name);
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
		conf_taboo_reset(p->cx);
	}
	items = lex_list_items(list, &n);
	for (i = 0; i < n; i++) {
		if (d->arg == TABOO_EXT && items[i][0] == '\0')
			continue;
		conf_taboo_add(p->cx,
		    d->arg == TABOO_EXT ? xasprintf("*%s", items[i])
		                        : xstrdup(items[i]));
	}
	strv_free(items);
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
			parse_error(p,
			    "cannot get passwd entry for running user "
			    "%u: %s",
			    (unsigned)getuid(), strerror(errno));
			free(v);
			return STEP_RAISE;
		}
		SAY(p, DIAG_DEBUG, "replaced '%s' with '%s'", v, home);
		free(v);
		v = home;
	}
	SAY(p, DIAG_DEBUG, "including %s", v);
	if (p->cx->depth >= MAX_NESTING) {
		parse_error(p, "include nesting too deep");
		p->logerror = 1;
		free(v);
		return STEP_CONTINUE;
	}
	p->cx->depth++;
	rc = p->cx->read_path(p->cx, v, p->cur, p->cwd);
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
			parse_error(p, "bad %s path %s", key, v);
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

/* extension (EXT_EXTENSION) and addextension (EXT_ADD). */
static enum step
h_extension(struct parser *p, const struct directive *d)
{
	char **dest =
	    d->arg == EXT_ADD ? &p->cur->addextension : &p->cur->extension;
	char *v = value(
	    p, d->arg == EXT_ADD ? "addextension name" : "extension name");

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

	strv_free(p->cur->compressoptions);
	p->cur->compressoptions = NULL;
	text = lex_line(&p->lx, &p->pos);
	if (lex_split_words(text, &argv, &argc) < 0) {
		parse_error(p, "invalid compression options");
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

/* What read_owner accepts: create and createolddir may start with a mode. */
enum owner_form { OWNER_MODE_FIRST, OWNER_ONLY };

/*
 * readModeUidGid: "[mode] [owner [group]]" (OWNER_MODE_FIRST) or "owner
 * group" (OWNER_ONLY, for su), with sscanf exactly as logrotate 3.21 calls
 * it.  Fills o and, when given, the names.  Returns 0 or -1 after
 * reporting.
 */
static int
read_owner(struct parser *p, const char *text, const char *directive,
    enum owner_form form, struct rconf_owner *o, char **user, char **group)
{
	char u[200], g[200], extra;
	unsigned short m = 0;
	int rc = 0;

	if (form == OWNER_MODE_FIRST)
		rc = sscanf(text, "%ho %199s %199s%c", &m, u, g, &extra);
	if (rc == 0) {
		rc = sscanf(text, "%199s %199s%c", u, g, &extra);
		if (rc > 0)
			rc++;
	} else if (rc > 0) {
		o->mode = m;
		o->has_mode = 1;
	}
	if (rc == 4) {
		parse_error(p, "extra arguments for %s", directive);
		return -1;
	}
	if (rc > 1) {
		if (resolve_uid(u, &o->uid) < 0) {
			parse_error(p, "unknown user '%s'", u);
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
			parse_error(p, "unknown group '%s'", g);
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

/* create (CREATE_LOG) and createolddir (CREATE_OLDDIR). */
static enum step
h_create(struct parser *p, const struct directive *d)
{
	struct rconf_owner *o =
	    d->arg == CREATE_OLDDIR ? &p->cur->createolddir : &p->cur->create;
	char *text = lex_line(&p->lx, &p->pos);
	int rc = read_owner(p, text, d->name, OWNER_MODE_FIRST, o, NULL, NULL);

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
	int rc = read_owner(
	    p, text, "su", OWNER_ONLY, &o, &log->su_user, &log->su_group);

	free(text);
	if (rc < 0)
		return STEP_RAISE;
	log->su_uid = o.uid;
	log->su_gid = o.gid;
	if (log->su_uid == (uid_t)-1) {
		parse_error(p, "no user for su");
		return STEP_RAISE;
	}
	if (log->su_gid == (gid_t)-1) {
		parse_error(p, "no group for su");
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
	{ "addextension", h_extension, 0, 0, EXT_ADD },
	{ "allowhardlink", h_flag, RCONF_ALLOWHARDLINK, 0, 0 },
	{ "compress", h_flag, RCONF_COMPRESS, 0, 0 },
	{ "compresscmd", h_compresscmd, 0, 0, 0 },
	{ "compressext", h_compressext, 0, 0, 0 },
	{ "compressoptions", h_compressoptions, 0, 0, 0 },
	{ "copy", h_flag, RCONF_COPY, 0, 0 },
	{ "copytruncate", h_flag, RCONF_COPYTRUNCATE, RCONF_RENAMECOPY, 0 },
	{ "create", h_create, RCONF_CREATE, 0, CREATE_LOG },
	{ "createolddir", h_create, RCONF_CREATEOLDDIR, 0, CREATE_OLDDIR },
	{ "daily", h_criterion, 0, 0, RCONF_DAILY },
	{ "dateext", h_flag, RCONF_DATEEXT, 0, 0 },
	{ "dateformat", h_dateformat, 0, 0, 0 },
	{ "datehourago", h_flag, RCONF_DATEHOURAGO, 0, 0 },
	{ "dateyesterday", h_flag, RCONF_DATEYESTERDAY, 0, 0 },
	{ "delaycompress", h_flag, RCONF_DELAYCOMPRESS, 0, 0 },
	{ "errors", h_errors, 0, 0, 0 },
	{ "extension", h_extension, 0, 0, EXT_EXTENSION },
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
	{ "maxsize", h_size, 0, 0, SIZE_MAXSIZE },
	{ "minage", h_number, 0, 0, NUM_MINAGE },
	{ "minfree", h_minfree, 0, 0, 0 },
	{ "minsize", h_size, 0, 0, SIZE_MINSIZE },
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
	{ "size", h_size, 0, 0, SIZE_CRITERION },
	{ "start", h_number, 0, 0, NUM_START },
	{ "su", h_su, 0, 0, 0 },
	{ "tabooext", h_taboo, 0, 0, TABOO_EXT },
	{ "taboopat", h_taboo, 0, 0, TABOO_PAT },
	{ "uncompresscmd", h_uncompresscmd, 0, 0, 0 },
	{ "weekly", h_weekly, 0, 0, 0 },
	{ "yearly", h_criterion, 0, 0, RCONF_YEARLY },
};

static int
directive_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct directive *)elem)->name);
}

const struct directive *
conf_directive_find(const char *name)
{
	return bsearch(name, directives,
	    sizeof(directives) / sizeof(*directives), sizeof(*directives),
	    directive_cmp);
}

int
conf_directive_known(const char *name)
{
	return conf_directive_find(name) != NULL;
}

int
conf_is_script_keyword(const char *key)
{
	const struct directive *d = conf_directive_find(key);

	return d && d->fn == h_script;
}
