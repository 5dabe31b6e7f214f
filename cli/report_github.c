/*
 * report_github.c - GitHub Actions workflow commands: one
 * `::error file=F,line=L,col=C,title=RULE::message` line per finding (warning
 * and notice for the lower severities), which the runner turns into
 * annotations on the pull request's diff. Values are escaped as the runner's
 * toolkit does (%, CR, LF; and : , in properties).
 */
#include "cli/report.h"

static void put_escaped(FILE *out, const char *s, bool property)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '%':
            fputs("%25", out);
            break;
        case '\r':
            fputs("%0D", out);
            break;
        case '\n':
            fputs("%0A", out);
            break;
        case ':':
            fputs(property ? "%3A" : ":", out);
            break;
        case ',':
            fputs(property ? "%2C" : ",", out);
            break;
        default:
            fputc(*s, out);
        }
    }
}

void report_github(FILE *out, const struct diag_list *d)
{
    for (uint32_t i = 0; i < d->n; i++) {
        const struct diag *g = &d->items[i];
        const char *cmd = g->sev == SEV_ERROR     ? "error"
                          : g->sev == SEV_WARNING ? "warning"
                                                  : "notice";
        fprintf(out, "::%s file=", cmd);
        put_escaped(out, report_path(g), true);
        if (g->loc.src && g->loc.line)
            fprintf(out, ",line=%u,col=%u", g->loc.line, g->loc.col);
        fputs(",title=", out);
        put_escaped(out, g->rule, true);
        fputs("::", out);
        put_escaped(out, g->message, false);
        if (g->help) {
            fputs("%0Ahelp: ", out);
            put_escaped(out, g->help, false);
        }
        fputc('\n', out);
    }
}
