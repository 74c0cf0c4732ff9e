#!/bin/bash
# Random execution scenarios against the installed logrotate 3.21:
# random-case.pl draws stanzas x trees x state files x runs, and each case
# runs through both programs on identical copies (rotate-lib.sh's rl_case):
# names, types, modes, owners, mtimes, decompressed contents and ACLs of
# every file (what scripts and the mail command wrote included), state
# dates and exit statuses must be equal.
#
# RANDOM_SEED=S (default 1) and RANDOM_CASES=N (default 10) draw other
# cases, for a longer hunt; KEEP=DIR keeps the work tree and the cases.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/rotate/rotate-lib.sh"
require_cmd logrotate perl gzip xz bzip2 getfacl
require_root

seed=${RANDOM_SEED:-1}
n=${RANDOM_CASES:-10}
mkdir "$T/cases" || framework_failure mkdir
perl "$top_srcdir/tests/rotate/random-case.pl" "$seed" "$n" "$T/cases" ||
	framework_failure "random-case.pl failed"

rl_cases "$T/results" "$T"/cases/*.case
cat "$T/results"
ran=$(grep -c '^ok: \|^FAIL: ' "$T/results")
failed=$(grep -c '^FAIL: ' "$T/results")
[ "$ran" = "$n" ] || framework_failure "ran $ran of $n cases"
[ -n "${KEEP:-}" ] && cp -a "$T" "$KEEP"
[ "$failed" = 0 ] ||
	fail "$failed of $n random cases (seed $seed) differ from logrotate"
echo "$n random cases (seed $seed) agree with logrotate"
exit 0
