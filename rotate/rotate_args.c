/*
 * rotate_args: headroom rotate's command line into struct rotate_opts,
 * as logrotate 3.21's popt reads it (reference 1): options and config
 * paths in any order, long options by a unique prefix.  It prints
 * nothing: rotate_main.c's finish_args says what a bad one means.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lib/units.h"
#include "lib/xalloc.h"
#include "rotate/rotate_int.h"

/*
 * The long options; has_arg 1 options take "--x=V" or "--x V", has_arg 2
 * (an optional value) only "--x=V".
 */
struct longopt {
	const char *name;
	int has_arg;
	int shortname;
};

static const struct longopt longopts[] = {
	{ "debug", 0, 'd' },
	{ "force", 0, 'f' },
	{ "help", 0, '?' },
	{ "jobs", 1, 'j' },
	{ "log", 1, 'l' },
	{ "mail", 1, 'm' },
	{ "metrics", 1, 'M' },
	{ "skip-state-lock", 0, 'K' },
	{ "state", 1, 's' },
	{ "urgent-only", 0, 'R' },
	{ "usage", 0, 'U' },
	{ "verbose", 0, 'v' },
	{ "version", 0, 'V' },
	{ "wait-for-state-lock", 2, 'W' },
};

/* A decimal number from min to max, digits only (no sign, no blank). */
static int
parse_num(const char *s, long min, long max, long *out)
{
	char *end;
	long v;

	errno = 0;
	if (!units_all_digits(s))
		return -1;
	v = strtol(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

static int
parse_jobs(const char *s, int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < 1 || v > 1024)
		return -1;
	*out = (int)v;
	return 0;
}

/* Applies one option; returns an ACT_* other than ACT_RUN to stop. */
static int
apply_opt(struct rotate_opts *o, int c, const char *arg)
{
	switch (c) {
	case 'd':
		o->debug = 1;
		break;
	case 'f':
		o->force = 1;
		break;
	case 'v':
		o->verbose = 1;
		break;
	case 's':
		o->state = arg;
		break;
	case 'l':
		o->logfile = arg;
		break;
	case 'm':
		o->mailcmd = arg;
		break;
	case 'j':
		return parse_jobs(arg, &o->jobs) < 0 ? ACT_BAD : ACT_RUN;
	case 'K':
		o->skip_lock = 1;
		break;
	case 'W':
		o->wait_lock = 1;
		if (arg != NULL &&
		    parse_num(arg, 0, 31622400, &o->wait_secs) < 0)
			return ACT_BAD;
		break;
	case 'M':
		o->metrics = arg;
		break;
	case 'R':
		o->urgent_only = 1;
		break;
	case '?':
		return ACT_HELP;
	case 'U':
		return ACT_USAGE;
	case 'V':
		return ACT_VERSION;
	}
	return ACT_RUN;
}

static const struct longopt *
find_long(const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < sizeof(longopts) / sizeof(longopts[0]); i++)
		if (strlen(longopts[i].name) == len &&
		    strncmp(longopts[i].name, name, len) == 0)
			return &longopts[i];
	return NULL;
}

/* "--name[=value]"; *i advances past a separate value. */
static int
parse_long(struct rotate_opts *o, int argc, char **argv, int *i)
{
	const char *a = argv[*i] + 2, *eq = strchr(a, '=');
	const struct longopt *lo =
	    find_long(a, eq ? (size_t)(eq - a) : strlen(a));
	const char *val = NULL;

	if (lo == NULL || (!lo->has_arg && eq))
		return ACT_BAD;
	if (lo->has_arg) {
		if (eq)
			val = eq + 1;
		else if (lo->has_arg == 2)
			val = NULL;
		else if (*i + 1 < argc)
			val = argv[++*i];
		else
			return ACT_BAD;
	}
	return apply_opt(o, lo->shortname, val);
}

/* "-dfv", "-sFILE", "-s FILE". */
static int
parse_short(struct rotate_opts *o, int argc, char **argv, int *i)
{
	const char *a = argv[*i] + 1;
	int act;

	for (; *a; a++) {
		if (strchr("dfv?", *a)) {
			act = apply_opt(o, *a, NULL);
		} else if (strchr("slmj", *a)) {
			const char *val = a[1] ? a + 1 : NULL;

			if (val == NULL && *i + 1 < argc)
				val = argv[++*i];
			if (val == NULL)
				return ACT_BAD;
			return apply_opt(o, *a, val);
		} else {
			return ACT_BAD;
		}
		if (act != ACT_RUN)
			return act;
	}
	return ACT_RUN;
}

/*
 * Step 1.  Options and config paths in any order; "--" ends the options.
 * On ACT_BAD, *bad is the offending argument.
 */
int
parse_args(struct rotate_opts *o, int argc, char **argv, const char **bad)
{
	int i, act, dashdash = 0;

	o->configs = xcalloc((size_t)argc + 1, sizeof(*o->configs));
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (dashdash || a[0] != '-' || a[1] == '\0') {
			o->configs[o->nconfigs++] = a;
			continue;
		}
		*bad = a;
		if (strcmp(a, "--") == 0) {
			dashdash = 1;
			continue;
		}
		act = a[1] == '-' ? parse_long(o, argc, argv, &i)
		                  : parse_short(o, argc, argv, &i);
		if (act != ACT_RUN)
			return act;
	}
	return ACT_RUN;
}
