/*
 * exec: the steps of a plan, carried out (see exec.h for the rules).
 *
 * The steps run in the plan's order, one after the other, except that a
 * compression marked RSTEP_BACKGROUND is handed to a pool worker as a
 * job; an RSTEP_WAIT waits for every job and reports their results.  The
 * plan (plan_schedule.c) has already put every step that depends on a
 * job after a WAIT, so nothing here reorders or defers: what -d prints
 * is what runs.
 *
 * Jobs report back through their own record; only the engine thread
 * reads results, reports and changes the error flags.
 */
#include "config.h"

#include <sys/stat.h>
#include <sys/types.h>

#include <assert.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lib/fsutil.h"
#include "lib/pool.h"
#include "lib/sbuf.h"
#include "lib/spawn.h"
#include "lib/xalloc.h"
#include "rotate/compress.h"
#include "rotate/exec.h"

#define DEFAULT_MAILCMD "/usr/bin/mail"

struct exec;

struct job {
	struct exec *x;
	size_t stanza;
	long log;
	const struct rconf_log *conf;  /* borrowed */
	const struct rplan_step *step; /* borrowed */
	const struct compressor *comp; /* borrowed */
	int rc;           /* written by the worker under the engine's lock */
	int shred_failed; /* written by the worker before it ends */
	struct hr_error err;
	struct sbuf errtext;
	struct sbuf notes; /* note_add's messages, reported by the engine */
};

/* Per stanza. */
struct sstate {
	unsigned char *log_failed; /* one per log */
	int stopped;               /* skip all but lastaction */
	int dead;                  /* firstaction failed: skip everything */
	int comp_ok;               /* comp is valid */
	struct compressor comp;
};

struct exec {
	const struct rplan *plan;
	const struct rexec_opts *o;
	struct pool *pool;
	pthread_mutex_t lock;
	struct job **jobs; /* in flight or done, not yet reaped */
	size_t njobs, ajobs;
	struct sstate *ss;
	int failed;
	int su;            /* effective ids are a stanza's su user */
	int said_fallback; /* -v was told that libarchive is missing */
};

static void say(struct exec *x, enum diag_level level, const char *fmt, ...)
    DIAG_PRINTF(3, 4);

static void
say(struct exec *x, enum diag_level level, const char *fmt, ...)
{
	struct sbuf text = SBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	sbuf_vaddf(&text, fmt, ap);
	va_end(ap);
	if (x->o->report)
		x->o->report(x->o->report_ctx, level, text.buf);
	sbuf_release(&text);
}

static const struct rplan_stanza *
stanza(const struct exec *x, size_t i)
{
	return &x->plan->stanzas[i];
}

static int
shared(const struct exec *x, size_t i)
{
	return (stanza(x, i)->conf->flags & RCONF_SHAREDSCRIPTS) != 0;
}

/* Stops stanza i: its logs are not rotated; lastaction still runs. */
static void
stop_stanza(struct exec *x, size_t i)
{
	size_t j;

	x->ss[i].stopped = 1;
	for (j = 0; j < stanza(x, i)->nlogs; j++)
		x->ss[i].log_failed[j] = 1;
}

/* Applies logrotate's error rules to a failed step. */
static void
step_failed(struct exec *x, size_t i, const struct rplan_step *s)
{
	x->failed = 1;
	if (s->phase == RPHASE_FIRSTACTION) {
		stop_stanza(x, i);
		x->ss[i].dead = 1;
	} else if (s->phase == RPHASE_LASTACTION) {
		return;
	} else if (s->log < 0 || (shared(x, i) && s->phase < RPHASE_FINISH)) {
		stop_stanza(x, i);
	} else {
		x->ss[i].log_failed[s->log] = 1;
	}
}

static int
skipped(const struct exec *x, size_t i, const struct rplan_step *s)
{
	const struct sstate *ss = &x->ss[i];

	if (s->kind == RSTEP_WAIT)
		return 0;
	if (ss->dead)
		return 1;
	if (s->phase == RPHASE_LASTACTION)
		return 0;
	if (ss->stopped)
		return 1;
	return s->log >= 0 && ss->log_failed[s->log];
}

/* ---- ids (su) ---- */

static int
ids_invoker(struct exec *x)
{
	if (!x->su)
		return 0;
	if (seteuid(getuid()) < 0 || setegid(getgid()) < 0)
		return -1;
	return 0;
}

/* Back to the su user of c (when under su); a failure is reported. */
static int
ids_su(struct exec *x, const struct rconf_log *c)
{
	if (!x->su)
		return 0;
	if (setegid(c->su_gid) < 0 || seteuid(c->su_uid) < 0) {
		say(x, DIAG_ERROR,
		    "error switching euid to %d and egid to %d: %s",
		    (int)c->su_uid, (int)c->su_gid, strerror(errno));
		return -1;
	}
	return 0;
}

/* ---- scripts ---- */

static const char *
script_what(enum rconf_script s)
{
	switch (s) {
	case RCONF_FIRSTACTION:
		return "first action";
	case RCONF_LASTACTION:
		return "last action";
	case RCONF_PREROTATE:
		return "prerotate";
	case RCONF_POSTROTATE:
		return "postrotate";
	default:
		return "preremove";
	}
}

/* Runs body as logrotate does, as the invoking user.  0 on success. */
static int
run_script(struct exec *x, const struct rconf_log *c, const char *body,
    const char *a1, const char *a2)
{
	const char *args[3] = { a1, a2, NULL };
	struct hr_error err = HR_ERROR_INIT;
	int status = 0, rc;

	if (ids_invoker(x) < 0) {
		say(x, DIAG_ERROR, "cannot switch back to uid %d: %s",
		    (int)getuid(), strerror(errno));
		return -1;
	}
	rc = spawn_shell(body, "logrotate_script", args, NULL, &status, &err);
	if (rc < 0)
		say(x, DIAG_ERROR, "%s", hr_error_text(&err));
	hr_error_release(&err);
	if (ids_su(x, c) < 0)
		return -1;
	return rc < 0 || status != 0 ? -1 : 0;
}

static int
do_script(struct exec *x, size_t i, const struct rplan_step *s)
{
	const struct rconf_log *c = stanza(x, i)->conf;
	const char *what = script_what(s->script);

	if (run_script(x, c, s->body, s->argv1, s->argv2) == 0)
		return 0;
	if (s->phase == RPHASE_FIRSTACTION || s->phase == RPHASE_LASTACTION)
		say(x, DIAG_ERROR, "error running %s script for %s", what,
		    c->pattern);
	else if (s->log < 0)
		say(x, DIAG_ERROR, "error running shared %s script for '%s'",
		    what, c->pattern);
	else
		say(x, DIAG_ERROR,
		    "error running non-shared %s script for %s of '%s'", what,
		    s->argv1, c->pattern);
	return -1;
}

/* ---- removal: preremove, shred, unlink ---- */

/*
 * shred -u [-n N] - on the file's descriptor, as logrotate's shred_file;
 * under su, as the su user for good.
 */
static int
shred_fd(int fd, const struct rconf_log *c)
{
	char n[32];
	const char *argv[6] = { "shred", "-u", NULL, NULL, NULL, NULL };
	struct spawn_opts so = SPAWN_OPTS_INIT;
	struct hr_error err = HR_ERROR_INIT;
	int status = 1, k = 2;

	if (c->shredcycles > 0) {
		snprintf(n, sizeof(n), "%d", c->shredcycles);
		argv[k++] = "-n";
		argv[k++] = n;
	}
	argv[k] = "-";
	so.argv = argv;
	so.out_fd = fd;
	so.switch_ids = (c->flags & RCONF_SU) != 0;
	so.uid = c->su_uid;
	so.gid = c->su_gid;
	if (spawn_run(&so, &status, &err) < 0)
		status = 1;
	hr_error_release(&err);
	return status == 0 ? 0 : -1;
}

/*
 * Removes path (shredding it first when c asks).  A file already gone is
 * not an error.  A shred that fails is not one either (logrotate falls
 * back to unlink), but *shred_failed is set so that the engine reports
 * it.  Safe in a worker thread.  Returns 0 or -1 with err set.
 */
static int
remove_file(const char *path, const struct rconf_log *c, int *shred_failed,
    struct hr_error *err)
{
	if (c->flags & RCONF_SHRED) {
		int fd = open(path, O_WRONLY | O_NOFOLLOW | O_CLOEXEC);

		if (fd >= 0) {
			if (shred_fd(fd, c) < 0)
				*shred_failed = 1;
			close(fd);
		}
	}
	if (unlink(path) < 0 && errno != ENOENT)
		return hr_error_set(
		    err, errno, path, 0, "Failed to remove old log");
	return 0;
}

static int
do_remove(struct exec *x, size_t i, const struct rplan_step *s)
{
	const struct rconf_log *c = stanza(x, i)->conf;
	const char *pre = c->script[RCONF_PREREMOVE];
	struct hr_error err = HR_ERROR_INIT;
	int rc, shred_failed = 0;

	if (pre && run_script(x, c, pre, s->src, NULL) < 0) {
		say(x, DIAG_ERROR,
		    "error running preremove script for %s of '%s'. Not "
		    "removing this file.",
		    s->src, c->pattern);
		return -1;
	}
	rc = remove_file(s->src, c, &shred_failed, &err);
	if (shred_failed)
		say(x, DIAG_ERROR, "Failed to shred %s, trying unlink", s->src);
	if (rc < 0) {
		say(x, DIAG_ERROR, "Failed to remove old log %s: %s", s->src,
		    strerror(err.code));
		rc = -1;
	}
	hr_error_release(&err);
	return rc;
}

static int
do_unlink(struct exec *x, const struct rplan_step *s)
{
	if (unlink(s->src) == 0 || errno == ENOENT)
		return 0;
	say(x, DIAG_ERROR, "error unlinking %s: %s", s->src, strerror(errno));
	return -1;
}

/* ---- rename, create, copy, truncate ---- */

static int backup_existing(struct exec *x, const char *path);

/*
 * rename, never replacing a file: a shift's target is free in the plan,
 * so one that exists now is an error; the target of the log's own rename
 * (its rotated name, or renamecopy's .tmp) is moved aside first, as
 * logrotate does with the files it creates.
 */
static int
do_rename(struct exec *x, const struct rplan_step *s)
{
	struct hr_error err = HR_ERROR_INIT;
	int rc = 0;

	if (fsutil_rename_noreplace(s->src, s->dst, &err) == 0)
		goto out;
	if (err.code == EEXIST && s->phase == RPHASE_ROTATE) {
		if (backup_existing(x, s->dst) < 0) {
			rc = -1;
			goto out;
		}
		if (fsutil_rename_noreplace(s->src, s->dst, &err) == 0)
			goto out;
	}
	/* A generation that vanished since the plan was made is fine. */
	if (err.code == ENOENT && s->phase == RPHASE_PREPARE)
		goto out;
	say(x, DIAG_ERROR, "failed to rename %s to %s: %s", s->src, s->dst,
	    strerror(err.code));
	rc = -1;
out:
	hr_error_release(&err);
	return rc;
}

/* ---- notes: messages a worker leaves for the engine to report ---- */

static void note_add(struct sbuf *notes, enum diag_level level, const char *fmt,
    ...) DIAG_PRINTF(3, 4);

/* Appends one message: its level, its text and a NUL. */
static void
note_add(struct sbuf *notes, enum diag_level level, const char *fmt, ...)
{
	va_list ap;

	sbuf_addch(notes, (char)('0' + level));
	va_start(ap, fmt);
	sbuf_vaddf(notes, fmt, ap);
	va_end(ap);
	sbuf_add(notes, "", 1);
}

static void
notes_report(struct exec *x, const struct sbuf *notes)
{
	size_t k = 0;

	while (k < notes->len) {
		const char *m = notes->buf + k;

		say(x, (enum diag_level)(m[0] - '0'), "%s", m + 1);
		k += strlen(m) + 1;
	}
}

/*
 * Moves path aside to PATH-YYYYMMDDHH.backup (the hour of now), never
 * replacing anything, as logrotate does with an output file that is in
 * the way.  Returns 0, or -1 with err set.
 */
static int
move_aside(
    const char *path, time_t now, struct sbuf *notes, struct hr_error *err)
{
	struct hr_error e = HR_ERROR_INIT;
	struct tm tm;
	char stamp[32], *backup;
	int rc = 0;

	localtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%d%H", &tm);
	backup = xasprintf("%s-%s.backup", path, stamp);
	note_add(notes, DIAG_ERROR,
	    "destination %s already exists, renaming to %s", path, backup);
	if (fsutil_rename_noreplace(path, backup, &e) < 0)
		rc = hr_error_set(err, e.code, NULL, 0,
		    "error renaming already existing output file %s to %s",
		    path, backup);
	hr_error_release(&e);
	free(backup);
	return rc;
}

/* An existing path is moved aside to PATH-YYYYMMDDHH.backup first. */
static int
backup_existing(struct exec *x, const char *path)
{
	struct hr_error err = HR_ERROR_INIT;
	struct sbuf notes = SBUF_INIT;
	struct stat st;
	int rc = 0;

	if (lstat(path, &st) < 0)
		return 0;
	rc = move_aside(path, x->plan->now, &notes, &err);
	notes_report(x, &notes);
	if (rc < 0)
		say(x, DIAG_ERROR, "%s", hr_error_text(&err));
	sbuf_release(&notes);
	hr_error_release(&err);
	return rc;
}

/*
 * The target dst of compressing src exists (a stray file, or the output
 * of a compression whose source was not removed yet).  When it holds
 * exactly src's bytes, src is redundant: returns 1 (remove src, compress
 * nothing).  When it holds a prefix of them (src grew since), it is
 * redundant itself and removed: returns 0.  Otherwise it is moved aside
 * as logrotate does: returns 0.  Returns 0 at once when dst is absent,
 * and -1 with err set when it cannot be dealt with.  Safe in a worker.
 */
static int
make_room(const struct compressor *comp, const char *src, const char *dst,
    time_t now, struct sbuf *notes, struct hr_error *err)
{
	struct stat st;

	if (lstat(dst, &st) < 0)
		return 0;
	switch (S_ISREG(st.st_mode) ? compress_compare(comp, dst, src) : -1) {
	case 0:
		note_add(notes, DIAG_WARNING,
		    "%s holds the same data as %s: removing %s", dst, src, src);
		return 1;
	case 1:
		note_add(notes, DIAG_WARNING,
		    "%s holds the first part of %s only: compressing it again",
		    dst, src);
		if (unlink(dst) < 0)
			return hr_error_set(
			    err, errno, dst, 0, "cannot remove");
		return 0;
	default:
		return move_aside(dst, now, notes, err);
	}
}

/*
 * Gives fd, the new file path, owner uid and group gid, the ACL of the
 * file acl_from (unless NULL) and mode, as logrotate's createOutputFile:
 * the owner only when running as root, so under su the file stays the su
 * user's.  Returns 0, or -1 (reported).
 */
static int
output_attrs(struct exec *x, int fd, const char *path, mode_t mode, uid_t uid,
    gid_t gid, const char *acl_from)
{
	struct hr_error err = HR_ERROR_INIT;
	struct stat st;

	if (geteuid() == 0 && fstat(fd, &st) == 0 &&
	    (st.st_uid != uid || st.st_gid != gid) &&
	    fchown(fd, uid, gid) < 0) {
		say(x, DIAG_ERROR,
		    "error setting owner of %s to uid %d and gid %d: %s", path,
		    (int)uid, (int)gid, strerror(errno));
		return -1;
	}
	if (acl_from && fsutil_copy_acl(-1, acl_from, fd, path, &err) < 0) {
		say(x, DIAG_ERROR, "%s", hr_error_text(&err));
		hr_error_release(&err);
		return -1;
	}
	if (fchmod(fd, mode & 07777) < 0) {
		say(x, DIAG_ERROR, "error setting mode of %s: %s", path,
		    strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * Creates path O_EXCL|O_NOFOLLOW (an existing one moved aside first) with
 * output_attrs.  Returns the descriptor or -1.
 */
static int
create_output(struct exec *x, const char *path, mode_t mode, uid_t uid,
    gid_t gid, const char *acl_from)
{
	struct hr_error err = HR_ERROR_INIT;
	int fd;

	if (backup_existing(x, path) < 0)
		return -1;
	fd = fsutil_create_excl(AT_FDCWD, path, mode & 0600, &err);
	if (fd < 0) {
		say(x, DIAG_ERROR, "error creating output file %s: %s", path,
		    strerror(err.code));
		hr_error_release(&err);
		return -1;
	}
	if (output_attrs(x, fd, path, mode, uid, gid, acl_from) < 0) {
		close(fd);
		unlink(path);
		return -1;
	}
	return fd;
}

/* create: the new log; without a mode, with the rotated log's ACL. */
static int
do_create(struct exec *x, const struct rplan_step *s)
{
	int fd = create_output(x, s->src, s->mode, s->uid, s->gid, s->dst);

	if (fd < 0)
		return -1;
	close(fd);
	return 0;
}

/*
 * Opens path (no symlink, not blocking) and checks it is a regular file;
 * a failure is reported as logrotate words it, "error opening F: ..." or,
 * for mail, "failed to open F for mailing: ...".
 */
static int
open_regular_as(
    struct exec *x, const char *path, int flags, struct stat *st, int mailing)
{
	int fd = open(path, flags | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	int e = fd < 0 ? errno : 0;

	if (e == 0 && fstat(fd, st) < 0)
		e = errno;
	else if (e == 0 && !S_ISREG(st->st_mode))
		e = ENOTSUP;
	if (e == 0)
		return fd;
	if (fd >= 0)
		close(fd);
	if (mailing)
		say(x, DIAG_ERROR, "failed to open %s for mailing: %s", path,
		    strerror(e));
	else
		say(x, DIAG_ERROR, "error opening %s: %s", path, strerror(e));
	return -1;
}

static int
open_regular(struct exec *x, const char *path, int flags, struct stat *st)
{
	return open_regular_as(x, path, flags, st, 0);
}

/* Copies in to out, then fsyncs out; a failure is reported. */
static int
copy_into(struct exec *x, int in, int out, const struct rplan_step *s)
{
	struct hr_error err = HR_ERROR_INIT;

	if (fsutil_copy_fd(in, out, NULL, s->src, &err) < 0 ||
	    (fsync(out) < 0 &&
	        hr_error_set(&err, errno, s->dst, 0, "cannot fsync") < 0)) {
		say(x, DIAG_ERROR, "error copying %s to %s: %s", s->src, s->dst,
		    strerror(err.code));
		hr_error_release(&err);
		return -1;
	}
	return 0;
}

/* The copy's temporary file beside dst, with src's owner, ACL and mode. */
static int
copy_tmp(struct exec *x, const struct rplan_step *s, const struct stat *st,
    struct sbuf *tmp)
{
	struct hr_error err = HR_ERROR_INIT;
	int fd;

	if (backup_existing(x, s->dst) < 0)
		return -1;
	fd = fsutil_tmp_beside(s->dst, st->st_mode & 0600, tmp, &err);
	if (fd < 0) {
		say(x, DIAG_ERROR, "error creating output file %s: %s", s->dst,
		    strerror(err.code));
		hr_error_release(&err);
		return -1;
	}
	if (output_attrs(x, fd, s->dst, st->st_mode, st->st_uid, st->st_gid,
	        s->src) < 0) {
		fsutil_abort(fd, tmp->buf);
		return -1;
	}
	return fd;
}

/* Renames the synced copy tmp to s->dst, never replacing a file. */
static int
copy_commit(struct exec *x, const struct rplan_step *s, const char *tmp)
{
	struct hr_error err = HR_ERROR_INIT;
	int rc = fsutil_rename_noreplace(tmp, s->dst, &err);

	if (rc < 0)
		say(x, DIAG_ERROR, "error creating output file %s: %s", s->dst,
		    strerror(err.code));
	hr_error_release(&err);
	return rc;
}

/*
 * copy / copytruncate / renamecopy's copy: src to a new dst with src's
 * mode, owner and ACL, holes kept.  The copy is written to a temporary
 * file beside dst, synced, and renamed into place without replacing
 * anything, so a crash leaves either a complete dst or none (and a
 * temporary file, which the next run removes).  With truncate
 * (copytruncate), what was appended meanwhile is then copied too and
 * synced, and only then is src truncated; should that second pass fail,
 * dst is removed again (src still holds every line).
 */
static int
do_copy(struct exec *x, const struct rplan_step *s, int truncate)
{
	struct sbuf tmp = SBUF_INIT;
	struct stat st;
	int in, out, rc = -1;

	in = open_regular(x, s->src, truncate ? O_RDWR : O_RDONLY, &st);
	if (in < 0)
		return -1;
	out = copy_tmp(x, s, &st, &tmp);
	if (out < 0)
		goto out;
	if (copy_into(x, in, out, s) < 0 || copy_commit(x, s, tmp.buf) < 0) {
		fsutil_abort(out, tmp.buf);
		goto out;
	}
	/* The second pass shrinks the window in which lines are lost. */
	if (truncate && copy_into(x, in, out, s) < 0)
		goto undo;
	if (truncate && ftruncate(in, 0) < 0) {
		say(x, DIAG_ERROR, "error truncating %s: %s", s->src,
		    strerror(errno));
		goto undo;
	}
	close(out);
	(void)fsutil_fsync_parent(s->dst, NULL);
	rc = 0;
	goto out;
undo:
	close(out);
	unlink(s->dst);
out:
	sbuf_release(&tmp);
	close(in);
	return rc;
}

static int
do_truncate(struct exec *x, const struct rplan_step *s)
{
	struct stat st;
	int fd = open_regular(x, s->src, O_RDWR, &st), rc = 0;

	if (fd < 0)
		return -1;
	if (ftruncate(fd, 0) < 0) {
		say(x, DIAG_ERROR, "error truncating %s: %s", s->src,
		    strerror(errno));
		rc = -1;
	}
	close(fd);
	return rc;
}

/*
 * A copytruncate interrupted between its copy and its truncation (a
 * repair step): when dst is missing, or holds a prefix of src's bytes
 * (src was not truncated), dst is removed and the copy and truncation
 * done again; otherwise src was truncated and nothing is left to do.
 */
static int
do_recopy(struct exec *x, const struct rplan_step *s)
{
	int a, b, cmp;

	a = open(s->dst, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (a < 0 && errno != ENOENT) {
		say(x, DIAG_ERROR, "error opening %s: %s", s->dst,
		    strerror(errno));
		return -1;
	}
	if (a >= 0) {
		b = open(
		    s->src, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
		cmp = b < 0 ? -2 : fsutil_compare_fd(a, b);
		close(a);
		if (b >= 0)
			close(b);
		if (cmp == -1)
			return 0;
		if (cmp == -2 || unlink(s->dst) < 0) {
			say(x, DIAG_ERROR, "error copying %s to %s again: %s",
			    s->src, s->dst, strerror(errno));
			return -1;
		}
	}
	return do_copy(x, s, 1);
}

/* ---- compression options ---- */

/*
 * What compressing src under c's rules needs: allowhardlink, and an
 * external compressor that runs as the su user for good, as logrotate's.
 */
static void
compress_opts_for(struct compress_opts *co, const struct rconf_log *c,
    const char *src, struct sbuf *errtext)
{
	co->src_path = src;
	co->errtext = errtext;
	co->flags =
	    (c->flags & RCONF_ALLOWHARDLINK) ? COMPRESS_ALLOW_HARDLINK : 0;
	co->switch_ids = (c->flags & RCONF_SU) != 0;
	co->uid = c->su_uid;
	co->gid = c->su_gid;
}

/* ---- mail ---- */

static int
mail_feed(
    struct exec *x, size_t i, const struct rplan_step *s, int *in, int *feed)
{
	struct stat st;
	int p[2];

	*feed = -1;
	if (!(s->flags & RSTEP_UNCOMPRESS)) {
		*in = open_regular_as(x, s->src, O_RDONLY, &st, 1);
		if (*in >= 0)
			fcntl(*in, F_SETFL, 0);
		return *in < 0 ? -1 : 0;
	}
	if (!x->ss[i].comp_ok) {
		say(x, DIAG_ERROR, "no codec to uncompress %s", s->src);
		return -1;
	}
	if (pipe2(p, O_CLOEXEC) < 0) {
		say(x, DIAG_ERROR, "cannot make a pipe: %s", strerror(errno));
		return -1;
	}
	*in = p[0];
	*feed = p[1];
	return 0;
}

/*
 * MAILCMD -s SUBJECT ADDRESS, the file (uncompressed) on stdin.  As in
 * logrotate, the mail command runs as the invoker and the uncompressing
 * as the su user.
 */
static int
do_mail(struct exec *x, size_t i, const struct rplan_step *s)
{
	const struct rconf_log *c = stanza(x, i)->conf;
	const char *cmd = x->o->mailcmd ? x->o->mailcmd : DEFAULT_MAILCMD;
	const char *argv[5] = { cmd, "-s", s->subject ? s->subject : s->src,
		s->address, NULL };
	struct spawn_opts so = SPAWN_OPTS_INIT;
	struct compress_opts co = COMPRESS_OPTS_INIT;
	struct hr_error err = HR_ERROR_INIT;
	int in, feed, devnull, status = 1, rc = -1, started = 0, su;
	int unpacked = 1;
	pid_t pid = -1;

	if (mail_feed(x, i, s, &in, &feed) < 0)
		return -1;
	devnull = open("/dev/null", O_WRONLY | O_CLOEXEC);
	so.argv = argv;
	so.in_fd = in;
	so.out_fd = devnull;
	if (ids_invoker(x) < 0)
		hr_error_set(&err, errno, NULL, 0,
		    "cannot switch back to uid %d", (int)getuid());
	else if (spawn_start(&so, &pid, &err) == 0)
		started = 1;
	su = ids_su(x, c);
	if (!started) {
		say(x, DIAG_ERROR, "%s", hr_error_text(&err));
		say(x, DIAG_ERROR, "mail command failed for %s", s->src);
		goto out;
	}
	close(in);
	in = -1;
	if (feed >= 0 && su == 0) {
		compress_opts_for(&co, c, s->src, NULL);
		unpacked = decompress_file(
		               &x->ss[i].comp, s->src, feed, &co, &err) == 0;
		if (!unpacked)
			say(x, DIAG_ERROR, "%s", hr_error_text(&err));
	}
	if (feed >= 0) {
		close(feed);
		feed = -1;
	}
	if (spawn_wait(pid, &status, &err) == 0 && status == 0 && su == 0)
		rc = 0;
	else
		say(x, DIAG_ERROR, "mail command failed for %s", s->src);
	/* The file is then kept: what was mailed is not all of it. */
	if (!unpacked) {
		say(x, DIAG_ERROR, "uncompress command failed mailing %s",
		    s->src);
		rc = -1;
	}
out:
	if (in >= 0)
		close(in);
	if (feed >= 0)
		close(feed);
	if (devnull >= 0)
		close(devnull);
	hr_error_release(&err);
	return rc;
}

/* ---- compression jobs ---- */

static void job_done(struct job *jb, int rc);

/*
 * compress_file for step s; with RSTEP_LOG_TIMES the result then takes
 * the log's times (a failure there is not an error, as in logrotate).
 * Safe in a worker thread.
 */
static int
compress_step(const struct compressor *comp, const struct rplan_step *s,
    const struct compress_opts *co, struct hr_error *err)
{
	if (compress_file(comp, s->src, s->dst, co, err) < 0)
		return -1;
	if (s->flags & RSTEP_LOG_TIMES)
		(void)utimensat(
		    AT_FDCWD, s->dst, s->times, AT_SYMLINK_NOFOLLOW);
	return 0;
}

static void
job_run(void *arg, void *worker_ctx)
{
	struct job *jb = arg;
	struct compress_opts co = COMPRESS_OPTS_INIT;
	int rc;

	(void)worker_ctx;
	compress_opts_for(&co, jb->conf, jb->step->src, &jb->errtext);
	co.pool = jb->x->pool;
	rc = make_room(jb->comp, jb->step->src, jb->step->dst, jb->x->plan->now,
	    &jb->notes, &jb->err);
	if (rc == 0)
		rc = compress_step(jb->comp, jb->step, &co, &jb->err);
	else if (rc > 0)
		rc = 0;
	if (rc == 0)
		rc = remove_file(
		    jb->step->src, jb->conf, &jb->shred_failed, &jb->err);
	job_done(jb, rc);
}

/*
 * A failed compression of src, in one message that begins with
 * logrotate's words ("failed to compress log SRC") and says why.
 */
static void
say_compress_failed(struct exec *x, const char *src, struct hr_error *err)
{
	static const char lead[] = "failed to compress log";
	const char *msg = err->msg ? err->msg : "";

	/* compress.c's own "failed to compress log (exit status 1)". */
	if (strncmp(msg, lead, sizeof(lead) - 1) == 0)
		say(x, DIAG_ERROR, "%s %s%s", lead, src,
		    msg + sizeof(lead) - 1);
	else
		say(x, DIAG_ERROR, "%s %s: %s", lead, src, hr_error_text(err));
}

/* Reports a finished job and applies the error rules. */
static void
job_finish(struct exec *x, struct job *jb)
{
	const struct rplan_step *s = jb->step;

	notes_report(x, &jb->notes);
	if (jb->shred_failed)
		say(x, DIAG_ERROR, "Failed to shred %s, trying unlink", s->src);
	if (jb->errtext.len > 0)
		say(x, DIAG_ERROR,
		    "Compressing program wrote following message to stderr "
		    "when compressing log %s:\n%s",
		    s->src, jb->errtext.buf);
	if (jb->rc < 0) {
		/* The source's removal after the compression, or the latter. */
		if (jb->err.msg &&
		    strcmp(jb->err.msg, "Failed to remove old log") == 0)
			say(x, DIAG_ERROR, "%s", hr_error_text(&jb->err));
		else
			say_compress_failed(x, s->src, &jb->err);
		step_failed(x, jb->stanza, s);
	} else if (x->o->step_done != NULL) {
		x->o->step_done(x->o->watch_ctx, jb->stanza,
		    (size_t)(s - stanza(x, jb->stanza)->steps));
	}
	hr_error_release(&jb->err);
	sbuf_release(&jb->errtext);
	sbuf_release(&jb->notes);
	free(jb);
}

static void
job_done(struct job *jb, int rc)
{
	pthread_mutex_lock(&jb->x->lock);
	jb->rc = rc;
	pthread_mutex_unlock(&jb->x->lock);
}

/* Waits for every job, then reports each and forgets it (RSTEP_WAIT). */
static void
reap_all(struct exec *x)
{
	size_t k;

	pool_wait(x->pool);
	for (k = 0; k < x->njobs; k++)
		job_finish(x, x->jobs[k]);
	x->njobs = 0;
}

/*
 * A background compression: the source goes through the removal rules
 * once compressed (unlink or shred) in the worker.  A stanza with
 * preremove compresses in the engine (compress_sync): the script is an
 * observer.
 */
static void
submit_compress(struct exec *x, size_t i, const struct rplan_step *s)
{
	const struct rconf_log *c = stanza(x, i)->conf;
	struct job *jb = xcalloc(1, sizeof(*jb));

	jb->x = x;
	jb->stanza = i;
	jb->log = s->log;
	jb->conf = c;
	jb->step = s;
	jb->comp = &x->ss[i].comp;
	sbuf_init(&jb->errtext, 0);
	sbuf_init(&jb->notes, 0);
	XGROW(x->jobs, x->njobs + 1, x->ajobs);
	x->jobs[x->njobs++] = jb;
	pool_submit(x->pool, job_run, jb);
}

static int
compress_sync(struct exec *x, size_t i, const struct rplan_step *s)
{
	const struct rconf_log *c = stanza(x, i)->conf;
	struct compress_opts co = COMPRESS_OPTS_INIT;
	struct hr_error err = HR_ERROR_INIT;
	struct sbuf errtext = SBUF_INIT, notes = SBUF_INIT;
	struct rplan_step rm = *s;
	int rc;

	compress_opts_for(&co, c, s->src, &errtext);
	co.pool = x->pool;
	rc = make_room(
	    &x->ss[i].comp, s->src, s->dst, x->plan->now, &notes, &err);
	notes_report(x, &notes);
	sbuf_release(&notes);
	if (rc == 0)
		rc = compress_step(&x->ss[i].comp, s, &co, &err);
	else if (rc > 0)
		rc = 0;
	if (errtext.len > 0)
		say(x, DIAG_ERROR,
		    "Compressing program wrote following message to stderr "
		    "when compressing log %s:\n%s",
		    s->src, errtext.buf);
	if (rc < 0) {
		say_compress_failed(x, s->src, &err);
	} else {
		rm.kind = RSTEP_REMOVE;
		rc = do_remove(x, i, &rm);
	}
	sbuf_release(&errtext);
	hr_error_release(&err);
	return rc;
}

/*
 * Whether step copy of stanza i is a copytruncate's copy, the truncation
 * being step next (copy + 1), so that the copy truncates at once.
 */
static int
copy_truncates(struct exec *x, size_t i, const struct rplan_step *copy,
    const struct rplan_step *next)
{
	const struct rplan_stanza *z = stanza(x, i);

	return next < z->steps + z->nsteps && copy->kind == RSTEP_COPY &&
	    next->kind == RSTEP_TRUNCATE && next->log == copy->log &&
	    strcmp(next->src, copy->src) == 0;
}

/* Carries out step s of stanza i (not a WAIT).  0 or -1. */
static int
run_now(struct exec *x, size_t i, const struct rplan_step *s)
{
	switch (s->kind) {
	case RSTEP_SCRIPT:
		return do_script(x, i, s);
	case RSTEP_COMPRESS:
		if (!x->ss[i].comp_ok) {
			say(x, DIAG_ERROR, "failed to compress log %s", s->src);
			return -1;
		}
		if (!(s->flags & RSTEP_BACKGROUND))
			return compress_sync(x, i, s);
		submit_compress(x, i, s);
		return 0;
	case RSTEP_RENAME:
		return do_rename(x, s);
	case RSTEP_COPY:
		return do_copy(x, s, copy_truncates(x, i, s, s + 1));
	case RSTEP_TRUNCATE:
		if (s > stanza(x, i)->steps && copy_truncates(x, i, s - 1, s))
			return 0; /* done with the copy */
		return do_truncate(x, s);
	case RSTEP_CREATE:
		return do_create(x, s);
	case RSTEP_MAIL:
		return do_mail(x, i, s);
	case RSTEP_REMOVE:
		return do_remove(x, i, s);
	case RSTEP_UNLINK:
		return do_unlink(x, s);
	case RSTEP_RECOPY:
		return do_recopy(x, s);
	case RSTEP_WAIT:
		break;
	}
	return 0;
}

/* Step k of stanza i, unless the error rules skip it. */
static void
run_step(struct exec *x, size_t i, size_t k)
{
	const struct rplan_step *s = &stanza(x, i)->steps[k];

	if (skipped(x, i, s))
		return;
	if (x->o->step_start != NULL)
		x->o->step_start(x->o->watch_ctx, i, s);
	if (s->kind == RSTEP_WAIT)
		reap_all(x);
	else if (run_now(x, i, s) < 0)
		step_failed(x, i, s);
	else if (x->o->step_done != NULL && !(s->flags & RSTEP_BACKGROUND))
		x->o->step_done(x->o->watch_ctx, i, k); /* else job_finish */
}

/* ---- stanzas ---- */

static int
stanza_begin(struct exec *x, size_t i)
{
	const struct rconf_log *c = stanza(x, i)->conf;
	struct hr_error err = HR_ERROR_INIT;

	if (compressor_lookup(c->compresscmd, c->compressoptions,
	        c->uncompresscmd, &x->ss[i].comp, &err) == 0)
		x->ss[i].comp_ok = 1;
	else if (c->flags & RCONF_COMPRESS)
		say(x, DIAG_ERROR, "%s", hr_error_text(&err));
	hr_error_release(&err);
	if (x->ss[i].comp_ok && x->ss[i].comp.fallback &&
	    (c->flags & RCONF_COMPRESS) && !x->said_fallback++)
		say(x, DIAG_DEBUG,
		    "cannot load libarchive (%s): compressing with %s as an "
		    "external command, as logrotate does",
		    x->ss[i].comp.fallback, x->ss[i].comp.cmd);
	if (!(c->flags & RCONF_SU))
		return 0;
	x->su = 1;
	if (ids_su(x, c) == 0)
		return 0;
	ids_invoker(x);
	x->su = 0;
	return -1;
}

static void
stanza_end(struct exec *x, size_t i)
{
	(void)i;
	if (!x->su)
		return;
	if (ids_invoker(x) < 0)
		say(x, DIAG_ERROR, "cannot switch back to uid %d: %s",
		    (int)getuid(), strerror(errno));
	x->su = 0;
}

static void
run_stanza(struct exec *x, size_t i)
{
	const struct rplan_stanza *z = stanza(x, i);
	size_t k;

	if (z->nsteps == 0)
		return;
	if (stanza_begin(x, i) < 0) {
		x->failed = 1;
		stop_stanza(x, i);
		x->ss[i].dead = 1;
		return;
	}
	for (k = 0; k < z->nsteps; k++)
		run_step(x, i, k);
	/* The plan ends every stanza with a WAIT when jobs ran. */
	assert(x->njobs == 0);
	stanza_end(x, i);
}

/* The state entry of every log whose steps all succeeded moves to now. */
static void
advance_state(struct exec *x)
{
	size_t i, j;

	if (x->o->state == NULL)
		return;
	for (i = 0; i < x->plan->nstanzas; i++) {
		const struct rplan_stanza *z = stanza(x, i);

		for (j = 0; j < z->nlogs; j++) {
			const struct rplan_log *l = &z->logs[j];
			time_t t = 0;

			if (l->planned && !x->ss[i].log_failed[j])
				t = x->plan->now;
			else if (l->resumed == RPLAN_RESUME_DONE ||
			    (l->resumed == RPLAN_RESUME_STEPS &&
			        !x->ss[i].log_failed[j]))
				t = l->resumed_at;
			if (t != 0)
				rstate_set_rotated(rstate_get(x->o->state,
				                       l->path, x->plan->now),
				    t);
		}
	}
}

static unsigned
workers(const struct rexec_opts *o)
{
	long n;

	if (o->jobs > 0)
		return o->jobs;
	n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (unsigned)n : 1;
}

int
rexec_run(const struct rplan *plan, const struct rexec_opts *o)
{
	struct exec x;
	struct sigaction ign, old;
	size_t i;

	memset(&x, 0, sizeof(x));
	x.plan = plan;
	x.o = o;
	pthread_mutex_init(&x.lock, NULL);
	x.ss = xcalloc(plan->nstanzas + 1, sizeof(*x.ss));
	for (i = 0; i < plan->nstanzas; i++) {
		x.ss[i].log_failed =
		    xcalloc(plan->stanzas[i].nlogs + 1, sizeof(unsigned char));
	}
	memset(&ign, 0, sizeof(ign));
	ign.sa_handler = SIG_IGN;
	sigemptyset(&ign.sa_mask);
	sigaction(SIGPIPE, &ign, &old);
	x.pool = pool_new(workers(o), NULL, 0);
	for (i = 0; i < plan->nstanzas; i++) {
		if (o->stanza_start != NULL)
			o->stanza_start(o->watch_ctx, i);
		run_stanza(&x, i);
		if (o->stanza_end != NULL)
			o->stanza_end(o->watch_ctx, i);
	}
	pool_free(x.pool);
	sigaction(SIGPIPE, &old, NULL);
	advance_state(&x);
	for (i = 0; i < plan->nstanzas; i++)
		free(x.ss[i].log_failed);
	free(x.ss);
	free(x.jobs);
	pthread_mutex_destroy(&x.lock);
	return x.failed ? -1 : 0;
}
