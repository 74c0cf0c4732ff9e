/*
 * conf_parse_int.h: what conf_parse.c and expand.c share.
 */
#ifndef HR_CONF_PARSE_INT_H
#define HR_CONF_PARSE_INT_H

#include "lib/diag.h"
#include "rotate/conf_parse.h"
#include "rotate/expand.h"

/* Formats a message and hands it to opts->report (if any). */
void conf_say(const struct conf_opts *opts, enum diag_level level,
    const char *fmt, ...) DIAG_PRINTF(3, 4);

/*
 * conf_read_buffer with glob(3) replaced by globfn (NULL: glob): the
 * fuzzer's entry point, which keeps it off the real file system's globs.
 */
int conf_read_buffer_glob(struct rconf *conf, const char *name, const char *buf,
    size_t len, const struct conf_opts *opts, expand_glob_fn *globfn);

#endif
