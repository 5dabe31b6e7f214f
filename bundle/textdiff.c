/*
 * textdiff.c - see textdiff.h. Lines are compared by length + FNV hash +
 * bytes. The middle part left after trimming common prefix and suffix gets an
 * exact LCS when it is small enough for a table (drift is usually a few
 * lines); beyond that it is shown as one removed block and one added block,
 * which is still a correct diff, only not a minimal one.
 */
#include "bundle/textdiff.h"
#include "lint/arena.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define CONTEXT 3
#define LCS_MAX_CELLS (4u * 1000u * 1000u)

struct line {
    const char *p;
    size_t n;
    uint32_t h;
};

struct op {
    char kind; /* ' ', '-', '+' */
    const struct line *l;
    size_t a_before, b_before; /* lines of a and b consumed before this op */
};

static struct line *split_lines(const char *s, size_t len, size_t *count)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        if (s[i] == '\n')
            n++;
    if (len && s[len - 1] != '\n')
        n++;
    struct line *v = xcalloc(n ? n : 1, sizeof *v);
    size_t k = 0, start = 0;
    for (size_t i = 0; i <= len && k < n; i++) {
        if (i == len || s[i] == '\n') {
            struct line *l = &v[k++];
            l->p = s + start;
            l->n = i - start;
            uint32_t h = 2166136261u;
            for (size_t j = 0; j < l->n; j++)
                h = (h ^ (unsigned char)l->p[j]) * 16777619u;
            l->h = h;
            start = i + 1;
        }
    }
    *count = n;
    return v;
}

static bool same(const struct line *x, const struct line *y)
{
    return x->h == y->h && x->n == y->n && memcmp(x->p, y->p, x->n) == 0;
}

static void push(struct op *ops, size_t *nops, char kind, const struct line *l, size_t *ai,
                 size_t *bi)
{
    struct op *o = &ops[(*nops)++];
    o->kind = kind;
    o->l = l;
    o->a_before = *ai;
    o->b_before = *bi;
    if (kind != '+')
        (*ai)++;
    if (kind != '-')
        (*bi)++;
}

static void emit_hunk(const struct op *ops, size_t start, size_t end, struct strbuf *out)
{
    size_t ac = 0, bc = 0;
    for (size_t k = start; k < end; k++) {
        if (ops[k].kind != '+')
            ac++;
        if (ops[k].kind != '-')
            bc++;
    }
    size_t as = ops[start].a_before + (ac ? 1 : 0), bs = ops[start].b_before + (bc ? 1 : 0);
    sb_printf(out, "@@ -%zu,%zu +%zu,%zu @@\n", as, ac, bs, bc);
    for (size_t k = start; k < end; k++) {
        sb_addc(out, ops[k].kind);
        sb_add(out, ops[k].l->p, ops[k].l->n);
        sb_addc(out, '\n');
    }
}

size_t textdiff_unified(const char *a, size_t alen, const char *b, size_t blen, const char *label_a,
                        const char *label_b, struct strbuf *out)
{
    size_t na, nb;
    struct line *la = split_lines(a, alen, &na), *lb = split_lines(b, blen, &nb);
    size_t pre = 0, suf = 0;
    while (pre < na && pre < nb && same(&la[pre], &lb[pre]))
        pre++;
    while (suf < na - pre && suf < nb - pre && same(&la[na - 1 - suf], &lb[nb - 1 - suf]))
        suf++;
    size_t n = na - pre - suf, m = nb - pre - suf;
    if (n == 0 && m == 0) {
        free(la);
        free(lb);
        return 0;
    }
    struct op *ops = xcalloc(na + nb + 1, sizeof *ops);
    size_t nops = 0, ai = 0, bi = 0, changed = 0;
    for (size_t i = 0; i < pre; i++)
        push(ops, &nops, ' ', &la[i], &ai, &bi);
    const struct line *A = la + pre, *B = lb + pre;
    if (n && m && (uint64_t)(n + 1) * (m + 1) <= LCS_MAX_CELLS) {
        /* L[i][j] = LCS length of A[i..] and B[j..]. */
        uint32_t *L = xcalloc((n + 1) * (m + 1), sizeof *L);
#define AT(i, j) L[(i) * (m + 1) + (j)]
        for (size_t i = n; i-- > 0;)
            for (size_t j = m; j-- > 0;)
                AT(i, j) = same(&A[i], &B[j])             ? AT(i + 1, j + 1) + 1
                           : AT(i + 1, j) >= AT(i, j + 1) ? AT(i + 1, j)
                                                          : AT(i, j + 1);
        size_t i = 0, j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && same(&A[i], &B[j])) {
                push(ops, &nops, ' ', &A[i++], &ai, &bi);
                j++;
            } else if (i < n && (j == m || AT(i + 1, j) >= AT(i, j + 1))) {
                /* removals before additions, as diff(1) shows them */
                push(ops, &nops, '-', &A[i++], &ai, &bi);
                changed++;
            } else {
                push(ops, &nops, '+', &B[j++], &ai, &bi);
                changed++;
            }
        }
#undef AT
        free(L);
    } else {
        for (size_t i = 0; i < n; i++)
            push(ops, &nops, '-', &A[i], &ai, &bi);
        for (size_t j = 0; j < m; j++)
            push(ops, &nops, '+', &B[j], &ai, &bi);
        changed = n + m;
    }
    for (size_t i = na - suf; i < na; i++) {
        push(ops, &nops, ' ', &la[i], &ai, &bi);
    }
    sb_printf(out, "--- %s\n+++ %s\n", label_a, label_b);
    size_t i = 0;
    while (i < nops) {
        if (ops[i].kind == ' ') {
            i++;
            continue;
        }
        size_t start = i > CONTEXT ? i - CONTEXT : 0, last = i, j = i;
        for (; j < nops; j++) {
            if (ops[j].kind != ' ')
                last = j;
            else if (j - last > 2 * CONTEXT)
                break;
        }
        size_t end = last + 1 + CONTEXT < nops ? last + 1 + CONTEXT : nops;
        emit_hunk(ops, start, end, out);
        i = end;
    }
    free(ops);
    free(la);
    free(lb);
    return changed;
}
