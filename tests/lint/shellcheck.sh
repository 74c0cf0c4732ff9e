#!/bin/bash
# Runs shellcheck over the project's shell, with the settings of .shellcheckrc
# at the top of the tree: every *.sh, the scripts without that suffix under
# bench/, dist/ and debian/ (a sh or bash shebang), bootstrap and .ci/run.
# A finding fails the test: fix it, or disable it on its line with a reason
# (`# shellcheck disable=SC2086 # one word per package`).
. "$top_srcdir/tests/lib.sh"
require_cmd shellcheck

cd "$top_srcdir" || framework_failure "cannot cd to $top_srcdir"
[ -f .shellcheckrc ] || framework_failure "$top_srcdir/.shellcheckrc is missing"

# 0 if file $1 starts with a sh or bash shebang.
is_shell() {
	local first=
	IFS= read -r first <"$1" 2>/dev/null
	case $first in
	'#!'*/sh | '#!'*/bash | '#!'*/sh\ * | '#!'*/bash\ * | '#!'*'env bash'*) ;;
	*) return 1 ;;
	esac
}

# Build and dist directories inside the tree (_build, _san, headroom-1.0)
# hold copies or generated files: not ours to check.
{
	find . \( -name .git -o -name '_*' -o -name 'headroom-*' -o \
		-name autom4te.cache \) -prune -o -type f -name '*.sh' -print
	find bench dist debian -type f ! -name '*.sh' | while read -r f; do
		is_shell "$f" && echo "./$f"
	done
	echo ./bootstrap
	echo ./.ci/run
} >"$T/list"
n=$(wc -l <"$T/list")
# Sanity: the harness and a script without suffix are in the list.
grep -qx ./tests/lib.sh "$T/list" && grep -qx ./bench/run "$T/list" ||
	framework_failure "the script list misses tests/lib.sh or bench/run"

tr '\n' '\0' <"$T/list" | xargs -0 -n 8 -P 2 shellcheck -f gcc >"$T/out" 2>&1
if [ -s "$T/out" ]; then
	cat "$T/out" >&2
	fail "shellcheck: $(wc -l <"$T/out") findings in $n scripts"
fi
echo "shellcheck: $n scripts, no finding"
