/*
 * sqlscan.h - a lexical pass over SQL text that knows PostgreSQL's quoting
 * (strings, E'' strings, quoted identifiers, dollar quotes, nested block
 * comments) but does not parse. The native reader uses it to find directive
 * comments and psql meta-commands only where they really are comments or
 * lines; sql.c uses its nesting estimate to refuse statements deep enough to
 * exhaust a recursive parser's stack before handing them to libpg_query.
 */
#ifndef AIRLOCK_SQLSCAN_H
#define AIRLOCK_SQLSCAN_H

#include <stdint.h>

enum sqlscan_event {
    SQLSCAN_LINE_COMMENT, /* '--' comment that is the first thing on its line: off, len (to EOL) */
    SQLSCAN_META,         /* a line starting with '\' outside quotes/comments: off, len (to EOL) */
    SQLSCAN_CODE,         /* the first code byte of a line (at most once per line): off, 1 */
    SQLSCAN_SEMI,         /* a ';' outside quotes and comments: off, 1 */
    SQLSCAN_COPY_DATA,    /* the data lines after COPY ... FROM STDIN; up to and including the
                           * terminating '\.' line: off, len (never scanned as SQL) */
};

typedef void (*sqlscan_fn)(void *ctx, enum sqlscan_event ev, uint32_t off, uint32_t len);

/* Scans text[0..len). Calls fn (may be NULL) for each event in order. Returns
 * the largest nesting estimate of any statement: parenthesis depth plus the
 * longest run of operators inside one parenthesised list item, which bounds
 * the depth of the tree PostgreSQL's grammar builds for it. */
uint32_t sqlscan(const char *text, uint32_t len, sqlscan_fn fn, void *ctx);

#endif
