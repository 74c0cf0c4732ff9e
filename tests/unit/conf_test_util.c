/*
 * conf_test_util: message collector and scratch files for the parser tests.
 */
#include "config.h"

#include <sys/stat.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lib/xalloc.h"
#include "tests/unit/conf_test_util.h"
#include "tests/unit/unit_util.h"

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

void
expect_msg(const struct msgs *m, enum diag_level level, const char *text)
{
	if (msgs_find(m, level, text) < 0) {
		msgs_dump(m);
		fail_msg("missing message: %s", text);
	}
}

char *
write_file(const char *dir, const char *name, const char *text, mode_t mode)
{
	char *path = xasprintf("%s/%s", dir, name);

	put_file(path, text, strlen(text), mode);
	assert_int_equal(chmod(path, mode), 0);
	return path;
}

int
parse_text(struct rconf *conf, struct msgs *m, const char *text)
{
	struct conf_opts opts = { { msgs_report, m }, 0 };

	return conf_read_buffer(conf, "t.conf", text, strlen(text), &opts);
}
