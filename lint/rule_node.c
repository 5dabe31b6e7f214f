/*
 * rule_node.c - parse tree helpers for rules: names, type names, a generic
 * depth-first walk over libpg_query's protobuf tree (driven by protobuf-c's
 * message descriptors, so it covers every node type without a switch), and
 * node locations.
 */
#include "lint/rule_pgfacts.h"
#include "lint/rule.h"
#include "lint/arena.h"

#include <protobuf-c/protobuf-c.h>
#include <stdlib.h>
#include <string.h>

const char *node_str(const PgQuery__Node *n)
{
    if (n && n->node_case == PG_QUERY__NODE__NODE_STRING && n->string)
        return n->string->sval;
    return NULL;
}

const char *node_last_str(PgQuery__Node **names, size_t n)
{
    return n ? node_str(names[n - 1]) : NULL;
}

const char *node_type_name(const PgQuery__TypeName *t)
{
    if (!t || t->n_names == 0)
        return "";
    const char *last = node_str(t->names[t->n_names - 1]);
    if (!last)
        return "";
    /* The grammar qualifies its own keyword types with pg_catalog; a user may
     * also write pg_catalog.int4 or a plain alias. */
    return pgfact_type_canonical(last);
}

static int32_t typmod_int(const PgQuery__Node *n)
{
    if (n && n->node_case == PG_QUERY__NODE__NODE_A_CONST && n->a_const &&
        n->a_const->val_case == PG_QUERY__A__CONST__VAL_IVAL && n->a_const->ival)
        return n->a_const->ival->ival;
    return -1;
}

int node_typmods(const PgQuery__TypeName *t, int32_t *m1, int32_t *m2)
{
    *m1 = *m2 = -1;
    if (!t)
        return 0;
    if (t->n_typmods >= 1)
        *m1 = typmod_int(t->typmods[0]);
    if (t->n_typmods >= 2)
        *m2 = typmod_int(t->typmods[1]);
    return (int)t->n_typmods;
}

const char *node_type_display(struct arena *a, const PgQuery__TypeName *t)
{
    static const struct {
        const char *name, *sql;
    } sql_names[] = {
        {"int2", "smallint"},
        {"int4", "integer"},
        {"int8", "bigint"},
        {"float4", "real"},
        {"float8", "double precision"},
        {"bool", "boolean"},
        {"bpchar", "char"},
        {"timestamptz", "timestamptz"},
    };
    const char *n = node_type_name(t);
    for (size_t i = 0; i < sizeof sql_names / sizeof sql_names[0]; i++)
        if (strcmp(n, sql_names[i].name) == 0)
            n = sql_names[i].sql;
    int32_t m1, m2;
    int k = node_typmods(t, &m1, &m2);
    const char *s = k >= 2 && m1 >= 0 && m2 >= 0 ? arena_printf(a, "%s(%d,%d)", n, m1, m2)
                    : k >= 1 && m1 >= 0          ? arena_printf(a, "%s(%d)", n, m1)
                                                 : n;
    return node_type_is_array(t) ? arena_printf(a, "%s[]", s) : s;
}

bool node_type_is_array(const PgQuery__TypeName *t)
{
    return t && t->n_array_bounds > 0;
}

const PgQuery__Constraint *node_col_constraint(const PgQuery__ColumnDef *cd, PgQuery__ConstrType t)
{
    for (size_t i = 0; cd && i < cd->n_constraints; i++) {
        const PgQuery__Node *n = cd->constraints[i];
        if (n->node_case == PG_QUERY__NODE__NODE_CONSTRAINT && n->constraint->contype == t)
            return n->constraint;
    }
    return NULL;
}

/* The message a Node wraps (its one active oneof member). */
static const ProtobufCMessage *node_inner(const PgQuery__Node *n)
{
    if (!n || n->node_case == PG_QUERY__NODE__NODE__NOT_SET)
        return NULL;
    const ProtobufCMessageDescriptor *d = n->base.descriptor;
    for (unsigned i = 0; i < d->n_fields; i++) {
        const ProtobufCFieldDescriptor *f = &d->fields[i];
        if (f->id == (uint32_t)n->node_case)
            return *(const ProtobufCMessage *const *)((const char *)n + f->offset);
    }
    return NULL;
}

static int32_t msg_location(const ProtobufCMessage *m)
{
    if (!m)
        return -1;
    const ProtobufCMessageDescriptor *d = m->descriptor;
    for (unsigned i = 0; i < d->n_fields; i++) {
        const ProtobufCFieldDescriptor *f = &d->fields[i];
        if (f->type == PROTOBUF_C_TYPE_INT32 && f->label != PROTOBUF_C_LABEL_REPEATED &&
            strcmp(f->name, "location") == 0)
            return *(const int32_t *)((const char *)m + f->offset);
    }
    return -1;
}

int32_t node_location(const PgQuery__Node *n)
{
    return msg_location(node_inner(n));
}

static bool walk_msg(const ProtobufCMessage *m, bool (*fn)(const PgQuery__Node *, void *),
                     void *arg, int depth);

static bool walk_node(const PgQuery__Node *n, bool (*fn)(const PgQuery__Node *, void *), void *arg,
                      int depth)
{
    if (!n)
        return true;
    if (!fn(n, arg))
        return true;
    return walk_msg(node_inner(n), fn, arg, depth + 1);
}

/* Visits every Node below m. Message-typed fields that are not Node (RangeVar,
 * TypeName, ...) are descended into as well. The depth bound only guards the
 * C stack against pathological input; PostgreSQL's own limit is lower. */
static bool walk_msg(const ProtobufCMessage *m, bool (*fn)(const PgQuery__Node *, void *),
                     void *arg, int depth)
{
    if (!m || depth > 2000)
        return true;
    const ProtobufCMessageDescriptor *d = m->descriptor;
    for (unsigned i = 0; i < d->n_fields; i++) {
        const ProtobufCFieldDescriptor *f = &d->fields[i];
        if (f->type != PROTOBUF_C_TYPE_MESSAGE)
            continue;
        const char *base = (const char *)m;
        if (f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) {
            uint32_t which = *(const uint32_t *)(base + f->quantifier_offset);
            if (which != f->id)
                continue;
        }
        const ProtobufCMessageDescriptor *fd = f->descriptor;
        bool is_node = fd == &pg_query__node__descriptor;
        if (f->label == PROTOBUF_C_LABEL_REPEATED) {
            size_t cnt = *(const size_t *)(base + f->quantifier_offset);
            ProtobufCMessage *const *arr = *(ProtobufCMessage *const *const *)(base + f->offset);
            for (size_t k = 0; k < cnt; k++) {
                if (is_node)
                    walk_node((const PgQuery__Node *)arr[k], fn, arg, depth + 1);
                else
                    walk_msg(arr[k], fn, arg, depth + 1);
            }
        } else {
            const ProtobufCMessage *sub = *(const ProtobufCMessage *const *)(base + f->offset);
            if (!sub)
                continue;
            if (is_node)
                walk_node((const PgQuery__Node *)sub, fn, arg, depth + 1);
            else
                walk_msg(sub, fn, arg, depth + 1);
        }
    }
    return true;
}

void node_walk(const PgQuery__Node *n, bool (*fn)(const PgQuery__Node *n, void *arg), void *arg)
{
    walk_node(n, fn, arg, 0);
}

const char *lock_mode_name(enum lock_mode m)
{
    static const char *const names[] = {
        "",
        "AccessShareLock",
        "RowShareLock",
        "RowExclusiveLock",
        "ShareUpdateExclusiveLock",
        "ShareLock",
        "ShareRowExclusiveLock",
        "ExclusiveLock",
        "AccessExclusiveLock",
    };
    return (unsigned)m < sizeof names / sizeof names[0] ? names[m] : "";
}
