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
 *
 * DO blocks made of plain SQL statements, with an optional EXCEPTION clause
 * whose handlers do nothing, are simulated too. That is the idiom migrations
 * use to make CREATE TYPE (which has no IF NOT EXISTS) idempotent, and drizzle
 * generates it for every enum:
 *
 *     DO $$ BEGIN
 *         CREATE TYPE status AS ENUM ('on', 'off');
 *     EXCEPTION WHEN duplicate_object THEN null;
 *     END $$;
 *
 * PL/pgSQL runs such a block in a subtransaction: an error whose SQLSTATE a
 * handler names undoes the block's statements and the DO succeeds; any other
 * error is the DO's. A block with any procedural statement stays opaque.
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

static bool ident_byte(char c)
{
    return isalnum((unsigned char)c) || c == '_';
}

/* Whether [p, end) starts with keyword kw followed by a non-identifier byte. */
static bool keyword(const char *p, const char *end, const char *kw)
{
    size_t n = strlen(kw);
    return (size_t)(end - p) >= n && strncasecmp(p, kw, n) == 0 &&
           ((size_t)(end - p) == n || !ident_byte(p[n]));
}

/* Past `[<<label>>] BEGIN` at the start of a PL/pgSQL body, or NULL. */
static const char *block_start(const char *body, const char *end)
{
    const char *p = skip_ws(body, end);
    if (end - p >= 2 && p[0] == '<' && p[1] == '<') {
        const char *close = strstr(p, ">>");
        if (!close)
            return NULL;
        p = skip_ws(close + 2, end);
    }
    if (!keyword(p, end, "BEGIN"))
        return NULL;
    return p + 5;
}

/* Whether [p, stop) is `END [label]`. */
static bool is_end(const char *p, const char *stop)
{
    p = skip_ws(p, stop);
    if (!keyword(p, stop, "END"))
        return false;
    p = skip_ws(p + 3, stop);
    while (p < stop && ident_byte(*p))
        p++;
    return skip_ws(p, stop) == stop;
}

/* The expressions of the body's EXECUTE statements, or 0 when the body is
 * anything else: [<<label>>] BEGIN EXECUTE expr; ... END [label] [;] */
static uint32_t execute_exprs(struct arena *a, const char *body, const char ***out)
{
    const char *end = body + strlen(body);
    const char *p = block_start(body, end);
    if (!p)
        return 0;
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
        if (!tn || t->n_array_bounds || (strcmp(tn, "text") != 0 && strcmp(tn, "varchar") != 0))
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
        PgQuery__Node *e = sim_parse_expr(s, exprs[i]);
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
    const char *err;
    int cursor;
    PgQuery__ParseResult *res = sim_parse(s, sql, &err, &cursor);
    if (!res && err)
        return sim_error(s, -1, "42601", "%s (in the SQL a function executes: %s)", err, sql);
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

/* ---- DO blocks of plain SQL ---- */

/* Condition names an EXCEPTION handler may use (PostgreSQL's plerrcodes.h)
 * that migrations are seen to catch, with their SQLSTATE. A code ending in
 * 000 is a class: it matches every code of the class. A name not listed
 * leaves the block opaque rather than guessing. */
static const struct {
    const char *name, *code;
} conditions[] = {
    {"check_violation", "23514"},
    {"data_exception", "22000"},
    {"datatype_mismatch", "42804"},
    {"dependent_objects_still_exist", "2BP01"},
    {"duplicate_alias", "42712"},
    {"duplicate_column", "42701"},
    {"duplicate_database", "42P04"},
    {"duplicate_function", "42723"},
    {"duplicate_object", "42710"},
    {"duplicate_schema", "42P06"},
    {"duplicate_table", "42P07"},
    {"exclusion_violation", "23P01"},
    {"feature_not_supported", "0A000"},
    {"foreign_key_violation", "23503"},
    {"insufficient_privilege", "42501"},
    {"integrity_constraint_violation", "23000"},
    {"invalid_column_reference", "42P10"},
    {"invalid_object_definition", "42P17"},
    {"invalid_parameter_value", "22023"},
    {"invalid_table_definition", "42P16"},
    {"invalid_text_representation", "22P02"},
    {"not_null_violation", "23502"},
    {"object_in_use", "55006"},
    {"object_not_in_prerequisite_state", "55000"},
    {"syntax_error", "42601"},
    {"syntax_error_or_access_rule_violation", "42000"},
    {"undefined_column", "42703"},
    {"undefined_function", "42883"},
    {"undefined_object", "42704"},
    {"undefined_table", "42P01"},
    {"unique_violation", "23505"},
    {"wrong_object_type", "42809"},
};

struct handlers {
    const char *codes[32];
    uint32_t n;
    bool others;
};

/* A handler statement that does nothing: NULL, or RAISE below EXCEPTION. */
static bool noop_stmt(const char *p, const char *stop)
{
    p = skip_ws(p, stop);
    if (keyword(p, stop, "NULL"))
        return skip_ws(p + 4, stop) == stop;
    if (!keyword(p, stop, "RAISE"))
        return false;
    p = skip_ws(p + 5, stop);
    static const char *const levels[] = {"NOTICE", "WARNING", "INFO", "LOG", "DEBUG"};
    for (size_t i = 0; i < sizeof levels / sizeof *levels; i++)
        if (keyword(p, stop, levels[i]))
            return true;
    return false;
}

/* `WHEN cond [OR cond ...] THEN <no-op>` into h; false when it is anything else. */
static bool parse_handler(struct arena *a, const char *p, const char *stop, struct handlers *h)
{
    p = skip_ws(p, stop);
    if (!keyword(p, stop, "WHEN"))
        return false;
    p += 4;
    for (;;) {
        p = skip_ws(p, stop);
        const char *code = NULL;
        if (keyword(p, stop, "SQLSTATE")) {
            p = skip_ws(p + 8, stop);
            if (stop - p < 7 || p[0] != '\'' || p[6] != '\'')
                return false;
            code = arena_strndup(a, p + 1, 5);
            p += 7;
        } else {
            const char *w = p;
            while (p < stop && ident_byte(*p))
                p++;
            size_t len = (size_t)(p - w);
            if (len == 6 && strncasecmp(w, "others", 6) == 0)
                h->others = true;
            else {
                for (size_t i = 0; i < sizeof conditions / sizeof *conditions && !code; i++)
                    if (strlen(conditions[i].name) == len &&
                        strncasecmp(conditions[i].name, w, len) == 0)
                        code = conditions[i].code;
                if (!code)
                    return false;
            }
        }
        if (code) {
            if (h->n == sizeof h->codes / sizeof *h->codes)
                return false;
            h->codes[h->n++] = code;
        }
        p = skip_ws(p, stop);
        if (keyword(p, stop, "OR")) {
            p += 2;
            continue;
        }
        if (!keyword(p, stop, "THEN"))
            return false;
        return noop_stmt(p + 4, stop);
    }
}

/* Whether a handler catches sqlstate. OTHERS catches everything but
 * query_canceled and assert_failure, which a migration does not raise. */
static bool caught(const struct handlers *h, const char *sqlstate)
{
    if (h->others)
        return true;
    for (uint32_t i = 0; i < h->n; i++) {
        const char *c = h->codes[i];
        if (strcmp(c, sqlstate) == 0 || (strcmp(c + 2, "000") == 0 && strncmp(c, sqlstate, 2) == 0))
            return true;
    }
    return false;
}

/* The one SQL statement of [p, stop) as PL/pgSQL would run it, or NULL when
 * it is a procedural statement or one whose behaviour inside a function
 * differs from the top level (results without INTO, transaction control,
 * what cannot run in a transaction block). */
static PgQuery__Node *plain_sql(struct sim *s, const char *p, const char *stop)
{
    p = skip_ws(p, stop);
    /* PL/pgSQL's own EXECUTE, FETCH, MOVE, CLOSE, OPEN read as SQL too */
    static const char *const procedural[] = {"EXECUTE", "FETCH", "MOVE",   "CLOSE", "OPEN",
                                             "PERFORM", "GET",   "RETURN", "BEGIN", "DECLARE"};
    for (size_t i = 0; i < sizeof procedural / sizeof *procedural; i++)
        if (keyword(p, stop, procedural[i]))
            return NULL;
    const char *err;
    int cursor;
    PgQuery__ParseResult *res =
        sim_parse(s, arena_strndup(s->arena, p, (size_t)(stop - p)), &err, &cursor);
    PgQuery__Node *n = res && res->n_stmts == 1 ? res->stmts[0]->stmt : NULL;
    if (!n)
        return NULL;
    switch (n->node_case) {
    case PG_QUERY__NODE__NODE_SELECT_STMT:
    case PG_QUERY__NODE__NODE_EXPLAIN_STMT:
    case PG_QUERY__NODE__NODE_VARIABLE_SHOW_STMT:
    case PG_QUERY__NODE__NODE_TRANSACTION_STMT:
    case PG_QUERY__NODE__NODE_VACUUM_STMT:
    case PG_QUERY__NODE__NODE_REINDEX_STMT:
    case PG_QUERY__NODE__NODE_CREATEDB_STMT:
    case PG_QUERY__NODE__NODE_DROPDB_STMT:
    case PG_QUERY__NODE__NODE_ALTER_SYSTEM_STMT:
    case PG_QUERY__NODE__NODE_CREATE_TABLE_SPACE_STMT:
    case PG_QUERY__NODE__NODE_DROP_TABLE_SPACE_STMT:
    case PG_QUERY__NODE__NODE_COPY_STMT:
    case PG_QUERY__NODE__NODE_PREPARE_STMT:
    case PG_QUERY__NODE__NODE_DEALLOCATE_STMT:
        return NULL;
    case PG_QUERY__NODE__NODE_INDEX_STMT:
        return n->index_stmt->concurrent ? NULL : n;
    case PG_QUERY__NODE__NODE_INSERT_STMT:
        return n->insert_stmt->n_returning_list ? NULL : n;
    case PG_QUERY__NODE__NODE_UPDATE_STMT:
        return n->update_stmt->n_returning_list ? NULL : n;
    case PG_QUERY__NODE__NODE_DELETE_STMT:
        return n->delete_stmt->n_returning_list ? NULL : n;
    default:
        return n;
    }
}

struct do_block {
    PgQuery__Node **stmts;
    uint32_t n;
    bool has_exception;
    struct handlers h;
};

/* [<<label>>] BEGIN sql; ... [EXCEPTION WHEN ... THEN NULL; ...] END [label] [;]
 * into b; false when the body is anything else. */
static bool parse_do_body(struct sim *s, const char *body, struct do_block *b)
{
    const char *end = body + strlen(body);
    const char *p = block_start(body, end);
    if (!p)
        return false;
    struct semis sc = {.a = s->arena};
    sqlscan(p, (uint32_t)(end - p), on_semi, &sc);
    b->stmts = arena_alloc(s->arena, (sc.n + 1) * sizeof *b->stmts);
    const char *q = p;
    for (uint32_t i = 0; i <= sc.n; i++) {
        const char *stop = i < sc.n ? p + sc.off[i] : end;
        if (is_end(q, stop)) {
            const char *rest = i < sc.n ? skip_ws(stop + 1, end) : end;
            return rest == end;
        }
        if (i == sc.n)
            return false;
        const char *t = skip_ws(q, stop);
        q = stop + 1;
        if (!b->has_exception && keyword(t, stop, "EXCEPTION")) {
            b->has_exception = true;
            if (!parse_handler(s->arena, t + 9, stop, &b->h))
                return false;
            continue;
        }
        if (b->has_exception) {
            /* another handler, or more no-op statements of the last one */
            if (!(keyword(t, stop, "WHEN") ? parse_handler(s->arena, t, stop, &b->h)
                                           : noop_stmt(t, stop)))
                return false;
            continue;
        }
        if (t == stop || noop_stmt(t, stop))
            continue;
        PgQuery__Node *n = plain_sql(s, t, stop);
        if (!n)
            return false;
        b->stmts[b->n++] = n;
    }
    return false;
}

int sim_dynamic_do(struct sim *s, const PgQuery__DoStmt *d)
{
    const char *body = NULL, *language = "plpgsql";
    for (size_t i = 0; i < d->n_args; i++) {
        const PgQuery__Node *a = d->args[i];
        if (a->node_case != PG_QUERY__NODE__NODE_DEF_ELEM || !a->def_elem->arg ||
            a->def_elem->arg->node_case != PG_QUERY__NODE__NODE_STRING)
            return 0;
        if (strcmp(a->def_elem->defname, "as") == 0)
            body = a->def_elem->arg->string->sval;
        else if (strcmp(a->def_elem->defname, "language") == 0)
            language = a->def_elem->arg->string->sval;
    }
    struct do_block b = {0};
    if (!body || strcasecmp(language, "plpgsql") != 0 || !parse_do_body(s, body, &b))
        return 0;
    if (s->dynamic_depth >= MAX_DEPTH)
        return sim_error(s, -1, "54001", "stack depth limit exceeded");
    struct effect *e = s->eff;
    uint32_t nobjects = e->nobjects, nlocks = e->nlocks;
    catalog_mark_t m = catalog_mark(s->cat);
    s->dynamic_depth++;
    for (uint32_t i = 0; i < b.n; i++) {
        int rc = sim_dispatch(s, b.stmts[i]);
        if (rc != 0 && !e->sqlstate)
            sim_error(s, -1, "XX000", "statement failed");
        if (e->sqlstate) {
            e->err_off = 0; /* positions point into the block's text */
            break;
        }
    }
    s->dynamic_depth--;
    if (e->sqlstate && b.has_exception && !sim_error_is_limitation(e) &&
        caught(&b.h, e->sqlstate)) {
        /* the handler's subtransaction is rolled back and the DO goes on */
        catalog_rollback(s->cat, m);
        e->sqlstate = e->message = e->detail = e->hint = NULL;
        e->nobjects = nobjects;
        e->nlocks = nlocks;
        return 1;
    }
    if (e->sqlstate) {
        catalog_rollback(s->cat, m);
        return -1;
    }
    catalog_release(s->cat, m);
    return 1;
}
