/*
 * pyparse.c - the Python subset reader behind the Alembic format (see
 * pyparse.h). The tokenizer follows Python's lexical rules for what revision
 * files contain; everything it does not understand becomes PN_OTHER so that
 * the caller can report it as not analyzed instead of guessing.
 */
#include "lint/formats/pyparse.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct tk {
    struct arena *a;
    const struct source *src;
    const char *s;
    uint32_t n, i;
    struct py_token *v;
    uint32_t nv, cap;
    uint32_t depth;
    uint32_t indent[128];
    uint32_t nindent;
    bool error;
    uint32_t error_off;
    const char *error_msg;
};

static struct py_token *emit(struct tk *t, enum py_tok kind, uint32_t off, uint32_t len)
{
    if (t->nv == t->cap) {
        uint32_t cap = t->cap ? t->cap * 2 : 256;
        t->v = arena_grow(t->a, t->v, t->cap, cap, sizeof *t->v);
        t->cap = cap;
    }
    struct py_token *k = &t->v[t->nv++];
    memset(k, 0, sizeof *k);
    k->kind = kind;
    k->off = off;
    k->len = len;
    return k;
}

static void fail(struct tk *t, uint32_t off, const char *msg)
{
    if (!t->error) {
        t->error = true;
        t->error_off = off;
        t->error_msg = msg;
    }
}

/* String value builder with its source map. */
struct sbuild {
    struct arena *a;
    char *s;
    uint32_t len, cap;
    struct srcmap *map;
    uint32_t nmap, capmap;
};

static void sb_put(struct sbuild *b, const char *p, uint32_t n, uint32_t src_off, bool linear)
{
    if (n == 0)
        return;
    if (b->len + n + 1 > b->cap) {
        uint32_t cap = b->cap ? b->cap : 64;
        while (cap < b->len + n + 1)
            cap *= 2;
        b->s = arena_grow(b->a, b->s, b->cap, cap, 1);
        b->cap = cap;
    }
    struct srcmap *last = b->nmap ? &b->map[b->nmap - 1] : NULL;
    bool merge =
        last && linear && last->linear && last->src_off + (b->len - last->text_off) == src_off;
    if (!merge) {
        if (b->nmap == b->capmap) {
            uint32_t cap = b->capmap ? b->capmap * 2 : 8;
            b->map = arena_grow(b->a, b->map, b->capmap, cap, sizeof *b->map);
            b->capmap = cap;
        }
        b->map[b->nmap++] = (struct srcmap){b->len, src_off, linear};
    }
    memcpy(b->s + b->len, p, n);
    b->len += n;
    b->s[b->len] = 0;
}

static void put_utf8(struct sbuild *b, uint32_t cp, uint32_t src_off)
{
    char u[4];
    uint32_t n;
    if (cp < 0x80) {
        u[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        u[0] = (char)(0xC0 | (cp >> 6));
        u[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        u[0] = (char)(0xE0 | (cp >> 12));
        u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        u[0] = (char)(0xF0 | (cp >> 18));
        u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    sb_put(b, u, n, src_off, false);
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Reads a string literal whose quote is at t->i (prefix already consumed). */
static void read_string(struct tk *t, uint32_t start, bool raw, bool bytes, bool fstr)
{
    const char *s = t->s;
    char q = s[t->i];
    bool triple = t->i + 2 < t->n && s[t->i + 1] == q && s[t->i + 2] == q;
    t->i += triple ? 3 : 1;
    struct sbuild b = {0};
    b.a = t->a;
    bool fields = false;
    for (;;) {
        if (t->i >= t->n) {
            fail(t, start, "unterminated string literal");
            break;
        }
        char c = s[t->i];
        if (c == q) {
            if (!triple) {
                t->i++;
                break;
            }
            if (t->i + 2 < t->n && s[t->i + 1] == q && s[t->i + 2] == q) {
                t->i += 3;
                break;
            }
            /* a lone quote inside a triple-quoted string is text */
            sb_put(&b, &c, 1, t->i, true);
            t->i++;
            continue;
        }
        if (c == '\n' && !triple) {
            fail(t, start, "unterminated string literal");
            break;
        }
        if (fstr && (c == '{' || c == '}')) {
            if (t->i + 1 < t->n && s[t->i + 1] == c) {
                sb_put(&b, &c, 1, t->i, true);
                t->i += 2;
                continue;
            }
            if (c == '{')
                fields = true;
            sb_put(&b, &c, 1, t->i, true);
            t->i++;
            continue;
        }
        if (c != '\\') {
            /* copy a run of ordinary bytes at once */
            uint32_t r = t->i;
            while (r < t->n && s[r] != '\\' && s[r] != q && (triple || s[r] != '\n') &&
                   !(fstr && (s[r] == '{' || s[r] == '}')))
                r++;
            sb_put(&b, s + t->i, r - t->i, t->i, true);
            t->i = r;
            continue;
        }
        /* backslash */
        uint32_t at = t->i;
        if (at + 1 >= t->n) {
            t->i++;
            continue;
        }
        char e = s[at + 1];
        if (raw) {
            /* the backslash stays; it only keeps the next quote from ending */
            sb_put(&b, s + at, 2, at, true);
            t->i += 2;
            continue;
        }
        t->i += 2;
        switch (e) {
        case '\n':
            break; /* line continuation inside the string */
        case '\r':
            if (t->i < t->n && s[t->i] == '\n')
                t->i++;
            break;
        case '\\':
        case '\'':
        case '"':
            sb_put(&b, &e, 1, at, false);
            break;
        case 'a':
            sb_put(&b, "\a", 1, at, false);
            break;
        case 'b':
            sb_put(&b, "\b", 1, at, false);
            break;
        case 'f':
            sb_put(&b, "\f", 1, at, false);
            break;
        case 'n':
            sb_put(&b, "\n", 1, at, false);
            break;
        case 'r':
            sb_put(&b, "\r", 1, at, false);
            break;
        case 't':
            sb_put(&b, "\t", 1, at, false);
            break;
        case 'v':
            sb_put(&b, "\v", 1, at, false);
            break;
        case 'x': {
            int h1 = t->i < t->n ? hexval(s[t->i]) : -1;
            int h2 = t->i + 1 < t->n ? hexval(s[t->i + 1]) : -1;
            if (h1 < 0 || h2 < 0) {
                fail(t, at, "invalid \\x escape");
                sb_put(&b, s + at, 2, at, true);
                break;
            }
            t->i += 2;
            uint32_t cp = (uint32_t)(h1 * 16 + h2);
            if (bytes) {
                char ch = (char)cp;
                sb_put(&b, &ch, 1, at, false);
            } else {
                put_utf8(&b, cp, at);
            }
            break;
        }
        case 'u':
        case 'U': {
            int nd = e == 'u' ? 4 : 8;
            if (bytes) {
                sb_put(&b, s + at, 2, at, true);
                break;
            }
            uint32_t cp = 0;
            bool ok = true;
            for (int k = 0; k < nd; k++) {
                int h = t->i + (uint32_t)k < t->n ? hexval(s[t->i + (uint32_t)k]) : -1;
                if (h < 0)
                    ok = false;
                else
                    cp = cp * 16 + (uint32_t)h;
            }
            if (!ok || cp > 0x10FFFF) {
                fail(t, at, "invalid unicode escape");
                break;
            }
            t->i += (uint32_t)nd;
            put_utf8(&b, cp, at);
            break;
        }
        default:
            if (e >= '0' && e <= '7') {
                uint32_t cp = (uint32_t)(e - '0');
                for (int k = 0; k < 2 && t->i < t->n && s[t->i] >= '0' && s[t->i] <= '7'; k++)
                    cp = cp * 8 + (uint32_t)(s[t->i++] - '0');
                if (bytes) {
                    char ch = (char)cp;
                    sb_put(&b, &ch, 1, at, false);
                } else {
                    put_utf8(&b, cp, at);
                }
            } else {
                /* unknown escapes keep the backslash (\N{...} included) */
                sb_put(&b, s + at, 2, at, true);
            }
        }
    }
    struct py_token *k = emit(t, PT_STRING, start, t->i - start);
    if (!b.s) {
        b.s = arena_alloc(t->a, 1);
    }
    k->str.s = b.s;
    k->str.len = b.len;
    k->str.map = b.map;
    k->str.nmap = b.nmap;
    k->str.fstring = fields;
    k->str.bytes = bytes;
}

static bool name_start(unsigned char c)
{
    return isalpha(c) || c == '_' || c >= 0x80;
}

static bool name_char(unsigned char c)
{
    return isalnum(c) || c == '_' || c >= 0x80;
}

static const char *const ops3[] = {"**=", "//=", ">>=", "<<=", "...", "!=", NULL};
static const char *const ops2[] = {"**", "//", "==", "!=", "<=", ">=", "->", ":=", "+=", "-=",
                                   "*=", "/=", "%=", "&=", "|=", "^=", "<<", ">>", "@=", NULL};

void py_tokenize(struct arena *a, const struct source *src, struct py_tokens *out)
{
    struct tk t = {0};
    t.a = a;
    t.src = src;
    t.s = src->data;
    t.n = src->len;
    t.indent[0] = 0;
    t.nindent = 1;
    bool bol = true;
    /* skip a UTF-8 BOM */
    if (t.n >= 3 && (unsigned char)t.s[0] == 0xEF && (unsigned char)t.s[1] == 0xBB &&
        (unsigned char)t.s[2] == 0xBF)
        t.i = 3;
    while (t.i < t.n && !t.error) {
        const char *s = t.s;
        if (bol && t.depth == 0) {
            /* indentation of a new logical line */
            uint32_t col = 0, k = t.i;
            while (k < t.n && (s[k] == ' ' || s[k] == '\t' || s[k] == '\f')) {
                if (s[k] == ' ')
                    col++;
                else if (s[k] == '\t')
                    col = (col / 8 + 1) * 8;
                else
                    col = 0;
                k++;
            }
            if (k >= t.n)
                break;
            if (s[k] == '\n' || s[k] == '\r' || s[k] == '#') {
                /* blank or comment-only line: no tokens */
                while (k < t.n && s[k] != '\n')
                    k++;
                t.i = k < t.n ? k + 1 : k;
                continue;
            }
            if (s[k] == '\\' && k + 1 < t.n && (s[k + 1] == '\n' || s[k + 1] == '\r')) {
                t.i = k; /* a continuation line starting with a backslash */
            }
            if (col > t.indent[t.nindent - 1]) {
                if (t.nindent == sizeof t.indent / sizeof *t.indent) {
                    fail(&t, k, "too deeply nested");
                    break;
                }
                t.indent[t.nindent++] = col;
                emit(&t, PT_INDENT, k, 0);
            } else {
                while (t.nindent > 1 && col < t.indent[t.nindent - 1]) {
                    t.nindent--;
                    emit(&t, PT_DEDENT, k, 0);
                }
                if (col != t.indent[t.nindent - 1])
                    fail(&t, k, "unindent does not match any outer indentation level");
            }
            t.i = k;
            bol = false;
        }
        char c = s[t.i];
        if (c == ' ' || c == '\t' || c == '\f' || c == '\r') {
            t.i++;
            continue;
        }
        if (c == '#') {
            while (t.i < t.n && s[t.i] != '\n')
                t.i++;
            continue;
        }
        if (c == '\\') {
            uint32_t k = t.i + 1;
            if (k < t.n && s[k] == '\r')
                k++;
            if (k < t.n && s[k] == '\n') {
                t.i = k + 1; /* explicit line joining */
                continue;
            }
            fail(&t, t.i, "unexpected character after line continuation character");
            break;
        }
        if (c == '\n') {
            if (t.depth == 0) {
                if (t.nv && t.v[t.nv - 1].kind != PT_NEWLINE && t.v[t.nv - 1].kind != PT_INDENT &&
                    t.v[t.nv - 1].kind != PT_DEDENT)
                    emit(&t, PT_NEWLINE, t.i, 1);
                bol = true;
            }
            t.i++;
            continue;
        }
        uint32_t start = t.i;
        if (name_start((unsigned char)c)) {
            while (t.i < t.n && name_char((unsigned char)s[t.i]))
                t.i++;
            uint32_t nl = t.i - start;
            if (t.i < t.n && (s[t.i] == '\'' || s[t.i] == '"') && nl <= 2) {
                bool raw = false, bytes = false, fstr = false, ok = true;
                for (uint32_t k = start; k < t.i; k++) {
                    char p = (char)tolower((unsigned char)s[k]);
                    if (p == 'r')
                        raw = true;
                    else if (p == 'b')
                        bytes = true;
                    else if (p == 'f')
                        fstr = true;
                    else if (p != 'u')
                        ok = false;
                }
                if (ok) {
                    read_string(&t, start, raw, bytes, fstr);
                    continue;
                }
            }
            emit(&t, PT_NAME, start, nl);
            continue;
        }
        if (c == '\'' || c == '"') {
            read_string(&t, start, false, false, false);
            continue;
        }
        if (isdigit((unsigned char)c) ||
            (c == '.' && t.i + 1 < t.n && isdigit((unsigned char)s[t.i + 1]))) {
            while (t.i < t.n) {
                char d = s[t.i];
                if (isalnum((unsigned char)d) || d == '_' || d == '.') {
                    t.i++;
                } else if ((d == '+' || d == '-') && (s[t.i - 1] == 'e' || s[t.i - 1] == 'E') &&
                           !(s[start] == '0' && t.i > start + 1 &&
                             (s[start + 1] == 'x' || s[start + 1] == 'X'))) {
                    t.i++;
                } else {
                    break;
                }
            }
            emit(&t, PT_NUMBER, start, t.i - start);
            continue;
        }
        uint32_t ol = 1;
        for (int k = 0; ops3[k]; k++)
            if (t.i + 3 <= t.n && memcmp(s + t.i, ops3[k], strlen(ops3[k])) == 0 &&
                strlen(ops3[k]) == 3)
                ol = 3;
        if (ol == 1)
            for (int k = 0; ops2[k]; k++)
                if (t.i + 2 <= t.n && memcmp(s + t.i, ops2[k], 2) == 0)
                    ol = 2;
        if (ol == 1) {
            if (c == '(' || c == '[' || c == '{')
                t.depth++;
            else if ((c == ')' || c == ']' || c == '}') && t.depth > 0)
                t.depth--;
            else if (!strchr("+-*/%@&|^~<>=.,:;!", c))
                fail(&t, t.i, "invalid character");
        }
        emit(&t, PT_OP, t.i, ol);
        t.i += ol;
    }
    uint32_t endoff = t.error ? t.error_off : t.n;
    if (t.nv && t.v[t.nv - 1].kind != PT_NEWLINE && t.v[t.nv - 1].kind != PT_DEDENT)
        emit(&t, PT_NEWLINE, endoff, 0);
    while (t.nindent > 1) {
        t.nindent--;
        emit(&t, PT_DEDENT, endoff, 0);
    }
    emit(&t, PT_END, endoff, 0);
    out->v = t.v;
    out->n = t.nv;
    out->error = t.error;
    out->error_off = t.error_off;
    out->error_msg = t.error_msg;
}

/* ---- expressions ---- */

/* Past the end of the parser's range every read sees END, so no loop can
 * run beyond it. */
static const struct py_token end_token = {PT_END, 0, 0, {0}};

static const struct py_token *cur(struct py_parser *p)
{
    return p->i < p->n ? &p->t[p->i] : &end_token;
}

static bool is_op(const struct py_parser *p, const struct py_token *k, const char *op)
{
    size_t l = strlen(op);
    return k->kind == PT_OP && k->len == l && memcmp(p->src->data + k->off, op, l) == 0;
}

static bool is_kw(const struct py_parser *p, const struct py_token *k, const char *w)
{
    size_t l = strlen(w);
    return k->kind == PT_NAME && k->len == l && memcmp(p->src->data + k->off, w, l) == 0;
}

static struct py_node *node(struct py_parser *p, enum py_node_kind kind, uint32_t off)
{
    struct py_node *n = arena_alloc(p->a, sizeof *n);
    n->kind = kind;
    n->off = off;
    n->end = off;
    return n;
}

static uint32_t prev_end(struct py_parser *p)
{
    if (p->i == 0)
        return 0;
    const struct py_token *k = &p->t[p->i - 1];
    return k->off + k->len;
}

/* Skips a balanced run of tokens up to a delimiter at depth 0. */
static void skip_to_delim(struct py_parser *p)
{
    int depth = 0;
    while (p->i < p->n) {
        const struct py_token *k = cur(p);
        if (k->kind == PT_END)
            return;
        if (depth == 0 && (k->kind == PT_NEWLINE || k->kind == PT_DEDENT || k->kind == PT_INDENT))
            return;
        if (k->kind == PT_OP) {
            if (is_op(p, k, "(") || is_op(p, k, "[") || is_op(p, k, "{")) {
                depth++;
            } else if (is_op(p, k, ")") || is_op(p, k, "]") || is_op(p, k, "}")) {
                if (depth == 0)
                    return;
                depth--;
            } else if (depth == 0 && (is_op(p, k, ",") || is_op(p, k, ":") || is_op(p, k, "=") ||
                                      is_op(p, k, ";"))) {
                return;
            }
        }
        p->i++;
    }
}

struct vec {
    struct py_node **v;
    uint32_t n, cap;
};

static void vpush(struct arena *a, struct vec *v, struct py_node *x)
{
    if (v->n == v->cap) {
        uint32_t cap = v->cap ? v->cap * 2 : 4;
        v->v = arena_grow(a, v->v, v->cap, cap, sizeof *v->v);
        v->cap = cap;
    }
    v->v[v->n++] = x;
}

static struct py_node *parse_test(struct py_parser *p);

/* Concatenates adjacent string tokens (implicit concatenation). */
static struct py_node *parse_strings(struct py_parser *p)
{
    struct py_node *n = node(p, PN_STR, cur(p)->off);
    struct sbuild b = {0};
    b.a = p->a;
    bool fstring = false, bytes = false;
    while (cur(p)->kind == PT_STRING) {
        const struct py_str *s = &cur(p)->str;
        for (uint32_t m = 0; m < s->nmap; m++) {
            uint32_t from = s->map[m].text_off;
            uint32_t to = m + 1 < s->nmap ? s->map[m + 1].text_off : s->len;
            sb_put(&b, s->s + from, to - from, s->map[m].src_off, s->map[m].linear);
        }
        fstring |= s->fstring;
        bytes |= s->bytes;
        p->i++;
    }
    if (!b.s)
        b.s = arena_alloc(p->a, 1);
    n->str = (struct py_str){b.s, b.len, b.map, b.nmap, fstring, bytes};
    n->end = prev_end(p);
    return n;
}

/* Arguments of a call; p->i is after '('. */
static void parse_args(struct py_parser *p, struct py_node *call)
{
    struct vec args = {0}, kwv = {0}, stars = {0};
    uint32_t *star_at = NULL;
    const char **kwn = NULL;
    uint32_t nkw = 0, capkw = 0;
    while (p->i < p->n && !is_op(p, cur(p), ")")) {
        const struct py_token *k = cur(p);
        if (k->kind == PT_END || k->kind == PT_NEWLINE)
            break;
        if (is_op(p, k, "*") || is_op(p, k, "**")) {
            call->star = true;
            bool dstar = is_op(p, k, "**");
            p->i++;
            struct py_node *v = parse_test(p);
            if (dstar) {
                call->dstar = true;
            } else {
                vpush(p->a, &stars, v);
                star_at = arena_grow(p->a, star_at, stars.n - 1, stars.n, sizeof *star_at);
                star_at[stars.n - 1] = args.n;
            }
        } else if (k->kind == PT_NAME && p->i + 1 < p->n && is_op(p, &p->t[p->i + 1], "=")) {
            const char *name = py_tok_text(p->a, p->src, k);
            p->i += 2;
            struct py_node *v = parse_test(p);
            if (nkw == capkw) {
                uint32_t cap = capkw ? capkw * 2 : 4;
                kwn = arena_grow(p->a, kwn, capkw, cap, sizeof *kwn);
                capkw = cap;
            }
            kwn[nkw++] = name;
            vpush(p->a, &kwv, v);
        } else {
            struct py_node *v = parse_test(p);
            if (is_kw(p, cur(p), "for")) { /* a generator expression argument */
                skip_to_delim(p);
                v = node(p, PN_OTHER, v->off);
                v->end = prev_end(p);
            }
            vpush(p->a, &args, v);
        }
        if (is_op(p, cur(p), ","))
            p->i++;
        else if (!is_op(p, cur(p), ")")) {
            skip_to_delim(p);
            if (is_op(p, cur(p), ","))
                p->i++;
            else if (!is_op(p, cur(p), ")"))
                break;
        }
    }
    if (is_op(p, cur(p), ")"))
        p->i++;
    call->items = args.v;
    call->nitems = args.n;
    call->kwnames = kwn;
    call->kwvals = kwv.v;
    call->nkw = nkw;
    call->stars = stars.v;
    call->star_at = star_at;
    call->nstars = stars.n;
}

/* Elements of a display up to the closing bracket; p->i is after the opener. */
static struct py_node *parse_display(struct py_parser *p, enum py_node_kind kind, const char *close,
                                     uint32_t off)
{
    struct py_node *n = node(p, kind, off);
    struct vec items = {0};
    bool comma = false, other = false;
    while (p->i < p->n && !is_op(p, cur(p), close)) {
        const struct py_token *k = cur(p);
        if (k->kind == PT_END || k->kind == PT_NEWLINE)
            break;
        if (is_op(p, k, "*") || is_op(p, k, "**")) {
            other = true;
            p->i++;
        }
        struct py_node *v = parse_test(p);
        vpush(p->a, &items, v);
        if (kind == PN_DICT) {
            if (is_op(p, cur(p), ":")) {
                p->i++;
                vpush(p->a, &items, parse_test(p));
            } else {
                kind = n->kind = PN_OTHER; /* a set display */
            }
        }
        if (is_kw(p, cur(p), "for")) {
            other = true; /* comprehension */
            skip_to_delim(p);
        }
        if (is_op(p, cur(p), ",")) {
            comma = true;
            p->i++;
        } else if (!is_op(p, cur(p), close)) {
            other = true;
            skip_to_delim(p);
            if (is_op(p, cur(p), ","))
                p->i++;
            else if (!is_op(p, cur(p), close))
                break;
        }
    }
    if (is_op(p, cur(p), close))
        p->i++;
    n->items = items.v;
    n->nitems = items.n;
    n->end = prev_end(p);
    if (other)
        n->kind = PN_OTHER;
    /* (x) is x itself, not a tuple */
    if (kind == PN_TUPLE && !comma && items.n == 1 && !other)
        return items.v[0];
    return n;
}

static struct py_node *parse_atom(struct py_parser *p)
{
    const struct py_token *k = cur(p);
    uint32_t off = k->off;
    switch (k->kind) {
    case PT_STRING:
        return parse_strings(p);
    case PT_NUMBER: {
        struct py_node *n = node(p, PN_NUM, off);
        n->name = py_tok_text(p->a, p->src, k);
        p->i++;
        n->end = prev_end(p);
        return n;
    }
    case PT_NAME: {
        if (is_kw(p, k, "True") || is_kw(p, k, "False") || is_kw(p, k, "None")) {
            struct py_node *n = node(p,
                                     is_kw(p, k, "True")    ? PN_TRUE
                                     : is_kw(p, k, "False") ? PN_FALSE
                                                            : PN_NONE,
                                     off);
            p->i++;
            n->end = prev_end(p);
            return n;
        }
        if (is_kw(p, k, "lambda") || is_kw(p, k, "await") || is_kw(p, k, "yield")) {
            struct py_node *n = node(p, PN_OTHER, off);
            p->i++;
            skip_to_delim(p);
            n->end = prev_end(p);
            return n;
        }
        struct py_node *n = node(p, PN_NAME, off);
        n->name = py_tok_text(p->a, p->src, k);
        p->i++;
        n->end = prev_end(p);
        return n;
    }
    case PT_OP:
        if (is_op(p, k, "(")) {
            p->i++;
            return parse_display(p, PN_TUPLE, ")", off);
        }
        if (is_op(p, k, "[")) {
            p->i++;
            return parse_display(p, PN_LIST, "]", off);
        }
        if (is_op(p, k, "{")) {
            p->i++;
            return parse_display(p, PN_DICT, "}", off);
        }
        break;
    default:
        break;
    }
    struct py_node *n = node(p, PN_OTHER, off);
    skip_to_delim(p);
    if (p->i < p->n && cur(p)->off == off && cur(p)->kind != PT_END && cur(p)->kind != PT_NEWLINE &&
        cur(p)->kind != PT_DEDENT)
        p->i++; /* make progress on a stray delimiter */
    n->end = prev_end(p);
    return n;
}

static struct py_node *parse_primary(struct py_parser *p)
{
    struct py_node *n = parse_atom(p);
    for (;;) {
        const struct py_token *k = cur(p);
        if (is_op(p, k, ".") && p->i + 1 < p->n && p->t[p->i + 1].kind == PT_NAME) {
            const char *attr = py_tok_text(p->a, p->src, &p->t[p->i + 1]);
            p->i += 2;
            if (n->kind == PN_NAME) {
                n->name = arena_printf(p->a, "%s.%s", n->name, attr);
                n->end = prev_end(p);
            } else {
                struct py_node *x = node(p, PN_ATTR, n->off);
                x->base = n;
                x->name = attr;
                x->end = prev_end(p);
                n = x;
            }
        } else if (is_op(p, k, "(")) {
            p->i++;
            struct py_node *c = node(p, PN_CALL, n->off);
            c->base = n;
            parse_args(p, c);
            c->end = prev_end(p);
            n = c;
        } else if (is_op(p, k, "[")) {
            /* subscription (e.g. typing annotations): not a literal */
            p->i++;
            int depth = 1;
            while (p->i < p->n && depth > 0 && cur(p)->kind != PT_END) {
                if (is_op(p, cur(p), "["))
                    depth++;
                else if (is_op(p, cur(p), "]"))
                    depth--;
                p->i++;
            }
            struct py_node *x = node(p, PN_OTHER, n->off);
            x->end = prev_end(p);
            n = x;
        } else {
            return n;
        }
    }
}

static struct py_node *parse_unary(struct py_parser *p)
{
    const struct py_token *k = cur(p);
    if (is_op(p, k, "-") || is_op(p, k, "+") || is_op(p, k, "~") || is_kw(p, k, "not")) {
        uint32_t off = k->off;
        bool neg = is_op(p, k, "-");
        bool plus = is_op(p, k, "+");
        p->i++;
        struct py_node *x = parse_unary(p);
        if (plus)
            return x;
        struct py_node *n = node(p, neg ? PN_NEG : PN_OTHER, off);
        n->items = arena_alloc(p->a, sizeof *n->items);
        n->items[0] = x;
        n->nitems = 1;
        n->end = prev_end(p);
        return n;
    }
    return parse_primary(p);
}

static const char *binop_at(struct py_parser *p)
{
    static const char *const ops[] = {"+", "-",  "*",  "/",  "//", "%", "**", "@",  "|",  "&",
                                      "^", "<<", ">>", "==", "!=", "<", ">",  "<=", ">=", NULL};
    const struct py_token *k = cur(p);
    for (int i = 0; ops[i]; i++)
        if (is_op(p, k, ops[i]))
            return ops[i];
    if (is_kw(p, k, "and") || is_kw(p, k, "or") || is_kw(p, k, "in") || is_kw(p, k, "is"))
        return "kw";
    if (is_kw(p, k, "not") && p->i + 1 < p->n && is_kw(p, &p->t[p->i + 1], "in"))
        return "kw";
    return NULL;
}

/* Binary operators, left to right (precedence does not matter: only '+' of
 * string literals is ever evaluated, and only when it is the sole operator). */
static struct py_node *parse_binary(struct py_parser *p)
{
    struct py_node *left = parse_unary(p);
    const char *op;
    while ((op = binop_at(p)) != NULL) {
        if (is_kw(p, cur(p), "not") ||
            (is_kw(p, cur(p), "is") && p->i + 1 < p->n && is_kw(p, &p->t[p->i + 1], "not")))
            p->i++;
        p->i++;
        struct py_node *right = parse_unary(p);
        struct py_node *n = node(p, PN_BINOP, left->off);
        n->name = op;
        n->items = arena_alloc(p->a, 2 * sizeof *n->items);
        n->items[0] = left;
        n->items[1] = right;
        n->nitems = 2;
        n->end = prev_end(p);
        left = n;
    }
    return left;
}

static struct py_node *parse_test(struct py_parser *p)
{
    struct py_node *n = parse_binary(p);
    if (is_kw(p, cur(p), "if")) {
        /* conditional expression */
        skip_to_delim(p);
        struct py_node *o = node(p, PN_OTHER, n->off);
        o->end = prev_end(p);
        return o;
    }
    return n;
}

struct py_node *py_parse_expr(struct py_parser *p)
{
    struct py_node *n = parse_test(p);
    if (is_op(p, cur(p), ",")) {
        /* a bare tuple: a, b */
        struct py_node *t = node(p, PN_TUPLE, n->off);
        struct vec items = {0};
        vpush(p->a, &items, n);
        while (is_op(p, cur(p), ",")) {
            p->i++;
            const struct py_token *k = cur(p);
            if (k->kind == PT_NEWLINE || k->kind == PT_END || is_op(p, k, "=") ||
                is_op(p, k, ")") || is_op(p, k, ":"))
                break;
            vpush(p->a, &items, parse_test(p));
        }
        t->items = items.v;
        t->nitems = items.n;
        t->end = prev_end(p);
        return t;
    }
    return n;
}

/* ---- statements ---- */

static bool compound_kw(struct py_parser *p, const struct py_token *k)
{
    static const char *const kws[] = {"if",     "elif",    "else", "for",   "while", "with", "try",
                                      "except", "finally", "def",  "class", "async", NULL};
    for (int i = 0; kws[i]; i++)
        if (is_kw(p, k, kws[i]))
            return true;
    return false;
}

bool py_next_stmt(struct py_parser *p, struct py_stmt *s)
{
    while (p->i < p->n &&
           (cur(p)->kind == PT_NEWLINE || cur(p)->kind == PT_INDENT || is_op(p, cur(p), ";")))
        p->i++;
    if (p->i >= p->n || cur(p)->kind == PT_END || cur(p)->kind == PT_DEDENT)
        return false;
    memset(s, 0, sizeof *s);
    s->start = p->i;
    if (compound_kw(p, cur(p))) {
        /* header up to ':' at depth 0 (a lambda's ':' would confuse this; it
         * does not occur in headers of revision files) */
        int depth = 0;
        while (p->i < p->n && cur(p)->kind != PT_END) {
            const struct py_token *k = cur(p);
            if (is_op(p, k, "(") || is_op(p, k, "[") || is_op(p, k, "{"))
                depth++;
            else if (is_op(p, k, ")") || is_op(p, k, "]") || is_op(p, k, "}"))
                depth--;
            else if (depth <= 0 && (is_op(p, k, ":") || k->kind == PT_NEWLINE))
                break;
            p->i++;
        }
        if (!is_op(p, cur(p), ":")) {
            /* malformed: treat the line as a simple statement */
            s->end = p->i;
            if (cur(p)->kind == PT_NEWLINE)
                p->i++;
            return true;
        }
        s->compound = true;
        s->colon = p->i;
        p->i++;
        if (cur(p)->kind == PT_NEWLINE && p->i + 1 < p->n && p->t[p->i + 1].kind == PT_INDENT) {
            p->i += 2;
            s->body = p->i;
            int level = 1;
            while (p->i < p->n && cur(p)->kind != PT_END) {
                if (cur(p)->kind == PT_INDENT)
                    level++;
                else if (cur(p)->kind == PT_DEDENT && --level == 0)
                    break;
                p->i++;
            }
            s->body_end = p->i;
            s->end = p->i;
            if (cur(p)->kind == PT_DEDENT)
                p->i++;
        } else {
            s->body = p->i;
            while (p->i < p->n && cur(p)->kind != PT_NEWLINE && cur(p)->kind != PT_END)
                p->i++;
            s->body_end = p->i;
            s->end = p->i;
            if (cur(p)->kind == PT_NEWLINE)
                p->i++;
        }
        return true;
    }
    while (p->i < p->n && cur(p)->kind != PT_NEWLINE && cur(p)->kind != PT_END &&
           cur(p)->kind != PT_DEDENT && !is_op(p, cur(p), ";"))
        p->i++;
    s->end = p->i;
    if (p->i < p->n && (cur(p)->kind == PT_NEWLINE || is_op(p, cur(p), ";")))
        p->i++;
    return true;
}

/* ---- accessors ---- */

const struct py_node *py_kwarg(const struct py_node *call, const char *name)
{
    if (!call || call->kind != PN_CALL)
        return NULL;
    for (uint32_t i = 0; i < call->nkw; i++)
        if (strcmp(call->kwnames[i], name) == 0)
            return call->kwvals[i];
    return NULL;
}

const struct py_node *py_arg(const struct py_node *call, uint32_t i, const char *name)
{
    if (!call || call->kind != PN_CALL)
        return NULL;
    if (i < call->nitems)
        return call->items[i];
    return name ? py_kwarg(call, name) : NULL;
}

const char *py_last_name(const struct py_node *n)
{
    if (!n)
        return NULL;
    if (n->kind == PN_NAME) {
        const char *d = strrchr(n->name, '.');
        return d ? d + 1 : n->name;
    }
    if (n->kind == PN_ATTR)
        return n->name;
    return NULL;
}

bool py_is_call(const struct py_node *n, const char *prefix, const char *fn)
{
    if (!n || n->kind != PN_CALL || !n->base)
        return false;
    const struct py_node *f = n->base;
    if (f->kind != PN_NAME)
        return false;
    if (!prefix)
        return strcmp(py_last_name(f), fn) == 0;
    size_t pl = strlen(prefix);
    return strncmp(f->name, prefix, pl) == 0 && f->name[pl] == '.' &&
           strcmp(f->name + pl + 1, fn) == 0;
}

char *py_tok_text(struct arena *a, const struct source *src, const struct py_token *t)
{
    return arena_strndup(a, src->data + t->off, t->len);
}
