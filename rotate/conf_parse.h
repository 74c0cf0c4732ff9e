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
 * Messages are not printed here: each one is handed to opts->rep with
 * its level and logrotate's wording, e.g.
 *	DIAG_ERROR "/etc/logrotate.d/x:12 unknown option 'foo' -- ignoring line"
 *	DIAG_DEBUG "reading config file /etc/logrotate.conf"
 * in the order logrotate would print them; rotate_main prints them.
 */
#ifndef HR_CONF_PARSE_H
#define HR_CONF_PARSE_H

#include "rotate/conf_opts.h"
#include "rotate/rconf.h"

/*
 * Appends the stanzas of paths[0..npaths-1] to conf.  Returns 0, or -1
 * when any error was met (conf->failed is then 1 and conf still holds
 * every stanza logrotate would keep).
 */
int conf_read(struct rconf *conf, const char *const *paths, size_t npaths,
    const struct conf_opts *opts);

/*
 * Parses len bytes of buf (which may hold any bytes, NULs included) as if
 * they were a config file named name given on the command line, without
 * the file checks (mode, owner, size).  Includes and globs in it are
 * followed as usual.  Returns as conf_read.  For tests and the fuzzer.
 */
int conf_read_buffer(struct rconf *conf, const char *name, const char *buf,
    size_t len, const struct conf_opts *opts);

/* 1 if name is a directive of logrotate 3.21 ("compress"), else 0. */
int conf_directive_known(const char *name);

/*
 * What the caller must do after parsing: create the olddir directories.
 * logrotate 3.21 creates a missing olddir of a stanza with createolddir
 * while it parses (at the stanza's closing '}', also under -d), with
 * mkpath (every missing parent), mode/owner/group from
 * log->createolddir, as the su user when RCONF_SU is set.  The parser
 * touches nothing, so rotate_main (or exec) must, for every stanza with
 * RCONF_CREATEOLDDIR and an olddir, create expand_olddir_path(log, file)
 * for each of its files when missing -- under -d too -- with mode
 * createolddir.mode (0755 when has_mode is 0: the 3.22 fix of 3.21's
 * 07777) and chown to createolddir.uid/gid when has_uid/has_gid.  The
 * parser's device check is skipped for an olddir that does not exist yet.
 */

#endif
