/*
 * fmt_json_field: the JSON writer's pieces (see fmt_json_int.h): a
 * string escaped so that any name comes out as valid JSON in valid
 * UTF-8, and the fields of an object, shared by fmt_json.c and
 * fmt_json_growth.c.
 */
#include "config.h"

#include "lib/quote.h"
#include "scanner/fmt.h"
#include "scanner/fmt_json_int.h"

void
fmt_json_string(struct sbuf *sb, const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, len;

	sbuf_addch(sb, '"');
	while (i < n) {
		unsigned char c = s[i];

		if (c == '"' || c == '\\') {
			sbuf_addch(sb, '\\');
			sbuf_addch(sb, c);
			i++;
		} else if (c < 0x20 || c == 0x7f) {
			static const char esc[] = "btn\0fr";

			if (c >= 8 && c <= 13 && c != 11)
				sbuf_addf(sb, "\\%c", esc[c - 8]);
			else
				sbuf_addf(sb, "\\u%04x", c);
			i++;
		} else if ((len = quote_utf8_len(s + i, n - i)) == 0) {
			sbuf_addf(sb, "\\udc%02x", c);
			i++;
		} else {
			sbuf_add(sb, s + i, len);
			i += len;
		}
	}
	sbuf_addch(sb, '"');
}

void
json_key(struct sbuf *sb, const char *k)
{
	sbuf_addf(sb, "\"%s\":", k);
}

void
json_str_field(struct sbuf *sb, const char *k, const char *v, size_t n)
{
	json_key(sb, k);
	fmt_json_string(sb, v, n);
}

void
json_num_field(struct sbuf *sb, const char *k, uint64_t v)
{
	sbuf_addf(sb, "\"%s\":%llu", k, (unsigned long long)v);
}

void
json_num_next(struct sbuf *sb, const char *k, uint64_t v)
{
	sbuf_addf(sb, ",\"%s\":%llu", k, (unsigned long long)v);
}
