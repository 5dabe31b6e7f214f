/*
 * sim_table.c - CREATE TABLE (columns, serial and identity sequences,
 * defaults, generated columns, LIKE, OF, INHERITS, partitions), table
 * constraints (primary key, unique, check, foreign key, exclusion) with
 * PostgreSQL's implicit names, CREATE INDEX, sequences, CREATE TABLE AS and
 * REFRESH MATERIALIZED VIEW. ALTER TABLE is in sim_alter.c and reuses the
 * column and constraint helpers declared in sim_table.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lint/arena.h"
#include "lint/sim_internal.h"
#include "lint/sim_table.h"
#include "lint/strbuf.h"

/* ---- small helpers ---- */

static const char *defname_is(PgQuery__Node *n, const char *name)
{
    if (n && n->node_case == PG_QUERY__NODE__NODE_DEF_ELEM && n->def_elem->defname &&
        strcmp(n->def_elem->defname, name) == 0)
        return name;
    return NULL;
}

static bool int_arg(PgQuery__Node *arg, int64_t *out)
{
    if (!arg)
        return false;
    if (arg->node_case == PG_QUERY__NODE__NODE_INTEGER) {
        *out = arg->integer->ival;
        return true;
    }
    if (arg->node_case == PG_QUERY__NODE__NODE_FLOAT) {
        *out = strtoll(arg->float_->fval, NULL, 10);
        return true;
    }
    if (arg->node_case == PG_QUERY__NODE__NODE_A_CONST) {
        PgQuery__AConst *c = arg->a_const;
        if (c->val_case == PG_QUERY__A__CONST__VAL_IVAL) {
            *out = c->ival->ival;
            return true;
        }
        if (c->val_case == PG_QUERY__A__CONST__VAL_FVAL) {
            *out = strtoll(c->fval->fval, NULL, 10);
            return true;
        }
    }
    return false;
}

/* Text of a DefElem argument as reloptions store it ("name=value"). */
const char *sim_defelem_value(struct sim *s, PgQuery__DefElem *d)
{
    PgQuery__Node *a = d->arg;
    if (!a)
        return "true";
    switch (a->node_case) {
    case PG_QUERY__NODE__NODE_INTEGER:
        return arena_printf(s->arena, "%d", a->integer->ival);
    case PG_QUERY__NODE__NODE_FLOAT:
        return a->float_->fval;
    case PG_QUERY__NODE__NODE_STRING:
        return a->string->sval;
    case PG_QUERY__NODE__NODE_BOOLEAN:
        return a->boolean->boolval ? "true" : "false";
    case PG_QUERY__NODE__NODE_TYPE_NAME: {
        PgQuery__TypeName *tn = a->type_name;
        return tn->n_names ? sim_strval(tn->names[tn->n_names - 1]) : "";
    }
    case PG_QUERY__NODE__NODE_A_CONST: {
        PgQuery__AConst *c = a->a_const;
        if (c->val_case == PG_QUERY__A__CONST__VAL_IVAL)
            return arena_printf(s->arena, "%d", c->ival->ival);
        if (c->val_case == PG_QUERY__A__CONST__VAL_FVAL)
            return c->fval->fval;
        if (c->val_case == PG_QUERY__A__CONST__VAL_SVAL)
            return c->sval->sval;
        if (c->val_case == PG_QUERY__A__CONST__VAL_BOOLVAL)
            return c->boolval->boolval ? "true" : "false";
        return "";
    }
    default:
        return "";
    }
}

/* Merges WITH (...) / SET (...) / RESET (...) into a NULL-terminated sorted
 * "name=value" list. reset: remove the names. */
const char **sim_reloptions(struct sim *s, const char **old, PgQuery__Node **opts, size_t n,
                            bool reset)
{
    size_t nold = 0;
    while (old && old[nold])
        nold++;
    const char **v = arena_alloc(s->arena, sizeof *v * (nold + n + 1));
    size_t k = 0;
    for (size_t i = 0; i < nold; i++) {
        bool replaced = false;
        for (size_t j = 0; j < n; j++) {
            if (opts[j]->node_case != PG_QUERY__NODE__NODE_DEF_ELEM)
                continue;
            PgQuery__DefElem *d = opts[j]->def_elem;
            size_t l = strlen(d->defname);
            const char *full = d->defnamespace && *d->defnamespace
                                   ? arena_printf(s->arena, "%s.%s", d->defnamespace, d->defname)
                                   : d->defname;
            l = strlen(full);
            if (strncmp(old[i], full, l) == 0 && old[i][l] == '=')
                replaced = true;
        }
        if (!replaced)
            v[k++] = old[i];
    }
    if (!reset) {
        for (size_t j = 0; j < n; j++) {
            if (opts[j]->node_case != PG_QUERY__NODE__NODE_DEF_ELEM)
                continue;
            PgQuery__DefElem *d = opts[j]->def_elem;
            /* toast.* options live on the TOAST table, not in reloptions */
            if (d->defnamespace && strcmp(d->defnamespace, "toast") == 0)
                continue;
            if (d->defnamespace && *d->defnamespace)
                v[k++] = arena_printf(s->arena, "%s.%s=%s", d->defnamespace, d->defname,
                                      sim_defelem_value(s, d));
            else
                v[k++] = arena_printf(s->arena, "%s=%s", d->defname, sim_defelem_value(s, d));
        }
    }
    if (k == 0)
        return NULL;
    /* PostgreSQL keeps the old options in place and appends the new ones */
    v[k] = NULL;
    return v;
}

/* WITH (...) of CREATE TABLE, CREATE TABLE AS and CREATE MATERIALIZED VIEW:
 * since PostgreSQL 12 transformRelOptions(acceptOidsOff) drops "oids=false"
 * (old dumps and ORMs still write it) and rejects any true value. */
static int create_reloptions(struct sim *s, PgQuery__Node **opts, size_t n, const char ***out)
{
    PgQuery__Node **keep = arena_alloc(s->arena, sizeof *keep * (n ? n : 1));
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        PgQuery__DefElem *d =
            opts[i]->node_case == PG_QUERY__NODE__NODE_DEF_ELEM ? opts[i]->def_elem : NULL;
        if (d && !(d->defnamespace && *d->defnamespace) && strcmp(d->defname, "oids") == 0) {
            const char *v = sim_defelem_value(s, d);
            if (strcasecmp(v, "false") != 0 && strcasecmp(v, "off") != 0 && strcmp(v, "0") != 0)
                return sim_error(s, d->location, "0A000",
                                 "tables declared WITH OIDS are not supported");
            continue;
        }
        keep[k++] = opts[i];
    }
    *out = sim_reloptions(s, NULL, keep, k, false);
    return 0;
}

/* ---- sequences ---- */

static void seq_bounds(unsigned typoid, int64_t *min, int64_t *max)
{
    switch (typoid) {
    case PGB_INT2:
        *min = -32768;
        *max = 32767;
        break;
    case PGB_INT4:
        *min = -2147483648LL;
        *max = 2147483647LL;
        break;
    default:
        *min = INT64_MIN;
        *max = INT64_MAX;
    }
}

/* Applies sequence options (CREATE/ALTER SEQUENCE, identity options). For
 * ALTER, only the options given change; a changed AS type resets bounds
 * that were at the old type's limits, as PostgreSQL does. */
int sim_seq_options(struct sim *s, struct cat_seqinfo *q, PgQuery__Node **opts, size_t n,
                    bool create, struct cat_rel *seqrel)
{
    struct cat_type *type = create ? ex_type(PGB_INT8) : q->type;
    bool has_inc = false, has_min = false, has_max = false, has_start = false, has_cache = false,
         has_cycle = false, min_none = false, max_none = false;
    int64_t inc = create ? 1 : q->increment, min = 0, max = 0, start = 0, cache = 1;
    bool cycle = create ? false : q->cycle;
    bool type_changed = false;
    bool has_restart = false;
    int64_t restart_value = INT64_MIN;
    for (size_t i = 0; i < n; i++) {
        if (opts[i]->node_case != PG_QUERY__NODE__NODE_DEF_ELEM)
            continue;
        PgQuery__DefElem *d = opts[i]->def_elem;
        const char *nm = d->defname;
        int64_t v;
        if (strcmp(nm, "as") == 0) {
            struct ex_ctx x;
            ex_ctx_init(&x, s->cat, s->arena, EXK_OTHER);
            struct cat_typeref tr;
            if (!d->arg || d->arg->node_case != PG_QUERY__NODE__NODE_TYPE_NAME ||
                ex_typename(&x, d->arg->type_name, &tr) != 0)
                return sim_expr_error(s, &x);
            unsigned o = tr.type->oid;
            if (o != PGB_INT2 && o != PGB_INT4 && o != PGB_INT8)
                return sim_error(s, d->location, "22023",
                                 "sequence type must be smallint, integer, or bigint");
            type_changed = !create && tr.type != q->type;
            type = tr.type;
        } else if (strcmp(nm, "increment") == 0 && int_arg(d->arg, &v)) {
            inc = v;
            has_inc = true;
        } else if (strcmp(nm, "minvalue") == 0) {
            has_min = true;
            if (int_arg(d->arg, &v))
                min = v;
            else
                min_none = true;
        } else if (strcmp(nm, "maxvalue") == 0) {
            has_max = true;
            if (int_arg(d->arg, &v))
                max = v;
            else
                max_none = true;
        } else if (strcmp(nm, "start") == 0 && int_arg(d->arg, &v)) {
            start = v;
            has_start = true;
        } else if (strcmp(nm, "cache") == 0 && int_arg(d->arg, &v)) {
            cache = v;
            has_cache = true;
        } else if (strcmp(nm, "restart") == 0) {
            has_restart = true;
            restart_value = int_arg(d->arg, &v) ? v : INT64_MIN;
        } else if (strcmp(nm, "cycle") == 0) {
            has_cycle = true;
            cycle = !d->arg || d->arg->node_case != PG_QUERY__NODE__NODE_BOOLEAN ||
                    d->arg->boolean->boolval;
        }
    }
    (void)has_cycle;
    if (inc == 0)
        return sim_error(s, -1, "22023", "INCREMENT must not be zero");
    int64_t tmin, tmax;
    seq_bounds(type->oid, &tmin, &tmax);
    int64_t oldtmin = 0, oldtmax = 0;
    if (!create)
        seq_bounds(q->type->oid, &oldtmin, &oldtmax);
    /* maxvalue */
    if (has_max && !max_none) {
    } else if (create || max_none ||
               (type_changed && (q->max == oldtmax || (q->increment < 0 && q->max == -1)))) {
        max = inc > 0 ? tmax : -1;
    } else if (!create && has_inc && !has_max) {
        max = q->max;
    } else {
        max = q->max;
    }
    if (has_min && !min_none) {
    } else if (create || min_none ||
               (type_changed && (q->min == oldtmin || (q->increment > 0 && q->min == 1)))) {
        min = inc > 0 ? 1 : tmin;
    } else {
        min = q->min;
    }
    if (max > tmax || max < tmin)
        return sim_error(s, -1, "22023",
                         "MAXVALUE (%lld) is out of range for sequence data type %s",
                         (long long)max,
                         type->oid == PGB_INT2   ? "smallint"
                         : type->oid == PGB_INT4 ? "integer"
                                                 : "bigint");
    if (min > tmax || min < tmin)
        return sim_error(s, -1, "22023",
                         "MINVALUE (%lld) is out of range for sequence data type %s",
                         (long long)min,
                         type->oid == PGB_INT2   ? "smallint"
                         : type->oid == PGB_INT4 ? "integer"
                                                 : "bigint");
    if (min >= max)
        return sim_error(s, -1, "22023", "MINVALUE (%lld) must be less than MAXVALUE (%lld)",
                         (long long)min, (long long)max);
    if (!has_start)
        start = create ? (inc > 0 ? min : max) : q->start;
    if (start < min)
        return sim_error(s, -1, "22023", "START value (%lld) cannot be less than MINVALUE (%lld)",
                         (long long)start, (long long)min);
    if (start > max)
        return sim_error(s, -1, "22023",
                         "START value (%lld) cannot be greater than MAXVALUE (%lld)",
                         (long long)start, (long long)max);
    if (has_restart && restart_value != INT64_MIN) {
        if (restart_value < min)
            return sim_error(s, -1, "22023",
                             "RESTART value (%lld) cannot be less than MINVALUE (%lld)",
                             (long long)restart_value, (long long)min);
        if (restart_value > max)
            return sim_error(s, -1, "22023",
                             "RESTART value (%lld) cannot be greater than MAXVALUE (%lld)",
                             (long long)restart_value, (long long)max);
    }
    if (!has_cache)
        cache = create ? 1 : q->cache;
    if (cache <= 0)
        return sim_error(s, -1, "22023", "CACHE (%lld) must be greater than zero",
                         (long long)cache);
    struct catalog *c = s->cat;
    CAT_SET(c, q->type, type);
    CAT_SET(c, q->increment, inc);
    CAT_SET(c, q->min, min);
    CAT_SET(c, q->max, max);
    CAT_SET(c, q->start, start);
    CAT_SET(c, q->cache, cache);
    CAT_SET(c, q->cycle, cycle);
    (void)seqrel;
    return 0;
}

static int seq_owned_by(struct sim *s, struct cat_rel *seq, PgQuery__Node **opts, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (!defname_is(opts[i], "owned_by"))
            continue;
        PgQuery__Node *arg = opts[i]->def_elem->arg;
        if (!arg || arg->node_case != PG_QUERY__NODE__NODE_LIST)
            continue;
        PgQuery__List *l = arg->list;
        if (l->n_items == 1 &&
            strcmp(sim_strval(l->items[0]) ? sim_strval(l->items[0]) : "", "none") == 0) {
            catalog_kill_deps(s->cat, &seq->obj, -1, CAT_ROLE_OBJECT);
            CAT_SET(s->cat, seq->seq->owned_rel, NULL);
            CAT_SET(s->cat, seq->seq->owned_attnum, 0);
            continue;
        }
        if (l->n_items < 2)
            return sim_error(s, opts[i]->def_elem->location, "42601", "invalid OWNED BY option");
        const char *colname = sim_strval(l->items[l->n_items - 1]);
        struct cat_rel *r =
            sim_find_rel_names(s, l->items, l->n_items - 1, false, opts[i]->def_elem->location);
        if (!r)
            return -1;
        if (!sim_rel_is_table(r) && r->relkind != CAT_RELKIND_FOREIGN)
            return sim_error(s, opts[i]->def_elem->location, "42809",
                             "sequence cannot be owned by relation \"%s\"", r->name);
        if (r->schema != seq->schema)
            return sim_error(s, opts[i]->def_elem->location, "55000",
                             "sequence must be in same schema as table it is linked to");
        struct cat_column *col = catalog_find_column(r, colname);
        if (!col)
            return sim_error(s, opts[i]->def_elem->location, "42703",
                             "column \"%s\" of relation \"%s\" does not exist", colname, r->name);
        /* replace any previous owner */
        for (uint32_t k = 0; k < seq->obj.depends_on.n; k++) {
            struct cat_dep *d = seq->obj.depends_on.items[k];
            if (!d->dead && d->deptype == CAT_DEP_AUTO && d->referenced->kind == CAT_REL)
                CAT_SET(s->cat, d->dead, true);
        }
        CAT_SET(s->cat, seq->seq->owned_rel, r);
        CAT_SET(s->cat, seq->seq->owned_attnum, col->attnum);
        catalog_add_dep(s->cat, &seq->obj, 0, CAT_ROLE_OBJECT, &r->obj, col->attnum, CAT_DEP_AUTO);
    }
    return 0;
}

struct cat_rel *sim_new_sequence(struct sim *s, struct cat_schema *sch, const char *name,
                                 struct cat_type *type, PgQuery__Node **opts, size_t n,
                                 char persistence)
{
    struct cat_rel *r = catalog_add_rel(s->cat, sch, name, CAT_RELKIND_SEQUENCE);
    r->persistence = persistence;
    r->seq = arena_alloc(s->arena, sizeof *r->seq);
    r->seq->type = type;
    /* AS from the column type comes first; explicit AS in options overrides */
    PgQuery__Node **all = opts;
    if (sim_seq_options(s, r->seq, all, n, true, r) != 0)
        return NULL;
    if (type) {
        bool has_as = false;
        for (size_t i = 0; i < n; i++)
            if (defname_is(opts[i], "as"))
                has_as = true;
        if (!has_as) {
            /* redo with the column's type as AS */
            PgQuery__TypeName tn = PG_QUERY__TYPE_NAME__INIT;
            PgQuery__Node sn = PG_QUERY__NODE__INIT, *names[2];
            PgQuery__String str = PG_QUERY__STRING__INIT;
            PgQuery__Node cat = PG_QUERY__NODE__INIT;
            PgQuery__String cstr = PG_QUERY__STRING__INIT;
            cstr.sval = "pg_catalog";
            cat.node_case = PG_QUERY__NODE__NODE_STRING;
            cat.string = &cstr;
            str.sval = (char *)type->name;
            sn.node_case = PG_QUERY__NODE__NODE_STRING;
            sn.string = &str;
            names[0] = &cat;
            names[1] = &sn;
            tn.names = names;
            tn.n_names = 2;
            tn.typemod = -1;
            PgQuery__Node tnode = PG_QUERY__NODE__INIT;
            tnode.node_case = PG_QUERY__NODE__NODE_TYPE_NAME;
            tnode.type_name = &tn;
            PgQuery__DefElem as = PG_QUERY__DEF_ELEM__INIT;
            as.defname = "as";
            as.arg = &tnode;
            PgQuery__Node asn = PG_QUERY__NODE__INIT;
            asn.node_case = PG_QUERY__NODE__NODE_DEF_ELEM;
            asn.def_elem = &as;
            PgQuery__Node **v = arena_alloc(s->arena, sizeof *v * (n + 1));
            v[0] = &asn;
            for (size_t i = 0; i < n; i++)
                v[i + 1] = opts[i];
            memset(r->seq, 0, sizeof *r->seq);
            if (sim_seq_options(s, r->seq, v, n + 1, true, r) != 0)
                return NULL;
        }
    }
    sim_mark_created(s, r);
    return r;
}

int sim_create_seq(struct sim *s, PgQuery__CreateSeqStmt *st)
{
    struct cat_schema *sch = sim_schema_of(s, st->sequence, true);
    if (!sch)
        return -1;
    if (catalog_rel_name_used(sch, st->sequence->relname)) {
        if (st->if_not_exists) {
            sim_notice(s);
            return 0;
        }
        return sim_error(s, st->sequence->location, "42P07", "relation \"%s\" already exists",
                         st->sequence->relname);
    }
    char persistence = st->sequence->relpersistence && st->sequence->relpersistence[0]
                           ? st->sequence->relpersistence[0]
                           : 'p';
    struct cat_rel *r = sim_new_sequence(s, sch, st->sequence->relname, NULL, st->options,
                                         st->n_options, persistence);
    if (!r)
        return -1;
    if (seq_owned_by(s, r, st->options, st->n_options) != 0)
        return -1;
    sim_make_rowtype(s, r);
    sim_object(s, SIM_CREATED, CAT_REL, CAT_RELKIND_SEQUENCE, sch->name, r->name, NULL, r);
    return 0;
}

int sim_alter_seq(struct sim *s, PgQuery__AlterSeqStmt *st)
{
    struct cat_rel *r = sim_find_rel(s, st->sequence, st->missing_ok);
    if (!r) {
        if (st->missing_ok && !s->eff->sqlstate)
            sim_notice(s);
        return s->eff->sqlstate ? -1 : 0;
    }
    if (r->relkind != CAT_RELKIND_SEQUENCE)
        return sim_error(s, st->sequence->location, "42809", "\"%s\" is not a sequence", r->name);
    if (r->seq->identity && !st->for_identity) {
        /* ALTER SEQUENCE on an identity sequence is allowed in PostgreSQL */
    }
    if (sim_seq_options(s, r->seq, st->options, st->n_options, false, r) != 0)
        return -1;
    if (seq_owned_by(s, r, st->options, st->n_options) != 0)
        return -1;
    sim_lock_rel(s, r, SIM_SHARE_ROW_EXCLUSIVE);
    sim_object(s, SIM_ALTERED, CAT_REL, CAT_RELKIND_SEQUENCE, r->schema->name, r->name, NULL, r);
    return 0;
}

/* ---- columns ---- */

static bool is_serial(const char *name, unsigned *oid)
{
    if (!name)
        return false;
    if (strcmp(name, "serial") == 0 || strcmp(name, "serial4") == 0) {
        *oid = PGB_INT4;
        return true;
    }
    if (strcmp(name, "bigserial") == 0 || strcmp(name, "serial8") == 0) {
        *oid = PGB_INT8;
        return true;
    }
    if (strcmp(name, "smallserial") == 0 || strcmp(name, "serial2") == 0) {
        *oid = PGB_INT2;
        return true;
    }
    return false;
}

static const char *collation_name(struct sim *s, PgQuery__CollateClause *cc)
{
    if (!cc)
        return NULL;
    const char *schema, *name;
    sim_split_name(cc->collname, cc->n_collname, &schema, &name);
    if (schema && strcmp(schema, "pg_catalog") != 0)
        return arena_printf(s->arena, "%s.%s", schema, name);
    return name;
}

/* The collations of a fresh PostgreSQL 15 database (generated list; bytewise
 * sorted) plus those CREATE COLLATION made (catalog->collations). */
static bool known_collation(struct sim *s, const char *name)
{
    if (strcmp(name, "default") == 0)
        return true;
    int lo = 0, hi = 0;
    while (pgb_collations[hi])
        hi++;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        int c = strcmp(pgb_collations[mid], name);
        if (c == 0)
            return true;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return hashmap_get(&s->cat->collations, name) != NULL;
}

int sim_check_collation(struct sim *s, struct cat_typeref t, const char *coll, int location)
{
    if (!coll)
        return 0;
    struct cat_type *b = ex_base_type(t.type);
    if (b && b->category == 'A' && b->elem)
        b = ex_base_type(b->elem);
    const struct pgb_type *row = b && b->obj.builtin ? pgb_type_row(b->oid) : NULL;
    bool collatable = row ? row->collatable : (b && b->category == 'S');
    if (!collatable) {
        struct strbuf sb = STRBUF_INIT;
        ex_format_type(t.type, -1, &sb);
        sim_error(s, location, "42804", "collations are not supported by type %s", sb.buf);
        sb_release(&sb);
        return -1;
    }
    const char *dot = strchr(coll, '.');
    if (!known_collation(s, dot ? dot + 1 : coll))
        return sim_error(s, location, "42704",
                         "collation \"%s\" for encoding \"UTF8\" does not exist", coll);
    return 0;
}

/* Resolves a column's type; serial types give their integer type and set *serial. */
int sim_column_type(struct sim *s, PgQuery__ColumnDef *cd, struct cat_typeref *out, bool *serial)
{
    *serial = false;
    PgQuery__TypeName *tn = cd->type_name;
    if (!tn)
        return sim_error(s, cd->location, "42601", "column \"%s\" has no type", cd->colname);
    unsigned soid;
    if (tn->n_names == 1 && !tn->n_array_bounds && !tn->pct_type &&
        is_serial(sim_strval(tn->names[0]), &soid)) {
        *serial = true;
        out->type = ex_type(soid);
        out->typmod = -1;
        return 0;
    }
    if (tn->n_names == 2 &&
        strcmp(sim_strval(tn->names[0]) ? sim_strval(tn->names[0]) : "", "pg_catalog") == 0 &&
        is_serial(sim_strval(tn->names[1]), &soid)) {
        *serial = true;
        out->type = ex_type(soid);
        out->typmod = -1;
        return 0;
    }
    struct ex_ctx x;
    ex_ctx_init(&x, s->cat, s->arena, EXK_OTHER);
    if (ex_typename(&x, tn, out) != 0)
        return sim_expr_error(s, &x);
    if (out->type->typtype == CAT_TYPE_PSEUDO)
        return sim_error(s, tn->location, "42P16", "column \"%s\" has pseudo-type %s", cd->colname,
                         out->type->name);
    return 0;
}

/* Cooks a default expression for column col (of type t). */
struct cat_expr *sim_cook_default(struct sim *s, PgQuery__Node *raw, struct cat_typeref t,
                                  const char *colname, bool *volatile_out)
{
    struct ex_ctx x;
    ex_ctx_init(&x, s->cat, s->arena, EXK_DEFAULT);
    struct cat_expr *e = ex_analyze(&x, raw);
    if (e)
        e = ex_coerce_assign(&x, e, t, colname, -1);
    if (!e) {
        sim_expr_error(s, &x);
        return NULL;
    }
    if (volatile_out)
        *volatile_out = x.volatile_seen;
    return e;
}

void sim_set_default(struct sim *s, struct cat_column *col, struct cat_expr *e)
{
    catalog_kill_deps(s->cat, &col->rel->obj, col->attnum, CAT_ROLE_DEFAULT);
    CAT_SET(s->cat, col->default_expr, e);
    if (e)
        sim_add_expr_deps(s, &col->rel->obj, col->attnum, CAT_ROLE_DEFAULT, e, CAT_DEP_NORMAL);
}

/* Records the column's dependency on its (user) type. */
void sim_column_type_dep(struct sim *s, struct cat_column *col)
{
    catalog_kill_deps(s->cat, &col->rel->obj, col->attnum, CAT_ROLE_COLUMN);
    struct cat_type *t = col->type.type;
    if (t && !t->obj.builtin) {
        /* arrays depend through their element type */
        struct cat_type *dt = t->category == 'A' && t->elem && !t->elem->obj.builtin ? t->elem : t;
        catalog_add_dep(s->cat, &col->rel->obj, col->attnum, CAT_ROLE_COLUMN, &dt->obj, 0,
                        CAT_DEP_NORMAL);
    }
}

/* serial: sequence <table>_<col>_seq, default nextval, NOT NULL, OWNED BY. */
static int make_serial(struct sim *s, struct cat_rel *r, struct cat_column *col)
{
    const char *name = sim_choose_relation_name(s, r->schema, r->name, col->name, "seq", false);
    struct cat_rel *seq =
        sim_new_sequence(s, r->schema, name, col->type.type, NULL, 0, r->persistence);
    if (!seq)
        return -1;
    sim_make_rowtype(s, seq);
    sim_object(s, SIM_CREATED, CAT_REL, CAT_RELKIND_SEQUENCE, r->schema->name, seq->name, NULL,
               seq);
    /* nextval('schema.seq'::regclass) */
    struct cat_expr *arg = arena_alloc(s->arena, sizeof *arg);
    arg->kind = EX_CONST;
    arg->type = ex_type(PGB_REGCLASS);
    arg->typmod = -1;
    arg->value = seq->name;
    arg->regclass = seq;
    struct cat_expr *call = arena_alloc(s->arena, sizeof *call);
    call->kind = EX_FUNC;
    call->type = ex_type(PGB_INT8);
    call->typmod = -1;
    call->name = "nextval";
    unsigned first;
    unsigned nproc = pgb_procs_named("nextval", &first);
    call->proc = nproc ? &pgb_procs[first] : NULL;
    call->nargs = 1;
    call->args = arena_alloc(s->arena, sizeof *call->args);
    call->args[0] = arg;
    struct cat_expr *e = call;
    if (col->type.type->oid != PGB_INT8) {
        /* int8 -> int4/int2: an assignment cast, hidden when printed */
        struct cat_expr *cast = arena_alloc(s->arena, sizeof *cast);
        cast->kind = EX_FUNC;
        cast->format = EXF_IMPLICIT_CAST;
        cast->type = col->type.type;
        cast->typmod = -1;
        cast->arg = call;
        cast->name = col->type.type->name;
        e = cast;
    }
    sim_set_default(s, col, e);
    CAT_SET(s->cat, col->notnull, true);
    CAT_SET(s->cat, seq->seq->owned_rel, r);
    CAT_SET(s->cat, seq->seq->owned_attnum, col->attnum);
    catalog_add_dep(s->cat, &seq->obj, 0, CAT_ROLE_OBJECT, &r->obj, col->attnum, CAT_DEP_AUTO);
    return 0;
}

int sim_make_identity(struct sim *s, struct cat_rel *r, struct cat_column *col, char kind,
                      PgQuery__Node **opts, size_t nopts)
{
    unsigned o = col->type.type ? ex_base_type(col->type.type)->oid : 0;
    if (o != PGB_INT2 && o != PGB_INT4 && o != PGB_INT8)
        return sim_error(s, -1, "22023",
                         "identity column type must be smallint, integer, or bigint");
    const char *name = NULL;
    PgQuery__Node **rest = arena_alloc(s->arena, sizeof *rest * (nopts + 1));
    size_t nrest = 0;
    for (size_t i = 0; i < nopts; i++) {
        if (defname_is(opts[i], "sequence_name")) {
            PgQuery__Node *a = opts[i]->def_elem->arg;
            if (a && a->node_case == PG_QUERY__NODE__NODE_LIST && a->list->n_items)
                name = sim_strval(a->list->items[a->list->n_items - 1]);
            continue;
        }
        rest[nrest++] = opts[i];
    }
    if (!name)
        name = sim_choose_relation_name(s, r->schema, r->name, col->name, "seq", false);
    else if (catalog_rel_name_used(r->schema, name))
        return sim_error(s, -1, "42P07", "relation \"%s\" already exists", name);
    struct cat_rel *seq = sim_new_sequence(s, r->schema, name, ex_base_type(col->type.type), rest,
                                           nrest, r->persistence);
    if (!seq)
        return -1;
    seq->seq->identity = true;
    seq->seq->owned_rel = r;
    seq->seq->owned_attnum = col->attnum;
    sim_make_rowtype(s, seq);
    catalog_add_dep(s->cat, &seq->obj, 0, CAT_ROLE_OBJECT, &r->obj, col->attnum, CAT_DEP_INTERNAL);
    CAT_SET(s->cat, col->identity, kind);
    CAT_SET(s->cat, col->identity_seq, seq);
    CAT_SET(s->cat, col->notnull, true);
    return 0;
}

/* ---- constraints ---- */

void sim_con_push(struct sim *s, struct con_list *l, PgQuery__Constraint *c, const char *col)
{
    if (l->n == l->cap) {
        uint32_t cap = l->cap ? l->cap * 2 : 8;
        l->items = arena_grow(s->arena, l->items, l->cap, cap, sizeof *l->items);
        l->cap = cap;
    }
    l->items[l->n].con = c;
    l->items[l->n].colname = col;
    l->items[l->n].from_column = col != NULL;
    l->n++;
}

static const char *keys_of(struct sim *s, PgQuery__Node **keys, size_t n, const char *col)
{
    if (n == 0)
        return col;
    struct strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < n; i++) {
        const char *k = sim_strval(keys[i]);
        if (!k)
            continue;
        if (sb.len + strlen(k) + 1 >= 64 && sb.len) {
            break;
        }
        if (sb.len)
            sb_addc(&sb, '_');
        sb_adds(&sb, k);
    }
    const char *r = arena_strdup(s->arena, sb.buf ? sb.buf : "");
    sb_release(&sb);
    return r;
}

/* ChooseForeignKeyConstraintNameAddition / index name addition: column names
 * joined by '_', stopping once NAMEDATALEN is reached. */
const char *sim_name_addition(struct sim *s, const char *const *names, uint32_t n)
{
    char buf[128];
    size_t len = 0;
    buf[0] = 0;
    for (uint32_t i = 0; i < n; i++) {
        const char *name = names[i];
        if (len > 0)
            buf[len++] = '_';
        size_t l = strlen(name);
        if (len + l > 63) {
            l = 63 - len;
        }
        memcpy(buf + len, name, l);
        len += l;
        buf[len] = 0;
        if (len >= 63)
            break;
    }
    return arena_strdup(s->arena, buf);
}

/* CHECK constraint: cooked, named tab_col_check / tab_check. */
int sim_add_check(struct sim *s, struct cat_rel *r, PgQuery__Constraint *con, const char **used,
                  uint32_t nused, bool is_create, struct cat_constraint **out)
{
    struct ex_ctx x;
    ex_ctx_init(&x, s->cat, s->arena, EXK_CHECK);
    x.scope = ex_scope_for_rel(s->arena, r, NULL);
    struct cat_expr *e = ex_analyze(&x, con->raw_expr);
    e = ex_coerce_bool(&x, e, "CHECK");
    if (!e)
        return sim_expr_error(s, &x);
    const char *name = con->conname && *con->conname ? con->conname : NULL;
    if (!name) {
        /* one distinct column: tab_col_check; otherwise tab_check */
        struct ex_deps d = {0};
        ex_collect_deps(e, &d, s->arena);
        int16_t att = 0;
        bool several = false;
        for (uint32_t i = 0; i < d.nrels; i++) {
            if (d.rels[i] != r || d.attnums[i] <= 0)
                continue;
            if (att && att != d.attnums[i])
                several = true;
            att = d.attnums[i];
        }
        const char *colname = NULL;
        if (att && !several) {
            struct cat_column *col = catalog_column_by_attnum(r, att);
            colname = col ? col->name : NULL;
        }
        name = sim_choose_constraint_name(s, r->schema, r->name, colname, "check", used, nused);
    } else {
        struct cat_constraint *old = catalog_find_constraint(r, name);
        if (old) {
            return sim_error(s, con->location, "42710",
                             "constraint \"%s\" for relation \"%s\" already exists", name, r->name);
        }
    }
    struct cat_constraint *k = catalog_add_constraint(s->cat, r, NULL, name, CAT_CON_CHECK);
    k->expr = e;
    k->noinherit = con->is_no_inherit;
    k->validated = is_create || !con->skip_validation;
    sim_register_constraint_name(s, k);
    catalog_add_dep(s->cat, &k->obj, 0, CAT_ROLE_OBJECT, &r->obj, 0, CAT_DEP_AUTO);
    sim_add_expr_deps(s, &k->obj, 0, CAT_ROLE_OBJECT, e, CAT_DEP_AUTO);
    /* functions and types used by the check are normal dependencies */
    sim_object(s, SIM_CREATED, CAT_CONSTRAINT, 0, r->schema->name, name, r->name, k);
    if (out)
        *out = k;
    return 0;
}

static const struct cat_rel *unique_index_for(struct cat_rel *ref, int16_t *keys, uint32_t n)
{
    for (uint32_t i = 0; i < ref->indexes.n; i++) {
        struct cat_rel *ix = ref->indexes.items[i];
        struct cat_indexinfo *ii = ix->index;
        if (ix->obj.dropped || !ii->unique || ii->predicate || ii->nkeyatts != n)
            continue;
        if (ii->constraint && ii->constraint->deferrable)
            continue;
        bool all = true;
        for (uint32_t k = 0; k < n && all; k++) {
            bool found = false;
            for (uint32_t j = 0; j < n; j++)
                if (ii->attnums[j] == keys[k])
                    found = true;
            all = found;
        }
        if (all)
            return ix;
    }
    return NULL;
}

static char fk_action(const char *a)
{
    return a && *a ? a[0] : 'a';
}

/* FOREIGN KEY: checks the referenced key, names tab_cols_fkey. */
int sim_add_fk(struct sim *s, struct cat_rel *r, PgQuery__Constraint *con, const char *colname,
               const char **used, uint32_t nused, bool is_create, struct cat_constraint **out)
{
    struct cat_rel *ref;
    bool self = false;
    if (is_create && con->pktable && strcmp(con->pktable->relname, r->name) == 0 &&
        (!con->pktable->schemaname || !*con->pktable->schemaname ||
         strcmp(con->pktable->schemaname, r->schema->name) == 0)) {
        ref = r;
        self = true;
    } else {
        ref = sim_find_rel(s, con->pktable, false);
        if (!ref)
            return -1;
    }
    (void)self;
    if (ref->relkind != CAT_RELKIND_TABLE && ref->relkind != CAT_RELKIND_PARTITIONED)
        return sim_error(s, con->location, "42809", "referenced relation \"%s\" is not a table",
                         ref->name);
    if (ref->persistence != r->persistence && ref->persistence == 't')
        return sim_error(s, con->location, "42P16",
                         "constraints on permanent tables may reference only permanent tables");
    if (r->persistence == 'p' && ref->persistence == 'u')
        return sim_error(s, con->location, "42P16",
                         "constraints on permanent tables may reference only permanent tables");
    uint32_t nfk = con->n_fk_attrs ? (uint32_t)con->n_fk_attrs : 1;
    int16_t *fk = arena_alloc(s->arena, sizeof *fk * (nfk + 1));
    const char **fknames = arena_alloc(s->arena, sizeof *fknames * (nfk + 1));
    for (uint32_t i = 0; i < nfk; i++) {
        const char *cn = con->n_fk_attrs ? sim_strval(con->fk_attrs[i]) : colname;
        struct cat_column *col = cn ? catalog_find_column(r, cn) : NULL;
        if (!col)
            return sim_error(s, con->location, "42703",
                             "column \"%s\" referenced in foreign key constraint does not exist",
                             cn ? cn : "?");
        fk[i] = col->attnum;
        fknames[i] = col->name;
    }
    int16_t *pk;
    uint32_t npk;
    const struct cat_rel *uix;
    if (con->n_pk_attrs == 0) {
        struct cat_rel *pkix = NULL;
        for (uint32_t i = 0; i < ref->indexes.n; i++) {
            struct cat_rel *ix = ref->indexes.items[i];
            if (!ix->obj.dropped && ix->index->primary)
                pkix = ix;
        }
        if (!pkix)
            return sim_error(s, con->location, "42830",
                             "there is no primary key for referenced table \"%s\"", ref->name);
        npk = pkix->index->nkeyatts;
        pk = pkix->index->attnums;
        uix = pkix;
    } else {
        npk = (uint32_t)con->n_pk_attrs;
        pk = arena_alloc(s->arena, sizeof *pk * (npk + 1));
        for (uint32_t i = 0; i < npk; i++) {
            const char *cn = sim_strval(con->pk_attrs[i]);
            struct cat_column *col = cn ? catalog_find_column(ref, cn) : NULL;
            if (!col)
                return sim_error(
                    s, con->location, "42703",
                    "column \"%s\" referenced in foreign key constraint does not exist",
                    cn ? cn : "?");
            pk[i] = col->attnum;
        }
        uix = NULL;
    }
    if (npk != nfk)
        return sim_error(s, con->location, "42830",
                         "number of referencing and referenced columns for foreign key disagree");
    if (!uix) {
        uix = unique_index_for(ref, pk, npk);
        if (!uix)
            return sim_error(
                s, con->location, "42830",
                "there is no unique constraint matching given keys for referenced table \"%s\"",
                ref->name);
    }
    /* key types must have an equality operator */
    const char *name = con->conname && *con->conname ? con->conname : NULL;
    for (uint32_t i = 0; i < nfk; i++) {
        struct cat_column *a = catalog_column_by_attnum(r, fk[i]);
        struct cat_column *b = catalog_column_by_attnum(ref, pk[i]);
        struct cat_type *ta = ex_base_type(a->type.type), *tb = ex_base_type(b->type.type);
        bool ok = ta == tb || ex_can_coerce(ta, tb, 'i') || ex_can_coerce(tb, ta, 'i') ||
                  (ta->category == tb->category && ta->category == 'N');
        if (ta->category == 'A' || tb->category == 'A')
            ok = ta == tb || ex_can_coerce(ta, tb, 'i');
        if (!ok) {
            const char *nm = name
                                 ? name
                                 : sim_make_object_name(s->arena, r->name,
                                                        sim_name_addition(s, fknames, nfk), "fkey");
            struct strbuf x = STRBUF_INIT, y = STRBUF_INIT;
            ex_format_type(a->type.type, -1, &x);
            ex_format_type(b->type.type, -1, &y);
            sim_error(s, con->location, "42804",
                      "foreign key constraint \"%s\" cannot be implemented", nm);
            sim_error_detail(
                s,
                arena_printf(s->arena,
                             "Key columns \"%s\" and \"%s\" are of incompatible types: %s and %s.",
                             a->name, b->name, x.buf, y.buf));
            sb_release(&x);
            sb_release(&y);
            return -1;
        }
    }
    if (!name)
        name = sim_choose_constraint_name(s, r->schema, r->name, sim_name_addition(s, fknames, nfk),
                                          "fkey", used, nused);
    else if (catalog_find_constraint(r, name))
        return sim_error(s, con->location, "42710",
                         "constraint \"%s\" for relation \"%s\" already exists", name, r->name);
    struct cat_constraint *k = catalog_add_constraint(s->cat, r, NULL, name, CAT_CON_FOREIGN);
    k->keys = fk;
    k->nkeys = nfk;
    k->ref_rel = ref;
    k->ref_keys = pk;
    k->index = (struct cat_rel *)uix;
    k->upd_action = fk_action(con->fk_upd_action);
    k->del_action = fk_action(con->fk_del_action);
    k->match = con->fk_matchtype && *con->fk_matchtype ? con->fk_matchtype[0] : 's';
    k->deferrable = con->deferrable;
    k->deferred = con->initdeferred;
    k->validated = is_create || !con->skip_validation;
    if (con->n_fk_del_set_cols) {
        k->ndel_set_cols = (uint32_t)con->n_fk_del_set_cols;
        k->del_set_cols = arena_alloc(s->arena, sizeof *k->del_set_cols * k->ndel_set_cols);
        for (uint32_t i = 0; i < k->ndel_set_cols; i++) {
            const char *cn = sim_strval(con->fk_del_set_cols[i]);
            struct cat_column *col = cn ? catalog_find_column(r, cn) : NULL;
            if (!col)
                return sim_error(
                    s, con->location, "42703",
                    "column \"%s\" referenced in foreign key constraint does not exist",
                    cn ? cn : "?");
            bool in_fk = false;
            for (uint32_t j = 0; j < nfk; j++)
                in_fk |= fk[j] == col->attnum;
            if (!in_fk)
                return sim_error(
                    s, con->location, "42P10",
                    "column \"%s\" referenced in ON DELETE SET action must be part of foreign key",
                    cn);
            k->del_set_cols[i] = col->attnum;
        }
    }
    sim_register_constraint_name(s, k);
    for (uint32_t i = 0; i < nfk; i++)
        catalog_add_dep(s->cat, &k->obj, 0, CAT_ROLE_OBJECT, &r->obj, fk[i], CAT_DEP_AUTO);
    if (ref != r || true) {
        for (uint32_t i = 0; i < npk; i++)
            catalog_add_dep(s->cat, &k->obj, 0, CAT_ROLE_OBJECT, &ref->obj, pk[i],
                            ref == r ? CAT_DEP_AUTO : CAT_DEP_NORMAL);
        catalog_add_dep(s->cat, &k->obj, 0, CAT_ROLE_OBJECT, (struct cat_obj *)&uix->obj, 0,
                        CAT_DEP_NORMAL);
    }
    struct sim_lock *l = sim_lock_rel(s, r, SIM_SHARE_ROW_EXCLUSIVE);
    struct sim_lock *l2 = sim_lock_rel(s, ref, SIM_SHARE_ROW_EXCLUSIVE);
    if (k->validated && !is_create) {
        l->scan = true;
        l2->scan = true;
    }
    sim_object(s, SIM_CREATED, CAT_CONSTRAINT, 0, r->schema->name, name, r->name, k);
    if (out)
        *out = k;
    return 0;
}

/* PRIMARY KEY / UNIQUE / EXCLUDE as a constraint with its index. */
int sim_add_index_constraint(struct sim *s, struct cat_rel *r, PgQuery__Constraint *con,
                             const char *colname, bool is_create, bool only,
                             struct cat_constraint **out)
{
    only = only && r->relkind == CAT_RELKIND_PARTITIONED;
    bool primary = con->contype == PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY;
    bool excl = con->contype == PG_QUERY__CONSTR_TYPE__CONSTR_EXCLUSION;
    if (primary) {
        for (uint32_t i = 0; i < r->indexes.n; i++) {
            struct cat_rel *ix = r->indexes.items[i];
            if (!ix->obj.dropped && ix->index->primary)
                return sim_error(s, con->location, "42P16",
                                 "multiple primary keys for table \"%s\" are not allowed", r->name);
        }
    }
    const char *name = con->conname && *con->conname ? con->conname : NULL;
    if (name && catalog_find_constraint(r, name))
        return sim_error(s, con->location, "42710",
                         "constraint \"%s\" for relation \"%s\" already exists", name, r->name);
    struct cat_rel *ix;
    if (con->indexname && *con->indexname) {
        /* ... USING INDEX idx */
        ix = hashmap_get(&r->schema->rels, con->indexname);
        if (!ix || !ix->index)
            return sim_error(s, con->location, "42704", "index \"%s\" does not exist",
                             con->indexname);
        if (ix->index->table != r)
            return sim_error(s, con->location, "42809",
                             "index \"%s\" does not belong to table \"%s\"", ix->name, r->name);
        if (ix->index->constraint)
            return sim_error(s, con->location, "55000",
                             "index \"%s\" is already associated with a constraint", ix->name);
        if (!ix->index->unique)
            return sim_error(s, con->location, "42809", "\"%s\" is not a unique index", ix->name);
        if (ix->index->predicate)
            return sim_error(s, con->location, "42809", "index \"%s\" contains expressions",
                             ix->name);
        for (uint32_t i = 0; i < ix->index->natts; i++)
            if (!ix->index->attnums[i])
                return sim_error(s, con->location, "42809", "index \"%s\" contains expressions",
                                 ix->name);
        if (primary) {
            for (uint32_t i = 0; i < ix->index->nkeyatts; i++) {
                struct cat_column *col = catalog_column_by_attnum(r, ix->index->attnums[i]);
                if (col)
                    CAT_SET(s->cat, col->notnull, true);
            }
            CAT_SET(s->cat, ix->index->primary, true);
        }
        if (name && strcmp(name, ix->name) != 0) {
            if (catalog_rel_name_used(r->schema, name))
                return sim_error(s, con->location, "42P07", "relation \"%s\" already exists", name);
            catalog_rename_rel(s->cat, ix, name);
        }
        name = ix->name;
        sim_lock_rel(s, r, SIM_ACCESS_EXCLUSIVE);
    } else {
        struct sim_index_spec spec = {0};
        spec.name = name;
        spec.table = r;
        spec.method = con->access_method && *con->access_method ? con->access_method
                      : excl                                    ? "gist"
                                                                : "btree";
        spec.unique = !excl;
        spec.primary = primary;
        spec.exclusion = excl;
        spec.nulls_not_distinct = con->nulls_not_distinct;
        spec.deferrable = con->deferrable;
        spec.deferred = con->initdeferred;
        spec.location = con->location;
        spec.is_constraint = true;
        spec.where = con->where_clause;
        spec.options = con->options;
        spec.noptions = con->n_options;
        /* keys are column names (PK/UNIQUE) or IndexElem+operators (EXCLUDE) */
        if (excl) {
            spec.nparams = con->n_exclusions;
            spec.params = arena_alloc(s->arena, sizeof *spec.params * (spec.nparams + 1));
            spec.excl_ops = arena_alloc(s->arena, sizeof *spec.excl_ops * (spec.nparams + 1));
            for (size_t i = 0; i < con->n_exclusions; i++) {
                PgQuery__Node *pair = con->exclusions[i];
                if (pair->node_case != PG_QUERY__NODE__NODE_LIST || pair->list->n_items < 2)
                    continue;
                spec.params[i] = pair->list->items[0];
                PgQuery__Node *ops = pair->list->items[1];
                const char *op = "=";
                if (ops->node_case == PG_QUERY__NODE__NODE_LIST && ops->list->n_items)
                    op = sim_strval(ops->list->items[ops->list->n_items - 1]);
                spec.excl_ops[i] = op;
            }
        } else {
            size_t nk = con->n_keys ? con->n_keys : 1;
            spec.nparams = nk;
            spec.params = arena_alloc(s->arena, sizeof *spec.params * (nk + 1));
            for (size_t i = 0; i < nk; i++) {
                const char *cn = con->n_keys ? sim_strval(con->keys[i]) : colname;
                PgQuery__IndexElem *ie = arena_alloc(s->arena, sizeof *ie);
                pg_query__index_elem__init(ie);
                ie->name = (char *)(cn ? cn : "");
                PgQuery__Node *n = arena_alloc(s->arena, sizeof *n);
                pg_query__node__init(n);
                n->node_case = PG_QUERY__NODE__NODE_INDEX_ELEM;
                n->index_elem = ie;
                spec.params[i] = n;
            }
        }
        spec.including = con->including;
        spec.nincluding = con->n_including;
        spec.only = spec.skip_partitions = only;
        if (primary) {
            for (size_t i = 0; i < spec.nparams; i++) {
                PgQuery__IndexElem *ie = spec.params[i]->index_elem;
                struct cat_column *col = ie->name ? catalog_find_column(r, ie->name) : NULL;
                if (!col)
                    return sim_error(s, con->location, "42703",
                                     "column \"%s\" of relation \"%s\" does not exist",
                                     ie->name ? ie->name : "?", r->name);
                /* ONLY cannot make the partitions' key columns NOT NULL
                 * (ATPrepAddPrimaryKey checks the direct partitions) */
                for (uint32_t p = 0; only && p < r->partitions.n; p++) {
                    struct cat_rel *part = r->partitions.items[p];
                    struct cat_column *pc = part->obj.dropped ? NULL
                                                              : catalog_find_column(part, ie->name);
                    if (pc && !pc->notnull) {
                        sim_error(s, -1, "42P16", "constraint must be added to child tables too");
                        sim_error_detail(s, arena_printf(s->arena,
                                                         "Column \"%s\" of relation \"%s\" is "
                                                         "not already NOT NULL.",
                                                         pc->name, part->name));
                        return sim_error_hint(s, "Do not specify the ONLY keyword.");
                    }
                }
            }
        }
        ix = sim_define_index(s, &spec);
        if (!ix)
            return -1;
        name = ix->name;
        if (primary) {
            for (uint32_t i = 0; i < ix->index->nkeyatts; i++) {
                struct cat_column *col = catalog_column_by_attnum(r, ix->index->attnums[i]);
                if (col) {
                    if (!col->notnull && !is_create) {
                        struct sim_lock *l = sim_lock_rel(s, r, SIM_ACCESS_EXCLUSIVE);
                        l->scan = true;
                    }
                    CAT_SET(s->cat, col->notnull, true);
                }
            }
        }
    }
    struct cat_constraint *k = catalog_add_constraint(s->cat, r, NULL, name,
                                                      primary ? CAT_CON_PRIMARY
                                                      : excl  ? CAT_CON_EXCLUSION
                                                              : CAT_CON_UNIQUE);
    k->index = ix;
    k->deferrable = con->deferrable;
    k->deferred = con->initdeferred;
    k->keys = ix->index->attnums;
    k->nkeys = ix->index->nkeyatts;
    CAT_SET(s->cat, ix->index->constraint, k);
    CAT_SET(s->cat, ix->index->immediate, !con->deferrable);
    if (excl)
        k->excl_ops = ix->index->excl_ops;
    sim_register_constraint_name(s, k);
    for (uint32_t i = 0; i < ix->index->natts; i++)
        if (ix->index->attnums[i])
            catalog_add_dep(s->cat, &k->obj, 0, CAT_ROLE_OBJECT, &r->obj, ix->index->attnums[i],
                            CAT_DEP_AUTO);
    catalog_add_dep(s->cat, &k->obj, 0, CAT_ROLE_OBJECT, &r->obj, 0, CAT_DEP_AUTO);
    /* the index becomes internal to the constraint */
    for (uint32_t i = 0; i < ix->obj.depends_on.n; i++) {
        struct cat_dep *d = ix->obj.depends_on.items[i];
        if (!d->dead && d->referenced == &r->obj)
            CAT_SET(s->cat, d->dead, true);
    }
    catalog_add_dep(s->cat, &ix->obj, 0, CAT_ROLE_OBJECT, &k->obj, 0, CAT_DEP_INTERNAL);
    sim_object(s, SIM_CREATED, CAT_CONSTRAINT, 0, r->schema->name, name, r->name, k);
    if (r->relkind == CAT_RELKIND_PARTITIONED && !only)
        sim_propagate_index_constraint(s, ix, k);
    if (out)
        *out = k;
    return 0;
}

/* ---- indexes ---- */

static bool am_known(const char *am)
{
    for (const char *const *p = pgb_index_ams; *p; p++)
        if (strcmp(*p, am) == 0)
            return true;
    return false;
}

/* The operator class name for (am, column type) PostgreSQL would pick, or
 * NULL when the type has none. Accounts for binary-coercible types. */
const char *sim_default_opclass(struct sim *s, const char *am, struct cat_type *t,
                                struct cat_schema **schema_out)
{
    if (schema_out)
        *schema_out = NULL;
    t = ex_base_type(t);
    if (!t)
        return NULL;
    /* exact match first */
    for (unsigned i = 0; i < pgb_nopclasses; i++) {
        const struct pgb_opclass *o = &pgb_opclasses[i];
        if (o->intype == t->oid && o->is_default && t->obj.builtin && strcmp(o->am, am) == 0)
            return o->name;
    }
    /* extension operator classes */
    struct hashmap_entry *unused = NULL;
    (void)unused;
    for (const char **p = s->cat->search_path; *p; p++) {
        struct cat_schema *sch = catalog_find_schema(s->cat, *p);
        if (!sch)
            continue;
        uint32_t it = 0;
        const char *key;
        void *v;
        while (hashmap_next(&sch->opclasses, &it, &key, &v)) {
            struct cat_opclass *oc = v;
            if (oc->is_default && strcmp(oc->am, am) == 0 && oc->intype == t) {
                if (schema_out)
                    *schema_out = sch;
                return oc->name;
            }
        }
    }
    /* also in any schema (extension in a schema not on the path) */
    uint32_t it = 0;
    const char *key;
    void *v;
    while (hashmap_next(&s->cat->schemas, &it, &key, &v)) {
        struct cat_schema *sch = v;
        if (sch->obj.builtin && sch != s->cat->public_schema)
            continue;
        uint32_t it2 = 0;
        const char *k2;
        void *v2;
        while (hashmap_next(&sch->opclasses, &it2, &k2, &v2)) {
            struct cat_opclass *oc = v2;
            if (oc->is_default && strcmp(oc->am, am) == 0 && oc->intype == t) {
                if (schema_out)
                    *schema_out = sch;
                return oc->name;
            }
        }
    }
    /* polymorphic / binary-coercible defaults */
    int found = 0;
    const char *name = NULL;
    for (unsigned i = 0; i < pgb_nopclasses; i++) {
        const struct pgb_opclass *o = &pgb_opclasses[i];
        if (!o->is_default || strcmp(o->am, am) != 0)
            continue;
        struct cat_type *it2 = ex_type(o->intype);
        if (!it2)
            continue;
        bool ok;
        if (ex_is_polymorphic(it2)) {
            struct cat_type *in[1] = {t}, *decl[1] = {it2};
            ok = ex_can_coerce(t, it2, 'i') && ex_generic_consistent(in, decl, 1);
        } else {
            unsigned f;
            ok = ex_find_path(t, it2, 'i', &f) == EXP_RELABEL;
        }
        if (ok) {
            found++;
            name = o->name;
            if (!ex_is_polymorphic(it2))
                return name; /* a binary-coercible exact family wins */
        }
    }
    return found ? name : NULL;
}

static bool opclass_exists(struct sim *s, const char *am, const char *schema, const char *name,
                           struct cat_schema **where)
{
    *where = NULL;
    if (!schema || strcmp(schema, "pg_catalog") == 0) {
        for (unsigned i = 0; i < pgb_nopclasses; i++)
            if (strcmp(pgb_opclasses[i].am, am) == 0 && strcmp(pgb_opclasses[i].name, name) == 0)
                return true;
        if (schema)
            return false;
    }
    char key[200];
    snprintf(key, sizeof key, "%s:%s", am, name);
    if (schema) {
        struct cat_schema *sch = catalog_find_schema(s->cat, schema);
        if (sch && hashmap_get(&sch->opclasses, key)) {
            *where = sch;
            return true;
        }
        return false;
    }
    for (const char **p = s->cat->search_path; *p; p++) {
        struct cat_schema *sch = catalog_find_schema(s->cat, *p);
        if (sch && hashmap_get(&sch->opclasses, key)) {
            *where = sch;
            return true;
        }
    }
    return false;
}

/* ChooseIndexColumnNames */
static const char **index_colnames(struct sim *s, PgQuery__Node **params, size_t n)
{
    const char **v = arena_alloc(s->arena, sizeof *v * (n + 1));
    for (size_t i = 0; i < n; i++) {
        PgQuery__IndexElem *ie = params[i]->index_elem;
        const char *orig = ie->indexcolname && *ie->indexcolname ? ie->indexcolname
                           : ie->name && *ie->name               ? ie->name
                                                                 : ex_index_colname(ie->expr);
        const char *cur = orig;
        for (int k = 1;; k++) {
            bool clash = false;
            for (size_t j = 0; j < i && !clash; j++)
                clash = strcmp(v[j], cur) == 0;
            if (!clash)
                break;
            char nbuf[16];
            snprintf(nbuf, sizeof nbuf, "%d", k);
            size_t l = strlen(orig);
            if (l > 63 - strlen(nbuf))
                l = 63 - strlen(nbuf);
            cur = arena_printf(s->arena, "%.*s%s", (int)l, orig, nbuf);
        }
        v[i] = cur;
    }
    return v;
}

static bool expr_is_immutable(struct ex_ctx *x)
{
    return !x->mutable_seen;
}

struct cat_rel *sim_define_index(struct sim *s, struct sim_index_spec *spec)
{
    struct cat_rel *t = spec->table;
    if (t->relkind != CAT_RELKIND_TABLE && t->relkind != CAT_RELKIND_PARTITIONED &&
        t->relkind != CAT_RELKIND_MATVIEW) {
        sim_error(s, spec->location, "42809", "cannot create index on relation \"%s\"", t->name);
        sim_error_detail(s, arena_printf(s->arena, "This operation is not supported for %ss.",
                                         catalog_relkind_name(t->relkind)));
        return NULL;
    }
    const char *am = spec->method ? spec->method : "btree";
    if (!am_known(am)) {
        sim_error(s, spec->location, "42704", "access method \"%s\" does not exist", am);
        return NULL;
    }
    if ((spec->unique || spec->primary) && strcmp(am, "btree") != 0) {
        sim_error(s, spec->location, "0A000",
                  "access method \"%s\" does not support unique indexes", am);
        return NULL;
    }
    if (spec->concurrently && t->relkind == CAT_RELKIND_PARTITIONED) {
        sim_error(s, spec->location, "0A000",
                  "cannot create index on partitioned table \"%s\" concurrently", t->name);
        return NULL;
    }
    uint32_t nkey = (uint32_t)spec->nparams, ninc = (uint32_t)spec->nincluding;
    uint32_t natts = nkey + ninc;
    if (natts > 32) {
        sim_error(s, spec->location, "54011", "cannot use more than 32 columns in an index");
        return NULL;
    }
    struct cat_indexinfo *ii = arena_alloc(s->arena, sizeof *ii);
    ii->table = t;
    ii->unique = spec->unique || spec->primary;
    ii->primary = spec->primary;
    ii->exclusion = spec->exclusion;
    ii->nulls_not_distinct = spec->nulls_not_distinct;
    ii->valid = true;
    ii->concurrently = spec->concurrently;
    ii->immediate = !spec->deferrable;
    ii->method = arena_strdup(s->arena, am);
    ii->nkeyatts = nkey;
    ii->natts = natts;
    ii->attnums = arena_alloc(s->arena, sizeof *ii->attnums * (natts + 1));
    ii->exprs = arena_alloc(s->arena, sizeof *ii->exprs * (natts + 1));
    ii->collations = arena_alloc(s->arena, sizeof *ii->collations * (natts + 1));
    ii->opclasses = arena_alloc(s->arena, sizeof *ii->opclasses * (natts + 1));
    ii->options = arena_alloc(s->arena, natts + 1);
    if (spec->excl_ops) {
        ii->excl_ops = arena_alloc(s->arena, sizeof *ii->excl_ops * (natts + 1));
        for (uint32_t i = 0; i < nkey; i++)
            ii->excl_ops[i] = spec->excl_ops[i];
    }
    struct ex_deps deps = {0};
    for (uint32_t i = 0; i < nkey; i++) {
        PgQuery__Node *pn = spec->params[i];
        if (!pn || pn->node_case != PG_QUERY__NODE__NODE_INDEX_ELEM) {
            sim_error(s, spec->location, "42601", "invalid index column");
            return NULL;
        }
        PgQuery__IndexElem *ie = pn->index_elem;
        struct cat_typeref ct;
        if (ie->name && *ie->name) {
            struct cat_column *col = catalog_find_column(t, ie->name);
            if (!col) {
                sim_error(s, spec->location, "42703", "column \"%s\" does not exist", ie->name);
                return NULL;
            }
            ii->attnums[i] = col->attnum;
            ct = col->type;
        } else {
            struct ex_ctx x;
            ex_ctx_init(&x, s->cat, s->arena, EXK_INDEX_EXPR);
            x.scope = ex_scope_for_rel(s->arena, t, NULL);
            x.deps = &deps;
            struct cat_expr *e = ex_analyze(&x, ie->expr);
            if (e)
                e = ex_resolve_unknown(&x, e);
            if (!e) {
                sim_expr_error(s, &x);
                return NULL;
            }
            if (!expr_is_immutable(&x)) {
                sim_error(s, spec->location, "42P17",
                          "functions in index expression must be marked IMMUTABLE");
                return NULL;
            }
            /* a bare column in parentheses is a plain column */
            if (e->kind == EX_VAR && e->rel == t) {
                ii->attnums[i] = e->attnum;
            } else {
                ii->exprs[i] = e;
            }
            ct.type = e->type;
            ct.typmod = e->typmod;
        }
        const char *coll = NULL;
        if (ie->n_collation) {
            const char *cs, *cn;
            sim_split_name(ie->collation, ie->n_collation, &cs, &cn);
            coll =
                cs && strcmp(cs, "pg_catalog") != 0 ? arena_printf(s->arena, "%s.%s", cs, cn) : cn;
            if (sim_check_collation(s, ct, coll, spec->location) != 0)
                return NULL;
        }
        ii->collations[i] = coll;
        if (ie->n_opclass) {
            const char *os, *on;
            sim_split_name(ie->opclass, ie->n_opclass, &os, &on);
            struct cat_schema *where;
            if (!opclass_exists(s, am, os, on, &where)) {
                sim_error(s, spec->location, "42704",
                          "operator class \"%s\" does not exist for access method \"%s\"", on, am);
                return NULL;
            }
            struct cat_schema *dsch;
            const char *dflt = sim_default_opclass(s, am, ct.type, &dsch);
            if (!dflt || strcmp(dflt, on) != 0 || dsch != where)
                ii->opclasses[i] = where ? arena_printf(s->arena, "%s.%s", where->name, on) : on;
        } else if (!spec->exclusion || true) {
            if (!sim_default_opclass(s, am, ct.type, NULL)) {
                struct strbuf sb = STRBUF_INIT;
                ex_format_type(ct.type, -1, &sb);
                struct cat_type *bt = ex_base_type(ct.type);
                sim_error(s, spec->location, "42704",
                          "data type %s has no default operator class for access method \"%s\"",
                          bt && !bt->obj.builtin ? bt->name : sb.buf, am);
                sim_error_hint(s, "You must specify an operator class for the index or define a "
                                  "default operator class for the data type.");
                sb_release(&sb);
                return NULL;
            }
        }
        uint8_t o = 0;
        if (ie->ordering == PG_QUERY__SORT_BY_DIR__SORTBY_DESC)
            o |= 1;
        if (ie->nulls_ordering == PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_FIRST)
            o |= 2;
        if (ie->nulls_ordering == PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_LAST)
            o |= 4;
        if (o && strcmp(am, "btree") != 0) {
            sim_error(s, spec->location, "0A000",
                      "access method \"%s\" does not support ASC/DESC options", am);
            return NULL;
        }
        ii->options[i] = o;
    }
    for (uint32_t i = 0; i < ninc; i++) {
        PgQuery__Node *pn = spec->including[i];
        const char *cn = pn->node_case == PG_QUERY__NODE__NODE_INDEX_ELEM ? pn->index_elem->name
                                                                          : sim_strval(pn);
        struct cat_column *col = cn ? catalog_find_column(t, cn) : NULL;
        if (!col) {
            sim_error(s, spec->location, "42703", "column \"%s\" does not exist", cn ? cn : "?");
            return NULL;
        }
        ii->attnums[nkey + i] = col->attnum;
    }
    if (spec->where) {
        struct ex_ctx x;
        ex_ctx_init(&x, s->cat, s->arena, EXK_INDEX_PRED);
        x.scope = ex_scope_for_rel(s->arena, t, NULL);
        x.deps = &deps;
        struct cat_expr *e = ex_coerce_bool(&x, ex_analyze(&x, spec->where), "WHERE");
        if (!e) {
            sim_expr_error(s, &x);
            return NULL;
        }
        if (!expr_is_immutable(&x)) {
            sim_error(s, spec->location, "42P17",
                      "functions in index predicate must be marked IMMUTABLE");
            return NULL;
        }
        ii->predicate = e;
    }
    ii->reloptions = sim_reloptions(s, NULL, spec->options, spec->noptions, false);
    {
        const char **cols = index_colnames(s, spec->params, nkey);
        ii->colnames = arena_alloc(s->arena, sizeof *ii->colnames * (natts + 1));
        for (uint32_t i = 0; i < nkey; i++)
            ii->colnames[i] = cols[i];
        for (uint32_t i = 0; i < ninc; i++) {
            struct cat_column *col = catalog_column_by_attnum(t, ii->attnums[nkey + i]);
            ii->colnames[nkey + i] = col ? col->name : "expr";
        }
    }
    if (ii->unique && t->relkind == CAT_RELKIND_PARTITIONED && t->partkeys.n) {
        for (uint32_t k = 0; k < t->partkeys.n; k++) {
            struct cat_expr *pk = t->partkeys.items[k];
            bool found = false;
            for (uint32_t i = 0; i < nkey; i++)
                if (pk->kind == EX_VAR && ii->attnums[i] == pk->attnum)
                    found = true;
            if (!found) {
                sim_error(
                    s, spec->location, "0A000",
                    "unique constraint on partitioned table must include all partitioning columns");
                struct cat_column *col =
                    pk->kind == EX_VAR ? catalog_column_by_attnum(t, pk->attnum) : NULL;
                sim_error_detail(s, arena_printf(s->arena,
                                                 "%s constraint on table \"%s\" lacks column "
                                                 "\"%s\" which is part of the partition key.",
                                                 spec->primary ? "PRIMARY KEY" : "UNIQUE", t->name,
                                                 col ? col->name : "?"));
                return NULL;
            }
        }
    }
    /* name */
    const char *name = spec->name;
    if (name && catalog_rel_name_used(t->schema, name)) {
        if (spec->if_not_exists) {
            sim_notice(s);
            return (struct cat_rel *)-1;
        }
        sim_error(s, spec->location, "42P07", "relation \"%s\" already exists", name);
        return NULL;
    }
    if (!name) {
        const char **cols = spec->colnames ? spec->colnames : ii->colnames;
        const char *label = spec->primary         ? "pkey"
                            : spec->exclusion     ? "excl"
                            : spec->is_constraint ? "key"
                                                  : "idx";
        const char *addition = spec->primary ? NULL : sim_name_addition(s, cols, nkey);
        name =
            sim_choose_relation_name(s, t->schema, t->name, addition, label, spec->is_constraint);
    }
    char relkind =
        t->relkind == CAT_RELKIND_PARTITIONED ? CAT_RELKIND_PARTITIONED_INDEX : CAT_RELKIND_INDEX;
    struct cat_rel *ix = catalog_add_rel(s->cat, t->schema, name, relkind);
    ix->index = ii;
    ix->persistence = t->persistence;
    catalog_vec_push(s->cat, &t->indexes, ix);
    for (uint32_t i = 0; i < natts; i++)
        if (ii->attnums[i])
            catalog_add_dep(s->cat, &ix->obj, 0, CAT_ROLE_OBJECT, &t->obj, ii->attnums[i],
                            CAT_DEP_AUTO);
    catalog_add_dep(s->cat, &ix->obj, 0, CAT_ROLE_OBJECT, &t->obj, 0, CAT_DEP_AUTO);
    for (uint32_t i = 0; i < deps.nrels; i++)
        catalog_add_dep(s->cat, &ix->obj, 0, CAT_ROLE_OBJECT, &deps.rels[i]->obj, deps.attnums[i],
                        CAT_DEP_AUTO);
    for (uint32_t i = 0; i < deps.nfuncs; i++)
        catalog_add_dep(s->cat, &ix->obj, 0, CAT_ROLE_OBJECT, &deps.funcs[i]->obj, 0,
                        CAT_DEP_NORMAL);
    sim_mark_created(s, ix);
    if ((ii->unique || ii->exclusion) && sim_data_unique(s, t, ix) != 0)
        return NULL;
    struct sim_lock *l =
        sim_lock_rel(s, t, spec->concurrently ? SIM_SHARE_UPDATE_EXCLUSIVE : SIM_SHARE);
    l->scan = true;
    sim_object(s, SIM_CREATED, CAT_REL, relkind, t->schema->name, name, t->name, ix);
    /* partitioned tables: one index per partition */
    if (t->relkind == CAT_RELKIND_PARTITIONED && !spec->skip_partitions) {
        for (uint32_t p = 0; p < t->partitions.n; p++) {
            struct cat_rel *part = t->partitions.items[p];
            if (part->obj.dropped)
                continue;
            struct sim_index_spec cs = *spec;
            cs.name = NULL;
            cs.table = part;
            cs.if_not_exists = false;
            struct cat_rel *cix = sim_index_for_partition(s, ix, part, &cs);
            if (!cix)
                return NULL;
        }
    }
    return ix;
}

int sim_create_index(struct sim *s, PgQuery__IndexStmt *st)
{
    if (st->concurrent && s->in_tx)
        return sim_error(s, -1, "25001",
                         "CREATE INDEX CONCURRENTLY cannot run inside a transaction block");
    struct cat_rel *t = sim_find_rel(s, st->relation, false);
    if (!t)
        return -1;
    struct sim_index_spec spec = {0};
    spec.name = st->idxname && *st->idxname ? st->idxname : NULL;
    spec.table = t;
    spec.method = st->access_method && *st->access_method ? st->access_method : "btree";
    spec.params = st->index_params;
    spec.nparams = st->n_index_params;
    spec.including = st->index_including_params;
    spec.nincluding = st->n_index_including_params;
    spec.where = st->where_clause;
    spec.options = st->options;
    spec.noptions = st->n_options;
    spec.unique = st->unique;
    spec.nulls_not_distinct = st->nulls_not_distinct;
    spec.concurrently = st->concurrent;
    spec.if_not_exists = st->if_not_exists;
    spec.location = st->relation->location;
    spec.only = !st->relation->inh;
    if (spec.only && t->relkind == CAT_RELKIND_PARTITIONED) {
        spec.skip_partitions = true;
    }
    s->eff->concurrently = st->concurrent;
    struct cat_rel *ix = sim_define_index(s, &spec);
    if (ix == (struct cat_rel *)-1)
        return 0;
    return ix ? 0 : -1;
}

/* ---- CREATE TABLE ---- */

static int constraint_attr(struct sim *s, PgQuery__Constraint *attr, PgQuery__Constraint *last,
                           bool *saw_deferrability, bool *saw_initially)
{
    bool supports = last && (last->contype == PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY ||
                             last->contype == PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE ||
                             last->contype == PG_QUERY__CONSTR_TYPE__CONSTR_EXCLUSION ||
                             last->contype == PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN);
    switch (attr->contype) {
    case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_DEFERRABLE:
    case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_NOT_DEFERRABLE: {
        bool on = attr->contype == PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_DEFERRABLE;
        if (!supports)
            return sim_error(s, attr->location, "42601", "misplaced %s clause",
                             on ? "DEFERRABLE" : "NOT DEFERRABLE");
        if (*saw_deferrability)
            return sim_error(s, attr->location, "42601",
                             "multiple DEFERRABLE/NOT DEFERRABLE clauses not allowed");
        *saw_deferrability = true;
        last->deferrable = on;
        if (!on && *saw_initially && last->initdeferred)
            return sim_error(s, attr->location, "42601",
                             "constraint declared INITIALLY DEFERRED must be DEFERRABLE");
        return 0;
    }
    default: {
        bool deferred = attr->contype == PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_DEFERRED;
        if (!supports)
            return sim_error(s, attr->location, "42601", "misplaced INITIALLY %s clause",
                             deferred ? "DEFERRED" : "IMMEDIATE");
        if (*saw_initially)
            return sim_error(s, attr->location, "42601",
                             "multiple INITIALLY IMMEDIATE/DEFERRED clauses not allowed");
        *saw_initially = true;
        last->initdeferred = deferred;
        if (deferred) {
            if (!*saw_deferrability)
                last->deferrable = true;
            else if (!last->deferrable)
                return sim_error(s, attr->location, "42601",
                                 "constraint declared INITIALLY DEFERRED must be DEFERRABLE");
        }
        return 0;
    }
    }
}

int sim_add_column_def(struct sim *s, struct cat_rel *r, PgQuery__ColumnDef *cd,
                       struct con_list *cons, bool is_create, struct cat_column **out)
{
    struct cat_typeref t;
    bool serial;
    if (sim_column_type(s, cd, &t, &serial) != 0)
        return -1;
    if (catalog_find_column(r, cd->colname)) {
        if (is_create)
            return sim_error(s, cd->location, "42701", "column \"%s\" specified more than once",
                             cd->colname);
        return sim_error(s, cd->location, "42701",
                         "column \"%s\" of relation \"%s\" already exists", cd->colname, r->name);
    }
    if (ex_system_column(cd->colname) && r->relkind != CAT_RELKIND_COMPOSITE &&
        r->relkind != CAT_RELKIND_VIEW)
        return sim_error(s, cd->location, "42701",
                         "column name \"%s\" conflicts with a system column name", cd->colname);
    if (r->natts >= 1600)
        return sim_error(s, cd->location, "54011", "tables can have at most 1600 columns");
    struct cat_column *col = catalog_add_column(s->cat, r, cd->colname, t);
    const char *coll = collation_name(s, cd->coll_clause);
    if (coll && strcmp(coll, "default") == 0)
        coll = NULL; /* the type's own collation: nothing to record */
    if (coll) {
        if (sim_check_collation(s, t, coll, cd->location) != 0)
            return -1;
        CAT_SET(s->cat, col->collation, coll);
    }
    if (cd->storage && *cd->storage)
        CAT_SET(s->cat, col->storage, cd->storage[0]);
    sim_column_type_dep(s, col);
    if (cd->is_not_null)
        CAT_SET(s->cat, col->notnull, true);
    if (serial && make_serial(s, r, col) != 0)
        return -1;
    bool has_default = serial, has_identity = false, has_generated = false;
    PgQuery__Constraint *last = NULL;
    bool saw_deferrability = false, saw_initially = false;
    for (size_t i = 0; i < cd->n_constraints; i++) {
        PgQuery__Node *n = cd->constraints[i];
        if (n->node_case != PG_QUERY__NODE__NODE_CONSTRAINT)
            continue;
        PgQuery__Constraint *c = n->constraint;
        if (c->contype < PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_DEFERRABLE ||
            c->contype > PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_IMMEDIATE) {
            last = c;
            saw_deferrability = saw_initially = false;
        }
        switch (c->contype) {
        case PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL:
            CAT_SET(s->cat, col->notnull, true);
            break;
        case PG_QUERY__CONSTR_TYPE__CONSTR_NULL:
            if (col->notnull && !serial) {
                return sim_error(
                    s, c->location, "42601",
                    "conflicting NULL/NOT NULL declarations for column \"%s\" of table \"%s\"",
                    col->name, r->name);
            }
            break;
        case PG_QUERY__CONSTR_TYPE__CONSTR_DEFAULT: {
            if (has_default)
                return sim_error(
                    s, c->location, "42601",
                    "multiple default values specified for column \"%s\" of table \"%s\"",
                    col->name, r->name);
            if (has_identity)
                return sim_error(
                    s, c->location, "42601",
                    "both default and identity specified for column \"%s\" of table \"%s\"",
                    col->name, r->name);
            has_default = true;
            bool vol = false;
            struct cat_expr *e = sim_cook_default(s, c->raw_expr, t, col->name, &vol);
            if (!e)
                return -1;
            if (t.type->typtype == CAT_TYPE_DOMAIN || vol) {
                /* nothing extra: printed as cooked */
            }
            sim_set_default(s, col, e);
            if (!is_create) {
                /* volatile defaults force a rewrite of existing rows */
                struct sim_lock *l = sim_lock_rel(s, r, SIM_ACCESS_EXCLUSIVE);
                if (vol)
                    l->rewrite = true;
            }
            break;
        }
        case PG_QUERY__CONSTR_TYPE__CONSTR_IDENTITY: {
            if (has_identity)
                return sim_error(
                    s, c->location, "42601",
                    "multiple identity specifications for column \"%s\" of table \"%s\"", col->name,
                    r->name);
            if (has_default)
                return sim_error(
                    s, c->location, "42601",
                    "both default and identity specified for column \"%s\" of table \"%s\"",
                    col->name, r->name);
            has_identity = true;
            char kind = c->generated_when && c->generated_when[0] == 'a' ? 'a' : 'd';
            if (sim_make_identity(s, r, col, kind, c->options, c->n_options) != 0)
                return -1;
            if (!is_create) {
                struct sim_lock *l = sim_lock_rel(s, r, SIM_ACCESS_EXCLUSIVE);
                l->rewrite = true;
            }
            break;
        }
        case PG_QUERY__CONSTR_TYPE__CONSTR_GENERATED: {
            if (has_generated)
                return sim_error(
                    s, c->location, "42601",
                    "multiple generation clauses specified for column \"%s\" of table \"%s\"",
                    col->name, r->name);
            if (has_default)
                return sim_error(s, c->location, "42601",
                                 "both default and generation expression specified for column "
                                 "\"%s\" of table \"%s\"",
                                 col->name, r->name);
            if (has_identity)
                return sim_error(s, c->location, "42601",
                                 "both identity and generation expression specified for column "
                                 "\"%s\" of table \"%s\"",
                                 col->name, r->name);
            has_generated = true;
            /* analysed after all columns exist (it may reference later ones) */
            sim_con_push(s, cons, c, col->name);
            CAT_SET(s->cat, col->generated, 's');
            break;
        }
        case PG_QUERY__CONSTR_TYPE__CONSTR_CHECK:
        case PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY:
        case PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE:
        case PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN:
        case PG_QUERY__CONSTR_TYPE__CONSTR_EXCLUSION:
            sim_con_push(s, cons, c, col->name);
            break;
        case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_DEFERRABLE:
        case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_NOT_DEFERRABLE:
        case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_DEFERRED:
        case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_IMMEDIATE:
            /* transformConstraintAttrs: they apply to the preceding constraint */
            if (constraint_attr(s, c, last, &saw_deferrability, &saw_initially) != 0)
                return -1;
            break;
        default:
            break;
        }
    }
    if (out)
        *out = col;
    return 0;
}

static int cook_generated(struct sim *s, struct cat_rel *r, PgQuery__Constraint *c,
                          const char *colname)
{
    struct cat_column *col = catalog_find_column(r, colname);
    struct ex_ctx x;
    ex_ctx_init(&x, s->cat, s->arena, EXK_GENERATED);
    x.scope = ex_scope_for_rel(s->arena, r, NULL);
    struct ex_deps deps = {0};
    x.deps = &deps;
    struct cat_expr *e = ex_analyze(&x, c->raw_expr);
    if (e)
        e = ex_coerce_assign(&x, e, col->type, col->name, -1);
    if (!e)
        return sim_expr_error(s, &x);
    if (x.mutable_seen)
        return sim_error(s, c->location, "42P17", "generation expression is not immutable");
    for (uint32_t i = 0; i < deps.nrels; i++) {
        if (deps.rels[i] != r)
            continue;
        struct cat_column *ref = catalog_column_by_attnum(r, deps.attnums[i]);
        if (ref && ref->generated) {
            sim_error(s, c->location, "42P17",
                      "cannot use generated column \"%s\" in column generation expression",
                      ref->name);
            return sim_error_detail(
                s, "A generated column cannot reference another generated column.");
        }
    }
    CAT_SET(s->cat, col->default_expr, e);
    CAT_SET(s->cat, col->generated, 's');
    /* the generated column depends on the columns it reads: dropping one
     * of them needs CASCADE (which drops the generated column) */
    for (uint32_t i = 0; i < deps.nrels; i++)
        if (deps.rels[i] == r && deps.attnums[i] != col->attnum)
            catalog_add_dep(s->cat, &r->obj, col->attnum, CAT_ROLE_GENERATION, &r->obj,
                            deps.attnums[i], CAT_DEP_NORMAL);
    return 0;
}

/* Runs the pending constraints in PostgreSQL's order: generated columns,
 * then PRIMARY KEY first among the index constraints (duplicates removed),
 * then CHECKs, then FOREIGN KEYs. */
int sim_apply_constraints(struct sim *s, struct cat_rel *r, struct con_list *cons, bool is_create)
{
    for (uint32_t i = 0; i < cons->n; i++) {
        PgQuery__Constraint *c = cons->items[i].con;
        if (c->contype == PG_QUERY__CONSTR_TYPE__CONSTR_GENERATED &&
            cook_generated(s, r, c, cons->items[i].colname) != 0)
            return -1;
    }
    /* index constraints: PK first, then the others in order, skipping
     * duplicates of an earlier one (same kind of index on the same keys) */
    uint32_t npk = 0;
    for (uint32_t i = 0; i < cons->n; i++)
        if (cons->items[i].con->contype == PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY)
            npk++;
    if (npk > 1) {
        return sim_error(s, cons->items[cons->n - 1].con->location, "42P16",
                         "multiple primary keys for table \"%s\" are not allowed", r->name);
    }
    const char **done_keys = arena_alloc(s->arena, sizeof *done_keys * (cons->n + 1));
    uint32_t ndone = 0;
    for (int pass = 0; pass < 2; pass++) {
        for (uint32_t i = 0; i < cons->n; i++) {
            PgQuery__Constraint *c = cons->items[i].con;
            bool pk = c->contype == PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY;
            bool idx = pk || c->contype == PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE ||
                       c->contype == PG_QUERY__CONSTR_TYPE__CONSTR_EXCLUSION;
            if (!idx || (pass == 0) != pk)
                continue;
            if (is_create && c->contype != PG_QUERY__CONSTR_TYPE__CONSTR_EXCLUSION &&
                !(c->conname && *c->conname) && !(c->indexname && *c->indexname)) {
                const char *key = arena_printf(
                    s->arena, "%s|%d|%d|%d", keys_of(s, c->keys, c->n_keys, cons->items[i].colname),
                    c->nulls_not_distinct, c->deferrable, c->initdeferred);
                bool dup = false;
                for (uint32_t k = 0; k < ndone; k++)
                    dup |= strcmp(done_keys[k], key) == 0;
                if (dup)
                    continue;
                done_keys[ndone++] = key;
            } else if (is_create && c->contype != PG_QUERY__CONSTR_TYPE__CONSTR_EXCLUSION) {
                done_keys[ndone++] = arena_printf(
                    s->arena, "%s|%d|%d|%d", keys_of(s, c->keys, c->n_keys, cons->items[i].colname),
                    c->nulls_not_distinct, c->deferrable, c->initdeferred);
            }
            if (sim_add_index_constraint(s, r, c, cons->items[i].colname, is_create,
                                         cons->only, NULL) != 0)
                return -1;
        }
    }
    const char **used = arena_alloc(s->arena, sizeof *used * (cons->n + 1));
    uint32_t nused = 0;
    for (uint32_t i = 0; i < cons->n; i++) {
        PgQuery__Constraint *c = cons->items[i].con;
        if (c->contype != PG_QUERY__CONSTR_TYPE__CONSTR_CHECK)
            continue;
        struct cat_constraint *k;
        if (sim_add_check(s, r, c, used, nused, is_create, &k) != 0)
            return -1;
        used[nused++] = k->name;
        if (!is_create && k->validated) {
            struct sim_lock *l = sim_lock_rel(s, r, SIM_ACCESS_EXCLUSIVE);
            l->scan = true;
        }
    }
    for (uint32_t i = 0; i < cons->n; i++) {
        PgQuery__Constraint *c = cons->items[i].con;
        if (c->contype != PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN)
            continue;
        struct cat_constraint *k;
        if (sim_add_fk(s, r, c, cons->items[i].colname, used, nused, is_create, &k) != 0)
            return -1;
        used[nused++] = k->name;
        if (r->relkind == CAT_RELKIND_PARTITIONED)
            sim_clone_fk_to_partitions(s, r, k);
    }
    return 0;
}

static int like_clause(struct sim *s, struct cat_rel *r, PgQuery__TableLikeClause *lc,
                       struct con_list *cons)
{
    (void)cons;
    struct cat_rel *src = sim_find_rel(s, lc->relation, false);
    if (!src)
        return -1;
    if (src->relkind == CAT_RELKIND_INDEX || src->relkind == CAT_RELKIND_SEQUENCE)
        return sim_error(s, lc->relation->location, "42809",
                         "relation \"%s\" is invalid in LIKE clause", src->name);
    uint32_t o = lc->options;
    bool defaults = o & (1u << 3), constraints = o & (1u << 2), identity = o & (1u << 5),
         indexes = o & (1u << 6), generated = o & (1u << 4), comments = o & (1u << 0),
         storage = o & (1u << 8);
    int16_t *map = arena_alloc(s->arena, sizeof *map * (src->columns.n + 2));
    for (uint32_t i = 0; i < src->columns.n; i++) {
        struct cat_column *sc = src->columns.items[i];
        if (sc->dropped)
            continue;
        if (catalog_find_column(r, sc->name))
            return sim_error(s, lc->relation->location, "42701",
                             "column \"%s\" specified more than once", sc->name);
        struct cat_column *col = catalog_add_column(s->cat, r, sc->name, sc->type);
        map[sc->attnum] = col->attnum;
        col->notnull = sc->notnull;
        col->collation = sc->collation;
        if (storage)
            col->storage = sc->storage;
        if (comments)
            col->comment = sc->comment;
        sim_column_type_dep(s, col);
        if (sc->generated && generated) {
            col->generated = sc->generated;
            col->default_expr = sim_copy_expr(s, sc->default_expr, src, r, map);
        } else if (sc->default_expr && !sc->generated && defaults && !sc->identity) {
            sim_set_default(s, col, sim_copy_expr(s, sc->default_expr, src, r, map));
        }
        if (sc->identity && identity && sc->identity_seq) {
            if (sim_make_identity(s, r, col, sc->identity, NULL, 0) != 0)
                return -1;
            struct cat_seqinfo *q = col->identity_seq->seq, *sq = sc->identity_seq->seq;
            q->start = sq->start;
            q->increment = sq->increment;
            q->min = sq->min;
            q->max = sq->max;
            q->cache = sq->cache;
            q->cycle = sq->cycle;
        }
    }
    if (constraints) {
        for (uint32_t i = 0; i < src->constraints.n; i++) {
            struct cat_constraint *k = src->constraints.items[i];
            if (k->obj.dropped || k->contype != CAT_CON_CHECK)
                continue;
            struct cat_constraint *nk =
                catalog_add_constraint(s->cat, r, NULL, k->name, CAT_CON_CHECK);
            nk->expr = sim_copy_expr(s, k->expr, src, r, map);
            nk->noinherit = k->noinherit;
            nk->validated = true;
            if (comments)
                nk->obj.comment = k->obj.comment;
            sim_register_constraint_name(s, nk);
            catalog_add_dep(s->cat, &nk->obj, 0, CAT_ROLE_OBJECT, &r->obj, 0, CAT_DEP_AUTO);
            sim_add_expr_deps(s, &nk->obj, 0, CAT_ROLE_OBJECT, nk->expr, CAT_DEP_AUTO);
        }
    }
    if (indexes)
        sim_copy_indexes(s, src, r, map, comments);
    return 0;
}

static int of_type(struct sim *s, struct cat_rel *r, PgQuery__TypeName *tn)
{
    struct ex_ctx x;
    ex_ctx_init(&x, s->cat, s->arena, EXK_OTHER);
    struct cat_typeref t;
    if (ex_typename(&x, tn, &t) != 0)
        return sim_expr_error(s, &x);
    if (t.type->typtype != CAT_TYPE_COMPOSITE || !t.type->rel ||
        t.type->rel->relkind != CAT_RELKIND_COMPOSITE)
        return sim_error(s, tn->location, "42809", "type %s is not a composite type", t.type->name);
    struct cat_rel *src = t.type->rel;
    for (uint32_t i = 0; i < src->columns.n; i++) {
        struct cat_column *sc = src->columns.items[i];
        if (sc->dropped)
            continue;
        struct cat_column *col = catalog_add_column(s->cat, r, sc->name, sc->type);
        col->collation = sc->collation;
        col->islocal = false;
        sim_column_type_dep(s, col);
    }
    catalog_add_dep(s->cat, &r->obj, 0, CAT_ROLE_OBJECT, &t.type->obj, 0, CAT_DEP_NORMAL);
    r->of_type = t.type;
    return 0;
}

/* Columns given for a partition or a child that name existing columns
 * (WITH OPTIONS): defaults, NOT NULL, constraints. */
static int merge_column_options(struct sim *s, struct cat_rel *r, PgQuery__ColumnDef *cd,
                                struct con_list *cons)
{
    struct cat_column *col = catalog_find_column(r, cd->colname);
    if (!col)
        return sim_error(s, cd->location, "42703",
                         "column \"%s\" named in partition key does not exist", cd->colname);
    if (cd->is_not_null)
        CAT_SET(s->cat, col->notnull, true);
    for (size_t i = 0; i < cd->n_constraints; i++) {
        PgQuery__Node *n = cd->constraints[i];
        if (n->node_case != PG_QUERY__NODE__NODE_CONSTRAINT)
            continue;
        PgQuery__Constraint *c = n->constraint;
        if (c->contype == PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL)
            CAT_SET(s->cat, col->notnull, true);
        else if (c->contype == PG_QUERY__CONSTR_TYPE__CONSTR_DEFAULT) {
            struct cat_expr *e = sim_cook_default(s, c->raw_expr, col->type, col->name, NULL);
            if (!e)
                return -1;
            sim_set_default(s, col, e);
        } else if (c->contype != PG_QUERY__CONSTR_TYPE__CONSTR_NULL) {
            sim_con_push(s, cons, c, col->name);
        }
    }
    return 0;
}

int sim_create_table(struct sim *s, PgQuery__CreateStmt *st)
{
    PgQuery__RangeVar *rv = st->relation;
    struct cat_schema *sch = sim_schema_of(s, rv, true);
    if (!sch)
        return -1;
    if (catalog_rel_name_used(sch, rv->relname)) {
        if (st->if_not_exists) {
            sim_notice(s);
            return 0;
        }
        return sim_error(s, rv->location, "42P07", "relation \"%s\" already exists", rv->relname);
    }
    struct cat_type *clash = hashmap_get(&sch->types, rv->relname);
    if (clash && !(clash->category == 'A' && clash->elem))
        return sim_error(s, rv->location, "42710", "type \"%s\" already exists", rv->relname);
    char relkind = st->partspec          ? CAT_RELKIND_PARTITIONED
                   : s->creating_foreign ? CAT_RELKIND_FOREIGN
                                         : CAT_RELKIND_TABLE;
    struct cat_rel *r = catalog_add_rel(s->cat, sch, rv->relname, relkind);
    if (relkind == CAT_RELKIND_FOREIGN)
        r->replident = 'n'; /* as PostgreSQL makes foreign tables */
    r->persistence = rv->relpersistence && rv->relpersistence[0] ? rv->relpersistence[0] : 'p';
    if (sch == catalog_find_schema(s->cat, "pg_temp"))
        r->persistence = 't';
    r->access_method = st->access_method && *st->access_method ? st->access_method : NULL;
    sim_mark_created(s, r);
    struct con_list cons = {0};
    struct cat_rel *parent = NULL;
    struct cat_column *default_conflict = NULL;
    /* PARTITION OF / INHERITS */
    if (st->partbound) {
        if (st->n_inh_relations != 1)
            return sim_error(s, rv->location, "42P16", "a partition must have exactly one parent");
        parent = sim_find_rel(s, st->inh_relations[0]->range_var, false);
        if (!parent)
            return -1;
        if (parent->relkind != CAT_RELKIND_PARTITIONED)
            return sim_error(s, rv->location, "42809", "\"%s\" is not partitioned", parent->name);
        if (sim_inherit_columns(s, r, parent, true, NULL) != 0)
            return -1;
    } else {
        for (size_t i = 0; i < st->n_inh_relations; i++) {
            struct cat_rel *p = sim_find_rel(s, st->inh_relations[i]->range_var, false);
            if (!p)
                return -1;
            if (p->relkind == CAT_RELKIND_PARTITIONED)
                return sim_error(s, rv->location, "42809",
                                 "cannot inherit from partitioned table \"%s\"", p->name);
            if (p->relkind != CAT_RELKIND_TABLE)
                return sim_error(s, rv->location, "42809",
                                 "inherited relation \"%s\" is not a table", p->name);
            if (sim_inherit_columns(s, r, p, false, &default_conflict) != 0)
                return -1;
        }
    }
    if (st->of_typename && of_type(s, r, st->of_typename) != 0)
        return -1;
    for (size_t i = 0; i < st->n_table_elts; i++) {
        PgQuery__Node *n = st->table_elts[i];
        switch (n->node_case) {
        case PG_QUERY__NODE__NODE_COLUMN_DEF: {
            PgQuery__ColumnDef *cd = n->column_def;
            struct cat_column *existing = catalog_find_column(r, cd->colname);
            if (existing && (parent || st->of_typename || !existing->islocal)) {
                if (!cd->type_name) {
                    if (merge_column_options(s, r, cd, &cons) != 0)
                        return -1;
                    break;
                }
                if (st->n_inh_relations && !parent) {
                    /* INHERITS: a local definition merges with the inherited column */
                    struct cat_typeref t;
                    bool serial;
                    if (sim_column_type(s, cd, &t, &serial) != 0)
                        return -1;
                    if (t.type != existing->type.type || t.typmod != existing->type.typmod) {
                        struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
                        ex_format_type(existing->type.type, existing->type.typmod, &a);
                        ex_format_type(t.type, t.typmod, &b);
                        sim_error(s, cd->location, "42804", "column \"%s\" has a type conflict",
                                  cd->colname);
                        sim_error_detail(s, arena_printf(s->arena, "%s versus %s", a.buf, b.buf));
                        sb_release(&a);
                        sb_release(&b);
                        return -1;
                    }
                    CAT_SET(s->cat, existing->islocal, true);
                    if (serial && make_serial(s, r, existing) != 0)
                        return -1;
                    if (merge_column_options(s, r, cd, &cons) != 0)
                        return -1;
                    break;
                }
            }
            if (parent && !cd->type_name)
                return sim_error(s, cd->location, "42703", "column \"%s\" does not exist",
                                 cd->colname);
            if (sim_add_column_def(s, r, cd, &cons, true, NULL) != 0)
                return -1;
            break;
        }
        case PG_QUERY__NODE__NODE_CONSTRAINT:
            sim_con_push(s, &cons, n->constraint, NULL);
            break;
        case PG_QUERY__NODE__NODE_TABLE_LIKE_CLAUSE:
            if (like_clause(s, r, n->table_like_clause, &cons) != 0)
                return -1;
            break;
        default:
            break;
        }
    }
    if (default_conflict && !default_conflict->default_expr) {
        sim_error(s, -1, "42611", "column \"%s\" inherits conflicting default values",
                  default_conflict->name);
        return sim_error_hint(s, "To resolve the conflict, specify a default explicitly.");
    }
    if (!sim_make_rowtype(s, r))
        return sim_error(s, rv->location, "42710", "type \"%s\" already exists", rv->relname);
    if (st->options && create_reloptions(s, st->options, st->n_options, &r->reloptions) != 0)
        return -1;
    if (st->partspec && sim_partition_key(s, r, st->partspec) != 0)
        return -1;
    if (parent) {
        if (sim_attach_partition(s, parent, r, st->partbound, true) != 0)
            return -1;
    }
    if (sim_apply_constraints(s, r, &cons, true) != 0)
        return -1;
    sim_object(s, SIM_CREATED, CAT_REL, relkind, sch->name, r->name, NULL, r);
    sim_lock_rel(s, r, SIM_ACCESS_EXCLUSIVE);
    return 0;
}

/* CREATE FOREIGN TABLE: a table of relkind 'f' (columns, defaults, NOT NULL
 * and CHECK constraints; PostgreSQL gives it replica identity nothing). The
 * server and the options are not modelled. */
int sim_create_foreign_table(struct sim *s, PgQuery__CreateForeignTableStmt *st)
{
    PgQuery__CreateStmt *cs = st->base_stmt;
    if (!cs || !cs->relation)
        return 0;
    for (size_t i = 0; i < cs->n_table_elts; i++) {
        PgQuery__Node *e = cs->table_elts[i];
        PgQuery__Node **cons = NULL;
        size_t ncons = 0;
        if (e->node_case == PG_QUERY__NODE__NODE_CONSTRAINT) {
            cons = &cs->table_elts[i];
            ncons = 1;
        } else if (e->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF) {
            cons = e->column_def->constraints;
            ncons = e->column_def->n_constraints;
        }
        for (size_t k = 0; k < ncons; k++) {
            PgQuery__Constraint *c = cons[k]->constraint;
            const char *what = c->contype == PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY ? "primary key"
                               : c->contype == PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE ? "unique"
                               : c->contype == PG_QUERY__CONSTR_TYPE__CONSTR_EXCLUSION
                                   ? "exclusion"
                               : c->contype == PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN ? "foreign key"
                                                                                      : NULL;
            if (what)
                return sim_error(s, c->location, "0A000",
                                 "%s constraints are not supported on foreign tables", what);
        }
    }
    s->creating_foreign = true;
    int rc = sim_create_table(s, cs);
    s->creating_foreign = false;
    return rc;
}

/* ---- CREATE TABLE AS / materialized views ---- */

int sim_create_table_as(struct sim *s, PgQuery__CreateTableAsStmt *st)
{
    PgQuery__IntoClause *into = st->into;
    bool matview = st->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW;
    struct cat_schema *sch = sim_schema_of(s, into->rel, true);
    if (!sch)
        return -1;
    if (catalog_rel_name_used(sch, into->rel->relname)) {
        if (st->if_not_exists) {
            sim_notice(s);
            return 0;
        }
        return sim_error(s, into->rel->location, "42P07", "relation \"%s\" already exists",
                         into->rel->relname);
    }
    struct ex_ctx x;
    ex_ctx_init(&x, s->cat, s->arena, EXK_SELECT);
    struct ex_deps deps = {0};
    x.deps = &deps;
    struct ex_query q;
    PgQuery__Node *query = st->query;
    if (query && query->node_case == PG_QUERY__NODE__NODE_EXECUTE_STMT) {
        s->eff->simulated = false;
        s->eff->not_simulated = "CREATE TABLE AS EXECUTE is not simulated";
        return 0;
    }
    if (ex_analyze_select(&x, query, &q) != 0)
        return sim_expr_error(s, &x);
    if (into->n_col_names > q.ncols)
        return sim_error(s, into->rel->location, "42601", "too many column names were specified");
    struct cat_rel *r = catalog_add_rel(s->cat, sch, into->rel->relname,
                                        matview ? CAT_RELKIND_MATVIEW : CAT_RELKIND_TABLE);
    r->persistence = into->rel->relpersistence && into->rel->relpersistence[0]
                         ? into->rel->relpersistence[0]
                         : 'p';
    r->with_data = !into->skip_data;
    if (!into->skip_data)
        r->rows_epoch = 0; /* the query's rows: not followed */
    sim_mark_created(s, r);
    for (uint32_t i = 0; i < q.ncols; i++) {
        const char *name = i < into->n_col_names ? sim_strval(into->col_names[i]) : q.names[i];
        if (catalog_find_column(r, name))
            return sim_error(s, into->rel->location, "42701",
                             "column \"%s\" specified more than once", name);
        struct cat_typeref t = q.types[i];
        if (t.type && t.type->oid == PGB_UNKNOWN)
            t.type = ex_type(PGB_TEXT);
        struct cat_column *col = catalog_add_column(s->cat, r, name, t);
        sim_column_type_dep(s, col);
    }
    if (into->options && create_reloptions(s, into->options, into->n_options, &r->reloptions) != 0)
        return -1;
    if (!sim_make_rowtype(s, r))
        return sim_error(s, into->rel->location, "42710", "type \"%s\" already exists",
                         into->rel->relname);
    if (matview) {
        sim_add_deps(s, &r->obj, 0, CAT_ROLE_OBJECT, &deps, CAT_DEP_NORMAL);
        r->viewdef_sha256 = "";
    }
    sim_object(s, SIM_CREATED, CAT_REL, r->relkind, sch->name, r->name, NULL, r);
    sim_lock_rel(s, r, SIM_ACCESS_EXCLUSIVE);
    return 0;
}

int sim_refresh_matview(struct sim *s, PgQuery__RefreshMatViewStmt *st)
{
    struct cat_rel *r = sim_find_rel(s, st->relation, false);
    if (!r)
        return -1;
    if (r->relkind != CAT_RELKIND_MATVIEW)
        return sim_error(s, st->relation->location, "42809", "\"%s\" is not a materialized view",
                         r->name);
    if (st->concurrent && st->skip_data)
        return sim_error(s, -1, "42601",
                         "REFRESH options CONCURRENTLY and WITH NO DATA cannot be used together");
    if (st->concurrent) {
        if (!r->with_data)
            return sim_error(
                s, -1, "0A000",
                "CONCURRENTLY cannot be used when the materialized view is not populated");
        bool has_unique = false;
        for (uint32_t i = 0; i < r->indexes.n; i++) {
            struct cat_rel *ix = r->indexes.items[i];
            if (!ix->obj.dropped && ix->index->unique && !ix->index->predicate) {
                bool plain = true;
                for (uint32_t k = 0; k < ix->index->nkeyatts; k++)
                    plain &= ix->index->attnums[k] != 0;
                has_unique |= plain;
            }
        }
        if (!has_unique) {
            sim_error(s, -1, "55000", "cannot refresh materialized view \"%s.%s\" concurrently",
                      r->schema->name, r->name);
            return sim_error_hint(s, "Create a unique index with no WHERE clause on one or more "
                                     "columns of the materialized view.");
        }
    }
    CAT_SET(s->cat, r->with_data, !st->skip_data);
    struct sim_lock *l = sim_lock_rel(s, r, st->concurrent ? SIM_EXCLUSIVE : SIM_ACCESS_EXCLUSIVE);
    l->rewrite = true;
    s->eff->concurrently = st->concurrent;
    sim_object(s, SIM_ALTERED, CAT_REL, r->relkind, r->schema->name, r->name, NULL, r);
    return 0;
}
