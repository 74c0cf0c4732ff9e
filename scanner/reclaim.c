/*
 * reclaim: the Reclaimable section (see reclaim.h): logs that can go,
 * per directory, container logs, hard links, and (reclaim_deleted.c)
 * deleted files still open.  Commands name absolute paths, quoted for a
 * shell, so they can be pasted anywhere.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lib/quote.h"
#include "lib/xalloc.h"
#include "scanner/reclaim.h"
#include "scanner/reclaim_deleted.h"
#include "scanner/sink.h"

#define DAY 86400

/* The absolute path of d (symbolic links resolved) into sb. */
static void
abs_path(const struct scan_dir *d, struct sbuf *sb)
{
	char *real;

	sbuf_reset(sb);
	tree_path(d, sb);
	real = realpath(sb->buf, NULL);
	if (real != NULL) {
		sbuf_reset(sb);
		sbuf_adds(sb, real);
		free(real);
	}
}

static void
add_quoted(struct sbuf *sb, const char *s, enum quote_style st)
{
	quote_add(sb, s, strlen(s), st);
}

/* "3 to 52 days old", "2 days old", "less than a day old". */
static void
add_age(struct sbuf *sb, int64_t now, int64_t oldest, int64_t newest)
{
	int64_t a = now > oldest ? (now - oldest) / DAY : 0;
	int64_t b = now > newest ? (now - newest) / DAY : 0;

	if (a == 0)
		sbuf_adds(sb, "less than a day old");
	else if (a == b)
		sbuf_addf(
		    sb, "%lld %s old", (long long)a, a == 1 ? "day" : "days");
	else
		sbuf_addf(
		    sb, "%lld to %lld days old", (long long)b, (long long)a);
}

static void
rotated_item(struct reclaim_list *l, const struct log_dir *d, int64_t now,
    struct sbuf *path)
{
	struct sbuf sb = SBUF_INIT;
	struct reclaim_item *it;
	size_t i, len, k = 0;

	abs_path(d->dir, path);
	it = reclaim_add(l, RECLAIM_ROTATED, d->rot_disk, path->buf);
	it->risk = xstrdup("the old logs are gone for good; -mtime +N keeps "
	                   "the last N days");
	it->fix = xstrdup("fewer generations: a lower 'rotate' count in the "
	                  "logrotate configuration");
	sbuf_adds(&sb, "rotated logs in ");
	add_quoted(&sb, path->buf, QUOTE_IF_NEEDED);
	sbuf_addf(&sb, ": %llu %s, ", (unsigned long long)d->rot_files,
	    d->rot_files == 1 ? "file" : "files");
	add_age(&sb, now, d->oldest, d->newest);
	it->what = sbuf_detach(&sb);
	if (d->patterns.len == 0) {
		it->command = xstrdup("");
		return;
	}
	sbuf_adds(&sb, "find ");
	add_quoted(&sb, path->buf, QUOTE_SHELL);
	sbuf_adds(&sb, " -maxdepth 1 -type f \\(");
	for (i = 0; i < d->patterns.len; i += len + 1, k++) {
		len = strlen(d->patterns.buf + i);
		sbuf_adds(&sb, k ? " -o -name " : " -name ");
		add_quoted(&sb, d->patterns.buf + i, QUOTE_ALWAYS);
	}
	sbuf_adds(&sb, " \\) -delete");
	it->command = sbuf_detach(&sb);
}

static void
journal_item(struct reclaim_list *l, const struct log_dir *d, struct sbuf *path)
{
	struct sbuf sb = SBUF_INIT;
	struct reclaim_item *it;
	uint64_t over = d->jr_disk - RECLAIM_JOURNAL_KEEP;
	int system;

	abs_path(d->dir, path);
	system = strncmp(path->buf, "/var/log/journal/", 17) == 0 ||
	    strncmp(path->buf, "/run/log/journal/", 17) == 0;
	it = reclaim_add(l, RECLAIM_JOURNAL,
	    over < d->jr_archived ? over : d->jr_archived, path->buf);
	sbuf_adds(&sb, "systemd journal in ");
	add_quoted(&sb, path->buf, QUOTE_IF_NEEDED);
	sbuf_addf(&sb, ": %llu files, the archived ones beyond %s",
	    (unsigned long long)d->jr_files, RECLAIM_JOURNAL_KEEP_ARG);
	it->what = sbuf_detach(&sb);
	sbuf_adds(&sb, "journalctl ");
	if (!system) {
		sbuf_adds(&sb, "--directory=");
		add_quoted(&sb, path->buf, QUOTE_SHELL);
		sbuf_addch(&sb, ' ');
	}
	sbuf_addf(&sb, "--vacuum-size=%s", RECLAIM_JOURNAL_KEEP_ARG);
	it->command = sbuf_detach(&sb);
	it->risk = xstrdup("the oldest journal entries are gone");
	it->fix = xstrdup("SystemMaxUse= in /etc/systemd/journald.conf");
}

static void
container_item(struct reclaim_list *l, const struct log_file *f, int64_t now,
    struct sbuf *path)
{
	struct sbuf sb = SBUF_INIT;
	struct reclaim_item *it;

	abs_path(f->dir, path);
	tree_join(path, f->name, strlen(f->name));
	it = reclaim_add(l, RECLAIM_CONTAINER, f->disk, path->buf);
	sbuf_adds(
	    &sb, f->rotated ? "rotated container log " : "container log ");
	add_quoted(&sb, path->buf, QUOTE_IF_NEEDED);
	sbuf_adds(&sb, ", last written ");
	add_age(&sb, now, f->mtime, f->mtime);
	if (strncmp(sb.buf + sb.len - 3, "old", 3) == 0)
		sbuf_setlen(&sb, sb.len - 4);
	sbuf_adds(&sb, " ago");
	it->what = sbuf_detach(&sb);
	sbuf_adds(&sb, f->rotated ? "rm -- " : "truncate -s 0 -- ");
	add_quoted(&sb, path->buf, QUOTE_SHELL);
	it->command = sbuf_detach(&sb);
	it->risk = xstrdup(f->rotated
	        ? "that container's older log lines are gone"
	        : "that container's log so far is gone ('docker logs' "
	          "shows only what comes after)");
	it->fix = xstrdup("docker keeps json-file logs forever: set "
	                  "\"log-opts\": {\"max-size\": \"100m\", "
	                  "\"max-file\": \"3\"} in /etc/docker/daemon.json "
	                  "(new containers), or rotate them with headroom's "
	                  "conf.d/docker");
}

/* The mount point of the file system dev, or "/". */
static const char *
mount_of(const struct reclaim_source *src, uint64_t dev)
{
	size_t i;

	for (i = 0; i < src->nfs; i++)
		if (src->fs[i].dev == dev)
			return src->fs[i].mount;
	return "/";
}

static void
hardlink_items(
    struct reclaim_list *l, const struct reclaim_source *src, struct sbuf *path)
{
	struct sbuf sb = SBUF_INIT;
	struct reclaim_item *it;
	size_t i;

	for (i = 0; i < src->rank->nfiles; i++) {
		const struct rank_file *f = &src->rank->files[i];

		if (f->nlink < 2 || f->dir == NULL)
			continue;
		abs_path(f->dir, path);
		tree_join(path, f->name, strlen(f->name));
		it = reclaim_add(l, RECLAIM_HARDLINK, f->disk, path->buf);
		add_quoted(&sb, path->buf, QUOTE_IF_NEEDED);
		sbuf_addf(&sb,
		    " has %u names (hard links): deleting one frees nothing "
		    "until all go",
		    f->nlink);
		it->what = sbuf_detach(&sb);
		sbuf_adds(&sb, "find ");
		add_quoted(&sb, mount_of(src, f->dir->dev), QUOTE_SHELL);
		sbuf_adds(&sb, " -xdev -samefile ");
		add_quoted(&sb, path->buf, QUOTE_SHELL);
		it->command = sbuf_detach(&sb);
		it->risk = xstrdup("");
	}
}

static int
cmp_item(const void *pa, const void *pb)
{
	const struct reclaim_item *a = pa, *b = pb;

	if (a->disk != b->disk)
		return a->disk > b->disk ? -1 : 1;
	if (a->kind != b->kind)
		return (int)a->kind - (int)b->kind;
	return strcmp(a->path, b->path);
}

static void
item_release(struct reclaim_item *it)
{
	free(it->what);
	free(it->path);
	free(it->command);
	free(it->risk);
	free(it->fix);
}

void
reclaim_build(struct reclaim *rc, const struct reclaim_source *src)
{
	struct reclaim_list l = { NULL, 0, 0 };
	struct sbuf path = SBUF_INIT;
	size_t i;

	memset(rc, 0, sizeof(*rc));
	if (src->deleted != NULL)
		reclaim_deleted(&l, src->deleted, src->proc);
	for (i = 0; src->logs != NULL && i < src->logs->ndirs; i++) {
		const struct log_dir *d = &src->logs->dirs[i];

		if (d->rot_disk > 0)
			rotated_item(&l, d, src->now, &path);
		if (d->jr_disk > RECLAIM_JOURNAL_KEEP && d->jr_archived > 0)
			journal_item(&l, d, &path);
	}
	for (i = 0; src->logs != NULL && i < src->logs->nfiles; i++)
		container_item(&l, &src->logs->files[i], src->now, &path);
	hardlink_items(&l, src, &path);
	sbuf_release(&path);
	for (i = 0; i < l.n; i++)
		if (l.v[i].fix == NULL)
			l.v[i].fix = xstrdup("");
	for (i = 0; i < l.n;) {
		if (l.v[i].disk >= RECLAIM_MIN) {
			i++;
			continue;
		}
		item_release(&l.v[i]);
		l.v[i] = l.v[--l.n];
	}
	if (l.n > 1)
		qsort(l.v, l.n, sizeof(*l.v), cmp_item);
	for (i = src->top; i < l.n; i++)
		item_release(&l.v[i]);
	rc->items = l.v;
	rc->nitems = l.n < src->top ? l.n : src->top;
	for (i = 0; i < rc->nitems; i++)
		if (rc->items[i].counted)
			rc->total = scan_add(rc->total, rc->items[i].disk);
}

const char *
reclaim_kind_key(enum reclaim_kind k)
{
	static const char *const keys[] = { "deleted_open", "rotated_logs",
		"journal", "container_log", "hard_link" };

	return (size_t)k < sizeof(keys) / sizeof(keys[0]) ? keys[k] : "other";
}

void
reclaim_release(struct reclaim *rc)
{
	size_t i;

	for (i = 0; i < rc->nitems; i++)
		item_release(&rc->items[i]);
	free(rc->items);
	memset(rc, 0, sizeof(*rc));
}
