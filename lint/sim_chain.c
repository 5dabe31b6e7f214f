/*
 * sim_chain.c - the simulator over whole chains: apply the up parts along a
 * path, check each revision's down part restores the schema text it had
 * before (downgrade-not-reverting), check head -> base -> head, and a
 * block-aware difference of two schema texts for `airlock diff` and the
 * diagnostics.
 */
#include <stdlib.h>
#include <string.h>

#include "lint/arena.h"
#include "lint/sim_internal.h"
#include "lint/strbuf.h"

static void run_part(struct sim *s, const struct revision *r, const struct part *p,
                     enum part_kind kind, struct diag_list *d)
{
    sim_begin_part(s, r, kind);
    for (uint32_t i = 0; i < p->nstmts; i++) {
        const struct stmt *st = &p->stmts[i];
        if (!st->node)
            continue;
        sim_statement(s, p, st, d);
    }
    sim_end_part(s);
}

static char *schema_text(struct catalog *c)
{
    struct strbuf sb = STRBUF_INIT;
    catalog_schema_text(c, &sb);
    size_t n;
    char *t = sb_detach(&sb, &n);
    return t ? t : xstrdup("");
}

static void report_diff(struct diag_list *d, const struct revision *r, struct loc loc,
                        const char *msg, const char *before, const char *after)
{
    struct strbuf diff = STRBUF_INIT;
    sim_schema_diff(before, after, &diff);
    struct diag *g = diag_add(d, "downgrade-not-reverting", SEV_ERROR, loc, "%s", msg);
    g->revision = r ? r->id : NULL;
    g->note = arena_strdup(d->arena, diff.buf ? diff.buf : "");
    g->help = "make the down part drop, restore or rename back exactly what the up part changed";
    sb_release(&diff);
}

int sim_chain(struct arena *a, struct catalog *c, const struct chain *ch, const struct revision *to,
              const struct sim_chain_options *opt, struct diag_list *d)
{
    struct sim_options so = {0};
    so.report_not_simulated = opt && opt->report_not_simulated;
    struct sim *s = sim_new(a, c, &so);
    struct revision **path;
    int n;
    if (to) {
        struct err e = {0};
        n = chain_path(ch, NULL, to, &path, &e);
        if (n < 0)
            return -1;
    } else {
        path = ch->revs;
        n = (int)ch->nrevs;
    }
    int errors = 0;
    for (int i = 0; i < n; i++) {
        const struct revision *r = path[i];
        if (r->broken)
            continue;
        uint32_t before_errors = d ? diag_count(d, SEV_ERROR) : 0;
        bool roundtrip = opt && opt->roundtrip && r->down.present && r->down.nstmts;
        char *before = roundtrip ? schema_text(c) : NULL;
        run_part(s, r, &r->up, PART_UP, d);
        if (roundtrip) {
            catalog_mark_t m = catalog_mark(c);
            struct diag_list quiet;
            diag_list_init(&quiet, a);
            run_part(s, r, &r->down, PART_DOWN, d ? &quiet : NULL);
            char *after = schema_text(c);
            if (strcmp(before, after) != 0 && d)
                report_diff(d, r, r->down.loc.src ? r->down.loc : r->loc,
                            "the down part does not restore the schema the up part started from",
                            before, after);
            /* errors in the down part are reported too */
            if (d)
                for (uint32_t k = 0; k < quiet.n; k++) {
                    struct diag *g = diag_add(d, quiet.items[k].rule, quiet.items[k].sev,
                                              quiet.items[k].loc, "%s", quiet.items[k].message);
                    g->sqlstate = quiet.items[k].sqlstate;
                    g->note = quiet.items[k].note;
                    g->help = quiet.items[k].help;
                    g->span = quiet.items[k].span;
                    g->revision = quiet.items[k].revision;
                }
            free(after);
            catalog_rollback(c, m);
        }
        free(before);
        if (d)
            errors += (int)(diag_count(d, SEV_ERROR) - before_errors);
    }
    return errors;
}

int sim_chain_roundtrip(struct arena *a, const struct chain *ch, struct diag_list *d)
{
    struct catalog *c = catalog_new(a);
    char *base = schema_text(c);
    struct sim *s = sim_new(a, c, NULL);
    struct diag_list quiet;
    diag_list_init(&quiet, a);
    for (uint32_t i = 0; i < ch->nrevs; i++)
        if (!ch->revs[i]->broken)
            run_part(s, ch->revs[i], &ch->revs[i]->up, PART_UP, &quiet);
    char *head1 = schema_text(c);
    bool all_down = true;
    for (uint32_t i = ch->nrevs; i > 0; i--) {
        const struct revision *r = ch->revs[i - 1];
        if (r->broken)
            continue;
        if (!r->down.present) {
            all_down = false;
            break;
        }
        run_part(s, r, &r->down, PART_DOWN, &quiet);
    }
    int problems = 0;
    struct loc none = {0};
    if (all_down) {
        char *b = schema_text(c);
        if (strcmp(b, base) != 0) {
            struct diag *before = d->n ? NULL : NULL;
            (void)before;
            report_diff(d, NULL, none, "head -> base does not give back the empty schema", base, b);
            d->items[d->n - 1].path = ch->dir;
            problems++;
        }
        free(b);
        for (uint32_t i = 0; i < ch->nrevs; i++)
            if (!ch->revs[i]->broken)
                run_part(s, ch->revs[i], &ch->revs[i]->up, PART_UP, &quiet);
        char *head2 = schema_text(c);
        if (strcmp(head1, head2) != 0) {
            report_diff(d, NULL, none, "head -> base -> head does not give the same schema", head1,
                        head2);
            d->items[d->n - 1].path = ch->dir;
            problems++;
        }
        free(head2);
    }
    free(base);
    free(head1);
    catalog_free(c);
    return problems;
}

/* ---- difference of two schema texts ---- */

struct tblock {
    const char *start; /* the header line */
    size_t hlen;
    const char **lines; /* member lines (without the header) */
    size_t *lens;
    size_t n;
};

static size_t split_blocks(const char *text, struct tblock **out)
{
    size_t cap = 16, n = 0;
    struct tblock *v = xmalloc(sizeof *v * cap);
    const char *p = text;
    while (*p) {
        const char *e = strchr(p, '\n');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (p[0] == ' ' && n > 0) {
            struct tblock *b = &v[n - 1];
            b->lines = xrealloc(b->lines, sizeof *b->lines * (b->n + 1));
            b->lens = xrealloc(b->lens, sizeof *b->lens * (b->n + 1));
            b->lines[b->n] = p;
            b->lens[b->n] = len;
            b->n++;
        } else {
            if (n == cap) {
                cap *= 2;
                v = xrealloc(v, sizeof *v * cap);
            }
            v[n].start = p;
            v[n].hlen = len;
            v[n].lines = NULL;
            v[n].lens = NULL;
            v[n].n = 0;
            n++;
        }
        p = e ? e + 1 : p + len;
    }
    *out = v;
    return n;
}

static void free_blocks(struct tblock *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(v[i].lines);
        free(v[i].lens);
    }
    free(v);
}

static void emit(struct strbuf *out, char sign, const char *line, size_t len)
{
    sb_addc(out, sign);
    sb_addc(out, ' ');
    sb_add(out, line, len);
    sb_addc(out, '\n');
}

static void whole(struct strbuf *out, char sign, const struct tblock *b)
{
    emit(out, sign, b->start, b->hlen);
    for (size_t i = 0; i < b->n; i++)
        emit(out, sign, b->lines[i], b->lens[i]);
}

static bool line_eq(const char *a, size_t al, const char *b, size_t bl)
{
    return al == bl && memcmp(a, b, al) == 0;
}

/* LCS over the member lines of one block (blocks are small). */
static void block_diff(struct strbuf *out, const struct tblock *x, const struct tblock *y)
{
    size_t n = x->n, m = y->n;
    if (n * m > 4000000) {
        emit(out, '~', x->start, x->hlen);
        for (size_t i = 0; i < n; i++)
            emit(out, '-', x->lines[i], x->lens[i]);
        for (size_t j = 0; j < m; j++)
            emit(out, '+', y->lines[j], y->lens[j]);
        return;
    }
    uint32_t *t = xcalloc((n + 1) * (m + 1), sizeof *t);
#define T(i, j) t[(i) * (m + 1) + (j)]
    for (size_t i = n; i-- > 0;)
        for (size_t j = m; j-- > 0;)
            T(i, j) = line_eq(x->lines[i], x->lens[i], y->lines[j], y->lens[j])
                          ? T(i + 1, j + 1) + 1
                          : (T(i + 1, j) > T(i, j + 1) ? T(i + 1, j) : T(i, j + 1));
    emit(out, '~', x->start, x->hlen);
    size_t i = 0, j = 0;
    while (i < n || j < m) {
        if (i < n && j < m && line_eq(x->lines[i], x->lens[i], y->lines[j], y->lens[j])) {
            i++;
            j++;
        } else if (i < n && (j == m || T(i + 1, j) >= T(i, j + 1))) {
            emit(out, '-', x->lines[i], x->lens[i]);
            i++;
        } else {
            emit(out, '+', y->lines[j], y->lens[j]);
            j++;
        }
    }
#undef T
    free(t);
}

static int header_cmp(const struct tblock *a, const struct tblock *b)
{
    size_t n = a->hlen < b->hlen ? a->hlen : b->hlen;
    int c = memcmp(a->start, b->start, n);
    if (c)
        return c;
    return a->hlen < b->hlen ? -1 : a->hlen > b->hlen;
}

static bool block_same(const struct tblock *a, const struct tblock *b)
{
    if (a->n != b->n)
        return false;
    for (size_t i = 0; i < a->n; i++)
        if (!line_eq(a->lines[i], a->lens[i], b->lines[i], b->lens[i]))
            return false;
    return true;
}

void sim_schema_diff(const char *before, const char *after, struct strbuf *out)
{
    struct tblock *x, *y;
    size_t nx = split_blocks(before ? before : "", &x);
    size_t ny = split_blocks(after ? after : "", &y);
    size_t i = 0, j = 0;
    while (i < nx || j < ny) {
        int c = i == nx ? 1 : j == ny ? -1 : header_cmp(&x[i], &y[j]);
        if (c < 0) {
            whole(out, '-', &x[i++]);
        } else if (c > 0) {
            whole(out, '+', &y[j++]);
        } else {
            if (!block_same(&x[i], &y[j]))
                block_diff(out, &x[i], &y[j]);
            i++;
            j++;
        }
    }
    free_blocks(x, nx);
    free_blocks(y, ny);
}
