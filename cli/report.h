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

enum report_format {
    REPORT_TEXT,
    REPORT_JSON,
    REPORT_GCC,    /* file:line:col: severity: [rule] message (report_gcc.c) */
    REPORT_SARIF,  /* SARIF 2.1.0 with rule metadata (report_sarif.c) */
    REPORT_GITHUB, /* GitHub Actions workflow commands (report_github.c) */
    REPORT_GITLAB, /* GitLab Code Quality report (report_gitlab.c) */
};

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

/* The renderers of the lint formats, one file each. */
void report_gcc(FILE *out, const struct diag_list *d, const struct report_opts *o);
void report_sarif(FILE *out, const struct diag_list *d);
void report_github(FILE *out, const struct diag_list *d);
void report_gitlab(FILE *out, const struct diag_list *d);
/* The path a diagnostic is about, as given on the command line ("" if none). */
const char *report_path(const struct diag *g);

#endif
