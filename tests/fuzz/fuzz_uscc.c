/* fuzz_uscc.c — libFuzzer target: the unified social credit code check
 * (src/core/uscc.c). Never crashes; a valid code has 18 characters whose
 * 18th is the check character of the first 17; messages are NUL-terminated. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/uscc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char *s = malloc(size + 1);
    memcpy(s, data, size);
    s[size] = 0;
    zf_uscc_result_t r;
    memset(&r, 0x41, sizeof r);
    zf_uscc_check(s, &r);
    if (!memchr(r.reason, 0, sizeof r.reason) || !memchr(r.normalized, 0, sizeof r.normalized))
        abort();
    if (r.valid) {
        if (strlen(r.normalized) != ZF_USCC_LEN) abort();
        if (zf_uscc_check_char(r.normalized) != r.normalized[17]) abort();
    }
    free(s);
    return 0;
}
