/*
 * rule_pgfacts.c - lookups in the generated tables of rule_pgfacts_data.h
 * (binary search over names sorted bytewise) and the type alias map that the
 * PostgreSQL grammar applies (gram.y maps INT to int4, and so on).
 */
#include "lint/rule_pgfacts.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

struct pgfact_func {
    const char *name;
    const char *vol; /* the distinct provolatile letters of its overloads */
};

struct pgfact_cast {
    const char *from, *to;
};

#include "lint/rule_pgfacts_data.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static int cmp_func(const void *key, const void *elem)
{
    return strcmp(key, ((const struct pgfact_func *)elem)->name);
}

static enum pgfact_volatility vol_of(const char *letters)
{
    if (strchr(letters, 'v'))
        return PGFACT_VOLATILE;
    if (strchr(letters, 's'))
        return PGFACT_STABLE;
    return PGFACT_IMMUTABLE;
}

enum pgfact_volatility pgfact_builtin_volatility(const char *name)
{
    const struct pgfact_func *f =
        bsearch(name, pgfact_funcs, COUNT(pgfact_funcs), sizeof pgfact_funcs[0], cmp_func);
    return f ? vol_of(f->vol) : PGFACT_UNKNOWN;
}

/* Extensions commonly used for defaults; their install scripts declare these
 * VOLATILE (uuid-ossp, pgcrypto) or IMMUTABLE/STABLE. */
static const struct pgfact_func ext_funcs[] = {
    {"armor", "i"},
    {"crypt", "i"},
    {"digest", "i"},
    {"gen_random_bytes", "v"},
    {"gen_random_uuid", "v"},
    {"gen_salt", "v"},
    {"hmac", "i"},
    {"uuid_generate_v1", "v"},
    {"uuid_generate_v1mc", "v"},
    {"uuid_generate_v3", "i"},
    {"uuid_generate_v4", "v"},
    {"uuid_generate_v5", "i"},
    {"uuid_nil", "i"},
    {"uuid_ns_dns", "i"},
    {"uuid_ns_oid", "i"},
    {"uuid_ns_url", "i"},
    {"uuid_ns_x500", "i"},
};

enum pgfact_volatility pgfact_extension_volatility(const char *name)
{
    const struct pgfact_func *f =
        bsearch(name, ext_funcs, COUNT(ext_funcs), sizeof ext_funcs[0], cmp_func);
    return f ? vol_of(f->vol) : PGFACT_UNKNOWN;
}

bool pgfact_binary_coercible(const char *from, const char *to)
{
    for (size_t i = 0; i < COUNT(pgfact_binary_casts); i++)
        if (strcmp(pgfact_binary_casts[i].from, from) == 0 &&
            strcmp(pgfact_binary_casts[i].to, to) == 0)
            return true;
    return false;
}

static const struct {
    const char *alias, *name;
} type_aliases[] = {
    {"bigint", "int8"},
    {"bigserial", "bigserial"},
    {"bit varying", "varbit"},
    {"boolean", "bool"},
    {"character varying", "varchar"},
    {"dec", "numeric"},
    {"decimal", "numeric"},
    {"double precision", "float8"},
    {"float", "float8"},
    {"int", "int4"},
    {"integer", "int4"},
    {"real", "float4"},
    {"serial2", "smallserial"},
    {"serial4", "serial"},
    {"serial8", "bigserial"},
    {"smallint", "int2"},
    {"time with time zone", "timetz"},
    {"time without time zone", "time"},
    {"timestamp with time zone", "timestamptz"},
    {"timestamp without time zone", "timestamp"},
};

const char *pgfact_type_canonical(const char *name)
{
    if (strncmp(name, "pg_catalog.", 11) == 0)
        name += 11;
    for (size_t i = 0; i < COUNT(type_aliases); i++)
        if (strcmp(type_aliases[i].alias, name) == 0)
            return type_aliases[i].name;
    return name;
}
