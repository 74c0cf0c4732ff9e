/*
 * snapstore: the files of saved scans (see snapstore.h).
 */
#include "config.h"

#include <sys/stat.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lib/fsutil.h"
#include "lib/quote.h"
#include "lib/xalloc.h"
#include "scanner/sink.h"
#include "scanner/snapstore.h"

#define KEY_MAX 200           /* bytes of a store directory's name */
#define SNAP_MAX (1ULL << 30) /* a larger file is no snapshot of ours */

/* systemd-escape --path: "/var/log" -> "var-log", "/" -> "-". */
static void
escape_path(const char *p, struct sbuf *sb)
{
	size_t start = sb->len, n;

	while (*p == '/')
		p++;
	n = strlen(p);
	while (n > 0 && p[n - 1] == '/')
		n--;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];

		if (c == '/') {
			/* "a//b" is "a/b". */
			if (p[i + 1] != '/')
				sbuf_addch(sb, '-');
		} else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '_' || c == ':' ||
		    (c == '.' && sb->len > start &&
		        sb->buf[sb->len - 1] != '-')) {
			sbuf_addch(sb, (char)c);
		} else {
			sbuf_addf(sb, "\\x%02x", c);
		}
	}
	if (sb->len == start)
		sbuf_addch(sb, '-');
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void
snapstore_dir(const char *root, char *const *reals, size_t n, struct sbuf *dir)
{
	char **v = xreallocarray(NULL, n ? n : 1, sizeof(*v));
	struct sbuf key = SBUF_INIT;
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i;

	memcpy(v, reals, n * sizeof(*v));
	qsort(v, n, sizeof(*v), cmp_str);
	for (i = 0; i < n; i++) {
		if (i > 0)
			sbuf_addch(&key, '+');
		escape_path(v[i], &key);
	}
	/* Too long for a name: cut, and tell sets apart by a hash. */
	if (key.len > KEY_MAX) {
		for (i = 0; i < key.len; i++)
			h = (h ^ (unsigned char)key.buf[i]) * 0x100000001b3ULL;
		sbuf_setlen(&key, KEY_MAX - 17);
		sbuf_addf(&key, "~%016llx", (unsigned long long)h);
	}
	sbuf_adds(dir, root);
	tree_join(dir, key.buf, key.len);
	sbuf_release(&key);
	free(v);
}

/* Whether name is one this module makes. */
static int
is_snap_name(const char *n)
{
	static const char pat[] = "ddddddddTdddddd.ddddddZ.snap";
	size_t i;

	if (strlen(n) != sizeof(pat) - 1)
		return 0;
	for (i = 0; n[i] != '\0'; i++)
		if (pat[i] == 'd' ? n[i] < '0' || n[i] > '9' : n[i] != pat[i])
			return 0;
	return 1;
}

/* The snapshot names in dirfd, sorted oldest first. */
static size_t
list_snaps(int dirfd, char ***names)
{
	DIR *d = fdopendir(dup(dirfd));
	struct dirent *de;
	size_t n = 0, alloc = 0;

	*names = NULL;
	if (d == NULL)
		return 0;
	while ((de = readdir(d)) != NULL) {
		if (!is_snap_name(de->d_name))
			continue;
		XGROW(*names, n + 1, alloc);
		(*names)[n++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (n > 1)
		qsort(*names, n, sizeof(**names), cmp_str);
	return n;
}

static void
free_names(char **v, size_t n)
{
	while (n-- > 0)
		free(v[n]);
	free(v);
}

/*
 * Opens the directory dir, which must be ours: not a symlink, owned by
 * us, writable by nobody else.
 */
static int
open_own_dir(const char *dir, struct hr_error *err)
{
	struct stat st;
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

	if (fd < 0)
		return hr_error_set(err, errno, dir, 0, "cannot open");
	if (fstat(fd, &st) != 0 || st.st_uid != geteuid() ||
	    (st.st_mode & 022) != 0) {
		close(fd);
		return hr_error_set(err, 0, dir, 0,
		    "refusing to use the directory %s: owned by another "
		    "user or writable by others",
		    quote_str(3, dir, QUOTE_ALWAYS));
	}
	return fd;
}

int
snapstore_latest(const char *dir, struct sbuf *path, struct hr_error *err)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	char **names;
	size_t n;

	if (fd < 0 && errno != ENOENT)
		return hr_error_set(err, errno, dir, 0, "cannot open");
	n = fd >= 0 ? list_snaps(fd, &names) : 0;
	if (fd >= 0)
		close(fd);
	if (n == 0)
		return hr_error_set(err, 0, NULL, 0, "no saved scan in %s",
		    quote_str(3, dir, QUOTE_ALWAYS));
	sbuf_reset(path);
	sbuf_adds(path, dir);
	tree_join(path, names[n - 1], strlen(names[n - 1]));
	free_names(names, n);
	return 0;
}

/* mkdir -p: the parents 0755, the last 0700. */
static int
make_dirs(const char *dir, struct hr_error *err)
{
	struct sbuf sb = SBUF_INIT;
	const char *p = dir;
	int rc = 0;

	while (rc == 0 && *p != '\0') {
		p += strspn(p, "/");
		p += strcspn(p, "/");
		sbuf_reset(&sb);
		sbuf_add(&sb, dir, (size_t)(p - dir));
		if (mkdir(sb.buf, *p == '\0' ? 0700 : 0755) != 0 &&
		    errno != EEXIST)
			rc = hr_error_set(err, errno, sb.buf, 0,
			    "cannot create the directory");
	}
	sbuf_release(&sb);
	return rc;
}

int
snapstore_prepare(const char *dir, struct hr_error *err)
{
	int fd;

	if (make_dirs(dir, err) < 0 || (fd = open_own_dir(dir, err)) < 0)
		return -1;
	close(fd);
	return 0;
}

/* "20261206T031500.123456Z.snap": the time in UTC, to the microsecond. */
static void
snap_name(int64_t sec, long usec, char *buf, size_t size)
{
	time_t t = (time_t)sec;
	struct tm tm;
	char when[32] = "19700101T000000";

	if (gmtime_r(&t, &tm) != NULL)
		strftime(when, sizeof(when), "%Y%m%dT%H%M%S", &tm);
	snprintf(
	    buf, size, "%.15s.%06uZ.snap", when, (unsigned)(usec % 1000000));
}

/* Removes the oldest snapshots of dirfd beyond SNAPSTORE_KEEP. */
static void
prune(int dirfd)
{
	char **names;
	size_t n = list_snaps(dirfd, &names), i;

	for (i = 0; i + SNAPSTORE_KEEP < n; i++)
		unlinkat(dirfd, names[i], 0);
	free_names(names, n);
}

static int
write_new(const char *path, const void *data, size_t len, struct hr_error *err)
{
	struct sbuf tmp = SBUF_INIT;
	int fd = fsutil_tmp_beside(path, 0600, &tmp, err), rc = -1;

	if (fd < 0)
		goto out;
	if (fsutil_write_all(fd, data, len) < 0) {
		hr_error_set(err, errno, path, 0, "cannot write");
		fsutil_abort(fd, tmp.buf);
		goto out;
	}
	rc = fsutil_commit(
	    fd, tmp.buf, path, FSUTIL_NOREPLACE | FSUTIL_SYNC_DIR, err);
out:
	sbuf_release(&tmp);
	return rc;
}

int
snapstore_save(const char *dir, const void *data, size_t len, int64_t sec,
    long nsec, struct sbuf *path, struct hr_error *err)
{
	char name[64];
	int fd, rc = -1, tries;

	if (make_dirs(dir, err) < 0 || (fd = open_own_dir(dir, err)) < 0)
		return -1;
	/* Two saves in one microsecond: the next free one. */
	for (tries = 0; tries < 100 && rc < 0; tries++) {
		snap_name(sec, nsec / 1000 + tries, name, sizeof(name));
		sbuf_reset(path);
		sbuf_adds(path, dir);
		tree_join(path, name, strlen(name));
		rc = write_new(path->buf, data, len, err);
		if (rc < 0 && err != NULL && err->code != EEXIST)
			break;
	}
	if (rc == 0)
		prune(fd);
	close(fd);
	return rc;
}

int
snapshot_load(const char *path, struct snapshot *s, struct hr_error *err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	char *buf = NULL;
	ssize_t n;
	int rc = -1;

	if (fd < 0)
		return hr_error_set(err, errno, path, 0, "cannot open");
	if (fstat(fd, &st) != 0) {
		hr_error_set(err, errno, path, 0, "cannot stat");
		goto out;
	}
	if (!S_ISREG(st.st_mode) || (uint64_t)st.st_size > SNAP_MAX) {
		hr_error_set(err, 0, NULL, 0,
		    "%s is not a headroom scan snapshot",
		    quote_str(3, path, QUOTE_ALWAYS));
		goto out;
	}
	buf = xmalloc((size_t)st.st_size + 1);
	n = fsutil_read_full(fd, buf, (size_t)st.st_size);
	if (n < 0) {
		hr_error_set(err, errno, path, 0, "cannot read");
		goto out;
	}
	rc = snapshot_decode(buf, (size_t)n, path, s, err);
out:
	free(buf);
	close(fd);
	return rc;
}
