/*
 * test_expand: globs to logs, literal non-matches, directories dropped,
 * duplicates, and the olddir checks made at a stanza's '}'.
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
#include <unistd.h>

#include <cmocka.h>

#include "lib/sbuf.h"
#include "lib/xalloc.h"
#include "rotate/expand.h"
#include "tests/unit/conf_test_util.h"

struct fixture {
	char *dir;
	struct expand_seen *seen;
	struct msgs m;
	struct conf_opts opts;
	struct rconf_log a, b;
};

static int
setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof(*f));
	char *sub;

	f->dir = tmpdir_new();
	free(write_file(f->dir, "a.log", "", 0644));
	free(write_file(f->dir, "b.log", "", 0644));
	free(write_file(f->dir, "c.log", "", 0644));
	sub = xasprintf("%s/d.log", f->dir); /* a directory: dropped */
	assert_int_equal(mkdir(sub, 0755), 0);
	free(sub);
	sub = xasprintf("%s/fifo.log", f->dir); /* must not hang */
	assert_int_equal(mkfifo(sub, 0644), 0);
	free(sub);
	f->seen = expand_seen_new();
	f->opts.rep.fn = msgs_report;
	f->opts.rep.ctx = &f->m;
	rconf_log_defaults(&f->a);
	rconf_log_defaults(&f->b);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	expand_seen_free(f->seen);
	rconf_log_release(&f->a);
	rconf_log_release(&f->b);
	msgs_clear(&f->m);
	tmpdir_remove(f->dir);
	free(f->dir);
	free(f);
	return 0;
}

static int
word(struct fixture *f, struct rconf_log *log, const char *name, int *dup)
{
	char *w = xasprintf("%s/%s", f->dir, name);
	int rc = expand_word(f->seen, log, w, "t.conf", 4, &f->opts, NULL, dup);

	free(w);
	return rc;
}

static void
assert_file(
    struct fixture *f, const struct rconf_log *log, size_t i, const char *name)
{
	char *want = xasprintf("%s/%s", f->dir, name);

	assert_true(i < log->nfiles);
	assert_string_equal(log->files[i], want);
	free(want);
}

/* Glob order, directories dropped, FIFOs listed (never opened). */
static void
test_glob(void **state)
{
	struct fixture *f = *state;
	int dup = 0;

	assert_int_equal(word(f, &f->a, "*.log", &dup), 0);
	assert_int_equal(f->a.nfiles, 4);
	assert_file(f, &f->a, 0, "a.log");
	assert_file(f, &f->a, 1, "b.log");
	assert_file(f, &f->a, 2, "c.log");
	assert_file(f, &f->a, 3, "fifo.log");
	assert_null(f->a.files[4]);
	assert_int_equal(dup, 0);
	assert_ptr_equal(expand_seen_owner(f->seen, f->a.files[1]), &f->a);
}

/* A word matching nothing is kept literally (3.21). */
static void
test_nomatch_literal(void **state)
{
	struct fixture *f = *state;
	int dup = 0;

	assert_int_equal(word(f, &f->a, "none*.log", &dup), 0);
	assert_int_equal(f->a.nfiles, 1);
	assert_file(f, &f->a, 0, "none*.log");
}

static void
test_tilde(void **state)
{
	struct fixture *f = *state;
	char *home = getenv("HOME") ? xstrdup(getenv("HOME")) : NULL;
	char *want;
	int dup = 0;

	setenv("HOME", f->dir, 1);
	assert_int_equal(expand_word(f->seen, &f->a, "~/b.log", "t.conf", 1,
	                     &f->opts, NULL, &dup),
	    0);
	want = xasprintf("%s/b.log", f->dir);
	assert_string_equal(f->a.files[0], want);
	free(want);
	if (home)
		setenv("HOME", home, 1);
	free(home);
}

/* A duplicate stops the word; ignoreduplicates on the owner skips it. */
static void
test_duplicates(void **state)
{
	struct fixture *f = *state;
	char *msg;
	int dup = 0;

	assert_int_equal(word(f, &f->a, "b.log", &dup), 0);
	assert_int_equal(word(f, &f->b, "*.log", &dup), 0);
	assert_int_equal(dup, 1);
	assert_int_equal(f->b.nfiles, 1); /* a.log, then b.log: stop */
	assert_file(f, &f->b, 0, "a.log");
	msg = xasprintf("t.conf:4 duplicate log entry for %s/b.log", f->dir);
	assert_true(msgs_find(&f->m, DIAG_ERROR, msg) >= 0);
	free(msg);
	/* The owner dropped: its paths are free again. */
	expand_seen_forget(f->seen, &f->a);
	assert_null(expand_seen_owner(f->seen, f->a.files[0]));
	assert_ptr_equal(expand_seen_owner(f->seen, f->b.files[0]), &f->b);
	f->b.flags |= RCONF_IGNOREDUPLICATES;
	dup = 0;
	rconf_log_release(&f->a);
	rconf_log_defaults(&f->a);
	assert_int_equal(word(f, &f->a, "*.log", &dup), 0);
	assert_int_equal(dup, 0);
	assert_int_equal(f->a.nfiles, 3); /* b c fifo */
	assert_file(f, &f->a, 0, "b.log");
	msg = xasprintf(
	    "t.conf:4 ignore duplicate log entry for %s/a.log", f->dir);
	assert_true(msgs_find(&f->m, DIAG_DEBUG, msg) >= 0);
	free(msg);
}

/* Many paths: the table grows and keeps every claim. */
static void
test_seen_grows(void **state)
{
	struct fixture *f = *state;
	char path[64];
	int i;

	for (i = 0; i < 2000; i++) {
		snprintf(path, sizeof(path), "/x/%d.log", i);
		expand_seen_claim(f->seen, path, &f->a);
	}
	for (i = 0; i < 2000; i += 7) {
		snprintf(path, sizeof(path), "/x/%d.log", i);
		assert_ptr_equal(expand_seen_owner(f->seen, path), &f->a);
	}
	assert_null(expand_seen_owner(f->seen, "/x/2000.log"));
}

static void
test_olddir_path(void **state)
{
	struct fixture *f = *state;
	struct sbuf sb = SBUF_INIT;

	f->a.olddir = xstrdup("old");
	expand_olddir_path(&f->a, "/var/log/x.log", &sb);
	assert_string_equal(sb.buf, "/var/log/old");
	expand_olddir_path(&f->a, "x.log", &sb);
	assert_string_equal(sb.buf, "./old");
	free(f->a.olddir);
	f->a.olddir = xstrdup("/srv/old");
	expand_olddir_path(&f->a, "/var/log/x.log", &sb);
	assert_string_equal(sb.buf, "/srv/old");
	sbuf_release(&sb);
}

static void
test_olddir_checks(void **state)
{
	struct fixture *f = *state;
	char *msg, *old;
	int dup = 0;

	assert_int_equal(word(f, &f->a, "a.log", &dup), 0);
	/* Missing olddir: error, abort. */
	f->a.olddir = xstrdup("old");
	assert_int_equal(expand_check_olddir(&f->a, "t.conf", 9, &f->opts), -1);
	msg = xasprintf("t.conf:9 error verifying olddir path %s/old: No such "
	                "file or directory",
	    f->dir);
	assert_true(msgs_find(&f->m, DIAG_ERROR, msg) >= 0);
	free(msg);
	/* With createolddir it is the caller's to create: accepted. */
	f->a.flags |= RCONF_CREATEOLDDIR;
	assert_int_equal(expand_check_olddir(&f->a, "t.conf", 9, &f->opts), 0);
	f->a.flags &= ~(unsigned)RCONF_CREATEOLDDIR;
	old = xasprintf("%s/old", f->dir);
	assert_int_equal(mkdir(old, 0755), 0);
	free(old);
	assert_int_equal(expand_check_olddir(&f->a, "t.conf", 9, &f->opts), 0);
	/* Another device (/proc) without copy or copytruncate: abort. */
	free(f->a.olddir);
	f->a.olddir = xstrdup("/proc");
	assert_int_equal(expand_check_olddir(&f->a, "t.conf", 9, &f->opts), -1);
	msg = xasprintf("t.conf:9 olddir /proc and log file %s/a.log are on "
	                "different devices",
	    f->dir);
	assert_true(msgs_find(&f->m, DIAG_ERROR, msg) >= 0);
	free(msg);
	f->a.flags |= RCONF_COPYTRUNCATE;
	assert_int_equal(expand_check_olddir(&f->a, "t.conf", 9, &f->opts), 0);
}

/* The log's own directory missing: error, or a note with missingok. */
static void
test_olddir_logdir_missing(void **state)
{
	struct fixture *f = *state;
	int dup = 0;

	assert_int_equal(expand_word(f->seen, &f->a, "/hr-none/x.log", "t.conf",
	                     2, &f->opts, NULL, &dup),
	    0);
	f->a.olddir = xstrdup("old");
	assert_int_equal(expand_check_olddir(&f->a, "t.conf", 3, &f->opts), -1);
	assert_true(msgs_find(&f->m, DIAG_ERROR,
	                "t.conf:3 error verifying log file path /hr-none: No "
	                "such file or directory") >= 0);
	f->a.flags |= RCONF_MISSINGOK;
	assert_int_equal(expand_check_olddir(&f->a, "t.conf", 3, &f->opts), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_glob, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_nomatch_literal, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tilde, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_duplicates, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_seen_grows, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_olddir_path, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_olddir_checks, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_olddir_logdir_missing, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
