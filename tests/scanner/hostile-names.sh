#!/bin/bash
# Names with control characters, C1 bytes and invalid UTF-8 never reach
# the terminal raw: stderr quotes them exactly as du does, and the text
# report quotes them the same way (bare when printable).
. "$top_srcdir/tests/lib.sh"
require_cmd du python3
asuser() {
	if [ "$(id -u)" = 0 ]; then
		require_cmd setpriv
		setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
	else
		"$@"
	fi
}
mkdir -p "$T/t"
chmod 755 "$T" "$T/t"
cd "$T/t" || framework_failure "cd $T/t"
for n in "$(printf 'title\033]0;pwned\007x')" "$(printf 'csi\x9b2J')" \
	"$(printf 'c1\xc2\x85x')" "$(printf 'new\nline')" "$(printf 'bad\xff')" \
	"it's"; do
	mkdir "$n" && : >"$n/f" && chmod 000 "$n" || framework_failure "mkdir"
done
cd "$T" || framework_failure "cd $T"
asuser "$HEADROOM" scan --no-progress --no-deleted -d 2 t >report 2>err
[ $? = 1 ] || fail "unreadable directories: not exit 1"
asuser du t 2>du.err >/dev/null
sed 's/^du: /headroom: /' du.err | sort >du.sorted
sort err >err.sorted
cmp -s du.sorted err.sorted || { diff du.sorted err.sorted >&2; fail "stderr is not du's"; }
python3 - report err <<'PY' || fail "raw control bytes printed"
import re, sys
bad = re.compile(rb"[\x00-\x08\x0b-\x1f\x7f\x80-\x9f\xff]|\xc2[\x80-\x9f]")
for name in sys.argv[1:]:
    data = open(name, "rb").read()
    hit = bad.search(data.replace(b"\n", b" "))
    assert hit is None, (name, data[max(0, hit.start() - 20):hit.end() + 20])
PY
expect_grep report "] 't/title'\$'\\033'']0;pwned'\$'\\a''x'  ("
expect_grep report "] 't/csi'\$'\\233''2J'  ("
expect_grep report "] t/it's  ("
echo ok
