/*
 * test_sim_data.c - unit tests of the simulator's table contents
 * (lint/sim_data.c): rows inserted by the chain make PostgreSQL's data
 * errors predictable, and nothing is predicted where the contents are not
 * certain (NOT VALID constraints, unknown WHERE clauses, DO blocks,
 * functions, COPY) or after a rolled-back statement or transaction.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "lint/arena.h"
#include "lint/catalog.h"
#include "lint/simulate.h"
#include "sim_env.h"

/* Every statement of sql must succeed. */
static void ok(struct env *e, const char *sql)
{
    const struct effect *ef = NULL;
    int failed = sim_sql(e->s, sql, &e->d, &ef);
    if (failed)
        fail_msg("unexpected error %s in: %s", ef && ef->sqlstate ? ef->sqlstate : "?", sql);
}

static void test_inserts(void **state)
{
    (void)state;
    struct env *e = env_new();
    ok(e, "CREATE TABLE t (id integer PRIMARY KEY, name text NOT NULL, qty integer CHECK (qty >= "
          "0), code varchar(3));");
    ok(e, "INSERT INTO t VALUES (1, 'a', 1, 'x'), (2, 'b', 0, 'yy');");
    assert_string_equal(env_state(e, "INSERT INTO t VALUES (3, NULL, 1, 'z');"), "23502");
    assert_string_equal(env_state(e, "INSERT INTO t VALUES (2, 'c', 1, 'z');"), "23505");
    assert_string_equal(env_state(e, "INSERT INTO t VALUES (3, 'c', -1, 'z');"), "23514");
    assert_string_equal(env_state(e, "INSERT INTO t VALUES (3, 'c', 1, 'long');"), "22001");
    assert_string_equal(env_state(e, "INSERT INTO t VALUES ('x', 'c', 1, 'z');"), "22P02");
    /* a failed statement leaves no rows behind: 3 is still free */
    ok(e, "INSERT INTO t VALUES (3, 'c', 1, 'abc  ');");
    assert_string_equal(env_state(e, "INSERT INTO t (id, name) VALUES (3, 'd');"), "23505");
    /* foreign keys, self references within one statement */
    ok(e, "CREATE TABLE n (id integer PRIMARY KEY, parent integer REFERENCES n);");
    ok(e, "INSERT INTO n VALUES (1, NULL), (2, 1), (3, 2);");
    assert_string_equal(env_state(e, "INSERT INTO n VALUES (4, 9);"), "23503");
    env_free(e);
}

static void test_ddl_over_rows(void **state)
{
    (void)state;
    struct env *e = env_new();
    ok(e, "CREATE TABLE t (a integer, b text);"
          "INSERT INTO t VALUES (1, NULL), (2, 'x'), (2, 'y');");
    assert_string_equal(env_state(e, "ALTER TABLE t ALTER COLUMN b SET NOT NULL;"), "23502");
    assert_string_equal(env_state(e, "CREATE UNIQUE INDEX t_a ON t (a);"), "23505");
    assert_string_equal(env_state(e, "ALTER TABLE t ADD CHECK (a < 2);"), "23514");
    assert_string_equal(env_state(e, "ALTER TABLE t ADD COLUMN c int NOT NULL;"), "23502");
    ok(e, "ALTER TABLE t ADD COLUMN c int NOT NULL DEFAULT 0;");
    ok(e, "UPDATE t SET b = 'z' WHERE b IS NULL;"
          "ALTER TABLE t ALTER COLUMN b SET NOT NULL;");
    ok(e, "DELETE FROM t WHERE b = 'y';"
          "CREATE UNIQUE INDEX t_a ON t (a);");
    /* NOT VALID: existing rows are not checked, later ALTERs leave them alone */
    ok(e, "ALTER TABLE t ADD CONSTRAINT t_a_big CHECK (a > 5) NOT VALID;"
          "ALTER TABLE t ADD COLUMN d text;");
    assert_string_equal(env_state(e, "ALTER TABLE t VALIDATE CONSTRAINT t_a_big;"), "23514");
    /* type changes */
    ok(e, "CREATE TABLE v (s text); INSERT INTO v VALUES ('10'), ('x');");
    assert_string_equal(env_state(e, "ALTER TABLE v ALTER COLUMN s TYPE integer USING s::integer;"),
                        "22P02");
    ok(e, "DELETE FROM v WHERE s = 'x';"
          "ALTER TABLE v ALTER COLUMN s TYPE integer USING s::integer;"
          "ALTER TABLE v ALTER COLUMN s TYPE smallint;");
    assert_string_equal(env_state(e, "ALTER TABLE v ADD CHECK (s > 10);"), "23514");
    env_free(e);
}

static void test_uncertain_contents(void **state)
{
    (void)state;
    struct env *e = env_new();
    /* a WHERE the evaluator cannot decide: contents no longer followed */
    ok(e, "CREATE TABLE t (a integer, b text);"
          "INSERT INTO t VALUES (1, NULL);"
          "UPDATE t SET b = 'x' WHERE a = (SELECT 1);"
          "ALTER TABLE t ALTER COLUMN b SET NOT NULL;");
    /* DO blocks may write anywhere */
    ok(e, "CREATE TABLE u (a integer); INSERT INTO u VALUES (NULL);"
          "DO $$ BEGIN UPDATE u SET a = 1; END $$;"
          "ALTER TABLE u ALTER COLUMN a SET NOT NULL;");
    /* so may functions a SELECT calls */
    ok(e, "CREATE TABLE w (a integer); INSERT INTO w VALUES (NULL);"
          "CREATE FUNCTION fix() RETURNS void LANGUAGE sql AS $$ UPDATE w SET a = 1 $$;"
          "SELECT fix();"
          "ALTER TABLE w ALTER COLUMN a SET NOT NULL;");
    /* COPY adds rows nobody sees; INSERT ... SELECT too */
    ok(e, "CREATE TABLE x (a integer); COPY x FROM STDIN;"
          "CREATE TABLE y (a integer); INSERT INTO y SELECT a FROM x;"
          "ALTER TABLE x ALTER COLUMN a SET NOT NULL; ALTER TABLE y ALTER COLUMN a SET NOT NULL;");
    /* volatile values are not NULL but not known either */
    ok(e, "CREATE TABLE z (id serial, k uuid DEFAULT gen_random_uuid(), at timestamptz DEFAULT "
          "now());"
          "INSERT INTO z DEFAULT VALUES; INSERT INTO z DEFAULT VALUES;"
          "ALTER TABLE z ALTER COLUMN k SET NOT NULL, ALTER COLUMN at SET NOT NULL;"
          "CREATE UNIQUE INDEX z_k ON z (k); CREATE UNIQUE INDEX z_id ON z (id);");
    /* a trigger may change what is stored */
    ok(e, "CREATE TABLE g (a integer);"
          "CREATE FUNCTION gt() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.a := 1; RETURN "
          "NEW; END $$;"
          "CREATE TRIGGER g_t BEFORE INSERT ON g FOR EACH ROW EXECUTE FUNCTION gt();"
          "INSERT INTO g VALUES (NULL);"
          "ALTER TABLE g ALTER COLUMN a SET NOT NULL;");
    /* TRUNCATE makes a table known (and empty) again */
    ok(e, "TRUNCATE g; DROP TRIGGER g_t ON g; INSERT INTO g VALUES (5);");
    assert_string_equal(env_state(e, "ALTER TABLE g ADD CHECK (a < 5);"), "23514");
    env_free(e);
}

static void test_transactions(void **state)
{
    (void)state;
    struct env *e = env_new();
    ok(e, "CREATE TABLE t (a integer);");
    ok(e, "BEGIN; INSERT INTO t VALUES (NULL); ROLLBACK;");
    ok(e, "ALTER TABLE t ALTER COLUMN a SET NOT NULL;");
    ok(e, "ALTER TABLE t ALTER COLUMN a DROP NOT NULL;"
          "BEGIN; INSERT INTO t VALUES (1); COMMIT;");
    assert_string_equal(env_state(e, "CREATE UNIQUE INDEX t_a ON t (a); INSERT INTO t VALUES (1);"),
                        "23505");
    env_free(e);
}

static void test_domains_and_partitions(void **state)
{
    (void)state;
    struct env *e = env_new();
    ok(e, "CREATE DOMAIN pos AS integer CHECK (VALUE > 0);"
          "CREATE TABLE t (n pos, m pos);"
          "INSERT INTO t VALUES (1, NULL), (5, 2);");
    assert_string_equal(env_state(e, "INSERT INTO t VALUES (0, 1);"), "23514");
    assert_string_equal(env_state(e, "ALTER DOMAIN pos ADD CHECK (VALUE < 3);"), "23514");
    assert_string_equal(env_state(e, "ALTER DOMAIN pos SET NOT NULL;"), "23502");
    ok(e, "ALTER DOMAIN pos ADD CONSTRAINT pos_small CHECK (VALUE < 3) NOT VALID;");
    assert_string_equal(env_state(e, "ALTER DOMAIN pos VALIDATE CONSTRAINT pos_small;"), "23514");
    ok(e, "CREATE TABLE p (k integer NOT NULL) PARTITION BY RANGE (k);"
          "CREATE TABLE p1 (k integer NOT NULL); INSERT INTO p1 VALUES (1), (9);");
    assert_string_equal(
        env_state(e, "ALTER TABLE p ATTACH PARTITION p1 FOR VALUES FROM (0) TO (5);"), "23514");
    ok(e, "ALTER TABLE p ATTACH PARTITION p1 FOR VALUES FROM (0) TO (10);"
          "CREATE TABLE pd PARTITION OF p DEFAULT;");
    assert_string_equal(env_state(e, "INSERT INTO pd VALUES (3);"), "23514");
    ok(e, "INSERT INTO pd VALUES (30);");
    assert_string_equal(
        env_state(e, "CREATE TABLE p2 PARTITION OF p FOR VALUES FROM (20) TO (40);"), "23514");
    env_free(e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_inserts),
        cmocka_unit_test(test_ddl_over_rows),
        cmocka_unit_test(test_uncertain_contents),
        cmocka_unit_test(test_transactions),
        cmocka_unit_test(test_domains_and_partitions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
