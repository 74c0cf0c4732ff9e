/*
 * gentext: seeded content for bench/gentree.
 *
 * Realism is what makes the rotate benchmark honest: gzip's ratio on these
 * lines must be close to real logs (about 5:1 to 10:1), so the lines draw
 * addresses from a skewed pool, paths from templates with numeric ids,
 * and sizes, statuses and timings from plausible spreads.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "bench/gentext.h"

#define LINE_MAX_LEN 1024

static const char *const methods[] = { "GET", "GET", "GET", "GET", "POST",
	"GET", "HEAD", "PUT", "GET", "DELETE" };
static const char *const paths[] = { "/", "/index.html", "/api/v1/orders/#",
	"/api/v1/users/#/profile", "/static/js/app.#.js",
	"/static/css/main.#.css", "/images/products/#.jpg",
	"/search?q=item#&page=#", "/cart", "/checkout/step/#",
	"/api/v2/inventory/#?fields=price,stock", "/favicon.ico", "/robots.txt",
	"/blog/#/comments", "/login", "/healthz" };
static const char *const agents[] = {
	"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like "
	"Gecko) Chrome/119.0.0.0 Safari/537.36",
	"Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:120.0) Gecko/20100101 "
	"Firefox/120.0",
	"Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) "
	"AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 "
	"Safari/604.1",
	"Mozilla/5.0 (compatible; Googlebot/2.1; "
	"+http://www.google.com/bot.html)",
	"curl/7.88.1", "Prometheus/2.45.0", "python-requests/2.31.0",
	"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 "
	"(KHTML, like Gecko) Version/17.0 Safari/605.1.15"
};
static const char *const referers[] = { "-", "-", "-",
	"https://shop.example.com/", "https://shop.example.com/cart",
	"https://www.google.com/", "https://shop.example.com/search?q=item" };
static const unsigned statuses[] = { 200, 200, 200, 200, 200, 200, 200, 304,
	304, 301, 404, 404, 500, 200, 206, 302 };
static const char *const levels[] = { "INFO", "INFO", "INFO", "DEBUG", "WARN",
	"INFO", "ERROR", "DEBUG" };
static const char *const loggers[] = { "http.server", "db.pool", "worker.queue",
	"auth", "cache", "scheduler", "payments.client" };
static const char *const messages[] = {
	"request completed method=GET path=/api/v1/orders/# status=200 "
	"duration_ms=#",
	"connection acquired pool=primary active=# idle=#",
	"job # finished in # ms", "token refreshed for user # (ttl #s)",
	"cache miss key=product:#, loading from database (# ms)",
	"retrying upstream call attempt=# backoff_ms=#",
	"slow query detected: SELECT * FROM orders WHERE id = # (# ms)",
	"payment # authorised amount=#.00 currency=EUR"
};
static const char *const errors[] = {
	"open() \"/srv/www/static/img/#.png\" failed (2: No such file or "
	"directory)",
	"upstream timed out (110: Connection timed out) while reading response "
	"header from upstream, upstream: \"http://127.0.0.1:#/\"",
	"client intended to send too large body: # bytes",
	"limiting requests, excess: #.# by zone \"api\""
};
static const char *const js[] = { "const @# = require('./lib/@#');\n",
	"module.exports = function @#(options) {\n",
	"  if (!options || typeof options.@# !== 'object') return null;\n",
	"  return Object.assign({}, defaults, { @#: true });\n", "};\n",
	"// %s %u: see the changelog for details\n",
	"export { %s%u as default } from './%s%u.js';\n" };
/* Package manager logs: dpkg's actions and update-alternatives' links. */
static const char *const pkg_actions[] = { "status installed",
	"status unpacked", "status half-configured", "status half-installed",
	"status triggers-pending", "configure", "upgrade", "trigproc" };
static const char *const pkg_names[] = { "libc6", "libssl3", "openssl",
	"libpython3.11-stdlib", "python3.11-minimal", "systemd", "libsystemd0",
	"nginx-common", "libnginx-mod-http-geoip", "postgresql-15", "libpq5",
	"linux-image-6.1.0-28-amd64", "man-db", "ca-certificates",
	"libgnutls30", "tzdata", "libcurl4", "curl" };
static const char *const pkg_dirs[] = { "usr", "lib", "share",
	"x86_64-linux-gnu", "python3", "dist-packages", "systemd", "system",
	"alternatives", "bin", "local", "etc", "man", "man1", "doc" };

static const char *const words[] = { "parse", "format", "merge", "resolve",
	"debounce", "stream", "buffer", "config", "handler", "emit" };

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static uint64_t
splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

void
rng_seed(struct rng *r, uint64_t seed, uint64_t stream)
{
	uint64_t x = seed * 0x2545f4914f6cdd1dULL + stream;
	int i;

	for (i = 0; i < 4; i++)
		r->s[i] = splitmix64(&x);
}

static uint64_t
rotl(uint64_t v, int k)
{
	return (v << k) | (v >> (64 - k));
}

uint64_t
rng_next(struct rng *r)
{
	uint64_t *s = r->s;
	uint64_t out = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return out;
}

uint64_t
rng_below(struct rng *r, uint64_t n)
{
	return rng_next(r) % n;
}

uint64_t
rng_size(struct rng *r, unsigned lo, unsigned hi)
{
	unsigned e = lo + (unsigned)rng_below(r, hi - lo + 1);
	uint64_t base = (uint64_t)1 << e;

	return base + rng_below(r, base);
}

/*
 * Expands a template: each '#' takes the next number of nums, each '@' the
 * next word of ws.  Returns the length written (always < cap).
 */
static size_t
tfmt(char *out, size_t cap, const char *t, const unsigned *nums,
    const char *const *ws)
{
	size_t n = 0;
	int k;

	for (; *t != '\0' && n + 12 < cap; t++) {
		if (*t == '#') {
			k = snprintf(out + n, cap - n, "%u", *nums++);
			n += (size_t)k;
		} else if (*t == '@') {
			k = snprintf(out + n, cap - n, "%s", *ws++);
			n += (size_t)k < cap - n ? (size_t)k : cap - n - 1;
		} else {
			out[n++] = *t;
		}
	}
	out[n] = '\0';
	return n;
}

/* An address from a pool of 512, skewed so a few clients dominate. */
static void
client_addr(struct rng *r, char *out, size_t cap)
{
	uint64_t a = rng_below(r, 512), b = rng_below(r, 512);
	unsigned k = (unsigned)(a < b ? a : b) * 2654435761u;

	snprintf(out, cap, "%u.%u.%u.%u", 10 + (k >> 24) % 200, (k >> 16) & 255,
	    (k >> 8) & 255, 1 + k % 254);
}

static size_t
nginx_line(struct rng *r, const struct tm *tm, char *line)
{
	char addr[16], path[128], when[32];
	unsigned id = (unsigned)rng_size(r, 4, 16);
	unsigned st = statuses[rng_below(r, NELEM(statuses))];
	unsigned bytes = st == 304 ? 0 : (unsigned)rng_size(r, 6, 16);
	int n;

	client_addr(r, addr, sizeof(addr));
	unsigned nums[2] = { id, (unsigned)rng_below(r, 9) + 1 };

	tfmt(path, sizeof(path), paths[rng_below(r, NELEM(paths))], nums, NULL);
	strftime(when, sizeof(when), "%d/%b/%Y:%H:%M:%S +0000", tm);
	n = snprintf(line, LINE_MAX_LEN,
	    "%s - - [%s] \"%s %s HTTP/1.1\" %u %u \"%s\" \"%s\"\n", addr, when,
	    methods[rng_below(r, NELEM(methods))], path, st, bytes,
	    referers[rng_below(r, NELEM(referers))],
	    agents[rng_below(r, NELEM(agents))]);
	return (size_t)n;
}

static size_t
nginx_error_line(struct rng *r, const struct tm *tm, char *line)
{
	char when[32], msg[256], addr[16];
	int n;

	unsigned nums[2] = { (unsigned)rng_size(r, 4, 16),
		(unsigned)rng_below(r, 1000) };

	strftime(when, sizeof(when), "%Y/%m/%d %H:%M:%S", tm);
	tfmt(msg, sizeof(msg), errors[rng_below(r, NELEM(errors))], nums, NULL);
	client_addr(r, addr, sizeof(addr));
	n = snprintf(line, LINE_MAX_LEN,
	    "%s [error] %u#%u: *%u %s, client: %s, server: shop.example.com\n",
	    when, 1000 + (unsigned)rng_below(r, 8), 0,
	    (unsigned)rng_size(r, 10, 20), msg, addr);
	return (size_t)n;
}

static size_t
app_line(struct rng *r, const struct tm *tm, int docker, char *line)
{
	char when[32], msg[256];
	unsigned ms = (unsigned)rng_below(r, 1000);
	int n;

	unsigned nums[2] = { (unsigned)rng_size(r, 4, 18),
		(unsigned)rng_size(r, 1, 10) };

	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%S", tm);
	tfmt(msg, sizeof(msg), messages[rng_below(r, NELEM(messages))], nums,
	    NULL);
	if (docker)
		n = snprintf(line, LINE_MAX_LEN,
		    "{\"log\":\"%s %s %s\\n\",\"stream\":\"%s\","
		    "\"time\":\"%s.%03u%06uZ\"}\n",
		    levels[rng_below(r, NELEM(levels))],
		    loggers[rng_below(r, NELEM(loggers))], msg,
		    rng_below(r, 8) ? "stdout" : "stderr", when, ms,
		    (unsigned)rng_below(r, 1000000));
	else
		n = snprintf(line, LINE_MAX_LEN, "%s.%03uZ %-5s [%s] %s\n",
		    when, ms, levels[rng_below(r, NELEM(levels))],
		    loggers[rng_below(r, NELEM(loggers))], msg);
	return (size_t)n;
}

static size_t
js_line(struct rng *r, char *line)
{
	const char *ws[2] = { words[rng_below(r, NELEM(words))],
		words[rng_below(r, NELEM(words))] };
	unsigned nums[2] = { (unsigned)rng_below(r, 100),
		(unsigned)rng_below(r, 100) };

	return tfmt(line, LINE_MAX_LEN, js[rng_below(r, NELEM(js))], nums, ws);
}

/* A path of 3 to 8 directories (few words, long repeated runs). */
static void
pkg_path(struct rng *r, char *out, size_t cap)
{
	size_t n = 0;
	unsigned k, parts = 3 + (unsigned)rng_below(r, 6);

	for (k = 0; k < parts && n + 1 < cap; k++)
		n += (size_t)snprintf(out + n, cap - n, "/%s",
		    pkg_dirs[rng_below(r, NELEM(pkg_dirs))]);
}

static size_t
pkg_line(struct rng *r, const struct tm *tm, char *line)
{
	char when[32], path[160];
	const char *name = pkg_names[rng_below(r, NELEM(pkg_names))];
	int n;

	strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", tm);
	pkg_path(r, path, sizeof(path));
	if (rng_below(r, 2))
		n = snprintf(line, LINE_MAX_LEN,
		    "update-alternatives %s: link group %s updated to point to "
		    "%s/%s\n",
		    when, name, path, name);
	else
		n = snprintf(line, LINE_MAX_LEN, "%s %s %s:amd64 %u.%u.%u-%u\n",
		    when, pkg_actions[rng_below(r, NELEM(pkg_actions))], name,
		    1 + (unsigned)rng_below(r, 3), (unsigned)rng_below(r, 12),
		    (unsigned)rng_below(r, 9), 1 + (unsigned)rng_below(r, 4));
	return (size_t)n;
}

static size_t
text_line(struct rng *r, enum gentext_kind kind, int64_t *clock, char *line)
{
	time_t t = (time_t)*clock;
	struct tm tm;

	if (kind == GT_JS)
		return js_line(r, line);
	gmtime_r(&t, &tm);
	*clock += (int64_t)rng_below(r, kind == GT_NGERROR ? 600 : 3);
	switch (kind) {
	case GT_NGINX:
		return nginx_line(r, &tm, line);
	case GT_NGERROR:
		return nginx_error_line(r, &tm, line);
	case GT_DOCKER:
		return app_line(r, &tm, 1, line);
	case GT_PKG:
		return pkg_line(r, &tm, line);
	default:
		return app_line(r, &tm, 0, line);
	}
}

static void
fill_binary(struct rng *r, char *buf, size_t len)
{
	while (len >= 8) {
		uint64_t v = rng_next(r);

		memcpy(buf, &v, 8);
		buf += 8;
		len -= 8;
	}
	while (len-- > 0)
		*buf++ = (char)rng_next(r);
}

size_t
gentext_fill(struct rng *r, enum gentext_kind kind, int64_t *clock, char *buf,
    size_t len, int exact)
{
	char line[LINE_MAX_LEN];
	size_t n, used = 0;

	if (kind == GT_BINARY) {
		fill_binary(r, buf, len);
		return len;
	}
	while (used < len) {
		n = text_line(r, kind, clock, line);
		if (n > len - used) {
			if (!exact)
				break;
			n = len - used;
			line[n - 1] = '\n';
		}
		memcpy(buf + used, line, n);
		used += n;
	}
	return used;
}
