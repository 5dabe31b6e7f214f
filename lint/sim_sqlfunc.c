/*
 * sim_sqlfunc.c - CREATE FUNCTION ... LANGUAGE sql validates its body, as
 * PostgreSQL does with check_function_bodies on: every statement is parsed
 * and analysed with the parameters in scope ($n and names), then the final
 * statement's result is checked against the declared result type
 * (fmgr_sql_validator, check_sql_fn_retval; a BEGIN ATOMIC / RETURN body is
 * analysed by interpret_AS_clause whatever the setting). The analyser
 * (expr*.c) does the same here, and only errors it is sure of are reported:
 * a construct it does not cover ends the check silently.
 */
#include <string.h>

#include "lint/arena.h"
#include "lint/sim_internal.h"
#include "lint/strbuf.h"

/* What the body's last analysed statement returns. */
enum body_result {
    BR_NOTHING = 0, /* a utility statement, DML without RETURNING, or no statement */
    BR_ROWS,        /* SELECT, or INSERT/UPDATE/DELETE ... RETURNING on a table: out */
    BR_UNKNOWN,     /* not analysed: the result type is not checked */
};

struct body_check {
    struct sim *s;
    const struct ex_params *params;
    enum body_result last;
    struct ex_query out;
};

/* Whether an analysis error is one PostgreSQL certainly raises for the body:
 * missing relations, columns, schemas and parameters, and calls of function
 * names nothing is called (not calls the analyser could not match by argument
 * types, nor operators: CREATE OPERATOR is not simulated). */
/* pg_catalog's relations and views and information_schema are not in the
 * model: a missing one of those names is no evidence. */
static bool system_name(const char *schema, const char *name)
{
    if (schema && (strncmp(schema, "pg_", 3) == 0 || strcmp(schema, "information_schema") == 0))
        return true;
    return name && strncmp(name, "pg_", 3) == 0;
}

/* The first double-quoted word of a message ("schema.name" split). */
static bool quoted_system_name(const char *m)
{
    const char *q = strchr(m, '"');
    if (!q)
        return false;
    char buf[256];
    size_t len = strcspn(q + 1, "\"");
    if (len >= sizeof buf)
        return false;
    memcpy(buf, q + 1, len);
    buf[len] = 0;
    char *dot = strchr(buf, '.');
    if (dot) {
        *dot = 0;
        return system_name(buf, dot + 1);
    }
    return system_name(buf, buf);
}

static bool certain(const struct ex_ctx *x, const struct ex_params *p)
{
    const char *st = x->sqlstate, *m = x->message ? x->message : "";
    if (!st)
        return false;
    if ((strcmp(st, "42P01") == 0 || strcmp(st, "3F000") == 0) && quoted_system_name(m))
        return false;
    if (strcmp(st, "42P01") == 0) {
        /* "missing FROM-clause entry for table p": p.* of a parameter? */
        static const char pre[] = "missing FROM-clause entry for table \"";
        if (strncmp(m, pre, sizeof pre - 1) == 0) {
            const char *name = m + sizeof pre - 1;
            size_t len = strcspn(name, "\"");
            if (p->fname && strlen(p->fname) == len && strncmp(p->fname, name, len) == 0)
                return false;
            for (uint32_t i = 0; i < p->n; i++)
                if (p->names[i] && strlen(p->names[i]) == len &&
                    strncmp(p->names[i], name, len) == 0)
                    return false;
        }
        return true;
    }
    if (strcmp(st, "42883") == 0)
        return x->no_such_func;
    return strcmp(st, "42703") == 0 || strcmp(st, "3F000") == 0 || strcmp(st, "42P02") == 0;
}

/* Reports the analysis error when certain; returns -1 then, 1 otherwise
 * (the check stops). */
static int analysis_failed(struct body_check *b, const struct ex_ctx *x)
{
    if (certain(x, b->params))
        return sim_expr_error(b->s, x);
    return 1;
}

static int analyse_select(struct body_check *b, PgQuery__Node *n, struct ex_query *out)
{
    struct ex_ctx x;
    ex_ctx_init(&x, b->s->cat, b->s->arena, EXK_SELECT);
    x.params = b->params;
    if (ex_analyze_select(&x, n, out) != 0)
        return analysis_failed(b, &x);
    return 0;
}

/* A target list entry (ResTarget) for an expression. */
static PgQuery__Node *target_of(struct arena *a, PgQuery__Node *val)
{
    PgQuery__ResTarget *rt = arena_alloc(a, sizeof *rt);
    pg_query__res_target__init(rt);
    rt->val = val;
    PgQuery__Node *n = arena_alloc(a, sizeof *n);
    pg_query__node__init(n);
    n->node_case = PG_QUERY__NODE__NODE_RES_TARGET;
    n->res_target = rt;
    return n;
}

/* SELECT <targets> [FROM <rel>, <from...>] WHERE <where>: how the
 * expressions of an UPDATE, DELETE or RETURNING list are analysed, in the
 * scope PostgreSQL gives them (the target relation and the FROM/USING items),
 * and RETURN expr (rel NULL). */
static int analyse_over(struct body_check *b, PgQuery__RangeVar *rel, PgQuery__Node **from,
                        size_t nfrom, PgQuery__Node **targets, size_t ntargets,
                        PgQuery__Node *where, struct ex_query *out)
{
    struct arena *a = b->s->arena;
    PgQuery__Node relnode = PG_QUERY__NODE__INIT;
    relnode.node_case = PG_QUERY__NODE__NODE_RANGE_VAR;
    relnode.range_var = rel;
    PgQuery__Node **items = arena_alloc(a, sizeof *items * (nfrom + 1));
    items[0] = &relnode;
    for (size_t i = 0; i < nfrom; i++)
        items[i + 1] = from[i];
    PgQuery__Node *one = NULL;
    if (!ntargets) {
        /* SELECT 1: UPDATE ... SET c = DEFAULT, DELETE */
        PgQuery__AConst *c = arena_alloc(a, sizeof *c);
        pg_query__a__const__init(c);
        PgQuery__Integer *iv = arena_alloc(a, sizeof *iv);
        pg_query__integer__init(iv);
        iv->ival = 1;
        c->val_case = PG_QUERY__A__CONST__VAL_IVAL;
        c->ival = iv;
        PgQuery__Node *cn = arena_alloc(a, sizeof *cn);
        pg_query__node__init(cn);
        cn->node_case = PG_QUERY__NODE__NODE_A_CONST;
        cn->a_const = c;
        one = target_of(a, cn);
    }
    PgQuery__SelectStmt sel = PG_QUERY__SELECT_STMT__INIT;
    sel.from_clause = rel ? items : NULL;
    sel.n_from_clause = rel ? nfrom + 1 : 0;
    sel.target_list = ntargets ? targets : &one;
    sel.n_target_list = ntargets ? ntargets : 1;
    sel.where_clause = where;
    sel.op = PG_QUERY__SET_OPERATION__SETOP_NONE;
    sel.limit_option = PG_QUERY__LIMIT_OPTION__LIMIT_OPTION_DEFAULT;
    PgQuery__Node n = PG_QUERY__NODE__INIT;
    n.node_case = PG_QUERY__NODE__NODE_SELECT_STMT;
    n.select_stmt = &sel;
    struct ex_query q = {0};
    return analyse_select(b, &n, out ? out : &q);
}

/* The target relation of INSERT/UPDATE/DELETE (setTargetTable); a WITH
 * clause (its queries may be the target's source) is not analysed. */
static int target_rel(struct body_check *b, const PgQuery__WithClause *with, PgQuery__RangeVar *rv,
                      struct cat_rel **out)
{
    if (with)
        return 1;
    const char *schema = rv->schemaname && *rv->schemaname ? rv->schemaname : NULL;
    if (system_name(schema, rv->relname))
        return 1;
    if (schema && !catalog_find_schema(b->s->cat, schema))
        return sim_error(b->s, rv->location, "3F000", "schema \"%s\" does not exist", schema);
    *out = catalog_find_rel(b->s->cat, schema, rv->relname);
    if (!*out)
        return sim_error(b->s, rv->location, "42P01", "relation \"%s\" does not exist",
                         schema ? sim_qualified(b->s, schema, rv->relname) : rv->relname);
    return 0;
}

static int target_column(struct body_check *b, struct cat_rel *r, PgQuery__ResTarget *rt)
{
    if (rt->name && !catalog_find_column(r, rt->name))
        return sim_error(b->s, rt->location, "42703",
                         "column \"%s\" of relation \"%s\" does not exist", rt->name, r->name);
    return 0;
}

/* RETURNING: its columns are the statement's result (rows of a table only:
 * rules, not simulated, could rewrite a statement on a view). */
static int returning(struct body_check *b, struct cat_rel *r, PgQuery__RangeVar *rv,
                     PgQuery__Node **from, size_t nfrom, PgQuery__Node **list, size_t n)
{
    if (!n) {
        b->last = BR_NOTHING;
        return 0;
    }
    int rc = analyse_over(b, rv, from, nfrom, list, n, NULL, &b->out);
    if (rc != 0)
        return rc;
    b->last = r->relkind == CAT_RELKIND_TABLE || r->relkind == CAT_RELKIND_PARTITIONED ? BR_ROWS
                                                                                       : BR_UNKNOWN;
    return 0;
}

/* UPDATE / DELETE: the new values and WHERE over the target and FROM/USING,
 * then RETURNING. */
static int scan_and_return(struct body_check *b, struct cat_rel *r, PgQuery__RangeVar *rv,
                           PgQuery__Node **from, size_t nfrom, PgQuery__Node **values,
                           size_t nvalues, PgQuery__Node *where, PgQuery__Node **ret, size_t nret)
{
    int rc = analyse_over(b, rv, from, nfrom, values, nvalues, where, NULL);
    if (rc != 0)
        return rc;
    return returning(b, r, rv, from, nfrom, ret, nret);
}

static int insert_stmt(struct body_check *b, PgQuery__InsertStmt *st)
{
    struct cat_rel *r;
    int trc = target_rel(b, st->with_clause, st->relation, &r);
    if (trc != 0)
        return trc;
    for (size_t i = 0; i < st->n_cols; i++)
        if (target_column(b, r, st->cols[i]->res_target) != 0)
            return -1;
    PgQuery__Node *src = st->select_stmt;
    if (src && src->node_case == PG_QUERY__NODE__NODE_SELECT_STMT) {
        PgQuery__SelectStmt *sel = src->select_stmt;
        if (sel->n_values_lists) {
            /* VALUES rows, item by item (DEFAULT is not an expression) */
            for (size_t v = 0; v < sel->n_values_lists; v++) {
                PgQuery__Node *row = sel->values_lists[v];
                if (row->node_case != PG_QUERY__NODE__NODE_LIST)
                    return 1;
                for (size_t k = 0; k < row->list->n_items; k++) {
                    PgQuery__Node *item = row->list->items[k];
                    if (item->node_case == PG_QUERY__NODE__NODE_SET_TO_DEFAULT)
                        continue;
                    struct ex_ctx x;
                    ex_ctx_init(&x, b->s->cat, b->s->arena, EXK_SELECT);
                    x.params = b->params;
                    if (!ex_analyze(&x, item))
                        return analysis_failed(b, &x);
                }
            }
        } else {
            struct ex_query q = {0};
            int rc = analyse_select(b, src, &q);
            if (rc != 0)
                return rc;
        }
    } else if (src) {
        return 1;
    }
    if (st->on_conflict_clause)
        return 1; /* excluded.*, the arbiter: not analysed */
    return returning(b, r, st->relation, NULL, 0, st->returning_list, st->n_returning_list);
}

static int update_stmt(struct body_check *b, PgQuery__UpdateStmt *st)
{
    struct cat_rel *r;
    int trc = target_rel(b, st->with_clause, st->relation, &r);
    if (trc != 0)
        return trc;
    PgQuery__Node **values = arena_alloc(b->s->arena, sizeof *values * (st->n_target_list + 1));
    size_t nvalues = 0;
    for (size_t i = 0; i < st->n_target_list; i++) {
        PgQuery__Node *t = st->target_list[i];
        if (t->node_case != PG_QUERY__NODE__NODE_RES_TARGET)
            return 1;
        PgQuery__ResTarget *rt = t->res_target;
        if (target_column(b, r, rt) != 0)
            return -1;
        if (!rt->val || rt->val->node_case == PG_QUERY__NODE__NODE_MULTI_ASSIGN_REF)
            return 1;
        if (rt->val->node_case != PG_QUERY__NODE__NODE_SET_TO_DEFAULT)
            values[nvalues++] = t;
    }
    return scan_and_return(b, r, st->relation, st->from_clause, st->n_from_clause, values, nvalues,
                           st->where_clause, st->returning_list, st->n_returning_list);
}

static int delete_stmt(struct body_check *b, PgQuery__DeleteStmt *st)
{
    struct cat_rel *r;
    int trc = target_rel(b, st->with_clause, st->relation, &r);
    if (trc != 0)
        return trc;
    return scan_and_return(b, r, st->relation, st->using_clause, st->n_using_clause, NULL, 0,
                           st->where_clause, st->returning_list, st->n_returning_list);
}

/* One statement (pg_analyze_and_rewrite): 0 analysed, -1 a certain error,
 * 1 not analysable (the check stops without an error). Utility statements
 * are not analysed by PostgreSQL either; they return no rows. */
static int body_stmt(struct body_check *b, PgQuery__Node *n)
{
    if (!n)
        return 1;
    switch (n->node_case) {
    case PG_QUERY__NODE__NODE_SELECT_STMT: {
        if (n->select_stmt->into_clause) {
            b->last = BR_NOTHING; /* SELECT INTO is CREATE TABLE AS, a utility */
            return 0;
        }
        int rc = analyse_select(b, n, &b->out);
        if (rc == 0)
            b->last = BR_ROWS;
        return rc;
    }
    case PG_QUERY__NODE__NODE_INSERT_STMT:
        return insert_stmt(b, n->insert_stmt);
    case PG_QUERY__NODE__NODE_UPDATE_STMT:
        return update_stmt(b, n->update_stmt);
    case PG_QUERY__NODE__NODE_DELETE_STMT:
        return delete_stmt(b, n->delete_stmt);
    case PG_QUERY__NODE__NODE_MERGE_STMT:
    case PG_QUERY__NODE__NODE_RETURN_STMT:
        return 1;
    default:
        b->last = BR_NOTHING;
        return 0;
    }
}

/* format_type_be: user types by name, as sim_func_identity prints them. */
static const char *type_text(struct sim *s, const struct cat_type *t)
{
    if (t && !t->obj.builtin)
        return t->name;
    struct strbuf sb = STRBUF_INIT;
    ex_format_type(t, -1, &sb);
    const char *r = arena_strdup(s->arena, sb.buf ? sb.buf : "?");
    sb_release(&sb);
    return r;
}

/* Whether a result column of type from certainly cannot be assigned to
 * type to (coerce_fn_result_column): only builtin types are judged, and
 * unknown literals have become text (resolveTargetListUnknowns). */
static bool surely_not_assignable(const struct cat_type *from, struct cat_type *to)
{
    if (!from || !to)
        return false;
    struct cat_type *base = ex_base_type(to);
    if (!base || !from->oid || !base->oid || from->oid == PGB_UNKNOWN)
        return false;
    if (from->typtype == CAT_TYPE_PSEUDO || base->typtype == CAT_TYPE_PSEUDO ||
        from->typtype == CAT_TYPE_COMPOSITE || base->typtype == CAT_TYPE_COMPOSITE)
        return false;
    return !ex_can_coerce((struct cat_type *)from, base, 'a');
}

static int mismatch(struct sim *s, struct cat_type *ret, const char *detail)
{
    sim_error(s, -1, "42P13", "return type mismatch in function declared to return %s",
              type_text(s, ret));
    return sim_error_detail(s, detail);
}

/* check_sql_fn_retval, for what the analyser knows for sure. */
static int check_retval(struct body_check *b, const struct cat_funcarg *args, uint32_t nargs,
                        struct cat_typeref ret)
{
    struct sim *s = b->s;
    struct cat_type *rt = ret.type;
    if (!rt || rt->oid == PGB_VOID || ex_is_polymorphic(rt) || b->last == BR_UNKNOWN)
        return 0;
    if (b->last == BR_NOTHING)
        return mismatch(
            s, rt, "Function's final statement must be SELECT or INSERT/UPDATE/DELETE RETURNING.");
    const struct ex_query *q = &b->out;
    if (rt->typtype == CAT_TYPE_BASE || rt->typtype == CAT_TYPE_DOMAIN ||
        rt->typtype == CAT_TYPE_ENUM || rt->typtype == CAT_TYPE_RANGE || rt->typtype == 'm') {
        if (q->ncols != 1)
            return mismatch(s, rt, "Final statement must return exactly one column.");
        struct cat_type *t = q->types[0].type;
        if (t && t->oid == PGB_UNKNOWN)
            t = ex_type(PGB_TEXT);
        if (surely_not_assignable(t, rt))
            return mismatch(s, rt,
                            arena_printf(s->arena, "Actual return type is %s.", type_text(s, t)));
        return 0;
    }
    if (rt->typtype != CAT_TYPE_COMPOSITE && rt->oid != PGB_RECORD)
        return 0;
    /* the row type: a composite type's columns, or the OUT parameters */
    uint32_t natts = 0;
    struct cat_typeref *atts = NULL;
    if (rt->oid == PGB_RECORD) {
        atts = arena_alloc(s->arena, sizeof *atts * (nargs + 1));
        for (uint32_t i = 0; i < nargs; i++)
            if (args[i].mode == 'o' || args[i].mode == 'b' || args[i].mode == 't')
                atts[natts++] = args[i].type;
        if (!natts)
            return 0; /* RETURNS record: checked when called */
    } else {
        if (!rt->rel)
            return 0;
        struct cat_column **cols;
        natts = catalog_columns(rt->rel, &cols, s->arena);
        atts = arena_alloc(s->arena, sizeof *atts * (natts + 1));
        for (uint32_t i = 0; i < natts; i++)
            atts[i] = cols[i]->type;
    }
    if (q->ncols == 1) {
        /* one column that is (or may be) the whole row: SELECT other_func() */
        struct cat_type *t = q->types[0].type;
        if (!t || t == rt || !t->oid || t->oid == PGB_RECORD || t->typtype != CAT_TYPE_BASE)
            return 0;
    }
    for (uint32_t i = 0; i < q->ncols; i++) {
        if (i >= natts)
            return mismatch(s, rt, "Final statement returns too many columns.");
        struct cat_type *t = q->types[i].type;
        if (t && t->oid == PGB_UNKNOWN)
            t = ex_type(PGB_TEXT);
        if (surely_not_assignable(t, atts[i].type))
            return mismatch(s, rt,
                            arena_printf(s->arena,
                                         "Final statement returns %s instead of %s at column %u.",
                                         type_text(s, t), type_text(s, atts[i].type), i + 1));
    }
    if (q->ncols < natts)
        return mismatch(s, rt, "Final statement returns too few columns.");
    return 0;
}

/* The function's own SET clauses: check_function_bodies = off skips the
 * validation; search_path applies while the body is analysed (ProcedureCreate
 * sets them before calling the validator). */
static bool own_settings(struct sim *s, PgQuery__CreateFunctionStmt *st, const char ***path)
{
    *path = NULL;
    for (size_t i = 0; i < st->n_options; i++) {
        PgQuery__DefElem *d = st->options[i]->def_elem;
        if (strcmp(d->defname, "set") != 0 || !d->arg ||
            d->arg->node_case != PG_QUERY__NODE__NODE_VARIABLE_SET_STMT)
            continue;
        PgQuery__VariableSetStmt *vs = d->arg->variable_set_stmt;
        if (!vs->name)
            continue;
        if (strcmp(vs->name, "check_function_bodies") == 0)
            return false; /* whatever the value: not judged */
        if (strcmp(vs->name, "search_path") == 0)
            *path = sim_search_path_value(s, vs);
    }
    return true;
}

static int check_statements(struct body_check *b, PgQuery__Node **stmts, size_t n)
{
    b->last = BR_NOTHING;
    for (size_t i = 0; i < n; i++) {
        int rc = body_stmt(b, stmts[i]);
        if (rc != 0)
            return rc;
    }
    return 0;
}

/* Where a string body starts in the statement: after AS and its opening
 * quote ($tag$ or '), when the text there is the body verbatim (-1 when it
 * holds escapes). */
static int body_offset(struct sim *s, PgQuery__CreateFunctionStmt *st, const char *src)
{
    const char *t = s->stmt_text;
    size_t n = s->stmt_len, len = strlen(src);
    for (size_t i = 0; t && i < st->n_options; i++) {
        PgQuery__DefElem *d = st->options[i]->def_elem;
        if (strcmp(d->defname, "as") != 0 || d->location < 0 || (size_t)d->location + 2 > n)
            continue;
        size_t k = (size_t)d->location + 2; /* past AS */
        while (k < n && (t[k] == ' ' || t[k] == '\t' || t[k] == '\n' || t[k] == '\r'))
            k++;
        if (k < n && t[k] == '$') {
            const char *close = memchr(t + k + 1, '$', n - k - 1);
            if (!close)
                return -1;
            k = (size_t)(close - t) + 1;
        } else if (k < n && t[k] == '\'') {
            k++;
        } else {
            return -1;
        }
        return k + len <= n && memcmp(t + k, src, len) == 0 ? (int)k : -1;
    }
    return -1;
}

int sim_check_sql_function(struct sim *s, PgQuery__CreateFunctionStmt *st, struct cat_func *f,
                           const struct cat_funcarg *args, uint32_t nargs, struct cat_typeref ret)
{
    bool checking = !s->cat->function_bodies_unchecked;
    /* parameters: the input ones, $1.. in order; polymorphic or pseudo-typed
     * arguments leave the body unanalysed (resolved per call) */
    struct ex_params p = {0};
    const char *schema;
    sim_split_name(st->funcname, st->n_funcname, &schema, &p.fname);
    p.names = arena_alloc(s->arena, sizeof *p.names * (nargs + 1));
    p.types = arena_alloc(s->arena, sizeof *p.types * (nargs + 1));
    bool analysable = true;
    for (uint32_t i = 0; i < nargs; i++) {
        char m = args[i].mode;
        if (m != 'i' && m != 'b' && m != 'v')
            continue;
        struct cat_type *t = args[i].type.type;
        if (!t || ex_is_polymorphic(t) || t->typtype == CAT_TYPE_PSEUDO)
            analysable = false;
        p.names[p.n] = args[i].name;
        p.types[p.n] = args[i].type;
        p.n++;
    }
    struct body_check b = {s, &p, BR_NOTHING, {0}};
    if (!f) {
        /* BEGIN ATOMIC / RETURN: analysed when the statement is (always) */
        if (!st->sql_body || !analysable)
            return 0;
        PgQuery__Node *body = st->sql_body;
        int rc;
        if (body->node_case == PG_QUERY__NODE__NODE_RETURN_STMT) {
            /* RETURN expr is SELECT expr */
            PgQuery__Node *t = target_of(s->arena, body->return_stmt->returnval);
            rc = analyse_over(&b, NULL, NULL, 0, &t, 1, NULL, &b.out);
            b.last = BR_ROWS;
        } else if (body->node_case == PG_QUERY__NODE__NODE_LIST) {
            /* list_make1(statements): an empty list item is an empty body */
            PgQuery__List *outer = body->list;
            PgQuery__Node *inner = outer->n_items ? outer->items[0] : NULL;
            if (inner && inner->node_case == PG_QUERY__NODE__NODE_LIST)
                rc = check_statements(&b, inner->list->items, inner->list->n_items);
            else if (!inner || inner->node_case == PG_QUERY__NODE__NODE__NOT_SET)
                rc = check_statements(&b, NULL, 0);
            else
                return 0;
        } else {
            return 0;
        }
        if (rc < 0)
            return -1;
        if (rc > 0 || !checking)
            return 0;
        return check_retval(&b, args, nargs, ret);
    }
    /* a string body: fmgr_sql_validator, after the function is stored */
    if (st->sql_body || !checking)
        return 0;
    const char **path;
    if (!own_settings(s, st, &path))
        return 0;
    const char *src = NULL;
    for (size_t i = 0; i < st->n_options; i++) {
        PgQuery__DefElem *d = st->options[i]->def_elem;
        if (strcmp(d->defname, "as") == 0 && d->arg &&
            d->arg->node_case == PG_QUERY__NODE__NODE_LIST && d->arg->list->n_items == 1)
            src = sim_strval(d->arg->list->items[0]);
    }
    if (!src)
        return 0;
    /* positions in the body are reported in the statement (as PostgreSQL's
     * error cursor does) when the body appears there verbatim ($$ quoting) */
    int body_off = body_offset(s, st, src);
    const char *err;
    int cursor;
    PgQuery__ParseResult *res = sim_parse(s, src, &err, &cursor);
    if (!res && err)
        return sim_error(s, body_off >= 0 && cursor > 0 ? body_off + cursor - 1 : -1, "42601", "%s",
                         err);
    if (!res || !analysable)
        return 0; /* polymorphic arguments: parsed only */
    const char **saved = s->cat->search_path;
    if (path)
        CAT_SET(s->cat, s->cat->search_path, path);
    PgQuery__Node **stmts = arena_alloc(s->arena, sizeof *stmts * (res->n_stmts + 1));
    for (size_t i = 0; i < res->n_stmts; i++)
        stmts[i] = res->stmts[i]->stmt;
    int rc = check_statements(&b, stmts, res->n_stmts);
    if (rc == 0)
        rc = check_retval(&b, args, nargs, ret);
    if (rc < 0 && s->eff->err_off)
        s->eff->err_off = body_off >= 0 ? s->eff->err_off + (uint32_t)body_off : 0;
    if (path)
        CAT_SET(s->cat, s->cat->search_path, saved);
    return rc < 0 ? -1 : 0;
}
