/*
 * fuzz_chain.c - fuzz target for everything that reads untrusted chain bytes:
 * the native reader (directives, encodings, meta-commands), graph validation
 * and the libpg_query layer. Built two ways:
 *  - with clang -fsanitize=fuzzer (cmake -DAIRLOCK_FUZZ=ON): a libFuzzer target;
 *  - otherwise: a deterministic mutation driver run by ctest under ASan+UBSan,
 *    which mutates the seed files given on the command line for a fixed number of
 *    rounds (bit flips, byte insertions and deletions, splices, truncation).
 * The input is split at "\n=====\n" into several files of one chain.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lint/arena.h"
#include "lint/chain.h"
#include "lint/sql.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
static unsigned long fuzz_stmts; /* statements parsed, to show the run did work */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char sep[] = "\n=====\n";
    const char *names[8], *parts[8];
    size_t lens[8];
    char namebuf[8][16];
    int n = 0;
    const char *p = (const char *)data, *end = p + size;
    while (n < 8) {
        const char *s = NULL;
        for (const char *q = p; q + sizeof sep - 1 <= end; q++)
            if (memcmp(q, sep, sizeof sep - 1) == 0) {
                s = q;
                break;
            }
        snprintf(namebuf[n], sizeof namebuf[n], "%d_f.sql", n + 1);
        names[n] = namebuf[n];
        parts[n] = p;
        lens[n] = (size_t)((s ? s : end) - p);
        n++;
        if (!s)
            break;
        p = s + sizeof sep - 1;
    }
    struct arena *a = arena_new();
    struct diag_list d;
    diag_list_init(&d, a);
    struct chain *c = chain_new(a, "fuzz", "native");
    native_read_buffers(c, names, parts, lens, n, &d);
    chain_validate(c, &d);
    sql_parse_chain(c, &d);
    for (uint32_t i = 0; i < c->nrevs; i++)
        fuzz_stmts += c->revs[i]->up.nstmts + c->revs[i]->down.nstmts;
    for (uint32_t i = 0; i < d.n; i++) /* every diagnostic must be located in its file */
        if (d.items[i].loc.src && d.items[i].loc.off > d.items[i].loc.src->len)
            abort();
    arena_free(a);
    return 0;
}

#ifndef AIRLOCK_LIBFUZZER
static uint64_t rng = 0x9E3779B97F4A7C15ull;

static uint32_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng >> 11);
}

static const char *const tokens[] = {"-- airlock:down\n", "-- airlock:parents none\n",
                                     "-- airlock:revision x\n", "$$", "'", "\"", "/*", "*/",
                                     ";", "(", ")", "\\i x\n", "\xff", "\xc3", "\n", "E'\\",
                                     "-- airlock:ignore syntax-error\n", "$a$", "\r\n"};

int main(int argc, char **argv)
{
    int rounds = 3000;
    const char *r = getenv("AIRLOCK_FUZZ_ROUNDS");
    if (r)
        rounds = atoi(r);
    if (argc < 2) {
        fprintf(stderr, "usage: fuzz_chain SEED_FILE...\n");
        return 2;
    }
    char *seeds[256];
    size_t seedlen[256];
    int nseeds = 0;
    for (int i = 1; i < argc && nseeds < 256; i++) {
        FILE *f = fopen(argv[i], "rb");
        if (!f)
            continue;
        seeds[nseeds] = xmalloc(1 << 16);
        seedlen[nseeds] = fread(seeds[nseeds], 1, (1 << 16) - 1, f);
        fclose(f);
        nseeds++;
    }
    size_t cap = 1 << 17;
    uint8_t *buf = xmalloc(cap);
    for (int round = 0; round < rounds; round++) {
        int s = (int)(next() % (uint32_t)nseeds);
        size_t len = seedlen[s];
        memcpy(buf, seeds[s], len);
        int muts = 1 + (int)(next() % 8);
        for (int m = 0; m < muts; m++) {
            uint32_t op = next() % 6;
            size_t at = len ? next() % len : 0;
            if (op == 0 && len) {
                buf[at] ^= (uint8_t)(1u << (next() % 8));
            } else if (op == 1 && len + 64 < cap) {
                const char *t = tokens[next() % (sizeof tokens / sizeof tokens[0])];
                size_t tl = strlen(t);
                memmove(buf + at + tl, buf + at, len - at);
                memcpy(buf + at, t, tl);
                len += tl;
            } else if (op == 2 && len) {
                size_t n = 1 + next() % 16;
                if (n > len - at)
                    n = len - at;
                memmove(buf + at, buf + at + n, len - at - n);
                len -= n;
            } else if (op == 3) {
                len = at;
            } else if (op == 4 && len + 8 < cap) {
                const char sep[] = "\n=====\n";
                memmove(buf + at + 7, buf + at, len - at);
                memcpy(buf + at, sep, 7);
                len += 7;
            } else if (op == 5) {
                int o = (int)(next() % (uint32_t)nseeds);
                size_t from = seedlen[o] ? next() % seedlen[o] : 0;
                size_t n = seedlen[o] - from;
                if (len + n < cap && at <= len) {
                    memmove(buf + at + n, buf + at, len - at);
                    memcpy(buf + at, seeds[o] + from, n);
                    len += n;
                }
            }
        }
        LLVMFuzzerTestOneInput(buf, len);
    }
    printf("fuzz_chain: %d inputs, %lu statements parsed, 0 crashes\n", rounds, fuzz_stmts);
    for (int i = 0; i < nseeds; i++)
        free(seeds[i]);
    free(buf);
    return 0;
}
#endif
