/*
 * test_sig.c - minisign-compatible keys and signatures: key files round-trip
 * (encrypted and not), signatures verify and every altered part is refused,
 * and the fixed vectors made by the real minisign 0.11 parse and verify.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "bundle/sig.h"

/* Made with `minisign -G -W` and `minisign -S` (minisign 0.11) over "hello\n". */
static const char ms_pub[] = "untrusted comment: minisign public key 39409AD67FFDAD1A\n"
                             "RWQarf1/1ppAOauJP/93j+xi9MNP/3TTehTHKh3dF98zVs8IfQ1qob7Z\n";
static const char ms_sec[] =
    "untrusted comment: minisign encrypted secret key\n"
    "RWQAAEIyAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAGq39f9aaQDnYMz7RSwLrkc"
    "VUdLml7fjagEL0"
    "PjUhP4bixzbhjZva56uJP/93j+xi9MNP/"
    "3TTehTHKh3dF98zVs8IfQ1qob7ZAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n";
static const char ms_sig[] =
    "untrusted comment: signature from minisign secret key\n"
    "RUQarf1/1ppAOZjvBdJ/"
    "bQFGyEkMlFULY7EScHyFgG8bw49CR5AUF8nH+WJb3tfNRjPJsBMFucQcSPjYkYDASZD8Q2QuFEB59ws=\n"
    "trusted comment: timestamp:1795485042\tfile:f\thashed\n"
    "6Ooc41UMrjuKDk8GEIA3X8KdHvLNE9LUR274o9Luxq33gekf9kBfXbbImhb1tW51YyzUI+a6q7AyL/nS9uB7Aw==\n";

static void test_minisign_vectors(void **state)
{
    (void)state;
    struct sig_public_key pk;
    struct err e = {0};
    assert_int_equal(sig_public_key_parse(ms_pub, strlen(ms_pub), &pk, &e), 0);
    char id[17];
    sig_keyid_hex(pk.keyid, id);
    assert_string_equal(id, "39409AD67FFDAD1A");
    struct sig_signature s;
    assert_int_equal(sig_signature_parse(ms_sig, strlen(ms_sig), &s, &e), 0);
    assert_string_equal(s.trusted_comment, "timestamp:1795485042\tfile:f\thashed");
    assert_int_equal(sig_verify(&pk, &s, "hello\n", 6, &e), 0);
    assert_int_equal(sig_verify(&pk, &s, "hello!", 6, &e), -1);
    assert_non_null(strstr(e.msg, "does not verify"));
    /* The unencrypted secret key signs, and its public half is the public key. */
    assert_int_equal(sig_secret_key_encrypted(ms_sec, strlen(ms_sec), &e), 0);
    struct sig_secret_key *sk;
    assert_int_equal(sig_secret_key_parse(ms_sec, strlen(ms_sec), NULL, 0, &sk, &e), 0);
    struct sig_public_key pub;
    sig_secret_key_public(sk, &pub);
    assert_memory_equal(&pub, &pk, sizeof pk);
    struct sig_signature s2;
    assert_int_equal(sig_sign(sk, "hello\n", 6, "timestamp:1795485042\tfile:f\thashed", &s2, &e),
                     0);
    /* Ed25519 is deterministic: the same signature as minisign's. */
    assert_memory_equal(s2.sig, s.sig, 64);
    assert_memory_equal(s2.global_sig, s.global_sig, 64);
    sig_secret_key_free(sk);
}

static void test_sign_verify_tamper(void **state)
{
    (void)state;
    struct sig_secret_key *sk;
    struct err e = {0};
    assert_int_equal(sig_keygen(&sk, &e), 0);
    struct sig_public_key pk;
    sig_secret_key_public(sk, &pk);
    const char msg[] = "airlock-bundle 1\n";
    struct sig_signature s;
    assert_int_equal(sig_sign(sk, msg, strlen(msg), "timestamp:1\tfile:MANIFEST", &s, &e), 0);
    assert_int_equal(sig_verify(&pk, &s, msg, strlen(msg), &e), 0);

    size_t len;
    char *text = sig_signature_format(&s, &len);
    assert_int_equal(len, strlen(text));
    assert_true(strncmp(text, "untrusted comment: ", 19) == 0);
    struct sig_signature back;
    assert_int_equal(sig_signature_parse(text, len, &back, &e), 0);
    assert_memory_equal(&back, &s, sizeof s);

    struct sig_signature t = s;
    t.trusted_comment[0] = 'T';
    assert_int_equal(sig_verify(&pk, &t, msg, strlen(msg), &e), -1);
    assert_non_null(strstr(e.msg, "global signature"));
    t = s;
    t.sig[10] ^= 1;
    assert_int_equal(sig_verify(&pk, &t, msg, strlen(msg), &e), -1);
    t = s;
    t.keyid[0] ^= 1;
    assert_int_equal(sig_verify(&pk, &t, msg, strlen(msg), &e), -1);
    assert_non_null(strstr(e.msg, "does not match public key"));

    /* Every single-byte change of the signature file either fails to parse
     * or fails to verify, except in the unsigned comment line. */
    size_t ul = strchr(text, '\n') - text + 1;
    for (size_t i = ul; i < len; i++) {
        char *c = malloc(len);
        memcpy(c, text, len);
        c[i] ^= 0x01;
        struct sig_signature x;
        struct err xe = {0};
        int ok = sig_signature_parse(c, len, &x, &xe) == 0 &&
                 sig_verify(&pk, &x, msg, strlen(msg), &xe) == 0;
        if (ok) {
            /* Only a final '\n' -> '\v' style change of line ends may parse;
             * then the content must still be identical. */
            size_t cl;
            char *canon = sig_signature_format(&x, &cl);
            assert_true(cl != len || memcmp(canon, c, len) != 0);
            free(canon);
        }
        free(c);
    }
    free(text);

    /* Legacy non-prehashed signatures are refused. */
    unsigned char blob[74];
    memcpy(blob, "Ed", 2);
    memset(blob + 2, 0, 72);
    char b64[200], file[600];
    sodium_bin2base64(b64, sizeof b64, blob, sizeof blob, sodium_base64_VARIANT_ORIGINAL);
    snprintf(file, sizeof file, "untrusted comment: x\n%s\ntrusted comment: y\n%s\n", b64, b64);
    assert_int_equal(sig_signature_parse(file, strlen(file), &back, &e), -1);
    assert_non_null(strstr(e.msg, "legacy"));
    assert_int_equal(sig_signature_parse("hello", 5, &back, &e), -1);
    assert_int_equal(sig_sign(sk, msg, 1, "two\nlines", &s, &e), -1);
    sig_secret_key_free(sk);
}

static void test_key_files(void **state)
{
    (void)state;
    struct sig_secret_key *sk, *back;
    struct err e = {0};
    assert_int_equal(sig_keygen(&sk, &e), 0);
    struct sig_public_key pk, pk2;
    sig_secret_key_public(sk, &pk);

    size_t len;
    char *pub = sig_public_key_format(&pk, &len);
    char id[17], head[80];
    sig_keyid_hex(pk.keyid, id);
    snprintf(head, sizeof head, "untrusted comment: minisign public key %s\n", id);
    assert_true(strncmp(pub, head, strlen(head)) == 0);
    assert_int_equal(sig_public_key_parse(pub, len, &pk2, &e), 0);
    assert_memory_equal(&pk, &pk2, sizeof pk);
    /* A bare base64 line and CRLF line ends are accepted, like minisign -P. */
    assert_int_equal(sig_public_key_parse(pub + strlen(head), len - strlen(head), &pk2, &e), 0);
    assert_memory_equal(&pk, &pk2, sizeof pk);
    free(pub);
    assert_int_equal(sig_public_key_parse("untrusted comment: x\nnot base64\n", 32, &pk2, &e), -1);

    char *sec;
    assert_int_equal(sig_secret_key_format(sk, NULL, 0, &sec, &len, &e), 0);
    assert_int_equal(sig_secret_key_encrypted(sec, len, &e), 0);
    assert_int_equal(sig_secret_key_parse(sec, len, NULL, 0, &back, &e), 0);
    sig_secret_key_public(back, &pk2);
    assert_memory_equal(&pk, &pk2, sizeof pk);
    sig_secret_key_free(back);
    sig_free_secret_text(sec);

    /* Encrypted: the file carries its scrypt limits; cheap ones keep the
     * test fast (the CLI test uses minisign's SENSITIVE defaults). */
    assert_int_equal(sig_secret_key_format_limits(
                         sk, "correct horse", 13,
                         crypto_pwhash_scryptsalsa208sha256_OPSLIMIT_INTERACTIVE,
                         crypto_pwhash_scryptsalsa208sha256_MEMLIMIT_INTERACTIVE, &sec, &len, &e),
                     0);
    assert_int_equal(sig_secret_key_encrypted(sec, len, &e), 1);
    assert_int_equal(sig_secret_key_parse(sec, len, NULL, 0, &back, &e), -1);
    assert_non_null(strstr(e.msg, "passphrase is required"));
    assert_int_equal(sig_secret_key_parse(sec, len, "correct horse", 13, &back, &e), 0);
    sig_secret_key_public(back, &pk2);
    assert_memory_equal(&pk, &pk2, sizeof pk);
    sig_secret_key_free(back);
    assert_int_equal(sig_secret_key_parse(sec, len, "wrong horse", 11, &back, &e), -1);
    assert_non_null(strstr(e.msg, "wrong passphrase"));
    sig_free_secret_text(sec);
    sig_secret_key_free(sk);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_minisign_vectors),
        cmocka_unit_test(test_sign_verify_tamper),
        cmocka_unit_test(test_key_files),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
