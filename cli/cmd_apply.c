/*
 * cmd_apply.c - `airlock apply`: the applier inside the main binary. Runs the
 * very code of airlock-apply (bundle/apply_cli.c), so the two cannot drift.
 */
#include "bundle/apply_cli.h"
#include "cli/cli.h"

static int run(int argc, char **argv)
{
    return apply_cli(argc, argv, "airlock apply");
}

const struct command cmd_apply = {
    .name = "apply",
    .summary = "verify a bundle and apply it to a PostgreSQL database (as airlock-apply)",
    .usage = apply_cli_usage,
    .run = run,
};
