/*
 * types.c - column types that bite later, checked where a column's type is
 * chosen (CREATE TABLE, ADD COLUMN, ALTER COLUMN TYPE): 32-bit keys, serial
 * instead of identity, varchar(n), char(n), timestamp without time zone,
 * json, money, and enum values appended without a position.
 */
#include "lint/rule.h"

#include <string.h>

/* One column whose type the statement sets. */
struct coldecl {
    const char *rel;
    const char *col;
    const PgQuery__TypeName *type;
    const PgQuery__ColumnDef *def; /* NULL for ALTER COLUMN TYPE */
    bool key;                      /* primary key or identity: an id that only grows */
    const PgQuery__Constraint *fk; /* column REFERENCES, or a table FOREIGN KEY naming it */
    uint32_t fk_index;             /* position of the column in that foreign key */
};

typedef void (*col_fn)(struct rule_ctx *c, const struct coldecl *d);

static bool names_has(PgQuery__Node **list, size_t n, const char *col)
{
    for (size_t i = 0; i < n; i++) {
        const char *s = node_str(list[i]);
        if (s && strcmp(s, col) == 0)
            return true;
    }
    return false;
}

static void decl_from_def(struct coldecl *d, const PgQuery__ColumnDef *cd, PgQuery__Node **tcons,
                          size_t ntcons)
{
    d->col = cd->colname;
    d->type = cd->type_name;
    d->def = cd;
    d->key = node_col_constraint(cd, PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY) ||
             node_col_constraint(cd, PG_QUERY__CONSTR_TYPE__CONSTR_IDENTITY);
    d->fk = node_col_constraint(cd, PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN);
    d->fk_index = 0;
    for (size_t i = 0; i < ntcons; i++) {
        if (tcons[i]->node_case != PG_QUERY__NODE__NODE_CONSTRAINT)
            continue;
        const PgQuery__Constraint *k = tcons[i]->constraint;
        if (k->contype == PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY &&
            names_has(k->keys, k->n_keys, cd->colname))
            d->key = true;
        if (k->contype == PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN && !d->fk)
            for (size_t j = 0; j < k->n_fk_attrs; j++) {
                const char *s = node_str(k->fk_attrs[j]);
                if (s && strcmp(s, cd->colname) == 0) {
                    d->fk = k;
                    d->fk_index = (uint32_t)j;
                }
            }
    }
}

static void each_column_type(struct rule_ctx *c, col_fn fn)
{
    struct coldecl d;
    switch (c->node->node_case) {
    case PG_QUERY__NODE__NODE_CREATE_STMT: {
        const PgQuery__CreateStmt *s = c->node->create_stmt;
        const char *rel = rule_qualify(c, s->relation);
        for (size_t i = 0; i < s->n_table_elts; i++) {
            if (s->table_elts[i]->node_case != PG_QUERY__NODE__NODE_COLUMN_DEF)
                continue;
            memset(&d, 0, sizeof d);
            d.rel = rel;
            decl_from_def(&d, s->table_elts[i]->column_def, s->table_elts, s->n_table_elts);
            if (d.type)
                fn(c, &d);
        }
        break;
    }
    case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT: {
        const PgQuery__AlterTableStmt *s = c->node->alter_table_stmt;
        if (s->objtype != PG_QUERY__OBJECT_TYPE__OBJECT_TABLE)
            return;
        const char *rel = rule_qualify(c, s->relation);
        for (size_t i = 0; i < s->n_cmds; i++) {
            if (s->cmds[i]->node_case != PG_QUERY__NODE__NODE_ALTER_TABLE_CMD)
                continue;
            const PgQuery__AlterTableCmd *cmd = s->cmds[i]->alter_table_cmd;
            if (!cmd->def || cmd->def->node_case != PG_QUERY__NODE__NODE_COLUMN_DEF)
                continue;
            memset(&d, 0, sizeof d);
            d.rel = rel;
            if (cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumn ||
                cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumnRecurse) {
                decl_from_def(&d, cmd->def->column_def, NULL, 0);
            } else if (cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_AlterColumnType) {
                d.col = cmd->name;
                d.type = cmd->def->column_def->type_name;
            } else {
                continue;
            }
            if (d.type && d.col)
                fn(c, &d);
        }
        break;
    }
    default:
        break;
    }
}

static bool type_is(const PgQuery__TypeName *t, const char *name)
{
    return strcmp(node_type_name(t), name) == 0;
}

/* ---- prefer-bigint ---- */

/* Type of the referenced column of a foreign key, from the catalog (or from
 * the same CREATE TABLE when it references itself). */
static const char *referenced_type(struct rule_ctx *c, const struct coldecl *d)
{
    const PgQuery__Constraint *k = d->fk;
    if (!k || !k->pktable)
        return NULL;
    const struct cat_rel *r = rule_find_rel(c, k->pktable);
    if (!r)
        return NULL;
    const struct cat_column *col = NULL;
    if (k->n_pk_attrs > d->fk_index)
        col = rule_find_col(r, node_str(k->pk_attrs[d->fk_index]));
    else
        for (uint32_t i = 0; i < r->constraints.n && !col; i++) {
            const struct cat_constraint *pk = r->constraints.items[i];
            if (!pk->obj.dropped && pk->contype == CAT_CON_PRIMARY && pk->nkeys > d->fk_index)
                col = catalog_column_by_attnum(r, pk->keys[d->fk_index]);
        }
    return col && col->type.type ? col->type.type->name : NULL;
}

static void bigint_one(struct rule_ctx *c, const struct coldecl *d)
{
    if (node_type_is_array(d->type))
        return;
    const char *t = node_type_name(d->type);
    bool small = strcmp(t, "int2") == 0 || strcmp(t, "smallserial") == 0;
    bool i4 = strcmp(t, "int4") == 0 || strcmp(t, "serial") == 0;
    if (!small && !i4)
        return;
    bool serial = strcmp(t, "serial") == 0 || strcmp(t, "smallserial") == 0;
    const char *bits = small ? "16" : "32";
    const char *limit = small ? "32767" : "2147483647";
    struct diag *rep = NULL;
    if (d->key || serial) {
        rep = rule_report(
            c, d->type->location,
            "%s.%s is a %s-bit id: it stops accepting rows at %s, and widening it later rewrites "
            "the table",
            d->rel, d->col, bits, limit);
        if (rep)
            rep->help = serial ? "use bigint GENERATED BY DEFAULT AS IDENTITY (or bigserial)"
                               : "use bigint";
        return;
    }
    const char *ref = referenced_type(c, d);
    if (ref && strcmp(ref, "int8") == 0) {
        rep = rule_report(
            c, d->type->location,
            "%s.%s is a %s-bit column referencing a bigint key: inserts fail once referenced ids "
            "pass %s",
            d->rel, d->col, bits, limit);
        if (rep)
            rep->help = "use bigint, the type of the referenced column";
    }
}

static void check_bigint(struct rule_ctx *c)
{
    each_column_type(c, bigint_one);
}

const struct rule rule_prefer_bigint = {
    .id = "prefer-bigint",
    .sev = SEV_WARNING,
    .group = RG_TYPES,
    .flags = RULE_UP_ONLY,
    .summary = "32-bit or 16-bit integer ids (int, smallint, serial) instead of bigint",
    .squawk = "prefer-big-int,prefer-bigint-over-int,prefer-bigint-over-smallint",
    .doc =
        "## What\n"
        "A primary key, identity or serial column declared `integer`/`serial` or "
        "`smallint`/`smallserial`; or an integer column referencing a `bigint` key. Plain integer "
        "columns that are not ids (quantities, counters) are not reported.\n\n"
        "## Why\n"
        "Ids only grow. At 2,147,483,647 (`int`) or 32,767 (`smallint`) inserts start failing, "
        "and converting the column to `bigint` then rewrites the table and every referencing "
        "table under an `AccessExclusiveLock`. The extra 4 bytes per row are cheap insurance.\n\n"
        "## Instead\n"
        "Use `bigint` (`bigint GENERATED BY DEFAULT AS IDENTITY` for generated ids), and the "
        "same type in referencing columns.\n\n"
        "## Example\n"
        "```sql\n"
        "CREATE TABLE orders (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY);\n"
        "```\n",
    .check = check_bigint,
};

/* ---- simple type rules ---- */

struct type_rule_info {
    const char *rule;
    const char *msg; /* %s.%s column */
    const char *help;
};

static const struct type_rule_info *info_for(const char *rule_id);

static bool type_matches(const char *rule_id, const PgQuery__TypeName *t)
{
    int32_t m1, m2;
    if (strcmp(rule_id, "prefer-identity") == 0)
        return type_is(t, "serial") || type_is(t, "bigserial") || type_is(t, "smallserial");
    if (strcmp(rule_id, "prefer-text-field") == 0)
        return type_is(t, "varchar") && node_typmods(t, &m1, &m2) > 0;
    if (strcmp(rule_id, "ban-char-field") == 0)
        /* the grammar turns CHAR/CHARACTER into pg_catalog.bpchar; the
         * internal one-byte "char" type keeps its own name */
        return t->n_names >= 2 && type_is(t, "bpchar");
    if (strcmp(rule_id, "prefer-timestamptz") == 0)
        return type_is(t, "timestamp");
    if (strcmp(rule_id, "prefer-jsonb") == 0)
        return type_is(t, "json");
    if (strcmp(rule_id, "ban-money-type") == 0)
        return type_is(t, "money");
    return false;
}

static void simple_one(struct rule_ctx *c, const struct coldecl *d)
{
    if (!type_matches(c->rule->id, d->type))
        return;
    const struct type_rule_info *in = info_for(c->rule->id);
    struct diag *rep = rule_report(c, d->type->location, in->msg, d->rel, d->col);
    if (rep)
        rep->help = in->help;
}

static void check_simple_type(struct rule_ctx *c)
{
    each_column_type(c, simple_one);
}

static const struct type_rule_info type_infos[] = {
    {"prefer-identity",
     "%s.%s uses serial: its sequence has its own owner, grants and dependency quirks",
     "use bigint GENERATED BY DEFAULT AS IDENTITY"},
    {"prefer-text-field",
     "%s.%s is varchar(n): the length limit is better expressed as a CHECK constraint",
     "use text (with CHECK (length(col) <= n) if the limit matters); shrinking varchar(n) later "
     "rewrites "
     "the table"},
    {"ban-char-field",
     "%s.%s is char(n): values are blank-padded to n characters, which surprises comparisons "
     "and wastes space",
     "use text (or varchar) with a CHECK constraint on the length"},
    {"prefer-timestamptz",
     "%s.%s is timestamp without time zone: instants become ambiguous across time zones "
     "and daylight saving changes",
     "use timestamptz (timestamp with time zone), which stores an absolute instant"},
    {"prefer-jsonb",
     "%s.%s is json: it is re-parsed on every access and cannot be indexed or compared",
     "use jsonb"},
    {"ban-money-type",
     "%s.%s is money: its output and input depend on lc_monetary and it has a fixed scale",
     "use numeric (with a currency column if needed)"},
};

static const struct type_rule_info *info_for(const char *rule_id)
{
    for (size_t i = 0; i < sizeof type_infos / sizeof type_infos[0]; i++)
        if (strcmp(type_infos[i].rule, rule_id) == 0)
            return &type_infos[i];
    return &type_infos[0];
}

const struct rule rule_prefer_identity = {
    .id = "prefer-identity",
    .sev = SEV_INFO,
    .group = RG_TYPES,
    .flags = RULE_UP_ONLY,
    .summary = "serial column instead of an identity column",
    .squawk = "prefer-identity",
    .doc =
        "## What\n"
        "A column declared `serial`, `bigserial` or `smallserial`.\n\n"
        "## Why\n"
        "`serial` is a sequence plus a default: the sequence needs its own grants, is not tied to "
        "the column for `CREATE TABLE ... LIKE` or dumps of one table, and can be dropped or "
        "reset independently. Identity columns (SQL standard, PostgreSQL 10+) avoid all that.\n\n"
        "## Instead\n"
        "`bigint GENERATED BY DEFAULT AS IDENTITY` (or `ALWAYS` to forbid manual values).\n\n"
        "## Example\n"
        "```sql\n"
        "CREATE TABLE t (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY);\n"
        "```\n",
    .check = check_simple_type,
};

const struct rule rule_prefer_text_field = {
    .id = "prefer-text-field",
    .sev = SEV_INFO,
    .group = RG_TYPES,
    .flags = RULE_UP_ONLY,
    .summary = "varchar(n) instead of text",
    .squawk = "prefer-text-field",
    .doc =
        "## What\n"
        "A column declared `varchar(n)` / `character varying(n)`.\n\n"
        "## Why\n"
        "In PostgreSQL `text` and `varchar` are stored the same way; the length limit is only a "
        "check. Raising it is cheap, but lowering it rewrites the table, and the limit is often "
        "arbitrary.\n\n"
        "## Instead\n"
        "`text`, with `CHECK (length(col) <= n)` (added `NOT VALID` + `VALIDATE` later) when the "
        "limit is a real rule.\n\n"
        "## Example\n"
        "```sql\n"
        "CREATE TABLE t (name text CHECK (length(name) <= 200));\n"
        "```\n",
    .check = check_simple_type,
};

const struct rule rule_ban_char_field = {
    .id = "ban-char-field",
    .sev = SEV_WARNING,
    .group = RG_TYPES,
    .flags = RULE_UP_ONLY,
    .summary = "char(n) column",
    .squawk = "ban-char-field",
    .doc =
        "## What\n"
        "A column declared `char(n)` / `character(n)`.\n\n"
        "## Why\n"
        "Values are padded with spaces to `n` characters; trailing spaces are ignored in some "
        "comparisons and not in others (`LIKE`, regular expressions, concatenation). It is never "
        "faster than `text`.\n\n"
        "## Instead\n"
        "`text` or `varchar`, with a CHECK constraint on the length if needed.\n\n"
        "## Example\n"
        "```sql\n"
        "CREATE TABLE t (country_code text CHECK (length(country_code) = 2));\n"
        "```\n",
    .check = check_simple_type,
};

const struct rule rule_prefer_timestamptz = {
    .id = "prefer-timestamptz",
    .sev = SEV_WARNING,
    .group = RG_TYPES,
    .flags = RULE_UP_ONLY,
    .summary = "timestamp without time zone",
    .squawk = "prefer-timestamptz,prefer-timestamp-tz",
    .doc =
        "## What\n"
        "A column declared `timestamp` (without time zone).\n\n"
        "## Why\n"
        "It stores a wall-clock reading, not an instant: the same value means different moments "
        "for clients in different time zones, and an hour repeats at each daylight saving change. "
        "Converting it later to `timestamptz` rewrites the table unless the session time zone is "
        "UTC.\n\n"
        "## Instead\n"
        "`timestamptz`: it stores an absolute instant and converts to the client's time zone on "
        "output.\n\n"
        "## Example\n"
        "```sql\n"
        "CREATE TABLE t (created_at timestamptz NOT NULL DEFAULT now());\n"
        "```\n",
    .check = check_simple_type,
};

const struct rule rule_prefer_jsonb = {
    .id = "prefer-jsonb",
    .sev = SEV_WARNING,
    .group = RG_TYPES,
    .flags = RULE_UP_ONLY,
    .summary = "json instead of jsonb",
    .squawk = NULL,
    .doc =
        "## What\n"
        "A column declared `json`.\n\n"
        "## Why\n"
        "`json` keeps the input text: every access re-parses it, it has no equality operator (so "
        "no `DISTINCT`, `GROUP BY` or unique index), and cannot use GIN indexes.\n\n"
        "## Instead\n"
        "`jsonb`, unless you must preserve key order, duplicate keys or whitespace exactly.\n\n"
        "## Example\n"
        "```sql\n"
        "CREATE TABLE t (payload jsonb NOT NULL);\n"
        "```\n",
    .check = check_simple_type,
};

const struct rule rule_ban_money_type = {
    .id = "ban-money-type",
    .sev = SEV_WARNING,
    .group = RG_TYPES,
    .flags = RULE_UP_ONLY,
    .summary = "money column",
    .squawk = NULL,
    .doc =
        "## What\n"
        "A column declared `money`.\n\n"
        "## Why\n"
        "`money` formats and parses according to the server's `lc_monetary`: a dump restored "
        "with another locale changes or rejects values. It has a fixed fractional precision and "
        "no currency.\n\n"
        "## Instead\n"
        "`numeric(p, s)` (or an integer amount of the smallest unit), plus a currency column.\n\n"
        "## Example\n"
        "```sql\n"
        "CREATE TABLE t (amount numeric(12,2) NOT NULL, currency char(3) NOT NULL);\n"
        "```\n",
    .check = check_simple_type,
};

/* ---- require-enum-value-ordering ---- */

static void check_enum_ordering(struct rule_ctx *c)
{
    if (c->node->node_case != PG_QUERY__NODE__NODE_ALTER_ENUM_STMT)
        return;
    const PgQuery__AlterEnumStmt *s = c->node->alter_enum_stmt;
    if ((s->old_val && s->old_val[0]) || !s->new_val ||
        (s->new_val_neighbor && s->new_val_neighbor[0]))
        return;
    const char *type = rule_qualify_list(c, s->type_name, s->n_type_name);
    struct diag *d =
        rule_report(c, -1,
                    "value '%s' is appended after every existing value of enum %s; enum order "
                    "drives ORDER BY and < > comparisons",
                    s->new_val, type);
    if (d)
        d->help = "state where it sorts: ADD VALUE ... BEFORE 'x' or AFTER 'y' (after the last "
                  "value if that "
                  "is the intent)";
}

const struct rule rule_require_enum_value_ordering = {
    .id = "require-enum-value-ordering",
    .sev = SEV_INFO,
    .group = RG_TYPES,
    .flags = RULE_UP_ONLY,
    .summary = "enum value added without BEFORE/AFTER",
    .squawk = "require-enum-value-ordering",
    .doc = "## What\n"
           "`ALTER TYPE e ADD VALUE 'v'` without `BEFORE` or `AFTER`.\n\n"
           "## Why\n"
           "Enum values sort in declaration order, and that order is what `ORDER BY`, `<`, `>` and "
           "`min()`/`max()` use. Appending is right for some enums and wrong for ordered ones "
           "(`'low' < 'medium' < 'high'`); saying where the value goes makes the intent "
           "reviewable.\n\n"
           "## Instead\n"
           "`ALTER TYPE e ADD VALUE 'v' AFTER 'u'`.\n\n"
           "## Example\n"
           "```sql\n"
           "ALTER TYPE priority ADD VALUE 'urgent' AFTER 'high';\n"
           "```\n",
    .check = check_enum_ordering,
};
