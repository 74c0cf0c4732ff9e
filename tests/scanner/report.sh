#!/bin/bash
# The text report for an incident channel: a header with the host and the
# time, the mounts -x skipped, the errors (count and first ones) as well
# as on stderr, each file system's type; units (-b, --si) in every table
# with aligned columns; plurals; no 0-byte rows.  JSON has host and time.
. "$top_srcdir/tests/lib.sh"
require_root
require_cmd python3 setpriv sleep
mkdir -p "$T/t/sub" "$T/t/locked" "$T/one"
printf 'x\n' >"$T/one/only.log"
head -c 300000 /dev/urandom >"$T/t/sub/big"
: >"$T/t/empty1" && : >"$T/t/sub/empty2"
: >"$T/t/locked/x"
chmod 000 "$T/t/locked"
mount_tmpfs "$T/t/mnt" 1m
head -c 20000 /dev/urandom >"$T/t/mnt/on-tmpfs"
# An empty file and a full one, deleted and held open.
head -c 100000 /dev/urandom >"$T/t/gone-full"
: >"$T/t/gone-empty"
exec 3<"$T/t/gone-full" 4<"$T/t/gone-empty"
sleep 300 &
holder=$!
exec 3<&- 4<&-
trap 'kill $holder 2>/dev/null; _hr_cleanup' EXIT
rm "$T/t/gone-full" "$T/t/gone-empty"
chmod 755 "$T"
cd "$T" || framework_failure "cd $T"
asnobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }

asnobody "$HEADROOM" scan --no-progress --no-deleted -x t >report 2>err
[ $? = 1 ] || fail "unreadable directory: not exit 1"
head -n 1 report | grep -Eq "^headroom scan on $(hostname), [0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2} [-+][0-9]{4}\$" ||
	fail "no header with host and time: $(head -n 1 report)"
expect_grep report "skipped 1 other file system (-x): t/mnt"
expect_grep report "1 error (all on standard error):"
expect_grep report "  cannot read directory 't/locked': Permission denied"
expect_grep err "headroom: cannot read directory 't/locked': Permission denied"
grep -q "^scan t: .* in 3 files, 3 directories, 1 error;" report ||
	fail "plurals: $(grep '^scan t' report)"
grep -q "empty" report && fail "0-byte files listed"
"$HEADROOM" scan --no-progress --no-deleted one >report1 || fail "scan one"
grep -q "^scan one: .* in 1 file, 1 directory, 0 errors;" report1 ||
	fail "singulars: $(grep '^scan one' report1)"
grep -Eq "^  active logs  +4.0K  1 file\$" report1 || fail "kinds: 1 file"

"$HEADROOM" scan --no-progress t >report 2>/dev/null
expect_grep report "t/sub/big"
expect_grep report "t/gone-full (deleted)"
grep -q "gone-empty" report && fail "0-byte deleted file listed"
grep -q "  tmpfs  *$T/t/mnt\$" report || fail "no file system type"

# -b: bytes in every table, each table's columns aligned.
"$HEADROOM" scan --no-progress -b t >report 2>/dev/null
python3 - report <<'PY' || fail "-b: units or alignment"
import re, sys
lines = open(sys.argv[1]).read().split("\n")
def table(title):
    i = next(k for k, l in enumerate(lines) if l.startswith(title))
    rows = []
    for l in lines[i + 1:]:
        if not l.strip():
            break
        rows.append(l)
    return rows
fs = table("File systems")
for row in fs[1:]:
    assert re.match(r"^ +\d+ +\d+ +\d+ ", row), row
assert len({row.index("%") for row in fs[1:]}) == 1, fs
for title in ("Largest directories", "Largest files", "Space by kind"):
    rows = [r for r in table(title) if r.strip() != "(none)"]
    assert rows, title
    ends = set()
    for r in rows:
        m = re.match(r"^ +(\d+)", r) if title != "Space by kind" else \
            re.match(r"^  .{24} +(\d+)", r)
        assert m, (title, r)
        ends.add(m.end(1))
    assert len(ends) == 1, (title, rows)
PY
"$HEADROOM" scan --no-progress --si t 2>/dev/null | grep -A2 "^File systems" | tail -1 |
	grep -Eq "^ +[0-9.]+[kMGT] " || fail "--si not in the file system table"
"$HEADROOM" scan --format=json --no-deleted t >s.json 2>/dev/null
python3 - s.json "$(hostname)" <<'PY' || fail "json host and time"
import json, sys, time, datetime
d = json.load(open(sys.argv[1]))
assert d["host"] == sys.argv[2], d["host"]
assert abs(d["timestamp"] - time.time()) < 600, d["timestamp"]
t = datetime.datetime.strptime(d["time"], "%Y-%m-%dT%H:%M:%S%z")
assert abs(t.timestamp() - d["timestamp"]) < 1, (d["time"], d["timestamp"])
assert all(f["disk"] > 0 for f in d["top_files"]), d["top_files"]
PY
echo ok
