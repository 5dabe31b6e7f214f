/*
 * expr_select.c - analysis of SELECT queries for views, materialized views
 * and CREATE TABLE AS: the range table (tables, views, subqueries, joins,
 * set-returning functions, CTEs), '*' expansion, output column names
 * (FigureColname) and types (with typmods where PostgreSQL keeps them),
 * UNION type resolution, and the columns the query reads (dependencies).
 */
#include <string.h>

#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>

#include "lint/arena.h"
#include "lint/expr.h"

static const char *str_of(PgQuery__Node *n)
{
    return n && n->node_case == PG_QUERY__NODE__NODE_STRING ? n->string->sval : NULL;
}

static void add_rel_dep(struct ex_ctx *x, struct cat_rel *r)
{
    struct ex_deps *d = x->deps;
    if (!d)
        return;
    if (d->nrels == d->caprels) {
        uint32_t cap = d->caprels ? d->caprels * 2 : 8;
        d->rels = arena_grow(x->arena, d->rels, d->caprels, cap, sizeof *d->rels);
        d->attnums = arena_grow(x->arena, d->attnums, d->caprels, cap, sizeof *d->attnums);
        d->caprels = cap;
    }
    d->rels[d->nrels] = r;
    d->attnums[d->nrels] = 0;
    d->nrels++;
}

static struct ex_rte *rte_from_query(struct ex_ctx *x, const char *alias, struct ex_query *q,
                                     PgQuery__Alias *al)
{
    struct ex_rte *rte = arena_alloc(x->arena, sizeof *rte);
    rte->alias = alias;
    rte->in_join_scope = true;
    rte->unprintable = true;
    rte->ncols = q->ncols;
    rte->colnames = arena_alloc(x->arena, sizeof *rte->colnames * (q->ncols + 1));
    rte->coltypes = arena_alloc(x->arena, sizeof *rte->coltypes * (q->ncols + 1));
    for (uint32_t i = 0; i < q->ncols; i++) {
        rte->colnames[i] = q->names[i];
        rte->coltypes[i] = q->types[i];
    }
    if (al) {
        for (size_t i = 0; i < al->n_colnames && i < q->ncols; i++)
            rte->colnames[i] = str_of(al->colnames[i]);
    }
    return rte;
}

static struct ex_rte *find_cte(struct ex_scope *s, const char *name)
{
    for (; s; s = s->parent)
        for (uint32_t i = 0; i < s->nctes; i++)
            if (strcmp(s->ctes[i]->alias, name) == 0)
                return s->ctes[i];
    return NULL;
}

static struct ex_rte *from_item(struct ex_ctx *x, struct ex_scope *scope, PgQuery__Node *n);

static struct ex_rte *range_var(struct ex_ctx *x, struct ex_scope *scope, PgQuery__RangeVar *rv)
{
    const char *alias = rv->alias && rv->alias->aliasname && *rv->alias->aliasname
                            ? rv->alias->aliasname
                            : rv->relname;
    bool has_schema = rv->schemaname && *rv->schemaname;
    if (!has_schema) {
        struct ex_rte *cte = find_cte(scope, rv->relname);
        if (cte) {
            ex_rte_columns(x->arena, cte);
            struct ex_rte *copy = arena_alloc(x->arena, sizeof *copy);
            *copy = *cte;
            copy->alias = alias;
            copy->in_join_scope = true;
            copy->unprintable = true;
            return copy;
        }
    }
    struct cat_rel *r = catalog_find_rel(x->cat, has_schema ? rv->schemaname : NULL, rv->relname);
    if (!r || r->relkind == CAT_RELKIND_INDEX || r->relkind == CAT_RELKIND_PARTITIONED_INDEX) {
        /* the system catalogs and information_schema are not in the model:
         * a query of them is not analysed, never an error */
        if ((has_schema && (strncmp(rv->schemaname, "pg_", 3) == 0 ||
                            strcmp(rv->schemaname, "information_schema") == 0)) ||
            (!has_schema && strncmp(rv->relname, "pg_", 3) == 0)) {
            ex_error(x, rv->location, "0A000", "unsupported reference to system relation %s",
                     rv->relname);
            return NULL;
        }
        if (has_schema && !catalog_find_schema(x->cat, rv->schemaname)) {
            ex_error(x, rv->location, "3F000", "schema \"%s\" does not exist", rv->schemaname);
            return NULL;
        }
        if (has_schema)
            ex_error(x, rv->location, "42P01", "relation \"%s.%s\" does not exist", rv->schemaname,
                     rv->relname);
        else
            ex_error(x, rv->location, "42P01", "relation \"%s\" does not exist", rv->relname);
        return NULL;
    }
    add_rel_dep(x, r);
    struct ex_rte *rte = ex_rte_for_rel(x->arena, r, alias);
    rte->has_alias = rv->alias != NULL;
    rte->unprintable = !rv->inh || (rv->alias && rv->alias->n_colnames) ||
                       (rv->relpersistence && rv->relpersistence[0] == 't');
    if (rv->alias && rv->alias->n_colnames) {
        ex_rte_columns(x->arena, rte);
        for (size_t i = 0; i < rv->alias->n_colnames && i < rte->ncols; i++)
            rte->colnames[i] = str_of(rv->alias->colnames[i]);
    }
    return rte;
}

static struct ex_rte *range_function(struct ex_ctx *x, struct ex_scope *scope,
                                     PgQuery__RangeFunction *rf)
{
    struct ex_rte *rte = arena_alloc(x->arena, sizeof *rte);
    rte->in_join_scope = true;
    rte->unprintable = true;
    uint32_t cap = 4;
    rte->colnames = arena_alloc(x->arena, sizeof *rte->colnames * cap);
    rte->coltypes = arena_alloc(x->arena, sizeof *rte->coltypes * cap);
    struct ex_ctx sub = *x;
    sub.scope = rf->lateral ? scope : scope->parent;
    const char *first_name = NULL;
    for (size_t i = 0; i < rf->n_functions; i++) {
        PgQuery__Node *item = rf->functions[i];
        if (item->node_case != PG_QUERY__NODE__NODE_LIST || item->list->n_items == 0)
            continue;
        PgQuery__Node *fn = item->list->items[0];
        struct cat_expr *e = ex_analyze(&sub, fn);
        if (!e) {
            x->sqlstate = sub.sqlstate;
            x->no_such_func = sub.no_such_func;
            x->message = sub.message;
            x->err_location = sub.err_location;
            return NULL;
        }
        const char *nm = ex_figure_colname(fn);
        if (!first_name)
            first_name = nm;
        struct cat_type *t = e->type;
        const char **rnames;
        struct cat_typeref *rtypes;
        int nrc = ex_record_columns(x->arena, e, &rnames, &rtypes);
        if (nrc > 0) {
            /* a composite result, or the function's OUT / TABLE parameters */
            for (int k = 0; k < nrc; k++) {
                if (rte->ncols + 1 >= cap) {
                    rte->colnames =
                        arena_grow(x->arena, rte->colnames, cap, cap * 2, sizeof *rte->colnames);
                    rte->coltypes =
                        arena_grow(x->arena, rte->coltypes, cap, cap * 2, sizeof *rte->coltypes);
                    cap *= 2;
                }
                rte->colnames[rte->ncols] = rnames[k];
                rte->coltypes[rte->ncols] = rtypes[k];
                rte->ncols++;
            }
        } else {
            /* a record (or a composite the analyser cannot expand): the
             * columns are not known, references to them are not judged */
            if (t && (t->oid == PGB_RECORD || ex_base_type(t)->typtype == CAT_TYPE_COMPOSITE))
                rte->opaque = true;
            if (rte->ncols + 1 >= cap) {
                rte->colnames =
                    arena_grow(x->arena, rte->colnames, cap, cap * 2, sizeof *rte->colnames);
                rte->coltypes =
                    arena_grow(x->arena, rte->coltypes, cap, cap * 2, sizeof *rte->coltypes);
                cap *= 2;
            }
            rte->colnames[rte->ncols] = nm ? nm : "?column?";
            rte->coltypes[rte->ncols].type = t;
            rte->coltypes[rte->ncols].typmod = e->typmod;
            rte->ncols++;
        }
    }
    if (rf->ordinality) {
        if (rte->ncols + 1 >= cap) {
            rte->colnames =
                arena_grow(x->arena, rte->colnames, cap, cap * 2, sizeof *rte->colnames);
            rte->coltypes =
                arena_grow(x->arena, rte->coltypes, cap, cap * 2, sizeof *rte->coltypes);
            cap *= 2;
        }
        rte->colnames[rte->ncols] = "ordinality";
        rte->coltypes[rte->ncols].type = ex_type(PGB_INT8);
        rte->coltypes[rte->ncols].typmod = -1;
        rte->ncols++;
    }
    rte->alias = first_name;
    if (rf->alias) {
        rte->alias = rf->alias->aliasname;
        for (size_t i = 0; i < rf->alias->n_colnames && i < rte->ncols; i++)
            rte->colnames[i] = str_of(rf->alias->colnames[i]);
        /* a single scalar column takes the alias name when no column alias is given */
        if (rf->alias->n_colnames == 0 && rte->ncols == 1 && rf->n_functions == 1)
            rte->colnames[0] = rf->alias->aliasname;
    }
    return rte;
}

static void push_joincol(struct ex_ctx *x, struct ex_rte *rte, uint32_t *cap, const char *name,
                         struct cat_typeref t, struct cat_rel *rel, int16_t att,
                         struct ex_rte *member, uint32_t mcol)
{
    if (rte->ncols + 1 >= *cap) {
        uint32_t nc = *cap * 2 + 8;
        rte->colnames = arena_grow(x->arena, rte->colnames, *cap, nc, sizeof *rte->colnames);
        rte->coltypes = arena_grow(x->arena, rte->coltypes, *cap, nc, sizeof *rte->coltypes);
        rte->colrels = arena_grow(x->arena, rte->colrels, *cap, nc, sizeof *rte->colrels);
        rte->attnums = arena_grow(x->arena, rte->attnums, *cap, nc, sizeof *rte->attnums);
        rte->colsrc = arena_grow(x->arena, rte->colsrc, *cap, nc, sizeof *rte->colsrc);
        *cap = nc;
    }
    /* the base entry the column comes from (through unaliased member joins) */
    if (member && member->colsrc && !member->has_alias)
        member = member->colsrc[mcol];
    rte->colnames[rte->ncols] = name;
    rte->coltypes[rte->ncols] = t;
    rte->colrels[rte->ncols] = rel;
    rte->attnums[rte->ncols] = att;
    rte->colsrc[rte->ncols] = member;
    rte->ncols++;
}

/* The relation and attnum a member's column comes from (for dependencies). */
static void origin(const struct ex_rte *m, uint32_t c, struct cat_rel **rel, int16_t *att)
{
    *rel = m->rel ? m->rel : m->colrels ? m->colrels[c] : NULL;
    *att = m->attnums ? m->attnums[c] : 0;
}

/* The column of one side of a JOIN (which: "left" or "right") that a USING
 * or NATURAL column name stands for: its index, -1 when there is none, -2
 * (after the error) when there are several. */
static int using_column(struct ex_ctx *x, const struct ex_rte *side, const char *name,
                        const char *which)
{
    int found = -1;
    for (uint32_t i = 0; i < side->ncols; i++)
        if (side->colnames[i] && strcmp(side->colnames[i], name) == 0) {
            if (found >= 0) {
                ex_error(x, -1, "42702",
                         "common column name \"%s\" appears more than once in %s table", name,
                         which);
                return -2;
            }
            found = (int)i;
        }
    return found;
}

/* JOIN: PostgreSQL's namespace rules - the join's columns (USING/NATURAL
 * columns merged, first) are what unqualified names and '*' see; the member
 * relations stay addressable by name unless the join has an alias. */
static struct ex_rte *join_expr(struct ex_ctx *x, struct ex_scope *scope, PgQuery__JoinExpr *j)
{
    uint32_t before = scope->nrtes;
    struct ex_rte *l = from_item(x, scope, j->larg);
    if (!l)
        return NULL;
    struct ex_rte *r = from_item(x, scope, j->rarg);
    if (!r)
        return NULL;
    ex_rte_columns(x->arena, l);
    ex_rte_columns(x->arena, r);
    struct ex_rte *rte = arena_alloc(x->arena, sizeof *rte);
    uint32_t cap = 0;
    bool *lused = arena_alloc(x->arena, l->ncols + 1);
    bool *rused = arena_alloc(x->arena, r->ncols + 1);
    const char **using = NULL;
    uint32_t nusing = 0;
    if (j->is_natural) {
        using = arena_alloc(x->arena, sizeof *using * (l->ncols + 1));
        for (uint32_t i = 0; i < l->ncols; i++)
            for (uint32_t k = 0; k < r->ncols; k++)
                if (l->colnames[i] && r->colnames[k] && strcmp(l->colnames[i], r->colnames[k]) == 0)
                    using[nusing++] = l->colnames[i];
    } else if (j->n_using_clause) {
        using = arena_alloc(x->arena, sizeof *using * (j->n_using_clause + 1));
        for (size_t i = 0; i < j->n_using_clause; i++)
            using[nusing++] = str_of(j->using_clause[i]);
    }
    for (uint32_t u = 0; u < nusing; u++) {
        int li = using_column(x, l, using[u], "left");
        if (li == -2)
            return NULL;
        int ri = using_column(x, r, using[u], "right");
        if (ri == -2)
            return NULL;
        if (li < 0 || ri < 0) {
            ex_error(x, -1, "42703",
                     "column \"%s\" specified in USING clause does not exist in %s table", using[u],
                     li < 0 ? "left" : "right");
            return NULL;
        }
        lused[li] = rused[ri] = true;
        struct cat_typeref t = l->coltypes[li];
        struct cat_rel *orel;
        int16_t oatt;
        origin(l, (uint32_t)li, &orel, &oatt);
        if (j->jointype == PG_QUERY__JOIN_TYPE__JOIN_RIGHT) {
            t = r->coltypes[ri];
            origin(r, (uint32_t)ri, &orel, &oatt);
        }
        if (l->coltypes[li].type != r->coltypes[ri].type) {
            struct cat_expr a = {0}, b = {0};
            a.type = l->coltypes[li].type;
            b.type = r->coltypes[ri].type;
            struct cat_expr *v[2] = {&a, &b};
            struct cat_type *ct = ex_common_type(x, v, 2, "JOIN/USING");
            if (!ct)
                return NULL;
            t.type = ct;
            t.typmod = -1;
        } else if (l->coltypes[li].typmod != r->coltypes[ri].typmod) {
            t.typmod = -1;
        }
        if (j->jointype == PG_QUERY__JOIN_TYPE__JOIN_FULL)
            orel = NULL; /* COALESCE of both sides */
        push_joincol(x, rte, &cap, using[u], t, orel, oatt, NULL, 0);
    }
    for (uint32_t i = 0; i < l->ncols; i++) {
        if (lused[i])
            continue;
        struct cat_rel *orel;
        int16_t oatt;
        origin(l, i, &orel, &oatt);
        push_joincol(x, rte, &cap, l->colnames[i], l->coltypes[i], orel, oatt, l, i);
    }
    for (uint32_t i = 0; i < r->ncols; i++) {
        if (rused[i])
            continue;
        struct cat_rel *orel;
        int16_t oatt;
        origin(r, i, &orel, &oatt);
        push_joincol(x, rte, &cap, r->colnames[i], r->coltypes[i], orel, oatt, r, i);
    }
    rte->is_join = true;
    rte->jointype = (uint8_t)j->jointype;
    rte->larg = l;
    rte->rarg = r;
    rte->unprintable = l->unprintable || r->unprintable || nusing > 0 || j->alias != NULL;
    if (j->alias) {
        rte->has_alias = true;
        rte->alias = j->alias->aliasname;
        for (size_t i = 0; i < j->alias->n_colnames && i < rte->ncols; i++)
            rte->colnames[i] = str_of(j->alias->colnames[i]);
    }
    /* ON is analysed with the members' columns visible */
    if (j->quals) {
        struct ex_ctx qx = *x;
        qx.scope = scope;
        struct cat_expr *q = ex_coerce_bool(&qx, ex_analyze(&qx, j->quals), "JOIN/ON");
        if (!q) {
            x->sqlstate = qx.sqlstate;
            x->no_such_func = qx.no_such_func;
            x->message = qx.message;
            x->err_location = qx.err_location;
            return NULL;
        }
        rte->quals = q;
    }
    for (uint32_t i = before; i < scope->nrtes; i++) {
        scope->rtes[i]->in_join_scope = false;
        if (j->alias)
            scope->rtes[i]->name_hidden = true;
    }
    rte->in_join_scope = true;
    ex_scope_add(x->arena, scope, rte);
    return rte;
}

/* Adds the FROM item to scope (joins add their members too); returns the rte. */
static struct ex_rte *from_item(struct ex_ctx *x, struct ex_scope *scope, PgQuery__Node *n)
{
    struct ex_rte *rte = NULL;
    switch (n->node_case) {
    case PG_QUERY__NODE__NODE_RANGE_VAR:
        rte = range_var(x, scope, n->range_var);
        break;
    case PG_QUERY__NODE__NODE_RANGE_SUBSELECT: {
        PgQuery__RangeSubselect *rs = n->range_subselect;
        struct ex_query q = {0};
        struct ex_ctx sub = *x;
        struct ex_scope child = {0};
        child.parent = rs->lateral ? scope : scope->parent;
        if (child.parent == NULL && !rs->lateral)
            child.parent = NULL;
        child.ctes = NULL;
        sub.scope = &child;
        /* CTEs stay visible in subqueries */
        struct ex_scope ctes = {0};
        for (struct ex_scope *s = scope; s; s = s->parent)
            if (s->nctes) {
                ctes.ctes = s->ctes;
                ctes.nctes = s->nctes;
                break;
            }
        if (!rs->lateral && ctes.nctes) {
            ctes.parent = scope->parent;
            child.parent = &ctes;
        }
        if (ex_analyze_select(&sub, rs->subquery, &q) != 0) {
            x->sqlstate = sub.sqlstate;
            x->no_such_func = sub.no_such_func;
            x->message = sub.message;
            x->err_location = sub.err_location;
            return NULL;
        }
        rte = rte_from_query(x, rs->alias ? rs->alias->aliasname : NULL, &q, rs->alias);
        break;
    }
    case PG_QUERY__NODE__NODE_JOIN_EXPR:
        return join_expr(x, scope, n->join_expr); /* adds itself to scope */
    case PG_QUERY__NODE__NODE_RANGE_FUNCTION:
        rte = range_function(x, scope, n->range_function);
        break;
    case PG_QUERY__NODE__NODE_RANGE_TABLE_SAMPLE: {
        /* rel TABLESAMPLE method (args): the relation's columns */
        PgQuery__RangeTableSample *ts = n->range_table_sample;
        if (!ts->relation)
            break;
        struct ex_rte *inner = from_item(x, scope, ts->relation);
        if (inner)
            inner->unprintable = true;
        return inner;
    }
    default:
        ex_error(x, -1, "0A000", "unsupported FROM item");
        return NULL;
    }
    if (rte)
        ex_scope_add(x->arena, scope, rte);
    return rte;
}

static bool is_output_ref(PgQuery__Node *n, struct ex_query *out)
{
    if (n->node_case == PG_QUERY__NODE__NODE_A_CONST)
        return true;
    if (n->node_case == PG_QUERY__NODE__NODE_COLUMN_REF && n->column_ref->n_fields == 1) {
        const char *name = str_of(n->column_ref->fields[0]);
        for (uint32_t i = 0; name && i < out->ncols; i++)
            if (out->names[i] && strcmp(out->names[i], name) == 0)
                return true;
    }
    return false;
}

static void push_col(struct ex_ctx *x, struct ex_query *out, uint32_t *cap, const char *name,
                     struct cat_typeref t)
{
    if (out->ncols == *cap) {
        uint32_t nc = *cap ? *cap * 2 : 8;
        out->names = arena_grow(x->arena, out->names, *cap, nc, sizeof *out->names);
        out->types = arena_grow(x->arena, out->types, *cap, nc, sizeof *out->types);
        *cap = nc;
    }
    out->names[out->ncols] = name;
    out->types[out->ncols] = t;
    out->ncols++;
}

static int analyze_ctes(struct ex_ctx *x, struct ex_scope *scope, PgQuery__WithClause *w)
{
    if (!w)
        return 0;
    scope->ctes = arena_alloc(x->arena, sizeof *scope->ctes * (w->n_ctes + 1));
    for (size_t i = 0; i < w->n_ctes; i++) {
        PgQuery__CommonTableExpr *cte = w->ctes[i]->common_table_expr;
        struct ex_query q = {0};
        struct ex_ctx sub = *x;
        struct ex_scope child = {0};
        child.parent = scope;
        sub.scope = &child;
        if (w->recursive) {
            /* the recursive term reads the CTE itself: analyse the non-recursive
             * arm first to learn the column types */
            PgQuery__Node *qn = cte->ctequery;
            if (qn && qn->node_case == PG_QUERY__NODE__NODE_SELECT_STMT &&
                qn->select_stmt->op == PG_QUERY__SET_OPERATION__SETOP_UNION &&
                qn->select_stmt->larg) {
                PgQuery__Node tmp = *qn;
                PgQuery__Node larg_node;
                memset(&larg_node, 0, sizeof larg_node);
                larg_node.node_case = PG_QUERY__NODE__NODE_SELECT_STMT;
                larg_node.select_stmt = qn->select_stmt->larg;
                (void)tmp;
                struct ex_query lq = {0};
                if (ex_analyze_select(&sub, &larg_node, &lq) != 0)
                    goto fail;
                struct ex_rte *self = rte_from_query(x, cte->ctename, &lq, NULL);
                for (size_t k = 0; k < cte->n_aliascolnames && k < self->ncols; k++)
                    self->colnames[k] = str_of(cte->aliascolnames[k]);
                scope->ctes[scope->nctes++] = self;
                struct ex_scope child2 = {0};
                child2.parent = scope;
                sub.scope = &child2;
                if (ex_analyze_select(&sub, cte->ctequery, &q) != 0)
                    goto fail;
                scope->nctes--;
            } else if (ex_analyze_select(&sub, cte->ctequery, &q) != 0) {
                goto fail;
            }
        } else if (ex_analyze_select(&sub, cte->ctequery, &q) != 0) {
            goto fail;
        }
        struct ex_rte *rte = rte_from_query(x, cte->ctename, &q, NULL);
        for (size_t k = 0; k < cte->n_aliascolnames && k < rte->ncols; k++)
            rte->colnames[k] = str_of(cte->aliascolnames[k]);
        scope->ctes[scope->nctes++] = rte;
        continue;
    fail:
        x->sqlstate = sub.sqlstate;
        x->no_such_func = sub.no_such_func;
        x->message = sub.message;
        x->err_location = sub.err_location;
        return -1;
    }
    return 0;
}

static void tree_push(struct ex_ctx *x, struct ex_subquery *t, uint32_t *cap, struct cat_expr *e,
                      const char *name)
{
    if (t->ntargets == *cap) {
        uint32_t nc = *cap ? *cap * 2 : 4;
        t->targets = arena_grow(x->arena, t->targets, *cap, nc, sizeof *t->targets);
        t->resnames = arena_grow(x->arena, t->resnames, *cap, nc, sizeof *t->resnames);
        *cap = nc;
    }
    t->targets[t->ntargets] = e;
    t->resnames[t->ntargets] = name;
    t->ntargets++;
}

/* An ORDER BY / GROUP BY item naming an output column (by position or
 * name): that column's expression; NULL + error for a bad position. */
static struct cat_expr *output_ref(struct ex_ctx *x, PgQuery__Node *n, struct ex_query *out,
                                   struct ex_subquery *t, const char *clause, bool *bad)
{
    *bad = false;
    if (n->node_case == PG_QUERY__NODE__NODE_A_CONST) {
        PgQuery__AConst *c = n->a_const;
        if (c->val_case != PG_QUERY__A__CONST__VAL_IVAL || c->isnull) {
            ex_error(x, c->location, "42601", "non-integer constant in %s", clause);
            *bad = true;
            return NULL;
        }
        int pos = c->ival ? c->ival->ival : 0;
        if (pos < 1 || (uint32_t)pos > out->ncols) {
            ex_error(x, c->location, "42P10", "%s position %d is not in select list", clause, pos);
            *bad = true;
            return NULL;
        }
        return t && (uint32_t)pos <= t->ntargets ? t->targets[pos - 1] : NULL;
    }
    const char *name = str_of(n->column_ref->fields[0]);
    for (uint32_t i = 0; t && i < out->ncols && i < t->ntargets; i++)
        if (out->names[i] && strcmp(out->names[i], name) == 0)
            return t->targets[i];
    return NULL;
}

static int simple_select(struct ex_ctx *x, PgQuery__SelectStmt *s, struct ex_query *out)
{
    struct ex_scope *scope = arena_alloc(x->arena, sizeof *scope);
    scope->parent = x->scope;
    if (x->scope && x->scope->nctes == 0 && x->scope->nrtes == 0 && x->scope->ctes == NULL) {
        /* an empty wrapper scope: keep its parent chain */
    }
    if (analyze_ctes(x, scope, s->with_clause) != 0)
        return -1;
    struct ex_ctx q = *x;
    q.scope = scope;
    q.kind = EXK_SELECT;
    uint32_t cap = 0;
    struct ex_subquery *t = NULL;
    uint32_t tcap = 0;
    bool printable = true;
    if (x->build_tree) {
        t = arena_alloc(x->arena, sizeof *t);
        printable = !s->with_clause && !s->n_values_lists && !s->n_window_clause &&
                    !s->n_locking_clause && !s->into_clause && !s->group_distinct &&
                    s->limit_option != PG_QUERY__LIMIT_OPTION__LIMIT_OPTION_WITH_TIES;
        for (size_t i = 0; i < s->n_distinct_clause; i++) {
            if (s->distinct_clause[i] && s->distinct_clause[i]->node_case)
                printable = false; /* DISTINCT ON */
            t->distinct = true;
        }
    }
    if (s->n_values_lists) {
        /* VALUES: column1..N, common types per column */
        size_t ncol = 0;
        PgQuery__Node *first = s->values_lists[0];
        if (first->node_case == PG_QUERY__NODE__NODE_LIST)
            ncol = first->list->n_items;
        for (size_t c = 0; c < ncol; c++) {
            struct cat_expr **col = arena_alloc(x->arena, sizeof *col * (s->n_values_lists + 1));
            for (size_t r = 0; r < s->n_values_lists; r++) {
                PgQuery__Node *row = s->values_lists[r];
                if (row->node_case != PG_QUERY__NODE__NODE_LIST || row->list->n_items != ncol) {
                    ex_error(x, -1, "42601", "VALUES lists must all be the same length");
                    return -1;
                }
                col[r] = ex_analyze(&q, row->list->items[c]);
                if (!col[r])
                    goto fail;
            }
            struct cat_type *t = ex_common_type(&q, col, (uint32_t)s->n_values_lists, "VALUES");
            if (!t)
                goto fail;
            struct cat_typeref tr = {t, -1};
            push_col(x, out, &cap, arena_printf(x->arena, "column%zu", c + 1), tr);
        }
        return 0;
    }
    struct ex_rte **top = arena_alloc(x->arena, sizeof *top * (s->n_from_clause + 1));
    for (size_t i = 0; i < s->n_from_clause; i++)
        if (!(top[i] = from_item(&q, scope, s->from_clause[i])))
            goto fail;
    for (size_t i = 0; i < s->n_target_list; i++) {
        PgQuery__ResTarget *rt = s->target_list[i]->res_target;
        PgQuery__Node *v = rt->val;
        if (v && v->node_case == PG_QUERY__NODE__NODE_COLUMN_REF) {
            PgQuery__ColumnRef *cr = v->column_ref;
            PgQuery__Node *last = cr->fields[cr->n_fields - 1];
            if (last->node_case == PG_QUERY__NODE__NODE_A_STAR) {
                const char *rel = cr->n_fields >= 2 ? str_of(cr->fields[cr->n_fields - 2]) : NULL;
                bool any = false;
                uint32_t nlist = rel ? scope->nrtes : (uint32_t)s->n_from_clause;
                for (uint32_t k = 0; k < nlist; k++) {
                    struct ex_rte *rte = rel ? scope->rtes[k] : top[k];
                    if (rel && !(rte->alias && !rte->name_hidden && strcmp(rte->alias, rel) == 0))
                        continue;
                    ex_rte_columns(x->arena, rte);
                    any = true;
                    for (uint32_t c = 0; c < rte->ncols; c++) {
                        push_col(x, out, &cap, rte->colnames[c], rte->coltypes[c]);
                        if (t)
                            tree_push(x, t, &tcap, ex_make_var(&q, rte, c), rte->colnames[c]);
                        struct cat_rel *orel = rte->rel       ? rte->rel
                                               : rte->colrels ? rte->colrels[c]
                                                              : NULL;
                        if (orel && rte->attnums && rte->attnums[c] && q.deps) {
                            /* '*' reads every column */
                            struct ex_deps *d = q.deps;
                            if (d->nrels == d->caprels) {
                                uint32_t nc = d->caprels ? d->caprels * 2 : 8;
                                d->rels =
                                    arena_grow(x->arena, d->rels, d->caprels, nc, sizeof *d->rels);
                                d->attnums = arena_grow(x->arena, d->attnums, d->caprels, nc,
                                                        sizeof *d->attnums);
                                d->caprels = nc;
                            }
                            d->rels[d->nrels] = orel;
                            d->attnums[d->nrels] = rte->attnums[c];
                            d->nrels++;
                        }
                    }
                }
                if (!any) {
                    if (rel)
                        ex_error(&q, cr->location, "42P01",
                                 "missing FROM-clause entry for table \"%s\"", rel);
                    else
                        ex_error(&q, cr->location, "42601",
                                 "SELECT * with no tables specified is not valid");
                    goto fail;
                }
                continue;
            }
        }
        if (v && v->node_case == PG_QUERY__NODE__NODE_A_INDIRECTION &&
            v->a_indirection->n_indirection &&
            v->a_indirection->indirection[v->a_indirection->n_indirection - 1]->node_case ==
                PG_QUERY__NODE__NODE_A_STAR) {
            /* (composite).*: one output column per field */
            PgQuery__AIndirection inner = *v->a_indirection;
            inner.n_indirection--;
            PgQuery__Node in = PG_QUERY__NODE__INIT;
            in.node_case = PG_QUERY__NODE__NODE_A_INDIRECTION;
            in.a_indirection = &inner;
            struct cat_expr *re = ex_analyze(&q, inner.n_indirection ? &in : inner.arg);
            if (!re)
                goto fail;
            const char **names;
            struct cat_typeref *types;
            int nc = ex_record_columns(x->arena, re, &names, &types);
            if (nc < 0) {
                ex_error(&q, -1, "42809", "type %s is not composite",
                         re->type ? re->type->name : "record");
                goto fail;
            }
            for (int c = 0; c < nc; c++) {
                push_col(x, out, &cap, names[c], types[c]);
                if (t) {
                    struct cat_expr *fe = arena_alloc(x->arena, sizeof *fe);
                    fe->kind = EX_FIELD;
                    fe->type = types[c].type;
                    fe->typmod = types[c].typmod;
                    fe->arg = re;
                    fe->value = names[c];
                    tree_push(x, t, &tcap, fe, names[c]);
                }
            }
            continue;
        }
        struct cat_expr *e = ex_analyze(&q, v);
        if (!e)
            goto fail;
        e = ex_resolve_unknown(&q, e);
        if (!e)
            goto fail;
        const char *name = rt->name && *rt->name ? rt->name : ex_figure_colname(v);
        struct cat_typeref tr = {e->type, e->typmod};
        push_col(x, out, &cap, name ? name : "?column?", tr);
        if (t)
            tree_push(x, t, &tcap, e, name ? name : "?column?");
    }
    if (s->where_clause) {
        struct cat_expr *w = ex_coerce_bool(&q, ex_analyze(&q, s->where_clause), "WHERE");
        if (!w)
            goto fail;
        if (t)
            t->where = w;
    }
    if (t && s->n_group_clause)
        t->group = arena_alloc(x->arena, sizeof *t->group * s->n_group_clause);
    for (size_t i = 0; i < s->n_group_clause; i++) {
        PgQuery__Node *g = s->group_clause[i];
        struct cat_expr *ge = NULL;
        if (is_output_ref(g, out)) {
            /* GROUP BY prefers an input column over an output name */
            struct ex_ctx probe = q;
            if (g->node_case == PG_QUERY__NODE__NODE_COLUMN_REF)
                ge = ex_analyze(&probe, g);
            if (!ge) {
                bool bad;
                ge = output_ref(&q, g, out, t, "GROUP BY", &bad);
                if (bad)
                    goto fail;
            }
        } else if (!(ge = ex_analyze(&q, g))) {
            goto fail;
        }
        if (t) {
            printable &= ge != NULL && g->node_case != PG_QUERY__NODE__NODE_GROUPING_SET;
            t->group[t->ngroup++] = ge;
        }
    }
    if (s->having_clause) {
        struct cat_expr *h = ex_coerce_bool(&q, ex_analyze(&q, s->having_clause), "HAVING");
        if (!h)
            goto fail;
        if (t)
            t->having = h;
    }
    if (t && s->n_sort_clause) {
        t->sort = arena_alloc(x->arena, sizeof *t->sort * s->n_sort_clause);
        t->sortflags = arena_alloc(x->arena, s->n_sort_clause);
    }
    for (size_t i = 0; i < s->n_sort_clause; i++) {
        PgQuery__Node *sb = s->sort_clause[i];
        if (sb->node_case != PG_QUERY__NODE__NODE_SORT_BY)
            continue;
        PgQuery__Node *e = sb->sort_by->node;
        struct cat_expr *se = NULL;
        if (is_output_ref(e, out)) {
            bool bad;
            se = output_ref(&q, e, out, t, "ORDER BY", &bad);
            if (bad)
                goto fail;
        } else if (!(se = ex_analyze(&q, e))) {
            goto fail;
        }
        if (t) {
            PgQuery__SortBy *b = sb->sort_by;
            bool desc = b->sortby_dir == PG_QUERY__SORT_BY_DIR__SORTBY_DESC;
            bool nf = b->sortby_nulls == PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_FIRST ||
                      (desc && b->sortby_nulls != PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_LAST);
            printable &= se != NULL && b->sortby_dir != PG_QUERY__SORT_BY_DIR__SORTBY_USING;
            t->sortflags[t->nsort] = (uint8_t)((desc ? 1 : 0) | (nf ? 2 : 0));
            t->sort[t->nsort++] = se;
        }
    }
    PgQuery__Node *lim[2] = {s->limit_count, s->limit_offset};
    for (int i = 0; i < 2; i++) {
        if (!lim[i])
            continue;
        struct ex_ctx lx = q;
        lx.scope = x->scope; /* LIMIT/OFFSET cannot see the FROM items */
        struct cat_expr *le = ex_analyze(&lx, lim[i]);
        struct cat_typeref i8 = {ex_type(PGB_INT8), -1};
        const char *what = i == 0 ? "LIMIT" : "OFFSET";
        if (le && le->type && le->type->oid != PGB_UNKNOWN &&
            !ex_can_coerce(le->type, i8.type, 'a'))
            le = ex_error(&lx, -1, "42804", "argument of %s must be type bigint, not type %s", what,
                          le->type->name);
        if (le)
            le = ex_coerce_assign(&lx, le, i8, what, -1);
        if (!le) {
            q.sqlstate = lx.sqlstate;
            q.no_such_func = lx.no_such_func;
            q.message = lx.message;
            q.err_location = lx.err_location;
            goto fail;
        }
        if (t) {
            if (i == 0)
                t->limit = le;
            else
                t->offset = le;
        }
    }
    if (t) {
        for (uint32_t i = 0; i < scope->nrtes; i++)
            printable &= !scope->rtes[i]->unprintable;
        t->from = top;
        t->nfrom = (uint32_t)s->n_from_clause;
        t->rtable = scope->rtes;
        t->nrtable = scope->nrtes;
        if (printable && t->ntargets == out->ncols)
            out->tree = t;
    }
    return 0;
fail:
    if (q.sqlstate)
        x->no_such_func = q.no_such_func;
    x->sqlstate = q.sqlstate ? q.sqlstate : x->sqlstate;
    x->message = q.message ? q.message : x->message;
    x->err_location = q.err_location;
    if (!x->sqlstate)
        ex_error(x, -1, "XX000", "could not analyse query");
    return -1;
}

int ex_analyze_select(struct ex_ctx *x, PgQuery__Node *node, struct ex_query *out)
{
    memset(out, 0, sizeof *out);
    if (!node || node->node_case != PG_QUERY__NODE__NODE_SELECT_STMT) {
        ex_error(x, -1, "0A000", "unsupported query");
        return -1;
    }
    PgQuery__SelectStmt *s = node->select_stmt;
    if (s->op == PG_QUERY__SET_OPERATION__SETOP_NONE ||
        s->op == PG_QUERY__SET_OPERATION__SET_OPERATION_UNDEFINED)
        return simple_select(x, s, out);
    struct ex_scope *scope = arena_alloc(x->arena, sizeof *scope);
    scope->parent = x->scope;
    struct ex_ctx q = *x;
    q.scope = scope;
    if (analyze_ctes(&q, scope, s->with_clause) != 0) {
        x->sqlstate = q.sqlstate;
        x->no_such_func = q.no_such_func;
        x->message = q.message;
        return -1;
    }
    PgQuery__Node ln = {0}, rn = {0};
    ln.node_case = rn.node_case = PG_QUERY__NODE__NODE_SELECT_STMT;
    ln.select_stmt = s->larg;
    rn.select_stmt = s->rarg;
    struct ex_query l, r;
    if (ex_analyze_select(&q, &ln, &l) != 0 || ex_analyze_select(&q, &rn, &r) != 0) {
        x->sqlstate = q.sqlstate;
        x->no_such_func = q.no_such_func;
        x->message = q.message;
        x->err_location = q.err_location;
        return -1;
    }
    const char *opname = s->op == PG_QUERY__SET_OPERATION__SETOP_UNION       ? "UNION"
                         : s->op == PG_QUERY__SET_OPERATION__SETOP_INTERSECT ? "INTERSECT"
                                                                             : "EXCEPT";
    if (l.ncols != r.ncols) {
        ex_error(x, -1, "42601", "each %s query must have the same number of columns", opname);
        return -1;
    }
    out->ncols = l.ncols;
    out->names = l.names;
    out->types = arena_alloc(x->arena, sizeof *out->types * (l.ncols + 1));
    for (uint32_t i = 0; i < l.ncols; i++) {
        struct cat_expr a = {0}, b = {0};
        a.type = l.types[i].type;
        b.type = r.types[i].type;
        struct cat_expr *v[2] = {&a, &b};
        struct cat_type *t = ex_common_type(x, v, 2, opname);
        if (!t)
            return -1;
        out->types[i].type = t;
        out->types[i].typmod =
            l.types[i].type == t && r.types[i].type == t && l.types[i].typmod == r.types[i].typmod
                ? l.types[i].typmod
                : -1;
    }
    return 0;
}
