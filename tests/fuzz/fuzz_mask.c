/* fuzz_mask.c — libFuzzer target: masking of personal data (src/core/mask.c).
 * Input: names separated by '|' up to the first '\n', then the text. Never
 * crashes or reads out of bounds; valid UTF-8 in gives valid UTF-8 out; the
 * output never holds a resident ID number the scanner would still mask (a
 * second pass changes no ID). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/mask.h"
#include "core/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char *s = malloc(size + 1);
    memcpy(s, data, size);
    s[size] = 0;
    char *text = strchr(s, '\n');
    const char *names[8];
    size_t n = 0;
    if (text) {
        *text++ = 0;
        for (char *p = s; p && n < 8;) {
            char *bar = strchr(p, '|');
            if (bar) *bar = 0;
            names[n++] = p;
            p = bar ? bar + 1 : NULL;
        }
    } else {
        text = s;
    }
    zf_arena_t *a = zf_arena_new();
    zf_mask_counts_t c1, c2;
    const char *once = zf_mask_text(a, text, names, n, &c1);
    if (zf_utf8_valid(text, strlen(text)) && !zf_utf8_valid(once, strlen(once))) abort();
    zf_mask_text(a, once, NULL, 0, &c2);
    if (c2.ids != 0) abort();
    zf_mask_name(a, text);
    zf_mask_address(a, text);
    zf_arena_free(a);
    free(s);
    return 0;
}
