/*
 * apply_cli.h - the command line of the applier, shared by the airlock-apply
 * binary (bundle/apply_main.c) and `airlock apply` (cli/cmd_apply.c), so both
 * run exactly the same code. It lives in bundle/ because airlock-apply may not
 * link cli/; it is the one file of bundle/ that prints.
 */
#ifndef AIRLOCK_APPLY_CLI_H
#define AIRLOCK_APPLY_CLI_H

/* Usage text (for --help and `airlock help apply`). */
extern const char apply_cli_usage[];

/* argv[0] is the program or command name; argv[1] may be verify | status |
 * apply | log (default apply). Returns the exit code (enum apply_exit). */
int apply_cli(int argc, char **argv, const char *prog);

#endif
