/*
 * expr_print.c - prints analysed expressions the way PostgreSQL 15's
 * ruleutils.c does for pg_get_expr / pg_get_constraintdef /
 * pg_get_indexdef in non-pretty mode (which still indents CASE): every
 * operator and boolean clause parenthesised, implicit casts hidden at the
 * top level and shown as (x)::type inside operator and function arguments,
 * constants labelled unless the parser would read them back with the same
 * type, names qualified as with search_path = ''.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lint/arena.h"
#include "lint/expr.h"
#include "lint/strbuf.h"

/* The names of one query level's range table entries (set_rtable_names). */
struct pframe {
    struct ex_rte *const *rtes;
    char **names;
    uint32_t n;
    struct pframe *up;
};

struct pctx {
    const struct catalog *cat;
    struct strbuf *buf;
    int indent;
    struct pframe *frames; /* inside a sub-query: Vars are printed qualified */
    bool failed;           /* met something the printer does not cover */
};

static void rule_expr(struct pctx *p, const struct cat_expr *e, bool showimplicit);

static unsigned toid(const struct cat_type *t)
{
    return t ? t->oid : 0;
}

/* appendContextKeyword with PRETTYFLAG_INDENT */
static void context_keyword(struct pctx *p, const char *str, int before, int after, int plus)
{
    p->indent += before;
    while (p->buf->len > 0 && p->buf->buf[p->buf->len - 1] == ' ')
        p->buf->buf[--p->buf->len] = 0;
    sb_addc(p->buf, '\n');
    int amount;
    if (p->indent < 40) {
        amount = (p->indent > 0 ? p->indent : 0) + plus;
    } else {
        amount = 40 + (p->indent - 40) / 4;
        amount %= 40;
        amount += plus;
    }
    for (int i = 0; i < amount; i++)
        sb_addc(p->buf, ' ');
    sb_adds(p->buf, str);
    p->indent += after;
    if (p->indent < 0)
        p->indent = 0;
}

static void print_type(struct pctx *p, const struct cat_type *t, int32_t typmod)
{
    ex_format_type(t, typmod, p->buf);
}

/* get_const_expr; showtype: -1 never label, 0 when needed, 1 always */
static void const_expr(struct pctx *p, const struct cat_expr *e, int showtype)
{
    struct strbuf *b = p->buf;
    if (!e->value) {
        sb_adds(b, "NULL");
        if (showtype >= 0) {
            sb_adds(b, "::");
            print_type(p, e->type, e->typmod);
        }
        return;
    }
    const char *v = e->value;
    bool needlabel = false;
    unsigned oid = toid(e->type);
    if (e->regclass) {
        /* regclass output: the relation's current name, qualified */
        struct strbuf q = STRBUF_INIT;
        ex_add_ident(&q, e->regclass->schema->name);
        sb_addc(&q, '.');
        ex_add_ident(&q, e->regclass->name);
        sb_add_sql_literal(b, q.buf);
        sb_release(&q);
        needlabel = true;
    } else {
        switch (oid) {
        case PGB_INT4:
            if (v[0] != '-') {
                sb_adds(b, v);
            } else {
                sb_add_sql_literal(b, v);
                needlabel = true;
            }
            break;
        case PGB_NUMERIC:
            if (v[0] >= '0' && v[0] <= '9' && strpbrk(v, "eE.")) {
                sb_adds(b, v);
            } else {
                sb_add_sql_literal(b, v);
                needlabel = true;
            }
            break;
        case PGB_BOOL:
            sb_adds(b, strcmp(v, "true") == 0 || strcmp(v, "t") == 0 ? "true" : "false");
            break;
        default:
            sb_add_sql_literal(b, v);
            break;
        }
    }
    if (showtype < 0)
        return;
    switch (oid) {
    case PGB_BOOL:
    case PGB_UNKNOWN:
        needlabel = false;
        break;
    case PGB_INT4:
        break;
    case PGB_NUMERIC:
        needlabel |= e->typmod >= 0;
        break;
    default:
        needlabel = true;
    }
    if (needlabel || showtype > 0) {
        sb_adds(b, "::");
        print_type(p, e->type, e->typmod);
    }
}

/* get_coercion_expr */
static void coercion_expr(struct pctx *p, const struct cat_expr *arg, const struct cat_type *t,
                          int32_t typmod)
{
    if (arg && arg->kind == EX_CONST && arg->type == t && arg->typmod == -1) {
        const_expr(p, arg, -1);
    } else {
        sb_addc(p->buf, '(');
        rule_expr(p, arg, false);
        sb_addc(p->buf, ')');
    }
    sb_adds(p->buf, "::");
    print_type(p, t, typmod);
}

static void func_name(struct pctx *p, const struct cat_expr *e)
{
    if (e->ufunc) {
        ex_add_ident(p->buf, e->ufunc->schema->name);
        sb_addc(p->buf, '.');
        ex_add_ident(p->buf, e->ufunc->name);
    } else {
        ex_add_ident(p->buf, e->name ? e->name : "?");
    }
}

static void oper_name(struct pctx *p, const struct cat_expr *e)
{
    if (e->opschema) {
        sb_adds(p->buf, "OPERATOR(");
        ex_add_ident(p->buf, e->opschema);
        sb_printf(p->buf, ".%s)", e->name);
    } else {
        sb_adds(p->buf, e->name);
    }
}

static bool sql_syntax(struct pctx *p, const struct cat_expr *e)
{
    const char *n = e->name;
    struct strbuf *b = p->buf;
    struct cat_expr *const *a = e->args;
    if (strcmp(n, "extract") == 0 && e->nargs == 2 && a[0]->kind == EX_CONST && a[0]->value) {
        sb_printf(b, "EXTRACT(%s FROM ", a[0]->value);
        rule_expr(p, a[1], false);
        sb_addc(b, ')');
        return true;
    }
    if (strcmp(n, "timezone") == 0 && e->nargs == 2) {
        sb_addc(b, '(');
        rule_expr(p, a[1], false);
        sb_adds(b, " AT TIME ZONE ");
        rule_expr(p, a[0], false);
        sb_addc(b, ')');
        return true;
    }
    if (strcmp(n, "position") == 0 && e->nargs == 2) {
        sb_adds(b, "POSITION((");
        rule_expr(p, a[1], false);
        sb_adds(b, ") IN (");
        rule_expr(p, a[0], false);
        sb_adds(b, "))");
        return true;
    }
    if (strcmp(n, "substring") == 0 && (e->nargs == 2 || e->nargs == 3)) {
        sb_adds(b, "SUBSTRING(");
        rule_expr(p, a[0], false);
        sb_adds(b, " FROM ");
        rule_expr(p, a[1], false);
        if (e->nargs == 3) {
            sb_adds(b, " FOR ");
            rule_expr(p, a[2], false);
        }
        sb_addc(b, ')');
        return true;
    }
    if (strcmp(n, "overlay") == 0 && (e->nargs == 3 || e->nargs == 4)) {
        sb_adds(b, "OVERLAY(");
        rule_expr(p, a[0], false);
        sb_adds(b, " PLACING ");
        rule_expr(p, a[1], false);
        sb_adds(b, " FROM ");
        rule_expr(p, a[2], false);
        if (e->nargs == 4) {
            sb_adds(b, " FOR ");
            rule_expr(p, a[3], false);
        }
        sb_addc(b, ')');
        return true;
    }
    if ((strcmp(n, "btrim") == 0 || strcmp(n, "ltrim") == 0 || strcmp(n, "rtrim") == 0) &&
        (e->nargs == 1 || e->nargs == 2)) {
        sb_adds(b, n[0] == 'b' ? "TRIM(BOTH" : n[0] == 'l' ? "TRIM(LEADING" : "TRIM(TRAILING");
        if (e->nargs == 2) {
            sb_addc(b, ' ');
            rule_expr(p, a[1], false);
        }
        sb_adds(b, " FROM ");
        rule_expr(p, a[0], false);
        sb_addc(b, ')');
        return true;
    }
    if (strcmp(n, "pg_collation_for") == 0 && e->nargs == 1) {
        sb_adds(b, "COLLATION FOR (");
        rule_expr(p, a[0], false);
        sb_addc(b, ')');
        return true;
    }
    return false;
}

static void func_expr(struct pctx *p, const struct cat_expr *e, bool showimplicit)
{
    if (e->arg && (e->format == EXF_IMPLICIT_CAST || e->format == EXF_EXPLICIT_CAST ||
                   e->format == EXF_EXPLICIT_CALL)) {
        /* a cast (or length coercion): one argument in e->arg */
        if (e->format == EXF_IMPLICIT_CAST && !showimplicit) {
            rule_expr(p, e->arg, false);
            return;
        }
        if (e->format == EXF_EXPLICIT_CALL) {
            /* function-style cast: printed as a call of the cast function */
            func_name(p, e);
            sb_addc(p->buf, '(');
            rule_expr(p, e->arg, true);
            sb_addc(p->buf, ')');
            return;
        }
        coercion_expr(p, e->arg, e->type, e->sub ? e->typmod : -1);
        return;
    }
    if (e->format == EXF_SQL_SYNTAX && sql_syntax(p, e))
        return;
    func_name(p, e);
    sb_addc(p->buf, '(');
    if (e->kind == EX_AGG && e->flag && e->nargs == 0) {
        sb_addc(p->buf, '*');
    }
    for (uint32_t i = 0; i < e->nargs; i++) {
        if (i)
            sb_adds(p->buf, ", ");
        if (e->kind == EX_FUNC && e->flag && i == e->nargs - 1)
            sb_adds(p->buf, "VARIADIC ");
        rule_expr(p, e->args[i], true);
    }
    sb_addc(p->buf, ')');
}

static void case_expr(struct pctx *p, const struct cat_expr *e)
{
    context_keyword(p, "CASE", 0, 4, 0);
    if (e->arg) {
        sb_addc(p->buf, ' ');
        rule_expr(p, e->arg, true);
    }
    for (uint32_t i = 0; i + 1 < e->nargs; i += 2) {
        const struct cat_expr *w = e->args[i];
        if (e->arg && w->kind == EX_OP && w->nargs == 2) {
            const struct cat_expr *l = ex_strip_implicit(w->args[0]);
            if (l && l->kind == EX_CASETEST)
                w = w->args[1];
        }
        context_keyword(p, "WHEN ", 0, 0, 0);
        rule_expr(p, w, false);
        sb_adds(p->buf, " THEN ");
        rule_expr(p, e->args[i + 1], true);
    }
    context_keyword(p, "ELSE ", 0, 0, 0);
    rule_expr(p, e->def, true);
    context_keyword(p, "END", -4, 0, 0);
}

static void list_exprs(struct pctx *p, struct cat_expr *const *a, uint32_t n, bool showimplicit)
{
    for (uint32_t i = 0; i < n; i++) {
        if (i)
            sb_adds(p->buf, ", ");
        rule_expr(p, a[i], showimplicit);
    }
}

/* ---- sub-queries (get_sublink_expr, get_query_def with PRETTYFLAG_INDENT) ---- */

static const char *default_refname(const struct ex_rte *r)
{
    if (!r)
        return NULL;
    if (r->has_alias || !r->rel)
        return r->has_alias ? r->alias : NULL;
    return r->rel->name;
}

static const char *rte_refname(struct pctx *p, const struct ex_rte *r)
{
    for (struct pframe *f = p->frames; f; f = f->up)
        for (uint32_t i = 0; i < f->n; i++)
            if (f->rtes[i] == r)
                return f->names[i];
    return default_refname(r);
}

static bool name_taken(const struct pframe *f, uint32_t upto, const char *name)
{
    for (; f; f = f->up, upto = UINT32_MAX)
        for (uint32_t i = 0; i < f->n && i < upto; i++)
            if (f->names[i] && strcmp(f->names[i], name) == 0)
                return true;
    return false;
}

/* set_rtable_names: the entries' names, unique against the enclosing levels */
static void frame_init(struct pframe *f, struct ex_rte *const *rtes, uint32_t n, struct pframe *up,
                       bool unique)
{
    f->rtes = rtes;
    f->n = n;
    f->up = up;
    f->names = calloc(n + 1, sizeof *f->names);
    for (uint32_t i = 0; i < n; i++) {
        const char *base = default_refname(rtes[i]);
        if (!base)
            continue;
        if (!unique || !name_taken(f, i, base)) {
            f->names[i] = strdup(base);
            continue;
        }
        size_t len = strlen(base);
        char *buf = malloc(len + 16);
        for (int k = 1;; k++) {
            snprintf(buf, len + 16, "%s_%d", base, k);
            if (!name_taken(f, i, buf))
                break;
        }
        f->names[i] = buf;
    }
}

static void frame_free(struct pframe *f)
{
    for (uint32_t i = 0; i < f->n; i++)
        free(f->names[i]);
    free(f->names);
}

static void print_relation(struct pctx *p, const struct cat_rel *r)
{
    ex_add_ident(p->buf, r->schema->name);
    sb_addc(p->buf, '.');
    ex_add_ident(p->buf, r->name);
}

static void from_item(struct pctx *p, const struct ex_rte *r)
{
    struct strbuf *b = p->buf;
    if (!r->is_join) {
        print_relation(p, r->rel);
        const char *ref = rte_refname(p, r);
        if (ref && (r->has_alias || strcmp(ref, r->rel->name) != 0)) {
            sb_addc(b, ' ');
            ex_add_ident(b, ref);
        }
        return;
    }
    sb_addc(b, '(');
    from_item(p, r->larg);
    const char *kw = r->jointype == 2   ? " LEFT JOIN "
                     : r->jointype == 3 ? " FULL JOIN "
                     : r->jointype == 4 ? " RIGHT JOIN "
                     : r->quals         ? " JOIN "
                                        : " CROSS JOIN ";
    context_keyword(p, kw, -8, 8, 4);
    from_item(p, r->rarg);
    if (r->quals) {
        sb_adds(b, " ON (");
        rule_expr(p, r->quals, false);
        sb_addc(b, ')');
    } else if (r->jointype != 1) {
        sb_adds(b, " ON TRUE");
    }
    sb_addc(b, ')');
}

/* Renders into a scratch buffer (to decide about line wrapping as ruleutils does). */
static void wrapped_item(struct pctx *p, void (*fn)(struct pctx *, const void *), const void *arg)
{
    struct strbuf *out = p->buf;
    struct strbuf item = STRBUF_INIT;
    p->buf = &item;
    fn(p, arg);
    p->buf = out;
    if (item.len > 0 && item.buf[0] == '\n') {
        while (out->len > 0 && out->buf[out->len - 1] == ' ')
            out->buf[--out->len] = 0;
    } else {
        context_keyword(p, "", -8, 8, 4); /* wrapColumn 0: every further item on a new line */
    }
    if (item.buf)
        sb_add(out, item.buf, item.len);
    sb_release(&item);
}

struct target_arg {
    const struct cat_expr *e;
    const char *resname;
};

static void target_item(struct pctx *p, const void *arg)
{
    const struct target_arg *t = arg;
    rule_expr(p, t->e, true);
    const char *attname = "?column?";
    if (t->e->kind == EX_VAR) {
        /* the column's printed name */
        const char *name = t->e->colname;
        const struct cat_rel *rel = t->e->rel;
        if (!rel && t->e->rte && t->e->rte->rel && !t->e->rte->is_join)
            rel = t->e->rte->rel;
        if (rel && t->e->attnum > 0 && (uint32_t)t->e->attnum <= rel->columns.n)
            name = ((struct cat_column *)rel->columns.items[t->e->attnum - 1])->name;
        attname = name;
    }
    if (t->resname && (!attname || strcmp(attname, t->resname) != 0)) {
        sb_adds(p->buf, " AS ");
        ex_add_ident(p->buf, t->resname);
    }
}

static void from_wrapped(struct pctx *p, const void *arg)
{
    from_item(p, arg);
}

/* get_rule_sortgroupclause */
static void sortgroup_item(struct pctx *p, const struct cat_expr *e)
{
    if (e->kind == EX_CONST) {
        p->failed = true; /* printed with a forced cast by PostgreSQL */
        rule_expr(p, e, true);
    } else if (e->kind == EX_VAR) {
        rule_expr(p, e, true);
    } else {
        bool paren = e->kind == EX_FUNC || e->kind == EX_AGG;
        if (paren)
            sb_addc(p->buf, '(');
        rule_expr(p, e, true);
        if (paren)
            sb_addc(p->buf, ')');
    }
}

static void query_def(struct pctx *p, const struct ex_subquery *q)
{
    struct strbuf *b = p->buf;
    int save = p->indent;
    p->indent += 8;
    sb_addc(b, ' ');
    sb_adds(b, "SELECT");
    if (q->distinct)
        sb_adds(b, " DISTINCT");
    for (uint32_t i = 0; i < q->ntargets; i++) {
        struct target_arg t = {q->targets[i], q->resnames[i]};
        if (i == 0) {
            sb_addc(b, ' ');
            target_item(p, &t);
        } else {
            sb_adds(b, ", ");
            wrapped_item(p, target_item, &t);
        }
    }
    for (uint32_t i = 0; i < q->nfrom; i++) {
        if (i == 0) {
            context_keyword(p, " FROM ", -8, 8, 2);
            from_item(p, q->from[i]);
        } else {
            sb_adds(b, ", ");
            wrapped_item(p, from_wrapped, q->from[i]);
        }
    }
    if (q->where) {
        context_keyword(p, " WHERE ", -8, 8, 1);
        rule_expr(p, q->where, false);
    }
    if (q->ngroup) {
        context_keyword(p, " GROUP BY ", -8, 8, 1);
        for (uint32_t i = 0; i < q->ngroup; i++) {
            if (i)
                sb_adds(b, ", ");
            sortgroup_item(p, q->group[i]);
        }
    }
    if (q->having) {
        context_keyword(p, " HAVING ", -8, 8, 0);
        rule_expr(p, q->having, false);
    }
    if (q->nsort) {
        context_keyword(p, " ORDER BY ", -8, 8, 1);
        for (uint32_t i = 0; i < q->nsort; i++) {
            if (i)
                sb_adds(b, ", ");
            sortgroup_item(p, q->sort[i]);
            bool desc = q->sortflags[i] & 1, nf = (q->sortflags[i] & 2) != 0;
            if (desc)
                sb_adds(b, " DESC");
            if (!desc && nf)
                sb_adds(b, " NULLS FIRST");
            else if (desc && !nf)
                sb_adds(b, " NULLS LAST");
        }
    }
    if (q->offset) {
        context_keyword(p, " OFFSET ", -8, 8, 0);
        rule_expr(p, q->offset, false);
    }
    if (q->limit) {
        context_keyword(p, " LIMIT ", -8, 8, 0);
        const struct cat_expr *l = ex_strip_implicit((struct cat_expr *)q->limit);
        if (l && l->kind == EX_CONST && !l->value)
            sb_adds(b, "ALL");
        else
            rule_expr(p, q->limit, false);
    }
    p->indent = save;
}

static void sublink_expr(struct pctx *p, const struct cat_expr *e)
{
    struct strbuf *b = p->buf;
    const struct ex_subquery *q = e->query;
    if (!q || (e->sub == EXS_ANY || e->sub == EXS_ALL ? e->nargs != 1 : false)) {
        sb_adds(b, "(SELECT ...)");
        p->failed = true;
        return;
    }
    size_t start = b->len;
    bool failed = p->failed;
    p->failed = false;
    sb_adds(b, e->sub == EXS_ARRAY ? "ARRAY(" : "(");
    if (e->sub == EXS_ANY || e->sub == EXS_ALL)
        rule_expr(p, e->args[0], true);
    bool paren = true;
    switch (e->sub) {
    case EXS_EXISTS:
        sb_adds(b, "EXISTS ");
        break;
    case EXS_ANY:
        if (!e->opschema && strcmp(e->name, "=") == 0) {
            sb_adds(b, " IN ");
            break;
        }
        /* fall through */
    case EXS_ALL:
        sb_addc(b, ' ');
        oper_name(p, e);
        sb_adds(b, e->sub == EXS_ANY ? " ANY " : " ALL ");
        break;
    default:
        paren = false;
        break;
    }
    if (paren)
        sb_addc(b, '(');
    /* the outermost level: the expression's own relation */
    struct pframe top, self;
    bool pushed_top = false;
    if (!p->frames && q->nouter) {
        frame_init(&top, q->outer, q->nouter, NULL, false);
        p->frames = &top;
        pushed_top = true;
    }
    frame_init(&self, q->rtable, q->nrtable, p->frames, true);
    p->frames = &self;
    query_def(p, q);
    p->frames = self.up;
    frame_free(&self);
    if (pushed_top) {
        p->frames = NULL;
        frame_free(&top);
    }
    sb_adds(b, paren ? "))" : ")");
    if (p->failed) {
        /* something not covered: the short form */
        b->len = start;
        b->buf[start] = 0;
        sb_adds(b, "(SELECT ...)");
    }
    p->failed = failed || p->failed;
}

static void rule_expr(struct pctx *p, const struct cat_expr *e, bool showimplicit)
{
    struct strbuf *b = p->buf;
    if (!e) {
        sb_adds(b, "NULL");
        return;
    }
    switch (e->kind) {
    case EX_CONST:
        const_expr(p, e, 0);
        return;
    case EX_VAR: {
        const char *name = e->colname;
        if (e->flag) {
            /* a whole-row Var: ruleutils prints "refname.*" (with a cast to
             * the row type at the top of a SELECT list, which only view
             * bodies have, and those are not printed) */
            const char *ref = p->frames ? rte_refname(p, e->rte) : NULL;
            if (!ref && e->rel)
                ref = e->rel->name;
            if (!ref)
                p->failed = true;
            ex_add_ident(b, ref ? ref : "?");
            sb_adds(b, ".*");
            return;
        }
        if (e->value) {
            ex_add_ident(b, e->value);
            sb_addc(b, '.');
        } else if (p->frames) {
            const char *ref = rte_refname(p, e->rte);
            if (ref) {
                ex_add_ident(b, ref);
                sb_addc(b, '.');
            } else {
                p->failed = true;
            }
        }
        const struct cat_rel *rel = e->rel;
        if (!rel && e->rte && e->rte->rel && !e->rte->is_join)
            rel = e->rte->rel;
        if (rel && e->attnum > 0 && (uint32_t)e->attnum <= rel->columns.n) {
            struct cat_column *col = rel->columns.items[e->attnum - 1];
            name = col->name;
        }
        ex_add_ident(b, name ? name : "?column?");
        return;
    }
    case EX_DOMAINVALUE:
        sb_adds(b, "VALUE");
        return;
    case EX_CASETEST:
        sb_adds(b, "CASE_TEST_EXPR");
        return;
    case EX_FUNC:
    case EX_AGG:
        if (e->sub)
            p->failed = true;
        func_expr(p, e, showimplicit);
        return;
    case EX_OP:
        sb_addc(b, '(');
        if (e->nargs == 2) {
            rule_expr(p, e->args[0], true);
            sb_addc(b, ' ');
            oper_name(p, e);
            sb_addc(b, ' ');
            rule_expr(p, e->args[1], true);
        } else {
            oper_name(p, e);
            sb_addc(b, ' ');
            rule_expr(p, e->args[0], true);
        }
        sb_addc(b, ')');
        return;
    case EX_DISTINCT:
        sb_addc(b, '(');
        rule_expr(p, e->args[0], true);
        sb_adds(b, " IS DISTINCT FROM ");
        rule_expr(p, e->args[1], true);
        sb_addc(b, ')');
        return;
    case EX_NULLIF:
        sb_adds(b, "NULLIF(");
        list_exprs(p, e->args, e->nargs, true);
        sb_addc(b, ')');
        return;
    case EX_SAOP:
        sb_addc(b, '(');
        rule_expr(p, e->args[0], true);
        sb_addc(b, ' ');
        oper_name(p, e);
        sb_adds(b, e->flag ? " ANY (" : " ALL (");
        rule_expr(p, e->args[1], true);
        sb_adds(b, "))");
        return;
    case EX_BOOL:
        if (e->sub == 3) {
            sb_adds(b, "(NOT ");
            rule_expr(p, e->args[0], false);
            sb_addc(b, ')');
            return;
        }
        sb_addc(b, '(');
        for (uint32_t i = 0; i < e->nargs; i++) {
            if (i)
                sb_adds(b, e->sub == 1 ? " AND " : " OR ");
            rule_expr(p, e->args[i], false);
        }
        sb_addc(b, ')');
        return;
    case EX_NULLTEST:
        sb_addc(b, '(');
        rule_expr(p, e->arg, true);
        sb_adds(b, e->sub ? " IS NOT NULL)" : " IS NULL)");
        return;
    case EX_BOOLTEST: {
        static const char *const t[] = {" IS TRUE)",      " IS NOT TRUE)", " IS FALSE)",
                                        " IS NOT FALSE)", " IS UNKNOWN)",  " IS NOT UNKNOWN)"};
        sb_addc(b, '(');
        rule_expr(p, e->arg, false);
        sb_adds(b, t[e->sub < 6 ? e->sub : 0]);
        return;
    }
    case EX_RELABEL:
    case EX_IOCOERCE:
    case EX_ARRAYCOERCE:
    case EX_DOMAINCOERCE:
        if (e->format == EXF_IMPLICIT_CAST && !showimplicit) {
            rule_expr(p, e->arg, false);
            return;
        }
        coercion_expr(p, e->arg, e->type, e->typmod);
        return;
    case EX_ARRAY:
        sb_adds(b, "ARRAY[");
        list_exprs(p, e->args, e->nargs, true);
        sb_addc(b, ']');
        if (e->nargs == 0) {
            sb_adds(b, "::");
            print_type(p, e->type, -1);
        }
        return;
    case EX_ROW:
        sb_adds(b, "ROW(");
        list_exprs(p, e->args, e->nargs, true);
        sb_addc(b, ')');
        return;
    case EX_CASE:
        case_expr(p, e);
        return;
    case EX_COALESCE:
        sb_adds(b, "COALESCE(");
        list_exprs(p, e->args, e->nargs, true);
        sb_addc(b, ')');
        return;
    case EX_MINMAX:
        sb_adds(b, e->sub ? "LEAST(" : "GREATEST(");
        list_exprs(p, e->args, e->nargs, true);
        sb_addc(b, ')');
        return;
    case EX_SQLVALUE:
        sb_adds(b, e->value);
        if (e->typmod >= 0)
            sb_printf(b, "(%d)", e->typmod);
        return;
    case EX_COLLATE:
        sb_addc(b, '(');
        rule_expr(p, e->arg, showimplicit);
        sb_adds(b, " COLLATE ");
        {
            const char *c = e->collation;
            const char *dot = strchr(c, '.');
            if (dot && strncmp(c, "pg_catalog.", 11) != 0) {
                char *sch = strndup(c, (size_t)(dot - c));
                ex_add_ident(b, sch);
                free(sch);
                sb_addc(b, '.');
                ex_add_ident(b, dot + 1);
            } else {
                ex_add_ident(b, dot ? dot + 1 : c);
            }
        }
        sb_addc(b, ')');
        return;
    case EX_SUBSCRIPT: {
        const struct cat_expr *base = e->args[0];
        bool parens = base->kind != EX_VAR && base->kind != EX_FIELD;
        if (parens)
            sb_addc(b, '(');
        rule_expr(p, base, showimplicit);
        if (parens)
            sb_addc(b, ')');
        sb_addc(b, '[');
        if (e->sub) {
            if (e->args[1])
                rule_expr(p, e->args[1], false);
            sb_addc(b, ':');
            if (e->args[2])
                rule_expr(p, e->args[2], false);
        } else {
            rule_expr(p, e->args[1], false);
        }
        sb_addc(b, ']');
        return;
    }
    case EX_FIELD: {
        bool parens = e->arg->kind != EX_SUBSCRIPT && e->arg->kind != EX_FIELD;
        if (parens)
            sb_addc(b, '(');
        rule_expr(p, e->arg, true);
        if (parens)
            sb_addc(b, ')');
        sb_addc(b, '.');
        ex_add_ident(b, e->value);
        return;
    }
    case EX_SUBLINK:
        sublink_expr(p, e);
        return;
    case EX_RAW:
    default:
        sb_adds(b, e->value ? e->value : "?");
        return;
    }
}

void ex_print(const struct catalog *c, const struct cat_expr *e, struct strbuf *out)
{
    struct strbuf local = STRBUF_INIT;
    struct pctx p = {c, &local, 0, NULL, false};
    rule_expr(&p, e, false);
    if (local.buf)
        sb_add(out, local.buf, local.len);
    sb_release(&local);
}

char *ex_text(const struct catalog *c, struct arena *a, const struct cat_expr *e)
{
    struct strbuf sb = STRBUF_INIT;
    ex_print(c, e, &sb);
    char *r = arena_strdup(a, sb.buf ? sb.buf : "");
    sb_release(&sb);
    return r;
}

const char *catalog_expr_text(const struct catalog *c, const struct cat_expr *e)
{
    return ex_text(c, c->arena, e);
}
