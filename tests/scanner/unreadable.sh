#!/bin/bash
# An unreadable directory is reported as du reports it, counted, flagged
# on its ancestors, and the walk goes on; the exit status is 1.
. "$top_srcdir/tests/lib.sh"
require_root
require_cmd setpriv du python3
mkdir -p "$T/t/ok/sub" "$T/t/locked/inner" "$T/t/ok/closed"
head -c 10000 /dev/zero >"$T/t/ok/sub/f"
head -c 10000 /dev/zero >"$T/t/locked/inner/g"
chmod 755 "$T" "$T/t"
chmod 000 "$T/t/locked"
chmod 000 "$T/t/ok/closed"
cd "$T" || framework_failure "cd $T"
as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }

for w in getdents fts; do
	as_nobody "$HEADROOM" scan --format=du --walker=$w -d 100 t >scan.out 2>scan.err
	st=$?
	as_nobody du -B1 -d 100 t >du.out 2>du.err
	[ "$st" = 1 ] || fail "$w: exit $st, expected 1"
	cmp -s scan.out du.out || { diff du.out scan.out >&2; fail "$w: sizes differ from du"; }
	sed 's/^du: //' du.err | sort >want.err
	sed 's/^headroom: //' scan.err | sort >got.err
	cmp -s want.err got.err || { diff want.err got.err >&2; fail "$w: messages differ from du"; }
	expect_grep scan.err "headroom: cannot read directory 't/locked': Permission denied"
done
as_nobody "$HEADROOM" scan --format=json -d 2 t >scan.json 2>/dev/null
[ $? = 1 ] || fail "json: exit status is not 1"
python3 - scan.json <<'PY' || fail "json does not flag the errors"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["paths"][0]["errors"] == 2, d["paths"]
dirs = {x["path"]: x for x in d["directories"]}
assert dirs["t/locked"]["errors"] == 1 and dirs["t/ok"]["errors"] == 1, dirs
assert sorted(e["path"] for e in d["errors"]) == ["t/locked", "t/ok/closed"]
PY
as_nobody "$HEADROOM" scan --no-deleted t >report 2>/dev/null
expect_grep report "t/locked  (incomplete: read errors)"
echo ok
