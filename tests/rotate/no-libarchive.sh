#!/bin/bash
# When libarchive cannot be loaded (it is dlopen()ed on first use), xz,
# zstd, bzip2 and lz4 run as external programs exactly as logrotate runs
# them: compresscmd with the words of compressoptions, the log on standard
# input, the output on standard output.  So the files are byte for byte
# logrotate's own.  -v says so once per run, however many stanzas use
# them; without -v nothing is said and the exit status is 0.  A gzip
# stanza of the same run is still compressed in-process.
. "$top_srcdir/tests/lib.sh"
require_cmd logrotate gzip xz zstd bzip2 lz4

# An empty file under the library's name: dlopen() finds it first through
# LD_LIBRARY_PATH and fails on it, as on a missing or broken library.
mkdir "$T/lib"
: >"$T/lib/libarchive.so.13"

# setup DIR: five logs and their stanzas (name, compresscmd, options, ext).
stanzas="xz:xz:-9:.xz zst:zstd:-19:.zst bz2:bzip2:-1:.bz2 lz4:lz4:-9:.lz4"
setup() {
	local d=$1 s name cmd opts ext
	mkdir "$d"
	: >"$d/conf"
	for s in $stanzas; do
		IFS=: read -r name cmd opts ext <<<"$s"
		seq 1 30000 | sed "s/^/$name line /" >"$d/$name.log"
		printf '%s/%s.log {\n\trotate 1\n\tcompress\n\tcompresscmd %s\n\tcompressoptions %s\n\tcompressext %s\n}\n' \
		    "$d" "$name" "$cmd" "$opts" "$ext" >>"$d/conf"
	done
	seq 1 3000 >"$d/g.log"
	printf '%s/g.log {\n\trotate 1\n\tcompress\n}\n' "$d" >>"$d/conf"
	chmod 0644 "$d/conf"
}
setup "$T/lr"
setup "$T/hr"
setup "$T/quiet"
logrotate -f -s "$T/lr/state" "$T/lr/conf" 2>"$T/lr.err" ||
	fail "logrotate failed: $(cat "$T/lr.err")"
LD_LIBRARY_PATH=$T/lib "$HEADROOM" rotate -v -f -s "$T/hr/state" \
    "$T/hr/conf" >"$T/hr.out" 2>&1 ||
	fail "headroom rotate -v failed: $(cat "$T/hr.out")"
LD_LIBRARY_PATH=$T/lib "$HEADROOM" rotate -f -s "$T/quiet/state" \
    "$T/quiet/conf" >"$T/quiet.out" 2>&1 ||
	fail "headroom rotate failed: $(cat "$T/quiet.out")"

for s in $stanzas; do
	IFS=: read -r name cmd opts ext <<<"$s"
	for d in hr quiet; do
		cmp -s "$T/lr/$name.log.1$ext" "$T/$d/$name.log.1$ext" ||
			fail "$d: $name.log.1$ext differs from logrotate's ($cmd $opts)"
		[ -e "$T/$d/$name.log.1" ] && fail "$d: $name.log.1 left uncompressed"
	done
	"$cmd" -dc <"$T/hr/$name.log.1$ext" |
		cmp -s - <(seq 1 30000 | sed "s/^/$name line /") ||
		fail "$name.log.1$ext does not give back the log"
done
cmp -s <(seq 1 3000) <(gzip -dc "$T/hr/g.log.1.gz") ||
	fail "g.log.1.gz does not give back the log"
left=$(ls -A "$T/hr" "$T/quiet" | grep '^\.' | head -n 1)
[ -z "$left" ] || fail "temporary file left: $left"

# Said once with -v (four stanzas fall back), never without.
n=$(grep -c 'cannot load libarchive' "$T/hr.out")
[ "$n" = 1 ] || { cat "$T/hr.out" >&2; fail "-v said it $n times, expected once"; }
expect_grep "$T/hr.out" "libarchive.so.13"
expect_grep "$T/hr.out" "compressing with xz as an external command"
[ -s "$T/quiet.out" ] && fail "without -v: $(cat "$T/quiet.out")"
exit 0
