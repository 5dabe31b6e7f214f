/*
 * rule_roundtrip.h - the up -> down round trip check of the rule engine:
 * fingerprints of the objects a revision touches, captured before their
 * first change and compared after the down part (see rule_roundtrip.c).
 */
#ifndef AIRLOCK_RULE_ROUNDTRIP_H
#define AIRLOCK_RULE_ROUNDTRIP_H

#include "lint/catalog.h"
#include "lint/simulate.h"

struct arena;
struct rt;

struct rt *rt_new(struct arena *a);
/* Forgets every captured object (a new revision starts). */
void rt_reset(struct rt *r);
/* Records the state of the objects e touches (its locks and objects) that
 * were not captured yet; c must be the catalog before the statement. */
void rt_capture(struct rt *r, const struct catalog *c, const struct effect *e);
/* After the down part: NULL when every captured object is as it was, else
 * a line difference ("- was", "+ now") of the objects that differ. */
const char *rt_compare(struct rt *r, const struct catalog *c);

#endif
