/*
 * conf_test_util: message collector and scratch files for the parser tests.
 */
#include "config.h"

#include <sys/stat.h>

#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/xalloc.h"
#include "tests/unit/conf_test_util.h"

void
msgs_report(void *ctx, enum diag_level level, const char *text)
{
	struct msgs *m = ctx;

	XGROW(m->text, m->n + 1, m->alloc);
	m->level = xreallocarray(m->level, m->alloc, sizeof(*m->level));
	m->text[m->n] = xstrdup(text);
	m->level[m->n] = level;
	m->n++;
}

void
msgs_clear(struct msgs *m)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		free(m->text[i]);
	free(m->text);
	free(m->level);
	memset(m, 0, sizeof(*m));
}

long
msgs_find(const struct msgs *m, enum diag_level level, const char *text)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		if (m->level[i] == level && strcmp(m->text[i], text) == 0)
			return (long)i;
	return -1;
}

size_t
msgs_count(const struct msgs *m, enum diag_level level)
{
	size_t i, n = 0;

	for (i = 0; i < m->n; i++)
		n += m->level[i] == level;
	return n;
}

void
msgs_dump(const struct msgs *m)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		fprintf(stderr, "msg[%zu] level %d: %s\n", i, (int)m->level[i],
		    m->text[i]);
}

char *
tmpdir_new(void)
{
	const char *base = getenv("TMPDIR");
	char *dir = xasprintf("%s/hr-conf.XXXXXX", base ? base : "/tmp");

	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		abort();
	}
	return dir;
}

static int
rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

void
tmpdir_remove(const char *dir)
{
	nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

char *
write_file(const char *dir, const char *name, const char *text, mode_t mode)
{
	char *path = xasprintf("%s/%s", dir, name);
	FILE *f = fopen(path, "w");

	if (!f || fputs(text, f) == EOF || fclose(f) != 0) {
		perror(path);
		abort();
	}
	if (chmod(path, mode) != 0) {
		perror(path);
		abort();
	}
	return path;
}

int
parse_text(struct rconf *conf, struct msgs *m, const char *text)
{
	struct conf_opts opts = { msgs_report, m, 0 };

	return conf_read_buffer(conf, "t.conf", text, strlen(text), &opts);
}
