/* Unit tests of scanner/fsinfo: mount points from mountinfo. */
#include "config.h"

#include <sys/sysmacros.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lib/diag.h"
#include "scanner/fsinfo.h"

static const char mountinfo[] =
    "22 1 254:1 / / rw,relatime shared:1 - ext4 /dev/vda1 rw\n"
    "30 22 0:25 / /dev/shm rw shared:4 - tmpfs tmpfs rw\n"
    "41 22 254:1 /srv /mnt/bind\\040dir rw - ext4 /dev/vda1 rw\n"
    "50 22 0:40 / /tmp/t rw - tmpfs headroom-test rw,size=1024k\n"
    "60 22 0:5 / /proc rw,nosuid - proc proc rw\n"
    "61 22 0:6 / /sys rw shared:7 - sysfs sysfs rw\n"
    "62 61 0:27 / /sys/fs/cgroup rw shared:9 - cgroup2 cgroup2 rw\n"
    "63 22 0:7 / /dev rw - devtmpfs udev rw\n";

static void
test_mount_lookup(void **state)
{
	char *type, *m;

	(void)state;
	m = fsinfo_mount_of(mountinfo, makedev(0, 40), "/tmp/t/x", &type);
	assert_string_equal(m, "/tmp/t");
	assert_string_equal(type, "tmpfs");
	free(m);
	free(type);
	m = fsinfo_mount_of(
	    mountinfo, makedev(254, 1), "/mnt/bind dir/a", &type);
	assert_string_equal(m, "/mnt/bind dir");
	assert_string_equal(type, "ext4");
	free(m);
	free(type);
	m = fsinfo_mount_of(mountinfo, makedev(254, 1), "/var/log", &type);
	assert_string_equal(m, "/");
	free(m);
	free(type);
	m = fsinfo_mount_of(mountinfo, makedev(9, 9), "/var/log", &type);
	assert_null(m);
	assert_null(type);
}

static void
test_statvfs_of_root(void **state)
{
	struct fsinfo fi;
	struct hr_error err = HR_ERROR_INIT;

	(void)state;
	assert_int_equal(fsinfo_get("/", 0, &fi, &err), 0);
	assert_true(fi.size > 0);
	assert_true(fi.used + fi.avail <= fi.size);
	assert_true(fi.free_pct >= 0 && fi.free_pct <= 100);
	fsinfo_release(&fi);
	assert_int_equal(fsinfo_get("/nonexistent/headroom", 0, &fi, &err), -1);
	assert_non_null(strstr(hr_error_text(&err), "cannot statvfs"));
	hr_error_release(&err);
}

static void
test_low(void **state)
{
	struct fsinfo f;

	(void)state;
	memset(&f, 0, sizeof(f));
	f.free_pct = 50;
	f.inodes = 1000;
	f.inodes_free_pct = 50;
	assert_int_equal(fsinfo_low(&f, 10), 0);
	f.free_pct = 5.5;
	assert_int_equal(fsinfo_low(&f, 10), FSINFO_LOW_SPACE);
	assert_int_equal(fsinfo_low(&f, 5.5), 0);
	f.free_pct = 50;
	f.inodes_free_pct = 2;
	assert_int_equal(fsinfo_low(&f, 10), FSINFO_LOW_INODES);
	f.free_pct = 1;
	assert_int_equal(
	    fsinfo_low(&f, 10), FSINFO_LOW_SPACE | FSINFO_LOW_INODES);
	/* No inode limit (btrfs, vfat): never short of inodes. */
	f.free_pct = 50;
	f.inodes = 0;
	f.inodes_free_pct = 0;
	assert_int_equal(fsinfo_low(&f, 10), 0);
	/* Read-only (a squashfs snap is always 0% free): never low. */
	f.free_pct = 0;
	f.readonly = 1;
	assert_int_equal(fsinfo_low(&f, 10), 0);
}

static void
test_kernfs(void **state)
{
	uint64_t *devs;
	size_t n;

	(void)state;
	n = fsinfo_kernfs_devs(mountinfo, &devs);
	assert_int_equal(n, 3);
	assert_true(devs[0] == makedev(0, 5) && devs[1] == makedev(0, 6) &&
	    devs[2] == makedev(0, 27));
	free(devs);
	assert_true(fsinfo_is_kernfs("proc") && fsinfo_is_kernfs("tracefs"));
	assert_false(fsinfo_is_kernfs("tmpfs") || fsinfo_is_kernfs("devtmpfs"));
	assert_int_equal(fsinfo_kernfs_devs("", &devs), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mount_lookup),
		cmocka_unit_test(test_statvfs_of_root),
		cmocka_unit_test(test_low),
		cmocka_unit_test(test_kernfs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
