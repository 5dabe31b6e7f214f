/*
 * arena.h - bump allocator for per-run data (parse trees, chains, catalogs,
 * diagnostics). Everything allocated from an arena is freed at once by
 * arena_free(); nothing is freed individually. Also provides a protobuf-c
 * allocator so libpg_query's protobuf trees unpack straight into the arena.
 */
#ifndef AIRLOCK_ARENA_H
#define AIRLOCK_ARENA_H

#include <stddef.h>
#include <string.h>

struct arena;

/* The free room of an arena's current block. It is the first member of
 * struct arena so that arena_alloc's common case (a bump) inlines: the
 * simulator makes some 30 allocations per statement. Not for other use. */
struct arena_bump {
    unsigned char *cur, *end;
    size_t used; /* total bytes handed out, see arena_used */
};

struct arena *arena_new(void);
void arena_free(struct arena *a);
/* A scratch arena for short-lived work: its blocks come from parent (and go
 * with it: arena_free does nothing to it), and arena_reset makes them all
 * reusable. */
struct arena *arena_new_scratch(struct arena *parent);
/* Forgets everything allocated from a scratch arena; its memory is reused. */
void arena_reset(struct arena *a);
/* Zeroed, 16-byte aligned memory; aborts on out-of-memory like xmalloc. */
void *arena_alloc_slow(struct arena *a, size_t size);
static inline void *arena_alloc(struct arena *a, size_t size)
{
    struct arena_bump *b = (struct arena_bump *)a;
    size_t n = (size + 15) & ~(size_t)15;
    if (n && (size_t)(b->end - b->cur) >= n) {
        void *p = b->cur;
        b->cur += n;
        b->used += n;
        return memset(p, 0, size);
    }
    return arena_alloc_slow(a, size);
}
void *arena_memdup(struct arena *a, const void *p, size_t n);
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Grows an array allocated from the arena: returns a copy with room for new_cap elems. */
void *arena_grow(struct arena *a, void *old, size_t old_cap, size_t new_cap, size_t elem);
/* Total bytes handed out (for benchmarks). */
size_t arena_used(const struct arena *a);

/* Returns a ProtobufCAllocator* (declared as void* so this header needs no protobuf-c). */
void *arena_protobuf_allocator(struct arena *a);

/* Allocation helpers that abort on out-of-memory. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);

#endif
