/*
 * rule_roundtrip.c - does a revision's down part restore what its up part
 * changed? Instead of printing the whole catalog before the up part and
 * after the down part (quadratic over a chain), the engine captures a
 * fingerprint of each object a statement is about to touch, the first time
 * the revision touches it (the catalog is then as it was before the up part,
 * for that object), and after the down part compares the same objects again.
 * Cost: proportional to the objects the revision touches.
 */
#include "lint/rule_roundtrip.h"
#include "lint/arena.h"
#include "lint/hashmap.h"
#include "lint/strbuf.h"
#include "lint/util.h"

#include <string.h>

struct rt_entry {
    char kind; /* 'r' relation, 'f' function (all overloads), 't' type, 's' schema, 'e' extension */
    const char *schema, *name;
    char *before;
};

struct rt {
    struct arena *a;
    struct hashmap keys; /* "k:schema.name" -> rt_entry */
    struct rt_entry **list;
    uint32_t n, cap;
};

struct rt *rt_new(struct arena *a)
{
    struct rt *r = arena_alloc(a, sizeof *r);
    r->a = a;
    hashmap_init(&r->keys, a);
    return r;
}

void rt_reset(struct rt *r)
{
    hashmap_init(&r->keys, r->a);
    r->n = 0;
}

static const char *expr_text(const struct catalog *c, const struct cat_expr *e)
{
    return e ? catalog_expr_text(c, e) : "";
}

static void print_rel(struct strbuf *sb, const struct catalog *c, const struct cat_rel *r)
{
    sb_printf(sb, "relation %s.%s kind=%c persistence=%c rls=%d,%d replident=%c\n", r->schema->name,
              r->name, r->relkind, r->persistence ? r->persistence : 'p', r->rls_enabled,
              r->rls_forced, r->replident ? r->replident : 'd');
    if (r->viewdef_sha256)
        sb_printf(sb, "  query %s data=%d check=%s\n", r->viewdef_sha256, r->with_data,
                  r->check_option ? r->check_option : "-");
    if (r->partstrategy)
        sb_printf(sb, "  partitioned by %s\n", r->partstrategy);
    if (r->partparent)
        sb_printf(sb, "  partition of %s.%s %s\n", r->partparent->schema->name, r->partparent->name,
                  r->partbound ? r->partbound : "");
    for (const char **o = r->reloptions; o && *o; o++)
        sb_printf(sb, "  option %s\n", *o);
    for (uint32_t i = 0; i < r->columns.n; i++) {
        const struct cat_column *col = r->columns.items[i];
        if (col->dropped)
            continue;
        sb_printf(sb, "  column %s %s%s%s%s identity=%c generated=%c collate=%s\n", col->name,
                  catalog_type_text(c, &col->type), col->notnull ? " not null" : "",
                  col->default_expr ? " default " : "", expr_text(c, col->default_expr),
                  col->identity ? col->identity : '-', col->generated ? col->generated : '-',
                  col->collation ? col->collation : "-");
    }
    for (uint32_t i = 0; i < r->columns.n; i++) {
        const struct cat_column *col = r->columns.items[i];
        if (!col->dropped && col->identity_seq)
            sb_printf(sb, "  identity sequence %s\n", col->identity_seq->name);
    }
    for (uint32_t i = 0; i < r->constraints.n; i++) {
        const struct cat_constraint *k = r->constraints.items[i];
        if (k->obj.dropped)
            continue;
        sb_printf(sb, "  constraint %s %c valid=%d deferrable=%d,%d keys=", k->name, k->contype,
                  k->validated, k->deferrable, k->deferred);
        for (uint32_t j = 0; j < k->nkeys; j++)
            sb_printf(sb, "%s%d", j ? "," : "", k->keys[j]);
        if (k->ref_rel)
            sb_printf(sb, " references %s.%s on %c/%c", k->ref_rel->schema->name, k->ref_rel->name,
                      k->upd_action ? k->upd_action : 'a', k->del_action ? k->del_action : 'a');
        if (k->expr)
            sb_printf(sb, " check %s", expr_text(c, k->expr));
        sb_addc(sb, '\n');
    }
    for (uint32_t i = 0; i < r->indexes.n; i++) {
        const struct cat_rel *ix = r->indexes.items[i];
        if (ix->obj.dropped || !ix->index)
            continue;
        const struct cat_indexinfo *in = ix->index;
        sb_printf(sb, "  index %s unique=%d primary=%d method=%s keys=", ix->name, in->unique,
                  in->primary, in->method ? in->method : "btree");
        for (uint32_t j = 0; j < in->natts; j++)
            if (in->attnums[j])
                sb_printf(sb, "%s%d", j ? "," : "", in->attnums[j]);
            else
                sb_printf(sb, "%s(%s)", j ? "," : "", in->exprs ? expr_text(c, in->exprs[j]) : "");
        if (in->predicate)
            sb_printf(sb, " where %s", expr_text(c, in->predicate));
        sb_addc(sb, '\n');
    }
    for (uint32_t i = 0; i < r->triggers.n; i++) {
        const struct cat_trigger *t = r->triggers.items[i];
        if (t->obj.dropped)
            continue;
        sb_printf(sb, "  trigger %s type=%u enabled=%c function=%s.%s\n", t->name, t->tgtype,
                  t->enabled ? t->enabled : 'O', t->func ? t->func->schema->name : "",
                  t->func ? t->func->name : "");
    }
    for (uint32_t i = 0; i < r->policies.n; i++) {
        const struct cat_policy *p = r->policies.items[i];
        if (p->obj.dropped)
            continue;
        sb_printf(sb, "  policy %s cmd=%c permissive=%d using %s check %s\n", p->name, p->cmd,
                  p->permissive, expr_text(c, p->qual), expr_text(c, p->with_check));
    }
}

static void print_funcs(struct strbuf *sb, const struct catalog *c, const char *schema,
                        const char *name)
{
    struct cat_func **fs = NULL;
    uint32_t n = catalog_find_funcs(c, schema, name, &fs);
    for (uint32_t i = 0; i < n; i++) {
        const struct cat_func *f = fs[i];
        char body[65] = "";
        if (f->body)
            sha256_hex(f->body, strlen(f->body), body);
        sb_printf(
            sb,
            "function %s.%s(%s) kind=%c returns %s%s language=%s volatility=%c strict=%d "
            "definer=%d body=%s\n",
            f->schema->name, f->name, f->identity_args ? f->identity_args : "", f->prokind,
            f->retset ? "setof " : "", f->rettype.type ? catalog_type_text(c, &f->rettype) : "-",
            f->language ? f->language : "", f->volatility, f->strict, f->security_definer, body);
    }
}

static void print_type(struct strbuf *sb, const struct catalog *c, const struct cat_type *t)
{
    sb_printf(sb, "type %s.%s %c\n", t->schema->name, t->name, t->typtype);
    for (uint32_t i = 0; i < t->labels.n; i++)
        sb_printf(sb, "  label %s\n", (const char *)t->labels.items[i]);
    if (t->base)
        sb_printf(sb, "  base %s notnull=%d default %s\n", t->base->name, t->notnull,
                  expr_text(c, t->default_expr));
    for (uint32_t i = 0; i < t->constraints.n; i++) {
        const struct cat_constraint *k = t->constraints.items[i];
        if (!k->obj.dropped)
            sb_printf(sb, "  constraint %s valid=%d check %s\n", k->name, k->validated,
                      expr_text(c, k->expr));
    }
    if (t->rel)
        print_rel(sb, c, t->rel);
}

/* The object's fingerprint now, or "absent", in the arena. */
static char *fingerprint(struct arena *a, const struct catalog *c, const struct rt_entry *k)
{
    struct strbuf sb = STRBUF_INIT;
    switch (k->kind) {
    case 'r': {
        const struct cat_rel *r = catalog_find_rel(c, k->schema, k->name);
        if (r)
            print_rel(&sb, c, r);
        break;
    }
    case 'f':
        print_funcs(&sb, c, k->schema, k->name);
        break;
    case 't': {
        const struct cat_type *t = catalog_find_type(c, k->schema, k->name);
        if (t)
            print_type(&sb, c, t);
        break;
    }
    case 's':
        if (catalog_find_schema(c, k->name))
            sb_printf(&sb, "schema %s\n", k->name);
        break;
    case 'e': {
        const struct cat_extension *x = catalog_find_extension(c, k->name);
        if (x)
            sb_printf(&sb, "extension %s %s\n", x->name, x->version ? x->version : "");
        break;
    }
    default:
        break;
    }
    if (!sb.len)
        sb_adds(&sb, "absent\n");
    char *out = arena_strndup(a, sb.buf, sb.len);
    sb_release(&sb);
    return out;
}

static void capture(struct rt *r, const struct catalog *c, char kind, const char *schema,
                    const char *name)
{
    if (!name || !*name)
        return;
    const char *key = arena_printf(r->a, "%c:%s.%s", kind, schema ? schema : "", name);
    if (hashmap_get(&r->keys, key))
        return; /* already captured: its state before the revision is known */
    struct rt_entry *k = arena_alloc(r->a, sizeof *k);
    k->kind = kind;
    k->schema = schema ? arena_strdup(r->a, schema) : NULL;
    k->name = arena_strdup(r->a, name);
    k->before = fingerprint(r->a, c, k);
    hashmap_put(&r->keys, key, k);
    if (r->n == r->cap) {
        uint32_t cap = r->cap ? r->cap * 2 : 16;
        r->list = arena_grow(r->a, r->list, r->cap, cap, sizeof *r->list);
        r->cap = cap;
    }
    r->list[r->n++] = k;
}

void rt_capture(struct rt *r, const struct catalog *c, const struct effect *e)
{
    if (!e)
        return;
    for (uint32_t i = 0; i < e->nlocks; i++)
        capture(r, c, 'r', e->locks[i].schema, e->locks[i].relation);
    for (uint32_t i = 0; i < e->nobjects; i++) {
        const struct sim_object *o = &e->objects[i];
        /* an extension's member objects come and go with it (CREATE EXTENSION
         * lists only the extension, DROP EXTENSION every member): its own
         * fingerprint covers them */
        const struct cat_obj *co = o->obj; /* every catalog struct starts with one */
        if (co && co->extension && o->kind != CAT_EXTENSION) {
            capture(r, c, 'e', NULL, co->extension->name);
            continue;
        }
        switch (o->kind) {
        case CAT_REL: {
            /* indexes and owned sequences are part of their table's
             * fingerprint: they appear and vanish with it (a dropped table
             * takes its identity sequence along) */
            const struct cat_rel *rel = o->obj;
            const struct cat_rel *owner = NULL;
            if (rel && rel->index)
                owner = rel->index->table;
            else if (rel && rel->seq)
                owner = rel->seq->owned_rel;
            if (owner) {
                capture(r, c, 'r', owner->schema->name, owner->name);
                break;
            }
            capture(r, c, 'r', o->schema, o->name);
            if (o->old_name)
                capture(r, c, 'r', o->schema, o->old_name);
            if (o->table)
                capture(r, c, 'r', o->schema, o->table);
            break;
        }
        case CAT_CONSTRAINT:
        case CAT_TRIGGER:
        case CAT_POLICY:
            capture(r, c, 'r', o->schema, o->table);
            break;
        case CAT_FUNC:
            capture(r, c, 'f', o->schema, o->name);
            if (o->old_name)
                capture(r, c, 'f', o->schema, o->old_name);
            break;
        case CAT_TYPE: {
            /* a relation's row type and array types come and go with their
             * relation or element type, whose fingerprints cover them */
            const struct cat_type *t = o->obj;
            if (t && (t->rel || t->elem))
                break;
            capture(r, c, 't', o->schema, o->name);
            if (o->old_name)
                capture(r, c, 't', o->schema, o->old_name);
            break;
        }
        case CAT_SCHEMA:
            capture(r, c, 's', NULL, o->name);
            if (o->old_name)
                capture(r, c, 's', NULL, o->old_name);
            break;
        case CAT_EXTENSION:
            capture(r, c, 'e', NULL, o->name);
            break;
        default:
            break; /* operators, operator classes: not compared */
        }
    }
}

const char *rt_compare(struct rt *r, const struct catalog *c)
{
    struct strbuf out = STRBUF_INIT;
    for (uint32_t i = 0; i < r->n; i++) {
        const struct rt_entry *k = r->list[i];
        const char *after = fingerprint(r->a, c, k);
        if (strcmp(after, k->before) == 0)
            continue;
        sim_schema_diff(k->before, after, &out);
    }
    const char *res = out.len ? arena_strndup(r->a, out.buf, out.len) : NULL;
    sb_release(&out);
    return res;
}
