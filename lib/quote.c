/*
 * quote: shell-escape quoting (see quote.h).
 */
#include "config.h"

#include <string.h>

#include "lib/quote.h"

size_t
quote_utf8_len(const unsigned char *s, size_t n)
{
	size_t len, i;
	unsigned lo = 0x80, hi = 0xbf;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4;
	else
		return 0;
	if (n < len)
		return 0;
	if (s[0] == 0xe0)
		lo = 0xa0;
	else if (s[0] == 0xed)
		hi = 0x9f;
	else if (s[0] == 0xf0)
		lo = 0x90;
	else if (s[0] == 0xf4)
		hi = 0x8f;
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i < len; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	return len;
}

int
quote_printable(const unsigned char *s, size_t len)
{
	if (len == 1)
		return s[0] >= 0x20 && s[0] < 0x7f;
	/* U+0080-U+009F: C1 controls (0xc2 0x80-0x9f). */
	if (len == 2 && s[0] == 0xc2 && s[1] < 0xa0)
		return 0;
	/* U+2028, U+2029. */
	if (len == 3 && s[0] == 0xe2 && s[1] == 0x80 &&
	    (s[2] == 0xa8 || s[2] == 0xa9))
		return 0;
	return len > 1;
}

/* Length of the printable character at s, or 0 if it must be escaped. */
static size_t
printable_len(const unsigned char *s, size_t n)
{
	size_t len = quote_utf8_len(s, n);

	return len > 0 && quote_printable(s, len) ? len : 0;
}

static int
all_printable(const unsigned char *s, size_t n)
{
	size_t i, len;

	for (i = 0; i < n; i += len)
		if ((len = printable_len(s + i, n - i)) == 0)
			return 0;
	return 1;
}

/* Whether a shell would expand any of the n bytes at s inside "". */
static int
has_dq_special(const unsigned char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strchr("$`\"\\!", s[i]) != NULL && s[i] != '\0')
			return 1;
	return 0;
}

static void
add_escape(struct sbuf *sb, unsigned char c)
{
	static const char letters[] = "abtnvfr";

	if (c >= 7 && c <= 13)
		sbuf_addf(sb, "\\%c", letters[c - 7]);
	else
		sbuf_addf(sb, "\\%03o", c);
}

/* Whether the n bytes at s make one shell word as they are. */
static int
shell_safe(const char *s, size_t n)
{
	static const char ok[] = "abcdefghijklmnopqrstuvwxyz"
	                         "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	                         "0123456789_./:@+=,-";
	size_t i;

	if (n == 0 || s[0] == '-' || s[0] == '=')
		return 0;
	for (i = 0; i < n; i++)
		if (s[i] == '\0' || strchr(ok, s[i]) == NULL)
			return 0;
	return 1;
}

void
quote_add(struct sbuf *sb, const char *str, size_t n, enum quote_style st)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, len;
	int inq;

	if (st == QUOTE_SHELL && shell_safe(str, n)) {
		sbuf_add(sb, s, n);
		return;
	}
	if (all_printable(s, n)) {
		if (st == QUOTE_IF_NEEDED) {
			sbuf_add(sb, s, n);
			return;
		}
		/* A ' and nothing a shell expands in "": as du, "it's". */
		if (memchr(s, '\'', n) != NULL && !has_dq_special(s, n)) {
			sbuf_addch(sb, '"');
			sbuf_add(sb, s, n);
			sbuf_addch(sb, '"');
			return;
		}
	}
	sbuf_addch(sb, '\'');
	inq = 1;
	while (i < n) {
		if ((len = printable_len(s + i, n - i)) > 0) {
			if (!inq)
				sbuf_addch(sb, '\'');
			inq = 1;
			if (s[i] == '\'')
				sbuf_adds(sb, "'\\''");
			else
				sbuf_add(sb, s + i, len);
			i += len;
			continue;
		}
		if (inq)
			sbuf_adds(sb, "'$'");
		else
			sbuf_adds(sb, "$'");
		while (i < n && printable_len(s + i, n - i) == 0)
			add_escape(sb, s[i++]);
		sbuf_addch(sb, '\'');
		inq = 0;
	}
	if (inq)
		sbuf_addch(sb, '\'');
}

const char *
quote_str(unsigned slot, const char *s, enum quote_style st)
{
	static struct sbuf bufs[4] = { SBUF_INIT, SBUF_INIT, SBUF_INIT,
		SBUF_INIT };
	struct sbuf *sb = &bufs[slot % 4];

	sbuf_setlen(sb, 0);
	quote_add(sb, s, strlen(s), st);
	return sb->buf;
}

void
quote_prom_label(struct sbuf *sb, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t n = strlen(str), i = 0, len;

	while (i < n) {
		if (s[i] == '\\' || s[i] == '"') {
			sbuf_addch(sb, '\\');
			sbuf_addch(sb, (char)s[i++]);
		} else if (s[i] == '\n') {
			sbuf_adds(sb, "\\n");
			i++;
		} else if (s[i] < 0x20 || s[i] == 0x7f ||
		    (len = quote_utf8_len(s + i, n - i)) == 0) {
			sbuf_addf(sb, "\\\\x%02x", s[i++]);
		} else {
			sbuf_add(sb, s + i, len);
			i += len;
		}
	}
}
