/*
 * test_exec_errors: the error rules of reference 6 as the engine applies
 * them: failing scripts, a failing compressor, and the steps that touch
 * logs made to fail (rename, create, copy, truncate, unlink, through
 * -Wl,--wrap): an error naming the path, no line lost, the failed log's
 * state entry not advanced, the other logs rotated.
 */
#include "config.h"

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "lib/xalloc.h"
#include "tests/unit/exec_test_util.h"

/*
 * Failure injection (-Wl,--wrap): the next calls of inject.call ("rename",
 * "create" (an openat with O_CREAT), "copy_file_range", "ftruncate",
 * "unlink") on a path ending in inject.suffix (any path when NULL) fail
 * with inject.err.
 */
static struct {
	const char *call, *suffix;
	int err;
} inject;

static int
injected(const char *call, const char *path)
{
	size_t n, k;

	if (inject.call == NULL || strcmp(inject.call, call) != 0)
		return 0;
	if (inject.suffix != NULL) {
		n = strlen(path);
		k = strlen(inject.suffix);
		if (n < k || strcmp(path + n - k, inject.suffix) != 0)
			return 0;
	}
	errno = inject.err;
	return 1;
}

int __real_rename(const char *from, const char *to);
int __wrap_rename(const char *from, const char *to);
int __real_renameat2(
    int fd, const char *from, int tofd, const char *to, unsigned flags);
int __wrap_renameat2(
    int fd, const char *from, int tofd, const char *to, unsigned flags);
int __real_openat(int dirfd, const char *path, int flags, ...);
int __wrap_openat(int dirfd, const char *path, int flags, ...);
ssize_t __real_copy_file_range(
    int in, off_t *inoff, int out, off_t *outoff, size_t len, unsigned flags);
ssize_t __wrap_copy_file_range(
    int in, off_t *inoff, int out, off_t *outoff, size_t len, unsigned flags);
int __real_ftruncate(int fd, off_t len);
int __wrap_ftruncate(int fd, off_t len);
int __real_unlink(const char *path);
int __wrap_unlink(const char *path);

int
__wrap_rename(const char *from, const char *to)
{
	return injected("rename", from) ? -1 : __real_rename(from, to);
}

int
__wrap_renameat2(
    int fd, const char *from, int tofd, const char *to, unsigned flags)
{
	if (injected("rename", from))
		return -1;
	return __real_renameat2(fd, from, tofd, to, flags);
}

int
__wrap_openat(int dirfd, const char *path, int flags, ...)
{
	mode_t mode = 0;
	va_list ap;

	if (flags & (O_CREAT | O_TMPFILE)) {
		va_start(ap, flags);
		mode = va_arg(ap, mode_t);
		va_end(ap);
		if (injected("create", path))
			return -1;
	}
	return __real_openat(dirfd, path, flags, mode);
}

ssize_t
__wrap_copy_file_range(
    int in, off_t *inoff, int out, off_t *outoff, size_t len, unsigned flags)
{
	if (injected("copy_file_range", ""))
		return -1;
	return __real_copy_file_range(in, inoff, out, outoff, len, flags);
}

int
__wrap_ftruncate(int fd, off_t len)
{
	return injected("ftruncate", "") ? -1 : __real_ftruncate(fd, len);
}

int
__wrap_unlink(const char *path)
{
	return injected("unlink", path) ? -1 : __real_unlink(path);
}

/* exec_setup, with no failure injected. */
static int
setup(void **state)
{
	memset(&inject, 0, sizeof(inject));
	return exec_setup(state);
}

static void
t_shared_prerotate_fails(void **state)
{
	const char *logs[] = { "a.log", "b.log", NULL };
	struct rconf_log *c = stanza(logs);
	struct rstate st = RSTATE_INIT;
	struct rstate_entry *e;

	(void)state;
	c->rotate = 3;
	c->flags |= RCONF_SHAREDSCRIPTS;
	script(c, RCONF_PREROTATE, "exit 1");
	script(c, RCONF_POSTROTATE, "echo post >> $T/out");
	script(c, RCONF_LASTACTION, "echo last >> $T/out");
	put("a.log", "a\n");
	put("a.log.1", "a1\n");
	put("b.log", "b\n");
	assert_int_equal(run1(c, &st), -1);
	/* Nothing shifted (3.22's fix), nothing rotated, lastaction ran. */
	assert_string_equal(get("a.log.1"), "a1\n");
	assert_false(exists("a.log.2"));
	assert_string_equal(get("a.log"), "a\n");
	assert_string_equal(get("b.log"), "b\n");
	assert_string_equal(get("out"), "last\n");
	assert_non_null(strstr(msgs.buf, "error running shared prerotate"));
	e = rstate_find(&st, P("a.log"));
	assert_true(e == NULL || !e->rotated);
	rstate_release(&st);
	stanza_free(c);
}

static void
t_firstaction_fails(void **state)
{
	const char *logs[] = { "a.log", NULL };
	struct rconf_log *c = stanza(logs);

	(void)state;
	c->rotate = 1;
	script(c, RCONF_FIRSTACTION, "exit 3");
	script(c, RCONF_LASTACTION, "echo last >> $T/out");
	put("a.log", "a\n");
	assert_int_equal(run1(c, NULL), -1);
	assert_string_equal(get("a.log"), "a\n");
	assert_false(exists("a.log.1"));
	assert_false(exists("out"));
	assert_non_null(strstr(msgs.buf, "error running first action script"));
	stanza_free(c);
}

/* The lines of text that contain needle. */
static int
count_lines_with(const char *text, const char *needle)
{
	const char *line = text, *nl;
	int n = 0;

	for (; *line; line = nl + 1) {
		nl = strchr(line, '\n');
		if (nl == NULL)
			nl = line + strlen(line);
		if (strstr(line, needle) && strstr(line, needle) < nl)
			n++;
		if (*nl == '\0')
			break;
	}
	return n;
}

static void
t_compress_fails(void **state)
{
	const char *alogs[] = { "a.log", NULL }, *blogs[] = { "b.log", NULL };
	struct rconf_log *c[2] = { stanza(alogs), stanza(blogs) };
	struct rstate st = RSTATE_INIT;
	struct rstate_entry *e;

	(void)state;
	c[0]->rotate = c[1]->rotate = 2;
	c[0]->flags |= RCONF_COMPRESS;
	c[1]->flags |= RCONF_COMPRESS;
	free(c[0]->compresscmd);
	c[0]->compresscmd = xstrdup("/bin/false");
	put("a.log", "a\n");
	put("b.log", "b\n");
	assert_int_equal(run(c, 2, 2, &st), -1);
	assert_string_equal(get("a.log.1"), "a\n");
	assert_false(exists("a.log.1.gz"));
	assert_string_equal(get("b.log.1.gz"), "b\n");
	assert_false(exists("b.log.1"));
	assert_non_null(strstr(msgs.buf, "failed to compress log"));
	/* Reported once, in one message that says why. */
	assert_int_equal(count_lines_with(msgs.buf, P("a.log.1")), 1);
	assert_non_null(strstr(msgs.buf, "exit status 1"));
	e = rstate_find(&st, P("a.log"));
	assert_true(e == NULL || !e->rotated);
	e = rstate_find(&st, P("b.log"));
	assert_non_null(e);
	assert_true(e->rotated);
	rstate_release(&st);
	stanza_free(c[0]);
	stanza_free(c[1]);
}

static void
t_preremove_fails(void **state)
{
	const char *logs[] = { "a.log", NULL };
	struct rconf_log *c = stanza(logs);

	(void)state;
	c->rotate = 1;
	script(c, RCONF_PREREMOVE, "echo \"rm $1\" >> $T/out; exit 1");
	put("a.log", "one\n");
	assert_int_equal(run1(c, NULL), 0);
	put("a.log", "two\n");
	assert_int_equal(run1(c, NULL), -1);
	assert_string_equal(get("a.log.2"), "one\n");
	assert_non_null(strstr(msgs.buf, "Not removing this file"));
	stanza_free(c);
}

/*
 * Section 6's error paths that touch logs.  Runs the stanzas c over a.log
 * ("a\n") and b.log ("b\n") with inject set to make call fail with err
 * on paths ending in suffix (any path when NULL), and checks: exit -1,
 * the message want (freed here), a.log's state entry not advanced, and
 * b.log rotated.  The caller checks that a.log's lines are all kept.
 */
static void
run_failing(struct rconf_log **c, size_t n, const char *call,
    const char *suffix, int err, char *want)
{
	struct rstate st = RSTATE_INIT;
	struct rstate_entry *e;

	put("a.log", "a\n");
	put("b.log", "b\n");
	inject.call = call;
	inject.suffix = suffix;
	inject.err = err;
	assert_int_equal(run(c, n, 2, &st), -1);
	inject.call = NULL;
	assert_non_null(strstr(msgs.buf, want));
	e = rstate_find(&st, P("a.log"));
	assert_true(e == NULL || !e->rotated);
	e = rstate_find(&st, P("b.log"));
	assert_non_null(e);
	assert_true(e->rotated);
	assert_string_equal(get("b.log.1"), "b\n");
	free(want);
	rstate_release(&st);
}

static void
t_rename_fails(void **state)
{
	const char *logs[] = { "a.log", "b.log", NULL };
	struct rconf_log *c = stanza(logs);

	(void)state;
	c->rotate = 2;
	c->flags |= RCONF_CREATE;
	run_failing(&c, 1, "rename", "/a.log", EROFS,
	    xasprintf("failed to rename %s to %s: Read-only file system",
	        P("a.log"), P("a.log.1")));
	assert_string_equal(get("a.log"), "a\n");
	assert_false(exists("a.log.1"));
	stanza_free(c);
}

/* The new log cannot be made: the rotated one keeps every line. */
static void
t_create_fails(void **state)
{
	const char *logs[] = { "a.log", "b.log", NULL };
	struct rconf_log *c = stanza(logs);

	(void)state;
	c->rotate = 2;
	c->flags |= RCONF_CREATE;
	run_failing(&c, 1, "create", "/a.log", ENOSPC,
	    xasprintf("error creating output file %s: No space left on device",
	        P("a.log")));
	assert_string_equal(get("a.log.1"), "a\n");
	assert_false(exists("a.log"));
	assert_true(exists("b.log"));
	stanza_free(c);
}

/* copytruncate whose copy fails: the log is not truncated, no copy left. */
static void
t_copytruncate_copy_fails(void **state)
{
	const char *alogs[] = { "a.log", NULL }, *blogs[] = { "b.log", NULL };
	struct rconf_log *c[2] = { stanza(alogs), stanza(blogs) };

	(void)state;
	c[0]->rotate = c[1]->rotate = 2;
	c[0]->flags |= RCONF_COPYTRUNCATE;
	run_failing(c, 2, "copy_file_range", NULL, ENOSPC,
	    xasprintf("error copying %s to %s: No space left on device",
	        P("a.log"), P("a.log.1")));
	assert_string_equal(get("a.log"), "a\n");
	assert_false(exists("a.log.1"));
	assert_int_equal(hidden_files(), 0);
	stanza_free(c[0]);
	stanza_free(c[1]);
}

/*
 * copytruncate whose truncate fails: the copy is taken back, so the lines
 * are in the log only, none lost and none twice.
 */
static void
t_copytruncate_truncate_fails(void **state)
{
	const char *alogs[] = { "a.log", NULL }, *blogs[] = { "b.log", NULL };
	struct rconf_log *c[2] = { stanza(alogs), stanza(blogs) };

	(void)state;
	c[0]->rotate = c[1]->rotate = 2;
	c[0]->flags |= RCONF_COPYTRUNCATE;
	run_failing(c, 2, "ftruncate", NULL, EIO,
	    xasprintf("error truncating %s: Input/output error", P("a.log")));
	assert_string_equal(get("a.log"), "a\n");
	assert_false(exists("a.log.1"));
	stanza_free(c[0]);
	stanza_free(c[1]);
}

/* The oldest generation cannot be removed: it stays, with an error. */
static void
t_remove_fails(void **state)
{
	const char *logs[] = { "a.log", "b.log", NULL };
	struct rconf_log *c = stanza(logs);

	(void)state;
	c->rotate = 1;
	put("a.log.1", "old\n");
	run_failing(&c, 1, "unlink", "/a.log.2", EBUSY,
	    xasprintf("Failed to remove old log %s: Device or resource busy",
	        P("a.log.2")));
	assert_string_equal(get("a.log.2"), "old\n");
	assert_string_equal(get("a.log.1"), "a\n");
	stanza_free(c);
}

/*
 * The source of a compression cannot be removed: it stays beside its
 * compressed copy, with logrotate's error, and the log's state entry is
 * not advanced.  In a background job, and in the engine (preremove).
 */
static void
t_compress_source_stays(void **state)
{
	static const char *const names[] = { "a.log", "b.log" };
	struct rstate st = RSTATE_INIT;
	struct rstate_entry *e;
	struct rconf_log *c;
	char *want, *gen;
	const char *logs[2];
	int k;

	(void)state;
	for (k = 0; k < 2; k++) {
		logs[0] = names[k];
		logs[1] = NULL;
		c = stanza(logs);
		c->rotate = 2;
		c->flags |= RCONF_COMPRESS;
		if (k == 1)
			script(c, RCONF_PREREMOVE, "true\n");
		put(names[k], "x\n");
		gen = xasprintf("/%s.1", names[k]);
		inject.call = "unlink";
		inject.suffix = gen;
		inject.err = EBUSY;
		assert_int_equal(run1(c, &st), -1);
		inject.call = NULL;
		want = xasprintf("Failed to remove old log %s: Device or "
		                 "resource busy",
		    P(gen + 1));
		assert_non_null(strstr(msgs.buf, want));
		assert_string_equal(get(gen + 1), "x\n");
		free(gen);
		gen = xasprintf("%s.1.gz", names[k]);
		assert_string_equal(get(gen), "x\n");
		e = rstate_find(&st, P(names[k]));
		assert_true(e == NULL || !e->rotated);
		free(want);
		free(gen);
		stanza_free(c);
	}
	rstate_release(&st);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    t_shared_prerotate_fails, setup, exec_teardown),
		cmocka_unit_test_setup_teardown(
		    t_firstaction_fails, setup, exec_teardown),
		cmocka_unit_test_setup_teardown(
		    t_compress_fails, setup, exec_teardown),
		cmocka_unit_test_setup_teardown(
		    t_preremove_fails, setup, exec_teardown),
		cmocka_unit_test_setup_teardown(
		    t_rename_fails, setup, exec_teardown),
		cmocka_unit_test_setup_teardown(
		    t_create_fails, setup, exec_teardown),
		cmocka_unit_test_setup_teardown(
		    t_copytruncate_copy_fails, setup, exec_teardown),
		cmocka_unit_test_setup_teardown(
		    t_copytruncate_truncate_fails, setup, exec_teardown),
		cmocka_unit_test_setup_teardown(
		    t_remove_fails, setup, exec_teardown),
		cmocka_unit_test_setup_teardown(
		    t_compress_source_stays, setup, exec_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
