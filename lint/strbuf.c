/*
 * strbuf.c - growable string buffer. Doubling growth; the buffer always has a
 * terminating NUL so it can be handed to C string functions.
 */
#include "lint/strbuf.h"
#include "lint/arena.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sb_grow(struct strbuf *sb, size_t extra)
{
    if (sb->len + extra + 1 <= sb->cap)
        return;
    size_t cap = sb->cap ? sb->cap : 64;
    while (cap < sb->len + extra + 1)
        cap *= 2;
    sb->buf = xrealloc(sb->buf, cap);
    sb->cap = cap;
}

void sb_add(struct strbuf *sb, const void *p, size_t n)
{
    sb_grow(sb, n);
    if (n)
        memcpy(sb->buf + sb->len, p, n);
    sb->len += n;
    sb->buf[sb->len] = 0;
}

void sb_adds(struct strbuf *sb, const char *s)
{
    sb_add(sb, s, strlen(s));
}

void sb_addc(struct strbuf *sb, char c)
{
    sb_grow(sb, 1);
    sb->buf[sb->len++] = c;
    sb->buf[sb->len] = 0;
}

void sb_printf(struct strbuf *sb, const char *fmt, ...)
{
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n > 0) {
        sb_grow(sb, (size_t)n);
        vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap2);
        sb->len += (size_t)n;
    }
    va_end(ap2);
}

void sb_add_json_str(struct strbuf *sb, const char *s)
{
    sb_addc(sb, '"');
    for (const unsigned char *p = (const unsigned char *)s; p && *p; p++) {
        switch (*p) {
        case '"':
            sb_adds(sb, "\\\"");
            break;
        case '\\':
            sb_adds(sb, "\\\\");
            break;
        case '\n':
            sb_adds(sb, "\\n");
            break;
        case '\r':
            sb_adds(sb, "\\r");
            break;
        case '\t':
            sb_adds(sb, "\\t");
            break;
        default:
            if (*p < 0x20)
                sb_printf(sb, "\\u%04x", *p);
            else
                sb_addc(sb, (char)*p);
        }
    }
    sb_addc(sb, '"');
}

void sb_add_sql_literal(struct strbuf *sb, const char *s)
{
    sb_addc(sb, '\'');
    for (; *s; s++) {
        if (*s == '\'')
            sb_addc(sb, '\'');
        sb_addc(sb, *s);
    }
    sb_addc(sb, '\'');
}

void sb_add_escaped_line(struct strbuf *sb, const char *s)
{
    for (; s && *s; s++) {
        if (*s == '\\')
            sb_adds(sb, "\\\\");
        else if (*s == '\n')
            sb_adds(sb, "\\n");
        else if (*s == '\r')
            sb_adds(sb, "\\r");
        else
            sb_addc(sb, *s);
    }
    sb_addc(sb, '\n');
}

void sb_reset(struct strbuf *sb)
{
    sb->len = 0;
    if (sb->buf)
        sb->buf[0] = 0;
}

void sb_release(struct strbuf *sb)
{
    free(sb->buf);
    sb->buf = NULL;
    sb->len = sb->cap = 0;
}

char *sb_detach(struct strbuf *sb, size_t *len)
{
    if (!sb->buf)
        sb_grow(sb, 0), sb->buf[0] = 0;
    char *b = sb->buf;
    if (len)
        *len = sb->len;
    sb->buf = NULL;
    sb->len = sb->cap = 0;
    return b;
}
