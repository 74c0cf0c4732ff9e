#!/bin/bash
# kill -9 of headroom rotate at random points of a 200-log run (compress,
# rotate 100), repeated; lines are appended to every log between runs.
# Then a normal run.  Every line ever written must be present exactly once
# across each log and its generations (decompressed), and nothing but
# logs and generations may be left.  ITER=N changes the number of kills.
. "$top_srcdir/tests/lib.sh"
require_cmd gzip
iters=${ITER:-50}

mkdir "$T/l"
printf '%s/l/*.log {\n\trotate 100\n\tcompress\n}\n' "$T" >"$T/conf"
chmod 0644 "$T/conf"
write_lines() {
	local i
	for i in $(seq -w 1 200); do
		printf 'log %s run %s line %s\n' "$i" "$1" 1 2 3 \
		    >>"$T/l/l$i.log"
	done
}
RANDOM=42
for k in $(seq 1 "$iters"); do
	write_lines "$k"
	"$HEADROOM" rotate -f -s "$T/state" "$T/conf" 2>>"$T/err" &
	pid=$!
	sleep "0.$((RANDOM % 10))$((RANDOM % 10))"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
done
write_lines final
"$HEADROOM" rotate -f -s "$T/state" "$T/conf" 2>>"$T/err" || {
	cat "$T/err" >&2
	fail "the run after the crashes failed"
}
# Every line exactly once.
for i in $(seq -w 1 200); do
	for f in "$T/l/l$i.log"*; do
		case $f in
		*.gz) gzip -dc "$f" ;;
		*) cat "$f" ;;
		esac
	done
done | sort >"$T/seen"
{
	for k in $(seq 1 "$iters") final; do
		for i in $(seq -w 1 200); do
			printf 'log %s run %s line %s\n' "$i" "$k" 1 2 3
		done
	done
} | sort >"$T/want"
cmp -s "$T/seen" "$T/want" || {
	diff "$T/want" "$T/seen" | head -20 >&2
	fail "lines lost or duplicated across the crashes"
}
# Nothing but logs and numbered compressed generations.
left=$(ls -A "$T/l" | grep -Ev '^l[0-9]{3}\.log(\.[0-9]+\.gz)?$' | head)
[ -z "$left" ] || fail "left behind: $left"
echo "$iters kills, $(wc -l <"$T/want") lines, each present once;" \
    "$(grep -c "interrupted run" "$T/err") repairs after kills"
exit 0
