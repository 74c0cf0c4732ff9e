#!/bin/bash
# The benchmark suite must not rot: gentree's manifest matches what find
# and du count in the tree it made, the tree is the same whatever the
# number of threads, the logs profile has realistic, exact-size logs,
# floor's totals match du's, and the scan runner (one run per tool) checks
# the totals, writes its CSV, and the report and charts come out of it
# (headroom's rows are left out while `headroom scan` cannot scan yet).
. "$top_srcdir/tests/lib.sh"
require_cmd du find gzip ncdu gdu python3 hyperfine gnuplot /usr/bin/time
gentree=$top_builddir/bench/gentree
floor=$top_builddir/bench/floor
[ -x "$gentree" ] && [ -x "$floor" ] || framework_failure "bench programs not built"

# The trees are made on a tmpfs when one can be mounted.  gentree reads a
# file's blocks back right after writing it; on ext4, delayed allocation
# can add an extent block at writeback, later (seen under load), and du
# then counts 8 KiB more than the manifest.  A tmpfs has no writeback.
W=$T
try_mount_tmpfs "$T/fs" 1g && W=$T/fs

# 1. The var profile: every number of the manifest, counted independently.
"$gentree" --profile var --files 2000 --seed 42 --out "$W/var" >"$T/man" 2>/dev/null ||
	fail "gentree failed"
num() { sed -n "s/.*\"$1\":\([0-9]*\).*/\1/p" "$T/man"; }
check() {	# check KEY ACTUAL
	[ "$(num "$1")" = "$2" ] || fail "manifest $1 is '$(num "$1")', the tree has $2"
}
v=$W/var
check files "$(find "$v" -type f | wc -l)"
check files 2000
check directories "$(find "$v" -type d | wc -l)"
check symlinks "$(find "$v" -type l | wc -l)"
check dangling_symlinks "$(find -L "$v" -type l 2>/dev/null | wc -l)"
check fifos "$(find "$v" -type p | wc -l)"
check empty_files "$(find "$v" -type f -empty | wc -l)"
check empty_directories "$(find "$v" -type d -empty | wc -l)"
check hard_links $(($(find "$v" -type f | wc -l) - $(find "$v" -type f -printf '%i\n' | sort -u | wc -l)))
check sparse_files "$(find "$v" -type f -printf '%b %s\n' | awk '$1 * 512 < $2' | wc -l)"
check allocated_bytes "$(du -s -B1 "$v" | cut -f1)"
check apparent_bytes "$(du -s -B1 --apparent-size "$v" | cut -f1)"
[ "$(num hard_links)" -gt 0 ] && [ "$(num dangling_symlinks)" -gt 0 ] &&
	[ "$(num sparse_files)" -gt 0 ] && [ "$(num empty_directories)" -gt 0 ] ||
	fail "the var tree lacks hard links, dangling symlinks, sparse files or empty directories"
for p in log/nginx/access.log log/nginx/access.log.1 log/nginx/access.log.2.gz \
	lib/docker/containers lib/php/sessions lib/node/project0000/node_modules; do
	[ -e "$v/$p" ] || fail "the var tree lacks $p"
done
ls "$v"/lib/docker/containers/*/*-json.log >/dev/null || fail "no container logs"
gzip -t "$v"/log/nginx/*.gz || fail "a rotated .gz log is not valid gzip"
# Logs hold text (the rotation runners compress it); the files nobody
# reads have their blocks allocated, not left as holes (sparse_files above).
grep -qE '^[0-9.]+ - - \[[0-9]{2}/[A-Z][a-z]{2}/[0-9]{4}:.*\] "[A-Z]+ /' \
	"$v/log/nginx/access.log" || fail "log/nginx/access.log holds no nginx lines"
grep -q '"stream":"std' "$v"/lib/docker/containers/*/*-json.log ||
	fail "no container log holds docker json-file lines"
f=$(find "$v/lib/node" -name package-lock.json -size +4k | head -n 1)
[ -n "$f" ] && [ $(($(stat -c %b "$f") * 512)) -ge "$(stat -c %s "$f")" ] ||
	fail "no allocated package-lock.json over 4 KiB in lib/node"

# 2. Deterministic: one thread or two give the same names and contents.
"$gentree" --files 2000 --seed 42 --jobs 1 --out "$W/var1" >"$T/man1" 2>/dev/null ||
	fail "gentree --jobs 1 failed"
listing() {
	(cd "$1" && find . -printf '%p %y %s %n\n' | sort &&
		find . -type f -size -20M -exec md5sum {} + | sort -k2)
}
listing "$v" >"$T/l0"
listing "$W/var1" >"$T/l1"
cmp -s "$T/l0" "$T/l1" || fail "the tree depends on the number of threads"
"$gentree" --files 2000 --seed 43 --jobs 1 --out "$W/var2" >/dev/null 2>&1 ||
	fail "gentree --seed 43 failed"
listing "$W/var2" >"$T/l2"
cmp -s "$T/l0" "$T/l2" && fail "seeds 42 and 43 made the same tree"
rm -rf "$W/var1" "$W/var2"

# 3. The logs profile: exact sizes, nginx combined lines, gzip ratio of logs.
"$gentree" --profile logs --files 3 --size 256K --out "$T/logs" >"$T/lman" 2>/dev/null ||
	fail "gentree --profile logs failed"
[ "$(ls "$T/logs" | wc -l)" = 3 ] || fail "logs profile: expected 3 files"
for f in "$T"/logs/*.log; do
	[ "$(stat -c %s "$f")" = 262144 ] || fail "$f is not 256 KiB"
	[ "$(tail -c 1 "$f" | od -An -c | tr -d ' ')" = '\n' ] || fail "$f does not end in a newline"
	ratio=$(($(stat -c %s "$f") * 10 / $(gzip -c "$f" | wc -c)))
	[ "$ratio" -ge 50 ] && [ "$ratio" -le 120 ] ||
		fail "$f: gzip ratio $ratio/10, not like real logs (5:1 to 12:1)"
done
bad=$(head -n -1 "$T/logs/app0000000.log" | grep -Evc '^[0-9.]+ - - \[[0-9]{2}/[A-Z][a-z]{2}/[0-9]{4}:[0-9:]{8} \+0000\] "[A-Z]+ [^ ]+ HTTP/1.1" [0-9]{3} [0-9]+ "[^"]*" "[^"]*"$')
[ "$bad" = 0 ] || fail "$bad lines are not in nginx combined format"

# 4. Bad use is refused.
"$gentree" --files 10 --out "$v" >/dev/null 2>&1 && fail "gentree wrote into a non-empty directory"
"$gentree" --files 10 --profile nope --out "$T/x" >/dev/null 2>&1
[ $? = 2 ] || fail "gentree accepted an unknown profile"

# 5. floor agrees with du, whatever the number of threads.
want=$(du -s -B1 "$v" | cut -f1)
for j in 1 2 8; do
	got=$("$floor" -j $j "$v" | cut -f1)
	[ "$got" = "$want" ] || fail "floor -j $j: $got bytes, du -s -B1: $want"
done
[ "$("$floor" --apparent-size "$v" | cut -f1)" = "$(du -s -B1 --apparent-size "$v" | cut -f1)" ] ||
	fail "floor --apparent-size differs from du --apparent-size"
[ "$("$floor" "$v/log" "$v/lib" | cut -f1)" = "$(du -s -B1 "$v/log" "$v/lib" | cut -f1)" ] ||
	fail "floor with two arguments differs from du -s"
"$floor" "$T/missing" >/dev/null 2>&1 && fail "floor succeeded on a missing path"

# 6. The scan runner, one timed run per tool: totals checked, CSV, report
# and charts.
# As root, the cold runs too (the tools taking turns).
cold=no
[ "$(id -u)" = 0 ] && cold=yes
BENCH_FS=dir GENTREE=$gentree FLOOR=$floor \
	"$top_srcdir/bench/scan" --runs 1 --cold $cold --sizes 1000 --work "$T" \
	--results "$T/results" 2>"$T/scan.err" || { cat "$T/scan.err" >&2; fail "bench/scan failed"; }
if [ $cold = yes ]; then
	for tool in du floor floor-j32 headroom; do
		grep -q "^1000,cold,$tool,1,[0-9.]*,[0-9.]*,[0-9.]*,[0-9.]*,[0-9.]*,[1-9][0-9]*,[1-9][0-9]*$" \
			"$T/results/scan.csv" || fail "no complete cold scan.csv row for $tool"
	done
fi
for tool in du ncdu gdu floor floor-j32; do
	expect_grep "$T/scan.err" "1000 files: $tool total"
	grep -q "^1000,warm,$tool,1,[0-9.]*,[0-9.]*,[0-9.]*,[0-9.]*,[0-9.]*,[1-9][0-9]*,[1-9][0-9]*$" \
		"$T/results/scan.csv" || fail "no complete scan.csv row for $tool"
done
if grep -q '^measured' "$T/results/scan-headroom.txt"; then
	expect_grep "$T/scan.err" "1000 files: headroom total"
	for tool in headroom headroom-save headroom-diff headroom-since; do
		grep -q "^1000,warm,$tool,1,[0-9.]*,[0-9.]*,[0-9.]*,[0-9.]*,[0-9.]*,[1-9][0-9]*,[1-9][0-9]*$" \
			"$T/results/scan.csv" || fail "$tool was not timed"
	done
	grep -q '^1000,[1-9][0-9]*$' "$T/results/scan-snapshots.csv" ||
		fail "no snapshot size in scan-snapshots.csv"
else
	expect_grep "$T/results/scan-headroom.txt" "n/a"
	echo "note: headroom scan cannot scan yet; its column is absent" >&2
fi
"$top_srcdir/bench/report" "$T/results" 2>"$T/report.err" ||
	{ cat "$T/report.err" >&2; fail "bench/report failed"; }
expect_grep "$T/results/summary.md" "| floor | "
want="du "
if grep -q '^measured' "$T/results/scan-headroom.txt"; then
	expect_grep "$T/results/summary.md" "| files | directories | snapshot KiB | bytes a directory |"
	want="du headroom-save "
fi
# --interleave and --tools: the warm runs take turns, only the tools named.
BENCH_FS=dir GENTREE=$gentree FLOOR=$floor \
	"$top_srcdir/bench/scan" --runs 2 --cold no --sizes 1000 --work "$T" \
	--interleave --tools "du headroom-save" --results "$T/turns" \
	2>"$T/turns.err" || { cat "$T/turns.err" >&2; fail "bench/scan --interleave failed"; }
expect_grep "$T/turns.err" "1000 files, warm, round 2: du:"
"$top_srcdir/bench/report" "$T/turns" 2>"$T/report.err" ||
	{ cat "$T/report.err" >&2; fail "bench/report failed on the --interleave run"; }
expect_grep "$T/turns/summary.md" "Warm runs here took turns too (--interleave)"
got=$(tail -n +2 "$T/turns/scan.csv" | cut -d, -f3 | sort | tr '\n' ' ')
[ "$got" = "$want" ] || fail "--tools '$want' measured '$got'"
for c in scan-time-warm scan-rss; do
	[ -s "$T/results/$c.svg" ] && [ -s "$T/results/$c.png" ] || fail "chart $c missing"
done
exit 0
