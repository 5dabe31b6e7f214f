/*
 * constraints.c - constraints whose creation reads the whole table (or
 * builds an index) while a strong lock is held: FK/CHECK without NOT VALID,
 * VALIDATE in the same transaction, UNIQUE/PRIMARY KEY without USING INDEX,
 * primary keys over nullable columns, exclusion constraints, SET NOT NULL.
 * The catalog tells which columns are already NOT NULL and which validated
 * CHECK constraints prove it.
 */
#include "lint/rule.h"

#include <string.h>

/* Each ADD CONSTRAINT of an ALTER TABLE on an existing table, and each
 * constraint attached to an ADD COLUMN (colname set). */
struct added_con {
    const PgQuery__Constraint *con;
    const char *colname; /* column constraint of ADD COLUMN, else NULL */
};

typedef void (*con_fn)(struct rule_ctx *c, const PgQuery__AlterTableStmt *s,
                       const struct added_con *a);

static void each_added_constraint(struct rule_ctx *c, con_fn fn)
{
    const PgQuery__AlterTableStmt *s = rule_alter_existing_table(c);
    if (!s)
        return;
    for (size_t i = 0; i < s->n_cmds; i++) {
        if (s->cmds[i]->node_case != PG_QUERY__NODE__NODE_ALTER_TABLE_CMD)
            continue;
        const PgQuery__AlterTableCmd *cmd = s->cmds[i]->alter_table_cmd;
        const PgQuery__Node *def = cmd->def;
        if (!def)
            continue;
        if ((cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraint ||
             cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraintRecurse) &&
            def->node_case == PG_QUERY__NODE__NODE_CONSTRAINT) {
            struct added_con a = {def->constraint, NULL};
            fn(c, s, &a);
        } else if ((cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumn ||
                    cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumnRecurse) &&
                   def->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF) {
            const PgQuery__ColumnDef *cd = def->column_def;
            for (size_t k = 0; k < cd->n_constraints; k++)
                if (cd->constraints[k]->node_case == PG_QUERY__NODE__NODE_CONSTRAINT) {
                    struct added_con a = {cd->constraints[k]->constraint, cd->colname};
                    fn(c, s, &a);
                }
        }
    }
}

static const char *con_label(struct rule_ctx *c, const PgQuery__Constraint *con, const char *kind)
{
    if (con->conname && con->conname[0])
        return rule_printf(c, "%s %s", kind, con->conname);
    return kind;
}

/* ---- constraint-missing-not-valid ---- */

static void not_valid_one(struct rule_ctx *c, const PgQuery__AlterTableStmt *s,
                          const struct added_con *a)
{
    const PgQuery__Constraint *con = a->con;
    if (con->skip_validation)
        return;
    const char *rel = rule_qualify(c, s->relation);
    const struct cat_rel *r = rule_find_rel(c, s->relation);
    bool partitioned = r && r->relkind == CAT_RELKIND_PARTITIONED;
    struct diag *d = NULL;
    if (con->contype == PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN) {
        const char *ref = con->pktable ? rule_qualify(c, con->pktable) : "?";
        if (a->colname)
            d = rule_report(c, con->location,
                            "adding column %s with REFERENCES %s validates every row of %s while "
                            "holding ShareRowExclusiveLock on both tables (writes blocked)",
                            a->colname, ref, rel);
        else
            d = rule_report(c, con->location,
                            "adding %s on existing table %s validates every row while holding "
                            "ShareRowExclusiveLock on %s and %s (writes blocked)",
                            con_label(c, con, "foreign key"), rel, rel, ref);
        if (d)
            d->help = partitioned
                          ? "a partitioned table cannot take a NOT VALID foreign key: add it NOT "
                            "VALID to each partition, VALIDATE each, then add it to the parent"
                          : "add the constraint NOT VALID, then VALIDATE CONSTRAINT it in a later "
                            "transaction (that takes only ShareUpdateExclusiveLock)";
    } else if (con->contype == PG_QUERY__CONSTR_TYPE__CONSTR_CHECK) {
        if (a->colname)
            d = rule_report(c, con->location,
                            "adding column %s with a CHECK constraint checks every row of %s while "
                            "holding an AccessExclusiveLock (reads and writes blocked)",
                            a->colname, rel);
        else
            d = rule_report(c, con->location,
                            "adding %s on existing table %s checks every row while holding an "
                            "AccessExclusiveLock (reads and writes blocked)",
                            con_label(c, con, "CHECK constraint"), rel);
        if (d)
            d->help =
                "add the constraint NOT VALID, then VALIDATE CONSTRAINT it in a later transaction "
                "(that takes only ShareUpdateExclusiveLock)";
    }
}

static void check_not_valid(struct rule_ctx *c)
{
    each_added_constraint(c, not_valid_one);
}

const struct rule rule_constraint_missing_not_valid = {
    .id = "constraint-missing-not-valid",
    .sev = SEV_ERROR,
    .group = RG_LOCKING,
    .summary = "FOREIGN KEY or CHECK added to an existing table without NOT VALID",
    .squawk = "constraint-missing-not-valid,adding-foreign-key-constraint",
    .doc =
        "## What\n"
        "`ALTER TABLE ... ADD CONSTRAINT ... FOREIGN KEY` or `CHECK` (also as a column constraint "
        "of `ADD COLUMN`) on a table that already exists, without `NOT VALID`.\n\n"
        "## Why\n"
        "PostgreSQL checks every existing row before the statement ends, holding the lock the "
        "whole time: `AccessExclusiveLock` for a CHECK (nothing can read or write the table), "
        "`ShareRowExclusiveLock` on both tables for a foreign key (no writes).\n\n"
        "## Instead\n"
        "Add the constraint `NOT VALID` (instant; new rows are checked from then on), then run "
        "`ALTER TABLE ... VALIDATE CONSTRAINT` in a later transaction: validation takes only a "
        "`ShareUpdateExclusiveLock`, which lets reads and writes through. Tables created earlier "
        "in the same revision are exempt.\n\n"
        "## Example\n"
        "```sql\n"
        "ALTER TABLE orders ADD CONSTRAINT orders_customer_fk\n"
        "    FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID;\n"
        "-- next revision\n"
        "ALTER TABLE orders VALIDATE CONSTRAINT orders_customer_fk;\n"
        "```\n",
    .check = check_not_valid,
};

/* ---- validate-in-same-transaction ---- */

static bool added_not_valid(struct rule_ctx *c, const struct rule_stmt_info *info, const char *rel,
                            const char *conname)
{
    const PgQuery__Node *n = info->stmt->node;
    if (!n || n->node_case != PG_QUERY__NODE__NODE_ALTER_TABLE_STMT)
        return false;
    const PgQuery__AlterTableStmt *s = n->alter_table_stmt;
    if (strcmp(rule_qualify(c, s->relation), rel) != 0)
        return false;
    for (size_t i = 0; i < s->n_cmds; i++) {
        if (s->cmds[i]->node_case != PG_QUERY__NODE__NODE_ALTER_TABLE_CMD)
            continue;
        const PgQuery__AlterTableCmd *cmd = s->cmds[i]->alter_table_cmd;
        if (cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraint && cmd->def &&
            cmd->def->node_case == PG_QUERY__NODE__NODE_CONSTRAINT &&
            cmd->def->constraint->skip_validation && cmd->def->constraint->conname &&
            strcmp(cmd->def->constraint->conname, conname) == 0)
            return true;
    }
    return false;
}

static void check_validate_same_tx(struct rule_ctx *c)
{
    if (!c->in_tx)
        return;
    const PgQuery__AlterTableStmt *s = rule_alter_existing_table(c);
    if (!s)
        return;
    const char *rel = rule_qualify(c, s->relation);
    size_t i = 0;
    for (const PgQuery__AlterTableCmd *cmd;
         (cmd = rule_next_alter_cmd(s, &i, PG_QUERY__ALTER_TABLE_TYPE__AT_ValidateConstraint));) {
        if (!cmd->name)
            continue;
        for (uint32_t k = 0; k < c->ntx_prev; k++) {
            if (!added_not_valid(c, &c->tx_prev[k], rel, cmd->name))
                continue;
            struct diag *d =
                rule_report(c, -1,
                            "constraint %s is validated in the same transaction that added "
                            "it NOT VALID, so the scan runs under the ADD's lock",
                            cmd->name);
            if (d) {
                d->help =
                    "validate it in a later transaction (a separate revision, or after COMMIT)";
                d->note = rule_printf(c, "added at line %u", c->tx_prev[k].stmt->loc.line);
            }
            return;
        }
    }
}

const struct rule rule_validate_in_same_transaction = {
    .id = "validate-in-same-transaction",
    .sev = SEV_ERROR,
    .group = RG_LOCKING,
    .summary = "VALIDATE CONSTRAINT in the same transaction as its NOT VALID add",
    .squawk = "constraint-missing-not-valid",
    .doc = "## What\n"
           "`ALTER TABLE ... VALIDATE CONSTRAINT c` in the same transaction as the "
           "`ADD CONSTRAINT c ... NOT VALID` that created it.\n\n"
           "## Why\n"
           "Locks are held until the transaction ends. The `ADD` took an `AccessExclusiveLock` "
           "(CHECK) or `ShareRowExclusiveLock` (foreign key); validating before `COMMIT` scans the "
           "whole table while that lock is still held, which is exactly what `NOT VALID` was meant "
           "to avoid.\n\n"
           "## Instead\n"
           "Validate in a later transaction: the next revision, or after a `COMMIT`.\n\n"
           "## Example\n"
           "```sql\n"
           "-- revision 1\n"
           "ALTER TABLE orders ADD CONSTRAINT qty_positive CHECK (qty > 0) NOT VALID;\n"
           "-- revision 2\n"
           "ALTER TABLE orders VALIDATE CONSTRAINT qty_positive;\n"
           "```\n",
    .check = check_validate_same_tx,
};

/* ---- unique-constraint-without-index ---- */

static void unique_one(struct rule_ctx *c, const PgQuery__AlterTableStmt *s,
                       const struct added_con *a)
{
    const PgQuery__Constraint *con = a->con;
    bool pk = con->contype == PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY;
    if (!pk && con->contype != PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE)
        return;
    if (con->indexname && con->indexname[0])
        return; /* USING INDEX: the index already exists */
    const char *rel = rule_qualify(c, s->relation);
    const char *kind = pk ? "PRIMARY KEY" : "UNIQUE constraint";
    struct diag *d;
    if (a->colname)
        d = rule_report(c, con->location,
                        "adding column %s with %s builds a unique index on existing table %s while "
                        "holding an AccessExclusiveLock (reads and writes blocked)",
                        a->colname, pk ? "PRIMARY KEY" : "UNIQUE", rel);
    else
        d = rule_report(c, con->location,
                        "adding %s on existing table %s builds its unique index while holding an "
                        "AccessExclusiveLock (reads and writes blocked)",
                        con_label(c, con, kind), rel);
    if (d)
        d->help =
            pk ? "CREATE UNIQUE INDEX CONCURRENTLY first, then ADD CONSTRAINT ... PRIMARY KEY "
                 "USING INDEX (instant when the columns are already NOT NULL)"
               : "CREATE UNIQUE INDEX CONCURRENTLY first, then ADD CONSTRAINT ... UNIQUE USING "
                 "INDEX";
}

static void check_unique_without_index(struct rule_ctx *c)
{
    each_added_constraint(c, unique_one);
}

const struct rule rule_unique_constraint_without_index = {
    .id = "unique-constraint-without-index",
    .sev = SEV_ERROR,
    .group = RG_LOCKING,
    .summary = "UNIQUE or PRIMARY KEY added to an existing table without USING INDEX",
    .squawk =
        "disallowed-unique-constraint,adding-serial-primary-key-field,constraint-missing-not-valid",
    .doc =
        "## What\n"
        "`ALTER TABLE ... ADD CONSTRAINT ... UNIQUE (...)` or `PRIMARY KEY (...)` (or `ADD COLUMN` "
        "with `UNIQUE`/`PRIMARY KEY`) on an existing table, building the index inside the "
        "statement.\n\n"
        "## Why\n"
        "The index is built while the statement holds an `AccessExclusiveLock`: no reads and no "
        "writes for as long as the build takes.\n\n"
        "## Instead\n"
        "Build the index first with `CREATE UNIQUE INDEX CONCURRENTLY` (outside a transaction), "
        "then attach it: `ADD CONSTRAINT name UNIQUE USING INDEX idx` (or `PRIMARY KEY USING "
        "INDEX idx`), which only updates the catalog.\n\n"
        "## Example\n"
        "```sql\n"
        "CREATE UNIQUE INDEX CONCURRENTLY users_email_key ON users (email);\n"
        "ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_key;\n"
        "```\n",
    .check = check_unique_without_index,
};

/* ---- primary-key-nullable-columns ---- */

/* A validated CHECK constraint of r proves col IS NOT NULL (the form
 * PostgreSQL 12+ recognises to skip SET NOT NULL's scan). */
static bool proven_not_null(struct rule_ctx *c, const struct cat_rel *r,
                            const struct cat_column *col)
{
    if (!c->cat)
        return false;
    const char *q = catalog_quote_ident(c->cat->arena, col->name);
    const char *want1 = rule_printf(c, "%s IS NOT NULL", q);
    const char *want2 = rule_printf(c, "(%s IS NOT NULL)", q);
    for (uint32_t i = 0; i < r->constraints.n; i++) {
        const struct cat_constraint *k = r->constraints.items[i];
        if (k->obj.dropped || k->contype != CAT_CON_CHECK || !k->validated || !k->expr)
            continue;
        const char *t = catalog_expr_text(c->cat, k->expr);
        if (t && (strcmp(t, want1) == 0 || strcmp(t, want2) == 0))
            return true;
    }
    return false;
}

/* Key column names of a PRIMARY KEY constraint (or of the index it uses). */
static uint32_t pk_columns(struct rule_ctx *c, const struct cat_rel *r,
                           const PgQuery__Constraint *con, const struct cat_column **out,
                           uint32_t max)
{
    uint32_t n = 0;
    if (con->indexname && con->indexname[0]) {
        const struct cat_rel *idx = catalog_find_rel(c->cat, r->schema->name, con->indexname);
        if (!idx || !idx->index)
            return 0;
        for (uint32_t i = 0; i < idx->index->nkeyatts && n < max; i++) {
            const struct cat_column *col = catalog_column_by_attnum(r, idx->index->attnums[i]);
            if (col)
                out[n++] = col;
        }
        return n;
    }
    for (size_t i = 0; i < con->n_keys && n < max; i++) {
        const struct cat_column *col = rule_find_col(r, node_str(con->keys[i]));
        if (col)
            out[n++] = col;
    }
    return n;
}

static void pk_nullable_one(struct rule_ctx *c, const PgQuery__AlterTableStmt *s,
                            const struct added_con *a)
{
    const PgQuery__Constraint *con = a->con;
    if (con->contype != PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY || a->colname || !c->cat)
        return;
    const struct cat_rel *r = rule_find_rel(c, s->relation);
    if (!r)
        return;
    const struct cat_column *cols[32];
    uint32_t n = pk_columns(c, r, con, cols, 32);
    for (uint32_t i = 0; i < n; i++) {
        if (cols[i]->notnull || (c->pg_version >= 12 && proven_not_null(c, r, cols[i])))
            continue;
        struct diag *d =
            rule_report(c, con->location,
                        "PRIMARY KEY on %s makes nullable column %s NOT NULL, which scans the "
                        "whole table under an AccessExclusiveLock",
                        rule_qualify(c, s->relation), cols[i]->name);
        if (d)
            d->help =
                c->pg_version >= 12
                    ? "first add CHECK (col IS NOT NULL) NOT VALID and VALIDATE it in a later "
                      "transaction, then SET NOT NULL (no scan), then add the primary key"
                    : "the column must be made NOT NULL first; on PostgreSQL < 12 that always "
                      "scans";
        return;
    }
}

static void check_pk_nullable(struct rule_ctx *c)
{
    each_added_constraint(c, pk_nullable_one);
}

const struct rule rule_primary_key_nullable_columns = {
    .id = "primary-key-nullable-columns",
    .sev = SEV_ERROR,
    .group = RG_LOCKING,
    .summary = "PRIMARY KEY over nullable columns (implicit SET NOT NULL scan)",
    .squawk = "adding-serial-primary-key-field",
    .doc = "## What\n"
           "`ALTER TABLE ... ADD PRIMARY KEY` (with or without `USING INDEX`) on an existing table "
           "whose key columns are not yet `NOT NULL`.\n\n"
           "## Why\n"
           "A primary key implies `NOT NULL`. PostgreSQL sets it on each nullable key column, and "
           "that reads the whole table to look for NULLs while the `AccessExclusiveLock` is held. "
           "Even `USING INDEX` does not avoid it.\n\n"
           "## Instead\n"
           "Make the columns `NOT NULL` first without a scan (PostgreSQL 12+): add "
           "`CHECK (col IS NOT NULL) NOT VALID`, validate it in a later transaction, then "
           "`SET NOT NULL` (which trusts the validated check), then add the primary key `USING "
           "INDEX` an index built concurrently.\n\n"
           "## Example\n"
           "```sql\n"
           "ALTER TABLE t ADD CONSTRAINT t_id_nn CHECK (id IS NOT NULL) NOT VALID;\n"
           "-- next revision\n"
           "ALTER TABLE t VALIDATE CONSTRAINT t_id_nn;\n"
           "ALTER TABLE t ALTER id SET NOT NULL;\n"
           "ALTER TABLE t ADD CONSTRAINT t_pkey PRIMARY KEY USING INDEX t_id_key;\n"
           "```\n",
    .check = check_pk_nullable,
};

/* ---- exclusion-constraint ---- */

static void exclusion_one(struct rule_ctx *c, const PgQuery__AlterTableStmt *s,
                          const struct added_con *a)
{
    if (a->con->contype != PG_QUERY__CONSTR_TYPE__CONSTR_EXCLUSION)
        return;
    struct diag *d =
        rule_report(c, a->con->location,
                    "adding %s to existing table %s builds its index and checks every row "
                    "while holding an AccessExclusiveLock",
                    con_label(c, a->con, "exclusion constraint"), rule_qualify(c, s->relation));
    if (d)
        d->help =
            "there is no concurrent way to add an exclusion constraint: add it when the table is "
            "created, or to a new table that replaces this one";
}

static void check_exclusion(struct rule_ctx *c)
{
    each_added_constraint(c, exclusion_one);
}

const struct rule rule_exclusion_constraint = {
    .id = "exclusion-constraint",
    .sev = SEV_ERROR,
    .group = RG_LOCKING,
    .summary = "exclusion constraint added to an existing table",
    .squawk = "constraint-missing-not-valid",
    .doc = "## What\n"
           "`ALTER TABLE ... ADD CONSTRAINT ... EXCLUDE USING ...` on an existing table.\n\n"
           "## Why\n"
           "The constraint's index is built and every row checked under an `AccessExclusiveLock`. "
           "Unlike UNIQUE, there is no `USING INDEX` form and no `NOT VALID`: nothing can read or "
           "write the table until it finishes.\n\n"
           "## Instead\n"
           "Declare exclusion constraints when creating the table. To add one later, build a new "
           "table with it and move the data over, or accept the outage in a maintenance window.\n\n"
           "## Example\n"
           "```sql\n"
           "CREATE TABLE bookings (room int, during tstzrange,\n"
           "    EXCLUDE USING gist (room WITH =, during WITH &&));\n"
           "```\n",
    .check = check_exclusion,
};

/* ---- set-not-null ---- */

static void check_set_not_null(struct rule_ctx *c)
{
    const PgQuery__AlterTableStmt *s = rule_alter_existing_table(c);
    if (!s)
        return;
    const char *rel = rule_qualify(c, s->relation);
    const struct cat_rel *r = rule_find_rel(c, s->relation);
    size_t i = 0;
    for (const PgQuery__AlterTableCmd *cmd;
         (cmd = rule_next_alter_cmd(s, &i, PG_QUERY__ALTER_TABLE_TYPE__AT_SetNotNull));) {
        if (!cmd->name)
            continue;
        /* a column added earlier in the revision is checked too: the scan
         * reads the whole (existing) table all the same */
        const struct cat_column *col = rule_find_col(r, cmd->name);
        if (r && !col)
            continue; /* no such column: the simulator reports the error */
        if (col && col->notnull)
            continue; /* already NOT NULL: a no-op */
        if (col && c->pg_version >= 12 && proven_not_null(c, r, col))
            continue;
        struct diag *d =
            rule_report(c, rule_alter_cmd_location(c, cmd),
                        "SET NOT NULL on %s.%s scans the whole table for NULLs while holding "
                        "an AccessExclusiveLock",
                        rel, cmd->name);
        if (d)
            d->help =
                c->pg_version >= 12
                    ? "add CHECK (col IS NOT NULL) NOT VALID, VALIDATE CONSTRAINT it in a later "
                      "transaction, then SET NOT NULL (it trusts the validated check and skips the "
                      "scan) and drop the check"
                    : "PostgreSQL < 12 always scans: keep a validated CHECK (col IS NOT NULL) "
                      "instead of SET NOT NULL";
    }
}

const struct rule rule_set_not_null = {
    .id = "set-not-null",
    .sev = SEV_ERROR,
    .group = RG_LOCKING,
    .summary = "SET NOT NULL on an existing column without a validated CHECK proving it",
    .squawk = "adding-not-nullable-field",
    .doc = "## What\n"
           "`ALTER TABLE ... ALTER COLUMN c SET NOT NULL` on a column that exists and is nullable, "
           "with no validated `CHECK (c IS NOT NULL)` on the table.\n\n"
           "## Why\n"
           "PostgreSQL reads every row to make sure none is NULL, holding an "
           "`AccessExclusiveLock`: the table is unavailable for the whole scan.\n\n"
           "## Instead\n"
           "Since PostgreSQL 12, `SET NOT NULL` skips the scan when a validated CHECK constraint "
           "already proves `c IS NOT NULL`. Add that check `NOT VALID` (instant), validate it in a "
           "later transaction (`ShareUpdateExclusiveLock`, traffic continues), then `SET NOT NULL` "
           "and drop the check. Tables created in the same revision are exempt; a column added "
           "earlier in the revision to an existing table is not (add, backfill, SET NOT NULL): the "
           "scan reads the whole table all the same.\n\n"
           "## Example\n"
           "```sql\n"
           "ALTER TABLE users ADD CONSTRAINT users_email_nn CHECK (email IS NOT NULL) NOT VALID;\n"
           "-- next revision\n"
           "ALTER TABLE users VALIDATE CONSTRAINT users_email_nn;\n"
           "ALTER TABLE users ALTER email SET NOT NULL;\n"
           "ALTER TABLE users DROP CONSTRAINT users_email_nn;\n"
           "```\n",
    .check = check_set_not_null,
};

/* ---- alter-domain-add-constraint ---- */

/* The first table (not created in this revision) with a column of domain t. */
static const struct cat_rel *domain_user(struct rule_ctx *c, const struct cat_type *t)
{
    struct cat_dep **deps = NULL;
    uint32_t n = catalog_dependents(c->cat, &t->obj, 0, &deps);
    for (uint32_t i = 0; i < n; i++) {
        const struct cat_obj *o = deps[i]->dependent;
        if (!o || o->kind != CAT_REL)
            continue;
        const struct cat_rel *r = (const struct cat_rel *)o;
        if (r->relkind != CAT_RELKIND_TABLE && r->relkind != CAT_RELKIND_PARTITIONED)
            continue;
        if (!rule_rel_is_new(c, rule_printf(c, "%s.%s", r->schema->name, r->name), NULL))
            return r;
    }
    return NULL;
}

static void check_alter_domain(struct rule_ctx *c)
{
    if (c->node->node_case != PG_QUERY__NODE__NODE_ALTER_DOMAIN_STMT)
        return;
    const PgQuery__AlterDomainStmt *s = c->node->alter_domain_stmt;
    bool add = s->subtype && s->subtype[0] == 'C';
    bool notnull = s->subtype && s->subtype[0] == 'O';
    if (!add && !notnull)
        return;
    if (add && s->def && s->def->node_case == PG_QUERY__NODE__NODE_CONSTRAINT &&
        s->def->constraint->skip_validation)
        return;
    const char *name = rule_qualify_list(c, s->type_name, s->n_type_name);
    if (rule_obj_is_new(c, "t", name))
        return;
    const char *where = "every column of that type";
    if (c->cat) {
        const char *tn = node_last_str(s->type_name, s->n_type_name);
        const char *ts = s->n_type_name >= 2 ? node_str(s->type_name[s->n_type_name - 2]) : NULL;
        const struct cat_type *t = tn ? catalog_find_type(c->cat, ts, tn) : NULL;
        if (!t || t->typtype != CAT_TYPE_DOMAIN)
            return;
        const struct cat_rel *r = domain_user(c, t);
        if (!r)
            return; /* no existing table stores the domain: nothing to scan */
        where = rule_printf(c, "every table using it (%s.%s, ...)", r->schema->name, r->name);
    }
    struct diag *d =
        rule_report(c, -1, "%s on domain %s checks %s, scanning each table while it is locked",
                    add ? "ADD CONSTRAINT" : "SET NOT NULL", name, where);
    if (d)
        d->help = add ? "add the domain constraint NOT VALID, then ALTER DOMAIN ... VALIDATE "
                        "CONSTRAINT in a "
                        "later transaction"
                      : "add a CHECK (VALUE IS NOT NULL) constraint NOT VALID to the domain and "
                        "validate it "
                        "later instead";
}

const struct rule rule_alter_domain_add_constraint = {
    .id = "alter-domain-add-constraint",
    .sev = SEV_ERROR,
    .group = RG_LOCKING,
    .summary = "ALTER DOMAIN ADD CONSTRAINT / SET NOT NULL on a domain in use",
    .squawk = "ban-alter-domain-with-add-constraint",
    .doc =
        "## What\n"
        "`ALTER DOMAIN d ADD CONSTRAINT ... CHECK (...)` without `NOT VALID`, or `ALTER DOMAIN d "
        "SET NOT NULL`, when existing tables have columns of type `d`.\n\n"
        "## Why\n"
        "PostgreSQL checks every stored value of the domain, reading each table that uses it while "
        "holding a `ShareLock` on it: writes to all those tables stop until the checks finish.\n\n"
        "## Instead\n"
        "Add the constraint `NOT VALID` (new values are checked at once), then `ALTER DOMAIN d "
        "VALIDATE CONSTRAINT c` in a later transaction, which does not block writes. Domains "
        "created in the same revision, or used by no table, are exempt.\n\n"
        "## Example\n"
        "```sql\n"
        "ALTER DOMAIN email ADD CONSTRAINT email_has_at CHECK (VALUE LIKE '%@%') NOT VALID;\n"
        "-- next revision\n"
        "ALTER DOMAIN email VALIDATE CONSTRAINT email_has_at;\n"
        "```\n",
    .check = check_alter_domain,
};
