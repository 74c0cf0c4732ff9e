/*
 * conf_read: the files and directories of a configuration (reference 3):
 * conf_read_path() for a path on the command line or in `include`, the
 * checks logrotate makes on a config file, the directory listing that
 * the taboo list (conf_ctx.c) filters, and the entry points conf_read()
 * and conf_read_buffer().  Each file's bytes go to conf_parse_buffer().
 * The layers run one way: this file calls the byte loop, which calls the
 * directives; an `include` comes back here only through the function
 * pointer cx->read_path that ctx_init() sets.
 */
#include "config.h"

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/fsutil.h"
#include "lib/strvec.h"
#include "lib/xalloc.h"
#include "rotate/conf_lex.h"
#include "rotate/conf_parse.h"
#include "rotate/conf_parse_int.h"
#include "rotate/expand.h"

/* ---- Files and directories --------------------------------------------- */

/* cwd + "/" + path for a relative path; path itself otherwise. */
static char *
resolve(const char *cwd, const char *path)
{
	if (path[0] == '/' || cwd[0] == '\0')
		return xstrdup(path);
	return xasprintf("%s/%s", cwd, path);
}

/*
 * The checks logrotate makes on an open config file (reference 3.1).
 * Returns 1 to read it, 0 to skip it quietly (rc unchanged), -1 for an
 * error.
 */
static int
check_file(struct conf_ctx *cx, const char *name, int fd, struct stat *st)
{
	struct flock lk;

	memset(&lk, 0, sizeof(lk));
	lk.l_type = F_RDLCK;
	lk.l_whence = SEEK_SET;
	if (fcntl(fd, F_SETLK, &lk) == -1)
		hr_report(conf_rep(cx->opts), DIAG_ERROR,
		    "Could not lock file %s for reading", name);
	if (fstat(fd, st) != 0) {
		hr_report(conf_rep(cx->opts), DIAG_ERROR,
		    "fstat of %s failed: %s", name, strerror(errno));
		return -1;
	}
	if (!S_ISREG(st->st_mode)) {
		hr_report(conf_rep(cx->opts), DIAG_DEBUG,
		    "Ignoring %s because it's not a regular file.", name);
		return 0;
	}
	if (cx->opts && cx->opts->as_root) {
		if ((st->st_mode & 07533) != 0400)
			hr_report(conf_rep(cx->opts), DIAG_WARNING,
			    "Potentially dangerous mode on %s: 0%o", name,
			    (unsigned)(st->st_mode & 07777));
		if (st->st_mode & 0022) {
			hr_report(conf_rep(cx->opts), DIAG_ERROR,
			    "Ignoring %s because it is writable by group or "
			    "others.",
			    name);
			return 0;
		}
		if (st->st_uid != 0) {
			hr_report(conf_rep(cx->opts), DIAG_ERROR,
			    "Ignoring %s because the file owner is wrong "
			    "(should be root or user with uid 0).",
			    name);
			return 0;
		}
	}
	if (st->st_size > MAX_CONFIG_SIZE) {
		hr_report(conf_rep(cx->opts), DIAG_ERROR,
		    "file %s too large, probably not a config file.", name);
		return -1;
	}
	if (st->st_size == 0) {
		hr_report(conf_rep(cx->opts), DIAG_DEBUG,
		    "Ignoring %s because it's empty.", name);
		return 0;
	}
	return 1;
}

/*
 * readConfigFile: name is what messages show, full where it is opened.
 * Never blocks on a FIFO (O_NONBLOCK): it is then skipped as not regular.
 */
static int
read_file(struct conf_ctx *cx, const char *name, const char *full,
    const char *cwd, struct rconf_log *def)
{
	struct stat st;
	char *buf;
	ssize_t len;
	int fd, rc;

	fd = open(full, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		hr_report(conf_rep(cx->opts), DIAG_ERROR,
		    "failed to open config file %s: %s", name, strerror(errno));
		return 1;
	}
	rc = check_file(cx, name, fd, &st);
	if (rc <= 0) {
		close(fd);
		return rc < 0;
	}
	/* Two NUL bytes after the text, as conf_lex.h asks. */
	buf = xmalloc((size_t)st.st_size + 2);
	len = fsutil_read_full(fd, buf, (size_t)st.st_size);
	rc = errno;
	close(fd);
	/* logrotate's words: it maps the file, and reports a failed mmap. */
	if (len < 0) {
		hr_report(conf_rep(cx->opts), DIAG_ERROR,
		    "Error mapping config file %s: %s", name, strerror(rc));
		free(buf);
		return 1;
	}
	buf[len] = buf[len + 1] = '\0';
	hr_report(
	    conf_rep(cx->opts), DIAG_DEBUG, "reading config file %s", name);
	rc = conf_parse_buffer(cx, name, cwd, buf, (size_t)len, def);
	free(buf);
	return rc;
}

/*
 * Puts back the defaults saved before a file that failed.  logrotate frees
 * and re-copies the whole struct, so a stanza used as the defaults of an
 * include loses its files and pattern too; only the header's position,
 * which is headroom's own, is kept.
 */
static void
restore_defaults(
    struct conf_ctx *cx, struct rconf_log *def, const struct rconf_log *saved)
{
	char *file = def->conf_file;
	long line = def->conf_line;

	def->conf_file = NULL;
	expand_seen_forget(cx->seen, def);
	rconf_log_release(def);
	rconf_log_copy(def, saved);
	def->conf_file = file;
	def->conf_line = line;
}

/* How a file came to be read: an entry of a directory says so on failure. */
enum conf_origin { CONF_FROM_PATH, CONF_FROM_DIR };

/* Reads one file with the roll-back of its global changes on failure. */
static int
read_file_guarded(struct conf_ctx *cx, const char *name, const char *full,
    const char *cwd, struct rconf_log *def, enum conf_origin origin)
{
	struct rconf_log saved;
	int rc;

	rconf_log_copy(&saved, def);
	rc = read_file(cx, name, full, cwd, def);
	if (rc) {
		if (origin == CONF_FROM_DIR)
			hr_report(conf_rep(cx->opts), DIAG_ERROR,
			    "found error in file %s, skipping", name);
		restore_defaults(cx, def, &saved);
	}
	rconf_log_release(&saved);
	return rc;
}

static int
name_cmp(const void *a, const void *b)
{
	return strcoll(*(char *const *)a, *(char *const *)b);
}

/* The entries of a config directory that survive the taboo list, sorted. */
static int
list_dir(struct conf_ctx *cx, const char *path, const char *full,
    struct strvec *names)
{
	struct dirent *de;
	DIR *dir = opendir(full);

	if (!dir) {
		hr_report(conf_rep(cx->opts), DIAG_ERROR,
		    "cannot open directory %s: %s", path, strerror(errno));
		return -1;
	}
	while ((de = readdir(dir)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		if (conf_taboo_match(cx, de->d_name))
			continue;
		strvec_push(names, de->d_name);
	}
	closedir(dir);
	if (names->n > 1)
		qsort(names->v, names->n, sizeof(*names->v), name_cmp);
	return 0;
}

static int
read_dir(struct conf_ctx *cx, const char *path, const char *full,
    struct rconf_log *def)
{
	struct strvec names = STRVEC_INIT;
	char *file;
	size_t i;
	int result = 0;

	if (list_dir(cx, path, full, &names) < 0)
		return 1;
	for (i = 0; i < names.n; i++) {
		file = xasprintf("%s/%s", full, names.v[i]);
		if (read_file_guarded(
		        cx, names.v[i], file, full, def, CONF_FROM_DIR))
			result = 1;
		free(file);
	}
	strvec_release(&names);
	return result;
}

/*
 * readConfigPath: a file or a directory, relative paths from cwd.  The
 * `include` directive reaches it through cx->read_path.
 */
static int
conf_read_path(struct conf_ctx *cx, const char *path, struct rconf_log *def,
    const char *cwd)
{
	char *full = resolve(cwd, path);
	struct stat st;
	int rc;

	if (stat(full, &st) != 0) {
		hr_report(conf_rep(cx->opts), DIAG_ERROR, "cannot stat %s: %s",
		    path, strerror(errno));
		free(full);
		return 1;
	}
	if (S_ISDIR(st.st_mode))
		rc = read_dir(cx, path, full, def);
	else
		rc =
		    read_file_guarded(cx, path, full, cwd, def, CONF_FROM_PATH);
	free(full);
	return rc;
}

static const char *const default_taboo[] = { ",v", ".bak", ".cfsaved",
	".disabled", ".dpkg-bak", ".dpkg-del", ".dpkg-dist", ".dpkg-new",
	".dpkg-old", ".dpkg-tmp", ".rhn-cfg-tmp-*", ".rpmnew", ".rpmorig",
	".rpmsave", ".swp", ".ucf-dist", ".ucf-new", ".ucf-old", "~" };

static void
ctx_init(struct conf_ctx *cx, struct rconf *conf, const struct conf_opts *opts)
{
	size_t i, j;

	memset(cx, 0, sizeof(*cx));
	cx->conf = conf;
	cx->opts = opts;
	cx->seen = expand_seen_new();
	cx->read_path = conf_read_path;
	for (i = 0; i < sizeof(default_taboo) / sizeof(*default_taboo); i++)
		conf_taboo_add(cx, xasprintf("*%s", default_taboo[i]));
	/* Paths claimed by stanzas of an earlier call stay claimed. */
	for (i = 0; i < conf->nlogs; i++)
		for (j = 0; j < conf->logs[i]->nfiles; j++)
			if (!expand_seen_owner(
			        cx->seen, conf->logs[i]->files[j]))
				expand_seen_claim(cx->seen,
				    conf->logs[i]->files[j], conf->logs[i]);
}

static int
ctx_finish(struct conf_ctx *cx, int result)
{
	size_t i;

	for (i = 0; i < cx->ngrave; i++) {
		rconf_log_release(cx->grave[i]);
		free(cx->grave[i]);
	}
	free(cx->grave);
	conf_taboo_reset(cx);
	free(cx->taboo);
	expand_seen_free(cx->seen);
	if (result)
		cx->conf->failed = 1;
	return result ? -1 : 0;
}

int
conf_read(struct rconf *conf, const char *const *paths, size_t npaths,
    const struct conf_opts *opts)
{
	struct conf_ctx cx;
	struct rconf_log global;
	size_t i;
	int result = 0;

	ctx_init(&cx, conf, opts);
	rconf_log_defaults(&global);
	for (i = 0; i < npaths; i++)
		if (conf_read_path(&cx, paths[i], &global, ""))
			result = 1;
	rconf_log_release(&global);
	return ctx_finish(&cx, result);
}

int
conf_read_buffer(struct rconf *conf, const char *name, const char *buf,
    size_t len, const struct conf_opts *opts)
{
	return conf_read_buffer_glob(conf, name, buf, len, opts, NULL);
}

int
conf_read_buffer_glob(struct rconf *conf, const char *name, const char *buf,
    size_t len, const struct conf_opts *opts, expand_glob_fn *globfn)
{
	struct conf_ctx cx;
	struct rconf_log global;
	char *copy = xmalloc(len + 2);
	int result;

	memcpy(copy, buf, len);
	copy[len] = copy[len + 1] = '\0';
	ctx_init(&cx, conf, opts);
	cx.globfn = globfn;
	rconf_log_defaults(&global);
	hr_report(conf_rep(opts), DIAG_DEBUG, "reading config file %s", name);
	result = conf_parse_buffer(&cx, name, "", copy, len, &global);
	rconf_log_release(&global);
	free(copy);
	return ctx_finish(&cx, result);
}
