/*
 * hardlink: the two sets behind du's rule that an inode counts once.
 *
 * Both are sharded by hash into 64 open-addressing tables, each behind
 * its own mutex, so workers rarely wait for one another; only inodes that
 * can be met twice (nlink > 1, or every inode when several PATHs are
 * given) are ever added, which keeps them small.
 */
#include "config.h"

#include <assert.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "lib/xalloc.h"
#include "scanner/hardlink.h"

#define HLSET_SHARDS 64
/*
 * A shard's first table: at 10,000 files a shard holds about 18 links, at
 * 200,000 about 180, so 64 tables of 64 slots were mostly empty.
 */
#define HL_FIRST_SLOTS 8
/* Name chunks start at 512 bytes and double up to this. */
#define HL_NAMECHUNK_MAX 4096

struct hlkey {
	uint64_t dev, ino; /* ino 0 with dev 0 marks an empty slot */
	uint64_t used;
};

struct hlshard {
	pthread_mutex_t lock;
	struct hlkey *slots;
	size_t alloc, count;
	char pad[64];
};

struct hlset {
	struct hlshard shard[HLSET_SHARDS];
};

static uint64_t
hl_hash(uint64_t dev, uint64_t ino)
{
	uint64_t h =
	    ino * 0x9e3779b97f4a7c15ULL ^ (dev + 0x632be59bd9b4e019ULL);

	h ^= h >> 31;
	h *= 0xbf58476d1ce4e5b9ULL;
	h ^= h >> 29;
	return h;
}

struct hlset *
hlset_new(void)
{
	struct hlset *s = xcalloc(1, sizeof(*s));
	size_t i;

	for (i = 0; i < HLSET_SHARDS; i++)
		pthread_mutex_init(&s->shard[i].lock, NULL);
	return s;
}

static int
shard_insert(
    struct hlkey *slots, size_t alloc, uint64_t h, uint64_t dev, uint64_t ino)
{
	size_t i = (h >> 6) & (alloc - 1);

	for (;; i = (i + 1) & (alloc - 1)) {
		if (!slots[i].used) {
			slots[i].used = 1;
			slots[i].dev = dev;
			slots[i].ino = ino;
			return 1;
		}
		if (slots[i].dev == dev && slots[i].ino == ino)
			return 0;
	}
}

static void
shard_grow(struct hlshard *sh)
{
	size_t n = sh->alloc ? sh->alloc * 2 : HL_FIRST_SLOTS, i;
	struct hlkey *slots = xcalloc(n, sizeof(*slots));

	for (i = 0; i < sh->alloc; i++)
		if (sh->slots[i].used)
			shard_insert(slots, n,
			    hl_hash(sh->slots[i].dev, sh->slots[i].ino),
			    sh->slots[i].dev, sh->slots[i].ino);
	free(sh->slots);
	sh->slots = slots;
	sh->alloc = n;
}

int
hlset_add(struct hlset *s, uint64_t dev, uint64_t ino)
{
	uint64_t h = hl_hash(dev, ino);
	struct hlshard *sh = &s->shard[h & (HLSET_SHARDS - 1)];
	int added;

	pthread_mutex_lock(&sh->lock);
	if ((sh->count + 1) * 4 > sh->alloc * 3)
		shard_grow(sh);
	added = shard_insert(sh->slots, sh->alloc, h, dev, ino);
	sh->count += added;
	pthread_mutex_unlock(&sh->lock);
	return added;
}

int
hlset_has(struct hlset *s, uint64_t dev, uint64_t ino)
{
	uint64_t h = hl_hash(dev, ino);
	struct hlshard *sh = &s->shard[h & (HLSET_SHARDS - 1)];
	size_t i;
	int found = 0;

	pthread_mutex_lock(&sh->lock);
	if (sh->alloc > 0)
		for (i = (h >> 6) & (sh->alloc - 1); sh->slots[i].used;
		     i = (i + 1) & (sh->alloc - 1))
			if (sh->slots[i].dev == dev &&
			    sh->slots[i].ino == ino) {
				found = 1;
				break;
			}
	pthread_mutex_unlock(&sh->lock);
	return found;
}

size_t
hlset_count(struct hlset *s)
{
	size_t i, n = 0;

	for (i = 0; i < HLSET_SHARDS; i++) {
		pthread_mutex_lock(&s->shard[i].lock);
		n += s->shard[i].count;
		pthread_mutex_unlock(&s->shard[i].lock);
	}
	return n;
}

void
hlset_free(struct hlset *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < HLSET_SHARDS; i++) {
		pthread_mutex_destroy(&s->shard[i].lock);
		free(s->shard[i].slots);
	}
	free(s);
}

/*
 * One hard-linked inode: the place and name du counts it under so far.
 * Names live in per-shard arenas, freed with the set.
 */
struct linkocc {
	struct scan_dir *dir; /* NULL: empty slot */
	uint64_t dev, ino, disk, size;
	const char *name;
	uint32_t index, nlink, mode, namelen;
};

struct namechunk {
	struct namechunk *prev;
	size_t used, size; /* size: bytes of data */
	char data[];
};

struct linkshard {
	pthread_mutex_t lock;
	struct linkocc *v;
	size_t alloc, count;
	struct namechunk *names;
	char pad[64];
};

struct linkset {
	struct linkshard shard[HLSET_SHARDS];
};

struct linkset *
linkset_new(void)
{
	struct linkset *s = xcalloc(1, sizeof(*s));
	size_t i;

	for (i = 0; i < HLSET_SHARDS; i++)
		pthread_mutex_init(&s->shard[i].lock, NULL);
	return s;
}

static struct linkocc *
link_slot(
    struct linkocc *v, size_t alloc, uint64_t h, uint64_t dev, uint64_t ino)
{
	size_t i = (h >> 6) & (alloc - 1);

	while (v[i].dir != NULL && !(v[i].dev == dev && v[i].ino == ino))
		i = (i + 1) & (alloc - 1);
	return &v[i];
}

static void
link_grow(struct linkshard *sh)
{
	size_t n = sh->alloc ? sh->alloc * 2 : HL_FIRST_SLOTS, i;
	struct linkocc *v = xcalloc(n, sizeof(*v));

	for (i = 0; i < sh->alloc; i++)
		if (sh->v[i].dir != NULL)
			*link_slot(v, n, hl_hash(sh->v[i].dev, sh->v[i].ino),
			    sh->v[i].dev, sh->v[i].ino) = sh->v[i];
	free(sh->v);
	sh->v = v;
	sh->alloc = n;
}

static const char *
link_name(struct linkshard *sh, const char *name, size_t n)
{
	struct namechunk *c = sh->names;
	size_t bytes;
	char *p;

	if (c == NULL || c->size - c->used < n + 1) {
		/* A name is one component: NAME_MAX (255) bytes at most. */
		bytes = c == NULL ? 512 : 2 * (sizeof(*c) + c->size);
		if (bytes > HL_NAMECHUNK_MAX)
			bytes = HL_NAMECHUNK_MAX;
		c = xmalloc(bytes);
		c->prev = sh->names;
		c->used = 0;
		c->size = bytes - sizeof(*c);
		assert(n + 1 <= c->size);
		sh->names = c;
	}
	p = c->data + c->used;
	memcpy(p, name, n);
	p[n] = '\0';
	c->used += n + 1;
	return p;
}

void
linkset_offer(
    struct linkset *s, struct scan_dir *dir, const struct scan_entry *e)
{
	uint64_t h = hl_hash(e->dev, e->ino);
	struct linkshard *sh = &s->shard[h & (HLSET_SHARDS - 1)];
	struct linkocc *o;

	pthread_mutex_lock(&sh->lock);
	if ((sh->count + 1) * 4 > sh->alloc * 3)
		link_grow(sh);
	o = link_slot(sh->v, sh->alloc, h, e->dev, e->ino);
	if (o->dir == NULL) {
		sh->count++;
	} else if (tree_order(dir, e->index, o->dir, o->index) >= 0) {
		pthread_mutex_unlock(&sh->lock);
		return;
	}
	o->dir = dir;
	o->dev = e->dev;
	o->ino = e->ino;
	o->disk = e->disk;
	o->size = e->size;
	o->index = e->index;
	o->nlink = e->nlink;
	o->mode = e->mode;
	o->namelen = (uint32_t)e->namelen;
	o->name = link_name(sh, e->name, e->namelen);
	pthread_mutex_unlock(&sh->lock);
}

static void
shard_clear(struct linkshard *sh)
{
	struct namechunk *c, *prev;

	for (c = sh->names; c != NULL; c = prev) {
		prev = c->prev;
		free(c);
	}
	sh->names = NULL;
	free(sh->v);
	sh->v = NULL;
	sh->alloc = sh->count = 0;
}

void
linkset_drain(struct linkset *s,
    void (*fn)(struct scan_dir *dir, const struct scan_entry *e, void *arg),
    void *arg)
{
	size_t i, j;

	for (i = 0; i < HLSET_SHARDS; i++) {
		struct linkshard *sh = &s->shard[i];

		for (j = 0; j < sh->alloc; j++) {
			struct linkocc *o = &sh->v[j];
			struct scan_entry e = { 0 };

			if (o->dir == NULL)
				continue;
			e.name = o->name;
			e.namelen = o->namelen;
			e.mode = o->mode;
			e.nlink = o->nlink;
			e.dev = o->dev;
			e.ino = o->ino;
			e.size = o->size;
			e.disk = o->disk;
			e.index = o->index;
			fn(o->dir, &e, arg);
		}
		shard_clear(sh);
	}
}

void
linkset_free(struct linkset *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < HLSET_SHARDS; i++) {
		shard_clear(&s->shard[i]);
		pthread_mutex_destroy(&s->shard[i].lock);
	}
	free(s);
}
