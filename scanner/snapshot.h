/*
 * snapshot: a saved scan (--save), compact enough to keep a few of:
 * every directory's cumulative disk usage, apparent size and file
 * count, each file system's use, and when.  Memory and size grow with
 * directories, never with files (about 20 bytes a directory).
 *
 * The format, version 1 (all integers LEB128 varints, strings a varint
 * length and the bytes):
 *
 *	"headroom-scan-snapshot 1\n"	magic and version, as text
 *	sec, nsec			when the scan started
 *	host
 *	nroots, then per root:		path (as given), real path,
 *	    ndirs, then per directory	in preorder: up (previous depth + 1
 *					- depth), name (the PATH itself for
 *					the root), disk, size, files, flags
 *	nfs, then per file system:	mount, dev, size, used, avail,
 *					inodes, inodes_used
 *	8 bytes				FNV-1a 64 of all before, little-endian
 *
 * A reader refuses another magic, another version, a bad checksum and
 * anything that does not parse, with an error that names the file.
 */
#ifndef HR_SNAPSHOT_H
#define HR_SNAPSHOT_H

#include <stddef.h>
#include <stdint.h>

#include "lib/diag.h"
#include "lib/sbuf.h"
#include "scanner/fsinfo.h"
#include "scanner/walk.h"

#define SNAPSHOT_MAGIC "headroom-scan-snapshot"
#define SNAPSHOT_VERSION 1

enum snap_dir_flags {
	SNAP_DIR_INCOMPLETE = 1 << 0, /* read errors at or below it */
};

struct snap_dir {
	uint32_t parent; /* index in dirs; UINT32_MAX for a root */
	uint32_t depth;  /* 0 for a root */
	size_t name;     /* offset of the name in names (NUL-terminated) */
	uint32_t namelen;
	uint32_t flags; /* enum snap_dir_flags */
	uint64_t disk, size, files;
};

struct snap_root {
	char *path;          /* owned: as given */
	char *real;          /* owned: its real path, "" when unknown */
	size_t first, ndirs; /* its directories in dirs, root first */
};

struct snap_fs {
	char *mount; /* owned */
	uint64_t dev, size, used, avail, inodes, inodes_used;
};

struct snapshot {
	int64_t sec; /* when the scan started */
	long nsec;
	char *host; /* owned */
	struct snap_root *roots;
	size_t nroots;
	struct snap_dir *dirs;
	size_t ndirs;
	char *names; /* owned: every name, each NUL-terminated */
	size_t names_len;
	struct snap_fs *fs;
	size_t nfs;
};

/* What a snapshot is made from: a finished walk and its file systems. */
struct snap_source {
	const struct walk_root *roots;
	size_t nroots;
	const struct fsinfo *fs;
	size_t nfs;
	int64_t sec;
	long nsec;
	const char *host;
};

/* Appends the snapshot of src to sb (the whole file's bytes). */
void snapshot_encode(struct sbuf *sb, const struct snap_source *src);

/*
 * Parses len bytes of data, read from the file path (for messages), into
 * *s.  Returns 0, or -1 with err set and *s empty: "'path' is not a
 * headroom scan snapshot", "'path' is a snapshot of version 2; this
 * headroom reads version 1", "'path' is damaged (truncated or
 * corrupt)".
 */
int snapshot_decode(const void *data, size_t len, const char *path,
    struct snapshot *s, struct hr_error *err);

/* The root of s whose real path (or, without one, path) is real; or NULL. */
const struct snap_root *snapshot_find_root(
    const struct snapshot *s, const char *real);

/* Appends the path of directory i of s to sb, as tree_path() would. */
void snapshot_path(const struct snapshot *s, size_t i, struct sbuf *sb);

void snapshot_release(struct snapshot *s);

#endif
