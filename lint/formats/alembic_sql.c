/*
 * alembic_sql.c - Alembic's offline SQL (`alembic upgrade A:B --sql`, and
 * downgrade output): one revision per '-- Running upgrade <from> -> <to>'
 * marker (<from> empty at a base, "a, b" at a merge); a downgrade marker
 * gives the down part of <from>. alembic_version bookkeeping and BEGIN/COMMIT
 * are flagged as the tool's own statements; statements between a COMMIT and
 * the next BEGIN (an autocommit block) run outside the transaction.
 * Accepts a file, or a directory of *.sql files read in name order.
 */
#include "lint/formats/fmt.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct seg {
    bool up;
    const char *from, *to; /* as written */
    uint32_t marker, body, end;
};

/* The table name word following the leading keywords ends in alembic_version
 * (schema-qualified or quoted forms included). */
static bool names_version_table(const char *t, uint32_t n, uint32_t after)
{
    uint32_t i = fmt_skip_blank(t, after, n);
    uint32_t s = i;
    while (i < n && !isspace((unsigned char)t[i]) && t[i] != '(')
        i++;
    uint32_t e = i;
    if (e > s && t[e - 1] == '"')
        e--;
    return e - s >= 15 && memcmp(t + e - 15, "alembic_version", 15) == 0;
}

static uint32_t after_words(const char *t, uint32_t n, int words)
{
    uint32_t i = fmt_skip_blank(t, 0, n);
    for (int w = 0; w < words; w++) {
        while (i < n && !isspace((unsigned char)t[i]))
            i++;
        i = fmt_skip_blank(t, i, n);
    }
    return i;
}

static bool contains(const char *t, uint32_t n, const char *w)
{
    size_t wl = strlen(w);
    for (uint32_t i = 0; i + wl <= n; i++)
        if (strncasecmp(t + i, w, wl) == 0)
            return true;
    return false;
}

/* Alembic's own statements: the version table and transaction control. */
static int classify(const char *t, uint32_t n)
{
    if (fmt_starts_with_words(t, n, "BEGIN") || fmt_starts_with_words(t, n, "START TRANSACTION"))
        return 1;
    if (fmt_starts_with_words(t, n, "COMMIT") || fmt_starts_with_words(t, n, "END"))
        return 2;
    bool vn = contains(t, n, "version_num");
    if ((fmt_starts_with_words(t, n, "CREATE TABLE") ||
         fmt_starts_with_words(t, n, "DROP TABLE")) &&
        names_version_table(t, n, after_words(t, n, 2)))
        return 3;
    if (fmt_starts_with_words(t, n, "INSERT INTO") &&
        (vn || names_version_table(t, n, after_words(t, n, 2))))
        return 3;
    if (fmt_starts_with_words(t, n, "UPDATE") && vn &&
        names_version_table(t, n, after_words(t, n, 1)))
        return 3;
    if (fmt_starts_with_words(t, n, "DELETE FROM") && vn &&
        names_version_table(t, n, after_words(t, n, 2)))
        return 3;
    return 0;
}

/* Parses "-- Running upgrade <from> -> <to>" at line start. */
static bool parse_marker(struct arena *a, const char *l, uint32_t n, struct seg *sg)
{
    const char *pfx_up = "-- Running upgrade ", *pfx_down = "-- Running downgrade ";
    uint32_t i;
    if (n >= strlen(pfx_up) && memcmp(l, pfx_up, strlen(pfx_up)) == 0) {
        sg->up = true;
        i = (uint32_t)strlen(pfx_up);
    } else if (n >= strlen(pfx_down) && memcmp(l, pfx_down, strlen(pfx_down)) == 0) {
        sg->up = false;
        i = (uint32_t)strlen(pfx_down);
    } else {
        return false;
    }
    while (n > i && isspace((unsigned char)l[n - 1]))
        n--;
    const char *arrow = NULL;
    for (uint32_t k = i; k + 2 <= n; k++)
        if (l[k] == '-' && l[k + 1] == '>') {
            arrow = l + k;
            break;
        }
    if (!arrow)
        return false;
    const char *f = l + i, *fe = arrow;
    while (fe > f && isspace((unsigned char)fe[-1]))
        fe--;
    while (f < fe && isspace((unsigned char)*f))
        f++;
    const char *t = arrow + 2, *te = l + n;
    while (t < te && isspace((unsigned char)*t))
        t++;
    sg->from = arena_strndup(a, f, (size_t)(fe - f));
    sg->to = arena_strndup(a, t, (size_t)(te - t));
    return true;
}

/* Splits "a, b" into ids. */
static uint32_t split_ids(struct arena *a, const char *s, const char ***out)
{
    uint32_t cnt = 0;
    const char **v = arena_alloc(a, (strlen(s) / 2 + 2) * sizeof *v);
    const char *p = s;
    while (*p) {
        while (*p == ' ' || *p == ',')
            p++;
        if (!*p)
            break;
        const char *e = p;
        while (*e && *e != ',' && *e != ' ')
            e++;
        v[cnt++] = arena_strndup(a, p, (size_t)(e - p));
        p = e;
    }
    *out = v;
    return cnt;
}

static int read_one(struct chain *c, const char *path, struct hashmap *byid, struct diag_list *d)
{
    struct arena *a = c->arena;
    struct source *s = fmt_load(c, path, d);
    if (!s)
        return -1;
    /* find the markers */
    uint32_t cap = 16, nseg = 0;
    struct seg *segs = arena_alloc(a, cap * sizeof *segs);
    for (uint32_t ln = 1; ln <= s->nlines; ln++) {
        uint32_t n;
        const char *l = source_line(s, ln, &n);
        struct seg sg = {0};
        if (!parse_marker(a, l, n, &sg))
            continue;
        sg.marker = s->line_starts[ln - 1];
        sg.body = ln < s->nlines ? s->line_starts[ln] : s->len;
        if (nseg == cap) {
            segs = arena_grow(a, segs, cap, cap * 2, sizeof *segs);
            cap *= 2;
        }
        segs[nseg++] = sg;
    }
    if (nseg == 0) {
        struct loc none = {0};
        fmt_input_error(d, "empty-chain", none, path,
                        "no '-- Running upgrade' markers in %s (not alembic --sql output)", path);
        return -1;
    }
    for (uint32_t i = 0; i < nseg; i++)
        segs[i].end = i + 1 < nseg ? segs[i + 1].marker : s->len;
    /* the preamble (BEGIN, CREATE TABLE alembic_version) joins the first part */
    segs[0].body = 0;
    int rc = 0;
    bool any_begin = false;
    bool in_tx = false;
    struct part **parts = arena_alloc(a, nseg * sizeof *parts);
    struct revision **owners = arena_alloc(a, nseg * sizeof *owners);
    for (uint32_t i = 0; i < nseg; i++) {
        struct seg *sg = &segs[i];
        const char *id = sg->up ? sg->to : sg->from;
        struct loc at = source_loc(s, sg->marker);
        if (!*id || strchr(id, ',')) {
            fmt_input_error(d, "alembic-sql-marker", at, NULL,
                            "cannot tell which revision this %s marker is about",
                            sg->up ? "upgrade" : "downgrade");
            rc = -1;
            continue;
        }
        struct revision *r = hashmap_get(byid, id);
        struct part *p;
        if (r && ((sg->up && r->up.present) || (!sg->up && r->down.present))) {
            struct diag *dg = fmt_input_error(d, "duplicate-revision", at, NULL,
                                              "revision %s is %s more than once", id,
                                              sg->up ? "upgraded" : "downgraded");
            dg->revision = r->id;
            rc = -1;
            continue;
        }
        if (!r) {
            r = chain_add(c);
            r->id = id;
            hashmap_put(byid, r->id, r);
            r->src = s;
            r->loc = at;
            r->tx = TX_ON;
        }
        const char **ids;
        uint32_t nids = split_ids(a, sg->up ? sg->from : sg->to, &ids);
        if (sg->up || r->nparents == 0) {
            r->parents = ids;
            r->nparents = nids;
            r->explicit_parents = true;
            r->parents_loc = at;
        }
        if (sg->up) {
            r->src = s;
            r->loc = at;
        }
        p = sg->up ? &r->up : &r->down;
        fmt_part_slice(a, p, s, sg->body, sg->end);
        fmt_split(a, p, 0, p->sql.len, 0);
        p->loc = at;
        parts[i] = p;
        owners[i] = r;
        /* transaction state runs through the whole file in order */
        for (uint32_t k = 0; k < p->nstmts; k++) {
            struct stmt *st = &p->stmts[k];
            int kind = classify(p->sql.text + st->off, st->len);
            if (kind == 1) {
                in_tx = any_begin = true;
                st->flags |= STMT_BOOKKEEPING;
            } else if (kind == 2) {
                in_tx = false;
                st->flags |= STMT_BOOKKEEPING;
            } else if (kind == 3) {
                st->flags |= STMT_BOOKKEEPING;
            } else if (!in_tx) {
                st->flags |= STMT_NO_TX;
            }
        }
    }
    /* without any BEGIN the file runs in autocommit; a revision with no
     * statement inside a transaction is tx off and needs no per-statement
     * marks */
    for (uint32_t i = 0; i < nseg; i++) {
        if (!parts[i])
            continue;
        if (!any_begin && parts[i] == &owners[i]->up)
            owners[i]->tx = TX_OFF;
        if (!any_begin)
            for (uint32_t k = 0; k < parts[i]->nstmts; k++)
                parts[i]->stmts[k].flags &= ~(uint32_t)STMT_NO_TX;
    }
    return rc;
}

int fmt_read_alembic_sql(struct chain *c, const char *dir, struct diag_list *d)
{
    struct arena *a = c->arena;
    struct hashmap byid;
    hashmap_init(&byid, a);
    int rc = 0;
    if (fmt_is_file(dir)) {
        rc = read_one(c, dir, &byid, d);
        goto settle;
    }
    struct fmt_ent *ents;
    uint32_t n;
    struct err e = {0};
    struct loc none = {0};
    if (fmt_list_dir(a, dir, &ents, &n, &e) < 0) {
        fmt_input_error(d, "unreadable-file", none, dir, "%s", e.msg);
        return -1;
    }
    int files = 0;
    for (uint32_t i = 0; i < n; i++) {
        if (ents[i].is_dir || !fmt_has_suffix(ents[i].name, ".sql"))
            continue;
        files++;
        if (read_one(c, fmt_join(a, dir, ents[i].name), &byid, d) < 0)
            rc = -1;
    }
    if (!files) {
        fmt_input_error(d, "empty-chain", none, dir, "no .sql files in %s", dir);
        return -1;
    }
settle:
    /* a revision only seen downgraded has no up part: say so */
    for (uint32_t i = 0; i < c->nrevs; i++) {
        struct revision *r = c->revs[i];
        fmt_settle_tx(r);
        if (!r->up.present) {
            struct diag *dg = fmt_diag(d, "missing-up", SEV_WARNING, r->loc, NULL,
                                       "revision %s appears only in downgrade output", r->id);
            dg->revision = r->id;
        }
    }
    return rc;
}
