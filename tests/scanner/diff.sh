#!/bin/bash
# --save and --diff: on a small tmpfs, one directory grows, one appears,
# one vanishes, and the file system is written to between two scans: the
# growth ranking, the new and vanished directories, the rate per hour and
# the time until the tmpfs is full agree with what was written; a tmpfs
# that does not fill has no time to full.  The store keeps the last 7,
# mode 0600 in a 0700 directory, and --diff takes the newest; the default
# store is /var/lib/headroom/scan.  A snapshot of another path, of
# another version, damaged or cut is refused with its name; a save that
# fails (a full disk) leaves the old snapshot whole and no temporary file.
. "$top_srcdir/tests/lib.sh"
require_root
require_cmd python3 stat
mount_tmpfs "$T/fs" 16m
cd "$T" || framework_failure "cd $T"
mkdir -p fs/grow fs/gone/sub fs/same
head -c 1000000 /dev/urandom >fs/grow/a
head -c 500000 /dev/urandom >fs/gone/sub/b
head -c 300000 /dev/urandom >fs/same/c
"$HEADROOM" scan --no-progress --no-deleted --save="$T/snap" fs >/dev/null ||
	fail "--save failed"
[ -s snap ] || fail "no snapshot written"
head -c 1 snap | grep -q h || fail "no magic"
# Time enough between the scans that the time to full is seconds, not a
# fraction of one (it is written rounded to the second).
sleep 2
head -c 3000000 /dev/urandom >>fs/grow/a
mkdir fs/new
head -c 2000000 /dev/urandom >fs/new/n
rm -rf fs/gone
"$HEADROOM" scan --no-progress --no-deleted --diff="$T/snap" -d 2 --format=json \
	fs >diff.json || fail "--diff failed"
python3 - diff.json "$T/fs" <<'PY' || fail "the diff is wrong"
import json, os, sys
j = json.load(open(sys.argv[1]))
d = j["diff"]
dirs = {x["path"]: x for x in d["directories"]}
top = d["directories"][0]
assert top["path"] == "fs" or top["path"] == "fs/grow", top
g = dirs["fs/grow"]
assert g["delta"] == g["disk_after"] - g["disk_before"], g
now = {x["path"]: x for x in j["directories"]}
assert g["disk_after"] == now["fs/grow"]["disk"], (g, now)
assert abs(g["delta"] - 3000000) < 8192, g
close = lambda a, b: abs(a - b) <= 1 + abs(b) / 10000
assert close(g["bytes_per_hour"], g["delta"] / d["seconds"] * 3600), g
assert dirs["fs/new"]["new"] is True and dirs["fs/new"]["disk_before"] == 0, dirs
assert [x["path"] for x in d["new_directories"]] == ["fs/new"], d["new_directories"]
assert [x["path"] for x in d["vanished_directories"]] == ["fs/gone"], d
assert d["vanished_directories"][0]["disk"] >= 500000, d
assert "fs/same" not in dirs, "an unchanged directory is listed"
deltas = [x["delta"] for x in d["directories"]]
assert deltas == sorted(deltas, reverse=True), deltas
fs = [f for f in d["filesystems"] if f["mount"] == sys.argv[2]]
assert len(fs) == 1, d["filesystems"]
f = fs[0]
assert f["delta"] == f["used_after"] - f["used_before"], f
assert abs(f["delta"] - (3000000 + 2000000 - 500000)) < 64 * 1024, f
assert d["seconds"] > 0 and close(f["bytes_per_hour"], f["delta"] / d["seconds"] * 3600), f
want = f["free"] / (f["delta"] / d["seconds"])
assert want > 4 and abs(f["seconds_to_full"] - want) <= 0.5 + want / 10000, (f, want)
PY
"$HEADROOM" scan --no-progress --no-deleted --diff="$T/snap" fs >report ||
	fail "text --diff failed"
expect_grep report "Growth since "
expect_grep report "  new directories:"
expect_grep report "  vanished directories:"
grep -q "full in .* $T/fs\$" report || fail "no time to full in the text"
# Nearly full: a few hundred KiB left, and it is filling.
"$HEADROOM" scan --no-progress --no-deleted --save="$T/snap" fs >/dev/null
sleep 2
head -c 9000000 /dev/zero >fs/fill 2>/dev/null
"$HEADROOM" scan --no-progress --no-deleted --diff="$T/snap" --format=json \
	fs >full.json || fail "--diff failed on the full tmpfs"
python3 - full.json "$T/fs" <<'PY' || fail "nearly full: wrong time to full"
import json, sys
d = json.load(open(sys.argv[1]))["diff"]
f = [f for f in d["filesystems"] if f["mount"] == sys.argv[2]][0]
assert f["free"] < 2 * 1024 * 1024 and f["delta"] >= 8 * 1024 * 1024, f
want = f["free"] * d["seconds"] / f["delta"]
assert f["seconds_to_full"] is not None and abs(f["seconds_to_full"] - want) <= 0.5 + want / 1000, (f, want)
assert d["seconds"] >= 2 and f["seconds_to_full"] < d["seconds"] / 2, f
PY
# Shrinking: not filling, so no time to full.
"$HEADROOM" scan --no-progress --no-deleted --save="$T/snap" fs >/dev/null
rm fs/fill
"$HEADROOM" scan --no-progress --no-deleted --diff="$T/snap" --format=json \
	fs >shrink.json || fail "--diff failed"
python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))["diff"]
f = [f for f in d["filesystems"] if f["mount"] == sys.argv[2]][0]
assert f["delta"] < 0 and f["seconds_to_full"] is None, f' shrink.json "$T/fs" ||
	fail "a shrinking file system has a time to full"
# A store: the last 7, private, and --diff takes the newest.
mkdir store
for i in 1 2 3 4 5 6 7 8 9; do
	"$HEADROOM" scan --no-progress --no-deleted --save="$T/store" fs >/dev/null ||
		fail "--save to a store failed"
done
key=$(ls store)
[ "$(ls "store/$key" | wc -l)" = 7 ] || fail "the store keeps $(ls "store/$key" | wc -l), not 7"
[ "$(stat -c %a "store/$key")" = 700 ] || fail "store directory is not 0700"
for f in store/"$key"/*; do
	[ "$(stat -c %a "$f")" = 600 ] || fail "$f is not 0600"
done
newest=$(ls "store/$key" | tail -n 1)
"$HEADROOM" scan --no-progress --no-deleted --diff="$T/store" --format=json fs \
	>store.json || fail "--diff from a store failed"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1]))["diff"]
assert d["file"].endswith(sys.argv[2]), d["file"]' store.json "$newest" ||
	fail "--diff did not take the newest"
# The default store, for a path of this test only.
"$HEADROOM" scan --no-progress --no-deleted --save fs >/dev/null ||
	fail "--save to the default store failed"
def=$(ls -d /var/lib/headroom/scan/*headroom\\x2dtest."${T##*.}"-fs 2>/dev/null)
[ -n "$def" ] || fail "nothing saved under /var/lib/headroom/scan"
"$HEADROOM" scan --no-progress --no-deleted --diff fs >/dev/null
st=$?
rm -rf "$def"
[ $st = 0 ] || fail "--diff from the default store failed"
# Refused, named, exit 2.
"$HEADROOM" scan --no-progress --save="$T/other" "$T/fs/same" >/dev/null
expect_status 2 "$HEADROOM" scan --no-progress --diff="$T/other" fs 2>err
expect_grep err "'$T/other' is a scan of '$T/fs/same', not of '$T/fs'"
cp snap v2 && sed -i '1s/snapshot 1/snapshot 2/' v2
expect_status 2 "$HEADROOM" scan --diff="$T/v2" fs 2>err
expect_grep err "'$T/v2' is a snapshot of version 2; this headroom reads version 1"
cp snap bad && printf '\377' | dd of=bad bs=1 seek=40 conv=notrunc 2>/dev/null
expect_status 2 "$HEADROOM" scan --diff="$T/bad" fs 2>err
expect_grep err "'$T/bad' is damaged (truncated or corrupt)"
head -c 60 snap >short
expect_status 2 "$HEADROOM" scan --diff="$T/short" fs 2>err
expect_grep err "'$T/short' is damaged (truncated or corrupt)"
expect_status 2 "$HEADROOM" scan --diff="$T/report" fs 2>err
expect_grep err "'$T/report' is not a headroom scan snapshot"
expect_status 2 "$HEADROOM" scan --diff="$T/empty-store/" fs 2>err
expect_grep err "cannot open '$T/empty-store/'"
mkdir empty
expect_status 2 "$HEADROOM" scan --diff="$T/empty" fs 2>err
expect_grep err "no saved scan of '$T/fs' in '$T/empty/"
# A full disk: the old snapshot stays whole, no temporary file is left.
mount_tmpfs "$T/tiny" 64k
"$HEADROOM" scan --no-progress --no-deleted --save="$T/tiny/s" fs >/dev/null ||
	fail "the first save failed"
cp tiny/s s.orig
head -c 65536 /dev/zero >tiny/fill 2>/dev/null
mkdir -p fs/many && for i in $(seq 300); do mkdir "fs/many/directory-with-a-long-name-$i"; done
"$HEADROOM" scan --no-progress --no-deleted --save="$T/tiny/s" fs >/dev/null 2>err
[ $? = 2 ] || fail "a failed save does not exit 2"
expect_grep err "cannot save the scan:"
cmp -s tiny/s s.orig || fail "the old snapshot changed"
[ "$(ls -A tiny | sort | tr '\n' ' ')" = "fill s " ] || fail "left behind: $(ls -A tiny)"
echo ok
