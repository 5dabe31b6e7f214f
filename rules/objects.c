/*
 * objects.c - functions, views, materialized views, triggers and policies,
 * checked against the catalog: CREATE OR REPLACE VIEW / FUNCTION that
 * PostgreSQL rejects, triggers on missing or non-trigger functions, policies
 * on tables without RLS and RLS without policies (both judged at the end of
 * the part), REFRESH ... CONCURRENTLY without a usable unique index, and
 * dropping a function that triggers use.
 */
#include "lint/rule.h"

#include <string.h>

/* The simulator's verdict on the statement, when it has one with this SQLSTATE. */
static bool sim_says(const struct rule_ctx *c, const char *sqlstate)
{
    return c->eff && c->eff->sqlstate && strcmp(c->eff->sqlstate, sqlstate) == 0;
}

/* ---- create-or-replace-view-incompatible ---- */

/* The column name PostgreSQL gives a select-list entry (FigureColname), or
 * NULL when it cannot be told from the tree (*, or not a simple form). */
static const char *target_name(const PgQuery__ResTarget *t)
{
    if (t->name && t->name[0])
        return t->name;
    const PgQuery__Node *v = t->val;
    while (v && v->node_case == PG_QUERY__NODE__NODE_TYPE_CAST) {
        if (v->type_cast->arg && v->type_cast->arg->node_case != PG_QUERY__NODE__NODE_COLUMN_REF)
            return node_type_name(v->type_cast->type_name);
        v = v->type_cast->arg;
    }
    if (!v)
        return NULL;
    if (v->node_case == PG_QUERY__NODE__NODE_COLUMN_REF) {
        const PgQuery__ColumnRef *r = v->column_ref;
        if (r->n_fields && r->fields[r->n_fields - 1]->node_case == PG_QUERY__NODE__NODE_A_STAR)
            return NULL;
        return node_last_str(r->fields, r->n_fields);
    }
    if (v->node_case == PG_QUERY__NODE__NODE_FUNC_CALL)
        return node_last_str(v->func_call->funcname, v->func_call->n_funcname);
    return NULL;
}

static void check_replace_view(struct rule_ctx *c)
{
    if (c->node->node_case != PG_QUERY__NODE__NODE_VIEW_STMT || !c->node->view_stmt->replace)
        return;
    const PgQuery__ViewStmt *v = c->node->view_stmt;
    const struct cat_rel *r = rule_find_rel(c, v->view);
    if (!r || r->relkind != CAT_RELKIND_VIEW)
        return;
    const char *name = rule_qualify(c, v->view);
    if (sim_says(c, "42P16")) {
        struct diag *d =
            rule_report(c, -1, "CREATE OR REPLACE VIEW %s fails: %s", name, c->eff->message);
        if (d) {
            d->sqlstate = "42P16";
            d->note = c->eff->detail;
            d->help = "a replacement view must keep every existing column, with the same name and "
                      "type, in "
                      "the same order (new columns go at the end); otherwise DROP VIEW and CREATE "
                      "VIEW in one "
                      "transaction";
        }
        return;
    }
    if (c->eff && c->eff->simulated)
        return; /* the simulator accepted it */
    /* no simulation: compare column names from the parse tree */
    const PgQuery__Node *q = v->query;
    if (!q || q->node_case != PG_QUERY__NODE__NODE_SELECT_STMT ||
        q->select_stmt->op != PG_QUERY__SET_OPERATION__SETOP_NONE)
        return;
    struct cat_column **cols = NULL;
    uint32_t nold = catalog_columns(r, &cols, c->cat->arena);
    const PgQuery__SelectStmt *sel = q->select_stmt;
    if (sel->n_target_list < nold) {
        for (size_t i = 0; i < sel->n_target_list; i++)
            if (!target_name(sel->target_list[i]->res_target))
                return; /* a * may expand to more columns */
        struct diag *d = rule_report(
            c, -1, "CREATE OR REPLACE VIEW %s fails: cannot drop columns from view", name);
        if (d) {
            d->sqlstate = "42P16";
            d->help =
                "keep every existing column (new ones go at the end), or DROP VIEW and CREATE VIEW";
        }
        return;
    }
    for (uint32_t i = 0; i < nold; i++) {
        const char *nn = i < v->n_aliases ? node_str(v->aliases[i]) : NULL;
        if (!nn && sel->target_list[i]->node_case == PG_QUERY__NODE__NODE_RES_TARGET)
            nn = target_name(sel->target_list[i]->res_target);
        if (!nn)
            return;
        if (strcmp(nn, cols[i]->name) != 0) {
            struct diag *d =
                rule_report(c, -1,
                            "CREATE OR REPLACE VIEW %s fails: cannot change name of view column "
                            "\"%s\" to \"%s\"",
                            name, cols[i]->name, nn);
            if (d) {
                d->sqlstate = "42P16";
                d->help = "keep the existing column names and order (alias the expression), or "
                          "DROP VIEW and "
                          "CREATE VIEW";
            }
            return;
        }
    }
}

const struct rule rule_create_or_replace_view_incompatible = {
    .id = "create-or-replace-view-incompatible",
    .sev = SEV_ERROR,
    .group = RG_OBJECTS,
    .summary = "CREATE OR REPLACE VIEW that PostgreSQL rejects",
    .squawk = NULL,
    .doc =
        "## What\n"
        "`CREATE OR REPLACE VIEW` of an existing view whose new query drops a column, renames "
        "one, changes a column's type, or reorders columns.\n\n"
        "## Why\n"
        "PostgreSQL only lets a replacement add columns at the end; anything else fails with "
        "SQLSTATE 42P16 (\"cannot drop columns from view\", \"cannot change name of view "
        "column\", \"cannot change data type of view column\").\n\n"
        "## Instead\n"
        "Keep existing columns as they are and append new ones, or `DROP VIEW` and `CREATE VIEW` "
        "in the same transaction (dependent views must be recreated too).\n\n"
        "## Example\n"
        "```sql\n"
        "-- v was: SELECT id, name FROM users\n"
        "CREATE OR REPLACE VIEW v AS SELECT id, name, email FROM users; -- ok: appended\n"
        "```\n",
    .check = check_replace_view,
};

/* ---- function-return-type-change ---- */

static bool is_input_arg(const PgQuery__FunctionParameter *p)
{
    return p->mode != PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_OUT &&
           p->mode != PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_TABLE;
}

static const struct cat_func *existing_func(struct rule_ctx *c,
                                            const PgQuery__CreateFunctionStmt *f)
{
    const char *name = node_last_str(f->funcname, f->n_funcname);
    const char *schema = f->n_funcname >= 2 ? node_str(f->funcname[f->n_funcname - 2]) : NULL;
    struct cat_type *types[100];
    uint32_t n = 0;
    for (size_t i = 0; i < f->n_parameters && n < 100; i++) {
        if (f->parameters[i]->node_case != PG_QUERY__NODE__NODE_FUNCTION_PARAMETER)
            return NULL;
        const PgQuery__FunctionParameter *p = f->parameters[i]->function_parameter;
        if (!is_input_arg(p))
            continue;
        const PgQuery__TypeName *t = p->arg_type;
        const char *tn = node_type_name(t);
        const char *ts = t && t->n_names >= 2 ? node_str(t->names[0]) : NULL;
        if (ts && strcmp(ts, "pg_catalog") == 0)
            ts = NULL;
        struct cat_type *ct =
            catalog_find_type(c->cat, ts, node_type_is_array(t) ? rule_printf(c, "%s[]", tn) : tn);
        if (!ct)
            return NULL;
        types[n++] = ct;
    }
    return name ? catalog_find_func(c->cat, schema, name, types, n) : NULL;
}

static void check_func_return(struct rule_ctx *c)
{
    if (c->node->node_case != PG_QUERY__NODE__NODE_CREATE_FUNCTION_STMT ||
        !c->node->create_function_stmt->replace)
        return;
    const PgQuery__CreateFunctionStmt *f = c->node->create_function_stmt;
    const char *name = rule_qualify_list(c, f->funcname, f->n_funcname);
    if (sim_says(c, "42P13")) {
        struct diag *d =
            rule_report(c, -1, "CREATE OR REPLACE FUNCTION %s fails: %s", name, c->eff->message);
        if (d) {
            d->sqlstate = "42P13";
            d->note = c->eff->detail;
            d->help = "DROP FUNCTION and CREATE FUNCTION (in one transaction, recreating "
                      "dependents), or give "
                      "the new version another name";
        }
        return;
    }
    if (!c->cat || (c->eff && c->eff->simulated) || !f->return_type)
        return;
    const struct cat_func *old = existing_func(c, f);
    if (!old || !old->rettype.type)
        return;
    const PgQuery__TypeName *t = f->return_type;
    const char *tn = node_type_name(t);
    const char *ts = t->n_names >= 2 ? node_str(t->names[0]) : NULL;
    if (ts && strcmp(ts, "pg_catalog") == 0)
        ts = NULL;
    const struct cat_type *nt =
        catalog_find_type(c->cat, ts, node_type_is_array(t) ? rule_printf(c, "%s[]", tn) : tn);
    if (!nt)
        return;
    if (nt == old->rettype.type && t->setof == old->retset)
        return;
    struct diag *d =
        rule_report(c, t->location,
                    "CREATE OR REPLACE FUNCTION %s fails: cannot change return type of "
                    "existing function (%s%s -> %s%s)",
                    name, old->retset ? "SETOF " : "", catalog_type_text(c->cat, &old->rettype),
                    t->setof ? "SETOF " : "", tn);
    if (d) {
        d->sqlstate = "42P13";
        d->help = "DROP FUNCTION and CREATE FUNCTION (in one transaction, recreating dependents), "
                  "or give the new "
                  "version another name";
    }
}

const struct rule rule_function_return_type_change = {
    .id = "function-return-type-change",
    .sev = SEV_ERROR,
    .group = RG_OBJECTS,
    .summary = "CREATE OR REPLACE FUNCTION with a different return type",
    .squawk = NULL,
    .doc =
        "## What\n"
        "`CREATE OR REPLACE FUNCTION f(args)` where `f(args)` exists with another return type "
        "(or `SETOF` where it had none, or different OUT parameters).\n\n"
        "## Why\n"
        "PostgreSQL refuses (SQLSTATE 42P13, \"cannot change return type of existing "
        "function\"): the migration fails.\n\n"
        "## Instead\n"
        "`DROP FUNCTION` then `CREATE FUNCTION` in the same transaction (dependent views, "
        "triggers and defaults must be recreated), or create the new version under a new name.\n\n"
        "## Example\n"
        "```sql\n"
        "DROP FUNCTION total(bigint);\n"
        "CREATE FUNCTION total(bigint) RETURNS numeric LANGUAGE sql AS $$ SELECT 0::numeric $$;\n"
        "```\n",
    .check = check_func_return,
};

/* ---- trigger-function-invalid ---- */

static void check_trigger_func(struct rule_ctx *c)
{
    if (c->node->node_case != PG_QUERY__NODE__NODE_CREATE_TRIG_STMT)
        return;
    const PgQuery__CreateTrigStmt *t = c->node->create_trig_stmt;
    const char *fname = rule_qualify_list(c, t->funcname, t->n_funcname);
    const char *sqlstate = NULL;
    const char *msg = NULL;
    if (sim_says(c, "42883") || sim_says(c, "42P17")) {
        sqlstate = c->eff->sqlstate;
        msg = c->eff->message;
    } else if (c->cat && !(c->eff && c->eff->simulated)) {
        const char *name = node_last_str(t->funcname, t->n_funcname);
        const char *schema = t->n_funcname >= 2 ? node_str(t->funcname[t->n_funcname - 2]) : NULL;
        const struct cat_func *f = name ? catalog_find_func(c->cat, schema, name, NULL, 0) : NULL;
        if (!f) {
            sqlstate = "42883";
            msg = rule_printf(c, "function %s() does not exist", fname);
        } else if (!f->rettype.type || strcmp(f->rettype.type->name, "trigger") != 0) {
            sqlstate = "42P17";
            msg = rule_printf(c, "function %s must return type trigger", fname);
        }
    }
    if (!sqlstate)
        return;
    struct diag *d = rule_report(c, -1, "CREATE TRIGGER %s fails: %s", t->trigname, msg);
    if (!d)
        return;
    d->sqlstate = sqlstate;
    d->help =
        strcmp(sqlstate, "42883") == 0
            ? "create the trigger function (RETURNS trigger, no arguments) earlier in the chain"
            : "a trigger function is declared RETURNS trigger and takes no arguments (use TG_ARGV "
              "for "
              "the trigger's arguments)";
}

const struct rule rule_trigger_function_invalid = {
    .id = "trigger-function-invalid",
    .sev = SEV_ERROR,
    .group = RG_OBJECTS,
    .summary = "trigger on a function that does not exist or does not return trigger",
    .squawk = NULL,
    .doc = "## What\n"
           "`CREATE TRIGGER ... EXECUTE FUNCTION f()` where no function `f()` without arguments "
           "exists at that point of the chain, or it does not return `trigger`.\n\n"
           "## Why\n"
           "PostgreSQL rejects the statement (SQLSTATE 42883 or 42P17). A common cause is creating "
           "the trigger before the function, or declaring trigger arguments as function "
           "parameters.\n\n"
           "## Instead\n"
           "Create the function first, `RETURNS trigger`, with no parameters; trigger arguments "
           "reach it through `TG_ARGV`.\n\n"
           "## Example\n"
           "```sql\n"
           "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS\n"
           "$$ BEGIN NEW.updated_at := now(); RETURN NEW; END $$;\n"
           "CREATE TRIGGER t_touch BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION touch();\n"
           "```\n",
    .check = check_trigger_func,
};

/* ---- policy-without-rls / rls-without-policy (end of part) ---- */

static uint32_t live_policies(const struct cat_rel *r)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < r->policies.n; i++) {
        const struct cat_policy *p = r->policies.items[i];
        if (!p->obj.dropped)
            n++;
    }
    return n;
}

static void end_policy_without_rls(struct rule_ctx *c)
{
    if (!c->cat || !c->part)
        return;
    for (uint32_t i = 0; i < c->part->nstmts; i++) {
        const struct stmt *st = &c->part->stmts[i];
        if (!st->node || st->node->node_case != PG_QUERY__NODE__NODE_CREATE_POLICY_STMT)
            continue;
        const PgQuery__CreatePolicyStmt *p = st->node->create_policy_stmt;
        const struct cat_rel *r = rule_find_rel(c, p->table);
        if (!r || r->rls_enabled || !catalog_find_policy(r, p->policy_name))
            continue;
        const struct stmt *saved = c->stmt;
        c->stmt = st;
        struct diag *d = rule_report(
            c, p->table->location,
            "policy %s on %s.%s has no effect: row level security is not enabled on the "
            "table",
            p->policy_name, r->schema->name, r->name);
        c->stmt = saved;
        if (d)
            d->help = rule_printf(c, "ALTER TABLE %s.%s ENABLE ROW LEVEL SECURITY", r->schema->name,
                                  r->name);
    }
}

const struct rule rule_policy_without_rls = {
    .id = "policy-without-rls",
    .sev = SEV_WARNING,
    .group = RG_OBJECTS,
    .summary = "policy on a table without row level security enabled",
    .squawk = NULL,
    .doc =
        "## What\n"
        "`CREATE POLICY` on a table whose row level security is still disabled once the revision "
        "has run.\n\n"
        "## Why\n"
        "Policies are only applied when `ENABLE ROW LEVEL SECURITY` is set on the table. Until "
        "then every role with table privileges sees and changes every row: the policy gives a "
        "false sense of protection.\n\n"
        "## Instead\n"
        "`ALTER TABLE t ENABLE ROW LEVEL SECURITY` in the same revision (and `FORCE ROW LEVEL "
        "SECURITY` if the owner must be restricted too).\n\n"
        "## Example\n"
        "```sql\n"
        "CREATE POLICY tenant_isolation ON docs USING (tenant_id = "
        "current_setting('app.tenant')::bigint);\n"
        "ALTER TABLE docs ENABLE ROW LEVEL SECURITY;\n"
        "```\n",
    .end_part = end_policy_without_rls,
};

static bool enables_rls(const PgQuery__Node *n)
{
    if (n->node_case != PG_QUERY__NODE__NODE_ALTER_TABLE_STMT)
        return false;
    for (size_t i = 0; i < n->alter_table_stmt->n_cmds; i++) {
        const PgQuery__Node *cn = n->alter_table_stmt->cmds[i];
        if (cn->node_case == PG_QUERY__NODE__NODE_ALTER_TABLE_CMD &&
            (cn->alter_table_cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_EnableRowSecurity ||
             cn->alter_table_cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_ForceRowSecurity))
            return true;
    }
    return false;
}

static void end_rls_without_policy(struct rule_ctx *c)
{
    if (!c->cat || !c->part)
        return;
    for (uint32_t i = 0; i < c->part->nstmts; i++) {
        const struct stmt *st = &c->part->stmts[i];
        if (!st->node || !enables_rls(st->node))
            continue;
        const struct cat_rel *r = rule_find_rel(c, st->node->alter_table_stmt->relation);
        if (!r || !r->rls_enabled || live_policies(r))
            continue;
        const struct stmt *saved = c->stmt;
        c->stmt = st;
        struct diag *d =
            rule_report(c, -1,
                        "row level security is enabled on %s.%s but it has no policy: every role "
                        "but the owner (and superusers) now sees no rows and cannot write any",
                        r->schema->name, r->name);
        c->stmt = saved;
        if (d)
            d->help = "create the policies in the same revision as ENABLE ROW LEVEL SECURITY";
    }
}

const struct rule rule_rls_without_policy = {
    .id = "rls-without-policy",
    .sev = SEV_ERROR,
    .group = RG_OBJECTS,
    .summary = "row level security enabled with no policy",
    .squawk = NULL,
    .doc =
        "## What\n"
        "`ALTER TABLE t ENABLE ROW LEVEL SECURITY` (or `FORCE`) where `t` has no policy once the "
        "revision has run.\n\n"
        "## Why\n"
        "With RLS enabled and no policy, PostgreSQL applies a default-deny policy: every role "
        "except the table owner and superusers (and roles with `BYPASSRLS`) sees zero rows and "
        "cannot insert, update or delete. An application connecting as a non-owner role breaks "
        "immediately.\n\n"
        "## Instead\n"
        "Create the policies in the same revision, before or after enabling RLS.\n\n"
        "## Example\n"
        "```sql\n"
        "ALTER TABLE docs ENABLE ROW LEVEL SECURITY;\n"
        "CREATE POLICY docs_owner ON docs USING (owner = current_user);\n"
        "```\n",
    .end_part = end_rls_without_policy,
};

/* ---- refresh-concurrently-without-unique-index ---- */

static bool usable_unique_index(const struct cat_rel *mv)
{
    for (uint32_t i = 0; i < mv->indexes.n; i++) {
        const struct cat_rel *ix = mv->indexes.items[i];
        if (ix->obj.dropped || !ix->index || !ix->index->unique || ix->index->predicate ||
            !ix->index->valid)
            continue;
        bool plain = true;
        for (uint32_t k = 0; k < ix->index->nkeyatts; k++)
            if (ix->index->attnums[k] == 0)
                plain = false; /* an expression column does not qualify */
        if (plain)
            return true;
    }
    return false;
}

static void check_refresh_concurrently(struct rule_ctx *c)
{
    if (c->node->node_case != PG_QUERY__NODE__NODE_REFRESH_MAT_VIEW_STMT ||
        !c->node->refresh_mat_view_stmt->concurrent)
        return;
    const PgQuery__RefreshMatViewStmt *s = c->node->refresh_mat_view_stmt;
    const struct cat_rel *mv = rule_find_rel(c, s->relation);
    if (!mv || mv->relkind != CAT_RELKIND_MATVIEW)
        return;
    const char *name = rule_qualify(c, s->relation);
    struct diag *d = NULL;
    if (!usable_unique_index(mv)) {
        d = rule_report(c, -1,
                        "REFRESH MATERIALIZED VIEW CONCURRENTLY %s fails: it has no unique index "
                        "on plain columns "
                        "without a WHERE clause",
                        name);
        if (d) {
            d->sqlstate = "55000";
            d->help = "CREATE UNIQUE INDEX on one or more columns of the materialized view (no "
                      "expressions, no "
                      "WHERE) before refreshing concurrently";
        }
    } else if (!mv->with_data) {
        d = rule_report(c, -1,
                        "REFRESH MATERIALIZED VIEW CONCURRENTLY %s fails: the materialized view is "
                        "not populated",
                        name);
        if (d) {
            d->sqlstate = "0A000";
            d->help = "populate it once with a plain REFRESH MATERIALIZED VIEW (it was created "
                      "WITH NO DATA)";
        }
    }
}

const struct rule rule_refresh_concurrently_without_unique_index = {
    .id = "refresh-concurrently-without-unique-index",
    .sev = SEV_ERROR,
    .group = RG_OBJECTS,
    .summary = "REFRESH MATERIALIZED VIEW CONCURRENTLY on a matview without a unique index",
    .squawk = NULL,
    .doc =
        "## What\n"
        "`REFRESH MATERIALIZED VIEW CONCURRENTLY mv` where `mv` has no unique index made only of "
        "plain columns and without a `WHERE` clause, or was created `WITH NO DATA` and never "
        "refreshed.\n\n"
        "## Why\n"
        "The concurrent refresh matches old and new rows through such an index; without one "
        "PostgreSQL refuses (SQLSTATE 55000), and it refuses an unpopulated view too (0A000).\n\n"
        "## Instead\n"
        "Create the unique index first (`CREATE UNIQUE INDEX ON mv (id)`), and populate a new "
        "view once with a plain `REFRESH`.\n\n"
        "## Example\n"
        "```sql\n"
        "CREATE UNIQUE INDEX daily_totals_day_key ON daily_totals (day);\n"
        "REFRESH MATERIALIZED VIEW CONCURRENTLY daily_totals;\n"
        "```\n",
    .check = check_refresh_concurrently,
};

/* ---- drop-function-used-by-trigger ---- */

static const struct cat_func *dropped_func(struct rule_ctx *c, const PgQuery__ObjectWithArgs *o)
{
    const char *name = node_last_str(o->objname, o->n_objname);
    const char *schema = o->n_objname >= 2 ? node_str(o->objname[o->n_objname - 2]) : NULL;
    if (!name)
        return NULL;
    if (o->args_unspecified) {
        struct cat_func **fs = NULL;
        uint32_t n = catalog_find_funcs(c->cat, schema, name, &fs);
        return n == 1 ? fs[0] : NULL;
    }
    struct cat_type *types[100];
    uint32_t n = 0;
    for (size_t i = 0; i < o->n_objargs && n < 100; i++) {
        if (o->objargs[i]->node_case != PG_QUERY__NODE__NODE_TYPE_NAME)
            return NULL;
        const PgQuery__TypeName *t = o->objargs[i]->type_name;
        const char *tn = node_type_name(t);
        const char *ts = t->n_names >= 2 ? node_str(t->names[0]) : NULL;
        if (ts && strcmp(ts, "pg_catalog") == 0)
            ts = NULL;
        struct cat_type *ct =
            catalog_find_type(c->cat, ts, node_type_is_array(t) ? rule_printf(c, "%s[]", tn) : tn);
        if (!ct)
            return NULL;
        types[n++] = ct;
    }
    return catalog_find_func(c->cat, schema, name, types, n);
}

static void check_drop_trigger_func(struct rule_ctx *c)
{
    if (!c->cat || c->node->node_case != PG_QUERY__NODE__NODE_DROP_STMT)
        return;
    const PgQuery__DropStmt *s = c->node->drop_stmt;
    if (s->remove_type != PG_QUERY__OBJECT_TYPE__OBJECT_FUNCTION)
        return;
    bool cascade = s->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE;
    for (size_t i = 0; i < s->n_objects; i++) {
        if (s->objects[i]->node_case != PG_QUERY__NODE__NODE_OBJECT_WITH_ARGS)
            continue;
        const struct cat_func *f = dropped_func(c, s->objects[i]->object_with_args);
        if (!f)
            continue;
        struct cat_dep **deps = NULL;
        uint32_t n = catalog_dependents(c->cat, &f->obj, 0, &deps);
        for (uint32_t k = 0; k < n; k++) {
            if (!deps[k]->dependent || deps[k]->dependent->kind != CAT_TRIGGER)
                continue;
            const struct cat_trigger *t = (const struct cat_trigger *)deps[k]->dependent;
            /* a trigger dropped earlier in this statement's list is not in the catalog anymore */
            struct diag *d;
            if (cascade) {
                d = rule_report(
                    c, -1, "DROP FUNCTION %s.%s CASCADE silently drops trigger %s on %s.%s",
                    f->schema->name, f->name, t->name, t->rel->schema->name, t->rel->name);
                if (d)
                    d->help =
                        "drop (or repoint) the trigger explicitly first, so the review shows it";
            } else {
                d = rule_report(
                    c, -1, "DROP FUNCTION %s.%s fails: trigger %s on %s.%s depends on it",
                    f->schema->name, f->name, t->name, t->rel->schema->name, t->rel->name);
                if (d) {
                    d->sqlstate = "2BP01";
                    d->help = "drop the trigger first (DROP TRIGGER ... ON ...), or point it at "
                              "another function";
                }
            }
            break;
        }
    }
}

const struct rule rule_drop_function_used_by_trigger = {
    .id = "drop-function-used-by-trigger",
    .sev = SEV_ERROR,
    .group = RG_OBJECTS,
    .summary = "dropping a function that a trigger uses",
    .squawk = NULL,
    .doc = "## What\n"
           "`DROP FUNCTION f` where a trigger executes `f`.\n\n"
           "## Why\n"
           "Without `CASCADE` PostgreSQL refuses (SQLSTATE 2BP01) and the migration fails. With "
           "`CASCADE` the trigger disappears silently, and whatever it maintained (audit rows, "
           "denormalised columns, `updated_at`) stops being maintained.\n\n"
           "## Instead\n"
           "Drop or repoint the trigger explicitly first, so the review sees it.\n\n"
           "## Example\n"
           "```sql\n"
           "DROP TRIGGER orders_touch ON orders;\n"
           "DROP FUNCTION touch();\n"
           "```\n",
    .check = check_drop_trigger_func,
};
