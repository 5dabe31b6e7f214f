/*
 * cmd_schema.c - `airlock schema DIR [--at REV]`: the canonical schema text
 * (docs/schema-text.md) the chain produces, computed offline by the
 * simulator. Statements PostgreSQL would reject are reported on stderr and
 * left out of the schema, as PostgreSQL would leave them out. A statement
 * that fails only for an object the chain never creates is a warning, not an
 * error, as in `airlock check`: the object predates the chain.
 */
#include "cli/chaincmd.h"
#include "cli/cli.h"
#include "cli/schemacmd.h"
#include "lint/arena.h"
#include "lint/catalog.h"
#include "lint/hashmap.h"
#include "lint/rule.h"
#include "lint/simulate.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

int schemacmd_load(struct arena *a, const char *dir, const char *format, const char *flyway_conf,
                   struct chain **out, struct diag_list *d)
{
    struct load_opts lo = {0};
    lo.format = format ? format : "auto";
    lo.flyway_conf = flyway_conf;
    lo.no_sum = true;
    char *paths[1] = {(char *)dir};
    if (load_chain(a, paths, 1, &lo, out, d) < 0 || diag_has_input_error(d))
        return -1;
    return 0;
}

int schemacmd_text_at(struct arena *a, struct chain *c, const char *rev, struct strbuf *out,
                      struct diag_list *d)
{
    return schemacmd_text_at_opts(a, c, rev, false, out, d);
}

int schemacmd_text_at_opts(struct arena *a, struct chain *c, const char *rev, bool roundtrip,
                           struct strbuf *out, struct diag_list *d)
{
    struct revision *to = NULL;
    struct err e = {0};
    bool head = !rev || strcmp(rev, "head") == 0;
    if (!head && chain_resolve(c, rev, &to, &e) != 0) {
        struct diag *g = diag_add(d, "unknown-revision", SEV_ERROR, (struct loc){0}, "%s", e.msg);
        g->input_error = true;
        return -1;
    }
    struct catalog *cat = catalog_new(a);
    struct sim_chain_options so = {0};
    so.roundtrip = roundtrip;
    if (head) {
        /* every revision, in topological order (all heads) */
        sim_chain(a, cat, c, NULL, &so, d);
        if (roundtrip)
            sim_chain_roundtrip(a, c, d);
    } else if (to) {
        sim_chain(a, cat, c, to, &so, d);
    }
    catalog_schema_text(cat, out);
    catalog_free(cat);
    return 0;
}

/* Errors about objects no statement of the chain creates become warnings:
 * the object predates the chain (a history that starts after its baseline),
 * which `airlock check` assumes too; the schema text lacks it. */
static void predates(struct arena *a, const struct chain *c, struct diag_list *d)
{
    struct hashmap names;
    hashmap_init(&names, a);
    rules_chain_names(c, &names);
    for (uint32_t i = 0; i < d->n; i++) {
        struct diag *g = &d->items[i];
        if (g->sev != SEV_ERROR || !g->sqlstate ||
            !rules_missing_predates(a, &names, g->sqlstate, g->message))
            continue;
        g->sev = SEV_WARNING;
        if (!g->note)
            g->note = "no statement of the chain creates it: assumed to exist before the chain "
                      "(as airlock check does), so the schema text lacks it";
    }
}

static int run(int argc, char **argv)
{
    static const struct option opts[] = {
        {"at", required_argument, NULL, 'a'},     {"roundtrip", no_argument, NULL, 'r'},
        {"format", required_argument, NULL, 'f'}, {"flyway-conf", required_argument, NULL, 'W'},
        {"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0}};
    if (cli_wants_help(argc, argv))
        return cli_help(&cmd_schema);
    const char *at = "head", *format = "auto", *flyway_conf = NULL;
    bool roundtrip = false;
    optind = 0;
    opterr = 0;
    int ch;
    while ((ch = getopt_long(argc, argv, "a:f:h", opts, NULL)) != -1) {
        switch (ch) {
        case 'a':
            at = optarg;
            break;
        case 'f':
            format = optarg;
            break;
        case 'r':
            roundtrip = true;
            break;
        case 'W':
            flyway_conf = optarg;
            break;
        default:
            return cli_usage_error("schema", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind != argc - 1)
        return cli_usage_error("schema", "expected one chain directory");
    struct arena *a = arena_new();
    struct diag_list d;
    diag_list_init(&d, a);
    struct chain *c = NULL;
    struct report_opts ro = {REPORT_TEXT, false, false, false};
    int rc = EXIT_OK;
    struct strbuf out = STRBUF_INIT;
    if (schemacmd_load(a, argv[optind], format, flyway_conf, &c, &d) != 0 ||
        schemacmd_text_at_opts(a, c, at, roundtrip, &out, &d) != 0) {
        rc = EXIT_USAGE;
    } else {
        fwrite(out.buf ? out.buf : "", 1, out.len, stdout);
        predates(a, c, &d);
        if (diag_count(&d, SEV_ERROR))
            rc = EXIT_FINDINGS;
    }
    if (d.n) {
        diag_sort(&d);
        report_render(stderr, c, &d, &ro);
    }
    sb_release(&out);
    arena_free(a);
    return rc;
}

const struct command cmd_schema = {
    "schema",
    "print the schema a chain produces (canonical schema text), computed offline",
    "usage: airlock schema DIR [--at REV]\n"
    "\n"
    "Simulates the chain's up parts on an in-memory model of a fresh\n"
    "PostgreSQL 15 database and prints the canonical schema text\n"
    "(docs/schema-text.md): one block per object, sorted, deterministic. The\n"
    "same text comes from a live database with `airlock introspect`.\n"
    "Statements PostgreSQL would reject are reported on stderr with their\n"
    "SQLSTATE and have no effect on the schema; when the reason is an object\n"
    "no statement of the chain creates, as a warning (it is assumed to exist\n"
    "before the chain, as `airlock check` assumes).\n"
    "\n"
    "options:\n"
    "      --at REV          schema after REV: an id, a unique prefix of at least\n"
    "                        4 characters, base or head (default: head, i.e. every\n"
    "                        revision)\n"
    "      --roundtrip       also check every revision's down part restores the schema\n"
    "                        its up part started from, and that head -> base -> head\n"
    "                        gives the same schema (downgrade-not-reverting)\n"
    "  -f, --format FORMAT   chain layout: auto (default), native, alembic, alembic-sql,\n"
    "                        golang-migrate, goose, dbmate, flyway, diesel, sqitch\n"
    "      --flyway-conf FILE  Flyway's flyway.conf/.toml (default: found with the chain)\n"
    "  -h, --help            show this help\n"
    "\n"
    "exit status: 0 ok, 1 some statement would fail (other than for an object\n"
    "that predates the chain), 2 usage error or unreadable chain\n",
    run,
};
