#!/bin/bash
# headroom scan --format=du prints exactly what du -B1 -d N prints, byte
# for byte, for both walkers and every -j from 1 to 16, with and without
# --apparent-size, --exclude and several (overlapping) PATHs.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/scanner/tree.sh"
require_cmd du python3
make_tree "$T/t"
cd "$T" || framework_failure "cd $T"

# same ARGS...: scan --format=du $WALKER ARGS vs du -B1 ARGS, where
# WALKER holds the options du does not have (--walker, -j).
WALKER=--walker=getdents
same() {
	# shellcheck disable=SC2086
	"$HEADROOM" scan --format=du $WALKER "$@" >scan.out 2>scan.err
	local rs=$?
	du -B1 "$@" >du.out 2>du.err
	local rd=$?
	cmp -s scan.out du.out || { diff du.out scan.out >&2; fail "output differs: $WALKER $*"; }
	[ "$rs" = "$rd" ] || fail "exit $rs, du exited $rd: $WALKER $*"
}

for d in 0 1 2 3 100; do
	same -d "$d" t
	same -d "$d" --apparent-size t
	WALKER=--walker=fts same -d "$d" t
	WALKER=--walker=fts same -d "$d" --apparent-size t
done
for j in $(seq 1 16); do
	WALKER="-j $j" same -d 100 t
	WALKER="-j $j" same -d 100 --apparent-size --exclude='*.log' t/
done
same -d 100 -b t
same -d 3 -h t
same -d 3 --si t
same -d 3 -BK t
same -d 3 -B 1KB t
same -d 100 --exclude=b --exclude='with*' t
same -d 100 --exclude='a/b' t
same -d 100 --exclude=t t
printf 'nginx\n*.journal\n' >excludes
same -d 100 --exclude-from=excludes t
WALKER=--walker=fts same -d 100 --exclude-from=excludes t
# Several PATHs: du counts every inode once per run, in argument order.
same -d 100 t/a t/d
same -d 100 t/d t/a
same -d 100 t t/a
same -d 100 t/a t
same -d 100 t t
same -d 2 t/a/f t/a ./t
WALKER=--walker=fts same -d 100 t/d t/a
WALKER=--walker=fts same -d 100 t t/a
same -d 1 t/a/sym t///

# A directory of more than 10,000 entries: du (gnulib fts) visits it in
# inode order (except on tmpfs/NFS), which decides both the order of its
# subdirectories and the name a hard link is counted under.
python3 - big <<'PY' || framework_failure "cannot build the big directory"
import os, sys
os.mkdir(sys.argv[1])
os.chdir(sys.argv[1])
for i in range(10600):
    if i % 500 == 0:
        os.mkdir("sub%05d" % i)
        with open("sub%05d/f" % i, "w") as f:
            f.write("x" * 5000)
    else:
        open("f%05d" % i, "w").close()
subs = list(range(0, 10600, 500))
for k, i in enumerate(subs):
    os.link("sub%05d/f" % i, "sub%05d/L" % subs[(k + 1) % len(subs)])
PY
for j in 1 3; do
	WALKER="-j $j" same -d 2 big
	WALKER="-j $j" same -d 2 --apparent-size big
done
echo ok
