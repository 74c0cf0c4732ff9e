/*
 * exec_test_util: what the tests of rotate's engine share: stanzas over
 * the running test's scratch directory (unit_dir), planned with -f over
 * the real file system (every log last rotated long ago) and carried out
 * by rexec_run, the engine's messages, and the files read back.
 */
#ifndef HR_EXEC_TEST_UTIL_H
#define HR_EXEC_TEST_UTIL_H

#include <stddef.h>

#include "lib/sbuf.h"
#include "rotate/journal.h"
#include "rotate/rconf.h"
#include "rotate/state.h"
#include "tests/unit/unit_util.h"

/* The engine's messages in the running test, one a line. */
extern struct sbuf msgs;
/* The journal of an interrupted run that run() plans with, or NULL. */
extern const struct rjournal *journal;

/*
 * cmocka setup and teardown: the scratch directory (also in $T for the
 * scripts), and no messages yet.
 */
int exec_setup(void **state);
int exec_teardown(void **state);

/* Writes text to name in the scratch directory (mode 0666 less umask). */
void put(const char *name, const char *text);
/* Writes text gzipped to name. */
void put_gz(const char *name, const char *text);
/*
 * The contents of name, gunzipped when it is gzip, in a static buffer;
 * NULL when it cannot be read.
 */
char *get(const char *name);
int exists(const char *name);
/* The number of hidden files (temporaries) in the scratch directory. */
int hidden_files(void);

/* A daily stanza over logs (names in the scratch directory), gzip. */
struct rconf_log *stanza(const char *const *logs);
void stanza_free(struct rconf_log *c);
/* Sets the stanza's script which to body. */
void script(struct rconf_log *c, enum rconf_script which, const char *body);

/* Plans and runs the stanzas with -f; returns rexec_run's result. */
int run(struct rconf_log **logs, size_t n, unsigned jobs, struct rstate *st);
/* run() of one stanza on 2 workers. */
int run1(struct rconf_log *c, struct rstate *st);

#endif
