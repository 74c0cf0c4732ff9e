#!/bin/bash
# --format=ncdu writes ncdu's JSON export (1.2): ncdu 1.18 loads it (from
# a file, and through a pipe: `scan --format=ncdu -o - | ncdu -f -`) and
# exports it again unchanged in substance; the totals, with hard links
# counted once, equal du's; every walker and -j give the same tree.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/scanner/tree.sh"
require_cmd ncdu du python3
make_tree "$T/t"
cd "$T" || framework_failure "cd $T"
"$HEADROOM" scan --format=ncdu -o export.json t || fail "export failed"
ncdu -0 -f export.json -o reexport.json 2>ncdu.err || fail "ncdu failed"
# ncdu 1.18 exits 0 even on a parse error: its stderr tells.
[ -s ncdu.err ] && { cat ncdu.err >&2; fail "ncdu could not read the export"; }
[ -s reexport.json ] || fail "ncdu wrote nothing"
"$HEADROOM" scan --format=ncdu -j 7 -o export7.json t || fail "-j 7"
"$HEADROOM" scan --format=ncdu --walker=fts -o exportfts.json t || fail "fts"
"$HEADROOM" scan --format=ncdu -o - t >stdout.json || fail "-o -"
# The pipe the man page and README show: scan | ncdu -f -.
"$HEADROOM" scan --format=ncdu -o - t | ncdu -0 -f - -o piped.json 2>pipe.err ||
	fail "scan | ncdu -f - failed"
[ -s pipe.err ] && { cat pipe.err >&2; fail "ncdu could not read the pipe"; }
du -sB1 t | cut -f1 >du.total
du -sB1 --apparent-size t | cut -f1 >du.atotal
python3 - "$(cat du.total)" "$(cat du.atotal)" <<'PY' || fail "exports differ"
import json, sys

def load(p):
    return json.loads(open(p, "rb").read().decode("utf-8", "surrogateescape"))

def canon(node):
    if isinstance(node, list):
        info = {k: v for k, v in node[0].items() if k != "dev"}
        return [info] + sorted((canon(c) for c in node[1:]), key=repr)
    return {k: v for k, v in node.items() if k != "dev"}

def total(node, seen, key):
    if isinstance(node, list):
        return node[0].get(key, 0) + sum(total(c, seen, key) for c in node[1:])
    if node.get("hlnkc"):
        if node["ino"] in seen[key]:
            return 0
        seen[key].add(node["ino"])
    if node.get("excluded"):
        return 0
    return node.get(key, 0)

ours = load("export.json")
assert ours[0] == 1 and ours[1] == 2, ours[:2]
theirs = load("reexport.json")
assert canon(ours[3]) == canon(theirs[3]), "ncdu re-export differs"
assert canon(load("piped.json")[3]) == canon(theirs[3]), "the pipe differs"
for other in ("export7.json", "exportfts.json", "stdout.json"):
    assert canon(load(other)[3]) == canon(ours[3]), other
seen = {"dsize": set(), "asize": set()}
assert total(ours[3], seen, "dsize") == int(sys.argv[1]), "dsize total"
assert total(ours[3], seen, "asize") == int(sys.argv[2]), "asize total"
names = json.dumps(ours[3])
assert "new\\nline" in names and "\\udcff\\udcfe" in names, "names"
PY
# Usage errors: no file, or several PATHs.
"$HEADROOM" scan --format=ncdu t 2>err
[ $? = 2 ] || fail "ncdu without -o is not a usage error"
"$HEADROOM" scan --format=ncdu -o x.json t t 2>err
[ $? = 2 ] || fail "ncdu with two PATHs is not a usage error"
echo ok
