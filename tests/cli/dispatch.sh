#!/bin/bash
# The dispatcher: --version, help, unknown commands, and argv[0] "logrotate".
. "$top_srcdir/tests/lib.sh"

"$HEADROOM" --version >"$T/out" || fail "--version failed"
grep -qE '^headroom [0-9]+\.[0-9]+' "$T/out" || fail "--version printed: $(cat "$T/out")"

"$HEADROOM" help >"$T/out" || fail "help failed"
expect_grep "$T/out" "scan"
expect_grep "$T/out" "rotate"

"$HEADROOM" frobnicate >"$T/out" 2>"$T/err"
[ $? = 2 ] || fail "unknown command did not exit 2"
expect_grep "$T/err" "unknown command 'frobnicate'"
expect_grep "$T/err" "usage: headroom"
[ -s "$T/out" ] && fail "usage went to stdout"

"$HEADROOM" >/dev/null 2>&1
[ $? = 2 ] || fail "no command did not exit 2"

"$HEADROOM" help frobnicate >/dev/null 2>&1
[ $? = 2 ] || fail "help of an unknown command did not exit 2"

# Invoked through a symlink named logrotate, headroom is `headroom rotate`.
ln -s "$HEADROOM" "$T/logrotate"
"$T/logrotate" --help >"$T/a" 2>&1; ra=$?
"$HEADROOM" rotate --help >"$T/b" 2>&1; rb=$?
[ "$ra" = "$rb" ] || fail "logrotate symlink exit $ra, headroom rotate exit $rb"
cmp -s "$T/a" "$T/b" || fail "logrotate symlink and headroom rotate differ"
"$T/logrotate" --version >"$T/out" 2>&1
grep -q headroom "$T/out" && grep -q 'scan' "$T/out" &&
	fail "the logrotate symlink ran the dispatcher, not rotate"
exit 0
