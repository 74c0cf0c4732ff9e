#!/bin/bash
# The lines logrotate 3.21 prints under -v and -d that say what it does
# with the state file, ids, scripts not run, shred, vetoes and failures
# (compression, mail): headroom prints each of them as logrotate does, on
# identical trees (paths made the same, pids cut).  A failed compression
# is one line.
. "$top_srcdir/tests/lib.sh"
require_cmd logrotate gzip shred
require_root

for side in lr hr; do
	D=$T/$side
	mkdir -p "$D"
	chmod 0755 "$D"
	echo a >"$D/a.log"
	echo b >"$D/b.log"
	echo c >"$D/c.log"
	chown daemon:daemon "$D/c.log"
	echo f >"$D/f.log"
	echo m >"$D/m.log"
	echo n >"$D/n.log"
	echo s >"$D/s.log"
	cat >"$T/$side.conf" <<EOF
$D/a.log {
	daily
	minsize 1k
	minage 5
}
$D/b.log {
	size 1G
	sharedscripts
	prerotate
		echo pre
	endscript
	postrotate
		echo post
	endscript
	lastaction
		echo last
	endscript
}
$D/c.log {
	su daemon daemon
}
$D/f.log {
	size 1
	rotate 1
	compress
	compresscmd /bin/false
}
$D/m.log {
	size 1
	rotate 0
	compress
	delaycompress
	mail root@localhost
}
$D/n.log {
	size 1
	rotate 0
	copy
	mail root@localhost
	mailfirst
}
$D/s.log {
	size 1
	rotate 0
	shred
}
EOF
	chmod 0644 "$T/$side.conf"
	printf 'logrotate state -- version 2\n"%s" 2020-1-1-1:0:0\n"%s" %s\n' \
	    "$D/a.log" "$D/b.log" "$(date '+%Y-%-m-%-d-0:0:0')" >"$T/$side.st"
	chmod 0640 "$T/$side.st"
done
# b.log is far below its size: not due, and nothing else of its stanza
# is, at any hour (a daily stanza rotated at midnight would depend on
# the hour the test runs).

# run SIDE PROGRAM ARGS: its output, the tree's path made @T@, pids cut.
run() {
	local side=$1
	shift
	"$@" -m /bin/true "$T/$side.conf" 2>&1 </dev/null |
		sed -e "s|$T/$side|@T@|g" -e 's/ (pid [0-9]*)$//'
}
run lr logrotate -v -s "$T/lr.st" >"$T/lr.out"
run hr "$HEADROOM" rotate -v -s "$T/hr.st" >"$T/hr.out"
run lr logrotate -v -s "$T/lr.new" >"$T/lr.new.out"
run hr "$HEADROOM" rotate -v -s "$T/hr.new" >"$T/hr.new.out"
run lr logrotate -d -s "$T/lr.none" >"$T/lr.d.out"
run hr "$HEADROOM" rotate -d -s "$T/hr.none" >"$T/hr.d.out"

# same FILE PATTERN: the lines of lr.FILE and hr.FILE with PATTERN agree
# and there is one at least.
same() {
	grep -o -e "$2" "$T/lr.$1" >"$T/lr.want"
	grep -o -e "$2" "$T/hr.$1" >"$T/hr.got"
	[ -s "$T/lr.want" ] || framework_failure "logrotate printed no '$2'"
	cmp -s "$T/lr.want" "$T/hr.got" || {
		diff -u "$T/lr.want" "$T/hr.got" >&2
		echo "'$2' differs from logrotate's (-logrotate +headroom)" >&2
		bad=$((bad + 1))
	}
}
bad=0
same out "log does not need rotating ('min.*"
same out "not running .* script, since no logs .*"
same out "switching euid from [0-9]* to [0-9]* and egid from [0-9]* to [0-9]*"
same out "Using shred to remove the file .*"
same out "uncompress command failed mailing .*"
same out "failed to compress log @T@/f.log.1"
same out "failed to open .* for mailing: .*"
same new.out "Creating stub state file: .*"
same new.out "acquired lock on state file [^ R]*"
same new.out "Creating new state"
same d.out "state file .* does not exist"
[ "$(grep -c '^error: .*@T@/f.log.1' "$T/hr.out")" = 1 ] || {
	echo "the failed compression was not reported once" >&2
	bad=$((bad + 1))
}
[ "$bad" = 0 ] || fail "$bad kinds of lines differ from logrotate's"
exit 0
