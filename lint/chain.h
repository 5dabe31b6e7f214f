/*
 * chain.h - the revision chain every format reader produces and every later
 * stage consumes: revisions with ids, parents, up/down SQL (mapped back to the
 * user's files), transaction mode and lint suppressions; after chain_validate
 * the revisions are in topological order with heads and bases known.
 *
 * Data flow: formats/<x>.c fills a struct chain -> chain_validate() checks the
 * graph -> sql_parse_chain() splits and parses every part -> simulator/rules.
 */
#ifndef AIRLOCK_CHAIN_H
#define AIRLOCK_CHAIN_H

#include <stdbool.h>
#include <stdint.h>

#include "lint/diag.h"
#include "lint/hashmap.h"
#include "lint/source.h"

struct arena;
typedef struct PgQuery__Node PgQuery__Node;

#define CHAIN_ID_MAX 32 /* Alembic's version_num varchar(32) */

enum tx_mode { TX_ON = 0, TX_OFF = 1 };

enum stmt_flag {
    STMT_NO_TX = 1u << 0,       /* runs outside the revision's transaction (autocommit block) */
    STMT_BOOKKEEPING = 1u << 1, /* a migration tool's own statement (alembic_version, BEGIN...) */
    STMT_NOT_ANALYZED = 1u << 2 /* placeholder for code the reader could not translate */
};

struct stmt {
    uint32_t off, len;   /* the statement's bytes in its part's sqltext, without the ';' */
    struct loc loc;      /* where its first token is in the user's file */
    PgQuery__Node *node; /* the parse tree (RawStmt's stmt), NULL if it did not parse */
    uint32_t flags;      /* enum stmt_flag */
    uint32_t index;      /* position in the part, 0-based */
};

enum part_kind { PART_UP = 0, PART_DOWN = 1 };

struct part {
    bool present;       /* the revision has this part (down is optional) */
    struct sqltext sql; /* the part's SQL text */
    struct loc loc;     /* where the part starts (e.g. the '-- airlock:down' line) */
    struct stmt *stmts;
    uint32_t nstmts;
    bool parsed;      /* sql_parse_part ran */
    bool stmts_given; /* the format reader delimited stmts[] (its tool's own statement
                       * boundaries and flags): sql_parse_part parses them as given */
};

/* '-- airlock:ignore R1,R2' (next statement) or 'ignore-file' (whole revision). */
struct ignore {
    struct loc loc;
    const char **rules;
    uint32_t nrules;
    bool file_wide;
    enum part_kind part; /* part of the statement it applies to */
    int32_t stmt;        /* index of that statement in the part; -1 = file-wide or none */
    uint32_t text_off;   /* offset of the directive in the part's sqltext (to find the stmt) */
    bool used;           /* set by the rule engine when it suppressed something */
};

struct revision {
    const char *id;
    const char **parents; /* ids; resolved to pointers by chain_validate */
    uint32_t nparents;
    struct revision **parent_revs;
    const char *message;
    const char *version; /* the format's own version key, e.g. "10" of 10_x.sql (for ordering) */
    const struct source *src; /* the file that defines the revision */
    struct loc loc;           /* where it is declared (revision directive, or 1:1) */
    struct loc parents_loc;   /* the parents directive, or loc */
    bool explicit_parents;    /* parents were named (not implied by file order) */
    enum tx_mode tx;
    struct part up, down;
    struct ignore *ignores;
    uint32_t nignores;
    /* filled by chain_validate */
    uint32_t order; /* position in chain->revs (topological) */
    struct revision **children;
    uint32_t nchildren;
    const char *format_data; /* opaque per-format note (e.g. Sqitch change id) */
    bool broken;             /* the file could not be read as text: no statements to check */
};

struct chain {
    struct arena *arena;
    const char *dir;        /* directory (or "-" for files given one by one) */
    const char *format;     /* "native", "alembic", ... */
    struct revision **revs; /* topological order after chain_validate */
    uint32_t nrevs, cap;
    struct revision **heads, **bases;
    uint32_t nheads, nbases;
    struct source **sources; /* every file read, in the order read */
    uint32_t nsources, sources_cap;
    struct hashmap index; /* id -> revision */
    bool valid;           /* chain_validate found no graph error */
    bool partial;         /* files given one by one: parents outside them are not errors */
};

struct chain *chain_new(struct arena *a, const char *dir, const char *format);
struct revision *chain_add(struct chain *c);              /* new zeroed revision, appended */
void chain_add_source(struct chain *c, struct source *s); /* remember a file read */
struct revision *chain_find(const struct chain *c, const char *id);

/* Graph checks (duplicate id, missing parent, cycle, several heads/bases, bad
 * ids, single-parent merge, ...); orders revs topologically. Returns the number
 * of error diagnostics added. */
int chain_validate(struct chain *c, struct diag_list *d);
/* Resolves REV: an id, a unique prefix of >= 4 chars, "base" (NULL, returns 0) or
 * "head" (the single head). Returns 0 or -1 with e filled. */
int chain_resolve(const struct chain *c, const char *rev, struct revision **out, struct err *e);
/* Revisions on the path from 'from' (exclusive, NULL = base) to 'to'
 * (inclusive), in application order. Returns the count or -1 if none. */
int chain_path(const struct chain *c, const struct revision *from, const struct revision *to,
               struct revision ***out, struct err *e);
/* Valid id: [A-Za-z0-9_.]{1,32}. */
bool chain_id_valid(const char *id);

/* Checks every ignore directive names a known rule ('unknown-rule' otherwise). */
typedef bool (*rule_known_fn)(const char *id);
int chain_check_ignores(struct chain *c, rule_known_fn known, struct diag_list *d);

/* Version compare of file names: leading numbers numerically ("2_x" < "10_y"),
 * then the whole name bytewise; names without a leading number sort last. */
int chain_version_cmp(const char *a, const char *b);

/* Native format reader (SPEC.md §1): a directory of *.sql, or single files. */
int native_read_dir(struct chain *c, const char *dir, struct diag_list *d);
int native_read_files(struct chain *c, char **files, int nfiles, struct diag_list *d);
/* The same for files already in memory, in the order given (tests, fuzzing). */
int native_read_buffers(struct chain *c, const char *const *names, const char *const *data,
                        const size_t *lens, int n, struct diag_list *d);

#endif
