/*
 * headroom rotate: logrotate 3.21's command line, then, in newsyslog's
 * plain stages:
 *
 *	Step 1: parse the options (rotate_args.c: popt's behaviour,
 *	        reference 1).
 *	Step 2: read the configuration (conf_read) and create olddirs.
 *	Step 3: lock the state file (not under -d) and read it (also
 *	        under -d).
 *	Step 4: plan every stanza (rplan_build, which also completes the
 *	        work the journal of an interrupted run left); under -d
 *	        print the plan (rotate_report.c) and stop there; otherwise
 *	        write this run's journal and carry the plan out
 *	        (rexec_run), printing each stanza and step as it runs.
 *	Step 5: write the state file; remove the journal when all went well;
 *	        then the summary and --metrics (rotate_report.c), before the
 *	        state lock is let go.
 */
#include "config.h"

#include <sys/stat.h>
#include <sys/statvfs.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lib/clock.h"
#include "lib/diag.h"
#include "lib/xalloc.h"
#include "rotate/conf_parse.h"
#include "rotate/exec.h"
#include "rotate/journal.h"
#include "rotate/metrics.h"
#include "rotate/plan.h"
#include "rotate/rconf.h"
#include "rotate/rotate_int.h"
#include "rotate/rotate_main.h"
#include "rotate/state.h"

#define LOGROTATE_VERSION "3.21.0"

static void
print_usage(FILE *fp, const char *prog)
{
	fprintf(fp,
	    "Usage: %s [-dfv?] [-d|--debug] [-f|--force] [-m|--mail=command]\n"
	    "        [-s|--state=statefile] [--skip-state-lock] "
	    "[--wait-for-state-lock[=SECONDS]]\n"
	    "        [-v|--verbose] [-l|--log=logfile] [-j|--jobs=N] "
	    "[--metrics=FILE]\n"
	    "        [--urgent-only] [--version]"
	    " [-?|--help] [--usage] [OPTION...] <configfile>\n",
	    prog);
}

static void
print_help(const char *prog)
{
	printf("Usage: %s [OPTION...] <configfile>\n"
	       "  -d, --debug                   Don't do anything, just test "
	       "and print debug\n"
	       "                                messages\n"
	       "  -f, --force                   Force file rotation\n"
	       "  -m, --mail=command            Command to send mail (instead "
	       "of\n"
	       "                                `%s')\n"
	       "  -s, --state=statefile         Path of state file\n"
	       "      --skip-state-lock         Do not lock the state file\n"
	       "      --wait-for-state-lock[=SECONDS]\n"
	       "                                Wait for lock on the state "
	       "file (at most\n"
	       "                                SECONDS)\n"
	       "  -v, --verbose                 Display messages during "
	       "rotation\n"
	       "  -l, --log=logfile             Log file\n"
	       "  -j, --jobs=N                  Compression workers (default: "
	       "the number of CPUs + 2)\n"
	       "      --metrics=FILE            Write Prometheus metrics to "
	       "FILE\n"
	       "      --urgent-only             Rotate only logs due by size, "
	       "maxsize or\n"
	       "                                minfree\n"
	       "      --version                 Display version information\n"
	       "\n"
	       "Help options:\n"
	       "  -?, --help                    Show this help message\n"
	       "      --usage                   Display brief usage message\n",
	    prog, HR_DEFAULT_MAIL);
}

/*
 * The first lines of --version and of the banner without a config: as
 * logrotate, logrotate's own first line ("logrotate 3.21.0", which
 * scripts parse), then one naming headroom.
 */
static void
print_title(FILE *fp, const char *prog)
{
	if (strcmp(prog, "logrotate") == 0)
		fprintf(fp,
		    "logrotate %s\n%s %s, a drop-in replacement for logrotate "
		    "%s\n",
		    LOGROTATE_VERSION, PACKAGE_NAME, PACKAGE_VERSION,
		    LOGROTATE_VERSION);
	else
		fprintf(fp, "%s %s (logrotate %s compatible)\n", PACKAGE_NAME,
		    PACKAGE_VERSION, LOGROTATE_VERSION);
}

static void
print_version(const char *prog)
{
	print_title(stdout, prog);
	printf("\n"
	       "    Default mail command:       %s\n"
	       "    Default compress command:   %s\n"
	       "    Default uncompress command: %s\n"
	       "    Default compress extension: %s\n"
	       "    Default state file path:    %s\n"
	       "    ACL support:                yes\n"
	       "    SELinux support:            no\n",
	    HR_DEFAULT_MAIL, HR_DEFAULT_COMPRESS, HR_DEFAULT_UNCOMPRESS,
	    HR_DEFAULT_COMPRESSEXT, HR_DEFAULT_STATE);
}

/* conf_read's messages, printed as logrotate prints them. */
static void
report(void *ctx, enum diag_level level, const char *text)
{
	(void)ctx;
	switch (level) {
	case DIAG_DEBUG:
		diag_debug("%s", text);
		break;
	case DIAG_WARNING:
		diag_warning("%s", text);
		break;
	case DIAG_ERROR:
		diag_error("%s", text);
		break;
	case DIAG_SAY:
		diag_say("%s", text);
		break;
	}
}

/*
 * One directory that mkpath makes: the mode exactly (whatever the umask),
 * then the owner and group createolddir names.
 */
static int
mkdir_as(const char *dir, const struct rconf_owner *ow)
{
	mode_t mode = ow->has_mode ? ow->mode : 0755;

	if (mkdir(dir, 0700) < 0) {
		if (errno == EEXIST)
			return 0;
		diag_error("error creating %s: %s", dir, strerror(errno));
		return -1;
	}
	if ((ow->has_uid || ow->has_gid) &&
	    chown(dir, ow->has_uid ? ow->uid : (uid_t)-1,
	        ow->has_gid ? ow->gid : (gid_t)-1) < 0) {
		diag_error(
		    "error setting owner of %s: %s", dir, strerror(errno));
		return -1;
	}
	if (chmod(dir, mode) < 0) {
		diag_error(
		    "error setting mode of %s: %s", dir, strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * mkdir -p dir: every directory it makes, the intermediate ones too, gets
 * createolddir's mode and owner, as logrotate's mkpath does.
 */
static int
mkpath(const char *dir, const struct rconf_owner *ow)
{
	char *p = xstrdup(dir), *s;
	int rc = 0;

	for (s = p + 1; rc == 0; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		if (*s == '\0') {
			rc = mkdir_as(p, ow);
			break;
		}
		*s = '\0';
		rc = mkdir_as(p, ow);
		*s = '/';
	}
	free(p);
	return rc;
}

static int
make_olddir(const struct rconf_log *c, const char *log)
{
	struct sbuf dir = SBUF_INIT;
	const char *slash = strrchr(log, '/');
	struct stat st;
	int rc = 0;

	if (c->olddir[0] == '/')
		sbuf_adds(&dir, c->olddir);
	else
		sbuf_addf(&dir, "%.*s/%s", slash ? (int)(slash - log) : 1,
		    slash ? log : ".", c->olddir);
	if (stat(dir.buf, &st) < 0)
		rc = mkpath(dir.buf, &c->createolddir);
	sbuf_release(&dir);
	return rc;
}

/*
 * createolddir: logrotate 3.21 makes these directories while it parses
 * the configuration, so also under -d (reference 3.4); headroom makes
 * them once the whole configuration is read.  These and the -l log file
 * (open_log) are the only files rotate_main.c changes itself; the state
 * file, the journal and the --metrics file are written by state.c,
 * journal.c and metrics.c.
 * Without a mode the directory gets 0755 (the 3.22 fix; 3.21 made 07777).
 */
static int
create_olddirs(const struct rconf *conf)
{
	size_t i, j;
	int rc = 0;

	for (i = 0; i < conf->nlogs; i++) {
		const struct rconf_log *c = conf->logs[i];

		if (!(c->flags & RCONF_CREATEOLDDIR) || c->olddir == NULL)
			continue;
		for (j = 0; j < c->nfiles; j++)
			if (make_olddir(c, c->files[j]) < 0)
				rc = -1;
	}
	return rc;
}

/*
 * The real seams of the planner (plan.h): clock, stat, listing, state,
 * free space.
 */
struct world {
	time_t now;
	struct rstate *state;
};

static time_t
w_clock(void *arg)
{
	return ((struct world *)arg)->now;
}

static int
w_lstat(void *arg, const char *path, struct stat *st)
{
	(void)arg;
	return lstat(path, st) < 0 ? errno : 0;
}

static int
w_stat(void *arg, const char *path, struct stat *st)
{
	(void)arg;
	return stat(path, st) < 0 ? errno : 0;
}

static int
w_list(void *arg, const char *dir, char ***names)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **v = NULL;
	size_t n = 0, alloc = 0;

	(void)arg;
	*names = NULL;
	if (d == NULL)
		return errno;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		XGROW(v, n + 2, alloc);
		v[n++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (v)
		v[n] = NULL;
	*names = v;
	return 0;
}

static int
w_last(void *arg, const char *path, time_t now, int used, struct tm *last)
{
	struct world *w = arg;
	struct rstate_entry *e = rstate_find(w->state, path);
	int made = e == NULL;

	/* An old entry of a missing log is looked at, not marked seen. */
	if (e == NULL || used)
		e = rstate_get(w->state, path, now);
	*last = e->last;
	return made;
}

static int
w_fsfree(void *arg, const char *path, unsigned long long *avail,
    unsigned long long *total)
{
	struct statvfs vf;

	(void)arg;
	if (statvfs(path, &vf) < 0)
		return errno;
	*avail = (unsigned long long)vf.f_bavail * vf.f_frsize;
	*total = (unsigned long long)vf.f_blocks * vf.f_frsize;
	return 0;
}

/* Every bad line of the state file, one error each (as 3.22+). */
static void
report_state(void *ctx, const struct hr_error *e)
{
	struct hr_error copy = HR_ERROR_INIT;

	(void)ctx;
	hr_error_set(&copy, e->code, e->path, e->line, "%s", e->msg);
	diag_error("%s", hr_error_text(&copy));
	hr_error_release(&copy);
}

/*
 * The state lock (not under -d), with logrotate's notes: "Creating stub
 * state file: F", then "acquired lock on state file F" or "Skip locking
 * state file F".  Returns 0, or 3 when the lock step failed.
 */
static int
lock_state(const struct rotate_opts *o, struct rstate *st)
{
	struct hr_error err = HR_ERROR_INIT;
	enum rstate_lock_mode m = RSTATE_LOCK_NB;
	int lk, devnull = strcmp(o->state, "/dev/null") == 0;
	int existed = access(o->state, F_OK) == 0;

	if (o->skip_lock)
		m = RSTATE_LOCK_SKIP;
	else if (o->wait_lock)
		m = RSTATE_LOCK_WAIT;
	if (!existed && !devnull)
		diag_debug("Creating stub state file: %s", o->state);
	if (m == RSTATE_LOCK_WAIT && o->wait_secs >= 0)
		lk = rstate_lock_wait(st, o->state, o->wait_secs, &err);
	else
		lk = rstate_lock(st, o->state, m, &err);
	if (lk == 1)
		diag_warning("%s", hr_error_text(&err));
	if (lk < 0)
		/* logrotate exits 3 whenever its lock step fails. */
		diag_error("%s", hr_error_text(&err));
	hr_error_release(&err);
	if (lk < 0)
		return 3;
	/* 3.21 leaves out the newline of "acquired lock"; 3.22 has it. */
	if (lk == 0 && !devnull && m == RSTATE_LOCK_SKIP)
		diag_debug("Skip locking state file %s", o->state);
	else if (lk == 0 && !devnull)
		diag_debug("acquired lock on state file %s", o->state);
	return 0;
}

/* Step 3: the state lock (never under -d) and the state itself. */
static int
open_state(const struct rotate_opts *o, struct rstate *st)
{
	struct hr_error err = HR_ERROR_INIT;
	int rc = 0;

	if (!o->debug && lock_state(o, st) == 3)
		return 3;
	diag_debug("Reading state from file: %s", o->state);
	if (o->debug && access(o->state, F_OK) < 0 && errno == ENOENT)
		diag_debug("state file %s does not exist", o->state);
	if (rstate_read_report(st, o->state, report_state, NULL, &err) < 0)
		rc = 1;
	hr_error_release(&err);
	return rc;
}

static int
any_steps(const struct rplan *plan)
{
	size_t i;

	for (i = 0; i < plan->nstanzas; i++)
		if (plan->stanzas[i].nsteps > 0)
			return 1;
	return 0;
}

/*
 * Whether the run has work: steps, or a log rotated without any (rotate 0
 * with copy and nothing to shift), whose state entry still moves.
 */
static int
any_work(const struct rplan *plan)
{
	size_t i, j;

	if (any_steps(plan))
		return 1;
	for (i = 0; i < plan->nstanzas; i++)
		for (j = 0; j < plan->stanzas[i].nlogs; j++)
			if (plan->stanzas[i].logs[j].planned)
				return 1;
	return 0;
}

/* The journal of an interrupted run, if any (also under -d). */
static int
read_journal(const char *path, struct rjournal *j)
{
	struct hr_error err = HR_ERROR_INIT;
	int rc = 0;

	if (path && rjournal_read(j, path, &err) < 0) {
		diag_error("%s", hr_error_text(&err));
		rc = 1;
	}
	hr_error_release(&err);
	return rc;
}

/*
 * The journal of this run (its failure is reported, and the run goes on
 * without it).  Returns 0 or 1.
 */
static int
write_journal(
    struct plan_report *pr, const char *jpath, const struct rjournal *old)
{
	struct hr_error err = HR_ERROR_INIT;
	int rc = 0;

	if (jpath &&
	    rjournal_write(pr->journal, jpath, pr->plan, old, &err) < 0) {
		diag_error("cannot write the journal: %s", hr_error_text(&err));
		rc = 1;
	}
	hr_error_release(&err);
	return rc;
}

/*
 * Carries the plan out.  Returns 0, or 1 when something failed;
 * *steps_ok tells whether every step succeeded.
 */
static int
execute(struct plan_report *pr, struct rstate *st, int *steps_ok)
{
	const struct rotate_opts *o = pr->o;
	/* Steps are described only for -v and -l to print. */
	struct rexec_opts xo = { o->mailcmd, (unsigned)o->jobs, st,
		{ report, NULL }, report_plan_stanza,
		o->verbose || o->logfile ? report_run_step : NULL,
		report_stanza_end, pr, report_step_done, &pr->totals };

	*steps_ok = rexec_run(pr->plan, &xo) == 0;
	rjournal_close(pr->journal);
	return !*steps_ok;
}

/*
 * Steps 4 and 5: plan (completing what an interrupted run left), report,
 * execute, write the state, and drop the journal once all went well.
 */
static int
plan_and_finish(const struct rotate_opts *o, const struct rconf *conf,
    struct rstate *st, struct rmetrics *m)
{
	struct world w = { time(NULL), st };
	struct rjournal j = RJOURNAL_INIT, cur = RJOURNAL_INIT;
	struct rplan_seams seams = { w_clock, w_lstat, w_stat, w_list, w_last,
		&w, &j, w_fsfree };
	struct rplan plan = RPLAN_INIT;
	struct plan_report pr = { o, NULL, { 0 }, &cur, { 0, 0, 0 } };
	struct hr_error err = HR_ERROR_INIT;
	unsigned flags = (o->force ? RPLAN_FORCE : 0) |
	    (getuid() == 0 ? RPLAN_AS_ROOT : 0) |
	    (o->urgent_only ? RPLAN_URGENT_ONLY : 0);
	char *jpath = rjournal_path(o->state);
	size_t i;
	int rc = read_journal(jpath, &j), ok = 1;

	if (rplan_build(&plan, conf, &seams, flags, &err) < 0)
		rc = 1;
	pr.plan = &plan;
	localtime_r(&plan.now, &pr.now);
	for (i = 0; i < plan.nnotes; i++)
		diag_warning("%s", plan.notes[i]);
	diag_debug("\nHandling %zu logs", plan.nstanzas);
	if (!o->debug && (any_steps(&plan) || plan.ncarry > 0))
		rc |= write_journal(&pr, jpath, &j);
	if (!o->debug && any_work(&plan)) {
		rc |= execute(&pr, st, &ok);
	} else {
		for (i = 0; i < plan.nstanzas; i++) {
			report_plan_stanza(&pr, i);
			report_stanza_end(&pr, i);
		}
	}
	if (!o->debug && rstate_write(st, o->state, w.now, &err) < 0) {
		diag_error("%s", hr_error_text(&err));
		rc = 1;
		ok = 0;
	}
	hr_error_release(&err);
	m->comp_read = pr.totals.comp_read;
	m->comp_written = pr.totals.comp_written;
	m->minfree_removed = pr.totals.minfree_removed;
	if (!o->debug)
		rmetrics_collect(m, &plan, st);
	if (!o->debug && jpath && ok && plan.ncarry == 0 &&
	    rjournal_remove(jpath, &err) < 0) {
		diag_error("%s", hr_error_text(&err));
		rc = 1;
	}
	rplan_release(&plan);
	rjournal_release(&j);
	rjournal_release(&cur);
	hr_error_release(&err);
	free(jpath);
	return rc;
}

/*
 * Steps 2 to 5, then the summary and --metrics while the state lock is
 * still held: a run that waited for the lock (the urgent timer behind
 * the daily run) writes its metrics after this one's, so the file
 * always describes the last run (t0: the start, hr_mono_ns).
 */
static int
run(const struct rotate_opts *o, struct rmetrics *m, uint64_t t0)
{
	struct rconf conf = RCONF_INIT;
	struct conf_opts copts = { { report, NULL }, getuid() == 0 };
	struct rstate st = RSTATE_INIT;
	int rc = 0, src;

	if (o->debug)
		diag_warning("%s in debug mode does nothing except printing "
		             "debug messages!  Consider using verbose mode "
		             "(-v) instead if this is not what you want.\n",
		    o->prog);
	if (conf_read(&conf, o->configs, o->nconfigs, &copts) < 0)
		rc = 1;
	if (create_olddirs(&conf) < 0)
		rc = 1;
	src = open_state(o, &st);
	if (src == 3) {
		rc = 3;
		goto out;
	}
	rc |= src;
	rc |= plan_and_finish(o, &conf, &st, m);
out:
	rc = finish_run(o, m, rc, t0);
	rstate_release(&st);
	rconf_release(&conf);
	return rc;
}

/*
 * -l FILE: a descriptor that receives every message.  -l syslog sends
 * them to syslog instead, as logrotate does (facility user, each at its
 * priority), under the name the program was called by.
 */
static int
open_log(const char *path, const char *prog)
{
	int fd;

	if (strcmp(path, "syslog") == 0) {
		diag_set_syslog(
		    strcmp(prog, "logrotate") == 0 ? "logrotate" : "headroom");
		return -1;
	}
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (fd < 0)
		diag_error(
		    "error opening log file %s: %s", path, strerror(errno));
	return fd;
}

/* What step 1 decided: an exit status, or -1 to go on. */
static int
finish_args(const struct rotate_opts *o, int act, const char *bad)
{
	switch (act) {
	case ACT_BAD:
		/* popt's wording, "unknown error" included (reference 1). */
		fprintf(stderr, "%s: bad argument %s: unknown error\n", o->prog,
		    bad);
		return 2;
	case ACT_HELP:
		print_help(o->prog);
		return 0;
	case ACT_USAGE:
		print_usage(stdout, o->prog);
		return 0;
	case ACT_VERSION:
		print_version(o->prog);
		return 0;
	}
	if (o->skip_lock && o->wait_lock) {
		fprintf(stderr,
		    "%s: options --skip-state-lock and --wait-for-state-lock "
		    "are mutually exclusive\n",
		    o->prog);
		return 1;
	}
	if (o->nconfigs == 0) {
		print_title(stderr, o->prog);
		fprintf(stderr,
		    "This may be freely redistributed under the terms of the "
		    "GNU General Public License\n\n");
		print_usage(stderr, o->prog);
		return 1;
	}
	return -1;
}

int
rotate_main(int argc, char **argv)
{
	struct rotate_opts o;
	const char *bad = "";
	const char *base = strrchr(argv[0], '/');
	int act, rc, logfd = -1;
	struct rmetrics m = RMETRICS_INIT;
	uint64_t t0 = hr_mono_ns();

	m.start = time(NULL);
	memset(&o, 0, sizeof(o));
	o.wait_secs = -1;
	base = base ? base + 1 : argv[0];
	o.prog =
	    strcmp(base, "logrotate") == 0 ? "logrotate" : "headroom rotate";
	o.state = HR_DEFAULT_STATE;
	o.mailcmd = HR_DEFAULT_MAIL;
	diag_set_program(NULL);
	act = parse_args(&o, argc, argv, &bad);
	rc = finish_args(&o, act, bad);
	if (rc >= 0)
		goto out;
	diag_set_verbose(o.verbose || o.debug);
	diag_set_journal(diag_is_journal(2));
	if (o.logfile)
		logfd = open_log(o.logfile, o.prog);
	diag_set_logfd(logfd);
	rc = run(&o, &m, t0);
	diag_set_logfd(-1);
	diag_set_journal(0);
	diag_set_syslog(NULL);
	if (logfd >= 0)
		close(logfd);
out:
	rmetrics_release(&m);
	free(o.configs);
	return rc;
}
