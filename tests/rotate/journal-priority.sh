#!/bin/bash
# When standard error is the journal's stream (JOURNAL_STREAM names its
# device and inode, as systemd sets it for a service), every line begins
# with its priority for journald: <3> errors, <4> warnings, <6> the rest
# (-v's text and the summary), each line of a message of several lines
# too.  Standard error anything else, or JOURNAL_STREAM naming another
# file, gets no prefix.  Here standard error is a file whose own
# device:inode goes in JOURNAL_STREAM.
. "$top_srcdir/tests/lib.sh"

mkdir "$T/logs" && chmod 0755 "$T/logs" || framework_failure mkdir
echo a >"$T/logs/a.log"
printf '%s/logs/a.log {\n\trotate 1\n}\n%s/logs/none.log {\n}\n' \
    "$T" "$T" >"$T/conf"
# World-readable: logrotate's warning that the lock is skipped.
printf 'logrotate state -- version 2\n' >"$T/state"
chmod 0644 "$T/state"

: >"$T/err"
stream=$(stat -c '%d:%i' "$T/err")
JOURNAL_STREAM=$stream "$HEADROOM" rotate -f -v -s "$T/state" "$T/conf" \
    2>>"$T/err"
[ $? = 1 ] || fail "a missing log did not give exit status 1"
expect_grep "$T/err" "<3>error: stat of $T/logs/none.log failed: "
expect_grep "$T/err" "<4>warning: state file $T/state is world-readable"
expect_grep "$T/err" "<6>renaming $T/logs/a.log to $T/logs/a.log.1"
grep -v '^<[346]>' "$T/err" && fail "lines without a priority (above)"

# A message of two lines: each line has the priority.
chmod 0640 "$T/state"
hold_lock "$T/state" 30
: >"$T/err"
stream=$(stat -c '%d:%i' "$T/err")
JOURNAL_STREAM=$stream "$HEADROOM" rotate -s "$T/state" "$T/conf" \
    2>>"$T/err"
[ $? = 3 ] || fail "a held lock did not give exit status 3"
[ "$(head -n 2 "$T/err")" = "<3>error: state file $T/state is already locked
<3>logrotate does not support parallel execution on the same set of logfiles." ] ||
	{ cat "$T/err" >&2; fail "the lock error's lines (above)"; }
kill "$holder"
wait "$holder" 2>/dev/null # until the lock is let go

# Standard error not the journal: no prefix.
JOURNAL_STREAM=$stream "$HEADROOM" rotate -f -s "$T/state" "$T/conf" \
    2>"$T/err2"
grep '^<' "$T/err2" && fail "a priority on a stream that is not the journal"
expect_grep "$T/err2" "error: stat of $T/logs/none.log failed: "
exit 0
