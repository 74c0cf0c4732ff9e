#!/bin/bash
# `make install DESTDIR=...` puts the systemd units, the cron script and the
# bash completion where packagers expect them; the service and the cron job
# run the installed headroom; no `logrotate` symlink appears unless
# configure was asked for one; `make uninstall` takes it all away again.
# The completion is exercised in a plain bash.
. "$top_srcdir/tests/lib.sh"

# A sub-make of the build tree, not of the `make check` that runs us (its
# jobserver descriptors are not ours to use).
mk() {
	env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL "${MAKE:-make}" -s \
	    -C "$top_builddir" "$@"
}

mk dist-print-dirs >"$T/dirs" || framework_failure "make dist-print-dirs failed"
while IFS='=' read -r key value; do
	case $key in
	sbindir) sbindir=$value ;;
	systemdunitdir) unitdir=$value ;;
	crondailydir) crondir=$value ;;
	bashcompletiondir) compdir=$value ;;
	logrotate_symlink) symlink=$value ;;
	esac
done <"$T/dirs"
[ -n "${sbindir:-}" ] && [ -n "${unitdir:-}" ] && [ -n "${crondir:-}" ] &&
	[ -n "${compdir:-}" ] && [ -n "${symlink:-}" ] ||
	framework_failure "incomplete: $(cat "$T/dirs")"

root=$T/root
mk install DESTDIR="$root" >"$T/install.log" 2>&1 ||
	{ cat "$T/install.log" >&2; fail "make install DESTDIR=$root failed"; }

bin=$sbindir/headroom
svc=$root$unitdir/headroom-rotate.service
timer=$root$unitdir/headroom-rotate.timer
usvc=$root$unitdir/headroom-rotate-urgent.service
utimer=$root$unitdir/headroom-rotate-urgent.timer
cron=$root$crondir/headroom
comp=$root$compdir/headroom
[ -x "$root$bin" ] || fail "no executable $bin under DESTDIR"
"$root$bin" --version >/dev/null || fail "the installed headroom does not run"
for f in "$svc" "$timer" "$usvc" "$utimer" "$cron" "$comp"; do
	[ -f "$f" ] || fail "not installed: ${f#"$root"}"
done

# The service: Debian's logrotate.service, running the installed binary
# (with --metrics when node_exporter's directory exists: alert-rules.sh).
want="$bin rotate \$metrics /etc/logrotate.conf"
got=$(sed -n 's/^ExecStart=//p' "$svc")
case $got in
"/bin/sh -c '"*"; exec $bin rotate \$\$m /etc/logrotate.conf'") ;;
*) fail "ExecStart is '$got', expected to run '$bin rotate'" ;;
esac
expect_grep "$svc" "Type=oneshot"
expect_grep "$svc" "ProtectSystem=full"
expect_grep "$timer" "OnCalendar=daily"
expect_grep "$timer" "WantedBy=timers.target"
# The urgent service: --urgent-only, waiting at most 5 minutes for the
# daily run's lock; its timer every 10 minutes.
got=$(sed -n 's/^ExecStart=//p' "$usvc")
case $got in
"/bin/sh -c '"*"; exec $bin rotate --urgent-only --wait-for-state-lock=300 \$\$m /etc/logrotate.conf'") ;;
*) fail "the urgent ExecStart is '$got'" ;;
esac
expect_grep "$utimer" "OnCalendar=*:0/10"
grep -n '@[a-z]*@' "$svc" "$usvc" "$cron" && fail "an @variable@ was left unsubstituted"
if command -v systemd-analyze >/dev/null 2>&1; then
	# systemd's own check, on copies whose ExecStart points into DESTDIR
	# (verify wants the binary to exist); any complaint is a failure.
	mkdir "$T/units"
	sed "s| $bin | $root$bin |" "$svc" >"$T/units/headroom-rotate.service"
	sed "s| $bin | $root$bin |" "$usvc" \
	    >"$T/units/headroom-rotate-urgent.service"
	cp "$timer" "$utimer" "$T/units/"
	systemd-analyze verify --man=no "$T/units/headroom-rotate.service" \
	    "$T/units/headroom-rotate.timer" \
	    "$T/units/headroom-rotate-urgent.service" \
	    "$T/units/headroom-rotate-urgent.timer" >"$T/verify" 2>&1 &&
		[ ! -s "$T/verify" ] ||
		{ cat "$T/verify" >&2; fail "systemd-analyze verify rejects the units"; }
fi

# The cron job: Debian's cron.daily/logrotate, executable, valid sh.
[ -x "$cron" ] || fail "the cron script is not executable"
sh -n "$cron" || fail "the cron script is not valid sh"
grep -qxF "$want" "$cron" || fail "the cron script does not run '$want'"
expect_grep "$cron" "if [ ! -x $bin ]; then"

# The drop-in symlink only on request (--enable-logrotate-symlink).
links=$(find "$root" -name logrotate -type l)
if [ "$symlink" = no ]; then
	[ -z "$links" ] || fail "a logrotate symlink was installed by default: $links"
else
	[ "$(readlink "$root$sbindir/logrotate")" = headroom ] ||
		fail "--enable-logrotate-symlink gave no $sbindir/logrotate -> headroom"
fi

# The completion, in a bash without bash-completion.
complete_words() {
	bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
		_headroom; printf "%s\n" "${COMPREPLY[@]}"' _ "$comp" "$@"
}
[ "$(complete_words headroom r)" = rotate ] || fail "'headroom r' does not complete to rotate"
[ "$(complete_words headroom help s)" = scan ] || fail "'headroom help s' does not complete to scan"
[ "$(complete_words headroom --v)" = --version ] || fail "'headroom --v' does not complete"
# Options come from the command's --help, here a stand-in's.
printf '#!/bin/sh\n[ "$1 $2" = "rotate --help" ] && printf "%%s\\n" "  -f, --force  force" "  -s, --state=statefile  state"\n' >"$T/hr"
chmod +x "$T/hr"
[ "$(complete_words "$T/hr" rotate --f)" = --force ] || fail "'rotate --f' does not complete from --help"
[ "$(complete_words "$T/hr" rotate --st)" = --state= ] || fail "'rotate --st' does not complete from --help"
mkdir "$T/c" && : >"$T/c/statefile"
[ "$(complete_words headroom rotate -s "$T/c/st")" = "$T/c/statefile" ] ||
	fail "'rotate -s FILE' does not complete file names"

mk uninstall DESTDIR="$root" >"$T/uninstall.log" 2>&1 ||
	{ cat "$T/uninstall.log" >&2; fail "make uninstall DESTDIR=$root failed"; }
for f in "$root$bin" "$svc" "$timer" "$usvc" "$utimer" "$cron" "$comp"; do
	[ ! -e "$f" ] || fail "left after make uninstall: ${f#"$root"}"
done
exit 0
