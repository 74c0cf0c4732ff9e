/*
 * rconf: defaults, copies and releases of parsed stanzas.
 *
 * rconf_log_copy() is logrotate's copyLogInfo(): what a stanza inherits from
 * the global defaults in force when its header is read (reference 3.3).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lib/strvec.h"
#include "lib/xalloc.h"
#include "rotate/rconf.h"

void
rconf_log_defaults(struct rconf_log *log)
{
	memset(log, 0, sizeof(*log));
	log->flags = RCONF_IFEMPTY;
	log->criterion = RCONF_SIZE;
	log->size_threshold = 1048576;
	log->rotate = 0;
	log->start = 1;
	log->create.mode = 0;
	log->create.uid = (uid_t)-1;
	log->create.gid = (gid_t)-1;
	/*
	 * 3.21 makes a createolddir directory without a mode 07777; headroom
	 * follows the 3.22 fix (0755).  has_mode stays 0: "not given".
	 */
	log->createolddir.mode = 0755;
	log->createolddir.uid = (uid_t)-1;
	log->createolddir.gid = (gid_t)-1;
	log->su_uid = (uid_t)-1;
	log->su_gid = (gid_t)-1;
}

static char *
dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

void
rconf_log_copy(struct rconf_log *dst, const struct rconf_log *src)
{
	int i;

	*dst = *src;
	dst->pattern = NULL;
	dst->conf_file = NULL;
	dst->conf_line = 0;
	dst->files = NULL;
	dst->nfiles = 0;
	dst->addextension = NULL;
	dst->olddir = dup_or_null(src->olddir);
	dst->su_user = dup_or_null(src->su_user);
	dst->su_group = dup_or_null(src->su_group);
	dst->compresscmd = dup_or_null(src->compresscmd);
	dst->uncompresscmd = dup_or_null(src->uncompresscmd);
	dst->compressext = dup_or_null(src->compressext);
	dst->compressoptions = strv_dup(src->compressoptions);
	dst->extension = dup_or_null(src->extension);
	dst->dateformat = dup_or_null(src->dateformat);
	dst->mail = dup_or_null(src->mail);
	for (i = 0; i < RCONF_NSCRIPTS; i++)
		dst->script[i] = dup_or_null(src->script[i]);
}

void
rconf_log_release(struct rconf_log *log)
{
	int i;

	free(log->pattern);
	free(log->conf_file);
	strv_free(log->files);
	free(log->olddir);
	free(log->su_user);
	free(log->su_group);
	free(log->compresscmd);
	free(log->uncompresscmd);
	free(log->compressext);
	strv_free(log->compressoptions);
	free(log->extension);
	free(log->addextension);
	free(log->dateformat);
	free(log->mail);
	for (i = 0; i < RCONF_NSCRIPTS; i++)
		free(log->script[i]);
	memset(log, 0, sizeof(*log));
}

void
rconf_release(struct rconf *conf)
{
	size_t i;

	for (i = 0; i < conf->nlogs; i++) {
		rconf_log_release(conf->logs[i]);
		free(conf->logs[i]);
	}
	free(conf->logs);
	conf->logs = NULL;
	conf->nlogs = conf->alloc = 0;
	conf->failed = 0;
}

unsigned long long
rconf_minfree_bytes(const struct rconf_log *c, unsigned long long total)
{
	if (c->minfree_pct > 0)
		return total / 100 * c->minfree_pct +
		    total % 100 * c->minfree_pct / 100;
	return c->minfree;
}
