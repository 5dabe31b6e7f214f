/*
 * expr_types.c - PostgreSQL's type machinery as the expression analyser
 * needs it: type categories, coercion pathways (pg_cast, binary-coercible,
 * I/O, arrays, domains), can_coerce_type with polymorphic consistency,
 * select_common_type, and format_type_with_typemod. Mirrors the documented
 * rules of parse_coerce.c (PostgreSQL 15, "Type Conversion" chapter).
 */
#include <stdio.h>
#include <string.h>

#include "lint/arena.h"
#include "lint/catalog.h"
#include "lint/expr.h"
#include "lint/strbuf.h"

struct cat_type *ex_type(unsigned oid)
{
    return pgb_type(oid);
}

static unsigned oid_of(const struct cat_type *t)
{
    return t ? t->oid : 0;
}

/* getBaseType: domains reduce to their base type. */
struct cat_type *ex_base_type(struct cat_type *t)
{
    int guard = 0;
    while (t && t->typtype == CAT_TYPE_DOMAIN && t->base && guard++ < 32)
        t = t->base;
    return t;
}

bool ex_type_is_string(const struct cat_type *t)
{
    return t && t->category == 'S';
}

static bool is_array(const struct cat_type *t)
{
    return t && t->elem && t->category == 'A';
}

bool ex_is_compatible_family(const struct cat_type *t)
{
    switch (oid_of(t)) {
    case PGB_ANYCOMPATIBLE:
    case PGB_ANYCOMPATIBLEARRAY:
    case PGB_ANYCOMPATIBLENONARRAY:
    case PGB_ANYCOMPATIBLERANGE:
    case PGB_ANYCOMPATIBLEMULTIRANGE:
        return true;
    }
    return false;
}

bool ex_is_polymorphic(const struct cat_type *t)
{
    switch (oid_of(t)) {
    case PGB_ANYELEMENT:
    case PGB_ANYARRAY:
    case PGB_ANYNONARRAY:
    case PGB_ANYENUM:
    case PGB_ANYRANGE:
    case PGB_ANYMULTIRANGE:
        return true;
    }
    return ex_is_compatible_family(t);
}

static int context_rank(char c)
{
    return c == 'i' ? 0 : c == 'a' ? 1 : 2;
}

/* The path a cast (pg_cast's castcontext and castmethod) gives in context. */
static enum ex_path cast_path(char cast_context, char method, char context)
{
    if (context_rank(cast_context) > context_rank(context))
        return EXP_NONE;
    if (method == 'b')
        return EXP_RELABEL;
    if (method == 'i')
        return EXP_IO;
    return EXP_FUNC;
}

/* find_coercion_pathway: how 'from' becomes 'to' in context ('i','a','e'). */
enum ex_path ex_find_path(struct cat_type *from, struct cat_type *to, char context, unsigned *func)
{
    *func = 0;
    if (!from || !to)
        return EXP_NONE;
    if (from == to)
        return EXP_RELABEL;
    struct cat_type *bfrom = ex_base_type(from);
    if (to->typtype == CAT_TYPE_DOMAIN) {
        /* coerce to the domain's base type, then check the domain */
        enum ex_path p = ex_find_path(bfrom, ex_base_type(to), context, func);
        return p == EXP_NONE ? EXP_NONE : p;
    }
    from = bfrom;
    if (from == to)
        return EXP_RELABEL;
    if (from->oid && to->oid) {
        const struct pgb_cast *c = pgb_cast_find(from->oid, to->oid);
        if (c) {
            enum ex_path p = cast_path(c->context, c->method, context);
            if (p == EXP_FUNC)
                *func = c->func;
            return p;
        }
    }
    /* user (extension) casts live on the user type */
    for (int side = 0; side < 2; side++) {
        struct cat_type *t = side ? to : from;
        if (t->obj.builtin)
            continue;
        for (uint32_t i = 0; i < t->casts.n; i++) {
            struct cat_cast *c = t->casts.items[i];
            if (c->source != from || c->target != to)
                continue;
            return cast_path(c->context, c->method, context); /* *func stays 0 */
        }
    }
    /* user types: enums and composites have no pg_cast rows of their own */
    if (is_array(from) && is_array(to) && to->oid != PGB_ANYARRAY) {
        unsigned ef;
        enum ex_path ep = ex_find_path(from->elem, to->elem, context, &ef);
        if (ep != EXP_NONE)
            return EXP_ARRAY;
    }
    /* automatic I/O casts: to string types in assignment, from them explicitly */
    if (context != 'i' && ex_type_is_string(to) && !is_array(to))
        return EXP_IO;
    if (context == 'e' && ex_type_is_string(from) && !is_array(from))
        return EXP_IO;
    return EXP_NONE;
}

struct cat_cast *ex_user_cast(struct cat_type *from, struct cat_type *to)
{
    for (int side = 0; side < 2; side++) {
        struct cat_type *t = side ? to : from;
        if (!t || t->obj.builtin)
            continue;
        for (uint32_t i = 0; i < t->casts.n; i++) {
            struct cat_cast *c = t->casts.items[i];
            if (c->source == from && c->target == to)
                return c;
        }
    }
    return NULL;
}

bool ex_can_coerce(struct cat_type *from, struct cat_type *to, char context)
{
    unsigned f;
    if (!from || !to)
        return false;
    if (from == to || oid_of(to) == PGB_ANY)
        return true;
    if (oid_of(from) == PGB_UNKNOWN)
        return true;
    if (ex_is_polymorphic(to)) {
        struct cat_type *b = ex_base_type(from);
        switch (oid_of(to)) {
        case PGB_ANYARRAY:
        case PGB_ANYCOMPATIBLEARRAY:
            return is_array(b);
        case PGB_ANYNONARRAY:
        case PGB_ANYCOMPATIBLENONARRAY:
            return !is_array(b);
        case PGB_ANYENUM:
            return b->typtype == CAT_TYPE_ENUM;
        case PGB_ANYRANGE:
        case PGB_ANYCOMPATIBLERANGE:
            return b->typtype == CAT_TYPE_RANGE;
        case PGB_ANYMULTIRANGE:
        case PGB_ANYCOMPATIBLEMULTIRANGE:
            return b->typtype == 'm';
        default:
            return true;
        }
    }
    if (oid_of(to) == PGB_RECORD)
        return ex_base_type(from)->typtype == CAT_TYPE_COMPOSITE;
    if (to->category == 'A' && to->elem && oid_of(to->elem) == PGB_RECORD)
        return is_array(from) && from->elem->typtype == CAT_TYPE_COMPOSITE;
    return ex_find_path(from, to, context, &f) != EXP_NONE;
}

/* check_generic_type_consistency for one candidate: the polymorphic
 * arguments must agree on one element type (anyelement family) and one
 * common type (anycompatible family). */
bool ex_generic_consistent(struct cat_type **actual, struct cat_type **declared, uint32_t n)
{
    struct cat_type *elem = NULL;
    for (uint32_t i = 0; i < n; i++) {
        struct cat_type *d = declared[i], *a = actual[i];
        if (!ex_is_polymorphic(d) || ex_is_compatible_family(d) || oid_of(a) == PGB_UNKNOWN)
            continue;
        a = ex_base_type(a);
        struct cat_type *e = NULL;
        switch (oid_of(d)) {
        case PGB_ANYARRAY:
            if (!is_array(a))
                return false;
            e = a->elem;
            break;
        case PGB_ANYRANGE:
        case PGB_ANYMULTIRANGE:
            continue; /* subtype not modelled */
        default:
            e = a;
        }
        if (elem && elem != e)
            return false;
        elem = e;
    }
    if (elem) {
        for (uint32_t i = 0; i < n; i++) {
            if (oid_of(declared[i]) == PGB_ANYNONARRAY && is_array(elem))
                return false;
            if (oid_of(declared[i]) == PGB_ANYENUM && elem->typtype != CAT_TYPE_ENUM)
                return false;
        }
    }
    return true;
}

bool ex_can_coerce_all(struct cat_type **from, struct cat_type **to, uint32_t n, char context)
{
    bool generic = false;
    for (uint32_t i = 0; i < n; i++) {
        if (!ex_can_coerce(from[i], to[i], context))
            return false;
        generic |= ex_is_polymorphic(to[i]);
    }
    return !generic || ex_generic_consistent(from, to, n);
}

/* select_common_type over already-analysed expressions. */
struct cat_type *ex_common_type(struct ex_ctx *x, struct cat_expr **es, uint32_t n,
                                const char *construct)
{
    if (n == 0)
        return ex_type(PGB_TEXT);
    struct cat_type *ptype = es[0]->type;
    uint32_t i = 1;
    while (i < n && es[i]->type == ptype)
        i++;
    if (i == n && oid_of(ptype) != PGB_UNKNOWN)
        return ptype;
    ptype = ex_base_type(ptype);
    char pcat = ptype->category;
    bool ppref = ptype->preferred;
    for (; i < n; i++) {
        struct cat_type *nt = ex_base_type(es[i]->type);
        if (oid_of(nt) == PGB_UNKNOWN || nt == ptype)
            continue;
        if (oid_of(ptype) == PGB_UNKNOWN) {
            ptype = nt;
            pcat = nt->category;
            ppref = nt->preferred;
        } else if (nt->category != pcat) {
            if (construct) {
                struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
                ex_format_type(ptype, -1, &a);
                ex_format_type(nt, -1, &b);
                ex_error(x, -1, "42804", "%s types %s and %s cannot be matched", construct, a.buf,
                         b.buf);
                sb_release(&a);
                sb_release(&b);
            }
            return NULL;
        } else if (!ppref && ex_can_coerce(ptype, nt, 'i') && !ex_can_coerce(nt, ptype, 'i')) {
            ptype = nt;
            pcat = nt->category;
            ppref = nt->preferred;
        }
    }
    if (oid_of(ptype) == PGB_UNKNOWN)
        ptype = ex_type(PGB_TEXT);
    return ptype;
}

/* ---- format_type ---- */

static void add_ident(struct strbuf *out, const char *s);

static void typmod_suffix(unsigned oid, int32_t typmod, struct strbuf *out, bool *done)
{
    *done = true;
    switch (oid) {
    case PGB_BPCHAR:
        if (typmod >= 4)
            sb_printf(out, "character(%d)", typmod - 4);
        else
            sb_adds(out, "bpchar");
        return;
    case PGB_VARCHAR:
        if (typmod >= 4)
            sb_printf(out, "character varying(%d)", typmod - 4);
        else
            sb_adds(out, "character varying");
        return;
    case PGB_NUMERIC:
        if (typmod >= 4) {
            int32_t t = typmod - 4;
            int prec = (t >> 16) & 0xffff;
            int scale = (int16_t)(t & 0xffff);
            sb_printf(out, "numeric(%d,%d)", prec, scale);
        } else {
            sb_adds(out, "numeric");
        }
        return;
    case PGB_TIMESTAMP:
    case PGB_TIMESTAMPTZ:
    case PGB_TIME:
    case PGB_TIMETZ: {
        const char *base = oid == PGB_TIMESTAMP || oid == PGB_TIMESTAMPTZ ? "timestamp" : "time";
        const char *tz = oid == PGB_TIMESTAMPTZ || oid == PGB_TIMETZ ? "with" : "without";
        if (typmod >= 0)
            sb_printf(out, "%s(%d) %s time zone", base, typmod, tz);
        else
            sb_printf(out, "%s %s time zone", base, tz);
        return;
    }
    case PGB_INTERVAL: {
        sb_adds(out, "interval");
        if (typmod < 0)
            return;
        static const struct {
            int mask;
            const char *text;
        } ranges[] = {
            {1 << 2, " year"},
            {1 << 1, " month"},
            {1 << 3, " day"},
            {1 << 10, " hour"},
            {1 << 11, " minute"},
            {1 << 12, " second"},
            {(1 << 2) | (1 << 1), " year to month"},
            {(1 << 3) | (1 << 10), " day to hour"},
            {(1 << 3) | (1 << 10) | (1 << 11), " day to minute"},
            {(1 << 3) | (1 << 10) | (1 << 11) | (1 << 12), " day to second"},
            {(1 << 10) | (1 << 11), " hour to minute"},
            {(1 << 10) | (1 << 11) | (1 << 12), " hour to second"},
            {(1 << 11) | (1 << 12), " minute to second"},
        };
        int range = (typmod >> 16) & 0x7fff;
        int prec = typmod & 0xffff;
        for (size_t i = 0; i < sizeof ranges / sizeof ranges[0]; i++)
            if (ranges[i].mask == range)
                sb_adds(out, ranges[i].text);
        if (prec != 0xffff)
            sb_printf(out, "(%d)", prec);
        return;
    }
    case PGB_BIT:
        if (typmod >= 0)
            sb_printf(out, "bit(%d)", typmod);
        else
            sb_adds(out, "\"bit\"");
        return;
    case PGB_VARBIT:
        if (typmod >= 0)
            sb_printf(out, "bit varying(%d)", typmod);
        else
            sb_adds(out, "bit varying");
        return;
    }
    *done = false;
}

void ex_format_type(const struct cat_type *t, int32_t typmod, struct strbuf *out)
{
    if (!t) {
        sb_adds(out, "???");
        return;
    }
    if (t->category == 'A' && t->elem && t->typtype != CAT_TYPE_DOMAIN) {
        /* arrays print as their element type (with the typmod) plus [] */
        ex_format_type(t->elem, typmod, out);
        sb_adds(out, "[]");
        return;
    }
    if (t->obj.builtin) {
        bool done;
        typmod_suffix(t->oid, typmod, out, &done);
        if (done)
            return;
        const struct pgb_type *row = pgb_type_row(t->oid);
        sb_adds(out, row ? row->format : t->name);
        return;
    }
    /* user type: always qualified (the canonical text is printed as with
     * search_path = ''), identifiers quoted as quote_identifier does */
    add_ident(out, t->schema->name);
    sb_addc(out, '.');
    add_ident(out, t->name);
    if (typmod >= 0)
        sb_printf(out, "(%d)", typmod);
}

/* quote_identifier */
bool ex_ident_needs_quotes(const char *s)
{
    if (!*s)
        return true;
    if (!((*s >= 'a' && *s <= 'z') || *s == '_'))
        return true;
    for (const char *p = s; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
            return true;
    char k = pgb_keyword(s);
    return k && k != 'U';
}

static void add_ident(struct strbuf *out, const char *s)
{
    if (!ex_ident_needs_quotes(s)) {
        sb_adds(out, s);
        return;
    }
    sb_addc(out, '"');
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            sb_addc(out, '"');
        sb_addc(out, *p);
    }
    sb_addc(out, '"');
}

void ex_add_ident(struct strbuf *out, const char *s)
{
    add_ident(out, s);
}

const char *catalog_quote_ident(struct arena *a, const char *name)
{
    if (!ex_ident_needs_quotes(name))
        return name;
    struct strbuf sb = STRBUF_INIT;
    add_ident(&sb, name);
    char *r = arena_strdup(a, sb.buf);
    sb_release(&sb);
    return r;
}

const char *catalog_type_text(const struct catalog *c, const struct cat_typeref *t)
{
    struct strbuf sb = STRBUF_INIT;
    ex_format_type(t->type, t->typmod, &sb);
    char *r = arena_strdup(c->arena, sb.buf);
    sb_release(&sb);
    return r;
}
