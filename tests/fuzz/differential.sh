#!/bin/bash
# The parser against logrotate 3.21 itself: for every config in
# tests/fixtures/conf/ (@D@ = a scratch directory with a.log b.log c.log,
# inc/ and old/) and for 60 configs drawn at random from a pool of good
# and broken lines, conf_dump must print the same parse-time messages (in
# the same order, same wording, same line numbers), keep the same stanzas
# with the same files, and fail exactly when logrotate -d exits 1 for a
# reason found while parsing.
. "$top_srcdir/tests/lib.sh"
require_cmd logrotate

require_conf_dump
D=$T/d
mkdir -p "$D/inc" "$D/old" "$D/home/old" "$T/cfg" || framework_failure mkdir
chmod 755 "$T" "$D"
: >"$D/a.log"
: >"$D/b.log"
: >"$D/c.log"
printf 'rotate 2\n' >"$D/inc/10-a"
printf '%s/c.log {\n}\n' "$D" >"$D/inc/20-b"
: >"$D/inc/x.rpmsave"
: >"$D/inc/y.dpkg-old"
chmod 644 "$D"/inc/*
export HOME=$D/home

# logrotate -d's view of the parse: its messages up to "Reading state",
# then each stanza's pattern and files.
lr() {
	logrotate -d -s /dev/null "$1" >"$T/lr.raw" 2>&1
	echo "rc=$?" >"$T/lr.rc"
	# Exit 1 for a log that is missing at rotation time is not the
	# parser's: compare the status only when nothing like that happened.
	grep -q '^error: stat of' "$T/lr.raw" && echo "rc=?" >"$T/lr.rc"
	awk 'BEGIN { p = 1 }
		/^warning: logrotate in debug mode/ { next }
		/^Reading state from file/ { p = 0 }
		/^rotating pattern: |^considering log / { print; next }
		{ if (p) print }' "$T/lr.raw" |
		sed 's/ \(hourly\|weekly\|monthly\|yearly\|after [0-9]* days\|[0-9]* bytes\) (.*$//' |
		grep -v '^$'
	cat "$T/lr.rc"
}

# conf_dump's, cut the same way (logrotate prints only the first line of
# a pattern that spans lines).
hr() {
	conf_dump "$1" >"$T/hr.raw" 2>&1
	rc=$?
	awk 'BEGIN { p = 1 }
		/^rotating pattern: / { p = 0 }
		/^rotating pattern: |^considering log / { print; next }
		{ if (p) print }' "$T/hr.raw" | grep -v '^$'
	if grep -q '^rc=?' "$T/lr.rc"; then echo "rc=?"; else echo "rc=$rc"; fi
}

failures=0
compare() {	# compare NAME CONFIG-FILE
	chmod 644 "$2"
	lr "$2" >"$T/lr.out"
	hr "$2" >"$T/hr.out"
	if ! diff -u "$T/lr.out" "$T/hr.out" >"$T/diff"; then
		echo "--- $1: logrotate (-) vs headroom (+):" >&2
		cat "$2" >&2
		cat "$T/diff" >&2
		failures=$((failures + 1))
	fi
}

cd "$T/cfg" || framework_failure cd
n=0
for f in "$top_srcdir"/tests/fixtures/conf/*.conf; do
	name=$(basename "$f")
	sed "s|@D@|$D|g" "$f" >"$name"
	compare "$name" "$name"
	n=$((n + 1))
done
[ "$n" -ge 40 ] || framework_failure "only $n fixtures"

pool=(
	'rotate 3' 'rotate x' 'rotate' 'compress' 'nocompress missingok'
	'size 10k' 'size 1.5M' 'size' 'weekly' 'weekly 3' 'weekly 9' 'daily'
	'monthly' '  }' '}' '{' "$D/a.log {" "$D/*.log {" "\"$D/b.log\" {"
	"$D/c.log" '# comment' '' '   ' 'postrotate' 'endscript'
	'  endscript' 'echo hi' 'create 0640 root root' 'create foo' 'su root'
	'su root root' "olddir $D/old" 'olddir nothere' 'mail a@b' 'mail a b'
	'tabooext + .x' "include $D/inc" 'missingok' 'notifempty'
	'sharedscripts' 'copytruncate' 'errors x' 'foo bar' 'compress=yes'
	'rotate=2' '12' '$x' "'$D/a.log {" '} x' 'dateext' 'dateformat -%Y'
	'compressoptions -9' 'compressoptions "' 'compresscmd /bin/bzip2'
	'ignoreduplicates' 'minage 2x' 'maxage 3' 'start 0' 'shredcycles 2'
	'prerotate' 'lastaction' 'firstaction' 'preremove' 'extension .log'
	'addextension .gz' 'createolddir 0755' 'nocreate' 'renamecopy'
	'hourly' 'yearly' 'minsize 1G' 'maxsize 10' "$D/a.log $D/b.log {"
	"$D/a.log {}" 'rotate 1 # c' $'\tcompress\t' $'x\001y' $'rotate 3\r'
	'tabooext .none' 'taboopat + 2*' "$D/nomatch*.log {" 'olddir old'
)
# FUZZ_SEED and FUZZ_CONFIGS draw other configs, for a longer hunt.
RANDOM=${FUZZ_SEED:-4242}
for ((i = 1; i <= ${FUZZ_CONFIGS:-60}; i++)); do
	text=
	for ((j = RANDOM % 25; j >= 0; j--)); do
		text+=${pool[RANDOM % ${#pool[@]}]}$'\n'
	done
	printf '%s' "$text" >"r$i.conf"
	compare "random config $i" "r$i.conf"
done
[ "$failures" = 0 ] || fail "$failures configs parsed unlike logrotate"
