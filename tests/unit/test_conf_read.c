/*
 * test_conf_read: config files, directories and includes (conf_read.c):
 * the order of a directory's files, taboo names, global changes rolled
 * back with a file that fails, missing and unreadable paths, the checks
 * on owner and mode, and odd files, with logrotate 3.21's messages.
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

#include "lib/xalloc.h"
#include "rotate/conf_parse.h"
#include "rotate/conf_parse_int.h"
#include "rotate/rconf.h"
#include "tests/unit/conf_test_util.h"

/* Paths in headers: a word that matches nothing is kept literally. */
#define A "/nonexistent-hr/a.log"
#define B "/nonexistent-hr/b.log"

static int
read_paths(struct rconf *conf, struct msgs *m, int as_root, size_t n, ...)
{
	struct conf_opts opts = { { msgs_report, m }, as_root };
	const char *paths[8];
	va_list ap;
	size_t i;

	va_start(ap, n);
	for (i = 0; i < n; i++)
		paths[i] = va_arg(ap, const char *);
	va_end(ap);
	return conf_read(conf, paths, n, &opts);
}

/*
 * A directory include: taboo names dropped, the rest in strcoll order,
 * global settings leaking out of included files into later ones and back
 * into the including file.
 */
static void
test_include_dir(void **state)
{
	struct rconf conf = RCONF_INIT;
	struct msgs m = { 0 };
	char *dir = tmpdir_new(), *inc, *main_conf, *text;

	(void)state;
	inc = xasprintf("%s/inc", dir);
	assert_int_equal(mkdir(inc, 0755), 0);
	free(write_file(inc, "20-c", "/hr-nonexistent/c.log {\n}\n", 0644));
	free(write_file(inc, "10-b", "rotate 3\n", 0644));
	free(write_file(
	    inc, "x.dpkg-old", "/hr-nonexistent/t.log {\n}\n", 0644));
	free(write_file(inc, "y~", "/hr-nonexistent/u.log {\n}\n", 0644));
	text = xasprintf("include %s\n" A " {\n}\n", inc);
	main_conf = write_file(dir, "main.conf", text, 0644);
	assert_int_equal(read_paths(&conf, &m, 0, 1, main_conf), 0);
	assert_int_equal(conf.nlogs, 2);
	assert_string_equal(conf.logs[0]->pattern, "/hr-nonexistent/c.log ");
	assert_int_equal(conf.logs[0]->rotate, 3);
	assert_string_equal(conf.logs[0]->conf_file, "20-c");
	assert_int_equal(conf.logs[1]->rotate, 3); /* leaked back */
	expect_msg(&m, DIAG_DEBUG,
	    "Ignoring x.dpkg-old, because of *.dpkg-old pattern match");
	expect_msg(&m, DIAG_DEBUG, "Ignoring y~, because of *~ pattern match");
	assert_true(msgs_find(&m, DIAG_DEBUG, "reading config file 10-b") <
	    msgs_find(&m, DIAG_DEBUG, "reading config file 20-c"));
	rconf_release(&conf);
	msgs_clear(&m);
	/* tabooext replaces the list; taboopat adds patterns with '+'. */
	free(text);
	text = xasprintf("tabooext .none\ntaboopat + 2*\ninclude %s\n", inc);
	free(write_file(dir, "main.conf", text, 0644));
	assert_int_equal(read_paths(&conf, &m, 0, 1, main_conf), 0);
	assert_int_equal(conf.nlogs, 2);
	assert_string_equal(conf.logs[0]->pattern, "/hr-nonexistent/t.log ");
	assert_string_equal(conf.logs[1]->pattern, "/hr-nonexistent/u.log ");
	rconf_release(&conf);
	msgs_clear(&m);
	free(text);
	free(main_conf);
	free(inc);
	tmpdir_remove(dir);
	free(dir);
}

/* A file that fails has its global changes rolled back. */
static void
test_rollback(void **state)
{
	struct rconf conf = RCONF_INIT;
	struct msgs m = { 0 };
	char *dir = tmpdir_new(), *inc, *text, *main_conf;

	(void)state;
	inc = xasprintf("%s/inc", dir);
	assert_int_equal(mkdir(inc, 0755), 0);
	free(write_file(inc, "a", "rotate 7\n" A " {\n}\nrotate x\n", 0644));
	free(write_file(inc, "b", B " {\n}\n", 0644));
	text = xasprintf(
	    "rotate 2\ninclude %s\n/hr-nonexistent/c.log {\n}\n", inc);
	main_conf = write_file(dir, "main.conf", text, 0644);
	assert_int_equal(read_paths(&conf, &m, 0, 1, main_conf), -1);
	expect_msg(&m, DIAG_ERROR, "found error in file a, skipping");
	assert_int_equal(conf.nlogs, 3);
	assert_int_equal(conf.logs[0]->rotate, 7); /* kept, as completed */
	assert_int_equal(conf.logs[1]->rotate, 2); /* rolled back */
	assert_int_equal(conf.logs[2]->rotate, 2);
	rconf_release(&conf);
	msgs_clear(&m);
	free(text);
	free(main_conf);
	free(inc);
	tmpdir_remove(dir);
	free(dir);
}

static void
test_include_errors(void **state)
{
	struct rconf conf = RCONF_INIT;
	struct msgs m = { 0 };
	char *dir = tmpdir_new(), *path = NULL, *text, *name, *first;
	int i;

	(void)state;
	/* A missing path: cannot stat, rc 1, parsing goes on. */
	text = xasprintf("include %s/none\n" A " {\n}\n", dir);
	free(write_file(dir, "m.conf", text, 0644));
	free(text);
	text = xasprintf("%s/m.conf", dir);
	assert_int_equal(read_paths(&conf, &m, 0, 1, text), -1);
	assert_int_equal(conf.nlogs, 1);
	free(text);
	text = xasprintf("cannot stat %s/none: No such file or directory", dir);
	expect_msg(&m, DIAG_ERROR, text);
	free(text);
	rconf_release(&conf);
	msgs_clear(&m);
	/* n0 includes n1 ... n17: the include in n16 is too deep. */
	for (i = 0; i <= 17; i++) {
		name = xasprintf("n%d.conf", i);
		text = xasprintf("include %s/n%d.conf\n", dir, i + 1);
		free(
		    write_file(dir, name, i == 17 ? "rotate 5\n" : text, 0644));
		free(name);
		free(text);
	}
	first = xasprintf("%s/n0.conf", dir);
	assert_int_equal(read_paths(&conf, &m, 0, 1, first), -1);
	path = xasprintf("%s/n16.conf:1 include nesting too deep", dir);
	expect_msg(&m, DIAG_ERROR, path);
	free(path);
	free(first);
	rconf_release(&conf);
	msgs_clear(&m);
	tmpdir_remove(dir);
	free(dir);
}

/* As root: group/world-writable or foreign files are ignored, rc 0. */
static void
test_security(void **state)
{
	struct rconf conf = RCONF_INIT;
	struct msgs m = { 0 };
	char *dir = tmpdir_new(), *f, *text;

	(void)state;
	f = write_file(dir, "w.conf", A " {\n}\n", 0664);
	assert_int_equal(read_paths(&conf, &m, 1, 1, f), 0);
	assert_int_equal(conf.nlogs, 0);
	text = xasprintf("Potentially dangerous mode on %s: 0664", f);
	expect_msg(&m, DIAG_WARNING, text);
	free(text);
	text = xasprintf(
	    "Ignoring %s because it is writable by group or others.", f);
	expect_msg(&m, DIAG_ERROR, text);
	free(text);
	msgs_clear(&m);
	/* Not as root: read. */
	assert_int_equal(read_paths(&conf, &m, 0, 1, f), 0);
	assert_int_equal(conf.nlogs, 1);
	rconf_release(&conf);
	msgs_clear(&m);
	/* 0755: a warning only (when owned by root). */
	assert_int_equal(chmod(f, 0755), 0);
	if (geteuid() == 0) {
		assert_int_equal(read_paths(&conf, &m, 1, 1, f), 0);
		assert_int_equal(conf.nlogs, 1);
		text = xasprintf("Potentially dangerous mode on %s: 0755", f);
		expect_msg(&m, DIAG_WARNING, text);
		free(text);
		rconf_release(&conf);
		msgs_clear(&m);
		assert_int_equal(chown(f, 65534, 0), 0);
	}
	/* Owned by somebody else (nobody, or us when not root). */
	assert_int_equal(chmod(f, 0644), 0);
	assert_int_equal(read_paths(&conf, &m, 1, 1, f), 0);
	assert_int_equal(conf.nlogs, 0);
	text = xasprintf("Ignoring %s because the file owner is wrong (should "
	                 "be root or user with uid 0).",
	    f);
	expect_msg(&m, DIAG_ERROR, text);
	free(text);
	rconf_release(&conf);
	msgs_clear(&m);
	free(f);
	tmpdir_remove(dir);
	free(dir);
}

/* Empty files and non-regular entries are skipped quietly. */
static void
test_odd_files(void **state)
{
	struct rconf conf = RCONF_INIT;
	struct msgs m = { 0 };
	char *dir = tmpdir_new(), *fifo, *text;

	(void)state;
	free(write_file(dir, "empty", "", 0644));
	fifo = xasprintf("%s/fifo", dir);
	assert_int_equal(mkfifo(fifo, 0644), 0);
	assert_int_equal(read_paths(&conf, &m, 0, 1, dir), 0);
	expect_msg(&m, DIAG_DEBUG, "Ignoring empty because it's empty.");
	expect_msg(
	    &m, DIAG_DEBUG, "Ignoring fifo because it's not a regular file.");
	text = xasprintf("%s/none", dir);
	assert_int_equal(read_paths(&conf, &m, 0, 1, text), -1);
	free(text);
	rconf_release(&conf);
	msgs_clear(&m);
	free(fifo);
	tmpdir_remove(dir);
	free(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_include_dir),
		cmocka_unit_test(test_rollback),
		cmocka_unit_test(test_include_errors),
		cmocka_unit_test(test_security),
		cmocka_unit_test(test_odd_files),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
