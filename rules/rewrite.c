/*
 * rewrite.c - maintenance commands that rewrite a whole table under an
 * AccessExclusiveLock: VACUUM FULL and CLUSTER. A table created in the same
 * revision is empty, so rewriting it costs nothing and is not reported.
 */
#include "lint/rule.h"

static void check_vacuum_full(struct rule_ctx *c)
{
    if (c->node->node_case != PG_QUERY__NODE__NODE_VACUUM_STMT)
        return;
    const PgQuery__VacuumStmt *v = c->node->vacuum_stmt;
    if (!v->is_vacuumcmd || !rule_option_set(v->options, v->n_options, "full"))
        return;
    const char *what = "every table of the database";
    if (v->n_rels) {
        bool any_old = false;
        for (size_t i = 0; i < v->n_rels; i++) {
            const PgQuery__Node *n = v->rels[i];
            if (n->node_case == PG_QUERY__NODE__NODE_VACUUM_RELATION &&
                n->vacuum_relation->relation && !rule_rv_is_new(c, n->vacuum_relation->relation)) {
                any_old = true;
                what = rule_qualify(c, n->vacuum_relation->relation);
                break;
            }
        }
        if (!any_old)
            return;
    }
    struct diag *d =
        rule_report(c, -1,
                    "VACUUM FULL rewrites %s under an AccessExclusiveLock, blocking reads and "
                    "writes until it finishes",
                    what);
    if (d)
        d->help =
            "use plain VACUUM (no exclusive lock), or pg_repack / pg_squeeze to compact online";
}

const struct rule rule_vacuum_full = {
    .id = "vacuum-full",
    .sev = SEV_ERROR,
    .group = RG_LOCKING,
    .summary = "VACUUM FULL (rewrites the table under an exclusive lock)",
    .squawk = "prefer-repack",
    .doc =
        "## What\n"
        "`VACUUM FULL` in a migration.\n\n"
        "## Why\n"
        "It writes a new copy of the table and its indexes while holding an "
        "`AccessExclusiveLock`: the table is unavailable for reads and writes for the whole "
        "rewrite, and it needs free disk space for the copy.\n\n"
        "## Instead\n"
        "Plain `VACUUM` marks space reusable without an exclusive lock. To give space back to the "
        "operating system online, use `pg_repack` or `pg_squeeze`, outside migrations.\n\n"
        "## Example\n"
        "```sql\n"
        "-- bad\n"
        "VACUUM FULL events;\n"
        "```\n",
    .check = check_vacuum_full,
};

static void check_cluster(struct rule_ctx *c)
{
    if (c->node->node_case != PG_QUERY__NODE__NODE_CLUSTER_STMT)
        return;
    const PgQuery__ClusterStmt *s = c->node->cluster_stmt;
    if (s->relation && rule_rv_is_new(c, s->relation))
        return;
    const char *what =
        s->relation ? rule_qualify(c, s->relation) : "every previously clustered table";
    struct diag *d =
        rule_report(c, -1,
                    "CLUSTER rewrites %s in index order under an AccessExclusiveLock, blocking "
                    "reads and writes until it finishes",
                    what);
    if (d)
        d->help = "use pg_repack --order-by to reorder online, outside the migration";
}

const struct rule rule_cluster = {
    .id = "cluster",
    .sev = SEV_ERROR,
    .group = RG_LOCKING,
    .summary = "CLUSTER (rewrites the table under an exclusive lock)",
    .squawk = "prefer-repack",
    .doc =
        "## What\n"
        "`CLUSTER table [USING index]` in a migration.\n\n"
        "## Why\n"
        "`CLUSTER` rewrites the table in index order holding an `AccessExclusiveLock`: no reads, "
        "no writes until it is done.\n\n"
        "## Instead\n"
        "`pg_repack --order-by` reorders a table online. `ALTER TABLE ... CLUSTER ON index` only "
        "records the index and is harmless.\n\n"
        "## Example\n"
        "```sql\n"
        "-- bad\n"
        "CLUSTER events USING events_created_idx;\n"
        "```\n",
    .check = check_cluster,
};
