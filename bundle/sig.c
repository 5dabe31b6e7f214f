/*
 * sig.c - minisign-compatible keys and signatures through libsodium. The
 * on-disk blobs are fixed-size packed layouts, read with one base64 step and
 * checked field by field, like minisign itself does. Secret keys and the
 * scrypt stream that encrypts them only ever live in sodium_malloc'd memory,
 * which sodium_free wipes.
 */
#include "bundle/sig.h"
#include "lint/arena.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct sig_secret_key {
    unsigned char keyid[SIG_KEYID_BYTES];
    unsigned char sk[crypto_sign_SECRETKEYBYTES]; /* seed || public key */
};

/* Byte layouts (minisign.h). */
enum {
    PUB_BYTES = 2 + SIG_KEYID_BYTES + 32,      /* "Ed" keyid pk */
    SEC_KEYNUM = 2 + 2 + 2 + 32 + 8 + 8,       /* offset of keyid: alg kdf chk salt ops mem */
    SEC_ENC_BYTES = SIG_KEYID_BYTES + 64 + 32, /* keyid sk chk: the encrypted part */
    SEC_BYTES = SEC_KEYNUM + SEC_ENC_BYTES,    /* 158 */
    SIG_BYTES = 2 + SIG_KEYID_BYTES + 64,      /* "ED" keyid sig */
};

#define SIG_UNTRUSTED "untrusted comment: "
#define SIG_TRUSTED "trusted comment: "
/* The untrusted comment of signatures airlock writes; verification of an
 * embedded signature requires exactly this form (see bundle.c). */
#define SIG_COMMENT "untrusted comment: signature from airlock secret key\n"

void sig_keyid_hex(const unsigned char keyid[SIG_KEYID_BYTES], char out[17])
{
    static const char hex[] = "0123456789ABCDEF";
    for (int i = 0; i < SIG_KEYID_BYTES; i++) {
        unsigned char b = keyid[SIG_KEYID_BYTES - 1 - i];
        out[2 * i] = hex[b >> 4];
        out[2 * i + 1] = hex[b & 15];
    }
    out[16] = 0;
}

/* libsodium must be initialised once; sodium_init is idempotent. */
static void sodium_ready(void)
{
    if (sodium_init() < 0) {
        fputs("airlock: libsodium failed to initialise\n", stderr);
        abort();
    }
}

static void le64_store(unsigned char *p, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

static uint64_t le64_load(const unsigned char *p)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--)
        v = (v << 8) | p[i];
    return v;
}

static struct sig_secret_key *sk_alloc(void)
{
    struct sig_secret_key *sk = sodium_malloc(sizeof *sk);
    if (!sk) {
        fputs("airlock: out of secure memory\n", stderr);
        abort();
    }
    return sk;
}

int sig_keygen(struct sig_secret_key **out, struct err *e)
{
    sodium_ready();
    struct sig_secret_key *sk = sk_alloc();
    unsigned char pk[crypto_sign_PUBLICKEYBYTES];
    randombytes_buf(sk->keyid, sizeof sk->keyid);
    crypto_sign_keypair(pk, sk->sk);
    sodium_mprotect_readonly(sk);
    *out = sk;
    (void)e;
    return 0;
}

void sig_secret_key_free(struct sig_secret_key *sk)
{
    if (sk)
        sodium_free(sk); /* wipes */
}

void sig_secret_key_public(const struct sig_secret_key *sk, struct sig_public_key *pub)
{
    memcpy(pub->keyid, sk->keyid, SIG_KEYID_BYTES);
    crypto_sign_ed25519_sk_to_pk(pub->pk, sk->sk);
}

/* chk = BLAKE2b-256("Ed" || keyid || sk), as minisign computes it. */
static void key_checksum(const unsigned char *keyid, const unsigned char *sk, unsigned char chk[32])
{
    crypto_generichash_state st;
    crypto_generichash_init(&st, NULL, 0, 32);
    crypto_generichash_update(&st, (const unsigned char *)"Ed", 2);
    crypto_generichash_update(&st, keyid, SIG_KEYID_BYTES);
    crypto_generichash_update(&st, sk, 64);
    crypto_generichash_final(&st, chk, 32);
    sodium_memzero(&st, sizeof st);
}

/* XORs the encrypted part with scrypt(pass, salt, ops, mem). */
static int kdf_xor(unsigned char *enc, const char *pass, size_t pass_len, const unsigned char *salt,
                   uint64_t ops, uint64_t mem, struct err *e)
{
    unsigned char *stream = sodium_malloc(SEC_ENC_BYTES);
    if (!stream)
        return err_set(e, 1, "out of secure memory");
    if (crypto_pwhash_scryptsalsa208sha256(stream, SEC_ENC_BYTES, pass, pass_len, salt, ops,
                                           (size_t)mem) != 0) {
        sodium_free(stream);
        return err_set(e, 1, "key derivation (scrypt) failed: not enough memory?");
    }
    for (size_t i = 0; i < SEC_ENC_BYTES; i++)
        enc[i] ^= stream[i];
    sodium_free(stream);
    return 0;
}

/* base64 text of a blob: one line, original alphabet with padding. */
static size_t b64_len(size_t n)
{
    return sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL) - 1;
}

int sig_secret_key_format(const struct sig_secret_key *sk, const char *pass, size_t pass_len,
                          char **out, size_t *out_len, struct err *e)
{
    return sig_secret_key_format_limits(
        sk, pass, pass_len, crypto_pwhash_scryptsalsa208sha256_OPSLIMIT_SENSITIVE,
        crypto_pwhash_scryptsalsa208sha256_MEMLIMIT_SENSITIVE, out, out_len, e);
}

int sig_secret_key_format_limits(const struct sig_secret_key *sk, const char *pass, size_t pass_len,
                                 uint64_t ops, uint64_t mem, char **out, size_t *out_len,
                                 struct err *e)
{
    sodium_ready();
    unsigned char *blob = sodium_malloc(SEC_BYTES);
    if (!blob)
        return err_set(e, 1, "out of secure memory");
    memset(blob, 0, SEC_BYTES);
    memcpy(blob, "Ed", 2);
    memcpy(blob + 4, "B2", 2);
    unsigned char *enc = blob + SEC_KEYNUM;
    memcpy(enc, sk->keyid, SIG_KEYID_BYTES);
    memcpy(enc + SIG_KEYID_BYTES, sk->sk, 64);
    const char *comment;
    if (pass) {
        /* minisign -G: checksum, then encrypt keyid || sk || chk together. */
        memcpy(blob + 2, "Sc", 2);
        randombytes_buf(blob + 6, 32);
        le64_store(blob + 38, ops);
        le64_store(blob + 46, mem);
        key_checksum(sk->keyid, sk->sk, enc + SIG_KEYID_BYTES + 64);
        if (kdf_xor(enc, pass, pass_len, blob + 6, ops, mem, e) < 0) {
            sodium_free(blob);
            return -1;
        }
        comment = "untrusted comment: minisign encrypted secret key\n";
    } else {
        /* minisign -G -W: kdf "\0\0", zero salt/limits/checksum. */
        comment = "untrusted comment: minisign unencrypted secret key\n";
    }
    size_t cl = strlen(comment), bl = b64_len(SEC_BYTES);
    char *text = sodium_malloc(cl + bl + 2);
    if (!text) {
        sodium_free(blob);
        return err_set(e, 1, "out of secure memory");
    }
    memcpy(text, comment, cl);
    sodium_bin2base64(text + cl, bl + 1, blob, SEC_BYTES, sodium_base64_VARIANT_ORIGINAL);
    text[cl + bl] = '\n';
    text[cl + bl + 1] = 0;
    sodium_free(blob);
    *out = text;
    *out_len = cl + bl + 1;
    return 0;
}

void sig_free_secret_text(char *text)
{
    if (text)
        sodium_free(text);
}

/* Splits "untrusted comment: ...\n<base64>\n" files: returns the base64 line
 * (line ends '\n' or "\r\n"; trailing blanks ignored like minisign's trim()). */
static int split_key_file(const char *text, size_t len, const char **b64, size_t *b64n,
                          const char *what, struct err *e)
{
    const char *p = text, *end = text + len;
    size_t ul = strlen(SIG_UNTRUSTED);
    if ((size_t)(end - p) >= ul && memcmp(p, SIG_UNTRUSTED, ul) == 0) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl)
            return err_set(e, 1, "%s: no key after the comment line", what);
        p = nl + 1;
    }
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    const char *le = nl ? nl : end;
    while (le > p && (le[-1] == '\r' || le[-1] == ' ' || le[-1] == '\t'))
        le--;
    /* Only blank lines may follow. */
    for (const char *q = nl ? nl : end; q < end; q++)
        if (*q != '\n' && *q != '\r' && *q != ' ' && *q != '\t')
            return err_set(e, 1, "%s: unexpected text after the key", what);
    *b64 = p;
    *b64n = (size_t)(le - p);
    return 0;
}

static int b64_decode(const char *b64, size_t n, unsigned char *bin, size_t want)
{
    size_t got = 0;
    const char *end = NULL;
    if (sodium_base642bin(bin, want, b64, n, NULL, &got, &end, sodium_base64_VARIANT_ORIGINAL) !=
            0 ||
        got != want || end != b64 + n)
        return -1;
    return 0;
}

int sig_secret_key_encrypted(const char *text, size_t len, struct err *e)
{
    sodium_ready();
    const char *b64;
    size_t n;
    unsigned char blob[SEC_BYTES];
    if (split_key_file(text, len, &b64, &n, "secret key", e) < 0)
        return -1;
    if (b64_decode(b64, n, blob, SEC_BYTES) < 0 || memcmp(blob, "Ed", 2) != 0) {
        sodium_memzero(blob, sizeof blob);
        return err_set(e, 1, "not a minisign secret key");
    }
    int enc = memcmp(blob + 2, "Sc", 2) == 0;
    sodium_memzero(blob, sizeof blob);
    return enc;
}

int sig_secret_key_parse(const char *text, size_t len, const char *pass, size_t pass_len,
                         struct sig_secret_key **out, struct err *e)
{
    sodium_ready();
    const char *b64;
    size_t n;
    if (split_key_file(text, len, &b64, &n, "secret key", e) < 0)
        return -1;
    unsigned char *blob = sodium_malloc(SEC_BYTES);
    if (!blob)
        return err_set(e, 1, "out of secure memory");
    int rc = -1;
    if (b64_decode(b64, n, blob, SEC_BYTES) < 0) {
        err_set(e, 1, "not a minisign secret key (bad base64 or length)");
        goto done;
    }
    if (memcmp(blob, "Ed", 2) != 0) {
        err_set(e, 1, "unsupported signature algorithm in secret key (expected Ed25519)");
        goto done;
    }
    if (memcmp(blob + 4, "B2", 2) != 0) {
        err_set(e, 1, "unsupported checksum algorithm in secret key (expected BLAKE2b)");
        goto done;
    }
    unsigned char *enc = blob + SEC_KEYNUM;
    bool encrypted = memcmp(blob + 2, "Sc", 2) == 0;
    if (encrypted) {
        uint64_t ops = le64_load(blob + 38), mem = le64_load(blob + 46);
        /* A hostile key file must not make us allocate without bound. */
        if (ops > 4 * (uint64_t)crypto_pwhash_scryptsalsa208sha256_OPSLIMIT_SENSITIVE ||
            mem > 4 * (uint64_t)crypto_pwhash_scryptsalsa208sha256_MEMLIMIT_SENSITIVE) {
            err_set(e, 1,
                    "secret key asks for scrypt limits above 4x minisign's (ops %llu, mem %llu)",
                    (unsigned long long)ops, (unsigned long long)mem);
            goto done;
        }
        if (!pass) {
            err_set(e, 1, "the secret key is encrypted: a passphrase is required");
            goto done;
        }
        if (kdf_xor(enc, pass, pass_len, blob + 6, ops, mem, e) < 0)
            goto done;
    } else if (blob[2] != 0 || blob[3] != 0) {
        err_set(e, 1, "unsupported key derivation algorithm in secret key");
        goto done;
    }
    unsigned char chk[32];
    static const unsigned char zero[32];
    key_checksum(enc, enc + SIG_KEYID_BYTES, chk);
    /* minisign -W leaves the checksum zero; otherwise it must match. */
    bool chk_ok = sodium_memcmp(chk, enc + SIG_KEYID_BYTES + 64, 32) == 0 ||
                  (!encrypted && sodium_memcmp(zero, enc + SIG_KEYID_BYTES + 64, 32) == 0);
    sodium_memzero(chk, sizeof chk);
    if (!chk_ok) {
        err_set(e, 1,
                encrypted ? "wrong passphrase (the secret key checksum does not match)"
                          : "corrupt secret key (checksum does not match)");
        goto done;
    }
    /* The public half stored in sk must belong to the seed. */
    unsigned char pk[32], sk2[64];
    crypto_sign_seed_keypair(pk, sk2, enc + SIG_KEYID_BYTES);
    bool pair_ok = sodium_memcmp(sk2, enc + SIG_KEYID_BYTES, 64) == 0;
    sodium_memzero(sk2, sizeof sk2);
    if (!pair_ok) {
        err_set(e, 1, "corrupt secret key (public half does not match the seed)");
        goto done;
    }
    struct sig_secret_key *sk = sk_alloc();
    memcpy(sk->keyid, enc, SIG_KEYID_BYTES);
    memcpy(sk->sk, enc + SIG_KEYID_BYTES, 64);
    sodium_mprotect_readonly(sk);
    *out = sk;
    rc = 0;
done:
    sodium_free(blob);
    return rc;
}

char *sig_public_key_format(const struct sig_public_key *pk, size_t *len)
{
    unsigned char blob[PUB_BYTES];
    memcpy(blob, "Ed", 2);
    memcpy(blob + 2, pk->keyid, SIG_KEYID_BYTES);
    memcpy(blob + 2 + SIG_KEYID_BYTES, pk->pk, 32);
    char id[17];
    sig_keyid_hex(pk->keyid, id);
    size_t bl = b64_len(PUB_BYTES);
    char *text = xmalloc(64 + bl);
    int n = snprintf(text, 64, "untrusted comment: minisign public key %s\n", id);
    sodium_bin2base64(text + n, bl + 1, blob, PUB_BYTES, sodium_base64_VARIANT_ORIGINAL);
    text[(size_t)n + bl] = '\n';
    text[(size_t)n + bl + 1] = 0;
    *len = (size_t)n + bl + 1;
    return text;
}

int sig_public_key_parse(const char *text, size_t len, struct sig_public_key *pk, struct err *e)
{
    const char *b64;
    size_t n;
    unsigned char blob[PUB_BYTES];
    if (split_key_file(text, len, &b64, &n, "public key", e) < 0)
        return -1;
    if (b64_decode(b64, n, blob, PUB_BYTES) < 0)
        return err_set(e, 1, "not a minisign public key (bad base64 or length)");
    if (memcmp(blob, "Ed", 2) != 0)
        return err_set(e, 1, "unsupported signature algorithm in public key (expected Ed25519)");
    memcpy(pk->keyid, blob + 2, SIG_KEYID_BYTES);
    memcpy(pk->pk, blob + 2 + SIG_KEYID_BYTES, 32);
    return 0;
}

int sig_public_key_load(const char *path, struct sig_public_key *pk, struct err *e)
{
    char *data;
    size_t len;
    if (read_file(path, 64 * 1024, &data, &len, e) < 0)
        return -1;
    int rc = sig_public_key_parse(data, len, pk, e);
    free(data);
    if (rc < 0) {
        char m[sizeof e->msg];
        snprintf(m, sizeof m, "%s", e->msg);
        err_set(e, 1, "%s: %s", path, m);
    }
    return rc;
}

int sig_sign(const struct sig_secret_key *sk, const void *msg, size_t len,
             const char *trusted_comment, struct sig_signature *out, struct err *e)
{
    sodium_ready();
    size_t tl = strlen(trusted_comment);
    if (tl > SIG_COMMENT_MAX || memchr(trusted_comment, '\n', tl) ||
        memchr(trusted_comment, '\r', tl))
        return err_set(e, 1, "trusted comment must be one line of at most %d bytes",
                       SIG_COMMENT_MAX);
    memset(out, 0, sizeof *out);
    memcpy(out->keyid, sk->keyid, SIG_KEYID_BYTES);
    unsigned char h[crypto_generichash_BYTES_MAX];
    crypto_generichash(h, sizeof h, msg, len, NULL, 0);
    crypto_sign_detached(out->sig, NULL, h, sizeof h, sk->sk);
    memcpy(out->trusted_comment, trusted_comment, tl);
    unsigned char buf[64 + SIG_COMMENT_MAX];
    memcpy(buf, out->sig, 64);
    memcpy(buf + 64, trusted_comment, tl);
    crypto_sign_detached(out->global_sig, NULL, buf, 64 + tl, sk->sk);
    return 0;
}

char *sig_signature_format(const struct sig_signature *s, size_t *len)
{
    unsigned char blob[SIG_BYTES];
    memcpy(blob, "ED", 2);
    memcpy(blob + 2, s->keyid, SIG_KEYID_BYTES);
    memcpy(blob + 2 + SIG_KEYID_BYTES, s->sig, 64);
    size_t cl = strlen(SIG_COMMENT), b1 = b64_len(SIG_BYTES), tl = strlen(s->trusted_comment),
           b2 = b64_len(64), ttl = strlen(SIG_TRUSTED);
    size_t total = cl + b1 + 1 + ttl + tl + 1 + b2 + 1;
    char *text = xmalloc(total + 1), *p = text;
    memcpy(p, SIG_COMMENT, cl);
    p += cl;
    sodium_bin2base64(p, b1 + 1, blob, SIG_BYTES, sodium_base64_VARIANT_ORIGINAL);
    p += b1;
    *p++ = '\n';
    memcpy(p, SIG_TRUSTED, ttl);
    p += ttl;
    memcpy(p, s->trusted_comment, tl);
    p += tl;
    *p++ = '\n';
    sodium_bin2base64(p, b2 + 1, s->global_sig, 64, sodium_base64_VARIANT_ORIGINAL);
    p += b2;
    *p++ = '\n';
    *p = 0;
    *len = total;
    return text;
}

/* Next line of a .minisig: [p, eol) without "\r\n"/"\n"; *next after it. */
static const char *sig_line(const char *p, const char *end, size_t *n, const char **next)
{
    if (p >= end)
        return NULL;
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    const char *le = nl ? nl : end;
    *next = nl ? nl + 1 : end;
    if (le > p && le[-1] == '\r')
        le--;
    *n = (size_t)(le - p);
    return p;
}

int sig_signature_parse(const char *text, size_t len, struct sig_signature *s, struct err *e)
{
    const char *end = text + len, *p = text, *next;
    size_t n;
    memset(s, 0, sizeof *s);
    const char *l = sig_line(p, end, &n, &next);
    size_t ul = strlen(SIG_UNTRUSTED), tl = strlen(SIG_TRUSTED);
    if (!l || n < ul || memcmp(l, SIG_UNTRUSTED, ul) != 0)
        return err_set(e, 1, "signature does not start with an 'untrusted comment:' line");
    if (n - ul > SIG_COMMENT_MAX)
        return err_set(e, 1, "untrusted comment longer than %d bytes", SIG_COMMENT_MAX);
    p = next;
    unsigned char blob[SIG_BYTES];
    if (!(l = sig_line(p, end, &n, &next)) || b64_decode(l, n, blob, SIG_BYTES) < 0)
        return err_set(e, 1, "signature line is not base64 of a %d-byte signature", SIG_BYTES);
    if (memcmp(blob, "Ed", 2) == 0)
        return err_set(
            e, 1,
            "legacy (non-prehashed) signature: airlock accepts only prehashed 'ED' signatures");
    if (memcmp(blob, "ED", 2) != 0)
        return err_set(e, 1, "unsupported signature algorithm (expected prehashed Ed25519 'ED')");
    memcpy(s->keyid, blob + 2, SIG_KEYID_BYTES);
    memcpy(s->sig, blob + 2 + SIG_KEYID_BYTES, 64);
    p = next;
    if (!(l = sig_line(p, end, &n, &next)) || n < tl || memcmp(l, SIG_TRUSTED, tl) != 0)
        return err_set(e, 1, "signature has no 'trusted comment:' line");
    if (n - tl > SIG_COMMENT_MAX)
        return err_set(e, 1, "trusted comment longer than %d bytes", SIG_COMMENT_MAX);
    if (memchr(l + tl, 0, n - tl))
        return err_set(e, 1, "trusted comment contains a NUL byte");
    memcpy(s->trusted_comment, l + tl, n - tl);
    s->trusted_comment[n - tl] = 0;
    p = next;
    if (!(l = sig_line(p, end, &n, &next)) || b64_decode(l, n, s->global_sig, 64) < 0)
        return err_set(e, 1, "global signature line is not base64 of a 64-byte signature");
    for (p = next; p < end; p++)
        if (*p != '\n' && *p != '\r')
            return err_set(e, 1, "unexpected text after the global signature");
    return 0;
}

int sig_verify(const struct sig_public_key *pk, const struct sig_signature *s, const void *msg,
               size_t len, struct err *e)
{
    sodium_ready();
    char id[17], sid[17];
    sig_keyid_hex(pk->keyid, id);
    sig_keyid_hex(s->keyid, sid);
    if (memcmp(pk->keyid, s->keyid, SIG_KEYID_BYTES) != 0)
        return err_set(e, 1, "signature key id %s does not match public key %s", sid, id);
    unsigned char h[crypto_generichash_BYTES_MAX];
    crypto_generichash(h, sizeof h, msg, len, NULL, 0);
    if (crypto_sign_verify_detached(s->sig, h, sizeof h, pk->pk) != 0)
        return err_set(e, 1, "signature by key %s does not verify", id);
    size_t tl = strlen(s->trusted_comment);
    unsigned char buf[64 + SIG_COMMENT_MAX];
    memcpy(buf, s->sig, 64);
    memcpy(buf + 64, s->trusted_comment, tl);
    if (crypto_sign_verify_detached(s->global_sig, buf, 64 + tl, pk->pk) != 0)
        return err_set(e, 1, "global signature by key %s does not verify (trusted comment altered)",
                       id);
    return 0;
}
