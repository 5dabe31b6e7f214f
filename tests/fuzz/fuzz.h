/*
 * fuzz.h - what a fuzz target gives the deterministic mutation driver
 * (driver.c) when it is not built for libFuzzer: its entry point, its name,
 * tokens worth inserting, how many inputs a ctest run makes, and a line of
 * figures to print at the end.
 */
#ifndef AIRLOCK_FUZZ_H
#define AIRLOCK_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#ifndef AIRLOCK_LIBFUZZER
extern const char *const fuzz_name;
extern const char *const fuzz_tokens[];
extern const size_t fuzz_ntokens;
extern const int fuzz_default_rounds;
void fuzz_report(void);
#endif

#endif
