/*
 * index.c - index builds, drops and rebuilds that block writes (or reads),
 * and the CONCURRENTLY forms that PostgreSQL refuses inside a transaction.
 * A table created earlier in the same revision is empty and unused, so a
 * plain CREATE INDEX on it is the right thing and is not reported.
 */
#include "lint/rule.h"

#include <string.h>

static bool table_is_partitioned(struct rule_ctx *c, const PgQuery__RangeVar *rv)
{
    const struct cat_rel *r = rule_find_rel(c, rv);
    return r && r->relkind == CAT_RELKIND_PARTITIONED;
}

static void check_create_index(struct rule_ctx *c)
{
    if (c->node->node_case != PG_QUERY__NODE__NODE_INDEX_STMT)
        return;
    const PgQuery__IndexStmt *s = c->node->index_stmt;
    if (s->concurrent || !rule_rv_existing(c, s->relation))
        return;
    /* CREATE INDEX ON ONLY parent creates an invalid index on the parent
     * alone, instantly; it is the first step of the safe recipe. */
    if (!s->relation->inh)
        return;
    const char *rel = rule_qualify(c, s->relation);
    struct diag *d;
    if (table_is_partitioned(c, s->relation)) {
        d = rule_report(
            c, s->relation->location,
            "creating an index on partitioned table %s locks every partition against writes "
            "while each builds",
            rel);
        if (d)
            d->help =
                "CREATE INDEX ... ON ONLY the parent, CREATE INDEX CONCURRENTLY on each partition, "
                "then ALTER INDEX ... ATTACH PARTITION each one";
        return;
    }
    d = rule_report(
        c, s->relation->location,
        "creating an index on existing table %s without CONCURRENTLY blocks writes to it "
        "(ShareLock) until the build finishes",
        rel);
    if (d)
        d->help = "use CREATE INDEX CONCURRENTLY, in a revision that runs outside a transaction "
                  "(-- airlock:transaction off)";
}

const struct rule rule_require_concurrent_index_creation = {
    .id = "require-concurrent-index-creation",
    .sev = SEV_ERROR,
    .group = RG_LOCKING,
    .summary = "CREATE INDEX on an existing table without CONCURRENTLY",
    .squawk = "require-concurrent-index-creation",
    .doc =
        "## What\n"
        "`CREATE INDEX` on a table that already exists, without `CONCURRENTLY`.\n\n"
        "## Why\n"
        "A plain index build takes a `ShareLock` on the table: every `INSERT`, `UPDATE` and "
        "`DELETE` waits until the whole table has been read and sorted, which takes minutes on a "
        "large table.\n\n"
        "## Instead\n"
        "Build it with `CREATE INDEX CONCURRENTLY`, which only takes a `ShareUpdateExclusiveLock`. "
        "It cannot run in a transaction block, so put it in a revision of its own with "
        "`-- airlock:transaction off`. Tables created earlier in the same revision are exempt. "
        "For a partitioned table, build `ON ONLY` the parent, then each partition concurrently, "
        "then attach the partition indexes.\n\n"
        "## Example\n"
        "```sql\n"
        "-- bad\n"
        "CREATE INDEX orders_customer_idx ON orders (customer_id);\n"
        "-- good\n"
        "-- airlock:transaction off\n"
        "CREATE INDEX CONCURRENTLY orders_customer_idx ON orders (customer_id);\n"
        "```\n",
    .check = check_create_index,
};

static void check_drop_index(struct rule_ctx *c)
{
    if (c->node->node_case != PG_QUERY__NODE__NODE_DROP_STMT)
        return;
    const PgQuery__DropStmt *s = c->node->drop_stmt;
    if (s->remove_type != PG_QUERY__OBJECT_TYPE__OBJECT_INDEX || s->concurrent)
        return;
    for (size_t i = 0; i < s->n_objects; i++) {
        if (s->objects[i]->node_case != PG_QUERY__NODE__NODE_LIST)
            continue;
        const PgQuery__List *l = s->objects[i]->list;
        const char *name = rule_qualify_list(c, l->items, l->n_items);
        if (rule_rel_is_new(c, name, NULL))
            continue;
        const struct cat_rel *idx = rule_find_rel_list(c, l->items, l->n_items);
        if (rule_rel_absent(c, name, idx))
            continue; /* IF EXISTS on nothing, or an error the simulator reports */
        const struct cat_rel *t = idx && idx->index ? idx->index->table : NULL;
        const char *tname = t ? rule_printf(c, "%s.%s", t->schema->name, t->name) : NULL;
        if (tname && rule_rel_is_new(c, tname, NULL))
            continue;
        struct diag *d =
            rule_report(c, -1,
                        "dropping index %s without CONCURRENTLY takes an AccessExclusiveLock "
                        "on %s, blocking reads and writes",
                        name, tname ? tname : "its table");
        if (d)
            d->help =
                "use DROP INDEX CONCURRENTLY (one index per statement, no CASCADE), outside a "
                "transaction";
        return;
    }
}

const struct rule rule_require_concurrent_index_deletion = {
    .id = "require-concurrent-index-deletion",
    .sev = SEV_ERROR,
    .group = RG_LOCKING,
    .summary = "DROP INDEX without CONCURRENTLY",
    .squawk = "require-concurrent-index-deletion",
    .doc =
        "## What\n"
        "`DROP INDEX` of an existing index without `CONCURRENTLY`.\n\n"
        "## Why\n"
        "A plain `DROP INDEX` takes an `AccessExclusiveLock` on the index's table. While it waits "
        "for running queries to finish, every new query on the table queues behind it.\n\n"
        "## Instead\n"
        "`DROP INDEX CONCURRENTLY` waits for conflicting transactions without blocking new ones. "
        "It cannot run in a transaction block, drops one index per statement and does not "
        "support `CASCADE`. Indexes created earlier in the same revision are exempt.\n\n"
        "## Example\n"
        "```sql\n"
        "-- bad\n"
        "DROP INDEX orders_customer_idx;\n"
        "-- good (revision with -- airlock:transaction off)\n"
        "DROP INDEX CONCURRENTLY orders_customer_idx;\n"
        "```\n",
    .check = check_drop_index,
};

static void check_reindex(struct rule_ctx *c)
{
    if (c->node->node_case != PG_QUERY__NODE__NODE_REINDEX_STMT)
        return;
    const PgQuery__ReindexStmt *s = c->node->reindex_stmt;
    if (rule_option_set(s->params, s->n_params, "concurrently"))
        return;
    if (s->relation && rule_rv_is_new(c, s->relation))
        return;
    const char *what = s->relation ? rule_qualify(c, s->relation) : (s->name ? s->name : "");
    struct diag *d =
        rule_report(c, -1,
                    "REINDEX of %s without CONCURRENTLY locks out writes to the table and "
                    "reads through the rebuilt indexes until it finishes",
                    what);
    if (d)
        d->help = c->pg_version >= 12
                      ? "use REINDEX ... CONCURRENTLY, outside a transaction"
                      : "build a replacement with CREATE INDEX CONCURRENTLY, then drop the "
                        "old index (REINDEX CONCURRENTLY needs PostgreSQL 12)";
}

const struct rule rule_require_concurrent_reindex = {
    .id = "require-concurrent-reindex",
    .sev = SEV_ERROR,
    .group = RG_LOCKING,
    .summary = "REINDEX without CONCURRENTLY",
    .squawk = "require-concurrent-reindex",
    .doc =
        "## What\n"
        "`REINDEX INDEX`, `REINDEX TABLE` (or schema, database) without `CONCURRENTLY`.\n\n"
        "## Why\n"
        "A plain `REINDEX` takes a `ShareLock` on the table and an `AccessExclusiveLock` on each "
        "index it rebuilds: writes stop, and so do reads that would use the index.\n\n"
        "## Instead\n"
        "`REINDEX ... CONCURRENTLY` (PostgreSQL 12 and later), outside a transaction block. On "
        "older versions, create a new index concurrently and drop the old one concurrently.\n\n"
        "## Example\n"
        "```sql\n"
        "-- bad\n"
        "REINDEX INDEX orders_customer_idx;\n"
        "-- good\n"
        "REINDEX INDEX CONCURRENTLY orders_customer_idx;\n"
        "```\n",
    .check = check_reindex,
};

/* The CONCURRENTLY form a statement uses, or NULL. */
static const char *concurrent_form(const PgQuery__Node *n)
{
    switch (n->node_case) {
    case PG_QUERY__NODE__NODE_INDEX_STMT:
        return n->index_stmt->concurrent ? "CREATE INDEX CONCURRENTLY" : NULL;
    case PG_QUERY__NODE__NODE_DROP_STMT:
        return n->drop_stmt->concurrent &&
                       n->drop_stmt->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_INDEX
                   ? "DROP INDEX CONCURRENTLY"
                   : NULL;
    case PG_QUERY__NODE__NODE_REINDEX_STMT:
        return rule_option_set(n->reindex_stmt->params, n->reindex_stmt->n_params, "concurrently")
                   ? "REINDEX CONCURRENTLY"
                   : NULL;
    case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT:
        for (size_t i = 0; i < n->alter_table_stmt->n_cmds; i++) {
            const PgQuery__Node *cn = n->alter_table_stmt->cmds[i];
            if (cn->node_case == PG_QUERY__NODE__NODE_ALTER_TABLE_CMD &&
                cn->alter_table_cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_DetachPartition &&
                cn->alter_table_cmd->def &&
                cn->alter_table_cmd->def->node_case == PG_QUERY__NODE__NODE_PARTITION_CMD &&
                cn->alter_table_cmd->def->partition_cmd->concurrent)
                return "ALTER TABLE ... DETACH PARTITION ... CONCURRENTLY";
        }
        return NULL;
    default:
        return NULL;
    }
}

static void check_concurrently_in_tx(struct rule_ctx *c)
{
    if (!c->in_tx)
        return;
    const char *form = concurrent_form(c->node);
    if (!form)
        return;
    struct diag *d = rule_report(c, -1, "%s cannot run inside a transaction block", form);
    if (!d)
        return;
    d->sqlstate = "25001";
    d->help = c->tx_explicit
                  ? "move it out of the BEGIN ... COMMIT block"
                  : "put it in a revision that runs outside a transaction "
                    "(-- airlock:transaction off), alone or with other non-transactional "
                    "statements";
}

const struct rule rule_concurrently_in_transaction = {
    .id = "concurrently-in-transaction",
    .sev = SEV_ERROR,
    .group = RG_LOCKING,
    .summary = "CONCURRENTLY index or partition operation inside a transaction block",
    .squawk = "ban-concurrent-index-creation-in-transaction",
    .doc = "## What\n"
           "`CREATE INDEX CONCURRENTLY`, `DROP INDEX CONCURRENTLY`, `REINDEX CONCURRENTLY` or "
           "`DETACH PARTITION CONCURRENTLY` in a revision that runs in a transaction, or between "
           "`BEGIN` and `COMMIT`.\n\n"
           "## Why\n"
           "PostgreSQL refuses them there (SQLSTATE 25001, \"cannot run inside a transaction "
           "block\"): the migration fails at this statement.\n\n"
           "## Instead\n"
           "Give the statement a revision that runs without a transaction "
           "(`-- airlock:transaction off`, goose `-- +goose NO TRANSACTION`, dbmate "
           "`transaction:false`, ...). Keep such revisions small: if a later statement fails, the "
           "earlier ones stay applied.\n\n"
           "## Example\n"
           "```sql\n"
           "-- airlock:transaction off\n"
           "CREATE INDEX CONCURRENTLY orders_customer_idx ON orders (customer_id);\n"
           "```\n",
    .check = check_concurrently_in_tx,
};

static void check_detach(struct rule_ctx *c)
{
    if (c->node->node_case != PG_QUERY__NODE__NODE_ALTER_TABLE_STMT)
        return;
    const PgQuery__AlterTableStmt *s = c->node->alter_table_stmt;
    if (!rule_rv_existing(c, s->relation))
        return;
    size_t i = 0;
    for (const PgQuery__AlterTableCmd *cmd;
         (cmd = rule_next_alter_cmd(s, &i, PG_QUERY__ALTER_TABLE_TYPE__AT_DetachPartition));) {
        const PgQuery__Node *def = cmd->def;
        if (!def || def->node_case != PG_QUERY__NODE__NODE_PARTITION_CMD ||
            def->partition_cmd->concurrent)
            continue;
        const char *part =
            def->partition_cmd->name ? rule_qualify(c, def->partition_cmd->name) : "";
        struct diag *d =
            rule_report(c, def->partition_cmd->name ? def->partition_cmd->name->location : -1,
                        "detaching partition %s without CONCURRENTLY takes an "
                        "AccessExclusiveLock on %s, blocking reads and writes",
                        part, rule_qualify(c, s->relation));
        if (d)
            d->help = c->pg_version >= 14
                          ? "use DETACH PARTITION ... CONCURRENTLY, outside a transaction"
                          : "DETACH PARTITION CONCURRENTLY needs PostgreSQL 14; detach in "
                            "a quiet period with a short lock_timeout";
        return;
    }
}

const struct rule rule_require_concurrent_detach_partition = {
    .id = "require-concurrent-detach-partition",
    .sev = SEV_ERROR,
    .group = RG_LOCKING,
    .summary = "DETACH PARTITION without CONCURRENTLY",
    .squawk = "require-concurrent-partition-detach",
    .doc =
        "## What\n"
        "`ALTER TABLE parent DETACH PARTITION child` without `CONCURRENTLY`.\n\n"
        "## Why\n"
        "It takes an `AccessExclusiveLock` on the partitioned table: every query on any partition "
        "waits.\n\n"
        "## Instead\n"
        "`DETACH PARTITION ... CONCURRENTLY` (PostgreSQL 14 and later) takes a "
        "`ShareUpdateExclusiveLock`; it cannot run in a transaction block.\n\n"
        "## Example\n"
        "```sql\n"
        "ALTER TABLE events DETACH PARTITION events_2023 CONCURRENTLY;\n"
        "```\n",
    .check = check_detach,
};
