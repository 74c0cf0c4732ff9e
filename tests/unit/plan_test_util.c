/*
 * plan_test_util: the planner's fake world, stanzas and rendered steps.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "lib/sbuf.h"
#include "lib/xalloc.h"
#include "tests/unit/plan_test_util.h"

struct ffile files[64];
size_t nfiles;
struct fstate states[64];
size_t nstates;
unsigned long long fs_avail, fs_total;

void
reset(void)
{
	nfiles = 0;
	nstates = 0;
	fs_avail = fs_total = 0;
}

struct stat *
add_node(const char *path, mode_t mode, off_t size, time_t mtime)
{
	struct ffile *f = &files[nfiles++];

	assert_true(nfiles < sizeof(files) / sizeof(files[0]));
	memset(f, 0, sizeof(*f));
	snprintf(f->path, sizeof(f->path), "%s", path);
	f->st.st_mode = mode;
	f->st.st_size = size;
	f->st.st_mtime = mtime;
	f->st.st_nlink = 1;
	return &f->st;
}

struct stat *
add_file(const char *path, off_t size)
{
	return add_node(path, S_IFREG | 0644, size, NOW - 3600);
}

/* A state entry "Y-M-D-h:m:s" in UTC. */
void
add_state(const char *path, const char *when)
{
	struct fstate *s = &states[nstates++];
	time_t t;

	memset(s, 0, sizeof(*s));
	snprintf(s->path, sizeof(s->path), "%s", path);
	assert_int_equal(
	    sscanf(when, "%d-%d-%d-%d:%d:%d", &s->last.tm_year, &s->last.tm_mon,
	        &s->last.tm_mday, &s->last.tm_hour, &s->last.tm_min,
	        &s->last.tm_sec),
	    6);
	s->last.tm_year -= 1900;
	s->last.tm_mon -= 1;
	s->last.tm_isdst = -1;
	/* Fills tm_wday and friends. */
	t = timegm(&s->last);
	gmtime_r(&t, &s->last);
}

static time_t
f_clock(void *arg)
{
	(void)arg;
	return NOW;
}

static struct ffile *
find(const char *path)
{
	size_t i;

	for (i = 0; i < nfiles; i++)
		if (strcmp(files[i].path, path) == 0)
			return &files[i];
	return NULL;
}

static int
f_lstat(void *arg, const char *path, struct stat *st)
{
	struct ffile *f = find(path);

	(void)arg;
	if (f == NULL)
		return ENOENT;
	*st = f->st;
	return 0;
}

/* Directories: registered ones, else 0755 root when something is in it. */
static int
f_stat(void *arg, const char *path, struct stat *st)
{
	struct ffile *f = find(path);
	size_t i, len = strlen(path);

	(void)arg;
	if (f) {
		*st = f->st;
		return 0;
	}
	for (i = 0; i < nfiles; i++)
		if (strncmp(files[i].path, path, len) == 0 &&
		    files[i].path[len] == '/') {
			memset(st, 0, sizeof(*st));
			st->st_mode = S_IFDIR | 0755;
			return 0;
		}
	return ENOENT;
}

static int
f_list(void *arg, const char *dir, char ***names)
{
	size_t i, k = 0, len = strlen(dir);
	char **v = xcalloc(nfiles + 1, sizeof(*v));

	(void)arg;
	for (i = 0; i < nfiles; i++) {
		const char *p = files[i].path;

		if (strncmp(p, dir, len) == 0 && p[len] == '/' &&
		    strchr(p + len + 1, '/') == NULL)
			v[k++] = xstrdup(p + len + 1);
	}
	*names = v;
	return 0;
}

static int
f_last(void *arg, const char *path, time_t now, int used, struct tm *last)
{
	size_t i;
	time_t t;

	(void)arg;
	(void)used;
	for (i = 0; i < nstates; i++)
		if (strcmp(states[i].path, path) == 0) {
			*last = states[i].last;
			return 0;
		}
	t = now - now % 3600;
	gmtime_r(&t, last);
	assert_true(nstates < sizeof(states) / sizeof(states[0]));
	snprintf(states[nstates].path, sizeof(states[0].path), "%s", path);
	states[nstates++].last = *last;
	return 1;
}

static int
f_fsfree(void *arg, const char *path, unsigned long long *avail,
    unsigned long long *total)
{
	(void)arg;
	assert_non_null(path);
	*avail = fs_avail;
	*total = fs_total;
	return 0;
}

const struct rplan_seams seams = { f_clock, f_lstat, f_stat, f_list, f_last,
	NULL, NULL, f_fsfree };

/* A stanza with logrotate's defaults (reference 2). */
struct rconf_log *
stanza(const char *pattern, const char *const *logs)
{
	struct rconf_log *c = xcalloc(1, sizeof(*c));
	size_t n = 0;

	while (logs[n])
		n++;
	rconf_log_defaults(c);
	c->pattern = xstrdup(pattern);
	c->files = xcalloc(n + 1, sizeof(char *));
	for (c->nfiles = 0; c->nfiles < n; c->nfiles++)
		c->files[c->nfiles] = xstrdup(logs[c->nfiles]);
	c->compresscmd = xstrdup("/bin/gzip");
	c->compressext = xstrdup(".gz");
	return c;
}

void
stanza_free(struct rconf_log *c)
{
	rconf_log_release(c);
	free(c);
}

/* Plans one stanza; returns rplan_build's result. */
int
plan_one(struct rplan *plan, struct rconf_log *c, unsigned flags)
{
	return plan_with(plan, c, &seams, flags);
}

int
plan_with(struct rplan *plan, struct rconf_log *c, const struct rplan_seams *s,
    unsigned flags)
{
	struct rconf conf = RCONF_INIT;
	struct rconf_log *logs[1] = { c };
	struct hr_error err = HR_ERROR_INIT;
	int rc;

	conf.logs = logs;
	conf.nlogs = 1;
	rc = rplan_build(plan, &conf, s, flags, &err);
	hr_error_release(&err);
	return rc;
}

/* Renders the steps as lines "KIND src [dst]" for comparison. */
char *
render(const struct rplan_stanza *z)
{
	static const char *const kinds[] = { "script", "compress", "rename",
		"copy", "copytruncate", "truncate", "create", "mail", "remove",
		"unlink", "recopy", "wait" };
	struct sbuf sb = SBUF_INIT;
	size_t i;

	for (i = 0; i < z->nsteps; i++) {
		const struct rplan_step *s = &z->steps[i];

		if (s->phase == RPHASE_REPAIR)
			sbuf_adds(&sb, "repair: ");
		sbuf_adds(&sb, kinds[s->kind]);
		if (s->kind == RSTEP_SCRIPT)
			sbuf_addf(&sb, " %s [%s]%s%s",
			    rplan_script_name(s->script), s->argv1,
			    s->argv2 ? " " : "", s->argv2 ? s->argv2 : "");
		if (s->src)
			sbuf_addf(&sb, " %s", s->src);
		if (s->dst)
			sbuf_addf(&sb, " %s", s->dst);
		if (s->flags & RSTEP_CHAINED)
			sbuf_adds(&sb, " (chained)");
		if (s->kind == RSTEP_CREATE)
			sbuf_addf(&sb, " 0%o %lu %lu", (unsigned)s->mode,
			    (unsigned long)s->uid, (unsigned long)s->gid);
		sbuf_addch(&sb, '\n');
	}
	return sbuf_detach(&sb);
}

void
expect_steps(struct rconf_log *c, unsigned flags, const char *want)
{
	struct rplan plan = RPLAN_INIT;
	char *got;

	plan_one(&plan, c, flags);
	got = render(&plan.stanzas[0]);
	if (strcmp(got, want) != 0)
		fail_msg("steps differ:\n--- got\n%s--- want\n%s", got, want);
	free(got);
	rplan_release(&plan);
	stanza_free(c);
}

const char *const one_log[] = { "/l/a.log", NULL };
