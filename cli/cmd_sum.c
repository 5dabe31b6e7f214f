/*
 * cmd_sum.c - `airlock sum DIR`: records every revision as released in
 * DIR/airlock.sum. Refuses a chain that does not check clean, so a broken
 * state is never locked in.
 */
#include "cli/chaincmd.h"
#include "cli/cli.h"
#include "lint/arena.h"
#include "lint/sum.h"

#include <stdio.h>

static int run(int argc, char **argv)
{
    struct chaincmd cc;
    if (chaincmd_parse(&cc, "sum", argc, argv, false) < 0)
        return EXIT_USAGE;
    struct arena *a = arena_new();
    struct diag_list d;
    diag_list_init(&d, a);
    struct chain *c;
    cc.load.no_sum = true; /* rewriting it: released-revision checks are the caller's choice */
    load_chain(a, cc.paths, cc.npaths, &cc.load, &c, &d);
    int rc = EXIT_OK;
    if (diag_count(&d, SEV_ERROR)) {
        diag_sort(&d);
        cc.report.summary = false;
        report_render(stderr, c, &d, &cc.report);
        fprintf(stderr, "airlock sum: %s not written: the chain has errors\n", "airlock.sum");
        rc = diag_has_input_error(&d) ? EXIT_USAGE : EXIT_FINDINGS;
    } else {
        struct err e = {0};
        if (sum_write(c, &e) < 0) {
            fprintf(stderr, "airlock sum: %s\n", e.msg);
            rc = EXIT_USAGE;
        } else {
            printf("%s/%s: %u revision%s summed\n", c->dir, SUM_FILE, c->nrevs,
                   c->nrevs == 1 ? "" : "s");
        }
    }
    arena_free(a);
    return rc;
}

const struct command cmd_sum = {
    "sum",
    "write airlock.sum, the lock file of released revisions",
    "usage: airlock sum DIR [options]\n"
    "\n"
    "Writes DIR/airlock.sum: one line per revision in chain order,\n"
    "'<id> sha256:<hash of the revision file>', then 'chain sha256:<hash of\n"
    "the lines above>'. Commit it with a release; afterwards `airlock check`\n"
    "and `airlock lint` report a summed revision that was modified\n"
    "(released-revision-modified) or removed (released-revision-removed), and\n"
    "a new revision inserted beneath released ones\n"
    "(revision-inserted-before-released). The file is written atomically and\n"
    "only when the chain has no errors.\n"
    "\n"
    "options:\n"
    "  -f, --format FORMAT   chain layout: auto (default), native, alembic, alembic-sql,\n"
    "                        golang-migrate, goose, dbmate, flyway, diesel, sqitch\n"
    "      --flyway-conf FILE  Flyway's flyway.conf/.toml (default: found with the chain)\n"
    "      --color WHEN      colour of error output: auto, always, never\n"
    "  -h, --help            show this help\n",
    run,
};
