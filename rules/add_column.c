/*
 * add_column.c - ADD COLUMN forms that rewrite an existing table or fail on
 * one with rows: volatile defaults (classified by function volatility, from
 * pg_proc for built-ins and from the catalog for the chain's own functions),
 * serial and identity columns, stored generated columns, NOT NULL without a
 * default. Tables created earlier in the same revision are exempt.
 */
#include "lint/rule.h"
#include "lint/rule_pgfacts.h"

#include <string.h>

typedef void (*addcol_fn)(struct rule_ctx *c, const char *rel, const PgQuery__ColumnDef *cd);

static void each_added_column(struct rule_ctx *c, addcol_fn fn)
{
    const PgQuery__AlterTableStmt *s = rule_alter_existing_table(c);
    if (!s)
        return;
    const char *rel = rule_qualify(c, s->relation);
    for (size_t i = 0; i < s->n_cmds; i++) {
        if (s->cmds[i]->node_case != PG_QUERY__NODE__NODE_ALTER_TABLE_CMD)
            continue;
        const PgQuery__AlterTableCmd *cmd = s->cmds[i]->alter_table_cmd;
        if ((cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumn ||
             cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumnRecurse) &&
            cmd->def && cmd->def->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF)
            fn(c, rel, cmd->def->column_def);
    }
}

static bool is_serial(const PgQuery__ColumnDef *cd)
{
    const char *t = node_type_name(cd->type_name);
    return !node_type_is_array(cd->type_name) &&
           (strcmp(t, "serial") == 0 || strcmp(t, "bigserial") == 0 ||
            strcmp(t, "smallserial") == 0);
}

/* ---- volatility of a default expression ---- */

struct vol_walk {
    struct rule_ctx *c;
    enum pgfact_volatility worst;
    const char *culprit; /* the function that makes it volatile */
    int32_t culprit_loc;
    bool unknown; /* culprit's volatility could not be determined */
};

static enum pgfact_volatility func_volatility(struct rule_ctx *c, const PgQuery__FuncCall *f,
                                              bool *unknown)
{
    *unknown = false;
    const char *name = node_last_str(f->funcname, f->n_funcname);
    const char *schema = f->n_funcname >= 2 ? node_str(f->funcname[f->n_funcname - 2]) : NULL;
    if (!name)
        return PGFACT_VOLATILE;
    bool builtin_ns = !schema || strcmp(schema, "pg_catalog") == 0;
    /* The chain's own functions first, as the search path would find them
     * (a user function can shadow nothing in pg_catalog, which is searched first,
     * so a built-in name always resolves to the built-in). */
    if (builtin_ns) {
        enum pgfact_volatility v = pgfact_builtin_volatility(name);
        if (v != PGFACT_UNKNOWN)
            return v;
    }
    if (c->cat) {
        struct cat_func **fs = NULL;
        uint32_t n = catalog_find_funcs(c->cat, schema, name, &fs);
        if (n) {
            enum pgfact_volatility v = PGFACT_IMMUTABLE;
            for (uint32_t i = 0; i < n; i++) {
                enum pgfact_volatility k = fs[i]->volatility == 'v'   ? PGFACT_VOLATILE
                                           : fs[i]->volatility == 's' ? PGFACT_STABLE
                                                                      : PGFACT_IMMUTABLE;
                if (k > v)
                    v = k;
            }
            return v;
        }
    }
    enum pgfact_volatility v = pgfact_extension_volatility(name);
    if (v != PGFACT_UNKNOWN)
        return v;
    /* CREATE FUNCTION defaults to VOLATILE, and a function airlock cannot
     * see (created outside the chain) may well be. */
    *unknown = true;
    return PGFACT_VOLATILE;
}

static bool vol_visit(const PgQuery__Node *n, void *arg)
{
    struct vol_walk *w = arg;
    if (n->node_case == PG_QUERY__NODE__NODE_FUNC_CALL) {
        bool unknown;
        enum pgfact_volatility v = func_volatility(w->c, n->func_call, &unknown);
        if (v > w->worst || (v == w->worst && v == PGFACT_VOLATILE && !w->culprit)) {
            w->worst = v;
            if (v == PGFACT_VOLATILE) {
                w->culprit = node_last_str(n->func_call->funcname, n->func_call->n_funcname);
                w->culprit_loc = n->func_call->location;
                w->unknown = unknown;
            }
        }
    }
    return true;
}

static const PgQuery__Node *column_default(const PgQuery__ColumnDef *cd)
{
    if (cd->raw_default)
        return cd->raw_default;
    const PgQuery__Constraint *k = node_col_constraint(cd, PG_QUERY__CONSTR_TYPE__CONSTR_DEFAULT);
    return k ? k->raw_expr : NULL;
}

static bool is_null_const(const PgQuery__Node *n)
{
    if (n && n->node_case == PG_QUERY__NODE__NODE_TYPE_CAST)
        n = n->type_cast->arg;
    return n && n->node_case == PG_QUERY__NODE__NODE_A_CONST && n->a_const->isnull;
}

static void volatile_default_one(struct rule_ctx *c, const char *rel, const PgQuery__ColumnDef *cd)
{
    const PgQuery__Node *def = column_default(cd);
    if (!def || is_null_const(def) || is_serial(cd))
        return;
    if (c->pg_version < 11) {
        struct diag *d = rule_report(c, node_location(def),
                                     "adding column %s with a default rewrites all of %s under an "
                                     "AccessExclusiveLock on PostgreSQL %d",
                                     cd->colname, rel, c->pg_version);
        if (d)
            d->help =
                "add the column without a default, set the default in a second statement, and "
                "backfill existing rows in batches";
        return;
    }
    struct vol_walk w = {c, PGFACT_IMMUTABLE, NULL, -1, false};
    node_walk(def, vol_visit, &w);
    if (w.worst != PGFACT_VOLATILE)
        return;
    struct diag *d =
        rule_report(c, w.culprit_loc >= 0 ? w.culprit_loc : node_location(def),
                    "adding column %s with volatile default %s() rewrites every row of %s "
                    "under an AccessExclusiveLock",
                    cd->colname, w.culprit ? w.culprit : "?", rel);
    if (!d)
        return;
    d->help = "add the column with no default (or a constant one), then SET DEFAULT in a second "
              "statement and backfill existing rows in batches";
    if (w.unknown)
        d->note =
            rule_printf(c,
                        "%s() is not created by the chain nor built in; functions are VOLATILE "
                        "unless declared otherwise",
                        w.culprit ? w.culprit : "?");
}

static void check_volatile_default(struct rule_ctx *c)
{
    each_added_column(c, volatile_default_one);
}

const struct rule rule_adding_field_with_default = {
    .id = "adding-field-with-default",
    .sev = SEV_ERROR,
    .group = RG_LOCKING,
    .summary = "ADD COLUMN with a volatile default (table rewrite)",
    .squawk = "adding-field-with-default",
    .doc =
        "## What\n"
        "`ALTER TABLE ... ADD COLUMN c ... DEFAULT expr` on an existing table where `expr` calls "
        "a volatile function (`random()`, `gen_random_uuid()`, `clock_timestamp()`, `nextval()`, "
        "or a function of your own that is not declared `STABLE`/`IMMUTABLE`). On PostgreSQL "
        "before 11, any non-NULL default.\n\n"
        "## Why\n"
        "Since PostgreSQL 11 a non-volatile default is evaluated once and stored in the catalog: "
        "the statement is instant. A volatile default must be computed for each row, so the "
        "whole table is rewritten under an `AccessExclusiveLock`. Constants, `now()` and "
        "`CURRENT_TIMESTAMP` are fine.\n\n"
        "## Instead\n"
        "Add the column without a default, `ALTER COLUMN c SET DEFAULT expr` (applies to new "
        "rows only), then backfill existing rows in batches.\n\n"
        "## Example\n"
        "```sql\n"
        "-- bad: rewrites the table\n"
        "ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid();\n"
        "-- good\n"
        "ALTER TABLE users ADD COLUMN token uuid;\n"
        "ALTER TABLE users ALTER COLUMN token SET DEFAULT gen_random_uuid();\n"
        "-- then backfill in batches\n"
        "```\n",
    .check = check_volatile_default,
};

/* ---- adding-serial-column ---- */

static void serial_one(struct rule_ctx *c, const char *rel, const PgQuery__ColumnDef *cd)
{
    const PgQuery__Constraint *ident =
        node_col_constraint(cd, PG_QUERY__CONSTR_TYPE__CONSTR_IDENTITY);
    if (!is_serial(cd) && !ident)
        return;
    struct diag *d =
        rule_report(c, cd->location,
                    "adding %s column %s to existing table %s fills it from a sequence row "
                    "by row, rewriting the table under an AccessExclusiveLock",
                    ident ? "identity" : node_type_name(cd->type_name), cd->colname, rel);
    if (d)
        d->help = "add a plain bigint column, attach the sequence or identity as its default for "
                  "new rows, "
                  "backfill existing rows in batches, then add constraints";
}

static void check_serial(struct rule_ctx *c)
{
    each_added_column(c, serial_one);
}

const struct rule rule_adding_serial_column = {
    .id = "adding-serial-column",
    .sev = SEV_ERROR,
    .group = RG_LOCKING,
    .summary = "serial/bigserial or identity column added to an existing table (rewrite)",
    .squawk = "adding-field-with-default",
    .doc =
        "## What\n"
        "`ALTER TABLE ... ADD COLUMN id bigserial` (or `serial`, `smallserial`, or `GENERATED ... "
        "AS IDENTITY`) on an existing table.\n\n"
        "## Why\n"
        "The new column's default is `nextval()`, which is volatile: PostgreSQL rewrites the whole "
        "table to give each existing row its value, holding an `AccessExclusiveLock`.\n\n"
        "## Instead\n"
        "Add a plain `bigint` column, give it the sequence as default for new rows "
        "(`SET DEFAULT nextval(...)` or `ADD GENERATED BY DEFAULT AS IDENTITY` once filled), "
        "backfill existing rows in batches, then add `NOT NULL` and keys safely.\n\n"
        "## Example\n"
        "```sql\n"
        "-- bad\n"
        "ALTER TABLE events ADD COLUMN id bigserial;\n"
        "```\n",
    .check = check_serial,
};

/* ---- adding-stored-generated-column ---- */

static void generated_one(struct rule_ctx *c, const char *rel, const PgQuery__ColumnDef *cd)
{
    const PgQuery__Constraint *g = node_col_constraint(cd, PG_QUERY__CONSTR_TYPE__CONSTR_GENERATED);
    if (!g)
        return;
    struct diag *d =
        rule_report(c, g->location,
                    "adding stored generated column %s computes it for every row, rewriting "
                    "%s under an AccessExclusiveLock",
                    cd->colname, rel);
    if (d)
        d->help = "add a plain column filled by a trigger for new rows, backfill existing rows in "
                  "batches; "
                  "or compute the value in a view or an expression index";
}

static void check_generated(struct rule_ctx *c)
{
    each_added_column(c, generated_one);
}

const struct rule rule_adding_stored_generated_column = {
    .id = "adding-stored-generated-column",
    .sev = SEV_ERROR,
    .group = RG_LOCKING,
    .summary = "GENERATED ... STORED column added to an existing table (rewrite)",
    .squawk = "adding-field-with-default",
    .doc =
        "## What\n"
        "`ALTER TABLE ... ADD COLUMN c type GENERATED ALWAYS AS (expr) STORED` on an existing "
        "table.\n\n"
        "## Why\n"
        "The value must be computed and stored for every existing row: a full table rewrite under "
        "an `AccessExclusiveLock`.\n\n"
        "## Instead\n"
        "Add a plain column kept up to date by a trigger, backfill in batches; or compute the "
        "value at read time (a view, or an expression index if you need to search on it).\n\n"
        "## Example\n"
        "```sql\n"
        "-- bad\n"
        "ALTER TABLE items ADD COLUMN total numeric GENERATED ALWAYS AS (qty * price) STORED;\n"
        "```\n",
    .check = check_generated,
};

/* ---- adding-required-field ---- */

static void required_one(struct rule_ctx *c, const char *rel, const PgQuery__ColumnDef *cd)
{
    bool notnull = cd->is_not_null ||
                   node_col_constraint(cd, PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL) ||
                   node_col_constraint(cd, PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY);
    if (!notnull)
        return;
    const PgQuery__Node *def = column_default(cd);
    if ((def && !is_null_const(def)) || is_serial(cd) ||
        node_col_constraint(cd, PG_QUERY__CONSTR_TYPE__CONSTR_IDENTITY) ||
        node_col_constraint(cd, PG_QUERY__CONSTR_TYPE__CONSTR_GENERATED))
        return;
    struct diag *d =
        rule_report(c, cd->location,
                    "adding NOT NULL column %s without a default to existing table %s fails "
                    "as soon as the table has a row",
                    cd->colname, rel);
    if (!d)
        return;
    d->sqlstate = "23502";
    d->help =
        "add it with a DEFAULT (instant for constants), or add it nullable, backfill, and make it "
        "NOT NULL afterwards";
}

static void check_required(struct rule_ctx *c)
{
    each_added_column(c, required_one);
}

const struct rule rule_adding_required_field = {
    .id = "adding-required-field",
    .sev = SEV_ERROR,
    .group = RG_COMPAT,
    .summary = "ADD COLUMN NOT NULL without a default on an existing table",
    .squawk = "adding-required-field",
    .doc =
        "## What\n"
        "`ALTER TABLE ... ADD COLUMN c type NOT NULL` with no `DEFAULT` on an existing table.\n\n"
        "## Why\n"
        "Existing rows would get NULL, so PostgreSQL rejects the statement (SQLSTATE 23502) as "
        "soon as the table has one row: it passes on an empty development database and fails in "
        "production. Even on an empty table, the application version still running does not "
        "know the column and its INSERTs start failing.\n\n"
        "## Instead\n"
        "Add the column with a constant `DEFAULT` (instant since PostgreSQL 11), or nullable: "
        "backfill, then add `NOT NULL` safely (see `set-not-null`).\n\n"
        "## Example\n"
        "```sql\n"
        "ALTER TABLE users ADD COLUMN plan text NOT NULL DEFAULT 'free';\n"
        "```\n",
    .check = check_required,
};
