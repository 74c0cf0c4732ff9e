/*
 * compress_test_util: scratch directories, generated logs and checked
 * calls of compress_file for the compression tests.
 */
#include "config.h"

#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/wait.h>
#include <sys/xattr.h>

#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <linux/magic.h>
#include <zlib.h>

#include "lib/diag.h"
#include "lib/pool.h"
#include "lib/sbuf.h"
#include "lib/xalloc.h"
#include "rotate/compress.h"
#include "rotate/compress_int.h"
#include "tests/unit/compress_test_util.h"
#include "tests/unit/unit_util.h"

char *
path_in(const struct fixture *f, const char *name)
{
	return xasprintf("%s/%s", f->dir, name);
}

int
compress_setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof(*f));

	f->dir = tmpdir_new();
	*state = f;
	return 0;
}

int
compress_teardown(void **state)
{
	struct fixture *f = *state;
	char *mnt = path_in(f, "small");

	/* test_enospc's tmpfs, should that test have stopped early. */
	umount2(mnt, MNT_DETACH);
	free(mnt);
	tmpdir_remove(f->dir);
	free(f->dir);
	free(f);
	return 0;
}

unsigned long
rnd(unsigned long *seed)
{
	*seed = *seed * 6364136223846793005UL + 1442695040888963407UL;
	return *seed >> 33;
}

/* Appends realistic nginx "combined" lines until the file has size bytes. */
void
write_log(const char *path, size_t size, unsigned long seed)
{
	static const char *const paths[] = { "/", "/health", "/api/v1/items",
		"/static/app.js", "/static/style.css", "/login",
		"/api/v1/users/search", "/favicon.ico" };
	static const char *const agents[] = {
		"Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 "
		"Firefox/120.0",
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
		"(KHTML, like Gecko) Chrome/119.0 Safari/537.36",
		"curl/7.88.1", "Go-http-client/1.1"
	};
	static const int codes[] = { 200, 200, 200, 200, 304, 404, 301, 500 };
	FILE *fp = fopen(path, "w");
	size_t n = 0;
	long t = 0;

	assert_non_null(fp);
	while (n < size) {
		char line[512];
		int len = snprintf(line, sizeof(line),
		    "10.%lu.%lu.%lu - - [29/Nov/2026:%02ld:%02ld:%02ld +0000] "
		    "\"GET %s?id=%lu HTTP/1.1\" %d %lu \"-\" \"%s\"\n",
		    rnd(&seed) % 4, rnd(&seed) % 256, rnd(&seed) % 256,
		    (t / 3600) % 24, (t / 60) % 60, t % 60,
		    paths[rnd(&seed) % 8], rnd(&seed) % 100000,
		    codes[rnd(&seed) % 8], rnd(&seed) % 50000,
		    agents[rnd(&seed) % 4]);

		if (n + (size_t)len > size)
			len = (int)(size - n);
		assert_int_equal(fwrite(line, 1, (size_t)len, fp), len);
		n += (size_t)len;
		t += rnd(&seed) % 2;
	}
	assert_int_equal(fclose(fp), 0);
}

/*
 * Lines that repeat long runs of a few words, as update-alternatives and
 * package logs do: libdeflate's level 6 makes them about 8% larger than
 * gzip -6, and only zlib matches gzip there.
 */
void
write_paths(const char *path, size_t size, unsigned long seed)
{
	static const char *const words[] = { "usr", "lib", "share",
		"x86_64-linux-gnu", "python3", "dist-packages", "systemd",
		"system", "alternatives", "bin", "local", "etc", "var", "cache",
		"debconf" };
	FILE *fp = fopen(path, "w");
	size_t n = 0;

	assert_non_null(fp);
	while (n < size) {
		char p[256] = "", line[600];
		int len, k, parts = 3 + (int)(rnd(&seed) % 6);

		for (k = 0; k < parts; k++) {
			strcat(p, "/");
			strcat(p, words[rnd(&seed) % 15]);
		}
		len = snprintf(line, sizeof(line),
		    "update-alternatives %lu: link %s to %s\n",
		    rnd(&seed) % 1000, p, p);
		if (n + (size_t)len > size)
			len = (int)(size - n);
		assert_int_equal(fwrite(line, 1, (size_t)len, fp), len);
		n += (size_t)len;
	}
	assert_int_equal(fclose(fp), 0);
}

void
write_random(const char *path, size_t size, unsigned long seed)
{
	FILE *fp = fopen(path, "w");
	size_t i;

	assert_non_null(fp);
	for (i = 0; i < size; i++)
		putc((int)(rnd(&seed) & 0xff), fp);
	assert_int_equal(fclose(fp), 0);
}

off_t
file_size(const char *path)
{
	struct stat st;

	assert_int_equal(stat(path, &st), 0);
	return st.st_size;
}

int
exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}

void
lookup(const char *cmd, char *const *opts, struct compressor *c)
{
	struct hr_error err = HR_ERROR_INIT;

	assert_int_equal(compressor_lookup(cmd, opts, "gunzip", c, &err), 0);
	hr_error_release(&err);
}

/* compress_file must succeed; the error text is shown if it does not. */
void
compress_ok(const struct compressor *c, const char *src, const char *dst,
    const struct compress_opts *o)
{
	struct hr_error err = HR_ERROR_INIT;
	int r = compress_file(c, src, dst, o, &err);

	if (r != 0)
		fail_msg("compress_file: %s", hr_error_text(&err));
	hr_error_release(&err);
}

/* compress_file must fail; returns the error text (caller frees). */
char *
compress_fails(const struct compressor *c, const char *src, const char *dst,
    const struct compress_opts *o, int *code)
{
	struct hr_error err = HR_ERROR_INIT;
	char *text;

	assert_int_equal(compress_file(c, src, dst, o, &err), -1);
	text = xstrdup(hr_error_text(&err));
	if (code)
		*code = err.code;
	hr_error_release(&err);
	return text;
}
