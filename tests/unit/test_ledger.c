/*
 * test_ledger.c - the applier's SQLite ledger (bundle/ledger.c): WAL and
 * synchronous=FULL, grouped writes visible after a flush, reopening, the
 * `log` dump, refusing a foreign SQLite file, a NULL ledger; plus the small
 * pure helpers of the applier: duration parsing, exit code names, and the
 * unified line diff used for drift reports. Also: many processes creating
 * the same fresh ledger at the same instant all succeed (the WAL switch is
 * retried; SQLite does not call the busy handler for it).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bundle/apply.h"
#include "bundle/ledger.h"
#include "bundle/textdiff.h"

static char dir[64];

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/airlock-ledger-test.XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static char *path_of(const char *name)
{
    static char p[128];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    return p;
}

/* A count from another connection: what a crash right now would keep. */
static int count_rows(const char *path, const char *table)
{
    sqlite3 *db;
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    char q[128];
    snprintf(q, sizeof q, "SELECT count(*) FROM %s", table);
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db, q, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int n = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return n;
}

static void test_ledger_roundtrip(void **state)
{
    (void)state;
    char path[128];
    snprintf(path, sizeof path, "%s", path_of("l.sqlite"));
    struct ledger *l = NULL;
    struct err e = {0};
    assert_int_equal(ledger_open(path, &l, &e), 0);

    struct ledger_run r = {.command = "apply",
                           .bundle_path = "x.airlock",
                           .bundle_sha256 = "ab12",
                           .project = "shop",
                           .sequence = 7,
                           .direction = "up",
                           .to_rev = "r2",
                           .signers = "KEY1"};
    int64_t run = 0, rev = 0;
    assert_int_equal(ledger_run_begin(l, &r, &run, &e), 0);
    assert_true(run > 0);
    struct ledger_target t = {.system_identifier = "7300",
                              .database = "shopdb",
                              .host = "db.example",
                              .port = "5432",
                              .user = "deploy",
                              .server_version = "15.4"};
    assert_int_equal(ledger_run_target(l, run, &t, &e), 0);
    assert_int_equal(ledger_rev_begin(l, run, 1, "r1", true, 1, 2, &rev, &e), 0);
    int64_t now = ledger_now_us();
    assert_int_equal(ledger_stmt(l, rev, 0, "aaaa", now, now + 1500, "ok", NULL, &e), 0);
    assert_int_equal(ledger_stmt(l, rev, 1, "bbbb", now + 1500, now + 2000, "failed",
                                 "relation \"x\" does not exist", &e),
                     0);
    assert_int_equal(ledger_rev_end(l, rev, "retry", 0, "lock timeout", &e), 0);
    assert_int_equal(ledger_event(l, run, "retry", "revision r1: retry 1 of 10 in 0.10s", &e), 0);

    /* Grouped: nothing is visible to another reader before the flush. */
    assert_int_equal(count_rows(path, "statement"), 0);
    assert_int_equal(ledger_flush(l, &e), 0);
    assert_int_equal(count_rows(path, "statement"), 2);
    assert_int_equal(ledger_run_end(l, run, "failed", 1, "statement failed", &e), 0);
    ledger_close(l);

    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(st, 0), "wal");
    sqlite3_finalize(st);
    sqlite3_close(db);

    /* Reopening appends; the dump shows runs, targets, statements, events. */
    assert_int_equal(ledger_open(path, &l, &e), 0);
    int64_t run2 = 0;
    struct ledger_run r2 = {.command = "status", .sequence = -1};
    assert_int_equal(ledger_run_begin(l, &r2, &run2, &e), 0);
    assert_true(run2 > run);
    ledger_close(l);
    assert_int_equal(count_rows(path, "run"), 2);

    struct strbuf out = STRBUF_INIT;
    assert_int_equal(ledger_print(path, &out, &e), 0);
    assert_non_null(strstr(out.buf, "run 1 apply"));
    assert_non_null(strstr(out.buf, "failed (exit 1)"));
    assert_non_null(strstr(out.buf, "target database shopdb on db.example:5432 as deploy, "
                                    "system_identifier 7300, server 15.4"));
    assert_non_null(strstr(out.buf, "revision 1 r1 tx=on attempt 1: retry, 0/2 statements"));
    assert_non_null(strstr(out.buf, "stmt 0 sha256:aaaa ok 1.500 ms"));
    assert_non_null(strstr(out.buf, "error: relation \"x\" does not exist"));
    assert_non_null(strstr(out.buf, "retry: revision r1: retry 1 of 10"));
    assert_non_null(strstr(out.buf, "run 2 status"));
    assert_non_null(strstr(out.buf, "interrupted")); /* run 2 never ended */
    sb_release(&out);
}

static void test_ledger_refuses_foreign_file(void **state)
{
    (void)state;
    char path[128];
    snprintf(path, sizeof path, "%s", path_of("other.sqlite"));
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db,
                                  "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);"
                                  "INSERT INTO meta VALUES ('format', '99')",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(db);
    struct ledger *l = NULL;
    struct err e = {0};
    assert_int_equal(ledger_open(path, &l, &e), -1);
    assert_null(l);
    assert_non_null(strstr(e.msg, "not an airlock ledger"));

    /* A directory is not a ledger either; printing a missing file fails. */
    assert_int_equal(ledger_open(dir, &l, &e), -1);
    struct strbuf out = STRBUF_INIT;
    assert_int_equal(ledger_print(path_of("missing.sqlite"), &out, &e), -1);
    sb_release(&out);
}

static void test_ledger_null(void **state)
{
    (void)state;
    struct err e = {0};
    int64_t id = 5;
    struct ledger_run r = {.command = "apply", .sequence = -1};
    assert_int_equal(ledger_run_begin(NULL, &r, &id, &e), 0);
    assert_int_equal(id, 0);
    assert_int_equal(ledger_event(NULL, 0, "k", "m", &e), 0);
    assert_int_equal(ledger_flush(NULL, &e), 0);
    ledger_close(NULL);
}

static void test_time_text(void **state)
{
    (void)state;
    char t[32];
    ledger_time_text(INT64_C(1795514400123456), t);
    assert_string_equal(t, "2026-11-24T10:00:00.123Z");
}

static void test_durations(void **state)
{
    (void)state;
    assert_int_equal(apply_parse_duration_ms("2s"), 2000);
    assert_int_equal(apply_parse_duration_ms("2"), 2000);
    assert_int_equal(apply_parse_duration_ms("500ms"), 500);
    assert_int_equal(apply_parse_duration_ms("1.5m"), 90000);
    assert_int_equal(apply_parse_duration_ms("1h"), 3600000);
    assert_int_equal(apply_parse_duration_ms("0"), 0);
    assert_int_equal(apply_parse_duration_ms(""), -1);
    assert_int_equal(apply_parse_duration_ms("-1s"), -1);
    assert_int_equal(apply_parse_duration_ms("2 s"), -1);
    assert_int_equal(apply_parse_duration_ms("2d"), -1);
    assert_int_equal(apply_parse_duration_ms("1000h"), -1); /* over int milliseconds */
    assert_int_equal(apply_parse_duration_ms(NULL), -1);
}

static void test_exit_names(void **state)
{
    (void)state;
    const char *seen[12] = {0};
    for (int c = 0; c <= APPLY_EXIT_PARTIAL; c++) {
        seen[c] = apply_exit_name(c);
        assert_string_not_equal(seen[c], "unknown");
        for (int d = 0; d < c; d++)
            assert_string_not_equal(seen[c], seen[d]); /* distinct per refusal */
    }
    assert_string_equal(apply_exit_name(APPLY_EXIT_DRIFT), "drift");
    assert_string_equal(apply_exit_name(99), "unknown");
}

static void test_textdiff(void **state)
{
    (void)state;
    struct strbuf out = STRBUF_INIT;
    const char *a = "l1\nl2\nl3\nl4\nl5\nl6\nl7\nl8\nl9\n";
    assert_int_equal(textdiff_unified(a, strlen(a), a, strlen(a), "a", "b", &out), 0);
    assert_int_equal(out.len, 0);

    const char *b = "l1\nl2\nl3\nl4\nX5\nl6\nl7\nl8\nl9\nl10\n";
    assert_int_equal(textdiff_unified(a, strlen(a), b, strlen(b), "exp", "live", &out), 3);
    assert_string_equal(out.buf,
                        "--- exp\n+++ live\n"
                        "@@ -2,8 +2,9 @@\n l2\n l3\n l4\n-l5\n+X5\n l6\n l7\n l8\n l9\n+l10\n");
    sb_reset(&out);

    /* Far-apart changes make separate hunks; a missing final newline counts as a line. */
    const char *c = "a\n1\n2\n3\n4\n5\n6\n7\n8\nz";
    const char *d = "A\n1\n2\n3\n4\n5\n6\n7\n8\nZ";
    assert_int_equal(textdiff_unified(c, strlen(c), d, strlen(d), "x", "y", &out), 4);
    assert_string_equal(out.buf, "--- x\n+++ y\n@@ -1,4 +1,4 @@\n-a\n+A\n 1\n 2\n 3\n"
                                 "@@ -7,4 +7,4 @@\n 6\n 7\n 8\n-z\n+Z\n");
    sb_reset(&out);

    /* Empty against something. */
    assert_int_equal(textdiff_unified("", 0, "x\n", 2, "x", "y", &out), 1);
    assert_string_equal(out.buf, "--- x\n+++ y\n@@ -0,0 +1,1 @@\n+x\n");
    sb_release(&out);
}

/* 12 processes open one fresh ledger at once, 25 times over: every one gets
 * it (before the retry, one in a few rounds failed "cannot switch to WAL
 * mode: database is locked"), and each writes its run. */
static void test_ledger_concurrent_create(void **state)
{
    (void)state;
    enum { PROCS = 12, ROUNDS = 25 };
    for (int round = 0; round < ROUNDS; round++) {
        char name[32];
        snprintf(name, sizeof name, "race%d.sqlite", round);
        const char *path = path_of(name);
        pid_t pids[PROCS];
        for (int i = 0; i < PROCS; i++) {
            pids[i] = fork();
            assert_true(pids[i] >= 0);
            if (pids[i] == 0) {
                struct err e = {0};
                struct ledger *l = NULL;
                if (ledger_open(path, &l, &e) != 0) {
                    fprintf(stderr, "child %d: %s\n", i, e.msg);
                    _exit(1);
                }
                struct ledger_run r = {.command = "apply",
                                       .bundle_sha256 = "00",
                                       .project = "p",
                                       .sequence = 1,
                                       .direction = "up",
                                       .to_rev = "r1"};
                int64_t run;
                int rc = ledger_run_begin(l, &r, &run, &e) == 0 && ledger_flush(l, &e) == 0 ? 0 : 1;
                ledger_close(l);
                _exit(rc);
            }
        }
        for (int i = 0; i < PROCS; i++) {
            int st;
            assert_int_equal(waitpid(pids[i], &st, 0), pids[i]);
            assert_true(WIFEXITED(st));
            assert_int_equal(WEXITSTATUS(st), 0);
        }
        assert_int_equal(count_rows(path, "run"), PROCS);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ledger_roundtrip),
        cmocka_unit_test(test_ledger_concurrent_create),
        cmocka_unit_test(test_ledger_refuses_foreign_file),
        cmocka_unit_test(test_ledger_null),
        cmocka_unit_test(test_time_text),
        cmocka_unit_test(test_durations),
        cmocka_unit_test(test_exit_names),
        cmocka_unit_test(test_textdiff),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
