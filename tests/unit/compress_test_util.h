/*
 * compress_test_util: what the tests of rotate/compress share: a scratch
 * directory per test (the cmocka state), logs and random bytes to
 * compress, and compress_file calls that must succeed or fail.
 */
#ifndef HR_COMPRESS_TEST_UTIL_H
#define HR_COMPRESS_TEST_UTIL_H

#include <sys/types.h>

#include "rotate/compress.h"

struct fixture {
	char *dir;
};

/* A NULL-terminated list of words, as compressoptions is. */
#define WORDS(...) ((char *const *)(const char *const[]){ __VA_ARGS__, NULL })

/* A fixed point in time for mtimes: 2026-11-29 12:00:00 UTC. */
#define FIXED_MTIME 1795953600

/*
 * cmocka setup and teardown: *state is a struct fixture with a fresh
 * directory; teardown also unmounts test_enospc's tmpfs.
 */
int compress_setup(void **state);
int compress_teardown(void **state);
/* f's directory/name (caller frees). */
char *path_in(const struct fixture *f, const char *name);

/* The next number of a reproducible sequence. */
unsigned long rnd(unsigned long *seed);
/* Appends realistic nginx "combined" lines until the file has size bytes. */
void write_log(const char *path, size_t size, unsigned long seed);
/* The same with lines of paths, where libdeflate loses to gzip. */
void write_paths(const char *path, size_t size, unsigned long seed);
/* size random bytes. */
void write_random(const char *path, size_t size, unsigned long seed);
off_t file_size(const char *path);
int exists(const char *path);

/* compressor_lookup that must succeed. */
void lookup(const char *cmd, char *const *opts, struct compressor *c);
/* compress_file must succeed; the error text is shown if it does not. */
void compress_ok(const struct compressor *c, const char *src, const char *dst,
    const struct compress_opts *o);
/* compress_file must fail; returns the error text (caller frees). */
char *compress_fails(const struct compressor *c, const char *src,
    const char *dst, const struct compress_opts *o, int *code);

#endif
