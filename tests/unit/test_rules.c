/*
 * test_rules.c - unit tests of the lint rule engine's parts that golden files
 * do not reach directly: the registry's invariants (ids, docs, squawk names),
 * --rules settings, .airlock.conf parsing and discovery, the PostgreSQL facts
 * tables (function volatility, binary-coercible casts, type aliases).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lint/arena.h"
#include "lint/config.h"
#include "lint/rule.h"
#include "lint/rule_pgfacts.h"

static bool kebab(const char *s)
{
    if (!*s || *s == '-')
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
              (*s == '-' && s[1] && s[1] != '-')))
            return false;
    return true;
}

static void test_registry(void **state)
{
    (void)state;
    assert_true(rule_registry_count >= 45);
    assert_null(rule_registry[rule_registry_count]);
    for (uint32_t i = 0; i < rule_registry_count; i++) {
        const struct rule *r = rule_registry[i];
        assert_true(kebab(r->id));
        assert_int_equal(rule_index(r->id), (int)i); /* unique */
        assert_ptr_equal(rule_find(r->id), r);
        assert_non_null(r->summary);
        assert_true(r->check || r->end_part);
        assert_non_null(strstr(r->doc, "## What\n"));
        assert_non_null(strstr(r->doc, "## Why\n"));
        assert_non_null(strstr(r->doc, "## Instead\n"));
        assert_non_null(strstr(r->doc, "## Example\n"));
        assert_true(r->sev == SEV_ERROR || r->sev == SEV_WARNING || r->sev == SEV_INFO);
    }
    assert_string_equal(rule_registry[rule_registry_count - 1]->id, "statement-rejected");
    assert_null(rule_find("no-such-rule"));
    /* squawk names: several airlock rules may answer for one */
    uint32_t it = 0, n = 0;
    for (const struct rule *r; (r = rule_find_squawk("constraint-missing-not-valid", &it));)
        n++;
    assert_true(n >= 2);
    it = 0;
    const struct rule *r = rule_find_squawk("require-concurrent-index-creation", &it);
    assert_non_null(r);
    assert_string_equal(r->id, "require-concurrent-index-creation");
    it = 0;
    assert_null(rule_find_squawk("prefer-robust-stmts", &it));
    it = 0;
    /* a name must match a whole list item, not a prefix of one */
    assert_null(rule_find_squawk("require-concurrent", &it));
}

static void test_settings(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    struct rule_settings s;
    struct err e = {0};
    int drop = rule_index("ban-drop-table"), text = rule_index("prefer-text-field");
    assert_true(drop >= 0 && text >= 0);
    rule_settings_init(&s, a);
    assert_int_equal(s.pg_version, 15);
    assert_true(rule_enabled(&s, (uint32_t)drop));
    assert_int_equal(rule_settings_apply(&s, "none,ban-drop-table", &e), 0);
    assert_true(rule_enabled(&s, (uint32_t)drop));
    assert_false(rule_enabled(&s, (uint32_t)text));
    assert_int_equal(rule_settings_apply(&s, "all, -ban-drop-table ,prefer-text-field=error", &e),
                     0);
    assert_false(rule_enabled(&s, (uint32_t)drop));
    assert_true(rule_enabled(&s, (uint32_t)text));
    assert_int_equal(rule_severity(&s, (uint32_t)text), SEV_ERROR);
    assert_int_equal(rule_settings_apply(&s, "prefer-text-field=on", &e), 0);
    assert_int_equal(rule_severity(&s, (uint32_t)text), SEV_ERROR); /* 'on' keeps the severity */
    assert_int_equal(rule_settings_apply(&s, "!prefer-text-field", &e), 0);
    assert_false(rule_enabled(&s, (uint32_t)text));
    assert_int_equal(rule_settings_apply(&s, "no-such-rule", &e), -1);
    assert_non_null(strstr(e.msg, "no-such-rule"));
    assert_int_equal(rule_settings_apply(&s, "ban-drop-table=loud", &e), -1);
    assert_non_null(strstr(e.msg, "loud"));
    arena_free(a);
}

static char tmpdir[64];

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void test_config(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    snprintf(tmpdir, sizeof tmpdir, "/tmp/airlock-test-rules.XXXXXX");
    assert_non_null(mkdtemp(tmpdir));
    char sub[128], deep[160], conf[128];
    snprintf(sub, sizeof sub, "%s/db", tmpdir);
    snprintf(deep, sizeof deep, "%s/db/migrations", tmpdir);
    snprintf(conf, sizeof conf, "%s/.airlock.conf", tmpdir);
    assert_int_equal(mkdir(sub, 0755), 0);
    assert_int_equal(mkdir(deep, 0755), 0);
    write_text(conf, "; comment\n[lint]\ndir = db/migrations\npg-version = 12\nfail-on = info\n"
                     "assume-lock-timeout = yes\nrules = -ban-drop-table, prefer-text-field=error\n"
                     "\n[rules]\nban-drop-column = off\n");
    /* discovery walks up from a directory below */
    const char *found = config_find(a, deep);
    assert_non_null(found);
    struct stat st1, st2;
    assert_int_equal(stat(found, &st1), 0);
    assert_int_equal(stat(conf, &st2), 0);
    assert_true(st1.st_ino == st2.st_ino);

    struct lint_config cfg;
    struct err e = {0};
    assert_int_equal(config_load(a, conf, &cfg, &e), 0);
    assert_int_equal(cfg.pg_version, 12);
    assert_int_equal(cfg.fail_on, SEV_INFO);
    assert_int_equal(cfg.assume_lock_timeout, 1);
    assert_int_equal(cfg.assume_statement_timeout, -1);
    assert_non_null(strstr(cfg.chain_dir, "/db/migrations"));
    assert_int_equal(cfg.nrules, 3);
    struct rule_settings s;
    rule_settings_init(&s, a);
    assert_int_equal(config_apply(&cfg, &s, &e), 0);
    assert_int_equal(s.pg_version, 12);
    assert_true(s.assume_lock_timeout);
    assert_false(rule_enabled(&s, (uint32_t)rule_index("ban-drop-table")));
    assert_false(rule_enabled(&s, (uint32_t)rule_index("ban-drop-column")));
    assert_int_equal(rule_severity(&s, (uint32_t)rule_index("prefer-text-field")), SEV_ERROR);

    /* errors carry the line */
    write_text(conf, "[lint]\npg-version = 15\n\nfail-on = sometimes\n");
    assert_int_equal(config_load(a, conf, &cfg, &e), -1);
    assert_int_equal(e.line, 4);
    assert_non_null(strstr(e.msg, "sometimes"));
    write_text(conf, "[linting]\npg-version = 15\n");
    assert_int_equal(config_load(a, conf, &cfg, &e), -1);
    assert_non_null(strstr(e.msg, "linting"));
    write_text(conf, "[rules]\nban-drop-table = maybe\n");
    assert_int_equal(config_load(a, conf, &cfg, &e), -1);
    assert_int_equal(e.line, 2);
    write_text(conf, "[rules]\nno-such-rule = off\n");
    assert_int_equal(config_load(a, conf, &cfg, &e), 0);
    assert_int_equal(config_apply(&cfg, &s, &e), -1);
    assert_non_null(strstr(e.msg, "no-such-rule"));
    write_text(conf, "this is not ini\n");
    assert_int_equal(config_load(a, conf, &cfg, &e), -1);
    assert_int_equal(e.line, 1);

    unlink(conf);
    if (access("/tmp/.airlock.conf", F_OK) != 0 && access("/.airlock.conf", F_OK) != 0)
        assert_null(config_find(a, deep));
    rmdir(deep);
    rmdir(sub);
    rmdir(tmpdir);
    arena_free(a);
}

static void test_pgfacts(void **state)
{
    (void)state;
    assert_int_equal(pgfact_builtin_volatility("random"), PGFACT_VOLATILE);
    assert_int_equal(pgfact_builtin_volatility("gen_random_uuid"), PGFACT_VOLATILE);
    assert_int_equal(pgfact_builtin_volatility("clock_timestamp"), PGFACT_VOLATILE);
    assert_int_equal(pgfact_builtin_volatility("nextval"), PGFACT_VOLATILE);
    assert_int_equal(pgfact_builtin_volatility("now"), PGFACT_STABLE);
    assert_int_equal(pgfact_builtin_volatility("lower"), PGFACT_IMMUTABLE);
    assert_int_equal(pgfact_builtin_volatility("no_such_function"), PGFACT_UNKNOWN);
    assert_int_equal(pgfact_extension_volatility("uuid_generate_v4"), PGFACT_VOLATILE);
    assert_int_equal(pgfact_extension_volatility("uuid_generate_v5"), PGFACT_IMMUTABLE);
    assert_true(pgfact_binary_coercible("varchar", "text"));
    assert_true(pgfact_binary_coercible("text", "varchar"));
    assert_true(pgfact_binary_coercible("cidr", "inet"));
    assert_false(pgfact_binary_coercible("int4", "int8"));
    assert_false(pgfact_binary_coercible("inet", "cidr"));
    assert_string_equal(pgfact_type_canonical("integer"), "int4");
    assert_string_equal(pgfact_type_canonical("pg_catalog.bool"), "bool");
    assert_string_equal(pgfact_type_canonical("character varying"), "varchar");
    assert_string_equal(pgfact_type_canonical("serial8"), "bigserial");
    assert_string_equal(pgfact_type_canonical("mood"), "mood");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_registry),
        cmocka_unit_test(test_settings),
        cmocka_unit_test(test_config),
        cmocka_unit_test(test_pgfacts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
