/*
 * fuzz_chain.c - fuzz target for everything that reads untrusted chain bytes:
 * the native reader (directives, encodings, meta-commands), graph validation
 * and the libpg_query layer. Built two ways: with clang -fsanitize=fuzzer
 * (cmake -DAIRLOCK_FUZZ=ON), a libFuzzer target; otherwise linked with the
 * deterministic mutation driver (driver.c) that ctest runs.
 * The input is split at "\n=====\n" into several files of one chain.
 *
 * Compiled with -DFUZZ_LINT it is fuzz_lint: the same chain then goes through
 * rules_run(), i.e. the catalog simulator (every statement kind, dependency
 * drops, data checks, DDL templates) and every lint rule, over seeds from
 * the simulator corpora and the rule fixtures, with SQL-level mutations.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "lint/arena.h"
#include "lint/chain.h"
#include "lint/sql.h"
#ifdef FUZZ_LINT
#include "lint/rule.h"
#define FUZZ_NAME "fuzz_lint"
#else
#define FUZZ_NAME "fuzz_chain"
#endif

static unsigned long fuzz_stmts; /* statements parsed, to show the run did work */
static unsigned long fuzz_diags; /* findings, likewise */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char sep[] = "\n=====\n";
    const char *names[8], *parts[8];
    size_t lens[8];
    char namebuf[8][16];
    int n = 0;
    const char *p = (const char *)data, *end = p + size;
    while (n < 8) {
        const char *s = NULL;
        for (const char *q = p; q + sizeof sep - 1 <= end; q++)
            if (memcmp(q, sep, sizeof sep - 1) == 0) {
                s = q;
                break;
            }
        snprintf(namebuf[n], sizeof namebuf[n], "%d_f.sql", n + 1);
        names[n] = namebuf[n];
        parts[n] = p;
        lens[n] = (size_t)((s ? s : end) - p);
        n++;
        if (!s)
            break;
        p = s + sizeof sep - 1;
    }
    struct arena *a = arena_new();
    struct diag_list d;
    diag_list_init(&d, a);
    struct chain *c = chain_new(a, "fuzz", "native");
    native_read_buffers(c, names, parts, lens, n, &d);
    chain_validate(c, &d);
    sql_parse_chain(c, &d);
#ifdef FUZZ_LINT
    if (!diag_has_input_error(&d)) {
        struct rule_settings set;
        rule_settings_init(&set, a);
        struct err e = {0};
        rules_run(c, &set, &d, &e);
    }
#endif
    for (uint32_t i = 0; i < c->nrevs; i++)
        fuzz_stmts += c->revs[i]->up.nstmts + c->revs[i]->down.nstmts;
    fuzz_diags += d.n;
    for (uint32_t i = 0; i < d.n; i++) /* every diagnostic must be located in its file */
        if (d.items[i].loc.src && d.items[i].loc.off > d.items[i].loc.src->len)
            abort();
    arena_free(a);
    return 0;
}

#ifndef AIRLOCK_LIBFUZZER
const char *const fuzz_tokens[] = {
    "-- airlock:down\n",
    "-- airlock:parents none\n",
    "-- airlock:revision x\n",
    "$$",
    "'",
    "\"",
    "/*",
    "*/",
    ";",
    "(",
    ")",
    "\\i x\n",
    "\xff",
    "\xc3",
    "\n",
    "E'\\",
    "-- airlock:ignore syntax-error\n",
    "$a$",
    "\r\n",
#ifdef FUZZ_LINT
    /* whole statements and clauses that reshape the catalog under the others */
    ";\nDROP TABLE t CASCADE;\n",
    ";\nDROP SCHEMA public CASCADE;\n",
    ";\nBEGIN;\n",
    ";\nROLLBACK;\n",
    ";\nCOMMIT;\n",
    ";\nSET search_path = x, public;\n",
    ";\n-- airlock:transaction off\n",
    ";\nALTER TABLE t RENAME TO u;\n",
    ";\nALTER TABLE t ALTER COLUMN id TYPE text;\n",
    ";\nCREATE TABLE t (id int PRIMARY KEY, v text);\n",
    ";\nINSERT INTO t VALUES (1, NULL);\n",
    " CASCADE",
    " IF EXISTS",
    " NOT NULL",
    " CONCURRENTLY",
    " DEFAULT now()",
    " REFERENCES t",
    " UNIQUE",
    "::regclass",
    " GENERATED ALWAYS AS IDENTITY",
    " PARTITION BY RANGE (id)",
#endif
};
const size_t fuzz_ntokens = sizeof fuzz_tokens / sizeof fuzz_tokens[0];
const char *const fuzz_name = FUZZ_NAME;
#ifdef FUZZ_LINT
const int fuzz_default_rounds = 5000;
#else
const int fuzz_default_rounds = 3000;
#endif

void fuzz_report(void)
{
    printf("%lu statements parsed, %lu diagnostics\n", fuzz_stmts, fuzz_diags);
}
#endif
