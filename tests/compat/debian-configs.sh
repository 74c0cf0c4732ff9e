#!/bin/bash
# Differential test on real configurations: Debian's /etc/logrotate.conf
# with every /etc/logrotate.d/* stanza installed on this machine (apt,
# dpkg, rsyslog, nginx, ...) and the configs headroom ships in conf.d/.
# Paths are moved under the test's directory and a log tree is built for
# them (empty, small and big logs, and state dates from an hour to a year
# ago), so the result does not depend on this machine's /var/log.  Then
# `logrotate -d` and `headroom rotate -d` must name the same logs to
# rotate and exit alike, with and without -f.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/compat/compat-lib.sh"
require_cmd logrotate
require_root
[ -f /etc/logrotate.conf ] || skip "no /etc/logrotate.conf"

# debian_tree DIR MAINCONF CONFDIR...: copies the configs under DIR/etc
# with /var/log, /var/lib and the include directory moved under DIR.
debian_tree() {
	local D=$1 main=$2 f
	shift 2
	mkdir -p "$D/etc/logrotate.d"
	for f in "$@"; do
		[ -f "$f" ] || continue
		cp "$f" "$D/etc/logrotate.d/"
	done
	cp "$main" "$D/conf"
	sed -i -e "s#/etc/logrotate.d#$D/etc/logrotate.d#g" \
	    -e "s#/etc/headroom/conf.d#$D/etc/logrotate.d#g" \
	    -e "s#/var/log#$D/var/log#g" -e "s#/var/lib#$D/var/lib#g" \
	    "$D/conf" "$D"/etc/logrotate.d/*
	chmod 0644 "$D/conf" "$D"/etc/logrotate.d/*
	chown root:root "$D/conf" "$D"/etc/logrotate.d/*
}

# debian_logs DIR MIN: creates the logs the configs name (at least MIN),
# with varied sizes, and a state file with varied dates.
debian_logs() {
	local D=$1 min=$2 n=0 p f ago
	echo "logrotate state -- version 2" >"$D/state"
	# Stanza headers only: lines that start with a path or a quote.
	grep -h '^[[:space:]]*["/]' "$D/conf" "$D"/etc/logrotate.d/* |
	    grep -o "$D/var/[^ {\"]*" | sort -u >"$D/patterns"
	while read -r p; do
		for f in "${p//\*/a}" "${p//\*/b}"; do
			[ -e "$f" ] && continue
			mkdir -p "$(dirname "$f")"
			case $((n % 4)) in
			0) : >"$f" ;;
			1) echo "line $n" >"$f" ;;
			2) head -c 1100000 /dev/zero >"$f" ;;
			3) echo "line $n" >"$f"; echo old >"$f.1" ;;
			esac
			case $((n % 5)) in
			0) ago=2 ;; 1) ago=50 ;; 2) ago=200 ;; 3) ago=1000 ;;
			4) ago= ;;
			esac
			[ -n "$ago" ] && printf '"%s" %s\n' "$f" \
			    "$(date -d "@$(($(date +%s) - ago * 3600))" \
			    '+%Y-%-m-%-d-%-H:%-M:%-S')" >>"$D/state"
			n=$((n + 1))
		done
	done <"$D/patterns"
	[ "$n" -ge "$min" ] || framework_failure "only $n logs named in $D"
}

failed=0
run_variant() {
	local name=$1 args=$2 D=$T/$1
	echo "$args" >"$D/args"
	compat_compare "$name" "$D" || failed=$((failed + 1))
	[ -s "$D/lr.set" ] ||
		fail "$name: logrotate rotates nothing; the tree is wrong"
}

mkdir -p "$T/debian"
debian_tree "$T/debian" /etc/logrotate.conf /etc/logrotate.d/*
debian_logs "$T/debian" 10
cp -a "$T/debian" "$T/debian-f"
run_variant debian ""
run_variant debian-f "-f"

# headroom's own configs: the global defaults and the conf.d stanzas.
if [ -f "$top_srcdir/conf.d/headroom.conf" ]; then
	mkdir -p "$T/shipped"
	# The stanza files have no dot in their names: conf.d also holds
	# headroom.conf and build files (local.mk).
	stanzas=()
	for f in "$top_srcdir"/conf.d/*; do
		case ${f##*/} in
		*.*) ;;
		*) stanzas+=("$f") ;;
		esac
	done
	debian_tree "$T/shipped" "$top_srcdir/conf.d/headroom.conf" \
	    "${stanzas[@]}"
	debian_logs "$T/shipped" 4
	cp -a "$T/shipped" "$T/shipped-f"
	run_variant shipped ""
	run_variant shipped-f "-f"
fi
[ "$failed" = 0 ] || fail "$failed variants differ from logrotate"
[ -n "${KEEP:-}" ] && cp -a "$T" "$KEEP"
exit 0
