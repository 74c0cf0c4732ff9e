#!/bin/bash
# --format=json is one valid JSON document with all six sections, even
# with names that hold control characters or invalid UTF-8, and its
# numbers agree with du; the text report has the same six sections.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/scanner/tree.sh"
require_cmd du python3
make_tree "$T/t"
cd "$T" || framework_failure "cd $T"
"$HEADROOM" scan --format=json --top 5 -d 2 t >scan.json || fail "json failed"
du -sB1 t | cut -f1 >du.total
du -B1 -d 1 t | sort -n | tail -n 2 | head -n 1 | cut -f2 >du.largest
python3 - scan.json "$(cat du.total)" "$(cat du.largest)" <<'PY' || fail "bad json"
import json, sys
raw = open(sys.argv[1], "rb").read()
raw.decode("utf-8")  # strictly valid UTF-8
d = json.loads(raw)
for k in ("paths", "filesystems", "directories", "top_files", "kinds", "deleted", "errors"):
    assert k in d, k
p = d["paths"][0]
assert p["path"] == "t" and p["disk"] == int(sys.argv[2]), p
assert p["errors"] == 0 and p["entries"] > 40
assert d["directories"][0]["path"] == sys.argv[3], d["directories"][0]
assert all(x["depth"] in (1, 2) for x in d["directories"])
assert len(d["top_files"]) == 5 and d["top_files"][0]["path"] == "t/a/b/g", d["top_files"]
sizes = [f["disk"] for f in d["top_files"]]
assert sizes == sorted(sizes, reverse=True)
kinds = {k["kind"]: k for k in d["kinds"]}
assert kinds["active_log"]["files"] == 2, kinds
assert kinds["rotated_log"]["files"] == 1 and kinds["compressed_log"]["files"] == 1
assert kinds["container_log"]["files"] == 1 and kinds["journal"]["files"] == 1
assert sum(k["disk"] for k in d["kinds"]) + sum(x["disk"] for x in []) <= p["disk"]
assert len(d["filesystems"]) >= 1 and d["filesystems"][0]["size"] > 0
PY
"$HEADROOM" scan --format=json --no-deleted "t/bad-$(printf '\377\376')-utf8" >bad.json || fail "json of a bad name"
python3 - bad.json <<'PY' || fail "bad names are not escaped"
import json, sys
d = json.loads(open(sys.argv[1], "rb").read().decode("utf-8"))
assert d["paths"][0]["path"] == "t/bad-\udcff\udcfe-utf8", d["paths"][0]["path"]
assert d["top_files"][0]["path"].endswith("x\x01y")
PY
# Ties (many 4 KiB files) rank by path: the same list for every -j.
for j in 1 3 16; do
	"$HEADROOM" scan --format=json --no-deleted --top 7 -j $j t |
		python3 -c 'import json,sys; print([f["path"] for f in json.load(sys.stdin)["top_files"]])' >top.$j ||
		fail "json -j $j failed"
done
cmp -s top.1 top.3 && cmp -s top.1 top.16 || fail "top files depend on -j"
"$HEADROOM" scan --no-deleted --top 100 t >report || fail "text failed"
for section in "scan t: " "File systems" "Largest directories (depth 1)" \
	"Largest files" "Space by kind" "Deleted but still open" \
	"'t/with space/in side/new'\$'\\n''line'" "compressed rotated logs"; do
	expect_grep report "$section"
done
echo ok
