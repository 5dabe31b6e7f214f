/*
 * chain.c - rules about revisions as units: a revision without a down part
 * (in a chain that has them), a down part that does not restore the schema
 * the up part started from (the simulator runs up then down and compares the
 * canonical schema texts), and statements the simulator says PostgreSQL would
 * reject. statement-rejected is listed last in the registry so that a more
 * specific rule explaining the same failure reports it instead.
 */
#include "lint/rule.h"

#include <string.h>

static void end_without_down(struct rule_ctx *c)
{
    if (c->part_kind != PART_UP || (c->rev->down.present && c->rev->down.nstmts) ||
        !c->chain_has_down)
        return;
    /* Flyway's repeatable migrations are re-run, never undone */
    if (c->chain->format && strcmp(c->chain->format, "flyway") == 0 &&
        strncmp(c->rev->id, "R__", 3) == 0)
        return;
    /* code the reader could not translate (a Go or Python migration) may
     * well have its down in code too */
    for (uint32_t i = 0; i < c->rev->up.nstmts; i++)
        if (c->rev->up.stmts[i].flags & STMT_NOT_ANALYZED)
            return;
    struct diag *d = rule_report(
        c, -1, "revision %s has no down part, unlike other revisions of the chain", c->rev->id);
    if (d)
        d->help = "write the down part (-- airlock:down), or mark the revision irreversible in its "
                  "message";
}

const struct rule rule_revision_without_down = {
    .id = "revision-without-down",
    .sev = SEV_INFO,
    .group = RG_CHAIN,
    .summary = "revision without a down part",
    .squawk = NULL,
    .doc =
        "## What\n"
        "A revision with no down (downgrade/revert) part, in a chain where other revisions have "
        "one. A down part with no statement (an empty `-- migrate:down` section) counts as none. "
        "Chains that never use down parts (for example Flyway without undo scripts), Flyway "
        "repeatable migrations and migrations written in code are not reported.\n\n"
        "## Why\n"
        "Rolling back past this revision is impossible without writing SQL under pressure during "
        "an incident.\n\n"
        "## Instead\n"
        "Write the down part, even if it only reverses the schema change.\n\n"
        "## Example\n"
        "```sql\n"
        "-- airlock:up\n"
        "ALTER TABLE users ADD COLUMN nickname text;\n"
        "-- airlock:down\n"
        "ALTER TABLE users DROP COLUMN nickname;\n"
        "```\n",
    .end_part = end_without_down,
};

static void end_down_not_reverting(struct rule_ctx *c)
{
    if (c->part_kind != PART_DOWN || !c->roundtrip_diff)
        return;
    struct diag *d = rule_report(
        c, -1, "down part of revision %s does not restore the schema its up part started from",
        c->rev->id);
    if (d) {
        d->note = c->roundtrip_diff;
        d->help = "make the down part undo exactly what the up part does (- lines: missing after "
                  "down, + lines: "
                  "left over)";
    }
}

const struct rule rule_down_not_reverting = {
    .id = "down-not-reverting",
    .sev = SEV_WARNING,
    .group = RG_CHAIN,
    .summary = "down part does not revert the up part",
    .squawk = NULL,
    .doc = "## What\n"
           "Running a revision's up part and then its down part does not give back the schema the "
           "up part started from, as the simulator computes it (canonical schema text, compared "
           "line by line).\n\n"
           "## Why\n"
           "A rollback that leaves objects behind, or forgets to restore one, makes the next "
           "upgrade fail (\"already exists\") or leaves the application with a schema nobody "
           "tested.\n\n"
           "## Instead\n"
           "Make the down part undo exactly what the up part does: the note lists the lines that "
           "differ.\n\n"
           "## Example\n"
           "```sql\n"
           "-- airlock:up\n"
           "CREATE TABLE t (id bigint PRIMARY KEY);\n"
           "CREATE INDEX t_id_idx ON t (id);\n"
           "-- airlock:down\n"
           "DROP TABLE t; -- drops the index too: fine\n"
           "```\n",
    .end_part = end_down_not_reverting,
};

static void check_rejected(struct rule_ctx *c)
{
    const struct effect *e = c->eff;
    if (!e || !e->sqlstate || rule_stmt_has_error(c))
        return;
    /* A missing object the chain never creates predates the chain (a history
     * that starts after its baseline, objects created by another tool): the
     * statement works in production, only the simulation lacks the object. */
    if (rule_missing_predates(c, e->sqlstate, e->message))
        return;
    int32_t at = e->err_off > 0 && e->err_off < c->stmt->len ? (int32_t)e->err_off : -1;
    struct diag *d = rule_report(c, at, "PostgreSQL would reject this statement: %s",
                                 e->message ? e->message : "error");
    if (!d)
        return;
    d->sqlstate = e->sqlstate;
    d->note = e->detail;
    d->help = e->hint;
}

const struct rule rule_statement_rejected = {
    .id = "statement-rejected",
    .sev = SEV_ERROR,
    .group = RG_CHAIN,
    .summary = "statement PostgreSQL would reject (from the simulator)",
    .squawk = NULL,
    .doc = "## What\n"
           "A statement that fails when run after the revisions before it, as the simulator "
           "determines from its model of the catalog: a missing table or column, an object that "
           "already exists, a type mismatch, a dependency that blocks a drop, ... The message and "
           "SQLSTATE are PostgreSQL's.\n\n"
           "## Why\n"
           "The migration would stop at this statement in production (and in a `tx=off` revision, "
           "after the statements before it were applied).\n\n"
           "## Instead\n"
           "Fix the statement or the order of the revisions. A missing object that the chain never "
           "creates anywhere is assumed to predate the chain (a history that starts after its "
           "baseline) and is not reported; declare such objects in a base revision to have them "
           "checked.\n\n"
           "## Example\n"
           "```sql\n"
           "ALTER TABLE orders ADD COLUMN note text;\n"
           "ALTER TABLE orders ADD COLUMN note text; -- 42701: column \"note\" already exists\n"
           "```\n",
    .check = check_rejected,
};
