/*
 * cmd_lint.c - `airlock lint DIR|FILE...`: everything check reports, for a
 * directory or for single files (a pull request's changed files).
 */
#include "cli/chaincmd.h"
#include "cli/cli.h"
#include "lint/arena.h"

#include <stdio.h>

static int run(int argc, char **argv)
{
    struct chaincmd cc;
    if (chaincmd_parse(&cc, "lint", argc, argv, true) < 0)
        return EXIT_USAGE;
    struct arena *a = arena_new();
    struct diag_list d;
    diag_list_init(&d, a);
    struct chain *c;
    load_chain(a, cc.paths, cc.npaths, &cc.load, &c, &d);
    diag_sort(&d);
    report_render(stdout, c, &d, &cc.report);
    int rc = chaincmd_exit(&cc, &d);
    arena_free(a);
    return rc;
}

const struct command cmd_lint = {
    "lint",
    "lint a chain (or single migration files) for hazards",
    "usage: airlock lint DIR|FILE... [options]\n"
    "\n"
    "Lints the revision chain in DIR, or the given migration files. Reports\n"
    "everything `airlock check` reports, with each finding's location, the\n"
    "source line and what to do instead. Files given one by one are ordered\n"
    "like a chain; parents outside them are not errors.\n"
    "\n"
    "Suppress a finding with '-- airlock:ignore RULE[,RULE]' before the\n"
    "statement, or '-- airlock:ignore-file RULE' anywhere in the file.\n"
    "\n"
    "options:\n"
    "  -f, --format FORMAT   chain layout: auto (default), native\n"
    "  -o, --output FORMAT   text (default) or json\n"
    "      --color WHEN      auto (default: on a terminal, unless NO_COLOR), always, never\n"
    "      --fail-on SEV     exit 1 on findings of this severity or worse: error (default),\n"
    "                        warning, info\n"
    "      --no-sum          do not compare with airlock.sum\n"
    "  -v, --verbose         say which layout was detected\n"
    "  -h, --help            show this help\n"
    "\n"
    "exit status: 0 no findings, 1 findings, 2 usage error or unreadable chain\n",
    run,
};
