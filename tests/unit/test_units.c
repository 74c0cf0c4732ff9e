/*
 * Unit tests of lib/units: logrotate sizes, du's -B argument, du's -h,
 * --si and -B output.
 *
 * Every expected string below was produced by the real programs on Debian
 * 12, not derived from the code under test:
 *
 * - logrotate sizes: logrotate 3.21.0 on a one-stanza config
 *	printf '/tmp/x/a.log {\n size %s\n}\n' "$v" >c
 *	/usr/sbin/logrotate -d -s /tmp/x/st c 2>&1 | grep -E 'pattern|error'
 *   which prints "rotating pattern: ... N bytes" or "c:2 bad size '...'".
 * - du -B arguments: du (coreutils 9.1) -B"$spec" on a 1000001-byte file,
 *   du --apparent-size -B"$spec" f
 *   whose count gives the block size and whose error gives the wording.
 * - du output (du_table): on a 1 MiB tmpfs (sparse files cost nothing),
 *	while read n; do truncate -s "$n" "f_$n"; done <sizes
 *	for opt in -h --si -BK -BM -BG -BKB -BMiB -B4K -B1000; do
 *		du --apparent-size $opt $(sed 's/^/f_/' sizes) >"out$opt"
 *	done
 *   where sizes holds, for base b in 1024 and 1000 and e in 1..6, the
 *   rounding edges b^e-1, b^e, b^e+1, 10b^e-1, 10b^e, 10b^e+1, 9.9b^e,
 *   (b-1)b^e, b^(e+1)-b^e/2, b^(e+1)-1, 1.5b^e, plus small values and
 *   2^63-1; the columns were pasted side by side into the table.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "lib/units.h"

struct size_case {
	const char *in;
	unsigned long long want; /* when msg is NULL */
	const char *msg;         /* expected error text, or NULL */
};

/* logrotate 3.21.0's answers (see the top of this file). */
static const struct size_case logrotate_cases[] = {
	{ "10", 10, NULL },
	{ "010", 8, NULL },
	{ "0x10", 16, NULL },
	{ "1k", 1024, NULL },
	{ "1K", 1024, NULL },
	{ "1M", 1048576, NULL },
	{ "1G", 1073741824, NULL },
	{ "+5", 5, NULL },
	{ " 5", 5, NULL },
	{ "-0", 0, NULL },
	{ "k", 0, NULL },
	{ "9223372036854775807", 9223372036854775807ULL, NULL },
	{ "16777216G", 18014398509481984ULL, NULL },
	{ "4294967296G", 4611686018427387904ULL, NULL },
	{ "17179869184G", 0, NULL }, /* 2^64 wraps to 0, as in logrotate */
	{ "-18446744073709551615", 1, NULL },
	{ "-18446744073709551615K", 1024, NULL },
	{ "10m", 0, "unknown unit 'm'" },
	{ "1g", 0, "unknown unit 'g'" },
	{ "0x1A", 0, "unknown unit 'A'" },
	{ "0x", 0, "unknown unit 'x'" },
	{ "1.5M", 0, "bad size '1.5'" },
	{ "1KK", 0, "bad size '1K'" },
	{ "1 K", 0, "bad size '1 '" },
	{ "08", 0, "bad size '08'" },
	{ "-1", 0, "bad size '-1'" },
	{ "-2", 0, "bad size '-2'" },
	{ "-9223372036854775808", 0, "bad size '-9223372036854775808'" },
	{ "9223372036854775808", 0, "bad size '9223372036854775808'" },
	{ "18446744073709551615", 0, "bad size '18446744073709551615'" },
	{ "99999999999999999999", 0, "bad size '99999999999999999999'" },
	{ "0xffffffffffffffffK", 0, "bad size '0xffffffffffffffff'" },
	{ "8589934592G", 0, "bad size '8589934592'" },
	{ "25769803776G", 0, "bad size '25769803776'" },
	{ "9007199254740992K", 0, "bad size '9007199254740992'" },
	{ "", 0, "bad size ''" },
};

/* du 9.1's answers for -B (see the top of this file). */
static const struct size_case block_cases[] = {
	{ "1", 1, NULL },
	{ "512", 512, NULL },
	{ "K", 1024, NULL },
	{ "k", 1024, NULL },
	{ "4K", 4096, NULL },
	{ "KiB", 1024, NULL },
	{ "kiB", 1024, NULL },
	{ "1KiB", 1024, NULL },
	{ "KB", 1000, NULL },
	{ "kB", 1000, NULL },
	{ "1KB", 1000, NULL },
	{ "KD", 1000, NULL },
	{ "M", 1048576, NULL },
	{ "m", 1048576, NULL },
	{ "MB", 1000000, NULL },
	{ "MiB", 1048576, NULL },
	{ "g", 1073741824, NULL },
	{ "GB", 1000000000, NULL },
	{ "t", 1099511627776ULL, NULL },
	{ "T", 1099511627776ULL, NULL },
	{ "P", 1125899906842624ULL, NULL },
	{ "E", 1152921504606846976ULL, NULL },
	{ "15E", 17293822569102704640ULL, NULL },
	{ "0x10", 16, NULL },
	{ "010", 8, NULL },
	{ " 5", 5, NULL },
	{ "+5", 5, NULL },
	{ "'1", 1, NULL },
	{ "0", 0, "invalid -B argument '0'" },
	{ "0K", 0, "invalid -B argument '0K'" },
	{ "x", 0, "invalid -B argument 'x'" },
	{ "-1", 0, "invalid -B argument '-1'" },
	{ "R", 0, "invalid -B argument 'R'" },
	{ "B", 0, "invalid -B argument 'B'" },
	{ "b", 0, "invalid -B argument 'b'" },
	{ "c", 0, "invalid -B argument 'c'" },
	{ "", 0, "invalid -B argument ''" },
	{ "p", 0, "invalid suffix in -B argument 'p'" },
	{ "e", 0, "invalid suffix in -B argument 'e'" },
	{ "z", 0, "invalid suffix in -B argument 'z'" },
	{ "y", 0, "invalid suffix in -B argument 'y'" },
	{ "1.5K", 0, "invalid suffix in -B argument '1.5K'" },
	{ "K2", 0, "invalid suffix in -B argument 'K2'" },
	{ "KiBx", 0, "invalid suffix in -B argument 'KiBx'" },
	{ "1R", 0, "invalid suffix in -B argument '1R'" },
	{ "1b", 0, "invalid suffix in -B argument '1b'" },
	{ "Z", 0, "-B argument 'Z' too large" },
	{ "Y", 0, "-B argument 'Y' too large" },
	{ "16E", 0, "-B argument '16E' too large" },
	{ "20E", 0, "-B argument '20E' too large" },
	{ "99999999999999999999", 0,
	    "-B argument '99999999999999999999' too large" },
};

typedef int parse_fn(const char *, unsigned long long *, struct hr_error *);

static void
check_cases(parse_fn *parse, const struct size_case *c, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		struct hr_error err = HR_ERROR_INIT;
		unsigned long long v = 12345;
		int rc = parse(c[i].in, &v, &err);

		print_message("'%s'\n", c[i].in);
		if (c[i].msg == NULL) {
			assert_int_equal(rc, 0);
			assert_true(v == c[i].want);
		} else {
			assert_int_equal(rc, -1);
			assert_string_equal(hr_error_text(&err), c[i].msg);
			assert_true(v == 12345); /* untouched on failure */
		}
		hr_error_release(&err);
	}
}

static void
test_logrotate_size(void **state)
{
	(void)state;
	check_cases(units_parse_logrotate_size, logrotate_cases,
	    sizeof(logrotate_cases) / sizeof(logrotate_cases[0]));
}

static void
test_block_size(void **state)
{
	(void)state;
	check_cases(units_parse_block_size, block_cases,
	    sizeof(block_cases) / sizeof(block_cases[0]));
}

/* A NULL error record is allowed: the failure is still reported. */
static void
test_null_err(void **state)
{
	unsigned long long v;

	(void)state;
	assert_int_equal(units_parse_logrotate_size("1x", &v, NULL), -1);
	assert_int_equal(units_parse_block_size("x", &v, NULL), -1);
}

/* Round trip: N written with each unit parses back to N * unit. */
static void
test_round_trips(void **state)
{
	static const char *const lr_units[] = { "", "k", "K", "M", "G" };
	static const unsigned long long lr_mult[] = { 1, 1024, 1024, 1048576,
		1073741824 };
	static const unsigned long long nums[] = { 0, 1, 7, 100, 4095,
		123456789 };
	char buf[64];
	size_t i, u;

	(void)state;
	for (i = 0; i < sizeof(nums) / sizeof(nums[0]); i++) {
		for (u = 0; u < 5; u++) {
			unsigned long long v;

			snprintf(
			    buf, sizeof(buf), "%llu%s", nums[i], lr_units[u]);
			assert_int_equal(
			    units_parse_logrotate_size(buf, &v, NULL), 0);
			assert_true(v == nums[i] * lr_mult[u]);
			/* Bare hex could end in a letter, read as a unit. */
			snprintf(buf, sizeof(buf), "%#llx%s", nums[i],
			    u > 0 ? lr_units[u] : "k");
			assert_int_equal(
			    units_parse_logrotate_size(buf, &v, NULL), 0);
			assert_true(v == nums[i] * lr_mult[u > 0 ? u : 1]);
			if (nums[i] == 0)
				continue;
			/* du: same number, same letter, "iB" and "B". */
			snprintf(buf, sizeof(buf), "%lluMiB", nums[i]);
			assert_int_equal(
			    units_parse_block_size(buf, &v, NULL), 0);
			assert_true(v == nums[i] * 1048576);
			snprintf(buf, sizeof(buf), "%lluMB", nums[i]);
			assert_int_equal(
			    units_parse_block_size(buf, &v, NULL), 0);
			assert_true(v == nums[i] * 1000000);
		}
	}
}

/* The suffix du prints for a -B argument (du -B"$spec" output). */
static void
test_block_suffix(void **state)
{
	static const char *const cases[][2] = {
		{ "K", "K" },
		{ "k", "K" },
		{ "KiB", "KiB" },
		{ "kiB", "KiB" },
		{ "KB", "kB" },
		{ "kB", "kB" },
		{ "KD", "K" },
		{ "M", "M" },
		{ "m", "M" },
		{ "MB", "MB" },
		{ "MiB", "MiB" },
		{ "G", "G" },
		{ "T", "T" },
		{ "P", "P" },
		{ "E", "E" },
		{ "4K", "" },
		{ "1KB", "" },
		{ "1", "" },
		{ "1024", "" },
		{ "x", "" },
		{ "", "" },
	};
	char buf[UNITS_SUFFIX_MAX];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		print_message("'%s'\n", cases[i][0]);
		assert_string_equal(
		    units_block_suffix(cases[i][0], buf), cases[i][1]);
	}
}

struct du_row {
	unsigned long long bytes;
	const char *h, *si, *bk, *bm, *bg, *bkb, *bmib, *b4k, *b1000;
};

/* du --apparent-size output, column by column (see the top). */
static const struct du_row du_table[] = {
	{ 0ULL, "0", "0", "0K", "0M", "0G", "0kB", "0MiB", "0", "0" },
	{ 1ULL, "1", "1", "1K", "1M", "1G", "1kB", "1MiB", "1", "1" },
	{ 9ULL, "9", "9", "1K", "1M", "1G", "1kB", "1MiB", "1", "1" },
	{ 10ULL, "10", "10", "1K", "1M", "1G", "1kB", "1MiB", "1", "1" },
	{ 999ULL, "999", "999", "1K", "1M", "1G", "1kB", "1MiB", "1", "1" },
	{ 1000ULL, "1000", "1.0k", "1K", "1M", "1G", "1kB", "1MiB", "1", "1" },
	{ 1001ULL, "1001", "1.1k", "1K", "1M", "1G", "2kB", "1MiB", "1", "2" },
	{ 1023ULL, "1023", "1.1k", "1K", "1M", "1G", "2kB", "1MiB", "1", "2" },
	{ 1024ULL, "1.0K", "1.1k", "1K", "1M", "1G", "2kB", "1MiB", "1", "2" },
	{ 1025ULL, "1.1K", "1.1k", "2K", "1M", "1G", "2kB", "1MiB", "1", "2" },
	{ 1500ULL, "1.5K", "1.5k", "2K", "1M", "1G", "2kB", "1MiB", "1", "2" },
	{ 1501ULL, "1.5K", "1.6k", "2K", "1M", "1G", "2kB", "1MiB", "1", "2" },
	{ 1536ULL, "1.5K", "1.6k", "2K", "1M", "1G", "2kB", "1MiB", "1", "2" },
	{ 1537ULL, "1.6K", "1.6k", "2K", "1M", "1G", "2kB", "1MiB", "1", "2" },
	{ 2047ULL, "2.0K", "2.1k", "2K", "1M", "1G", "3kB", "1MiB", "1", "3" },
	{ 2048ULL, "2.0K", "2.1k", "2K", "1M", "1G", "3kB", "1MiB", "1", "3" },
	{ 4095ULL, "4.0K", "4.1k", "4K", "1M", "1G", "5kB", "1MiB", "1", "5" },
	{ 4096ULL, "4.0K", "4.1k", "4K", "1M", "1G", "5kB", "1MiB", "1", "5" },
	{ 4097ULL, "4.1K", "4.1k", "5K", "1M", "1G", "5kB", "1MiB", "2", "5" },
	{ 9727ULL, "9.5K", "9.8k", "10K", "1M", "1G", "10kB", "1MiB", "3",
	    "10" },
	{ 9728ULL, "9.5K", "9.8k", "10K", "1M", "1G", "10kB", "1MiB", "3",
	    "10" },
	{ 9729ULL, "9.6K", "9.8k", "10K", "1M", "1G", "10kB", "1MiB", "3",
	    "10" },
	{ 9900ULL, "9.7K", "9.9k", "10K", "1M", "1G", "10kB", "1MiB", "3",
	    "10" },
	{ 9901ULL, "9.7K", "10k", "10K", "1M", "1G", "10kB", "1MiB", "3",
	    "10" },
	{ 9999ULL, "9.8K", "10k", "10K", "1M", "1G", "10kB", "1MiB", "3",
	    "10" },
	{ 10000ULL, "9.8K", "10k", "10K", "1M", "1G", "10kB", "1MiB", "3",
	    "10" },
	{ 10001ULL, "9.8K", "11k", "10K", "1M", "1G", "11kB", "1MiB", "3",
	    "11" },
	{ 10137ULL, "9.9K", "11k", "10K", "1M", "1G", "11kB", "1MiB", "3",
	    "11" },
	{ 10138ULL, "10K", "11k", "10K", "1M", "1G", "11kB", "1MiB", "3",
	    "11" },
	{ 10188ULL, "10K", "11k", "10K", "1M", "1G", "11kB", "1MiB", "3",
	    "11" },
	{ 10189ULL, "10K", "11k", "10K", "1M", "1G", "11kB", "1MiB", "3",
	    "11" },
	{ 10239ULL, "10K", "11k", "10K", "1M", "1G", "11kB", "1MiB", "3",
	    "11" },
	{ 10240ULL, "10K", "11k", "10K", "1M", "1G", "11kB", "1MiB", "3",
	    "11" },
	{ 10241ULL, "11K", "11k", "11K", "1M", "1G", "11kB", "1MiB", "3",
	    "11" },
	{ 99999ULL, "98K", "100k", "98K", "1M", "1G", "100kB", "1MiB", "25",
	    "100" },
	{ 100000ULL, "98K", "100k", "98K", "1M", "1G", "100kB", "1MiB", "25",
	    "100" },
	{ 100001ULL, "98K", "101k", "98K", "1M", "1G", "101kB", "1MiB", "25",
	    "101" },
	{ 999000ULL, "976K", "999k", "976K", "1M", "1G", "999kB", "1MiB", "244",
	    "999" },
	{ 999500ULL, "977K", "1.0M", "977K", "1M", "1G", "1000kB", "1MiB",
	    "245", "1000" },
	{ 999949ULL, "977K", "1.0M", "977K", "1M", "1G", "1000kB", "1MiB",
	    "245", "1000" },
	{ 999950ULL, "977K", "1.0M", "977K", "1M", "1G", "1000kB", "1MiB",
	    "245", "1000" },
	{ 999999ULL, "977K", "1.0M", "977K", "1M", "1G", "1000kB", "1MiB",
	    "245", "1000" },
	{ 1000000ULL, "977K", "1.0M", "977K", "1M", "1G", "1000kB", "1MiB",
	    "245", "1000" },
	{ 1000001ULL, "977K", "1.1M", "977K", "1M", "1G", "1001kB", "1MiB",
	    "245", "1001" },
	{ 1047552ULL, "1023K", "1.1M", "1023K", "1M", "1G", "1048kB", "1MiB",
	    "256", "1048" },
	{ 1047553ULL, "1.0M", "1.1M", "1024K", "1M", "1G", "1048kB", "1MiB",
	    "256", "1048" },
	{ 1048064ULL, "1.0M", "1.1M", "1024K", "1M", "1G", "1049kB", "1MiB",
	    "256", "1049" },
	{ 1048575ULL, "1.0M", "1.1M", "1024K", "1M", "1G", "1049kB", "1MiB",
	    "256", "1049" },
	{ 1048576ULL, "1.0M", "1.1M", "1024K", "1M", "1G", "1049kB", "1MiB",
	    "256", "1049" },
	{ 1048577ULL, "1.1M", "1.1M", "1025K", "2M", "1G", "1049kB", "2MiB",
	    "257", "1049" },
	{ 1500000ULL, "1.5M", "1.5M", "1465K", "2M", "1G", "1500kB", "2MiB",
	    "367", "1500" },
	{ 1500001ULL, "1.5M", "1.6M", "1465K", "2M", "1G", "1501kB", "2MiB",
	    "367", "1501" },
	{ 1572864ULL, "1.5M", "1.6M", "1536K", "2M", "1G", "1573kB", "2MiB",
	    "384", "1573" },
	{ 1572865ULL, "1.6M", "1.6M", "1537K", "2M", "1G", "1573kB", "2MiB",
	    "385", "1573" },
	{ 9900000ULL, "9.5M", "9.9M", "9668K", "10M", "1G", "9900kB", "10MiB",
	    "2417", "9900" },
	{ 9900001ULL, "9.5M", "10M", "9668K", "10M", "1G", "9901kB", "10MiB",
	    "2417", "9901" },
	{ 9990000ULL, "9.6M", "10M", "9756K", "10M", "1G", "9990kB", "10MiB",
	    "2439", "9990" },
	{ 9999999ULL, "9.6M", "10M", "9766K", "10M", "1G", "10000kB", "10MiB",
	    "2442", "10000" },
	{ 10000000ULL, "9.6M", "10M", "9766K", "10M", "1G", "10000kB", "10MiB",
	    "2442", "10000" },
	{ 10000001ULL, "9.6M", "11M", "9766K", "10M", "1G", "10001kB", "10MiB",
	    "2442", "10001" },
	{ 10380902ULL, "9.9M", "11M", "10138K", "10M", "1G", "10381kB", "10MiB",
	    "2535", "10381" },
	{ 10380903ULL, "10M", "11M", "10138K", "10M", "1G", "10381kB", "10MiB",
	    "2535", "10381" },
	{ 10485759ULL, "10M", "11M", "10240K", "10M", "1G", "10486kB", "10MiB",
	    "2560", "10486" },
	{ 10485760ULL, "10M", "11M", "10240K", "10M", "1G", "10486kB", "10MiB",
	    "2560", "10486" },
	{ 10485761ULL, "11M", "11M", "10241K", "11M", "1G", "10486kB", "11MiB",
	    "2561", "10486" },
	{ 999000000ULL, "953M", "999M", "975586K", "953M", "1G", "999000kB",
	    "953MiB", "243897", "999000" },
	{ 999500000ULL, "954M", "1.0G", "976075K", "954M", "1G", "999500kB",
	    "954MiB", "244019", "999500" },
	{ 999999999ULL, "954M", "1.0G", "976563K", "954M", "1G", "1000000kB",
	    "954MiB", "244141", "1000000" },
	{ 1000000000ULL, "954M", "1.0G", "976563K", "954M", "1G", "1000000kB",
	    "954MiB", "244141", "1000000" },
	{ 1000000001ULL, "954M", "1.1G", "976563K", "954M", "1G", "1000001kB",
	    "954MiB", "244141", "1000001" },
	{ 1072693248ULL, "1023M", "1.1G", "1047552K", "1023M", "1G",
	    "1072694kB", "1023MiB", "261888", "1072694" },
	{ 1073217536ULL, "1.0G", "1.1G", "1048064K", "1024M", "1G", "1073218kB",
	    "1024MiB", "262016", "1073218" },
	{ 1073741823ULL, "1.0G", "1.1G", "1048576K", "1024M", "1G", "1073742kB",
	    "1024MiB", "262144", "1073742" },
	{ 1073741824ULL, "1.0G", "1.1G", "1048576K", "1024M", "1G", "1073742kB",
	    "1024MiB", "262144", "1073742" },
	{ 1073741825ULL, "1.1G", "1.1G", "1048577K", "1025M", "2G", "1073742kB",
	    "1025MiB", "262145", "1073742" },
	{ 1500000000ULL, "1.4G", "1.5G", "1464844K", "1431M", "2G", "1500000kB",
	    "1431MiB", "366211", "1500000" },
	{ 1500000001ULL, "1.4G", "1.6G", "1464844K", "1431M", "2G", "1500001kB",
	    "1431MiB", "366211", "1500001" },
	{ 1610612736ULL, "1.5G", "1.7G", "1572864K", "1536M", "2G", "1610613kB",
	    "1536MiB", "393216", "1610613" },
	{ 1610612737ULL, "1.6G", "1.7G", "1572865K", "1537M", "2G", "1610613kB",
	    "1537MiB", "393217", "1610613" },
	{ 9900000000ULL, "9.3G", "9.9G", "9667969K", "9442M", "10G",
	    "9900000kB", "9442MiB", "2416993", "9900000" },
	{ 9900000001ULL, "9.3G", "10G", "9667969K", "9442M", "10G", "9900001kB",
	    "9442MiB", "2416993", "9900001" },
	{ 9999999999ULL, "9.4G", "10G", "9765625K", "9537M", "10G",
	    "10000000kB", "9537MiB", "2441407", "10000000" },
	{ 10000000000ULL, "9.4G", "10G", "9765625K", "9537M", "10G",
	    "10000000kB", "9537MiB", "2441407", "10000000" },
	{ 10000000001ULL, "9.4G", "11G", "9765626K", "9537M", "10G",
	    "10000001kB", "9537MiB", "2441407", "10000001" },
	{ 10630044057ULL, "9.9G", "11G", "10380903K", "10138M", "10G",
	    "10630045kB", "10138MiB", "2595226", "10630045" },
	{ 10630044058ULL, "10G", "11G", "10380903K", "10138M", "10G",
	    "10630045kB", "10138MiB", "2595226", "10630045" },
	{ 10737418239ULL, "10G", "11G", "10485760K", "10240M", "10G",
	    "10737419kB", "10240MiB", "2621440", "10737419" },
	{ 10737418240ULL, "10G", "11G", "10485760K", "10240M", "10G",
	    "10737419kB", "10240MiB", "2621440", "10737419" },
	{ 10737418241ULL, "11G", "11G", "10485761K", "10241M", "11G",
	    "10737419kB", "10241MiB", "2621441", "10737419" },
	{ 999000000000ULL, "931G", "999G", "975585938K", "952721M", "931G",
	    "999000000kB", "952721MiB", "243896485", "999000000" },
	{ 999500000000ULL, "931G", "1.0T", "976074219K", "953198M", "931G",
	    "999500000kB", "953198MiB", "244018555", "999500000" },
	{ 999999999999ULL, "932G", "1.0T", "976562500K", "953675M", "932G",
	    "1000000000kB", "953675MiB", "244140625", "1000000000" },
	{ 1000000000000ULL, "932G", "1.0T", "976562500K", "953675M", "932G",
	    "1000000000kB", "953675MiB", "244140625", "1000000000" },
	{ 1000000000001ULL, "932G", "1.1T", "976562501K", "953675M", "932G",
	    "1000000001kB", "953675MiB", "244140626", "1000000001" },
	{ 1098437885952ULL, "1023G", "1.1T", "1072693248K", "1047552M", "1023G",
	    "1098437886kB", "1047552MiB", "268173312", "1098437886" },
	{ 1098974756864ULL, "1.0T", "1.1T", "1073217536K", "1048064M", "1024G",
	    "1098974757kB", "1048064MiB", "268304384", "1098974757" },
	{ 1099511627775ULL, "1.0T", "1.1T", "1073741824K", "1048576M", "1024G",
	    "1099511628kB", "1048576MiB", "268435456", "1099511628" },
	{ 1099511627776ULL, "1.0T", "1.1T", "1073741824K", "1048576M", "1024G",
	    "1099511628kB", "1048576MiB", "268435456", "1099511628" },
	{ 1099511627777ULL, "1.1T", "1.1T", "1073741825K", "1048577M", "1025G",
	    "1099511628kB", "1048577MiB", "268435457", "1099511628" },
	{ 1500000000000ULL, "1.4T", "1.5T", "1464843750K", "1430512M", "1397G",
	    "1500000000kB", "1430512MiB", "366210938", "1500000000" },
	{ 1500000000001ULL, "1.4T", "1.6T", "1464843751K", "1430512M", "1397G",
	    "1500000001kB", "1430512MiB", "366210938", "1500000001" },
	{ 1649267441664ULL, "1.5T", "1.7T", "1610612736K", "1572864M", "1536G",
	    "1649267442kB", "1572864MiB", "402653184", "1649267442" },
	{ 1649267441665ULL, "1.6T", "1.7T", "1610612737K", "1572865M", "1537G",
	    "1649267442kB", "1572865MiB", "402653185", "1649267442" },
	{ 9900000000000ULL, "9.1T", "9.9T", "9667968750K", "9441376M", "9221G",
	    "9900000000kB", "9441376MiB", "2416992188", "9900000000" },
	{ 9900000000001ULL, "9.1T", "10T", "9667968751K", "9441376M", "9221G",
	    "9900000001kB", "9441376MiB", "2416992188", "9900000001" },
	{ 9999999999999ULL, "9.1T", "10T", "9765625000K", "9536744M", "9314G",
	    "10000000000kB", "9536744MiB", "2441406250", "10000000000" },
	{ 10000000000000ULL, "9.1T", "10T", "9765625000K", "9536744M", "9314G",
	    "10000000000kB", "9536744MiB", "2441406250", "10000000000" },
	{ 10000000000001ULL, "9.1T", "11T", "9765625001K", "9536744M", "9314G",
	    "10000000001kB", "9536744MiB", "2441406251", "10000000001" },
	{ 10885165114982ULL, "9.9T", "11T", "10630044058K", "10380903M",
	    "10138G", "10885165115kB", "10380903MiB", "2657511015",
	    "10885165115" },
	{ 10885165114983ULL, "10T", "11T", "10630044058K", "10380903M",
	    "10138G", "10885165115kB", "10380903MiB", "2657511015",
	    "10885165115" },
	{ 10995116277759ULL, "10T", "11T", "10737418240K", "10485760M",
	    "10240G", "10995116278kB", "10485760MiB", "2684354560",
	    "10995116278" },
	{ 10995116277760ULL, "10T", "11T", "10737418240K", "10485760M",
	    "10240G", "10995116278kB", "10485760MiB", "2684354560",
	    "10995116278" },
	{ 10995116277761ULL, "11T", "11T", "10737418241K", "10485761M",
	    "10241G", "10995116278kB", "10485761MiB", "2684354561",
	    "10995116278" },
	{ 999000000000000ULL, "909T", "999T", "975585937500K", "952720643M",
	    "930392G", "999000000000kB", "952720643MiB", "243896484375",
	    "999000000000" },
	{ 999500000000000ULL, "910T", "1.0P", "976074218750K", "953197480M",
	    "930857G", "999500000000kB", "953197480MiB", "244018554688",
	    "999500000000" },
	{ 999999999999999ULL, "910T", "1.0P", "976562500000K", "953674317M",
	    "931323G", "1000000000000kB", "953674317MiB", "244140625000",
	    "1000000000000" },
	{ 1000000000000000ULL, "910T", "1.0P", "976562500000K", "953674317M",
	    "931323G", "1000000000000kB", "953674317MiB", "244140625000",
	    "1000000000000" },
	{ 1000000000000001ULL, "910T", "1.1P", "976562500001K", "953674317M",
	    "931323G", "1000000000001kB", "953674317MiB", "244140625001",
	    "1000000000001" },
	{ 1124800395214848ULL, "1023T", "1.2P", "1098437885952K", "1072693248M",
	    "1047552G", "1124800395215kB", "1072693248MiB", "274609471488",
	    "1124800395215" },
	{ 1125350151028736ULL, "1.0P", "1.2P", "1098974756864K", "1073217536M",
	    "1048064G", "1125350151029kB", "1073217536MiB", "274743689216",
	    "1125350151029" },
	{ 1125899906842623ULL, "1.0P", "1.2P", "1099511627776K", "1073741824M",
	    "1048576G", "1125899906843kB", "1073741824MiB", "274877906944",
	    "1125899906843" },
	{ 1125899906842624ULL, "1.0P", "1.2P", "1099511627776K", "1073741824M",
	    "1048576G", "1125899906843kB", "1073741824MiB", "274877906944",
	    "1125899906843" },
	{ 1125899906842625ULL, "1.1P", "1.2P", "1099511627777K", "1073741825M",
	    "1048577G", "1125899906843kB", "1073741825MiB", "274877906945",
	    "1125899906843" },
	{ 1500000000000000ULL, "1.4P", "1.5P", "1464843750000K", "1430511475M",
	    "1396984G", "1500000000000kB", "1430511475MiB", "366210937500",
	    "1500000000000" },
	{ 1500000000000001ULL, "1.4P", "1.6P", "1464843750001K", "1430511475M",
	    "1396984G", "1500000000001kB", "1430511475MiB", "366210937501",
	    "1500000000001" },
	{ 1688849860263936ULL, "1.5P", "1.7P", "1649267441664K", "1610612736M",
	    "1572864G", "1688849860264kB", "1610612736MiB", "412316860416",
	    "1688849860264" },
	{ 1688849860263937ULL, "1.6P", "1.7P", "1649267441665K", "1610612737M",
	    "1572865G", "1688849860264kB", "1610612737MiB", "412316860417",
	    "1688849860264" },
	{ 9900000000000000ULL, "8.8P", "9.9P", "9667968750000K", "9441375733M",
	    "9220094G", "9900000000000kB", "9441375733MiB", "2416992187500",
	    "9900000000000" },
	{ 9900000000000001ULL, "8.8P", "10P", "9667968750001K", "9441375733M",
	    "9220094G", "9900000000001kB", "9441375733MiB", "2416992187501",
	    "9900000000001" },
	{ 9999999999999999ULL, "8.9P", "10P", "9765625000000K", "9536743165M",
	    "9313226G", "10000000000000kB", "9536743165MiB", "2441406250000",
	    "10000000000000" },
	{ 10000000000000000ULL, "8.9P", "10P", "9765625000000K", "9536743165M",
	    "9313226G", "10000000000000kB", "9536743165MiB", "2441406250000",
	    "10000000000000" },
	{ 10000000000000001ULL, "8.9P", "11P", "9765625000001K", "9536743165M",
	    "9313226G", "10000000000001kB", "9536743165MiB", "2441406250001",
	    "10000000000001" },
	{ 11146409077741977ULL, "9.9P", "12P", "10885165114983K",
	    "10630044058M", "10380903G", "11146409077742kB", "10630044058MiB",
	    "2721291278746", "11146409077742" },
	{ 11146409077741978ULL, "10P", "12P", "10885165114983K", "10630044058M",
	    "10380903G", "11146409077742kB", "10630044058MiB", "2721291278746",
	    "11146409077742" },
	{ 11258999068426239ULL, "10P", "12P", "10995116277760K", "10737418240M",
	    "10485760G", "11258999068427kB", "10737418240MiB", "2748779069440",
	    "11258999068427" },
	{ 11258999068426240ULL, "10P", "12P", "10995116277760K", "10737418240M",
	    "10485760G", "11258999068427kB", "10737418240MiB", "2748779069440",
	    "11258999068427" },
	{ 11258999068426241ULL, "11P", "12P", "10995116277761K", "10737418241M",
	    "10485761G", "11258999068427kB", "10737418241MiB", "2748779069441",
	    "11258999068427" },
	{ 999000000000000000ULL, "888P", "999P", "975585937500000K",
	    "952720642090M", "930391253G", "999000000000000kB",
	    "952720642090MiB", "243896484375000", "999000000000000" },
	{ 999500000000000000ULL, "888P", "1.0E", "976074218750000K",
	    "953197479249M", "930856914G", "999500000000000kB",
	    "953197479249MiB", "244018554687500", "999500000000000" },
	{ 999999999999999999ULL, "889P", "1.0E", "976562500000000K",
	    "953674316407M", "931322575G", "1000000000000000kB",
	    "953674316407MiB", "244140625000000", "1000000000000000" },
	{ 1000000000000000000ULL, "889P", "1.0E", "976562500000000K",
	    "953674316407M", "931322575G", "1000000000000000kB",
	    "953674316407MiB", "244140625000000", "1000000000000000" },
	{ 1000000000000000001ULL, "889P", "1.1E", "976562500000001K",
	    "953674316407M", "931322575G", "1000000000000001kB",
	    "953674316407MiB", "244140625000001", "1000000000000001" },
	{ 1151795604700004352ULL, "1023P", "1.2E", "1124800395214848K",
	    "1098437885952M", "1072693248G", "1151795604700005kB",
	    "1098437885952MiB", "281200098803712", "1151795604700005" },
	{ 1152358554653425664ULL, "1.0E", "1.2E", "1125350151028736K",
	    "1098974756864M", "1073217536G", "1152358554653426kB",
	    "1098974756864MiB", "281337537757184", "1152358554653426" },
	{ 1152921504606846975ULL, "1.0E", "1.2E", "1125899906842624K",
	    "1099511627776M", "1073741824G", "1152921504606847kB",
	    "1099511627776MiB", "281474976710656", "1152921504606847" },
	{ 1152921504606846976ULL, "1.0E", "1.2E", "1125899906842624K",
	    "1099511627776M", "1073741824G", "1152921504606847kB",
	    "1099511627776MiB", "281474976710656", "1152921504606847" },
	{ 1152921504606846977ULL, "1.1E", "1.2E", "1125899906842625K",
	    "1099511627777M", "1073741825G", "1152921504606847kB",
	    "1099511627777MiB", "281474976710657", "1152921504606847" },
	{ 1500000000000000000ULL, "1.4E", "1.5E", "1464843750000000K",
	    "1430511474610M", "1396983862G", "1500000000000000kB",
	    "1430511474610MiB", "366210937500000", "1500000000000000" },
	{ 1500000000000000001ULL, "1.4E", "1.6E", "1464843750000001K",
	    "1430511474610M", "1396983862G", "1500000000000001kB",
	    "1430511474610MiB", "366210937500001", "1500000000000001" },
	{ 1729382256910270464ULL, "1.5E", "1.8E", "1688849860263936K",
	    "1649267441664M", "1610612736G", "1729382256910271kB",
	    "1649267441664MiB", "422212465065984", "1729382256910271" },
	{ 1729382256910270465ULL, "1.6E", "1.8E", "1688849860263937K",
	    "1649267441665M", "1610612737G", "1729382256910271kB",
	    "1649267441665MiB", "422212465065985", "1729382256910271" },
	{ 9223372036854775807ULL, "8.0E", "9.3E", "9007199254740992K",
	    "8796093022208M", "8589934592G", "9223372036854776kB",
	    "8796093022208MiB", "2251799813685248", "9223372036854776" },
};

/* Formats bytes as `du -B spec` would, through the public functions. */
static const char *
fmt_b(unsigned long long bytes, const char *spec, char *buf)
{
	char suffix[UNITS_SUFFIX_MAX];
	unsigned long long block;

	assert_int_equal(units_parse_block_size(spec, &block, NULL), 0);
	return units_format_blocks(
	    bytes, block, units_block_suffix(spec, suffix), buf);
}

static void
test_du_table(void **state)
{
	char buf[UNITS_HUMAN_MAX], b1[UNITS_HUMAN_MAX];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(du_table) / sizeof(du_table[0]); i++) {
		const struct du_row *r = &du_table[i];

		print_message("%llu\n", r->bytes);
		assert_string_equal(units_format_human(r->bytes, 0, buf), r->h);
		assert_string_equal(
		    units_format_human(r->bytes, 1, buf), r->si);
		assert_string_equal(fmt_b(r->bytes, "K", buf), r->bk);
		assert_string_equal(fmt_b(r->bytes, "M", buf), r->bm);
		assert_string_equal(fmt_b(r->bytes, "G", buf), r->bg);
		assert_string_equal(fmt_b(r->bytes, "KB", buf), r->bkb);
		assert_string_equal(fmt_b(r->bytes, "MiB", buf), r->bmib);
		assert_string_equal(fmt_b(r->bytes, "4K", buf), r->b4k);
		assert_string_equal(fmt_b(r->bytes, "1000", buf), r->b1000);
		snprintf(b1, sizeof(b1), "%llu", r->bytes); /* du -B1 */
		assert_string_equal(
		    units_format_blocks(r->bytes, 1, NULL, buf), b1);
	}
}

/* Beyond what a file can be: 2^64-1 still formats without overflow. */
static void
test_format_max(void **state)
{
	char buf[UNITS_HUMAN_MAX];

	(void)state;
	assert_string_equal(units_format_human(UINT64_MAX, 0, buf), "16E");
	assert_string_equal(units_format_human(UINT64_MAX, 1, buf), "19E");
	assert_string_equal(units_format_blocks(UINT64_MAX, 1024, "K", buf),
	    "18014398509481984K");
}

static void
test_all_digits(void **state)
{
	(void)state;
	assert_true(units_all_digits("0"));
	assert_true(units_all_digits("1234567890"));
	assert_false(units_all_digits(""));
	assert_false(units_all_digits("+1"));
	assert_false(units_all_digits("12a"));
	assert_false(units_all_digits(" 1"));
}

/* --since: systemd's spans with s, m, h, d; nothing else. */
static void
test_duration(void **state)
{
	static const struct {
		const char *in;
		unsigned long long want; /* 0: an error */
		const char *msg;
	} cases[] = {
		{ "90", 90, NULL },
		{ "30s", 30, NULL },
		{ "15m", 900, NULL },
		{ "6h", 21600, NULL },
		{ "2d", 172800, NULL },
		{ "1h30m", 5400, NULL },
		{ "1d1h1m1s", 90061, NULL },
		{ "007m", 420, NULL },
		{ "", 0, "invalid duration '' (units s, m, h, d)" },
		{ "6x", 0, "invalid duration '6x' (units s, m, h, d)" },
		{ "h", 0, "invalid duration 'h' (units s, m, h, d)" },
		{ "1h30", 0, "invalid duration '1h30' (units s, m, h, d)" },
		{ "-1h", 0, "invalid duration '-1h' (units s, m, h, d)" },
		{ " 1h", 0, "invalid duration ' 1h' (units s, m, h, d)" },
		{ "1.5h", 0, "invalid duration '1.5h' (units s, m, h, d)" },
		{ "1H", 0, "invalid duration '1H' (units s, m, h, d)" },
		{ "0s", 0, "invalid duration '0s' (at least 1s)" },
		{ "36600d", 36600ULL * 86400, NULL },
		{ "36601d", 0, "duration '36601d' too large" },
		{ "99999999999999999999s", 0,
		    "duration '99999999999999999999s' too large" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct hr_error err = HR_ERROR_INIT;
		unsigned long long v = 0;
		int rc = units_parse_duration(cases[i].in, &v, &err);

		if (cases[i].msg == NULL) {
			assert_int_equal(rc, 0);
			assert_int_equal(v, cases[i].want);
		} else {
			assert_int_equal(rc, -1);
			assert_string_equal(err.msg, cases[i].msg);
		}
		hr_error_release(&err);
	}
}

static void
test_format_duration(void **state)
{
	char buf[UNITS_DURATION_MAX];

	(void)state;
	assert_string_equal(units_format_duration(0, buf), "0 s");
	assert_string_equal(units_format_duration(45.9, buf), "45 s");
	assert_string_equal(units_format_duration(60, buf), "1 min");
	assert_string_equal(units_format_duration(754, buf), "12 min 34 s");
	assert_string_equal(units_format_duration(7500, buf), "2 h 5 min");
	assert_string_equal(units_format_duration(3600, buf), "1 h");
	assert_string_equal(units_format_duration(273600, buf), "3 d 4 h");
	assert_string_equal(units_format_duration(-5, buf), "0 s");
	assert_string_equal(units_format_duration(1e300, buf), "11574074074 d");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_all_digits),
		cmocka_unit_test(test_logrotate_size),
		cmocka_unit_test(test_block_size),
		cmocka_unit_test(test_null_err),
		cmocka_unit_test(test_round_trips),
		cmocka_unit_test(test_block_suffix),
		cmocka_unit_test(test_du_table),
		cmocka_unit_test(test_format_max),
		cmocka_unit_test(test_duration),
		cmocka_unit_test(test_format_duration),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
