/*
 * test_sim_robust.c - the simulator never crashes and never leaks, whatever
 * order the statements come in: every file of the SQL corpora (testdata/sim,
 * testdata/sim-errors, testdata/shop, testdata/sim-fidelity) is simulated
 * as is, backwards, and with every statement left out in turn (which makes
 * later statements meet missing objects), with a round trip (mark, rollback)
 * around each run that must give back the empty schema text. Meaningful in
 * the ASan+UBSan build.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lint/arena.h"
#include "lint/catalog.h"
#include "lint/simulate.h"
#include "lint/source.h"
#include "lint/sql.h"
#include "lint/strbuf.h"

static char *schema(struct catalog *c)
{
    struct strbuf sb = STRBUF_INIT;
    catalog_schema_text(c, &sb);
    size_t n;
    char *t = sb_detach(&sb, &n);
    return t ? t : xstrdup("");
}

/* Simulates stmts[order[i]] for i < n on one catalog inside a mark. */
static void run_order(struct stmt *stmts, const uint32_t *order, uint32_t n, const char *empty)
{
    struct arena *a = arena_new();
    struct catalog *c = catalog_new(a);
    struct sim *s = sim_new(a, c, NULL);
    catalog_mark_t m = catalog_mark(c);
    struct revision r;
    memset(&r, 0, sizeof r);
    r.id = "t";
    sim_begin_part(s, &r, PART_UP);
    for (uint32_t i = 0; i < n; i++)
        sim_statement(s, NULL, &stmts[order[i]], NULL);
    sim_end_part(s);
    char *t = schema(c); /* printing must work on whatever state remains */
    free(t);
    catalog_rollback(c, m);
    t = schema(c);
    assert_string_equal(t, empty);
    free(t);
    catalog_free(c);
    arena_free(a);
}

static uint32_t files_done, runs_done;

/* Every statement of every file, for the cross-file mix. */
static struct stmt *pool;
static uint32_t npool, cappool;
static struct arena *pool_arena;

static void run_file(const char *path, const char *empty)
{
    struct arena *a = pool_arena;
    struct err e = {0};
    struct source *src = source_load(a, path, 1 << 22, &e);
    if (!src)
        return;
    struct diag_list d;
    diag_list_init(&d, a);
    struct stmt *stmts = NULL;
    uint32_t n = 0;
    sql_parse_text(a, src, &stmts, &n, &d);
    uint32_t *order = malloc(sizeof *order * (n + 1));
    for (uint32_t i = 0; i < n; i++)
        order[i] = i;
    run_order(stmts, order, n, empty);
    for (uint32_t i = 0; i < n; i++) {
        if (npool == cappool) {
            cappool = cappool ? cappool * 2 : 1024;
            pool = realloc(pool, sizeof *pool * cappool);
        }
        pool[npool++] = stmts[i];
    }
    for (uint32_t i = 0; i < n; i++)
        order[i] = n - 1 - i;
    run_order(stmts, order, n, empty);
    runs_done += 2;
    /* leave out each statement in turn (bounded for long files) */
    uint32_t step = n > 40 ? n / 40 : 1;
    for (uint32_t skip = 0; skip < n; skip += step) {
        uint32_t k = 0;
        for (uint32_t i = 0; i < n; i++)
            if (i != skip)
                order[k++] = i;
        run_order(stmts, order, k, empty);
        runs_done++;
    }
    free(order);
    /* the parse trees stay alive for the mix */
    (void)a;
    files_done++;
}

static void run_dir(const char *dir, const char *empty)
{
    DIR *dp = opendir(dir);
    if (!dp)
        return;
    char **names = NULL;
    size_t n = 0;
    struct dirent *de;
    while ((de = readdir(dp))) {
        size_t l = strlen(de->d_name);
        if (l > 4 && strcmp(de->d_name + l - 4, ".sql") == 0) {
            names = realloc(names, sizeof *names * (n + 1));
            names[n++] = strdup(de->d_name);
        }
    }
    closedir(dp);
    for (size_t i = 0; i < n; i++) {
        size_t pl = strlen(dir) + strlen(names[i]) + 2;
        char *path = malloc(pl);
        snprintf(path, pl, "%s/%s", dir, names[i]);
        run_file(path, empty);
        free(path);
        free(names[i]);
    }
    free(names);
}

static void test_corpora(void **state)
{
    (void)state;
    pool_arena = arena_new();
    struct arena *a = arena_new();
    struct catalog *c = catalog_new(a);
    char *empty = schema(c);
    catalog_free(c);
    arena_free(a);
    const char *dirs[] = {"testdata/sim",
                          "testdata/sim-errors",
                          "testdata/shop",
                          "testdata/sim-fidelity/saas",
                          "testdata/sim-fidelity/store",
                          "testdata/sim-fidelity/frameworks",
                          "testdata/sim-fidelity/advanced",
                          "testdata/bad/syntax"};
    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", AIRLOCK_SOURCE_DIR, dirs[i]);
        run_dir(path, empty);
    }
    /* cross-file mixes: statements drawn at random (fixed seed) */
    uint32_t seed = 12345;
    uint32_t order[200];
    for (int run = 0; run < 60 && npool; run++) {
        for (int i = 0; i < 200; i++) {
            seed = seed * 1103515245u + 12345u;
            order[i] = (seed >> 8) % npool;
        }
        run_order(pool, order, 200, empty);
        runs_done++;
    }
    free(empty);
    free(pool);
    fprintf(stderr, "test_sim_robust: %u files, %u statements, %u runs\n", files_done, npool,
            runs_done);
    arena_free(pool_arena);
    assert_true(files_done > 200);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_corpora),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
