/*
 * transactions.c - transaction structure: BEGIN inside a transaction the
 * migration tool already opened (or COMMIT of it), BEGIN without COMMIT, and
 * statements PostgreSQL refuses to run inside a transaction block.
 */
#include "lint/rule.h"

#include <string.h>

static void check_nesting(struct rule_ctx *c)
{
    if (c->node->node_case != PG_QUERY__NODE__NODE_TRANSACTION_STMT || !c->in_tx)
        return;
    const PgQuery__TransactionStmt *t = c->node->transaction_stmt;
    struct diag *d = NULL;
    switch (t->kind) {
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_BEGIN:
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_START:
        if (!c->tx_explicit && rule_tx_implicit_block(c))
            break; /* takes over the query's implicit transaction block */
        if (c->tx_explicit)
            d = rule_report(
                c, -1,
                "BEGIN inside a transaction already opened at line %u: PostgreSQL ignores it "
                "with a WARNING, and the first COMMIT ends both",
                c->tx_begin ? c->tx_begin->loc.line : 0);
        else
            d = rule_report(
                c, -1,
                "BEGIN inside the transaction the migration runs in: PostgreSQL ignores it, and "
                "the matching COMMIT commits the migration tool's transaction early");
        if (d)
            d->help = c->tx_explicit ? "remove the inner BEGIN"
                                     : "remove BEGIN/COMMIT: the revision already "
                                       "runs in a transaction (or turn that off "
                                       "with -- airlock:transaction off)";
        break;
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_COMMIT:
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_ROLLBACK:
        if (!c->tx_explicit) {
            d = rule_report(
                c, -1,
                "%s ends the transaction the migration runs in: the statements after it run "
                "outside any transaction and the tool's own COMMIT finds none",
                t->kind == PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_COMMIT ? "COMMIT"
                                                                              : "ROLLBACK");
            if (d)
                d->help = "split the revision instead, or run it without a transaction "
                          "(-- airlock:transaction off) and manage transactions explicitly";
        }
        break;
    default:
        break;
    }
}

const struct rule rule_transaction_nesting = {
    .id = "transaction-nesting",
    .sev = SEV_ERROR,
    .group = RG_ROBUSTNESS,
    .summary = "BEGIN/COMMIT inside a revision that already runs in a transaction",
    .squawk = "transaction-nesting",
    .doc =
        "## What\n"
        "`BEGIN`/`START TRANSACTION` when a transaction is already open (the one the migration "
        "tool runs the revision in, or an earlier `BEGIN`), or `COMMIT`/`ROLLBACK` of the tool's "
        "transaction.\n\n"
        "## Why\n"
        "PostgreSQL has no nested transactions: an inner `BEGIN` only raises a WARNING, and the "
        "next `COMMIT` commits everything. The rest of the revision then runs without a "
        "transaction, so a failure leaves it half applied while the tool believes it is atomic.\n\n"
        "## Instead\n"
        "Let the tool manage the transaction and remove `BEGIN`/`COMMIT`; or run the revision "
        "without one (`-- airlock:transaction off`) and manage transactions yourself.\n\n"
        "## Example\n"
        "```sql\n"
        "-- bad (revision runs in a transaction)\n"
        "BEGIN;\n"
        "ALTER TABLE t ADD COLUMN c int;\n"
        "COMMIT;\n"
        "```\n",
    .check = check_nesting,
};

static void end_uncommitted(struct rule_ctx *c)
{
    if (!c->in_tx || !c->tx_explicit || !c->tx_begin)
        return;
    if (c->chain->format && strcmp(c->chain->format, "alembic-sql") == 0)
        return; /* one transaction may span several revisions of the script */
    c->stmt = c->tx_begin;
    struct diag *d = rule_report(c, -1, "transaction opened here is never committed");
    c->stmt = NULL;
    if (d)
        d->help = "add COMMIT at the end; an open transaction is rolled back when the session ends";
}

const struct rule rule_ban_uncommitted_transaction = {
    .id = "ban-uncommitted-transaction",
    .sev = SEV_ERROR,
    .group = RG_ROBUSTNESS,
    .summary = "BEGIN without COMMIT",
    .squawk = "ban-uncommitted-transaction",
    .doc =
        "## What\n"
        "A `BEGIN` with no `COMMIT` (or `ROLLBACK`) before the end of the revision.\n\n"
        "## Why\n"
        "Depending on the runner, the open transaction is rolled back when the connection "
        "closes (the migration silently did nothing) or it keeps its locks while the runner goes "
        "on with the next file.\n\n"
        "## Instead\n"
        "Close every transaction you open.\n\n"
        "## Example\n"
        "```sql\n"
        "BEGIN;\n"
        "ALTER TABLE t ADD COLUMN c int;\n"
        "COMMIT;\n"
        "```\n",
    .end_part = end_uncommitted,
};

/* What PostgreSQL refuses inside a transaction block (PreventInTransactionBlock),
 * other than the CONCURRENTLY forms (concurrently-in-transaction). */
static const char *non_tx_form(struct rule_ctx *c)
{
    const PgQuery__Node *n = c->node;
    switch (n->node_case) {
    case PG_QUERY__NODE__NODE_VACUUM_STMT:
        return n->vacuum_stmt->is_vacuumcmd ? "VACUUM" : NULL;
    case PG_QUERY__NODE__NODE_CREATEDB_STMT:
        return "CREATE DATABASE";
    case PG_QUERY__NODE__NODE_DROPDB_STMT:
        return "DROP DATABASE";
    case PG_QUERY__NODE__NODE_CREATE_TABLE_SPACE_STMT:
        return "CREATE TABLESPACE";
    case PG_QUERY__NODE__NODE_DROP_TABLE_SPACE_STMT:
        return "DROP TABLESPACE";
    case PG_QUERY__NODE__NODE_ALTER_SYSTEM_STMT:
        return "ALTER SYSTEM";
    case PG_QUERY__NODE__NODE_REINDEX_STMT:
        switch (n->reindex_stmt->kind) {
        case PG_QUERY__REINDEX_OBJECT_TYPE__REINDEX_OBJECT_SCHEMA:
            return "REINDEX SCHEMA";
        case PG_QUERY__REINDEX_OBJECT_TYPE__REINDEX_OBJECT_SYSTEM:
            return "REINDEX SYSTEM";
        case PG_QUERY__REINDEX_OBJECT_TYPE__REINDEX_OBJECT_DATABASE:
            return "REINDEX DATABASE";
        default:
            return NULL;
        }
    case PG_QUERY__NODE__NODE_ALTER_ENUM_STMT:
        /* allowed in a transaction block since PostgreSQL 12 */
        if (c->pg_version < 12 && !(n->alter_enum_stmt->old_val && n->alter_enum_stmt->old_val[0]))
            return "ALTER TYPE ... ADD VALUE";
        return NULL;
    default:
        return NULL;
    }
}

static void check_non_tx(struct rule_ctx *c)
{
    if (!c->in_tx)
        return;
    const char *form = non_tx_form(c);
    if (!form)
        return;
    struct diag *d = rule_report(c, -1, "%s cannot run inside a transaction block", form);
    if (!d)
        return;
    d->sqlstate = "25001";
    d->help =
        c->tx_explicit
            ? "move it out of the BEGIN ... COMMIT block"
            : "put it in a revision that runs outside a transaction (-- airlock:transaction off)";
}

const struct rule rule_non_transactional_in_transaction = {
    .id = "non-transactional-in-transaction",
    .sev = SEV_ERROR,
    .group = RG_ROBUSTNESS,
    .summary = "VACUUM, CREATE DATABASE, ALTER SYSTEM, ... inside a transaction block",
    .squawk = NULL,
    .doc =
        "## What\n"
        "A statement PostgreSQL refuses inside a transaction block, in a revision that runs in a "
        "transaction or between `BEGIN` and `COMMIT`: `VACUUM`, `CREATE`/`DROP DATABASE`, "
        "`CREATE`/`DROP TABLESPACE`, `ALTER SYSTEM`, `REINDEX SCHEMA/DATABASE/SYSTEM`, and "
        "`ALTER TYPE ... ADD VALUE` before PostgreSQL 12.\n\n"
        "## Why\n"
        "The statement fails with SQLSTATE 25001 and the migration with it.\n\n"
        "## Instead\n"
        "Run it in a revision without a transaction (`-- airlock:transaction off`), or outside "
        "migrations.\n\n"
        "## Example\n"
        "```sql\n"
        "-- airlock:transaction off\n"
        "VACUUM ANALYZE orders;\n"
        "```\n",
    .check = check_non_tx,
};
