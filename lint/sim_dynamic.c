/*
 * sim_dynamic.c - calls of "DDL template" functions: a PL/pgSQL function of
 * the chain whose whole body is one or more `EXECUTE <string expression>;`
 * built from literals and the function's parameters with format(), ||,
 * quote_ident(), quote_literal() and concat(). Frameworks ship such helpers
 * and migrations call them with constant arguments, for instance diesel's
 * initial migration:
 *
 *     CREATE FUNCTION diesel_manage_updated_at(_tbl regclass) RETURNS VOID AS $$
 *     BEGIN
 *         EXECUTE format('CREATE TRIGGER set_updated_at BEFORE UPDATE ON %s
 *                         FOR EACH ROW EXECUTE PROCEDURE diesel_set_updated_at()', _tbl);
 *     END;
 *     $$ LANGUAGE plpgsql;
 *     SELECT diesel_manage_updated_at('users');
 *
 * The string is computed as PostgreSQL would (format() and regclass output
 * included), parsed with libpg_query and simulated as part of the calling
 * statement, so the trigger exists in the simulated schema as it does in the
 * real one. Any other body (DECLARE, IF, loops, PERFORM, a non-constant
 * argument) is left alone: the call stays "not simulated" for its writes.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "lint/arena.h"
#include "lint/sim_internal.h"
#include "lint/sqlscan.h"
#include "lint/strbuf.h"

/* Nested template calls (a generated statement calling a template again). */
#define MAX_DEPTH 8

struct tmpl_args {
    const struct cat_func *f;
    const char **values; /* text of each argument, as the function sees it */
};

/* ---- the body: EXECUTE <expr>; ... ---- */

struct semis {
    struct arena *a;
    uint32_t *off;
    uint32_t n, cap;
};

static void on_semi(void *ctx, enum sqlscan_event ev, uint32_t off, uint32_t len)
{
    (void)len;
    struct semis *s = ctx;
    if (ev != SQLSCAN_SEMI)
        return;
    if (s->n == s->cap) {
        uint32_t cap = s->cap ? s->cap * 2 : 8;
        uint32_t *n = arena_alloc(s->a, cap * sizeof *n);
        if (s->n)
            memcpy(n, s->off, s->n * sizeof *n);
        s->off = n;
        s->cap = cap;
    }
    s->off[s->n++] = off;
}

static const char *skip_ws(const char *p, const char *end)
{
    for (;;) {
        while (p < end && isspace((unsigned char)*p))
            p++;
        if (end - p >= 2 && p[0] == '-' && p[1] == '-') {
            while (p < end && *p != '\n')
                p++;
            continue;
        }
        return p;
    }
}

/* Whether [p, end) starts with keyword kw followed by a non-identifier byte. */
static bool keyword(const char *p, const char *end, const char *kw)
{
    size_t n = strlen(kw);
    return (size_t)(end - p) >= n && strncasecmp(p, kw, n) == 0 &&
           ((size_t)(end - p) == n || !(isalnum((unsigned char)p[n]) || p[n] == '_'));
}

/* Whether [p, stop) is `END [label]`. */
static bool is_end(const char *p, const char *stop)
{
    p = skip_ws(p, stop);
    if (!keyword(p, stop, "END"))
        return false;
    p = skip_ws(p + 3, stop);
    while (p < stop && (isalnum((unsigned char)*p) || *p == '_'))
        p++;
    return skip_ws(p, stop) == stop;
}

/* The expressions of the body's EXECUTE statements, or 0 when the body is
 * anything else: [<<label>>] BEGIN EXECUTE expr; ... END [label] [;] */
static uint32_t execute_exprs(struct arena *a, const char *body, const char ***out)
{
    const char *end = body + strlen(body);
    const char *p = skip_ws(body, end);
    if (end - p >= 2 && p[0] == '<' && p[1] == '<') {
        const char *close = strstr(p, ">>");
        if (!close)
            return 0;
        p = skip_ws(close + 2, end);
    }
    if (!keyword(p, end, "BEGIN"))
        return 0;
    p += 5;
    struct semis sc = {.a = a};
    sqlscan(p, (uint32_t)(end - p), on_semi, &sc);
    const char **exprs = arena_alloc(a, (sc.n + 1) * sizeof *exprs);
    uint32_t n = 0;
    const char *q = p;
    for (uint32_t i = 0; i <= sc.n; i++) {
        const char *stop = i < sc.n ? p + sc.off[i] : end;
        if (is_end(q, stop)) {
            /* the last statement: nothing but blanks may follow */
            const char *rest = i < sc.n ? skip_ws(stop + 1, end) : end;
            if (rest != end || n == 0)
                return 0;
            *out = exprs;
            return n;
        }
        const char *t = skip_ws(q, stop);
        if (i == sc.n || !keyword(t, stop, "EXECUTE"))
            return 0;
        /* (EXECUTE ... INTO / USING fail to evaluate below) */
        exprs[n++] = arena_strndup(a, t + 7, (size_t)(stop - t - 7));
        q = stop + 1;
    }
    return 0;
}

/* ---- evaluating the string expression ---- */

static const char *eval(struct sim *s, const struct tmpl_args *ta, PgQuery__Node *n);

static const char *param_value(const struct tmpl_args *ta, const char *name)
{
    for (uint32_t i = 0; i < ta->f->nargs; i++)
        if (ta->f->args[i].name && strcmp(ta->f->args[i].name, name) == 0)
            return ta->values[i];
    return NULL;
}

/* quote_literal(): E'' when the text has a backslash, as PostgreSQL does. */
static const char *quote_literal(struct arena *a, const char *v)
{
    struct strbuf b = STRBUF_INIT;
    if (strchr(v, '\\'))
        sb_addc(&b, 'E');
    sb_addc(&b, '\'');
    for (; *v; v++) {
        if (*v == '\'' || *v == '\\')
            sb_addc(&b, *v);
        sb_addc(&b, *v);
    }
    sb_addc(&b, '\'');
    const char *r = arena_strdup(a, b.buf);
    sb_release(&b);
    return r;
}

/* format(): %s, %I, %L, %%, with n$ positions; no widths. */
static const char *eval_format(struct sim *s, const char *fmt, const char **args, uint32_t nargs)
{
    struct strbuf b = STRBUF_INIT;
    uint32_t next = 0;
    const char *res = NULL;
    for (const char *p = fmt; *p; p++) {
        if (*p != '%') {
            sb_addc(&b, *p);
            continue;
        }
        p++;
        if (*p == '%') {
            sb_addc(&b, '%');
            continue;
        }
        uint32_t argi = next;
        if (isdigit((unsigned char)*p)) {
            uint32_t v = 0;
            while (isdigit((unsigned char)*p))
                v = v * 10 + (uint32_t)(*p++ - '0');
            if (*p != '$' || v == 0)
                goto out;
            p++;
            argi = v - 1;
        }
        if (argi >= nargs || !args[argi])
            goto out; /* too few arguments, or NULL (%I of NULL is an error) */
        next = argi + 1;
        if (*p == 's')
            sb_adds(&b, args[argi]);
        else if (*p == 'I')
            sb_adds(&b, catalog_quote_ident(s->arena, args[argi]));
        else if (*p == 'L')
            sb_adds(&b, quote_literal(s->arena, args[argi]));
        else
            goto out;
    }
    res = arena_strdup(s->arena, b.buf ? b.buf : "");
out:
    sb_release(&b);
    return res;
}

static const char *eval_func(struct sim *s, const struct tmpl_args *ta, PgQuery__FuncCall *fc)
{
    const char *schema = NULL, *name = NULL;
    sim_split_name(fc->funcname, fc->n_funcname, &schema, &name);
    if (!name || (schema && strcmp(schema, "pg_catalog") != 0) || fc->agg_star ||
        fc->func_variadic || fc->n_agg_order || fc->agg_filter || fc->over)
        return NULL;
    const char **args = arena_alloc(s->arena, (fc->n_args + 1) * sizeof *args);
    for (size_t i = 0; i < fc->n_args; i++)
        if (!(args[i] = eval(s, ta, fc->args[i])))
            return NULL;
    if (strcmp(name, "format") == 0 && fc->n_args >= 1)
        return eval_format(s, args[0], args + 1, (uint32_t)fc->n_args - 1);
    if (strcmp(name, "quote_ident") == 0 && fc->n_args == 1)
        return catalog_quote_ident(s->arena, args[0]);
    if (strcmp(name, "quote_literal") == 0 && fc->n_args == 1)
        return quote_literal(s->arena, args[0]);
    if (strcmp(name, "concat") == 0) {
        struct strbuf b = STRBUF_INIT;
        for (size_t i = 0; i < fc->n_args; i++)
            sb_adds(&b, args[i]);
        const char *r = arena_strdup(s->arena, b.buf ? b.buf : "");
        sb_release(&b);
        return r;
    }
    return NULL;
}

/* The text value of a string expression, or NULL when it is not one this
 * file can compute (the call is then not expanded). */
static const char *eval(struct sim *s, const struct tmpl_args *ta, PgQuery__Node *n)
{
    switch (n->node_case) {
    case PG_QUERY__NODE__NODE_A_CONST:
        return n->a_const->val_case == PG_QUERY__A__CONST__VAL_SVAL ? n->a_const->sval->sval : NULL;
    case PG_QUERY__NODE__NODE_COLUMN_REF:
        if (n->column_ref->n_fields == 1 &&
            n->column_ref->fields[0]->node_case == PG_QUERY__NODE__NODE_STRING)
            return param_value(ta, n->column_ref->fields[0]->string->sval);
        return NULL;
    case PG_QUERY__NODE__NODE_PARAM_REF: {
        int32_t k = n->param_ref->number;
        return k >= 1 && (uint32_t)k <= ta->f->nargs ? ta->values[k - 1] : NULL;
    }
    case PG_QUERY__NODE__NODE_TYPE_CAST: {
        /* ::text / ::varchar keep the text; other casts would change it */
        PgQuery__TypeName *t = n->type_cast->type_name;
        const char *tn = t && t->n_names ? sim_strval(t->names[t->n_names - 1]) : NULL;
        if (!tn || t->n_array_bounds ||
            (strcmp(tn, "text") != 0 && strcmp(tn, "varchar") != 0))
            return NULL;
        return eval(s, ta, n->type_cast->arg);
    }
    case PG_QUERY__NODE__NODE_A_EXPR: {
        PgQuery__AExpr *e = n->a_expr;
        if (e->kind != PG_QUERY__A__EXPR__KIND__AEXPR_OP || e->n_name != 1 || !e->lexpr ||
            !e->rexpr || strcmp(sim_strval(e->name[0]) ? sim_strval(e->name[0]) : "", "||") != 0)
            return NULL;
        const char *l = eval(s, ta, e->lexpr), *r = eval(s, ta, e->rexpr);
        return l && r ? arena_printf(s->arena, "%s%s", l, r) : NULL;
    }
    case PG_QUERY__NODE__NODE_FUNC_CALL:
        return eval_func(s, ta, n->func_call);
    default:
        return NULL;
    }
}

/* The raw expression tree of `SELECT <text>`, or NULL. */
static PgQuery__Node *parse_expr(struct sim *s, const char *text)
{
    char *sql = arena_printf(s->arena, "SELECT %s", text);
    PgQueryProtobufParseResult pr = pg_query_parse_protobuf(sql);
    PgQuery__Node *out = NULL;
    if (!pr.error) {
        PgQuery__ParseResult *res =
            pg_query__parse_result__unpack(arena_protobuf_allocator(s->arena), pr.parse_tree.len,
                                           (const uint8_t *)pr.parse_tree.data);
        if (res && res->n_stmts == 1 && res->stmts[0]->stmt &&
            res->stmts[0]->stmt->node_case == PG_QUERY__NODE__NODE_SELECT_STMT) {
            PgQuery__SelectStmt *sel = res->stmts[0]->stmt->select_stmt;
            if (sel->n_target_list == 1 && !sel->n_from_clause && !sel->where_clause &&
                sel->target_list[0]->node_case == PG_QUERY__NODE__NODE_RES_TARGET)
                out = sel->target_list[0]->res_target->val;
        }
    }
    pg_query_free_protobuf_parse_result(pr);
    return out;
}

/* ---- the call ---- */

/* The argument as the function receives it: its type's output text.
 * regclass prints the relation's name, qualified only when the search path
 * would not find it (regclassout). */
static const char *arg_text(struct sim *s, const struct cat_expr *e)
{
    while (e && (e->kind == EX_RELABEL) && e->arg)
        e = e->arg;
    if (!e || e->kind != EX_CONST || !e->value)
        return NULL;
    if (e->regclass) {
        const struct cat_rel *r = e->regclass;
        if (catalog_find_rel(s->cat, NULL, r->name) == r)
            return catalog_quote_ident(s->arena, r->name);
        return arena_printf(s->arena, "%s.%s", catalog_quote_ident(s->arena, r->schema->name),
                            catalog_quote_ident(s->arena, r->name));
    }
    return e->value;
}

/* The statements one call of a template function executes, or 0 when the
 * function is not a template or an argument is not a constant. */
static uint32_t call_sql(struct sim *s, const struct cat_expr *call, const char ***out)
{
    if (!call || call->kind != EX_FUNC || !call->ufunc)
        return 0;
    const struct cat_func *f = call->ufunc;
    if (!f->language || strcmp(f->language, "plpgsql") != 0 || !f->body || f->config ||
        call->nargs != f->nargs)
        return 0;
    const char **exprs = NULL;
    uint32_t nexprs = execute_exprs(s->arena, f->body, &exprs);
    if (!nexprs)
        return 0;
    struct tmpl_args ta = {f, arena_alloc(s->arena, (f->nargs + 1) * sizeof(char *))};
    for (uint32_t i = 0; i < f->nargs; i++)
        if (!(ta.values[i] = arg_text(s, call->args[i])))
            return 0;
    const char **sql = arena_alloc(s->arena, nexprs * sizeof *sql);
    for (uint32_t i = 0; i < nexprs; i++) {
        PgQuery__Node *e = parse_expr(s, exprs[i]);
        if (!e || !(sql[i] = eval(s, &ta, e)))
            return 0;
    }
    *out = sql;
    return nexprs;
}

/* Parses and simulates SQL a function executes, within the calling
 * statement's effect. */
static int run_sql(struct sim *s, const char *sql)
{
    PgQueryProtobufParseResult pr = pg_query_parse_protobuf(sql);
    if (pr.error) {
        int rc = sim_error(s, -1, "42601", "%s (in the SQL a function executes: %s)",
                           pr.error->message, sql);
        pg_query_free_protobuf_parse_result(pr);
        return rc;
    }
    PgQuery__ParseResult *res =
        pg_query__parse_result__unpack(arena_protobuf_allocator(s->arena), pr.parse_tree.len,
                                       (const uint8_t *)pr.parse_tree.data);
    pg_query_free_protobuf_parse_result(pr);
    if (!res)
        return sim_error(s, -1, "XX000", "cannot read the SQL a function executes");
    for (size_t i = 0; i < res->n_stmts; i++) {
        PgQuery__Node *n = res->stmts[i]->stmt;
        if (!n)
            continue;
        int rc = sim_dispatch(s, n);
        if (s->eff->sqlstate)
            s->eff->err_off = 0; /* positions point into the generated text */
        if (rc != 0 || s->eff->sqlstate)
            return -1;
    }
    return 0;
}

int sim_dynamic_select(struct sim *s, const struct ex_subquery *q)
{
    if (!q || !q->ntargets || q->nfrom || q->where || q->ngroup || q->having)
        return 0;
    /* every target must be a template call, or nothing is expanded */
    const char ***sql = arena_alloc(s->arena, q->ntargets * sizeof *sql);
    uint32_t *n = arena_alloc(s->arena, q->ntargets * sizeof *n);
    for (uint32_t i = 0; i < q->ntargets; i++)
        if (!(n[i] = call_sql(s, q->targets[i], &sql[i])))
            return 0;
    if (s->dynamic_depth >= MAX_DEPTH)
        return sim_error(s, -1, "54001", "stack depth limit exceeded");
    s->dynamic_depth++;
    int rc = 1;
    for (uint32_t i = 0; i < q->ntargets && rc == 1; i++)
        for (uint32_t j = 0; j < n[i] && rc == 1; j++)
            if (run_sql(s, sql[i][j]) != 0)
                rc = -1;
    s->dynamic_depth--;
    return rc;
}
