/*
 * cmd_check.c - `airlock check DIR`: the fast CI gate. Reads the chain and
 * reports graph, encoding, directive, syntax and airlock.sum errors.
 */
#include "cli/chaincmd.h"
#include "cli/cli.h"
#include "lint/arena.h"

#include <stdio.h>

static int run(int argc, char **argv)
{
    struct chaincmd cc;
    if (chaincmd_parse(&cc, "check", argc, argv, false) < 0)
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

const struct command cmd_check = {
    "check",
    "check a chain's graph, syntax and airlock.sum (fast CI gate)",
    "usage: airlock check DIR [options]\n"
    "\n"
    "Reads the revision chain in DIR and reports every error that makes it\n"
    "unfit to apply: unreadable files (not UTF-8, NUL bytes, empty, psql\n"
    "meta-commands), bad directives, graph errors (duplicate ids, missing\n"
    "parents, cycles, several heads or bases), syntax errors found by\n"
    "PostgreSQL's own parser, and released revisions changed, removed or\n"
    "preceded by a new one (airlock.sum).\n"
    "\n"
    "options:\n"
    "  -f, --format FORMAT   chain layout: auto (default), native, alembic, alembic-sql,\n"
    "                        golang-migrate, goose, dbmate, flyway, diesel, sqitch\n"
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
