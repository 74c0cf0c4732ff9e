/*
 * xalloc: allocators that never return NULL.  On out-of-memory they print
 * "headroom: out of memory" on stderr and abort, so callers need no checks.
 */
#ifndef HR_XALLOC_H
#define HR_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
/* Resizes p to nmemb * size bytes, aborting on overflow. */
void *xreallocarray(void *p, size_t nmemb, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Returns a newly allocated formatted string. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Grows *arr (of *alloc elements of elsize) so that it holds at least need. */
#define XGROW(arr, need, alloc)                                                \
	do {                                                                   \
		if ((need) > (alloc)) {                                        \
			size_t xg_n_ = (alloc) ? (alloc)*2 : 16;               \
			while (xg_n_ < (need))                                 \
				xg_n_ *= 2;                                    \
			(arr) = xreallocarray((arr), xg_n_, sizeof(*(arr)));   \
			(alloc) = xg_n_;                                       \
		}                                                              \
	} while (0)

#endif
