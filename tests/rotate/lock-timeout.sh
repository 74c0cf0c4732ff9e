#!/bin/bash
# --wait-for-state-lock=SECONDS waits at most that long for a state lock
# another process holds, then exits 3 with an error naming the holder's
# pid (from /proc/locks); its metrics file says so too.  Without a value
# it waits as logrotate's does, until the lock is free.  A value that is
# not a number of seconds is a bad argument.
. "$top_srcdir/tests/lib.sh"
require_cmd perl timeout

echo a >"$T/a.log"
printf '%s/a.log {\n\trotate 1\n}\n' "$T" >"$T/conf"
printf 'logrotate state -- version 2\n' >"$T/state"
chmod 0640 "$T/state"

hold_lock "$T/state" 30
start=$(date +%s)
timeout 20 "$HEADROOM" rotate --wait-for-state-lock=1 -s "$T/state" \
    --metrics "$T/m.prom" "$T/conf" 2>"$T/err"
rc=$?
end=$(date +%s)
[ $rc = 3 ] || fail "a lock still held after the wait gave exit status $rc"
[ $((end - start)) -ge 1 ] || fail "it did not wait"
expect_grep "$T/err" \
    "error: state file $T/state is still locked by process $holder after 1 seconds"
expect_grep "$T/m.prom" "headroom_rotate_run_exit_status 3"
expect_grep "$T/m.prom" "headroom_rotate_run_errors 1"
[ "$(cat "$T/a.log")" = a ] || fail "a.log was rotated without the lock"

# 0 tries once.
timeout 20 "$HEADROOM" rotate --wait-for-state-lock=0 -s "$T/state" \
    "$T/conf" 2>"$T/err"
rc=$?
[ $rc = 3 ] || fail "--wait-for-state-lock=0 gave exit status $rc"
expect_grep "$T/err" "is still locked by process $holder after 0 seconds"
kill "$holder"
wait "$holder" 2>/dev/null

# Without a value: waits for the holder to let go, then rotates.
hold_lock "$T/state" 2
timeout 20 "$HEADROOM" rotate -f --wait-for-state-lock -s "$T/state" \
    "$T/conf" || fail "--wait-for-state-lock did not wait for the lock"
[ -f "$T/a.log.1" ] || fail "a.log was not rotated after the wait"
wait "$holder"

for bad in x -1 1.5 ' 1' 99999999999; do
	"$HEADROOM" rotate "--wait-for-state-lock=$bad" -s "$T/state" \
	    "$T/conf" 2>"$T/err"
	rc=$?
	[ $rc = 2 ] || fail "--wait-for-state-lock=$bad gave exit status $rc"
	expect_grep "$T/err" "bad argument --wait-for-state-lock=$bad"
done
exit 0
