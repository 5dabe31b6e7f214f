/*
 * common.c - helpers shared by the format readers (see fmt.h): directory
 * listings, file loading, diagnostics, parts made of file slices or of
 * generated SQL, and statement splitting with libpg_query.
 */
#include "lint/formats/fmt.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <pg_query.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

static int cmp_ent(const void *pa, const void *pb)
{
    const struct fmt_ent *a = pa, *b = pb;
    return strcmp(a->name, b->name);
}

int fmt_list_dir(struct arena *a, const char *dir, struct fmt_ent **out, uint32_t *n, struct err *e)
{
    DIR *dp = opendir(dir);
    if (!dp)
        return err_set(e, 1, "cannot open directory %s: %s", dir, strerror(errno));
    uint32_t cap = 32, cnt = 0;
    struct fmt_ent *v = arena_alloc(a, cap * sizeof *v);
    struct dirent *de;
    while ((de = readdir(dp)) != NULL) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        if (cnt == cap) {
            v = arena_grow(a, v, cap, cap * 2, sizeof *v);
            cap *= 2;
        }
        v[cnt].name = arena_strdup(a, de->d_name);
        v[cnt].is_dir = fmt_is_dir(fmt_join(a, dir, de->d_name));
        cnt++;
    }
    closedir(dp);
    qsort(v, cnt, sizeof *v, cmp_ent);
    *out = v;
    *n = cnt;
    return 0;
}

char *fmt_join(struct arena *a, const char *dir, const char *name)
{
    if (!dir || !*dir || strcmp(dir, ".") == 0)
        return arena_strdup(a, name);
    size_t dl = strlen(dir);
    if (dir[dl - 1] == '/')
        return arena_printf(a, "%s%s", dir, name);
    return arena_printf(a, "%s/%s", dir, name);
}

bool fmt_is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

bool fmt_is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

bool fmt_has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && memcmp(s + n - m, suffix, m) == 0;
}

bool fmt_has_prefix(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

static struct diag *vdiag(struct diag_list *d, const char *rule, enum severity sev, struct loc loc,
                          const char *path, const char *fmt, va_list ap)
{
    char buf[1024];
    vsnprintf(buf, sizeof buf, fmt, ap);
    struct diag *dg = diag_add(d, rule, sev, loc, "%s", buf);
    if (!loc.src && path)
        dg->path = arena_strdup(d->arena, path);
    return dg;
}

struct diag *fmt_input_error(struct diag_list *d, const char *rule, struct loc loc,
                             const char *path, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    struct diag *dg = vdiag(d, rule, SEV_ERROR, loc, path, fmt, ap);
    va_end(ap);
    dg->input_error = true;
    return dg;
}

struct diag *fmt_diag(struct diag_list *d, const char *rule, enum severity sev, struct loc loc,
                      const char *path, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    struct diag *dg = vdiag(d, rule, sev, loc, path, fmt, ap);
    va_end(ap);
    return dg;
}

struct source *fmt_load(struct chain *c, const char *path, struct diag_list *d)
{
    struct err e = {0};
    struct source *s = source_load(c->arena, path, FMT_MAX_FILE, &e);
    if (!s) {
        struct loc none = {0};
        fmt_input_error(d, "unreadable-file", none, path, "%s", e.msg);
        return NULL;
    }
    size_t bad = utf8_invalid_offset(s->data, s->len);
    if (bad != (size_t)-1) {
        fmt_input_error(d, "invalid-utf8", source_loc(s, (uint32_t)bad), path,
                        "file is not valid UTF-8");
        return NULL;
    }
    chain_add_source(c, s);
    return s;
}

void fmt_part_slice(struct arena *a, struct part *p, const struct source *src, uint32_t start,
                    uint32_t end)
{
    if (end < start)
        end = start;
    p->present = true;
    p->stmts_given = true;
    p->sql.text = arena_strndup(a, src->data + start, end - start);
    p->sql.len = end - start;
    p->sql.src = src;
    p->sql.map = NULL;
    p->sql.nmap = 0;
    p->sql.base = start;
    p->loc = source_loc(src, start);
}

uint32_t fmt_skip_blank(const char *t, uint32_t off, uint32_t end)
{
    while (off < end) {
        char ch = t[off];
        if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f' || ch == '\v') {
            off++;
        } else if (ch == '-' && off + 1 < end && t[off + 1] == '-') {
            while (off < end && t[off] != '\n')
                off++;
        } else if (ch == '/' && off + 1 < end && t[off + 1] == '*') {
            /* PostgreSQL block comments nest */
            int depth = 0;
            while (off < end) {
                if (t[off] == '/' && off + 1 < end && t[off + 1] == '*') {
                    depth++;
                    off += 2;
                } else if (t[off] == '*' && off + 1 < end && t[off + 1] == '/') {
                    depth--;
                    off += 2;
                    if (depth == 0)
                        break;
                } else {
                    off++;
                }
            }
        } else {
            break;
        }
    }
    return off < end ? off : end;
}

bool fmt_blank(const char *text, uint32_t off, uint32_t end)
{
    return fmt_skip_blank(text, off, end) >= end;
}

struct stmt *fmt_add_stmt(struct arena *a, struct part *p, uint32_t off, uint32_t len,
                          uint32_t flags)
{
    /* capacity is implicit: 8, then the next power of two */
    uint32_t n = p->nstmts;
    if (n == 0)
        p->stmts = arena_alloc(a, 8 * sizeof *p->stmts);
    else if (n >= 8 && (n & (n - 1)) == 0)
        p->stmts = arena_grow(a, p->stmts, n, (size_t)n * 2, sizeof *p->stmts);
    struct stmt *s = &p->stmts[p->nstmts];
    memset(s, 0, sizeof *s);
    s->off = off;
    s->len = len;
    s->flags = flags;
    s->index = p->nstmts++;
    s->loc = sqltext_loc(&p->sql, off);
    return s;
}

/* Adds [start, end) trimmed of blanks/comments in front and blanks behind. */
static uint32_t add_trimmed(struct arena *a, struct part *p, uint32_t start, uint32_t end,
                            uint32_t flags)
{
    const char *t = p->sql.text;
    start = fmt_skip_blank(t, start, end);
    while (end > start && isspace((unsigned char)t[end - 1]))
        end--;
    /* a trailing ';' is not part of the statement */
    while (end > start && t[end - 1] == ';') {
        end--;
        while (end > start && isspace((unsigned char)t[end - 1]))
            end--;
    }
    if (end <= start || fmt_blank(t, start, end))
        return 0;
    fmt_add_stmt(a, p, start, end - start, flags);
    return 1;
}

uint32_t fmt_split(struct arena *a, struct part *p, uint32_t off, uint32_t end, uint32_t flags)
{
    if (end > p->sql.len)
        end = p->sql.len;
    if (off >= end || fmt_blank(p->sql.text, off, end))
        return 0;
    uint32_t n = end - off;
    char *buf = xmalloc(n + 1);
    memcpy(buf, p->sql.text + off, n);
    buf[n] = 0;
    uint32_t added = 0;
    PgQuerySplitResult r = pg_query_split_with_parser(buf);
    if (r.error) {
        pg_query_free_split_result(r);
        r = pg_query_split_with_scanner(buf);
    }
    if (r.error || r.n_stmts <= 0) {
        added = add_trimmed(a, p, off, end, flags);
    } else {
        for (int i = 0; i < r.n_stmts; i++) {
            uint32_t so = (uint32_t)r.stmts[i]->stmt_location;
            uint32_t sl = (uint32_t)r.stmts[i]->stmt_len;
            if (so > n)
                so = n;
            if (sl == 0 || so + sl > n)
                sl = n - so;
            added += add_trimmed(a, p, off + so, off + so + sl, flags);
        }
    }
    pg_query_free_split_result(r);
    free(buf);
    return added;
}

void fmt_b_init(struct fmt_builder *b, struct arena *a, const struct source *src, uint32_t loc_off)
{
    memset(b, 0, sizeof *b);
    b->a = a;
    b->src = src;
    b->loc_off = loc_off;
}

void fmt_b_add(struct fmt_builder *b, const char *s, size_t n, uint32_t src_off, bool linear)
{
    if (n == 0)
        return;
    uint32_t at = (uint32_t)b->text.len;
    struct srcmap *last = b->nmap ? &b->map[b->nmap - 1] : NULL;
    bool merge = false;
    if (last) {
        if (!linear && !last->linear && last->src_off == src_off)
            merge = true; /* more generated text from the same call */
        else if (linear && last->linear && last->src_off + (at - last->text_off) == src_off)
            merge = true; /* contiguous in both */
    }
    if (!merge) {
        if (b->nmap == b->capmap) {
            uint32_t cap = b->capmap ? b->capmap * 2 : 16;
            b->map = arena_grow(b->a, b->map, b->capmap, cap, sizeof *b->map);
            b->capmap = cap;
        }
        b->map[b->nmap++] = (struct srcmap){at, src_off, linear};
    }
    sb_add(&b->text, s, n);
}

void fmt_b_adds(struct fmt_builder *b, const char *s, uint32_t src_off)
{
    fmt_b_add(b, s, strlen(s), src_off, false);
}

void fmt_b_begin(struct fmt_builder *b)
{
    b->cur_start = (uint32_t)b->text.len;
}

void fmt_b_end(struct fmt_builder *b, uint32_t flags, bool split)
{
    uint32_t end = (uint32_t)b->text.len;
    if (b->nchunks == b->capchunks) {
        uint32_t cap = b->capchunks ? b->capchunks * 2 : 16;
        b->chunks = arena_grow(b->a, b->chunks, b->capchunks, cap, sizeof *b->chunks);
        b->capchunks = cap;
    }
    b->chunks[b->nchunks++] = (struct fmt_chunk){b->cur_start, end, flags, split};
    /* the terminator belongs to the last byte's origin */
    uint32_t so = b->nmap ? b->map[b->nmap - 1].src_off : b->loc_off;
    if (b->nmap && b->map[b->nmap - 1].linear)
        so += end - b->map[b->nmap - 1].text_off;
    if (end > b->cur_start)
        fmt_b_add(b, ";\n\n", 3, so, false);
    b->cur_start = (uint32_t)b->text.len;
}

void fmt_b_finish(struct fmt_builder *b, struct part *p)
{
    p->present = true;
    p->stmts_given = true;
    size_t len = 0;
    char *t = sb_detach(&b->text, &len);
    p->sql.text = arena_strndup(b->a, t ? t : "", len);
    free(t);
    p->sql.len = (uint32_t)len;
    p->sql.src = b->src;
    if (b->nmap == 0) {
        /* empty text: map everything to where the part starts */
        b->map = arena_alloc(b->a, sizeof *b->map);
        b->map[0] = (struct srcmap){0, b->loc_off, false};
        b->nmap = 1;
    }
    p->sql.map = b->map;
    p->sql.nmap = b->nmap;
    p->sql.base = 0;
    p->loc = source_loc(b->src, b->loc_off);
    for (uint32_t i = 0; i < b->nchunks; i++) {
        struct fmt_chunk *ch = &b->chunks[i];
        if (ch->flags & STMT_NOT_ANALYZED)
            fmt_add_stmt(b->a, p, ch->start, ch->end - ch->start, ch->flags); /* a comment */
        else if (ch->split)
            fmt_split(b->a, p, ch->start, ch->end, ch->flags);
        else if (ch->end > ch->start)
            add_trimmed(b->a, p, ch->start, ch->end, ch->flags);
    }
    b->nchunks = 0;
}

void fmt_b_release(struct fmt_builder *b)
{
    sb_release(&b->text);
}

int fmt_numcmp(const char *a, const char *b)
{
    while (*a == '0' && isdigit((unsigned char)a[1]))
        a++;
    while (*b == '0' && isdigit((unsigned char)b[1]))
        b++;
    size_t la = 0, lb = 0;
    while (isdigit((unsigned char)a[la]))
        la++;
    while (isdigit((unsigned char)b[lb]))
        lb++;
    if (la != lb)
        return la < lb ? -1 : 1;
    int c = memcmp(a, b, la);
    return c < 0 ? -1 : c > 0;
}

char *fmt_sanitize_id(struct arena *a, const char *raw)
{
    size_t n = strlen(raw);
    if (n > CHAIN_ID_MAX)
        n = CHAIN_ID_MAX;
    char *s = arena_strndup(a, raw, n);
    for (size_t i = 0; i < n; i++)
        if (!isalnum((unsigned char)s[i]) && s[i] != '_' && s[i] != '.')
            s[i] = '_';
    return s;
}

void fmt_add_parent(struct arena *a, struct revision *r, const char *id)
{
    const char **v = arena_alloc(a, (r->nparents + 1) * sizeof *v);
    if (r->nparents)
        memcpy(v, r->parents, r->nparents * sizeof *v);
    v[r->nparents++] = id;
    r->parents = v;
}

void fmt_link_linear(struct arena *a, struct revision **revs, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        revs[i]->nparents = 0;
        revs[i]->parents = NULL;
        if (i > 0)
            fmt_add_parent(a, revs[i], revs[i - 1]->id);
        revs[i]->explicit_parents = false;
        revs[i]->parents_loc = revs[i]->loc;
    }
}

bool fmt_starts_with_words(const char *text, uint32_t len, const char *words)
{
    uint32_t i = fmt_skip_blank(text, 0, len);
    const char *w = words;
    while (*w) {
        while (*w == ' ')
            w++;
        if (!*w)
            break;
        size_t wl = strcspn(w, " ");
        if (i + wl > len || strncasecmp(text + i, w, wl) != 0)
            return false;
        i += (uint32_t)wl;
        /* the word must end here */
        if (i < len && (isalnum((unsigned char)text[i]) || text[i] == '_'))
            return false;
        w += wl;
        if (*w)
            i = fmt_skip_blank(text, i, len);
    }
    return true;
}

void fmt_settle_tx(struct revision *r)
{
    uint32_t user = 0, notx = 0;
    for (uint32_t i = 0; r->up.present && i < r->up.nstmts; i++) {
        uint32_t f = r->up.stmts[i].flags;
        if (f & (STMT_BOOKKEEPING | STMT_NOT_ANALYZED))
            continue;
        user++;
        if (f & STMT_NO_TX)
            notx++;
    }
    if (user > 0 && notx == user)
        r->tx = TX_OFF;
    if (r->tx == TX_OFF) {
        struct part *parts[2] = {&r->up, &r->down};
        for (int k = 0; k < 2; k++)
            for (uint32_t i = 0; i < parts[k]->nstmts; i++)
                parts[k]->stmts[i].flags &= ~(uint32_t)STMT_NO_TX;
    }
}
