/* Unit tests for core/draw: Rivest's sampler against the public vectors,
 * sampling without replacement, pool hashing, the commitment and witness,
 * and the inspector constraints (回避, township, last draw, two certified
 * officers, workload). Each table row has a stable ID. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/draw.h"

static zf_draw_ctx_t *C;

static int setup(void **state) {
    (void)state;
    C = zf_draw_ctx_new();
    return 0;
}
static int teardown(void **state) {
    (void)state;
    zf_draw_ctx_free(C);
    return 0;
}

/* V01–V06: ../shared/domain/draw-vectors.json, copied here; their source is
 * the public repository cjerdonek/rivest-sampler-tests (tests.json, BSD
 * 3-clause), checked there against Rivest's reference implementation. With
 * replacement. */
static void test_vectors(void **state) {
    (void)state;
    static const struct {
        const char *id, *seed;
        uint64_t total;
        uint64_t expected[3];
    } v[] = {
        {"V01", "0", 1000, {905, 573, 160}},
        {"V02", "0", 2, {1, 1, 2}},
        {"V03", "1", 1000, {97, 89, 163}},
        {"V04", "0000000000", 1000, {978, 359, 132}},
        {"V05", "999999999999999999999999", 1000, {544, 800, 654}},
        {"V06", "abcde", 1000, {247, 427, 157}},
    };
    zf_arena_t *a = zf_arena_new();
    for (size_t t = 0; t < sizeof v / sizeof v[0]; t++) {
        uint64_t out[3];
        zf_error_t err = {0};
        assert_int_equal(
            zf_draw_sample(C, a, v[t].seed, strlen(v[t].seed), v[t].total, 3, 0, out, NULL, &err),
            0);
        for (int i = 0; i < 3; i++) {
            if (out[i] != v[t].expected[i])
                fail_msg("%s: pick %d = %llu, expected %llu", v[t].id, i + 1,
                         (unsigned long long)out[i], (unsigned long long)v[t].expected[i]);
            uint64_t p;
            assert_int_equal(
                zf_draw_pick(C, v[t].seed, strlen(v[t].seed), (uint64_t)i + 1, v[t].total, &p), 0);
            assert_int_equal(p, v[t].expected[i]);
        }
    }
    zf_arena_free(a);
}

/* P01–P05: picks for larger i and totals up to 2^48, computed with Python's
 * hashlib and arbitrary-precision integers (int.from_bytes(sha256(...),
 * "big") % N + 1) as an independent reference. */
static void test_picks(void **state) {
    (void)state;
    static const struct {
        const char *id, *seed;
        uint64_t i, total, expected;
    } t[] = {
        {"P01", "0", 10, 1000, 970},
        {"P02", "0", 100, 1000, 116},
        {"P03", "0", 12345, 1000, 756},
        {"P04", "abcde", 99, 281474976710656ULL, 231185888236135ULL},
        {"P05", "abcde", 1000000, 281474976710655ULL, 189343537925975ULL},
    };
    for (size_t k = 0; k < sizeof t / sizeof t[0]; k++) {
        uint64_t p = 0;
        assert_int_equal(zf_draw_pick(C, t[k].seed, strlen(t[k].seed), t[k].i, t[k].total, &p), 0);
        if (p != t[k].expected)
            fail_msg("%s: %llu, expected %llu", t[k].id, (unsigned long long)p,
                     (unsigned long long)t[k].expected);
    }
}

/* W01–W05: without replacement. */
static void test_no_repeats(void **state) {
    (void)state;
    zf_arena_t *a = zf_arena_new();
    zf_error_t err = {0};
    uint64_t out[16], draws = 0;
    /* W01: seed "0", total 2: with replacement 1, 1, 2 — without: 1, 2 after
     * three draws (the second 1 is skipped) */
    assert_int_equal(zf_draw_sample(C, a, "0", 1, 2, 2, 1, out, &draws, &err), 0);
    assert_int_equal(out[0], 1);
    assert_int_equal(out[1], 2);
    assert_int_equal(draws, 3);
    /* W02: the whole population, each value once */
    assert_int_equal(zf_draw_sample(C, a, "abcde", 5, 16, 16, 1, out, &draws, &err), 0);
    int seen[17] = {0};
    for (int i = 0; i < 16; i++) {
        assert_true(out[i] >= 1 && out[i] <= 16);
        assert_int_equal(seen[out[i]]++, 0);
    }
    assert_true(draws >= 16);
    /* W03: the first picks agree with the vector when there is no repeat */
    assert_int_equal(zf_draw_sample(C, a, "0", 1, 1000, 3, 1, out, NULL, &err), 0);
    assert_int_equal(out[0], 905);
    assert_int_equal(out[1], 573);
    assert_int_equal(out[2], 160);
    /* W04: more than the population without replacement */
    assert_int_equal(zf_draw_sample(C, a, "0", 1, 3, 4, 1, out, NULL, &err), ZF_EINVAL);
    assert_string_equal(err.code, "draw.count_too_large");
    /* W05: totals out of range */
    assert_int_equal(zf_draw_sample(C, a, "0", 1, 0, 1, 0, out, NULL, &err), ZF_EINVAL);
    assert_int_equal(zf_draw_sample(C, a, "0", 1, ZF_DRAW_MAX_TOTAL + 1, 1, 0, out, NULL, &err),
                     ZF_EINVAL);
    assert_int_equal(zf_draw_sample(C, a, "0", 1, ZF_DRAW_MAX_TOTAL, 1, 0, out, NULL, &err), 0);
    zf_arena_free(a);
}

/* H01–H06: pool hashes are the SHA-256 of the documented lines. */
static void test_hashes(void **state) {
    (void)state;
    zf_error_t err = {0};
    char h[ZF_DRAW_HEX_LEN], want[ZF_DRAW_HEX_LEN];
    zf_draw_enterprise_t e[] = {{1, "91341500MA2N0001X1", 7, "甲公司"},
                                {5, "91341500MA2N0005X5", 8, "乙公司"}};
    assert_int_equal(zf_draw_hash_enterprises(C, e, 2, h, &err), 0);
    const char *lines = "1,91341500MA2N0001X1,7,甲公司\n5,91341500MA2N0005X5,8,乙公司\n";
    zf_draw_sha256_hex(C, lines, strlen(lines), want);
    assert_string_equal(h, want); /* H01 */
    zf_draw_sha256_hex(C, "", 0, want);
    assert_int_equal(zf_draw_hash_enterprises(C, e, 0, h, &err), 0);
    assert_string_equal(h, want); /* H02: the empty pool */
    assert_string_equal(h, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    zf_draw_enterprise_t unsorted[] = {e[1], e[0]};
    assert_int_equal(zf_draw_hash_enterprises(C, unsorted, 2, h, &err), ZF_EINVAL); /* H03 */
    zf_draw_enterprise_t comma[] = {{1, "9134,", 7, "x"}};
    assert_int_equal(zf_draw_hash_enterprises(C, comma, 1, h, &err), ZF_EINVAL); /* H04 */
    zf_draw_inspector_t p[] = {{3, "AH-001", 0, "张伟"}, {4, "AH-002", 9, "孙丽"}};
    assert_int_equal(zf_draw_hash_inspectors(C, p, 2, h, &err), 0);
    const char *pl = "3,AH-001,0,张伟\n4,AH-002,9,孙丽\n";
    zf_draw_sha256_hex(C, pl, strlen(pl), want);
    assert_string_equal(h, want); /* H05 */
    zf_draw_exclusion_t x[] = {{1, 3, "last_draw"}, {1, 3, "relation"}, {5, 4, "relation"}};
    assert_int_equal(zf_draw_hash_exclusions(C, x, 3, h, &err), 0);
    const char *xl = "1,3,last_draw\n1,3,relation\n5,4,relation\n";
    zf_draw_sha256_hex(C, xl, strlen(xl), want);
    assert_string_equal(h, want); /* H06 */
    /* H07: multi-digit numbers are written in full */
    zf_draw_enterprise_t big[] = {{1234567890123, "X", 100, "n"}, {1234567890124, "Y", 10, "m"}};
    assert_int_equal(zf_draw_hash_enterprises(C, big, 2, h, &err), 0);
    const char *bl = "1234567890123,X,100,n\n1234567890124,Y,10,m\n";
    zf_draw_sha256_hex(C, bl, strlen(bl), want);
    assert_string_equal(h, want);
    zf_draw_exclusion_t xbad[] = {{1, 3, "friend"}};
    assert_int_equal(zf_draw_hash_exclusions(C, xbad, 1, h, &err), ZF_EINVAL);
}

/* S01–S06: commitment, witness, seed. */
static void test_seed(void **state) {
    (void)state;
    zf_arena_t *a = zf_arena_new();
    zf_error_t err = {0};
    char cm[ZF_DRAW_HEX_LEN], want[ZF_DRAW_HEX_LEN];
    const char *secret = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
    assert_int_equal(zf_draw_commitment(C, secret, cm, &err), 0);
    zf_draw_sha256_hex(C, secret, 64, want);
    assert_string_equal(cm, want); /* S01: SHA-256 of the hex text */
    assert_int_equal(zf_draw_commitment(C, "00112233", cm, &err), ZF_EINVAL); /* S02 */
    assert_int_equal(
        zf_draw_commitment(C, "00112233445566778899AABBCCDDEEFF00112233445566778899aabbccddeeff",
                           cm, &err),
        ZF_EINVAL); /* S03: upper case is not the canonical text */
    static const struct {
        const char *id, *in, *out; /* out NULL = refused */
    } w[] = {
        {"S04a", "  2026春 见证  ", "2026春 见证"},
        {"S04b", "", NULL},
        {"S04c", "   ", NULL},
        {"S04d",
         "a\x01"
         "b",
         NULL},
        {"S04e",
         "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四"
         "五六七八九十一二三四五六七八九十一二三四",
         "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四"
         "五六七八九十一二三四五六七八九十一二三四"}, /* 64 code points */
        {"S04f",
         "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四"
         "五六七八九十一二三四五六七八九十一二三四五",
         NULL}, /* 65 */
        {"S04g", "\xff\xfe", NULL},
        {"S04h", "a\nb", NULL},
    };
    for (size_t i = 0; i < sizeof w / sizeof w[0]; i++) {
        const char *out = NULL;
        int rc = zf_draw_witness_check(a, w[i].in, &out, &err);
        if (w[i].out) {
            if (rc != 0) fail_msg("%s refused", w[i].id);
            assert_string_equal(out, w[i].out);
        } else if (rc == 0) {
            fail_msg("%s accepted", w[i].id);
        }
    }
    assert_string_equal(zf_draw_seed(a, "s", "w", "e", "i", "x"), "s,w,e,i,x"); /* S05 */
    /* S06: the target count */
    assert_int_equal(zf_draw_target(1000000, 0, 50), 50000);
    assert_int_equal(zf_draw_target(10, 0, 50), 1); /* 0.5 rounds up */
    assert_int_equal(zf_draw_target(0, 0, 50), 0);
    assert_int_equal(zf_draw_target(10, 20, 0), 10);
    assert_int_equal(zf_draw_target(10, 3, 500), 3);
    assert_int_equal(zf_draw_target(10, 0, 1000), 10);
    zf_arena_free(a);
}

/* A small district: 10 enterprises in townships 100 and 200, inspectors
 * 1–4 of the brigade (scope 0), 5–6 of township 100, 7 of township 200. */
static zf_draw_enterprise_t E[] = {
    {11, "C11", 100, "E11"}, {12, "C12", 100, "E12"}, {13, "C13", 200, "E13"},
    {14, "C14", 200, "E14"}, {15, "C15", 100, "E15"}, {16, "C16", 100, "E16"},
    {17, "C17", 200, "E17"}, {18, "C18", 100, "E18"}, {19, "C19", 200, "E19"},
    {20, "C20", 100, "E20"},
};
static zf_draw_inspector_t P[] = {
    {1, "P1", 0, "甲"},   {2, "P2", 0, "乙"},   {3, "P3", 0, "丙"},   {4, "P4", 0, "丁"},
    {5, "P5", 100, "戊"}, {6, "P6", 100, "己"}, {7, "P7", 200, "庚"},
};

static int run(zf_arena_t *a, const char *seed, const zf_draw_inspector_t *p, size_t np,
               const zf_draw_exclusion_t *x, size_t nx, size_t count, int per,
               zf_draw_pick_row_t **rows, zf_error_t *err) {
    zf_draw_input_t in = {seed, E, 10, p, np, x, nx, count, per};
    return zf_draw_run(C, a, &in, rows, err);
}

static int team_has(const zf_draw_pick_row_t *r, int per, const zf_draw_inspector_t *p,
                    int64_t id) {
    for (int j = 0; j < per; j++)
        if (p[r->officers[j]].id == id) return 1;
    return 0;
}

/* R01–R08: the draw and its constraints. */
static void test_run(void **state) {
    (void)state;
    zf_arena_t *a = zf_arena_new();
    zf_error_t err = {0};
    zf_draw_pick_row_t *rows = NULL;
    /* R01: all ten, two each: distinct enterprises, two distinct inspectors,
     * township inspectors only at home */
    assert_int_equal(run(a, "seed", P, 7, NULL, 0, 10, 2, &rows, &err), 0);
    int seen[10] = {0};
    int load[8] = {0};
    for (size_t k = 0; k < 10; k++) {
        assert_int_equal(rows[k].k, k + 1);
        assert_int_equal(seen[rows[k].enterprise]++, 0);
        const zf_draw_enterprise_t *e = &E[rows[k].enterprise];
        assert_int_not_equal(rows[k].officers[0], rows[k].officers[1]);
        for (int j = 0; j < 2; j++) {
            const zf_draw_inspector_t *p = &P[rows[k].officers[j]];
            assert_true(p->scope_unit_id == 0 || p->scope_unit_id == e->unit_id);
            load[p->id]++;
        }
    }
    /* R02: workload spread: 20 assignments over 7 people, nobody more than
     * one above anybody else who could have gone (brigade 1–4 serve all) */
    int lo = 99, hi = 0;
    for (int i = 1; i <= 4; i++) {
        if (load[i] < lo) lo = load[i];
        if (load[i] > hi) hi = load[i];
    }
    assert_true(hi - lo <= 1);
    /* R03: the first selection is the sampler's own without-replacement
     * sample over 10 */
    uint64_t s[10];
    assert_int_equal(zf_draw_sample(C, a, "seed", 4, 10, 10, 1, s, NULL, &err), 0);
    for (size_t k = 0; k < 10; k++)
        assert_int_equal(rows[k].enterprise, s[k] - 1);
    /* R04: a conflicted officer is never drawn for that enterprise, over many
     * seeds; the last-draw pair neither */
    zf_draw_exclusion_t x[] = {{11, 1, "relation"}, {11, 2, "last_draw"}, {13, 3, "relation"}};
    for (int t = 0; t < 200; t++) {
        char seed[16];
        snprintf(seed, sizeof seed, "s%d", t);
        assert_int_equal(run(a, seed, P, 7, x, 3, 10, 2, &rows, &err), 0);
        for (size_t k = 0; k < 10; k++) {
            int64_t eid = E[rows[k].enterprise].id;
            if (eid == 11) {
                assert_false(team_has(&rows[k], 2, P, 1));
                assert_false(team_has(&rows[k], 2, P, 2));
            }
            if (eid == 13) assert_false(team_has(&rows[k], 2, P, 3));
        }
    }
    /* R05: impossible: township 200's enterprise with only one brigade
     * inspector left and its own inspector conflicted → error naming it, no rows */
    zf_draw_inspector_t few[] = {{1, "P1", 0, "甲"}, {2, "P2", 0, "乙"}, {7, "P7", 200, "庚"}};
    zf_draw_exclusion_t x2[] = {{13, 1, "relation"}, {13, 2, "last_draw"}};
    rows = NULL;
    int rc = run(a, "seed", few, 3, x2, 2, 10, 2, &rows, &err);
    assert_int_equal(rc, ZF_EINVAL);
    assert_null(rows);
    assert_string_equal(err.code, "draw.not_enough_inspectors");
    assert_non_null(strstr(err.message, "E13"));
    assert_non_null(strstr(err.message, "回避 1 名"));
    assert_non_null(strstr(err.message, "上次抽查已派 1 名"));
    /* R05b: the same pool draws fine without those exclusions */
    assert_int_equal(run(a, "seed", few, 3, NULL, 0, 10, 2, &rows, &err), 0);
    /* R06: fewer than two per enterprise refused (行政处罚法 第四十二条) */
    assert_int_equal(run(a, "seed", P, 7, NULL, 0, 3, 1, &rows, &err), ZF_EINVAL);
    assert_string_equal(err.code, "draw.bad_per_enterprise");
    /* R07: a township-100 enterprise with only township-200 and no brigade */
    zf_draw_inspector_t only200[] = {{7, "P7", 200, "庚"}, {8, "P8", 200, "辛"}};
    rows = NULL;
    assert_int_equal(run(a, "seed", only200, 2, NULL, 0, 10, 2, &rows, &err), ZF_EINVAL);
    assert_null(rows);
    assert_non_null(strstr(err.message, "非本乡镇 2 名"));
    /* R08: deterministic: the same input gives the same result */
    zf_draw_pick_row_t *r1, *r2;
    assert_int_equal(run(a, "again", P, 7, x, 3, 6, 3, &r1, &err), 0);
    assert_int_equal(run(a, "again", P, 7, x, 3, 6, 3, &r2, &err), 0);
    assert_memory_equal(r1, r2, 6 * sizeof *r1);
    zf_arena_free(a);
}

/* B01–B03: one byte changed in the seed's secret, witness or a pool changes
 * the result. */
static void test_one_byte(void **state) {
    (void)state;
    zf_arena_t *a = zf_arena_new();
    zf_error_t err = {0};
    char he[ZF_DRAW_HEX_LEN], hi[ZF_DRAW_HEX_LEN], hx[ZF_DRAW_HEX_LEN], he2[ZF_DRAW_HEX_LEN];
    assert_int_equal(zf_draw_hash_enterprises(C, E, 10, he, &err), 0);
    assert_int_equal(zf_draw_hash_inspectors(C, P, 7, hi, &err), 0);
    assert_int_equal(zf_draw_hash_exclusions(C, NULL, 0, hx, &err), 0);
    zf_draw_enterprise_t E2[10];
    memcpy(E2, E, sizeof E2);
    E2[4].credit_code = "C1S"; /* one byte of one credit code */
    assert_int_equal(zf_draw_hash_enterprises(C, E2, 10, he2, &err), 0);
    assert_string_not_equal(he, he2);
    const char *secret = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
    const char *secret2 = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeefe";
    const char *seeds[4] = {
        zf_draw_seed(a, secret, "见证2026", he, hi, hx),
        zf_draw_seed(a, secret2, "见证2026", he, hi, hx), /* B01 secret */
        zf_draw_seed(a, secret, "见证2027", he, hi, hx),  /* B02 witness */
        zf_draw_seed(a, secret, "见证2026", he2, hi, hx), /* B03 pool */
    };
    /* A draw of 5 of 10 has C(10,5)·5! = 30240 orders; compare the ordered
     * selection and assignment over a bigger sample to make a chance
     * collision negligible: 20-of-1000 sampling. */
    uint64_t base[20], other[20];
    assert_int_equal(
        zf_draw_sample(C, a, seeds[0], strlen(seeds[0]), 1000, 20, 1, base, NULL, &err), 0);
    for (int t = 1; t < 4; t++) {
        assert_int_equal(
            zf_draw_sample(C, a, seeds[t], strlen(seeds[t]), 1000, 20, 1, other, NULL, &err), 0);
        if (memcmp(base, other, sizeof base) == 0) fail_msg("B0%d: same selection", t);
    }
    zf_arena_free(a);
}

/* A01–A05: eligibility of one person (the team rule, core/officers.h). */
static void test_eligible(void **state) {
    (void)state;
    zf_officer_rules_t rules = ZF_OFFICER_RULES_INIT;
    zf_day_t day;
    assert_int_equal(zf_day_parse("2026-03-01", &day), 0);
    static const struct {
        const char *id, *kind, *status, *cert, *from, *to;
        int onboarded, ok;
    } t[] = {
        {"A01", "officer", "serving", "AH1", "2020-01-01", "2027-01-01", 1, 1},
        {"A02", "auxiliary", "serving", "AH1", "2020-01-01", "2027-01-01", 1, 0},
        {"A03", "expert", "serving", "AH1", "2020-01-01", "2027-01-01", 1, 0},
        {"A04", "officer", "serving", "AH1", "2020-01-01", "2026-02-28", 1, 0},
        {"A05", "officer", "serving", "", "", "", 1, 0},
        {"A06", "officer", "retired", "AH1", "2020-01-01", "2027-01-01", 1, 0},
        {"A07", "officer", "serving", "AH1", "2020-01-01", "2026-03-01", 1, 1},
        {"A08", "officer", "serving", "AH1", "2020-01-01", "2027-01-01", 0, 0},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        zf_officer_facts_t f = {
            1,         "x",       t[i].kind, t[i].status,
            t[i].cert, t[i].from, t[i].to,   t[i].onboarded ? day - 400 : ZF_DAY_NONE};
        if (zf_draw_inspector_eligible(&rules, day, &f) != t[i].ok) fail_msg("%s", t[i].id);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vectors),  cmocka_unit_test(test_no_repeats),
        cmocka_unit_test(test_hashes),   cmocka_unit_test(test_seed),
        cmocka_unit_test(test_run),      cmocka_unit_test(test_one_byte),
        cmocka_unit_test(test_eligible), cmocka_unit_test(test_picks),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
