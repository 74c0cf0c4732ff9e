#!/bin/bash
# A 10,000-deep tree (paths of 20,000 bytes), with both walkers, and a
# wide tree under `ulimit -n 64` with 16 workers: no recursion, a bounded
# number of descriptors, du's results.
. "$top_srcdir/tests/lib.sh"
require_cmd du python3
cd "$T" || framework_failure "cd $T"
python3 - deep <<'PY' || framework_failure "cannot build the deep tree"
import os, sys
os.mkdir(sys.argv[1])
fd = os.open(sys.argv[1], os.O_RDONLY)
for i in range(10000):
    os.mkdir("d", dir_fd=fd)
    if i % 100 == 0:
        with open(os.open("f", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd), "w") as f:
            f.write("x" * i)
    if i % 1000 == 0:
        os.mkdir("side", dir_fd=fd)
    nfd = os.open("d", os.O_RDONLY, dir_fd=fd)
    os.close(fd)
    fd = nfd
os.close(fd)
PY
du -B1 -d 3 deep >du.out || framework_failure "du deep"
for w in "-j 1" "-j 4" "--walker=fts"; do
	# shellcheck disable=SC2086
	"$HEADROOM" scan --format=du $w -d 3 deep >scan.out || fail "deep $w failed"
	cmp -s scan.out du.out || { diff du.out scan.out >&2; fail "deep $w differs"; }
done
(ulimit -n 64 && "$HEADROOM" scan --format=du -j 16 -d 2 deep) >scan.out ||
	fail "deep under ulimit -n 64 failed"
du -B1 -d 2 deep >du.out
cmp -s scan.out du.out || fail "deep under ulimit -n 64 differs"

# Wide and fairly deep: 3 levels of 12 directories, files everywhere.
python3 - wide <<'PY' || framework_failure "cannot build the wide tree"
import os, sys
def build(p, level):
    os.makedirs(p, exist_ok=True)
    for k in range(3):
        with open(os.path.join(p, "f%d" % k), "w") as f:
            f.write("y" * (level * 1000 + k))
    if level < 3:
        for k in range(12):
            build(os.path.join(p, "s%d" % k), level + 1)
build(sys.argv[1], 0)
PY
for j in 2 16; do
	(ulimit -n 64 && "$HEADROOM" scan --format=du -j $j -d 100 wide) >scan.out ||
		fail "wide -j $j under ulimit -n 64 failed"
	du -B1 -d 100 wide >du.out
	cmp -s scan.out du.out || fail "wide -j $j under ulimit -n 64 differs"
done
(ulimit -n 64 && "$HEADROOM" scan --no-progress -j 16 -d 2 wide) >report ||
	fail "text report under ulimit -n 64 failed"
expect_grep report "wide/s0"
echo ok
