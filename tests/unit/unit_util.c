/*
 * unit_util: the skip rule, scratch directories and whole files for the
 * cmocka unit tests.
 */
#include "config.h"

#include <sys/stat.h>
#include <sys/wait.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
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
#include "lib/xalloc.h"
#include "tests/unit/unit_util.h"

void
unit_skip(const char *why)
{
	const char *all = getenv("HEADROOM_REQUIRE_ALL");

	if (all != NULL && *all != '\0' && strcmp(all, "0") != 0)
		fail_msg(
		    "would skip, but HEADROOM_REQUIRE_ALL is set: %s", why);
	print_message("skipped: %s\n", why);
	skip();
}

int
run_shell(const char *fmt, ...)
{
	struct sbuf cmd = SBUF_INIT;
	va_list ap;
	int status;

	va_start(ap, fmt);
	sbuf_vaddf(&cmd, fmt, ap);
	va_end(ap);
	status = system(cmd.buf);
	if (!WIFEXITED(status))
		fail_msg("'%s' did not exit (status %#x)", cmd.buf, status);
	sbuf_release(&cmd);
	return WEXITSTATUS(status);
}

char *
tmpdir_new(void)
{
	const char *base = getenv("TMPDIR");
	char *dir = xasprintf("%s/%s.XXXXXX", base && *base ? base : "/tmp",
	    program_invocation_short_name);

	/* Also called outside a test (from main), where fail_msg cannot. */
	if (mkdtemp(dir) == NULL) {
		perror(dir);
		abort();
	}
	return dir;
}

static int
rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

void
tmpdir_remove(const char *dir)
{
	nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS | FTW_MOUNT);
}

char *unit_dir;

int
unit_dir_setup(void **state)
{
	(void)state;
	unit_dir = tmpdir_new();
	return 0;
}

int
unit_dir_teardown(void **state)
{
	(void)state;
	tmpdir_remove(unit_dir);
	free(unit_dir);
	unit_dir = NULL;
	return 0;
}

char *
P(const char *name)
{
	static char buf[8][512];
	static int k;

	k = (k + 1) % 8;
	snprintf(buf[k], sizeof(buf[k]), "%s/%s", unit_dir, name);
	return buf[k];
}

int
count_entries(const char *dir)
{
	struct dirent *de;
	DIR *d = opendir(dir);
	int n = 0;

	if (d == NULL)
		fail_msg("cannot open '%s': %s", dir, strerror(errno));
	while ((de = readdir(d)) != NULL)
		n += strcmp(de->d_name, ".") != 0 &&
		    strcmp(de->d_name, "..") != 0;
	closedir(d);
	return n;
}

void
put_file(const char *path, const void *data, size_t len, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);

	if (fd < 0)
		fail_msg("cannot create '%s': %s", path, strerror(errno));
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	assert_int_equal(close(fd), 0);
}

char *
read_file(const char *path, size_t *len)
{
	struct sbuf sb = SBUF_INIT;
	char buf[4096];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		fail_msg("cannot open '%s': %s", path, strerror(errno));
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		sbuf_add(&sb, buf, (size_t)n);
	assert_int_equal(n, 0);
	close(fd);
	if (len != NULL)
		*len = sb.len;
	return sbuf_detach(&sb);
}

void
add_expanded(struct sbuf *out, const char *tmpl, const char *path)
{
	const char *p;

	while ((p = strstr(tmpl, "%s")) != NULL) {
		sbuf_add(out, tmpl, (size_t)(p - tmpl));
		sbuf_adds(out, path);
		tmpl = p + 2;
	}
	sbuf_adds(out, tmpl);
}

const unsigned char unit_acl_blob[44] = {
	2, 0, 0, 0,                            /* version */
	0x01, 0, 6, 0, 0xff, 0xff, 0xff, 0xff, /* user:: rw- */
	0x02, 0, 6, 0, 0xd2, 0x04, 0, 0,       /* user:1234: rw- */
	0x04, 0, 4, 0, 0xff, 0xff, 0xff, 0xff, /* group:: r-- */
	0x10, 0, 6, 0, 0xff, 0xff, 0xff, 0xff, /* mask:: rw- */
	0x20, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, /* other:: --- */
};
