# tests/lib.sh: sourced by every scenario script (bash).
#
#	. "$top_srcdir/tests/lib.sh"
#	require_cmd du
#	mkdir "$T/tree" ...		# $T is a fresh temp dir, removed on exit
#	[ "$a" = "$b" ] || fail "totals differ: $a vs $b"
#
# Exit statuses follow automake: fail = 1, skip = 77, framework_failure = 99.
# With HEADROOM_REQUIRE_ALL=1 (set by CI) a skip is a failure, so no test
# can pass by not running.

set -u
: "${top_srcdir:=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
: "${HEADROOM:=$top_builddir/headroom}"
export top_srcdir top_builddir HEADROOM
export LC_ALL=C

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

skip() {
	if [ "${HEADROOM_REQUIRE_ALL:-0}" = 1 ]; then
		echo "FAIL: would skip, but HEADROOM_REQUIRE_ALL=1: $*" >&2
		exit 1
	fi
	echo "SKIP: $*" >&2
	exit 77
}

framework_failure() {
	echo "ERROR: $*" >&2
	exit 99
}

require_cmd() {
	local c
	for c in "$@"; do
		command -v "$c" >/dev/null 2>&1 || skip "'$c' is not installed (./bootstrap installs it)"
	done
}

require_root() {
	[ "$(id -u)" = 0 ] || skip "needs root"
}

# Checks that tests/fuzz/conf_dump is built (a framework failure if not);
# then conf_dump CONFIG... runs it, with -r (the checks logrotate makes as
# root) when running as root, as logrotate itself would.
require_conf_dump() {
	[ -x "$top_builddir/tests/fuzz/conf_dump" ] ||
		framework_failure "$top_builddir/tests/fuzz/conf_dump is not built"
}

conf_dump() {
	local r=
	[ "$(id -u)" = 0 ] && r=-r
	"$top_builddir/tests/fuzz/conf_dump" $r "$@"
}

# Runs "$@", expecting exit status $1 (shift first): expect_status 2 cmd args
expect_status() {
	local want=$1 got
	shift
	"$@"
	got=$?
	[ "$got" = "$want" ] || fail "'$*' exited $got, expected $want"
}

# Fails unless file $1 contains the fixed string $2.
expect_grep() {
	grep -qF -- "$2" "$1" || { echo "--- $1:" >&2; cat "$1" >&2; fail "'$1' lacks '$2'"; }
}

# Mounts a tmpfs of size $2 on directory $1 (root only); unmounted on exit.
mount_tmpfs() {
	require_root
	try_mount_tmpfs "$1" "$2" || skip "cannot mount a tmpfs here"
}

# As mount_tmpfs, but returns 1 instead of skipping when not root or when
# the mount fails, for tests that can run without it.
try_mount_tmpfs() {
	[ "$(id -u)" = 0 ] && mkdir -p "$1" &&
		mount -t tmpfs -o "size=$2" headroom-test "$1" 2>/dev/null ||
		return 1
	_hr_mounts="$1 ${_hr_mounts:-}"
}

# hold_lock FILE SECONDS: a process that holds an exclusive flock on FILE
# for SECONDS, its pid in $holder (killed at exit); returns once
# /proc/locks shows the lock.  (Not flock(1): /proc/locks names the
# process that took a lock, and flock(1) hands it to a child and ends.)
hold_lock() {
	perl -MFcntl=:flock -e 'open(my $f, "<", $ARGV[0]) or die;
		flock($f, LOCK_EX) or die; sleep $ARGV[1]' "$1" "$2" &
	holder=$!
	for _ in $(seq 50); do
		grep -q "^[0-9]*: FLOCK *ADVISORY *WRITE $holder " /proc/locks &&
			return 0
		sleep 0.1
	done
	framework_failure "the lock on $1 was not taken"
}

_hr_cleanup() {
	local m
	[ -n "${holder:-}" ] && kill "$holder" 2>/dev/null
	for m in ${_hr_mounts:-}; do
		umount -l "$m" 2>/dev/null
	done
	[ -n "${T:-}" ] && rm -rf "$T"
}

T=$(mktemp -d "${TMPDIR:-/tmp}/headroom-test.XXXXXX") ||
	framework_failure "cannot make a temp dir"
trap _hr_cleanup EXIT
