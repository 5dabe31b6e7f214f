/*
 * report.c - text and json renderers. Text mirrors rustc: a header line with
 * severity and rule id, the location, the source line with a caret under the
 * offending token, then note and help lines. JSON is a stable array
 * documented in docs/output.md.
 */
#include "cli/report.h"
#include "lint/strbuf.h"
#include "lint/util.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int report_format_parse(const char *name, enum report_format *f)
{
    if (strcmp(name, "text") == 0)
        *f = REPORT_TEXT;
    else if (strcmp(name, "json") == 0)
        *f = REPORT_JSON;
    else if (strcmp(name, "gcc") == 0)
        *f = REPORT_GCC;
    else if (strcmp(name, "sarif") == 0)
        *f = REPORT_SARIF;
    else if (strcmp(name, "github") == 0)
        *f = REPORT_GITHUB;
    else if (strcmp(name, "gitlab") == 0)
        *f = REPORT_GITLAB;
    else
        return -1;
    return 0;
}

int report_color_parse(const char *when, FILE *out, bool *color)
{
    if (!when || strcmp(when, "auto") == 0) {
        const char *nc = getenv("NO_COLOR");
        *color = isatty(fileno(out)) && !(nc && *nc);
    } else if (strcmp(when, "always") == 0) {
        *color = true;
    } else if (strcmp(when, "never") == 0) {
        *color = false;
    } else {
        return -1;
    }
    return 0;
}

#define C(o, code) ((o)->color ? "\033[" code "m" : "")
#define RESET(o) C(o, "0")

static const char *sev_color(const struct report_opts *o, enum severity s)
{
    if (!o->color)
        return "";
    return s == SEV_ERROR ? "\033[1;31m" : s == SEV_WARNING ? "\033[1;33m" : "\033[1;36m";
}

static bool ident_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '$' || c >= 0x80;
}

/* Length of the valid UTF-8 sequence at s (1..4), or 0 if the bytes there are not one. */
static uint32_t utf8_seq(const char *s, uint32_t n)
{
    unsigned char c = (unsigned char)s[0];
    uint32_t k = c < 0x80                 ? 1
                 : c >= 0xC2 && c <= 0xDF ? 2
                 : c >= 0xE0 && c <= 0xEF ? 3
                 : c >= 0xF0 && c <= 0xF4 ? 4
                                          : 0;
    if (k == 0 || k > n)
        return 0;
    return utf8_invalid_offset(s, k) == (size_t)-1 ? k : 0;
}

/* Writes line[0..n) for a terminal (tabs as 4 spaces; control characters and
 * invalid UTF-8 as U+FFFD, one per byte) when out is non-NULL; returns its
 * display width. */
static unsigned emit(FILE *out, const char *s, uint32_t n)
{
    unsigned w = 0;
    for (uint32_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        uint32_t k = utf8_seq(s + i, n - i);
        if (c == '\t') {
            if (out)
                fputs("    ", out);
            w += 4;
            i++;
        } else if (k == 0 || c < 0x20 || c == 0x7f) {
            if (out)
                fputs("\xEF\xBF\xBD", out);
            w++;
            i++;
        } else {
            if (out)
                fwrite(s + i, 1, k, out);
            w++;
            i += k;
        }
    }
    return w;
}

/* Text of several lines (PostgreSQL's DETAIL lists one dependent object per
 * line): continuation lines line up under the first. */
static void put_indented(FILE *out, const char *text, int indent)
{
    for (const char *p = text;;) {
        const char *nl = strchr(p, '\n');
        if (!nl || !nl[1]) { /* the last line (a trailing newline ends it) */
            fprintf(out, "%.*s\n", nl ? (int)(nl - p) : (int)strlen(p), p);
            return;
        }
        fprintf(out, "%.*s\n%*s", (int)(nl - p), p, indent, "");
        p = nl + 1;
    }
}

static void print_snippet(FILE *out, const struct diag *g, const struct report_opts *o, int gutter)
{
    uint32_t len;
    const char *line = source_line(g->loc.src, g->loc.line, &len);
    uint32_t col_off = g->loc.off - g->loc.src->line_starts[g->loc.line - 1];
    if (col_off > len)
        col_off = len;
    /* a very long line is shown as a window around the location */
    const uint32_t window = 60;
    bool cut_left = false, cut_right = false;
    if (len > 3 * window) {
        uint32_t from = col_off > window ? col_off - window : 0;
        uint32_t to = col_off + window < len ? col_off + window : len;
        while (from > 0 && ((unsigned char)line[from] & 0xC0) == 0x80)
            from--;
        while (to < len && ((unsigned char)line[to] & 0xC0) == 0x80)
            to++;
        cut_left = from > 0;
        cut_right = to < len;
        line += from;
        col_off -= from;
        len = to - from;
    }
    fprintf(out, "%*s %s|%s\n", gutter, "", C(o, "1;34"), RESET(o));
    fprintf(out, "%s%*u |%s %s", C(o, "1;34"), gutter, g->loc.line, RESET(o),
            cut_left ? "..." : "");
    emit(out, line, len);
    fprintf(out, "%s\n", cut_right ? "..." : "");
    /* underline: the given span, else the token at the location */
    uint32_t end = col_off;
    if (g->span)
        end = col_off + g->span;
    else if (strcmp(g->rule, "syntax-error") != 0)
        end = col_off + 1;
    else if (col_off < len && ident_char((unsigned char)line[col_off]))
        while (end < len && ident_char((unsigned char)line[end]))
            end++;
    else if (col_off < len && line[col_off] == '"') {
        end++;
        while (end < len && line[end] != '"')
            end++;
        if (end < len)
            end++;
    } else
        end = col_off + 1;
    if (end > len)
        end = len > col_off ? len : col_off + 1;
    unsigned pad = emit(NULL, line, col_off) + (cut_left ? 3 : 0);
    unsigned carets = end > col_off ? emit(NULL, line + col_off, end - col_off) : 1;
    if (carets == 0)
        carets = 1;
    fprintf(out, "%*s %s|%s %*s%s", gutter, "", C(o, "1;34"), RESET(o), (int)pad, "",
            sev_color(o, g->sev));
    for (unsigned i = 0; i < carets; i++)
        fputc('^', out);
    fprintf(out, "%s\n", RESET(o));
}

static void render_text(FILE *out, const struct chain *c, const struct diag_list *d,
                        const struct report_opts *o)
{
    int gutter = 1;
    for (uint32_t i = 0; i < d->n; i++) {
        unsigned l = d->items[i].loc.line;
        int w = l >= 10000 ? 5 : l >= 1000 ? 4 : l >= 100 ? 3 : l >= 10 ? 2 : 1;
        if (w > gutter)
            gutter = w;
    }
    for (uint32_t i = 0; i < d->n; i++) {
        const struct diag *g = &d->items[i];
        fprintf(out, "%s%s[%s]%s%s: %s%s\n", sev_color(o, g->sev), severity_name(g->sev), g->rule,
                RESET(o), C(o, "1"), g->message, RESET(o));
        if (g->loc.src)
            fprintf(out, "%*s%s-->%s %s:%u:%u\n", gutter, "", C(o, "1;34"), RESET(o),
                    g->loc.src->path, g->loc.line, g->loc.col);
        else if (g->path)
            fprintf(out, "%*s%s-->%s %s\n", gutter, "", C(o, "1;34"), RESET(o), g->path);
        if (g->loc.src && g->loc.line)
            print_snippet(out, g, o, gutter);
        if (o->explain_locks && g->lock_mode)
            fprintf(out, "%*s %s=%s lock: %s on %s\n", gutter, "", C(o, "1;34"), RESET(o),
                    g->lock_mode, g->lock_relation ? g->lock_relation : "?");
        if (g->note) {
            fprintf(out, "%*s %s=%s note: ", gutter, "", C(o, "1;34"), RESET(o));
            put_indented(out, g->note, gutter + 9);
        }
        if (g->help) {
            fprintf(out, "%*s %s=%s %shelp%s: ", gutter, "", C(o, "1;34"), RESET(o), C(o, "1"),
                    RESET(o));
            put_indented(out, g->help, gutter + 9);
        }
        fputc('\n', out);
    }
    if (!o->summary)
        return;
    uint32_t ne = 0, nw = 0, ni = 0, nstmts = 0;
    for (uint32_t i = 0; i < d->n; i++) {
        enum severity s = d->items[i].sev;
        ne += s == SEV_ERROR;
        nw += s == SEV_WARNING;
        ni += s == SEV_INFO;
    }
    for (uint32_t i = 0; c && i < c->nrevs; i++)
        nstmts += c->revs[i]->up.nstmts + c->revs[i]->down.nstmts;
    const char *where = c && !c->partial ? c->dir : "input";
    if (!d->n) {
        fprintf(out, "%s%s%s: %u revision%s, %u statement%s: no findings\n", C(o, "1;32"), where,
                RESET(o), c ? c->nrevs : 0, c && c->nrevs == 1 ? "" : "s", nstmts,
                nstmts == 1 ? "" : "s");
        return;
    }
    fprintf(out, "%s: %u revision%s, %u statement%s: %s%u error%s%s, %s%u warning%s%s", where,
            c ? c->nrevs : 0, c && c->nrevs == 1 ? "" : "s", nstmts, nstmts == 1 ? "" : "s",
            ne ? C(o, "1;31") : "", ne, ne == 1 ? "" : "s", ne ? RESET(o) : "",
            nw ? C(o, "1;33") : "", nw, nw == 1 ? "" : "s", nw ? RESET(o) : "");
    if (ni)
        fprintf(out, ", %u info", ni);
    fputc('\n', out);
}

static void json_str_or_null(struct strbuf *sb, const char *s)
{
    if (s)
        sb_add_json_str(sb, s);
    else
        sb_adds(sb, "null");
}

static void render_json(FILE *out, const struct diag_list *d)
{
    struct strbuf sb = STRBUF_INIT;
    sb_adds(&sb, "[");
    for (uint32_t i = 0; i < d->n; i++) {
        const struct diag *g = &d->items[i];
        sb_adds(&sb, i ? ",\n  {" : "\n  {");
        sb_adds(&sb, "\"rule\": ");
        sb_add_json_str(&sb, g->rule);
        sb_adds(&sb, ", \"severity\": ");
        sb_add_json_str(&sb, severity_name(g->sev));
        sb_adds(&sb, ", \"message\": ");
        sb_add_json_str(&sb, g->message);
        sb_adds(&sb, ", \"file\": ");
        json_str_or_null(&sb, g->loc.src ? g->loc.src->path : g->path);
        if (g->loc.src)
            sb_printf(&sb, ", \"line\": %u, \"column\": %u", g->loc.line, g->loc.col);
        else
            sb_adds(&sb, ", \"line\": null, \"column\": null");
        sb_adds(&sb, ", \"revision\": ");
        json_str_or_null(&sb, g->revision);
        sb_adds(&sb, ", \"sqlstate\": ");
        json_str_or_null(&sb, g->sqlstate);
        sb_adds(&sb, ", \"lock\": ");
        if (g->lock_mode) {
            sb_adds(&sb, "{\"mode\": ");
            sb_add_json_str(&sb, g->lock_mode);
            sb_adds(&sb, ", \"relation\": ");
            json_str_or_null(&sb, g->lock_relation);
            sb_adds(&sb, "}");
        } else {
            sb_adds(&sb, "null");
        }
        sb_adds(&sb, ", \"note\": ");
        json_str_or_null(&sb, g->note);
        sb_adds(&sb, ", \"help\": ");
        json_str_or_null(&sb, g->help);
        sb_printf(&sb, ", \"input_error\": %s}", g->input_error ? "true" : "false");
    }
    sb_adds(&sb, d->n ? "\n]\n" : "]\n");
    fwrite(sb.buf, 1, sb.len, out);
    sb_release(&sb);
}

void report_render(FILE *out, const struct chain *c, const struct diag_list *d,
                   const struct report_opts *o)
{
    switch (o->format) {
    case REPORT_JSON:
        render_json(out, d);
        break;
    case REPORT_TEXT:
        render_text(out, c, d, o);
        break;
    case REPORT_GCC:
        report_gcc(out, d, o);
        break;
    case REPORT_SARIF:
        report_sarif(out, d);
        break;
    case REPORT_GITHUB:
        report_github(out, d);
        break;
    case REPORT_GITLAB:
        report_gitlab(out, d);
        break;
    }
}
