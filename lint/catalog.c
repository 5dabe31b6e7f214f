/*
 * catalog.c - the catalog model: object constructors, namespaces (hash maps),
 * dependency edges, lookups along search_path, and the undo log behind
 * catalog_mark / catalog_rollback. The undo log records old bytes of every
 * field written (CAT_SET) and the previous value of every hash map key
 * touched; rolling back replays it backwards. Objects allocated after a mark
 * simply become unreachable (they live in the arena until it is freed).
 */
#include "lint/catalog.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lint/arena.h"
#include "lint/catalog_edit.h"
#include "lint/pg_builtins.h"

enum undo_kind { UNDO_WRITE = 1, UNDO_MAP };

struct undo_entry {
    uint8_t kind;
    uint32_t size; /* UNDO_WRITE: bytes saved at pool_off */
    size_t pool_off;
    void *addr;          /* UNDO_WRITE: where they go back */
    struct hashmap *map; /* UNDO_MAP */
    const char *key;
    void *old; /* previous value, NULL = key was absent */
};

struct undo_log {
    struct undo_entry *e;
    size_t n, cap;
    unsigned char *pool;
    size_t plen, pcap;
    int depth; /* outstanding marks; the log is emptied when it drops to 0 */
};

static struct undo_entry *undo_push(struct catalog *c)
{
    struct undo_log *u = c->undo;
    if (u->n == u->cap) {
        u->cap = u->cap ? u->cap * 2 : 256;
        u->e = xrealloc(u->e, u->cap * sizeof *u->e);
    }
    return &u->e[u->n++];
}

void catalog_log_write(struct catalog *c, void *p, size_t n)
{
    struct undo_log *u = c->undo;
    if (u->depth == 0)
        return; /* nobody can roll back to before this write */
    if (u->plen + n > u->pcap) {
        while (u->plen + n > u->pcap)
            u->pcap = u->pcap ? u->pcap * 2 : 4096;
        u->pool = xrealloc(u->pool, u->pcap);
    }
    struct undo_entry *e = undo_push(c);
    e->kind = UNDO_WRITE;
    e->size = (uint32_t)n;
    e->pool_off = u->plen;
    e->addr = p;
    memcpy(u->pool + u->plen, p, n);
    u->plen += n;
}

/* old: the key's value before the change (hashmap_put and hashmap_del return
 * it, so the key is looked up once). */
static void log_map(struct catalog *c, struct hashmap *m, const char *key, void *old)
{
    if (c->undo->depth == 0)
        return;
    struct undo_entry *e = undo_push(c);
    e->kind = UNDO_MAP;
    e->map = m;
    e->key = key;
    e->old = old;
}

void catalog_map_put(struct catalog *c, struct hashmap *m, const char *key, void *value)
{
    log_map(c, m, key, hashmap_put(m, key, value));
}

void catalog_map_del(struct catalog *c, struct hashmap *m, const char *key)
{
    log_map(c, m, key, hashmap_del(m, key));
}

catalog_mark_t catalog_mark(struct catalog *c)
{
    c->undo->depth++;
    return c->undo->n;
}

void catalog_rollback(struct catalog *c, catalog_mark_t m)
{
    struct undo_log *u = c->undo;
    while (u->n > m) {
        struct undo_entry *e = &u->e[--u->n];
        if (e->kind == UNDO_WRITE) {
            memcpy(e->addr, u->pool + e->pool_off, e->size);
            u->plen = e->pool_off;
        } else if (e->old) {
            hashmap_put(e->map, e->key, e->old);
        } else {
            hashmap_del(e->map, e->key);
        }
    }
    catalog_release(c, m);
}

void catalog_release(struct catalog *c, catalog_mark_t m)
{
    (void)m;
    struct undo_log *u = c->undo;
    if (u->depth > 0)
        u->depth--;
    if (u->depth == 0) {
        u->n = 0;
        u->plen = 0;
    }
}

void catalog_vec_push(struct catalog *c, struct cat_vec *v, void *item)
{
    catalog_log_write(c, v, sizeof *v);
    if (v->n == v->cap) {
        uint32_t cap = v->cap ? v->cap * 2 : 4;
        v->items = arena_grow(c->arena, v->items, v->cap, cap, sizeof *v->items);
        v->cap = cap;
    } else if (c->undo->depth) {
        /* the slot may be visible again after a rollback of a later pop */
        catalog_log_write(c, &v->items[v->n], sizeof *v->items);
    }
    v->items[v->n++] = item;
}

void catalog_vec_remove(struct catalog *c, struct cat_vec *v, void *item)
{
    for (uint32_t i = 0; i < v->n; i++) {
        if (v->items[i] != item)
            continue;
        /* copy on write: the old array stays intact for the undo log */
        void **items = arena_alloc(c->arena, sizeof *items * (v->cap ? v->cap : 1));
        memcpy(items, v->items, sizeof *items * i);
        memcpy(items + i, v->items + i + 1, sizeof *items * (v->n - i - 1));
        catalog_log_write(c, v, sizeof *v);
        v->items = items;
        v->n--;
        return;
    }
}

uint32_t catalog_next_id(struct catalog *c)
{
    return ++c->next_id;
}

static void obj_init(struct catalog *c, struct cat_obj *o, enum cat_kind kind)
{
    o->kind = kind;
    o->id = catalog_next_id(c);
}

struct cat_schema *catalog_add_schema(struct catalog *c, const char *name)
{
    struct cat_schema *s = arena_alloc(c->arena, sizeof *s);
    obj_init(c, &s->obj, CAT_SCHEMA);
    s->name = arena_strdup(c->arena, name);
    hashmap_init(&s->rels, c->arena);
    hashmap_init(&s->types, c->arena);
    hashmap_init(&s->funcs, c->arena);
    hashmap_init(&s->constraints_by_name, c->arena);
    hashmap_init(&s->opers, c->arena);
    hashmap_init(&s->opclasses, c->arena);
    catalog_map_put(c, &c->schemas, s->name, s);
    return s;
}

struct cat_rel *catalog_add_rel(struct catalog *c, struct cat_schema *s, const char *name,
                                char relkind)
{
    struct cat_rel *r = arena_alloc(c->arena, sizeof *r);
    obj_init(c, &r->obj, CAT_REL);
    r->schema = s;
    r->name = arena_strdup(c->arena, name);
    r->relkind = relkind;
    r->persistence = 'p';
    r->replident = 'd';
    r->rows_epoch = c->data_epoch; /* a new relation is empty */
    hashmap_init(&r->colmap, c->arena);
    catalog_map_put(c, &s->rels, r->name, r);
    return r;
}

struct cat_column *catalog_add_column(struct catalog *c, struct cat_rel *r, const char *name,
                                      struct cat_typeref type)
{
    struct cat_column *col = arena_alloc(c->arena, sizeof *col);
    col->rel = r;
    col->name = arena_strdup(c->arena, name);
    CAT_SET(c, r->natts, (int16_t)(r->natts + 1));
    col->attnum = r->natts;
    col->type = type;
    col->islocal = true;
    col->statistics = -1;
    catalog_vec_push(c, &r->columns, col);
    catalog_map_put(c, &r->colmap, col->name, col);
    return col;
}

struct cat_type *catalog_add_type(struct catalog *c, struct cat_schema *s, const char *name,
                                  char typtype)
{
    struct cat_type *t = arena_alloc(c->arena, sizeof *t);
    obj_init(c, &t->obj, CAT_TYPE);
    t->schema = s;
    t->name = arena_strdup(c->arena, name);
    t->typtype = typtype;
    t->base_typmod = -1;
    t->category = typtype == CAT_TYPE_ENUM        ? 'E'
                  : typtype == CAT_TYPE_COMPOSITE ? 'C'
                  : typtype == CAT_TYPE_RANGE     ? 'R'
                                                  : 'U';
    catalog_map_put(c, &s->types, t->name, t);
    return t;
}

bool catalog_type_name_used(const struct cat_schema *s, const char *name)
{
    return hashmap_get(&s->types, name) != NULL;
}

bool catalog_rel_name_used(const struct cat_schema *s, const char *name)
{
    return hashmap_get(&s->rels, name) != NULL;
}

struct cat_type *catalog_add_array_type(struct catalog *c, struct cat_type *t)
{
    /* makeArrayTypeName: "_" + name truncated to 63 bytes, more '_' on collision */
    char buf[128];
    size_t under = 1;
    for (;;) {
        size_t n = strlen(t->name);
        if (n + under > 63)
            n = 63 - under;
        memset(buf, '_', under);
        memcpy(buf + under, t->name, n);
        buf[under + n] = 0;
        if (!catalog_type_name_used(t->schema, buf) || under >= 63)
            break;
        under++;
    }
    struct cat_type *a = catalog_add_type(c, t->schema, buf, CAT_TYPE_BASE);
    a->category = 'A';
    a->elem = t;
    CAT_SET(c, t->array, a);
    /* the array type is internal to its element type */
    catalog_add_dep(c, &a->obj, 0, CAT_ROLE_OBJECT, &t->obj, 0, CAT_DEP_INTERNAL);
    return a;
}

struct cat_constraint *catalog_add_constraint(struct catalog *c, struct cat_rel *r,
                                              struct cat_type *domain, const char *name,
                                              char contype)
{
    struct cat_constraint *k = arena_alloc(c->arena, sizeof *k);
    obj_init(c, &k->obj, CAT_CONSTRAINT);
    k->rel = r;
    k->domain = domain;
    k->name = arena_strdup(c->arena, name);
    k->contype = contype;
    k->validated = true;
    k->islocal = true;
    k->upd_action = k->del_action = 'a';
    k->match = 's';
    if (r)
        catalog_vec_push(c, &r->constraints, k);
    else if (domain)
        catalog_vec_push(c, &domain->constraints, k);
    return k;
}

struct cat_func *catalog_add_func(struct catalog *c, struct cat_schema *s, const char *name)
{
    struct cat_func *f = arena_alloc(c->arena, sizeof *f);
    obj_init(c, &f->obj, CAT_FUNC);
    f->schema = s;
    f->name = arena_strdup(c->arena, name);
    f->prokind = CAT_PROKIND_FUNCTION;
    f->volatility = 'v';
    f->parallel = 'u';
    f->cost = 100;
    f->rettype.typmod = -1;
    struct cat_vec *v = hashmap_get(&s->funcs, f->name);
    if (!v) {
        v = arena_alloc(c->arena, sizeof *v);
        catalog_map_put(c, &s->funcs, f->name, v);
    }
    catalog_vec_push(c, v, f);
    return f;
}

struct cat_trigger *catalog_add_trigger(struct catalog *c, struct cat_rel *r, const char *name)
{
    struct cat_trigger *t = arena_alloc(c->arena, sizeof *t);
    obj_init(c, &t->obj, CAT_TRIGGER);
    t->rel = r;
    t->name = arena_strdup(c->arena, name);
    t->enabled = 'O';
    catalog_vec_push(c, &r->triggers, t);
    return t;
}

struct cat_policy *catalog_add_policy(struct catalog *c, struct cat_rel *r, const char *name)
{
    struct cat_policy *p = arena_alloc(c->arena, sizeof *p);
    obj_init(c, &p->obj, CAT_POLICY);
    p->rel = r;
    p->name = arena_strdup(c->arena, name);
    p->cmd = '*';
    p->permissive = true;
    catalog_vec_push(c, &r->policies, p);
    return p;
}

struct cat_extension *catalog_add_extension(struct catalog *c, const char *name,
                                            struct cat_schema *s)
{
    struct cat_extension *e = arena_alloc(c->arena, sizeof *e);
    obj_init(c, &e->obj, CAT_EXTENSION);
    e->name = arena_strdup(c->arena, name);
    e->schema = s;
    catalog_map_put(c, &c->extensions, e->name, e);
    return e;
}

struct cat_dep *catalog_add_dep(struct catalog *c, struct cat_obj *dependent, int16_t dep_attnum,
                                int role, struct cat_obj *referenced, int16_t ref_attnum,
                                char deptype)
{
    if (!dependent || !referenced || referenced->builtin ||
        (dependent == referenced && dep_attnum == ref_attnum))
        return NULL;
    struct cat_dep *d = arena_alloc(c->arena, sizeof *d);
    d->dependent = dependent;
    d->dep_attnum = dep_attnum;
    d->role = (uint8_t)role;
    d->deptype = deptype;
    d->referenced = referenced;
    d->ref_attnum = ref_attnum;
    catalog_vec_push(c, &referenced->dependents, d);
    catalog_vec_push(c, &dependent->depends_on, d);
    return d;
}

void catalog_kill_deps(struct catalog *c, struct cat_obj *o, int attnum, int role)
{
    for (uint32_t i = 0; i < o->depends_on.n; i++) {
        struct cat_dep *d = o->depends_on.items[i];
        if (d->dead)
            continue;
        if (attnum >= 0 && d->dep_attnum != attnum)
            continue;
        if (role >= 0 && d->role != role)
            continue;
        CAT_SET(c, d->dead, true);
    }
}

void catalog_rename_rel(struct catalog *c, struct cat_rel *r, const char *name)
{
    catalog_map_del(c, &r->schema->rels, r->name);
    CAT_SET(c, r->name, arena_strdup(c->arena, name));
    catalog_map_put(c, &r->schema->rels, r->name, r);
}

void catalog_move_rel(struct catalog *c, struct cat_rel *r, struct cat_schema *to)
{
    catalog_map_del(c, &r->schema->rels, r->name);
    CAT_SET(c, r->schema, to);
    catalog_map_put(c, &to->rels, r->name, r);
}

void catalog_rename_column(struct catalog *c, struct cat_column *col, const char *name)
{
    catalog_map_del(c, &col->rel->colmap, col->name);
    CAT_SET(c, col->name, arena_strdup(c->arena, name));
    catalog_map_put(c, &col->rel->colmap, col->name, col);
}

void catalog_rename_type(struct catalog *c, struct cat_type *t, const char *name)
{
    catalog_map_del(c, &t->schema->types, t->name);
    CAT_SET(c, t->name, arena_strdup(c->arena, name));
    catalog_map_put(c, &t->schema->types, t->name, t);
}

void catalog_rename_schema(struct catalog *c, struct cat_schema *s, const char *name)
{
    catalog_map_del(c, &c->schemas, s->name);
    CAT_SET(c, s->name, arena_strdup(c->arena, name));
    catalog_map_put(c, &c->schemas, s->name, s);
}

void catalog_drop_obj(struct catalog *c, struct cat_obj *o)
{
    if (o->dropped || o->builtin)
        return;
    CAT_SET(c, o->dropped, true);
    catalog_kill_deps(c, o, -1, -1);
    switch (o->kind) {
    case CAT_SCHEMA: {
        struct cat_schema *s = (struct cat_schema *)o;
        if (hashmap_get(&c->schemas, s->name) == s)
            catalog_map_del(c, &c->schemas, s->name);
        break;
    }
    case CAT_REL: {
        struct cat_rel *r = (struct cat_rel *)o;
        if (hashmap_get(&r->schema->rels, r->name) == r)
            catalog_map_del(c, &r->schema->rels, r->name);
        if (r->index && r->index->table)
            catalog_vec_remove(c, &r->index->table->indexes, r);
        if (r->partparent)
            catalog_vec_remove(c, &r->partparent->partitions, r);
        break;
    }
    case CAT_TYPE: {
        struct cat_type *t = (struct cat_type *)o;
        if (hashmap_get(&t->schema->types, t->name) == t)
            catalog_map_del(c, &t->schema->types, t->name);
        break;
    }
    case CAT_FUNC: {
        struct cat_func *f = (struct cat_func *)o;
        struct cat_vec *v = hashmap_get(&f->schema->funcs, f->name);
        if (v)
            catalog_vec_remove(c, v, f);
        break;
    }
    case CAT_CONSTRAINT: {
        struct cat_constraint *k = (struct cat_constraint *)o;
        if (k->rel)
            catalog_vec_remove(c, &k->rel->constraints, k);
        else if (k->domain)
            catalog_vec_remove(c, &k->domain->constraints, k);
        break;
    }
    case CAT_TRIGGER: {
        struct cat_trigger *t = (struct cat_trigger *)o;
        catalog_vec_remove(c, &t->rel->triggers, t);
        break;
    }
    case CAT_POLICY: {
        struct cat_policy *p = (struct cat_policy *)o;
        catalog_vec_remove(c, &p->rel->policies, p);
        break;
    }
    case CAT_EXTENSION: {
        struct cat_extension *e = (struct cat_extension *)o;
        if (hashmap_get(&c->extensions, e->name) == e)
            catalog_map_del(c, &c->extensions, e->name);
        break;
    }
    case CAT_OPER: {
        struct cat_oper *op = (struct cat_oper *)o;
        struct cat_vec *v = hashmap_get(&op->schema->opers, op->name);
        if (v)
            catalog_vec_remove(c, v, op);
        break;
    }
    case CAT_OPCLASS: {
        struct cat_opclass *oc = (struct cat_opclass *)o;
        char key[256];
        snprintf(key, sizeof key, "%s:%s", oc->am, oc->name);
        if (hashmap_get(&oc->schema->opclasses, key) == oc)
            catalog_map_del(c, &oc->schema->opclasses, arena_strdup(c->arena, key));
        break;
    }
    }
}

void catalog_drop_column(struct catalog *c, struct cat_column *col)
{
    if (col->dropped)
        return;
    CAT_SET(c, col->dropped, true);
    if (hashmap_get(&col->rel->colmap, col->name) == col)
        catalog_map_del(c, &col->rel->colmap, col->name);
    catalog_kill_deps(c, &col->rel->obj, col->attnum, -1);
}

/* ---- construction ---- */

struct catalog *catalog_new(struct arena *a)
{
    struct catalog *c = arena_alloc(a, sizeof *c);
    c->arena = a;
    c->undo = xcalloc(1, sizeof *c->undo);
    hashmap_init(&c->schemas, a);
    hashmap_init(&c->extensions, a);
    hashmap_init(&c->roles, a);
    hashmap_init(&c->collations, a);
    hashmap_init(&c->oper_cache, a);
    c->next_id = 16384; /* FirstNormalObjectId */
    c->data_epoch = 1;
    c->pg_catalog = pgb_schema();
    hashmap_put(&c->schemas, "pg_catalog", c->pg_catalog);
    c->public_schema = catalog_add_schema(c, "public");
    c->public_schema->obj.builtin = true;
    c->public_schema->obj.comment = "standard public schema";
    struct cat_extension *plpgsql = catalog_add_extension(c, "plpgsql", c->pg_catalog);
    plpgsql->obj.builtin = true;
    plpgsql->obj.comment = "PL/pgSQL procedural language";
    static const char *const default_path[] = {"$user", "public", NULL};
    c->search_path = (const char **)default_path;
    return c;
}

void catalog_free(struct catalog *c)
{
    if (!c || !c->undo)
        return;
    free(c->undo->e);
    free(c->undo->pool);
    free(c->undo);
    c->undo = NULL;
}

/* ---- lookups ---- */

struct cat_schema *catalog_find_schema(const struct catalog *c, const char *name)
{
    return name ? hashmap_get(&c->schemas, name) : NULL;
}

/* Calls fn on each schema of the effective search path: pg_catalog first
 * unless listed, then the listed schemas that exist. Stops when fn returns
 * non-NULL and returns that. */
static void *along_path(const struct catalog *c, void *(*fn)(struct cat_schema *, const void *),
                        const void *arg)
{
    bool listed = false;
    for (const char **p = c->search_path; *p; p++)
        if (strcmp(*p, "pg_catalog") == 0)
            listed = true;
    void *r;
    if (!listed && (r = fn(c->pg_catalog, arg)))
        return r;
    for (const char **p = c->search_path; *p; p++) {
        struct cat_schema *s = catalog_find_schema(c, *p);
        if (s && (r = fn(s, arg)))
            return r;
    }
    return NULL;
}

static void *rel_in(struct cat_schema *s, const void *name)
{
    return hashmap_get(&s->rels, name);
}

struct cat_rel *catalog_find_rel(const struct catalog *c, const char *schema, const char *name)
{
    if (schema) {
        struct cat_schema *s = catalog_find_schema(c, schema);
        return s ? hashmap_get(&s->rels, name) : NULL;
    }
    return along_path(c, rel_in, name);
}

struct cat_rel *catalog_find_table(const struct catalog *c, const char *schema, const char *name)
{
    struct cat_rel *r = catalog_find_rel(c, schema, name);
    if (r && (r->relkind == CAT_RELKIND_TABLE || r->relkind == CAT_RELKIND_PARTITIONED))
        return r;
    return NULL;
}

struct cat_column *catalog_find_column(const struct cat_rel *r, const char *name)
{
    return hashmap_get(&r->colmap, name);
}

struct cat_column *catalog_column_by_attnum(const struct cat_rel *r, int16_t attnum)
{
    if (attnum < 1 || (uint32_t)attnum > r->columns.n)
        return NULL;
    struct cat_column *col = r->columns.items[attnum - 1];
    return col->dropped ? NULL : col;
}

struct cat_constraint *catalog_find_constraint(const struct cat_rel *r, const char *name)
{
    for (uint32_t i = 0; i < r->constraints.n; i++) {
        struct cat_constraint *k = r->constraints.items[i];
        if (!k->obj.dropped && strcmp(k->name, name) == 0)
            return k;
    }
    return NULL;
}

struct cat_trigger *catalog_find_trigger(const struct cat_rel *r, const char *name)
{
    for (uint32_t i = 0; i < r->triggers.n; i++) {
        struct cat_trigger *t = r->triggers.items[i];
        if (!t->obj.dropped && strcmp(t->name, name) == 0)
            return t;
    }
    return NULL;
}

struct cat_policy *catalog_find_policy(const struct cat_rel *r, const char *name)
{
    for (uint32_t i = 0; i < r->policies.n; i++) {
        struct cat_policy *p = r->policies.items[i];
        if (!p->obj.dropped && strcmp(p->name, name) == 0)
            return p;
    }
    return NULL;
}

static void *type_in(struct cat_schema *s, const void *name)
{
    return hashmap_get(&s->types, name);
}

/* SQL spellings of builtin types that are not their typname. */
static const char *const type_aliases[][2] = {
    {"int", "int4"},
    {"integer", "int4"},
    {"smallint", "int2"},
    {"bigint", "int8"},
    {"real", "float4"},
    {"float", "float8"},
    {"double precision", "float8"},
    {"boolean", "bool"},
    {"decimal", "numeric"},
    {"character varying", "varchar"},
    {"character", "bpchar"},
    {"timestamp without time zone", "timestamp"},
    {"timestamp with time zone", "timestamptz"},
    {"time without time zone", "time"},
    {"time with time zone", "timetz"},
    {"bit varying", "varbit"},
    {NULL, NULL},
};

struct cat_type *catalog_find_type(const struct catalog *c, const char *schema, const char *name)
{
    size_t n = strlen(name);
    if (n > 2 && strcmp(name + n - 2, "[]") == 0) {
        char *elem = arena_strndup(c->arena, name, n - 2);
        struct cat_type *t = catalog_find_type(c, schema, elem);
        return t ? t->array : NULL;
    }
    if (schema && strcmp(schema, "pg_catalog") == 0) {
        /* the grammar's names (pg_catalog.int8, ...) are found directly */
        struct cat_type *t = hashmap_get(&c->pg_catalog->types, name);
        if (t)
            return t;
    }
    if (!schema || strcmp(schema, "pg_catalog") == 0)
        for (int i = 0; type_aliases[i][0]; i++)
            if (strcmp(type_aliases[i][0], name) == 0)
                return pgb_type_named(type_aliases[i][1]);
    if (schema) {
        struct cat_schema *s = catalog_find_schema(c, schema);
        return s ? hashmap_get(&s->types, name) : NULL;
    }
    return along_path(c, type_in, name);
}

static bool func_args_equal(const struct cat_func *f, struct cat_type *const *argtypes,
                            uint32_t nargs)
{
    uint32_t k = 0;
    for (uint32_t i = 0; i < f->nargs; i++) {
        char m = f->args[i].mode;
        if (m == 'o' || m == 't')
            continue;
        if (k >= nargs || f->args[i].type.type != argtypes[k])
            return false;
        k++;
    }
    return k == nargs;
}

struct find_func_arg {
    const char *name;
    struct cat_type *const *argtypes;
    uint32_t nargs;
};

static void *func_in(struct cat_schema *s, const void *arg)
{
    const struct find_func_arg *a = arg;
    struct cat_vec *v = hashmap_get(&s->funcs, a->name);
    if (!v)
        return NULL;
    for (uint32_t i = 0; i < v->n; i++)
        if (func_args_equal(v->items[i], a->argtypes, a->nargs))
            return v->items[i];
    return NULL;
}

struct cat_func *catalog_find_func(const struct catalog *c, const char *schema, const char *name,
                                   struct cat_type *const *argtypes, uint32_t nargs)
{
    struct find_func_arg a = {name, argtypes, nargs};
    if (schema) {
        struct cat_schema *s = catalog_find_schema(c, schema);
        return s ? func_in(s, &a) : NULL;
    }
    return along_path(c, func_in, &a);
}

uint32_t catalog_find_funcs(const struct catalog *c, const char *schema, const char *name,
                            struct cat_func ***out)
{
    struct cat_vec all = {0};
    bool listed = false;
    for (const char **p = c->search_path; *p; p++)
        if (strcmp(*p, "pg_catalog") == 0)
            listed = true;
    const char *one[] = {schema, NULL};
    const char **path = schema ? one : c->search_path;
    for (const char **p = path; *p; p++) {
        struct cat_schema *s = catalog_find_schema(c, *p);
        struct cat_vec *v = s ? hashmap_get(&s->funcs, name) : NULL;
        if (!v)
            continue;
        for (uint32_t i = 0; i < v->n; i++) {
            if (all.n == all.cap) {
                uint32_t cap = all.cap ? all.cap * 2 : 8;
                all.items = arena_grow(c->arena, all.items, all.cap, cap, sizeof *all.items);
                all.cap = cap;
            }
            all.items[all.n++] = v->items[i];
        }
    }
    (void)listed;
    *out = (struct cat_func **)all.items;
    return all.n;
}

struct cat_extension *catalog_find_extension(const struct catalog *c, const char *name)
{
    return hashmap_get(&c->extensions, name);
}

uint32_t catalog_dependents(const struct catalog *c, const struct cat_obj *obj, int16_t attnum,
                            struct cat_dep ***out)
{
    uint32_t n = 0;
    struct cat_dep **v = arena_alloc(c->arena, sizeof *v * (obj->dependents.n + 1));
    for (uint32_t i = 0; i < obj->dependents.n; i++) {
        struct cat_dep *d = obj->dependents.items[i];
        if (d->dead || d->dependent->dropped)
            continue;
        if (attnum > 0 && d->ref_attnum != attnum)
            continue;
        v[n++] = d;
    }
    *out = v;
    return n;
}

uint32_t catalog_views_using_column(const struct catalog *c, const struct cat_rel *r,
                                    int16_t attnum, struct cat_rel ***out)
{
    struct cat_dep **deps;
    uint32_t nd = catalog_dependents(c, &r->obj, attnum, &deps);
    struct cat_rel **v = arena_alloc(c->arena, sizeof *v * (nd + 1));
    uint32_t n = 0;
    for (uint32_t i = 0; i < nd; i++) {
        struct cat_obj *o = deps[i]->dependent;
        if (o->kind != CAT_REL)
            continue;
        struct cat_rel *dr = (struct cat_rel *)o;
        if (dr->relkind != CAT_RELKIND_VIEW && dr->relkind != CAT_RELKIND_MATVIEW)
            continue;
        bool dup = false;
        for (uint32_t k = 0; k < n; k++)
            dup |= v[k] == dr;
        if (!dup)
            v[n++] = dr;
    }
    *out = v;
    return n;
}

uint32_t catalog_columns(const struct cat_rel *r, struct cat_column ***out, struct arena *a)
{
    struct cat_column **v = arena_alloc(a, sizeof *v * (r->columns.n + 1));
    uint32_t n = 0;
    for (uint32_t i = 0; i < r->columns.n; i++) {
        struct cat_column *col = r->columns.items[i];
        if (!col->dropped)
            v[n++] = col;
    }
    *out = v;
    return n;
}

const char *catalog_relkind_name(char relkind)
{
    switch (relkind) {
    case CAT_RELKIND_TABLE:
        return "table";
    case CAT_RELKIND_PARTITIONED:
        return "partitioned table";
    case CAT_RELKIND_VIEW:
        return "view";
    case CAT_RELKIND_MATVIEW:
        return "materialized view";
    case CAT_RELKIND_SEQUENCE:
        return "sequence";
    case CAT_RELKIND_INDEX:
        return "index";
    case CAT_RELKIND_PARTITIONED_INDEX:
        return "partitioned index";
    case CAT_RELKIND_COMPOSITE:
        return "composite type";
    case CAT_RELKIND_FOREIGN:
        return "foreign table";
    }
    return "relation";
}
