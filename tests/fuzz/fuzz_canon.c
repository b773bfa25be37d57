/* fuzz_canon.c — libFuzzer target: the canonical JSON dumper. Any JSON that
 * canonicalises does so to text that is canonical itself: parsing and
 * dumping it again gives the same bytes. */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/canon.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    json_error_t jerr;
    json_t *v = json_loadb((const char *)data, size, JSON_DECODE_ANY | JSON_ALLOW_NUL, &jerr);
    if (!v) return 0;
    size_t n1 = 0;
    char *c1 = zf_canon_dump(v, &n1);
    json_decref(v);
    if (!c1) return 0;
    if (strlen(c1) > n1) abort();
    json_t *w = json_loadb(c1, n1, JSON_DECODE_ANY | JSON_ALLOW_NUL, &jerr);
    if (!w) abort(); /* canonical output must be JSON */
    size_t n2 = 0;
    char *c2 = zf_canon_dump(w, &n2);
    json_decref(w);
    if (!c2 || n1 != n2 || memcmp(c1, c2, n1) != 0) abort();
    if (!zf_canon_is_canonical(c1, n1)) abort();
    free(c1);
    free(c2);
    return 0;
}
