/*
 * sim_sqlstate.c - test helper: for each SQL file given (a testdata/sim-errors
 * case: setup statements then one final statement), simulates the file as
 * psql runs it (autocommit, statement by statement) on a fresh catalog and
 * prints "FILE<TAB>SQLSTATE" for the final statement ("-" if the simulator
 * accepts it), and "FILE<TAB>setup:SQLSTATE" if a setup statement failed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lint/arena.h"
#include "lint/catalog.h"
#include "lint/simulate.h"
#include "lint/source.h"
#include "lint/sql.h"

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        struct arena *a = arena_new();
        struct err e = {0};
        struct source *src = source_load(a, argv[i], 1 << 20, &e);
        if (!src) {
            printf("%s\tunreadable\n", argv[i]);
            arena_free(a);
            continue;
        }
        struct diag_list d;
        diag_list_init(&d, a);
        struct stmt *stmts = NULL;
        uint32_t n = 0;
        sql_parse_text(a, src, &stmts, &n, &d);
        struct catalog *c = catalog_new(a);
        struct sim *s = sim_new(a, c, NULL);
        const char *setup_fail = NULL, *final = "-";
        for (uint32_t k = 0; k < n; k++) {
            const struct effect *ef = sim_statement(s, NULL, &stmts[k], NULL);
            const char *st = ef->sqlstate;
            if (!stmts[k].node)
                st = "42601"; /* syntax error */
            if (k + 1 < n) {
                if (st && !setup_fail)
                    setup_fail = st;
            } else {
                final = st ? st : "-";
            }
        }
        if (setup_fail)
            printf("%s\tsetup:%s\t%s\n", argv[i], setup_fail, final);
        else
            printf("%s\t%s\n", argv[i], final);
        catalog_free(c);
        arena_free(a);
    }
    return 0;
}
