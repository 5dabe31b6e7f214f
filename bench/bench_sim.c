/*
 * bench_sim.c - simulator throughput against the parser's: generates a
 * migration-like chain of N statements (default 120000: tables with
 * defaults, checks and keys, indexes, added and retyped columns, foreign
 * keys, views, renames, comments, drops), then measures in the same run
 * (1) the bare libpg_query parse of every statement (pg_query_parse_protobuf)
 * and (2) the simulation of every parsed statement on one growing catalog.
 * Prints both rates and simulation time as a percentage of parse time.
 * Then checks that a statement's cost does not grow with the catalog: the
 * chain's first 12,000 statements are simulated after 1,000 and after 50,000
 * other tables (best of 3 each, a fresh catalog every time).
 * Usage: bench_sim [STATEMENTS]  (BENCH_SIM_ONLY=1: no parse timing;
 * BENCH_SIM_NO_SIZES=1: no catalog-size check; BENCH_SIM_RUNS: its runs)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <pg_query.h>

#include "lint/arena.h"
#include "lint/catalog.h"
#include "lint/simulate.h"
#include "lint/source.h"
#include "lint/sql.h"
#include "lint/strbuf.h"

/* CPU time of this process: the machine's other load does not count. */
static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* One "feature" of a generated application: about 12 statements. */
static void gen_table(struct strbuf *sb, int i)
{
    sb_printf(
        sb,
        "CREATE TABLE t%d (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name "
        "varchar(100) NOT NULL, status text NOT NULL DEFAULT 'new' CHECK (status IN ('new', "
        "'done')), amount numeric(12,2) DEFAULT 0 CHECK (amount >= 0), created_at timestamptz "
        "NOT NULL DEFAULT now(), parent_id bigint, data jsonb DEFAULT '{}');\n",
        i);
    sb_printf(sb, "CREATE INDEX t%d_name_idx ON t%d (lower(name));\n", i, i);
    sb_printf(sb, "CREATE INDEX ON t%d (created_at DESC) WHERE status = 'new';\n", i);
    sb_printf(sb, "ALTER TABLE t%d ADD COLUMN note text;\n", i);
    sb_printf(sb, "ALTER TABLE t%d ALTER COLUMN note SET DEFAULT '';\n", i);
    if (i > 0)
        sb_printf(sb,
                  "ALTER TABLE t%d ADD CONSTRAINT t%d_parent_fk FOREIGN KEY (parent_id) REFERENCES "
                  "t%d (id) ON DELETE CASCADE NOT VALID;\n",
                  i, i, i - 1);
    else
        sb_printf(sb, "ALTER TABLE t%d ADD UNIQUE (name);\n", i);
    if (i > 0)
        sb_printf(sb, "ALTER TABLE t%d VALIDATE CONSTRAINT t%d_parent_fk;\n", i, i);
    else
        sb_printf(sb, "ALTER TABLE t0 VALIDATE CONSTRAINT t0_status_check;\n");
    sb_printf(sb, "COMMENT ON TABLE t%d IS 'feature %d';\n", i, i);
    sb_printf(sb, "ALTER TABLE t%d ALTER COLUMN name TYPE varchar(200);\n", i);
    sb_printf(sb, "ALTER TABLE t%d RENAME COLUMN note TO remark;\n", i);
    sb_printf(sb,
              "CREATE VIEW v%d AS SELECT id, name, coalesce(remark, '') AS remark, amount * 2 AS "
              "doubled FROM t%d WHERE status <> 'done';\n",
              i, i);
    sb_printf(sb, "INSERT INTO t%d (name, amount) VALUES ('x', 1.5);\n", i);
}

/* Not inlined: `valgrind --tool=callgrind --toggle-collect=run_batch
 * --dump-after=run_batch` counts each batch's instructions apart. */
__attribute__((noinline)) static void run_batch(struct sim *s, const struct stmt *stmts, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++)
        sim_statement(s, NULL, &stmts[i], NULL);
}

/* Seconds to simulate stmts[0..n) on a fresh catalog already holding the
 * first `fill` of the filler statements. */
static double sim_after(const struct stmt *fillers, uint32_t fill, const struct stmt *stmts,
                        uint32_t n)
{
    struct arena *a = arena_new();
    struct catalog *c = catalog_new(a);
    struct sim *s = sim_new(a, c, NULL);
    for (uint32_t i = 0; i < fill; i++)
        sim_statement(s, NULL, &fillers[i], NULL);
    double s0 = now();
    run_batch(s, stmts, n);
    double t = now() - s0;
    catalog_free(c);
    arena_free(a);
    return t;
}

/* Per-statement simulation time after 1,000 and after 50,000 filler tables. */
static void catalog_sizes(struct arena *a, const struct stmt *stmts, uint32_t n)
{
    enum { SMALL = 1000, LARGE = 50000, BATCH = 12000 };
    int runs = getenv("BENCH_SIM_RUNS") ? atoi(getenv("BENCH_SIM_RUNS")) : 3;
    struct strbuf sb = STRBUF_INIT;
    for (int i = 0; i < LARGE; i++)
        sb_printf(&sb,
                  "CREATE TABLE filler%d (id bigint PRIMARY KEY, name text NOT NULL, "
                  "created_at timestamptz DEFAULT now());\n",
                  i);
    struct source *src = source_from_memory(a, "filler.sql", sb.buf, sb.len);
    struct diag_list d;
    diag_list_init(&d, a);
    struct stmt *fillers;
    uint32_t nf;
    sql_parse_text(a, src, &fillers, &nf, &d);
    uint32_t batch = n < BATCH ? n : BATCH;
    double best[2] = {1e9, 1e9};
    for (int r = 0; r < runs; r++) {
        for (int k = 0; k < 2; k++) {
            uint32_t fill = k ? LARGE : SMALL;
            double t = sim_after(fillers, fill < nf ? fill : nf, stmts, batch);
            if (t < best[k])
                best[k] = t;
        }
    }
    printf("per statement after %5d tables: %.3f us\n", SMALL, 1e6 * best[0] / batch);
    printf("per statement after %5d tables: %.3f us (%+.1f%%)\n", LARGE, 1e6 * best[1] / batch,
           100.0 * (best[1] - best[0]) / best[0]);
    sb_release(&sb);
}

int main(int argc, char **argv)
{
    long want = argc > 1 ? atol(argv[1]) : 120000;
    struct strbuf sb = STRBUF_INIT;
    long tables = want / 12 + 1;
    for (long i = 0; i < tables; i++) {
        gen_table(&sb, (int)i);
    }
    char *text = sb.buf;
    struct arena *a = arena_new();
    struct source *src = source_from_memory(a, "bench.sql", text, sb.len);
    struct diag_list d;
    diag_list_init(&d, a);
    struct stmt *stmts;
    uint32_t n;
    double t0 = now();
    sql_parse_text(a, src, &stmts, &n, &d);
    double t_layer = now() - t0;

    /* (1) bare libpg_query parse of each statement's text */
    double parse = 0;
    for (uint32_t i = 0; i < n && !getenv("BENCH_SIM_ONLY"); i++) {
        char *q = strndup(text + stmts[i].off, stmts[i].len);
        double s0 = now();
        PgQueryProtobufParseResult r = pg_query_parse_protobuf(q);
        parse += now() - s0;
        pg_query_free_protobuf_parse_result(r);
        free(q);
    }

    /* (2) simulation of every statement on one catalog */
    size_t used0 = arena_used(a);
    struct catalog *c = catalog_new(a);
    struct sim *s = sim_new(a, c, NULL);
    uint32_t failed = 0;
    double s0 = now();
    for (uint32_t i = 0; i < n; i++) {
        const struct effect *ef = sim_statement(s, NULL, &stmts[i], NULL);
        if (ef->sqlstate)
            failed++;
    }
    double sim = now() - s0;
    printf("statements:            %u (%u rejected by the simulator)\n", n, failed);
    printf("airlock parse layer:   %.3f s (split + parse + unpack)\n", t_layer);
    printf("bare libpg_query parse %.3f s  %.0f statements/s\n", parse, n / parse);
    printf("simulation:            %.3f s  %.0f statements/s\n", sim, n / sim);
    printf("simulation/parse:      %.1f%%\n", 100.0 * sim / parse);
    printf("memory:                %.1f MiB parse trees, %.1f MiB simulation\n", used0 / 1048576.0,
           (arena_used(a) - used0) / 1048576.0);
    catalog_free(c);
    if (!getenv("BENCH_SIM_NO_SIZES"))
        catalog_sizes(a, stmts, n);
    arena_free(a);
    sb_release(&sb);
    return failed ? 1 : 0;
}
