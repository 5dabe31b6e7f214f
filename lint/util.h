/*
 * util.h - small helpers shared by both binaries (no libpg_query): the error
 * record every module fills, whole-file reading, atomic file writing, UTF-8
 * validation, hashing to hex.
 */
#ifndef AIRLOCK_UTIL_H
#define AIRLOCK_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Error record: functions return int (0 ok) and fill this; only cli/ prints. */
struct err {
    int code;       /* module-specific, non-zero on error; see each header */
    char msg[512];  /* primary message, one line, no trailing period */
    char file[256]; /* where, when known */
    uint32_t line, col;
};

int err_set(struct err *e, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Reads a whole regular file into malloc'd memory with a NUL after it.
 * Refuses files larger than max_size. Returns 0 or -1 with e filled. */
int read_file(const char *path, size_t max_size, char **data, size_t *len, struct err *e);
/* Writes data to path atomically: temp file in the same directory, fsync, rename. */
int write_file_atomic(const char *path, const void *data, size_t len, int mode, struct err *e);

/* Returns the offset of the first invalid UTF-8 byte, or (size_t)-1 if valid. */
size_t utf8_invalid_offset(const char *s, size_t len);

/* SHA-256 of data as 64 lowercase hex chars + NUL. */
void sha256_hex(const void *data, size_t len, char out[65]);

#endif
