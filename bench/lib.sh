# bench/lib.sh: what the runners share (sourced by bench/scan, bench/rotate,
# bench/drill).  Timing, statistics, the scratch file system, machine facts.
#
# Programs come from the environment, so a runner can measure any build:
#	GENTREE=bench/gentree FLOOR=bench/floor HEADROOM=./headroom bench/scan

set -u
export LC_ALL=C
bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
: "${GENTREE:=$bench_dir/gentree}"
: "${FLOOR:=$bench_dir/floor}"
: "${HEADROOM:=$bench_dir/../headroom}"
: "${GNU_TIME:=/usr/bin/time}"
# The system's python3 first: a version manager's shim can take seconds.
if [ -z "${PYTHON:-}" ]; then
	PYTHON=python3
	[ -x /usr/bin/python3 ] && PYTHON=/usr/bin/python3
fi
_bench_mounts=
_bench_images=
_bench_dirs=

die() {
	echo "${0##*/}: error: $*" >&2
	exit 1
}

say() {
	echo "${0##*/}: $*" >&2
}

bench_require() {
	local c
	for c in "$@"; do
		command -v "$c" >/dev/null 2>&1 || die "'$c' is not installed"
	done
}

# bench_run OUT CMD...: runs CMD once (stdout to /dev/null, stderr to
# OUT.err) under GNU time and appends "wall user sys maxrss_kib status" to
# OUT.  Wall time is taken around the run with microsecond resolution.
bench_run() {
	local out=$1 t0 t1 st tf=$1.time
	shift
	t0=$EPOCHREALTIME
	"$GNU_TIME" -f '%U %S %M' -o "$tf" "$@" >/dev/null 2>"$out.err"
	st=$?
	t1=$EPOCHREALTIME
	[ -s "$tf" ] || die "GNU time wrote nothing for: $*"
	# A command that was killed makes time write a first line of its own.
	echo "$t0 $t1 $(tail -n 1 "$tf") $st" |
		awk '{ printf "%.6f %s %s %s %s\n", $2 - $1, $3, $4, $5, $6 }' >>"$out"
	return $st
}

# bench_stats OUT: "median min max user sys maxrss_kib" over OUT's runs
# (user and sys are medians, maxrss the largest).
bench_stats() {
	sort -n -k1,1 "$1" | awk '
		{ w[NR] = $1; u[NR] = $2; s[NR] = $3; if ($4 > m) m = $4 }
		function med(a, n,   i, j, t, b) {
			for (i = 1; i <= n; i++) b[i] = a[i]
			for (i = 2; i <= n; i++)
				for (j = i; j > 1 && b[j - 1] > b[j]; j--) {
					t = b[j]; b[j] = b[j - 1]; b[j - 1] = t
				}
			return n % 2 ? b[(n + 1) / 2] : (b[n / 2] + b[n / 2 + 1]) / 2
		}
		END {
			printf "%.4f %.4f %.4f %.3f %.3f %d\n", med(w, NR), w[1],
			    w[NR], med(u, NR), med(s, NR), m
		}'
}

# bench_hyperfine JSON RUNS WARMUP PREPARE CMD...: times CMD with hyperfine
# (no shell in between, so only the command's own start-up is counted) and
# prints "median min max user sys" in seconds (user and sys: means).
# PREPARE, when not empty, runs before every timed run (e.g. dropping the
# page cache).  Fails when CMD fails.
bench_hyperfine() {
	local json=$1 runs=$2 warm=$3 prep=$4 cmd
	shift 4
	cmd=$(printf '%q ' "$@")
	set -- -N -r "$runs" -w "$warm" --export-json "$json" --style none
	[ -z "$prep" ] || set -- "$@" --prepare "$prep"
	hyperfine "$@" -- "$cmd" >/dev/null 2>"$json.err" || {
		cat "$json.err" >&2
		return 1
	}
	"$PYTHON" -c '
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
print("%.4f %.4f %.4f %.3f %.3f" % (r["median"], r["min"], r["max"],
      r["user"], r["system"]))' "$json"
}

# bench_maxrss PREPARE CMD...: peak RSS in KiB of one run of CMD (GNU time).
bench_maxrss() {
	local prep=$1 tf
	shift
	tf=$(mktemp) || return 1
	[ -z "$prep" ] || bash -c "$prep"
	"$GNU_TIME" -f '%M' -o "$tf" "$@" >/dev/null 2>&1
	tail -n 1 "$tf"
	rm -f "$tf"
}

bench_can_drop_caches() {
	[ "$(id -u)" = 0 ] && [ -w /proc/sys/vm/drop_caches ]
}

bench_drop_caches() {
	sync
	echo 3 >/proc/sys/vm/drop_caches
}

# bench_scratch DIR SIZE_MIB INODES: a fresh, empty file system on DIR.
# As root: ext4 without a journal on a loop device backed by a sparse image
# beside DIR, so runs do not depend on the host file system's state and a
# cold cache is really cold.  Otherwise (or with BENCH_FS=dir) a plain
# directory.  Prints what it made (for the report).
bench_scratch() {
	local dir=$1 mib=$2 inodes=$3 img=$1.img
	mkdir -p "$dir" || die "cannot create '$dir'"
	if [ "${BENCH_FS:-loop}" = loop ] && [ "$(id -u)" = 0 ] &&
		command -v mkfs.ext4 >/dev/null; then
		rm -f "$img"
		truncate -s "${mib}M" "$img" &&
			mkfs.ext4 -q -F -O ^has_journal -N "$inodes" \
				-E nodiscard,lazy_itable_init=1 "$img" &&
			mount -o loop,noatime,noinit_itable "$img" "$dir" && {
			_bench_mounts="$dir $_bench_mounts"
			_bench_images="$img $_bench_images"
			echo "ext4 (no journal; noatime) on a loop device"
			return 0
		}
		rm -f "$img"
		say "cannot mount a loop file system; using a plain directory"
	fi
	_bench_dirs="$dir $_bench_dirs"
	echo "$(stat -f -c %T "$dir") (plain directory)"
}

# Removes one scratch file system (or directory) made by bench_scratch.
bench_scratch_done() {
	local dir=$1
	if mountpoint -q "$dir"; then
		umount "$dir" && rm -f "$dir.img"
	else
		rm -rf "$dir"
	fi
	rmdir "$dir" 2>/dev/null
	return 0
}

_bench_cleanup() {
	local m d
	for m in $_bench_mounts; do
		mountpoint -q "$m" && umount -l "$m"
	done
	for m in $_bench_images; do
		rm -f "$m"
	done
	for d in $_bench_dirs; do
		rm -rf "$d"
	done
}
trap _bench_cleanup EXIT

# gentree with a manifest kept: bench_gentree MANIFEST ARGS...
bench_gentree() {
	local man=$1
	shift
	"$GENTREE" "$@" >"$man" 2>"$man.err" ||
		die "gentree $* failed: $(cat "$man.err")"
}

# Reads a number field from a gentree manifest: json_num FILE KEY
json_num() {
	sed -n "s/.*\"$2\":\([0-9]*\).*/\1/p" "$1"
}

# The machine, as Markdown list items.
bench_machine() {
	local cpu mem
	cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
	mem=$(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
	echo "- CPU: ${cpu:-unknown}, $(nproc) cores online"
	echo "- Memory: $mem"
	echo "- Kernel: $(uname -sr)"
	echo "- OS: $(. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME")"
	echo "- Load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
}
