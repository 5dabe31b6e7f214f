/*
 * schemacmd.h - what `airlock schema` and `airlock diff` share: read a
 * chain, simulate it up to a revision and produce the canonical schema text.
 */
#ifndef AIRLOCK_SCHEMACMD_H
#define AIRLOCK_SCHEMACMD_H

#include <stdbool.h>

#include "lint/chain.h"
#include "lint/strbuf.h"

struct arena;

/* Loads the chain in dir (format "auto"/"native"), once per arena. */
int schemacmd_load(struct arena *a, const char *dir, const char *format, const char *flyway_conf,
                   struct chain **out, struct diag_list *d);
/* Appends the schema text at rev ("head", "base", an id or prefix) to out.
 * Simulation errors go to d. Returns 0, or -1 when rev does not resolve
 * (message in d). */
int schemacmd_text_at(struct arena *a, struct chain *c, const char *rev, struct strbuf *out,
                      struct diag_list *d);

/* The same; with roundtrip, also the up -> down and head -> base -> head checks. */
int schemacmd_text_at_opts(struct arena *a, struct chain *c, const char *rev, bool roundtrip,
                           struct strbuf *out, struct diag_list *d);

#endif
