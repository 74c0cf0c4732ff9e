/*
 * headroom: the dispatcher.  `headroom scan ...` audits disk usage,
 * `headroom rotate ...` rotates logs; invoked as `logrotate` (a symlink),
 * headroom is `headroom rotate`.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "lib/diag.h"
#include "rotate/rotate_main.h"
#include "scanner/scan_main.h"

struct command {
	const char *name;
	int (*main)(int argc, char **argv);
	const char *summary;
};

static const struct command commands[] = {
	{ "rotate", rotate_main,
	    "rotate, compress and remove logs (logrotate)" },
	{ "scan", scan_main, "rank what fills a disk (du, ncdu)" },
};

static void
usage(FILE *fp)
{
	size_t i;

	fputs("usage: headroom COMMAND [ARGS...]\n"
	      "       headroom --version\n"
	      "       headroom help [COMMAND]\n\ncommands:\n",
	    fp);
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(
		    fp, "  %-8s %s\n", commands[i].name, commands[i].summary);
	fputs("\n`headroom help COMMAND` shows a command's options.\n", fp);
}

static const struct command *
find_command(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

static int
finish(int rc)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		diag_say("write error on standard output");
		return rc ? rc : 2;
	}
	return rc;
}

static int
help(int argc, char **argv)
{
	const struct command *c;
	char *hargv[] = { NULL, (char *)"--help", NULL };

	if (argc < 2) {
		usage(stdout);
		return 0;
	}
	c = find_command(argv[1]);
	if (c == NULL) {
		diag_say("unknown command '%s'", argv[1]);
		usage(stderr);
		return 2;
	}
	hargv[0] = argv[1];
	return c->main(2, hargv);
}

int
main(int argc, char **argv)
{
	const char *base = strrchr(argv[0], '/');
	const struct command *c;

	base = base ? base + 1 : argv[0];
	if (strcmp(base, "logrotate") == 0)
		return finish(rotate_main(argc, argv));
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (strcmp(argv[1], "--version") == 0 ||
	    strcmp(argv[1], "version") == 0) {
		printf("headroom %s\n", PACKAGE_VERSION);
		return finish(0);
	}
	if (strcmp(argv[1], "help") == 0 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0)
		return finish(help(argc - 1, argv + 1));
	c = find_command(argv[1]);
	if (c == NULL) {
		diag_say("unknown command '%s'", argv[1]);
		usage(stderr);
		return 2;
	}
	return finish(c->main(argc - 1, argv + 1));
}
