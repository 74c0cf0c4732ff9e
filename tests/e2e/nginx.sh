#!/bin/bash
# A real nginx (Debian's), on 127.0.0.1 with its own prefix, pid file and
# logs under the test's directory, serves requests while headroom rotate
# runs conf.d/nginx (paths substituted) three times with -f.  nginx must
# reopen its logs on USR1 (sent by the stanza's postrotate), /health must
# answer throughout, and every request must appear exactly once across
# access.log and its generations (access.log.1, access.log.2.gz, ...).
. "$top_srcdir/tests/lib.sh"
require_cmd nginx curl gzip
require_root

N=$T/nginx
mkdir -p "$N/tmp" "$T/log"
stop_nginx() {
	[ -n "${loop:-}" ] && kill "$loop" 2>/dev/null
	if [ -s "$N/nginx.pid" ]; then
		kill -QUIT "$(cat "$N/nginx.pid")" 2>/dev/null
		sleep 0.3
		[ -s "$N/nginx.pid" ] && kill -9 "$(cat "$N/nginx.pid")" 2>/dev/null
	fi
	_hr_cleanup
}
trap stop_nginx EXIT

start_nginx() {
	cat >"$N/nginx.conf" <<CONF
user root;
worker_processes 1;
pid $N/nginx.pid;
error_log $T/log/error.log;
events { worker_connections 64; }
http {
	log_format uri '\$request_uri';
	access_log $T/log/access.log uri;
	client_body_temp_path $N/tmp/body;
	proxy_temp_path $N/tmp/proxy;
	fastcgi_temp_path $N/tmp/fastcgi;
	uwsgi_temp_path $N/tmp/uwsgi;
	scgi_temp_path $N/tmp/scgi;
	server {
		listen 127.0.0.1:$1;
		location = /health { access_log off; return 200 "ok\n"; }
		location / { return 200 "hello\n"; }
	}
}
CONF
	nginx -p "$N" -c "$N/nginx.conf" -e "$T/log/error.log" 2>>"$T/start.err"
}
port=
for _ in 1 2 3 4 5; do
	p=$((20000 + RANDOM % 40000))
	if start_nginx "$p"; then
		port=$p
		break
	fi
done
[ -n "$port" ] || framework_failure "nginx did not start: $(cat "$T/start.err")"
for i in $(seq 50); do
	curl -sf "http://127.0.0.1:$port/health" >/dev/null && break
	sleep 0.1
done
health() {
	curl -sf --max-time 2 "http://127.0.0.1:$port/health" | grep -qx ok ||
		fail "/health did not answer $1"
}
health "at start"

# conf.d/nginx, with its paths moved under $T.
sed -e "s#/var/log/nginx#$T/log#g" -e "s#/var/run/nginx.pid#$N/nginx.pid#g" \
    "$top_srcdir/conf.d/nginx" >"$T/conf"
chmod 0644 "$T/conf"
grep -q "$N/nginx.pid" "$T/conf" || framework_failure "no pid file in the stanza"

# Requests, one after another, each with a unique path; the numbers of
# those that got 200 are recorded.
(
	i=0
	while [ ! -e "$T/stop" ]; do
		i=$((i + 1))
		curl -sf --max-time 2 "http://127.0.0.1:$port/r/$i" >/dev/null &&
		    echo "/r/$i" >>"$T/sent"
	done
) &
loop=$!
sleep 0.5
for r in 1 2 3; do
	"$HEADROOM" rotate -f -s "$T/state" "$T/conf" 2>>"$T/rotate.err" ||
		fail "rotation $r failed: $(cat "$T/rotate.err")"
	health "after rotation $r"
	sleep 0.7
	health "0.7 s after rotation $r"
done
touch "$T/stop"
wait "$loop"
loop=
sleep 0.3
[ -e "$T/log/access.log.1" ] || fail "no access.log.1"
[ -e "$T/log/access.log.2.gz" ] || fail "no access.log.2.gz"
[ -s "$T/log/access.log" ] || fail "nginx did not reopen access.log"
for f in "$T/log"/access.log*; do
	case $f in
	*.gz) gzip -dc "$f" ;;
	*) cat "$f" ;;
	esac
done | grep '^/r/' | sort >"$T/logged"
sort "$T/sent" >"$T/want"
[ "$(wc -l <"$T/want")" -ge 10 ] || fail "too few requests: $(wc -l <"$T/want")"
cmp -s "$T/want" "$T/logged" || {
	diff "$T/want" "$T/logged" | head >&2
	fail "requests lost or duplicated across the rotations"
}
echo "$(wc -l <"$T/want") requests, each logged once across $(ls "$T/log" | grep -c access) files"
exit 0
