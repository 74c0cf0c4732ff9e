/*
 * test_state_lock: the state file's lock: held, waited for, given up,
 * refused on a world-readable file, and its errors.
 */
#include "config.h"

#include <sys/file.h>
#include <sys/resource.h>
#include <sys/stat.h>
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

#include "lib/clock.h"
#include "lib/sbuf.h"
#include "lib/xalloc.h"
#include "rotate/state.h"
#include "tests/unit/unit_util.h"

#define HEADER "logrotate state -- version 2\n"

/*
 * Runs rstate_lock(path, m) in a child; returns its result as the child's
 * exit status: 0, 1, 2 or 3 for 0, 1, -1 or -2.
 */
static int
lock_in_child(const char *path, enum rstate_lock_mode m)
{
	pid_t pid = fork();
	int status;

	assert_true(pid >= 0);
	if (pid == 0) {
		struct rstate st = RSTATE_INIT;
		int r = rstate_lock(&st, path, m, NULL);

		_exit(r == 0 ? 0 : r == 1 ? 1 : r == -1 ? 2 : 3);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

/* 0 when a locking child gets -2 with exactly the message want. */
static int
lock_message_in_child(const char *path, const char *want)
{
	pid_t pid = fork();
	int status;

	assert_true(pid >= 0);
	if (pid == 0) {
		struct rstate st = RSTATE_INIT;
		struct hr_error err = HR_ERROR_INIT;

		if (rstate_lock(&st, path, RSTATE_LOCK_NB, &err) != -2)
			_exit(1);
		_exit(strcmp(hr_error_text(&err), want) == 0 ? 0 : 2);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

static void
test_lock(void **unused)
{
	struct rstate st = RSTATE_INIT;
	struct hr_error err = HR_ERROR_INIT;
	char *path = xstrdup(P("locked")), *want;
	struct stat sb;
	mode_t old = umask(022);

	(void)unused;
	assert_int_equal(rstate_lock(&st, path, RSTATE_LOCK_NB, &err), 0);
	umask(old);
	assert_true(st.lock_fd >= 0);
	/* The stub: created empty, 0640, and read as an empty state. */
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 07777, 0640);
	assert_int_equal(sb.st_size, 0);
	assert_int_equal(rstate_read(&st, path, &err), 0);
	assert_int_equal(st.n, 0);
	/* Held: another process is refused (logrotate exits 3). */
	assert_int_equal(lock_in_child(path, RSTATE_LOCK_NB), 3);
	assert_int_equal(lock_in_child(path, RSTATE_LOCK_SKIP), 0);
	want = xasprintf("state file %s is already locked\n"
	                 "logrotate does not support parallel execution on "
	                 "the same set of logfiles.",
	    path);
	assert_int_equal(lock_message_in_child(path, want), 0);
	free(want);
	rstate_release(&st);
	assert_int_equal(st.lock_fd, -1);
	assert_int_equal(lock_in_child(path, RSTATE_LOCK_NB), 0);
	hr_error_release(&err);
	free(path);
}

/* --wait-for-state-lock blocks until the holder lets go. */
static void
test_lock_wait(void **unused)
{
	struct rstate st = RSTATE_INIT;
	char *path = xstrdup(P("waited"));
	uint64_t t0;
	pid_t pid;
	int status;

	(void)unused;
	assert_int_equal(rstate_lock(&st, path, RSTATE_LOCK_NB, NULL), 0);
	t0 = hr_mono_ns();
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct rstate child = RSTATE_INIT;
		int r;

		close(st.lock_fd); /* the inherited copy would hold the lock */
		r = rstate_lock(&child, path, RSTATE_LOCK_WAIT, NULL);

		/* It waited for the holder (who lets go after 300 ms). */
		_exit(r == 0 && hr_mono_ns() - t0 >= 150000000u ? 0 : 1);
	}
	usleep(300000);
	rstate_release(&st);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	free(path);
}

static void
test_lock_world_readable_and_skip(void **unused)
{
	struct rstate st = RSTATE_INIT;
	struct hr_error err = HR_ERROR_INIT;
	char *path = xstrdup(P("public")), *want;
	int fd;

	(void)unused;
	put_file(path, HEADER, strlen(HEADER), 0640);
	assert_int_equal(chmod(path, 0644), 0);
	/* Someone else holds a flock: the lock is skipped, not waited for. */
	fd = open(path, O_RDONLY);
	assert_true(fd >= 0);
	assert_int_equal(flock(fd, LOCK_EX), 0);
	assert_int_equal(rstate_lock(&st, path, RSTATE_LOCK_NB, &err), 1);
	assert_int_equal(st.lock_fd, -1);
	want = xasprintf("state file %s is world-readable and thus can be "
	                 "locked from other unprivileged users. Skipping "
	                 "lock acquisition...",
	    path);
	assert_string_equal(hr_error_text(&err), want);
	free(want);
	hr_error_release(&err);
	/* --skip-state-lock: no flock at all, even on a 0600 file. */
	assert_int_equal(chmod(path, 0600), 0);
	assert_int_equal(rstate_lock(&st, path, RSTATE_LOCK_SKIP, &err), 0);
	assert_int_equal(st.lock_fd, -1);
	assert_int_equal(rstate_lock(&st, path, RSTATE_LOCK_NB, &err), -2);
	close(fd);
	assert_int_equal(rstate_lock(&st, path, RSTATE_LOCK_NB, &err), 0);
	/* A missing file is created as a stub by the skip mode as well. */
	rstate_release(&st);
	free(path);
	path = xstrdup(P("skipped"));
	assert_int_equal(rstate_lock(&st, path, RSTATE_LOCK_SKIP, &err), 0);
	assert_int_equal(access(path, F_OK), 0);
	hr_error_release(&err);
	rstate_release(&st);
	free(path);
}

static void
test_lock_errors(void **unused)
{
	struct rstate st = RSTATE_INIT;
	struct hr_error err = HR_ERROR_INIT;
	char *path = xstrdup(P("no/such/dir/state"));

	(void)unused;
	assert_int_equal(rstate_lock(&st, path, RSTATE_LOCK_NB, &err), -1);
	assert_int_equal(err.code, ENOENT);
	assert_non_null(
	    strstr(hr_error_text(&err), "error creating stub state file"));
	hr_error_release(&err);
	free(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lock),
		cmocka_unit_test(test_lock_wait),
		cmocka_unit_test(test_lock_world_readable_and_skip),
		cmocka_unit_test(test_lock_errors),
	};

	setenv("TZ", "UTC0", 1);
	tzset();
	return cmocka_run_group_tests(tests, unit_dir_setup, unit_dir_teardown);
}
