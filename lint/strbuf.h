/*
 * strbuf.h - growable byte string on the heap (malloc), for building output
 * text: reports, schema text, manifests. Always NUL-terminated.
 */
#ifndef AIRLOCK_STRBUF_H
#define AIRLOCK_STRBUF_H

#include <stddef.h>

struct strbuf {
    char *buf;
    size_t len, cap;
};

#define STRBUF_INIT                                                                                \
    {                                                                                              \
        NULL, 0, 0                                                                                 \
    }

void sb_grow(struct strbuf *sb, size_t extra);
void sb_add(struct strbuf *sb, const void *p, size_t n);
void sb_adds(struct strbuf *sb, const char *s);
void sb_addc(struct strbuf *sb, char c);
void sb_printf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends s as a JSON string literal, quotes included. */
void sb_add_json_str(struct strbuf *sb, const char *s);
/* Appends s as a SQL string literal: 'it''s'. */
void sb_add_sql_literal(struct strbuf *sb, const char *s);
/* Appends s with backslash, newline and CR escaped (as a backslash followed by
 * \\, n, r) and a newline: one line of the canonical schema text, written the
 * same way by the simulator and by live introspection. */
void sb_add_escaped_line(struct strbuf *sb, const char *s);
void sb_reset(struct strbuf *sb);
void sb_release(struct strbuf *sb);
/* Returns the buffer (caller frees) and leaves sb empty. */
char *sb_detach(struct strbuf *sb, size_t *len);

#endif
