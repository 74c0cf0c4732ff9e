#!/bin/bash
# --min-free: a tmpfs filled to 95% gives exit status 3 and is named;
# 3 takes precedence over 1 (errors); without --min-free, no 3, but the
# LOW marker (text and JSON) still uses the default 10%; once read-only,
# it is shown as such and never low.
. "$top_srcdir/tests/lib.sh"
require_root
require_cmd setpriv python3
mount_tmpfs "$T/small" 1m
head -c 990000 /dev/zero >"$T/small/fill" 2>/dev/null
mkdir "$T/small/locked"
chmod 000 "$T/small/locked"
chmod 755 "$T"
cd "$T" || framework_failure "cd $T"
"$HEADROOM" scan --no-deleted --min-free 10 small >report
st=$?
[ "$st" = 3 ] || fail "exit $st, expected 3"
expect_grep report "$T/small  << LOW: below 10% free"
"$HEADROOM" scan --no-deleted small >report
st=$?
[ "$st" = 0 ] || fail "exit $st without --min-free"
expect_grep report "$T/small  << LOW: below 10% free"
"$HEADROOM" scan --format=json --no-deleted small >scan.json ||
	fail "json: exit status is not 0 without --min-free"
python3 - scan.json "$T/small" <<'PY' || fail "json does not flag it by default"
import json, sys
d = json.load(open(sys.argv[1]))
fs = [f for f in d["filesystems"] if f["mount"] == sys.argv[2]]
assert fs and fs[0]["below_min_free"] is True, d["filesystems"]
assert d["min_free_percent"] == 10, d["min_free_percent"]
PY
"$HEADROOM" scan --no-deleted --min-free 1% small >/dev/null ||
	fail "exit status is not 0 with --min-free 1%"
setpriv --reuid=65534 --regid=65534 --clear-groups \
	"$HEADROOM" scan --no-deleted --min-free 10 small >/dev/null 2>err
st=$?
[ "$st" = 3 ] || fail "exit $st with errors and a low file system, expected 3"
expect_grep err "cannot read directory 'small/locked'"
"$HEADROOM" scan --format=json --min-free 10 small >scan.json
[ $? = 3 ] || fail "json: exit status is not 3"
python3 - scan.json "$T/small" <<'PY' || fail "json does not flag it"
import json, sys
d = json.load(open(sys.argv[1]))
fs = [f for f in d["filesystems"] if f["mount"] == sys.argv[2]]
assert fs and fs[0]["below_min_free"] is True and fs[0]["free_percent"] < 10, d["filesystems"]
assert fs[0]["type"] == "tmpfs" and fs[0]["read_only"] is False
PY
# Read-only (as a squashfs snap, always full): shown, never low.
rm -rf small/locked
mount -o remount,ro "$T/small" || framework_failure "cannot remount read-only"
"$HEADROOM" scan --no-progress --no-deleted --min-free 10 small >report
st=$?
[ "$st" = 0 ] || fail "read-only: exit $st, expected 0"
grep -q "LOW" report && fail "read-only marked low"
expect_grep report "$T/small  (read-only: cannot fill up, never low)"
"$HEADROOM" scan --format=json --no-deleted small >scan.json
python3 - scan.json "$T/small" <<'PY' || fail "json: read-only"
import json, sys
d = json.load(open(sys.argv[1]))
fs = [f for f in d["filesystems"] if f["mount"] == sys.argv[2]]
assert fs[0]["read_only"] is True and fs[0]["below_min_free"] is False, fs
PY
echo ok
