/*
 * sim_table.h - helpers shared by the table statements of the simulator
 * (sim_table.c: CREATE TABLE, constraints, indexes, sequences;
 * sim_alter.c: ALTER TABLE; sim_partition.c: partitions and inheritance).
 */
#ifndef AIRLOCK_SIM_TABLE_H
#define AIRLOCK_SIM_TABLE_H

#include "lint/sim_internal.h"

/* Constraints collected from a statement, applied in PostgreSQL's order. */
struct pending {
    PgQuery__Constraint *con;
    const char *colname; /* column constraint: the column */
    bool from_column;
};

struct con_list {
    struct pending *items;
    uint32_t n, cap;
    /* ALTER TABLE ONLY: a partitioned table's PRIMARY KEY / UNIQUE / EXCLUDE
     * stays on it (its index is created as ON ONLY), as pg_dump relies on */
    bool only;
};

void sim_con_push(struct sim *s, struct con_list *l, PgQuery__Constraint *c, const char *col);
int sim_apply_constraints(struct sim *s, struct cat_rel *r, struct con_list *cons, bool is_create);

const char *sim_defelem_value(struct sim *s, PgQuery__DefElem *d);
const char **sim_reloptions(struct sim *s, const char **old, PgQuery__Node **opts, size_t n,
                            bool reset);
int sim_seq_options(struct sim *s, struct cat_seqinfo *q, PgQuery__Node **opts, size_t n,
                    bool create, struct cat_rel *seqrel);
struct cat_rel *sim_new_sequence(struct sim *s, struct cat_schema *sch, const char *name,
                                 struct cat_type *type, PgQuery__Node **opts, size_t n,
                                 char persistence);
int sim_check_collation(struct sim *s, struct cat_typeref t, const char *coll, int location);
int sim_column_type(struct sim *s, PgQuery__ColumnDef *cd, struct cat_typeref *out, bool *serial);
struct cat_expr *sim_cook_default(struct sim *s, PgQuery__Node *raw, struct cat_typeref t,
                                  const char *colname, bool *volatile_out);
void sim_set_default(struct sim *s, struct cat_column *col, struct cat_expr *e);
void sim_column_type_dep(struct sim *s, struct cat_column *col);
int sim_make_identity(struct sim *s, struct cat_rel *r, struct cat_column *col, char kind,
                      PgQuery__Node **opts, size_t nopts);
const char *sim_name_addition(struct sim *s, const char *const *names, uint32_t n);
int sim_add_column_def(struct sim *s, struct cat_rel *r, PgQuery__ColumnDef *cd,
                       struct con_list *cons, bool is_create, struct cat_column **out);
int sim_add_check(struct sim *s, struct cat_rel *r, PgQuery__Constraint *con, const char **used,
                  uint32_t nused, bool is_create, struct cat_constraint **out);
int sim_add_fk(struct sim *s, struct cat_rel *r, PgQuery__Constraint *con, const char *colname,
               const char **used, uint32_t nused, bool is_create, struct cat_constraint **out);
int sim_add_index_constraint(struct sim *s, struct cat_rel *r, PgQuery__Constraint *con,
                             const char *colname, bool is_create, bool only,
                             struct cat_constraint **out);
const char *sim_default_opclass(struct sim *s, const char *am, struct cat_type *t,
                                struct cat_schema **schema_out);

/* Copies an expression of relation 'from' for relation 'to'; map[attnum of
 * from] = attnum of to (NULL: by column name). */
struct cat_expr *sim_copy_expr(struct sim *s, struct cat_expr *e, struct cat_rel *from,
                               struct cat_rel *to, const int16_t *map);
/* LIKE ... INCLUDING INDEXES. */
void sim_copy_indexes(struct sim *s, struct cat_rel *src, struct cat_rel *dst, const int16_t *map,
                      bool comments);

/* Partitions and inheritance (sim_partition.c). */
/* Columns (and CHECKs) a child takes from a parent. conflict (INHERITS of
 * several parents): set to the first column whose parents' defaults differ. */
int sim_inherit_columns(struct sim *s, struct cat_rel *child, struct cat_rel *parent,
                        bool partition, struct cat_column **conflict);
int sim_partition_key(struct sim *s, struct cat_rel *r, PgQuery__PartitionSpec *spec);
int sim_attach_partition(struct sim *s, struct cat_rel *parent, struct cat_rel *child,
                         PgQuery__PartitionBoundSpec *bound, bool created);
int sim_detach_partition(struct sim *s, struct cat_rel *parent, struct cat_rel *child);
struct cat_rel *sim_index_for_partition(struct sim *s, struct cat_rel *parent_index,
                                        struct cat_rel *part, struct sim_index_spec *spec);
void sim_clone_fk_to_partitions(struct sim *s, struct cat_rel *r, struct cat_constraint *k);
void sim_propagate_index_constraint(struct sim *s, struct cat_rel *pix, struct cat_constraint *k);
bool sim_index_matches(struct sim *s, struct cat_rel *pix, struct cat_rel *ix);
int sim_attach_index(struct sim *s, struct cat_rel *pix, struct cat_rel *ix);
/* A row trigger cloned to a partition (sim_objects.c). */
void sim_clone_trigger(struct sim *s, struct cat_rel *part, struct cat_trigger *t);
/* Re-analyses an expression after a column type change (deparse + parse). */
struct cat_expr *sim_reanalyze(struct sim *s, struct cat_rel *r, struct cat_expr *e,
                               enum ex_context kind);

#endif
