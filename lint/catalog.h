/*
 * catalog.h - the in-memory model of a PostgreSQL 15 catalog that the
 * simulator (simulate.c) mutates statement by statement and the rules read:
 * schemas, relations (tables, partitions, views, matviews, sequences,
 * indexes, composite types), columns, constraints, functions, triggers,
 * policies, types, extensions, comments and the dependency edges between
 * them. Lookups are hash maps; every mutation goes through an undo log, so a
 * snapshot is a log position (catalog_mark) and going back is catalog_rollback.
 */
#ifndef AIRLOCK_CATALOG_H
#define AIRLOCK_CATALOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lint/hashmap.h"

struct arena;
struct strbuf;

/* A growable array of pointers whose growth is recorded in the undo log. */
struct cat_vec {
    void **items;
    uint32_t n, cap;
};

/* Object kinds (pg_class relkinds are in struct cat_rel.relkind). */
enum cat_kind {
    CAT_SCHEMA = 1,
    CAT_REL,        /* anything in pg_class: table, view, index, sequence, ... */
    CAT_CONSTRAINT, /* pg_constraint (table and domain constraints) */
    CAT_FUNC,       /* pg_proc: function, procedure, aggregate */
    CAT_TRIGGER,
    CAT_POLICY,
    CAT_TYPE, /* pg_type: base (builtin), enum, domain, composite, range */
    CAT_EXTENSION,
    CAT_OPER,    /* operators (from extensions) */
    CAT_OPCLASS, /* operator classes (from extensions) */
};

/* Common head of every catalog object (first member, so a pointer to the
 * object is a pointer to its head). */
struct cat_obj {
    enum cat_kind kind;
    uint32_t id;                     /* creation serial, like an OID: never reused */
    bool dropped;                    /* set when dropped (the memory stays valid) */
    bool builtin;                    /* present in a fresh database (pg_catalog, plpgsql, public) */
    const char *comment;             /* COMMENT ON ..., NULL if none */
    struct cat_extension *extension; /* member of this extension (not printed) */
    struct cat_vec dependents;       /* struct cat_dep* edges whose referenced object is this one */
    struct cat_vec depends_on;       /* struct cat_dep* edges whose dependent is this one */
};

/* pg_depend's deptype letters. */
enum cat_deptype {
    CAT_DEP_NORMAL = 'n',   /* DROP needs CASCADE while the dependent exists */
    CAT_DEP_AUTO = 'a',     /* dropped silently with the referenced object */
    CAT_DEP_INTERNAL = 'i', /* part of the referenced object's implementation */
};

/* What part of the dependent object the edge belongs to. */
enum cat_deprole {
    CAT_ROLE_OBJECT = 0, /* the whole dependent object (view, constraint, trigger...) */
    CAT_ROLE_DEFAULT,    /* the default expression of column dep_attnum */
    CAT_ROLE_COLUMN,     /* column dep_attnum itself (its type) */
    CAT_ROLE_GENERATION, /* the generation expression of column dep_attnum */
};

struct cat_dep {
    struct cat_obj *dependent;
    int16_t dep_attnum; /* column of the dependent (role DEFAULT/COLUMN), else 0 */
    uint8_t role;       /* enum cat_deprole */
    char deptype;       /* enum cat_deptype */
    struct cat_obj *referenced;
    int16_t ref_attnum; /* column of the referenced relation, 0 = the whole object */
    bool dead;          /* removed (kept in place so the undo log stays simple) */
};

struct cat_schema {
    struct cat_obj obj;
    const char *name;
    struct hashmap rels;  /* name -> struct cat_rel* (pg_class namespace) */
    struct hashmap types; /* name -> struct cat_type* (pg_type namespace, incl. array types) */
    struct hashmap funcs; /* name -> struct cat_vec* of struct cat_func* overloads */
    struct hashmap
        constraints_by_name;  /* name -> struct cat_vec* of constraints (ChooseConstraintName) */
    struct hashmap opers;     /* name -> struct cat_vec* of struct cat_oper* */
    struct hashmap opclasses; /* "am:name" -> struct cat_opclass* */
};

/* User-defined (extension) operators, operator classes and casts. */
struct cat_oper {
    struct cat_obj obj;
    struct cat_schema *schema;
    const char *name;
    char kind; /* 'b' binary, 'l' prefix */
    struct cat_type *left, *right, *result;
    struct cat_func *func;
};

struct cat_opclass {
    struct cat_obj obj;
    struct cat_schema *schema;
    const char *name, *am;
    struct cat_type *intype;
    bool is_default;
};

struct cat_cast {
    struct cat_type *source, *target;
    char context; /* 'i', 'a', 'e' */
    char method;  /* 'f', 'b', 'i' */
    struct cat_func *func;
};

/* pg_type.typtype */
enum cat_typtype {
    CAT_TYPE_BASE = 'b',
    CAT_TYPE_COMPOSITE = 'c',
    CAT_TYPE_DOMAIN = 'd',
    CAT_TYPE_ENUM = 'e',
    CAT_TYPE_PSEUDO = 'p',
    CAT_TYPE_RANGE = 'r',
};

struct cat_type {
    struct cat_obj obj;
    struct cat_schema *schema;
    const char *name;       /* pg_type.typname, e.g. "int4", "_int4", "mood" */
    uint32_t oid;           /* PostgreSQL's OID for builtin types, 0 for user types */
    char typtype;           /* enum cat_typtype */
    char category;          /* pg_type.typcategory: 'N', 'S', 'B', 'D', 'A', 'E', 'U', ... */
    bool preferred;         /* pg_type.typispreferred */
    struct cat_type *elem;  /* array types: element type */
    struct cat_type *array; /* the array type of this type, if any */
    struct cat_rel *rel;    /* composite types: the pg_class entry (table or type) */
    /* enum */
    struct cat_vec labels; /* const char* in sort order (enumsortorder) */
    /* domain */
    struct cat_type *base; /* base type */
    int32_t base_typmod;
    bool notnull;
    struct cat_expr *default_expr;
    const char *collation;
    struct cat_vec constraints; /* struct cat_constraint* (CHECK) */
    /* range */
    struct cat_type *subtype;
    struct cat_vec casts;              /* struct cat_cast* from or to this (user) type */
    uint32_t created_tx;               /* simulator transaction that created it */
    struct cat_vec uncommitted_labels; /* enum labels added in the open transaction */
};

/* A column's type: pg_attribute.atttypid + atttypmod (arrays are their own
 * cat_type, as in PostgreSQL). */
struct cat_typeref {
    struct cat_type *type;
    int32_t typmod; /* -1 when none */
};

struct cat_expr; /* analysed expression (see simulate.c); printed by catalog_expr_text */

struct cat_column {
    struct cat_rel *rel;
    const char *name;
    int16_t attnum; /* 1-based; never reused after a drop */
    struct cat_typeref type;
    bool notnull;
    struct cat_expr *default_expr; /* NULL: none (generated columns keep their expression here) */
    char identity;                 /* 'a' ALWAYS, 'd' BY DEFAULT, 0 none */
    char generated;                /* 's' STORED, 0 none */
    const char *collation;         /* explicit COLLATE, NULL = the type's default */
    bool dropped;
    int16_t inhcount; /* inherited from this many parents (partitions: 1) */
    bool islocal;
    struct cat_rel *identity_seq; /* the sequence behind an identity column */
    const char *comment;
    char storage;       /* SET STORAGE letter, 0 = type default */
    int32_t statistics; /* SET STATISTICS, -1 = default */
};

/* pg_constraint.contype */
enum cat_contype {
    CAT_CON_CHECK = 'c',
    CAT_CON_FOREIGN = 'f',
    CAT_CON_PRIMARY = 'p',
    CAT_CON_UNIQUE = 'u',
    CAT_CON_EXCLUSION = 'x',
    CAT_CON_TRIGGER = 't',
};

struct cat_constraint {
    struct cat_obj obj;
    struct cat_rel *rel;     /* table constraints */
    struct cat_type *domain; /* domain constraints */
    const char *name;
    char contype; /* enum cat_contype */
    bool deferrable, deferred;
    bool validated; /* false after NOT VALID until VALIDATE CONSTRAINT */
    bool noinherit;
    bool islocal;
    int16_t inhcount;
    struct cat_constraint *parent; /* cloned from the partitioned parent's constraint */
    int16_t *keys;                 /* conkey: attnums of rel (p, u, f, x) */
    uint32_t nkeys;
    struct cat_rel *index; /* p, u, x: the index that enforces it; f: the referenced unique index */
    struct cat_expr *expr; /* c: the check expression */
    /* f */
    struct cat_rel *ref_rel;
    int16_t *ref_keys; /* confkey */
    char upd_action,
        del_action; /* 'a' no action, 'r' restrict, 'c' cascade, 'n' set null, 'd' set default */
    char match;     /* 's' simple, 'f' full, 'p' partial */
    int16_t *del_set_cols; /* ON DELETE SET NULL (cols) */
    uint32_t ndel_set_cols;
    /* x */
    const char **excl_ops; /* operator per key */
    const char *comment;
};

/* Index-specific part of a pg_class entry of relkind 'i' / 'I'. */
struct cat_indexinfo {
    struct cat_rel *table;
    bool unique, primary, exclusion, immediate;
    bool nulls_not_distinct;
    bool valid;         /* indisvalid */
    bool concurrently;  /* built with CREATE INDEX CONCURRENTLY */
    const char *method; /* "btree", "gin", ... */
    uint32_t nkeyatts;  /* key columns; the rest up to natts are INCLUDE columns */
    uint32_t natts;
    int16_t *attnums;           /* per column: table attnum, 0 for an expression */
    struct cat_expr **exprs;    /* per column: the expression when attnums[i] == 0 */
    const char **collations;    /* per column: explicit COLLATE, or NULL */
    const char **opclasses;     /* per column: explicit operator class (qualified), or NULL */
    uint8_t *options;           /* per column: bit 0 DESC, bit 1 NULLS FIRST (explicit) */
    struct cat_expr *predicate; /* partial index WHERE, or NULL */
    struct cat_constraint *constraint; /* p/u/x constraint owning this index, or NULL */
    struct cat_rel *parent;  /* partition index: the partitioned index it is attached to */
    const char **reloptions; /* WITH (...) as "name=value", NULL-terminated, or NULL */
    const char **colnames;   /* the index's own column names (pg_attribute of the index) */
    const char **excl_ops;   /* exclusion constraints: operator per key column */
    bool clustered;          /* CLUSTER ON */
};

/* Sequence-specific part of a pg_class entry of relkind 'S'. */
struct cat_seqinfo {
    struct cat_type *type; /* AS type: int2, int4, int8 */
    int64_t start, increment, min, max, cache;
    bool cycle;
    struct cat_rel *owned_rel; /* OWNED BY rel.col */
    int16_t owned_attnum;
    bool identity; /* internal to an identity column */
};

/* pg_class.relkind */
enum cat_relkind {
    CAT_RELKIND_TABLE = 'r',
    CAT_RELKIND_PARTITIONED = 'p',
    CAT_RELKIND_VIEW = 'v',
    CAT_RELKIND_MATVIEW = 'm',
    CAT_RELKIND_SEQUENCE = 'S',
    CAT_RELKIND_INDEX = 'i',
    CAT_RELKIND_PARTITIONED_INDEX = 'I',
    CAT_RELKIND_COMPOSITE = 'c',
    CAT_RELKIND_FOREIGN = 'f',
};

struct cat_rel {
    struct cat_obj obj;
    struct cat_schema *schema;
    const char *name;
    char relkind;                 /* enum cat_relkind */
    char persistence;             /* 'p' permanent, 'u' unlogged, 't' temp */
    struct cat_vec columns;       /* struct cat_column*, in attnum order, dropped ones included */
    struct hashmap colmap;        /* name -> struct cat_column* (live columns only) */
    int16_t natts;                /* highest attnum used */
    struct cat_vec constraints;   /* struct cat_constraint* (live ones) */
    struct cat_vec indexes;       /* struct cat_rel* of the table's indexes */
    struct cat_vec triggers;      /* struct cat_trigger* */
    struct cat_vec policies;      /* struct cat_policy* */
    struct cat_type *rowtype;     /* tables, views, matviews, composite types */
    bool rls_enabled, rls_forced; /* relrowsecurity, relforcerowsecurity */
    char replident;               /* 'd' default, 'n' nothing, 'f' full, 'i' index */
    struct cat_rel *replident_index;
    /* partitioning */
    const char *partstrategy;   /* "RANGE", "LIST", "HASH" for partitioned tables */
    struct cat_vec partkeys;    /* struct cat_expr* of the partition key columns/exprs */
    struct cat_rel *partparent; /* a partition's parent */
    const char *partbound;      /* "FOR VALUES ..." as pg_get_expr prints it */
    void *partbound_data;       /* the simulator's parsed bound (overlap checks) */
    struct cat_vec partitions;  /* struct cat_rel* children */
    struct cat_vec inherits;    /* struct cat_rel* INHERITS parents */
    /* views and materialized views */
    const char *viewdef_sha256; /* hash of the normalised view query text */
    bool with_data;             /* matviews: relispopulated */
    const char *check_option;   /* views: "local", "cascaded" or NULL */
    const char **reloptions;    /* WITH (...) as "name=value", NULL-terminated, or NULL */
    /* kind-specific parts */
    struct cat_indexinfo *index;
    struct cat_seqinfo *seq;
    const char *access_method; /* USING heap etc., NULL = default */
    struct cat_type *of_type;  /* CREATE TABLE ... OF type */
    /* which revision/transaction created the relation (see simulate.c) */
    uint32_t created_tx;  /* simulator transaction serial, 0 = before the run */
    uint32_t created_rev; /* simulator revision serial, 0 = before the run */
    /* tables: the rows the chain inserted (sim_data.c); meaningful only while
     * rows_epoch equals the catalog's data_epoch (0: contents not known) */
    struct cat_vec rows; /* struct cat_row* */
    uint32_t rows_epoch;
};

/* A stored value the simulator knows of (table contents, sim_data.c). */
enum cat_datum_kind {
    CAT_DATUM_NULL = 0,
    CAT_DATUM_VALUE,   /* text: the type's output text */
    CAT_DATUM_NOTNULL, /* some value, not NULL (nextval(), now(), ...) */
    CAT_DATUM_UNKNOWN,
};
struct cat_datum {
    uint8_t kind; /* enum cat_datum_kind */
    const char *text;
};
/* One row: values by attnum - 1 (columns added later than the row: unknown). */
struct cat_row {
    uint32_t n;
    struct cat_datum *v;
};

/* pg_proc.prokind */
enum cat_prokind {
    CAT_PROKIND_FUNCTION = 'f',
    CAT_PROKIND_PROCEDURE = 'p',
    CAT_PROKIND_AGGREGATE = 'a',
    CAT_PROKIND_WINDOW = 'w',
};

struct cat_funcarg {
    const char *name; /* NULL if unnamed */
    struct cat_typeref type;
    char mode;                     /* 'i' in, 'o' out, 'b' inout, 'v' variadic, 't' table */
    struct cat_expr *default_expr; /* NULL if none */
    const char *default_text;      /* canonical text of the default, NULL if none */
};

struct cat_func {
    struct cat_obj obj;
    struct cat_schema *schema;
    const char *name;
    char prokind; /* enum cat_prokind */
    struct cat_funcarg *args;
    uint32_t nargs;
    const char *identity_args;  /* canonical "integer, text" of the input argument types */
    struct cat_typeref rettype; /* procedures: type NULL */
    bool retset;                /* RETURNS SETOF / TABLE */
    const char *language;       /* "plpgsql", "sql", "c", "internal" */
    char volatility;            /* 'i' immutable, 's' stable, 'v' volatile */
    bool strict;
    bool security_definer;
    bool leakproof;
    char parallel; /* 's' safe, 'r' restricted, 'u' unsafe */
    float cost, rows;
    const char *body;    /* prosrc exactly as PostgreSQL stores it */
    bool sql_body;       /* SQL-standard body (BEGIN ATOMIC / RETURN): prosrc empty */
    const char **config; /* SET name = value, "name=value", NULL-terminated, or NULL */
    bool hidden;         /* created implicitly (range constructors): not printed */
};

/* pg_trigger.tgtype bits, as PostgreSQL defines them. */
enum cat_trigtype {
    CAT_TRIGGER_ROW = 1 << 0,
    CAT_TRIGGER_BEFORE = 1 << 1,
    CAT_TRIGGER_INSERT = 1 << 2,
    CAT_TRIGGER_DELETE = 1 << 3,
    CAT_TRIGGER_UPDATE = 1 << 4,
    CAT_TRIGGER_TRUNCATE = 1 << 5,
    CAT_TRIGGER_INSTEAD = 1 << 6,
};

struct cat_trigger {
    struct cat_obj obj;
    struct cat_rel *rel;
    const char *name;
    uint16_t tgtype; /* enum cat_trigtype bits */
    struct cat_func *func;
    const char **args; /* EXECUTE FUNCTION f('a', 'b') string arguments */
    uint32_t nargs;
    int16_t *update_cols; /* UPDATE OF col, ... (attnums) */
    uint32_t nupdate_cols;
    struct cat_expr *when; /* WHEN (...) or NULL */
    char enabled;          /* 'O' origin (enabled), 'D' disabled, 'R' replica, 'A' always */
    bool constraint;       /* CREATE CONSTRAINT TRIGGER */
    bool deferrable, deferred;
    const char *old_table, *new_table; /* REFERENCING transition tables */
    struct cat_trigger *parent;        /* cloned to a partition from the partitioned table */
};

struct cat_policy {
    struct cat_obj obj;
    struct cat_rel *rel;
    const char *name;
    char cmd; /* '*' ALL, 'r' SELECT, 'a' INSERT, 'w' UPDATE, 'd' DELETE */
    bool permissive;
    const char **roles; /* role names as given ("public" for PUBLIC), sorted */
    uint32_t nroles;
    struct cat_expr *qual;       /* USING (...) */
    struct cat_expr *with_check; /* WITH CHECK (...) */
};

struct cat_extension {
    struct cat_obj obj;
    const char *name;
    struct cat_schema *schema;
    const char *version; /* NULL: the default version */
};

/* Search path entries are schema names; unresolved names are kept (as in
 * PostgreSQL, a missing schema in search_path is simply skipped). */
struct catalog {
    struct arena *arena;
    struct hashmap schemas;    /* name -> struct cat_schema* */
    struct hashmap extensions; /* name -> struct cat_extension* */
    struct hashmap roles;      /* roles created by the chain (name -> non-NULL); cluster-wide */
    struct hashmap collations; /* collations created by the chain (name -> non-NULL) */
    struct cat_schema *pg_catalog, *public_schema;
    const char **search_path;       /* NULL-terminated; default "$user", public */
    bool function_bodies_unchecked; /* check_function_bodies was turned off (pg_dump does) */
    uint32_t next_id;
    uint32_t data_epoch; /* bumped when every table's contents become unknown */
    /* operator resolution among builtin types, memoised (it depends on
     * builtin data only; not part of the undo log) */
    struct hashmap oper_cache;
    struct undo_log *undo; /* private to catalog.c */
};

/* ---- lifetime, snapshots ---- */

/* A catalog as a fresh PostgreSQL 15 database has it: schemas pg_catalog and
 * public, the builtin types, functions the expression analyser knows, and
 * the plpgsql extension. Allocated in a (the caller's per-run arena). */
struct catalog *catalog_new(struct arena *a);
/* Frees what is not in the arena (the undo log). */
void catalog_free(struct catalog *c);

/* Snapshots: a mark is a position in the undo log. catalog_rollback(c, m)
 * undoes every change after m (O(changes)); catalog_release(c, m) keeps them
 * and forgets the mark. Marks nest; release or roll back in LIFO order. */
typedef size_t catalog_mark_t;
catalog_mark_t catalog_mark(struct catalog *c);
void catalog_rollback(struct catalog *c, catalog_mark_t m);
void catalog_release(struct catalog *c, catalog_mark_t m);

/* ---- lookups (O(1) amortised; NULL when absent; dropped objects are never returned) ---- */

struct cat_schema *catalog_find_schema(const struct catalog *c, const char *name);
/* schema NULL: first match along search_path (pg_catalog is searched first,
 * as PostgreSQL does when it is not listed). */
struct cat_rel *catalog_find_rel(const struct catalog *c, const char *schema, const char *name);
/* Tables only (relkind r or p). */
struct cat_rel *catalog_find_table(const struct catalog *c, const char *schema, const char *name);
struct cat_column *catalog_find_column(const struct cat_rel *r, const char *name);
struct cat_column *catalog_column_by_attnum(const struct cat_rel *r, int16_t attnum);
struct cat_constraint *catalog_find_constraint(const struct cat_rel *r, const char *name);
struct cat_trigger *catalog_find_trigger(const struct cat_rel *r, const char *name);
struct cat_policy *catalog_find_policy(const struct cat_rel *r, const char *name);
/* Types by SQL name as written: "int", "varchar", "timestamptz", "mood", "mood[]"... */
struct cat_type *catalog_find_type(const struct catalog *c, const char *schema, const char *name);
/* Functions: exact match on input argument types (nargs entries). */
struct cat_func *catalog_find_func(const struct catalog *c, const char *schema, const char *name,
                                   struct cat_type *const *argtypes, uint32_t nargs);
/* All live overloads of schema.name (schema NULL: along search_path); returns count. */
uint32_t catalog_find_funcs(const struct catalog *c, const char *schema, const char *name,
                            struct cat_func ***out);
struct cat_extension *catalog_find_extension(const struct catalog *c, const char *name);

/* Live objects that depend on obj (on column attnum of it when attnum > 0:
 * only the dependents of that column). Returns the count; *out is arena memory. */
uint32_t catalog_dependents(const struct catalog *c, const struct cat_obj *obj, int16_t attnum,
                            struct cat_dep ***out);
/* Views and materialized views that read column attnum of r. */
uint32_t catalog_views_using_column(const struct catalog *c, const struct cat_rel *r,
                                    int16_t attnum, struct cat_rel ***out);

/* Live columns of a relation in attnum order; returns the count. */
uint32_t catalog_columns(const struct cat_rel *r, struct cat_column ***out, struct arena *a);

/* ---- text ---- */

/* format_type(): "integer", "character varying(255)", "public.mood[]". */
const char *catalog_type_text(const struct catalog *c, const struct cat_typeref *t);
/* Canonical text of an analysed expression, as pg_get_expr prints it. */
const char *catalog_expr_text(const struct catalog *c, const struct cat_expr *e);
/* quote_identifier(): adds double quotes only when PostgreSQL would. */
const char *catalog_quote_ident(struct arena *a, const char *name);
/* The canonical schema text (docs/schema-text.md), appended to out. */
void catalog_schema_text(const struct catalog *c, struct strbuf *out);
const char *catalog_relkind_name(char relkind);

#endif
