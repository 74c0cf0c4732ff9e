/*
 * deleted: the /proc fd scan.
 *
 * For each /proc/PID/fd/N, readlink gives the old path with " (deleted)"
 * appended when the file was unlinked; stat through the fd link (which
 * follows it to the open file) gives its device, inode and blocks.  Only
 * absolute paths count, so sockets, pipes and anon inodes are skipped;
 * the device filter keeps memfd and other internal mounts out.
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

#include "lib/units.h"
#include "lib/xalloc.h"
#include "scanner/deleted.h"

#define DELETED_SUFFIX " (deleted)"

struct dl_list {
	struct deleted_file *v;
	size_t n, alloc;
};

static int
dev_wanted(const uint64_t *devs, size_t ndevs, uint64_t dev)
{
	size_t i;

	if (ndevs == 0)
		return 1;
	for (i = 0; i < ndevs; i++)
		if (devs[i] == dev)
			return 1;
	return 0;
}

static void
read_comm(int pidfd, char *comm, size_t size)
{
	int fd = openat(pidfd, "comm", O_RDONLY | O_CLOEXEC);
	ssize_t n = -1;

	if (fd >= 0) {
		n = read(fd, comm, size - 1);
		close(fd);
	}
	if (n < 0)
		n = 0;
	comm[n] = '\0';
	if (n > 0 && comm[n - 1] == '\n')
		comm[n - 1] = '\0';
}

/* Adds one descriptor of pid if it holds a deleted file on a wanted dev. */
static void
scan_fd(int fddir, const char *name, int pid, const char *comm,
    const uint64_t *devs, size_t ndevs, struct dl_list *l, size_t first)
{
	char link[4096 + sizeof(DELETED_SUFFIX)];
	size_t slen = strlen(DELETED_SUFFIX), i;
	struct stat st;
	ssize_t n;
	struct deleted_file *d;

	n = readlinkat(fddir, name, link, sizeof(link) - 1);
	if (n <= (ssize_t)slen || link[0] != '/')
		return;
	link[n] = '\0';
	if (strcmp(link + n - slen, DELETED_SUFFIX) != 0)
		return;
	if (fstatat(fddir, name, &st, 0) != 0 || !S_ISREG(st.st_mode) ||
	    st.st_nlink != 0 || !dev_wanted(devs, ndevs, st.st_dev))
		return;
	for (i = first; i < l->n; i++)
		if (l->v[i].dev == st.st_dev && l->v[i].ino == st.st_ino)
			return;
	XGROW(l->v, l->n + 1, l->alloc);
	d = &l->v[l->n++];
	memset(d, 0, sizeof(*d));
	d->pid = pid;
	snprintf(d->comm, sizeof(d->comm), "%s", comm);
	d->path = xstrndup(link, (size_t)n - slen);
	d->dev = st.st_dev;
	d->ino = st.st_ino;
	d->disk = (uint64_t)st.st_blocks * 512;
	d->size = (uint64_t)st.st_size;
	d->fd = atoi(name);
}

static void
scan_pid(int procfd, const char *pidname, const uint64_t *devs, size_t ndevs,
    struct dl_list *l)
{
	int pidfd, fddir;
	DIR *dir;
	struct dirent *de;
	char comm[32];
	size_t first = l->n;

	pidfd = openat(procfd, pidname, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (pidfd < 0)
		return;
	fddir = openat(pidfd, "fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fddir < 0 || (dir = fdopendir(fddir)) == NULL) {
		if (fddir >= 0)
			close(fddir);
		close(pidfd);
		return;
	}
	read_comm(pidfd, comm, sizeof(comm));
	while ((de = readdir(dir)) != NULL)
		if (units_all_digits(de->d_name))
			scan_fd(dirfd(dir), de->d_name, atoi(pidname), comm,
			    devs, ndevs, l, first);
	closedir(dir);
	close(pidfd);
}

static int
cmp_deleted(const void *pa, const void *pb)
{
	const struct deleted_file *a = pa, *b = pb;

	if (a->disk != b->disk)
		return a->disk > b->disk ? -1 : 1;
	return a->pid - b->pid;
}

size_t
deleted_scan(const char *proc, const uint64_t *devs, size_t ndevs,
    struct deleted_file **out)
{
	struct dl_list l = { NULL, 0, 0 };
	int procfd;
	DIR *dir;
	struct dirent *de;

	*out = NULL;
	procfd = open(proc, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (procfd < 0)
		return 0;
	dir = fdopendir(dup(procfd));
	if (dir == NULL) {
		close(procfd);
		return 0;
	}
	while ((de = readdir(dir)) != NULL)
		if (units_all_digits(de->d_name))
			scan_pid(procfd, de->d_name, devs, ndevs, &l);
	closedir(dir);
	close(procfd);
	if (l.n > 1)
		qsort(l.v, l.n, sizeof(*l.v), cmp_deleted);
	*out = l.v;
	return l.n;
}

void
deleted_free(struct deleted_file *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i].path);
	free(v);
}
