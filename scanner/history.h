/*
 * history: --save and --diff for scan_main: where the saved scan comes
 * from and goes to, checked before the walk so that a wrong snapshot or
 * an unwritable store fails at once, and the writing after it.
 *
 *	struct history h = HISTORY_INIT;
 *	h.save = 1; h.save_arg = NULL;	(the default store)
 *	if (history_prepare(&h, paths, n, &err) < 0) ... exit 2 ...
 *	... walk; h.snap is the saved scan to compare with ...
 *	history_save(&h, &src, &err);
 *	history_release(&h);
 */
#ifndef HR_HISTORY_H
#define HR_HISTORY_H

#include <stddef.h>

#include "lib/diag.h"
#include "lib/sbuf.h"
#include "scanner/outfile.h"
#include "scanner/snapshot.h"

struct history {
	int save, diff;       /* the options given */
	const char *save_arg; /* borrowed: FILE, a store directory, or NULL */
	const char *diff_arg; /* the same for --diff */
	char **reals;         /* owned: each PATH's real path */
	size_t nreals;
	struct outfile out; /* --save=FILE */
	int to_store;       /* --save to a store, in dir */
	struct sbuf dir;
	struct sbuf diff_path; /* the snapshot loaded */
	struct snapshot snap;
	struct sbuf saved; /* the file written */
};
#define HISTORY_INIT                                                           \
	{                                                                      \
		0, 0, NULL, NULL, NULL, 0, OUTFILE_INIT, 0, SBUF_INIT,         \
		    SBUF_INIT, { 0 }, SBUF_INIT                                \
	}

/*
 * Resolves the PATHs, loads the snapshot for --diff (the newest of the
 * store when no FILE) and checks that it holds every PATH that exists,
 * and checks that --save can write.  Returns 0, or -1 with err set.
 */
int history_prepare(
    struct history *h, char *const *paths, size_t n, struct hr_error *err);

/* Writes the snapshot of src.  Returns 0, or -1 with err set. */
int history_save(
    struct history *h, const struct snap_source *src, struct hr_error *err);

void history_release(struct history *h);

#endif
