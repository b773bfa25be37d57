/* fuzz_evaluation.c — libFuzzer target: the case-file evaluation standard
 * and score sheet (src/core/evaluation.c). Input: a JSON standard (the
 * format of data/evaluation/default.json). Never crashes or reads out of
 * bounds; a standard that parses totals exactly 100 with thresholds in
 * order; a sheet of every item at its maximum is accepted with total 100,
 * and a sheet derived from the input bytes is either refused with a code or
 * gives a total within 0…100 and the grade zf_eval_grade computes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/evaluation.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    json_error_t je;
    json_t *b = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &je);
    if (!b) return 0;
    zf_arena_t *a = zf_arena_new();
    zf_eval_standard_t s;
    zf_error_t err = {0};
    if (zf_eval_standard_parse(a, b, &s, &err) == 0) {
        int64_t total = 0;
        for (size_t i = 0; i < s.n_items; i++)
            total += s.items[i].max;
        if (total != ZF_EVAL_TOTAL || !(0 < s.pass && s.pass < s.excellent)) abort();
        zf_eval_mark_t *m = zf_arena_alloc(a, (s.n_items ? s.n_items : 1) * sizeof *m);
        for (size_t i = 0; i < s.n_items; i++)
            m[i] = (zf_eval_mark_t){.code = s.items[i].code, .score = s.items[i].max, .problem = ""};
        zf_eval_result_t r;
        if (zf_eval_check(&s, m, s.n_items, NULL, 0, &r, &err) != 0 || r.total != ZF_EVAL_TOTAL)
            abort();
        /* scores from the input bytes, a problem on every other item */
        for (size_t i = 0; i < s.n_items; i++) {
            m[i].score = (int64_t)(data[i % size]) % (s.items[i].max + 3) - 1;
            m[i].problem = (i & 1) ? "问题" : "";
        }
        if (zf_eval_check(&s, m, s.n_items, NULL, 0, &r, &err) == 0) {
            if (r.total < 0 || r.total > ZF_EVAL_TOTAL) abort();
            if (r.grade != zf_eval_grade(&s, r.total, 0)) abort();
        } else if (!err.code[0]) {
            abort();
        }
    }
    zf_arena_free(a);
    json_decref(b);
    return 0;
}
