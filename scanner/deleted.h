/*
 * deleted: files that are deleted but still open, found through
 * /proc/PID/fd: the space df counts and du cannot see.
 */
#ifndef HR_DELETED_H
#define HR_DELETED_H

#include <stddef.h>
#include <stdint.h>

struct deleted_file {
	int pid;
	char comm[32]; /* the command name, from /proc/PID/comm */
	char *path;    /* owned: the old path, without " (deleted)" */
	uint64_t dev, ino;
	uint64_t disk, size; /* st_blocks * 512, st_size */
	int fd;              /* one descriptor holding it */
};

/*
 * Scans proc (normally "/proc") for descriptors of deleted files on one
 * of the ndevs devices in devs (all devices when ndevs is 0).  A file
 * open several times in one process is listed once.  Processes or
 * descriptors that cannot be read are skipped silently.  Fills *out
 * (largest first; free with deleted_free) and returns the count; returns
 * 0 when proc cannot be read.
 */
size_t deleted_scan(const char *proc, const uint64_t *devs, size_t ndevs,
    struct deleted_file **out);
void deleted_free(struct deleted_file *v, size_t n);

#endif
