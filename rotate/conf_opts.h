/*
 * conf_opts: what a caller of the configuration reader passes it (where
 * messages go, whether root's checks apply).  Its own header so that
 * expand.c, below the reader, reports through it without including the
 * reader (conf_parse.h).
 */
#ifndef HR_CONF_OPTS_H
#define HR_CONF_OPTS_H

#include "lib/diag.h"

struct conf_opts {
	/* Receives every message; text has no level prefix, no newline. */
	struct hr_reporter rep;
	/*
	 * Whether the security checks for root apply (config file mode and
	 * owner, reference 3.1).  rotate_main passes getuid() == 0.
	 */
	int as_root;
};

/* Where opts sends messages (none when opts is NULL). */
static inline const struct hr_reporter *
conf_rep(const struct conf_opts *opts)
{
	return opts ? &opts->rep : NULL;
}

#endif
