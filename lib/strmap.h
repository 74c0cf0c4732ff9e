/*
 * strmap: a hash map keyed by strings (paths, in practice), the one
 * string-keyed table of the project.
 *
 *	struct strmap *m = strmap_new(STRMAP_COPY_KEYS);
 *	strmap_put(m, "/var/log/a.log", log);	// adds, or replaces the value
 *	log = strmap_get(m, "/var/log/a.log");	// NULL when absent
 *	log = strmap_remove(m, "/var/log/a.log");	// the value, or NULL
 *	strmap_free(m);
 *
 * Values: a map holds either pointers (strmap_put, strmap_get,
 * strmap_remove) or counts (strmap_inc, strmap_dec, strmap_count), never
 * both in one map.  A pointer value must not be NULL, which is what
 * strmap_get answers for a missing key.  A counting map is a multiset: a
 * key is present while its count is above zero; strmap_dec removes it when
 * the count reaches zero.
 *
 * Keys: any string, "" included (never NULL), compared with strcmp.  With
 * STRMAP_COPY_KEYS the map stores a copy of a key when the key is added
 * and frees it when the key goes; with STRMAP_BORROW_KEYS it stores the
 * caller's pointer, and the string must stay valid and unchanged until the
 * key is removed or the map freed (the keys then usually live in the
 * values, as an entry's own path does).  Replacing a value keeps the key
 * stored first.
 *
 * Out of memory: every allocation goes through lib/xalloc, which aborts,
 * so no function here fails.  A map belongs to one thread at a time.
 *
 * Lookups cost O(1) on average: open addressing with linear probing in a
 * power-of-two table kept at most half full, which doubles (a rehash from
 * the stored hashes) when it would pass that; a removal moves the entries
 * after it back, so a table never fills with deleted markers.
 */
#ifndef HR_STRMAP_H
#define HR_STRMAP_H

#include <stddef.h>

enum strmap_keys {
	STRMAP_COPY_KEYS,   /* the map owns a copy of each key */
	STRMAP_BORROW_KEYS, /* the caller keeps each key alive */
};

struct strmap;

/* An empty map; nothing is allocated for entries until the first add. */
struct strmap *strmap_new(enum strmap_keys keys);
/* Frees the map and its copied keys (never the values); NULL is fine. */
void strmap_free(struct strmap *m);
/* The number of keys present. */
size_t strmap_size(const struct strmap *m);

/* Sets key's value to val (not NULL), adding key when absent. */
void strmap_put(struct strmap *m, const char *key, void *val);
/* key's value, or NULL when key is absent. */
void *strmap_get(const struct strmap *m, const char *key);
/* Removes key; returns the value it had, or NULL when it was absent. */
void *strmap_remove(struct strmap *m, const char *key);

/* Counts key once more (adding it at 1); returns the new count. */
size_t strmap_inc(struct strmap *m, const char *key);
/*
 * Counts key once less, removing it at zero; returns the new count.  An
 * absent key stays absent (0).
 */
size_t strmap_dec(struct strmap *m, const char *key);
/* How many times key is counted: 0 when absent. */
size_t strmap_count(const struct strmap *m, const char *key);

#endif
