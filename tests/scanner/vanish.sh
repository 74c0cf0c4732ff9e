#!/bin/bash
# Entries that vanish during the scan are reported as du reports them
# ("cannot access" / "cannot read directory"), and the walk goes on.
# The scan is slowed by many --exclude patterns that match nothing,
# stopped once it has a directory below the root open, the tree is
# removed under it, and it is continued.
. "$top_srcdir/tests/lib.sh"
require_cmd python3
cd "$T" || framework_failure "cd $T"
python3 - t <<'PY' || framework_failure "cannot build the tree"
import os, sys
for i in range(60):
    d = os.path.join(sys.argv[1], "d%02d" % i, "sub")
    os.makedirs(d)
    for k in range(60):
        open(os.path.join(d, "f%d" % k), "w").close()
PY
for i in $(seq 1 1000); do echo "no-such-name-$i*"; done >excl
seen=0
for attempt in 1 2 3 4 5; do
	rm -rf t.$attempt && cp -a t t.$attempt
	"$HEADROOM" scan --format=du -j 1 -d 1 --exclude-from=excl t.$attempt >scan.out 2>scan.err &
	pid=$!
	# Stop it once it holds a directory below the root open: mid-walk.
	for _ in $(seq 1000); do
		ls -l /proc/$pid/fd 2>/dev/null | grep -q "t\.$attempt/d" && break
		sleep 0.01
	done
	kill -STOP $pid 2>/dev/null
	rm -rf t.$attempt/d*
	kill -CONT $pid 2>/dev/null
	wait $pid
	st=$?
	[ "$st" = 0 ] || [ "$st" = 1 ] || fail "exit status $st"
	if grep -v "^headroom: cannot \(access\|read directory\) 't.$attempt/[^']*': No such file or directory$" scan.err; then
		fail "unexpected messages"
	fi
	if [ -s scan.err ]; then
		[ "$st" = 1 ] || fail "errors but exit status $st"
		tail -n 1 scan.out | grep -q "	t.$attempt\$" || fail "no total for t.$attempt"
		seen=1
		break
	fi
done
[ "$seen" = 1 ] || fail "no entry vanished in 5 attempts"
echo ok
