#!/bin/bash
# A file system out of inodes but not of space is low: the text report
# shows its free inodes and the LOW marker, JSON gives the inode counts
# and low_inodes, and --min-free exits 3.
. "$top_srcdir/tests/lib.sh"
require_root
require_cmd python3
mkdir -p "$T/few"
mount -t tmpfs -o size=16m,nr_inodes=40 headroom-test "$T/few" 2>/dev/null ||
	skip "cannot mount a tmpfs here"
_hr_mounts="$T/few"
for i in $(seq 38); do : >"$T/few/f$i" 2>/dev/null; done
cd "$T" || framework_failure "cd $T"
"$HEADROOM" scan --no-progress --no-deleted few >report
st=$?
[ "$st" = 0 ] || fail "exit $st without --min-free"
expect_grep report "$T/few  << LOW: below 10% free inodes"
"$HEADROOM" scan --no-progress --no-deleted --min-free 10 few >/dev/null
st=$?
[ "$st" = 3 ] || fail "--min-free: exit $st, expected 3"
"$HEADROOM" scan --format=json --no-deleted few >scan.json
python3 - scan.json "$T/few" <<'PY' || fail "json lacks the inodes"
import json, sys
d = json.load(open(sys.argv[1]))
fs = [f for f in d["filesystems"] if f["mount"] == sys.argv[2]]
assert fs, d["filesystems"]
f = fs[0]
assert f["inodes"] == 40 and f["inodes_used"] + f["inodes_free"] == 40, f
assert f["inodes_free_percent"] < 10 and f["free_percent"] > 90, f
assert f["low_inodes"] is True and f["low_space"] is False, f
assert f["below_min_free"] is True, f
PY
echo ok
