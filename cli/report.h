/*
 * report.h - renders a diagnostic list for people (text, rustc/squawk
 * style) and for programs (json). Other renderers (gcc, sarif, github,
 * gitlab) plug in through report_render's format switch.
 */
#ifndef AIRLOCK_REPORT_H
#define AIRLOCK_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "lint/chain.h"

enum report_format { REPORT_TEXT, REPORT_JSON };

struct report_opts {
    enum report_format format;
    bool color;         /* ANSI colours (text only) */
    bool explain_locks; /* show the lock each statement takes (text only) */
    bool summary;       /* a closing summary line (text only) */
};

/* Parses --output NAME; returns 0 or -1 for an unknown name. */
int report_format_parse(const char *name, enum report_format *f);
/* Resolves --color auto|always|never (auto: a TTY and no NO_COLOR). -1 if invalid. */
int report_color_parse(const char *when, FILE *out, bool *color);
void report_render(FILE *out, const struct chain *c, const struct diag_list *d,
                   const struct report_opts *o);

#endif
