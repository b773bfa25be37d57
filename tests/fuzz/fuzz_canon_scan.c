/* fuzz_canon_scan.c — libFuzzer target: the one-pass scanner of canonical
 * JSON (zf_canon_scan, used by `zhifa audit verify`) gives the same verdict
 * as the reference, zf_canon_is_canonical (parse with jansson, dump, compare)
 * on every input; and on a canonical one it reports the top-level "index"
 * and "prev" that jansson parses. */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/canon.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const char *text = (const char *)data;
    zf_canon_info_t info;
    int fast = zf_canon_scan(text, size, &info);
    int slow = zf_canon_is_canonical(text, size);
    if (fast != slow) abort();
    int64_t index;
    char prev[65];
    int ev = zf_canon_scan_event(text, size, &index, prev);
    if (!fast) {
        if (ev) abort();
        return 0;
    }
    json_error_t jerr;
    json_t *v = json_loadb(text, size, JSON_DECODE_ANY | JSON_ALLOW_NUL, &jerr);
    if (!v) abort();
    json_t *strict = json_loadb(text, size, JSON_DECODE_ANY, &jerr);
    if (info.has_nul != (strict == NULL)) abort();
    json_decref(strict);
    if (info.is_object != json_is_object(v)) abort();
    json_t *ji = json_is_object(v) ? json_object_get(v, "index") : NULL;
    json_t *jp = json_is_object(v) ? json_object_get(v, "prev") : NULL;
    if (info.has_index != json_is_integer(ji)) abort();
    if (info.has_index && info.index != json_integer_value(ji)) abort();
    if ((info.prev != NULL) != json_is_string(jp)) abort();
    if (info.prev && !info.prev_escaped &&
        (info.prev_len != json_string_length(jp) ||
         memcmp(info.prev, json_string_value(jp), info.prev_len) != 0))
        abort();
    int want = json_is_object(v) && !info.has_nul && json_is_integer(ji) && json_is_string(jp) &&
               !info.prev_escaped && json_string_length(jp) <= 64;
    if (ev != want) abort();
    if (ev && (index != json_integer_value(ji) || strcmp(prev, json_string_value(jp)) != 0))
        abort();
    json_decref(v);
    return 0;
}
