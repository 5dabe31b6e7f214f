/*
 * sum.c - airlock.sum writing and checking; see sum.h. A revision's hash is
 * over the bytes of the file that defines it, exactly as on disk.
 */
#include "lint/sum.h"
#include "lint/arena.h"
#include "lint/strbuf.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static char *sum_path(const struct chain *c)
{
    size_t dl = strlen(c->dir);
    bool slash = dl && c->dir[dl - 1] == '/';
    return arena_printf(c->arena, "%s%s%s", c->dir, slash ? "" : "/", SUM_FILE);
}

char *sum_format(const struct chain *c, size_t *len)
{
    struct strbuf sb = STRBUF_INIT;
    for (uint32_t i = 0; i < c->nrevs; i++) {
        const struct revision *r = c->revs[i];
        char hex[65];
        sha256_hex(r->src ? r->src->data : "", r->src ? r->src->len : 0, hex);
        sb_printf(&sb, "%s sha256:%s\n", r->id, hex);
    }
    char hex[65];
    sha256_hex(sb.buf ? sb.buf : "", sb.len, hex);
    sb_printf(&sb, "chain sha256:%s\n", hex);
    return sb_detach(&sb, len);
}

int sum_write(const struct chain *c, struct err *e)
{
    size_t len;
    char *text = sum_format(c, &len);
    int rc = write_file_atomic(sum_path(c), text, len, 0644, e);
    free(text);
    return rc;
}

static struct diag *sum_diag(struct diag_list *d, const char *rule, struct loc loc, const char *fmt,
                             const char *arg)
{
    struct diag *g = diag_add(d, rule, SEV_ERROR, loc, fmt, arg);
    return g;
}

int sum_check(const struct chain *c, struct diag_list *d)
{
    struct arena *a = c->arena;
    const char *path = sum_path(c);
    struct err e = {0};
    struct source *src = source_load(a, path, 64u << 20, &e);
    if (!src)
        return 0; /* no airlock.sum: nothing released yet */
    int added = 0;
    struct hashmap summed;
    hashmap_init(&summed, a);
    uint32_t nlines = src->nlines;
    if (nlines && src->line_starts[nlines - 1] == src->len)
        nlines--; /* the final newline does not start a line */
    bool have_chain = false;
    for (uint32_t ln = 1; ln <= nlines; ln++) {
        uint32_t l;
        const char *s = source_line(src, ln, &l);
        struct loc loc = source_loc(src, src->line_starts[ln - 1]);
        const char *sp = memchr(s, ' ', l);
        if (!sp || l - (size_t)(sp - s) != 1 + 7 + 64 || memcmp(sp + 1, "sha256:", 7) != 0 ||
            have_chain) {
            struct diag *g = sum_diag(d, "invalid-sum-file", loc, "%s",
                                      have_chain ? "line after the 'chain' line"
                                                 : "line is not '<id> sha256:<64 hex digits>'");
            g->input_error = true;
            g->help = "regenerate it with `airlock sum DIR` only if the change is intended";
            return added + 1;
        }
        char *id = arena_strndup(a, s, (size_t)(sp - s));
        const char *hex = sp + 8;
        if (strcmp(id, "chain") == 0) {
            char want[65];
            sha256_hex(src->data, src->line_starts[ln - 1], want);
            if (memcmp(want, hex, 64) != 0) {
                struct diag *g = sum_diag(d, "invalid-sum-file", loc, "%s",
                                          "the 'chain' hash does not match the lines above it");
                g->input_error = true;
                g->help = "airlock.sum was edited by hand; restore it from version control";
                return added + 1;
            }
            have_chain = true;
            continue;
        }
        struct revision *r = chain_find(c, id);
        hashmap_put(&summed, id, (void *)(uintptr_t)ln);
        if (!r) {
            struct diag *g = sum_diag(d, "released-revision-removed", loc,
                                      "released revision '%s' is no longer in the chain", id);
            g->help = "released revisions may have run in production: restore the file; to undo "
                      "it, add a new revision";
            g->revision = id;
            added++;
            continue;
        }
        char got[65];
        sha256_hex(r->src ? r->src->data : "", r->src ? r->src->len : 0, got);
        if (memcmp(got, hex, 64) != 0) {
            struct diag *g =
                sum_diag(d, "released-revision-modified", r->src ? source_loc(r->src, 0) : loc,
                         "released revision '%s' was modified after it was summed", id);
            g->note = arena_printf(a, "%s:%u records sha256:%.64s; the file now has sha256:%s",
                                   path, ln, hex, got);
            g->help = "databases that already ran it will not run it again: revert the change and "
                      "add a new revision instead";
            g->revision = id;
            added++;
        }
    }
    if (!have_chain) {
        struct diag *g = sum_diag(d, "invalid-sum-file", source_loc(src, src->len), "%s",
                                  "missing the final 'chain sha256:...' line");
        g->input_error = true;
        return added + 1;
    }
    /* an unsummed revision that a summed one descends from was inserted beneath released history */
    if (c->nrevs && summed.used) {
        uint8_t *below = arena_alloc(a, c->nrevs);
        for (uint32_t i = c->nrevs; i-- > 0;) {
            struct revision *r = c->revs[i];
            bool released = hashmap_get(&summed, r->id) != NULL;
            if (released || below[i]) {
                for (uint32_t k = 0; k < r->nparents; k++)
                    if (r->parent_revs && r->parent_revs[k])
                        below[r->parent_revs[k]->order] = 1;
            }
        }
        for (uint32_t i = 0; i < c->nrevs; i++) {
            struct revision *r = c->revs[i];
            if (below[i] && !hashmap_get(&summed, r->id)) {
                struct diag *g = sum_diag(
                    d, "revision-inserted-before-released", r->src ? source_loc(r->src, 0) : r->loc,
                    "revision '%s' is not in airlock.sum but released revisions come after it",
                    r->id);
                g->help = "databases that ran the released revisions will never run this one: "
                          "make it a child of the current head";
                g->revision = r->id;
                added++;
            }
        }
    }
    return added;
}
