/*
 * strmap: a string-keyed hash map (see strmap.h).
 *
 * Each slot keeps its key's hash, so that growing never hashes a string
 * again and a probe compares strings only when the hashes agree.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/strmap.h"
#include "lib/xalloc.h"

/* The size of the table allocated by the first add. */
#define STRMAP_MIN_SLOTS 16

struct strmap_slot {
	const char *key; /* NULL: the slot is empty */
	size_t hash;
	union {
		void *ptr;    /* strmap_put's value */
		size_t count; /* strmap_inc's count */
	} v;
};

struct strmap {
	struct strmap_slot *slot;
	size_t size; /* a power of two, or 0 before the first add */
	size_t n;    /* keys present */
	enum strmap_keys keys;
};

/* FNV-1a, with the high half folded into the low bits the mask keeps. */
static size_t
strmap_hash(const char *s)
{
	uint64_t h = 14695981039346656037ULL;

	for (; *s != '\0'; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return (size_t)(h ^ (h >> 32));
}

struct strmap *
strmap_new(enum strmap_keys keys)
{
	struct strmap *m = xcalloc(1, sizeof(*m));

	m->keys = keys;
	return m;
}

void
strmap_free(struct strmap *m)
{
	size_t i;

	if (m == NULL)
		return;
	if (m->keys == STRMAP_COPY_KEYS)
		for (i = 0; i < m->size; i++)
			free((char *)m->slot[i].key); /* our own copy */
	free(m->slot);
	free(m);
}

size_t
strmap_size(const struct strmap *m)
{
	return m->n;
}

/* The index of key's slot, or of the empty slot where it belongs. */
static size_t
find(const struct strmap *m, const char *key, size_t hash)
{
	size_t mask = m->size - 1, i = hash & mask;

	while (m->slot[i].key != NULL &&
	    (m->slot[i].hash != hash || strcmp(m->slot[i].key, key) != 0))
		i = (i + 1) & mask;
	return i;
}

/* key's slot, or NULL when key is absent. */
static struct strmap_slot *
lookup(const struct strmap *m, const char *key)
{
	struct strmap_slot *s;

	if (m->n == 0)
		return NULL;
	s = &m->slot[find(m, key, strmap_hash(key))];
	return s->key != NULL ? s : NULL;
}

/* Doubles the table (or makes the first one) and rehashes every key. */
static void
grow(struct strmap *m)
{
	struct strmap_slot *old = m->slot;
	size_t oldsize = m->size, i;

	m->size = oldsize ? oldsize * 2 : STRMAP_MIN_SLOTS;
	m->slot = xcalloc(m->size, sizeof(*m->slot));
	for (i = 0; i < oldsize; i++)
		if (old[i].key != NULL)
			m->slot[find(m, old[i].key, old[i].hash)] = old[i];
	free(old);
}

/* key's slot, added (value zeroed) when absent. */
static struct strmap_slot *
upsert(struct strmap *m, const char *key)
{
	size_t hash = strmap_hash(key), i;
	struct strmap_slot *s;

	if (2 * (m->n + 1) > m->size)
		grow(m);
	i = find(m, key, hash);
	s = &m->slot[i];
	if (s->key == NULL) {
		s->key = m->keys == STRMAP_COPY_KEYS ? xstrdup(key) : key;
		s->hash = hash;
		memset(&s->v, 0, sizeof(s->v));
		m->n++;
	}
	return s;
}

/*
 * Empties slot s and moves back the entries of its probe run that may
 * now sit nearer their home slot, so that no probe meets a hole before
 * its key (removal without deleted markers, Knuth's Algorithm R).
 */
static void
erase(struct strmap *m, struct strmap_slot *s)
{
	size_t mask = m->size - 1, i = (size_t)(s - m->slot), j = i, home;

	if (m->keys == STRMAP_COPY_KEYS)
		free((char *)s->key); /* our own copy */
	for (;;) {
		j = (j + 1) & mask;
		if (m->slot[j].key == NULL)
			break;
		home = m->slot[j].hash & mask;
		/* j may move to i when i lies on the way from home to j. */
		if (((j - home) & mask) >= ((j - i) & mask)) {
			m->slot[i] = m->slot[j];
			i = j;
		}
	}
	m->slot[i].key = NULL;
	m->n--;
}

void
strmap_put(struct strmap *m, const char *key, void *val)
{
	upsert(m, key)->v.ptr = val;
}

void *
strmap_get(const struct strmap *m, const char *key)
{
	const struct strmap_slot *s = lookup(m, key);

	return s != NULL ? s->v.ptr : NULL;
}

void *
strmap_remove(struct strmap *m, const char *key)
{
	struct strmap_slot *s = lookup(m, key);
	void *val;

	if (s == NULL)
		return NULL;
	val = s->v.ptr;
	erase(m, s);
	return val;
}

size_t
strmap_inc(struct strmap *m, const char *key)
{
	return ++upsert(m, key)->v.count;
}

size_t
strmap_dec(struct strmap *m, const char *key)
{
	struct strmap_slot *s = lookup(m, key);

	if (s == NULL)
		return 0;
	if (--s->v.count > 0)
		return s->v.count;
	erase(m, s);
	return 0;
}

size_t
strmap_count(const struct strmap *m, const char *key)
{
	const struct strmap_slot *s = lookup(m, key);

	return s != NULL ? s->v.count : 0;
}
