/*
 * sql.h - the PostgreSQL parser (libpg_query) as airlock uses it: parse a
 * part's text with pg_query_parse_protobuf into statements and their trees
 * in an arena (protobuf-c arena allocator), each node located from its
 * statement's start, and report syntax errors at PostgreSQL's own cursor
 * position.
 */
#ifndef AIRLOCK_SQL_H
#define AIRLOCK_SQL_H

#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>

#include "lint/chain.h"

/* Splits and parses one part; adds syntax-error diagnostics. Statements that do
 * not parse keep node == NULL. Returns the number of errors. */
int sql_parse_part(struct arena *a, struct revision *r, struct part *p, struct diag_list *d);
/* All parts of all revisions. */
int sql_parse_chain(struct chain *c, struct diag_list *d);
/* Parses standalone SQL (tests, tools): statements into *out, located in src. */
int sql_parse_text(struct arena *a, const struct source *src, struct stmt **out, uint32_t *n,
                   struct diag_list *d);
/* The statement node's kind name as libpg_query calls it, e.g. "CreateStmt". */
const char *sql_node_kind(const PgQuery__Node *n);
/* The statement's text as a NUL-terminated arena copy. */
char *sql_stmt_text(struct arena *a, const struct part *p, const struct stmt *s);

#endif
