/*
 * diag.c - the diagnostic list. Diagnostics live in the run's arena; sorting
 * is stable (insertion order breaks ties) so reports are deterministic.
 */
#include "lint/diag.h"
#include "lint/arena.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void diag_list_init(struct diag_list *l, struct arena *a)
{
    memset(l, 0, sizeof *l);
    l->arena = a;
}

struct diag *diag_add(struct diag_list *l, const char *rule, enum severity sev, struct loc loc,
                      const char *fmt, ...)
{
    if (l->n == l->cap) {
        uint32_t cap = l->cap ? l->cap * 2 : 32;
        l->items = arena_grow(l->arena, l->items, l->cap, cap, sizeof *l->items);
        l->cap = cap;
    }
    struct diag *d = &l->items[l->n];
    memset(d, 0, sizeof *d);
    d->seq = l->n++;
    d->rule = rule;
    d->sev = sev;
    d->loc = loc;
    if (loc.src)
        d->path = loc.src->path;
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *m = arena_alloc(l->arena, (size_t)n + 1);
    vsnprintf(m, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    d->message = m;
    return d;
}

static int cmp_diag(const void *pa, const void *pb)
{
    const struct diag *a = pa, *b = pb;
    const char *fa = a->path ? a->path : "", *fb = b->path ? b->path : "";
    int c = strcmp(fa, fb);
    if (c)
        return c;
    if (a->loc.line != b->loc.line)
        return a->loc.line < b->loc.line ? -1 : 1;
    if (a->loc.col != b->loc.col)
        return a->loc.col < b->loc.col ? -1 : 1;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

void diag_sort(struct diag_list *l)
{
    if (l->n > 1)
        qsort(l->items, l->n, sizeof *l->items, cmp_diag);
}

uint32_t diag_count(const struct diag_list *l, enum severity min)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < l->n; i++)
        if (l->items[i].sev >= min)
            n++;
    return n;
}

bool diag_has_input_error(const struct diag_list *l)
{
    for (uint32_t i = 0; i < l->n; i++)
        if (l->items[i].input_error)
            return true;
    return false;
}

const char *severity_name(enum severity s)
{
    switch (s) {
    case SEV_ERROR:
        return "error";
    case SEV_WARNING:
        return "warning";
    default:
        return "info";
    }
}
