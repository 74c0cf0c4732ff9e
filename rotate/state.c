/*
 * state: logrotate's state file.
 *
 * The format and every message follow logrotate 3.21 (reference 10):
 *
 *	logrotate state -- version 2
 *	"/var/log/syslog" 2026-11-30-19:10:26
 *
 * Reading splits each line into two words with popt's quoting rules
 * (poptParseArgvString), undoes logrotate's own escapes (\n and \\) in the
 * path, and scans the date with sscanf("%d-%d-%d-%d:%d:%d"), of which at
 * least Y-M-D must be present.  Unlike 3.21, which stopped at the first bad
 * line and so forgot every later entry, a bad line here costs that line
 * only (the fix the issue asks for); every bad line is reported.
 *
 * Entries live in an array in insertion order (the order they are written
 * back in) and a lib/strmap indexes them by path, so a lookup costs O(1)
 * on average however many logs a configuration has.
 */
#include "config.h"

#include <sys/file.h>
#include <sys/sysmacros.h>
#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lib/clock.h"
#include "lib/fsutil.h"
#include "lib/sbuf.h"
#include "lib/strmap.h"
#include "lib/xalloc.h"
#include "rotate/state.h"

#define STATE_HEADER1 "logrotate state -- version 1\n"
#define STATE_HEADER2 "logrotate state -- version 2\n"

/*
 * logrotate reads with fgets(buf, sizeof(buf) - 1) into a buffer of
 * 2 * PATH_MAX + 16 bytes, so a line may hold this many bytes, newline
 * included; a longer one is "too long".
 */
#define STATE_LINE_MAX (2 * PATH_MAX + 16 - 2)

/* What a read in progress needs to report bad lines. */
struct read_ctx {
	struct rstate *st;
	const char *path;
	rstate_report_fn *report;
	void *report_ctx;
	struct hr_error *err;
	long nbad;
};

struct rstate_entry *
rstate_find(struct rstate *st, const char *path)
{
	if (st->index == NULL)
		return NULL;
	return strmap_get(st->index, path);
}

/* Appends a new entry for path (which must not be present yet). */
static struct rstate_entry *
state_add(struct rstate *st, const char *path)
{
	struct rstate_entry *e = xcalloc(1, sizeof(*e));

	e->path = xstrdup(path);
	if (st->index == NULL)
		st->index = strmap_new(STRMAP_BORROW_KEYS);
	XGROW(st->entries, st->n + 1, st->alloc);
	st->entries[st->n++] = e;
	strmap_put(st->index, e->path, e);
	return e;
}

/* Normalises tm as logrotate does: mktime, then back to local time. */
static void
tm_normalise(struct tm *tm)
{
	time_t t;

	tm->tm_isdst = -1;
	t = mktime(tm);
	localtime_r(&t, tm);
}

struct rstate_entry *
rstate_get(struct rstate *st, const char *path, time_t now)
{
	struct rstate_entry *e = rstate_find(st, path);
	struct tm tm;

	if (e == NULL) {
		e = state_add(st, path);
		localtime_r(&now, &tm);
		memset(&e->last, 0, sizeof(e->last));
		e->last.tm_year = tm.tm_year;
		e->last.tm_mon = tm.tm_mon;
		e->last.tm_mday = tm.tm_mday;
		e->last.tm_hour = tm.tm_hour;
		tm_normalise(&e->last);
	}
	e->seen = 1;
	return e;
}

void
rstate_set_rotated(struct rstate_entry *e, time_t now)
{
	localtime_r(&now, &e->last);
	e->rotated = 1;
	e->seen = 1;
}

/*
 * Splits s into words as poptParseArgvString does: blanks separate words,
 * '...' and "..." group, a backslash outside quotes takes the next
 * character literally, and inside quotes only before the quote character
 * (elsewhere it is kept).  An empty word does not count and an unclosed
 * quote simply ends at the end of the line.  Writes the words, each
 * NUL-terminated, into out (at least strlen(s) + 1 bytes) and up to two
 * of their starts into w.  Returns the number of words, or -1 when s ends
 * with a backslash (POPT_ERROR_BADQUOTE).
 */
static int
popt_split(const char *s, char *out, char *w[2])
{
	char *start = out, *p = out;
	char quote = '\0';
	int argc = 0;

	for (; *s != '\0'; s++) {
		if (quote != '\0' && *s == quote) {
			quote = '\0';
			continue;
		}
		if (quote == '\0' && isspace((unsigned char)*s)) {
			if (p > start) {
				*p++ = '\0';
				if (argc < 2)
					w[argc] = start;
				argc++;
				start = p;
			}
			continue;
		}
		if (quote == '\0' && (*s == '"' || *s == '\'')) {
			quote = *s;
			continue;
		}
		if (*s == '\\') {
			if (*++s == '\0')
				return -1;
			if (quote != '\0' && *s != quote)
				*p++ = '\\';
		}
		*p++ = *s;
	}
	if (p > start) {
		*p = '\0';
		if (argc < 2)
			w[argc] = start;
		argc++;
	}
	return argc;
}

/* Undoes writeState's escapes in place: \n is a newline, \\ a backslash. */
static void
unescape(char *s)
{
	char *out = s;

	for (; *s != '\0'; s++) {
		if (s[0] == '\\' && (s[1] == 'n' || s[1] == '\\')) {
			*out++ = s[1] == 'n' ? '\n' : '\\';
			s++;
		} else {
			*out++ = *s;
		}
	}
	*out = '\0';
}

/* Records one bad line: the first in err, every one through report. */
static void DIAG_PRINTF(3, 4)
    read_bad(struct read_ctx *rc, long line, const char *fmt, ...)
{
	struct hr_error e = HR_ERROR_INIT;
	struct sbuf sb = SBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	sbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	if (rc->nbad++ == 0)
		hr_error_set(rc->err, 0, NULL, line, "%s", sb.buf);
	if (rc->report != NULL) {
		hr_error_set(&e, 0, NULL, line, "%s", sb.buf);
		rc->report(rc->report_ctx, &e);
		hr_error_release(&e);
	}
	sbuf_release(&sb);
}

/*
 * Checks the date fields read for file (the path as popt returned it,
 * before unescaping, as logrotate prints it).  Returns 0 or -1 after
 * reporting.
 */
static int
check_date(struct read_ctx *rc, long line, const char *file, const int v[6])
{
	static const struct {
		const char *name;
		int min, max;
	} range[6] = {
		{ "year", 1970, 2100 },
		{ "month", 1, 12 },
		{ "day", 0, 31 },
		{ "hour", 0, 23 },
		{ "minute", 0, 59 },
		{ "second", 0, 59 },
	};
	int i;

	for (i = 0; i < 6; i++) {
		if (i == 0 && v[0] == 1900) /* logrotate's "earlier bug" */
			continue;
		if (v[i] >= range[i].min && v[i] <= range[i].max)
			continue;
		read_bad(rc, line, "bad %s %d for file %s in state file %s",
		    range[i].name, v[i], file, rc->path);
		return -1;
	}
	return 0;
}

/* Parses one complete line (newline removed, not empty). */
static void
parse_line(struct read_ctx *rc, long line, const char *text, size_t len)
{
	char *buf = xmalloc(len + 1), *w[2];
	struct rstate_entry *e;
	int v[6] = { 0, 0, 0, 0, 0, 0 };

	if (popt_split(text, buf, w) != 2 ||
	    sscanf(w[1], "%d-%d-%d-%d:%d:%d", &v[0], &v[1], &v[2], &v[3], &v[4],
	        &v[5]) < 3) {
		read_bad(
		    rc, line, "bad line %ld in state file %s", line, rc->path);
		goto out;
	}
	if (check_date(rc, line, w[0], v) < 0)
		goto out;
	unescape(w[0]);
	e = rstate_find(rc->st, w[0]);
	if (e == NULL)
		e = state_add(rc->st, w[0]);
	memset(&e->last, 0, sizeof(e->last));
	e->last.tm_year = v[0] - 1900;
	e->last.tm_mon = v[1] - 1;
	e->last.tm_mday = v[2];
	e->last.tm_hour = v[3];
	e->last.tm_min = v[4];
	e->last.tm_sec = v[5];
	tm_normalise(&e->last);
out:
	free(buf);
}

/*
 * Reads one line as logrotate's fgets does: at most STATE_LINE_MAX bytes,
 * up to and including a newline, into buf.  When no newline came within
 * that limit, the rest of the line is read and thrown away.  Returns the
 * number of bytes stored (NULs included), 0 at end of file.
 */
static size_t
read_line(FILE *f, char *buf)
{
	size_t n = 0;
	int c = 0;

	while (n < STATE_LINE_MAX && (c = getc_unlocked(f)) != EOF) {
		buf[n++] = (char)c;
		if (c == '\n')
			return n;
	}
	if (n == STATE_LINE_MAX)
		while ((c = getc_unlocked(f)) != EOF && c != '\n')
			;
	return n;
}

/* Reads every line after the header. */
static void
read_entries(struct read_ctx *rc, FILE *f, char *buf)
{
	long line = 1;
	size_t n, len;

	while ((n = read_line(f, buf)) > 0) {
		line++;
		len = strnlen(buf, n);
		if (len == 0) {
			read_bad(rc, line,
			    "line %ld not parsable in state file %s", line,
			    rc->path);
			continue;
		}
		if (buf[len - 1] != '\n') {
			read_bad(rc, line, "line %ld too long in state file %s",
			    line, rc->path);
			continue;
		}
		buf[len - 1] = '\0';
		if (len > 1)
			parse_line(rc, line, buf, len - 1);
	}
}

/* Opens path for reading; *f stays NULL for a missing or empty file. */
static int
open_state(const char *path, FILE **f, struct hr_error *err)
{
	struct stat sb;
	int fd;

	*f = NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0 && errno == ENOENT)
		return 0;
	if (fd < 0)
		return hr_error_set(
		    err, errno, NULL, 0, "error opening state file %s", path);
	if (fstat(fd, &sb) < 0) {
		hr_error_set(
		    err, errno, NULL, 0, "error stat()ing state file %s", path);
		close(fd);
		return -1;
	}
	if (sb.st_size == 0 || !(S_ISREG(sb.st_mode) || S_ISDIR(sb.st_mode))) {
		close(fd);
		return 0;
	}
	*f = fdopen(fd, "r");
	if (*f == NULL) {
		hr_error_set(
		    err, errno, NULL, 0, "error opening state file %s", path);
		close(fd);
		return -1;
	}
	return 0;
}

int
rstate_read_report(struct rstate *st, const char *path,
    rstate_report_fn *report, void *report_ctx, struct hr_error *err)
{
	struct read_ctx rc = { st, path, report, report_ctx, err, 0 };
	char *buf = NULL;
	FILE *f;
	size_t n;

	if (open_state(path, &f, err) < 0)
		return -1;
	if (f == NULL)
		return 0;
	buf = xmalloc(STATE_LINE_MAX + 1);
	n = read_line(f, buf);
	buf[n] = '\0';
	if (n == 0 || ferror(f)) {
		read_bad(&rc, 1, "error reading top line of %s", path);
	} else if (strcmp(buf, STATE_HEADER1) != 0 &&
	    strcmp(buf, STATE_HEADER2) != 0) {
		read_bad(&rc, 1, "bad top line in state file %s", path);
	} else {
		read_entries(&rc, f, buf);
	}
	free(buf);
	fclose(f);
	return rc.nbad > 0 ? -1 : 0;
}

int
rstate_read(struct rstate *st, const char *path, struct hr_error *err)
{
	return rstate_read_report(st, path, NULL, NULL, err);
}

/* Appends e's line: the path quoted and escaped, then the date. */
static void
format_entry(struct sbuf *out, const struct rstate_entry *e)
{
	const char *p;

	sbuf_addch(out, '"');
	for (p = e->path; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\')
			sbuf_addch(out, '\\');
		if (*p == '\n')
			sbuf_adds(out, "\\n");
		else
			sbuf_addch(out, *p);
	}
	sbuf_addf(out, "\" %d-%d-%d-%d:%d:%d\n", e->last.tm_year + 1900,
	    e->last.tm_mon + 1, e->last.tm_mday, e->last.tm_hour,
	    e->last.tm_min, e->last.tm_sec);
}

/* An entry not looked up this run and last rotated over a year ago. */
static int
is_stale(const struct rstate_entry *e, time_t now)
{
	struct tm tm = e->last;

	return !e->seen && difftime(now, mktime(&tm)) > RSTATE_STALE_SECS;
}

void
rstate_format(const struct rstate *st, time_t now, struct sbuf *out)
{
	size_t i;

	sbuf_adds(out, STATE_HEADER2);
	for (i = 0; i < st->n; i++)
		if (!is_stale(st->entries[i], now))
			format_entry(out, st->entries[i]);
}

/*
 * The attributes the new state file gets: those of the current one minus
 * o+r (so that other users cannot take the lock), or 0640 and our own
 * identity when there is none yet.  A state path that is not a regular
 * file is refused, as logrotate 3.22+ does.
 */
static int
new_attributes(const char *path, struct stat *sb, struct hr_error *err)
{
	if (stat(path, sb) == 0) {
		/* 3.22+: renaming over a device or FIFO would replace it. */
		if (!S_ISREG(sb->st_mode))
			return hr_error_set(err, 0, NULL, 0,
			    "state file %s is not a regular file: not written",
			    path);
		sb->st_mode &= 07777 & ~(mode_t)S_IROTH;
		return 0;
	}
	if (errno != ENOENT)
		return hr_error_set(
		    err, errno, NULL, 0, "error stat()ing state file %s", path);
	sb->st_mode = 0640;
	sb->st_uid = geteuid();
	sb->st_gid = getegid();
	return 0;
}

/*
 * Creates tmp (O_EXCL) owned and moded as sb says, with the ACL of path
 * when it has one (as logrotate's createOutputFile: the ACL first, then
 * the mode, so that o+r stays dropped and the ACL's named entries stay).
 */
static int
create_tmp(const char *tmp, const char *path, const struct stat *sb,
    struct hr_error *err)
{
	struct stat now;
	int fd;

	fd = fsutil_create_excl(AT_FDCWD, tmp, 0600 & sb->st_mode, err);
	if (fd < 0)
		return -1;
	if (fstat(fd, &now) < 0) {
		hr_error_set(err, errno, NULL, 0, "error stat()ing %s", tmp);
		goto fail;
	}
	if ((now.st_uid != sb->st_uid || now.st_gid != sb->st_gid) &&
	    fchown(fd, sb->st_uid, sb->st_gid) < 0) {
		hr_error_set(err, errno, NULL, 0,
		    "error setting owner of %s to uid %u and gid %u", tmp,
		    (unsigned)sb->st_uid, (unsigned)sb->st_gid);
		goto fail;
	}
	if (fsutil_copy_acl(-1, path, fd, tmp, err) < 0)
		goto fail;
	if (fchmod(fd, sb->st_mode) < 0) {
		hr_error_set(
		    err, errno, NULL, 0, "error setting mode of %s", tmp);
		goto fail;
	}
	return fd;
fail:
	fsutil_abort(fd, tmp);
	return -1;
}

int
rstate_write(
    struct rstate *st, const char *path, time_t now, struct hr_error *err)
{
	struct sbuf tmp = SBUF_INIT, data = SBUF_INIT;
	struct stat sb;
	int fd, rc = -1;

	if (strcmp(path, "/dev/null") == 0)
		return 0;
	sbuf_addf(&tmp, "%s.tmp", path);
	if (unlink(tmp.buf) < 0 && errno != ENOENT) {
		hr_error_set(err, errno, NULL, 0,
		    "error removing old temporary state file %s", tmp.buf);
		goto out;
	}
	if (new_attributes(path, &sb, err) < 0)
		goto out;
	fd = create_tmp(tmp.buf, path, &sb, err);
	if (fd < 0)
		goto out;
	rstate_format(st, now, &data);
	if (fsutil_write_all(fd, data.buf, data.len) < 0) {
		hr_error_set(err, errno, NULL, 0,
		    "error writing temp state file %s", tmp.buf);
		fsutil_abort(fd, tmp.buf);
		goto out;
	}
	rc = fsutil_commit(fd, tmp.buf, path, FSUTIL_SYNC_DIR, err);
out:
	sbuf_release(&data);
	sbuf_release(&tmp);
	return rc;
}

/* Opens path for locking, creating a 0640 stub when it is missing. */
static int
open_for_lock(const char *path, struct hr_error *err)
{
	int fd = open(path, O_RDWR | O_CLOEXEC);

	if (fd >= 0)
		return fd;
	if (errno != ENOENT)
		return hr_error_set(
		    err, errno, NULL, 0, "error opening state file %s", path);
	fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0640);
	if (fd < 0)
		return hr_error_set(err, errno, NULL, 0,
		    "error creating stub state file %s", path);
	return fd;
}

/*
 * The pid that holds a lock on fd's file, from /proc/locks ("1: FLOCK
 * ADVISORY WRITE PID MAJ:MIN:INODE ..."; waiters' lines have "->"), or
 * 0 when unknown.
 */
static long
lock_holder(int fd)
{
	struct stat sb;
	char line[256];
	unsigned maj, min;
	unsigned long long ino;
	long pid, found = 0;
	FILE *fp;

	if (fstat(fd, &sb) < 0 || (fp = fopen("/proc/locks", "re")) == NULL)
		return 0;
	while (found == 0 && fgets(line, sizeof(line), fp) != NULL) {
		if (strstr(line, "->") != NULL ||
		    sscanf(line, "%*d: %*s %*s %*s %ld %x:%x:%llu", &pid, &maj,
		        &min, &ino) != 4)
			continue;
		/* flock(1) takes a lock for a child and ends: no holder. */
		if (ino == (unsigned long long)sb.st_ino &&
		    maj == major(sb.st_dev) && min == minor(sb.st_dev) &&
		    (kill((pid_t)pid, 0) == 0 || errno == EPERM))
			found = pid;
	}
	fclose(fp);
	return found;
}

/* Sleeps ms milliseconds (signals may cut it short). */
static void
nap(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/*
 * flock(LOCK_EX) on fd: once (LOCK_NB), for ever (wait < 0), or tried
 * every 50 ms for at most wait seconds.  Returns 0, -2 busy (err set,
 * naming the holder after a bounded wait), or -1 (err set).
 */
static int
take_lock(int fd, const char *path, enum rstate_lock_mode m, long wait,
    struct hr_error *err)
{
	double end = hr_mono_seconds() + (double)wait;
	long pid;
	int r;

	for (;;) {
		r = flock(fd,
		    LOCK_EX | (m == RSTATE_LOCK_NB || wait >= 0 ? LOCK_NB : 0));
		if (r == 0)
			return 0;
		if (errno == EINTR)
			continue;
		if (errno != EWOULDBLOCK)
			return hr_error_set(err, errno, NULL, 0,
			    "error acquiring lock on state file %s", path);
		if (m == RSTATE_LOCK_NB || hr_mono_seconds() >= end)
			break;
		nap(50);
	}
	if (m == RSTATE_LOCK_NB) {
		hr_error_set(err, 0, NULL, 0,
		    "state file %s is already locked\nlogrotate does "
		    "not support parallel execution on the same set "
		    "of logfiles.",
		    path);
		return -2;
	}
	pid = lock_holder(fd);
	if (pid > 0)
		hr_error_set(err, 0, NULL, 0,
		    "state file %s is still locked by process %ld after %ld "
		    "seconds",
		    path, pid, wait);
	else
		hr_error_set(err, 0, NULL, 0,
		    "state file %s is still locked after %ld seconds", path,
		    wait);
	return -2;
}

/* rstate_lock, with wait as rstate_lock_wait's (-1: none). */
static int
lock_file(struct rstate *st, const char *path, enum rstate_lock_mode m,
    long wait, struct hr_error *err)
{
	struct stat sb;
	int fd, r;

	if (strcmp(path, "/dev/null") == 0)
		return 0;
	fd = open_for_lock(path, err);
	if (fd < 0)
		return -1;
	if (m == RSTATE_LOCK_SKIP) {
		close(fd);
		return 0;
	}
	if (fstat(fd, &sb) < 0) {
		hr_error_set(
		    err, errno, NULL, 0, "error stat()ing state file %s", path);
		close(fd);
		return -1;
	}
	if (sb.st_mode & S_IROTH) {
		hr_error_set(err, 0, NULL, 0,
		    "state file %s is world-readable and thus can be locked "
		    "from other unprivileged users. Skipping lock "
		    "acquisition...",
		    path);
		close(fd);
		return 1;
	}
	r = take_lock(fd, path, m, wait, err);
	if (r < 0) {
		close(fd);
		return r;
	}
	if (st->lock_fd >= 0)
		close(st->lock_fd);
	st->lock_fd = fd;
	return 0;
}

int
rstate_lock(struct rstate *st, const char *path, enum rstate_lock_mode m,
    struct hr_error *err)
{
	return lock_file(st, path, m, -1, err);
}

int
rstate_lock_wait(
    struct rstate *st, const char *path, long seconds, struct hr_error *err)
{
	return lock_file(st, path, RSTATE_LOCK_WAIT, seconds, err);
}

void
rstate_release(struct rstate *st)
{
	size_t i;

	for (i = 0; i < st->n; i++) {
		free(st->entries[i]->path);
		free(st->entries[i]);
	}
	free(st->entries);
	strmap_free(st->index);
	if (st->lock_fd >= 0)
		close(st->lock_fd);
	st->entries = NULL;
	st->n = st->alloc = 0;
	st->index = NULL;
	st->lock_fd = -1;
}
