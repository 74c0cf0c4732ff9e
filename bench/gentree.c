/*
 * gentree: builds a large, realistic, deterministic tree for the
 * benchmarks and prints a JSON manifest of what it made.
 *
 *	gentree --profile var --files 200000 --seed 1 --out /tmp/t
 *	gentree --profile logs --files 500 --size 1M --out /tmp/logs
 *	gentree --profile logs --files 1 --size 256M --text pkg --out /tmp/p
 *
 * The work is cut into units (a node project, a few docker containers, a
 * slice of the nginx logs ...), each with its own random stream derived
 * from the seed and the unit's number, so the tree does not depend on the
 * number of threads.  Threads take units in turn; creating files is
 * syscall-bound, so both cores are used.  Logs get real text, since the
 * rotation runners and the drill compress them; the files whose contents
 * no runner reads get their blocks allocated instead of written.
 *
 * Every count in the manifest comes from what was created: regular files
 * are counted per name (as find -type f counts them), sizes per inode
 * (hard links once, as du counts them), and each file's apparent and
 * allocated bytes are read back with fstat after writing; directories are
 * measured when nothing more will be added to them.
 */
#include "config.h"

#include <sys/stat.h>
#include <sys/types.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <zlib.h>

#include "bench/gentext.h"
#include "lib/diag.h"
#include "lib/xalloc.h"

#define CHUNK_FILES 2000        /* regular files per unit at most */
#define BUF_SIZE (1024 * 1024)  /* per-thread write buffer */
#define BASE_CLOCK 1795910400LL /* 2026-11-29 00:00:00 UTC */
#define NBLOBS 4                /* precompressed .gz contents per kind */

enum profile { PROFILE_VAR, PROFILE_LOGS };

enum kind {
	K_SPECIAL,
	K_JOURNAL,
	K_NGINX,
	K_APP,
	K_DOCKER,
	K_APT,
	K_PHP,
	K_DPKG,
	K_NODE,
	K_LOGS,
	K_COUNT
};

/* The fixed directories of the var profile; units create below them. */
enum skel {
	S_ROOT,
	S_LOG,
	S_NGINX,
	S_APP,
	S_JOURNAL0,
	S_JOURNAL,
	S_LIB,
	S_DOCKER,
	S_CONTAINERS,
	S_NODE,
	S_PHP,
	S_SESSIONS,
	S_DPKG,
	S_DPKGINFO,
	S_VIRT,
	S_IMAGES,
	S_MISC,
	S_CACHE,
	S_APTC,
	S_ARCHIVES,
	S_PARTIAL,
	S_SPOOL,
	S_CRON,
	S_CRONTABS,
	S_TMP,
	S_MAIL,
	S_OPT,
	S_COUNT
};

static const char *const skel_paths[S_COUNT] = { ".", "log", "log/nginx",
	"log/app", "log/journal",
	"log/journal/5f1c2d3e4a5b6c7d8e9f0a1b2c3d4e5f", "lib", "lib/docker",
	"lib/docker/containers", "lib/node", "lib/php", "lib/php/sessions",
	"lib/dpkg", "lib/dpkg/info", "lib/libvirt", "lib/libvirt/images",
	"lib/misc", "cache", "cache/apt", "cache/apt/archives",
	"cache/apt/archives/partial", "spool", "spool/cron",
	"spool/cron/crontabs", "tmp", "mail", "opt" };

struct stats {
	uint64_t files, dirs, hard_links, symlinks, dangling, sparse, fifos;
	uint64_t empty_files, empty_dirs, apparent, allocated;
};

struct blob {
	unsigned char *data;
	size_t len;
};

struct gen {
	enum profile profile;
	enum gentext_kind text; /* of the logs profile */
	uint64_t seed, files, size;
	int outfd;
	int skel[S_COUNT];
	struct blob gz[2][NBLOBS]; /* [0] nginx, [1] application */
	struct unit *units;
	size_t nunits;
	atomic_size_t next;
};

struct udir {
	char *path; /* relative to the output directory */
	uint64_t children;
};

/* A directory being filled: fd, and its slot in unit.dirs (-1: skeleton). */
struct gdir {
	int fd;
	long id;
	const char *path; /* borrowed */
};

struct unit {
	enum kind kind;
	unsigned idx; /* number within its kind */
	uint64_t left;
	struct rng rng;
	struct stats st;
	struct udir *dirs;
	size_t ndirs, adirs;
	int64_t clock;
	char *buf; /* borrowed: the thread's buffer */
	const struct gen *g;
	struct hr_error err;
};

static void
unit_fail(struct unit *u, const char *dir, const char *name, const char *what)
{
	char *path = xasprintf("%s/%s", dir, name);

	if (u->err.msg == NULL)
		hr_error_set(&u->err, errno, path, 0, "%s", what);
	free(path);
	u->left = 0;
}

static void
account(struct stats *st, const struct stat *sb)
{
	st->apparent += (uint64_t)sb->st_size;
	st->allocated += (uint64_t)sb->st_blocks * 512;
}

static void
child_added(struct unit *u, const struct gdir *d)
{
	if (d->id >= 0)
		u->dirs[d->id].children++;
}

static struct gdir
skel_dir(struct unit *u, enum skel s)
{
	struct gdir d = { u->g->skel[s], -1, skel_paths[s] };

	return d;
}

/* Creates directory name in parent; returns it open (fd -1 on failure). */
static struct gdir
gmkdir(struct unit *u, const struct gdir *parent, const char *name)
{
	struct gdir d = { -1, -1, NULL };
	struct udir *ud;

	if (u->left == 0)
		return d;
	if (mkdirat(parent->fd, name, 0755) < 0 ||
	    (d.fd = openat(parent->fd, name,
	         O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) < 0) {
		unit_fail(u, parent->path, name, "cannot create directory");
		return d;
	}
	child_added(u, parent);
	XGROW(u->dirs, u->ndirs + 1, u->adirs);
	ud = &u->dirs[u->ndirs];
	ud->path = xasprintf("%s/%s", parent->path, name);
	ud->children = 0;
	d.id = (long)u->ndirs++;
	d.path = ud->path;
	return d;
}

static void
gclose(struct gdir *d)
{
	if (d->fd >= 0)
		close(d->fd);
	d->fd = -1;
}

static int
write_all(int fd, const char *p, size_t n)
{
	ssize_t w;

	while (n > 0) {
		w = write(fd, p, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/*
 * Writes size bytes of kind to fd: whole lines, the last one cut to fit.
 * With fd -1 the text is made and dropped, which only advances the unit's
 * random stream (and clock) as writing it would.
 */
static int
write_text(struct unit *u, int fd, enum gentext_kind kind, uint64_t size)
{
	size_t n;

	while (size > 0) {
		int last = size <= BUF_SIZE;

		n = gentext_fill(&u->rng, kind, &u->clock, u->buf,
		    last ? (size_t)size : BUF_SIZE, last);
		if (fd >= 0 && write_all(fd, u->buf, n) < 0)
			return -1;
		size -= n;
	}
	return 0;
}

/* Opens a new regular file for writing, or returns -1 (budget or error). */
static int
file_open(struct unit *u, const struct gdir *d, const char *name)
{
	int fd;

	if (u->left == 0 || d->fd < 0)
		return -1;
	fd = openat(d->fd, name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0)
		unit_fail(u, d->path, name, "cannot create");
	return fd;
}

/* Counts a finished regular file and closes it; 0, or -1 on error. */
static int
file_close(struct unit *u, const struct gdir *d, const char *name, int fd)
{
	struct stat sb;

	if (fstat(fd, &sb) < 0 || close(fd) < 0) {
		unit_fail(u, d->path, name, "cannot finish");
		return -1;
	}
	account(&u->st, &sb);
	u->st.files++;
	if (sb.st_size == 0)
		u->st.empty_files++;
	u->left--;
	child_added(u, d);
	return 0;
}

/* Creates a regular file of size bytes of kind; 0 if it was created. */
static int
put(struct unit *u, const struct gdir *d, const char *name,
    enum gentext_kind kind, uint64_t size)
{
	int fd = file_open(u, d, name);

	if (fd < 0)
		return -1;
	if (write_text(u, fd, kind, size) < 0) {
		unit_fail(u, d->path, name, "cannot write");
		close(fd);
		return -1;
	}
	return file_close(u, d, name, fd);
}

/*
 * Creates a regular file of size bytes that no runner reads: a package, a
 * journal, a source file, a session.  Its blocks are allocated and not
 * written, so the scanners see the same sizes and blocks for a fraction of
 * the cost: most of a large tree's bytes are such files, and writing them
 * went through the page cache and its dirty-page throttling.  The text is
 * still made and dropped, so every later name and size is what writing it
 * would have given (the same seed makes the same tree as before).
 */
static int
put_blocks(struct unit *u, const struct gdir *d, const char *name,
    enum gentext_kind kind, uint64_t size)
{
	int fd = file_open(u, d, name), e;

	if (fd < 0)
		return -1;
	write_text(u, -1, kind, size);
	e = size > 0 ? posix_fallocate(fd, 0, (off_t)size) : 0;
	if (e != 0) {
		errno = e;
		unit_fail(u, d->path, name, "cannot allocate");
		close(fd);
		return -1;
	}
	return file_close(u, d, name, fd);
}

/* Creates name holding one of the precompressed gzip blobs. */
static int
put_gz(struct unit *u, const struct gdir *d, const char *name, int app)
{
	const struct blob *b = &u->g->gz[app][rng_below(&u->rng, NBLOBS)];
	int fd = file_open(u, d, name);

	if (fd < 0)
		return -1;
	if (write_all(fd, (const char *)b->data, b->len) < 0) {
		unit_fail(u, d->path, name, "cannot write");
		close(fd);
		return -1;
	}
	return file_close(u, d, name, fd);
}

/* A sparse file of apparent size with a few 64 KiB chunks written. */
static int
put_sparse(struct unit *u, const struct gdir *d, const char *name,
    uint64_t size, unsigned chunks)
{
	int fd = file_open(u, d, name);
	unsigned i;

	if (fd < 0)
		return -1;
	if (ftruncate(fd, (off_t)size) < 0)
		goto fail;
	for (i = 0; i < chunks; i++) {
		uint64_t off = rng_below(&u->rng, size / 65536) * 65536;

		gentext_fill(&u->rng, GT_BINARY, &u->clock, u->buf, 65536, 1);
		if (pwrite(fd, u->buf, 65536, (off_t)off) != 65536)
			goto fail;
	}
	u->st.sparse++;
	return file_close(u, d, name, fd);
fail:
	unit_fail(u, d->path, name, "cannot write");
	close(fd);
	return -1;
}

/* Adds a hard link to an existing file (which is counted once). */
static int
hlink(struct unit *u, const struct gdir *from, const char *fname,
    const struct gdir *to, const char *tname)
{
	if (u->left == 0 || from->fd < 0 || to->fd < 0)
		return -1;
	if (linkat(from->fd, fname, to->fd, tname, 0) < 0) {
		unit_fail(u, to->path, tname, "cannot link");
		return -1;
	}
	u->st.files++;
	u->st.hard_links++;
	u->left--;
	child_added(u, to);
	return 0;
}

static void
slink(struct unit *u, const struct gdir *d, const char *name,
    const char *target, int dangling)
{
	struct stat sb;

	if (u->left == 0 || d->fd < 0)
		return;
	if (symlinkat(target, d->fd, name) < 0 ||
	    fstatat(d->fd, name, &sb, AT_SYMLINK_NOFOLLOW) < 0) {
		unit_fail(u, d->path, name, "cannot make symlink");
		return;
	}
	account(&u->st, &sb);
	u->st.symlinks++;
	if (dangling)
		u->st.dangling++;
	child_added(u, d);
}

static void
fifo(struct unit *u, const struct gdir *d, const char *name)
{
	struct stat sb;

	if (mkfifoat(d->fd, name, 0600) < 0 ||
	    fstatat(d->fd, name, &sb, AT_SYMLINK_NOFOLLOW) < 0) {
		unit_fail(u, d->path, name, "cannot make fifo");
		return;
	}
	account(&u->st, &sb);
	u->st.fifos++;
	child_added(u, d);
}

/* The rare things: sparse images, empty files, a FIFO, symlinks. */
static void
gen_special(struct unit *u)
{
	struct gdir log = skel_dir(u, S_LOG), img = skel_dir(u, S_IMAGES);
	struct gdir misc = skel_dir(u, S_MISC), arc = skel_dir(u, S_ARCHIVES);
	struct gdir inst;

	if (put(u, &log, "syslog", GT_APP, 200000) < 0)
		return;
	inst = gmkdir(u, &log, "installer");
	slink(u, &inst, "syslog", "../syslog", 0);
	slink(u, &inst, "syslog.0", "../syslog.0", 1);
	slink(u, &misc, "app.pid", "../../run/app.pid", 1);
	fifo(u, &misc, "initctl");
	put(u, &log, "btmp", GT_APP, 0);
	put(u, &arc, "lock", GT_APP, 0);
	put_sparse(u, &img, "vm-web.img", 1ULL << 30, 8);
	put_sparse(u, &img, "vm-db.img", 4ULL << 30, 16);
	put_sparse(u, &log, "lastlog", 292ULL << 20, 2);
	gclose(&inst);
}

static void
gen_journal(struct unit *u)
{
	struct gdir d = skel_dir(u, S_JOURNAL);
	char name[128];
	unsigned i;

	put_blocks(u, &d, "system.journal", GT_BINARY, 8ULL << 20);
	put_blocks(u, &d, "user-1000.journal", GT_BINARY, 2ULL << 20);
	for (i = 0; u->left > 0; i++) {
		snprintf(name, sizeof(name),
		    "system@%016llx%016llx-%016llx-%016llx.journal",
		    (unsigned long long)rng_next(&u->rng),
		    (unsigned long long)rng_next(&u->rng),
		    (unsigned long long)rng_next(&u->rng) >> 8, 0x5ef0ULL + i);
		put_blocks(u, &d, name, GT_BINARY, rng_size(&u->rng, 19, 22));
	}
}

/* One nginx virtual host: active, .1 and compressed generations. */
static void
nginx_vhost(struct unit *u, const struct gdir *d, const char *prefix)
{
	char name[96];
	unsigned i, gens = 2 + (unsigned)rng_below(&u->rng, 13);
	int big = prefix[0] == '\0';

	snprintf(name, sizeof(name), "%saccess.log", prefix);
	put(u, d, name, GT_NGINX,
	    rng_size(&u->rng, big ? 20 : 9, big ? 21 : 17));
	snprintf(name, sizeof(name), "%serror.log", prefix);
	put(u, d, name, GT_NGERROR, rng_size(&u->rng, 6, 14));
	snprintf(name, sizeof(name), "%saccess.log.1", prefix);
	put(u, d, name, GT_NGINX, rng_size(&u->rng, 9, 17));
	snprintf(name, sizeof(name), "%serror.log.1", prefix);
	put(u, d, name, GT_NGERROR, rng_size(&u->rng, 6, 13));
	for (i = 2; i < gens; i++) {
		snprintf(name, sizeof(name), "%saccess.log.%u.gz", prefix, i);
		put_gz(u, d, name, 0);
		snprintf(name, sizeof(name), "%serror.log.%u.gz", prefix, i);
		put_gz(u, d, name, 1);
	}
}

static void
gen_nginx(struct unit *u)
{
	struct gdir d = skel_dir(u, S_NGINX);
	char prefix[64];
	unsigned v;

	for (v = 0; u->left > 0; v++) {
		if (u->idx == 0 && v == 0)
			prefix[0] = '\0';
		else
			snprintf(prefix, sizeof(prefix),
			    "shop%u-%u.example.com.", u->idx, v);
		nginx_vhost(u, &d, prefix);
	}
}

static void
dated(char *out, size_t cap, const char *base, unsigned days_ago, int gz)
{
	time_t t = (time_t)(BASE_CLOCK - (int64_t)days_ago * 86400);
	struct tm tm;
	char day[16];

	gmtime_r(&t, &tm);
	strftime(day, sizeof(day), "%Y%m%d", &tm);
	snprintf(out, cap, "%s-%s%s", base, day, gz ? ".gz" : "");
}

/* One service: app.log and dated generations, worker.log, audit.log. */
static void
app_service(struct unit *u, struct gdir *parent, unsigned s)
{
	char name[96];
	struct gdir d;
	unsigned i, days = 1 + (unsigned)rng_below(&u->rng, 30);

	snprintf(name, sizeof(name), "svc%03u-%02u", u->idx, s);
	d = gmkdir(u, parent, name);
	put(u, &d, "app.log", GT_APP, rng_size(&u->rng, 8, 17));
	for (i = 1; i <= days; i++) {
		dated(name, sizeof(name), "app.log", i, i > 1);
		if (i > 1)
			put_gz(u, &d, name, 1);
		else
			put(u, &d, name, GT_APP, rng_size(&u->rng, 8, 16));
	}
	put(u, &d, "worker.log", GT_APP, rng_size(&u->rng, 6, 14));
	put(u, &d, "worker.log.1", GT_APP, rng_size(&u->rng, 6, 14));
	put(u, &d, "audit.log", GT_APP,
	    rng_below(&u->rng, 4) ? 0 : rng_size(&u->rng, 6, 12));
	gclose(&d);
}

static void
gen_app(struct unit *u)
{
	struct gdir d = skel_dir(u, S_APP);
	unsigned s;

	for (s = 0; u->left > 0; s++)
		app_service(u, &d, s);
}

static void
hexid(struct unit *u, char *out, unsigned nhex)
{
	static const char hex[] = "0123456789abcdef";
	uint64_t v = 0;
	unsigned i;

	for (i = 0; i < nhex; i++) {
		if (i % 16 == 0)
			v = rng_next(&u->rng);
		out[i] = hex[v & 15];
		v >>= 4;
	}
	out[nhex] = '\0';
}

static void
docker_container(struct unit *u, struct gdir *parent)
{
	char id[65], name[96];
	struct gdir d, e;
	unsigned i, gens = (unsigned)rng_below(&u->rng, 4);

	hexid(u, id, 64);
	d = gmkdir(u, parent, id);
	snprintf(name, sizeof(name), "%s-json.log", id);
	put(u, &d, name, GT_DOCKER, rng_size(&u->rng, 8, 17));
	put_blocks(u, &d, "config.v2.json", GT_APP, rng_size(&u->rng, 11, 12));
	put_blocks(u, &d, "hostconfig.json", GT_APP, rng_size(&u->rng, 10, 11));
	put_blocks(u, &d, "hostname", GT_JS, 13);
	put_blocks(u, &d, "hosts", GT_JS, 174);
	put_blocks(u, &d, "resolv.conf", GT_JS, 190);
	put_blocks(u, &d, "resolv.conf.hash", GT_JS, 65);
	for (i = 1; i <= gens; i++) {
		snprintf(name, sizeof(name), "%s-json.log.%u", id, i);
		put(u, &d, name, GT_DOCKER, rng_size(&u->rng, 10, 17));
	}
	e = gmkdir(u, &d, "mounts");
	gclose(&e);
	e = gmkdir(u, &d, "checkpoints");
	gclose(&e);
	gclose(&d);
}

static void
gen_docker(struct unit *u)
{
	struct gdir d = skel_dir(u, S_CONTAINERS);

	while (u->left > 0)
		docker_container(u, &d);
}

static void
gen_apt(struct unit *u)
{
	struct gdir d = skel_dir(u, S_ARCHIVES);
	char name[96];
	unsigned i;

	for (i = 0; u->left > 0; i++) {
		snprintf(name, sizeof(name), "lib%s%u-%u_%u.%u.%u-1_amd64.deb",
		    i % 3 ? "x" : "py", u->idx, i,
		    (unsigned)rng_below(&u->rng, 9) + 1,
		    (unsigned)rng_below(&u->rng, 20),
		    (unsigned)rng_below(&u->rng, 10));
		put_blocks(u, &d, name, GT_BINARY, rng_size(&u->rng, 11, 17));
	}
}

static void
gen_php(struct unit *u)
{
	static const char alpha[] = "0123456789abcdefghijklmnopqrstuv";
	struct gdir d = skel_dir(u, S_SESSIONS);
	char name[40];
	unsigned i;

	while (u->left > 0) {
		memcpy(name, "sess_", 5);
		for (i = 0; i < 26; i++)
			name[5 + i] = alpha[rng_below(&u->rng, 32)];
		name[31] = '\0';
		put_blocks(u, &d, name, GT_APP,
		    rng_below(&u->rng, 5) ? rng_size(&u->rng, 5, 10) : 0);
	}
}

static void
gen_dpkg(struct unit *u)
{
	static const char *const ext[] = { "list", "md5sums", "postinst",
		"prerm", "triggers", "conffiles" };
	struct gdir d = skel_dir(u, S_DPKGINFO);
	char name[96];
	unsigned i, j;

	for (i = 0; u->left > 0; i++)
		for (j = 0; j < 6 && u->left > 0; j++) {
			snprintf(name, sizeof(name), "pkg%u-%u.%s", u->idx, i,
			    ext[j]);
			put_blocks(
			    u, &d, name, GT_JS, rng_size(&u->rng, 6, 13));
		}
}

struct nodeproj {
	struct gdir store; /* .pnpm-store: one copy of shared files */
	struct gdir bin;   /* node_modules/.bin */
	unsigned npkg;
};

/* lib/ and dist/ of a package: small JavaScript files. */
static void
node_sources(struct unit *u, struct gdir *pkg)
{
	char name[64];
	struct gdir d;
	unsigned i, n = 1 + (unsigned)rng_below(&u->rng, 12);

	d = gmkdir(u, pkg, rng_below(&u->rng, 2) ? "lib" : "src");
	for (i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "module%u.js", i);
		put_blocks(u, &d, name, GT_JS, rng_size(&u->rng, 7, 13));
	}
	gclose(&d);
	if (rng_below(&u->rng, 2)) {
		d = gmkdir(u, pkg, "dist");
		put_blocks(
		    u, &d, "index.min.js", GT_JS, rng_size(&u->rng, 9, 14));
		put_blocks(u, &d, "index.min.js.map", GT_JS,
		    rng_size(&u->rng, 10, 15));
		gclose(&d);
	}
}

static void node_modules(
    struct unit *u, struct nodeproj *p, struct gdir *parent, unsigned depth);

/* One package; it may have nested node_modules of its own. */
static void
node_package(
    struct unit *u, struct nodeproj *p, struct gdir *nm, unsigned depth)
{
	char name[64], target[96];
	struct gdir d;
	unsigned id = p->npkg++;

	snprintf(name, sizeof(name), "pkg-%u", id);
	d = gmkdir(u, nm, name);
	put_blocks(u, &d, "package.json", GT_APP, rng_size(&u->rng, 8, 10));
	put_blocks(u, &d, "README.md", GT_APP, rng_size(&u->rng, 9, 13));
	hlink(u, &p->store,
	    rng_below(&u->rng, 3) ? "LICENSE-MIT" : "LICENSE-ISC", &d,
	    "LICENSE");
	if (put_blocks(u, &d, "index.js", GT_JS, rng_size(&u->rng, 7, 12)) ==
	    0) {
		hlink(u, &d, "index.js", &d, "index.cjs");
		if (depth == 0) {
			snprintf(
			    target, sizeof(target), "../%s/index.js", name);
			slink(u, &p->bin, name, target, 0);
		}
	}
	if (depth == 0 && rng_below(&u->rng, 20) == 0) {
		snprintf(target, sizeof(target), "../%s/bin/cli.js", name);
		snprintf(name, sizeof(name), "pkg-%u-cli", id);
		slink(u, &p->bin, name, target, 1);
	}
	node_sources(u, &d);
	if (depth < 6 && rng_below(&u->rng, 10) < 3)
		node_modules(u, p, &d, depth + 1);
	gclose(&d);
}

static void
node_modules(
    struct unit *u, struct nodeproj *p, struct gdir *parent, unsigned depth)
{
	struct gdir nm = gmkdir(u, parent, "node_modules");
	unsigned i, n = 1 + (unsigned)rng_below(&u->rng, 4);

	for (i = 0; i < n && u->left > 0; i++)
		node_package(u, p, &nm, depth);
	gclose(&nm);
}

/* A project: package.json, a store of shared files, node_modules. */
static void
gen_node(struct unit *u)
{
	struct gdir root = skel_dir(u, S_NODE), proj, nm;
	struct nodeproj p = { { -1, -1, NULL }, { -1, -1, NULL }, 0 };
	char name[32];

	snprintf(name, sizeof(name), "project%04u", u->idx);
	proj = gmkdir(u, &root, name);
	put_blocks(u, &proj, "package.json", GT_APP, 1500);
	put_blocks(
	    u, &proj, "package-lock.json", GT_APP, rng_size(&u->rng, 14, 17));
	p.store = gmkdir(u, &proj, ".pnpm-store");
	put_blocks(u, &p.store, "LICENSE-MIT", GT_JS, 1077);
	put_blocks(u, &p.store, "LICENSE-ISC", GT_JS, 745);
	nm = gmkdir(u, &proj, "node_modules");
	p.bin = gmkdir(u, &nm, ".bin");
	while (u->left > 0)
		node_package(u, &p, &nm, 0);
	gclose(&p.bin);
	gclose(&nm);
	gclose(&p.store);
	gclose(&proj);
}

/* logs profile: u->left files of exactly g->size bytes of g->text each. */
static void
gen_logs(struct unit *u)
{
	struct gdir d = skel_dir(u, S_ROOT);
	char name[32];
	unsigned i;

	for (i = 0; u->left > 0; i++) {
		snprintf(name, sizeof(name), "app%07u.log",
		    u->idx * CHUNK_FILES + i);
		put(u, &d, name, u->g->text, u->g->size);
	}
}

static void (*const generators[K_COUNT])(struct unit *) = { gen_special,
	gen_journal, gen_nginx, gen_app, gen_docker, gen_apt, gen_php, gen_dpkg,
	gen_node, gen_logs };

/* Measures the unit's directories, now that they are complete. */
static void
unit_finish(struct unit *u)
{
	struct stat sb;
	size_t i;

	for (i = 0; i < u->ndirs; i++) {
		if (fstatat(u->g->outfd, u->dirs[i].path, &sb,
		        AT_SYMLINK_NOFOLLOW) < 0)
			unit_fail(u, ".", u->dirs[i].path, "cannot stat");
		else
			account(&u->st, &sb);
		u->st.dirs++;
		if (u->dirs[i].children == 0)
			u->st.empty_dirs++;
		free(u->dirs[i].path);
	}
	free(u->dirs);
	u->dirs = NULL;
	u->ndirs = u->adirs = 0;
}

static void *
worker(void *arg)
{
	struct gen *g = arg;
	char *buf = xmalloc(BUF_SIZE);
	size_t i;

	while ((i = atomic_fetch_add(&g->next, 1)) < g->nunits) {
		struct unit *u = &g->units[i];

		u->buf = buf;
		generators[u->kind](u);
		unit_finish(u);
	}
	free(buf);
	return NULL;
}

static void
add_units(struct gen *g, enum kind kind, uint64_t files, uint64_t *budget)
{
	unsigned idx = 0;

	if (files > *budget)
		files = *budget;
	*budget -= files;
	while (files > 0) {
		uint64_t n = files < CHUNK_FILES ? files : CHUNK_FILES;
		struct unit *u;

		g->units =
		    xreallocarray(g->units, g->nunits + 1, sizeof(*g->units));
		u = &g->units[g->nunits];
		memset(u, 0, sizeof(*u));
		u->kind = kind;
		u->idx = idx++;
		u->left = n;
		u->clock = BASE_CLOCK - 86400 * (int64_t)(u->idx % 30);
		rng_seed(&u->rng, g->seed, (uint64_t)kind << 32 | u->idx);
		u->g = g;
		files -= n;
		g->nunits++;
	}
}

/* Splits the file budget over the kinds of a busy server's /var. */
static void
plan_units(struct gen *g)
{
	uint64_t n = g->files, left = n, journal = n / 5000;

	if (g->profile == PROFILE_LOGS) {
		add_units(g, K_LOGS, n, &left);
		return;
	}
	journal = journal < 1 ? 1 : journal > 16 ? 16 : journal;
	add_units(g, K_SPECIAL, 6, &left);
	add_units(g, K_JOURNAL, journal, &left);
	add_units(g, K_NGINX, n * 2 / 100, &left);
	add_units(g, K_APP, n * 8 / 100, &left);
	add_units(g, K_DOCKER, n * 5 / 100, &left);
	add_units(g, K_APT, n / 200, &left);
	add_units(g, K_PHP, n * 10 / 100, &left);
	add_units(g, K_DPKG, n * 3 / 100, &left);
	add_units(g, K_NODE, left, &left);
}

static int
make_blob(struct blob *b, struct rng *r, enum gentext_kind kind, size_t len)
{
	char *text = xmalloc(len);
	int64_t clock = BASE_CLOCK - 86400 * 7;
	uLongf cap = compressBound(len) + 64;
	z_stream z;
	int rc;

	gentext_fill(r, kind, &clock, text, len, 1);
	memset(&z, 0, sizeof(z));
	b->data = xmalloc(cap);
	if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) !=
	    Z_OK) {
		free(text);
		return -1;
	}
	z.next_in = (Bytef *)text;
	z.avail_in = (uInt)len;
	z.next_out = b->data;
	z.avail_out = (uInt)cap;
	rc = deflate(&z, Z_FINISH);
	b->len = z.total_out;
	deflateEnd(&z);
	free(text);
	return rc == Z_STREAM_END ? 0 : -1;
}

static int
make_blobs(struct gen *g)
{
	static const size_t sizes[NBLOBS] = { 6000, 40000, 150000, 600000 };
	struct rng r;
	int i;

	rng_seed(&r, g->seed, 0xb10bULL << 32);
	for (i = 0; i < NBLOBS; i++)
		if (make_blob(&g->gz[0][i], &r, GT_NGINX, sizes[i]) < 0 ||
		    make_blob(&g->gz[1][i], &r, GT_APP, sizes[i] / 2) < 0)
			return -1;
	return 0;
}

static int
make_skeleton(struct gen *g, struct hr_error *err)
{
	int i, n = g->profile == PROFILE_VAR ? S_COUNT : 1;

	for (i = 0; i < S_COUNT; i++)
		g->skel[i] = -1;
	g->skel[S_ROOT] = g->outfd;
	for (i = 1; i < n; i++) {
		if (mkdirat(g->outfd, skel_paths[i], 0755) < 0)
			return hr_error_set(err, errno, skel_paths[i], 0,
			    "cannot create directory");
		g->skel[i] = openat(g->outfd, skel_paths[i],
		    O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (g->skel[i] < 0)
			return hr_error_set(
			    err, errno, skel_paths[i], 0, "cannot open");
	}
	return 0;
}

/* 1 if the open directory fd has no entries but . and .. */
static int
dir_is_empty(int fd)
{
	int dup_fd = openat(fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *dir = dup_fd >= 0 ? fdopendir(dup_fd) : NULL;
	struct dirent *de;
	int empty = 1;

	if (dir == NULL)
		return 0;
	while (empty && (de = readdir(dir)) != NULL)
		if (strcmp(de->d_name, ".") != 0 &&
		    strcmp(de->d_name, "..") != 0)
			empty = 0;
	closedir(dir);
	return empty;
}

static int
measure_skeleton(struct gen *g, struct stats *st, struct hr_error *err)
{
	struct stat sb;
	int i;

	for (i = 0; i < S_COUNT; i++) {
		if (g->skel[i] < 0)
			continue;
		if (fstat(g->skel[i], &sb) < 0)
			return hr_error_set(
			    err, errno, skel_paths[i], 0, "cannot stat");
		account(st, &sb);
		st->dirs++;
		if (dir_is_empty(g->skel[i]))
			st->empty_dirs++;
		if (i != S_ROOT)
			close(g->skel[i]);
	}
	return 0;
}

static void
stats_add(struct stats *a, const struct stats *b)
{
	a->files += b->files;
	a->dirs += b->dirs;
	a->hard_links += b->hard_links;
	a->symlinks += b->symlinks;
	a->dangling += b->dangling;
	a->sparse += b->sparse;
	a->fifos += b->fifos;
	a->empty_files += b->empty_files;
	a->empty_dirs += b->empty_dirs;
	a->apparent += b->apparent;
	a->allocated += b->allocated;
}

static void
print_manifest(const struct gen *g, const struct stats *st)
{
	printf("{\"profile\":\"%s\",\"seed\":%llu,\"files\":%llu,"
	       "\"directories\":%llu,\"hard_links\":%llu,\"symlinks\":%llu,"
	       "\"dangling_symlinks\":%llu,\"sparse_files\":%llu,"
	       "\"fifos\":%llu,\"empty_files\":%llu,"
	       "\"empty_directories\":%llu,\"apparent_bytes\":%llu,"
	       "\"allocated_bytes\":%llu}\n",
	    g->profile == PROFILE_VAR ? "var" : "logs",
	    (unsigned long long)g->seed, (unsigned long long)st->files,
	    (unsigned long long)st->dirs, (unsigned long long)st->hard_links,
	    (unsigned long long)st->symlinks, (unsigned long long)st->dangling,
	    (unsigned long long)st->sparse, (unsigned long long)st->fifos,
	    (unsigned long long)st->empty_files,
	    (unsigned long long)st->empty_dirs,
	    (unsigned long long)st->apparent,
	    (unsigned long long)st->allocated);
}

/* Runs the units on threads; sums their stats, or reports the first error. */
static int
run_units(struct gen *g, unsigned jobs, struct stats *st, struct hr_error *err)
{
	pthread_t *tid = xcalloc(jobs, sizeof(*tid));
	unsigned i, started = 0;
	size_t k;
	int rc = 0;

	for (i = 0; i < jobs; i++)
		if (pthread_create(&tid[i], NULL, worker, g) == 0)
			started++;
	if (started == 0)
		worker(g);
	for (i = 0; i < started; i++)
		pthread_join(tid[i], NULL);
	free(tid);
	for (k = 0; k < g->nunits; k++) {
		struct unit *u = &g->units[k];

		if (u->err.msg != NULL && rc == 0)
			rc = hr_error_set(
			    err, u->err.code, u->err.path, 0, "%s", u->err.msg);
		hr_error_release(&u->err);
		stats_add(st, &u->st);
	}
	return rc;
}

struct opts {
	enum profile profile;
	enum gentext_kind text;
	uint64_t files, seed, size;
	const char *out;
	unsigned jobs;
};

static void
usage(FILE *f)
{
	fputs("usage: gentree [--profile var|logs] --files N [--size SIZE] "
	      "[--text nginx|pkg] [--seed S] [--jobs N] --out DIR\n"
	      "  var:  a busy server's /var with N regular files\n"
	      "  logs: N logs of SIZE bytes each (K, M, G: binary units):\n"
	      "        nginx access lines, or with --text pkg, package\n"
	      "        manager lines (dpkg, update-alternatives)\n"
	      "The JSON manifest is printed on standard output.\n",
	    f);
}

/* Parses "123", "64K", "1M", "2G" (binary units) into *out. */
static int
parse_size(const char *s, uint64_t *out)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno != 0 || end == s || s[0] == '-')
		return -1;
	switch (*end) {
	case 'k':
	case 'K':
		v <<= 10;
		end++;
		break;
	case 'M':
		v <<= 20;
		end++;
		break;
	case 'G':
		v <<= 30;
		end++;
		break;
	}
	if (*end != '\0')
		return -1;
	*out = v;
	return 0;
}

static int
parse_opts(int argc, char **argv, struct opts *o)
{
	static const struct option longopts[] = { { "profile", 1, NULL, 'p' },
		{ "files", 1, NULL, 'n' }, { "size", 1, NULL, 's' },
		{ "seed", 1, NULL, 'S' }, { "out", 1, NULL, 'o' },
		{ "jobs", 1, NULL, 'j' }, { "text", 1, NULL, 't' },
		{ "help", 0, NULL, 'h' }, { NULL, 0, NULL, 0 } };
	uint64_t v;
	int c;

	while ((c = getopt_long(
	            argc, argv, "p:n:s:S:o:j:t:h", longopts, NULL)) != -1) {
		if (c == 'h') {
			usage(stdout);
			exit(0);
		}
		if (c == 't') {
			if (strcmp(optarg, "nginx") == 0)
				o->text = GT_NGINX;
			else if (strcmp(optarg, "pkg") == 0)
				o->text = GT_PKG;
			else
				return diag_error("unknown text '%s'", optarg),
				       -1;
			continue;
		}
		if (c == 'o' || c == 'p') {
			if (c == 'o')
				o->out = optarg;
			else if (strcmp(optarg, "var") == 0)
				o->profile = PROFILE_VAR;
			else if (strcmp(optarg, "logs") == 0)
				o->profile = PROFILE_LOGS;
			else
				return diag_error(
				           "unknown profile '%s'", optarg),
				       -1;
			continue;
		}
		if (c == '?' || parse_size(optarg, &v) < 0) {
			if (c != '?')
				diag_error("invalid number '%s'", optarg);
			return -1;
		}
		if (c == 'n')
			o->files = v;
		else if (c == 's')
			o->size = v;
		else if (c == 'S')
			o->seed = v;
		else
			o->jobs = v > 0 && v < 1024 ? (unsigned)v : 1;
	}
	if (optind != argc || o->out == NULL || o->files == 0 ||
	    (o->profile == PROFILE_LOGS && o->size == 0))
		return diag_error("--out, --files (> 0) and, with the logs "
		                  "profile, --size (> 0) are required"),
		       -1;
	return 0;
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
generate(struct gen *g, unsigned jobs, struct stats *st, struct hr_error *err)
{
	if (make_skeleton(g, err) < 0)
		return -1;
	if (make_blobs(g) < 0)
		return hr_error_set(err, 0, NULL, 0, "zlib failed");
	plan_units(g);
	if (run_units(g, jobs, st, err) < 0)
		return -1;
	return measure_skeleton(g, st, err);
}

int
main(int argc, char **argv)
{
	struct opts o = { PROFILE_VAR, GT_NGINX, 0, 1, 0, NULL, 0 };
	struct gen g;
	struct stats st;
	struct hr_error err = HR_ERROR_INIT;
	double t0 = now();
	int rc = 0, i, j;

	diag_set_program("gentree");
	o.jobs = (unsigned)sysconf(_SC_NPROCESSORS_ONLN);
	if (parse_opts(argc, argv, &o) < 0) {
		usage(stderr);
		return 2;
	}
	memset(&g, 0, sizeof(g));
	memset(&st, 0, sizeof(st));
	g.profile = o.profile;
	g.text = o.text;
	g.seed = o.seed;
	g.files = o.files;
	g.size = o.size;
	if (mkdir(o.out, 0755) < 0 && errno != EEXIST) {
		diag_error("cannot create '%s': %s", o.out, strerror(errno));
		return 1;
	}
	g.outfd = open(o.out, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (g.outfd < 0 || !dir_is_empty(g.outfd)) {
		diag_error("'%s' must be a new or empty directory", o.out);
		return 1;
	}
	if (generate(&g, o.jobs ? o.jobs : 1, &st, &err) < 0) {
		diag_error("%s", hr_error_text(&err));
		rc = 1;
	} else {
		print_manifest(&g, &st);
		diag_say("%llu files in %.2f s", (unsigned long long)st.files,
		    now() - t0);
	}
	hr_error_release(&err);
	for (i = 0; i < 2; i++)
		for (j = 0; j < NBLOBS; j++)
			free(g.gz[i][j].data);
	free(g.units);
	close(g.outfd);
	if (fflush(stdout) != 0 || ferror(stdout))
		rc = 1;
	return rc;
}
