#!/bin/bash
# A configuration file that opens but cannot be read (here a sysfs
# attribute that refuses every read) is an error in logrotate's words,
# naming the file and the reason; nothing of it is parsed, the exit status
# is 1, and the other configuration files are still read and rotated.
. "$top_srcdir/tests/lib.sh"

bad=/sys/class/net/lo/speed
{ [ -f "$bad" ] && ! cat "$bad" >/dev/null 2>&1; } ||
	skip "$bad is not a regular file that refuses to be read here"

echo a >"$T/a.log"
printf '%s/a.log {\n\trotate 1\n}\n' "$T" >"$T/conf"
"$HEADROOM" rotate -f -s "$T/state" "$bad" "$T/conf" 2>"$T/err"
rc=$?
[ $rc = 1 ] || { cat "$T/err" >&2; fail "exit status $rc, expected 1"; }
expect_grep "$T/err" "error: Error mapping config file $bad: "
[ -f "$T/a.log.1" ] || fail "the next configuration file was not rotated"
exit 0
