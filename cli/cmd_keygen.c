/*
 * cmd_keygen.c - `airlock keygen -o NAME`: a new Ed25519 key pair in
 * minisign's file layouts, NAME.key (secret, scrypt-encrypted unless
 * --unencrypted, mode 0600) and NAME.pub. Never overwrites a file.
 */
#include "cli/cli.h"
#include "cli/keyio.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char usage[] =
    "usage: airlock keygen -o NAME [--unencrypted]\n"
    "\n"
    "Writes a new signing key pair: NAME.key (secret key, mode 0600) and NAME.pub\n"
    "(public key), in minisign's formats, so `minisign -S -s NAME.key` and\n"
    "`minisign -V -p NAME.pub` work with them too. Refuses to overwrite either file.\n"
    "\n"
    "The secret key is encrypted with a passphrase (scrypt, minisign's parameters),\n"
    "read from the terminal, or from the first line of the file named by\n"
    "AIRLOCK_PASSPHRASE_FILE.\n"
    "\n"
    "  -o, --output NAME   base name of the two files\n"
    "  --unencrypted       do not encrypt the secret key (like minisign -W)\n"
    "  -h, --help          this text\n";

static int run(int argc, char **argv)
{
    const char *name = NULL;
    int unencrypted = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            fputs(usage, stdout);
            return EXIT_OK;
        } else if ((!strcmp(argv[i], "-o") || !strcmp(argv[i], "--output")) && i + 1 < argc) {
            name = argv[++i];
        } else if (!strcmp(argv[i], "--unencrypted")) {
            unencrypted = 1;
        } else {
            fprintf(stderr, "airlock keygen: unexpected argument '%s'\n%s", argv[i], usage);
            return EXIT_USAGE;
        }
    }
    if (!name || !*name) {
        fprintf(stderr, "airlock keygen: -o NAME is required\n%s", usage);
        return EXIT_USAGE;
    }
    size_t nl = strlen(name);
    char *keypath = malloc(nl + 5), *pubpath = malloc(nl + 5);
    snprintf(keypath, nl + 5, "%s.key", name);
    snprintf(pubpath, nl + 5, "%s.pub", name);
    struct err e = {0};
    struct sig_secret_key *sk = NULL;
    char *pass = NULL, *sec = NULL, *pub = NULL;
    size_t plen = 0, slen, publen;
    int rc = EXIT_USAGE;
    struct stat st;
    if (lstat(keypath, &st) == 0 || lstat(pubpath, &st) == 0) {
        fprintf(stderr, "airlock keygen: %s already exists: not overwriting it\n",
                lstat(keypath, &st) == 0 ? keypath : pubpath);
        goto done;
    }
    if (!unencrypted && keyio_read_pass("Passphrase for the new key: ", 1, &pass, &plen, &e) < 0)
        goto fail;
    if (sig_keygen(&sk, &e) < 0 || sig_secret_key_format(sk, pass, plen, &sec, &slen, &e) < 0)
        goto fail;
    struct sig_public_key pk;
    sig_secret_key_public(sk, &pk);
    pub = sig_public_key_format(&pk, &publen);
    if (keyio_write_new(keypath, sec, slen, 0600, &e) < 0)
        goto fail;
    if (keyio_write_new(pubpath, pub, publen, 0644, &e) < 0) {
        unlink(keypath);
        goto fail;
    }
    char id[17];
    sig_keyid_hex(pk.keyid, id);
    printf("wrote %s (%s secret key) and %s (public key %s)\n", keypath,
           unencrypted ? "unencrypted" : "encrypted", pubpath, id);
    rc = EXIT_OK;
    goto done;
fail:
    fprintf(stderr, "airlock keygen: error: %s\n", e.msg);
done:
    keyio_free_pass(pass);
    sig_free_secret_text(sec);
    sig_secret_key_free(sk);
    free(pub);
    free(keypath);
    free(pubpath);
    return rc;
}

const struct command cmd_keygen = {
    .name = "keygen",
    .summary = "create a signing key pair (minisign format)",
    .usage = usage,
    .run = run,
};
