/*
 * main.c - the airlock command: dispatches to one file per subcommand
 * (cli/cmd_*.c) through the table below.
 */
#include "cli/cli.h"

#include <stdio.h>
#include <string.h>

static const struct command *const commands[] = {
    &cmd_keygen,
    &cmd_sign,
    &cmd_verify,
    &cmd_inspect,
    NULL,
};

int main(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "--version") == 0) {
        printf("airlock %s\n", AIRLOCK_VERSION);
        return 0;
    }
    (void)commands;
    fprintf(stderr, "usage: airlock COMMAND [ARGS...]\n");
    return 2;
}
