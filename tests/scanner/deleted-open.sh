#!/bin/bash
# Deleted files still held: one 10 MiB file open in two processes is one
# row (both holders listed) and counts once in the total; JSON gives its
# dev and inode; a file held only through mmap (map_files) is found too;
# not as root, the processes that could not be inspected are counted;
# --no-deleted turns it off.
. "$top_srcdir/tests/lib.sh"
require_cmd python3 sleep
[ -r /proc/self/fd ] || skip "no readable /proc"
# As root, on a private tmpfs: no other deleted file shares its device.
if [ "$(id -u)" = 0 ]; then mount_tmpfs "$T/t" 64m; else mkdir -p "$T/t"; fi
head -c 10485760 /dev/urandom >"$T/t/held.log" || framework_failure "write"
head -c 3145728 /dev/urandom >"$T/t/mapped.bin" || framework_failure "write"
devino=$(stat -c '%d %i' "$T/t/held.log")
# Open it here, so that both sleeps inherit the same open file.
exec 3<"$T/t/held.log"
sleep 300 &
h1=$!
sleep 300 &
h2=$!
exec 3<&-
# A process that maps a file and closes its descriptor (python's mmap
# module would keep a duplicate descriptor: libc's mmap instead).
python3 -c 'import ctypes, os, sys, time
libc = ctypes.CDLL(None, use_errno=True)
libc.mmap.restype = ctypes.c_void_p
libc.mmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int,
                      ctypes.c_int, ctypes.c_int, ctypes.c_long]
fd = os.open(sys.argv[1], os.O_RDONLY)
addr = libc.mmap(None, os.fstat(fd).st_size, 1, 2, fd, 0)  # PROT_READ, MAP_PRIVATE
assert addr not in (None, ctypes.c_void_p(-1).value)
os.close(fd)
print("mapped", flush=True)
time.sleep(300)' "$T/t/mapped.bin" >"$T/mapped.out" &
h3=$!
trap 'kill $h1 $h2 $h3 2>/dev/null; _hr_cleanup' EXIT
for _ in $(seq 100); do
	[ "$(cat /proc/$h2/comm 2>/dev/null)" = sleep ] && [ -s "$T/mapped.out" ] && break
	sleep 0.1
done
rm "$T/t/held.log" "$T/t/mapped.bin"
cd "$T" || framework_failure "cd $T"
"$HEADROOM" scan --no-progress "$T/t" >report || fail "scan failed"
[ "$(grep -c "held.log (deleted)" report)" = 1 ] || fail "not one row for one file"
lo=$((h1 < h2 ? h1 : h2)) hi=$((h1 < h2 ? h2 : h1))
expect_grep report "10M  $T/t/held.log (deleted)  held by pid $lo (sleep) fd 3, pid $hi (sleep) fd 3"
if [ "$(id -u)" = 0 ]; then
	expect_grep report "3.0M  $T/t/mapped.bin (deleted)  held by pid $h3 (python3) mmap"
	expect_grep report "13M  total held"
fi
"$HEADROOM" scan --format=json "$T/t" >scan.json || fail "json failed"
# shellcheck disable=SC2086 # $devino is two words: device, inode
python3 - scan.json "$h1" "$h2" "$T/t/held.log" $devino <<'PY' || fail "json is wrong"
import json, sys
d = json.load(open(sys.argv[1]))
pids = {int(sys.argv[2]), int(sys.argv[3])}
hit = [f for f in d["deleted"]["files"] if f["path"] == sys.argv[4]]
assert len(hit) == 1, hit
f = hit[0]
assert {h["pid"] for h in f["holders"]} == pids, f
assert all(h["command"] == "sleep" and h["fd"] == 3 for h in f["holders"]), f
assert f["pid"] == f["holders"][0]["pid"] and f["disk"] >= 10485760, f
assert (f["dev"], f["ino"]) == (int(sys.argv[5]), int(sys.argv[6])), f
assert d["deleted"]["checked"] is True
assert d["deleted"]["disk"] == sum(x["disk"] for x in d["deleted"]["files"])
PY
# Not root: the processes it could not look into are counted, and said.
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	chmod 755 "$T"
	setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$HEADROOM" scan --no-progress "$T/t" >report3 2>&1
	grep -q "held.log" report3 && fail "nobody sees root's files"
	expect_grep report3 "processes could not be inspected (another user's): root sees more"
	setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$HEADROOM" scan --format=json "$T/t" >scan3.json
	python3 - scan3.json <<'PY' || fail "json: uninspected processes"
import json, sys
d = json.load(open(sys.argv[1]))["deleted"]
assert d["processes_uninspected"] >= 3, d
assert d["processes"] >= d["processes_uninspected"], d
PY
fi
"$HEADROOM" scan --no-progress --no-deleted "$T/t" >report2 || fail "scan failed"
grep -q "held by" report2 && fail "--no-deleted still lists it"
expect_grep report2 "(not checked)"
echo ok
