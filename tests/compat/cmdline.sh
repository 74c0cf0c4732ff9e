#!/bin/bash
# The command line against logrotate's: exit statuses for good and bad
# options, the messages scripts grep, that -d changes nothing on disk,
# and that a run without -d rotates.
. "$top_srcdir/tests/lib.sh"
require_cmd logrotate
require_root

mkdir -p "$T/logs"
echo x >"$T/logs/a.log"
head -c 2000000 /dev/zero >"$T/logs/big.log"
printf '%s {\n daily\n}\n' "$T/logs/a.log" >"$T/conf"
printf '%s {\n size 1M\n}\n' "$T/logs/big.log" >"$T/big.conf"
chmod 0644 "$T/conf" "$T/big.conf"
S=$T/state
recent=$(date -d '2 days ago' '+%Y-%-m-%-d-%-H:%-M:%-S')
printf 'logrotate state -- version 2\n"%s" %s\n' "$T/logs/a.log" "$recent" \
    >"$S"
chmod 0640 "$S"

# Same exit status from both, for each argument vector.
n=0
while IFS= read -r args; do
	[ -z "$args" ] && continue
	eval "set -- $args"
	logrotate "$@" >"$T/lr.out" 2>&1 </dev/null
	lr=$?
	"$HEADROOM" rotate "$@" >"$T/hr.out" 2>&1 </dev/null
	hr=$?
	[ "$lr" = "$hr" ] || {
		cat "$T/lr.out" "$T/hr.out" >&2
		fail "'$args': logrotate exits $lr, headroom $hr"
	}
	n=$((n + 1))
done <<ARGS
--help
-?
--usage
--version
--bogus
-x
-s
--state
-d -s
-dvf -s $S $T/conf
-d --state=$S $T/conf
-d --state $S -- $T/conf
$T/conf -d -s $S
-d -s $S $T/conf $T/nonexistent
-d --skip-state-lock -s $S $T/conf
--skip-state-lock --wait-for-state-lock -s $S $T/conf
-d -f -m /bin/true -l $T/log.out -s $S $T/conf
-d
ARGS
[ "$n" -ge 18 ] || framework_failure "ran only $n argument vectors"

# The messages.
"$HEADROOM" rotate --bogus 2>"$T/err"
expect_grep "$T/err" "bad argument --bogus: unknown error"
"$HEADROOM" rotate 2>"$T/err" >"$T/out"
expect_grep "$T/err" "Usage:"
[ -s "$T/out" ] && fail "the usage without a config went to stdout"
"$HEADROOM" rotate --version >"$T/out"
expect_grep "$T/out" "headroom"
expect_grep "$T/out" "(logrotate 3.21.0 compatible)"
expect_grep "$T/out" "Default state file path:"
# Through the logrotate name: logrotate's first line (scripts parse it),
# then one naming headroom; help and usage say logrotate.
mkdir "$T/bin" && ln -s "$HEADROOM" "$T/bin/logrotate" ||
	framework_failure "cannot link $T/bin/logrotate"
"$T/bin/logrotate" --version >"$T/out"
[ "$(sed -n 1p "$T/out")" = "$(logrotate --version | sed -n 1p)" ] ||
	fail "--version through logrotate: $(cat "$T/out")"
sed -n 2p "$T/out" | grep -q headroom || fail "--version: no headroom line"
expect_grep "$T/out" "Default state file path:"
for opt in --help --usage; do
	[ "$("$T/bin/logrotate" $opt | sed -n 1p)" = \
	    "$(logrotate $opt | sed -n 1p)" ] ||
		fail "$opt through logrotate: $("$T/bin/logrotate" $opt)"
done
"$T/bin/logrotate" 2>"$T/err"
[ "$(sed -n 1p "$T/err")" = "logrotate 3.21.0" ] ||
	fail "the banner through logrotate: $(cat "$T/err")"
expect_grep "$T/err" "Usage: logrotate "
"$HEADROOM" rotate --help | grep -q '^Usage: headroom rotate ' ||
	fail "headroom rotate --help does not say headroom rotate"
[ "$("$HEADROOM" --version)" = "headroom $("$HEADROOM" --version | cut -d' ' -f2)" ] ||
	fail "headroom --version changed"
"$HEADROOM" rotate -j 0 "$T/conf" 2>"$T/err"
[ $? = 2 ] || fail "-j 0 was accepted"
"$HEADROOM" rotate -j x "$T/conf" 2>"$T/err"
[ $? = 2 ] || fail "-j x was accepted"

# -d changes nothing: not the state file, not the logs; -l gets debug text.
cp -p "$S" "$T/state.before"
ls -l --time-style=full-iso "$T/logs" >"$T/tree.before"
"$HEADROOM" rotate -d -f -l "$T/hr.log" -s "$S" "$T/conf" 2>"$T/err" ||
	fail "headroom rotate -d -f failed: $(cat "$T/err")"
cmp -s "$S" "$T/state.before" || fail "-d changed the state file"
ls -l --time-style=full-iso "$T/logs" | cmp -s - "$T/tree.before" ||
	fail "-d changed the logs"
expect_grep "$T/err" "considering log $T/logs/a.log"
expect_grep "$T/err" "log needs rotating"
expect_grep "$T/err" "renaming $T/logs/a.log to $T/logs/a.log.1"
expect_grep "$T/hr.log" "considering log $T/logs/a.log"
"$HEADROOM" rotate -d -s "$T/new-state" "$T/conf" 2>/dev/null
[ -e "$T/new-state" ] && fail "-d created a state file"

# Without -d, a due log is rotated (exit 0) and nothing else changes.
"$HEADROOM" rotate -s "$S" "$T/big.conf" 2>"$T/err" ||
	fail "a due log without -d: exit $?: $(cat "$T/err")"
# rotate 0 (the default) removes the rotated file at once.
[ -e "$T/logs/big.log" ] && fail "big.log was not rotated"
[ -e "$T/logs/big.log.1" ] && fail "big.log.1 kept with rotate 0"
head -c 2000000 /dev/zero >"$T/logs/big.log"

# Nothing due: the state file is written with the new entry, as logrotate.
printf '%s {\n monthly\n}\n' "$T/logs/big.log" >"$T/month.conf"
chmod 0644 "$T/month.conf"
"$HEADROOM" rotate -s "$S" "$T/month.conf" 2>"$T/err" ||
	fail "nothing due, but exit $?: $(cat "$T/err")"
expect_grep "$S" "\"$T/logs/big.log\" "
expect_grep "$S" "\"$T/logs/a.log\" $recent"
exit 0
