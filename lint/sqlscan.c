/*
 * sqlscan.c - see sqlscan.h. One pass, O(len), no allocation beyond a small
 * fixed array of per-level operator counters (levels past its size only make
 * the estimate larger, never smaller, so the limit check stays sound).
 */
#include "lint/sqlscan.h"

#include <stdbool.h>
#include <string.h>

#define LEVELS 256

static bool is_ident_start(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}

static bool is_ident_char(unsigned char c)
{
    return is_ident_start(c) || (c >= '0' && c <= '9') || c == '$';
}

static bool is_op_char(unsigned char c)
{
    return strchr("+-*/<>=~!@#%^&|`?", c) != NULL && c != 0;
}

static bool kw_eq(const char *p, uint32_t n, const char *kw)
{
    if (strlen(kw) != n)
        return false;
    for (uint32_t i = 0; i < n; i++) {
        char c = p[i];
        if (c >= 'a' && c <= 'z')
            c = (char)(c - 32);
        if (c != kw[i])
            return false;
    }
    return true;
}

uint32_t sqlscan(const char *s, uint32_t len, sqlscan_fn fn, void *ctx)
{
    uint32_t i = 0, depth = 0, best = 0;
    uint32_t ops[LEVELS];
    memset(ops, 0, sizeof ops);
    bool line_start = true; /* nothing but whitespace since the last newline */
    uint32_t words = 0;     /* identifiers and keywords since the statement began */
    bool copy_stmt = false, copy_stdin = false, prev_from = false;
    bool line_has_code = false;
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\n') {
            line_start = true;
            line_has_code = false;
            i++;
            continue;
        }
        if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
            i++;
            continue;
        }
        if (c == '-' && i + 1 < len && s[i + 1] == '-') {
            uint32_t e = i;
            while (e < len && s[e] != '\n')
                e++;
            if (line_start && fn)
                fn(ctx, SQLSCAN_LINE_COMMENT, i, e - i);
            i = e;
            continue;
        }
        if (c == '/' && i + 1 < len && s[i + 1] == '*') {
            uint32_t nest = 1;
            i += 2;
            while (i < len && nest) {
                if (s[i] == '/' && i + 1 < len && s[i + 1] == '*')
                    nest++, i += 2;
                else if (s[i] == '*' && i + 1 < len && s[i + 1] == '/')
                    nest--, i += 2;
                else {
                    if (s[i] == '\n')
                        line_has_code = true; /* a newline inside a comment is not a line start */
                    i++;
                }
            }
            line_start = false;
            continue;
        }
        if (c == '\\' && line_start) {
            uint32_t e = i;
            while (e < len && s[e] != '\n')
                e++;
            if (fn)
                fn(ctx, SQLSCAN_META, i, e - i);
            i = e;
            continue;
        }
        if (!line_has_code && fn)
            fn(ctx, SQLSCAN_CODE, i, 1);
        line_has_code = true;
        line_start = false;
        if (c == '\'') {
            /* E'...' allows backslash escapes; decided by the prefix letter */
            bool esc = i > 0 && (s[i - 1] == 'E' || s[i - 1] == 'e') &&
                       (i < 2 || !is_ident_char((unsigned char)s[i - 2]));
            i++;
            while (i < len) {
                if (esc && s[i] == '\\' && i + 1 < len) {
                    i += 2;
                    continue;
                }
                if (s[i] == '\'') {
                    if (i + 1 < len && s[i + 1] == '\'') {
                        i += 2;
                        continue;
                    }
                    i++;
                    break;
                }
                i++;
            }
            continue;
        }
        if (c == '"') {
            i++;
            while (i < len) {
                if (s[i] == '"') {
                    if (i + 1 < len && s[i + 1] == '"') {
                        i += 2;
                        continue;
                    }
                    i++;
                    break;
                }
                i++;
            }
            continue;
        }
        if (c == '$' && (i == 0 || !is_ident_char((unsigned char)s[i - 1]))) {
            uint32_t t = i + 1;
            if (t < len && is_ident_start((unsigned char)s[t])) {
                while (t < len && is_ident_char((unsigned char)s[t]) && s[t] != '$')
                    t++;
            }
            if (t < len && s[t] == '$') {
                uint32_t taglen = t + 1 - i;
                const char *tag = s + i;
                uint32_t j = t + 1;
                bool closed = false;
                while (j + taglen <= len) {
                    if (s[j] == '$' && memcmp(s + j, tag, taglen) == 0) {
                        j += taglen;
                        closed = true;
                        break;
                    }
                    j++;
                }
                i = closed ? j : len;
                continue;
            }
            i++; /* $1 parameter */
            continue;
        }
        if (is_ident_start(c)) {
            uint32_t e = i;
            while (e < len && is_ident_char((unsigned char)s[e]))
                e++;
            uint32_t n = e - i;
            /* COPY ... FROM STDIN: its data follows the statement (see below) */
            if (words == 0)
                copy_stmt = kw_eq(s + i, n, "COPY");
            else if (copy_stmt && depth == 0 && prev_from && kw_eq(s + i, n, "STDIN"))
                copy_stdin = true;
            prev_from = depth == 0 && kw_eq(s + i, n, "FROM");
            words++;
            if (kw_eq(s + i, n, "AND") || kw_eq(s + i, n, "OR") || kw_eq(s + i, n, "WHEN") ||
                kw_eq(s + i, n, "THEN") || kw_eq(s + i, n, "ELSE"))
                ops[depth < LEVELS ? depth : LEVELS - 1] = 0;
            i = e;
            continue;
        }
        if (c == '(' || c == '[') {
            depth++;
            if (depth < LEVELS)
                ops[depth] = 0;
        } else if (c == ')' || c == ']') {
            if (depth)
                depth--;
        } else if (c == ',') {
            if (depth < LEVELS)
                ops[depth] = 0;
        } else if (c == ';') {
            if (fn)
                fn(ctx, SQLSCAN_SEMI, i, 1);
            depth = 0;
            ops[0] = 0;
            words = 0;
            if (copy_stmt && copy_stdin) {
                /* as psql does: the data starts on the next line and ends with
                 * a line '\.' (or at the end of the text) */
                uint32_t d = i;
                while (d < len && s[d] != '\n')
                    d++;
                if (d < len)
                    d++;
                uint32_t e = d;
                while (e < len) {
                    uint32_t le = e;
                    while (le < len && s[le] != '\n')
                        le++;
                    bool end = le - e >= 2 && s[e] == '\\' && s[e + 1] == '.' &&
                               (le - e == 2 || (le - e == 3 && s[e + 2] == '\r'));
                    e = le < len ? le + 1 : le;
                    if (end)
                        break;
                }
                if (fn)
                    fn(ctx, SQLSCAN_COPY_DATA, d, e - d);
                copy_stmt = copy_stdin = false;
                i = e;
                line_start = true;
                line_has_code = false;
                continue;
            }
        } else if (is_op_char(c)) {
            while (i + 1 < len && is_op_char((unsigned char)s[i + 1]) &&
                   !(s[i + 1] == '-' && i + 2 < len && s[i + 2] == '-') &&
                   !(s[i + 1] == '/' && i + 2 < len && s[i + 2] == '*'))
                i++;
            ops[depth < LEVELS ? depth : LEVELS - 1]++;
        }
        uint32_t est = depth + ops[depth < LEVELS ? depth : LEVELS - 1];
        if (est > best)
            best = est;
        i++;
    }
    return best;
}
