/*
 * sim_internal.h - what the simulator's files (simulate.c, sim_table.c,
 * sim_objects.c) share: the simulator state, effect building, error
 * reporting with PostgreSQL's SQLSTATEs, name resolution along search_path,
 * PostgreSQL's implicit object names, and dependency-aware drops.
 */
#ifndef AIRLOCK_SIM_INTERNAL_H
#define AIRLOCK_SIM_INTERNAL_H

#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>

#include "lint/catalog_edit.h"
#include "lint/expr.h"
#include "lint/simulate.h"

struct sim {
    struct arena *arena;
    struct catalog *cat;
    struct sim_options opt;
    bool creating_foreign; /* sim_create_table runs for CREATE FOREIGN TABLE */
    /* transactions */
    bool in_tx;       /* inside a transaction block */
    bool explicit_tx; /* opened by BEGIN in the SQL */
    bool part_tx;     /* the current part runs as one transaction (tx=on) */
    uint32_t tx_serial;
    uint32_t rev_serial;
    bool tx_mark_held;
    catalog_mark_t tx_mark;
    const struct revision *rev;
    /* the statement being simulated */
    struct effect *eff;
    /* the statement's objects and locks are gathered in these buffers (reused
     * from statement to statement) and copied to the effect at its exact size
     * when the statement ends: growing them in the arena per statement left
     * most of the simulation's memory as dead slots */
    struct sim_object *objects_buf;
    struct sim_lock *locks_buf;
    uint32_t cap_objects, cap_locks;
    const char *stmt_text;
    uint32_t stmt_len;
    struct cat_vec new_enum_labels; /* "type\0label" added in the current transaction */
    uint32_t notices;
    uint32_t dynamic_depth; /* template function calls being expanded (sim_dynamic.c) */
    struct arena *scratch;  /* short-lived analysis (INSERT values), reset per use */
};

/* Sets the effect's error (first one wins); returns -1. */
int sim_error(struct sim *s, int location, const char *sqlstate, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
int sim_error_detail(struct sim *s, const char *detail);
int sim_error_hint(struct sim *s, const char *hint);
/* Copies an expression analysis error into the effect. */
int sim_expr_error(struct sim *s, const struct ex_ctx *x);
/* A NOTICE PostgreSQL would print (IF NOT EXISTS skips): counted only. */
void sim_notice(struct sim *s);

void sim_object(struct sim *s, enum sim_action action, enum cat_kind kind, char relkind,
                const char *schema, const char *name, const char *table, const void *obj);
struct sim_lock *sim_lock_rel(struct sim *s, struct cat_rel *r, enum sim_lockmode mode);

/* Name resolution. */
struct cat_schema *sim_creation_schema(struct sim *s, const char *schemaname, int location);
struct cat_schema *sim_schema_of(struct sim *s, PgQuery__RangeVar *rv, bool create);
/* Relation lookup with PostgreSQL's errors (42P01, 3F000). missing_ok: no error. */
struct cat_rel *sim_find_rel(struct sim *s, PgQuery__RangeVar *rv, bool missing_ok);
struct cat_rel *sim_find_rel_names(struct sim *s, PgQuery__Node **names, size_t n, bool missing_ok,
                                   int location);
const char *sim_qualified(struct sim *s, const char *schema, const char *name);
/* Appends item to v, a vector of the statement's arena grown one item at a time. */
void sim_vec_push(struct sim *s, struct cat_vec *v, void *item);
const char *sim_strval(PgQuery__Node *n);
/* Splits a name list into schema and name (the last two elements). */
void sim_split_name(PgQuery__Node **names, size_t n, const char **schema, const char **name);

/* makeObjectName / ChooseRelationName / ChooseConstraintName. */
char *sim_make_object_name(struct arena *a, const char *name1, const char *name2,
                           const char *label);
const char *sim_choose_relation_name(struct sim *s, struct cat_schema *sch, const char *name1,
                                     const char *name2, const char *label, bool isconstraint);
const char *sim_choose_constraint_name(struct sim *s, struct cat_schema *sch, const char *name1,
                                       const char *name2, const char *label, const char **extra,
                                       uint32_t nextra);
bool sim_constraint_name_used(struct sim *s, struct cat_schema *sch, const char *name);
void sim_register_constraint_name(struct sim *s, struct cat_constraint *k);
void sim_unregister_constraint_name(struct sim *s, struct cat_constraint *k);

/* Drops obj (and with cascade, its dependents; auto/internal dependents
 * always). Without cascade and with normal dependents: 2BP01. */
int sim_drop(struct sim *s, struct cat_obj *obj, bool cascade, int location);
/* Drops column col of its table with the same rules. */
int sim_drop_column(struct sim *s, struct cat_column *col, bool cascade, int location);
/* "table t", "view v", "constraint c on table t", ... as PostgreSQL's getObjectDescription. */
const char *sim_describe(struct sim *s, const struct cat_obj *o, int16_t attnum);

/* Records the dependencies found while analysing an expression. */
void sim_add_expr_deps(struct sim *s, struct cat_obj *dependent, int16_t dep_attnum, int role,
                       struct cat_expr *e, char deptype);
void sim_add_deps(struct sim *s, struct cat_obj *dependent, int16_t dep_attnum, int role,
                  struct ex_deps *d, char deptype);

/* Relation helpers. */
struct cat_type *sim_make_rowtype(struct sim *s, struct cat_rel *r);
bool sim_rel_is_table(const struct cat_rel *r);
/* The relation kind an object type names ("is not a view"); "table" by default. */
const char *sim_objtype_word(int objtype);
void sim_mark_created(struct sim *s, struct cat_rel *r);

int sim_dispatch(struct sim *s, PgQuery__Node *n);
/* Parses SQL the simulator builds or finds inside statements (function
 * bodies, generated DDL) into the sim's arena. NULL on a syntax error, with
 * *err libpg_query's message and *cursor its 1-based position (0: none);
 * NULL with *err NULL when the tree cannot be unpacked. */
PgQuery__ParseResult *sim_parse(struct sim *s, const char *sql, const char **err, int *cursor);
/* The raw expression of `SELECT <text>` (one target, no FROM), or NULL. */
PgQuery__Node *sim_parse_expr(struct sim *s, const char *text);
/* SELECT of calls to DDL template functions (sim_dynamic.c): 1 when every
 * call was expanded and simulated, 0 when the SELECT is not such a call, -1
 * on an error PostgreSQL would raise. */
int sim_dynamic_select(struct sim *s, const struct ex_subquery *q);
/* A DO block of plain SQL statements with an optional EXCEPTION clause whose
 * handlers do nothing (sim_dynamic.c): 1 when simulated, 0 when the block is
 * anything else (opaque), -1 on an error PostgreSQL would raise. */
int sim_dynamic_do(struct sim *s, const PgQuery__DoStmt *d);
/* Whether the effect's error is the analyser's limit rather than PostgreSQL's. */
bool sim_error_is_limitation(const struct effect *e);
/* Whether a role exists (postgres, PUBLIC, predefined pg_* roles, or created). */
bool sim_role_exists(struct sim *s, const char *name);
/* A configuration parameter SET may change (42704, 55P02 otherwise). */
int sim_guc_check(struct sim *s, const char *name);
int sim_role_spec_check(struct sim *s, const PgQuery__RoleSpec *rs);

/* Statement handlers (sim_table.c). */
int sim_create_table(struct sim *s, PgQuery__CreateStmt *st);
int sim_create_foreign_table(struct sim *s, PgQuery__CreateForeignTableStmt *st);
int sim_alter_table(struct sim *s, PgQuery__AlterTableStmt *st);
int sim_create_index(struct sim *s, PgQuery__IndexStmt *st);
int sim_create_seq(struct sim *s, PgQuery__CreateSeqStmt *st);
int sim_alter_seq(struct sim *s, PgQuery__AlterSeqStmt *st);
int sim_create_table_as(struct sim *s, PgQuery__CreateTableAsStmt *st);
int sim_refresh_matview(struct sim *s, PgQuery__RefreshMatViewStmt *st);

/* Statement handlers (sim_objects.c). */
int sim_create_schema(struct sim *s, PgQuery__CreateSchemaStmt *st);
int sim_create_enum(struct sim *s, PgQuery__CreateEnumStmt *st);
int sim_alter_enum(struct sim *s, PgQuery__AlterEnumStmt *st);
int sim_create_domain(struct sim *s, PgQuery__CreateDomainStmt *st);
int sim_alter_domain(struct sim *s, PgQuery__AlterDomainStmt *st);
int sim_create_composite(struct sim *s, PgQuery__CompositeTypeStmt *st);
int sim_create_range(struct sim *s, PgQuery__CreateRangeStmt *st);
int sim_create_function(struct sim *s, PgQuery__CreateFunctionStmt *st);
int sim_alter_function(struct sim *s, PgQuery__AlterFunctionStmt *st);
int sim_create_view(struct sim *s, PgQuery__ViewStmt *st);
int sim_create_trigger(struct sim *s, PgQuery__CreateTrigStmt *st);
int sim_create_policy(struct sim *s, PgQuery__CreatePolicyStmt *st);
int sim_alter_policy(struct sim *s, PgQuery__AlterPolicyStmt *st);
int sim_create_extension(struct sim *s, PgQuery__CreateExtensionStmt *st);
int sim_drop_stmt(struct sim *s, PgQuery__DropStmt *st);
int sim_rename(struct sim *s, PgQuery__RenameStmt *st);
int sim_alter_object_schema(struct sim *s, PgQuery__AlterObjectSchemaStmt *st);
int sim_comment(struct sim *s, PgQuery__CommentStmt *st);
int sim_create_aggregate(struct sim *s, PgQuery__DefineStmt *st);
int sim_create_operator(struct sim *s, PgQuery__DefineStmt *st);

/* Extensions (extension.c). */
bool sim_ext_known(const char *name);
const char *sim_ext_requires(struct arena *a, const char *name);
const char *sim_ext_fixed_schema(struct arena *a, const char *name);
int sim_ext_install(struct sim *s, const char *name, struct cat_schema *sch,
                    struct cat_extension *e);

/* The search_path a SET search_path statement (or a function's SET clause)
 * sets, or NULL when it sets none. */
const char **sim_search_path_value(struct sim *s, PgQuery__VariableSetStmt *st);
/* fmgr_sql_validator: the SQL body of a LANGUAGE sql function (sim_sqlfunc.c).
 * Called before the function is stored with f NULL (a BEGIN ATOMIC / RETURN
 * body is analysed then, as interpret_AS_clause does) and after it is stored
 * with f (a string body is validated then, and the result type of either is
 * checked). Returns -1 only with an error PostgreSQL certainly raises. */
int sim_check_sql_function(struct sim *s, PgQuery__CreateFunctionStmt *st, struct cat_func *f,
                           const struct cat_funcarg *args, uint32_t nargs, struct cat_typeref ret);

/* Function lookup for DROP/ALTER/COMMENT FUNCTION f(args). */
struct cat_func *sim_find_function(struct sim *s, PgQuery__ObjectWithArgs *owa, bool missing_ok,
                                   int kind);

/* Table contents (sim_data.c): the rows the chain inserts, checked where
 * PostgreSQL checks existing rows. Every function returns -1 with the error
 * set when PostgreSQL would reject the statement for the rows. */
bool sim_data_known(struct sim *s, const struct cat_rel *r);
void sim_data_forget(struct sim *s, struct cat_rel *r); /* contents no longer followed */
void sim_data_forget_all(struct sim *s);                /* DO blocks, functions, ... */
void sim_data_truncate(struct sim *s, struct cat_rel *r, bool cascade, bool recurse);
int sim_data_insert(struct sim *s, struct cat_rel *r, PgQuery__InsertStmt *st);
int sim_data_update(struct sim *s, struct cat_rel *r, PgQuery__UpdateStmt *st);
int sim_data_delete(struct sim *s, struct cat_rel *r, PgQuery__DeleteStmt *st);
int sim_data_add_column(struct sim *s, struct cat_rel *r, struct cat_column *col);
/* ALTER COLUMN TYPE: conv is the USING expression / coercion over the old row. */
int sim_data_convert(struct sim *s, struct cat_rel *r, struct cat_column *col,
                     struct cat_expr *conv);
/* After ALTER TABLE: NOT NULL, valid CHECKs and FOREIGN KEYs (partitions too). */
int sim_data_validate(struct sim *s, struct cat_rel *r);
/* A new unique index over the table's rows. */
int sim_data_unique(struct sim *s, struct cat_rel *t, struct cat_rel *ix);
/* ALTER DOMAIN: k a new or validated CHECK, NULL for SET NOT NULL. */
int sim_data_domain(struct sim *s, struct cat_type *d, struct cat_constraint *k);
/* The value of key in each row (NULL entries for NULL); -1 when not known. */
int sim_data_values(struct sim *s, struct cat_rel *r, const struct cat_expr *key, const char ***out,
                    uint32_t *n);

/* The rows of a partition against its bound (sim_partition.c). */
int sim_partition_rows_ok(struct sim *s, struct cat_rel *part);

/* Index creation shared by CREATE INDEX, constraints and partitions. */
struct sim_index_spec {
    const char *name; /* NULL: choose one */
    struct cat_rel *table;
    const char *method;
    PgQuery__Node **params; /* IndexElem */
    size_t nparams;
    PgQuery__Node **including; /* IndexElem or String */
    size_t nincluding;
    PgQuery__Node *where;
    PgQuery__Node **options; /* DefElem */
    size_t noptions;
    bool unique, primary, exclusion, nulls_not_distinct, concurrently, if_not_exists;
    bool deferrable, deferred;
    const char **excl_ops;
    int location;
    bool is_constraint;
    bool only;             /* CREATE INDEX ... ON ONLY */
    const char **colnames; /* index column names to use for naming (clones), or NULL */
    bool skip_partitions;  /* do not recurse to partitions */
};
/* Returns the index, NULL on error, or (struct cat_rel *)-1 when IF NOT
 * EXISTS found the name taken. */
struct cat_rel *sim_define_index(struct sim *s, struct sim_index_spec *spec);

#endif
