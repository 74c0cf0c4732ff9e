/*
 * sbuf: a growable, always NUL-terminated byte string (after git's strbuf).
 *
 *	struct sbuf sb = SBUF_INIT;
 *	sbuf_addf(&sb, "%s/%s", dir, name);
 *	use(sb.buf);
 *	sbuf_release(&sb);
 *
 * buf is never NULL: an empty sbuf points at a shared "" until it grows.
 * Bytes may include NUL; len is authoritative.
 */
#ifndef HR_SBUF_H
#define HR_SBUF_H

#include <stdarg.h>
#include <stddef.h>

struct sbuf {
	size_t alloc;
	size_t len;
	char *buf;
};

extern char sbuf_empty[];
#define SBUF_INIT                                                              \
	{                                                                      \
		0, 0, sbuf_empty                                               \
	}

void sbuf_init(struct sbuf *sb, size_t hint);
/* Frees the buffer and leaves sb empty and reusable. */
void sbuf_release(struct sbuf *sb);
/* Returns the buffer, now owned by the caller, and leaves sb empty. */
char *sbuf_detach(struct sbuf *sb);
/* Makes room for at least extra more bytes. */
void sbuf_grow(struct sbuf *sb, size_t extra);
void sbuf_setlen(struct sbuf *sb, size_t len);
#define sbuf_reset(sb) sbuf_setlen((sb), 0)
void sbuf_add(struct sbuf *sb, const void *data, size_t len);
void sbuf_adds(struct sbuf *sb, const char *s);
void sbuf_addch(struct sbuf *sb, int c);
void sbuf_addf(struct sbuf *sb, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void sbuf_vaddf(struct sbuf *sb, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
/* Removes trailing whitespace. */
void sbuf_rtrim(struct sbuf *sb);

#endif
