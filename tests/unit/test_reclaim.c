/*
 * Unit tests of scanner/reclaim: who must let go of a deleted file, read
 * from a /proc made up in a temporary directory: nginx's workers lead to
 * their master's kill -USR1, a process of a system service to its
 * restart, a user's service or a lone process to truncating its
 * descriptors; files with the same holders make one item, small items
 * are left out.
 */
#include "config.h"

#include <sys/stat.h>
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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_holders),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
