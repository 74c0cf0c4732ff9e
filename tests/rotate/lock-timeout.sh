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

# hold SECONDS: a process that holds the state lock for SECONDS, its pid
# in $holder.  (Not flock(1): /proc/locks names the process that took a
# lock, and flock(1) hands it to a child and ends.)
hold() {
	perl -MFcntl=:flock -e 'open(my $f, "<", $ARGV[0]) or die;
		flock($f, LOCK_EX) or die; sleep $ARGV[1]' "$T/state" "$1" &
	holder=$!
	for _ in $(seq 50); do
		grep -q "^[0-9]*: FLOCK *ADVISORY *WRITE $holder " /proc/locks &&
			return 0
		sleep 0.1
	done
	framework_failure "flock did not take the lock"
}
trap '[ -n "${holder:-}" ] && kill "$holder" 2>/dev/null; _hr_cleanup' EXIT

hold 30
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
hold 2
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
