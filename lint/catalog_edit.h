/*
 * catalog_edit.h - the mutation API of the catalog, used by the simulator
 * only (rules read the catalog through catalog.h). Every write to a catalog
 * object goes through these functions or the CAT_SET macro, which record the
 * old bytes / map entries in the undo log, so catalog_rollback can restore
 * any earlier mark exactly.
 */
#ifndef AIRLOCK_CATALOG_EDIT_H
#define AIRLOCK_CATALOG_EDIT_H

#include "lint/catalog.h"

/* Records the n bytes at p in the undo log (call before writing them). */
void catalog_log_write(struct catalog *c, void *p, size_t n);
#define CAT_SET(c, lvalue, value)                                                                  \
    do {                                                                                           \
        catalog_log_write((c), &(lvalue), sizeof(lvalue));                                         \
        (lvalue) = (value);                                                                        \
    } while (0)

void catalog_map_put(struct catalog *c, struct hashmap *m, const char *key, void *value);
void catalog_map_del(struct catalog *c, struct hashmap *m, const char *key);
void catalog_vec_push(struct catalog *c, struct cat_vec *v, void *item);
/* Removes the first occurrence of item, keeping the order. */
void catalog_vec_remove(struct catalog *c, struct cat_vec *v, void *item);

/* Object constructors: allocate, assign an id, register in the namespace. */
struct cat_schema *catalog_add_schema(struct catalog *c, const char *name);
struct cat_rel *catalog_add_rel(struct catalog *c, struct cat_schema *s, const char *name,
                                char relkind);
struct cat_column *catalog_add_column(struct catalog *c, struct cat_rel *r, const char *name,
                                      struct cat_typeref type);
struct cat_type *catalog_add_type(struct catalog *c, struct cat_schema *s, const char *name,
                                  char typtype);
struct cat_constraint *catalog_add_constraint(struct catalog *c, struct cat_rel *r,
                                              struct cat_type *domain, const char *name,
                                              char contype);
struct cat_func *catalog_add_func(struct catalog *c, struct cat_schema *s, const char *name);
struct cat_trigger *catalog_add_trigger(struct catalog *c, struct cat_rel *r, const char *name);
struct cat_policy *catalog_add_policy(struct catalog *c, struct cat_rel *r, const char *name);
struct cat_extension *catalog_add_extension(struct catalog *c, const char *name,
                                            struct cat_schema *s);
/* Makes the array type "_name" of t (PostgreSQL's makeArrayTypeName). */
struct cat_type *catalog_add_array_type(struct catalog *c, struct cat_type *t);

/* Renames: updates the namespace map. */
void catalog_rename_rel(struct catalog *c, struct cat_rel *r, const char *name);
void catalog_rename_column(struct catalog *c, struct cat_column *col, const char *name);
void catalog_rename_type(struct catalog *c, struct cat_type *t, const char *name);
void catalog_rename_schema(struct catalog *c, struct cat_schema *s, const char *name);
void catalog_move_rel(struct catalog *c, struct cat_rel *r, struct cat_schema *to);

/* Drops mark the object dropped, unregister it and kill its outgoing edges. */
void catalog_drop_obj(struct catalog *c, struct cat_obj *o);
void catalog_drop_column(struct catalog *c, struct cat_column *col);
/* Edges whose dependent is (o, attnum, role) die (attnum -1: every attnum). */
void catalog_kill_deps(struct catalog *c, struct cat_obj *o, int attnum, int role);

struct cat_dep *catalog_add_dep(struct catalog *c, struct cat_obj *dependent, int16_t dep_attnum,
                                int role, struct cat_obj *referenced, int16_t ref_attnum,
                                char deptype);

/* Next simulated OID-like serial. */
uint32_t catalog_next_id(struct catalog *c);
/* Whether name is used in s's pg_class / pg_type namespaces. */
bool catalog_rel_name_used(const struct cat_schema *s, const char *name);
bool catalog_type_name_used(const struct cat_schema *s, const char *name);

#endif
