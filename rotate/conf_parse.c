/*
 * conf_parse: logrotate 3.21's configuration reader (reference 3): the
 * byte loop.
 *
 * The shape follows logrotate's readConfigFile() on purpose: a loop over
 * every byte of the file with a small state machine, because the way
 * logrotate recovers from broken input (which line counts, which '}' ends
 * a skipped stanza, what a stray character does) falls out of that loop,
 * and configurations in the wild depend on it.  What differs is the
 * plumbing: directives dispatch through a sorted table searched with
 * bsearch (conf_directives.c), every handler is a small function that
 * says how the loop goes on (enum step), and no state lives in globals.
 *
 * Files and directories (conf_read.c):  conf_read_path() (a path on the
 * command line, or in `include` through cx->read_path) -> read_file()
 * (checks, reads the bytes) -> conf_parse_buffer() (this file's loop).
 * parse_error() and the taboo list are in conf_ctx.c.  Global settings live in
 * one struct rconf_log threaded through all of them; a file that fails
 * has its global changes rolled back.
 */
#include "config.h"

#include <assert.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "lib/sbuf.h"
#include "lib/strvec.h"
#include "lib/xalloc.h"
#include "rotate/conf_lex.h"
#include "rotate/conf_parse.h"
#include "rotate/conf_parse_int.h"
#include "rotate/expand.h"

/*
 * Stanza bookkeeping.  logrotate drops "the last stanza" rather than the
 * current one; with an include inside a stanza they differ, so this does
 * the same.  A dropped stanza is kept alive until the end of conf_read,
 * because a parser may still point at it.
 */
static void
drop_last(struct conf_ctx *cx)
{
	struct rconf_log *log;

	hr_report(
	    conf_rep(cx->opts), DIAG_DEBUG, "removing last 1 log configs");
	if (cx->conf->nlogs == 0)
		return;
	log = cx->conf->logs[--cx->conf->nlogs];
	expand_seen_forget(cx->seen, log);
	XGROW(cx->grave, cx->ngrave + 1, cx->agrave);
	cx->grave[cx->ngrave++] = log;
}

static struct rconf_log *
new_stanza(struct parser *p)
{
	struct rconf *conf = p->cx->conf;
	struct rconf_log *log = xmalloc(sizeof(*log));

	rconf_log_copy(log, p->def);
	log->conf_file = xstrdup(p->name);
	log->conf_line = p->line;
	XGROW(conf->logs, conf->nlogs + 1, conf->alloc);
	conf->logs[conf->nlogs++] = log;
	return log;
}

/* ---- The byte loop ----------------------------------------------------- */

static enum step
on_keyword(struct parser *p)
{
	const struct directive *d;
	char *key = lex_word(&p->lx, &p->pos);
	char c = p->lx.buf[p->pos];
	enum step st;

	if (!isspace((unsigned char)c) && c != '=') {
		parse_error(p, "keyword '%s' not properly separated, found %#x",
		    key, (unsigned)(int)c);
		free(key);
		return STEP_RAISE;
	}
	d = conf_directive_find(key);
	if (!d) {
		parse_error(p, "unknown option '%s' -- ignoring line", key);
		if (c != '\n')
			p->state = ST_SKIP_LINE;
		free(key);
		return STEP_NEXT;
	}
	free(key);
	st = d->fn(p, d);
	return st;
}

static void
fill_compress_defaults(struct rconf_log *def)
{
	if (!def->compresscmd)
		def->compresscmd = xstrdup(HR_DEFAULT_COMPRESS);
	if (!def->uncompresscmd)
		def->uncompresscmd = xstrdup(HR_DEFAULT_UNCOMPRESS);
	if (!def->compressext)
		def->compressext = xstrdup(HR_DEFAULT_COMPRESSEXT);
}

/* Globs the header's words into the new stanza (logrotate's loop). */
static void
expand_header(struct parser *p, char **words, size_t nwords)
{
	size_t i;
	int err;

	for (i = 0; i < nwords; i++) {
		free(p->globerr_msg);
		p->globerr_msg = NULL;
		err = expand_word(p->cx->seen, p->cur, words[i], p->name,
		    p->line, p->cx->opts, p->cx->globfn, &p->logerror);
		if (err && !(p->cur->flags & RCONF_MISSINGOK))
			p->globerr_msg =
			    xasprintf("%s:%ld glob failed for %s: %s", p->name,
			        p->line, words[i], strerror(err));
	}
}

static enum step
on_header(struct parser *p)
{
	char *text, **words;
	size_t nwords;

	if (p->cur != p->def) {
		parse_error(p, "unexpected log filename");
		p->state = ST_ERROR;
		return STEP_CONTINUE;
	}
	fill_compress_defaults(p->def);
	p->cur = new_stanza(p);
	switch (lex_glob_string(&p->lx, &p->pos, &text)) {
	case LEX_GLOB_CLOSE:
		parse_error(p, "unexpected } (missing previous '{')");
		return STEP_ABORT;
	case LEX_GLOB_NO_OPEN:
		parse_error(p, "missing '{' after log files definition");
		return STEP_ABORT;
	case LEX_GLOB_OK:
		break;
	}
	if (lex_split_words(text, &words, &nwords) < 0) {
		parse_error(p, "error parsing filename");
		free(text);
		return STEP_ABORT;
	}
	expand_header(p, words, nwords);
	strv_free(words);
	p->cur->pattern = text;
	return STEP_NEXT;
}

static enum step
on_close(struct parser *p)
{
	if (p->cur == p->def) {
		parse_error(p, "unexpected }");
		return STEP_ABORT;
	}
	if (p->globerr_msg) {
		int missingok = p->cur->flags & RCONF_MISSINGOK;

		if (!missingok)
			SAY(p, DIAG_ERROR, "%s", p->globerr_msg);
		free(p->globerr_msg);
		p->globerr_msg = NULL;
		if (!missingok)
			return STEP_ABORT;
	}
	if (expand_check_olddir(p->cur, p->name, p->line, p->cx->opts) < 0)
		return STEP_ABORT;
	p->criterion_set = 0;
	p->cur = p->def;
	p->state = ST_DEF_END;
	return STEP_NEXT;
}

static enum step
st_default(struct parser *p)
{
	char c = p->lx.buf[p->pos];

	if (isblank((unsigned char)c))
		return STEP_CONTINUE;
	if (c == '#') {
		p->state = ST_SKIP_LINE;
		return STEP_CONTINUE;
	}
	if (isalpha((unsigned char)c))
		return on_keyword(p);
	if (c == '/' || c == '"' || c == '\'' || c == '~')
		return on_header(p);
	if (c == '}')
		return on_close(p);
	if (c != '\n') {
		parse_error(p,
		    "lines must begin with a keyword or a filename "
		    "(possibly in double quotes)");
		return STEP_RAISE;
	}
	return STEP_NEXT;
}

/* The end of a script: its text runs up to the start of this line. */
static void
end_script(struct parser *p)
{
	size_t end = p->pos >= 9 ? p->pos - 9 : 0;

	while (end > 0 && p->lx.buf[end] != '\n')
		end--;
	if (p->lx.buf[end] == '\n')
		end++;
	if (end >= p->script_start)
		*p->script_dest = xstrndup(
		    p->lx.buf + p->script_start, end - p->script_start);
	else /* "postrotate endscript": 3.21 copies the rest of the file */
		*p->script_dest = xstrdup(p->lx.buf + p->script_start);
	p->script_dest = NULL;
}

static enum step
st_script(struct parser *p)
{
	unsigned skip = p->state & ST_SKIP_CONFIG;
	char *key = lex_word(&p->lx, &p->pos);

	if (strcmp(key, "endscript") == 0) {
		if (!skip)
			end_script(p);
		p->state = skip ? ST_SKIP_CONFIG : ST_DEFAULT;
	} else {
		p->state = (p->lx.buf[p->pos] == '\n' ? 0 : ST_SKIP_LINE) |
		    ST_LOAD_SCRIPT | skip;
	}
	free(key);
	return STEP_NEXT;
}

static enum step
st_skip_config(struct parser *p)
{
	char *key;

	if (p->lx.buf[p->pos] == '}') {
		p->state = ST_DEFAULT;
		drop_last(p->cx);
		p->cur = p->def;
		return STEP_NEXT;
	}
	key = lex_word(&p->lx, &p->pos);
	if (conf_is_script_keyword(key))
		p->state = ST_LOAD_SCRIPT | ST_SKIP_CONFIG;
	else if (p->lx.buf[p->pos] != '\n')
		p->state = ST_SKIP_LINE | ST_SKIP_CONFIG;
	free(key);
	return STEP_NEXT;
}

static enum step
st_def_end(struct parser *p)
{
	unsigned skip = p->state & ST_SKIP_CONFIG;
	char c = p->lx.buf[p->pos];

	if (isblank((unsigned char)c))
		return STEP_CONTINUE;
	if (c != '\n') {
		/* logrotate's wording, with a comma: not parse_error's. */
		SAY(p, DIAG_ERROR, "%s:%ld, unexpected text after }", p->name,
		    p->line);
		p->state = ST_SKIP_LINE | skip;
	} else {
		p->state = skip ? ST_SKIP_CONFIG : ST_DEFAULT;
	}
	return STEP_NEXT;
}

static enum step
step_once(struct parser *p)
{
	char c = p->lx.buf[p->pos];

	switch (p->state) {
	case ST_DEFAULT:
		return st_default(p);
	case ST_SKIP_LINE:
	case ST_SKIP_LINE | ST_SKIP_CONFIG:
	case ST_SKIP_LINE | ST_LOAD_SCRIPT:
	case ST_SKIP_LINE | ST_LOAD_SCRIPT | ST_SKIP_CONFIG:
		if (c == '\n')
			p->state &= ~(unsigned)ST_SKIP_LINE;
		if (p->state == 0)
			p->state = ST_DEFAULT;
		return STEP_NEXT;
	case ST_DEF_END:
	case ST_DEF_END | ST_SKIP_CONFIG:
		return st_def_end(p);
	case ST_ERROR:
		SAY(p, DIAG_ERROR, "found error in %s, skipping",
		    p->cur->pattern ? p->cur->pattern : "log config");
		p->logerror = 1;
		p->state = ST_SKIP_CONFIG;
		return STEP_NEXT;
	case ST_LOAD_SCRIPT:
	case ST_LOAD_SCRIPT | ST_SKIP_CONFIG:
		return st_script(p);
	case ST_SKIP_CONFIG:
		return st_skip_config(p);
	}
	assert(!"impossible parser state");
	p->state = ST_DEFAULT;
	return STEP_NEXT;
}

/* Runs the loop over the whole buffer.  Returns logrotate's result. */
static int
parse(struct parser *p)
{
	for (p->pos = 0; p->pos < p->lx.len; p->pos++) {
		switch (step_once(p)) {
		case STEP_NEXT:
			if (p->pos <= p->lx.len && p->lx.buf[p->pos] == '\n')
				p->line++;
			break;
		case STEP_CONTINUE:
			break;
		case STEP_RAISE:
			if (p->cur == p->def)
				goto error;
			p->state = ST_ERROR;
			break;
		case STEP_ABORT:
			goto error;
		}
	}
	if (p->script_dest) {
		SAY(p, DIAG_ERROR,
		    "%s:prerotate, postrotate or preremove without endscript",
		    p->name);
		goto error;
	}
	return p->logerror;
error:
	if (p->cur != p->def)
		drop_last(p->cx);
	return 1;
}

/* Parses one buffer as file `name` into def's scope. */
int
conf_parse_buffer(struct conf_ctx *cx, const char *name, const char *cwd,
    const char *buf, size_t len, struct rconf_log *def)
{
	struct parser p;
	int rc;

	memset(&p, 0, sizeof(p));
	p.cx = cx;
	p.name = name;
	p.cwd = cwd;
	p.lx.buf = buf;
	p.lx.len = len;
	p.line = 1;
	p.state = ST_DEFAULT;
	p.def = p.cur = def;
	rc = parse(&p);
	free(p.globerr_msg);
	return rc;
}
