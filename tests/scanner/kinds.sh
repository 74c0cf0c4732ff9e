#!/bin/bash
# Kinds follow the real absolute path, whatever PATH is typed: scanning
# var/log itself, docker's containers dir itself, or a symlink to them,
# gives the same kinds as scanning from above.  Docker's rotated and
# compressed json logs and kubernetes' pod logs are container logs.
. "$top_srcdir/tests/lib.sh"
require_cmd python3
v=$T/var
id=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
mkdir -p "$v/log/nginx" "$v/lib/docker/containers/$id" \
	"$v/log/pods/default_web-1_uid/nginx"
for f in log/syslog log/syslog.1 log/syslog.2.gz log/nginx/access.log \
	log/nginx/access.log.old log/app.log.2025-01-19 \
	"lib/docker/containers/$id/$id-json.log" \
	"lib/docker/containers/$id/$id-json.log.1" \
	"lib/docker/containers/$id/$id-json.log.2.gz" \
	log/pods/default_web-1_uid/nginx/0.log \
	log/pods/default_web-1_uid/nginx/0.log.20250119-031500 \
	log/pods/default_web-1_uid/nginx/0.log.20250118-031500.gz; do
	printf 'x\n' >"$v/$f" || framework_failure "cannot write $f"
done
ln -s "$v/log" "$T/loglink"
cd "$T" || framework_failure "cd $T"
kinds() {
	"$HEADROOM" scan --format=json --no-deleted "$@" >k.json ||
		fail "scan $* failed"
	python3 -c 'import json, sys
d = json.load(open("k.json"))
print(" ".join("%s=%d" % (k["kind"], k["files"]) for k in d["kinds"] if k["files"]))'
}
got=$(kinds var/log)
want="active_log=2 rotated_log=3 compressed_log=1 container_log=3"
[ "$got" = "$want" ] || fail "var/log: $got, expected $want"
got=$(kinds var/lib/docker/containers)
[ "$got" = "container_log=3" ] || fail "containers: $got"
got=$(kinds "var/lib/docker/containers/$id")
[ "$got" = "container_log=3" ] || fail "one container: $got"
got=$(kinds loglink/)
[ "$got" = "$want" ] || fail "through a symlink: $got"
got=$(kinds var)
[ "$got" = "active_log=2 rotated_log=3 compressed_log=1 container_log=6" ] ||
	fail "var: $got"
echo ok
