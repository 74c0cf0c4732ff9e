# scanner/: headroom scan.
noinst_LIBRARIES += scanner/libscanner.a
scanner_libscanner_a_SOURCES = \
	scanner/account.c scanner/account.h \
	scanner/deleted.c scanner/deleted.h \
	scanner/diff.c scanner/diff.h \
	scanner/fmt.h \
	scanner/fmt_du.c \
	scanner/fmt_json.c scanner/fmt_json_int.h \
	scanner/fmt_json_field.c \
	scanner/fmt_json_growth.c \
	scanner/fmt_ncdu.c \
	scanner/fmt_prom.c \
	scanner/fmt_text.c scanner/fmt_text_int.h \
	scanner/fmt_text_growth.c \
	scanner/fmt_text_line.c \
	scanner/fmt_text_reclaim.c \
	scanner/fsinfo.c scanner/fsinfo.h \
	scanner/hardlink.c scanner/hardlink.h \
	scanner/history.c scanner/history.h \
	scanner/kinds.c scanner/kinds.h \
	scanner/outfile.c scanner/outfile.h \
	scanner/progress.c scanner/progress.h \
	scanner/recent.c scanner/recent.h \
	scanner/reclaim.c scanner/reclaim.h scanner/reclaim_item.h \
	scanner/reclaim_deleted.c scanner/reclaim_deleted.h \
	scanner/scan_growth.c scanner/scan_run.h \
	scanner/scan_main.c scanner/scan_main.h \
	scanner/sink.c scanner/sink.h \
	scanner/sink_logs.c scanner/sink_logs.h \
	scanner/sink_rank.c scanner/sink_rank.h \
	scanner/sink_tree.c scanner/sink_tree.h \
	scanner/snapshot.c scanner/snapshot.h \
	scanner/snapstore.c scanner/snapstore.h \
	scanner/walk.c scanner/walk.h \
	scanner/walk_fts.c scanner/walk_fts.h \
	scanner/walk_par.c scanner/walk_par.h

# Unit tests of scanner/ (one cmocka binary per module).
scanner_unit_tests = tests/unit/test_sink_tree tests/unit/test_sink_rank \
	tests/unit/test_hardlink \
	tests/unit/test_kinds tests/unit/test_fmt tests/unit/test_fsinfo \
	tests/unit/test_snapshot tests/unit/test_reclaim
if HAVE_CMOCKA
check_PROGRAMS += $(scanner_unit_tests)
TESTS += $(scanner_unit_tests)
endif
SCANNER_UNIT_LIBS = scanner/libscanner.a $(UNIT_LIBS)
tests_unit_test_sink_tree_SOURCES = tests/unit/test_sink_tree.c \
	tests/unit/scan_test_util.c tests/unit/scan_test_util.h
tests_unit_test_sink_tree_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_sink_tree_LDADD = $(SCANNER_UNIT_LIBS)
tests_unit_test_hardlink_SOURCES = tests/unit/test_hardlink.c \
	tests/unit/scan_test_util.c tests/unit/scan_test_util.h
tests_unit_test_hardlink_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_hardlink_LDADD = $(SCANNER_UNIT_LIBS)
tests_unit_test_sink_rank_SOURCES = tests/unit/test_sink_rank.c
tests_unit_test_sink_rank_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_sink_rank_LDADD = $(SCANNER_UNIT_LIBS)
tests_unit_test_kinds_SOURCES = tests/unit/test_kinds.c
tests_unit_test_kinds_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_kinds_LDADD = $(SCANNER_UNIT_LIBS)
tests_unit_test_fmt_SOURCES = tests/unit/test_fmt.c \
	tests/unit/scan_test_util.c tests/unit/scan_test_util.h
tests_unit_test_fmt_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_fmt_LDADD = $(SCANNER_UNIT_LIBS)
tests_unit_test_fsinfo_SOURCES = tests/unit/test_fsinfo.c
tests_unit_test_fsinfo_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_fsinfo_LDADD = $(SCANNER_UNIT_LIBS)
tests_unit_test_snapshot_SOURCES = tests/unit/test_snapshot.c \
	tests/unit/scan_test_util.c tests/unit/scan_test_util.h
tests_unit_test_snapshot_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_snapshot_LDADD = $(SCANNER_UNIT_LIBS)
tests_unit_test_reclaim_SOURCES = tests/unit/test_reclaim.c
tests_unit_test_reclaim_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_reclaim_LDADD = $(SCANNER_UNIT_LIBS)

# Scenario and differential tests (tests/scanner).
scanner_script_tests = \
	tests/scanner/deep-tree.sh \
	tests/scanner/deleted-open.sh \
	tests/scanner/diff.sh \
	tests/scanner/dist-units.sh \
	tests/scanner/du-diff.sh \
	tests/scanner/file-path.sh \
	tests/scanner/hostile-names.sh \
	tests/scanner/huge-sizes.sh \
	tests/scanner/inodes.sh \
	tests/scanner/json-report.sh \
	tests/scanner/kernfs.sh \
	tests/scanner/kinds.sh \
	tests/scanner/min-free.sh \
	tests/scanner/ncdu-export.sh \
	tests/scanner/output.sh \
	tests/scanner/prometheus.sh \
	tests/scanner/reclaimable.sh \
	tests/scanner/report.sh \
	tests/scanner/since.sh \
	tests/scanner/special-files.sh \
	tests/scanner/symlinks.sh \
	tests/scanner/tree-width.sh \
	tests/scanner/unreadable.sh \
	tests/scanner/usage.sh \
	tests/scanner/vanish.sh \
	tests/scanner/xdev.sh
TESTS += $(scanner_script_tests)
dist_check_SCRIPTS += $(scanner_script_tests)
EXTRA_DIST += tests/scanner/tree.sh
