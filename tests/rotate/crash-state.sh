#!/bin/bash
# kill -9 during the rewrite of the state file (and of the journal) leaves
# either the old or the new state, never a broken one: a large state file
# makes the rewrite long, forced runs are killed at random points until
# at least KILLS of them landed while the state's temporary file existed
# (during its rewrite), and after every kill the state file must hold
# every entry, well formed, the rotated log's entry old or new; the next
# run must succeed and leave no temporary file.  KILLS=N (default 3),
# ENTRIES=N (default 20000).
. "$top_srcdir/tests/lib.sh"
want=${KILLS:-3}
entries=${ENTRIES:-20000}
RANDOM=${SEED:-7}

mkdir "$T/l"
printf '%s/l/a.log {\n\trotate 1\n\tcompress\n\tcreate\n}\n' "$T" >"$T/conf"
chmod 0644 "$T/conf"
{
	echo "logrotate state -- version 2"
	seq -f '"/var/log/app/some-service/log%06g.log" 2026-11-30-1:2:3' \
	    1 "$entries"
} >"$T/state"
chmod 0640 "$T/state"
echo one >"$T/l/a.log"
ms() { echo $(($(date +%s%N) / 1000000)); }
t0=$(ms)
"$HEADROOM" rotate -f -s "$T/state" "$T/conf" || fail "the first run failed"
dur=$(($(ms) - t0))

# The state file is whole: the header, then every entry well formed, all
# the other logs' entries exactly as before.
whole() {
	head -1 "$T/state" | grep -qx 'logrotate state -- version 2' ||
		fail "kill $1: the state file lost its header"
	grep -v '^logrotate state' "$T/state" |
	    grep -Evq '^"[^"]*" [0-9]+-[0-9]+-[0-9]+-[0-9]+:[0-9]+:[0-9]+$' &&
		fail "kill $1: a broken line in the state file"
	cmp -s <(grep -v '/l/a.log"' "$T/state") \
	    <(grep -v '/l/a.log"' "$T/state.prev") ||
		fail "kill $1: entries lost or changed in the state file"
	grep -q "\"$T/l/a.log\" " "$T/state" ||
		fail "kill $1: the rotated log's entry was lost"
}

landed=0 journal=0 n=0
while [ "$landed" -lt "$want" ] && [ "$n" -lt $((want * 20)) ]; do
	n=$((n + 1))
	echo "line $n" >>"$T/l/a.log"
	cp "$T/state" "$T/state.prev"
	"$HEADROOM" rotate -f -s "$T/state" "$T/conf" 2>/dev/null &
	pid=$!
	delay=$((RANDOM % (dur + 1)))
	sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	[ -e "$T/state.tmp" ] && landed=$((landed + 1))
	[ -e "$T/state.journal.tmp" ] && journal=$((journal + 1))
	whole "$n"
done
[ "$landed" -ge "$want" ] ||
	framework_failure "only $landed of $n kills came during the rewrite"
"$HEADROOM" rotate -f -s "$T/state" "$T/conf" 2>"$T/err" ||
	fail "the run after the kills failed: $(cat "$T/err")"
cp "$T/state" "$T/state.prev"
whole final
[ -e "$T/state.tmp" ] && fail "a temporary state file was left"
[ -e "$T/state.journal" ] && fail "the journal was left"
echo "$n kills, $landed during the state's rewrite, $journal left the" \
    "journal's temporary file; the state file was whole after every one"
exit 0
