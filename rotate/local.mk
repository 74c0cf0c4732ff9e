# rotate/: headroom rotate.  Sources are grouped by module so that changes
# to different modules do not touch the same lines.
noinst_LIBRARIES += rotate/librotate.a
rotate_librotate_a_CFLAGS = $(AM_CFLAGS) $(LIBARCHIVE_CFLAGS) $(ZLIB_CFLAGS)
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
	rotate/rconf.h

# The state file.
rotate_state_sources = \
	rotate/state.c rotate/state.h

# Decisions and steps.
rotate_plan_sources =

# Carrying out the plan.
rotate_exec_sources =

# Compression backends.
rotate_compress_sources = \
	rotate/compress.c rotate/compress.h rotate/compress_int.h \
	rotate/compress_gzip.c rotate/compress_archive.c rotate/compress_cmd.c

# Unit tests of rotate/ (one cmocka binary per module).
rotate_unit_tests =
# The state file.
rotate_unit_tests += tests/unit/test_state
tests_unit_test_state_SOURCES = tests/unit/test_state.c
tests_unit_test_state_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_state_LDADD = $(ROTATE_UNIT_LIBS)
rotate_unit_tests += tests/unit/test_compress
if HAVE_CMOCKA
check_PROGRAMS += $(rotate_unit_tests)
TESTS += $(rotate_unit_tests)
endif
ROTATE_UNIT_LIBS = rotate/librotate.a $(UNIT_LIBS) $(LIBARCHIVE_LIBS) $(ZLIB_LIBS)
tests_unit_test_compress_SOURCES = tests/unit/test_compress.c
tests_unit_test_compress_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_compress_LDADD = $(ROTATE_UNIT_LIBS)
tests_unit_test_compress_LDFLAGS = $(AM_LDFLAGS) \
	-Wl,--wrap=renameat2,--wrap=write,--wrap=fsync

# Scenario and differential tests (tests/rotate, tests/compat, tests/e2e).
rotate_script_tests =
TESTS += $(rotate_script_tests)
dist_check_SCRIPTS += $(rotate_script_tests)
