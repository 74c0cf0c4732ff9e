/*
 * conf_lex: the lexical pieces of logrotate's configuration language
 * (reference 3.2), as logrotate 3.21 cuts them.
 *
 * The parser walks a buffer one character at a time, as logrotate does; the
 * functions here take that cursor (an index into the buffer), cut a word, a
 * line or a value at it, and leave the cursor exactly where logrotate's
 * isolateWord/isolateLine/isolateValue leave theirs, so that the parser's
 * line counting and error recovery match logrotate's even on broken input.
 *
 * The buffer must be followed by at least two NUL bytes beyond len (the
 * zero fill of logrotate's mmap), so that a read just past the end is safe.
 * Every returned string is allocated and belongs to the caller; like
 * logrotate's strndup() it ends at the first NUL byte of the text.
 */
#ifndef HR_CONF_LEX_H
#define HR_CONF_LEX_H

#include <stddef.h>

struct lex {
	const char *buf; /* borrowed; NUL bytes at buf[len] and buf[len + 1] */
	size_t len;
};

/*
 * isolateWord: skips blanks at *pos, then takes the run of isalpha()
 * characters.  *pos is left on the first character after the word.
 */
char *lex_word(const struct lex *lx, size_t *pos);

/*
 * isolateLine: the text from *pos to the end of the line, trailing white
 * space removed ("" when nothing but blanks is left).  *pos is left on the
 * last character before the newline (one before *pos when *pos is on the
 * newline itself), so the parser's next step sees the newline.
 */
char *lex_line(const struct lex *lx, size_t *pos);

/*
 * isolateValue: skips blanks, one optional '=' and blanks, then cuts the
 * line as lex_line does.  Returns NULL, leaving *pos unchanged, when the
 * value is empty (the line ends there): logrotate's "argument expected".
 */
char *lex_value(const struct lex *lx, size_t *pos);

enum lex_glob_status {
	LEX_GLOB_OK,      /* found '{': *pos is on it */
	LEX_GLOB_CLOSE,   /* a '}' came first */
	LEX_GLOB_NO_OPEN, /* end of input (or a NUL byte) first */
};

/*
 * parseGlobString: the stanza header from *pos up to the next '{',
 * possibly over several lines, comment lines left out (their newline is
 * kept).  Newlines inside it are not counted as lines by logrotate.
 * *out receives the raw text (quotes and trailing blanks included) on
 * LEX_GLOB_OK, NULL otherwise.
 */
enum lex_glob_status lex_glob_string(
    const struct lex *lx, size_t *pos, char **out);

/*
 * poptParseArgvString: splits s into words with popt's shell-like rules:
 * white space separates words; '...' and "..." quote (a backslash inside
 * quotes escapes only the quote character and is otherwise kept); outside
 * quotes a backslash escapes the next character; empty words are dropped;
 * an unterminated quote simply runs to the end.  On success *argv is a
 * NULL-ended array of *argc >= 1 words (free with strv_free) and 0 is
 * returned.  Returns -1 (popt's BADQUOTE or NOARG) for a trailing lone
 * backslash or when there is no word at all.
 */
int lex_split_words(const char *s, char ***argv, size_t *argc);

/*
 * The items of a tabooext/taboopat list: separated by white space and/or
 * one comma.  Items may be empty ("a,,b" gives "a", "", "b").  Returns a
 * NULL-ended array (free with strv_free) and sets *n.
 */
char **lex_list_items(const char *s, size_t *n);

#endif
