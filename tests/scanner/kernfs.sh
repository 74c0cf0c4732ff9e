#!/bin/bash
# Kernel pseudo file systems (proc, sysfs ...) below a PATH are skipped by
# default and listed in one line (JSON: skipped_mounts); memory-backed
# ones (tmpfs) are walked; --include-kernfs walks them all.
. "$top_srcdir/tests/lib.sh"
require_root
require_cmd python3
mkdir -p "$T/t/proc" "$T/t/sys"
mount -t proc proc "$T/t/proc" 2>/dev/null || skip "cannot mount proc here"
_hr_mounts="$T/t/proc"
mount -t sysfs sysfs "$T/t/sys" 2>/dev/null || skip "cannot mount sysfs here"
_hr_mounts="$T/t/sys $_hr_mounts"
mount_tmpfs "$T/t/shm" 1m
head -c 100000 /dev/zero >"$T/t/shm/blob"
cd "$T" || framework_failure "cd $T"
"$HEADROOM" scan --no-progress --no-deleted t >report 2>err
st=$?
[ "$st" = 0 ] || { cat err >&2; fail "exit $st, expected 0"; }
[ -s err ] && fail "messages: $(head -3 err)"
expect_grep report "skipped 2 kernel file systems (--include-kernfs walks them): t/proc, t/sys"
grep -q "$T/t/proc\$\|$T/t/sys\$" report && fail "a kernel file system in the table"
expect_grep report "$T/t/shm"
"$HEADROOM" scan --format=json --no-deleted t >scan.json || fail "json"
python3 - scan.json <<'PY' || fail "json skipped_mounts"
import json, sys
d = json.load(open(sys.argv[1]))
assert [(m["path"], m["reason"]) for m in d["skipped_mounts"]] == \
    [("t/proc", "kernfs"), ("t/sys", "kernfs")], d["skipped_mounts"]
assert {f["type"] for f in d["filesystems"]} >= {"tmpfs"}
assert not {f["type"] for f in d["filesystems"]} & {"proc", "sysfs"}
PY
# --include-kernfs: walked (some of /proc is unreadable even for root).
"$HEADROOM" scan --format=json --no-deleted --include-kernfs t >all.json 2>/dev/null
python3 - all.json <<'PY' || fail "--include-kernfs"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["skipped_mounts"] == [], d["skipped_mounts"]
assert {"proc", "sysfs"} <= {f["type"] for f in d["filesystems"]}
PY
echo ok
