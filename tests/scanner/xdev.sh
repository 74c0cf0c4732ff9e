#!/bin/bash
# -x stays on each PATH's file system, as du -x does; without -x the
# tmpfs below counts and is listed among the file systems.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/scanner/tree.sh"
require_cmd du
make_tree "$T/t"
mount_tmpfs "$T/t/mnt" 4m
mkdir -p "$T/t/mnt/x/y"
head -c 50000 /dev/zero >"$T/t/mnt/x/f"
ln "$T/t/mnt/x/f" "$T/t/mnt/x/y/f2"
cd "$T" || framework_failure "cd $T"

for args in "-d 100 t" "-x -d 100 t" "-x -d 100 t t/mnt" "-x -d 100 t/mnt t" \
	"-d 100 t/mnt t" "-x -d 1 --apparent-size t"; do
	for w in getdents fts; do
		# shellcheck disable=SC2086
		"$HEADROOM" scan --format=du --walker=$w $args >scan.out ||
			fail "scan $args failed"
		# shellcheck disable=SC2086
		du -B1 $args >du.out || framework_failure "du $args"
		cmp -s scan.out du.out || { diff du.out scan.out >&2; fail "differs: $w $args"; }
	done
done
"$HEADROOM" scan --no-deleted -d 2 t >report || fail "scan t"
expect_grep report "$T/t/mnt"
"$HEADROOM" scan --no-deleted -x -d 2 t >report || fail "scan -x t"
grep -qF "$T/t/mnt" report && fail "-x report lists the tmpfs"
echo ok
