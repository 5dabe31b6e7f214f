/*
 * golang_migrate.c - golang-migrate's layout: NNN_name.up.ext / .down.ext
 * files in one directory (source.DefaultParse: ^([0-9]+)_(.*)\.(down|up)\.(.*)$),
 * version = the number as an unsigned integer (001 == 1), names that do not
 * match are ignored, a second file for the same version and direction is an
 * error. Each file is sent as one simple-query Exec, which PostgreSQL runs as
 * one implicit transaction when it holds several statements: such a file is
 * tx on; a file of one statement runs outside any transaction (tx off).
 */
#include "lint/formats/fmt.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct gm_file {
    const char *name, *path, *desc;
    unsigned long long version;
    bool up;
};

/* DefaultParse: the first group is greedy, so the direction is the last
 * ".up." / ".down." that still has an extension after it. */
static bool parse_name(struct arena *a, const char *name, struct gm_file *f)
{
    size_t i = 0;
    while (isdigit((unsigned char)name[i]))
        i++;
    if (i == 0 || name[i] != '_')
        return false;
    const char *best = NULL;
    bool up = false;
    for (const char *p = name + i + 1; *p; p++) {
        if (p[0] != '.')
            continue;
        if (strncmp(p, ".up.", 4) == 0) {
            best = p;
            up = true;
        } else if (strncmp(p, ".down.", 6) == 0) {
            best = p;
            up = false;
        }
    }
    if (!best)
        return false;
    char *digits = arena_strndup(a, name, i);
    errno = 0;
    char *end;
    unsigned long long v = strtoull(digits, &end, 10);
    if (errno == ERANGE || *end)
        return false; /* ParseUint fails: golang-migrate skips the file */
    f->name = name;
    f->version = v;
    f->up = up;
    f->desc = arena_strndup(a, name + i + 1, (size_t)(best - (name + i + 1)));
    return true;
}

static int cmp_file(const void *pa, const void *pb)
{
    const struct gm_file *a = pa, *b = pb;
    if (a->version != b->version)
        return a->version < b->version ? -1 : 1;
    if (a->up != b->up)
        return a->up ? -1 : 1;
    return strcmp(a->name, b->name);
}

static int read_part(struct chain *c, struct revision *r, struct part *p, const struct gm_file *f,
                     struct diag_list *d)
{
    struct source *s = fmt_load(c, f->path, d);
    if (!s)
        return -1;
    fmt_part_slice(c->arena, p, s, 0, s->len);
    fmt_split(c->arena, p, 0, p->sql.len, 0);
    if (f->up) {
        r->src = s;
        r->loc = source_loc(s, 0);
    } else if (!r->src) {
        r->src = s;
        r->loc = source_loc(s, 0);
    }
    return 0;
}

int fmt_read_golang_migrate(struct chain *c, const char *dir, struct diag_list *d)
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
    struct gm_file *files = arena_alloc(a, (n + 1) * sizeof *files);
    uint32_t nf = 0;
    for (uint32_t i = 0; i < n; i++) {
        if (ents[i].is_dir)
            continue;
        if (parse_name(a, ents[i].name, &files[nf])) {
            files[nf].path = fmt_join(a, dir, ents[i].name);
            nf++;
        }
    }
    if (nf == 0) {
        fmt_input_error(d, "empty-chain", none, dir,
                        "no golang-migrate files (NNN_name.up.sql) in %s", dir);
        return -1;
    }
    qsort(files, nf, sizeof *files, cmp_file);
    int rc = 0;
    struct revision **revs = arena_alloc(a, nf * sizeof *revs);
    uint32_t nr = 0;
    for (uint32_t i = 0; i < nf; i++) {
        struct gm_file *f = &files[i];
        if (i > 0 && files[i - 1].version == f->version && files[i - 1].up == f->up) {
            struct diag *dg =
                fmt_input_error(d, "duplicate-version", none, f->path,
                                "duplicate migration file: %s (version %llu %s "
                                "is also %s)",
                                f->name, f->version, f->up ? "up" : "down", files[i - 1].name);
            dg->help = "golang-migrate refuses to run with two files for one version";
            rc = -1;
            continue;
        }
        struct revision *r = (nr > 0 && files[i - 1].version == f->version) ? revs[nr - 1] : NULL;
        if (!r) {
            r = chain_add(c);
            revs[nr++] = r;
            r->id = arena_printf(a, "%llu", f->version);
            r->version = r->id;
            r->message = f->desc;
        }
        if (read_part(c, r, f->up ? &r->up : &r->down, f, d) < 0)
            rc = -1;
    }
    for (uint32_t i = 0; i < nr; i++) {
        struct revision *r = revs[i];
        if (!r->up.present) {
            struct diag *dg = fmt_diag(d, "missing-up", SEV_WARNING, r->loc, NULL,
                                       "version %s has a down file but no up file", r->id);
            dg->revision = r->id;
            dg->help = "golang-migrate records the version without running anything";
        }
        /* one Exec: several statements form one implicit transaction */
        r->tx = r->up.nstmts > 1 ? TX_ON : TX_OFF;
    }
    fmt_link_linear(a, revs, nr);
    return rc;
}
