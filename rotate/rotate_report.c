/*
 * rotate_report: what headroom rotate prints of a plan under -d and -v,
 * in logrotate 3.21's words and order: each stanza's settings, each log's
 * decision, the scripts not run, and each step (its description comes
 * from plan_describe.c).  rotate_main.c hands these functions to
 * rexec_run as its watchers, or calls them itself under -d.  At the
 * end of a run, finish_run prints the one-line summary and writes the
 * --metrics file.
 */
#include "config.h"

#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lib/clock.h"
#include "lib/diag.h"
#include "lib/sbuf.h"
#include "rotate/metrics.h"
#include "rotate/plan.h"
#include "rotate/rconf.h"
#include "rotate/rotate_int.h"

/* "rotating pattern: P  daily (3 rotations)" and the line after it. */
static void
report_stanza(const struct rotate_opts *o, const struct rconf_log *c)
{
	struct sbuf sb = SBUF_INIT;
	static const char *const crit[] = { "", "hourly ", "after 1 days ",
		"weekly ", "monthly ", "yearly " };

	sbuf_addf(&sb, "\nrotating pattern: %s ", c->pattern);
	if (o->force)
		sbuf_adds(&sb, "forced from command line ");
	else if (c->criterion == RCONF_SIZE)
		sbuf_addf(&sb, "%llu bytes ", c->size_threshold);
	else
		sbuf_adds(&sb, crit[c->criterion]);
	/* logrotate 3.21 prints no count and no newline for rotate -1. */
	if (c->rotate != -1) {
		if (c->rotate == 0)
			sbuf_adds(&sb, "(no old logs will be kept)\n");
		else
			sbuf_addf(&sb, "(%d rotations)\n", c->rotate);
	}
	if (c->olddir)
		sbuf_addf(&sb, "olddir is %s, ", c->olddir);
	sbuf_addf(&sb, "empty log files are %srotated, ",
	    (c->flags & RCONF_IFEMPTY) ? "" : "not ");
	if (c->minsize)
		sbuf_addf(&sb, "only log files >= %llu bytes are rotated, ",
		    c->minsize);
	if (c->maxsize)
		sbuf_addf(
		    &sb, "log files >= %llu are rotated earlier, ", c->maxsize);
	if (c->minage)
		sbuf_addf(&sb,
		    "only log files older than %ld days are rotated, ",
		    c->minage);
	if (c->mail)
		sbuf_addf(&sb, "old logs mailed to %s", c->mail);
	else
		sbuf_adds(&sb, "old logs are removed");
	diag_debug("%s", sb.buf);
	sbuf_release(&sb);
}

/* Each line of text as a debug message, after indent. */
static void
report_lines(const char *indent, const char *text)
{
	const char *nl;

	for (;; text = nl + 1) {
		nl = strchr(text, '\n');
		if (nl == NULL) {
			diag_debug("%s%s", indent, text);
			return;
		}
		diag_debug("%s%.*s", indent, (int)(nl - text), text);
	}
}

static void
report_log(
    const struct rplan_log *l, const struct rconf_log *c, const struct tm *now)
{
	struct sbuf sb = SBUF_INIT;

	diag_debug("considering log %s", l->path);
	rplan_reason_describe(l, c, &sb);
	/* logrotate makes the entry after the log's checks when they stop. */
	if (l->new_state && l->have_stat)
		diag_debug("Creating new state");
	if (l->reason == RPLAN_DIR_MISSING_OK)
		goto out;
	if (l->reason >= RPLAN_STAT_FAILED) {
		diag_error("%s", sb.buf);
		goto out;
	}
	if (l->reason <= RPLAN_MINAGE || l->reason == RPLAN_EMPTY) {
		diag_debug("  Now: %d-%02d-%02d %02d:%02d", now->tm_year + 1900,
		    now->tm_mon + 1, now->tm_mday, now->tm_hour, now->tm_min);
		diag_debug("  Last rotated at %d-%02d-%02d %02d:%02d",
		    l->last.tm_year + 1900, l->last.tm_mon + 1, l->last.tm_mday,
		    l->last.tm_hour, l->last.tm_min);
	}
	if (l->reason == RPLAN_FUTURE)
		diag_error("log %s last rotated in the future -- rotation "
		           "forced",
		    l->path);
	report_lines("  ", sb.buf);
out:
	if (l->new_state && !l->have_stat)
		diag_debug("Creating new state");
	sbuf_release(&sb);
}

/* logrotate prints a script's arguments and body only under -d. */
static void
report_step(const struct rotate_opts *o, const struct rplan_step *s,
    const struct rconf_log *c)
{
	struct sbuf sb = SBUF_INIT;

	rplan_step_describe(s, c, &sb);
	/* A WAIT for the background compressions says nothing. */
	if (sb.len > 0)
		diag_debug("%s", sb.buf);
	if (s->kind == RSTEP_SCRIPT && o->debug)
		diag_debug("running script with args %s%s%s: \"%s\"", s->argv1,
		    s->argv2 ? " " : "", s->argv2 ? s->argv2 : "", s->body);
	sbuf_release(&sb);
}

/* logrotate's note when a stanza with su switches ids, and back. */
static void
report_su(uid_t from_uid, uid_t to_uid, gid_t from_gid, gid_t to_gid)
{
	diag_debug("switching euid from %u to %u and egid from %u to %u "
	           "(pid %ld)",
	    (unsigned)from_uid, (unsigned)to_uid, (unsigned)from_gid,
	    (unsigned)to_gid, (long)getpid());
}

/*
 * A stanza where no log rotates: the scripts that are not run say so
 * (prerotate and postrotate only with sharedscripts and no error, as in
 * rotateLogSet).
 */
static void
report_not_running(const struct rplan_stanza *z)
{
	const struct rconf_log *c = z->conf;
	int shared = (c->flags & RCONF_SHAREDSCRIPTS) && !z->has_errors;

	if (c->script[RCONF_FIRSTACTION])
		diag_debug("not running first action script, since no logs "
		           "will be rotated");
	if (shared && c->script[RCONF_PREROTATE])
		diag_debug("not running prerotate script, since no logs will "
		           "be rotated");
	if (shared && c->script[RCONF_POSTROTATE])
		diag_debug("not running postrotate script, since no logs were "
		           "rotated");
	if (c->script[RCONF_LASTACTION])
		diag_debug("not running last action script, since no logs "
		           "will be rotated");
}

/*
 * What -d and -v print for stanza i, and the errors of its logs whose
 * destination exists.  Under -d, before nothing runs, with all its steps;
 * otherwise just before it runs, and each step as it comes to run
 * (report_run_step), so that script output and errors come where
 * logrotate prints them.
 */
void
report_plan_stanza(void *ctx, size_t i)
{
	const struct plan_report *r = ctx;
	const struct rplan_stanza *z = &r->plan->stanzas[i];
	size_t j;

	report_stanza(r->o, z->conf);
	if (z->conf->flags & RCONF_SU)
		report_su(getuid(), z->conf->su_uid, getgid(), z->conf->su_gid);
	for (j = 0; j < z->nlogs; j++)
		report_log(&z->logs[j], z->conf, &r->now);
	if (z->nrotate == 0)
		report_not_running(z);
	if (r->o->debug)
		for (j = 0; j < z->nsteps; j++)
			report_step(r->o, &z->steps[j], z->conf);
	for (j = 0; j < z->nlogs; j++)
		if (z->logs[j].dest)
			diag_error("destination %s already exists, "
			           "skipping rotation",
			    z->logs[j].dest);
}

/* The end of stanza i: under su, the switch back to the invoker's ids. */
void
report_stanza_end(void *ctx, size_t i)
{
	const struct plan_report *r = ctx;
	const struct rconf_log *c = r->plan->stanzas[i].conf;

	if (c->flags & RCONF_SU)
		report_su(c->su_uid, getuid(), c->su_gid, getgid());
}

void
report_run_step(void *ctx, size_t i, const struct rplan_step *s)
{
	const struct plan_report *r = ctx;

	report_step(r->o, s, r->plan->stanzas[i].conf);
}

/* A step done: the journal marks it, for a run that is killed later. */
void
report_step_done(void *ctx, size_t i, size_t k)
{
	const struct plan_report *r = ctx;

	if (r->journal != NULL)
		rjournal_mark(r->journal, i, k);
}

/* The end of a run: the summary and --metrics (see rotate_int.h). */
int
finish_run(const struct rotate_opts *o, struct rmetrics *m, int rc, uint64_t t0)
{
	struct hr_error err = HR_ERROR_INIT;
	struct sbuf sb = SBUF_INIT;
	int verbose = diag_verbose();

	m->duration = (double)(hr_mono_ns() - t0) / 1e9;
	m->exit_status = rc;
	m->errors = diag_count(DIAG_ERROR);
	if (o->debug)
		return rc;
	if (o->verbose || diag_journal()) {
		rmetrics_summary(m, &sb);
		diag_set_verbose(1);
		diag_debug("%s", sb.buf);
		diag_set_verbose(verbose);
	}
	sbuf_release(&sb);
	if (o->metrics && rmetrics_write(m, o->metrics, &err) < 0) {
		diag_error("cannot write metrics file %s: %s", o->metrics,
		    hr_error_text(&err));
		rc = rc ? rc : 1;
	}
	hr_error_release(&err);
	return rc;
}
