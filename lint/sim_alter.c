/*
 * sim_alter.c - ALTER TABLE (and ALTER INDEX/VIEW/MATERIALIZED VIEW/
 * SEQUENCE/TYPE forms that share its grammar): every subcommand migrations
 * use, each with the lock AlterTableGetLockLevel assigns in PostgreSQL 15
 * (the statement takes the strongest), whether it rewrites or scans the
 * table, recursion to partitions and inheritance children, and the errors
 * PostgreSQL raises (dependent views on a retyped column, inherited
 * columns, identity rules, ...).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lint/arena.h"
#include "lint/sim_table.h"
#include "lint/sql.h"
#include "lint/strbuf.h"

/* Children an ALTER TABLE recurses to (partitions and inheritance children). */
static uint32_t children_of(struct sim *s, struct cat_rel *r, struct cat_rel ***out)
{
    struct cat_vec v = {0};
    for (uint32_t i = 0; i < r->partitions.n; i++) {
        struct cat_rel *c = r->partitions.items[i];
        if (!c->obj.dropped) {
            sim_vec_push(s, &v, c);
        }
    }
    struct cat_dep **deps;
    uint32_t nd = catalog_dependents(s->cat, &r->obj, 0, &deps);
    for (uint32_t i = 0; i < nd; i++) {
        struct cat_obj *o = deps[i]->dependent;
        if (o->kind != CAT_REL || deps[i]->deptype != CAT_DEP_NORMAL)
            continue;
        struct cat_rel *c = (struct cat_rel *)o;
        bool inherits = false;
        for (uint32_t k = 0; k < c->inherits.n; k++)
            inherits |= c->inherits.items[k] == r;
        if (inherits) {
            sim_vec_push(s, &v, c);
        }
    }
    *out = (struct cat_rel **)v.items;
    return v.n;
}

static struct cat_column *need_column(struct sim *s, struct cat_rel *r, const char *name)
{
    struct cat_column *col = name ? catalog_find_column(r, name) : NULL;
    if (!col)
        sim_error(s, -1, "42703", "column \"%s\" of relation \"%s\" does not exist",
                  name ? name : "?", r->name);
    return col;
}

static bool in_primary_key(struct cat_rel *r, int16_t attnum)
{
    for (uint32_t i = 0; i < r->indexes.n; i++) {
        struct cat_rel *ix = r->indexes.items[i];
        if (ix->obj.dropped || !ix->index->primary)
            continue;
        for (uint32_t k = 0; k < ix->index->nkeyatts; k++)
            if (ix->index->attnums[k] == attnum)
                return true;
    }
    return false;
}

static bool in_partition_key(struct cat_rel *r, int16_t attnum)
{
    for (uint32_t i = 0; i < r->partkeys.n; i++) {
        struct cat_expr *e = r->partkeys.items[i];
        struct ex_deps d = {0};
        (void)d;
        if (e->kind == EX_VAR && e->attnum == attnum)
            return true;
    }
    return false;
}

/* ---- re-analysis after ALTER COLUMN TYPE ---- */

struct cat_expr *sim_reanalyze(struct sim *s, struct cat_rel *r, struct cat_expr *e,
                               enum ex_context kind)
{
    if (!e)
        return NULL;
    /* ruleutils' text parses back to the same expression; with the new
     * column type the analyser inserts the casts PostgreSQL would */
    PgQuery__Node *raw = sim_parse_expr(s, ex_text(s->cat, s->arena, e));
    if (!raw)
        return NULL;
    struct ex_ctx x;
    ex_ctx_init(&x, s->cat, s->arena, kind);
    x.scope = ex_scope_for_rel(s->arena, r, NULL);
    struct cat_expr *out = ex_analyze(&x, raw);
    if (out && (kind == EXK_CHECK || kind == EXK_INDEX_PRED || kind == EXK_POLICY))
        out = ex_coerce_bool(&x, out, "CHECK");
    if (out && kind == EXK_INDEX_EXPR)
        out = ex_resolve_unknown(&x, out);
    if (!out)
        sim_expr_error(s, &x);
    return out;
}

static bool expr_uses(struct cat_expr *e, struct cat_rel *r, int16_t attnum)
{
    struct ex_deps d = {0};
    struct arena *a = arena_new();
    ex_collect_deps(e, &d, a);
    bool found = false;
    for (uint32_t i = 0; i < d.nrels; i++)
        if (d.rels[i] == r && d.attnums[i] == attnum)
            found = true;
    arena_free(a);
    return found;
}

static int alter_column_type(struct sim *s, struct cat_rel *r, PgQuery__AlterTableCmd *cmd,
                             bool recurse)
{
    PgQuery__ColumnDef *cd = cmd->def->column_def;
    struct cat_column *col = need_column(s, r, cmd->name);
    if (!col)
        return -1;
    if (!col->islocal && col->inhcount > 0 && !recurse)
        return sim_error(s, -1, "42P16", "cannot alter inherited column \"%s\"", col->name);
    if (in_partition_key(r, col->attnum))
        return sim_error(
            s, -1, "42P16",
            "cannot alter column \"%s\" because it is part of the partition key of relation \"%s\"",
            col->name, r->name);
    /* dependents that forbid it */
    struct cat_dep **deps;
    uint32_t nd = catalog_dependents(s->cat, &r->obj, col->attnum, &deps);
    for (uint32_t i = 0; i < nd; i++) {
        struct cat_obj *o = deps[i]->dependent;
        if (o->kind == CAT_REL) {
            struct cat_rel *dr = (struct cat_rel *)o;
            if (dr->relkind == CAT_RELKIND_VIEW || dr->relkind == CAT_RELKIND_MATVIEW) {
                sim_error(s, -1, "0A000", "cannot alter type of a column used by a view or rule");
                return sim_error_detail(
                    s, arena_printf(s->arena, "rule _RETURN on %s %s depends on column \"%s\"",
                                    dr->relkind == CAT_RELKIND_VIEW ? "view" : "materialized view",
                                    dr->name, col->name));
            }
            if (dr == r && deps[i]->role == CAT_ROLE_GENERATION) {
                struct cat_column *g = catalog_column_by_attnum(r, deps[i]->dep_attnum);
                if (g && g->generated) {
                    sim_error(s, -1, "0A000",
                              "cannot alter type of a column used by a generated column");
                    return sim_error_detail(
                        s,
                        arena_printf(s->arena, "Column \"%s\" is used by generated column \"%s\".",
                                     col->name, g->name));
                }
            }
        } else if (o->kind == CAT_POLICY) {
            sim_error(s, -1, "0A000", "cannot alter type of a column used in a policy definition");
            return sim_error_detail(s, arena_printf(s->arena, "%s depends on column \"%s\"",
                                                    sim_describe(s, o, 0), col->name));
        } else if (o->kind == CAT_TRIGGER) {
            sim_error(s, -1, "0A000", "cannot alter type of a column used in a trigger definition");
            return sim_error_detail(s, arena_printf(s->arena, "%s depends on column \"%s\"",
                                                    sim_describe(s, o, 0), col->name));
        }
    }
    struct cat_typeref nt;
    bool serial;
    if (sim_column_type(s, cd, &nt, &serial) != 0)
        return -1;
    if (serial)
        return sim_error(s, -1, "42704", "type \"%s\" does not exist",
                         sim_strval(cd->type_name->names[cd->type_name->n_names - 1]));
    if (col->identity) {
        unsigned o = ex_base_type(nt.type)->oid;
        if (o != PGB_INT2 && o != PGB_INT4 && o != PGB_INT8)
            return sim_error(s, -1, "22023",
                             "identity column type must be smallint, integer, or bigint");
    }
    /* the transform: USING expr, or the column itself, to the new type */
    struct ex_ctx x;
    ex_ctx_init(&x, s->cat, s->arena, EXK_OTHER);
    x.scope = ex_scope_for_rel(s->arena, r, NULL);
    struct cat_expr *src;
    if (cd->raw_default) {
        src = ex_analyze(&x, cd->raw_default);
        if (!src)
            return sim_expr_error(s, &x);
    } else {
        src = arena_alloc(s->arena, sizeof *src);
        src->kind = EX_VAR;
        src->rel = r;
        src->attnum = col->attnum;
        src->type = col->type.type;
        src->typmod = col->type.typmod;
    }
    struct ex_ctx cx = x;
    cx.sqlstate = NULL;
    struct cat_expr *conv = ex_coerce_assign(&cx, src, nt, col->name, -1);
    if (!conv) {
        struct strbuf sb = STRBUF_INIT;
        ex_format_type(nt.type, nt.typmod, &sb);
        if (cd->raw_default) {
            sim_error(
                s, -1, "42804",
                "result of USING clause for column \"%s\" cannot be cast automatically to type %s",
                col->name, sb.buf);
            sim_error_hint(s, "You might need to add an explicit cast.");
        } else {
            sim_error(s, -1, "42804", "column \"%s\" cannot be cast automatically to type %s",
                      col->name, sb.buf);
            sim_error_hint(s, arena_printf(s->arena, "You might need to specify \"USING %s::%s\".",
                                           col->name, sb.buf));
        }
        sb_release(&sb);
        return -1;
    }
    /* rewrite unless the conversion is binary and does not shrink the typmod */
    bool rewrite = true;
    struct cat_expr *c = conv;
    while (c && (c->kind == EX_RELABEL || (c->kind == EX_FUNC && c->sub == 1 && c->arg)))
        c = c->kind == EX_RELABEL ? c->arg : c->arg;
    if (c && c->kind == EX_VAR && c->rel == r && c->attnum == col->attnum) {
        struct cat_type *ob = ex_base_type(col->type.type), *nb = ex_base_type(nt.type);
        unsigned f;
        bool binary = ob == nb || ex_find_path(ob, nb, 'i', &f) == EXP_RELABEL;
        if (binary) {
            if (nt.typmod < 0)
                rewrite = false;
            else if (ob == nb && col->type.typmod >= 0) {
                if (nb->oid == PGB_NUMERIC) {
                    int op = ((col->type.typmod - 4) >> 16) & 0xffff,
                        os = (col->type.typmod - 4) & 0xffff;
                    int np = ((nt.typmod - 4) >> 16) & 0xffff, ns = (nt.typmod - 4) & 0xffff;
                    rewrite = !(os == ns && np >= op);
                } else {
                    rewrite = nt.typmod < col->type.typmod;
                }
            }
        }
    }
    /* the default follows the column */
    struct cat_expr *newdef = NULL;
    if (col->default_expr && !col->generated) {
        struct cat_expr *d = ex_strip_implicit(col->default_expr);
        struct ex_ctx dx;
        ex_ctx_init(&dx, s->cat, s->arena, EXK_DEFAULT);
        newdef = ex_coerce_assign(&dx, d, nt, col->name, -1);
        if (!newdef) {
            struct strbuf sb = STRBUF_INIT;
            ex_format_type(nt.type, nt.typmod, &sb);
            sim_error(s, -1, "42804",
                      "default for column \"%s\" cannot be cast automatically to type %s",
                      col->name, sb.buf);
            sb_release(&sb);
            return -1;
        }
    }
    struct catalog *cat = s->cat;
    /* expressions over the column only change when its type does (a new
     * typmod, e.g. widening a varchar, leaves them as they are) */
    bool retype = ex_base_type(col->type.type) != ex_base_type(nt.type);
    if (sim_data_convert(s, r, col, conv) != 0)
        return -1;
    CAT_SET(cat, col->type, nt);
    const char *coll = NULL;
    if (cd->coll_clause) {
        const char *cs, *cn;
        sim_split_name(cd->coll_clause->collname, cd->coll_clause->n_collname, &cs, &cn);
        coll = cs && strcmp(cs, "pg_catalog") != 0 ? arena_printf(s->arena, "%s.%s", cs, cn) : cn;
        if (sim_check_collation(s, nt, coll, -1) != 0)
            return -1;
    }
    CAT_SET(cat, col->collation, coll);
    sim_column_type_dep(s, col);
    if (newdef)
        sim_set_default(s, col, newdef);
    if (col->identity && col->identity_seq)
        CAT_SET(cat, col->identity_seq->seq->type, ex_base_type(nt.type));
    /* rebuild what reads the column: indexes, CHECK constraints, FKs */
    for (uint32_t i = 0; i < r->indexes.n; i++) {
        struct cat_rel *ix = r->indexes.items[i];
        if (ix->obj.dropped)
            continue;
        struct cat_indexinfo *ii = ix->index;
        bool touched = false;
        for (uint32_t k = 0; k < ii->natts; k++)
            if (ii->attnums[k] == col->attnum ||
                (ii->exprs[k] && expr_uses(ii->exprs[k], r, col->attnum)))
                touched = true;
        if (ii->predicate && expr_uses(ii->predicate, r, col->attnum))
            touched = true;
        if (!touched)
            continue;
        if (!retype) {
            struct sim_lock *l = sim_lock_rel(s, r, SIM_ACCESS_EXCLUSIVE);
            l->scan = true;
            continue;
        }
        for (uint32_t k = 0; k < ii->natts; k++) {
            if (!ii->exprs[k] || !expr_uses(ii->exprs[k], r, col->attnum))
                continue;
            struct cat_expr *ne = sim_reanalyze(s, r, ii->exprs[k], EXK_INDEX_EXPR);
            if (!ne)
                return -1;
            CAT_SET(cat, ii->exprs[k], ne);
        }
        if (ii->predicate && expr_uses(ii->predicate, r, col->attnum)) {
            struct cat_expr *ne = sim_reanalyze(s, r, ii->predicate, EXK_INDEX_PRED);
            if (!ne)
                return -1;
            CAT_SET(cat, ii->predicate, ne);
        }
        /* an explicit operator class that no longer fits is dropped by
         * PostgreSQL only if it is the default; keep explicit ones */
        for (uint32_t k = 0; k < ii->natts; k++) {
            if (ii->attnums[k] != col->attnum || !ii->opclasses[k])
                continue;
        }
        if (rewrite || true) {
            struct sim_lock *l = sim_lock_rel(s, r, SIM_ACCESS_EXCLUSIVE);
            l->scan = true;
        }
    }
    for (uint32_t i = 0; i < r->constraints.n; i++) {
        struct cat_constraint *k = r->constraints.items[i];
        if (k->obj.dropped)
            continue;
        if (retype && k->contype == CAT_CON_CHECK && expr_uses(k->expr, r, col->attnum)) {
            struct cat_expr *ne = sim_reanalyze(s, r, k->expr, EXK_CHECK);
            if (!ne)
                return -1;
            CAT_SET(cat, k->expr, ne);
        }
    }
    /* generated columns using the column are recomputed */
    for (uint32_t i = 0; i < r->columns.n; i++) {
        struct cat_column *g = r->columns.items[i];
        if (!retype || g->dropped || !g->generated || !g->default_expr || g == col)
            continue;
        if (expr_uses(g->default_expr, r, col->attnum)) {
            struct cat_expr *ne =
                sim_reanalyze(s, r, ex_strip_implicit(g->default_expr), EXK_GENERATED);
            if (!ne)
                return -1;
            struct ex_ctx gx;
            ex_ctx_init(&gx, s->cat, s->arena, EXK_GENERATED);
            ne = ex_coerce_assign(&gx, ne, g->type, g->name, -1);
            if (!ne)
                return sim_expr_error(s, &gx);
            CAT_SET(cat, g->default_expr, ne);
        }
    }
    struct sim_lock *l = sim_lock_rel(s, r, SIM_ACCESS_EXCLUSIVE);
    if (rewrite)
        l->rewrite = true;
    sim_object(s, SIM_ALTERED, CAT_REL, r->relkind, r->schema->name, r->name, NULL, r);
    s->eff->objects[s->eff->nobjects - 1].column = col->name;
    if (recurse) {
        struct cat_rel **kids;
        uint32_t nk = children_of(s, r, &kids);
        for (uint32_t i = 0; i < nk; i++)
            if (alter_column_type(s, kids[i], cmd, true) != 0)
                return -1;
    }
    return 0;
}

static int set_not_null(struct sim *s, struct cat_rel *r, const char *name, bool on, bool recurse)
{
    struct cat_column *col = need_column(s, r, name);
    if (!col)
        return -1;
    if (!on) {
        if (in_primary_key(r, col->attnum))
            return sim_error(s, -1, "42P16", "column \"%s\" is in a primary key", col->name);
        if (col->identity)
            return sim_error(s, -1, "42P16",
                             "column \"%s\" of relation \"%s\" is an identity column", col->name,
                             r->name);
        if (r->partparent) {
            struct cat_column *pc = catalog_find_column(r->partparent, col->name);
            if (pc && pc->notnull)
                return sim_error(s, -1, "42P16", "column \"%s\" is marked NOT NULL in parent table",
                                 col->name);
        }
        if (r->relkind == CAT_RELKIND_PARTITIONED && !recurse)
            return sim_error(s, -1, "42P16", "constraint must be dropped from child tables too");
    }
    struct sim_lock *l = sim_lock_rel(s, r, SIM_ACCESS_EXCLUSIVE);
    if (on && !col->notnull)
        l->scan = true;
    CAT_SET(s->cat, col->notnull, on);
    if (recurse) {
        struct cat_rel **kids;
        uint32_t nk = children_of(s, r, &kids);
        for (uint32_t i = 0; i < nk; i++) {
            struct cat_column *kc = catalog_find_column(kids[i], name);
            if (!kc)
                continue;
            if (!on && kids[i]->relkind != CAT_RELKIND_PARTITIONED && !kids[i]->partparent)
                continue; /* inheritance children keep their own NOT NULL */
            if (set_not_null(s, kids[i], name, on, true) != 0)
                return -1;
        }
    } else if (on && r->relkind == CAT_RELKIND_PARTITIONED) {
        return sim_error(s, -1, "42P16", "constraint must be added to child tables too");
    }
    return 0;
}

static int column_default(struct sim *s, struct cat_rel *r, PgQuery__AlterTableCmd *cmd,
                          bool recurse)
{
    struct cat_column *col = need_column(s, r, cmd->name);
    if (!col)
        return -1;
    if (col->generated)
        return sim_error(s, -1, "42P16", "column \"%s\" of relation \"%s\" is a generated column",
                         col->name, r->name);
    if (col->identity && cmd->def)
        return sim_error(s, -1, "42P16", "column \"%s\" of relation \"%s\" is an identity column",
                         col->name, r->name);
    if (col->identity && !cmd->def) {
        sim_error(s, -1, "42P16", "column \"%s\" of relation \"%s\" is an identity column",
                  col->name, r->name);
        return sim_error_hint(s, "Use ALTER TABLE ... ALTER COLUMN ... DROP IDENTITY instead.");
    }
    if (cmd->def) {
        struct cat_expr *e = sim_cook_default(s, cmd->def, col->type, col->name, NULL);
        if (!e)
            return -1;
        sim_set_default(s, col, e);
    } else {
        sim_set_default(s, col, NULL);
    }
    sim_lock_rel(s, r, SIM_ACCESS_EXCLUSIVE);
    if (recurse && r->relkind != CAT_RELKIND_VIEW) {
        struct cat_rel **kids;
        uint32_t nk = children_of(s, r, &kids);
        for (uint32_t i = 0; i < nk; i++) {
            PgQuery__AlterTableCmd copy = *cmd;
            if (catalog_find_column(kids[i], cmd->name) &&
                column_default(s, kids[i], &copy, true) != 0)
                return -1;
        }
    }
    return 0;
}

static int drop_column(struct sim *s, struct cat_rel *r, PgQuery__AlterTableCmd *cmd, bool recurse,
                       bool top)
{
    struct cat_column *col = catalog_find_column(r, cmd->name);
    if (!col) {
        if (cmd->missing_ok) {
            sim_notice(s);
            return 0;
        }
        return sim_error(s, -1, "42703", "column \"%s\" of relation \"%s\" does not exist",
                         cmd->name, r->name);
    }
    if (top && col->inhcount > 0 && (!col->islocal || r->partparent))
        return sim_error(s, -1, "42P16", "cannot drop inherited column \"%s\"", col->name);
    if (in_partition_key(r, col->attnum))
        return sim_error(
            s, -1, "42P16",
            "cannot drop column \"%s\" because it is part of the partition key of relation \"%s\"",
            col->name, r->name);
    bool cascade = cmd->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE;
    if (recurse) {
        struct cat_rel **kids;
        uint32_t nk = children_of(s, r, &kids);
        for (uint32_t i = 0; i < nk; i++) {
            struct cat_column *kc = catalog_find_column(kids[i], cmd->name);
            if (!kc)
                continue;
            if (kc->inhcount <= 1 && (!kc->islocal || kids[i]->partparent)) {
                if (drop_column(s, kids[i], cmd, true, false) != 0)
                    return -1;
            } else {
                CAT_SET(s->cat, kc->inhcount, (int16_t)(kc->inhcount - 1));
            }
        }
    }
    const char *name = col->name;
    if (sim_drop_column(s, col, cascade, -1) != 0)
        return -1;
    sim_lock_rel(s, r, SIM_ACCESS_EXCLUSIVE);
    sim_object(s, SIM_ALTERED, CAT_REL, r->relkind, r->schema->name, r->name, NULL, r);
    s->eff->objects[s->eff->nobjects - 1].column = name;
    return 0;
}

static void propagate_check(struct sim *s, struct cat_rel *r, struct cat_constraint *k)
{
    struct cat_rel **kids;
    uint32_t nk = children_of(s, r, &kids);
    for (uint32_t i = 0; i < nk; i++) {
        struct cat_rel *c = kids[i];
        struct cat_constraint *old = catalog_find_constraint(c, k->name);
        if (old) {
            CAT_SET(s->cat, old->inhcount, (int16_t)(old->inhcount + 1));
            continue;
        }
        struct cat_constraint *nk2 =
            catalog_add_constraint(s->cat, c, NULL, k->name, CAT_CON_CHECK);
        nk2->expr = sim_copy_expr(s, k->expr, r, c, NULL);
        nk2->validated = k->validated;
        nk2->islocal = false;
        nk2->inhcount = 1;
        nk2->parent = k;
        sim_register_constraint_name(s, nk2);
        catalog_add_dep(s->cat, &nk2->obj, 0, CAT_ROLE_OBJECT, &c->obj, 0, CAT_DEP_AUTO);
        sim_add_expr_deps(s, &nk2->obj, 0, CAT_ROLE_OBJECT, nk2->expr, CAT_DEP_AUTO);
        propagate_check(s, c, nk2);
    }
}

static int add_constraint(struct sim *s, struct cat_rel *r, PgQuery__Constraint *con, bool recurse)
{
    struct con_list cons = {0};
    if (con->contype == PG_QUERY__CONSTR_TYPE__CONSTR_CHECK) {
        struct cat_constraint *k;
        if (sim_add_check(s, r, con, NULL, 0, false, &k) != 0)
            return -1;
        struct sim_lock *l = sim_lock_rel(s, r, SIM_ACCESS_EXCLUSIVE);
        if (k->validated)
            l->scan = true;
        if (recurse && !k->noinherit)
            propagate_check(s, r, k);
        else if (!recurse && r->relkind == CAT_RELKIND_PARTITIONED && !k->noinherit)
            return sim_error(s, -1, "42P16", "constraint must be added to child tables too");
        return 0;
    }
    if (con->contype == PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL) {
        return 0;
    }
    sim_con_push(s, &cons, con, NULL);
    cons.only = !recurse;
    if (con->contype == PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN) {
        if (!recurse && r->relkind == CAT_RELKIND_PARTITIONED && con->pktable) {
            /* checked once the referenced table is open (a missing one
             * reports 42P01 first) */
            struct cat_rel *pk = sim_find_rel(s, con->pktable, false);
            if (!pk)
                return -1;
            return sim_error(s, -1, "42809",
                             "cannot use ONLY for foreign key on partitioned table \"%s\" "
                             "referencing relation \"%s\"",
                             r->name, pk->name);
        }
        struct cat_constraint *k;
        if (sim_add_fk(s, r, con, NULL, NULL, 0, false, &k) != 0)
            return -1;
        if (r->relkind == CAT_RELKIND_PARTITIONED)
            sim_clone_fk_to_partitions(s, r, k);
        return 0;
    }
    sim_lock_rel(s, r, SIM_ACCESS_EXCLUSIVE);
    if (sim_apply_constraints(s, r, &cons, false) != 0)
        return -1;
    if (recurse && con->contype == PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY) {
        /* PostgreSQL 15 makes the key columns NOT NULL with SET NOT NULL,
         * which recurses: every inheritance child and partition gets it */
        struct cat_rel **kids;
        uint32_t nk = children_of(s, r, &kids);
        for (uint32_t i = 0; i < r->indexes.n; i++) {
            struct cat_rel *ix = r->indexes.items[i];
            struct cat_indexinfo *ii = ix->index;
            if (ix->obj.dropped || !ii->primary)
                continue;
            for (uint32_t a = 0; a < ii->nkeyatts; a++) {
                struct cat_column *col = catalog_column_by_attnum(r, ii->attnums[a]);
                for (uint32_t k = 0; col && k < nk; k++)
                    if (catalog_find_column(kids[k], col->name) &&
                        set_not_null(s, kids[k], col->name, true, true) != 0)
                        return -1;
            }
        }
    }
    return 0;
}

static struct cat_constraint *need_constraint(struct sim *s, struct cat_rel *r, const char *name,
                                              bool missing_ok)
{
    struct cat_constraint *k = catalog_find_constraint(r, name);
    if (!k && !missing_ok)
        sim_error(s, -1, "42704", "constraint \"%s\" of relation \"%s\" does not exist", name,
                  r->name);
    return k;
}

static int drop_constraint(struct sim *s, struct cat_rel *r, PgQuery__AlterTableCmd *cmd,
                           bool recurse)
{
    struct cat_constraint *k = need_constraint(s, r, cmd->name, cmd->missing_ok);
    if (!k) {
        if (cmd->missing_ok && !s->eff->sqlstate) {
            sim_notice(s);
            return 0;
        }
        return -1;
    }
    if (k->inhcount > 0 && !k->islocal)
        return sim_error(s, -1, "42P16",
                         "cannot drop inherited constraint \"%s\" of relation \"%s\"", k->name,
                         r->name);
    bool cascade = cmd->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE;
    /* children's copies of an inherited CHECK */
    if (k->contype == CAT_CON_CHECK && recurse) {
        struct cat_rel **kids;
        uint32_t nk = children_of(s, r, &kids);
        for (uint32_t i = 0; i < nk; i++) {
            struct cat_constraint *ck = catalog_find_constraint(kids[i], k->name);
            if (!ck || ck->contype != CAT_CON_CHECK)
                continue;
            if (ck->inhcount <= 1 && !ck->islocal) {
                PgQuery__AlterTableCmd copy = *cmd;
                CAT_SET(s->cat, ck->inhcount, 0);
                CAT_SET(s->cat, ck->islocal, true);
                if (drop_constraint(s, kids[i], &copy, true) != 0)
                    return -1;
            } else {
                CAT_SET(s->cat, ck->inhcount, (int16_t)(ck->inhcount - 1));
                if (ck->inhcount == 0)
                    CAT_SET(s->cat, ck->islocal, true);
            }
        }
    }
    /* cloned copies on partitions (FKs, index constraints) go with it */
    if (r->relkind == CAT_RELKIND_PARTITIONED && k->contype == CAT_CON_FOREIGN) {
        for (uint32_t p = 0; p < r->partitions.n; p++) {
            struct cat_rel *part = r->partitions.items[p];
            for (uint32_t i = 0; i < part->constraints.n; i++) {
                struct cat_constraint *ck = part->constraints.items[i];
                if (!ck->obj.dropped && ck->parent == k) {
                    CAT_SET(s->cat, ck->inhcount, 0);
                    CAT_SET(s->cat, ck->islocal, true);
                }
            }
        }
    }
    if (sim_drop(s, &k->obj, cascade, -1) != 0)
        return -1;
    if (k->index && k->contype != CAT_CON_FOREIGN && !k->index->obj.dropped)
        sim_drop(s, &k->index->obj, true, -1);
    struct sim_lock *l = sim_lock_rel(s, r, SIM_ACCESS_EXCLUSIVE);
    (void)l;
    if (k->contype == CAT_CON_FOREIGN && k->ref_rel)
        sim_lock_rel(s, k->ref_rel, SIM_ACCESS_EXCLUSIVE);
    return 0;
}

static int validate_constraint(struct sim *s, struct cat_rel *r, const char *name)
{
    struct cat_constraint *k = need_constraint(s, r, name, false);
    if (!k)
        return -1;
    if (k->contype != CAT_CON_CHECK && k->contype != CAT_CON_FOREIGN)
        return sim_error(
            s, -1, "42809",
            "constraint \"%s\" of relation \"%s\" is not a foreign key or check constraint", name,
            r->name);
    struct sim_lock *l = sim_lock_rel(s, r, SIM_SHARE_UPDATE_EXCLUSIVE);
    if (!k->validated)
        l->scan = true;
    if (k->contype == CAT_CON_FOREIGN && k->ref_rel)
        sim_lock_rel(s, k->ref_rel, SIM_ROW_SHARE);
    CAT_SET(s->cat, k->validated, true);
    /* partitions' copies too */
    struct cat_rel **kids;
    uint32_t nk = children_of(s, r, &kids);
    for (uint32_t i = 0; i < nk; i++) {
        struct cat_constraint *ck = catalog_find_constraint(kids[i], name);
        if (ck && !ck->validated)
            validate_constraint(s, kids[i], name);
    }
    return 0;
}

static int alter_constraint(struct sim *s, struct cat_rel *r, PgQuery__Constraint *con)
{
    struct cat_constraint *k = need_constraint(s, r, con->conname, false);
    if (!k)
        return -1;
    if (k->contype != CAT_CON_FOREIGN)
        return sim_error(s, -1, "42809",
                         "constraint \"%s\" of relation \"%s\" is not a foreign key constraint",
                         k->name, r->name);
    CAT_SET(s->cat, k->deferrable, con->deferrable);
    CAT_SET(s->cat, k->deferred, con->initdeferred);
    for (uint32_t p = 0; p < r->partitions.n; p++) {
        struct cat_rel *part = r->partitions.items[p];
        for (uint32_t i = 0; i < part->constraints.n; i++) {
            struct cat_constraint *ck = part->constraints.items[i];
            if (!ck->obj.dropped && ck->parent == k) {
                CAT_SET(s->cat, ck->deferrable, con->deferrable);
                CAT_SET(s->cat, ck->deferred, con->initdeferred);
            }
        }
    }
    sim_lock_rel(s, r, SIM_ACCESS_EXCLUSIVE);
    return 0;
}

static int identity_cmd(struct sim *s, struct cat_rel *r, PgQuery__AlterTableCmd *cmd, bool recurse)
{
    struct cat_column *col = need_column(s, r, cmd->name);
    if (!col)
        return -1;
    struct catalog *c = s->cat;
    switch (cmd->subtype) {
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AddIdentity: {
        PgQuery__Constraint *con = cmd->def->constraint;
        if (!col->notnull)
            return sim_error(s, -1, "55000",
                             "column \"%s\" of relation \"%s\" must be declared NOT NULL before "
                             "identity can be added",
                             col->name, r->name);
        if (col->identity)
            return sim_error(s, -1, "55000",
                             "column \"%s\" of relation \"%s\" is already an identity column",
                             col->name, r->name);
        if (col->default_expr)
            return sim_error(s, -1, "55000",
                             "column \"%s\" of relation \"%s\" already has a default value",
                             col->name, r->name);
        char kind = con->generated_when && con->generated_when[0] == 'a' ? 'a' : 'd';
        if (sim_make_identity(s, r, col, kind, con->options, con->n_options) != 0)
            return -1;
        break;
    }
    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetIdentity: {
        if (!col->identity)
            return sim_error(s, -1, "55000",
                             "column \"%s\" of relation \"%s\" is not an identity column",
                             col->name, r->name);
        PgQuery__Node *def = cmd->def;
        PgQuery__Node **opts = NULL;
        size_t n = 0;
        if (def && def->node_case == PG_QUERY__NODE__NODE_LIST) {
            opts = def->list->items;
            n = def->list->n_items;
        }
        PgQuery__Node **seqopts = arena_alloc(s->arena, sizeof *seqopts * (n + 1));
        size_t ns = 0;
        for (size_t i = 0; i < n; i++) {
            PgQuery__DefElem *d = opts[i]->def_elem;
            if (strcmp(d->defname, "generated") == 0) {
                int v = d->arg && d->arg->node_case == PG_QUERY__NODE__NODE_INTEGER
                            ? d->arg->integer->ival
                            : 'a';
                CAT_SET(c, col->identity, (char)v);
            } else if (strcmp(d->defname, "restart") != 0) {
                seqopts[ns++] = opts[i];
            }
        }
        if (col->identity_seq &&
            sim_seq_options(s, col->identity_seq->seq, seqopts, ns, false, col->identity_seq) != 0)
            return -1;
        break;
    }
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropIdentity:
        if (!col->identity) {
            if (cmd->missing_ok) {
                sim_notice(s);
                return 0;
            }
            return sim_error(s, -1, "55000",
                             "column \"%s\" of relation \"%s\" is not an identity column",
                             col->name, r->name);
        }
        if (col->identity_seq) {
            catalog_kill_deps(c, &col->identity_seq->obj, -1, -1);
            catalog_drop_obj(c, &col->identity_seq->obj);
            if (col->identity_seq->rowtype)
                catalog_drop_obj(c, &col->identity_seq->rowtype->obj);
        }
        CAT_SET(c, col->identity, 0);
        CAT_SET(c, col->identity_seq, NULL);
        break;
    default:
        break;
    }
    sim_lock_rel(s, r, SIM_ACCESS_EXCLUSIVE);
    (void)recurse;
    return 0;
}

static struct cat_trigger **triggers_matching(struct sim *s, struct cat_rel *r, const char *name,
                                              int which, uint32_t *n)
{
    struct cat_trigger **v = arena_alloc(s->arena, sizeof *v * (r->triggers.n + 1));
    *n = 0;
    for (uint32_t i = 0; i < r->triggers.n; i++) {
        struct cat_trigger *t = r->triggers.items[i];
        if (t->obj.dropped)
            continue;
        if (which == 0 && strcmp(t->name, name) != 0)
            continue;
        if (which == 2 && t->constraint)
            continue;
        v[(*n)++] = t;
    }
    return v;
}

static int enable_trigger(struct sim *s, struct cat_rel *r, PgQuery__AlterTableCmd *cmd)
{
    int which = 0; /* 0 by name, 1 ALL, 2 USER */
    char state = 'O';
    switch (cmd->subtype) {
    case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableTrig:
        state = 'O';
        break;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableAlwaysTrig:
        state = 'A';
        break;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableReplicaTrig:
        state = 'R';
        break;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableTrig:
        state = 'D';
        break;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableTrigAll:
        which = 1;
        break;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableTrigAll:
        which = 1;
        state = 'D';
        break;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableTrigUser:
        which = 2;
        break;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableTrigUser:
        which = 2;
        state = 'D';
        break;
    default:
        break;
    }
    uint32_t n;
    struct cat_trigger **ts = triggers_matching(s, r, cmd->name, which, &n);
    if (which == 0 && n == 0)
        return sim_error(s, -1, "42704", "trigger \"%s\" for table \"%s\" does not exist",
                         cmd->name, r->name);
    for (uint32_t i = 0; i < n; i++) {
        CAT_SET(s->cat, ts[i]->enabled, state);
        /* partitions' clones follow */
        for (uint32_t p = 0; p < r->partitions.n; p++) {
            struct cat_rel *part = r->partitions.items[p];
            for (uint32_t k = 0; k < part->triggers.n; k++) {
                struct cat_trigger *ct = part->triggers.items[k];
                if (!ct->obj.dropped && ct->parent == ts[i])
                    CAT_SET(s->cat, ct->enabled, state);
            }
        }
    }
    sim_lock_rel(s, r, SIM_SHARE_ROW_EXCLUSIVE);
    return 0;
}

static int replica_identity(struct sim *s, struct cat_rel *r, PgQuery__ReplicaIdentityStmt *ri)
{
    char t = ri->identity_type && *ri->identity_type ? ri->identity_type[0] : 'd';
    struct cat_rel *ix = NULL;
    if (t == 'i') {
        ix = hashmap_get(&r->schema->rels, ri->name);
        if (!ix || !ix->index)
            return sim_error(s, -1, "42704", "index \"%s\" for table \"%s\" does not exist",
                             ri->name, r->name);
        if (ix->index->table != r)
            return sim_error(s, -1, "42809", "\"%s\" is not an index for table \"%s\"", ix->name,
                             r->name);
        if (!ix->index->unique)
            return sim_error(s, -1, "42809",
                             "cannot use non-unique index \"%s\" as replica identity", ix->name);
        if (ix->index->predicate)
            return sim_error(s, -1, "42809", "cannot use partial index \"%s\" as replica identity",
                             ix->name);
        for (uint32_t k = 0; k < ix->index->nkeyatts; k++) {
            struct cat_column *col = catalog_column_by_attnum(r, ix->index->attnums[k]);
            if (!col)
                return sim_error(s, -1, "0A000",
                                 "index \"%s\" cannot be used as replica identity because column "
                                 "%d is a system column",
                                 ix->name, k + 1);
            if (!col->notnull)
                return sim_error(s, -1, "42809",
                                 "index \"%s\" cannot be used as replica identity because column "
                                 "\"%s\" is nullable",
                                 ix->name, col->name);
        }
    }
    CAT_SET(s->cat, r->replident, t);
    CAT_SET(s->cat, r->replident_index, ix);
    sim_lock_rel(s, r, SIM_ACCESS_EXCLUSIVE);
    return 0;
}

static int inherit_cmd(struct sim *s, struct cat_rel *r, PgQuery__AlterTableCmd *cmd, bool add)
{
    struct cat_rel *p = sim_find_rel(s, cmd->def->range_var, false);
    if (!p)
        return -1;
    if (add) {
        if (p == r)
            return sim_error(s, -1, "42P07", "circular inheritance not allowed");
        if (p->relkind == CAT_RELKIND_PARTITIONED || r->partparent)
            return sim_error(s, -1, "42809", "cannot inherit from partitioned table \"%s\"",
                             p->name);
        for (uint32_t i = 0; i < p->columns.n; i++) {
            struct cat_column *pc = p->columns.items[i];
            if (pc->dropped)
                continue;
            struct cat_column *cc = catalog_find_column(r, pc->name);
            if (!cc)
                return sim_error(s, -1, "42804", "child table is missing column \"%s\"", pc->name);
            if (cc->type.type != pc->type.type || cc->type.typmod != pc->type.typmod)
                return sim_error(s, -1, "42804",
                                 "child table \"%s\" has different type for column \"%s\"", r->name,
                                 pc->name);
            CAT_SET(s->cat, cc->inhcount, (int16_t)(cc->inhcount + 1));
        }
        for (uint32_t i = 0; i < p->constraints.n; i++) {
            struct cat_constraint *k = p->constraints.items[i];
            if (k->obj.dropped || k->contype != CAT_CON_CHECK || k->noinherit)
                continue;
            struct cat_constraint *ck = catalog_find_constraint(r, k->name);
            if (!ck)
                return sim_error(s, -1, "42804", "child table is missing constraint \"%s\"",
                                 k->name);
            CAT_SET(s->cat, ck->inhcount, (int16_t)(ck->inhcount + 1));
        }
        catalog_vec_push(s->cat, &r->inherits, p);
        catalog_add_dep(s->cat, &r->obj, 0, CAT_ROLE_OBJECT, &p->obj, 0, CAT_DEP_NORMAL);
    } else {
        bool found = false;
        for (uint32_t i = 0; i < r->inherits.n; i++)
            found |= r->inherits.items[i] == p;
        if (!found)
            return sim_error(s, -1, "42P01", "relation \"%s\" is not a parent of relation \"%s\"",
                             p->name, r->name);
        catalog_vec_remove(s->cat, &r->inherits, p);
        for (uint32_t i = 0; i < r->obj.depends_on.n; i++) {
            struct cat_dep *d = r->obj.depends_on.items[i];
            if (!d->dead && d->referenced == &p->obj)
                CAT_SET(s->cat, d->dead, true);
        }
        for (uint32_t i = 0; i < r->columns.n; i++) {
            struct cat_column *cc = r->columns.items[i];
            if (cc->dropped || !catalog_find_column(p, cc->name))
                continue;
            CAT_SET(s->cat, cc->inhcount, (int16_t)(cc->inhcount > 0 ? cc->inhcount - 1 : 0));
            CAT_SET(s->cat, cc->islocal, true);
        }
        for (uint32_t i = 0; i < r->constraints.n; i++) {
            struct cat_constraint *ck = r->constraints.items[i];
            if (ck->obj.dropped || ck->contype != CAT_CON_CHECK)
                continue;
            struct cat_constraint *pk = catalog_find_constraint(p, ck->name);
            if (!pk)
                continue;
            CAT_SET(s->cat, ck->inhcount, (int16_t)(ck->inhcount > 0 ? ck->inhcount - 1 : 0));
            CAT_SET(s->cat, ck->islocal, true);
            CAT_SET(s->cat, ck->parent, NULL);
        }
    }
    sim_lock_rel(s, r, SIM_ACCESS_EXCLUSIVE);
    sim_lock_rel(s, p, SIM_SHARE_UPDATE_EXCLUSIVE);
    return 0;
}

/* "ALTER action X cannot be performed on relation" for the wrong relkind. */
static int kind_ok(struct sim *s, struct cat_rel *r, PgQuery__AlterTableCmd *cmd)
{
    bool table = sim_rel_is_table(r) || r->relkind == CAT_RELKIND_FOREIGN;
    bool ok = true;
    const char *action = NULL;
    switch (cmd->subtype) {
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumn:
        ok = table || r->relkind == CAT_RELKIND_COMPOSITE;
        action = "ADD COLUMN";
        break;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropColumn:
        ok = table || r->relkind == CAT_RELKIND_COMPOSITE;
        action = "DROP COLUMN";
        break;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AlterColumnType:
        ok = table || r->relkind == CAT_RELKIND_COMPOSITE;
        action = "ALTER COLUMN ... SET DATA TYPE";
        break;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraint:
        ok = table;
        action = "ADD CONSTRAINT";
        break;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetNotNull:
        ok = table;
        action = "ALTER COLUMN ... SET NOT NULL";
        break;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropNotNull:
        ok = table;
        action = "ALTER COLUMN ... DROP NOT NULL";
        break;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_ColumnDefault:
        ok = table || r->relkind == CAT_RELKIND_VIEW;
        action = "ALTER COLUMN ... SET DEFAULT";
        break;
    default:
        return 0;
    }
    if (ok)
        return 0;
    const char *kind =
        r->relkind == CAT_RELKIND_VIEW      ? "views"
        : r->relkind == CAT_RELKIND_MATVIEW ? "materialized views"
        : r->relkind == CAT_RELKIND_INDEX || r->relkind == CAT_RELKIND_PARTITIONED_INDEX ? "indexes"
        : r->relkind == CAT_RELKIND_SEQUENCE ? "sequences"
                                             : "this relation kind";
    sim_error(s, -1, "42809", "ALTER action %s cannot be performed on relation \"%s\"", action,
              r->name);
    return sim_error_detail(
        s, arena_printf(s->arena, "This operation is not supported for %s.", kind));
}

static int alter_cmd(struct sim *s, struct cat_rel *r, PgQuery__AlterTableCmd *cmd, bool recurse)
{
    if (kind_ok(s, r, cmd) != 0)
        return -1;
    struct catalog *c = s->cat;
    switch (cmd->subtype) {
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumn:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumnRecurse: {
        PgQuery__ColumnDef *cd = cmd->def->column_def;
        if (catalog_find_column(r, cd->colname) && cmd->missing_ok) {
            sim_notice(s);
            return 0;
        }
        if (r->relkind == CAT_RELKIND_PARTITIONED || r->partitions.n) {
            for (size_t i = 0; i < cd->n_constraints; i++) {
                PgQuery__Constraint *k = cd->constraints[i]->constraint;
                if (k->contype == PG_QUERY__CONSTR_TYPE__CONSTR_IDENTITY)
                    return sim_error(s, -1, "0A000",
                                     "cannot add identity column to a partitioned table");
            }
        }
        if (r->partparent)
            return sim_error(s, -1, "42P16", "cannot add column to a partition");
        struct con_list cons = {0};
        struct cat_column *col;
        struct sim_lock *l = sim_lock_rel(s, r, SIM_ACCESS_EXCLUSIVE);
        (void)l;
        if (sim_add_column_def(s, r, cd, &cons, false, &col) != 0)
            return -1;
        if (sim_data_add_column(s, r, col) != 0)
            return -1;
        if (sim_apply_constraints(s, r, &cons, false) != 0)
            return -1;
        if (col->generated || (col->type.type && col->type.type->typtype == CAT_TYPE_DOMAIN &&
                               col->type.type->constraints.n)) {
            l = sim_lock_rel(s, r, SIM_ACCESS_EXCLUSIVE);
            l->rewrite = true;
        }
        if (r->rowtype) {
            /* nothing: the row type follows the columns */
        }
        sim_object(s, SIM_ALTERED, CAT_REL, r->relkind, r->schema->name, r->name, NULL, r);
        s->eff->objects[s->eff->nobjects - 1].column = col->name;
        if (recurse) {
            struct cat_rel **kids;
            uint32_t nk = children_of(s, r, &kids);
            for (uint32_t i = 0; i < nk; i++) {
                struct cat_column *kc = catalog_find_column(kids[i], cd->colname);
                if (kc) {
                    CAT_SET(c, kc->inhcount, (int16_t)(kc->inhcount + 1));
                    continue;
                }
                struct cat_column *nc = catalog_add_column(c, kids[i], col->name, col->type);
                nc->notnull = col->notnull;
                nc->collation = col->collation;
                nc->islocal = false;
                nc->inhcount = 1;
                sim_column_type_dep(s, nc);
                if (col->generated) {
                    nc->generated = col->generated;
                    nc->default_expr = sim_copy_expr(s, col->default_expr, r, kids[i], NULL);
                } else if (col->default_expr) {
                    sim_set_default(s, nc, sim_copy_expr(s, col->default_expr, r, kids[i], NULL));
                }
                sim_lock_rel(s, kids[i], SIM_ACCESS_EXCLUSIVE);
                if (sim_data_add_column(s, kids[i], nc) != 0)
                    return -1;
                /* grandchildren */
                struct cat_rel **gk;
                uint32_t ng = children_of(s, kids[i], &gk);
                for (uint32_t g = 0; g < ng; g++) {
                    if (catalog_find_column(gk[g], col->name))
                        continue;
                    struct cat_column *gc = catalog_add_column(c, gk[g], col->name, col->type);
                    gc->notnull = col->notnull;
                    gc->islocal = false;
                    gc->inhcount = 1;
                    sim_column_type_dep(s, gc);
                    if (col->default_expr && !col->generated)
                        sim_set_default(s, gc, sim_copy_expr(s, col->default_expr, r, gk[g], NULL));
                }
            }
        }
        return 0;
    }
    case PG_QUERY__ALTER_TABLE_TYPE__AT_ColumnDefault:
        return column_default(s, r, cmd, recurse);
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropNotNull:
        return set_not_null(s, r, cmd->name, false, recurse);
    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetNotNull:
        return set_not_null(s, r, cmd->name, true, recurse);
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropExpression: {
        struct cat_column *col = need_column(s, r, cmd->name);
        if (!col)
            return -1;
        if (!col->generated) {
            if (cmd->missing_ok) {
                sim_notice(s);
                return 0;
            }
            return sim_error(s, -1, "55000",
                             "column \"%s\" of relation \"%s\" is not a stored generated column",
                             col->name, r->name);
        }
        catalog_kill_deps(c, &r->obj, col->attnum, CAT_ROLE_GENERATION);
        CAT_SET(c, col->generated, 0);
        CAT_SET(c, col->default_expr, NULL);
        sim_column_type_dep(s, col);
        sim_lock_rel(s, r, SIM_ACCESS_EXCLUSIVE);
        if (recurse) {
            struct cat_rel **kids;
            uint32_t nk = children_of(s, r, &kids);
            for (uint32_t i = 0; i < nk; i++) {
                struct cat_column *kc = catalog_find_column(kids[i], cmd->name);
                if (kc && kc->generated) {
                    CAT_SET(c, kc->generated, 0);
                    CAT_SET(c, kc->default_expr, NULL);
                }
            }
        }
        return 0;
    }
    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetStatistics: {
        if (r->index) {
            sim_lock_rel(s, r, SIM_SHARE_UPDATE_EXCLUSIVE);
            return 0;
        }
        struct cat_column *col = need_column(s, r, cmd->name);
        if (!col)
            return -1;
        int64_t v = -1;
        if (cmd->def && cmd->def->node_case == PG_QUERY__NODE__NODE_INTEGER)
            v = cmd->def->integer->ival;
        if (v > 10000)
            v = 10000;
        CAT_SET(c, col->statistics, (int32_t)v);
        sim_lock_rel(s, r, SIM_SHARE_UPDATE_EXCLUSIVE);
        return 0;
    }
    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetOptions:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_ResetOptions:
        if (!need_column(s, r, cmd->name))
            return -1;
        sim_lock_rel(s, r, SIM_SHARE_UPDATE_EXCLUSIVE);
        return 0;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetStorage: {
        struct cat_column *col = need_column(s, r, cmd->name);
        if (!col)
            return -1;
        const char *v = sim_strval(cmd->def);
        if (v)
            CAT_SET(c, col->storage, v[0]);
        sim_lock_rel(s, r, SIM_ACCESS_EXCLUSIVE);
        return 0;
    }
    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetCompression:
        if (!need_column(s, r, cmd->name))
            return -1;
        sim_lock_rel(s, r, SIM_ACCESS_EXCLUSIVE);
        return 0;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropColumn:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropColumnRecurse:
        return drop_column(s, r, cmd, recurse, true);
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraint:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraintRecurse:
        if (!cmd->def || cmd->def->node_case != PG_QUERY__NODE__NODE_CONSTRAINT)
            return 0;
        return add_constraint(s, r, cmd->def->constraint, recurse);
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AlterConstraint:
        return alter_constraint(s, r, cmd->def->constraint);
    case PG_QUERY__ALTER_TABLE_TYPE__AT_ValidateConstraint:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_ValidateConstraintRecurse:
        return validate_constraint(s, r, cmd->name);
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropConstraint:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropConstraintRecurse:
        return drop_constraint(s, r, cmd, recurse);
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AlterColumnType:
        return alter_column_type(s, r, cmd, recurse);
    case PG_QUERY__ALTER_TABLE_TYPE__AT_ChangeOwner:
        sim_lock_rel(s, r, SIM_ACCESS_EXCLUSIVE);
        return sim_role_spec_check(s, cmd->newowner);
    case PG_QUERY__ALTER_TABLE_TYPE__AT_ClusterOn: {
        struct cat_rel *ix = hashmap_get(&r->schema->rels, cmd->name);
        if (!ix || !ix->index || ix->index->table != r)
            return sim_error(s, -1, "42704", "index \"%s\" for table \"%s\" does not exist",
                             cmd->name, r->name);
        for (uint32_t i = 0; i < r->indexes.n; i++) {
            struct cat_rel *other = r->indexes.items[i];
            if (other->index->clustered)
                CAT_SET(c, other->index->clustered, false);
        }
        CAT_SET(c, ix->index->clustered, true);
        sim_lock_rel(s, r, SIM_SHARE_UPDATE_EXCLUSIVE);
        return 0;
    }
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropCluster:
        for (uint32_t i = 0; i < r->indexes.n; i++) {
            struct cat_rel *other = r->indexes.items[i];
            if (other->index->clustered)
                CAT_SET(c, other->index->clustered, false);
        }
        sim_lock_rel(s, r, SIM_SHARE_UPDATE_EXCLUSIVE);
        return 0;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetLogged:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetUnLogged: {
        char p = cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_SetLogged ? 'p' : 'u';
        if (r->persistence == 't')
            return sim_error(s, -1, "42P16",
                             "cannot change logged status of table \"%s\" because it is temporary",
                             r->name);
        if (r->relkind == CAT_RELKIND_PARTITIONED)
            return sim_error(s, -1, "0A000", "cannot change logged status of partitioned table");
        if (r->persistence != p) {
            struct sim_lock *l = sim_lock_rel(s, r, SIM_ACCESS_EXCLUSIVE);
            l->rewrite = true;
            CAT_SET(c, r->persistence, p);
            for (uint32_t i = 0; i < r->indexes.n; i++)
                CAT_SET(c, ((struct cat_rel *)r->indexes.items[i])->persistence, p);
            for (uint32_t i = 0; i < r->columns.n; i++) {
                struct cat_column *col = r->columns.items[i];
                if (col->identity_seq)
                    CAT_SET(c, col->identity_seq->persistence, p);
            }
        }
        sim_lock_rel(s, r, SIM_ACCESS_EXCLUSIVE);
        return 0;
    }
    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetAccessMethod: {
        struct sim_lock *l = sim_lock_rel(s, r, SIM_ACCESS_EXCLUSIVE);
        l->rewrite = true;
        CAT_SET(c, r->access_method, cmd->name);
        return 0;
    }
    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetTableSpace: {
        struct sim_lock *l = sim_lock_rel(s, r, SIM_ACCESS_EXCLUSIVE);
        l->rewrite = true;
        return 0;
    }
    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetRelOptions:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_ResetRelOptions:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_ReplaceRelOptions: {
        bool reset = cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_ResetRelOptions;
        PgQuery__Node **opts = NULL;
        size_t n = 0;
        if (cmd->def && cmd->def->node_case == PG_QUERY__NODE__NODE_LIST) {
            opts = cmd->def->list->items;
            n = cmd->def->list->n_items;
        }
        const char **old = r->index ? r->index->reloptions : r->reloptions;
        if (cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_ReplaceRelOptions)
            old = NULL;
        const char **nv = sim_reloptions(s, old, opts, n, reset);
        if (r->index)
            CAT_SET(c, r->index->reloptions, nv);
        else
            CAT_SET(c, r->reloptions, nv);
        bool view = r->relkind == CAT_RELKIND_VIEW;
        sim_lock_rel(s, r, view ? SIM_ACCESS_EXCLUSIVE : SIM_SHARE_UPDATE_EXCLUSIVE);
        return 0;
    }
    case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableTrig:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableAlwaysTrig:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableReplicaTrig:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableTrig:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableTrigAll:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableTrigAll:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableTrigUser:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableTrigUser:
        return enable_trigger(s, r, cmd);
    case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableRule:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableAlwaysRule:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableReplicaRule:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableRule:
        sim_lock_rel(s, r, SIM_ACCESS_EXCLUSIVE);
        return 0;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AddInherit:
        return inherit_cmd(s, r, cmd, true);
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropInherit:
        return inherit_cmd(s, r, cmd, false);
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AddOf:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropOf:
        sim_lock_rel(s, r, SIM_ACCESS_EXCLUSIVE);
        if (cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_DropOf)
            CAT_SET(c, r->of_type, NULL);
        return 0;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_ReplicaIdentity:
        return replica_identity(s, r, cmd->def->replica_identity_stmt);
    case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableRowSecurity:
        CAT_SET(c, r->rls_enabled, true);
        sim_lock_rel(s, r, SIM_ACCESS_EXCLUSIVE);
        return 0;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableRowSecurity:
        CAT_SET(c, r->rls_enabled, false);
        sim_lock_rel(s, r, SIM_ACCESS_EXCLUSIVE);
        return 0;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_ForceRowSecurity:
        CAT_SET(c, r->rls_forced, true);
        sim_lock_rel(s, r, SIM_ACCESS_EXCLUSIVE);
        return 0;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_NoForceRowSecurity:
        CAT_SET(c, r->rls_forced, false);
        sim_lock_rel(s, r, SIM_ACCESS_EXCLUSIVE);
        return 0;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AttachPartition: {
        PgQuery__PartitionCmd *pc = cmd->def->partition_cmd;
        if (r->index) {
            /* ALTER INDEX parent ATTACH PARTITION child_index */
            if (r->relkind != CAT_RELKIND_PARTITIONED_INDEX) {
                sim_error(s, -1, "42809",
                          "ALTER action ATTACH PARTITION cannot be performed on relation \"%s\"",
                          r->name);
                return sim_error_detail(s, "This operation is not supported for indexes.");
            }
            struct cat_rel *cix = sim_find_rel(s, pc->name, false);
            if (!cix)
                return -1;
            if (!cix->index)
                return sim_error(s, -1, "42809", "\"%s\" is not an index", cix->name);
            return sim_attach_index(s, r, cix);
        }
        struct cat_rel *child = sim_find_rel(s, pc->name, false);
        if (!child)
            return -1;
        if (r->relkind != CAT_RELKIND_PARTITIONED)
            return sim_error(s, -1, "42P17", "table \"%s\" is not partitioned", r->name);
        if (!sim_rel_is_table(child))
            return sim_error(s, -1, "42809", "\"%s\" is not a table", child->name);
        return sim_attach_partition(s, r, child, pc->bound, false);
    }
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DetachPartition: {
        PgQuery__PartitionCmd *pc = cmd->def->partition_cmd;
        if (pc->concurrent && s->in_tx)
            return sim_error(
                s, -1, "25001",
                "ALTER TABLE ... DETACH CONCURRENTLY cannot run inside a transaction block");
        struct cat_rel *child = sim_find_rel(s, pc->name, false);
        if (!child)
            return -1;
        if (r->relkind != CAT_RELKIND_PARTITIONED)
            return sim_error(s, -1, "42P17", "table \"%s\" is not partitioned", r->name);
        s->eff->concurrently = pc->concurrent;
        if (sim_detach_partition(s, r, child) != 0)
            return -1;
        sim_lock_rel(s, r, pc->concurrent ? SIM_SHARE_UPDATE_EXCLUSIVE : SIM_ACCESS_EXCLUSIVE);
        sim_lock_rel(s, child, SIM_ACCESS_EXCLUSIVE);
        return 0;
    }
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DetachPartitionFinalize:
        sim_lock_rel(s, r, SIM_SHARE_UPDATE_EXCLUSIVE);
        return 0;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AddIdentity:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetIdentity:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropIdentity:
        return identity_cmd(s, r, cmd, recurse);
    case PG_QUERY__ALTER_TABLE_TYPE__AT_GenericOptions:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AlterColumnGenericOptions:
        sim_lock_rel(s, r, SIM_ACCESS_EXCLUSIVE);
        return 0;
    default:
        s->eff->simulated = false;
        s->eff->not_simulated = "this ALTER TABLE subcommand is not simulated";
        return 0;
    }
}

/* AlterTablePass of PostgreSQL 15's ATPrepCmd, compressed to the passes
 * that matter for the catalog: 0 drop, 1 alter type, 2 add column, 3 column
 * attributes, 4 add index, 5 add constraint, 6 misc. */
static int alter_pass(const PgQuery__AlterTableCmd *cmd)
{
    switch (cmd->subtype) {
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropColumn:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropColumnRecurse:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropConstraint:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropConstraintRecurse:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropNotNull:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropExpression:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropIdentity:
        return 0;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AlterColumnType:
        return 1;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumn:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumnRecurse:
        return 2;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetNotNull:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetIdentity:
        return 3;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AddIndex:
        return 4;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraint:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraintRecurse:
        if (cmd->def && cmd->def->node_case == PG_QUERY__NODE__NODE_CONSTRAINT) {
            PgQuery__ConstrType t = cmd->def->constraint->contype;
            if (t == PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY ||
                t == PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE ||
                t == PG_QUERY__CONSTR_TYPE__CONSTR_EXCLUSION)
                return 4;
        }
        return 5;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_ColumnDefault:
        return cmd->def ? 5 : 0; /* DROP DEFAULT is a drop */
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AddIdentity:
        return 5;
    default:
        return 6;
    }
}

static bool objtype_matches(int objtype, char relkind)
{
    switch (objtype) {
    case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX:
        return relkind == CAT_RELKIND_INDEX || relkind == CAT_RELKIND_PARTITIONED_INDEX;
    case PG_QUERY__OBJECT_TYPE__OBJECT_VIEW:
        return relkind == CAT_RELKIND_VIEW;
    case PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW:
        return relkind == CAT_RELKIND_MATVIEW;
    case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE:
        return relkind == CAT_RELKIND_SEQUENCE;
    case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE:
        return relkind == CAT_RELKIND_COMPOSITE;
    default:
        return true; /* ALTER TABLE accepts most relation kinds for shared forms */
    }
}

int sim_alter_table(struct sim *s, PgQuery__AlterTableStmt *st)
{
    PgQuery__RangeVar *rv = st->relation;
    struct cat_rel *r;
    if (st->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_TYPE) {
        /* ALTER TYPE composite ADD/DROP/ALTER ATTRIBUTE */
        struct cat_schema *sch =
            rv->schemaname && *rv->schemaname ? catalog_find_schema(s->cat, rv->schemaname) : NULL;
        struct cat_type *t = sch ? hashmap_get(&sch->types, rv->relname)
                                 : catalog_find_type(s->cat, NULL, rv->relname);
        if (!t)
            return sim_error(s, rv->location, "42704", "type \"%s\" does not exist", rv->relname);
        if (t->typtype != CAT_TYPE_COMPOSITE || !t->rel || t->rel->relkind != CAT_RELKIND_COMPOSITE)
            return sim_error(s, rv->location, "42809", "%s is not a composite type", t->name);
        r = t->rel;
    } else {
        r = sim_find_rel(s, rv, st->missing_ok);
        if (!r) {
            if (st->missing_ok && !s->eff->sqlstate) {
                sim_notice(s);
                return 0;
            }
            return -1;
        }
    }
    if (!objtype_matches(st->objtype, r->relkind))
        return sim_error(s, rv->location, "42809", "\"%s\" is not a%s %s", r->name,
                         st->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_INDEX ? "n" : "",
                         sim_objtype_word(st->objtype));
    bool recurse = rv->inh;
    /* PostgreSQL runs the subcommands in passes (drops first, then type
     * changes, new columns, column attributes, indexes, constraints, the
     * rest), each pass in the order written */
    for (int pass = 0; pass < 7; pass++) {
        for (size_t i = 0; i < st->n_cmds; i++) {
            PgQuery__AlterTableCmd *cmd = st->cmds[i]->alter_table_cmd;
            if (alter_pass(cmd) != pass)
                continue;
            if (alter_cmd(s, r, cmd, recurse) != 0)
                return -1;
        }
    }
    if (sim_data_validate(s, r) != 0)
        return -1;
    if (s->eff->nlocks == 0)
        sim_lock_rel(s, r, SIM_ACCESS_EXCLUSIVE);
    bool any = false;
    for (uint32_t i = 0; i < s->eff->nobjects; i++)
        any |= s->eff->objects[i].obj == r;
    if (!any)
        sim_object(s, SIM_ALTERED, CAT_REL, r->relkind, r->schema->name, r->name, NULL, r);
    return 0;
}
