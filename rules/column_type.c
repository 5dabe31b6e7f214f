/*
 * column_type.c - ALTER COLUMN ... TYPE that rewrites the table. PostgreSQL
 * (ATColumnChangeRequiresRewrite) skips the rewrite when the old value can be
 * reused as is: a binary-coercible cast (pg_cast method 'b': varchar -> text,
 * cidr -> inet, ...) whose length coercion the type's support function proves
 * redundant (varchar(n) -> varchar(m >= n), numeric precision increase with the
 * same scale, timestamp precision increase, ...), or timestamp -> timestamptz
 * when the session time zone is UTC (PostgreSQL 12+). Everything else rewrites
 * the table and its indexes under an AccessExclusiveLock.
 */
#include "lint/rule.h"
#include "lint/rule_pgfacts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Typmod numbers from format_type() text: "character varying(255)" -> 255;
 * "numeric(10,2)" -> 10, 2. Returns how many. */
static int text_typmods(const char *t, int32_t *a, int32_t *b)
{
    *a = *b = -1;
    const char *p = t ? strchr(t, '(') : NULL;
    if (!p)
        return 0;
    char *end;
    *a = (int32_t)strtol(p + 1, &end, 10);
    if (*end == ',') {
        *b = (int32_t)strtol(end + 1, &end, 10);
        return 2;
    }
    return 1;
}

static bool is_utc(const char *tz)
{
    if (!tz)
        return false;
    return strcasecmp(tz, "UTC") == 0 || strcasecmp(tz, "Etc/UTC") == 0 ||
           strcasecmp(tz, "GMT") == 0 || strcasecmp(tz, "Etc/GMT") == 0 ||
           strcasecmp(tz, "Z") == 0 || strcasecmp(tz, "Zulu") == 0 || strcmp(tz, "0") == 0 ||
           strcasecmp(tz, "UCT") == 0;
}

/* Same type, different typmod: does the support function remove the length
 * coercion (no rewrite)? */
static bool typmod_change_is_free(const char *type, int nold, int32_t o1, int32_t o2, int nnew,
                                  int32_t n1, int32_t n2)
{
    if (nold == nnew && o1 == n1 && o2 == n2)
        return true; /* no change at all */
    if (strcmp(type, "varchar") == 0 || strcmp(type, "varbit") == 0) {
        /* varchar_support/varbit_support: unbounded, or not shorter */
        if (nnew == 0)
            return true;
        return nold > 0 && n1 >= o1;
    }
    if (strcmp(type, "numeric") == 0) {
        /* numeric_support: unconstrained, or same scale and no less precision */
        if (nnew == 0)
            return true;
        if (nold == 0)
            return false;
        int32_t os = nold >= 2 ? o2 : 0, ns = nnew >= 2 ? n2 : 0;
        return ns == os && n1 >= o1;
    }
    if (strcmp(type, "timestamp") == 0 || strcmp(type, "timestamptz") == 0 ||
        strcmp(type, "time") == 0 || strcmp(type, "timetz") == 0 || strcmp(type, "interval") == 0) {
        /* *_support: fractional-second precision not reduced */
        if (nnew == 0)
            return true;
        return nold > 0 && n1 >= o1;
    }
    return false;
}

/* The USING expression is the column itself, possibly cast to the new type. */
static bool using_is_trivial(const PgQuery__Node *u, const char *col)
{
    if (!u)
        return true;
    if (u->node_case == PG_QUERY__NODE__NODE_TYPE_CAST)
        u = u->type_cast->arg;
    if (u && u->node_case == PG_QUERY__NODE__NODE_COLUMN_REF) {
        const PgQuery__ColumnRef *r = u->column_ref;
        const char *last = node_last_str(r->fields, r->n_fields);
        return last && strcmp(last, col) == 0;
    }
    return false;
}

/* Decides whether old (catalog) -> new (TypeName) rewrites; *why explains a
 * no-rewrite verdict for tests of the rule. */
static bool needs_rewrite(struct rule_ctx *c, const struct cat_column *col,
                          const PgQuery__TypeName *tn, const char **note)
{
    *note = NULL;
    const struct cat_type *ot = col->type.type;
    if (!ot)
        return true;
    const char *oldname = ot->name;
    const char *newname = node_type_name(tn);
    bool newarray = node_type_is_array(tn);
    const char *oldtext = catalog_type_text(c->cat, &col->type);
    int32_t o1, o2, n1, n2;
    int nold = text_typmods(oldtext, &o1, &o2);
    int nnew = node_typmods(tn, &n1, &n2);
    /* arrays: compare element types, the rules are the same */
    if (oldname[0] == '_' && ot->elem) {
        if (!newarray)
            return true;
        oldname = ot->elem->name;
    } else if (newarray) {
        return true;
    }
    /* a domain: rewrite unless it is over the old type and has no constraint */
    const struct cat_type *nt =
        catalog_find_type(c->cat, tn->n_names >= 2 ? node_str(tn->names[0]) : NULL, newname);
    if (nt && nt->typtype == CAT_TYPE_DOMAIN) {
        if (nt->constraints.n || !nt->base)
            return true;
        newname = nt->base->name;
    }
    if (strcmp(oldname, newname) == 0)
        return !typmod_change_is_free(newname, nold, o1, o2, nnew, n1, n2);
    if (strcmp(oldname, "timestamp") == 0 && strcmp(newname, "timestamptz") == 0) {
        if (c->pg_version >= 12 && is_utc(c->timezone) && (nnew == 0 || (nold > 0 && n1 >= o1)))
            return false;
        *note = c->pg_version >= 12
                    ? "timestamp -> timestamptz skips the rewrite only when the session "
                      "time zone is UTC (SET timezone = 'UTC' first)"
                    : NULL;
        return true;
    }
    if (!pgfact_binary_coercible(oldname, newname))
        return true;
    /* binary coercible; a length coercion to the new typmod may remain */
    if (nnew == 0)
        return false;
    if (strcmp(newname, "varchar") == 0 || strcmp(newname, "varbit") == 0)
        return !(strcmp(oldname, newname) == 0 && nold > 0 && n1 >= o1);
    return true;
}

static void check_type_change(struct rule_ctx *c)
{
    const PgQuery__AlterTableStmt *s = rule_alter_existing_table(c);
    if (!s)
        return;
    const char *rel = rule_qualify(c, s->relation);
    const struct cat_rel *r = rule_find_rel(c, s->relation);
    if (r && r->relkind != CAT_RELKIND_TABLE && r->relkind != CAT_RELKIND_PARTITIONED &&
        r->relkind != CAT_RELKIND_MATVIEW)
        return; /* a view or composite type stores nothing */
    size_t i = 0;
    for (const PgQuery__AlterTableCmd *cmd;
         (cmd = rule_next_alter_cmd(s, &i, PG_QUERY__ALTER_TABLE_TYPE__AT_AlterColumnType));) {
        if (!cmd->name || !cmd->def || cmd->def->node_case != PG_QUERY__NODE__NODE_COLUMN_DEF)
            continue;
        const PgQuery__ColumnDef *cd = cmd->def->column_def;
        if (rule_col_is_new(c, rel, cmd->name))
            continue;
        const char *newtype = node_type_display(c->chain->arena, cd->type_name);
        const char *note = NULL;
        const char *from = "";
        if (r) {
            const struct cat_column *col = rule_find_col(r, cmd->name);
            if (!col)
                continue; /* the simulator reports the missing column */
            bool trivial = using_is_trivial(cd->raw_default, cmd->name);
            if (trivial && !needs_rewrite(c, col, cd->type_name, &note))
                continue;
            if (!trivial)
                note = "a USING expression other than the column itself always rewrites";
            from = rule_printf(c, " from %s", catalog_type_text(c->cat, &col->type));
        }
        struct diag *d =
            rule_report(c, cd->type_name ? cd->type_name->location : -1,
                        "changing the type of %s.%s%s to %s rewrites the table and its indexes "
                        "under an AccessExclusiveLock",
                        rel, cmd->name, from, newtype);
        if (!d)
            continue;
        d->note = note;
        d->help =
            "add a new column of the new type, fill it (trigger + batched backfill), then switch "
            "readers and writers over and drop the old column";
    }
}

const struct rule rule_changing_column_type = {
    .id = "changing-column-type",
    .sev = SEV_ERROR,
    .group = RG_LOCKING,
    .summary = "column type change that rewrites the table",
    .squawk = "changing-column-type",
    .doc =
        "## What\n"
        "`ALTER TABLE ... ALTER COLUMN c TYPE t` where the new type is not binary compatible with "
        "the old one: `int` -> `bigint`, `text` -> `varchar(n)`, `varchar(20)` -> `varchar(10)`, "
        "`numeric(10,2)` -> `numeric(12,4)`, any `USING` expression, ...\n\n"
        "## Why\n"
        "PostgreSQL rewrites the whole table and rebuilds its indexes while holding an "
        "`AccessExclusiveLock`. Changes that keep the stored bytes valid are only a catalog "
        "update and are not reported: `varchar(n)` -> `varchar(m)` with m >= n or -> `text`, "
        "`text` -> `varchar`, `numeric(p,s)` -> `numeric(q,s)` with q >= p or -> `numeric`, "
        "`cidr` -> `inet`, timestamp precision increases, and `timestamp` -> `timestamptz` when "
        "the session time zone is UTC (PostgreSQL 12+).\n\n"
        "## Instead\n"
        "Add a new column of the target type, keep it filled for new writes (trigger), backfill "
        "in batches, switch the application, drop the old column. For id columns running out of "
        "`int`, plan this early.\n\n"
        "## Example\n"
        "```sql\n"
        "-- rewrites\n"
        "ALTER TABLE orders ALTER COLUMN id TYPE bigint;\n"
        "-- no rewrite\n"
        "ALTER TABLE users ALTER COLUMN name TYPE varchar(200); -- was varchar(100)\n"
        "```\n",
    .check = check_type_change,
};
