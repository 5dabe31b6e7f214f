/*
 * cli.h - what every subcommand file provides: a name, a one-line summary, a
 * usage text for --help and `airlock help CMD`, and its run function. Only
 * cli/ prints and chooses exit codes (SPEC.md §6: 0 ok, 1 findings, 2 usage
 * or input error).
 */
#ifndef AIRLOCK_CLI_H
#define AIRLOCK_CLI_H

#include <stdbool.h>

enum { EXIT_OK = 0, EXIT_FINDINGS = 1, EXIT_USAGE = 2 };

struct command {
    const char *name;
    const char *summary;               /* one line for `airlock help` */
    const char *usage;                 /* full --help text */
    int (*run)(int argc, char **argv); /* argv[0] is the command name */
};

/* Prints "airlock CMD: message" and a pointer to --help on stderr; returns EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Prints the command's usage text on stdout; returns EXIT_OK. */
int cli_help(const struct command *cmd);
/* True if argv has -h or --help before a "--". */
bool cli_wants_help(int argc, char **argv);

extern const struct command cmd_chain;
extern const struct command cmd_check;
extern const struct command cmd_lint;
extern const struct command cmd_sum;
extern const struct command cmd_rules;
extern const struct command cmd_explain;
extern const struct command cmd_schema;
extern const struct command cmd_diff;
extern const struct command cmd_introspect;
extern const struct command cmd_keygen;
extern const struct command cmd_bundle;
extern const struct command cmd_sign;
extern const struct command cmd_verify;
extern const struct command cmd_inspect;
extern const struct command cmd_apply;

#endif
