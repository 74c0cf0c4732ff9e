/*
 * gentext: deterministic content for bench/gentree.  A seeded generator
 * (splitmix64 to seed, xoshiro256** to draw) and writers of realistic
 * text: nginx "combined" access lines, error lines, application and
 * docker json-file lines, JavaScript-like source, package manager lines.  The same seed always
 * gives the same bytes, on any machine and with any number of threads.
 */
#ifndef HR_GENTEXT_H
#define HR_GENTEXT_H

#include <stddef.h>
#include <stdint.h>

struct rng {
	uint64_t s[4];
};

enum gentext_kind {
	GT_NGINX,   /* nginx combined access log */
	GT_NGERROR, /* nginx error log */
	GT_APP,     /* application log: time, level, logger, message */
	GT_DOCKER,  /* docker json-file driver lines */
	GT_JS,      /* JavaScript-like source */
	GT_BINARY,  /* incompressible bytes */
	GT_PKG,     /* package manager log: dpkg actions, alternatives links */
};

/* Seeds r from seed and a stream number (units draw independent streams). */
void rng_seed(struct rng *r, uint64_t seed, uint64_t stream);
uint64_t rng_next(struct rng *r);
/* A number in [0, n); n > 0. */
uint64_t rng_below(struct rng *r, uint64_t n);
/* A size of about 2^lo .. 2^hi bytes, log-uniformly spread. */
uint64_t rng_size(struct rng *r, unsigned lo, unsigned hi);

/*
 * Writes lines of kind into buf, at most len bytes, and returns how many
 * it wrote.  With exact, exactly len bytes (len > 0): the last line is cut
 * to fit and still ends in '\n'; without, only whole lines (so a file
 * written in chunks has no cut lines but its last).  GT_BINARY always
 * fills len bytes.  *clock is the time of the next line in seconds since
 * the epoch; it advances with the lines.
 */
size_t gentext_fill(struct rng *r, enum gentext_kind kind, int64_t *clock,
    char *buf, size_t len, int exact);

#endif
