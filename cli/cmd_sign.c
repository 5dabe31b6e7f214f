/*
 * cmd_sign.c - `airlock sign FILE.airlock --key KEY.key`: adds a co-signature
 * of the bundle's MANIFEST (k-of-n signing); or, with --signature, adds one
 * made elsewhere, e.g. by `minisign -S` over the extracted MANIFEST. Nothing
 * else in the bundle changes; the file is replaced atomically.
 */
#include "bundle/bundle.h"
#include "cli/cli.h"
#include "cli/keyio.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: airlock sign FILE.airlock --key KEY.key [-o OUT.airlock]\n"
    "       airlock sign FILE.airlock --signature MANIFEST.minisig [--pub KEY.pub] [-o "
    "OUT.airlock]\n"
    "\n"
    "Adds a signature of the bundle's MANIFEST as MANIFEST.<KEYID>.minisig, for\n"
    "bundles that need k of n signers (airlock verify --threshold). The bundle is\n"
    "checked first (everything but trust); other entries are left as they are.\n"
    "\n"
    "  --key KEY.key           sign with this secret key (passphrase from the terminal\n"
    "                          or AIRLOCK_PASSPHRASE_FILE); the trusted comment's\n"
    "                          timestamp is SOURCE_DATE_EPOCH if set, else now\n"
    "  --signature FILE        add a minisign signature of the MANIFEST made elsewhere\n"
    "  --pub KEY.pub           with --signature: check it with this public key first\n"
    "  -o, --output OUT        write here instead of replacing FILE\n"
    "  -h, --help              this text\n";

static int run(int argc, char **argv)
{
    const char *file = NULL, *key = NULL, *sigfile = NULL, *pubfile = NULL, *out = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            fputs(usage, stdout);
            return EXIT_OK;
        } else if (!strcmp(a, "--key") && i + 1 < argc) {
            key = argv[++i];
        } else if (!strcmp(a, "--signature") && i + 1 < argc) {
            sigfile = argv[++i];
        } else if (!strcmp(a, "--pub") && i + 1 < argc) {
            pubfile = argv[++i];
        } else if ((!strcmp(a, "-o") || !strcmp(a, "--output")) && i + 1 < argc) {
            out = argv[++i];
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "airlock sign: unexpected argument '%s'\n%s", a, usage);
            return EXIT_USAGE;
        } else if (!file) {
            file = a;
        } else {
            fprintf(stderr, "airlock sign: one bundle at a time ('%s')\n", a);
            return EXIT_USAGE;
        }
    }
    if (!file || (!key == !sigfile) || (pubfile && !sigfile)) {
        fprintf(stderr, "airlock sign: need FILE and either --key or --signature\n%s", usage);
        return EXIT_USAGE;
    }
    struct err e = {0};
    char *data = NULL, *sig = NULL;
    size_t len, siglen;
    unsigned char *res = NULL;
    size_t rlen;
    struct sig_secret_key *sk = NULL;
    int rc = EXIT_USAGE;
    if (read_file(file, BUNDLE_MAX_FILE, &data, &len, &e) < 0)
        goto fail;
    if (key) {
        int64_t ts;
        if (keyio_load_secret(key, &sk, &e) < 0 || keyio_created(NULL, &ts, &e) < 0)
            goto fail;
        if (bundle_cosign((unsigned char *)data, len, sk, ts, &res, &rlen, &e) < 0)
            goto refused;
    } else {
        struct sig_public_key pk;
        if (read_file(sigfile, 64 * 1024, &sig, &siglen, &e) < 0 ||
            (pubfile && sig_public_key_load(pubfile, &pk, &e) < 0))
            goto fail;
        if (bundle_add_signature((unsigned char *)data, len, sig, siglen, pubfile ? &pk : NULL,
                                 &res, &rlen, &e) < 0)
            goto refused;
    }
    if (write_file_atomic(out ? out : file, res, rlen, 0644, &e) < 0)
        goto fail;
    printf("%s: signature added\n", out ? out : file);
    rc = EXIT_OK;
    goto done;
refused:
    fprintf(stderr, "%s: error: %s [%s]\n", file, e.msg, bundle_error_name(e.code));
    rc = e.code ? e.code : EXIT_USAGE;
    goto done;
fail:
    fprintf(stderr, "airlock sign: error: %s\n", e.msg);
done:
    sig_secret_key_free(sk);
    free(data);
    free(sig);
    free(res);
    return rc;
}

const struct command cmd_sign = {
    .name = "sign",
    .summary = "add a co-signature to a bundle",
    .usage = usage,
    .run = run,
};
