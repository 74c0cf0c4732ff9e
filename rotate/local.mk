# rotate/: headroom rotate.  Sources are grouped by module so that changes
# to different modules do not touch the same lines.
noinst_LIBRARIES += rotate/librotate.a
rotate_librotate_a_CFLAGS = $(AM_CFLAGS) $(LIBARCHIVE_CFLAGS) \
	$(LIBDEFLATE_CFLAGS) $(ZLIB_CFLAGS)
rotate_librotate_a_SOURCES = \
	$(rotate_main_sources) \
	$(rotate_conf_sources) \
	$(rotate_state_sources) \
	$(rotate_plan_sources) \
	$(rotate_exec_sources) \
	$(rotate_compress_sources)

# The command line and the -d report.
rotate_main_sources = \
	rotate/rotate_main.c rotate/rotate_main.h

# Configuration: lexer, parser, globs -> struct rconf.
rotate_conf_sources = \
	rotate/rconf.c rotate/rconf.h \
	rotate/conf_lex.c rotate/conf_lex.h \
	rotate/conf_parse.c rotate/conf_parse.h rotate/conf_parse_int.h \
	rotate/expand.c rotate/expand.h

# The state file.
rotate_state_sources = \
	rotate/state.c rotate/state.h

# Decisions and steps; the repair of interrupted runs and its journal.
rotate_plan_sources = \
	rotate/plan.c rotate/plan.h rotate/plan_int.h rotate/plan_schedule.c \
	rotate/recover.c rotate/journal.c rotate/journal.h

# Carrying out the plan.
rotate_exec_sources = \
	rotate/exec.c rotate/exec.h

# Compression backends.
rotate_compress_sources = \
	rotate/compress.c rotate/compress.h rotate/compress_int.h \
	rotate/compress_gzip.c rotate/compress_chunk.c \
	rotate/compress_archive.c rotate/compress_cmd.c

# Unit tests of rotate/ (one cmocka binary per module).
rotate_unit_tests =
# The state file.
rotate_unit_tests += tests/unit/test_state
tests_unit_test_state_SOURCES = tests/unit/test_state.c \
	tests/unit/unit_util.c tests/unit/unit_util.h
tests_unit_test_state_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_state_LDADD = $(ROTATE_UNIT_LIBS)
rotate_unit_tests += tests/unit/test_compress
if HAVE_CMOCKA
check_PROGRAMS += $(rotate_unit_tests)
TESTS += $(rotate_unit_tests)
endif
ROTATE_UNIT_LIBS = rotate/librotate.a $(UNIT_LIBS) $(LIBDEFLATE_LIBS) \
	$(ZLIB_LIBS)
tests_unit_test_compress_SOURCES = tests/unit/test_compress.c \
	tests/unit/unit_util.c tests/unit/unit_util.h
tests_unit_test_compress_CFLAGS = $(UNIT_CFLAGS) $(ZLIB_CFLAGS)
tests_unit_test_compress_LDADD = $(ROTATE_UNIT_LIBS)
tests_unit_test_compress_LDFLAGS = $(AM_LDFLAGS) \
	-Wl,--wrap=renameat2,--wrap=write,--wrap=fsync

# Scenario and differential tests (tests/rotate, tests/compat, tests/e2e).
rotate_script_tests =
TESTS += $(rotate_script_tests)
dist_check_SCRIPTS += $(rotate_script_tests)

# The journal of interrupted runs.
rotate_unit_tests += tests/unit/test_journal
tests_unit_test_journal_SOURCES = tests/unit/test_journal.c \
	tests/unit/unit_util.c tests/unit/unit_util.h
tests_unit_test_journal_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_journal_LDADD = $(ROTATE_UNIT_LIBS)

# The planner.
rotate_unit_tests += tests/unit/test_plan
tests_unit_test_plan_SOURCES = tests/unit/test_plan.c
tests_unit_test_plan_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_plan_LDADD = $(ROTATE_UNIT_LIBS)

# Differential tests against logrotate: command line, decisions, and
# Debian's own configuration.
rotate_script_tests += tests/compat/cmdline.sh tests/compat/decisions.sh \
	tests/compat/debian-configs.sh tests/compat/verbose-lines.sh
# The differential tests' shared functions and their cases (one file each).
EXTRA_DIST += tests/compat/compat-lib.sh tests/compat/cases

# Unit tests of the config parser (rconf, conf_lex, conf_parse, expand).
rotate_unit_tests += tests/unit/test_conf_lex tests/unit/test_conf_parse \
	tests/unit/test_expand
tests_unit_test_conf_lex_SOURCES = tests/unit/test_conf_lex.c
tests_unit_test_conf_lex_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_conf_lex_LDADD = $(ROTATE_UNIT_LIBS)
tests_unit_test_conf_parse_SOURCES = tests/unit/test_conf_parse.c \
	tests/unit/conf_test_util.c tests/unit/conf_test_util.h \
	tests/unit/unit_util.c tests/unit/unit_util.h
tests_unit_test_conf_parse_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_conf_parse_LDADD = $(ROTATE_UNIT_LIBS)
tests_unit_test_expand_SOURCES = tests/unit/test_expand.c \
	tests/unit/conf_test_util.c tests/unit/conf_test_util.h \
	tests/unit/unit_util.c tests/unit/unit_util.h
tests_unit_test_expand_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_expand_LDADD = $(ROTATE_UNIT_LIBS)

# Carrying out plans (exec): unit tests, execution scenarios against
# logrotate, data safety (a full disk, a killed compressor, kill -9 of
# headroom), and a real nginx reopening its logs during rotations.
rotate_unit_tests += tests/unit/test_exec
tests_unit_test_exec_SOURCES = tests/unit/test_exec.c \
	tests/unit/unit_util.c tests/unit/unit_util.h
tests_unit_test_exec_CFLAGS = $(UNIT_CFLAGS) $(ZLIB_CFLAGS)
tests_unit_test_exec_LDADD = $(ROTATE_UNIT_LIBS)
# rename, renameat2, openat, copy_file_range, ftruncate and unlink are
# wrapped to make the steps that touch logs fail (see inject in the test).
tests_unit_test_exec_LDFLAGS = $(AM_LDFLAGS) -Wl,--wrap=rename \
	-Wl,--wrap=renameat2 \
	-Wl,--wrap=openat,--wrap=copy_file_range,--wrap=ftruncate \
	-Wl,--wrap=unlink
rotate_script_tests += tests/rotate/differential.sh
rotate_script_tests += tests/rotate/data-safety.sh tests/rotate/crash-kill9.sh
rotate_script_tests += tests/rotate/crash-chunked.sh
rotate_script_tests += tests/rotate/repair.sh tests/rotate/crash-state.sh
rotate_script_tests += tests/rotate/verbose.sh tests/rotate/dry-run.sh \
	tests/rotate/syslog.sh
rotate_script_tests += tests/rotate/no-libarchive.sh
# Random scenarios against logrotate (RANDOM_SEED, RANDOM_CASES).
rotate_script_tests += tests/rotate/random.sh
EXTRA_DIST += tests/rotate/random-case.pl
rotate_script_tests += tests/e2e/nginx.sh
EXTRA_DIST += tests/rotate/rotate-lib.sh tests/rotate/cases

# conf_dump: conf_read's view of config files, printed like logrotate -d
# (the shipped-config check and the differential checks use it).
# differential.sh compares it with logrotate -d on tests/fixtures/conf.
rotate_script_tests += tests/fuzz/differential.sh
EXTRA_DIST += $(CONF_FIXTURES)
check_PROGRAMS += tests/fuzz/conf_dump
tests_fuzz_conf_dump_SOURCES = tests/fuzz/conf_dump.c
tests_fuzz_conf_dump_LDADD = rotate/librotate.a lib/libhr.a

# ---- Fuzzing the config parser (libFuzzer; clang only) --------------------
# `make fuzz` builds tests/fuzz/fuzz_conf with clang -fsanitize=fuzzer from
# the sources themselves (not the gcc-built archives).  Run it with
#	nice -n 10 tests/fuzz/fuzz_conf -max_total_time=600 -jobs=1 \
#	    -dict=$(srcdir)/tests/fuzz/conf.dict tests/fuzz/corpus
# make check replays the seed corpus (tests/fuzz/fuzz-corpus.sh).
FUZZ_CONF_SRC = \
	$(top_srcdir)/tests/fuzz/fuzz_conf.c \
	$(top_srcdir)/rotate/conf_lex.c \
	$(top_srcdir)/rotate/conf_parse.c \
	$(top_srcdir)/rotate/expand.c \
	$(top_srcdir)/rotate/rconf.c \
	$(top_srcdir)/lib/diag.c \
	$(top_srcdir)/lib/sbuf.c \
	$(top_srcdir)/lib/units.c \
	$(top_srcdir)/lib/xalloc.c
FUZZ_CONF_CORPUS = \
	tests/fuzz/corpus/all-directives.conf \
	tests/fuzz/corpus/binary.conf \
	tests/fuzz/corpus/broken.conf \
	tests/fuzz/corpus/debian-logrotate.conf \
	tests/fuzz/corpus/includes-globs.conf \
	tests/fuzz/corpus/nginx \
	tests/fuzz/corpus/no-endscript.conf \
	tests/fuzz/corpus/rsyslog
EXTRA_DIST += tests/fuzz/fuzz_conf.c tests/fuzz/conf.dict $(FUZZ_CONF_CORPUS)
rotate_script_tests += tests/fuzz/fuzz-corpus.sh
CLEANFILES += tests/fuzz/fuzz_conf
if HAVE_CLANG
check_SCRIPTS += tests/fuzz/fuzz_conf
tests/fuzz/fuzz_conf: $(FUZZ_CONF_SRC) $(top_builddir)/config.h
	@$(MKDIR_P) tests/fuzz
	$(AM_V_CCLD)$(CLANG) -g -O1 -fno-omit-frame-pointer \
	    -fsanitize=fuzzer,address,undefined \
	    -fno-sanitize-recover=undefined \
	    -I$(top_builddir) -I$(top_srcdir) -o $@ $(FUZZ_CONF_SRC)
fuzz: tests/fuzz/fuzz_conf
else
fuzz:
	@echo "make fuzz: configure found no clang" >&2; exit 1
endif
.PHONY: fuzz

# Config fixtures (tests/fuzz/differential.sh).
CONF_FIXTURES = \
	tests/fixtures/conf/argument-expected.conf \
	tests/fixtures/conf/bad-ages.conf \
	tests/fixtures/conf/bad-counts.conf \
	tests/fixtures/conf/bad-sizes.conf \
	tests/fixtures/conf/braces-one-line.conf \
	tests/fixtures/conf/close-before-open.conf \
	tests/fixtures/conf/compressoptions-bad.conf \
	tests/fixtures/conf/compressoptions-quote.conf \
	tests/fixtures/conf/cr-value.conf \
	tests/fixtures/conf/create-extra.conf \
	tests/fixtures/conf/create-forms.conf \
	tests/fixtures/conf/create-unknown-user.conf \
	tests/fixtures/conf/duplicate-same-header.conf \
	tests/fixtures/conf/duplicate.conf \
	tests/fixtures/conf/empty-header.conf \
	tests/fixtures/conf/eof-in-stanza.conf \
	tests/fixtures/conf/errors-directive.conf \
	tests/fixtures/conf/flag-then-word.conf \
	tests/fixtures/conf/global-script.conf \
	tests/fixtures/conf/header-over-lines.conf \
	tests/fixtures/conf/ignoreduplicates-earlier.conf \
	tests/fixtures/conf/ignoreduplicates-glob.conf \
	tests/fixtures/conf/ignoreduplicates-global-later.conf \
	tests/fixtures/conf/include-dir.conf \
	tests/fixtures/conf/include-in-stanza.conf \
	tests/fixtures/conf/include-missing.conf \
	tests/fixtures/conf/indented-close-in-skipped-stanza.conf \
	tests/fixtures/conf/keyword-at-eof.conf \
	tests/fixtures/conf/lines-must-begin-stanza.conf \
	tests/fixtures/conf/lines-must-begin.conf \
	tests/fixtures/conf/mail-bad.conf \
	tests/fixtures/conf/many-directives.conf \
	tests/fixtures/conf/missing-endscript.conf \
	tests/fixtures/conf/missing-open.conf \
	tests/fixtures/conf/nomatch-literal.conf \
	tests/fixtures/conf/not-separated-global.conf \
	tests/fixtures/conf/not-separated-in-stanza.conf \
	tests/fixtures/conf/olddir-bad-path.conf \
	tests/fixtures/conf/olddir-missing.conf \
	tests/fixtures/conf/olddir-other-device.conf \
	tests/fixtures/conf/olddir-relative.conf \
	tests/fixtures/conf/path-in-stanza.conf \
	tests/fixtures/conf/postrotate-endscript-same-line.conf \
	tests/fixtures/conf/quoted-headers.conf \
	tests/fixtures/conf/relative-header.conf \
	tests/fixtures/conf/scripts.conf \
	tests/fixtures/conf/size-empty-line-count.conf \
	tests/fixtures/conf/sizes.conf \
	tests/fixtures/conf/skipped-stanza-script.conf \
	tests/fixtures/conf/stray-close-global.conf \
	tests/fixtures/conf/su-extra.conf \
	tests/fixtures/conf/su-no-group.conf \
	tests/fixtures/conf/tabooext-in-stanza.conf \
	tests/fixtures/conf/taboopat.conf \
	tests/fixtures/conf/text-after-close.conf \
	tests/fixtures/conf/tilde-paths.conf \
	tests/fixtures/conf/unknown-option.conf \
	tests/fixtures/conf/unterminated-quote.conf \
	tests/fixtures/conf/value-stored-on-error.conf \
	tests/fixtures/conf/weekly-bad-global.conf \
	tests/fixtures/conf/weekly-bad-stanza.conf \
	tests/fixtures/conf/weekly-empty-line-count.conf
