/*
 * deleted: the /proc scan.
 *
 * For each /proc/PID/fd/N, and each /proc/PID/map_files/START-END (a file
 * mapped with mmap and then closed; readable by root only), readlink
 * gives the old path with " (deleted)" appended when the file was
 * unlinked; stat through the link (which follows it to the open file)
 * gives its device, inode and blocks.  Only absolute paths count, so
 * sockets, pipes and anon inodes are skipped; the device filter keeps
 * memfd and other internal mounts out.  Every (process, inode) found is
 * a record; sorted by inode, the records of one inode become one file
 * with its holders, so nginx's master and workers sharing a log count it
 * once.
 */
#include "config.h"

#include <sys/stat.h>
#include <sys/types.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/fsutil.h"
#include "lib/units.h"
#include "lib/xalloc.h"
#include "scanner/deleted.h"

#define DELETED_SUFFIX " (deleted)"

/* One process holding one deleted inode. */
struct dl_rec {
	uint64_t dev, ino, disk, size;
	char *path;
	struct deleted_holder h;
};

struct dl_scan {
	const uint64_t *devs;
	size_t ndevs;
	struct dl_rec *v;
	size_t n, alloc;
	size_t first; /* the current process's first record */
};

static int
dev_wanted(const struct dl_scan *s, uint64_t dev)
{
	size_t i;

	if (s->ndevs == 0)
		return 1;
	for (i = 0; i < s->ndevs; i++)
		if (s->devs[i] == dev)
			return 1;
	return 0;
}

size_t
deleted_read_proc(int dirfd, const char *name, char *buf, size_t size)
{
	int fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC);
	ssize_t n = -1;

	if (fd >= 0) {
		n = fsutil_read_full(fd, buf, size - 1);
		close(fd);
	}
	if (n < 0)
		n = 0;
	buf[n] = '\0';
	return (size_t)n;
}

/*
 * Adds the deleted file that entry name of dirfd (fd/ or map_files/)
 * leads to, if it is one, on a wanted device and not yet held by this
 * process.
 */
static void
scan_link(struct dl_scan *s, int dirfd, const char *name,
    const struct deleted_holder *h)
{
	char link[4096 + sizeof(DELETED_SUFFIX)];
	size_t slen = strlen(DELETED_SUFFIX), i;
	struct stat st;
	ssize_t n;
	struct dl_rec *r;

	n = readlinkat(dirfd, name, link, sizeof(link) - 1);
	if (n <= (ssize_t)slen || link[0] != '/')
		return;
	link[n] = '\0';
	if (strcmp(link + n - slen, DELETED_SUFFIX) != 0)
		return;
	if (fstatat(dirfd, name, &st, 0) != 0 || !S_ISREG(st.st_mode) ||
	    st.st_nlink != 0 || !dev_wanted(s, st.st_dev))
		return;
	for (i = s->first; i < s->n; i++)
		if (s->v[i].dev == st.st_dev && s->v[i].ino == st.st_ino)
			return;
	XGROW(s->v, s->n + 1, s->alloc);
	r = &s->v[s->n++];
	r->dev = st.st_dev;
	r->ino = st.st_ino;
	r->disk = (uint64_t)st.st_blocks * 512;
	r->size = (uint64_t)st.st_size;
	r->path = xstrndup(link, (size_t)n - slen);
	r->h = *h;
}

/* Every entry of pidfd's directory sub; returns -1 if it cannot open. */
static int
scan_links(
    struct dl_scan *s, int pidfd, const char *sub, struct deleted_holder *h)
{
	int fd = openat(pidfd, sub, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *dir;
	struct dirent *de;
	int mapped = strcmp(sub, "map_files") == 0;

	if (fd < 0 || (dir = fdopendir(fd)) == NULL) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	while ((de = readdir(dir)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if (!mapped && !units_all_digits(de->d_name))
			continue;
		h->fd = mapped ? -1 : atoi(de->d_name);
		scan_link(s, dirfd(dir), de->d_name, h);
	}
	closedir(dir);
	return 0;
}

static void
scan_pid(struct dl_scan *s, int procfd, const char *pidname,
    struct deleted_report *r)
{
	struct deleted_holder h = { 0 };
	char cmdline[2];
	int pidfd, err;

	pidfd = openat(procfd, pidname, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (pidfd < 0)
		return;
	r->processes++;
	h.pid = atoi(pidname);
	deleted_read_proc(pidfd, "comm", h.comm, sizeof(h.comm));
	h.comm[strcspn(h.comm, "\n")] = '\0';
	s->first = s->n;
	if (scan_links(s, pidfd, "fd", &h) < 0) {
		err = errno;
		/* A kernel thread (empty command line) holds no files. */
		if ((err == EACCES || err == EPERM) &&
		    deleted_read_proc(
		        pidfd, "cmdline", cmdline, sizeof(cmdline)) > 0)
			r->uninspected++;
		close(pidfd);
		return;
	}
	scan_links(s, pidfd, "map_files", &h);
	close(pidfd);
}

static int
cmp_rec(const void *pa, const void *pb)
{
	const struct dl_rec *a = pa, *b = pb;

	if (a->dev != b->dev)
		return a->dev < b->dev ? -1 : 1;
	if (a->ino != b->ino)
		return a->ino < b->ino ? -1 : 1;
	return (a->h.pid > b->h.pid) - (a->h.pid < b->h.pid);
}

static int
cmp_file(const void *pa, const void *pb)
{
	const struct deleted_file *a = pa, *b = pb;

	if (a->disk != b->disk)
		return a->disk > b->disk ? -1 : 1;
	if (a->size != b->size)
		return a->size > b->size ? -1 : 1;
	return strcmp(a->path, b->path);
}

/* Turns the records, sorted by inode, into files with their holders. */
static void
group(struct dl_scan *s, struct deleted_report *r)
{
	size_t i, j, k;

	r->files = xcalloc(s->n ? s->n : 1, sizeof(*r->files));
	for (i = 0; i < s->n; i = j) {
		struct deleted_file *f = &r->files[r->nfiles++];

		for (j = i + 1; j < s->n && s->v[j].dev == s->v[i].dev &&
		     s->v[j].ino == s->v[i].ino;
		     j++)
			;
		f->path = s->v[i].path;
		f->dev = s->v[i].dev;
		f->ino = s->v[i].ino;
		f->disk = s->v[i].disk;
		f->size = s->v[i].size;
		f->nholders = j - i;
		f->holders = xreallocarray(NULL, j - i, sizeof(*f->holders));
		for (k = i; k < j; k++) {
			f->holders[k - i] = s->v[k].h;
			if (k > i)
				free(s->v[k].path);
		}
	}
	if (r->nfiles > 1)
		qsort(r->files, r->nfiles, sizeof(*r->files), cmp_file);
}

int
deleted_scan(const char *proc, const uint64_t *devs, size_t ndevs,
    struct deleted_report *r)
{
	struct dl_scan s = { devs, ndevs, NULL, 0, 0, 0 };
	int procfd;
	DIR *dir;
	struct dirent *de;

	memset(r, 0, sizeof(*r));
	procfd = open(proc, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (procfd < 0)
		return -1;
	dir = fdopendir(dup(procfd));
	if (dir == NULL) {
		close(procfd);
		return -1;
	}
	while ((de = readdir(dir)) != NULL)
		if (units_all_digits(de->d_name))
			scan_pid(&s, procfd, de->d_name, r);
	closedir(dir);
	close(procfd);
	if (s.n > 1)
		qsort(s.v, s.n, sizeof(*s.v), cmp_rec);
	group(&s, r);
	free(s.v);
	return 0;
}

void
deleted_release(struct deleted_report *r)
{
	size_t i;

	for (i = 0; i < r->nfiles; i++) {
		free(r->files[i].path);
		free(r->files[i].holders);
	}
	free(r->files);
	memset(r, 0, sizeof(*r));
}
