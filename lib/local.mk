# lib/: shared code that knows nothing of scanner or rotate.
noinst_LIBRARIES += lib/libhr.a
lib_libhr_a_SOURCES = \
	lib/clock.c lib/clock.h \
	lib/compat.h \
	lib/diag.c lib/diag.h \
	lib/fsutil.c lib/fsutil.h \
	lib/pool.c lib/pool.h \
	lib/quote.c lib/quote.h \
	lib/sbuf.c lib/sbuf.h \
	lib/spawn.c lib/spawn.h \
	lib/strmap.c lib/strmap.h \
	lib/strvec.c lib/strvec.h \
	lib/units.c lib/units.h \
	lib/xalloc.c lib/xalloc.h

# Unit tests of lib/ (tests/unit/test_<module>.c, one cmocka binary each).
if HAVE_CMOCKA
lib_unit_tests = tests/unit/test_sbuf tests/unit/test_pool \
	tests/unit/test_units tests/unit/test_fsutil \
	tests/unit/test_fsutil_copy tests/unit/test_fsutil_noreplace \
	tests/unit/test_spawn tests/unit/test_quote tests/unit/test_strmap
check_PROGRAMS += $(lib_unit_tests)
TESTS += $(lib_unit_tests)
endif
tests_unit_test_sbuf_SOURCES = tests/unit/test_sbuf.c
tests_unit_test_sbuf_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_sbuf_LDADD = $(UNIT_LIBS)
tests_unit_test_pool_SOURCES = tests/unit/test_pool.c
tests_unit_test_pool_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_pool_LDADD = $(UNIT_LIBS)
tests_unit_test_quote_SOURCES = tests/unit/test_quote.c
tests_unit_test_quote_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_quote_LDADD = $(UNIT_LIBS)
tests_unit_test_strmap_SOURCES = tests/unit/test_strmap.c
tests_unit_test_strmap_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_strmap_LDADD = $(UNIT_LIBS)
tests_unit_test_units_SOURCES = tests/unit/test_units.c
tests_unit_test_units_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_units_LDADD = $(UNIT_LIBS)
# lib/fsutil, by concern: creating, rewriting and syncing files; copies,
# reads and writes; commits that never replace.
tests_unit_test_fsutil_SOURCES = tests/unit/test_fsutil.c \
	tests/unit/unit_util.c tests/unit/unit_util.h
tests_unit_test_fsutil_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_fsutil_LDADD = $(UNIT_LIBS)
# copy_file_range and write are wrapped so that the test can make them
# fail or fall short.
tests_unit_test_fsutil_copy_SOURCES = tests/unit/test_fsutil_copy.c \
	tests/unit/unit_util.c tests/unit/unit_util.h
tests_unit_test_fsutil_copy_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_fsutil_copy_LDFLAGS = $(AM_LDFLAGS) \
	-Wl,--wrap=copy_file_range,--wrap=write
tests_unit_test_fsutil_copy_LDADD = $(UNIT_LIBS)
# renameat2, fsync and unlink are wrapped so that the test can make them
# fail.
tests_unit_test_fsutil_noreplace_SOURCES = \
	tests/unit/test_fsutil_noreplace.c \
	tests/unit/unit_util.c tests/unit/unit_util.h
tests_unit_test_fsutil_noreplace_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_fsutil_noreplace_LDFLAGS = $(AM_LDFLAGS) \
	-Wl,--wrap=renameat2,--wrap=fsync,--wrap=unlink
tests_unit_test_fsutil_noreplace_LDADD = $(UNIT_LIBS)
tests_unit_test_spawn_SOURCES = tests/unit/test_spawn.c \
	tests/unit/unit_util.c tests/unit/unit_util.h
tests_unit_test_spawn_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_spawn_LDADD = $(UNIT_LIBS)
