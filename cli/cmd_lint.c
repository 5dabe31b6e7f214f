/*
 * cmd_lint.c - `airlock lint DIR|FILE...`: everything check reports, then
 * the lint rules (lint/rules.c) over the simulated chain. The project's
 * .airlock.conf (found by walking up from the chain) sets defaults; flags
 * override it. The options only lint has are taken out of argv here; the rest
 * go to the parser shared with check (chaincmd.c).
 */
#include "cli/chaincmd.h"
#include "cli/cli.h"
#include "lint/arena.h"
#include "lint/config.h"
#include "lint/rule.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct lint_flags {
    const char *since, *rules, *config;
    int pg_version;
    bool explain_locks, no_config, no_simulation, assume_lock_timeout;
    bool has_fail_on, has_output, has_format;
    char **rest; /* options for chaincmd_parse (argv without the lint-only ones) */
    int nrest;
    char **paths; /* positional arguments */
    int npaths;
};

/* "--name VALUE" or "--name=VALUE" at argv[*i]: the value, advancing *i. */
static const char *opt_value(int argc, char **argv, int *i, const char *name, bool *bad)
{
    size_t n = strlen(name);
    if (strncmp(argv[*i], name, n) != 0)
        return NULL;
    if (argv[*i][n] == '=')
        return argv[*i] + n + 1;
    if (argv[*i][n] != 0)
        return NULL;
    if (*i + 1 >= argc) {
        *bad = true;
        return NULL;
    }
    return argv[++*i];
}

static bool starts(const char *s, const char *p)
{
    return strncmp(s, p, strlen(p)) == 0;
}

static int take_flags(int argc, char **argv, struct lint_flags *f)
{
    memset(f, 0, sizeof *f);
    f->rest = calloc((size_t)argc + 4, sizeof *f->rest);
    f->paths = calloc((size_t)argc + 1, sizeof *f->paths);
    f->rest[f->nrest++] = argv[0];
    bool dashdash = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        bool bad = false;
        const char *v;
        if (dashdash || a[0] != '-' || a[1] == 0) {
            f->paths[f->npaths++] = argv[i];
            continue;
        }
        if (strcmp(a, "--") == 0) {
            dashdash = true;
        } else if ((v = opt_value(argc, argv, &i, "--since", &bad))) {
            f->since = v;
        } else if ((v = opt_value(argc, argv, &i, "--rules", &bad))) {
            f->rules = v;
        } else if ((v = opt_value(argc, argv, &i, "--config", &bad))) {
            f->config = v;
        } else if ((v = opt_value(argc, argv, &i, "--pg-version", &bad))) {
            char *end;
            long n = strtol(v, &end, 10);
            if (*end || n < 9 || n > 99) {
                cli_usage_error(
                    "lint", "--pg-version takes a PostgreSQL major version such as 15, not '%s'",
                    v);
                return -1;
            }
            f->pg_version = (int)n;
        } else if (strcmp(a, "--explain-locks") == 0) {
            f->explain_locks = true;
        } else if (strcmp(a, "--no-config") == 0) {
            f->no_config = true;
        } else if (strcmp(a, "--no-simulation") == 0) {
            f->no_simulation = true;
        } else if (strcmp(a, "--assume-lock-timeout") == 0) {
            f->assume_lock_timeout = true;
        } else {
            if (bad) {
                cli_usage_error("lint", "option '%s' needs a value", a);
                return -1;
            }
            if (starts(a, "--fail-on"))
                f->has_fail_on = true;
            if (starts(a, "--output") || starts(a, "-o"))
                f->has_output = true;
            if (starts(a, "--format") || starts(a, "-f"))
                f->has_format = true;
            f->rest[f->nrest++] = argv[i];
            /* the shared options that take a separate value */
            static const char *const valued[] = {"--format", "-f",      "--output",
                                                 "-o",       "--color", "--fail-on"};
            for (size_t k = 0; k < sizeof valued / sizeof valued[0]; k++)
                if (strcmp(a, valued[k]) == 0 && i + 1 < argc)
                    f->rest[f->nrest++] = argv[++i];
            continue;
        }
        if (bad) {
            cli_usage_error("lint", "option '%s' needs a value", a);
            return -1;
        }
    }
    return 0;
}

/* Where to look for .airlock.conf: the first path given, else the cwd. */
static const char *first_path(const struct lint_flags *f)
{
    return f->npaths ? f->paths[0] : NULL;
}

static int run(int argc, char **argv)
{
    struct lint_flags f;
    if (take_flags(argc, argv, &f) < 0) {
        free(f.rest);
        free(f.paths);
        return EXIT_USAGE;
    }
    struct arena *a = arena_new();
    int rc = EXIT_USAGE;
    struct lint_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.fail_on = cfg.assume_lock_timeout = cfg.assume_statement_timeout = -1;
    struct err e = {0};
    const char *cfg_path = f.config      ? f.config
                           : f.no_config ? NULL
                                         : config_find(a, first_path(&f));
    if (cfg_path && config_load(a, cfg_path, &cfg, &e) < 0) {
        if (e.line)
            fprintf(stderr, "%s:%u:%u: error: %s\n", e.file, e.line, e.col, e.msg);
        else
            fprintf(stderr, "airlock lint: error: %s\n", e.msg);
        goto out;
    }
    /* the config's defaults go in front, so that flags given later win */
    char **args = calloc((size_t)f.nrest + (size_t)f.npaths + 8, sizeof *args);
    int nargs = 0;
    args[nargs++] = f.rest[0];
    if (cfg.output && !f.has_output) {
        args[nargs++] = "--output";
        args[nargs++] = (char *)cfg.output;
    }
    if (cfg.format && !f.has_format) {
        args[nargs++] = "--format";
        args[nargs++] = (char *)cfg.format;
    }
    for (int i = 1; i < f.nrest; i++)
        args[nargs++] = f.rest[i];
    if (f.npaths || cfg.chain_dir)
        args[nargs++] = "--"; /* paths may start with '-' */
    for (int i = 0; i < f.npaths; i++)
        args[nargs++] = f.paths[i];
    if (!f.npaths && cfg.chain_dir)
        args[nargs++] = (char *)cfg.chain_dir;
    struct chaincmd cc;
    int perr = chaincmd_parse(&cc, "lint", nargs, args, true);
    if (perr < 0) {
        free(args);
        goto out;
    }
    cc.report.explain_locks = f.explain_locks;
    if (!f.has_fail_on && cfg.fail_on >= 0)
        cc.fail_on = (enum severity)cfg.fail_on;

    struct rule_settings set;
    rule_settings_init(&set, a);
    if (config_apply(&cfg, &set, &e) < 0) {
        fprintf(stderr, "%s: error: %s\n", e.file, e.msg);
        free(args);
        goto out;
    }
    if (f.rules && rule_settings_apply(&set, f.rules, &e) < 0) {
        cli_usage_error("lint", "--rules: %s", e.msg);
        free(args);
        goto out;
    }
    if (f.pg_version)
        set.pg_version = f.pg_version;
    if (f.since)
        set.since = f.since;
    if (f.assume_lock_timeout)
        set.assume_lock_timeout = true;
    set.no_simulation = f.no_simulation;

    struct diag_list d;
    diag_list_init(&d, a);
    struct chain *c;
    load_chain(a, cc.paths, cc.npaths, &cc.load, &c, &d);
    if (!diag_has_input_error(&d) && rules_run(c, &set, &d, &e) < 0) {
        cli_usage_error("lint", "%s", e.msg);
        free(args);
        goto out;
    }
    diag_sort(&d);
    report_render(stdout, c, &d, &cc.report);
    rc = chaincmd_exit(&cc, &d);
    free(args);
out:
    free(f.rest);
    free(f.paths);
    arena_free(a);
    return rc;
}

const struct command cmd_lint = {
    "lint",
    "lint a chain (or single migration files) for hazards",
    "usage: airlock lint [DIR|FILE...] [options]\n"
    "\n"
    "Lints the revision chain in DIR, or the given migration files: everything\n"
    "`airlock check` reports, then every enabled rule (`airlock rules`) on each\n"
    "statement, with the catalog the chain has built so far, the lock the\n"
    "statement takes and the transaction it runs in. Each finding has its\n"
    "location, the source line and what to do instead (`airlock explain RULE`).\n"
    "\n"
    "Suppress a finding with '-- airlock:ignore RULE[,RULE]' before the\n"
    "statement, or '-- airlock:ignore-file RULE' anywhere in the file; squawk's\n"
    "'-- squawk-ignore RULE' comments are honoured for the rules that match.\n"
    "An ignore that suppresses nothing is reported (unused-ignore).\n"
    "\n"
    "Settings come from .airlock.conf in the chain's directory or the nearest\n"
    "parent (see docs/lint.md); DIR defaults to its 'dir'. Flags win.\n"
    "\n"
    "options:\n"
    "  -f, --format FORMAT   chain layout: auto (default), native, alembic, alembic-sql,\n"
    "                        golang-migrate, goose, dbmate, flyway, diesel, sqitch\n"
    "  -o, --output FORMAT   text (default), json, gcc, sarif, github, gitlab\n"
    "      --color WHEN      auto (default: on a terminal, unless NO_COLOR), always, never\n"
    "      --fail-on SEV     exit 1 on findings of this severity or worse: error (default),\n"
    "                        warning, info\n"
    "      --since REV       report only findings in revisions after REV (REV and its\n"
    "                        ancestors are still simulated): the code-review mode\n"
    "      --rules LIST      enable/disable rules or set severities: 'a,-b,c=error,all,none'\n"
    "      --pg-version N    PostgreSQL major version of the target (default 15)\n"
    "      --explain-locks   show the lock each finding's statement takes (text, gcc)\n"
    "      --assume-lock-timeout  the runner sets lock_timeout (airlock-apply does)\n"
    "      --config FILE     read this config instead of searching for .airlock.conf\n"
    "      --no-config       ignore .airlock.conf\n"
    "      --no-simulation   rules on the parse tree only (no catalog)\n"
    "      --no-sum          do not compare with airlock.sum\n"
    "      --flyway-conf FILE  Flyway's flyway.conf/.toml (default: found with the chain)\n"
    "  -v, --verbose         say which layout was detected\n"
    "  -h, --help            show this help\n"
    "\n"
    "exit status: 0 no findings at or above --fail-on, 1 findings, 2 usage error or\n"
    "unreadable chain\n",
    run,
};
