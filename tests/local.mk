# tests/: the harness and the dispatcher's tests.  Each module's own tests
# are listed in that module's local.mk (lib/, scanner/, rotate/, bench/).
EXTRA_DIST += tests/lib.sh
dist_check_SCRIPTS += tests/cli/dispatch.sh
TESTS += tests/cli/dispatch.sh
