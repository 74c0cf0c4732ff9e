/*
 * plan_describe: the wording of a plan for -d and -v, as logrotate 3.21
 * words its decisions and operations.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/sbuf.h"
#include "lib/units.h"
#include "rotate/plan.h"
#include "rotate/plan_int.h"

const char *
rplan_script_name(enum rconf_script script)
{
	static const char *const names[] = { "first action", "prerotate",
		"postrotate", "last action", "preremove" };

	if ((unsigned)script < sizeof(names) / sizeof(names[0]))
		return names[script];
	return "script";
}

static const char *
criterion_span(enum rconf_criterion c)
{
	switch (c) {
	case RCONF_HOURLY:
		return "an hour";
	case RCONF_DAILY:
		return "a day";
	case RCONF_WEEKLY:
		return "a week";
	case RCONF_MONTHLY:
		return "a month";
	case RCONF_YEARLY:
		return "a year";
	case RCONF_SIZE:
		break;
	}
	return "the size threshold";
}

/* The wording of the reasons that are not a scheduling decision. */
static void
reason_describe_other(
    const struct rplan_log *l, const struct rconf_log *c, struct sbuf *out)
{
	char *dir;

	switch (l->reason) {
	case RPLAN_MISSING_OK:
		sbuf_addf(out, "log %s does not exist -- skipping", l->path);
		break;
	case RPLAN_SYMLINK:
		sbuf_addf(out,
		    "log %s is symbolic link. Rotation of symbolic links is "
		    "not allowed to avoid security issues -- skipping.",
		    l->path);
		break;
	case RPLAN_HARDLINK:
		sbuf_addf(out,
		    "log %s has multiple (%lu) hard links. Rotation of files "
		    "with multiple hard links is not allowed for %s -- "
		    "skipping.",
		    l->path, (unsigned long)l->st.st_nlink, c->pattern);
		break;
	case RPLAN_STAT_FAILED:
		sbuf_addf(
		    out, "stat of %s failed: %s", l->path, strerror(l->errnum));
		break;
	case RPLAN_DIR_STAT_FAILED:
		dir = plan_path_dir(l->path);
		sbuf_addf(
		    out, "stat of %s failed: %s", dir, strerror(l->errnum));
		free(dir);
		break;
	case RPLAN_NOT_REGULAR:
		sbuf_addf(
		    out, "log %s is not a regular file -- skipping", l->path);
		break;
	case RPLAN_INSECURE_DIR:
		sbuf_addf(out,
		    "skipping \"%s\" because parent directory has insecure "
		    "permissions (It's world writable or writable by group "
		    "which is not \"root\") Set \"su\" directive in config "
		    "file to tell logrotate which user/group should be used "
		    "for rotation.",
		    l->path);
		break;
	default:
		break;
	}
}

/* "log needs rotating (its file system has 4.0M free, ...)". */
static void
describe_minfree(
    const struct rplan_log *l, const struct rconf_log *c, struct sbuf *out)
{
	char avail[UNITS_HUMAN_MAX], want[UNITS_HUMAN_MAX];

	units_format_human(l->fs_avail, 0, avail);
	units_format_human(l->fs_want, 0, want);
	sbuf_addf(out,
	    "log needs rotating (its file system has %s free, less than "
	    "'minfree' ",
	    avail);
	if (c->minfree_pct > 0)
		sbuf_addf(out, "%u%%: %s)", c->minfree_pct, want);
	else
		sbuf_addf(out, "%s)", want);
}

void
rplan_reason_describe(
    const struct rplan_log *l, const struct rconf_log *c, struct sbuf *out)
{
	static const char no[] = "log does not need rotating ";
	static const char minsize_why[] =
	    "('minsize' directive is used and the log size is smaller than "
	    "the minsize value)";
	static const char minage_why[] =
	    "('minage' directive is used and the log age is smaller than the "
	    "minage days)";
	struct tm tm;

	switch (l->reason) {
	case RPLAN_MINFREE:
		describe_minfree(l, c, out);
		break;
	case RPLAN_FORCED:
	case RPLAN_MAXSIZE:
	case RPLAN_SIZE:
	case RPLAN_FUTURE:
	case RPLAN_DUE:
		sbuf_adds(out, "log needs rotating");
		break;
	case RPLAN_BELOW_SIZE:
		sbuf_addf(
		    out, "%s(log size is below the 'size' threshold)", no);
		break;
	case RPLAN_SAME_HOUR:
		sbuf_addf(out, "%s(log has already been rotated)", no);
		break;
	case RPLAN_NOT_DUE:
		sbuf_addf(out,
		    "%s(log has been rotated at %d-%02d-%02d %02d:%02d, "
		    "which is less than %s ago)",
		    no, l->last.tm_year + 1900, l->last.tm_mon + 1,
		    l->last.tm_mday, l->last.tm_hour, l->last.tm_min,
		    criterion_span(c->criterion));
		break;
	case RPLAN_MINSIZE:
		sbuf_addf(out, "%s%s", no, minsize_why);
		break;
	case RPLAN_MINAGE:
		sbuf_addf(out, "%s%s", no, minage_why);
		break;
	case RPLAN_EMPTY:
		sbuf_addf(out, "%s(log is empty)", no);
		break;
	case RPLAN_NOT_URGENT:
		sbuf_addf(out,
		    "%s(--urgent-only: not due by size, maxsize or minfree)",
		    no);
		break;
	case RPLAN_RESUMED:
		localtime_r(&l->resumed_at, &tm);
		sbuf_addf(out,
		    "%s(its rotation of %d-%02d-%02d %02d:%02d was "
		    "interrupted: completing it)",
		    no, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
		    tm.tm_hour, tm.tm_min);
		break;
	default:
		reason_describe_other(l, c, out);
		break;
	}
	if (l->vetoes & RPLAN_VETO_MINSIZE)
		sbuf_addf(out, "\n%s%s", no, minsize_why);
	if (l->vetoes & RPLAN_VETO_MINAGE)
		sbuf_addf(out, "\n%s%s", no, minage_why);
}

/*
 * What logrotate's shred_file says when it removes s->src (an old log,
 * or the source of a compression): the preremove script, shred.  Each
 * line after the first that out has since start begins with a newline.
 */
static void
describe_removal(const struct rplan_step *s, const struct rconf_log *c,
    struct sbuf *out, size_t start)
{
	if (c->script[RCONF_PREREMOVE])
		sbuf_addf(out, "%srunning preremove script",
		    out->len > start ? "\n" : "");
	if (c->flags & RCONF_SHRED)
		sbuf_addf(out, "%sUsing shred to remove the file %s",
		    out->len > start ? "\n" : "", s->src);
}

void
rplan_step_describe(
    const struct rplan_step *s, const struct rconf_log *c, struct sbuf *out)
{
	static const char repair[] = "completing an interrupted rotation: ";
	size_t start = out->len;

	/* What logrotate prints after "compressing log with: ...". */
	if (s->kind == RSTEP_REMOVE && (s->flags & RSTEP_CHAINED)) {
		describe_removal(s, c, out, start);
		return;
	}
	if (s->kind == RSTEP_UNLINK && (s->flags & RSTEP_TEMP)) {
		sbuf_addf(out,
		    "removing %s, a temporary file of an interrupted run",
		    s->src);
		return;
	}
	if (s->phase == RPHASE_REPAIR)
		sbuf_adds(out, repair);
	switch (s->kind) {
	case RSTEP_RECOPY:
		sbuf_addf(out,
		    "copying %s to %s again, unless it was truncated after "
		    "that copy",
		    s->src, s->dst);
		break;
	case RSTEP_SCRIPT:
		sbuf_addf(
		    out, "running %s script", rplan_script_name(s->script));
		break;
	case RSTEP_COMPRESS:
		if (s->flags & RSTEP_IN_THE_WAY)
			sbuf_addf(out,
			    "compressing %s first, so that the rotation does "
			    "not overwrite it, with: %s",
			    s->src,
			    c->compresscmd ? c->compresscmd
			                   : HR_DEFAULT_COMPRESS);
		else if (s->phase == RPHASE_REPAIR)
			sbuf_addf(out, "compressing %s with: %s", s->src,
			    c->compresscmd ? c->compresscmd
			                   : HR_DEFAULT_COMPRESS);
		else
			sbuf_addf(out, "compressing log with: %s",
			    c->compresscmd ? c->compresscmd
			                   : HR_DEFAULT_COMPRESS);
		break;
	case RSTEP_RENAME:
		sbuf_addf(out, "renaming %s to %s", s->src, s->dst);
		break;
	case RSTEP_COPY:
		sbuf_addf(out, "copying %s to %s", s->src, s->dst);
		break;
	case RSTEP_COPYTRUNCATE:
		/* logrotate's two lines, each with the repair's prefix. */
		sbuf_addf(out, "copying %s to %s\n%struncating %s", s->src,
		    s->dst, s->phase == RPHASE_REPAIR ? repair : "", s->src);
		break;
	case RSTEP_WAIT:
		break;
	case RSTEP_TRUNCATE:
		sbuf_addf(out, "truncating %s", s->src);
		break;
	case RSTEP_CREATE:
		sbuf_addf(out, "creating new %s mode = 0%o uid = %lu gid = %lu",
		    s->src, (unsigned)s->mode, (unsigned long)s->uid,
		    (unsigned long)s->gid);
		break;
	case RSTEP_MAIL:
		sbuf_addf(out, "mailing log %s to %s", s->src, s->address);
		break;
	case RSTEP_REMOVE:
		sbuf_addf(out, "removing old log %s", s->src);
		if (s->flags & RSTEP_MINFREE)
			sbuf_adds(out,
			    " if its file system still has less "
			    "free space than 'minfree'");
		describe_removal(s, c, out, start);
		break;
	case RSTEP_UNLINK:
		sbuf_addf(out, "removing tmp log %s", s->src);
		break;
	}
}
