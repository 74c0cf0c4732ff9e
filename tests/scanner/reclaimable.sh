#!/bin/bash
# Reclaimable: each case gives the space and a command that, run, frees
# exactly that: a real nginx's deleted log (kill -USR1 to its master),
# a deleted file held by another process (": > /proc/PID/fd/N"), rotated
# logs (a find that leaves the live log), a journal beyond 512M
# (journalctl --vacuum-size, with --directory outside the system's), a
# container log over 100M (truncate, with the fix), a hard-linked file
# (frees nothing until every name goes: not in the total).  headroom
# itself deletes nothing.
. "$top_srcdir/tests/lib.sh"
require_root
require_cmd python3 nginx fallocate sleep
cd "$T" || framework_failure "cd $T"
N=$T/nginx
mkdir -p "$N/tmp" t/log/nginx t/log/app t/journal/abc \
	t/docker/containers/c0ffee t/data t/other
stop() {
	kill "${holder:-}" 2>/dev/null
	[ -s "$N/nginx.pid" ] && kill -QUIT "$(cat "$N/nginx.pid")" 2>/dev/null
	_hr_cleanup
}
trap stop EXIT
cat >"$N/nginx.conf" <<CONF
user root;
worker_processes 2;
pid $N/nginx.pid;
error_log $T/t/log/nginx/error.log;
events { worker_connections 16; }
http {
	access_log $T/t/log/nginx/access.log;
	client_body_temp_path $N/tmp/body;
	proxy_temp_path $N/tmp/proxy;
	fastcgi_temp_path $N/tmp/fastcgi;
	uwsgi_temp_path $N/tmp/uwsgi;
	scgi_temp_path $N/tmp/scgi;
	server { listen 127.0.0.1:$((20000 + RANDOM % 40000)); }
}
CONF
nginx -p "$N" -c "$N/nginx.conf" -e "$T/t/log/nginx/error.log" ||
	framework_failure "nginx did not start"
for _ in $(seq 50); do [ -s "$N/nginx.pid" ] && break; sleep 0.1; done
master=$(cat "$N/nginx.pid")
# nginx's log grows, then is deleted: the workers keep it open.
head -c 3000000 /dev/urandom >>t/log/nginx/access.log
rm t/log/nginx/access.log
# Another process holds a deleted file on descriptor 3.
head -c 2000000 /dev/urandom >t/other/held
# (opened before the fork: a redirection of the background command would
# be made in the child, perhaps after the rm below)
exec 3<t/other/held
sleep 300 &
holder=$!
exec 3<&-
rm t/other/held
# Rotated logs beside the live one, 3 and 10 days old.
head -c 100000 /dev/urandom >t/log/app/app.log
head -c 2000000 /dev/urandom >t/log/app/app.log.1
head -c 1500000 /dev/urandom >t/log/app/app.log.2.gz
touch -d '3 days ago' t/log/app/app.log.1
touch -d '10 days ago' t/log/app/app.log.2.gz
# A journal of 900M, 800M of it archived; allocated, not written.
fallocate -l 100M t/journal/abc/system.journal
fallocate -l 400M t/journal/abc/system@0001-0002.journal
fallocate -l 400M t/journal/abc/system@0003-0004.journal
# A container log of 150M.
fallocate -l 150M t/docker/containers/c0ffee/c0ffee-json.log
# A file with two names.
head -c 5000000 /dev/urandom >t/data/big
ln t/data/big t/other/big-link
"$HEADROOM" scan --no-progress --format=json t >scan.json || fail "scan failed"
python3 - scan.json "$T" "$master" "$holder" <<'PY' || fail "reclaimable is wrong"
import json, os, sys
j = json.load(open(sys.argv[1]))
T, master, holder = sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
items = j["reclaimable"]
by = lambda kind: [i for i in items if i["kind"] == kind]
ng = [i for i in by("deleted_open") if "nginx" in i["what"]]
assert len(ng) == 1 and ng[0]["command"] == "kill -USR1 %d" % master, items
assert "master pid %d" % master in ng[0]["what"] and ng[0]["disk"] >= 3000000, ng
sl = [i for i in by("deleted_open") if "pid %d" % holder in i["what"]]
assert sl and sl[0]["command"] == ": > /proc/%d/fd/3" % holder, items
assert "truncation destroys" in sl[0]["risk"], sl
rot = by("rotated_logs")
du = lambda p: os.lstat(p).st_blocks * 512
want = du(T + "/t/log/app/app.log.1") + du(T + "/t/log/app/app.log.2.gz")
assert len(rot) == 1 and rot[0]["disk"] == want, (rot, want)
assert rot[0]["path"] == T + "/t/log/app", rot
assert "2 files, 3 to 10 days old" in rot[0]["what"], rot
jr = by("journal")
jd = T + "/t/journal/abc/"
total = sum(du(jd + n) for n in os.listdir(jd))
archived = sum(du(jd + n) for n in os.listdir(jd) if "@" in n)
assert len(jr) == 1 and jr[0]["disk"] == min(archived, total - 512 * 2**20), jr
assert jr[0]["command"] == "journalctl --directory=%s/t/journal/abc --vacuum-size=512M" % T, jr
co = by("container_log")
log = T + "/t/docker/containers/c0ffee/c0ffee-json.log"
assert len(co) == 1 and co[0]["command"] == "truncate -s 0 -- " + log, co
assert "max-size" in co[0]["fix"] and "conf.d/docker" in co[0]["fix"], co
hl = by("hard_link")
assert len(hl) == 1 and hl[0]["counted"] is False, hl
assert "has 2 names" in hl[0]["what"] and "-samefile" in hl[0]["command"], hl
assert j["reclaimable_disk"] == sum(i["disk"] for i in items if i["counted"]), j
disks = [i["disk"] for i in items]
assert disks == sorted(disks, reverse=True), disks
open("commands", "w").write("\n".join(i["command"] for i in
    ng + sl + rot + co) + "\n")
PY
"$HEADROOM" scan --no-progress t >report || fail "text failed"
expect_grep report "Reclaimable (the commands are yours to run: headroom deletes nothing)"
expect_grep report "kill -USR1 $master"
expect_grep report "risk: the old logs are gone for good"
expect_grep report "in all (hard-linked files aside)"
# headroom deleted nothing: everything is still there.
[ -e t/log/app/app.log.1 ] && [ -e t/journal/abc/system@0001-0002.journal ] ||
	fail "headroom removed a file"
# Run the commands as given: the space is freed, the live log stays.
bash -e commands || fail "a command failed: $(cat commands)"
sleep 0.5
"$HEADROOM" scan --no-progress --format=json t >after.json || fail "scan failed"
python3 - after.json "$T" <<'PY' || fail "the commands did not free the space"
import json, os, sys
j = json.load(open(sys.argv[1]))
T = sys.argv[2]
kinds = {i["kind"] for i in j["reclaimable"]}
assert kinds == {"journal", "hard_link"}, j["reclaimable"]
assert not [f for f in j["deleted"]["files"] if f["path"].startswith(T) and f["disk"] > 0], j["deleted"]
assert sorted(os.listdir(T + "/t/log/app")) == ["app.log"], os.listdir(T + "/t/log/app")
assert os.path.getsize(T + "/t/docker/containers/c0ffee/c0ffee-json.log") == 0
PY
echo ok
