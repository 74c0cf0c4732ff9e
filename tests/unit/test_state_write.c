/*
 * test_state_write: how rotate/state writes the state file: owner and
 * mode kept or chosen, and a failure that leaves the old file whole
 * (a FIFO, a read-only directory, an error midway); /dev/null as state.
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
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "lib/sbuf.h"
#include "lib/xalloc.h"
#include "rotate/state.h"
#include "tests/unit/unit_util.h"

#define HEADER "logrotate state -- version 2\n"

/* 2026-11-30 19:10:26 UTC, a Monday. */
static const time_t NOW = 1796065826;

static void
test_write_keeps_owner_and_mode(void **unused)
{
	struct rstate st = RSTATE_INIT;
	struct hr_error err = HR_ERROR_INIT;
	char *path = xstrdup(P("owned")), *tmp = xstrdup(P("owned.tmp"));
	struct stat sb;

	(void)unused;
	if (geteuid() != 0)
		unit_skip("changing a file's owner needs root");
	put_file(path, HEADER, strlen(HEADER), 0640);
	assert_int_equal(chown(path, 12345, 54321), 0);
	assert_int_equal(chmod(path, 0664), 0);
	put_file(tmp, "stale", 5, 0640);
	rstate_get(&st, "/x", NOW);
	assert_int_equal(rstate_write(&st, path, NOW, &err), 0);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 07777, 0660);
	assert_int_equal(sb.st_uid, 12345);
	assert_int_equal(sb.st_gid, 54321);
	assert_int_equal(access(tmp, F_OK), -1);
	free(read_file(path, NULL));
	rstate_release(&st);
	free(path);
	free(tmp);
}

static void
test_write_new_and_mode(void **unused)
{
	struct rstate st = RSTATE_INIT;
	struct hr_error err = HR_ERROR_INIT;
	char *path = xstrdup(P("fresh")), *data;
	struct stat sb;

	(void)unused;
	rstate_get(&st, "/x", NOW);
	assert_int_equal(rstate_write(&st, path, NOW, &err), 0);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 07777, 0640);
	assert_int_equal(chmod(path, 0604), 0);
	assert_int_equal(rstate_write(&st, path, NOW, &err), 0);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 07777, 0600);
	data = read_file(path, NULL);
	assert_string_equal(data, HEADER "\"/x\" 2026-11-30-19:0:0\n");
	free(data);
	rstate_release(&st);
	free(path);
}

/* A write that fails leaves the old state file as it was. */
static void
test_write_failure_keeps_old(void **unused)
{
	static const char old[] = HEADER "\"/old\" 2020-1-1-0:0:0\n";
	struct rstate st = RSTATE_INIT;
	struct hr_error err = HR_ERROR_INIT;
	char *path = xstrdup(P("kept")), *tmp = xstrdup(P("kept.tmp")), *inner,
	     *data;
	char *fifo;
	struct stat sb;

	(void)unused;
	put_file(path, old, strlen(old), 0640);
	assert_int_equal(mkdir(tmp, 0700), 0);
	inner = xasprintf("%s/x", tmp);
	put_file(inner, "", 0, 0640);
	rstate_get(&st, "/new", NOW);
	assert_int_equal(rstate_write(&st, path, NOW, &err), -1);
	assert_non_null(strstr(
	    hr_error_text(&err), "error removing old temporary state file"));
	data = read_file(path, NULL);
	assert_string_equal(data, old);
	free(data);
	hr_error_release(&err);
	unlink(inner);
	rmdir(tmp);
	/* Not a regular file: refused, and the FIFO stays a FIFO. */
	fifo = xstrdup(P("fifo"));
	assert_int_equal(mkfifo(fifo, 0600), 0);
	assert_int_equal(rstate_read(&st, fifo, &err), 0); /* not blocked */
	assert_int_equal(rstate_write(&st, fifo, NOW, &err), -1);
	assert_non_null(strstr(hr_error_text(&err), "not a regular file"));
	assert_int_equal(stat(fifo, &sb), 0);
	assert_true(S_ISFIFO(sb.st_mode));
	hr_error_release(&err);
	free(fifo);
	/* A directory that is not writable: the tmp cannot be created. */
	if (geteuid() != 0) {
		char *ro = xstrdup(P("ro")), *rostate = xstrdup(P("ro/state"));

		assert_int_equal(mkdir(ro, 0700), 0);
		put_file(rostate, old, strlen(old), 0640);
		assert_int_equal(chmod(ro, 0500), 0);
		assert_int_equal(rstate_write(&st, rostate, NOW, &err), -1);
		data = read_file(rostate, NULL);
		assert_string_equal(data, old);
		free(data);
		chmod(ro, 0700);
		free(ro);
		free(rostate);
		hr_error_release(&err);
	}
	rstate_release(&st);
	free(inner);
	free(path);
	free(tmp);
}

/*
 * A write that fails half way (the file size limit stands in for a full
 * disk): -1, no tmp file left, the old state as it was.  Runs in a child,
 * which reports 0 for success.
 */
static void
test_write_error_midway(void **unused)
{
	static const char old[] = HEADER "\"/old\" 2020-1-1-0:0:0\n";
	char *path = xstrdup(P("midway")), *tmp = xstrdup(P("midway.tmp")),
	     *data;
	pid_t pid;
	int status;

	(void)unused;
	put_file(path, old, strlen(old), 0640);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct rstate st = RSTATE_INIT;
		struct hr_error err = HR_ERROR_INIT;
		struct rlimit rl = { 100, 100 };
		char name[32];
		int i;

		signal(SIGXFSZ, SIG_IGN);
		if (setrlimit(RLIMIT_FSIZE, &rl) < 0)
			_exit(1);
		for (i = 0; i < 100; i++) {
			snprintf(name, sizeof(name), "/log%d", i);
			rstate_get(&st, name, NOW);
		}
		if (rstate_write(&st, path, NOW, &err) != -1)
			_exit(2);
		_exit(err.code == EFBIG && strstr(err.msg, "error writing")
		        ? 0
		        : 3);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_int_equal(access(tmp, F_OK), -1);
	data = read_file(path, NULL);
	assert_string_equal(data, old);
	free(data);
	free(path);
	free(tmp);
}

static void
test_dev_null(void **unused)
{
	struct rstate st = RSTATE_INIT;
	struct hr_error err = HR_ERROR_INIT;
	struct stat sb;

	(void)unused;
	assert_int_equal(
	    rstate_lock(&st, "/dev/null", RSTATE_LOCK_NB, &err), 0);
	assert_int_equal(st.lock_fd, -1);
	assert_int_equal(rstate_read(&st, "/dev/null", &err), 0);
	assert_int_equal(st.n, 0);
	rstate_get(&st, "/x", NOW);
	assert_int_equal(rstate_write(&st, "/dev/null", NOW, &err), 0);
	assert_int_equal(stat("/dev/null", &sb), 0);
	assert_true(S_ISCHR(sb.st_mode));
	assert_int_equal(access("/dev/null.tmp", F_OK), -1);
	rstate_release(&st);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_write_keeps_owner_and_mode),
		cmocka_unit_test(test_write_new_and_mode),
		cmocka_unit_test(test_write_failure_keeps_old),
		cmocka_unit_test(test_write_error_midway),
		cmocka_unit_test(test_dev_null),
	};

	setenv("TZ", "UTC0", 1);
	tzset();
	return cmocka_run_group_tests(tests, unit_dir_setup, unit_dir_teardown);
}
