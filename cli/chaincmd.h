/*
 * chaincmd.h - the option handling and pipeline shared by the commands that
 * read a chain and report diagnostics (check, lint).
 */
#ifndef AIRLOCK_CHAINCMD_H
#define AIRLOCK_CHAINCMD_H

#include "cli/report.h"
#include "lint/load.h"

struct chaincmd {
    const char *name;
    struct load_opts load;
    struct report_opts report;
    enum severity fail_on;
    char **paths;
    int npaths;
};

/* Parses the shared options (--format, --output, --color, --fail-on, -v).
 * Returns -1 after printing a usage error. */
int chaincmd_parse(struct chaincmd *cc, const char *name, int argc, char **argv, bool many_paths);
/* Exit code for the diagnostics (SPEC.md §6). */
int chaincmd_exit(const struct chaincmd *cc, const struct diag_list *d);

#endif
