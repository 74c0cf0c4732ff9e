/*
 * fmt_text_int: what the text report's files share (fmt_text.c, the
 * tables every scan has; fmt_text_growth.c, --since and --diff;
 * fmt_text_reclaim.c, what can be freed), and the line writer they all
 * write with (fmt_text_line.c).
 */
#ifndef HR_FMT_TEXT_INT_H
#define HR_FMT_TEXT_INT_H

#include <stdint.h>
#include <stdio.h>

#include "lib/sbuf.h"
#include "scanner/fmt.h"

/*
 * The writer's state: the stream, the report, a line being built, and
 * where in it the longest name is (what text_put_line shortens to fit).
 */
struct text {
	FILE *fp;
	const struct report *r;
	struct sbuf line;
	size_t name_at, name_len;
};

/* disk or size, as --apparent-size says. */
uint64_t text_measure(const struct report *r, uint64_t disk, uint64_t size);
const char *text_plural(uint64_t n, const char *one, const char *many);
/* Appends a name to the line, quoted when it has unprintable bytes. */
void text_add_name(struct text *t, const char *s);
/* Appends a size in the report's units, right-aligned in width. */
void text_add_size(struct text *t, uint64_t bytes, int width);
/* Widens *w to fit bytes in the report's units. */
void text_widen(const struct report *r, int *w, uint64_t bytes);
/* Writes the line (fitted to a terminal) and a newline; empties it. */
void text_put_line(struct text *t);

/* "Modified in the last 6 h" (--since). */
void text_recent(struct text *t);
/* "Growth since ..." (--diff). */
void text_diff(struct text *t);
/* "Reclaimable". */
void text_reclaim(struct text *t);

#endif
