/*
 * chain.c - the revision graph: construction helpers for format readers, the
 * graph checks of SPEC.md §1 (Alembic semantics: heads, bases, branch points,
 * merges), topological order, and REV resolution. Everything is linear in the
 * number of revisions and parent edges (hash map index, Kahn's algorithm with
 * a heap that keeps file order among revisions ready at the same time).
 */
#include "lint/chain.h"
#include "lint/arena.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct chain *chain_new(struct arena *a, const char *dir, const char *format)
{
    struct chain *c = arena_alloc(a, sizeof *c);
    c->arena = a;
    c->dir = arena_strdup(a, dir);
    c->format = arena_strdup(a, format);
    hashmap_init(&c->index, a);
    return c;
}

struct revision *chain_add(struct chain *c)
{
    if (c->nrevs == c->cap) {
        uint32_t cap = c->cap ? c->cap * 2 : 16;
        c->revs = arena_grow(c->arena, c->revs, c->cap, cap, sizeof *c->revs);
        c->cap = cap;
    }
    struct revision *r = arena_alloc(c->arena, sizeof *r);
    r->order = c->nrevs;
    c->revs[c->nrevs++] = r;
    return r;
}

void chain_add_source(struct chain *c, struct source *s)
{
    if (c->nsources == c->sources_cap) {
        uint32_t cap = c->sources_cap ? c->sources_cap * 2 : 16;
        c->sources = arena_grow(c->arena, c->sources, c->sources_cap, cap, sizeof *c->sources);
        c->sources_cap = cap;
    }
    c->sources[c->nsources++] = s;
}

struct revision *chain_find(const struct chain *c, const char *id)
{
    return hashmap_get(&c->index, id);
}

bool chain_id_valid(const char *id)
{
    size_t n = strlen(id);
    if (n == 0 || n > CHAIN_ID_MAX)
        return false;
    for (size_t i = 0; i < n; i++) {
        char ch = id[i];
        if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
              ch == '_' || ch == '.'))
            return false;
    }
    return true;
}

static struct diag *graph_diag(struct diag_list *d, const char *rule, const struct revision *r,
                               struct loc loc, const char *fmt, const char *a1, const char *a2)
{
    struct diag *g = diag_add(d, rule, SEV_ERROR, loc, fmt, a1, a2);
    g->input_error = true;
    if (loc.src && loc.off + 1 < loc.src->len && loc.src->data[loc.off] == '-' &&
        loc.src->data[loc.off + 1] == '-') { /* a directive: underline the comment */
        uint32_t e = loc.off;
        while (e < loc.src->len && loc.src->data[e] != '\n' && loc.src->data[e] != '\r')
            e++;
        g->span = e - loc.off;
    }
    g->revision = r ? r->id : NULL;
    if (!loc.src && r && r->src)
        g->path = r->src->path;
    return g;
}

/* Min-heap of revisions keyed by their original (file) order. */
struct heap {
    struct revision **v;
    uint32_t n;
};

static void heap_push(struct heap *h, struct revision *r)
{
    uint32_t i = h->n++;
    h->v[i] = r;
    while (i && h->v[(i - 1) / 2]->order > h->v[i]->order) {
        struct revision *t = h->v[i];
        h->v[i] = h->v[(i - 1) / 2];
        h->v[(i - 1) / 2] = t;
        i = (i - 1) / 2;
    }
}

static struct revision *heap_pop(struct heap *h)
{
    struct revision *top = h->v[0];
    h->v[0] = h->v[--h->n];
    uint32_t i = 0;
    for (;;) {
        uint32_t l = 2 * i + 1, r = l + 1, m = i;
        if (l < h->n && h->v[l]->order < h->v[m]->order)
            m = l;
        if (r < h->n && h->v[r]->order < h->v[m]->order)
            m = r;
        if (m == i)
            break;
        struct revision *t = h->v[i];
        h->v[i] = h->v[m];
        h->v[m] = t;
        i = m;
    }
    return top;
}

/* Names the revisions of one cycle among those Kahn's algorithm left over. */
static void report_cycle(struct chain *c, struct revision **left, uint32_t nleft,
                         const uint32_t *indeg, struct diag_list *d)
{
    struct arena *a = c->arena;
    /* walk parent edges from a leftover revision until one repeats: that loop is a cycle */
    uint8_t *seen = arena_alloc(a, c->nrevs);
    uint32_t *pos = arena_alloc(a, sizeof(uint32_t) * c->nrevs);
    struct revision **path = arena_alloc(a, sizeof *path * (nleft + 1));
    uint32_t n = 0;
    struct revision *r = left[0];
    while (!seen[r->order]) {
        seen[r->order] = 1;
        pos[r->order] = n;
        path[n++] = r;
        struct revision *next = NULL;
        for (uint32_t k = 0; k < r->nparents; k++) {
            struct revision *p = r->parent_revs[k];
            if (p && indeg[p->order] > 0) {
                next = p;
                break;
            }
        }
        if (!next)
            break;
        r = next;
    }
    uint32_t start = seen[r->order] ? pos[r->order] : 0;
    /* report in application order: parent first */
    char *names = arena_alloc(a, (size_t)(n - start) * (CHAIN_ID_MAX + 2) + CHAIN_ID_MAX + 1);
    char *w = names;
    for (uint32_t k = n; k-- > start;) {
        w += sprintf(w, "%s%s", w == names ? "" : ", ", path[k]->id);
    }
    struct revision *at = path[n - 1];
    for (uint32_t k = start; k < n; k++)
        if (path[k]->order < at->order)
            at = path[k];
    struct diag *g = graph_diag(d, "revision-cycle", at, at->parents_loc,
                                "cycle is detected in revisions (%s)%s", names, "");
    g->help = "a revision's parents must be applied before it; remove one parent edge of the cycle";
}

int chain_validate(struct chain *c, struct diag_list *d)
{
    struct arena *a = c->arena;
    uint32_t errors = 0;
    c->valid = false;
    hashmap_init(&c->index, a);
    /* ids: valid and unique */
    for (uint32_t i = 0; i < c->nrevs; i++) {
        struct revision *r = c->revs[i];
        r->order = i;
        if (!chain_id_valid(r->id)) {
            struct diag *g = graph_diag(d, "invalid-revision-id", r, r->loc,
                                        strlen(r->id) > CHAIN_ID_MAX
                                            ? "revision id '%s' is longer than 32 characters%s"
                                            : "revision id '%s' contains characters other than "
                                              "letters, digits, '_' and '.'%s",
                                        r->id, "");
            g->help =
                "ids are [A-Za-z0-9_.]{1,32}: they are stored in a varchar(32) version column";
            errors++;
        }
        struct revision *prev = hashmap_get(&c->index, r->id);
        if (prev) {
            struct diag *g = graph_diag(d, "duplicate-revision", r, r->loc,
                                        "revision '%s' is present more than once%s", r->id, "");
            g->note = arena_printf(a, "first defined in %s", prev->src ? prev->src->path : "?");
            errors++;
            continue;
        }
        hashmap_put(&c->index, r->id, r);
    }
    /* parents */
    uint32_t *nchild = arena_alloc(a, sizeof(uint32_t) * (c->nrevs ? c->nrevs : 1));
    for (uint32_t i = 0; i < c->nrevs; i++) {
        struct revision *r = c->revs[i];
        r->parent_revs = arena_alloc(a, sizeof *r->parent_revs * (r->nparents ? r->nparents : 1));
        for (uint32_t k = 0; k < r->nparents; k++) {
            struct revision *p = hashmap_get(&c->index, r->parents[k]);
            for (uint32_t j = 0; j < k; j++) {
                if (strcmp(r->parents[j], r->parents[k]) == 0) {
                    struct diag *g =
                        graph_diag(d, "merge-single-parent", r, r->parents_loc,
                                   "merge revision '%s' names parent '%s' more than once", r->id,
                                   r->parents[k]);
                    g->help = "a merge joins two or more distinct revisions; list each parent once";
                    errors++;
                    p = NULL;
                    break;
                }
            }
            if (p == r) {
                graph_diag(d, "revision-cycle", r, r->parents_loc,
                           "revision '%s' names itself as a parent%s", r->id, "");
                errors++;
                p = NULL;
            } else if (!p && hashmap_get(&c->index, r->parents[k]) == NULL && !c->partial) {
                struct diag *g = graph_diag(d, "missing-parent", r, r->parents_loc,
                                            "revision '%s' referenced from '%s' is not present",
                                            r->parents[k], r->id);
                g->help = "add the parent revision to the chain or correct the parents directive";
                errors++;
            }
            r->parent_revs[k] = p;
            if (p)
                nchild[p->order]++;
        }
    }
    for (uint32_t i = 0; i < c->nrevs; i++) {
        struct revision *r = c->revs[i];
        r->children = arena_alloc(a, sizeof *r->children * (nchild[i] ? nchild[i] : 1));
        r->nchildren = 0;
    }
    for (uint32_t i = 0; i < c->nrevs; i++) {
        struct revision *r = c->revs[i];
        for (uint32_t k = 0; k < r->nparents; k++)
            if (r->parent_revs[k])
                r->parent_revs[k]->children[r->parent_revs[k]->nchildren++] = r;
    }
    /* topological order (Kahn), ties broken by file order */
    uint32_t *indeg = arena_alloc(a, sizeof(uint32_t) * (c->nrevs ? c->nrevs : 1));
    struct heap h = {arena_alloc(a, sizeof(struct revision *) * (c->nrevs ? c->nrevs : 1)), 0};
    for (uint32_t i = 0; i < c->nrevs; i++) {
        struct revision *r = c->revs[i];
        for (uint32_t k = 0; k < r->nparents; k++)
            if (r->parent_revs[k])
                indeg[i]++;
        if (!indeg[i])
            heap_push(&h, r);
    }
    struct revision **order = arena_alloc(a, sizeof *order * (c->nrevs ? c->nrevs : 1));
    uint32_t n = 0;
    while (h.n) {
        struct revision *r = heap_pop(&h);
        order[n++] = r;
        for (uint32_t k = 0; k < r->nchildren; k++) {
            struct revision *ch = r->children[k];
            /* a child lists a parent once per edge; duplicates were dropped above */
            if (--indeg[ch->order] == 0)
                heap_push(&h, ch);
        }
    }
    if (n < c->nrevs) {
        struct revision **left = arena_alloc(a, sizeof *left * (c->nrevs - n));
        uint32_t nl = 0;
        for (uint32_t i = 0; i < c->nrevs; i++)
            if (indeg[i] > 0)
                left[nl++] = c->revs[i];
        report_cycle(c, left, nl, indeg, d);
        errors++;
        for (uint32_t i = 0; i < nl; i++)
            order[n++] = left[i]; /* keep every revision reachable for later stages */
    }
    /* heads and bases */
    c->heads = arena_alloc(a, sizeof *c->heads * (c->nrevs ? c->nrevs : 1));
    c->bases = arena_alloc(a, sizeof *c->bases * (c->nrevs ? c->nrevs : 1));
    c->nheads = c->nbases = 0;
    for (uint32_t i = 0; i < n; i++) {
        struct revision *r = order[i];
        r->order = i;
        c->revs[i] = r;
    }
    for (uint32_t i = 0; i < c->nrevs; i++) {
        struct revision *r = c->revs[i];
        if (r->nchildren == 0)
            c->heads[c->nheads++] = r;
        if (r->nparents == 0)
            c->bases[c->nbases++] = r;
    }
    /* several heads or bases that follow from an error above are not reported again */
    bool consequences = errors > 0;
    for (uint32_t i = 0; i + 1 < c->nrevs && !consequences; i++)
        if (c->revs[i]->explicit_parents != c->revs[i + 1]->explicit_parents)
            consequences = true; /* 'mixed-parents', reported by the reader */
    if (c->nheads > 1 && !c->partial && !consequences) {
        char *list = arena_strdup(a, "");
        for (uint32_t i = 0; i < c->nheads; i++)
            list = arena_printf(a, "%s%s'%s'", list, i ? ", " : "", c->heads[i]->id);
        for (uint32_t i = 1; i < c->nheads; i++) {
            struct revision *r = c->heads[i];
            struct diag *g = graph_diag(d, "multiple-heads", r, r->loc,
                                        "multiple head revisions are present: %s%s", list, "");
            g->help = "add a merge revision whose parents are all the heads";
            errors++;
        }
    }
    if (c->nbases > 1 && !c->partial && !consequences) {
        for (uint32_t i = 1; i < c->nbases; i++) {
            struct revision *r = c->bases[i];
            struct diag *g =
                graph_diag(d, "multiple-bases", r, r->parents_loc,
                           "revision '%s' is a second base: the chain already starts at '%s'",
                           r->id, c->bases[0]->id);
            g->help = "give the revision a parent; a chain has exactly one base";
            errors++;
        }
    }
    c->valid = errors == 0;
    return (int)errors;
}

int chain_resolve(const struct chain *c, const char *rev, struct revision **out, struct err *e)
{
    *out = NULL;
    if (strcmp(rev, "base") == 0)
        return 0;
    if (strcmp(rev, "head") == 0) {
        if (c->nheads == 1) {
            *out = c->heads[0];
            return 0;
        }
        return err_set(e, 1,
                       c->nheads ? "'head' is ambiguous: the chain has %u heads"
                                 : "the chain has no revisions%.0u",
                       c->nheads);
    }
    struct revision *r = hashmap_get(&c->index, rev);
    if (r) {
        *out = r;
        return 0;
    }
    size_t n = strlen(rev);
    if (n < 4)
        return err_set(e, 1, "unknown revision '%s' (a prefix needs at least 4 characters)", rev);
    for (uint32_t i = 0; i < c->nrevs; i++) {
        if (strncmp(c->revs[i]->id, rev, n) == 0) {
            if (r)
                return err_set(e, 1, "revision prefix '%s' is ambiguous: '%s' and '%s'", rev, r->id,
                               c->revs[i]->id);
            r = c->revs[i];
        }
    }
    if (!r)
        return err_set(e, 1, "unknown revision '%s'", rev);
    *out = r;
    return 0;
}

/* Marks r and its ancestors in mark[] (iteratively: chains can be long). */
static void mark_ancestors(const struct chain *c, const struct revision *r, uint8_t *mark,
                           struct revision **stack)
{
    uint32_t sp = 0;
    if (!r || mark[r->order])
        return;
    mark[r->order] = 1;
    stack[sp++] = (struct revision *)r;
    while (sp) {
        struct revision *x = stack[--sp];
        for (uint32_t k = 0; k < x->nparents; k++) {
            struct revision *p = x->parent_revs[k];
            if (p && !mark[p->order]) {
                mark[p->order] = 1;
                stack[sp++] = p;
            }
        }
    }
    (void)c;
}

int chain_path(const struct chain *c, const struct revision *from, const struct revision *to,
               struct revision ***out, struct err *e)
{
    struct arena *a = c->arena;
    uint32_t n = c->nrevs ? c->nrevs : 1;
    uint8_t *in_to = arena_alloc(a, n), *in_from = arena_alloc(a, n);
    struct revision **stack = arena_alloc(a, sizeof *stack * n);
    mark_ancestors(c, to, in_to, stack);
    mark_ancestors(c, from, in_from, stack);
    if (from && !in_to[from->order])
        return err_set(e, 1, "revision '%s' is not an ancestor of '%s'", from->id,
                       to ? to->id : "base");
    struct revision **path = arena_alloc(a, sizeof *path * n);
    uint32_t k = 0;
    for (uint32_t i = 0; i < c->nrevs; i++)
        if (in_to[i] && !in_from[i])
            path[k++] = c->revs[i];
    *out = path;
    return (int)k;
}

int chain_check_ignores(struct chain *c, rule_known_fn known, struct diag_list *d)
{
    int errors = 0;
    for (uint32_t i = 0; i < c->nrevs; i++) {
        struct revision *r = c->revs[i];
        for (uint32_t k = 0; k < r->nignores; k++) {
            struct ignore *ig = &r->ignores[k];
            for (uint32_t j = 0; j < ig->nrules; j++) {
                if (known(ig->rules[j]))
                    continue;
                struct diag *g = diag_add(d, "unknown-rule", SEV_ERROR, ig->loc,
                                          "unknown rule '%s' in ignore directive", ig->rules[j]);
                g->input_error = true;
                g->revision = r->id;
                g->help = "`airlock rules` lists the rule ids";
                errors++;
            }
        }
    }
    return errors;
}

static size_t leading_digits(const char *s)
{
    size_t n = 0;
    while (s[n] >= '0' && s[n] <= '9')
        n++;
    return n;
}

int chain_version_cmp(const char *a, const char *b)
{
    size_t na = leading_digits(a), nb = leading_digits(b);
    if (na && !nb)
        return -1;
    if (!na && nb)
        return 1;
    if (na && nb) {
        const char *pa = a, *pb = b;
        size_t la = na, lb = nb;
        while (la > 1 && *pa == '0')
            pa++, la--;
        while (lb > 1 && *pb == '0')
            pb++, lb--;
        if (la != lb)
            return la < lb ? -1 : 1;
        int c = memcmp(pa, pb, la);
        if (c)
            return c < 0 ? -1 : 1;
    }
    int c = strcmp(a, b);
    return c < 0 ? -1 : c > 0;
}
