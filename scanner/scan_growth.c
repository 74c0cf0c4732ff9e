/*
 * scan_growth: the parts of a scan that look beyond one moment: what was
 * written within --since, how the tree and the file systems changed
 * since a saved scan (--diff), saving this one (--save), and what can be
 * freed (the Reclaimable section).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "scanner/scan_run.h"
#include "scanner/snapshot.h"

int
scan_full_report(enum scan_format f)
{
	return f == FORMAT_TEXT || f == FORMAT_JSON || f == FORMAT_PROM;
}

void
growth_sinks(struct scan_run *s, size_t *n)
{
	struct scan_opts *o = s->o;

	if (scan_full_report(o->format))
		s->rank.logs = &s->logs;
	if (o->since == 0)
		return;
	recent_init(&s->recent, (int64_t)s->start.tv_sec - (int64_t)o->since,
	    o->since, o->maxdepth, o->top, o->measure);
	s->sinks[(*n)++] = (struct sink){ &recent_ops, &s->recent };
}

void
growth_report(struct scan_run *s)
{
	struct scan_opts *o = s->o;
	struct reclaim_source rs = { NULL, &s->logs, &s->rank, s->rep.fs,
		s->rep.nfs, "/proc", s->rep.now, o->top };

	if (!scan_full_report(o->format))
		return;
	if (o->since > 0) {
		recent_finish(&s->recent, o->top);
		s->rep.recent = &s->recent;
	}
	if (o->hist->diff) {
		struct diff_source ds = { &o->hist->snap, s->roots, o->npaths,
			s->rep.fs, s->rep.nfs, s->start.tv_sec,
			s->start.tv_nsec, o->maxdepth, o->top };

		diff_build(&s->diff, &ds);
		s->rep.diff = &s->diff;
		s->rep.diff_file = o->hist->diff_path.buf;
	}
	logs_finish(&s->logs);
	if (s->rep.deleted_checked)
		rs.deleted = &s->rep.deleted;
	reclaim_build(&s->reclaim, &rs);
	s->rep.reclaim = &s->reclaim;
}

int
growth_save(struct scan_run *s, struct hr_error *err)
{
	struct scan_opts *o = s->o;
	struct snap_source src = { s->roots, o->npaths, s->rep.fs, s->rep.nfs,
		s->start.tv_sec, s->start.tv_nsec, s->host };

	return o->hist->save ? history_save(o->hist, &src, err) : 0;
}

void
growth_release(struct scan_run *s)
{
	if (s->o->since > 0)
		recent_release(&s->recent);
	logs_release(&s->logs);
	diff_release(&s->diff);
	reclaim_release(&s->reclaim);
}
