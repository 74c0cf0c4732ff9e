#!/bin/bash
# minfree is headroom's own: what the real logrotate 3.21 does with it
# (reports the line as an unknown option and ignores it, rotates by the
# rest of the stanza, exits 0), and the quiet way to give it to headroom
# alone (a top-level minfree in a file named before logrotate's, which
# every later stanza inherits), as headroom-rotate(8) documents.
. "$top_srcdir/tests/lib.sh"
require_cmd logrotate
mkdir "$T/l" && chmod 0755 "$T" "$T/l"
seq 1 10 >"$T/l/a.log"
cat >"$T/conf" <<EOF
$T/l/a.log {
	daily
	rotate 2
	minfree 10%
}
EOF
old='logrotate state -- version 2\n"%s" 2020-1-1-0:0:0\n'

logrotate -f -s "$T/lstate" "$T/conf" 2>"$T/err"
rc=$?
[ $rc = 0 ] || fail "logrotate exited $rc on minfree: $(cat "$T/err")"
expect_grep "$T/err" "error: $T/conf:4 unknown option 'minfree' -- ignoring line"
[ -f "$T/l/a.log.1" ] || fail "logrotate did not rotate by the rest of the stanza"
seq 1 10 >"$T/l/a.log"
# headroom reads it without a word.
"$HEADROOM" rotate -d -s "$T/hstate" "$T/conf" >"$T/out" 2>&1 ||
	fail "headroom failed: $(cat "$T/out")"
grep -i "unknown\|error" "$T/out" && fail "headroom complains about minfree"

# The quiet way.  99% of /tmp's file system is never free here.
printf 'minfree 99%%\n' >"$T/headroom.conf"
sed '/minfree/d' "$T/conf" >"$T/plain.conf"
# shellcheck disable=SC2059
printf "$old" "$T/l/a.log" >"$T/lstate"
cp "$T/lstate" "$T/hstate"
logrotate -d -s "$T/lstate" "$T/plain.conf" >"$T/out" 2>&1 ||
	fail "logrotate failed on the plain file: $(cat "$T/out")"
grep "error" "$T/out" && fail "logrotate complains about the plain file"
"$HEADROOM" rotate -d -s "$T/hstate" "$T/headroom.conf" "$T/plain.conf" \
    >"$T/out" 2>&1 || fail "headroom failed: $(cat "$T/out")"
expect_grep "$T/out" "less than 'minfree' 99%"
# Alone, the plain file knows nothing of it.
"$HEADROOM" rotate -d -s "$T/hstate" "$T/plain.conf" >"$T/out" 2>&1 ||
	fail "headroom failed: $(cat "$T/out")"
grep -q minfree "$T/out" && fail "minfree without the headroom-only file"
exit 0
