/*
 * plan_test_util: what the planner's tests share: a fake clock, file
 * system and state file behind struct rplan_seams, stanzas with
 * logrotate's defaults, and the steps of a plan rendered as text.
 */
#ifndef HR_PLAN_TEST_UTIL_H
#define HR_PLAN_TEST_UTIL_H

#include <sys/stat.h>

#include <stddef.h>
#include <time.h>

#include "rotate/plan.h"

/* Monday 2026-11-30 20:10:00 UTC. */
#define NOW ((time_t)1796069400)
#define DAY 86400

struct ffile {
	char path[256];
	struct stat st;
};

struct fstate {
	char path[256];
	struct tm last;
};

/*
 * The fake file system and state file; reset() empties both.  fs_avail
 * and fs_total are the free space and the size of the file system that
 * holds every file (reset() makes both 0).
 */
extern struct ffile files[64];
extern size_t nfiles;
extern struct fstate states[64];
extern size_t nstates;
extern unsigned long long fs_avail, fs_total;
/*
 * The fake world: NOW, the files above (a directory exists when it is
 * registered or something is in it), the state entries above (a log
 * without one gets a new entry, NOW rounded down to the hour), and the
 * free space above.
 */
extern const struct rplan_seams seams;

void reset(void);
/* Adds a node at path; returns its stat to adjust. */
struct stat *add_node(const char *path, mode_t mode, off_t size, time_t mtime);
/* A regular file 0644, modified an hour ago. */
struct stat *add_file(const char *path, off_t size);
/* A state entry "Y-M-D-h:m:s" in UTC. */
void add_state(const char *path, const char *when);

/* A stanza with logrotate's defaults (reference 2), gzip compression. */
struct rconf_log *stanza(const char *pattern, const char *const *logs);
void stanza_free(struct rconf_log *c);
/* Plans one stanza; returns rplan_build's result. */
int plan_one(struct rplan *plan, struct rconf_log *c, unsigned flags);
/* The same in the world of s. */
int plan_with(struct rplan *plan, struct rconf_log *c,
    const struct rplan_seams *s, unsigned flags);

/* Renders the steps as lines "KIND src [dst]" for comparison. */
char *render(const struct rplan_stanza *z);
/* Plans c (and frees it) and fails unless its steps render as want. */
void expect_steps(struct rconf_log *c, unsigned flags, const char *want);

/* The one log /l/a.log. */
extern const char *const one_log[];

#endif
