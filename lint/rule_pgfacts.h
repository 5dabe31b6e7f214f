/*
 * rule_pgfacts.h - facts about PostgreSQL's built-in catalog that rules need
 * without a database: the volatility of pg_catalog functions (a volatile
 * column default forces a table rewrite), binary-coercible casts (an ALTER
 * COLUMN TYPE along one does not rewrite) and the canonical names of types.
 * The tables are generated from a real PostgreSQL by scripts/gen_rule_pgfacts.sh.
 */
#ifndef AIRLOCK_RULE_PGFACTS_H
#define AIRLOCK_RULE_PGFACTS_H

#include <stdbool.h>

enum pgfact_volatility {
    PGFACT_UNKNOWN = 0,
    PGFACT_IMMUTABLE = 1,
    PGFACT_STABLE = 2,
    PGFACT_VOLATILE = 3
};

/* The most volatile of all pg_catalog overloads of name (lower case), or
 * PGFACT_UNKNOWN when pg_catalog has no function of that name. */
enum pgfact_volatility pgfact_builtin_volatility(const char *name);
/* Volatility of well-known extension functions (uuid-ossp, pgcrypto, ...). */
enum pgfact_volatility pgfact_extension_volatility(const char *name);
/* pg_cast has a binary-coercible (castmethod 'b') cast from -> to (canonical names). */
bool pgfact_binary_coercible(const char *from, const char *to);
/* Canonical type name as pg_type spells it: "integer" -> "int4", "character
 * varying" -> "varchar", "pg_catalog.bool" -> "bool", "serial" stays "serial".
 * Returns name itself when it is no alias. */
const char *pgfact_type_canonical(const char *name);

#endif
