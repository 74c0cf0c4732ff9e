/*
 * units: sizes as people write them, in logrotate's and du's dialects.
 */
#ifndef HR_UNITS_H
#define HR_UNITS_H

#include <stddef.h>

#include "lib/diag.h"

/*
 * Parses a logrotate size (`size`, `minsize`, `maxsize`) exactly as
 * logrotate 3.21 does.  The last character may be a unit: k or K
 * (x1024), M (x1048576), G (x1073741824); any other non-digit there fails
 * with "unknown unit 'm'".  The rest is read with strtoull base 0 (so
 * "010" is 8 and "0x10" is 16; "" is 0, so "k" alone is 0) and multiplied,
 * both wrapping as in logrotate; trailing junk or a result above LLONG_MAX
 * fails with "bad size '1.5'" (the text without its unit).  An empty s
 * fails with "bad size ''"; logrotate's parser reports an empty value
 * itself, before it gets here.  Returns 0 with *out set, or -1 with err
 * set (no path, no line: the caller adds "FILE:LINE ").
 */
/* 1 when s is one or more ASCII digits and nothing else ("12", not "+1"). */
int units_all_digits(const char *s);

int units_parse_logrotate_size(
    const char *s, unsigned long long *out, struct hr_error *err);

/*
 * Parses du's -B/--block-size argument as GNU du 9.1 does: an optional
 * number (strtoull base 0: "4", "010", "0x10"), then an optional suffix
 * K/k, M/m, G/g, T/t, P, E, Z, Y (powers of 1024), which may be followed
 * by "iB" (1024 too) or "B" or "D" (powers of 1000); a suffix alone means
 * one of it ("K", "KB", "MiB").  A leading ' (digit grouping) and blanks
 * are skipped.  "human-readable" and "si" are modes, not sizes: the caller
 * checks for them first.  Errors, with du's wording for -B:
 * "invalid -B argument '0'", "invalid suffix in -B argument '1.5K'",
 * "-B argument '16E' too large".  Returns 0 or -1 with err set.
 */
int units_parse_block_size(
    const char *s, unsigned long long *out, struct hr_error *err);

#define UNITS_SUFFIX_MAX 8

/*
 * The suffix du prints after each count for the -B argument s: none when
 * s has a number ("4K", "1024"), else the letter of the block size with
 * "B" or "iB" as written: "K" for "K" or "k", "kB" for "KB", "KiB" for
 * "KiB", "M" for "M".  Writes into buf (at least UNITS_SUFFIX_MAX bytes)
 * and returns buf; an invalid s gives "".
 */
char *units_block_suffix(const char *s, char *buf);

#define UNITS_HUMAN_MAX 24

/*
 * Formats bytes as `du -h` does (or `du --si` when si): no suffix below
 * the base, otherwise one decimal place below 10 and none above, always
 * rounded up, carrying into the next unit ("4.0K", "1.5M", "12G", "0";
 * 1048575 is "1.0M").  Powers of 1024 with K M G T P E, or with si of
 * 1000 with k M G T P E ("1.1k").  Writes into buf (at least
 * UNITS_HUMAN_MAX bytes) and returns buf.
 */
char *units_format_human(unsigned long long bytes, int si, char *buf);

/*
 * Formats bytes as `du -B block` does: the number of blocks, rounded up,
 * followed by suffix (units_block_suffix; NULL for none): "3K" for -BK,
 * "245" for -B4K.  block must not be 0.  Writes into buf (at least
 * UNITS_HUMAN_MAX bytes) and returns buf.
 */
char *units_format_blocks(unsigned long long bytes, unsigned long long block,
    const char *suffix, char *buf);

/*
 * Parses a duration as systemd and most tools write one: one or more
 * DIGITS UNIT groups with the units s, m, h, d (seconds, minutes, hours,
 * days), like "90s", "15m", "6h", "2d", "1h30m"; plain digits are
 * seconds.  Nothing else is taken: no sign, blank, fraction or other
 * unit.  Returns 0 with *out set to the seconds (at least 1), or -1 with
 * err set ("invalid duration '6x' (units s, m, h, d)", or "duration '...'
 * too large" beyond 100 years).
 */
int units_parse_duration(
    const char *s, unsigned long long *out, struct hr_error *err);

#define UNITS_DURATION_MAX 32

/*
 * Formats seconds for people, in the two largest units that apply, the
 * smaller rounded down: "45 s", "12 min", "2 h 5 min", "3 d 4 h".  A
 * negative or non-finite value is written as "0 s".  Writes into buf (at
 * least UNITS_DURATION_MAX bytes) and returns buf.
 */
char *units_format_duration(double seconds, char *buf);

#endif
