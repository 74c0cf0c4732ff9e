# tests/lint/: checks over the source itself: shellcheck over the shell,
# with the project's .shellcheckrc.
TESTS += tests/lint/shellcheck.sh
dist_check_SCRIPTS += tests/lint/shellcheck.sh
EXTRA_DIST += .shellcheckrc
