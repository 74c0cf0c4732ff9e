/*
 * conf_test_util: what the config parser's tests share: a collector of the
 * parser's messages and config files; scratch directories (tmpdir_new,
 * tmpdir_remove) come from unit_util.
 */
#ifndef HR_CONF_TEST_UTIL_H
#define HR_CONF_TEST_UTIL_H

#include <sys/types.h>

#include <stddef.h>

#include "lib/diag.h"
#include "rotate/conf_parse.h"
#include "tests/unit/unit_util.h"

struct msgs {
	char **text;
	enum diag_level *level;
	size_t n, alloc;
};

/* conf_opts.report for a struct msgs ctx. */
void msgs_report(void *ctx, enum diag_level level, const char *text);
void msgs_clear(struct msgs *m);
/* Index of the first message equal to text at level, or -1. */
long msgs_find(const struct msgs *m, enum diag_level level, const char *text);
size_t msgs_count(const struct msgs *m, enum diag_level level);
/* Prints every message (for failing tests). */
void msgs_dump(const struct msgs *m);
/* Fails, printing every message, unless text is among them at level. */
void expect_msg(const struct msgs *m, enum diag_level level, const char *text);

/* Writes dir/name with text and mode; returns the path (caller frees). */
char *write_file(
    const char *dir, const char *name, const char *text, mode_t mode);

/*
 * Parses text (as a file "t.conf") with a fresh rconf and collector;
 * returns conf_read_buffer's result.  The caller releases conf and msgs.
 */
int parse_text(struct rconf *conf, struct msgs *m, const char *text);

#endif
