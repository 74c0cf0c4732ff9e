/*
 * exec_say: what the engine (exec.c) and the steps (exec_steps.c) both
 * report, in logrotate's words: a failed compression and what its
 * program wrote to stderr, a failed removal, and the notes a worker
 * leaves for the engine thread to report.  Only exec_say() reaches the
 * caller's reporter, so a worker thread never reports itself.
 */
#include "config.h"

#include <stdarg.h>
#include <string.h>

#include "lib/sbuf.h"
#include "rotate/exec_int.h"

/* ---- notes: messages a worker leaves for the engine to report ---- */

/* Appends one message: its level, its text and a NUL. */
void
note_add(struct sbuf *notes, enum diag_level level, const char *fmt, ...)
{
	va_list ap;

	sbuf_addch(notes, (char)('0' + level));
	va_start(ap, fmt);
	sbuf_vaddf(notes, fmt, ap);
	va_end(ap);
	sbuf_add(notes, "", 1);
}

void
notes_report(struct exec *x, const struct sbuf *notes)
{
	size_t k = 0;

	while (k < notes->len) {
		const char *m = notes->buf + k;

		exec_say(x, (enum diag_level)(m[0] - '0'), "%s", m + 1);
		k += strlen(m) + 1;
	}
}

/* ---- compression and removal ---- */

/*
 * A failed compression of src, in one message that begins with
 * logrotate's words ("failed to compress log SRC") and says why.
 */
void
say_compress_failed(struct exec *x, const char *src, struct hr_error *err)
{
	static const char lead[] = "failed to compress log";
	const char *msg = err->msg ? err->msg : "";

	/* compress.c's own "failed to compress log (exit status 1)". */
	if (strncmp(msg, lead, sizeof(lead) - 1) == 0)
		exec_say(x, DIAG_ERROR, "%s %s%s", lead, src,
		    msg + sizeof(lead) - 1);
	else
		exec_say(
		    x, DIAG_ERROR, "%s %s: %s", lead, src, hr_error_text(err));
}

void
say_removal(struct exec *x, const char *path, int shred_failed, int code)
{
	if (shred_failed)
		exec_say(
		    x, DIAG_ERROR, "Failed to shred %s, trying unlink", path);
	if (code != 0)
		exec_say(x, DIAG_ERROR, "Failed to remove old log %s: %s", path,
		    strerror(code));
}

/* What a compression's program wrote on its standard error, if anything. */
void
say_compress_stderr(struct exec *x, const char *src, const struct sbuf *text)
{
	if (text->len > 0)
		exec_say(x, DIAG_ERROR,
		    "Compressing program wrote following message to stderr "
		    "when compressing log %s:\n%s",
		    src, text->buf);
}
