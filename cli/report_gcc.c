/*
 * report_gcc.c - one line per finding in the format compilers use, so that
 * editors' error parsers (Emacs compilation-mode, Vim's errorformat) jump to
 * it: `file:line:col: severity: [rule] message`, 1-based; findings about a
 * whole file or directory drop line and column.
 */
#include "cli/report.h"

const char *report_path(const struct diag *g)
{
    if (g->loc.src)
        return g->loc.src->path;
    return g->path ? g->path : "";
}

void report_gcc(FILE *out, const struct diag_list *d, const struct report_opts *o)
{
    for (uint32_t i = 0; i < d->n; i++) {
        const struct diag *g = &d->items[i];
        if (g->loc.src && g->loc.line)
            fprintf(out, "%s:%u:%u: %s: [%s] %s", report_path(g), g->loc.line, g->loc.col,
                    severity_name(g->sev), g->rule, g->message);
        else
            fprintf(out, "%s: %s: [%s] %s", report_path(g), severity_name(g->sev), g->rule,
                    g->message);
        if (o && o->explain_locks && g->lock_mode)
            fprintf(out, " (%s on %s)", g->lock_mode, g->lock_relation ? g->lock_relation : "?");
        fputc('\n', out);
    }
}
