/* Unit tests for core/evaluation: the shipped standard parses and totals
 * 100; a standard that breaks a rule is refused with evaluation.bad_standard;
 * the score sheet's checks (range, problem text, missing, unknown and
 * duplicate codes) with the codes and the item named; grades at the
 * thresholds and with a veto; the sample size; and the sampled selection
 * against the draw vectors' sampler (the same Rivest picks). Stable IDs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/evaluation.h"

static json_t *load_default(void) {
    json_error_t je;
    json_t *b = json_load_file(ZF_EVALUATION_DEFAULT, JSON_REJECT_DUPLICATES, &je);
    if (!b) fail_msg("cannot read %s: %s", ZF_EVALUATION_DEFAULT, je.text);
    return b;
}

typedef struct fixture {
    zf_arena_t *a;
    json_t *body;
    zf_eval_standard_t s;
} fixture_t;

static int setup(void **state) {
    fixture_t *f = calloc(1, sizeof *f);
    f->a = zf_arena_new();
    f->body = load_default();
    zf_error_t err = {0};
    if (zf_eval_standard_parse(f->a, f->body, &f->s, &err) != 0)
        fail_msg("default standard: %s", err.message);
    *state = f;
    return 0;
}

static int teardown(void **state) {
    fixture_t *f = *state;
    json_decref(f->body);
    zf_arena_free(f->a);
    free(f);
    return 0;
}

/* S01: the shipped standard — 100 points, every item and veto with a source */
static void test_default(void **state) {
    fixture_t *f = *state;
    int64_t total = 0;
    for (size_t i = 0; i < f->s.n_items; i++) {
        total += f->s.items[i].max;
        assert_true(strlen(f->s.items[i].source) > 0);
    }
    assert_int_equal(total, 100);
    assert_true(f->s.n_vetoes >= 2);
    assert_non_null(zf_eval_veto_find(&f->s, "VETO-QUAL"));
    assert_int_equal(f->s.excellent, 90);
    assert_int_equal(f->s.pass, 70);
    assert_string_equal(f->s.grades_source, "本系统默认");
}

/* S02–S07: broken standards */
static void expect_bad(zf_arena_t *a, json_t *b, const char *needle) {
    zf_eval_standard_t s;
    zf_error_t err = {0};
    assert_int_equal(zf_eval_standard_parse(a, b, &s, &err), ZF_EINVAL);
    assert_string_equal(err.code, "evaluation.bad_standard");
    if (!strstr(err.message, needle)) fail_msg("message «%s» lacks «%s»", err.message, needle);
}

static void test_bad_standards(void **state) {
    fixture_t *f = *state;
    json_t *items0 =
        json_object_get(json_array_get(json_object_get(f->body, "groups"), 0), "items");
    json_t *it = json_array_get(items0, 0);
    json_t *b;

    b = json_deep_copy(f->body); /* S02 99 points */
    json_object_set_new(
        json_array_get(json_object_get(json_array_get(json_object_get(b, "groups"), 0), "items"),
                       0),
        "max", json_integer(4));
    expect_bad(f->a, b, "99");
    json_decref(b);

    b = json_deep_copy(f->body); /* S03 a duplicate code */
    json_t *dup = json_deep_copy(it);
    json_array_append_new(json_object_get(json_array_get(json_object_get(b, "groups"), 0), "items"),
                          dup);
    expect_bad(f->a, b, "SUB-1 重复");
    json_decref(b);

    b = json_deep_copy(f->body); /* S04 an item without source */
    json_object_del(
        json_array_get(json_object_get(json_array_get(json_object_get(b, "groups"), 1), "items"),
                       0),
        "source");
    expect_bad(f->a, b, "依据");
    json_decref(b);

    b = json_deep_copy(f->body); /* S05 thresholds out of order */
    json_object_set_new(json_object_get(b, "grades"), "pass", json_integer(95));
    expect_bad(f->a, b, "合格线");
    json_decref(b);

    b = json_deep_copy(f->body); /* S06 an unknown key */
    json_object_set_new(b, "colour", json_string("red"));
    expect_bad(f->a, b, "colour");
    json_decref(b);

    b = json_deep_copy(f->body); /* S07 a veto code that repeats an item's */
    json_object_set_new(json_array_get(json_object_get(b, "vetoes"), 0), "code",
                        json_string("SUB-1"));
    expect_bad(f->a, b, "SUB-1");
    json_decref(b);
}

/* A full sheet, every item at its maximum. */
static zf_eval_mark_t *full(fixture_t *f) {
    zf_eval_mark_t *m = zf_arena_alloc(f->a, f->s.n_items * sizeof *m);
    for (size_t i = 0; i < f->s.n_items; i++)
        m[i] =
            (zf_eval_mark_t){.code = f->s.items[i].code, .score = f->s.items[i].max, .problem = ""};
    return m;
}

static zf_eval_mark_t *mark(fixture_t *f, zf_eval_mark_t *m, const char *code) {
    for (size_t i = 0; i < f->s.n_items; i++)
        if (strcmp(m[i].code, code) == 0) return &m[i];
    fail_msg("no item %s", code);
    return NULL;
}

static void expect_refused(fixture_t *f, zf_eval_mark_t *m, size_t n, zf_eval_mark_t *v, size_t nv,
                           int status, const char *code, const char *needle) {
    zf_eval_result_t r;
    zf_error_t err = {0};
    assert_int_equal(zf_eval_check(&f->s, m, n, v, nv, &r, &err), ZF_EINVAL);
    assert_int_equal(err.status, status);
    assert_string_equal(err.code, code);
    if (!strstr(err.message, needle)) fail_msg("message «%s» lacks «%s»", err.message, needle);
}

/* C01–C08: the sheet's checks */
static void test_checks(void **state) {
    fixture_t *f = *state;
    zf_eval_mark_t *m = full(f);
    mark(f, m, "PRO-2")->score = 9; /* C01 above the maximum, the item named */
    expect_refused(f, m, f->s.n_items, NULL, 0, 422, "evaluation.score_out_of_range",
                   "PRO-2 告知与陈述申辩");
    mark(f, m, "PRO-2")->score = -1; /* C02 negative */
    expect_refused(f, m, f->s.n_items, NULL, 0, 422, "evaluation.score_out_of_range", "PRO-2");
    mark(f, m, "PRO-2")->score = 5; /* C03 a deduction needs a problem */
    expect_refused(f, m, f->s.n_items, NULL, 0, 422, "evaluation.problem_required", "PRO-2");
    mark(f, m, "PRO-2")->problem = "告知书未载明陈述申辩期限";
    zf_eval_result_t r;
    zf_error_t err = {0};
    assert_int_equal(zf_eval_check(&f->s, m, f->s.n_items, NULL, 0, &r, &err), 0); /* C04 */
    assert_int_equal(r.total, 97);
    assert_int_equal(r.grade, ZF_EVAL_EXCELLENT);
    expect_refused(f, m, f->s.n_items - 1, NULL, 0, 400, "evaluation.item_missing", /* C05 */
                   f->s.items[f->s.n_items - 1].code);
    zf_eval_mark_t *x = zf_arena_alloc(f->a, (f->s.n_items + 1) * sizeof *x);
    memcpy(x, m, f->s.n_items * sizeof *x);
    x[f->s.n_items] = (zf_eval_mark_t){.code = "XYZ-1", .score = 0, .problem = ""};
    expect_refused(f, x, f->s.n_items + 1, NULL, 0, 400, "evaluation.unknown_item",
                   "XYZ-1"); /* C06 */
    x[f->s.n_items] = m[0];
    expect_refused(f, x, f->s.n_items + 1, NULL, 0, 400, "evaluation.duplicate_item", /* C07 */
                   m[0].code);
    zf_eval_mark_t v = {.code = "VETO-QUAL", .problem = ""};
    expect_refused(f, m, f->s.n_items, &v, 1, 422, "evaluation.problem_required", /* C08 */
                   "无执法资格人员办案");
}

/* G01–G07: grades at the thresholds; a veto decides alone */
static void test_grades(void **state) {
    fixture_t *f = *state;
    assert_int_equal(zf_eval_grade(&f->s, 100, 0), ZF_EVAL_EXCELLENT);
    assert_int_equal(zf_eval_grade(&f->s, 90, 0), ZF_EVAL_EXCELLENT);
    assert_int_equal(zf_eval_grade(&f->s, 89, 0), ZF_EVAL_PASS);
    assert_int_equal(zf_eval_grade(&f->s, 70, 0), ZF_EVAL_PASS);
    assert_int_equal(zf_eval_grade(&f->s, 69, 0), ZF_EVAL_FAIL);
    assert_int_equal(zf_eval_grade(&f->s, 100, 1), ZF_EVAL_FAIL);
    assert_string_equal(zf_eval_grade_name(ZF_EVAL_FAIL), "不合格");
    zf_eval_mark_t *m = full(f);
    zf_eval_mark_t v = {.code = "VETO-POWER", .problem = "超越法定职权"};
    zf_eval_result_t r;
    zf_error_t err = {0};
    assert_int_equal(zf_eval_check(&f->s, m, f->s.n_items, &v, 1, &r, &err), 0);
    assert_int_equal(r.total, 100);
    assert_int_equal(r.vetoed, 1);
    assert_int_equal(r.grade, ZF_EVAL_FAIL);
}

/* N01–N05: the sample size; P01: the sampled selection is Rivest's
 * without repeats (the same picks as zf_draw_sample), P02 the pool hash */
static void test_sample(void **state) {
    fixture_t *f = *state;
    assert_int_equal(zf_eval_sample_size(10, 3, 0), 3);
    assert_int_equal(zf_eval_sample_size(10, 30, 0), 10);
    assert_int_equal(zf_eval_sample_size(10, 0, 25), 3); /* 2.5 rounds up */
    assert_int_equal(zf_eval_sample_size(1, 0, 1), 1);
    assert_int_equal(zf_eval_sample_size(0, 0, 50), 0);
    zf_draw_ctx_t *c = zf_draw_ctx_new();
    const char *seed = "ab,cd";
    size_t idx[4];
    uint64_t is[4], want[4];
    zf_error_t err = {0};
    assert_int_equal(zf_eval_sample(c, f->a, seed, 9, 4, idx, is, &err), 0);
    assert_int_equal(zf_draw_sample(c, f->a, seed, strlen(seed), 9, 4, 1, want, NULL, &err), 0);
    for (int j = 0; j < 4; j++) {
        assert_int_equal(idx[j] + 1, want[j]);
        uint64_t p;
        zf_draw_pick(c, seed, strlen(seed), is[j], 9, &p);
        assert_int_equal(p, want[j]);
    }
    int64_t ids[] = {3, 7, 12};
    char h[ZF_DRAW_HEX_LEN], h2[ZF_DRAW_HEX_LEN];
    assert_int_equal(zf_eval_pool_hash(c, ids, 3, h, &err), 0);
    zf_draw_sha256_hex(c, "3\n7\n12\n", 7, h2);
    assert_string_equal(h, h2);
    int64_t bad[] = {7, 3};
    assert_int_equal(zf_eval_pool_hash(c, bad, 2, h, &err), ZF_EINVAL);
    zf_draw_ctx_free(c);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_default, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_standards, setup, teardown),
        cmocka_unit_test_setup_teardown(test_checks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_grades, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sample, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
