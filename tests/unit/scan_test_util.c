/* scan_test_util: see scan_test_util.h. */
#include "config.h"

#include <string.h>

#include "lib/xalloc.h"
#include "tests/unit/scan_test_util.h"

struct scan_dir *
scan_test_dir(
    struct scan_dir *parent, const char *name, uint64_t disk, uint64_t size)
{
	size_t n = strlen(name);
	struct scan_dir *d = xcalloc(1, sizeof(*d) + n + 1);
	struct scan_dir **tail;

	memcpy(d->name, name, n + 1);
	d->namelen = (uint32_t)n;
	d->disk = disk;
	d->size = size;
	d->parent = parent;
	if (parent != NULL) {
		d->depth = parent->depth + 1;
		tail = &parent->child;
		while (*tail != NULL)
			tail = &(*tail)->next;
		*tail = d;
	}
	return d;
}
