/*
 * extension.c - CREATE EXTENSION for the extensions of the postgresql-15
 * package: materialises each extension's member types, functions, operators,
 * operator classes and casts (generated lint/pg_builtins.c records) in the
 * target schema, as members of the extension, so that columns, defaults,
 * indexes and expressions using them resolve as in PostgreSQL. Members are
 * never printed in the schema text; only the extension is.
 */
#include <stdlib.h>
#include <string.h>

#include "lint/arena.h"
#include "lint/sim_internal.h"

/* Splits a record into space-separated fields (in an arena copy). */
static int fields(struct arena *a, const char *line, char **out, int max)
{
    char *copy = arena_strdup(a, line);
    int n = 0;
    for (char *tok = strtok(copy, " "); tok && n < max; tok = strtok(NULL, " "))
        out[n++] = tok;
    return n;
}

static const char *const *find_ext(const char *name)
{
    size_t len = strlen(name);
    for (const char *const *l = pgb_extension_lines; *l; l++)
        if (strncmp(*l, "ext ", 4) == 0 && strncmp(*l + 4, name, len) == 0 && (*l)[4 + len] == ' ')
            return l;
    return NULL;
}

bool sim_ext_known(const char *name)
{
    return find_ext(name) != NULL;
}

const char *sim_ext_requires(struct arena *a, const char *name)
{
    const char *const *l = find_ext(name);
    if (!l)
        return NULL;
    char *f[8];
    int n = fields(a, *l, f, 8);
    return n >= 4 && strcmp(f[3], "-") != 0 ? f[3] : NULL;
}

const char *sim_ext_fixed_schema(struct arena *a, const char *name)
{
    const char *const *l = find_ext(name);
    if (!l)
        return NULL;
    char *f[8];
    int n = fields(a, *l, f, 8);
    return n >= 6 && strcmp(f[5], "-") != 0 ? f[5] : NULL;
}

static struct cat_type *ext_type(struct catalog *c, struct cat_schema *s, const char *name)
{
    if (!name || strcmp(name, "-") == 0)
        return NULL;
    if (name[0] == '@') {
        struct cat_type *t = hashmap_get(&s->types, name + 1);
        if (t)
            return t;
        /* a type of a required extension in another schema */
        return catalog_find_type(c, NULL, name + 1);
    }
    return pgb_type_named(name);
}

static void member(struct catalog *c, struct cat_obj *o, struct cat_extension *e)
{
    o->extension = e;
    catalog_add_dep(c, o, 0, CAT_ROLE_OBJECT, &e->obj, 0, CAT_DEP_INTERNAL);
}

int sim_ext_install(struct sim *s, const char *name, struct cat_schema *sch,
                    struct cat_extension *e)
{
    struct catalog *c = s->cat;
    const char *const *l = find_ext(name);
    if (!l)
        return -1;
    char *f[12];
    fields(s->arena, *l, f, 12);
    e->version = arena_strdup(s->arena, f[2]);
    /* the control file's comment: the rest of the record after 6 fields */
    const char *p0 = *l;
    for (int k = 0; k < 6 && p0; k++) {
        p0 = strchr(p0, ' ');
        if (p0)
            p0++;
    }
    if (p0 && *p0)
        e->obj.comment = arena_strdup(s->arena, p0);
    /* types first (functions refer to them) */
    for (const char *const *p = l + 1; *p && strncmp(*p, "ext ", 4) != 0; p++) {
        if (strncmp(*p, "type ", 5) != 0)
            continue;
        int n = fields(s->arena, *p, f, 12);
        if (n < 6)
            continue;
        struct cat_type *t = catalog_add_type(c, sch, f[1], f[2][0]);
        t->category = f[3][0];
        t->preferred = f[4][0] == 't';
        if (t->typtype == CAT_TYPE_DOMAIN)
            t->base = ext_type(c, sch, f[5]);
        member(c, &t->obj, e);
        struct cat_type *arr = catalog_add_array_type(c, t);
        member(c, &arr->obj, e);
    }
    for (const char *const *p = l + 1; *p && strncmp(*p, "ext ", 4) != 0; p++) {
        int n = fields(s->arena, *p, f, 12);
        if (strcmp(f[0], "func") == 0 && n >= 9) {
            struct cat_func *fn = catalog_add_func(c, sch, f[1]);
            fn->prokind = f[2][0];
            fn->volatility = f[3][0];
            fn->retset = f[4][0] == 't';
            fn->rettype.type = ext_type(c, sch, f[5]);
            fn->rettype.typmod = -1;
            fn->language = "c";
            fn->cost = 1;
            uint32_t nargs = 0;
            char *types[64];
            if (strcmp(f[6], "-") != 0) {
                char *copy = arena_strdup(s->arena, f[6]);
                for (char *tok = strtok(copy, ","); tok && nargs < 64; tok = strtok(NULL, ","))
                    types[nargs++] = tok;
            }
            int ndef = atoi(f[7]);
            bool variadic = f[8][0] == 't';
            fn->nargs = nargs;
            fn->args = arena_alloc(s->arena, sizeof *fn->args * (nargs + 1));
            for (uint32_t i = 0; i < nargs; i++) {
                fn->args[i].type.type = ext_type(c, sch, types[i]);
                fn->args[i].type.typmod = -1;
                fn->args[i].mode = variadic && i == nargs - 1 ? 'v' : 'i';
                if ((int)i >= (int)nargs - ndef)
                    fn->args[i].default_text = "?";
            }
            member(c, &fn->obj, e);
        } else if (strcmp(f[0], "op") == 0 && n >= 7) {
            struct cat_oper *o = arena_alloc(s->arena, sizeof *o);
            o->obj.kind = CAT_OPER;
            o->obj.id = catalog_next_id(c);
            o->schema = sch;
            o->name = arena_strdup(s->arena, f[1]);
            o->kind = f[2][0];
            o->left = ext_type(c, sch, f[3]);
            o->right = ext_type(c, sch, f[4]);
            o->result = ext_type(c, sch, f[5]);
            struct cat_func **fs;
            uint32_t nf = catalog_find_funcs(c, sch->name, f[6], &fs);
            for (uint32_t i = 0; i < nf; i++) {
                struct cat_func *fn = fs[i];
                uint32_t want = o->kind == 'l' ? 1 : 2;
                if (fn->nargs != want)
                    continue;
                if (want == 2 &&
                    (fn->args[0].type.type != o->left || fn->args[1].type.type != o->right))
                    continue;
                if (want == 1 && fn->args[0].type.type != o->right)
                    continue;
                o->func = fn;
                break;
            }
            if (!o->func) {
                /* the operator's function is a builtin (e.g. btree_gist's =) */
                struct cat_func *fake = arena_alloc(s->arena, sizeof *fake);
                fake->volatility = 'i';
                fake->obj.builtin = true;
                fake->name = o->name;
                fake->schema = sch;
                o->func = fake;
            }
            struct cat_vec *v = hashmap_get(&sch->opers, o->name);
            if (!v) {
                v = arena_alloc(s->arena, sizeof *v);
                catalog_map_put(c, &sch->opers, o->name, v);
            }
            catalog_vec_push(c, v, o);
            o->obj.extension = e;
            catalog_add_dep(c, &o->obj, 0, CAT_ROLE_OBJECT, &e->obj, 0, CAT_DEP_INTERNAL);
        } else if (strcmp(f[0], "opclass") == 0 && n >= 5) {
            struct cat_opclass *oc = arena_alloc(s->arena, sizeof *oc);
            oc->obj.kind = CAT_OPCLASS;
            oc->obj.id = catalog_next_id(c);
            oc->schema = sch;
            oc->name = arena_strdup(s->arena, f[1]);
            oc->am = arena_strdup(s->arena, f[2]);
            oc->intype = ext_type(c, sch, f[3]);
            oc->is_default = f[4][0] == 't';
            catalog_map_put(c, &sch->opclasses, arena_printf(s->arena, "%s:%s", oc->am, oc->name),
                            oc);
            oc->obj.extension = e;
            catalog_add_dep(c, &oc->obj, 0, CAT_ROLE_OBJECT, &e->obj, 0, CAT_DEP_INTERNAL);
        } else if (strcmp(f[0], "cast") == 0 && n >= 6) {
            struct cat_cast *k = arena_alloc(s->arena, sizeof *k);
            k->source = ext_type(c, sch, f[1]);
            k->target = ext_type(c, sch, f[2]);
            k->context = f[3][0];
            k->method = f[4][0];
            if (!k->source || !k->target)
                continue;
            if (k->method == 'f') {
                struct cat_func **fs;
                uint32_t nf = catalog_find_funcs(c, sch->name, f[5], &fs);
                for (uint32_t i = 0; i < nf; i++)
                    if (fs[i]->nargs >= 1 && fs[i]->args[0].type.type == k->source &&
                        fs[i]->rettype.type == k->target)
                        k->func = fs[i];
            }
            if (!k->source->obj.builtin)
                catalog_vec_push(c, &k->source->casts, k);
            if (!k->target->obj.builtin && k->target != k->source)
                catalog_vec_push(c, &k->target->casts, k);
        }
    }
    return 0;
}
