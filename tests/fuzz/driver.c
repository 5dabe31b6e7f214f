/*
 * driver.c - the deterministic mutation driver linked into each fuzz target
 * when it is not built for libFuzzer (ctest runs it, label fuzz; it matters
 * most in the ASan+UBSan build, where a memory error or undefined behaviour
 * aborts it). A fixed xorshift seed makes every run the same inputs: the
 * seed files given on the command line, each mutated 1-8 times by bit flips,
 * insertions of the target's tokens, deletions, truncation, a
 * "\n=====\n" file split, or a splice of another seed.
 *   TARGET SEED_FILE...     AIRLOCK_FUZZ_ROUNDS=N overrides the input count
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "lint/arena.h"

#define MAX_SEEDS 512
#define MAX_SEED_BYTES (1u << 20)

static uint64_t rng = 0x9E3779B97F4A7C15ull;

static uint32_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng >> 11);
}

/* Insert n bytes at `at` if they fit. */
static void insert(uint8_t *buf, size_t *len, size_t cap, size_t at, const void *p, size_t n)
{
    if (*len + n > cap || at > *len)
        return;
    memmove(buf + at + n, buf + at, *len - at);
    memcpy(buf + at, p, n);
    *len += n;
}

int main(int argc, char **argv)
{
    int rounds = fuzz_default_rounds;
    const char *r = getenv("AIRLOCK_FUZZ_ROUNDS");
    if (r)
        rounds = atoi(r);
    static char *seeds[MAX_SEEDS];
    static size_t seedlen[MAX_SEEDS];
    int nseeds = 0;
    for (int i = 1; i < argc && nseeds < MAX_SEEDS; i++) {
        FILE *f = fopen(argv[i], "rb");
        if (!f)
            continue;
        seeds[nseeds] = xmalloc(MAX_SEED_BYTES);
        seedlen[nseeds] = fread(seeds[nseeds], 1, MAX_SEED_BYTES, f);
        fclose(f);
        nseeds++;
    }
    if (nseeds == 0) {
        fprintf(stderr, "usage: %s SEED_FILE... (no readable seed file given)\n", fuzz_name);
        return 2;
    }
    size_t cap = 2 * MAX_SEED_BYTES;
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
            } else if (op == 1) {
                const char *t = fuzz_tokens[next() % fuzz_ntokens];
                insert(buf, &len, cap, at, t, strlen(t));
            } else if (op == 2 && len) {
                size_t n = 1 + next() % 16;
                if (n > len - at)
                    n = len - at;
                memmove(buf + at, buf + at + n, len - at - n);
                len -= n;
            } else if (op == 3) {
                len = at;
            } else if (op == 4) {
                insert(buf, &len, cap, at, "\n=====\n", 7);
            } else if (op == 5) {
                int o = (int)(next() % (uint32_t)nseeds);
                size_t from = seedlen[o] ? next() % seedlen[o] : 0;
                insert(buf, &len, cap, at, seeds[o] + from, seedlen[o] - from);
            }
        }
        LLVMFuzzerTestOneInput(buf, len);
    }
    printf("%s: %d inputs, 0 crashes; ", fuzz_name, rounds);
    fuzz_report();
    for (int i = 0; i < nseeds; i++)
        free(seeds[i]);
    free(buf);
    return 0;
}
