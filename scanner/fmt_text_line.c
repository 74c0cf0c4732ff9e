/*
 * fmt_text_line: the text report's line writer (see fmt_text_int.h),
 * shared by fmt_text.c and the sections of fmt_text_growth.c and
 * fmt_text_reclaim.c: sizes in the report's units, names quoted as du
 * quotes them, and each line fitted to a terminal's width by cutting the
 * middle of its longest name.
 */
#include "config.h"

#include <string.h>

#include "lib/quote.h"
#include "lib/units.h"
#include "scanner/fmt.h"
#include "scanner/fmt_text_int.h"

#define PART_KEEP 10 /* columns kept at each end of a shortened component */
#define PART_MIN (2 * PART_KEEP + 3)
#define ELLIPSIS "..."

uint64_t
text_measure(const struct report *r, uint64_t disk, uint64_t size)
{
	return measure_of(r->measure, disk, size);
}

const char *
text_plural(uint64_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

/* Appends a name to the line, quoted when it has unprintable bytes. */
void
text_add_name(struct text *t, const char *s)
{
	size_t at = t->line.len;

	quote_add(&t->line, s, strlen(s), QUOTE_IF_NEEDED);
	if (t->line.len - at > t->name_len) {
		t->name_at = at;
		t->name_len = t->line.len - at;
	}
}

/* Columns taken by n bytes of printable UTF-8 (one per character). */
static size_t
cols(const char *s, size_t n)
{
	size_t i, c = 0;

	for (i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xc0) != 0x80;
	return c;
}

/* The byte offset after the first k columns of s (n bytes). */
static size_t
col_offset(const char *s, size_t n, size_t k)
{
	size_t i = 0;

	while (i < n && k > 0) {
		i++;
		while (i < n && ((unsigned char)s[i] & 0xc0) == 0x80)
			i++;
		k--;
	}
	return i;
}

/* Appends s (n bytes) to sb keeping head and tail columns around "...". */
static void
add_middle_cut(struct sbuf *sb, const char *s, size_t n, size_t keep)
{
	size_t c = cols(s, n), head = (keep + 1) / 2, tail = keep / 2;

	if (c <= keep + 3) {
		sbuf_add(sb, s, n);
		return;
	}
	sbuf_add(sb, s, col_offset(s, n, head));
	sbuf_adds(sb, ELLIPSIS);
	head = col_offset(s, n, c - tail);
	sbuf_add(sb, s + head, n - head);
}

/*
 * Shortens name (n bytes) by at least excess columns if it can, into
 * out: its longest components first, each to PART_MIN columns, then the
 * middle of what is left (at least 8 columns stay).
 */
static void
shorten(struct sbuf *out, const char *name, size_t n, size_t excess)
{
	struct sbuf work = SBUF_INIT, next = SBUF_INIT;
	size_t saved = 0, c;

	sbuf_add(&work, name, n);
	while (saved < excess) {
		const char *p = work.buf, *best = NULL;
		size_t bestc = PART_MIN, blen = 0, len;

		for (; p < work.buf + work.len; p += len + (p[len] == '/')) {
			len = strcspn(p, "/");
			if ((c = cols(p, len)) > bestc) {
				best = p;
				bestc = c;
				blen = len;
			}
		}
		if (best == NULL)
			break;
		sbuf_reset(&next);
		sbuf_add(&next, work.buf, (size_t)(best - work.buf));
		add_middle_cut(&next, best, blen, PART_MIN - 3);
		sbuf_adds(&next, best + blen);
		saved += bestc - PART_MIN;
		sbuf_reset(&work);
		sbuf_add(&work, next.buf, next.len);
	}
	c = cols(work.buf, work.len);
	if (saved < excess) {
		size_t want = c > excess - saved ? c - (excess - saved) : 0;

		add_middle_cut(
		    out, work.buf, work.len, want > 11 ? want - 3 : 8);
	} else {
		sbuf_add(out, work.buf, work.len);
	}
	sbuf_release(&next);
	sbuf_release(&work);
}

/*
 * Fits the line to width columns: shortens its longest name, then, if
 * the rest alone is too wide, cuts its end.
 */
static void
fit(struct text *t, size_t width)
{
	struct sbuf out = SBUF_INIT;
	size_t c = cols(t->line.buf, t->line.len);

	if (c <= width)
		return;
	sbuf_add(&out, t->line.buf, t->name_at);
	shorten(&out, t->line.buf + t->name_at, t->name_len, c - width);
	sbuf_adds(&out, t->line.buf + t->name_at + t->name_len);
	c = cols(out.buf, out.len);
	if (c > width) {
		sbuf_setlen(&out, col_offset(out.buf, out.len, width - 3));
		sbuf_adds(&out, ELLIPSIS);
	}
	sbuf_reset(&t->line);
	sbuf_add(&t->line, out.buf, out.len);
	sbuf_release(&out);
}

/* Appends a size in the report's units, right-aligned in width. */
void
text_add_size(struct text *t, uint64_t bytes, int width)
{
	char buf[UNITS_HUMAN_MAX];

	sbuf_addf(&t->line, "%*s", width, fmt_size(bytes, &t->r->units, buf));
}

/* Widens *w to fit bytes in the report's units. */
void
text_widen(const struct report *r, int *w, uint64_t bytes)
{
	char buf[UNITS_HUMAN_MAX];
	int n = (int)strlen(fmt_size(bytes, &r->units, buf));

	if (n > *w)
		*w = n;
}

/* Writes the line (fitted to a terminal) and a newline; empties it. */
void
text_put_line(struct text *t)
{
	if (t->r->width > 0)
		fit(t, t->r->width > 20 ? t->r->width : 20);
	t->name_at = t->name_len = 0;
	sbuf_addch(&t->line, '\n');
	fwrite(t->line.buf, 1, t->line.len, t->fp);
	sbuf_reset(&t->line);
}
