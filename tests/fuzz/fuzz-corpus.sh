#!/bin/bash
# The parser's libFuzzer harness replays its seed corpus (and the inputs of
# crashes fixed since) without fuzzing: each input once, under ASan+UBSan.
. "$top_srcdir/tests/lib.sh"

fuzzer=$top_builddir/tests/fuzz/fuzz_conf
[ -x "$fuzzer" ] || skip "no fuzzer binary (configure found no clang)"
cd "$T" || framework_failure "no temp dir"
"$fuzzer" -runs=0 "$top_srcdir"/tests/fuzz/corpus/* >"$T/log" 2>&1 ||
	{ cat "$T/log" >&2; fail "the fuzzer failed on its corpus"; }
n=$(ls "$top_srcdir"/tests/fuzz/corpus | wc -l)
ran=$(grep -c '^Running: ' "$T/log")
[ "$ran" = "$n" ] || { cat "$T/log" >&2; fail "ran $ran of $n inputs"; }
