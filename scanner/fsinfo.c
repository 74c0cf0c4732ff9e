/*
 * fsinfo: statvfs and /proc/self/mountinfo.
 */
#include "config.h"

#include <sys/statvfs.h>
#include <sys/sysmacros.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/sbuf.h"
#include "lib/xalloc.h"
#include "scanner/fsinfo.h"

/* Copies a mountinfo field, turning \040-style escapes back into bytes. */
static char *
unescape(const char *s, size_t n)
{
	char *out = xmalloc(n + 1), *o = out;
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] == '\\' && i + 3 < n && s[i + 1] >= '0' &&
		    s[i + 1] <= '3' && s[i + 2] >= '0' && s[i + 2] <= '7' &&
		    s[i + 3] >= '0' && s[i + 3] <= '7') {
			*o++ = (char)((s[i + 1] - '0') * 64 +
			    (s[i + 2] - '0') * 8 + (s[i + 3] - '0'));
			i += 3;
		} else {
			*o++ = s[i];
		}
	}
	*o = '\0';
	return out;
}

/* Splits line into at most max space-separated fields; returns count. */
static size_t
fields(
    const char *line, const char *end, const char **f, size_t *len, size_t max)
{
	size_t n = 0;
	const char *p = line, *q;

	while (p < end && n < max) {
		while (p < end && *p == ' ')
			p++;
		if (p == end)
			break;
		for (q = p; q < end && *q != ' '; q++)
			;
		f[n] = p;
		len[n++] = (size_t)(q - p);
		p = q;
	}
	return n;
}

static int
is_prefix_dir(const char *mnt, const char *path)
{
	size_t n = strlen(mnt);

	if (strcmp(mnt, "/") == 0)
		return 1;
	return strncmp(mnt, path, n) == 0 && (path[n] == '/' || path[n] == 0);
}

char *
fsinfo_mount_of(
    const char *mountinfo, uint64_t dev, const char *path, char **type)
{
	const char *line = mountinfo, *end, *f[12];
	size_t len[12], n, i, best = 0, score;
	char want[64], *found = NULL, *mnt;

	*type = NULL;
	snprintf(want, sizeof(want), "%u:%u", major(dev), minor(dev));
	for (; *line; line = *end ? end + 1 : end) {
		end = strchr(line, '\n');
		if (end == NULL)
			end = line + strlen(line);
		n = fields(line, end, f, len, 12);
		if (n < 7 || len[2] != strlen(want) ||
		    memcmp(f[2], want, len[2]) != 0)
			continue;
		mnt = unescape(f[4], len[4]);
		score = strlen(mnt) + 1;
		if (path != NULL && is_prefix_dir(mnt, path))
			score += (size_t)1 << 20;
		if (score > best) {
			for (i = 6; i < n && !(len[i] == 1 && *f[i] == '-');
			     i++)
				;
			free(found);
			free(*type);
			found = mnt;
			best = score;
			*type = i + 1 < n ? xstrndup(f[i + 1], len[i + 1])
			                  : xstrdup("");
		} else {
			free(mnt);
		}
	}
	return found;
}

char *
fsinfo_read_mountinfo(void)
{
	struct sbuf sb = SBUF_INIT;
	char buf[8192];
	size_t n;
	FILE *fp = fopen("/proc/self/mountinfo", "re");

	if (fp == NULL)
		return NULL;
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		sbuf_add(&sb, buf, n);
	fclose(fp);
	return sbuf_detach(&sb);
}

/* Whether s is one of the n names in v. */
static int
name_in(const char *s, const char *const *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(s, v[i]) == 0)
			return 1;
	return 0;
}

/* File systems that are read-only by design, however mounted. */
static int
readonly_type(const char *type)
{
	static const char *const ro[] = { "squashfs", "iso9660", "erofs",
		"cramfs", "romfs", "udf" };

	return name_in(type, ro, sizeof(ro) / sizeof(ro[0]));
}

int
fsinfo_get(
    const char *path, uint64_t dev, struct fsinfo *fi, struct hr_error *err)
{
	struct statvfs vf;
	char *mi, *abs;
	uint64_t total;

	memset(fi, 0, sizeof(*fi));
	fi->dev = dev;
	if (statvfs(path, &vf) != 0)
		return hr_error_set(err, errno, path, 0, "cannot statvfs");
	fi->size = (uint64_t)vf.f_blocks * vf.f_frsize;
	fi->used = (uint64_t)(vf.f_blocks - vf.f_bfree) * vf.f_frsize;
	fi->avail = (uint64_t)vf.f_bavail * vf.f_frsize;
	total = fi->used + fi->avail;
	fi->free_pct = total ? 100.0 * (double)fi->avail / (double)total : 100;
	fi->inodes = (uint64_t)vf.f_files;
	fi->inodes_free = (uint64_t)vf.f_ffree;
	fi->inodes_used = fi->inodes - fi->inodes_free;
	fi->inodes_free_pct = fi->inodes
	    ? 100.0 * (double)fi->inodes_free / (double)fi->inodes
	    : 100;
	mi = fsinfo_read_mountinfo();
	abs = realpath(path, NULL);
	if (mi != NULL)
		fi->mount =
		    fsinfo_mount_of(mi, dev, abs ? abs : path, &fi->type);
	if (fi->mount == NULL) {
		fi->mount = xstrdup(abs ? abs : path);
		fi->type = xstrdup("");
	}
	fi->readonly = (vf.f_flag & ST_RDONLY) || readonly_type(fi->type);
	free(abs);
	free(mi);
	return 0;
}

int
fsinfo_is_kernfs(const char *type)
{
	static const char *const kern[] = { "binfmt_misc", "bpf", "cgroup",
		"cgroup2", "configfs", "debugfs", "devpts", "efivarfs",
		"fusectl", "hugetlbfs", "mqueue", "nsfs", "proc", "pstore",
		"rpc_pipefs", "securityfs", "selinuxfs", "sysfs", "tracefs" };

	return name_in(type, kern, sizeof(kern) / sizeof(kern[0]));
}

size_t
fsinfo_kernfs_devs(const char *mountinfo, uint64_t **devs)
{
	const char *line = mountinfo, *end, *f[12];
	size_t len[12], n, i, count = 0, alloc = 0;
	unsigned maj, min;
	char type[64];

	*devs = NULL;
	for (; *line; line = *end ? end + 1 : end) {
		end = strchr(line, '\n');
		if (end == NULL)
			end = line + strlen(line);
		n = fields(line, end, f, len, 12);
		for (i = 6; i < n && !(len[i] == 1 && *f[i] == '-'); i++)
			;
		if (i + 1 >= n || len[i + 1] >= sizeof(type) ||
		    sscanf(f[2], "%u:%u", &maj, &min) != 2)
			continue;
		memcpy(type, f[i + 1], len[i + 1]);
		type[len[i + 1]] = '\0';
		if (!fsinfo_is_kernfs(type))
			continue;
		XGROW(*devs, count + 1, alloc);
		(*devs)[count++] = makedev(maj, min);
	}
	return count;
}

unsigned
fsinfo_low(const struct fsinfo *f, double min_free)
{
	unsigned low = 0;

	if (f->readonly)
		return 0;
	if (f->free_pct < min_free)
		low |= FSINFO_LOW_SPACE;
	if (f->inodes > 0 && f->inodes_free_pct < min_free)
		low |= FSINFO_LOW_INODES;
	return low;
}

void
fsinfo_release(struct fsinfo *fi)
{
	free(fi->mount);
	free(fi->type);
	fi->mount = fi->type = NULL;
}
