/*
 * rconf: a parsed logrotate configuration, as pure data.
 *
 * conf_read() (conf_read.c: files and includes) fills it, through the
 * byte loop of conf_parse.c, the directives of conf_directives.c and the
 * globs of expand.c.  The planner (rplan_build() in plan_build.c) and
 * the executor (through each planned stanza's conf) read it.  Nothing
 * here touches the file system.
 *
 * One struct rconf_log per stanza ("/var/log/nginx/access.log { ... }"), in
 * configuration order.  Each starts as a copy of the global defaults in
 * force when its header was read (logrotate's inheritance, reference 3.3);
 * rconf_log_copy() is that copy, so a new field must be added there too.
 */
#ifndef HR_RCONF_H
#define HR_RCONF_H

#include <sys/types.h>

#include <stddef.h>

/* What makes a log due (reference 5).  The last one given wins. */
enum rconf_criterion {
	RCONF_SIZE, /* default: rotate when size >= size_threshold */
	RCONF_HOURLY,
	RCONF_DAILY,
	RCONF_WEEKLY, /* on weekday, or every 7 days with weekday 7 */
	RCONF_MONTHLY,
	RCONF_YEARLY,
};

/* Boolean directives; a `no...` form clears the bit. */
enum rconf_flags {
	RCONF_COMPRESS = 1 << 0,
	RCONF_DELAYCOMPRESS = 1 << 1,
	RCONF_COPY = 1 << 2,
	RCONF_COPYTRUNCATE = 1 << 3,
	RCONF_RENAMECOPY = 1 << 4,
	RCONF_CREATE = 1 << 5,
	RCONF_IFEMPTY = 1 << 6, /* default on; notifempty clears */
	RCONF_MISSINGOK = 1 << 7,
	RCONF_SHAREDSCRIPTS = 1 << 8,
	RCONF_DATEEXT = 1 << 9,
	RCONF_DATEYESTERDAY = 1 << 10,
	RCONF_DATEHOURAGO = 1 << 11,
	RCONF_MAILFIRST = 1 << 12, /* clear = maillast (the default) */
	RCONF_SHRED = 1 << 13,
	RCONF_ALLOWHARDLINK = 1 << 14,
	RCONF_IGNOREDUPLICATES = 1 << 15,
	RCONF_CREATEOLDDIR = 1 << 16,
	RCONF_SU = 1 << 17,
};

/* `create [mode] [owner [group]]` and `createolddir`: each part optional. */
struct rconf_owner {
	mode_t mode;
	uid_t uid;
	gid_t gid;
	unsigned has_mode : 1, has_uid : 1, has_gid : 1;
};

enum rconf_script {
	RCONF_FIRSTACTION,
	RCONF_PREROTATE,
	RCONF_POSTROTATE,
	RCONF_LASTACTION,
	RCONF_PREREMOVE,
	RCONF_NSCRIPTS
};

struct rconf_log {
	/*
	 * The header's raw text, as logrotate keeps it: quotes and the blanks
	 * before '{' included.  $1 of shared scripts and first/lastaction.
	 */
	char *pattern;
	char *conf_file; /* file and line of the header, for messages */
	long conf_line;

	/* Concrete log paths after glob expansion, in glob order, then NULL. */
	char **files;
	size_t nfiles;

	unsigned flags; /* enum rconf_flags */
	enum rconf_criterion criterion;
	int weekday; /* weekly: 0 = Sunday .. 6, 7 = every 7 days */
	unsigned long long size_threshold; /* RCONF_SIZE; default 1048576 */
	unsigned long long minsize;        /* 0 = unset */
	unsigned long long maxsize;        /* 0 = unset */
	int rotate;          /* generations kept; 0 default; -1 keep all */
	int start;           /* first index; default 1 */
	long minage, maxage; /* days; 0 = unset */
	int shredcycles;     /* 0 = shred's default */
	/*
	 * minfree (a headroom extension): the free space wanted on the
	 * log's file system, in bytes or in percent (1 to 99) of its size;
	 * 0 = unset.
	 */
	unsigned long long minfree;
	unsigned minfree_pct;

	struct rconf_owner create;
	struct rconf_owner createolddir;
	char *olddir; /* as written (relative, ~ expanded); or NULL */

	char *su_user, *su_group; /* RCONF_SU */
	uid_t su_uid;
	gid_t su_gid;

	char *compresscmd; /* NULL until a header fills the default */
	char *uncompresscmd;
	char *compressext;
	char **compressoptions; /* argv words (popt quoting), NULL-ended */
	char *extension;
	char *addextension; /* stanza-local: never inherited */
	char *dateformat;   /* NULL = "-%Y%m%d" ("-%Y%m%d%H" hourly) */
	char *mail;         /* address, or NULL (nomail) */

	char *script[RCONF_NSCRIPTS]; /* verbatim bodies, or NULL */
};

struct rconf {
	struct rconf_log **logs; /* stanzas in configuration order */
	size_t nlogs, alloc;
	/*
	 * 1 when any error was met while reading (logrotate's exit status 1);
	 * warnings and ignored lines leave it 0.
	 */
	int failed;
};

#define RCONF_INIT                                                             \
	{                                                                      \
		NULL, 0, 0, 0                                                  \
	}

/* Sets *log to logrotate's compiled-in defaults (reference 2). */
void rconf_log_defaults(struct rconf_log *log);
/*
 * Deep copy of src into dst (freshly allocated strings and arrays), except
 * what logrotate does not copy: files, pattern and addextension.
 */
void rconf_log_copy(struct rconf_log *dst, const struct rconf_log *src);
void rconf_log_release(struct rconf_log *log);

void rconf_release(struct rconf *conf);

/*
 * The free bytes c's minfree asks for on a file system of total bytes;
 * 0 when c has no minfree.
 */
unsigned long long rconf_minfree_bytes(
    const struct rconf_log *c, unsigned long long total);

#endif
