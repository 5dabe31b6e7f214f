/*
 * test_simulate.c - unit tests of the catalog model and the simulator:
 * undo log snapshots, PostgreSQL's implicit names, expressions printed as
 * ruleutils prints them, lock levels and rewrite/scan flags, errors with
 * their SQLSTATE (and no effect), dependency semantics, the schema text and
 * its difference. Expected strings were taken from PostgreSQL 15.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "lint/arena.h"
#include "lint/catalog.h"
#include "lint/catalog_edit.h"
#include "lint/simulate.h"
#include "sim_env.h"
#include "lint/strbuf.h"

/* Runs SQL (autocommit); returns the number of failed statements. */
static int run(struct env *e, const char *sql, const struct effect **last)
{
    return sim_sql(e->s, sql, &e->d, last);
}

static char *text(struct env *e)
{
    struct strbuf sb = STRBUF_INIT;
    catalog_schema_text(e->c, &sb);
    char *t = arena_strdup(e->a, sb.buf ? sb.buf : "");
    sb_release(&sb);
    return t;
}

static void assert_has_line(const char *text, const char *line)
{
    const char *p = strstr(text, line);
    if (!p || (p != text && p[-1] != '\n') || (p[strlen(line)] != '\n' && p[strlen(line)] != 0)) {
        fprintf(stderr, "missing line: %s\nin:\n%s\n", line, text);
        fail();
    }
}

static void test_undo(void **state)
{
    (void)state;
    struct env *e = env_new();
    char *empty = text(e);
    catalog_mark_t m = catalog_mark(e->c);
    assert_int_equal(run(e,
                         "CREATE TABLE t (id serial PRIMARY KEY, name text UNIQUE);"
                         "ALTER TABLE t RENAME COLUMN name TO label;"
                         "CREATE VIEW v AS SELECT label FROM t;",
                         NULL),
                     0);
    assert_non_null(catalog_find_table(e->c, "public", "t"));
    assert_non_null(catalog_find_column(catalog_find_table(e->c, NULL, "t"), "label"));
    catalog_mark_t m2 = catalog_mark(e->c);
    run(e, "DROP TABLE t CASCADE;", NULL);
    assert_null(catalog_find_rel(e->c, NULL, "t"));
    assert_null(catalog_find_rel(e->c, NULL, "v"));
    catalog_rollback(e->c, m2);
    assert_non_null(catalog_find_rel(e->c, NULL, "v"));
    struct cat_rel *t = catalog_find_table(e->c, NULL, "t");
    assert_non_null(t);
    struct cat_rel **views;
    assert_int_equal(
        catalog_views_using_column(e->c, t, catalog_find_column(t, "label")->attnum, &views), 1);
    catalog_rollback(e->c, m);
    assert_null(catalog_find_rel(e->c, NULL, "t"));
    assert_null(catalog_find_rel(e->c, NULL, "t_id_seq"));
    assert_string_equal(text(e), empty);
    env_free(e);
}

static void test_implicit_names(void **state)
{
    (void)state;
    struct env *e = env_new();
    assert_int_equal(
        run(e,
            "CREATE TABLE p (id int PRIMARY KEY);"
            "CREATE TABLE t_col_seq (x int);"
            "CREATE TABLE t (id serial PRIMARY KEY, col int UNIQUE REFERENCES p,"
            " a int CHECK (a > 0), b int, CHECK (a < b), CHECK (b > 0));"
            "CREATE INDEX ON t (b);"
            "CREATE INDEX ON t (b);"
            "CREATE INDEX ON t (lower(b::text), (a + 1));"
            "CREATE TABLE abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz0123456789 ("
            " abcdefghijklmnopqrstuvwxyz_abcdefghijklmnopqrstuvwxyz int UNIQUE);",
            NULL),
        0);
    struct cat_rel *t = catalog_find_table(e->c, NULL, "t");
    assert_non_null(catalog_find_constraint(t, "t_pkey"));
    assert_non_null(catalog_find_constraint(t, "t_col_key"));
    assert_non_null(catalog_find_constraint(t, "t_col_fkey"));
    assert_non_null(catalog_find_constraint(t, "t_a_check"));
    assert_non_null(catalog_find_constraint(t, "t_check"));
    assert_non_null(catalog_find_constraint(t, "t_b_check"));
    assert_non_null(catalog_find_rel(e->c, NULL, "t_id_seq"));
    assert_non_null(catalog_find_rel(e->c, NULL, "t_b_idx"));
    assert_non_null(catalog_find_rel(e->c, NULL, "t_b_idx1"));
    assert_non_null(catalog_find_rel(e->c, NULL, "t_lower_expr_idx"));
    /* 63-byte truncation, the longer name shortened first */
    assert_non_null(catalog_find_rel(
        e->c, NULL, "abcdefghijklmnopqrstuvwxyzabc_abcdefghijklmnopqrstuvwxyz_ab_key"));
    env_free(e);
    e = env_new();
    /* a serial whose sequence name is taken gets a numbered one */
    assert_int_equal(run(e, "CREATE SEQUENCE t_col_seq; CREATE TABLE t (col serial);", NULL), 0);
    assert_non_null(catalog_find_rel(e->c, NULL, "t_col_seq1"));
    env_free(e);
}

static void test_expressions(void **state)
{
    (void)state;
    struct env *e = env_new();
    assert_int_equal(
        run(e,
            "CREATE TYPE mood AS ENUM ('sad', 'ok');"
            "CREATE TABLE t (id serial, a numeric DEFAULT 0, b numeric(10,2) DEFAULT 0.00,"
            " c varchar(20) DEFAULT 'x', e timestamptz DEFAULT now(), f timestamp DEFAULT"
            " current_timestamp, h int DEFAULT -1, i bigint DEFAULT 5000000000, k jsonb DEFAULT "
            "'{}',"
            " l text[] DEFAULT '{}', s interval DEFAULT '24 hours', m mood DEFAULT 'ok',"
            " price numeric(10,2) CHECK (price > 0), st varchar(10) CHECK (st IN ('a', 'b')),"
            " n text CHECK (n IS NOT NULL AND length(n) > 0), x int CHECK (x NOT IN (1, 2)),"
            " md mood CHECK (md <> 'sad'), f8 float8 CHECK (f8 > 0));",
            NULL),
        0);
    char *t = text(e);
    assert_has_line(t, "  column id integer not null default nextval('public.t_id_seq'::regclass)");
    assert_has_line(t, "  column a numeric default 0");
    assert_has_line(t, "  column b numeric(10,2) default 0.00");
    assert_has_line(t, "  column c character varying(20) default 'x'::character varying");
    assert_has_line(t, "  column e timestamp with time zone default now()");
    assert_has_line(t, "  column f timestamp without time zone default CURRENT_TIMESTAMP");
    assert_has_line(t, "  column h integer default '-1'::integer");
    assert_has_line(t, "  column i bigint default '5000000000'::bigint");
    assert_has_line(t, "  column k jsonb default '{}'::jsonb");
    assert_has_line(t, "  column l text[] default '{}'::text[]");
    assert_has_line(t, "  column s interval default '24:00:00'::interval");
    assert_has_line(t, "  column m public.mood default 'ok'::public.mood");
    assert_has_line(t, "  constraint t_price_check CHECK ((price > (0)::numeric))");
    assert_has_line(t, "  constraint t_st_check CHECK (((st)::text = ANY ((ARRAY['a'::character "
                       "varying, 'b'::character varying])::text[])))");
    assert_has_line(t, "  constraint t_n_check CHECK (((n IS NOT NULL) AND (length(n) > 0)))");
    assert_has_line(t, "  constraint t_x_check CHECK ((x <> ALL (ARRAY[1, 2])))");
    assert_has_line(t, "  constraint t_md_check CHECK ((md <> 'sad'::public.mood))");
    assert_has_line(t, "  constraint t_f8_check CHECK ((f8 > (0)::double precision))");
    env_free(e);
}

/* Sub-queries of policies, row comparisons, VARIADIC calls, ranges: as
 * PostgreSQL 15 prints them (strings taken from pg_get_expr / pg_get_constraintdef). */
static void test_expressions_more(void **state)
{
    (void)state;
    struct env *e = env_new();
    assert_int_equal(
        run(e,
            "CREATE TABLE mem (org_id int, user_id int, role text);"
            "CREATE TABLE doc (id int, org_id int, author int, j jsonb, r int4range DEFAULT "
            "'(1,5]',"
            " CHECK ((id, org_id) < (1, 2)), CHECK ((id, org_id) <> (0, 0)),"
            " CHECK (jsonb_extract_path_text(j, 'a', 'b') <> ''));"
            "CREATE POLICY p ON doc USING (EXISTS (SELECT 1 FROM mem m WHERE m.org_id = doc.org_id"
            " AND m.role IN ('a', 'b')));"
            "CREATE POLICY q ON doc USING (org_id IN (SELECT org_id FROM mem WHERE user_id = 42));"
            "CREATE POLICY s ON doc USING (EXISTS (SELECT 1 FROM doc WHERE doc.id = 1));",
            NULL),
        0);
    char *t = text(e);
    assert_has_line(t, "  column r int4range default '[2,6)'::int4range");
    assert_has_line(t, "  constraint doc_check CHECK ((ROW(id, org_id) < ROW(1, 2)))");
    assert_has_line(t, "  constraint doc_check1 CHECK (((id <> 0) OR (org_id <> 0)))");
    assert_has_line(t, "  constraint doc_j_check CHECK ((jsonb_extract_path_text(j, VARIADIC "
                       "ARRAY['a'::text, 'b'::text]) <> ''::text))");
    assert_has_line(t, "  policy p as permissive for all to public using (EXISTS ( SELECT 1\\n"
                       "   FROM public.mem m\\n  WHERE ((m.org_id = doc.org_id) AND (m.role = ANY "
                       "(ARRAY['a'::text, 'b'::text])))))");
    assert_has_line(t, "  policy q as permissive for all to public using (org_id IN ( SELECT "
                       "mem.org_id\\n   FROM public.mem\\n  WHERE (mem.user_id = 42)))");
    assert_has_line(t, "  policy s as permissive for all to public using (EXISTS ( SELECT 1\\n"
                       "   FROM public.doc doc_1\\n  WHERE (doc_1.id = 1)))");
    env_free(e);
}

static const struct sim_lock *lock_on(const struct effect *ef, const char *rel)
{
    for (uint32_t i = 0; i < ef->nlocks; i++)
        if (strcmp(ef->locks[i].relation, rel) == 0)
            return &ef->locks[i];
    return NULL;
}

static void test_locks(void **state)
{
    (void)state;
    struct env *e = env_new();
    const struct effect *ef;
    run(e, "CREATE TABLE p (id int PRIMARY KEY); CREATE TABLE t (id int, p_id int, v varchar(10));",
        NULL);
    run(e, "ALTER TABLE t ADD CONSTRAINT t_fk FOREIGN KEY (p_id) REFERENCES p;", &ef);
    assert_int_equal(lock_on(ef, "t")->mode, SIM_SHARE_ROW_EXCLUSIVE);
    assert_int_equal(lock_on(ef, "p")->mode, SIM_SHARE_ROW_EXCLUSIVE);
    assert_true(lock_on(ef, "t")->scan);
    run(e, "ALTER TABLE t ADD CONSTRAINT t_fk2 FOREIGN KEY (p_id) REFERENCES p NOT VALID;", &ef);
    assert_false(lock_on(ef, "t")->scan);
    run(e, "ALTER TABLE t VALIDATE CONSTRAINT t_fk2;", &ef);
    assert_int_equal(lock_on(ef, "t")->mode, SIM_SHARE_UPDATE_EXCLUSIVE);
    assert_true(lock_on(ef, "t")->scan);
    assert_int_equal(lock_on(ef, "p")->mode, SIM_ROW_SHARE);
    run(e, "CREATE INDEX t_v ON t (v);", &ef);
    assert_int_equal(lock_on(ef, "t")->mode, SIM_SHARE);
    run(e, "CREATE INDEX CONCURRENTLY t_v2 ON t (v);", &ef);
    assert_null(ef->sqlstate);
    assert_int_equal(lock_on(ef, "t")->mode, SIM_SHARE_UPDATE_EXCLUSIVE);
    assert_true(ef->concurrently);
    run(e, "ALTER TABLE t ALTER COLUMN id TYPE bigint;", &ef);
    assert_int_equal(lock_on(ef, "t")->mode, SIM_ACCESS_EXCLUSIVE);
    assert_true(ef->rewrites);
    run(e, "ALTER TABLE t ALTER COLUMN v TYPE varchar(20);", &ef);
    assert_false(ef->rewrites);
    run(e, "ALTER TABLE t ALTER COLUMN v TYPE text;", &ef);
    assert_false(ef->rewrites);
    run(e, "ALTER TABLE t ADD COLUMN c timestamptz DEFAULT now();", &ef);
    assert_false(ef->rewrites);
    run(e, "ALTER TABLE t ADD COLUMN d timestamptz DEFAULT clock_timestamp();", &ef);
    assert_true(ef->rewrites);
    run(e, "ALTER TABLE t ALTER COLUMN id SET NOT NULL;", &ef);
    assert_true(ef->scans);
    assert_false(ef->rewrites);
    run(e, "ALTER TABLE t SET (fillfactor = 70);", &ef);
    assert_int_equal(lock_on(ef, "t")->mode, SIM_SHARE_UPDATE_EXCLUSIVE);
    run(e, "CREATE TRIGGER tr AFTER INSERT ON t FOR EACH ROW EXECUTE FUNCTION missing();", &ef);
    assert_string_equal(ef->sqlstate, "42883");
    assert_string_equal(sim_lock_name(SIM_ACCESS_EXCLUSIVE), "AccessExclusiveLock");
    /* inside one transaction: created earlier in the same transaction */
    struct revision r;
    memset(&r, 0, sizeof r);
    r.id = "r1";
    sim_begin_part(e->s, &r, PART_UP);
    run(e, "CREATE TABLE n (id int);", NULL);
    run(e, "CREATE INDEX ON n (id);", &ef);
    assert_true(lock_on(ef, "n")->created_in_tx);
    assert_true(lock_on(ef, "n")->created_in_rev);
    assert_true(ef->in_tx_block);
    run(e, "CREATE INDEX CONCURRENTLY ON n (id);", &ef);
    assert_string_equal(ef->sqlstate, "25001");
    sim_end_part(e->s);
    run(e, "CREATE INDEX ON n (id);", &ef);
    assert_false(lock_on(ef, "n")->created_in_tx);
    env_free(e);
}

static void test_errors(void **state)
{
    (void)state;
    struct env *e = env_new();
    run(e,
        "CREATE TABLE t (a int PRIMARY KEY, b text); CREATE VIEW v AS SELECT a, b FROM t;"
        "CREATE TABLE c (t_a int REFERENCES t);",
        NULL);
    assert_string_equal(env_state(e, "ALTER TABLE missing ADD COLUMN x int;"), "42P01");
    assert_string_equal(env_state(e, "ALTER TABLE t DROP COLUMN nope;"), "42703");
    assert_string_equal(env_state(e, "CREATE TABLE t (x int);"), "42P07");
    assert_string_equal(env_state(e, "ALTER TABLE t ADD COLUMN b int;"), "42701");
    assert_string_equal(env_state(e, "ALTER TABLE t DROP COLUMN b;"), "2BP01");
    assert_string_equal(env_state(e, "DROP TABLE t;"), "2BP01");
    assert_string_equal(env_state(e, "ALTER TABLE t ALTER COLUMN b TYPE varchar(5);"), "0A000");
    assert_string_equal(env_state(e, "CREATE OR REPLACE VIEW v AS SELECT a FROM t;"), "42P16");
    assert_string_equal(env_state(e, "CREATE OR REPLACE VIEW v AS SELECT a, b AS c FROM t;"),
                        "42P16");
    assert_string_equal(env_state(e, "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'select 1';"
                                     "CREATE OR REPLACE FUNCTION f() RETURNS text LANGUAGE sql AS "
                                     "'select 1';"),
                        "42P13");
    assert_string_equal(env_state(e, "SELECT nope FROM t;"), "42703");
    assert_string_equal(env_state(e, "ALTER TABLE t ADD CHECK (a > 'x');"), "22P02");
    assert_string_equal(env_state(e, "CREATE INDEX ON t (now());"), "42P17");
    /* a failed statement has no effect; CASCADE works */
    assert_non_null(catalog_find_column(catalog_find_table(e->c, NULL, "t"), "b"));
    assert_string_equal(env_state(e, "ALTER TABLE t DROP COLUMN b CASCADE;"), "");
    assert_null(catalog_find_rel(e->c, NULL, "v"));
    assert_string_equal(env_state(e, "DROP TABLE t CASCADE;"), "");
    assert_null(catalog_find_constraint(catalog_find_table(e->c, NULL, "c"), "c_t_a_fkey"));
    /* the error is a located diagnostic with the SQLSTATE */
    bool found = false;
    for (uint32_t i = 0; i < e->d.n; i++)
        if (e->d.items[i].sqlstate && strcmp(e->d.items[i].sqlstate, "2BP01") == 0) {
            found = true;
            assert_string_equal(e->d.items[i].rule, "simulation-error");
            assert_non_null(e->d.items[i].note); /* DETAIL: what depends on it */
        }
    assert_true(found);
    const struct effect *ef;
    run(e, "DO $$ BEGIN EXECUTE 'CREATE TABLE x ()'; END $$;", &ef);
    assert_false(ef->simulated);
    assert_null(ef->sqlstate);
    env_free(e);
}

static void test_lookups_and_text(void **state)
{
    (void)state;
    struct env *e = env_new();
    assert_int_equal(
        run(e,
            "CREATE EXTENSION citext; CREATE SCHEMA app; SET search_path = app, public;"
            "CREATE TABLE users (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
            " email citext NOT NULL, name text);"
            "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN "
            "NEW; END$$;"
            "CREATE TRIGGER users_touch BEFORE UPDATE ON users FOR EACH ROW EXECUTE "
            "FUNCTION touch();"
            "ALTER TABLE users ENABLE ROW LEVEL SECURITY;"
            "CREATE POLICY p ON users USING (name = current_user);"
            "COMMENT ON TABLE users IS 'it''s people';",
            NULL),
        0);
    struct cat_rel *u = catalog_find_table(e->c, NULL, "users");
    assert_non_null(u);
    assert_ptr_equal(u, catalog_find_table(e->c, "app", "users"));
    assert_null(catalog_find_table(e->c, "public", "users"));
    struct cat_column *id = catalog_find_column(u, "id");
    assert_int_equal(id->identity, 'a');
    assert_true(id->notnull);
    assert_string_equal(catalog_type_text(e->c, &catalog_find_column(u, "email")->type),
                        "public.citext");
    assert_true(u->rls_enabled);
    assert_non_null(catalog_find_trigger(u, "users_touch"));
    assert_non_null(catalog_find_policy(u, "p"));
    struct cat_func *f = catalog_find_func(e->c, "app", "touch", NULL, 0);
    assert_non_null(f);
    assert_int_equal(f->volatility, 'v');
    char *t = text(e);
    assert_has_line(t, "extension citext schema public comment 'data type for case-insensitive "
                       "character strings'");
    assert_has_line(t, "table app.users row level security comment 'it''s people'");
    assert_has_line(t, "  policy p as permissive for all to public using (name = CURRENT_USER)");
    assert_has_line(t,
                    "  trigger users_touch CREATE TRIGGER users_touch BEFORE UPDATE ON app.users "
                    "FOR EACH ROW EXECUTE FUNCTION app.touch()");
    /* the difference of two texts, block by block */
    struct strbuf d = STRBUF_INIT;
    sim_schema_diff("table a.t\n  column x integer\n", "table a.t\n  column x bigint\n", &d);
    assert_string_equal(d.buf, "~ table a.t\n-   column x integer\n+   column x bigint\n");
    sb_release(&d);
    env_free(e);
}

static void test_roundtrip(void **state)
{
    (void)state;
    struct env *e = env_new();
    run(e, "CREATE TABLE t (id int PRIMARY KEY, name text);", NULL);
    char *before = text(e);
    catalog_mark_t m = catalog_mark(e->c);
    run(e, "ALTER TABLE t ADD COLUMN email text UNIQUE; ALTER TABLE t RENAME TO people;", NULL);
    assert_string_not_equal(text(e), before);
    run(e, "ALTER TABLE people RENAME TO t; ALTER TABLE t DROP COLUMN email;", NULL);
    /* up then down restores the text (the index named t_email_key went with the column) */
    assert_string_equal(text(e), before);
    catalog_rollback(e->c, m);
    assert_string_equal(text(e), before);
    env_free(e);
}

/* DO blocks of plain SQL are simulated; a handler that does nothing undoes
 * the block when it catches the error; procedural code stays opaque. */
static void test_do_blocks(void **state)
{
    (void)state;
    struct env *e = env_new();
    const struct effect *ef;
    const char *idem = "DO $$ BEGIN CREATE TYPE st AS ENUM ('a'); "
                       "EXCEPTION WHEN duplicate_object THEN NULL; END $$;";
    assert_int_equal(run(e, idem, &ef), 0);
    assert_true(ef->simulated);
    assert_non_null(catalog_find_type(e->c, NULL, "st"));
    assert_int_equal(run(e, idem, &ef), 0); /* caught: no error, no object */
    assert_null(ef->sqlstate);
    assert_int_equal(ef->nobjects, 0);
    /* uncaught: the statement's own error */
    assert_string_equal(env_state(e, "DO $$ BEGIN CREATE TYPE st AS ENUM ('b'); END $$;"), "42710");
    assert_string_equal(env_state(e, "DO $$ BEGIN CREATE TABLE k (); CREATE TYPE st AS ENUM "
                                     "('b'); EXCEPTION WHEN undefined_table THEN NULL; END $$;"),
                        "42710");
    assert_null(catalog_find_rel(e->c, NULL, "k"));
    /* caught after a first statement succeeded: both undone */
    assert_int_equal(run(e,
                         "DO $$ BEGIN CREATE TABLE k (); CREATE TYPE st AS ENUM ('b'); "
                         "EXCEPTION WHEN OTHERS THEN RAISE NOTICE '%', SQLERRM; END $$;",
                         &ef),
                     0);
    assert_null(catalog_find_rel(e->c, NULL, "k"));
    /* procedural statements, SELECT without INTO, unknown conditions: opaque */
    const char *opaque[] = {
        "DO $$ BEGIN IF true THEN CREATE TABLE k (); END IF; END $$;",
        "DO $$ DECLARE n int; BEGIN CREATE TABLE k (); END $$;",
        "DO $$ BEGIN PERFORM 1; END $$;",
        "DO $$ BEGIN SELECT 1; END $$;",
        "DO $$ BEGIN EXECUTE 'CREATE TABLE k ()'; END $$;",
        "DO $$ BEGIN CREATE TABLE k (); EXCEPTION WHEN no_such_condition THEN NULL; END $$;",
        "DO $$ BEGIN CREATE TABLE k (); EXCEPTION WHEN others THEN CREATE TABLE j (); END $$;",
        "DO $$ BEGIN CREATE INDEX CONCURRENTLY i ON t (a); END $$;",
        "DO LANGUAGE plperl $$ 1 $$;",
    };
    for (size_t i = 0; i < sizeof opaque / sizeof *opaque; i++) {
        run(e, opaque[i], &ef);
        assert_false(ef->simulated);
        assert_null(ef->sqlstate);
    }
    assert_null(catalog_find_rel(e->c, NULL, "k"));
    env_free(e);
}

/* The bookkeeping table a tool creates before the first migration is there
 * for the migrations (and hidden from the schema text); other formats have none. */
static void test_tool_tables(void **state)
{
    (void)state;
    struct env *e = env_new();
    sim_tool_tables(e->s, "golang-migrate");
    assert_string_equal(env_state(e, "ALTER TABLE schema_migrations ADD COLUMN data_version int;"),
                        "");
    assert_string_equal(env_state(e, "CREATE TABLE schema_migrations (v text);"), "42P07");
    assert_string_equal(
        text(e), "extension plpgsql schema pg_catalog comment 'PL/pgSQL procedural language'\n"
                 "schema public comment 'standard public schema'\n");
    env_free(e);
    e = env_new();
    sim_tool_tables(e->s, "goose");
    assert_string_equal(
        env_state(e, "INSERT INTO goose_db_version (version_id, is_applied) VALUES (0, true);"),
        "");
    env_free(e);
    e = env_new();
    sim_tool_tables(e->s, "dbmate");
    assert_string_equal(env_state(e, "INSERT INTO schema_migrations VALUES ('20240101000000');"),
                        "");
    env_free(e);
    e = env_new();
    sim_tool_tables(e->s, "native");
    assert_string_equal(env_state(e, "ALTER TABLE schema_migrations ADD COLUMN x int;"), "42P01");
    env_free(e);
}

/* LANGUAGE sql bodies are validated at CREATE FUNCTION (fmgr_sql_validator):
 * certain errors are reported, analyser limits and check_function_bodies = off
 * are not. */
static void test_sql_function_bodies(void **state)
{
    (void)state;
    struct env *e = env_new();
    run(e, "CREATE TABLE t (a int PRIMARY KEY, b text);", NULL);
    /* valid bodies: parameters by name, $n and function.param; columns win */
    assert_string_equal(
        env_state(e, "CREATE FUNCTION f1(a int, p text) RETURNS SETOF t LANGUAGE sql AS "
                     "$$ SELECT * FROM t WHERE a = f1.a AND b = p AND a > $1 $$;"),
        "");
    assert_string_equal(env_state(e, "CREATE FUNCTION f2(x int) RETURNS bigint LANGUAGE sql "
                                     "RETURN (SELECT count(*) FROM t WHERE a = x);"),
                        "");
    assert_string_equal(env_state(e,
                                  "CREATE FUNCTION f3() RETURNS TABLE (k text, v jsonb) "
                                  "LANGUAGE sql AS $$ SELECT key, value FROM jsonb_each('{}') $$;"),
                        "");
    assert_string_equal(env_state(e, "CREATE FUNCTION f4() RETURNS SETOF json LANGUAGE sql AS "
                                     "$$ SELECT row_to_json(t) FROM t $$;"),
                        "");
    assert_string_equal(env_state(e, "CREATE FUNCTION f5(n int) RETURNS int LANGUAGE sql AS "
                                     "$$ SELECT CASE WHEN n < 2 THEN 1 ELSE n * f5(n - 1) END $$;"),
                        "");
    assert_string_equal(env_state(e, "CREATE FUNCTION f6() RETURNS SETOF name LANGUAGE sql AS "
                                     "$$ SELECT relname FROM pg_class $$;"),
                        "");
    assert_string_equal(env_state(e, "CREATE FUNCTION f7(anyelement) RETURNS int LANGUAGE sql AS "
                                     "$$ SELECT 1 FROM nowhere $$;"),
                        "");
    /* certain errors */
    assert_string_equal(env_state(e, "CREATE FUNCTION e1() RETURNS text LANGUAGE sql AS "
                                     "$$ SELECT crypt('a', gen_salt('bf')) $$;"),
                        "42883");
    assert_string_equal(env_state(e, "CREATE FUNCTION e2() RETURNS int LANGUAGE sql AS "
                                     "$$ SELECT a FROM missing $$;"),
                        "42P01");
    assert_string_equal(env_state(e, "CREATE FUNCTION e3(x int) RETURNS int LANGUAGE sql AS "
                                     "$$ SELECT c FROM t WHERE a = x $$;"),
                        "42703");
    assert_string_equal(env_state(e, "CREATE FUNCTION e4(int) RETURNS int LANGUAGE sql AS "
                                     "'SELECT $2';"),
                        "42P02");
    assert_string_equal(env_state(e, "CREATE FUNCTION e5() RETURNS int LANGUAGE sql AS "
                                     "$$ SELECT 'x' $$;"),
                        "42P13");
    assert_string_equal(env_state(e, "CREATE FUNCTION e6() RETURNS t LANGUAGE sql AS "
                                     "$$ SELECT 1, 'x', 2 $$;"),
                        "42P13");
    assert_string_equal(env_state(e, "CREATE FUNCTION e7() RETURNS int LANGUAGE sql AS "
                                     "$$ DELETE FROM t $$;"),
                        "42P13");
    assert_string_equal(env_state(e, "CREATE FUNCTION e8() RETURNS int LANGUAGE sql AS "
                                     "$$ SELEC 1 $$;"),
                        "42601");
    assert_null(catalog_find_func(e->c, NULL, "e2", NULL, 0)); /* rolled back */
    /* check_function_bodies = off: string bodies are not validated ... */
    run(e, "SET check_function_bodies = false;", NULL);
    assert_string_equal(env_state(e, "CREATE FUNCTION u1() RETURNS int LANGUAGE sql AS "
                                     "$$ SELECT a FROM later $$;"),
                        "");
    /* ... but BEGIN ATOMIC bodies are analysed all the same */
    assert_string_equal(env_state(e, "CREATE FUNCTION u2() RETURNS int LANGUAGE sql "
                                     "BEGIN ATOMIC SELECT a FROM later; END;"),
                        "42P01");
    run(e, "RESET check_function_bodies;", NULL);
    assert_string_equal(env_state(e, "CREATE FUNCTION u3() RETURNS int LANGUAGE sql AS "
                                     "$$ SELECT a FROM later $$;"),
                        "42P01");
    env_free(e);
}

/* Whole-row references, system columns and the system catalogs: never a
 * false error (they are in every database; the model has no catalog tables),
 * while a column that really is missing still is one. */
static void test_wholerow_system_refs(void **state)
{
    (void)state;
    struct env *e = env_new();
    assert_int_equal(run(e, "CREATE TABLE t (id int PRIMARY KEY, name text)", NULL), 0);
    assert_string_equal(env_state(e, "SELECT row_to_json(t) FROM t"), "");
    assert_string_equal(env_state(e, "SELECT x FROM t x"), "");
    assert_string_equal(
        env_state(e, "DELETE FROM t a USING t b WHERE a.id = b.id AND a.ctid < b.ctid"), "");
    assert_string_equal(env_state(e, "SELECT tableoid::regclass, xmin FROM t"), "");
    assert_string_equal(env_state(e, "SELECT relname FROM pg_class"), "");
    assert_string_equal(env_state(e, "SELECT count(*) FROM information_schema.tables"), "");
    assert_string_equal(env_state(e, "SELECT nosuch FROM t"), "42703");
    assert_string_equal(env_state(e, "SELECT u FROM t"), "42703");
    assert_int_equal(run(e, "CREATE TABLE audit (id int, CHECK (audit IS NOT NULL))", NULL), 0);
    assert_has_line(text(e), "  constraint audit_check CHECK ((audit.* IS NOT NULL))");
    env_free(e);
}

/* An unqualified missing target of a SQL function body is named as
 * PostgreSQL names it (not "(null).t"), so check tells it from a legacy
 * object by that name. */
static void test_sql_function_missing_target(void **state)
{
    (void)state;
    struct env *e = env_new();
    const struct effect *ef = NULL;
    run(e, "CREATE FUNCTION f() RETURNS void LANGUAGE sql AS $$ INSERT INTO nosuch VALUES (1) $$",
        &ef);
    assert_non_null(ef);
    assert_string_equal(ef->sqlstate, "42P01");
    assert_string_equal(ef->message, "relation \"nosuch\" does not exist");
    env_free(e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_undo),
        cmocka_unit_test(test_wholerow_system_refs),
        cmocka_unit_test(test_sql_function_missing_target),
        cmocka_unit_test(test_implicit_names),
        cmocka_unit_test(test_expressions),
        cmocka_unit_test(test_expressions_more),
        cmocka_unit_test(test_locks),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_lookups_and_text),
        cmocka_unit_test(test_roundtrip),
        cmocka_unit_test(test_tool_tables),
        cmocka_unit_test(test_sql_function_bodies),
        cmocka_unit_test(test_do_blocks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
