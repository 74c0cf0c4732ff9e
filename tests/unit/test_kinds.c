/* Unit tests of scanner/kinds: the log classifier. */
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

#include "scanner/kinds.h"

static enum kind
k(const char *name, unsigned where)
{
	return kind_classify(name, strlen(name), where);
}

static void
test_active(void **state)
{
	(void)state;
	assert_int_equal(k("access.log", 0), KIND_ACTIVE_LOG);
	assert_int_equal(k("mysql_log", 0), KIND_ACTIVE_LOG);
	assert_int_equal(k("syslog", KIND_IN_LOGDIR), KIND_ACTIVE_LOG);
	assert_int_equal(k("catalina.out", KIND_IN_LOGDIR), KIND_ACTIVE_LOG);
	assert_int_equal(k("x-json.log", 0), KIND_ACTIVE_LOG);
}

static void
test_rotated(void **state)
{
	(void)state;
	assert_int_equal(k("access.log.1", 0), KIND_ROTATED_LOG);
	assert_int_equal(k("access.log.12", 0), KIND_ROTATED_LOG);
	assert_int_equal(k("access.log-20250119", 0), KIND_ROTATED_LOG);
	assert_int_equal(k("access.log.20250119", 0), KIND_ROTATED_LOG);
	assert_int_equal(k("app_log-2025011903", 0), KIND_ROTATED_LOG);
	assert_int_equal(k("syslog.1", KIND_IN_LOGDIR), KIND_ROTATED_LOG);
	assert_int_equal(k("app.log-2025-01-19", 0), KIND_ROTATED_LOG);
	assert_int_equal(
	    k("messages-20250119", KIND_IN_LOGDIR), KIND_ROTATED_LOG);
}

static void
test_compressed(void **state)
{
	(void)state;
	assert_int_equal(k("access.log.2.gz", 0), KIND_COMPRESSED_LOG);
	assert_int_equal(k("access.log-20250119.xz", 0), KIND_COMPRESSED_LOG);
	assert_int_equal(
	    k("syslog.3.bz2", KIND_IN_LOGDIR), KIND_COMPRESSED_LOG);
	assert_int_equal(k("a.log.1.zst", 0), KIND_COMPRESSED_LOG);
	assert_int_equal(k("a.log.lz4", 0), KIND_COMPRESSED_LOG);
	assert_int_equal(k("backup.tar.gz", 0), KIND_OTHER);
}

static void
test_container_journal_other(void **state)
{
	(void)state;
	assert_int_equal(
	    k("abc-json.log", KIND_IN_CONTAINERS), KIND_CONTAINER_LOG);
	assert_int_equal(
	    k("abc-json.log.1", KIND_IN_CONTAINERS), KIND_CONTAINER_LOG);
	assert_int_equal(k("system.journal", KIND_IN_LOGDIR), KIND_JOURNAL);
	assert_int_equal(k("user-1000@0005f-1.journal~", 0), KIND_JOURNAL);
	assert_int_equal(k("libc.so.6", 0), KIND_OTHER);
	assert_int_equal(k("photo.jpg", 0), KIND_OTHER);
	assert_int_equal(k("2025", 0), KIND_OTHER);
	assert_int_equal(k(".1", 0), KIND_OTHER);
	assert_int_equal(k("", 0), KIND_OTHER);
	assert_string_equal(kind_key(KIND_CONTAINER_LOG), "container_log");
	assert_string_equal(kind_label(KIND_JOURNAL), "journal files");
}

static void
test_more_rotations(void **state)
{
	(void)state;
	assert_int_equal(k("app.log.old", 0), KIND_ROTATED_LOG);
	assert_int_equal(k("app.log.bak", 0), KIND_ROTATED_LOG);
	assert_int_equal(k("app.log.2025-01-19", 0), KIND_ROTATED_LOG);
	assert_int_equal(k("app_log_2025-01-19.gz", 0), KIND_COMPRESSED_LOG);
	assert_int_equal(k("app.log.20250119-031500", 0), KIND_ROTATED_LOG);
	assert_int_equal(k("notes.bak", 0), KIND_OTHER);
	assert_int_equal(k(".old", 0), KIND_OTHER);
}

static void
test_container_logs(void **state)
{
	const char *id = "0123456789abcdef0123456789abcdef";
	char name[128];

	(void)state;
	snprintf(name, sizeof(name), "%s-json.log.3", id);
	assert_int_equal(k(name, KIND_IN_CONTAINERS), KIND_CONTAINER_LOG);
	snprintf(name, sizeof(name), "%s-json.log.4.gz", id);
	assert_int_equal(k(name, KIND_IN_CONTAINERS), KIND_CONTAINER_LOG);
	assert_int_equal(k("config.v2.json", KIND_IN_CONTAINERS), KIND_OTHER);
	assert_int_equal(k("0.log", KIND_IN_PODS), KIND_CONTAINER_LOG);
	assert_int_equal(
	    k("0.log.20250119-031500", KIND_IN_PODS), KIND_CONTAINER_LOG);
	assert_int_equal(
	    k("1.log.20250119-031500.gz", KIND_IN_PODS), KIND_CONTAINER_LOG);
}

static void
test_where_by_path(void **state)
{
	unsigned w;

	(void)state;
	assert_int_equal(kind_path_where("/var/log"), KIND_IN_LOGDIR);
	assert_int_equal(kind_path_where("/var/log/nginx/"), KIND_IN_LOGDIR);
	assert_int_equal(kind_path_where("/var/lib"), 0);
	w = kind_path_where("/var/lib/docker/containers");
	assert_true(w & KIND_IN_CONTAINERS);
	w = kind_dir_where(w, "0123abcd", 8);
	assert_true(w & KIND_IN_CONTAINERS);
	assert_false(kind_dir_where(w, "mounts", 6) & KIND_IN_CONTAINERS);
	w = kind_path_where("/var/log/pods/ns_pod_uid/app");
	assert_true(w & KIND_IN_PODS);
	assert_true(w & KIND_IN_LOGDIR);
	assert_false(
	    kind_path_where("/var/log/pods/ns_pod_uid") & KIND_IN_PODS);
	assert_false(kind_path_where("/srv/pods/a/b") & KIND_IN_PODS);
	/* The state carries: syslog under /var/log is a log. */
	assert_int_equal(
	    k("syslog.1", kind_path_where("/var/log")), KIND_ROTATED_LOG);
}

/*
 * A file's kinds come from its directory's real path: through a symlink
 * to a log directory it lies in one; a directory that is not there has
 * none.
 */
static void
test_file_where(void **state)
{
	char tmp[] = "/tmp/test_kindsXXXXXX", p[128], q[128];

	(void)state;
	assert_non_null(mkdtemp(tmp));
	snprintf(p, sizeof(p), "%s/log", tmp);
	assert_int_equal(mkdir(p, 0700), 0);
	snprintf(q, sizeof(q), "%s/here", tmp);
	assert_int_equal(symlink("log", q), 0);
	snprintf(q, sizeof(q), "%s/here/app.1", tmp);
	assert_int_equal(kind_file_where(q), KIND_IN_LOGDIR);
	snprintf(q, sizeof(q), "%s/app.1", tmp);
	assert_int_equal(kind_file_where(q), 0);
	snprintf(q, sizeof(q), "%s/gone/log/app.1", tmp);
	assert_int_equal(kind_file_where(q), 0);
	snprintf(q, sizeof(q), "%s/here", tmp);
	assert_int_equal(unlink(q), 0);
	assert_int_equal(rmdir(p), 0);
	assert_int_equal(rmdir(tmp), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_active),
		cmocka_unit_test(test_rotated),
		cmocka_unit_test(test_compressed),
		cmocka_unit_test(test_container_journal_other),
		cmocka_unit_test(test_more_rotations),
		cmocka_unit_test(test_container_logs),
		cmocka_unit_test(test_where_by_path),
		cmocka_unit_test(test_file_where),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
