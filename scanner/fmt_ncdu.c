/*
 * fmt_ncdu: ncdu's JSON export (major 1, minor 2), as ncdu 1.18 reads it.
 *
 * The format nests every directory's entries inside it, which a parallel
 * walk does not produce in order.  So ncdu_ops, a sink, serializes each
 * entry into its directory's buffer (struct ncdu_dir, which the walker
 * keeps before the directory's record: sink_ops.dir_aux) on the worker
 * that reads the directory; fmt_ncdu then writes the tree depth-first,
 * each directory's info object, its buffered entries, its subdirectories.
 * Memory is the text of the export, about 60 bytes per entry.
 */
#include "config.h"

#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>

#include "scanner/fmt.h"

void
fmt_ncdu_string(struct sbuf *sb, const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i;

	sbuf_addch(sb, '"');
	for (i = 0; i < n; i++) {
		if (s[i] == '"' || s[i] == '\\') {
			sbuf_addch(sb, '\\');
			sbuf_addch(sb, s[i]);
		} else if (s[i] == '\n') {
			sbuf_adds(sb, "\\n");
		} else if (s[i] == '\t') {
			sbuf_adds(sb, "\\t");
		} else if (s[i] < 0x20 || s[i] == 0x7f) {
			sbuf_addf(sb, "\\u%04x", s[i]);
		} else {
			sbuf_addch(sb, s[i]);
		}
	}
	sbuf_addch(sb, '"');
}

static void
sizes(struct sbuf *sb, uint64_t asize, uint64_t dsize)
{
	if (asize)
		sbuf_addf(sb, ",\"asize\":%llu", (unsigned long long)asize);
	if (dsize)
		sbuf_addf(sb, ",\"dsize\":%llu", (unsigned long long)dsize);
}

/* What the export needs of a directory, kept before its record. */
struct ncdu_dir {
	uint64_t disk, size; /* the directory inode alone */
	struct sbuf text;    /* its non-directory entries, serialized */
};

static struct ncdu_dir *
ncdu_of(const struct scan_dir *d)
{
	return scan_dir_aux(d, sizeof(struct ncdu_dir));
}

static void
ncdu_dir_new(void *wctx, struct scan_dir *d, const struct scan_entry *e)
{
	struct ncdu_dir *nd = ncdu_of(d);

	(void)wctx;
	nd->disk = e->disk;
	nd->size = e->size;
	sbuf_init(&nd->text, 0);
}

static void
ncdu_entry(void *wctx, struct scan_dir *dir, const struct scan_entry *e)
{
	struct sbuf *sb;

	(void)wctx;
	if (dir == NULL)
		return; /* a PATH that is no directory: fmt_ncdu writes it */
	sb = &ncdu_of(dir)->text;
	if ((e->flags & SCAN_ENT_LATE) ||
	    (S_ISDIR(e->mode) && (e->flags & SCAN_ENT_DUP)))
		return;
	sbuf_adds(sb, ",\n{\"name\":");
	fmt_ncdu_string(sb, e->name, e->namelen);
	if (e->flags & SCAN_ENT_EXCLUDED) {
		sbuf_adds(sb, ",\"excluded\":\"pattern\"}");
		return;
	}
	if (e->err != 0) {
		sbuf_adds(sb, ",\"read_error\":true}");
		return;
	}
	sizes(sb, e->size, e->disk);
	if (e->dev != dir->dev)
		sbuf_addf(sb, ",\"dev\":%llu", (unsigned long long)e->dev);
	if (e->flags & (SCAN_ENT_OTHERFS | SCAN_ENT_KERNFS)) {
		sbuf_addf(sb, ",\"excluded\":\"%s\"}",
		    (e->flags & SCAN_ENT_OTHERFS) ? "otherfs" : "kernfs");
		return;
	}
	if (e->nlink > 1 && !S_ISDIR(e->mode))
		sbuf_addf(sb, ",\"ino\":%llu,\"hlnkc\":true,\"nlink\":%u",
		    (unsigned long long)e->ino, e->nlink);
	if (!S_ISREG(e->mode))
		sbuf_adds(sb, ",\"notreg\":true");
	sbuf_addch(sb, '}');
}

const struct sink_ops ncdu_ops = {
	.dir_new = ncdu_dir_new,
	.dir_aux = sizeof(struct ncdu_dir),
	.entry = ncdu_entry,
};

static void
enter(FILE *fp, struct sbuf *sb, const struct scan_dir *d)
{
	const struct ncdu_dir *nd = ncdu_of(d);

	sbuf_reset(sb);
	sbuf_adds(sb, "[{\"name\":");
	fmt_ncdu_string(sb, d->name, d->namelen);
	sizes(sb, nd->size, nd->disk);
	if (d->parent == NULL || d->parent->dev != d->dev)
		sbuf_addf(sb, ",\"dev\":%llu", (unsigned long long)d->dev);
	if (d->flags & SCAN_DIR_READERR)
		sbuf_adds(sb, ",\"read_error\":true");
	sbuf_addch(sb, '}');
	fwrite(sb->buf, 1, sb->len, fp);
	fwrite(nd->text.buf, 1, nd->text.len, fp);
}

int
fmt_ncdu(FILE *fp, const struct walk_root *root, int64_t timestamp)
{
	struct sbuf sb = SBUF_INIT;
	const struct scan_dir *d = root->dir;

	fprintf(fp,
	    "[1,2,{\"progname\":\"headroom\",\"progver\":\"%s\","
	    "\"timestamp\":%lld},\n",
	    PACKAGE_VERSION, (long long)(timestamp > 0 ? timestamp : 0));
	if (d == NULL) {
		fputs("[{\"name\":", fp);
		sbuf_reset(&sb);
		fmt_ncdu_string(&sb, root->path, strlen(root->path));
		fwrite(sb.buf, 1, sb.len, fp);
		fputs(",\"read_error\":true}]]\n", fp);
		sbuf_release(&sb);
		return ferror(fp) ? -1 : 0;
	}
	enter(fp, &sb, d);
	for (;;) {
		if (d->child != NULL) {
			d = d->child;
			fputs(",\n", fp);
			enter(fp, &sb, d);
			continue;
		}
		for (;;) {
			putc(']', fp);
			if (d == root->dir)
				goto out;
			if (d->next != NULL) {
				d = d->next;
				fputs(",\n", fp);
				enter(fp, &sb, d);
				break;
			}
			d = d->parent;
		}
	}
out:
	fputs("]\n", fp);
	sbuf_release(&sb);
	return ferror(fp) ? -1 : 0;
}

void
fmt_ncdu_release(struct walk_root *root)
{
	struct scan_dir *d = root->dir;

	if (d == NULL)
		return;
	for (;;) {
		sbuf_release(&ncdu_of(d)->text);
		if (d->child != NULL) {
			d = d->child;
			continue;
		}
		while (d != root->dir && d->next == NULL)
			d = d->parent;
		if (d == root->dir)
			return;
		d = d->next;
	}
}
