/*
 * fuzz_conf: libFuzzer harness for the configuration parser.
 *
 *	make fuzz
 *	nice -n 10 tests/fuzz/fuzz_conf -max_total_time=600 -jobs=1 \
 *	    tests/fuzz/corpus
 *
 * Each input is parsed as a config file by conf_read_buffer_glob.  Globs go
 * through a fake glob(3) (below) so that inputs like "/" "*" "/" "*" do
 * not walk the whole file system; includes are followed for real (the
 * parser only reads regular files, never blocking ones).  Any crash, leak
 * or undefined behaviour found by ASan/UBSan is a bug; the input goes to
 * tests/fuzz/corpus/ as a regression, and `make check` replays the corpus.
 */
#include "config.h"

#include <glob.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/xalloc.h"
#include "rotate/conf_parse.h"
#include "rotate/conf_parse_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
discard(void *ctx, enum diag_level level, const char *text)
{
	(void)ctx;
	(void)level;
	(void)text;
}

/*
 * glob(3) without the file system: the pattern itself, plus a second
 * match when it has a '*', so duplicate handling is exercised.  A pattern
 * starting "/fail" reports a read error, as an unreadable directory does.
 */
static int
fake_glob(const char *pattern, int flags,
    int (*errfunc)(const char *path, int err), glob_t *g)
{
	size_t n = strchr(pattern, '*') ? 2 : 1;

	(void)flags;
	memset(g, 0, sizeof(*g));
	if (strncmp(pattern, "/fail", 5) == 0 && errfunc(pattern, 5))
		return GLOB_ABORTED;
	g->gl_pathv = xcalloc(n + 1, sizeof(char *));
	g->gl_pathv[0] = xstrdup(pattern);
	if (n == 2)
		g->gl_pathv[1] = xasprintf("%s.1", pattern);
	g->gl_pathc = n;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rconf conf = RCONF_INIT;
	struct conf_opts opts = { { discard, NULL }, 0 };

	conf_read_buffer_glob(
	    &conf, "fuzz.conf", (const char *)data, size, &opts, fake_glob);
	rconf_release(&conf);
	return 0;
}
