#!/bin/bash
# The documents and the comments tell the truth about the tree: the
# functions, files and sections of docs/logrotate-compat.md they name
# exist, nothing points outside the repository, and HACKING.md's
# commands are valid (tests/docs/truth.pl says exactly what is checked).
# Functions from outside the tree that may be named are listed in
# tests/docs/external-names.txt.  tests/docs/truth-allow.txt lists the
# known false spots still to be fixed; an entry that is no longer found
# fails the test, so the list only shrinks.
. "$top_srcdir/tests/lib.sh"
require_cmd perl

d=$top_srcdir/tests/docs
perl "$d/truth.pl" "$top_srcdir" "$d/external-names.txt" \
	"$d/truth-allow.txt" >"$T/problems"
st=$?
if [ $st != 0 ]; then
	cat "$T/problems" >&2
	[ -s "$T/problems" ] || framework_failure "truth.pl exited $st"
	fail "$(wc -l <"$T/problems") statements disagree with the tree"
fi
exit 0
