/*
 * exec_mail.c: the mail step.  The log (uncompressed on the way when it
 * is compressed) goes to the mail command's standard input; the log
 * itself is only read here, never changed.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "lib/spawn.h"
#include "rotate/compress.h"
#include "rotate/exec_int.h"

#define DEFAULT_MAILCMD "/usr/bin/mail"

static int
mail_feed(
    struct exec *x, size_t i, const struct rplan_step *s, int *in, int *feed)
{
	struct stat st;
	int p[2];

	*feed = -1;
	if (!(s->flags & RSTEP_UNCOMPRESS)) {
		*in = open_regular(x, s->src, O_RDONLY, &st, OPEN_FOR_MAIL);
		if (*in >= 0)
			fcntl(*in, F_SETFL, 0);
		return *in < 0 ? -1 : 0;
	}
	if (!x->ss[i].comp_ok) {
		exec_say(x, DIAG_ERROR, "no codec to uncompress %s", s->src);
		return -1;
	}
	if (pipe2(p, O_CLOEXEC) < 0) {
		exec_say(
		    x, DIAG_ERROR, "cannot make a pipe: %s", strerror(errno));
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
int
do_mail(struct exec *x, size_t i, const struct rplan_step *s)
{
	const struct rconf_log *c = exec_stanza(x, i)->conf;
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
		exec_say(x, DIAG_ERROR, "%s", hr_error_text(&err));
		exec_say(x, DIAG_ERROR, "mail command failed for %s", s->src);
		goto out;
	}
	close(in);
	in = -1;
	if (feed >= 0 && su == 0) {
		compress_opts_for(&co, c, s->src, NULL);
		unpacked = decompress_file(
		               &x->ss[i].comp, s->src, feed, &co, &err) == 0;
		if (!unpacked)
			exec_say(x, DIAG_ERROR, "%s", hr_error_text(&err));
	}
	if (feed >= 0) {
		close(feed);
		feed = -1;
	}
	if (spawn_wait(pid, &status, &err) == 0 && status == 0 && su == 0)
		rc = 0;
	else
		exec_say(x, DIAG_ERROR, "mail command failed for %s", s->src);
	/* The file is then kept: what was mailed is not all of it. */
	if (!unpacked) {
		exec_say(x, DIAG_ERROR, "uncompress command failed mailing %s",
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
