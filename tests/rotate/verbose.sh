#!/bin/bash
# -v reports each stanza just before it runs and each step as it runs, so
# what a script prints comes under its stanza and step, in logrotate's
# order; a script's arguments and body are printed under -d only.
. "$top_srcdir/tests/lib.sh"
require_cmd logrotate gzip
require_root

for side in lr hr; do
	D=$T/$side
	mkdir -p "$D"
	echo a >"$D/a.log"
	echo b >"$D/b.log"
	printf '%s/a.log {\n\trotate 1\n\tcompress\n\tpostrotate\n\t\techo MARK post-a >&2\n\tendscript\n}\n%s/b.log {\n\trotate 1\n\tprerotate\n\t\techo MARK pre-b >&2\n\tendscript\n\tpostrotate\n\t\techo MARK post-b >&2\n\tendscript\n}\n' \
	    "$D" "$D" >"$T/$side.conf"
	chmod 0644 "$T/$side.conf"
done
logrotate -v -f -s "$T/lr.state" "$T/lr.conf" >"$T/lr.out" 2>&1 ||
	fail "logrotate failed: $(cat "$T/lr.out")"
"$HEADROOM" rotate -v -f -s "$T/hr.state" "$T/hr.conf" >"$T/hr.out" 2>&1 ||
	fail "headroom rotate failed: $(cat "$T/hr.out")"

# The lines both print, in the order printed, paths made relative.
events() {
	grep -E '^(rotating pattern|running (pre|post)rotate|MARK|compressing log)' "$1" |
		sed -e "s|$T/[lh]r/||g" -e 's/ *forced from.*//'
}
events "$T/lr.out" >"$T/lr.events"
events "$T/hr.out" >"$T/hr.events"
[ "$(wc -l <"$T/lr.events")" = 9 ] ||
	framework_failure "logrotate -v printed: $(cat "$T/lr.out")"
diff -u "$T/lr.events" "$T/hr.events" ||
	fail "-v order differs from logrotate's (-logrotate +headroom)"
grep -q 'running script with args' "$T/hr.out" &&
	fail "-v printed a script's body"
[ -e "$T/hr/a.log.1.gz" ] && [ -e "$T/hr/b.log.1" ] ||
	fail "headroom did not rotate: $(ls "$T/hr")"

# -d prints the whole plan, script bodies included, and runs nothing.
echo a >"$T/hr/a.log"
"$HEADROOM" rotate -d -f -s "$T/hr.state" "$T/hr.conf" >"$T/d.out" 2>&1
grep -q 'running script with args .*a.log' "$T/d.out" ||
	fail "-d did not print the script: $(cat "$T/d.out")"
grep -q "^MARK" "$T/d.out" && fail "-d ran a script"
exit 0
