/*
 * compat.c - changes that break the application version still running while
 * the migration is deployed (expand/contract): dropping or renaming columns
 * and tables, DROP NOT NULL, renaming enum values or schemas, dropping a
 * foreign key. Objects created earlier in the same revision are exempt (no
 * running code knows them); down parts are not checked (undoing is their job).
 */
#include "lint/rule.h"

#include <string.h>

/* ALTER TABLE on an existing table: each subcommand of type t on a column
 * that exists and is not new. */
typedef void (*col_cmd_fn)(struct rule_ctx *c, const char *rel, const PgQuery__AlterTableCmd *cmd);

static void each_old_column_cmd(struct rule_ctx *c, PgQuery__AlterTableType t, col_cmd_fn fn)
{
    const PgQuery__AlterTableStmt *s = rule_alter_existing_table(c);
    if (!s)
        return;
    const char *rel = rule_qualify(c, s->relation);
    const struct cat_rel *r = rule_find_rel(c, s->relation);
    size_t i = 0;
    for (const PgQuery__AlterTableCmd *cmd; (cmd = rule_next_alter_cmd(s, &i, t));) {
        if (!cmd->name || rule_col_is_new(c, rel, cmd->name))
            continue;
        if (r && !rule_find_col(r, cmd->name))
            continue; /* IF EXISTS on nothing, or an error the simulator reports */
        fn(c, rel, cmd);
    }
}

static void drop_column_one(struct rule_ctx *c, const char *rel, const PgQuery__AlterTableCmd *cmd)
{
    struct diag *d =
        rule_report(c, rule_alter_cmd_location(c, cmd),
                    "dropping column %s.%s breaks the application version still running if it "
                    "reads or writes the column",
                    rel, cmd->name);
    if (d)
        d->help =
            "release code that no longer uses the column first (ignore it in ORMs), then drop it "
            "in a later migration";
}

static void check_drop_column(struct rule_ctx *c)
{
    each_old_column_cmd(c, PG_QUERY__ALTER_TABLE_TYPE__AT_DropColumn, drop_column_one);
}

const struct rule rule_ban_drop_column = {
    .id = "ban-drop-column",
    .sev = SEV_WARNING,
    .group = RG_COMPAT,
    .flags = RULE_UP_ONLY,
    .summary = "DROP COLUMN of an existing column",
    .squawk = "ban-drop-column",
    .doc =
        "## What\n"
        "`ALTER TABLE ... DROP COLUMN c` on a column that existed before the revision.\n\n"
        "## Why\n"
        "During a deploy the previous version of the application keeps running. If it selects, "
        "inserts or updates the column (ORMs name every column), its queries fail as soon as the "
        "column is gone. The data is also lost for good.\n\n"
        "## Instead\n"
        "Expand/contract: release code that no longer uses the column (tell the ORM to ignore "
        "it), then drop it in a later migration.\n\n"
        "## Example\n"
        "```sql\n"
        "-- in a release after the code stopped using it\n"
        "ALTER TABLE users DROP COLUMN legacy_flag;\n"
        "```\n",
    .check = check_drop_column,
};

static void drop_not_null_one(struct rule_ctx *c, const char *rel,
                              const PgQuery__AlterTableCmd *cmd)
{
    const struct cat_rel *r = NULL;
    (void)r;
    struct diag *d =
        rule_report(c, rule_alter_cmd_location(c, cmd),
                    "DROP NOT NULL on %s.%s lets new code write NULLs that the running version "
                    "does not expect",
                    rel, cmd->name);
    if (d)
        d->help = "release code that handles NULL in this column before dropping the constraint";
}

static void check_drop_not_null(struct rule_ctx *c)
{
    each_old_column_cmd(c, PG_QUERY__ALTER_TABLE_TYPE__AT_DropNotNull, drop_not_null_one);
}

const struct rule rule_ban_drop_not_null = {
    .id = "ban-drop-not-null",
    .sev = SEV_WARNING,
    .group = RG_COMPAT,
    .flags = RULE_UP_ONLY,
    .summary = "DROP NOT NULL on an existing column",
    .squawk = "ban-drop-not-null",
    .doc = "## What\n"
           "`ALTER TABLE ... ALTER COLUMN c DROP NOT NULL` on an existing column.\n\n"
           "## Why\n"
           "Code that reads the column was written assuming it is never NULL. Once the new version "
           "writes NULLs, the old version (still running during the deploy, or after a rollback) "
           "may crash on them.\n\n"
           "## Instead\n"
           "Release code that copes with NULL first, then drop the constraint.\n\n"
           "## Example\n"
           "```sql\n"
           "ALTER TABLE users ALTER COLUMN phone DROP NOT NULL;\n"
           "```\n",
    .check = check_drop_not_null,
};

static void check_drop_fk(struct rule_ctx *c)
{
    if (!c->cat)
        return;
    const PgQuery__AlterTableStmt *s = rule_alter_existing_table(c);
    if (!s)
        return;
    const struct cat_rel *r = rule_find_rel(c, s->relation);
    if (!r)
        return;
    const char *rel = rule_qualify(c, s->relation);
    size_t i = 0;
    for (const PgQuery__AlterTableCmd *cmd;
         (cmd = rule_next_alter_cmd(s, &i, PG_QUERY__ALTER_TABLE_TYPE__AT_DropConstraint));) {
        if (!cmd->name || rule_obj_is_new(c, "k", rule_printf(c, "%s.%s", rel, cmd->name)))
            continue;
        const struct cat_constraint *k = catalog_find_constraint(r, cmd->name);
        if (!k || k->contype != CAT_CON_FOREIGN)
            continue;
        const char *ref =
            k->ref_rel ? rule_printf(c, "%s.%s", k->ref_rel->schema->name, k->ref_rel->name) : "?";
        struct diag *d =
            rule_report(c, -1,
                        "dropping foreign key %s lets %s reference %s rows that do not exist, "
                        "and removes its ON DELETE/UPDATE action",
                        cmd->name, rel, ref);
        if (d)
            d->help =
                "make sure no code relies on the constraint (cascades, integrity errors) before "
                "dropping it; to change it, add the new one NOT VALID first";
    }
}

const struct rule rule_drop_foreign_key = {
    .id = "drop-foreign-key",
    .sev = SEV_WARNING,
    .group = RG_COMPAT,
    .flags = RULE_UP_ONLY,
    .summary = "DROP CONSTRAINT of a foreign key",
    .squawk = "ban-drop-constraint",
    .doc =
        "## What\n"
        "`ALTER TABLE ... DROP CONSTRAINT c` where the catalog says `c` is a foreign key.\n\n"
        "## Why\n"
        "The database stops guaranteeing that referenced rows exist, and any `ON DELETE CASCADE` "
        "/ `SET NULL` behaviour the running code relies on disappears silently. Orphans written "
        "meanwhile make re-adding the key fail later.\n\n"
        "## Instead\n"
        "Drop it only once no code relies on it. To change a foreign key, add the new one "
        "`NOT VALID`, validate it, then drop the old one.\n\n"
        "## Example\n"
        "```sql\n"
        "ALTER TABLE orders DROP CONSTRAINT orders_customer_id_fkey;\n"
        "```\n",
    .check = check_drop_fk,
};

static void check_rename(struct rule_ctx *c)
{
    if (c->node->node_case != PG_QUERY__NODE__NODE_RENAME_STMT)
        return;
    const PgQuery__RenameStmt *r = c->node->rename_stmt;
    const struct rule *self = c->rule;
    if (strcmp(self->id, "renaming-column") == 0 &&
        r->rename_type == PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN && r->relation) {
        if (!rule_rv_existing(c, r->relation))
            return;
        const char *rel = rule_qualify(c, r->relation);
        if (rule_col_is_new(c, rel, r->subname))
            return;
        const struct cat_rel *cr = rule_find_rel(c, r->relation);
        if (cr && !rule_find_col(cr, r->subname))
            return;
        struct diag *d =
            rule_report(c, -1,
                        "renaming column %s.%s to %s breaks the application version still "
                        "running, which uses the old name",
                        rel, r->subname, r->newname);
        if (d)
            d->help =
                "add the new column, write both, backfill, switch reads, then drop the old one; or "
                "keep the old name and map it in the application";
    } else if (strcmp(self->id, "renaming-table") == 0 &&
               r->rename_type == PG_QUERY__OBJECT_TYPE__OBJECT_TABLE && r->relation) {
        if (!rule_rv_existing(c, r->relation))
            return;
        const char *rel = rule_qualify(c, r->relation);
        struct diag *d =
            rule_report(c, -1,
                        "renaming table %s to %s breaks the application version still running, "
                        "which uses the old name",
                        rel, r->newname);
        if (d)
            d->help = "rename it, then CREATE VIEW with the old name selecting from the new table "
                      "until no "
                      "code uses the old name";
    } else if (strcmp(self->id, "renaming-schema") == 0 &&
               r->rename_type == PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA) {
        if (r->subname && rule_obj_is_new(c, "s", r->subname))
            return;
        struct diag *d =
            rule_report(c, -1,
                        "renaming schema %s to %s breaks every query, function body and "
                        "search_path that names it",
                        r->subname ? r->subname : "?", r->newname);
        if (d)
            d->help = "create the new schema and move objects, or keep the old name";
    }
}

const struct rule rule_renaming_column = {
    .id = "renaming-column",
    .sev = SEV_WARNING,
    .group = RG_COMPAT,
    .flags = RULE_UP_ONLY,
    .summary = "RENAME COLUMN of an existing column",
    .squawk = "renaming-column",
    .doc = "## What\n"
           "`ALTER TABLE ... RENAME COLUMN a TO b` on an existing column.\n\n"
           "## Why\n"
           "The running application version still uses the old name; its queries fail from the "
           "moment the rename commits until the new version is everywhere.\n\n"
           "## Instead\n"
           "Add the new column, write to both, backfill, move reads, then drop the old column; or "
           "keep the database name and rename in the application's mapping.\n\n"
           "## Example\n"
           "```sql\n"
           "ALTER TABLE users RENAME COLUMN name TO full_name;\n"
           "```\n",
    .check = check_rename,
};

const struct rule rule_renaming_table = {
    .id = "renaming-table",
    .sev = SEV_WARNING,
    .group = RG_COMPAT,
    .flags = RULE_UP_ONLY,
    .summary = "RENAME of an existing table",
    .squawk = "renaming-table",
    .doc =
        "## What\n"
        "`ALTER TABLE a RENAME TO b` on an existing table.\n\n"
        "## Why\n"
        "The running application version queries the old name and fails until it is replaced.\n\n"
        "## Instead\n"
        "Rename, then create a view with the old name (`CREATE VIEW a AS SELECT * FROM b`; simple "
        "views are updatable) and drop it once no code uses the old name.\n\n"
        "## Example\n"
        "```sql\n"
        "ALTER TABLE customer RENAME TO customers;\n"
        "CREATE VIEW customer AS SELECT * FROM customers;\n"
        "```\n",
    .check = check_rename,
};

const struct rule rule_renaming_schema = {
    .id = "renaming-schema",
    .sev = SEV_WARNING,
    .group = RG_COMPAT,
    .flags = RULE_UP_ONLY,
    .summary = "RENAME of an existing schema",
    .squawk = "renaming-object",
    .doc = "## What\n"
           "`ALTER SCHEMA a RENAME TO b`.\n\n"
           "## Why\n"
           "Every qualified name in application queries, function bodies, views' dependents and "
           "`search_path` settings that mentions the schema breaks at once.\n\n"
           "## Instead\n"
           "Create the new schema, move objects with `ALTER ... SET SCHEMA` while code moves over, "
           "or keep the name.\n\n"
           "## Example\n"
           "```sql\n"
           "ALTER SCHEMA billing RENAME TO invoicing;\n"
           "```\n",
    .check = check_rename,
};

static void check_rename_enum_value(struct rule_ctx *c)
{
    if (c->node->node_case != PG_QUERY__NODE__NODE_ALTER_ENUM_STMT)
        return;
    const PgQuery__AlterEnumStmt *s = c->node->alter_enum_stmt;
    if (!s->old_val || !s->old_val[0])
        return;
    const char *type = rule_qualify_list(c, s->type_name, s->n_type_name);
    if (rule_obj_is_new(c, "t", type))
        return;
    struct diag *d =
        rule_report(c, -1,
                    "renaming value '%s' of enum %s to '%s' breaks the running application "
                    "version, which still writes and compares the old label",
                    s->old_val, type, s->new_val);
    if (d)
        d->help = "add the new value, migrate rows and code to it, and stop using the old one "
                  "(enum values "
                  "cannot be dropped)";
}

const struct rule rule_renaming_enum_value = {
    .id = "renaming-enum-value",
    .sev = SEV_WARNING,
    .group = RG_COMPAT,
    .flags = RULE_UP_ONLY,
    .summary = "ALTER TYPE ... RENAME VALUE of an existing enum",
    .squawk = NULL,
    .doc = "## What\n"
           "`ALTER TYPE e RENAME VALUE 'a' TO 'b'` on an enum that existed before the revision.\n\n"
           "## Why\n"
           "Stored rows change label instantly. The running application still writes `'a'` (now an "
           "invalid input value) and compares against it.\n\n"
           "## Instead\n"
           "`ALTER TYPE e ADD VALUE 'b'`, move code and rows to `'b'`, then stop using `'a'`.\n\n"
           "## Example\n"
           "```sql\n"
           "ALTER TYPE order_status RENAME VALUE 'canceled' TO 'cancelled';\n"
           "```\n",
    .check = check_rename_enum_value,
};
