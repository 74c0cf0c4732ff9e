/*
 * fmt_text_reclaim: the "Reclaimable" section: each item's space, what
 * it is, and, indented below, the command that frees it, its risk and
 * the lasting fix.  Commands are written whole, never cut to the
 * terminal's width, so they paste as they are.
 */
#include "config.h"

#include <string.h>

#include "scanner/fmt_text_int.h"

void
text_reclaim(struct text *t)
{
	const struct reclaim *rc = t->r->reclaim;
	int w = 1;
	size_t i;

	if (rc == NULL)
		return;
	fputs("\nReclaimable (the commands are yours to run: headroom "
	      "deletes nothing)\n",
	    t->fp);
	if (rc->nitems == 0)
		fputs("  (nothing found)\n", t->fp);
	for (i = 0; i < rc->nitems; i++)
		text_widen(t->r, &w, rc->items[i].disk);
	text_widen(t->r, &w, rc->total);
	for (i = 0; i < rc->nitems; i++) {
		const struct reclaim_item *it = &rc->items[i];

		sbuf_adds(&t->line, "  ");
		text_add_size(t, it->disk, w);
		sbuf_adds(&t->line, "  ");
		text_add_name(t, it->what);
		text_put_line(t);
		if (*it->command != '\0')
			fprintf(t->fp, "  %*s    %s\n", w, "", it->command);
		if (*it->risk != '\0')
			fprintf(t->fp, "  %*s    risk: %s\n", w, "", it->risk);
		if (*it->fix != '\0')
			fprintf(t->fp, "  %*s    fix: %s\n", w, "", it->fix);
	}
	if (rc->nitems > 0) {
		sbuf_adds(&t->line, "  ");
		text_add_size(t, rc->total, w);
		sbuf_adds(&t->line, "  in all (hard-linked files aside)");
		text_put_line(t);
	}
}
