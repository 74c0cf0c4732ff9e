/*
 * conf_dump: reads logrotate configuration files with conf_read and prints
 * what logrotate -d prints about them, so the two can be compared:
 *
 *	conf_dump [-r] CONFIG...
 *
 * Parser messages go to stdout with logrotate's prefixes ("error: ",
 * "warning: ", none for debug), then one "rotating pattern: P" line per
 * stanza followed by "considering log F" per file.  -r applies the checks
 * made when running as root.  Exit status 1 when conf_read failed.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "lib/diag.h"
#include "rotate/conf_parse.h"

static void
report(void *ctx, enum diag_level level, const char *text)
{
	const char *prefix = "";

	(void)ctx;
	if (level == DIAG_WARNING)
		prefix = "warning: ";
	else if (level == DIAG_ERROR)
		prefix = "error: ";
	printf("%s%s\n", prefix, text);
}

int
main(int argc, char **argv)
{
	struct rconf conf = RCONF_INIT;
	struct conf_opts opts = { { report, NULL }, 0 };
	size_t i, j;
	int first = 1, rc;

	if (argc > 1 && strcmp(argv[1], "-r") == 0) {
		opts.as_root = 1;
		first = 2;
	}
	rc = conf_read(&conf, (const char *const *)argv + first,
	    (size_t)(argc - first), &opts);
	for (i = 0; i < conf.nlogs; i++) {
		printf("rotating pattern: %s\n", conf.logs[i]->pattern);
		for (j = 0; j < conf.logs[i]->nfiles; j++)
			printf("considering log %s\n", conf.logs[i]->files[j]);
	}
	rconf_release(&conf);
	if (fflush(stdout) != 0)
		return 2;
	return rc < 0 ? 1 : 0;
}
