/*
 * builtin.c - process-wide indexes over the generated PostgreSQL 15 catalog
 * rows in pg_builtins.c: builtin types as shared, immutable cat_type objects
 * (in one shared pg_catalog schema object), procs and operators by name,
 * casts by (source, target) and keywords. Built on first use; never freed
 * (reachable from statics, so LeakSanitizer does not count it).
 */
#include "lint/pg_builtins.h"

#include <stdlib.h>
#include <string.h>

#include "lint/arena.h"
#include "lint/catalog.h"

#define OID_LIMIT 16384 /* FirstNormalObjectId: every builtin OID is below it */

static struct {
    bool ready;
    struct arena *arena;
    struct cat_schema schema;
    struct cat_type **by_oid;           /* OID_LIMIT entries */
    const struct pgb_type **row_by_oid; /* OID_LIMIT entries */
    const struct pgb_proc **proc_by_oid;
} B;

static void init(void)
{
    if (B.ready)
        return;
    B.ready = true;
    B.arena = arena_new();
    B.by_oid = arena_alloc(B.arena, sizeof *B.by_oid * OID_LIMIT);
    B.row_by_oid = arena_alloc(B.arena, sizeof *B.row_by_oid * OID_LIMIT);
    B.proc_by_oid = arena_alloc(B.arena, sizeof *B.proc_by_oid * OID_LIMIT);
    B.schema.obj.kind = CAT_SCHEMA;
    B.schema.obj.builtin = true;
    B.schema.name = "pg_catalog";
    hashmap_init(&B.schema.rels, B.arena);
    hashmap_init(&B.schema.types, B.arena);
    hashmap_init(&B.schema.funcs, B.arena);
    hashmap_init(&B.schema.constraints_by_name, B.arena);
    hashmap_init(&B.schema.opers, B.arena);
    hashmap_init(&B.schema.opclasses, B.arena);
    for (unsigned i = 0; i < pgb_ntypes; i++) {
        const struct pgb_type *r = &pgb_types[i];
        struct cat_type *t = arena_alloc(B.arena, sizeof *t);
        t->obj.kind = CAT_TYPE;
        t->obj.builtin = true;
        t->schema = &B.schema;
        t->name = r->name;
        t->oid = r->oid;
        t->typtype = r->typtype;
        t->category = r->category;
        t->preferred = r->preferred;
        t->base_typmod = -1;
        if (r->oid < OID_LIMIT) {
            B.by_oid[r->oid] = t;
            B.row_by_oid[r->oid] = r;
        }
        hashmap_put(&B.schema.types, r->name, t);
    }
    for (unsigned i = 0; i < pgb_ntypes; i++) {
        const struct pgb_type *r = &pgb_types[i];
        struct cat_type *t = B.by_oid[r->oid];
        if (r->elem && r->elem < OID_LIMIT && r->category == 'A')
            t->elem = B.by_oid[r->elem];
        if (r->array && r->array < OID_LIMIT)
            t->array = B.by_oid[r->array];
    }
    for (unsigned i = 0; i < pgb_nprocs; i++)
        if (pgb_procs[i].oid < OID_LIMIT)
            B.proc_by_oid[pgb_procs[i].oid] = &pgb_procs[i];
}

struct cat_schema *pgb_schema(void)
{
    init();
    return &B.schema;
}

struct cat_type *pgb_type(unsigned oid)
{
    init();
    return oid < OID_LIMIT ? B.by_oid[oid] : NULL;
}

const struct pgb_type *pgb_type_row(unsigned oid)
{
    init();
    return oid < OID_LIMIT ? B.row_by_oid[oid] : NULL;
}

struct cat_type *pgb_type_named(const char *typname)
{
    init();
    return hashmap_get(&B.schema.types, typname);
}

const struct pgb_proc *pgb_proc_by_oid(unsigned oid)
{
    init();
    return oid < OID_LIMIT ? B.proc_by_oid[oid] : NULL;
}

/* The generated tables are sorted by name in byte order (C collation), so a
 * name's rows are one contiguous run found by two binary searches. */
#define NAMED_RANGE(ARR, N, NAME, FIRST)                                                           \
    do {                                                                                           \
        unsigned lo = 0, hi = (N);                                                                 \
        while (lo < hi) {                                                                          \
            unsigned mid = (lo + hi) / 2;                                                          \
            if (strcmp((ARR)[mid].name, (NAME)) < 0)                                               \
                lo = mid + 1;                                                                      \
            else                                                                                   \
                hi = mid;                                                                          \
        }                                                                                          \
        unsigned first_ = lo;                                                                      \
        hi = (N);                                                                                  \
        while (lo < hi) { /* upper bound: some names have many overloads */                        \
            unsigned mid = (lo + hi) / 2;                                                          \
            if (strcmp((ARR)[mid].name, (NAME)) <= 0)                                              \
                lo = mid + 1;                                                                      \
            else                                                                                   \
                hi = mid;                                                                          \
        }                                                                                          \
        *(FIRST) = first_;                                                                         \
        return lo - first_;                                                                        \
    } while (0)

unsigned pgb_procs_named(const char *name, unsigned *first)
{
    NAMED_RANGE(pgb_procs, pgb_nprocs, name, first);
}

unsigned pgb_opers_named(const char *name, unsigned *first)
{
    NAMED_RANGE(pgb_opers, pgb_nopers, name, first);
}

const struct pgb_cast *pgb_cast_find(unsigned source, unsigned target)
{
    unsigned lo = 0, hi = pgb_ncasts;
    while (lo < hi) {
        unsigned mid = (lo + hi) / 2;
        const struct pgb_cast *c = &pgb_casts[mid];
        if (c->source < source || (c->source == source && c->target < target))
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < pgb_ncasts && pgb_casts[lo].source == source && pgb_casts[lo].target == target)
        return &pgb_casts[lo];
    return NULL;
}

char pgb_keyword(const char *word)
{
    unsigned lo = 0, hi = pgb_nkeywords;
    while (lo < hi) {
        unsigned mid = (lo + hi) / 2;
        int c = strcmp(pgb_keywords[mid].word, word);
        if (c == 0)
            return pgb_keywords[mid].category;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}
