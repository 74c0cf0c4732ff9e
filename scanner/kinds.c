/*
 * kinds: the log classifier.
 *
 * A name is peeled from the right: first a compression suffix, then a
 * rotation suffix (".N", "-YYYYMMDD[...]", ".YYYYMMDD[...]",
 * "_YYYYMMDD[...]", "[.-_]YYYY-MM-DD", ".YYYYMMDD-hhmmss", ".old",
 * ".bak"), and what is left is a log if it ends in ".log" or "_log" or
 * lies under a log directory.  logrotate's own names are the model:
 * access.log, access.log.1, access.log.2.gz, access.log-20250119.gz,
 * syslog.1 (under /var/log).  Container logs are docker's
 * containers/ID/ID-json.log[.N[.gz]] and kubernetes'
 * log/pods/POD/CONTAINER/N.log[.YYYYMMDD-hhmmss[.gz]], active or rotated.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lib/fsutil.h"
#include "lib/sbuf.h"
#include "scanner/kinds.h"

static const char *const compressed_ext[] = { ".gz", ".xz", ".bz2", ".zst",
	".lz4" };

static int
ends_with(const char *s, size_t n, const char *suffix)
{
	size_t m = strlen(suffix);

	return n >= m && memcmp(s + n - m, suffix, m) == 0;
}

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Length of name without a compression suffix, or namelen if none. */
static size_t
strip_compressed(const char *name, size_t n)
{
	size_t i;

	for (i = 0; i < sizeof(compressed_ext) / sizeof(compressed_ext[0]); i++)
		if (ends_with(name, n, compressed_ext[i]) &&
		    n > strlen(compressed_ext[i]))
			return n - strlen(compressed_ext[i]);
	return n;
}

/* Whether the n bytes at s match pat: 'd' a digit, others themselves. */
static int
match(const char *s, size_t n, const char *pat)
{
	size_t i;

	if (n != strlen(pat))
		return 0;
	for (i = 0; i < n; i++)
		if (pat[i] == 'd' ? !is_digit(s[i]) : s[i] != pat[i])
			return 0;
	return 1;
}

static int
is_sep(char c)
{
	return c == '.' || c == '-' || c == '_';
}

/*
 * Length of name without a rotation suffix, or n if none: ".N" (any
 * digits), "-DATE", "_DATE" or ".DATE" (8 or more digits: 20250119,
 * 2025011903), "[.-_]YYYY-MM-DD", ".YYYYMMDD-hhmmss" (kubelet), ".old",
 * ".bak".
 */
static size_t
strip_rotated(const char *name, size_t n)
{
	size_t j = n;

	if (n > 4 && (ends_with(name, n, ".old") || ends_with(name, n, ".bak")))
		return n - 4;
	if (n > 16 && name[n - 16] == '.' &&
	    match(name + n - 15, 15, "dddddddd-dddddd"))
		return n - 16;
	if (n > 11 && is_sep(name[n - 11]) &&
	    match(name + n - 10, 10, "dddd-dd-dd"))
		return n - 11;
	while (j > 0 && is_digit(name[j - 1]))
		j--;
	if (j > 1 && j < n) {
		if (name[j - 1] == '.')
			return j - 1;
		if ((name[j - 1] == '-' || name[j - 1] == '_') && n - j >= 8)
			return j - 1;
	}
	return n;
}

/* The name without compression and rotation suffixes ends with tail. */
static int
stem_ends(const char *name, size_t n, const char *tail)
{
	return ends_with(
	    name, strip_rotated(name, strip_compressed(name, n)), tail);
}

size_t
kind_stem_len(const char *name, size_t n)
{
	return strip_rotated(name, strip_compressed(name, n));
}

static int
is_name(const char *name, size_t n, const char *want)
{
	return n == strlen(want) && memcmp(name, want, n) == 0;
}

unsigned
kind_dir_where(unsigned parent, const char *name, size_t n)
{
	unsigned w = parent & KIND_IN_LOGDIR;

	if (is_name(name, n, "log") || is_name(name, n, "logs"))
		w |= KIND_IN_LOGDIR;
	if (is_name(name, n, "containers"))
		w |= KIND_DIR_CONTAINERS | KIND_IN_CONTAINERS;
	if (parent & KIND_DIR_CONTAINERS)
		w |= KIND_IN_CONTAINERS;
	if (is_name(name, n, "pods") && (parent & KIND_IN_LOGDIR))
		w |= KIND_DIR_PODS;
	if (parent & KIND_DIR_PODS)
		w |= KIND_DIR_POD;
	if (parent & KIND_DIR_POD)
		w |= KIND_IN_PODS;
	return w;
}

unsigned
kind_path_where(const char *path)
{
	unsigned w = 0;
	size_t n;

	while (*path != '\0') {
		while (*path == '/')
			path++;
		n = strcspn(path, "/");
		if (n > 0)
			w = kind_dir_where(w, path, n);
		path += n;
	}
	return w;
}

unsigned
kind_file_where(const char *path)
{
	struct sbuf dir = SBUF_INIT;
	unsigned where;
	char *abs;

	fsutil_dir_of(path, &dir);
	abs = realpath(dir.buf, NULL);
	where = abs != NULL ? kind_path_where(abs) : 0;
	free(abs);
	sbuf_release(&dir);
	return where;
}

enum kind
kind_classify(const char *name, size_t n, unsigned where)
{
	size_t base, stem;
	int compressed, rotated, logish;

	if (ends_with(name, n, ".journal") || ends_with(name, n, ".journal~"))
		return KIND_JOURNAL;
	if ((where & KIND_IN_CONTAINERS) && stem_ends(name, n, "-json.log"))
		return KIND_CONTAINER_LOG;
	if ((where & KIND_IN_PODS) && stem_ends(name, n, ".log"))
		return KIND_CONTAINER_LOG;
	base = strip_compressed(name, n);
	compressed = base != n;
	stem = strip_rotated(name, base);
	rotated = stem != base;
	logish = ends_with(name, stem, ".log") ||
	    ends_with(name, stem, "_log") || (where & KIND_IN_LOGDIR);
	if (!logish)
		return KIND_OTHER;
	if (compressed)
		return KIND_COMPRESSED_LOG;
	if (rotated)
		return KIND_ROTATED_LOG;
	return KIND_ACTIVE_LOG;
}

static const char *const keys[KIND_COUNT] = { "active_log", "rotated_log",
	"compressed_log", "container_log", "journal", "other" };
static const char *const labels[KIND_COUNT] = { "active logs", "rotated logs",
	"compressed rotated logs", "container logs", "journal files", "other" };

const char *
kind_key(enum kind k)
{
	return k < KIND_COUNT ? keys[k] : "other";
}

const char *
kind_label(enum kind k)
{
	return k < KIND_COUNT ? labels[k] : "other";
}
