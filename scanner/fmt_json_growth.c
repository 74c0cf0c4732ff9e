/*
 * fmt_json_growth: the JSON sections of --since (recent), --diff (diff)
 * and the reclaimable list; schema in headroom-scan(1).  recent and diff
 * are null when their option is not given.
 */
#include "config.h"

#include <string.h>

#include "scanner/fmt_json_int.h"
#include "scanner/sink.h"

static void
json_recent_dirs(struct sbuf *sb, const struct recent *rc)
{
	struct sbuf path = SBUF_INIT;
	size_t i;

	sbuf_adds(sb, ",\"directories\":[");
	for (i = 0; i < rc->ndirs; i++) {
		const struct recent_dir *d = &rc->dirs[i];

		sbuf_reset(&path);
		tree_path(d->dir, &path);
		sbuf_adds(sb, i ? ",{" : "{");
		json_str_field(sb, "path", path.buf, path.len);
		sbuf_addf(sb, ",\"depth\":%u,", d->dir->depth);
		json_num_field(sb, "disk", d->disk);
		json_num_next(sb, "size", d->size);
		json_num_next(sb, "files", d->files);
		sbuf_addch(sb, '}');
	}
	sbuf_adds(sb, "]");
	sbuf_release(&path);
}

void
json_recent(struct sbuf *sb, const struct report *r)
{
	const struct recent *rc = r->recent;
	struct sbuf path = SBUF_INIT;
	size_t i;

	if (rc == NULL) {
		sbuf_adds(sb, ",\"recent\":null");
		return;
	}
	sbuf_addf(sb, ",\"recent\":{\"since_seconds\":%llu,\"cutoff\":%lld,",
	    (unsigned long long)rc->window, (long long)rc->cutoff);
	json_num_field(sb, "disk", rc->disk);
	json_num_next(sb, "size", rc->size);
	json_num_next(sb, "file_count", rc->files_total);
	json_recent_dirs(sb, rc);
	sbuf_adds(sb, ",\"files\":[");
	for (i = 0; i < rc->files.nfiles; i++) {
		const struct rank_file *f = &rc->files.files[i];

		sbuf_reset(&path);
		rank_file_path(f, &path);
		sbuf_adds(sb, i ? ",{" : "{");
		json_str_field(sb, "path", path.buf, path.len);
		json_num_next(sb, "disk", f->disk);
		json_num_next(sb, "size", f->size);
		sbuf_addf(sb, ",\"mtime\":%lld}", (long long)f->mtime);
	}
	sbuf_adds(sb, "]}");
	sbuf_release(&path);
}

/* "bytes_per_hour":N, or null when no time passed. */
static void
json_rate(struct sbuf *sb, const struct diff *d, int64_t delta)
{
	if (d->seconds > 0)
		sbuf_addf(
		    sb, ",\"bytes_per_hour\":%.0f", diff_per_hour(d, delta));
	else
		sbuf_adds(sb, ",\"bytes_per_hour\":null");
}

static void
json_diff_dirs(struct sbuf *sb, const struct diff *d)
{
	size_t i;

	sbuf_adds(sb, ",\"directories\":[");
	for (i = 0; i < d->ndirs; i++) {
		const struct diff_dir *x = &d->dirs[i];

		sbuf_adds(sb, i ? ",{" : "{");
		json_str_field(sb, "path", x->path, strlen(x->path));
		sbuf_addf(sb, ",\"depth\":%u,", x->depth);
		json_num_field(sb, "disk_before", x->before);
		json_num_next(sb, "disk_after", x->after);
		sbuf_addf(sb, ",\"delta\":%lld", (long long)x->delta);
		json_rate(sb, d, x->delta);
		sbuf_addf(sb, ",\"new\":%s}", x->added ? "true" : "false");
	}
	sbuf_adds(sb, "]");
}

/* ,"name":[{"path","depth","disk"}...] */
static void
json_dir_list(struct sbuf *sb, const char *name, const struct diff_dir *v,
    size_t n, enum diff_side side)
{
	size_t i;

	sbuf_addf(sb, ",\"%s\":[", name);
	for (i = 0; i < n; i++) {
		sbuf_adds(sb, i ? ",{" : "{");
		json_str_field(sb, "path", v[i].path, strlen(v[i].path));
		sbuf_addf(sb, ",\"depth\":%u,", v[i].depth);
		json_num_field(
		    sb, "disk", side == DIFF_AFTER ? v[i].after : v[i].before);
		sbuf_addch(sb, '}');
	}
	sbuf_adds(sb, "]");
}

static void
json_diff_fs(struct sbuf *sb, const struct diff *d)
{
	size_t i;

	sbuf_adds(sb, ",\"filesystems\":[");
	for (i = 0; i < d->nfs; i++) {
		const struct diff_fs *f = &d->fs[i];

		sbuf_adds(sb, i ? ",{" : "{");
		json_str_field(sb, "mount", f->mount, strlen(f->mount));
		json_num_next(sb, "used_before", f->used_before);
		json_num_next(sb, "used_after", f->used_after);
		json_num_next(sb, "free", f->avail);
		sbuf_addf(sb, ",\"delta\":%lld", (long long)f->delta);
		json_rate(sb, d, f->delta);
		if (f->seconds_to_full >= 0)
			sbuf_addf(sb, ",\"seconds_to_full\":%.0f}",
			    f->seconds_to_full);
		else
			sbuf_adds(sb, ",\"seconds_to_full\":null}");
	}
	sbuf_adds(sb, "]");
}

void
json_diff(struct sbuf *sb, const struct report *r)
{
	const struct diff *d = r->diff;

	if (d == NULL) {
		sbuf_adds(sb, ",\"diff\":null");
		return;
	}
	sbuf_adds(sb, ",\"diff\":{");
	json_str_field(sb, "file", r->diff_file, strlen(r->diff_file));
	sbuf_addf(sb, ",\"saved_at\":%lld,\"seconds\":%.6f",
	    (long long)d->saved_sec, d->seconds);
	json_diff_dirs(sb, d);
	json_dir_list(sb, "new_directories", d->added, d->nadded, DIFF_AFTER);
	json_dir_list(
	    sb, "vanished_directories", d->vanished, d->nvanished, DIFF_BEFORE);
	json_diff_fs(sb, d);
	sbuf_adds(sb, "}");
}

void
json_reclaim(struct sbuf *sb, const struct report *r)
{
	const struct reclaim *rc = r->reclaim;
	size_t i;

	sbuf_adds(sb, ",\"reclaimable\":[");
	for (i = 0; rc != NULL && i < rc->nitems; i++) {
		const struct reclaim_item *it = &rc->items[i];

		sbuf_addf(sb, "%s{\"kind\":\"%s\",", i ? "," : "",
		    reclaim_kind_key(it->kind));
		json_str_field(sb, "what", it->what, strlen(it->what));
		sbuf_addch(sb, ',');
		json_str_field(sb, "path", it->path, strlen(it->path));
		json_num_next(sb, "disk", it->disk);
		sbuf_addf(
		    sb, ",\"counted\":%s,", it->counted ? "true" : "false");
		json_str_field(sb, "command", it->command, strlen(it->command));
		sbuf_addch(sb, ',');
		json_str_field(sb, "risk", it->risk, strlen(it->risk));
		sbuf_addch(sb, ',');
		json_str_field(sb, "fix", it->fix, strlen(it->fix));
		sbuf_addch(sb, '}');
	}
	sbuf_addf(sb, "],\"reclaimable_disk\":%llu",
	    (unsigned long long)(rc ? rc->total : 0));
}
