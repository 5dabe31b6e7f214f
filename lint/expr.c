/*
 * expr.c - parse analysis of raw expressions (libpg_query trees) into
 * struct cat_expr, as PostgreSQL's transformExpr does: constants, column
 * references against a scope, operators and functions resolved with the
 * documented candidate-selection rules (exact match, implicit coercion,
 * preferred types, unknown-literal categories), coercions (pg_cast paths,
 * domains, length coercions), IN lists as = ANY (ARRAY[...]), BETWEEN,
 * LIKE, CASE, COALESCE, casts, collations. Errors carry PostgreSQL's
 * SQLSTATE and message. Printing is in expr_print.c.
 */
#include "lint/expr.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>

#include "lint/arena.h"
#include "lint/strbuf.h"

/* ---- context, errors, node construction ---- */

void ex_ctx_init(struct ex_ctx *x, struct catalog *cat, struct arena *a, enum ex_context kind)
{
    memset(x, 0, sizeof *x);
    x->cat = cat;
    x->arena = a;
    x->kind = kind;
    x->err_location = -1;
}

struct cat_expr *ex_error(struct ex_ctx *x, int location, const char *sqlstate, const char *fmt,
                          ...)
{
    if (x->sqlstate)
        return NULL;
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    x->sqlstate = sqlstate;
    x->message = arena_strdup(x->arena, buf);
    x->err_location = location;
    return NULL;
}

static struct cat_expr *mk(struct ex_ctx *x, int kind, struct cat_type *t, int32_t typmod)
{
    struct cat_expr *e = arena_alloc(x->arena, sizeof *e);
    e->kind = (uint8_t)kind;
    e->type = t;
    e->typmod = typmod;
    return e;
}

/* A coercion node (typmod -1) of the given kind and display format over arg. */
static struct cat_expr *mk_coerce(struct ex_ctx *x, int kind, struct cat_type *t, int format,
                                  struct cat_expr *arg)
{
    struct cat_expr *e = mk(x, kind, t, -1);
    e->format = (uint8_t)format;
    e->arg = arg;
    return e;
}

static struct cat_expr *mk_const(struct ex_ctx *x, unsigned oid, const char *value)
{
    struct cat_expr *e = mk(x, EX_CONST, ex_type(oid), -1);
    e->value = value ? arena_strdup(x->arena, value) : NULL;
    return e;
}

static const char *type_str(struct ex_ctx *x, struct cat_type *t, int32_t typmod)
{
    struct strbuf sb = STRBUF_INIT;
    ex_format_type(t, typmod, &sb);
    char *r = arena_strdup(x->arena, sb.buf);
    sb_release(&sb);
    return r;
}

/* format_type_be: like format_type but never qualified for builtins; user
 * types in error messages are printed unqualified when visible. */
static const char *type_be(struct ex_ctx *x, struct cat_type *t)
{
    if (t && !t->obj.builtin)
        return t->name;
    return type_str(x, t, -1);
}

static unsigned toid(const struct cat_type *t)
{
    return t ? t->oid : 0;
}

static bool is_unknown(const struct cat_expr *e)
{
    return e && toid(e->type) == PGB_UNKNOWN;
}

static const char *node_str(PgQuery__Node *n)
{
    if (n && n->node_case == PG_QUERY__NODE__NODE_STRING)
        return n->string->sval;
    return NULL;
}

/* ---- scopes ---- */

struct ex_rte *ex_rte_for_rel(struct arena *a, struct cat_rel *r, const char *alias)
{
    struct ex_rte *rte = arena_alloc(a, sizeof *rte);
    rte->alias = alias ? alias : r->name;
    rte->rel = r;
    rte->in_join_scope = true;
    rte->lazy = true;
    return rte;
}

void ex_rte_columns(struct arena *a, struct ex_rte *rte)
{
    if (!rte->lazy)
        return;
    struct cat_rel *r = rte->rel;
    rte->lazy = false;
    uint32_t n = 0;
    for (uint32_t i = 0; i < r->columns.n; i++)
        if (!((struct cat_column *)r->columns.items[i])->dropped)
            n++;
    rte->ncols = n;
    rte->colnames = arena_alloc(a, sizeof *rte->colnames * (n + 1));
    rte->coltypes = arena_alloc(a, sizeof *rte->coltypes * (n + 1));
    rte->attnums = arena_alloc(a, sizeof *rte->attnums * (n + 1));
    n = 0;
    for (uint32_t i = 0; i < r->columns.n; i++) {
        struct cat_column *col = r->columns.items[i];
        if (col->dropped)
            continue;
        rte->colnames[n] = col->name;
        rte->coltypes[n] = col->type;
        rte->attnums[n] = col->attnum;
        n++;
    }
}

void ex_scope_add(struct arena *a, struct ex_scope *s, struct ex_rte *rte)
{
    if (s->nrtes == s->cap) {
        uint32_t cap = s->cap ? s->cap * 2 : 4;
        s->rtes = arena_grow(a, s->rtes, s->cap, cap, sizeof *s->rtes);
        s->cap = cap;
    }
    s->rtes[s->nrtes++] = rte;
}

struct ex_scope *ex_scope_for_rel(struct arena *a, struct cat_rel *r, const char *alias)
{
    struct ex_scope *s = arena_alloc(a, sizeof *s);
    ex_scope_add(a, s, ex_rte_for_rel(a, r, alias));
    return s;
}

/* Appending to the dependency lists (the arrays grow in the arena). */
static void deps_add_col(struct arena *a, struct ex_deps *d, struct cat_rel *rel, int16_t att)
{
    if (d->nrels == d->caprels) {
        uint32_t cap = d->caprels ? d->caprels * 2 : 8;
        d->rels = arena_grow(a, d->rels, d->caprels, cap, sizeof *d->rels);
        d->attnums = arena_grow(a, d->attnums, d->caprels, cap, sizeof *d->attnums);
        d->caprels = cap;
    }
    d->rels[d->nrels] = rel;
    d->attnums[d->nrels] = att;
    d->nrels++;
}

static void deps_add_func(struct arena *a, struct ex_deps *d, struct cat_func *f)
{
    if (d->nfuncs == d->capfuncs) {
        uint32_t cap = d->capfuncs ? d->capfuncs * 2 : 4;
        d->funcs = arena_grow(a, d->funcs, d->capfuncs, cap, sizeof *d->funcs);
        d->capfuncs = cap;
    }
    d->funcs[d->nfuncs++] = f;
}

static void deps_add_type(struct arena *a, struct ex_deps *d, struct cat_type *t)
{
    if (d->ntypes == d->captypes) {
        uint32_t cap = d->captypes ? d->captypes * 2 : 4;
        d->types = arena_grow(a, d->types, d->captypes, cap, sizeof *d->types);
        d->captypes = cap;
    }
    d->types[d->ntypes++] = t;
}

static void add_dep_col(struct ex_ctx *x, struct cat_rel *rel, int16_t att)
{
    deps_add_col(x->arena, x->deps, rel, att);
}

/* A Var for column col of a lazy (rel-backed) rte: no arrays needed. */
static struct cat_expr *make_rel_var(struct ex_ctx *x, struct ex_rte *rte, uint32_t rteno,
                                     struct cat_column *col)
{
    struct cat_expr *e = mk(x, EX_VAR, col->type.type, col->type.typmod);
    e->rel = rte->rel;
    e->attnum = col->attnum;
    e->varno = (uint16_t)rteno;
    e->colname = col->name;
    e->rte = rte;
    if (x->kind == EXK_TRIGGER_WHEN)
        e->value = rte->alias;
    if (x->deps)
        add_dep_col(x, rte->rel, col->attnum);
    return e;
}

static struct cat_expr *make_var(struct ex_ctx *x, struct ex_rte *rte, uint32_t rteno, uint32_t col)
{
    struct cat_expr *e = mk(x, EX_VAR, rte->coltypes[col].type, rte->coltypes[col].typmod);
    e->rel = rte->rel;
    e->attnum = rte->attnums ? rte->attnums[col] : 0;
    e->varno = (uint16_t)rteno;
    e->colname = rte->colnames[col];
    e->rte = rte;
    if (rte->colsrc && rte->colsrc[col])
        e->rte = rte->colsrc[col]; /* an unaliased join's column prints as its member's */
    if (x->kind == EXK_TRIGGER_WHEN)
        e->value = rte->alias; /* printed qualified: new.col / old.col */
    struct cat_rel *origin = rte->rel;
    if (!origin && rte->colrels && rte->attnums)
        origin = rte->colrels[col]; /* a join column: the member's column */
    if (x->deps && origin && rte->attnums && rte->attnums[col]) {
        struct ex_deps *d = x->deps;
        if (d->nrels == d->caprels) {
            uint32_t cap = d->caprels ? d->caprels * 2 : 8;
            d->rels = arena_grow(x->arena, d->rels, d->caprels, cap, sizeof *d->rels);
            d->attnums = arena_grow(x->arena, d->attnums, d->caprels, cap, sizeof *d->attnums);
            d->caprels = cap;
        }
        d->rels[d->nrels] = origin;
        d->attnums[d->nrels] = rte->attnums[col];
        d->nrels++;
    }
    return e;
}

struct cat_expr *ex_make_var(struct ex_ctx *x, struct ex_rte *rte, uint32_t col)
{
    ex_rte_columns(x->arena, rte);
    return make_var(x, rte, 0, col);
}

static int find_col(struct ex_rte *rte, const char *name)
{
    for (uint32_t i = 0; i < rte->ncols; i++)
        if (rte->colnames[i] && strcmp(rte->colnames[i], name) == 0)
            return (int)i;
    return -1;
}

/* Parameter k (0-based) of the SQL function being validated. */
static struct cat_expr *make_param(struct ex_ctx *x, uint32_t k)
{
    struct cat_expr *e = mk(x, EX_PARAM, x->params->types[k].type, x->params->types[k].typmod);
    e->sub = (uint8_t)(k + 1 > 255 ? 255 : k + 1);
    e->value = arena_printf(x->arena, "$%u", k + 1);
    return e;
}

static int param_named(const struct ex_params *p, const char *name)
{
    for (uint32_t i = 0; name && i < p->n; i++)
        if (p->names[i] && strcmp(p->names[i], name) == 0)
            return (int)i;
    return -1;
}

static struct cat_expr *column_ref_rel(struct ex_ctx *x, PgQuery__ColumnRef *cr);

bool ex_system_column(const char *name)
{
    static const char *const sys[] = {"ctid", "xmin", "cmin", "xmax", "cmax", "tableoid", NULL};
    for (int i = 0; sys[i]; i++)
        if (strcmp(name, sys[i]) == 0)
            return true;
    return false;
}

/* A column; a range table entry's name alone (its whole row); a system
 * column (not in the model: not analysed rather than an error); or in a SQL
 * function's body a parameter: sql_fn_post_column_ref is asked only when no
 * column matches, and accepts "param" and "function.param" (a field of a
 * composite parameter, "param.field", is left to the caller as not
 * analysable). */
static struct cat_expr *column_ref(struct ex_ctx *x, PgQuery__ColumnRef *cr)
{
    if (x->sqlstate)
        return column_ref_rel(x, cr);
    struct cat_expr *e = column_ref_rel(x, cr);
    if (e || !x->sqlstate ||
        (strcmp(x->sqlstate, "42703") != 0 && strcmp(x->sqlstate, "42P01") != 0))
        return e;
    const char *last = cr->n_fields ? node_str(cr->fields[cr->n_fields - 1]) : NULL;
    if (last && ex_system_column(last)) {
        /* ctid, xmin, tableoid...: not in the model (DELETE ... WHERE a.ctid < b.ctid) */
        x->sqlstate = NULL;
        return ex_error(x, cr->location, "0A000", "unsupported system column %s", last);
    }
    const char *a = cr->n_fields >= 1 ? node_str(cr->fields[0]) : NULL;
    const char *b = cr->n_fields >= 2 ? node_str(cr->fields[1]) : NULL;
    if (cr->n_fields == 1 && a && strcmp(x->sqlstate, "42703") == 0) {
        /* a range table entry's name alone is its whole row (row_to_json(t)) */
        for (struct ex_scope *sc = x->scope; sc; sc = sc->parent)
            for (uint32_t i = 0; i < sc->nrtes; i++) {
                struct ex_rte *rte = sc->rtes[i];
                if (!rte->alias || rte->name_hidden || strcmp(rte->alias, a) != 0)
                    continue;
                x->sqlstate = NULL;
                x->message = NULL;
                x->err_location = -1;
                struct cat_expr *w =
                    mk(x, EX_VAR,
                       rte->rel && rte->rel->rowtype ? rte->rel->rowtype : ex_type(PGB_RECORD), -1);
                w->rel = rte->rel;
                w->rte = rte;
                w->colname = rte->alias;
                w->flag = true; /* whole row: printed "alias.*" */
                return w;
            }
    }
    if (!x->params)
        return NULL;
    if (cr->n_fields >= 3) {
        /* table.column.field, function.param.field: not analysed */
        x->sqlstate = NULL;
        return ex_error(x, cr->location, "0A000", "unsupported qualified reference");
    }
    int k = -1;
    if (cr->n_fields == 1)
        k = param_named(x->params, a);
    else if (cr->n_fields == 2 && a && x->params->fname && strcmp(a, x->params->fname) == 0)
        k = param_named(x->params, b);
    bool field = cr->n_fields >= 2 && (param_named(x->params, a) >= 0 ||
                                       (a && x->params->fname && strcmp(a, x->params->fname) == 0));
    if (k < 0 && !field)
        return NULL;
    /* not a column after all: forget the error */
    x->sqlstate = NULL;
    x->message = NULL;
    x->err_location = -1;
    if (k >= 0)
        return make_param(x, (uint32_t)k);
    return ex_error(x, cr->location, "0A000", "unsupported reference to a parameter's field");
}

static bool rte_opaque(const struct ex_rte *r)
{
    return r && (r->opaque || (r->is_join && (rte_opaque(r->larg) || rte_opaque(r->rarg))));
}

static struct cat_expr *column_ref_rel(struct ex_ctx *x, PgQuery__ColumnRef *cr)
{
    const char *parts[4] = {0};
    size_t n = cr->n_fields;
    bool star = false;
    for (size_t i = 0; i < n && i < 4; i++) {
        if (cr->fields[i]->node_case == PG_QUERY__NODE__NODE_A_STAR)
            star = true;
        else
            parts[i] = node_str(cr->fields[i]);
    }
    if (star)
        return ex_error(x, cr->location, "42601", "row expansion via \"*\" is not supported here");
    if (x->kind == EXK_DEFAULT && !x->scope)
        return ex_error(x, cr->location, "42P10",
                        "cannot use column reference in DEFAULT expression");
    if (x->kind == EXK_DOMAIN_CHECK) {
        if (n == 1 && parts[0] && strcmp(parts[0], "value") == 0) {
            struct cat_expr *e = mk(x, EX_DOMAINVALUE, x->domain, x->domain_typmod);
            return e;
        }
        return ex_error(x, cr->location, "42P10",
                        "cannot use column references in domain check constraint");
    }
    const char *colname = parts[n - 1];
    const char *relname = n >= 2 ? parts[n - 2] : NULL;
    const char *schemaname = n >= 3 ? parts[n - 3] : NULL;
    for (struct ex_scope *s = x->scope; s; s = s->parent) {
        struct cat_expr *found = NULL;
        for (uint32_t i = 0; i < s->nrtes; i++) {
            struct ex_rte *rte = s->rtes[i];
            if (relname) {
                if (!rte->alias || rte->name_hidden || strcmp(rte->alias, relname) != 0)
                    continue;
                if (schemaname && (!rte->rel || strcmp(rte->rel->schema->name, schemaname) != 0))
                    continue;
            } else if (!rte->in_join_scope) {
                continue;
            }
            if (rte->lazy) {
                struct cat_column *col = catalog_find_column(rte->rel, colname);
                if (!col)
                    continue;
                if (found)
                    return ex_error(x, cr->location, "42702",
                                    "column reference \"%s\" is ambiguous", colname);
                found = make_rel_var(x, rte, i + 1, col);
                continue;
            }
            int c = find_col(rte, colname);
            if (c < 0)
                continue;
            for (uint32_t k = (uint32_t)c + 1; k < rte->ncols; k++)
                if (rte->colnames[k] && strcmp(rte->colnames[k], colname) == 0)
                    return ex_error(x, cr->location, "42702",
                                    "column reference \"%s\" is ambiguous", colname);
            if (found)
                return ex_error(x, cr->location, "42702", "column reference \"%s\" is ambiguous",
                                colname);
            found = make_var(x, rte, i + 1, (uint32_t)c);
        }
        if (found)
            return found;
        if (relname) {
            /* the relation exists in scope but lacks the column? */
            for (uint32_t i = 0; i < s->nrtes; i++)
                if (s->rtes[i]->alias && strcmp(s->rtes[i]->alias, relname) == 0)
                    return rte_opaque(s->rtes[i])
                               ? ex_error(x, cr->location, "0A000",
                                          "unsupported reference to %s.%s (unknown columns)",
                                          relname, colname)
                               : ex_error(x, cr->location, "42703", "column %s.%s does not exist",
                                          relname, colname);
        }
    }
    for (struct ex_scope *s = x->scope; s; s = s->parent)
        for (uint32_t i = 0; i < s->nrtes; i++)
            if (rte_opaque(s->rtes[i]))
                return ex_error(x, cr->location, "0A000",
                                "unsupported reference \"%s\" next to a function's unknown columns",
                                colname);
    if (relname && n == 2)
        return ex_error(x, cr->location, "42P01", "missing FROM-clause entry for table \"%s\"",
                        relname);
    return ex_error(x, cr->location, "42703", "column \"%s\" does not exist", colname);
}

/* ---- constants ---- */

static struct cat_expr *a_const(struct ex_ctx *x, PgQuery__AConst *c)
{
    if (c->isnull)
        return mk_const(x, PGB_UNKNOWN, NULL);
    switch (c->val_case) {
    case PG_QUERY__A__CONST__VAL_IVAL: {
        /* itoa without printf (literals are frequent) */
        char buf[16], *p = buf + sizeof buf - 1;
        int32_t v = c->ival ? c->ival->ival : 0;
        uint32_t u = v < 0 ? 0u - (uint32_t)v : (uint32_t)v;
        *p = 0;
        do {
            *--p = (char)('0' + u % 10);
            u /= 10;
        } while (u);
        if (v < 0)
            *--p = '-';
        return mk_const(x, PGB_INT4, p);
    }
    case PG_QUERY__A__CONST__VAL_FVAL: {
        const char *s = c->fval->fval;
        /* an integer too big for int4: int8 if it fits, else numeric */
        const char *p = s + (*s == '-' || *s == '+');
        bool digits = *p != 0;
        for (const char *q = p; *q; q++)
            digits &= isdigit((unsigned char)*q) != 0;
        if (digits) {
            errno = 0;
            char *end;
            long long v = strtoll(s, &end, 10);
            if (errno == 0 && !*end) {
                char buf[32];
                snprintf(buf, sizeof buf, "%lld", v);
                return mk_const(x, PGB_INT8, buf);
            }
        }
        const char *st, *msg;
        const char *norm = ex_const_normalize(x->arena, ex_type(PGB_NUMERIC), -1, s, &st, &msg);
        return mk_const(x, PGB_NUMERIC, norm ? norm : s);
    }
    case PG_QUERY__A__CONST__VAL_BOOLVAL:
        return mk_const(x, PGB_BOOL, c->boolval && c->boolval->boolval ? "true" : "false");
    case PG_QUERY__A__CONST__VAL_SVAL:
        return mk_const(x, PGB_UNKNOWN, c->sval ? c->sval->sval : "");
    case PG_QUERY__A__CONST__VAL_BSVAL: {
        const char *s = c->bsval ? c->bsval->bsval : "b";
        struct strbuf sb = STRBUF_INIT;
        if (s[0] == 'x' || s[0] == 'X') {
            for (const char *p = s + 1; *p; p++) {
                int v =
                    isdigit((unsigned char)*p) ? *p - '0' : (tolower((unsigned char)*p) - 'a' + 10);
                for (int b = 3; b >= 0; b--)
                    sb_addc(&sb, (v >> b) & 1 ? '1' : '0');
            }
        } else {
            sb_adds(&sb, s + 1);
        }
        struct cat_expr *e = mk_const(x, PGB_BIT, sb.buf ? sb.buf : "");
        sb_release(&sb);
        return e;
    }
    default:
        return mk_const(x, PGB_UNKNOWN, NULL);
    }
}

/* ---- coercion ---- */

static bool has_length_coercion(unsigned oid)
{
    switch (oid) {
    case PGB_BPCHAR:
    case PGB_VARCHAR:
    case PGB_NUMERIC:
    case PGB_BIT:
    case PGB_VARBIT:
    case PGB_TIMESTAMP:
    case PGB_TIMESTAMPTZ:
    case PGB_TIME:
    case PGB_TIMETZ:
    case PGB_INTERVAL:
        return true;
    }
    return false;
}

static struct cat_expr *coerce_typmod(struct ex_ctx *x, struct cat_expr *e, struct cat_type *to,
                                      int32_t typmod, int format)
{
    if (typmod < 0 || e->typmod == typmod)
        return e;
    struct cat_type *base = ex_base_type(to);
    if (!base || !has_length_coercion(base->oid))
        return e;
    struct cat_expr *f = mk(x, EX_FUNC, base, typmod);
    f->format = (uint8_t)format;
    f->sub = 1; /* length coercion */
    f->arg = e;
    f->name = base->name;
    if (to != base)
        return mk_coerce(x, EX_DOMAINCOERCE, to, format, f);
    return f;
}

/* The value of a constant after the type's input function: normalised text,
 * or an error such as invalid input syntax (22P02). */
static struct cat_expr *const_to(struct ex_ctx *x, struct cat_expr *c, struct cat_type *to,
                                 int32_t typmod, int format, int location)
{
    struct cat_type *base = ex_base_type(to);
    int32_t in_typmod = toid(base) == PGB_INTERVAL ? typmod : -1;
    struct cat_expr *e = mk(x, EX_CONST, base, in_typmod);
    if (c->value) {
        const char *st = NULL, *msg = NULL;
        const char *v = ex_const_normalize(x->arena, base, in_typmod, c->value, &st, &msg);
        if (!v) {
            return ex_error(x, location, st ? st : "22P02", "%s",
                            msg ? msg : "invalid input syntax");
        }
        e->value = v;
        if (toid(base) == PGB_REGCLASS) {
            /* regclass literals resolve the relation now (regclassin) */
            char *dot = strchr(v, '.');
            struct cat_rel *r = NULL;
            if (dot) {
                char *sch = arena_strndup(x->arena, v, (size_t)(dot - v));
                r = catalog_find_rel(x->cat, sch, dot + 1);
            } else {
                r = catalog_find_rel(x->cat, NULL, v);
            }
            if (!r)
                return ex_error(x, location, "42P01", "relation \"%s\" does not exist", v);
            e->regclass = r;
            /* a stored regclass constant is a dependency on the relation
             * (find_expr_references_walker): nextval('s') in a view */
            if (x->deps)
                add_dep_col(x, r, 0);
        }
    }
    if (base != to)
        return mk_coerce(x, EX_DOMAINCOERCE, to, format, e);
    return e;
}

/* coerce_type + coerce_type_typmod (coerce_to_target_type). context 'i',
 * 'a' or 'e'; returns NULL without an error set when no path exists. */
static struct cat_expr *coerce(struct ex_ctx *x, struct cat_expr *e, struct cat_type *to,
                               int32_t typmod, char context, int format, int location)
{
    if (!e || !to)
        return NULL;
    struct cat_type *from = e->type;
    if (from == to || toid(to) == PGB_ANY || ex_is_polymorphic(to) ||
        (toid(to) == PGB_RECORD && ex_base_type(from)->typtype == CAT_TYPE_COMPOSITE)) {
        if (from == to)
            return coerce_typmod(x, e, to, typmod, format);
        return e;
    }
    if (toid(from) == PGB_UNKNOWN) {
        if (e->kind == EX_CONST) {
            struct cat_expr *c = const_to(x, e, to, typmod, format, location);
            return c ? coerce_typmod(x, c, to, typmod, format) : NULL;
        }
        /* unknown-typed non-constant (e.g. an unresolved CASE): via I/O */
        struct cat_expr *io = mk_coerce(x, EX_IOCOERCE, to, format, e);
        return coerce_typmod(x, io, to, typmod, format);
    }
    unsigned func;
    enum ex_path p = ex_find_path(from, to, context, &func);
    if (p == EXP_NONE)
        return NULL;
    struct cat_type *base = ex_base_type(to);
    struct cat_expr *r;
    if (ex_base_type(from) == base && base != to) {
        r = e; /* only the domain check is missing */
    } else if (p == EXP_RELABEL) {
        r = mk_coerce(x, EX_RELABEL, base, format, e);
    } else if (p == EXP_FUNC) {
        const struct pgb_proc *pr = func ? pgb_proc_by_oid(func) : NULL;
        struct cat_cast *uc = func ? NULL : ex_user_cast(ex_base_type(from), base);
        r = mk(x, EX_FUNC, base, -1);
        r->format = (uint8_t)format;
        r->proc = pr;
        r->ufunc = uc ? uc->func : NULL;
        r->name = pr ? pr->name : uc && uc->func ? uc->func->name : base->name;
        r->arg = e;
        if (pr && pr->nargs >= 2 && typmod >= 0 && base == to) {
            /* the cast function applies the typmod itself */
            r->typmod = typmod;
            r->sub = 1;
            return r;
        }
    } else if (p == EXP_IO) {
        r = mk_coerce(x, EX_IOCOERCE, base, format, e);
    } else {
        r = mk_coerce(x, EX_ARRAYCOERCE, base, format, e);
    }
    if (base != to)
        r = mk_coerce(x, EX_DOMAINCOERCE, to, format, r);
    return coerce_typmod(x, r, to, typmod, format);
}

struct cat_expr *ex_strip_implicit(struct cat_expr *e)
{
    while (e) {
        if ((e->kind == EX_RELABEL || e->kind == EX_IOCOERCE || e->kind == EX_ARRAYCOERCE ||
             e->kind == EX_DOMAINCOERCE || (e->kind == EX_FUNC && e->arg)) &&
            e->format == EXF_IMPLICIT_CAST)
            e = e->arg;
        else
            break;
    }
    return e;
}

struct cat_expr *ex_coerce_assign(struct ex_ctx *x, struct cat_expr *e, struct cat_typeref to,
                                  const char *colname, int location)
{
    if (!e)
        return NULL;
    struct cat_expr *r = coerce(x, e, to.type, to.typmod, 'a', EXF_IMPLICIT_CAST, location);
    if (!r && !x->sqlstate) {
        const char *what =
            x->kind == EXK_GENERATED ? "generation expression" : "default expression";
        if (x->kind == EXK_DEFAULT || x->kind == EXK_GENERATED) {
            ex_error(x, location, "42804", "column \"%s\" is of type %s but %s is of type %s",
                     colname, type_be(x, to.type), what, type_be(x, e->type));
        } else {
            ex_error(x, location, "42804",
                     "column \"%s\" is of type %s but expression is of type %s", colname,
                     type_be(x, to.type), type_be(x, e->type));
        }
    }
    return r;
}

struct cat_expr *ex_coerce_bool(struct ex_ctx *x, struct cat_expr *e, const char *construct)
{
    if (!e)
        return NULL;
    if (toid(ex_base_type(e->type)) == PGB_BOOL && e->type->typtype != CAT_TYPE_DOMAIN)
        return e;
    struct cat_expr *r = coerce(x, e, ex_type(PGB_BOOL), -1, 'a', EXF_IMPLICIT_CAST, -1);
    if (!r && !x->sqlstate)
        ex_error(x, -1, "42804", "argument of %s must be type boolean, not type %s", construct,
                 type_be(x, e->type));
    return r;
}

struct cat_expr *ex_resolve_unknown(struct ex_ctx *x, struct cat_expr *e)
{
    if (e && is_unknown(e))
        return coerce(x, e, ex_type(PGB_TEXT), -1, 'i', EXF_IMPLICIT_CAST, -1);
    return e;
}

/* ---- candidates (functions and operators) ---- */

struct cand {
    const struct pgb_proc *proc;
    const struct pgb_oper *oper;
    struct cat_oper *uoper;
    struct cat_func *ufunc;
    struct cat_type **args; /* declared (after variadic expansion), nargs entries */
    struct cat_type *ret;
    bool retset;
    bool expanded_variadic;
    struct cand *next;
};

static struct cat_type *builtin_or_null(unsigned oid)
{
    return oid ? ex_type(oid) : NULL;
}

/* Builds the candidate list for a function call of nargs positional arguments. */
/* Candidates are only kept when the inputs can be coerced to them (what
 * func_match_argtypes would keep anyway): exact matches always can, and
 * most of a name's overloads are dropped before anything is allocated. */
static struct cand *func_candidates(struct ex_ctx *x, const char *schema, const char *name,
                                    uint32_t nargs, bool call_variadic, bool want_procedure,
                                    struct cat_type **input)
{
    struct cat_type *tmp[nargs + 1];
    struct cand *head = NULL, **tail = &head;
    if (!schema || strcmp(schema, "pg_catalog") == 0) {
        unsigned first, n = pgb_procs_named(name, &first);
        for (unsigned i = 0; i < n; i++) {
            const struct pgb_proc *p = &pgb_procs[first + i];
            if ((p->kind == 'p') != want_procedure)
                continue;
            uint32_t pn = p->nargs;
            bool variadic = p->variadic != 0 && !call_variadic;
            bool fits = nargs == pn || (nargs < pn && pn - nargs <= p->ndefaults) ||
                        (variadic && nargs >= pn - 1);
            if (!fits)
                continue;
            /* with a variadic function PostgreSQL expands the variadic array */
            bool expand = variadic;
            for (uint32_t k = 0; k < nargs; k++) {
                unsigned oid;
                if (expand && k >= pn - 1)
                    oid = p->variadic == PGB_ANY ? PGB_ANY : p->variadic;
                else
                    oid = pgb_proc_args[p->args + k];
                tmp[k] = builtin_or_null(oid);
                if (!tmp[k])
                    tmp[k] = ex_type(PGB_ANY);
            }
            if (input && !ex_can_coerce_all(input, tmp, nargs, 'i'))
                continue;
            struct cand *c = arena_alloc(x->arena, sizeof *c);
            c->proc = p;
            c->args = arena_memdup(x->arena, tmp, sizeof *tmp * (nargs + 1));
            c->expanded_variadic = expand;
            c->ret = builtin_or_null(p->rettype);
            c->retset = p->retset;
            *tail = c;
            tail = &c->next;
        }
    }
    if (!schema || strcmp(schema, "pg_catalog") != 0) {
        struct cat_func **fs;
        uint32_t nf = catalog_find_funcs(x->cat, schema, name, &fs);
        for (uint32_t i = 0; i < nf; i++) {
            struct cat_func *f = fs[i];
            if ((f->prokind == CAT_PROKIND_PROCEDURE) != want_procedure)
                continue;
            uint32_t pn = 0, ndef = 0;
            bool variadic = false;
            for (uint32_t k = 0; k < f->nargs; k++) {
                char m = f->args[k].mode;
                if (m == 'o' || m == 't')
                    continue;
                pn++;
                if (f->args[k].default_expr || f->args[k].default_text)
                    ndef++;
                if (m == 'v')
                    variadic = !call_variadic;
            }
            bool fits =
                nargs == pn || (nargs < pn && pn - nargs <= ndef) || (variadic && nargs >= pn - 1);
            if (!fits)
                continue;
            struct cand *c = arena_alloc(x->arena, sizeof *c);
            c->ufunc = f;
            c->args = arena_alloc(x->arena, sizeof *c->args * (nargs + 1));
            uint32_t k = 0;
            struct cat_type *last = NULL;
            for (uint32_t a = 0; a < f->nargs && k < nargs; a++) {
                char m = f->args[a].mode;
                if (m == 'o' || m == 't')
                    continue;
                if (m == 'v' && variadic) {
                    struct cat_type *vt = f->args[a].type.type;
                    last = vt && vt->elem ? vt->elem : vt;
                    c->expanded_variadic = true;
                    break;
                }
                c->args[k++] = f->args[a].type.type;
            }
            while (k < nargs)
                c->args[k++] = last ? last : ex_type(PGB_ANY);
            c->ret = f->rettype.type;
            c->retset = f->retset;
            *tail = c;
            tail = &c->next;
        }
    }
    return head;
}

static void user_oper_candidates(struct ex_ctx *x, struct cat_schema *sch, const char *name,
                                 bool prefix, struct cand ***tail)
{
    struct cat_vec *v = sch ? hashmap_get(&sch->opers, name) : NULL;
    for (uint32_t i = 0; v && i < v->n; i++) {
        struct cat_oper *o = v->items[i];
        if (o->obj.dropped || (o->kind == 'l') != prefix)
            continue;
        struct cand *c = arena_alloc(x->arena, sizeof *c);
        c->uoper = o;
        c->args = arena_alloc(x->arena, sizeof *c->args * 2);
        c->args[0] = prefix ? o->right : o->left;
        c->args[1] = o->right;
        c->ret = o->result;
        if (!c->args[0] || !c->ret)
            continue;
        **tail = c;
        *tail = &c->next;
    }
}

static struct cand *oper_candidates(struct ex_ctx *x, const char *schema, const char *name,
                                    bool prefix, struct cat_type **input)
{
    struct cand *head = NULL, **tail = &head;
    if (schema && strcmp(schema, "pg_catalog") != 0) {
        user_oper_candidates(x, catalog_find_schema(x->cat, schema), name, prefix, &tail);
        return head;
    }
    if (!schema)
        for (const char **p = x->cat->search_path; *p; p++)
            if (strcmp(*p, "pg_catalog") != 0)
                user_oper_candidates(x, catalog_find_schema(x->cat, *p), name, prefix, &tail);
    unsigned first, n = pgb_opers_named(name, &first);
    for (unsigned i = 0; i < n; i++) {
        const struct pgb_oper *o = &pgb_opers[first + i];
        if ((o->kind == 'l') != prefix)
            continue;
        struct cat_type *args[2];
        if (prefix) {
            args[0] = builtin_or_null(o->right);
            args[1] = NULL;
        } else {
            args[0] = builtin_or_null(o->left);
            args[1] = builtin_or_null(o->right);
        }
        struct cat_type *ret = builtin_or_null(o->result);
        if (!args[0] || (!prefix && !args[1]) || !ret)
            continue;
        if (input && !ex_can_coerce_all(input, args, prefix ? 1 : 2, 'i'))
            continue;
        struct cand *c = arena_alloc(x->arena, sizeof *c);
        c->oper = o;
        c->args = arena_memdup(x->arena, args, sizeof args);
        c->ret = ret;
        *tail = c;
        tail = &c->next;
    }
    return head;
}

static bool same_args(struct cat_type **a, struct cat_type **b, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++)
        if (a[i] != b[i])
            return false;
    return true;
}

/* The candidates with the highest score so far, kept as a list in the order
 * they came: the tally func_select_candidate makes at each of its steps. */
struct best_cands {
    struct cand *head, *last;
    int score, n;
};

/* Scores c: it replaces the list when it beats it, joins it when it ties. */
static void best_cands_add(struct best_cands *b, struct cand *c, int m)
{
    if (m > b->score) {
        b->score = m;
        b->head = b->last = c;
        b->n = 1;
        c->next = NULL;
    } else if (m == b->score) {
        b->last->next = c;
        b->last = c;
        c->next = NULL;
        b->n++;
    }
}

/* func_select_candidate: PostgreSQL's heuristics to pick one candidate
 * among several that accept the inputs with implicit coercion. */
static struct cand *select_candidate(struct cat_type **input, uint32_t nargs, struct cand *cands)
{
    struct cat_type *base[nargs ? nargs : 1];
    char slot_cat[nargs ? nargs : 1];
    bool slot_pref[nargs ? nargs : 1];
    uint32_t nunknown = 0;
    for (uint32_t i = 0; i < nargs; i++) {
        if (toid(input[i]) == PGB_UNKNOWN) {
            base[i] = input[i];
            nunknown++;
        } else {
            base[i] = ex_base_type(input[i]);
        }
    }
    /* most exact matches */
    struct best_cands exact = {NULL, NULL, -1, 0};
    for (struct cand *c = cands, *next; c; c = next) {
        next = c->next;
        int m = 0;
        for (uint32_t i = 0; i < nargs; i++)
            if (toid(base[i]) != PGB_UNKNOWN && c->args[i] == base[i])
                m++;
        best_cands_add(&exact, c, m);
    }
    if (exact.n == 1)
        return exact.head;
    /* exact or preferred types (same category) where coercion is needed */
    for (uint32_t i = 0; i < nargs; i++)
        slot_cat[i] = base[i]->category;
    struct best_cands pref = {NULL, NULL, -1, 0};
    for (struct cand *c = exact.head, *next; c; c = next) {
        next = c->next;
        int m = 0;
        for (uint32_t i = 0; i < nargs; i++) {
            if (toid(base[i]) == PGB_UNKNOWN)
                continue;
            if (c->args[i] == base[i] ||
                (c->args[i]->category == slot_cat[i] && c->args[i]->preferred))
                m++;
        }
        best_cands_add(&pref, c, m);
    }
    if (pref.n == 1)
        return pref.head;
    if (nunknown == 0)
        return NULL;
    cands = pref.head;
    /* categories for the unknown positions */
    bool resolved = true;
    for (uint32_t i = 0; i < nargs; i++) {
        if (toid(base[i]) != PGB_UNKNOWN)
            continue;
        slot_cat[i] = 0;
        slot_pref[i] = false;
        bool conflict = false;
        for (struct cand *c = cands; c; c = c->next) {
            char cat = c->args[i]->category;
            bool pref = c->args[i]->preferred;
            if (!slot_cat[i]) {
                slot_cat[i] = cat;
                slot_pref[i] = pref;
            } else if (cat == slot_cat[i]) {
                slot_pref[i] |= pref;
            } else if (cat == 'S') {
                slot_cat[i] = cat;
                slot_pref[i] = pref;
            } else {
                conflict = true;
            }
        }
        if (conflict && slot_cat[i] != 'S') {
            resolved = false;
            break;
        }
    }
    if (resolved) {
        struct cand *keep = NULL, **kt = &keep;
        int nkeep = 0;
        for (struct cand *c = cands; c; c = c->next) {
            bool ok = true;
            for (uint32_t i = 0; i < nargs && ok; i++) {
                if (toid(base[i]) != PGB_UNKNOWN)
                    continue;
                if (c->args[i]->category != slot_cat[i])
                    ok = false;
                else if (slot_pref[i] && !c->args[i]->preferred)
                    ok = false;
            }
            if (ok) {
                struct cand *copy = c;
                *kt = copy;
                kt = &copy->next;
                nkeep++;
            }
        }
        if (nkeep) {
            *kt = NULL;
            cands = keep;
        }
        if (nkeep == 1)
            return keep;
    }
    /* last gasp: unknowns take the single known type */
    if (nunknown < nargs) {
        struct cat_type *known = NULL;
        for (uint32_t i = 0; i < nargs; i++) {
            if (toid(base[i]) == PGB_UNKNOWN)
                continue;
            if (!known)
                known = base[i];
            else if (known != base[i]) {
                known = NULL;
                break;
            }
        }
        if (known) {
            struct cat_type *in2[nargs];
            for (uint32_t i = 0; i < nargs; i++)
                in2[i] = known;
            struct cand *one = NULL;
            int n = 0;
            for (struct cand *c = cands; c; c = c->next) {
                if (ex_can_coerce_all(in2, c->args, nargs, 'i')) {
                    if (++n > 1)
                        break;
                    one = c;
                }
            }
            if (n == 1)
                return one;
        }
    }
    return NULL;
}

/* func_match_argtypes: the candidates whose declared types accept the inputs
 * with implicit coercion. Returns the filtered list; *n its length. */
static struct cand *match_argtypes(struct cat_type **input, uint32_t nargs, struct cand *cands,
                                   int *n)
{
    struct cand *head = NULL, **tail = &head;
    *n = 0;
    for (struct cand *c = cands, *next; c; c = next) {
        next = c->next;
        if (ex_can_coerce_all(input, c->args, nargs, 'i')) {
            *tail = c;
            tail = &c->next;
            (*n)++;
        }
    }
    *tail = NULL;
    return head;
}

/* enforce_generic_type_consistency: resolves polymorphic declared argument
 * types and the result type from the actual inputs. */
static void resolve_polymorphic(struct ex_ctx *x, struct cat_expr **args, uint32_t nargs,
                                struct cand *c, struct cat_type **declared, struct cat_type **ret)
{
    struct cat_type *elem = NULL, *compat = NULL;
    bool any_poly = false;
    for (uint32_t i = 0; i < nargs; i++) {
        struct cat_type *d = c->args[i];
        declared[i] = d;
        if (!ex_is_polymorphic(d))
            continue;
        any_poly = true;
        struct cat_type *a = args[i]->type;
        if (toid(a) == PGB_UNKNOWN)
            continue;
        struct cat_type *ab = ex_base_type(a);
        switch (toid(d)) {
        case PGB_ANYARRAY:
            if (!elem && ab->elem)
                elem = ab->elem;
            break;
        case PGB_ANYELEMENT:
        case PGB_ANYNONARRAY:
        case PGB_ANYENUM:
            if (!elem)
                elem = a;
            break;
        case PGB_ANYCOMPATIBLEARRAY:
            break;
        default:
            break;
        }
    }
    /* anycompatible family: common type of the inputs */
    {
        struct cat_expr *tmp[nargs ? nargs : 1];
        uint32_t nt = 0;
        for (uint32_t i = 0; i < nargs; i++) {
            unsigned d = toid(c->args[i]);
            if (d == PGB_ANYCOMPATIBLE || d == PGB_ANYCOMPATIBLENONARRAY) {
                tmp[nt++] = args[i];
            } else if (d == PGB_ANYCOMPATIBLEARRAY && !is_unknown(args[i]) &&
                       ex_base_type(args[i]->type)->elem) {
                struct cat_expr *fake = mk(x, EX_RAW, ex_base_type(args[i]->type)->elem, -1);
                tmp[nt++] = fake;
            }
        }
        if (nt)
            compat = ex_common_type(x, tmp, nt, NULL);
    }
    if (any_poly && !elem) {
        /* all polymorphic inputs unknown: PostgreSQL resolves them as text */
        elem = ex_type(PGB_TEXT);
    }
    for (uint32_t i = 0; i < nargs; i++) {
        switch (toid(c->args[i])) {
        case PGB_ANYELEMENT:
        case PGB_ANYNONARRAY:
        case PGB_ANYENUM:
            declared[i] = elem;
            break;
        case PGB_ANYARRAY:
            declared[i] = elem && elem->array ? elem->array : args[i]->type;
            if (toid(args[i]->type) != PGB_UNKNOWN)
                declared[i] = args[i]->type;
            break;
        case PGB_ANYCOMPATIBLE:
        case PGB_ANYCOMPATIBLENONARRAY:
            declared[i] = compat ? compat : args[i]->type;
            break;
        case PGB_ANYCOMPATIBLEARRAY:
            declared[i] = compat && compat->array ? compat->array : args[i]->type;
            break;
        }
    }
    struct cat_type *r = c->ret;
    switch (toid(r)) {
    case PGB_ANYELEMENT:
    case PGB_ANYNONARRAY:
    case PGB_ANYENUM:
        r = elem;
        break;
    case PGB_ANYARRAY:
        r = elem && elem->array ? elem->array : r;
        break;
    case PGB_ANYCOMPATIBLE:
    case PGB_ANYCOMPATIBLENONARRAY:
        r = compat ? compat : r;
        break;
    case PGB_ANYCOMPATIBLEARRAY:
        r = compat && compat->array ? compat->array : r;
        break;
    }
    *ret = r;
}

static const char *args_sig(struct ex_ctx *x, struct cat_type **types, uint32_t n)
{
    struct strbuf sb = STRBUF_INIT;
    for (uint32_t i = 0; i < n; i++) {
        if (i)
            sb_adds(&sb, ", ");
        sb_adds(&sb, type_be(x, types[i]));
    }
    char *r = arena_strdup(x->arena, sb.buf ? sb.buf : "");
    sb_release(&sb);
    return r;
}

static void note_func(struct ex_ctx *x, const struct pgb_proc *p, struct cat_func *f)
{
    char vol = p ? p->volatility : f ? f->volatility : 'i';
    if (vol == 'v')
        x->volatile_seen = true;
    if (vol != 'i')
        x->mutable_seen = true;
    if (f && x->deps)
        deps_add_func(x->arena, x->deps, f);
}

/* make_op */
static struct cat_expr *make_op(struct ex_ctx *x, const char *schema, const char *opname,
                                struct cat_expr *l, struct cat_expr *r, int location)
{
    if ((l && !l->type) || (r && !r->type))
        return NULL;
    bool prefix = l == NULL;
    uint32_t nargs = prefix ? 1 : 2;
    struct cat_expr *args[2] = {prefix ? r : l, r};
    struct cat_type *input[2] = {args[0]->type, prefix ? NULL : r->type};
    struct cand *chosen = NULL;
    /* exact match, with binary_oper_exact's unknown-literal rule */
    struct cat_type *probe[2] = {input[0], input[1]};
    if (!prefix) {
        if (toid(probe[0]) == PGB_UNKNOWN && toid(probe[1]) != PGB_UNKNOWN)
            probe[0] = probe[1];
        else if (toid(probe[1]) == PGB_UNKNOWN && toid(probe[0]) != PGB_UNKNOWN)
            probe[1] = probe[0];
    }
    /* fast path: an exact builtin operator (pg_catalog is searched first) */
    if (!schema || strcmp(schema, "pg_catalog") == 0) {
        unsigned first, n = pgb_opers_named(opname, &first);
        unsigned want_l = prefix ? 0 : toid(probe[0]), want_r = toid(prefix ? probe[0] : probe[1]);
        for (unsigned i = 0; i < n && want_r; i++) {
            const struct pgb_oper *o = &pgb_opers[first + i];
            if ((o->kind == 'l') != prefix || o->right != want_r || (!prefix && o->left != want_l))
                continue;
            if (!probe[0]->obj.builtin || (!prefix && !probe[1]->obj.builtin))
                break;
            struct cand *c = arena_alloc(x->arena, sizeof *c);
            c->oper = o;
            c->args = arena_alloc(x->arena, sizeof *c->args * 2);
            c->args[0] = probe[0];
            c->args[1] = prefix ? NULL : probe[1];
            c->ret = builtin_or_null(o->result);
            if (c->ret)
                chosen = c;
            break;
        }
    }
    /* the full resolution among builtin operators depends on builtin data
     * only: memoised per (name, input types) while no operator of the chain's
     * (extensions) has that name */
    char key[96];
    bool cacheable = false;
    if (!chosen && (!schema || strcmp(schema, "pg_catalog") == 0) && input[0]->obj.builtin &&
        (prefix || input[1]->obj.builtin) && strlen(opname) < 32) {
        cacheable = true;
        for (const char **p = x->cat->search_path; *p && cacheable; p++) {
            struct cat_schema *sch =
                strcmp(*p, "pg_catalog") != 0 ? catalog_find_schema(x->cat, *p) : NULL;
            if (sch && hashmap_get(&sch->opers, opname))
                cacheable = false;
        }
        if (cacheable) {
            /* "name left right" (oids), built without printf: this is hot */
            size_t k = strlen(opname);
            memcpy(key, opname, k);
            unsigned oids[2] = {toid(input[0]), prefix ? 0u : toid(input[1])};
            for (int i = 0; i < 2; i++) {
                char digits[12];
                int nd = 0;
                unsigned v = oids[i];
                do {
                    digits[nd++] = (char)('0' + v % 10);
                    v /= 10;
                } while (v);
                key[k++] = ' ';
                while (nd)
                    key[k++] = digits[--nd];
            }
            key[k] = 0;
            chosen = hashmap_get(&x->cat->oper_cache, key);
        }
    }
    struct cand *cands = chosen ? chosen : oper_candidates(x, schema, opname, prefix, input);
    for (struct cand *c = cands; c && !chosen; c = c->next)
        if (same_args(c->args, probe, nargs))
            chosen = c;
    if (!chosen && !prefix && (toid(input[0]) == PGB_UNKNOWN) != (toid(input[1]) == PGB_UNKNOWN)) {
        /* unknown vs domain: try the domain's base type on both sides */
        struct cat_type *known = toid(input[0]) == PGB_UNKNOWN ? input[1] : input[0];
        struct cat_type *b = ex_base_type(known);
        if (b != known) {
            struct cat_type *p2[2] = {b, b};
            for (struct cand *c = cands; c && !chosen; c = c->next)
                if (same_args(c->args, p2, 2))
                    chosen = c;
        }
    }
    if (!chosen) {
        int n;
        struct cand *m = match_argtypes(input, nargs, cands, &n);
        if (n == 1)
            chosen = m;
        else if (n > 1)
            chosen = select_candidate(input, nargs, m);
        if (!chosen) {
            const char *lt = prefix ? NULL : type_be(x, input[0]);
            const char *rt = type_be(x, prefix ? input[0] : input[1]);
            if (n > 1) {
                if (prefix)
                    return ex_error(x, location, "42725", "operator is not unique: %s %s", opname,
                                    rt);
                return ex_error(x, location, "42725", "operator is not unique: %s %s %s", lt,
                                opname, rt);
            }
            if (prefix)
                return ex_error(x, location, "42883", "operator does not exist: %s %s", opname, rt);
            return ex_error(x, location, "42883", "operator does not exist: %s %s %s", lt, opname,
                            rt);
        }
    }
    if (cacheable && !chosen->uoper && !hashmap_get(&x->cat->oper_cache, key)) {
        struct cand *keep = arena_memdup(x->cat->arena, chosen, sizeof *chosen);
        keep->next = NULL;
        keep->args = arena_memdup(x->cat->arena, chosen->args, sizeof *chosen->args * 2);
        hashmap_put(&x->cat->oper_cache, arena_strdup(x->cat->arena, key), keep);
    }
    struct cat_type *declared[2];
    struct cat_type *ret;
    resolve_polymorphic(x, args, nargs, chosen, declared, &ret);
    struct cat_expr *e = mk(x, EX_OP, ret, -1);
    if (chosen->uoper) {
        e->name = chosen->uoper->name;
        e->opschema = chosen->uoper->schema->name;
        e->ufunc = chosen->uoper->func;
        note_func(x, NULL, chosen->uoper->func);
    } else {
        e->name = chosen->oper->name;
        e->proc = pgb_proc_by_oid(chosen->oper->proc);
        if (e->proc)
            note_func(x, e->proc, NULL);
    }
    e->nargs = nargs;
    e->args = arena_alloc(x->arena, sizeof *e->args * nargs);
    for (uint32_t i = 0; i < nargs; i++) {
        e->args[i] = coerce(x, args[i], declared[i], -1, 'i', EXF_IMPLICIT_CAST, location);
        if (!e->args[i])
            return x->sqlstate
                       ? NULL
                       : ex_error(x, location, "42883", "operator does not exist: %s", opname);
    }
    return e;
}

/* ---- functions ---- */

static const char *name_list(PgQuery__Node **names, size_t n, const char **schema)
{
    *schema = NULL;
    if (n == 0)
        return "";
    if (n >= 2)
        *schema = node_str(names[n - 2]);
    return node_str(names[n - 1]);
}

static struct cat_expr *analyze_list(struct ex_ctx *x, PgQuery__Node **items, size_t n,
                                     struct cat_expr ***out)
{
    struct cat_expr **v = arena_alloc(x->arena, sizeof *v * (n + 1));
    for (size_t i = 0; i < n; i++) {
        v[i] = ex_analyze(x, items[i]);
        if (!v[i])
            return NULL;
    }
    *out = v;
    return (struct cat_expr *)v; /* non-NULL */
}

static struct cat_expr *sql_syntax_func(struct ex_ctx *x, const char *name, struct cat_expr **args,
                                        uint32_t nargs, int location);

static struct cat_expr *func_call(struct ex_ctx *x, PgQuery__FuncCall *fc)
{
    const char *schema;
    const char *name = name_list(fc->funcname, fc->n_funcname, &schema);
    if (!name)
        return ex_error(x, fc->location, "42601", "syntax error in function name");
    if (fc->over && x->kind != EXK_SELECT)
        return ex_error(x, fc->location, "42P20", "window functions are not allowed in %s",
                        x->kind == EXK_CHECK ? "check constraints" : "this context");
    uint32_t nargs = (uint32_t)fc->n_args;
    struct cat_expr **args = NULL;
    for (size_t i = 0; i < fc->n_args; i++)
        if (fc->args[i]->node_case == PG_QUERY__NODE__NODE_NAMED_ARG_EXPR)
            return ex_error(x, fc->location, "0A000", "named arguments are not supported");
    if (nargs && !analyze_list(x, fc->args, fc->n_args, &args))
        return NULL;
    if (fc->agg_star)
        nargs = 0;
    if (fc->n_agg_order) {
        /* ORDER BY inside an aggregate: the sort expressions are analysed;
         * for an ordered-set aggregate (WITHIN GROUP) they are arguments */
        struct cat_expr **all = arena_alloc(x->arena, sizeof *all * (nargs + fc->n_agg_order + 1));
        for (uint32_t i = 0; i < nargs; i++)
            all[i] = args[i];
        for (size_t i = 0; i < fc->n_agg_order; i++) {
            PgQuery__Node *o = fc->agg_order[i];
            PgQuery__Node *sx = o->node_case == PG_QUERY__NODE__NODE_SORT_BY ? o->sort_by->node : o;
            struct cat_expr *se = ex_analyze(x, sx);
            if (!se)
                return NULL;
            if (fc->agg_within_group)
                all[nargs + i] = se;
        }
        if (fc->agg_within_group) {
            args = all;
            nargs += (uint32_t)fc->n_agg_order;
        }
    }
    if (fc->agg_filter) {
        struct cat_expr *f = ex_analyze(x, fc->agg_filter);
        if (!f)
            return NULL;
        if (toid(f->type) != PGB_BOOL && !is_unknown(f))
            return ex_error(x, fc->location, "42804",
                            "argument of FILTER must be type boolean, not type %s",
                            f->type ? f->type->name : "unknown");
    }
    if (fc->funcformat == PG_QUERY__COERCION_FORM__COERCE_SQL_SYNTAX) {
        struct cat_expr *e = sql_syntax_func(x, name, args, nargs, fc->location);
        if (e || x->sqlstate)
            return e;
    }
    struct cat_type *input[nargs ? nargs : 1];
    for (uint32_t i = 0; i < nargs; i++)
        input[i] = args[i]->type;
    struct cand *cands = func_candidates(x, schema, name, nargs, fc->func_variadic, false, input);
    struct cand *chosen = NULL;
    for (struct cand *c = cands; c && !chosen; c = c->next)
        if (same_args(c->args, input, nargs))
            chosen = c;
    if (chosen && chosen->ufunc) {
        /* two functions of one schema with the same effective arguments
         * (one through defaults) make the call ambiguous */
        for (struct cand *c = chosen->next; c; c = c->next)
            if (c->ufunc && c->ufunc->schema == chosen->ufunc->schema &&
                same_args(c->args, input, nargs))
                return ex_error(x, fc->location, "42725", "function %s(%s) is not unique", name,
                                args_sig(x, input, nargs));
    }
    if (!chosen && nargs == 1 && !fc->agg_star) {
        /* function-style cast: type_name(arg) */
        struct cat_type *t = schema ? catalog_find_type(x->cat, schema, name)
                                    : catalog_find_type(x->cat, NULL, name);
        if (t && (is_unknown(args[0]) || ex_can_coerce(args[0]->type, t, 'e'))) {
            struct cat_expr *r = coerce(x, args[0], t, -1, 'e', EXF_EXPLICIT_CALL, fc->location);
            if (r)
                return r;
        }
    }
    int n = 0;
    if (!chosen) {
        struct cand *m = match_argtypes(input, nargs, cands, &n);
        if (n == 1)
            chosen = m;
        else if (n > 1) {
            chosen = select_candidate(input, nargs, m);
            if (!chosen) {
                /* PostgreSQL prefers a candidate from an earlier schema only
                 * for identical signatures; otherwise ambiguous */
                return ex_error(x, fc->location, "42725", "function %s(%s) is not unique", name,
                                args_sig(x, input, nargs));
            }
        }
    }
    if (!chosen) {
        /* no overload of that name at all (not merely none that fits the
         * argument types the analyser computed): certain, whatever the types */
        unsigned first;
        struct cat_func **fs;
        x->no_such_func =
            !x->sqlstate && (!schema || catalog_find_schema(x->cat, schema)) &&
            ((schema && strcmp(schema, "pg_catalog") != 0) || pgb_procs_named(name, &first) == 0) &&
            catalog_find_funcs(x->cat, schema, name, &fs) == 0;
        if (fc->agg_star)
            return ex_error(x, fc->location, "42883", "function %s(*) does not exist", name);
        return ex_error(x, fc->location, "42883", "function %s(%s) does not exist",
                        schema ? arena_printf(x->arena, "%s.%s", schema, name) : name,
                        args_sig(x, input, nargs));
    }
    char kind = chosen->proc ? chosen->proc->kind : chosen->ufunc->prokind;
    if ((kind == 'a' || kind == 'w') && x->kind != EXK_SELECT) {
        const char *where = x->kind == EXK_CHECK        ? "check constraints"
                            : x->kind == EXK_DEFAULT    ? "DEFAULT expressions"
                            : x->kind == EXK_INDEX_EXPR ? "index expressions"
                            : x->kind == EXK_INDEX_PRED ? "index predicates"
                            : x->kind == EXK_POLICY     ? "policy expressions"
                            : x->kind == EXK_GENERATED  ? "column generation expressions"
                                                        : "this context";
        if (kind == 'w' && !fc->over)
            return ex_error(x, fc->location, "42809", "window function %s requires an OVER clause",
                            name);
        return ex_error(x, fc->location, "42803", "aggregate functions are not allowed in %s",
                        where);
    }
    if (chosen->retset && x->kind != EXK_SELECT && x->kind != EXK_OTHER) {
        return ex_error(x, fc->location, "0A000", "set-returning functions are not allowed in %s",
                        x->kind == EXK_CHECK     ? "check constraints"
                        : x->kind == EXK_DEFAULT ? "DEFAULT expressions"
                                                 : "this context");
    }
    struct cat_type *declared[nargs ? nargs : 1];
    struct cat_type *ret;
    resolve_polymorphic(x, args, nargs, chosen, declared, &ret);
    struct cat_expr *e = mk(x, kind == 'a' || kind == 'w' ? EX_AGG : EX_FUNC, ret, -1);
    e->proc = chosen->proc;
    e->ufunc = chosen->ufunc;
    e->name = chosen->proc ? chosen->proc->name : chosen->ufunc->name;
    e->format = EXF_CALL;
    e->flag = fc->func_variadic || fc->agg_star;
    if ((kind == 'a' || kind == 'w') &&
        (fc->agg_distinct || fc->n_agg_order || fc->agg_filter || fc->over))
        e->sub = 1; /* DISTINCT / ORDER BY / FILTER / OVER: not kept, not printable */
    e->nargs = nargs;
    e->args = arena_alloc(x->arena, sizeof *e->args * (nargs + 1));
    note_func(x, chosen->proc, chosen->ufunc);
    if (kind == 'a' || kind == 'w')
        x->has_agg = true;
    for (uint32_t i = 0; i < nargs; i++) {
        struct cat_type *d = declared[i];
        if (toid(d) == PGB_ANY) {
            e->args[i] = args[i]; /* "any" keeps unknown literals unknown */
            continue;
        }
        e->args[i] = coerce(x, args[i], d, -1, 'i', EXF_IMPLICIT_CAST, fc->location);
        if (!e->args[i])
            return x->sqlstate
                       ? NULL
                       : ex_error(x, fc->location, "42883", "function %s(%s) does not exist", name,
                                  args_sig(x, input, nargs));
    }
    if (chosen->expanded_variadic && kind == 'f') {
        /* the parser merges the variadic arguments into an array (funcvariadic),
         * printed as VARIADIC ARRAY[...]; VARIADIC "any" keeps them apart */
        uint32_t vpos = 0;
        bool any = false;
        if (chosen->proc) {
            vpos = chosen->proc->nargs ? chosen->proc->nargs - 1u : 0;
            any = chosen->proc->variadic == PGB_ANY;
        } else {
            for (uint32_t a = 0; a < chosen->ufunc->nargs; a++) {
                char m = chosen->ufunc->args[a].mode;
                if (m == 'v') {
                    any = toid(chosen->ufunc->args[a].type.type) == PGB_ANY;
                    break;
                }
                if (m != 'o' && m != 't')
                    vpos++;
            }
        }
        struct cat_type *et = vpos < nargs ? declared[vpos] : NULL;
        if (!any && et && et->array && vpos < nargs) {
            struct cat_expr *arr = mk(x, EX_ARRAY, et->array, -1);
            arr->nargs = nargs - vpos;
            arr->args = arena_alloc(x->arena, sizeof *arr->args * (arr->nargs + 1));
            for (uint32_t i = vpos; i < nargs; i++)
                arr->args[i - vpos] = e->args[i];
            e->args[vpos] = arr;
            e->nargs = vpos + 1;
            e->flag = true;
        }
    }
    return e;
}

/* SQL-syntax functions (EXTRACT, SUBSTRING ... FROM, TRIM, POSITION,
 * OVERLAY, AT TIME ZONE, COLLATION FOR): analysed as the underlying function,
 * printed back in SQL syntax by expr_print.c (format EXF_SQL_SYNTAX). */
static struct cat_expr *sql_syntax_func(struct ex_ctx *x, const char *name, struct cat_expr **args,
                                        uint32_t nargs, int location)
{
    static const char *const names[] = {
        "extract",     "overlay", "position",      "substring", "timezone",      "btrim",
        "ltrim",       "rtrim",   "collation for", "normalize", "is_normalized", "pg_collation_for",
        "system_user", NULL};
    bool known = false;
    for (int i = 0; names[i]; i++)
        known |= strcmp(names[i], name) == 0;
    if (!known)
        return NULL;
    /* resolve as an ordinary call, then mark the syntax */
    struct cat_type *input[nargs ? nargs : 1];
    for (uint32_t i = 0; i < nargs; i++)
        input[i] = args[i]->type;
    struct cand *cands = func_candidates(x, "pg_catalog", name, nargs, false, false, input);
    struct cand *chosen = NULL;
    for (struct cand *c = cands; c && !chosen; c = c->next)
        if (same_args(c->args, input, nargs))
            chosen = c;
    if (!chosen) {
        int n;
        struct cand *m = match_argtypes(input, nargs, cands, &n);
        chosen = n == 1 ? m : n > 1 ? select_candidate(input, nargs, m) : NULL;
    }
    if (!chosen)
        return ex_error(x, location, "42883", "function %s(%s) does not exist", name,
                        args_sig(x, input, nargs));
    struct cat_type *declared[nargs ? nargs : 1];
    struct cat_type *ret;
    resolve_polymorphic(x, args, nargs, chosen, declared, &ret);
    struct cat_expr *e = mk(x, EX_FUNC, ret, -1);
    e->proc = chosen->proc;
    e->name = chosen->proc->name;
    e->format = EXF_SQL_SYNTAX;
    e->nargs = nargs;
    e->args = arena_alloc(x->arena, sizeof *e->args * (nargs + 1));
    note_func(x, chosen->proc, NULL);
    for (uint32_t i = 0; i < nargs; i++) {
        e->args[i] = coerce(x, args[i], declared[i], -1, 'i', EXF_IMPLICIT_CAST, location);
        if (!e->args[i])
            return NULL;
    }
    return e;
}

/* ---- type names ---- */

static int32_t typmod_of(struct ex_ctx *x, struct cat_type *t, PgQuery__TypeName *tn)
{
    if (tn->n_typmods == 0)
        return tn->typemod;
    int32_t mods[4] = {0};
    size_t n = tn->n_typmods > 4 ? 4 : tn->n_typmods;
    for (size_t i = 0; i < n; i++) {
        PgQuery__Node *m = tn->typmods[i];
        if (m->node_case == PG_QUERY__NODE__NODE_A_CONST &&
            m->a_const->val_case == PG_QUERY__A__CONST__VAL_IVAL)
            mods[i] = m->a_const->ival->ival;
        else if (m->node_case == PG_QUERY__NODE__NODE_A_CONST &&
                 m->a_const->val_case == PG_QUERY__A__CONST__VAL_SVAL)
            mods[i] = atoi(m->a_const->sval->sval);
        else
            return -1;
    }
    switch (toid(t)) {
    case PGB_VARCHAR:
    case PGB_BPCHAR:
        if (mods[0] < 1) {
            ex_error(x, tn->location, "22023", "length for type %s must be at least 1",
                     toid(t) == PGB_VARCHAR ? "varchar" : "char");
            return -1;
        }
        if (mods[0] > 10485760) {
            ex_error(x, tn->location, "22023", "length for type %s cannot exceed 10485760",
                     toid(t) == PGB_VARCHAR ? "varchar" : "char");
            return -1;
        }
        return mods[0] + 4;
    case PGB_NUMERIC:
        if (mods[0] < 1 || mods[0] > 1000) {
            ex_error(x, tn->location, "22023", "NUMERIC precision %d must be between 1 and 1000",
                     mods[0]);
            return -1;
        }
        if (n >= 2 && (mods[1] < -1000 || mods[1] > 1000)) {
            ex_error(x, tn->location, "22023", "NUMERIC scale %d must be between -1000 and 1000",
                     mods[1]);
            return -1;
        }
        return ((mods[0] << 16) | (n >= 2 ? (mods[1] & 0xffff) : 0)) + 4;
    case PGB_TIMESTAMP:
    case PGB_TIMESTAMPTZ:
    case PGB_TIME:
    case PGB_TIMETZ:
        if (mods[0] < 0) {
            ex_error(x, tn->location, "22023", "TIMESTAMP(%d) precision must not be negative",
                     mods[0]);
            return -1;
        }
        return mods[0] > 6 ? 6 : mods[0];
    case PGB_BIT:
    case PGB_VARBIT:
        if (mods[0] < 1) {
            ex_error(x, tn->location, "22023", "length for type %s must be at least 1",
                     toid(t) == PGB_BIT ? "bit" : "varbit");
            return -1;
        }
        return mods[0];
    case PGB_INTERVAL: {
        /* typmods: range mask [, precision] */
        int range = mods[0];
        int prec = n >= 2 ? mods[1] : 0xffff;
        if (n == 1 && range != 0x7fff && tn->n_typmods == 1) {
            /* a lone precision: interval(3) is given as (INTERVAL_FULL_RANGE, 3) */
        }
        return ((range & 0x7fff) << 16) | (prec & 0xffff);
    }
    default:
        if (t && !t->obj.builtin)
            return -1;
        ex_error(x, tn->location, "42601", "type modifier is not allowed for type \"%s\"",
                 t ? t->name : "?");
        return -1;
    }
}

int ex_typename(struct ex_ctx *x, const PgQuery__TypeName *ctn, struct cat_typeref *out)
{
    PgQuery__TypeName *tn = (PgQuery__TypeName *)ctn;
    out->type = NULL;
    out->typmod = -1;
    if (tn->pct_type) {
        ex_error(x, tn->location, "0A000", "%%TYPE references are not supported");
        return -1;
    }
    const char *schema = NULL, *name = NULL;
    size_t n = tn->n_names;
    if (n == 0)
        return -1;
    name = node_str(tn->names[n - 1]);
    if (n >= 2)
        schema = node_str(tn->names[n - 2]);
    if (!name)
        return -1;
    struct cat_type *t;
    if (schema) {
        if (!catalog_find_schema(x->cat, schema)) {
            ex_error(x, tn->location, "3F000", "schema \"%s\" does not exist", schema);
            return -1;
        }
        t = catalog_find_type(x->cat, schema, name);
    } else {
        t = catalog_find_type(x->cat, NULL, name);
    }
    if (!t) {
        if (schema && strcmp(schema, "pg_catalog") != 0)
            ex_error(x, tn->location, "42704", "type \"%s.%s\" does not exist", schema, name);
        else
            ex_error(x, tn->location, "42704", "type \"%s\" does not exist", name);
        return -1;
    }
    if (t->typtype == CAT_TYPE_PSEUDO && x->kind != EXK_OTHER && x->kind != EXK_SELECT) {
        /* fine for function signatures (EXK_OTHER); callers check columns */
    }
    int32_t typmod = -1;
    if (tn->n_typmods || tn->typemod != -1) {
        typmod = typmod_of(x, t, tn);
        if (x->sqlstate)
            return -1;
    }
    /* interval with a lone precision arrives as typmods (range, prec) or
     * (prec) depending on the grammar path; normalise "interval(p)" */
    if (toid(t) == PGB_INTERVAL && tn->n_typmods == 1) {
        PgQuery__Node *m = tn->typmods[0];
        if (m->node_case == PG_QUERY__NODE__NODE_A_CONST &&
            m->a_const->val_case == PG_QUERY__A__CONST__VAL_IVAL) {
            int v = m->a_const->ival->ival;
            if (v == 0x7fff || (v & ~0x7fff) == 0) {
                /* a range mask alone (interval hour) */
                typmod = ((v & 0x7fff) << 16) | 0xffff;
            }
        }
    }
    if (tn->n_array_bounds) {
        if (!t->array) {
            ex_error(x, tn->location, "42704", "could not find array type for data type %s",
                     type_be(x, t));
            return -1;
        }
        t = t->array;
    }
    if (x->deps && !t->obj.builtin)
        deps_add_type(x->arena, x->deps, t);
    out->type = t;
    out->typmod = typmod;
    return 0;
}

static struct cat_expr *type_cast(struct ex_ctx *x, PgQuery__TypeCast *tc)
{
    struct cat_typeref tr;
    if (ex_typename(x, tc->type_name, &tr) != 0)
        return NULL;
    PgQuery__Node *argn = tc->arg;
    struct cat_expr *arg;
    if (argn && argn->node_case == PG_QUERY__NODE__NODE_A_ARRAY_EXPR && tr.type->elem) {
        /* ARRAY[...]::t[]: the elements are coerced to the element type */
        PgQuery__AArrayExpr *ae = argn->a_array_expr;
        struct cat_expr *arr = mk(x, EX_ARRAY, ex_base_type(tr.type), -1);
        arr->nargs = (uint32_t)ae->n_elements;
        arr->args = arena_alloc(x->arena, sizeof *arr->args * (arr->nargs + 1));
        struct cat_type *elem = ex_base_type(tr.type)->elem;
        for (uint32_t i = 0; i < arr->nargs; i++) {
            struct cat_expr *el = ex_analyze(x, ae->elements[i]);
            if (!el)
                return NULL;
            arr->args[i] = coerce(x, el, elem, -1, 'e', EXF_IMPLICIT_CAST, ae->location);
            if (!arr->args[i])
                return x->sqlstate ? NULL
                                   : ex_error(x, ae->location, "42846", "cannot cast type %s to %s",
                                              type_be(x, el->type), type_be(x, elem));
        }
        arg = arr;
        if (tr.typmod < 0 && tr.type == arr->type)
            return arr;
    } else {
        arg = ex_analyze(x, argn);
        if (!arg)
            return NULL;
    }
    int loc = tc->location;
    struct cat_expr *r = coerce(x, arg, tr.type, tr.typmod, 'e', EXF_EXPLICIT_CAST, loc);
    if (!r && !x->sqlstate)
        return ex_error(x, loc, "42846", "cannot cast type %s to %s", type_be(x, arg->type),
                        type_str(x, tr.type, tr.typmod));
    return r;
}

/* ---- A_Expr ---- */

static struct cat_expr *bool_of(struct ex_ctx *x, struct cat_expr *e, const char *construct)
{
    return ex_coerce_bool(x, e, construct);
}

static struct cat_expr *mk_bool(struct ex_ctx *x, int op, struct cat_expr *a, struct cat_expr *b)
{
    struct cat_expr *e = mk(x, EX_BOOL, ex_type(PGB_BOOL), -1);
    e->sub = (uint8_t)op;
    e->nargs = b ? 2 : 1;
    e->args = arena_alloc(x->arena, sizeof *e->args * 2);
    e->args[0] = a;
    e->args[1] = b;
    return e;
}

static bool contains_var(struct cat_expr *e);

static void contains_var_cb(struct cat_expr *e, void *arg)
{
    if (e->kind == EX_VAR || e->kind == EX_DOMAINVALUE)
        *(bool *)arg = true;
}

static bool contains_var(struct cat_expr *e)
{
    bool found = false;
    ex_walk(e, contains_var_cb, &found);
    return found;
}

static struct cat_expr *make_saop(struct ex_ctx *x, const char *opname, bool use_or,
                                  struct cat_expr *l, struct cat_expr *arr, int location)
{
    /* the operator is looked up with the array's element type */
    struct cat_type *at = arr->type;
    struct cat_type *rtype;
    if (toid(at) == PGB_UNKNOWN)
        rtype = at;
    else if (ex_base_type(at)->elem && ex_base_type(at)->category == 'A')
        rtype = ex_base_type(at)->elem;
    else
        return ex_error(x, location, "42809", "op ANY/ALL (array) requires array on right side");
    struct cat_expr *fake = mk(x, EX_RAW, rtype, -1);
    if (arr->kind == EX_CONST && toid(at) == PGB_UNKNOWN)
        fake->kind = EX_CONST;
    struct cat_expr *op = make_op(x, NULL, opname, l, fake, location);
    if (!op)
        return NULL;
    if (toid(op->type) != PGB_BOOL)
        return ex_error(x, location, "42809",
                        "op ANY/ALL (array) requires operator to yield boolean");
    struct cat_type *relem = op->args[1]->type;
    struct cat_type *rarr = relem ? relem->array : NULL;
    if (!rarr)
        return ex_error(x, location, "42704", "could not find array type for data type %s",
                        type_be(x, relem));
    struct cat_expr *e = mk(x, EX_SAOP, ex_type(PGB_BOOL), -1);
    e->name = op->name;
    e->proc = op->proc;
    e->opschema = op->opschema;
    e->ufunc = op->ufunc;
    e->flag = use_or;
    e->nargs = 2;
    e->args = arena_alloc(x->arena, sizeof *e->args * 2);
    e->args[0] = op->args[0];
    e->args[1] = coerce(x, arr, rarr, -1, 'i', EXF_IMPLICIT_CAST, location);
    if (!e->args[1])
        return x->sqlstate ? NULL
                           : ex_error(x, location, "42883", "operator does not exist: %s", opname);
    return e;
}

static struct cat_expr *a_expr_in(struct ex_ctx *x, PgQuery__AExpr *a)
{
    const char *schema;
    const char *opname = name_list(a->name, a->n_name, &schema);
    bool use_or = strcmp(opname, "=") == 0;
    struct cat_expr *l = ex_analyze(x, a->lexpr);
    if (!l)
        return NULL;
    PgQuery__Node *rn = a->rexpr;
    if (!rn || rn->node_case != PG_QUERY__NODE__NODE_LIST)
        return ex_error(x, a->location, "42601", "IN list expected");
    size_t n = rn->list->n_items;
    struct cat_expr **rex = arena_alloc(x->arena, sizeof *rex * (n + 1));
    struct cat_expr **nonvars = arena_alloc(x->arena, sizeof *nonvars * (n + 2));
    struct cat_expr **vars = arena_alloc(x->arena, sizeof *vars * (n + 1));
    uint32_t nn = 0, nv = 0;
    for (size_t i = 0; i < n; i++) {
        rex[i] = ex_analyze(x, rn->list->items[i]);
        if (!rex[i])
            return NULL;
        if (contains_var(rex[i]))
            vars[nv++] = rex[i];
        else
            nonvars[nn++] = rex[i];
    }
    struct cat_expr *result = NULL;
    struct cat_expr **rest = rex;
    uint32_t nrest = (uint32_t)n;
    if (nn > 1) {
        struct cat_expr **all = arena_alloc(x->arena, sizeof *all * (nn + 1));
        all[0] = l;
        memcpy(all + 1, nonvars, sizeof *all * nn);
        struct cat_type *st = ex_common_type(x, all, nn + 1, NULL);
        bool ok = st != NULL;
        for (uint32_t i = 0; ok && i <= nn; i++)
            ok = is_unknown(all[i]) || ex_can_coerce(all[i]->type, st, 'i');
        if (ok && toid(st) != PGB_RECORD && st->array) {
            struct cat_expr *arr = mk(x, EX_ARRAY, st->array, -1);
            arr->nargs = nn;
            arr->args = arena_alloc(x->arena, sizeof *arr->args * nn);
            for (uint32_t i = 0; i < nn; i++) {
                arr->args[i] = coerce(x, nonvars[i], st, -1, 'i', EXF_IMPLICIT_CAST, a->location);
                if (!arr->args[i])
                    return NULL;
            }
            result = make_saop(x, opname, use_or, l, arr, a->location);
            if (!result)
                return NULL;
            rest = vars;
            nrest = nv;
        }
    }
    for (uint32_t i = 0; i < nrest; i++) {
        struct cat_expr *cmp = make_op(x, schema, opname, l, rest[i], a->location);
        cmp = bool_of(x, cmp, "IN");
        if (!cmp)
            return NULL;
        result = result ? mk_bool(x, use_or ? 2 : 1, result, cmp) : cmp;
    }
    return result;
}

static struct cat_expr *flatten_bool(struct ex_ctx *x, struct cat_expr *e)
{
    (void)x;
    return e;
}

/* make_row_comparison_op: = and <> become AND / OR of the pairs, the
 * ordering operators a RowCompareExpr (printed ROW(...) op ROW(...)). */
static struct cat_expr *row_compare(struct ex_ctx *x, const char *schema, const char *opname,
                                    struct cat_expr *l, struct cat_expr *r, int location)
{
    if (l->nargs != r->nargs)
        return ex_error(x, location, "42601", "unequal number of entries in row expressions");
    if (l->nargs == 0)
        return ex_error(x, location, "0A000", "cannot compare rows of zero length");
    uint32_t n = l->nargs;
    struct cat_expr **ops = arena_alloc(x->arena, sizeof *ops * n);
    for (uint32_t i = 0; i < n; i++) {
        ops[i] = make_op(x, schema, opname, l->args[i], r->args[i], location);
        if (!ops[i])
            return NULL;
        if (toid(ops[i]->type) != PGB_BOOL)
            return ex_error(x, location, "42804",
                            "row comparison operator must yield type boolean, not type %s",
                            type_be(x, ops[i]->type));
    }
    if (n == 1)
        return ops[0];
    if (strcmp(opname, "=") == 0 || strcmp(opname, "<>") == 0) {
        struct cat_expr *e = mk(x, EX_BOOL, ex_type(PGB_BOOL), -1);
        e->sub = strcmp(opname, "=") == 0 ? 1 : 2;
        e->nargs = n;
        e->args = ops;
        return e;
    }
    struct cat_expr *lr = mk(x, EX_ROW, l->type, -1), *rr = mk(x, EX_ROW, r->type, -1);
    lr->nargs = rr->nargs = n;
    lr->args = arena_alloc(x->arena, sizeof *lr->args * n);
    rr->args = arena_alloc(x->arena, sizeof *rr->args * n);
    for (uint32_t i = 0; i < n; i++) {
        lr->args[i] = ops[i]->args[0];
        rr->args[i] = ops[i]->args[1];
    }
    struct cat_expr *e = mk(x, EX_OP, ex_type(PGB_BOOL), -1);
    e->name = ops[0]->name;
    e->opschema = ops[0]->opschema;
    e->proc = ops[0]->proc;
    e->nargs = 2;
    e->args = arena_alloc(x->arena, sizeof *e->args * 2);
    e->args[0] = lr;
    e->args[1] = rr;
    return e;
}

static struct cat_expr *a_expr(struct ex_ctx *x, PgQuery__AExpr *a)
{
    const char *schema;
    const char *opname = name_list(a->name, a->n_name, &schema);
    switch (a->kind) {
    case PG_QUERY__A__EXPR__KIND__AEXPR_OP: {
        struct cat_expr *l = a->lexpr ? ex_analyze(x, a->lexpr) : NULL;
        if (a->lexpr && !l)
            return NULL;
        struct cat_expr *r = ex_analyze(x, a->rexpr);
        if (!r)
            return NULL;
        if (l && l->kind == EX_ROW && r->kind == EX_ROW)
            return row_compare(x, schema, opname, l, r, a->location);
        return make_op(x, schema, opname, l, r, a->location);
    }
    case PG_QUERY__A__EXPR__KIND__AEXPR_OP_ANY:
    case PG_QUERY__A__EXPR__KIND__AEXPR_OP_ALL: {
        struct cat_expr *l = ex_analyze(x, a->lexpr);
        struct cat_expr *r = l ? ex_analyze(x, a->rexpr) : NULL;
        if (!r)
            return NULL;
        return make_saop(x, opname, a->kind == PG_QUERY__A__EXPR__KIND__AEXPR_OP_ANY, l, r,
                         a->location);
    }
    case PG_QUERY__A__EXPR__KIND__AEXPR_DISTINCT:
    case PG_QUERY__A__EXPR__KIND__AEXPR_NOT_DISTINCT: {
        struct cat_expr *l = ex_analyze(x, a->lexpr);
        struct cat_expr *r = l ? ex_analyze(x, a->rexpr) : NULL;
        if (!r)
            return NULL;
        struct cat_expr *op = make_op(x, schema, "=", l, r, a->location);
        if (!op)
            return NULL;
        if (toid(op->type) != PGB_BOOL)
            return ex_error(x, a->location, "42804",
                            "IS DISTINCT FROM requires = operator to yield boolean");
        struct cat_expr *e = mk(x, EX_DISTINCT, ex_type(PGB_BOOL), -1);
        e->nargs = 2;
        e->args = op->args;
        e->name = op->name;
        if (a->kind == PG_QUERY__A__EXPR__KIND__AEXPR_NOT_DISTINCT)
            return mk_bool(x, 3, e, NULL);
        return e;
    }
    case PG_QUERY__A__EXPR__KIND__AEXPR_NULLIF: {
        struct cat_expr *l = ex_analyze(x, a->lexpr);
        struct cat_expr *r = l ? ex_analyze(x, a->rexpr) : NULL;
        if (!r)
            return NULL;
        struct cat_expr *op = make_op(x, schema, "=", l, r, a->location);
        if (!op)
            return NULL;
        struct cat_expr *e = mk(x, EX_NULLIF, op->args[0]->type, op->args[0]->typmod);
        e->nargs = 2;
        e->args = op->args;
        e->name = op->name;
        return e;
    }
    case PG_QUERY__A__EXPR__KIND__AEXPR_IN:
        return a_expr_in(x, a);
    case PG_QUERY__A__EXPR__KIND__AEXPR_LIKE:
    case PG_QUERY__A__EXPR__KIND__AEXPR_ILIKE: {
        struct cat_expr *l = ex_analyze(x, a->lexpr);
        struct cat_expr *r = l ? ex_analyze(x, a->rexpr) : NULL;
        if (!r)
            return NULL;
        return make_op(x, schema, opname, l, r, a->location);
    }
    case PG_QUERY__A__EXPR__KIND__AEXPR_SIMILAR: {
        struct cat_expr *l = ex_analyze(x, a->lexpr);
        if (!l)
            return NULL;
        /* rexpr is a FuncCall similar_to_escape(pattern[, escape]) already */
        struct cat_expr *r = ex_analyze(x, a->rexpr);
        if (!r)
            return NULL;
        return make_op(x, schema, opname, l, r, a->location);
    }
    case PG_QUERY__A__EXPR__KIND__AEXPR_BETWEEN:
    case PG_QUERY__A__EXPR__KIND__AEXPR_NOT_BETWEEN:
    case PG_QUERY__A__EXPR__KIND__AEXPR_BETWEEN_SYM:
    case PG_QUERY__A__EXPR__KIND__AEXPR_NOT_BETWEEN_SYM: {
        PgQuery__Node *rn = a->rexpr;
        if (!rn || rn->node_case != PG_QUERY__NODE__NODE_LIST || rn->list->n_items != 2)
            return ex_error(x, a->location, "42601", "BETWEEN needs two bounds");
        bool neg = a->kind == PG_QUERY__A__EXPR__KIND__AEXPR_NOT_BETWEEN ||
                   a->kind == PG_QUERY__A__EXPR__KIND__AEXPR_NOT_BETWEEN_SYM;
        bool sym = a->kind == PG_QUERY__A__EXPR__KIND__AEXPR_BETWEEN_SYM ||
                   a->kind == PG_QUERY__A__EXPR__KIND__AEXPR_NOT_BETWEEN_SYM;
        struct cat_expr *v = ex_analyze(x, a->lexpr);
        struct cat_expr *lo = v ? ex_analyze(x, rn->list->items[0]) : NULL;
        struct cat_expr *hi = lo ? ex_analyze(x, rn->list->items[1]) : NULL;
        if (!hi)
            return NULL;
        struct cat_expr *e;
        if (!neg) {
            struct cat_expr *c1 = bool_of(x, make_op(x, NULL, ">=", v, lo, a->location), "BETWEEN");
            struct cat_expr *c2 =
                c1 ? bool_of(x, make_op(x, NULL, "<=", v, hi, a->location), "BETWEEN") : NULL;
            if (!c2)
                return NULL;
            e = mk_bool(x, 1, c1, c2);
            if (sym) {
                struct cat_expr *d1 =
                    bool_of(x, make_op(x, NULL, ">=", v, hi, a->location), "BETWEEN");
                struct cat_expr *d2 =
                    d1 ? bool_of(x, make_op(x, NULL, "<=", v, lo, a->location), "BETWEEN") : NULL;
                if (!d2)
                    return NULL;
                e = mk_bool(x, 2, e, mk_bool(x, 1, d1, d2));
            }
        } else {
            struct cat_expr *c1 =
                bool_of(x, make_op(x, NULL, "<", v, lo, a->location), "NOT BETWEEN");
            struct cat_expr *c2 =
                c1 ? bool_of(x, make_op(x, NULL, ">", v, hi, a->location), "NOT BETWEEN") : NULL;
            if (!c2)
                return NULL;
            e = mk_bool(x, 2, c1, c2);
            if (sym) {
                struct cat_expr *d1 =
                    bool_of(x, make_op(x, NULL, "<", v, hi, a->location), "NOT BETWEEN");
                struct cat_expr *d2 =
                    d1 ? bool_of(x, make_op(x, NULL, ">", v, lo, a->location), "NOT BETWEEN")
                       : NULL;
                if (!d2)
                    return NULL;
                e = mk_bool(x, 1, e, mk_bool(x, 2, d1, d2));
            }
        }
        return flatten_bool(x, e);
    }
    default:
        return ex_error(x, a->location, "0A000", "unsupported expression");
    }
}

/* ---- other node kinds ---- */

static struct cat_expr *bool_expr(struct ex_ctx *x, PgQuery__BoolExpr *b)
{
    int op = b->boolop == PG_QUERY__BOOL_EXPR_TYPE__AND_EXPR  ? 1
             : b->boolop == PG_QUERY__BOOL_EXPR_TYPE__OR_EXPR ? 2
                                                              : 3;
    const char *construct = op == 1 ? "AND" : op == 2 ? "OR" : "NOT";
    struct cat_expr *e = mk(x, EX_BOOL, ex_type(PGB_BOOL), -1);
    e->sub = (uint8_t)op;
    e->nargs = (uint32_t)b->n_args;
    e->args = arena_alloc(x->arena, sizeof *e->args * (e->nargs + 1));
    for (uint32_t i = 0; i < e->nargs; i++) {
        e->args[i] = bool_of(x, ex_analyze(x, b->args[i]), construct);
        if (!e->args[i])
            return NULL;
    }
    return e;
}

static struct cat_expr *case_expr(struct ex_ctx *x, PgQuery__CaseExpr *c)
{
    struct cat_expr *arg = NULL;
    if (c->arg) {
        arg = ex_analyze(x, c->arg);
        if (!arg)
            return NULL;
        arg = ex_resolve_unknown(x, arg);
    }
    uint32_t nw = (uint32_t)c->n_args;
    struct cat_expr **conds = arena_alloc(x->arena, sizeof *conds * (nw + 1));
    struct cat_expr **results = arena_alloc(x->arena, sizeof *results * (nw + 2));
    for (uint32_t i = 0; i < nw; i++) {
        PgQuery__CaseWhen *w = c->args[i]->case_when;
        struct cat_expr *cond;
        if (arg) {
            struct cat_expr *test = mk(x, EX_CASETEST, arg->type, arg->typmod);
            struct cat_expr *rhs = ex_analyze(x, w->expr);
            if (!rhs)
                return NULL;
            cond = make_op(x, NULL, "=", test, rhs, w->location);
        } else {
            cond = ex_analyze(x, w->expr);
        }
        cond = bool_of(x, cond, "CASE/WHEN");
        if (!cond)
            return NULL;
        conds[i] = cond;
        results[i] = ex_analyze(x, w->result);
        if (!results[i])
            return NULL;
    }
    struct cat_expr *def;
    if (c->defresult) {
        def = ex_analyze(x, c->defresult);
        if (!def)
            return NULL;
    } else {
        def = mk_const(x, PGB_UNKNOWN, NULL);
    }
    results[nw] = def;
    /* the ELSE result comes first in select_common_type's list, as in PostgreSQL */
    struct cat_expr **order = arena_alloc(x->arena, sizeof *order * (nw + 2));
    order[0] = def;
    memcpy(order + 1, results, sizeof *order * nw);
    struct cat_type *t = ex_common_type(x, order, nw + 1, "CASE");
    if (!t)
        return NULL;
    struct cat_expr *e = mk(x, EX_CASE, t, -1);
    e->arg = arg;
    e->nargs = nw * 2;
    e->args = arena_alloc(x->arena, sizeof *e->args * (nw * 2 + 1));
    for (uint32_t i = 0; i < nw; i++) {
        e->args[2 * i] = conds[i];
        e->args[2 * i + 1] = coerce(x, results[i], t, -1, 'i', EXF_IMPLICIT_CAST, c->location);
        if (!e->args[2 * i + 1])
            return x->sqlstate
                       ? NULL
                       : ex_error(x, c->location, "42804", "CASE types %s and %s cannot be matched",
                                  type_be(x, t), type_be(x, results[i]->type));
    }
    e->def = coerce(x, def, t, -1, 'i', EXF_IMPLICIT_CAST, c->location);
    if (!e->def)
        return x->sqlstate
                   ? NULL
                   : ex_error(x, c->location, "42804", "CASE types %s and %s cannot be matched",
                              type_be(x, t), type_be(x, def->type));
    /* a common typmod survives when every branch has it */
    int32_t tm = e->def->typmod;
    for (uint32_t i = 0; i < nw; i++)
        if (e->args[2 * i + 1]->typmod != tm)
            tm = -1;
    e->typmod = tm;
    return e;
}

static struct cat_expr *common_args(struct ex_ctx *x, int kind, PgQuery__Node **items, size_t n,
                                    const char *construct, int location)
{
    struct cat_expr **args;
    if (!analyze_list(x, items, n, &args))
        return NULL;
    struct cat_type *t = ex_common_type(x, args, (uint32_t)n, construct);
    if (!t)
        return NULL;
    struct cat_expr *e = mk(x, kind, t, -1);
    e->nargs = (uint32_t)n;
    e->args = args;
    int32_t tm = n ? args[0]->typmod : -1;
    for (size_t i = 0; i < n; i++) {
        if (args[i]->typmod != tm || args[i]->type != t)
            tm = -1;
        args[i] = coerce(x, args[i], t, -1, 'i', EXF_IMPLICIT_CAST, location);
        if (!args[i])
            return x->sqlstate
                       ? NULL
                       : ex_error(x, location, "42804", "%s could not convert type", construct);
    }
    e->typmod = tm;
    return e;
}

static struct cat_expr *array_expr(struct ex_ctx *x, PgQuery__AArrayExpr *a)
{
    if (a->n_elements == 0)
        return ex_error(x, a->location, "42P18", "cannot determine type of empty array");
    struct cat_expr **args;
    if (!analyze_list(x, a->elements, a->n_elements, &args))
        return NULL;
    bool multidim = a->elements[0]->node_case == PG_QUERY__NODE__NODE_A_ARRAY_EXPR;
    struct cat_type *t = ex_common_type(x, args, (uint32_t)a->n_elements, "ARRAY");
    if (!t)
        return NULL;
    struct cat_type *at = multidim ? t : t->array;
    if (!at)
        return ex_error(x, a->location, "42704", "could not find array type for data type %s",
                        type_be(x, t));
    struct cat_expr *e = mk(x, EX_ARRAY, at, -1);
    e->flag = multidim;
    e->nargs = (uint32_t)a->n_elements;
    e->args = args;
    for (uint32_t i = 0; i < e->nargs; i++) {
        args[i] = coerce(x, args[i], t, -1, 'i', EXF_IMPLICIT_CAST, a->location);
        if (!args[i])
            return x->sqlstate ? NULL
                               : ex_error(x, a->location, "42804", "ARRAY types cannot be matched");
    }
    return e;
}

static struct cat_expr *sql_value(struct ex_ctx *x, PgQuery__SQLValueFunction *v)
{
    static const struct {
        int op;
        const char *name;
        unsigned type;
        bool volatile_;
    } ops[] = {
        {PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_DATE, "CURRENT_DATE", PGB_DATE, false},
        {PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIME, "CURRENT_TIME", PGB_TIMETZ, false},
        {PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIME_N, "CURRENT_TIME", PGB_TIMETZ, false},
        {PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIMESTAMP, "CURRENT_TIMESTAMP",
         PGB_TIMESTAMPTZ, false},
        {PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIMESTAMP_N, "CURRENT_TIMESTAMP",
         PGB_TIMESTAMPTZ, false},
        {PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIME, "LOCALTIME", PGB_TIME, false},
        {PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIME_N, "LOCALTIME", PGB_TIME, false},
        {PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIMESTAMP, "LOCALTIMESTAMP", PGB_TIMESTAMP,
         false},
        {PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIMESTAMP_N, "LOCALTIMESTAMP", PGB_TIMESTAMP,
         false},
        {PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_ROLE, "CURRENT_ROLE", PGB_NAME, false},
        {PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_USER, "CURRENT_USER", PGB_NAME, false},
        {PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_USER, "USER", PGB_NAME, false},
        {PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_SESSION_USER, "SESSION_USER", PGB_NAME, false},
        {PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_CATALOG, "CURRENT_CATALOG", PGB_NAME, false},
        {PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_SCHEMA, "CURRENT_SCHEMA", PGB_NAME, false},
    };
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
        if ((int)v->op != ops[i].op)
            continue;
        bool with_n = strstr(ops[i].name, "TIME") && v->typmod >= 0;
        struct cat_expr *e = mk(x, EX_SQLVALUE, ex_type(ops[i].type), with_n ? v->typmod : -1);
        e->value = ops[i].name;
        x->mutable_seen = true;
        return e;
    }
    return ex_error(x, v->location, "0A000", "unsupported SQL value function");
}

int ex_record_columns(struct arena *a, const struct cat_expr *e, const char ***names,
                      struct cat_typeref **types)
{
    struct cat_type *bt = e && e->type ? ex_base_type(e->type) : NULL;
    if (bt && bt->typtype == CAT_TYPE_COMPOSITE && bt->rel) {
        struct cat_rel *r = bt->rel;
        int n = 0;
        *names = arena_alloc(a, sizeof **names * (r->columns.n + 1));
        *types = arena_alloc(a, sizeof **types * (r->columns.n + 1));
        for (uint32_t i = 0; i < r->columns.n; i++) {
            struct cat_column *c = r->columns.items[i];
            if (c->dropped)
                continue;
            (*names)[n] = c->name;
            (*types)[n] = c->type;
            n++;
        }
        return n;
    }
    if (e && e->kind == EX_FUNC && e->ufunc && !e->arg) {
        /* a function's OUT / INOUT / TABLE parameters */
        struct cat_func *f = e->ufunc;
        int n = 0;
        *names = arena_alloc(a, sizeof **names * (f->nargs + 1));
        *types = arena_alloc(a, sizeof **types * (f->nargs + 1));
        for (uint32_t i = 0; i < f->nargs; i++) {
            char m = f->args[i].mode;
            if (m != 'o' && m != 'b' && m != 't')
                continue;
            (*names)[n] = f->args[i].name ? f->args[i].name : "?column?";
            (*types)[n] = f->args[i].type;
            n++;
        }
        return n > 0 ? n : -1;
    }
    return -1;
}

static struct cat_expr *indirection(struct ex_ctx *x, PgQuery__AIndirection *ind)
{
    struct cat_expr *e = ex_analyze(x, ind->arg);
    if (!e)
        return NULL;
    for (size_t i = 0; i < ind->n_indirection; i++) {
        PgQuery__Node *n = ind->indirection[i];
        if (n->node_case == PG_QUERY__NODE__NODE_A_INDICES) {
            PgQuery__AIndices *ai = n->a_indices;
            struct cat_type *bt = ex_base_type(e->type);
            if (!bt->elem || bt->category != 'A') {
                if (toid(bt) == PGB_JSONB) {
                    /* jsonb subscripting (PostgreSQL 14+) */
                } else {
                    return ex_error(
                        x, -1, "42804",
                        "cannot subscript type %s because it does not support subscripting",
                        type_be(x, e->type));
                }
            }
            struct cat_expr *s =
                mk(x, EX_SUBSCRIPT, ai->is_slice ? e->type : (bt->elem ? bt->elem : bt), -1);
            s->sub = ai->is_slice;
            s->nargs = 3;
            s->args = arena_alloc(x->arena, sizeof *s->args * 3);
            s->args[0] = e;
            struct cat_type *it = toid(bt) == PGB_JSONB ? ex_type(PGB_TEXT) : ex_type(PGB_INT4);
            if (ai->lidx) {
                struct cat_expr *l = ex_analyze(x, ai->lidx);
                s->args[1] = l ? coerce(x, l, it, -1, 'a', EXF_IMPLICIT_CAST, -1) : NULL;
                if (!s->args[1])
                    return x->sqlstate
                               ? NULL
                               : ex_error(x, -1, "42804", "array subscript must have type integer");
            }
            if (ai->uidx) {
                struct cat_expr *u = ex_analyze(x, ai->uidx);
                s->args[2] = u ? coerce(x, u, it, -1, 'a', EXF_IMPLICIT_CAST, -1) : NULL;
                if (!s->args[2])
                    return x->sqlstate
                               ? NULL
                               : ex_error(x, -1, "42804", "array subscript must have type integer");
            }
            if (toid(bt) == PGB_JSONB)
                s->type = bt;
            e = s;
        } else if (n->node_case == PG_QUERY__NODE__NODE_STRING) {
            struct cat_type *bt = ex_base_type(e->type);
            const char **names;
            struct cat_typeref *types;
            int nc;
            if ((bt->typtype != CAT_TYPE_COMPOSITE || !bt->rel) &&
                (nc = ex_record_columns(x->arena, e, &names, &types)) > 0) {
                /* a field of a function's OUT parameters */
                int k = 0;
                while (k < nc && strcmp(names[k], n->string->sval) != 0)
                    k++;
                if (k == nc)
                    return ex_error(x, -1, "42703",
                                    "could not identify column \"%s\" in record data type",
                                    n->string->sval);
                struct cat_expr *f = mk(x, EX_FIELD, types[k].type, types[k].typmod);
                f->arg = e;
                f->value = names[k];
                e = f;
                continue;
            }
            if (bt->typtype != CAT_TYPE_COMPOSITE || !bt->rel)
                return ex_error(
                    x, -1, "42809",
                    "column notation .%s applied to type %s, which is not a composite type",
                    n->string->sval, type_be(x, e->type));
            struct cat_column *col = catalog_find_column(bt->rel, n->string->sval);
            if (!col)
                return ex_error(x, -1, "42703", "column \"%s\" not found in data type %s",
                                n->string->sval, type_be(x, e->type));
            struct cat_expr *f = mk(x, EX_FIELD, col->type.type, col->type.typmod);
            f->arg = e;
            f->value = col->name;
            e = f;
        } else {
            return ex_error(x, -1, "0A000", "unsupported indirection");
        }
    }
    return e;
}

static struct cat_expr *sublink(struct ex_ctx *x, PgQuery__SubLink *sl)
{
    if (x->kind != EXK_SELECT && x->kind != EXK_POLICY && x->kind != EXK_OTHER) {
        const char *where = x->kind == EXK_CHECK          ? "check constraint"
                            : x->kind == EXK_DEFAULT      ? "DEFAULT expression"
                            : x->kind == EXK_INDEX_EXPR   ? "index expression"
                            : x->kind == EXK_INDEX_PRED   ? "index predicate"
                            : x->kind == EXK_GENERATED    ? "column generation expression"
                            : x->kind == EXK_TRIGGER_WHEN ? "trigger WHEN condition"
                                                          : "this context";
        return ex_error(x, sl->location, "0A000", "cannot use subquery in %s", where);
    }
    struct ex_query q = {0};
    struct ex_ctx sub = *x;
    /* policies keep the query to print it back (the scope outlives the
     * statement then: the expression points at its range table entries) */
    bool tree = x->kind == EXK_POLICY || x->build_tree;
    struct ex_scope *child = tree ? arena_alloc(x->arena, sizeof *child) : &(struct ex_scope){0};
    child->parent = x->scope;
    sub.scope = child;
    sub.kind = EXK_SELECT;
    sub.build_tree = tree;
    if (ex_analyze_select(&sub, sl->subselect, &q) != 0) {
        x->sqlstate = sub.sqlstate;
        x->no_such_func = sub.no_such_func;
        x->message = sub.message;
        x->err_location = sub.err_location;
        return NULL;
    }
    struct cat_expr *e;
    switch (sl->sub_link_type) {
    case PG_QUERY__SUB_LINK_TYPE__EXISTS_SUBLINK:
        e = mk(x, EX_SUBLINK, ex_type(PGB_BOOL), -1);
        e->sub = EXS_EXISTS;
        break;
    case PG_QUERY__SUB_LINK_TYPE__ANY_SUBLINK:
    case PG_QUERY__SUB_LINK_TYPE__ALL_SUBLINK: {
        bool any = sl->sub_link_type == PG_QUERY__SUB_LINK_TYPE__ANY_SUBLINK;
        const char *schema = NULL;
        const char *opname =
            sl->n_oper_name ? name_list(sl->oper_name, sl->n_oper_name, &schema) : "=";
        struct cat_expr *l = sl->testexpr ? ex_analyze(x, sl->testexpr) : NULL;
        if (sl->testexpr && !l)
            return NULL;
        e = mk(x, EX_SUBLINK, ex_type(PGB_BOOL), -1);
        e->sub = any ? EXS_ANY : EXS_ALL;
        if (!l || l->kind == EX_ROW) {
            q.tree = NULL; /* row comparisons: not printed */
            break;
        }
        if (q.ncols != 1)
            return ex_error(x, sl->location, "42601", "subquery has too %s columns",
                            q.ncols > 1 ? "many" : "few");
        struct cat_expr *fake = mk(x, EX_RAW, q.types[0].type, -1);
        struct cat_expr *op = make_op(x, schema, opname, l, fake, sl->location);
        if (!op)
            return NULL;
        if (toid(op->type) != PGB_BOOL)
            return ex_error(x, sl->location, "42804",
                            "operator %s must return type boolean, not type %s", opname,
                            type_be(x, op->type));
        e->name = op->name;
        e->opschema = op->opschema;
        e->proc = op->proc;
        e->nargs = 1;
        e->args = arena_alloc(x->arena, sizeof *e->args);
        e->args[0] = op->kind == EX_OP && op->nargs == 2 ? op->args[0] : l;
        break;
    }
    case PG_QUERY__SUB_LINK_TYPE__ARRAY_SUBLINK: {
        if (q.ncols != 1)
            return ex_error(x, sl->location, "42601", "subquery must return only one column");
        struct cat_type *t = q.types[0].type;
        if (!t || !t->array)
            return ex_error(x, sl->location, "42704", "could not find array type for data type %s",
                            type_be(x, t));
        e = mk(x, EX_SUBLINK, t->array, -1);
        e->sub = EXS_ARRAY;
        break;
    }
    default:
        if (q.ncols != 1)
            return ex_error(x, sl->location, "42601", "subquery must return only one column");
        e = mk(x, EX_SUBLINK, q.types[0].type, q.types[0].typmod);
        e->sub = EXS_EXPR;
        break;
    }
    if (tree && q.tree) {
        /* the enclosing levels' entries, for naming the outermost one */
        uint32_t n = 0;
        for (struct ex_scope *sc = x->scope; sc; sc = sc->parent)
            n += sc->nrtes;
        q.tree->outer = arena_alloc(x->arena, sizeof *q.tree->outer * (n + 1));
        for (struct ex_scope *sc = x->scope; sc; sc = sc->parent)
            for (uint32_t i = 0; i < sc->nrtes; i++)
                q.tree->outer[q.tree->nouter++] = sc->rtes[i];
        e->query = q.tree;
    }
    return e;
}

static struct cat_expr *collate(struct ex_ctx *x, PgQuery__CollateClause *cc)
{
    struct cat_expr *arg = ex_analyze(x, cc->arg);
    if (!arg)
        return NULL;
    const char *schema;
    const char *name = name_list(cc->collname, cc->n_collname, &schema);
    arg = ex_resolve_unknown(x, arg);
    if (!arg)
        return NULL;
    struct cat_type *bt = ex_base_type(arg->type);
    const struct pgb_type *row = bt->obj.builtin ? pgb_type_row(bt->oid) : NULL;
    bool collatable = row ? row->collatable : (bt->typtype == CAT_TYPE_DOMAIN);
    if (!collatable && bt->category != 'S')
        return ex_error(x, cc->location, "42804", "collations are not supported by type %s",
                        type_be(x, arg->type));
    struct cat_expr *e = mk(x, EX_COLLATE, arg->type, arg->typmod);
    e->arg = arg;
    e->collation = schema ? arena_printf(x->arena, "%s.%s", schema, name) : name;
    return e;
}

static struct cat_expr *null_test(struct ex_ctx *x, PgQuery__NullTest *nt)
{
    struct cat_expr *arg = ex_analyze(x, nt->arg);
    if (!arg)
        return NULL;
    arg = ex_resolve_unknown(x, arg);
    struct cat_expr *e = mk(x, EX_NULLTEST, ex_type(PGB_BOOL), -1);
    e->sub = nt->nulltesttype == PG_QUERY__NULL_TEST_TYPE__IS_NOT_NULL;
    e->arg = arg;
    return e;
}

static struct cat_expr *boolean_test(struct ex_ctx *x, PgQuery__BooleanTest *bt)
{
    struct cat_expr *arg = bool_of(x, ex_analyze(x, bt->arg), "IS TRUE");
    if (!arg)
        return NULL;
    struct cat_expr *e = mk(x, EX_BOOLTEST, ex_type(PGB_BOOL), -1);
    e->sub = (uint8_t)(bt->booltesttype - 1);
    e->arg = arg;
    return e;
}

static struct cat_expr *row_expr(struct ex_ctx *x, PgQuery__RowExpr *r)
{
    struct cat_expr **args = NULL;
    if (r->n_args && !analyze_list(x, r->args, r->n_args, &args))
        return NULL;
    struct cat_expr *e = mk(x, EX_ROW, ex_type(PGB_RECORD), -1);
    e->nargs = (uint32_t)r->n_args;
    e->args = args;
    for (uint32_t i = 0; i < e->nargs; i++)
        args[i] = ex_resolve_unknown(x, args[i]);
    e->flag = r->row_format == PG_QUERY__COERCION_FORM__COERCE_IMPLICIT_CAST;
    return e;
}

struct cat_expr *ex_analyze(struct ex_ctx *x, PgQuery__Node *n)
{
    if (!n)
        return ex_error(x, -1, "XX000", "missing expression");
    if (x->sqlstate)
        return NULL;
    switch (n->node_case) {
    case PG_QUERY__NODE__NODE_A_CONST:
        return a_const(x, n->a_const);
    case PG_QUERY__NODE__NODE_COLUMN_REF:
        return column_ref(x, n->column_ref);
    case PG_QUERY__NODE__NODE_A_EXPR:
        return a_expr(x, n->a_expr);
    case PG_QUERY__NODE__NODE_BOOL_EXPR:
        return bool_expr(x, n->bool_expr);
    case PG_QUERY__NODE__NODE_FUNC_CALL:
        return func_call(x, n->func_call);
    case PG_QUERY__NODE__NODE_TYPE_CAST:
        return type_cast(x, n->type_cast);
    case PG_QUERY__NODE__NODE_NULL_TEST:
        return null_test(x, n->null_test);
    case PG_QUERY__NODE__NODE_BOOLEAN_TEST:
        return boolean_test(x, n->boolean_test);
    case PG_QUERY__NODE__NODE_CASE_EXPR:
        return case_expr(x, n->case_expr);
    case PG_QUERY__NODE__NODE_COALESCE_EXPR:
        return common_args(x, EX_COALESCE, n->coalesce_expr->args, n->coalesce_expr->n_args,
                           "COALESCE", n->coalesce_expr->location);
    case PG_QUERY__NODE__NODE_MIN_MAX_EXPR: {
        PgQuery__MinMaxExpr *m = n->min_max_expr;
        bool least = m->op == PG_QUERY__MIN_MAX_OP__IS_LEAST;
        struct cat_expr *e = common_args(x, EX_MINMAX, m->args, m->n_args,
                                         least ? "LEAST" : "GREATEST", m->location);
        if (e)
            e->sub = least;
        return e;
    }
    case PG_QUERY__NODE__NODE_SQLVALUE_FUNCTION:
        return sql_value(x, n->sqlvalue_function);
    case PG_QUERY__NODE__NODE_A_ARRAY_EXPR:
        return array_expr(x, n->a_array_expr);
    case PG_QUERY__NODE__NODE_ROW_EXPR:
        return row_expr(x, n->row_expr);
    case PG_QUERY__NODE__NODE_A_INDIRECTION:
        return indirection(x, n->a_indirection);
    case PG_QUERY__NODE__NODE_COLLATE_CLAUSE:
        return collate(x, n->collate_clause);
    case PG_QUERY__NODE__NODE_SUB_LINK:
        return sublink(x, n->sub_link);
    case PG_QUERY__NODE__NODE_PARAM_REF: {
        int k = n->param_ref->number;
        if (x->params && k >= 1 && (uint32_t)k <= x->params->n)
            return make_param(x, (uint32_t)k - 1);
        return ex_error(x, n->param_ref->location, "42P02", "there is no parameter $%d", k);
    }
    case PG_QUERY__NODE__NODE_SET_TO_DEFAULT:
        return ex_error(x, -1, "42601", "DEFAULT is not allowed in this context");
    case PG_QUERY__NODE__NODE_GROUPING_FUNC:
        return ex_error(x, -1, "42803", "grouping operations are not allowed here");
    default:
        return ex_error(x, -1, "0A000", "unsupported expression kind %s",
                        n->node_case == PG_QUERY__NODE__NODE_XML_EXPR ? "XML" : "node");
    }
}

/* ---- walking and dependencies ---- */

void ex_walk(struct cat_expr *e, void (*fn)(struct cat_expr *, void *), void *arg)
{
    if (!e)
        return;
    fn(e, arg);
    if (e->arg)
        ex_walk(e->arg, fn, arg);
    if (e->def)
        ex_walk(e->def, fn, arg);
    for (uint32_t i = 0; i < e->nargs; i++)
        if (e->args && e->args[i])
            ex_walk(e->args[i], fn, arg);
}

struct collect_arg {
    struct ex_deps *d;
    struct arena *a;
};

static void collect_cb(struct cat_expr *e, void *p)
{
    struct collect_arg *c = p;
    struct ex_deps *d = c->d;
    struct cat_rel *rel = NULL;
    int16_t att = 0;
    if (e->kind == EX_VAR && e->rel) {
        rel = e->rel;
        att = e->attnum;
    } else if (e->kind == EX_CONST && e->regclass) {
        rel = e->regclass;
    }
    if (rel)
        deps_add_col(c->a, d, rel, att);
    if (e->ufunc)
        deps_add_func(c->a, d, e->ufunc);
    if (e->type && !e->type->obj.builtin)
        deps_add_type(c->a, d, e->type);
}

void ex_collect_deps(struct cat_expr *e, struct ex_deps *d, struct arena *a)
{
    struct collect_arg c = {d, a};
    ex_walk(e, collect_cb, &c);
}

/* ---- column names (FigureColname) ---- */

const char *ex_figure_colname(PgQuery__Node *n)
{
    if (!n)
        return NULL;
    switch (n->node_case) {
    case PG_QUERY__NODE__NODE_COLUMN_REF: {
        PgQuery__ColumnRef *cr = n->column_ref;
        if (cr->n_fields == 0)
            return NULL;
        PgQuery__Node *last = cr->fields[cr->n_fields - 1];
        return last->node_case == PG_QUERY__NODE__NODE_STRING ? last->string->sval : NULL;
    }
    case PG_QUERY__NODE__NODE_A_INDIRECTION: {
        PgQuery__AIndirection *ind = n->a_indirection;
        for (size_t i = ind->n_indirection; i > 0; i--) {
            PgQuery__Node *s = ind->indirection[i - 1];
            if (s->node_case == PG_QUERY__NODE__NODE_STRING)
                return s->string->sval;
        }
        return ex_figure_colname(ind->arg);
    }
    case PG_QUERY__NODE__NODE_FUNC_CALL: {
        PgQuery__FuncCall *fc = n->func_call;
        if (fc->n_funcname == 0)
            return NULL;
        PgQuery__Node *last = fc->funcname[fc->n_funcname - 1];
        return last->node_case == PG_QUERY__NODE__NODE_STRING ? last->string->sval : NULL;
    }
    case PG_QUERY__NODE__NODE_A_EXPR:
        if (n->a_expr->kind == PG_QUERY__A__EXPR__KIND__AEXPR_NULLIF)
            return "nullif";
        return NULL;
    case PG_QUERY__NODE__NODE_TYPE_CAST: {
        const char *s = ex_figure_colname(n->type_cast->arg);
        if (s)
            return s;
        PgQuery__TypeName *tn = n->type_cast->type_name;
        if (tn && tn->n_names) {
            PgQuery__Node *last = tn->names[tn->n_names - 1];
            return last->node_case == PG_QUERY__NODE__NODE_STRING ? last->string->sval : NULL;
        }
        return NULL;
    }
    case PG_QUERY__NODE__NODE_COLLATE_CLAUSE:
        return ex_figure_colname(n->collate_clause->arg);
    case PG_QUERY__NODE__NODE_SUB_LINK:
        switch (n->sub_link->sub_link_type) {
        case PG_QUERY__SUB_LINK_TYPE__EXISTS_SUBLINK:
            return "exists";
        case PG_QUERY__SUB_LINK_TYPE__ARRAY_SUBLINK:
            return "array";
        case PG_QUERY__SUB_LINK_TYPE__EXPR_SUBLINK: {
            PgQuery__Node *s = n->sub_link->subselect;
            if (s && s->node_case == PG_QUERY__NODE__NODE_SELECT_STMT &&
                s->select_stmt->n_target_list == 1) {
                PgQuery__ResTarget *rt = s->select_stmt->target_list[0]->res_target;
                if (rt->name && *rt->name)
                    return rt->name;
                return ex_figure_colname(rt->val);
            }
            return NULL;
        }
        default:
            return NULL;
        }
    case PG_QUERY__NODE__NODE_CASE_EXPR: {
        const char *s = ex_figure_colname(n->case_expr->defresult);
        return s ? s : "case";
    }
    case PG_QUERY__NODE__NODE_A_ARRAY_EXPR:
        return "array";
    case PG_QUERY__NODE__NODE_ROW_EXPR:
        return "row";
    case PG_QUERY__NODE__NODE_COALESCE_EXPR:
        return "coalesce";
    case PG_QUERY__NODE__NODE_MIN_MAX_EXPR:
        return n->min_max_expr->op == PG_QUERY__MIN_MAX_OP__IS_GREATEST ? "greatest" : "least";
    case PG_QUERY__NODE__NODE_SQLVALUE_FUNCTION:
        switch (n->sqlvalue_function->op) {
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_DATE:
            return "current_date";
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIME:
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIME_N:
            return "current_time";
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIMESTAMP:
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIMESTAMP_N:
            return "current_timestamp";
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIME:
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIME_N:
            return "localtime";
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIMESTAMP:
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIMESTAMP_N:
            return "localtimestamp";
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_ROLE:
            return "current_role";
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_USER:
            return "current_user";
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_USER:
            return "user";
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_SESSION_USER:
            return "session_user";
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_CATALOG:
            return "current_catalog";
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_SCHEMA:
            return "current_schema";
        default:
            return NULL;
        }
    case PG_QUERY__NODE__NODE_XML_EXPR:
        return "xmlelement";
    case PG_QUERY__NODE__NODE_GROUPING_FUNC:
        return "grouping";
    default:
        return NULL;
    }
}

const char *ex_index_colname(PgQuery__Node *n)
{
    const char *s = ex_figure_colname(n);
    return s ? s : "expr";
}
