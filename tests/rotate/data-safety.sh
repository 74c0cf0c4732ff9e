#!/bin/bash
# Compression that cannot finish loses nothing: on a tmpfs too small for
# the compressed output (ENOSPC midway), and with a compressor killed
# midway, the rotated source stays whole, no partial output or temporary
# file is left, the error names the file, the exit status is 1, the state
# entry of that log is not advanced, and the other logs are still rotated.
# A second run with the disk still full, or the compressor still failing,
# overwrites nothing: the log is not rotated over its first generation.
# (libarchive that cannot be loaded is no failure: tests/rotate/no-libarchive.sh.)
. "$top_srcdir/tests/lib.sh"
require_root
require_cmd gzip
date_of() { grep -F "\"$1\"" "$2" | cut -d' ' -f2; }
old=$(date -d '3 days ago' '+%Y-%-m-%-d-%-H:%-M:%-S')

# 1. ENOSPC: 2.5 MiB of random bytes cannot be gzipped into 1.5 MiB; the
# disk fills up after the first chunks (gzip members) are written.
mount_tmpfs "$T/fs" 4m
chmod 0755 "$T/fs"
head -c 2621440 /dev/urandom >"$T/fs/big.log"
echo small >"$T/fs/small.log"
cp "$T/fs/big.log" "$T/big.orig"
printf '%s/fs/*.log {\n\tdaily\n\trotate 2\n\tcompress\n}\n' "$T" >"$T/conf"
chmod 0644 "$T/conf"
printf 'logrotate state -- version 2\n"%s" %s\n"%s" %s\n' \
    "$T/fs/big.log" "$old" "$T/fs/small.log" "$old" >"$T/state"
chmod 0640 "$T/state"
"$HEADROOM" rotate -s "$T/state" "$T/conf" 2>"$T/err"

rc=$?
[ "$rc" = 1 ] || fail "ENOSPC: exit $rc, expected 1"
cmp -s "$T/big.orig" "$T/fs/big.log.1" || fail "ENOSPC: the source changed"
[ -e "$T/fs/big.log.1.gz" ] && fail "ENOSPC: partial output left"
ls -A "$T/fs" | grep -q '^\.' && fail "ENOSPC: temporary file left"
expect_grep "$T/err" "failed to compress log $T/fs/big.log.1"
[ "$(date_of "$T/fs/big.log" "$T/state")" = "$old" ] ||
	fail "ENOSPC: the state of big.log was advanced"
[ "$(gzip -dc "$T/fs/small.log.1.gz")" = small ] ||
	fail "ENOSPC: small.log was not rotated"
[ "$(date_of "$T/fs/small.log" "$T/state")" != "$old" ] ||
	fail "ENOSPC: the state of small.log was not advanced"

# 1b. The next run, the disk still full: big.log is still due (its state
# was not advanced); its first generation still cannot be compressed, so
# it must not be overwritten by the rotation: the log is not rotated, the
# error names the generation, exit 1, and every byte is still there.
echo "written after the first run" >>"$T/fs/big.log"
cp "$T/fs/big.log" "$T/big.now"
"$HEADROOM" rotate -s "$T/state" "$T/conf" 2>"$T/err1b"
rc=$?
[ "$rc" = 1 ] || fail "ENOSPC twice: exit $rc, expected 1"
cmp -s "$T/big.orig" "$T/fs/big.log.1" ||
	fail "ENOSPC twice: the first generation was lost or changed"
cmp -s "$T/big.now" "$T/fs/big.log" || fail "ENOSPC twice: the log changed"
ls -A "$T/fs" | grep -q '^\.' && fail "ENOSPC twice: temporary file left"
expect_grep "$T/err1b" "failed to compress log $T/fs/big.log.1"

# 1c. The same with a compressor that always fails, twice in a row.
mkdir "$T/f"
seq 1 1000 >"$T/f/a.log"
printf '%s/f/a.log {\n\tdaily\n\trotate 3\n\tcompress\n\tcreate\n\tcompresscmd /bin/false\n}\n' \
    "$T" >"$T/conf1c"
chmod 0644 "$T/conf1c"
printf 'logrotate state -- version 2\n"%s" %s\n' "$T/f/a.log" "$old" \
    >"$T/state1c"
for k in 1 2; do
	"$HEADROOM" rotate -s "$T/state1c" "$T/conf1c" 2>"$T/err1c"
	rc=$?
	[ "$rc" = 1 ] || fail "compresscmd /bin/false, run $k: exit $rc"
	expect_grep "$T/err1c" "failed to compress log $T/f/a.log.1"
	seq 1001 1010 >>"$T/f/a.log"
done
cmp -s <(seq 1 1000) "$T/f/a.log.1" ||
	fail "compresscmd /bin/false twice: the first generation was lost"
cmp -s <(seq 1001 1010; seq 1001 1010) "$T/f/a.log" ||
	fail "compresscmd /bin/false twice: the log lost lines"

# 2. A compressor killed midway (SIGKILL after some output).
mkdir "$T/k"
seq 1 200000 >"$T/k/a.log"
echo b >"$T/k/b.log"
cp "$T/k/a.log" "$T/a.orig"
cat >"$T/killer" <<'SH'
#!/bin/sh
case $LOGROTATE_COMPRESSED_FILENAME in
*/a.log.1) head -c 1000; kill -9 $$ ;;
*) exec gzip ;;
esac
SH
chmod 0755 "$T/killer"
printf '%s/k/*.log {\n\trotate 2\n\tcompress\n\tcompresscmd %s\n\tcompressext .gz\n}\n' \
    "$T" "$T/killer" >"$T/conf2"
chmod 0644 "$T/conf2"
"$HEADROOM" rotate -f -s "$T/state2" "$T/conf2" 2>"$T/err2"
rc=$?
[ "$rc" = 1 ] || fail "killed compressor: exit $rc, expected 1"
cmp -s "$T/a.orig" "$T/k/a.log.1" || fail "killed compressor: source changed"
[ -e "$T/k/a.log.1.gz" ] && fail "killed compressor: partial output left"
ls -A "$T/k" | grep -q '^\.' && fail "killed compressor: temporary file left"
expect_grep "$T/err2" "failed to compress log $T/k/a.log.1"
grep -q "\"$T/k/a.log\" .*:[1-9]" "$T/state2" &&
	! grep -q "\"$T/k/a.log\" .*-[0-9]*:0:0$" "$T/state2" &&
	fail "killed compressor: the state of a.log was advanced"
[ "$(gzip -dc "$T/k/b.log.1.gz")" = b ] ||
	fail "killed compressor: b.log was not rotated"

# 3. The next run (a working compressor) finishes the job: nothing lost.
echo again >>"$T/k/a.log"
printf '%s/k/*.log {\n\trotate 2\n\tcompress\n}\n' "$T" >"$T/conf3"
chmod 0644 "$T/conf3"
"$HEADROOM" rotate -f -s "$T/state2" "$T/conf3" 2>"$T/err3" ||
	fail "the next run failed: $(cat "$T/err3")"
cmp -s "$T/a.orig" <(gzip -dc "$T/k/a.log.2.gz") ||
	fail "the next run lost the first generation"
[ "$(gzip -dc "$T/k/a.log.1.gz")" = again ] ||
	fail "the next run lost the new lines"

exit 0
