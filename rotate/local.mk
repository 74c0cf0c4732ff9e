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
	$(rotate_metrics_sources) \
	$(rotate_compress_sources)

# The command line, the stages of a run and the -d report.
rotate_main_sources = \
	rotate/rotate_main.c rotate/rotate_main.h rotate/rotate_int.h \
	rotate/rotate_args.c rotate/rotate_report.c

# Configuration: lexer, parser, globs -> struct rconf.
rotate_conf_sources = \
	rotate/rconf.c rotate/rconf.h \
	rotate/conf_lex.c rotate/conf_lex.h \
	rotate/conf_parse.c rotate/conf_parse.h rotate/conf_parse_int.h \
	rotate/conf_opts.h rotate/conf_ctx.c \
	rotate/conf_directives.c rotate/conf_read.c \
	rotate/expand.c rotate/expand.h

# The state file.
rotate_state_sources = \
	rotate/state.c rotate/state.h

# Decisions and steps; the repair of interrupted runs and its journal.
rotate_plan_sources = \
	rotate/plan.c rotate/plan_build.c rotate/plan.h rotate/plan_int.h \
	rotate/plan_schedule.c rotate/plan_decide.c rotate/plan_names.c \
	rotate/plan_prepare.c rotate/plan_describe.c rotate/plan_minfree.c \
	rotate/recover.c rotate/recover_temps.c rotate/journal.c rotate/journal.h

# Carrying out the plan.
rotate_exec_sources = \
	rotate/exec.c rotate/exec.h rotate/exec_int.h rotate/exec_mail.c \
	rotate/exec_say.c rotate/exec_steps.c

# The --metrics file.
rotate_metrics_sources = \
	rotate/metrics.c rotate/metrics.h

# Compression backends.
rotate_compress_sources = \
	rotate/compress.c rotate/compress.h rotate/compress_int.h \
	rotate/compress_io.c rotate/compress_gzip.c rotate/compress_chunk.c \
	rotate/compress_archive.c rotate/compress_cmd.c

# Unit tests of rotate/ (one cmocka binary per module).
rotate_unit_tests =
# The state file: its format, how it is written, its lock, and random
# lines read by headroom and logrotate.
rotate_unit_tests += tests/unit/test_state tests/unit/test_state_write \
	tests/unit/test_state_lock tests/unit/test_state_random
tests_unit_test_state_SOURCES = tests/unit/test_state.c \
	tests/unit/unit_util.c tests/unit/unit_util.h
tests_unit_test_state_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_state_LDADD = $(ROTATE_UNIT_LIBS)
tests_unit_test_state_write_SOURCES = tests/unit/test_state_write.c \
	tests/unit/unit_util.c tests/unit/unit_util.h
tests_unit_test_state_write_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_state_write_LDADD = $(ROTATE_UNIT_LIBS)
tests_unit_test_state_lock_SOURCES = tests/unit/test_state_lock.c \
	tests/unit/unit_util.c tests/unit/unit_util.h
tests_unit_test_state_lock_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_state_lock_LDADD = $(ROTATE_UNIT_LIBS)
tests_unit_test_state_random_SOURCES = tests/unit/test_state_random.c \
	tests/unit/unit_util.c tests/unit/unit_util.h
tests_unit_test_state_random_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_state_random_LDADD = $(ROTATE_UNIT_LIBS)
# Compression: the backends, what compress_file refuses and survives, and
# many compressions at once (the fixtures in compress_test_util).
rotate_unit_tests += tests/unit/test_compress \
	tests/unit/test_compress_safety tests/unit/test_compress_parallel
if HAVE_CMOCKA
check_PROGRAMS += $(rotate_unit_tests)
TESTS += $(rotate_unit_tests)
endif
ROTATE_UNIT_LIBS = rotate/librotate.a $(UNIT_LIBS) $(LIBDEFLATE_LIBS) \
	$(ZLIB_LIBS)
tests_unit_test_compress_SOURCES = tests/unit/test_compress.c \
	tests/unit/compress_test_util.c tests/unit/compress_test_util.h \
	tests/unit/unit_util.c tests/unit/unit_util.h
tests_unit_test_compress_CFLAGS = $(UNIT_CFLAGS) $(ZLIB_CFLAGS)
tests_unit_test_compress_LDADD = $(ROTATE_UNIT_LIBS)
tests_unit_test_compress_safety_SOURCES = tests/unit/test_compress_safety.c \
	tests/unit/compress_test_util.c tests/unit/compress_test_util.h \
	tests/unit/unit_util.c tests/unit/unit_util.h
tests_unit_test_compress_safety_CFLAGS = $(UNIT_CFLAGS) $(ZLIB_CFLAGS)
tests_unit_test_compress_safety_LDADD = $(ROTATE_UNIT_LIBS)
# renameat2, write, fsync and the compressors' constructors are wrapped
# to fail on cue (see the test).
tests_unit_test_compress_safety_LDFLAGS = $(AM_LDFLAGS) \
	-Wl,--wrap=renameat2,--wrap=write,--wrap=fsync \
	-Wl,--wrap=deflateInit2_,--wrap=libdeflate_alloc_compressor
tests_unit_test_compress_parallel_SOURCES = \
	tests/unit/test_compress_parallel.c \
	tests/unit/compress_test_util.c tests/unit/compress_test_util.h \
	tests/unit/unit_util.c tests/unit/unit_util.h
tests_unit_test_compress_parallel_CFLAGS = $(UNIT_CFLAGS) $(ZLIB_CFLAGS)
tests_unit_test_compress_parallel_LDADD = $(ROTATE_UNIT_LIBS)

# Scenario and differential tests (tests/rotate).
rotate_script_tests =
TESTS += $(rotate_script_tests)
dist_check_SCRIPTS += $(rotate_script_tests)

# The journal of interrupted runs.
rotate_unit_tests += tests/unit/test_journal
tests_unit_test_journal_SOURCES = tests/unit/test_journal.c \
	tests/unit/unit_util.c tests/unit/unit_util.h
tests_unit_test_journal_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_journal_LDADD = $(ROTATE_UNIT_LIBS)

# The planner, against the fake world of plan_test_util: whether a log is
# due, its steps, the repairs of an interrupted run, the background jobs.
rotate_unit_tests += tests/unit/test_plan_decide tests/unit/test_plan_steps \
	tests/unit/test_plan_repair tests/unit/test_plan_schedule
tests_unit_test_plan_decide_SOURCES = tests/unit/test_plan_decide.c \
	tests/unit/plan_test_util.c tests/unit/plan_test_util.h
tests_unit_test_plan_decide_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_plan_decide_LDADD = $(ROTATE_UNIT_LIBS)
tests_unit_test_plan_steps_SOURCES = tests/unit/test_plan_steps.c \
	tests/unit/plan_test_util.c tests/unit/plan_test_util.h
tests_unit_test_plan_steps_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_plan_steps_LDADD = $(ROTATE_UNIT_LIBS)
tests_unit_test_plan_repair_SOURCES = tests/unit/test_plan_repair.c \
	tests/unit/plan_test_util.c tests/unit/plan_test_util.h
tests_unit_test_plan_repair_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_plan_repair_LDADD = $(ROTATE_UNIT_LIBS)
tests_unit_test_plan_schedule_SOURCES = tests/unit/test_plan_schedule.c \
	tests/unit/plan_test_util.c tests/unit/plan_test_util.h
tests_unit_test_plan_schedule_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_plan_schedule_LDADD = $(ROTATE_UNIT_LIBS)
# minfree and --urgent-only (headroom extensions) in the planner.
rotate_unit_tests += tests/unit/test_plan_minfree
tests_unit_test_plan_minfree_SOURCES = tests/unit/test_plan_minfree.c \
	tests/unit/plan_test_util.c tests/unit/plan_test_util.h
tests_unit_test_plan_minfree_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_plan_minfree_LDADD = $(ROTATE_UNIT_LIBS)

# Unit tests of the config parser (rconf, conf_lex, conf_parse, expand).
rotate_unit_tests += tests/unit/test_conf_lex tests/unit/test_conf_parse \
	tests/unit/test_conf_read tests/unit/test_expand
tests_unit_test_conf_lex_SOURCES = tests/unit/test_conf_lex.c
tests_unit_test_conf_lex_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_conf_lex_LDADD = $(ROTATE_UNIT_LIBS)
tests_unit_test_conf_parse_SOURCES = tests/unit/test_conf_parse.c \
	tests/unit/conf_test_util.c tests/unit/conf_test_util.h \
	tests/unit/unit_util.c tests/unit/unit_util.h
tests_unit_test_conf_parse_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_conf_parse_LDADD = $(ROTATE_UNIT_LIBS)
tests_unit_test_conf_read_SOURCES = tests/unit/test_conf_read.c \
	tests/unit/conf_test_util.c tests/unit/conf_test_util.h \
	tests/unit/unit_util.c tests/unit/unit_util.h
tests_unit_test_conf_read_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_conf_read_LDADD = $(ROTATE_UNIT_LIBS)
tests_unit_test_expand_SOURCES = tests/unit/test_expand.c \
	tests/unit/conf_test_util.c tests/unit/conf_test_util.h \
	tests/unit/unit_util.c tests/unit/unit_util.h
tests_unit_test_expand_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_expand_LDADD = $(ROTATE_UNIT_LIBS)

# Carrying out plans (exec): unit tests, execution scenarios against
# logrotate, data safety (a full disk, a killed compressor, kill -9 of
# headroom).
rotate_unit_tests += tests/unit/test_exec tests/unit/test_exec_errors \
	tests/unit/test_exec_repair
tests_unit_test_exec_SOURCES = tests/unit/test_exec.c \
	tests/unit/exec_test_util.c tests/unit/exec_test_util.h \
	tests/unit/unit_util.c tests/unit/unit_util.h
tests_unit_test_exec_CFLAGS = $(UNIT_CFLAGS) $(ZLIB_CFLAGS)
tests_unit_test_exec_LDADD = $(ROTATE_UNIT_LIBS)
tests_unit_test_exec_errors_SOURCES = tests/unit/test_exec_errors.c \
	tests/unit/exec_test_util.c tests/unit/exec_test_util.h \
	tests/unit/unit_util.c tests/unit/unit_util.h
tests_unit_test_exec_errors_CFLAGS = $(UNIT_CFLAGS) $(ZLIB_CFLAGS)
tests_unit_test_exec_errors_LDADD = $(ROTATE_UNIT_LIBS)
# rename, renameat2, openat, copy_file_range, ftruncate and unlink are
# wrapped to make the steps that touch logs fail (see inject in the test).
tests_unit_test_exec_errors_LDFLAGS = $(AM_LDFLAGS) -Wl,--wrap=rename \
	-Wl,--wrap=renameat2 \
	-Wl,--wrap=openat,--wrap=copy_file_range,--wrap=ftruncate \
	-Wl,--wrap=unlink
tests_unit_test_exec_repair_SOURCES = tests/unit/test_exec_repair.c \
	tests/unit/exec_test_util.c tests/unit/exec_test_util.h \
	tests/unit/unit_util.c tests/unit/unit_util.h
tests_unit_test_exec_repair_CFLAGS = $(UNIT_CFLAGS) $(ZLIB_CFLAGS)
tests_unit_test_exec_repair_LDADD = $(ROTATE_UNIT_LIBS)
rotate_script_tests += tests/rotate/differential.sh
rotate_script_tests += tests/rotate/data-safety.sh tests/rotate/crash-kill9.sh
rotate_script_tests += tests/rotate/crash-chunked.sh
rotate_script_tests += tests/rotate/repair.sh tests/rotate/crash-state.sh
rotate_script_tests += tests/rotate/verbose.sh tests/rotate/dry-run.sh \
	tests/rotate/syslog.sh
rotate_script_tests += tests/rotate/no-libarchive.sh
rotate_script_tests += tests/rotate/metrics.sh tests/rotate/alert-rules.sh
rotate_script_tests += tests/rotate/lock-timeout.sh
rotate_script_tests += tests/rotate/config-unreadable.sh
rotate_script_tests += tests/rotate/journal-priority.sh
rotate_script_tests += tests/rotate/summary.sh
rotate_script_tests += tests/rotate/minfree.sh tests/rotate/urgent-only.sh \
	tests/rotate/minfree-compat.sh
EXTRA_DIST += tests/rotate/alert-rules.yml
# Random scenarios against logrotate (RANDOM_SEED, RANDOM_CASES).
rotate_script_tests += tests/rotate/random.sh
EXTRA_DIST += tests/rotate/random-case.pl
EXTRA_DIST += tests/rotate/rotate-lib.sh tests/rotate/cases

