/*
 * test_bundle.c - bundles end to end in memory: build, verify, co-sign,
 * reproducibility, and every hostile input of issue 5, each refused with its
 * own class (enum bundle_error) and message. bundle_open_memory never touches
 * the file system, so "nothing extracted" holds by construction here; the CLI
 * test checks it for `airlock verify`.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <archive.h>
#include <archive_entry.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bundle/archive.h"
#include "bundle/bundle.h"
#include "lint/strbuf.h"

static struct sig_secret_key *key1, *key2;
static struct sig_public_key pub1, pub2;

#define CREATED 1795514400 /* 2026-11-24T10:00:00Z */

static const char up1[] = "CREATE TABLE orders (id bigint PRIMARY KEY, total numeric NOT NULL);\n"
                          "CREATE INDEX orders_total ON orders (total);\n";
static const char down1[] = "DROP TABLE orders;\n";
static const char up2[] = "ALTER TABLE orders ADD COLUMN note text;\n";
static const char down2[] = "ALTER TABLE orders DROP COLUMN note;\n";
static const char schema1[] =
    "table public.orders\n  id bigint not null\n  total numeric not null\n";
static const char schema2[] =
    "table public.orders\n  id bigint not null\n  total numeric not null\n  note text\n";

/* Statement spans as sql.c gives them: each statement without its ';'. */
static struct bundle_span up1_s[2], down1_s[1], up2_s[1], down2_s[1];

static uint32_t spans(const char *text, struct bundle_span *out)
{
    uint32_t n = 0;
    const char *start = text, *semi;
    while ((semi = strchr(start, ';')) != NULL) {
        out[n++] = (struct bundle_span){(uint64_t)(start - text), (uint64_t)(semi - start)};
        start = semi + 2; /* ";\n" */
    }
    return n;
}

static const char *const parents2[] = {"a1"};

static struct bundle_rev_input revs[2];

static void small_input(struct bundle_input *in)
{
    memset(revs, 0, sizeof revs);
    assert_int_equal(spans(up1, up1_s), 2);
    assert_int_equal(spans(down1, down1_s), 1);
    assert_int_equal(spans(up2, up2_s), 1);
    assert_int_equal(spans(down2, down2_s), 1);
    revs[0] = (struct bundle_rev_input){.id = "a1",
                                        .tx = true,
                                        .up = up1,
                                        .up_len = strlen(up1),
                                        .up_stmts = up1_s,
                                        .nup_stmts = 2,
                                        .down = down1,
                                        .down_len = strlen(down1),
                                        .down_stmts = down1_s,
                                        .ndown_stmts = 1,
                                        .schema_after = schema1,
                                        .schema_after_len = strlen(schema1)};
    revs[1] = (struct bundle_rev_input){.id = "b2",
                                        .parents = parents2,
                                        .nparents = 1,
                                        .tx = false,
                                        .up = up2,
                                        .up_len = strlen(up2),
                                        .up_stmts = up2_s,
                                        .nup_stmts = 1,
                                        .down = down2,
                                        .down_len = strlen(down2),
                                        .down_stmts = down2_s,
                                        .ndown_stmts = 1,
                                        .schema_after = schema2,
                                        .schema_after_len = strlen(schema2)};
    *in = (struct bundle_input){.project = "shop",
                                .sequence = 7,
                                .created = CREATED,
                                .expires = 0,
                                .to = "b2",
                                .version_table = "airlock",
                                .schema_from = "",
                                .revs = revs,
                                .nrevs = 2};
}

static unsigned char *build(const struct bundle_input *in, const struct sig_secret_key *sk,
                            size_t *len)
{
    unsigned char *out;
    struct err e = {0};
    if (bundle_build(in, sk, &out, len, &e) < 0)
        fail_msg("bundle_build: %s", e.msg);
    return out;
}

static unsigned char *small_bundle(size_t *len)
{
    struct bundle_input in;
    small_input(&in);
    return build(&in, key1, len);
}

static const struct bundle_verify_opts trust1 = {
    .trusted = &pub1, .ntrusted = 1, .now = CREATED + 10};

/* Verifies and expects the class and a message fragment. */
static void refuse(const unsigned char *d, size_t n, const struct bundle_verify_opts *o, int code,
                   const char *frag)
{
    struct bundle *b = NULL;
    struct err e = {0};
    int rc = bundle_open_memory(d, n, o, &b, &e);
    if (rc == 0) {
        bundle_close(b);
        fail_msg("accepted, expected %s: %s", bundle_error_name(code), frag);
    }
    assert_null(b);
    if (e.code != code || !strstr(e.msg, frag))
        fail_msg("got %s (%d) '%s', expected %s '%s'", bundle_error_name(e.code), e.code, e.msg,
                 bundle_error_name(code), frag);
}

static struct bundle *accept(const unsigned char *d, size_t n, const struct bundle_verify_opts *o)
{
    struct bundle *b = NULL;
    struct err e = {0};
    if (bundle_open_memory(d, n, o, &b, &e) < 0)
        fail_msg("refused (%s): %s", bundle_error_name(e.code), e.msg);
    return b;
}

static int setup(void **state)
{
    (void)state;
    struct err e = {0};
    sig_keygen(&key1, &e);
    sig_keygen(&key2, &e);
    sig_secret_key_public(key1, &pub1);
    sig_secret_key_public(key2, &pub2);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    sig_secret_key_free(key1);
    sig_secret_key_free(key2);
    return 0;
}

/* ---- the good path ------------------------------------------------------- */

static void test_build_verify(void **state)
{
    (void)state;
    size_t n;
    unsigned char *d = small_bundle(&n);
    struct bundle *b = accept(d, n, &trust1);
    assert_string_equal(b->m.project, "shop");
    assert_int_equal(b->m.sequence, 7);
    assert_int_equal(b->m.nrevs, 2);
    assert_string_equal(b->m.revs[0].up_path, "revisions/000001-a1/up.sql");
    assert_string_equal(b->m.revs[0].down_path, "revisions/000001-a1/down.sql");
    assert_int_equal(b->m.revs[0].nstmts, 2);
    assert_int_equal(b->m.revs[1].nparents, 1);
    assert_false(b->m.revs[1].tx);
    const struct bundle_entry *up = bundle_entry(b, b->m.revs[0].up_path);
    assert_non_null(up);
    assert_int_equal(up->len, strlen(up1));
    assert_memory_equal(up->data + b->m.revs[0].stmts[1].offset, "CREATE INDEX", 12);
    const struct bundle_entry *sc = bundle_entry(b, "schema/b2.schema");
    assert_non_null(sc);
    assert_string_equal((const char *)sc->data, schema2);
    assert_non_null(bundle_entry(b, "schema/_from.schema"));
    assert_int_equal(b->nsigners, 1);
    assert_int_equal(b->ncounted, 1);
    assert_true(b->signers[0].verified);
    assert_non_null(strstr(b->signers[0].trusted_comment, "file:MANIFEST"));
    assert_non_null(strstr(b->signers[0].trusted_comment, "project:shop\tsequence:7"));
    /* Entries sorted; MANIFEST first, one signature. */
    assert_string_equal(b->entries[0].path, "MANIFEST");
    assert_true(strncmp(b->entries[1].path, "MANIFEST.", 9) == 0);
    bundle_close(b);
    free(d);
}

static void test_reproducible(void **state)
{
    (void)state;
    size_t n1, n2, n3;
    unsigned char *a = small_bundle(&n1), *b = small_bundle(&n2);
    assert_int_equal(n1, n2);
    assert_memory_equal(a, b, n1);
    struct bundle_input in;
    small_input(&in);
    in.created += 1;
    unsigned char *c = build(&in, key1, &n3);
    assert_true(n3 != n1 || memcmp(a, c, n1) != 0);
    free(a);
    free(b);
    free(c);
}

static void test_down_bundle(void **state)
{
    (void)state;
    struct bundle_input in;
    small_input(&in);
    /* Undo b2 then a1: application order, schema after each step. */
    struct bundle_rev_input r[2] = {revs[1], revs[0]};
    r[0].schema_after = schema1;
    r[0].schema_after_len = strlen(schema1);
    r[1].schema_after = "";
    r[1].schema_after_len = 0;
    in.revs = r;
    in.down = true;
    in.from = "b2";
    in.to = NULL;
    in.schema_from = schema2;
    in.schema_from_len = strlen(schema2);
    size_t n;
    unsigned char *d = build(&in, key1, &n);
    struct bundle *b = accept(d, n, &trust1);
    assert_true(b->m.down);
    assert_null(b->m.to);
    assert_string_equal(b->m.revs[0].id, "b2");
    assert_string_equal(b->m.revs[0].up_path, "revisions/000001-b2/down.sql");
    assert_string_equal(b->m.revs[0].down_path, "revisions/000001-b2/up.sql");
    const struct bundle_entry *run = bundle_entry(b, b->m.revs[0].up_path);
    assert_memory_equal(run->data, down2, strlen(down2));
    assert_int_equal(b->m.revs[0].stmts[0].length, strlen(down2) - 2);
    bundle_close(b);
    free(d);
    /* A revision without a down part cannot be undone. */
    r[1].down = NULL;
    unsigned char *o;
    struct err e = {0};
    assert_int_equal(bundle_build(&in, key1, &o, &n, &e), -1);
    assert_non_null(strstr(e.msg, "no down part"));
}

static void test_build_rejects(void **state)
{
    (void)state;
    struct bundle_input in;
    unsigned char *o;
    size_t n;
    struct err e = {0};
    small_input(&in);
    in.project = "my shop";
    assert_int_equal(bundle_build(&in, key1, &o, &n, &e), -1);
    small_input(&in);
    revs[1].id = "a1";
    assert_int_equal(bundle_build(&in, key1, &o, &n, &e), -1);
    assert_non_null(strstr(e.msg, "appears twice"));
    small_input(&in);
    revs[0].id = "_from";
    assert_int_equal(bundle_build(&in, key1, &o, &n, &e), -1);
    small_input(&in);
    static const struct bundle_span bad_s[] = {{1000, 5}};
    revs[0].up_stmts = bad_s;
    revs[0].nup_stmts = 1;
    assert_int_equal(bundle_build(&in, key1, &o, &n, &e), -1);
    assert_non_null(strstr(e.msg, "outside"));
    small_input(&in);
    in.expires = in.created;
    assert_int_equal(bundle_build(&in, key1, &o, &n, &e), -1);
}

static void test_cosign_threshold(void **state)
{
    (void)state;
    size_t n, n2;
    unsigned char *d = small_bundle(&n), *d2;
    struct err e = {0};
    assert_int_equal(bundle_cosign(d, n, key2, CREATED, &d2, &n2, &e), 0);
    struct sig_public_key both[2] = {pub1, pub2};
    struct bundle_verify_opts o = {.trusted = both, .ntrusted = 2, .threshold = 2, .now = CREATED};
    struct bundle *b = accept(d2, n2, &o);
    assert_int_equal(b->ncounted, 2);
    assert_int_equal(b->nsigners, 2);
    /* Everything but the new signature is unchanged. */
    struct bundle *a = accept(d, n, &trust1);
    assert_int_equal(b->nentries, a->nentries + 1);
    for (uint32_t i = 0; i < a->nentries; i++) {
        const struct bundle_entry *x = bundle_entry(b, a->entries[i].path);
        assert_non_null(x);
        assert_int_equal(x->len, a->entries[i].len);
        assert_memory_equal(x->data, a->entries[i].data, x->len);
    }
    bundle_close(a);
    bundle_close(b);
    /* Signing twice with one key is refused; one signature is below 2. */
    unsigned char *d3;
    size_t n3;
    assert_int_equal(bundle_cosign(d2, n2, key2, CREATED, &d3, &n3, &e), -1);
    assert_non_null(strstr(e.msg, "already signed"));
    refuse(d, n, &o, BUNDLE_E_THRESHOLD, "1 of 2 required signatures");

    /* A signature made elsewhere (as `minisign -S` would) is added. */
    a = accept(d, n, &trust1);
    struct sig_signature s;
    assert_int_equal(sig_sign(key2, a->manifest_text, a->manifest_len,
                              "timestamp:1\tfile:MANIFEST\thashed", &s, &e),
                     0);
    bundle_close(a);
    size_t sl;
    char *st = sig_signature_format(&s, &sl);
    assert_int_equal(bundle_add_signature(d, n, st, sl, &pub1, &d3, &n3, &e), -1); /* wrong key */
    assert_int_equal(bundle_add_signature(d, n, st, sl, &pub2, &d3, &n3, &e), 0);
    b = accept(d3, n3, &o);
    assert_int_equal(b->ncounted, 2);
    bundle_close(b);
    free(d3);
    /* ... or given detached to verify. */
    const char *extra[] = {st};
    size_t extra_len[] = {sl};
    o.extra_sigs = extra;
    o.extra_sig_lens = extra_len;
    o.nextra_sigs = 1;
    b = accept(d, n, &o);
    assert_int_equal(b->ncounted, 2);
    assert_true(b->signers[1].detached);
    bundle_close(b);
    free(st);
    free(d);
    free(d2);
}

/* ---- hostile inputs ------------------------------------------------------ */

/* Every single-byte change is refused: each position, three different values. */
static void test_every_byte_flip(void **state)
{
    (void)state;
    size_t n;
    unsigned char *d = small_bundle(&n);
    assert_true(n < 4096);
    unsigned char *c = malloc(n);
    int counts[32] = {0};
    for (size_t i = 0; i < n; i++) {
        static const unsigned char x[] = {0x01, 0x80, 0xff};
        for (size_t k = 0; k < sizeof x; k++) {
            memcpy(c, d, n);
            c[i] ^= x[k];
            struct bundle *b = NULL;
            struct err e = {0};
            if (bundle_open_memory(c, n, &trust1, &b, &e) == 0) {
                bundle_close(b);
                fail_msg("byte %zu ^ 0x%02x accepted", i, x[k]);
            }
            assert_true(e.code >= 2 && e.code < 32);
            counts[e.code]++;
        }
    }
    /* Most flips break the zstd stream; some reach the later checks. */
    print_message("byte flips of a %zu-byte bundle by class:", n);
    for (int k = 0; k < 32; k++)
        if (counts[k])
            print_message(" %s=%d", bundle_error_name(k), counts[k]);
    print_message("\n");
    free(c);
    free(d);
}

static void test_truncation(void **state)
{
    (void)state;
    size_t n;
    unsigned char *d = small_bundle(&n);
    for (size_t k = 0; k < n; k += 512) {
        struct bundle *b = NULL;
        struct err e = {0};
        assert_int_equal(bundle_open_memory(d, k, &trust1, &b, &e), -1);
    }
    /* And at every byte near the end, where only the frame trailer is cut. */
    for (size_t k = n > 64 ? n - 64 : 0; k < n; k++) {
        struct bundle *b = NULL;
        struct err e = {0};
        assert_int_equal(bundle_open_memory(d, k, &trust1, &b, &e), -1);
    }
    refuse(d, 0, &trust1, BUNDLE_E_FORMAT, "not a zstd-compressed tar");
    free(d);
}

/* The entries of a good bundle, to rebuild altered archives from. */
struct parts {
    struct bundle *b;
    struct bundle_entry v[64];
    uint32_t n;
};

static void parts_of(struct parts *p, const unsigned char *d, size_t n)
{
    struct bundle_verify_opts o = {.no_trust = true};
    p->b = accept(d, n, &o);
    p->n = p->b->nentries;
    memcpy(p->v, p->b->entries, p->n * sizeof *p->v);
}

static int ent_cmp(const void *a, const void *b)
{
    return strcmp(((const struct bundle_entry *)a)->path, ((const struct bundle_entry *)b)->path);
}

static unsigned char *encode(struct parts *p, bool sort, size_t *len)
{
    if (sort)
        qsort(p->v, p->n, sizeof *p->v, ent_cmp);
    unsigned char *o;
    struct err e = {0};
    if (bundle_archive_write_mem(p->v, p->n, CREATED, &o, len, &e) < 0)
        fail_msg("%s", e.msg);
    return o;
}

static int find(struct parts *p, const char *path)
{
    for (uint32_t i = 0; i < p->n; i++)
        if (strcmp(p->v[i].path, path) == 0)
            return (int)i;
    fail_msg("no %s", path);
    return -1;
}

static void test_extra_missing_duplicate(void **state)
{
    (void)state;
    size_t n, m;
    unsigned char *d = small_bundle(&n), *x;
    struct parts p;

    parts_of(&p, d, n);
    p.v[p.n++] = (struct bundle_entry){.path = "revisions/000003-evil/up.sql",
                                       .data = (const unsigned char *)"DROP DATABASE x;",
                                       .len = 16};
    x = encode(&p, true, &m);
    refuse(x, m, &trust1, BUNDLE_E_UNLISTED,
           "entry 'revisions/000003-evil/up.sql' is not listed in the manifest");
    free(x);

    p.n = p.b->nentries;
    memcpy(p.v, p.b->entries, p.n * sizeof *p.v);
    p.v[p.n++] =
        (struct bundle_entry){.path = "MANIFEST.sig", .data = (const unsigned char *)"x", .len = 1};
    x = encode(&p, true, &m);
    refuse(x, m, &trust1, BUNDLE_E_UNLISTED, "'MANIFEST.sig' is not listed");
    free(x);

    p.n = p.b->nentries;
    memcpy(p.v, p.b->entries, p.n * sizeof *p.v);
    int k = find(&p, "revisions/000001-a1/down.sql");
    p.v[k] = p.v[--p.n];
    x = encode(&p, true, &m);
    refuse(x, m, &trust1, BUNDLE_E_MISSING,
           "'revisions/000001-a1/down.sql' is listed in the manifest but missing");
    free(x);

    p.n = p.b->nentries;
    memcpy(p.v, p.b->entries, p.n * sizeof *p.v);
    k = find(&p, "revisions/000002-b2/up.sql");
    p.v[p.n++] = p.v[k];
    x = encode(&p, false, &m);
    refuse(x, m, &trust1, BUNDLE_E_DUPLICATE,
           "entry 'revisions/000002-b2/up.sql' appears more than once");
    free(x);

    /* Same name, different content: still a duplicate, whichever comes first. */
    p.n = p.b->nentries;
    memcpy(p.v, p.b->entries, p.n * sizeof *p.v);
    p.v[p.n++] =
        (struct bundle_entry){.path = "MANIFEST", .data = (const unsigned char *)"x\n", .len = 2};
    x = encode(&p, false, &m);
    refuse(x, m, &trust1, BUNDLE_E_DUPLICATE, "entry 'MANIFEST' appears more than once");
    free(x);

    /* Content changed, manifest kept. */
    p.n = p.b->nentries;
    memcpy(p.v, p.b->entries, p.n * sizeof *p.v);
    k = find(&p, "revisions/000002-b2/up.sql");
    p.v[k].data = (const unsigned char *)"ALTER TABLE orders ADD COLUMN evil text;";
    p.v[k].len = strlen((const char *)p.v[k].data);
    x = encode(&p, true, &m);
    refuse(x, m, &trust1, BUNDLE_E_MISMATCH,
           "entry 'revisions/000002-b2/up.sql' has 40 bytes, the manifest says 41");
    p.v[k].data = (const unsigned char *)"ALTER TABLE orders ADD COLUMN evil;\n\n\n\n\n\n";
    p.v[k].len = 41;
    free(x);
    x = encode(&p, true, &m);
    refuse(x, m, &trust1, BUNDLE_E_MISMATCH,
           "sha256 of entry 'revisions/000002-b2/up.sql' does not match");
    free(x);

    /* Entries out of order, or another mtime: not the canonical bytes. */
    p.n = p.b->nentries;
    memcpy(p.v, p.b->entries, p.n * sizeof *p.v);
    struct bundle_entry t = p.v[2];
    p.v[2] = p.v[3];
    p.v[3] = t;
    x = encode(&p, false, &m);
    refuse(x, m, &trust1, BUNDLE_E_NONCANONICAL, "not the canonical encoding");
    free(x);
    unsigned char *o;
    struct err e = {0};
    assert_int_equal(bundle_archive_write_mem(p.b->entries, p.b->nentries, CREATED + 1, &o, &m, &e),
                     0);
    refuse(o, m, &trust1, BUNDLE_E_NONCANONICAL, "not the canonical encoding");
    free(o);
    /* Data appended after the zstd frame. */
    x = malloc(n + 16);
    memcpy(x, d, n);
    memset(x + n, 0, 16);
    struct bundle *b = NULL;
    assert_int_equal(bundle_open_memory(x, n + 16, &trust1, &b, &e), -1);
    free(x);
    bundle_close(p.b);
    free(d);
}

static void test_manifest_line(void **state)
{
    (void)state;
    size_t n, m;
    unsigned char *d = small_bundle(&n), *x;
    struct parts p;
    parts_of(&p, d, n);
    int k = find(&p, "MANIFEST");
    struct strbuf sb = STRBUF_INIT;
    const char *text = (const char *)p.v[k].data;
    const char *l3 = strstr(text, "created ");
    sb_add(&sb, text, (size_t)(l3 - text));
    sb_adds(&sb, "created yesterday\n");
    sb_adds(&sb, strchr(l3, '\n') + 1);
    p.v[k].data = (const unsigned char *)sb.buf;
    p.v[k].len = sb.len;
    x = encode(&p, true, &m);
    refuse(x, m, &trust1, BUNDLE_E_MANIFEST, "MANIFEST:4:9: expected a time like");
    free(x);
    sb_release(&sb);

    /* A MANIFEST that parses but differs from what was signed. */
    sb_adds(&sb, text);
    char *seq = strstr(sb.buf, "sequence 7");
    seq[9] = '9';
    p.v[k].data = (const unsigned char *)sb.buf;
    p.v[k].len = sb.len;
    x = encode(&p, true, &m);
    refuse(x, m, &trust1, BUNDLE_E_SIGNATURE, "does not verify");
    free(x);
    sb_release(&sb);

    /* No MANIFEST at all. */
    p.v[k] = p.v[--p.n];
    x = encode(&p, true, &m);
    refuse(x, m, &trust1, BUNDLE_E_MANIFEST, "the bundle has no MANIFEST");
    free(x);
    bundle_close(p.b);
    free(d);
}

static void test_signature_forms(void **state)
{
    (void)state;
    size_t n, m;
    unsigned char *d = small_bundle(&n), *x;
    struct parts p;
    parts_of(&p, d, n);
    int k = 1; /* MANIFEST.<KEYID>.minisig */
    char *s = malloc(p.v[k].len + 1);
    memcpy(s, p.v[k].data, p.v[k].len + 1);
    s[25] = 'X'; /* in the untrusted comment, which is not signed */
    p.v[k].data = (unsigned char *)s;
    x = encode(&p, true, &m);
    refuse(x, m, &trust1, BUNDLE_E_SIGNATURE, "not in canonical form");
    free(x);
    free(s);

    /* A signature stored under another key's name. */
    p.v[k] = p.b->entries[1];
    p.v[k].path = "MANIFEST.0123456789ABCDEF.minisig";
    x = encode(&p, true, &m);
    refuse(x, m, &trust1, BUNDLE_E_SIGNATURE, "holds a signature by key");
    free(x);

    /* Unsigned bundle. */
    p.v[k] = p.v[--p.n];
    x = encode(&p, true, &m);
    refuse(x, m, &trust1, BUNDLE_E_UNTRUSTED, "the bundle is not signed");
    free(x);
    bundle_close(p.b);

    /* Signed, but not by a trusted key. */
    struct bundle_verify_opts o = {.trusted = &pub2, .ntrusted = 1, .now = CREATED};
    char id[17], want[80];
    sig_keyid_hex(pub1.keyid, id);
    snprintf(want, sizeof want, "no signature by a trusted key: signed by %s (not trusted)", id);
    refuse(d, n, &o, BUNDLE_E_UNTRUSTED, want);
    free(d);
}

/* The same key counted twice toward a threshold: given twice with --trust,
 * or its signature copied under a second key id whose public key is the same. */
static void test_same_key_twice(void **state)
{
    (void)state;
    size_t n, m;
    unsigned char *d = small_bundle(&n), *x;
    struct sig_public_key twice[2] = {pub1, pub1};
    struct bundle_verify_opts o = {.trusted = twice, .ntrusted = 2, .threshold = 2, .now = CREATED};
    refuse(d, n, &o, BUNDLE_E_THRESHOLD, "the same key was trusted twice and counts once");

    struct parts p;
    parts_of(&p, d, n);
    struct sig_signature s;
    struct err e = {0};
    assert_int_equal(sig_signature_parse((const char *)p.v[1].data, p.v[1].len, &s, &e), 0);
    s.keyid[0] ^= 0x5a; /* the key id is not covered by the signature */
    struct sig_public_key relabeled = pub1;
    relabeled.keyid[0] ^= 0x5a;
    char id[17], name[64];
    sig_keyid_hex(s.keyid, id);
    snprintf(name, sizeof name, "MANIFEST.%s.minisig", id);
    size_t sl;
    char *st = sig_signature_format(&s, &sl);
    p.v[p.n++] = (struct bundle_entry){.path = name, .data = (unsigned char *)st, .len = sl};
    x = encode(&p, true, &m);
    struct sig_public_key two[2] = {pub1, relabeled};
    o.trusted = two;
    refuse(x, m, &o, BUNDLE_E_THRESHOLD, "signatures by the same key count once");
    free(x);
    free(st);
    bundle_close(p.b);
    free(d);
}

static void test_expired_and_sequence(void **state)
{
    (void)state;
    struct bundle_input in;
    small_input(&in);
    in.created = 946684800; /* 2000-01-01 */
    in.expires = in.created + 30 * 86400;
    size_t n;
    unsigned char *d = build(&in, key1, &n);
    struct bundle_verify_opts o = {.trusted = &pub1, .ntrusted = 1};
    refuse(d, n, &o, BUNDLE_E_EXPIRED, "the bundle expired at 2000-01-31T00:00:00Z");
    o.now = in.created + 30 * 86400 - 1;
    bundle_close(accept(d, n, &o));
    o.now = 0;
    o.ignore_expiry = true;
    struct bundle *b = accept(d, n, &o);
    assert_true(b->expired);
    bundle_close(b);
    free(d);

    d = small_bundle(&n);
    struct bundle_verify_opts s = trust1;
    s.check_sequence = true;
    s.min_sequence = 7;
    refuse(d, n, &s, BUNDLE_E_SEQUENCE, "bundle sequence 7 is not above 7");
    s.min_sequence = 6;
    bundle_close(accept(d, n, &s));
    free(d);
}

/* ---- hand-made tar streams ----------------------------------------------- */

static void tar_hdr(struct strbuf *sb, const char *name, uint64_t size, char type, const char *link)
{
    char h[512];
    memset(h, 0, sizeof h);
    strncpy(h, name, 100);
    memcpy(h + 100, "0000644", 7);
    memcpy(h + 108, "0000000", 7);
    memcpy(h + 116, "0000000", 7);
    if (size < 077777777777ull)
        snprintf(h + 124, 12, "%011llo", (unsigned long long)size);
    else {
        char t[24];
        snprintf(t, sizeof t, "%012llo", (unsigned long long)size);
        memcpy(h + 124, t, 12);
    }
    snprintf(h + 136, 12, "%011o", (unsigned)CREATED);
    memset(h + 148, ' ', 8);
    h[156] = type;
    if (link)
        strncpy(h + 157, link, 100);
    memcpy(h + 257, "ustar", 6);
    memcpy(h + 263, "00", 2);
    memcpy(h + 329, "0000000", 7);
    memcpy(h + 337, "0000000", 7);
    unsigned sum = 0;
    for (int i = 0; i < 512; i++)
        sum += (unsigned char)h[i];
    snprintf(h + 148, 8, "%06o", sum);
    sb_add(sb, h, 512);
}

static void tar_data(struct strbuf *sb, const void *d, size_t n)
{
    static const char zero[512];
    sb_add(sb, d, n);
    sb_add(sb, zero, (512 - n % 512) % 512);
}

static void tar_end(struct strbuf *sb)
{
    static const char zero[1024];
    sb_add(sb, zero, sizeof zero);
}

static la_ssize_t sb_write(struct archive *a, void *c, const void *buf, size_t n)
{
    (void)a;
    sb_add(c, buf, n);
    return (la_ssize_t)n;
}

/* zstd-compresses a byte stream (libarchive's raw format + zstd filter);
 * zeros bytes of zeros follow data. */
static unsigned char *zst(const void *data, size_t n, uint64_t zeros, const void *tail,
                          size_t tail_n, size_t *len)
{
    struct strbuf out = STRBUF_INIT;
    struct archive *a = archive_write_new();
    archive_write_add_filter_zstd(a);
    archive_write_set_format_raw(a);
    archive_write_set_bytes_in_last_block(a, 1);
    assert_int_equal(archive_write_open2(a, &out, NULL, sb_write, NULL, NULL), ARCHIVE_OK);
    struct archive_entry *ae = archive_entry_new();
    archive_entry_set_pathname(ae, "x");
    archive_entry_set_filetype(ae, AE_IFREG);
    assert_int_equal(archive_write_header(a, ae), ARCHIVE_OK);
    archive_write_data(a, data, n);
    static const char zero[1 << 16];
    for (uint64_t left = zeros; left;) {
        size_t k = left > sizeof zero ? sizeof zero : (size_t)left;
        archive_write_data(a, zero, k);
        left -= k;
    }
    if (tail_n)
        archive_write_data(a, tail, tail_n);
    archive_write_close(a);
    archive_write_free(a);
    archive_entry_free(ae);
    return (unsigned char *)sb_detach(&out, len);
}

static void refuse_tar(struct strbuf *tar, int code, const char *frag)
{
    size_t n;
    unsigned char *z = zst(tar->buf, tar->len, 0, NULL, 0, &n);
    refuse(z, n, &trust1, code, frag);
    free(z);
    sb_release(tar);
}

/* One entry of the given type after a plausible MANIFEST. */
static void one_entry(char type, const char *name, const char *link, int code, const char *frag)
{
    struct strbuf t = STRBUF_INIT;
    tar_hdr(&t, "MANIFEST", 2, '0', NULL);
    tar_data(&t, "x\n", 2);
    tar_hdr(&t, name, 0, type, link);
    tar_end(&t);
    refuse_tar(&t, code, frag);
}

static void test_entry_types_and_paths(void **state)
{
    (void)state;
    one_entry('2', "revisions/x", "/etc/passwd", BUNDLE_E_TYPE,
              "entry 'revisions/x' is a symbolic link");
    one_entry('1', "revisions/x", "MANIFEST", BUNDLE_E_TYPE,
              "entry 'revisions/x' is a hard link (to 'MANIFEST')");
    one_entry('3', "revisions/x", NULL, BUNDLE_E_TYPE, "entry 'revisions/x' is a character device");
    one_entry('4', "revisions/x", NULL, BUNDLE_E_TYPE, "entry 'revisions/x' is a block device");
    one_entry('6', "revisions/x", NULL, BUNDLE_E_TYPE, "entry 'revisions/x' is a FIFO");
    one_entry('5', "revisions/", NULL, BUNDLE_E_TYPE, "is a directory");
    one_entry('0', "/etc/cron.d/x", NULL, BUNDLE_E_PATH,
              "entry '/etc/cron.d/x' has an absolute path");
    one_entry('0', "../x", NULL, BUNDLE_E_PATH, "entry '../x' has a '..' component");
    one_entry('0', "revisions/../../x", NULL, BUNDLE_E_PATH, "has a '..' component");
    one_entry('0', "revisions/a b", NULL, BUNDLE_E_PATH, "is not a plain relative path");
    one_entry('0', "revisions//x", NULL, BUNDLE_E_PATH, "is not a plain relative path");

    /* Not compressed, or not a tar. */
    struct strbuf t = STRBUF_INIT;
    tar_hdr(&t, "MANIFEST", 2, '0', NULL);
    tar_data(&t, "x\n", 2);
    tar_end(&t);
    refuse((unsigned char *)t.buf, t.len, &trust1, BUNDLE_E_FORMAT,
           "not a zstd-compressed tar archive");
    sb_release(&t);
    size_t n;
    unsigned char *z = zst("hello world, not a tar archive at all", 37, 0, NULL, 0, &n);
    refuse(z, n, &trust1, BUNDLE_E_FORMAT, "");
    free(z);
    /* Double compression. */
    size_t n2;
    unsigned char *d = small_bundle(&n);
    z = zst(d, n, 0, NULL, 0, &n2);
    refuse(z, n2, &trust1, BUNDLE_E_FORMAT, "not a zstd-compressed tar archive");
    free(z);
    free(d);
}

static void test_size_limits(void **state)
{
    (void)state;
    /* An entry declaring 10 GB (with no data behind it). */
    struct strbuf t = STRBUF_INIT;
    tar_hdr(&t, "MANIFEST", 10ull * 1000 * 1000 * 1000, '0', NULL);
    refuse_tar(&t, BUNDLE_E_LIMIT,
               "entry 'MANIFEST' declares 10000000000 bytes, over the limit of 268435456");

    /* A decompression bomb: 200 MiB of zeros (under the per-entry limit)
     * compress to a few KB; refused at the entry header, before any of it
     * is decompressed or allocated. */
    struct strbuf h = STRBUF_INIT;
    tar_hdr(&h, "MANIFEST", 200ull << 20, '0', NULL);
    struct strbuf end = STRBUF_INIT;
    tar_end(&end);
    size_t n;
    unsigned char *z = zst(h.buf, h.len, 200ull << 20, end.buf, end.len, &n);
    assert_true((200ull << 20) / n >= 1000);
    print_message("bomb: %zu bytes -> %llu bytes (%llu:1)\n", n, 200ull << 20,
                  (unsigned long long)((200ull << 20) / n));
    refuse(z, n, &trust1, BUNDLE_E_BOMB, "decompression bomb");
    free(z);

    /* Many small entries, each under the limits, adding up past the ratio:
     * stopped while reading, memory bounded by the budget. */
    sb_reset(&h);
    for (int i = 0; i < 40; i++) {
        char name[32];
        snprintf(name, sizeof name, "schema/x%02d.schema", i);
        tar_hdr(&h, name, 1u << 20, '0', NULL);
        char *zero = calloc(1, 1u << 20);
        tar_data(&h, zero, 1u << 20);
        free(zero);
    }
    tar_end(&h);
    z = zst(h.buf, h.len, 0, NULL, 0, &n);
    refuse(z, n, &trust1, BUNDLE_E_BOMB, "decompression bomb");
    free(z);
    sb_release(&h);
    sb_release(&end);
}

/* The decompressed tar stream of a bundle (libarchive's raw format). */
static unsigned char *untar_raw(const unsigned char *d, size_t n, size_t *len)
{
    struct archive *a = archive_read_new();
    archive_read_support_filter_zstd(a);
    archive_read_support_format_raw(a);
    assert_int_equal(archive_read_open_memory(a, d, n), ARCHIVE_OK);
    struct archive_entry *ae;
    assert_int_equal(archive_read_next_header(a, &ae), ARCHIVE_OK);
    struct strbuf sb = STRBUF_INIT;
    char buf[65536];
    la_ssize_t r;
    while ((r = archive_read_data(a, buf, sizeof buf)) > 0)
        sb_add(&sb, buf, (size_t)r);
    archive_read_free(a);
    return (unsigned char *)sb_detach(&sb, len);
}

/* Behind the zstd layer: bytes of the tar stream changed (and recompressed,
 * so the zstd frame is valid) are refused too. */
static void test_every_tar_byte_flip(void **state)
{
    (void)state;
    size_t n, tn;
    unsigned char *d = small_bundle(&n);
    unsigned char *tar = untar_raw(d, n, &tn);
    /* Recompressing the unchanged stream gives the bundle back. */
    size_t zn;
    unsigned char *z = zst(tar, tn, 0, NULL, 0, &zn);
    assert_int_equal(zn, n);
    assert_memory_equal(z, d, n);
    free(z);
    uint32_t seed = 12345;
    int counts[32] = {0};
    /* Every 5th byte (each costs two zstd compressions; the exhaustive run
     * over the compressed file is test_every_byte_flip). */
    for (size_t i = 0; i < tn; i += 5) {
        seed = seed * 1103515245u + 12345u;
        unsigned char x = (unsigned char)(1 + (seed >> 16) % 255);
        tar[i] ^= x;
        z = zst(tar, tn, 0, NULL, 0, &zn);
        tar[i] ^= x;
        struct bundle *b = NULL;
        struct err e = {0};
        if (bundle_open_memory(z, zn, &trust1, &b, &e) == 0) {
            bundle_close(b);
            fail_msg("tar byte %zu ^ 0x%02x accepted", i, x);
        }
        assert_true(e.code >= 2 && e.code < 32);
        counts[e.code]++;
        free(z);
    }
    print_message("tar byte changes (every 5th of %zu bytes) by class:", tn);
    for (int k = 0; k < 32; k++)
        if (counts[k])
            print_message(" %s=%d", bundle_error_name(k), counts[k]);
    print_message("\n");
    free(tar);
    free(d);
}

/* Random multi-byte damage: overwrites, insertions, deletions, repeats. */
static void test_random_mutations(void **state)
{
    (void)state;
    size_t n;
    unsigned char *d = small_bundle(&n);
    uint32_t seed = 99;
#define RND() (seed = seed * 1103515245u + 12345u, seed >> 8)
    for (int it = 0; it < 3000; it++) {
        struct strbuf m = STRBUF_INIT;
        size_t at = RND() % n, k = 1 + RND() % 64;
        switch (RND() % 4) {
        case 0: /* overwrite k bytes */
            sb_add(&m, d, n);
            for (size_t j = 0; j < k && at + j < n; j++)
                m.buf[at + j] = (char)RND();
            break;
        case 1: /* insert k random bytes */
            sb_add(&m, d, at);
            for (size_t j = 0; j < k; j++)
                sb_addc(&m, (char)RND());
            sb_add(&m, d + at, n - at);
            break;
        case 2: /* delete k bytes */
            sb_add(&m, d, at);
            if (at + k < n)
                sb_add(&m, d + at + k, n - at - k);
            break;
        default: /* repeat a range */
            sb_add(&m, d, at);
            sb_add(&m, d + at / 2, at - at / 2);
            sb_add(&m, d + at, n - at);
            break;
        }
        if (m.len == n && memcmp(m.buf, d, n) == 0) { /* the dice left it unchanged */
            sb_release(&m);
            continue;
        }
        struct bundle *b = NULL;
        struct err e = {0};
        if (bundle_open_memory((unsigned char *)m.buf, m.len, &trust1, &b, &e) == 0) {
            bundle_close(b);
            fail_msg("mutation %d accepted", it);
        }
        sb_release(&m);
    }
#undef RND
    free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_build_verify),
        cmocka_unit_test(test_reproducible),
        cmocka_unit_test(test_down_bundle),
        cmocka_unit_test(test_build_rejects),
        cmocka_unit_test(test_cosign_threshold),
        cmocka_unit_test(test_every_byte_flip),
        cmocka_unit_test(test_every_tar_byte_flip),
        cmocka_unit_test(test_random_mutations),
        cmocka_unit_test(test_truncation),
        cmocka_unit_test(test_extra_missing_duplicate),
        cmocka_unit_test(test_manifest_line),
        cmocka_unit_test(test_signature_forms),
        cmocka_unit_test(test_same_key_twice),
        cmocka_unit_test(test_expired_and_sequence),
        cmocka_unit_test(test_entry_types_and_paths),
        cmocka_unit_test(test_size_limits),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
