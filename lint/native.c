/*
 * native.c - reader of airlock's own chain format (SPEC.md §1): a directory
 * of *.sql files, one revision each, with '-- airlock:' directive comments.
 * Directives are found by sqlscan, so a '-- airlock:down' inside a function
 * body or string is not one. Each file is checked on its own (encoding, NUL
 * bytes, psql meta-commands, directives): one bad file never hides the
 * others. The graph itself is checked later by chain_validate.
 */
#include "lint/arena.h"
#include "lint/chain.h"
#include "lint/sqlscan.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define NATIVE_MAX_FILE ((size_t)256 << 20)

/* Directives allowed only in the header, before the first statement. */
static const char *const header_directives[] = {"revision",    "parents", "message",
                                                "transaction", "up",      NULL};

struct file_state {
    struct chain *c;
    struct revision *r;
    struct source *src;
    struct diag_list *d;
    char *text;              /* mutable copy of the file: meta-command lines are blanked */
    bool seen_code;          /* a statement started before this point */
    bool seen[8];            /* header directives seen, by index in header_directives */
    int64_t down_line_start; /* offset of the '-- airlock:down' line, or -1 */
    int64_t down_text_start; /* first byte after that line */
    struct loc down_loc;
    uint32_t nignores, ignores_cap;
    bool parents_given;
};

static struct diag *file_error(struct file_state *st, const char *rule, uint32_t off,
                               const char *fmt, const char *arg)
{
    struct diag *g = diag_add(st->d, rule, SEV_ERROR, source_loc(st->src, off), fmt, arg);
    /* a diagnostic about a directive underlines the whole comment */
    if (off + 1 < st->src->len && st->src->data[off] == '-' && st->src->data[off + 1] == '-') {
        uint32_t e = off;
        while (e < st->src->len && st->src->data[e] != '\n' && st->src->data[e] != '\r')
            e++;
        g->span = e - off;
    }
    g->input_error = true;
    g->revision = st->r ? st->r->id : NULL;
    return g;
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/* Splits s[0..n) at white space into arena strings; also splits on ',' when commas. */
static const char **split_words(struct arena *a, const char *s, uint32_t n, bool commas,
                                uint32_t *count)
{
    const char **v = arena_alloc(a, sizeof *v * (n / 2 + 2));
    uint32_t k = 0, i = 0;
    while (i < n) {
        while (i < n && (is_space(s[i]) || (commas && s[i] == ',')))
            i++;
        uint32_t b = i;
        while (i < n && !is_space(s[i]) && !(commas && s[i] == ','))
            i++;
        if (i > b)
            v[k++] = arena_strndup(a, s + b, i - b);
    }
    *count = k;
    return v;
}

static void add_ignore(struct file_state *st, uint32_t off, const char *args, uint32_t alen,
                       bool file_wide)
{
    struct revision *r = st->r;
    struct arena *a = st->c->arena;
    if (st->nignores == st->ignores_cap) {
        uint32_t cap = st->ignores_cap ? st->ignores_cap * 2 : 4;
        r->ignores = arena_grow(a, r->ignores, st->ignores_cap, cap, sizeof *r->ignores);
        st->ignores_cap = cap;
    }
    struct ignore *ig = &r->ignores[st->nignores++];
    r->nignores = st->nignores;
    ig->loc = source_loc(st->src, off);
    ig->rules = split_words(a, args, alen, true, &ig->nrules);
    ig->file_wide = file_wide;
    ig->part = st->down_line_start >= 0 ? PART_DOWN : PART_UP;
    ig->stmt = -1;
    /* offsets are relative to the part's text: the down part starts after its directive */
    ig->text_off = ig->part == PART_DOWN ? off - (uint32_t)st->down_text_start : off;
    if (ig->nrules == 0)
        file_error(st, "invalid-directive", off, "'airlock:%s' needs at least one rule id",
                   file_wide ? "ignore-file" : "ignore");
}

static void directive(struct file_state *st, uint32_t off, uint32_t len)
{
    const char *s = st->src->data + off;
    uint32_t i = 2; /* past "--" */
    while (i < len && is_space(s[i]))
        i++;
    if (len - i < 8 || memcmp(s + i, "airlock:", 8) != 0)
        return; /* an ordinary comment */
    i += 8;
    uint32_t nb = i;
    while (i < len && !is_space(s[i]))
        i++;
    char name[32];
    uint32_t nl = i - nb < sizeof name - 1 ? i - nb : (uint32_t)sizeof name - 1;
    memcpy(name, s + nb, nl);
    name[nl] = 0;
    while (i < len && is_space(s[i]))
        i++;
    uint32_t ae = len;
    while (ae > i && is_space(s[ae - 1]))
        ae--;
    const char *args = s + i;
    uint32_t alen = ae - i;
    struct arena *a = st->c->arena;
    struct revision *r = st->r;

    int hidx = -1;
    for (int k = 0; header_directives[k]; k++)
        if (strcmp(name, header_directives[k]) == 0)
            hidx = k;
    if (hidx >= 0) {
        if (st->seen_code || st->down_line_start >= 0) {
            struct diag *g = file_error(st, "directive-after-statement", off,
                                        "'airlock:%s' must come before the first statement", name);
            g->help = "move the directive to the top of the file, before any SQL";
            return;
        }
        if (st->seen[hidx]) {
            file_error(st, "duplicate-directive", off, "'airlock:%s' is given more than once",
                       name);
            return;
        }
        st->seen[hidx] = true;
    }
    if (strcmp(name, "revision") == 0) {
        uint32_t n;
        const char **w = split_words(a, args, alen, false, &n);
        if (n != 1) {
            file_error(st, "invalid-directive", off, "'airlock:revision' takes exactly one id%s",
                       "");
            return;
        }
        r->id = w[0];
        r->loc = source_loc(st->src, off);
    } else if (strcmp(name, "parents") == 0) {
        uint32_t n;
        const char **w = split_words(a, args, alen, true, &n);
        st->parents_given = true;
        r->explicit_parents = true;
        r->parents_loc = source_loc(st->src, off);
        if (n == 0) {
            struct diag *g = file_error(st, "invalid-directive", off,
                                        "'airlock:parents' names no revision%s", "");
            g->help = "write 'none' for a base revision";
            return;
        }
        if (n == 1 && strcmp(w[0], "none") == 0) {
            r->nparents = 0;
            return;
        }
        for (uint32_t k = 0; k < n; k++)
            if (strcmp(w[k], "none") == 0) {
                file_error(st, "invalid-directive", off,
                           "'none' cannot be combined with parent ids%s", "");
                return;
            }
        r->parents = w;
        r->nparents = n;
    } else if (strcmp(name, "message") == 0) {
        r->message = arena_strndup(a, args, alen);
    } else if (strcmp(name, "transaction") == 0) {
        if (alen == 3 && memcmp(args, "off", 3) == 0)
            r->tx = TX_OFF;
        else if (alen == 2 && memcmp(args, "on", 2) == 0)
            r->tx = TX_ON;
        else
            file_error(st, "invalid-directive", off,
                       "'airlock:transaction' takes 'on' or 'off', not '%s'",
                       arena_strndup(a, args, alen));
    } else if (strcmp(name, "up") == 0) {
        /* marks where the up part starts; the header before it is comments only */
    } else if (strcmp(name, "down") == 0) {
        if (st->down_line_start >= 0) {
            file_error(st, "duplicate-directive", off, "'airlock:%s' is given more than once",
                       name);
            return;
        }
        st->down_line_start = st->src->line_starts[source_loc(st->src, off).line - 1];
        st->down_text_start = off + len < st->src->len ? off + len + 1 : st->src->len;
        st->down_loc = source_loc(st->src, off);
    } else if (strcmp(name, "ignore") == 0) {
        add_ignore(st, off, args, alen, false);
    } else if (strcmp(name, "ignore-file") == 0) {
        add_ignore(st, off, args, alen, true);
    } else {
        struct diag *g =
            file_error(st, "unknown-directive", off, "unknown directive 'airlock:%s'", name);
        g->help = "directives are revision, parents, message, transaction, up, down, ignore, "
                  "ignore-file";
    }
}

static void scan_event(void *ctx, enum sqlscan_event ev, uint32_t off, uint32_t len)
{
    struct file_state *st = ctx;
    switch (ev) {
    case SQLSCAN_LINE_COMMENT:
        directive(st, off, len);
        break;
    case SQLSCAN_META: {
        char cmd[16];
        uint32_t n = 0;
        while (n < len && n < sizeof cmd - 1 && !is_space(st->src->data[off + n]))
            cmd[n] = st->src->data[off + n], n++;
        cmd[n] = 0;
        if (strcmp(cmd, "\\restrict") == 0 || strcmp(cmd, "\\unrestrict") == 0) {
            /* pg_dump (15.14, 16.10, 17.6 and later) brackets its output with
             * these: they only stop psql from running meta-commands hidden in
             * the dump's data, and mean nothing to the SQL. Skipped. */
            memset(st->text + off, ' ', len);
            break;
        }
        struct diag *g =
            file_error(st, "psql-meta-command", off, "psql meta-command '%s' is not SQL", cmd);
        g->help = "migrations must be plain SQL: airlock and its applier do not run psql; "
                  "inline the included file or use SET instead of \\set";
        g->span = n;
        memset(st->text + off, ' ', len); /* keep offsets; check the rest of the file */
        break;
    }
    case SQLSCAN_CODE:
        if (st->down_line_start < 0)
            st->seen_code = true;
        break;
    case SQLSCAN_SEMI:
    case SQLSCAN_COPY_DATA: /* COPY ... FROM STDIN data: bytes for the applier, not SQL */
        break;
    }
}

static void code_event(void *ctx, enum sqlscan_event ev, uint32_t off, uint32_t len)
{
    (void)off;
    (void)len;
    if (ev == SQLSCAN_CODE)
        *(bool *)ctx = true;
}

/* Whether s has anything but comments and white space. */
static bool has_code(const char *s, uint32_t n)
{
    bool code = false;
    sqlscan(s, n, code_event, &code);
    return code;
}

static const char *base_name(const char *path)
{
    const char *b = strrchr(path, '/');
    return b ? b + 1 : path;
}

/* text is the part's own NUL-terminated copy of src bytes [from, to). */
static void set_part(struct part *p, struct source *src, const char *text, uint32_t from,
                     uint32_t to)
{
    p->present = true;
    p->sql.text = text;
    p->sql.len = to - from;
    p->sql.src = src;
    p->sql.map = NULL;
    p->sql.base = from;
    p->loc = source_loc(src, from);
}

/* Reads one file (src, or from disk when src is NULL) into a new revision of c. */
static void read_file_rev(struct chain *c, const char *path, struct source *src,
                          struct diag_list *d)
{
    struct arena *a = c->arena;
    struct err e = {0};
    struct revision *r = chain_add(c);
    const char *bn = base_name(path);
    size_t bl = strlen(bn);
    if (bl > 4 && strcmp(bn + bl - 4, ".sql") == 0)
        bl -= 4;
    const char *us = memchr(bn, '_', bl);
    r->id = arena_strndup(a, bn, us ? (size_t)(us - bn) : bl);
    r->message = us ? arena_strndup(a, us + 1, bl - (size_t)(us - bn) - 1) : arena_strdup(a, "");
    r->version = arena_strndup(a, bn, bl);
    r->tx = TX_ON;
    if (!src)
        src = source_load(a, path, NATIVE_MAX_FILE, &e);
    if (!src) {
        struct diag *g = diag_add(d, "unreadable-file", SEV_ERROR, (struct loc){0}, "%s", e.msg);
        g->input_error = true;
        g->path = arena_strdup(a, path);
        r->broken = true;
        return;
    }
    chain_add_source(c, src);
    r->src = src;
    r->loc = source_loc(src, 0);
    r->parents_loc = r->loc;
    struct file_state st = {.c = c, .r = r, .src = src, .d = d};
    st.down_line_start = st.down_text_start = -1;
    if (src->len == 0) {
        struct diag *g = file_error(&st, "empty-file", 0, "file is empty%s", "");
        g->help = "a revision needs an up part; delete the file if it is not a revision";
        r->broken = true;
        return;
    }
    const char *nul = memchr(src->data, 0, src->len);
    if (nul) {
        struct diag *g = file_error(&st, "nul-byte", (uint32_t)(nul - src->data),
                                    "file contains a NUL byte%s", "");
        g->help = "SQL files are text; PostgreSQL rejects NUL bytes in queries";
        r->broken = true;
        return;
    }
    size_t bad = utf8_invalid_offset(src->data, src->len);
    if (bad != (size_t)-1) {
        struct diag *g =
            file_error(&st, "invalid-utf8", (uint32_t)bad, "file is not valid UTF-8 (byte 0x%s)",
                       arena_printf(a, "%02x", (unsigned char)src->data[bad]));
        g->help = "save the file as UTF-8; PostgreSQL would reject it with 'invalid byte sequence "
                  "for encoding \"UTF8\"'";
        r->broken = true;
        return;
    }
    st.text = arena_strndup(a, src->data, src->len);
    sqlscan(src->data, src->len, scan_event, &st);
    uint32_t up_end = st.down_line_start >= 0 ? (uint32_t)st.down_line_start : src->len;
    /* each part gets its own NUL-terminated copy: libpg_query reads C strings */
    char *up = arena_strndup(a, st.text, up_end);
    set_part(&r->up, src, up, 0, up_end);
    if (st.down_line_start >= 0) {
        uint32_t ds = (uint32_t)st.down_text_start;
        char *down = arena_strndup(a, st.text + ds, src->len - ds);
        set_part(&r->down, src, down, ds, src->len);
        r->down.loc = st.down_loc;
    }
    /* a merge may be empty: it only joins branches (as Alembic's merge revisions are) */
    if (r->nparents < 2 && !has_code(up, up_end)) {
        struct diag *g =
            file_error(&st, "missing-up", st.down_line_start >= 0 ? st.down_loc.off : 0,
                       "revision has no up part%s", "");
        g->help = "write the statements that apply the revision before '-- airlock:down'";
    }
}

static int cmp_paths(const void *pa, const void *pb)
{
    const char *a = *(const char *const *)pa, *b = *(const char *const *)pb;
    return chain_version_cmp(base_name(a), base_name(b));
}

/* After every file is read: implicit linear order, or every file names parents. */
static void link_revisions(struct chain *c, struct diag_list *d)
{
    uint32_t explicit = 0;
    struct revision *example = NULL;
    for (uint32_t i = 0; i < c->nrevs; i++)
        if (c->revs[i]->explicit_parents) {
            explicit ++;
            if (!example)
                example = c->revs[i];
        }
    if (explicit == 0) {
        for (uint32_t i = 1; i < c->nrevs; i++) {
            struct revision *r = c->revs[i];
            r->parents = arena_alloc(c->arena, sizeof *r->parents);
            r->parents[0] = c->revs[i - 1]->id;
            r->nparents = 1;
        }
        return;
    }
    for (uint32_t i = 0; i < c->nrevs; i++) {
        struct revision *r = c->revs[i];
        if (r->explicit_parents || r->broken || !r->src)
            continue;
        struct diag *g =
            diag_add(d, "mixed-parents", SEV_ERROR, source_loc(r->src, 0),
                     "file has no 'airlock:parents' directive but %s names its parents",
                     example->src ? example->src->path : example->id);
        g->input_error = true;
        g->revision = r->id;
        g->help = "once one file names its parents every file must ('-- airlock:parents none' "
                  "for the base)";
    }
}

int native_read_files(struct chain *c, char **files, int nfiles, struct diag_list *d)
{
    char **sorted = arena_alloc(c->arena, sizeof *sorted * (size_t)(nfiles ? nfiles : 1));
    memcpy(sorted, files, sizeof *sorted * (size_t)nfiles);
    qsort(sorted, (size_t)nfiles, sizeof *sorted, cmp_paths);
    for (int i = 0; i < nfiles; i++)
        read_file_rev(c, sorted[i], NULL, d);
    link_revisions(c, d);
    return 0;
}

int native_read_dir(struct chain *c, const char *dir, struct diag_list *d)
{
    DIR *dp = opendir(dir);
    if (!dp) {
        struct diag *g = diag_add(d, "unreadable-directory", SEV_ERROR, (struct loc){0},
                                  "cannot read directory %s: %s", dir, strerror(errno));
        g->input_error = true;
        g->path = arena_strdup(c->arena, dir);
        return -1;
    }
    uint32_t n = 0, cap = 64;
    char **files = xmalloc(sizeof *files * cap);
    struct dirent *de;
    while ((de = readdir(dp))) {
        size_t l = strlen(de->d_name);
        if (de->d_name[0] == '.' || l < 5 || strcmp(de->d_name + l - 4, ".sql") != 0)
            continue;
        if (n == cap)
            files = xrealloc(files, sizeof *files * (cap *= 2));
        size_t dl = strlen(dir);
        bool slash = dl && dir[dl - 1] == '/';
        files[n++] = arena_printf(c->arena, "%s%s%s", dir, slash ? "" : "/", de->d_name);
    }
    closedir(dp);
    if (n == 0) {
        struct diag *g = diag_add(d, "empty-chain", SEV_ERROR, (struct loc){0},
                                  "no *.sql revision files in %s", dir);
        g->input_error = true;
        g->path = arena_strdup(c->arena, dir);
    }
    native_read_files(c, files, (int)n, d);
    free(files);
    c->partial = false;
    return 0;
}

int native_read_buffers(struct chain *c, const char *const *names, const char *const *data,
                        const size_t *lens, int n, struct diag_list *d)
{
    for (int i = 0; i < n; i++)
        read_file_rev(c, names[i], source_from_memory(c->arena, names[i], data[i], lens[i]), d);
    link_revisions(c, d);
    return 0;
}
