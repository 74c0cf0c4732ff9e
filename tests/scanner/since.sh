#!/bin/bash
# --since: the directories that got files written within the window
# (cumulative, down to -d) and the largest such files; nothing older
# appears; text and JSON agree; --since costs no system call (the walk's
# statx already has the mtime): the same openat, statx, getdents64 with
# and without it; bad durations and formats are usage errors.
. "$top_srcdir/tests/lib.sh"
require_cmd python3 touch strace
cd "$T" || framework_failure "cd $T"
mkdir -p tree/hot/deep tree/cold tree/mixed
head -c 300000 /dev/urandom >tree/hot/a.log
head -c 200000 /dev/urandom >tree/hot/deep/b.log
head -c 500000 /dev/urandom >tree/cold/old.dat
head -c 100000 /dev/urandom >tree/mixed/new.txt
head -c 400000 /dev/urandom >tree/mixed/old.txt
touch -d '3 days ago' tree/cold/old.dat tree/mixed/old.txt
"$HEADROOM" scan --no-progress --no-deleted --since 1d -d 2 tree >report ||
	fail "scan failed"
expect_grep report "Written in the last 1 d (since "
sed -n '/^Written/,/^Largest dir/p' report >recent
expect_grep recent "  the largest files written since:"
expect_grep recent "tree/hot/deep/b.log"
grep -q "old\.\(dat\|txt\)" recent && fail "files older than the window are listed"
grep -q "tree/cold" recent && fail "a directory with only old files is ranked"
"$HEADROOM" scan --no-progress --no-deleted --since 1d -d 2 --format=json \
	tree >scan.json || fail "json failed"
python3 - scan.json <<'PY' || fail "json recent is wrong"
import json, os, sys
d = json.load(open(sys.argv[1]))["recent"]
assert d["since_seconds"] == 86400, d
du = lambda p: os.lstat(p).st_blocks * 512
dirs = {x["path"]: x for x in d["directories"]}
hot = du("tree/hot/a.log") + du("tree/hot/deep/b.log")
assert dirs["tree/hot"]["disk"] == hot and dirs["tree/hot"]["files"] == 2, dirs
assert dirs["tree/hot/deep"]["files"] == 1, dirs
assert dirs["tree/mixed"]["disk"] == du("tree/mixed/new.txt"), dirs
assert dirs["tree/mixed"]["files"] == 1, dirs
assert dirs["tree"]["files"] == 3 and d["file_count"] == 3, (dirs, d)
assert "tree/cold" not in dirs, dirs
order = [x["disk"] for x in d["directories"]]
assert order == sorted(order, reverse=True), order
files = [f["path"] for f in d["files"]]
assert files == ["tree/hot/a.log", "tree/hot/deep/b.log", "tree/mixed/new.txt"], files
assert all(f["mtime"] >= d["cutoff"] for f in d["files"]), d["files"]
PY
# -d 1: nothing deeper.
"$HEADROOM" scan --no-progress --no-deleted --since 1d --format=json tree \
	>d1.json || fail "json -d 1 failed"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1]))["recent"]
assert max(x["depth"] for x in d["directories"]) == 1, d' d1.json ||
	fail "-d 1 ranks deeper directories"
# Without --since: null.
"$HEADROOM" scan --no-progress --no-deleted --format=json tree >none.json
python3 -c 'import json,sys; assert json.load(open(sys.argv[1]))["recent"] is None' \
	none.json || fail "recent is not null without --since"
# No extra system call: the walk's calls are the same with --since.
count() {
	strace -f -qq -c -U name,calls -e trace=openat,statx,getdents64,newfstatat \
		"$HEADROOM" scan --no-progress --no-deleted --format=json "$@" tree \
		2>&1 >/dev/null | awk '$1 ~ /^(openat|statx|getdents64|newfstatat)$/ { print $1, $2 }' | sort
}
a=$(count -j 2) b=$(count -j 2 --since 6h)
[ -n "$a" ] || framework_failure "strace counted nothing"
[ "$a" = "$b" ] || fail "--since adds system calls: '$a' vs '$b'"
expect_status 2 "$HEADROOM" scan --since 6x tree 2>err
expect_grep err "invalid duration '6x' (units s, m, h, d)"
expect_status 2 "$HEADROOM" scan --since 6h --format=du tree 2>err
expect_grep err "--since works with --format=text and json"
echo ok
