/*
 * sink: the tree of directory records that the walkers build and the
 * sinks and report writers read (sink.h): paths, du's order, traversal.
 */
#include "config.h"

#include <stdlib.h>

#include "lib/sbuf.h"
#include "lib/xalloc.h"
#include "scanner/sink.h"

int
tree_order(const struct scan_dir *a, uint32_t ia, const struct scan_dir *b,
    uint32_t ib)
{
	while (a->depth > b->depth) {
		ia = a->index;
		a = a->parent;
	}
	while (b->depth > a->depth) {
		ib = b->index;
		b = b->parent;
	}
	while (a != b) {
		ia = a->index;
		a = a->parent;
		ib = b->index;
		b = b->parent;
	}
	return ia < ib ? -1 : ia > ib;
}

void
tree_reverse_children(struct scan_dir *d)
{
	struct scan_dir *c = d->child, *prev = NULL, *next;

	for (; c != NULL; c = next) {
		next = c->next;
		c->next = prev;
		prev = c;
	}
	d->child = prev;
}

static struct scan_dir *
descend(struct scan_dir *d, uint32_t limit)
{
	while (d->child != NULL && d->depth < limit)
		d = d->child;
	return d;
}

void
tree_postorder(struct scan_dir *root, uint32_t maxdepth,
    void (*fn)(struct scan_dir *d, void *arg), void *arg)
{
	uint32_t limit = root->depth + maxdepth;
	struct scan_dir *d, *up;

	if (limit < root->depth)
		limit = UINT32_MAX;
	d = descend(root, limit);
	for (;;) {
		/* Read the links first: fn may change nothing, but be safe. */
		up = d == root ? NULL
		    : d->next  ? descend(d->next, limit)
		               : d->parent;
		fn(d, arg);
		if (up == NULL)
			break;
		d = up;
	}
}

void
tree_join(struct sbuf *sb, const char *name, size_t namelen)
{
	if (sb->len == 0 || sb->buf[sb->len - 1] != '/')
		sbuf_addch(sb, '/');
	sbuf_add(sb, name, namelen);
}

void
tree_path(const struct scan_dir *d, struct sbuf *sb)
{
	const struct scan_dir *stackbuf[64];
	const struct scan_dir **chain = stackbuf;
	size_t n = 0, i;

	if (d->depth + 1 > 64)
		chain = xreallocarray(NULL, d->depth + 1, sizeof(*chain));
	for (; d != NULL; d = d->parent)
		chain[n++] = d;
	sbuf_add(sb, chain[n - 1]->name, chain[n - 1]->namelen);
	for (i = n - 1; i-- > 0;)
		tree_join(sb, chain[i]->name, chain[i]->namelen);
	if (chain != stackbuf)
		free(chain);
}
