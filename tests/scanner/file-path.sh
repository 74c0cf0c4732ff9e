#!/bin/bash
# A file given as PATH is a file of the report: it is in "Largest files"
# and in its kind (judged by the directory it is in), text and JSON.
. "$top_srcdir/tests/lib.sh"
require_cmd python3
mkdir -p "$T/var/log"
head -c 5000 /dev/zero >"$T/var/log/syslog.1"
cd "$T/var/log" || framework_failure "cd"
"$HEADROOM" scan --no-progress --no-deleted syslog.1 >report || fail "scan failed"
grep -A1 "^Largest files" report | grep -q "  syslog.1\$" || fail "not in Largest files"
grep -q "^  rotated logs  *8.0K  *1 file" report || fail "not a rotated log"
"$HEADROOM" scan --format=json --no-deleted "$T/var/log/syslog.1" >f.json || fail "json"
python3 - f.json "$T/var/log/syslog.1" <<'PY' || fail "json"
import json, sys
d = json.load(open(sys.argv[1]))
assert [f["path"] for f in d["top_files"]] == [sys.argv[2]], d["top_files"]
k = {x["kind"]: x["files"] for x in d["kinds"]}
assert k["rotated_log"] == 1 and sum(k.values()) == 1, k
PY
echo ok
