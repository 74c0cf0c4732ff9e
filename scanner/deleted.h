/*
 * deleted: files that are deleted but still open or mapped, found through
 * /proc/PID/fd and /proc/PID/map_files: the space df counts and du cannot
 * see.
 */
#ifndef HR_DELETED_H
#define HR_DELETED_H

#include <stddef.h>
#include <stdint.h>

/* One process holding a deleted file. */
struct deleted_holder {
	int pid;
	int fd;        /* one descriptor holding it; -1: only mapped */
	char comm[32]; /* the command name, from /proc/PID/comm */
};

/* One deleted file (one inode), however many processes hold it. */
struct deleted_file {
	char *path; /* owned: the old path, without " (deleted)" */
	uint64_t dev, ino;
	uint64_t disk, size;            /* st_blocks * 512, st_size */
	struct deleted_holder *holders; /* owned, by pid */
	size_t nholders;
};

struct deleted_report {
	struct deleted_file *files; /* owned, largest first */
	size_t nfiles;
	size_t processes;   /* processes looked at */
	size_t uninspected; /* processes whose descriptors were refused */
};

/*
 * Scans proc (normally "/proc") for descriptors and memory mappings of
 * deleted regular files on one of the ndevs devices in devs (all devices
 * when ndevs is 0).  Each (device, inode) is one file, listed with every
 * process that holds it (each process once).  A process that exits
 * during the scan is skipped; one whose descriptors cannot be read
 * (another user's, without privileges) is counted in uninspected, unless
 * it is a kernel thread.  Fills *r (release with deleted_release);
 * returns 0, or -1 when proc cannot be read (*r is then empty).
 */
int deleted_scan(const char *proc, const uint64_t *devs, size_t ndevs,
    struct deleted_report *r);
void deleted_release(struct deleted_report *r);

/*
 * Reads the small file name (a /proc entry: "comm", "stat", ...), taken
 * relative to the directory dirfd (or AT_FDCWD), into buf: up to size - 1
 * bytes (size > 0), read on across short reads until the end of the file,
 * then a '\0'; a longer file is cut there.  A file that cannot be opened
 * or read reads as empty.  Returns the number of bytes before the '\0'.
 */
size_t deleted_read_proc(int dirfd, const char *name, char *buf, size_t size);

#endif
