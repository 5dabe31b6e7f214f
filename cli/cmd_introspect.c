/*
 * cmd_introspect.c - `airlock introspect --db CONNINFO`: the canonical
 * schema text of a live PostgreSQL database (bundle/introspect.c), the
 * same text `airlock schema` computes offline.
 */
#include "bundle/introspect.h"
#include "cli/cli.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

static int run(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'}, {"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
    if (cli_wants_help(argc, argv))
        return cli_help(&cmd_introspect);
    const char *db = NULL;
    optind = 0;
    opterr = 0;
    int ch;
    while ((ch = getopt_long(argc, argv, "d:h", opts, NULL)) != -1) {
        if (ch == 'd')
            db = optarg;
        else
            return cli_usage_error("introspect", "unknown option '%s'", argv[optind - 1]);
    }
    if (!db)
        return cli_usage_error("introspect", "--db CONNINFO is required");
    if (optind != argc)
        return cli_usage_error("introspect", "unexpected argument '%s'", argv[optind]);
    struct strbuf out = STRBUF_INIT;
    struct err e = {0};
    if (introspect_schema_text(db, &out, &e) != 0) {
        fprintf(stderr, "airlock introspect: error: %s\n", e.msg);
        sb_release(&out);
        return EXIT_USAGE;
    }
    fwrite(out.buf ? out.buf : "", 1, out.len, stdout);
    sb_release(&out);
    return EXIT_OK;
}

const struct command cmd_introspect = {
    "introspect",
    "print the canonical schema text of a live database",
    "usage: airlock introspect --db CONNINFO\n"
    "\n"
    "Connects with libpq (CONNINFO is a libpq connection string or URI),\n"
    "reads pg_catalog in a read-only transaction and prints the canonical\n"
    "schema text (docs/schema-text.md), comparable byte for byte with\n"
    "`airlock schema`. Extension-owned objects and the bookkeeping tables of\n"
    "migration tools are left out.\n"
    "\n"
    "options:\n"
    "      --db CONNINFO     the database to read\n"
    "  -h, --help            show this help\n"
    "\n"
    "exit status: 0 ok, 2 usage error or connection/query failure\n",
    run,
};
