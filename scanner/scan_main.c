/*
 * headroom scan: options, wiring, messages and the exit status.
 *
 *	1. Read the options into struct scan_opts.
 *	2. Walk each PATH (walk.c) into the sinks: sums, ranks, ncdu text.
 *	3. Report the errors as du does, on stderr.
 *	4. Look at the file systems met and at deleted-but-open files.
 *	5. Write the report in the chosen format.
 *	6. Exit 3 below --min-free, else 1 after errors, else 0.
 */
#include "config.h"

#include <sys/ioctl.h>
#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <malloc.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lib/clock.h"
#include "lib/diag.h"
#include "lib/fsutil.h"
#include "lib/quote.h"
#include "lib/sbuf.h"
#include "lib/units.h"
#include "lib/xalloc.h"
#include "scanner/fmt.h"
#include "scanner/outfile.h"
#include "scanner/progress.h"
#include "scanner/scan_main.h"
#include "scanner/scan_run.h"
#include "scanner/sink_tree.h"

enum long_only {
	OPT_WALKER = 256,
	OPT_EXCLUDE,
	OPT_EXCLUDE_FROM,
	OPT_APPARENT,
	OPT_SI,
	OPT_TOP,
	OPT_MIN_FREE,
	OPT_NO_DELETED,
	OPT_PROGRESS,
	OPT_NO_PROGRESS,
	OPT_FORMAT,
	OPT_INCLUDE_KERNFS,
	OPT_EXCLUDE_KERNFS,
	OPT_SINCE,
	OPT_SAVE,
	OPT_DIFF,
	OPT_HELP,
};

static const struct option long_options[] = {
	{ "threads", required_argument, NULL, 'j' },
	{ "walker", required_argument, NULL, OPT_WALKER },
	{ "one-file-system", no_argument, NULL, 'x' },
	{ "dereference-args", no_argument, NULL, 'D' },
	{ "dereference", no_argument, NULL, 'L' },
	{ "no-dereference", no_argument, NULL, 'P' },
	{ "exclude", required_argument, NULL, OPT_EXCLUDE },
	{ "exclude-from", required_argument, NULL, OPT_EXCLUDE_FROM },
	{ "apparent-size", no_argument, NULL, OPT_APPARENT },
	{ "bytes", no_argument, NULL, 'b' },
	{ "block-size", required_argument, NULL, 'B' },
	{ "human-readable", no_argument, NULL, 'h' },
	{ "si", no_argument, NULL, OPT_SI },
	{ "max-depth", required_argument, NULL, 'd' },
	{ "top", required_argument, NULL, OPT_TOP },
	{ "min-free", required_argument, NULL, OPT_MIN_FREE },
	{ "no-deleted", no_argument, NULL, OPT_NO_DELETED },
	{ "progress", no_argument, NULL, OPT_PROGRESS },
	{ "no-progress", no_argument, NULL, OPT_NO_PROGRESS },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "include-kernfs", no_argument, NULL, OPT_INCLUDE_KERNFS },
	{ "exclude-kernfs", no_argument, NULL, OPT_EXCLUDE_KERNFS },
	{ "output", required_argument, NULL, 'o' },
	{ "since", required_argument, NULL, OPT_SINCE },
	{ "save", optional_argument, NULL, OPT_SAVE },
	{ "diff", optional_argument, NULL, OPT_DIFF },
	{ "help", no_argument, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 },
};

static void
usage(FILE *fp)
{
	fputs("usage: headroom scan [OPTIONS] [PATH...]\n"
	      "\n"
	      "Ranks what uses the space under each PATH (default .).\n"
	      "\n"
	      "  -d, --max-depth N      directories down to depth N (1)\n"
	      "      --top N            the N largest files and dirs (20)\n"
	      "  -x, --one-file-system  stay on each PATH's file system\n"
	      "  -H, -D, --dereference-args  follow symlinks given as PATH\n"
	      "  -L, --dereference      follow every symlink\n"
	      "  -P, --no-dereference   follow none (the default)\n"
	      "      --exclude GLOB     skip paths matching GLOB (as du)\n"
	      "      --exclude-from F   skip the patterns listed in F\n"
	      "      --include-kernfs   walk /proc, /sys, cgroups ... too\n"
	      "      --apparent-size    count st_size, not disk usage\n"
	      "  -b, --bytes            --apparent-size --block-size=1\n"
	      "  -B, --block-size SIZE  print sizes in units of SIZE\n"
	      "  -h, --human-readable   sizes as 1.5K, 234M, 2G\n"
	      "      --si               like -h, powers of 1000\n"
	      "      --min-free PCT     exit 3 if a file system has less "
	      "free\n"
	      "      --no-deleted       skip deleted-but-open files\n"
	      "      --progress         progress on stderr (default: on a "
	      "tty)\n"
	      "      --no-progress      no progress\n"
	      "      --format FMT       text, json, du, ncdu or prometheus\n"
	      "  -o, --output FILE      write the report to FILE\n"
	      "      --since DURATION   what was written in the last 6h, "
	      "2d ...\n"
	      "      --save[=FILE]      save the scan (default: a store "
	      "under\n"
	      "                         /var/lib/headroom/scan)\n"
	      "      --diff[=FILE]      what grew since the saved scan, "
	      "and\n"
	      "                         when each file system is full\n"
	      "  -j, --threads N        worker threads (default 8 a core, "
	      "16-64)\n"
	      "      --walker W         getdents (default) or fts\n"
	      "      --help             this help\n"
	      "\n"
	      "Exit status: 0 all read, 1 some entries unreadable, 2 usage "
	      "or\nfatal error, 3 a file system below --min-free.\n",
	    fp);
}

/* A name or argument quoted for a message, as du quotes it. */
static const char *
q(const char *s)
{
	return quote_str(0, s, QUOTE_ALWAYS);
}

/* An error record as "MSG 'PATH': REASON", the path quoted as du does. */
static void
say_error(const struct hr_error *err)
{
	const char *msg = err->msg ? err->msg : "error";

	if (err->path != NULL && err->code != 0)
		diag_say("%s %s: %s", msg, q(err->path), strerror(err->code));
	else if (err->path != NULL)
		diag_say("%s %s", msg, q(err->path));
	else if (err->code != 0)
		diag_say("%s: %s", msg, strerror(err->code));
	else
		diag_say("%s", msg);
}

static int
parse_uint(
    const char *s, const char *what, unsigned long max, unsigned long *out)
{
	char *end;
	unsigned long v;

	/* Decimal digits only: no sign, blank, "0x" (strtoul takes them). */
	errno = 0;
	v = strtoul(s, &end, 10);
	if (!units_all_digits(s) || *end != '\0' || errno != 0 || v > max) {
		diag_say("invalid %s %s", what, q(s));
		return -1;
	}
	*out = v;
	return 0;
}

static int
parse_percent(const char *s, double *out)
{
	size_t n = strspn(s, "0123456789");
	double v;

	/* DIGITS[.DIGITS][%]: strtod would take " 5", "0x10", "1e1", "inf". */
	if (n > 0 && s[n] == '.' && s[n + 1] >= '0' && s[n + 1] <= '9')
		n += 1 + strspn(s + n + 1, "0123456789");
	v = n > 0 ? strtod(s, NULL) : -1;
	if (s[n] == '%')
		n++;
	if (n == 0 || s[n] != '\0' || !(v >= 0) || v > 100) {
		diag_say("invalid --min-free percentage %s", q(s));
		return -1;
	}
	*out = v;
	return 0;
}

static void
add_exclude(struct scan_opts *o, const char *pat)
{
	XGROW(o->excludes, o->nexcludes + 1, o->aexcludes);
	o->excludes[o->nexcludes++] = xstrdup(pat);
}

/* du's --exclude-from: one pattern per line. */
static int
read_exclude_file(struct scan_opts *o, const char *path)
{
	FILE *fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "re");
	char *line = NULL;
	size_t alloc = 0;
	ssize_t n;

	if (fp == NULL) {
		diag_say("cannot open %s: %s", q(path), strerror(errno));
		return -1;
	}
	while ((n = getline(&line, &alloc, fp)) >= 0) {
		if (n > 0 && line[n - 1] == '\n')
			line[--n] = '\0';
		if (n > 0)
			add_exclude(o, line);
	}
	free(line);
	if (fp != stdin)
		fclose(fp);
	return 0;
}

static int
parse_format(struct scan_opts *o, const char *s)
{
	static const char *const names[] = { "text", "json", "du", "ncdu",
		"prometheus" };
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(s, names[i]) == 0) {
			o->format = (enum scan_format)i;
			return 0;
		}
	diag_say(
	    "unknown format %s (text, json, du, ncdu or prometheus)", q(s));
	return -1;
}

static int
parse_block_size(struct scan_opts *o, const char *s)
{
	struct hr_error err = HR_ERROR_INIT;

	if (strcmp(s, "human-readable") == 0) {
		o->units.human = 1;
	} else if (strcmp(s, "si") == 0) {
		o->units.human = 2;
	} else {
		if (units_parse_block_size(s, &o->units.block, &err) < 0) {
			say_error(&err);
			hr_error_release(&err);
			return -1;
		}
		o->units.human = 0;
		units_block_suffix(s, o->units.suffix);
	}
	o->units_set = 1;
	return 0;
}

static int
parse_since(struct scan_opts *o, const char *arg)
{
	struct hr_error err = HR_ERROR_INIT;
	int rc = units_parse_duration(arg, &o->since, &err);

	if (rc < 0)
		say_error(&err);
	hr_error_release(&err);
	return rc;
}

/* --save[=FILE], --diff[=FILE] (opt): "=" is required, as getopt wants. */
static int
parse_history(struct history *h, enum long_only opt, const char *arg)
{
	if (arg != NULL && *arg == '\0') {
		diag_say(
		    "empty --%s file name", opt == OPT_SAVE ? "save" : "diff");
		return -1;
	}
	if (opt == OPT_SAVE) {
		h->save = 1;
		h->save_arg = arg;
	} else {
		h->diff = 1;
		h->diff_arg = arg;
	}
	return 0;
}

/*
 * One option; returns 0, -1 for a usage error, 1 for --help.  One case
 * per option, in the order of long_options: long, but flat.
 */
static int
parse_one(struct scan_opts *o, int c, const char *arg)
{
	unsigned long v;

	switch (c) {
	case 'j':
		if (parse_uint(arg, "thread count", 1024, &v) < 0)
			return -1;
		if (v == 0) {
			diag_say("invalid thread count %s", q(arg));
			return -1;
		}
		o->nthreads = (unsigned)v;
		return 0;
	case OPT_WALKER:
		if (strcmp(arg, "fts") == 0)
			o->walk_flags |= WALK_FTS;
		else if (strcmp(arg, "getdents") == 0)
			o->walk_flags &= ~(unsigned)WALK_FTS;
		else {
			diag_say("unknown walker %s (getdents or fts)", q(arg));
			return -1;
		}
		return 0;
	case 'x':
		o->walk_flags |= WALK_XDEV;
		return 0;
	case 'H':
	case 'D':
	case 'L':
	case 'P':
		o->walk_flags &= ~(unsigned)(WALK_DEREF_ARGS | WALK_DEREF_ALL);
		if (c == 'L')
			o->walk_flags |= WALK_DEREF_ALL;
		else if (c != 'P')
			o->walk_flags |= WALK_DEREF_ARGS;
		return 0;
	case OPT_EXCLUDE:
		add_exclude(o, arg);
		return 0;
	case OPT_EXCLUDE_FROM:
		return read_exclude_file(o, arg);
	case OPT_APPARENT:
		o->measure = MEASURE_SIZE;
		return 0;
	case 'b':
		o->measure = MEASURE_SIZE;
		return parse_block_size(o, "1");
	case 'B':
		return parse_block_size(o, arg);
	case 'h':
		return parse_block_size(o, "human-readable");
	case OPT_SI:
		return parse_block_size(o, "si");
	case 'd':
		if (parse_uint(arg, "maximum depth", UINT32_MAX - 1, &v) < 0)
			return -1;
		o->maxdepth = (uint32_t)v;
		return 0;
	case OPT_TOP:
		if (parse_uint(arg, "--top count", 1000000, &v) < 0)
			return -1;
		if (v == 0) {
			diag_say("invalid --top count %s (at least 1)", q(arg));
			return -1;
		}
		o->top = v;
		return 0;
	case OPT_MIN_FREE:
		o->min_free_set = 1;
		return parse_percent(arg, &o->min_free);
	case OPT_NO_DELETED:
		o->deleted = 0;
		return 0;
	case OPT_PROGRESS:
	case OPT_NO_PROGRESS:
		o->progress = c == OPT_PROGRESS;
		return 0;
	case OPT_FORMAT:
		return parse_format(o, arg);
	case OPT_INCLUDE_KERNFS:
	case OPT_EXCLUDE_KERNFS:
		o->kernfs = c == OPT_INCLUDE_KERNFS;
		return 0;
	case 'o':
		o->output = arg;
		return 0;
	case OPT_SINCE:
		return parse_since(o, arg);
	case OPT_SAVE:
	case OPT_DIFF:
		return parse_history(o->hist, c, arg);
	case OPT_HELP:
		return 1;
	default:
		return -1;
	}
}

/* Returns 0, 1 after --help, or 2 for a usage error. */
static int
parse_args(struct scan_opts *o, int argc, char **argv)
{
	static char dot[] = ".";
	static char *dotv[] = { dot, NULL };
	char *argv0 = argv[0];
	int c, rc = 0;

	/* getopt's messages start with argv[0]: "headroom: ", as ours. */
	argv[0] = (char *)"headroom";
	optind = 0;
	opterr = 1;
	while ((c = getopt_long(
	            argc, argv, "j:xHDLPbB:hd:o:", long_options, NULL)) != -1) {
		rc = parse_one(o, c, optarg);
		if (rc != 0)
			break;
	}
	argv[0] = argv0;
	if (rc == 1)
		return 1;
	if (rc < 0) {
		fputs("Try 'headroom help scan'.\n", stderr);
		return 2;
	}
	o->paths = optind < argc ? argv + optind : dotv;
	o->npaths = optind < argc ? (size_t)(argc - optind) : 1;
	if (o->format == FORMAT_NCDU && o->npaths != 1) {
		diag_say("--format=ncdu takes exactly one PATH");
		return 2;
	}
	if (o->format == FORMAT_NCDU && o->output == NULL) {
		diag_say("--format=ncdu needs -o FILE (- for standard output)");
		return 2;
	}
	if (o->since > 0 && o->format != FORMAT_TEXT &&
	    o->format != FORMAT_JSON) {
		diag_say("--since works with --format=text and json");
		return 2;
	}
	if (o->hist->diff && !scan_full_report(o->format)) {
		diag_say(
		    "--diff works with --format=text, json and prometheus");
		return 2;
	}
	/*
	 * -L walks with fts, which visits in du's order: an inode reached
	 * through several symlinks counts where du counts it.
	 */
	if (o->walk_flags & WALK_DEREF_ALL)
		o->walk_flags |= WALK_FTS;
	if (!o->units_set)
		o->units.human = o->format == FORMAT_DU ? 0 : 1;
	return 0;
}

static void
run_walk(struct scan_run *s)
{
	struct scan_opts *o = s->o;
	struct walk_opts wo = { 0 };
	struct progress pr = { 0 };
	size_t n = 0, i;

	rank_init(&s->rank, o->top, o->measure);
	clock_gettime(CLOCK_REALTIME, &s->start);
	s->t0 = hr_mono_seconds();
	s->rep.now = (int64_t)s->start.tv_sec;
	if (gethostname(s->host, sizeof(s->host) - 1) != 0)
		strcpy(s->host, "?");
	s->rep.host = s->host;
	s->sinks[n++] = (struct sink){ &tree_ops, NULL };
	if (scan_full_report(o->format))
		s->sinks[n++] = (struct sink){ &rank_ops, &s->rank };
	if (o->format == FORMAT_NCDU)
		s->sinks[n++] = (struct sink){ &ncdu_ops, NULL };
	growth_sinks(s, &n);
	/* As du: every inode once with several PATHs, and with -L. */
	wo.flags = o->walk_flags;
	if (o->npaths > 1 || (o->walk_flags & WALK_DEREF_ALL))
		wo.flags |= WALK_HASH_ALL;
	wo.nthreads = o->nthreads;
	wo.excludes = o->excludes;
	wo.nexcludes = o->nexcludes;
	wo.sinks = s->sinks;
	wo.nsinks = n;
	if (!o->kernfs) {
		char *mi = fsinfo_read_mountinfo();

		if (mi != NULL)
			wo.nskip_devs = fsinfo_kernfs_devs(mi, &s->kernfs);
		wo.skip_devs = s->kernfs;
		free(mi);
	}
	/*
	 * One malloc arena for the whole process: the workers allocate only
	 * per directory chunk and per hard-link table (about 12,000 calls
	 * for 200,000 files), never per entry, so they do not contend for it,
	 * and each further arena cost about 0.3 MiB of peak RSS.
	 */
	mallopt(M_ARENA_MAX, 1);
	s->w = walk_new(&wo);
	s->roots = xcalloc(o->npaths, sizeof(*s->roots));
	if (o->progress == 1 || (o->progress < 0 && isatty(2)))
		progress_start(&pr, s->w);
	for (i = 0; i < o->npaths; i++)
		walk_path(s->w, o->paths[i], &s->roots[i]);
	progress_stop(&pr);
	walk_finish(s->w, s->roots, o->npaths);
}

static void
print_errors(struct scan_run *s)
{
	const struct walk_error *e;
	size_t n = walk_errors(s->w, &e), i;
	struct sbuf sb = SBUF_INIT;

	for (i = 0; i < n; i++) {
		sbuf_reset(&sb);
		fmt_error_text(&sb, &e[i]);
		diag_say("%s", sb.buf);
	}
	sbuf_release(&sb);
	s->rep.errs = e;
	s->rep.nerrs = n;
	s->rep.nskips = walk_skipped(s->w, &s->rep.skips);
	/* The text report says it; the others need a hint too. */
	for (i = 0; i < s->o->npaths && s->o->format != FORMAT_TEXT; i++) {
		const struct walk_root *r = &s->roots[i];

		if (r->symlink && !r->followed && r->real != NULL)
			diag_say("%s is a symbolic link%s, not followed: -H "
			         "follows it",
			    q(r->path), r->target_dir ? " to a directory" : "");
	}
}

static void
check_filesystems(struct scan_run *s)
{
	const struct walk_dev *v;
	size_t n = walk_devs(s->w, &v), i;
	struct sbuf path = SBUF_INIT;
	struct hr_error err = HR_ERROR_INIT;

	s->rep.fs = xcalloc(n ? n : 1, sizeof(*s->rep.fs));
	s->devs = xcalloc(n ? n : 1, sizeof(*s->devs));
	for (i = 0; i < n; i++) {
		struct fsinfo *f = &s->rep.fs[s->rep.nfs];

		sbuf_reset(&path);
		if (v[i].dir != NULL)
			tree_path(v[i].dir, &path);
		else if (v[i].link)
			fsutil_dir_of(v[i].path, &path);
		else
			sbuf_adds(&path, v[i].path);
		s->devs[s->ndevs++] = v[i].dev;
		if (fsinfo_get(path.buf, v[i].dev, f, &err) < 0) {
			say_error(&err);
			continue;
		}
		/* The marker always; the exit status only with --min-free. */
		f->low = fsinfo_low(f, s->o->min_free);
		s->rep.nfs++;
	}
	hr_error_release(&err);
	sbuf_release(&path);
}

/*
 * The columns of the terminal the report goes to (TIOCGWINSZ, else
 * $COLUMNS, else 80), or 0 when it does not go to a terminal.
 */
static size_t
terminal_width(const struct outfile *out)
{
	int fd = out->kind == OUTFILE_STDOUT ? 1
	    : out->kind == OUTFILE_FD        ? out->fd
	                                     : -1;
	const char *env = getenv("COLUMNS");
	struct winsize ws;

	if (fd < 0 || !isatty(fd))
		return 0;
	if (ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	if (env != NULL && units_all_digits(env) && strlen(env) < 6)
		return (size_t)atoi(env);
	return 80;
}

static void
build_report(struct scan_run *s)
{
	struct scan_opts *o = s->o;
	size_t i;

	s->rep.roots = s->roots;
	s->rep.nroots = o->npaths;
	s->rep.rank = &s->rank;
	s->rep.measure = o->measure;
	s->rep.maxdepth = o->maxdepth;
	s->rep.min_free = o->min_free;
	s->rep.min_free_set = o->min_free_set;
	s->rep.nthreads = walk_nthreads(s->w);
	s->rep.walker = (o->walk_flags & WALK_FTS) ? "fts" : "getdents";
	s->rep.units = o->units;
	s->rep.width = terminal_width(s->out);
	if (!scan_full_report(o->format))
		return;
	for (i = 0; i < o->npaths; i++)
		if (s->roots[i].dir != NULL && o->maxdepth > 0)
			rank_dirs(s->roots[i].dir, o->maxdepth, o->top,
			    o->measure, &s->rep.dirs, &s->rep.ndirs, &s->adirs);
	if (o->deleted && s->ndevs > 0) {
		s->rep.deleted_checked = deleted_scan("/proc", s->devs,
		                             s->ndevs, &s->rep.deleted) == 0;
	}
	growth_report(s);
	s->rep.seconds = hr_mono_seconds() - s->t0;
}

static int
write_format(struct scan_run *s, FILE *fp)
{
	int rc = 0;

	switch (s->o->format) {
	case FORMAT_TEXT:
		rc = fmt_text(fp, &s->rep);
		break;
	case FORMAT_JSON:
		rc = fmt_json(fp, &s->rep);
		break;
	case FORMAT_DU:
		rc = fmt_du(fp, &s->rep);
		break;
	case FORMAT_NCDU:
		rc = fmt_ncdu(fp, &s->roots[0], (int64_t)time(NULL));
		break;
	case FORMAT_PROM:
		rc = fmt_prom(fp, &s->rep);
		break;
	}
	return rc;
}

/* Writes the report to the -o target prepared before the scan. */
static int
write_report(struct scan_run *s)
{
	struct hr_error err = HR_ERROR_INIT;
	FILE *fp = outfile_open(s->out, &err);
	int rc = -1;

	if (fp != NULL)
		rc = outfile_close(s->out, fp, write_format(s, fp) == 0, &err);
	if (rc < 0 && s->out->kind == OUTFILE_STDOUT) {
		diag_say(
		    "write error on standard output: %s", strerror(err.code));
		/* Said once: the rest is dropped, the dispatcher is quiet. */
		__fpurge(stdout);
		clearerr(stdout);
	} else if (rc < 0)
		say_error(&err);
	hr_error_release(&err);
	return rc;
}

static int
exit_status(struct scan_run *s, int write_rc)
{
	size_t i;

	if (write_rc < 0)
		return 2;
	for (i = 0; i < s->rep.nfs && s->o->min_free_set; i++)
		if (s->rep.fs[i].low)
			return 3;
	return s->rep.nerrs > 0 ? 1 : 0;
}

static void
run_release(struct scan_run *s)
{
	size_t i;

	for (i = 0; i < s->rep.nfs; i++)
		fsinfo_release(&s->rep.fs[i]);
	free(s->rep.fs);
	free(s->devs);
	free(s->kernfs);
	free(s->rep.dirs);
	deleted_release(&s->rep.deleted);
	for (i = 0; i < s->o->npaths; i++) {
		if (s->o->format == FORMAT_NCDU)
			fmt_ncdu_release(&s->roots[i]);
		walk_root_release(&s->roots[i]);
	}
	free(s->roots);
	growth_release(s);
	walk_free(s->w);
	rank_release(&s->rank);
}

int
scan_main(int argc, char **argv)
{
	struct scan_opts o = { 0 };
	struct outfile out = OUTFILE_INIT;
	struct hr_error err = HR_ERROR_INIT;
	struct history hist = HISTORY_INIT;
	struct scan_run s;
	size_t i;
	int rc;

	o.hist = &hist;
	o.maxdepth = 1;
	o.top = 20;
	o.min_free = 10;
	o.deleted = 1;
	o.progress = -1;
	diag_set_program("headroom");
	rc = parse_args(&o, argc, argv);
	if (rc == 0 &&
	    (outfile_prepare(&out, o.output, &err) < 0 ||
	        history_prepare(&hist, o.paths, o.npaths, &err) < 0)) {
		say_error(&err);
		rc = 2;
	} else if (rc == 0) {
		memset(&s, 0, sizeof(s));
		s.o = &o;
		s.out = &out;
		run_walk(&s);
		print_errors(&s);
		check_filesystems(&s);
		build_report(&s);
		rc = exit_status(&s, write_report(&s));
		if (growth_save(&s, &err) < 0) {
			diag_say(
			    "cannot save the scan: %s", hr_error_text(&err));
			rc = 2;
		}
		run_release(&s);
	} else if (rc == 1) {
		usage(stdout);
		rc = 0;
	}
	for (i = 0; i < o.nexcludes; i++)
		free(o.excludes[i]);
	free(o.excludes);
	outfile_release(&out);
	history_release(&hist);
	hr_error_release(&err);
	return rc;
}
