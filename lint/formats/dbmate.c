/*
 * dbmate.c - amacneil/dbmate's layout: files matching ^(\d+).*\.sql$ sorted by
 * name, version = the digit string (so 001 and 1 differ), one file holds
 * '-- migrate:up [opt:val ...]' then optionally '-- migrate:down'. Only blank
 * and comment lines may precede migrate:up. Each section is one simple-query
 * Exec inside a transaction unless 'transaction:false'; without it several
 * statements still form PostgreSQL's implicit transaction (tx on).
 */
#include "lint/formats/fmt.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* Position of the first line matching ^--\s*migrate:<word>(\s*$|\s+\S+)
 * (down additionally anchors the end of line: dbmate's downRegExp ends in $). */
static bool find_directive(const char *t, uint32_t len, const char *word, bool down, uint32_t *pos,
                           uint32_t *eol_out)
{
    size_t wl = strlen(word);
    uint32_t off = 0;
    while (off < len) {
        uint32_t eol = off;
        while (eol < len && t[eol] != '\n')
            eol++;
        if (eol - off >= 2 && t[off] == '-' && t[off + 1] == '-') {
            uint32_t i = off + 2;
            /* \s in Go's RE2 is [\t\n\f\r ] */
            while (i < eol && (t[i] == ' ' || t[i] == '\t' || t[i] == '\f' || t[i] == '\r'))
                i++;
            if (eol - i >= wl && memcmp(t + i, word, wl) == 0) {
                uint32_t k = i + (uint32_t)wl;
                bool ok;
                if (k == eol) {
                    ok = true;
                } else if (isspace((unsigned char)t[k])) {
                    /* (\s*$|\s+\S+): blanks to the end, or blanks then a word */
                    ok = true;
                    if (down) {
                        /* downRegExp: (\s*$|\s+\S+)$ - one option word at most */
                        uint32_t j = k;
                        while (j < eol && isspace((unsigned char)t[j]))
                            j++;
                        while (j < eol && !isspace((unsigned char)t[j]))
                            j++;
                        while (j < eol && (t[j] == '\r'))
                            j++;
                        ok = j == eol;
                    }
                } else {
                    ok = false;
                }
                if (ok) {
                    *pos = off;
                    *eol_out = eol;
                    return true;
                }
            }
        }
        off = eol < len ? eol + 1 : eol;
    }
    return false;
}

/* statementsPrecedeMigrateBlocks: a line before 'up' that is neither empty
 * nor a comment. */
static bool statements_before(const char *t, uint32_t up, uint32_t *where)
{
    uint32_t off = 0;
    while (off < up) {
        uint32_t eol = off;
        while (eol < up && t[eol] != '\n')
            eol++;
        uint32_t i = off;
        while (i < eol && isspace((unsigned char)t[i]))
            i++;
        if (i < eol && !(eol - i >= 2 && t[i] == '-' && t[i + 1] == '-')) {
            *where = off;
            return true;
        }
        off = eol + 1;
    }
    return false;
}

/* parseMigrationOptions: the directive line split on whitespace; every word
 * that splits on ':' into exactly two is an option (malformed words are
 * ignored, as dbmate does); transaction is on unless "transaction:false". */
static bool parse_tx_option(const char *t, uint32_t start, uint32_t eol)
{
    bool tx = true;
    uint32_t i = start;
    while (i < eol) {
        while (i < eol && isspace((unsigned char)t[i]))
            i++;
        uint32_t s = i;
        while (i < eol && !isspace((unsigned char)t[i]))
            i++;
        const char *colon = memchr(t + s, ':', i - s);
        if (!colon || memchr(colon + 1, ':', (size_t)(t + i - colon - 1)))
            continue;
        size_t kl = (size_t)(colon - (t + s));
        size_t vl = (size_t)(t + i - colon - 1);
        if (kl == 11 && memcmp(t + s, "transaction", 11) == 0)
            tx = !(vl == 5 && memcmp(colon + 1, "false", 5) == 0);
    }
    return tx;
}

static int cmp_name(const void *pa, const void *pb)
{
    const char *const *a = pa, *const *b = pb;
    return strcmp(*a, *b);
}

static int read_file_rev(struct chain *c, struct revision *r, const struct source *s,
                         struct diag_list *d)
{
    struct arena *a = c->arena;
    const char *t = s->data;
    uint32_t up, up_eol, down = 0, down_eol = 0;
    if (!find_directive(t, s->len, "migrate:up", false, &up, &up_eol)) {
        struct diag *dg = fmt_input_error(d, "missing-up", source_loc(s, 0), NULL,
                                          "dbmate requires each migration to define an up "
                                          "block with '-- migrate:up'");
        dg->revision = r->id;
        return -1;
    }
    uint32_t where;
    if (statements_before(t, up, &where)) {
        struct diag *dg = fmt_input_error(d, "statement-outside-block", source_loc(s, where), NULL,
                                          "dbmate does not support statements defined outside "
                                          "of the '-- migrate:up' or '-- migrate:down' blocks");
        dg->revision = r->id;
        return -1;
    }
    bool has_down = find_directive(t, s->len, "migrate:down", true, &down, &down_eol);
    if (has_down && down < up) {
        struct diag *dg = fmt_input_error(d, "down-before-up", source_loc(s, down), NULL,
                                          "dbmate requires '-- migrate:up' to appear before "
                                          "'-- migrate:down'");
        dg->revision = r->id;
        return -1;
    }
    bool tx = parse_tx_option(t, up, up_eol);
    uint32_t up_body = up_eol < s->len ? up_eol + 1 : up_eol;
    uint32_t up_end = has_down ? down : s->len;
    fmt_part_slice(a, &r->up, s, up_body, up_end);
    fmt_split(a, &r->up, 0, r->up.sql.len, 0);
    r->up.loc = source_loc(s, up);
    if (has_down) {
        uint32_t db = down_eol < s->len ? down_eol + 1 : down_eol;
        fmt_part_slice(a, &r->down, s, db, s->len);
        fmt_split(a, &r->down, 0, r->down.sql.len, 0);
        r->down.loc = source_loc(s, down);
    }
    /* transaction:false leaves one Exec, which is still one implicit
     * transaction when it holds several statements */
    r->tx = (tx || r->up.nstmts > 1) ? TX_ON : TX_OFF;
    if (!tx)
        r->format_data =
            r->up.nstmts > 1 ? "transaction:false (implicit transaction)" : "transaction:false";
    return 0;
}

int fmt_read_dbmate(struct chain *c, const char *dir, struct diag_list *d)
{
    struct arena *a = c->arena;
    struct fmt_ent *ents;
    uint32_t n;
    struct err e = {0};
    struct loc none = {0};
    if (fmt_list_dir(a, dir, &ents, &n, &e) < 0) {
        fmt_input_error(d, "unreadable-file", none, dir, "%s", e.msg);
        return -1;
    }
    const char **names = arena_alloc(a, (n + 1) * sizeof *names);
    uint32_t nn = 0;
    for (uint32_t i = 0; i < n; i++) {
        const char *nm = ents[i].name;
        if (!ents[i].is_dir && isdigit((unsigned char)nm[0]) && fmt_has_suffix(nm, ".sql"))
            names[nn++] = nm;
    }
    if (nn == 0) {
        fmt_input_error(d, "empty-chain", none, dir, "no dbmate migrations (NNN_name.sql) in %s",
                        dir);
        return -1;
    }
    qsort(names, nn, sizeof *names, cmp_name);
    struct revision **revs = arena_alloc(a, nn * sizeof *revs);
    uint32_t nr = 0;
    int rc = 0;
    struct hashmap seen;
    hashmap_init(&seen, a);
    for (uint32_t i = 0; i < nn; i++) {
        const char *nm = names[i];
        size_t dl = 0;
        while (isdigit((unsigned char)nm[dl]))
            dl++;
        char *version = arena_strndup(a, nm, dl);
        const char *path = fmt_join(a, dir, nm);
        const char *prev = hashmap_get(&seen, version);
        if (prev) {
            struct diag *dg =
                fmt_input_error(d, "duplicate-version", none, path,
                                "version %s of %s is also the version of %s", version, nm, prev);
            dg->help = "dbmate records one row per version in schema_migrations";
            rc = -1;
            continue;
        }
        hashmap_put(&seen, version, (void *)nm);
        struct source *s = fmt_load(c, path, d);
        if (!s) {
            rc = -1;
            continue;
        }
        struct revision *r = chain_add(c);
        revs[nr++] = r;
        r->id = version;
        r->version = version;
        const char *m = nm + dl;
        if (*m == '_')
            m++;
        r->message = arena_strndup(a, m, strlen(m) - 4);
        r->src = s;
        r->loc = source_loc(s, 0);
        if (read_file_rev(c, r, s, d) < 0)
            rc = -1;
    }
    fmt_link_linear(a, revs, nr);
    return rc;
}
