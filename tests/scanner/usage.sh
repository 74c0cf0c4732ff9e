#!/bin/bash
# Usage: help on stdout with exit 0, bad options exit 2, options after
# PATH (GNU permutation).
. "$top_srcdir/tests/lib.sh"
cd "$T" || framework_failure "cd $T"
"$HEADROOM" help scan >out || fail "help scan failed"
expect_grep out "usage: headroom scan"
expect_grep out "--min-free"
"$HEADROOM" scan --help >out || fail "scan --help failed"
expect_grep out "--format FMT"
for bad in "--bogus" "-j 0" "-j x" "--format=xml" "--walker=ftw" "-d -1" \
	"--min-free 200" "--top x" "-B 0" "--exclude-from=/nonexistent" \
	"--top 0" "--min-free 0x10" "--min-free 1e1" "--min-free inf" \
	"-d +1" "-j 0x10" "--top=0x10" "--min-free=5." "--min-free=.5"; do
	# shellcheck disable=SC2086
	"$HEADROOM" scan $bad . >out 2>err
	st=$?
	[ "$st" = 2 ] || fail "'$bad': exit $st, expected 2"
	[ -s err ] || fail "'$bad': no message"
done
for opt in -d --top --min-free -j; do
	"$HEADROOM" scan "$opt" " 5" . >out 2>err
	[ $? = 2 ] || fail "'$opt \" 5\"' is accepted"
done
# Option errors name the program as every other message does.
"$HEADROOM" scan --bogus . 2>err
expect_grep err "headroom: unrecognized option '--bogus'"
"$HEADROOM" scan -d 2>err
expect_grep err "headroom: option requires an argument -- 'd'"
# A closed pipe (SIGPIPE ignored, as under many supervisors): one message.
mkdir -p wide && (cd wide && mkdir $(seq -f 'directory-with-a-long-name-%05g' 3000))
(trap '' PIPE; "$HEADROOM" scan --format=du -d 1 wide 2>err | head -c 1 >/dev/null)
[ "$(wc -l <err)" = 1 ] || { cat err >&2; fail "EPIPE: not one message"; }
expect_grep err "headroom: write error on standard output: Broken pipe"
# A fractional threshold is printed as given.
mkdir -p m
"$HEADROOM" scan --no-progress --no-deleted --min-free 5.5 m >out ||
	fail "--min-free 5.5 failed"
expect_grep out "File systems (minimum free 5.5%)"
"$HEADROOM" scan --format=du -d 0 /nonexistent-headroom >out 2>err
[ $? = 1 ] || fail "a missing PATH is not exit 1"
expect_grep err "headroom: cannot access '/nonexistent-headroom': No such file or directory"
"$HEADROOM" scan --format=json -o "$T/no/such/dir/x.json" . >out 2>err
[ $? = 2 ] || fail "an unwritable -o FILE is not exit 2"
expect_grep err "cannot write '$T/no/such/dir/x.json'"
mkdir d && "$HEADROOM" scan --format=json -o d/x.json d || fail "-o FILE failed"
python3 -c 'import json,sys; json.load(open(sys.argv[1]))' d/x.json || fail "bad -o output"
ls -A d | grep -qv '^x.json$' && fail "temporary file left behind"
# Options after PATH are options (GNU permutation); "--" ends them.
unset POSIXLY_CORRECT
mkdir -p p/sub/deeper && : >p/sub/deeper/f && mkdir -- -d
"$HEADROOM" scan p -d 2 --format=json --no-deleted >perm.json 2>err ||
	fail "options after PATH: exit $?"
[ -s err ] && fail "options after PATH: $(cat err)"
python3 - perm.json <<'PY' || fail "options after PATH were not applied"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["max_depth"] == 2 and [p["path"] for p in d["paths"]] == ["p"], d["paths"]
PY
"$HEADROOM" scan --format=du -d 0 -- -d p >dd.out || fail "-- then -d as a PATH"
[ "$(cut -f2 dd.out)" = "$(printf -- '-d\np')" ] || fail "-- does not end options"
echo ok
