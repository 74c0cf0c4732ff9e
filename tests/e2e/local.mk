# tests/e2e/: headroom rotate against a real nginx reopening its logs
# during rotations.
TESTS += tests/e2e/nginx.sh
dist_check_SCRIPTS += tests/e2e/nginx.sh
