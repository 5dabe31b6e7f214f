/*
 * lock_hygiene.c - how long blocking locks are held and how they are waited
 * for: statements run while an AccessExclusiveLock is already held in the
 * transaction, blocking locks taken with no lock_timeout, table-sized work
 * under a blocking lock with no statement_timeout, and ALTER TABLEs on one
 * table that could be one. Only relations that existed before the revision
 * (and transaction) count: nobody else can be waiting on a new one.
 */
#include "lint/rule.h"

#include <string.h>

static bool is_control(const PgQuery__Node *n)
{
    switch (n->node_case) {
    case PG_QUERY__NODE__NODE_TRANSACTION_STMT:
    case PG_QUERY__NODE__NODE_VARIABLE_SET_STMT:
    case PG_QUERY__NODE__NODE_VARIABLE_SHOW_STMT:
        return true;
    default:
        return false;
    }
}

/* The statement being checked, as later statements will see it. */
static struct rule_stmt_info self_info(const struct rule_ctx *c)
{
    struct rule_stmt_info x = {c->stmt,         c->part,  c->lock,       c->lock_rel,
                               c->lock_rel_new, c->heavy, c->lock_relobj};
    return x;
}

/* Both statements lock the same relation: the simulator's relation when both
 * know it (a RENAME keeps it, under a new name), else the name. */
static bool same_rel(const struct rule_stmt_info *a, const struct rule_stmt_info *b)
{
    if (a->lock_relobj && b->lock_relobj)
        return a->lock_relobj == b->lock_relobj;
    return a->lock_rel && b->lock_rel && strcmp(a->lock_rel, b->lock_rel) == 0;
}

/* Running statement x while holder's lock is held makes the hold longer in a
 * way that matters: x waits for a lock on another existing relation, or it
 * does table-sized work. */
static bool extends_hold(const struct rule_stmt_info *holder, const struct rule_stmt_info *x)
{
    if (x->heavy)
        return true;
    return x->lock != LOCK_NONE && x->lock_rel && !x->lock_rel_new && !same_rel(holder, x);
}

static void check_ae_held(struct rule_ctx *c)
{
    if (!c->in_tx || is_control(c->node))
        return;
    /* the first AccessExclusiveLock on an existing relation in this transaction */
    uint32_t h = 0;
    for (; h < c->ntx_prev; h++) {
        const struct rule_stmt_info *x = &c->tx_prev[h];
        if (x->lock == LOCK_ACCESS_EXCLUSIVE && x->lock_rel && !x->lock_rel_new)
            break;
    }
    if (h == c->ntx_prev)
        return;
    const struct rule_stmt_info *holder = &c->tx_prev[h];
    struct rule_stmt_info self = self_info(c);
    if (!extends_hold(holder, &self))
        return;
    /* report the first such statement of the transaction only */
    for (uint32_t k = h + 1; k < c->ntx_prev; k++) {
        const struct rule_stmt_info *x = &c->tx_prev[k];
        if (!is_control(x->stmt->node) && extends_hold(holder, x))
            return;
    }
    const char *why =
        c->heavy ? "does table-sized work"
                 : rule_printf(c, "waits for %s on %s", lock_mode_name(c->lock), c->lock_rel);
    /* the held relation under its name now (a RENAME may have come since) */
    const struct cat_rel *held = holder->lock_relobj;
    const char *hname =
        held ? rule_printf(c, "%s.%s", held->schema->name, held->name) : holder->lock_rel;
    struct diag *d =
        rule_report(c, -1,
                    "this statement %s while the transaction holds an AccessExclusiveLock on %s "
                    "(taken at line %u): every query on %s waits meanwhile",
                    why, hname, holder->stmt->loc.line, hname);
    if (d)
        d->help =
            "commit right after the statement that takes the AccessExclusiveLock: move the rest to "
            "its own transaction or revision";
}

const struct rule rule_access_exclusive_lock_held = {
    .id = "access-exclusive-lock-held",
    .sev = SEV_WARNING,
    .group = RG_LOCKING,
    .flags = RULE_UP_ONLY,
    .summary = "further work after an AccessExclusiveLock in the same transaction",
    .squawk = NULL,
    .doc =
        "## What\n"
        "A statement that does table-sized work (a scan, a rewrite, an index build, an UPDATE) or "
        "locks another table, in a transaction that already holds an `AccessExclusiveLock` on an "
        "existing table.\n\n"
        "## Why\n"
        "Locks are released at `COMMIT`. Everything after the `AccessExclusiveLock` extends the "
        "time the table is completely unavailable, and waiting for a second lock while holding the "
        "first is how lock queues pile up (and deadlocks happen).\n\n"
        "## Instead\n"
        "Keep the statement that takes the `AccessExclusiveLock` short and last, and commit right "
        "after it: move other work to its own transaction or revision. Only the first statement "
        "of each transaction that extends the hold is reported.\n\n"
        "## Example\n"
        "```sql\n"
        "-- bad: the rename's lock is held during the backfill\n"
        "ALTER TABLE orders RENAME COLUMN total TO amount;\n"
        "UPDATE orders SET amount = 0 WHERE amount IS NULL;\n"
        "```\n",
    .check = check_ae_held,
};

/* A lock that conflicts with ordinary reads or writes on an existing relation. */
static bool blocking_lock(const struct rule_ctx *c)
{
    return c->lock >= LOCK_SHARE && c->lock_rel && !c->lock_rel_new;
}

static void check_lock_timeout(struct rule_ctx *c)
{
    if (c->lock_timeout || c->nreported || !blocking_lock(c))
        return;
    struct diag *d =
        rule_report(c, -1,
                    "this statement takes %s on %s with no lock_timeout: if it has to wait, "
                    "every query on %s queues behind it",
                    lock_mode_name(c->lock), c->lock_rel, c->lock_rel);
    if (d)
        d->help = "SET lock_timeout = '2s' (or SET LOCAL inside the transaction) before it, and "
                  "retry the "
                  "migration when it times out";
}

const struct rule rule_require_lock_timeout = {
    .id = "require-lock-timeout",
    .sev = SEV_WARNING,
    .group = RG_LOCKING,
    .summary = "blocking lock taken without lock_timeout",
    .squawk = "require-timeout-settings,require-lock-timeout",
    .doc =
        "## What\n"
        "A statement that takes a lock conflicting with reads or writes (`ShareLock` or "
        "stronger) on an existing table while no `lock_timeout` is in force (no `SET "
        "lock_timeout` or `SET LOCAL lock_timeout` earlier in the revision, and none assumed by "
        "configuration). Reported once per revision part.\n\n"
        "## Why\n"
        "A lock request waits behind any transaction holding a conflicting lock, for example a "
        "long report or an idle-in-transaction session. While it waits, every later query on the "
        "table queues behind it: even a statement that would take a millisecond takes the table "
        "down.\n\n"
        "## Instead\n"
        "Set a short `lock_timeout` first and retry on failure (SQLSTATE 55P03). `airlock-apply` "
        "sets one itself (`--lock-timeout`); tell the linter with `assume-lock-timeout = true` "
        "in `.airlock.conf` when your runner does.\n\n"
        "## Example\n"
        "```sql\n"
        "SET lock_timeout = '2s';\n"
        "ALTER TABLE orders ADD COLUMN note text;\n"
        "```\n",
    .check = check_lock_timeout,
};

static void check_statement_timeout(struct rule_ctx *c)
{
    if (c->statement_timeout || c->nreported || !blocking_lock(c) || !c->heavy)
        return;
    /* a rule already explained this statement's hazard and how to avoid it */
    if (rule_stmt_findings(c))
        return;
    struct diag *d =
        rule_report(c, -1,
                    "this statement does table-sized work while holding %s on %s, with no "
                    "statement_timeout to bound the outage",
                    lock_mode_name(c->lock), c->lock_rel);
    if (d)
        d->help = "SET statement_timeout before it (or restructure it so it does not scan under "
                  "the lock)";
}

const struct rule rule_require_statement_timeout = {
    .id = "require-statement-timeout",
    .sev = SEV_WARNING,
    .group = RG_LOCKING,
    .summary = "table-sized work under a blocking lock without statement_timeout",
    .squawk = "require-timeout-settings,require-statement-timeout",
    .doc =
        "## What\n"
        "A statement that scans, rewrites or indexes an existing table (or updates many rows) "
        "while holding a lock that blocks reads or writes, with no `statement_timeout` in force. "
        "Reported once per revision part, and not for statements another rule already reports.\n\n"
        "## Why\n"
        "How long the table stays blocked depends on its size in production, which the migration "
        "author rarely knows. A `statement_timeout` turns an unbounded outage into a failed, "
        "retryable migration.\n\n"
        "## Instead\n"
        "`SET statement_timeout` before such statements, or better, use the non-blocking form the "
        "other rules suggest (NOT VALID + VALIDATE, CONCURRENTLY, batched backfills).\n\n"
        "## Example\n"
        "```sql\n"
        "SET statement_timeout = '5min';\n"
        "ALTER TABLE orders ALTER COLUMN id TYPE bigint;\n"
        "```\n",
    .check = check_statement_timeout,
};

/* ALTER TABLE on an existing relation that scans or rewrites it under an
 * AccessExclusiveLock. Within a transaction the lock is held from the first
 * ALTER on, so only these passes over the table cost anything again. */
static bool exclusive_alter_pass(const struct rule_stmt_info *x)
{
    const PgQuery__Node *n = x->stmt->node;
    return n && n->node_case == PG_QUERY__NODE__NODE_ALTER_TABLE_STMT &&
           x->lock == LOCK_ACCESS_EXCLUSIVE && !x->lock_rel_new && x->lock_rel && x->heavy;
}

static void check_combine(struct rule_ctx *c)
{
    if (!c->in_tx || c->node->node_case != PG_QUERY__NODE__NODE_ALTER_TABLE_STMT)
        return;
    struct rule_stmt_info self = self_info(c);
    if (!exclusive_alter_pass(&self))
        return;
    const struct rule_stmt_info *first = NULL;
    uint32_t count = 0;
    for (uint32_t k = 0; k < c->ntx_prev; k++) {
        const struct rule_stmt_info *x = &c->tx_prev[k];
        if (exclusive_alter_pass(x) && same_rel(x, &self)) {
            if (!first)
                first = x;
            count++;
        }
    }
    if (count != 1) /* report the second pass only */
        return;
    struct diag *d =
        rule_report(c, -1,
                    "%s is scanned or rewritten again in the same transaction (first at line "
                    "%u): one ALTER TABLE with several actions does a single pass over the "
                    "table",
                    self.lock_rel, first->stmt->loc.line);
    if (d)
        d->help = "merge the actions into one ALTER TABLE, separated by commas";
}

const struct rule rule_combine_alter_table = {
    .id = "combine-alter-table",
    .sev = SEV_INFO,
    .group = RG_LOCKING,
    .flags = RULE_UP_ONLY,
    .summary = "several ALTER TABLEs scanning one table in a transaction that could be one",
    .squawk = NULL,
    .doc = "## What\n"
           "Two or more `ALTER TABLE` statements on the same existing table in one transaction "
           "that each scan or rewrite it under an `AccessExclusiveLock` (a type change that "
           "rewrites, `SET NOT NULL`, a validated constraint, a primary key...). ALTERs that "
           "only change the catalog are not counted: the transaction holds the lock from the "
           "first ALTER on, so merging them saves nothing.\n\n"
           "## Why\n"
           "Each statement that rewrites or validates does its own pass over the table while "
           "nobody can read it; one statement with several comma-separated actions does a single "
           "pass.\n\n"
           "## Instead\n"
           "Combine the actions: `ALTER TABLE t ALTER a TYPE bigint, ALTER b TYPE bigint;`.\n\n"
           "## Example\n"
           "```sql\n"
           "-- reported: two rewrites of t\n"
           "ALTER TABLE t ALTER COLUMN a TYPE bigint;\n"
           "ALTER TABLE t ALTER COLUMN b TYPE bigint;\n"
           "```\n",
    .check = check_combine,
};
