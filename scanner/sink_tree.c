/*
 * sink_tree: the sums du prints (sink_tree.h): each directory's own, as
 * the entries are read, then each subtree's, without recursion.
 */
#include "config.h"

#include "scanner/sink_tree.h"

static void
tree_dir_new(void *wctx, struct scan_dir *d, const struct scan_entry *e)
{
	(void)wctx;
	d->disk = e->disk;
	d->size = e->size;
}

static void
tree_entry(void *wctx, struct scan_dir *dir, const struct scan_entry *e)
{
	(void)wctx;
	if (dir == NULL)
		return; /* a PATH: struct walk_root has its sizes */
	if (e->err != 0) {
		dir->errors++;
		return;
	}
	if (e->flags & SCAN_ENT_UNCOUNTED)
		return;
	dir->disk = scan_add(dir->disk, e->disk);
	dir->size = scan_add(dir->size, e->size);
	dir->files++;
}

static void
sum_one(struct scan_dir *d, void *arg)
{
	struct scan_dir *p = d->parent;

	(void)arg;
	d->dirs += 1;
	if (d->errors > 0 || (d->flags & SCAN_DIR_READERR))
		d->flags |= SCAN_DIR_SUBERR;
	if (p == NULL)
		return;
	p->disk = scan_add(p->disk, d->disk);
	p->size = scan_add(p->size, d->size);
	p->files += d->files;
	p->dirs += d->dirs;
	p->errors += d->errors;
	if (d->flags & SCAN_DIR_SUBERR)
		p->flags |= SCAN_DIR_SUBERR;
}

void
tree_sum(struct scan_dir *root)
{
	tree_postorder(root, UINT32_MAX, sum_one, NULL);
}

static void
tree_finish(void *self, struct scan_dir *root)
{
	(void)self;
	tree_sum(root);
}

const struct sink_ops tree_ops = {
	.dir_new = tree_dir_new,
	.entry = tree_entry,
	.finish = tree_finish,
};
