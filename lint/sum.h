/*
 * sum.h - airlock.sum (SPEC.md §2), the lock file of released revisions:
 * `<id> sha256:<hex>` per revision in chain order, then
 * `chain sha256:<hex of all lines above>`. Once summed, a revision's bytes
 * may not change, it may not disappear, and no revision may be inserted
 * beneath it.
 */
#ifndef AIRLOCK_SUM_H
#define AIRLOCK_SUM_H

#include "lint/chain.h"

#define SUM_FILE "airlock.sum"

/* The text of airlock.sum for the chain (malloc'd). */
char *sum_format(const struct chain *c, size_t *len);
/* Writes DIR/airlock.sum atomically. */
int sum_write(const struct chain *c, struct err *e);
/* Compares the chain with DIR/airlock.sum if there is one; adds
 * released-revision-modified / -removed, revision-inserted-before-released,
 * invalid-sum-file diagnostics. Returns the number of diagnostics added. */
int sum_check(const struct chain *c, struct diag_list *d);

#endif
