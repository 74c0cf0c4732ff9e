/*
 * snapshot: encoding and decoding (see snapshot.h for the format).
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lib/quote.h"
#include "lib/xalloc.h"
#include "scanner/sink.h"
#include "scanner/snapshot.h"

#define FNV_OFFSET 0xcbf29ce484222325ULL
#define FNV_PRIME 0x100000001b3ULL
#define CHECKSUM_LEN 8
#define Q(s) quote_str(3, (s), QUOTE_ALWAYS)

static uint64_t
fnv1a(const unsigned char *p, size_t n)
{
	uint64_t h = FNV_OFFSET;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= p[i];
		h *= FNV_PRIME;
	}
	return h;
}

static void
put_uint(struct sbuf *sb, uint64_t v)
{
	unsigned char b[10];
	size_t n = 0;

	do {
		b[n] = (unsigned char)(v & 0x7f);
		v >>= 7;
		if (v != 0)
			b[n] |= 0x80;
		n++;
	} while (v != 0);
	sbuf_add(sb, b, n);
}

static void
put_str(struct sbuf *sb, const char *s, size_t n)
{
	put_uint(sb, n);
	sbuf_add(sb, s, n);
}

/* One directory record; *depth holds the previous record's depth + 1. */
static void
put_dir(struct sbuf *sb, const struct scan_dir *d, uint32_t *next)
{
	put_uint(sb, *next - d->depth);
	put_str(sb, d->name, d->namelen);
	put_uint(sb, d->disk);
	put_uint(sb, d->size);
	put_uint(sb, d->files);
	put_uint(sb,
	    (d->flags & (SCAN_DIR_READERR | SCAN_DIR_SUBERR)) != 0
	        ? SNAP_DIR_INCOMPLETE
	        : 0);
	*next = d->depth + 1;
}

/* The directory after d in preorder below root, or NULL. */
static const struct scan_dir *
preorder_next(const struct scan_dir *root, const struct scan_dir *d)
{
	if (d->child != NULL)
		return d->child;
	while (d != root && d->next == NULL)
		d = d->parent;
	return d == root ? NULL : d->next;
}

/* The tree of root in preorder, without recursion. */
static void
put_tree(struct sbuf *sb, const struct scan_dir *root)
{
	const struct scan_dir *d;
	uint32_t next = root->depth;
	uint64_t n = 0;

	for (d = root; d != NULL; d = preorder_next(root, d))
		n++;
	put_uint(sb, n);
	for (d = root; d != NULL; d = preorder_next(root, d))
		put_dir(sb, d, &next);
}

static void
put_root(struct sbuf *sb, const struct walk_root *r)
{
	put_str(sb, r->path, strlen(r->path));
	put_str(sb, r->real ? r->real : "", r->real ? strlen(r->real) : 0);
	if (r->dir != NULL) {
		put_tree(sb, r->dir);
	} else if (r->skipped) {
		put_uint(sb, 0);
	} else {
		/* A PATH that is a file: one record, itself. */
		put_uint(sb, 1);
		put_uint(sb, 0);
		put_str(sb, r->path, strlen(r->path));
		put_uint(sb, r->disk);
		put_uint(sb, r->size);
		put_uint(sb, 1);
		put_uint(sb, 0);
	}
}

void
snapshot_encode(struct sbuf *sb, const struct snap_source *src)
{
	size_t start = sb->len, i;
	uint64_t h;
	unsigned char sum[CHECKSUM_LEN];

	sbuf_addf(sb, "%s %d\n", SNAPSHOT_MAGIC, SNAPSHOT_VERSION);
	/* Zigzag: a clock before 1970 stays representable. */
	put_uint(
	    sb, ((uint64_t)src->sec << 1) ^ (uint64_t)(src->sec < 0 ? -1 : 0));
	put_uint(sb, (uint64_t)src->nsec);
	put_str(sb, src->host, strlen(src->host));
	put_uint(sb, src->nroots);
	for (i = 0; i < src->nroots; i++)
		put_root(sb, &src->roots[i]);
	put_uint(sb, src->nfs);
	for (i = 0; i < src->nfs; i++) {
		const struct fsinfo *f = &src->fs[i];

		put_str(sb, f->mount, strlen(f->mount));
		put_uint(sb, f->dev);
		put_uint(sb, f->size);
		put_uint(sb, f->used);
		put_uint(sb, f->avail);
		put_uint(sb, f->inodes);
		put_uint(sb, f->inodes_used);
	}
	h = fnv1a((const unsigned char *)sb->buf + start, sb->len - start);
	for (i = 0; i < CHECKSUM_LEN; i++)
		sum[i] = (unsigned char)(h >> (8 * i));
	sbuf_add(sb, sum, CHECKSUM_LEN);
}

/* The decoder: a cursor that turns bad on any overrun. */
struct rd {
	const unsigned char *p, *end;
	int bad;
};

static uint64_t
get_uint(struct rd *r)
{
	uint64_t v = 0;
	unsigned shift = 0;

	while (r->p < r->end && shift < 64) {
		unsigned char b = *r->p++;

		v |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80))
			return v;
		shift += 7;
	}
	r->bad = 1;
	return 0;
}

/* A string's bytes (borrowed from the data) and length. */
static const char *
get_str(struct rd *r, size_t *n)
{
	uint64_t len = get_uint(r);
	const char *s = (const char *)r->p;

	if (r->bad || len > (uint64_t)(r->end - r->p)) {
		r->bad = 1;
		*n = 0;
		return "";
	}
	r->p += len;
	*n = (size_t)len;
	return s;
}

static char *
get_dup(struct rd *r)
{
	size_t n;
	const char *s = get_str(r, &n);

	return xstrndup(s, n);
}

/* Whether n more records of at least min bytes each can be there. */
static int
room_for(struct rd *r, uint64_t n, size_t min)
{
	if (n > (uint64_t)(r->end - r->p) / min)
		r->bad = 1;
	return !r->bad;
}

static void
get_dir(struct rd *r, struct snapshot *s, size_t **stack, size_t *astack,
    uint32_t *next, size_t *anames)
{
	struct snap_dir *d = &s->dirs[s->ndirs];
	uint64_t up = get_uint(r);
	size_t n;
	const char *name;

	if (up > *next) {
		r->bad = 1;
		return;
	}
	d->depth = *next - (uint32_t)up;
	name = get_str(r, &n);
	d->disk = get_uint(r);
	d->size = get_uint(r);
	d->files = get_uint(r);
	d->flags = (uint32_t)get_uint(r);
	if (r->bad || n > UINT32_MAX)
		return;
	XGROW(*stack, (size_t)d->depth + 1, *astack);
	(*stack)[d->depth] = s->ndirs;
	d->parent =
	    d->depth > 0 ? (uint32_t)(*stack)[d->depth - 1] : UINT32_MAX;
	XGROW(s->names, s->names_len + n + 1, *anames);
	memcpy(s->names + s->names_len, name, n);
	s->names[s->names_len + n] = '\0';
	d->name = s->names_len;
	d->namelen = (uint32_t)n;
	s->names_len += n + 1;
	*next = d->depth + 1;
	s->ndirs++;
}

static void
get_roots(struct rd *r, struct snapshot *s)
{
	size_t *stack = NULL, astack = 0, adirs = 0, anames = 0, i, j;
	uint64_t nroots = get_uint(r), n;
	uint32_t next;

	if (!room_for(r, nroots, 3))
		return;
	s->roots = xcalloc(nroots ? nroots : 1, sizeof(*s->roots));
	for (i = 0; i < nroots && !r->bad; i++) {
		struct snap_root *root = &s->roots[s->nroots++];

		root->path = get_dup(r);
		root->real = get_dup(r);
		n = get_uint(r);
		if (!room_for(r, n, 6) || n > UINT32_MAX - s->ndirs)
			break;
		root->first = s->ndirs;
		root->ndirs = (size_t)n;
		XGROW(s->dirs, s->ndirs + n, adirs);
		next = 0;
		for (j = 0; j < n && !r->bad; j++) {
			get_dir(r, s, &stack, &astack, &next, &anames);
			/* Only the first record is at depth 0. */
			if (!r->bad &&
			    (j == 0) != (s->dirs[s->ndirs - 1].depth == 0))
				r->bad = 1;
		}
	}
	free(stack);
}

static void
get_fs(struct rd *r, struct snapshot *s)
{
	uint64_t n = get_uint(r);
	size_t i;

	if (!room_for(r, n, 7))
		return;
	s->fs = xcalloc(n ? n : 1, sizeof(*s->fs));
	for (i = 0; i < n && !r->bad; i++) {
		struct snap_fs *f = &s->fs[s->nfs++];

		f->mount = get_dup(r);
		f->dev = get_uint(r);
		f->size = get_uint(r);
		f->used = get_uint(r);
		f->avail = get_uint(r);
		f->inodes = get_uint(r);
		f->inodes_used = get_uint(r);
	}
}

/* Checks the magic line and the version; returns the body's offset. */
static int
check_header(const unsigned char *p, size_t len, const char *path, size_t *body,
    struct hr_error *err)
{
	size_t m = strlen(SNAPSHOT_MAGIC), i;
	unsigned long v = 0;

	if (len < m + 1 || memcmp(p, SNAPSHOT_MAGIC " ", m + 1) != 0)
		return hr_error_set(err, 0, NULL, 0,
		    "%s is not a headroom scan snapshot", Q(path));
	for (i = m + 1; i < len && i < m + 12 && p[i] >= '0' && p[i] <= '9';
	     i++)
		v = v * 10 + (p[i] - '0');
	if (i == m + 1 || i >= len || p[i] != '\n')
		return hr_error_set(err, 0, NULL, 0,
		    "%s is not a headroom scan snapshot", Q(path));
	if (v != SNAPSHOT_VERSION)
		return hr_error_set(err, 0, NULL, 0,
		    "%s is a snapshot of version %lu; this headroom "
		    "reads version %d",
		    Q(path), v, SNAPSHOT_VERSION);
	*body = i + 1;
	return 0;
}

int
snapshot_decode(const void *data, size_t len, const char *path,
    struct snapshot *s, struct hr_error *err)
{
	const unsigned char *p = data;
	struct rd r;
	size_t body = 0, i;
	uint64_t h = 0, sec;

	memset(s, 0, sizeof(*s));
	if (check_header(p, len, path, &body, err) < 0)
		return -1;
	if (len < body + CHECKSUM_LEN)
		goto damaged;
	for (i = 0; i < CHECKSUM_LEN; i++)
		h |= (uint64_t)p[len - CHECKSUM_LEN + i] << (8 * i);
	if (h != fnv1a(p, len - CHECKSUM_LEN))
		goto damaged;
	r = (struct rd){ p + body, p + len - CHECKSUM_LEN, 0 };
	sec = get_uint(&r);
	s->sec = (int64_t)(sec >> 1) ^ -(int64_t)(sec & 1);
	s->nsec = (long)(get_uint(&r) % 1000000000);
	s->host = get_dup(&r);
	get_roots(&r, s);
	if (!r.bad)
		get_fs(&r, s);
	if (!r.bad && r.p == r.end)
		return 0;
damaged:
	snapshot_release(s);
	return hr_error_set(
	    err, 0, NULL, 0, "%s is damaged (truncated or corrupt)", Q(path));
}

const struct snap_root *
snapshot_find_root(const struct snapshot *s, const char *real)
{
	size_t i;

	for (i = 0; i < s->nroots; i++) {
		const struct snap_root *r = &s->roots[i];

		if (strcmp(*r->real ? r->real : r->path, real) == 0)
			return r;
	}
	return NULL;
}

void
snapshot_path(const struct snapshot *s, size_t i, struct sbuf *sb)
{
	size_t chain[64], *v = chain, n = 0, j;

	if (s->dirs[i].depth + 1 > 64)
		v = xreallocarray(NULL, s->dirs[i].depth + 1, sizeof(*v));
	for (j = i; j != UINT32_MAX; j = s->dirs[j].parent)
		v[n++] = j;
	sbuf_adds(sb, s->names + s->dirs[v[n - 1]].name);
	while (n-- > 1)
		tree_join(sb, s->names + s->dirs[v[n - 1]].name,
		    s->dirs[v[n - 1]].namelen);
	if (v != chain)
		free(v);
}

void
snapshot_release(struct snapshot *s)
{
	size_t i;

	for (i = 0; i < s->nroots; i++) {
		free(s->roots[i].path);
		free(s->roots[i].real);
	}
	for (i = 0; i < s->nfs; i++)
		free(s->fs[i].mount);
	free(s->roots);
	free(s->dirs);
	free(s->names);
	free(s->fs);
	free(s->host);
	memset(s, 0, sizeof(*s));
}
