/*
 * apply_main.c - airlock-apply, the minimal applier carried into restricted
 * environments: verify, status, apply, log. Links only bundle/ code, the base
 * utilities, libarchive, libsodium, libpq and sqlite3 (never libpg_query).
 */
#include "bundle/apply_cli.h"

int main(int argc, char **argv)
{
    return apply_cli(argc, argv, "airlock-apply");
}
