/*
 * compress_cmd.c: an external compressor, run exactly as logrotate 3.21
 * runs it (compressLogFile): argv = compresscmd followed by the words of
 * compressoptions, looked up in PATH (execvp); standard input is the
 * source, standard output the target, standard error a pipe whose text
 * goes back to the caller; LOGROTATE_COMPRESSED_FILENAME names the
 * source.  A non-zero exit or a death by signal is a failure; text on
 * standard error alone is not (logrotate only reports it).
 *
 * Decompression (for mail) runs uncompresscmd alone on the same plumbing,
 * as logrotate's mail code does.
 *
 * The pipe is created close-on-exec, so a compressor started at the same
 * time by another pool worker does not hold this one's write end open
 * (which would delay our end of file until that other program ends).
 */
#include "config.h"

#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/sbuf.h"
#include "lib/spawn.h"
#include "lib/xalloc.h"
#include "rotate/compress.h"
#include "rotate/compress_int.h"

/* Keep at most this much stderr text; the rest is read and dropped. */
#define ERRTEXT_MAX (64 * 1024)

/* Reads the pipe to end of file, keeping up to ERRTEXT_MAX bytes. */
static void
drain_stderr(int fd, struct sbuf *errtext)
{
	char buf[4096];
	size_t kept = 0;
	ssize_t n;

	while ((n = compress_read(fd, buf, sizeof(buf), NULL, NULL)) > 0) {
		size_t keep = (size_t)n;

		if (kept + keep > ERRTEXT_MAX)
			keep = ERRTEXT_MAX - kept;
		if (errtext && keep > 0)
			sbuf_add(errtext, buf, keep);
		kept += keep;
	}
}

/* The verdict on a wait status, as logrotate gives it. */
static int
check_status(int status, const char *what, const struct compress_opts *o,
    struct hr_error *err)
{
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	if (WIFSIGNALED(status))
		return hr_error_set(err, 0, compress_subject(o), 0,
		    "failed to %s log (killed by signal %d)", what,
		    WTERMSIG(status));
	return hr_error_set(err, 0, compress_subject(o), 0,
	    "failed to %s log (exit status %d)", what, WEXITSTATUS(status));
}

/* Runs argv with in_fd -> stdin, out_fd -> stdout, stderr collected. */
static int
run(const char *const *argv, const char *const *env, int in_fd, int out_fd,
    const char *what, const struct compress_opts *o, struct hr_error *err)
{
	struct spawn_opts so = SPAWN_OPTS_INIT;
	int pfd[2], status;
	pid_t pid;

	if (pipe2(pfd, O_CLOEXEC) < 0)
		return hr_error_set(err, errno, compress_subject(o), 0,
		    "cannot make a pipe to %s", what);
	so.argv = argv;
	so.env_add = env;
	so.in_fd = in_fd;
	so.out_fd = out_fd;
	so.err_fd = pfd[1];
	so.switch_ids = o->switch_ids;
	so.uid = o->uid;
	so.gid = o->gid;
	if (spawn_start(&so, &pid, err) < 0) {
		close(pfd[0]);
		close(pfd[1]);
		return -1;
	}
	close(pfd[1]);
	drain_stderr(pfd[0], o->errtext);
	close(pfd[0]);
	if (spawn_wait(pid, &status, err) < 0)
		return -1;
	return check_status(status, what, o, err);
}

static int
cmd_compress(const struct compressor *c, int in_fd, int out_fd,
    const struct compress_opts *o, struct hr_error *err)
{
	const char **argv;
	const char *env[2] = { NULL, NULL };
	char *var = NULL;
	size_t n = 0, i;
	int ret;

	while (c->options && c->options[n])
		n++;
	argv = xcalloc(n + 2, sizeof(*argv));
	argv[0] = c->cmd;
	for (i = 0; i < n; i++)
		argv[i + 1] = c->options[i];
	if (o->src_path) {
		var =
		    xasprintf("LOGROTATE_COMPRESSED_FILENAME=%s", o->src_path);
		env[0] = var;
	}
	ret = run(argv, env, in_fd, out_fd, "compress", o, err);
	free(var);
	free(argv);
	return ret;
}

static int
cmd_decompress(const struct compressor *c, int in_fd, int out_fd,
    const struct compress_opts *o, struct hr_error *err)
{
	const char *argv[2] = { c->uncompress_cmd, NULL };

	if (c->uncompress_cmd == NULL || *c->uncompress_cmd == '\0')
		return hr_error_set(err, 0, compress_subject(o), 0,
		    "no uncompresscmd to decompress");
	return run(argv, NULL, in_fd, out_fd, "decompress", o, err);
}

const struct compress_ops compress_cmd_ops = {
	"command",
	".gz",
	cmd_compress,
	cmd_decompress,
};
