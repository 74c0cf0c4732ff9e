/*
 * progress: the line on standard error while a scan runs (see
 * progress.h).
 */
#include "config.h"

#include <pthread.h>
#include <time.h>

#include "lib/clock.h"
#include "lib/diag.h"
#include "lib/quote.h"
#include "lib/units.h"
#include "scanner/progress.h"

#define PROGRESS_NAME_MAX 48 /* bytes of the directory in work shown */

static void
progress_line(struct walk *w, struct walk_progress *p, double elapsed)
{
	char buf[UNITS_HUMAN_MAX];
	struct sbuf line = SBUF_INIT, name = SBUF_INIT;
	size_t i = 0;

	walk_progress(w, p);
	sbuf_addf(&line, "\r%llu entries, %s, %.0f entries/s  ",
	    (unsigned long long)p->entries, units_format_human(p->disk, 0, buf),
	    elapsed > 0 ? p->entries / elapsed : 0);
	quote_add(&name, p->current.buf, p->current.len, QUOTE_IF_NEEDED);
	/* The end of the path, cut at a character boundary. */
	if (name.len > PROGRESS_NAME_MAX) {
		i = name.len - PROGRESS_NAME_MAX;
		while (
		    i < name.len && ((unsigned char)name.buf[i] & 0xc0) == 0x80)
			i++;
		sbuf_adds(&line, "...");
	}
	sbuf_add(&line, name.buf + i, name.len - i);
	sbuf_adds(&line, "\033[K");
	diag_raw(line.buf);
	sbuf_release(&name);
	sbuf_release(&line);
}

static void *
progress_main(void *arg)
{
	struct progress *pr = arg;
	struct walk_progress p = { 0, 0, SBUF_INIT };
	struct timespec until;
	double t0 = hr_mono_seconds();

	pthread_mutex_lock(&pr->lock);
	while (!pr->stop) {
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += 100 * 1000 * 1000;
		if (until.tv_nsec >= 1000000000) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000;
		}
		pthread_cond_timedwait(&pr->cond, &pr->lock, &until);
		if (!pr->stop)
			progress_line(pr->w, &p, hr_mono_seconds() - t0);
	}
	pthread_mutex_unlock(&pr->lock);
	diag_raw("\r\033[K");
	sbuf_release(&p.current);
	return NULL;
}

void
progress_start(struct progress *pr, struct walk *w)
{
	pr->w = w;
	pr->stop = 0;
	pthread_mutex_init(&pr->lock, NULL);
	pthread_cond_init(&pr->cond, NULL);
	if (pthread_create(&pr->thread, NULL, progress_main, pr) != 0)
		pr->w = NULL;
}

void
progress_stop(struct progress *pr)
{
	if (pr->w == NULL)
		return;
	pthread_mutex_lock(&pr->lock);
	pr->stop = 1;
	pthread_cond_signal(&pr->cond);
	pthread_mutex_unlock(&pr->lock);
	pthread_join(pr->thread, NULL);
	pthread_cond_destroy(&pr->cond);
	pthread_mutex_destroy(&pr->lock);
}
