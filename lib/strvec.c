/*
 * strvec: growable NULL-terminated string arrays (see strvec.h).
 */
#include "config.h"

#include <stdlib.h>

#include "lib/strvec.h"
#include "lib/xalloc.h"

void
strvec_push_owned(struct strvec *sv, char *s)
{
	XGROW(sv->v, sv->n + 2, sv->alloc);
	sv->v[sv->n++] = s;
	sv->v[sv->n] = NULL;
}

void
strvec_push(struct strvec *sv, const char *s)
{
	strvec_push_owned(sv, xstrdup(s));
}

char **
strvec_detach(struct strvec *sv)
{
	char **v = sv->v ? sv->v : xcalloc(1, sizeof(*v));

	sv->v = NULL;
	sv->n = sv->alloc = 0;
	return v;
}

void
strvec_release(struct strvec *sv)
{
	strv_free(sv->v);
	sv->v = NULL;
	sv->n = sv->alloc = 0;
}

void
strv_free(char **v)
{
	size_t i;

	for (i = 0; v && v[i]; i++)
		free(v[i]);
	free(v);
}

char **
strv_dup(char *const *v)
{
	struct strvec sv = STRVEC_INIT;
	size_t i;

	if (v == NULL)
		return NULL;
	for (i = 0; v[i]; i++)
		strvec_push(&sv, v[i]);
	return strvec_detach(&sv);
}
