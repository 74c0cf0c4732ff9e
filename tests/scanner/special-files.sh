#!/bin/bash
# FIFOs, sockets and devices are stat'ed, never opened: the scan does not
# block on a FIFO nobody writes to, and counts them as du does.
. "$top_srcdir/tests/lib.sh"
require_cmd du python3 timeout
mkdir -p "$T/t/sub"
mkfifo "$T/t/fifo" "$T/t/sub/fifo2"
python3 -c 'import socket,sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' "$T/t/sock" ||
	framework_failure "cannot make a socket"
[ -S "$T/t/sock" ] || framework_failure "no socket"
printf 'data\n' >"$T/t/sub/file"
cd "$T" || framework_failure "cd $T"
for w in getdents fts; do
	timeout 20 "$HEADROOM" scan --format=du --walker=$w -d 5 t >scan.out ||
		fail "$w: scan failed or hung"
	du -B1 -d 5 t >du.out
	cmp -s scan.out du.out || fail "$w: differs from du"
done
timeout 20 "$HEADROOM" scan --format=json --no-deleted t >scan.json || fail "json failed"
python3 - scan.json <<'PY' || fail "special files are not counted"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["paths"][0]["files"] == 4, d["paths"][0]
assert [f["path"] for f in d["top_files"]] == ["t/sub/file"], d["top_files"]
PY
echo ok
