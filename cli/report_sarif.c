/*
 * report_sarif.c - SARIF 2.1.0 (OASIS), the format GitHub code scanning
 * uploads: one run whose tool.driver.rules lists every lint rule (id, name,
 * summary, the doc page as help, default level, group tag) plus the
 * diagnostics of earlier stages that appear in the results; each result
 * points at its rule by id and index, with the file, line and column.
 */
#include "cli/report.h"
#include "lint/rule.h"
#include "lint/strbuf.h"

#include <stdlib.h>
#include <string.h>

static const char *level(enum severity s)
{
    return s == SEV_ERROR ? "error" : s == SEV_WARNING ? "warning" : "note";
}

/* SARIF wants a URI reference: relative, forward slashes, no "./". */
static void add_uri(struct strbuf *sb, const char *path)
{
    while (path[0] == '.' && path[1] == '/')
        path += 2;
    struct strbuf u = STRBUF_INIT;
    for (const char *p = path; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == ' ' || c == '%' || c == '#' || c == '?' || c < 0x20)
            sb_printf(&u, "%%%02X", c);
        else
            sb_addc(&u, (char)c);
    }
    sb_add_json_str(sb, u.buf ? u.buf : "");
    sb_release(&u);
}

/* Title-case name from a kebab-case id: "ban-drop-column" -> "BanDropColumn". */
static void add_name(struct strbuf *sb, const char *id)
{
    struct strbuf n = STRBUF_INIT;
    bool up = true;
    for (const char *p = id; *p; p++) {
        if (*p == '-') {
            up = true;
            continue;
        }
        sb_addc(&n, up && *p >= 'a' && *p <= 'z' ? (char)(*p - 32) : *p);
        up = false;
    }
    sb_add_json_str(sb, n.buf ? n.buf : "");
    sb_release(&n);
}

static void add_rule(struct strbuf *sb, bool first, const char *id, const char *summary,
                     const char *doc, enum severity sev, const char *group)
{
    sb_adds(sb, first ? "\n          {" : ",\n          {");
    sb_adds(sb, "\"id\": ");
    sb_add_json_str(sb, id);
    sb_adds(sb, ", \"name\": ");
    add_name(sb, id);
    sb_adds(sb, ", \"shortDescription\": {\"text\": ");
    sb_add_json_str(sb, summary);
    sb_adds(sb, "}");
    if (doc) {
        sb_adds(sb, ", \"fullDescription\": {\"text\": ");
        sb_add_json_str(sb, summary);
        sb_adds(sb, "}, \"help\": {\"text\": ");
        sb_add_json_str(sb, doc);
        sb_adds(sb, ", \"markdown\": ");
        sb_add_json_str(sb, doc);
        sb_adds(sb, "}");
    }
    sb_printf(sb, ", \"defaultConfiguration\": {\"level\": \"%s\"}", level(sev));
    sb_adds(sb, ", \"properties\": {\"tags\": [");
    sb_add_json_str(sb, group);
    sb_adds(sb, "]}}");
}

void report_sarif(FILE *out, const struct diag_list *d)
{
    /* rule index of each diagnostic: registry rules first, then other ids in order of appearance */
    uint32_t n = rule_registry_count;
    const char **extra = d->n ? calloc(d->n, sizeof *extra) : NULL;
    uint32_t nextra = 0;
    uint32_t *index = d->n ? calloc(d->n, sizeof *index) : NULL;
    for (uint32_t i = 0; i < d->n; i++) {
        int k = rule_index(d->items[i].rule);
        if (k >= 0) {
            index[i] = (uint32_t)k;
            continue;
        }
        uint32_t j = 0;
        while (j < nextra && strcmp(extra[j], d->items[i].rule) != 0)
            j++;
        if (j == nextra)
            extra[nextra++] = d->items[i].rule;
        index[i] = n + j;
    }
    struct strbuf sb = STRBUF_INIT;
    sb_adds(&sb, "{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n  "
                 "\"version\": \"2.1.0\",\n"
                 "  \"runs\": [\n    {\n      \"tool\": {\n        \"driver\": {\n          "
                 "\"name\": \"airlock\",\n");
    sb_printf(&sb, "          \"version\": \"%s\",\n", AIRLOCK_VERSION);
    sb_adds(&sb, "          \"rules\": [");
    for (uint32_t i = 0; i < n; i++) {
        const struct rule *r = rule_registry[i];
        add_rule(&sb, i == 0, r->id, r->summary, r->doc, r->sev, rule_group_name(r->group));
    }
    for (uint32_t j = 0; j < nextra; j++)
        add_rule(&sb, n + j == 0, extra[j], extra[j], NULL, SEV_ERROR, "chain");
    sb_adds(&sb,
            "\n          ]\n        }\n      },\n      \"columnKind\": \"unicodeCodePoints\",\n"
            "      \"results\": [");
    for (uint32_t i = 0; i < d->n; i++) {
        const struct diag *g = &d->items[i];
        sb_adds(&sb, i ? ",\n        {" : "\n        {");
        sb_adds(&sb, "\"ruleId\": ");
        sb_add_json_str(&sb, g->rule);
        sb_printf(&sb, ", \"ruleIndex\": %u, \"level\": \"%s\", \"message\": {\"text\": ", index[i],
                  level(g->sev));
        struct strbuf m = STRBUF_INIT;
        sb_adds(&m, g->message);
        if (g->note) {
            sb_adds(&m, "\nnote: ");
            sb_adds(&m, g->note);
        }
        if (g->help) {
            sb_adds(&m, "\nhelp: ");
            sb_adds(&m, g->help);
        }
        sb_add_json_str(&sb, m.buf);
        sb_release(&m);
        sb_adds(&sb, "}, \"locations\": [{\"physicalLocation\": {\"artifactLocation\": {\"uri\": ");
        add_uri(&sb, report_path(g));
        sb_adds(&sb, "}");
        if (g->loc.src && g->loc.line)
            sb_printf(&sb, ", \"region\": {\"startLine\": %u, \"startColumn\": %u}", g->loc.line,
                      g->loc.col);
        sb_adds(&sb, "}}]");
        if (g->lock_mode || g->sqlstate || g->revision) {
            sb_adds(&sb, ", \"properties\": {");
            bool first = true;
            if (g->revision) {
                sb_adds(&sb, "\"revision\": ");
                sb_add_json_str(&sb, g->revision);
                first = false;
            }
            if (g->sqlstate) {
                sb_adds(&sb, first ? "\"sqlstate\": " : ", \"sqlstate\": ");
                sb_add_json_str(&sb, g->sqlstate);
                first = false;
            }
            if (g->lock_mode) {
                sb_adds(&sb, first ? "\"lock\": " : ", \"lock\": ");
                sb_add_json_str(&sb, g->lock_mode);
                sb_adds(&sb, ", \"lockRelation\": ");
                sb_add_json_str(&sb, g->lock_relation ? g->lock_relation : "");
            }
            sb_adds(&sb, "}");
        }
        sb_adds(&sb, "}");
    }
    sb_adds(&sb, d->n ? "\n      ]\n    }\n  ]\n}\n" : "]\n    }\n  ]\n}\n");
    fwrite(sb.buf, 1, sb.len, out);
    sb_release(&sb);
    free(extra);
    free(index);
}
