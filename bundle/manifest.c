/*
 * manifest.c - the MANIFEST of a bundle (SPEC.md §4): a strict parser and the
 * one canonical serialisation. The parser accepts exactly what
 * manifest_format writes (fixed line order, single spaces, '\n' line ends,
 * canonical numbers, lowercase hex), so a manifest has one byte encoding and a
 * signature over it covers its meaning, not just its bytes.
 */
#include "bundle/manifest.h"
#include "lint/arena.h"
#include "lint/strbuf.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_TOKENS 10

/* A line split at single spaces; every token is non-empty. */
struct line {
    const char *start;
    size_t len;
    uint32_t no; /* 1-based */
    uint32_t ntok;
    const char *tok[MAX_TOKENS];
    size_t toklen[MAX_TOKENS];
};

struct parser {
    const char *p, *end;
    uint32_t lineno;
    struct line cur;
    bool have; /* cur holds a line not yet consumed */
    struct err *e;
    struct arena *a;
};

static int perr(struct parser *ps, const struct line *l, const char *at, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int perr(struct parser *ps, const struct line *l, const char *at, const char *fmt, ...)
{
    struct err *e = ps->e;
    if (!e)
        return -1;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    va_end(ap);
    e->code = 1;
    snprintf(e->file, sizeof e->file, "MANIFEST");
    e->line = l ? l->no : ps->lineno + 1;
    e->col = (l && at) ? (uint32_t)(at - l->start) + 1 : 1;
    return -1;
}

/* ---- value syntax -------------------------------------------------------- */

static bool id_char(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '.';
}

static bool id_valid_n(const char *s, size_t n)
{
    if (n == 0 || n > 32)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!id_char(s[i]))
            return false;
    /* 'base' stands for "no revision" in from/to, so it cannot be an id. */
    return !(n == 4 && memcmp(s, "base", 4) == 0);
}

bool manifest_id_valid(const char *id)
{
    return id && id_valid_n(id, strlen(id));
}

static bool project_valid_n(const char *s, size_t n)
{
    if (n == 0 || n > MANIFEST_PROJECT_MAX)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!id_char(s[i]) && s[i] != '-')
            return false;
    return true;
}

bool manifest_project_valid(const char *s)
{
    return s && project_valid_n(s, strlen(s));
}

bool manifest_path_valid(const char *path, size_t len)
{
    if (len == 0 || len > 255 || path[0] == '/')
        return false;
    size_t comp = 0; /* start of the current component */
    for (size_t i = 0; i <= len; i++) {
        if (i == len || path[i] == '/') {
            size_t n = i - comp;
            if (n == 0 || (n == 1 && path[comp] == '.') ||
                (n == 2 && path[comp] == '.' && path[comp + 1] == '.'))
                return false;
            comp = i + 1;
            continue;
        }
        if (!id_char(path[i]) && path[i] != '-')
            return false;
    }
    return true;
}

/* Canonical unsigned decimal: no sign, no leading zero (except "0"). */
static bool parse_u64(const char *s, size_t n, uint64_t *out)
{
    if (n == 0 || n > 20 || (n > 1 && s[0] == '0'))
        return false;
    uint64_t v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        unsigned d = (unsigned)(s[i] - '0');
        if (v > (UINT64_MAX - d) / 10)
            return false;
        v = v * 10 + d;
    }
    *out = v;
    return true;
}

static bool parse_u32(const char *s, size_t n, uint32_t *out)
{
    uint64_t v;
    if (!parse_u64(s, n, &v) || v > UINT32_MAX)
        return false;
    *out = (uint32_t)v;
    return true;
}

/* "sha256:" + 64 lowercase hex digits. */
static bool parse_sha(const char *s, size_t n, char out[65])
{
    if (n != 71 || memcmp(s, "sha256:", 7) != 0)
        return false;
    for (size_t i = 7; i < n; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
            return false;
    memcpy(out, s + 7, 64);
    out[64] = 0;
    return true;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
 * days_from_civil), so that no libc time-zone state is involved. */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = (unsigned)(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
    z += 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = (unsigned)(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = (int64_t)yoe + era * 400 + (*m <= 2);
}

static bool digits(const char *s, int n, unsigned *out)
{
    unsigned v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (unsigned)(s[i] - '0');
    }
    *out = v;
    return true;
}

int manifest_time_parse(const char *s, size_t len, int64_t *t)
{
    unsigned y, mo, d, h, mi, se;
    if (len != 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' ||
        s[19] != 'Z')
        return -1;
    if (!digits(s, 4, &y) || !digits(s + 5, 2, &mo) || !digits(s + 8, 2, &d) ||
        !digits(s + 11, 2, &h) || !digits(s + 14, 2, &mi) || !digits(s + 17, 2, &se))
        return -1;
    static const unsigned mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] + (mo == 2 && leap) || h > 23 ||
        mi > 59 || se > 59)
        return -1;
    *t = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se;
    return 0;
}

void manifest_time_format(int64_t t, char out[21])
{
    if (t < 0)
        t = 0;
    if (t > 253402300799) /* 9999-12-31T23:59:59Z */
        t = 253402300799;
    int64_t days = t / 86400, rem = t % 86400, y;
    unsigned m, d;
    civil_from_days(days, &y, &m, &d);
    char buf[64];
    snprintf(buf, sizeof buf, "%04u-%02u-%02uT%02u:%02u:%02uZ", (unsigned)y, m, d,
             (unsigned)(rem / 3600), (unsigned)(rem / 60 % 60), (unsigned)(rem % 60));
    memcpy(out, buf, 20);
    out[20] = 0;
}

/* ---- lines --------------------------------------------------------------- */

/* Reads the next line into ps->cur. Returns 1 (line), 0 (end), -1 (error). */
static int next_line(struct parser *ps)
{
    if (ps->have)
        return 1;
    if (ps->p == ps->end)
        return 0;
    struct line *l = &ps->cur;
    memset(l, 0, sizeof *l);
    l->no = ++ps->lineno;
    l->start = ps->p;
    const char *nl = memchr(ps->p, '\n', (size_t)(ps->end - ps->p));
    if (!nl)
        return perr(ps, l, ps->end, "the last line does not end with a newline");
    l->len = (size_t)(nl - ps->p);
    ps->p = nl + 1;
    if (l->len == 0)
        return perr(ps, l, l->start, "empty line");
    /* Fields are printable ASCII separated by exactly one space. */
    const char *tok = l->start;
    for (const char *q = l->start; q <= nl; q++) {
        if (q < nl && *q != ' ') {
            if ((unsigned char)*q < 0x21 || (unsigned char)*q > 0x7e)
                return perr(ps, l, q, "unexpected byte 0x%02x (fields are printable ASCII)",
                            (unsigned char)*q);
            continue;
        }
        if (q == tok)
            return perr(ps, l, q,
                        q == l->start ? "line starts with a space"
                        : q == nl     ? "trailing space"
                                      : "two spaces in a row");
        if (l->ntok == MAX_TOKENS)
            return perr(ps, l, q, "too many fields");
        l->tok[l->ntok] = tok;
        l->toklen[l->ntok++] = (size_t)(q - tok);
        tok = q + 1;
    }
    ps->have = true;
    return 1;
}

static bool tok_is(const struct line *l, uint32_t i, const char *s)
{
    size_t n = strlen(s);
    return i < l->ntok && l->toklen[i] == n && memcmp(l->tok[i], s, n) == 0;
}

/* Takes the next line, which must start with key and have ntok fields. */
static int expect(struct parser *ps, const char *key, uint32_t ntok, struct line **out)
{
    int r = next_line(ps);
    if (r < 0)
        return -1;
    if (r == 0)
        return perr(ps, NULL, NULL, "unexpected end of manifest: expected a '%s' line", key);
    struct line *l = &ps->cur;
    if (!tok_is(l, 0, key))
        return perr(ps, l, l->start, "expected a '%s' line, found '%.*s'", key, (int)l->toklen[0],
                    l->tok[0]);
    if (l->ntok != ntok)
        return perr(ps, l, l->start, "'%s' line has %u fields, expected %u", key, l->ntok, ntok);
    ps->have = false;
    *out = l;
    return 0;
}

static char *tokdup(struct parser *ps, const struct line *l, uint32_t i)
{
    return arena_strndup(ps->a, l->tok[i], l->toklen[i]);
}

/* A "key=value" field: returns the value. */
static int kv(struct parser *ps, const struct line *l, uint32_t i, const char *key, const char **v,
              size_t *vlen)
{
    size_t k = strlen(key);
    if (l->toklen[i] <= k || memcmp(l->tok[i], key, k) != 0 || l->tok[i][k] != '=')
        return perr(ps, l, l->tok[i], "expected '%s=...'", key);
    *v = l->tok[i] + k + 1;
    *vlen = l->toklen[i] - k - 1;
    return 0;
}

static int parse_stmt(struct parser *ps, const struct line *l, uint32_t seq, uint32_t index,
                      struct manifest_stmt *s)
{
    uint32_t sq = 0;
    if (!parse_u32(l->tok[1], l->toklen[1], &sq) || sq != seq)
        return perr(ps, l, l->tok[1], "statement belongs to revision %u, expected %u", sq, seq);
    if (!parse_u32(l->tok[2], l->toklen[2], &s->index) || s->index != index)
        return perr(ps, l, l->tok[2], "statement index must be %u", index);
    if (!parse_u64(l->tok[3], l->toklen[3], &s->offset))
        return perr(ps, l, l->tok[3], "bad statement offset");
    if (!parse_u64(l->tok[4], l->toklen[4], &s->length) || s->length == 0 ||
        s->length > UINT64_MAX - s->offset)
        return perr(ps, l, l->tok[4], "bad statement length");
    if (!parse_sha(l->tok[5], l->toklen[5], s->sha256))
        return perr(ps, l, l->tok[5], "expected sha256:<64 lowercase hex digits>");
    return 0;
}

static int parse_stmts(struct parser *ps, const char *key, uint32_t seq, struct manifest_stmt **out,
                       uint32_t *n)
{
    uint32_t cap = 0;
    struct manifest_stmt *v = NULL;
    for (;;) {
        int r = next_line(ps);
        if (r < 0)
            return -1;
        if (r == 0 || !tok_is(&ps->cur, 0, key))
            break;
        struct line *l = NULL;
        if (expect(ps, key, 6, &l) < 0)
            return -1;
        if (*n == cap) {
            uint32_t nc = cap ? cap * 2 : 8;
            v = arena_grow(ps->a, v, cap, nc, sizeof *v);
            cap = nc;
        }
        if (parse_stmt(ps, l, seq, *n, &v[*n]) < 0)
            return -1;
        /* Spans are in file order and do not overlap. */
        if (*n > 0 && v[*n].offset < v[*n - 1].offset + v[*n - 1].length)
            return perr(ps, l, l->tok[3], "statement overlaps the previous one");
        (*n)++;
    }
    *out = v;
    return 0;
}

static int parse_rev(struct parser *ps, struct manifest_rev *r, uint32_t seq)
{
    struct line *l = NULL;
    if (expect(ps, "revision", 8, &l) < 0)
        return -1;
    if (!parse_u32(l->tok[1], l->toklen[1], &r->seq) || r->seq != seq)
        return perr(ps, l, l->tok[1], "revision number must be %u", seq);
    if (!id_valid_n(l->tok[2], l->toklen[2]))
        return perr(ps, l, l->tok[2], "bad revision id");
    r->id = tokdup(ps, l, 2);
    const char *v = NULL;
    size_t vn = 0;
    if (kv(ps, l, 3, "parents", &v, &vn) < 0)
        return -1;
    if (!(vn == 1 && v[0] == '-')) {
        uint32_t np = 1;
        for (size_t i = 0; i < vn; i++)
            np += v[i] == ',';
        r->parents = arena_alloc(ps->a, np * sizeof *r->parents);
        const char *s = v;
        for (uint32_t i = 0; i < np; i++) {
            const char *c = memchr(s, ',', (size_t)(v + vn - s));
            size_t n = c ? (size_t)(c - s) : (size_t)(v + vn - s);
            if (!id_valid_n(s, n))
                return perr(ps, l, s, "bad parent id");
            r->parents[i] = arena_strndup(ps->a, s, n);
            s += n + 1;
        }
        r->nparents = np;
    }
    if (kv(ps, l, 4, "tx", &v, &vn) < 0)
        return -1;
    if (vn == 2 && memcmp(v, "on", 2) == 0)
        r->tx = true;
    else if (!(vn == 3 && memcmp(v, "off", 3) == 0))
        return perr(ps, l, v, "tx must be 'on' or 'off'");
    if (kv(ps, l, 5, "up", &v, &vn) < 0)
        return -1;
    if (!manifest_path_valid(v, vn))
        return perr(ps, l, v, "bad path");
    r->up_path = arena_strndup(ps->a, v, vn);
    if (kv(ps, l, 6, "down", &v, &vn) < 0)
        return -1;
    if (!(vn == 1 && v[0] == '-')) {
        if (!manifest_path_valid(v, vn))
            return perr(ps, l, v, "bad path");
        r->down_path = arena_strndup(ps->a, v, vn);
    }
    if (kv(ps, l, 7, "schema", &v, &vn) < 0)
        return -1;
    if (!parse_sha(v, vn, r->schema_sha256))
        return perr(ps, l, v, "expected sha256:<64 lowercase hex digits>");
    if (parse_stmts(ps, "stmt", seq, &r->stmts, &r->nstmts) < 0)
        return -1;
    if (parse_stmts(ps, "dstmt", seq, &r->dstmts, &r->ndstmts) < 0)
        return -1;
    if (r->ndstmts && !r->down_path)
        return perr(ps, NULL, NULL, "revision %u has 'dstmt' lines but no down part", seq);
    return 0;
}

static int parse_ref(struct parser *ps, const char *key, char **out)
{
    struct line *l = NULL;
    if (expect(ps, key, 2, &l) < 0)
        return -1;
    if (tok_is(l, 1, "base")) {
        *out = NULL;
        return 0;
    }
    if (!id_valid_n(l->tok[1], l->toklen[1]))
        return perr(ps, l, l->tok[1], "bad revision id");
    *out = tokdup(ps, l, 1);
    return 0;
}

static int parse_all(struct parser *ps, struct manifest *m)
{
    struct line *l = NULL;
    if (expect(ps, "airlock-bundle", 2, &l) < 0)
        return -1;
    if (!tok_is(l, 1, "1"))
        return perr(ps, l, l->tok[1],
                    "unsupported bundle format version '%.*s' (this is version 1)",
                    (int)l->toklen[1], l->tok[1]);
    m->format_version = 1;
    if (expect(ps, "project", 2, &l) < 0)
        return -1;
    if (!project_valid_n(l->tok[1], l->toklen[1]))
        return perr(ps, l, l->tok[1], "bad project name");
    m->project = tokdup(ps, l, 1);
    if (expect(ps, "sequence", 2, &l) < 0)
        return -1;
    if (!parse_u64(l->tok[1], l->toklen[1], &m->sequence))
        return perr(ps, l, l->tok[1], "bad sequence number");
    if (expect(ps, "created", 2, &l) < 0)
        return -1;
    if (manifest_time_parse(l->tok[1], l->toklen[1], &m->created) < 0)
        return perr(ps, l, l->tok[1], "expected a time like 2026-11-24T10:00:00Z");
    if (expect(ps, "expires", 2, &l) < 0)
        return -1;
    if (tok_is(l, 1, "never"))
        m->expires = 0;
    else if (manifest_time_parse(l->tok[1], l->toklen[1], &m->expires) < 0)
        return perr(ps, l, l->tok[1], "expected a time like 2026-11-24T10:00:00Z or 'never'");
    else if (m->expires <= m->created)
        return perr(ps, l, l->tok[1], "expires is not after created");
    if (expect(ps, "direction", 2, &l) < 0)
        return -1;
    if (tok_is(l, 1, "down"))
        m->down = true;
    else if (!tok_is(l, 1, "up"))
        return perr(ps, l, l->tok[1], "direction must be 'up' or 'down'");
    if (parse_ref(ps, "from", &m->from) < 0 || parse_ref(ps, "to", &m->to) < 0)
        return -1;
    if (expect(ps, "version-table", 2, &l) < 0)
        return -1;
    if (!tok_is(l, 1, "alembic") && !tok_is(l, 1, "airlock"))
        return perr(ps, l, l->tok[1], "version-table must be 'alembic' or 'airlock'");
    m->version_table = tokdup(ps, l, 1);
    if (expect(ps, "schema-from", 2, &l) < 0)
        return -1;
    if (!parse_sha(l->tok[1], l->toklen[1], m->schema_from_sha256))
        return perr(ps, l, l->tok[1], "expected sha256:<64 lowercase hex digits>");

    uint32_t cap = 0;
    for (;;) {
        int r = next_line(ps);
        if (r < 0)
            return -1;
        if (r == 0 || !tok_is(&ps->cur, 0, "file"))
            break;
        if (expect(ps, "file", 4, &l) < 0)
            return -1;
        if (m->nfiles == cap) {
            uint32_t nc = cap ? cap * 2 : 16;
            m->files = arena_grow(ps->a, m->files, cap, nc, sizeof *m->files);
            cap = nc;
        }
        struct manifest_file *f = &m->files[m->nfiles];
        if (!manifest_path_valid(l->tok[1], l->toklen[1]))
            return perr(ps, l, l->tok[1], "bad path");
        if (l->toklen[1] >= 8 && memcmp(l->tok[1], "MANIFEST", 8) == 0)
            return perr(ps, l, l->tok[1], "MANIFEST and its signatures are not listed");
        f->path = tokdup(ps, l, 1);
        if (m->nfiles > 0) {
            int c = strcmp(m->files[m->nfiles - 1].path, f->path);
            if (c == 0)
                return perr(ps, l, l->tok[1], "file listed twice");
            if (c > 0)
                return perr(ps, l, l->tok[1], "file lines are not sorted by path");
        }
        if (!parse_u64(l->tok[2], l->toklen[2], &f->size))
            return perr(ps, l, l->tok[2], "bad size");
        if (!parse_sha(l->tok[3], l->toklen[3], f->sha256))
            return perr(ps, l, l->tok[3], "expected sha256:<64 lowercase hex digits>");
        m->nfiles++;
    }

    cap = 0;
    for (;;) {
        int r = next_line(ps);
        if (r < 0)
            return -1;
        if (r == 0)
            break;
        if (!tok_is(&ps->cur, 0, "revision"))
            return perr(ps, &ps->cur, ps->cur.start, "unexpected '%.*s' line",
                        (int)ps->cur.toklen[0], ps->cur.tok[0]);
        if (m->nrevs == cap) {
            uint32_t nc = cap ? cap * 2 : 16;
            m->revs = arena_grow(ps->a, m->revs, cap, nc, sizeof *m->revs);
            cap = nc;
        }
        if (m->nrevs == UINT32_MAX - 1)
            return perr(ps, NULL, NULL, "too many revisions");
        if (parse_rev(ps, &m->revs[m->nrevs], m->nrevs + 1) < 0)
            return -1;
        m->nrevs++;
    }
    if (m->nrevs == 0)
        return perr(ps, NULL, NULL, "the manifest lists no revision");
    return 0;
}

int manifest_parse(const char *text, size_t len, struct manifest *m, struct err *e)
{
    memset(m, 0, sizeof *m);
    m->arena = arena_new();
    struct parser ps = {.p = text, .end = text + len, .e = e, .a = m->arena};
    if (len == 0) {
        perr(&ps, NULL, NULL, "the manifest is empty");
        manifest_free(m);
        return -1;
    }
    if (parse_all(&ps, m) < 0) {
        manifest_free(m);
        return -1;
    }
    return 0;
}

static void add_stmts(struct strbuf *sb, const char *key, uint32_t seq,
                      const struct manifest_stmt *s, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++)
        sb_printf(sb, "%s %u %u %" PRIu64 " %" PRIu64 " sha256:%s\n", key, seq, s[i].index,
                  s[i].offset, s[i].length, s[i].sha256);
}

char *manifest_format(const struct manifest *m, size_t *len)
{
    struct strbuf sb = STRBUF_INIT;
    char t[21];
    sb_printf(&sb, "airlock-bundle %u\nproject %s\nsequence %" PRIu64 "\n",
              m->format_version ? m->format_version : 1, m->project, m->sequence);
    manifest_time_format(m->created, t);
    sb_printf(&sb, "created %s\n", t);
    if (m->expires) {
        manifest_time_format(m->expires, t);
        sb_printf(&sb, "expires %s\n", t);
    } else {
        sb_adds(&sb, "expires never\n");
    }
    sb_printf(&sb, "direction %s\nfrom %s\nto %s\nversion-table %s\nschema-from sha256:%s\n",
              m->down ? "down" : "up", m->from ? m->from : "base", m->to ? m->to : "base",
              m->version_table, m->schema_from_sha256);
    for (uint32_t i = 0; i < m->nfiles; i++)
        sb_printf(&sb, "file %s %" PRIu64 " sha256:%s\n", m->files[i].path, m->files[i].size,
                  m->files[i].sha256);
    for (uint32_t i = 0; i < m->nrevs; i++) {
        const struct manifest_rev *r = &m->revs[i];
        sb_printf(&sb, "revision %u %s parents=", r->seq, r->id);
        if (r->nparents == 0)
            sb_addc(&sb, '-');
        for (uint32_t k = 0; k < r->nparents; k++) {
            if (k)
                sb_addc(&sb, ',');
            sb_adds(&sb, r->parents[k]);
        }
        sb_printf(&sb, " tx=%s up=%s down=%s schema=sha256:%s\n", r->tx ? "on" : "off", r->up_path,
                  r->down_path ? r->down_path : "-", r->schema_sha256);
        add_stmts(&sb, "stmt", r->seq, r->stmts, r->nstmts);
        add_stmts(&sb, "dstmt", r->seq, r->dstmts, r->ndstmts);
    }
    return sb_detach(&sb, len);
}

void manifest_free(struct manifest *m)
{
    if (m->arena)
        arena_free(m->arena);
    memset(m, 0, sizeof *m);
}
