#!/bin/bash
# At -d 2 and deeper the directories are a tree (each under its parent,
# indented, siblings largest first); on a terminal every line fits its
# width, long components (docker's ids) shortened in the middle first;
# into a pipe or a file nothing is cut.
. "$top_srcdir/tests/lib.sh"
require_cmd python3
id=$(printf '%064x' 12345)
mkdir -p "$T/t/log/nginx" "$T/t/log/app/old" "$T/t/lib/docker/containers/$id"
head -c 500000 /dev/zero >"$T/t/log/nginx/a.log"
head -c 300000 /dev/zero >"$T/t/log/app/old/x"
head -c 900000 /dev/zero >"$T/t/lib/docker/containers/$id/$id-json.log"
cd "$T" || framework_failure "cd $T"
"$HEADROOM" scan --no-progress --no-deleted -d 4 t >report || fail "scan"
sed -n '/^Largest directories/,/^$/p' report | sed 's/^ *[^ ]* *[^ ]* \[[# ]*\] //' >tree
printf '%s\n' "Largest directories (depth 1-4)" t/lib "  docker" "    containers" \
	"      $id" t/log "  nginx" "  app" "    old" "" >want
cmp -s tree want || { diff want tree >&2; fail "not a tree"; }
"$HEADROOM" scan --no-progress --no-deleted -d 1 t >report1 || fail "scan -d 1"
sed -n '/^Largest directories/,/^$/p' report1 | grep -c '] t/l' | grep -qx 2 || fail "-d 1: flat"
grep -q "$id/$id-json.log" report || fail "a pipe: the path was cut"
# On a terminal of 70 columns.
python3 - "$HEADROOM" >tty.out <<'PY' || fail "cannot run on a pty"
import fcntl, os, pty, struct, subprocess, sys, termios
m, s = pty.openpty()
fcntl.ioctl(s, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 70, 0, 0))
p = subprocess.Popen([sys.argv[1], "scan", "--no-progress", "--no-deleted",
                      "-d", "4", "t"], stdout=s, stderr=subprocess.DEVNULL)
os.close(s)
out = b""
while True:
    try:
        d = os.read(m, 65536)
    except OSError:
        break
    if not d:
        break
    out += d
p.wait()
sys.stdout.write(out.decode().replace("\r", ""))
PY
python3 - tty.out "$id" <<'PY' || fail "lines do not fit 70 columns"
import re, sys
text = open(sys.argv[1]).read()
lines = text.split("\n")
assert len(lines) > 20, text
assert max(len(l) for l in lines) <= 70, [l for l in lines if len(l) > 70]
assert sys.argv[2] not in text, "the id is whole"
assert "      0000000000...0000003039" in text, text
assert re.search(r"  t/lib/docker/containers/0+\.\.\.[.0-9]*/0+\.\.\.9-json\.log\n",
                 text), text
PY
echo ok
