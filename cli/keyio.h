/*
 * keyio.h - what the bundle commands (keygen, bundle, sign, verify, inspect)
 * share on the command line: passphrases (terminal or
 * AIRLOCK_PASSPHRASE_FILE) in sodium_malloc'd memory, loading secret and
 * public keys, creating files that must not exist yet, and the time options
 * (--created, SOURCE_DATE_EPOCH, --expires).
 */
#ifndef AIRLOCK_CLI_KEYIO_H
#define AIRLOCK_CLI_KEYIO_H

#include <stddef.h>
#include <stdint.h>

#include "bundle/sig.h"
#include "lint/util.h"

/* Reads a passphrase: the first line of $AIRLOCK_PASSPHRASE_FILE if set,
 * else from the terminal without echo (asked twice when confirm). *pass is
 * sodium_malloc'd: free with keyio_free_pass. */
int keyio_read_pass(const char *prompt, int confirm, char **pass, size_t *len, struct err *e);
void keyio_free_pass(char *pass);

/* Loads a secret key file, asking for its passphrase only if it is encrypted. */
int keyio_load_secret(const char *path, struct sig_secret_key **sk, struct err *e);

/* Creates path with data, failing if it exists; the content appears whole
 * or not at all (temp file + link). */
int keyio_write_new(const char *path, const void *data, size_t len, int mode, struct err *e);

/* --created / SOURCE_DATE_EPOCH: "2026-11-24T10:00:00Z" or unix seconds. */
int keyio_parse_time(const char *s, int64_t *t, struct err *e);
/* The creation time: opt if given, else $SOURCE_DATE_EPOCH, else now. */
int keyio_created(const char *opt, int64_t *t, struct err *e);
/* --expires relative to created: "30d", "12h", "90m", "2w", "never" or a time. */
int keyio_parse_expires(const char *s, int64_t created, int64_t *expires, struct err *e);

#endif
