/*
 * cmd_check.c - `airlock check DIR`: the fast CI gate. Reads the chain and
 * reports graph, encoding, directive, syntax and airlock.sum errors, then
 * simulates it and reports the statements PostgreSQL would reject (the rule
 * engine with only statement-rejected enabled: no hazard rules).
 */
#include "cli/chaincmd.h"
#include "cli/cli.h"
#include "lint/arena.h"
#include "lint/rule.h"

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
    if (!diag_has_input_error(&d)) {
        struct rule_settings set;
        struct err e = {0};
        rule_settings_init(&set, a);
        if (rule_settings_apply(&set, "-all,statement-rejected", &e) < 0 ||
            rules_run(c, &set, &d, &e) < 0) {
            fprintf(stderr, "airlock check: %s\n", e.msg);
            arena_free(a);
            return EXIT_USAGE;
        }
    }
    diag_sort(&d);
    report_render(stdout, c, &d, &cc.report);
    int rc = chaincmd_exit(&cc, &d);
    arena_free(a);
    return rc;
}

const struct command cmd_check = {
    "check",
    "check a chain's graph, syntax, simulation and airlock.sum (fast CI gate)",
    "usage: airlock check DIR [options]\n"
    "\n"
    "Reads the revision chain in DIR and reports every error that makes it\n"
    "unfit to apply: unreadable files (not UTF-8, NUL bytes, empty, psql\n"
    "meta-commands), bad directives, graph errors (duplicate ids, missing\n"
    "parents, cycles, several heads or bases), syntax errors found by\n"
    "PostgreSQL's own parser, statements PostgreSQL would reject when run\n"
    "after the revisions before them (from the catalog simulator), and\n"
    "released revisions changed, removed or preceded by a new one\n"
    "(airlock.sum). Hazard rules are `airlock lint`'s job.\n"
    "\n"
    "options:\n"
    "  -f, --format FORMAT   chain layout: auto (default), native, alembic, alembic-sql,\n"
    "                        golang-migrate, goose, dbmate, flyway, diesel, sqitch\n"
    "  -o, --output FORMAT   text (default) or json\n"
    "      --color WHEN      auto (default: on a terminal, unless NO_COLOR), always, never\n"
    "      --fail-on SEV     exit 1 on findings of this severity or worse: error (default),\n"
    "                        warning, info\n"
    "      --no-sum          do not compare with airlock.sum\n"
    "      --flyway-conf FILE  Flyway's flyway.conf/.toml (default: found with the chain)\n"
    "  -v, --verbose         say which layout was detected\n"
    "  -h, --help            show this help\n"
    "\n"
    "exit status: 0 no findings, 1 findings, 2 usage error or unreadable chain\n",
    run,
};
