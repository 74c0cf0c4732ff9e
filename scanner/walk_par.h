/*
 * walk_par: the parallel walker (the default), driven by walk.c.  A pool
 * runs w->workers[0 .. nworkers-1] (the last worker is walk.c's own); it
 * accounts every entry through account.h.
 *
 *	walk_par_plan(w);		// w->nworkers, descriptors per worker
 *	... allocate w->workers ...
 *	walk_par_start(w);		// the pool of workers
 *	walk_par_tree(w, dir, fd);	// each PATH that is a directory
 *	pool_free(w->pool);
 */
#ifndef HR_WALK_PAR_H
#define HR_WALK_PAR_H

#include "scanner/account.h"

/*
 * Sets w->nworkers from w->o.nthreads (0: a default for w->ncpu) and the
 * descriptor limit, and starts measuring how busy the walk keeps the
 * cores.
 */
void walk_par_plan(struct walk *w);
/* Starts the pool over w->workers[0 .. nworkers-1], with their buffers. */
void walk_par_start(struct walk *w);
/* Walks the subtree of dir, open on fd (closed when done), to its end. */
void walk_par_tree(struct walk *w, struct scan_dir *dir, int fd);

#endif
