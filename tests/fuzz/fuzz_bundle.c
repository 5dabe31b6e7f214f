/*
 * fuzz_bundle.c - fuzz target for what reads untrusted bundle bytes (the
 * applier's input): the in-memory archive reader (zstd, tar headers, paths,
 * entry types, size and ratio limits), the whole verification as `airlock
 * inspect` runs it (every check but who signed, expiry reported not refused,
 * so that mutated manifests are parsed and cross-checked with the entries),
 * and, on the same bytes as text, the MANIFEST parser and the minisign
 * signature and public key parsers. A parsed manifest must re-serialise to
 * the bytes it came from (it is canonical by construction). Seeds: small
 * bundles and their MANIFEST and .minisig entries (tests/fuzz/run_bundle.sh).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bundle/archive.h"
#include "bundle/bundle.h"
#include "bundle/manifest.h"
#include "bundle/sig.h"
#include "fuzz.h"
#include "lint/arena.h"

static unsigned long opened, archives, manifests, sigs;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct err e = {0};
    struct bundle_verify_opts o = {.no_trust = true, .ignore_expiry = true};
    struct bundle *b = NULL;
    if (bundle_open_memory(data, size, &o, &b, &e) == 0) {
        opened++;
        bundle_close(b);
    }
    struct bundle_archive ar;
    if (bundle_archive_read(data, size, &ar, &e) == 0) {
        archives++;
        bundle_archive_free(&ar);
    }
    /* the parsers of text entries read NUL-terminated copies, as bundle.c
     * hands them entries */
    char *text = xmalloc(size + 1);
    memcpy(text, data, size);
    text[size] = 0;
    struct manifest m;
    memset(&m, 0, sizeof m);
    if (manifest_parse(text, size, &m, &e) == 0) {
        manifests++;
        size_t len = 0;
        char *back = manifest_format(&m, &len);
        if (!back || len != size || memcmp(back, text, size) != 0)
            abort(); /* a strict parser accepts only canonical text */
        free(back);
    }
    manifest_free(&m);
    struct sig_signature s;
    struct sig_public_key pk;
    if (sig_signature_parse(text, size, &s, &e) == 0)
        sigs++;
    if (sig_public_key_parse(text, size, &pk, &e) == 0)
        sigs++;
    free(text);
    return 0;
}

#ifndef AIRLOCK_LIBFUZZER
const char *const fuzz_name = "fuzz_bundle";
const char *const fuzz_tokens[] = {"\n",
                                   "revision ",
                                   "stmt ",
                                   "file ",
                                   "../",
                                   "/",
                                   "\0",
                                   "untrusted comment: ",
                                   "trusted comment: ",
                                   "RWS",
                                   "sha256 ",
                                   "9999999999999999999",
                                   "-1",
                                   " ",
                                   "\t"};
const size_t fuzz_ntokens = sizeof fuzz_tokens / sizeof fuzz_tokens[0];
const int fuzz_default_rounds = 3000;

void fuzz_report(void)
{
    printf("%lu bundles opened, %lu archives read, %lu manifests parsed, %lu signatures/keys "
           "parsed\n",
           opened, archives, manifests, sigs);
}
#endif
