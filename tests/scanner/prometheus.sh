#!/bin/bash
# --format=prometheus: parsed by Debian's python3-prometheus-client (the
# real parser, run by /usr/bin/python3, not a python3 from PATH): every
# family has HELP and TYPE, values are the JSON report's in base units,
# names with quotes, backslashes, newlines and bad UTF-8 survive as label
# values, --top bounds the directories; -o DIR/x.prom is replaced whole,
# no temporary file left; with --diff the growth families are there, and
# a file system that is not filling has +Inf seconds to full; every metric
# the shipped rule file (dist/headroom-scan.rules.yml) uses is written.
. "$top_srcdir/tests/lib.sh"
PY3=/usr/bin/python3
[ -x $PY3 ] && $PY3 -c 'import prometheus_client' 2>/dev/null ||
	skip "Debian's python3-prometheus-client is not installed (./bootstrap installs it)"
cd "$T" || framework_failure "cd $T"
mkdir -p tree/a/x tree/b tree/c tree/d "tree/q\"uo\\te" "$(printf 'tree/nl\nx')" \
	'tree/bs\n' \
	"$(printf 'tree/bad\377')"
for d in a a/x b c d; do head -c $((RANDOM * 10)) /dev/urandom >"tree/$d/f"; done
head -c 1000 /dev/urandom >tree/a/x/app.log.1.gz
mkdir prom
"$HEADROOM" scan --no-progress --save="$T/snap" tree >/dev/null || fail "save failed"
head -c 100000 /dev/urandom >>tree/b/f
t0=$(date +%s)
"$HEADROOM" scan --no-progress --diff="$T/snap" --format=prometheus -d 2 \
	-o prom/headroom_scan.prom tree || fail "prometheus failed"
t1=$(date +%s)
"$HEADROOM" scan --no-progress --format=json -d 2 tree >scan.json
[ "$(ls -A prom)" = headroom_scan.prom ] || fail "left in the directory: $(ls -A prom)"
$PY3 - prom/headroom_scan.prom scan.json "$top_srcdir/dist/headroom-scan.rules.yml" \
	"$t0" "$t1" <<'PY' ||
import json, math, re, sys
from prometheus_client.parser import text_string_to_metric_families
text = open(sys.argv[1], encoding="utf-8").read()
fams = {f.name: f for f in text_string_to_metric_families(text)}
j = json.load(open(sys.argv[2]))
for name in ("headroom_scan_directory_bytes", "headroom_scan_kind_bytes",
             "headroom_deleted_open_bytes", "headroom_filesystem_below_min_free",
             "headroom_scan_timestamp_seconds", "headroom_scan_duration_seconds",
             "headroom_scan_directory_growth_bytes",
             "headroom_filesystem_seconds_to_full"):
    assert name in fams, (name, sorted(fams))
for f in fams.values():
    assert f.type == "gauge" and f.documentation, f
    assert "# HELP %s " % f.name in text and "# TYPE %s gauge" % f.name in text
series = lambda n, label: {s.labels[label]: s.value for s in fams[n].samples}
dirs = series("headroom_scan_directory_bytes", "path")
want = {d["path"].replace("\udcff", "\\xff"): d["disk"] for d in j["directories"]}
want["tree"] = j["paths"][0]["disk"]
assert dirs == want, (dirs, want)
for name in ('tree/q"uo\\te', "tree/bs\\n", "tree/nl\nx", "tree/bad\\xff"):
    assert name in dirs, (name, dirs)
kinds = series("headroom_scan_kind_bytes", "kind")
assert kinds == {k["kind"]: k["disk"] for k in j["kinds"]}, kinds
assert fams["headroom_deleted_open_bytes"].samples[0].value == j["deleted"]["disk"]
low = series("headroom_filesystem_below_min_free", "mount")
assert low == {f["mount"]: int(f["below_min_free"]) for f in j["filesystems"]}, low
# The scan's own time: within the seconds its run took, however slow.
ts = fams["headroom_scan_timestamp_seconds"].samples[0].value
assert int(sys.argv[4]) <= ts <= int(sys.argv[5]) + 1, (ts, sys.argv[4:6])
grow = series("headroom_scan_directory_growth_bytes", "path")
assert grow["tree/b"] >= 90000 and grow["tree"] == grow["tree/b"], grow
full = series("headroom_filesystem_seconds_to_full", "mount")
assert all(v > 0 for v in full.values()), full
rules = open(sys.argv[3]).read()
used = set(re.findall(r"expr:.*?\b(headroom_[a-z_]+)", rules))
assert used and used <= set(fams), used - set(fams)
PY
	fail "the Prometheus output does not parse or is wrong"
# --top bounds the series: each PATH and the --top largest.
"$HEADROOM" scan --no-progress --format=prometheus --top 2 -d 3 tree >small.prom
[ "$(grep -c '^headroom_scan_directory_bytes{' small.prom)" = 3 ] ||
	fail "--top 2 does not bound the directories: $(grep -c '^headroom_scan_directory_bytes{' small.prom)"
# Shrinking: a negative growth, and on a tmpfs of its own (as root) a
# file system that is not filling has +Inf seconds to full.
[ "$(id -u)" = 0 ] && { mount_tmpfs "$T/tree/b" 4m; head -c 1000000 /dev/urandom >tree/b/f; }
"$HEADROOM" scan --no-progress --save="$T/snap" tree >/dev/null
rm tree/b/f
"$HEADROOM" scan --no-progress --diff="$T/snap" --format=prometheus tree >shrink.prom
grep -q '^headroom_scan_directory_growth_bytes{path="tree/b"} -' shrink.prom ||
	fail "a shrinking directory is not negative"
if [ "$(id -u)" = 0 ]; then
	grep -qx "headroom_filesystem_seconds_to_full{mount=\"$T/tree/b\"} +Inf" shrink.prom ||
		fail "not filling, but not +Inf"
fi
# Replaced whole, the mode kept.
chmod 640 prom/headroom_scan.prom
"$HEADROOM" scan --no-progress --format=prometheus -o prom/headroom_scan.prom tree
[ "$(stat -c %a prom/headroom_scan.prom)" = 640 ] || fail "mode not kept"
[ "$(ls -A prom)" = headroom_scan.prom ] || fail "left in the directory: $(ls -A prom)"
echo ok
