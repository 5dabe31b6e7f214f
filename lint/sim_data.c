/*
 * sim_data.c - the rows a chain inserts itself (seed data, lookup values,
 * fixtures), kept per table so that what PostgreSQL rejects because of
 * existing rows is predicted: SET NOT NULL over NULLs, a unique index over
 * duplicates, a CHECK / FOREIGN KEY / partition bound that rows violate, a
 * type change a stored value does not survive, and the INSERTs that violate
 * constraints. Only certainties are reported: values are evaluated with
 * three outcomes (known, NULL, not known) and a table whose contents cannot
 * be followed (INSERT ... SELECT, COPY, triggers, DO blocks, functions that
 * may write) is no longer checked.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lint/arena.h"
#include "lint/sim_internal.h"
#include "lint/strbuf.h"

/* More rows than this and a table is no longer followed (memory, time). */
#define SIM_DATA_MAX_ROWS 2000

/* ---- table state ---- */

bool sim_data_known(struct sim *s, const struct cat_rel *r)
{
    return r && r->rows_epoch && r->rows_epoch == s->cat->data_epoch &&
           (r->relkind == CAT_RELKIND_TABLE || r->relkind == CAT_RELKIND_PARTITIONED);
}

void sim_data_forget(struct sim *s, struct cat_rel *r)
{
    if (!r || r->rows_epoch == 0)
        return;
    CAT_SET(s->cat, r->rows_epoch, 0);
    for (uint32_t i = 0; i < r->partitions.n; i++) {
        struct cat_rel *p = r->partitions.items[i];
        if (!p->obj.dropped)
            sim_data_forget(s, p);
    }
}

void sim_data_forget_all(struct sim *s)
{
    CAT_SET(s->cat, s->cat->data_epoch, s->cat->data_epoch + 1);
}

static void set_rows(struct sim *s, struct cat_rel *r, struct cat_row **rows, uint32_t n)
{
    struct cat_vec v = {0};
    if (n) {
        v.items = arena_alloc(s->arena, sizeof *v.items * n);
        memcpy(v.items, rows, sizeof *rows * n);
        v.n = v.cap = n;
    }
    CAT_SET(s->cat, r->rows, v);
}

static void truncate_rel(struct sim *s, struct cat_rel *r, bool cascade, bool recurse, int depth)
{
    if (depth > 32)
        return;
    set_rows(s, r, NULL, 0);
    CAT_SET(s->cat, r->rows_epoch, s->cat->data_epoch);
    for (uint32_t i = 0; i < r->partitions.n; i++) {
        struct cat_rel *p = r->partitions.items[i];
        if (!p->obj.dropped)
            truncate_rel(s, p, cascade, true, depth + 1);
    }
    struct cat_dep **deps;
    uint32_t nd = catalog_dependents(s->cat, &r->obj, 0, &deps);
    for (uint32_t i = 0; i < nd; i++) {
        struct cat_obj *o = deps[i]->dependent;
        if (o->kind == CAT_REL && recurse) {
            /* inheritance children are emptied too */
            struct cat_rel *c = (struct cat_rel *)o;
            for (uint32_t k = 0; k < c->inherits.n; k++)
                if (c->inherits.items[k] == r)
                    truncate_rel(s, c, cascade, true, depth + 1);
        } else if (o->kind == CAT_CONSTRAINT && cascade) {
            struct cat_constraint *k = (struct cat_constraint *)o;
            if (k->contype == CAT_CON_FOREIGN && k->ref_rel == r && k->rel && k->rel != r)
                truncate_rel(s, k->rel, cascade, true, depth + 1);
        }
    }
}

void sim_data_truncate(struct sim *s, struct cat_rel *r, bool cascade, bool recurse)
{
    truncate_rel(s, r, cascade, recurse, 0);
}

/* ---- values ---- */

enum { V_NULL = CAT_DATUM_NULL, V_VAL = CAT_DATUM_VALUE, V_NOTNULL, V_UNKNOWN, V_ERROR };

struct val {
    uint8_t k;
    const char *t;         /* V_VAL: the type's output text */
    struct cat_type *type; /* V_VAL: its type */
};

struct ev {
    struct sim *s;
    struct cat_rel *rel; /* the relation the row belongs to */
    const struct cat_row *row;
    struct val domval; /* VALUE of a domain CHECK */
    /* V_ERROR */
    const char *sqlstate, *message;
};

static const struct val unknown_val = {V_UNKNOWN, NULL, NULL};
static const struct val null_val = {V_NULL, NULL, NULL};
static const struct val notnull_val = {V_NOTNULL, NULL, NULL};

static struct val mkval(const char *t, struct cat_type *type)
{
    struct val v = {V_VAL, t, type};
    return v;
}

static struct val bool_val(bool b)
{
    return mkval(b ? "true" : "false", ex_type(PGB_BOOL));
}

static struct val ev_error(struct ev *e, const char *sqlstate, const char *message)
{
    if (!e->sqlstate) {
        e->sqlstate = sqlstate;
        e->message = message;
    }
    struct val v = {V_ERROR, NULL, NULL};
    return v;
}

static struct cat_type *base_of(struct cat_type *t)
{
    return t ? ex_base_type(t) : NULL;
}

static bool builtin_type(const struct cat_type *t)
{
    return t && t->obj.builtin && t->oid;
}

/* ---- decimal strings (integers and numeric as their output prints them) ---- */

struct dec {
    bool neg;
    const char *ip; /* integer digits, no leading zeros */
    size_t ni;
    const char *fp; /* fraction digits, no trailing zeros */
    size_t nf;
};

static bool dec_parse(const char *s, struct dec *d)
{
    memset(d, 0, sizeof *d);
    if (*s == '-' || *s == '+')
        d->neg = *s++ == '-';
    const char *p = s;
    while (*p >= '0' && *p <= '9')
        p++;
    if (p == s && *p != '.')
        return false;
    const char *ip = s, *ie = p;
    const char *fp = p, *fe = p;
    if (*p == '.') {
        fp = ++p;
        while (*p >= '0' && *p <= '9')
            p++;
        fe = p;
    }
    if (*p)
        return false; /* exponents, NaN, Infinity */
    while (ip < ie && *ip == '0')
        ip++;
    while (fe > fp && fe[-1] == '0')
        fe--;
    d->ip = ip;
    d->ni = (size_t)(ie - ip);
    d->fp = fp;
    d->nf = (size_t)(fe - fp);
    if (d->ni == 0 && d->nf == 0)
        d->neg = false; /* -0 */
    return true;
}

static int mag_cmp(const struct dec *a, const struct dec *b)
{
    if (a->ni != b->ni)
        return a->ni < b->ni ? -1 : 1;
    int c = memcmp(a->ip, b->ip, a->ni);
    if (c)
        return c < 0 ? -1 : 1;
    size_t n = a->nf < b->nf ? a->nf : b->nf;
    c = memcmp(a->fp, b->fp, n);
    if (c)
        return c < 0 ? -1 : 1;
    return a->nf == b->nf ? 0 : a->nf < b->nf ? -1 : 1;
}

static int dec_cmp(const struct dec *a, const struct dec *b)
{
    if (a->neg != b->neg)
        return a->neg ? -1 : 1;
    int c = mag_cmp(a, b);
    return a->neg ? -c : c;
}

static const char *dec_canon(struct arena *a, const char *s)
{
    struct dec d;
    if (!dec_parse(s, &d))
        return NULL;
    return arena_printf(a, "%s%.*s%s%.*s", d.neg ? "-" : "", (int)d.ni, d.ni ? d.ip : "0",
                        d.nf ? "." : "", (int)d.nf, d.fp);
}

/* Rounds half away from zero to scale fraction digits (numeric's rounding),
 * printed with exactly scale digits as numeric_out does for a typmod. */
static const char *dec_round(struct arena *a, const char *s, int scale, size_t *int_digits)
{
    struct dec d;
    if (!dec_parse(s, &d) || scale < 0)
        return NULL;
    size_t n = d.ni + (size_t)scale;
    char *digits = arena_alloc(a, n + 2);
    digits[0] = '0'; /* room for a carry */
    memcpy(digits + 1, d.ip, d.ni);
    for (size_t i = 0; i < (size_t)scale; i++)
        digits[1 + d.ni + i] = i < d.nf ? d.fp[i] : '0';
    if ((size_t)scale < d.nf && d.fp[scale] >= '5') {
        size_t i = n;
        while (digits[i] == '9')
            digits[i--] = '0';
        digits[i]++;
    }
    digits[n + 1] = 0;
    const char *dg = digits;
    size_t ni = d.ni + 1;
    while (ni > 0 && *dg == '0') {
        dg++;
        ni--;
    }
    bool zero = true;
    for (const char *p = dg; *p; p++)
        zero &= *p == '0';
    *int_digits = ni;
    return arena_printf(a, "%s%.*s%s%s", d.neg && !zero ? "-" : "", (int)ni, ni ? dg : "0",
                        scale ? "." : "", dg + ni);
}

static bool parse_i64(const char *s, long long *out)
{
    char *end;
    if (!*s)
        return false;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (*end || errno)
        return false;
    *out = v;
    return true;
}

static bool is_int_type(unsigned oid)
{
    return oid == PGB_INT2 || oid == PGB_INT4 || oid == PGB_INT8;
}

static bool is_string_type(unsigned oid)
{
    return oid == PGB_TEXT || oid == PGB_VARCHAR || oid == PGB_NAME;
}

static size_t char_len(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xc0) != 0x80;
    return n;
}

/* Strings whose order is the same in C and in the usual linguistic collations. */
static bool simple_order(const char *s)
{
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')))
            return false;
    return true;
}

static bool iso_date(const char *s)
{
    if (strlen(s) != 10)
        return false;
    for (int i = 0; i < 10; i++)
        if (i == 4 || i == 7 ? s[i] != '-' : !(s[i] >= '0' && s[i] <= '9'))
            return false;
    return s[0] != '0';
}

/* -1 / 0 / 1, or 2 when the order is not known. eq_only: equality suffices. */
static int val_cmp(const struct val *a, const struct val *b, bool eq_only)
{
    struct cat_type *ta = base_of(a->type), *tb = base_of(b->type);
    if (!ta || !tb)
        return 2;
    if (ta->typtype == CAT_TYPE_ENUM || tb->typtype == CAT_TYPE_ENUM) {
        if (ta != tb)
            return 2;
        if (strcmp(a->t, b->t) == 0)
            return 0;
        if (eq_only)
            return 1;
        int ia = -1, ib = -1;
        for (uint32_t i = 0; i < ta->labels.n; i++) {
            if (strcmp(ta->labels.items[i], a->t) == 0)
                ia = (int)i;
            if (strcmp(ta->labels.items[i], b->t) == 0)
                ib = (int)i;
        }
        return ia < 0 || ib < 0 ? 2 : ia < ib ? -1 : 1;
    }
    if (!builtin_type(ta) || !builtin_type(tb))
        return 2;
    unsigned oa = ta->oid, ob = tb->oid;
    bool exact_a = is_int_type(oa) || oa == PGB_NUMERIC,
         exact_b = is_int_type(ob) || ob == PGB_NUMERIC;
    if (ta->category == 'N' && tb->category == 'N' && (!exact_a || !exact_b))
        return 2; /* floats compare as binary fractions, money by its own rules */
    if (exact_a && exact_b) {
        struct dec da, db;
        if (!dec_parse(a->t, &da) || !dec_parse(b->t, &db))
            return 2;
        return dec_cmp(&da, &db);
    }
    if (is_string_type(oa) && is_string_type(ob)) {
        int c = strcmp(a->t, b->t);
        if (c == 0)
            return 0;
        if (eq_only)
            return 1;
        if (!simple_order(a->t) || !simple_order(b->t))
            return 2;
        return c < 0 ? -1 : 1;
    }
    if (oa != ob)
        return 2;
    switch (oa) {
    case PGB_DATE: {
        if (!iso_date(a->t) || !iso_date(b->t))
            return 2;
        int c = strcmp(a->t, b->t);
        return c < 0 ? -1 : c > 0;
    }
    case PGB_BOOL: {
        int c = strcmp(a->t, b->t); /* "false" < "true" */
        return c < 0 ? -1 : c > 0;
    }
    case PGB_UUID:
        return strcmp(a->t, b->t) == 0 ? 0 : eq_only ? 1 : 2;
    default:
        return 2;
    }
}

/* The text that identifies a value for equality (unique keys, FK matching),
 * or NULL when equality cannot be decided from the text. */
static const char *key_text(struct arena *a, const struct val *v)
{
    struct cat_type *t = base_of(v->type);
    if (!t)
        return NULL;
    if (t->typtype == CAT_TYPE_ENUM)
        return v->t;
    if (!builtin_type(t))
        return NULL;
    if (is_int_type(t->oid) || t->oid == PGB_NUMERIC) {
        const char *c = dec_canon(a, v->t);
        return c ? arena_printf(a, "N%s", c) : NULL;
    }
    if (is_string_type(t->oid))
        return arena_printf(a, "S%s", v->t);
    switch (t->oid) {
    case PGB_DATE:
    case PGB_BOOL:
    case PGB_UUID:
        return arena_printf(a, "%u:%s", t->oid, v->t);
    default:
        return NULL;
    }
}

/* ---- evaluation ---- */

static struct val eval(struct ev *e, const struct cat_expr *x);

static struct val row_value(struct ev *e, struct cat_rel *rel, int16_t attnum)
{
    if (!e->row || rel != e->rel || attnum <= 0 || (uint32_t)attnum > e->row->n ||
        (uint32_t)attnum > rel->columns.n)
        return unknown_val;
    const struct cat_datum *d = &e->row->v[attnum - 1];
    struct cat_column *col = rel->columns.items[attnum - 1];
    switch (d->kind) {
    case CAT_DATUM_NULL:
        return null_val;
    case CAT_DATUM_VALUE:
        return mkval(d->text, col->type.type);
    case CAT_DATUM_NOTNULL:
        return notnull_val;
    default:
        return unknown_val;
    }
}

/* Domain constraints of a value (coerce_to_domain). */
static struct val domain_check(struct ev *e, struct cat_type *d, struct val v)
{
    if (v.k == V_ERROR || !d || d->typtype != CAT_TYPE_DOMAIN)
        return v;
    struct val inner = domain_check(e, d->base, v);
    if (inner.k == V_ERROR)
        return inner;
    if (d->notnull && v.k == V_NULL)
        return ev_error(e, "23502",
                        arena_printf(e->s->arena, "domain %s does not allow null values", d->name));
    for (uint32_t i = 0; i < d->constraints.n; i++) {
        struct cat_constraint *k = d->constraints.items[i];
        if (k->obj.dropped || !k->expr)
            continue;
        struct ev sub = *e;
        sub.domval = v;
        sub.sqlstate = NULL;
        struct val r = eval(&sub, k->expr);
        if (r.k == V_ERROR)
            return ev_error(e, sub.sqlstate, sub.message);
        if (r.k == V_VAL && strcmp(r.t, "false") == 0)
            return ev_error(e, "23514",
                            arena_printf(e->s->arena,
                                         "value for domain %s violates check constraint \"%s\"",
                                         d->name, k->name));
    }
    if (v.k == V_VAL)
        v.type = d;
    return v;
}

/* Types whose input function constval.c implements completely: its errors
 * are PostgreSQL's. (Dates, times and JSON accept more than it knows.) */
static bool trusted_input(const struct cat_type *t)
{
    if (!t)
        return false;
    if (t->typtype == CAT_TYPE_ENUM)
        return true;
    if (!builtin_type(t))
        return false;
    return is_int_type(t->oid) || t->oid == PGB_NUMERIC || t->oid == PGB_BOOL ||
           t->oid == PGB_UUID || is_string_type(t->oid);
}

/* A value converted with the target's input function (casts whose result is
 * the input function's on the source's output text). */
static struct val via_input(struct ev *e, struct val v, struct cat_type *to, int32_t typmod)
{
    struct cat_type *tb = base_of(to);
    if (!tb)
        return unknown_val;
    const char *st = NULL, *msg = NULL;
    const char *out = ex_const_normalize(e->s->arena, tb, typmod, v.t, &st, &msg);
    if (!out)
        return st && trusted_input(tb) ? ev_error(e, st, msg ? msg : "invalid input") : notnull_val;
    return mkval(out, tb);
}

/* What a type's output function prints for a value we hold as text. */
static const char *output_text(const struct val *v)
{
    struct cat_type *t = base_of(v->type);
    if (t && t->oid == PGB_BOOL)
        return strcmp(v->t, "true") == 0 ? "t" : "f";
    return v->t;
}

/* Whether our text of values of t is exactly t's output text. */
static bool exact_output(const struct cat_type *t)
{
    t = t ? ex_base_type((struct cat_type *)t) : NULL;
    if (!t)
        return false;
    if (t->typtype == CAT_TYPE_ENUM)
        return true;
    if (!builtin_type(t))
        return false;
    return is_int_type(t->oid) || t->oid == PGB_NUMERIC || is_string_type(t->oid) ||
           t->oid == PGB_DATE || t->oid == PGB_UUID || t->oid == PGB_BOOL;
}

/* The length coercion of varchar(n) / numeric(p,s). */
static struct val length_coerce(struct ev *e, struct val v, struct cat_type *to, int32_t typmod,
                                bool explicit_cast)
{
    struct cat_type *tb = base_of(to);
    if (v.k != V_VAL || !tb || typmod < 0)
        return v.k == V_VAL ? mkval(v.t, tb) : v;
    if (tb->oid == PGB_VARCHAR) {
        size_t max = (size_t)(typmod - 4);
        if (char_len(v.t) <= max)
            return mkval(v.t, tb);
        /* the bytes of the first max characters */
        const char *p = v.t;
        for (size_t n = 0; *p && n < max; p++)
            if (((unsigned char)p[1] & 0xc0) != 0x80)
                n++;
        bool spaces = true;
        for (const char *q = p; *q; q++)
            spaces &= *q == ' ';
        if (!explicit_cast && !spaces)
            return ev_error(
                e, "22001",
                arena_printf(e->s->arena, "value too long for type character varying(%zu)", max));
        return mkval(arena_strndup(e->s->arena, v.t, (size_t)(p - v.t)), tb);
    }
    if (tb->oid == PGB_NUMERIC) {
        int precision = ((typmod - 4) >> 16) & 0xffff, scale = (typmod - 4) & 0xffff;
        size_t idig;
        const char *r = dec_round(e->s->arena, v.t, scale, &idig);
        if (!r)
            return unknown_val;
        if ((int)idig > precision - scale)
            return ev_error(e, "22003", "numeric field overflow");
        return mkval(r, tb);
    }
    return notnull_val;
}

static struct val cast_val(struct ev *e, const struct cat_expr *x, struct val v)
{
    if (v.k != V_VAL)
        return v.k == V_ERROR || v.k == V_NULL ? v : v.k == V_NOTNULL ? notnull_val : unknown_val;
    struct cat_type *from = base_of(v.type), *to = base_of(x->type);
    if (!from || !to)
        return notnull_val;
    if (from == to)
        return mkval(v.t, to);
    unsigned fo = builtin_type(from) ? from->oid : 0, to_oid = builtin_type(to) ? to->oid : 0;
    /* integers, numeric: the value is the same number, range-checked */
    if ((is_int_type(fo) || fo == PGB_NUMERIC) && (is_int_type(to_oid) || to_oid == PGB_NUMERIC)) {
        const char *t = v.t;
        if (fo == PGB_NUMERIC && is_int_type(to_oid)) {
            size_t idig;
            t = dec_round(e->s->arena, v.t, 0, &idig); /* numeric -> int rounds */
            if (!t)
                return notnull_val;
        }
        struct val r = via_input(e, mkval(t, from), to, -1);
        if (r.k == V_ERROR && e->sqlstate && strcmp(e->sqlstate, "22003") == 0)
            e->message = arena_printf(e->s->arena, "%s out of range",
                                      to_oid == PGB_INT2   ? "smallint"
                                      : to_oid == PGB_INT4 ? "integer"
                                                           : "bigint");
        return r;
    }
    if (is_string_type(fo) && is_string_type(to_oid))
        return mkval(v.t, to);
    if (is_string_type(fo) && (exact_output(to) || to_oid == PGB_TIMESTAMP ||
                               to_oid == PGB_TIMESTAMPTZ || to_oid == PGB_JSONB))
        return via_input(e, v, to, -1);
    if (exact_output(from) && is_string_type(to_oid))
        return mkval(output_text(&v), to);
    return notnull_val;
}

static struct val arith(struct ev *e, const char *op, struct val a, struct val b,
                        struct cat_type *rt)
{
    unsigned oa = builtin_type(base_of(a.type)) ? base_of(a.type)->oid : 0;
    unsigned ob = builtin_type(base_of(b.type)) ? base_of(b.type)->oid : 0;
    if (strcmp(op, "||") == 0 && is_string_type(oa) && is_string_type(ob))
        return mkval(arena_printf(e->s->arena, "%s%s", a.t, b.t), rt);
    long long x, y, r;
    if (!is_int_type(oa) || !is_int_type(ob) || !parse_i64(a.t, &x) || !parse_i64(b.t, &y))
        return strcmp(op, "||") == 0 && !(is_string_type(oa) && is_string_type(ob)) ? unknown_val
                                                                                    : notnull_val;
    bool ovf;
    switch (op[0]) {
    case '+':
        ovf = __builtin_add_overflow(x, y, &r);
        break;
    case '-':
        ovf = __builtin_sub_overflow(x, y, &r);
        break;
    case '*':
        ovf = __builtin_mul_overflow(x, y, &r);
        break;
    default:
        return notnull_val;
    }
    if (op[1] || ovf)
        return notnull_val;
    return via_input(e, mkval(arena_printf(e->s->arena, "%lld", r), rt), rt, -1);
}

static struct val op_val(struct ev *e, const struct cat_expr *x)
{
    if (x->nargs != 2 || x->opschema || x->ufunc)
        return unknown_val;
    struct val a = eval(e, x->args[0]);
    if (a.k == V_ERROR)
        return a;
    struct val b = eval(e, x->args[1]);
    if (b.k == V_ERROR)
        return b;
    if (a.k == V_NULL || b.k == V_NULL)
        return null_val; /* these operators are strict */
    const char *n = x->name;
    if (a.k != V_VAL || b.k != V_VAL) {
        /* arithmetic of two non-NULL numbers or strings is not NULL; other
         * operators may be (jsonb -> 'missing') */
        bool arith_op = strcmp(n, "+") == 0 || strcmp(n, "-") == 0 || strcmp(n, "*") == 0 ||
                        strcmp(n, "/") == 0 || strcmp(n, "||") == 0;
        struct cat_type *rt = base_of(x->type);
        bool simple = rt && (rt->category == 'N' || (builtin_type(rt) && is_string_type(rt->oid)));
        return a.k != V_UNKNOWN && b.k != V_UNKNOWN && arith_op && simple ? notnull_val
                                                                          : unknown_val;
    }
    static const char *const cmps[] = {"=", "<>", "<", ">", "<=", ">="};
    for (int i = 0; i < 6; i++) {
        if (strcmp(n, cmps[i]) != 0)
            continue;
        int c = val_cmp(&a, &b, i < 2);
        if (c == 2)
            return unknown_val;
        bool r = i == 0   ? c == 0
                 : i == 1 ? c != 0
                 : i == 2 ? c < 0
                 : i == 3 ? c > 0
                 : i == 4 ? c <= 0
                          : c >= 0;
        return bool_val(r);
    }
    if (strcmp(n, "+") == 0 || strcmp(n, "-") == 0 || strcmp(n, "*") == 0 || strcmp(n, "||") == 0)
        return arith(e, n, a, b, base_of(x->type));
    return unknown_val;
}

/* x op ANY/ALL (ARRAY[...]) */
static struct val saop_val(struct ev *e, const struct cat_expr *x)
{
    if (x->nargs != 2 || x->opschema || x->ufunc)
        return unknown_val;
    const struct cat_expr *arr = ex_strip_implicit(x->args[1]);
    if (!arr || arr->kind != EX_ARRAY)
        return unknown_val;
    struct val l = eval(e, x->args[0]);
    if (l.k == V_ERROR)
        return l;
    int i_op = -1;
    static const char *const cmps[] = {"=", "<>", "<", ">", "<=", ">="};
    for (int i = 0; i < 6; i++)
        if (strcmp(x->name, cmps[i]) == 0)
            i_op = i;
    if (i_op < 0)
        return unknown_val;
    if (arr->nargs == 0)
        return bool_val(!x->flag); /* ANY of nothing: false; ALL: true */
    if (l.k == V_NULL)
        return null_val;
    bool any_null = false, any_unknown = false;
    for (uint32_t i = 0; i < arr->nargs; i++) {
        struct val r = eval(e, arr->args[i]);
        if (r.k == V_ERROR)
            return r;
        if (r.k == V_NULL) {
            any_null = true;
            continue;
        }
        if (r.k != V_VAL || l.k != V_VAL) {
            any_unknown = true;
            continue;
        }
        int c = val_cmp(&l, &r, i_op < 2);
        if (c == 2) {
            any_unknown = true;
            continue;
        }
        bool t = i_op == 0   ? c == 0
                 : i_op == 1 ? c != 0
                 : i_op == 2 ? c < 0
                 : i_op == 3 ? c > 0
                 : i_op == 4 ? c <= 0
                             : c >= 0;
        if (x->flag && t)
            return bool_val(true);
        if (!x->flag && !t)
            return bool_val(false);
    }
    if (any_unknown)
        return unknown_val;
    if (any_null)
        return null_val;
    return bool_val(!x->flag);
}

static int truth(const struct val *v)
{
    /* 1 true, 0 false, -1 NULL, -2 not known */
    if (v->k == V_NULL)
        return -1;
    if (v->k != V_VAL)
        return -2;
    return strcmp(v->t, "true") == 0 ? 1 : 0;
}

static struct val bool_expr(struct ev *e, const struct cat_expr *x)
{
    if (x->sub == 3) {
        struct val a = eval(e, x->args[0]);
        int t = truth(&a);
        if (a.k == V_ERROR)
            return a;
        return t == -1 ? null_val : t == -2 ? unknown_val : bool_val(!t);
    }
    bool is_and = x->sub == 1;
    bool saw_null = false, saw_unknown = false;
    for (uint32_t i = 0; i < x->nargs; i++) {
        struct val a = eval(e, x->args[i]);
        if (a.k == V_ERROR)
            return a;
        int t = truth(&a);
        if (t == (is_and ? 0 : 1))
            return bool_val(!is_and);
        saw_null |= t == -1;
        saw_unknown |= t == -2;
    }
    if (saw_unknown)
        return unknown_val;
    return saw_null ? null_val : bool_val(is_and);
}

static bool ascii_only(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s >= 0x80)
            return false;
    return true;
}

static struct val func_val(struct ev *e, const struct cat_expr *x)
{
    if (x->arg) /* a cast */
        return x->sub == 1 ? length_coerce(e, eval(e, x->arg), x->type, x->typmod,
                                           x->format != EXF_IMPLICIT_CAST)
                           : cast_val(e, x, eval(e, x->arg));
    const char *n = x->name ? x->name : "";
    if (x->ufunc || !x->proc)
        return unknown_val;
    static const char *const nonnull[] = {"now",
                                          "nextval",
                                          "gen_random_uuid",
                                          "uuid_generate_v4",
                                          "uuid_generate_v1",
                                          "clock_timestamp",
                                          "statement_timestamp",
                                          "transaction_timestamp",
                                          "random",
                                          "timeofday",
                                          NULL};
    for (int i = 0; nonnull[i]; i++)
        if (strcmp(n, nonnull[i]) == 0)
            return notnull_val;
    struct val a = x->nargs >= 1 ? eval(e, x->args[0]) : unknown_val;
    if (a.k == V_ERROR)
        return a;
    if (x->nargs == 1 &&
        (strcmp(n, "lower") == 0 || strcmp(n, "upper") == 0 || strcmp(n, "length") == 0 ||
         strcmp(n, "char_length") == 0 || strcmp(n, "character_length") == 0 ||
         strcmp(n, "btrim") == 0 || strcmp(n, "ltrim") == 0 || strcmp(n, "rtrim") == 0)) {
        if (a.k == V_NULL)
            return null_val;
        if (a.k != V_VAL || !is_string_type(base_of(a.type) ? base_of(a.type)->oid : 0))
            return a.k == V_VAL || a.k == V_NOTNULL ? notnull_val : unknown_val;
        struct cat_type *rt = base_of(x->type);
        if (strcmp(n, "length") == 0 || strcmp(n, "char_length") == 0 ||
            strcmp(n, "character_length") == 0)
            return mkval(arena_printf(e->s->arena, "%zu", char_len(a.t)), rt);
        if (strcmp(n, "lower") == 0 || strcmp(n, "upper") == 0) {
            if (!ascii_only(a.t))
                return notnull_val;
            char *r = arena_strdup(e->s->arena, a.t);
            for (char *p = r; *p; p++)
                *p = n[0] == 'l' ? (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p)
                                 : (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p);
            return mkval(r, rt);
        }
        const char *b = a.t, *end = a.t + strlen(a.t);
        if (n[0] != 'r')
            while (*b == ' ')
                b++;
        if (n[0] != 'l')
            while (end > b && end[-1] == ' ')
                end--;
        return mkval(arena_strndup(e->s->arena, b, (size_t)(end - b)), rt);
    }
    return unknown_val;
}

static struct val eval(struct ev *e, const struct cat_expr *x)
{
    if (!x)
        return null_val;
    switch (x->kind) {
    case EX_CONST:
        if (!x->value)
            return null_val;
        if (x->regclass)
            return notnull_val;
        return mkval(x->value, x->type);
    case EX_VAR:
        return row_value(e, x->rel ? x->rel : x->rte ? x->rte->rel : NULL, x->attnum);
    case EX_DOMAINVALUE:
        return e->domval;
    case EX_RELABEL: {
        struct val v = eval(e, x->arg);
        if (v.k == V_VAL)
            v.type = base_of(x->type);
        return v;
    }
    case EX_DOMAINCOERCE: {
        struct val v = eval(e, x->arg);
        return domain_check(e, x->type, v);
    }
    case EX_IOCOERCE: {
        struct val v = eval(e, x->arg);
        if (v.k != V_VAL)
            return v.k == V_NOTNULL ? notnull_val : v;
        if (!exact_output(v.type) && !(base_of(v.type) && base_of(v.type)->oid == PGB_UNKNOWN))
            return notnull_val;
        struct cat_type *to = base_of(x->type);
        if (to && builtin_type(to) && is_string_type(to->oid))
            return mkval(output_text(&v), to);
        return via_input(e, mkval(output_text(&v), v.type), x->type, -1);
    }
    case EX_FUNC:
        return func_val(e, x);
    case EX_OP:
        return op_val(e, x);
    case EX_SAOP:
        return saop_val(e, x);
    case EX_BOOL:
        return bool_expr(e, x);
    case EX_NULLTEST: {
        struct val v = eval(e, x->arg);
        if (v.k == V_ERROR)
            return v;
        struct cat_type *t = base_of(x->arg ? x->arg->type : NULL);
        if (t && t->typtype == CAT_TYPE_COMPOSITE)
            return unknown_val;
        if (v.k == V_UNKNOWN)
            return unknown_val;
        bool isnull = v.k == V_NULL;
        return bool_val(x->sub ? !isnull : isnull);
    }
    case EX_BOOLTEST: {
        struct val v = eval(e, x->arg);
        if (v.k == V_ERROR)
            return v;
        int t = truth(&v);
        if (t == -2)
            return unknown_val;
        bool r;
        switch (x->sub) {
        case 0:
            r = t == 1;
            break;
        case 1:
            r = t != 1;
            break;
        case 2:
            r = t == 0;
            break;
        case 3:
            r = t != 0;
            break;
        case 4:
            r = t == -1;
            break;
        default:
            r = t != -1;
            break;
        }
        return bool_val(r);
    }
    case EX_COALESCE:
        for (uint32_t i = 0; i < x->nargs; i++) {
            struct val v = eval(e, x->args[i]);
            if (v.k == V_NULL)
                continue;
            if (v.k == V_UNKNOWN)
                return unknown_val;
            return v.k == V_VAL ? mkval(v.t, base_of(x->type) ? x->type : v.type) : v;
        }
        return null_val;
    case EX_NULLIF: {
        if (x->nargs != 2)
            return unknown_val;
        struct val a = eval(e, x->args[0]);
        struct val b = eval(e, x->args[1]);
        if (a.k == V_ERROR)
            return a;
        if (b.k == V_ERROR)
            return b;
        if (a.k == V_NULL)
            return null_val;
        if (b.k == V_NULL)
            return a;
        if (a.k != V_VAL || b.k != V_VAL)
            return unknown_val;
        int c = val_cmp(&a, &b, true);
        return c == 2 ? unknown_val : c == 0 ? null_val : a;
    }
    case EX_DISTINCT: {
        if (x->nargs != 2)
            return unknown_val;
        struct val a = eval(e, x->args[0]);
        struct val b = eval(e, x->args[1]);
        if (a.k == V_ERROR)
            return a;
        if (b.k == V_ERROR)
            return b;
        bool distinct;
        if (a.k == V_NULL || b.k == V_NULL) {
            if ((a.k != V_NULL && a.k != V_VAL && a.k != V_NOTNULL) ||
                (b.k != V_NULL && b.k != V_VAL && b.k != V_NOTNULL))
                return unknown_val;
            distinct = a.k != b.k;
        } else {
            if (a.k != V_VAL || b.k != V_VAL)
                return unknown_val;
            int c = val_cmp(&a, &b, true);
            if (c == 2)
                return unknown_val;
            distinct = c != 0;
        }
        return bool_val(x->sub ? !distinct : distinct);
    }
    case EX_CASE: {
        if (x->arg)
            return unknown_val;
        for (uint32_t i = 0; i + 1 < x->nargs; i += 2) {
            struct val w = eval(e, x->args[i]);
            if (w.k == V_ERROR)
                return w;
            int t = truth(&w);
            if (t == -2)
                return unknown_val;
            if (t == 1)
                return eval(e, x->args[i + 1]);
        }
        return eval(e, x->def);
    }
    case EX_COLLATE:
        return eval(e, x->arg);
    case EX_SQLVALUE:
    case EX_ARRAY:
        return notnull_val;
    default:
        return unknown_val;
    }
}

static struct val eval_on(struct sim *s, struct cat_rel *r, const struct cat_row *row,
                          const struct cat_expr *x, const char **sqlstate, const char **message)
{
    struct ev e = {0};
    e.s = s;
    e.rel = r;
    e.row = row;
    struct val v = eval(&e, x);
    *sqlstate = e.sqlstate;
    *message = e.message;
    return v;
}

static struct cat_datum to_datum(struct val v)
{
    struct cat_datum d = {CAT_DATUM_UNKNOWN, NULL};
    if (v.k == V_NULL)
        d.kind = CAT_DATUM_NULL;
    else if (v.k == V_VAL) {
        d.kind = CAT_DATUM_VALUE;
        d.text = v.t;
    } else if (v.k == V_NOTNULL)
        d.kind = CAT_DATUM_NOTNULL;
    return d;
}

static struct cat_row *new_row(struct sim *s, uint32_t n)
{
    struct cat_row *row = arena_alloc(s->arena, sizeof *row);
    row->n = n;
    row->v = arena_alloc(s->arena, sizeof *row->v * (n + 1));
    for (uint32_t i = 0; i < n; i++)
        row->v[i].kind = CAT_DATUM_UNKNOWN;
    return row;
}

static struct cat_row *copy_row(struct sim *s, const struct cat_row *src, uint32_t n)
{
    struct cat_row *row = new_row(s, n > src->n ? n : src->n);
    memcpy(row->v, src->v, sizeof *row->v * src->n);
    return row;
}

/* ---- constraint checks over rows ---- */

static const char *rel_msg_name(const struct cat_rel *r)
{
    return r->name;
}

static struct cat_constraint **sorted_checks(struct sim *s, struct cat_rel *r, bool valid_only,
                                             uint32_t *n)
{
    struct cat_constraint **v = arena_alloc(s->arena, sizeof *v * (r->constraints.n + 1));
    uint32_t k = 0;
    for (uint32_t i = 0; i < r->constraints.n; i++) {
        struct cat_constraint *c = r->constraints.items[i];
        if (c->obj.dropped || c->contype != CAT_CON_CHECK || !c->expr ||
            (valid_only && !c->validated))
            continue;
        uint32_t j = k++;
        while (j > 0 && strcmp(v[j - 1]->name, c->name) > 0) {
            v[j] = v[j - 1];
            j--;
        }
        v[j] = c;
    }
    *n = k;
    return v;
}

/* The index's key text of a row, or NULL when not known / not applicable
 * (*excluded: NULL keys or a predicate that is false). */
static const char *index_key(struct sim *s, struct cat_rel *t, struct cat_rel *ix,
                             const struct cat_row *row, bool *excluded, const char **sqlstate,
                             const char **message)
{
    struct cat_indexinfo *ii = ix->index;
    *excluded = false;
    if (ii->predicate) {
        struct val p = eval_on(s, t, row, ii->predicate, sqlstate, message);
        if (p.k == V_ERROR)
            return NULL;
        int tr = truth(&p);
        if (tr == -2)
            return NULL;
        if (tr != 1) {
            *excluded = true;
            return NULL;
        }
    }
    struct strbuf sb = STRBUF_INIT;
    const char *result = NULL;
    for (uint32_t k = 0; k < ii->nkeyatts; k++) {
        struct val v;
        if (ii->attnums[k]) {
            struct ev e = {0};
            e.s = s;
            e.rel = t;
            e.row = row;
            v = row_value(&e, t, ii->attnums[k]);
        } else {
            v = eval_on(s, t, row, ii->exprs[k], sqlstate, message);
        }
        if (v.k == V_ERROR)
            goto out;
        if (v.k == V_NULL) {
            if (!ii->nulls_not_distinct) {
                *excluded = true;
                goto out;
            }
            sb_adds(&sb, "\x01NULL");
            sb_addc(&sb, '\x02');
            continue;
        }
        if (v.k != V_VAL)
            goto out;
        const char *kt = key_text(s->arena, &v);
        if (!kt)
            goto out;
        sb_adds(&sb, kt);
        sb_addc(&sb, '\x02');
    }
    result = arena_strdup(s->arena, sb.buf ? sb.buf : "");
out:
    sb_release(&sb);
    return result;
}

/* "(a, b)=(1, x)" of an index key, as PostgreSQL's DETAIL shows it. */
static const char *key_detail(struct sim *s, struct cat_rel *t, struct cat_rel *ix,
                              const struct cat_row *row)
{
    struct cat_indexinfo *ii = ix->index;
    struct strbuf sb = STRBUF_INIT;
    sb_addc(&sb, '(');
    for (uint32_t k = 0; k < ii->nkeyatts; k++) {
        if (k)
            sb_adds(&sb, ", ");
        if (ii->attnums[k]) {
            struct cat_column *c = catalog_column_by_attnum(t, ii->attnums[k]);
            sb_adds(&sb, c ? c->name : "?");
        } else {
            sb_adds(&sb, ex_text(s->cat, s->arena, ii->exprs[k]));
        }
    }
    sb_adds(&sb, ")=(");
    for (uint32_t k = 0; k < ii->nkeyatts; k++) {
        if (k)
            sb_adds(&sb, ", ");
        const char *st, *msg;
        struct val v;
        if (ii->attnums[k]) {
            struct ev e = {0};
            e.s = s;
            e.rel = t;
            e.row = row;
            v = row_value(&e, t, ii->attnums[k]);
        } else {
            v = eval_on(s, t, row, ii->exprs[k], &st, &msg);
        }
        sb_adds(&sb, v.k == V_VAL ? output_text(&v) : "null");
    }
    sb_addc(&sb, ')');
    const char *r = arena_strdup(s->arena, sb.buf);
    sb_release(&sb);
    return r;
}

struct keyed {
    const char *key;
    uint32_t row;
};

static int keyed_cmp(const void *a, const void *b)
{
    const struct keyed *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    return c ? c : x->row < y->row ? -1 : x->row > y->row;
}

/* Duplicate keys among rows[0..n) of index ix: the later row of the first
 * duplicate pair (in row order), or -1. -2: an evaluation error (reported). */
static int find_duplicate(struct sim *s, struct cat_rel *t, struct cat_rel *ix,
                          struct cat_row **rows, uint32_t n, uint32_t first_new, int *dup_of)
{
    struct keyed *v = malloc(sizeof *v * (n + 1));
    uint32_t k = 0;
    for (uint32_t i = 0; i < n; i++) {
        bool excluded;
        const char *st = NULL, *msg = NULL;
        const char *key = index_key(s, t, ix, rows[i], &excluded, &st, &msg);
        if (st) {
            free(v);
            sim_error(s, -1, st, "%s", msg ? msg : "error");
            return -2;
        }
        if (key)
            v[k++] = (struct keyed){key, i};
    }
    qsort(v, k, sizeof *v, keyed_cmp);
    int best = -1;
    for (uint32_t i = 1; i < k; i++)
        if (strcmp(v[i].key, v[i - 1].key) == 0 && v[i].row >= first_new &&
            (best < 0 || v[i].row < (uint32_t)best)) {
            best = (int)v[i].row;
            *dup_of = (int)v[i - 1].row;
        }
    free(v);
    return best;
}

static bool unique_checked(const struct cat_rel *ix)
{
    const struct cat_indexinfo *ii = ix->index;
    if (!ii || !ii->unique || ii->exclusion || !ii->valid || ix->obj.dropped)
        return false;
    if (ii->constraint && ii->constraint->deferrable)
        return false;
    return true;
}

/* ---- exclusion constraints (=, && over ranges) ---- */

struct rng {
    bool empty, linf, uinf, linc, uinc;
    const char *lo, *hi;
    unsigned sub;
};

static unsigned range_sub(const struct cat_type *t)
{
    return ex_range_subtype_oid(t && builtin_type(t) ? t->oid : 0);
}

static const char *rng_bound(struct arena *a, const char **pp)
{
    const char *p = *pp;
    struct strbuf sb = STRBUF_INIT;
    if (*p == '"') {
        p++;
        while (*p && !(*p == '"' && p[1] != '"')) {
            if ((*p == '"' || *p == '\\') && p[1])
                p++;
            sb_addc(&sb, *p++);
        }
        if (*p == '"')
            p++;
    } else {
        while (*p && *p != ',' && *p != ')' && *p != ']')
            sb_addc(&sb, *p++);
    }
    *pp = p;
    const char *r = sb.buf ? arena_strdup(a, sb.buf) : NULL;
    sb_release(&sb);
    return r;
}

/* A range as its (canonical) output prints it. */
static bool rng_parse(struct arena *a, const struct val *v, struct rng *r)
{
    memset(r, 0, sizeof *r);
    r->sub = range_sub(base_of(v->type));
    if (!r->sub)
        return false;
    const char *p = v->t;
    if (strcmp(p, "empty") == 0) {
        r->empty = true;
        return true;
    }
    if (*p != '[' && *p != '(')
        return false;
    r->linc = *p++ == '[';
    r->lo = rng_bound(a, &p);
    if (*p++ != ',')
        return false;
    r->hi = rng_bound(a, &p);
    if (*p != ']' && *p != ')')
        return false;
    r->uinc = *p == ']';
    r->linf = !r->lo;
    r->uinf = !r->hi;
    return true;
}

/* "YYYY-MM-DD HH:MM:SS[.ffffff][+00]" */
static bool ts_shape(const char *s)
{
    size_t n = strlen(s);
    if (n < 19 || s[4] != '-' || s[7] != '-' || s[10] != ' ' || s[13] != ':' || s[16] != ':')
        return false;
    const char *p = s + 19;
    if (*p == '.') {
        p++;
        while (*p >= '0' && *p <= '9')
            p++;
    }
    return !*p || strcmp(p, "+00") == 0;
}

/* Subtype values: -1 / 0 / 1, 2 not known. */
static int sub_cmp(unsigned sub, const char *x, const char *y)
{
    if (sub == PGB_INT4 || sub == PGB_INT8 || sub == PGB_NUMERIC) {
        struct dec a, b;
        if (!dec_parse(x, &a) || !dec_parse(y, &b))
            return 2;
        return dec_cmp(&a, &b);
    }
    if (sub == PGB_DATE) {
        if (!iso_date(x) || !iso_date(y))
            return 2;
        int c = strcmp(x, y);
        return c < 0 ? -1 : c > 0;
    }
    if (!ts_shape(x) || !ts_shape(y) || x[0] == '0' || y[0] == '0')
        return 2;
    int c = strncmp(x, y, 19);
    if (c)
        return c < 0 ? -1 : 1;
    const char *fx = x[19] == '.' ? x + 20 : "", *fy = y[19] == '.' ? y + 20 : "";
    for (;; fx++, fy++) {
        char a = *fx >= '0' && *fx <= '9' ? *fx : '0', b = *fy >= '0' && *fy <= '9' ? *fy : '0';
        if (a != b)
            return a < b ? -1 : 1;
        if (!(*fx >= '0' && *fx <= '9') && !(*fy >= '0' && *fy <= '9'))
            return 0;
    }
}

/* lower bound l before upper bound u (so the ranges can meet)? 1 / 0 / 2 */
static int lower_before_upper(const struct rng *l, const struct rng *u)
{
    if (l->linf || u->uinf)
        return 1;
    int c = sub_cmp(l->sub, l->lo, u->hi);
    if (c == 2)
        return 2;
    return c < 0 || (c == 0 && l->linc && u->uinc);
}

/* a && b: 1 / 0 / 2 not known */
static int rng_overlap(struct arena *ar, const struct val *a, const struct val *b)
{
    struct rng x, y;
    if (!rng_parse(ar, a, &x) || !rng_parse(ar, b, &y) || x.sub != y.sub)
        return 2;
    if (x.empty || y.empty)
        return 0;
    int p = lower_before_upper(&x, &y), q = lower_before_upper(&y, &x);
    if (p == 0 || q == 0)
        return 0;
    return p == 2 || q == 2 ? 2 : 1;
}

/* Do rows a and b conflict under exclusion index ix? 1 / 0 / 2 not known. */
static int excl_conflict(struct sim *s, struct cat_rel *ix, struct val *ka, struct val *kb)
{
    struct cat_indexinfo *ii = ix->index;
    int result = 1;
    for (uint32_t k = 0; k < ii->nkeyatts; k++) {
        const char *op = ii->excl_ops ? ii->excl_ops[k] : NULL;
        if (ka[k].k == V_NULL || kb[k].k == V_NULL)
            return 0; /* NULLs never conflict */
        if (ka[k].k != V_VAL || kb[k].k != V_VAL || !op) {
            result = 2;
            continue;
        }
        int c;
        if (strcmp(op, "&&") == 0)
            c = rng_overlap(s->arena, &ka[k], &kb[k]);
        else if (strcmp(op, "=") == 0) {
            int e = range_sub(base_of(ka[k].type)) ? (strcmp(ka[k].t, kb[k].t) == 0 ? 0 : 2)
                                                   : val_cmp(&ka[k], &kb[k], true);
            c = e == 2 ? 2 : e == 0;
        } else
            c = 2;
        if (c == 0)
            return 0;
        if (c == 2)
            result = 2;
    }
    return result;
}

/* The first row of rows[from..n) conflicting with an earlier one (-1: none,
 * -2: error reported); *other: the earlier row. */
static int find_exclusion(struct sim *s, struct cat_rel *t, struct cat_rel *ix,
                          struct cat_row **rows, uint32_t n, uint32_t from, int *other)
{
    struct cat_indexinfo *ii = ix->index;
    uint32_t nk = ii->nkeyatts;
    struct val *keys = arena_alloc(s->arena, sizeof *keys * (n * nk + 1));
    bool *in = arena_alloc(s->arena, n + 1);
    for (uint32_t i = 0; i < n; i++) {
        const char *st = NULL, *msg = NULL;
        in[i] = true;
        if (ii->predicate) {
            struct val p = eval_on(s, t, rows[i], ii->predicate, &st, &msg);
            if (p.k == V_ERROR) {
                sim_error(s, -1, st, "%s", msg);
                return -2;
            }
            in[i] = truth(&p) == 1; /* not known: left out (no certain conflict) */
        }
        for (uint32_t k = 0; k < nk; k++) {
            struct val v;
            if (ii->attnums[k]) {
                struct ev e = {0};
                e.s = s;
                e.rel = t;
                e.row = rows[i];
                v = row_value(&e, t, ii->attnums[k]);
            } else {
                v = eval_on(s, t, rows[i], ii->exprs[k], &st, &msg);
                if (v.k == V_ERROR) {
                    sim_error(s, -1, st, "%s", msg);
                    return -2;
                }
            }
            keys[i * nk + k] = v;
        }
    }
    for (uint32_t b = from; b < n; b++) {
        if (!in[b])
            continue;
        for (uint32_t a = 0; a < b; a++)
            if (in[a] && excl_conflict(s, ix, &keys[a * nk], &keys[b * nk]) == 1) {
                *other = (int)a;
                return (int)b;
            }
    }
    return -1;
}

static bool exclusion_checked(const struct cat_rel *ix)
{
    const struct cat_indexinfo *ii = ix->index;
    return ii && ii->exclusion && ii->valid && !ix->obj.dropped &&
           !(ii->constraint && ii->constraint->deferrable);
}

int sim_data_unique(struct sim *s, struct cat_rel *t, struct cat_rel *ix)
{
    if (sim_data_known(s, t) && t->rows.n && ix->index && !ix->index->concurrently &&
        exclusion_checked(ix)) {
        int other;
        int d = find_exclusion(s, t, ix, (struct cat_row **)t->rows.items, t->rows.n, 0, &other);
        if (d == -2)
            return -1;
        if (d >= 0) {
            sim_error(s, -1, "23P01", "could not create exclusion constraint \"%s\"", ix->name);
            return sim_error_detail(
                s, arena_printf(s->arena, "Key %s conflicts with key %s.",
                                key_detail(s, t, ix, (struct cat_row *)t->rows.items[d]),
                                key_detail(s, t, ix, (struct cat_row *)t->rows.items[other])));
        }
        return 0;
    }
    if (!sim_data_known(s, t) || !t->rows.n || !ix->index || !ix->index->unique ||
        ix->index->exclusion || ix->index->concurrently)
        return 0;
    if (ix->index->constraint && ix->index->constraint->deferrable)
        return 0;
    int other;
    int d = find_duplicate(s, t, ix, (struct cat_row **)t->rows.items, t->rows.n, 0, &other);
    if (d == -2)
        return -1;
    if (d < 0)
        return 0;
    sim_error(s, -1, "23505", "could not create unique index \"%s\"", ix->name);
    return sim_error_detail(s,
                            arena_printf(s->arena, "Key %s is duplicated.",
                                         key_detail(s, t, ix, (struct cat_row *)t->rows.items[d])));
}

/* The referenced key of a foreign key present among the parent's rows?
 * 1 yes, 0 no, -1 not known. */
static int fk_present(struct sim *s, struct cat_constraint *k, const char *childkey,
                      struct cat_row **prows, uint32_t pn)
{
    struct cat_rel *p = k->ref_rel;
    if (!sim_data_known(s, p))
        return -1;
    int result = 0;
    for (uint32_t i = 0; i < pn; i++) {
        struct strbuf sb = STRBUF_INIT;
        bool ok = true;
        for (uint32_t c = 0; c < k->nkeys && ok; c++) {
            struct ev e = {0};
            e.s = s;
            e.rel = p;
            e.row = prows[i];
            struct val v = row_value(&e, p, k->ref_keys[c]);
            const char *kt = v.k == V_VAL ? key_text(s->arena, &v) : NULL;
            if (v.k == V_NULL) {
                ok = false; /* a NULL parent key matches nothing */
                break;
            }
            if (!kt) {
                result = -1;
                ok = false;
                break;
            }
            sb_adds(&sb, kt);
            sb_addc(&sb, '\x02');
        }
        bool match = ok && sb.buf && strcmp(sb.buf, childkey) == 0;
        sb_release(&sb);
        if (match)
            return 1;
    }
    return result;
}

/* The first row of rows[from..n) whose foreign key k is missing in the parent. */
static int fk_violation(struct sim *s, struct cat_rel *t, struct cat_constraint *k,
                        struct cat_row **rows, uint32_t from, uint32_t n, const char **detail)
{
    for (uint32_t i = from; i < n; i++) {
        struct strbuf sb = STRBUF_INIT, cols = STRBUF_INIT, vals = STRBUF_INIT;
        bool skip = false;
        for (uint32_t c = 0; c < k->nkeys && !skip; c++) {
            struct ev e = {0};
            e.s = s;
            e.rel = t;
            e.row = rows[i];
            struct val v = row_value(&e, t, k->keys[c]);
            const char *kt = v.k == V_VAL ? key_text(s->arena, &v) : NULL;
            if (!kt) {
                skip = true; /* NULL (MATCH SIMPLE) or not known */
                break;
            }
            sb_adds(&sb, kt);
            sb_addc(&sb, '\x02');
            struct cat_column *col = catalog_column_by_attnum(t, k->keys[c]);
            if (c) {
                sb_adds(&cols, ", ");
                sb_adds(&vals, ", ");
            }
            sb_adds(&cols, col ? col->name : "?");
            sb_adds(&vals, output_text(&v));
        }
        /* a self reference sees the statement's own rows */
        struct cat_row **prows = k->ref_rel == t ? rows : (struct cat_row **)k->ref_rel->rows.items;
        uint32_t pn = k->ref_rel == t ? n : k->ref_rel->rows.n;
        int present = skip ? 1 : fk_present(s, k, sb.buf ? sb.buf : "", prows, pn);
        if (present == 0)
            *detail = arena_printf(s->arena, "Key (%s)=(%s) is not present in table \"%s\".",
                                   cols.buf, vals.buf, k->ref_rel->name);
        sb_release(&sb);
        sb_release(&cols);
        sb_release(&vals);
        if (present == 0)
            return (int)i;
    }
    return -1;
}

/* Constraints of new / changed rows rows[from..n): per row in order NOT
 * NULL and CHECK (ExecConstraints), then the unique indexes; after all rows
 * the foreign keys (check_fk). Returns -1 with the error set. */
static int check_new_rows(struct sim *s, struct cat_rel *r, struct cat_row **rows, uint32_t from,
                          uint32_t n, bool check_fk)
{
    /* the first row a unique index rejects */
    int udup = -1, uother = -1;
    struct cat_rel *uix = NULL;
    for (uint32_t x = 0; n > 1 && x < r->indexes.n; x++) {
        struct cat_rel *ix = r->indexes.items[x];
        if (!unique_checked(ix))
            continue;
        int other;
        int d = find_duplicate(s, r, ix, rows, n, from, &other);
        if (d == -2)
            return -1;
        if (d >= 0 && (udup < 0 || d < udup)) {
            udup = d;
            uother = other;
            uix = ix;
        }
    }
    /* exclusion constraints: the first conflicting row */
    int xdup = -1, xother = -1;
    struct cat_rel *xix = NULL;
    for (uint32_t x = 0; n > 1 && x < r->indexes.n; x++) {
        struct cat_rel *ix = r->indexes.items[x];
        if (!exclusion_checked(ix))
            continue;
        int other;
        int d = find_exclusion(s, r, ix, rows, n, from, &other);
        if (d == -2)
            return -1;
        if (d >= 0 && (xdup < 0 || d < xdup)) {
            xdup = d;
            xother = other;
            xix = ix;
        }
    }
    uint32_t nchecks;
    struct cat_constraint **checks = sorted_checks(s, r, false, &nchecks);
    uint32_t last = n;
    if (udup >= 0)
        last = (uint32_t)udup + 1;
    if (xdup >= 0 && (uint32_t)xdup + 1 < last)
        last = (uint32_t)xdup + 1;
    for (uint32_t i = from; i < last; i++) {
        for (uint32_t a = 0; a < r->columns.n; a++) {
            struct cat_column *col = r->columns.items[a];
            if (col->dropped || !col->notnull || a >= rows[i]->n)
                continue;
            if (rows[i]->v[a].kind == CAT_DATUM_NULL)
                return sim_error(s, -1, "23502",
                                 "null value in column \"%s\" of relation \"%s\" violates not-null "
                                 "constraint",
                                 col->name, rel_msg_name(r));
        }
        for (uint32_t c = 0; c < nchecks; c++) {
            const char *st, *msg;
            struct val v = eval_on(s, r, rows[i], checks[c]->expr, &st, &msg);
            if (v.k == V_ERROR)
                return sim_error(s, -1, st, "%s", msg);
            if (truth(&v) == 0)
                return sim_error(s, -1, "23514",
                                 "new row for relation \"%s\" violates check constraint \"%s\"",
                                 rel_msg_name(r), checks[c]->name);
        }
    }
    if (xdup >= 0 && (udup < 0 || xdup < udup)) {
        sim_error(s, -1, "23P01", "conflicting key value violates exclusion constraint \"%s\"",
                  xix->name);
        return sim_error_detail(s, arena_printf(s->arena, "Key %s conflicts with existing key %s.",
                                                key_detail(s, r, xix, rows[xdup]),
                                                key_detail(s, r, xix, rows[xother])));
    }
    if (udup >= 0) {
        (void)uother;
        sim_error(s, -1, "23505", "duplicate key value violates unique constraint \"%s\"",
                  uix->name);
        return sim_error_detail(
            s, arena_printf(s->arena, "Key %s already exists.", key_detail(s, r, uix, rows[udup])));
    }
    for (uint32_t c = 0; check_fk && c < r->constraints.n; c++) {
        struct cat_constraint *k = r->constraints.items[c];
        if (k->obj.dropped || k->contype != CAT_CON_FOREIGN || k->deferrable || !k->ref_rel ||
            k->match == 'p')
            continue;
        const char *detail = NULL;
        if (fk_violation(s, r, k, rows, from, n, &detail) >= 0) {
            sim_error(s, -1, "23503",
                      "insert or update on table \"%s\" violates foreign key constraint \"%s\"",
                      rel_msg_name(r), k->name);
            return sim_error_detail(s, detail);
        }
    }
    return 0;
}

/* ---- DML ---- */

static bool has_user_triggers(const struct cat_rel *r)
{
    for (uint32_t i = 0; i < r->triggers.n; i++) {
        const struct cat_trigger *t = r->triggers.items[i];
        if (!t->obj.dropped && t->enabled != 'D')
            return true;
    }
    return false;
}

/* Tables whose foreign keys reference r. */
static bool referenced(struct sim *s, struct cat_rel *r, bool forget)
{
    struct cat_dep **deps;
    uint32_t nd = catalog_dependents(s->cat, &r->obj, 0, &deps);
    bool any = false;
    for (uint32_t i = 0; i < nd; i++) {
        struct cat_obj *o = deps[i]->dependent;
        if (o->kind != CAT_CONSTRAINT)
            continue;
        struct cat_constraint *k = (struct cat_constraint *)o;
        if (k->contype != CAT_CON_FOREIGN || k->ref_rel != r || !k->rel)
            continue;
        any = true;
        if (forget)
            sim_data_forget(s, k->rel);
    }
    return any;
}

/* The value a column gets when the statement does not give one. */
static struct val column_default(struct sim *s, struct cat_rel *r, struct cat_column *col,
                                 const struct cat_row *row, bool *err)
{
    *err = false;
    if (col->identity)
        return notnull_val;
    if (col->generated)
        return unknown_val; /* computed afterwards */
    const struct cat_expr *d = col->default_expr;
    struct cat_type *t = col->type.type;
    if (!d && t && t->typtype == CAT_TYPE_DOMAIN) {
        for (struct cat_type *dt = t; dt && dt->typtype == CAT_TYPE_DOMAIN && !d; dt = dt->base)
            d = dt->default_expr;
    }
    struct ev e = {0};
    e.s = s;
    e.rel = r;
    e.row = row;
    struct val v = d ? eval(&e, d) : null_val;
    if (v.k != V_ERROR && t && t->typtype == CAT_TYPE_DOMAIN)
        v = domain_check(&e, t, v);
    if (v.k == V_ERROR) {
        sim_error(s, -1, e.sqlstate, "%s", e.message);
        *err = true;
    }
    return v;
}

/* Generated columns of a row (after the others are set). */
static int compute_generated(struct sim *s, struct cat_rel *r, struct cat_row *row)
{
    for (uint32_t a = 0; a < r->columns.n && a < row->n; a++) {
        struct cat_column *col = r->columns.items[a];
        if (col->dropped || !col->generated)
            continue;
        const char *st, *msg;
        struct val v = eval_on(s, r, row, col->default_expr, &st, &msg);
        if (v.k == V_ERROR)
            return sim_error(s, -1, st, "%s", msg);
        row->v[a] = to_datum(v);
    }
    return 0;
}

/* Analysis errors of an INSERT value that PostgreSQL certainly raises too. */
static bool reportable(const char *st, const struct cat_column *col)
{
    if (!st)
        return false;
    if (strncmp(st, "22", 2) == 0)
        return trusted_input(base_of(col->type.type));
    return strcmp(st, "42804") == 0 || strcmp(st, "42703") == 0;
}

int sim_data_insert(struct sim *s, struct cat_rel *r, PgQuery__InsertStmt *st)
{
    if (st->with_clause) {
        sim_data_forget_all(s);
        return 0;
    }
    if (r->relkind != CAT_RELKIND_TABLE && r->relkind != CAT_RELKIND_PARTITIONED) {
        sim_data_forget_all(s); /* views: rules and triggers */
        return 0;
    }
    if (has_user_triggers(r)) {
        sim_data_forget_all(s);
        return 0;
    }
    if (!sim_data_known(s, r))
        return 0;
    PgQuery__SelectStmt *sel =
        st->select_stmt && st->select_stmt->node_case == PG_QUERY__NODE__NODE_SELECT_STMT
            ? st->select_stmt->select_stmt
            : NULL;
    bool default_values = !st->select_stmt;
    if (r->relkind == CAT_RELKIND_PARTITIONED || st->on_conflict_clause ||
        (!default_values && (!sel || !sel->n_values_lists || sel->with_clause))) {
        sim_data_forget(s, r);
        return 0;
    }
    /* the target columns */
    uint32_t ntarget = 0;
    struct cat_column **target;
    if (st->n_cols) {
        target = arena_alloc(s->arena, sizeof *target * st->n_cols);
        for (size_t i = 0; i < st->n_cols; i++) {
            struct cat_column *c = catalog_find_column(r, st->cols[i]->res_target->name);
            if (!c || st->cols[i]->res_target->n_indirection) {
                sim_data_forget(s, r);
                return 0;
            }
            target[ntarget++] = c;
        }
    } else {
        ntarget = catalog_columns(r, &target, s->arena);
    }
    size_t nrows = default_values ? 1 : sel->n_values_lists;
    if (r->rows.n + nrows > SIM_DATA_MAX_ROWS) {
        sim_data_forget(s, r);
        return 0;
    }
    uint32_t natts = r->columns.n;
    struct cat_row **rows = arena_alloc(s->arena, sizeof *rows * (r->rows.n + nrows + 1));
    if (r->rows.n)
        memcpy(rows, r->rows.items, sizeof *rows * r->rows.n);
    uint32_t n = r->rows.n;
    for (size_t ri = 0; ri < nrows; ri++) {
        PgQuery__List *items = NULL;
        if (!default_values) {
            PgQuery__Node *row = sel->values_lists[ri];
            if (row->node_case != PG_QUERY__NODE__NODE_LIST) {
                sim_data_forget(s, r);
                return 0;
            }
            items = row->list;
            if (items->n_items > ntarget)
                return sim_error(s, -1, "42601", "INSERT has more expressions than target columns");
            if (st->n_cols && items->n_items < ntarget)
                return sim_error(s, -1, "42601", "INSERT has more target columns than expressions");
        }
        struct cat_row *row = new_row(s, natts);
        bool *given = arena_alloc(s->arena, natts + 1);
        for (uint32_t c = 0; items && c < items->n_items; c++) {
            struct cat_column *col = target[c];
            PgQuery__Node *item = items->items[c];
            if (item->node_case == PG_QUERY__NODE__NODE_SET_TO_DEFAULT)
                continue;
            if (col->identity && st->override == PG_QUERY__OVERRIDING_KIND__OVERRIDING_USER_VALUE)
                continue;
            /* The value's expression only lives until it is evaluated: a
             * scratch arena keeps a large VALUES list from piling up trees */
            if (!s->scratch)
                s->scratch = arena_new_scratch(s->arena);
            arena_reset(s->scratch);
            struct ex_ctx x;
            ex_ctx_init(&x, s->cat, s->scratch, EXK_OTHER);
            struct ex_deps deps = {0};
            x.deps = &deps;
            struct cat_expr *ve = ex_analyze(&x, item);
            if (ve)
                ve = ex_coerce_assign(&x, ve, col->type, col->name, -1);
            if (!ve) {
                if (reportable(x.sqlstate, col))
                    return sim_expr_error(s, &x);
                sim_data_forget(s, r);
                return 0;
            }
            if (deps.nfuncs) {
                sim_data_forget_all(s); /* a function of the chain's may write anywhere */
                return 0;
            }
            const char *est, *emsg;
            struct val v = eval_on(s, r, NULL, ve, &est, &emsg);
            if (v.k == V_ERROR)
                return sim_error(s, -1, est, "%s", emsg);
            struct cat_datum dv = to_datum(v);
            if (dv.text) /* may be the scratch expression's text */
                dv.text = arena_strdup(s->arena, dv.text);
            row->v[col->attnum - 1] = dv;
            given[col->attnum - 1] = true;
        }
        for (uint32_t a = 0; a < natts; a++) {
            struct cat_column *col = r->columns.items[a];
            if (col->dropped || given[a])
                continue;
            bool err;
            struct val v = column_default(s, r, col, row, &err);
            if (err)
                return -1;
            row->v[a] = to_datum(v);
        }
        if (compute_generated(s, r, row) != 0)
            return -1;
        rows[n++] = row;
    }
    if (check_new_rows(s, r, rows, r->rows.n, n, true) != 0)
        return -1;
    set_rows(s, r, rows, n);
    return r->partparent ? sim_partition_rows_ok(s, r) : 0;
}

/* Evaluates an UPDATE / DELETE WHERE on every row: 1 / 0 per row, or -1
 * when some row's outcome is not known. */
static int where_mask(struct sim *s, struct cat_rel *r, PgQuery__Node *where, const char *alias,
                      bool *mask)
{
    if (!where) {
        for (uint32_t i = 0; i < r->rows.n; i++)
            mask[i] = true;
        return 0;
    }
    struct ex_ctx x;
    ex_ctx_init(&x, s->cat, s->arena, EXK_OTHER);
    x.scope = ex_scope_for_rel(s->arena, r, alias);
    struct cat_expr *w = ex_coerce_bool(&x, ex_analyze(&x, where), "WHERE");
    if (!w)
        return -1;
    for (uint32_t i = 0; i < r->rows.n; i++) {
        const char *st, *msg;
        struct val v = eval_on(s, r, r->rows.items[i], w, &st, &msg);
        int t = truth(&v);
        if (t == -2 || v.k == V_ERROR)
            return -1;
        mask[i] = t == 1;
    }
    return 0;
}

/* The start of UPDATE and DELETE: the rows the WHERE clause selects, or
 * NULL when there is nothing more to do (the contents are not followed, or
 * no longer: a WITH, a trigger, FROM / USING, a referenced table, ...). */
static bool *dml_mask(struct sim *s, struct cat_rel *r, bool with, bool from,
                      PgQuery__RangeVar *rel, PgQuery__Node *where)
{
    if (with || has_user_triggers(r) || r->relkind != CAT_RELKIND_TABLE) {
        sim_data_forget_all(s);
        return NULL;
    }
    if (!sim_data_known(s, r))
        return NULL;
    if (from || r->partparent || referenced(s, r, true)) {
        sim_data_forget(s, r);
        return NULL;
    }
    const char *alias = rel->alias ? rel->alias->aliasname : NULL;
    bool *mask = arena_alloc(s->arena, r->rows.n + 1);
    if (where_mask(s, r, where, alias, mask) != 0) {
        sim_data_forget(s, r);
        return NULL;
    }
    return mask;
}

int sim_data_update(struct sim *s, struct cat_rel *r, PgQuery__UpdateStmt *st)
{
    bool *mask = dml_mask(s, r, st->with_clause != NULL, st->n_from_clause != 0, st->relation,
                          st->where_clause);
    if (!mask)
        return 0;
    const char *alias = st->relation->alias ? st->relation->alias->aliasname : NULL;
    /* the new values: expressions over the old row */
    struct cat_column **cols = arena_alloc(s->arena, sizeof *cols * (st->n_target_list + 1));
    struct cat_expr **vals = arena_alloc(s->arena, sizeof *vals * (st->n_target_list + 1));
    for (size_t i = 0; i < st->n_target_list; i++) {
        PgQuery__ResTarget *rt = st->target_list[i]->res_target;
        struct cat_column *col = catalog_find_column(r, rt->name);
        if (!col || rt->n_indirection || !rt->val ||
            rt->val->node_case == PG_QUERY__NODE__NODE_MULTI_ASSIGN_REF) {
            sim_data_forget(s, r);
            return 0;
        }
        for (uint32_t c = 0; c < r->constraints.n; c++) {
            struct cat_constraint *k = r->constraints.items[c];
            for (uint32_t j = 0; !k->obj.dropped && k->contype == CAT_CON_FOREIGN && j < k->nkeys;
                 j++)
                if (k->keys[j] == col->attnum) {
                    sim_data_forget(s, r);
                    return 0;
                }
        }
        cols[i] = col;
        vals[i] = NULL;
        if (rt->val->node_case == PG_QUERY__NODE__NODE_SET_TO_DEFAULT)
            continue;
        struct ex_ctx x;
        ex_ctx_init(&x, s->cat, s->arena, EXK_OTHER);
        x.scope = ex_scope_for_rel(s->arena, r, alias);
        struct cat_expr *ve = ex_analyze(&x, rt->val);
        if (ve)
            ve = ex_coerce_assign(&x, ve, col->type, col->name, -1);
        if (!ve) {
            sim_data_forget(s, r);
            return 0;
        }
        vals[i] = ve;
    }
    struct cat_row **rows = arena_alloc(s->arena, sizeof *rows * (r->rows.n + 1));
    struct cat_row **changed = arena_alloc(s->arena, sizeof *changed * (r->rows.n + 1));
    uint32_t nchanged = 0;
    for (uint32_t i = 0; i < r->rows.n; i++) {
        struct cat_row *old = r->rows.items[i];
        if (!mask[i]) {
            rows[i] = old;
            continue;
        }
        struct cat_row *row = copy_row(s, old, r->columns.n);
        for (size_t c = 0; c < st->n_target_list; c++) {
            struct val v;
            if (vals[c]) {
                const char *est, *emsg;
                v = eval_on(s, r, old, vals[c], &est, &emsg);
                if (v.k == V_ERROR)
                    return sim_error(s, -1, est, "%s", emsg);
            } else {
                bool err;
                v = column_default(s, r, cols[c], old, &err);
                if (err)
                    return -1;
            }
            row->v[cols[c]->attnum - 1] = to_datum(v);
        }
        if (compute_generated(s, r, row) != 0)
            return -1;
        rows[i] = row;
        changed[nchanged++] = row;
    }
    /* NOT NULL and CHECK of the changed rows; unique keys of the result (the
     * foreign key columns did not change) */
    uint32_t nk = r->rows.n;
    if (nchanged) {
        if (check_new_rows(s, r, changed, 0, nchanged, false) != 0)
            return -1;
        for (uint32_t x = 0; x < r->indexes.n; x++) {
            struct cat_rel *ix = r->indexes.items[x];
            if (!unique_checked(ix))
                continue;
            int other;
            int d = find_duplicate(s, r, ix, rows, nk, 0, &other);
            if (d == -2)
                return -1;
            if (d >= 0) {
                sim_error(s, -1, "23505", "duplicate key value violates unique constraint \"%s\"",
                          ix->name);
                return sim_error_detail(s, arena_printf(s->arena, "Key %s already exists.",
                                                        key_detail(s, r, ix, rows[d])));
            }
        }
    }
    set_rows(s, r, rows, nk);
    return 0;
}

int sim_data_delete(struct sim *s, struct cat_rel *r, PgQuery__DeleteStmt *st)
{
    bool *mask = dml_mask(s, r, st->with_clause != NULL, st->n_using_clause != 0, st->relation,
                          st->where_clause);
    if (!mask)
        return 0;
    struct cat_row **rows = arena_alloc(s->arena, sizeof *rows * (r->rows.n + 1));
    uint32_t n = 0;
    for (uint32_t i = 0; i < r->rows.n; i++)
        if (!mask[i])
            rows[n++] = r->rows.items[i];
    set_rows(s, r, rows, n);
    return 0;
}

/* ---- DDL over existing rows ---- */

int sim_data_add_column(struct sim *s, struct cat_rel *r, struct cat_column *col)
{
    if (!sim_data_known(s, r) || !r->rows.n)
        return 0;
    struct cat_row **rows = arena_alloc(s->arena, sizeof *rows * (r->rows.n + 1));
    for (uint32_t i = 0; i < r->rows.n; i++) {
        struct cat_row *row = copy_row(s, r->rows.items[i], r->columns.n);
        struct val v;
        if (col->generated) {
            const char *st, *msg;
            v = eval_on(s, r, row, col->default_expr, &st, &msg);
            if (v.k == V_ERROR)
                return sim_error(s, -1, st, "%s", msg);
        } else {
            bool err;
            v = column_default(s, r, col, row, &err);
            if (err)
                return -1;
        }
        row->v[col->attnum - 1] = to_datum(v);
        rows[i] = row;
    }
    set_rows(s, r, rows, r->rows.n);
    return 0;
}

int sim_data_convert(struct sim *s, struct cat_rel *r, struct cat_column *col,
                     struct cat_expr *conv)
{
    if (!sim_data_known(s, r) || !r->rows.n)
        return 0;
    struct cat_row **rows = arena_alloc(s->arena, sizeof *rows * (r->rows.n + 1));
    for (uint32_t i = 0; i < r->rows.n; i++) {
        struct cat_row *old = r->rows.items[i];
        const char *st, *msg;
        struct val v = eval_on(s, r, old, conv, &st, &msg);
        if (v.k == V_ERROR)
            return sim_error(s, -1, st, "%s", msg);
        struct cat_row *row = copy_row(s, old, r->columns.n);
        row->v[col->attnum - 1] = to_datum(v);
        rows[i] = row;
    }
    set_rows(s, r, rows, r->rows.n);
    return 0;
}

/* After ALTER TABLE (PostgreSQL's phase 3): the rows against NOT NULL, the
 * valid CHECKs and FOREIGN KEYs. In the model rows always satisfy the
 * constraints they were checked against, so this finds what is new. */
int sim_data_validate(struct sim *s, struct cat_rel *r)
{
    for (uint32_t i = 0; i < r->partitions.n; i++) {
        struct cat_rel *p = r->partitions.items[i];
        if (!p->obj.dropped && sim_data_validate(s, p) != 0)
            return -1;
    }
    if (!sim_data_known(s, r) || !r->rows.n)
        return 0;
    struct cat_row **rows = (struct cat_row **)r->rows.items;
    for (uint32_t a = 0; a < r->columns.n; a++) {
        struct cat_column *col = r->columns.items[a];
        if (col->dropped || !col->notnull)
            continue;
        for (uint32_t i = 0; i < r->rows.n; i++)
            if (a < rows[i]->n && rows[i]->v[a].kind == CAT_DATUM_NULL)
                return sim_error(s, -1, "23502",
                                 "column \"%s\" of relation \"%s\" contains null values", col->name,
                                 rel_msg_name(r));
    }
    uint32_t nchecks;
    struct cat_constraint **checks = sorted_checks(s, r, true, &nchecks);
    for (uint32_t c = 0; c < nchecks; c++)
        for (uint32_t i = 0; i < r->rows.n; i++) {
            const char *st, *msg;
            struct val v = eval_on(s, r, rows[i], checks[c]->expr, &st, &msg);
            if (v.k == V_ERROR)
                return sim_error(s, -1, st, "%s", msg);
            if (truth(&v) == 0)
                return sim_error(
                    s, -1, "23514",
                    "check constraint \"%s\" of relation \"%s\" is violated by some row",
                    checks[c]->name, rel_msg_name(r));
        }
    for (uint32_t c = 0; c < r->constraints.n; c++) {
        struct cat_constraint *k = r->constraints.items[c];
        if (k->obj.dropped || k->contype != CAT_CON_FOREIGN || !k->validated || !k->ref_rel ||
            k->match == 'p')
            continue;
        const char *detail = NULL;
        if (fk_violation(s, r, k, rows, 0, r->rows.n, &detail) >= 0) {
            sim_error(s, -1, "23503",
                      "insert or update on table \"%s\" violates foreign key constraint \"%s\"",
                      rel_msg_name(r), k->name);
            return sim_error_detail(s, detail);
        }
    }
    return 0;
}

static int domain_rows(struct sim *s, struct cat_type *d, struct cat_constraint *k, int depth)
{
    if (depth > 8)
        return 0;
    struct cat_dep **deps;
    uint32_t nd = catalog_dependents(s->cat, &d->obj, 0, &deps);
    for (uint32_t i = 0; i < nd; i++) {
        struct cat_obj *o = deps[i]->dependent;
        if (o->kind == CAT_TYPE) {
            struct cat_type *sub = (struct cat_type *)o;
            if (sub->typtype == CAT_TYPE_DOMAIN && sub->base == d &&
                domain_rows(s, sub, k, depth + 1) != 0)
                return -1;
            continue;
        }
        if (o->kind != CAT_REL || deps[i]->role != CAT_ROLE_COLUMN || deps[i]->dep_attnum <= 0)
            continue;
        struct cat_rel *r = (struct cat_rel *)o;
        struct cat_column *col = catalog_column_by_attnum(r, deps[i]->dep_attnum);
        if (!col || col->dropped || base_of(col->type.type) == col->type.type ||
            !sim_data_known(s, r))
            continue;
        int16_t a = col->attnum;
        for (uint32_t ri = 0; ri < r->rows.n; ri++) {
            const struct cat_row *row = r->rows.items[ri];
            struct ev e = {0};
            e.s = s;
            e.rel = r;
            e.row = row;
            struct val v = row_value(&e, r, a);
            if (!k) {
                if (v.k == V_NULL)
                    return sim_error(s, -1, "23502",
                                     "column \"%s\" of table \"%s\" contains null values",
                                     col->name, r->name);
                continue;
            }
            if (v.k == V_NULL)
                continue;
            e.domval = v;
            struct val t = eval(&e, k->expr);
            if (t.k == V_ERROR)
                return sim_error(s, -1, e.sqlstate, "%s", e.message);
            if (truth(&t) == 0)
                return sim_error(s, -1, "23514",
                                 "column \"%s\" of table \"%s\" contains values that violate the "
                                 "new constraint",
                                 col->name, r->name);
        }
    }
    return 0;
}

int sim_data_domain(struct sim *s, struct cat_type *d, struct cat_constraint *k)
{
    return domain_rows(s, d, k, 0);
}

int sim_data_values(struct sim *s, struct cat_rel *r, const struct cat_expr *key, const char ***out,
                    uint32_t *n)
{
    if (!sim_data_known(s, r))
        return -1;
    const char **v = arena_alloc(s->arena, sizeof *v * (r->rows.n + 1));
    for (uint32_t i = 0; i < r->rows.n; i++) {
        const char *st, *msg;
        struct val x = eval_on(s, r, r->rows.items[i], key, &st, &msg);
        if (x.k == V_NULL)
            v[i] = NULL;
        else if (x.k == V_VAL)
            v[i] = x.t;
        else
            return -1;
    }
    *out = v;
    *n = r->rows.n;
    return 0;
}
