/*
 * kinds: what sort of data a file is, judged by its name and where it
 * lies, so the report can say how much of a disk is logs.
 */
#ifndef HR_KINDS_H
#define HR_KINDS_H

#include <stddef.h>

enum kind {
	KIND_ACTIVE_LOG,     /* *.log, *_log, anything under a log(s) dir */
	KIND_ROTATED_LOG,    /* a log with .1, -20250119, .20250119 ... */
	KIND_COMPRESSED_LOG, /* a rotated log ending .gz .xz .bz2 .zst .lz4 */
	KIND_CONTAINER_LOG,  /* *-json.log(.N) under docker's containers dir */
	KIND_JOURNAL,        /* *.journal, *.journal~ (systemd) */
	KIND_OTHER,
	KIND_COUNT
};

enum kind_where {
	KIND_IN_LOGDIR = 1 << 0, /* a directory named log or logs is above */
	KIND_IN_CONTAINERS = 1
	    << 1, /* the parent or grandparent is containers */
};

/* Classifies the file name (namelen bytes, one component). */
enum kind kind_classify(const char *name, size_t namelen, unsigned where);

/* "active_log", "rotated_log", ... for JSON; never NULL. */
const char *kind_key(enum kind k);
/* "active logs", "rotated logs", ... for the text report. */
const char *kind_label(enum kind k);

#endif
