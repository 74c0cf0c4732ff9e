/*
 * spawn: run a program or a shell script and get its exit status back.
 *
 * argv and the environment are built before fork; the child uses only
 * async-signal-safe calls and ends with _exit.  An exec failure is sent to
 * the parent through a close-on-exec pipe, so "cannot run 'x': No such
 * file or directory" is an error record, not a child exit code.
 */
#ifndef HR_SPAWN_H
#define HR_SPAWN_H

#include <sys/types.h>

#include "lib/diag.h"

struct spawn_opts {
	const char *const *argv;    /* borrowed; argv[0] is looked up in PATH */
	const char *const *env_add; /* "NAME=value" added to environ, or NULL */
	int in_fd, out_fd, err_fd;  /* dup'ed to 0, 1, 2; -1 inherits */
	int switch_ids;             /* the child becomes uid, gid for good */
	uid_t uid;
	gid_t gid;
	const char *path; /* run this file instead of argv[0] (not looked up) */
};
#define SPAWN_OPTS_INIT                                                        \
	{                                                                      \
		NULL, NULL, -1, -1, -1, 0, 0, 0, NULL                          \
	}

/*
 * The child gets: argv; environ with env_add's entries added (an entry
 * replaces one of the same NAME); in_fd, out_fd and err_fd (which may be
 * close-on-exec) as 0, 1, 2; an empty signal mask and SIGPIPE reset to
 * its default; with switch_ids, real, effective and saved uid and gid
 * become uid and gid and the groups {gid}, even under seteuid.  A
 * name without '/' is searched in PATH (or "/bin:/usr/bin") as execvp
 * does, but the candidates are made before fork.  Every failure before
 * the program runs is an error record, with the child already reaped:
 * "cannot run 'x': No such file or directory" (or "Permission denied"),
 * "cannot switch to uid U gid G to run 'x': ...".
 */

/* Starts the child.  Returns 0 with *pid set, or -1 with err set. */
int spawn_start(const struct spawn_opts *o, pid_t *pid, struct hr_error *err);

/*
 * Waits for pid.  *status gets the wait status (WIFEXITED ...).  Returns 0
 * or -1 with err set.
 */
int spawn_wait(pid_t pid, int *status, struct hr_error *err);

/* spawn_start + spawn_wait (a start failure leaves *status unset). */
int spawn_run(const struct spawn_opts *o, int *status, struct hr_error *err);

/*
 * Runs a script as logrotate does, execl("/bin/sh", "sh", "-c", SCRIPT,
 * NAME, ARGS...): NAME becomes $0 and ARGS $1, $2 ...  args is
 * NULL-terminated (may be NULL); env_add as in spawn_opts.  stdin,
 * stdout, stderr, cwd and umask are inherited.  Returns 0 with *status
 * set (any non-zero status is the script's failure), or -1 with err set
 * when /bin/sh could not be run at all.
 */
int spawn_shell(const char *script, const char *name, const char *const *args,
    const char *const *env_add, int *status, struct hr_error *err);

#endif
