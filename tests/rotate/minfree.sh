#!/bin/bash
# minfree (a headroom extension) on a real, small file system: a log its
# time criterion leaves alone is rotated because the tmpfs holding it has
# less free space than minfree asks, and then just enough of its old
# generations are removed, oldest first, to meet minfree: never the
# active log, never the newest generation.  -d says what it decided and
# changes nothing; -v says which generation it kept and why; the metrics
# and the summary count it.
. "$top_srcdir/tests/lib.sh"
D=$T/fs
mount_tmpfs "$D" 8m
chmod 0755 "$D"

mib() { head -c "$(($1 * 1024))" /dev/zero | tr '\0' x >"$2"; }
mib 1024 "$D/a.log"
for i in 1 2 3 4; do
	mib 1536 "$D/a.log.$i"
	printf '\n%s\n' "$i" >>"$D/a.log.$i" # tells them apart
	touch -d "$i days ago" "$D/a.log.$i"
done
# Rotated two hours ago: yearly leaves it alone.
printf 'logrotate state -- version 2\n"%s" %s\n' "$D/a.log" \
    "$(date -d '2 hours ago' +%Y-%-m-%-d-%-H:%-M:%-S)" >"$T/state"
cat >"$T/conf" <<EOF
$D/a.log {
	yearly
	rotate 5
	create
	minfree 40%
}
EOF
avail() { echo $(($(stat -f -c '%a * %S' "$D"))); }
total=$(($(stat -f -c '%b * %S' "$D")))
want=$((total * 40 / 100)) # as rconf_minfree_bytes() rounds
[ "$(avail)" -lt "$want" ] || framework_failure "the tmpfs is not short: $(avail) of $total"

# -d: the decision and the plan, nothing done.
before=$(ls -l "$D")
"$HEADROOM" rotate -d -s "$T/state" "$T/conf" >"$T/out" 2>&1 ||
	fail "-d failed: $(cat "$T/out")"
expect_grep "$T/out" "log needs rotating (its file system has"
expect_grep "$T/out" "less than 'minfree' 40%"
expect_grep "$T/out" "removing old log $D/a.log.5 if its file system still has less free space than 'minfree'"
grep -q "removing old log $D/a.log.1 " "$T/out" &&
	fail "-d plans to remove the newest generation"
[ "$(ls -l "$D")" = "$before" ] || fail "-d changed the file system"

# The run: a.log.5 and a.log.4 (the former .4 and .3) go, then minfree is met.
"$HEADROOM" rotate -v -s "$T/state" --metrics "$T/m.prom" "$T/conf" \
    >"$T/out" 2>&1 || fail "the run failed: $(cat "$T/out")"
[ "$(cd "$D" && echo *)" = "a.log a.log.1 a.log.2 a.log.3" ] ||
	fail "left: $(cd "$D" && echo *)"
[ ! -s "$D/a.log" ] || fail "the new a.log is not empty"
[ "$(stat -c %s "$D/a.log.1")" = $((1024 * 1024)) ] ||
	fail "a.log.1 is not the rotated log"
[ "$(tail -n 1 "$D/a.log.2")" = 1 ] && [ "$(tail -n 1 "$D/a.log.3")" = 2 ] ||
	fail "the wrong generations were kept"
[ "$(avail)" -ge "$want" ] || fail "minfree is not met: $(avail) < $want"
expect_grep "$T/out" "keeping $D/a.log.3"
expect_grep "$T/out" "removed 2 old logs for minfree"
grep -qx 'headroom_rotate_run_minfree_rotated_logs 1' "$T/m.prom" ||
	fail "minfree_rotated_logs: $(grep minfree "$T/m.prom")"
grep -qx 'headroom_rotate_run_minfree_removed_files 2' "$T/m.prom" ||
	fail "minfree_removed_files: $(grep minfree "$T/m.prom")"

# Met now, and rotated this hour: the next run does nothing.
"$HEADROOM" rotate -s "$T/state" "$T/conf" 2>"$T/err" ||
	fail "the second run failed: $(cat "$T/err")"
[ "$(cd "$D" && echo *)" = "a.log a.log.1 a.log.2 a.log.3" ] ||
	fail "the second run changed: $(cd "$D" && echo *)"

# A bad value is an error naming the file and line; the stanza is skipped.
printf '%s {\n\tminfree 100%%\n}\n' "$D/a.log" >"$T/bad"
"$HEADROOM" rotate -d -s "$T/state" "$T/bad" 2>"$T/err"
[ $? = 1 ] || fail "minfree 100% did not fail"
expect_grep "$T/err" "$T/bad:2 bad minfree value '100%': not 1% to 99%"
exit 0
