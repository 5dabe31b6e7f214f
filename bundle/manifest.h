/*
 * manifest.h - the bundle's MANIFEST (SPEC.md §4) as a C struct: written by
 * `airlock bundle`, parsed and checked by `airlock verify` and airlock-apply.
 * The manifest is the only thing the applier trusts; every archive entry is
 * checked against its size and sha256 before use.
 */
#ifndef AIRLOCK_MANIFEST_H
#define AIRLOCK_MANIFEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lint/util.h"

struct manifest_file {
    char *path;
    uint64_t size;
    char sha256[65]; /* lowercase hex */
};

struct manifest_stmt {
    uint32_t index;
    uint64_t offset, length; /* byte span in up.sql / down.sql */
    char sha256[65];         /* of those bytes */
};

struct manifest_rev {
    uint32_t seq; /* 1-based position in the bundle */
    char *id;
    char **parents; /* empty for a base */
    uint32_t nparents;
    bool tx;                     /* tx=on */
    char *up_path;               /* path of the SQL this bundle runs for the revision */
    char *down_path;             /* NULL for '-' */
    char schema_sha256[65];      /* expected schema text after the revision */
    struct manifest_stmt *stmts; /* 'stmt' lines: spans in up_path */
    uint32_t nstmts;
    struct manifest_stmt *dstmts; /* 'dstmt' lines: spans in down_path */
    uint32_t ndstmts;
};

struct manifest {
    uint32_t format_version; /* 'airlock-bundle 1' */
    char *project;
    uint64_t sequence;
    int64_t created, expires; /* unix seconds, UTC; expires 0 = never */
    bool down;                /* direction */
    char *from;               /* NULL = base */
    char *to;
    char *version_table; /* "alembic" or "airlock" */
    char schema_from_sha256[65];
    struct manifest_file *files;
    uint32_t nfiles;
    struct manifest_rev *revs;
    uint32_t nrevs;
};

/* Parses MANIFEST bytes strictly (fixed order, no optional whitespace). On
 * error fills e with the 1-based line. Free with manifest_free. */
int manifest_parse(const char *text, size_t len, struct manifest *m, struct err *e);
/* Serialises m in canonical form (malloc'd, caller frees). */
char *manifest_format(const struct manifest *m, size_t *len);
void manifest_free(struct manifest *m);

#endif
