/*
 * test_formats.c - unit tests of the format readers (lint/formats/): the
 * Python tokenizer and its string maps, each reader through format_read on
 * small chains written to a temporary directory (tool rules: goose's
 * semicolon rule, golang-migrate's 001 == 1, dbmate's string versions,
 * Flyway's 1.0 == 1, diesel's dir names, Sqitch reworks, Alembic's variables
 * and operations), layout detection, and robustness against mutated input.
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
#include <sys/stat.h>
#include <unistd.h>

#include "lint/arena.h"
#include "lint/chain.h"
#include "lint/formats/formats.h"
#include "lint/formats/pyparse.h"
#include "lint/sql.h"

/* ---- temporary directories ---- */

static char tmpdir[256];

static void rm_rf(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return;
    if (S_ISDIR(st.st_mode)) {
        DIR *d = opendir(path);
        struct dirent *e;
        while (d && (e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            char sub[1024];
            snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
            rm_rf(sub);
        }
        if (d)
            closedir(d);
        rmdir(path);
    } else {
        unlink(path);
    }
}

static void fresh_dir(void)
{
    if (tmpdir[0])
        rm_rf(tmpdir);
    snprintf(tmpdir, sizeof tmpdir, "/tmp/airlock-test-formats.XXXXXX");
    assert_non_null(mkdtemp(tmpdir));
}

/* Writes tmpdir/rel (creating sub-directories). */
static void put(const char *rel, const char *text)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", tmpdir, rel);
    for (char *p = path + strlen(tmpdir) + 1; *p; p++)
        if (*p == '/') {
            *p = 0;
            mkdir(path, 0755);
            *p = '/';
        }
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

struct read {
    struct arena *a;
    struct chain *c;
    struct diag_list d;
    int rc;
};

static void read_dir(struct read *r, const char *format)
{
    r->a = arena_new();
    diag_list_init(&r->d, r->a);
    r->rc = format_read(&r->c, r->a, format, tmpdir, false, &r->d);
}

static bool has_diag(const struct read *r, const char *rule)
{
    for (uint32_t i = 0; i < r->d.n; i++)
        if (strcmp(r->d.items[i].rule, rule) == 0)
            return true;
    return false;
}

static const char *stmt_text(struct read *r, const struct part *p, uint32_t i)
{
    return arena_strndup(r->a, p->sql.text + p->stmts[i].off, p->stmts[i].len);
}

/* ---- Python tokenizer ---- */

static struct py_node *expr(struct arena *a, const char *code, struct source **src)
{
    *src = source_from_memory(a, "t.py", code, strlen(code));
    struct py_tokens t;
    py_tokenize(a, *src, &t);
    assert_false(t.error);
    struct py_parser p = {a, *src, t.v, t.n, 0};
    return py_parse_expr(&p);
}

static void test_py_strings(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    struct source *s;
    /* implicit concatenation of all prefixes; escapes; raw strings */
    struct py_node *n =
        expr(a, "x = (\"a\\n\" r'\\d' u\"\\u00e9\" 'it''s' \"\"\"tri\"ple\"\"\" b'\\x41')\n", &s);
    (void)n;
    /* the expression after '=' */
    const char *code = "(\"a\\n\" r'\\d' u\"\\u00e9\" 'it' 's' \"\"\"tri\"ple\"\"\")";
    n = expr(a, code, &s);
    assert_int_equal(n->kind, PN_STR);
    assert_string_equal(n->str.s, "a\n\\d\xc3\xa9its"
                                  "tri\"ple");
    assert_false(n->str.fstring);
    /* byte 0 'a' maps to offset 2 in the file, the escape "\n" to its backslash */
    struct sqltext t = {n->str.s, n->str.len, s, n->str.map, n->str.nmap, 0};
    assert_int_equal(sqltext_loc(&t, 0).off, 2);
    assert_int_equal(sqltext_loc(&t, 1).off, 3);
    assert_int_equal(sqltext_loc(&t, 2).off, 9); /* r'\d' starts at 7: '\' at 9 */
    /* f-strings with fields are not literals; doubled braces are */
    n = expr(a, "f'{x}'", &s);
    assert_true(n->str.fstring);
    n = expr(a, "f'{{x}}'", &s);
    assert_false(n->str.fstring);
    assert_string_equal(n->str.s, "{x}");
    /* calls, keywords, tuples, dotted names, line continuation */
    n = expr(a, "sa.Column('id', sa.Integer(), \\\n primary_key=True, default=(1, 2))", &s);
    assert_int_equal(n->kind, PN_CALL);
    assert_string_equal(n->base->name, "sa.Column");
    assert_int_equal(n->nitems, 2);
    assert_int_equal(n->nkw, 2);
    assert_int_equal(py_kwarg(n, "primary_key")->kind, PN_TRUE);
    assert_int_equal(py_kwarg(n, "default")->kind, PN_TUPLE);
    /* operators other than string '+' leave PN_BINOP/PN_OTHER, never a literal */
    n = expr(a, "[x for x in y]", &s);
    assert_int_equal(n->kind, PN_OTHER);
    arena_free(a);
}

static void test_py_blocks(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    const char *code = "import x\n"
                       "def upgrade():\n"
                       "    # comment\n"
                       "    op.execute('''\n"
                       "      SELECT 1\n"
                       "    ''')\n"
                       "    if a:\n"
                       "        pass\n"
                       "\n"
                       "def downgrade(): pass\n";
    struct source *s = source_from_memory(a, "t.py", code, strlen(code));
    struct py_tokens t;
    py_tokenize(a, s, &t);
    assert_false(t.error);
    struct py_parser p = {a, s, t.v, t.n, 0};
    struct py_stmt st;
    assert_true(py_next_stmt(&p, &st));
    assert_false(st.compound);
    assert_true(py_next_stmt(&p, &st));
    assert_true(st.compound); /* def upgrade */
    struct py_parser body = {a, s, t.v, st.body_end, st.body};
    struct py_stmt b;
    assert_true(py_next_stmt(&body, &b));
    assert_false(b.compound); /* op.execute(...) spanning lines */
    assert_true(py_next_stmt(&body, &b));
    assert_true(b.compound); /* if a: */
    assert_false(py_next_stmt(&body, &b));
    assert_true(py_next_stmt(&p, &st));
    assert_true(st.compound); /* def downgrade(): pass (inline body) */
    assert_false(py_next_stmt(&p, &st));
    /* malformed input stops with an error, never loops */
    const char *bad[] = {"x = 'unterminated\n", "x = \"\"\"never closed\n",
                         "  \tx = (\n",         "\\q",
                         "def f(:\n  pass\n",   "x = f'{'\n"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        struct source *bs = source_from_memory(a, "b.py", bad[i], strlen(bad[i]));
        py_tokenize(a, bs, &t);
        struct py_parser q = {a, bs, t.v, t.n, 0};
        while (py_next_stmt(&q, &st))
            ;
    }
    arena_free(a);
}

/* ---- readers ---- */

static void test_golang_migrate(void **state)
{
    (void)state;
    fresh_dir();
    put("001_a.up.sql", "CREATE TABLE a (id int);\n");
    put("001_a.down.sql", "DROP TABLE a;\n");
    put("10_b.up.sql", "CREATE INDEX CONCURRENTLY b ON a (id);\n");
    put("2_c.up.sql", "ALTER TABLE a ADD c int; ALTER TABLE a ADD d int;\n");
    put("notes.txt", "ignored\n");
    struct read r;
    read_dir(&r, "auto");
    assert_int_equal(r.rc, 0);
    assert_string_equal(r.c->format, "golang-migrate");
    assert_int_equal(r.c->nrevs, 3);
    /* numeric order: 1, 2, 10; one statement alone runs outside a transaction */
    assert_string_equal(r.c->revs[0]->id, "1");
    assert_string_equal(r.c->revs[1]->id, "2");
    assert_int_equal(r.c->revs[1]->tx, TX_ON);
    assert_string_equal(r.c->revs[2]->id, "10");
    assert_int_equal(r.c->revs[2]->tx, TX_OFF);
    assert_string_equal(r.c->revs[2]->parents[0], "2");
    arena_free(r.a);
    /* 001 and 1 are the same version */
    put("1_x.up.sql", "SELECT 1;\n");
    read_dir(&r, "golang-migrate");
    assert_int_equal(r.rc, -1);
    assert_true(has_diag(&r, "duplicate-version"));
    arena_free(r.a);
}

static void test_goose(void **state)
{
    (void)state;
    fresh_dir();
    put("00001_a.sql", "-- +goose Up\n"
                       "CREATE TABLE a (s text); -- a; comment\n"
                       "INSERT INTO a VALUES ('x;\n"
                       "y');\n"
                       "-- +goose StatementBegin\n"
                       "CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;\n"
                       "SELECT 2;\n"
                       "-- +goose StatementEnd\n"
                       "-- +goose Down\n"
                       "DROP TABLE a;\n");
    put("00002_b.sql",
        "-- +goose NO TRANSACTION\n-- +goose Up\nCREATE INDEX CONCURRENTLY i ON a (s);\n");
    struct read r;
    read_dir(&r, "auto");
    assert_int_equal(r.rc, 0);
    assert_string_equal(r.c->format, "goose");
    struct revision *v = r.c->revs[0];
    assert_string_equal(v->id, "1");
    /* goose's rule: a statement ends at a line whose last word ends in ';',
     * even inside a string: goose sends "INSERT ... ('x;" and "y');" apart
     * (both fail, as they would in goose). Begin/End holds two statements. */
    assert_int_equal(v->up.nstmts, 5);
    assert_true(strncmp(stmt_text(&r, &v->up, 1), "INSERT INTO a VALUES ('x", 24) == 0);
    assert_int_equal(v->up.stmts[2].loc.line, 4);
    assert_int_equal(v->up.stmts[3].loc.line, 6);
    assert_int_equal(v->up.stmts[4].loc.line, 7);
    assert_int_equal(v->down.nstmts, 1);
    assert_int_equal(r.c->revs[1]->tx, TX_OFF);
    arena_free(r.a);
    /* a line ending in "x;--c" does not end the statement: missing semicolon */
    fresh_dir();
    put("00001_a.sql", "-- +goose Up\nSELECT 1 x;--c\n");
    read_dir(&r, "goose");
    assert_true(has_diag(&r, "missing-semicolon"));
    arena_free(r.a);
    fresh_dir();
    put("00001_a.sql", "-- +goose Up\n-- +goose StatementBegin\nSELECT 1;\n");
    read_dir(&r, "goose");
    assert_true(has_diag(&r, "unterminated-statement-begin"));
    arena_free(r.a);
    fresh_dir();
    put("00001_a.sql", "-- +goose Down\nSELECT 1;\n");
    read_dir(&r, "goose");
    assert_true(has_diag(&r, "missing-up"));
    arena_free(r.a);
    fresh_dir();
    put("0_a.sql", "-- +goose Up\nSELECT 1;\n");
    read_dir(&r, "goose");
    assert_true(has_diag(&r, "invalid-file-name"));
    arena_free(r.a);
}

static void test_dbmate(void **state)
{
    (void)state;
    fresh_dir();
    put("001_a.sql",
        "-- comment\n\n-- migrate:up\nCREATE TABLE a (id int);\n-- migrate:down\nDROP TABLE a;\n");
    put("1_b.sql", "--migrate:up transaction:false\nCREATE INDEX CONCURRENTLY i ON a (id);\n");
    put("2_c.sql", "-- migrate:up transaction:false\nSELECT 1;\nSELECT 2;\n");
    struct read r;
    read_dir(&r, "auto");
    assert_int_equal(r.rc, 0);
    assert_string_equal(r.c->format, "dbmate");
    /* string versions, by file name: "001" and "1" differ */
    assert_int_equal(r.c->nrevs, 3);
    assert_string_equal(r.c->revs[0]->id, "001");
    assert_string_equal(r.c->revs[1]->id, "1");
    assert_int_equal(r.c->revs[1]->tx, TX_OFF);
    assert_int_equal(r.c->revs[2]->tx, TX_ON); /* two statements: implicit transaction */
    assert_int_equal(r.c->revs[0]->down.nstmts, 1);
    arena_free(r.a);
}

static void test_flyway(void **state)
{
    (void)state;
    fresh_dir();
    put("sql/V1__init.sql", "CREATE TABLE a (id int);\n");
    put("sql/V1_1__more.sql", "ALTER TABLE a ADD b int;\n");
    put("sql/nested/V10__idx.sql", "CREATE INDEX CONCURRENTLY i ON a (b);\n");
    put("sql/V2__data.sql", "UPDATE a SET b = 1;\n");
    put("sql/V2__data.sql.conf", "executeInTransaction = false\n");
    put("sql/U1_1__more.sql", "ALTER TABLE a DROP b;\n");
    put("sql/R__view.sql", "CREATE OR REPLACE VIEW v AS SELECT 1;\n");
    put("sql/beforeMigrate.sql", "SELECT 1;\n");
    struct read r;
    read_dir(&r, "auto");
    assert_int_equal(r.rc, 0);
    assert_string_equal(r.c->format, "flyway");
    assert_int_equal(r.c->nrevs, 5);
    const char *ids[] = {"1", "1.1", "2", "10", "R__view"};
    for (int i = 0; i < 5; i++)
        assert_string_equal(r.c->revs[i]->id, ids[i]);
    assert_true(r.c->revs[1]->down.present);
    assert_int_equal(r.c->revs[2]->tx, TX_OFF); /* .sql.conf */
    assert_int_equal(r.c->revs[3]->tx, TX_OFF); /* CONCURRENTLY detected */
    assert_int_equal(r.c->revs[0]->tx, TX_ON);
    arena_free(r.a);
    put("sql/V01.0__dup.sql", "SELECT 1;\n");
    read_dir(&r, "flyway");
    assert_true(has_diag(&r, "duplicate-version"));
    arena_free(r.a);
}

static void test_diesel(void **state)
{
    (void)state;
    fresh_dir();
    put("migrations/2024-01-02-000000_b/up.sql", "ALTER TABLE a ADD b int;\n");
    put("migrations/2024-01-01-000000_a/up.sql", "CREATE TABLE a (id int);\n");
    put("migrations/2024-01-01-000000_a/down.sql", "DROP TABLE a;\n");
    put("migrations/2024-01-03-000000_c/up.sql", "CREATE INDEX CONCURRENTLY i ON a (b);\n");
    put("migrations/2024-01-03-000000_c/metadata.toml", "run_in_transaction = false\n");
    put("migrations/.hidden/up.sql", "nope\n");
    struct read r;
    read_dir(&r, "auto");
    assert_int_equal(r.rc, 0);
    assert_string_equal(r.c->format, "diesel");
    assert_int_equal(r.c->nrevs, 3);
    assert_string_equal(r.c->revs[0]->id, "20240101000000");
    assert_string_equal(r.c->revs[0]->message, "a");
    assert_int_equal(r.c->revs[2]->tx, TX_OFF);
    arena_free(r.a);
}

static void test_sqitch(void **state)
{
    (void)state;
    fresh_dir();
    put("sqitch.plan", "%project=p\n"
                       "\n"
                       "a 2024-01-01T00:00:00Z N <n@x> # first\n"
                       "@t1 2024-01-02T00:00:00Z N <n@x>\n"
                       "\n"
                       "b [a other:thing] 2024-01-03T00:00:00Z N <n@x>\n"
                       "a [a@t1] 2024-01-04T00:00:00Z N <n@x> # reworked\n");
    put("deploy/a@t1.sql", "BEGIN;\nCREATE TABLE a (id int);\nCOMMIT;\n");
    put("deploy/a.sql", "BEGIN;\nALTER TABLE a ADD x int;\nCOMMIT;\n");
    put("deploy/b.sql", "\\set ON_ERROR_STOP on\nCREATE INDEX CONCURRENTLY i ON a (id);\n");
    put("revert/a.sql", "ALTER TABLE a DROP x;\n");
    struct read r;
    read_dir(&r, "auto");
    assert_int_equal(r.rc, 0);
    assert_string_equal(r.c->format, "sqitch");
    assert_int_equal(r.c->nrevs, 3);
    assert_string_equal(r.c->revs[0]->id, "a_t1"); /* the earlier instance of a */
    assert_string_equal(r.c->revs[2]->id, "a");
    assert_int_equal(r.c->revs[0]->tx, TX_ON);
    assert_int_equal(r.c->revs[0]->up.stmts[0].flags, STMT_BOOKKEEPING);
    assert_int_equal(r.c->revs[1]->tx, TX_OFF);
    assert_int_equal(r.c->revs[1]->up.nstmts, 1); /* \set is psql's, not SQL */
    assert_true(has_diag(&r, "not-checkable"));
    assert_true(r.c->revs[2]->down.present);
    assert_non_null(strstr(r.c->revs[0]->format_data, "change a@t1 "));
    arena_free(r.a);
}

static void test_alembic(void **state)
{
    (void)state;
    fresh_dir();
    put("versions/1.py",
        "revision: str = 'r1'\n"
        "down_revision: Union[str, None] = None\n"
        "def upgrade() -> None:\n"
        "    op.create_table('t', sa.Column('id', sa.Integer, primary_key=True),\n"
        "        sa.Column('n', sa.String(10), nullable=False, server_default='x'))\n"
        "    with op.get_context().autocommit_block():\n"
        "        op.create_index('i', 't', ['n'], postgresql_concurrently=True)\n"
        "    op.execute(f'SELECT {x}')\n");
    put("versions/2.py", "revision = 'r2'\n"
                         "down_revision = ('r1',)\n"
                         "def upgrade():\n"
                         "    op.execute('''\n"
                         "        UPDATE t SET n = 'y'\n"
                         "    ''')\n"
                         "def downgrade():\n"
                         "    pass\n");
    put("versions/__init__.py", "");
    struct read r;
    read_dir(&r, "auto");
    assert_int_equal(r.rc, 0);
    assert_string_equal(r.c->format, "alembic");
    assert_int_equal(r.c->nrevs, 2);
    struct revision *v = r.c->revs[0];
    assert_int_equal(v->up.nstmts, 3);
    assert_string_equal(stmt_text(&r, &v->up, 0), "CREATE TABLE t (\n    id SERIAL NOT NULL, \n"
                                                  "    n VARCHAR(10) DEFAULT 'x' NOT NULL, \n"
                                                  "    PRIMARY KEY (id)\n)");
    assert_int_equal(v->up.stmts[1].flags, STMT_NO_TX);
    assert_int_equal(v->up.stmts[2].flags, STMT_NOT_ANALYZED);
    assert_true(has_diag(&r, "not-analyzed"));
    assert_false(v->down.present);
    struct revision *w = r.c->revs[1];
    assert_string_equal(w->parents[0], "r1");
    /* the SQL of a triple-quoted string keeps its place in the file */
    assert_int_equal(w->up.stmts[0].loc.line, 5);
    assert_int_equal(w->up.stmts[0].loc.col, 9);
    assert_true(w->down.present);
    assert_int_equal(w->down.nstmts, 0);
    arena_free(r.a);
}

static void test_detect(void **state)
{
    (void)state;
    fresh_dir();
    put("1_a.up.sql", "SELECT 1;\n");
    put("V1__a.sql", "SELECT 1;\n");
    const char *name = NULL;
    struct err e = {0};
    assert_int_equal(format_detect(tmpdir, &name, &e), -1);
    assert_non_null(strstr(e.msg, "golang-migrate, flyway"));
    fresh_dir();
    put("001_a.sql", "-- airlock:up\nSELECT 1;\n");
    assert_int_equal(format_detect(tmpdir, &name, &e), 0);
    assert_string_equal(name, "native");
    fresh_dir();
    put("readme.txt", "nothing\n");
    assert_int_equal(format_detect(tmpdir, &name, &e), -1);
    struct read r;
    read_dir(&r, "liquibase");
    assert_int_equal(r.rc, -1);
    assert_true(has_diag(&r, "unknown-format"));
    arena_free(r.a);
    assert_true(format_known("auto"));
    assert_true(format_known("alembic-sql"));
    assert_false(format_known("atlas"));
}

/* Mutated copies of valid inputs: every reader must return, never crash
 * (ASan/UBSan builds check memory safety), whatever the bytes. */
static void test_mutations(void **state)
{
    (void)state;
    static const struct {
        const char *format, *name, *text;
    } seeds[] = {
        {"alembic", "versions/a.py",
         "revision = 'a'\ndown_revision = None\n"
         "def upgrade():\n    op.create_table('t', sa.Column('id', sa.BigInteger(), "
         "sa.Identity(), primary_key=True), sa.Column('e', sa.Enum('x', 'y', name='e')),\n"
         "        sa.ForeignKeyConstraint(['id'], ['u.id'], ondelete='CASCADE'))\n"
         "    op.execute(\"\"\"SELECT '\\:' || $$x$$\"\"\" 'y')\n"
         "    with op.batch_alter_table('t') as b:\n        b.alter_column('e', nullable=False)\n"},
        {"goose", "00001_a.sql",
         "-- +goose Up\n-- +goose StatementBegin\nSELECT 1;\n-- +goose StatementEnd\n"
         "SELECT 2;\n-- +goose Down\nSELECT 3;\n"},
        {"dbmate", "001_a.sql",
         "-- migrate:up transaction:false\nSELECT 1;\n-- migrate:down\nSELECT 2;\n"},
        {"sqitch", "sqitch.plan",
         "%project=p\n\na [b !c d:e f@g] 2024-01-01T00:00:00Z N <n@x> # n\\n\n@t "
         "2024-01-01T00:00:00Z N <n@x>\n"},
        {"alembic-sql", "u.sql",
         "BEGIN;\n-- Running upgrade  -> a\nSELECT 1;;\nCOMMIT;\n-- Running upgrade a -> b\n"
         "INSERT INTO alembic_version (version_num) VALUES ('b');\n"},
    };
    uint32_t seed = 12345;
    for (size_t k = 0; k < sizeof seeds / sizeof *seeds; k++) {
        size_t n = strlen(seeds[k].text);
        char *buf = malloc(n + 1);
        for (int iter = 0; iter < 150; iter++) {
            memcpy(buf, seeds[k].text, n + 1);
            int edits = 1 + iter % 4;
            for (int e = 0; e < edits; e++) {
                seed = seed * 1103515245u + 12345u;
                size_t at = (seed >> 8) % n;
                seed = seed * 1103515245u + 12345u;
                static const char pool[] = "'\"\\()[]{}:;,=#$\n -@+abc0\t";
                buf[at] = pool[(seed >> 8) % (sizeof pool - 1)];
            }
            fresh_dir();
            put(seeds[k].name, buf);
            struct read r;
            read_dir(&r, seeds[k].format);
            if (r.c)
                sql_parse_chain(r.c, &r.d);
            arena_free(r.a);
        }
        free(buf);
    }
}

static int teardown(void **state)
{
    (void)state;
    if (tmpdir[0])
        rm_rf(tmpdir);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_py_strings),     cmocka_unit_test(test_py_blocks),
        cmocka_unit_test(test_golang_migrate), cmocka_unit_test(test_goose),
        cmocka_unit_test(test_dbmate),         cmocka_unit_test(test_flyway),
        cmocka_unit_test(test_diesel),         cmocka_unit_test(test_sqitch),
        cmocka_unit_test(test_alembic),        cmocka_unit_test(test_detect),
        cmocka_unit_test(test_mutations),
    };
    return cmocka_run_group_tests(tests, NULL, teardown);
}
