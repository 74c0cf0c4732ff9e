#!/bin/bash
# Execution scenarios against the installed logrotate 3.21: each case of
# tests/rotate/cases runs through logrotate and through headroom rotate in
# two copies of one tree, and the trees, state files and exit statuses
# must be equal (see rotate-lib.sh).  Cases where headroom deliberately
# differs say why in their "differs" section and check headroom's result.
# CASES=GLOB runs some of them; KEEP=DIR keeps the work tree.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/rotate/rotate-lib.sh"
require_cmd logrotate perl gzip xz bzip2 zstd lz4 shred getfacl setfacl
require_root

# shellcheck disable=SC2086 # CASES is a glob pattern (HACKING.md)
rl_cases "$T/results" "$top_srcdir"/tests/rotate/cases/${CASES:-*}.case
cat "$T/results"
n=$(grep -c '^ok: \|^FAIL: ' "$T/results")
failed=$(grep -c '^FAIL: ' "$T/results")
[ "$n" -ge 1 ] || framework_failure "no cases"
[ -n "${KEEP:-}" ] && cp -a "$T" "$KEEP"
[ "$failed" = 0 ] || fail "$failed of $n cases differ from logrotate"
echo "$n cases agree with logrotate"
exit 0
