/*
 * expr.h - analysed expressions: what PostgreSQL's parse analysis
 * (transformExpr, operator/function resolution, coercion) makes of the raw
 * libpg_query trees in defaults, CHECKs, index expressions and predicates,
 * policies, trigger WHEN clauses and view target lists, and how ruleutils.c
 * prints them back (pg_get_expr, non-pretty). Internal to the simulator; the
 * catalog stores struct cat_expr and prints it through expr_text.
 */
#ifndef AIRLOCK_EXPR_H
#define AIRLOCK_EXPR_H

#include <stdbool.h>
#include <stdint.h>

#include "lint/catalog.h"
#include "lint/pg_builtins.h"

typedef struct PgQuery__Node PgQuery__Node;
typedef struct PgQuery__TypeName PgQuery__TypeName;
typedef struct PgQuery__SelectStmt PgQuery__SelectStmt;
struct strbuf;

enum ex_kind {
    EX_CONST = 1,
    EX_VAR,         /* a column of a relation in scope */
    EX_DOMAINVALUE, /* VALUE in a domain CHECK */
    EX_FUNC,
    EX_OP,
    EX_SAOP,        /* x op ANY/ALL (array) */
    EX_BOOL,        /* AND / OR / NOT (sub) */
    EX_NULLTEST,    /* sub: 0 IS NULL, 1 IS NOT NULL */
    EX_BOOLTEST,    /* sub: 0 TRUE, 1 NOT TRUE, 2 FALSE, 3 NOT FALSE, 4 UNKNOWN, 5 NOT UNKNOWN */
    EX_RELABEL,     /* binary-coercible cast */
    EX_IOCOERCE,    /* cast through text I/O */
    EX_ARRAYCOERCE, /* element-wise array cast */
    EX_DOMAINCOERCE,
    EX_ARRAY,
    EX_ROW,
    EX_CASE,     /* args: WHEN/THEN pairs; arg: CASE arg (or NULL); def: ELSE */
    EX_CASETEST, /* the CASE arg inside a WHEN of a simple CASE */
    EX_COALESCE,
    EX_MINMAX, /* sub: 0 GREATEST, 1 LEAST */
    EX_NULLIF,
    EX_DISTINCT, /* sub: 0 IS DISTINCT FROM, 1 IS NOT DISTINCT FROM */
    EX_SQLVALUE, /* CURRENT_TIMESTAMP etc.: name in value */
    EX_COLLATE,
    EX_SUBSCRIPT, /* args[0][args[1]] or [args[1]:args[2]] (sub 1 = slice) */
    EX_FIELD,     /* (arg).name */
    EX_SUBLINK,   /* a sub-SELECT; sub: enum ex_sublink; query: the analysed query (or NULL
                   * when it uses something the printer does not cover); ANY/ALL: args[0]
                   * the left operand, name/opschema the operator */
    EX_AGG,       /* aggregate or window call (views) */
    EX_PARAM,     /* a parameter of the SQL function being validated: value "$n", sub n */
    EX_RAW,       /* could not be analysed: value holds a description */
};

enum ex_sublink { EXS_EXISTS = 0, EXS_ANY, EXS_ALL, EXS_EXPR, EXS_ARRAY };

struct ex_rte;
struct ex_subquery;

enum ex_format {
    EXF_CALL = 0,
    EXF_EXPLICIT_CAST,
    EXF_IMPLICIT_CAST,
    EXF_SQL_SYNTAX,
    EXF_EXPLICIT_CALL
};

struct cat_expr {
    uint8_t kind;          /* enum ex_kind */
    uint8_t format;        /* casts and functions: enum ex_format */
    uint8_t sub;           /* per kind, see above */
    bool flag;             /* SAOP: useOr; FUNC: VARIADIC call; ARRAY: multidims; AGG: star;
                              VAR: the whole row of its rte (attnum 0) */
    int32_t typmod;        /* (fields ordered so that no padding is needed: 128 bytes) */
    struct cat_type *type; /* result type */
    /* EX_CONST */
    const char *value; /* output-function text; NULL = SQL NULL */
    union {
        struct cat_rel *regclass;  /* EX_CONST regclass: the relation (printed by current name) */
        struct ex_rte *rte;        /* EX_VAR: the range table entry the column was found in */
        struct ex_subquery *query; /* EX_SUBLINK: the printable query, or NULL */
    };
    /* EX_VAR */
    struct cat_rel *rel;
    int16_t attnum;
    uint16_t varno;      /* range table entry (views), 0 for single-relation expressions */
    uint32_t nargs;      /* EX_FUNC / EX_OP / EX_AGG: entries of args */
    const char *colname; /* name of a non-relation column (subquery, function) */
    /* EX_FUNC / EX_OP / EX_AGG */
    const struct pgb_proc *proc;
    struct cat_func *ufunc;
    const char *name;     /* function or operator name */
    const char *opschema; /* operator not in pg_catalog: printed OPERATOR(schema.name) */
    struct cat_expr **args;
    struct cat_expr *arg; /* single argument (casts, tests, CASE arg, COLLATE, FIELD) */
    struct cat_expr *def; /* CASE ELSE */
    const char *collation;
};

/* What kind of expression is being analysed (changes what is allowed and
 * how errors read, as PostgreSQL's ParseExprKind does). */
enum ex_context {
    EXK_DEFAULT = 1,
    EXK_CHECK,
    EXK_DOMAIN_CHECK,
    EXK_INDEX_EXPR,
    EXK_INDEX_PRED,
    EXK_POLICY,
    EXK_TRIGGER_WHEN,
    EXK_GENERATED,
    EXK_PARTITION_KEY,
    EXK_PARTITION_BOUND,
    EXK_SELECT,
    EXK_OTHER,
};

/* A range table entry: a relation or a derived column list. */
struct ex_rte {
    const char *alias;   /* name the query refers to it by */
    struct cat_rel *rel; /* NULL for subqueries / functions / VALUES */
    uint32_t ncols;
    const char **colnames;
    struct cat_typeref *coltypes;
    int16_t *attnums;         /* rel columns: attnum; join columns: the origin's */
    struct cat_rel **colrels; /* join columns: the relation each column comes from, or NULL */
    bool in_join_scope;       /* visible to unqualified references */
    bool name_hidden;         /* a member of an aliased JOIN: not addressable by its name */
    bool lazy;                /* rel-backed: the arrays are built on demand (ex_rte_columns) */
    bool has_alias;           /* the query gave it an alias (printed in FROM) */
    bool unprintable;         /* the sub-query printer does not cover it */
    bool opaque;              /* a function whose result columns the analyser does not know */
    /* joins */
    bool is_join;
    uint8_t jointype; /* PgQuery__JoinType */
    struct ex_rte *larg, *rarg;
    struct cat_expr *quals; /* ON, or NULL (CROSS JOIN) */
    struct ex_rte **colsrc; /* unaliased join: the member rte each column comes from */
    uint16_t *colsrcidx;    /* and its column index there */
};

/* An analysed sub-SELECT of a policy expression, kept so that it prints back
 * the way ruleutils' get_query_def does (policies are the only stored
 * expressions that may contain sub-queries). */
struct ex_subquery {
    bool distinct;
    uint32_t ntargets;
    struct cat_expr **targets;
    const char **resnames;
    uint32_t nfrom;
    struct ex_rte **from; /* top-level FROM items */
    uint32_t nrtable;
    struct ex_rte **rtable; /* every rte, in PostgreSQL's range table order */
    uint32_t nouter;
    struct ex_rte **outer; /* the enclosing scopes' rtes (naming the outermost level) */
    struct cat_expr *where, *having, *limit, *offset;
    uint32_t ngroup;
    struct cat_expr **group;
    uint32_t nsort;
    struct cat_expr **sort;
    uint8_t *sortflags; /* 1: DESC, 2: NULLS FIRST */
};

/* Builds a rel-backed rte's column arrays (cheap lookups go through the
 * relation's column map instead). */
void ex_rte_columns(struct arena *a, struct ex_rte *rte);

struct ex_scope {
    struct ex_rte **rtes;
    uint32_t nrtes, cap;
    struct ex_scope *parent;
    struct ex_rte **ctes; /* WITH queries visible here (name = alias) */
    uint32_t nctes;
};

/* Dependencies found while analysing (appended, not deduplicated). */
struct ex_deps {
    struct cat_rel **rels; /* relation + column (attnum 0: the relation itself) */
    int16_t *attnums;
    uint32_t nrels, caprels;
    struct cat_func **funcs;
    uint32_t nfuncs, capfuncs;
    struct cat_type **types;
    uint32_t ntypes, captypes;
};

/* The input parameters of a LANGUAGE sql function whose body is analysed
 * (fmgr_sql_validator): $n and parameter names resolve to them, after
 * columns, as sql_fn_post_column_ref does. */
struct ex_params {
    const char *fname; /* the function's name: fname.param */
    uint32_t n;
    const char **names; /* NULL entries for unnamed parameters */
    struct cat_typeref *types;
};

struct ex_ctx {
    struct catalog *cat;
    struct arena *arena;
    enum ex_context kind;
    struct ex_scope *scope;
    struct cat_type *domain; /* EXK_DOMAIN_CHECK: the domain (VALUE's type) */
    int32_t domain_typmod;
    struct ex_deps *deps; /* optional */
    /* the first error (PostgreSQL's SQLSTATE and message) */
    const char *sqlstate;
    const char *message;
    int err_location; /* byte offset in the statement, -1 unknown */
    bool has_agg;
    bool volatile_seen;             /* a volatile function (index expressions must be immutable) */
    bool mutable_seen;              /* a non-immutable function */
    bool build_tree;                /* sub-queries: keep a printable struct ex_subquery */
    const struct ex_params *params; /* SQL function bodies, or NULL */
    bool no_such_func;              /* the 42883 error: no function of that name exists at all */
};

void ex_ctx_init(struct ex_ctx *x, struct catalog *cat, struct arena *a, enum ex_context kind);
/* Sets the error if none yet; returns NULL for convenience. */
struct cat_expr *ex_error(struct ex_ctx *x, int location, const char *sqlstate, const char *fmt,
                          ...) __attribute__((format(printf, 4, 5)));

/* Single-relation scope (defaults, checks, indexes, policies, triggers). */
struct ex_scope *ex_scope_for_rel(struct arena *a, struct cat_rel *r, const char *alias);
void ex_scope_add(struct arena *a, struct ex_scope *s, struct ex_rte *rte);
struct ex_rte *ex_rte_for_rel(struct arena *a, struct cat_rel *r, const char *alias);
/* A Var for column col (index into the rte's column arrays) of rte. */
struct cat_expr *ex_make_var(struct ex_ctx *x, struct ex_rte *rte, uint32_t col);

/* transformExpr: NULL with x->sqlstate set on error. */
struct cat_expr *ex_analyze(struct ex_ctx *x, PgQuery__Node *n);
/* Coerces e to type/typmod (assignment context: defaults, column values),
 * as coerce_to_target_type does. NULL + error when impossible. */
struct cat_expr *ex_coerce_assign(struct ex_ctx *x, struct cat_expr *e, struct cat_typeref to,
                                  const char *colname, int location);
/* coerce_to_boolean for CHECK / WHERE clauses. */
struct cat_expr *ex_coerce_bool(struct ex_ctx *x, struct cat_expr *e, const char *construct);
/* Fills the expression's final type when it is still unknown (text). */
struct cat_expr *ex_resolve_unknown(struct ex_ctx *x, struct cat_expr *e);
/* strip_implicit_coercions */
struct cat_expr *ex_strip_implicit(struct cat_expr *e);

/* Resolves a TypeName (incl. %TYPE-less names, arrays, typmods): NULL + error. */
int ex_typename(struct ex_ctx *x, const PgQuery__TypeName *tn, struct cat_typeref *out);

/* ruleutils: pg_get_expr (non-pretty). */
void ex_print(const struct catalog *c, const struct cat_expr *e, struct strbuf *out);
char *ex_text(const struct catalog *c, struct arena *a, const struct cat_expr *e);
/* The name PostgreSQL gives an expression's result column (FigureColname), or NULL. */
const char *ex_figure_colname(PgQuery__Node *n);
/* The name of an index column built on n (FigureIndexColname). */
const char *ex_index_colname(PgQuery__Node *n);

/* Type helpers (expr_types.c). */
enum ex_path { EXP_NONE = 0, EXP_RELABEL, EXP_FUNC, EXP_IO, EXP_ARRAY };
enum ex_path ex_find_path(struct cat_type *from, struct cat_type *to, char context, unsigned *func);
struct cat_type *ex_base_type(struct cat_type *t);
struct cat_cast *ex_user_cast(struct cat_type *from, struct cat_type *to);
bool ex_is_polymorphic(const struct cat_type *t);
/* anycompatible, anycompatiblearray, ... (the second polymorphic family) */
bool ex_is_compatible_family(const struct cat_type *t);
bool ex_generic_consistent(struct cat_type **actual, struct cat_type **declared, uint32_t n);
bool ex_can_coerce_all(struct cat_type **from, struct cat_type **to, uint32_t n, char context);
bool ex_ident_needs_quotes(const char *s);
void ex_add_ident(struct strbuf *out, const char *s);
/* ctid, xmin, cmin, xmax, cmax, tableoid: every table has them. */
bool ex_system_column(const char *name);
struct cat_type *ex_type(unsigned oid);
bool ex_type_is_string(const struct cat_type *t);
/* select_common_type; NULL + error when the types do not match. */
struct cat_type *ex_common_type(struct ex_ctx *x, struct cat_expr **es, uint32_t n,
                                const char *construct);
/* format_type_with_typemod, qualified like with search_path = ''. */
void ex_format_type(const struct cat_type *t, int32_t typmod, struct strbuf *out);
/* Whether a cast from 'from' to 'to' exists in the given context ('i','a','e'). */
bool ex_can_coerce(struct cat_type *from, struct cat_type *to, char context);
/* Walks an expression, calling fn on every node. */
void ex_walk(struct cat_expr *e, void (*fn)(struct cat_expr *, void *), void *arg);
/* Records e's dependencies (columns of rel, functions, types, sequences). */
void ex_collect_deps(struct cat_expr *e, struct ex_deps *d, struct arena *a);

/* Constant literal normalisation (the type's input then output function). On
 * invalid input returns NULL and fills the SQLSTATE and message. */
const char *ex_const_normalize(struct arena *a, struct cat_type *t, int32_t typmod, const char *in,
                               const char **sqlstate, const char **message);
/* The subtype of a built-in discrete or numeric range type, given its OID
 * (int4range to int4, ...); 0 for any other. */
unsigned ex_range_subtype_oid(unsigned range_oid);

/* The columns of a composite value or of a function's OUT parameters
 * (arena arrays); -1 when it has none the analyser knows. */
int ex_record_columns(struct arena *a, const struct cat_expr *e, const char ***names,
                      struct cat_typeref **types);

/* Analysed SELECT (views): output columns with names and types; deps filled. */
struct ex_query {
    uint32_t ncols;
    const char **names;
    struct cat_typeref *types;
    struct ex_subquery *tree; /* with x->build_tree, when printable */
};
int ex_analyze_select(struct ex_ctx *x, PgQuery__Node *select, struct ex_query *out);

#endif
