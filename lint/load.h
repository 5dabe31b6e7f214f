/*
 * load.h - the first stages every chain-reading command shares: read the
 * chain in its format, check the graph, check ignore directives name known
 * rules, split and parse every statement, and compare with airlock.sum.
 */
#ifndef AIRLOCK_LOAD_H
#define AIRLOCK_LOAD_H

#include "lint/chain.h"

struct load_opts {
    const char *format;      /* "auto" (default) or a format name */
    bool verbose;            /* say which format auto-detection chose */
    bool no_sum;             /* skip the airlock.sum check */
    const char *flyway_conf; /* --flyway-conf FILE (NULL: found with the chain) */
};

/* paths: one directory, or one or more files (native format). Always returns
 * a chain (possibly empty) in *out; diagnostics go to d. Returns 0, or -1
 * when the chain could not be read at all. */
int load_chain(struct arena *a, char **paths, int npaths, const struct load_opts *o,
               struct chain **out, struct diag_list *d);

/* Whether id names a diagnostic airlock can report (for ignore directives). */
bool lint_rule_known(const char *id);

#endif
