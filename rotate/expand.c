/*
 * expand: header words -> log paths, duplicates, olddir checks (expand.h).
 *
 * The claimed paths live in a lib/strmap keyed by path, so that a
 * configuration with thousands of logs does not pay logrotate's quadratic
 * scan of every earlier stanza for every match.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <glob.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>

#include "lib/sbuf.h"
#include "lib/strmap.h"
#include "lib/xalloc.h"
#include "rotate/expand.h"

struct expand_seen {
	struct strmap *owner; /* path -> the struct rconf_log claiming it */
};

struct expand_seen *
expand_seen_new(void)
{
	struct expand_seen *seen = xcalloc(1, sizeof(*seen));

	seen->owner = strmap_new(STRMAP_COPY_KEYS);
	return seen;
}

void
expand_seen_free(struct expand_seen *seen)
{
	if (!seen)
		return;
	strmap_free(seen->owner);
	free(seen);
}

const struct rconf_log *
expand_seen_owner(const struct expand_seen *seen, const char *path)
{
	return strmap_get(seen->owner, path);
}

void
expand_seen_claim(
    struct expand_seen *seen, const char *path, struct rconf_log *owner)
{
	strmap_put(seen->owner, path, owner);
}

void
expand_seen_forget(struct expand_seen *seen, const struct rconf_log *log)
{
	size_t i;

	for (i = 0; i < log->nfiles; i++)
		if (strmap_get(seen->owner, log->files[i]) == log)
			strmap_remove(seen->owner, log->files[i]);
}

/*
 * glob(3) reports read errors through a callback without a context
 * argument; the parser runs in one thread at a time, and this keeps the
 * errno of the error that aborted the current glob() call.
 */
static _Thread_local int glob_errno;

static int
glob_error(const char *path, int err)
{
	(void)path;
	if (err == ENOENT || err == ENOTDIR)
		return 0;
	glob_errno = err;
	return 1;
}

static int
is_directory(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int
expand_word(struct expand_seen *seen, struct rconf_log *log, const char *word,
    const char *conf_name, long line, const struct conf_opts *opts,
    expand_glob_fn *globfn, int *dup)
{
	glob_t g;
	size_t i;
	int rc;

	glob_errno = 0;
	memset(&g, 0, sizeof(g));
	rc = (globfn ? globfn : glob)(
	    word, GLOB_NOCHECK | GLOB_TILDE, glob_error, &g);
	if (rc == GLOB_ABORTED) {
		globfree(&g);
		return glob_errno ? glob_errno : EIO;
	}
	if (rc != 0) {
		/* GLOB_NOSPACE: nothing matched that we could keep. */
		globfree(&g);
		return 0;
	}
	log->files = xreallocarray(
	    log->files, log->nfiles + g.gl_pathc + 1, sizeof(*log->files));
	for (i = 0; i < g.gl_pathc; i++) {
		const char *path = g.gl_pathv[i];
		const struct rconf_log *owner;

		if (is_directory(path))
			continue;
		owner = expand_seen_owner(seen, path);
		if (owner && (owner->flags & RCONF_IGNOREDUPLICATES)) {
			hr_report(conf_rep(opts), DIAG_DEBUG,
			    "%s:%ld ignore duplicate log entry for %s",
			    conf_name, line, path);
			continue;
		}
		if (owner) {
			hr_report(conf_rep(opts), DIAG_ERROR,
			    "%s:%ld duplicate log entry for %s", conf_name,
			    line, path);
			*dup = 1;
			break;
		}
		log->files[log->nfiles++] = xstrdup(path);
		expand_seen_claim(seen, path, log);
	}
	log->files[log->nfiles] = NULL;
	globfree(&g);
	return 0;
}

void
expand_olddir_path(
    const struct rconf_log *log, const char *file, struct sbuf *out)
{
	char *copy;

	sbuf_reset(out);
	if (log->olddir[0] == '/') {
		sbuf_adds(out, log->olddir);
		return;
	}
	copy = xstrdup(file);
	sbuf_addf(out, "%s/%s", dirname(copy), log->olddir);
	free(copy);
}

/* Checks one file; returns 0, or -1 after reporting an aborting error. */
static int
check_one(const struct rconf_log *log, const char *file, const char *conf_name,
    long line, const struct conf_opts *opts, struct sbuf *od)
{
	struct stat logdir, old;
	char *copy = xstrdup(file);
	const char *dir = dirname(copy);
	int rc = 0;

	if (stat(dir, &logdir) != 0) {
		if (log->flags & RCONF_MISSINGOK) {
			hr_report(conf_rep(opts), DIAG_DEBUG,
			    "%s:%ld verifying log file path failed %s: %s, "
			    "log is probably missing, but missingok is set, "
			    "so this is not an error.",
			    conf_name, line, dir, strerror(errno));
			goto out;
		}
		hr_report(conf_rep(opts), DIAG_ERROR,
		    "%s:%ld error verifying log file path %s: %s", conf_name,
		    line, dir, strerror(errno));
		rc = -1;
		goto out;
	}
	expand_olddir_path(log, file, od);
	if (stat(od->buf, &old) != 0) {
		if (errno == ENOENT && (log->flags & RCONF_CREATEOLDDIR))
			goto out; /* created by the caller after parsing */
		hr_report(conf_rep(opts), DIAG_ERROR,
		    "%s:%ld error verifying olddir path %s: %s", conf_name,
		    line, od->buf, strerror(errno));
		rc = -1;
		goto out;
	}
	if (old.st_dev != logdir.st_dev &&
	    !(log->flags &
	        (RCONF_COPY | RCONF_COPYTRUNCATE | RCONF_RENAMECOPY))) {
		hr_report(conf_rep(opts), DIAG_ERROR,
		    "%s:%ld olddir %s and log file %s are on different devices",
		    conf_name, line, log->olddir, file);
		rc = -1;
	}
out:
	free(copy);
	return rc;
}

int
expand_check_olddir(const struct rconf_log *log, const char *conf_name,
    long line, const struct conf_opts *opts)
{
	struct sbuf od = SBUF_INIT;
	size_t i;
	int rc = 0;

	if (!log->olddir)
		return 0;
	for (i = 0; i < log->nfiles && rc == 0; i++)
		rc = check_one(log, log->files[i], conf_name, line, opts, &od);
	sbuf_release(&od);
	return rc;
}
