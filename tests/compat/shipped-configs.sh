#!/bin/bash
# The shipped configuration (conf.d/headroom.conf, conf.d/nginx,
# conf.d/docker) parses without any error or warning, with headroom's
# parser (conf_dump) and with logrotate 3.21 itself, and the nginx
# postrotate script signals exactly the pid in a strict pid file.
. "$top_srcdir/tests/lib.sh"
require_cmd logrotate

require_conf_dump
src=$top_srcdir/conf.d

# A copy where every path lives under $T: etc/headroom, var/log/nginx,
# var/lib/docker, var/run; config files 0644 (root-owned when root, as
# logrotate requires).
mkdir -p "$T/etc/headroom/conf.d" "$T/var/log/nginx" "$T/var/run" \
	"$T/var/lib/docker/containers/c0ffee" || framework_failure "mkdir"
chmod 755 "$T"
relocate() {	# relocate SRC DEST
	sed -e "s|/etc/headroom|$T/etc/headroom|g" -e "s|/var/|$T/var/|g" \
		"$1" >"$2" && chmod 644 "$2"
}
relocate "$src/headroom.conf" "$T/etc/headroom/headroom.conf"
relocate "$src/nginx" "$T/etc/headroom/conf.d/nginx"
relocate "$src/docker" "$T/etc/headroom/conf.d/docker"
: >"$T/var/log/nginx/access.log"
: >"$T/var/log/nginx/error.log"
: >"$T/var/lib/docker/containers/c0ffee/c0ffee-json.log"

# 1. headroom's parser: no error, no warning, every log found.
conf_dump "$T/etc/headroom/headroom.conf" >"$T/dump" 2>&1 ||
	{ cat "$T/dump" >&2; fail "conf_read failed on the shipped config"; }
if grep -E '^(error|warning): ' "$T/dump" >&2; then
	fail "conf_read reported problems in the shipped config"
fi
expect_grep "$T/dump" "rotating pattern: $T/var/log/nginx/*.log "
expect_grep "$T/dump" "considering log $T/var/log/nginx/access.log"
expect_grep "$T/dump" "considering log $T/var/log/nginx/error.log"
expect_grep "$T/dump" \
	"considering log $T/var/lib/docker/containers/c0ffee/c0ffee-json.log"
# The files as shipped parse too (their logs need not exist).
for f in nginx docker; do
	cp "$src/$f" "$T/$f" && chmod 644 "$T/$f"
	conf_dump "$T/$f" >"$T/dump.$f" 2>&1 ||
		{ cat "$T/dump.$f" >&2; fail "conf_read failed on conf.d/$f"; }
	grep -E '^(error|warning): ' "$T/dump.$f" >&2 &&
		fail "conf_read reported problems in conf.d/$f"
done

# 2. logrotate 3.21 accepts the same files and would look at every log.
logrotate -d -s "$T/state" "$T/etc/headroom/headroom.conf" >"$T/lr" 2>&1 ||
	{ cat "$T/lr" >&2; fail "logrotate -d failed on the shipped config"; }
grep -v '^warning: logrotate in debug mode' "$T/lr" |
	grep -E '^(error|warning): ' >&2 &&
	fail "logrotate reported problems in the shipped config"
expect_grep "$T/lr" "considering log $T/var/log/nginx/access.log"
expect_grep "$T/lr" \
	"considering log $T/var/lib/docker/containers/c0ffee/c0ffee-json.log"
expect_grep "$T/lr" "rotating pattern: $T/var/lib/docker/containers/*/*-json.log "

# 3. The nginx postrotate script: USR1 to the pid in the file, nothing
# when there is no file, refusal of anything but a plain number > 1.
sed -n '/postrotate/,/endscript/p' "$T/etc/headroom/conf.d/nginx" |
	sed '1d;$d' >"$T/postrotate.sh"
pidfile=$T/var/run/nginx.pid
sh "$T/postrotate.sh" || fail "postrotate failed without a pid file"
bash -c 'trap "echo got-usr1 >'"$T"'/signalled; exit 0" USR1
	while :; do sleep 0.1; done' &
target=$!
echo "$target" >"$pidfile"
sleep 0.3
sh "$T/postrotate.sh" || fail "postrotate failed with pid $target"
for _ in 1 2 3 4 5 6 7 8 9 10; do
	[ -f "$T/signalled" ] && break
	sleep 0.2
done
kill "$target" 2>/dev/null
wait "$target" 2>/dev/null
[ -f "$T/signalled" ] || fail "postrotate did not send USR1 to $target"
for bad in "" "12x" "-1" "1" "1 2" "\$(touch $T/pwned)"; do
	printf '%s\n' "$bad" >"$pidfile"
	sh "$T/postrotate.sh" 2>/dev/null && fail "postrotate accepted pid '$bad'"
done
[ ! -e "$T/pwned" ] || fail "postrotate ran the pid file's text"
exit 0
