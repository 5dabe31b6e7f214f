/*
 * rule_locks.c - the heavyweight lock a statement takes on the relation it
 * targets, as PostgreSQL 15 takes it (AlterTableGetLockLevel in tablecmds.c,
 * DefineIndex, RemoveRelations, ExecuteTruncate, ReindexTable, vacuum,
 * cluster, CreateTrigger, policy.c, matview.c). The engine attaches it to
 * every diagnostic of the statement and rules use it to judge blocking.
 */
#include "lint/rule.h"
#include "lint/rule_pgfacts.h"

#include <string.h>

/* AlterTableGetLockLevel, one subcommand. */
static enum lock_mode at_cmd_lock(const PgQuery__AlterTableCmd *cmd)
{
    switch (cmd->subtype) {
    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetStatistics:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetOptions:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_ResetOptions:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_ClusterOn:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropCluster:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_ValidateConstraint:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_ValidateConstraintRecurse:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AttachPartition:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DetachPartitionFinalize:
        return LOCK_SHARE_UPDATE_EXCLUSIVE;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetRelOptions:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_ResetRelOptions:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_ReplaceRelOptions:
        /* fillfactor, autovacuum_* and most storage parameters */
        return LOCK_SHARE_UPDATE_EXCLUSIVE;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableTrig:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableAlwaysTrig:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableReplicaTrig:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableTrig:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableTrigAll:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableTrigAll:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableTrigUser:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableTrigUser:
        return LOCK_SHARE_ROW_EXCLUSIVE;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DetachPartition:
        if (cmd->def && cmd->def->node_case == PG_QUERY__NODE__NODE_PARTITION_CMD &&
            cmd->def->partition_cmd->concurrent)
            return LOCK_SHARE_UPDATE_EXCLUSIVE;
        return LOCK_ACCESS_EXCLUSIVE;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraint:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraintRecurse:
        /* A foreign key adds triggers on both tables: as strong as CREATE TRIGGER. */
        if (cmd->def && cmd->def->node_case == PG_QUERY__NODE__NODE_CONSTRAINT &&
            cmd->def->constraint->contype == PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN)
            return LOCK_SHARE_ROW_EXCLUSIVE;
        return LOCK_ACCESS_EXCLUSIVE;
    default:
        return LOCK_ACCESS_EXCLUSIVE;
    }
}

static enum lock_mode lockstmt_mode(int32_t mode)
{
    /* LockStmt.mode is lockdefs.h's LOCKMODE: 1 = AccessShareLock ... 8 = AccessExclusiveLock. */
    if (mode >= 1 && mode <= 8)
        return (enum lock_mode)mode;
    return LOCK_ACCESS_EXCLUSIVE;
}

static bool has_option(PgQuery__Node **opts, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (opts[i]->node_case == PG_QUERY__NODE__NODE_DEF_ELEM &&
            strcmp(opts[i]->def_elem->defname, name) == 0) {
            const PgQuery__Node *arg = opts[i]->def_elem->arg;
            /* VACUUM (FULL false) */
            if (arg && arg->node_case == PG_QUERY__NODE__NODE_STRING &&
                (strcmp(arg->string->sval, "false") == 0 || strcmp(arg->string->sval, "off") == 0))
                return false;
            if (arg && arg->node_case == PG_QUERY__NODE__NODE_INTEGER && arg->integer->ival == 0)
                return false;
            return true;
        }
    return false;
}

bool rule_option_set(PgQuery__Node **opts, size_t n, const char *name)
{
    return has_option(opts, n, name);
}

static const char *first_drop_name(struct rule_ctx *c, const PgQuery__DropStmt *d)
{
    if (d->n_objects == 0)
        return NULL;
    const PgQuery__Node *o = d->objects[0];
    if (o->node_case == PG_QUERY__NODE__NODE_LIST)
        return rule_qualify_list(c, o->list->items, o->list->n_items);
    if (o->node_case == PG_QUERY__NODE__NODE_STRING)
        return o->string->sval;
    return NULL;
}

/* DROP FUNCTION ... CASCADE: the table of the first trigger that uses one of
 * the functions (the catalog knows), locked AccessExclusive to drop it. */
static enum lock_mode cascade_trigger_lock(struct rule_ctx *c, const PgQuery__DropStmt *d,
                                           const char **rel)
{
    if (!c->cat)
        return LOCK_NONE;
    for (size_t i = 0; i < d->n_objects; i++) {
        if (d->objects[i]->node_case != PG_QUERY__NODE__NODE_OBJECT_WITH_ARGS)
            continue;
        const PgQuery__ObjectWithArgs *o = d->objects[i]->object_with_args;
        const char *name = node_last_str(o->objname, o->n_objname);
        const char *schema = o->n_objname >= 2 ? node_str(o->objname[o->n_objname - 2]) : NULL;
        struct cat_func **fs = NULL;
        uint32_t nf = name ? catalog_find_funcs(c->cat, schema, name, &fs) : 0;
        for (uint32_t k = 0; k < nf; k++) {
            struct cat_dep **deps = NULL;
            uint32_t nd = catalog_dependents(c->cat, &fs[k]->obj, 0, &deps);
            for (uint32_t j = 0; j < nd; j++) {
                const struct cat_obj *dep = deps[j]->dependent;
                if (dep && dep->kind == CAT_TRIGGER) {
                    const struct cat_trigger *t = (const struct cat_trigger *)dep;
                    *rel = rule_printf(c, "%s.%s", t->rel->schema->name, t->rel->name);
                    return LOCK_ACCESS_EXCLUSIVE;
                }
            }
        }
    }
    return LOCK_NONE;
}

enum lock_mode rule_stmt_lock(struct rule_ctx *c, const PgQuery__Node *n, const char **rel)
{
    *rel = NULL;
    if (!n)
        return LOCK_NONE;
    switch (n->node_case) {
    case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT: {
        const PgQuery__AlterTableStmt *s = n->alter_table_stmt;
        enum lock_mode m = LOCK_NONE;
        if (s->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_TYPE)
            return LOCK_NONE; /* ALTER TYPE on a composite type locks no table */
        for (size_t i = 0; i < s->n_cmds; i++)
            if (s->cmds[i]->node_case == PG_QUERY__NODE__NODE_ALTER_TABLE_CMD) {
                enum lock_mode k = at_cmd_lock(s->cmds[i]->alter_table_cmd);
                if (k > m)
                    m = k;
            }
        *rel = s->relation ? rule_qualify(c, s->relation) : NULL;
        return m;
    }
    case PG_QUERY__NODE__NODE_INDEX_STMT:
        *rel = rule_qualify(c, n->index_stmt->relation);
        return n->index_stmt->concurrent ? LOCK_SHARE_UPDATE_EXCLUSIVE : LOCK_SHARE;
    case PG_QUERY__NODE__NODE_DROP_STMT: {
        const PgQuery__DropStmt *d = n->drop_stmt;
        switch (d->remove_type) {
        case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX:
            *rel = first_drop_name(c, d);
            return d->concurrent ? LOCK_SHARE_UPDATE_EXCLUSIVE : LOCK_ACCESS_EXCLUSIVE;
        case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
        case PG_QUERY__OBJECT_TYPE__OBJECT_VIEW:
        case PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW:
        case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE:
        case PG_QUERY__OBJECT_TYPE__OBJECT_FOREIGN_TABLE:
            *rel = first_drop_name(c, d);
            return LOCK_ACCESS_EXCLUSIVE;
        case PG_QUERY__OBJECT_TYPE__OBJECT_FUNCTION:
        case PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE:
            /* CASCADE drops the triggers using it: AccessExclusiveLock on their tables */
            if (d->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE)
                return cascade_trigger_lock(c, d, rel);
            return LOCK_NONE;
        case PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA:
            /* CASCADE drops every table in it */
            if (d->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE && c->cat && d->n_objects) {
                const char *name = node_str(d->objects[0]);
                const struct cat_schema *sch = name ? catalog_find_schema(c->cat, name) : NULL;
                uint32_t it = 0;
                const char *k;
                void *v;
                while (sch && hashmap_next(&sch->rels, &it, &k, &v)) {
                    const struct cat_rel *r = v;
                    if (!r->obj.dropped && (r->relkind == CAT_RELKIND_TABLE ||
                                            r->relkind == CAT_RELKIND_PARTITIONED)) {
                        *rel = rule_printf(c, "%s.%s", sch->name, r->name);
                        return LOCK_ACCESS_EXCLUSIVE;
                    }
                }
            }
            return LOCK_NONE;
        case PG_QUERY__OBJECT_TYPE__OBJECT_TRIGGER:
        case PG_QUERY__OBJECT_TYPE__OBJECT_POLICY:
        case PG_QUERY__OBJECT_TYPE__OBJECT_RULE:
            /* objects = [[schema.]table, name]: the lock is on the table */
            if (d->n_objects && d->objects[0]->node_case == PG_QUERY__NODE__NODE_LIST) {
                PgQuery__List *l = d->objects[0]->list;
                if (l->n_items >= 2)
                    *rel = rule_qualify_list(c, l->items, l->n_items - 1);
            }
            return LOCK_ACCESS_EXCLUSIVE;
        default:
            return LOCK_NONE;
        }
    }
    case PG_QUERY__NODE__NODE_TRUNCATE_STMT:
        if (n->truncate_stmt->n_relations &&
            n->truncate_stmt->relations[0]->node_case == PG_QUERY__NODE__NODE_RANGE_VAR)
            *rel = rule_qualify(c, n->truncate_stmt->relations[0]->range_var);
        return LOCK_ACCESS_EXCLUSIVE;
    case PG_QUERY__NODE__NODE_REINDEX_STMT: {
        const PgQuery__ReindexStmt *r = n->reindex_stmt;
        if (r->relation)
            *rel = rule_qualify(c, r->relation);
        if (has_option(r->params, r->n_params, "concurrently"))
            return LOCK_SHARE_UPDATE_EXCLUSIVE;
        /* REINDEX INDEX: AccessExclusiveLock on the index; REINDEX TABLE:
         * ShareLock on the table and AccessExclusiveLock on each index. */
        if (r->kind == PG_QUERY__REINDEX_OBJECT_TYPE__REINDEX_OBJECT_TABLE)
            return LOCK_SHARE;
        return LOCK_ACCESS_EXCLUSIVE;
    }
    case PG_QUERY__NODE__NODE_VACUUM_STMT: {
        const PgQuery__VacuumStmt *v = n->vacuum_stmt;
        if (v->n_rels && v->rels[0]->node_case == PG_QUERY__NODE__NODE_VACUUM_RELATION &&
            v->rels[0]->vacuum_relation->relation)
            *rel = rule_qualify(c, v->rels[0]->vacuum_relation->relation);
        if (v->is_vacuumcmd && has_option(v->options, v->n_options, "full"))
            return LOCK_ACCESS_EXCLUSIVE;
        return LOCK_SHARE_UPDATE_EXCLUSIVE;
    }
    case PG_QUERY__NODE__NODE_CLUSTER_STMT:
        if (n->cluster_stmt->relation)
            *rel = rule_qualify(c, n->cluster_stmt->relation);
        return LOCK_ACCESS_EXCLUSIVE;
    case PG_QUERY__NODE__NODE_RENAME_STMT: {
        const PgQuery__RenameStmt *r = n->rename_stmt;
        if (r->relation)
            *rel = rule_qualify(c, r->relation);
        switch (r->rename_type) {
        case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX:
            return LOCK_SHARE_UPDATE_EXCLUSIVE; /* since PostgreSQL 12 */
        case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
        case PG_QUERY__OBJECT_TYPE__OBJECT_VIEW:
        case PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW:
        case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE:
        case PG_QUERY__OBJECT_TYPE__OBJECT_FOREIGN_TABLE:
        case PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN:
        case PG_QUERY__OBJECT_TYPE__OBJECT_TABCONSTRAINT:
        case PG_QUERY__OBJECT_TYPE__OBJECT_TRIGGER:
        case PG_QUERY__OBJECT_TYPE__OBJECT_POLICY:
        case PG_QUERY__OBJECT_TYPE__OBJECT_RULE:
            return r->relation ? LOCK_ACCESS_EXCLUSIVE : LOCK_NONE;
        default:
            return LOCK_NONE;
        }
    }
    case PG_QUERY__NODE__NODE_ALTER_OBJECT_SCHEMA_STMT:
        if (n->alter_object_schema_stmt->relation) {
            *rel = rule_qualify(c, n->alter_object_schema_stmt->relation);
            return LOCK_ACCESS_EXCLUSIVE;
        }
        return LOCK_NONE;
    case PG_QUERY__NODE__NODE_CREATE_TRIG_STMT:
        *rel = rule_qualify(c, n->create_trig_stmt->relation);
        return LOCK_SHARE_ROW_EXCLUSIVE;
    case PG_QUERY__NODE__NODE_CREATE_POLICY_STMT:
        *rel = rule_qualify(c, n->create_policy_stmt->table);
        return LOCK_ACCESS_EXCLUSIVE;
    case PG_QUERY__NODE__NODE_ALTER_POLICY_STMT:
        *rel = rule_qualify(c, n->alter_policy_stmt->table);
        return LOCK_ACCESS_EXCLUSIVE;
    case PG_QUERY__NODE__NODE_RULE_STMT:
        *rel = rule_qualify(c, n->rule_stmt->relation);
        return LOCK_ACCESS_EXCLUSIVE;
    case PG_QUERY__NODE__NODE_REFRESH_MAT_VIEW_STMT:
        *rel = rule_qualify(c, n->refresh_mat_view_stmt->relation);
        return n->refresh_mat_view_stmt->concurrent ? LOCK_EXCLUSIVE : LOCK_ACCESS_EXCLUSIVE;
    case PG_QUERY__NODE__NODE_VIEW_STMT:
        /* CREATE OR REPLACE VIEW on an existing view */
        if (n->view_stmt->replace) {
            *rel = rule_qualify(c, n->view_stmt->view);
            return LOCK_ACCESS_EXCLUSIVE;
        }
        return LOCK_NONE;
    case PG_QUERY__NODE__NODE_LOCK_STMT:
        if (n->lock_stmt->n_relations &&
            n->lock_stmt->relations[0]->node_case == PG_QUERY__NODE__NODE_RANGE_VAR)
            *rel = rule_qualify(c, n->lock_stmt->relations[0]->range_var);
        return lockstmt_mode(n->lock_stmt->mode);
    case PG_QUERY__NODE__NODE_CREATE_STMT: {
        /* A new table takes no lock anyone waits on, but PARTITION OF locks
         * the parent and REFERENCES locks the referenced table. */
        const PgQuery__CreateStmt *s = n->create_stmt;
        if (s->partbound && s->n_inh_relations &&
            s->inh_relations[0]->node_case == PG_QUERY__NODE__NODE_RANGE_VAR) {
            *rel = rule_qualify(c, s->inh_relations[0]->range_var);
            return LOCK_ACCESS_EXCLUSIVE;
        }
        return LOCK_NONE;
    }
    case PG_QUERY__NODE__NODE_ALTER_DOMAIN_STMT: {
        /* ADD CONSTRAINT (validated) and SET NOT NULL check every stored value:
         * ShareLock on each table with a column of the domain */
        const PgQuery__AlterDomainStmt *s = n->alter_domain_stmt;
        bool add = s->subtype && s->subtype[0] == 'C' &&
                   !(s->def && s->def->node_case == PG_QUERY__NODE__NODE_CONSTRAINT &&
                     s->def->constraint->skip_validation);
        bool validate = s->subtype && (s->subtype[0] == 'O' || s->subtype[0] == 'V');
        if ((!add && !validate) || !c->cat)
            return LOCK_NONE;
        const char *tn = node_last_str(s->type_name, s->n_type_name);
        const char *ts = s->n_type_name >= 2 ? node_str(s->type_name[s->n_type_name - 2]) : NULL;
        const struct cat_type *t = tn ? catalog_find_type(c->cat, ts, tn) : NULL;
        if (!t || t->typtype != CAT_TYPE_DOMAIN)
            return LOCK_NONE;
        struct cat_dep **deps = NULL;
        uint32_t nd = catalog_dependents(c->cat, &t->obj, 0, &deps);
        for (uint32_t i = 0; i < nd; i++) {
            const struct cat_obj *o = deps[i]->dependent;
            if (o && o->kind == CAT_REL) {
                const struct cat_rel *r = (const struct cat_rel *)o;
                if (r->relkind == CAT_RELKIND_TABLE || r->relkind == CAT_RELKIND_PARTITIONED) {
                    *rel = rule_printf(c, "%s.%s", r->schema->name, r->name);
                    /* VALIDATE CONSTRAINT takes ShareUpdateExclusiveLock */
                    return s->subtype[0] == 'V' ? LOCK_SHARE_UPDATE_EXCLUSIVE : LOCK_SHARE;
                }
            }
        }
        return LOCK_NONE;
    }
    case PG_QUERY__NODE__NODE_UPDATE_STMT:
        *rel = rule_qualify(c, n->update_stmt->relation);
        return LOCK_ROW_EXCLUSIVE;
    case PG_QUERY__NODE__NODE_DELETE_STMT:
        *rel = rule_qualify(c, n->delete_stmt->relation);
        return LOCK_ROW_EXCLUSIVE;
    case PG_QUERY__NODE__NODE_INSERT_STMT:
        *rel = rule_qualify(c, n->insert_stmt->relation);
        return LOCK_ROW_EXCLUSIVE;
    default:
        return LOCK_NONE;
    }
}

/* A default expression that calls something not known to be non-volatile. */
static bool default_may_be_volatile(const PgQuery__ColumnDef *cd);

static bool at_cmd_heavy(struct rule_ctx *c, const char *rel, const PgQuery__AlterTableCmd *cmd)
{
    const PgQuery__Node *def = cmd->def;
    switch (cmd->subtype) {
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraint:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraintRecurse:
        if (!def || def->node_case != PG_QUERY__NODE__NODE_CONSTRAINT)
            return false;
        switch (def->constraint->contype) {
        case PG_QUERY__CONSTR_TYPE__CONSTR_CHECK:
        case PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN:
            return !def->constraint->skip_validation;
        case PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY:
        case PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE:
            return !(def->constraint->indexname && def->constraint->indexname[0]);
        case PG_QUERY__CONSTR_TYPE__CONSTR_EXCLUSION:
            return true;
        default:
            return false;
        }
    case PG_QUERY__ALTER_TABLE_TYPE__AT_ValidateConstraint:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_ValidateConstraintRecurse:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AlterColumnType:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetTableSpace:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetLogged:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetUnLogged:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetAccessMethod:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AttachPartition:
        return true;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetNotNull:
        return cmd->name && !rule_col_is_new(c, rel, cmd->name);
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumn:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumnRecurse:
        if (!def || def->node_case != PG_QUERY__NODE__NODE_COLUMN_DEF)
            return false;
        for (size_t i = 0; i < def->column_def->n_constraints; i++) {
            const PgQuery__Node *k = def->column_def->constraints[i];
            if (k->node_case != PG_QUERY__NODE__NODE_CONSTRAINT)
                continue;
            switch (k->constraint->contype) {
            case PG_QUERY__CONSTR_TYPE__CONSTR_IDENTITY:
            case PG_QUERY__CONSTR_TYPE__CONSTR_GENERATED:
            case PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY:
            case PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE:
            case PG_QUERY__CONSTR_TYPE__CONSTR_EXCLUSION:
                return true;
            case PG_QUERY__CONSTR_TYPE__CONSTR_CHECK:
            case PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN:
                if (!k->constraint->skip_validation)
                    return true;
                break;
            default:
                break;
            }
        }
        {
            const char *t = node_type_name(def->column_def->type_name);
            if (strcmp(t, "serial") == 0 || strcmp(t, "bigserial") == 0 ||
                strcmp(t, "smallserial") == 0)
                return true;
        }
        return default_may_be_volatile(def->column_def);
    default:
        return false;
    }
}

static bool func_not_stable(const PgQuery__Node *n, void *arg)
{
    bool *hit = arg;
    if (n->node_case == PG_QUERY__NODE__NODE_FUNC_CALL) {
        const char *name = node_last_str(n->func_call->funcname, n->func_call->n_funcname);
        enum pgfact_volatility v = name ? pgfact_builtin_volatility(name) : PGFACT_UNKNOWN;
        if (v == PGFACT_UNKNOWN && name)
            v = pgfact_extension_volatility(name);
        if (v == PGFACT_UNKNOWN || v == PGFACT_VOLATILE)
            *hit = true;
    }
    return true;
}

static bool default_may_be_volatile(const PgQuery__ColumnDef *cd)
{
    const PgQuery__Node *def = cd->raw_default;
    if (!def) {
        const PgQuery__Constraint *k =
            node_col_constraint(cd, PG_QUERY__CONSTR_TYPE__CONSTR_DEFAULT);
        def = k ? k->raw_expr : NULL;
    }
    bool hit = false;
    if (def)
        node_walk(def, func_not_stable, &hit);
    return hit;
}

bool rule_stmt_heavy(struct rule_ctx *c, const PgQuery__Node *n)
{
    if (!n)
        return false;
    switch (n->node_case) {
    case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT: {
        const PgQuery__AlterTableStmt *s = n->alter_table_stmt;
        if (!s->relation || rule_rv_is_new(c, s->relation) ||
            s->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_TYPE)
            return false;
        const char *rel = rule_qualify(c, s->relation);
        for (size_t i = 0; i < s->n_cmds; i++)
            if (s->cmds[i]->node_case == PG_QUERY__NODE__NODE_ALTER_TABLE_CMD &&
                at_cmd_heavy(c, rel, s->cmds[i]->alter_table_cmd))
                return true;
        return false;
    }
    case PG_QUERY__NODE__NODE_INDEX_STMT:
        return n->index_stmt->relation && !rule_rv_is_new(c, n->index_stmt->relation);
    case PG_QUERY__NODE__NODE_UPDATE_STMT:
        return !rule_rv_is_new(c, n->update_stmt->relation);
    case PG_QUERY__NODE__NODE_DELETE_STMT:
        return !rule_rv_is_new(c, n->delete_stmt->relation);
    case PG_QUERY__NODE__NODE_INSERT_STMT:
        /* INSERT ... SELECT copies rows; INSERT ... VALUES is a handful */
        return n->insert_stmt->select_stmt &&
               n->insert_stmt->select_stmt->node_case == PG_QUERY__NODE__NODE_SELECT_STMT &&
               n->insert_stmt->select_stmt->select_stmt->n_values_lists == 0;
    case PG_QUERY__NODE__NODE_REINDEX_STMT:
    case PG_QUERY__NODE__NODE_CLUSTER_STMT:
    case PG_QUERY__NODE__NODE_REFRESH_MAT_VIEW_STMT:
    case PG_QUERY__NODE__NODE_CREATE_TABLE_AS_STMT:
        return true;
    case PG_QUERY__NODE__NODE_VACUUM_STMT:
        return true;
    default:
        return false;
    }
}
