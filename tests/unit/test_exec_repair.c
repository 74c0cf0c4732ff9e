/*
 * test_exec_repair: the engine carrying out the repair of an interrupted
 * run from its journal: a copytruncate killed after its copy, and a
 * compression whose source was not yet removed.
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
 * A copytruncate killed after its copy, its truncation not marked done:
 * when the log still holds the copy's bytes, it is copied and truncated
 * again (lines once, in the copy); when it was truncated (it holds other
 * lines now), nothing is done.
 */
static void
t_recopy(void **state)
{
	const char *logs[] = { "a.log", NULL };
	struct rconf_log *c;
	struct rjournal j = RJOURNAL_INIT;
	struct hr_error err = HR_ERROR_INIT;
	char *text;
	int truncated;

	(void)state;
	text = xasprintf("headroom rotate journal -- version 2\ntime 1\n"
	                 "stanza 0 \"p\"\nlog 1 \"%s\"\n"
	                 "step copytruncate rotate 0 0 644 0 0 - \"%s\" "
	                 "\"%s\" - -\n",
	    P("a.log"), P("a.log"), P("a.log.1"));
	put("journal", text);
	free(text);
	assert_int_equal(rjournal_read(&j, P("journal"), &err), 0);
	journal = &j;
	for (truncated = 0; truncated < 2; truncated++) {
		c = stanza(logs);
		c->rotate = 3;
		c->flags |= RCONF_COPYTRUNCATE;
		put("a.log.1", "one\n");
		put("a.log", truncated ? "two\n" : "one\ntwo\n");
		assert_int_equal(run1(c, NULL), 0);
		assert_string_equal(
		    get("a.log.1"), truncated ? "one\n" : "one\ntwo\n");
		assert_string_equal(get("a.log"), truncated ? "two\n" : "");
		assert_false(exists("a.log.2"));
		stanza_free(c);
	}
	journal = NULL;
	rjournal_release(&j);
}

/*
 * Killed between a compression (marked done) and the removal of its
 * source: the repair compresses nothing (the copy is whole) and removes
 * the source; a failed compression never removes its source, even with
 * the removal's preremove script (run in the engine).
 */
static void
t_compress_then_remove(void **state)
{
	const char *logs[] = { "a.log", NULL };
	struct rconf_log *c;
	struct rjournal j = RJOURNAL_INIT;
	struct hr_error err = HR_ERROR_INIT;
	struct stat st;
	char *text;

	(void)state;
	put("a.log.1", "one\n");
	put_gz("a.log.1.gz", "one\n");
	put("a.log", "two\n");
	assert_int_equal(lstat(P("a.log.1"), &st), 0);
	text = xasprintf("headroom rotate journal -- version 2\ntime 1\n"
	                 "stanza 0 \"p\"\nlog 1 \"%s\"\n"
	                 "step rename rotate 0 0 0 0 0 - \"%s\" \"%s\" - -\n"
	                 "step compress finish 0 0 0 0 0 - \"%s\" \"%s\" - -\n"
	                 "step remove finish 0 %u 0 0 0 - \"%s\" - - -\n"
	                 "id %ju %ju \"%s\"\n"
	                 "done 0 0\ndone 0 1\n",
	    P("a.log"), P("a.log"), P("a.log.1"), P("a.log.1"), P("a.log.1.gz"),
	    (unsigned)RSTEP_CHAINED, P("a.log.1"), (uintmax_t)st.st_dev,
	    (uintmax_t)st.st_ino, P("a.log"));
	put("journal", text);
	free(text);
	assert_int_equal(rjournal_read(&j, P("journal"), &err), 0);
	journal = &j;
	c = stanza(logs);
	c->rotate = 3;
	c->flags |= RCONF_COMPRESS;
	assert_int_equal(run1(c, NULL), 0);
	journal = NULL;
	rjournal_release(&j);
	assert_false(exists("a.log.1"));
	assert_string_equal(get("a.log.2.gz"), "one\n");
	assert_string_equal(get("a.log.1.gz"), "two\n");
	stanza_free(c);
	/* The compression fails: the chained removal does not run. */
	c = stanza(logs);
	c->rotate = 3;
	c->flags |= RCONF_COMPRESS;
	free(c->compresscmd);
	c->compresscmd = xstrdup("/bin/false");
	text = xasprintf("touch %s\n", P("preremove-ran"));
	script(c, RCONF_PREREMOVE, text);
	free(text);
	put("a.log", "three\n");
	assert_int_equal(run1(c, NULL), -1);
	assert_string_equal(get("a.log.1"), "three\n");
	assert_false(exists("preremove-ran"));
	stanza_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    t_recopy, exec_setup, exec_teardown),
		cmocka_unit_test_setup_teardown(
		    t_compress_then_remove, exec_setup, exec_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
