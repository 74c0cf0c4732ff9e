# bench/: the benchmark suite.  gentree builds trees, floor is the bare
# walk (the practical limit), the runners are bash scripts.
#	make bench        quick profile (200k files, 500 logs), < 10 minutes
#	make bench-full   1M files, 2,000 logs, all scale series
#	make bench-smoke  a few thousand files, what CI runs through TESTS
# Results go to bench/results/ in the build directory.
noinst_PROGRAMS += bench/gentree bench/floor
bench_gentree_SOURCES = bench/gentree.c bench/gentext.c bench/gentext.h
bench_gentree_CFLAGS = $(AM_CFLAGS) $(ZLIB_CFLAGS)
bench_gentree_LDADD = lib/libhr.a $(ZLIB_LIBS) $(PTHREAD_LIBS)
bench_floor_SOURCES = bench/floor.c
bench_floor_LDADD = lib/libhr.a $(PTHREAD_LIBS)

# The smoke test (CI): gentree, floor and the runners on a few thousand files.
bench_script_tests = tests/bench/smoke.sh tests/bench/runners.sh
TESTS += $(bench_script_tests)
dist_check_SCRIPTS += $(bench_script_tests)
EXTRA_DIST += bench/lib.sh bench/scan
EXTRA_DIST += bench/rotate bench/drill bench/report bench/run \
	bench/drill-nginx.conf bench/RESULTS.md

# The benchmarks themselves; never part of `make check`.
bench_env = GENTREE='$(abs_top_builddir)/bench/gentree' \
	FLOOR='$(abs_top_builddir)/bench/floor' \
	HEADROOM="$${HEADROOM:-$(abs_top_builddir)/headroom}" \
	BENCH_RESULTS='$(abs_top_builddir)/bench/results'
bench: bench/gentree$(EXEEXT) bench/floor$(EXEEXT) headroom$(EXEEXT)
	$(bench_env) $(BASH_PROG) '$(srcdir)/bench/run' quick
bench-full: bench/gentree$(EXEEXT) bench/floor$(EXEEXT) headroom$(EXEEXT)
	$(bench_env) $(BASH_PROG) '$(srcdir)/bench/run' full
bench-smoke: bench/gentree$(EXEEXT) bench/floor$(EXEEXT) headroom$(EXEEXT)
	$(bench_env) $(BASH_PROG) '$(srcdir)/bench/run' smoke
.PHONY: bench bench-full bench-smoke

# Unit tests of bench/gentext.
if HAVE_CMOCKA
bench_unit_tests = tests/unit/test_gentext
check_PROGRAMS += $(bench_unit_tests)
TESTS += $(bench_unit_tests)
endif
tests_unit_test_gentext_SOURCES = tests/unit/test_gentext.c bench/gentext.c
tests_unit_test_gentext_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_gentext_LDADD = $(UNIT_LIBS)
