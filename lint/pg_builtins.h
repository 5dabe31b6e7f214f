/*
 * pg_builtins.h - PostgreSQL 15's builtin catalog rows that the expression
 * analyser needs (pg_type, pg_proc, pg_operator, pg_cast, keywords), as
 * generated tables (lint/pg_builtins.c, scripts/gen-pg-builtins.py). Sorted:
 * procs and operators by name (then OID), casts by (source, target), keywords
 * by word, types by OID.
 */
#ifndef AIRLOCK_PG_BUILTINS_H
#define AIRLOCK_PG_BUILTINS_H

struct pgb_type {
    unsigned oid;
    const char *name;   /* typname */
    const char *format; /* format_type(oid, NULL) */
    char typtype, category;
    unsigned char preferred;
    unsigned elem, array;
    unsigned char collatable;
    short typlen;
};

struct pgb_proc {
    unsigned oid;
    const char *name;
    unsigned rettype;
    unsigned char retset;
    char volatility;   /* i, s, v */
    char kind;         /* f, a, w, p */
    unsigned variadic; /* element type of the VARIADIC argument, 0 if none */
    unsigned char ndefaults;
    unsigned char nargs;
    unsigned args; /* offset in pgb_proc_args */
};

struct pgb_oper {
    unsigned oid;
    const char *name;
    char kind; /* b binary, l prefix */
    unsigned left, right, result, proc;
};

struct pgb_cast {
    unsigned source, target, func;
    char context; /* i implicit, a assignment, e explicit */
    char method;  /* f function, b binary coercible, i I/O */
};

struct pgb_keyword {
    const char *word;
    char category; /* U unreserved, C col_name, T type_func_name, R reserved */
};

struct pgb_opclass {
    const char *name, *am;
    unsigned intype;
    unsigned char is_default;
};

/* A configuration parameter (pg_settings.name lower-cased, sorted) and its
 * context: user, superuser, sighup, postmaster, internal, backend,
 * superuser-backend. */
struct pgb_guc {
    const char *name, *context;
};

extern const struct pgb_guc pgb_gucs[];
extern const unsigned pgb_ngucs;
extern const struct pgb_opclass pgb_opclasses[];
extern const unsigned pgb_nopclasses;
extern const char *const pgb_index_ams[];       /* NULL-terminated */
extern const char *const pgb_extension_lines[]; /* NULL-terminated */
extern const char *const pgb_collations[];      /* NULL-terminated, sorted (UTF8 or any encoding) */
extern const struct pgb_type pgb_types[];
extern const unsigned pgb_ntypes;
extern const struct pgb_proc pgb_procs[];
extern const unsigned pgb_nprocs;
extern const unsigned pgb_proc_args[];
extern const struct pgb_oper pgb_opers[];
extern const unsigned pgb_nopers;
extern const struct pgb_cast pgb_casts[];
extern const unsigned pgb_ncasts;
extern const struct pgb_keyword pgb_keywords[];
extern const unsigned pgb_nkeywords;

#endif

/* ---- lookups over the tables (lint/builtin.c); built once per process ---- */

struct cat_type;
struct cat_schema;

/* PostgreSQL type OIDs the analyser refers to by name. */
enum {
    PGB_BOOL = 16,
    PGB_BYTEA = 17,
    PGB_CHAR = 18,
    PGB_NAME = 19,
    PGB_INT8 = 20,
    PGB_INT2 = 21,
    PGB_INT4 = 23,
    PGB_REGPROC = 24,
    PGB_TEXT = 25,
    PGB_OID = 26,
    PGB_JSON = 114,
    PGB_XML = 142,
    PGB_FLOAT4 = 700,
    PGB_FLOAT8 = 701,
    PGB_UNKNOWN = 705,
    PGB_MONEY = 790,
    PGB_INET = 869,
    PGB_CIDR = 650,
    PGB_BPCHAR = 1042,
    PGB_VARCHAR = 1043,
    PGB_DATE = 1082,
    PGB_TIME = 1083,
    PGB_TIMESTAMP = 1114,
    PGB_TIMESTAMPTZ = 1184,
    PGB_INTERVAL = 1186,
    PGB_TIMETZ = 1266,
    PGB_BIT = 1560,
    PGB_VARBIT = 1562,
    PGB_NUMERIC = 1700,
    PGB_REGCLASS = 2205,
    PGB_REGTYPE = 2206,
    PGB_RECORD = 2249,
    PGB_CSTRING = 2275,
    PGB_ANY = 2276,
    PGB_ANYARRAY = 2277,
    PGB_VOID = 2278,
    PGB_TRIGGER = 2279,
    PGB_ANYELEMENT = 2283,
    PGB_ANYNONARRAY = 2776,
    PGB_ANYENUM = 3500,
    PGB_ANYRANGE = 3831,
    PGB_UUID = 2950,
    PGB_TSVECTOR = 3614,
    PGB_TSQUERY = 3615,
    PGB_REGCONFIG = 3734,
    PGB_JSONB = 3802,
    PGB_EVENT_TRIGGER = 3838,
    PGB_ANYCOMPATIBLE = 5077,
    PGB_ANYCOMPATIBLEARRAY = 5078,
    PGB_ANYCOMPATIBLENONARRAY = 5079,
    PGB_ANYCOMPATIBLERANGE = 5080,
    PGB_ANYMULTIRANGE = 4537,
    PGB_ANYCOMPATIBLEMULTIRANGE = 4538,
    PGB_TEXTARRAY = 1009,
    PGB_INT4ARRAY = 1007,
    PGB_REGNAMESPACE = 4089,
    PGB_REGROLE = 4096,
};

/* The shared, immutable pg_catalog schema object holding the builtin types. */
struct cat_schema *pgb_schema(void);
/* Builtin type by OID or by typname (NULL if none). */
struct cat_type *pgb_type(unsigned oid);
struct cat_type *pgb_type_named(const char *typname);
const struct pgb_type *pgb_type_row(unsigned oid);
/* Procs / operators with this name: *first index into pgb_procs / pgb_opers, returns count. */
unsigned pgb_procs_named(const char *name, unsigned *first);
unsigned pgb_opers_named(const char *name, unsigned *first);
const struct pgb_proc *pgb_proc_by_oid(unsigned oid);
/* pg_cast row for (source, target), or NULL. */
const struct pgb_cast *pgb_cast_find(unsigned source, unsigned target);
/* Keyword category ('U', 'C', 'T', 'R') or 0 when word is not a keyword. */
char pgb_keyword(const char *word);
