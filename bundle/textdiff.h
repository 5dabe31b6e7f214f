/*
 * textdiff.h - line diff of two texts in unified format, used by the applier
 * to show drift (the bundle's expected schema text against the live one).
 * Common prefix and suffix are trimmed first; the rest is an LCS diff, so the
 * cost is linear for the usual small drift and bounded for large ones.
 */
#ifndef AIRLOCK_TEXTDIFF_H
#define AIRLOCK_TEXTDIFF_H

#include <stddef.h>

#include "lint/strbuf.h"

/* Appends a unified diff (3 lines of context) of a -> b to out; appends
 * nothing when the texts are equal. Returns the number of changed lines. */
size_t textdiff_unified(const char *a, size_t alen, const char *b, size_t blen, const char *label_a,
                        const char *label_b, struct strbuf *out);

#endif
