/*
 * expand: a stanza's header words -> concrete log paths, as logrotate 3.21
 * does it while reading the configuration (reference 3.2, 3.4, 3.5).
 *
 * Each word goes through glob(3) with GLOB_NOCHECK | GLOB_TILDE: a word
 * that matches nothing is kept literally (3.21; the planner then reports
 * "stat of ... failed" unless missingok).  Matches that are directories
 * (lstat) are dropped.  A path already claimed by a stanza is a duplicate:
 * "duplicate log entry for P" and the rest of that word's matches are
 * discarded, unless the earlier stanza has ignoreduplicates.
 *
 * Nothing here opens a log: only glob(3) (which reads directories) and
 * stat/lstat, so a FIFO matching a glob cannot hang the parser (the 3.22
 * fix of 3.21's hang).
 */
#ifndef HR_EXPAND_H
#define HR_EXPAND_H

#include <glob.h>

#include "lib/sbuf.h"
#include "rotate/conf_opts.h"
#include "rotate/rconf.h"

/* The paths claimed so far by the stanzas still in the configuration. */
struct expand_seen;

struct expand_seen *expand_seen_new(void);
void expand_seen_free(struct expand_seen *seen);
/* The stanza that claimed path, or NULL. */
const struct rconf_log *expand_seen_owner(
    const struct expand_seen *seen, const char *path);
/*
 * Records that log claims path (path is copied), which no stanza claims
 * yet (expand_seen_owner is NULL).
 */
void expand_seen_claim(
    struct expand_seen *seen, const char *path, struct rconf_log *log);
/* Releases the paths that log claimed (the stanza is being dropped). */
void expand_seen_forget(struct expand_seen *seen, const struct rconf_log *log);

/* glob(3)'s signature: the test seam of expand_word. */
typedef int expand_glob_fn(const char *pattern, int flags,
    int (*errfunc)(const char *path, int err), glob_t *g);

/*
 * Globs word (with globfn, NULL meaning glob(3)) and appends its matches
 * to log->files, claiming each in seen.  Messages (duplicates) are
 * reported through opts with the config file name conf_name and line.
 * *dup is set to 1 when a duplicate error was reported (logrotate's exit
 * status 1); it is left alone otherwise.
 * Returns 0, or the errno of a read error that made glob(3) give up
 * (anything but ENOENT and ENOTDIR): nothing was appended then, and the
 * caller decides with missingok whether that aborts the file.
 */
int expand_word(struct expand_seen *seen, struct rconf_log *log,
    const char *word, const char *conf_name, long line,
    const struct conf_opts *opts, expand_glob_fn *globfn, int *dup);

/*
 * The olddir checks logrotate makes at a stanza's closing '}': for every
 * file, its directory must exist (unless missingok), the olddir must exist
 * (a missing one is accepted when createolddir is set: the caller creates
 * it after parsing, see conf_parse.h) and be on the log's device unless
 * copy, copytruncate or renamecopy is set.  Returns 0, or -1 after
 * reporting the error: the caller then aborts the rest of the file.
 */
int expand_check_olddir(const struct rconf_log *log, const char *conf_name,
    long line, const struct conf_opts *opts);

/*
 * The olddir of file as logrotate computes it: log->olddir when absolute,
 * otherwise dirname(file) + "/" + olddir.  log->olddir must not be NULL.
 * Replaces the contents of out.
 */
void expand_olddir_path(
    const struct rconf_log *log, const char *file, struct sbuf *out);

#endif
