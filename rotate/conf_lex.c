/*
 * conf_lex: words, lines, values, headers and popt quoting, cut exactly
 * where logrotate 3.21 cuts them (see conf_lex.h).
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "lib/sbuf.h"
#include "lib/strvec.h"
#include "lib/xalloc.h"
#include "rotate/conf_lex.h"

static int
is_blank(char c)
{
	return isblank((unsigned char)c);
}

static int
is_space(char c)
{
	return isspace((unsigned char)c);
}

char *
lex_word(const struct lex *lx, size_t *pos)
{
	size_t start = *pos, end;

	while (start < lx->len && is_blank(lx->buf[start]))
		start++;
	end = start;
	while (end < lx->len && isalpha((unsigned char)lx->buf[end]))
		end++;
	*pos = end;
	return xstrndup(lx->buf + start, end - start);
}

char *
lex_line(const struct lex *lx, size_t *pos)
{
	size_t start = *pos, eol, end;
	char *text;

	eol = start;
	while (eol < lx->len && lx->buf[eol] != '\n')
		eol++;
	/* Back over the newline and trailing blanks; end is one past. */
	end = eol + 1;
	while (end > 0 && is_space(lx->buf[end - 1]))
		end--;
	if (end > start)
		text = xstrndup(lx->buf + start, end - start);
	else if (end == start)
		text = xstrdup("");
	else
		/*
		 * White space before start too (a '\r' after "rotate "):
		 * logrotate's strndup gets a negative length and copies the
		 * rest of the file.
		 */
		text = xstrdup(lx->buf + start);
	*pos = eol > 0 ? eol - 1 : 0;
	return text;
}

char *
lex_value(const struct lex *lx, size_t *pos)
{
	size_t p = *pos;

	while (p < lx->len && is_blank(lx->buf[p]))
		p++;
	if (p < lx->len && lx->buf[p] == '=') {
		p++;
		while (p < lx->len && is_blank(lx->buf[p]))
			p++;
	}
	if (p < lx->len && lx->buf[p] == '\n')
		return NULL;
	*pos = p;
	return lex_line(lx, pos);
}

enum lex_glob_status
lex_glob_string(const struct lex *lx, size_t *pos, char **out)
{
	struct sbuf sb = SBUF_INIT;
	enum { AT_START, IN_DATA, IN_COMMENT } st = AT_START;
	size_t p;

	*out = NULL;
	for (p = *pos; p < lx->len && lx->buf[p]; p++) {
		char c = lx->buf[p];

		if (st == AT_START) {
			if (c == '#')
				st = IN_COMMENT;
			else if (!is_space(c))
				st = IN_DATA;
		} else if (c == '\n') {
			st = AT_START;
		}
		if (st == IN_COMMENT)
			continue;
		if (c == '}') {
			*pos = p;
			sbuf_release(&sb);
			return LEX_GLOB_CLOSE;
		}
		if (c == '{') {
			*pos = p;
			*out = sbuf_detach(&sb);
			return LEX_GLOB_OK;
		}
		sbuf_addch(&sb, c);
	}
	*pos = p;
	sbuf_release(&sb);
	return LEX_GLOB_NO_OPEN;
}

/* Appends the finished word in *word to argv, if it is not empty. */
static void
end_word(struct sbuf *word, struct strvec *argv)
{
	if (word->len == 0)
		return;
	strvec_push(argv, word->buf);
	sbuf_reset(word);
}

int
lex_split_words(const char *s, char ***argvp, size_t *argcp)
{
	struct sbuf word = SBUF_INIT;
	struct strvec argv = STRVEC_INIT;
	char quote = '\0';
	const char *p;

	for (p = s; *p; p++) {
		if (quote && *p == quote) {
			quote = '\0';
		} else if (quote) {
			if (*p == '\\') {
				if (!*++p)
					goto bad;
				if (*p != quote)
					sbuf_addch(&word, '\\');
			}
			sbuf_addch(&word, *p);
		} else if (is_space(*p)) {
			end_word(&word, &argv);
		} else if (*p == '"' || *p == '\'') {
			quote = *p;
		} else {
			if (*p == '\\' && !*++p)
				goto bad;
			sbuf_addch(&word, *p);
		}
	}
	end_word(&word, &argv);
	sbuf_release(&word);
	if (argv.n == 0)
		return -1;
	*argcp = argv.n;
	*argvp = strvec_detach(&argv);
	return 0;
bad:
	sbuf_release(&word);
	strvec_release(&argv);
	return -1;
}

char **
lex_list_items(const char *s, size_t *n)
{
	struct strvec items = STRVEC_INIT;
	const char *p = s, *end;

	while (*p) {
		end = p;
		while (*end && !is_space(*end) && *end != ',')
			end++;
		strvec_push_owned(&items, xstrndup(p, (size_t)(end - p)));
		p = end;
		if (*p == ',')
			p++;
		while (*p && is_space(*p))
			p++;
	}
	*n = items.n;
	return strvec_detach(&items);
}
