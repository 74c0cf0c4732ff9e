/*
 * sink_logs: rotated logs, journals and large container logs, per
 * directory (see sink_logs.h).  A directory's entries come from one
 * worker, so a worker keeps appending to its last record while the
 * directory stays the same; logs_finish() folds the records of a
 * directory that was read in two turns.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lib/xalloc.h"
#include "scanner/sink_logs.h"

struct logs_worker {
	struct logs l;
};

struct logs_worker *
logs_worker_new(void)
{
	return xcalloc(1, sizeof(struct logs_worker));
}

static struct log_dir *
dir_record(struct logs *l, const struct scan_dir *dir)
{
	struct log_dir *d;

	if (l->ndirs > 0 && l->dirs[l->ndirs - 1].dir == dir)
		return &l->dirs[l->ndirs - 1];
	XGROW(l->dirs, l->ndirs + 1, l->adirs);
	d = &l->dirs[l->ndirs++];
	memset(d, 0, sizeof(*d));
	d->dir = dir;
	d->oldest = INT64_MAX;
	d->newest = INT64_MIN;
	d->patterns = (struct sbuf)SBUF_INIT;
	return d;
}

/* Adds pattern (n bytes) to the NUL-separated list unless it is there. */
static void
add_pattern(struct sbuf *list, const char *p, size_t n)
{
	size_t i = 0, len;

	for (; i < list->len; i += len + 1) {
		len = strlen(list->buf + i);
		if (len == n && memcmp(list->buf + i, p, n) == 0)
			return;
	}
	sbuf_add(list, p, n);
	sbuf_addch(list, '\0');
}

static void
add_rotated(struct log_dir *d, const struct scan_entry *e)
{
	size_t stem = kind_stem_len(e->name, e->namelen);

	d->rot_disk = scan_add(d->rot_disk, e->disk);
	d->rot_files++;
	if (e->mtime < d->oldest)
		d->oldest = e->mtime;
	if (e->mtime > d->newest)
		d->newest = e->mtime;
	/* "access.log.2.gz" -> "access.log.*": the log's generations. */
	if (stem > 0 && stem < e->namelen) {
		char buf[4096];

		if (stem + 3 > sizeof(buf))
			return;
		memcpy(buf, e->name, stem + 1);
		buf[stem + 1] = '*';
		add_pattern(&d->patterns, buf, stem + 2);
	}
}

void
logs_offer(struct logs_worker *w, const struct scan_dir *dir,
    const struct scan_entry *e, enum kind k)
{
	struct log_dir *d;
	struct log_file *f;

	if (dir == NULL)
		return;
	switch (k) {
	case KIND_ROTATED_LOG:
	case KIND_COMPRESSED_LOG:
		add_rotated(dir_record(&w->l, dir), e);
		break;
	case KIND_JOURNAL:
		d = dir_record(&w->l, dir);
		d->jr_disk = scan_add(d->jr_disk, e->disk);
		d->jr_files++;
		/* Archived: "system@...journal"; the live one has no '@'. */
		if (memchr(e->name, '@', e->namelen) != NULL)
			d->jr_archived = scan_add(d->jr_archived, e->disk);
		break;
	case KIND_CONTAINER_LOG:
		if (e->disk < LOGS_CONTAINER_MIN)
			break;
		XGROW(w->l.files, w->l.nfiles + 1, w->l.afiles);
		f = &w->l.files[w->l.nfiles++];
		f->dir = dir;
		f->name = xstrndup(e->name, e->namelen);
		f->disk = e->disk;
		f->mtime = e->mtime;
		f->rotated = kind_stem_len(e->name, e->namelen) != e->namelen;
		break;
	default:
		break;
	}
}

void
logs_merge(struct logs *l, struct logs_worker *w)
{
	XGROW(l->dirs, l->ndirs + w->l.ndirs, l->adirs);
	if (w->l.ndirs > 0)
		memcpy(l->dirs + l->ndirs, w->l.dirs,
		    w->l.ndirs * sizeof(*l->dirs));
	l->ndirs += w->l.ndirs;
	XGROW(l->files, l->nfiles + w->l.nfiles, l->afiles);
	if (w->l.nfiles > 0)
		memcpy(l->files + l->nfiles, w->l.files,
		    w->l.nfiles * sizeof(*l->files));
	l->nfiles += w->l.nfiles;
	free(w->l.dirs);
	free(w->l.files);
	free(w);
}

static int
cmp_dir_ptr(const void *pa, const void *pb)
{
	const struct log_dir *a = pa, *b = pb;

	if (a->dir != b->dir)
		return (uintptr_t)a->dir < (uintptr_t)b->dir ? -1 : 1;
	return 0;
}

static int
cmp_file(const void *pa, const void *pb)
{
	const struct log_file *a = pa, *b = pb;

	if (a->disk != b->disk)
		return a->disk > b->disk ? -1 : 1;
	return strcmp(a->name, b->name);
}

/* Folds b, a later record of the same directory, into a. */
static void
fold(struct log_dir *a, struct log_dir *b)
{
	size_t i, len;

	a->rot_disk = scan_add(a->rot_disk, b->rot_disk);
	a->rot_files += b->rot_files;
	if (b->oldest < a->oldest)
		a->oldest = b->oldest;
	if (b->newest > a->newest)
		a->newest = b->newest;
	for (i = 0; i < b->patterns.len; i += len + 1) {
		len = strlen(b->patterns.buf + i);
		add_pattern(&a->patterns, b->patterns.buf + i, len);
	}
	sbuf_release(&b->patterns);
	a->jr_disk = scan_add(a->jr_disk, b->jr_disk);
	a->jr_files += b->jr_files;
	a->jr_archived = scan_add(a->jr_archived, b->jr_archived);
}

void
logs_finish(struct logs *l)
{
	size_t i, j;

	if (l->ndirs > 1)
		qsort(l->dirs, l->ndirs, sizeof(*l->dirs), cmp_dir_ptr);
	for (i = j = 0; i < l->ndirs; i++) {
		if (j > 0 && l->dirs[j - 1].dir == l->dirs[i].dir)
			fold(&l->dirs[j - 1], &l->dirs[i]);
		else
			l->dirs[j++] = l->dirs[i];
	}
	l->ndirs = j;
	if (l->nfiles > 1)
		qsort(l->files, l->nfiles, sizeof(*l->files), cmp_file);
}

void
logs_release(struct logs *l)
{
	size_t i;

	for (i = 0; i < l->ndirs; i++)
		sbuf_release(&l->dirs[i].patterns);
	for (i = 0; i < l->nfiles; i++)
		free(l->files[i].name);
	free(l->dirs);
	free(l->files);
	memset(l, 0, sizeof(*l));
}
