/*
 * test_foundation.c - unit tests of the foundation: hash map, line index and
 * locations, UTF-8 validation, version ordering, ids, graph validation,
 * REV resolution and paths, statement splitting and parsing, sqlscan.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "lint/arena.h"
#include "lint/chain.h"
#include "lint/hashmap.h"
#include "lint/source.h"
#include "lint/sql.h"
#include "lint/sqlscan.h"
#include "lint/util.h"

static void test_hashmap(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    struct hashmap m;
    hashmap_init(&m, a);
    char keys[5000][16];
    for (int i = 0; i < 5000; i++) {
        snprintf(keys[i], sizeof keys[i], "k%d", i);
        assert_null(hashmap_put(&m, keys[i], (void *)(intptr_t)(i + 1)));
    }
    assert_int_equal(m.used, 5000);
    for (int i = 0; i < 5000; i++)
        assert_int_equal((intptr_t)hashmap_get(&m, keys[i]), i + 1);
    for (int i = 0; i < 5000; i += 2)
        assert_int_equal((intptr_t)hashmap_del(&m, keys[i]), i + 1);
    for (int i = 0; i < 5000; i++)
        assert_true((hashmap_get(&m, keys[i]) != NULL) == (i % 2 == 1));
    assert_int_equal((intptr_t)hashmap_put(&m, keys[1], (void *)7), 2);
    uint32_t it = 0, n = 0;
    while (hashmap_next(&m, &it, NULL, NULL))
        n++;
    assert_int_equal(n, 2500);
    assert_null(hashmap_get(&m, "missing"));
    arena_free(a);
}

static void test_locations(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    const char *text = "ab\nc\xc3\xa9"
                       "d\n\nxyz";
    struct source *s = source_from_memory(a, "f.sql", text, strlen(text));
    assert_int_equal(s->nlines, 4);
    struct loc l = source_loc(s, 0);
    assert_int_equal(l.line, 1);
    assert_int_equal(l.col, 1);
    l = source_loc(s, 6); /* 'd' after the two-byte é */
    assert_int_equal(l.line, 2);
    assert_int_equal(l.col, 3);
    l = source_loc(s, 8); /* empty line 3 */
    assert_int_equal(l.line, 3);
    assert_int_equal(l.col, 1);
    l = source_loc(s, 11);
    assert_int_equal(l.line, 4);
    assert_int_equal(l.col, 3);
    uint32_t len;
    const char *line = source_line(s, 2, &len);
    assert_int_equal(len, 4);
    assert_memory_equal(line,
                        "c\xc3\xa9"
                        "d",
                        4);
    /* a mapped sqltext: generated text reported at its source offset */
    struct srcmap map[] = {{0, 3, true}, {4, 9, false}};
    struct sqltext t = {"SQL TEXT", 8, s, map, 2, 0};
    l = sqltext_loc(&t, 1);
    assert_int_equal(l.line, 2);
    assert_int_equal(l.col, 2);
    l = sqltext_loc(&t, 6); /* not linear: every byte of the piece is at src offset 9 */
    assert_int_equal(l.line, 4);
    assert_int_equal(l.col, 1);
    arena_free(a);
}

static void test_utf8(void **state)
{
    (void)state;
    assert_int_equal(utf8_invalid_offset("abc", 3), (size_t)-1);
    assert_int_equal(utf8_invalid_offset("a\xc3\xa9", 3), (size_t)-1);
    assert_int_equal(utf8_invalid_offset("a\xe9z", 3), 1);
    assert_int_equal(utf8_invalid_offset("\xc0\x80", 2), 0);      /* overlong */
    assert_int_equal(utf8_invalid_offset("x\xed\xa0\x80", 4), 1); /* surrogate */
    assert_int_equal(utf8_invalid_offset("\xf0\x9f\x98\x80", 4), (size_t)-1);
    assert_int_equal(utf8_invalid_offset("\xf0\x9f\x98", 3), 0);     /* truncated */
    assert_int_equal(utf8_invalid_offset("\xf4\x90\x80\x80", 4), 0); /* > U+10FFFF */
}

static void test_version_order(void **state)
{
    (void)state;
    assert_true(chain_version_cmp("2_x.sql", "10_y.sql") < 0);
    assert_true(chain_version_cmp("002_x.sql", "10_y.sql") < 0);
    assert_true(chain_version_cmp("10_a.sql", "10_b.sql") < 0);
    assert_true(chain_version_cmp("99999999999999999999_a", "100000000000000000000_a") < 0);
    assert_true(chain_version_cmp("1_a", "readme") < 0);
    assert_int_equal(chain_version_cmp("1_a", "1_a"), 0);
    assert_true(chain_id_valid("7f3a9c2e41b0"));
    assert_true(chain_id_valid("v1.2_final"));
    assert_false(chain_id_valid("add-orders"));
    assert_false(chain_id_valid(""));
    assert_false(chain_id_valid("0123456789abcdef0123456789abcdef0"));
    assert_true(chain_id_valid("0123456789abcdef0123456789abcdef"));
}

/* Builds a chain from "id:parent,parent" specs. */
static struct chain *make_chain(struct arena *a, const char *const *specs, int n)
{
    struct chain *c = chain_new(a, "mem", "native");
    for (int i = 0; i < n; i++) {
        struct revision *r = chain_add(c);
        const char *colon = strchr(specs[i], ':');
        r->id = arena_strndup(a, specs[i], (size_t)(colon - specs[i]));
        r->parents = arena_alloc(a, sizeof *r->parents * 4);
        const char *p = colon + 1;
        while (*p) {
            const char *e = strchr(p, ',');
            size_t l = e ? (size_t)(e - p) : strlen(p);
            r->parents[r->nparents++] = arena_strndup(a, p, l);
            p += l + (e ? 1 : 0);
        }
        r->explicit_parents = true;
    }
    return c;
}

static bool has_rule(const struct diag_list *d, const char *rule)
{
    for (uint32_t i = 0; i < d->n; i++)
        if (strcmp(d->items[i].rule, rule) == 0)
            return true;
    return false;
}

static void test_graph(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    struct diag_list d;
    diag_list_init(&d, a);
    /* merge listed before its parents in the file order: topological order fixes it */
    const char *ok[] = {"m:b,c", "a:", "b:a", "c:a", "h:m"};
    struct chain *c = make_chain(a, ok, 5);
    assert_int_equal(chain_validate(c, &d), 0);
    assert_int_equal(d.n, 0);
    assert_string_equal(c->revs[0]->id, "a");
    assert_string_equal(c->revs[1]->id, "b");
    assert_string_equal(c->revs[2]->id, "c");
    assert_string_equal(c->revs[3]->id, "m");
    assert_int_equal(c->nheads, 1);
    assert_int_equal(c->nbases, 1);
    struct revision *r;
    struct err e = {0};
    assert_int_equal(chain_resolve(c, "head", &r, &e), 0);
    assert_string_equal(r->id, "h");
    assert_int_equal(chain_resolve(c, "base", &r, &e), 0);
    assert_null(r);
    struct revision **path;
    struct revision *from, *to;
    chain_resolve(c, "b", &from, &e);
    chain_resolve(c, "h", &to, &e);
    int n = chain_path(c, from, to, &path, &e);
    assert_int_equal(n, 3); /* c, m, h: everything h needs that b does not have */
    assert_string_equal(path[0]->id, "c");
    assert_string_equal(path[2]->id, "h");
    assert_int_equal(chain_path(c, to, from, &path, &e), -1);

    diag_list_init(&d, a);
    const char *cyc[] = {"a:", "x:a,z", "y:x", "z:y"};
    c = make_chain(a, cyc, 4);
    assert_true(chain_validate(c, &d) > 0);
    assert_true(has_rule(&d, "revision-cycle"));
    assert_non_null(strstr(d.items[0].message, "x"));

    diag_list_init(&d, a);
    const char *heads[] = {"a:", "b:a", "c:a"};
    c = make_chain(a, heads, 3);
    chain_validate(c, &d);
    assert_true(has_rule(&d, "multiple-heads"));
    assert_int_not_equal(chain_resolve(c, "head", &r, &e), 0);

    diag_list_init(&d, a);
    const char *dup[] = {"a:", "a:a", "b:q"};
    c = make_chain(a, dup, 3);
    chain_validate(c, &d);
    assert_true(has_rule(&d, "duplicate-revision"));
    assert_true(has_rule(&d, "missing-parent"));

    diag_list_init(&d, a);
    const char *pre[] = {"abcd1234:", "abcd9999:abcd1234", "abce0000:abcd9999"};
    c = make_chain(a, pre, 3);
    chain_validate(c, &d);
    assert_int_equal(chain_resolve(c, "abce", &r, &e), 0);
    assert_string_equal(r->id, "abce0000");
    assert_int_not_equal(chain_resolve(c, "abcd", &r, &e), 0); /* ambiguous */
    assert_non_null(strstr(e.msg, "ambiguous"));
    assert_int_not_equal(chain_resolve(c, "abc", &r, &e), 0); /* too short */
    arena_free(a);
}

static void test_parse(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    struct diag_list d;
    diag_list_init(&d, a);
    const char *sql = "-- lead\nCREATE TABLE t (id bigint);\n\nCREATE FUNCTION f() RETURNS int\n"
                      "LANGUAGE sql AS $$ SELECT 1; $$;;\n  INSERT INTO t VALUES (1)";
    struct source *s = source_from_memory(a, "x.sql", sql, strlen(sql));
    struct stmt *st;
    uint32_t n;
    assert_int_equal(sql_parse_text(a, s, &st, &n, &d), 0);
    assert_int_equal(n, 3);
    assert_int_equal(st[0].loc.line, 2);
    assert_int_equal(st[0].loc.col, 1);
    assert_string_equal(sql_node_kind(st[0].node), "CreateStmt");
    assert_int_equal(st[1].loc.line, 4);
    assert_string_equal(sql_node_kind(st[1].node), "CreateFunctionStmt");
    assert_int_equal(st[2].loc.line, 6);
    assert_int_equal(st[2].loc.col, 3);
    assert_string_equal(sql_node_kind(st[2].node), "InsertStmt");
    assert_int_equal(d.n, 0);

    /* two errors in one text: both are reported, the good statement still parses */
    const char *bad = "CREATE TABL a (id int);\nCREATE TABLE ok (id int);\nDROP TABLE;\n";
    s = source_from_memory(a, "b.sql", bad, strlen(bad));
    assert_int_equal(sql_parse_text(a, s, &st, &n, &d), 2);
    assert_int_equal(n, 3);
    assert_null(st[0].node);
    assert_non_null(st[1].node);
    assert_int_equal(d.items[0].loc.line, 1);
    assert_int_equal(d.items[0].loc.col, 8);
    assert_string_equal(d.items[1].message, "syntax error at end of input");
    assert_int_equal(d.items[1].loc.line, 3);
    assert_int_equal(d.items[1].loc.col, 11);
    arena_free(a);
}

static void count_event(void *ctx, enum sqlscan_event ev, uint32_t off, uint32_t len)
{
    int *counts = ctx;
    (void)off;
    (void)len;
    counts[ev]++;
}

static void test_sqlscan(void **state)
{
    (void)state;
    int counts[4] = {0};
    const char *s = "-- c1\nSELECT '--x;' , $a$ -- no\n\\i x $a$; /* ; -- */\n  -- c2\n\\set x\n"
                    "SELECT E'\\';' ;\n";
    sqlscan(s, (uint32_t)strlen(s), count_event, counts);
    assert_int_equal(counts[SQLSCAN_LINE_COMMENT], 2);
    assert_int_equal(counts[SQLSCAN_META], 1);
    assert_int_equal(counts[SQLSCAN_SEMI], 2);
    char deep[4096];
    strcpy(deep, "SELECT ");
    for (int i = 0; i < 1000; i++)
        strcat(deep, "+1");
    assert_true(sqlscan(deep, (uint32_t)strlen(deep), NULL, NULL) >= 1000);
    const char *flat = "SELECT a = 1 AND b = 2 AND c = 3, (1 + 2), 3";
    assert_true(sqlscan(flat, (uint32_t)strlen(flat), NULL, NULL) < 5);
}

/* pg_dump's \restrict / \unrestrict lines are skipped; other psql
 * meta-commands are still errors, located. */
static void test_pg_dump_restrict(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    struct diag_list d;
    diag_list_init(&d, a);
    const char *names[] = {"001_dump.sql", "002_meta.sql"};
    const char *parts[] = {"\\restrict Xy12\nSET statement_timeout = 0;\nCREATE TABLE t (id int);\n"
                           "\\unrestrict Xy12\n",
                           "CREATE TABLE u (id int);\n\\set ON_ERROR_STOP on\n"};
    size_t lens[] = {strlen(parts[0]), strlen(parts[1])};
    struct chain *c = chain_new(a, "mem", "native");
    native_read_buffers(c, names, parts, lens, 2, &d);
    sql_parse_chain(c, &d);
    assert_int_equal(d.n, 1);
    assert_string_equal(d.items[0].rule, "psql-meta-command");
    assert_int_equal(d.items[0].loc.line, 2);
    assert_int_equal(c->revs[0]->up.nstmts, 2);
    assert_int_equal(c->revs[0]->up.stmts[0].loc.line, 2);
    arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hashmap),
        cmocka_unit_test(test_locations),
        cmocka_unit_test(test_utf8),
        cmocka_unit_test(test_version_order),
        cmocka_unit_test(test_graph),
        cmocka_unit_test(test_parse),
        cmocka_unit_test(test_pg_dump_restrict),
        cmocka_unit_test(test_sqlscan),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
