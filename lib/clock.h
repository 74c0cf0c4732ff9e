/*
 * clock: the monotonic clock, the one way headroom measures how long
 * something takes (CLOCK_MONOTONIC: it never jumps with the wall clock).
 */
#ifndef HR_CLOCK_H
#define HR_CLOCK_H

#include <stdint.h>

/* Nanoseconds since an unspecified fixed point. */
uint64_t hr_mono_ns(void);

/* The same clock, in seconds. */
double hr_mono_seconds(void);

#endif
