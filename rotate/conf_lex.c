/*
 * conf_lex: words, lines, values, headers and popt quoting, cut exactly
 * where logrotate 3.21 cuts them (see conf_lex.h).
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "lib/sbuf.h"
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

/* Appends the finished word in *word to the vector, if it is not empty. */
static void
end_word(struct sbuf *word, char ***argv, size_t *argc, size_t *alloc)
{
	if (word->len == 0)
		return;
	XGROW(*argv, *argc + 2, *alloc);
	(*argv)[(*argc)++] = xstrdup(word->buf);
	(*argv)[*argc] = NULL;
	sbuf_reset(word);
}

int
lex_split_words(const char *s, char ***argvp, size_t *argcp)
{
	struct sbuf word = SBUF_INIT;
	char **argv = NULL;
	size_t argc = 0, alloc = 0;
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
			end_word(&word, &argv, &argc, &alloc);
		} else if (*p == '"' || *p == '\'') {
			quote = *p;
		} else {
			if (*p == '\\' && !*++p)
				goto bad;
			sbuf_addch(&word, *p);
		}
	}
	end_word(&word, &argv, &argc, &alloc);
	sbuf_release(&word);
	if (argc == 0)
		return -1;
	*argvp = argv;
	*argcp = argc;
	return 0;
bad:
	sbuf_release(&word);
	lex_argv_free(argv);
	return -1;
}

void
lex_argv_free(char **argv)
{
	size_t i;

	if (!argv)
		return;
	for (i = 0; argv[i]; i++)
		free(argv[i]);
	free(argv);
}

char **
lex_list_items(const char *s, size_t *n)
{
	char **items = NULL;
	size_t count = 0, alloc = 0;
	const char *p = s, *end;

	while (*p) {
		end = p;
		while (*end && !is_space(*end) && *end != ',')
			end++;
		XGROW(items, count + 2, alloc);
		items[count++] = xstrndup(p, (size_t)(end - p));
		p = end;
		if (*p == ',')
			p++;
		while (*p && is_space(*p))
			p++;
	}
	if (!items)
		items = xcalloc(1, sizeof(*items));
	items[count] = NULL;
	*n = count;
	return items;
}
