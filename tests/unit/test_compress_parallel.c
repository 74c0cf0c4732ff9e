/*
 * test_compress_parallel: many compressions at once on lib/pool, one file
 * on many workers (gzip members of COMPRESS_CHUNK bytes) at every level,
 * and xz's and zstd's own threads.
 */
#include "config.h"

#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/wait.h>
#include <sys/xattr.h>

#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <linux/magic.h>
#include <zlib.h>

#include "lib/diag.h"
#include "lib/pool.h"
#include "lib/sbuf.h"
#include "lib/xalloc.h"
#include "rotate/compress.h"
#include "rotate/compress_int.h"
#include "tests/unit/compress_test_util.h"
#include "tests/unit/unit_util.h"

/* Section 1: many jobs at once on lib/pool. */

struct job {
	const struct compressor *c;
	char *src, *dst;
	int ret;
};

static void
job_run(void *arg, void *ctx)
{
	struct job *j = arg;

	(void)ctx;
	j->ret = compress_file(j->c, j->src, j->dst, NULL, NULL);
}

static void
test_concurrent(void **state)
{
	enum { NJOBS = 12, NCODECS = 3 };
	static const char *const check[NCODECS] = { "cat", "gzip -dc",
		"zstd -dc" };
	struct fixture *f = *state;
	struct compressor codecs[NCODECS];
	struct job jobs[NJOBS];
	struct pool *p = pool_new(4, NULL, 0);
	int i;

	/* An external program, zlib and libarchive side by side. */
	lookup("/bin/cat", WORDS("-u"), &codecs[0]);
	lookup("gzip", NULL, &codecs[1]);
	lookup("zstd", NULL, &codecs[2]);
	for (i = 0; i < NJOBS; i++) {
		jobs[i].c = &codecs[i % NCODECS];
		jobs[i].src = xasprintf("%s/j%d.log", f->dir, i);
		jobs[i].dst = xasprintf("%s/j%d.log.out", f->dir, i);
		write_log(jobs[i].src, 200000 + (size_t)i * 1000, 20 + i);
		pool_submit(p, job_run, &jobs[i]);
	}
	pool_wait(p);
	pool_free(p);
	for (i = 0; i < NJOBS; i++) {
		assert_int_equal(jobs[i].ret, 0);
		assert_int_equal(
		    run_shell("%s < '%s' | cmp -s - '%s'", check[i % NCODECS],
		        jobs[i].dst, jobs[i].src),
		    0);
		free(jobs[i].src);
		free(jobs[i].dst);
	}
	assert_int_equal(count_entries(f->dir), 2 * NJOBS);
}

/*
 * Section 2: one file on many workers.  A file is cut into chunks of
 * COMPRESS_CHUNK bytes, each a gzip member; checked with zlib (an
 * independent inflater that counts members), gzip -t, gzip -l and zcat.
 */

/* The number of gzip members in path, or -1 when it does not inflate. */
static long
count_members(const char *path)
{
	size_t len;
	char *data = read_file(path, &len);
	unsigned char out[65536];
	z_stream zs;
	long members = 0;
	int zr = Z_OK;

	memset(&zs, 0, sizeof(zs));
	assert_int_equal(inflateInit2(&zs, 15 + 16), Z_OK);
	zs.next_in = (unsigned char *)data;
	zs.avail_in = (uInt)len;
	while (zs.avail_in > 0) {
		zs.next_out = out;
		zs.avail_out = sizeof(out);
		zr = inflate(&zs, Z_NO_FLUSH);
		if (zr == Z_STREAM_END) {
			members++;
			inflateReset(&zs);
		} else if (zr != Z_OK) {
			break;
		}
	}
	inflateEnd(&zs);
	free(data);
	return zr == Z_STREAM_END ? members : -1;
}

/*
 * Compresses a log of size bytes with a pool of nworkers (0: none) and
 * checks the output and the bound on chunks held in memory.
 */
static void
check_chunks(struct fixture *f, size_t size, unsigned nworkers)
{
	char *src = path_in(f, "c.log.1"), *dst = path_in(f, "c.log.1.gz");
	struct compress_opts o = COMPRESS_OPTS_INIT;
	struct compress_stats st = { 0 };
	size_t want = size ? (size + COMPRESS_CHUNK - 1) / COMPRESS_CHUNK : 1;
	struct compressor c;

	write_log(src, size, 30 + size % 7);
	lookup(NULL, NULL, &c);
	o.pool = nworkers ? pool_new(nworkers, NULL, 0) : NULL;
	o.stats = &st;
	compress_ok(&c, src, dst, &o);
	pool_free(o.pool);
	print_message("%zu bytes, %u workers: %zu chunks, at most %zu in "
	              "memory, %zu by helpers\n",
	    size, nworkers, st.chunks, st.peak_chunks, st.by_helpers);
	assert_int_equal(st.chunks, want);
	assert_int_equal(count_members(dst), (long)want);
	assert_true(st.peak_chunks >= 1);
	assert_true(st.peak_chunks <= COMPRESS_MAX_CHUNKS(nworkers));
	if (nworkers == 0)
		assert_int_equal(st.by_helpers, 0);
	assert_int_equal(run_shell("gzip -t '%s'", dst), 0);
	assert_int_equal(run_shell("zcat '%s' | cmp -s - '%s'", dst, src), 0);
	/* One member: gzip -l reads the size from its trailer. */
	if (want == 1)
		assert_int_equal(run_shell("gzip -l '%s' | awk 'NR == 2 "
		                           "{ exit $2 != %zu }'",
		                     dst, size),
		    0);
	assert_int_equal(unlink(dst), 0);
	assert_int_equal(unlink(src), 0);
	free(src);
	free(dst);
}

static void
test_chunks(void **state)
{
	struct fixture *f = *state;

	check_chunks(f, 0, 2);
	check_chunks(f, 1000, 2);
	check_chunks(f, COMPRESS_CHUNK, 2);
	check_chunks(f, COMPRESS_CHUNK + 1, 2);
	check_chunks(f, 5 * COMPRESS_CHUNK + COMPRESS_CHUNK / 2, 2);
	check_chunks(f, 5 * COMPRESS_CHUNK + COMPRESS_CHUNK / 2, 0);
	check_chunks(f, 9 * COMPRESS_CHUNK + 1, 4);
}

/*
 * A pool of more workers than cpus: one file's chunks are compressed by
 * at most cpus threads at once (the caller and cpus - 1 helpers), and
 * the output is whole.
 */
static void
test_chunks_cpus(void **state)
{
	struct fixture *f = *state;
	char *src = path_in(f, "u.log.1"), *dst = path_in(f, "u.log.1.gz");
	struct compress_opts o = COMPRESS_OPTS_INIT;
	struct compress_stats st = { 0 };
	struct compressor c;
	unsigned cpus;

	write_log(src, 12 * COMPRESS_CHUNK, 41);
	lookup(NULL, NULL, &c);
	o.pool = pool_new(6, NULL, 0);
	o.stats = &st;
	for (cpus = 1; cpus <= 3; cpus++) {
		o.cpus = cpus;
		compress_ok(&c, src, dst, &o);
		print_message("cpus %u: at most %u helpers, %zu chunks by "
		              "helpers\n",
		    cpus, st.peak_helpers, st.by_helpers);
		assert_true(st.peak_helpers <= cpus - 1);
		if (cpus == 1)
			assert_int_equal(st.by_helpers, 0);
		assert_int_equal(count_members(dst), 12);
		assert_int_equal(
		    run_shell("zcat '%s' | cmp -s - '%s'", dst, src), 0);
		assert_int_equal(unlink(dst), 0);
	}
	pool_free(o.pool);
	assert_int_equal(unlink(src), 0);
	free(src);
	free(dst);
}

/* Many files at once, each of several chunks, on one pool. */
struct chunk_job {
	const struct compressor *c;
	struct pool *pool;
	char *src, *dst;
	struct compress_stats st;
	int ret;
};

static void
chunk_job_run(void *arg, void *ctx)
{
	struct chunk_job *j = arg;
	struct compress_opts o = COMPRESS_OPTS_INIT;

	(void)ctx;
	o.pool = j->pool;
	o.stats = &j->st;
	j->ret = compress_file(j->c, j->src, j->dst, &o, NULL);
}

static void
test_chunks_shared_pool(void **state)
{
	enum { NJOBS = 6, NWORKERS = 3 };
	struct fixture *f = *state;
	struct chunk_job jobs[NJOBS];
	struct pool *p = pool_new(NWORKERS, NULL, 0);
	struct compressor c;
	int i;

	lookup("gzip", WORDS("-1"), &c);
	for (i = 0; i < NJOBS; i++) {
		memset(&jobs[i], 0, sizeof(jobs[i]));
		jobs[i].c = &c;
		jobs[i].pool = p;
		jobs[i].src = xasprintf("%s/s%d.log", f->dir, i);
		jobs[i].dst = xasprintf("%s/s%d.log.gz", f->dir, i);
		write_log(jobs[i].src,
		    (size_t)(i + 1) * COMPRESS_CHUNK - (size_t)i, 40 + i);
	}
	for (i = 0; i < NJOBS; i++)
		pool_submit(p, chunk_job_run, &jobs[i]);
	pool_wait(p);
	pool_free(p);
	for (i = 0; i < NJOBS; i++) {
		assert_int_equal(jobs[i].ret, 0);
		assert_int_equal(jobs[i].st.chunks, (size_t)i + 1);
		assert_true(
		    jobs[i].st.peak_chunks <= COMPRESS_MAX_CHUNKS(NWORKERS));
		assert_int_equal(count_members(jobs[i].dst), i + 1);
		assert_int_equal(run_shell("zcat '%s' | cmp -s - '%s'",
		                     jobs[i].dst, jobs[i].src),
		    0);
		free(jobs[i].src);
		free(jobs[i].dst);
	}
}

/* gzip -1..-9 through compressoptions: the level, XFL and the sizes. */
static void
test_gzip_levels(void **state)
{
	struct fixture *f = *state;
	char *src = path_in(f, "lv.log"), *dst = path_in(f, "lv.log.gz");
	off_t size[10];
	unsigned char h[10];
	char opt[4];
	int level, fd;

	write_log(src, 3 * COMPRESS_CHUNK / 2, 8);
	for (level = 1; level <= 9; level++) {
		struct compressor c;

		snprintf(opt, sizeof(opt), "-%d", level);
		lookup("gzip", WORDS(opt), &c);
		assert_int_equal(c.level, level);
		compress_ok(&c, src, dst, NULL);
		size[level] = file_size(dst);
		fd = open(dst, O_RDONLY);
		assert_int_equal(read(fd, h, sizeof(h)), sizeof(h));
		close(fd);
		assert_int_equal(h[8],
		    level == 9       ? 2
		        : level == 1 ? 4
		                     : 0); /* XFL */
		assert_int_equal(
		    run_shell("zcat '%s' | cmp -s - '%s'", dst, src), 0);
		assert_int_equal(unlink(dst), 0);
	}
	print_message("-1: %jd, -6: %jd, -9: %jd bytes\n", (intmax_t)size[1],
	    (intmax_t)size[6], (intmax_t)size[9]);
	assert_true(size[1] > size[6]);
	assert_true(size[6] > size[9]);
	free(src);
	free(dst);
}

/*
 * gzip chooses its setting on samples of a large log: the fastest whose
 * output is no larger than gzip's.  Compresses src with opts (sample
 * every `every` chunks) on cpus threads and returns the stats; dst is
 * left in place.
 */
static struct compress_stats
sampled(const char *src, const char *dst, unsigned every, unsigned cpus)
{
	struct compress_opts o = COMPRESS_OPTS_INIT;
	struct compress_stats st = { 0 };
	struct compressor c;

	lookup(NULL, NULL, &c);
	o.pool = cpus > 1 ? pool_new(cpus + 1, NULL, 0) : NULL;
	o.cpus = cpus;
	o.stats = &st;
	o.sample_every = every;
	compress_ok(&c, src, dst, &o);
	if (o.pool)
		pool_free(o.pool);
	assert_int_equal(run_shell("zcat '%s' | cmp -s - '%s'", dst, src), 0);
	print_message("%s: %zu samples, %zu chosen again, settings %#x, %jd "
	              "bytes\n",
	    src, st.samples, st.rechosen, st.settings,
	    (intmax_t)file_size(dst));
	return st;
}

/* dst's size over that of `gzip -6` of src, in thousandths. */
static long
per_mille_of_gzip(struct fixture *f, const char *src, const char *dst)
{
	char *ref = path_in(f, "ref.gz");
	long r;

	assert_int_equal(run_shell("gzip -6 -c '%s' > '%s'", src, ref), 0);
	r = (long)(file_size(dst) * 1000 / file_size(ref));
	assert_int_equal(unlink(ref), 0);
	free(ref);
	return r;
}

static void
test_gzip_samples(void **state)
{
	struct fixture *f = *state;
	char *web = path_in(f, "web.log"), *alt = path_in(f, "alt.log"),
	     *mix = path_in(f, "mix.log"), *dst = path_in(f, "out.gz"),
	     *dst3 = path_in(f, "out3.gz");
	const unsigned light = (1u << 6) - 2; /* libdeflate 1..5 */
	struct compress_stats st;

	/* Up to COMPRESS_SAMPLE_MIN chunks: libdeflate at gzip's level. */
	write_log(web, COMPRESS_SAMPLE_MIN * COMPRESS_CHUNK, 51);
	st = sampled(web, dst, 0, 1);
	assert_int_equal(st.samples, 0);
	assert_int_equal(st.settings, 1u << 6);
	assert_int_equal(unlink(dst), 0);
	write_log(web, COMPRESS_SAMPLE_MIN * COMPRESS_CHUNK + 1, 51);
	st = sampled(web, dst, 0, 1);
	assert_int_equal(st.samples, 1);
	assert_int_equal(unlink(dst), 0);

	/* Web lines: a lighter level than 6, still no larger than gzip's,
	 * and no chunk strays from the sample. */
	write_log(web, 12 * COMPRESS_CHUNK, 52);
	st = sampled(web, dst, 0, 1);
	assert_int_equal(st.samples, 1);
	assert_int_equal(st.rechosen, 0);
	assert_int_equal(st.settings & ~light, 0);
	assert_true(per_mille_of_gzip(f, web, dst) <= 1000);
	assert_int_equal(unlink(dst), 0);

	/* Paths: libdeflate alone would be about 8% larger than gzip. */
	write_paths(alt, 12 * COMPRESS_CHUNK, 53);
	st = sampled(alt, dst, 0, 1);
	assert_true(per_mille_of_gzip(f, alt, dst) <= 1010);
	assert_int_equal(unlink(dst), 0);

	/* 1 MiB of web lines, then paths: one sample, on web lines, and
	 * the paths chunks, which stray from it, choose for themselves. */
	write_log(web, COMPRESS_CHUNK, 55);
	write_paths(alt, 11 * COMPRESS_CHUNK, 56);
	assert_int_equal(run_shell("cat '%s' '%s' > '%s'", web, alt, mix), 0);
	st = sampled(mix, dst, 0, 1);
	assert_int_equal(st.samples, 1);
	assert_true(st.rechosen >= 10);
	assert_true(per_mille_of_gzip(f, mix, dst) <= 1010);
	assert_int_equal(unlink(dst), 0);

	/* Web lines, then random bytes: those chunks stray from the sample,
	 * but libdeflate's level 5 stores them in no more than zlib's bytes,
	 * so their output is kept. */
	write_log(web, 9 * COMPRESS_CHUNK, 57);
	write_random(alt, 3 * COMPRESS_CHUNK, 58);
	assert_int_equal(run_shell("cat '%s' '%s' > '%s'", web, alt, mix), 0);
	st = sampled(mix, dst, 0, 1);
	assert_int_equal(st.rechosen, 3);
	assert_int_equal(st.settings, 1u << 5);
	assert_int_equal(unlink(dst), 0);

	/* Paths, then web lines, sampled every 4 chunks (0, 4, 8, 12, 16):
	 * the setting follows the text, and the bytes are the same on one
	 * thread and on three. */
	write_paths(alt, 6 * COMPRESS_CHUNK, 54);
	write_log(web, 12 * COMPRESS_CHUNK, 52);
	assert_int_equal(run_shell("cat '%s' '%s' > '%s'", alt, web, mix), 0);
	st = sampled(mix, dst, 4, 1);
	assert_int_equal(st.samples, 5);
	assert_int_not_equal(st.settings & light, 0);
	assert_int_not_equal(st.settings & ~light, 0);
	assert_true(per_mille_of_gzip(f, mix, dst) <= 1010);
	st = sampled(mix, dst3, 4, 3);
	assert_int_equal(run_shell("cmp -s '%s' '%s'", dst, dst3), 0);
	free(web);
	free(alt);
	free(mix);
	free(dst);
	free(dst3);
}

/* xz -T N: liblzma's multi-threaded encoder (block sizes in headers). */
#define XZ_MT_CHECK                                                            \
	"xz --robot -lvv '%s' | awk -F'\\t' "                                  \
	"'$1 == \"block\" && $13 == \"cu\" { n++ } END { exit n == 0 }'"

static void
test_xz_threads(void **state)
{
	struct fixture *f = *state;
	char *src = path_in(f, "t.log"), *dst = path_in(f, "t.log.xz");
	static const char *const opts[] = { "-T1", "-T2", "-T0" };
	struct compressor c;
	size_t i;

	write_log(src, 3 << 20, 9);
	lookup("xz", NULL, &c);
	compress_ok(&c, src, dst, NULL);
	assert_int_not_equal(run_shell(XZ_MT_CHECK, dst), 0);
	assert_int_equal(unlink(dst), 0);
	for (i = 0; i < sizeof(opts) / sizeof(opts[0]); i++) {
		lookup("xz", WORDS(opts[i]), &c);
		compress_ok(&c, src, dst, NULL);
		assert_int_equal(
		    run_shell("xz -dc '%s' | cmp -s - '%s'", dst, src), 0);
		if ((run_shell(XZ_MT_CHECK, dst) == 0) != (i > 0))
			fail_msg("xz %s: multi-threaded blocks or not, wrong",
			    opts[i]);
		assert_int_equal(unlink(dst), 0);
	}
	lookup("zstd", WORDS("-T2"), &c);
	dst[strlen(dst) - 2] = '\0';
	strcat(dst, "zs");
	compress_ok(&c, src, dst, NULL);
	assert_int_equal(
	    run_shell("zstd -dc '%s' | cmp -s - '%s'", dst, src), 0);
	free(src);
	free(dst);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_concurrent, compress_setup, compress_teardown),
		cmocka_unit_test_setup_teardown(
		    test_chunks, compress_setup, compress_teardown),
		cmocka_unit_test_setup_teardown(
		    test_chunks_cpus, compress_setup, compress_teardown),
		cmocka_unit_test_setup_teardown(
		    test_chunks_shared_pool, compress_setup, compress_teardown),
		cmocka_unit_test_setup_teardown(
		    test_gzip_samples, compress_setup, compress_teardown),
		cmocka_unit_test_setup_teardown(
		    test_gzip_levels, compress_setup, compress_teardown),
		cmocka_unit_test_setup_teardown(
		    test_xz_threads, compress_setup, compress_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
