/*
 * kinds: what sort of data a file is, judged by its name and where it
 * really lies (the real absolute path of its directory, whatever PATH was
 * typed), so the report can say how much of a disk is logs.
 */
#ifndef HR_KINDS_H
#define HR_KINDS_H

#include <stddef.h>

enum kind {
	KIND_ACTIVE_LOG,     /* *.log, *_log, anything under a log(s) dir */
	KIND_ROTATED_LOG,    /* a log with .1, -20250119, .old, .bak ... */
	KIND_COMPRESSED_LOG, /* a rotated log ending .gz .xz .bz2 .zst .lz4 */
	KIND_CONTAINER_LOG,  /* docker's and kubernetes' container logs */
	KIND_JOURNAL,        /* *.journal, *.journal~ (systemd) */
	KIND_OTHER,
	KIND_COUNT
};

/*
 * Where a directory lies.  The first three bits describe the directory a
 * file is in, for kind_classify(); the others only carry the state from
 * a directory to its subdirectories (kind_dir_where).
 */
enum kind_where {
	KIND_IN_LOGDIR = 1 << 0,     /* it is, or is below, a log(s) dir */
	KIND_IN_CONTAINERS = 1 << 1, /* docker's containers dir or a child */
	KIND_IN_PODS = 1 << 2, /* a container's dir: log/pods/POD/CONTAINER */
	KIND_DIR_CONTAINERS = 1 << 3, /* named containers */
	KIND_DIR_PODS = 1 << 4,       /* named pods, under a log dir */
	KIND_DIR_POD = 1 << 5,        /* a child of that */
};

/* The where bits of directory name (n bytes) in a parent with parent's. */
unsigned kind_dir_where(unsigned parent, const char *name, size_t n);
/* The where bits of the directory at the absolute path (components). */
unsigned kind_path_where(const char *path);
/*
 * The where bits of the directory that holds the file at path, found by
 * its real path (symlinks resolved); 0 when it cannot be resolved.
 */
unsigned kind_file_where(const char *path);

/*
 * Classifies the file name (namelen bytes, one component) in a directory
 * with the where bits given.
 */
enum kind kind_classify(const char *name, size_t namelen, unsigned where);

/*
 * The length of name (n bytes) without its compression and rotation
 * suffixes: 10 for "access.log.2.gz" and "access.log-20250119"; n when
 * it has none.
 */
size_t kind_stem_len(const char *name, size_t n);

/* "active_log", "rotated_log", ... for JSON; never NULL. */
const char *kind_key(enum kind k);
/* "active logs", "rotated logs", ... for the text report. */
const char *kind_label(enum kind k);

#endif
