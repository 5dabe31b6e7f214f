/*
 * alembic_ops.c - Alembic operations with literal arguments turned into the
 * SQL that Alembic, SQLAlchemy's PostgreSQL dialect and alembic_utils emit
 * for them (as `alembic upgrade --sql` prints it: tabs as four spaces). Every
 * generated statement is located at the Python call that produced it; SQL
 * written by the user in op.execute() keeps its exact position in the file.
 * Anything that is not a literal makes the operation "not analyzed".
 */
#include "lint/formats/alembic.h"

#include <ctype.h>
#include <nettle/md5.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define PG_MAX_IDENT 63

/* ---- values ---- */

const struct py_node *alb_resolve(const struct alb_ctx *x, const struct py_node *n)
{
    for (int depth = 0; n && n->kind == PN_NAME && !strchr(n->name, '.') && depth < 16; depth++) {
        const struct py_node *v = x->locals ? hashmap_get(x->locals, n->name) : NULL;
        if (!v && x->module)
            v = hashmap_get(x->module, n->name);
        if (!v)
            break;
        n = v;
    }
    return n;
}

static bool is_text_call(const struct py_node *n)
{
    if (!n || n->kind != PN_CALL || !n->base || n->base->kind != PN_NAME)
        return false;
    /* text(), sa.text(), sqlalchemy.sql.expression.text(), alembic_utils' sql_text() */
    const char *f = n->base->name;
    return strcmp(py_last_name(n->base), "text") == 0 || strcmp(f, "sql_text") == 0;
}

static void concat(struct arena *a, struct py_str *o, const struct py_str *l,
                   const struct py_str *r)
{
    o->len = l->len + r->len;
    o->s = arena_alloc(a, o->len + 1);
    memcpy(o->s, l->s, l->len);
    memcpy(o->s + l->len, r->s, r->len);
    o->nmap = l->nmap + r->nmap;
    o->map = arena_alloc(a, (o->nmap + 1) * sizeof *o->map);
    memcpy(o->map, l->map, l->nmap * sizeof *o->map);
    for (uint32_t i = 0; i < r->nmap; i++) {
        o->map[l->nmap + i] = r->map[i];
        o->map[l->nmap + i].text_off += l->len;
    }
    o->fstring = l->fstring || r->fstring;
    o->bytes = l->bytes || r->bytes;
}

bool alb_str(const struct alb_ctx *x, const struct py_node *n, struct py_str *out)
{
    n = alb_resolve(x, n);
    if (!n)
        return false;
    if (n->kind == PN_STR) {
        if (n->str.fstring || n->str.bytes)
            return false;
        *out = n->str;
        return true;
    }
    if (n->kind == PN_BINOP && strcmp(n->name, "+") == 0) {
        struct py_str l, r;
        if (!alb_str(x, n->items[0], &l) || !alb_str(x, n->items[1], &r))
            return false;
        concat(x->a, out, &l, &r);
        return true;
    }
    /* op.f("name") and conv("name") are names as written */
    /* op.f("name"), batch_op.f("name") and conv("name") are names as written */
    if (n->kind == PN_CALL && n->nitems == 1 && n->nkw == 0 && n->base->kind == PN_NAME &&
        (fmt_has_suffix(n->base->name, ".f") || strcmp(py_last_name(n->base), "conv") == 0))
        return alb_str(x, n->items[0], out);
    return false;
}

static char *cstr(const struct alb_ctx *x, const struct py_node *n)
{
    struct py_str s;
    if (!alb_str(x, n, &s) || memchr(s.s, 0, s.len))
        return NULL;
    return arena_strndup(x->a, s.s, s.len);
}

static bool is_none(const struct alb_ctx *x, const struct py_node *n)
{
    n = alb_resolve(x, n);
    return n && n->kind == PN_NONE;
}

/* 1 true, 0 false, -1 not a literal bool */
static int as_bool(const struct alb_ctx *x, const struct py_node *n)
{
    n = alb_resolve(x, n);
    if (!n)
        return -1;
    if (n->kind == PN_TRUE)
        return 1;
    if (n->kind == PN_FALSE || n->kind == PN_NONE)
        return 0;
    return -1;
}

static bool as_int(const struct alb_ctx *x, const struct py_node *n, long *v);

/* Only operators of one precedence level are evaluated (the parser groups a
 * chain of binary operators left to right without precedence): `10 * 1024`,
 * `2 ** 8` (a single one), `a + b - c`; anything else is not a literal. */
static int int_op_level(const char *op)
{
    if (strcmp(op, "+") == 0 || strcmp(op, "-") == 0)
        return 1;
    if (strcmp(op, "*") == 0 || strcmp(op, "//") == 0 || strcmp(op, "%") == 0)
        return 2;
    if (strcmp(op, "**") == 0)
        return 3;
    return 0;
}

static bool int_binop(const struct alb_ctx *x, const struct py_node *n, int level, long *v)
{
    if (n->kind != PN_BINOP || int_op_level(n->name) != level)
        return as_int(x, n, v);
    long l, r;
    const struct py_node *left = n->items[0];
    /* another level on the left was grouped wrongly; '**' is right-associative,
     * so only a lone one is grouped right (a name assigned an expression is
     * evaluated on its own, like a parenthesised one) */
    if (left->kind == PN_BINOP && (level == 3 || int_op_level(left->name) != level))
        return false;
    if (!int_binop(x, left, level, &l) || !as_int(x, n->items[1], &r))
        return false;
    if (strcmp(n->name, "+") == 0)
        return !__builtin_add_overflow(l, r, v);
    if (strcmp(n->name, "-") == 0)
        return !__builtin_sub_overflow(l, r, v);
    if (strcmp(n->name, "*") == 0)
        return !__builtin_mul_overflow(l, r, v);
    if (strcmp(n->name, "**") == 0) {
        if (r < 0 || r > 64)
            return false;
        *v = 1;
        for (long i = 0; i < r; i++)
            if (__builtin_mul_overflow(*v, l, v))
                return false;
    } else {
        /* '//' and '%' floor in Python; C truncates toward zero */
        if (r == 0)
            return false;
        long q = l / r, m = l % r;
        if (m != 0 && (m < 0) != (r < 0)) {
            q--;
            m += r;
        }
        *v = strcmp(n->name, "%") == 0 ? m : q;
    }
    return true;
}

static bool as_int(const struct alb_ctx *x, const struct py_node *n, long *v)
{
    n = alb_resolve(x, n);
    if (!n)
        return false;
    if (n->kind == PN_BINOP)
        return int_op_level(n->name) && int_binop(x, n, int_op_level(n->name), v);
    bool neg = false;
    if (n->kind == PN_NEG) {
        neg = true;
        n = n->items[0];
    }
    if (n->kind != PN_NUM)
        return false;
    char *end;
    long r = strtol(n->name, &end, 10);
    if (*end)
        return false;
    *v = neg ? -r : r;
    return true;
}

/* A list/tuple of strings, or one string. */
static bool as_str_list(const struct alb_ctx *x, const struct py_node *n, char ***out,
                        uint32_t *cnt)
{
    n = alb_resolve(x, n);
    if (!n)
        return false;
    if (n->kind == PN_STR) {
        *out = arena_alloc(x->a, sizeof **out);
        (*out)[0] = cstr(x, n);
        *cnt = 1;
        return (*out)[0] != NULL;
    }
    if (n->kind != PN_LIST && n->kind != PN_TUPLE)
        return false;
    *out = arena_alloc(x->a, (n->nitems + 1) * sizeof **out);
    for (uint32_t i = 0; i < n->nitems; i++) {
        (*out)[i] = cstr(x, n->items[i]);
        if (!(*out)[i])
            return false;
    }
    *cnt = n->nitems;
    return true;
}

/* ---- SQL text helpers ---- */

/* SQLAlchemy's PostgreSQL reserved words (dialects/postgresql/base.py). */
static const char *const reserved[] = {
    "all",
    "analyse",
    "analyze",
    "and",
    "any",
    "array",
    "as",
    "asc",
    "asymmetric",
    "both",
    "case",
    "cast",
    "check",
    "collate",
    "column",
    "constraint",
    "create",
    "current_catalog",
    "current_date",
    "current_role",
    "current_time",
    "current_timestamp",
    "current_user",
    "default",
    "deferrable",
    "desc",
    "distinct",
    "do",
    "else",
    "end",
    "except",
    "false",
    "fetch",
    "for",
    "foreign",
    "from",
    "grant",
    "group",
    "having",
    "in",
    "initially",
    "intersect",
    "into",
    "leading",
    "limit",
    "localtime",
    "localtimestamp",
    "new",
    "not",
    "null",
    "of",
    "off",
    "offset",
    "old",
    "on",
    "only",
    "or",
    "order",
    "placing",
    "primary",
    "references",
    "returning",
    "select",
    "session_user",
    "some",
    "symmetric",
    "table",
    "then",
    "to",
    "trailing",
    "true",
    "union",
    "unique",
    "user",
    "using",
    "variadic",
    "when",
    "where",
    "window",
    "with",
    "authorization",
    "between",
    "binary",
    "cross",
    "current_schema",
    "freeze",
    "full",
    "ilike",
    "inner",
    "is",
    "isnull",
    "join",
    "left",
    "like",
    "natural",
    "notnull",
    "outer",
    "over",
    "overlaps",
    "right",
    "similar",
    "verbose",
    NULL,
};

/* IdentifierPreparer.requires_quotes + quote_identifier. */
static char *qi(const struct alb_ctx *x, const char *name)
{
    bool quote = name[0] == 0 || isdigit((unsigned char)name[0]) || name[0] == '$';
    for (const char *p = name; *p && !quote; p++)
        if (!(islower((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '_' || *p == '$'))
            quote = true; /* upper case or an illegal character */
    for (int i = 0; reserved[i] && !quote; i++)
        if (strcmp(reserved[i], name) == 0)
            quote = true;
    if (!quote)
        return arena_strdup(x->a, name);
    struct strbuf sb = STRBUF_INIT;
    sb_addc(&sb, '"');
    for (const char *p = name; *p; p++) {
        if (*p == '"')
            sb_addc(&sb, '"');
        sb_addc(&sb, *p);
    }
    sb_addc(&sb, '"');
    char *r = arena_strdup(x->a, sb.buf);
    sb_release(&sb);
    return r;
}

static char *qt(const struct alb_ctx *x, const char *schema, const char *name)
{
    if (schema && *schema)
        return arena_printf(x->a, "%s.%s", qi(x, schema), qi(x, name));
    return qi(x, name);
}

/* A SQL string literal ('' doubling). */
static char *lit(const struct alb_ctx *x, const char *s)
{
    struct strbuf sb = STRBUF_INIT;
    sb_addc(&sb, '\'');
    for (const char *p = s; *p; p++) {
        if (*p == '\'')
            sb_addc(&sb, '\'');
        sb_addc(&sb, *p);
    }
    sb_addc(&sb, '\'');
    char *r = arena_strdup(x->a, sb.buf);
    sb_release(&sb);
    return r;
}

/* Names made by a naming convention are shortened as SQLAlchemy does
 * (_truncate_and_render_maxlen_name): 55 bytes, '_', last 4 hex of md5. */
static char *conv_name(const struct alb_ctx *x, const char *name)
{
    size_t n = strlen(name);
    if (n <= PG_MAX_IDENT)
        return arena_strdup(x->a, name);
    struct md5_ctx ctx;
    uint8_t dg[MD5_DIGEST_SIZE];
    md5_init(&ctx);
    md5_update(&ctx, n, (const uint8_t *)name);
    md5_digest(&ctx, MD5_DIGEST_SIZE, dg);
    char hex[33];
    for (int i = 0; i < MD5_DIGEST_SIZE; i++)
        snprintf(hex + 2 * i, 3, "%02x", dg[i]);
    return arena_printf(x->a, "%.*s_%s", PG_MAX_IDENT - 8, name, hex + 28);
}

/* "\:" in a string given to text() is a literal colon. */
static struct py_str unescape_colons(struct arena *a, const struct py_str *in)
{
    struct py_str o = *in;
    bool any = false;
    for (uint32_t i = 0; i + 1 < in->len && !any; i++)
        any = in->s[i] == '\\' && in->s[i + 1] == ':';
    if (!any)
        return o;
    o.s = arena_alloc(a, in->len + 1);
    o.map = arena_alloc(a, (in->nmap * 2 + in->len + 1) * sizeof *o.map);
    o.nmap = 0;
    uint32_t k = 0, m = 0;
    for (uint32_t i = 0; i < in->len; i++) {
        while (m + 1 < in->nmap && in->map[m + 1].text_off <= i)
            m++;
        bool skip = in->s[i] == '\\' && i + 1 < in->len && in->s[i + 1] == ':';
        if (skip)
            continue;
        uint32_t src = in->map[m].src_off + (in->map[m].linear ? i - in->map[m].text_off : 0);
        /* start a new map entry where the mapping is no longer contiguous */
        struct srcmap *last = o.nmap ? &o.map[o.nmap - 1] : NULL;
        if (!last || last->linear != in->map[m].linear ||
            (last->linear && last->src_off + (k - last->text_off) != src) ||
            (!last->linear && last->src_off != src))
            o.map[o.nmap++] = (struct srcmap){k, src, in->map[m].linear};
        o.s[k++] = in->s[i];
    }
    o.s[k] = 0;
    o.len = k;
    return o;
}

/* ---- output ---- */

static void emit(struct alb_ctx *x, uint32_t at, const char *sql)
{
    fmt_b_begin(x->b);
    fmt_b_add(x->b, sql, strlen(sql), at, false);
    fmt_b_end(x->b, x->flags, false);
}

/* Generated text with embedded user strings: pieces are added in order. */
static void add_gen(struct alb_ctx *x, uint32_t at, const char *s)
{
    fmt_b_add(x->b, s, strlen(s), at, false);
}

static void add_str(struct alb_ctx *x, const struct py_str *s, uint32_t from, uint32_t to)
{
    for (uint32_t m = 0; m < s->nmap; m++) {
        uint32_t a = s->map[m].text_off;
        uint32_t b = m + 1 < s->nmap ? s->map[m + 1].text_off : s->len;
        if (b <= from || a >= to)
            continue;
        uint32_t lo = a > from ? a : from, hi = b < to ? b : to;
        uint32_t so = s->map[m].src_off + (s->map[m].linear ? lo - a : 0);
        fmt_b_add(x->b, s->s + lo, hi - lo, so, s->map[m].linear);
    }
}

/* The string's [from, to) without Python-whitespace at both ends. */
static void strip_range(const struct py_str *s, uint32_t *from, uint32_t *to)
{
    while (*from < *to && isspace((unsigned char)s->s[*from]))
        (*from)++;
    while (*to > *from && isspace((unsigned char)s->s[*to - 1]))
        (*to)--;
}

static char *fmtx(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static char *fmtx(struct arena *a, const char *fmt, ...)
{
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *s = arena_alloc(a, (size_t)n + 1);
    vsnprintf(s, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    return s;
}

/* ---- SQLAlchemy types ---- */

enum { T_OTHER, T_INT, T_BIGINT, T_SMALLINT };

struct satype {
    const char *sql;
    int kind;
    bool is_enum, enum_native, enum_create, labels_known;
    const char *enum_name, *enum_schema;
    char **labels;
    uint32_t nlabels;
};

static bool type_of(const struct alb_ctx *x, const struct py_node *n, struct satype *t,
                    const char **why);

/* A type argument given but not a literal integer (nor None): the type cannot be
 * rendered, rather than silently losing its length or precision. */
static bool non_literal_int(const struct alb_ctx *x, const struct py_node *n)
{
    long v;
    return n && !is_none(x, n) && !as_int(x, n, &v);
}

static const char *collate(const struct alb_ctx *x, const struct py_node *call, const char *sql)
{
    const struct py_node *c = py_kwarg(call, "collation");
    char *cs = c ? cstr(x, c) : NULL;
    return cs ? fmtx(x->a, "%s COLLATE \"%s\"", sql, cs) : sql;
}

static const char *timestamp_type(const struct alb_ctx *x, const struct py_node *call,
                                  const char *base)
{
    const struct py_node *tz = py_arg(call, 0, "timezone");
    const struct py_node *pr = py_kwarg(call, "precision");
    long p;
    bool hasp = pr && as_int(x, pr, &p);
    return fmtx(x->a, "%s%s %s TIME ZONE", base, hasp ? fmtx(x->a, "(%ld)", p) : "",
                tz && as_bool(x, tz) == 1 ? "WITH" : "WITHOUT");
}

static bool enum_type(const struct alb_ctx *x, const struct py_node *call, bool pg_enum,
                      struct satype *t, const char **why)
{
    t->is_enum = true;
    t->enum_native = true;
    t->enum_create = true;
    t->labels_known = true;
    const struct py_node *ne = py_kwarg(call, "native_enum");
    if (ne && as_bool(x, ne) == 0)
        t->enum_native = false;
    const struct py_node *ct = py_kwarg(call, "create_type");
    if (pg_enum && ct && as_bool(x, ct) == 0)
        t->enum_create = false;
    uint32_t n = call ? call->nitems : 0;
    t->labels = arena_alloc(x->a, (n + 1) * sizeof *t->labels);
    for (uint32_t i = 0; i < n; i++) {
        char *l = cstr(x, call->items[i]);
        if (!l) {
            t->labels_known = false; /* a Python enum class: labels are in code */
            break;
        }
        t->labels[t->nlabels++] = l;
    }
    const struct py_node *nm = py_kwarg(call, "name");
    t->enum_name = nm ? cstr(x, nm) : NULL;
    if (!t->enum_name && !t->labels_known && call && call->nitems == 1) {
        /* SQLAlchemy names it after the Python class, lower case */
        const char *cls = py_last_name(call->items[0]);
        if (cls) {
            char *lc = arena_strdup(x->a, cls);
            for (char *p = lc; *p; p++)
                *p = (char)tolower((unsigned char)*p);
            t->enum_name = lc;
        }
    }
    const struct py_node *sc = py_kwarg(call, "schema");
    t->enum_schema = sc ? cstr(x, sc) : NULL;
    if (!t->enum_native) {
        /* a VARCHAR as long as the longest label */
        if (!t->labels_known) {
            *why = "non-native Enum of a Python class";
            return false;
        }
        size_t mx = 0;
        for (uint32_t i = 0; i < t->nlabels; i++)
            if (strlen(t->labels[i]) > mx)
                mx = strlen(t->labels[i]);
        const struct py_node *cc = py_kwarg(call, "create_constraint");
        if (cc && as_bool(x, cc) == 1) {
            *why = "Enum with create_constraint=True";
            return false;
        }
        t->is_enum = false;
        t->sql = fmtx(x->a, "VARCHAR(%zu)", mx);
        return true;
    }
    if (!t->enum_name) {
        *why = "PostgreSQL ENUM type requires a name";
        return false;
    }
    t->sql = qt(x, t->enum_schema, t->enum_name);
    return true;
}

static bool type_of(const struct alb_ctx *x, const struct py_node *n, struct satype *t,
                    const char **why)
{
    memset(t, 0, sizeof *t);
    n = alb_resolve(x, n);
    /* T.with_variant(V, "postgresql") is V on PostgreSQL; other dialects' variants
     * leave T */
    while (n && n->kind == PN_CALL && n->base->kind == PN_ATTR &&
           strcmp(n->base->name, "with_variant") == 0) {
        const struct py_node *dl = py_arg(n, 1, "dialect_name");
        char *dn = dl ? cstr(x, dl) : NULL;
        bool pg = dn && strcmp(dn, "postgresql") == 0;
        if (!pg && dl && (dl = alb_resolve(x, dl)) && (dl->kind == PN_LIST || dl->kind == PN_TUPLE))
            for (uint32_t i = 0; i < dl->nitems; i++) {
                char *e = cstr(x, dl->items[i]);
                pg |= e && strcmp(e, "postgresql") == 0;
            }
        n = alb_resolve(x, pg ? py_arg(n, 0, "type_") : n->base->base);
    }
    const struct py_node *call = NULL;
    if (n && n->kind == PN_CALL) {
        call = n;
        n = n->base;
    }
    const char *name = py_last_name(n);
    if (!name || (n->kind != PN_NAME)) {
        *why = "column type is not a SQLAlchemy type";
        return false;
    }
    long a0, a1;
#define IS(s) (strcmp(name, s) == 0)
    if (IS("Integer") || IS("INTEGER") || IS("INT")) {
        t->sql = "INTEGER";
        t->kind = T_INT;
    } else if (IS("BigInteger") || IS("BIGINT")) {
        t->sql = "BIGINT";
        t->kind = T_BIGINT;
    } else if (IS("SmallInteger") || IS("SMALLINT")) {
        t->sql = "SMALLINT";
        t->kind = T_SMALLINT;
    } else if (IS("String") || IS("VARCHAR") || IS("Unicode") || IS("NVARCHAR") ||
               IS("AutoString")) {
        const struct py_node *l = py_arg(call, 0, "length");
        if (non_literal_int(x, l))
            goto not_literal;
        t->sql = l && as_int(x, l, &a0) ? fmtx(x->a, "VARCHAR(%ld)", a0) : "VARCHAR";
        t->sql = collate(x, call, t->sql);
    } else if (IS("CHAR") || IS("NCHAR")) {
        const struct py_node *l = py_arg(call, 0, "length");
        if (non_literal_int(x, l))
            goto not_literal;
        t->sql = l && as_int(x, l, &a0) ? fmtx(x->a, "CHAR(%ld)", a0) : "CHAR";
        t->sql = collate(x, call, t->sql);
    } else if (IS("Text") || IS("TEXT") || IS("UnicodeText")) {
        t->sql = collate(x, call, "TEXT");
    } else if (IS("Boolean") || IS("BOOLEAN")) {
        t->sql = "BOOLEAN";
    } else if (IS("DateTime") || IS("TIMESTAMP")) {
        t->sql = timestamp_type(x, call, "TIMESTAMP");
    } else if (IS("Time") || IS("TIME")) {
        t->sql = timestamp_type(x, call, "TIME");
    } else if (IS("Date") || IS("DATE")) {
        t->sql = "DATE";
    } else if (IS("Interval") || IS("INTERVAL")) {
        const struct py_node *f = py_kwarg(call, "fields");
        const struct py_node *p = py_kwarg(call, "precision");
        char *fs = f ? cstr(x, f) : NULL;
        t->sql = fmtx(x->a, "INTERVAL%s%s", fs ? fmtx(x->a, " %s", fs) : "",
                      p && as_int(x, p, &a0) ? fmtx(x->a, " (%ld)", a0) : "");
    } else if (IS("Numeric") || IS("NUMERIC") || IS("DECIMAL")) {
        const char *base = IS("DECIMAL") ? "DECIMAL" : "NUMERIC";
        const struct py_node *p = py_arg(call, 0, "precision");
        const struct py_node *s = py_arg(call, 1, "scale");
        if (non_literal_int(x, p) || non_literal_int(x, s))
            goto not_literal;
        if (p && as_int(x, p, &a0)) {
            if (s && as_int(x, s, &a1))
                t->sql = fmtx(x->a, "%s(%ld, %ld)", base, a0, a1);
            else
                t->sql = fmtx(x->a, "%s(%ld)", base, a0);
        } else {
            t->sql = base;
        }
    } else if (IS("Float") || IS("FLOAT")) {
        const struct py_node *p = py_arg(call, 0, "precision");
        if (non_literal_int(x, p))
            goto not_literal;
        t->sql = p && as_int(x, p, &a0) ? fmtx(x->a, "FLOAT(%ld)", a0) : "FLOAT";
    } else if (IS("REAL")) {
        t->sql = "REAL";
    } else if (IS("Double") || IS("DOUBLE") || IS("DOUBLE_PRECISION")) {
        t->sql = "DOUBLE PRECISION";
    } else if (IS("JSON")) {
        t->sql = "JSON";
    } else if (IS("JSONB")) {
        t->sql = "JSONB";
    } else if (IS("UUID") || IS("Uuid") || IS("GUID")) {
        t->sql = "UUID";
    } else if (IS("LargeBinary") || IS("BYTEA") || IS("LargeBinaryType")) {
        t->sql = "BYTEA";
    } else if (IS("ChoiceType")) {
        /* sqlalchemy_utils: stored in its impl, Unicode(255) unless impl= */
        const struct py_node *im = py_arg(call, 1, "impl");
        if (im && !is_none(x, im))
            return type_of(x, im, t, why);
        t->sql = "VARCHAR(255)";
    } else if (IS("EmailType")) {
        /* sqlalchemy_utils: Unicode(length=255) */
        const struct py_node *l = py_arg(call, 0, "length");
        if (non_literal_int(x, l))
            goto not_literal;
        t->sql = fmtx(x->a, "VARCHAR(%ld)", l && as_int(x, l, &a0) ? a0 : 255);
    } else if (IS("PasswordType")) {
        t->sql = "BYTEA"; /* sqlalchemy_utils: postgresql.BYTEA(max_length) */
    } else if (IS("URLType") || IS("ScalarListType")) {
        t->sql = "TEXT"; /* sqlalchemy_utils: UnicodeText */
    } else if (IS("UUIDType")) {
        /* sqlalchemy_utils: the native UUID on PostgreSQL unless native=False */
        const struct py_node *nt = py_arg(call, 1, "native");
        if (nt && as_bool(x, nt) != 1) {
            *why = "UUIDType without native=True is not known statically";
            return false;
        }
        t->sql = "UUID";
    } else if (IS("Enum")) {
        return enum_type(x, call, false, t, why);
    } else if (IS("ENUM")) {
        return enum_type(x, call, true, t, why);
    } else if (IS("ARRAY")) {
        const struct py_node *it = py_arg(call, 0, "item_type");
        struct satype inner;
        if (!it || !type_of(x, it, &inner, why))
            return false;
        const struct py_node *dm = py_kwarg(call, "dimensions");
        long dims = 1;
        if (non_literal_int(x, dm))
            goto not_literal;
        if (dm && !as_int(x, dm, &dims))
            dims = 1;
        struct strbuf sb = STRBUF_INIT;
        const char *co = strstr(inner.sql, " COLLATE");
        sb_add(&sb, inner.sql, co ? (size_t)(co - inner.sql) : strlen(inner.sql));
        for (long i = 0; i < dims; i++)
            sb_adds(&sb, "[]");
        if (co)
            sb_adds(&sb, co);
        t->sql = arena_strdup(x->a, sb.buf);
        sb_release(&sb);
    } else if (IS("BIT")) {
        const struct py_node *l = py_arg(call, 0, "length");
        const struct py_node *v = py_kwarg(call, "varying");
        bool varying = v && as_bool(x, v) == 1;
        if (non_literal_int(x, l))
            goto not_literal;
        bool hasl = l && as_int(x, l, &a0);
        t->sql = varying ? (hasl ? fmtx(x->a, "BIT VARYING(%ld)", a0) : "BIT VARYING")
                         : fmtx(x->a, "BIT(%ld)", hasl ? a0 : 1);
    } else if (IS("INET") || IS("CIDR") || IS("MACADDR") || IS("MACADDR8") || IS("MONEY") ||
               IS("OID") || IS("REGCLASS") || IS("REGCONFIG") || IS("TSVECTOR") || IS("TSQUERY") ||
               IS("CITEXT") || IS("HSTORE") || IS("INT4RANGE") || IS("INT8RANGE") ||
               IS("NUMRANGE") || IS("DATERANGE") || IS("TSRANGE") || IS("TSTZRANGE") ||
               IS("INT4MULTIRANGE") || IS("INT8MULTIRANGE") || IS("NUMMULTIRANGE") ||
               IS("DATEMULTIRANGE") || IS("TSMULTIRANGE") || IS("TSTZMULTIRANGE")) {
        t->sql = arena_strdup(x->a, name);
    } else {
        *why = arena_printf(x->a, "column type %s is not known statically", name);
        return false;
    }
#undef IS
    return true;
not_literal:
    *why = arena_printf(x->a, "an argument of column type %s is not a literal integer", name);
    return false;
}

/* ---- server defaults ---- */

static const char *const ansi_functions[] = {
    "current_timestamp", "current_date", "current_time", "localtime", "localtimestamp",
    "current_user",      "session_user", "user",         NULL,
};

static bool default_sql(const struct alb_ctx *x, const struct py_node *n, char **out,
                        const char **why);

/* A literal argument of sa.func.x(...) as SQL. */
static bool func_arg(const struct alb_ctx *x, const struct py_node *n, char **out)
{
    n = alb_resolve(x, n);
    long v;
    if (n->kind == PN_STR) {
        char *s = cstr(x, n);
        if (!s)
            return false;
        *out = lit(x, s);
        return true;
    }
    if (as_int(x, n, &v)) {
        *out = fmtx(x->a, "%ld", v);
        return true;
    }
    if (n->kind == PN_TRUE || n->kind == PN_FALSE) {
        *out = n->kind == PN_TRUE ? "true" : "false";
        return true;
    }
    const char *why;
    return default_sql(x, n, out, &why);
}

static bool default_sql(const struct alb_ctx *x, const struct py_node *n, char **out,
                        const char **why)
{
    n = alb_resolve(x, n);
    if (!n) {
        *why = "server_default";
        return false;
    }
    if (n->kind == PN_STR) {
        char *s = cstr(x, n);
        if (!s) {
            *why = "server_default is not a literal";
            return false;
        }
        *out = lit(x, s);
        return true;
    }
    if (n->kind == PN_CALL && n->base->kind == PN_NAME) {
        const char *f = n->base->name;
        const char *last = py_last_name(n->base);
        if (is_text_call(n) || strcmp(last, "literal_column") == 0) {
            struct py_str s;
            if (n->nitems < 1 || !alb_str(x, n->items[0], &s)) {
                *why = "server_default text is not a literal";
                return false;
            }
            struct py_str u = is_text_call(n) ? unescape_colons(x->a, &s) : s;
            *out = arena_strndup(x->a, u.s, u.len);
            return true;
        }
        if (strcmp(last, "true") == 0 || strcmp(last, "false") == 0) {
            *out = arena_strdup(x->a, last);
            return true;
        }
        if (strcmp(last, "null") == 0) {
            *out = "NULL";
            return true;
        }
        if (strcmp(last, "DefaultClause") == 0 && n->nitems == 1)
            return default_sql(x, n->items[0], out, why);
        /* sa.func.now(), func.now(), f.now() with "from sqlalchemy import func as f" */
        const char *fn = NULL;
        const char *cf = alb_canon(x, f);
        if (strncmp(cf, "func.", 5) == 0)
            fn = cf + 5;
        else if (strstr(cf, ".func."))
            fn = strstr(cf, ".func.") + 6;
        if (fn && !strchr(fn, '.')) {
            for (int i = 0; ansi_functions[i]; i++)
                if (strcasecmp(fn, ansi_functions[i]) == 0 && n->nitems == 0) {
                    char *u = arena_strdup(x->a, fn);
                    for (char *p = u; *p; p++)
                        *p = (char)toupper((unsigned char)*p);
                    *out = u;
                    return true;
                }
            struct strbuf sb = STRBUF_INIT;
            sb_printf(&sb, "%s(", fn);
            for (uint32_t i = 0; i < n->nitems; i++) {
                char *a;
                if (!func_arg(x, n->items[i], &a)) {
                    sb_release(&sb);
                    *why = "server_default function argument is not a literal";
                    return false;
                }
                sb_printf(&sb, "%s%s", i ? ", " : "", a);
            }
            sb_addc(&sb, ')');
            *out = arena_strdup(x->a, sb.buf);
            sb_release(&sb);
            return true;
        }
    }
    *why = "server_default is not a literal";
    return false;
}

/* ---- columns and constraints ---- */

struct safk {
    const char *name;
    char **cols, **refcols;
    uint32_t ncols, nref;
    const char *reftable; /* rendered, possibly schema-qualified */
    const char *ondelete, *onupdate, *match, *initially;
    int deferrable; /* -1 unset */
    bool not_valid;
};

struct sacol {
    const char *name;
    uint32_t at;
    struct satype type;
    bool pk;
    int nullable; /* -1 unspecified */
    char *server_default;
    int autoinc; /* 0 auto, 1 True, 2 False, 3 ignore_fk */
    bool py_default;
    bool unique, index;
    const char *comment;
    const char *identity, *computed;
    struct safk *fks;
    uint32_t nfks;
};

/* "schema.table.col" -> rendered table and column */
static bool fk_target(const struct alb_ctx *x, const char *spec, const char **table, char **col)
{
    const char *dot = strrchr(spec, '.');
    if (!dot || dot == spec)
        return false;
    *col = arena_strdup(x->a, dot + 1);
    char *tbl = arena_strndup(x->a, spec, (size_t)(dot - spec));
    char *sdot = strrchr(tbl, '.');
    if (sdot) {
        *sdot = 0;
        *table = qt(x, tbl, sdot + 1);
    } else {
        *table = qi(x, tbl);
    }
    return true;
}

static void fk_options(const struct alb_ctx *x, const struct py_node *call, struct safk *fk)
{
    const struct py_node *v;
    fk->deferrable = -1;
    if ((v = py_kwarg(call, "name")))
        fk->name = cstr(x, v);
    if ((v = py_kwarg(call, "ondelete")))
        fk->ondelete = cstr(x, v);
    if ((v = py_kwarg(call, "onupdate")))
        fk->onupdate = cstr(x, v);
    if ((v = py_kwarg(call, "match")))
        fk->match = cstr(x, v);
    if ((v = py_kwarg(call, "initially")))
        fk->initially = cstr(x, v);
    if ((v = py_kwarg(call, "deferrable")) && !is_none(x, v))
        fk->deferrable = as_bool(x, v);
    if ((v = py_kwarg(call, "postgresql_not_valid")))
        fk->not_valid = as_bool(x, v) == 1;
}

static char *join_idents(const struct alb_ctx *x, char **names, uint32_t n)
{
    struct strbuf sb = STRBUF_INIT;
    for (uint32_t i = 0; i < n; i++)
        sb_printf(&sb, "%s%s", i ? ", " : "", qi(x, names[i]));
    char *r = arena_strdup(x->a, sb.len ? sb.buf : "");
    sb_release(&sb);
    return r;
}

static const char *deferrability(const struct alb_ctx *x, int deferrable, const char *initially)
{
    const char *d = deferrable == 1 ? " DEFERRABLE" : deferrable == 0 ? " NOT DEFERRABLE" : "";
    if (initially)
        return fmtx(x->a, "%s INITIALLY %s", d, initially);
    return d;
}

static const char *constraint_prefix(const struct alb_ctx *x, const char *name)
{
    return name ? fmtx(x->a, "CONSTRAINT %s ", qi(x, name)) : "";
}

static char *render_fk(const struct alb_ctx *x, const struct safk *fk)
{
    return fmtx(x->a, "%sFOREIGN KEY(%s) REFERENCES %s (%s)%s%s%s%s%s",
                constraint_prefix(x, fk->name), join_idents(x, fk->cols, fk->ncols), fk->reftable,
                join_idents(x, fk->refcols, fk->nref),
                fk->match ? fmtx(x->a, " MATCH %s", fk->match) : "",
                fk->ondelete ? fmtx(x->a, " ON DELETE %s", fk->ondelete) : "",
                fk->onupdate ? fmtx(x->a, " ON UPDATE %s", fk->onupdate) : "",
                deferrability(x, fk->deferrable, fk->initially), fk->not_valid ? " NOT VALID" : "");
}

/* sa.Column(...) */
static bool parse_column(const struct alb_ctx *x, const struct py_node *call, struct sacol *c,
                         const char **why)
{
    memset(c, 0, sizeof *c);
    c->nullable = -1;
    c->at = call->off;
    uint32_t i = 0;
    const struct py_node *v;
    if (call->star) {
        *why = "Column(*args)";
        return false;
    }
    if (call->nitems > 0 && (c->name = cstr(x, call->items[0])) != NULL)
        i = 1;
    else if ((v = py_kwarg(call, "name")))
        c->name = cstr(x, v);
    if (!c->name) {
        *why = "column name is not a literal";
        return false;
    }
    bool have_type = false;
    c->fks = arena_alloc(x->a, (call->nitems + 1) * sizeof *c->fks);
    for (; i < call->nitems; i++) {
        const struct py_node *a = alb_resolve(x, call->items[i]);
        const char *fn = a->kind == PN_CALL ? py_last_name(a->base) : NULL;
        if (fn && strcmp(fn, "ForeignKey") == 0) {
            struct safk *fk = &c->fks[c->nfks];
            memset(fk, 0, sizeof *fk);
            char *spec = a->nitems ? cstr(x, a->items[0]) : NULL;
            char *col;
            if (!spec || !fk_target(x, spec, &fk->reftable, &col)) {
                *why = "ForeignKey target is not a literal 'table.column'";
                return false;
            }
            fk_options(x, a, fk);
            fk->cols = arena_alloc(x->a, sizeof *fk->cols);
            fk->cols[0] = (char *)c->name;
            fk->ncols = 1;
            fk->refcols = arena_alloc(x->a, sizeof *fk->refcols);
            fk->refcols[0] = col;
            fk->nref = 1;
            c->nfks++;
        } else if (fn && strcmp(fn, "Identity") == 0) {
            const struct py_node *al = py_kwarg(a, "always");
            struct strbuf sb = STRBUF_INIT;
            sb_printf(&sb, "GENERATED %s AS IDENTITY",
                      al && as_bool(x, al) == 1 ? "ALWAYS" : "BY DEFAULT");
            static const char *const opts[][2] = {{"increment", "INCREMENT BY"},
                                                  {"start", "START WITH"},
                                                  {"minvalue", "MINVALUE"},
                                                  {"maxvalue", "MAXVALUE"},
                                                  {"cache", "CACHE"}};
            bool first = true;
            for (size_t k = 0; k < sizeof opts / sizeof *opts; k++) {
                const struct py_node *o = py_kwarg(a, opts[k][0]);
                long lv;
                if (o && as_int(x, o, &lv)) {
                    sb_printf(&sb, "%s%s %ld", first ? " (" : " ", opts[k][1], lv);
                    first = false;
                }
            }
            const struct py_node *cy = py_kwarg(a, "cycle");
            if (cy && as_bool(x, cy) == 1) {
                sb_adds(&sb, first ? " (CYCLE" : " CYCLE");
                first = false;
            }
            if (!first)
                sb_addc(&sb, ')');
            c->identity = arena_strdup(x->a, sb.buf);
            sb_release(&sb);
        } else if (fn && strcmp(fn, "Computed") == 0) {
            struct py_str s;
            if (!a->nitems || !alb_str(x, a->items[0], &s)) {
                const struct py_node *e = a->nitems ? alb_resolve(x, a->items[0]) : NULL;
                if (!(e && is_text_call(e) && e->nitems && alb_str(x, e->items[0], &s))) {
                    *why = "Computed expression is not a literal";
                    return false;
                }
            }
            c->computed = fmtx(x->a, "GENERATED ALWAYS AS (%.*s) STORED", (int)s.len, s.s);
        } else if (fn && strcmp(fn, "Sequence") == 0) {
            c->py_default = true; /* a Sequence default: no SERIAL, no DEFAULT */
        } else if (!have_type) {
            if (!type_of(x, a, &c->type, why))
                return false;
            have_type = true;
        } else {
            *why = "Column argument not understood";
            return false;
        }
    }
    if (!have_type) {
        if ((v = py_kwarg(call, "type_"))) {
            if (!type_of(x, v, &c->type, why))
                return false;
        } else {
            *why = "Column without a type";
            return false;
        }
    }
    int b;
    if ((v = py_kwarg(call, "primary_key")) && (b = as_bool(x, v)) >= 0)
        c->pk = b == 1;
    if ((v = py_kwarg(call, "nullable"))) {
        if ((b = as_bool(x, v)) < 0) {
            *why = "nullable is not a literal";
            return false;
        }
        c->nullable = b;
    }
    if ((v = py_kwarg(call, "server_default")) && !is_none(x, v)) {
        if (!default_sql(x, v, &c->server_default, why))
            return false;
    }
    if ((v = py_kwarg(call, "default")) && !is_none(x, v))
        c->py_default = true;
    if ((v = py_kwarg(call, "autoincrement"))) {
        v = alb_resolve(x, v);
        if (v->kind == PN_TRUE)
            c->autoinc = 1;
        else if (v->kind == PN_FALSE)
            c->autoinc = 2;
        else if (v->kind == PN_STR && v->str.len == 9 && memcmp(v->str.s, "ignore_fk", 9) == 0)
            c->autoinc = 3;
    }
    if ((v = py_kwarg(call, "unique")))
        c->unique = as_bool(x, v) == 1;
    if ((v = py_kwarg(call, "index")))
        c->index = as_bool(x, v) == 1;
    if ((v = py_kwarg(call, "comment")) && !is_none(x, v)) {
        c->comment = cstr(x, v);
        if (!c->comment) {
            *why = "comment is not a literal";
            return false;
        }
    }
    return true;
}

static bool is_nullable(const struct sacol *c)
{
    if (c->nullable >= 0)
        return c->nullable == 1;
    return !c->pk;
}

/* PGDDLCompiler.get_column_specification */
static char *column_spec(const struct alb_ctx *x, const struct sacol *c, bool autoinc_col)
{
    struct strbuf sb = STRBUF_INIT;
    sb_adds(&sb, qi(x, c->name));
    if (autoinc_col && !c->identity) {
        sb_adds(&sb, c->type.kind == T_BIGINT     ? " BIGSERIAL"
                     : c->type.kind == T_SMALLINT ? " SMALLSERIAL"
                                                  : " SERIAL");
    } else {
        sb_printf(&sb, " %s", c->type.sql);
        if (c->server_default)
            sb_printf(&sb, " DEFAULT %s", c->server_default);
    }
    if (c->computed)
        sb_printf(&sb, " %s", c->computed);
    if (c->identity)
        sb_printf(&sb, " %s", c->identity);
    bool nullable = is_nullable(c);
    if (!nullable && !c->identity)
        sb_adds(&sb, " NOT NULL");
    else if (nullable && c->identity)
        sb_adds(&sb, " NULL");
    char *r = arena_strdup(x->a, sb.buf);
    sb_release(&sb);
    return r;
}

/* PrimaryKeyConstraint._autoincrement_column for a single-column key. */
static bool is_autoinc(const struct sacol *c, uint32_t npk)
{
    if (!c->pk || npk != 1 || c->autoinc == 2)
        return false;
    if (c->autoinc == 1)
        return true;
    if (c->type.kind == T_OTHER || c->py_default || c->server_default)
        return false;
    if (c->nfks && c->autoinc != 3)
        return false;
    return true;
}

static void emit_create_type(struct alb_ctx *x, uint32_t at, const struct satype *t)
{
    struct strbuf sb = STRBUF_INIT;
    sb_printf(&sb, "CREATE TYPE %s AS ENUM (", qt(x, t->enum_schema, t->enum_name));
    for (uint32_t i = 0; i < t->nlabels; i++)
        sb_printf(&sb, "%s%s", i ? ", " : "", lit(x, t->labels[i]));
    sb_addc(&sb, ')');
    emit(x, at, sb.buf);
    sb_release(&sb);
}

static const char *opt_schema(const struct alb_ctx *x, const struct py_node *call, uint32_t pos,
                              const char *kw)
{
    const struct py_node *s = py_arg(call, pos, kw);
    if (!s || is_none(x, s))
        return NULL;
    return cstr(x, s);
}

/* The index parts of CREATE INDEX: (cols) + options, for alembic's
 * create_index / sa.Index. cols may be strings (column names) or text(). */
static bool index_sql(struct alb_ctx *x, const struct py_node *call, const char *name,
                      const char *table_sql, const struct py_node *cols, bool unique, char **out,
                      const char **why)
{
    const struct py_node *v;
    bool concurrently = (v = py_kwarg(call, "postgresql_concurrently")) && as_bool(x, v) == 1;
    bool ine = (v = py_kwarg(call, "if_not_exists")) && as_bool(x, v) == 1;
    struct strbuf sb = STRBUF_INIT;
    sb_printf(&sb, "CREATE %sINDEX %s%s%s ON %s ", unique ? "UNIQUE " : "",
              concurrently ? "CONCURRENTLY " : "", ine ? "IF NOT EXISTS " : "", qi(x, name),
              table_sql);
    if ((v = py_kwarg(call, "postgresql_using")) && !is_none(x, v)) {
        char *u = cstr(x, v);
        if (!u)
            goto fail;
        for (char *p = u; *p; p++)
            *p = (char)tolower((unsigned char)*p);
        sb_printf(&sb, "USING %s ", u);
    }
    const struct py_node *ops = py_kwarg(call, "postgresql_ops");
    ops = ops ? alb_resolve(x, ops) : NULL;
    sb_addc(&sb, '(');
    const struct py_node *cl = alb_resolve(x, cols);
    uint32_t n = 1;
    const struct py_node *const *items = &cl;
    if (cl->kind == PN_LIST || cl->kind == PN_TUPLE) {
        n = cl->nitems;
        items = (const struct py_node *const *)cl->items;
    }
    for (uint32_t i = 0; i < n; i++) {
        const struct py_node *e = alb_resolve(x, items[i]);
        char *col = cstr(x, e);
        if (i)
            sb_adds(&sb, ", ");
        if (col) {
            sb_adds(&sb, qi(x, col));
        } else if (is_text_call(e) && e->nitems == 1 && (col = cstr(x, e->items[0]))) {
            sb_adds(&sb, col); /* an expression: text() is rendered as written */
            col = NULL;
        } else {
            *why = "index column is not a literal";
            goto fail;
        }
        if (col && ops && ops->kind == PN_DICT)
            for (uint32_t k = 0; k + 1 < ops->nitems; k += 2) {
                char *key = cstr(x, ops->items[k]), *val = cstr(x, ops->items[k + 1]);
                if (key && val && strcmp(key, col) == 0)
                    sb_printf(&sb, " %s", val);
            }
    }
    sb_addc(&sb, ')');
    if ((v = py_kwarg(call, "postgresql_include")) && !is_none(x, v)) {
        char **inc;
        uint32_t ni;
        if (!as_str_list(x, v, &inc, &ni))
            goto fail;
        sb_printf(&sb, " INCLUDE (%s)", join_idents(x, inc, ni));
    }
    if ((v = py_kwarg(call, "postgresql_with")) && !is_none(x, v)) {
        v = alb_resolve(x, v);
        if (v->kind != PN_DICT)
            goto fail;
        sb_adds(&sb, " WITH (");
        for (uint32_t k = 0; k + 1 < v->nitems; k += 2) {
            char *key = cstr(x, v->items[k]);
            const struct py_node *val = alb_resolve(x, v->items[k + 1]);
            char *vs = cstr(x, val);
            long lv;
            if (!key)
                goto fail;
            if (!vs && as_int(x, val, &lv))
                vs = fmtx(x->a, "%ld", lv);
            if (!vs)
                goto fail;
            sb_printf(&sb, "%s%s = %s", k ? ", " : "", key, vs);
        }
        sb_addc(&sb, ')');
    }
    if ((v = py_kwarg(call, "postgresql_where")) && !is_none(x, v)) {
        v = alb_resolve(x, v);
        char *w = cstr(x, v);
        if (!w && is_text_call(v) && v->nitems == 1) {
            struct py_str s;
            if (alb_str(x, v->items[0], &s)) {
                struct py_str u = unescape_colons(x->a, &s);
                w = arena_strndup(x->a, u.s, u.len);
            }
        }
        if (!w) {
            *why = "postgresql_where is not a literal text()";
            goto fail;
        }
        sb_printf(&sb, " WHERE %s", w);
    }
    *out = arena_strdup(x->a, sb.buf);
    sb_release(&sb);
    return true;
fail:
    if (!*why)
        *why = "index option is not a literal";
    sb_release(&sb);
    return false;
}

static void emit_comment(struct alb_ctx *x, uint32_t at, const char *what, const char *target,
                         const char *comment)
{
    emit(x, at,
         fmtx(x->a, "COMMENT ON %s %s IS %s", what, target, comment ? lit(x, comment) : "NULL"));
}

/* A copy of call with its `*x` arguments spread in place, where x is a literal
 * tuple/list or `helper()` returning one (def helper(): return (Column(...), ...));
 * NULL when one cannot be, or `**x` is present. */
static const struct py_node *spread_stars(const struct alb_ctx *x, const struct py_node *call)
{
    if (call->dstar)
        return NULL;
    struct py_node *c = arena_alloc(x->a, sizeof *c);
    *c = *call;
    c->star = false;
    c->stars = NULL;
    c->nstars = 0;
    uint32_t n = call->nitems, cap = n;
    const struct py_node **vals = arena_alloc(x->a, call->nstars * sizeof *vals);
    for (uint32_t i = 0; i < call->nstars; i++) {
        const struct py_node *v = alb_resolve(x, call->stars[i]);
        if (v && v->kind == PN_CALL)
            v = alb_helper_result(x, v);
        if (!v || (v->kind != PN_TUPLE && v->kind != PN_LIST))
            return NULL;
        vals[i] = v;
        cap += v->nitems;
    }
    c->items = arena_alloc(x->a, (cap + 1) * sizeof *c->items);
    c->nitems = 0;
    uint32_t s = 0;
    for (uint32_t i = 0; i <= n; i++) {
        for (; s < call->nstars && call->star_at[s] == i; s++)
            for (uint32_t k = 0; k < vals[s]->nitems; k++)
                c->items[c->nitems++] = vals[s]->items[k];
        if (i < n)
            c->items[c->nitems++] = call->items[i];
    }
    return c;
}

/* op.create_table(name, *columns_and_constraints, schema=None, **kw) */
static bool op_create_table(struct alb_ctx *x, const struct py_node *call, const char **why)
{
    if (call->star && !(call = spread_stars(x, call))) {
        *why = "a *argument or **argument airlock cannot expand";
        return false;
    }
    const char *name = call->nitems ? cstr(x, call->items[0]) : NULL;
    if (!name) {
        *why = "table name is not a literal";
        return false;
    }
    const char *schema = opt_schema(x, call, UINT32_MAX, "schema");
    const char *tsql = qt(x, schema, name);
    uint32_t n = call->nitems - 1;
    struct sacol *cols = arena_alloc(x->a, (n + 1) * sizeof *cols);
    uint32_t ncols = 0;
    const struct py_node **cons = arena_alloc(x->a, (n + 1) * sizeof *cons);
    uint32_t ncons = 0;
    const struct py_node *pkc = NULL;
    for (uint32_t i = 1; i < call->nitems; i++) {
        const struct py_node *a = alb_resolve(x, call->items[i]);
        const char *fn = a->kind == PN_CALL ? py_last_name(a->base) : NULL;
        if (fn && strcmp(fn, "Column") == 0) {
            if (!parse_column(x, a, &cols[ncols], why))
                return false;
            ncols++;
        } else if (fn && strcmp(fn, "PrimaryKeyConstraint") == 0) {
            pkc = a;
        } else if (fn && (strcmp(fn, "ForeignKeyConstraint") == 0 ||
                          strcmp(fn, "UniqueConstraint") == 0 ||
                          strcmp(fn, "CheckConstraint") == 0 || strcmp(fn, "Index") == 0)) {
            cons[ncons++] = a;
        } else {
            *why = "create_table argument is not a Column or constraint";
            return false;
        }
    }
    /* the primary key: an explicit constraint, or the columns' flags */
    char **pkcols = arena_alloc(x->a, (ncols + n + 1) * sizeof *pkcols);
    uint32_t npk = 0;
    const char *pkname = NULL;
    if (pkc) {
        for (uint32_t i = 0; i < pkc->nitems; i++) {
            char *cn = cstr(x, pkc->items[i]);
            if (!cn) {
                *why = "primary key column is not a literal";
                return false;
            }
            pkcols[npk++] = cn;
            for (uint32_t k = 0; k < ncols; k++)
                if (strcmp(cols[k].name, cn) == 0)
                    cols[k].pk = true;
        }
        const struct py_node *pn = py_kwarg(pkc, "name");
        pkname = pn && !is_none(x, pn) ? cstr(x, pn) : NULL;
    } else {
        for (uint32_t k = 0; k < ncols; k++)
            if (cols[k].pk)
                pkcols[npk++] = (char *)cols[k].name;
    }
    /* CREATE TYPE for native enums (once per name) */
    for (uint32_t k = 0; k < ncols; k++) {
        const struct satype *t = &cols[k].type;
        if (!t->is_enum || !t->enum_native || !t->enum_create)
            continue;
        bool seen = false;
        for (uint32_t j = 0; j < k; j++)
            if (cols[j].type.is_enum && cols[j].type.enum_create &&
                strcmp(cols[j].type.enum_name, t->enum_name) == 0)
                seen = true;
        if (seen)
            continue;
        if (!t->labels_known) {
            *why = "Enum of a Python class: its labels are not known statically";
            return false;
        }
    }
    for (uint32_t k = 0; k < ncols; k++) {
        const struct satype *t = &cols[k].type;
        bool seen = false;
        for (uint32_t j = 0; j < k; j++)
            if (cols[j].type.is_enum && cols[j].type.enum_create &&
                strcmp(cols[j].type.enum_name, t->enum_name ? t->enum_name : "") == 0)
                seen = true;
        if (t->is_enum && t->enum_native && t->enum_create && !seen)
            emit_create_type(x, cols[k].at, t);
    }
    struct strbuf sb = STRBUF_INIT;
    const struct py_node *v;
    bool ine = (v = py_kwarg(call, "if_not_exists")) && as_bool(x, v) == 1;
    sb_printf(&sb, "CREATE TABLE %s%s (", ine ? "IF NOT EXISTS " : "", tsql);
    const char *sep = "\n";
    for (uint32_t k = 0; k < ncols; k++) {
        bool autoinc = is_autoinc(&cols[k], npk);
        sb_printf(&sb, "%s    %s", sep, column_spec(x, &cols[k], autoinc));
        sep = ", \n";
    }
    /* constraints: primary key, explicit ones in order, then the ones the
     * columns made (SQLAlchemy sorts by creation order) */
    struct strbuf cs = STRBUF_INIT;
    const char *csep = "";
    if (npk) {
        /* an implicit key lists the autoincrement column first */
        char **order = pkcols;
        if (!pkc) {
            order = arena_alloc(x->a, npk * sizeof *order);
            uint32_t m = 0;
            for (uint32_t k = 0; k < ncols; k++)
                if (cols[k].pk && is_autoinc(&cols[k], npk))
                    order[m++] = (char *)cols[k].name;
            for (uint32_t k = 0; k < ncols; k++)
                if (cols[k].pk && !is_autoinc(&cols[k], npk))
                    order[m++] = (char *)cols[k].name;
        }
        const struct py_node *dv = pkc ? py_kwarg(pkc, "deferrable") : NULL;
        const struct py_node *iv = pkc ? py_kwarg(pkc, "initially") : NULL;
        sb_printf(
            &cs, "%sPRIMARY KEY (%s)%s", constraint_prefix(x, pkname), join_idents(x, order, npk),
            deferrability(x, dv && !is_none(x, dv) ? as_bool(x, dv) : -1, iv ? cstr(x, iv) : NULL));
        csep = ", \n    ";
    }
    const struct py_node **indexes = arena_alloc(x->a, (ncons + 1) * sizeof *indexes);
    uint32_t nidx = 0;
    for (uint32_t i = 0; i < ncons; i++) {
        const struct py_node *c = cons[i];
        const char *fn = py_last_name(c->base);
        const struct py_node *nm = py_kwarg(c, "name");
        const char *cname = nm && !is_none(x, nm) ? cstr(x, nm) : NULL;
        if (strcmp(fn, "Index") == 0) {
            indexes[nidx++] = c;
            continue;
        }
        if (strcmp(fn, "UniqueConstraint") == 0) {
            char **uc = arena_alloc(x->a, (c->nitems + 1) * sizeof *uc);
            for (uint32_t k = 0; k < c->nitems; k++)
                if (!(uc[k] = cstr(x, c->items[k]))) {
                    *why = "unique constraint column is not a literal";
                    sb_release(&sb);
                    sb_release(&cs);
                    return false;
                }
            const struct py_node *dv = py_kwarg(c, "deferrable");
            const struct py_node *iv = py_kwarg(c, "initially");
            const struct py_node *nnd = py_kwarg(c, "postgresql_nulls_not_distinct");
            sb_printf(&cs, "%s%sUNIQUE %s(%s)%s", csep, constraint_prefix(x, cname),
                      nnd && as_bool(x, nnd) == 1 ? "NULLS NOT DISTINCT " : "",
                      join_idents(x, uc, c->nitems),
                      deferrability(x, dv && !is_none(x, dv) ? as_bool(x, dv) : -1,
                                    iv ? cstr(x, iv) : NULL));
        } else if (strcmp(fn, "CheckConstraint") == 0) {
            struct py_str s;
            const struct py_node *e = c->nitems ? alb_resolve(x, c->items[0]) : NULL;
            bool ok = e && alb_str(x, e, &s);
            if (!ok && e && is_text_call(e) && e->nitems && alb_str(x, e->items[0], &s))
                ok = true;
            if (!ok) {
                *why = "check constraint is not a literal";
                sb_release(&sb);
                sb_release(&cs);
                return false;
            }
            struct py_str u = unescape_colons(x->a, &s);
            sb_printf(&cs, "%s%sCHECK (%.*s)", csep, constraint_prefix(x, cname), (int)u.len, u.s);
        } else {
            struct safk fk = {0};
            char **rc;
            uint32_t nrc;
            if (c->nitems < 2 || !as_str_list(x, c->items[0], &fk.cols, &fk.ncols) ||
                !as_str_list(x, c->items[1], &rc, &nrc) || nrc == 0) {
                *why = "foreign key columns are not literals";
                sb_release(&sb);
                sb_release(&cs);
                return false;
            }
            fk.refcols = arena_alloc(x->a, nrc * sizeof *fk.refcols);
            for (uint32_t k = 0; k < nrc; k++) {
                char *col;
                if (!fk_target(x, rc[k], &fk.reftable, &col)) {
                    *why = "foreign key target is not 'table.column'";
                    sb_release(&sb);
                    sb_release(&cs);
                    return false;
                }
                fk.refcols[k] = col;
            }
            fk.nref = nrc;
            fk_options(x, c, &fk);
            sb_printf(&cs, "%s%s", csep, render_fk(x, &fk));
        }
        csep = ", \n    ";
    }
    for (uint32_t k = 0; k < ncols; k++) {
        for (uint32_t f = 0; f < cols[k].nfks; f++) {
            sb_printf(&cs, "%s%s", csep, render_fk(x, &cols[k].fks[f]));
            csep = ", \n    ";
        }
        if (cols[k].unique && !cols[k].index) {
            sb_printf(&cs, "%sUNIQUE (%s)", csep, qi(x, cols[k].name));
            csep = ", \n    ";
        }
    }
    if (cs.len)
        sb_printf(&sb, "%s    %s", sep, cs.buf);
    sb_adds(&sb, "\n)");
    if ((v = py_kwarg(call, "postgresql_partition_by")) && !is_none(x, v)) {
        char *pb = cstr(x, v);
        if (!pb) {
            *why = "postgresql_partition_by is not a literal";
            sb_release(&sb);
            sb_release(&cs);
            return false;
        }
        sb_printf(&sb, "\n PARTITION BY %s", pb);
    }
    for (uint32_t i = 0; i < call->nkw; i++) {
        const char *k = call->kwnames[i];
        if (strcmp(k, "schema") && strcmp(k, "comment") && strcmp(k, "if_not_exists") &&
            strcmp(k, "postgresql_partition_by") && strcmp(k, "info") &&
            strcmp(k, "keep_existing") && strcmp(k, "extend_existing")) {
            *why = arena_printf(x->a, "create_table option %s", k);
            sb_release(&sb);
            sb_release(&cs);
            return false;
        }
    }
    emit(x, call->off, sb.buf);
    sb_release(&sb);
    sb_release(&cs);
    /* indexes: sa.Index arguments, then index=True columns */
    for (uint32_t i = 0; i < nidx; i++) {
        const struct py_node *ix = indexes[i];
        char *iname = ix->nitems ? cstr(x, ix->items[0]) : NULL;
        if (!iname) {
            *why = "index name is not a literal";
            return false;
        }
        struct py_node *cl = arena_alloc(x->a, sizeof *cl);
        cl->kind = PN_LIST;
        cl->items = ix->items + 1;
        cl->nitems = ix->nitems - 1;
        const struct py_node *u = py_kwarg(ix, "unique");
        char *sql;
        if (!index_sql(x, ix, iname, tsql, cl, u && as_bool(x, u) == 1, &sql, why))
            return false;
        emit(x, ix->off, sql);
    }
    for (uint32_t k = 0; k < ncols; k++) {
        if (!cols[k].index)
            continue;
        char *iname = conv_name(x, fmtx(x->a, "ix_%s_%s", name, cols[k].name));
        emit(x, cols[k].at,
             fmtx(x->a, "CREATE %sINDEX %s ON %s (%s)", cols[k].unique ? "UNIQUE " : "",
                  qi(x, iname), tsql, qi(x, cols[k].name)));
    }
    if ((v = py_kwarg(call, "comment")) && !is_none(x, v)) {
        char *cm = cstr(x, v);
        if (cm)
            emit_comment(x, call->off, "TABLE", tsql, cm);
    }
    for (uint32_t k = 0; k < ncols; k++)
        if (cols[k].comment)
            emit_comment(x, cols[k].at, "COLUMN", fmtx(x->a, "%s.%s", tsql, qi(x, cols[k].name)),
                         cols[k].comment);
    return true;
}

/* The table an op works on: from the call or the batch_alter_table block. */
struct target {
    const char *table, *schema, *sql;
    uint32_t next; /* index of the first argument after the table name */
};

static bool op_target(struct alb_ctx *x, const struct py_node *call, bool batch, uint32_t pos,
                      const char *kw, struct target *t, const char **why)
{
    memset(t, 0, sizeof *t);
    if (batch) {
        const struct py_node *bc = x->batch_call;
        t->table = bc->nitems ? cstr(x, bc->items[0]) : cstr(x, py_kwarg(bc, "table_name"));
        t->schema = opt_schema(x, bc, UINT32_MAX, "schema");
        t->next = pos;
    } else {
        const struct py_node *tn = py_arg(call, pos, kw);
        t->table = tn ? cstr(x, tn) : NULL;
        t->schema = opt_schema(x, call, UINT32_MAX, "schema");
        t->next = pos + 1;
    }
    if (!t->table) {
        *why = "table name is not a literal";
        return false;
    }
    t->sql = qt(x, t->schema, t->table);
    return true;
}

/* Positional argument i counted after the table name. */
static const struct py_node *arg_after(const struct py_node *call, const struct target *t,
                                       uint32_t i, const char *kw)
{
    return py_arg(call, t->next + i, kw);
}

static bool op_add_column(struct alb_ctx *x, const struct py_node *call, bool batch,
                          const char **why)
{
    struct target t;
    if (!op_target(x, call, batch, 0, "table_name", &t, why))
        return false;
    const struct py_node *cn = alb_resolve(x, arg_after(call, &t, 0, "column"));
    if (!cn || cn->kind != PN_CALL || strcmp(py_last_name(cn->base), "Column") != 0) {
        *why = "add_column argument is not a sa.Column";
        return false;
    }
    struct sacol c;
    if (!parse_column(x, cn, &c, why))
        return false;
    const struct py_node *v;
    bool ine = (v = py_kwarg(call, "if_not_exists")) && as_bool(x, v) == 1;
    emit(x, call->off,
         fmtx(x->a, "ALTER TABLE %s ADD COLUMN %s%s", t.sql, ine ? "IF NOT EXISTS " : "",
              column_spec(x, &c, is_autoinc(&c, c.pk ? 1 : 0))));
    for (uint32_t f = 0; f < c.nfks; f++)
        emit(x, call->off, fmtx(x->a, "ALTER TABLE %s ADD %s", t.sql, render_fk(x, &c.fks[f])));
    if (c.unique && !c.index)
        emit(x, call->off, fmtx(x->a, "ALTER TABLE %s ADD UNIQUE (%s)", t.sql, qi(x, c.name)));
    if (c.index)
        emit(x, call->off,
             fmtx(x->a, "CREATE %sINDEX %s ON %s (%s)", c.unique ? "UNIQUE " : "",
                  qi(x, conv_name(x, fmtx(x->a, "ix_%s_%s", t.table, c.name))), t.sql,
                  qi(x, c.name)));
    if (c.comment)
        emit_comment(x, call->off, "COLUMN", fmtx(x->a, "%s.%s", t.sql, qi(x, c.name)), c.comment);
    return true;
}

static bool op_drop_column(struct alb_ctx *x, const struct py_node *call, bool batch,
                           const char **why)
{
    struct target t;
    if (!op_target(x, call, batch, 0, "table_name", &t, why))
        return false;
    char *col = cstr(x, arg_after(call, &t, 0, "column_name"));
    if (!col) {
        *why = "column name is not a literal";
        return false;
    }
    const struct py_node *v;
    bool ie = (v = py_kwarg(call, "if_exists")) && as_bool(x, v) == 1;
    emit(x, call->off,
         fmtx(x->a, "ALTER TABLE %s DROP COLUMN %s%s", t.sql, ie ? "IF EXISTS " : "", qi(x, col)));
    return true;
}

/* op.alter_column: TYPE (PostgreSQL impl first), then NOT NULL, DEFAULT,
 * comment and the rename last, as alembic's impl.alter_column orders them. */
static bool op_alter_column(struct alb_ctx *x, const struct py_node *call, bool batch,
                            const char **why)
{
    struct target t;
    if (!op_target(x, call, batch, 0, "table_name", &t, why))
        return false;
    char *col = cstr(x, arg_after(call, &t, 0, "column_name"));
    if (!col) {
        *why = "column name is not a literal";
        return false;
    }
    const char *qc = qi(x, col);
    const struct py_node *v;
    if ((v = py_kwarg(call, "type_")) && !is_none(x, v)) {
        struct satype ty;
        if (!type_of(x, v, &ty, why))
            return false;
        const struct py_node *u = py_kwarg(call, "postgresql_using");
        char *using = NULL;
        if (u && !is_none(x, u)) {
            using = cstr(x, u);
            if (!using) {
                u = alb_resolve(x, u);
                if (is_text_call(u) && u->nitems)
                    using = cstr(x, u->items[0]);
            }
            if (!using) {
                *why = "postgresql_using is not a literal";
                return false;
            }
        }
        emit(x, call->off,
             fmtx(x->a, "ALTER TABLE %s ALTER COLUMN %s TYPE %s %s", t.sql, qc, ty.sql,
                  using ? fmtx(x->a, "USING %s", using) : ""));
    }
    if ((v = py_kwarg(call, "nullable")) && !is_none(x, v)) {
        int b = as_bool(x, v);
        if (b < 0) {
            *why = "nullable is not a literal";
            return false;
        }
        emit(x, call->off,
             fmtx(x->a, "ALTER TABLE %s ALTER COLUMN %s %s", t.sql, qc,
                  b ? "DROP NOT NULL" : "SET NOT NULL"));
    }
    if ((v = py_kwarg(call, "server_default"))) {
        const struct py_node *rv = alb_resolve(x, v);
        if (rv->kind == PN_NONE) {
            emit(x, call->off,
                 fmtx(x->a, "ALTER TABLE %s ALTER COLUMN %s DROP DEFAULT", t.sql, qc));
        } else if (rv->kind != PN_FALSE) {
            char *def;
            if (!default_sql(x, rv, &def, why))
                return false;
            emit(x, call->off,
                 fmtx(x->a, "ALTER TABLE %s ALTER COLUMN %s SET DEFAULT %s", t.sql, qc, def));
        }
    }
    if ((v = py_kwarg(call, "comment"))) {
        const struct py_node *rv = alb_resolve(x, v);
        if (rv->kind != PN_FALSE) {
            char *cm = rv->kind == PN_NONE ? NULL : cstr(x, rv);
            if (rv->kind != PN_NONE && !cm) {
                *why = "comment is not a literal";
                return false;
            }
            emit_comment(x, call->off, "COLUMN", fmtx(x->a, "%s.%s", t.sql, qc), cm);
        }
    }
    if ((v = py_kwarg(call, "new_column_name")) && !is_none(x, v)) {
        char *nn = cstr(x, v);
        if (!nn) {
            *why = "new_column_name is not a literal";
            return false;
        }
        emit(x, call->off, fmtx(x->a, "ALTER TABLE %s RENAME %s TO %s", t.sql, qc, qi(x, nn)));
    }
    return true;
}

static bool op_create_index(struct alb_ctx *x, const struct py_node *call, bool batch,
                            const char **why)
{
    char *name = cstr(x, py_arg(call, 0, "index_name"));
    if (!name) {
        *why = "index name is not a literal";
        return false;
    }
    struct target t;
    if (!op_target(x, call, batch, 1, "table_name", &t, why))
        return false;
    const struct py_node *cols = arg_after(call, &t, 0, "columns");
    if (!cols) {
        *why = "index columns missing";
        return false;
    }
    const struct py_node *u = py_kwarg(call, "unique");
    char *sql;
    if (!index_sql(x, call, name, t.sql, cols, u && as_bool(x, u) == 1, &sql, why))
        return false;
    emit(x, call->off, sql);
    return true;
}

static bool op_drop_index(struct alb_ctx *x, const struct py_node *call, bool batch,
                          const char **why)
{
    char *name = cstr(x, py_arg(call, 0, "index_name"));
    if (!name) {
        *why = "index name is not a literal";
        return false;
    }
    const char *schema = batch ? opt_schema(x, x->batch_call, UINT32_MAX, "schema")
                               : opt_schema(x, call, 2, "schema");
    const struct py_node *v;
    bool conc = (v = py_kwarg(call, "postgresql_concurrently")) && as_bool(x, v) == 1;
    bool ie = (v = py_kwarg(call, "if_exists")) && as_bool(x, v) == 1;
    emit(x, call->off,
         fmtx(x->a, "DROP INDEX %s%s%s", conc ? "CONCURRENTLY " : "", ie ? "IF EXISTS " : "",
              qt(x, schema, name)));
    return true;
}

static bool op_create_fk(struct alb_ctx *x, const struct py_node *call, bool batch,
                         const char **why)
{
    const struct py_node *nm = py_arg(call, 0, "constraint_name");
    struct safk fk = {0};
    fk.name = nm && !is_none(x, nm) ? cstr(x, nm) : NULL;
    if (nm && !is_none(x, nm) && !fk.name) {
        *why = "constraint name is not a literal";
        return false;
    }
    struct target t;
    uint32_t base;
    if (batch) {
        if (!op_target(x, call, true, 1, NULL, &t, why))
            return false;
        base = 1;
    } else {
        if (!op_target(x, call, false, 1, "source_table", &t, why))
            return false;
        base = 2;
        t.schema = opt_schema(x, call, UINT32_MAX, "source_schema");
        t.sql = qt(x, t.schema, t.table);
    }
    char *ref = cstr(x, py_arg(call, base, "referent_table"));
    if (!ref) {
        *why = "referent table is not a literal";
        return false;
    }
    const char *rs = opt_schema(x, call, UINT32_MAX, "referent_schema");
    fk.reftable = qt(x, rs, ref);
    if (!as_str_list(x, py_arg(call, base + 1, "local_cols"), &fk.cols, &fk.ncols) ||
        !as_str_list(x, py_arg(call, base + 2, "remote_cols"), &fk.refcols, &fk.nref)) {
        *why = "foreign key columns are not literals";
        return false;
    }
    fk_options(x, call, &fk);
    fk.name = nm && !is_none(x, nm) ? cstr(x, nm) : NULL;
    emit(x, call->off, fmtx(x->a, "ALTER TABLE %s ADD %s", t.sql, render_fk(x, &fk)));
    return true;
}

static bool op_create_unique(struct alb_ctx *x, const struct py_node *call, bool batch,
                             const char **why, bool primary)
{
    const struct py_node *nm = py_arg(call, 0, "constraint_name");
    const char *name = nm && !is_none(x, nm) ? cstr(x, nm) : NULL;
    struct target t;
    if (!op_target(x, call, batch, 1, "table_name", &t, why))
        return false;
    char **cols;
    uint32_t n;
    if (!as_str_list(x, arg_after(call, &t, 0, "columns"), &cols, &n)) {
        *why = "constraint columns are not literals";
        return false;
    }
    const struct py_node *dv = py_kwarg(call, "deferrable");
    const struct py_node *iv = py_kwarg(call, "initially");
    emit(x, call->off,
         fmtx(x->a, "ALTER TABLE %s ADD %s%s (%s)%s", t.sql, constraint_prefix(x, name),
              primary ? "PRIMARY KEY" : "UNIQUE", join_idents(x, cols, n),
              deferrability(x, dv && !is_none(x, dv) ? as_bool(x, dv) : -1,
                            iv ? cstr(x, iv) : NULL)));
    return true;
}

static bool op_create_check(struct alb_ctx *x, const struct py_node *call, bool batch,
                            const char **why)
{
    const struct py_node *nm = py_arg(call, 0, "constraint_name");
    const char *name = nm && !is_none(x, nm) ? cstr(x, nm) : NULL;
    struct target t;
    if (!op_target(x, call, batch, 1, "table_name", &t, why))
        return false;
    const struct py_node *c = alb_resolve(x, arg_after(call, &t, 0, "condition"));
    struct py_str s;
    bool ok = c && alb_str(x, c, &s);
    if (!ok && c && is_text_call(c) && c->nitems && alb_str(x, c->items[0], &s))
        ok = true;
    if (!ok) {
        *why = "check condition is not a literal";
        return false;
    }
    struct py_str u = unescape_colons(x->a, &s);
    emit(x, call->off,
         fmtx(x->a, "ALTER TABLE %s ADD %sCHECK (%.*s)", t.sql, constraint_prefix(x, name),
              (int)u.len, u.s));
    return true;
}

static bool op_drop_constraint(struct alb_ctx *x, const struct py_node *call, bool batch,
                               const char **why)
{
    const struct py_node *nm = py_arg(call, 0, "constraint_name");
    char *name = cstr(x, nm);
    if (!name && is_none(x, nm)) {
        /* autogenerate writes this for unnamed constraints; Alembic cannot run it */
        struct diag *dg =
            fmt_diag(x->d, "alembic-operation", SEV_ERROR, source_loc(x->src, call->off), NULL,
                     "Alembic fails here: Can't emit DROP CONSTRAINT for a "
                     "constraint that has no name (drop_constraint(None, ...))");
        dg->revision = x->r->id;
        dg->help = "name the constraint: PostgreSQL's default is <table>_<column>_fkey, "
                   "_key, _pkey or _check";
        return true;
    }
    if (!name) {
        *why = "constraint name is not a literal";
        return false;
    }
    struct target t;
    if (!op_target(x, call, batch, 1, "table_name", &t, why))
        return false;
    const struct py_node *v;
    bool ie = (v = py_kwarg(call, "if_exists")) && as_bool(x, v) == 1;
    emit(x, call->off,
         fmtx(x->a, "ALTER TABLE %s DROP CONSTRAINT %s%s", t.sql, ie ? "IF EXISTS " : "",
              qi(x, name)));
    return true;
}

/* A Python literal as SQLAlchemy renders it with literal_binds; NULL when not
 * a literal. */
static char *literal_value(const struct alb_ctx *x, const struct py_node *n)
{
    const struct py_node *v = alb_resolve(x, n);
    char *sv;
    long lv;
    if (!v)
        return NULL;
    if (v->kind == PN_NONE)
        return "NULL";
    if (v->kind == PN_TRUE || v->kind == PN_FALSE)
        return v->kind == PN_TRUE ? "true" : "false";
    if (as_int(x, v, &lv))
        return fmtx(x->a, "%ld", lv);
    if (v->kind == PN_NUM)
        return arena_strdup(x->a, v->name);
    if ((sv = cstr(x, v)) != NULL)
        return lit(x, sv);
    return NULL;
}

/* The column names of an ad-hoc table: sa.table('t', sa.column('c'), ...) or
 * sa.Table('t', metadata, sa.Column('c', ...), ...); false when not literal. */
static bool adhoc_table(const struct alb_ctx *x, const struct py_node *tb, char **tname,
                        const char **schema, char ***cols, uint32_t *ncols)
{
    const char *fn = tb && tb->kind == PN_CALL ? py_last_name(tb->base) : NULL;
    if (!fn || (strcmp(fn, "table") != 0 && strcmp(fn, "Table") != 0))
        return false;
    *tname = tb->nitems ? cstr(x, tb->items[0]) : NULL;
    if (!*tname || tb->star)
        return false;
    uint32_t first = strcmp(fn, "Table") == 0 ? 2 : 1; /* sa.Table(name, metadata, ...) */
    *schema = opt_schema(x, tb, UINT32_MAX, "schema");
    *cols = arena_alloc(x->a, (tb->nitems + 1) * sizeof **cols);
    *ncols = 0;
    for (uint32_t i = first; i < tb->nitems; i++) {
        const struct py_node *c = alb_resolve(x, tb->items[i]);
        if (c->kind != PN_CALL || !c->nitems || !((*cols)[*ncols] = cstr(x, c->items[0])))
            return false;
        (*ncols)++;
    }
    return true;
}

/* T.c.name (or T.c["name"] is not followed) where T is the ad-hoc table held by
 * the name tvar: the column's name, or NULL. */
static const char *table_column(const char *tvar, const struct py_node *n)
{
    if (!n || n->kind != PN_NAME)
        return NULL;
    size_t tl = strlen(tvar);
    if (strncmp(n->name, tvar, tl) != 0 || strncmp(n->name + tl, ".c.", 3) != 0)
        return NULL;
    const char *col = n->name + tl + 3;
    return *col && !strchr(col, '.') ? col : NULL;
}

/* execute(T.update().values(col=<literal or T.c.other>, ...)[.where(T.c.col == <literal>)])
 * (also values({...}), where() before values()), T an ad-hoc table at module or
 * function level: the UPDATE SQLAlchemy compiles, SET in the table's column
 * order. */
static bool update_sql(const struct alb_ctx *x, const struct py_node *a, char **out,
                       const char **why)
{
    const struct py_node *values = NULL, *where = NULL;
    while (a && a->kind == PN_CALL && a->base->kind == PN_ATTR) {
        const char *m = a->base->name;
        if (strcmp(m, "values") == 0 && !values)
            values = a;
        else if (strcmp(m, "where") == 0 && !where && a->nitems == 1 && !a->nkw)
            where = a->items[0];
        else
            return false;
        a = a->base->base;
    }
    if (!a || a->kind != PN_CALL || a->base->kind != PN_NAME || a->nitems || a->nkw || !values)
        return false;
    const char *f = a->base->name;
    size_t fl = strlen(f);
    if (fl < 8 || strcmp(f + fl - 7, ".update") != 0)
        return false;
    char *tvar = arena_strndup(x->a, f, fl - 7);
    struct py_node tn = {.kind = PN_NAME, .name = tvar};
    char *tname, **cols;
    const char *schema;
    uint32_t ncols;
    if (strchr(tvar, '.') || !adhoc_table(x, alb_resolve(x, &tn), &tname, &schema, &cols, &ncols)) {
        *why = "update() of a table that is not an ad-hoc sa.table()/sa.Table() with literals";
        return false;
    }
    const char *tsql = qt(x, schema, tname);
    /* the values: keyword arguments or one dict */
    const char **keys = NULL;
    const struct py_node **vals = NULL;
    uint32_t nv = 0;
    if (values->nitems == 1 && !values->nkw) {
        const struct py_node *d = alb_resolve(x, values->items[0]);
        if (!d || d->kind != PN_DICT)
            return false;
        nv = d->nitems / 2;
        keys = arena_alloc(x->a, (nv + 1) * sizeof *keys);
        vals = arena_alloc(x->a, (nv + 1) * sizeof *vals);
        for (uint32_t i = 0; i < nv; i++) {
            if (!(keys[i] = cstr(x, d->items[2 * i])))
                return false;
            vals[i] = d->items[2 * i + 1];
        }
    } else if (!values->nitems && !values->star) {
        nv = values->nkw;
        keys = (const char **)values->kwnames;
        vals = (const struct py_node **)values->kwvals;
    } else {
        return false;
    }
    struct strbuf sb = STRBUF_INIT;
    sb_printf(&sb, "UPDATE %s SET ", tsql);
    uint32_t used = 0;
    for (uint32_t c = 0; c < ncols; c++)
        for (uint32_t i = 0; i < nv; i++) {
            if (strcmp(keys[i], cols[c]) != 0)
                continue;
            const char *oc = table_column(tvar, alb_resolve(x, vals[i]));
            char *v = oc ? fmtx(x->a, "%s.%s", tsql, qi(x, oc)) : literal_value(x, vals[i]);
            if (!v) {
                sb_release(&sb);
                *why = "update() value is not a literal or a column of the table";
                return false;
            }
            sb_printf(&sb, "%s%s=%s", used ? ", " : "", qi(x, cols[c]), v);
            used++;
        }
    if (used != nv || !nv) { /* SQLAlchemy: "Unconsumed column names" */
        sb_release(&sb);
        *why = "update() values that are not columns of the table";
        return false;
    }
    if (where) {
        where = alb_resolve(x, where);
        const char *wc =
            where && where->kind == PN_BINOP ? table_column(tvar, where->items[0]) : NULL;
        char *wv = wc ? literal_value(x, where->items[1]) : NULL;
        bool eq = wc && strcmp(where->name, "==") == 0, ne = wc && strcmp(where->name, "!=") == 0;
        if (!wv || (!eq && !ne) || strcmp(wv, "NULL") == 0) {
            sb_release(&sb);
            *why = "update() condition other than <column> == / != <literal>";
            return false;
        }
        sb_printf(&sb, " WHERE %s.%s %s %s", tsql, qi(x, wc), eq ? "=" : "!=", wv);
    }
    *out = arena_strdup(x->a, sb.buf);
    sb_release(&sb);
    return true;
}

/* op.execute / conn.execute / exec_driver_sql: the user's own SQL. */
static bool op_execute(struct alb_ctx *x, const struct py_node *call, bool driver, const char **why)
{
    if (call->nitems != 1 || call->star) {
        *why = "execute() with parameters";
        return false;
    }
    for (uint32_t i = 0; i < call->nkw; i++)
        if (strcmp(call->kwnames[i], "execution_options") != 0) {
            *why = "execute() with parameters";
            return false;
        }
    const struct py_node *a = alb_resolve(x, call->items[0]);
    struct py_str s;
    bool text = false;
    if (alb_str(x, a, &s)) {
        text = !driver; /* op.execute(str) wraps it in text() */
    } else if (is_text_call(a) && a->nitems == 1 && a->nkw == 0 && alb_str(x, a->items[0], &s)) {
        text = true;
    } else {
        char *sql = NULL;
        const char *uwhy = NULL;
        if (!driver && update_sql(x, a, &sql, &uwhy)) {
            emit(x, call->off, sql);
            return true;
        }
        *why = uwhy ? uwhy : "execute() argument is not a literal string or text()";
        return false;
    }
    struct py_str u = text ? unescape_colons(x->a, &s) : s;
    fmt_b_begin(x->b);
    add_str(x, &u, 0, u.len);
    fmt_b_end(x->b, x->flags, true);
    return true;
}

/* op.bulk_insert(table, rows) with sa.table('t', sa.column('c'), ...) */
static bool op_bulk_insert(struct alb_ctx *x, const struct py_node *call, const char **why)
{
    const struct py_node *tb = alb_resolve(x, py_arg(call, 0, "table"));
    const struct py_node *rows = alb_resolve(x, py_arg(call, 1, "rows"));
    char *tname, **cols;
    const char *schema;
    uint32_t ncols;
    if (!rows || rows->kind != PN_LIST) {
        *why = "bulk_insert of rows that are not literals";
        return false;
    }
    if (!adhoc_table(x, tb, &tname, &schema, &cols, &ncols)) {
        *why = "bulk_insert of a table that is not an ad-hoc sa.table()/sa.Table() with literals";
        return false;
    }
    for (uint32_t r = 0; r < rows->nitems; r++) {
        const struct py_node *row = alb_resolve(x, rows->items[r]);
        if (row->kind != PN_DICT) {
            *why = "bulk_insert row is not a literal dict";
            return false;
        }
        struct strbuf names = STRBUF_INIT, vals = STRBUF_INIT;
        uint32_t nv = 0;
        for (uint32_t c = 0; c < ncols; c++) {
            for (uint32_t k = 0; k + 1 < row->nitems; k += 2) {
                char *key = cstr(x, row->items[k]);
                if (!key || strcmp(key, cols[c]) != 0)
                    continue;
                char *sv = literal_value(x, row->items[k + 1]);
                if (!sv) {
                    sb_release(&names);
                    sb_release(&vals);
                    *why = "bulk_insert value is not a literal";
                    return false;
                }
                sb_printf(&names, "%s%s", nv ? ", " : "", qi(x, cols[c]));
                sb_printf(&vals, "%s%s", nv ? ", " : "", sv);
                nv++;
            }
        }
        emit(x, row->off,
             fmtx(x->a, "INSERT INTO %s (%s) VALUES (%s)", qt(x, schema, tname),
                  names.len ? names.buf : "", vals.len ? vals.buf : ""));
        sb_release(&names);
        sb_release(&vals);
    }
    return true;
}

/* ---- alembic_utils entities ---- */

enum ekind {
    E_FUNCTION,
    E_PROCEDURE,
    E_VIEW,
    E_MATVIEW,
    E_TRIGGER,
    E_POLICY,
    E_EXTENSION,
    E_GRANT
};

struct entity {
    enum ekind kind;
    const char *schema, *signature, *on_entity, *table, *role, *grant;
    struct py_str def; /* definition, '\:' unescaped, stripped */
    bool has_def, with_data, is_constraint, with_grant_option;
    char **columns;
    uint32_t ncolumns;
    uint32_t at;
};

/* normalize_whitespace + coerce_to_unquoted */
static char *norm(const struct alb_ctx *x, const char *s)
{
    struct strbuf sb = STRBUF_INIT;
    const char *p = s;
    while (*p) {
        while (*p && isspace((unsigned char)*p))
            p++;
        if (!*p)
            break;
        if (sb.len)
            sb_addc(&sb, ' ');
        while (*p && !isspace((unsigned char)*p)) {
            if (*p != '"')
                sb_addc(&sb, *p);
            p++;
        }
    }
    char *r = arena_strdup(x->a, sb.len ? sb.buf : "");
    sb_release(&sb);
    return r;
}

static char *dq(const struct alb_ctx *x, const char *s)
{
    return fmtx(x->a, "\"%s\"", s);
}

/* coerce_to_quoted: "a.b" -> "a"."b" */
static char *coerce_quoted(const struct alb_ctx *x, const char *s)
{
    const char *dot = strchr(s, '.');
    if (!dot)
        return dq(x, s);
    return fmtx(x->a, "\"%.*s\".\"%s\"", (int)(dot - s), s, dot + 1);
}

static bool parse_entity(struct alb_ctx *x, const struct py_node *n, struct entity *e,
                         const char **why)
{
    memset(e, 0, sizeof *e);
    n = alb_resolve(x, n);
    if (!n || n->kind != PN_CALL) {
        *why = "entity is not a constructor call with literal arguments";
        return false;
    }
    const char *cls = py_last_name(n->base);
    e->at = n->off;
    e->with_data = true;
    static const struct {
        const char *name;
        enum ekind kind;
    } kinds[] = {{"PGFunction", E_FUNCTION},   {"PGProcedure", E_PROCEDURE},
                 {"PGView", E_VIEW},           {"PGMaterializedView", E_MATVIEW},
                 {"PGTrigger", E_TRIGGER},     {"PGPolicy", E_POLICY},
                 {"PGExtension", E_EXTENSION}, {"PGGrantTable", E_GRANT}};
    bool found = false;
    for (size_t i = 0; cls && i < sizeof kinds / sizeof *kinds; i++)
        if (strcmp(cls, kinds[i].name) == 0) {
            e->kind = kinds[i].kind;
            found = true;
        }
    if (!found) {
        *why = "entity is not an alembic_utils PG entity";
        return false;
    }
    char *schema = cstr(x, py_arg(n, 0, "schema"));
    if (!schema) {
        *why = "entity schema is not a literal";
        return false;
    }
    e->schema = norm(x, schema);
    if (e->kind == E_GRANT) {
        char *table = cstr(x, py_arg(n, 1, "table"));
        char *role = cstr(x, py_arg(n, 2, "role"));
        const struct py_node *g = alb_resolve(x, py_arg(n, 3, "grant"));
        char *grant = g ? cstr(x, g) : NULL;
        if (!grant && g && g->kind == PN_NAME)
            grant = arena_strdup(x->a, py_last_name(g)); /* Grant.SELECT */
        if (!table || !role || !grant) {
            *why = "grant arguments are not literals";
            return false;
        }
        for (char *p = grant; *p; p++)
            *p = (char)toupper((unsigned char)*p);
        e->table = norm(x, table);
        e->role = norm(x, role);
        e->grant = grant;
        const struct py_node *cl = py_arg(n, 4, "columns");
        if (cl && !is_none(x, cl) && !as_str_list(x, cl, &e->columns, &e->ncolumns)) {
            *why = "grant columns are not literals";
            return false;
        }
        /* sorted(columns) */
        for (uint32_t i = 1; i < e->ncolumns; i++)
            for (uint32_t j = i; j > 0 && strcmp(e->columns[j - 1], e->columns[j]) > 0; j--) {
                char *tmp = e->columns[j];
                e->columns[j] = e->columns[j - 1];
                e->columns[j - 1] = tmp;
            }
        const struct py_node *wg = py_arg(n, 5, "with_grant_option");
        e->with_grant_option = wg && as_bool(x, wg) == 1;
        return true;
    }
    char *sig = cstr(x, py_arg(n, 1, "signature"));
    if (!sig) {
        *why = "entity signature is not a literal";
        return false;
    }
    e->signature = norm(x, sig);
    if (e->kind == E_EXTENSION)
        return true;
    const struct py_node *dn = py_arg(n, 2, "definition");
    struct py_str d;
    if (!dn || !alb_str(x, dn, &d)) {
        *why = "entity definition is not a literal";
        return false;
    }
    /* escape_colon_for_sql + text(): what reaches the server has ':' for '\:' */
    struct py_str u = unescape_colons(x->a, &d);
    uint32_t from = 0, to = u.len;
    strip_range(&u, &from, &to);
    /* strip_terminating_semicolon */
    while (to > from && u.s[to - 1] == ';') {
        to--;
        strip_range(&u, &from, &to);
    }
    struct py_str cut = u;
    cut.s = u.s + from;
    cut.len = to - from;
    cut.map = arena_alloc(x->a, (u.nmap + 1) * sizeof *cut.map);
    cut.nmap = 0;
    for (uint32_t m = 0; m < u.nmap; m++) {
        uint32_t a = u.map[m].text_off, b = m + 1 < u.nmap ? u.map[m + 1].text_off : u.len;
        if (b <= from || a >= to)
            continue;
        uint32_t lo = a > from ? a : from;
        cut.map[cut.nmap++] = (struct srcmap){
            lo - from, u.map[m].src_off + (u.map[m].linear ? lo - a : 0), u.map[m].linear};
    }
    e->def = cut;
    e->has_def = true;
    if (e->kind == E_TRIGGER || e->kind == E_POLICY) {
        char *oe = cstr(x, py_arg(n, 3, "on_entity"));
        if (!oe) {
            *why = "on_entity is not a literal";
            return false;
        }
        oe = norm(x, oe);
        e->on_entity = strchr(oe, '.') ? oe : fmtx(x->a, "public.%s", oe);
        if (e->kind == E_TRIGGER) {
            const struct py_node *ic = py_arg(n, 4, "is_constraint");
            e->is_constraint = ic && as_bool(x, ic) == 1;
        }
    }
    if (e->kind == E_MATVIEW) {
        const struct py_node *wd = py_arg(n, 3, "with_data");
        if (wd && as_bool(x, wd) == 0)
            e->with_data = false;
    }
    return true;
}

static void add_def(struct alb_ctx *x, const struct entity *e)
{
    add_str(x, &e->def, 0, e->def.len);
}

/* "name(args)" -> "\"name\"(args)" */
static char *literal_signature(const struct alb_ctx *x, const char *sig)
{
    const char *p = strchr(sig, '(');
    if (!p)
        return dq(x, sig);
    return fmtx(x->a, "\"%.*s\"%s", (int)(p - sig), sig, p);
}

/* DROP FUNCTION's argument list: each parameter cut before "default". */
static char *drop_params(const struct alb_ctx *x, const char *sig, char **fname)
{
    const char *open = strchr(sig, '(');
    const char *close = strrchr(sig, ')');
    if (!open || !close || close < open) {
        *fname = arena_strdup(x->a, sig);
        return "";
    }
    *fname = arena_strndup(x->a, sig, (size_t)(open - sig));
    char *params = arena_strndup(x->a, open + 1, (size_t)(close - open - 1));
    struct strbuf sb = STRBUF_INIT;
    char *save = NULL;
    bool first = true;
    /* split(",") keeps empty pieces; an empty list stays empty */
    if (*params) {
        for (char *tok = params;; tok = NULL) {
            char *piece = strtok_r(tok, ",", &save);
            if (!piece)
                break;
            size_t len = strlen(piece);
            for (size_t i = 0; i + 7 <= len; i++)
                if (strncasecmp(piece + i, "default", 7) == 0) {
                    len = i;
                    break;
                }
            while (len && isspace((unsigned char)piece[len - 1]))
                len--;
            while (len && isspace((unsigned char)*piece)) {
                piece++;
                len--;
            }
            sb_printf(&sb, "%s%.*s", first ? "" : ", ", (int)len, piece);
            first = false;
        }
    }
    char *r = arena_strdup(x->a, sb.len ? sb.buf : "");
    sb_release(&sb);
    return r;
}

/* PGTrigger: definition "{event} ON {on_entity} {action}", table re-qualified
 * with the entity's schema. */
static bool trigger_parts(const struct alb_ctx *x, const struct entity *e, uint32_t *ev_end,
                          uint32_t *act_start, char **table)
{
    const char *s = e->def.s;
    uint32_t n = e->def.len;
    for (uint32_t i = 1; i + 4 <= n; i++) {
        if (!isspace((unsigned char)s[i - 1]))
            continue;
        if (strncasecmp(s + i, "on", 2) != 0 || !isspace((unsigned char)s[i + 2]))
            continue;
        uint32_t ee = i;
        while (ee > 0 && isspace((unsigned char)s[ee - 1]))
            ee--;
        uint32_t k = i + 2;
        while (k < n && isspace((unsigned char)s[k]))
            k++;
        uint32_t ts = k;
        while (k < n && !isspace((unsigned char)s[k]))
            k++;
        if (k == ts)
            return false;
        char *ent = arena_strndup(x->a, s + ts, k - ts);
        char *dot = strchr(ent, '.');
        *table = dot ? dot + 1 : ent;
        while (k < n && isspace((unsigned char)s[k]))
            k++;
        *ev_end = ee;
        *act_start = k;
        return true;
    }
    return false;
}

static bool entity_create(struct alb_ctx *x, const struct entity *e, uint32_t at, const char **why)
{
    const char *ls = coerce_quoted(x, e->schema);
    fmt_b_begin(x->b);
    switch (e->kind) {
    case E_FUNCTION:
    case E_PROCEDURE:
        add_gen(x, at,
                fmtx(x->a, "CREATE %s %s.%s ", e->kind == E_FUNCTION ? "FUNCTION" : "PROCEDURE", ls,
                     literal_signature(x, e->signature)));
        add_def(x, e);
        break;
    case E_VIEW:
        add_gen(x, at, fmtx(x->a, "CREATE VIEW %s.%s AS ", ls, dq(x, e->signature)));
        add_def(x, e);
        break;
    case E_MATVIEW:
        add_gen(x, at, fmtx(x->a, "CREATE MATERIALIZED VIEW %s.%s AS ", ls, dq(x, e->signature)));
        add_def(x, e);
        add_gen(x, at, e->with_data ? " WITH  DATA" : " WITH NO DATA");
        break;
    case E_TRIGGER: {
        uint32_t ev_end, act;
        char *table;
        if (!trigger_parts(x, e, &ev_end, &act, &table)) {
            fmt_b_end(x->b, x->flags, false);
            *why = "trigger definition is not '<event> ON <table> <action>'";
            return false;
        }
        add_gen(x, at,
                fmtx(x->a, "CREATE%sTRIGGER %s ", e->is_constraint ? " CONSTRAINT " : " ",
                     dq(x, e->signature)));
        add_str(x, &e->def, 0, ev_end);
        add_gen(x, at, fmtx(x->a, " ON %s.%s ", e->schema, table));
        add_str(x, &e->def, act, e->def.len);
        break;
    }
    case E_POLICY:
        add_gen(x, at, fmtx(x->a, "CREATE POLICY %s on %s ", e->signature, e->on_entity));
        add_def(x, e);
        break;
    case E_EXTENSION:
        add_gen(x, at, fmtx(x->a, "CREATE EXTENSION %s WITH SCHEMA %s", dq(x, e->signature), ls));
        break;
    case E_GRANT: {
        struct strbuf cols = STRBUF_INIT;
        for (uint32_t i = 0; i < e->ncolumns; i++)
            sb_printf(&cols, "%s%s", i ? ", " : "", e->columns[i]);
        add_gen(x, at,
                fmtx(x->a, "GRANT %s %s ON %s.%s TO %s %s", e->grant,
                     e->ncolumns ? fmtx(x->a, "( %s )", cols.buf) : "", ls,
                     coerce_quoted(x, e->table), coerce_quoted(x, e->role),
                     e->with_grant_option ? " WITH GRANT OPTION" : ""));
        sb_release(&cols);
        break;
    }
    }
    fmt_b_end(x->b, x->flags, true);
    return true;
}

static char *entity_drop_sql(struct alb_ctx *x, const struct entity *e, bool cascade)
{
    const char *ls = coerce_quoted(x, e->schema);
    const char *cas = cascade ? "cascade" : "";
    switch (e->kind) {
    case E_FUNCTION:
    case E_PROCEDURE: {
        char *fname;
        char *params = drop_params(x, e->signature, &fname);
        return fmtx(x->a, "DROP %s %s.\"%s\"(%s) %s",
                    e->kind == E_FUNCTION ? "FUNCTION" : "PROCEDURE", ls, fname, params, cas);
    }
    case E_VIEW:
        return fmtx(x->a, "DROP VIEW %s.%s %s", ls, dq(x, e->signature), cas);
    case E_MATVIEW:
        return fmtx(x->a, "DROP MATERIALIZED VIEW %s.%s %s", ls, dq(x, e->signature), cas);
    case E_TRIGGER:
        return fmtx(x->a, "DROP TRIGGER %s ON %s %s", dq(x, e->signature), e->on_entity, cas);
    case E_POLICY:
        return fmtx(x->a, "DROP POLICY %s on %s %s", e->signature, e->on_entity, cas);
    case E_EXTENSION:
        return fmtx(x->a, "DROP EXTENSION %s %s", dq(x, e->signature), cascade ? "CASCADE" : "");
    case E_GRANT:
        return fmtx(x->a, "REVOKE %s ON %s.%s FROM %s", e->grant, ls, coerce_quoted(x, e->table),
                    coerce_quoted(x, e->role));
    }
    return "";
}

static bool entity_replace(struct alb_ctx *x, const struct entity *e, uint32_t at, const char **why)
{
    const char *ls = coerce_quoted(x, e->schema);
    switch (e->kind) {
    case E_FUNCTION:
    case E_PROCEDURE:
        fmt_b_begin(x->b);
        add_gen(x, at,
                fmtx(x->a, "CREATE OR REPLACE %s %s.%s ",
                     e->kind == E_FUNCTION ? "FUNCTION" : "PROCEDURE", ls,
                     literal_signature(x, e->signature)));
        add_def(x, e);
        fmt_b_end(x->b, x->flags, true);
        return true;
    case E_VIEW: {
        /* one DO block: CREATE OR REPLACE, falling back to DROP + CREATE */
        const char *v = fmtx(x->a, "%s.%s", ls, dq(x, e->signature));
        fmt_b_begin(x->b);
        add_gen(x, at,
                fmtx(x->a,
                     "do $$\n            begin\n                CREATE OR REPLACE VIEW %s AS ", v));
        add_def(x, e);
        add_gen(x, at,
                fmtx(x->a,
                     ";\n\n            exception when others then\n                DROP VIEW IF "
                     "EXISTS %s;\n\n                CREATE VIEW %s AS ",
                     v, v));
        add_def(x, e);
        add_gen(x, at, ";\n            end;\n        $$ language 'plpgsql'");
        fmt_b_end(x->b, x->flags, false);
        return true;
    }
    case E_MATVIEW:
        emit(x, at, fmtx(x->a, "DROP MATERIALIZED VIEW IF EXISTS %s.%s", ls, dq(x, e->signature)));
        return entity_create(x, e, at, why);
    case E_TRIGGER:
        emit(x, at,
             fmtx(x->a, "DROP TRIGGER IF EXISTS %s ON %s", dq(x, e->signature), e->on_entity));
        return entity_create(x, e, at, why);
    case E_POLICY:
        emit(x, at, fmtx(x->a, "DROP POLICY IF EXISTS %s on %s", e->signature, e->on_entity));
        return entity_create(x, e, at, why);
    case E_EXTENSION:
        *why = "alembic_utils cannot replace an extension";
        return false;
    case E_GRANT:
        break; /* op_entity writes its DO block */
    }
    *why = "entity cannot be replaced";
    return false;
}

static bool op_entity(struct alb_ctx *x, const struct py_node *call, const char *fn,
                      const char **why)
{
    struct entity e;
    const struct py_node *arg = py_arg(call, 0, "entity");
    if (!arg || !parse_entity(x, arg, &e, why))
        return false;
    if (strcmp(fn, "create_entity") == 0)
        return entity_create(x, &e, call->off, why);
    if (strcmp(fn, "drop_entity") == 0) {
        const struct py_node *c = py_kwarg(call, "cascade");
        emit(x, call->off, entity_drop_sql(x, &e, c && as_bool(x, c) == 1));
        return true;
    }
    if (e.kind == E_GRANT) {
        /* REVOKE + GRANT in one DO block */
        fmt_b_begin(x->b);
        struct strbuf cols = STRBUF_INIT;
        for (uint32_t i = 0; i < e.ncolumns; i++)
            sb_printf(&cols, "%s%s", i ? ", " : "", e.columns[i]);
        const char *ls = coerce_quoted(x, e.schema);
        char *grant =
            fmtx(x->a, "GRANT %s %s ON %s.%s TO %s %s", e.grant,
                 e.ncolumns ? fmtx(x->a, "( %s )", cols.buf) : "", ls, coerce_quoted(x, e.table),
                 coerce_quoted(x, e.role), e.with_grant_option ? " WITH GRANT OPTION" : "");
        sb_release(&cols);
        add_gen(x, call->off,
                fmtx(x->a,
                     "do $$\n            begin\n                %s;\n                %s;\n       "
                     "     end;\n        $$ language 'plpgsql'",
                     entity_drop_sql(x, &e, false), grant));
        fmt_b_end(x->b, x->flags, false);
        return true;
    }
    return entity_replace(x, &e, call->off, why);
}

/* sa.Enum(...).create(bind) / .drop(bind) */
static bool enum_ddl(struct alb_ctx *x, const struct py_node *call, const struct py_node *tc,
                     const char *meth, const char **why)
{
    struct satype t;
    if (!tc || !type_of(x, tc, &t, why))
        return false;
    if (!t.is_enum) {
        *why = "create()/drop() of a type that is not an ENUM";
        return false;
    }
    if (strcmp(meth, "create") == 0) {
        if (!t.labels_known) {
            *why = "Enum of a Python class: its labels are not known statically";
            return false;
        }
        emit_create_type(x, call->off, &t);
    } else {
        emit(x, call->off, fmtx(x->a, "DROP TYPE %s", qt(x, t.enum_schema, t.enum_name)));
    }
    return true;
}

static bool is_bind(const struct alb_ctx *x, const struct py_node *n)
{
    if (!n)
        return false;
    if (n->kind == PN_CALL && n->base->kind == PN_NAME &&
        (strcmp(n->base->name, "op.get_bind") == 0 ||
         strcmp(n->base->name, "op.get_context().bind") == 0))
        return true;
    if (n->kind == PN_NAME && !strchr(n->name, '.') && x->binds && hashmap_get(x->binds, n->name))
        return true;
    return false;
}

bool alb_call(struct alb_ctx *x, const struct py_node *call, const char **why)
{
    *why = NULL;
    const struct py_node *f = call->base;
    /* <bind>.execute(...) / .exec_driver_sql(...) */
    if (f->kind == PN_ATTR || (f->kind == PN_NAME && strchr(f->name, '.'))) {
        const char *meth = py_last_name(f);
        bool bind = false;
        if (f->kind == PN_ATTR) {
            bind = is_bind(x, f->base);
        } else {
            const char *dot = strrchr(f->name, '.');
            char *obj = arena_strndup(x->a, f->name, (size_t)(dot - f->name));
            bind = x->binds && hashmap_get(x->binds, obj);
        }
        if (bind && strcmp(meth, "execute") == 0)
            return op_execute(x, call, false, why);
        if (bind && strcmp(meth, "exec_driver_sql") == 0)
            return op_execute(x, call, true, why);
        if (strcmp(meth, "create") == 0 || strcmp(meth, "drop") == 0) {
            const struct py_node *tc = f->base;
            if (f->kind == PN_NAME) { /* var.create(...): the type assigned to var */
                struct py_node *obj = arena_alloc(x->a, sizeof *obj);
                obj->kind = PN_NAME;
                obj->name = arena_strndup(x->a, f->name, strlen(f->name) - strlen(meth) - 1);
                tc = obj;
            }
            tc = alb_resolve(x, tc);
            const char *tn = tc && tc->kind == PN_CALL ? py_last_name(tc->base) : NULL;
            if (tn && (strcmp(tn, "Enum") == 0 || strcmp(tn, "ENUM") == 0))
                return enum_ddl(x, call, tc, meth, why);
        }
    }
    if (f->kind != PN_NAME) {
        *why = "call not understood";
        return false;
    }
    const char *name = alb_canon(x, f->name);
    bool batch = false;
    const char *fn = NULL;
    if (strncmp(name, "op.", 3) == 0) {
        fn = name + 3;
    } else if (x->batch_var) {
        size_t bl = strlen(x->batch_var);
        if (strncmp(name, x->batch_var, bl) == 0 && name[bl] == '.') {
            fn = name + bl + 1;
            batch = true;
        }
    }
    if (!fn) {
        *why = arena_printf(x->a, "call of %s", name);
        return false;
    }
    if (strcmp(fn, "execute") == 0)
        return op_execute(x, call, false, why);
    if (strcmp(fn, "create_table") == 0 && !batch)
        return op_create_table(x, call, why);
    if (strcmp(fn, "drop_table") == 0 && !batch) {
        char *t = cstr(x, py_arg(call, 0, "table_name"));
        if (!t) {
            *why = "table name is not a literal";
            return false;
        }
        const struct py_node *v;
        bool ie = (v = py_kwarg(call, "if_exists")) && as_bool(x, v) == 1;
        emit(x, call->off,
             fmtx(x->a, "DROP TABLE %s%s", ie ? "IF EXISTS " : "",
                  qt(x, opt_schema(x, call, UINT32_MAX, "schema"), t)));
        return true;
    }
    if (strcmp(fn, "rename_table") == 0 && !batch) {
        char *o = cstr(x, py_arg(call, 0, "old_table_name"));
        char *n = cstr(x, py_arg(call, 1, "new_table_name"));
        if (!o || !n) {
            *why = "table name is not a literal";
            return false;
        }
        emit(x, call->off,
             fmtx(x->a, "ALTER TABLE %s RENAME TO %s", qt(x, opt_schema(x, call, 2, "schema"), o),
                  qi(x, n)));
        return true;
    }
    if (strcmp(fn, "add_column") == 0)
        return op_add_column(x, call, batch, why);
    if (strcmp(fn, "drop_column") == 0)
        return op_drop_column(x, call, batch, why);
    if (strcmp(fn, "alter_column") == 0)
        return op_alter_column(x, call, batch, why);
    if (strcmp(fn, "create_index") == 0)
        return op_create_index(x, call, batch, why);
    if (strcmp(fn, "drop_index") == 0)
        return op_drop_index(x, call, batch, why);
    if (strcmp(fn, "create_foreign_key") == 0)
        return op_create_fk(x, call, batch, why);
    if (strcmp(fn, "create_unique_constraint") == 0)
        return op_create_unique(x, call, batch, why, false);
    if (strcmp(fn, "create_primary_key") == 0)
        return op_create_unique(x, call, batch, why, true);
    if (strcmp(fn, "create_check_constraint") == 0)
        return op_create_check(x, call, batch, why);
    if (strcmp(fn, "drop_constraint") == 0)
        return op_drop_constraint(x, call, batch, why);
    if (strcmp(fn, "bulk_insert") == 0 && !batch)
        return op_bulk_insert(x, call, why);
    if ((strcmp(fn, "create_table_comment") == 0 || strcmp(fn, "drop_table_comment") == 0)) {
        struct target t;
        if (!op_target(x, call, batch, 0, "table_name", &t, why))
            return false;
        char *cm = NULL;
        if (fn[0] == 'c' && !(cm = cstr(x, arg_after(call, &t, 0, "comment")))) {
            *why = "comment is not a literal";
            return false;
        }
        emit_comment(x, call->off, "TABLE", t.sql, cm);
        return true;
    }
    if (strcmp(fn, "create_entity") == 0 || strcmp(fn, "replace_entity") == 0 ||
        strcmp(fn, "drop_entity") == 0)
        return op_entity(x, call, fn, why);
    if (strcmp(fn, "get_bind") == 0 || strcmp(fn, "get_context") == 0 || strcmp(fn, "f") == 0)
        return true; /* no SQL */
    *why = arena_printf(x->a, "operation %s is not translated", fn);
    return false;
}
