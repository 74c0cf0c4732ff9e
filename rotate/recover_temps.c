/*
 * recover_temps: the repair of interrupted runs that needs no journal.
 * A temporary file ".NAME.XXXXXX" beside a generation NAME of a log is
 * what compress_file and the copies write before renaming into place.
 * It is never the only copy of anything (its source is removed only
 * after the rename), so it is removed.  This needs no journal: debris of
 * a version without one, or of a run with state file /dev/null, is
 * cleaned too.  Only for a log whose parent directory passed rotation's
 * check (recover_stanza decides).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lib/sbuf.h"
#include "lib/xalloc.h"
#include "rotate/plan_int.h"

/* r ends a generation name: FILEEXT, then nothing or a compression ext. */
static int
tail_ok(const struct names *n, const struct rconf_log *c, const char *r)
{
	size_t f = strlen(n->fileext);

	if (strncmp(r, n->fileext, f) != 0)
		return 0;
	r += f;
	return *r == '\0' || strcmp(r, n->compext) == 0 ||
	    strcmp(r,
	        c->compressext ? c->compressext : HR_DEFAULT_COMPRESSEXT) == 0;
}

/* Whether name is a generation of the log: BASE.N or BASE<date>, + tail. */
static int
is_generation(const struct names *n, const struct rconf_log *c,
    const char *name, size_t len)
{
	size_t b = strlen(n->base);
	char *copy;
	const char *rest, *r;
	int yes = 0;

	if (len <= b || strncmp(name, n->base, b) != 0)
		return 0;
	copy = xstrndup(name, len);
	rest = copy + b;
	if (rest[0] == '.' && rest[1] >= '0' && rest[1] <= '9') {
		for (r = rest + 1; *r >= '0' && *r <= '9'; r++)
			;
		yes = tail_ok(n, c, r);
	}
	if (!yes && (r = plan_date_match(n->datefmt, rest)) != NULL)
		yes = tail_ok(n, c, r);
	free(copy);
	return yes;
}

/* ".NAME.XXXXXX" (mkostemp's six characters): the length of NAME, or 0. */
static size_t
temp_name(const char *name)
{
	size_t len = strlen(name), i;

	if (len < 9 || name[0] != '.' || name[len - 7] != '.')
		return 0;
	for (i = len - 6; i < len; i++)
		if (!((name[i] >= 'a' && name[i] <= 'z') ||
		        (name[i] >= 'A' && name[i] <= 'Z') ||
		        (name[i] >= '0' && name[i] <= '9')))
			return 0;
	return len - 8;
}

/* The first index of a name beginning with '.' in the sorted v, or n. */
static size_t
first_dot(char *const *v, size_t n)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(v[mid], ".") < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

void
recover_remove_temps(struct planner *p, struct rplan_stanza *z, long j)
{
	struct names n;
	char *const *v;
	char **found = NULL, *dir = plan_gen_dir(z->conf, z->logs[j].path);
	size_t count, i, k = 0, alloc = 0, len;

	v = plan_listing(p, dir, &count);
	i = first_dot(v, count);
	free(dir);
	/* Almost always: no hidden name at all. */
	if (i >= count || v[i][0] != '.')
		return;
	plan_names_init(&n, p, z->conf, z->logs[j].path);
	v = plan_listing(p, n.dir, &count);
	for (i = first_dot(v, count); i < count && v[i][0] == '.'; i++) {
		len = temp_name(v[i]);
		if (len == 0 || !is_generation(&n, z->conf, v[i] + 1, len))
			continue;
		XGROW(found, k + 1, alloc);
		found[k++] = xasprintf("%s/%s", n.dir, v[i]);
	}
	for (i = 0; i < k; i++) {
		plan_note(p,
		    "removing %s, a temporary file of an interrupted run",
		    found[i]);
		plan_add_step(z, RSTEP_UNLINK, RPHASE_REPAIR, j, found[i], NULL)
		    ->flags = RSTEP_TEMP;
		plan_set(p, found[i], 0);
		free(found[i]);
	}
	free(found);
	plan_names_release(&n);
}
