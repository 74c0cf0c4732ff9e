#!/bin/bash
# --metrics FILE: a run, a failed one too, leaves Prometheus text
# exposition in FILE, read back here by the Prometheus project's own
# parser (Debian's python3-prometheus-client).  A log whose compression
# fails is counted as failed, with the run's errors; a log's last
# rotation is its state file's; the failure stays in the next run's file;
# a log whose name holds a quote, a backslash and a newline keeps its
# name through the label escaping; nothing is left beside FILE; a FILE
# that cannot be written is an error that names it and makes the exit
# status 1.  FILE is in place before the state lock is let go, so a run
# that waited for the lock (the urgent timer behind the daily run)
# writes its metrics after this one's and the file shows the last run.
. "$top_srcdir/tests/lib.sh"
PY=/usr/bin/python3
[ -x $PY ] && $PY -c 'import prometheus_client' 2>/dev/null ||
	skip "python3-prometheus-client is not installed"
require_cmd gzip strace

mkdir -p "$T/logs" "$T/prom" || framework_failure mkdir
chmod 0755 "$T" "$T/logs"
seq 1 20000 >"$T/logs/a.log"
seq 1 30000 >"$T/logs/b.log"
head -c 1234 /dev/zero >"$T/logs/c.log"
odd=$T/logs/$'odd"\\\nname.log'
seq 1 100 >"$odd"
cat >"$T/conf" <<EOF
$T/logs/a.log $T/logs/odd*.log {
	daily
	rotate 2
	compress
	create
	maxsize 5M
}
$T/logs/b.log {
	weekly
	rotate 2
	compress
	compresscmd /bin/false
	missingok
}
$T/logs/c.log {
	size 100M
}
EOF
a_size=$(stat -c %s "$T/logs/a.log")
odd_size=$(stat -c %s "$odd")

"$HEADROOM" rotate -f -s "$T/state" --metrics "$T/prom/h.prom" "$T/conf" \
    2>"$T/err"
rc=$?
[ $rc = 1 ] || fail "a run with a failed compression exited $rc"
expect_grep "$T/err" "failed to compress log $T/logs/b.log.1"
[ "$(ls -A "$T/prom")" = h.prom ] || fail "beside FILE: $(ls -A "$T/prom")"
[ "$(stat -c %a "$T/prom/h.prom")" = 644 ] ||
	fail "FILE is not readable by node_exporter: $(stat -c %a "$T/prom/h.prom")"

# check FILE STATE ROUND: the assertions, in Python, on the parsed file.
check() {
	$PY - "$@" <<'EOF'
import glob, os, sys, time
from prometheus_client.parser import text_string_to_metric_families

path, state, rnd, T, a_size, odd_size, first = sys.argv[1:]
fams = {f.name: f for f in text_string_to_metric_families(open(path).read())}
def one(name):
	s = fams[name].samples
	assert len(s) == 1, (name, s)
	assert fams[name].type == "gauge" and fams[name].documentation, name
	return s[0].value
def per_log(name):
	return {s.labels["log"]: s.value for s in fams[name].samples}
def expect(what, got, want):
	if got != want:
		sys.exit("%s: %r, expected %r" % (what, got, want))

a = T + "/logs/a.log"; b = T + "/logs/b.log"; c = T + "/logs/c.log"
odd = glob.glob(T + "/logs/odd*name.log")[0]
assert "\n" in odd and '"' in odd and "\\" in odd
ts = one("headroom_rotate_run_timestamp_seconds")
assert abs(ts - time.time()) < 60, ts
assert one("headroom_rotate_run_duration_seconds") >= 0
expect("exit status", one("headroom_rotate_run_exit_status"),
    1 if rnd == "1" else 0)
last = {}
for line in open(state).read().splitlines()[1:]:
	name, date = line.rsplit(" ", 1)
	y, mo, d, hms = date.split("-")
	h, mi, s = hms.split(":")
	last[eval(name)] = time.mktime((int(y), int(mo), int(d), int(h),
	    int(mi), int(s), 0, 0, -1))
lr = per_log("headroom_rotate_log_last_rotated_timestamp_seconds")
expect("logs", sorted(lr), sorted([a, b, c, odd]))
for log in lr:
	expect("last rotation of " + log, lr[log], last[log])
fail = per_log("headroom_rotate_log_last_failure_timestamp_seconds")
expect("the failed log's failure", fail[b], float(first))
expect("other failures", [fail[a], fail[c], fail[odd]], [0, 0, 0])
expect("maxsize", per_log("headroom_rotate_log_maxsize_bytes"),
    {a: 5242880.0, odd: 5242880.0})
expect("periods", per_log("headroom_rotate_log_period_seconds"),
    {a: 86400.0, odd: 86400.0, b: 604800.0})
if rnd == "1":
	assert one("headroom_rotate_run_errors") >= 1
	expect("rotated", one("headroom_rotate_run_rotated_logs"), 3)
	expect("bytes", per_log("headroom_rotate_log_bytes"), {a: 0, odd: 0})
	expect("read", one("headroom_rotate_run_compress_read_bytes"),
	    int(a_size) + int(odd_size))
	gz = os.path.getsize(a + ".1.gz") + os.path.getsize(odd + ".1.gz")
	expect("written", one("headroom_rotate_run_compress_written_bytes"), gz)
	expect("a failed log's rotation", lr[b] < ts, True)
else:
	expect("errors", one("headroom_rotate_run_errors"), 0)
	expect("rotated (b.log's completion)",
	    one("headroom_rotate_run_rotated_logs"), 1)
	expect("bytes", per_log("headroom_rotate_log_bytes"),
	    {a: 0, odd: 0, c: 1234})
print(int(ts))
EOF
}
first=$(sed -n 's/^headroom_rotate_run_timestamp_seconds //p' \
    "$T/prom/h.prom")
check "$T/prom/h.prom" "$T/state" 1 "$T" "$a_size" "$odd_size" "$first" ||
	fail "the first run's metrics (above)"

# With a compressor that works, the next run completes b.log's rotation
# and nothing else is due; b.log's failure stays.
head -c 1234 /dev/zero >"$T/logs/c.log"
sed -i 's|compresscmd /bin/false|compresscmd gzip|' "$T/conf"
sleep 1
"$HEADROOM" rotate -s "$T/state" --metrics "$T/prom/h.prom" "$T/conf" \
    2>/dev/null || fail "the second run failed"
check "$T/prom/h.prom" "$T/state" 2 "$T" "$a_size" "$odd_size" "$first" \
    >/dev/null || fail "the second run's metrics (above)"
[ "$(ls -A "$T/prom")" = h.prom ] || fail "beside FILE: $(ls -A "$T/prom")"

# The metrics file is renamed into place while the state lock is held:
# the rename comes before the close of the descriptor flock()ed.  (In a
# sanitizer build LeakSanitizer cannot run under ptrace: it is off here.)
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
    strace -f -qq -o "$T/trace" -e trace=flock,close,rename,renameat2 \
    "$HEADROOM" rotate -s "$T/state" --metrics "$T/prom/h.prom" "$T/conf" \
    2>/dev/null || fail "the traced run failed"
awk -v f="$T/prom/h.prom" '
	/flock\([0-9]+, LOCK_EX/ && / = 0$/ && !fd {
		fd = $0; sub(/.*flock\(/, "", fd); sub(/,.*/, "", fd)
	}
	fd && index($0, "\"" f "\"") && /rename/ && !renamed { renamed = NR }
	fd && $0 ~ "close\\(" fd "\\)" && !unlocked { unlocked = NR }
	END {
		if (!fd || !renamed || !unlocked) {
			print "lock " fd ", rename " renamed ", close " unlocked
			exit 1
		}
		if (renamed > unlocked) {
			print "the lock went at line " unlocked \
			    ", the metrics came at line " renamed
			exit 1
		}
	}' "$T/trace" >"$T/order" ||
	fail "metrics written after the state lock: $(cat "$T/order")"

# A FILE that cannot be written: named in an error, exit status 1.
"$HEADROOM" rotate -s "$T/state" --metrics "$T/none/h.prom" "$T/conf" \
    2>"$T/err"
rc=$?
[ $rc = 1 ] || fail "an unwritable metrics file gave exit status $rc"
expect_grep "$T/err" "error: cannot write metrics file $T/none/h.prom: "
exit 0
