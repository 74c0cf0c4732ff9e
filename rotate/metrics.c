/*
 * metrics: the Prometheus exposition of a run (see metrics.h).  Reads the
 * plan and the state after the run; the only file it changes is the
 * metrics file, through fsutil_replace.
 */
#include "config.h"

#include <sys/stat.h>
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/fsutil.h"
#include "lib/quote.h"
#include "lib/units.h"
#include "lib/xalloc.h"
#include "rotate/metrics.h"

/* The most of an earlier file read to carry failures over. */
#define CARRY_MAX (64u << 20)

static const char failure_name[] =
    "headroom_rotate_log_last_failure_timestamp_seconds";

/* The longest time each criterion lets pass between rotations. */
static long
period_of(const struct rconf_log *c)
{
	switch (c->criterion) {
	case RCONF_HOURLY:
		return 3600;
	case RCONF_DAILY:
		return 86400;
	case RCONF_WEEKLY:
		return 7 * 86400;
	case RCONF_MONTHLY:
		return 31 * 86400;
	case RCONF_YEARLY:
		return 366 * 86400;
	case RCONF_SIZE:
		break;
	}
	return 0;
}

static int
log_failed(const struct rplan_log *l, const struct rstate_entry *e)
{
	if (l->error)
		return 1;
	if (l->rotate || l->resumed == RPLAN_RESUME_STEPS)
		return e == NULL || !e->rotated;
	return 0;
}

static time_t
entry_time(const struct rstate_entry *e)
{
	struct tm tm = e->last;

	tm.tm_isdst = -1;
	return mktime(&tm);
}

static void
collect_log(struct rmetrics *m, const struct rplan_log *l,
    const struct rconf_log *c, struct rstate *st)
{
	struct rstate_entry *e = rstate_find(st, l->path);
	struct rmetrics_log *r;
	struct stat sb;

	XGROW(m->logs, m->nlogs + 1, m->alloc);
	r = &m->logs[m->nlogs++];
	memset(r, 0, sizeof(*r));
	r->path = xstrdup(l->path);
	if (e != NULL)
		r->last_rotated = entry_time(e);
	if (lstat(l->path, &sb) == 0 && S_ISREG(sb.st_mode)) {
		r->has_bytes = 1;
		r->bytes = (unsigned long long)sb.st_size;
	}
	if (log_failed(l, e))
		r->last_failure = m->start;
	r->maxsize = c->maxsize;
	r->period = period_of(c);
	/* An entry re-dated from the journal (RPLAN_RESUME_DONE) is not. */
	if (e != NULL && e->rotated && !l->error &&
	    (l->planned || l->resumed == RPLAN_RESUME_STEPS))
		m->rotated++;
	if (l->planned && l->fs_low)
		m->minfree_logs++;
}

void
rmetrics_collect(
    struct rmetrics *m, const struct rplan *plan, struct rstate *st)
{
	size_t i, j;

	for (i = 0; i < plan->nstanzas; i++) {
		const struct rplan_stanza *z = &plan->stanzas[i];

		for (j = 0; j < z->nlogs; j++)
			collect_log(m, &z->logs[j], z->conf, st);
	}
}

/* One carried-over failure: the label as written, and its value. */
struct carried {
	char *label;
	double value;
};

static int
carried_cmp(const void *a, const void *b)
{
	return strcmp(((const struct carried *)a)->label,
	    ((const struct carried *)b)->label);
}

/*
 * The failure line at line, if it is one: its label text (escaped, as
 * written) and value.  Returns 0 or -1.
 */
static int
parse_failure(const char *line, const char *end, struct carried *c)
{
	const char *p = line + sizeof(failure_name) - 1, *q;
	char *num, *stop;

	if ((size_t)(end - line) < sizeof(failure_name) + 6 ||
	    memcmp(line, failure_name, sizeof(failure_name) - 1) != 0 ||
	    strncmp(p, "{log=\"", 6) != 0)
		return -1;
	p += 6;
	for (q = p; q < end && *q != '"'; q++)
		if (*q == '\\' && q + 1 < end)
			q++;
	if (end - q < 3 || strncmp(q, "\"} ", 3) != 0)
		return -1;
	num = xstrndup(q + 3, (size_t)(end - q - 3));
	c->value = strtod(num, &stop);
	if (stop == num || *stop != '\0') {
		free(num);
		return -1;
	}
	free(num);
	c->label = xstrndup(p, (size_t)(q - p));
	return 0;
}

void
rmetrics_carry(struct rmetrics *m, const char *text)
{
	struct carried *v = NULL, key, *hit;
	struct sbuf label = SBUF_INIT;
	size_t n = 0, alloc = 0, i;
	const char *line, *nl;

	for (line = text; *line; line = nl + 1) {
		nl = strchr(line, '\n');
		if (nl == NULL)
			nl = line + strlen(line);
		XGROW(v, n + 1, alloc);
		if (parse_failure(line, nl, &v[n]) == 0)
			n++;
		if (*nl == '\0')
			break;
	}
	if (n > 0)
		qsort(v, n, sizeof(*v), carried_cmp);
	for (i = 0; i < m->nlogs && n > 0; i++) {
		if (m->logs[i].last_failure != 0)
			continue;
		sbuf_setlen(&label, 0);
		quote_prom_label(&label, m->logs[i].path);
		key.label = label.buf;
		hit = bsearch(&key, v, n, sizeof(*v), carried_cmp);
		if (hit != NULL && hit->value > 0)
			m->logs[i].last_failure = (time_t)hit->value;
	}
	for (i = 0; i < n; i++)
		free(v[i].label);
	free(v);
	sbuf_release(&label);
}

static void
header(struct sbuf *out, const char *name, const char *help)
{
	sbuf_addf(out, "# HELP %s %s\n# TYPE %s gauge\n", name, help, name);
}

static void
format_run(const struct rmetrics *m, struct sbuf *out)
{
	static const char p[] = "headroom_rotate_run_";

	header(out, "headroom_rotate_run_timestamp_seconds",
	    "When the last run started, in seconds since the epoch.");
	sbuf_addf(out, "%stimestamp_seconds %lld\n", p, (long long)m->start);
	header(out, "headroom_rotate_run_duration_seconds",
	    "How long the last run took.");
	sbuf_addf(out, "%sduration_seconds %.6f\n", p, m->duration);
	header(out, "headroom_rotate_run_exit_status",
	    "The exit status of the last run (0: success).");
	sbuf_addf(out, "%sexit_status %d\n", p, m->exit_status);
	header(
	    out, "headroom_rotate_run_errors", "Errors the last run reported.");
	sbuf_addf(out, "%serrors %lu\n", p, m->errors);
	header(out, "headroom_rotate_run_rotated_logs",
	    "Logs the last run rotated.");
	sbuf_addf(out, "%srotated_logs %lu\n", p, m->rotated);
	header(out, "headroom_rotate_run_compress_read_bytes",
	    "Bytes of logs the last run compressed.");
	sbuf_addf(out, "%scompress_read_bytes %llu\n", p, m->comp_read);
	header(out, "headroom_rotate_run_compress_written_bytes",
	    "Bytes of compressed files the last run wrote.");
	sbuf_addf(out, "%scompress_written_bytes %llu\n", p, m->comp_written);
	header(out, "headroom_rotate_run_minfree_rotated_logs",
	    "Logs the last run rotated because their file system had less "
	    "free space than minfree.");
	sbuf_addf(out, "%sminfree_rotated_logs %lu\n", p, m->minfree_logs);
	header(out, "headroom_rotate_run_minfree_removed_files",
	    "Old generations the last run removed to meet minfree.");
	sbuf_addf(out, "%sminfree_removed_files %lu\n", p, m->minfree_removed);
}

/* The per-log series of one metric. */
enum log_field { LF_LAST, LF_BYTES, LF_FAILURE, LF_MAXSIZE, LF_PERIOD };

static const struct {
	const char *name, *help;
} log_metric[] = {
	{ "headroom_rotate_log_last_rotated_timestamp_seconds",
	    "When the log was last rotated, from the state file." },
	{ "headroom_rotate_log_bytes", "Size of the active log." },
	{ "headroom_rotate_log_last_failure_timestamp_seconds",
	    "When rotating the log last failed (0: never)." },
	{ "headroom_rotate_log_maxsize_bytes",
	    "The log's maxsize: it rotates early above it." },
	{ "headroom_rotate_log_period_seconds",
	    "The longest time between rotations its criterion allows." },
};

/* Whether log l has a value for field f, and which, in *v. */
static int
log_value(const struct rmetrics_log *l, enum log_field f, long long *v)
{
	switch (f) {
	case LF_LAST:
		*v = (long long)l->last_rotated;
		return l->last_rotated != 0;
	case LF_BYTES:
		*v = (long long)l->bytes;
		return l->has_bytes;
	case LF_FAILURE:
		*v = (long long)l->last_failure;
		return 1;
	case LF_MAXSIZE:
		*v = (long long)l->maxsize;
		return l->maxsize != 0;
	case LF_PERIOD:
		*v = l->period;
		return l->period != 0;
	}
	return 0;
}

static void
format_logs(const struct rmetrics *m, enum log_field f, struct sbuf *out)
{
	size_t i, said = 0;
	long long v;

	for (i = 0; i < m->nlogs; i++) {
		if (!log_value(&m->logs[i], f, &v))
			continue;
		if (said++ == 0)
			header(out, log_metric[f].name, log_metric[f].help);
		sbuf_addf(out, "%s{log=\"", log_metric[f].name);
		quote_prom_label(out, m->logs[i].path);
		sbuf_addf(out, "\"} %lld\n", v);
	}
}

void
rmetrics_format(const struct rmetrics *m, struct sbuf *out)
{
	format_run(m, out);
	format_logs(m, LF_LAST, out);
	format_logs(m, LF_BYTES, out);
	format_logs(m, LF_FAILURE, out);
	format_logs(m, LF_MAXSIZE, out);
	format_logs(m, LF_PERIOD, out);
}

/* path's content when it is a regular file we may read, else "". */
static char *
read_previous(const char *path)
{
	struct sbuf sb = SBUF_INIT;
	struct stat st;
	char buf[65536];
	ssize_t r;
	int fd;

	fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
		while (sb.len < CARRY_MAX &&
		    ((r = read(fd, buf, sizeof(buf))) > 0 ||
		        (r < 0 && errno == EINTR)))
			if (r > 0)
				sbuf_add(&sb, buf, (size_t)r);
	}
	if (fd >= 0)
		close(fd);
	return sbuf_detach(&sb);
}

int
rmetrics_write(struct rmetrics *m, const char *path, struct hr_error *err)
{
	struct sbuf out = SBUF_INIT;
	char *prev = read_previous(path);
	int rc;

	rmetrics_carry(m, prev);
	free(prev);
	rmetrics_format(m, &out);
	rc = fsutil_replace(path, out.buf, out.len, 0644, err);
	sbuf_release(&out);
	return rc;
}

void
rmetrics_summary(const struct rmetrics *m, struct sbuf *out)
{
	char in[UNITS_HUMAN_MAX], outb[UNITS_HUMAN_MAX];

	sbuf_addf(
	    out, "rotated %lu log%s", m->rotated, m->rotated == 1 ? "" : "s");
	if (m->comp_read > 0)
		sbuf_addf(out, ", compressed %s to %s",
		    units_format_human(m->comp_read, 0, in),
		    units_format_human(m->comp_written, 0, outb));
	if (m->minfree_removed > 0)
		sbuf_addf(out, ", removed %lu old log%s for minfree",
		    m->minfree_removed, m->minfree_removed == 1 ? "" : "s");
	sbuf_addf(out, ", %.2f seconds, %lu error%s", m->duration, m->errors,
	    m->errors == 1 ? "" : "s");
}

void
rmetrics_release(struct rmetrics *m)
{
	size_t i;

	for (i = 0; i < m->nlogs; i++)
		free(m->logs[i].path);
	free(m->logs);
	m->logs = NULL;
	m->nlogs = m->alloc = 0;
}
