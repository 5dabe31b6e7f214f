/*
 * sig.h - minisign-compatible keys and signatures (FORMATS.md "minisign"),
 * all through libsodium: Ed25519 key pairs with 8-byte key ids, secret keys
 * scrypt-encrypted in minisign's layout, prehashed ("ED") signatures with a
 * trusted comment and a global signature. Secret keys live in sodium_malloc'd
 * memory (guard pages, mlock) and are wiped when freed.
 */
#ifndef AIRLOCK_SIG_H
#define AIRLOCK_SIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lint/util.h"

#define SIG_KEYID_BYTES 8
#define SIG_COMMENT_MAX 1024 /* minisign's COMMENTMAXBYTES, without the NUL */

struct sig_public_key {
    unsigned char keyid[SIG_KEYID_BYTES];
    unsigned char pk[32];
};

struct sig_secret_key; /* opaque: sodium_malloc'd, read-only while not in use */

/* A parsed .minisig file. */
struct sig_signature {
    unsigned char keyid[SIG_KEYID_BYTES];
    unsigned char sig[64]; /* Ed25519 over BLAKE2b-512(message) */
    char trusted_comment[SIG_COMMENT_MAX + 1];
    unsigned char global_sig[64]; /* Ed25519 over sig || trusted comment */
};

/* Key id as minisign prints it: the 8 bytes read as a little-endian 64-bit
 * number, in 16 uppercase hex digits. */
void sig_keyid_hex(const unsigned char keyid[SIG_KEYID_BYTES], char out[17]);

/* A new random key pair. */
int sig_keygen(struct sig_secret_key **sk, struct err *e);
void sig_secret_key_free(struct sig_secret_key *sk);
void sig_secret_key_public(const struct sig_secret_key *sk, struct sig_public_key *pub);

/* Secret key file text. With a passphrase (pass != NULL) the key is encrypted
 * with scrypt at libsodium's SENSITIVE limits like `minisign -G`; without, it
 * is written like `minisign -G -W`. *out is sodium_malloc'd: free it with
 * sig_free_secret_text. */
int sig_secret_key_format(const struct sig_secret_key *sk, const char *pass, size_t pass_len,
                          char **out, size_t *out_len, struct err *e);
/* The same with explicit scrypt limits (tests use cheap ones). */
int sig_secret_key_format_limits(const struct sig_secret_key *sk, const char *pass, size_t pass_len,
                                 uint64_t opslimit, uint64_t memlimit, char **out, size_t *out_len,
                                 struct err *e);
void sig_free_secret_text(char *text);
/* Whether a secret key file's text needs a passphrase (-1: not a key file). */
int sig_secret_key_encrypted(const char *text, size_t len, struct err *e);
/* Parses (and decrypts with pass, if encrypted) a secret key file. A wrong
 * passphrase is reported as such (the checksum does not match). */
int sig_secret_key_parse(const char *text, size_t len, const char *pass, size_t pass_len,
                         struct sig_secret_key **sk, struct err *e);

/* Public key file text ("untrusted comment: minisign public key <KEYID>"). malloc'd. */
char *sig_public_key_format(const struct sig_public_key *pk, size_t *len);
/* Parses a public key file (comment line + base64), or a bare base64 line. */
int sig_public_key_parse(const char *text, size_t len, struct sig_public_key *pk, struct err *e);
int sig_public_key_load(const char *path, struct sig_public_key *pk, struct err *e);

/* Signs msg: a prehashed signature with the given trusted comment (no
 * newline, at most SIG_COMMENT_MAX bytes). */
int sig_sign(const struct sig_secret_key *sk, const void *msg, size_t len,
             const char *trusted_comment, struct sig_signature *out, struct err *e);
/* The .minisig file text of s in airlock's canonical form (fixed untrusted
 * comment, '\n' line ends). malloc'd. */
char *sig_signature_format(const struct sig_signature *s, size_t *len);
/* Parses a .minisig file as minisign writes it (any untrusted comment, the
 * legacy non-prehashed "Ed" algorithm refused). */
int sig_signature_parse(const char *text, size_t len, struct sig_signature *s, struct err *e);
/* Verifies s over msg with pk: key ids equal, signature, global signature. */
int sig_verify(const struct sig_public_key *pk, const struct sig_signature *s, const void *msg,
               size_t len, struct err *e);

#endif
