/*
 * Unit tests of scanner/reclaim: who must let go of a deleted file, read
 * from a /proc made up in a temporary directory: nginx's workers lead to
 * their master's kill -USR1, a process of a system service to its
 * restart, a user's service or a lone process to truncating its
 * descriptors; files with the same holders make one item, small items
 * are left out.  Also deleted_read_proc, the one reader of a small /proc
 * file that scanner/deleted.c and reclaim_deleted.c share.
 */
#include "config.h"

#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "lib/sbuf.h"
#include "scanner/deleted.h"
#include "scanner/reclaim.h"

#define MB (1ULL << 20)

static char proc[] = "/tmp/headroom-reclaim.XXXXXX";

static void
put(int pid, const char *name, const char *text)
{
	char path[256];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%d", proc, pid);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/%d/%s", proc, pid, name);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
}

static void
process(int pid, const char *comm, int ppid, const char *cgroup)
{
	char stat[128];

	snprintf(stat, sizeof(stat), "%d (%s) S %d 1 1 0", pid, comm, ppid);
	put(pid, "stat", stat);
	put(pid, "comm", comm);
	put(pid, "cgroup", cgroup);
}

static int
setup(void **state)
{
	(void)state;
	assert_non_null(mkdtemp(proc));
	/* nginx: master 10 under init, workers 11 and 12. */
	process(10, "nginx", 1, "0::/system.slice/nginx.service\n");
	process(11, "nginx", 10, "0::/system.slice/nginx.service\n");
	process(12, "nginx", 10, "0::/system.slice/nginx.service\n");
	/* A service's process, in cgroup v1 and v2 lines. */
	process(20, "java", 1,
	    "12:pids:/system.slice/app.service\n"
	    "1:name=systemd:/system.slice/app.service\n");
	/* A user's service: no system unit to restart. */
	process(30, "python3", 1,
	    "0::/user.slice/user-1000.slice/user@1000.service/app.slice/"
	    "x.service\n");
	return 0;
}

static int
teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", proc);
	return system(cmd);
}

static struct deleted_file
file(const char *path, uint64_t disk, struct deleted_holder *h, size_t n)
{
	struct deleted_file f = { (char *)path, 1, 2, disk, disk, h, n };

	return f;
}

static const struct reclaim_item *
item_for(const struct reclaim *rc, const char *what)
{
	size_t i;

	for (i = 0; i < rc->nitems; i++)
		if (strstr(rc->items[i].what, what) != NULL)
			return &rc->items[i];
	fail_msg("no item with '%s'", what);
	return NULL;
}

static void
test_holders(void **state)
{
	struct deleted_holder ng[] = { { 11, 5, "nginx" }, { 12, 5, "nginx" } };
	struct deleted_holder java[] = { { 20, 7, "java" } };
	struct deleted_holder py[] = { { 30, 4, "python3" } };
	struct deleted_holder both[] = { { 12, 9, "nginx" },
		{ 30, 6, "python3" } };
	struct deleted_holder sh[] = { { 40, 3, "sh" } };
	struct deleted_file files[] = {
		file("/var/log/nginx/access.log.1", 30 * MB, ng, 2),
		file("/var/log/nginx/error.log.1", 2 * MB, ng, 1),
		file("/srv/app/out.log", 20 * MB, java, 1),
		file("/tmp/py.log", 10 * MB, py, 1),
		file("/tmp/shared.log", 5 * MB, both, 2),
		file("/tmp/tiny", 4096, sh, 1),
	};
	struct deleted_report dr = { files, 6, 4, 0 };
	struct rank rank = { 0 };
	struct reclaim_source src = { &dr, NULL, &rank, NULL, 0, proc, 0, 20 };
	struct reclaim rc;
	const struct reclaim_item *it;

	(void)state;
	reclaim_build(&rc, &src);
	assert_int_equal(rc.nitems, 4);
	it = item_for(&rc, "by nginx (master pid 10): 2 files");
	assert_string_equal(it->command, "kill -USR1 10");
	assert_int_equal(it->disk, 32 * MB);
	assert_true(rc.items == it); /* the largest first */
	it = item_for(&rc, "by app.service: 1 file");
	assert_string_equal(it->command, "systemctl restart app.service");
	assert_non_null(strstr(it->risk, "interrupts app.service"));
	it = item_for(&rc, "by pid 30 (python3): 1 file");
	assert_string_equal(it->command, ": > /proc/30/fd/4");
	assert_non_null(strstr(it->risk, "truncation destroys"));
	it = item_for(&rc, "by nginx (master pid 10) and pid 30 (python3)");
	assert_string_equal(it->command, "kill -USR1 10; : > /proc/30/fd/6");
	assert_int_equal(rc.total, (32 + 20 + 10 + 5) * MB);
	reclaim_release(&rc);
}

/* The whole of a file shorter than the buffer, by dirfd or by path. */
static void
test_read_proc_whole(void **state)
{
	char path[256], buf[64];
	int dirfd;

	(void)state;
	dirfd = open(proc, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	assert_true(dirfd >= 0);
	memset(buf, 'x', sizeof(buf));
	assert_int_equal(
	    deleted_read_proc(dirfd, "10/comm", buf, sizeof(buf)), 5);
	assert_string_equal(buf, "nginx");
	close(dirfd);
	snprintf(path, sizeof(path), "%s/20/stat", proc);
	assert_int_equal(deleted_read_proc(AT_FDCWD, path, buf, sizeof(buf)),
	    strlen("20 (java) S 1 1 1 0"));
	assert_string_equal(buf, "20 (java) S 1 1 1 0");
}

/* A file that is not there (the process exited) reads as empty. */
static void
test_read_proc_missing(void **state)
{
	char path[256], buf[16];

	(void)state;
	snprintf(path, sizeof(path), "%s/99/comm", proc);
	memset(buf, 'x', sizeof(buf));
	assert_int_equal(
	    deleted_read_proc(AT_FDCWD, path, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "");
}

/* A file longer than the buffer is cut at size - 1 bytes. */
static void
test_read_proc_truncated(void **state)
{
	char path[256], buf[8];

	(void)state;
	snprintf(path, sizeof(path), "%s/20/cgroup", proc);
	memset(buf, 'x', sizeof(buf));
	assert_int_equal(deleted_read_proc(AT_FDCWD, path, buf, sizeof(buf)),
	    sizeof(buf) - 1);
	assert_string_equal(buf, "12:pids");
}

/*
 * The writer of test_read_proc_short_reads: the first part, then, once
 * the reader has taken it (nothing left in the FIFO), the rest.  Gives
 * up after about 10 s at each wait, so that it never outlives the test.
 */
static void
write_in_two(const char *path)
{
	int fd, left = 1, tries = 0;

	while ((fd = open(path, O_WRONLY | O_NONBLOCK)) < 0 && errno == ENXIO &&
	    tries++ < 10000)
		usleep(1000);
	if (fd < 0 || write(fd, "0::/system.slice/", 17) != 17)
		_exit(1);
	for (tries = 0;
	     ioctl(fd, FIONREAD, &left) == 0 && left > 0 && tries < 10000;
	     tries++)
		usleep(1000);
	_exit(left == 0 && write(fd, "a.service\n", 10) == 10 ? 0 : 1);
}

/*
 * A read that returns part of the file (a /proc file over a page comes
 * in pieces) is read on to the end.
 */
static void
test_read_proc_short_reads(void **state)
{
	char path[256], buf[64];
	int status;
	pid_t pid;

	(void)state;
	snprintf(path, sizeof(path), "%s/fifo", proc);
	assert_int_equal(mkfifo(path, 0600), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		write_in_two(path);
	assert_int_equal(
	    deleted_read_proc(AT_FDCWD, path, buf, sizeof(buf)), 27);
	assert_string_equal(buf, "0::/system.slice/a.service\n");
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	unlink(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_holders),
		cmocka_unit_test(test_read_proc_whole),
		cmocka_unit_test(test_read_proc_missing),
		cmocka_unit_test(test_read_proc_truncated),
		cmocka_unit_test(test_read_proc_short_reads),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
