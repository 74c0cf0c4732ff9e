/*
 * exec_steps.c: the steps of a plan that change logs -- scripts, removal,
 * rename, create, copy, truncate and compression -- each carried out and
 * its failure reported in logrotate's words, and the switch between the
 * invoker's ids and a su stanza's that they run under (exec_mail.c, which
 * only reads a log, mails it).  The engine (exec.c) decides which step
 * runs when; nothing here chooses an order.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lib/fsutil.h"
#include "lib/sbuf.h"
#include "lib/spawn.h"
#include "lib/xalloc.h"
#include "rotate/compress.h"
#include "rotate/exec_int.h"

/* ---- ids (su) ---- */

int
ids_invoker(struct exec *x)
{
	if (!x->su)
		return 0;
	if (seteuid(getuid()) < 0 || setegid(getgid()) < 0)
		return -1;
	return 0;
}

/* Back to the su user of c (when under su); a failure is reported. */
int
ids_su(struct exec *x, const struct rconf_log *c)
{
	if (!x->su)
		return 0;
	if (setegid(c->su_gid) < 0 || seteuid(c->su_uid) < 0) {
		exec_say(x, DIAG_ERROR,
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
		exec_say(x, DIAG_ERROR, "cannot switch back to uid %d: %s",
		    (int)getuid(), strerror(errno));
		return -1;
	}
	rc = spawn_shell(body, "logrotate_script", args, NULL, &status, &err);
	if (rc < 0)
		exec_say(x, DIAG_ERROR, "%s", hr_error_text(&err));
	hr_error_release(&err);
	if (ids_su(x, c) < 0)
		return -1;
	return rc < 0 || status != 0 ? -1 : 0;
}

int
do_script(struct exec *x, size_t i, const struct rplan_step *s)
{
	const struct rconf_log *c = exec_stanza(x, i)->conf;
	const char *what = script_what(s->script);

	if (run_script(x, c, s->body, s->argv1, s->argv2) == 0)
		return 0;
	if (s->phase == RPHASE_FIRSTACTION || s->phase == RPHASE_LASTACTION)
		exec_say(x, DIAG_ERROR, "error running %s script for %s", what,
		    c->pattern);
	else if (s->log < 0)
		exec_say(x, DIAG_ERROR,
		    "error running shared %s script for '%s'", what,
		    c->pattern);
	else
		exec_say(x, DIAG_ERROR,
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

int
do_remove(struct exec *x, size_t i, const struct rplan_step *s)
{
	const struct rconf_log *c = exec_stanza(x, i)->conf;
	const char *pre = c->script[RCONF_PREREMOVE];
	struct hr_error err = HR_ERROR_INIT;
	int rc, shred_failed = 0;

	if (pre && run_script(x, c, pre, s->src, NULL) < 0) {
		exec_say(x, DIAG_ERROR,
		    "error running preremove script for %s of '%s'. Not "
		    "removing this file.",
		    s->src, c->pattern);
		return -1;
	}
	rc = remove_file(s->src, c, &shred_failed, &err);
	say_removal(x, s->src, shred_failed, rc < 0 ? err.code : 0);
	hr_error_release(&err);
	return rc;
}

int
do_unlink(struct exec *x, const struct rplan_step *s)
{
	if (unlink(s->src) == 0 || errno == ENOENT)
		return 0;
	exec_say(
	    x, DIAG_ERROR, "error unlinking %s: %s", s->src, strerror(errno));
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
int
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
	exec_say(x, DIAG_ERROR, "failed to rename %s to %s: %s", s->src, s->dst,
	    strerror(err.code));
	rc = -1;
out:
	hr_error_release(&err);
	return rc;
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
		exec_say(x, DIAG_ERROR, "%s", hr_error_text(&err));
	sbuf_release(&notes);
	hr_error_release(&err);
	return rc;
}

/*
 * The target dst of compressing src exists (a stray file, or the output
 * of a compression whose source was not removed yet).  When it holds
 * exactly src's bytes, src is redundant: returns 1 (compress nothing;
 * the removal chained to the compression removes src).  When it holds a
 * prefix of them (src grew since), it is redundant itself and removed:
 * returns 0.  Otherwise it is moved aside as logrotate does: returns 0.
 * Returns 0 at once when dst is absent, and -1 with err set when it
 * cannot be dealt with.  Safe in a worker.
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
		exec_say(x, DIAG_ERROR,
		    "error setting owner of %s to uid %d and gid %d: %s", path,
		    (int)uid, (int)gid, strerror(errno));
		return -1;
	}
	if (acl_from && fsutil_copy_acl(-1, acl_from, fd, path, &err) < 0) {
		exec_say(x, DIAG_ERROR, "%s", hr_error_text(&err));
		hr_error_release(&err);
		return -1;
	}
	if (fchmod(fd, mode & 07777) < 0) {
		exec_say(x, DIAG_ERROR, "error setting mode of %s: %s", path,
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
		exec_say(x, DIAG_ERROR, "error creating output file %s: %s",
		    path, strerror(err.code));
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
int
do_create(struct exec *x, const struct rplan_step *s)
{
	int fd = create_output(x, s->src, s->mode, s->uid, s->gid, s->dst);

	if (fd < 0)
		return -1;
	close(fd);
	return 0;
}

/* See exec_int.h. */
int
open_regular(struct exec *x, const char *path, int flags, struct stat *st,
    enum open_for why)
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
	if (why == OPEN_FOR_MAIL)
		exec_say(x, DIAG_ERROR, "failed to open %s for mailing: %s",
		    path, strerror(e));
	else
		exec_say(
		    x, DIAG_ERROR, "error opening %s: %s", path, strerror(e));
	return -1;
}

/* Copies in to out, then fsyncs out; a failure is reported. */
static int
copy_into(struct exec *x, int in, int out, const struct rplan_step *s)
{
	struct hr_error err = HR_ERROR_INIT;

	if (fsutil_copy_fd(in, out, NULL, s->src, &err) < 0 ||
	    (fsync(out) < 0 &&
	        hr_error_set(&err, errno, s->dst, 0, "cannot fsync") < 0)) {
		exec_say(x, DIAG_ERROR, "error copying %s to %s: %s", s->src,
		    s->dst, strerror(err.code));
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
		exec_say(x, DIAG_ERROR, "error creating output file %s: %s",
		    s->dst, strerror(err.code));
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
		exec_say(x, DIAG_ERROR, "error creating output file %s: %s",
		    s->dst, strerror(err.code));
	hr_error_release(&err);
	return rc;
}

/*
 * copy / copytruncate / renamecopy's copy: src to a new dst with src's
 * mode, owner and ACL, holes kept.  The copy is written to a temporary
 * file beside dst, synced, and renamed into place without replacing
 * anything, so a crash leaves either a complete dst or none (and a
 * temporary file, which the next run removes).  A COPYTRUNCATE (or its
 * repair, RECOPY) then copies what was appended meanwhile too, syncs, and
 * only then truncates src; should that second pass fail, dst is removed
 * again (src still holds every line).
 */
int
do_copy(struct exec *x, const struct rplan_step *s)
{
	int truncate = s->kind != RSTEP_COPY;
	struct sbuf tmp = SBUF_INIT;
	struct stat st;
	int in, out, rc = -1;

	in = open_regular(
	    x, s->src, truncate ? O_RDWR : O_RDONLY, &st, OPEN_FOR_ROTATION);
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
		exec_say(x, DIAG_ERROR, "error truncating %s: %s", s->src,
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

int
do_truncate(struct exec *x, const struct rplan_step *s)
{
	struct stat st;
	int fd = open_regular(x, s->src, O_RDWR, &st, OPEN_FOR_ROTATION);
	int rc = 0;

	if (fd < 0)
		return -1;
	if (ftruncate(fd, 0) < 0) {
		exec_say(x, DIAG_ERROR, "error truncating %s: %s", s->src,
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
int
do_recopy(struct exec *x, const struct rplan_step *s)
{
	int a, b, cmp;

	a = open(s->dst, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (a < 0 && errno != ENOENT) {
		exec_say(x, DIAG_ERROR, "error opening %s: %s", s->dst,
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
			exec_say(x, DIAG_ERROR,
			    "error copying %s to %s again: %s", s->src, s->dst,
			    strerror(errno));
			return -1;
		}
	}
	return do_copy(x, s);
}

/* ---- compression options ---- */

/* See exec_int.h. */
void
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

/* ---- compression ---- */

/* Adds a finished compression's sizes to the run's totals. */
static void
count_compressed(const struct rexec_opts *o, const struct rplan_step *s)
{
	struct stat a, b;

	if (o->totals == NULL || stat(s->src, &a) < 0 || stat(s->dst, &b) < 0)
		return;
	__atomic_add_fetch(&o->totals->comp_read, (unsigned long long)a.st_size,
	    __ATOMIC_RELAXED);
	__atomic_add_fetch(&o->totals->comp_written,
	    (unsigned long long)b.st_size, __ATOMIC_RELAXED);
}

/* Records how far a job got, under the engine's lock, as it ends. */
static void
job_done(struct job *jb, enum job_stage stage)
{
	pthread_mutex_lock(&jb->x->lock);
	jb->stage = stage;
	pthread_mutex_unlock(&jb->x->lock);
}

/*
 * compress_file for step s; with RSTEP_LOG_TIMES the result then takes
 * the log's times (a failure there is not an error, as in logrotate).
 * Safe in a worker thread.
 */
static int
compress_step(struct exec *x, const struct compressor *comp,
    const struct rplan_step *s, const struct compress_opts *co,
    struct hr_error *err)
{
	if (compress_file(comp, s->src, s->dst, co, err) < 0)
		return -1;
	count_compressed(x->o, s);
	if (s->flags & RSTEP_LOG_TIMES)
		(void)utimensat(
		    AT_FDCWD, s->dst, s->times, AT_SYMLINK_NOFOLLOW);
	return 0;
}

void
job_run(void *arg, void *worker_ctx)
{
	struct job *jb = arg;
	const struct rplan_step *s = jb->step;
	struct compress_opts co = COMPRESS_OPTS_INIT;
	enum job_stage stage = JOB_ROOM;
	int rc;

	(void)worker_ctx;
	compress_opts_for(&co, jb->conf, s->src, &jb->errtext);
	co.pool = jb->x->pool;
	rc = make_room(
	    jb->comp, s->src, s->dst, jb->x->plan->now, &jb->notes, &jb->err);
	if (rc == 0) {
		stage = JOB_COMPRESS;
		rc = compress_step(jb->x, jb->comp, s, &co, &jb->err);
	}
	if (rc >= 0 && jb->remove != NULL) {
		stage = JOB_REMOVE;
		rc = remove_file(
		    jb->remove->src, jb->conf, &jb->shred_failed, &jb->err);
	}
	job_done(jb, rc < 0 ? stage : JOB_DONE);
}

int
do_compress(struct exec *x, size_t i, const struct rplan_step *s)
{
	const struct rconf_log *c = exec_stanza(x, i)->conf;
	struct compress_opts co = COMPRESS_OPTS_INIT;
	struct hr_error err = HR_ERROR_INIT;
	struct sbuf errtext = SBUF_INIT, notes = SBUF_INIT;
	int rc;

	compress_opts_for(&co, c, s->src, &errtext);
	co.pool = x->pool;
	rc = make_room(
	    &x->ss[i].comp, s->src, s->dst, x->plan->now, &notes, &err);
	notes_report(x, &notes);
	sbuf_release(&notes);
	if (rc == 0)
		rc = compress_step(x, &x->ss[i].comp, s, &co, &err);
	else if (rc > 0)
		rc = 0;
	say_compress_stderr(x, s->src, &errtext);
	if (rc < 0)
		say_compress_failed(x, s->src, &err);
	sbuf_release(&errtext);
	hr_error_release(&err);
	return rc;
}
