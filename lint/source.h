/*
 * source.h - files as read from disk, with a line-start index, and SQL text
 * mapped back to them. Every statement's file:line:col is computed here by
 * binary search over the index; nothing ever rescans a file to find a line.
 * Readers of other formats (Alembic .py, ...) produce SQL that is not a slice
 * of a file: a sqltext carries a small map from text offsets to file offsets.
 */
#ifndef AIRLOCK_SOURCE_H
#define AIRLOCK_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lint/util.h"

struct arena;

struct source {
    const char *path; /* as shown in diagnostics (relative to the cwd as given) */
    const char *data; /* the bytes, NUL-terminated (data[len] == 0) */
    uint32_t len;
    uint32_t *line_starts; /* offset of each line's first byte; line_starts[0] == 0 */
    uint32_t nlines;
};

/* A location: 1-based line and column (column counted in characters). */
struct loc {
    const struct source *src; /* NULL when the location is the file as a whole */
    uint32_t off;             /* byte offset in src */
    uint32_t line, col;
};

/* Reads path (at most max_size bytes) into the arena and indexes its lines. */
struct source *source_load(struct arena *a, const char *path, size_t max_size, struct err *e);
/* Wraps bytes already in memory (copied into the arena). */
struct source *source_from_memory(struct arena *a, const char *path, const char *data, size_t len);
/* Fills line/col for a byte offset (clamped to the file). */
struct loc source_loc(const struct source *s, uint32_t off);
/* The line containing off, without its line terminator. */
const char *source_line(const struct source *s, uint32_t line, uint32_t *len);

/* One piece of a sqltext's map: text bytes [text_off, next.text_off) come
 * from src bytes starting at src_off, one for one when linear, otherwise all
 * of them are reported at src_off (generated SQL, e.g. from a Python call). */
struct srcmap {
    uint32_t text_off;
    uint32_t src_off;
    bool linear;
};

struct sqltext {
    const char *text; /* NUL-terminated */
    uint32_t len;
    const struct source *src;
    const struct srcmap *map; /* NULL: text is a slice of src starting at base */
    uint32_t nmap;
    uint32_t base;
};

/* Location in the user's file of byte off of the text. */
struct loc sqltext_loc(const struct sqltext *t, uint32_t off);

#endif
