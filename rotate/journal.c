/*
 * journal: the intent journal's format, written and read back (see
 * journal.h for what it is for, and recover.c for how it is used).
 *
 * The writer formats the plan in memory, lstat()s every file the steps
 * name (sorted and unique, so each is looked at once), and replaces the
 * journal as the state file is replaced: a fixed temporary name (so a
 * killed writer leaves nothing that accumulates), O_EXCL, fsync, rename,
 * fsync of the directory.  The reader is strict: a line it does not
 * understand makes the whole journal unusable (reported), except a last
 * line cut short by a crash during an append.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/fsutil.h"
#include "lib/sbuf.h"
#include "lib/xalloc.h"
#include "rotate/journal.h"

/*
 * Version 2: one copytruncate step (version 1 had a copy and a truncate
 * step).  A journal of another version is not understood, hence ignored
 * (reported): what it would have completed is left as a kill leaves it
 * without a journal, which loses nothing.
 */
#define JOURNAL_MAGIC "headroom rotate journal -- version "
#define JOURNAL_HEADER JOURNAL_MAGIC "2"

static const char *const kind_names[] = { "script", "compress", "rename",
	"copy", "copytruncate", "truncate", "create", "mail", "remove",
	"unlink", "recopy", "wait" };
static const char *const phase_names[] = { "repair", "firstaction", "prepare",
	"prerotate", "rotate", "postrotate", "finish", "lastaction" };
static const char *const script_names[] = { "firstaction", "prerotate",
	"postrotate", "lastaction", "preremove" };

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

char *
rjournal_path(const char *state)
{
	if (strcmp(state, "/dev/null") == 0)
		return NULL;
	return xasprintf("%s.journal", state);
}

/* ---- writing ---- */

static void
add_quoted(struct sbuf *sb, const char *s)
{
	if (s == NULL) {
		sbuf_adds(sb, " -");
		return;
	}
	sbuf_adds(sb, " \"");
	for (; *s; s++) {
		if (*s == '\\' || *s == '"')
			sbuf_addch(sb, '\\');
		if (*s == '\n')
			sbuf_adds(sb, "\\n");
		else
			sbuf_addch(sb, *s);
	}
	sbuf_addch(sb, '"');
}

static void
format_step(struct sbuf *sb, const struct rplan_step *s)
{
	sbuf_addf(sb, "step %s %s %ld %u %o %lu %lu %s", kind_names[s->kind],
	    phase_names[s->phase], s->log, s->flags, (unsigned)s->mode,
	    (unsigned long)s->uid, (unsigned long)s->gid,
	    s->kind == RSTEP_SCRIPT ? script_names[s->script] : "-");
	add_quoted(sb, s->src);
	add_quoted(sb, s->dst);
	add_quoted(sb, s->argv1);
	add_quoted(sb, s->argv2);
	sbuf_addch(sb, '\n');
}

/* When log l's rotation happened, as its journal record says. */
static time_t
rotated_at(const struct rplan *plan, const struct rplan_log *l)
{
	if (l->planned)
		return plan->now;
	if (l->resumed != RPLAN_RESUME_NONE)
		return l->resumed_at;
	return 0;
}

static void
add_id(struct sbuf *sb, const char *path, const struct stat *st)
{
	sbuf_addf(
	    sb, "id %ju %ju", (uintmax_t)st->st_dev, (uintmax_t)st->st_ino);
	add_quoted(sb, path);
	sbuf_addch(sb, '\n');
}

/* lstat of path, from the plan when path is one of z's logs. */
static int
id_of(const struct rplan_stanza *z, long log, const char *path, struct stat *st)
{
	if (log >= 0 && z->logs[log].have_stat &&
	    strcmp(z->logs[log].path, path) == 0) {
		*st = z->logs[log].st;
		return 0;
	}
	return lstat(path, st);
}

/* A file a step names, and the step's log (to find the plan's lstat). */
struct named {
	const char *path;
	long log;
};

static int
cmp_named(const void *a, const void *b)
{
	return strcmp(
	    ((const struct named *)a)->path, ((const struct named *)b)->path);
}

/*
 * One "id" line for every file that a step takes as its source (or a
 * copy as its target) and that exists now: what recover.c's walk needs.
 */
static void
format_ids(struct sbuf *sb, const struct rplan_stanza *z)
{
	struct named *v = xcalloc(2 * z->nsteps + 1, sizeof(*v));
	size_t n = 0, i;
	struct stat st;

	for (i = 0; i < z->nsteps; i++) {
		const struct rplan_step *s = &z->steps[i];

		if (s->kind == RSTEP_SCRIPT || s->kind == RSTEP_CREATE)
			continue;
		if (s->src) {
			v[n].path = s->src;
			v[n++].log = s->log;
		}
		if (s->dst &&
		    (s->kind == RSTEP_COPY || s->kind == RSTEP_COPYTRUNCATE)) {
			v[n].path = s->dst;
			v[n++].log = s->log;
		}
	}
	if (n > 1)
		qsort(v, n, sizeof(*v), cmp_named);
	for (i = 0; i < n; i++) {
		if (i > 0 && strcmp(v[i].path, v[i - 1].path) == 0)
			continue;
		if (id_of(z, v[i].log, v[i].path, &st) == 0)
			add_id(sb, v[i].path, &st);
	}
	free(v);
}

static void
format_stanza(struct sbuf *sb, const struct rplan *plan, size_t i)
{
	const struct rplan_stanza *z = &plan->stanzas[i];
	size_t k;

	sbuf_addf(sb, "stanza %zu", i);
	add_quoted(sb, z->conf->pattern);
	sbuf_addch(sb, '\n');
	for (k = 0; k < z->nlogs; k++) {
		sbuf_addf(
		    sb, "log %lld", (long long)rotated_at(plan, &z->logs[k]));
		add_quoted(sb, z->logs[k].path);
		sbuf_addch(sb, '\n');
	}
	for (k = 0; k < z->nsteps; k++)
		format_step(sb, &z->steps[k]);
	format_ids(sb, z);
}

/* An old journal's stanza record, as it was, under index i. */
static void
format_carried(struct sbuf *sb, const struct rjournal_stanza *z, size_t i)
{
	size_t k;

	sbuf_addf(sb, "stanza %zu", i);
	add_quoted(sb, z->pattern);
	sbuf_addch(sb, '\n');
	for (k = 0; k < z->nlogs; k++) {
		sbuf_addf(sb, "log %lld", (long long)z->logs[k].rotated);
		add_quoted(sb, z->logs[k].path);
		sbuf_addch(sb, '\n');
	}
	for (k = 0; k < z->nsteps; k++)
		format_step(sb, &z->steps[k]);
	for (k = 0; k < z->nids; k++) {
		sbuf_addf(sb, "id %ju %ju", (uintmax_t)z->ids[k].dev,
		    (uintmax_t)z->ids[k].ino);
		add_quoted(sb, z->ids[k].path);
		sbuf_addch(sb, '\n');
	}
	for (k = 0; k < z->nsteps; k++)
		if (z->done[k])
			sbuf_addf(sb, "done %zu %zu\n", i, k);
}

/* Writes data to path.tmp and renames it over path (state.c's recipe). */
static int
replace_file(const char *path, const struct sbuf *data, struct hr_error *err)
{
	char *tmp = xasprintf("%s.tmp", path);
	int fd, rc = -1;

	if (unlink(tmp) < 0 && errno != ENOENT) {
		hr_error_set(err, errno, tmp, 0, "cannot remove");
		goto out;
	}
	fd = fsutil_create_excl(AT_FDCWD, tmp, 0600, err);
	if (fd < 0)
		goto out;
	if (fsutil_write_all(fd, data->buf, data->len) < 0) {
		hr_error_set(err, errno, tmp, 0, "cannot write");
		fsutil_abort(fd, tmp);
		goto out;
	}
	rc = fsutil_commit(fd, tmp, path, FSUTIL_SYNC_DIR, err);
out:
	free(tmp);
	return rc;
}

int
rjournal_write(struct rjournal *j, const char *path, const struct rplan *plan,
    const struct rjournal *old, struct hr_error *err)
{
	struct sbuf sb = SBUF_INIT;
	size_t i;
	int rc;

	rjournal_close(j);
	sbuf_addf(&sb, "%s\ntime %lld\n", JOURNAL_HEADER, (long long)plan->now);
	for (i = 0; i < plan->nstanzas; i++)
		if (plan->stanzas[i].nsteps > 0)
			format_stanza(&sb, plan, i);
	/* Indexes past the plan's, which no mark of this run names. */
	for (i = 0; old && i < plan->ncarry; i++)
		format_carried(
		    &sb, &old->stanzas[plan->carry[i]], plan->nstanzas + i);
	rc = replace_file(path, &sb, err);
	sbuf_release(&sb);
	if (rc < 0)
		return -1;
	j->time = plan->now;
	j->fd = open(path, O_WRONLY | O_APPEND | O_NOFOLLOW | O_CLOEXEC);
	return 0;
}

void
rjournal_mark(struct rjournal *j, size_t stanza, size_t step)
{
	char line[64];
	int n;

	if (j->fd < 0)
		return;
	n = snprintf(line, sizeof(line), "done %zu %zu\n", stanza, step);
	(void)fsutil_write_all(j->fd, line, (size_t)n);
}

void
rjournal_close(struct rjournal *j)
{
	if (j->fd >= 0)
		close(j->fd);
	j->fd = -1;
}

int
rjournal_remove(const char *path, struct hr_error *err)
{
	if (unlink(path) < 0 && errno != ENOENT)
		return hr_error_set(err, errno, path, 0, "cannot remove");
	return 0;
}

/* ---- reading ---- */

/*
 * The next word of *p (words are separated by one space): a quoted
 * string, unescaped in place, or a bare word; "-" gives NULL.  Returns 0,
 * or -1 when there is none or it is malformed.
 */
static int
next_word(char **p, char **word)
{
	char *s = *p, *out;

	if (*s == ' ')
		s++;
	if (*s == '\0')
		return -1;
	if (*s != '"') {
		*word = s;
		while (*s && *s != ' ')
			s++;
		if (*s)
			*s++ = '\0';
		*p = s;
		if (strcmp(*word, "-") == 0)
			*word = NULL;
		return 0;
	}
	*word = out = ++s;
	for (; *s != '"'; s++) {
		if (*s == '\0')
			return -1;
		if (*s == '\\') {
			s++;
			if (*s != 'n' && *s != '\\' && *s != '"')
				return -1;
			*out++ = *s == 'n' ? '\n' : *s;
		} else {
			*out++ = *s;
		}
	}
	*out = '\0';
	s++;
	if (*s != '\0' && *s != ' ')
		return -1;
	*p = s;
	return 0;
}

static int
word_index(const char *word, const char *const *names, size_t n)
{
	size_t i;

	for (i = 0; word && i < n; i++)
		if (strcmp(word, names[i]) == 0)
			return (int)i;
	return -1;
}

static int
next_number(char **p, int base, unsigned long long *v)
{
	char *w, *end;

	if (next_word(p, &w) < 0 || w == NULL || *w == '\0')
		return -1;
	errno = 0;
	*v = strtoull(w, &end, base);
	return errno || *end ? -1 : 0;
}

static char *
dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

/* "step KIND PHASE LOG FLAGS MODE UID GID SCRIPT SRC DST ARGV1 ARGV2" */
static int
parse_step(struct rjournal_stanza *z, char *p)
{
	struct rplan_step s;
	unsigned long long flags, mode, uid, gid;
	char *w[4], *kind, *phase, *log, *script, *end;
	int ki, pi, si = 0, k;
	long li;

	memset(&s, 0, sizeof(s));
	if (next_word(&p, &kind) < 0 || next_word(&p, &phase) < 0 ||
	    next_word(&p, &log) < 0 || next_number(&p, 10, &flags) < 0 ||
	    next_number(&p, 8, &mode) < 0 || next_number(&p, 10, &uid) < 0 ||
	    next_number(&p, 10, &gid) < 0 || next_word(&p, &script) < 0)
		return -1;
	for (k = 0; k < 4; k++)
		if (next_word(&p, &w[k]) < 0)
			return -1;
	ki = word_index(kind, kind_names, NELEM(kind_names));
	pi = word_index(phase, phase_names, NELEM(phase_names));
	if (script)
		si = word_index(script, script_names, NELEM(script_names));
	li = log ? strtol(log, &end, 10) : -2;
	if (*p || ki < 0 || pi < 0 || si < 0 || log == NULL || *end ||
	    li < -1 || li >= (long)z->nlogs)
		return -1;
	s.kind = (enum rplan_step_kind)ki;
	s.phase = (enum rplan_phase)pi;
	s.log = li;
	/*
	 * The log's times are not journaled: a resumed copy keeps its own.
	 * The run that resumes schedules its steps anew (plan_schedule).
	 */
	s.flags =
	    (unsigned)flags & ~(unsigned)(RSTEP_LOG_TIMES | RSTEP_BACKGROUND);
	s.mode = (mode_t)mode;
	s.uid = (uid_t)uid;
	s.gid = (gid_t)gid;
	s.script = (enum rconf_script)si;
	s.src = dup_or_null(w[0]);
	s.dst = dup_or_null(w[1]);
	s.argv1 = dup_or_null(w[2]);
	s.argv2 = dup_or_null(w[3]);
	XGROW(z->steps, z->nsteps + 1, z->asteps);
	XGROW(z->done, z->nsteps + 1, z->adone);
	z->done[z->nsteps] = 0;
	z->steps[z->nsteps++] = s;
	return 0;
}

/* "stanza INDEX PATTERN" */
static int
parse_stanza(struct rjournal *j, char *p)
{
	struct rjournal_stanza *z;
	unsigned long long index;
	char *pattern;

	if (next_number(&p, 10, &index) < 0 || next_word(&p, &pattern) < 0 ||
	    *p)
		return -1;
	j->stanzas =
	    xreallocarray(j->stanzas, j->nstanzas + 1, sizeof(*j->stanzas));
	z = &j->stanzas[j->nstanzas++];
	memset(z, 0, sizeof(*z));
	z->index = (size_t)index;
	z->pattern = dup_or_null(pattern);
	return 0;
}

/* "log TIME PATH" */
static int
parse_log(struct rjournal_stanza *z, char *p)
{
	unsigned long long t;
	char *path;

	if (next_number(&p, 10, &t) < 0 || next_word(&p, &path) < 0 ||
	    path == NULL || *p || z->nsteps > 0)
		return -1;
	XGROW(z->logs, z->nlogs + 1, z->alogs);
	z->logs[z->nlogs].path = xstrdup(path);
	z->logs[z->nlogs++].rotated = (time_t)t;
	return 0;
}

/* "id DEV INO PATH" */
static int
parse_id(struct rjournal_stanza *z, char *p)
{
	unsigned long long dev, ino;
	char *path;

	if (next_number(&p, 10, &dev) < 0 || next_number(&p, 10, &ino) < 0 ||
	    next_word(&p, &path) < 0 || path == NULL || *p)
		return -1;
	XGROW(z->ids, z->nids + 1, z->aids);
	z->ids[z->nids].path = xstrdup(path);
	z->ids[z->nids].dev = (dev_t)dev;
	z->ids[z->nids++].ino = (ino_t)ino;
	return 0;
}

/* "done STANZA STEP": unknown numbers are ignored (harmless). */
static int
parse_done(struct rjournal *j, char *p)
{
	unsigned long long si, k;
	size_t i;

	if (next_number(&p, 10, &si) < 0 || next_number(&p, 10, &k) < 0 || *p)
		return -1;
	for (i = 0; i < j->nstanzas; i++)
		if (j->stanzas[i].index == si && k < j->stanzas[i].nsteps)
			j->stanzas[i].done[k] = 1;
	return 0;
}

static int
parse_line(struct rjournal *j, char *line)
{
	char *p = line, *key;
	struct rjournal_stanza *z =
	    j->nstanzas ? &j->stanzas[j->nstanzas - 1] : NULL;
	unsigned long long t;

	if (next_word(&p, &key) < 0 || key == NULL)
		return -1;
	if (strcmp(key, "time") == 0) {
		if (next_number(&p, 10, &t) < 0 || *p)
			return -1;
		j->time = (time_t)t;
		return 0;
	}
	if (strcmp(key, "stanza") == 0)
		return parse_stanza(j, p);
	if (strcmp(key, "log") == 0)
		return z ? parse_log(z, p) : -1;
	if (strcmp(key, "step") == 0)
		return z ? parse_step(z, p) : -1;
	if (strcmp(key, "id") == 0)
		return z ? parse_id(z, p) : -1;
	if (strcmp(key, "done") == 0)
		return parse_done(j, p);
	return -1;
}

static int
cmp_id(const void *a, const void *b)
{
	return strcmp(((const struct rjournal_id *)a)->path,
	    ((const struct rjournal_id *)b)->path);
}

/*
 * Reads the lines of f; returns 0, the number of the bad line, or -1 for
 * a journal of another version.
 */
static long
read_lines(struct rjournal *j, FILE *f)
{
	char *line = NULL;
	size_t cap = 0, i;
	ssize_t n;
	long no = 0;

	while ((n = getline(&line, &cap, f)) > 0) {
		no++;
		if (line[n - 1] != '\n')
			break; /* cut short by a crash: ignored */
		line[n - 1] = '\0';
		if (no == 1 && strcmp(line, JOURNAL_HEADER) != 0 &&
		    strncmp(line, JOURNAL_MAGIC, strlen(JOURNAL_MAGIC)) == 0) {
			free(line);
			return -1;
		}
		if (no == 1 ? strcmp(line, JOURNAL_HEADER) != 0
		            : parse_line(j, line) < 0)
			goto bad;
	}
	if (ferror(f))
		goto bad;
	free(line);
	for (i = 0; i < j->nstanzas; i++)
		if (j->stanzas[i].nids > 1)
			qsort(j->stanzas[i].ids, j->stanzas[i].nids,
			    sizeof(*j->stanzas[i].ids), cmp_id);
	return 0;
bad:
	free(line);
	return no > 0 ? no : 1;
}

int
rjournal_read(struct rjournal *j, const char *path, struct hr_error *err)
{
	FILE *f = fopen(path, "re");
	long bad;

	if (f == NULL && errno == ENOENT)
		return 0;
	if (f == NULL)
		return hr_error_set(err, errno, path, 0, "cannot open journal");
	bad = read_lines(j, f);
	fclose(f);
	if (bad == 0)
		return 0;
	rjournal_release(j);
	if (bad < 0)
		return hr_error_set(err, 0, NULL, 0,
		    "journal %s: written by another version of headroom "
		    "(this one reads \"%s\"); it is ignored",
		    path, JOURNAL_HEADER);
	return hr_error_set(err, 0, NULL, 0,
	    "journal %s: bad line %ld; it is ignored", path, bad);
}

const struct rjournal_id *
rjournal_find_id(const struct rjournal_stanza *z, const char *path)
{
	struct rjournal_id key;

	key.path = (char *)(uintptr_t)path;
	if (z->nids == 0)
		return NULL;
	return bsearch(&key, z->ids, z->nids, sizeof(*z->ids), cmp_id);
}

void
rjournal_release(struct rjournal *j)
{
	size_t i, k;

	for (i = 0; i < j->nstanzas; i++) {
		struct rjournal_stanza *z = &j->stanzas[i];

		for (k = 0; k < z->nlogs; k++)
			free(z->logs[k].path);
		for (k = 0; k < z->nsteps; k++) {
			free(z->steps[k].src);
			free(z->steps[k].dst);
			free(z->steps[k].argv1);
			free(z->steps[k].argv2);
		}
		for (k = 0; k < z->nids; k++)
			free(z->ids[k].path);
		free(z->ids);
		free(z->logs);
		free(z->steps);
		free(z->done);
		free(z->pattern);
	}
	free(j->stanzas);
	rjournal_close(j);
	j->stanzas = NULL;
	j->nstanzas = 0;
	j->time = 0;
}
