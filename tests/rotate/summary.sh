#!/bin/bash
# The run's one-line summary, last, under -v and whenever standard error
# is the journal (at info there): logs rotated, bytes before and after
# compression (as du -h prints sizes), time, errors.  Without -v and not
# to the journal, a run that goes well prints nothing.
. "$top_srcdir/tests/lib.sh"
require_cmd du gzip

mkdir "$T/logs" && chmod 0755 "$T/logs" || framework_failure mkdir
seq 1 50000 >"$T/logs/a.log"
echo b >"$T/logs/b.log"
printf '%s/logs/a.log {\n\trotate 1\n\tcompress\n}\n%s/logs/b.log {\n}\n' \
    "$T" "$T" >"$T/conf"
before=$(du --apparent-size -h "$T/logs/a.log" | cut -f1)

"$HEADROOM" rotate -f -v -s "$T/state" "$T/conf" 2>"$T/err" ||
	fail "the run failed"
after=$(du --apparent-size -h "$T/logs/a.log.1.gz" | cut -f1)
last=$(tail -n 1 "$T/err")
[[ $last =~ ^rotated\ 2\ logs,\ compressed\ $before\ to\ $after,\ [0-9]+\.[0-9][0-9]\ seconds,\ 0\ errors$ ]] ||
	fail "the summary is '$last'"

seq 1 10 >"$T/logs/a.log"
echo b >"$T/logs/b.log"
"$HEADROOM" rotate -f -s "$T/state" "$T/conf" 2>"$T/err" ||
	fail "the second run failed"
[ ! -s "$T/err" ] || fail "without -v: $(cat "$T/err")"

# To the journal, without -v; an error counted.
printf '%s/logs/none.log {\n}\n' "$T" >>"$T/conf"
echo a >"$T/logs/a.log"
echo b >"$T/logs/b.log"
: >"$T/err"
stream=$(stat -c '%d:%i' "$T/err")
JOURNAL_STREAM=$stream "$HEADROOM" rotate -s "$T/state" "$T/conf" \
    2>>"$T/err"
last=$(tail -n 1 "$T/err")
[[ $last =~ ^\<6\>rotated\ 0\ logs,\ [0-9]+\.[0-9][0-9]\ seconds,\ 1\ error$ ]] ||
	fail "the summary in the journal is '$last'"
[ "$(wc -l <"$T/err")" = 2 ] || { cat "$T/err" >&2; fail "more than the error and the summary (above)"; }
exit 0
