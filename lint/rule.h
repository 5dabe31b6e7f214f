/*
 * rule.h - the lint rule engine. A rule is data: a const struct rule in
 * rules/<id>.c, listed once in rules/registry.c. The engine walks the chain
 * in order, runs every enabled rule on each statement with its context (the
 * catalog before it, the simulator's effect, the transaction it runs in, the
 * settings in force), applies ignore comments, and adds diagnostics.
 *
 * Data flow: chain (parsed) -> rules_run() -> diag_list -> cli/report_*.c.
 */
#ifndef AIRLOCK_RULE_H
#define AIRLOCK_RULE_H

#include <stdbool.h>
#include <stdint.h>

#include "lint/catalog.h"
#include "lint/chain.h"
#include "lint/diag.h"
#include "lint/simulate.h"
#include "lint/sql.h"

struct rule_engine;

enum rule_group {
    RG_LOCKING = 0, /* locks and rewrites that block production traffic */
    RG_COMPAT,      /* breaks the application version still running */
    RG_DATA_LOSS,   /* destroys data */
    RG_TYPES,       /* column types that bite later */
    RG_ROBUSTNESS,  /* migrations that fail or misbehave */
    RG_OBJECTS,     /* functions, views, triggers, policies */
    RG_CHAIN,       /* the revision chain as a whole */
};

enum rule_flag {
    RULE_OFF_BY_DEFAULT = 1u << 0, /* enabled only by config or --rules */
    RULE_UP_ONLY = 1u << 1,        /* not run on down parts (dropping is their job) */
};

struct rule_ctx;

struct rule {
    const char *id;    /* kebab-case */
    enum severity sev; /* default severity */
    enum rule_group group;
    uint32_t flags;      /* enum rule_flag */
    const char *summary; /* one line */
    const char *squawk;  /* squawk rule names this rule answers for, comma-separated, or NULL */
    const char *doc;     /* markdown: what, why, what to do instead, example */
    /* Called for every statement of every part (NULL: none). */
    void (*check)(struct rule_ctx *c);
    /* Called after the last statement of a part, with c->stmt == NULL (optional). */
    void (*end_part)(struct rule_ctx *c);
};

/* Lock modes, in PostgreSQL's order (lockdefs.h). */
enum lock_mode {
    LOCK_NONE = 0,
    LOCK_ACCESS_SHARE,
    LOCK_ROW_SHARE,
    LOCK_ROW_EXCLUSIVE,
    LOCK_SHARE_UPDATE_EXCLUSIVE,
    LOCK_SHARE,
    LOCK_SHARE_ROW_EXCLUSIVE,
    LOCK_EXCLUSIVE,
    LOCK_ACCESS_EXCLUSIVE,
};
const char *lock_mode_name(enum lock_mode m); /* "AccessExclusiveLock" */

/* What the engine knows of one statement once it ran (for later statements). */
struct rule_stmt_info {
    const struct stmt *stmt;
    const struct part *part;
    enum lock_mode lock;  /* strongest lock it takes */
    const char *lock_rel; /* on that relation, qualified */
    bool lock_rel_new;    /* that relation was new (created earlier in the revision/transaction) */
    bool heavy; /* it does work proportional to a table's size (scan, rewrite, build, DML) */
    const struct cat_rel *lock_relobj; /* the simulator's relation (stable across renames) */
};

/* A rule's view of one statement. */
struct rule_ctx {
    const struct rule *rule; /* the rule being run */
    const struct chain *chain;
    const struct revision *rev;
    const struct part *part;
    enum part_kind part_kind;
    const struct stmt *stmt;   /* NULL in end_part */
    const PgQuery__Node *node; /* stmt->node (never NULL in check) */
    const struct catalog *cat; /* catalog before the statement, NULL without simulator */
    const struct effect *eff;  /* what the statement did, NULL without simulator */
    /* transaction context */
    bool in_tx;                           /* runs inside a transaction block */
    bool tx_explicit;                     /* that block was opened by BEGIN in the SQL */
    const struct rule_stmt_info *tx_prev; /* earlier statements of the same transaction */
    uint32_t ntx_prev;
    const char *lock_timeout; /* value in force (SET/SET LOCAL), NULL if none */
    const char *statement_timeout;
    const char *timezone; /* SET timezone in force, NULL if none */
    int pg_version;       /* major version, e.g. 15 */
    enum lock_mode lock;  /* strongest lock this statement takes on an existing relation */
    const char *lock_rel;
    const struct cat_rel *lock_relobj; /* the simulator's relation behind lock_rel, or NULL */
    bool lock_rel_new;           /* lock_rel was created earlier in this revision/transaction */
    bool heavy;                  /* see rule_stmt_info.heavy */
    const struct stmt *tx_begin; /* the BEGIN that opened an explicit transaction, if any */
    uint32_t nreported;          /* findings of this rule so far in this part */
    bool chain_has_down;         /* some revision of the chain has a down part */
    const char *roundtrip_diff;  /* end of a down part: schema difference up->down, NULL if none */
    struct rule_engine *eng;
};

/* ---- reporting ---- */

/* Reports a finding of c->rule at byte 'location' of the statement's parse
 * tree (a node's location field; -1 = the statement's start). The message is
 * one line, lower case start. Returns the diag for help/note, or NULL when the
 * finding was suppressed by an ignore comment. */
struct diag *rule_report(struct rule_ctx *c, int32_t location, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The revision runs as one multi-statement query whose implicit transaction
 * a BEGIN takes over without a warning (golang-migrate). */
bool rule_tx_implicit_block(const struct rule_ctx *c);
/* A finding with a SQLSTATE (the statement fails) was already reported for
 * the current statement by an earlier rule. */
bool rule_stmt_has_error(struct rule_ctx *c);
/* Warnings and errors already reported for the current statement. */
uint32_t rule_stmt_findings(struct rule_ctx *c);
/* The current statement's text (NUL-terminated, in the run's arena); node
 * locations are offsets into it. */
const char *rule_stmt_text(struct rule_ctx *c);
/* Where subcommand cmd of the statement's ALTER TABLE starts (a location
 * for rule_report; the parse tree has none for it), or -1. */
int32_t rule_alter_cmd_location(struct rule_ctx *c, const PgQuery__AlterTableCmd *cmd);
/* printf into the run's arena. */
const char *rule_printf(struct rule_ctx *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* ---- facts about objects, answered from what earlier statements did ---- */

/* Qualified "schema.name" of a RangeVar (unqualified: the search_path's first
 * schema, "public" by default), in the engine's arena. */
const char *rule_qualify(struct rule_ctx *c, const PgQuery__RangeVar *rv);
/* Qualified name of a name list (["s","f"] or ["f"]). */
const char *rule_qualify_list(struct rule_ctx *c, PgQuery__Node **names, size_t n);
/* The relation was created earlier in this revision (so it is new and empty as
 * far as production is concerned); *same_tx tells whether in this transaction. */
bool rule_rel_is_new(struct rule_ctx *c, const char *qualname, bool *same_tx);
bool rule_rv_is_new(struct rule_ctx *c, const PgQuery__RangeVar *rv);
/* The column was added earlier in this revision (by CREATE TABLE or ADD COLUMN). */
bool rule_col_is_new(struct rule_ctx *c, const char *qualrel, const char *col);
/* The named object (index, constraint "rel.name", function, type, schema) was
 * created earlier in this revision. */
bool rule_obj_is_new(struct rule_ctx *c, const char *kind, const char *qualname);

/* ---- the catalog before the statement (NULL when there is none or no such object) ---- */

const struct cat_rel *rule_find_rel(struct rule_ctx *c, const PgQuery__RangeVar *rv);
const struct cat_rel *rule_find_rel_list(struct rule_ctx *c, PgQuery__Node **names, size_t n);
const struct cat_column *rule_find_col(const struct cat_rel *r, const char *name);
/* The relation is known not to exist here: the catalog lacks it (found is
 * the catalog lookup) and the chain created or dropped it earlier. A relation
 * the chain never created predates it (a partial history, legacy objects
 * dropped with IF EXISTS) and is assumed to exist. */
bool rule_rel_absent(struct rule_ctx *c, const char *qualname, const struct cat_rel *found);
/* The error is "X does not exist" for an X no statement of the chain creates
 * (table, index, type, function, schema, column... anywhere in the chain): X
 * predates the chain, the statement works in production. */
bool rule_missing_predates(struct rule_ctx *c, const char *sqlstate, const char *msg);
/* The table rv names exists and is not new (created before this revision and
 * transaction): the case where locks, scans and rewrites hurt. Relations
 * the chain never created count as existing (see rule_rel_absent). */
bool rule_rv_existing(struct rule_ctx *c, const PgQuery__RangeVar *rv);
/* c->node as an ALTER TABLE of a table (not ALTER TYPE of a composite, VIEW,
 * INDEX...: they have no rows to scan or rewrite) that rule_rv_existing
 * accepts; NULL for any other statement. */
const PgQuery__AlterTableStmt *rule_alter_existing_table(struct rule_ctx *c);
/* The next subcommand of s, from index *i on, of type t (NULL when none is
 * left); *i is moved past it. Start with *i = 0. */
const PgQuery__AlterTableCmd *rule_next_alter_cmd(const PgQuery__AlterTableStmt *s, size_t *i,
                                                  PgQuery__AlterTableType t);

/* ---- parse tree helpers ---- */

const char *node_str(const PgQuery__Node *n);               /* String sval, else NULL */
const char *node_last_str(PgQuery__Node **names, size_t n); /* last String of a list */
/* Canonical type name of a TypeName: "int4", "varchar", "timestamptz", "serial"... */
const char *node_type_name(const PgQuery__TypeName *t);
/* The type as SQL spells it, for messages: "bigint", "varchar(50)", "numeric(12,4)", "text[]". */
const char *node_type_display(struct arena *a, const PgQuery__TypeName *t);
/* Number of typmods and the first two as integers (-1 when absent). */
int node_typmods(const PgQuery__TypeName *t, int32_t *m1, int32_t *m2);
bool node_type_is_array(const PgQuery__TypeName *t);
/* Depth-first walk over every message in a parse tree: fn gets each Node and
 * returns false to stop descending into it. */
void node_walk(const PgQuery__Node *n, bool (*fn)(const PgQuery__Node *n, void *arg), void *arg);
/* The first column DefElem-style constraint of contype in a ColumnDef, or NULL. */
const PgQuery__Constraint *node_col_constraint(const PgQuery__ColumnDef *cd, PgQuery__ConstrType t);
/* Location of a node (its location field if it has one), else -1. */
int32_t node_location(const PgQuery__Node *n);
/* A DefElem list (VACUUM, REINDEX, EXPLAIN options) turns option name on. */
bool rule_option_set(PgQuery__Node **opts, size_t n, const char *name);
/* The strongest lock n takes and on which relation (qualified, or NULL). */
enum lock_mode rule_stmt_lock(struct rule_ctx *c, const PgQuery__Node *n, const char **rel);
/* n does work proportional to the size of an existing table (a scan, a rewrite,
 * an index build, DML over many rows), judged from the parse tree. */
bool rule_stmt_heavy(struct rule_ctx *c, const PgQuery__Node *n);

/* ---- the engine ---- */

struct rule_settings {
    int pg_version;           /* default 15 */
    const char *since;        /* report only revisions after this one (not its ancestors) */
    bool assume_lock_timeout; /* the runner sets lock_timeout (e.g. airlock-apply) */
    bool assume_statement_timeout;
    bool no_simulation; /* rules on the parse tree only (no catalog, no effects) */
    /* per-rule overrides, indexed like rule_registry: -1 = default, else
     * 0 = off, 1 = on with severity sev[i] */
    int8_t *enabled;
    enum severity *sev;
};

/* The registry (rules/registry.c). */
extern const struct rule *const rule_registry[];
extern const uint32_t rule_registry_count;
const struct rule *rule_find(const char *id);
int rule_index(const char *id); /* -1 if unknown */
/* The rule answering for squawk's rule name, or NULL. Several may: iterate with *iter = 0. */
const struct rule *rule_find_squawk(const char *squawk_name, uint32_t *iter);
const char *rule_group_name(enum rule_group g);

/* Initialises settings with defaults (arrays allocated in a). */
void rule_settings_init(struct rule_settings *s, struct arena *a);
/* Sets one rule (or "all") to off, on, info, warning or error; 0 ok, -1 with e filled. */
int rule_settings_set(struct rule_settings *s, const char *id, const char *value, struct err *e);
/* Parses a --rules style list "id,-id,id=warning" into s; 0 ok, -1 with e filled. */
int rule_settings_apply(struct rule_settings *s, const char *list, struct err *e);
bool rule_enabled(const struct rule_settings *s, uint32_t idx);
enum severity rule_severity(const struct rule_settings *s, uint32_t idx);

/* Runs every enabled rule over a parsed, validated chain; adds diagnostics
 * (including unknown-rule errors in ignore comments and unused ignores).
 * Returns 0, or -1 with e filled when settings are unusable (e.g. --since
 * names no revision). */
int rules_run(struct chain *c, const struct rule_settings *s, struct diag_list *d, struct err *e);

/* The bare names of everything the chain creates or renames something to,
 * anywhere in it (keys of out, a hashmap in the caller's arena), and the
 * test rule_missing_predates makes with them, for commands without a rule
 * context (`airlock schema`). */
struct hashmap;
void rules_chain_names(const struct chain *ch, struct hashmap *out);
bool rules_missing_predates(struct arena *a, const struct hashmap *names, const char *sqlstate,
                            const char *msg);

#endif
