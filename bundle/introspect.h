/*
 * introspect.h - the canonical schema text (docs/schema-text.md) of a live
 * PostgreSQL database, read from pg_catalog through libpq. Used by
 * `airlock introspect` and by the applier's drift check; it never uses
 * libpg_query (it is linked into airlock-apply).
 */
#ifndef AIRLOCK_INTROSPECT_H
#define AIRLOCK_INTROSPECT_H

#include "lint/strbuf.h"
#include "lint/util.h"

struct pg_conn; /* libpq's PGconn */

/* Connects to conninfo, appends the schema text to out. Returns 0, or -1
 * with e filled (connection or query failure). */
int introspect_schema_text(const char *conninfo, struct strbuf *out, struct err *e);
/* The same on an open connection. The session's search_path, TimeZone,
 * DateStyle, IntervalStyle and extra_float_digits are set for the duration
 * (inside a read-only transaction when none is open) and restored. */
int introspect_conn_schema_text(struct pg_conn *conn, struct strbuf *out, struct err *e);

#endif
