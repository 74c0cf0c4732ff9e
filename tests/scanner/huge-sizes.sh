#!/bin/bash
# Apparent sizes whose sum passes 2^64 (sparse files of exabytes) do not
# wrap: they saturate as du's do, "Infinity" in du's format and the text
# report, 2^64-1 in JSON.
. "$top_srcdir/tests/lib.sh"
require_root
require_cmd du python3 truncate
mount_tmpfs "$T/t" 1m
mkdir "$T/t/d"
for f in a b d/c; do
	truncate -s 6917529027641081856 "$T/t/$f" || skip "no 6 EiB sparse files here"
done
cd "$T" || framework_failure "cd $T"
for w in getdents fts; do
	"$HEADROOM" scan --format=du --walker=$w --apparent-size -d 1 t >ours || fail "$w"
	du -B1 --apparent-size -d 1 t >theirs
	cmp -s ours theirs || { diff ours theirs >&2; fail "$w: not du's lines"; }
done
"$HEADROOM" scan --no-progress --no-deleted -b t >report || fail "text"
expect_grep report "scan t: Infinity in 3 files"
"$HEADROOM" scan --format=json --no-deleted --apparent-size t >s.json || fail "json"
python3 - s.json <<'PY' || fail "json wraps"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["paths"][0]["size"] == 2**64 - 1, d["paths"][0]
assert [k["size"] for k in d["kinds"] if k["kind"] == "other"] == [2**64 - 1]
PY
echo ok
