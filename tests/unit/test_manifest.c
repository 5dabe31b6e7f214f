/*
 * test_manifest.c - MANIFEST parse/format: a full manifest round-trips byte
 * for byte, and every way a line can be wrong is refused with its own
 * message and the right line number.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bundle/manifest.h"

#define H64 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
#define H64B "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210"

static const char good[] =
    "airlock-bundle 1\n"
    "project shop\n"
    "sequence 12\n"
    "created 2026-11-24T10:00:00Z\n"
    "expires 2026-12-24T10:00:00Z\n"
    "direction up\n"
    "from 1b2c3d4e5f60\n"
    "to 7f3a9c2e41b0\n"
    "version-table alembic\n"
    "schema-from sha256:" H64 "\n"
    "file revisions/000001-aa11/down.sql 10 sha256:" H64 "\n"
    "file revisions/000001-aa11/up.sql 20 sha256:" H64B "\n"
    "file revisions/000002-7f3a9c2e41b0/up.sql 5 sha256:" H64 "\n"
    "file schema/7f3a9c2e41b0.schema 0 sha256:" H64 "\n"
    "file schema/_from.schema 0 sha256:" H64 "\n"
    "file schema/aa11.schema 0 sha256:" H64 "\n"
    "revision 1 aa11 parents=1b2c3d4e5f60 tx=on up=revisions/000001-aa11/up.sql "
    "down=revisions/000001-aa11/down.sql schema=sha256:" H64 "\n"
    "stmt 1 0 0 10 sha256:" H64 "\n"
    "stmt 1 1 11 9 sha256:" H64B "\n"
    "dstmt 1 0 0 10 sha256:" H64 "\n"
    "revision 2 7f3a9c2e41b0 parents=aa11,bb22 tx=off "
    "up=revisions/000002-7f3a9c2e41b0/up.sql down=- schema=sha256:" H64B "\n"
    "stmt 2 0 0 5 sha256:" H64 "\n";

static void test_round_trip(void **state)
{
    (void)state;
    struct manifest m;
    struct err e = {0};
    assert_int_equal(manifest_parse(good, strlen(good), &m, &e), 0);
    assert_string_equal(m.project, "shop");
    assert_int_equal(m.sequence, 12);
    assert_int_equal(m.created, 1795514400); /* 2026-11-24T10:00:00Z */
    assert_int_equal(m.expires - m.created, 30 * 86400);
    assert_false(m.down);
    assert_string_equal(m.from, "1b2c3d4e5f60");
    assert_string_equal(m.to, "7f3a9c2e41b0");
    assert_string_equal(m.version_table, "alembic");
    assert_int_equal(m.nfiles, 6);
    assert_int_equal(m.files[1].size, 20);
    assert_string_equal(m.files[1].sha256, H64B);
    assert_int_equal(m.nrevs, 2);
    assert_true(m.revs[0].tx);
    assert_false(m.revs[1].tx);
    assert_int_equal(m.revs[0].nparents, 1);
    assert_int_equal(m.revs[1].nparents, 2);
    assert_string_equal(m.revs[1].parents[1], "bb22");
    assert_int_equal(m.revs[0].nstmts, 2);
    assert_int_equal(m.revs[0].stmts[1].offset, 11);
    assert_int_equal(m.revs[0].ndstmts, 1);
    assert_null(m.revs[1].down_path);
    size_t len;
    char *out = manifest_format(&m, &len);
    assert_int_equal(len, strlen(good));
    assert_memory_equal(out, good, len);
    free(out);
    manifest_free(&m);
}

static void test_base_never_down(void **state)
{
    (void)state;
    const char *t =
        "airlock-bundle 1\nproject p\nsequence 0\ncreated 1970-01-01T00:00:00Z\nexpires never\n"
        "direction down\nfrom a1\nto base\nversion-table airlock\nschema-from sha256:" H64 "\n"
        "revision 1 a1 parents=- tx=on up=x/down.sql down=x/up.sql schema=sha256:" H64 "\n";
    struct manifest m;
    struct err e = {0};
    assert_int_equal(manifest_parse(t, strlen(t), &m, &e), 0);
    assert_true(m.down);
    assert_null(m.to);
    assert_int_equal(m.expires, 0);
    assert_int_equal(m.revs[0].nparents, 0);
    size_t len;
    char *out = manifest_format(&m, &len);
    assert_string_equal(out, t);
    free(out);
    manifest_free(&m);
}

/* Replaces the first occurrence of from in good with to, parses, and checks
 * the error's line and that its message contains want. */
static void bad(const char *from, const char *to, uint32_t line, const char *want)
{
    const char *p = strstr(good, from);
    if (!p)
        fail_msg("fixture has no '%s'", from);
    size_t n = strlen(good) - strlen(from) + strlen(to);
    char *t = malloc(n + 1);
    size_t k = (size_t)(p - good);
    memcpy(t, good, k);
    memcpy(t + k, to, strlen(to));
    strcpy(t + k + strlen(to), p + strlen(from));
    struct manifest m;
    struct err e = {0};
    int rc = manifest_parse(t, n, &m, &e);
    if (rc == 0)
        fail_msg("accepted: '%s' -> '%s'", from, to);
    if (!strstr(e.msg, want) || e.line != line)
        fail_msg("'%s' -> '%s': got line %u '%s', want line %u '%s'", from, to, e.line, e.msg, line,
                 want);
    assert_string_equal(e.file, "MANIFEST");
    free(t);
}

static void test_errors(void **state)
{
    (void)state;
    bad("airlock-bundle 1", "airlock-bundle 2", 1, "unsupported bundle format version '2'");
    bad("airlock-bundle 1", "airlock-bundle  1", 1, "two spaces in a row");
    bad("project shop", "project sh op", 2, "'project' line has 3 fields");
    bad("project shop", "project sh/op", 2, "bad project name");
    bad("project shop\n", "project shop \n", 2, "trailing space");
    bad("project shop\n", " project shop\n", 2, "line starts with a space");
    bad("project shop\n", "project shop\r\n", 2, "unexpected byte 0x0d");
    bad("project shop\n", "project shop\n\n", 3, "empty line");
    bad("sequence 12", "sequence 012", 3, "bad sequence number");
    bad("sequence 12", "sequence -1", 3, "bad sequence number");
    bad("sequence 12", "sequence 99999999999999999999", 3, "bad sequence number");
    bad("sequence 12\n", "", 3, "expected a 'sequence' line, found 'created'");
    bad("created 2026-11-24T10:00:00Z", "created 2026-02-30T10:00:00Z", 4, "expected a time");
    bad("created 2026-11-24T10:00:00Z", "created 2026-11-24 10:00:00", 4,
        "'created' line has 3 fields");
    bad("expires 2026-12-24T10:00:00Z", "expires 2026-11-24T10:00:00Z", 5,
        "expires is not after created");
    bad("direction up", "direction sideways", 6, "direction must be");
    bad("from 1b2c3d4e5f60", "from 1b2c-3d", 7, "bad revision id");
    bad("version-table alembic", "version-table flyway", 9, "version-table must be");
    bad("schema-from sha256:" H64, "schema-from sha256:" H64B "0", 10, "expected sha256:");
    bad("schema-from sha256:0123", "schema-from sha256:0A23", 10, "expected sha256:");
    bad("file revisions/000001-aa11/down.sql 10", "file /etc/passwd 10", 11, "bad path");
    bad("file revisions/000001-aa11/down.sql 10", "file revisions/../x 10", 11, "bad path");
    bad("file revisions/000001-aa11/down.sql 10", "file MANIFEST.x 10", 11, "are not listed");
    bad("file revisions/000001-aa11/down.sql 10", "file revisions/000001-aa11/up.sql 10", 12,
        "file listed twice");
    bad("file revisions/000001-aa11/down.sql 10", "file revisions/z 10", 12, "not sorted");
    bad("file revisions/000001-aa11/down.sql 10", "file revisions/000001-aa11/down.sql 1x", 11,
        "bad size");
    bad("revision 1 aa11", "revision 2 aa11", 17, "revision number must be 1");
    bad("revision 1 aa11", "revision 1 base", 17, "bad revision id");
    bad("parents=1b2c3d4e5f60", "parents=1b2c3d4e5f60,", 17, "bad parent id");
    bad("parents=1b2c3d4e5f60", "parent=1b2c3d4e5f60", 17, "expected 'parents=...'");
    bad("tx=on", "tx=yes", 17, "tx must be");
    bad("up=revisions/000001-aa11/up.sql", "up=../up.sql", 17, "bad path");
    bad("stmt 1 1 11 9", "stmt 1 2 11 9", 19, "statement index must be 1");
    bad("stmt 1 1 11 9", "stmt 2 1 11 9", 19, "statement belongs to revision 2");
    bad("stmt 1 1 11 9", "stmt 1 1 9 9", 19, "overlaps the previous one");
    bad("stmt 1 1 11 9", "stmt 1 1 11 0", 19, "bad statement length");
    bad("stmt 1 1 11 9", "stmt 1 1 18446744073709551615 9", 19, "bad statement length");
    bad("dstmt 1 0 0 10", "stmtx 1 0 0 10", 20, "unexpected 'stmtx' line");
    bad("stmt 2 0 0 5 sha256:" H64 "\n", "stmt 2 0 0 5 sha256:" H64, 22,
        "does not end with a newline");
    bad("stmt 2 0 0 5 sha256:" H64 "\n", "stmt 2 0 0 5 sha256:" H64 "\nfile a 1 sha256:" H64 "\n",
        23, "unexpected 'file' line");
    bad("down=-", "down=- extra=1", 21, "'revision' line has 9 fields");
    bad("project shop", "project sh\x01op", 2, "unexpected byte 0x01");
    bad("project shop", "project sh\xc3\xa9op", 2, "unexpected byte 0xc3");
}

static void test_empty_and_no_revisions(void **state)
{
    (void)state;
    struct manifest m;
    struct err e = {0};
    assert_int_equal(manifest_parse("", 0, &m, &e), -1);
    assert_non_null(strstr(e.msg, "empty"));
    const char *t =
        "airlock-bundle 1\nproject p\nsequence 0\ncreated 1970-01-01T00:00:00Z\nexpires never\n"
        "direction up\nfrom base\nto a\nversion-table airlock\nschema-from sha256:" H64 "\n";
    assert_int_equal(manifest_parse(t, strlen(t), &m, &e), -1);
    assert_non_null(strstr(e.msg, "lists no revision"));
    assert_int_equal(manifest_parse(t, 30, &m, &e), -1);
}

static void test_time(void **state)
{
    (void)state;
    int64_t t;
    char out[21];
    const char *cases[] = {"1970-01-01T00:00:00Z", "2000-02-29T23:59:59Z", "2026-11-24T10:00:00Z",
                           "9999-12-31T23:59:59Z"};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        assert_int_equal(manifest_time_parse(cases[i], 20, &t), 0);
        manifest_time_format(t, out);
        assert_string_equal(out, cases[i]);
    }
    assert_int_equal(manifest_time_parse("2000-02-29T23:59:59Z", 20, &t), 0);
    assert_int_equal(t, 951868799);
    assert_int_equal(manifest_time_parse("1900-02-29T00:00:00Z", 20, &t), -1);
    assert_int_equal(manifest_time_parse("2001-02-29T00:00:00Z", 20, &t), -1);
    assert_int_equal(manifest_time_parse("2001-13-01T00:00:00Z", 20, &t), -1);
    assert_int_equal(manifest_time_parse("2001-01-01T24:00:00Z", 20, &t), -1);
    assert_int_equal(manifest_time_parse("2001-01-01T00:00:00+", 20, &t), -1);
}

static void test_values(void **state)
{
    (void)state;
    assert_true(manifest_id_valid("abc_1.2"));
    assert_false(manifest_id_valid("base"));
    assert_false(manifest_id_valid(""));
    assert_false(manifest_id_valid("a-b"));
    assert_false(manifest_id_valid("0123456789012345678901234567890123"));
    assert_true(manifest_path_valid("a/b.c", 5));
    assert_false(manifest_path_valid("a//b", 4));
    assert_false(manifest_path_valid("a/./b", 5));
    assert_false(manifest_path_valid("a/", 2));
    assert_false(manifest_path_valid("a b", 3));
    assert_true(manifest_project_valid("my-shop.v2"));
    assert_false(manifest_project_valid("my shop"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip), cmocka_unit_test(test_base_never_down),
        cmocka_unit_test(test_errors),     cmocka_unit_test(test_empty_and_no_revisions),
        cmocka_unit_test(test_time),       cmocka_unit_test(test_values),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
