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

struct arena;

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
    char *to;                 /* NULL = base (a down bundle back to an empty database) */
    char *version_table;      /* "alembic" or "airlock" */
    char schema_from_sha256[65];
    struct manifest_file *files;
    uint32_t nfiles;
    struct manifest_rev *revs;
    uint32_t nrevs;
    struct arena *arena; /* owns everything manifest_parse allocated */
};

/* Parses MANIFEST bytes strictly (fixed order, no optional whitespace). On
 * error fills e with the 1-based line. Free with manifest_free. */
int manifest_parse(const char *text, size_t len, struct manifest *m, struct err *e);
/* Serialises m in canonical form (malloc'd, caller frees). */
char *manifest_format(const struct manifest *m, size_t *len);
/* Frees what manifest_parse allocated (nothing if m was filled by hand). */
void manifest_free(struct manifest *m);

/* The manifest's value syntax, shared with bundle building and the CLI. */
#define MANIFEST_PROJECT_MAX 64
bool manifest_id_valid(const char *id);     /* [A-Za-z0-9_.]{1,32}, not "base" */
bool manifest_project_valid(const char *s); /* [A-Za-z0-9_.-]{1,64} */
/* Entry path: components of [A-Za-z0-9_.-], none empty, "." or "..", no
 * leading '/', at most 255 bytes. */
bool manifest_path_valid(const char *path, size_t len);
/* RFC 3339 UTC "YYYY-MM-DDTHH:MM:SSZ" <-> unix seconds (1970..9999). */
int manifest_time_parse(const char *s, size_t len, int64_t *t);
void manifest_time_format(int64_t t, char out[21]);

#endif
