/*
 * arena.c - bump allocator. Memory comes in blocks that double in size up to
 * 1 MiB; an allocation larger than a block gets a block of its own, so the
 * waste is bounded by one block's tail. See arena.h.
 */
#include "lint/arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef __linux__
#include <sys/mman.h>
#include <unistd.h>
#endif

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#include <sanitizer/asan_interface.h>
#endif
#endif
#ifndef ASAN_POISON_MEMORY_REGION
#define ASAN_POISON_MEMORY_REGION(p, n) ((void)(p), (void)(n))
#define ASAN_UNPOISON_MEMORY_REGION(p, n) ((void)(p), (void)(n))
#endif

struct block {
    struct block *next;
    size_t size;
    _Alignas(16) unsigned char data[];
};

struct pb_allocator { /* layout of ProtobufCAllocator */
    void *(*alloc)(void *allocator_data, size_t size);
    void (*free)(void *allocator_data, void *pointer);
    void *allocator_data;
};

struct arena {
    struct arena_bump bump; /* first: see arena.h; the room left in head */
    struct block *head;
    size_t next_size;
    struct pb_allocator pb;
    struct arena *parent; /* a scratch arena's blocks come from its parent */
    struct block *spare;  /* a scratch arena's blocks since its last reset */
};

static void oom(void)
{
    fputs("airlock: out of memory\n", stderr);
    abort();
}

void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        oom();
    return p;
}

void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        oom();
    return p;
}

void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p)
        oom();
    return p;
}

char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    return memcpy(xmalloc(n), s, n);
}

static void *alloc_raw(struct arena *a, size_t size);

/* A new large block is filled from start to end: fault all its pages in with
 * one call instead of one page fault per 4 KiB page as it is first written
 * (a third of the simulator's time went to those faults). Only an advice:
 * kernels without MADV_POPULATE_WRITE (before 5.14) refuse it harmlessly. */
static void prefault(void *p, size_t n)
{
#if defined(__linux__) && defined(MADV_POPULATE_WRITE)
    static long page;
    if (!page)
        page = sysconf(_SC_PAGESIZE);
    if (page <= 0)
        return;
    uintptr_t start = ((uintptr_t)p + (uintptr_t)page - 1) & ~(uintptr_t)(page - 1);
    uintptr_t end = ((uintptr_t)p + n) & ~(uintptr_t)(page - 1);
    if (end > start)
        (void)madvise((void *)start, end - start, MADV_POPULATE_WRITE);
#else
    (void)p, (void)n;
#endif
}

/* protobuf-c initialises every message, array and string it allocates, as
 * it must with its default malloc allocator: no zeroing needed. */
static void *pb_alloc(void *data, size_t size)
{
    return alloc_raw(data, size);
}

static void pb_free(void *data, void *p)
{
    (void)data;
    (void)p; /* freed with the arena */
}

struct arena *arena_new(void)
{
    struct arena *a = xcalloc(1, sizeof *a);
    a->next_size = 4096;
    a->pb.alloc = pb_alloc;
    a->pb.free = pb_free;
    a->pb.allocator_data = a;
    return a;
}

struct arena *arena_new_scratch(struct arena *parent)
{
    struct arena *a = arena_alloc(parent, sizeof *a);
    a->next_size = 4096;
    a->pb.alloc = pb_alloc;
    a->pb.free = pb_free;
    a->pb.allocator_data = a;
    a->parent = parent;
    return a;
}

void arena_reset(struct arena *a)
{
    for (struct block *b = a->head, *next; b; b = next) {
        next = b->next;
        ASAN_POISON_MEMORY_REGION(b->data, b->size); /* catches a use after the reset */
        b->next = a->spare;
        a->spare = b;
    }
    a->head = NULL;
    a->bump.cur = a->bump.end = NULL;
    a->bump.used = 0;
}

void arena_free(struct arena *a)
{
    if (!a || a->parent)
        return; /* a scratch arena's memory is its parent's */
    for (struct block *b = a->head, *next; b; b = next) {
        next = b->next;
        free(b);
    }
    for (struct block *b = a->spare, *next; b; b = next) {
        next = b->next;
        free(b);
    }
    free(a);
}

/* Uninitialised memory: for the callers below that fill all of it. */
static void *alloc_raw(struct arena *a, size_t size)
{
    size = (size + 15) & ~(size_t)15;
    if (size == 0)
        size = 16;
    if ((size_t)(a->bump.end - a->bump.cur) >= size) {
        void *p = a->bump.cur;
        a->bump.cur += size;
        a->bump.used += size;
        return p;
    }
    size_t bs = a->next_size;
    if (a->next_size < (1u << 20))
        a->next_size *= 2;
    if (bs < size)
        bs = size;
    if (bs > SIZE_MAX - sizeof(struct block))
        oom();
    struct block *b, **spare = &a->spare;
    while (*spare && (*spare)->size < size)
        spare = &(*spare)->next;
    if (*spare) {
        b = *spare;
        *spare = b->next;
        bs = b->size;
        ASAN_UNPOISON_MEMORY_REGION(b->data, bs);
    } else if (a->parent) {
        b = alloc_raw(a->parent, sizeof *b + bs);
    } else {
        b = xmalloc(sizeof *b + bs);
        if (bs >= (1u << 20))
            prefault(b, sizeof *b + bs);
    }
    b->size = bs;
    a->bump.used += size;
    if (a->head && size > a->next_size / 2) {
        /* a large one-off: keep the current block for small allocations */
        b->next = a->head->next;
        a->head->next = b;
    } else {
        b->next = a->head;
        a->head = b;
        a->bump.cur = b->data + size;
        a->bump.end = b->data + bs;
    }
    return b->data;
}

void *arena_alloc_slow(struct arena *a, size_t size)
{
    void *p = alloc_raw(a, size);
    memset(p, 0, size);
    return p;
}

void *arena_memdup(struct arena *a, const void *p, size_t n)
{
    void *q = alloc_raw(a, n);
    if (n)
        memcpy(q, p, n);
    return q;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
    char *q = alloc_raw(a, n + 1);
    memcpy(q, s, n);
    q[n] = 0;
    return q;
}

char *arena_strdup(struct arena *a, const char *s)
{
    return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
    /* most results are short: format once into a local buffer, and a
     * second time only when it was too small */
    char buf[256];
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n < 0)
        n = 0, buf[0] = 0;
    char *s = alloc_raw(a, (size_t)n + 1);
    if ((size_t)n < sizeof buf)
        memcpy(s, buf, (size_t)n + 1);
    else
        vsnprintf(s, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    return s;
}

void *arena_grow(struct arena *a, void *old, size_t old_cap, size_t new_cap, size_t elem)
{
    unsigned char *p = alloc_raw(a, new_cap * elem);
    size_t keep = old ? old_cap * elem : 0;
    if (keep > new_cap * elem)
        keep = new_cap * elem;
    if (keep)
        memcpy(p, old, keep);
    memset(p + keep, 0, new_cap * elem - keep); /* the new room is zeroed, as arena_alloc's */
    return p;
}

size_t arena_used(const struct arena *a)
{
    return a->bump.used;
}

void *arena_protobuf_allocator(struct arena *a)
{
    return &a->pb;
}
