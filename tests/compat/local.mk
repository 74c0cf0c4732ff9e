# tests/compat/: differential tests against logrotate 3.21: the command
# line, decisions and messages, and Debian's own configuration.
compat_tests = tests/compat/cmdline.sh tests/compat/decisions.sh \
	tests/compat/debian-configs.sh tests/compat/verbose-lines.sh
# The configuration headroom ships (conf.d/) parses without error, with
# conf_read and with logrotate itself.
compat_tests += tests/compat/shipped-configs.sh
TESTS += $(compat_tests)
dist_check_SCRIPTS += $(compat_tests)
# The differential tests' shared functions and their cases (one file each).
EXTRA_DIST += tests/compat/compat-lib.sh tests/compat/cases
