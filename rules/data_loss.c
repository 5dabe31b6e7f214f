/*
 * data_loss.c - statements that destroy data or fail on existing data: DROP
 * TABLE / SCHEMA / DATABASE, TRUNCATE (with and without CASCADE), unique
 * indexes over data that may hold duplicates, UPDATE and DELETE without
 * WHERE. Objects created earlier in the same revision hold nothing yet; down
 * parts are exempt where undoing is their purpose.
 */
#include "lint/rule.h"

#include <string.h>

static void check_drop_table(struct rule_ctx *c)
{
    if (c->node->node_case != PG_QUERY__NODE__NODE_DROP_STMT)
        return;
    const PgQuery__DropStmt *s = c->node->drop_stmt;
    if (s->remove_type != PG_QUERY__OBJECT_TYPE__OBJECT_TABLE)
        return;
    for (size_t i = 0; i < s->n_objects; i++) {
        if (s->objects[i]->node_case != PG_QUERY__NODE__NODE_LIST)
            continue;
        const PgQuery__List *l = s->objects[i]->list;
        const char *name = rule_qualify_list(c, l->items, l->n_items);
        if (rule_rel_is_new(c, name, NULL))
            continue;
        if (rule_rel_absent(c, name, rule_find_rel_list(c, l->items, l->n_items)))
            continue; /* IF EXISTS on nothing */
        struct diag *d =
            rule_report(c, -1,
                        "dropping table %s deletes its data for good and breaks the running "
                        "application version if it still uses the table",
                        name);
        if (d)
            d->help = "stop using the table in a release first; rename it aside (or back it up) "
                      "and drop it "
                      "later";
    }
}

const struct rule rule_ban_drop_table = {
    .id = "ban-drop-table",
    .sev = SEV_WARNING,
    .group = RG_DATA_LOSS,
    .flags = RULE_UP_ONLY,
    .summary = "DROP TABLE of an existing table",
    .squawk = "ban-drop-table",
    .doc =
        "## What\n"
        "`DROP TABLE` of a table that existed before the revision.\n\n"
        "## Why\n"
        "The data is gone (only a backup restore brings it back), and queries of the running "
        "application version fail.\n\n"
        "## Instead\n"
        "Release code that no longer uses the table first. Then drop it, or rename it aside for a "
        "while before dropping. Tables created in the same revision are exempt, and down parts "
        "are not checked.\n\n"
        "## Example\n"
        "```sql\n"
        "DROP TABLE legacy_sessions;\n"
        "```\n",
    .check = check_drop_table,
};

static void check_drop_schema(struct rule_ctx *c)
{
    if (c->node->node_case != PG_QUERY__NODE__NODE_DROP_STMT)
        return;
    const PgQuery__DropStmt *s = c->node->drop_stmt;
    if (s->remove_type != PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA)
        return;
    for (size_t i = 0; i < s->n_objects; i++) {
        const char *name = node_str(s->objects[i]);
        if (!name || rule_obj_is_new(c, "s", name))
            continue;
        struct diag *d =
            rule_report(c, -1, "dropping schema %s%s deletes %s", name,
                        s->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE ? " CASCADE" : "",
                        s->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE
                            ? "every table, view and function in it, with their data"
                            : "it (it must be empty, or the statement fails)");
        if (d)
            d->help = "drop the objects one by one after the code stopped using them";
    }
}

const struct rule rule_ban_drop_schema = {
    .id = "ban-drop-schema",
    .sev = SEV_WARNING,
    .group = RG_DATA_LOSS,
    .flags = RULE_UP_ONLY,
    .summary = "DROP SCHEMA of an existing schema",
    .squawk = "ban-drop-schema",
    .doc = "## What\n"
           "`DROP SCHEMA` of a schema that existed before the revision.\n\n"
           "## Why\n"
           "With `CASCADE` it silently drops every object in the schema, data included.\n\n"
           "## Instead\n"
           "Drop the objects explicitly, each after the code stopped using it.\n\n"
           "## Example\n"
           "```sql\n"
           "DROP SCHEMA reporting CASCADE;\n"
           "```\n",
    .check = check_drop_schema,
};

static void check_drop_database(struct rule_ctx *c)
{
    if (c->node->node_case != PG_QUERY__NODE__NODE_DROPDB_STMT)
        return;
    struct diag *d = rule_report(c, -1, "DROP DATABASE %s deletes a whole database",
                                 c->node->dropdb_stmt->dbname);
    if (d)
        d->help = "databases are not managed by migrations: drop it by hand, deliberately";
}

const struct rule rule_ban_drop_database = {
    .id = "ban-drop-database",
    .sev = SEV_ERROR,
    .group = RG_DATA_LOSS,
    .flags = RULE_UP_ONLY,
    .summary = "DROP DATABASE",
    .squawk = "ban-drop-database",
    .doc = "## What\n"
           "`DROP DATABASE` in a migration.\n\n"
           "## Why\n"
           "It deletes everything in that database; a migration is the wrong place for it (and it "
           "cannot run inside a transaction).\n\n"
           "## Instead\n"
           "Do it by hand, deliberately, with a backup.\n\n"
           "## Example\n"
           "```sql\n"
           "DROP DATABASE analytics;\n"
           "```\n",
    .check = check_drop_database,
};

/* The first existing table of a TRUNCATE, or NULL when all are new. */
static const char *truncate_target(struct rule_ctx *c, const PgQuery__TruncateStmt *t)
{
    for (size_t i = 0; i < t->n_relations; i++)
        if (t->relations[i]->node_case == PG_QUERY__NODE__NODE_RANGE_VAR &&
            rule_rv_existing(c, t->relations[i]->range_var))
            return rule_qualify(c, t->relations[i]->range_var);
    return NULL;
}

static void check_truncate(struct rule_ctx *c)
{
    if (c->node->node_case != PG_QUERY__NODE__NODE_TRUNCATE_STMT)
        return;
    const PgQuery__TruncateStmt *t = c->node->truncate_stmt;
    if (t->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE)
        return; /* ban-truncate-cascade */
    const char *rel = truncate_target(c, t);
    if (!rel)
        return;
    struct diag *d = rule_report(
        c, -1, "TRUNCATE deletes every row of %s (and takes an AccessExclusiveLock)", rel);
    if (d)
        d->help = "if the data must go, say so in a reviewed data migration; otherwise remove the "
                  "statement";
}

const struct rule rule_ban_truncate = {
    .id = "ban-truncate",
    .sev = SEV_WARNING,
    .group = RG_DATA_LOSS,
    .flags = RULE_UP_ONLY,
    .summary = "TRUNCATE of an existing table",
    .squawk = NULL,
    .doc = "## What\n"
           "`TRUNCATE` of a table that existed before the revision.\n\n"
           "## Why\n"
           "All rows are deleted, and the statement takes an `AccessExclusiveLock`. In a schema "
           "migration it is usually a leftover from development.\n\n"
           "## Instead\n"
           "Remove it, or move the intentional purge to a reviewed data migration.\n\n"
           "## Example\n"
           "```sql\n"
           "TRUNCATE audit_log;\n"
           "```\n",
    .check = check_truncate,
};

static void check_truncate_cascade(struct rule_ctx *c)
{
    if (c->node->node_case != PG_QUERY__NODE__NODE_TRUNCATE_STMT)
        return;
    const PgQuery__TruncateStmt *t = c->node->truncate_stmt;
    if (t->behavior != PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE)
        return;
    const char *rel = truncate_target(c, t);
    if (!rel)
        return;
    struct diag *d =
        rule_report(c, -1,
                    "TRUNCATE ... CASCADE empties %s and every table that references it through "
                    "a foreign key, recursively",
                    rel);
    if (d)
        d->help = "truncate the tables you mean by name, without CASCADE";
}

const struct rule rule_ban_truncate_cascade = {
    .id = "ban-truncate-cascade",
    .sev = SEV_ERROR,
    .group = RG_DATA_LOSS,
    .summary = "TRUNCATE ... CASCADE",
    .squawk = "ban-truncate-cascade",
    .doc =
        "## What\n"
        "`TRUNCATE ... CASCADE` of an existing table.\n\n"
        "## Why\n"
        "`CASCADE` also truncates every table with a foreign key to it, and the tables referencing "
        "those, and so on: far more data than the statement names.\n\n"
        "## Instead\n"
        "List the tables to empty explicitly, without `CASCADE`: PostgreSQL then refuses if a "
        "referencing table is not in the list.\n\n"
        "## Example\n"
        "```sql\n"
        "-- bad\n"
        "TRUNCATE customers CASCADE;\n"
        "```\n",
    .check = check_truncate_cascade,
};

static void check_unique_index(struct rule_ctx *c)
{
    if (c->node->node_case != PG_QUERY__NODE__NODE_INDEX_STMT)
        return;
    const PgQuery__IndexStmt *s = c->node->index_stmt;
    if (!s->unique || !rule_rv_existing(c, s->relation))
        return;
    const char *rel = rule_qualify(c, s->relation);
    struct diag *d =
        rule_report(c, s->relation->location,
                    "unique index on existing table %s fails if the data already holds "
                    "duplicates%s",
                    rel, s->concurrent ? ", leaving an INVALID index behind" : "");
    if (d)
        d->help = "check first (SELECT cols, count(*) ... GROUP BY cols HAVING count(*) > 1) and "
                  "clean up in "
                  "an earlier revision; after a failed CONCURRENTLY build, DROP the invalid index";
}

const struct rule rule_unique_index_on_existing_data = {
    .id = "unique-index-on-existing-data",
    .sev = SEV_WARNING,
    .group = RG_DATA_LOSS,
    .summary = "unique index built over existing data",
    .squawk = NULL,
    .doc =
        "## What\n"
        "`CREATE UNIQUE INDEX` on a table that existed before the revision.\n\n"
        "## Why\n"
        "If production rows already contain duplicates, the build fails (SQLSTATE 23505) and the "
        "migration with it; a failed `CONCURRENTLY` build also leaves an `INVALID` index that "
        "slows writes until dropped. Cleaning up the duplicates in a hurry is how data gets "
        "lost.\n\n"
        "## Instead\n"
        "Check for duplicates beforehand and resolve them deliberately in an earlier revision; "
        "after a failed concurrent build, drop the invalid index before retrying.\n\n"
        "## Example\n"
        "```sql\n"
        "SELECT email, count(*) FROM users GROUP BY email HAVING count(*) > 1;\n"
        "```\n",
    .check = check_unique_index,
};

static void check_update_all(struct rule_ctx *c)
{
    if (c->node->node_case != PG_QUERY__NODE__NODE_UPDATE_STMT)
        return;
    const PgQuery__UpdateStmt *u = c->node->update_stmt;
    if (u->where_clause || !rule_rv_existing(c, u->relation))
        return;
    const char *rel = rule_qualify(c, u->relation);
    struct diag *d =
        rule_report(c, -1,
                    "UPDATE without WHERE writes every row of %s in one transaction, locking all "
                    "of them until it commits",
                    rel);
    if (d)
        d->help = "backfill in batches (WHERE id BETWEEN ...), each in its own transaction, "
                  "outside the schema "
                  "migration";
}

const struct rule rule_update_without_where = {
    .id = "update-without-where",
    .sev = SEV_WARNING,
    .group = RG_DATA_LOSS,
    .flags = RULE_UP_ONLY,
    .summary = "UPDATE without WHERE on an existing table",
    .squawk = NULL,
    .doc = "## What\n"
           "`UPDATE t SET ...` with no `WHERE` clause, on a table that existed before the "
           "revision.\n\n"
           "## Why\n"
           "Every row is rewritten in a single transaction: all rows stay locked against other "
           "writers until the migration commits, the table doubles in size until vacuum, and "
           "replicas fall behind. If it was meant to touch some rows only, it also overwrote the "
           "others.\n\n"
           "## Instead\n"
           "Backfill in batches of a few thousand rows, each committed separately, from a script "
           "or a revision that runs outside a transaction.\n\n"
           "## Example\n"
           "```sql\n"
           "UPDATE users SET plan = 'free' WHERE id BETWEEN 1 AND 10000 AND plan IS NULL;\n"
           "```\n",
    .check = check_update_all,
};

static void check_delete_all(struct rule_ctx *c)
{
    if (c->node->node_case != PG_QUERY__NODE__NODE_DELETE_STMT)
        return;
    const PgQuery__DeleteStmt *s = c->node->delete_stmt;
    if (s->where_clause || !rule_rv_existing(c, s->relation))
        return;
    const char *rel = rule_qualify(c, s->relation);
    struct diag *d = rule_report(c, -1, "DELETE without WHERE deletes every row of %s", rel);
    if (d)
        d->help = "add the WHERE clause you meant; to empty the table on purpose, say so in a "
                  "reviewed data "
                  "migration";
}

const struct rule rule_delete_without_where = {
    .id = "delete-without-where",
    .sev = SEV_WARNING,
    .group = RG_DATA_LOSS,
    .flags = RULE_UP_ONLY,
    .summary = "DELETE without WHERE on an existing table",
    .squawk = NULL,
    .doc =
        "## What\n"
        "`DELETE FROM t` with no `WHERE` clause, on a table that existed before the revision.\n\n"
        "## Why\n"
        "It deletes all the data in the table.\n\n"
        "## Instead\n"
        "Add the condition you meant. A deliberate purge belongs in a reviewed data migration, "
        "done in batches.\n\n"
        "## Example\n"
        "```sql\n"
        "DELETE FROM sessions WHERE expires_at < now() - interval '30 days';\n"
        "```\n",
    .check = check_delete_all,
};
