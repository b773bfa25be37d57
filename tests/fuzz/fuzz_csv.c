/* fuzz_csv.c — libFuzzer target: the CSV reader (src/io/csv.c) through its
 * fuzz entry point zf_csv_fuzz, which aborts when an invariant breaks (field
 * count or length over the caps, a field not NUL-terminated). Built by
 * tests/fuzz/meson.build in the clang fuzz build (scripts/fuzz.sh); seeds in
 * tests/fuzz/corpus/fuzz_csv/. */
#include <stddef.h>
#include <stdint.h>

#include "io/csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) { return zf_csv_fuzz(data, size); }
