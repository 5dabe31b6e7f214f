/*
 * sim_partition.c - partitioned tables and inheritance: partition keys,
 * bounds (validated, checked for overlap, printed as pg_get_expr prints
 * relpartbound), ATTACH/DETACH, and what a partition inherits from its
 * parent (columns, CHECK constraints, indexes with their constraints,
 * foreign keys, row triggers), plus copying of expressions and indexes for
 * CREATE TABLE ... LIKE.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lint/arena.h"
#include "lint/sim_table.h"
#include "lint/strbuf.h"

/* ---- copying ---- */

struct cat_expr *sim_copy_expr(struct sim *s, struct cat_expr *e, struct cat_rel *from,
                               struct cat_rel *to, const int16_t *map)
{
    if (!e)
        return NULL;
    struct cat_expr *c = arena_memdup(s->arena, e, sizeof *e);
    if (c->kind == EX_VAR && c->rel == from && from) {
        c->rel = to;
        if (map && c->attnum > 0) {
            c->attnum = map[c->attnum];
        } else if (c->attnum > 0) {
            struct cat_column *fc = catalog_column_by_attnum(from, e->attnum);
            struct cat_column *tc = fc ? catalog_find_column(to, fc->name) : NULL;
            c->attnum = tc ? tc->attnum : 0;
        }
    }
    c->arg = sim_copy_expr(s, e->arg, from, to, map);
    c->def = sim_copy_expr(s, e->def, from, to, map);
    if (e->nargs && e->args) {
        c->args = arena_alloc(s->arena, sizeof *c->args * e->nargs);
        for (uint32_t i = 0; i < e->nargs; i++)
            c->args[i] = sim_copy_expr(s, e->args[i], from, to, map);
    }
    return c;
}

static int16_t map_att(const int16_t *map, struct cat_rel *from, struct cat_rel *to, int16_t att)
{
    if (att <= 0)
        return 0;
    if (map)
        return map[att];
    struct cat_column *fc = catalog_column_by_attnum(from, att);
    struct cat_column *tc = fc ? catalog_find_column(to, fc->name) : NULL;
    return tc ? tc->attnum : 0;
}

/* A copy of index src on table dst (partition child or LIKE). */
static struct cat_rel *clone_index(struct sim *s, struct cat_rel *src, struct cat_rel *dst,
                                   const int16_t *map, struct cat_rel *parent)
{
    struct cat_indexinfo *si = src->index;
    struct cat_rel *st = si->table;
    struct cat_indexinfo *ii = arena_memdup(s->arena, si, sizeof *si);
    ii->table = dst;
    ii->constraint = NULL;
    ii->parent = parent;
    ii->concurrently = false;
    uint32_t n = si->natts;
    ii->attnums = arena_alloc(s->arena, sizeof *ii->attnums * (n + 1));
    ii->exprs = arena_alloc(s->arena, sizeof *ii->exprs * (n + 1));
    for (uint32_t i = 0; i < n; i++) {
        ii->attnums[i] = map_att(map, st, dst, si->attnums[i]);
        ii->exprs[i] = sim_copy_expr(s, si->exprs[i], st, dst, map);
    }
    ii->predicate = sim_copy_expr(s, si->predicate, st, dst, map);
    const char *label = si->primary      ? "pkey"
                        : si->exclusion  ? "excl"
                        : si->constraint ? "key"
                                         : "idx";
    const char *addition = si->primary ? NULL : sim_name_addition(s, si->colnames, si->nkeyatts);
    const char *name = sim_choose_relation_name(s, dst->schema, dst->name, addition, label,
                                                si->constraint != NULL);
    char relkind =
        dst->relkind == CAT_RELKIND_PARTITIONED ? CAT_RELKIND_PARTITIONED_INDEX : CAT_RELKIND_INDEX;
    struct cat_rel *ix = catalog_add_rel(s->cat, dst->schema, name, relkind);
    ix->index = ii;
    ix->persistence = dst->persistence;
    catalog_vec_push(s->cat, &dst->indexes, ix);
    for (uint32_t i = 0; i < n; i++)
        if (ii->attnums[i])
            catalog_add_dep(s->cat, &ix->obj, 0, CAT_ROLE_OBJECT, &dst->obj, ii->attnums[i],
                            CAT_DEP_AUTO);
    catalog_add_dep(s->cat, &ix->obj, 0, CAT_ROLE_OBJECT, &dst->obj, 0, CAT_DEP_AUTO);
    if (parent)
        catalog_add_dep(s->cat, &ix->obj, 0, CAT_ROLE_OBJECT, &parent->obj, 0, CAT_DEP_AUTO);
    sim_mark_created(s, ix);
    sim_object(s, SIM_CREATED, CAT_REL, relkind, dst->schema->name, name, dst->name, ix);
    return ix;
}

/* The constraint of an index-backed clone (partition children). */
static struct cat_constraint *clone_index_constraint(struct sim *s, struct cat_rel *ix,
                                                     struct cat_constraint *pk)
{
    struct cat_rel *t = ix->index->table;
    struct cat_constraint *k = catalog_add_constraint(s->cat, t, NULL, ix->name, pk->contype);
    k->index = ix;
    k->deferrable = pk->deferrable;
    k->deferred = pk->deferred;
    k->keys = ix->index->attnums;
    k->nkeys = ix->index->nkeyatts;
    k->parent = pk;
    k->islocal = false;
    k->inhcount = 1;
    k->excl_ops = pk->excl_ops;
    ix->index->constraint = k;
    sim_register_constraint_name(s, k);
    catalog_add_dep(s->cat, &k->obj, 0, CAT_ROLE_OBJECT, &t->obj, 0, CAT_DEP_AUTO);
    catalog_add_dep(s->cat, &k->obj, 0, CAT_ROLE_OBJECT, &pk->obj, 0, CAT_DEP_INTERNAL);
    for (uint32_t i = 0; i < ix->obj.depends_on.n; i++) {
        struct cat_dep *d = ix->obj.depends_on.items[i];
        if (!d->dead && d->referenced == &t->obj)
            CAT_SET(s->cat, d->dead, true);
    }
    catalog_add_dep(s->cat, &ix->obj, 0, CAT_ROLE_OBJECT, &k->obj, 0, CAT_DEP_INTERNAL);
    return k;
}

void sim_copy_indexes(struct sim *s, struct cat_rel *src, struct cat_rel *dst, const int16_t *map,
                      bool comments)
{
    for (uint32_t i = 0; i < src->indexes.n; i++) {
        struct cat_rel *six = src->indexes.items[i];
        if (six->obj.dropped)
            continue;
        struct cat_rel *ix = clone_index(s, six, dst, map, NULL);
        if (comments)
            ix->obj.comment = six->obj.comment;
        struct cat_constraint *sk = six->index->constraint;
        if (sk) {
            struct cat_constraint *k = clone_index_constraint(s, ix, sk);
            /* LIKE makes independent constraints */
            k->parent = NULL;
            k->islocal = true;
            k->inhcount = 0;
            catalog_kill_deps(s->cat, &k->obj, 0, CAT_ROLE_OBJECT);
            catalog_add_dep(s->cat, &k->obj, 0, CAT_ROLE_OBJECT, &dst->obj, 0, CAT_DEP_AUTO);
            for (uint32_t a = 0; a < ix->index->natts; a++)
                if (ix->index->attnums[a])
                    catalog_add_dep(s->cat, &k->obj, 0, CAT_ROLE_OBJECT, &dst->obj,
                                    ix->index->attnums[a], CAT_DEP_AUTO);
            if (comments)
                k->obj.comment = sk->obj.comment;
        }
    }
}

/* Child index on partition 'part' for parent index pix: an existing
 * equivalent index is attached, otherwise one is created (recursively for
 * sub-partitions). */
static bool same_expr(struct sim *s, struct cat_expr *a, struct cat_expr *b)
{
    if (!a || !b)
        return a == b;
    const char *x = ex_text(s->cat, s->arena, a), *y = ex_text(s->cat, s->arena, b);
    return strcmp(x, y) == 0;
}

/* An index of the partition PostgreSQL reuses for the parent's index pix
 * (CompareIndexInfo). When the parent's index belongs to a constraint
 * (want_constraint: also while that constraint is being made), only an
 * index with a constraint of its own qualifies; an index of a constraint
 * can serve a plain parent index. */
static struct cat_rel *find_equivalent_index(struct sim *s, struct cat_rel *pix,
                                             struct cat_rel *part, bool want_constraint)
{
    for (uint32_t i = 0; i < part->indexes.n; i++) {
        struct cat_rel *ix = part->indexes.items[i];
        if (ix->obj.dropped || ix->index->parent || !sim_index_matches(s, pix, ix))
            continue;
        if (want_constraint && !ix->index->constraint)
            continue;
        return ix;
    }
    return NULL;
}

/* Whether index ix of a partition has the definition of the parent's index
 * pix (CompareIndexInfo: kind, method, keys and predicate). */
bool sim_index_matches(struct sim *s, struct cat_rel *pix, struct cat_rel *ix)
{
    struct cat_indexinfo *pi = pix->index, *ii = ix->index;
    if (ii->natts != pi->natts || ii->nkeyatts != pi->nkeyatts || ii->unique != pi->unique ||
        strcmp(ii->method, pi->method) != 0)
        return false;
    for (uint32_t k = 0; k < ii->natts; k++) {
        int16_t want = map_att(NULL, pi->table, ii->table, pi->attnums[k]);
        if (ii->attnums[k] != want || !same_expr(s, ii->exprs[k], pi->exprs[k]))
            return false;
    }
    return same_expr(s, ii->predicate, pi->predicate);
}

/* ALTER INDEX parent ATTACH PARTITION ix: PostgreSQL's checks, in its
 * order (ATExecAttachPartitionIdx), then the link; a constraint of the
 * parent index takes the partition index's constraint as its child. */
int sim_attach_index(struct sim *s, struct cat_rel *pix, struct cat_rel *ix)
{
    struct cat_indexinfo *ii = ix->index;
    if (ii->parent == pix)
        return 0; /* already attached: nothing to do */
    const char *why = NULL;
    struct cat_rel *part = ii->table, *parent = pix->index->table;
    if (ii->parent)
        why =
            arena_printf(s->arena, "Index \"%s\" is already attached to another index.", ix->name);
    else if (part->partparent != parent)
        why = arena_printf(s->arena,
                           "Index \"%s\" is not an index on any partition of table "
                           "\"%s\".",
                           ix->name, parent->name);
    if (!why) {
        for (uint32_t i = 0; i < part->indexes.n; i++) {
            struct cat_rel *o = part->indexes.items[i];
            if (!o->obj.dropped && o->index->parent == pix)
                why = arena_printf(s->arena,
                                   "Another index is already attached for partition "
                                   "\"%s\".",
                                   part->name);
        }
    }
    if (!why && !sim_index_matches(s, pix, ix))
        why = "The index definitions do not match.";
    if (!why && pix->index->constraint && !ii->constraint)
        why = arena_printf(s->arena,
                           "The index \"%s\" belongs to a constraint in table \"%s\" "
                           "but no constraint exists for index \"%s\".",
                           pix->name, parent->name, ix->name);
    if (why) {
        sim_error(s, -1, "42P17", "cannot attach index \"%s\" as a partition of index \"%s\"",
                  ix->name, pix->name);
        return sim_error_detail(s, why);
    }
    CAT_SET(s->cat, ii->parent, pix);
    catalog_add_dep(s->cat, &ix->obj, 0, CAT_ROLE_OBJECT, &pix->obj, 0, CAT_DEP_AUTO);
    struct cat_constraint *pk = pix->index->constraint, *k = ii->constraint;
    if (pk && k) {
        CAT_SET(s->cat, k->parent, pk);
        CAT_SET(s->cat, k->islocal, false);
        CAT_SET(s->cat, k->inhcount, k->inhcount + 1);
        catalog_add_dep(s->cat, &k->obj, 0, CAT_ROLE_OBJECT, &pk->obj, 0, CAT_DEP_INTERNAL);
    }
    return 0;
}

struct cat_rel *sim_index_for_partition(struct sim *s, struct cat_rel *pix, struct cat_rel *part,
                                        struct sim_index_spec *spec)
{
    if (part->relkind == CAT_RELKIND_FOREIGN) {
        /* a foreign partition gets no index; a unique one cannot be had */
        if (pix->index->unique || pix->index->exclusion) {
            sim_error(s, -1, "42809", "cannot create unique index on partitioned table \"%s\"",
                      pix->index->table->name);
            sim_error_detail(s, arena_printf(s->arena,
                                             "Table \"%s\" contains partitions that are foreign "
                                             "tables.",
                                             pix->index->table->name));
            return NULL;
        }
        return pix; /* not NULL: nothing to do, no error */
    }
    bool want_constraint = pix->index->constraint || (spec && spec->is_constraint);
    struct cat_rel *ix = find_equivalent_index(s, pix, part, want_constraint);
    if (ix) {
        CAT_SET(s->cat, ix->index->parent, pix);
        catalog_add_dep(s->cat, &ix->obj, 0, CAT_ROLE_OBJECT, &pix->obj, 0, CAT_DEP_AUTO);
    } else {
        ix = clone_index(s, pix, part, NULL, pix);
        if (!ix)
            return NULL;
        if (ix->index->unique && part->relkind == CAT_RELKIND_PARTITIONED) {
            /* a sub-partitioned partition: its key must be in the unique key too */
            for (uint32_t k = 0; k < part->partkeys.n; k++) {
                struct cat_expr *pk = part->partkeys.items[k];
                bool found = false;
                for (uint32_t i = 0; i < ix->index->nkeyatts; i++)
                    found |= pk->kind == EX_VAR && ix->index->attnums[i] == pk->attnum;
                if (found)
                    continue;
                sim_error(
                    s, -1, "0A000",
                    "unique constraint on partitioned table must include all partitioning columns");
                struct cat_column *col =
                    pk->kind == EX_VAR ? catalog_column_by_attnum(part, pk->attnum) : NULL;
                sim_error_detail(s,
                                 arena_printf(s->arena,
                                              "%s constraint on table \"%s\" lacks column \"%s\" "
                                              "which is part of the partition key.",
                                              ix->index->primary ? "PRIMARY KEY" : "UNIQUE",
                                              part->name, col ? col->name : "?"));
                return NULL;
            }
        }
        if (part->relkind == CAT_RELKIND_PARTITIONED) {
            for (uint32_t p = 0; p < part->partitions.n; p++) {
                struct cat_rel *sub = part->partitions.items[p];
                if (!sub->obj.dropped && !sim_index_for_partition(s, ix, sub, spec))
                    return NULL;
            }
        }
    }
    if (pix->index->constraint && !ix->index->constraint) {
        clone_index_constraint(s, ix, pix->index->constraint);
        /* sub-partition indexes get theirs too */
        if (part->relkind == CAT_RELKIND_PARTITIONED) {
            for (uint32_t p = 0; p < part->partitions.n; p++) {
                struct cat_rel *sub = part->partitions.items[p];
                for (uint32_t k = 0; k < sub->indexes.n; k++) {
                    struct cat_rel *six = sub->indexes.items[k];
                    if (!six->obj.dropped && six->index->parent == ix && !six->index->constraint)
                        clone_index_constraint(s, six, ix->index->constraint);
                }
            }
        }
    }
    return ix;
}

/* After a parent's index constraint is created, its partitions' indexes get
 * their constraints (named as each child index). */
void sim_propagate_index_constraint(struct sim *s, struct cat_rel *pix, struct cat_constraint *k)
{
    struct cat_rel *t = pix->index->table;
    for (uint32_t p = 0; p < t->partitions.n; p++) {
        struct cat_rel *part = t->partitions.items[p];
        if (part->obj.dropped)
            continue;
        for (uint32_t i = 0; i < part->indexes.n; i++) {
            struct cat_rel *ix = part->indexes.items[i];
            if (ix->obj.dropped || ix->index->parent != pix || ix->index->constraint)
                continue;
            struct cat_constraint *ck = clone_index_constraint(s, ix, k);
            if (part->relkind == CAT_RELKIND_PARTITIONED)
                sim_propagate_index_constraint(s, ix, ck);
        }
    }
}

/* ---- foreign keys and triggers on partitions ---- */

static void clone_fk(struct sim *s, struct cat_rel *part, struct cat_constraint *k)
{
    const char *name = k->name;
    if (catalog_find_constraint(part, name)) {
        const char **names = arena_alloc(s->arena, sizeof *names * (k->nkeys + 1));
        for (uint32_t i = 0; i < k->nkeys; i++) {
            struct cat_column *col = catalog_column_by_attnum(k->rel, k->keys[i]);
            names[i] = col ? col->name : "?";
        }
        name = sim_choose_constraint_name(s, part->schema, part->name,
                                          sim_name_addition(s, names, k->nkeys), "fkey", NULL, 0);
    }
    struct cat_constraint *c = catalog_add_constraint(s->cat, part, NULL, name, CAT_CON_FOREIGN);
    c->nkeys = k->nkeys;
    c->keys = arena_alloc(s->arena, sizeof *c->keys * (k->nkeys + 1));
    for (uint32_t i = 0; i < k->nkeys; i++)
        c->keys[i] = map_att(NULL, k->rel, part, k->keys[i]);
    c->ref_rel = k->ref_rel;
    c->ref_keys = k->ref_keys;
    c->index = k->index;
    c->upd_action = k->upd_action;
    c->del_action = k->del_action;
    c->match = k->match;
    c->deferrable = k->deferrable;
    c->deferred = k->deferred;
    c->validated = k->validated;
    c->parent = k;
    c->islocal = false;
    c->inhcount = 1;
    if (k->ndel_set_cols) {
        c->ndel_set_cols = k->ndel_set_cols;
        c->del_set_cols = arena_alloc(s->arena, sizeof *c->del_set_cols * k->ndel_set_cols);
        for (uint32_t i = 0; i < k->ndel_set_cols; i++)
            c->del_set_cols[i] = map_att(NULL, k->rel, part, k->del_set_cols[i]);
    }
    sim_register_constraint_name(s, c);
    for (uint32_t i = 0; i < c->nkeys; i++)
        catalog_add_dep(s->cat, &c->obj, 0, CAT_ROLE_OBJECT, &part->obj, c->keys[i], CAT_DEP_AUTO);
    catalog_add_dep(s->cat, &c->obj, 0, CAT_ROLE_OBJECT, &k->obj, 0, CAT_DEP_INTERNAL);
    if (part->relkind == CAT_RELKIND_PARTITIONED)
        sim_clone_fk_to_partitions(s, part, c);
}

void sim_clone_fk_to_partitions(struct sim *s, struct cat_rel *r, struct cat_constraint *k)
{
    for (uint32_t p = 0; p < r->partitions.n; p++) {
        struct cat_rel *part = r->partitions.items[p];
        if (!part->obj.dropped)
            clone_fk(s, part, k);
    }
}

void sim_clone_trigger(struct sim *s, struct cat_rel *part, struct cat_trigger *t);

/* ---- columns from a parent ---- */

/* The child's copy of the parent's CHECK constraint k (not local, inherited once). */
static void inherit_check(struct sim *s, struct cat_rel *parent, struct cat_rel *child,
                          struct cat_constraint *k)
{
    struct cat_constraint *c = catalog_add_constraint(s->cat, child, NULL, k->name, CAT_CON_CHECK);
    c->expr = sim_copy_expr(s, k->expr, parent, child, NULL);
    c->validated = k->validated;
    c->islocal = false;
    c->inhcount = 1;
    c->parent = k;
    sim_register_constraint_name(s, c);
    catalog_add_dep(s->cat, &c->obj, 0, CAT_ROLE_OBJECT, &child->obj, 0, CAT_DEP_AUTO);
    sim_add_expr_deps(s, &c->obj, 0, CAT_ROLE_OBJECT, c->expr, CAT_DEP_AUTO);
}

int sim_inherit_columns(struct sim *s, struct cat_rel *child, struct cat_rel *parent,
                        bool partition, struct cat_column **conflict)
{
    for (uint32_t i = 0; i < parent->columns.n; i++) {
        struct cat_column *pc = parent->columns.items[i];
        if (pc->dropped)
            continue;
        struct cat_column *col = catalog_find_column(child, pc->name);
        if (col) {
            if (col->type.type != pc->type.type || col->type.typmod != pc->type.typmod) {
                struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
                ex_format_type(col->type.type, col->type.typmod, &a);
                ex_format_type(pc->type.type, pc->type.typmod, &b);
                sim_error(s, -1, "42804", "inherited column \"%s\" has a type conflict", pc->name);
                sim_error_detail(s, arena_printf(s->arena, "%s versus %s", a.buf, b.buf));
                sb_release(&a);
                sb_release(&b);
                return -1;
            }
            col->inhcount++;
            col->notnull |= pc->notnull;
            /* defaults of two parents: the one there is, or a conflict the
             * child must resolve with its own default (MergeAttributes) */
            if (pc->default_expr && !pc->generated && !col->generated) {
                if (!col->default_expr)
                    sim_set_default(s, col,
                                    sim_copy_expr(s, pc->default_expr, parent, child, NULL));
                else if (!same_expr(s, col->default_expr, pc->default_expr) && conflict &&
                         !*conflict) {
                    sim_set_default(s, col, NULL);
                    *conflict = col;
                }
            }
            continue;
        }
        col = catalog_add_column(s->cat, child, pc->name, pc->type);
        col->notnull = pc->notnull;
        col->collation = pc->collation;
        col->storage = pc->storage;
        col->islocal = false;
        col->inhcount = 1;
        sim_column_type_dep(s, col);
        if (pc->generated) {
            col->generated = pc->generated;
            col->default_expr = sim_copy_expr(s, pc->default_expr, parent, child, NULL);
        } else if (pc->default_expr) {
            sim_set_default(s, col, sim_copy_expr(s, pc->default_expr, parent, child, NULL));
        }
    }
    if (!partition) {
        catalog_vec_push(s->cat, &child->inherits, parent);
        catalog_add_dep(s->cat, &child->obj, 0, CAT_ROLE_OBJECT, &parent->obj, 0, CAT_DEP_NORMAL);
        for (uint32_t i = 0; i < parent->constraints.n; i++) {
            struct cat_constraint *k = parent->constraints.items[i];
            if (k->obj.dropped || k->contype != CAT_CON_CHECK || k->noinherit)
                continue;
            struct cat_constraint *old = catalog_find_constraint(child, k->name);
            if (old) {
                old->inhcount++;
                continue;
            }
            inherit_check(s, parent, child, k);
        }
    }
    return 0;
}

/* ---- partition keys and bounds ---- */

int sim_partition_key(struct sim *s, struct cat_rel *r, PgQuery__PartitionSpec *spec)
{
    const char *strategy = spec->strategy ? spec->strategy : "";
    const char *up = strcmp(strategy, "list") == 0    ? "LIST"
                     : strcmp(strategy, "range") == 0 ? "RANGE"
                     : strcmp(strategy, "hash") == 0  ? "HASH"
                                                      : NULL;
    if (!up)
        return sim_error(s, spec->location, "22023", "unrecognized partitioning strategy \"%s\"",
                         strategy);
    if (strcmp(up, "LIST") == 0 && spec->n_part_params > 1)
        return sim_error(s, spec->location, "42P17",
                         "cannot use \"list\" partition strategy with more than one column");
    CAT_SET(s->cat, r->partstrategy, up);
    for (size_t i = 0; i < spec->n_part_params; i++) {
        PgQuery__PartitionElem *pe = spec->part_params[i]->partition_elem;
        struct cat_expr *e;
        if (pe->name && *pe->name) {
            struct cat_column *col = catalog_find_column(r, pe->name);
            if (!col)
                return sim_error(s, pe->location, "42703",
                                 "column \"%s\" named in partition key does not exist", pe->name);
            if (col->generated)
                return sim_error(s, pe->location, "42P17",
                                 "cannot use generated column in partition key");
            e = arena_alloc(s->arena, sizeof *e);
            e->kind = EX_VAR;
            e->rel = r;
            e->attnum = col->attnum;
            e->type = col->type.type;
            e->typmod = col->type.typmod;
        } else {
            struct ex_ctx x;
            ex_ctx_init(&x, s->cat, s->arena, EXK_PARTITION_KEY);
            x.scope = ex_scope_for_rel(s->arena, r, NULL);
            e = ex_analyze(&x, pe->expr);
            if (e)
                e = ex_resolve_unknown(&x, e);
            if (!e)
                return sim_expr_error(s, &x);
            if (x.mutable_seen)
                return sim_error(s, pe->location, "42P17",
                                 "functions in partition key expression must be marked IMMUTABLE");
        }
        catalog_vec_push(s->cat, &r->partkeys, e);
        struct ex_deps d = {0};
        ex_collect_deps(e, &d, s->arena);
        for (uint32_t k = 0; k < d.nrels; k++)
            if (d.rels[k] == r && d.attnums[k] > 0)
                catalog_add_dep(s->cat, &r->obj, 0, CAT_ROLE_OBJECT, &r->obj, d.attnums[k],
                                CAT_DEP_INTERNAL);
    }
    return 0;
}

/* One bound datum: a constant of the key's type, or MINVALUE/MAXVALUE. */
struct datum {
    const char *text;  /* printed form ('...' or number) */
    const char *value; /* normalised value for comparisons, NULL for SQL NULL */
    int special;       /* -1 MINVALUE, 1 MAXVALUE */
    unsigned typoid;
};

static int bound_datum(struct sim *s, struct cat_rel *parent, uint32_t key, PgQuery__Node *n,
                       struct datum *out, bool range)
{
    memset(out, 0, sizeof *out);
    if (n->node_case == PG_QUERY__NODE__NODE_COLUMN_REF && range) {
        const char *w = n->column_ref->n_fields == 1 ? sim_strval(n->column_ref->fields[0]) : NULL;
        if (w && strcmp(w, "minvalue") == 0) {
            out->special = -1;
            out->text = "MINVALUE";
            return 0;
        }
        if (w && strcmp(w, "maxvalue") == 0) {
            out->special = 1;
            out->text = "MAXVALUE";
            return 0;
        }
    }
    struct cat_expr *k = parent->partkeys.items[key];
    struct ex_ctx x;
    ex_ctx_init(&x, s->cat, s->arena, EXK_PARTITION_BOUND);
    struct cat_expr *e = ex_analyze(&x, n);
    struct cat_typeref t = {k->type, k->typmod};
    if (e)
        e = ex_coerce_assign(&x, e, t, "", -1);
    if (!e) {
        if (x.sqlstate && strcmp(x.sqlstate, "42804") == 0) {
            struct strbuf a = STRBUF_INIT;
            ex_format_type(k->type, k->typmod, &a);
            sim_error(s, -1, "42804", "specified value cannot be cast to type %s for column \"%s\"",
                      a.buf,
                      k->kind == EX_VAR ? catalog_column_by_attnum(parent, k->attnum)->name
                                        : "expr");
            sb_release(&a);
            return -1;
        }
        return sim_expr_error(s, &x);
    }
    e = ex_strip_implicit(e);
    if (e->kind == EX_CONST && e->value && ex_base_type(e->type) != ex_base_type(k->type)) {
        /* PostgreSQL evaluates the bound: a constant of the key's type */
        const char *st = NULL, *msg = NULL;
        const char *v =
            ex_const_normalize(s->arena, ex_base_type(k->type), -1, e->value, &st, &msg);
        if (!v)
            return sim_error(s, -1, st ? st : "22P02", "%s", msg ? msg : "invalid partition bound");
        struct cat_expr *c = arena_alloc(s->arena, sizeof *c);
        c->kind = EX_CONST;
        c->type = ex_base_type(k->type);
        c->typmod = -1;
        c->value = v;
        e = c;
    }
    if (e->kind != EX_CONST) {
        /* a non-constant bound expression (e.g. now()) is evaluated once */
        return sim_error(s, -1, "42P17", "partition bound expressions are not simulated");
    }
    /* printed without a type label (get_const_expr with showtype -1) */
    struct strbuf sb = STRBUF_INIT;
    struct cat_expr copy = *e;
    copy.type = ex_base_type(e->type);
    if (!e->value) {
        sb_adds(&sb, "NULL");
    } else {
        ex_print(s->cat, &copy, &sb);
        /* strip a ::type label the printer added */
        char *lbl = NULL;
        if (sb.buf[0] == '\'') {
            char *endq = sb.buf + 1;
            while (*endq) {
                if (*endq == '\'' && endq[1] == '\'') {
                    endq += 2;
                    continue;
                }
                if (*endq == '\'')
                    break;
                endq++;
            }
            if (*endq == '\'' && endq[1] == ':' && endq[2] == ':')
                lbl = endq + 1;
        } else {
            lbl = strstr(sb.buf, "::");
        }
        if (lbl) {
            *lbl = 0;
            sb.len = (size_t)(lbl - sb.buf);
        }
    }
    out->text = arena_strdup(s->arena, sb.buf);
    out->value = e->value;
    out->typoid = ex_base_type(e->type)->oid;
    sb_release(&sb);
    return 0;
}

static int datum_cmp(const struct datum *a, const struct datum *b)
{
    if (a->special || b->special)
        return a->special - b->special;
    if (!a->value || !b->value)
        return (a->value != NULL) - (b->value != NULL);
    switch (a->typoid) {
    case PGB_INT2:
    case PGB_INT4:
    case PGB_INT8: {
        long long x = strtoll(a->value, NULL, 10), y = strtoll(b->value, NULL, 10);
        return x < y ? -1 : x > y;
    }
    case PGB_NUMERIC:
    case PGB_FLOAT4:
    case PGB_FLOAT8: {
        double x = strtod(a->value, NULL), y = strtod(b->value, NULL);
        return x < y ? -1 : x > y;
    }
    default:
        return strcmp(a->value, b->value);
    }
}

/* Stored per partition for overlap checks. */
struct bound {
    char strategy;
    bool is_default;
    struct datum *lower, *upper, *list;
    uint32_t nkeys, nlist;
    int modulus, remainder;
};

static int cmp_tuple(const struct datum *a, const struct datum *b, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        int c = datum_cmp(&a[i], &b[i]);
        if (c)
            return c;
        if (a[i].special)
            return 0; /* MINVALUE/MAXVALUE make later columns irrelevant */
    }
    return 0;
}

static bool overlaps(const struct bound *a, const struct bound *b)
{
    if (a->is_default || b->is_default)
        return a->is_default && b->is_default;
    if (a->strategy == 'l') {
        for (uint32_t i = 0; i < a->nlist; i++)
            for (uint32_t k = 0; k < b->nlist; k++)
                if (datum_cmp(&a->list[i], &b->list[k]) == 0)
                    return true;
        return false;
    }
    if (a->strategy == 'r')
        return cmp_tuple(a->lower, b->upper, a->nkeys) < 0 &&
               cmp_tuple(b->lower, a->upper, a->nkeys) < 0;
    if (a->strategy == 'h') {
        int big = a->modulus > b->modulus ? a->modulus : b->modulus;
        int small = a->modulus > b->modulus ? b->modulus : a->modulus;
        const struct bound *bb = a->modulus > b->modulus ? a : b;
        const struct bound *sb = a->modulus > b->modulus ? b : a;
        (void)big;
        return bb->remainder % small == sb->remainder;
    }
    return false;
}

/* Whether a key value (NULL: SQL NULL) falls in a single-key bound: 1 / 0,
 * -1 when not known. */
static int bound_fits(const struct bound *b, const char *v, unsigned typoid)
{
    struct datum d = {0};
    d.value = v;
    d.typoid = typoid;
    if (b->is_default || b->nkeys != 1)
        return -1;
    if (b->strategy == 'r')
        return v && datum_cmp(&b->lower[0], &d) <= 0 && datum_cmp(&d, &b->upper[0]) < 0;
    if (b->strategy == 'l') {
        for (uint32_t i = 0; i < b->nlist; i++)
            if (v ? b->list[i].value && datum_cmp(&b->list[i], &d) == 0 : !b->list[i].value)
                return 1;
        return 0;
    }
    return -1;
}

/* The partition key's values in the rows of rel (a table with the parent's
 * columns); -1 when not known or not a plain column of a comparable type. */
static int key_values(struct sim *s, struct cat_rel *parent, struct cat_rel *rel,
                      const char ***vals, uint32_t *n, unsigned *typoid)
{
    if (parent->partkeys.n != 1)
        return -1;
    const struct cat_expr *k = parent->partkeys.items[0];
    if (!k || k->kind != EX_VAR || k->attnum <= 0)
        return -1;
    struct cat_column *pc = catalog_column_by_attnum(parent, k->attnum);
    struct cat_column *cc = pc ? catalog_find_column(rel, pc->name) : NULL;
    struct cat_type *t = cc ? ex_base_type(cc->type.type) : NULL;
    if (!t || !(t->oid == PGB_INT2 || t->oid == PGB_INT4 || t->oid == PGB_INT8 ||
                t->oid == PGB_NUMERIC || t->oid == PGB_DATE))
        return -1;
    struct cat_expr var = {0};
    var.kind = EX_VAR;
    var.rel = rel;
    var.attnum = cc->attnum;
    var.type = cc->type.type;
    var.typmod = cc->type.typmod;
    *typoid = t->oid;
    return sim_data_values(s, rel, &var, vals, n);
}

/* PostgreSQL scans the attached table (and the default partition) for rows
 * outside (inside) the new bound. */
static int bound_rows(struct sim *s, struct cat_rel *parent, struct cat_rel *child,
                      const struct bound *b, bool created)
{
    const char **vals;
    uint32_t n;
    unsigned typoid;
    if (!created && !b->is_default && key_values(s, parent, child, &vals, &n, &typoid) == 0)
        for (uint32_t i = 0; i < n; i++)
            if (bound_fits(b, vals[i], typoid) == 0)
                return sim_error(s, -1, "23514",
                                 "partition constraint of relation \"%s\" is violated by some row",
                                 child->name);
    if (b->is_default)
        return 0;
    for (uint32_t p = 0; p < parent->partitions.n; p++) {
        struct cat_rel *def = parent->partitions.items[p];
        const struct bound *db = def->partbound_data;
        if (def->obj.dropped || !db || !db->is_default)
            continue;
        if (key_values(s, parent, def, &vals, &n, &typoid) != 0)
            continue;
        for (uint32_t i = 0; i < n; i++)
            if (bound_fits(b, vals[i], typoid) == 1)
                return sim_error(s, -1, "23514",
                                 "updated partition constraint for default partition \"%s\" "
                                 "would be violated by some row",
                                 def->name);
    }
    return 0;
}

int sim_partition_rows_ok(struct sim *s, struct cat_rel *part)
{
    struct cat_rel *parent = part->partparent;
    const struct bound *b = part->partbound_data;
    const char **vals;
    uint32_t n;
    unsigned typoid;
    if (!parent || !b || key_values(s, parent, part, &vals, &n, &typoid) != 0)
        return 0;
    for (uint32_t i = 0; i < n; i++) {
        bool bad = false;
        if (!b->is_default) {
            bad = bound_fits(b, vals[i], typoid) == 0;
        } else {
            for (uint32_t p = 0; p < parent->partitions.n && !bad; p++) {
                struct cat_rel *o = parent->partitions.items[p];
                const struct bound *ob = o->partbound_data;
                if (o != part && !o->obj.dropped && ob && !ob->is_default)
                    bad = bound_fits(ob, vals[i], typoid) == 1;
            }
        }
        if (bad)
            return sim_error(s, -1, "23514",
                             "new row for relation \"%s\" violates partition constraint",
                             part->name);
    }
    return 0;
}

int sim_attach_partition(struct sim *s, struct cat_rel *parent, struct cat_rel *child,
                         PgQuery__PartitionBoundSpec *spec, bool created)
{
    if (parent->relkind != CAT_RELKIND_PARTITIONED)
        return sim_error(s, -1, "42P17", "table \"%s\" is not partitioned", parent->name);
    if (child == parent)
        return sim_error(s, -1, "42P17", "cannot attach a table to itself");
    if (child->partparent)
        return sim_error(s, -1, "42P17", "\"%s\" is already a partition", child->name);
    if (child->inherits.n)
        return sim_error(s, -1, "42809", "cannot attach inheritance child as partition");
    if (child->persistence != parent->persistence)
        return sim_error(s, -1, "42809",
                         "cannot attach a %s relation as partition of %s relation \"%s\"",
                         child->persistence == 't' ? "temporary" : "permanent",
                         parent->persistence == 't' ? "temporary" : "permanent", parent->name);
    if (!created) {
        /* the table must have exactly the parent's columns */
        for (uint32_t i = 0; i < child->columns.n; i++) {
            struct cat_column *cc = child->columns.items[i];
            if (cc->dropped)
                continue;
            struct cat_column *pc = catalog_find_column(parent, cc->name);
            if (!pc)
                return sim_error(s, -1, "42804",
                                 "table \"%s\" contains column \"%s\" not found in parent \"%s\"",
                                 child->name, cc->name, parent->name);
            if (pc->type.type != cc->type.type || pc->type.typmod != cc->type.typmod)
                return sim_error(s, -1, "42804",
                                 "child table \"%s\" has different type for column \"%s\"",
                                 child->name, cc->name);
        }
        for (uint32_t i = 0; i < parent->columns.n; i++) {
            struct cat_column *pc = parent->columns.items[i];
            if (!pc->dropped && !catalog_find_column(child, pc->name))
                return sim_error(s, -1, "42804", "child table is missing column \"%s\"", pc->name);
            if (!pc->dropped && pc->notnull && !catalog_find_column(child, pc->name)->notnull)
                return sim_error(s, -1, "42804",
                                 "column \"%s\" in child table must be marked NOT NULL", pc->name);
        }
    }
    /* the bound */
    struct bound *b = arena_alloc(s->arena, sizeof *b);
    struct strbuf text = STRBUF_INIT;
    const char *ps = parent->partstrategy ? parent->partstrategy : "";
    char strat = ps[0] == 'L' ? 'l' : ps[0] == 'R' ? 'r' : 'h';
    b->strategy = strat;
    b->nkeys = parent->partkeys.n;
    if (spec->is_default) {
        if (strat == 'h')
            return sim_error(s, spec->location, "42P16",
                             "a hash-partitioned table may not have a default partition");
        b->is_default = true;
        sb_adds(&text, "DEFAULT");
    } else if (strat == 'l') {
        if (spec->strategy && spec->strategy[0] != 'l')
            return sim_error(s, spec->location, "42P16",
                             "invalid bound specification for a list partition");
        b->list = arena_alloc(s->arena, sizeof *b->list * (spec->n_listdatums + 1));
        sb_adds(&text, "FOR VALUES IN (");
        for (size_t i = 0; i < spec->n_listdatums; i++) {
            struct datum d;
            if (bound_datum(s, parent, 0, spec->listdatums[i], &d, false) != 0) {
                sb_release(&text);
                return -1;
            }
            bool dup = false;
            for (uint32_t k = 0; k < b->nlist; k++)
                dup |= datum_cmp(&b->list[k], &d) == 0;
            if (dup)
                continue;
            if (b->nlist)
                sb_adds(&text, ", ");
            sb_adds(&text, d.text);
            b->list[b->nlist++] = d;
        }
        sb_addc(&text, ')');
    } else if (strat == 'r') {
        if (spec->strategy && spec->strategy[0] != 'r')
            return sim_error(s, spec->location, "42P16",
                             "invalid bound specification for a range partition");
        if (spec->n_lowerdatums != b->nkeys || spec->n_upperdatums != b->nkeys)
            return sim_error(s, spec->location, "42P16", "%s bound must have exactly %u values",
                             spec->n_lowerdatums != b->nkeys ? "FROM" : "TO", b->nkeys);
        b->lower = arena_alloc(s->arena, sizeof *b->lower * (b->nkeys + 1));
        b->upper = arena_alloc(s->arena, sizeof *b->upper * (b->nkeys + 1));
        sb_adds(&text, "FOR VALUES FROM (");
        for (uint32_t i = 0; i < b->nkeys; i++) {
            if (bound_datum(s, parent, i, spec->lowerdatums[i], &b->lower[i], true) != 0) {
                sb_release(&text);
                return -1;
            }
            if (i)
                sb_adds(&text, ", ");
            sb_adds(&text, b->lower[i].text);
        }
        sb_adds(&text, ") TO (");
        for (uint32_t i = 0; i < b->nkeys; i++) {
            if (bound_datum(s, parent, i, spec->upperdatums[i], &b->upper[i], true) != 0) {
                sb_release(&text);
                return -1;
            }
            if (i)
                sb_adds(&text, ", ");
            sb_adds(&text, b->upper[i].text);
        }
        sb_addc(&text, ')');
        if (cmp_tuple(b->lower, b->upper, b->nkeys) >= 0) {
            sb_release(&text);
            sim_error(s, spec->location, "42P17",
                      "empty range bound specified for partition \"%s\"", child->name);
            return -1;
        }
    } else {
        if (spec->modulus <= 0)
            return sim_error(
                s, spec->location, "42P16",
                "modulus for hash partition must be an integer value greater than zero");
        if (spec->remainder < 0 || spec->remainder >= spec->modulus)
            return sim_error(s, spec->location, "42P16",
                             "remainder for hash partition must be less than modulus");
        b->modulus = spec->modulus;
        b->remainder = spec->remainder;
        sb_printf(&text, "FOR VALUES WITH (modulus %d, remainder %d)", spec->modulus,
                  spec->remainder);
    }
    for (uint32_t i = 0; i < parent->partitions.n; i++) {
        struct cat_rel *other = parent->partitions.items[i];
        if (other->obj.dropped || !other->partbound_data)
            continue;
        const struct bound *ob = other->partbound_data;
        if (b->is_default && ob->is_default) {
            sb_release(&text);
            return sim_error(s, spec->location, "42P17",
                             "partition \"%s\" conflicts with existing default partition \"%s\"",
                             child->name, other->name);
        }
        if (strat == 'h' && (ob->modulus % b->modulus != 0 && b->modulus % ob->modulus != 0)) {
            sb_release(&text);
            sim_error(s, spec->location, "42P17",
                      "every hash partition modulus must be a factor of the next larger modulus");
            return -1;
        }
        if (overlaps(b, ob)) {
            sb_release(&text);
            return sim_error(s, spec->location, "42P17",
                             "partition \"%s\" would overlap partition \"%s\"", child->name,
                             other->name);
        }
    }
    if (bound_rows(s, parent, child, b, created) != 0) {
        sb_release(&text);
        return -1;
    }
    CAT_SET(s->cat, child->partbound, arena_strdup(s->arena, text.buf));
    CAT_SET(s->cat, child->partbound_data, b);
    sb_release(&text);
    CAT_SET(s->cat, child->partparent, parent);
    catalog_vec_push(s->cat, &parent->partitions, child);
    catalog_add_dep(s->cat, &child->obj, 0, CAT_ROLE_OBJECT, &parent->obj, 0, CAT_DEP_AUTO);
    for (uint32_t i = 0; i < child->columns.n; i++) {
        struct cat_column *cc = child->columns.items[i];
        if (!cc->dropped && !created) {
            CAT_SET(s->cat, cc->inhcount, (int16_t)(cc->inhcount + 1));
        }
    }
    /* CHECK constraints */
    for (uint32_t i = 0; i < parent->constraints.n; i++) {
        struct cat_constraint *k = parent->constraints.items[i];
        if (k->obj.dropped || k->contype != CAT_CON_CHECK || k->noinherit)
            continue;
        struct cat_constraint *old = catalog_find_constraint(child, k->name);
        if (old) {
            if (old->contype != CAT_CON_CHECK ||
                strcmp(ex_text(s->cat, s->arena, old->expr),
                       ex_text(s->cat, s->arena, sim_copy_expr(s, k->expr, parent, child, NULL))) !=
                    0)
                return sim_error(
                    s, -1, "42804",
                    "child table \"%s\" has different definition for check constraint \"%s\"",
                    child->name, k->name);
            CAT_SET(s->cat, old->inhcount, (int16_t)(old->inhcount + 1));
            continue;
        }
        inherit_check(s, parent, child, k);
    }
    /* indexes (and their constraints) */
    for (uint32_t i = 0; i < parent->indexes.n; i++) {
        struct cat_rel *pix = parent->indexes.items[i];
        if (pix->obj.dropped)
            continue;
        if (!sim_index_for_partition(s, pix, child, NULL))
            return -1;
    }
    /* foreign keys */
    for (uint32_t i = 0; i < parent->constraints.n; i++) {
        struct cat_constraint *k = parent->constraints.items[i];
        if (!k->obj.dropped && k->contype == CAT_CON_FOREIGN)
            clone_fk(s, child, k);
    }
    /* row triggers */
    for (uint32_t i = 0; i < parent->triggers.n; i++) {
        struct cat_trigger *t = parent->triggers.items[i];
        if (!t->obj.dropped && (t->tgtype & CAT_TRIGGER_ROW))
            sim_clone_trigger(s, child, t);
    }
    struct sim_lock *lp =
        sim_lock_rel(s, parent, created ? SIM_ACCESS_EXCLUSIVE : SIM_SHARE_UPDATE_EXCLUSIVE);
    (void)lp;
    struct sim_lock *lc = sim_lock_rel(s, child, SIM_ACCESS_EXCLUSIVE);
    if (!created)
        lc->scan = true;
    return 0;
}

int sim_detach_partition(struct sim *s, struct cat_rel *parent, struct cat_rel *child)
{
    if (child->partparent != parent)
        return sim_error(s, -1, "42P01", "relation \"%s\" is not a partition of relation \"%s\"",
                         child->name, parent->name);
    catalog_vec_remove(s->cat, &parent->partitions, child);
    CAT_SET(s->cat, child->partparent, NULL);
    CAT_SET(s->cat, child->partbound, NULL);
    CAT_SET(s->cat, child->partbound_data, NULL);
    for (uint32_t i = 0; i < child->obj.depends_on.n; i++) {
        struct cat_dep *d = child->obj.depends_on.items[i];
        if (!d->dead && d->referenced == &parent->obj)
            CAT_SET(s->cat, d->dead, true);
    }
    for (uint32_t i = 0; i < child->columns.n; i++) {
        struct cat_column *cc = child->columns.items[i];
        if (cc->dropped)
            continue;
        CAT_SET(s->cat, cc->inhcount, (int16_t)(cc->inhcount > 0 ? cc->inhcount - 1 : 0));
        CAT_SET(s->cat, cc->islocal, true);
    }
    for (uint32_t i = 0; i < child->constraints.n; i++) {
        struct cat_constraint *k = child->constraints.items[i];
        if (k->obj.dropped || !k->parent)
            continue;
        if (k->contype == CAT_CON_CHECK || k->contype == CAT_CON_FOREIGN) {
            CAT_SET(s->cat, k->islocal, true);
            CAT_SET(s->cat, k->inhcount, 0);
            CAT_SET(s->cat, k->parent, NULL);
            catalog_kill_deps(s->cat, &k->obj, 0, -1);
            catalog_add_dep(s->cat, &k->obj, 0, CAT_ROLE_OBJECT, &child->obj, 0, CAT_DEP_AUTO);
            if (k->contype == CAT_CON_FOREIGN) {
                for (uint32_t a = 0; a < k->nkeys; a++)
                    catalog_add_dep(s->cat, &k->obj, 0, CAT_ROLE_OBJECT, &child->obj, k->keys[a],
                                    CAT_DEP_AUTO);
                catalog_add_dep(s->cat, &k->obj, 0, CAT_ROLE_OBJECT, &k->ref_rel->obj, 0,
                                CAT_DEP_NORMAL);
            } else {
                sim_add_expr_deps(s, &k->obj, 0, CAT_ROLE_OBJECT, k->expr, CAT_DEP_AUTO);
            }
        } else {
            CAT_SET(s->cat, k->parent, NULL);
            CAT_SET(s->cat, k->islocal, true);
            CAT_SET(s->cat, k->inhcount, 0);
        }
    }
    for (uint32_t i = 0; i < child->indexes.n; i++) {
        struct cat_rel *ix = child->indexes.items[i];
        if (ix->obj.dropped || !ix->index->parent)
            continue;
        struct cat_rel *pix = ix->index->parent;
        CAT_SET(s->cat, ix->index->parent, NULL);
        for (uint32_t k = 0; k < ix->obj.depends_on.n; k++) {
            struct cat_dep *d = ix->obj.depends_on.items[k];
            if (!d->dead && d->referenced == &pix->obj)
                CAT_SET(s->cat, d->dead, true);
        }
        struct cat_constraint *k = ix->index->constraint;
        if (k) {
            for (uint32_t j = 0; j < k->obj.depends_on.n; j++) {
                struct cat_dep *d = k->obj.depends_on.items[j];
                if (!d->dead && d->deptype == CAT_DEP_INTERNAL)
                    CAT_SET(s->cat, d->dead, true);
            }
        }
    }
    /* cloned triggers go away */
    for (uint32_t i = child->triggers.n; i > 0; i--) {
        struct cat_trigger *t = child->triggers.items[i - 1];
        if (!t->obj.dropped && t->parent)
            catalog_drop_obj(s->cat, &t->obj);
    }
    return 0;
}
