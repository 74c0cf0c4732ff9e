/*
 * spawn: fork and exec, with everything the child needs built first.
 *
 * The child of a threaded process may only make async-signal-safe calls,
 * so the parent prepares argv, the environment and every candidate path
 * of a PATH search before fork.  The child then only dup2s, resets its
 * signal mask, switches ids, and execve()s the candidates in turn.  If
 * none runs, it writes { stage, errno } to a close-on-exec pipe and
 * _exits; the parent reads the pipe (empty at exec) and turns the record
 * into an error, so "cannot run 'x'" never looks like an exit status.
 */
#include "config.h"

#include <sys/types.h>
#include <sys/wait.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/spawn.h"
#include "lib/xalloc.h"

extern char **environ;

enum child_stage {
	STAGE_REDIRECT,
	STAGE_IDS,
	STAGE_EXEC,
};

struct child_report {
	int stage;
	int code;
};

/* What the child needs, all allocated before fork. */
struct prepared {
	char *const *argv;
	char **envp;   /* environ itself, or an array of borrowed strings */
	char **paths;  /* execve candidates, NULL-terminated, owned */
	int env_owned; /* envp must be freed (not its strings) */
};

static size_t
name_len(const char *entry)
{
	const char *eq = strchr(entry, '=');

	return eq ? (size_t)(eq - entry) : strlen(entry);
}

/* Whether environ entry e is replaced by one of add. */
static int
overridden(const char *e, const char *const *add)
{
	size_t n = name_len(e);

	for (; *add; add++) {
		if (name_len(*add) == n && strncmp(e, *add, n) == 0)
			return 1;
	}
	return 0;
}

static void
prepare_env(struct prepared *p, const char *const *add)
{
	size_t n = 0, k = 0, a = 0;
	char **e;

	if (add == NULL || add[0] == NULL) {
		p->envp = environ;
		return;
	}
	for (e = environ; e && *e; e++)
		n++;
	while (add[a])
		a++;
	p->envp = xcalloc(n + a + 1, sizeof(*p->envp));
	p->env_owned = 1;
	for (e = environ; e && *e; e++) {
		if (!overridden(*e, add))
			p->envp[k++] = *e;
	}
	for (a = 0; add[a]; a++)
		p->envp[k++] = (char *)add[a];
}

/* The execve candidates: file itself if it has a '/', else PATH. */
static void
prepare_paths(struct prepared *p, const char *file)
{
	const char *path = getenv("PATH"), *dir, *end;
	size_t n = 0, alloc = 0;

	if (strchr(file, '/') != NULL || *file == '\0') {
		p->paths = xcalloc(2, sizeof(*p->paths));
		p->paths[0] = xstrdup(file);
		return;
	}
	if (path == NULL)
		path = "/bin:/usr/bin";
	for (dir = path;; dir = end + 1) {
		end = strchr(dir, ':');
		if (end == NULL)
			end = dir + strlen(dir);
		XGROW(p->paths, n + 2, alloc);
		/* An empty PATH element means the current directory. */
		p->paths[n++] = end == dir
		    ? xasprintf("./%s", file)
		    : xasprintf("%.*s/%s", (int)(end - dir), dir, file);
		if (*end == '\0')
			break;
	}
	p->paths[n] = NULL;
}

static void
prepared_release(struct prepared *p)
{
	char **s;

	for (s = p->paths; s && *s; s++)
		free(*s);
	free(p->paths);
	if (p->env_owned)
		free(p->envp);
}

/* Child only: makes fd into target (clearing close-on-exec). */
static int
move_fd(int fd, int target)
{
	if (fd < 0)
		return 0;
	if (fd == target)
		return fcntl(fd, F_SETFD, 0);
	return dup2(fd, target) < 0 ? -1 : 0;
}

/*
 * Child only: in_fd, out_fd, err_fd become 0, 1, 2.  A source that is
 * itself one of 0..2 (say out_fd 2 and err_fd 1, a swap) is first moved
 * above 2, so no dup2 clobbers a source still to be used.
 */
static int
redirect(const struct spawn_opts *o)
{
	int fds[3] = { o->in_fd, o->out_fd, o->err_fd };
	int i;

	for (i = 0; i < 3; i++) {
		if (fds[i] >= 0 && fds[i] <= 2 && fds[i] != i) {
			fds[i] = fcntl(fds[i], F_DUPFD, 3);
			if (fds[i] < 0)
				return -1;
		}
	}
	for (i = 0; i < 3; i++) {
		if (move_fd(fds[i], i) < 0)
			return -1;
	}
	return 0;
}

/*
 * Child only: all of uid, gid and groups become the target's for good.
 * A parent under seteuid (logrotate's su) keeps real uid 0: the child
 * goes back to it first, because an effective non-root uid has no right
 * to set groups, and a child left with real uid 0 could take root back.
 * As logrotate's switch_user_permanently, being able to is a failure.
 */
static int
switch_ids(const struct spawn_opts *o)
{
	if (geteuid() != getuid() && seteuid(getuid()) < 0)
		return -1;
	if (geteuid() == 0 && setgroups(1, &o->gid) < 0)
		return -1;
	if (setgid(o->gid) < 0 || setuid(o->uid) < 0)
		return -1;
	if (o->uid != 0 && (setuid(0) == 0 || seteuid(0) == 0)) {
		errno = EPERM;
		return -1;
	}
	return 0;
}

/* Child only: async-signal-safe calls, then execve or report and die. */
static void
child(const struct spawn_opts *o, const struct prepared *p, int report)
{
	struct child_report r = { STAGE_REDIRECT, 0 };
	sigset_t none;
	char *const *path;
	int e = ENOENT;

	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	signal(SIGPIPE, SIG_DFL);
	if (redirect(o) < 0)
		goto fail;
	r.stage = STAGE_IDS;
	if (o->switch_ids && switch_ids(o) < 0)
		goto fail;
	r.stage = STAGE_EXEC;
	for (path = p->paths; *path; path++) {
		execve(*path, p->argv, p->envp);
		/* As execvp: remember EACCES, try on after "not here". */
		if (errno == EACCES)
			e = EACCES;
		else if (errno != ENOENT && errno != ENOTDIR &&
		    errno != ESTALE && errno != ENODEV && errno != ETIMEDOUT) {
			e = errno;
			break;
		}
	}
	errno = e;
fail:
	r.code = errno;
	while (write(report, &r, sizeof(r)) < 0 && errno == EINTR)
		;
	_exit(127);
}

/* Parent: turns the child's report into err, reaping the child. */
static int
child_failed(const struct spawn_opts *o, const struct child_report *r,
    pid_t pid, struct hr_error *err)
{
	const char *name = o->path ? o->path : o->argv[0];

	while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;
	switch (r->stage) {
	case STAGE_REDIRECT:
		return hr_error_set(err, r->code, name, 0,
		    "cannot redirect the standard streams of");
	case STAGE_IDS:
		return hr_error_set(err, r->code, name, 0,
		    "cannot switch to uid %ld gid %ld to run", (long)o->uid,
		    (long)o->gid);
	default:
		return hr_error_set(err, r->code, name, 0, "cannot run");
	}
}

/* A close-on-exec pipe whose ends are above 2, so no dup2 hits them. */
static int
report_pipe(int fds[2])
{
	int i, fd;

	if (pipe2(fds, O_CLOEXEC) < 0)
		return -1;
	for (i = 0; i < 2; i++) {
		if (fds[i] > 2)
			continue;
		fd = fcntl(fds[i], F_DUPFD_CLOEXEC, 3);
		close(fds[i]);
		fds[i] = fd;
	}
	if (fds[0] < 0 || fds[1] < 0) {
		if (fds[0] >= 0)
			close(fds[0]);
		if (fds[1] >= 0)
			close(fds[1]);
		return -1;
	}
	return 0;
}

int
spawn_start(const struct spawn_opts *o, pid_t *pid, struct hr_error *err)
{
	struct prepared p = { NULL, NULL, NULL, 0 };
	struct child_report r;
	int fds[2], rc = -1;
	ssize_t n;
	pid_t c;

	if (report_pipe(fds) < 0)
		return hr_error_set(
		    err, errno, o->argv[0], 0, "cannot make a pipe to run");
	p.argv = (char *const *)o->argv;
	prepare_env(&p, o->env_add);
	prepare_paths(&p, o->path ? o->path : o->argv[0]);
	c = fork();
	if (c == 0)
		child(o, &p, fds[1]);
	close(fds[1]);
	if (c < 0) {
		hr_error_set(err, errno, o->argv[0], 0, "cannot fork to run");
		goto out;
	}
	do
		n = read(fds[0], &r, sizeof(r));
	while (n < 0 && errno == EINTR);
	if (n == (ssize_t)sizeof(r)) {
		child_failed(o, &r, c, err);
		goto out;
	}
	*pid = c;
	rc = 0;
out:
	close(fds[0]);
	prepared_release(&p);
	return rc;
}

int
spawn_wait(pid_t pid, int *status, struct hr_error *err)
{
	int st;

	while (waitpid(pid, &st, 0) < 0) {
		if (errno != EINTR)
			return hr_error_set(err, errno, NULL, 0,
			    "cannot wait for process %ld", (long)pid);
	}
	*status = st;
	return 0;
}

int
spawn_run(const struct spawn_opts *o, int *status, struct hr_error *err)
{
	pid_t pid;

	if (spawn_start(o, &pid, err) < 0)
		return -1;
	return spawn_wait(pid, status, err);
}

int
spawn_shell(const char *script, const char *name, const char *const *args,
    const char *const *env_add, int *status, struct hr_error *err)
{
	struct spawn_opts o = SPAWN_OPTS_INIT;
	const char **argv;
	size_t n = 0, i;
	int rc;

	while (args && args[n])
		n++;
	argv = xcalloc(n + 5, sizeof(*argv));
	argv[0] = "sh";
	argv[1] = "-c";
	argv[2] = script;
	argv[3] = name;
	for (i = 0; i < n; i++)
		argv[4 + i] = args[i];
	o.argv = argv;
	o.path = "/bin/sh";
	o.env_add = env_add;
	rc = spawn_run(&o, status, err);
	free(argv);
	return rc;
}
