/*
 * clock: the monotonic clock (see clock.h).
 */
#include "config.h"

#include <time.h>

#include "lib/clock.h"

uint64_t
hr_mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

double
hr_mono_seconds(void)
{
	return (double)hr_mono_ns() / 1e9;
}
