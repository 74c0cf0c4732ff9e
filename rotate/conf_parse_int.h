/*
 * conf_parse_int.h: what the configuration reader's files share
 * (conf_read.c -> conf_parse.c -> conf_directives.c, and conf_ctx.c
 * below all three).
 */
#ifndef HR_CONF_PARSE_INT_H
#define HR_CONF_PARSE_INT_H

#include <stddef.h>

#include "lib/diag.h"
#include "rotate/conf_lex.h"
#include "rotate/conf_parse.h"
#include "rotate/expand.h"

/*
 * conf_read_buffer with glob(3) replaced by globfn (NULL: glob): the
 * fuzzer's entry point, which keeps it off the real file system's globs.
 */
int conf_read_buffer_glob(struct rconf *conf, const char *name, const char *buf,
    size_t len, const struct conf_opts *opts, expand_glob_fn *globfn);

#define MAX_NESTING 16U
#define MAX_CONFIG_SIZE 0xffffffL

/* logrotate's parser states; SKIP_LINE and SKIP_CONFIG combine. */
enum pstate {
	ST_DEFAULT = 2,
	ST_SKIP_LINE = 4,
	ST_DEF_END = 8,
	ST_SKIP_CONFIG = 16,
	ST_LOAD_SCRIPT = 32,
	ST_ERROR = 64,
};

/* How the byte loop goes on after a step. */
enum step {
	STEP_NEXT,     /* count the line if the cursor is on a newline */
	STEP_CONTINUE, /* go on without counting (logrotate's `continue`) */
	STEP_RAISE,    /* skip the stanza; at global level abort the file */
	STEP_ABORT,    /* drop the current stanza and the rest of the file */
};

struct conf_ctx;

/* readConfigPath: reads path (a file or a directory) into def's scope. */
typedef int conf_read_path_fn(struct conf_ctx *cx, const char *path,
    struct rconf_log *def, const char *cwd);

/* One conf_read() call. */
struct conf_ctx {
	struct rconf *conf;
	const struct conf_opts *opts;
	struct expand_seen *seen;
	expand_glob_fn *globfn; /* NULL: glob(3) */
	char **taboo;           /* fnmatch patterns for directory entries */
	size_t ntaboo, ataboo;
	unsigned depth; /* include nesting */
	/* What `include` calls: conf_read.c's, set by its ctx_init(). */
	conf_read_path_fn *read_path;
	/* Stanzas dropped while parsing; freed at the end (see drop_last). */
	struct rconf_log **grave;
	size_t ngrave, agrave;
};

/* One file being parsed. */
struct parser {
	struct conf_ctx *cx;
	const char *name; /* as logrotate names it in messages */
	const char *cwd;  /* where relative paths resolve ("" = cwd) */
	struct lex lx;
	size_t pos;
	long line;
	unsigned state;
	struct rconf_log *def; /* the defaults this file changes */
	struct rconf_log *cur; /* the stanza being read, or def */
	size_t script_start;
	char **script_dest; /* non-NULL while a script is being read */
	int logerror;
	int criterion_set;
	char *globerr_msg;
};

/*
 * What struct directive's arg means to the handlers that take a choice
 * (the others take an enum rconf_criterion, an enum rconf_script or an
 * enum number_kind).
 */
enum size_kind { SIZE_CRITERION, SIZE_MINSIZE, SIZE_MAXSIZE }; /* h_size */
enum taboo_kind { TABOO_EXT, TABOO_PAT };                      /* h_taboo */
enum ext_kind { EXT_EXTENSION, EXT_ADD };                      /* h_extension */
enum create_kind { CREATE_LOG, CREATE_OLDDIR };                /* h_create */

struct directive {
	const char *name;
	enum step (*fn)(struct parser *p, const struct directive *d);
	unsigned set, clear; /* flags, for flag directives */
	int arg;             /* the handler's enum, see above */
};

#define SAY(p, level, ...)                                                     \
	hr_report(conf_rep((p)->cx->opts), (level), __VA_ARGS__)

/* ---- conf_ctx.c: errors and the taboo list ---- */

/*
 * Reports an error at p's file and line, "FILE:LINE " then the message:
 * the form of logrotate's parse errors.
 */
void parse_error(const struct parser *p, const char *fmt, ...)
    DIAG_PRINTF(2, 3);

/* Empties the taboo list; adds pattern (taken) to it. */
void conf_taboo_reset(struct conf_ctx *cx);
void conf_taboo_add(struct conf_ctx *cx, char *pattern);
/* 1 (after a debug message) if a directory entry name is taboo, else 0. */
int conf_taboo_match(const struct conf_ctx *cx, const char *name);

/* ---- conf_parse.c: the byte loop ---- */

/* Parses one buffer as file `name` into def's scope.  logrotate's result. */
int conf_parse_buffer(struct conf_ctx *cx, const char *name, const char *cwd,
    const char *buf, size_t len, struct rconf_log *def);

/* ---- conf_directives.c ---- */

/* The directive called name, or NULL. */
const struct directive *conf_directive_find(const char *name);
/* Whether key starts a script (prerotate, postrotate, ...). */
int conf_is_script_keyword(const char *key);

#endif
