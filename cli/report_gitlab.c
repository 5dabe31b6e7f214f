/*
 * report_gitlab.c - GitLab Code Quality report (a JSON array of issues with
 * description, check_name, fingerprint, severity and location.path /
 * location.lines.begin), for `artifacts:reports:codequality`. The fingerprint
 * is a SHA-256 of rule, path, line and message, so it is stable across runs.
 */
#include "cli/report.h"
#include "lint/strbuf.h"
#include "lint/util.h"

#include <string.h>

static const char *gitlab_severity(enum severity s)
{
    return s == SEV_ERROR ? "critical" : s == SEV_WARNING ? "major" : "info";
}

void report_gitlab(FILE *out, const struct diag_list *d)
{
    struct strbuf sb = STRBUF_INIT;
    sb_adds(&sb, "[");
    for (uint32_t i = 0; i < d->n; i++) {
        const struct diag *g = &d->items[i];
        struct strbuf key = STRBUF_INIT;
        sb_printf(&key, "%s\n%s\n%u\n%s", g->rule, report_path(g), g->loc.line, g->message);
        char fp[65];
        sha256_hex(key.buf, key.len, fp);
        sb_release(&key);
        sb_adds(&sb, i ? ",\n  {" : "\n  {");
        sb_adds(&sb, "\"description\": ");
        struct strbuf desc = STRBUF_INIT;
        sb_adds(&desc, g->message);
        if (g->help) {
            sb_adds(&desc, " (help: ");
            sb_adds(&desc, g->help);
            sb_adds(&desc, ")");
        }
        sb_add_json_str(&sb, desc.buf);
        sb_release(&desc);
        sb_adds(&sb, ", \"check_name\": ");
        sb_add_json_str(&sb, g->rule);
        sb_printf(&sb, ", \"fingerprint\": \"%s\", \"severity\": \"%s\"", fp,
                  gitlab_severity(g->sev));
        sb_adds(&sb, ", \"location\": {\"path\": ");
        sb_add_json_str(&sb, report_path(g));
        sb_printf(&sb, ", \"lines\": {\"begin\": %u}}}",
                  g->loc.src && g->loc.line ? g->loc.line : 1);
    }
    sb_adds(&sb, d->n ? "\n]\n" : "]\n");
    fwrite(sb.buf, 1, sb.len, out);
    sb_release(&sb);
}
