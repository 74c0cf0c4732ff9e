#!/bin/bash
# A process holds a deleted 10 MiB file open: the report shows the space,
# the pid, the command and the old path; --no-deleted turns it off.
. "$top_srcdir/tests/lib.sh"
require_cmd python3 sleep
[ -r /proc/self/fd ] || skip "no readable /proc"
mkdir -p "$T/t"
head -c 10485760 /dev/urandom >"$T/t/held.log" || framework_failure "write"
# Open it here, so it is open before it is removed.
exec 3<"$T/t/held.log"
sleep 300 0<&3 3<&- &
holder=$!
exec 3<&-
trap 'kill $holder 2>/dev/null; _hr_cleanup' EXIT
for _ in $(seq 50); do
	[ "$(cat /proc/$holder/comm 2>/dev/null)" = sleep ] && break
	sleep 0.1
done
rm "$T/t/held.log"
cd "$T" || framework_failure "cd $T"
"$HEADROOM" scan --no-progress "$T/t" >report || fail "scan failed"
expect_grep report "pid $holder (sleep) fd 0  $T/t/held.log (deleted)"
expect_grep report "10M  pid $holder"
"$HEADROOM" scan --format=json "$T/t" >scan.json || fail "json failed"
python3 - scan.json "$holder" "$T/t/held.log" <<'PY' || fail "json lacks the deleted file"
import json, sys
d = json.load(open(sys.argv[1]))
hit = [f for f in d["deleted"]["files"] if f["pid"] == int(sys.argv[2])]
assert hit and hit[0]["path"] == sys.argv[3] and hit[0]["disk"] >= 10485760, hit
assert hit[0]["command"] == "sleep" and d["deleted"]["checked"] is True
PY
"$HEADROOM" scan --no-progress --no-deleted "$T/t" >report2 || fail "scan failed"
grep -q "pid $holder" report2 && fail "--no-deleted still lists it"
expect_grep report2 "(not checked)"
echo ok
