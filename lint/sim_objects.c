/*
 * sim_objects.c - the simulator's statements for everything but tables:
 * schemas, enum/domain/composite/range types, functions and procedures
 * (CREATE OR REPLACE rules), views (CREATE OR REPLACE may only append
 * columns), triggers, policies, extensions, aggregates, and the generic
 * DROP, RENAME, SET SCHEMA and COMMENT statements for every object kind.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lint/arena.h"
#include "lint/sim_table.h"
#include "lint/strbuf.h"

int sim_dispatch(struct sim *s, PgQuery__Node *n);

static const char *nm(PgQuery__Node *n)
{
    return sim_strval(n);
}

/* ---- schemas ---- */

int sim_create_schema(struct sim *s, PgQuery__CreateSchemaStmt *st)
{
    const char *name = st->schemaname && *st->schemaname        ? st->schemaname
                       : st->authrole && st->authrole->rolename ? st->authrole->rolename
                                                                : "postgres";
    if (catalog_find_schema(s->cat, name)) {
        if (st->if_not_exists) {
            sim_notice(s);
            return 0;
        }
        return sim_error(s, -1, "42P06", "schema \"%s\" already exists", name);
    }
    if (strncmp(name, "pg_", 3) == 0)
        return sim_error(s, -1, "42939", "unacceptable schema name \"%s\"", name);
    struct cat_schema *sch = catalog_add_schema(s->cat, name);
    sim_object(s, SIM_CREATED, CAT_SCHEMA, 0, NULL, sch->name, NULL, sch);
    if (st->n_schema_elts) {
        /* elements are created in the new schema: search_path is set to it */
        const char **saved = s->cat->search_path;
        const char **path = arena_alloc(s->arena, sizeof *path * 2);
        path[0] = sch->name;
        CAT_SET(s->cat, s->cat->search_path, path);
        for (size_t i = 0; i < st->n_schema_elts; i++) {
            PgQuery__Node *e = st->schema_elts[i];
            /* names qualified with another schema are an error */
            if (sim_dispatch(s, e) != 0 || s->eff->sqlstate)
                return -1;
        }
        CAT_SET(s->cat, s->cat->search_path, saved);
    }
    return 0;
}

/* ---- types ---- */

static struct cat_schema *type_schema(struct sim *s, PgQuery__Node **names, size_t n,
                                      const char **name)
{
    const char *schema;
    sim_split_name(names, n, &schema, name);
    return sim_creation_schema(s, schema, -1);
}

static int type_name_free(struct sim *s, struct cat_schema *sch, const char *name)
{
    struct cat_type *t = hashmap_get(&sch->types, name);
    if (t) {
        if (t->category == 'A' && t->elem) {
            /* an array type's name is taken over: PostgreSQL renames the array */
            char *nn = arena_printf(s->arena, "_%s", t->name);
            catalog_rename_type(s->cat, t, nn);
            return 0;
        }
        return sim_error(s, -1, "42710", "type \"%s\" already exists", name);
    }
    if (catalog_rel_name_used(sch, name))
        return sim_error(s, -1, "42P07", "relation \"%s\" already exists", name);
    return 0;
}

int sim_create_enum(struct sim *s, PgQuery__CreateEnumStmt *st)
{
    const char *name;
    struct cat_schema *sch = type_schema(s, st->type_name, st->n_type_name, &name);
    if (!sch || type_name_free(s, sch, name) != 0)
        return -1;
    struct cat_type *t = catalog_add_type(s->cat, sch, name, CAT_TYPE_ENUM);
    for (size_t i = 0; i < st->n_vals; i++) {
        const char *v = nm(st->vals[i]);
        if (!v)
            continue;
        if (strlen(v) > 63)
            return sim_error(s, -1, "22P02", "invalid enum label \"%s\"", v);
        for (uint32_t k = 0; k < t->labels.n; k++)
            if (strcmp(t->labels.items[k], v) == 0)
                return sim_error(s, -1, "42710", "enum label \"%s\" used more than once", v);
        catalog_vec_push(s->cat, &t->labels, arena_strdup(s->arena, v));
    }
    t->created_tx = s->tx_serial;
    catalog_add_array_type(s->cat, t);
    sim_object(s, SIM_CREATED, CAT_TYPE, 0, sch->name, name, NULL, t);
    return 0;
}

static struct cat_type *find_type_names(struct sim *s, PgQuery__Node **names, size_t n,
                                        bool missing_ok)
{
    const char *schema, *name;
    sim_split_name(names, n, &schema, &name);
    if (schema && !catalog_find_schema(s->cat, schema)) {
        if (!missing_ok)
            sim_error(s, -1, "3F000", "schema \"%s\" does not exist", schema);
        return NULL;
    }
    struct cat_type *t = catalog_find_type(s->cat, schema, name);
    if (!t && !missing_ok) {
        if (schema)
            sim_error(s, -1, "42704", "type \"%s.%s\" does not exist", schema, name);
        else
            sim_error(s, -1, "42704", "type \"%s\" does not exist", name);
    }
    return t;
}

int sim_alter_enum(struct sim *s, PgQuery__AlterEnumStmt *st)
{
    struct cat_type *t = find_type_names(s, st->type_name, st->n_type_name, false);
    if (!t)
        return -1;
    if (t->typtype != CAT_TYPE_ENUM)
        return sim_error(s, -1, "42809", "%s is not an enum", t->name);
    struct catalog *c = s->cat;
    if (st->old_val && *st->old_val) {
        int idx = -1;
        for (uint32_t k = 0; k < t->labels.n; k++) {
            if (strcmp(t->labels.items[k], st->old_val) == 0)
                idx = (int)k;
            else if (strcmp(t->labels.items[k], st->new_val) == 0)
                return sim_error(s, -1, "42710", "enum label \"%s\" already exists", st->new_val);
        }
        if (idx < 0)
            return sim_error(s, -1, "22023", "\"%s\" is not an existing enum label", st->old_val);
        catalog_log_write(c, &t->labels.items[idx], sizeof t->labels.items[idx]);
        t->labels.items[idx] = arena_strdup(s->arena, st->new_val);
        sim_object(s, SIM_ALTERED, CAT_TYPE, 0, t->schema->name, t->name, NULL, t);
        return 0;
    }
    for (uint32_t k = 0; k < t->labels.n; k++) {
        if (strcmp(t->labels.items[k], st->new_val) == 0) {
            if (st->skip_if_new_val_exists) {
                sim_notice(s);
                return 0;
            }
            return sim_error(s, -1, "42710", "enum label \"%s\" already exists", st->new_val);
        }
    }
    if (strlen(st->new_val) > 63)
        return sim_error(s, -1, "22P02", "invalid enum label \"%s\"", st->new_val);
    int pos = (int)t->labels.n;
    if (st->new_val_neighbor && *st->new_val_neighbor) {
        int idx = -1;
        for (uint32_t k = 0; k < t->labels.n; k++)
            if (strcmp(t->labels.items[k], st->new_val_neighbor) == 0)
                idx = (int)k;
        if (idx < 0)
            return sim_error(s, -1, "22023", "\"%s\" is not an existing enum label",
                             st->new_val_neighbor);
        pos = st->new_val_is_after ? idx + 1 : idx;
    }
    /* insert at pos (copy on write) */
    struct cat_vec nv = {0};
    nv.cap = t->labels.n + 1;
    nv.items = arena_alloc(s->arena, sizeof *nv.items * nv.cap);
    for (uint32_t k = 0, o = 0; k <= t->labels.n; k++) {
        if ((int)k == pos)
            nv.items[nv.n++] = arena_strdup(s->arena, st->new_val);
        if (o < t->labels.n && (int)k < (int)t->labels.n)
            nv.items[nv.n++] = t->labels.items[o++];
    }
    CAT_SET(c, t->labels, nv);
    if (s->in_tx && t->created_tx != s->tx_serial) {
        catalog_vec_push(c, &t->uncommitted_labels, nv.items[pos]);
        s->new_enum_labels.items =
            arena_grow(s->arena, s->new_enum_labels.items, s->new_enum_labels.n,
                       s->new_enum_labels.n + 1, sizeof *s->new_enum_labels.items);
        s->new_enum_labels.items[s->new_enum_labels.n++] = t;
    }
    sim_object(s, SIM_ALTERED, CAT_TYPE, 0, t->schema->name, t->name, NULL, t);
    return 0;
}

static int domain_check(struct sim *s, struct cat_type *d, PgQuery__Constraint *con, bool validate)
{
    struct ex_ctx x;
    ex_ctx_init(&x, s->cat, s->arena, EXK_DOMAIN_CHECK);
    x.domain = d->base;
    x.domain_typmod = d->base_typmod;
    struct cat_expr *e = ex_coerce_bool(&x, ex_analyze(&x, con->raw_expr), "CHECK");
    if (!e)
        return sim_expr_error(s, &x);
    const char *name = con->conname && *con->conname ? con->conname : NULL;
    if (name) {
        for (uint32_t i = 0; i < d->constraints.n; i++) {
            struct cat_constraint *k = d->constraints.items[i];
            if (!k->obj.dropped && strcmp(k->name, name) == 0)
                return sim_error(s, -1, "42710",
                                 "constraint \"%s\" for domain \"%s\" already exists", name,
                                 d->name);
        }
    } else {
        name = sim_choose_constraint_name(s, d->schema, d->name, NULL, "check", NULL, 0);
    }
    struct cat_constraint *k = catalog_add_constraint(s->cat, NULL, d, name, CAT_CON_CHECK);
    k->expr = e;
    k->validated = validate || !con->skip_validation;
    sim_register_constraint_name(s, k);
    catalog_add_dep(s->cat, &k->obj, 0, CAT_ROLE_OBJECT, &d->obj, 0, CAT_DEP_AUTO);
    sim_add_expr_deps(s, &k->obj, 0, CAT_ROLE_OBJECT, e, CAT_DEP_NORMAL);
    return 0;
}

int sim_create_domain(struct sim *s, PgQuery__CreateDomainStmt *st)
{
    const char *name;
    struct cat_schema *sch = type_schema(s, st->domainname, st->n_domainname, &name);
    if (!sch || type_name_free(s, sch, name) != 0)
        return -1;
    struct ex_ctx x;
    ex_ctx_init(&x, s->cat, s->arena, EXK_OTHER);
    struct cat_typeref base;
    if (ex_typename(&x, st->type_name, &base) != 0)
        return sim_expr_error(s, &x);
    char bt = base.type->typtype;
    if (bt == CAT_TYPE_PSEUDO ||
        (bt != CAT_TYPE_BASE && bt != CAT_TYPE_DOMAIN && bt != CAT_TYPE_ENUM &&
         bt != CAT_TYPE_RANGE && bt != CAT_TYPE_COMPOSITE && base.type->category != 'A'))
        return sim_error(s, -1, "42804", "\"%s\" is not a valid base type for a domain",
                         base.type->name);
    struct cat_type *d = catalog_add_type(s->cat, sch, name, CAT_TYPE_DOMAIN);
    d->base = base.type;
    d->base_typmod = base.typmod;
    d->category = ex_base_type(base.type)->category;
    if (st->coll_clause) {
        const char *cs, *cn;
        sim_split_name(st->coll_clause->collname, st->coll_clause->n_collname, &cs, &cn);
        d->collation =
            cs && strcmp(cs, "pg_catalog") != 0 ? arena_printf(s->arena, "%s.%s", cs, cn) : cn;
        if (sim_check_collation(s, base, d->collation, -1) != 0)
            return -1;
    }
    if (!base.type->obj.builtin)
        catalog_add_dep(s->cat, &d->obj, 0, CAT_ROLE_OBJECT, &base.type->obj, 0, CAT_DEP_NORMAL);
    bool has_null = false, has_notnull = false;
    for (size_t i = 0; i < st->n_constraints; i++) {
        PgQuery__Constraint *con = st->constraints[i]->constraint;
        switch (con->contype) {
        case PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL:
            if (has_null)
                return sim_error(s, -1, "42601", "conflicting NULL/NOT NULL constraints");
            has_notnull = true;
            d->notnull = true;
            break;
        case PG_QUERY__CONSTR_TYPE__CONSTR_NULL:
            if (has_notnull)
                return sim_error(s, -1, "42601", "conflicting NULL/NOT NULL constraints");
            has_null = true;
            break;
        case PG_QUERY__CONSTR_TYPE__CONSTR_DEFAULT: {
            if (d->default_expr)
                return sim_error(s, -1, "42601", "multiple default expressions");
            struct cat_typeref dt = {d, -1};
            struct ex_ctx dx;
            ex_ctx_init(&dx, s->cat, s->arena, EXK_DEFAULT);
            struct cat_expr *e = ex_analyze(&dx, con->raw_expr);
            struct cat_typeref bt2 = {d->base, d->base_typmod};
            (void)dt;
            if (e)
                e = ex_coerce_assign(&dx, e, bt2, name, -1);
            if (!e)
                return sim_expr_error(s, &dx);
            d->default_expr = e;
            break;
        }
        case PG_QUERY__CONSTR_TYPE__CONSTR_CHECK:
            if (domain_check(s, d, con, true) != 0)
                return -1;
            break;
        case PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE:
        case PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY:
            return sim_error(s, -1, "42601", "%s constraints not possible for domains",
                             con->contype == PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE ? "unique"
                                                                                  : "primary key");
        case PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN:
            return sim_error(s, -1, "42601", "foreign key constraints not possible for domains");
        default:
            break;
        }
    }
    catalog_add_array_type(s->cat, d);
    sim_object(s, SIM_CREATED, CAT_TYPE, 0, sch->name, name, NULL, d);
    return 0;
}

int sim_alter_domain(struct sim *s, PgQuery__AlterDomainStmt *st)
{
    struct cat_type *d = find_type_names(s, st->type_name, st->n_type_name, false);
    if (!d)
        return -1;
    if (d->typtype != CAT_TYPE_DOMAIN)
        return sim_error(s, -1, "42809", "%s is not a domain", d->name);
    struct catalog *c = s->cat;
    char sub = st->subtype ? st->subtype[0] : 0;
    switch (sub) {
    case 'T': {
        if (!st->def) {
            CAT_SET(c, d->default_expr, NULL);
            break;
        }
        struct ex_ctx dx;
        ex_ctx_init(&dx, s->cat, s->arena, EXK_DEFAULT);
        struct cat_typeref bt = {d->base, d->base_typmod};
        struct cat_expr *e = ex_analyze(&dx, st->def);
        if (e)
            e = ex_coerce_assign(&dx, e, bt, d->name, -1);
        if (!e)
            return sim_expr_error(s, &dx);
        CAT_SET(c, d->default_expr, e);
        break;
    }
    case 'N':
        CAT_SET(c, d->notnull, false);
        break;
    case 'O':
        CAT_SET(c, d->notnull, true);
        if (sim_data_domain(s, d, NULL) != 0)
            return -1;
        break;
    case 'C': {
        PgQuery__Constraint *con = st->def->constraint;
        if (con->contype == PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL) {
            CAT_SET(c, d->notnull, true);
            if (sim_data_domain(s, d, NULL) != 0)
                return -1;
            break;
        }
        if (con->contype != PG_QUERY__CONSTR_TYPE__CONSTR_CHECK)
            return sim_error(s, -1, "42601",
                             "only CHECK and NOT NULL constraints are possible for domains");
        if (domain_check(s, d, con, false) != 0)
            return -1;
        struct cat_constraint *k = d->constraints.items[d->constraints.n - 1];
        if (k->validated && sim_data_domain(s, d, k) != 0)
            return -1;
        break;
    }
    case 'X': {
        struct cat_constraint *k = NULL;
        for (uint32_t i = 0; i < d->constraints.n; i++) {
            struct cat_constraint *x = d->constraints.items[i];
            if (!x->obj.dropped && strcmp(x->name, st->name) == 0)
                k = x;
        }
        if (!k) {
            if (st->missing_ok) {
                sim_notice(s);
                return 0;
            }
            return sim_error(s, -1, "42704", "constraint \"%s\" of domain \"%s\" does not exist",
                             st->name, d->name);
        }
        sim_unregister_constraint_name(s, k);
        catalog_drop_obj(c, &k->obj);
        break;
    }
    case 'V': {
        struct cat_constraint *k = NULL;
        for (uint32_t i = 0; i < d->constraints.n; i++) {
            struct cat_constraint *x = d->constraints.items[i];
            if (!x->obj.dropped && strcmp(x->name, st->name) == 0)
                k = x;
        }
        if (!k)
            return sim_error(s, -1, "42704", "constraint \"%s\" of domain \"%s\" does not exist",
                             st->name, d->name);
        if (!k->validated && sim_data_domain(s, d, k) != 0)
            return -1;
        CAT_SET(c, k->validated, true);
        break;
    }
    default:
        break;
    }
    sim_object(s, SIM_ALTERED, CAT_TYPE, 0, d->schema->name, d->name, NULL, d);
    return 0;
}

int sim_create_composite(struct sim *s, PgQuery__CompositeTypeStmt *st)
{
    struct cat_schema *sch = sim_schema_of(s, st->typevar, true);
    const char *name = st->typevar->relname;
    if (!sch || type_name_free(s, sch, name) != 0)
        return -1;
    struct cat_rel *r = catalog_add_rel(s->cat, sch, name, CAT_RELKIND_COMPOSITE);
    for (size_t i = 0; i < st->n_coldeflist; i++) {
        PgQuery__ColumnDef *cd = st->coldeflist[i]->column_def;
        struct cat_typeref t;
        bool serial;
        if (sim_column_type(s, cd, &t, &serial) != 0)
            return -1;
        if (catalog_find_column(r, cd->colname))
            return sim_error(s, -1, "42701", "column \"%s\" specified more than once", cd->colname);
        struct cat_column *col = catalog_add_column(s->cat, r, cd->colname, t);
        if (cd->coll_clause) {
            const char *cs, *cn;
            sim_split_name(cd->coll_clause->collname, cd->coll_clause->n_collname, &cs, &cn);
            col->collation = cn;
        }
        sim_column_type_dep(s, col);
    }
    struct cat_type *t = sim_make_rowtype(s, r);
    if (!t)
        return sim_error(s, -1, "42710", "type \"%s\" already exists", name);
    sim_object(s, SIM_CREATED, CAT_TYPE, 0, sch->name, name, NULL, t);
    return 0;
}

int sim_create_range(struct sim *s, PgQuery__CreateRangeStmt *st)
{
    const char *name;
    struct cat_schema *sch = type_schema(s, st->type_name, st->n_type_name, &name);
    if (!sch || type_name_free(s, sch, name) != 0)
        return -1;
    struct cat_typeref sub = {0};
    const char *mrname = NULL;
    for (size_t i = 0; i < st->n_params; i++) {
        PgQuery__DefElem *d = st->params[i]->def_elem;
        if (strcmp(d->defname, "subtype") == 0 && d->arg &&
            d->arg->node_case == PG_QUERY__NODE__NODE_TYPE_NAME) {
            struct ex_ctx x;
            ex_ctx_init(&x, s->cat, s->arena, EXK_OTHER);
            if (ex_typename(&x, d->arg->type_name, &sub) != 0)
                return sim_expr_error(s, &x);
        } else if (strcmp(d->defname, "multirange_type_name") == 0 && d->arg) {
            if (d->arg->node_case == PG_QUERY__NODE__NODE_TYPE_NAME && d->arg->type_name->n_names)
                mrname = nm(d->arg->type_name->names[d->arg->type_name->n_names - 1]);
        }
    }
    if (!sub.type)
        return sim_error(s, -1, "42P17", "type attribute \"subtype\" is required");
    struct cat_type *t = catalog_add_type(s->cat, sch, name, CAT_TYPE_RANGE);
    t->subtype = sub.type;
    if (!sub.type->obj.builtin)
        catalog_add_dep(s->cat, &t->obj, 0, CAT_ROLE_OBJECT, &sub.type->obj, 0, CAT_DEP_NORMAL);
    catalog_add_array_type(s->cat, t);
    /* the multirange type: name_multirange, or "multirange" replacing "range" */
    if (!mrname) {
        const char *p = strstr(name, "range");
        if (p)
            mrname = arena_printf(s->arena, "%.*smultirange%s", (int)(p - name), name, p + 5);
        else
            mrname = sim_make_object_name(s->arena, name, NULL, "multirange");
    }
    struct cat_type *mr = catalog_add_type(s->cat, sch, mrname, CAT_TYPE_BASE);
    mr->typtype = 'm';
    mr->category = 'R';
    catalog_add_dep(s->cat, &mr->obj, 0, CAT_ROLE_OBJECT, &t->obj, 0, CAT_DEP_INTERNAL);
    struct cat_type *mra = catalog_add_array_type(s->cat, mr);
    (void)mra;
    /* constructor functions name(subtype, subtype[, text]) */
    for (int n = 2; n <= 3; n++) {
        struct cat_func *f = catalog_add_func(s->cat, sch, name);
        f->nargs = (uint32_t)n;
        f->args = arena_alloc(s->arena, sizeof *f->args * 3);
        f->args[0].type.type = f->args[1].type.type = sub.type;
        f->args[0].type.typmod = f->args[1].type.typmod = -1;
        f->args[0].mode = f->args[1].mode = 'i';
        if (n == 3) {
            f->args[2].type.type = ex_type(PGB_TEXT);
            f->args[2].type.typmod = -1;
            f->args[2].mode = 'i';
        }
        f->rettype.type = t;
        f->volatility = 'i';
        f->language = "internal";
        f->obj.builtin = false;
        catalog_add_dep(s->cat, &f->obj, 0, CAT_ROLE_OBJECT, &t->obj, 0, CAT_DEP_INTERNAL);
        f->hidden = true;
    }
    sim_object(s, SIM_CREATED, CAT_TYPE, 0, sch->name, name, NULL, t);
    return 0;
}

/* ---- functions ---- */

static char param_mode(int m)
{
    switch (m) {
    case PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_OUT:
        return 'o';
    case PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_INOUT:
        return 'b';
    case PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_VARIADIC:
        return 'v';
    case PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_TABLE:
        return 't';
    default:
        return 'i';
    }
}

static bool input_mode(char m)
{
    return m == 'i' || m == 'b' || m == 'v';
}

/* Identity argument types of a parameter list (input parameters only). */
static int resolve_params(struct sim *s, PgQuery__Node **params, size_t n, struct cat_funcarg **out,
                          uint32_t *nout, bool with_defaults)
{
    struct cat_funcarg *args = arena_alloc(s->arena, sizeof *args * (n + 1));
    bool seen_default = false;
    for (size_t i = 0; i < n; i++) {
        PgQuery__FunctionParameter *fp = params[i]->function_parameter;
        struct ex_ctx x;
        ex_ctx_init(&x, s->cat, s->arena, EXK_OTHER);
        if (ex_typename(&x, fp->arg_type, &args[i].type) != 0)
            return sim_expr_error(s, &x);
        args[i].type.typmod = -1; /* typmods of arguments are discarded */
        args[i].name = fp->name && *fp->name ? arena_strdup(s->arena, fp->name) : NULL;
        args[i].mode = param_mode(fp->mode);
        if (fp->defexpr && with_defaults) {
            if (!input_mode(args[i].mode))
                return sim_error(s, -1, "42P13", "only input parameters can have default values");
            struct ex_ctx dx;
            ex_ctx_init(&dx, s->cat, s->arena, EXK_DEFAULT);
            struct cat_expr *e = ex_analyze(&dx, fp->defexpr);
            if (e)
                e = ex_coerce_assign(&dx, e, args[i].type, args[i].name ? args[i].name : "", -1);
            if (!e)
                return sim_expr_error(s, &dx);
            args[i].default_expr = e;
            args[i].default_text = ex_text(s->cat, s->arena, e);
            seen_default = true;
        } else if (seen_default && input_mode(args[i].mode) && with_defaults) {
            return sim_error(
                s, -1, "42P13",
                "input parameters after one with a default value must also have defaults");
        }
        for (size_t k = 0; k < i; k++)
            if (args[i].name && args[k].name && strcmp(args[i].name, args[k].name) == 0 &&
                (input_mode(args[i].mode) == input_mode(args[k].mode) || args[i].mode == 'b' ||
                 args[k].mode == 'b'))
                return sim_error(s, -1, "42P13", "parameter name \"%s\" used more than once",
                                 args[i].name);
    }
    *out = args;
    *nout = (uint32_t)n;
    return 0;
}

static bool same_identity(struct cat_func *f, struct cat_funcarg *args, uint32_t n)
{
    uint32_t a = 0, b = 0;
    for (;;) {
        while (a < f->nargs && !input_mode(f->args[a].mode))
            a++;
        while (b < n && !input_mode(args[b].mode))
            b++;
        if (a == f->nargs || b == n)
            return a == f->nargs && b == n;
        if (f->args[a].type.type != args[b].type.type)
            return false;
        a++;
        b++;
    }
}

static struct cat_func *find_same(struct cat_schema *sch, const char *name,
                                  struct cat_funcarg *args, uint32_t n)
{
    struct cat_vec *v = hashmap_get(&sch->funcs, name);
    for (uint32_t i = 0; v && i < v->n; i++) {
        struct cat_func *f = v->items[i];
        if (!f->obj.dropped && same_identity(f, args, n))
            return f;
    }
    return NULL;
}

const char *sim_func_identity(struct sim *s, struct cat_funcarg *args, uint32_t n)
{
    struct strbuf sb = STRBUF_INIT;
    bool first = true;
    for (uint32_t i = 0; i < n; i++) {
        if (!input_mode(args[i].mode))
            continue;
        if (!first)
            sb_adds(&sb, ", ");
        first = false;
        struct cat_type *t = args[i].type.type;
        if (t && !t->obj.builtin)
            sb_adds(&sb, t->name);
        else
            ex_format_type(t, -1, &sb);
    }
    const char *r = arena_strdup(s->arena, sb.buf ? sb.buf : "");
    sb_release(&sb);
    return r;
}

static const char *known_language(const char *l)
{
    static const char *const langs[] = {"plpgsql", "sql", "c", "internal", NULL};
    for (int i = 0; langs[i]; i++)
        if (strcmp(langs[i], l) == 0)
            return langs[i];
    return NULL;
}

int sim_create_function(struct sim *s, PgQuery__CreateFunctionStmt *st)
{
    const char *schema, *name;
    sim_split_name(st->funcname, st->n_funcname, &schema, &name);
    struct cat_schema *sch = sim_creation_schema(s, schema, -1);
    if (!sch)
        return -1;
    struct cat_funcarg *args;
    uint32_t nargs;
    if (resolve_params(s, st->parameters, st->n_parameters, &args, &nargs, true) != 0)
        return -1;
    const char *language = NULL, *body = NULL;
    char volatility = 'v', parallel = 'u';
    bool strict = false, secdef = false, leakproof = false, window = false;
    float cost = -1, rows = -1;
    const char **config = NULL;
    size_t nconfig = 0;
    for (size_t i = 0; i < st->n_options; i++) {
        PgQuery__DefElem *d = st->options[i]->def_elem;
        const char *o = d->defname;
        if (strcmp(o, "language") == 0)
            language = nm(d->arg);
        else if (strcmp(o, "as") == 0 && d->arg && d->arg->node_case == PG_QUERY__NODE__NODE_LIST) {
            PgQuery__List *l = d->arg->list;
            body = l->n_items >= 2 ? nm(l->items[1]) : l->n_items ? nm(l->items[0]) : "";
        } else if (strcmp(o, "volatility") == 0) {
            const char *v = nm(d->arg);
            volatility = v ? v[0] : 'v';
        } else if (strcmp(o, "strict") == 0)
            strict = d->arg && d->arg->node_case == PG_QUERY__NODE__NODE_BOOLEAN &&
                     d->arg->boolean->boolval;
        else if (strcmp(o, "security") == 0)
            secdef = d->arg && d->arg->node_case == PG_QUERY__NODE__NODE_BOOLEAN &&
                     d->arg->boolean->boolval;
        else if (strcmp(o, "leakproof") == 0)
            leakproof = d->arg && d->arg->node_case == PG_QUERY__NODE__NODE_BOOLEAN &&
                        d->arg->boolean->boolval;
        else if (strcmp(o, "parallel") == 0) {
            const char *v = nm(d->arg);
            parallel = v ? v[0] : 'u';
        } else if (strcmp(o, "cost") == 0)
            cost = (float)atof(sim_defelem_value(s, d));
        else if (strcmp(o, "rows") == 0)
            rows = (float)atof(sim_defelem_value(s, d));
        else if (strcmp(o, "window") == 0)
            window = true;
        else if (strcmp(o, "set") == 0 && d->arg &&
                 d->arg->node_case == PG_QUERY__NODE__NODE_VARIABLE_SET_STMT) {
            PgQuery__VariableSetStmt *vs = d->arg->variable_set_stmt;
            if (vs->name && sim_guc_check(s, vs->name) != 0)
                return -1;
            struct strbuf sb = STRBUF_INIT;
            sb_printf(&sb, "%s=", vs->name);
            for (size_t k = 0; k < vs->n_args; k++) {
                PgQuery__Node *a = vs->args[k];
                if (k)
                    sb_adds(&sb, ", ");
                if (a->node_case == PG_QUERY__NODE__NODE_A_CONST) {
                    PgQuery__AConst *c = a->a_const;
                    if (c->val_case == PG_QUERY__A__CONST__VAL_SVAL) {
                        const char *v = c->sval->sval;
                        /* list-valued settings quote identifiers as needed */
                        if (strcmp(vs->name, "search_path") == 0 && ex_ident_needs_quotes(v) &&
                            strcmp(v, "$user") != 0)
                            ex_add_ident(&sb, v);
                        else if (strcmp(vs->name, "search_path") == 0 && strcmp(v, "$user") == 0)
                            sb_adds(&sb, "\"$user\"");
                        else
                            sb_adds(&sb, v);
                    } else if (c->val_case == PG_QUERY__A__CONST__VAL_IVAL)
                        sb_printf(&sb, "%d", c->ival->ival);
                    else if (c->val_case == PG_QUERY__A__CONST__VAL_FVAL)
                        sb_adds(&sb, c->fval->fval);
                }
            }
            config = arena_grow(s->arena, config, nconfig, nconfig + 2, sizeof *config);
            config[nconfig++] = arena_strdup(s->arena, sb.buf);
            config[nconfig] = NULL;
            sb_release(&sb);
        }
    }
    if (!language) {
        if (st->sql_body)
            language = "sql";
        else
            return sim_error(s, -1, "42P13", "no language specified");
    }
    const char *lang = known_language(language);
    if (!lang)
        return sim_error(s, -1, "42704", "language \"%s\" does not exist", language);
    if (!body && !st->sql_body)
        return sim_error(s, -1, "42P13", "no function body specified");
    /* result type */
    struct cat_typeref ret = {NULL, -1};
    bool retset = false;
    uint32_t nout = 0, ntable = 0;
    struct cat_typeref outtype = {NULL, -1};
    for (uint32_t i = 0; i < nargs; i++) {
        if (args[i].mode == 'o' || args[i].mode == 'b') {
            nout++;
            outtype = args[i].type;
        }
        if (args[i].mode == 't') {
            ntable++;
            outtype = args[i].type;
        }
    }
    if (st->is_procedure) {
        if (st->return_type)
            return sim_error(s, -1, "42P13", "procedures cannot have a result type");
        if (nout)
            ret.type = nout == 1 ? outtype.type : ex_type(PGB_RECORD);
    } else if (st->return_type) {
        struct ex_ctx x;
        ex_ctx_init(&x, s->cat, s->arena, EXK_OTHER);
        if (ex_typename(&x, st->return_type, &ret) != 0)
            return sim_expr_error(s, &x);
        ret.typmod = -1;
        retset = st->return_type->setof;
        if (ntable) {
            retset = true;
            ret.type = ntable == 1 ? outtype.type : ex_type(PGB_RECORD);
        } else if (nout) {
            struct cat_type *expect = nout == 1 ? outtype.type : ex_type(PGB_RECORD);
            if (ret.type != expect) {
                if (nout == 1) {
                    struct strbuf sb = STRBUF_INIT;
                    ex_format_type(expect, -1, &sb);
                    sim_error(s, -1, "42P13",
                              "function result type must be %s because of OUT parameters", sb.buf);
                    sb_release(&sb);
                    return -1;
                }
                return sim_error(s, -1, "42P13",
                                 "function result type must be record because of OUT parameters");
            }
        }
    } else if (nout) {
        ret.type = nout == 1 ? outtype.type : ex_type(PGB_RECORD);
    } else {
        return sim_error(s, -1, "42P13", "function result type must be specified");
    }
    if (ret.type && ret.type->oid == PGB_TRIGGER && nargs - nout - ntable > 0 &&
        strcmp(lang, "plpgsql") == 0)
        return sim_error(s, -1, "42P13", "trigger functions cannot have declared arguments");
    if (ret.type && ret.type->oid == PGB_TRIGGER && strcmp(lang, "sql") == 0)
        return sim_error(s, -1, "42P13", "SQL functions cannot return type trigger");
    if (strcmp(lang, "sql") == 0 && sim_check_sql_function(s, st, NULL, args, nargs, ret) != 0)
        return -1;
    struct cat_func *old = find_same(sch, name, args, nargs);
    if (old) {
        if (!st->replace)
            return sim_error(s, -1, "42723",
                             "function \"%s\" already exists with same argument types", name);
        bool was_proc = old->prokind == CAT_PROKIND_PROCEDURE;
        if (was_proc != (bool)st->is_procedure) {
            sim_error(s, -1, "42809", "cannot change routine kind");
            return sim_error_detail(s, arena_printf(s->arena, "\"%s\" is a %s.", name,
                                                    was_proc ? "procedure" : "function"));
        }
        if (old->rettype.type != ret.type || old->retset != retset) {
            sim_error(s, -1, "42P13", "cannot change return type of existing function");
            if (ret.type && ret.type->oid == PGB_RECORD && nout > 1)
                sim_error_detail(s, "Row type defined by OUT parameters is different.");
            return sim_error_hint(
                s, arena_printf(s->arena, "Use %s %s(%s) first.",
                                st->is_procedure ? "DROP PROCEDURE" : "DROP FUNCTION", name,
                                sim_func_identity(s, args, nargs)));
        }
        /* OUT parameters define the row type */
        if (ret.type && ret.type->oid == PGB_RECORD) {
            uint32_t a = 0;
            bool same = true;
            for (uint32_t i = 0; i < old->nargs; i++) {
                if (old->args[i].mode != 'o' && old->args[i].mode != 'b' &&
                    old->args[i].mode != 't')
                    continue;
                while (a < nargs && args[a].mode != 'o' && args[a].mode != 'b' &&
                       args[a].mode != 't')
                    a++;
                if (a == nargs || args[a].type.type != old->args[i].type.type ||
                    (args[a].name && old->args[i].name &&
                     strcmp(args[a].name, old->args[i].name) != 0))
                    same = false;
                a++;
            }
            while (a < nargs && args[a].mode != 'o' && args[a].mode != 'b' && args[a].mode != 't')
                a++;
            if (a < nargs)
                same = false;
            if (!same) {
                sim_error(s, -1, "42P13", "cannot change return type of existing function");
                sim_error_detail(s, "Row type defined by OUT parameters is different.");
                return sim_error_hint(
                    s, arena_printf(s->arena, "Use %s %s(%s) first.",
                                    st->is_procedure ? "DROP PROCEDURE" : "DROP FUNCTION", name,
                                    sim_func_identity(s, args, nargs)));
            }
        }
        /* input parameter names may not change */
        uint32_t a = 0;
        for (uint32_t i = 0; i < old->nargs; i++) {
            if (!input_mode(old->args[i].mode))
                continue;
            while (a < nargs && !input_mode(args[a].mode))
                a++;
            if (a < nargs && old->args[i].name && *old->args[i].name &&
                (!args[a].name || strcmp(old->args[i].name, args[a].name) != 0)) {
                sim_error(s, -1, "42P13", "cannot change name of input parameter \"%s\"",
                          old->args[i].name);
                return sim_error_hint(
                    s, arena_printf(s->arena, "Use %s %s(%s) first.",
                                    st->is_procedure ? "DROP PROCEDURE" : "DROP FUNCTION", name,
                                    sim_func_identity(s, args, nargs)));
            }
            a++;
        }
        /* defaults may not be removed */
        uint32_t olddef = 0, newdef = 0;
        for (uint32_t i = 0; i < old->nargs; i++)
            olddef += old->args[i].default_expr || old->args[i].default_text;
        for (uint32_t i = 0; i < nargs; i++)
            newdef += args[i].default_expr != NULL;
        if (newdef < olddef)
            return sim_error(s, -1, "42P13",
                             "cannot remove parameter defaults from existing function");
    }
    struct cat_func *f;
    struct catalog *c = s->cat;
    if (old) {
        f = old;
        catalog_kill_deps(c, &f->obj, -1, -1);
    } else {
        f = catalog_add_func(c, sch, name);
    }
    CAT_SET(c, f->prokind,
            st->is_procedure ? CAT_PROKIND_PROCEDURE
            : window         ? CAT_PROKIND_WINDOW
                             : CAT_PROKIND_FUNCTION);
    CAT_SET(c, f->args, args);
    CAT_SET(c, f->nargs, nargs);
    CAT_SET(c, f->rettype, ret);
    CAT_SET(c, f->retset, retset);
    CAT_SET(c, f->language, lang);
    CAT_SET(c, f->volatility, volatility);
    CAT_SET(c, f->strict, strict);
    CAT_SET(c, f->security_definer, secdef);
    CAT_SET(c, f->leakproof, leakproof);
    CAT_SET(c, f->parallel, parallel);
    bool clang = strcmp(lang, "c") == 0 || strcmp(lang, "internal") == 0;
    CAT_SET(c, f->cost, cost >= 0 ? cost : clang ? 1 : 100);
    CAT_SET(c, f->rows, retset ? (rows >= 0 ? rows : 1000) : 0);
    CAT_SET(c, f->body, body ? arena_strdup(s->arena, body) : "");
    CAT_SET(c, f->sql_body, st->sql_body != NULL);
    CAT_SET(c, f->config, config);
    CAT_SET(c, f->identity_args, sim_func_identity(s, args, nargs));
    for (uint32_t i = 0; i < nargs; i++) {
        struct cat_type *t = args[i].type.type;
        if (t && !t->obj.builtin)
            catalog_add_dep(
                c, &f->obj, 0, CAT_ROLE_OBJECT,
                &(t->category == 'A' && t->elem && !t->elem->obj.builtin ? t->elem : t)->obj, 0,
                CAT_DEP_NORMAL);
    }
    if (ret.type && !ret.type->obj.builtin)
        catalog_add_dep(c, &f->obj, 0, CAT_ROLE_OBJECT, &ret.type->obj, 0, CAT_DEP_NORMAL);
    /* the validator runs on the stored function (a body may call it) */
    if (strcmp(lang, "sql") == 0 && sim_check_sql_function(s, st, f, args, nargs, ret) != 0)
        return -1;
    sim_object(s, old ? SIM_ALTERED : SIM_CREATED, CAT_FUNC, 0, sch->name, name, NULL, f);
    return 0;
}

struct cat_func *sim_find_function(struct sim *s, PgQuery__ObjectWithArgs *owa, bool missing_ok,
                                   int kind)
{
    const char *schema, *name;
    sim_split_name(owa->objname, owa->n_objname, &schema, &name);
    if (schema && !catalog_find_schema(s->cat, schema)) {
        if (!missing_ok)
            sim_error(s, -1, "3F000", "schema \"%s\" does not exist", schema);
        return NULL;
    }
    const char *what = kind == PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE   ? "procedure"
                       : kind == PG_QUERY__OBJECT_TYPE__OBJECT_AGGREGATE ? "aggregate"
                       : kind == PG_QUERY__OBJECT_TYPE__OBJECT_ROUTINE   ? "routine"
                                                                         : "function";
    struct cat_func **fs;
    uint32_t n = catalog_find_funcs(s->cat, schema, name, &fs);
    struct cat_func *found = NULL;
    if (owa->args_unspecified) {
        uint32_t live = 0;
        for (uint32_t i = 0; i < n; i++)
            if (!fs[i]->obj.dropped && !fs[i]->hidden) {
                live++;
                found = fs[i];
            }
        if (live > 1) {
            sim_error(s, -1, "42725", "%s name \"%s\" is not unique", what, name);
            sim_error_hint(
                s, arena_printf(s->arena,
                                "Specify the argument list to select the %s unambiguously.", what));
            return NULL;
        }
        if (!found && !missing_ok)
            sim_error(s, -1, "42883", "could not find a %s named \"%s\"", what, name);
    } else {
        struct cat_funcarg *args;
        uint32_t nargs;
        PgQuery__Node **params = owa->objfuncargs;
        size_t np = owa->n_objfuncargs;
        if (np && params) {
            if (resolve_params(s, params, np, &args, &nargs, false) != 0)
                return NULL;
        } else {
            nargs = (uint32_t)owa->n_objargs;
            args = arena_alloc(s->arena, sizeof *args * (nargs + 1));
            for (uint32_t i = 0; i < nargs; i++) {
                struct ex_ctx x;
                ex_ctx_init(&x, s->cat, s->arena, EXK_OTHER);
                if (ex_typename(&x, owa->objargs[i]->type_name, &args[i].type) != 0) {
                    sim_expr_error(s, &x);
                    return NULL;
                }
                args[i].mode = 'i';
            }
        }
        for (uint32_t i = 0; i < n && !found; i++)
            if (!fs[i]->obj.dropped && same_identity(fs[i], args, nargs))
                found = fs[i];
        if (!found && !missing_ok) {
            if (kind == PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE)
                sim_error(s, -1, "42883", "procedure %s(%s) does not exist", name,
                          sim_func_identity(s, args, nargs));
            else
                sim_error(s, -1, "42883", "function %s(%s) does not exist", name,
                          sim_func_identity(s, args, nargs));
        }
    }
    if (found && kind == PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE &&
        found->prokind != CAT_PROKIND_PROCEDURE) {
        sim_error(s, -1, "42809", "%s(%s) is not a procedure", found->name,
                  found->identity_args ? found->identity_args : "");
        return NULL;
    }
    if (found && kind == PG_QUERY__OBJECT_TYPE__OBJECT_FUNCTION &&
        found->prokind == CAT_PROKIND_PROCEDURE) {
        sim_error(s, -1, "42809", "%s(%s) is a procedure", found->name,
                  found->identity_args ? found->identity_args : "");
        sim_error_hint(s, "To drop a procedure, use DROP PROCEDURE.");
        return NULL;
    }
    if (found && kind == PG_QUERY__OBJECT_TYPE__OBJECT_AGGREGATE &&
        found->prokind != CAT_PROKIND_AGGREGATE) {
        sim_error(s, -1, "42809", "function %s(%s) is not an aggregate", found->name,
                  found->identity_args ? found->identity_args : "");
        return NULL;
    }
    return found;
}

int sim_alter_function(struct sim *s, PgQuery__AlterFunctionStmt *st)
{
    struct cat_func *f = sim_find_function(s, st->func, false, st->objtype);
    if (!f)
        return -1;
    struct catalog *c = s->cat;
    for (size_t i = 0; i < st->n_actions; i++) {
        PgQuery__DefElem *d = st->actions[i]->def_elem;
        const char *o = d->defname;
        bool b =
            d->arg && d->arg->node_case == PG_QUERY__NODE__NODE_BOOLEAN && d->arg->boolean->boolval;
        if (strcmp(o, "volatility") == 0) {
            const char *v = nm(d->arg);
            CAT_SET(c, f->volatility, v ? v[0] : 'v');
        } else if (strcmp(o, "strict") == 0)
            CAT_SET(c, f->strict, b);
        else if (strcmp(o, "security") == 0)
            CAT_SET(c, f->security_definer, b);
        else if (strcmp(o, "leakproof") == 0)
            CAT_SET(c, f->leakproof, b);
        else if (strcmp(o, "parallel") == 0) {
            const char *v = nm(d->arg);
            CAT_SET(c, f->parallel, v ? v[0] : 'u');
        } else if (strcmp(o, "cost") == 0)
            CAT_SET(c, f->cost, (float)atof(sim_defelem_value(s, d)));
        else if (strcmp(o, "rows") == 0) {
            if (!f->retset)
                return sim_error(s, -1, "22023",
                                 "ROWS is not applicable when function does not return a set");
            CAT_SET(c, f->rows, (float)atof(sim_defelem_value(s, d)));
        } else if (strcmp(o, "set") == 0 && d->arg &&
                   d->arg->node_case == PG_QUERY__NODE__NODE_VARIABLE_SET_STMT) {
            PgQuery__VariableSetStmt *vs = d->arg->variable_set_stmt;
            if (vs->kind != PG_QUERY__VARIABLE_SET_KIND__VAR_RESET_ALL && vs->name &&
                sim_guc_check(s, vs->name) != 0)
                return -1;
            size_t n = 0;
            while (f->config && f->config[n])
                n++;
            const char **nv = arena_alloc(s->arena, sizeof *nv * (n + 2));
            size_t k = 0;
            size_t l = strlen(vs->name ? vs->name : "");
            for (size_t j = 0; j < n; j++)
                if (vs->kind == PG_QUERY__VARIABLE_SET_KIND__VAR_RESET_ALL ||
                    !(strncmp(f->config[j], vs->name, l) == 0 && f->config[j][l] == '='))
                    nv[k++] = f->config[j];
            if (vs->kind == PG_QUERY__VARIABLE_SET_KIND__VAR_RESET_ALL)
                k = 0;
            if (vs->kind == PG_QUERY__VARIABLE_SET_KIND__VAR_SET_VALUE) {
                struct strbuf sb = STRBUF_INIT;
                sb_printf(&sb, "%s=", vs->name);
                for (size_t a = 0; a < vs->n_args; a++) {
                    if (a)
                        sb_adds(&sb, ", ");
                    PgQuery__Node *an = vs->args[a];
                    if (an->node_case == PG_QUERY__NODE__NODE_A_CONST &&
                        an->a_const->val_case == PG_QUERY__A__CONST__VAL_SVAL)
                        sb_adds(&sb, an->a_const->sval->sval);
                    else if (an->node_case == PG_QUERY__NODE__NODE_A_CONST &&
                             an->a_const->val_case == PG_QUERY__A__CONST__VAL_IVAL)
                        sb_printf(&sb, "%d", an->a_const->ival->ival);
                }
                nv[k++] = arena_strdup(s->arena, sb.buf);
                sb_release(&sb);
            }
            nv[k] = NULL;
            CAT_SET(c, f->config, k ? nv : NULL);
        }
    }
    sim_object(s, SIM_ALTERED, CAT_FUNC, 0, f->schema->name, f->name, NULL, f);
    return 0;
}

/* The polymorphic families: 1 anyelement & co., 2 anycompatible & co. */
static int poly_family(const struct cat_type *t)
{
    return !ex_is_polymorphic(t) ? 0 : ex_is_compatible_family(t) ? 2 : 1;
}

/* Whether a transition function's argument declared 'decl' takes 'given'
 * (lookup_agg_function). Strict only where PostgreSQL certainly refuses: a
 * polymorphic type of the other family (array_append became
 * anycompatiblearray in PostgreSQL 14, so the classic
 * SFUNC = array_append, STYPE = anyarray aggregate fails), a polymorphic
 * type for a concrete one, an array type for a non-array one; concrete types
 * that differ are left alone (binary coercion). */
static bool agg_arg_fits(const struct cat_type *decl, const struct cat_type *given)
{
    if (!decl || !given || decl == given || decl->oid == PGB_ANY)
        return true;
    int df = poly_family(decl), gf = poly_family(given);
    if (gf)
        return df == gf && (decl->oid == given->oid || decl->oid == PGB_ANYELEMENT ||
                            decl->oid == PGB_ANYCOMPATIBLE);
    if (!df)
        return true;
    bool arr = given->category == 'A' && given->elem;
    if (decl->oid == PGB_ANYARRAY || decl->oid == PGB_ANYCOMPATIBLEARRAY)
        return arr;
    if (decl->oid == PGB_ANYNONARRAY || decl->oid == PGB_ANYCOMPATIBLENONARRAY)
        return !arr;
    if (decl->oid == PGB_ANYENUM)
        return given->typtype == CAT_TYPE_ENUM;
    return true;
}

/* CREATE AGGREGATE's SFUNC must exist for (stype, input types): 42883
 * otherwise. A name the model does not know at all is let through (it may
 * come from code the simulator does not follow). */
static int check_agg_sfunc(struct sim *s, PgQuery__TypeName *fn, struct cat_typeref stype,
                           const struct cat_funcarg *args, uint32_t nargs)
{
    const char *schema = NULL, *name = NULL;
    if (fn->n_names == 2) {
        schema = nm(fn->names[0]);
        name = nm(fn->names[1]);
    } else if (fn->n_names == 1)
        name = nm(fn->names[0]);
    if (!name)
        return 0;
    uint32_t want = nargs + 1;
    const struct cat_type **given = arena_alloc(s->arena, sizeof *given * (want + 1));
    given[0] = stype.type;
    for (uint32_t i = 0; i < nargs; i++)
        given[i + 1] = args[i].type.type;
    bool known = false;
    if (!schema || strcmp(schema, "pg_catalog") == 0) {
        unsigned first, n = pgb_procs_named(name, &first);
        for (unsigned i = 0; i < n; i++) {
            const struct pgb_proc *p = &pgb_procs[first + i];
            known = true;
            if (p->nargs != want || p->variadic)
                continue;
            bool fits = true;
            for (uint32_t a = 0; a < want && fits; a++)
                fits = agg_arg_fits(pgb_type(pgb_proc_args[p->args + a]), given[a]);
            if (fits)
                return 0;
        }
    }
    struct cat_func **fs;
    uint32_t n = catalog_find_funcs(s->cat, schema, name, &fs);
    for (uint32_t i = 0; i < n; i++) {
        known = true;
        const struct cat_funcarg *in[64];
        uint32_t nin = 0;
        bool variadic = false;
        for (uint32_t a = 0; a < fs[i]->nargs && nin < 64; a++) {
            char m = fs[i]->args[a].mode;
            variadic |= m == 'v';
            if (m == 'i' || m == 'b' || m == 'v' || !m)
                in[nin++] = &fs[i]->args[a];
        }
        if (variadic || nin != want)
            continue;
        bool fits = true;
        for (uint32_t a = 0; a < want && fits; a++)
            fits = agg_arg_fits(in[a]->type.type, given[a]);
        if (fits)
            return 0;
    }
    if (!known)
        return 0;
    struct strbuf sb = STRBUF_INIT;
    sb_printf(&sb, "%s%s%s(", schema ? schema : "", schema ? "." : "", name);
    for (uint32_t a = 0; a < want; a++) {
        if (a)
            sb_adds(&sb, ", ");
        ex_format_type(given[a], -1, &sb);
    }
    sb_adds(&sb, ")");
    sim_error(s, -1, "42883", "function %s does not exist", sb.buf);
    sb_release(&sb);
    return -1;
}

int sim_create_aggregate(struct sim *s, PgQuery__DefineStmt *st)
{
    const char *schema, *name;
    sim_split_name(st->defnames, st->n_defnames, &schema, &name);
    struct cat_schema *sch = sim_creation_schema(s, schema, -1);
    if (!sch)
        return -1;
    struct cat_funcarg *args = NULL;
    uint32_t nargs = 0;
    if (st->n_args && st->args[0]->node_case == PG_QUERY__NODE__NODE_LIST) {
        PgQuery__List *l = st->args[0]->list;
        if (resolve_params(s, l->items, l->n_items, &args, &nargs, false) != 0)
            return -1;
    }
    struct cat_typeref stype = {NULL, -1}, ret = {NULL, -1};
    const char *finalfunc = NULL, *finalschema = NULL;
    PgQuery__TypeName *sfunc = NULL;
    for (size_t i = 0; i < st->n_definition; i++) {
        PgQuery__DefElem *d = st->definition[i]->def_elem;
        if ((strcmp(d->defname, "stype") == 0 || strcmp(d->defname, "stype1") == 0) && d->arg &&
            d->arg->node_case == PG_QUERY__NODE__NODE_TYPE_NAME) {
            struct ex_ctx x;
            ex_ctx_init(&x, s->cat, s->arena, EXK_OTHER);
            if (ex_typename(&x, d->arg->type_name, &stype) != 0)
                return sim_expr_error(s, &x);
        } else if ((strcmp(d->defname, "sfunc") == 0 || strcmp(d->defname, "sfunc1") == 0) &&
                   d->arg && d->arg->node_case == PG_QUERY__NODE__NODE_TYPE_NAME) {
            sfunc = d->arg->type_name;
        } else if (strcmp(d->defname, "finalfunc") == 0 && d->arg) {
            if (d->arg->node_case == PG_QUERY__NODE__NODE_TYPE_NAME && d->arg->type_name->n_names) {
                PgQuery__TypeName *fn = d->arg->type_name;
                finalfunc = nm(fn->names[fn->n_names - 1]);
                /* as written: a qualified name is found whatever the search_path */
                finalschema = fn->n_names == 2 ? nm(fn->names[0]) : NULL;
            }
        }
    }
    ret = stype;
    if (finalfunc) {
        struct cat_func **fs;
        uint32_t n = catalog_find_funcs(s->cat, finalschema, finalfunc, &fs);
        if (n)
            ret = fs[0]->rettype;
        else {
            unsigned first;
            if (pgb_procs_named(finalfunc, &first))
                ret.type = ex_type(pgb_procs[first].rettype);
        }
    }
    if (!stype.type)
        return sim_error(s, -1, "42P13", "aggregate stype must be specified");
    /* a plain aggregate (args = [list, -1]); ordered-set ones and the old
     * BASETYPE syntax pass their inputs differently */
    bool plain = st->n_args == 2 && st->args[1] &&
                 st->args[1]->node_case == PG_QUERY__NODE__NODE_INTEGER &&
                 st->args[1]->integer->ival == -1;
    for (uint32_t i = 0; plain && i < nargs; i++)
        plain = args[i].mode != 'v';
    if (plain && sfunc && check_agg_sfunc(s, sfunc, stype, args, nargs) != 0)
        return -1;
    if (find_same(sch, name, args, nargs)) {
        if (!st->replace)
            return sim_error(s, -1, "42723",
                             "function \"%s\" already exists with same argument types", name);
    }
    struct cat_func *f = find_same(sch, name, args, nargs);
    if (!f)
        f = catalog_add_func(s->cat, sch, name);
    f->prokind = CAT_PROKIND_AGGREGATE;
    f->args = args;
    f->nargs = nargs;
    f->rettype = ret;
    f->language = "internal";
    f->volatility = 'i';
    f->cost = 1;
    f->identity_args = sim_func_identity(s, args, nargs);
    sim_object(s, SIM_CREATED, CAT_FUNC, 0, sch->name, name, NULL, f);
    return 0;
}

/* ---- operators ---- */

/* The operator's function: a function of the model or a builtin taking
 * exactly the operand types. NULL (and *known false) when nothing has that
 * name, which is let through. */
static struct cat_func *oper_function(struct sim *s, PgQuery__TypeName *fn, struct cat_type *left,
                                      struct cat_type *right, struct cat_type **ret, bool *known)
{
    const char *schema = fn->n_names == 2 ? nm(fn->names[0]) : NULL;
    const char *name = fn->n_names ? nm(fn->names[fn->n_names - 1]) : NULL;
    struct cat_type *want[2] = {left ? left : right, right};
    uint32_t nwant = left ? 2 : 1;
    *known = false;
    *ret = NULL;
    if (!name)
        return NULL;
    struct cat_func **fs;
    uint32_t n = catalog_find_funcs(s->cat, schema, name, &fs);
    for (uint32_t i = 0; i < n; i++) {
        *known = true;
        if (fs[i]->nargs != nwant)
            continue;
        bool same = true;
        for (uint32_t a = 0; a < nwant; a++)
            same &= fs[i]->args[a].type.type == want[a];
        if (same) {
            *ret = fs[i]->rettype.type;
            return fs[i];
        }
    }
    if (!schema || strcmp(schema, "pg_catalog") == 0) {
        unsigned first, np = pgb_procs_named(name, &first);
        for (unsigned i = 0; i < np; i++) {
            const struct pgb_proc *p = &pgb_procs[first + i];
            *known = true;
            if (p->nargs != nwant)
                continue;
            bool same = true;
            for (uint32_t a = 0; a < nwant; a++)
                same &= pgb_type(pgb_proc_args[p->args + a]) == want[a];
            if (same) {
                *ret = pgb_type(p->rettype);
                return NULL;
            }
        }
    }
    return NULL;
}

static struct cat_oper *find_oper_in(struct cat_schema *sch, const char *name,
                                     const struct cat_type *left, const struct cat_type *right)
{
    struct cat_vec *v = sch ? hashmap_get(&sch->opers, name) : NULL;
    for (uint32_t i = 0; v && i < v->n; i++) {
        struct cat_oper *o = v->items[i];
        if (!o->obj.dropped && o->left == left && o->right == right)
            return o;
    }
    return NULL;
}

/* CREATE OPERATOR: the operator then resolves in expressions like an
 * extension's (qualified as OPERATOR(schema.op), or along the search_path);
 * its function gives the result type. Operators are not in the schema text. */
int sim_create_operator(struct sim *s, PgQuery__DefineStmt *st)
{
    const char *schema, *name;
    sim_split_name(st->defnames, st->n_defnames, &schema, &name);
    struct cat_schema *sch = sim_creation_schema(s, schema, -1);
    if (!sch)
        return -1;
    struct cat_typeref left = {NULL, -1}, right = {NULL, -1};
    PgQuery__TypeName *fn = NULL;
    for (size_t i = 0; i < st->n_definition; i++) {
        PgQuery__DefElem *d = st->definition[i]->def_elem;
        if (!d->arg || d->arg->node_case != PG_QUERY__NODE__NODE_TYPE_NAME)
            continue;
        struct cat_typeref *tr = strcmp(d->defname, "leftarg") == 0    ? &left
                                 : strcmp(d->defname, "rightarg") == 0 ? &right
                                                                       : NULL;
        if (tr) {
            struct ex_ctx x;
            ex_ctx_init(&x, s->cat, s->arena, EXK_OTHER);
            if (ex_typename(&x, d->arg->type_name, tr) != 0)
                return sim_expr_error(s, &x);
        } else if (strcmp(d->defname, "function") == 0 || strcmp(d->defname, "procedure") == 0)
            fn = d->arg->type_name;
    }
    if (!fn)
        return sim_error(s, -1, "42P13", "operator function must be specified");
    if (!right.type) {
        if (!left.type)
            return sim_error(s, -1, "42P13", "operator argument types must be specified");
        sim_error(s, -1, "42P13", "operator right argument type must be specified");
        return sim_error_detail(s, "Postfix operators are not supported.");
    }
    if (find_oper_in(sch, name, left.type, right.type))
        return sim_error(s, -1, "42723", "operator %s already exists", name);
    struct cat_type *ret;
    bool known;
    struct cat_func *f = oper_function(s, fn, left.type, right.type, &ret, &known);
    if (!ret && known) {
        struct strbuf sb = STRBUF_INIT;
        for (uint32_t a = 0; a < fn->n_names; a++)
            sb_printf(&sb, "%s%s", a ? "." : "", nm(fn->names[a]));
        sb_adds(&sb, "(");
        if (left.type) {
            ex_format_type(left.type, -1, &sb);
            sb_adds(&sb, ", ");
        }
        ex_format_type(right.type, -1, &sb);
        sb_adds(&sb, ")");
        sim_error(s, -1, "42883", "function %s does not exist", sb.buf);
        sb_release(&sb);
        return -1;
    }
    struct catalog *c = s->cat;
    struct cat_oper *o = arena_alloc(c->arena, sizeof *o);
    o->obj.kind = CAT_OPER;
    o->obj.id = catalog_next_id(c);
    o->schema = sch;
    o->name = arena_strdup(c->arena, name);
    o->kind = left.type ? 'b' : 'l';
    o->left = left.type;
    o->right = right.type;
    o->result = ret;
    if (!f) {
        /* a builtin function (or one the model does not know) */
        f = arena_alloc(c->arena, sizeof *f);
        f->volatility = 'i';
        f->obj.builtin = true;
        f->name = o->name;
        f->schema = sch;
    } else {
        catalog_add_dep(c, &o->obj, 0, CAT_ROLE_OBJECT, &f->obj, 0, CAT_DEP_NORMAL);
    }
    o->func = f;
    struct cat_type *types[2] = {left.type, right.type};
    for (int i = 0; i < 2; i++)
        if (types[i] && !types[i]->obj.builtin)
            catalog_add_dep(c, &o->obj, 0, CAT_ROLE_OBJECT, &types[i]->obj, 0, CAT_DEP_NORMAL);
    struct cat_vec *v = hashmap_get(&sch->opers, o->name);
    if (!v) {
        v = arena_alloc(c->arena, sizeof *v);
        catalog_map_put(c, &sch->opers, o->name, v);
    }
    catalog_vec_push(c, v, o);
    return 0;
}

/* DROP OPERATOR name (left | NONE, right) */
static int drop_operators(struct sim *s, PgQuery__DropStmt *st)
{
    bool cascade = st->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE;
    for (size_t i = 0; i < st->n_objects; i++) {
        if (st->objects[i]->node_case != PG_QUERY__NODE__NODE_OBJECT_WITH_ARGS)
            continue;
        PgQuery__ObjectWithArgs *owa = st->objects[i]->object_with_args;
        const char *schema, *name;
        sim_split_name(owa->objname, owa->n_objname, &schema, &name);
        struct cat_type *types[2] = {NULL, NULL};
        for (size_t a = 0; a < owa->n_objargs && a < 2; a++) {
            PgQuery__Node *tn = owa->objargs[a];
            if (tn->node_case != PG_QUERY__NODE__NODE_TYPE_NAME)
                continue;
            struct cat_typeref tr;
            struct ex_ctx x;
            ex_ctx_init(&x, s->cat, s->arena, EXK_OTHER);
            if (ex_typename(&x, tn->type_name, &tr) != 0)
                return sim_expr_error(s, &x);
            types[a] = tr.type;
        }
        struct cat_oper *o = NULL;
        if (schema) {
            struct cat_schema *sch = catalog_find_schema(s->cat, schema);
            if (!sch && !st->missing_ok)
                return sim_error(s, -1, "3F000", "schema \"%s\" does not exist", schema);
            o = find_oper_in(sch, name, types[0], types[1]);
        } else {
            for (const char **p = s->cat->search_path; *p && !o; p++)
                o = find_oper_in(catalog_find_schema(s->cat, *p), name, types[0], types[1]);
        }
        if (!o) {
            /* a builtin operator, or one this model does not know: nothing to do */
            bool builtin = false;
            unsigned first, n = pgb_opers_named(name ? name : "", &first);
            for (unsigned k = 0; k < n && !builtin && (!schema || !strcmp(schema, "pg_catalog"));
                 k++)
                builtin = pgb_type(pgb_opers[first + k].left) == types[0] &&
                          pgb_type(pgb_opers[first + k].right) == types[1];
            if (builtin)
                return sim_error(s, -1, "2BP01",
                                 "cannot drop operator %s because it is required by the "
                                 "database system",
                                 name);
            s->eff->simulated = false;
            s->eff->not_simulated = "an operator the simulation does not know";
            continue;
        }
        if (sim_drop(s, &o->obj, cascade, -1) != 0)
            return -1;
    }
    return 0;
}

/* ---- views ---- */

int sim_create_view(struct sim *s, PgQuery__ViewStmt *st)
{
    struct cat_schema *sch = sim_schema_of(s, st->view, true);
    if (!sch)
        return -1;
    struct ex_ctx x;
    ex_ctx_init(&x, s->cat, s->arena, EXK_SELECT);
    struct ex_deps deps = {0};
    x.deps = &deps;
    struct ex_query q;
    if (ex_analyze_select(&x, st->query, &q) != 0)
        return sim_expr_error(s, &x);
    if (st->n_aliases > q.ncols)
        return sim_error(s, -1, "42601", "CREATE VIEW specifies more column names than columns");
    const char **names = arena_alloc(s->arena, sizeof *names * (q.ncols + 1));
    for (uint32_t i = 0; i < q.ncols; i++) {
        names[i] = i < st->n_aliases ? nm(st->aliases[i]) : q.names[i];
        for (uint32_t k = 0; k < i; k++)
            if (strcmp(names[k], names[i]) == 0)
                return sim_error(s, -1, "42701", "column \"%s\" specified more than once",
                                 names[i]);
        if (q.types[i].type && q.types[i].type->oid == PGB_UNKNOWN)
            q.types[i].type = ex_type(PGB_TEXT);
    }
    const char *name = st->view->relname;
    struct cat_rel *old = hashmap_get(&sch->rels, name);
    struct catalog *c = s->cat;
    const char **opts = sim_reloptions(s, NULL, st->options, st->n_options, false);
    if (st->with_check_option == PG_QUERY__VIEW_CHECK_OPTION__LOCAL_CHECK_OPTION ||
        st->with_check_option == PG_QUERY__VIEW_CHECK_OPTION__CASCADED_CHECK_OPTION) {
        size_t n = 0;
        while (opts && opts[n])
            n++;
        const char **nv = arena_alloc(s->arena, sizeof *nv * (n + 2));
        size_t k = 0;
        for (size_t i = 0; i < n; i++)
            if (strncmp(opts[i], "check_option=", 13) != 0)
                nv[k++] = opts[i];
        nv[k++] = st->with_check_option == PG_QUERY__VIEW_CHECK_OPTION__LOCAL_CHECK_OPTION
                      ? "check_option=local"
                      : "check_option=cascaded";
        nv[k] = NULL;
        for (size_t i = 1; i < k; i++)
            for (size_t j = i; j > 0 && strcmp(nv[j - 1], nv[j]) > 0; j--) {
                const char *t = nv[j];
                nv[j] = nv[j - 1];
                nv[j - 1] = t;
            }
        opts = nv;
    }
    if (old) {
        if (!st->replace)
            return sim_error(s, -1, "42P07", "relation \"%s\" already exists", name);
        if (old->relkind != CAT_RELKIND_VIEW)
            return sim_error(s, -1, "42809", "\"%s\" is not a view", name);
        struct cat_column **cols;
        uint32_t nold = catalog_columns(old, &cols, s->arena);
        if (q.ncols < nold)
            return sim_error(s, -1, "42P16", "cannot drop columns from view");
        for (uint32_t i = 0; i < nold; i++) {
            if (strcmp(cols[i]->name, names[i]) != 0) {
                sim_error(s, -1, "42P16", "cannot change name of view column \"%s\" to \"%s\"",
                          cols[i]->name, names[i]);
                return sim_error_hint(
                    s,
                    "Use ALTER VIEW ... RENAME COLUMN ... to change name of view column instead.");
            }
            if (cols[i]->type.type != q.types[i].type ||
                cols[i]->type.typmod != q.types[i].typmod) {
                struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
                ex_format_type(cols[i]->type.type, cols[i]->type.typmod, &a);
                ex_format_type(q.types[i].type, q.types[i].typmod, &b);
                sim_error(s, -1, "42P16",
                          "cannot change data type of view column \"%s\" from %s to %s",
                          cols[i]->name, a.buf, b.buf);
                sb_release(&a);
                sb_release(&b);
                return -1;
            }
        }
        for (uint32_t i = nold; i < q.ncols; i++) {
            struct cat_column *col = catalog_add_column(c, old, names[i], q.types[i]);
            sim_column_type_dep(s, col);
        }
        catalog_kill_deps(c, &old->obj, 0, CAT_ROLE_OBJECT);
        sim_add_deps(s, &old->obj, 0, CAT_ROLE_OBJECT, &deps, CAT_DEP_NORMAL);
        CAT_SET(c, old->reloptions, opts);
        sim_lock_rel(s, old, SIM_ACCESS_EXCLUSIVE);
        sim_object(s, SIM_ALTERED, CAT_REL, CAT_RELKIND_VIEW, sch->name, name, NULL, old);
        return 0;
    }
    struct cat_type *clash = hashmap_get(&sch->types, name);
    if (clash && !(clash->category == 'A' && clash->elem))
        return sim_error(s, -1, "42710", "type \"%s\" already exists", name);
    struct cat_rel *r = catalog_add_rel(c, sch, name, CAT_RELKIND_VIEW);
    r->persistence =
        st->view->relpersistence && st->view->relpersistence[0] ? st->view->relpersistence[0] : 'p';
    for (uint32_t i = 0; i < q.ncols; i++) {
        struct cat_column *col = catalog_add_column(c, r, names[i], q.types[i]);
        sim_column_type_dep(s, col);
    }
    r->reloptions = opts;
    sim_make_rowtype(s, r);
    sim_add_deps(s, &r->obj, 0, CAT_ROLE_OBJECT, &deps, CAT_DEP_NORMAL);
    sim_mark_created(s, r);
    sim_object(s, SIM_CREATED, CAT_REL, CAT_RELKIND_VIEW, sch->name, name, NULL, r);
    return 0;
}

/* ---- triggers ---- */

void sim_clone_trigger(struct sim *s, struct cat_rel *part, struct cat_trigger *t)
{
    struct cat_trigger *c = catalog_add_trigger(s->cat, part, t->name);
    c->tgtype = t->tgtype;
    c->func = t->func;
    c->args = t->args;
    c->nargs = t->nargs;
    c->nupdate_cols = t->nupdate_cols;
    c->update_cols = arena_alloc(s->arena, sizeof *c->update_cols * (t->nupdate_cols + 1));
    for (uint32_t i = 0; i < t->nupdate_cols; i++) {
        struct cat_column *pc = catalog_column_by_attnum(t->rel, t->update_cols[i]);
        struct cat_column *cc = pc ? catalog_find_column(part, pc->name) : NULL;
        c->update_cols[i] = cc ? cc->attnum : 0;
    }
    c->when = sim_copy_expr(s, t->when, t->rel, part, NULL);
    c->enabled = t->enabled;
    c->constraint = t->constraint;
    c->deferrable = t->deferrable;
    c->deferred = t->deferred;
    c->old_table = t->old_table;
    c->new_table = t->new_table;
    c->parent = t;
    catalog_add_dep(s->cat, &c->obj, 0, CAT_ROLE_OBJECT, &part->obj, 0, CAT_DEP_AUTO);
    catalog_add_dep(s->cat, &c->obj, 0, CAT_ROLE_OBJECT, &t->obj, 0, CAT_DEP_INTERNAL);
    if (part->relkind == CAT_RELKIND_PARTITIONED)
        for (uint32_t i = 0; i < part->partitions.n; i++) {
            struct cat_rel *sub = part->partitions.items[i];
            if (!sub->obj.dropped)
                sim_clone_trigger(s, sub, c);
        }
}

struct oldnew {
    bool *o, *n;
};

static void oldnew_cb(struct cat_expr *e, void *arg)
{
    struct oldnew *w = arg;
    if (e->kind == EX_VAR && e->varno == 1)
        *w->o = true;
    if (e->kind == EX_VAR && e->varno == 2)
        *w->n = true;
}

int sim_create_trigger(struct sim *s, PgQuery__CreateTrigStmt *st)
{
    struct cat_rel *r = sim_find_rel(s, st->relation, false);
    if (!r)
        return -1;
    bool view = r->relkind == CAT_RELKIND_VIEW;
    bool instead = st->timing & CAT_TRIGGER_INSTEAD;
    if (!sim_rel_is_table(r) && !view && r->relkind != CAT_RELKIND_FOREIGN) {
        sim_error(s, -1, "42809", "relation \"%s\" cannot have triggers", r->name);
        return sim_error_detail(s,
                                arena_printf(s->arena, "This operation is not supported for %ss.",
                                             catalog_relkind_name(r->relkind)));
    }
    if (view && !instead && st->row) {
        sim_error(s, -1, "42809", "\"%s\" is a view", r->name);
        return sim_error_detail(s, "Views cannot have row-level BEFORE or AFTER triggers.");
    }
    if (!view && instead) {
        sim_error(s, -1, "42809", "\"%s\" is a table", r->name);
        return sim_error_detail(s, "Tables cannot have INSTEAD OF triggers.");
    }
    if (instead && !st->row)
        return sim_error(s, -1, "0A000", "INSTEAD OF triggers must be FOR EACH ROW");
    if ((st->events & CAT_TRIGGER_TRUNCATE) && st->row)
        return sim_error(s, -1, "0A000", "TRUNCATE FOR EACH ROW triggers are not supported");
    struct cat_trigger *old = catalog_find_trigger(r, st->trigname);
    if (old && !st->replace)
        return sim_error(s, -1, "42710", "trigger \"%s\" for relation \"%s\" already exists",
                         st->trigname, r->name);
    const char *fschema, *fname;
    sim_split_name(st->funcname, st->n_funcname, &fschema, &fname);
    struct cat_func **fs;
    uint32_t nf = catalog_find_funcs(s->cat, fschema, fname, &fs);
    struct cat_func *f = NULL;
    for (uint32_t i = 0; i < nf; i++) {
        uint32_t nin = 0;
        for (uint32_t k = 0; k < fs[i]->nargs; k++)
            nin += input_mode(fs[i]->args[k].mode);
        if (nin == 0 && fs[i]->prokind != CAT_PROKIND_PROCEDURE)
            f = fs[i];
    }
    if (!f) {
        if (fschema)
            return sim_error(s, -1, "42883", "function %s.%s() does not exist", fschema, fname);
        return sim_error(s, -1, "42883", "function %s() does not exist", fname);
    }
    if (!f->rettype.type || f->rettype.type->oid != PGB_TRIGGER)
        return sim_error(s, -1, "42P17", "function %s must return type trigger", f->name);
    uint16_t tgtype = (uint16_t)(st->row ? CAT_TRIGGER_ROW : 0);
    tgtype |= (uint16_t)(st->timing & (CAT_TRIGGER_BEFORE | CAT_TRIGGER_INSTEAD));
    tgtype |= (uint16_t)(st->events & (CAT_TRIGGER_INSERT | CAT_TRIGGER_DELETE |
                                       CAT_TRIGGER_UPDATE | CAT_TRIGGER_TRUNCATE));
    /* UPDATE OF columns */
    int16_t *cols = arena_alloc(s->arena, sizeof *cols * (st->n_columns + 1));
    for (size_t i = 0; i < st->n_columns; i++) {
        const char *cn = nm(st->columns[i]);
        struct cat_column *col = cn ? catalog_find_column(r, cn) : NULL;
        if (!col)
            return sim_error(s, -1, "42703", "column \"%s\" of relation \"%s\" does not exist",
                             cn ? cn : "?", r->name);
        cols[i] = col->attnum;
    }
    struct cat_expr *when = NULL;
    struct ex_deps wdeps = {0};
    if (st->when_clause) {
        if (!st->row) {
            /* statement triggers: WHEN may not reference columns */
        }
        struct ex_ctx x;
        ex_ctx_init(&x, s->cat, s->arena, EXK_TRIGGER_WHEN);
        struct ex_scope *sc = arena_alloc(s->arena, sizeof *sc);
        struct ex_rte *o = ex_rte_for_rel(s->arena, r, "old");
        struct ex_rte *n = ex_rte_for_rel(s->arena, r, "new");
        o->in_join_scope = n->in_join_scope = false;
        ex_scope_add(s->arena, sc, o);
        ex_scope_add(s->arena, sc, n);
        x.scope = sc;
        x.deps = &wdeps;
        when = ex_coerce_bool(&x, ex_analyze(&x, st->when_clause), "WHEN");
        if (!when)
            return sim_expr_error(s, &x);
        /* which of OLD/NEW the condition reads */
        bool uses_old = false, uses_new = false;
        struct oldnew w = {&uses_old, &uses_new};
        ex_walk(when, oldnew_cb, &w);
        if (!st->row && (uses_old || uses_new))
            return sim_error(s, -1, "42P17",
                             "statement trigger's WHEN condition cannot reference column values");
        if ((st->events & CAT_TRIGGER_INSERT) && uses_old)
            return sim_error(s, -1, "42P17",
                             "INSERT trigger's WHEN condition cannot reference OLD values");
        if ((st->events & CAT_TRIGGER_DELETE) && uses_new)
            return sim_error(s, -1, "42P17",
                             "DELETE trigger's WHEN condition cannot reference NEW values");
        if (instead)
            return sim_error(s, -1, "0A000", "INSTEAD OF triggers cannot have WHEN conditions");
    }
    struct catalog *c = s->cat;
    struct cat_trigger *t;
    if (old) {
        if (old->constraint != (bool)st->isconstraint)
            return sim_error(s, -1, "42710",
                             "trigger \"%s\" for relation \"%s\" is a constraint trigger",
                             st->trigname, r->name);
        t = old;
        catalog_kill_deps(c, &t->obj, -1, -1);
        catalog_add_dep(c, &t->obj, 0, CAT_ROLE_OBJECT, &r->obj, 0, CAT_DEP_AUTO);
    } else {
        t = catalog_add_trigger(c, r, st->trigname);
        catalog_add_dep(c, &t->obj, 0, CAT_ROLE_OBJECT, &r->obj, 0, CAT_DEP_AUTO);
    }
    CAT_SET(c, t->tgtype, tgtype);
    CAT_SET(c, t->func, f);
    const char **args = arena_alloc(s->arena, sizeof *args * (st->n_args + 1));
    for (size_t i = 0; i < st->n_args; i++) {
        PgQuery__Node *a = st->args[i];
        if (a->node_case == PG_QUERY__NODE__NODE_STRING)
            args[i] = a->string->sval;
        else if (a->node_case == PG_QUERY__NODE__NODE_INTEGER)
            args[i] = arena_printf(s->arena, "%d", a->integer->ival);
        else if (a->node_case == PG_QUERY__NODE__NODE_FLOAT)
            args[i] = a->float_->fval;
        else
            args[i] = "";
    }
    CAT_SET(c, t->args, args);
    CAT_SET(c, t->nargs, (uint32_t)st->n_args);
    CAT_SET(c, t->update_cols, cols);
    CAT_SET(c, t->nupdate_cols, (uint32_t)st->n_columns);
    CAT_SET(c, t->when, when);
    CAT_SET(c, t->constraint, st->isconstraint);
    CAT_SET(c, t->deferrable, st->deferrable);
    CAT_SET(c, t->deferred, st->initdeferred);
    for (size_t i = 0; i < st->n_transition_rels; i++) {
        PgQuery__TriggerTransition *tt = st->transition_rels[i]->trigger_transition;
        if (tt->is_new)
            CAT_SET(c, t->new_table, tt->name);
        else
            CAT_SET(c, t->old_table, tt->name);
    }
    catalog_add_dep(c, &t->obj, 0, CAT_ROLE_OBJECT, &f->obj, 0, CAT_DEP_NORMAL);
    for (size_t i = 0; i < st->n_columns; i++)
        catalog_add_dep(c, &t->obj, 0, CAT_ROLE_OBJECT, &r->obj, cols[i], CAT_DEP_NORMAL);
    for (uint32_t i = 0; i < wdeps.nrels; i++)
        catalog_add_dep(c, &t->obj, 0, CAT_ROLE_OBJECT, &wdeps.rels[i]->obj, wdeps.attnums[i],
                        CAT_DEP_NORMAL);
    if (st->row && r->relkind == CAT_RELKIND_PARTITIONED && !old)
        for (uint32_t i = 0; i < r->partitions.n; i++) {
            struct cat_rel *part = r->partitions.items[i];
            if (!part->obj.dropped)
                sim_clone_trigger(s, part, t);
        }
    sim_lock_rel(s, r, SIM_SHARE_ROW_EXCLUSIVE);
    sim_object(s, old ? SIM_ALTERED : SIM_CREATED, CAT_TRIGGER, 0, r->schema->name, t->name,
               r->name, t);
    return 0;
}

/* ---- policies ---- */

static int policy_roles(struct sim *s, PgQuery__Node **roles, size_t n, struct cat_policy *p)
{
    const char **v = arena_alloc(s->arena, sizeof *v * (n + 1));
    uint32_t k = 0;
    for (size_t i = 0; i < n; i++) {
        PgQuery__RoleSpec *rs = roles[i]->role_spec;
        const char *name;
        switch (rs->roletype) {
        case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_PUBLIC:
            name = "public";
            break;
        case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_CSTRING:
            name = rs->rolename;
            break;
        default:
            name = "postgres"; /* CURRENT_USER etc.: the applying role */
        }
        v[k++] = name; /* PostgreSQL keeps duplicates (TO postgres, CURRENT_USER) */
    }
    if (n == 0)
        v[k++] = "public";
    /* PUBLIC with other roles: PostgreSQL keeps only PUBLIC */
    for (uint32_t j = 0; j < k; j++)
        if (strcmp(v[j], "public") == 0) {
            v[0] = "public";
            k = 1;
        }
    for (uint32_t a = 1; a < k; a++)
        for (uint32_t b = a; b > 0 && strcmp(v[b - 1], v[b]) > 0; b--) {
            const char *t = v[b];
            v[b] = v[b - 1];
            v[b - 1] = t;
        }
    CAT_SET(s->cat, p->roles, v);
    CAT_SET(s->cat, p->nroles, k);
    return 0;
}

static struct cat_expr *policy_expr(struct sim *s, struct cat_rel *r, PgQuery__Node *n,
                                    struct ex_deps *deps)
{
    struct ex_ctx x;
    ex_ctx_init(&x, s->cat, s->arena, EXK_POLICY);
    x.scope = ex_scope_for_rel(s->arena, r, NULL);
    x.deps = deps;
    struct cat_expr *e = ex_coerce_bool(&x, ex_analyze(&x, n), "POLICY");
    if (!e)
        sim_expr_error(s, &x);
    return e;
}

static void policy_deps(struct sim *s, struct cat_policy *p, struct ex_deps *d)
{
    catalog_kill_deps(s->cat, &p->obj, -1, -1);
    catalog_add_dep(s->cat, &p->obj, 0, CAT_ROLE_OBJECT, &p->rel->obj, 0, CAT_DEP_AUTO);
    for (uint32_t i = 0; i < d->nrels; i++)
        catalog_add_dep(s->cat, &p->obj, 0, CAT_ROLE_OBJECT, &d->rels[i]->obj, d->attnums[i],
                        d->rels[i] == p->rel && d->attnums[i] == 0 ? CAT_DEP_AUTO : CAT_DEP_NORMAL);
    for (uint32_t i = 0; i < d->nfuncs; i++)
        catalog_add_dep(s->cat, &p->obj, 0, CAT_ROLE_OBJECT, &d->funcs[i]->obj, 0, CAT_DEP_NORMAL);
}

int sim_create_policy(struct sim *s, PgQuery__CreatePolicyStmt *st)
{
    struct cat_rel *r = sim_find_rel(s, st->table, false);
    if (!r)
        return -1;
    if (!sim_rel_is_table(r) && r->relkind != CAT_RELKIND_FOREIGN)
        return sim_error(s, -1, "42809", "\"%s\" is not a table", r->name);
    if (catalog_find_policy(r, st->policy_name))
        return sim_error(s, -1, "42710", "policy \"%s\" for table \"%s\" already exists",
                         st->policy_name, r->name);
    const char *cmdn = st->cmd_name ? st->cmd_name : "all";
    char cmd = strcmp(cmdn, "select") == 0   ? 'r'
               : strcmp(cmdn, "insert") == 0 ? 'a'
               : strcmp(cmdn, "update") == 0 ? 'w'
               : strcmp(cmdn, "delete") == 0 ? 'd'
                                             : '*';
    if ((cmd == 'r' || cmd == 'd') && st->with_check)
        return sim_error(s, -1, "42601", "WITH CHECK cannot be applied to SELECT or DELETE");
    if (cmd == 'a' && st->qual)
        return sim_error(s, -1, "42601", "only WITH CHECK expression allowed for INSERT");
    struct ex_deps d = {0};
    struct cat_expr *qual = NULL, *wc = NULL;
    if (st->qual && !(qual = policy_expr(s, r, st->qual, &d)))
        return -1;
    if (st->with_check && !(wc = policy_expr(s, r, st->with_check, &d)))
        return -1;
    struct cat_policy *p = catalog_add_policy(s->cat, r, st->policy_name);
    p->cmd = cmd;
    p->permissive = st->permissive;
    p->qual = qual;
    p->with_check = wc;
    policy_roles(s, st->roles, st->n_roles, p);
    policy_deps(s, p, &d);
    sim_lock_rel(s, r, SIM_ACCESS_EXCLUSIVE);
    sim_object(s, SIM_CREATED, CAT_POLICY, 0, r->schema->name, p->name, r->name, p);
    return 0;
}

int sim_alter_policy(struct sim *s, PgQuery__AlterPolicyStmt *st)
{
    struct cat_rel *r = sim_find_rel(s, st->table, false);
    if (!r)
        return -1;
    struct cat_policy *p = catalog_find_policy(r, st->policy_name);
    if (!p)
        return sim_error(s, -1, "42704", "policy \"%s\" for table \"%s\" does not exist",
                         st->policy_name, r->name);
    if ((p->cmd == 'r' || p->cmd == 'd') && st->with_check)
        return sim_error(s, -1, "42601", "only USING expression allowed for SELECT, DELETE");
    if (p->cmd == 'a' && st->qual)
        return sim_error(s, -1, "42601", "only WITH CHECK expression allowed for INSERT");
    struct ex_deps d = {0};
    struct cat_expr *qual = p->qual, *wc = p->with_check;
    if (st->qual && !(qual = policy_expr(s, r, st->qual, &d)))
        return -1;
    if (st->with_check && !(wc = policy_expr(s, r, st->with_check, &d)))
        return -1;
    if (!st->qual && qual)
        ex_collect_deps(qual, &d, s->arena);
    if (!st->with_check && wc)
        ex_collect_deps(wc, &d, s->arena);
    CAT_SET(s->cat, p->qual, qual);
    CAT_SET(s->cat, p->with_check, wc);
    if (st->n_roles)
        policy_roles(s, st->roles, st->n_roles, p);
    policy_deps(s, p, &d);
    sim_lock_rel(s, r, SIM_ACCESS_EXCLUSIVE);
    sim_object(s, SIM_ALTERED, CAT_POLICY, 0, r->schema->name, p->name, r->name, p);
    return 0;
}

/* ---- extensions ---- */

static int install_extension(struct sim *s, const char *name, const char *schema, bool cascade,
                             int depth)
{
    if (catalog_find_extension(s->cat, name))
        return 0;
    if (!sim_ext_known(name))
        return sim_error(
            s, -1, "58P01",
            "could not open extension control file "
            "\"/usr/share/postgresql/15/extension/%s.control\": No such file or directory",
            name);
    const char *req = sim_ext_requires(s->arena, name);
    if (req && !catalog_find_extension(s->cat, req)) {
        if (!cascade) {
            sim_error(s, -1, "42704", "required extension \"%s\" is not installed", req);
            return sim_error_hint(
                s, "Use CREATE EXTENSION ... CASCADE to install required extensions too.");
        }
        if (depth > 8 || install_extension(s, req, schema, true, depth + 1) != 0)
            return -1;
    }
    const char *fixed = sim_ext_fixed_schema(s->arena, name);
    struct cat_schema *sch =
        fixed ? catalog_find_schema(s->cat, fixed) : sim_creation_schema(s, schema, -1);
    if (!sch)
        return -1;
    struct cat_extension *e = catalog_add_extension(s->cat, name, sch);
    if (sim_ext_install(s, name, sch, e) != 0)
        return sim_error(s, -1, "58P01", "could not install extension \"%s\"", name);
    sim_object(s, SIM_CREATED, CAT_EXTENSION, 0, sch->name, name, NULL, e);
    return 0;
}

int sim_create_extension(struct sim *s, PgQuery__CreateExtensionStmt *st)
{
    if (catalog_find_extension(s->cat, st->extname)) {
        if (st->if_not_exists) {
            sim_notice(s);
            return 0;
        }
        return sim_error(s, -1, "42710", "extension \"%s\" already exists", st->extname);
    }
    const char *schema = NULL;
    bool cascade = false;
    for (size_t i = 0; i < st->n_options; i++) {
        PgQuery__DefElem *d = st->options[i]->def_elem;
        if (strcmp(d->defname, "schema") == 0)
            schema = nm(d->arg);
        else if (strcmp(d->defname, "cascade") == 0)
            cascade = !d->arg || (d->arg->node_case == PG_QUERY__NODE__NODE_BOOLEAN &&
                                  d->arg->boolean->boolval);
    }
    if (schema && !catalog_find_schema(s->cat, schema))
        return sim_error(s, -1, "3F000", "schema \"%s\" does not exist", schema);
    return install_extension(s, st->extname, schema, cascade, 0);
}

/* ---- DROP ---- */

static bool rel_kind_ok(int objtype, char relkind)
{
    switch (objtype) {
    case PG_QUERY__OBJECT_TYPE__OBJECT_VIEW:
        return relkind == CAT_RELKIND_VIEW;
    case PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW:
        return relkind == CAT_RELKIND_MATVIEW;
    case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX:
        return relkind == CAT_RELKIND_INDEX || relkind == CAT_RELKIND_PARTITIONED_INDEX;
    case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE:
        return relkind == CAT_RELKIND_SEQUENCE;
    case PG_QUERY__OBJECT_TYPE__OBJECT_FOREIGN_TABLE:
        return relkind == CAT_RELKIND_FOREIGN;
    default:
        return relkind == CAT_RELKIND_TABLE || relkind == CAT_RELKIND_PARTITIONED;
    }
}

static const char *drop_hint(char relkind)
{
    switch (relkind) {
    case CAT_RELKIND_VIEW:
        return "Use DROP VIEW to remove a view.";
    case CAT_RELKIND_MATVIEW:
        return "Use DROP MATERIALIZED VIEW to remove a materialized view.";
    case CAT_RELKIND_INDEX:
    case CAT_RELKIND_PARTITIONED_INDEX:
        return "Use DROP INDEX to remove an index.";
    case CAT_RELKIND_SEQUENCE:
        return "Use DROP SEQUENCE to remove a sequence.";
    case CAT_RELKIND_COMPOSITE:
        return "Use DROP TYPE to remove a type.";
    default:
        return "Use DROP TABLE to remove a table.";
    }
}

static int drop_relations(struct sim *s, PgQuery__DropStmt *st)
{
    bool cascade = st->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE;
    const char *word = sim_objtype_word(st->remove_type);
    if (st->concurrent) {
        if (s->in_tx)
            return sim_error(s, -1, "25001",
                             "DROP INDEX CONCURRENTLY cannot run inside a transaction block");
        if (st->n_objects > 1)
            return sim_error(s, -1, "0A000",
                             "DROP INDEX CONCURRENTLY does not support dropping multiple objects");
        if (cascade)
            return sim_error(s, -1, "0A000", "DROP INDEX CONCURRENTLY does not support CASCADE");
        s->eff->concurrently = true;
    }
    for (size_t i = 0; i < st->n_objects; i++) {
        PgQuery__Node *o = st->objects[i];
        if (o->node_case != PG_QUERY__NODE__NODE_LIST)
            continue;
        const char *schema, *name;
        sim_split_name(o->list->items, o->list->n_items, &schema, &name);
        if (schema && !catalog_find_schema(s->cat, schema)) {
            if (st->missing_ok) {
                sim_notice(s);
                continue;
            }
            return sim_error(s, -1, "3F000", "schema \"%s\" does not exist", schema);
        }
        struct cat_rel *r = catalog_find_rel(s->cat, schema, name);
        if (!r && !schema) {
            struct cat_schema *t = catalog_find_schema(s->cat, "pg_temp");
            if (t)
                r = hashmap_get(&t->rels, name);
        }
        if (!r) {
            if (st->missing_ok) {
                sim_notice(s);
                continue;
            }
            /* a missing index is an undefined object, the others undefined tables */
            const char *code =
                st->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_INDEX ? "42704" : "42P01";
            if (schema)
                return sim_error(s, -1, code, "%s \"%s.%s\" does not exist", word, schema, name);
            return sim_error(s, -1, code, "%s \"%s\" does not exist", word, name);
        }
        if (!rel_kind_ok(st->remove_type, r->relkind)) {
            sim_error(s, -1, "42809", "\"%s\" is not a%s %s", r->name,
                      st->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_INDEX ? "n" : "", word);
            return sim_error_hint(s, drop_hint(r->relkind));
        }
        if (st->concurrent && r->relkind == CAT_RELKIND_PARTITIONED_INDEX)
            return sim_error(s, -1, "0A000", "cannot drop partitioned index \"%s\" concurrently",
                             r->name);
        if (r->relkind == CAT_RELKIND_INDEX && r->index && r->index->parent &&
            !r->index->parent->obj.dropped) {
            sim_error(s, -1, "2BP01", "cannot drop index %s because index %s requires it", r->name,
                      r->index->parent->name);
            return sim_error_hint(s, arena_printf(s->arena, "You can drop index %s instead.",
                                                  r->index->parent->name));
        }
        struct cat_rel *table = r->index ? r->index->table : NULL;
        if (sim_drop(s, &r->obj, cascade, -1) != 0)
            return -1;
        if (table)
            sim_lock_rel(s, table,
                         st->concurrent ? SIM_SHARE_UPDATE_EXCLUSIVE : SIM_ACCESS_EXCLUSIVE);
        else
            sim_lock_rel(s, r, SIM_ACCESS_EXCLUSIVE);
    }
    return 0;
}

static int drop_types(struct sim *s, PgQuery__DropStmt *st)
{
    bool cascade = st->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE;
    bool domain = st->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN;
    for (size_t i = 0; i < st->n_objects; i++) {
        PgQuery__Node *o = st->objects[i];
        PgQuery__TypeName *tn =
            o->node_case == PG_QUERY__NODE__NODE_TYPE_NAME ? o->type_name : NULL;
        if (!tn)
            continue;
        const char *schema, *name;
        sim_split_name(tn->names, tn->n_names, &schema, &name);
        struct cat_type *t = NULL;
        if (schema && !catalog_find_schema(s->cat, schema)) {
            if (st->missing_ok) {
                sim_notice(s);
                continue;
            }
            return sim_error(s, -1, "3F000", "schema \"%s\" does not exist", schema);
        }
        t = catalog_find_type(s->cat, schema, name);
        if (!t) {
            if (st->missing_ok) {
                sim_notice(s);
                continue;
            }
            return sim_error(s, -1, "42704", "type \"%s\" does not exist", name);
        }
        if (t->obj.builtin)
            return sim_error(s, -1, "2BP01",
                             "cannot drop type %s because it is required by the database system",
                             name);
        if (domain && t->typtype != CAT_TYPE_DOMAIN)
            return sim_error(s, -1, "42809", "\"%s\" is not a domain", name);
        if (t->rel && t->rel->relkind != CAT_RELKIND_COMPOSITE) {
            sim_error(s, -1, "2BP01", "cannot drop type %s because %s %s requires it", name,
                      catalog_relkind_name(t->rel->relkind), t->rel->name);
            return sim_error_hint(s, arena_printf(s->arena, "You can drop %s %s instead.",
                                                  catalog_relkind_name(t->rel->relkind),
                                                  t->rel->name));
        }
        if (t->category == 'A' && t->elem && !t->elem->obj.dropped) {
            sim_error(s, -1, "2BP01", "cannot drop type %s because type %s requires it", name,
                      t->elem->name);
            return sim_error_hint(
                s, arena_printf(s->arena, "You can drop type %s instead.", t->elem->name));
        }
        /* composite types: drop the pg_class entry with it */
        struct cat_obj *target = &t->obj;
        if (t->rel && t->rel->relkind == CAT_RELKIND_COMPOSITE) {
            /* dependents of the type are dependents of the composite */
            if (sim_drop(s, target, cascade, -1) != 0)
                return -1;
            catalog_drop_obj(s->cat, &t->rel->obj);
            continue;
        }
        if (sim_drop(s, target, cascade, -1) != 0)
            return -1;
    }
    return 0;
}

static int drop_functions(struct sim *s, PgQuery__DropStmt *st)
{
    bool cascade = st->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE;
    for (size_t i = 0; i < st->n_objects; i++) {
        PgQuery__ObjectWithArgs *owa = st->objects[i]->object_with_args;
        struct cat_func *f = sim_find_function(s, owa, st->missing_ok, st->remove_type);
        if (!f) {
            if (s->eff->sqlstate)
                return -1;
            sim_notice(s);
            continue;
        }
        if (sim_drop(s, &f->obj, cascade, -1) != 0)
            return -1;
    }
    return 0;
}

static int drop_schemas(struct sim *s, PgQuery__DropStmt *st)
{
    bool cascade = st->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE;
    for (size_t i = 0; i < st->n_objects; i++) {
        const char *name = nm(st->objects[i]);
        struct cat_schema *sch = name ? catalog_find_schema(s->cat, name) : NULL;
        if (!sch) {
            if (st->missing_ok) {
                sim_notice(s);
                continue;
            }
            return sim_error(s, -1, "3F000", "schema \"%s\" does not exist", name ? name : "?");
        }
        if (sch == s->cat->pg_catalog)
            return sim_error(s, -1, "2BP01",
                             "cannot drop schema %s because it is required by the database system",
                             name);
        /* collect the objects in the schema */
        struct strbuf detail = STRBUF_INIT;
        uint32_t n = 0;
        struct cat_vec objs = {0};
        const char *key;
        void *v;
        for (uint32_t it = 0; hashmap_next(&sch->rels, &it, &key, &v);) {
            struct cat_rel *r = v;
            if (r->obj.dropped || r->index || (r->seq && r->seq->owned_rel) ||
                r->relkind == CAT_RELKIND_COMPOSITE)
                continue;
            sim_vec_push(s, &objs, &r->obj);
        }
        for (uint32_t it = 0; hashmap_next(&sch->types, &it, &key, &v);) {
            struct cat_type *t = v;
            if (t->obj.dropped || (t->category == 'A' && t->elem) || t->obj.extension ||
                (t->rel && t->rel->relkind != CAT_RELKIND_COMPOSITE) || t->typtype == 'm')
                continue;
            sim_vec_push(s, &objs, &t->obj);
        }
        for (uint32_t it = 0; hashmap_next(&sch->funcs, &it, &key, &v);) {
            struct cat_vec *fv = v;
            for (uint32_t k = 0; k < fv->n; k++) {
                struct cat_func *f = fv->items[k];
                if (f->obj.dropped || f->obj.extension || f->hidden)
                    continue;
                sim_vec_push(s, &objs, &f->obj);
            }
        }
        for (uint32_t it = 0; hashmap_next(&sch->opers, &it, &key, &v);) {
            struct cat_vec *ov = v;
            for (uint32_t k = 0; k < ov->n; k++) {
                struct cat_oper *o = ov->items[k];
                if (o->obj.dropped || o->obj.extension)
                    continue;
                sim_vec_push(s, &objs, &o->obj);
            }
        }
        for (uint32_t it = 0; hashmap_next(&s->cat->extensions, &it, &key, &v);) {
            struct cat_extension *e = v;
            if (e->schema == sch && !e->obj.builtin) {
                sim_vec_push(s, &objs, &e->obj);
            }
        }
        for (uint32_t k = 0; k < objs.n; k++) {
            if (detail.len)
                sb_addc(&detail, '\n');
            sb_printf(&detail, "%s depends on schema %s", sim_describe(s, objs.items[k], 0),
                      sch->name);
            n++;
        }
        if (n && !cascade) {
            sim_error(s, -1, "2BP01", "cannot drop schema %s because other objects depend on it",
                      sch->name);
            sim_error_detail(s, detail.buf);
            sb_release(&detail);
            return sim_error_hint(s, "Use DROP ... CASCADE to drop the dependent objects too.");
        }
        sb_release(&detail);
        for (uint32_t k = 0; k < objs.n; k++) {
            struct cat_obj *o = objs.items[k];
            if (!o->dropped && sim_drop(s, o, true, -1) != 0)
                return -1;
        }
        /* dependents of the schema's objects in other schemas went with them */
        catalog_drop_obj(s->cat, &sch->obj);
        sim_object(s, SIM_DROPPED, CAT_SCHEMA, 0, NULL, sch->name, NULL, sch);
    }
    return 0;
}

static int drop_table_objects(struct sim *s, PgQuery__DropStmt *st)
{
    bool cascade = st->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE;
    bool trigger = st->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_TRIGGER;
    for (size_t i = 0; i < st->n_objects; i++) {
        PgQuery__Node *o = st->objects[i];
        if (o->node_case != PG_QUERY__NODE__NODE_LIST || o->list->n_items < 2)
            continue;
        PgQuery__List *l = o->list;
        const char *objname = nm(l->items[l->n_items - 1]);
        struct cat_rel *r = sim_find_rel_names(s, l->items, l->n_items - 1, st->missing_ok, -1);
        if (!r) {
            if (s->eff->sqlstate)
                return -1;
            sim_notice(s);
            continue;
        }
        struct cat_obj *target = NULL;
        if (trigger) {
            struct cat_trigger *t = catalog_find_trigger(r, objname);
            if (t && t->parent && !t->parent->obj.dropped) {
                sim_error(
                    s, -1, "2BP01",
                    "cannot drop trigger %s on table %s because trigger %s on table %s requires it",
                    t->name, r->name, t->parent->name, t->parent->rel->name);
                return sim_error_hint(
                    s, arena_printf(s->arena, "You can drop trigger %s on table %s instead.",
                                    t->parent->name, t->parent->rel->name));
            }
            target = t ? &t->obj : NULL;
        } else if (st->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_POLICY) {
            struct cat_policy *p = catalog_find_policy(r, objname);
            target = p ? &p->obj : NULL;
        } else {
            /* rules: not modelled */
            sim_notice(s);
            continue;
        }
        if (!target) {
            if (st->missing_ok) {
                sim_notice(s);
                continue;
            }
            return sim_error(s, -1, "42704", "%s \"%s\" for table \"%s\" does not exist",
                             trigger ? "trigger" : "policy", objname, r->name);
        }
        if (sim_drop(s, target, cascade, -1) != 0)
            return -1;
        sim_lock_rel(s, r, trigger ? SIM_ACCESS_EXCLUSIVE : SIM_ACCESS_EXCLUSIVE);
    }
    return 0;
}

static int drop_extensions(struct sim *s, PgQuery__DropStmt *st)
{
    bool cascade = st->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE;
    for (size_t i = 0; i < st->n_objects; i++) {
        const char *name = nm(st->objects[i]);
        struct cat_extension *e = name ? catalog_find_extension(s->cat, name) : NULL;
        if (!e) {
            if (st->missing_ok) {
                sim_notice(s);
                continue;
            }
            return sim_error(s, -1, "42704", "extension \"%s\" does not exist", name ? name : "?");
        }
        if (e->obj.builtin && strcmp(e->name, "plpgsql") != 0)
            continue;
        /* what depends on the extension's members (not the members themselves) */
        if (sim_drop(s, &e->obj, cascade, -1) != 0)
            return -1;
        /* the members */
        const char *key;
        void *v;
        for (uint32_t it = 0; hashmap_next(&s->cat->schemas, &it, &key, &v);) {
            struct cat_schema *sch = v;
            if (sch->obj.builtin && sch != s->cat->public_schema)
                continue;
            for (uint32_t k = 0; hashmap_next(&sch->types, &k, &key, &v);) {
                struct cat_type *t = v;
                if (t->obj.extension == e && !t->obj.dropped)
                    catalog_drop_obj(s->cat, &t->obj);
            }
        }
    }
    return 0;
}

int sim_drop_stmt(struct sim *s, PgQuery__DropStmt *st)
{
    switch (st->remove_type) {
    case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
    case PG_QUERY__OBJECT_TYPE__OBJECT_VIEW:
    case PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW:
    case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX:
    case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE:
    case PG_QUERY__OBJECT_TYPE__OBJECT_FOREIGN_TABLE:
        return drop_relations(s, st);
    case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE:
    case PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN:
        return drop_types(s, st);
    case PG_QUERY__OBJECT_TYPE__OBJECT_FUNCTION:
    case PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE:
    case PG_QUERY__OBJECT_TYPE__OBJECT_ROUTINE:
    case PG_QUERY__OBJECT_TYPE__OBJECT_AGGREGATE:
        return drop_functions(s, st);
    case PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA:
        return drop_schemas(s, st);
    case PG_QUERY__OBJECT_TYPE__OBJECT_TRIGGER:
    case PG_QUERY__OBJECT_TYPE__OBJECT_POLICY:
    case PG_QUERY__OBJECT_TYPE__OBJECT_RULE:
        return drop_table_objects(s, st);
    case PG_QUERY__OBJECT_TYPE__OBJECT_EXTENSION:
        return drop_extensions(s, st);
    case PG_QUERY__OBJECT_TYPE__OBJECT_OPERATOR:
        return drop_operators(s, st);
    case PG_QUERY__OBJECT_TYPE__OBJECT_COLLATION:
        for (size_t i = 0; i < st->n_objects; i++) {
            PgQuery__Node *o = st->objects[i];
            const char *schema, *name;
            if (o->node_case != PG_QUERY__NODE__NODE_LIST)
                continue;
            sim_split_name(o->list->items, o->list->n_items, &schema, &name);
            if (name && hashmap_get(&s->cat->collations, name))
                catalog_map_del(s->cat, &s->cat->collations, name);
        }
        s->eff->simulated = false;
        s->eff->not_simulated = "collations are not printed in the schema";
        return 0;
    default:
        s->eff->simulated = false;
        s->eff->not_simulated = "DROP of this object kind is not simulated";
        return 0;
    }
}

/* ---- RENAME ---- */

static int rename_relation(struct sim *s, PgQuery__RenameStmt *st)
{
    struct cat_rel *r = sim_find_rel(s, st->relation, st->missing_ok);
    if (!r) {
        if (s->eff->sqlstate)
            return -1;
        sim_notice(s);
        return 0;
    }
    if (catalog_rel_name_used(r->schema, st->newname))
        return sim_error(s, -1, "42P07", "relation \"%s\" already exists", st->newname);
    struct cat_type *clash = hashmap_get(&r->schema->types, st->newname);
    if (clash && clash != r->rowtype && !(clash->category == 'A' && clash->elem))
        return sim_error(s, -1, "42710", "type \"%s\" already exists", st->newname);
    const char *old = r->name;
    catalog_rename_rel(s->cat, r, st->newname);
    if (r->rowtype) {
        if (clash && clash->category == 'A' && clash->elem && clash != r->rowtype->array)
            catalog_rename_type(s->cat, clash, arena_printf(s->arena, "_%s", clash->name));
        catalog_rename_type(s->cat, r->rowtype, st->newname);
        if (r->rowtype->array) {
            /* the array type follows: "_" + new name */
            char buf[128];
            snprintf(buf, sizeof buf, "_%.62s", st->newname);
            if (!catalog_type_name_used(r->schema, buf))
                catalog_rename_type(s->cat, r->rowtype->array, buf);
        }
    }
    if (r->index && r->index->constraint) {
        struct cat_constraint *k = r->index->constraint;
        sim_unregister_constraint_name(s, k);
        CAT_SET(s->cat, k->name, r->name);
        sim_register_constraint_name(s, k);
    }
    sim_lock_rel(s, r->index ? r->index->table : r, SIM_ACCESS_EXCLUSIVE);
    sim_object(s, SIM_RENAMED, CAT_REL, r->relkind, r->schema->name, r->name,
               r->index ? r->index->table->name : NULL, r);
    s->eff->objects[s->eff->nobjects - 1].old_name = old;
    return 0;
}

static int rename_column(struct sim *s, struct cat_rel *r, const char *from, const char *to,
                         bool recurse, bool top)
{
    struct cat_column *col = catalog_find_column(r, from);
    if (!col)
        return sim_error(s, -1, "42703", "column \"%s\" does not exist", from);
    if (top && col->inhcount > 0 && (!col->islocal || r->partparent))
        return sim_error(s, -1, "42P16", "cannot rename inherited column \"%s\"", from);
    if (catalog_find_column(r, to))
        return sim_error(s, -1, "42701", "column \"%s\" of relation \"%s\" already exists", to,
                         r->name);
    if (ex_system_column(to))
        return sim_error(s, -1, "42701", "column name \"%s\" conflicts with a system column name",
                         to);
    catalog_rename_column(s->cat, col, to);
    /* an index column on exactly this column keeps its name in step */
    if (recurse) {
        for (uint32_t i = 0; i < r->partitions.n; i++) {
            struct cat_rel *p = r->partitions.items[i];
            if (!p->obj.dropped && catalog_find_column(p, from) &&
                rename_column(s, p, from, to, true, false) != 0)
                return -1;
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
            if (inherits && catalog_find_column(c, from) &&
                rename_column(s, c, from, to, true, false) != 0)
                return -1;
        }
    }
    return 0;
}

static int rename_constraint(struct sim *s, PgQuery__RenameStmt *st)
{
    struct cat_rel *r = sim_find_rel(s, st->relation, st->missing_ok);
    if (!r) {
        if (s->eff->sqlstate)
            return -1;
        sim_notice(s);
        return 0;
    }
    struct cat_constraint *k = catalog_find_constraint(r, st->subname);
    if (!k)
        return sim_error(s, -1, "42704", "constraint \"%s\" for table \"%s\" does not exist",
                         st->subname, r->name);
    if (catalog_find_constraint(r, st->newname))
        return sim_error(s, -1, "42710", "constraint \"%s\" for relation \"%s\" already exists",
                         st->newname, r->name);
    if (k->index && k->contype != CAT_CON_FOREIGN) {
        if (catalog_rel_name_used(r->schema, st->newname))
            return sim_error(s, -1, "42P07", "relation \"%s\" already exists", st->newname);
        catalog_rename_rel(s->cat, k->index, st->newname);
    }
    sim_unregister_constraint_name(s, k);
    CAT_SET(s->cat, k->name, arena_strdup(s->arena, st->newname));
    sim_register_constraint_name(s, k);
    /* inherited copies follow */
    for (uint32_t p = 0; p < r->partitions.n; p++) {
        struct cat_rel *part = r->partitions.items[p];
        struct cat_constraint *ck = catalog_find_constraint(part, st->subname);
        if (ck && ck->parent == k && ck->contype == CAT_CON_CHECK) {
            sim_unregister_constraint_name(s, ck);
            CAT_SET(s->cat, ck->name, arena_strdup(s->arena, st->newname));
            sim_register_constraint_name(s, ck);
        }
    }
    sim_lock_rel(s, r, SIM_ACCESS_EXCLUSIVE);
    return 0;
}

static int rename_type(struct sim *s, PgQuery__RenameStmt *st)
{
    PgQuery__Node *o = st->object;
    struct cat_type *t = NULL;
    if (o->node_case == PG_QUERY__NODE__NODE_LIST)
        t = find_type_names(s, o->list->items, o->list->n_items, st->missing_ok);
    else if (o->node_case == PG_QUERY__NODE__NODE_TYPE_NAME)
        t = find_type_names(s, o->type_name->names, o->type_name->n_names, st->missing_ok);
    if (!t)
        return s->eff->sqlstate ? -1 : 0;
    if (st->rename_type == PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN && t->typtype != CAT_TYPE_DOMAIN)
        return sim_error(s, -1, "42809", "%s is not a domain", t->name);
    struct cat_type *clash = hashmap_get(&t->schema->types, st->newname);
    if (clash) {
        if (clash->category == 'A' && clash->elem)
            catalog_rename_type(s->cat, clash, arena_printf(s->arena, "_%s", clash->name));
        else
            return sim_error(s, -1, "42710", "type \"%s\" already exists", st->newname);
    }
    if (t->rel) {
        if (catalog_rel_name_used(t->schema, st->newname))
            return sim_error(s, -1, "42P07", "relation \"%s\" already exists", st->newname);
        catalog_rename_rel(s->cat, t->rel, st->newname);
    }
    catalog_rename_type(s->cat, t, st->newname);
    if (t->array) {
        char buf[128];
        snprintf(buf, sizeof buf, "_%.62s", st->newname);
        if (!catalog_type_name_used(t->schema, buf))
            catalog_rename_type(s->cat, t->array, buf);
    }
    sim_object(s, SIM_RENAMED, CAT_TYPE, 0, t->schema->name, t->name, NULL, t);
    return 0;
}

int sim_rename(struct sim *s, PgQuery__RenameStmt *st)
{
    switch (st->rename_type) {
    case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
    case PG_QUERY__OBJECT_TYPE__OBJECT_VIEW:
    case PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW:
    case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX:
    case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE:
    case PG_QUERY__OBJECT_TYPE__OBJECT_FOREIGN_TABLE:
        return rename_relation(s, st);
    case PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN:
    case PG_QUERY__OBJECT_TYPE__OBJECT_ATTRIBUTE: {
        struct cat_rel *r;
        if (st->rename_type == PG_QUERY__OBJECT_TYPE__OBJECT_ATTRIBUTE) {
            struct cat_type *t = catalog_find_type(
                s->cat,
                st->relation->schemaname && *st->relation->schemaname ? st->relation->schemaname
                                                                      : NULL,
                st->relation->relname);
            if (!t || !t->rel)
                return sim_error(s, -1, "42704", "type \"%s\" does not exist",
                                 st->relation->relname);
            r = t->rel;
        } else {
            r = sim_find_rel(s, st->relation, st->missing_ok);
        }
        if (!r) {
            if (s->eff->sqlstate)
                return -1;
            sim_notice(s);
            return 0;
        }
        if (rename_column(s, r, st->subname, st->newname, st->relation->inh, true) != 0)
            return -1;
        sim_lock_rel(s, r, SIM_ACCESS_EXCLUSIVE);
        sim_object(s, SIM_ALTERED, CAT_REL, r->relkind, r->schema->name, r->name, NULL, r);
        s->eff->objects[s->eff->nobjects - 1].column = st->newname;
        return 0;
    }
    case PG_QUERY__OBJECT_TYPE__OBJECT_TABCONSTRAINT:
        return rename_constraint(s, st);
    case PG_QUERY__OBJECT_TYPE__OBJECT_DOMCONSTRAINT: {
        PgQuery__Node *o = st->object;
        struct cat_type *d = o->node_case == PG_QUERY__NODE__NODE_LIST
                                 ? find_type_names(s, o->list->items, o->list->n_items, false)
                                 : NULL;
        if (!d)
            return -1;
        for (uint32_t i = 0; i < d->constraints.n; i++) {
            struct cat_constraint *k = d->constraints.items[i];
            if (!k->obj.dropped && strcmp(k->name, st->subname) == 0) {
                sim_unregister_constraint_name(s, k);
                CAT_SET(s->cat, k->name, arena_strdup(s->arena, st->newname));
                sim_register_constraint_name(s, k);
                return 0;
            }
        }
        return sim_error(s, -1, "42704", "constraint \"%s\" for domain %s does not exist",
                         st->subname, d->name);
    }
    case PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA: {
        struct cat_schema *sch = catalog_find_schema(s->cat, st->subname);
        if (!sch)
            return sim_error(s, -1, "3F000", "schema \"%s\" does not exist", st->subname);
        if (catalog_find_schema(s->cat, st->newname))
            return sim_error(s, -1, "42P06", "schema \"%s\" already exists", st->newname);
        if (strncmp(st->newname, "pg_", 3) == 0)
            return sim_error(s, -1, "42939", "unacceptable schema name \"%s\"", st->newname);
        catalog_rename_schema(s->cat, sch, st->newname);
        sim_object(s, SIM_RENAMED, CAT_SCHEMA, 0, NULL, sch->name, NULL, sch);
        return 0;
    }
    case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE:
    case PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN:
        return rename_type(s, st);
    case PG_QUERY__OBJECT_TYPE__OBJECT_FUNCTION:
    case PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE:
    case PG_QUERY__OBJECT_TYPE__OBJECT_ROUTINE:
    case PG_QUERY__OBJECT_TYPE__OBJECT_AGGREGATE: {
        struct cat_func *f =
            sim_find_function(s, st->object->object_with_args, false, st->rename_type);
        if (!f)
            return -1;
        if (find_same(f->schema, st->newname, f->args, f->nargs))
            return sim_error(s, -1, "42723", "function %s(%s) already exists in schema \"%s\"",
                             st->newname, f->identity_args ? f->identity_args : "",
                             f->schema->name);
        struct cat_vec *v = hashmap_get(&f->schema->funcs, f->name);
        if (v)
            catalog_vec_remove(s->cat, v, f);
        CAT_SET(s->cat, f->name, arena_strdup(s->arena, st->newname));
        struct cat_vec *nv = hashmap_get(&f->schema->funcs, f->name);
        if (!nv) {
            nv = arena_alloc(s->arena, sizeof *nv);
            catalog_map_put(s->cat, &f->schema->funcs, f->name, nv);
        }
        catalog_vec_push(s->cat, nv, f);
        sim_object(s, SIM_RENAMED, CAT_FUNC, 0, f->schema->name, f->name, NULL, f);
        return 0;
    }
    case PG_QUERY__OBJECT_TYPE__OBJECT_TRIGGER:
    case PG_QUERY__OBJECT_TYPE__OBJECT_POLICY: {
        struct cat_rel *r = sim_find_rel(s, st->relation, false);
        if (!r)
            return -1;
        bool trig = st->rename_type == PG_QUERY__OBJECT_TYPE__OBJECT_TRIGGER;
        if (trig) {
            struct cat_trigger *t = catalog_find_trigger(r, st->subname);
            if (!t)
                return sim_error(s, -1, "42704", "trigger \"%s\" for table \"%s\" does not exist",
                                 st->subname, r->name);
            if (catalog_find_trigger(r, st->newname))
                return sim_error(s, -1, "42710",
                                 "trigger \"%s\" for relation \"%s\" already exists", st->newname,
                                 r->name);
            if (t->parent)
                return sim_error(s, -1, "42809", "cannot rename trigger \"%s\" on table \"%s\"",
                                 t->name, r->name);
            CAT_SET(s->cat, t->name, arena_strdup(s->arena, st->newname));
            for (uint32_t p = 0; p < r->partitions.n; p++) {
                struct cat_rel *part = r->partitions.items[p];
                for (uint32_t k = 0; k < part->triggers.n; k++) {
                    struct cat_trigger *ct = part->triggers.items[k];
                    if (!ct->obj.dropped && ct->parent == t)
                        CAT_SET(s->cat, ct->name, t->name);
                }
            }
        } else {
            struct cat_policy *p = catalog_find_policy(r, st->subname);
            if (!p)
                return sim_error(s, -1, "42704", "policy \"%s\" for table \"%s\" does not exist",
                                 st->subname, r->name);
            if (catalog_find_policy(r, st->newname))
                return sim_error(s, -1, "42710", "policy \"%s\" for table \"%s\" already exists",
                                 st->newname, r->name);
            CAT_SET(s->cat, p->name, arena_strdup(s->arena, st->newname));
        }
        sim_lock_rel(s, r, SIM_ACCESS_EXCLUSIVE);
        return 0;
    }
    case PG_QUERY__OBJECT_TYPE__OBJECT_COLLATION: {
        const char *schema, *name;
        PgQuery__Node *o = st->object;
        if (o && o->node_case == PG_QUERY__NODE__NODE_LIST) {
            sim_split_name(o->list->items, o->list->n_items, &schema, &name);
            if (name && hashmap_get(&s->cat->collations, name))
                catalog_map_del(s->cat, &s->cat->collations, name);
        }
        catalog_map_put(s->cat, &s->cat->collations, arena_strdup(s->arena, st->newname),
                        (void *)1);
        s->eff->simulated = false;
        s->eff->not_simulated = "collations are not printed in the schema";
        return 0;
    }
    default:
        s->eff->simulated = false;
        s->eff->not_simulated = "RENAME of this object kind is not simulated";
        return 0;
    }
}

/* ---- SET SCHEMA ---- */

static void move_rel(struct sim *s, struct cat_rel *r, struct cat_schema *to)
{
    catalog_move_rel(s->cat, r, to);
    if (r->rowtype) {
        catalog_map_del(s->cat, &r->rowtype->schema->types, r->rowtype->name);
        CAT_SET(s->cat, r->rowtype->schema, to);
        catalog_map_put(s->cat, &to->types, r->rowtype->name, r->rowtype);
        if (r->rowtype->array) {
            struct cat_type *a = r->rowtype->array;
            catalog_map_del(s->cat, &a->schema->types, a->name);
            CAT_SET(s->cat, a->schema, to);
            catalog_map_put(s->cat, &to->types, a->name, a);
        }
    }
}

int sim_alter_object_schema(struct sim *s, PgQuery__AlterObjectSchemaStmt *st)
{
    struct cat_schema *to = catalog_find_schema(s->cat, st->newschema);
    if (!to)
        return sim_error(s, -1, "3F000", "schema \"%s\" does not exist", st->newschema);
    switch (st->object_type) {
    case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
    case PG_QUERY__OBJECT_TYPE__OBJECT_VIEW:
    case PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW:
    case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE:
    case PG_QUERY__OBJECT_TYPE__OBJECT_FOREIGN_TABLE: {
        struct cat_rel *r = sim_find_rel(s, st->relation, st->missing_ok);
        if (!r) {
            if (s->eff->sqlstate)
                return -1;
            sim_notice(s);
            return 0;
        }
        if (r->schema == to)
            return 0;
        if (catalog_rel_name_used(to, r->name))
            return sim_error(s, -1, "42P07", "relation \"%s\" already exists in schema \"%s\"",
                             r->name, to->name);
        if (r->seq && r->seq->owned_rel &&
            st->object_type == PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE) {
            sim_error(s, -1, "0A000", "cannot move an owned sequence into another schema");
            return sim_error_detail(s, arena_printf(s->arena,
                                                    "Sequence \"%s\" is linked to table \"%s\".",
                                                    r->name, r->seq->owned_rel->name));
        }
        move_rel(s, r, to);
        for (uint32_t i = 0; i < r->indexes.n; i++) {
            struct cat_rel *ix = r->indexes.items[i];
            if (!ix->obj.dropped)
                catalog_move_rel(s->cat, ix, to);
        }
        for (uint32_t i = 0; i < r->constraints.n; i++) {
            struct cat_constraint *k = r->constraints.items[i];
            (void)k;
        }
        /* owned sequences move along */
        struct cat_dep **deps;
        uint32_t nd = catalog_dependents(s->cat, &r->obj, 0, &deps);
        for (uint32_t i = 0; i < nd; i++) {
            struct cat_obj *o = deps[i]->dependent;
            if (o->kind != CAT_REL)
                continue;
            struct cat_rel *q = (struct cat_rel *)o;
            if (q->relkind == CAT_RELKIND_SEQUENCE && q->seq && q->seq->owned_rel == r &&
                q->schema != to)
                move_rel(s, q, to);
        }
        /* constraint names moved namespaces */
        for (uint32_t i = 0; i < r->constraints.n; i++) {
            struct cat_constraint *k = r->constraints.items[i];
            if (k->obj.dropped)
                continue;
            struct cat_vec *v = NULL;
            (void)v;
        }
        sim_lock_rel(s, r, SIM_ACCESS_EXCLUSIVE);
        sim_object(s, SIM_ALTERED, CAT_REL, r->relkind, to->name, r->name, NULL, r);
        return 0;
    }
    case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE:
    case PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN: {
        PgQuery__Node *o = st->object;
        struct cat_type *t =
            o->node_case == PG_QUERY__NODE__NODE_LIST
                ? find_type_names(s, o->list->items, o->list->n_items, st->missing_ok)
                : NULL;
        if (!t)
            return s->eff->sqlstate ? -1 : 0;
        if (hashmap_get(&to->types, t->name))
            return sim_error(s, -1, "42710", "type \"%s\" already exists in schema \"%s\"", t->name,
                             to->name);
        catalog_map_del(s->cat, &t->schema->types, t->name);
        CAT_SET(s->cat, t->schema, to);
        catalog_map_put(s->cat, &to->types, t->name, t);
        if (t->array) {
            catalog_map_del(s->cat, &t->array->schema->types, t->array->name);
            CAT_SET(s->cat, t->array->schema, to);
            catalog_map_put(s->cat, &to->types, t->array->name, t->array);
        }
        if (t->rel)
            catalog_move_rel(s->cat, t->rel, to);
        return 0;
    }
    case PG_QUERY__OBJECT_TYPE__OBJECT_FUNCTION:
    case PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE:
    case PG_QUERY__OBJECT_TYPE__OBJECT_ROUTINE: {
        struct cat_func *f =
            sim_find_function(s, st->object->object_with_args, st->missing_ok, st->object_type);
        if (!f)
            return s->eff->sqlstate ? -1 : 0;
        if (find_same(to, f->name, f->args, f->nargs))
            return sim_error(s, -1, "42723", "function %s(%s) already exists in schema \"%s\"",
                             f->name, f->identity_args ? f->identity_args : "", to->name);
        struct cat_vec *v = hashmap_get(&f->schema->funcs, f->name);
        if (v)
            catalog_vec_remove(s->cat, v, f);
        CAT_SET(s->cat, f->schema, to);
        struct cat_vec *nv = hashmap_get(&to->funcs, f->name);
        if (!nv) {
            nv = arena_alloc(s->arena, sizeof *nv);
            catalog_map_put(s->cat, &to->funcs, f->name, nv);
        }
        catalog_vec_push(s->cat, nv, f);
        return 0;
    }
    case PG_QUERY__OBJECT_TYPE__OBJECT_EXTENSION:
        s->eff->simulated = false;
        s->eff->not_simulated = "ALTER EXTENSION SET SCHEMA is not simulated";
        return 0;
    default:
        s->eff->simulated = false;
        s->eff->not_simulated = "SET SCHEMA of this object kind is not simulated";
        return 0;
    }
}

/* ---- COMMENT ---- */

int sim_comment(struct sim *s, PgQuery__CommentStmt *st)
{
    const char *text = st->comment && *st->comment ? arena_strdup(s->arena, st->comment) : NULL;
    PgQuery__Node *o = st->object;
    struct catalog *c = s->cat;
    switch (st->objtype) {
    case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
    case PG_QUERY__OBJECT_TYPE__OBJECT_VIEW:
    case PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW:
    case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX:
    case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE:
    case PG_QUERY__OBJECT_TYPE__OBJECT_FOREIGN_TABLE: {
        struct cat_rel *r = sim_find_rel_names(s, o->list->items, o->list->n_items, false, -1);
        if (!r)
            return -1;
        if (!rel_kind_ok(st->objtype, r->relkind))
            return sim_error(s, -1, "42809", "\"%s\" is not a%s %s", r->name,
                             st->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_INDEX ? "n" : "",
                             sim_objtype_word(st->objtype));
        CAT_SET(c, r->obj.comment, text);
        return 0;
    }
    case PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN: {
        PgQuery__List *l = o->list;
        if (l->n_items < 2)
            return sim_error(s, -1, "42601", "column name must be qualified");
        struct cat_rel *r = sim_find_rel_names(s, l->items, l->n_items - 1, false, -1);
        if (!r)
            return -1;
        const char *cn = nm(l->items[l->n_items - 1]);
        struct cat_column *col = cn ? catalog_find_column(r, cn) : NULL;
        if (!col)
            return sim_error(s, -1, "42703", "column \"%s\" of relation \"%s\" does not exist",
                             cn ? cn : "?", r->name);
        CAT_SET(c, col->comment, text);
        return 0;
    }
    case PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA: {
        struct cat_schema *sch = catalog_find_schema(c, nm(o));
        if (!sch)
            return sim_error(s, -1, "3F000", "schema \"%s\" does not exist", nm(o) ? nm(o) : "?");
        if (sch == c->pg_catalog)
            return 0;
        CAT_SET(c, sch->obj.comment, text);
        return 0;
    }
    case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE:
    case PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN: {
        struct cat_type *t = NULL;
        if (o->node_case == PG_QUERY__NODE__NODE_TYPE_NAME) {
            struct ex_ctx x;
            ex_ctx_init(&x, c, s->arena, EXK_OTHER);
            struct cat_typeref tr;
            if (ex_typename(&x, o->type_name, &tr) != 0)
                return sim_expr_error(s, &x);
            t = tr.type;
        } else if (o->node_case == PG_QUERY__NODE__NODE_LIST) {
            t = find_type_names(s, o->list->items, o->list->n_items, false);
        }
        if (!t)
            return -1;
        if (t->obj.builtin)
            return 0;
        if (t->rel && t->rel->relkind == CAT_RELKIND_COMPOSITE)
            CAT_SET(c, t->rel->obj.comment, text);
        CAT_SET(c, t->obj.comment, text);
        return 0;
    }
    case PG_QUERY__OBJECT_TYPE__OBJECT_FUNCTION:
    case PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE:
    case PG_QUERY__OBJECT_TYPE__OBJECT_ROUTINE:
    case PG_QUERY__OBJECT_TYPE__OBJECT_AGGREGATE: {
        struct cat_func *f = sim_find_function(s, o->object_with_args, false, st->objtype);
        if (!f)
            return -1;
        CAT_SET(c, f->obj.comment, text);
        return 0;
    }
    case PG_QUERY__OBJECT_TYPE__OBJECT_TABCONSTRAINT:
    case PG_QUERY__OBJECT_TYPE__OBJECT_TRIGGER:
    case PG_QUERY__OBJECT_TYPE__OBJECT_POLICY:
    case PG_QUERY__OBJECT_TYPE__OBJECT_RULE: {
        PgQuery__List *l = o->list;
        if (l->n_items < 2)
            return sim_error(s, -1, "42601", "object name must be qualified");
        const char *name = nm(l->items[l->n_items - 1]);
        struct cat_rel *r = sim_find_rel_names(s, l->items, l->n_items - 1, false, -1);
        if (!r)
            return -1;
        if (st->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_TABCONSTRAINT) {
            struct cat_constraint *k = catalog_find_constraint(r, name);
            if (!k)
                return sim_error(s, -1, "42704",
                                 "constraint \"%s\" for table \"%s\" does not exist", name,
                                 r->name);
            CAT_SET(c, k->obj.comment, text);
        } else if (st->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_TRIGGER) {
            struct cat_trigger *t = catalog_find_trigger(r, name);
            if (!t)
                return sim_error(s, -1, "42704", "trigger \"%s\" for table \"%s\" does not exist",
                                 name, r->name);
            CAT_SET(c, t->obj.comment, text);
        } else if (st->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_POLICY) {
            struct cat_policy *p = catalog_find_policy(r, name);
            if (!p)
                return sim_error(s, -1, "42704", "policy \"%s\" for table \"%s\" does not exist",
                                 name, r->name);
            CAT_SET(c, p->obj.comment, text);
        }
        return 0;
    }
    case PG_QUERY__OBJECT_TYPE__OBJECT_DOMCONSTRAINT: {
        PgQuery__List *l = o->list;
        const char *name = nm(l->items[l->n_items - 1]);
        PgQuery__Node *tn = l->items[0];
        struct cat_type *d = NULL;
        if (tn->node_case == PG_QUERY__NODE__NODE_TYPE_NAME) {
            struct ex_ctx x;
            ex_ctx_init(&x, c, s->arena, EXK_OTHER);
            struct cat_typeref tr;
            if (ex_typename(&x, tn->type_name, &tr) != 0)
                return sim_expr_error(s, &x);
            d = tr.type;
        }
        if (!d)
            return -1;
        for (uint32_t i = 0; i < d->constraints.n; i++) {
            struct cat_constraint *k = d->constraints.items[i];
            if (!k->obj.dropped && strcmp(k->name, name) == 0) {
                CAT_SET(c, k->obj.comment, text);
                return 0;
            }
        }
        return sim_error(s, -1, "42704", "constraint \"%s\" for domain %s does not exist", name,
                         d->name);
    }
    case PG_QUERY__OBJECT_TYPE__OBJECT_EXTENSION: {
        struct cat_extension *e = catalog_find_extension(c, nm(o));
        if (!e)
            return sim_error(s, -1, "42704", "extension \"%s\" does not exist",
                             nm(o) ? nm(o) : "?");
        CAT_SET(c, e->obj.comment, text);
        return 0;
    }
    default:
        return 0;
    }
}
