/*
 * simulate.h - applies parsed statements to a catalog (catalog.h), one at a
 * time, as PostgreSQL 15 would, and says what each did: the objects it
 * created/altered/dropped, the lock it takes on each relation (per
 * AlterTableGetLockLevel and friends), whether it rewrites or scans a table,
 * and the error PostgreSQL would raise (SQLSTATE + message), after which the
 * statement has no effect. Rules read the effect and the catalog before it.
 */
#ifndef AIRLOCK_SIMULATE_H
#define AIRLOCK_SIMULATE_H

#include <stdbool.h>
#include <stdint.h>

#include "lint/catalog.h"
#include "lint/chain.h"
#include "lint/diag.h"

struct arena;
struct strbuf;

/* PostgreSQL's table lock modes (lockdefs.h), in the same order and values. */
enum sim_lockmode {
    SIM_NO_LOCK = 0,
    SIM_ACCESS_SHARE = 1,  /* AccessShareLock: SELECT */
    SIM_ROW_SHARE = 2,     /* RowShareLock: SELECT FOR UPDATE */
    SIM_ROW_EXCLUSIVE = 3, /* RowExclusiveLock: INSERT/UPDATE/DELETE */
    SIM_SHARE_UPDATE_EXCLUSIVE =
        4,                       /* ShareUpdateExclusiveLock: VACUUM, CREATE INDEX CONCURRENTLY */
    SIM_SHARE = 5,               /* ShareLock: CREATE INDEX */
    SIM_SHARE_ROW_EXCLUSIVE = 6, /* ShareRowExclusiveLock: CREATE TRIGGER, ADD FOREIGN KEY */
    SIM_EXCLUSIVE = 7,           /* ExclusiveLock: REFRESH MATERIALIZED VIEW CONCURRENTLY */
    SIM_ACCESS_EXCLUSIVE = 8,    /* AccessExclusiveLock: most ALTER TABLE, DROP */
};

/* "AccessExclusiveLock", ... ("NoLock" for SIM_NO_LOCK). */
const char *sim_lock_name(enum sim_lockmode m);

enum sim_action { SIM_CREATED = 1, SIM_ALTERED, SIM_DROPPED, SIM_RENAMED };

/* One object the statement touched. */
struct sim_object {
    enum sim_action action;
    enum cat_kind kind;
    char relkind;         /* CAT_REL: its relkind */
    const char *schema;   /* schema of the object (of its table for sub-objects) */
    const char *name;     /* object name (for a rename: the new name) */
    const char *old_name; /* SIM_RENAMED: the previous name */
    const char *table;    /* constraints, indexes, triggers, policies, columns: the table */
    const char *column;   /* a column added/altered/dropped (kind CAT_REL, the table) */
    const void *obj;      /* the catalog object (still readable after a drop) */
};

/* One relation the statement locks. */
struct sim_lock {
    const char *schema, *relation;
    const struct cat_rel *rel;
    enum sim_lockmode mode;
    bool rewrite;        /* the table (or index) is rewritten: O(size) with the lock held */
    bool scan;           /* the table is read in full with the lock held (validation) */
    bool created_in_tx;  /* the relation was created earlier in the same transaction */
    bool created_in_rev; /* ... or earlier in the same revision */
};

struct effect {
    bool simulated;            /* false: DO block, dynamic SQL, unsupported statement */
    const char *not_simulated; /* why not, when !simulated */
    const char *sqlstate;      /* PostgreSQL's SQLSTATE if the statement would fail, else NULL */
    const char *message;       /* its message, PostgreSQL's wording */
    const char *detail;        /* PostgreSQL's DETAIL, or NULL */
    const char *hint;          /* PostgreSQL's HINT, or NULL */
    uint32_t err_off;          /* byte offset in the statement the error points at */
    struct sim_object *objects;
    uint32_t nobjects;
    struct sim_lock *locks;
    uint32_t nlocks;
    bool in_tx_block;  /* the statement runs inside a transaction block */
    bool concurrently; /* CREATE/DROP INDEX CONCURRENTLY, REFRESH ... CONCURRENTLY, DETACH ...
                          CONCURRENTLY */
    bool rewrites;     /* some lock has rewrite set */
    bool scans;        /* some lock has scan set */
    bool transaction_control; /* BEGIN/COMMIT/ROLLBACK/SAVEPOINT */
};

struct sim_options {
    bool report_not_simulated; /* add an info diagnostic "not-simulated" for DO blocks etc. */
};

struct sim;

/* A simulator over catalog c (which it mutates). Allocated in a. */
struct sim *sim_new(struct arena *a, struct catalog *c, const struct sim_options *opt);
struct catalog *sim_catalog(struct sim *s);

/* Brackets one part of a revision. A tx=on revision runs in one transaction
 * (BEGIN before the first statement, COMMIT after the last); statements
 * flagged STMT_NO_TX run outside it. */
void sim_begin_part(struct sim *s, const struct revision *r, enum part_kind part);
void sim_end_part(struct sim *s);

/* Simulates one statement of the current part (p may be NULL for standalone
 * SQL). Errors PostgreSQL would raise become error diagnostics
 * ("simulation-error", with sqlstate) in d when d is not NULL, and leave the
 * catalog as it was. The effect lives in the sim's arena. */
const struct effect *sim_statement(struct sim *s, const struct part *p, const struct stmt *st,
                                   struct diag_list *d);

/* Simulates standalone SQL text (tests, tools): parses it with libpg_query and
 * runs every statement in autocommit mode. Returns the number of statements
 * that failed (parse or simulation); the last effect in *last if not NULL. */
int sim_sql(struct sim *s, const char *sql, struct diag_list *d, const struct effect **last);

/* Creates the bookkeeping table the migration tool of a chain's format
 * ("golang-migrate", "goose", "dbmate") creates before its first migration;
 * other formats have none the migrations can see. For a fresh catalog. */
void sim_tool_tables(struct sim *s, const char *format);

/* Whole chains (the tool's table first, see sim_tool_tables). The path from base to 'to' (NULL =
 * head when the chain has one head) is simulated into c; statements that do not parse are skipped.
 * With roundtrip, every revision with a down part is also simulated up ->
 * down and compared ("downgrade-not-reverting" with the difference). */
struct sim_chain_options {
    bool roundtrip;
    bool report_not_simulated;
};
int sim_chain(struct arena *a, struct catalog *c, const struct chain *ch, const struct revision *to,
              const struct sim_chain_options *opt, struct diag_list *d);
/* head -> base -> head: simulates every up part, then every down part in
 * reverse, then every up part again; adds "downgrade-not-reverting" when base
 * is not the empty schema or the second head differs from the first. */
int sim_chain_roundtrip(struct arena *a, const struct chain *ch, struct diag_list *d);

/* Line-based difference of two schema texts ("- line" / "+ line"), appended to out. */
void sim_schema_diff(const char *before, const char *after, struct strbuf *out);

#endif
