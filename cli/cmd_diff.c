/*
 * cmd_diff.c - `airlock diff DIR REV1 REV2`: what changes in the schema
 * between two revisions of a chain, as a block-wise difference of the
 * canonical schema texts ("- " removed, "+ " added, "~ " a changed object).
 */
#include "cli/chaincmd.h"
#include "cli/cli.h"
#include "cli/schemacmd.h"
#include "lint/arena.h"
#include "lint/simulate.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

static int run(int argc, char **argv)
{
    static const struct option opts[] = {{"format", required_argument, NULL, 'f'},
                                         {"flyway-conf", required_argument, NULL, 'W'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    if (cli_wants_help(argc, argv))
        return cli_help(&cmd_diff);
    const char *format = "auto", *flyway_conf = NULL;
    optind = 0;
    opterr = 0;
    int ch;
    while ((ch = getopt_long(argc, argv, "f:h", opts, NULL)) != -1) {
        if (ch == 'f')
            format = optarg;
        else if (ch == 'W')
            flyway_conf = optarg;
        else
            return cli_usage_error("diff", "unknown option '%s'", argv[optind - 1]);
    }
    if (optind != argc - 3)
        return cli_usage_error("diff", "expected DIR REV1 REV2");
    struct arena *a = arena_new();
    struct diag_list d;
    diag_list_init(&d, a);
    struct chain *c = NULL;
    struct strbuf t1 = STRBUF_INIT, t2 = STRBUF_INIT, out = STRBUF_INIT;
    int rc = EXIT_OK;
    if (schemacmd_load(a, argv[optind], format, flyway_conf, &c, &d) != 0 ||
        schemacmd_text_at(a, c, argv[optind + 1], &t1, &d) != 0 ||
        schemacmd_text_at(a, c, argv[optind + 2], &t2, &d) != 0) {
        rc = EXIT_USAGE;
    } else {
        sim_schema_diff(t1.buf ? t1.buf : "", t2.buf ? t2.buf : "", &out);
        fwrite(out.buf ? out.buf : "", 1, out.len, stdout);
        rc = out.len ? EXIT_FINDINGS : EXIT_OK;
    }
    if (rc == EXIT_USAGE && d.n) {
        struct report_opts ro = {REPORT_TEXT, false, false, false};
        diag_sort(&d);
        report_render(stderr, c, &d, &ro);
    }
    sb_release(&t1);
    sb_release(&t2);
    sb_release(&out);
    arena_free(a);
    return rc;
}

const struct command cmd_diff = {
    "diff",
    "show how the schema differs between two revisions",
    "usage: airlock diff DIR REV1 REV2\n"
    "\n"
    "Simulates the chain up to REV1 and up to REV2 and prints the difference\n"
    "of the two canonical schema texts, object by object:\n"
    "  - LINE    an object (or a line of one) only at REV1\n"
    "  + LINE    an object (or a line of one) only at REV2\n"
    "  ~ HEADER  an object present at both whose lines differ (followed by\n"
    "            its - and + lines)\n"
    "REV is an id, a unique prefix of at least 4 characters, base or head.\n"
    "\n"
    "options:\n"
    "  -f, --format FORMAT   chain layout: auto (default), native, alembic, alembic-sql,\n"
    "                        golang-migrate, goose, dbmate, flyway, diesel, sqitch\n"
    "      --flyway-conf FILE  Flyway's flyway.conf/.toml (default: found with the chain)\n"
    "  -h, --help            show this help\n"
    "\n"
    "exit status: 0 no difference, 1 differences, 2 usage error or unreadable chain\n",
    run,
};
