/*
 * simulate.c - the simulator's core: per-statement bracketing (a catalog
 * mark, so that a statement PostgreSQL would reject leaves no trace),
 * transactions (revision parts, BEGIN/COMMIT/ROLLBACK, statements run
 * outside the transaction), effects, PostgreSQL's errors as diagnostics,
 * name resolution along search_path, implicit object names, drops with
 * dependency semantics, and the statement dispatcher. Table statements are
 * in sim_table.c, the other object kinds in sim_objects.c.
 */
#include "lint/simulate.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lint/arena.h"
#include "lint/sim_internal.h"
#include "lint/sql.h"
#include "lint/strbuf.h"

const char *sim_lock_name(enum sim_lockmode m)
{
    static const char *const names[] = {"NoLock",
                                        "AccessShareLock",
                                        "RowShareLock",
                                        "RowExclusiveLock",
                                        "ShareUpdateExclusiveLock",
                                        "ShareLock",
                                        "ShareRowExclusiveLock",
                                        "ExclusiveLock",
                                        "AccessExclusiveLock"};
    return (unsigned)m <= 8 ? names[m] : "NoLock";
}

struct sim *sim_new(struct arena *a, struct catalog *c, const struct sim_options *opt)
{
    struct sim *s = arena_alloc(a, sizeof *s);
    s->arena = a;
    s->cat = c;
    if (opt)
        s->opt = *opt;
    return s;
}

struct catalog *sim_catalog(struct sim *s)
{
    return s->cat;
}

/* ---- errors and effects ---- */

int sim_error(struct sim *s, int location, const char *sqlstate, const char *fmt, ...)
{
    struct effect *e = s->eff;
    if (!e || e->sqlstate)
        return -1;
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    e->sqlstate = sqlstate;
    e->message = arena_strdup(s->arena, buf);
    e->err_off = location > 0 ? (uint32_t)location : 0;
    return -1;
}

int sim_error_detail(struct sim *s, const char *detail)
{
    if (s->eff && s->eff->sqlstate && !s->eff->detail)
        s->eff->detail = arena_strdup(s->arena, detail);
    return -1;
}

int sim_error_hint(struct sim *s, const char *hint)
{
    if (s->eff && s->eff->sqlstate && !s->eff->hint)
        s->eff->hint = arena_strdup(s->arena, hint);
    return -1;
}

int sim_expr_error(struct sim *s, const struct ex_ctx *x)
{
    if (!x->sqlstate)
        return sim_error(s, -1, "XX000", "could not analyse expression");
    return sim_error(s, x->err_location, x->sqlstate, "%s", x->message);
}

void sim_notice(struct sim *s)
{
    s->notices++;
}

void sim_object(struct sim *s, enum sim_action action, enum cat_kind kind, char relkind,
                const char *schema, const char *name, const char *table, const void *obj)
{
    struct effect *e = s->eff;
    if (e->nobjects == s->cap_objects) {
        uint32_t cap = s->cap_objects ? s->cap_objects * 2 : 16;
        s->objects_buf =
            arena_grow(s->arena, s->objects_buf, s->cap_objects, cap, sizeof *s->objects_buf);
        s->cap_objects = cap;
    }
    e->objects = s->objects_buf;
    struct sim_object *o = &e->objects[e->nobjects++];
    memset(o, 0, sizeof *o);
    o->action = action;
    o->kind = kind;
    o->relkind = relkind;
    o->schema = schema;
    o->name = name;
    o->table = table;
    o->obj = obj;
}

struct sim_lock *sim_lock_rel(struct sim *s, struct cat_rel *r, enum sim_lockmode mode)
{
    struct effect *e = s->eff;
    for (uint32_t i = 0; i < e->nlocks; i++) {
        if (e->locks[i].rel == r) {
            if (mode > e->locks[i].mode)
                e->locks[i].mode = mode;
            return &e->locks[i];
        }
    }
    if (e->nlocks == s->cap_locks) {
        uint32_t cap = s->cap_locks ? s->cap_locks * 2 : 16;
        s->locks_buf = arena_grow(s->arena, s->locks_buf, s->cap_locks, cap, sizeof *s->locks_buf);
        s->cap_locks = cap;
    }
    e->locks = s->locks_buf;
    struct sim_lock *l = &e->locks[e->nlocks++];
    memset(l, 0, sizeof *l);
    l->rel = r;
    l->schema = r->schema->name;
    l->relation = r->name;
    l->mode = mode;
    /* created earlier: by a previous statement of this transaction / revision */
    bool created_now = false;
    for (uint32_t i = 0; i < e->nobjects; i++)
        if (e->objects[i].action == SIM_CREATED && e->objects[i].obj == r)
            created_now = true;
    if (!created_now) {
        l->created_in_tx = r->created_tx && r->created_tx == s->tx_serial && s->in_tx;
        l->created_in_rev = r->created_rev && r->created_rev == s->rev_serial;
    }
    return l;
}

void sim_mark_created(struct sim *s, struct cat_rel *r)
{
    CAT_SET(s->cat, r->created_tx, s->tx_serial);
    CAT_SET(s->cat, r->created_rev, s->rev_serial);
}

/* ---- names ---- */

const char *sim_strval(PgQuery__Node *n)
{
    if (!n)
        return NULL;
    if (n->node_case == PG_QUERY__NODE__NODE_STRING)
        return n->string->sval;
    return NULL;
}

void sim_split_name(PgQuery__Node **names, size_t n, const char **schema, const char **name)
{
    *schema = NULL;
    *name = NULL;
    if (n == 0)
        return;
    *name = sim_strval(names[n - 1]);
    if (n >= 2)
        *schema = sim_strval(names[n - 2]);
}

void sim_vec_push(struct sim *s, struct cat_vec *v, void *item)
{
    v->items = arena_grow(s->arena, v->items, v->n, v->n + 1, sizeof *v->items);
    v->items[v->n++] = item;
}

const char *sim_qualified(struct sim *s, const char *schema, const char *name)
{
    return arena_printf(s->arena, "%s.%s", schema, name);
}

static struct cat_schema *temp_schema(struct sim *s)
{
    struct cat_schema *t = catalog_find_schema(s->cat, "pg_temp");
    if (!t) {
        t = catalog_add_schema(s->cat, "pg_temp");
        t->obj.builtin = false;
    }
    return t;
}

struct cat_schema *sim_creation_schema(struct sim *s, const char *schemaname, int location)
{
    if (schemaname && *schemaname) {
        if (strcmp(schemaname, "pg_temp") == 0)
            return temp_schema(s);
        struct cat_schema *sch = catalog_find_schema(s->cat, schemaname);
        if (!sch) {
            sim_error(s, location, "3F000", "schema \"%s\" does not exist", schemaname);
            return NULL;
        }
        return sch;
    }
    for (const char **p = s->cat->search_path; *p; p++) {
        if (strcmp(*p, "$user") == 0 || strcmp(*p, "pg_catalog") == 0)
            continue;
        struct cat_schema *sch = catalog_find_schema(s->cat, *p);
        if (sch)
            return sch;
    }
    sim_error(s, location, "3F000", "no schema has been selected to create in");
    return NULL;
}

struct cat_schema *sim_schema_of(struct sim *s, PgQuery__RangeVar *rv, bool create)
{
    if (rv->relpersistence && rv->relpersistence[0] == 't')
        return temp_schema(s);
    if (create)
        return sim_creation_schema(s, rv->schemaname, rv->location);
    if (rv->schemaname && *rv->schemaname) {
        struct cat_schema *sch = catalog_find_schema(s->cat, rv->schemaname);
        if (!sch)
            sim_error(s, rv->location, "3F000", "schema \"%s\" does not exist", rv->schemaname);
        return sch;
    }
    return NULL;
}

struct cat_rel *sim_find_rel(struct sim *s, PgQuery__RangeVar *rv, bool missing_ok)
{
    const char *schema = rv->schemaname && *rv->schemaname ? rv->schemaname : NULL;
    if (schema && !catalog_find_schema(s->cat, schema)) {
        if (!missing_ok)
            sim_error(s, rv->location, "3F000", "schema \"%s\" does not exist", schema);
        return NULL;
    }
    struct cat_rel *r = catalog_find_rel(s->cat, schema, rv->relname);
    if (!r && !schema) {
        struct cat_schema *t = catalog_find_schema(s->cat, "pg_temp");
        if (t)
            r = hashmap_get(&t->rels, rv->relname);
    }
    if (!r && !missing_ok) {
        if (schema)
            sim_error(s, rv->location, "42P01", "relation \"%s.%s\" does not exist", schema,
                      rv->relname);
        else
            sim_error(s, rv->location, "42P01", "relation \"%s\" does not exist", rv->relname);
    }
    return r;
}

struct cat_rel *sim_find_rel_names(struct sim *s, PgQuery__Node **names, size_t n, bool missing_ok,
                                   int location)
{
    PgQuery__RangeVar rv = PG_QUERY__RANGE_VAR__INIT;
    const char *schema, *name;
    sim_split_name(names, n, &schema, &name);
    rv.schemaname = (char *)(schema ? schema : "");
    rv.relname = (char *)(name ? name : "");
    rv.location = location;
    return sim_find_rel(s, &rv, missing_ok);
}

static size_t mbcliplen(const char *s, size_t len, size_t limit)
{
    if (len <= limit)
        return len;
    size_t n = limit;
    /* do not cut a UTF-8 sequence */
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    return n;
}

char *sim_make_object_name(struct arena *a, const char *name1, const char *name2, const char *label)
{
    size_t n1 = strlen(name1), n2 = name2 ? strlen(name2) : 0;
    size_t overhead = (name2 ? 1 : 0) + (label ? strlen(label) + 1 : 0);
    size_t avail = 63 - overhead;
    while (n1 + n2 > avail) {
        if (n1 > n2)
            n1--;
        else
            n2--;
    }
    n1 = mbcliplen(name1, strlen(name1), n1);
    if (name2)
        n2 = mbcliplen(name2, strlen(name2), n2);
    size_t nl = label ? strlen(label) : 0;
    char *r = arena_alloc(a, n1 + n2 + nl + 3);
    char *p = r;
    memcpy(p, name1, n1);
    p += n1;
    if (name2) {
        *p++ = '_';
        memcpy(p, name2, n2);
        p += n2;
    }
    if (label) {
        *p++ = '_';
        memcpy(p, label, nl);
        p += nl;
    }
    *p = 0;
    return r;
}

bool sim_constraint_name_used(struct sim *s, struct cat_schema *sch, const char *name)
{
    (void)s;
    struct cat_vec *v = hashmap_get(&sch->constraints_by_name, name);
    if (!v)
        return false;
    for (uint32_t i = 0; i < v->n; i++)
        if (!((struct cat_constraint *)v->items[i])->obj.dropped)
            return true;
    return false;
}

static struct cat_schema *constraint_schema(struct cat_constraint *k)
{
    return k->rel ? k->rel->schema : k->domain ? k->domain->schema : NULL;
}

void sim_register_constraint_name(struct sim *s, struct cat_constraint *k)
{
    struct cat_schema *sch = constraint_schema(k);
    if (!sch)
        return;
    struct cat_vec *v = hashmap_get(&sch->constraints_by_name, k->name);
    if (!v) {
        v = arena_alloc(s->arena, sizeof *v);
        catalog_map_put(s->cat, &sch->constraints_by_name, k->name, v);
    }
    catalog_vec_push(s->cat, v, k);
}

void sim_unregister_constraint_name(struct sim *s, struct cat_constraint *k)
{
    struct cat_schema *sch = constraint_schema(k);
    if (!sch)
        return;
    struct cat_vec *v = hashmap_get(&sch->constraints_by_name, k->name);
    if (v)
        catalog_vec_remove(s->cat, v, k);
}

const char *sim_choose_relation_name(struct sim *s, struct cat_schema *sch, const char *name1,
                                     const char *name2, const char *label, bool isconstraint)
{
    char modlabel[80];
    const char *lab = label;
    for (int pass = 0;; pass++) {
        char *name = sim_make_object_name(s->arena, name1, name2, lab);
        if (!catalog_rel_name_used(sch, name) &&
            (!isconstraint || !sim_constraint_name_used(s, sch, name)))
            return name;
        snprintf(modlabel, sizeof modlabel, "%s%d", label, pass + 1);
        lab = modlabel;
    }
}

const char *sim_choose_constraint_name(struct sim *s, struct cat_schema *sch, const char *name1,
                                       const char *name2, const char *label, const char **extra,
                                       uint32_t nextra)
{
    char modlabel[80];
    const char *lab = label;
    for (int pass = 0;; pass++) {
        char *name = sim_make_object_name(s->arena, name1, name2, lab);
        bool used = sim_constraint_name_used(s, sch, name);
        for (uint32_t i = 0; i < nextra && !used; i++)
            used = extra[i] && strcmp(extra[i], name) == 0;
        if (!used)
            return name;
        snprintf(modlabel, sizeof modlabel, "%s%d", label, pass + 1);
        lab = modlabel;
    }
}

/* ---- object descriptions (getObjectDescription) ---- */

static bool visible_schema(struct sim *s, const struct cat_schema *sch)
{
    if (!sch || sch->obj.builtin)
        return true;
    for (const char **p = s->cat->search_path; *p; p++)
        if (strcmp(*p, sch->name) == 0)
            return true;
    return strcmp(sch->name, "pg_temp") == 0;
}

static const char *rel_name_for_msg(struct sim *s, const struct cat_rel *r)
{
    if (visible_schema(s, r->schema))
        return r->name;
    return arena_printf(s->arena, "%s.%s", r->schema->name, r->name);
}

static const char *func_sig(struct sim *s, const struct cat_func *f)
{
    struct strbuf sb = STRBUF_INIT;
    if (!visible_schema(s, f->schema))
        sb_printf(&sb, "%s.", f->schema->name);
    sb_printf(&sb, "%s(", f->name);
    bool first = true;
    for (uint32_t i = 0; i < f->nargs; i++) {
        char m = f->args[i].mode;
        if (m == 'o' || m == 't')
            continue;
        if (!first)
            sb_adds(&sb, ", ");
        first = false;
        struct cat_type *t = f->args[i].type.type;
        if (t && !t->obj.builtin && visible_schema(s, t->schema))
            sb_adds(&sb, t->name);
        else
            ex_format_type(t, -1, &sb);
    }
    sb_addc(&sb, ')');
    const char *r = arena_strdup(s->arena, sb.buf);
    sb_release(&sb);
    return r;
}

const char *sim_describe(struct sim *s, const struct cat_obj *o, int16_t attnum)
{
    switch (o->kind) {
    case CAT_SCHEMA:
        return arena_printf(s->arena, "schema %s", ((const struct cat_schema *)o)->name);
    case CAT_REL: {
        const struct cat_rel *r = (const struct cat_rel *)o;
        const char *kind = r->relkind == CAT_RELKIND_PARTITIONED ? "table"
                           : r->relkind == CAT_RELKIND_PARTITIONED_INDEX
                               ? "index"
                               : catalog_relkind_name(r->relkind);
        if (r->relkind == CAT_RELKIND_COMPOSITE)
            kind = "composite type";
        if (attnum > 0 && (uint32_t)attnum <= r->columns.n) {
            const struct cat_column *col = r->columns.items[attnum - 1];
            return arena_printf(s->arena, "column %s of %s %s", col->name, kind,
                                rel_name_for_msg(s, r));
        }
        return arena_printf(s->arena, "%s %s", kind, rel_name_for_msg(s, r));
    }
    case CAT_CONSTRAINT: {
        const struct cat_constraint *k = (const struct cat_constraint *)o;
        if (k->rel)
            return arena_printf(s->arena, "constraint %s on table %s", k->name,
                                rel_name_for_msg(s, k->rel));
        return arena_printf(s->arena, "constraint %s on domain %s", k->name,
                            k->domain ? k->domain->name : "?");
    }
    case CAT_FUNC: {
        const struct cat_func *f = (const struct cat_func *)o;
        return arena_printf(s->arena, "%s %s",
                            f->prokind == CAT_PROKIND_PROCEDURE   ? "procedure"
                            : f->prokind == CAT_PROKIND_AGGREGATE ? "function"
                                                                  : "function",
                            func_sig(s, f));
    }
    case CAT_TRIGGER: {
        const struct cat_trigger *t = (const struct cat_trigger *)o;
        return arena_printf(s->arena, "trigger %s on table %s", t->name,
                            rel_name_for_msg(s, t->rel));
    }
    case CAT_POLICY: {
        const struct cat_policy *p = (const struct cat_policy *)o;
        return arena_printf(s->arena, "policy %s on table %s", p->name,
                            rel_name_for_msg(s, p->rel));
    }
    case CAT_TYPE: {
        const struct cat_type *t = (const struct cat_type *)o;
        if (visible_schema(s, t->schema))
            return arena_printf(s->arena, "type %s", t->name);
        return arena_printf(s->arena, "type %s.%s", t->schema->name, t->name);
    }
    case CAT_EXTENSION:
        return arena_printf(s->arena, "extension %s", ((const struct cat_extension *)o)->name);
    case CAT_OPER: {
        const struct cat_oper *op = (const struct cat_oper *)o;
        return arena_printf(s->arena, "operator %s", op->name);
    }
    case CAT_OPCLASS: {
        const struct cat_opclass *oc = (const struct cat_opclass *)o;
        return arena_printf(s->arena, "operator class %s for access method %s", oc->name, oc->am);
    }
    }
    return "object";
}

/* ---- dependencies ---- */

void sim_add_deps(struct sim *s, struct cat_obj *dependent, int16_t dep_attnum, int role,
                  struct ex_deps *d, char deptype)
{
    if (!d)
        return;
    for (uint32_t i = 0; i < d->nrels; i++) {
        if (&d->rels[i]->obj == dependent && role == CAT_ROLE_OBJECT && d->attnums[i] == 0)
            continue;
        catalog_add_dep(s->cat, dependent, dep_attnum, role, &d->rels[i]->obj, d->attnums[i],
                        deptype);
    }
    for (uint32_t i = 0; i < d->nfuncs; i++)
        catalog_add_dep(s->cat, dependent, dep_attnum, role, &d->funcs[i]->obj, 0, CAT_DEP_NORMAL);
    for (uint32_t i = 0; i < d->ntypes; i++)
        catalog_add_dep(s->cat, dependent, dep_attnum, role, &d->types[i]->obj, 0, CAT_DEP_NORMAL);
}

void sim_add_expr_deps(struct sim *s, struct cat_obj *dependent, int16_t dep_attnum, int role,
                       struct cat_expr *e, char deptype)
{
    if (!e)
        return;
    struct ex_deps d = {0};
    ex_collect_deps(e, &d, s->arena);
    /* sequences referenced by regclass constants are normal dependencies */
    sim_add_deps(s, dependent, dep_attnum, role, &d, deptype);
}

/* One object (or column, or column default) scheduled for dropping. */
struct drop_item {
    struct cat_obj *obj;
    int16_t attnum; /* > 0: a column of obj (a relation) */
    uint8_t role;   /* CAT_ROLE_DEFAULT: only the column's default */
};

struct drop_set {
    struct drop_item *items;
    uint32_t n, cap;
    struct strbuf detail; /* "x depends on y" lines for normal dependencies */
    uint32_t nnormal;
};

static bool drop_has(struct drop_set *ds, struct cat_obj *o, int16_t attnum, uint8_t role)
{
    for (uint32_t i = 0; i < ds->n; i++) {
        struct drop_item *it = &ds->items[i];
        if (it->obj != o)
            continue;
        if (it->attnum == 0 && it->role == CAT_ROLE_OBJECT)
            return true; /* the whole object goes */
        if (it->attnum == attnum && it->role == role)
            return true;
        if (attnum > 0 && it->attnum == attnum && it->role == CAT_ROLE_OBJECT &&
            role == CAT_ROLE_DEFAULT)
            return true; /* a dropped column takes its default along */
    }
    return false;
}

static void drop_push(struct sim *s, struct drop_set *ds, struct cat_obj *o, int16_t attnum,
                      uint8_t role)
{
    if (ds->n == ds->cap) {
        uint32_t cap = ds->cap ? ds->cap * 2 : 16;
        ds->items = arena_grow(s->arena, ds->items, ds->cap, cap, sizeof *ds->items);
        ds->cap = cap;
    }
    ds->items[ds->n].obj = o;
    ds->items[ds->n].attnum = attnum;
    ds->items[ds->n].role = role;
    ds->n++;
}

static const char *describe_dependent(struct sim *s, struct cat_dep *d)
{
    if (d->role == CAT_ROLE_DEFAULT && d->dependent->kind == CAT_REL) {
        const struct cat_rel *r = (const struct cat_rel *)d->dependent;
        if (d->dep_attnum > 0 && (uint32_t)d->dep_attnum <= r->columns.n) {
            const struct cat_column *col = r->columns.items[d->dep_attnum - 1];
            return arena_printf(s->arena, "default value for column %s of table %s", col->name,
                                rel_name_for_msg(s, r));
        }
    }
    if (d->role == CAT_ROLE_COLUMN || d->role == CAT_ROLE_GENERATION)
        return sim_describe(s, d->dependent, d->dep_attnum);
    return sim_describe(s, d->dependent, 0);
}

/* Collects what dropping (o, attnum) takes with it. */
static void drop_collect(struct sim *s, struct drop_set *ds, struct cat_obj *o, int16_t attnum,
                         uint8_t role, const char *what, int depth)
{
    if (depth > 64 || drop_has(ds, o, attnum, role))
        return;
    drop_push(s, ds, o, attnum, role);
    if (role == CAT_ROLE_DEFAULT)
        return; /* nothing depends on a default */
    struct cat_dep **deps;
    uint32_t n = catalog_dependents(s->cat, o, attnum, &deps);
    for (uint32_t i = 0; i < n; i++) {
        struct cat_dep *d = deps[i];
        struct cat_obj *dep = d->dependent;
        if (dep == o && attnum == 0)
            continue;
        int16_t datt = d->role == CAT_ROLE_OBJECT ? 0 : d->dep_attnum;
        uint8_t drole = d->role == CAT_ROLE_DEFAULT ? CAT_ROLE_DEFAULT : CAT_ROLE_OBJECT;
        if (dep == o && d->role != CAT_ROLE_OBJECT && attnum == 0)
            continue; /* the object's own column parts go with it */
        if (d->deptype == CAT_DEP_NORMAL) {
            if (!drop_has(ds, dep, datt, drole)) {
                if (ds->detail.len)
                    sb_addc(&ds->detail, '\n');
                sb_printf(&ds->detail, "%s depends on %s", describe_dependent(s, d), what);
                ds->nnormal++;
            }
        }
        const char *dwhat = describe_dependent(s, d);
        drop_collect(s, ds, dep, datt, drole, dwhat, depth + 1);
    }
    /* a relation's columns may have their own dependents (views on a column
     * depend on (rel, attnum), which catalog_dependents(attnum 0) returns) */
}

static void clear_default(struct sim *s, struct cat_rel *r, int16_t attnum)
{
    struct cat_column *col = catalog_column_by_attnum(r, attnum);
    if (!col)
        return;
    CAT_SET(s->cat, col->default_expr, NULL);
    catalog_kill_deps(s->cat, &r->obj, attnum, CAT_ROLE_DEFAULT);
}

static void drop_one(struct sim *s, struct drop_item *it)
{
    struct cat_obj *o = it->obj;
    if (o->dropped)
        return;
    if (it->role == CAT_ROLE_DEFAULT && o->kind == CAT_REL) {
        clear_default(s, (struct cat_rel *)o, it->attnum);
        return;
    }
    if (it->attnum > 0 && o->kind == CAT_REL) {
        struct cat_column *col = catalog_column_by_attnum((struct cat_rel *)o, it->attnum);
        if (col)
            catalog_drop_column(s->cat, col);
        return;
    }
    struct cat_rel *r = o->kind == CAT_REL ? (struct cat_rel *)o : NULL;
    if (o->kind == CAT_CONSTRAINT) {
        struct cat_constraint *k = (struct cat_constraint *)o;
        sim_unregister_constraint_name(s, k);
        if (k->index && k->contype != CAT_CON_FOREIGN && k->index->index &&
            k->index->index->constraint == k)
            CAT_SET(s->cat, k->index->index->constraint, NULL);
    }
    catalog_drop_obj(s->cat, o);
    if (r) {
        const char *kind = NULL;
        (void)kind;
        sim_object(s, SIM_DROPPED, CAT_REL, r->relkind, r->schema->name, r->name,
                   r->index && r->index->table ? r->index->table->name : NULL, r);
        if (r->rowtype) {
            catalog_drop_obj(s->cat, &r->rowtype->obj);
            if (r->rowtype->array)
                catalog_drop_obj(s->cat, &r->rowtype->array->obj);
        }
        /* its constraints, triggers, policies disappear with it */
        for (uint32_t i = 0; i < r->constraints.n; i++) {
            struct cat_constraint *k = r->constraints.items[i];
            sim_unregister_constraint_name(s, k);
        }
    } else {
        const char *name = "";
        const char *schema = NULL;
        const char *table = NULL;
        switch (o->kind) {
        case CAT_CONSTRAINT: {
            struct cat_constraint *k = (struct cat_constraint *)o;
            name = k->name;
            schema = k->rel ? k->rel->schema->name : NULL;
            table = k->rel ? k->rel->name : NULL;
            break;
        }
        case CAT_TRIGGER: {
            struct cat_trigger *t = (struct cat_trigger *)o;
            name = t->name;
            schema = t->rel->schema->name;
            table = t->rel->name;
            break;
        }
        case CAT_POLICY: {
            struct cat_policy *p = (struct cat_policy *)o;
            name = p->name;
            schema = p->rel->schema->name;
            table = p->rel->name;
            break;
        }
        case CAT_FUNC:
            name = ((struct cat_func *)o)->name;
            schema = ((struct cat_func *)o)->schema->name;
            break;
        case CAT_TYPE:
            name = ((struct cat_type *)o)->name;
            schema = ((struct cat_type *)o)->schema->name;
            if (((struct cat_type *)o)->array)
                catalog_drop_obj(s->cat, &((struct cat_type *)o)->array->obj);
            break;
        case CAT_SCHEMA:
            name = ((struct cat_schema *)o)->name;
            break;
        case CAT_EXTENSION:
            name = ((struct cat_extension *)o)->name;
            break;
        default:
            break;
        }
        sim_object(s, SIM_DROPPED, o->kind, 0, schema, name, table, o);
    }
}

static int drop_execute(struct sim *s, struct drop_set *ds, const char *what, bool cascade,
                        int location)
{
    if (ds->nnormal && !cascade) {
        sim_error(s, location, "2BP01", "cannot drop %s because other objects depend on it", what);
        sim_error_detail(s, ds->detail.buf);
        sim_error_hint(s, "Use DROP ... CASCADE to drop the dependent objects too.");
        sb_release(&ds->detail);
        return -1;
    }
    sb_release(&ds->detail);
    /* dependents first (reverse collection order), the object itself last */
    for (uint32_t i = ds->n; i > 0; i--)
        drop_one(s, &ds->items[i - 1]);
    return 0;
}

/* An object that is internal to another cannot be dropped by itself. */
static struct cat_obj *owner_of_internal(struct cat_obj *o)
{
    for (uint32_t i = 0; i < o->depends_on.n; i++) {
        struct cat_dep *d = o->depends_on.items[i];
        if (!d->dead && d->deptype == CAT_DEP_INTERNAL && !d->referenced->dropped)
            return d->referenced;
    }
    return NULL;
}

int sim_drop(struct sim *s, struct cat_obj *obj, bool cascade, int location)
{
    struct cat_obj *owner = owner_of_internal(obj);
    if (owner && owner->kind != CAT_EXTENSION) {
        const char *what = sim_describe(s, obj, 0);
        const char *ow = sim_describe(s, owner, 0);
        sim_error(s, location, "2BP01", "cannot drop %s because %s requires it", what, ow);
        sim_error_hint(s, arena_printf(s->arena, "You can drop %s instead.", ow));
        return -1;
    }
    if (obj->extension) {
        return sim_error(s, location, "2BP01", "cannot drop %s because extension %s requires it",
                         sim_describe(s, obj, 0), obj->extension->name);
    }
    struct drop_set ds = {0};
    const char *what = sim_describe(s, obj, 0);
    drop_collect(s, &ds, obj, 0, CAT_ROLE_OBJECT, what, 0);
    return drop_execute(s, &ds, what, cascade, location);
}

int sim_drop_column(struct sim *s, struct cat_column *col, bool cascade, int location)
{
    struct drop_set ds = {0};
    const char *what = sim_describe(s, &col->rel->obj, col->attnum);
    drop_collect(s, &ds, &col->rel->obj, col->attnum, CAT_ROLE_OBJECT, what, 0);
    return drop_execute(s, &ds, what, cascade, location);
}

/* ---- relation helpers ---- */

bool sim_rel_is_table(const struct cat_rel *r)
{
    return r->relkind == CAT_RELKIND_TABLE || r->relkind == CAT_RELKIND_PARTITIONED;
}

const char *sim_objtype_word(int objtype)
{
    switch (objtype) {
    case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX:
        return "index";
    case PG_QUERY__OBJECT_TYPE__OBJECT_VIEW:
        return "view";
    case PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW:
        return "materialized view";
    case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE:
        return "sequence";
    case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE:
        return "composite type";
    case PG_QUERY__OBJECT_TYPE__OBJECT_FOREIGN_TABLE:
        return "foreign table";
    default:
        return "table";
    }
}

struct cat_type *sim_make_rowtype(struct sim *s, struct cat_rel *r)
{
    if (catalog_type_name_used(r->schema, r->name)) {
        /* a type's array ("_t") may hold the name: PostgreSQL renames it away */
        struct cat_type *old = hashmap_get(&r->schema->types, r->name);
        if (old && old->category == 'A' && old->elem) {
            char *nn = arena_printf(s->arena, "_%s", old->name);
            catalog_rename_type(s->cat, old, nn);
        } else {
            return NULL;
        }
    }
    struct cat_type *t = catalog_add_type(s->cat, r->schema, r->name, CAT_TYPE_COMPOSITE);
    t->rel = r;
    CAT_SET(s->cat, r->rowtype, t);
    if (r->relkind == CAT_RELKIND_COMPOSITE)
        catalog_add_dep(s->cat, &r->obj, 0, CAT_ROLE_OBJECT, &t->obj, 0, CAT_DEP_INTERNAL);
    else
        catalog_add_dep(s->cat, &t->obj, 0, CAT_ROLE_OBJECT, &r->obj, 0, CAT_DEP_INTERNAL);
    if (r->relkind != CAT_RELKIND_SEQUENCE)
        catalog_add_array_type(s->cat, t);
    return t;
}

/* ---- roles (cluster-wide; a fresh cluster has postgres and the predefined roles) ---- */

/* PostgreSQL 15's predefined roles; later versions add more (pg_maintain,
 * pg_create_subscription, pg_use_reserved_connections), which a newer
 * pg_dump's GRANTs may name. */
static bool predefined_role(const char *name)
{
    static const char *const roles[] = {
        "pg_checkpoint",       "pg_database_owner",    "pg_execute_server_program",
        "pg_monitor",          "pg_read_all_data",     "pg_read_all_settings",
        "pg_read_all_stats",   "pg_read_server_files", "pg_signal_backend",
        "pg_stat_scan_tables", "pg_write_all_data",    "pg_write_server_files",
    };
    for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++)
        if (strcmp(name, roles[i]) == 0)
            return true;
    return false;
}

bool sim_role_exists(struct sim *s, const char *name)
{
    if (!name || strcmp(name, "postgres") == 0 || strcmp(name, "public") == 0 ||
        predefined_role(name))
        return true;
    return hashmap_get(&s->cat->roles, name) != NULL;
}

/* A RoleSpec naming a role (not CURRENT_USER/PUBLIC) must exist: 42704. */
int sim_role_spec_check(struct sim *s, const PgQuery__RoleSpec *rs)
{
    if (!rs || rs->roletype != PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_CSTRING)
        return 0;
    if (!sim_role_exists(s, rs->rolename))
        return sim_error(s, rs->location, "42704", "role \"%s\" does not exist", rs->rolename);
    return 0;
}

static int role_node_check(struct sim *s, const PgQuery__Node *n)
{
    return n && n->node_case == PG_QUERY__NODE__NODE_ROLE_SPEC
               ? sim_role_spec_check(s, n->role_spec)
               : 0;
}

static int sim_roles(struct sim *s, PgQuery__Node *n)
{
    struct catalog *c = s->cat;
    switch (n->node_case) {
    case PG_QUERY__NODE__NODE_CREATE_ROLE_STMT: {
        const char *name = n->create_role_stmt->role;
        if (name && strncmp(name, "pg_", 3) == 0 && !predefined_role(name)) {
            sim_error(s, -1, "42939", "role name \"%s\" is reserved", name);
            return sim_error_detail(s, "Role names starting with \"pg_\" are reserved.");
        }
        if (sim_role_exists(s, name))
            return sim_error(s, -1, "42710", "role \"%s\" already exists", name);
        catalog_map_put(c, &c->roles, arena_strdup(s->arena, name), (void *)1);
        return 0;
    }
    case PG_QUERY__NODE__NODE_DROP_ROLE_STMT:
        for (size_t i = 0; i < n->drop_role_stmt->n_roles; i++) {
            PgQuery__Node *r = n->drop_role_stmt->roles[i];
            if (r->node_case != PG_QUERY__NODE__NODE_ROLE_SPEC)
                continue;
            const char *name = r->role_spec->rolename;
            if (!name)
                continue;
            if (hashmap_get(&c->roles, name))
                catalog_map_del(c, &c->roles, name);
            else if (!n->drop_role_stmt->missing_ok && !sim_role_exists(s, name))
                return sim_error(s, -1, "42704", "role \"%s\" does not exist", name);
        }
        return 0;
    case PG_QUERY__NODE__NODE_GRANT_STMT: {
        PgQuery__GrantStmt *g = n->grant_stmt;
        for (size_t i = 0; i < g->n_grantees; i++)
            if (role_node_check(s, g->grantees[i]) != 0)
                return -1;
        /* the objects must exist */
        if (g->targtype == PG_QUERY__GRANT_TARGET_TYPE__ACL_TARGET_OBJECT &&
            (g->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_TABLE ||
             g->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE)) {
            for (size_t i = 0; i < g->n_objects; i++)
                if (g->objects[i]->node_case == PG_QUERY__NODE__NODE_RANGE_VAR &&
                    !sim_find_rel(s, g->objects[i]->range_var, false))
                    return -1;
        }
        if (g->targtype == PG_QUERY__GRANT_TARGET_TYPE__ACL_TARGET_OBJECT &&
            g->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA) {
            for (size_t i = 0; i < g->n_objects; i++) {
                const char *sn = sim_strval(g->objects[i]);
                if (sn && !catalog_find_schema(c, sn))
                    return sim_error(s, -1, "3F000", "schema \"%s\" does not exist", sn);
            }
        }
        return 0;
    }
    case PG_QUERY__NODE__NODE_GRANT_ROLE_STMT: {
        PgQuery__GrantRoleStmt *g = n->grant_role_stmt;
        for (size_t i = 0; i < g->n_granted_roles; i++) {
            PgQuery__Node *r = g->granted_roles[i];
            if (r->node_case == PG_QUERY__NODE__NODE_ACCESS_PRIV && r->access_priv->priv_name &&
                !sim_role_exists(s, r->access_priv->priv_name))
                return sim_error(s, -1, "42704", "role \"%s\" does not exist",
                                 r->access_priv->priv_name);
        }
        for (size_t i = 0; i < g->n_grantee_roles; i++)
            if (role_node_check(s, g->grantee_roles[i]) != 0)
                return -1;
        return 0;
    }
    case PG_QUERY__NODE__NODE_ALTER_OWNER_STMT:
        /* ExecAlterOwnerStmt looks the new owner up before the object */
        return sim_role_spec_check(s, n->alter_owner_stmt->newowner);
    default:
        return 0;
    }
}

/* ---- statements that only need a relation and columns (DML, LOCK, ...) ---- */

static int check_columns(struct sim *s, struct cat_rel *r, PgQuery__Node **cols, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        PgQuery__Node *c = cols[i];
        if (c->node_case != PG_QUERY__NODE__NODE_RES_TARGET)
            continue;
        const char *name = c->res_target->name;
        if (name && *name && !catalog_find_column(r, name))
            return sim_error(s, c->res_target->location, "42703",
                             "column \"%s\" of relation \"%s\" does not exist", name, r->name);
    }
    return 0;
}

static bool has_triggers_or_rules(const struct cat_rel *r)
{
    for (uint32_t i = 0; i < r->triggers.n; i++)
        if (!((struct cat_trigger *)r->triggers.items[i])->obj.dropped)
            return true;
    return false;
}

static int dml_rel(struct sim *s, PgQuery__RangeVar *rv, enum sim_lockmode mode,
                   struct cat_rel **out)
{
    struct cat_rel *r = sim_find_rel(s, rv, false);
    if (!r)
        return -1;
    if (r->relkind == CAT_RELKIND_SEQUENCE || r->relkind == CAT_RELKIND_INDEX ||
        r->relkind == CAT_RELKIND_COMPOSITE)
        return sim_error(s, rv->location, "42809", "cannot change %s \"%s\"",
                         catalog_relkind_name(r->relkind), r->name);
    if (r->relkind == CAT_RELKIND_MATVIEW && mode >= SIM_ROW_EXCLUSIVE)
        return sim_error(s, rv->location, "42809", "cannot change materialized view \"%s\"",
                         r->name);
    sim_lock_rel(s, r, mode);
    *out = r;
    return 0;
}

/* Checks a DML statement's WHERE / SET / RETURNING expressions against the
 * target (and, best effort, its FROM/USING list). Errors only for what the
 * analyser is sure about. */
static int dml_expr(struct sim *s, struct cat_rel *r, const char *alias, PgQuery__Node **from,
                    size_t nfrom, PgQuery__Node *e)
{
    if (!e || nfrom)
        return 0; /* joins with other tables: not checked */
    struct ex_ctx x;
    ex_ctx_init(&x, s->cat, s->arena, EXK_OTHER);
    x.scope = ex_scope_for_rel(s->arena, r, alias);
    if (!ex_analyze(&x, e)) {
        if (x.sqlstate && (strcmp(x.sqlstate, "42703") == 0 || strcmp(x.sqlstate, "42883") == 0 ||
                           strcmp(x.sqlstate, "42P01") == 0))
            return sim_expr_error(s, &x);
    }
    return 0;
}

static int sim_insert(struct sim *s, PgQuery__InsertStmt *st)
{
    struct cat_rel *r;
    if (dml_rel(s, st->relation, SIM_ROW_EXCLUSIVE, &r) != 0)
        return -1;
    if (r->relkind == CAT_RELKIND_VIEW) {
        /* auto-updatable views: accepted */
    }
    if (check_columns(s, r, st->cols, st->n_cols) != 0)
        return -1;
    /* GENERATED ALWAYS identity columns reject explicit values */
    for (size_t i = 0; i < st->n_cols; i++) {
        const char *name = st->cols[i]->res_target->name;
        struct cat_column *col = catalog_find_column(r, name);
        if (col && col->identity == 'a' &&
            st->override != PG_QUERY__OVERRIDING_KIND__OVERRIDING_SYSTEM_VALUE) {
            if (st->select_stmt && st->select_stmt->node_case == PG_QUERY__NODE__NODE_SELECT_STMT &&
                st->select_stmt->select_stmt->n_values_lists) {
                /* DEFAULT in VALUES is allowed; any other value is not */
                bool all_default = true;
                PgQuery__SelectStmt *sel = st->select_stmt->select_stmt;
                for (size_t v = 0; v < sel->n_values_lists; v++) {
                    PgQuery__Node *row = sel->values_lists[v];
                    if (row->node_case == PG_QUERY__NODE__NODE_LIST && i < row->list->n_items &&
                        row->list->items[i]->node_case != PG_QUERY__NODE__NODE_SET_TO_DEFAULT)
                        all_default = false;
                }
                if (all_default)
                    continue;
            }
            sim_error(s, st->cols[i]->res_target->location, "428C9",
                      "cannot insert a non-DEFAULT value into column \"%s\"", name);
            sim_error_detail(
                s, arena_printf(s->arena,
                                "Column \"%s\" is an identity column defined as GENERATED ALWAYS.",
                                name));
            return sim_error_hint(s, "Use OVERRIDING SYSTEM VALUE to override.");
        }
        if (col && col->generated) {
            sim_error(s, st->cols[i]->res_target->location, "428C9",
                      "cannot insert a non-DEFAULT value into column \"%s\"", name);
            return sim_error_detail(
                s, arena_printf(s->arena, "Column \"%s\" is a generated column.", name));
        }
    }
    if (st->returning_list) {
        for (size_t i = 0; i < st->n_returning_list; i++)
            if (dml_expr(s, r, st->relation->alias ? st->relation->alias->aliasname : NULL, NULL, 0,
                         st->returning_list[i]->res_target->val) != 0)
                return -1;
    }
    return sim_data_insert(s, r, st);
}

static int sim_update(struct sim *s, PgQuery__UpdateStmt *st)
{
    struct cat_rel *r;
    if (dml_rel(s, st->relation, SIM_ROW_EXCLUSIVE, &r) != 0)
        return -1;
    const char *alias = st->relation->alias ? st->relation->alias->aliasname : NULL;
    for (size_t i = 0; i < st->n_target_list; i++) {
        PgQuery__ResTarget *rt = st->target_list[i]->res_target;
        struct cat_column *col = catalog_find_column(r, rt->name);
        if (!col)
            return sim_error(s, rt->location, "42703",
                             "column \"%s\" of relation \"%s\" does not exist", rt->name, r->name);
        if (col->generated)
            return sim_error(s, rt->location, "428C9",
                             "column \"%s\" can only be updated to DEFAULT", rt->name);
        if (col->identity == 'a' && rt->val &&
            rt->val->node_case != PG_QUERY__NODE__NODE_SET_TO_DEFAULT)
            return sim_error(s, rt->location, "428C9",
                             "column \"%s\" can only be updated to DEFAULT", rt->name);
        if (rt->val && rt->val->node_case != PG_QUERY__NODE__NODE_SET_TO_DEFAULT &&
            dml_expr(s, r, alias, st->from_clause, st->n_from_clause, rt->val) != 0)
            return -1;
    }
    if (dml_expr(s, r, alias, st->from_clause, st->n_from_clause, st->where_clause) != 0)
        return -1;
    return sim_data_update(s, r, st);
}

static int sim_delete(struct sim *s, PgQuery__DeleteStmt *st)
{
    struct cat_rel *r;
    if (dml_rel(s, st->relation, SIM_ROW_EXCLUSIVE, &r) != 0)
        return -1;
    const char *alias = st->relation->alias ? st->relation->alias->aliasname : NULL;
    if (dml_expr(s, r, alias, st->using_clause, st->n_using_clause, st->where_clause) != 0)
        return -1;
    return sim_data_delete(s, r, st);
}

static int sim_set_config(struct sim *s, PgQuery__SelectStmt *sel);
static int sim_set(struct sim *s, PgQuery__VariableSetStmt *st);

static int sim_select(struct sim *s, PgQuery__Node *n)
{
    PgQuery__SelectStmt *sel = n->select_stmt;
    if (sel->into_clause) {
        /* SELECT ... INTO t: CREATE TABLE t AS SELECT ... */
        PgQuery__SelectStmt copy = *sel;
        copy.into_clause = NULL;
        PgQuery__Node q = PG_QUERY__NODE__INIT;
        q.node_case = PG_QUERY__NODE__NODE_SELECT_STMT;
        q.select_stmt = &copy;
        PgQuery__CreateTableAsStmt ctas = PG_QUERY__CREATE_TABLE_AS_STMT__INIT;
        ctas.query = &q;
        ctas.into = sel->into_clause;
        ctas.objtype = PG_QUERY__OBJECT_TYPE__OBJECT_TABLE;
        ctas.is_select_into = true;
        return sim_create_table_as(s, &ctas);
    }
    /* SELECT set_config('check_function_bodies', ...): taken as off, whatever
     * the value (missed errors rather than false ones) */
    for (size_t i = 0; i < sel->n_target_list; i++) {
        PgQuery__Node *t = sel->target_list[i];
        PgQuery__Node *v =
            t->node_case == PG_QUERY__NODE__NODE_RES_TARGET ? t->res_target->val : NULL;
        if (!v || v->node_case != PG_QUERY__NODE__NODE_FUNC_CALL)
            continue;
        PgQuery__FuncCall *fc = v->func_call;
        const char *fname = fc->n_funcname ? sim_strval(fc->funcname[fc->n_funcname - 1]) : NULL;
        if (fname && strcmp(fname, "set_config") == 0 && fc->n_args >= 1 &&
            fc->args[0]->node_case == PG_QUERY__NODE__NODE_A_CONST &&
            fc->args[0]->a_const->val_case == PG_QUERY__A__CONST__VAL_SVAL &&
            strcmp(fc->args[0]->a_const->sval->sval, "check_function_bodies") == 0 &&
            !s->cat->function_bodies_unchecked)
            CAT_SET(s->cat, s->cat->function_bodies_unchecked, true);
    }
    {
        /* analyse the query; report only the errors the analyser is sure of */
        struct ex_ctx x;
        ex_ctx_init(&x, s->cat, s->arena, EXK_SELECT);
        struct ex_deps deps = {0};
        x.deps = &deps;
        /* SELECT f(...) with no FROM may call a DDL template (sim_dynamic.c) */
        x.build_tree = !sel->n_from_clause && sel->n_target_list > 0;
        struct ex_query q = {0};
        int rc = ex_analyze_select(&x, n, &q);
        if (rc != 0 && x.sqlstate &&
            (strcmp(x.sqlstate, "42P01") == 0 || strcmp(x.sqlstate, "42703") == 0 ||
             strcmp(x.sqlstate, "55P04") == 0 || strcmp(x.sqlstate, "22P02") == 0 ||
             strcmp(x.sqlstate, "3F000") == 0))
            return sim_expr_error(s, &x);
        int expanded = rc == 0 && deps.nfuncs ? sim_dynamic_select(s, q.tree) : 0;
        if (expanded < 0)
            return -1;
        /* a function of the chain's may write anywhere */
        if (!expanded && (rc != 0 || deps.nfuncs))
            sim_data_forget_all(s);
    }
    if (sim_set_config(s, sel) != 0)
        return -1;
    /* lock the relations read (AccessShareLock); check they exist */
    for (size_t i = 0; i < sel->n_from_clause; i++) {
        PgQuery__Node *f = sel->from_clause[i];
        if (f->node_case == PG_QUERY__NODE__NODE_RANGE_VAR) {
            struct cat_rel *r = catalog_find_rel(
                s->cat,
                f->range_var->schemaname && *f->range_var->schemaname ? f->range_var->schemaname
                                                                      : NULL,
                f->range_var->relname);
            if (r)
                sim_lock_rel(s, r, sel->n_locking_clause ? SIM_ROW_SHARE : SIM_ACCESS_SHARE);
        }
    }
    return 0;
}

static int sim_truncate(struct sim *s, PgQuery__TruncateStmt *st)
{
    for (size_t i = 0; i < st->n_relations; i++) {
        PgQuery__RangeVar *rv = st->relations[i]->range_var;
        struct cat_rel *r = sim_find_rel(s, rv, false);
        if (!r)
            return -1;
        if (!sim_rel_is_table(r))
            return sim_error(s, rv->location, "42809", "\"%s\" is not a table", r->name);
        struct sim_lock *l = sim_lock_rel(s, r, SIM_ACCESS_EXCLUSIVE);
        l->rewrite = true;
        s->eff->rewrites = true;
        sim_data_truncate(s, r, st->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE, rv->inh);
    }
    return 0;
}

static int sim_lock_stmt(struct sim *s, PgQuery__LockStmt *st)
{
    if (!s->in_tx)
        return sim_error(s, -1, "25P01", "LOCK TABLE can only be used in transaction blocks");
    static const enum sim_lockmode modes[] = {SIM_NO_LOCK,
                                              SIM_ACCESS_SHARE,
                                              SIM_ROW_SHARE,
                                              SIM_ROW_EXCLUSIVE,
                                              SIM_SHARE_UPDATE_EXCLUSIVE,
                                              SIM_SHARE,
                                              SIM_SHARE_ROW_EXCLUSIVE,
                                              SIM_EXCLUSIVE,
                                              SIM_ACCESS_EXCLUSIVE};
    enum sim_lockmode m = st->mode >= 1 && st->mode <= 8 ? modes[st->mode] : SIM_ACCESS_EXCLUSIVE;
    for (size_t i = 0; i < st->n_relations; i++) {
        struct cat_rel *r = sim_find_rel(s, st->relations[i]->range_var, false);
        if (!r)
            return -1;
        sim_lock_rel(s, r, m);
    }
    return 0;
}

/* SET, RESET, set_config() and a function's SET clause name a configuration
 * parameter PostgreSQL 15 must know (a name with a dot is a placeholder for
 * an extension's) and let a session change (superuser assumed). A newer
 * pg_dump's preamble fails here: SET transaction_timeout = 0 (PostgreSQL 17). */
int sim_guc_check(struct sim *s, const char *name)
{
    char low[64];
    size_t n = strlen(name);
    if (n >= sizeof low)
        n = sizeof low - 1;
    for (size_t i = 0; i < n; i++)
        low[i] = (char)tolower((unsigned char)name[i]);
    low[n] = 0;
    const struct pgb_guc *g = NULL;
    size_t lo = 0, hi = pgb_ngucs;
    while (lo < hi && !g) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(low, pgb_gucs[mid].name);
        if (c == 0)
            g = &pgb_gucs[mid];
        else if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    if (!g) {
        if (strchr(name, '.'))
            return 0;
        return sim_error(s, -1, "42704", "unrecognized configuration parameter \"%s\"", name);
    }
    const char *why = strcmp(g->context, "internal") == 0     ? ""
                      : strcmp(g->context, "postmaster") == 0 ? " without restarting the server"
                      : strcmp(g->context, "sighup") == 0     ? " now"
                      : strstr(g->context, "backend")         ? ""
                                                              : NULL;
    if (!why)
        return 0;
    if (strstr(g->context, "backend"))
        return sim_error(s, -1, "55P02", "parameter \"%s\" cannot be set after connection start",
                         name);
    return sim_error(s, -1, "55P02", "parameter \"%s\" cannot be changed%s", name, why);
}

/* SELECT [pg_catalog.]set_config('name', 'value', is_local), as pg_dump
 * starts its output: the parameter is checked, and search_path set. */
static int sim_set_config(struct sim *s, PgQuery__SelectStmt *sel)
{
    for (size_t i = 0; i < sel->n_target_list; i++) {
        PgQuery__Node *t = sel->target_list[i];
        PgQuery__Node *v =
            t->node_case == PG_QUERY__NODE__NODE_RES_TARGET ? t->res_target->val : NULL;
        if (!v || v->node_case != PG_QUERY__NODE__NODE_FUNC_CALL)
            continue;
        PgQuery__FuncCall *f = v->func_call;
        const char *fname = f->n_funcname ? sim_strval(f->funcname[f->n_funcname - 1]) : NULL;
        if (!fname || strcmp(fname, "set_config") != 0 || f->n_args != 3 ||
            (f->n_funcname == 2 && strcmp(sim_strval(f->funcname[0]), "pg_catalog") != 0) ||
            f->n_funcname > 2)
            continue;
        PgQuery__Node *a0 = f->args[0], *a1 = f->args[1];
        if (a0->node_case != PG_QUERY__NODE__NODE_A_CONST ||
            a0->a_const->val_case != PG_QUERY__A__CONST__VAL_SVAL)
            continue;
        const char *name = a0->a_const->sval->sval;
        if (sim_guc_check(s, name) != 0)
            return -1;
        if (strcasecmp(name, "search_path") != 0 || a1->node_case != PG_QUERY__NODE__NODE_A_CONST ||
            a1->a_const->val_case != PG_QUERY__A__CONST__VAL_SVAL)
            continue;
        /* as SET search_path = 'value' (the text is a list of names) */
        PgQuery__VariableSetStmt vs = PG_QUERY__VARIABLE_SET_STMT__INIT;
        vs.kind = PG_QUERY__VARIABLE_SET_KIND__VAR_SET_VALUE;
        vs.name = "search_path";
        PgQuery__Node *arg = a1;
        vs.args = &arg;
        vs.n_args = 1;
        sim_set(s, &vs);
    }
    return 0;
}

/* Whether a SET names a true boolean value, as parse_bool reads it ("on",
 * "true", "yes", "1" and their unique prefixes); anything else counts as off. */
static bool set_value_true(PgQuery__VariableSetStmt *st)
{
    if (st->n_args != 1 || st->args[0]->node_case != PG_QUERY__NODE__NODE_A_CONST)
        return false;
    PgQuery__AConst *c = st->args[0]->a_const;
    if (c->val_case == PG_QUERY__A__CONST__VAL_IVAL)
        return c->ival->ival == 1;
    if (c->val_case == PG_QUERY__A__CONST__VAL_BOOLVAL)
        return c->boolval->boolval;
    if (c->val_case != PG_QUERY__A__CONST__VAL_SVAL)
        return false;
    const char *v = c->sval->sval;
    size_t n = strlen(v);
    return n && (strncasecmp(v, "true", n) == 0 || strncasecmp(v, "yes", n) == 0 ||
                 (n >= 2 && strncasecmp(v, "on", n) == 0) || strcmp(v, "1") == 0);
}

/* check_function_bodies decides whether CREATE FUNCTION validates a SQL
 * body (sim_sqlfunc.c). Turning it off is followed everywhere (also SET
 * LOCAL: off beyond its transaction only costs missed errors); turning it on
 * again only by a session-wide SET, RESET or SET ... TO DEFAULT. */
static void set_check_function_bodies(struct sim *s, PgQuery__VariableSetStmt *st)
{
    bool on = st->kind == PG_QUERY__VARIABLE_SET_KIND__VAR_SET_DEFAULT ||
              st->kind == PG_QUERY__VARIABLE_SET_KIND__VAR_RESET ||
              (st->kind == PG_QUERY__VARIABLE_SET_KIND__VAR_SET_VALUE && set_value_true(st));
    if (on && st->is_local)
        return;
    if (s->cat->function_bodies_unchecked != !on)
        CAT_SET(s->cat, s->cat->function_bodies_unchecked, !on);
}

const char **sim_search_path_value(struct sim *s, PgQuery__VariableSetStmt *st)
{
    if (st->kind == PG_QUERY__VARIABLE_SET_KIND__VAR_SET_DEFAULT ||
        st->kind == PG_QUERY__VARIABLE_SET_KIND__VAR_RESET) {
        static const char *const def[] = {"$user", "public", NULL};
        return (const char **)def;
    }
    if (st->kind == PG_QUERY__VARIABLE_SET_KIND__VAR_SET_CURRENT)
        return s->cat->search_path;
    if (st->kind != PG_QUERY__VARIABLE_SET_KIND__VAR_SET_VALUE)
        return NULL;
    const char **path = arena_alloc(s->arena, sizeof *path * (st->n_args + 1));
    size_t n = 0;
    for (size_t i = 0; i < st->n_args; i++) {
        PgQuery__Node *a = st->args[i];
        if (a->node_case != PG_QUERY__NODE__NODE_A_CONST)
            continue;
        PgQuery__AConst *c = a->a_const;
        if (c->val_case == PG_QUERY__A__CONST__VAL_SVAL) {
            /* a quoted string may hold several comma-separated names */
            const char *v = c->sval->sval;
            if (st->n_args == 1 && strchr(v, ',')) {
                char *copy = arena_strdup(s->arena, v);
                path = arena_grow(s->arena, path, st->n_args + 1, 64, sizeof *path);
                for (char *tok = strtok(copy, ","); tok && n < 62; tok = strtok(NULL, ",")) {
                    while (*tok == ' ')
                        tok++;
                    char *end = tok + strlen(tok);
                    while (end > tok && end[-1] == ' ')
                        *--end = 0;
                    if (*tok == '"' && end > tok + 1 && end[-1] == '"') {
                        end[-1] = 0;
                        tok++;
                    }
                    path[n++] = tok;
                }
                continue;
            }
            path[n++] = v;
        }
    }
    path[n] = NULL;
    return path;
}

static int sim_set(struct sim *s, PgQuery__VariableSetStmt *st)
{
    if (st->name &&
        (st->kind == PG_QUERY__VARIABLE_SET_KIND__VAR_SET_VALUE ||
         st->kind == PG_QUERY__VARIABLE_SET_KIND__VAR_SET_DEFAULT ||
         st->kind == PG_QUERY__VARIABLE_SET_KIND__VAR_SET_CURRENT ||
         st->kind == PG_QUERY__VARIABLE_SET_KIND__VAR_RESET) &&
        sim_guc_check(s, st->name) != 0)
        return -1;
    if (st->name && strcmp(st->name, "session_replication_role") == 0)
        sim_data_forget_all(s); /* foreign key triggers may be off */
    if (st->name && strcmp(st->name, "check_function_bodies") == 0)
        set_check_function_bodies(s, st);
    if (!st->name || strcmp(st->name, "search_path") != 0)
        return 0;
    const char **path = sim_search_path_value(s, st);
    if (path)
        CAT_SET(s->cat, s->cat->search_path, path);
    return 0;
}

/* ---- transactions ---- */

static void tx_begin(struct sim *s)
{
    s->in_tx = true;
    s->tx_serial++;
    s->tx_mark = catalog_mark(s->cat);
    s->tx_mark_held = true;
    s->new_enum_labels.n = 0;
}

static void tx_end(struct sim *s, bool commit)
{
    for (uint32_t i = 0; i < s->new_enum_labels.n; i++) {
        struct cat_type *t = s->new_enum_labels.items[i];
        CAT_SET(s->cat, t->uncommitted_labels.n, 0);
    }
    if (s->tx_mark_held) {
        if (commit)
            catalog_release(s->cat, s->tx_mark);
        else
            catalog_rollback(s->cat, s->tx_mark);
        s->tx_mark_held = false;
    }
    s->in_tx = false;
    s->explicit_tx = false;
    s->new_enum_labels.n = 0;
    (void)commit;
}

static int sim_transaction(struct sim *s, PgQuery__TransactionStmt *st)
{
    s->eff->transaction_control = true;
    switch (st->kind) {
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_BEGIN:
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_START:
        if (s->in_tx) {
            sim_notice(s); /* WARNING: there is already a transaction in progress */
            return 0;
        }
        tx_begin(s);
        s->explicit_tx = true;
        return 0;
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_COMMIT:
        if (s->in_tx && !s->part_tx)
            tx_end(s, true);
        else if (s->in_tx && s->part_tx) {
            /* COMMIT inside a transactional revision: ends it; the rest runs
             * in a new transaction as the revision's runner opens one */
            tx_end(s, true);
            tx_begin(s);
        }
        return 0;
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_ROLLBACK:
        if (s->in_tx) {
            tx_end(s, false);
            if (s->part_tx)
                tx_begin(s);
        }
        return 0;
    default:
        /* SAVEPOINT, RELEASE, ROLLBACK TO, PREPARE TRANSACTION: accepted */
        if (!s->in_tx && (st->kind == PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_SAVEPOINT ||
                          st->kind == PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_RELEASE ||
                          st->kind == PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_ROLLBACK_TO))
            return sim_error(s, -1, "25P01", "%s can only be used in transaction blocks",
                             st->kind == PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_SAVEPOINT
                                 ? "SAVEPOINT"
                             : st->kind == PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_RELEASE
                                 ? "RELEASE SAVEPOINT"
                                 : "ROLLBACK TO SAVEPOINT");
        return 0;
    }
}

void sim_begin_part(struct sim *s, const struct revision *r, enum part_kind part)
{
    s->rev = r;
    s->rev_serial++;
    (void)part;
    s->part_tx = !r || r->tx == TX_ON;
    if (s->in_tx)
        tx_end(s, true);
    if (s->part_tx)
        tx_begin(s);
}

void sim_end_part(struct sim *s)
{
    if (s->in_tx)
        tx_end(s, true);
    s->part_tx = false;
    s->rev = NULL;
}

/* ---- SQL found inside statements ---- */

PgQuery__ParseResult *sim_parse(struct sim *s, const char *sql, const char **err, int *cursor)
{
    *err = NULL;
    *cursor = 0;
    PgQueryProtobufParseResult pr = pg_query_parse_protobuf(sql);
    PgQuery__ParseResult *res = NULL;
    if (pr.error) {
        *err = arena_strdup(s->arena, pr.error->message);
        *cursor = pr.error->cursorpos;
    } else {
        res = pg_query__parse_result__unpack(arena_protobuf_allocator(s->arena), pr.parse_tree.len,
                                             (const uint8_t *)pr.parse_tree.data);
    }
    pg_query_free_protobuf_parse_result(pr);
    return res;
}

PgQuery__Node *sim_parse_expr(struct sim *s, const char *text)
{
    const char *err;
    int cursor;
    PgQuery__ParseResult *res =
        sim_parse(s, arena_printf(s->arena, "SELECT %s", text), &err, &cursor);
    if (!res || res->n_stmts != 1 || !res->stmts[0]->stmt ||
        res->stmts[0]->stmt->node_case != PG_QUERY__NODE__NODE_SELECT_STMT)
        return NULL;
    PgQuery__SelectStmt *sel = res->stmts[0]->stmt->select_stmt;
    if (sel->n_target_list != 1 || sel->n_from_clause || sel->where_clause ||
        sel->target_list[0]->node_case != PG_QUERY__NODE__NODE_RES_TARGET)
        return NULL;
    return sel->target_list[0]->res_target->val;
}

/* ---- dispatch ---- */

static int not_simulated(struct sim *s, const char *why)
{
    s->eff->simulated = false;
    s->eff->not_simulated = why;
    return 0;
}

int sim_dispatch(struct sim *s, PgQuery__Node *n)
{
    switch (n->node_case) {
    case PG_QUERY__NODE__NODE_CREATE_STMT:
        return sim_create_table(s, n->create_stmt);
    case PG_QUERY__NODE__NODE_CREATE_FOREIGN_TABLE_STMT:
        return sim_create_foreign_table(s, n->create_foreign_table_stmt);
    case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT:
        return sim_alter_table(s, n->alter_table_stmt);
    case PG_QUERY__NODE__NODE_INDEX_STMT:
        return sim_create_index(s, n->index_stmt);
    case PG_QUERY__NODE__NODE_CREATE_SEQ_STMT:
        return sim_create_seq(s, n->create_seq_stmt);
    case PG_QUERY__NODE__NODE_ALTER_SEQ_STMT:
        return sim_alter_seq(s, n->alter_seq_stmt);
    case PG_QUERY__NODE__NODE_CREATE_TABLE_AS_STMT:
        return sim_create_table_as(s, n->create_table_as_stmt);
    case PG_QUERY__NODE__NODE_REFRESH_MAT_VIEW_STMT:
        return sim_refresh_matview(s, n->refresh_mat_view_stmt);
    case PG_QUERY__NODE__NODE_CREATE_SCHEMA_STMT:
        return sim_create_schema(s, n->create_schema_stmt);
    case PG_QUERY__NODE__NODE_CREATE_ENUM_STMT:
        return sim_create_enum(s, n->create_enum_stmt);
    case PG_QUERY__NODE__NODE_ALTER_ENUM_STMT:
        return sim_alter_enum(s, n->alter_enum_stmt);
    case PG_QUERY__NODE__NODE_CREATE_DOMAIN_STMT:
        return sim_create_domain(s, n->create_domain_stmt);
    case PG_QUERY__NODE__NODE_ALTER_DOMAIN_STMT:
        return sim_alter_domain(s, n->alter_domain_stmt);
    case PG_QUERY__NODE__NODE_COMPOSITE_TYPE_STMT:
        return sim_create_composite(s, n->composite_type_stmt);
    case PG_QUERY__NODE__NODE_CREATE_RANGE_STMT:
        return sim_create_range(s, n->create_range_stmt);
    case PG_QUERY__NODE__NODE_CREATE_FUNCTION_STMT:
        return sim_create_function(s, n->create_function_stmt);
    case PG_QUERY__NODE__NODE_ALTER_FUNCTION_STMT:
        return sim_alter_function(s, n->alter_function_stmt);
    case PG_QUERY__NODE__NODE_VIEW_STMT:
        return sim_create_view(s, n->view_stmt);
    case PG_QUERY__NODE__NODE_CREATE_TRIG_STMT:
        return sim_create_trigger(s, n->create_trig_stmt);
    case PG_QUERY__NODE__NODE_CREATE_POLICY_STMT:
        return sim_create_policy(s, n->create_policy_stmt);
    case PG_QUERY__NODE__NODE_ALTER_POLICY_STMT:
        return sim_alter_policy(s, n->alter_policy_stmt);
    case PG_QUERY__NODE__NODE_CREATE_EXTENSION_STMT:
        return sim_create_extension(s, n->create_extension_stmt);
    case PG_QUERY__NODE__NODE_DROP_STMT:
        return sim_drop_stmt(s, n->drop_stmt);
    case PG_QUERY__NODE__NODE_RENAME_STMT:
        return sim_rename(s, n->rename_stmt);
    case PG_QUERY__NODE__NODE_ALTER_OBJECT_SCHEMA_STMT:
        return sim_alter_object_schema(s, n->alter_object_schema_stmt);
    case PG_QUERY__NODE__NODE_COMMENT_STMT:
        return sim_comment(s, n->comment_stmt);
    case PG_QUERY__NODE__NODE_DEFINE_STMT:
        if (n->define_stmt->kind == PG_QUERY__OBJECT_TYPE__OBJECT_AGGREGATE)
            return sim_create_aggregate(s, n->define_stmt);
        if (n->define_stmt->kind == PG_QUERY__OBJECT_TYPE__OBJECT_OPERATOR)
            return sim_create_operator(s, n->define_stmt);
        if (n->define_stmt->kind == PG_QUERY__OBJECT_TYPE__OBJECT_COLLATION) {
            const char *schema, *name;
            sim_split_name(n->define_stmt->defnames, n->define_stmt->n_defnames, &schema, &name);
            if (name)
                catalog_map_put(s->cat, &s->cat->collations, arena_strdup(s->arena, name),
                                (void *)1);
            return not_simulated(s, "CREATE COLLATION is not printed in the schema");
        }
        return not_simulated(s, "CREATE OPERATOR/COLLATION/TEXT SEARCH is not simulated");
    case PG_QUERY__NODE__NODE_INSERT_STMT:
        return sim_insert(s, n->insert_stmt);
    case PG_QUERY__NODE__NODE_UPDATE_STMT:
        return sim_update(s, n->update_stmt);
    case PG_QUERY__NODE__NODE_DELETE_STMT:
        return sim_delete(s, n->delete_stmt);
    case PG_QUERY__NODE__NODE_SELECT_STMT:
        return sim_select(s, n);
    case PG_QUERY__NODE__NODE_TRUNCATE_STMT:
        return sim_truncate(s, n->truncate_stmt);
    case PG_QUERY__NODE__NODE_LOCK_STMT:
        return sim_lock_stmt(s, n->lock_stmt);
    case PG_QUERY__NODE__NODE_VARIABLE_SET_STMT:
        return sim_set(s, n->variable_set_stmt);
    case PG_QUERY__NODE__NODE_TRANSACTION_STMT:
        return sim_transaction(s, n->transaction_stmt);
    case PG_QUERY__NODE__NODE_DO_STMT: {
        /* a block of plain SQL (with handlers that do nothing) is simulated */
        int rc = sim_dynamic_do(s, n->do_stmt);
        if (rc != 0)
            return rc < 0 ? -1 : 0;
        sim_data_forget_all(s);
        return not_simulated(s, "DO block (procedural code is not simulated)");
    }
    case PG_QUERY__NODE__NODE_CALL_STMT:
        sim_data_forget_all(s);
        return not_simulated(s, "CALL (procedural code is not simulated)");
    case PG_QUERY__NODE__NODE_EXECUTE_STMT:
        sim_data_forget_all(s);
        return not_simulated(s, "EXECUTE (dynamic SQL is not simulated)");
    case PG_QUERY__NODE__NODE_GRANT_STMT:
    case PG_QUERY__NODE__NODE_GRANT_ROLE_STMT:
    case PG_QUERY__NODE__NODE_CREATE_ROLE_STMT:
    case PG_QUERY__NODE__NODE_DROP_ROLE_STMT:
    case PG_QUERY__NODE__NODE_ALTER_OWNER_STMT:
        return sim_roles(s, n);
    case PG_QUERY__NODE__NODE_ALTER_DEFAULT_PRIVILEGES_STMT:
    case PG_QUERY__NODE__NODE_ALTER_ROLE_STMT:
    case PG_QUERY__NODE__NODE_ALTER_ROLE_SET_STMT:
    case PG_QUERY__NODE__NODE_VARIABLE_SHOW_STMT:
    case PG_QUERY__NODE__NODE_DISCARD_STMT:
    case PG_QUERY__NODE__NODE_NOTIFY_STMT:
    case PG_QUERY__NODE__NODE_LISTEN_STMT:
    case PG_QUERY__NODE__NODE_UNLISTEN_STMT:
    case PG_QUERY__NODE__NODE_CHECK_POINT_STMT:
    case PG_QUERY__NODE__NODE_EXPLAIN_STMT:
    case PG_QUERY__NODE__NODE_CONSTRAINTS_SET_STMT:
    case PG_QUERY__NODE__NODE_ALTER_DATABASE_SET_STMT:
    case PG_QUERY__NODE__NODE_ALTER_DATABASE_STMT:
    case PG_QUERY__NODE__NODE_SEC_LABEL_STMT:
        return 0; /* accepted, no catalog effect modelled */
    case PG_QUERY__NODE__NODE_VACUUM_STMT:
        if (s->in_tx && n->vacuum_stmt->is_vacuumcmd)
            return sim_error(s, -1, "25001", "%s cannot run inside a transaction block",
                             n->vacuum_stmt->is_vacuumcmd ? "VACUUM" : "ANALYZE");
        return 0;
    case PG_QUERY__NODE__NODE_REINDEX_STMT:
        for (size_t i = 0; i < n->reindex_stmt->n_params; i++) {
            PgQuery__Node *p = n->reindex_stmt->params[i];
            if (p->node_case == PG_QUERY__NODE__NODE_DEF_ELEM &&
                strcmp(p->def_elem->defname, "concurrently") == 0 && s->in_tx)
                return sim_error(s, -1, "25001",
                                 "REINDEX CONCURRENTLY cannot run inside a transaction block");
        }
        return 0;
    case PG_QUERY__NODE__NODE_CLUSTER_STMT:
        return 0;
    case PG_QUERY__NODE__NODE_COPY_STMT: {
        struct cat_rel *r = NULL;
        if (n->copy_stmt->relation && !(r = sim_find_rel(s, n->copy_stmt->relation, false)))
            return -1;
        if (n->copy_stmt->is_from) {
            if (r && !has_triggers_or_rules(r))
                sim_data_forget(s, r);
            else
                sim_data_forget_all(s);
        }
        return 0;
    }
    case PG_QUERY__NODE__NODE_CREATEDB_STMT:
    case PG_QUERY__NODE__NODE_DROPDB_STMT:
        if (s->in_tx)
            return sim_error(s, -1, "25001", "%s cannot run inside a transaction block",
                             n->node_case == PG_QUERY__NODE__NODE_CREATEDB_STMT ? "CREATE DATABASE"
                                                                                : "DROP DATABASE");
        return not_simulated(s, "databases are not part of the schema");
    default:
        /* CREATE RULE, PREPARE, ...: table contents are no longer followed */
        sim_data_forget_all(s);
        return not_simulated(s, arena_printf(s->arena, "%s is not simulated",
                                             sql_node_kind(n) ? sql_node_kind(n) : "statement"));
    }
}

static struct effect *new_effect(struct sim *s)
{
    struct effect *e = arena_alloc(s->arena, sizeof *e);
    e->simulated = true;
    s->eff = e;
    return e;
}

static void report(struct sim *s, const struct stmt *st, struct diag_list *d)
{
    struct effect *e = s->eff;
    if (!d)
        return;
    if (e->sqlstate) {
        struct loc loc = st ? st->loc : (struct loc){0};
        struct diag *g = diag_add(d, "simulation-error", SEV_ERROR, loc, "%s", e->message);
        g->sqlstate = e->sqlstate;
        g->note = e->detail;
        g->help = e->hint;
        g->span = st ? st->len : 0;
        g->revision = s->rev ? s->rev->id : NULL;
    } else if (!e->simulated && s->opt.report_not_simulated) {
        struct loc loc = st ? st->loc : (struct loc){0};
        struct diag *g = diag_add(d, "not-simulated", SEV_INFO, loc, "%s", e->not_simulated);
        g->revision = s->rev ? s->rev->id : NULL;
    }
}

/* Errors that are the analyser's limits (constructs it does not cover), not
 * errors PostgreSQL would raise. */
bool sim_error_is_limitation(const struct effect *e)
{
    if (!e->sqlstate)
        return false;
    if (strcmp(e->sqlstate, "XX000") == 0)
        return true;
    const char *m = e->message ? e->message : "";
    return strcmp(e->sqlstate, "0A000") == 0 &&
           (strncmp(m, "unsupported ", 12) == 0 ||
            strcmp(m, "named arguments are not supported") == 0 ||
            strcmp(m, "%TYPE references are not supported") == 0);
}

static const struct effect *run(struct sim *s, PgQuery__Node *node, const struct stmt *st,
                                struct diag_list *d)
{
    struct effect *e = new_effect(s);
    if (!node) {
        e->simulated = false;
        e->not_simulated = "statement did not parse";
        return e;
    }
    bool no_tx = st && (st->flags & STMT_NO_TX);
    bool saved_in_tx = s->in_tx;
    if (no_tx && s->in_tx) {
        /* the reader says this statement runs outside the revision's
         * transaction (an autocommit block): end it, run alone, reopen */
        tx_end(s, true);
    }
    bool autocommit = !s->in_tx;
    if (autocommit)
        s->tx_serial++;
    e->in_tx_block = s->in_tx;
    catalog_mark_t m = catalog_mark(s->cat);
    int rc = sim_dispatch(s, node);
    if (rc != 0 || e->sqlstate) {
        if (!e->sqlstate)
            sim_error(s, -1, "XX000", "statement failed");
        catalog_rollback(s->cat, m);
        if (sim_error_is_limitation(e)) {
            /* the analyser's limit, not PostgreSQL's error: not simulated (no
             * effect) rather than a predicted failure */
            e->simulated = false;
            e->not_simulated =
                arena_printf(s->arena, "not analysed: %s", e->message ? e->message : "?");
            e->sqlstate = NULL;
            e->message = e->detail = e->hint = NULL;
            e->nlocks = 0;
            e->nobjects = 0;
            sim_data_forget_all(s);
        }
    } else {
        catalog_release(s->cat, m);
    }
    for (uint32_t i = 0; i < e->nlocks; i++) {
        e->rewrites |= e->locks[i].rewrite;
        e->scans |= e->locks[i].scan;
    }
    if (no_tx && saved_in_tx && !s->in_tx)
        tx_begin(s);
    /* out of the reused buffers (see struct sim) */
    e->objects =
        e->nobjects ? arena_memdup(s->arena, e->objects, e->nobjects * sizeof *e->objects) : NULL;
    e->locks = e->nlocks ? arena_memdup(s->arena, e->locks, e->nlocks * sizeof *e->locks) : NULL;
    report(s, st, d);
    return e;
}

const struct effect *sim_statement(struct sim *s, const struct part *p, const struct stmt *st,
                                   struct diag_list *d)
{
    /* the statement's text (not NUL-terminated): sim_sqlfunc.c places errors
     * found in a function body at their position in the statement */
    s->stmt_text = p && st ? p->sql.text + st->off : NULL;
    s->stmt_len = p && st ? st->len : 0;
    const struct effect *e = run(s, st ? st->node : NULL, st, d);
    s->stmt_text = NULL;
    s->stmt_len = 0;
    return e;
}

int sim_sql(struct sim *s, const char *sql, struct diag_list *d, const struct effect **last)
{
    struct source *src = source_from_memory(s->arena, "<sql>", sql, strlen(sql));
    struct stmt *stmts = NULL;
    uint32_t n = 0;
    int errors = sql_parse_text(s->arena, src, &stmts, &n, d);
    for (uint32_t i = 0; i < n; i++) {
        const struct effect *e = sim_statement(s, NULL, &stmts[i], d);
        if (e->sqlstate)
            errors++;
        if (last)
            *last = e;
    }
    return errors;
}
