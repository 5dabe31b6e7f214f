/*
 * cli.h - what every subcommand file provides: a name, a one-line summary, a
 * usage text for --help and `airlock help CMD`, and its run function. Only
 * cli/ prints and chooses exit codes (SPEC.md §6: 0 ok, 1 findings, 2 usage
 * or input error).
 */
#ifndef AIRLOCK_CLI_H
#define AIRLOCK_CLI_H

enum { EXIT_OK = 0, EXIT_FINDINGS = 1, EXIT_USAGE = 2 };

struct command {
    const char *name;
    const char *summary; /* one line for `airlock help` */
    const char *usage;   /* full --help text */
    int (*run)(int argc, char **argv); /* argv[0] is the command name */
};

extern const struct command cmd_keygen;
extern const struct command cmd_sign;
extern const struct command cmd_verify;
extern const struct command cmd_inspect;

#endif
