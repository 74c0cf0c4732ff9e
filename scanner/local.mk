# scanner/: headroom scan.
noinst_LIBRARIES += scanner/libscanner.a
scanner_libscanner_a_SOURCES = \
	scanner/scan_main.c scanner/scan_main.h

# Unit tests of scanner/ (one cmocka binary per module).
scanner_unit_tests =
if HAVE_CMOCKA
check_PROGRAMS += $(scanner_unit_tests)
TESTS += $(scanner_unit_tests)
endif
SCANNER_UNIT_LIBS = scanner/libscanner.a $(UNIT_LIBS)

# Scenario and differential tests (tests/scanner).
scanner_script_tests =
TESTS += $(scanner_script_tests)
dist_check_SCRIPTS += $(scanner_script_tests)
