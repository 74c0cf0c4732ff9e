/*
 * history: the --save and --diff targets (see history.h).
 */
#include "config.h"

#include <sys/stat.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lib/quote.h"
#include "lib/xalloc.h"
#include "scanner/history.h"
#include "scanner/snapstore.h"
#include "scanner/walk.h"

#define Q(i, s) quote_str((i), (s), QUOTE_ALWAYS)

/* Whether arg names a store (a directory) rather than a file. */
static int
is_store(const char *arg)
{
	struct stat st;

	return arg == NULL || (stat(arg, &st) == 0 && S_ISDIR(st.st_mode));
}

static void
resolve(struct history *h, char *const *paths, size_t n)
{
	size_t i;

	h->reals = xcalloc(n ? n : 1, sizeof(*h->reals));
	for (i = 0; i < n; i++) {
		char *trim = walk_trim_path(paths[i]);

		h->reals[i] = realpath(trim, NULL);
		if (h->reals[i] == NULL)
			h->reals[i] = xstrdup(trim);
		free(trim);
	}
	h->nreals = n;
}

/* The snapshot must hold every PATH that exists. */
static int
check_roots(struct history *h, struct hr_error *err)
{
	struct stat st;
	size_t i;

	for (i = 0; i < h->nreals; i++) {
		if (snapshot_find_root(&h->snap, h->reals[i]) != NULL ||
		    lstat(h->reals[i], &st) != 0)
			continue;
		return hr_error_set(err, 0, NULL, 0,
		    "%s is a scan of %s, not of %s", Q(0, h->diff_path.buf),
		    Q(1,
		        !h->snap.nroots              ? "nothing"
		            : *h->snap.roots[0].real ? h->snap.roots[0].real
		                                     : h->snap.roots[0].path),
		    Q(2, h->reals[i]));
	}
	return 0;
}

static int
prepare_diff(struct history *h, struct hr_error *err)
{
	struct sbuf dir = SBUF_INIT;
	int rc = 0;

	if (is_store(h->diff_arg)) {
		snapstore_dir(h->diff_arg ? h->diff_arg : SNAPSTORE_DEFAULT,
		    h->reals, h->nreals, &dir);
		if (snapstore_latest(dir.buf, &h->diff_path, err) < 0) {
			rc = hr_error_set(err, 0, NULL, 0,
			    "no saved scan of %s in %s (--save makes one)",
			    Q(0, h->reals[0]), Q(1, dir.buf));
		}
	} else {
		sbuf_adds(&h->diff_path, h->diff_arg);
	}
	sbuf_release(&dir);
	if (rc == 0)
		rc = snapshot_load(h->diff_path.buf, &h->snap, err);
	return rc < 0 ? -1 : check_roots(h, err);
}

int
history_prepare(
    struct history *h, char *const *paths, size_t n, struct hr_error *err)
{
	resolve(h, paths, n);
	if (h->diff && prepare_diff(h, err) < 0)
		return -1;
	if (!h->save)
		return 0;
	if (!is_store(h->save_arg))
		return outfile_prepare(&h->out, h->save_arg, err);
	h->to_store = 1;
	snapstore_dir(h->save_arg ? h->save_arg : SNAPSTORE_DEFAULT, h->reals,
	    h->nreals, &h->dir);
	return snapstore_prepare(h->dir.buf, err);
}

int
history_save(
    struct history *h, const struct snap_source *src, struct hr_error *err)
{
	struct sbuf data = SBUF_INIT;
	FILE *fp;
	int rc = -1;

	snapshot_encode(&data, src);
	if (h->to_store) {
		rc = snapstore_save(h->dir.buf, data.buf, data.len, src->sec,
		    src->nsec, &h->saved, err);
	} else if ((fp = outfile_open(&h->out, err)) != NULL) {
		int ok = fwrite(data.buf, 1, data.len, fp) == data.len;

		rc = outfile_close(&h->out, fp, ok, err);
		sbuf_adds(&h->saved, h->save_arg);
	}
	sbuf_release(&data);
	return rc;
}

void
history_release(struct history *h)
{
	size_t i;

	for (i = 0; i < h->nreals; i++)
		free(h->reals[i]);
	free(h->reals);
	outfile_release(&h->out);
	sbuf_release(&h->dir);
	sbuf_release(&h->diff_path);
	snapshot_release(&h->snap);
	sbuf_release(&h->saved);
}
