#!/bin/bash
# kill -9 of headroom rotate while it compresses large logs, each cut into
# chunks (gzip members) compressed on every core and written in order.
# After every kill, each compressed file under its final name is whole
# (gzip -t): a kill between two chunks leaves only a temporary file.
# After a last normal run, every line ever written is present exactly once
# across each log and its generations, and nothing else is left.
# ITER=N changes the number of kills.
. "$top_srcdir/tests/lib.sh"
require_cmd gzip
iters=${ITER:-8}

mkdir "$T/l"
printf '%s/l/*.log {\n\trotate 100\n\tcompress\n\tcompressoptions -9\n}\n' \
    "$T" >"$T/conf"
chmod 0644 "$T/conf"
# lines LOG RUN: about 3 MiB (three chunks) of numbered lines.
lines() {
	awk -v l="$1" -v r="$2" 'BEGIN {
		for (n = 1; n <= 70000; n++)
			printf "log %s run %s line %06d %08x\n", l, r, n, n * 2654435761 % 4294967296
	}'
}
RANDOM=7
kills=0
midway=0
for k in $(seq 1 "$iters"); do
	for i in 1 2 3; do
		lines "$i" "$k" >>"$T/l/l$i.log"
	done
	"$HEADROOM" rotate -f -s "$T/state" "$T/conf" 2>>"$T/err" &
	pid=$!
	sleep "0.$((RANDOM % 6))$((RANDOM % 10))"
	kill -9 "$pid" 2>/dev/null && kills=$((kills + 1))
	wait "$pid" 2>/dev/null
	for f in "$T"/l/*.gz; do
		[ -e "$f" ] || continue
		gzip -t "$f" 2>/dev/null || fail "kill $k: $f is not whole"
	done
	# Evidence that a kill came between two chunks of one file.
	[ -n "$(find "$T/l" -name '.*.gz.*' -size +0 | head -n 1)" ] &&
		midway=$((midway + 1))
done
for i in 1 2 3; do
	lines "$i" final >>"$T/l/l$i.log"
done
"$HEADROOM" rotate -f -s "$T/state" "$T/conf" 2>>"$T/err" || {
	cat "$T/err" >&2
	fail "the run after the crashes failed"
}
for i in 1 2 3; do
	for f in "$T/l/l$i.log"*; do
		case $f in
		*.gz) gzip -dc "$f" ;;
		*) cat "$f" ;;
		esac
	done
done | sort >"$T/seen"
for k in $(seq 1 "$iters") final; do
	for i in 1 2 3; do
		lines "$i" "$k"
	done
done | sort >"$T/want"
cmp -s "$T/seen" "$T/want" || {
	diff "$T/want" "$T/seen" | head -20 >&2
	fail "lines lost or duplicated across the crashes"
}
left=$(ls -A "$T/l" | grep -Ev '^l[0-9]\.log(\.[0-9]+\.gz)?$' | head)
[ -z "$left" ] || fail "left behind: $left"
echo "$kills kills during $iters runs ($midway amid a file's chunks)," \
    "$(wc -l <"$T/want") lines, each present once;" \
    "$(grep -c "interrupted run" "$T/err") repairs after kills"
exit 0
