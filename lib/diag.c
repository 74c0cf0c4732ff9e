#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "lib/diag.h"
#include "lib/sbuf.h"
#include "lib/xalloc.h"

/*
 * Settings of the process's diagnostics; written only before threads start
 * (by the *_main.c files), read by everybody.
 */
static struct {
	const char *program;
	int verbose;
	int fd;
	int logfd;
	int syslog;  /* diag_set_syslog is on */
	int journal; /* diag_set_journal is on */
} diag = { "headroom", 0, 2, -1, 0, 0 };

/* Messages of each level so far (diag_count); any thread adds. */
static unsigned long counts[DIAG_ERROR + 1];

void
diag_set_program(const char *name)
{
	diag.program = name;
}

void
diag_set_verbose(int on)
{
	diag.verbose = on;
}

int
diag_verbose(void)
{
	return diag.verbose;
}

void
diag_set_logfd(int fd)
{
	diag.logfd = fd;
}

void
diag_set_fd(int fd)
{
	diag.fd = fd;
}

void
diag_set_syslog(const char *ident)
{
	if (ident) {
		openlog(ident, 0, LOG_USER);
		diag.syslog = 1;
	} else if (diag.syslog) {
		closelog();
		diag.syslog = 0;
	}
}

void
diag_set_journal(int on)
{
	diag.journal = on;
}

int
diag_journal(void)
{
	return diag.journal;
}

int
diag_is_journal(int fd)
{
	const char *v = getenv("JOURNAL_STREAM");
	unsigned long long dev, ino;
	struct stat st;
	char junk;

	if (v == NULL || sscanf(v, "%llu:%llu%c", &dev, &ino, &junk) != 2)
		return 0;
	if (fstat(fd, &st) < 0)
		return 0;
	return (unsigned long long)st.st_dev == dev &&
	    (unsigned long long)st.st_ino == ino;
}

unsigned long
diag_count(enum diag_level level)
{
	return __atomic_load_n(&counts[level], __ATOMIC_RELAXED);
}

int
diag_priority(enum diag_level level)
{
	switch (level) {
	case DIAG_DEBUG:
		return LOG_INFO;
	case DIAG_WARNING:
		return LOG_WARNING;
	case DIAG_SAY:
	case DIAG_ERROR:
		break;
	}
	return LOG_ERR;
}

/* Each non-empty line of text as one syslog record. */
static void
to_syslog(enum diag_level level, const char *text)
{
	const char *nl;

	for (; *text; text = nl + 1) {
		nl = strchr(text, '\n');
		if (nl == NULL)
			nl = text + strlen(text);
		if (nl > text)
			syslog(diag_priority(level), "%.*s", (int)(nl - text),
			    text);
		if (*nl == '\0')
			break;
	}
}

static void
write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return;
		}
		p += w;
		n -= (size_t)w;
	}
}

/*
 * text (whole lines) with "<N>" before each line, N the priority of
 * level: journald's stream reads it as the line's priority.
 */
static void
journal_lines(enum diag_level level, const char *p, size_t n, struct sbuf *out)
{
	const char *nl;

	for (; n > 0; n -= (size_t)(nl - p), p = nl) {
		nl = memchr(p, '\n', n);
		nl = nl ? nl + 1 : p + n;
		sbuf_addf(out, "<%d>", diag_priority(level));
		sbuf_add(out, p, (size_t)(nl - p));
	}
}

static void
emit(int to_screen, enum diag_level level, const char *p, size_t n)
{
	struct sbuf j = SBUF_INIT;

	if (to_screen && diag.journal) {
		journal_lines(level, p, n, &j);
		write_all(diag.fd, j.buf, j.len);
		sbuf_release(&j);
	} else if (to_screen) {
		write_all(diag.fd, p, n);
	}
	if (diag.logfd >= 0)
		write_all(diag.logfd, p, n);
}

void
diag_vmsg(enum diag_level level, const char *fmt, va_list ap)
{
	struct sbuf sb = SBUF_INIT;
	int saved = errno;
	int to_screen = level != DIAG_DEBUG || diag.verbose;
	size_t text;

	__atomic_add_fetch(&counts[level], 1, __ATOMIC_RELAXED);
	if (!to_screen && diag.logfd < 0 && !diag.syslog)
		return;
	if (level != DIAG_DEBUG && diag.program)
		sbuf_addf(&sb, "%s: ", diag.program);
	if (level == DIAG_WARNING)
		sbuf_adds(&sb, "warning: ");
	else if (level == DIAG_ERROR)
		sbuf_adds(&sb, "error: ");
	text = sb.len;
	sbuf_vaddf(&sb, fmt, ap);
	if (diag.syslog)
		to_syslog(level, sb.buf + text);
	sbuf_addch(&sb, '\n');
	emit(to_screen, level, sb.buf, sb.len);
	sbuf_release(&sb);
	errno = saved;
}

#define DIAG_FN(fn, level)                                                     \
	void fn(const char *fmt, ...)                                          \
	{                                                                      \
		va_list ap;                                                    \
		va_start(ap, fmt);                                             \
		diag_vmsg(level, fmt, ap);                                     \
		va_end(ap);                                                    \
	}

DIAG_FN(diag_debug, DIAG_DEBUG)
DIAG_FN(diag_say, DIAG_SAY)
DIAG_FN(diag_warning, DIAG_WARNING)
DIAG_FN(diag_error, DIAG_ERROR)

void
diag_raw(const char *text)
{
	/* Raw text is no line of its own: never given a priority. */
	write_all(diag.fd, text, strlen(text));
	if (diag.logfd >= 0)
		write_all(diag.logfd, text, strlen(text));
}

int
hr_error_set(struct hr_error *err, int code, const char *path, long line,
    const char *fmt, ...)
{
	struct sbuf sb = SBUF_INIT;
	va_list ap;

	if (err == NULL)
		return -1;
	hr_error_release(err);
	va_start(ap, fmt);
	sbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	err->code = code;
	err->line = line;
	err->path = path ? xstrdup(path) : NULL;
	err->msg = sbuf_detach(&sb);
	return -1;
}

const char *
hr_error_text(struct hr_error *err)
{
	struct sbuf sb = SBUF_INIT;

	free(err->text);
	if (err->path && err->line)
		sbuf_addf(&sb, "%s:%ld: ", err->path, err->line);
	sbuf_adds(&sb, err->msg ? err->msg : "unknown error");
	if (err->path && !err->line)
		sbuf_addf(&sb, " '%s'", err->path);
	if (err->code)
		sbuf_addf(&sb, ": %s", strerror(err->code));
	err->text = sbuf_detach(&sb);
	return err->text;
}

void
hr_error_release(struct hr_error *err)
{
	free(err->path);
	free(err->msg);
	free(err->text);
	err->path = err->msg = err->text = NULL;
	err->code = 0;
	err->line = 0;
}

void
hr_report(
    const struct hr_reporter *r, enum diag_level level, const char *fmt, ...)
{
	struct sbuf text = SBUF_INIT;
	va_list ap;

	if (r == NULL || r->fn == NULL)
		return;
	va_start(ap, fmt);
	sbuf_vaddf(&text, fmt, ap);
	va_end(ap);
	r->fn(r->ctx, level, text.buf);
	sbuf_release(&text);
}
