/*
 * rule_simstub.c - TEMPORARY stand-ins for the catalog and simulator API
 * (lint/catalog.h, lint/simulate.h) until branch `sim` delivers catalog.c and
 * simulate.c: catalog_new() returns NULL, so the rule engine runs on the parse
 * tree alone. Deleted when sim is merged.
 */
#include "lint/catalog.h"
#include "lint/simulate.h"

struct catalog *catalog_new(struct arena *a)
{
    (void)a;
    return NULL;
}
void catalog_free(struct catalog *c)
{
    (void)c;
}
catalog_mark_t catalog_mark(struct catalog *c)
{
    (void)c;
    return 0;
}
void catalog_rollback(struct catalog *c, catalog_mark_t m)
{
    (void)c, (void)m;
}
void catalog_release(struct catalog *c, catalog_mark_t m)
{
    (void)c, (void)m;
}
struct cat_schema *catalog_find_schema(const struct catalog *c, const char *name)
{
    (void)c, (void)name;
    return NULL;
}
struct cat_rel *catalog_find_rel(const struct catalog *c, const char *schema, const char *name)
{
    (void)c, (void)schema, (void)name;
    return NULL;
}
struct cat_column *catalog_find_column(const struct cat_rel *r, const char *name)
{
    (void)r, (void)name;
    return NULL;
}
struct cat_column *catalog_column_by_attnum(const struct cat_rel *r, int16_t attnum)
{
    (void)r, (void)attnum;
    return NULL;
}
struct cat_constraint *catalog_find_constraint(const struct cat_rel *r, const char *name)
{
    (void)r, (void)name;
    return NULL;
}
struct cat_policy *catalog_find_policy(const struct cat_rel *r, const char *name)
{
    (void)r, (void)name;
    return NULL;
}
struct cat_type *catalog_find_type(const struct catalog *c, const char *schema, const char *name)
{
    (void)c, (void)schema, (void)name;
    return NULL;
}
struct cat_func *catalog_find_func(const struct catalog *c, const char *schema, const char *name,
                                   struct cat_type *const *argtypes, uint32_t nargs)
{
    (void)c, (void)schema, (void)name, (void)argtypes, (void)nargs;
    return NULL;
}
uint32_t catalog_find_funcs(const struct catalog *c, const char *schema, const char *name, struct cat_func ***out)
{
    (void)c, (void)schema, (void)name;
    *out = NULL;
    return 0;
}
uint32_t catalog_dependents(const struct catalog *c, const struct cat_obj *obj, int16_t attnum, struct cat_dep ***out)
{
    (void)c, (void)obj, (void)attnum;
    *out = NULL;
    return 0;
}
uint32_t catalog_columns(const struct cat_rel *r, struct cat_column ***out, struct arena *a)
{
    (void)r, (void)a;
    *out = NULL;
    return 0;
}
const char *catalog_type_text(const struct catalog *c, const struct cat_typeref *t)
{
    (void)c, (void)t;
    return "";
}
const char *catalog_expr_text(const struct catalog *c, const struct cat_expr *e)
{
    (void)c, (void)e;
    return "";
}
const char *catalog_quote_ident(struct arena *a, const char *name)
{
    (void)a;
    return name;
}
void catalog_schema_text(const struct catalog *c, struct strbuf *out)
{
    (void)c, (void)out;
}
struct sim *sim_new(struct arena *a, struct catalog *c, const struct sim_options *opt)
{
    (void)a, (void)c, (void)opt;
    return NULL;
}
void sim_begin_part(struct sim *s, const struct revision *r, enum part_kind part)
{
    (void)s, (void)r, (void)part;
}
void sim_end_part(struct sim *s)
{
    (void)s;
}
const struct effect *sim_statement(struct sim *s, const struct part *p, const struct stmt *st, struct diag_list *d)
{
    (void)s, (void)p, (void)st, (void)d;
    return NULL;
}
void sim_schema_diff(const char *before, const char *after, struct strbuf *out)
{
    (void)before, (void)after, (void)out;
}
