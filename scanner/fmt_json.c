/*
 * fmt_json: the report as one JSON document.  The schema is documented in
 * headroom-scan(1); every key is always present, numbers are integers
 * except seconds and percentages.
 */
#include "config.h"

#include <string.h>
#include <time.h>

#include "scanner/fmt.h"
#include "scanner/fmt_json_int.h"
#include "scanner/sink.h"

static const char *
tf(unsigned v)
{
	return v ? "true" : "false";
}

/* host, time (RFC 3339, local, with its offset) and timestamp. */
static void
json_when(struct sbuf *sb, const struct report *r)
{
	time_t now = (time_t)r->now;
	char when[64] = "", zone[8] = "+0000";
	struct tm tm;

	if (localtime_r(&now, &tm) != NULL) {
		strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%S", &tm);
		strftime(zone, sizeof(zone), "%z", &tm);
	}
	json_str_field(sb, "host", r->host, strlen(r->host));
	sbuf_addf(sb, ",\"time\":\"%s%.3s:%.2s\",\"timestamp\":%lld,", when,
	    zone, zone + 3, (long long)r->now);
}

static void
json_roots(struct sbuf *sb, const struct report *r)
{
	size_t i;

	sbuf_adds(sb, "\"paths\":[");
	for (i = 0; i < r->nroots; i++) {
		const struct walk_root *root = &r->roots[i];
		const struct scan_dir *d = root->dir;
		double eps =
		    root->seconds > 0 ? root->entries / root->seconds : 0;

		sbuf_adds(sb, i ? ",{" : "{");
		json_str_field(sb, "path", root->path, strlen(root->path));
		sbuf_addch(sb, ',');
		json_str_field(sb, "real_path", root->real ? root->real : "",
		    root->real ? strlen(root->real) : 0);
		sbuf_addf(sb,
		    ",\"skipped\":%s,\"directory\":%s,\"symlink\":%s,"
		    "\"followed\":%s,",
		    tf((unsigned)root->skipped), tf(d != NULL),
		    tf((unsigned)root->symlink), tf((unsigned)root->followed));
		json_num_field(sb, "disk", d ? d->disk : root->disk);
		json_num_next(sb, "size", d ? d->size : root->size);
		json_num_next(sb, "files", d ? d->files : !root->skipped);
		json_num_next(sb, "directories", d ? d->dirs : 0);
		json_num_next(sb, "errors", d ? d->errors : 0);
		json_num_next(sb, "entries", root->entries);
		sbuf_addf(sb, ",\"seconds\":%.6f,\"entries_per_second\":%.0f}",
		    root->seconds, eps);
	}
	sbuf_adds(sb, "]");
}

static void
json_fs(struct sbuf *sb, const struct report *r)
{
	size_t i;

	sbuf_adds(sb, ",\"filesystems\":[");
	for (i = 0; i < r->nfs; i++) {
		const struct fsinfo *f = &r->fs[i];

		sbuf_adds(sb, i ? ",{" : "{");
		json_str_field(sb, "mount", f->mount, strlen(f->mount));
		sbuf_addch(sb, ',');
		json_str_field(sb, "type", f->type, strlen(f->type));
		json_num_next(sb, "dev", f->dev);
		json_num_next(sb, "size", f->size);
		json_num_next(sb, "used", f->used);
		json_num_next(sb, "free", f->avail);
		sbuf_addf(sb, ",\"free_percent\":%.2f,", f->free_pct);
		json_num_field(sb, "inodes", f->inodes);
		json_num_next(sb, "inodes_used", f->inodes_used);
		json_num_next(sb, "inodes_free", f->inodes_free);
		sbuf_addf(sb,
		    ",\"inodes_free_percent\":%.2f,\"read_only\":%s,"
		    "\"low_space\":%s,"
		    "\"low_inodes\":%s,\"below_min_free\":%s}",
		    f->inodes_free_pct, tf((unsigned)f->readonly),
		    tf(f->low & FSINFO_LOW_SPACE),
		    tf(f->low & FSINFO_LOW_INODES), tf(f->low));
	}
	sbuf_addf(sb, "],\"min_free_percent\":%.2f", r->min_free);
}

static void
json_dirs(struct sbuf *sb, const struct report *r)
{
	struct sbuf path = SBUF_INIT;
	size_t i;

	sbuf_adds(sb, ",\"directories\":[");
	for (i = 0; i < r->ndirs; i++) {
		const struct scan_dir *d = r->dirs[i];

		sbuf_reset(&path);
		tree_path(d, &path);
		sbuf_adds(sb, i ? ",{" : "{");
		json_str_field(sb, "path", path.buf, path.len);
		sbuf_addf(sb, ",\"depth\":%u,", d->depth);
		json_num_field(sb, "disk", d->disk);
		json_num_next(sb, "size", d->size);
		json_num_next(sb, "files", d->files);
		json_num_next(sb, "directories", d->dirs);
		json_num_next(sb, "errors", d->errors);
		sbuf_addch(sb, '}');
	}
	sbuf_adds(sb, "]");
	sbuf_release(&path);
}

static void
json_files(struct sbuf *sb, const struct report *r)
{
	struct sbuf path = SBUF_INIT;
	size_t i;

	sbuf_adds(sb, ",\"top_files\":[");
	for (i = 0; i < r->rank->nfiles; i++) {
		const struct rank_file *f = &r->rank->files[i];

		sbuf_reset(&path);
		rank_file_path(f, &path);
		sbuf_adds(sb, i ? ",{" : "{");
		json_str_field(sb, "path", path.buf, path.len);
		json_num_next(sb, "disk", f->disk);
		json_num_next(sb, "size", f->size);
		sbuf_addf(sb, ",\"links\":%u,\"mtime\":%lld}", f->nlink,
		    (long long)f->mtime);
	}
	sbuf_adds(sb, "]");
	sbuf_release(&path);
}

static void
json_kinds(struct sbuf *sb, const struct report *r)
{
	size_t k;

	sbuf_adds(sb, ",\"kinds\":[");
	for (k = 0; k < KIND_COUNT; k++) {
		const struct rank_kind *rk = &r->rank->kinds[k];

		sbuf_addf(sb, "%s{\"kind\":\"%s\",", k ? "," : "",
		    kind_key((enum kind)k));
		json_num_field(sb, "disk", rk->disk);
		json_num_next(sb, "size", rk->size);
		json_num_next(sb, "files", rk->files);
		sbuf_addch(sb, '}');
	}
	sbuf_adds(sb, "]");
}

static void
json_holder(struct sbuf *sb, const struct deleted_holder *h)
{
	sbuf_addf(sb, "\"pid\":%d,", h->pid);
	json_str_field(sb, "command", h->comm, strlen(h->comm));
	sbuf_addf(sb, ",\"fd\":%d", h->fd);
}

static void
json_deleted(struct sbuf *sb, const struct report *r)
{
	uint64_t disk = 0, size = 0;
	size_t i, j;

	sbuf_addf(sb, ",\"deleted\":{\"checked\":%s,\"files\":[",
	    r->deleted_checked ? "true" : "false");
	for (i = 0; i < r->deleted.nfiles; i++) {
		const struct deleted_file *d = &r->deleted.files[i];

		sbuf_adds(sb, i ? ",{" : "{");
		json_str_field(sb, "path", d->path, strlen(d->path));
		json_num_next(sb, "dev", d->dev);
		json_num_next(sb, "ino", d->ino);
		json_num_next(sb, "disk", d->disk);
		json_num_next(sb, "size", d->size);
		sbuf_addch(sb, ',');
		json_holder(sb, &d->holders[0]);
		sbuf_adds(sb, ",\"holders\":[");
		for (j = 0; j < d->nholders; j++) {
			sbuf_adds(sb, j ? ",{" : "{");
			json_holder(sb, &d->holders[j]);
			sbuf_addch(sb, '}');
		}
		sbuf_adds(sb, "]}");
		disk = scan_add(disk, d->disk);
		size = scan_add(size, d->size);
	}
	sbuf_adds(sb, "],");
	json_num_field(sb, "disk", disk);
	json_num_next(sb, "size", size);
	json_num_next(sb, "processes", r->deleted.processes);
	json_num_next(sb, "processes_uninspected", r->deleted.uninspected);
	sbuf_addch(sb, '}');
}

static void
json_skips(struct sbuf *sb, const struct report *r)
{
	size_t i;

	sbuf_adds(sb, ",\"skipped_mounts\":[");
	for (i = 0; i < r->nskips; i++) {
		const struct walk_skip *k = &r->skips[i];

		sbuf_adds(sb, i ? ",{" : "{");
		json_str_field(sb, "path", k->path, strlen(k->path));
		json_num_next(sb, "dev", k->dev);
		sbuf_addf(sb, ",\"reason\":\"%s\"}",
		    k->reason == WALK_SKIP_KERNFS ? "kernfs" : "otherfs");
	}
	sbuf_adds(sb, "]");
}

static void
json_errors(struct sbuf *sb, const struct report *r)
{
	size_t i;

	sbuf_adds(sb, ",\"errors\":[");
	for (i = 0; i < r->nerrs; i++) {
		const struct walk_error *e = &r->errs[i];

		sbuf_adds(sb, i ? ",{" : "{");
		json_str_field(sb, "path", e->path, strlen(e->path));
		sbuf_addf(sb, ",\"kind\":\"%s\",",
		    e->kind == WALK_ERR_READDIR        ? "read_directory"
		        : e->kind == WALK_ERR_DANGLING ? "dangling_symlink"
		                                       : "access");
		json_str_field(
		    sb, "error", strerror(e->code), strlen(strerror(e->code)));
		sbuf_addch(sb, '}');
	}
	sbuf_adds(sb, "]");
}

int
fmt_json(FILE *fp, const struct report *r)
{
	struct sbuf sb = SBUF_INIT;

	sbuf_adds(&sb, "{\"format\":\"headroom-scan\",\"version\":1,");
	json_when(&sb, r);
	sbuf_addf(&sb,
	    "\"apparent_size\":%s,\"max_depth\":%u,\"threads\":%u,"
	    "\"walker\":\"%s\",",
	    r->measure == MEASURE_SIZE ? "true" : "false", r->maxdepth,
	    r->nthreads, r->walker);
	json_roots(&sb, r);
	json_skips(&sb, r);
	json_fs(&sb, r);
	json_dirs(&sb, r);
	json_files(&sb, r);
	json_kinds(&sb, r);
	json_deleted(&sb, r);
	json_errors(&sb, r);
	json_recent(&sb, r);
	json_diff(&sb, r);
	json_reclaim(&sb, r);
	sbuf_adds(&sb, "}\n");
	fwrite(sb.buf, 1, sb.len, fp);
	sbuf_release(&sb);
	return ferror(fp) ? -1 : 0;
}
