/*
 * test_exec: plans built by rplan_build over a real temporary directory,
 * carried out by rexec_run, and the resulting files checked: names,
 * contents (gzip read back with zlib), modes, sparse copies, script
 * arguments, mail, targets in the way, and 40 logs on 2 workers.
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

static void
t_numbered_compress(void **state)
{
	const char *logs[] = { "a.log", NULL };
	struct rconf_log *c = stanza(logs);

	(void)state;
	c->rotate = 2;
	c->flags |= RCONF_COMPRESS;
	put("a.log", "one\n");
	assert_int_equal(run1(c, NULL), 0);
	assert_false(exists("a.log"));
	assert_string_equal(get("a.log.1.gz"), "one\n");
	put("a.log", "two\n");
	assert_int_equal(run1(c, NULL), 0);
	put("a.log", "three\n");
	assert_int_equal(run1(c, NULL), 0);
	put("a.log", "four\n");
	assert_int_equal(run1(c, NULL), 0);
	assert_string_equal(get("a.log.1.gz"), "four\n");
	assert_string_equal(get("a.log.2.gz"), "three\n");
	assert_false(exists("a.log.3.gz"));
	assert_false(exists("a.log.1"));
	stanza_free(c);
}

/*
 * The target of a compression exists: when it holds the source's bytes,
 * the source is removed (nothing is compressed twice); when it holds a
 * first part of them, it is replaced by a full compression; anything
 * else is moved aside to a .backup name (logrotate's way) and kept.
 */
static void
t_compress_target_exists(void **state)
{
	const char *logs[] = { "a.log", "b.log", "c.log", NULL };
	struct rconf_log *c = stanza(logs);
	char *backup;
	struct tm tm;
	time_t now = time(NULL);

	(void)state;
	c->rotate = 3;
	c->flags |= RCONF_COMPRESS | RCONF_DELAYCOMPRESS;
	put("a.log", "a now\n");
	put("a.log.1", "a old\n");
	put_gz("a.log.1.gz", "a old\n");
	put("b.log", "b now\n");
	put("b.log.1", "b old\nb more\n");
	put_gz("b.log.1.gz", "b old\n");
	put("c.log", "c now\n");
	put("c.log.1", "c old\n");
	put_gz("c.log.1.gz", "stray\n");
	assert_int_equal(run1(c, NULL), 0);
	assert_string_equal(get("a.log.2.gz"), "a old\n");
	assert_string_equal(get("b.log.2.gz"), "b old\nb more\n");
	assert_string_equal(get("c.log.2.gz"), "c old\n");
	assert_string_equal(get("a.log.1"), "a now\n");
	assert_false(exists("a.log.3.gz"));
	assert_false(exists("b.log.3.gz"));
	localtime_r(&now, &tm);
	backup = xasprintf("c.log.1.gz-%04d%02d%02d%02d.backup",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour);
	assert_string_equal(get(backup), "stray\n");
	assert_non_null(strstr(msgs.buf, "holds the same data as"));
	assert_non_null(strstr(msgs.buf, "holds the first part of"));
	assert_non_null(strstr(msgs.buf, "already exists, renaming to"));
	free(backup);
	stanza_free(c);
}

/*
 * The target of the log's own rename (here renamecopy's a.log.tmp) that
 * exists is moved aside to a .backup name, never replaced; the log is
 * rotated.
 */
static void
t_rename_target_exists(void **state)
{
	const char *logs[] = { "a.log", NULL };
	struct rconf_log *c = stanza(logs);
	char *backup;
	struct tm tm;
	time_t now = time(NULL);

	(void)state;
	c->rotate = 1;
	c->flags |= RCONF_RENAMECOPY;
	put("a.log", "now\n");
	put("a.log.tmp", "someone else's\n");
	assert_int_equal(run1(c, NULL), 0);
	assert_string_equal(get("a.log.1"), "now\n");
	assert_false(exists("a.log.tmp"));
	localtime_r(&now, &tm);
	backup = xasprintf("a.log.tmp-%04d%02d%02d%02d.backup",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour);
	assert_string_equal(get(backup), "someone else's\n");
	free(backup);
	stanza_free(c);
}

static void
t_create_mode(void **state)
{
	const char *logs[] = { "a.log", NULL };
	struct rconf_log *c = stanza(logs);
	struct stat st;

	(void)state;
	c->rotate = 1;
	c->flags |= RCONF_CREATE;
	c->create.mode = 0640;
	c->create.has_mode = 1;
	put("a.log", "x\n");
	chmod(P("a.log"), 0600);
	assert_int_equal(run1(c, NULL), 0);
	assert_int_equal(lstat(P("a.log"), &st), 0);
	assert_int_equal(st.st_mode & 07777, 0640);
	assert_int_equal(st.st_size, 0);
	assert_string_equal(get("a.log.1"), "x\n");
	stanza_free(c);
}

static void
t_copytruncate_sparse(void **state)
{
	const char *logs[] = { "a.log", NULL };
	struct rconf_log *c = stanza(logs);
	struct stat st;
	int fd;

	(void)state;
	c->rotate = 1;
	c->flags |= RCONF_COPYTRUNCATE;
	fd = open(P("a.log"), O_WRONLY | O_CREAT, 0644);
	assert_true(fd >= 0);
	assert_int_equal(pwrite(fd, "end\n", 4, 64 << 20), 4);
	close(fd);
	assert_int_equal(run1(c, NULL), 0);
	assert_int_equal(lstat(P("a.log"), &st), 0);
	assert_int_equal(st.st_size, 0);
	assert_int_equal(lstat(P("a.log.1"), &st), 0);
	assert_int_equal(st.st_size, (64 << 20) + 4);
	assert_true(st.st_blocks * 512 < (1 << 20)); /* the hole stayed */
	stanza_free(c);
}

static void
t_script_args(void **state)
{
	const char *logs[] = { "a.log", "b.log", NULL };
	struct rconf_log *c = stanza(logs);
	char *want;

	(void)state;
	c->rotate = 1;
	script(c, RCONF_FIRSTACTION, "echo \"first $1\" >> $T/out");
	script(c, RCONF_PREROTATE, "echo \"pre $1 $#\" >> $T/out");
	script(c, RCONF_POSTROTATE, "echo \"post $1 $2\" >> $T/out");
	script(c, RCONF_LASTACTION, "echo \"last $1\" >> $T/out");
	put("a.log", "a\n");
	put("b.log", "b\n");
	assert_int_equal(run1(c, NULL), 0);
	want = xasprintf("first %s\npre %s 1\npost %s %s\npre %s 1\n"
	                 "post %s %s\nlast %s\n",
	    c->pattern, P("a.log"), P("a.log"), P("a.log.1"), P("b.log"),
	    P("b.log"), P("b.log.1"), c->pattern);
	assert_string_equal(get("out"), want);
	free(want);
	stanza_free(c);
}

static void
t_rotate_zero(void **state)
{
	const char *logs[] = { "a.log", NULL };
	struct rconf_log *c = stanza(logs);

	(void)state;
	c->rotate = 0;
	c->flags |= RCONF_COMPRESS;
	put("a.log", "a\n");
	assert_int_equal(run1(c, NULL), 0);
	assert_false(exists("a.log"));
	assert_false(exists("a.log.1"));
	assert_false(exists("a.log.1.gz"));
	stanza_free(c);
}

static void
t_mail_uncompressed(void **state)
{
	const char *logs[] = { "a.log", NULL };
	struct rconf_log *c = stanza(logs);
	char *want;

	(void)state;
	c->rotate = 1;
	c->flags |= RCONF_COMPRESS;
	c->mail = xstrdup("ops@example.org");
	put("mail.sh",
	    "#!/bin/sh\necho \"$@\" >> \"${0%/*}/mailed\"\n"
	    "cat >> \"${0%/*}/mailed\"\n");
	chmod(P("mail.sh"), 0755);
	put("a.log", "one\n");
	assert_int_equal(run1(c, NULL), 0);
	put("a.log", "two\n");
	assert_int_equal(run1(c, NULL), 0);
	want = xasprintf("-s %s ops@example.org\none\n", P("a.log.2.gz"));
	assert_string_equal(get("mailed"), want);
	assert_false(exists("a.log.2.gz"));
	assert_string_equal(get("a.log.1.gz"), "two\n");
	free(want);
	stanza_free(c);
}

/* 40 logs, compress + delaycompress, three runs on 2 workers. */
static void
t_parallel_delaycompress(void **state)
{
	char names[40][16];
	const char *logs[41];
	struct rconf_log *c;
	char want[32];
	int i, r;

	(void)state;
	for (i = 0; i < 40; i++) {
		snprintf(names[i], sizeof(names[i]), "l%02d.log", i);
		logs[i] = names[i];
	}
	logs[40] = NULL;
	c = stanza(logs);
	c->rotate = 3;
	c->flags |= RCONF_COMPRESS | RCONF_DELAYCOMPRESS;
	for (r = 0; r < 3; r++) {
		for (i = 0; i < 40; i++) {
			snprintf(want, sizeof(want), "%d %d\n", i, r);
			put(names[i], want);
		}
		assert_int_equal(run(&c, 1, 2, NULL), 0);
	}
	for (i = 0; i < 40; i++) {
		char *n1 = xasprintf("%s.1", names[i]);
		char *n2 = xasprintf("%s.2.gz", names[i]);
		char *n3 = xasprintf("%s.3.gz", names[i]);
		snprintf(want, sizeof(want), "%d 2\n", i);
		assert_string_equal(get(n1), want);
		snprintf(want, sizeof(want), "%d 1\n", i);
		assert_string_equal(get(n2), want);
		snprintf(want, sizeof(want), "%d 0\n", i);
		assert_string_equal(get(n3), want);
		free(n1);
		free(n2);
		free(n3);
	}
	stanza_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    t_numbered_compress, exec_setup, exec_teardown),
		cmocka_unit_test_setup_teardown(
		    t_create_mode, exec_setup, exec_teardown),
		cmocka_unit_test_setup_teardown(
		    t_rename_target_exists, exec_setup, exec_teardown),
		cmocka_unit_test_setup_teardown(
		    t_compress_target_exists, exec_setup, exec_teardown),
		cmocka_unit_test_setup_teardown(
		    t_copytruncate_sparse, exec_setup, exec_teardown),
		cmocka_unit_test_setup_teardown(
		    t_script_args, exec_setup, exec_teardown),
		cmocka_unit_test_setup_teardown(
		    t_rotate_zero, exec_setup, exec_teardown),
		cmocka_unit_test_setup_teardown(
		    t_mail_uncompressed, exec_setup, exec_teardown),
		cmocka_unit_test_setup_teardown(
		    t_parallel_delaycompress, exec_setup, exec_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
