/*
 * schema_text.c - the canonical schema text (docs/schema-text.md) printed
 * from the simulator's catalog: one block per object, sorted by header
 * line, definitions printed the way pg_get_constraintdef, pg_get_indexdef,
 * pg_get_triggerdef, pg_get_partkeydef and pg_get_function_arguments print
 * them, so that it equals bundle/introspect.c's text of a real database.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lint/arena.h"
#include "lint/catalog.h"
#include "lint/expr.h"
#include "lint/strbuf.h"
#include "lint/util.h"

struct block {
    char *text;  /* the whole block, lines escaped, each ending in '\n' */
    size_t hlen; /* length of the header line (sort key) */
};

struct out {
    const struct catalog *cat;
    struct block *blocks;
    size_t n, cap;
    struct strbuf cur;  /* the block being built */
    struct strbuf line; /* the line being built (unescaped) */
};

static void q(struct strbuf *b, const char *s)
{
    ex_add_ident(b, s);
}

static void qname(struct strbuf *b, const char *schema, const char *name)
{
    ex_add_ident(b, schema);
    sb_addc(b, '.');
    ex_add_ident(b, name);
}

static void literal(struct strbuf *b, const char *s)
{
    sb_add_sql_literal(b, s);
}

static void comment(struct strbuf *b, const char *c)
{
    if (c && *c) {
        sb_adds(b, " comment ");
        literal(b, c);
    }
}

/* Ends the current line: escaped into the block. */
static void end_line(struct out *o)
{
    sb_add_escaped_line(&o->cur, o->line.buf);
    sb_reset(&o->line);
}

static void begin_block(struct out *o)
{
    sb_reset(&o->cur);
    sb_reset(&o->line);
}

static void end_block(struct out *o)
{
    if (o->n == o->cap) {
        o->cap = o->cap ? o->cap * 2 : 64;
        o->blocks = xrealloc(o->blocks, o->cap * sizeof *o->blocks);
    }
    size_t len;
    char *t = sb_detach(&o->cur, &len);
    char *nl = strchr(t, '\n');
    o->blocks[o->n].text = t;
    o->blocks[o->n].hlen = nl ? (size_t)(nl - t) : len;
    o->n++;
}

static int block_cmp(const void *a, const void *b)
{
    const struct block *x = a, *y = b;
    size_t n = x->hlen < y->hlen ? x->hlen : y->hlen;
    int c = memcmp(x->text, y->text, n);
    if (c)
        return c;
    return x->hlen < y->hlen ? -1 : x->hlen > y->hlen;
}

static void expr(struct out *o, const struct cat_expr *e)
{
    ex_print(o->cat, e, &o->line);
}

static void type(struct strbuf *b, const struct cat_typeref *t)
{
    ex_format_type(t->type, t->typmod, b);
}

/* ---- exclusions ---- */

static bool bookkeeping_table(const char *name)
{
    static const char *const names[] = {
        "alembic_version",       "schema_migrations",          "goose_db_version",
        "flyway_schema_history", "__diesel_schema_migrations", NULL};
    for (int i = 0; names[i]; i++)
        if (strcmp(names[i], name) == 0)
            return true;
    return false;
}

static bool hidden_schema(const struct cat_schema *s)
{
    if (strcmp(s->name, "public") == 0)
        return false;
    if (s->obj.builtin)
        return true;
    return strcmp(s->name, "airlock") == 0 || strcmp(s->name, "sqitch") == 0 ||
           strncmp(s->name, "pg_", 3) == 0 || strcmp(s->name, "information_schema") == 0;
}

static bool rel_printed(const struct cat_rel *r)
{
    if (r->obj.dropped || r->obj.extension || hidden_schema(r->schema))
        return false;
    if (r->persistence == 't')
        return false;
    if (bookkeeping_table(r->name) &&
        (r->relkind == CAT_RELKIND_TABLE || r->relkind == CAT_RELKIND_PARTITIONED))
        return false;
    return true;
}

/* ---- definitions ---- */

static void column_list(struct strbuf *b, const struct cat_rel *r, const int16_t *att, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        if (i)
            sb_adds(b, ", ");
        const struct cat_column *col =
            att[i] > 0 && (uint32_t)att[i] <= r->columns.n ? r->columns.items[att[i] - 1] : NULL;
        q(b, col ? col->name : "?");
    }
}

/* keyword_aware: as flatten_reloptions (pg_get_indexdef) quotes values; the
 * header lines' option lists use the plain identifier test, like introspect.c. */
static void reloptions(struct strbuf *b, const char **opts, bool keyword_aware)
{
    for (size_t i = 0; opts && opts[i]; i++) {
        if (i)
            sb_adds(b, ", ");
        const char *eq = strchr(opts[i], '=');
        if (!eq) {
            sb_adds(b, opts[i]);
            sb_addc(b, '=');
            continue;
        }
        sb_add(b, opts[i], (size_t)(eq - opts[i]) + 1);
        const char *v = eq + 1;
        bool plain = (*v >= 'a' && *v <= 'z') || *v == '_';
        for (const char *p = v; *p && plain; p++)
            plain = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_';
        if (keyword_aware)
            plain = !ex_ident_needs_quotes(v);
        if (plain)
            sb_adds(b, v);
        else
            literal(b, v);
    }
}

static bool looks_like_function(const struct cat_expr *e)
{
    switch (e->kind) {
    case EX_FUNC:
        return e->format == EXF_CALL || e->format == EXF_SQL_SYNTAX ||
               e->format == EXF_EXPLICIT_CALL;
    case EX_NULLIF:
    case EX_COALESCE:
    case EX_MINMAX:
    case EX_SQLVALUE:
        return true;
    default:
        return false;
    }
}

static const char *column_collation(const struct cat_rel *r, int16_t att)
{
    const struct cat_column *col =
        att > 0 && (uint32_t)att <= r->columns.n ? r->columns.items[att - 1] : NULL;
    return col ? col->collation : NULL;
}

static void collation_name(struct strbuf *b, const char *c)
{
    const char *dot = strchr(c, '.');
    if (dot) {
        char *sch = strndup(c, (size_t)(dot - c));
        q(b, sch);
        free(sch);
        sb_addc(b, '.');
        q(b, dot + 1);
    } else {
        q(b, c);
    }
}

/* The index columns as pg_get_indexdef prints them (with opclass, order). */
static void index_columns(struct out *o, const struct cat_rel *ix, bool exclusion)
{
    const struct cat_indexinfo *ii = ix->index;
    const struct cat_rel *t = ii->table;
    struct strbuf *b = &o->line;
    bool canorder = strcmp(ii->method, "btree") == 0;
    for (uint32_t i = 0; i < ii->nkeyatts; i++) {
        if (i)
            sb_adds(b, ", ");
        if (ii->attnums[i]) {
            const struct cat_column *col = (uint32_t)ii->attnums[i] <= t->columns.n
                                               ? t->columns.items[ii->attnums[i] - 1]
                                               : NULL;
            q(b, col ? col->name : "?");
        } else if (ii->exprs[i]) {
            if (looks_like_function(ii->exprs[i])) {
                expr(o, ii->exprs[i]);
            } else {
                sb_addc(b, '(');
                expr(o, ii->exprs[i]);
                sb_addc(b, ')');
            }
        }
        const char *coll = ii->collations[i];
        if (coll) {
            const char *colcoll = ii->attnums[i] ? column_collation(t, ii->attnums[i]) : NULL;
            if (!colcoll || strcmp(colcoll, coll) != 0) {
                sb_adds(b, " COLLATE ");
                collation_name(b, coll);
            }
        }
        if (ii->opclasses[i]) {
            sb_addc(b, ' ');
            const char *oc = ii->opclasses[i];
            const char *dot = strchr(oc, '.');
            if (dot) {
                char *sch = strndup(oc, (size_t)(dot - oc));
                q(b, sch);
                free(sch);
                sb_addc(b, '.');
                q(b, dot + 1);
            } else {
                q(b, oc);
            }
        }
        if (canorder) {
            uint8_t opt = ii->options[i];
            bool desc = opt & 1;
            bool nulls_first = desc ? !(opt & 4) : (opt & 2);
            if (desc) {
                sb_adds(b, " DESC");
                if (!nulls_first)
                    sb_adds(b, " NULLS LAST");
            } else if (nulls_first) {
                sb_adds(b, " NULLS FIRST");
            }
        }
        if (exclusion && ii->excl_ops && ii->excl_ops[i]) {
            sb_adds(b, " WITH ");
            sb_adds(b, ii->excl_ops[i]);
        }
    }
}

static void include_columns(struct strbuf *b, const struct cat_rel *ix)
{
    const struct cat_indexinfo *ii = ix->index;
    if (ii->natts <= ii->nkeyatts)
        return;
    sb_adds(b, " INCLUDE (");
    column_list(b, ii->table, ii->attnums + ii->nkeyatts, ii->natts - ii->nkeyatts);
    sb_addc(b, ')');
}

static void indexdef(struct out *o, const struct cat_rel *ix)
{
    const struct cat_indexinfo *ii = ix->index;
    struct strbuf *b = &o->line;
    sb_printf(b, "CREATE %sINDEX ", ii->unique ? "UNIQUE " : "");
    q(b, ix->name);
    sb_adds(b, " ON ");
    if (ix->relkind == CAT_RELKIND_PARTITIONED_INDEX)
        sb_adds(b, "ONLY ");
    qname(b, ii->table->schema->name, ii->table->name);
    sb_printf(b, " USING %s (", ii->method);
    index_columns(o, ix, false);
    sb_addc(b, ')');
    include_columns(b, ix);
    if (ii->nulls_not_distinct)
        sb_adds(b, " NULLS NOT DISTINCT");
    if (ii->reloptions) {
        sb_adds(b, " WITH (");
        reloptions(b, ii->reloptions, true);
        sb_addc(b, ')');
    }
    if (ii->predicate) {
        sb_adds(b, " WHERE ");
        expr(o, ii->predicate);
    }
}

static const char *fk_action(char a)
{
    switch (a) {
    case 'r':
        return "RESTRICT";
    case 'c':
        return "CASCADE";
    case 'n':
        return "SET NULL";
    case 'd':
        return "SET DEFAULT";
    default:
        return NULL;
    }
}

static void constraintdef(struct out *o, const struct cat_constraint *k)
{
    struct strbuf *b = &o->line;
    const struct cat_rel *r = k->rel;
    switch (k->contype) {
    case CAT_CON_CHECK:
        sb_adds(b, "CHECK (");
        expr(o, k->expr);
        sb_addc(b, ')');
        if (k->noinherit)
            sb_adds(b, " NO INHERIT");
        break;
    case CAT_CON_FOREIGN: {
        sb_adds(b, "FOREIGN KEY (");
        column_list(b, r, k->keys, k->nkeys);
        sb_adds(b, ") REFERENCES ");
        qname(b, k->ref_rel->schema->name, k->ref_rel->name);
        sb_addc(b, '(');
        column_list(b, k->ref_rel, k->ref_keys, k->nkeys);
        sb_addc(b, ')');
        if (k->match == 'f')
            sb_adds(b, " MATCH FULL");
        else if (k->match == 'p')
            sb_adds(b, " MATCH PARTIAL");
        const char *a = fk_action(k->upd_action);
        if (a)
            sb_printf(b, " ON UPDATE %s", a);
        a = fk_action(k->del_action);
        if (a)
            sb_printf(b, " ON DELETE %s", a);
        if (k->ndel_set_cols) {
            sb_adds(b, " (");
            column_list(b, r, k->del_set_cols, k->ndel_set_cols);
            sb_addc(b, ')');
        }
        break;
    }
    case CAT_CON_PRIMARY:
    case CAT_CON_UNIQUE: {
        sb_adds(b, k->contype == CAT_CON_PRIMARY ? "PRIMARY KEY " : "UNIQUE ");
        const struct cat_rel *ix = k->index;
        if (ix && ix->index->nulls_not_distinct)
            sb_adds(b, "NULLS NOT DISTINCT ");
        sb_addc(b, '(');
        if (ix) {
            column_list(b, r, ix->index->attnums, ix->index->nkeyatts);
            sb_addc(b, ')');
            include_columns(b, ix);
        } else {
            column_list(b, r, k->keys, k->nkeys);
            sb_addc(b, ')');
        }
        break;
    }
    case CAT_CON_EXCLUSION: {
        const struct cat_rel *ix = k->index;
        if (!ix)
            break;
        sb_printf(b, "EXCLUDE USING %s (", ix->index->method);
        index_columns(o, ix, true);
        sb_addc(b, ')');
        include_columns(b, ix);
        if (ix->index->predicate) {
            sb_adds(b, " WHERE (");
            expr(o, ix->index->predicate);
            sb_addc(b, ')');
        }
        break;
    }
    default:
        break;
    }
    if (k->deferrable)
        sb_adds(b, " DEFERRABLE");
    if (k->deferred)
        sb_adds(b, " INITIALLY DEFERRED");
    if (!k->validated)
        sb_adds(b, " NOT VALID");
}

static void triggerdef(struct out *o, const struct cat_trigger *t)
{
    struct strbuf *b = &o->line;
    sb_printf(b, "CREATE %sTRIGGER ", t->constraint ? "CONSTRAINT " : "");
    q(b, t->name);
    if (t->tgtype & CAT_TRIGGER_BEFORE)
        sb_adds(b, " BEFORE");
    else if (t->tgtype & CAT_TRIGGER_INSTEAD)
        sb_adds(b, " INSTEAD OF");
    else
        sb_adds(b, " AFTER");
    bool first = true;
    if (t->tgtype & CAT_TRIGGER_INSERT) {
        sb_adds(b, " INSERT");
        first = false;
    }
    if (t->tgtype & CAT_TRIGGER_DELETE) {
        sb_adds(b, first ? " DELETE" : " OR DELETE");
        first = false;
    }
    if (t->tgtype & CAT_TRIGGER_UPDATE) {
        sb_adds(b, first ? " UPDATE" : " OR UPDATE");
        first = false;
        if (t->nupdate_cols) {
            sb_adds(b, " OF ");
            column_list(b, t->rel, t->update_cols, t->nupdate_cols);
        }
    }
    if (t->tgtype & CAT_TRIGGER_TRUNCATE)
        sb_adds(b, first ? " TRUNCATE" : " OR TRUNCATE");
    sb_adds(b, " ON ");
    qname(b, t->rel->schema->name, t->rel->name);
    sb_addc(b, ' ');
    if (t->constraint) {
        if (!t->deferrable)
            sb_adds(b, "NOT ");
        sb_adds(b, "DEFERRABLE INITIALLY ");
        sb_adds(b, t->deferred ? "DEFERRED " : "IMMEDIATE ");
    }
    if (t->old_table || t->new_table) {
        sb_adds(b, "REFERENCING ");
        if (t->old_table) {
            sb_adds(b, "OLD TABLE AS ");
            q(b, t->old_table);
            sb_addc(b, ' ');
        }
        if (t->new_table) {
            sb_adds(b, "NEW TABLE AS ");
            q(b, t->new_table);
            sb_addc(b, ' ');
        }
    }
    sb_adds(b, t->tgtype & CAT_TRIGGER_ROW ? "FOR EACH ROW " : "FOR EACH STATEMENT ");
    if (t->when) {
        sb_adds(b, "WHEN (");
        expr(o, t->when);
        sb_adds(b, ") ");
    }
    sb_adds(b, "EXECUTE FUNCTION ");
    qname(b, t->func->schema->name, t->func->name);
    sb_addc(b, '(');
    for (uint32_t i = 0; i < t->nargs; i++) {
        if (i)
            sb_adds(b, ", ");
        literal(b, t->args[i]);
    }
    sb_addc(b, ')');
}

static void seq_params(struct strbuf *b, const struct cat_seqinfo *q2)
{
    struct cat_typeref t = {q2->type, -1};
    (void)t;
    sb_printf(b, "start %lld increment %lld minvalue %lld maxvalue %lld cache %lld",
              (long long)q2->start, (long long)q2->increment, (long long)q2->min,
              (long long)q2->max, (long long)q2->cache);
    if (q2->cycle)
        sb_adds(b, " cycle");
}

static void columns(struct out *o, const struct cat_rel *r, bool full)
{
    for (uint32_t i = 0; i < r->columns.n; i++) {
        const struct cat_column *col = r->columns.items[i];
        if (col->dropped)
            continue;
        struct strbuf *b = &o->line;
        sb_adds(b, "  column ");
        q(b, col->name);
        sb_addc(b, ' ');
        type(b, &col->type);
        if (full) {
            if (col->collation) {
                sb_adds(b, " collate ");
                collation_name(b, col->collation);
            }
            if (col->notnull)
                sb_adds(b, " not null");
            if (col->generated && col->default_expr) {
                sb_adds(b, " generated always as (");
                expr(o, col->default_expr);
                sb_adds(b, ") stored");
            } else if (col->default_expr) {
                sb_adds(b, " default ");
                expr(o, col->default_expr);
            }
            if (col->identity) {
                sb_adds(b, col->identity == 'a' ? " generated always as identity"
                                                : " generated by default as identity");
                if (col->identity_seq) {
                    sb_adds(b, " (sequence ");
                    qname(b, col->identity_seq->schema->name, col->identity_seq->name);
                    sb_addc(b, ' ');
                    seq_params(b, col->identity_seq->seq);
                    sb_addc(b, ')');
                }
            }
        } else if (col->collation && r->relkind == CAT_RELKIND_COMPOSITE) {
            sb_adds(b, " collate ");
            collation_name(b, col->collation);
        }
        comment(b, col->comment);
        end_line(o);
    }
}

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

struct named {
    const char *name;
    const void *obj;
};

static int named_cmp(const void *a, const void *b)
{
    return strcmp(((const struct named *)a)->name, ((const struct named *)b)->name);
}

static void sorted(const struct cat_vec *v, size_t name_off, struct named **out, uint32_t *n,
                   bool (*keep)(const void *))
{
    *out = xmalloc(sizeof **out * (v->n + 1));
    *n = 0;
    for (uint32_t i = 0; i < v->n; i++) {
        const void *o = v->items[i];
        if (((const struct cat_obj *)o)->dropped || (keep && !keep(o)))
            continue;
        (*out)[*n].name = *(const char *const *)((const char *)o + name_off);
        (*out)[*n].obj = o;
        (*n)++;
    }
    qsort(*out, *n, sizeof **out, named_cmp);
}

static bool keep_constraint(const void *p)
{
    const struct cat_constraint *k = p;
    return k->contype != CAT_CON_TRIGGER;
}

static bool keep_index(const void *p)
{
    (void)p;
    return true;
}

static void table_members(struct out *o, const struct cat_rel *r)
{
    struct named *v;
    uint32_t n;
    sorted(&r->constraints, offsetof(struct cat_constraint, name), &v, &n, keep_constraint);
    for (uint32_t i = 0; i < n; i++) {
        const struct cat_constraint *k = v[i].obj;
        sb_adds(&o->line, "  constraint ");
        q(&o->line, k->name);
        sb_addc(&o->line, ' ');
        constraintdef(o, k);
        comment(&o->line, k->obj.comment);
        end_line(o);
    }
    free(v);
    sorted(&r->indexes, offsetof(struct cat_rel, name), &v, &n, keep_index);
    for (uint32_t i = 0; i < n; i++) {
        const struct cat_rel *ix = v[i].obj;
        sb_adds(&o->line, "  index ");
        q(&o->line, ix->name);
        sb_addc(&o->line, ' ');
        indexdef(o, ix);
        comment(&o->line, ix->obj.comment);
        end_line(o);
    }
    free(v);
    sorted(&r->triggers, offsetof(struct cat_trigger, name), &v, &n, NULL);
    for (uint32_t i = 0; i < n; i++) {
        const struct cat_trigger *t = v[i].obj;
        sb_adds(&o->line, "  trigger ");
        q(&o->line, t->name);
        sb_addc(&o->line, ' ');
        triggerdef(o, t);
        if (t->enabled == 'D')
            sb_adds(&o->line, " disabled");
        else if (t->enabled == 'R')
            sb_adds(&o->line, " enabled replica");
        else if (t->enabled == 'A')
            sb_adds(&o->line, " enabled always");
        comment(&o->line, t->obj.comment);
        end_line(o);
    }
    free(v);
    sorted(&r->policies, offsetof(struct cat_policy, name), &v, &n, NULL);
    for (uint32_t i = 0; i < n; i++) {
        const struct cat_policy *p = v[i].obj;
        struct strbuf *b = &o->line;
        sb_adds(b, "  policy ");
        q(b, p->name);
        sb_printf(b, " as %s for %s to ", p->permissive ? "permissive" : "restrictive",
                  p->cmd == 'r'   ? "select"
                  : p->cmd == 'a' ? "insert"
                  : p->cmd == 'w' ? "update"
                  : p->cmd == 'd' ? "delete"
                                  : "all");
        const char **roles = xmalloc(sizeof *roles * (p->nroles + 1));
        memcpy(roles, p->roles, sizeof *roles * p->nroles);
        qsort(roles, p->nroles, sizeof *roles, name_cmp);
        for (uint32_t k = 0; k < p->nroles; k++) {
            if (k)
                sb_adds(b, ", ");
            if (strcmp(roles[k], "public") == 0)
                sb_adds(b, "public");
            else
                q(b, roles[k]);
        }
        free(roles);
        if (p->qual) {
            sb_adds(b, " using ");
            expr(o, p->qual);
        }
        if (p->with_check) {
            sb_adds(b, " with check ");
            expr(o, p->with_check);
        }
        comment(b, p->obj.comment);
        end_line(o);
    }
    free(v);
}

static void sorted_reloptions(struct strbuf *b, const char **opts)
{
    size_t n = 0;
    while (opts && opts[n])
        n++;
    if (!n)
        return;
    const char **v = xmalloc(sizeof *v * (n + 1));
    memcpy(v, opts, sizeof *v * n);
    qsort(v, n, sizeof *v, name_cmp);
    v[n] = NULL;
    sb_adds(b, " options (");
    reloptions(b, v, false);
    sb_addc(b, ')');
    free(v);
}

static void partkey(struct out *o, const struct cat_rel *r)
{
    struct strbuf *b = &o->line;
    sb_printf(b, " partitioned by %s (", r->partstrategy);
    for (uint32_t i = 0; i < r->partkeys.n; i++) {
        const struct cat_expr *e = r->partkeys.items[i];
        if (i)
            sb_adds(b, ", ");
        if (e->kind == EX_VAR && e->rel == r) {
            const struct cat_column *col = catalog_column_by_attnum(r, e->attnum);
            q(b, col ? col->name : "?");
        } else if (looks_like_function(e)) {
            expr(o, e);
        } else {
            sb_addc(b, '(');
            expr(o, e);
            sb_addc(b, ')');
        }
    }
    sb_addc(b, ')');
}

static void print_table(struct out *o, const struct cat_rel *r)
{
    begin_block(o);
    struct strbuf *b = &o->line;
    sb_adds(b, "table ");
    qname(b, r->schema->name, r->name);
    if (r->persistence == 'u')
        sb_adds(b, " unlogged");
    if (r->relkind == CAT_RELKIND_PARTITIONED && r->partstrategy)
        partkey(o, r);
    if (r->partparent) {
        sb_adds(b, " partition of ");
        qname(b, r->partparent->schema->name, r->partparent->name);
        sb_addc(b, ' ');
        sb_adds(b, r->partbound ? r->partbound : "");
    }
    if (r->inherits.n) {
        sb_adds(b, " inherits (");
        for (uint32_t i = 0; i < r->inherits.n; i++) {
            const struct cat_rel *p = r->inherits.items[i];
            if (i)
                sb_adds(b, ", ");
            qname(b, p->schema->name, p->name);
        }
        sb_addc(b, ')');
    }
    sorted_reloptions(b, r->reloptions);
    if (r->replident == 'f')
        sb_adds(b, " replica identity full");
    else if (r->replident == 'n')
        sb_adds(b, " replica identity nothing");
    else if (r->replident == 'i' && r->replident_index) {
        sb_adds(b, " replica identity index ");
        q(b, r->replident_index->name);
    }
    if (r->rls_enabled)
        sb_adds(b, " row level security");
    if (r->rls_forced)
        sb_adds(b, r->rls_enabled ? " forced" : " row level security forced");
    comment(b, r->obj.comment);
    end_line(o);
    columns(o, r, true);
    table_members(o, r);
    end_block(o);
}

static void print_view(struct out *o, const struct cat_rel *r)
{
    begin_block(o);
    struct strbuf *b = &o->line;
    sb_adds(b, r->relkind == CAT_RELKIND_VIEW ? "view " : "materialized view ");
    qname(b, r->schema->name, r->name);
    if (r->relkind == CAT_RELKIND_MATVIEW && !r->with_data)
        sb_adds(b, " with no data");
    sorted_reloptions(b, r->reloptions);
    comment(b, r->obj.comment);
    end_line(o);
    columns(o, r, false);
    if (r->relkind == CAT_RELKIND_MATVIEW)
        table_members(o, r);
    end_block(o);
}

static void print_sequence(struct out *o, const struct cat_rel *r)
{
    if (r->seq->identity)
        return;
    if (r->seq->owned_rel && bookkeeping_table(r->seq->owned_rel->name))
        return;
    begin_block(o);
    struct strbuf *b = &o->line;
    sb_adds(b, "sequence ");
    qname(b, r->schema->name, r->name);
    sb_adds(b, " as ");
    struct cat_typeref t = {r->seq->type, -1};
    type(b, &t);
    sb_addc(b, ' ');
    seq_params(b, r->seq);
    if (r->seq->owned_rel) {
        const struct cat_column *col =
            catalog_column_by_attnum(r->seq->owned_rel, r->seq->owned_attnum);
        sb_adds(b, " owned by ");
        qname(b, r->seq->owned_rel->schema->name, r->seq->owned_rel->name);
        sb_addc(b, '.');
        q(b, col ? col->name : "?");
    }
    comment(b, r->obj.comment);
    end_line(o);
    end_block(o);
}

static void print_composite(struct out *o, const struct cat_rel *r)
{
    begin_block(o);
    struct strbuf *b = &o->line;
    sb_adds(b, "type ");
    qname(b, r->schema->name, r->name);
    sb_adds(b, " composite");
    const char *cm = r->obj.comment;
    if (!cm && r->rowtype)
        cm = r->rowtype->obj.comment;
    comment(b, cm);
    end_line(o);
    columns(o, r, false);
    end_block(o);
}

static void print_type(struct out *o, const struct cat_type *t)
{
    if (t->obj.dropped || t->obj.extension || (t->category == 'A' && t->elem) || t->rel ||
        t->typtype == 'm' || t->typtype == CAT_TYPE_BASE)
        return;
    begin_block(o);
    struct strbuf *b = &o->line;
    sb_adds(b, "type ");
    qname(b, t->schema->name, t->name);
    if (t->typtype == CAT_TYPE_ENUM) {
        sb_adds(b, " enum (");
        for (uint32_t i = 0; i < t->labels.n; i++) {
            if (i)
                sb_adds(b, ", ");
            literal(b, t->labels.items[i]);
        }
        sb_addc(b, ')');
        comment(b, t->obj.comment);
        end_line(o);
    } else if (t->typtype == CAT_TYPE_DOMAIN) {
        sb_adds(b, " domain ");
        struct cat_typeref bt = {t->base, t->base_typmod};
        type(b, &bt);
        if (t->collation) {
            sb_adds(b, " collate ");
            collation_name(b, t->collation);
        }
        if (t->notnull)
            sb_adds(b, " not null");
        if (t->default_expr) {
            sb_adds(b, " default ");
            expr(o, t->default_expr);
        }
        comment(b, t->obj.comment);
        end_line(o);
        struct named *v;
        uint32_t n;
        sorted(&t->constraints, offsetof(struct cat_constraint, name), &v, &n, NULL);
        for (uint32_t i = 0; i < n; i++) {
            const struct cat_constraint *k = v[i].obj;
            sb_adds(b, "  constraint ");
            q(b, k->name);
            sb_addc(b, ' ');
            constraintdef(o, k);
            comment(b, k->obj.comment);
            end_line(o);
        }
        free(v);
    } else if (t->typtype == CAT_TYPE_RANGE) {
        sb_adds(b, " range subtype ");
        struct cat_typeref st = {t->subtype, -1};
        type(b, &st);
        comment(b, t->obj.comment);
        end_line(o);
    } else {
        sb_adds(b, " composite");
        end_line(o);
    }
    end_block(o);
}

static void function_args(struct strbuf *b, const struct cat_func *f, bool table_args,
                          bool defaults, uint32_t *printed)
{
    *printed = 0;
    for (uint32_t i = 0; i < f->nargs; i++) {
        const struct cat_funcarg *a = &f->args[i];
        const char *mode = "";
        bool input = true;
        switch (a->mode) {
        case 'b':
            mode = "INOUT ";
            break;
        case 'o':
            mode = "OUT ";
            input = false;
            break;
        case 'v':
            mode = "VARIADIC ";
            break;
        case 't':
            input = false;
            break;
        default:
            mode = f->prokind == CAT_PROKIND_PROCEDURE ? "IN " : "";
        }
        if (table_args != (a->mode == 't'))
            continue;
        if (*printed)
            sb_adds(b, ", ");
        sb_adds(b, mode);
        if (a->name && *a->name) {
            q(b, a->name);
            sb_addc(b, ' ');
        }
        struct cat_typeref t = {a->type.type, -1};
        type(b, &t);
        if (defaults && input && a->default_text)
            sb_printf(b, " DEFAULT %s", a->default_text);
        (*printed)++;
    }
}

static void print_function(struct out *o, const struct cat_func *f)
{
    if (f->obj.dropped || f->obj.extension || f->hidden || hidden_schema(f->schema))
        return;
    begin_block(o);
    struct strbuf *b = &o->line;
    const char *kind = f->prokind == CAT_PROKIND_PROCEDURE   ? "procedure "
                       : f->prokind == CAT_PROKIND_AGGREGATE ? "aggregate "
                                                             : "function ";
    sb_adds(b, kind);
    qname(b, f->schema->name, f->name);
    sb_addc(b, '(');
    uint32_t n;
    function_args(b, f, false, true, &n);
    sb_addc(b, ')');
    if (f->prokind != CAT_PROKIND_PROCEDURE) {
        sb_adds(b, " returns ");
        bool table = false;
        if (f->retset) {
            struct strbuf tb = STRBUF_INIT;
            sb_adds(&tb, "TABLE(");
            uint32_t nt;
            function_args(&tb, f, true, false, &nt);
            if (nt) {
                sb_addc(&tb, ')');
                sb_adds(b, tb.buf);
                table = true;
            }
            sb_release(&tb);
        }
        if (!table) {
            if (f->retset)
                sb_adds(b, "SETOF ");
            struct cat_typeref t = {f->rettype.type, -1};
            type(b, &t);
        }
    }
    if (f->prokind == CAT_PROKIND_AGGREGATE) {
        comment(b, f->obj.comment);
        end_line(o);
        end_block(o);
        return;
    }
    sb_printf(b, " language %s", f->language ? f->language : "sql");
    if (f->prokind != CAT_PROKIND_PROCEDURE) {
        sb_adds(b, f->volatility == 'i'   ? " immutable"
                   : f->volatility == 's' ? " stable"
                                          : " volatile");
        if (f->strict)
            sb_adds(b, " strict");
    }
    if (f->security_definer)
        sb_adds(b, " security definer");
    if (f->prokind != CAT_PROKIND_PROCEDURE) {
        if (f->leakproof)
            sb_adds(b, " leakproof");
        sb_adds(b, f->parallel == 's'   ? " parallel safe"
                   : f->parallel == 'r' ? " parallel restricted"
                                        : " parallel unsafe");
        sb_printf(b, " cost %g", (double)f->cost);
        if (f->retset)
            sb_printf(b, " rows %g", (double)f->rows);
    }
    for (size_t i = 0; f->config && f->config[i]; i++)
        sb_printf(b, " set %s", f->config[i]);
    if (f->sql_body) {
        sb_adds(b, " body sql-standard");
    } else {
        char hex[65];
        const char *body = f->body ? f->body : "";
        sha256_hex(body, strlen(body), hex);
        sb_printf(b, " body sha256:%s", hex);
    }
    comment(b, f->obj.comment);
    end_line(o);
    end_block(o);
}

void catalog_schema_text(const struct catalog *c, struct strbuf *sbout)
{
    struct out o = {0};
    o.cat = c;
    const char *key;
    void *v;
    for (uint32_t it = 0; hashmap_next(&c->extensions, &it, &key, &v);) {
        const struct cat_extension *e = v;
        if (e->obj.dropped)
            continue;
        begin_block(&o);
        sb_adds(&o.line, "extension ");
        q(&o.line, e->name);
        sb_adds(&o.line, " schema ");
        q(&o.line, e->schema->name);
        comment(&o.line, e->obj.comment);
        end_line(&o);
        end_block(&o);
    }
    for (uint32_t it = 0; hashmap_next(&c->schemas, &it, &key, &v);) {
        const struct cat_schema *s = v;
        if (s->obj.dropped || hidden_schema(s))
            continue;
        begin_block(&o);
        sb_adds(&o.line, "schema ");
        q(&o.line, s->name);
        comment(&o.line, s->obj.comment);
        end_line(&o);
        end_block(&o);
        for (uint32_t k = 0; hashmap_next(&s->rels, &k, &key, &v);) {
            const struct cat_rel *r = v;
            if (!rel_printed(r))
                continue;
            switch (r->relkind) {
            case CAT_RELKIND_TABLE:
            case CAT_RELKIND_PARTITIONED:
            case CAT_RELKIND_FOREIGN:
                print_table(&o, r);
                break;
            case CAT_RELKIND_VIEW:
            case CAT_RELKIND_MATVIEW:
                print_view(&o, r);
                break;
            case CAT_RELKIND_SEQUENCE:
                print_sequence(&o, r);
                break;
            case CAT_RELKIND_COMPOSITE:
                print_composite(&o, r);
                break;
            default:
                break;
            }
        }
        for (uint32_t k = 0; hashmap_next(&s->types, &k, &key, &v);)
            print_type(&o, v);
        for (uint32_t k = 0; hashmap_next(&s->funcs, &k, &key, &v);) {
            const struct cat_vec *fv = v;
            for (uint32_t i = 0; i < fv->n; i++)
                print_function(&o, fv->items[i]);
        }
    }
    qsort(o.blocks, o.n, sizeof *o.blocks, block_cmp);
    for (size_t i = 0; i < o.n; i++) {
        sb_adds(sbout, o.blocks[i].text);
        free(o.blocks[i].text);
    }
    free(o.blocks);
    sb_release(&o.cur);
    sb_release(&o.line);
}
