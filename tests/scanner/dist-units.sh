#!/bin/bash
# The daily saved scan: `make install DESTDIR=...` puts
# headroom-scan.service and .timer beside headroom-rotate's (the service
# runs the installed headroom with --save on $HEADROOM_SCAN_PATHS, /var by
# default; the timer is daily and only runs once enabled) and the example
# rule file under the docs; systemd-analyze accepts the units; the
# service's command, run on a path of this test, saves a scan that --diff
# then reads.
. "$top_srcdir/tests/lib.sh"
mk() {
	env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL "${MAKE:-make}" -s \
	    -C "$top_builddir" "$@"
}
mk dist-print-dirs >"$T/dirs" || framework_failure "make dist-print-dirs failed"
unitdir=$(sed -n 's/^systemdunitdir=//p' "$T/dirs")
sbindir=$(sed -n 's/^sbindir=//p' "$T/dirs")
exdir=$(sed -n 's/^examplesdir=//p' "$T/dirs")
[ -n "$unitdir" ] && [ -n "$sbindir" ] && [ -n "$exdir" ] ||
	framework_failure "incomplete: $(cat "$T/dirs")"
root=$T/root
mk install DESTDIR="$root" >"$T/install.log" 2>&1 ||
	{ cat "$T/install.log" >&2; fail "make install failed"; }
svc=$root$unitdir/headroom-scan.service
timer=$root$unitdir/headroom-scan.timer
[ -f "$svc" ] && [ -f "$timer" ] || fail "the scan units are not installed"
[ -f "$root$exdir/headroom-scan.rules.yml" ] || fail "the rule file is not installed"
exec_start=$(sed -n 's/^ExecStart=//p' "$svc")
[ "$exec_start" = "$sbindir/headroom scan --no-progress --save \$HEADROOM_SCAN_PATHS" ] ||
	fail "ExecStart is '$exec_start'"
expect_grep "$svc" "Environment=HEADROOM_SCAN_PATHS=/var"
expect_grep "$svc" "ReadWritePaths=/var/lib/headroom"
expect_grep "$timer" "OnCalendar=daily"
expect_grep "$timer" "WantedBy=timers.target"
grep -n '@[a-z]*@' "$svc" && fail "an @variable@ was left unsubstituted"
# Nothing enables it: no link into timers.target.wants.
[ -z "$(find "$root" -path '*timers.target.wants*')" ] || fail "the timer is enabled"
if command -v systemd-analyze >/dev/null 2>&1; then
	mkdir "$T/units"
	sed "s|^ExecStart=$sbindir/|ExecStart=$root$sbindir/|" "$svc" >"$T/units/headroom-scan.service"
	cp "$timer" "$T/units/"
	systemd-analyze verify --man=no "$T/units/headroom-scan.service" \
	    "$T/units/headroom-scan.timer" >"$T/verify" 2>&1 && [ ! -s "$T/verify" ] ||
		{ cat "$T/verify" >&2; fail "systemd-analyze verify rejects the units"; }
fi
# The service's command, with this test's path and a store of its own.
mkdir -p "$T/data" "$T/store"
line=${exec_start#"$sbindir/headroom "}
line=${line/\$HEADROOM_SCAN_PATHS/$T/data}
line=${line/--save/--save=$T/store}
read -ra args <<<"$line"
"$root$sbindir/headroom" "${args[@]}" >/dev/null ||
	fail "the service's command failed: headroom ${args[*]}"
[ "$(find "$T/store" -name '*.snap' | wc -l)" = 1 ] || fail "no scan saved"
"$HEADROOM" scan --no-progress --diff="$T/store" "$T/data" >/dev/null ||
	fail "--diff cannot read what the service saved"
echo ok
