/*
 * test_conf_parse: directives, inheritance and every bad-input outcome
 * of reference 3.3-3.5 in one config text, with logrotate 3.21's exact
 * messages (checked against /usr/sbin/logrotate -d on the same input).
 */
#include "config.h"

#include <sys/stat.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "lib/xalloc.h"
#include "rotate/conf_parse.h"
#include "rotate/conf_parse_int.h"
#include "rotate/rconf.h"
#include "tests/unit/conf_test_util.h"

/* Paths in headers: a word that matches nothing is kept literally. */
#define A "/nonexistent-hr/a.log"
#define B "/nonexistent-hr/b.log"

/* Parses text and returns the single stanza (asserting there is one). */
static struct rconf_log *
one_stanza(struct rconf *conf, struct msgs *m, const char *text)
{
	int rc = parse_text(conf, m, text);

	if (rc != 0 || conf->nlogs != 1) {
		msgs_dump(m);
		fail_msg("rc %d, %zu stanzas", rc, conf->nlogs);
	}
	return conf->logs[0];
}

static void
test_defaults(void **state)
{
	struct rconf conf = RCONF_INIT;
	struct msgs m = { 0 };
	struct rconf_log *l = one_stanza(&conf, &m, A " {\n}\n");

	(void)state;
	assert_int_equal(l->flags, RCONF_IFEMPTY);
	assert_int_equal(l->criterion, RCONF_SIZE);
	assert_int_equal(l->size_threshold, 1048576);
	assert_int_equal(l->rotate, 0);
	assert_int_equal(l->start, 1);
	assert_string_equal(l->compresscmd, HR_DEFAULT_COMPRESS);
	assert_string_equal(l->uncompresscmd, HR_DEFAULT_UNCOMPRESS);
	assert_string_equal(l->compressext, HR_DEFAULT_COMPRESSEXT);
	assert_null(l->compressoptions);
	assert_null(l->olddir);
	assert_null(l->mail);
	assert_string_equal(l->pattern, A " ");
	assert_string_equal(l->conf_file, "t.conf");
	assert_int_equal(l->conf_line, 1);
	assert_int_equal(l->nfiles, 1);
	assert_string_equal(l->files[0], A);
	expect_msg(&m, DIAG_DEBUG, "reading config file t.conf");
	rconf_release(&conf);
	msgs_clear(&m);
}

static const struct {
	const char *text;
	unsigned set, clear;
} flag_cases[] = {
	{ "compress", RCONF_COMPRESS, 0 },
	{ "nocompress", 0, RCONF_COMPRESS },
	{ "delaycompress", RCONF_DELAYCOMPRESS, 0 },
	{ "nodelaycompress", 0, RCONF_DELAYCOMPRESS },
	{ "copy", RCONF_COPY, 0 },
	{ "nocopy", 0, RCONF_COPY },
	{ "renamecopy copytruncate", RCONF_COPYTRUNCATE, RCONF_RENAMECOPY },
	{ "copytruncate renamecopy", RCONF_RENAMECOPY, RCONF_COPYTRUNCATE },
	{ "copytruncate nocopytruncate", 0, RCONF_COPYTRUNCATE },
	{ "renamecopy norenamecopy", 0, RCONF_RENAMECOPY },
	{ "create", RCONF_CREATE, 0 },
	{ "create\n nocreate", 0, RCONF_CREATE },
	{ "ifempty", RCONF_IFEMPTY, 0 },
	{ "notifempty", 0, RCONF_IFEMPTY },
	{ "missingok", RCONF_MISSINGOK, 0 },
	{ "missingok nomissingok", 0, RCONF_MISSINGOK },
	{ "sharedscripts", RCONF_SHAREDSCRIPTS, 0 },
	{ "sharedscripts nosharedscripts", 0, RCONF_SHAREDSCRIPTS },
	{ "dateext", RCONF_DATEEXT, 0 },
	{ "dateext nodateext", 0, RCONF_DATEEXT },
	{ "dateyesterday", RCONF_DATEYESTERDAY, 0 },
	{ "datehourago", RCONF_DATEHOURAGO, 0 },
	{ "mailfirst", RCONF_MAILFIRST, 0 },
	{ "mailfirst maillast", 0, RCONF_MAILFIRST },
	{ "shred", RCONF_SHRED, 0 },
	{ "shred noshred", 0, RCONF_SHRED },
	{ "allowhardlink", RCONF_ALLOWHARDLINK, 0 },
	{ "allowhardlink noallowhardlink", 0, RCONF_ALLOWHARDLINK },
	{ "ignoreduplicates", RCONF_IGNOREDUPLICATES, 0 },
	{ "createolddir", RCONF_CREATEOLDDIR, 0 },
	{ "createolddir\n nocreateolddir", 0, RCONF_CREATEOLDDIR },
	/* Several flags on one line: each keyword is read in turn. */
	{ "missingok compress delaycompress",
	    RCONF_MISSINGOK | RCONF_COMPRESS | RCONF_DELAYCOMPRESS, 0 },
};

/* Every flag and its negation, inside a stanza. */
static void
test_flags(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(flag_cases) / sizeof(*flag_cases); i++) {
		struct rconf conf = RCONF_INIT;
		struct msgs m = { 0 };
		char *text = xasprintf(A " {\n  %s\n}\n", flag_cases[i].text);
		struct rconf_log *l = one_stanza(&conf, &m, text);

		if ((l->flags & flag_cases[i].set) != flag_cases[i].set ||
		    (l->flags & flag_cases[i].clear) != 0)
			fail_msg("'%s' gave flags %#x", flag_cases[i].text,
			    l->flags);
		assert_int_equal(msgs_count(&m, DIAG_ERROR), 0);
		free(text);
		rconf_release(&conf);
		msgs_clear(&m);
	}
}

/* Every keyword of 3.21 is found (the table is sorted for bsearch). */
static void
test_keywords_known(void **state)
{
	static const char *const all[] = { "addextension", "allowhardlink",
		"compress", "compresscmd", "compressext", "compressoptions",
		"copy", "copytruncate", "create", "createolddir", "daily",
		"dateext", "dateformat", "datehourago", "dateyesterday",
		"delaycompress", "errors", "extension", "firstaction", "hourly",
		"ifempty", "ignoreduplicates", "include", "lastaction", "mail",
		"mailfirst", "maillast", "maxage", "maxsize", "minage",
		"minsize", "missingok", "monthly", "noallowhardlink",
		"nocompress", "nocopy", "nocopytruncate", "nocreate",
		"nocreateolddir", "nodateext", "nodelaycompress", "nomail",
		"nomissingok", "noolddir", "norenamecopy", "nosharedscripts",
		"noshred", "notifempty", "olddir", "postrotate", "preremove",
		"prerotate", "renamecopy", "rotate", "sharedscripts", "shred",
		"shredcycles", "size", "start", "su", "tabooext", "taboopat",
		"uncompresscmd", "weekly", "yearly" };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(all) / sizeof(*all); i++)
		if (!conf_directive_known(all[i]))
			fail_msg("'%s' not found", all[i]);
	/* 3.22+ and HEAD only. */
	assert_false(conf_directive_known("minutes"));
	assert_false(conf_directive_known("nodateyesterday"));
	assert_false(conf_directive_known("compres"));
}

static void
test_numbers(void **state)
{
	struct rconf conf = RCONF_INIT;
	struct msgs m = { 0 };
	struct rconf_log *l = one_stanza(&conf, &m,
	    A " {\n rotate 010\n start 0\n minage 0x3\n maxage 30\n"
	      " shredcycles 5\n size 0x10\n minsize 10k\n maxsize 2M\n}\n");

	(void)state;
	assert_int_equal(l->rotate, 8); /* base 0: octal */
	assert_int_equal(l->start, 0);
	assert_int_equal(l->minage, 3);
	assert_int_equal(l->maxage, 30);
	assert_int_equal(l->shredcycles, 5);
	assert_int_equal(l->criterion, RCONF_SIZE);
	assert_int_equal(l->size_threshold, 16);
	assert_int_equal(l->minsize, 10240);
	assert_int_equal(l->maxsize, 2097152);
	rconf_release(&conf);
	msgs_clear(&m);
	l = one_stanza(&conf, &m, A " {\n rotate -1\n size 5G\n}\n");
	assert_int_equal(l->rotate, -1);
	assert_int_equal(l->size_threshold, 5368709120ULL);
	rconf_release(&conf);
	msgs_clear(&m);
}

/* minfree (a headroom extension): N% or a size; the last one wins. */
static void
test_minfree(void **state)
{
	struct rconf conf = RCONF_INIT;
	struct msgs m = { 0 };
	struct rconf_log *l = one_stanza(&conf, &m, A " {\n minfree 2G\n}\n");

	(void)state;
	assert_int_equal(l->minfree, 2147483648ULL);
	assert_int_equal(l->minfree_pct, 0);
	rconf_release(&conf);
	msgs_clear(&m);
	l = one_stanza(&conf, &m, "minfree 1G\n" A " {\n minfree 10%\n}\n");
	assert_int_equal(l->minfree, 0);
	assert_int_equal(l->minfree_pct, 10);
	rconf_release(&conf);
	msgs_clear(&m);
}

static void
test_criteria(void **state)
{
	static const struct {
		const char *text;
		enum rconf_criterion c;
		int weekday;
	} cases[] = {
		{ "hourly", RCONF_HOURLY, 0 },
		{ "daily", RCONF_DAILY, 0 },
		{ "weekly", RCONF_WEEKLY, 0 },
		{ "weekly 3", RCONF_WEEKLY, 3 },
		{ "weekly 7", RCONF_WEEKLY, 7 },
		{ "monthly", RCONF_MONTHLY, 0 },
		{ "yearly", RCONF_YEARLY, 0 },
		{ "daily\n size 5", RCONF_SIZE, 0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		struct rconf conf = RCONF_INIT;
		struct msgs m = { 0 };
		char *text = xasprintf(A " {\n %s\n}\n", cases[i].text);
		struct rconf_log *l = one_stanza(&conf, &m, text);

		assert_int_equal(l->criterion, cases[i].c);
		assert_int_equal(l->weekday, cases[i].weekday);
		free(text);
		rconf_release(&conf);
		msgs_clear(&m);
	}
}

/* The last criterion wins, with logrotate's debug note. */
static void
test_criterion_note(void **state)
{
	struct rconf conf = RCONF_INIT;
	struct msgs m = { 0 };

	(void)state;
	assert_int_equal(parse_text(&conf, &m,
	                     "weekly\ndaily\n" A " {\n hourly\n}\n" B " {\n"
	                     " monthly\n}\n"),
	    0);
	expect_msg(&m, DIAG_DEBUG,
	    "note: 'daily' overrides previously specified 'weekly'");
	expect_msg(&m, DIAG_DEBUG,
	    "note: 'hourly' overrides previously specified 'daily'");
	/* Reset at '}': B's monthly is no override. */
	assert_int_equal(msgs_find(&m, DIAG_DEBUG,
	                     "note: 'monthly' overrides previously specified "
	                     "'daily'"),
	    -1);
	assert_int_equal(conf.logs[0]->criterion, RCONF_HOURLY);
	assert_int_equal(conf.logs[1]->criterion, RCONF_MONTHLY);
	rconf_release(&conf);
	msgs_clear(&m);
}

static void
test_strings(void **state)
{
	struct rconf conf = RCONF_INIT;
	struct msgs m = { 0 };
	struct rconf_log *l = one_stanza(&conf, &m,
	    A " {\n compresscmd /usr/bin/xz\n uncompresscmd /usr/bin/unxz\n"
	      " compressoptions -9 'a b'\n extension .log\n"
	      " addextension .x\n dateformat   -%Y%m\n mail root@localhost\n"
	      " olddir old\n missingok\n}\n");

	(void)state;
	assert_string_equal(l->compresscmd, "/usr/bin/xz");
	assert_string_equal(l->compressext, ".xz"); /* from the basename */
	assert_string_equal(l->uncompresscmd, "/usr/bin/unxz");
	assert_string_equal(l->compressoptions[0], "-9");
	assert_string_equal(l->compressoptions[1], "a b");
	assert_null(l->compressoptions[2]);
	assert_string_equal(l->extension, ".log");
	assert_string_equal(l->addextension, ".x");
	assert_string_equal(l->dateformat, "-%Y%m");
	assert_string_equal(l->mail, "root@localhost");
	assert_string_equal(l->olddir, "old");
	expect_msg(&m, DIAG_DEBUG, "compress_prog is now /usr/bin/xz");
	expect_msg(&m, DIAG_DEBUG, "compress_ext was changed to .xz");
	expect_msg(&m, DIAG_DEBUG, "compress_options is now  -9 'a b'");
	expect_msg(&m, DIAG_DEBUG, "olddir is now old");
	rconf_release(&conf);
	msgs_clear(&m);
	/* A later compressext overrides; zip keeps 3.21's missing dot. */
	l = one_stanza(
	    &conf, &m, A " {\n compresscmd bzip2\n compressext .bz\n}\n");
	assert_string_equal(l->compressext, ".bz");
	rconf_release(&conf);
	msgs_clear(&m);
	l = one_stanza(&conf, &m, A " {\n compresscmd /usr/bin/zip\n}\n");
	assert_string_equal(l->compressext, "zip");
	rconf_release(&conf);
	msgs_clear(&m);
}

static void
test_create_su(void **state)
{
	struct rconf conf = RCONF_INIT;
	struct msgs m = { 0 };
	struct rconf_log *l = one_stanza(&conf, &m,
	    A " {\n create 0640 root root\n createolddir 0700 0\n"
	      " su root 0\n}\n");

	(void)state;
	assert_true(l->flags & RCONF_CREATE);
	assert_true(
	    l->create.has_mode && l->create.has_uid && l->create.has_gid);
	assert_int_equal(l->create.mode, 0640);
	assert_int_equal(l->create.uid, 0);
	assert_int_equal(l->create.gid, 0);
	assert_true(l->flags & RCONF_CREATEOLDDIR);
	assert_int_equal(l->createolddir.mode, 0700);
	assert_true(l->createolddir.has_uid);
	assert_false(l->createolddir.has_gid);
	assert_true(l->flags & RCONF_SU);
	assert_int_equal(l->su_uid, 0);
	assert_int_equal(l->su_gid, 0);
	assert_string_equal(l->su_user, "root");
	assert_string_equal(l->su_group, "0");
	rconf_release(&conf);
	msgs_clear(&m);
	/* Owner without mode; createolddir without mode is 0755 (3.22). */
	l = one_stanza(&conf, &m, A " {\n create root\n createolddir\n}\n");
	assert_false(l->create.has_mode);
	assert_true(l->create.has_uid);
	assert_false(l->createolddir.has_mode);
	assert_int_equal(l->createolddir.mode, 0755);
	rconf_release(&conf);
	msgs_clear(&m);
}

static void
test_scripts(void **state)
{
	struct rconf conf = RCONF_INIT;
	struct msgs m = { 0 };
	struct rconf_log *l = one_stanza(&conf, &m,
	    A " {\n prerotate\n  echo pre }\n  endscriptx\n  endscript\n"
	      " postrotate echo post\n endscript \n firstaction\nendscript\n"
	      " lastaction\n x\nendscript\n preremove\n rm \"$1\"\n"
	      " endscript\n}\n");

	(void)state;
	assert_string_equal(
	    l->script[RCONF_PREROTATE], "\n  echo pre }\n  endscriptx\n");
	assert_string_equal(l->script[RCONF_POSTROTATE], " echo post\n");
	assert_string_equal(l->script[RCONF_FIRSTACTION], "\n");
	assert_string_equal(l->script[RCONF_LASTACTION], "\n x\n");
	assert_string_equal(l->script[RCONF_PREREMOVE], "\n rm \"$1\"\n");
	rconf_release(&conf);
	msgs_clear(&m);
}

/* Global settings apply to later stanzas only; addextension never. */
static void
test_inheritance(void **state)
{
	struct rconf conf = RCONF_INIT;
	struct msgs m = { 0 };

	(void)state;
	assert_int_equal(
	    parse_text(&conf, &m,
	        "rotate 3\ncompress\naddextension .x\n"
	        "postrotate\n g\nendscript\n" A " {\n"
	        " rotate 5\n}\nrotate 4\nnocompress\n" B " {\n}\n"),
	    0);
	assert_int_equal(conf.nlogs, 2);
	assert_int_equal(conf.logs[0]->rotate, 5);
	assert_true(conf.logs[0]->flags & RCONF_COMPRESS);
	assert_null(conf.logs[0]->addextension);
	assert_string_equal(conf.logs[0]->script[RCONF_POSTROTATE], "\n g\n");
	assert_int_equal(conf.logs[1]->rotate, 4);
	assert_false(conf.logs[1]->flags & RCONF_COMPRESS);
	assert_string_equal(conf.logs[1]->script[RCONF_POSTROTATE], "\n g\n");
	rconf_release(&conf);
	msgs_clear(&m);
}

/* rconf_log_copy: everything but files, pattern and addextension. */
static void
test_copy(void **state)
{
	struct rconf_log a, b;

	(void)state;
	rconf_log_defaults(&a);
	a.pattern = xstrdup("/x ");
	a.files = xcalloc(2, sizeof(char *));
	a.files[0] = xstrdup("/x");
	a.nfiles = 1;
	a.addextension = xstrdup(".x");
	a.olddir = xstrdup("old");
	a.compressoptions = xcalloc(2, sizeof(char *));
	a.compressoptions[0] = xstrdup("-9");
	a.script[RCONF_PREREMOVE] = xstrdup("rm");
	a.rotate = 9;
	rconf_log_copy(&b, &a);
	assert_null(b.pattern);
	assert_null(b.files);
	assert_int_equal(b.nfiles, 0);
	assert_null(b.addextension);
	assert_int_equal(b.rotate, 9);
	assert_string_equal(b.olddir, "old");
	assert_ptr_not_equal(b.olddir, a.olddir);
	assert_string_equal(b.compressoptions[0], "-9");
	assert_null(b.compressoptions[1]);
	assert_string_equal(b.script[RCONF_PREREMOVE], "rm");
	rconf_log_release(&a);
	rconf_log_release(&b);
}

/* The exact messages and outcomes of reference 3.5. */
static const struct bad_case {
	const char *text;
	int rc;            /* conf_read_buffer's result */
	size_t nlogs;      /* stanzas kept */
	const char *first; /* pattern of the first kept stanza, if any */
	enum diag_level level;
	const char *msg;
} bad_cases[] = {
	/* Ignored: rc unchanged. */
	{ "foo 1\n" A " {\nbar\n}\n", 0, 1, A " ", DIAG_ERROR,
	    "t.conf:1 unknown option 'foo' -- ignoring line" },
	{ "compress=yes\n" A " {\n}\n", 0, 1, A " ", DIAG_ERROR,
	    "t.conf:1 unknown option 'yes' -- ignoring line" },
	{ "errors root\n" A " {\n}\n", 0, 1, A " ", DIAG_WARNING,
	    "t.conf: 1: the errors directive is deprecated and no longer "
	    "used." },
	{ A " {\n} x\n" B " {\n}\n", 0, 2, A " ", DIAG_ERROR,
	    "t.conf:2, unexpected text after }" },
	{ A " {\n size\n foo\n}\n", 0, 1, A " ", DIAG_ERROR,
	    "t.conf:2 argument expected after size" },
	/* ... and that newline is not counted: foo is on "line 2". */
	{ A " {\n size\n foo\n}\n", 0, 1, A " ", DIAG_ERROR,
	    "t.conf:2 unknown option 'foo' -- ignoring line" },
	/* Stanza skipped. */
	{ A " {\n rotate bad\n}\n" B " {\n}\n", -1, 1, B " ", DIAG_ERROR,
	    "t.conf:2 bad rotation count 'bad'" },
	{ A " {\n rotate bad\n}\n" B " {\n}\n", -1, 1, B " ", DIAG_ERROR,
	    "found error in " A " , skipping" },
	{ A " {\n rotate 1 # c\n}\n", -1, 0, NULL, DIAG_ERROR,
	    "t.conf:2 bad rotation count '1 # c'" },
	{ A " {\n rotate -2\n}\n", -1, 0, NULL, DIAG_ERROR,
	    "t.conf:2 bad rotation count '-2'" },
	{ A " {\n start -1\n}\n", -1, 0, NULL, DIAG_ERROR,
	    "t.conf:2 bad start count '-1'" },
	{ A " {\n shredcycles x\n}\n", -1, 0, NULL, DIAG_ERROR,
	    "t.conf:2 bad shred cycles 'x'" },
	{ A " {\n maxage 1x\n}\n", -1, 0, NULL, DIAG_ERROR,
	    "t.conf:2 bad maximum age 'x\n}\n'" },
	{ A " {\n minage -1\n}\n", -1, 0, NULL, DIAG_ERROR,
	    "t.conf:2 bad minimum age '1\n}\n'" },
	{ A " {\n size 1.5M\n}\n", -1, 0, NULL, DIAG_ERROR,
	    "t.conf:2 bad size '1.5'" },
	{ A " {\n minfree 0%\n}\n", -1, 0, NULL, DIAG_ERROR,
	    "t.conf:2 bad minfree value '0%': not 1% to 99%" },
	{ A " {\n minfree 5%x\n}\n", -1, 0, NULL, DIAG_ERROR,
	    "t.conf:2 bad minfree value '5%x'" },
	{ A " {\n minfree 0\n}\n", -1, 0, NULL, DIAG_ERROR,
	    "t.conf:2 bad minfree value '0'" },
	{ A " {\n size 10m\n}\n", -1, 0, NULL, DIAG_ERROR,
	    "t.conf:2 unknown unit 'm'" },
	{ A " {\n size -1\n}\n", -1, 0, NULL, DIAG_ERROR,
	    "t.conf:2 bad size '-1'" },
	{ A " {\n create 0640 nouser-hr adm\n}\n", -1, 0, NULL, DIAG_ERROR,
	    "t.conf:2 unknown user 'nouser-hr'" },
	{ A " {\n create 0640 root nogroup-hr\n}\n", -1, 0, NULL, DIAG_ERROR,
	    "t.conf:2 unknown group 'nogroup-hr'" },
	{ A " {\n create 0640 root root x\n}\n", -1, 0, NULL, DIAG_ERROR,
	    "t.conf:2 extra arguments for create" },
	{ A " {\n su root\n}\n", -1, 0, NULL, DIAG_ERROR,
	    "t.conf:2 no group for su" },
	{ A " {\n su root root x\n}\n", -1, 0, NULL, DIAG_ERROR,
	    "t.conf:2 extra arguments for su" },
	{ A " {\n mail a b\n}\n", -1, 0, NULL, DIAG_ERROR,
	    "t.conf:2 bad mail address  a b\n}\n" },
	{ A " {\n olddir /x y\n}\n", -1, 0, NULL, DIAG_ERROR,
	    "t.conf:2 bad olddir path /x y" },
	{ A " {\n compressoptions \"\n}\n", -1, 0, NULL, DIAG_ERROR,
	    "t.conf:2 invalid compression options" },
	{ A " {\n tabooext .x\n}\n" B " {\n}\n", -1, 1, B " ", DIAG_ERROR,
	    "t.conf:2 tabooext may not appear inside of log file "
	    "definition" },
	{ A " {\n" B "\n}\n", -1, 0, NULL, DIAG_ERROR,
	    "t.conf:2 unexpected log filename" },
	{ A " {\n compress;\n}\n", -1, 0, NULL, DIAG_ERROR,
	    "t.conf:2 keyword 'compress' not properly separated, found 0x3b" },
	{ A " {\n 12 x\n}\n" B " {\n}\n", -1, 1, B " ", DIAG_ERROR,
	    "t.conf:2 lines must begin with a keyword or a filename "
	    "(possibly in double quotes)" },
	/* An indented '}' does not end a skipped stanza: B is swallowed. */
	{ A " {\n rotate x\n  }\n" B " {\n}\n", -1, 0, NULL, DIAG_ERROR,
	    "found error in " A " , skipping" },
	/* "argument expected" eats the '}' of the stanza, which stays. */
	{ A " {\n rotate\n}\n", -1, 1, A " ", DIAG_ERROR,
	    "t.conf:2 argument expected after rotate count" },
	/* The value is stored before it is checked. */
	{ A " {\n}\n" B " { rotate 2 }\n", -1, 2, A " ", DIAG_ERROR,
	    "t.conf:3 bad rotation count '2 }'" },
	/* File aborted: earlier stanzas kept, current one dropped. */
	{ A " {\n}\nrotate x\n" B " {\n}\n", -1, 1, A " ", DIAG_ERROR,
	    "t.conf:3 bad rotation count 'x'" },
	{ A " {\n}\nweekly 8\n" B " {\n}\n", -1, 1, A " ", DIAG_ERROR,
	    "t.conf:3 bad weekly directive ' 8'" },
	{ A " {\n weekly 8\n}\n" B " {\n}\n", -1, 0, NULL, DIAG_DEBUG,
	    "removing last 1 log configs" },
	{ "foo_bar 1\n" A " {\n}\n", -1, 0, NULL, DIAG_ERROR,
	    "t.conf:1 keyword 'foo' not properly separated, found 0x5f" },
	{ "a.log {\n}\n" A " {\n}\n", -1, 0, NULL, DIAG_ERROR,
	    "t.conf:1 keyword 'a' not properly separated, found 0x2e" },
	{ "12 x\n" A " {\n}\n", -1, 0, NULL, DIAG_ERROR,
	    "t.conf:1 lines must begin with a keyword or a filename "
	    "(possibly in double quotes)" },
	{ A " \n", -1, 0, NULL, DIAG_ERROR,
	    "t.conf:1 missing '{' after log files definition" },
	{ "}\n" A " {\n}\n", -1, 0, NULL, DIAG_ERROR, "t.conf:1 unexpected }" },
	{ A " }\n{\n}\n", -1, 0, NULL, DIAG_ERROR,
	    "t.conf:1 unexpected } (missing previous '{')" },
	{ "\"\" {\n}\n", -1, 0, NULL, DIAG_ERROR,
	    "t.conf:1 error parsing filename" },
	{ A " {\n}\ncompress", -1, 1, A " ", DIAG_ERROR,
	    "t.conf:3 keyword 'compress' not properly separated, found 0" },
	/* Missing endscript swallows the rest; the stanza is dropped. */
	{ A " {\n postrotate\n echo\n}\n" B " {\n}\n", -1, 0, NULL, DIAG_ERROR,
	    "t.conf:prerotate, postrotate or preremove without endscript" },
	/* Duplicates: kept stanza, rest of the word's matches dropped. */
	{ A " {\n}\n" A " {\n}\n", -1, 2, A " ", DIAG_ERROR,
	    "t.conf:3 duplicate log entry for " A },
	{ A " " A " {\n}\n", -1, 1, A " " A " ", DIAG_ERROR,
	    "t.conf:1 duplicate log entry for " A },
	{ A " {\n ignoreduplicates\n}\n" A " {\n}\n", 0, 2, A " ", DIAG_DEBUG,
	    "t.conf:4 ignore duplicate log entry for " A },
};

static void
test_bad_input(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad_cases) / sizeof(*bad_cases); i++) {
		const struct bad_case *c = &bad_cases[i];
		struct rconf conf = RCONF_INIT;
		struct msgs m = { 0 };
		int rc = parse_text(&conf, &m, c->text);

		if (rc != c->rc || conf.nlogs != c->nlogs ||
		    msgs_find(&m, c->level, c->msg) < 0 ||
		    (c->first &&
		        strcmp(conf.logs[0]->pattern, c->first) != 0)) {
			msgs_dump(&m);
			fail_msg("case %zu (%s): rc %d, %zu stanzas", i, c->msg,
			    rc, conf.nlogs);
		}
		assert_int_equal(conf.failed, c->rc != 0);
		rconf_release(&conf);
		msgs_clear(&m);
	}
}

/* A duplicate ends the word: the later matches are discarded. */
static void
test_duplicate_word(void **state)
{
	struct rconf conf = RCONF_INIT;
	struct msgs m = { 0 };
	char *dir = tmpdir_new(), *text;

	(void)state;
	free(write_file(dir, "a.log", "", 0644));
	free(write_file(dir, "b.log", "", 0644));
	free(write_file(dir, "c.log", "", 0644));
	text = xasprintf(
	    "%s/a.log {\n}\n%s/*.log {\n}\n%s/c.log {\n}\n", dir, dir, dir);
	assert_int_equal(parse_text(&conf, &m, text), -1);
	assert_int_equal(conf.nlogs, 3);
	assert_int_equal(conf.logs[1]->nfiles, 0);
	assert_int_equal(conf.logs[2]->nfiles, 1);
	free(text);
	rconf_release(&conf);
	msgs_clear(&m);
	tmpdir_remove(dir);
	free(dir);
}

/*
 * Fails unless parsing len bytes of buf as file name failed (-1, conf
 * marked failed) and said why: its first error is "name:N reason" with N
 * a line of buf, and every later error either names name:N too or is
 * logrotate's "found error in ..., skipping" that follows one.
 */
static void
check_garbage(const char *name, const char *buf, size_t len)
{
	struct rconf conf = RCONF_INIT;
	struct msgs m = { 0 };
	struct conf_opts opts = { { msgs_report, &m }, 0 };
	size_t nl = strlen(name), i, errors = 0;
	long lines = 1;
	int rc;

	for (i = 0; i < len; i++)
		lines += buf[i] == '\n';
	rc = conf_read_buffer(&conf, name, buf, len, &opts);
	for (i = 0; i < m.n; i++) {
		const char *t = m.text[i];
		char *end = NULL;
		long line;

		if (m.level[i] != DIAG_ERROR)
			continue;
		if (errors++ > 0 && strncmp(t, "found error in ", 15) == 0)
			continue;
		line = strncmp(t, name, nl) == 0 && t[nl] == ':'
		    ? strtol(t + nl + 1, &end, 10)
		    : 0;
		if (line < 1 || line > lines || *end != ' ') {
			msgs_dump(&m);
			fail_msg("error without %s:LINE: %s", name, t);
		}
	}
	if (rc != -1 || !conf.failed || errors == 0) {
		msgs_dump(&m);
		fail_msg("%s: rc %d, failed %d, %zu errors", name, rc,
		    conf.failed, errors);
	}
	rconf_release(&conf);
	msgs_clear(&m);
}

/*
 * Whatever the bytes (an ELF header, then 200 random buffers of config
 * punctuation), the parser returns an error naming the file and the line,
 * and does not crash (ASan and UBSan watch it in CI).
 */
static void
test_garbage(void **state)
{
	static const char bin[] = "\x7f"
	                          "ELF\x02\x01\x01\0\0\0{}\n\xff\xfe/\"'~{\n"
	                          "postrotate endscript\n\0\0rotate\r\n}\n";
	char buf[4096];
	unsigned seed = 1;
	size_t i, round;

	(void)state;
	check_garbage("bin", bin, sizeof(bin) - 1);
	for (round = 0; round < 200; round++) {
		for (i = 0; i < sizeof(buf); i++) {
			seed = seed * 1103515245 + 12345;
			buf[i] = "/{}\n #'\"\\ax=1\0\r\t~p"[(seed >> 16) % 19];
		}
		check_garbage("rnd", buf, sizeof(buf));
	}
}

/* glob(3) failing with EIO under /x/, as on an unreadable directory. */
static int
failing_glob(const char *pattern, int flags,
    int (*errfunc)(const char *path, int err), glob_t *g)
{
	if (strncmp(pattern, "/x/", 3) != 0)
		return glob(pattern, flags, errfunc, g);
	memset(g, 0, sizeof(*g));
	return errfunc(pattern, 5) ? GLOB_ABORTED : GLOB_NOMATCH;
}

/*
 * A glob read error is reported at the stanza's '}' and aborts the file,
 * unless the stanza (by then) has missingok.
 */
static void
test_glob_error(void **state)
{
	static const char text[] = A " {\n}\n/x/*.log {\n}\n" B " {\n}\n";
	static const char ok[] = "/x/*.log {\n missingok\n}\n" B " {\n}\n";
	struct rconf conf = RCONF_INIT;
	struct msgs m = { 0 };
	struct conf_opts opts = { { msgs_report, &m }, 0 };

	(void)state;
	assert_int_equal(conf_read_buffer_glob(&conf, "t.conf", text,
	                     strlen(text), &opts, failing_glob),
	    -1);
	expect_msg(&m, DIAG_ERROR,
	    "t.conf:3 glob failed for /x/*.log: Input/output error");
	assert_int_equal(conf.nlogs, 1);
	rconf_release(&conf);
	msgs_clear(&m);
	assert_int_equal(conf_read_buffer_glob(&conf, "t.conf", ok, strlen(ok),
	                     &opts, failing_glob),
	    0);
	assert_int_equal(conf.nlogs, 2);
	assert_int_equal(conf.logs[0]->nfiles, 0);
	rconf_release(&conf);
	msgs_clear(&m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_flags),
		cmocka_unit_test(test_keywords_known),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_minfree),
		cmocka_unit_test(test_criteria),
		cmocka_unit_test(test_criterion_note),
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_create_su),
		cmocka_unit_test(test_scripts),
		cmocka_unit_test(test_inheritance),
		cmocka_unit_test(test_copy),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_duplicate_word),
		cmocka_unit_test(test_garbage),
		cmocka_unit_test(test_glob_error),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
