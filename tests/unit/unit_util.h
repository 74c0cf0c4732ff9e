/*
 * unit_util: what the cmocka unit tests share: the skip rule, scratch
 * directories and paths in them, whole files.  Failures are cmocka
 * failures.
 */
#ifndef HR_UNIT_UTIL_H
#define HR_UNIT_UTIL_H

#include <sys/types.h>

#include <stddef.h>

#include "lib/diag.h"

struct sbuf;

/*
 * Skips the running test, or fails it when HEADROOM_REQUIRE_ALL is set
 * (and not "0"), as CI does: no test passes by not running.
 */
void unit_skip(const char *why);

/*
 * Runs the command fmt makes with sh -c; returns its exit status (a
 * failure when it did not exit).
 */
int run_shell(const char *fmt, ...) DIAG_PRINTF(1, 2);

/*
 * A fresh directory $TMPDIR/<program>.XXXXXX (/tmp without TMPDIR); free
 * the result after tmpdir_remove.
 */
char *tmpdir_new(void);
/* Removes dir and everything in it, not descending into mounts. */
void tmpdir_remove(const char *dir);

/*
 * The running test's scratch directory: unit_dir_setup (a cmocka setup)
 * makes it with tmpdir_new, unit_dir_teardown removes it.
 */
extern char *unit_dir;
int unit_dir_setup(void **state);
int unit_dir_teardown(void **state);
/* A cmocka test fn with a scratch directory of its own. */
#define UNIT_DIR_TEST(fn)                                                      \
	cmocka_unit_test_setup_teardown(fn, unit_dir_setup, unit_dir_teardown)
/* unit_dir/name, in one of 8 static buffers (good for 8 calls). */
char *P(const char *name);

/* Number of entries in dir besides . and .. (so: no temp file left). */
int count_entries(const char *dir);

/* Creates or truncates path (new files get mode) and writes data. */
void put_file(const char *path, const void *data, size_t len, mode_t mode);
/*
 * The whole of path, NUL-terminated; *len (when len is not NULL) gets its
 * size.  The caller frees.
 */
char *read_file(const char *path, size_t *len);

/* Appends tmpl with each "%s" replaced by path (not a printf format). */
void add_expanded(struct sbuf *out, const char *tmpl, const char *path);

/*
 * An access ACL (user::rw- user:1234:rw- group::r-- mask::rw- other::---)
 * in the kernel's system.posix_acl_access format.
 */
extern const unsigned char unit_acl_blob[44];

#endif
