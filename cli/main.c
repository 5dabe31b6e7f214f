/*
 * main.c - the airlock command: `airlock COMMAND [ARGS]`. Dispatches to one
 * file per subcommand (cli/cmd_*.c) through the table below; `airlock help
 * [CMD]` and `CMD --help` print the same usage texts.
 */
#include "cli/cli.h"

#include <pg_query.h> /* PG_VERSION */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const struct command *const commands[] = {
    &cmd_chain,
    &cmd_check,
    &cmd_lint,
    &cmd_sum,
    &cmd_rules,
    &cmd_explain,
    &cmd_schema,
    &cmd_diff,
    &cmd_introspect,
    &cmd_keygen,
    &cmd_bundle,
    &cmd_sign,
    &cmd_verify,
    &cmd_inspect,
    &cmd_apply,
};

#define NCOMMANDS (sizeof commands / sizeof commands[0])

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "airlock%s%s: error: ", cmd ? " " : "", cmd ? cmd : "");
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry 'airlock %s%s--help' for more information.\n", cmd ? cmd : "",
            cmd ? " " : "");
    return EXIT_USAGE;
}

int cli_help(const struct command *cmd)
{
    fputs(cmd->usage, stdout);
    return EXIT_OK;
}

bool cli_wants_help(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0)
            break;
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0)
            return true;
    }
    return false;
}

static void general_help(FILE *out)
{
    fprintf(out,
            "airlock %s - offline PostgreSQL migration linter, simulator and bundler\n\n"
            "usage: airlock COMMAND [ARGS...]\n\ncommands:\n",
            AIRLOCK_VERSION);
    for (size_t i = 0; i < NCOMMANDS; i++)
        fprintf(out, "  %-12s %s\n", commands[i]->name, commands[i]->summary);
    fprintf(out, "  %-12s %s\n\n", "help", "show help for a command");
    fprintf(out, "Run 'airlock help COMMAND' or 'airlock COMMAND --help' for details.\n"
                 "Exit codes: 0 ok, 1 findings at or above --fail-on, 2 usage or input error.\n");
}

static const struct command *find_command(const char *name)
{
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (strcmp(commands[i]->name, name) == 0)
            return commands[i];
    return NULL;
}

static int run(int argc, char **argv)
{
    if (argc < 2) {
        general_help(stderr);
        return EXIT_USAGE;
    }
    const char *name = argv[1];
    if (strcmp(name, "--version") == 0 || strcmp(name, "-V") == 0 || strcmp(name, "version") == 0) {
        printf("airlock %s (PostgreSQL parser %s)\n", AIRLOCK_VERSION, PG_VERSION);
        return EXIT_OK;
    }
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0) {
        general_help(stdout);
        return EXIT_OK;
    }
    if (strcmp(name, "help") == 0) {
        if (argc < 3) {
            general_help(stdout);
            return EXIT_OK;
        }
        const struct command *c = find_command(argv[2]);
        if (!c) {
            fprintf(stderr, "airlock: unknown command '%s'\n", argv[2]);
            return EXIT_USAGE;
        }
        return cli_help(c);
    }
    const struct command *c = find_command(name);
    if (!c) {
        fprintf(stderr, "airlock: unknown command '%s'\n\n", name);
        general_help(stderr);
        return EXIT_USAGE;
    }
    if (cli_wants_help(argc - 1, argv + 1))
        return cli_help(c);
    return c->run(argc - 1, argv + 1);
}

int main(int argc, char **argv)
{
    int rc = run(argc, argv);
    if (fflush(stdout) != 0 && rc == EXIT_OK)
        rc = EXIT_USAGE;
    return rc;
}
