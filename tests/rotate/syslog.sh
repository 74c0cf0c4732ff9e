#!/bin/bash
# -l syslog sends every message to syslog (facility user), each at its
# priority, as logrotate 3.21 does: errors at err, warnings at warning,
# the rest (debug text included, without -v) at info.  Both programs run
# in a private mount namespace whose /dev/log is a socket this test reads.
# Also: -l FILE gets the steps' lines without -v, as logrotate's does.
. "$top_srcdir/tests/lib.sh"
require_cmd logrotate perl unshare
require_root
unshare -m --propagation private true 2>/dev/null ||
	skip "cannot make a mount namespace (unshare -m)"

mkdir -p "$T/dev" "$T/logs" || framework_failure mkdir
chmod 0755 "$T"
echo a >"$T/logs/a.log"
printf 'errors root\n%s/logs/a.log {\n\trotate 1\n}\n/nonexistent/b.log {\n}\n' \
    "$T" >"$T/conf"
chmod 0644 "$T/conf"

# inns OUT CMD...: runs CMD with /dev/log read into OUT, one record a line.
inns() {
	local out=$1
	shift
	unshare -m --propagation private bash -c '
		D=$1 OUT=$2
		shift 2
		for n in null zero full random urandom tty; do
			: >"$D/$n" && mount --bind "/dev/$n" "$D/$n" || exit 99
		done
		perl -MIO::Socket::UNIX -e "
			my \$s = IO::Socket::UNIX->new(Type => SOCK_DGRAM,
			    Local => \$ARGV[0]) or die qq(\$ARGV[0]: \$!\n);
			open(my \$o, q(>), \$ARGV[1]) or die;
			\$o->autoflush(1);
			while (defined(\$s->recv(my \$m, 65536))) {
				\$m =~ s/\n+\$//;
				print \$o qq(\$m\n);
			}" "$D/log" "$OUT" &
		reader=$!
		for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
			[ -S "$D/log" ] && break
			sleep 0.1
		done
		[ -S "$D/log" ] || exit 99
		mount --bind "$D" /dev || exit 99
		"$@"
		rc=$?
		sleep 0.2
		kill $reader
		rm -f "$D/log"
		exit $rc' inns "$T/dev" "$out" "$@"
}

# Priority and text of each record, the date and tag cut off; the trees'
# paths made the same.
records() {
	sed -e 's/^<\([0-9]*\)>[A-Z][a-z][a-z] [ 0-9][0-9] [0-9:]* [a-z]*: /\1 /' \
	    -e "s|$T/logs|@T@|g" "$1"
}

inns "$T/lr.raw" logrotate -f -l syslog -s "$T/lr.state" "$T/conf" \
    >"$T/lr.err" 2>&1
lrc=$?
[ "$lrc" = 99 ] && framework_failure "no private /dev/log"
echo a >"$T/logs/a.log"
rm -f "$T/logs/a.log.1"
inns "$T/hr.raw" "$HEADROOM" rotate -f -l syslog -s "$T/hr.state" "$T/conf" \
    >"$T/hr.err" 2>&1
hrc=$?
[ "$hrc" = 99 ] && framework_failure "no private /dev/log"
[ "$lrc" = "$hrc" ] || fail "logrotate exits $lrc, headroom $hrc"
records "$T/lr.raw" >"$T/lr.rec"
records "$T/hr.raw" >"$T/hr.rec"
[ -s "$T/lr.rec" ] || framework_failure "logrotate logged nothing"

# The messages both send, at the same priority.
for text in 'considering log @T@/a.log' \
    'stat of /nonexistent failed: No such file or directory' \
    'errors directive is deprecated' 'log needs rotating' \
    'renaming @T@/a.log to @T@/a.log.1'; do
	lp=$(grep -F -- "$text" "$T/lr.rec" | head -n 1 | cut -d' ' -f1)
	hp=$(grep -F -- "$text" "$T/hr.rec" | head -n 1 | cut -d' ' -f1)
	[ -n "$lp" ] || framework_failure "logrotate did not log '$text'"
	[ "$lp" = "$hp" ] || {
		cat "$T/hr.raw" >&2
		fail "'$text': logrotate's priority $lp, headroom's '$hp'"
	}
done
grep -q '^11 ' "$T/hr.rec" && grep -q '^12 ' "$T/hr.rec" &&
	grep -q '^14 ' "$T/hr.rec" || fail "not all of err, warning, info"
grep -q 'not supported' "$T/hr.err" && fail "-l syslog was refused"
grep -q 'considering log' "$T/hr.err" && fail "debug text on stderr"
[ -e "$T/logs/a.log.1" ] || fail "headroom did not rotate"

# -l FILE, no -v: the steps are in the file too.
echo a >"$T/logs/a.log"
"$HEADROOM" rotate -f -l "$T/hr.log" -s "$T/hr.state" "$T/conf" 2>/dev/null
expect_grep "$T/hr.log" "renaming $T/logs/a.log to $T/logs/a.log.1"
exit 0
