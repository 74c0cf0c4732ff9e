#!/bin/bash
# dist/headroom-rotate.rules.yml, the example alerts on --metrics: valid
# YAML, accepted by Prometheus' promtool, and each alert fires for the
# series it is about and for no other (promtool test rules on
# tests/rotate/alert-rules.yml).  Also: the shipped service passes
# --metrics into node_exporter's textfile directory when, and only when,
# that directory exists.
. "$top_srcdir/tests/lib.sh"
require_cmd promtool
rules=$top_srcdir/dist/headroom-rotate.rules.yml

/usr/bin/python3 -c 'import sys, yaml; yaml.safe_load(open(sys.argv[1]))' \
    "$rules" || fail "$rules is not valid YAML"
promtool check rules "$rules" >"$T/out" 2>&1 ||
	{ cat "$T/out" >&2; fail "promtool check rules rejects $rules"; }
# promtool finds rule_files relative to the test file, which names
# ../../dist/headroom-rotate.rules.yml: the source tree's.
(cd "$top_srcdir/tests/rotate" && promtool test rules alert-rules.yml) \
    >"$T/out" 2>&1 ||
	{ cat "$T/out" >&2; fail "an alert fires wrongly (above)"; }

# The service's command, with a stand-in headroom that prints its
# arguments and a stand-in textfile directory.
svc=$top_builddir/dist/headroom-rotate.service
[ -f "$svc" ] || framework_failure "$svc is not built"
script=$(sed -n "s/^ExecStart=\/bin\/sh -c '\(.*\)'\$/\1/p" "$svc")
[ -n "$script" ] || fail "ExecStart is not the sh -c command"
printf '#!/bin/sh\necho "$*"\n' >"$T/hr" && chmod +x "$T/hr" ||
	framework_failure "stand-in"
script=$(printf '%s' "$script" | sed -e 's/\$\$/$/g' \
    -e "s|/var/lib/prometheus/node-exporter|$T/ne|" \
    -e "s|[^ ]*/headroom rotate|$T/hr rotate|")
got=$(/bin/sh -c "$script")
[ "$got" = "rotate /etc/logrotate.conf" ] ||
	fail "without the directory the service runs 'headroom $got'"
mkdir "$T/ne"
got=$(/bin/sh -c "$script")
[ "$got" = "rotate --metrics=$T/ne/headroom-rotate.prom /etc/logrotate.conf" ] ||
	fail "with the directory the service runs 'headroom $got'"
exit 0
