/*
 * conf_parse: logrotate configuration files -> struct rconf.
 *
 * Reads the given paths in order (each a file or a directory, as on
 * logrotate's command line), follows `include`, threads the global
 * defaults through every file as logrotate 3.21 does, and expands each
 * stanza's patterns into concrete files (expand.c).  Bad input is handled
 * exactly as logrotate handles it (line ignored, stanza skipped, rest of
 * file dropped; reference 3.5) and never crashes or hangs.
 *
 * Messages are not printed here: each one is handed to opts->report with
 * its level and logrotate's wording, e.g.
 *	DIAG_ERROR   "/etc/logrotate.d/x:12 unknown option 'foo' -- ignoring line"
 *	DIAG_DEBUG   "reading config file /etc/logrotate.conf"
 * in the order logrotate would print them; rotate_main prints them.
 */
#ifndef HR_CONF_PARSE_H
#define HR_CONF_PARSE_H

#include "lib/diag.h"
#include "rotate/rconf.h"

struct conf_opts {
	/* Receives every message; text has no level prefix, no newline. */
	void (*report)(void *ctx, enum diag_level level, const char *text);
	void *ctx;
	/*
	 * Whether the security checks for root apply (config file mode and
	 * owner, reference 3.1).  rotate_main passes getuid() == 0.
	 */
	int as_root;
};

/*
 * Appends the stanzas of paths[0..npaths-1] to conf.  Returns 0, or -1
 * when any error was met (conf->failed is then 1 and conf still holds
 * every stanza logrotate would keep).
 */
int conf_read(struct rconf *conf, const char *const *paths, size_t npaths,
    const struct conf_opts *opts);

#endif
