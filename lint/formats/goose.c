/*
 * goose.c - pressly/goose's layout: <version>_<name>.sql (version = int64 >= 1
 * before the first '_') and <version>_<name>.go (Go migrations: recorded, not
 * analysed). The SQL parser mirrors goose's line state machine exactly:
 * '-- +goose Up/Down/StatementBegin/StatementEnd/NO TRANSACTION/ENVSUB ON|OFF'
 * annotations, a statement ends at a line whose last word before '--' ends in
 * ';' (outside StatementBegin/End), comments before a statement are dropped.
 * goose sends each of its statements separately, in one transaction per file
 * unless NO TRANSACTION.
 */
#include "lint/formats/fmt.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum gstate { ST_START, ST_UP, ST_BEGIN_UP, ST_END_UP, ST_DOWN, ST_BEGIN_DOWN, ST_END_DOWN };

struct gfile {
    const char *name, *path, *desc;
    long long version;
    bool go;
};

/* NumericComponent: int64 before the first '_', > 0. Returns an error text. */
static const char *parse_version(const char *name, long long *v)
{
    const char *us = strchr(name, '_');
    if (!us)
        return "no filename separator '_' found";
    char buf[32];
    size_t n = (size_t)(us - name);
    if (n == 0 || n >= sizeof buf)
        return "invalid migration version";
    memcpy(buf, name, n);
    buf[n] = 0;
    /* strconv.ParseInt accepts an optional sign and decimal digits only */
    size_t i = (buf[0] == '+' || buf[0] == '-') ? 1 : 0;
    if (!buf[i])
        return "invalid migration version";
    for (; buf[i]; i++)
        if (!isdigit((unsigned char)buf[i]))
            return "invalid migration version";
    errno = 0;
    long long x = strtoll(buf, NULL, 10);
    if (errno == ERANGE)
        return "migration version out of range";
    if (x <= 0)
        return "migration IDs must be greater than zero";
    *v = x;
    return NULL;
}

static int cmp_gfile(const void *pa, const void *pb)
{
    const struct gfile *a = pa, *b = pb;
    if (a->version != b->version)
        return a->version < b->version ? -1 : 1;
    return strcmp(a->name, b->name);
}

/* endsWithSemicolon: the last whitespace-separated word before a word that
 * starts with "--" ends in ';'. */
static bool ends_with_semicolon(const char *l, uint32_t n)
{
    const char *prev = NULL;
    uint32_t prevlen = 0;
    uint32_t i = 0;
    while (i < n) {
        while (i < n && isspace((unsigned char)l[i]))
            i++;
        if (i >= n)
            break;
        uint32_t s = i;
        while (i < n && !isspace((unsigned char)l[i]))
            i++;
        if (i - s >= 2 && l[s] == '-' && l[s + 1] == '-')
            break;
        prev = l + s;
        prevlen = i - s;
    }
    return prev && prev[prevlen - 1] == ';';
}

static bool is_blank_str(const char *s, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++)
        if (!isspace((unsigned char)s[i]))
            return false;
    return true;
}

/* The annotation of a line (lower case, trimmed) or NULL with *why set. */
static char *extract_annotation(struct arena *a, const char *l, uint32_t n, const char **why)
{
    if (n > 0 && (l[0] == ' ' || l[0] == '\t')) {
        *why = "annotation line contains leading whitespace";
        return NULL;
    }
    /* strings.ReplaceAll(line, "--", ""), then drop the first "+goose" */
    char *cmd = arena_alloc(a, n + 1);
    uint32_t k = 0;
    for (uint32_t i = 0; i < n; i++) {
        if (l[i] == '-' && i + 1 < n && l[i + 1] == '-') {
            i++;
            continue;
        }
        cmd[k++] = l[i];
    }
    cmd[k] = 0;
    char *g = strstr(cmd, "+goose");
    if (g)
        memmove(g, g + 6, strlen(g + 6) + 1);
    if (strstr(cmd, "+goose")) {
        *why = "line contains multiple '+goose' annotations";
        return NULL;
    }
    char *s = cmd;
    while (isspace((unsigned char)*s))
        s++;
    size_t len = strlen(s);
    while (len > 0 && isspace((unsigned char)s[len - 1]))
        s[--len] = 0;
    if (len == 0) {
        *why = "empty annotation";
        return NULL;
    }
    for (char *p = s; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    if (strcmp(s, "up") && strcmp(s, "down") && strcmp(s, "statementbegin") &&
        strcmp(s, "statementend") && strcmp(s, "no transaction") && strcmp(s, "envsub on") &&
        strcmp(s, "envsub off")) {
        *why = "unsupported annotation";
        return NULL;
    }
    return s;
}

struct gpart {
    uint32_t start, end; /* text of the part in the file */
    uint32_t loc;        /* the annotation line */
    bool present;
    uint32_t *ranges; /* statement ranges (file offsets), pairs */
    uint32_t nranges, cap;
};

static void add_range(struct arena *a, struct gpart *p, uint32_t s, uint32_t e)
{
    if (p->nranges + 2 > p->cap) {
        uint32_t cap = p->cap ? p->cap * 2 : 16;
        p->ranges = arena_grow(a, p->ranges, p->cap, cap, sizeof *p->ranges);
        p->cap = cap;
    }
    p->ranges[p->nranges++] = s;
    p->ranges[p->nranges++] = e;
}

static struct diag *gerr(struct diag_list *d, struct revision *r, const char *rule,
                         const struct source *s, uint32_t off, const char *fmt, const char *arg)
{
    struct diag *dg = fmt_input_error(d, rule, source_loc(s, off), NULL, fmt, arg);
    dg->revision = r->id;
    return dg;
}

/* Parses one SQL migration into the revision; returns 0 or -1. */
static int parse_sql(struct chain *c, struct revision *r, const struct source *s,
                     struct diag_list *d)
{
    struct arena *a = c->arena;
    enum gstate st = ST_START;
    bool use_tx = true;
    struct gpart up = {0}, down = {0};
    bool buf_empty = true;
    uint32_t buf_start = 0, buf_end = 0, begin_line = 0;
    const char *t = s->data;
    uint32_t off = 0;
    while (off < s->len) {
        uint32_t eol = off;
        while (eol < s->len && t[eol] != '\n')
            eol++;
        uint32_t next = eol < s->len ? eol + 1 : eol;
        uint32_t n = eol - off;
        if (n > 0 && t[off + n - 1] == '\r')
            n--; /* bufio.ScanLines drops a trailing CR */
        const char *l = t + off;
        uint32_t i = 0;
        while (i < n && isspace((unsigned char)l[i]))
            i++;
        bool is_comment = i + 1 < n && l[i] == '-' && l[i + 1] == '-';
        bool has_goose = false;
        if (is_comment)
            for (uint32_t k = 0; k + 6 <= n; k++)
                if (memcmp(l + k, "+goose", 6) == 0)
                    has_goose = true;
        if (is_comment && has_goose) {
            const char *why = NULL;
            char *cmd = extract_annotation(a, l, n, &why);
            if (!cmd) {
                struct diag *dg = gerr(d, r, "invalid-annotation", s, off,
                                       "failed to parse annotation line: %s", why);
                dg->help = "annotations are '-- +goose Up', 'Down', 'StatementBegin', "
                           "'StatementEnd', 'NO TRANSACTION', 'ENVSUB ON|OFF' at column 1";
                return -1;
            }
            if (strcmp(cmd, "up") == 0) {
                if (st != ST_START) {
                    gerr(d, r, "duplicate-up", s, off, "%s",
                         "duplicate '-- +goose Up' annotations");
                    return -1;
                }
                st = ST_UP;
                up.present = true;
                up.loc = off;
                up.start = next;
                off = next;
                continue;
            }
            if (strcmp(cmd, "down") == 0) {
                if (st == ST_BEGIN_UP) {
                    struct diag *dg =
                        gerr(d, r, "unterminated-statement-begin", s, begin_line, "%s",
                             "missing '-- +goose StatementEnd' annotation before "
                             "'-- +goose Down'");
                    dg->help = "close the statement with '-- +goose StatementEnd'";
                    return -1;
                }
                if (st != ST_UP && st != ST_END_UP) {
                    struct diag *dg =
                        gerr(d, r, "missing-up", s, off, "%s",
                             st == ST_START ? "must start with '-- +goose Up' annotation"
                                            : "duplicate '-- +goose Down' annotations");
                    dg->help = "one '-- +goose Up' first, then at most one '-- +goose Down'";
                    return -1;
                }
                if (!buf_empty && !is_blank_str(t + buf_start, buf_end - buf_start)) {
                    gerr(d, r, "missing-semicolon", s, buf_start, "%s",
                         "unexpected unfinished SQL query: missing semicolon?");
                    return -1;
                }
                buf_empty = true;
                up.end = off;
                st = ST_DOWN;
                down.present = true;
                down.loc = off;
                down.start = next;
                off = next;
                continue;
            }
            if (strcmp(cmd, "statementbegin") == 0) {
                if (st == ST_UP || st == ST_END_UP)
                    st = ST_BEGIN_UP;
                else if (st == ST_DOWN || st == ST_END_DOWN)
                    st = ST_BEGIN_DOWN;
                else {
                    gerr(d, r, st == ST_START ? "missing-up" : "nested-statement-begin", s, off,
                         "%s",
                         "'-- +goose StatementBegin' must be defined after '-- +goose Up' or "
                         "'-- +goose Down' annotation");
                    return -1;
                }
                begin_line = off;
                off = next;
                continue;
            }
            if (strcmp(cmd, "statementend") == 0) {
                if (st == ST_BEGIN_UP)
                    st = ST_END_UP;
                else if (st == ST_BEGIN_DOWN)
                    st = ST_END_DOWN;
                else {
                    gerr(d, r, "unexpected-statement-end", s, off, "%s",
                         "'-- +goose StatementEnd' must be defined after '-- +goose "
                         "StatementBegin'");
                    return -1;
                }
                /* falls through to the statement logic below, without the line */
            } else {
                if (strcmp(cmd, "no transaction") == 0)
                    use_tx = false;
                off = next;
                continue;
            }
        }
        if (buf_empty && st != ST_END_UP && st != ST_END_DOWN) {
            /* leading comments and empty lines before a statement are ignored */
            if (is_comment || n == 0) {
                off = next;
                continue;
            }
        }
        if (st == ST_START) {
            gerr(d, r, "missing-up", s, off, "%s",
                 "statement before '-- +goose Up': must start with '-- +goose Up' annotation");
            return -1;
        }
        if (st != ST_END_UP && st != ST_END_DOWN) {
            if (buf_empty) {
                buf_start = off;
                buf_empty = false;
            }
            buf_end = off + n;
        }
        struct gpart *gp = (st == ST_UP || st == ST_BEGIN_UP || st == ST_END_UP) ? &up : &down;
        switch (st) {
        case ST_UP:
        case ST_DOWN:
            if (ends_with_semicolon(l, n)) {
                add_range(a, gp, buf_start, buf_end);
                buf_empty = true;
            }
            break;
        case ST_END_UP:
        case ST_END_DOWN:
            if (!buf_empty)
                add_range(a, gp, buf_start, buf_end);
            buf_empty = true;
            st = st == ST_END_UP ? ST_UP : ST_DOWN;
            break;
        default:
            break;
        }
        off = next;
    }
    if (st == ST_START) {
        struct diag *dg = gerr(d, r, "missing-up", s, 0, "%s",
                               "failed to parse migration: must start with '-- +goose Up' "
                               "annotation");
        dg->help = "add '-- +goose Up' before the first statement";
        return -1;
    }
    if (st == ST_BEGIN_UP || st == ST_BEGIN_DOWN) {
        struct diag *dg = gerr(d, r, "unterminated-statement-begin", s, begin_line, "%s",
                               "failed to parse migration: missing '-- +goose StatementEnd' "
                               "annotation");
        dg->help = "close the statement with '-- +goose StatementEnd'";
        return -1;
    }
    if (!buf_empty && !is_blank_str(t + buf_start, buf_end - buf_start)) {
        gerr(d, r, "missing-semicolon", s, buf_start, "%s",
             "unexpected unfinished SQL query: missing semicolon?");
        return -1;
    }
    if (st == ST_UP || st == ST_END_UP)
        up.end = s->len;
    else
        down.end = s->len;
    struct gpart *gps[2] = {&up, &down};
    struct part *ps[2] = {&r->up, &r->down};
    for (int k = 0; k < 2; k++) {
        struct gpart *gp = gps[k];
        if (!gp->present)
            continue;
        fmt_part_slice(a, ps[k], s, gp->start, gp->end);
        for (uint32_t j = 0; j < gp->nranges; j += 2)
            fmt_split(a, ps[k], gp->ranges[j] - gp->start, gp->ranges[j + 1] - gp->start, 0);
        ps[k]->loc = source_loc(s, gp->loc);
    }
    r->tx = use_tx ? TX_ON : TX_OFF;
    return 0;
}

/* Whether the Go source calls a function whose name starts with NAME: the
 * name as code, not inside a comment or a string literal - a registration
 * commented out (`// goose.AddMigrationNoTx(...)`) registers nothing. */
static bool go_code_has(const char *p, const char *name)
{
    size_t n = strlen(name);
    while (*p) {
        if (p[0] == '/' && p[1] == '/') {
            while (*p && *p != '\n')
                p++;
        } else if (p[0] == '/' && p[1] == '*') {
            const char *e = strstr(p + 2, "*/");
            p = e ? e + 2 : p + strlen(p);
        } else if (*p == '`') {
            const char *e = strchr(p + 1, '`');
            p = e ? e + 1 : p + strlen(p);
        } else if (*p == '"' || *p == '\'') {
            char q = *p++;
            while (*p && *p != q && *p != '\n')
                p += p[0] == '\\' && p[1] ? 2 : 1;
            if (*p == q)
                p++;
        } else if (strncmp(p, name, n) == 0) {
            return true;
        } else {
            p++;
        }
    }
    return false;
}

/* A Go migration: its SQL is code, so the revision holds a placeholder. */
static void read_go(struct chain *c, struct revision *r, const struct source *s,
                    struct diag_list *d)
{
    struct fmt_builder b;
    fmt_b_init(&b, c->arena, s, 0);
    fmt_b_begin(&b);
    fmt_b_adds(&b, "/* not analyzed: Go migration */", 0);
    fmt_b_end(&b, STMT_NOT_ANALYZED, false);
    fmt_b_finish(&b, &r->up);
    fmt_b_release(&b);
    /* goose.AddMigrationNoTx registers a migration run outside a transaction */
    r->tx =
        go_code_has(s->data, "AddMigrationNoTx") || go_code_has(s->data, "AddNamedMigrationNoTx")
            ? TX_OFF
            : TX_ON;
    struct diag *dg = fmt_diag(d, "not-analyzed", SEV_WARNING, source_loc(s, 0), NULL,
                               "Go migration %s is not analyzed", r->id);
    dg->revision = r->id;
    dg->help = "its SQL is built by Go code; review it by hand";
}

int fmt_read_goose(struct chain *c, const char *dir, struct diag_list *d)
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
    struct gfile *files = arena_alloc(a, (n + 1) * sizeof *files);
    uint32_t nf = 0;
    int rc = 0;
    for (uint32_t i = 0; i < n; i++) {
        const char *nm = ents[i].name;
        if (ents[i].is_dir)
            continue;
        bool go = fmt_has_suffix(nm, ".go");
        if (!fmt_has_suffix(nm, ".sql") && !go)
            continue;
        if (go && fmt_has_suffix(nm, "_test.go"))
            continue;
        struct gfile *f = &files[nf];
        f->name = nm;
        f->path = fmt_join(a, dir, nm);
        f->go = go;
        const char *why = parse_version(nm, &f->version);
        if (why) {
            if (go)
                continue; /* helper Go files without a version are not migrations */
            fmt_input_error(d, "invalid-file-name", none, f->path,
                            "could not parse SQL migration file %s: %s", nm, why);
            rc = -1;
            continue;
        }
        const char *us = strchr(nm, '_');
        f->desc = arena_strndup(a, us + 1, strlen(us + 1) - (go ? 3 : 4));
        nf++;
    }
    if (nf == 0 && rc == 0) {
        fmt_input_error(d, "empty-chain", none, dir, "no goose migrations (N_name.sql) in %s", dir);
        return -1;
    }
    qsort(files, nf, sizeof *files, cmp_gfile);
    struct revision **revs = arena_alloc(a, (nf + 1) * sizeof *revs);
    uint32_t nr = 0;
    for (uint32_t i = 0; i < nf; i++) {
        struct gfile *f = &files[i];
        if (i > 0 && files[i - 1].version == f->version) {
            struct diag *dg =
                fmt_input_error(d, "duplicate-version", none, f->path,
                                "duplicate migration version %lld detected: %s and %s", f->version,
                                files[i - 1].name, f->name);
            dg->help = "every goose migration needs its own version";
            rc = -1;
            continue;
        }
        struct source *s = fmt_load(c, f->path, d);
        if (!s) {
            rc = -1;
            continue;
        }
        struct revision *r = chain_add(c);
        revs[nr++] = r;
        r->id = arena_printf(a, "%lld", f->version);
        r->version = r->id;
        r->message = f->desc;
        r->src = s;
        r->loc = source_loc(s, 0);
        if (f->go)
            read_go(c, r, s, d);
        else if (parse_sql(c, r, s, d) < 0)
            rc = -1;
    }
    fmt_link_linear(a, revs, nr);
    return rc;
}
