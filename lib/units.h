/*
 * units: sizes as people write them, in logrotate's and du's dialects.
 */
#ifndef HR_UNITS_H
#define HR_UNITS_H

#include <stddef.h>

#include "lib/diag.h"

/*
 * Parses a logrotate size (`size`, `minsize`, `maxsize`): an integer read
 * with strtoull base 0 (so "010" is 8 and "0x10" is 16), then an optional
 * unit: k or K (x1024), M (x1048576), G (x1073741824).  Anything else after
 * the number fails: "unknown unit 'm'" for a bad unit letter, "bad size
 * '1.5'" when the number itself is malformed.  Returns 0 or -1 (err set,
 * with the message logrotate prints).
 */
int units_parse_logrotate_size(
    const char *s, unsigned long long *out, struct hr_error *err);

/*
 * Parses du's -B/--block-size argument: "1", "512", "K", "1K", "KiB", "KB"
 * (1000), "M", "MB", "G", ... up to "Y".  Returns 0 or -1.
 */
int units_parse_block_size(
    const char *s, unsigned long long *out, struct hr_error *err);

#define UNITS_HUMAN_MAX 24

/*
 * Formats bytes as `du -h` does (or `du --si` when si): no suffix below
 * the base, otherwise one decimal place below 10 and none above, always
 * rounded up ("4.0K", "1.5M", "12G", "0").  Writes into buf (at least
 * UNITS_HUMAN_MAX bytes) and returns buf.
 */
char *units_format_human(unsigned long long bytes, int si, char *buf);

/*
 * Formats bytes as `du -B block` does: the number of blocks, rounded up,
 * followed by the suffix du prints for that block size ("K" for -BK, none
 * for -B1 or -B512).  Returns buf.
 */
char *units_format_blocks(unsigned long long bytes, unsigned long long block,
    const char *suffix, char *buf);

#endif
