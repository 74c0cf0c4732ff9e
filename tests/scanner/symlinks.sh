#!/bin/bash
# Symlinks as du: -P (default) follows none, -H/-D/--dereference-args
# those given as PATH, -L/--dereference all (each inode once); both
# walkers print du's lines and du's errors.  A PATH that is a symlink not
# followed says so and how to follow it; one that leads nowhere (a loop)
# is an error, exit 1.
. "$top_srcdir/tests/lib.sh"
require_cmd du python3
mkdir -p "$T/L/real/sub" "$T/L/other"
printf 'x\n' >"$T/L/real/sub/f"
head -c 9000 /dev/zero >"$T/L/other/big"
ln -s ../other "$T/L/real/tooth"
ln -s .. "$T/L/real/sub/up"
ln -s nowhere "$T/L/real/dang"
ln -s loop "$T/L/real/loop"
ln -s ../other/big "$T/L/real/flink"
ln -s real "$T/L/lnk"
ln -s "$T/L/real/loop" "$T/L/looppath"
cd "$T" || framework_failure "cd $T"
for opt in -P -H -D --dereference-args -L --dereference; do
	for w in getdents fts; do
		"$HEADROOM" scan --format=du --walker=$w $opt -d 9 L/lnk L/real \
			>ours.out 2>ours.err
		st=$?
		du -B1 $opt -d 9 L/lnk L/real >du.out 2>du.err
		dst=$?
		cmp -s ours.out du.out || { diff ours.out du.out >&2; fail "$opt $w: not du's lines"; }
		[ "$st" = "$dst" ] || fail "$opt $w: exit $st, du $dst"
		grep -v "is a symbolic link" ours.err | sort >ours.e
		sed 's/^du: /headroom: /' du.err | sort >du.e
		cmp -s ours.e du.e || { diff ours.e du.e >&2; fail "$opt $w: not du's errors"; }
	done
done
# Not followed: the text report and stderr say so, JSON too.
"$HEADROOM" scan --no-progress --no-deleted L/lnk >report || fail "text"
expect_grep report "  a symbolic link to $T/L/real (a directory), not followed: -H follows it"
"$HEADROOM" scan --format=du L/lnk >/dev/null 2>err || fail "du format"
expect_grep err "headroom: 'L/lnk' is a symbolic link to a directory, not followed: -H follows it"
"$HEADROOM" scan --format=json --no-deleted L/lnk >l.json || fail "json"
"$HEADROOM" scan --format=json --no-deleted -H L/lnk >h.json || fail "json -H"
python3 - l.json h.json "$T/L/real" <<'PY' || fail "json symlink fields"
import json, sys
p = json.load(open(sys.argv[1]))["paths"][0]
assert p["symlink"] and not p["followed"] and not p["directory"], p
assert p["real_path"] == sys.argv[3], p
h = json.load(open(sys.argv[2]))["paths"][0]
assert h["symlink"] and h["followed"] and h["directory"] and h["disk"] > 8192, h
PY
# A PATH that is a symlink loop is an error.
"$HEADROOM" scan --no-progress --no-deleted L/looppath >/dev/null 2>err
[ $? = 1 ] || fail "a symlink-loop PATH is not exit 1"
expect_grep err "headroom: cannot access 'L/looppath': Too many levels of symbolic links"
echo ok
