/*
 * diesel.c - diesel's layout: migrations/<version>_<name>/up.sql (+ optional
 * down.sql and metadata.toml). version = the dir name before the first '_'
 * with '-' removed, ordered as a string; directories starting with '.' are
 * skipped, any other directory without up.sql is diesel's
 * UnknownMigrationFormat error, an empty up.sql is EmptyMigration. Each file
 * is one batch_execute (simple query) inside a transaction unless
 * metadata.toml sets run_in_transaction = false.
 */
#include "lint/formats/fmt.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

struct dmig {
    const char *name, *path, *version;
};

static int cmp_dmig(const void *pa, const void *pb)
{
    const struct dmig *a = pa, *b = pb;
    int c = strcmp(a->version, b->version);
    return c ? c : strcmp(a->name, b->name);
}

/* metadata.toml: the top-level key run_in_transaction (default true). */
static bool toml_run_in_transaction(struct chain *c, const char *path)
{
    if (!fmt_is_file(path))
        return true;
    struct err e;
    struct source *s = source_load(c->arena, path, 1 << 20, &e);
    if (!s)
        return true;
    chain_add_source(c, s);
    bool tx = true, top = true;
    for (uint32_t ln = 1; ln <= s->nlines; ln++) {
        uint32_t n;
        const char *l = source_line(s, ln, &n);
        while (n && isspace((unsigned char)*l)) {
            l++;
            n--;
        }
        if (n && l[0] == '[')
            top = false; /* a table: keys below are not top-level */
        const char *key = "run_in_transaction";
        size_t kl = strlen(key);
        if (!top || n < kl || memcmp(l, key, kl) != 0)
            continue;
        const char *v = l + kl;
        size_t vn = n - kl;
        while (vn && (isspace((unsigned char)*v) || *v == '=')) {
            v++;
            vn--;
        }
        tx = !(vn >= 5 && memcmp(v, "false", 5) == 0 &&
               (vn == 5 || isspace((unsigned char)v[5]) || v[5] == '#'));
    }
    return tx;
}

int fmt_read_diesel(struct chain *c, const char *dir, struct diag_list *d)
{
    struct arena *a = c->arena;
    struct loc none = {0};
    /* the project root (with migrations/) or the migrations directory */
    const char *mdir = dir;
    const char *sub = fmt_join(a, dir, "migrations");
    if (fmt_is_dir(sub))
        mdir = sub;
    struct fmt_ent *ents;
    uint32_t n;
    struct err e = {0};
    if (fmt_list_dir(a, mdir, &ents, &n, &e) < 0) {
        fmt_input_error(d, "unreadable-file", none, mdir, "%s", e.msg);
        return -1;
    }
    struct dmig *m = arena_alloc(a, (n + 1) * sizeof *m);
    uint32_t nm = 0;
    int rc = 0;
    for (uint32_t i = 0; i < n; i++) {
        if (!ents[i].is_dir || ents[i].name[0] == '.')
            continue;
        const char *path = fmt_join(a, mdir, ents[i].name);
        if (!fmt_is_file(fmt_join(a, path, "up.sql"))) {
            struct diag *dg = fmt_input_error(d, "missing-up", none, path,
                                              "invalid migration directory %s: no up.sql "
                                              "(diesel: UnknownMigrationFormat)",
                                              ents[i].name);
            dg->help = "every migration directory holds an up.sql";
            rc = -1;
            continue;
        }
        const char *nmv = ents[i].name;
        size_t vl = strcspn(nmv, "_");
        char *v = arena_alloc(a, vl + 1);
        size_t k = 0;
        for (size_t j = 0; j < vl; j++)
            if (nmv[j] != '-')
                v[k++] = nmv[j];
        v[k] = 0;
        m[nm++] = (struct dmig){nmv, path, v};
    }
    if (nm == 0) {
        if (rc == 0)
            fmt_input_error(d, "empty-chain", none, mdir,
                            "no diesel migrations (<version>_<name>/up.sql) in %s", mdir);
        return -1;
    }
    qsort(m, nm, sizeof *m, cmp_dmig);
    struct revision **revs = arena_alloc(a, nm * sizeof *revs);
    uint32_t nr = 0;
    for (uint32_t i = 0; i < nm; i++) {
        if (i > 0 && strcmp(m[i - 1].version, m[i].version) == 0) {
            struct diag *dg = fmt_input_error(d, "duplicate-version", none, m[i].path,
                                              "version %s of %s is also the version of %s",
                                              m[i].version, m[i].name, m[i - 1].name);
            dg->help = "__diesel_schema_migrations keeps one row per version";
            rc = -1;
            continue;
        }
        struct source *up = fmt_load(c, fmt_join(a, m[i].path, "up.sql"), d);
        if (!up) {
            rc = -1;
            continue;
        }
        struct revision *r = chain_add(c);
        revs[nr++] = r;
        r->id = fmt_sanitize_id(a, m[i].version);
        r->version = m[i].version;
        const char *us = strchr(m[i].name, '_');
        r->message = us ? us + 1 : m[i].name;
        r->src = up;
        r->loc = source_loc(up, 0);
        fmt_part_slice(a, &r->up, up, 0, up->len);
        fmt_split(a, &r->up, 0, r->up.sql.len, 0);
        if (up->len == 0) {
            struct diag *dg = fmt_input_error(d, "empty-migration", r->loc, NULL,
                                              "empty up.sql: diesel refuses to run an empty "
                                              "migration");
            dg->revision = r->id;
            dg->help = "write the migration's SQL, or a comment, into up.sql";
            rc = -1;
        }
        const char *dp = fmt_join(a, m[i].path, "down.sql");
        if (fmt_is_file(dp)) {
            struct source *down = fmt_load(c, dp, d);
            if (!down) {
                rc = -1;
            } else {
                fmt_part_slice(a, &r->down, down, 0, down->len);
                fmt_split(a, &r->down, 0, r->down.sql.len, 0);
            }
        }
        bool tx = toml_run_in_transaction(c, fmt_join(a, m[i].path, "metadata.toml"));
        /* without a transaction, batch_execute is still one implicit
         * transaction when the file holds several statements */
        r->tx = (tx || r->up.nstmts > 1) ? TX_ON : TX_OFF;
        if (!tx)
            r->format_data = r->up.nstmts > 1 ? "run_in_transaction=false (implicit transaction)"
                                              : "run_in_transaction=false";
    }
    fmt_link_linear(a, revs, nr);
    return rc;
}
