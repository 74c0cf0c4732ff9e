/*
 * units: sizes in logrotate's and du's dialects.
 *
 * Both dialects were measured against the real programs on Debian 12
 * (logrotate 3.21.0, coreutils 9.1); tests/unit/test_units.c holds the
 * tables and says how each row was obtained.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/units.h"
#include "lib/xalloc.h"

/* du's power letters; index 0 is exponent 1. */
static const char power_letters[] = "KMGTPEZY";

int
units_parse_logrotate_size(
    const char *s, unsigned long long *out, struct hr_error *err)
{
	unsigned long long mult = 1, v;
	size_t len = strlen(s);
	char *num, *end;
	char unit;
	int rc = 0;

	if (len == 0)
		return hr_error_set(err, 0, NULL, 0, "bad size ''");
	unit = s[len - 1];
	if (unit == 'k' || unit == 'K')
		mult = 1024;
	else if (unit == 'M')
		mult = 1024 * 1024;
	else if (unit == 'G')
		mult = 1024 * 1024 * 1024;
	else if (!isdigit((unsigned char)unit))
		return hr_error_set(err, 0, NULL, 0, "unknown unit '%c'", unit);
	num = xstrndup(s, mult != 1 ? len - 1 : len);
	/*
	 * As logrotate 3.21: strtoull (ULLONG_MAX on overflow, "-1" wraps),
	 * the product wraps too, and the result must fit a long long.
	 */
	v = strtoull(num, &end, 0) * mult;
	if (*end != '\0' || v > (unsigned long long)LLONG_MAX)
		rc = hr_error_set(err, 0, NULL, 0, "bad size '%s'", num);
	else
		*out = v;
	free(num);
	return rc;
}

/* The exponent of a du suffix letter, or 0 when it is not one. */
static int
suffix_power(char c)
{
	switch (c) {
	case 'k':
	case 'K':
		return 1;
	case 'm':
	case 'M':
		return 2;
	case 'g':
	case 'G':
		return 3;
	case 't':
	case 'T':
		return 4;
	case 'P':
		return 5;
	case 'E':
		return 6;
	case 'Z':
		return 7;
	case 'Y':
		return 8;
	default:
		return 0;
	}
}

/* *v *= base^power; returns -1 (and saturates) on overflow. */
static int
scale(unsigned long long *v, unsigned base, int power)
{
	int over = 0;

	while (power-- > 0) {
		if (*v > ULLONG_MAX / base) {
			*v = ULLONG_MAX;
			over = 1;
		} else {
			*v *= base;
		}
	}
	return over ? -1 : 0;
}

/* Skips the grouping quote and blanks du allows before the number. */
static const char *
block_spec_start(const char *s)
{
	if (*s == '\'')
		s++;
	while (isspace((unsigned char)*s))
		s++;
	return s;
}

int
units_parse_block_size(
    const char *s, unsigned long long *out, struct hr_error *err)
{
	const char *p = block_spec_start(s);
	unsigned long long v;
	unsigned base = 1024;
	int power, over;
	char *end;

	if (*p == '-')
		goto invalid;
	errno = 0;
	v = strtoull(p, &end, 0);
	over = errno == ERANGE;
	if (end == p) {
		/* du takes a lone suffix as 1 of it, lower-case e p y z too. */
		if (*p == '\0' || strchr("eEgGkKmMpPtTyYzZ", *p) == NULL)
			goto invalid;
		v = 1;
	}
	if (*end != '\0') {
		power = suffix_power(*end);
		if (power == 0)
			goto bad_suffix;
		if (end[1] == 'i' && end[2] == 'B') {
			end += 3;
		} else if (end[1] == 'B' || end[1] == 'D') {
			base = 1000;
			end += 2;
		} else {
			end++;
		}
		if (*end != '\0')
			goto bad_suffix;
		if (scale(&v, base, power) < 0)
			over = 1;
	}
	if (over)
		return hr_error_set(
		    err, 0, NULL, 0, "-B argument '%s' too large", s);
	if (v == 0)
		goto invalid;
	*out = v;
	return 0;
invalid:
	return hr_error_set(err, 0, NULL, 0, "invalid -B argument '%s'", s);
bad_suffix:
	return hr_error_set(
	    err, 0, NULL, 0, "invalid suffix in -B argument '%s'", s);
}

char *
units_block_suffix(const char *s, char *buf)
{
	const char *p = block_spec_start(s);
	size_t len = strlen(p);
	unsigned long long block, power = 1;
	int e = 0, b_suffix, base_1024;
	char *q = buf;

	*q = '\0';
	if (len == 0 || isdigit((unsigned char)*p) ||
	    units_parse_block_size(s, &block, NULL) < 0)
		return buf;
	/* As du: "B" last means bytes, base 1000 unless it reads "iB". */
	b_suffix = p[len - 1] == 'B';
	base_1024 = !b_suffix || (len >= 2 && p[len - 2] == 'i');
	while (power < block && e < 8) {
		e++;
		if (power > ULLONG_MAX / (base_1024 ? 1024 : 1000))
			break;
		power *= base_1024 ? 1024 : 1000;
	}
	if (e > 0)
		*q++ = !base_1024 && e == 1 ? 'k' : power_letters[e - 1];
	if (b_suffix) {
		if (base_1024 && e > 0)
			*q++ = 'i';
		*q++ = 'B';
	}
	*q = '\0';
	return buf;
}

/*
 * du -h: divide by base until the integer part is below it, keeping the
 * tenths digit and whether anything nonzero was dropped below it, so the
 * final rounding up is exact.
 */
char *
units_format_human(unsigned long long bytes, int si, char *buf)
{
	unsigned base = si ? 1000 : 1024;
	unsigned long long amt = bytes;
	unsigned tenths = 0, r10;
	int e = 0, inexact = 0;

	if (amt < base) {
		snprintf(buf, UNITS_HUMAN_MAX, "%llu", amt);
		return buf;
	}
	while (amt >= base) {
		r10 = (unsigned)(amt % base) * 10 + tenths;
		amt /= base;
		tenths = r10 / base;
		inexact |= r10 % base != 0;
		e++;
	}
	if (amt < 10) {
		if (inexact && ++tenths == 10) {
			amt++;
			tenths = 0;
		}
		if (amt < 10) {
			snprintf(buf, UNITS_HUMAN_MAX, "%llu.%u%c", amt, tenths,
			    si && e == 1 ? 'k' : power_letters[e - 1]);
			return buf;
		}
	} else if (tenths || inexact) {
		amt++;
		if (amt == base) {
			/* 1023.5K is shown as 1.0M. */
			snprintf(
			    buf, UNITS_HUMAN_MAX, "1.0%c", power_letters[e]);
			return buf;
		}
	}
	snprintf(buf, UNITS_HUMAN_MAX, "%llu%c", amt,
	    si && e == 1 ? 'k' : power_letters[e - 1]);
	return buf;
}

char *
units_format_blocks(unsigned long long bytes, unsigned long long block,
    const char *suffix, char *buf)
{
	unsigned long long n = bytes / block + (bytes % block != 0);

	snprintf(buf, UNITS_HUMAN_MAX, "%llu%s", n, suffix ? suffix : "");
	return buf;
}

int
units_all_digits(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

/* Seconds in one of the units units_parse_duration takes, or 0. */
static unsigned long long
duration_unit(char c)
{
	switch (c) {
	case 's':
		return 1;
	case 'm':
		return 60;
	case 'h':
		return 3600;
	case 'd':
		return 86400;
	default:
		return 0;
	}
}

int
units_parse_duration(
    const char *s, unsigned long long *out, struct hr_error *err)
{
	/* 100 years: anything longer is a typing error. */
	const unsigned long long max = 100ULL * 366 * 86400;
	unsigned long long total = 0, v, unit;
	const char *p = s;
	int first = 1;

	do {
		if (*p < '0' || *p > '9')
			goto bad;
		for (v = 0; *p >= '0' && *p <= '9'; p++) {
			v = v * 10 + (unsigned long long)(*p - '0');
			if (v > max)
				goto large;
		}
		/* Bare digits are seconds alone: "1h30" is no duration. */
		unit =
		    *p == '\0' && total == 0 && first ? 1 : duration_unit(*p);
		first = 0;
		if (unit == 0)
			goto bad;
		if (*p != '\0')
			p++;
		if (v > max / unit || (total += v * unit) > max)
			goto large;
	} while (*p != '\0');
	if (total == 0)
		return hr_error_set(
		    err, 0, NULL, 0, "invalid duration '%s' (at least 1s)", s);
	*out = total;
	return 0;
bad:
	return hr_error_set(
	    err, 0, NULL, 0, "invalid duration '%s' (units s, m, h, d)", s);
large:
	return hr_error_set(err, 0, NULL, 0, "duration '%s' too large", s);
}

char *
units_format_duration(double seconds, char *buf)
{
	static const struct {
		double len;
		const char *name;
	} u[] = { { 86400, "d" }, { 3600, "h" }, { 60, "min" }, { 1, "s" } };
	size_t i;
	double big, small;

	if (!(seconds >= 0) || seconds > 1e15)
		seconds = seconds > 1e15 ? 1e15 : 0;
	for (i = 0; i + 1 < sizeof(u) / sizeof(u[0]); i++)
		if (seconds >= u[i].len)
			break;
	big = (double)(unsigned long long)(seconds / u[i].len);
	if (i + 1 == sizeof(u) / sizeof(u[0])) {
		snprintf(buf, UNITS_DURATION_MAX, "%.0f s", big);
		return buf;
	}
	small = (double)(unsigned long long)((seconds - big * u[i].len) /
	    u[i + 1].len);
	if (small > 0 && big < 100)
		snprintf(buf, UNITS_DURATION_MAX, "%.0f %s %.0f %s", big,
		    u[i].name, small, u[i + 1].name);
	else
		snprintf(buf, UNITS_DURATION_MAX, "%.0f %s", big, u[i].name);
	return buf;
}
