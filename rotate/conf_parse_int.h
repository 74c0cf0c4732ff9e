/*
 * conf_parse_int.h: what conf_parse.c and expand.c share.
 */
#ifndef HR_CONF_PARSE_INT_H
#define HR_CONF_PARSE_INT_H

#include "lib/diag.h"
#include "rotate/conf_parse.h"

/* Formats a message and hands it to opts->report (if any). */
void conf_say(const struct conf_opts *opts, enum diag_level level,
    const char *fmt, ...) DIAG_PRINTF(3, 4);

#endif
