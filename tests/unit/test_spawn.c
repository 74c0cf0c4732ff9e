/*
 * Unit tests of lib/spawn: exit statuses, logrotate's script calling
 * convention ($0, $1, $2), environment, redirections, exec failures as
 * error records, signals, and switching ids (root only: skipped
 * otherwise, or failed when HEADROOM_REQUIRE_ALL is set).
 */
#include "config.h"

#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "lib/sbuf.h"
#include "lib/spawn.h"
#include "lib/xalloc.h"
#include "tests/unit/unit_util.h"

/* An unlinked temporary file, open for reading and writing. */
static int
tmp_fd(void)
{
	char name[] = "/tmp/hr-spawn.XXXXXX";
	int fd = mkostemp(name, O_CLOEXEC);

	assert_true(fd >= 0);
	unlink(name);
	return fd;
}

/* Everything written to fd, from its start, as a string (caller frees). */
static char *
slurp(int fd)
{
	struct sbuf sb = SBUF_INIT;
	char chunk[4096];
	off_t off = 0;
	ssize_t n;

	/* All of it: env(1) under `make distcheck` prints well over 4 KiB. */
	while ((n = pread(fd, chunk, sizeof(chunk), off)) > 0) {
		sbuf_add(&sb, chunk, (size_t)n);
		off += n;
	}
	assert_true(n == 0);
	return sbuf_detach(&sb);
}

/* fd holds exactly want, from its start. */
static void
expect_fd(int fd, const char *want)
{
	char *s = slurp(fd);

	assert_string_equal(s, want);
	free(s);
}

/* Runs script through spawn_shell with stdout captured. */
static char *
shell_output(const char *script, const char *name, const char *const *args,
    const char *const *env, int *status)
{
	struct hr_error err = HR_ERROR_INIT;
	int fd = tmp_fd(), saved = dup(1);
	char *out;

	/* spawn_shell inherits stdout, as logrotate's scripts do. */
	assert_true(saved >= 0);
	assert_int_equal(dup2(fd, 1), 1);
	assert_int_equal(spawn_shell(script, name, args, env, status, &err), 0);
	assert_int_equal(dup2(saved, 1), 1);
	close(saved);
	out = slurp(fd);
	close(fd);
	hr_error_release(&err);
	return out;
}

static void
test_exit_status(void **state)
{
	const char *const t[] = { "true", NULL };
	const char *const f[] = { "false", NULL };
	const char *const s3[] = { "sh", "-c", "exit 3", NULL };
	struct spawn_opts o = SPAWN_OPTS_INIT;
	struct hr_error err = HR_ERROR_INIT;
	int status = -1;

	(void)state;
	o.argv = t;
	assert_int_equal(spawn_run(&o, &status, &err), 0);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	o.argv = f;
	assert_int_equal(spawn_run(&o, &status, &err), 0);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 1);
	o.argv = s3;
	assert_int_equal(spawn_run(&o, &status, &err), 0);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 3);
	/* 127 from the program itself is a status, not a spawn failure. */
	assert_int_equal(
	    spawn_shell("exit 127", "x", NULL, NULL, &status, &err), 0);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 127);
	hr_error_release(&err);
}

/* logrotate: execl("/bin/sh", "sh", "-c", SCRIPT, "logrotate_script",
 * $1[, $2]). */
static void
test_shell_args(void **state)
{
	const char *const two[] = { "/var/log/a b.log", "/var/log/a b.log.1",
		NULL };
	const char *const one[] = { "/var/log/*.log ", NULL };
	const char *script = "printf '%s|%s|%s|%s' \"$0\" \"$#\" \"$1\" \"$2\"";
	int status = -1;
	char *out;

	(void)state;
	out = shell_output(script, "logrotate_script", two, NULL, &status);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	assert_string_equal(
	    out, "logrotate_script|2|/var/log/a b.log|/var/log/a b.log.1");
	free(out);
	out = shell_output(script, "logrotate_script", one, NULL, &status);
	assert_string_equal(out, "logrotate_script|1|/var/log/*.log |");
	free(out);
	out = shell_output(script, "name", NULL, NULL, &status);
	assert_string_equal(out, "name|0||");
	free(out);
	/* A multi-line script with a failing last command. */
	out =
	    shell_output("echo one\necho two\nfalse", "s", NULL, NULL, &status);
	assert_string_equal(out, "one\ntwo\n");
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 1);
	free(out);
}

static void
test_env_add(void **state)
{
	const char *const env[] = { "HR_SPAWN_A=one", "HOME=/override",
		"HR_SPAWN_EMPTY=", NULL };
	const char *const envcmd[] = { "env", NULL };
	struct spawn_opts o = SPAWN_OPTS_INIT;
	struct hr_error err = HR_ERROR_INIT;
	int status = -1, fd = tmp_fd();
	char *out, *raw;

	(void)state;
	assert_int_equal(setenv("HR_SPAWN_KEEP", "kept", 1), 0);
	assert_int_equal(setenv("HOME", "/original", 1), 0);
	out = shell_output("printf '%s|%s|%s|%s' \"$HR_SPAWN_A\" \"$HOME\" "
	                   "\"$HR_SPAWN_KEEP\" \"${HR_SPAWN_EMPTY-unset}\"",
	    "s", NULL, env, &status);
	assert_string_equal(out, "one|/override|kept|");
	free(out);
	/* env(1) prints the raw environment: HOME once, replaced. */
	o.argv = envcmd;
	o.env_add = env;
	o.out_fd = fd;
	assert_int_equal(spawn_run(&o, &status, &err), 0);
	raw = slurp(fd);
	out = xasprintf("\n%s", raw); /* so every line starts with \n */
	free(raw);
	assert_non_null(strstr(out, "\nHOME=/override\n"));
	assert_null(strstr(out, "HOME=/original"));
	assert_non_null(strstr(out, "\nHR_SPAWN_KEEP=kept\n"));
	free(out);
	close(fd);
	hr_error_release(&err);
	/* The parent's environment is unchanged. */
	assert_string_equal(getenv("HOME"), "/original");
	assert_null(getenv("HR_SPAWN_A"));
}

static void
test_redirect(void **state)
{
	const char *const cat[] = { "cat", NULL };
	const char *const both[] = { "sh", "-c", "echo out; echo err >&2",
		NULL };
	struct spawn_opts o = SPAWN_OPTS_INIT;
	struct hr_error err = HR_ERROR_INIT;
	int in = tmp_fd(), out = tmp_fd(), errf = tmp_fd(), status = -1;

	(void)state;
	assert_int_equal(write(in, "line 1\nline 2\n", 14), 14);
	assert_true(lseek(in, 0, SEEK_SET) == 0);
	o.argv = cat;
	o.in_fd = in;
	o.out_fd = out;
	assert_int_equal(spawn_run(&o, &status, &err), 0);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	expect_fd(out, "line 1\nline 2\n");
	/* stdout and stderr apart, then both into one file. */
	o.argv = both;
	o.in_fd = -1;
	assert_int_equal(ftruncate(out, 0), 0);
	assert_true(lseek(out, 0, SEEK_SET) == 0);
	o.err_fd = errf;
	assert_int_equal(spawn_run(&o, &status, &err), 0);
	expect_fd(out, "out\n");
	expect_fd(errf, "err\n");
	close(in);
	close(out);
	close(errf);
	hr_error_release(&err);
}

/* Swapped descriptors: out_fd is the parent's 2 and err_fd its 1. */
static void
test_redirect_swap(void **state)
{
	const char *const both[] = { "sh", "-c", "echo out; echo err >&2",
		NULL };
	struct spawn_opts o = SPAWN_OPTS_INIT;
	struct hr_error err = HR_ERROR_INIT;
	int a = tmp_fd(), b = tmp_fd(), s1 = dup(1), s2 = dup(2), status;

	(void)state;
	assert_int_equal(dup2(a, 1), 1);
	assert_int_equal(dup2(b, 2), 2);
	o.argv = both;
	o.out_fd = 2;
	o.err_fd = 1;
	assert_int_equal(spawn_run(&o, &status, &err), 0);
	dup2(s1, 1);
	dup2(s2, 2);
	expect_fd(b, "out\n");
	expect_fd(a, "err\n");
	close(a);
	close(b);
	close(s1);
	close(s2);
	hr_error_release(&err);
}

/* No child may be left unreaped after a failed start. */
static void
assert_no_children(void)
{
	assert_int_equal(waitpid(-1, NULL, WNOHANG), -1);
	assert_int_equal(errno, ECHILD);
}

static void
test_exec_failure(void **state)
{
	const char *const missing[] = { "hr-no-such-program", NULL };
	const char *const abs[] = { "/nonexistent/prog", NULL };
	char name[] = "/tmp/hr-spawn-noexec.XXXXXX";
	const char *noexec[] = { name, NULL };
	struct spawn_opts o = SPAWN_OPTS_INIT;
	struct hr_error err = HR_ERROR_INIT;
	pid_t pid = -7;
	int status = -1, fd;

	(void)state;
	o.argv = missing;
	assert_int_equal(spawn_start(&o, &pid, &err), -1);
	assert_int_equal(pid, -7);
	assert_int_equal(err.code, ENOENT);
	assert_string_equal(hr_error_text(&err),
	    "cannot run 'hr-no-such-program': No such file or directory");
	assert_no_children();
	o.argv = abs;
	assert_int_equal(spawn_run(&o, &status, &err), -1);
	assert_int_equal(status, -1);
	assert_string_equal(hr_error_text(&err),
	    "cannot run '/nonexistent/prog': No such file or directory");
	/* A file without execute permission: EACCES, even for root. */
	fd = mkstemp(name);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "#!/bin/sh\n", 10), 10);
	close(fd);
	assert_int_equal(chmod(name, 0644), 0);
	o.argv = noexec;
	assert_int_equal(spawn_run(&o, &status, &err), -1);
	assert_int_equal(err.code, EACCES);
	assert_non_null(strstr(hr_error_text(&err), "': Permission denied"));
	unlink(name);
	assert_no_children();
	hr_error_release(&err);
}

/* PATH is searched as execvp does, and an unset PATH is /bin:/usr/bin. */
static void
test_path_search(void **state)
{
	const char *const t[] = { "true", NULL };
	struct spawn_opts o = SPAWN_OPTS_INIT;
	struct hr_error err = HR_ERROR_INIT;
	char *old = xstrdup(getenv("PATH") ? getenv("PATH") : "/usr/bin:/bin");
	int status = -1;

	(void)state;
	o.argv = t;
	assert_int_equal(setenv("PATH", "/nonexistent::/usr/bin", 1), 0);
	assert_int_equal(spawn_run(&o, &status, &err), 0);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	assert_int_equal(setenv("PATH", "/nonexistent", 1), 0);
	assert_int_equal(spawn_run(&o, &status, &err), -1);
	assert_int_equal(err.code, ENOENT);
	assert_int_equal(unsetenv("PATH"), 0);
	assert_int_equal(spawn_run(&o, &status, &err), 0);
	assert_int_equal(setenv("PATH", old, 1), 0);
	free(old);
	hr_error_release(&err);
}

static void
test_signals(void **state)
{
	const char *const sl[] = { "sleep", "30", NULL };
	struct spawn_opts o = SPAWN_OPTS_INIT;
	struct hr_error err = HR_ERROR_INIT;
	sigset_t term, old;
	int status = -1;
	pid_t pid;

	(void)state;
	o.argv = sl;
	assert_int_equal(spawn_start(&o, &pid, &err), 0);
	assert_true(pid > 0);
	assert_int_equal(kill(pid, SIGKILL), 0);
	assert_int_equal(spawn_wait(pid, &status, &err), 0);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGKILL);
	/* A script that kills itself. */
	assert_int_equal(
	    spawn_shell("kill -9 $$", "s", NULL, NULL, &status, &err), 0);
	assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
	/* A signal blocked in the parent is not blocked in the child. */
	sigemptyset(&term);
	sigaddset(&term, SIGTERM);
	assert_int_equal(sigprocmask(SIG_BLOCK, &term, &old), 0);
	assert_int_equal(spawn_shell("kill -TERM $$; exit 0", "s", NULL, NULL,
	                     &status, &err),
	    0);
	assert_int_equal(sigprocmask(SIG_SETMASK, &old, NULL), 0);
	assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM);
	/* Waiting for a process that is not a child is an error. */
	assert_int_equal(spawn_wait(1, &status, &err), -1);
	assert_int_equal(err.code, ECHILD);
	assert_string_equal(hr_error_text(&err),
	    "cannot wait for process 1: No child processes");
	hr_error_release(&err);
}

/*
 * The child of switch_ids has uid 65534 and gid 65533 as its real,
 * effective and saved ids and {65533} as its groups, whether the parent
 * is root or, with under_su, root under seteuid as a "su" stanza runs
 * (then the child also goes back to root first, to drop it for good).
 */
static void
check_switched_ids(int under_su)
{
	const char *const id[] = { "sh", "-c",
		"echo $(id -ru) $(id -u) $(id -rg) $(id -g) $(id -G)", NULL };
	struct spawn_opts o = SPAWN_OPTS_INIT;
	struct hr_error err = HR_ERROR_INIT;
	int out = tmp_fd(), status = -1, rc;

	o.argv = id;
	o.out_fd = out;
	o.switch_ids = 1;
	o.uid = 65534;
	o.gid = 65533;
	if (under_su) {
		assert_int_equal(setegid(65533), 0);
		assert_int_equal(seteuid(65534), 0);
	}
	rc = spawn_run(&o, &status, &err);
	if (under_su) {
		assert_int_equal(seteuid(0), 0);
		assert_int_equal(setegid(0), 0);
	}
	assert_int_equal(rc, 0);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	expect_fd(out, "65534 65534 65533 65533 65533\n");
	close(out);
	hr_error_release(&err);
}

static void
test_switch_ids(void **state)
{
	(void)state;
	if (geteuid() != 0)
		unit_skip("switching ids needs root");
	check_switched_ids(0);
	check_switched_ids(1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exit_status),
		cmocka_unit_test(test_shell_args),
		cmocka_unit_test(test_env_add),
		cmocka_unit_test(test_redirect),
		cmocka_unit_test(test_redirect_swap),
		cmocka_unit_test(test_exec_failure),
		cmocka_unit_test(test_path_search),
		cmocka_unit_test(test_signals),
		cmocka_unit_test(test_switch_ids),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
