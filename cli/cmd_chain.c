/*
 * cmd_chain.c - `airlock chain DIR`: prints the chain as airlock reads it
 * (revisions in application order, parents, transaction mode, every statement
 * with its file:line:col and flags), for checking how another tool's layout
 * was understood. Diagnostics follow the dump.
 */
#include "cli/chaincmd.h"
#include "cli/cli.h"
#include "lint/arena.h"
#include "lint/formats/formats.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int run(int argc, char **argv)
{
    /* --sql / --sql-down are this command's own; the rest are shared */
    int sql = 0;
    char **args = xmalloc(sizeof *args * ((size_t)argc + 1));
    int nargs = 0;
    for (int i = 0; i < argc; i++) {
        if (i > 0 && strcmp(argv[i], "--sql") == 0)
            sql = 1;
        else if (i > 0 && strcmp(argv[i], "--sql-down") == 0)
            sql = 2;
        else
            args[nargs++] = argv[i];
    }
    args[nargs] = NULL;
    struct chaincmd cc;
    int prc = chaincmd_parse(&cc, "chain", nargs, args, false);
    if (prc < 0) {
        free(args);
        return EXIT_USAGE;
    }
    struct arena *a = arena_new();
    struct diag_list d;
    diag_list_init(&d, a);
    struct chain *c;
    load_chain(a, cc.paths, cc.npaths, &cc.load, &c, &d);
    struct strbuf sb = STRBUF_INIT;
    if (sql)
        format_dump_sql(&sb, c, sql == 2);
    else
        format_dump(&sb, c);
    fwrite(sb.buf ? sb.buf : "", 1, sb.len, stdout);
    sb_release(&sb);
    diag_sort(&d);
    if (sql) {
        cc.report.summary = false;
        report_render(stderr, c, &d, &cc.report);
    } else {
        report_render(stdout, c, &d, &cc.report);
    }
    int rc = chaincmd_exit(&cc, &d);
    arena_free(a);
    free(args);
    return rc;
}

const struct command cmd_chain = {
    "chain",
    "print the chain as airlock reads it (any supported layout)",
    "usage: airlock chain DIR [options]\n"
    "\n"
    "Reads the revision chain in DIR - airlock's own format or another tool's\n"
    "layout - and prints it in application order: each revision's id, parents,\n"
    "version, message, transaction mode (on: one transaction; off: each\n"
    "statement on its own), and every statement of its up and down parts with\n"
    "the file:line:col it comes from and its flags (no-tx: runs outside the\n"
    "transaction; bookkeeping: the tool's own statement; not-analyzed: code\n"
    "airlock could not translate). Diagnostics follow.\n"
    "\n"
    "options:\n"
    "  -f, --format FORMAT   chain layout: auto (default), native, alembic, alembic-sql,\n"
    "                        golang-migrate, goose, dbmate, flyway, diesel, sqitch\n"
    "  -o, --output FORMAT   diagnostics as text (default) or json\n"
    "      --color WHEN      auto (default), always, never\n"
    "      --fail-on SEV     exit 1 on findings of this severity or worse: error (default),\n"
    "                        warning, info\n"
    "      --sql             print the up SQL of every revision as one psql script\n"
    "                        instead (diagnostics go to stderr)\n"
    "      --sql-down        the same for the down parts, newest revision first\n"
    "      --no-sum          do not compare with airlock.sum\n"
    "      --flyway-conf FILE  Flyway's flyway.conf/.toml (default: found with the chain)\n"
    "  -v, --verbose         say which layout was detected\n"
    "  -h, --help            show this help\n"
    "\n"
    "exit status: 0 no findings, 1 findings, 2 usage error or unreadable chain\n",
    run,
};
