#!/bin/bash
# Repairs after an interrupted run, from evidence of headroom's own work:
# the journal beside the state file, and its reserved temporary names.
#  1. su + extension, killed during a compression: -d shows the repair and
#     changes nothing; the next run removes the temporary file, completes
#     the compression and rotates (forced); every line once, no debris.
#  2. killed in a postrotate: the next run runs it again (the program may
#     still write to the rotated file), then compresses; the state entry
#     gets the interrupted rotation's time, so a daily log is not rotated
#     twice.
#  3. a directory rotation refuses (mode 1777, root, no su): nothing is
#     repaired there either, journal or not; once it is safe, it is.
#  4. no interruption, no "interrupted run": a plain .1 left because
#     `compress` was just added is compressed as a generation in the way;
#     with rotate 0 it is removed, leaving no .2.gz; a glob that also
#     lists the .1 exits 0, as logrotate.
#  5. the journal itself: corrupt (reported, ignored, exit 1), and none
#     with state file /dev/null, where temporaries are still removed.
. "$top_srcdir/tests/lib.sh"
require_root
require_cmd gzip
old=$(date -d '3 days ago' '+%Y-%-m-%-d-%-H:%-M:%-S')

# A compresscmd that kills headroom (its parent) midway through the work
# on a's first generation; any other log is compressed by gzip.
cat >"$T/kill.sh" <<'SH'
#!/bin/sh
case $LOGROTATE_COMPRESSED_FILENAME in
*/a.log.1 | */a.1.log) head -c 100; kill -9 $PPID; sleep 5 ;;
*) exec gzip ;;
esac
SH
chmod 0755 "$T/kill.sh"

# stanza NAME DIR BODY...: writes $T/NAME, a stanza for DIR/a.log.
stanza() {
	local name=$1 dir=$2
	shift 2
	{ echo "$dir/a.log {"; printf '\t%s\n' "$@"; echo "}"; } >"$T/$name"
	chmod 0644 "$T/$name"
}
# Fails unless DIR holds only hidden-free names matching the regex $2.
only() {
	local left
	left=$(ls -A "$1" | grep -Ev "^($2)\$" | head -3)
	[ -z "$left" ] || fail "$3: left behind in $1: $left"
}

# 1. su + extension, killed during compression.
mkdir "$T/s"
seq 1 1000 >"$T/s/a.log"
stanza kill1 "$T/s" "rotate 3" compress "compresscmd $T/kill.sh" \
    "compressext .gz" "su root root" "extension .log" create
stanza conf1 "$T/s" "rotate 3" compress "su root root" "extension .log" \
    create
"$HEADROOM" rotate -f -s "$T/state1" "$T/kill1" 2>/dev/null
[ -e "$T/state1.journal" ] || fail "1: no journal after the kill"
ls -A "$T/s" | grep -q '^\.a\.1\.log\.gz\.' ||
	framework_failure "1: the kill left no temporary file"
echo "after the kill" >>"$T/s/a.log"
ls -lA "$T/s" >"$T/before"
"$HEADROOM" rotate -d -f -s "$T/state1" "$T/conf1" 2>"$T/d1" ||
	fail "1: -d failed: $(cat "$T/d1")"
ls -lA "$T/s" | cmp -s - "$T/before" || fail "1: -d changed the files"
expect_grep "$T/d1" "a temporary file of an interrupted run"
expect_grep "$T/d1" "compressing $T/s/a.1.log with: /bin/gzip"
"$HEADROOM" rotate -f -s "$T/state1" "$T/conf1" 2>"$T/err1" ||
	fail "1: the run after the kill failed: $(cat "$T/err1")"
expect_grep "$T/err1" "warning: the rotation of $T/s/a.log of"
cmp -s <(seq 1 1000) <(gzip -dc "$T/s/a.2.log.gz") ||
	fail "1: the interrupted generation was not kept whole"
[ "$(gzip -dc "$T/s/a.1.log.gz")" = "after the kill" ] ||
	fail "1: the lines written after the kill were not rotated"
only "$T/s" 'a\.log|a\.[12]\.log\.gz' 1
[ -e "$T/state1.journal" ] && fail "1: the journal was not removed"

# 2. killed in a postrotate; daily, due.
mkdir "$T/p"
seq 1 500 >"$T/p/a.log"
stanza conf2 "$T/p" daily "rotate 3" compress create postrotate \
    "echo ran >>$T/post; [ ! -e $T/killnow ] || kill -9 \$PPID" endscript
printf 'logrotate state -- version 2\n"%s" %s\n' "$T/p/a.log" "$old" \
    >"$T/state2"
chmod 0640 "$T/state2"
touch "$T/killnow"
"$HEADROOM" rotate -s "$T/state2" "$T/conf2" 2>/dev/null
rm "$T/killnow"
[ -e "$T/p/a.log.1" ] || framework_failure "2: the kill came elsewhere"
"$HEADROOM" rotate -s "$T/state2" "$T/conf2" 2>"$T/err2" ||
	fail "2: the run after the kill failed: $(cat "$T/err2")"
[ "$(wc -l <"$T/post")" = 2 ] || fail "2: postrotate ran $(wc -l <"$T/post") times, expected 2"
cmp -s <(seq 1 500) <(gzip -dc "$T/p/a.log.1.gz") ||
	fail "2: the rotated log was not compressed whole"
[ -e "$T/p/a.log.2.gz" ] && fail "2: the log was rotated twice in a day"
grep -q "\"$T/p/a.log\" $old" "$T/state2" &&
	fail "2: the state entry was not advanced"
only "$T/p" 'a\.log|a\.log\.1\.gz' 2

# 3. An insecure directory (1777, root, no su).
mkdir "$T/w"
chmod 1777 "$T/w"
seq 1 100 >"$T/w/a.log"
seq 101 200 >"$T/w/a.log.1"
echo partial >"$T/w/.a.log.1.gz.AbC123"
stanza conf3 "$T/w" "rotate 3" compress
ls -lA "$T/w" >"$T/before3"
"$HEADROOM" rotate -f -s "$T/state3" "$T/conf3" 2>"$T/err3"
rc=$?
[ "$rc" = 1 ] || fail "3: exit status $rc, expected 1"
expect_grep "$T/err3" "parent directory has insecure permissions"
ls -lA "$T/w" | cmp -s - "$T/before3" ||
	fail "3: a repair acted in a directory rotation refuses"
# The same with a journal: a run killed in a safe directory, then made
# world-writable; a log of the same stanza elsewhere is rotated meanwhile,
# and the unfinished work waits in the journal until it can be done.
mkdir "$T/w2" "$T/w3"
seq 1 100 >"$T/w2/a.log"
echo b >"$T/w3/b.log"
printf '%s/w2/a.log %s/w3/b.log {\n\trotate 3\n\tcompress\n%s}\n' "$T" \
    "$T" "	compresscmd $T/kill.sh
	compressext .gz
" >"$T/kill3"
printf '%s/w2/a.log %s/w3/b.log {\n\trotate 3\n\tcompress\n\tmissingok\n}\n' "$T" \
    "$T" >"$T/conf3b"
chmod 0644 "$T/kill3" "$T/conf3b"
"$HEADROOM" rotate -f -s "$T/state3b" "$T/kill3" 2>/dev/null
chmod 1777 "$T/w2"
ls -lA "$T/w2" >"$T/before3b"
"$HEADROOM" rotate -f -s "$T/state3b" "$T/conf3b" 2>"$T/err3b"
ls -lA "$T/w2" | cmp -s - "$T/before3b" ||
	fail "3: a journal repair acted in a directory rotation refuses"
echo b2 >"$T/w3/b.log"
"$HEADROOM" rotate -f -s "$T/state3b" "$T/conf3b" 2>"$T/err3b"
[ "$(gzip -dc "$T/w3/b.log.1.gz")" = b2 ] || fail "3: b.log not rotated"
chmod 0755 "$T/w2"
echo "after the kill" >"$T/w2/a.log"
"$HEADROOM" rotate -s "$T/state3b" "$T/conf3b" 2>"$T/err3c" ||
	fail "3: the repair once the directory is safe failed: $(cat "$T/err3c")"
cmp -s <(seq 1 100) <(gzip -dc "$T/w2/a.log.1.gz") ||
	fail "3: the interrupted generation was not completed"
only "$T/w2" 'a\.log|a\.log\.1\.gz' 3

# 4a. `compress` just added: a plain .1 is not an interrupted run's.
mkdir "$T/c"
echo now >"$T/c/a.log"
echo previous >"$T/c/a.log.1"
stanza conf4 "$T/c" "rotate 3" compress
"$HEADROOM" rotate -v -f -s "$T/state4" "$T/conf4" 2>"$T/err4" ||
	fail "4a: exit $?: $(cat "$T/err4")"
grep -q "interrupted" "$T/err4" && fail "4a: a repair where nothing was interrupted: $(grep interrupted "$T/err4")"
expect_grep "$T/err4" "compressing $T/c/a.log.1 first"
[ "$(gzip -dc "$T/c/a.log.2.gz")" = previous ] || fail "4a: a.log.1 lost"
[ "$(gzip -dc "$T/c/a.log.1.gz")" = now ] || fail "4a: a.log not rotated"
# 4b. ... with rotate 0: no old generation is kept, none is left.
mkdir "$T/z"
echo now >"$T/z/a.log"
echo previous >"$T/z/a.log.1"
stanza conf4b "$T/z" "rotate 0" compress
"$HEADROOM" rotate -f -s "$T/state4b" "$T/conf4b" 2>"$T/err4b" ||
	fail "4b: exit $?: $(cat "$T/err4b")"
only "$T/z" '' 4b
# 4c. A glob that also lists the plain .1: exit 0, as logrotate.
mkdir "$T/g"
seq 1 10 >"$T/g/x"
seq 11 20 >"$T/g/x.1"
printf '%s/g/x* {\n\tdaily\n\trotate 3\n\tcompress\n}\n' "$T" >"$T/conf4c"
chmod 0644 "$T/conf4c"
printf 'logrotate state -- version 2\n"%s" %s\n' "$T/g/x" "$old" \
    >"$T/state4c"
chmod 0640 "$T/state4c"
"$HEADROOM" rotate -s "$T/state4c" "$T/conf4c" 2>"$T/err4c" ||
	fail "4c: exit $?, logrotate exits 0: $(cat "$T/err4c")"
cmp -s <(seq 11 20) <(gzip -dc "$T/g/x.2.gz") || fail "4c: x.1 lost"
cmp -s <(seq 1 10) <(gzip -dc "$T/g/x.1.gz") || fail "4c: x not rotated"

# 5. A corrupt journal is reported and ignored; the run goes on.
mkdir "$T/j"
echo one >"$T/j/a.log"
stanza conf5 "$T/j" "rotate 3" compress
printf 'headroom rotate journal -- version 2\ngarbage\n' >"$T/state5.journal"
"$HEADROOM" rotate -f -s "$T/state5" "$T/conf5" 2>"$T/err5"
rc=$?
[ "$rc" = 1 ] || fail "5: a corrupt journal: exit $rc, expected 1"
expect_grep "$T/err5" "journal $T/state5.journal: bad line 2"
[ "$(gzip -dc "$T/j/a.log.1.gz")" = one ] || fail "5: no rotation"
[ -e "$T/state5.journal" ] && fail "5: the corrupt journal stayed"
# With state file /dev/null there is no journal; temporaries still go.
echo two >"$T/j/a.log"
echo partial >"$T/j/.a.log.1.gz.XyZ789"
(cd "$T" && "$HEADROOM" rotate -f -s /dev/null "$T/conf5") 2>"$T/err5b" ||
	fail "5: state /dev/null: $(cat "$T/err5b")"
only "$T/j" 'a\.log\.[12]\.gz' 5
[ -e /dev/null.journal ] && fail "5: a journal with state /dev/null"
exit 0
