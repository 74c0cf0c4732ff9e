/*
 * strvec: a growable NULL-terminated array of malloc'd strings, the shape
 * of an argv, of a list of words and of a list of paths.
 *
 *	struct strvec sv = STRVEC_INIT;
 *	strvec_push(&sv, "a");			(a copy)
 *	strvec_push_owned(&sv, xasprintf(...));	(taken over)
 *	... sv.v[0] .. sv.v[sv.n - 1], then sv.v[sv.n] == NULL ...
 *	char **v = strvec_detach(&sv);		(or strvec_release(&sv))
 *	strv_free(v);
 */
#ifndef HR_STRVEC_H
#define HR_STRVEC_H

#include <stddef.h>

struct strvec {
	char **v; /* NULL-terminated once anything was pushed, else NULL */
	size_t n, alloc;
};

#define STRVEC_INIT                                                            \
	{                                                                      \
		NULL, 0, 0                                                     \
	}

/* Appends a copy of s. */
void strvec_push(struct strvec *sv, const char *s);
/* Appends s itself, which sv owns from then on. */
void strvec_push_owned(struct strvec *sv, char *s);
/*
 * The array, owned by the caller (never NULL: with nothing pushed, an
 * array holding only NULL); sv is empty again.
 */
char **strvec_detach(struct strvec *sv);
/* Frees every string and the array; sv is empty again. */
void strvec_release(struct strvec *sv);
/* Frees every string of the NULL-terminated array v, then v; NULL is fine. */
void strv_free(char **v);
/* A copy of the NULL-terminated array v (strings too), or NULL for NULL. */
char **strv_dup(char *const *v);

#endif
