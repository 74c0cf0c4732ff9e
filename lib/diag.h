/*
 * diag: diagnostics for the *_main.c files, and the error record that
 * library code fills instead of printing.
 *
 * Every message is formatted first and written with a single write(2), so
 * lines from several threads never interleave.  A message reads
 *	PROGRAM: LEVEL: text\n
 * where "PROGRAM: " is left out when the program name is NULL (headroom
 * rotate, like logrotate, prints none) and LEVEL is "warning" or "error";
 * diag_say prints no level (du's style: "headroom: cannot read ...").
 * Debug messages are printed only when verbose is on, with no prefix at all.
 * A second descriptor (logrotate's -l FILE) receives every message,
 * debug included; so does syslog (-l syslog), each line of a message as
 * one record at the level's priority (diag_priority), without prefix.
 */
#ifndef HR_DIAG_H
#define HR_DIAG_H

#include <stdarg.h>

#define DIAG_PRINTF(a, b) __attribute__((format(printf, a, b)))

enum diag_level {
	DIAG_DEBUG,
	DIAG_SAY,
	DIAG_WARNING,
	DIAG_ERROR,
};

/* Borrowed; NULL for no prefix.  Not thread-safe: call before threads. */
void diag_set_program(const char *name);
void diag_set_verbose(int on);
int diag_verbose(void);
/* Also copy every message to fd (-1 to stop); the caller owns fd. */
void diag_set_logfd(int fd);
/* Where messages go (default 2). */
void diag_set_fd(int fd);
/*
 * Also send every message, debug included, to syslog(3) as ident with
 * facility LOG_USER (logrotate's -l syslog); NULL stops (closelog).
 * ident is borrowed and must outlive the use.
 */
void diag_set_syslog(const char *ident);

/*
 * Whether fd is the journal's stream: systemd sets JOURNAL_STREAM to
 * "DEV:INODE" of the stream it connects a service's stderr to
 * (systemd.exec(5)); 1 when fd's device and inode are those.
 */
int diag_is_journal(int fd);
/*
 * With on, each line written to the message descriptor (not -l's) begins
 * with "<N>", N the level's priority (diag_priority), which journald
 * takes as the line's priority (sd-daemon(3)), so that
 * `journalctl -p err` shows errors.  Call before threads start.
 */
void diag_set_journal(int on);
int diag_journal(void);

/*
 * The number of messages of level so far in this process, printed or
 * not (a debug message counts when verbose is off too).  Thread-safe.
 */
unsigned long diag_count(enum diag_level level);

/*
 * The syslog(3) priority of a level, the one mapping every consumer of
 * priorities shares (syslog here; journal-style "<N>" prefixes too):
 * DIAG_ERROR and DIAG_SAY (du-style errors) LOG_ERR, DIAG_WARNING
 * LOG_WARNING, DIAG_DEBUG LOG_INFO (as logrotate: -v text is
 * informational, not a debugging aid).
 */
int diag_priority(enum diag_level level);

/*
 * A reporter: how library code hands each message to the caller that
 * prints it (library code never prints).  hr_report formats the message
 * and calls r->fn with r->ctx; a NULL r or r->fn drops it.  Messages
 * carry logrotate's or du's wording, without a level prefix or newline.
 */
typedef void hr_report_fn(void *ctx, enum diag_level level, const char *text);
struct hr_reporter {
	hr_report_fn *fn;
	void *ctx;
};
void hr_report(const struct hr_reporter *r, enum diag_level level,
    const char *fmt, ...) DIAG_PRINTF(3, 4);

void diag_vmsg(enum diag_level level, const char *fmt, va_list ap)
    DIAG_PRINTF(2, 0);
void diag_debug(const char *fmt, ...) DIAG_PRINTF(1, 2);
void diag_say(const char *fmt, ...) DIAG_PRINTF(1, 2);
void diag_warning(const char *fmt, ...) DIAG_PRINTF(1, 2);
void diag_error(const char *fmt, ...) DIAG_PRINTF(1, 2);
/* Writes raw text (no prefix, no newline added) to the message streams. */
void diag_raw(const char *text);

/*
 * The error record.  Library functions return -1 and fill one, owned by
 * the caller:
 *
 *	struct hr_error err = HR_ERROR_INIT;
 *	if (fsutil_replace(..., &err) < 0)
 *		diag_error("%s", hr_error_text(&err));
 *	hr_error_release(&err);
 */
struct hr_error {
	int code;   /* errno value, 0 when none applies */
	long line;  /* line number in path, 0 when none */
	char *path; /* file the error is about, or NULL */
	char *msg;  /* what failed, e.g. "cannot open" */
	char *text; /* cache for hr_error_text() */
};
#define HR_ERROR_INIT                                                          \
	{                                                                      \
		0, 0, NULL, NULL, NULL                                         \
	}

/*
 * Records an error (replacing any earlier one) and returns -1, so that
 * library code can `return hr_error_set(err, errno, path, 0, "cannot open")`.
 * err may be NULL, then nothing is recorded.
 */
int hr_error_set(struct hr_error *err, int code, const char *path, long line,
    const char *fmt, ...) DIAG_PRINTF(5, 6);
/*
 * Formats the record as logrotate and du would print it:
 *	"MSG 'PATH': STRERROR"     (path, code)
 *	"PATH:LINE: MSG"           (path, line)
 * The string belongs to err and lives until the next call or release.
 */
const char *hr_error_text(struct hr_error *err);
void hr_error_release(struct hr_error *err);

#endif
