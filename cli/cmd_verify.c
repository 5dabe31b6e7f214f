/*
 * cmd_verify.c - `airlock verify FILE.airlock --trust KEY.pub ...`: runs the
 * complete bundle verification (bundle_open_verified, in memory, nothing
 * written) and exits with the refusal class as the exit code, so scripts can
 * tell an expired bundle from a tampered one (docs/bundle-format.md).
 */
#include "bundle/bundle.h"
#include "cli/cli.h"
#include "cli/keyio.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: airlock verify FILE.airlock --trust KEY.pub [--trust KEY.pub ...]\n"
    "                      [--threshold N] [--min-sequence N] [--signature FILE.minisig ...]\n"
    "\n"
    "Verifies a bundle completely, in memory: archive structure and limits, the\n"
    "MANIFEST, signatures by distinct trusted keys (at least N, default 1), every\n"
    "entry's size and sha256, statement spans, canonical encoding, expiry, and\n"
    "optionally that its sequence is above N. Nothing is extracted.\n"
    "\n"
    "  --trust KEY.pub         a trusted public key (minisign format); repeatable\n"
    "  --threshold N           distinct trusted signers required (default 1)\n"
    "  --min-sequence N        refuse a bundle whose sequence is not above N\n"
    "  --signature FILE        a detached signature of the MANIFEST (e.g. from\n"
    "                          `minisign -S`), counted like an embedded one\n"
    "  -h, --help              this text\n"
    "\n"
    "Exit codes: 0 verified; 2 usage or unreadable file; 10 not a bundle archive;\n"
    "11 not canonical; 12 unsafe path; 13 link/device/FIFO entry; 14 duplicate\n"
    "entry; 15 over a size limit; 16 decompression bomb; 17 bad MANIFEST;\n"
    "18 bad signature; 19 no trusted signature; 20 below threshold; 21 unlisted\n"
    "entry; 22 missing entry; 23 size/hash mismatch; 24 expired; 25 sequence.\n";

static int parse_u(const char *s, uint64_t *v)
{
    char *end;
    errno = 0;
    unsigned long long x = strtoull(s, &end, 10);
    if (!*s || *end || errno || s[0] == '-' || s[0] == '+')
        return -1;
    *v = x;
    return 0;
}

static int run(int argc, char **argv)
{
    const char *file = NULL;
    struct sig_public_key *trusted = calloc((size_t)argc, sizeof *trusted);
    const char **sigs = calloc((size_t)argc, sizeof *sigs);
    char **sigtext = calloc((size_t)argc, sizeof *sigtext);
    size_t *siglen = calloc((size_t)argc, sizeof *siglen);
    uint32_t ntrusted = 0, nsigs = 0;
    struct bundle_verify_opts o = {0};
    struct err e = {0};
    int rc = EXIT_USAGE;
    uint64_t v;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            fputs(usage, stdout);
            rc = EXIT_OK;
            goto done;
        } else if (!strcmp(a, "--trust") && i + 1 < argc) {
            if (sig_public_key_load(argv[++i], &trusted[ntrusted], &e) < 0) {
                fprintf(stderr, "airlock verify: error: %s\n", e.msg);
                goto done;
            }
            ntrusted++;
        } else if (!strcmp(a, "--threshold") && i + 1 < argc) {
            if (parse_u(argv[++i], &v) < 0 || v == 0 || v > 1000) {
                fprintf(stderr, "airlock verify: bad --threshold '%s'\n", argv[i]);
                goto done;
            }
            o.threshold = (uint32_t)v;
        } else if (!strcmp(a, "--min-sequence") && i + 1 < argc) {
            if (parse_u(argv[++i], &o.min_sequence) < 0) {
                fprintf(stderr, "airlock verify: bad --min-sequence '%s'\n", argv[i]);
                goto done;
            }
            o.check_sequence = true;
        } else if (!strcmp(a, "--signature") && i + 1 < argc) {
            if (read_file(argv[++i], 64 * 1024, &sigtext[nsigs], &siglen[nsigs], &e) < 0) {
                fprintf(stderr, "airlock verify: error: %s\n", e.msg);
                goto done;
            }
            sigs[nsigs] = sigtext[nsigs];
            nsigs++;
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "airlock verify: unexpected argument '%s'\n%s", a, usage);
            goto done;
        } else if (!file) {
            file = a;
        } else {
            fprintf(stderr, "airlock verify: one bundle at a time ('%s')\n", a);
            goto done;
        }
    }
    if (!file) {
        fprintf(stderr, "airlock verify: no bundle given\n%s", usage);
        goto done;
    }
    if (ntrusted == 0) {
        fprintf(stderr, "airlock verify: at least one --trust KEY.pub is required\n");
        goto done;
    }
    o.trusted = trusted;
    o.ntrusted = ntrusted;
    o.extra_sigs = sigs;
    o.extra_sig_lens = siglen;
    o.nextra_sigs = nsigs;
    struct bundle *b;
    if (bundle_open_verified(file, &o, &b, &e) < 0) {
        fprintf(stderr, "%s: error: %s [%s]\n", file, e.msg, bundle_error_name(e.code));
        rc = e.code ? e.code : EXIT_USAGE;
        goto done;
    }
    const struct manifest *m = &b->m;
    char exp[21] = "never";
    if (m->expires)
        manifest_time_format(m->expires, exp);
    printf("%s: verified: project %s, sequence %" PRIu64
           ", %s from %s to %s, %u revision%s; signed by %u "
           "distinct trusted key%s (",
           file, m->project, m->sequence, m->down ? "down" : "up", m->from ? m->from : "base",
           m->to ? m->to : "base", m->nrevs, m->nrevs == 1 ? "" : "s", b->ncounted,
           b->ncounted == 1 ? "" : "s");
    int first = 1;
    for (uint32_t i = 0; i < b->nsigners; i++)
        if (b->signers[i].counted) {
            printf("%s%s", first ? "" : ", ", b->signers[i].keyid);
            first = 0;
        }
    printf("); expires %s\n", exp);
    bundle_close(b);
    rc = EXIT_OK;
done:
    for (uint32_t i = 0; i < nsigs; i++)
        free(sigtext[i]);
    free(sigtext);
    free(sigs);
    free(siglen);
    free(trusted);
    return rc;
}

const struct command cmd_verify = {
    .name = "verify",
    .summary = "verify a bundle's signatures, contents and limits",
    .usage = usage,
    .run = run,
};
