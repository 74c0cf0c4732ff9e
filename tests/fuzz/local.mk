# tests/fuzz/: the config parser against logrotate -d, and fuzzed.
#
# conf_dump: conf_read's view of config files, printed like logrotate -d
# (the shipped-config check and the differential checks use it).
# differential.sh compares it with logrotate -d on tests/fixtures/conf.
TESTS += tests/fuzz/differential.sh
dist_check_SCRIPTS += tests/fuzz/differential.sh
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
	$(top_srcdir)/rotate/conf_ctx.c \
	$(top_srcdir)/rotate/conf_parse.c \
	$(top_srcdir)/rotate/conf_directives.c \
	$(top_srcdir)/rotate/conf_read.c \
	$(top_srcdir)/rotate/expand.c \
	$(top_srcdir)/rotate/rconf.c \
	$(top_srcdir)/lib/diag.c \
	$(top_srcdir)/lib/fsutil.c \
	$(top_srcdir)/lib/sbuf.c \
	$(top_srcdir)/lib/strmap.c \
	$(top_srcdir)/lib/strvec.c \
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
TESTS += tests/fuzz/fuzz-corpus.sh
dist_check_SCRIPTS += tests/fuzz/fuzz-corpus.sh
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
