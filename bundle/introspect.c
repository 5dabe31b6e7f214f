/*
 * introspect.c - canonical schema text from pg_catalog (see introspect.h and
 * docs/schema-text.md). Every definition comes from PostgreSQL's own
 * deparsers (format_type, pg_get_expr, pg_get_constraintdef, ...) run with
 * search_path = '' so that names are qualified exactly as the simulator
 * prints them; this file only assembles and sorts the blocks.
 */
#include "bundle/introspect.h"

#include <libpq-fe.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lint/arena.h"

/* Objects that belong to an extension are left out. */
#define NOT_EXT(classid, oid)                                                                      \
    "not exists (select 1 from pg_catalog.pg_depend dd where dd.classid = '" classid               \
    "'::pg_catalog.regclass and dd.objid = " oid " and dd.deptype = 'e')"

/* Schemas and tables that are never printed. */
#define VISIBLE_NS(nsp)                                                                            \
    "(" nsp " !~ '^pg_' and " nsp " not in ('information_schema', 'airlock', 'sqitch'))"
#define BOOKKEEPING                                                                                \
    "('alembic_version', 'schema_migrations', 'goose_db_version', 'flyway_schema_history', "       \
    "'__diesel_schema_migrations')"

struct block {
    char *text;
    size_t hlen;
};

struct ctx {
    PGconn *conn;
    struct err *e;
    struct block *blocks;
    size_t n, cap;
    struct strbuf cur, line;
};

static PGresult *query(struct ctx *c, const char *sql)
{
    PGresult *r = PQexec(c->conn, sql);
    if (PQresultStatus(r) != PGRES_TUPLES_OK && PQresultStatus(r) != PGRES_COMMAND_OK) {
        err_set(c->e, 1, "introspection query failed: %s", PQerrorMessage(c->conn));
        PQclear(r);
        return NULL;
    }
    return r;
}

static const char *val(PGresult *r, int row, int col)
{
    return PQgetisnull(r, row, col) ? NULL : PQgetvalue(r, row, col);
}

static bool tf(PGresult *r, int row, int col)
{
    const char *v = val(r, row, col);
    return v && v[0] == 't';
}

static void literal(struct strbuf *b, const char *s)
{
    sb_add_sql_literal(b, s);
}

static void comment(struct strbuf *b, const char *cm)
{
    if (cm && *cm) {
        sb_adds(b, " comment ");
        literal(b, cm);
    }
}

static void end_line(struct ctx *c)
{
    sb_add_escaped_line(&c->cur, c->line.buf);
    sb_reset(&c->line);
}

static void end_block(struct ctx *c)
{
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 64;
        c->blocks = xrealloc(c->blocks, c->cap * sizeof *c->blocks);
    }
    size_t len;
    char *t = sb_detach(&c->cur, &len);
    char *nl = strchr(t, '\n');
    c->blocks[c->n].text = t;
    c->blocks[c->n].hlen = nl ? (size_t)(nl - t) : len;
    c->n++;
}

static int block_cmp(const void *a, const void *b)
{
    const struct block *x = a, *y = b;
    size_t n = x->hlen < y->hlen ? x->hlen : y->hlen;
    int r = memcmp(x->text, y->text, n);
    if (r)
        return r;
    return x->hlen < y->hlen ? -1 : x->hlen > y->hlen;
}

/* reloptions as flatten_reloptions prints them (quoted unless identifier-like),
 * sorted when 'sort' (table/view header lines). */
static void reloptions(struct strbuf *b, const char *arr, bool sort)
{
    /* arr is a text[] literal {a=1,b=2}; values never contain quotes we must parse */
    if (!arr || strlen(arr) < 2)
        return;
    char *copy = xstrdup(arr + 1);
    copy[strlen(copy) - 1] = 0;
    char *items[64];
    int n = 0;
    for (char *tok = strtok(copy, ","); tok && n < 64; tok = strtok(NULL, ","))
        items[n++] = tok;
    if (sort) {
        for (int i = 1; i < n; i++)
            for (int k = i; k > 0 && strcmp(items[k - 1], items[k]) > 0; k--) {
                char *t = items[k];
                items[k] = items[k - 1];
                items[k - 1] = t;
            }
    }
    for (int i = 0; i < n; i++) {
        char *it = items[i];
        size_t l = strlen(it);
        if (l >= 2 && it[0] == '"' && it[l - 1] == '"') {
            it[l - 1] = 0;
            it++;
        }
        if (i)
            sb_adds(b, ", ");
        char *eq = strchr(it, '=');
        if (!eq) {
            sb_adds(b, it);
            sb_addc(b, '=');
            continue;
        }
        sb_add(b, it, (size_t)(eq - it) + 1);
        const char *v = eq + 1;
        bool ident = (*v >= 'a' && *v <= 'z') || *v == '_';
        for (const char *p = v; *p && ident; p++)
            ident = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_';
        if (ident)
            sb_adds(b, v);
        else
            literal(b, v);
    }
    free(copy);
}

/* Rows of a per-relation query, indexed by relation OID for the blocks. */
struct rows {
    PGresult *r;
    int next; /* first row not yet consumed (rows are ordered by oid) */
};

static int cmp_oid(const char *a, const char *b)
{
    unsigned long x = strtoul(a, NULL, 10), y = strtoul(b, NULL, 10);
    return x < y ? -1 : x > y;
}

/* Returns the first row index for oid and the count (rows sorted by oid). */
static int rows_for(struct rows *rs, const char *oid, int *count)
{
    int n = PQntuples(rs->r);
    int i = rs->next;
    while (i < n && cmp_oid(PQgetvalue(rs->r, i, 0), oid) < 0)
        i++;
    int first = i;
    while (i < n && cmp_oid(PQgetvalue(rs->r, i, 0), oid) == 0)
        i++;
    *count = i - first;
    rs->next = first;
    return first;
}

static void seq_params(struct strbuf *b, PGresult *r, int row, int col)
{
    sb_printf(b, "start %s increment %s minvalue %s maxvalue %s cache %s", val(r, row, col),
              val(r, row, col + 1), val(r, row, col + 2), val(r, row, col + 3),
              val(r, row, col + 4));
    if (tf(r, row, col + 5))
        sb_adds(b, " cycle");
}

static const char *SQL_RELS =
    "select c.oid, c.relkind, pg_catalog.quote_ident(n.nspname) || '.' || "
    "pg_catalog.quote_ident(c.relname), c.relpersistence, "
    "case when c.relispartition then (select pg_catalog.quote_ident(pn.nspname) || '.' || "
    "pg_catalog.quote_ident(p.relname) from pg_catalog.pg_inherits i join pg_catalog.pg_class p on "
    "p.oid = i.inhparent join pg_catalog.pg_namespace pn on pn.oid = p.relnamespace where "
    "i.inhrelid = c.oid) end, pg_catalog.pg_get_expr(c.relpartbound, c.oid), "
    "case when c.relkind = 'p' then pg_catalog.pg_get_partkeydef(c.oid) end, c.reloptions::text, "
    "c.relreplident, (select pg_catalog.quote_ident(ic.relname) from pg_catalog.pg_index x join "
    "pg_catalog.pg_class ic on ic.oid = x.indexrelid where x.indrelid = c.oid and "
    "x.indisreplident), "
    "c.relrowsecurity, c.relforcerowsecurity, c.relispopulated, "
    "pg_catalog.obj_description(c.oid, 'pg_class'), "
    "case when not c.relispartition then (select "
    "pg_catalog.string_agg(pg_catalog.quote_ident(pn.nspname) "
    "|| '.' || pg_catalog.quote_ident(p.relname), ', ' order by i.inhseqno) from "
    "pg_catalog.pg_inherits i "
    "join pg_catalog.pg_class p on p.oid = i.inhparent join pg_catalog.pg_namespace pn on pn.oid = "
    "p.relnamespace where i.inhrelid = c.oid) end, "
    "(select pg_catalog.obj_description(c.reltype, 'pg_type')) "
    "from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace "
    "where c.relkind in ('r', 'p', 'v', 'm', 'c', 'f') and " VISIBLE_NS(
        "n.nspname") " and " NOT_EXT("pg_class", "c.oid") " and not (c.relkind in ('r', 'p') and "
                                                          "c.relname in " BOOKKEEPING
                                                          ") order by c.oid";

static const char *SQL_COLS =
    "select a.attrelid, pg_catalog.quote_ident(a.attname), "
    "pg_catalog.format_type(a.atttypid, a.atttypmod), a.attnotnull, "
    "pg_catalog.pg_get_expr(d.adbin, d.adrelid), a.attidentity, a.attgenerated, "
    "case when a.attcollation <> 0 and a.attcollation <> t.typcollation then "
    "case when co.collnamespace = 'pg_catalog'::pg_catalog.regnamespace then "
    "pg_catalog.quote_ident(co.collname) else pg_catalog.quote_ident(cn.nspname) || '.' || "
    "pg_catalog.quote_ident(co.collname) end end, "
    "pg_catalog.col_description(a.attrelid, a.attnum), "
    "s.seqrelid is not null, pg_catalog.quote_ident(sn.nspname) || '.' || "
    "pg_catalog.quote_ident(sc.relname), "
    "s.seqstart, s.seqincrement, s.seqmin, s.seqmax, s.seqcache, s.seqcycle "
    "from pg_catalog.pg_attribute a join pg_catalog.pg_class c on c.oid = a.attrelid "
    "join pg_catalog.pg_namespace n on n.oid = c.relnamespace "
    "join pg_catalog.pg_type t on t.oid = a.atttypid "
    "left join pg_catalog.pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum "
    "left join pg_catalog.pg_collation co on co.oid = a.attcollation "
    "left join pg_catalog.pg_namespace cn on cn.oid = co.collnamespace "
    "left join pg_catalog.pg_depend dep on a.attidentity <> '' and dep.refclassid = "
    "'pg_catalog.pg_class'::pg_catalog.regclass and dep.refobjid = a.attrelid and dep.refobjsubid "
    "= "
    "a.attnum and dep.classid = 'pg_catalog.pg_class'::pg_catalog.regclass and dep.deptype = 'i' "
    "left join pg_catalog.pg_sequence s on s.seqrelid = dep.objid "
    "left join pg_catalog.pg_class sc on sc.oid = s.seqrelid "
    "left join pg_catalog.pg_namespace sn on sn.oid = sc.relnamespace "
    "where a.attnum > 0 and not a.attisdropped and c.relkind in ('r', 'p', 'v', 'm', 'c', 'f') "
    "and " VISIBLE_NS("n.nspname") " order by a.attrelid, a.attnum";

static const char *SQL_CONS =
    "select k.conrelid, pg_catalog.quote_ident(k.conname), pg_catalog.pg_get_constraintdef(k.oid), "
    "pg_catalog.obj_description(k.oid, 'pg_constraint') from pg_catalog.pg_constraint k "
    "where k.conrelid <> 0 and k.contype <> 't' and not (k.conparentid <> 0 and k.conrelid = "
    "(select p.conrelid from pg_catalog.pg_constraint p where p.oid = k.conparentid)) "
    "order by k.conrelid, k.conname collate \"C\"";

static const char *SQL_INDEXES =
    "select i.indrelid, pg_catalog.quote_ident(c.relname), "
    "pg_catalog.pg_get_indexdef(i.indexrelid), "
    "pg_catalog.obj_description(i.indexrelid, 'pg_class') from pg_catalog.pg_index i "
    "join pg_catalog.pg_class c on c.oid = i.indexrelid order by i.indrelid, c.relname collate "
    "\"C\"";

static const char *SQL_TRIGGERS =
    "select t.tgrelid, pg_catalog.quote_ident(t.tgname), pg_catalog.pg_get_triggerdef(t.oid), "
    "t.tgenabled, pg_catalog.obj_description(t.oid, 'pg_trigger') from pg_catalog.pg_trigger t "
    "where not t.tgisinternal order by t.tgrelid, t.tgname collate \"C\"";

static const char *SQL_POLICIES =
    "select p.polrelid, pg_catalog.quote_ident(p.polname), p.polpermissive, p.polcmd, "
    "(select pg_catalog.string_agg(case when r = 0 then 'public' else "
    "pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(r)) end, ', ' order by case when r = 0 then "
    "'public' else pg_catalog.pg_get_userbyid(r)::text end collate \"C\") from "
    "pg_catalog.unnest(p.polroles) r), "
    "pg_catalog.pg_get_expr(p.polqual, p.polrelid), pg_catalog.pg_get_expr(p.polwithcheck, "
    "p.polrelid), "
    "pg_catalog.obj_description(p.oid, 'pg_policy') from pg_catalog.pg_policy p "
    "order by p.polrelid, p.polname collate \"C\"";

static void rel_block(struct ctx *c, PGresult *rels, int i, struct rows *cols, struct rows *cons,
                      struct rows *idx, struct rows *trg, struct rows *pol)
{
    const char *oid = val(rels, i, 0);
    char kind = val(rels, i, 1)[0];
    struct strbuf *b = &c->line;
    sb_reset(&c->cur);
    bool table = kind == 'r' || kind == 'p' || kind == 'f';
    if (table)
        sb_adds(b, "table ");
    else if (kind == 'v')
        sb_adds(b, "view ");
    else if (kind == 'm')
        sb_adds(b, "materialized view ");
    else
        sb_adds(b, "type ");
    sb_adds(b, val(rels, i, 2));
    const char *cm = val(rels, i, 13);
    if (kind == 'c') {
        sb_adds(b, " composite");
        cm = val(rels, i, 15) ? val(rels, i, 15) : cm;
    }
    if (table) {
        if (val(rels, i, 3)[0] == 'u')
            sb_adds(b, " unlogged");
        if (val(rels, i, 6))
            sb_printf(b, " partitioned by %s", val(rels, i, 6));
        if (val(rels, i, 4))
            sb_printf(b, " partition of %s %s", val(rels, i, 4),
                      val(rels, i, 5) ? val(rels, i, 5) : "");
        if (val(rels, i, 14))
            sb_printf(b, " inherits (%s)", val(rels, i, 14));
    }
    if (kind == 'm' && !tf(rels, i, 12))
        sb_adds(b, " with no data");
    if (kind != 'c' && val(rels, i, 7)) {
        sb_adds(b, " options (");
        reloptions(b, val(rels, i, 7), true);
        sb_addc(b, ')');
    }
    if (table) {
        char ri = val(rels, i, 8)[0];
        if (ri == 'f')
            sb_adds(b, " replica identity full");
        else if (ri == 'n')
            sb_adds(b, " replica identity nothing");
        else if (ri == 'i' && val(rels, i, 9))
            sb_printf(b, " replica identity index %s", val(rels, i, 9));
        if (tf(rels, i, 10))
            sb_adds(b, " row level security");
        if (tf(rels, i, 11))
            sb_adds(b, tf(rels, i, 10) ? " forced" : " row level security forced");
    }
    comment(b, cm);
    end_line(c);
    int n, first = rows_for(cols, oid, &n);
    PGresult *r = cols->r;
    for (int k = first; k < first + n; k++) {
        sb_printf(b, "  column %s %s", val(r, k, 1), val(r, k, 2));
        if (table) {
            if (val(r, k, 7))
                sb_printf(b, " collate %s", val(r, k, 7));
            if (tf(r, k, 3))
                sb_adds(b, " not null");
            const char *gen = val(r, k, 6);
            if (gen && *gen && val(r, k, 4))
                sb_printf(b, " generated always as (%s) stored", val(r, k, 4));
            else if (val(r, k, 4))
                sb_printf(b, " default %s", val(r, k, 4));
            const char *ident = val(r, k, 5);
            if (ident && *ident) {
                sb_adds(b, ident[0] == 'a' ? " generated always as identity"
                                           : " generated by default as identity");
                if (tf(r, k, 9)) {
                    sb_printf(b, " (sequence %s ", val(r, k, 10));
                    seq_params(b, r, k, 11);
                    sb_addc(b, ')');
                }
            }
        } else if (kind == 'c' && val(r, k, 7)) {
            sb_printf(b, " collate %s", val(r, k, 7));
        }
        comment(b, val(r, k, 8));
        end_line(c);
    }
    cols->next = first + n;
    if (table || kind == 'm') {
        first = rows_for(cons, oid, &n);
        for (int k = first; k < first + n; k++) {
            sb_printf(b, "  constraint %s %s", val(cons->r, k, 1), val(cons->r, k, 2));
            comment(b, val(cons->r, k, 3));
            end_line(c);
        }
        cons->next = first + n;
        first = rows_for(idx, oid, &n);
        for (int k = first; k < first + n; k++) {
            sb_printf(b, "  index %s %s", val(idx->r, k, 1), val(idx->r, k, 2));
            comment(b, val(idx->r, k, 3));
            end_line(c);
        }
        idx->next = first + n;
        first = rows_for(trg, oid, &n);
        for (int k = first; k < first + n; k++) {
            sb_printf(b, "  trigger %s %s", val(trg->r, k, 1), val(trg->r, k, 2));
            char en = val(trg->r, k, 3)[0];
            if (en == 'D')
                sb_adds(b, " disabled");
            else if (en == 'R')
                sb_adds(b, " enabled replica");
            else if (en == 'A')
                sb_adds(b, " enabled always");
            comment(b, val(trg->r, k, 4));
            end_line(c);
        }
        trg->next = first + n;
        first = rows_for(pol, oid, &n);
        for (int k = first; k < first + n; k++) {
            PGresult *p = pol->r;
            char cmd = val(p, k, 3)[0];
            sb_printf(b, "  policy %s as %s for %s to %s", val(p, k, 1),
                      tf(p, k, 2) ? "permissive" : "restrictive",
                      cmd == 'r'   ? "select"
                      : cmd == 'a' ? "insert"
                      : cmd == 'w' ? "update"
                      : cmd == 'd' ? "delete"
                                   : "all",
                      val(p, k, 4) ? val(p, k, 4) : "");
            if (val(p, k, 5))
                sb_printf(b, " using %s", val(p, k, 5));
            if (val(p, k, 6))
                sb_printf(b, " with check %s", val(p, k, 6));
            comment(b, val(p, k, 7));
            end_line(c);
        }
        pol->next = first + n;
    }
    end_block(c);
}

static int relations(struct ctx *c)
{
    PGresult *rels = query(c, SQL_RELS);
    struct rows cols = {query(c, SQL_COLS), 0}, cons = {query(c, SQL_CONS), 0},
                idx = {query(c, SQL_INDEXES), 0}, trg = {query(c, SQL_TRIGGERS), 0},
                pol = {query(c, SQL_POLICIES), 0};
    int rc = -1;
    if (rels && cols.r && cons.r && idx.r && trg.r && pol.r) {
        for (int i = 0; i < PQntuples(rels); i++)
            rel_block(c, rels, i, &cols, &cons, &idx, &trg, &pol);
        rc = 0;
    }
    PQclear(rels);
    PQclear(cols.r);
    PQclear(cons.r);
    PQclear(idx.r);
    PQclear(trg.r);
    PQclear(pol.r);
    return rc;
}

static int sequences(struct ctx *c)
{
    PGresult *r = query(
        c,
        "select pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(c.relname), "
        "pg_catalog.format_type(s.seqtypid, NULL), s.seqstart, s.seqincrement, s.seqmin, "
        "s.seqmax, s.seqcache, s.seqcycle, "
        "(select pg_catalog.quote_ident(tn.nspname) || '.' || pg_catalog.quote_ident(t.relname) "
        "|| '.' || pg_catalog.quote_ident(a.attname) from pg_catalog.pg_depend d join "
        "pg_catalog.pg_class t on t.oid = d.refobjid join pg_catalog.pg_namespace tn on tn.oid = "
        "t.relnamespace join pg_catalog.pg_attribute a on a.attrelid = t.oid and a.attnum = "
        "d.refobjsubid where d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass and d.objid "
        "= c.oid and d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass and d.deptype = "
        "'a' and d.refobjsubid > 0), "
        "pg_catalog.obj_description(c.oid, 'pg_class') "
        "from pg_catalog.pg_sequence s join pg_catalog.pg_class c on c.oid = s.seqrelid "
        "join pg_catalog.pg_namespace n on n.oid = c.relnamespace "
        "where " VISIBLE_NS("n.nspname") " and " NOT_EXT(
            "pg_class",
            "c.oid") " and not exists "
                     "(select 1 from pg_catalog.pg_depend d where d.classid = "
                     "'pg_catalog.pg_class'::pg_catalog.regclass "
                     "and d.objid = c.oid and d.deptype = 'i') and not exists (select 1 from "
                     "pg_catalog.pg_depend d "
                     "join pg_catalog.pg_class t on t.oid = d.refobjid where d.classid = "
                     "'pg_catalog.pg_class'::pg_catalog.regclass and d.objid = c.oid and d.deptype "
                     "= 'a' and "
                     "d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass and t.relname "
                     "in " BOOKKEEPING ") and c.relpersistence <> 't'");
    if (!r)
        return -1;
    for (int i = 0; i < PQntuples(r); i++) {
        sb_reset(&c->cur);
        struct strbuf *b = &c->line;
        sb_printf(b, "sequence %s as %s ", val(r, i, 0), val(r, i, 1));
        seq_params(b, r, i, 2);
        if (val(r, i, 8))
            sb_printf(b, " owned by %s", val(r, i, 8));
        comment(b, val(r, i, 9));
        end_line(c);
        end_block(c);
    }
    PQclear(r);
    return 0;
}

static int types(struct ctx *c)
{
    PGresult *r = query(
        c, "select t.oid, t.typtype, pg_catalog.quote_ident(n.nspname) || '.' || "
           "pg_catalog.quote_ident(t.typname), "
           "(select pg_catalog.string_agg('''' || pg_catalog.replace(e.enumlabel, '''', '''''') "
           "|| '''', ', ' order by e.enumsortorder) from pg_catalog.pg_enum e where e.enumtypid = "
           "t.oid), "
           "pg_catalog.format_type(t.typbasetype, t.typtypmod), "
           "case when t.typcollation <> 0 and t.typcollation <> bt.typcollation then case when "
           "co.collnamespace = 'pg_catalog'::pg_catalog.regnamespace then "
           "pg_catalog.quote_ident(co.collname) else pg_catalog.quote_ident(cn.nspname) || '.' || "
           "pg_catalog.quote_ident(co.collname) end end, t.typnotnull, "
           "pg_catalog.pg_get_expr(t.typdefaultbin, 0), "
           "(select pg_catalog.format_type(rg.rngsubtype, NULL) from pg_catalog.pg_range rg where "
           "rg.rngtypid = t.oid), pg_catalog.obj_description(t.oid, 'pg_type') "
           "from pg_catalog.pg_type t join pg_catalog.pg_namespace n on n.oid = t.typnamespace "
           "left join pg_catalog.pg_type bt on bt.oid = t.typbasetype "
           "left join pg_catalog.pg_collation co on co.oid = t.typcollation "
           "left join pg_catalog.pg_namespace cn on cn.oid = co.collnamespace "
           "where t.typtype in ('e', 'd', 'r') and " VISIBLE_NS("n.nspname") " and " NOT_EXT(
               "pg_type", "t.oid") " order by t.oid");
    PGresult *k =
        query(c, "select k.contypid, pg_catalog.quote_ident(k.conname), "
                 "pg_catalog.pg_get_constraintdef(k.oid), pg_catalog.obj_description(k.oid, "
                 "'pg_constraint') from pg_catalog.pg_constraint k where k.contypid <> 0 "
                 "order by k.contypid, k.conname collate \"C\"");
    if (!r || !k) {
        PQclear(r);
        PQclear(k);
        return -1;
    }
    struct rows kr = {k, 0};
    for (int i = 0; i < PQntuples(r); i++) {
        sb_reset(&c->cur);
        struct strbuf *b = &c->line;
        char tt = val(r, i, 1)[0];
        sb_printf(b, "type %s", val(r, i, 2));
        if (tt == 'e') {
            sb_printf(b, " enum (%s)", val(r, i, 3) ? val(r, i, 3) : "");
        } else if (tt == 'd') {
            sb_printf(b, " domain %s", val(r, i, 4));
            if (val(r, i, 5))
                sb_printf(b, " collate %s", val(r, i, 5));
            if (tf(r, i, 6))
                sb_adds(b, " not null");
            if (val(r, i, 7))
                sb_printf(b, " default %s", val(r, i, 7));
        } else {
            sb_printf(b, " range subtype %s", val(r, i, 8));
        }
        comment(b, val(r, i, 9));
        end_line(c);
        if (tt == 'd') {
            int n, first = rows_for(&kr, val(r, i, 0), &n);
            for (int j = first; j < first + n; j++) {
                sb_printf(b, "  constraint %s %s", val(k, j, 1), val(k, j, 2));
                comment(b, val(k, j, 3));
                end_line(c);
            }
            kr.next = first + n;
        }
        end_block(c);
    }
    PQclear(r);
    PQclear(k);
    return 0;
}

static int functions(struct ctx *c)
{
    PGresult *r = query(
        c, "select p.prokind, pg_catalog.quote_ident(n.nspname) || '.' || "
           "pg_catalog.quote_ident(p.proname), pg_catalog.pg_get_function_arguments(p.oid), "
           "pg_catalog.pg_get_function_result(p.oid), l.lanname, p.provolatile, p.proisstrict, "
           "p.prosecdef, p.proleakproof, p.proparallel, p.procost, p.prorows, p.proretset, "
           "p.proconfig::text, p.prosrc, p.prosqlbody is not null, "
           "pg_catalog.obj_description(p.oid, 'pg_proc') "
           "from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace "
           "join pg_catalog.pg_language l on l.oid = p.prolang "
           "where " VISIBLE_NS("n.nspname") " and " NOT_EXT(
               "pg_proc", "p.oid") " and not exists "
                                   "(select 1 from pg_catalog.pg_depend d where d.classid = "
                                   "'pg_catalog.pg_proc'::pg_catalog.regclass "
                                   "and d.objid = p.oid and d.deptype = 'i')");
    if (!r)
        return -1;
    for (int i = 0; i < PQntuples(r); i++) {
        sb_reset(&c->cur);
        struct strbuf *b = &c->line;
        char kind = val(r, i, 0)[0];
        sb_printf(b, "%s %s(%s)",
                  kind == 'p'   ? "procedure"
                  : kind == 'a' ? "aggregate"
                                : "function",
                  val(r, i, 1), val(r, i, 2));
        if (kind != 'p')
            sb_printf(b, " returns %s", val(r, i, 3) ? val(r, i, 3) : "");
        if (kind == 'a') {
            comment(b, val(r, i, 16));
            end_line(c);
            end_block(c);
            continue;
        }
        sb_printf(b, " language %s", val(r, i, 4) ? val(r, i, 4) : "");
        if (kind != 'p') {
            char v = val(r, i, 5)[0];
            sb_adds(b, v == 'i' ? " immutable" : v == 's' ? " stable" : " volatile");
            if (tf(r, i, 6))
                sb_adds(b, " strict");
        }
        if (tf(r, i, 7))
            sb_adds(b, " security definer");
        if (kind != 'p') {
            if (tf(r, i, 8))
                sb_adds(b, " leakproof");
            char par = val(r, i, 9)[0];
            sb_adds(b, par == 's'   ? " parallel safe"
                       : par == 'r' ? " parallel restricted"
                                    : " parallel unsafe");
            sb_printf(b, " cost %g", atof(val(r, i, 10)));
            if (tf(r, i, 12))
                sb_printf(b, " rows %g", atof(val(r, i, 11)));
        }
        const char *cfg = val(r, i, 13);
        if (cfg && strlen(cfg) > 2) {
            /* {"search_path=public, pg_temp",x=1}: one entry per element */
            const char *p = cfg + 1;
            while (*p && *p != '}') {
                struct strbuf item = STRBUF_INIT;
                if (*p == '"') {
                    p++;
                    while (*p && *p != '"') {
                        if (*p == '\\' && p[1])
                            p++;
                        sb_addc(&item, *p++);
                    }
                    if (*p == '"')
                        p++;
                } else {
                    while (*p && *p != ',' && *p != '}')
                        sb_addc(&item, *p++);
                }
                sb_printf(b, " set %s", item.buf ? item.buf : "");
                sb_release(&item);
                if (*p == ',')
                    p++;
            }
        }
        if (tf(r, i, 15)) {
            sb_adds(b, " body sql-standard");
        } else {
            char hex[65];
            const char *src = val(r, i, 14) ? val(r, i, 14) : "";
            sha256_hex(src, strlen(src), hex);
            sb_printf(b, " body sha256:%s", hex);
        }
        comment(b, val(r, i, 16));
        end_line(c);
        end_block(c);
    }
    PQclear(r);
    return 0;
}

static int simple_blocks(struct ctx *c)
{
    PGresult *r = query(
        c, "select 'extension ' || pg_catalog.quote_ident(e.extname) || ' schema ' || "
           "pg_catalog.quote_ident(n.nspname), pg_catalog.obj_description(e.oid, 'pg_extension') "
           "from pg_catalog.pg_extension e join pg_catalog.pg_namespace n on n.oid = "
           "e.extnamespace union all select 'schema ' || pg_catalog.quote_ident(n.nspname), "
           "pg_catalog.obj_description(n.oid, 'pg_namespace') from pg_catalog.pg_namespace n "
           "where " VISIBLE_NS("n.nspname") " and " NOT_EXT("pg_namespace", "n.oid"));
    if (!r)
        return -1;
    for (int i = 0; i < PQntuples(r); i++) {
        sb_reset(&c->cur);
        sb_adds(&c->line, val(r, i, 0));
        comment(&c->line, val(r, i, 1));
        end_line(c);
        end_block(c);
    }
    PQclear(r);
    return 0;
}

int introspect_conn_schema_text(struct pg_conn *conn, struct strbuf *out, struct err *e)
{
    struct ctx c = {0};
    c.conn = conn;
    c.e = e;
    bool own_tx = PQtransactionStatus(conn) == PQTRANS_IDLE;
    PGresult *r;
    if (own_tx) {
        r = PQexec(conn, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
        PQclear(r);
    }
    /* SET LOCAL inside our transaction; with the caller's transaction the
     * settings are restored by RESET below */
    r = PQexec(conn,
               "SET LOCAL search_path = ''; SET LOCAL TimeZone = 'UTC'; SET LOCAL DateStyle = "
               "'ISO, MDY'; SET LOCAL IntervalStyle = 'postgres'; SET LOCAL "
               "extra_float_digits = 1");
    bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    if (!ok)
        err_set(e, 1, "introspection setup failed: %s", PQerrorMessage(conn));
    PQclear(r);
    int rc = ok ? 0 : -1;
    if (rc == 0)
        rc = simple_blocks(&c);
    if (rc == 0)
        rc = relations(&c);
    if (rc == 0)
        rc = sequences(&c);
    if (rc == 0)
        rc = types(&c);
    if (rc == 0)
        rc = functions(&c);
    if (own_tx) {
        r = PQexec(conn, "ROLLBACK");
        PQclear(r);
    } else {
        r = PQexec(conn, "RESET search_path; RESET TimeZone; RESET DateStyle; RESET IntervalStyle; "
                         "RESET extra_float_digits");
        PQclear(r);
    }
    if (rc == 0) {
        qsort(c.blocks, c.n, sizeof *c.blocks, block_cmp);
        for (size_t i = 0; i < c.n; i++)
            sb_adds(out, c.blocks[i].text);
    }
    for (size_t i = 0; i < c.n; i++)
        free(c.blocks[i].text);
    free(c.blocks);
    sb_release(&c.cur);
    sb_release(&c.line);
    return rc;
}

int introspect_schema_text(const char *conninfo, struct strbuf *out, struct err *e)
{
    PGconn *conn = PQconnectdb(conninfo);
    if (PQstatus(conn) != CONNECTION_OK) {
        char msg[400];
        snprintf(msg, sizeof msg, "%s", PQerrorMessage(conn));
        size_t l = strlen(msg);
        while (l && (msg[l - 1] == '\n' || msg[l - 1] == ' '))
            msg[--l] = 0;
        err_set(e, 1, "could not connect to the database: %s", msg);
        PQfinish(conn);
        return -1;
    }
    int rc = introspect_conn_schema_text(conn, out, e);
    PQfinish(conn);
    return rc;
}
