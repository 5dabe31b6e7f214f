/*
 * load.c - see load.h. The order matters: graph checks need every file read;
 * parsing needs each file's parts; the sum check needs the graph (to know
 * which revisions lie beneath released ones).
 */
#include "lint/load.h"
#include "lint/arena.h"
#include "lint/formats/formats.h"
#include "lint/rule.h"
#include "lint/sql.h"
#include "lint/sum.h"

#include <string.h>
#include <sys/stat.h>

/* Diagnostics the chain reader, graph checks, parser and sum check report. */
static const char *const builtin_ids[] = {
    "syntax-error", "statement-too-deep", "psql-meta-command", "invalid-utf8", "nul-byte",
    "empty-file", "missing-up", "unknown-directive", "invalid-directive", "duplicate-directive",
    "directive-after-statement", "unknown-rule", "duplicate-revision", "missing-parent",
    "revision-cycle", "multiple-heads", "multiple-bases", "invalid-revision-id",
    "merge-single-parent", "mixed-parents", "released-revision-modified",
    "released-revision-removed", "revision-inserted-before-released", "invalid-sum-file",
    "unreadable-file", "unreadable-directory", "empty-chain",
    /* format readers (lint/formats/) */
    "unknown-format", "ambiguous-format", "duplicate-version", "invalid-version",
    "invalid-file-name", "invalid-annotation", "duplicate-up", "missing-semicolon",
    "unterminated-statement-begin", "unexpected-statement-end", "statement-outside-block",
    "down-before-up", "empty-migration", "orphan-undo", "flyway-mixed-transaction",
    "flyway-placeholder", "flyway-config", "sqitch-plan-syntax", "sqitch-dependency",
    "sqitch-conflict", "not-checkable", "alembic-revision", "alembic-branch-label",
    "alembic-operation", "alembic-sql-marker", "python-syntax", "not-analyzed", NULL};

bool lint_rule_known(const char *id)
{
    for (int i = 0; builtin_ids[i]; i++)
        if (strcmp(builtin_ids[i], id) == 0)
            return true;
    return rule_find(id) != NULL || strcmp(id, "unused-ignore") == 0;
}

int load_chain(struct arena *a, char **paths, int npaths, const struct load_opts *o,
               struct chain **out, struct diag_list *d)
{
    struct stat st;
    bool dir = npaths == 1 && stat(paths[0], &st) == 0 && S_ISDIR(st.st_mode);
    struct chain *c = chain_new(a, dir ? paths[0] : ".", "native");
    *out = c;
    const char *format = o && o->format ? o->format : "auto";
    if (!format_known(format)) {
        struct diag *g = diag_add(d, "unknown-format", SEV_ERROR, (struct loc){0},
                                  "unknown chain format '%s'", format);
        g->input_error = true;
        return -1;
    }
    /* other tools' layouts (lint/formats/): a directory, or one alembic --sql file */
    bool other = strcmp(format, "native") != 0 && (dir || npaths == 1);
    if (strcmp(format, "native") != 0 && strcmp(format, "auto") != 0 && !other) {
        struct diag *g = diag_add(d, "unknown-format", SEV_ERROR, (struct loc){0},
                                  "the %s format reads a directory, not %d files", format, npaths);
        g->input_error = true;
        return -1;
    }
    if (other && strcmp(format, "auto") == 0) {
        struct err e = {0};
        const char *found = NULL;
        if (dir && format_detect(paths[0], &found, &e) < 0) {
            if (e.code == 2) { /* ambiguous: name the candidates */
                struct diag *g =
                    diag_add(d, "ambiguous-format", SEV_ERROR, (struct loc){0}, "%s", e.msg);
                g->path = paths[0];
                g->input_error = true;
                g->help = "name the layout with --format";
                return -1;
            }
            found = "native"; /* nothing recognised: the native reader says what is wrong */
        } else if (!dir) {
            found = format_detect(paths[0], &found, &e) == 0 ? found : "native";
        }
        if (o && o->verbose) {
            struct diag *g =
                diag_add(d, "format-detected", SEV_INFO, (struct loc){0}, "read as %s", found);
            g->path = paths[0];
        }
        format = found;
        other = strcmp(format, "native") != 0;
    }
    if (other) {
        struct chain *fc;
        struct format_opts fo = {false, o ? o->flyway_conf : NULL};
        int rc = format_read_opts(&fc, a, format, paths[0], &fo, d);
        if (fc)
            *out = c = fc;
        if (rc < 0 && c->nrevs == 0)
            return -1;
        chain_validate(c, d);
        sql_parse_chain(c, d);
        if (dir && !(o && o->no_sum))
            sum_check(c, d);
        return 0;
    }
    if (dir) {
        if (native_read_dir(c, paths[0], d) < 0)
            return -1;
    } else {
        c->partial = true;
        native_read_files(c, paths, npaths, d);
    }
    chain_validate(c, d);
    chain_check_ignores(c, lint_rule_known, d);
    sql_parse_chain(c, d);
    if (dir && !(o && o->no_sum))
        sum_check(c, d);
    return 0;
}
