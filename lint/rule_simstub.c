/*
 * rule_simstub.c - TEMPORARY stand-ins for the catalog and simulator API
 * (lint/simulate.h) until branch `sim` delivers simulate.c: sim_new() returns
 * NULL, so the rule engine runs on the parse tree alone. Deleted when sim's
 * simulator is merged.
 */
#include "lint/catalog.h"
#include "lint/simulate.h"

struct sim *sim_new(struct arena *a, struct catalog *c, const struct sim_options *opt)
{
    (void)a, (void)c, (void)opt;
    return NULL;
}
void sim_begin_part(struct sim *s, const struct revision *r, enum part_kind part)
{
    (void)s, (void)r, (void)part;
}
void sim_end_part(struct sim *s)
{
    (void)s;
}
const struct effect *sim_statement(struct sim *s, const struct part *p, const struct stmt *st,
                                   struct diag_list *d)
{
    (void)s, (void)p, (void)st, (void)d;
    return NULL;
}
void sim_schema_diff(const char *before, const char *after, struct strbuf *out)
{
    (void)before, (void)after, (void)out;
}
void catalog_schema_text(const struct catalog *c, struct strbuf *out)
{
    (void)c, (void)out;
}
