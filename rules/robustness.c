/*
 * robustness.c - migrations that fail or misbehave later: identifiers that
 * PostgreSQL silently truncates, a column assigned twice, foreign keys with
 * no index on the referencing columns, tables without a primary key. The last
 * two are judged at the end of the part against the catalog, so an index or
 * key added later in the same revision counts.
 */
#include "lint/rule.h"

#include <string.h>

#define NAMEDATALEN_MAX 63 /* NAMEDATALEN - 1 bytes */

/* ---- identifier-too-long ---- */

/* The parser has already truncated long identifiers (scan.l's
 * truncate_identifier), so the tokens of the statement's text are checked:
 * identifiers, quoted or not, longer than NAMEDATALEN - 1 bytes. */
static void check_long_ident(struct rule_ctx *c)
{
    if (c->node->node_case == PG_QUERY__NODE__NODE_TRANSACTION_STMT)
        return;
    const char *text = rule_stmt_text(c);
    PgQueryScanResult r = pg_query_scan(text);
    if (r.error) {
        pg_query_free_scan_result(r);
        return;
    }
    PgQuery__ScanResult *sr =
        pg_query__scan_result__unpack(NULL, r.pbuf.len, (const uint8_t *)r.pbuf.data);
    for (size_t i = 0; sr && i < sr->n_tokens; i++) {
        const PgQuery__ScanToken *t = sr->tokens[i];
        if (t->token != PG_QUERY__TOKEN__IDENT || t->end <= t->start)
            continue;
        const char *p = text + t->start;
        size_t n = (size_t)(t->end - t->start), bytes = n;
        if (p[0] == '"' || ((p[0] == 'U' || p[0] == 'u') && p[1] == '&'))
            bytes = n - 2 - (p[0] == '"' ? 0 : 2); /* quotes (and U&) are not part of the name */
        if (bytes <= NAMEDATALEN_MAX)
            continue;
        struct diag *d =
            rule_report(c, t->start,
                        "identifier \"%.24s...\" is %zu bytes: PostgreSQL truncates it to %d bytes",
                        p[0] == '"' ? p + 1 : p, bytes, NAMEDATALEN_MAX);
        if (d) {
            d->span = (uint32_t)n;
            d->help = "use a name of at most 63 bytes; the truncated name no longer matches what "
                      "code and "
                      "later migrations use, and two long names can collide";
        }
        break; /* one finding per statement */
    }
    if (sr)
        pg_query__scan_result__free_unpacked(sr, NULL);
    pg_query_free_scan_result(r);
}

const struct rule rule_identifier_too_long = {
    .id = "identifier-too-long",
    .sev = SEV_WARNING,
    .group = RG_ROBUSTNESS,
    .summary = "identifier longer than 63 bytes (silently truncated)",
    .squawk = "identifier-too-long",
    .doc =
        "## What\n"
        "A table, column, index, constraint, function, trigger, policy, schema or type name "
        "longer than 63 bytes.\n\n"
        "## Why\n"
        "PostgreSQL truncates identifiers to `NAMEDATALEN - 1` = 63 bytes with only a NOTICE. "
        "The object then has a different name than the migration, the code and later migrations "
        "use (`DROP INDEX` of the long name fails), and two long names sharing a 63-byte prefix "
        "collide.\n\n"
        "## Instead\n"
        "Choose names of at most 63 bytes (bytes, not characters: non-ASCII letters take 2-4).\n\n"
        "## Example\n"
        "```sql\n"
        "CREATE INDEX orders_customer_created_idx ON orders (customer_id, created_at);\n"
        "```\n",
    .check = check_long_ident,
};

/* ---- duplicate-column-assignment ---- */

static const char *first_dup(PgQuery__Node **items, size_t n,
                             const char *(*name_of)(const PgQuery__Node *), int32_t *loc)
{
    for (size_t i = 0; i < n; i++) {
        const char *a = name_of(items[i]);
        if (!a)
            continue;
        for (size_t j = 0; j < i; j++) {
            const char *b = name_of(items[j]);
            if (b && strcmp(a, b) == 0) {
                *loc = node_location(items[i]);
                return a;
            }
        }
    }
    return NULL;
}

/* SET a = 1: ResTarget name, without subscripts/fields (a[1] and a[2] may both be set). */
static const char *restarget_name(const PgQuery__Node *n)
{
    if (n->node_case != PG_QUERY__NODE__NODE_RES_TARGET || n->res_target->n_indirection)
        return NULL;
    return n->res_target->name;
}

static const char *coldef_name(const PgQuery__Node *n)
{
    return n->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF ? n->column_def->colname : NULL;
}

static const char *addcol_name(const PgQuery__Node *n)
{
    if (n->node_case != PG_QUERY__NODE__NODE_ALTER_TABLE_CMD)
        return NULL;
    const PgQuery__AlterTableCmd *cmd = n->alter_table_cmd;
    if ((cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumn ||
         cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumnRecurse) &&
        cmd->def && cmd->def->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF)
        return cmd->def->column_def->colname;
    return NULL;
}

static void check_dup_assign(struct rule_ctx *c)
{
    const PgQuery__Node *n = c->node;
    const char *dup = NULL;
    const char *what = "";
    int32_t loc = -1;
    switch (n->node_case) {
    case PG_QUERY__NODE__NODE_UPDATE_STMT:
        dup = first_dup(n->update_stmt->target_list, n->update_stmt->n_target_list, restarget_name,
                        &loc);
        what = "UPDATE assigns column %s more than once";
        break;
    case PG_QUERY__NODE__NODE_INSERT_STMT:
        dup = first_dup(n->insert_stmt->cols, n->insert_stmt->n_cols, restarget_name, &loc);
        what = "INSERT lists column %s more than once";
        break;
    case PG_QUERY__NODE__NODE_CREATE_STMT:
        dup =
            first_dup(n->create_stmt->table_elts, n->create_stmt->n_table_elts, coldef_name, &loc);
        what = "CREATE TABLE declares column %s more than once";
        break;
    case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT:
        dup = first_dup(n->alter_table_stmt->cmds, n->alter_table_stmt->n_cmds, addcol_name, &loc);
        what = "ALTER TABLE adds column %s more than once";
        break;
    default:
        return;
    }
    if (!dup)
        return;
    struct diag *d = rule_report(c, loc, what, dup);
    if (!d)
        return;
    d->sqlstate = "42701";
    d->help = "keep one assignment of the column";
}

const struct rule rule_duplicate_column_assignment = {
    .id = "duplicate-column-assignment",
    .sev = SEV_ERROR,
    .group = RG_ROBUSTNESS,
    .summary = "a column assigned or declared twice in one statement",
    .squawk = "ban-duplicate-column-assignments",
    .doc =
        "## What\n"
        "The same column twice in `UPDATE ... SET`, in an `INSERT` column list, in `CREATE TABLE`, "
        "or in the `ADD COLUMN`s of one `ALTER TABLE`.\n\n"
        "## Why\n"
        "PostgreSQL rejects the statement (SQLSTATE 42701, \"multiple assignments to same "
        "column\" / \"column specified more than once\"); usually a copy-paste slip that hid a "
        "missing assignment.\n\n"
        "## Instead\n"
        "Assign each column once.\n\n"
        "## Example\n"
        "```sql\n"
        "-- bad\n"
        "UPDATE users SET name = 'a', name = 'b';\n"
        "```\n",
    .check = check_dup_assign,
};

/* ---- foreign-key-without-index ---- */

/* The table has an index (valid or being built) whose leading key columns are
 * exactly the set of attnums (in any order). */
static bool covered_by_index(const struct cat_rel *r, const int16_t *att, uint32_t n)
{
    for (uint32_t i = 0; i < r->indexes.n; i++) {
        const struct cat_rel *ix = r->indexes.items[i];
        if (ix->obj.dropped || !ix->index || ix->index->predicate || ix->index->nkeyatts < n)
            continue;
        uint32_t hit = 0;
        for (uint32_t k = 0; k < n; k++)
            for (uint32_t j = 0; j < n; j++)
                if (ix->index->attnums[k] == att[j]) {
                    hit++;
                    break;
                }
        if (hit == n)
            return true;
    }
    return false;
}

struct fk_site {
    const struct stmt *stmt;
    const PgQuery__RangeVar *rel;
    const PgQuery__Constraint *con;
    const char *col; /* column constraint: the column */
};

static void fk_check_site(struct rule_ctx *c, const struct fk_site *s)
{
    const struct cat_rel *r = rule_find_rel(c, s->rel);
    if (!r || (r->relkind != CAT_RELKIND_TABLE && r->relkind != CAT_RELKIND_PARTITIONED))
        return;
    int16_t att[32];
    uint32_t n = 0;
    if (s->col) {
        const struct cat_column *col = rule_find_col(r, s->col);
        if (!col)
            return;
        att[n++] = col->attnum;
    } else {
        for (size_t i = 0; i < s->con->n_fk_attrs && n < 32; i++) {
            const struct cat_column *col = rule_find_col(r, node_str(s->con->fk_attrs[i]));
            if (!col)
                return;
            att[n++] = col->attnum;
        }
    }
    if (n == 0 || covered_by_index(r, att, n))
        return;
    /* the constraint may have been dropped again later in the part */
    if (s->con->conname && s->con->conname[0] && !catalog_find_constraint(r, s->con->conname))
        return;
    const struct stmt *saved = c->stmt;
    c->stmt = s->stmt;
    struct diag *d = rule_report(
        c, s->con->location,
        "foreign key on %s.%s(%s) has no index on the referencing column%s: every "
        "DELETE or key UPDATE on %s scans %s.%s",
        r->schema->name, r->name,
        s->col ? s->col : (s->con->n_fk_attrs ? node_str(s->con->fk_attrs[0]) : "?"),
        n > 1 ? "s" : "", s->con->pktable ? s->con->pktable->relname : "the referenced table",
        r->schema->name, r->name);
    c->stmt = saved;
    if (d)
        d->help = rule_rv_is_new(c, s->rel)
                      ? "create an index on the referencing columns in the same revision"
                      : "CREATE INDEX CONCURRENTLY on the referencing columns";
}

static void fk_sites_of(struct rule_ctx *c, const struct stmt *st)
{
    const PgQuery__Node *n = st->node;
    struct fk_site s = {st, NULL, NULL, NULL};
    if (n->node_case == PG_QUERY__NODE__NODE_CREATE_STMT) {
        const PgQuery__CreateStmt *cs = n->create_stmt;
        s.rel = cs->relation;
        for (size_t i = 0; i < cs->n_table_elts; i++) {
            const PgQuery__Node *e = cs->table_elts[i];
            if (e->node_case == PG_QUERY__NODE__NODE_CONSTRAINT &&
                e->constraint->contype == PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN) {
                s.con = e->constraint;
                s.col = NULL;
                fk_check_site(c, &s);
            } else if (e->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF) {
                const PgQuery__Constraint *k =
                    node_col_constraint(e->column_def, PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN);
                if (k) {
                    s.con = k;
                    s.col = e->column_def->colname;
                    fk_check_site(c, &s);
                }
            }
        }
    } else if (n->node_case == PG_QUERY__NODE__NODE_ALTER_TABLE_STMT) {
        const PgQuery__AlterTableStmt *as = n->alter_table_stmt;
        s.rel = as->relation;
        for (size_t i = 0; i < as->n_cmds; i++) {
            if (as->cmds[i]->node_case != PG_QUERY__NODE__NODE_ALTER_TABLE_CMD)
                continue;
            const PgQuery__AlterTableCmd *cmd = as->cmds[i]->alter_table_cmd;
            if (!cmd->def)
                continue;
            if (cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraint &&
                cmd->def->node_case == PG_QUERY__NODE__NODE_CONSTRAINT &&
                cmd->def->constraint->contype == PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN) {
                s.con = cmd->def->constraint;
                s.col = NULL;
                fk_check_site(c, &s);
            } else if (cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumn &&
                       cmd->def->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF) {
                const PgQuery__Constraint *k = node_col_constraint(
                    cmd->def->column_def, PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN);
                if (k) {
                    s.con = k;
                    s.col = cmd->def->column_def->colname;
                    fk_check_site(c, &s);
                }
            }
        }
    }
}

static void end_fk_index(struct rule_ctx *c)
{
    if (!c->cat || !c->part)
        return;
    for (uint32_t i = 0; i < c->part->nstmts; i++)
        if (c->part->stmts[i].node && !(c->part->stmts[i].flags & STMT_BOOKKEEPING))
            fk_sites_of(c, &c->part->stmts[i]);
}

const struct rule rule_foreign_key_without_index = {
    .id = "foreign-key-without-index",
    .sev = SEV_WARNING,
    .group = RG_ROBUSTNESS,
    .flags = RULE_UP_ONLY,
    .summary = "foreign key without an index on the referencing columns",
    .squawk = NULL,
    .doc =
        "## What\n"
        "A foreign key whose referencing columns are not the leading columns of any index on the "
        "referencing table, once the revision has run (an index created later in the same "
        "revision counts).\n\n"
        "## Why\n"
        "PostgreSQL indexes the referenced side (it must be unique) but not the referencing side. "
        "Each `DELETE` of a referenced row, or update of its key, then scans the whole "
        "referencing table to enforce the constraint, holding locks the while; cascades get "
        "slower as the table grows.\n\n"
        "## Instead\n"
        "Index the referencing columns (`CREATE INDEX CONCURRENTLY` on an existing table).\n\n"
        "## Example\n"
        "```sql\n"
        "CREATE TABLE order_lines (order_id bigint REFERENCES orders (id), ...);\n"
        "CREATE INDEX order_lines_order_id_idx ON order_lines (order_id);\n"
        "```\n",
    .end_part = end_fk_index,
};

/* ---- table-without-primary-key ---- */

static bool has_key(const struct cat_rel *r)
{
    for (uint32_t i = 0; i < r->constraints.n; i++) {
        const struct cat_constraint *k = r->constraints.items[i];
        if (!k->obj.dropped && k->contype == CAT_CON_PRIMARY)
            return true;
    }
    return r->replident == 'i' || r->replident == 'f';
}

static void end_no_pk(struct rule_ctx *c)
{
    if (!c->cat || !c->part)
        return;
    for (uint32_t i = 0; i < c->part->nstmts; i++) {
        const struct stmt *st = &c->part->stmts[i];
        if (!st->node || st->node->node_case != PG_QUERY__NODE__NODE_CREATE_STMT ||
            (st->flags & STMT_BOOKKEEPING))
            continue;
        const PgQuery__CreateStmt *cs = st->node->create_stmt;
        if (cs->partbound || cs->n_inh_relations || cs->of_typename ||
            (cs->relation->relpersistence && strcmp(cs->relation->relpersistence, "t") == 0))
            continue;
        const struct cat_rel *r = rule_find_rel(c, cs->relation);
        if (!r || r->relkind != CAT_RELKIND_TABLE || has_key(r))
            continue;
        const struct stmt *saved = c->stmt;
        c->stmt = st;
        struct diag *d = rule_report(c, cs->relation->location, "table %s.%s has no primary key",
                                     r->schema->name, r->name);
        c->stmt = saved;
        if (d)
            d->help = "add a primary key: logical replication cannot replicate UPDATE/DELETE "
                      "without one, and "
                      "rows cannot be addressed reliably";
    }
}

const struct rule rule_table_without_primary_key = {
    .id = "table-without-primary-key",
    .sev = SEV_WARNING,
    .group = RG_ROBUSTNESS,
    .flags = RULE_UP_ONLY,
    .summary = "new table without a primary key",
    .squawk = NULL,
    .doc =
        "## What\n"
        "A table created by the revision that has no primary key (nor a replica identity index) "
        "once the revision has run. Partitions and temporary tables are exempt.\n\n"
        "## Why\n"
        "Logical replication (and tools built on it: online upgrades, CDC) cannot replicate "
        "`UPDATE` and `DELETE` on such a table; online maintenance tools like pg_repack refuse it; "
        "duplicate rows cannot be told apart.\n\n"
        "## Instead\n"
        "Declare a primary key, even a composite one for join tables.\n\n"
        "## Example\n"
        "```sql\n"
        "CREATE TABLE user_roles (user_id bigint, role_id bigint, PRIMARY KEY (user_id, "
        "role_id));\n"
        "```\n",
    .end_part = end_no_pk,
};
