#!/bin/bash
# --urgent-only (a headroom extension, for headroom-rotate-urgent.timer)
# rotates the logs due by size or maxsize and leaves a log due by its
# time criterion, and its state entry, to the daily run.  It takes the
# state lock as every run does.
. "$top_srcdir/tests/lib.sh"
require_cmd perl
mkdir "$T/l" && chmod 0755 "$T" "$T/l"
for n in t s m; do seq 1 100 >"$T/l/$n.log"; done
now=$(date +%Y-%-m-%-d-%-H:0:0)
cat >"$T/state" <<EOF
logrotate state -- version 2
"$T/l/t.log" 2020-1-1-0:0:0
"$T/l/m.log" $now
EOF
cat >"$T/conf" <<EOF
$T/l/t.log {
	daily
	rotate 1
	create
}
$T/l/s.log {
	size 100
	rotate 1
	create
}
$T/l/m.log {
	weekly
	maxsize 100
	rotate 1
	create
}
EOF

"$HEADROOM" rotate -d --urgent-only -s "$T/state" "$T/conf" >"$T/out" 2>&1 ||
	fail "-d --urgent-only failed: $(cat "$T/out")"
expect_grep "$T/out" "log does not need rotating (--urgent-only: not due by size, maxsize or minfree)"
"$HEADROOM" rotate --urgent-only -s "$T/state" "$T/conf" 2>"$T/err" ||
	fail "--urgent-only failed: $(cat "$T/err")"
[ -f "$T/l/s.log.1" ] || fail "the log due by size was not rotated"
[ -f "$T/l/m.log.1" ] || fail "the log above its maxsize was not rotated"
[ ! -e "$T/l/t.log.1" ] || fail "--urgent-only rotated a log due by time"
grep -qF "\"$T/l/t.log\" 2020-1-1-0:0:0" "$T/state" ||
	fail "--urgent-only changed the time-due log's state: $(cat "$T/state")"

# The daily run then rotates it.
"$HEADROOM" rotate -s "$T/state" "$T/conf" 2>"$T/err" ||
	fail "the daily run failed: $(cat "$T/err")"
[ -f "$T/l/t.log.1" ] || fail "the daily run did not rotate the time-due log"

# The same lock as the daily run.
hold_lock "$T/state" 30
"$HEADROOM" rotate --urgent-only --wait-for-state-lock=0 -s "$T/state" \
    "$T/conf" 2>"$T/err"
rc=$?
[ $rc = 3 ] || fail "--urgent-only did not wait for the daily run's lock: $rc"
expect_grep "$T/err" "is still locked by process $holder"
exit 0
