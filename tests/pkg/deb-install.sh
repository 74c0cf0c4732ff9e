#!/bin/bash
# The Debian packages, proved in a fresh Debian 12 made with debootstrap
# (from $HEADROOM_DEB_MIRROR, by default deb.debian.org).  Run by
# `make check-deb`, as root; not part of `make check` (it downloads about
# 300 MB and takes minutes).
#
# 1. Build: a clean clone of this tree (its last commit) in a copy of the
#    fresh system, its Build-Depends from apt, `dpkg-buildpackage -us -uc
#    -b` as an unprivileged user; with DEB_BUILD_OPTIONS=nocheck (the
#    default here: `make check` is proved elsewhere) unless
#    DEB_BUILD_OPTIONS is set.  HEADROOM_DEB_DIR=DIR uses the .debs in DIR
#    instead.
# 2. Install, in another copy: logrotate, then both packages through apt,
#    which must find every dependency.  /usr/sbin/logrotate is headroom;
#    `logrotate -d` on Debian's own configuration is clean; a forced run of
#    /usr/sbin/logrotate rotates a test stanza (gzip through zlib, zstd
#    through the dlopen()ed libarchive, a postrotate script); logrotate's
#    cron job and its service's command run headroom, while headroom's own
#    cron job steps aside; logrotate's files are unchanged; reinstalling
#    either package keeps the diversion right.
# 3. Remove: without headroom-logrotate, /usr/sbin/logrotate is logrotate's
#    program again, byte for byte; purging both packages leaves no file,
#    diversion or dpkg record.
. "$top_srcdir/tests/lib.sh"
require_root
require_cmd debootstrap chroot mount umount md5sum gzip zstd

suite=bookworm
mirror=${HEADROOM_DEB_MIRROR:-http://deb.debian.org/debian}

say() {
	echo "deb-install: $*"
}

# Mounts proc and a private devpts in chroot $1 (debootstrap made its
# device nodes); unmounted on exit, before $T is removed.
chroot_mount() {
	mount -t proc proc "$1/proc" || framework_failure "cannot mount $1/proc"
	_hr_mounts="$1/proc ${_hr_mounts:-}"
	mkdir -p "$1/dev/pts"
	if mount -t devpts -o newinstance,ptmxmode=0666 devpts "$1/dev/pts"; then
		_hr_mounts="$1/dev/pts ${_hr_mounts:-}"
	fi
	cp /etc/resolv.conf "$1/etc/resolv.conf"
	# No service of an installed package is started.
	printf '#!/bin/sh\nexit 101\n' >"$1/usr/sbin/policy-rc.d"
	chmod 755 "$1/usr/sbin/policy-rc.d"
}

# Unmounts whatever is still mounted under $T (debootstrap's own mounts
# after a failure too), deepest first; lib.sh then removes $T, without
# crossing into a mount that could not be undone.
chroot_cleanup() {
	local m
	[ -n "${T:-}" ] || return
	awk -v t="$T/" 'index($5, t) == 1 { print $5 }' /proc/self/mountinfo |
	    sort -r | while read -r m; do
		umount -l "$m" || echo "deb-install: cannot unmount $m" >&2
	done
	if awk -v t="$T/" 'index($5, t) == 1 { f = 1 } END { exit !f }' \
	    /proc/self/mountinfo; then
		echo "deb-install: mounts are left under $T; not removing it" >&2
		T=
	fi
}
trap 'exit 130' INT TERM HUP
trap 'chroot_cleanup; _hr_cleanup' EXIT

# in_chroot ROOT CMD...: CMD in ROOT with a clean environment.
in_chroot() {
	local root=$1
	shift
	chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
	    HOME=/root LC_ALL=C DEBIAN_FRONTEND=noninteractive "$@"
}

# logged NAME CMD...: runs CMD with its output in $T/NAME.log, shown (its
# end) when CMD fails, which fails the test.
logged() {
	local name=$1
	shift
	"$@" >"$T/$name.log" 2>&1 && return 0
	tail -n 40 "$T/$name.log" >&2
	fail "$name: '$*' failed (log above)"
}

apt_in() {
	local root=$1
	shift
	in_chroot "$root" apt-get -q -y -o Dpkg::Use-Pty=0 \
	    --no-install-recommends "$@"
}

# --- a fresh Debian 12 -------------------------------------------------

say "debootstrap $suite from $mirror"
debootstrap --variant=minbase "$suite" "$T/base" "$mirror" \
    >"$T/debootstrap.log" 2>&1 || {
	tail -n 20 "$T/debootstrap.log" >&2
	framework_failure "debootstrap failed (is $mirror reachable?)"
}

# --- 1. build ----------------------------------------------------------

if [ -n "${HEADROOM_DEB_DIR:-}" ]; then
	debs=$(cd "$HEADROOM_DEB_DIR" && pwd) ||
		framework_failure "no directory $HEADROOM_DEB_DIR"
	say "using the packages in $debs"
else
	B=$T/build
	cp -a "$T/base" "$B"
	chroot_mount "$B"
	if git -C "$top_srcdir" rev-parse --git-dir >/dev/null 2>&1; then
		git clone -q "$top_srcdir" "$B/build/headroom" ||
			framework_failure "cannot clone $top_srcdir"
		rev=$(git -C "$B/build/headroom" log -1 --format='%h %s')
		[ -z "$(git -C "$top_srcdir" status --porcelain)" ] ||
			say "note: uncommitted changes in $top_srcdir are not built"
	elif [ ! -e "$top_srcdir/config.status" ]; then
		mkdir -p "$B/build/headroom"
		cp -a "$top_srcdir/." "$B/build/headroom/"
		rev="the tree at $top_srcdir"
	else
		framework_failure "$top_srcdir is configured in place and not a git clone"
	fi
	opts=${DEB_BUILD_OPTIONS-nocheck}
	profiles=
	case " $opts " in
	*" nocheck "*) profiles=nocheck ;;
	esac
	say "building $rev (DEB_BUILD_OPTIONS=$opts)"
	logged build-deps apt_in "$B" update
	logged build-deps apt_in "$B" ${profiles:+-P "$profiles"} \
	    build-dep /build/headroom
	in_chroot "$B" useradd --home-dir /build builder ||
		framework_failure "cannot add a build user"
	in_chroot "$B" chown -R builder: /build
	uid=$(in_chroot "$B" id -u builder) && gid=$(in_chroot "$B" id -g builder) ||
		framework_failure "no build user"
	logged build chroot --userspec="$uid:$gid" "$B" /usr/bin/env -i \
	    PATH=/usr/bin:/bin HOME=/build LC_ALL=C.UTF-8 \
	    DEB_BUILD_OPTIONS="$opts" \
	    sh -c "cd /build/headroom &&
		dpkg-buildpackage -us -uc -b ${profiles:+-P$profiles}"
	if [ -z "$profiles" ]; then
		counts=$(sed -n 's/^# \(TOTAL\|PASS\|SKIP\|FAIL\|ERROR\): *\([0-9]*\)$/\1 \2/p' \
		    "$T/build.log" | paste -sd, - | sed 's/,/, /g')
		say "make check in the build: ${counts:-no test summary}"
	fi
	debs=$B/build
fi
deb=$(ls "$debs"/headroom_*.deb 2>/dev/null | tail -n 1)
deb_lr=$(ls "$debs"/headroom-logrotate_*.deb 2>/dev/null | tail -n 1)
[ -f "$deb" ] && [ -f "$deb_lr" ] ||
	fail "no headroom_*.deb and headroom-logrotate_*.deb in $debs"
say "packages: ${deb##*/} ${deb_lr##*/}"

# --- 2. install --------------------------------------------------------

R=$T/inst
cp -a "$T/base" "$R"
chroot_mount "$R"
mkdir "$R/debs"
cp "$deb" "$deb_lr" "$R/debs/"
deb=/debs/${deb##*/}
deb_lr=/debs/${deb_lr##*/}

logged install-logrotate apt_in "$R" update
logged install-logrotate apt_in "$R" install logrotate
orig_sum=$(md5sum <"$R/usr/sbin/logrotate")
orig_version=$(in_chroot "$R" /usr/sbin/logrotate --version 2>&1 | head -n 1)
case $orig_version in
"logrotate 3.21."*) ;;
*) framework_failure "Debian 12's logrotate says '$orig_version'" ;;
esac

in_chroot "$R" dpkg-divert --list | sort >"$T/diversions"
say "installing ${deb##*/} ${deb_lr##*/} after $orig_version"
logged install apt_in "$R" install "$deb" "$deb_lr"

# The diversion, and logrotate's program kept whole beside it.
[ "$(in_chroot "$R" dpkg-divert --listpackage /usr/sbin/logrotate)" = \
    headroom-logrotate ] || fail "/usr/sbin/logrotate is not diverted by headroom-logrotate"
[ "$(in_chroot "$R" dpkg-divert --truename /usr/sbin/logrotate)" = \
    /usr/sbin/logrotate.real ] || fail "logrotate is not diverted to logrotate.real"
[ "$(md5sum <"$R/usr/sbin/logrotate.real")" = "$orig_sum" ] ||
	fail "/usr/sbin/logrotate.real is not logrotate's program"
[ "$(readlink "$R/usr/sbin/logrotate")" = headroom ] ||
	fail "/usr/sbin/logrotate is not a link to headroom"

# --version names headroom (its first line may be logrotate's).
in_chroot "$R" /usr/sbin/logrotate --version >"$T/version" 2>&1 ||
	fail "/usr/sbin/logrotate --version failed: $(cat "$T/version")"
grep -qi headroom "$T/version" ||
	fail "/usr/sbin/logrotate --version does not name headroom: $(cat "$T/version")"
say "/usr/sbin/logrotate --version: $(grep -i -m1 headroom "$T/version")"

# Every systemd unit and example in dist/ is in the headroom package.
in_chroot "$R" dpkg -L headroom >"$T/files" || fail "dpkg -L headroom failed"
for f in "$top_srcdir"/dist/*.timer "$top_srcdir"/dist/*.service.in \
    "$top_srcdir"/dist/*.rules.yml; do
	f=${f##*/}
	case $f in
	*.rules.yml) p=/usr/share/doc/headroom/examples/$f ;;
	*) p=/lib/systemd/system/${f%.in} ;;
	esac
	grep -qx "$p" "$T/files" || fail "the headroom package lacks $p"
done

# libarchive came with headroom's Depends (it is dlopen()ed, not linked).
dep_ok() {
	in_chroot "$R" dpkg-query -W -f '${db:Status-Status}\n' "$1" 2>/dev/null |
		grep -qx installed
}
la_pkg=$(in_chroot "$R" dpkg-query -W -f '${Depends}\n' headroom |
	tr ',' '\n' | sed -n 's/^ *\(libarchive[^ ]*\).*/\1/p')
[ -n "$la_pkg" ] || fail "headroom does not depend on libarchive"
dep_ok "$la_pkg" || fail "$la_pkg is not installed"
dep_ok zstd && framework_failure "zstd is installed: the zstd rotation proves nothing"

# logrotate -d on Debian's own configuration (apt, dpkg, btmp, wtmp, ...).
in_chroot "$R" logrotate -d /etc/logrotate.conf >"$T/debug" 2>&1 ||
	{ cat "$T/debug" >&2; fail "logrotate -d /etc/logrotate.conf failed"; }
grep -i 'error' "$T/debug" >&2 && fail "logrotate -d /etc/logrotate.conf reports errors"
for f in "$R"/etc/logrotate.d/*; do
	p=$(sed -n 's/^\(\/[^ {]*\).*/\1/p' "$f" | head -n 1)
	[ -z "$p" ] || expect_grep "$T/debug" "$p"
done
say "logrotate -d /etc/logrotate.conf: clean, $(ls "$R/etc/logrotate.d" | wc -l) snippets"

# A forced rotation through /usr/sbin/logrotate, of the whole configuration
# with a test stanza added; zstd is not installed, so only headroom's
# libarchive can write the .zst.
mkdir "$R/var/log/hr-test"
seq 1 2000 >"$R/var/log/hr-test/gz.log"
seq 3000 5000 >"$R/var/log/hr-test/zst.log"
cat >"$R/etc/logrotate.d/hr-test" <<'EOF'
/var/log/hr-test/gz.log {
	rotate 2
	compress
	create 0640 root adm
}
/var/log/hr-test/zst.log {
	rotate 2
	compress
	compresscmd /usr/bin/zstd
	compressext .zst
	postrotate
		echo "$1" >/var/log/hr-test/postrotate.ran
	endscript
}
EOF
in_chroot "$R" /usr/sbin/logrotate -f /etc/logrotate.conf >"$T/force" 2>&1 ||
	{ cat "$T/force" >&2; fail "logrotate -f /etc/logrotate.conf failed"; }
L=$R/var/log/hr-test
[ "$(gzip -dc <"$L/gz.log.1.gz")" = "$(seq 1 2000)" ] ||
	fail "gz.log.1.gz does not hold the old log"
[ "$(zstd -dc <"$L/zst.log.1.zst")" = "$(seq 3000 5000)" ] ||
	fail "zst.log.1.zst does not hold the old log"
[ "$(in_chroot "$R" stat -c '%a %U %G %s' /var/log/hr-test/gz.log)" = \
    "640 root adm 0" ] || fail "gz.log was not recreated empty, 0640 root:adm"
[ -f "$L/zst.log" ] && [ ! -s "$L/zst.log" ] || fail "zst.log was not recreated"
[ "$(cat "$L/postrotate.ran" 2>/dev/null)" = /var/log/hr-test/zst.log ] ||
	fail "the postrotate script did not run"
expect_grep "$R/var/lib/logrotate/status" '"/var/log/hr-test/zst.log"'
say "forced rotation through /usr/sbin/logrotate: gz, zst, postrotate ok"

# headroom's cron job steps aside while logrotate's can run (a canary log,
# new to the state file, is recorded by any run that reads its stanza);
# without logrotate's, it runs.
seq 1 10 >"$L/canary.log"
printf '/var/log/hr-test/canary.log {\n\tdaily\n}\n' \
    >"$R/etc/logrotate.d/hr-canary"
in_chroot "$R" /etc/cron.daily/headroom || fail "headroom's cron job failed"
grep -q canary "$R/var/lib/logrotate/status" &&
	fail "headroom's cron job ran beside logrotate's"
chmod -x "$R/etc/cron.daily/logrotate"
in_chroot "$R" /etc/cron.daily/headroom || fail "headroom's cron job failed alone"
chmod +x "$R/etc/cron.daily/logrotate"
expect_grep "$R/var/lib/logrotate/status" '"/var/log/hr-test/canary.log"'
rm "$R/etc/logrotate.d/hr-canary"

# logrotate's cron job and its service's command run headroom now.
in_chroot "$R" /etc/cron.daily/logrotate || fail "logrotate's cron job failed"
cmd=$(sed -n 's/^ExecStart=//p' "$R/lib/systemd/system/logrotate.service")
[ "$(in_chroot "$R" readlink -f "${cmd%% *}")" = /usr/sbin/headroom ] ||
	fail "logrotate.service runs '$cmd', which is not headroom"
# shellcheck disable=SC2086 # the ExecStart line: a command and its words
in_chroot "$R" $cmd || fail "logrotate.service's '$cmd' failed"
in_chroot "$R" dpkg --verify logrotate >"$T/verify" 2>&1
[ ! -s "$T/verify" ] || fail "logrotate's files changed: $(cat "$T/verify")"
say "logrotate's cron job and service run headroom; headroom's cron steps aside"

# Reinstalling either package keeps the diversion and both programs.
logged reinstall apt_in "$R" install --reinstall "$deb_lr"
logged reinstall apt_in "$R" install --reinstall logrotate
[ "$(in_chroot "$R" dpkg-divert --list '*logrotate*' | wc -l)" = 1 ] ||
	fail "not one diversion after reinstalling"
[ "$(readlink "$R/usr/sbin/logrotate")" = headroom ] ||
	fail "reinstalling logrotate replaced the link to headroom"
[ "$(md5sum <"$R/usr/sbin/logrotate.real")" = "$orig_sum" ] ||
	fail "reinstalling logrotate did not go to logrotate.real"

# --- 3. remove and purge -----------------------------------------------

logged remove apt_in "$R" remove headroom-logrotate
[ ! -L "$R/usr/sbin/logrotate" ] &&
	[ "$(md5sum <"$R/usr/sbin/logrotate")" = "$orig_sum" ] ||
	fail "/usr/sbin/logrotate is not logrotate's program after the removal"
in_chroot "$R" /usr/sbin/logrotate --version >"$T/version" 2>&1
[ "$(head -n 1 "$T/version")" = "$orig_version" ] &&
	! grep -qi headroom "$T/version" ||
	fail "/usr/sbin/logrotate --version is not '$orig_version': $(cat "$T/version")"
[ ! -e "$R/usr/sbin/logrotate.real" ] || fail "logrotate.real is left"
[ -z "$(in_chroot "$R" dpkg-divert --list '*logrotate*')" ] ||
	fail "a diversion is left: $(in_chroot "$R" dpkg-divert --list '*logrotate*')"
in_chroot "$R" dpkg --verify logrotate >"$T/verify" 2>&1
[ ! -s "$T/verify" ] || fail "logrotate's files differ: $(cat "$T/verify")"
# logrotate reads the state file headroom wrote.
in_chroot "$R" logrotate -d /etc/logrotate.conf >"$T/debug-real" 2>&1 ||
	{ cat "$T/debug-real" >&2; fail "logrotate -d fails after the removal"; }
grep -i error "$T/debug-real" >&2 &&
	fail "logrotate -d reports errors after the removal"
say "removed headroom-logrotate: /usr/sbin/logrotate is $orig_version again"

logged purge apt_in "$R" purge headroom-logrotate headroom
rm -r "$R/debs"
for p in headroom headroom-logrotate; do
	in_chroot "$R" dpkg-query -W -f '${db:Status-Abbrev}' "$p" \
	    >"$T/status" 2>/dev/null
	case $(cat "$T/status") in
	"" | "un "*) ;;
	*) fail "dpkg still knows $p: $(cat "$T/status")" ;;
	esac
done
in_chroot "$R" dpkg -S headroom >"$T/owned" 2>&1 &&
	fail "dpkg -S finds headroom: $(cat "$T/owned")"
in_chroot "$R" dpkg-divert --list | sort | diff "$T/diversions" - >&2 ||
	fail "the diversions are not those before the installation"
left=$(cd "$R" && find . -xdev -name '*headroom*' ! -path ./proc/\* | head)
[ -z "$left" ] || fail "left after the purge: $left"
[ ! -e "$R/etc/headroom" ] || fail "/etc/headroom is left"
say "purged: no file, diversion or dpkg record of headroom is left"
exit 0
