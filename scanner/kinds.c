/*
 * kinds: the log classifier.
 *
 * A name is peeled from the right: first a compression suffix, then a
 * rotation suffix (".N", "-YYYYMMDD[...]", ".YYYYMMDD[...]",
 * "_YYYYMMDD[...]"), and what is left is a log if it ends in ".log" or
 * "_log" or lies under a log directory.  logrotate's own names are the
 * model: access.log, access.log.1, access.log.2.gz,
 * access.log-20250119.gz, syslog.1 (under /var/log).
 */
#include "config.h"

#include <string.h>

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

/*
 * Length of name without a rotation suffix, or n if none: ".N" (any
 * digits), "-DATE", "_DATE" or ".DATE" (8 or more digits: 20250119,
 * 2025011903), or "-YYYY-MM-DD".
 */
static size_t
strip_rotated(const char *name, size_t n)
{
	size_t j = n, k;
	static const char dash_date[] = "-dddd-dd-dd";

	while (j > 0 && is_digit(name[j - 1]))
		j--;
	if (j > 1 && j < n) {
		if (name[j - 1] == '.')
			return j - 1;
		if ((name[j - 1] == '-' || name[j - 1] == '_') && n - j >= 8)
			return j - 1;
	}
	if (n <= sizeof(dash_date) - 1)
		return n;
	for (k = 0; k < sizeof(dash_date) - 1; k++) {
		char c = name[n - (sizeof(dash_date) - 1) + k];

		if (dash_date[k] == 'd' ? !is_digit(c) : c != '-')
			return n;
	}
	return n - (sizeof(dash_date) - 1);
}

static int
is_container_log(const char *name, size_t n)
{
	size_t m = strip_rotated(name, n);

	return ends_with(name, m, "-json.log");
}

enum kind
kind_classify(const char *name, size_t n, unsigned where)
{
	size_t base, stem;
	int compressed, rotated, logish;

	if (ends_with(name, n, ".journal") || ends_with(name, n, ".journal~"))
		return KIND_JOURNAL;
	if ((where & KIND_IN_CONTAINERS) && is_container_log(name, n))
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
