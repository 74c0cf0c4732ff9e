#!/bin/bash
# The dispatcher: --version, help, unknown commands, and argv[0] "logrotate".
. "$top_srcdir/tests/lib.sh"

"$HEADROOM" --version >"$T/out" || fail "--version failed"
grep -qE '^headroom [0-9]+\.[0-9]+' "$T/out" || fail "--version printed: $(cat "$T/out")"

"$HEADROOM" help >"$T/out" || fail "help failed"
expect_grep "$T/out" "scan"
expect_grep "$T/out" "rotate"

"$HEADROOM" frobnicate >"$T/out" 2>"$T/err"
[ $? = 2 ] || fail "unknown command did not exit 2"
expect_grep "$T/err" "unknown command 'frobnicate'"
expect_grep "$T/err" "usage: headroom"
[ -s "$T/out" ] && fail "usage went to stdout"

"$HEADROOM" >/dev/null 2>&1
[ $? = 2 ] || fail "no command did not exit 2"

"$HEADROOM" help frobnicate >/dev/null 2>&1
[ $? = 2 ] || fail "help of an unknown command did not exit 2"

# Invoked through a symlink named logrotate, headroom is `headroom rotate`
# (whose help then names it logrotate).
ln -s "$HEADROOM" "$T/logrotate"
"$T/logrotate" --help >"$T/a" 2>&1; ra=$?
"$HEADROOM" rotate --help 2>&1 | sed 's/headroom rotate/logrotate/' >"$T/b"
rb=${PIPESTATUS[0]}
[ "$ra" = "$rb" ] || fail "logrotate symlink exit $ra, headroom rotate exit $rb"
cmp -s "$T/a" "$T/b" || fail "logrotate symlink and headroom rotate differ"
"$T/logrotate" --version >"$T/out" 2>&1
grep -q headroom "$T/out" && grep -q 'scan' "$T/out" &&
	fail "the logrotate symlink ran the dispatcher, not rotate"
# create, copy and compress copy ACLs, as a logrotate built with libacl.
grep -q '^ *ACL support: *yes$' "$T/out" ||
	fail "--version does not report ACL support: $(cat "$T/out")"

# libarchive (with libxml2 and ICU behind it) is loaded only by a rotation
# that uses it, never by scan: that is 3.6 MiB of scan's peak RSS.
mkdir "$T/tree" && echo x >"$T/tree/a.log"
LD_DEBUG=files "$HEADROOM" scan --no-deleted "$T/tree" >/dev/null 2>"$T/ld"
grep -q 'file=libarchive' "$T/ld" && fail "scan loaded libarchive"
grep -q 'file=libz' "$T/ld" || fail "LD_DEBUG=files printed nothing to check"
printf '%s/tree/a.log {\n\trotate 1\n\tcompress\n\tcompresscmd xz\n}\n' \
    "$T" >"$T/xz.conf"
chmod 0644 "$T/xz.conf"
LD_DEBUG=files "$HEADROOM" rotate -f -s "$T/state" "$T/xz.conf" 2>"$T/ld" ||
	fail "the xz rotation failed: $(grep -v '^ *[0-9]*:' "$T/ld")"
grep -q 'file=libarchive' "$T/ld" || fail "rotate with xz did not load libarchive"
[ -e "$T/tree/a.log.1.xz" ] || fail "rotate with xz made no a.log.1.xz"
exit 0
