#!/bin/bash
# Differential test of rotate decisions: every tests/compat/cases/*.case is
# run through `logrotate -d` and `headroom rotate -d` with the same config,
# log tree and state file.  The set of logs each says it would rotate
# ("log needs rotating" after "considering log X") and the exit statuses
# must be equal.
#
# A case file has sections, each opened by a line "--- NAME":
#   conf    the configuration (written 0644, root-owned)
#   state   state entries, one per line (the header is added)
#   setup   bash run in the case directory after conf and state exist
#   args    extra arguments for both programs (e.g. -f)
# In every section @T@ is the case directory and @AGO:H@ a state date H
# hours before now (negative: in the future); in setup, $T is the case
# directory.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/compat/compat-lib.sh"
require_cmd logrotate
require_root

cases=("$top_srcdir"/tests/compat/cases/*.case)
[ "${#cases[@]}" -ge 40 ] || framework_failure "only ${#cases[@]} cases"

failed=0 nonempty=0 nonzero=0
for c in "${cases[@]}"; do
	name=$(basename "$c" .case)
	D="$T/$name"
	# State dates are relative to the clock: a case that straddles the
	# turn of an hour is prepared and compared once more.
	for _ in 1 2; do
		rm -rf "$D" && mkdir -p "$D"
		hour=$(date +%Y%m%d%H)
		compat_prepare "$c" "$D" || framework_failure "$name: setup failed"
		compat_compare "$name" "$D" >"$D/compare.out" && ok=1 || ok=0
		[ "$ok" = 1 ] || [ "$(date +%Y%m%d%H)" = "$hour" ] && break
	done
	cat "$D/compare.out"
	[ "$ok" = 1 ] || failed=$((failed + 1))
	[ -s "$D/lr.set" ] && nonempty=$((nonempty + 1))
	[ "$(cat "$D/lr.rc")" != 0 ] && nonzero=$((nonzero + 1))
done
echo "${#cases[@]} cases, $failed differ; $nonempty rotate something," \
    "$nonzero fail in logrotate"
# The suite must exercise both outcomes, or it proves nothing.
[ "$nonempty" -ge 15 ] || fail "only $nonempty cases rotate anything"
[ "$nonzero" -ge 8 ] || fail "only $nonzero cases exit non-zero"
[ "$failed" = 0 ] || fail "$failed of ${#cases[@]} cases differ from logrotate"
exit 0
