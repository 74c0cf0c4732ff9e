#!/bin/bash
# -o: a regular file (also through a symlink) is replaced atomically and
# keeps its mode and its link; a character device or FIFO is written
# straight, never replaced; /dev/stdout is the descriptor itself; a bad
# -o fails before the scan (exit 2) and names the path as given.
. "$top_srcdir/tests/lib.sh"
require_root
require_cmd python3 timeout
mkdir -p "$T/t/sub"
printf 'data\n' >"$T/t/sub/file"
cd "$T" || framework_failure "cd $T"
isjson() { python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$1"; }

# A character device (a private /dev/null) stays a device.
mknod null c 1 3 || framework_failure "mknod"
"$HEADROOM" scan --no-progress -o null t || fail "-o a device failed"
[ -c null ] || fail "-o replaced a character device"
# A symlink stays a link; the file it names gets the report, mode kept.
printf 'old\n' >real.json && chmod 600 real.json && ln -s real.json link.json
"$HEADROOM" scan --format=json -o link.json t || fail "-o through a link failed"
[ -L link.json ] || fail "-o replaced the symlink"
isjson real.json || fail "the file behind the link lacks the report"
[ "$(stat -c %a real.json)" = 600 ] || fail "mode not kept"
# A FIFO is written straight.
mkfifo fifo
timeout 20 cat fifo >got &
"$HEADROOM" scan --format=json -o fifo t || fail "-o a FIFO failed"
wait
[ -p fifo ] || fail "-o replaced a FIFO"
isjson got || fail "the FIFO's reader got no report"
# /dev/stdout and /dev/fd/N are the descriptors themselves.
"$HEADROOM" scan --format=json -o /dev/stdout t >out.json || fail "/dev/stdout"
isjson out.json || fail "-o /dev/stdout"
"$HEADROOM" scan --format=json -o /dev/fd/3 t 3>fd3.json || fail "/dev/fd/3"
isjson fd3.json || fail "-o /dev/fd/3"
ls -A | grep -q '^\.' && fail "temporary file left behind"

# Refused before the scan: the missing PATH would be reported otherwise.
mkdir dir && ln -s nowhere dangling
mknod blk b 7 200 || framework_failure "mknod b"
for bad in "" "no/such/dir/x.json" dir dangling blk; do
	"$HEADROOM" scan -o "$bad" missing-path >out 2>err
	st=$?
	[ "$st" = 2 ] || fail "-o '$bad': exit $st, expected 2"
	expect_grep err "'$bad'"
	grep -q "missing-path" err && fail "-o '$bad': the scan ran"
	grep -q "\.XXXXXX\|'\./\.\|/\.x\.json" err && fail "-o '$bad': names a temporary"
done
[ -b blk ] && [ -L dangling ] && [ -d dir ] || fail "a refused target changed"
echo ok
