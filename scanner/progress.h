/*
 * progress: entries, bytes, rate and a directory in work, on standard
 * error, at most 10 times a second, from a thread of its own while the
 * walk runs (scan_main's --progress).
 *
 *	struct progress pr = { 0 };
 *	progress_start(&pr, w);  ... walk ...  progress_stop(&pr);
 */
#ifndef HR_PROGRESS_H
#define HR_PROGRESS_H

#include <pthread.h>

#include "scanner/walk.h"

struct progress {
	struct walk *w; /* NULL: not started */
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int stop;
};

/* Starts the reporter for w (nothing happens if the thread cannot start). */
void progress_start(struct progress *pr, struct walk *w);
/* Stops it and clears its line.  Fine when it never started. */
void progress_stop(struct progress *pr);

#endif
