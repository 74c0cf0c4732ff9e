/*
 * fmt_json_int: what the JSON writer's files share (fmt_json.c, the
 * sections every scan has; fmt_json_growth.c, recent, diff and
 * reclaimable), and the fields they all write with (fmt_json_field.c).
 */
#ifndef HR_FMT_JSON_INT_H
#define HR_FMT_JSON_INT_H

#include <stddef.h>
#include <stdint.h>

#include "lib/sbuf.h"
#include "scanner/fmt.h"

/* "key": */
void json_key(struct sbuf *sb, const char *k);
/* "key":"value" (n bytes, escaped) */
void json_str_field(struct sbuf *sb, const char *k, const char *v, size_t n);
/* "key":v */
void json_num_field(struct sbuf *sb, const char *k, uint64_t v);
/* ,"key":v (a field after another) */
void json_num_next(struct sbuf *sb, const char *k, uint64_t v);

/* ,"recent":{...} or null (--since). */
void json_recent(struct sbuf *sb, const struct report *r);
/* ,"diff":{...} or null (--diff). */
void json_diff(struct sbuf *sb, const struct report *r);
/* ,"reclaimable":[...] */
void json_reclaim(struct sbuf *sb, const struct report *r);

#endif
