/*
 * fsinfo: how full a file system is (statvfs), and where it is mounted
 * (/proc/self/mountinfo).
 */
#ifndef HR_FSINFO_H
#define HR_FSINFO_H

#include <stdint.h>

#include "lib/diag.h"

enum fsinfo_low {
	FSINFO_LOW_SPACE = 1 << 0,  /* free space below the threshold */
	FSINFO_LOW_INODES = 1 << 1, /* free inodes below the threshold */
};

struct fsinfo {
	uint64_t dev;
	char *mount; /* owned: mount point, or the path asked about */
	char *type;  /* owned: file system type, or "" */
	uint64_t size, used, avail; /* bytes, as df counts them */
	double free_pct;            /* avail / (used + avail) * 100, as df */
	uint64_t inodes, inodes_used, inodes_free; /* as df -i; inodes 0: */
	double inodes_free_pct; /* no fixed limit (then 100) */
	int readonly;           /* mounted ro, or a read-only type */
	unsigned low;           /* set by the caller: enum fsinfo_low */
};

/*
 * What is short on f with min_free percent as the threshold: free space,
 * free inodes (a file system without an inode limit never is), or both.
 * A read-only file system is never short: nothing can fill it.  Returns
 * enum fsinfo_low bits, 0 when nothing is.
 */
unsigned fsinfo_low(const struct fsinfo *f, double min_free);

/*
 * Fills fi for the file system holding path, whose st_dev is dev.
 * Returns 0, or -1 with err set ("cannot statvfs 'path': reason").
 */
int fsinfo_get(
    const char *path, uint64_t dev, struct fsinfo *fi, struct hr_error *err);
void fsinfo_release(struct fsinfo *fi);

/*
 * Looks dev up in a mountinfo text (the contents of
 * /proc/self/mountinfo) and returns the mount point of the mount whose
 * point is the longest prefix of path (unescaped, owned by the caller),
 * with its type in *type (owned), or NULL.  Exposed for the unit tests.
 */
char *fsinfo_mount_of(
    const char *mountinfo, uint64_t dev, const char *path, char **type);

/* The contents of /proc/self/mountinfo (owned by the caller), or NULL. */
char *fsinfo_read_mountinfo(void);

/*
 * Whether type is a kernel pseudo file system that holds no user data
 * (proc, sysfs, cgroup, devpts, debugfs, tracefs ...).  tmpfs, devtmpfs
 * and ramfs are not: memory fills up too.
 */
int fsinfo_is_kernfs(const char *type);

/*
 * The devices of every kernel pseudo file system mounted, from a
 * mountinfo text, into *devs (owned by the caller, may be NULL when 0 are
 * returned).  Returns the count.
 */
size_t fsinfo_kernfs_devs(const char *mountinfo, uint64_t **devs);

#endif
