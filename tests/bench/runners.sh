#!/bin/bash
# The rotate runner and the outage drill keep working: on a few logs and
# on one big log (several gzip members) and one package manager log large
# enough to be sampled (gzip's setting chosen on it), logrotate's result is what the
# runner compares headroom's with, headroom rotate's row is either
# measured (same files as logrotate) or reported n/a while the engine
# cannot rotate, and the drill (root: tmpfs) brings a 95% full file system
# back above 10% free with logrotate.
. "$top_srcdir/tests/lib.sh"
require_cmd logrotate gzip pigz python3 hyperfine md5sum /usr/bin/time
gentree=$top_builddir/bench/gentree
[ -x "$gentree" ] || framework_failure "bench/gentree not built"
export GENTREE=$gentree FLOOR=$top_builddir/bench/floor

"$top_srcdir/bench/rotate" --check-only --sizes 4 --log-size 32K --small 0 \
	--stanzas 20 --big 3M --big-pkg 10M --work "$T" --results "$T/r" 2>"$T/rot.err" ||
	{ cat "$T/rot.err" >&2; fail "bench/rotate --check-only failed"; }
[ "$(grep -c '^[a-z]*,[0-9]*,' "$T/r/rotate-headroom.csv")" = 4 ] ||
	fail "expected a headroom verdict for each of the 4 scenarios"
grep -q '^big,3,' "$T/r/rotate-headroom.csv" ||
	fail "no verdict for the big log (3 MiB)"
grep -q '^bigpkg,10,' "$T/r/rotate-headroom.csv" ||
	fail "no verdict for the package manager log (10 MiB)"
while IFS=, read -r scen n verdict; do
	case $verdict in
	measured | "n/a (engine not built"*) ;;
	*) fail "$scen $n: unexpected verdict '$verdict'" ;;
	esac
done < <(tail -n +2 "$T/r/rotate-headroom.csv")

# A headroom that rotates differently from logrotate must fail the runner.
cat >"$T/fake-headroom" <<'FAKE'
#!/bin/bash
# Renames every log to .1 (no compression, no create): not what logrotate does.
for a in "$@"; do conf=$a; done
dir=$(sed -n '1s|/\*\.log.*||p' "$conf")
for f in "$dir"/*.log; do mv "$f" "$f.1"; done
FAKE
chmod +x "$T/fake-headroom"
HEADROOM=$T/fake-headroom "$top_srcdir/bench/rotate" --check-only --sizes 2 \
	--log-size 16K --small 0 --stanzas 0 --work "$T" --results "$T/r2" 2>"$T/fake.err" &&
	fail "the runner accepted a headroom that rotates differently"
expect_grep "$T/fake.err" "FAIL: headroom rotate"

if [ "$(id -u)" = 0 ]; then
	"$top_srcdir/bench/drill" --files 1500 --work "$T" --results "$T/d" 2>"$T/drill.err" ||
		{ cat "$T/drill.err" >&2; fail "bench/drill failed"; }
	expect_grep "$T/d/drill.csv" "recover,logrotate -f,"
	expect_grep "$T/d/drill.csv" "diagnose,headroom scan --min-free 10,"
	mountpoint -q "$T/headroom-drill" && fail "the drill left its tmpfs mounted"
fi
exit 0
