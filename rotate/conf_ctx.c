/*
 * conf_ctx: what every level of the configuration reader does with the
 * context of one conf_read() call (struct conf_ctx, conf_parse_int.h):
 * report a parse error at a file's line, and keep the taboo list.  The
 * reader (conf_read.c), the byte loop (conf_parse.c) and the directives
 * (conf_directives.c) all call it; it calls none of them.
 */
#include "config.h"

#include <fnmatch.h>
#include <stdarg.h>
#include <stdlib.h>

#include "lib/sbuf.h"
#include "lib/xalloc.h"
#include "rotate/conf_parse_int.h"

/* An error at the parser's line: "FILE:LINE text", logrotate's form. */
void
parse_error(const struct parser *p, const char *fmt, ...)
{
	struct sbuf sb = SBUF_INIT;
	va_list ap;

	sbuf_addf(&sb, "%s:%ld ", p->name, p->line);
	va_start(ap, fmt);
	sbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	hr_report(conf_rep(p->cx->opts), DIAG_ERROR, "%s", sb.buf);
	sbuf_release(&sb);
}

void
conf_taboo_reset(struct conf_ctx *cx)
{
	size_t i;

	for (i = 0; i < cx->ntaboo; i++)
		free(cx->taboo[i]);
	cx->ntaboo = 0;
}

void
conf_taboo_add(struct conf_ctx *cx, char *pattern)
{
	XGROW(cx->taboo, cx->ntaboo + 1, cx->ataboo);
	cx->taboo[cx->ntaboo++] = pattern;
}

int
conf_taboo_match(const struct conf_ctx *cx, const char *name)
{
	size_t i;

	for (i = 0; i < cx->ntaboo; i++)
		if (fnmatch(cx->taboo[i], name, FNM_PERIOD) == 0) {
			hr_report(conf_rep(cx->opts), DIAG_DEBUG,
			    "Ignoring %s, because of %s pattern match", name,
			    cx->taboo[i]);
			return 1;
		}
	return 0;
}
