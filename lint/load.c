/*
 * load.c - see load.h. The order matters: graph checks need every file read;
 * parsing needs each file's parts; the sum check needs the graph (to know
 * which revisions lie beneath released ones).
 */
#include "lint/load.h"
#include "lint/arena.h"
#include "lint/rule.h"
#include "lint/sql.h"
#include "lint/sum.h"

#include <string.h>
#include <sys/stat.h>

/* Diagnostics the chain reader, graph checks, parser and sum check report. */
static const char *const builtin_ids[] = {"syntax-error",
                                          "statement-too-deep",
                                          "psql-meta-command",
                                          "invalid-utf8",
                                          "nul-byte",
                                          "empty-file",
                                          "missing-up",
                                          "unknown-directive",
                                          "invalid-directive",
                                          "duplicate-directive",
                                          "directive-after-statement",
                                          "unknown-rule",
                                          "duplicate-revision",
                                          "missing-parent",
                                          "revision-cycle",
                                          "multiple-heads",
                                          "multiple-bases",
                                          "invalid-revision-id",
                                          "merge-single-parent",
                                          "mixed-parents",
                                          "released-revision-modified",
                                          "released-revision-removed",
                                          "revision-inserted-before-released",
                                          "invalid-sum-file",
                                          "unreadable-file",
                                          "unreadable-directory",
                                          "empty-chain",
                                          NULL};

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
    if (o && o->format && strcmp(o->format, "auto") != 0 && strcmp(o->format, "native") != 0) {
        struct diag *g = diag_add(d, "unknown-format", SEV_ERROR, (struct loc){0},
                                  "unknown chain format '%s'", o->format);
        g->input_error = true;
        return -1;
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
