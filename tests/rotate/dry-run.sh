#!/bin/bash
# -d prints exactly the steps a run carries out, in the order it carries
# them out: for every execution case of tests/rotate/cases (and a few
# random ones), headroom rotate -d and then -v on the same tree and state
# must print the same lines, except -d's warning and script bodies, and
# -v's summary, when the run succeeds; and except what the man page's -d
# says -d cannot show, since it reads no contents and runs nothing: what a
# run decides for a compression target in the way, and a failing shred.
# CASES=GLOB runs some of them.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/rotate/rotate-lib.sh"
require_cmd perl gzip xz bzip2 zstd lz4 shred
require_root

mkdir "$T/random" || framework_failure mkdir
perl "$top_srcdir/tests/rotate/random-case.pl" 7 12 "$T/random" ||
	framework_failure "random-case.pl failed"

# What both print, without what only -d prints (its warning and the
# blank line after it; script bodies, which end with a line '"') and the
# state lock that -d does not take; the clock and the pids of the su
# notes.
lines() {
	awk '
		skip { if ($0 == "\"") skip = 0; next }
		/^running script with args / { skip = $0 !~ /: ""$/; next }
		/^warning: .* in debug mode does nothing/ || /^$/ { next }
		# What a run finds in a compression target in its way
		# (make_room) depends on the contents, which -d does not read.
		/^error: destination .* already exists, renaming to / { next }
		/^warning: .* holds (the same data as|the first part of) / { next }
		/^(acquired lock on|Creating stub|Skip locking) state file/ {
			next
		}
		/^  Now: / { next }
		# The summary of what was done, which -d does not do.
		/^rotated [0-9]+ logs?, / { next }
		{ sub(/ \(pid [0-9]+\)$/, ""); print }' "$1"
}

# same CASE: 0 when -d and -v agree (or the run failed), else 1.
same() {
	local c=$1 W args rc
	W=$T/$(basename "$1" .case)
	mkdir -p "$W/t" "$W/t.bin"
	rl_split "$c" "$W/t" "$(date +%s)" || return 1
	chmod 0644 "$W/t.conf"
	cp "$W/t.state" "$W/t.statefile"
	chmod 0640 "$W/t.statefile"
	(cd "$W/t" && T=$W/t bash -e "$W/t.setup") >"$W/setup.out" 2>&1 ||
		{ cat "$W/setup.out"; return 1; }
	args=$(sed -n 's/^rotate\( \|$\)//p' "$W/t.runs" | head -n 1)
	rl_same_hour
	# shellcheck disable=SC2086
	(cd "$W/t" && PATH=$W/t.bin:$PATH "$HEADROOM" rotate -d $args -s "$W/t.statefile" \
	    -m /bin/true "$W/t.conf") >"$W/d.out" 2>&1 </dev/null
	# shellcheck disable=SC2086
	(cd "$W/t" && PATH=$W/t.bin:$PATH "$HEADROOM" rotate -v $args -s "$W/t.statefile" \
	    -m /bin/true "$W/t.conf") >"$W/v.out" 2>&1 </dev/null
	rc=$?
	[ "$rc" = 0 ] || { echo "skipped: $(basename "$c") (exit $rc)"; return 0; }
	# A program that fails (shred) is not a step -d can foresee.
	grep -q '^error: Failed to shred ' "$W/v.out" &&
		{ echo "skipped: $(basename "$c") (shred failed)"; return 0; }
	lines "$W/d.out" >"$W/d.lines"
	lines "$W/v.out" >"$W/v.lines"
	diff -u "$W/d.lines" "$W/v.lines" >"$W/diff" && return 0
	echo "--- $(basename "$c"): -d (-) and -v (+) differ"
	cat "$W/diff"
	return 1
}

n=0 bad=0 compared=0
for c in "$top_srcdir"/tests/rotate/cases/${CASES:-*}.case "$T"/random/*.case; do
	n=$((n + 1))
	same "$c" >"$T/one" 2>&1 || bad=$((bad + 1))
	grep -q '^skipped: ' "$T/one" || compared=$((compared + 1))
	cat "$T/one"
done
min=20
[ -n "${CASES:-}" ] && min=1
[ "$compared" -ge "$min" ] ||
	framework_failure "compared only $compared of $n cases"
[ "$bad" = 0 ] || fail "-d and -v differ in $bad of $compared cases"
echo "-d and -v agree in $compared cases ($((n - compared)) runs failed)"
exit 0
