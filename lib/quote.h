/*
 * quote: names made safe to print, as GNU coreutils quote them
 * (quotearg's shell-escape styles, in a UTF-8 locale): a name can neither
 * drive the terminal (escape sequences, C1 controls) nor forge a line,
 * and the quoted form pastes back into a shell as the same bytes.
 *
 *	'plain'  "it's"  'it'\''s $x'  'a'$'\033''b'  ''$'\n'  'y'$'\302\205'
 *
 * Printable: ASCII 0x20-0x7e, and valid UTF-8 sequences for code points
 * from U+00A0 up, except U+2028 and U+2029 (line and paragraph
 * separators).  Everything else (C0 controls, DEL, C1 controls, bytes
 * that are not valid UTF-8) is written in $'...' as \a \b \t \n \v \f \r
 * or three octal digits, one escape per byte.
 */
#ifndef HR_QUOTE_H
#define HR_QUOTE_H

#include <stddef.h>

#include "lib/sbuf.h"

enum quote_style {
	QUOTE_ALWAYS,    /* du's error messages: always in quotes */
	QUOTE_IF_NEEDED, /* reports: bare when every character is printable */
	/*
	 * Commands to paste: bare when only [A-Za-z0-9_./:@+=,-] and not
	 * starting with '-' or '=', else as QUOTE_ALWAYS.
	 */
	QUOTE_SHELL,
};

/* Appends the n bytes at s to sb, quoted in style. */
void quote_add(struct sbuf *sb, const char *s, size_t n, enum quote_style st);

/*
 * The name s quoted in style, in a buffer that belongs to quote_str and
 * stays valid until the slot-th (0-3) next call with the same slot; for
 * messages: diag_say("cannot open %s", quote_str(0, path)).  Not
 * thread-safe.
 */
const char *quote_str(unsigned slot, const char *s, enum quote_style st);

/*
 * Appends s as a Prometheus label value (text exposition 0.0.4, without
 * the quotes around it): backslash, double quote and newline escaped as
 * the format wants; bytes that are not valid UTF-8, and other control
 * characters, written as the text \xHH (so "\\xHH" in the file), so
 * that every name stays one line of UTF-8 and two names stay two.  The
 * one rule of `headroom scan --format=prom` and `headroom rotate
 * --metrics`.
 */
void quote_prom_label(struct sbuf *sb, const char *s);

/*
 * Length of the valid UTF-8 sequence at s (n bytes left, n > 0): 1 for
 * ASCII, 2-4, or 0 when the bytes are not valid UTF-8 (overlong forms,
 * surrogates, beyond U+10FFFF, truncated).
 */
size_t quote_utf8_len(const unsigned char *s, size_t n);

/* Whether the sequence of len bytes at s (quote_utf8_len) is printable. */
int quote_printable(const unsigned char *s, size_t len);

#endif
