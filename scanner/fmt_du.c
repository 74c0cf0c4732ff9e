/*
 * fmt_du: `du -B1 -d N` compatible output.  du prints a directory after
 * its subdirectories, siblings in the order fts read them (no sorting),
 * and each PATH argument last; the walkers keep subdirectories in
 * readdir order, so a post-order traversal is du's order.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "lib/units.h"
#include "scanner/fmt.h"
#include "scanner/sink.h"

char *
fmt_size(uint64_t bytes, const struct fmt_units *u, char *buf)
{
	/* A sum that saturated (scan_add), printed as du prints it. */
	if (bytes == UINT64_MAX)
		return strcpy(buf, "Infinity");
	if (u->human)
		return units_format_human(bytes, u->human == 2, buf);
	return units_format_blocks(bytes, u->block ? u->block : 1,
	    u->suffix[0] ? u->suffix : NULL, buf);
}

struct du_ctx {
	FILE *fp;
	const struct report *r;
	struct sbuf path;
};

static void
du_line(struct scan_dir *d, void *arg)
{
	struct du_ctx *c = arg;
	uint64_t n = measure_of(c->r->measure, d->disk, d->size);
	char buf[UNITS_HUMAN_MAX];

	sbuf_reset(&c->path);
	tree_path(d, &c->path);
	sbuf_addch(&c->path, '\n');
	fputs(fmt_size(n, &c->r->units, buf), c->fp);
	putc('\t', c->fp);
	fwrite(c->path.buf, 1, c->path.len, c->fp);
}

int
fmt_du(FILE *fp, const struct report *r)
{
	struct du_ctx c = { fp, r, SBUF_INIT };
	char buf[UNITS_HUMAN_MAX];
	size_t i;

	for (i = 0; i < r->nroots; i++) {
		const struct walk_root *root = &r->roots[i];

		if (root->skipped)
			continue;
		if (root->dir != NULL) {
			tree_postorder(root->dir, r->maxdepth, du_line, &c);
			continue;
		}
		fprintf(fp, "%s\t%s\n",
		    fmt_size(measure_of(r->measure, root->disk, root->size),
		        &r->units, buf),
		    root->path);
	}
	sbuf_release(&c.path);
	return ferror(fp) ? -1 : 0;
}
