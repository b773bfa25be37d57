/* Unit tests for core/discretion: a table of scenarios with the expected
 * result worked out by hand from the law. Each row says its arithmetic.
 *
 * Fixed parameters P (the seeded defaults): 较大数额 个人1万元/单位3万元;
 * 简易程序 200元/3000元 (第51条); default tiers, range with min and max:
 * 轻微 0–250‰, 一般 250–500‰, 较重 500–750‰, 严重 750–1000‰; range with
 * only a max: 0–100‰, 100–300‰, 300–650‰, 650–1000‰; 减轻 with ≥2
 * circumstances of 第32条, floor 500‰ of the minimum; 从重 at 2 prior
 * violations; 追诉时效 2 years; rounding half up to 1元 (100 fen).
 * Engine rules: recommended = middle of the tier's part of the range; 从轻
 * = tier low + ¼ of its width; 从重 = tier low + ¾; 减轻 = the floor; all in
 * integer fen ("/" is integer division), then rounded to 1元. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "core/discretion.h"

static zf_disc_params_t P = {
    .hearing_person_fen = 1000000,
    .hearing_unit_fen = 3000000,
    .simple_person_max_fen = 20000,
    .simple_unit_max_fen = 300000,
    .bounded = {{0, 0, 250, NULL}, {1, 250, 500, NULL}, {2, 500, 750, NULL}, {3, 750, 1000, NULL}},
    .capped = {{0, 0, 100, NULL}, {1, 100, 300, NULL}, {2, 300, 650, NULL}, {3, 650, 1000, NULL}},
    .reduce_min_circumstances = 2,
    .reduce_floor_pm = 500,
    .aggravate_prior_count = 2,
    .limitation_years = 2,
    .rounding_fen = 100,
};
static zf_disc_params_t P333; /* P with the 减轻 floor at 333‰ (set in main) */

#define ITEM(code_, ver_, from_, min_, max_)                                                       \
    .code = code_, .title = "测试事项", .violation_basis = "安全生产法第35条",                     \
    .penalty_basis = "安全生产法第99条", .target = "生产经营单位", .other_measures = "",           \
    .version = ver_, .effective_from = from_, .has_min = (min_) >= 0,                              \
    .fine_min = (min_) < 0 ? 0 : (min_), .has_max = (max_) >= 0,                                   \
    .fine_max = (max_) < 0 ? 0 : (max_)

/* AQ-099-01: 5万元以下 (no minimum). */
static const zf_disc_item_t CAP50K = {ITEM("AQ-099-01", 1, "2021-09-01", -1, 5000000)};
/* its later versions for 从旧兼从轻: 3万元以下 (lighter) and 10万元以下 (heavier) */
static const zf_disc_item_t CAP30K_V2 = {ITEM("AQ-099-01", 2, "2026-02-01", -1, 3000000)};
static const zf_disc_item_t CAP100K_V2 = {ITEM("AQ-099-01", 2, "2026-02-01", -1, 10000000)};
/* AQ-092-01: 3万元以上10万元以下. */
static const zf_disc_item_t B30_100 = {ITEM("AQ-092-01", 1, "2021-09-01", 3000000, 10000000)};
/* the same range with the item's own tiers: 轻微 = the minimum, 严重 = the maximum */
static const zf_disc_tier_t own_tiers[] = {{ZF_TIER_MINOR, 0, 0, "首次，立即改正"},
                                           {ZF_TIER_GENERAL, 0, 500, NULL},
                                           {ZF_TIER_SERIOUS, 500, 1000, NULL},
                                           {ZF_TIER_SEVERE, 1000, 1000, "拒不改正"}};
static const zf_disc_item_t OWN = {ITEM("AQ-092-01", 1, "2021-09-01", 3000000, 10000000),
                                   .tiers = own_tiers, .ntiers = 4};
/* AQ-092-02: 10万–20万元; 违法所得10万元以上的2倍以上5倍以下. */
static const zf_disc_item_t GAINS = {ITEM("AQ-092-02", 1, "2021-09-01", 10000000, 20000000),
                                     .gains_threshold = 10000000, .gains_mult_min = 2,
                                     .gains_mult_max = 5};
/* AQ-097-09: 责任人员 2万–5万元, per person. */
static const zf_disc_item_t PERSON = {ITEM("AQ-097-09", 1, "2021-09-01", 2000000, 5000000),
                                      .per_person = 1};
/* AQ-093-01: no fine. */
static const zf_disc_item_t NOFINE = {ITEM("AQ-093-01", 1, "2021-09-01", -1, -1)};
/* YH-038-02: 1000–5000元. */
static const zf_disc_item_t YH = {ITEM("YH-038-02", 1, "2016-02-06", 100000, 500000)};
/* an odd maximum to show the rounding: 1234.57元以下 */
static const zf_disc_item_t ODD = {ITEM("ZZ-000-01", 1, "2021-09-01", -1, 123457)};

/* Fines that are not fixed amounts (安全生产法, LAW.md §3.2, §4). Targets are
 * persons, so 较大数额 is the person's 1万元 (per_person) except 第114条. */
#define RULEITEM(code_, basis_, target_, pp_)                                                      \
    .code = code_, .title = "测试事项", .violation_basis = "安全生产法第21条",                     \
    .penalty_basis = basis_, .target = target_, .other_measures = "", .version = 1,                \
    .effective_from = "2021-09-01", .per_person = pp_
static const zf_disc_income_t g95_1[] = {{ZF_GRADE_GENERAL, 400, 400}};
static const zf_disc_income_t g95_2[] = {{ZF_GRADE_LARGER, 600, 600}};
static const zf_disc_income_t g95_3[] = {{ZF_GRADE_MAJOR, 800, 800}};
static const zf_disc_income_t g95_4[] = {{ZF_GRADE_GRAVEST, 1000, 1000}};
static const zf_disc_income_t g96[] = {{ZF_GRADE_NONE, 200, 500}};
static const zf_disc_income_t g110[] = {{ZF_GRADE_NONE, 600, 1000}};
static const zf_disc_income_t g_two[] = {{ZF_GRADE_GENERAL, 400, 400}, {ZF_GRADE_LARGER, 600, 600}};
#define INCOME(g) .rule = ZF_RULE_INCOME, .income = g, .nincome = sizeof g / sizeof g[0]
/* AQ-095-01…04: 主要负责人, 一般40%、较大60%、重大80%、特别重大100% (第95条第1–4项) */
static const zf_disc_item_t I95_1 = {
    RULEITEM("AQ-095-01", "安全生产法第95条第1项", "主要负责人", 1), INCOME(g95_1)};
static const zf_disc_item_t I95_2 = {
    RULEITEM("AQ-095-02", "安全生产法第95条第2项", "主要负责人", 1), INCOME(g95_2)};
static const zf_disc_item_t I95_3 = {
    RULEITEM("AQ-095-03", "安全生产法第95条第3项", "主要负责人", 1), INCOME(g95_3)};
static const zf_disc_item_t I95_4 = {
    RULEITEM("AQ-095-04", "安全生产法第95条第4项", "主要负责人", 1), INCOME(g95_4)};
/* AQ-096-02: 20%以上50%以下 (第96条); AQ-110-01: 60%至100% (第110条第1款) */
static const zf_disc_item_t I96 = {RULEITEM("AQ-096-02", "安全生产法第96条", "其他负责人", 1),
                                   INCOME(g96)};
/* AQ-096-02 as a later, lighter (10%–30%) or heavier (30%–60%) version
 * effective 2026-02-01: hypothetical amendments, to test 从旧兼从轻 on fines
 * that are a share of income (第37条) */
static const zf_disc_income_t g96_light[] = {{ZF_GRADE_NONE, 100, 300}};
static const zf_disc_income_t g96_heavy[] = {{ZF_GRADE_NONE, 300, 600}};
#define RULEITEM_V2(code_, basis_, target_, pp_)                                                   \
    .code = code_, .title = "测试事项", .violation_basis = "安全生产法第21条",                     \
    .penalty_basis = basis_, .target = target_, .other_measures = "", .version = 2,                \
    .effective_from = "2026-02-01", .per_person = pp_
static const zf_disc_item_t I96_V2L = {
    RULEITEM_V2("AQ-096-02", "安全生产法第96条", "其他负责人", 1), INCOME(g96_light)};
static const zf_disc_item_t I96_V2H = {
    RULEITEM_V2("AQ-096-02", "安全生产法第96条", "其他负责人", 1), INCOME(g96_heavy)};
static const zf_disc_item_t I96_OWN = {RULEITEM("AQ-096-02", "安全生产法第96条", "其他负责人", 1),
                                       INCOME(g96), .tiers = own_tiers, .ntiers = 4};
static const zf_disc_item_t I110 = {
    RULEITEM("AQ-110-01", "安全生产法第110条第1款", "主要负责人", 1), INCOME(g110)};
static const zf_disc_item_t I110_OWN = {
    RULEITEM("AQ-110-01", "安全生产法第110条第1款", "主要负责人", 1), INCOME(g110),
    .tiers = own_tiers, .ntiers = 4};
/* a rule whose share depends on the grade the officer gives (two grades) */
static const zf_disc_item_t I_TWO = {RULEITEM("ZZ-095-00", "安全生产法第95条", "主要负责人", 1),
                                     INCOME(g_two)};
/* AQ-114-05: 第1款罚款数额的2倍以上5倍以下, 最高1亿元 (第114条第2款) */
#define MULT                                                                                       \
    .rule = ZF_RULE_MULTIPLE, .base_desc = "第114条第1款规定的罚款数额", .base_mult_min = 2,       \
    .base_mult_max = 5, .base_cap = 10000000000LL
static const zf_disc_item_t M114 = {
    RULEITEM("AQ-114-05", "安全生产法第114条第2款", "生产经营单位", 0), MULT};
static const zf_disc_item_t M114_OWN = {
    RULEITEM("AQ-114-05", "安全生产法第114条第2款", "生产经营单位", 0), MULT, .tiers = own_tiers,
    .ntiers = 4};
/* bad data: a rule and a fixed range together */
static const zf_disc_item_t BADRULE = {ITEM("ZZ-000-02", 1, "2021-09-01", -1, 5000000), MULT};

#define NA (-1)
typedef struct row {
    const char *id;
    const zf_disc_item_t *at_violation, *at_decision;
    const zf_disc_params_t *params;
    const char *violation_date, *decision_date; /* NULL: 2026-03-01 / 2026-03-20 */
    int tier;
    int first, corrected, conseq, no_fault;
    int eliminated, coerced, confessed, meritorious;
    int prior, refused, obstructed;
    int64_t gains;
    int persons; /* 0 = 1 */
    /* expected */
    int rc;
    const char *field; /* error field */
    const char *outcome;
    int64_t amount;                                   /* NA = no amount */
    int64_t total;                                    /* NA = same as amount */
    int64_t range_min, range_max, tier_min, tier_max; /* NA = not checked */
    const char *adjustment;
    int hearing, simple; /* NA = not checked */
    int64_t confiscate;
    int used_decision;
    /* facts for fines that are not fixed amounts */
    int has_income;
    int64_t income; /* fen */
    int grade;      /* ZF_GRADE_* */
    int has_base;
    int64_t base;     /* fen */
    const char *cite; /* must appear in a step's text or basis */
} row_t;

static const row_t rows[] = {
    /* D01 5万以下, 一般 100–300‰: 5000000×100/1000 = 500000, ×300/1000 = 1500000;
     * middle 500000 + 1000000/2 = 1000000 (1万元) < 3万: no hearing */
    {"D01", &CAP50K, NULL, &P, NULL, NULL, ZF_TIER_GENERAL, .outcome = "penalty", .amount = 1000000,
     .total = NA, .range_min = 0, .range_max = 5000000, .tier_min = 500000, .tier_max = 1500000,
     .adjustment = "none", .hearing = 0, .simple = 0},
    /* D02 轻微 0–100‰ (not corrected, so punished): 0…500000, middle 250000 (2500元) ≤ 3000元 →
       简易程序 */
    {"D02", &CAP50K, NULL, &P, NULL, NULL, ZF_TIER_MINOR, .outcome = "penalty", .amount = 250000,
     .total = NA, .range_min = 0, .range_max = 5000000, .tier_min = 0, .tier_max = 500000,
     .adjustment = "none", .hearing = 0, .simple = 1},
    /* D03 严重 650–1000‰: 3250000…5000000, middle 3250000 + 875000 = 4125000 ≥ 3000000 → hearing */
    {"D03", &CAP50K, NULL, &P, NULL, NULL, ZF_TIER_SEVERE, .outcome = "penalty", .amount = 4125000,
     .total = NA, .range_min = NA, .range_max = NA, .tier_min = 3250000, .tier_max = 5000000,
     .adjustment = "none", .hearing = 1, .simple = 0},
    /* D04 较重 300–650‰: 1500000…3250000, middle 1500000 + 875000 = 2375000 < 3万 */
    {"D04", &CAP50K, NULL, &P, NULL, NULL, ZF_TIER_SERIOUS, .outcome = "penalty", .amount = 2375000,
     .total = NA, .range_min = NA, .range_max = NA, .tier_min = 1500000, .tier_max = 3250000,
     .adjustment = "none", .hearing = 0, .simple = 0},
    /* D05 3万–10万, 轻微 0–250‰: span 7000000 → 3000000…4750000, middle 3875000 ≥ 3万 → hearing */
    {"D05", &B30_100, NULL, &P, NULL, NULL, ZF_TIER_MINOR, .outcome = "penalty", .amount = 3875000,
     .total = NA, .range_min = 3000000, .range_max = 10000000, .tier_min = 3000000,
     .tier_max = 4750000, .adjustment = "none", .hearing = 1, .simple = 0},
    /* D06 严重 750–1000‰ + 拒不整改 (从重): 8250000…10000000; ¾: 8250000 + 1750000×3/4 = 9562500 */
    {"D06", &B30_100, NULL, &P, NULL, NULL, ZF_TIER_SEVERE, .refused = 1, .outcome = "penalty",
     .amount = 9562500, .total = NA, .range_min = NA, .range_max = NA, .tier_min = 8250000,
     .tier_max = 10000000, .adjustment = "heavier", .hearing = 1, .simple = 0},
    /* D07 maximum: own tiers, 严重 1000–1000‰ → 10000000 exactly (10万元) */
    {"D07", &OWN, NULL, &P, NULL, NULL, ZF_TIER_SEVERE, .outcome = "penalty", .amount = 10000000,
     .total = NA, .range_min = 3000000, .range_max = 10000000, .tier_min = 10000000,
     .tier_max = 10000000, .adjustment = "none", .hearing = 1, .simple = 0},
    /* D08 minimum: own tiers, 轻微 0–0‰ → 3000000 (3万元); = 较大数额 3万 (以上含本数) → hearing */
    {"D08", &OWN, NULL, &P, NULL, NULL, ZF_TIER_MINOR, .outcome = "penalty", .amount = 3000000,
     .total = NA, .range_min = 3000000, .range_max = 10000000, .tier_min = 3000000,
     .tier_max = 3000000, .adjustment = "none", .hearing = 1, .simple = 0},
    /* D09 减轻 (2 circumstances of 第32条): floor 3000000×500/1000 = 1500000 (1.5万元), below the
       minimum */
    {"D09", &B30_100, NULL, &P, NULL, NULL, ZF_TIER_GENERAL, .eliminated = 1, .confessed = 1,
     .outcome = "penalty", .amount = 1500000, .total = NA, .range_min = 3000000,
     .range_max = 10000000, .tier_min = 1500000, .tier_max = 3000000, .adjustment = "reduced",
     .hearing = 0, .simple = 0},
    /* D10 减轻 floor at 333‰: 3000000×333/1000 = 999000 (9990元) */
    {"D10", &B30_100, NULL, &P333, NULL, NULL, ZF_TIER_GENERAL, .coerced = 1, .meritorious = 1,
     .outcome = "penalty", .amount = 999000, .total = NA, .range_min = NA, .range_max = NA,
     .tier_min = 999000, .tier_max = 3000000, .adjustment = "reduced", .hearing = 0, .simple = 0},
    /* D11 从轻 (1 circumstance): 一般 250–500‰ → 4750000…6500000; ¼: 4750000 + 1750000/4 = 5187500
     */
    {"D11", &B30_100, NULL, &P, NULL, NULL, ZF_TIER_GENERAL, .eliminated = 1, .outcome = "penalty",
     .amount = 5187500, .total = NA, .range_min = NA, .range_max = NA, .tier_min = 4750000,
     .tier_max = 6500000, .adjustment = "lighter", .hearing = 1, .simple = 0},
    /* D12 2 circumstances but no statutory minimum → 从轻 only: 500000 + 1000000/4 = 750000 */
    {"D12", &CAP50K, NULL, &P, NULL, NULL, ZF_TIER_GENERAL, .eliminated = 1, .confessed = 1,
     .outcome = "penalty", .amount = 750000, .total = NA, .range_min = NA, .range_max = NA,
     .tier_min = 500000, .tier_max = 1500000, .adjustment = "lighter", .hearing = NA, .simple = NA},
    /* D13 从轻 and 从重 together: middle 1000000 */
    {"D13", &CAP50K, NULL, &P, NULL, NULL, ZF_TIER_GENERAL, .coerced = 1, .obstructed = 1,
     .outcome = "penalty", .amount = 1000000, .total = NA, .range_min = NA, .range_max = NA,
     .tier_min = NA, .tier_max = NA, .adjustment = "offset", .hearing = NA, .simple = NA},
    /* D14 2 prior violations (= the configured 2) → 从重: 500000 + 1000000×3/4 = 1250000 */
    {"D14", &CAP50K, NULL, &P, NULL, NULL, ZF_TIER_GENERAL, .prior = 2, .outcome = "penalty",
     .amount = 1250000, .total = NA, .range_min = NA, .range_max = NA, .tier_min = NA,
     .tier_max = NA, .adjustment = "heavier", .hearing = NA, .simple = NA},
    /* D15 1 prior violation (< 2) → no adjustment: 1000000 */
    {"D15", &CAP50K, NULL, &P, NULL, NULL, ZF_TIER_GENERAL, .prior = 1, .outcome = "penalty",
     .amount = 1000000, .total = NA, .range_min = NA, .range_max = NA, .tier_min = NA,
     .tier_max = NA, .adjustment = "none", .hearing = NA, .simple = NA},
    /* D16 违法所得20万元 ≥ 10万: range 2×…5× = 40000000…100000000; 一般 250–500‰ of 60000000 →
     * 55000000…70000000, middle 62500000 (62.5万元); 没收 20000000 */
    {"D16", &GAINS, NULL, &P, NULL, NULL, ZF_TIER_GENERAL, .gains = 20000000, .outcome = "penalty",
     .amount = 62500000, .total = NA, .range_min = 40000000, .range_max = 100000000,
     .tier_min = 55000000, .tier_max = 70000000, .adjustment = "none", .hearing = 1, .simple = 0,
     .confiscate = 20000000},
    /* D17 违法所得 exactly 10万元 (以上含本数): 20000000…50000000; 一般 → 27500000…35000000, middle
       31250000 */
    {"D17", &GAINS, NULL, &P, NULL, NULL, ZF_TIER_GENERAL, .gains = 10000000, .outcome = "penalty",
     .amount = 31250000, .total = NA, .range_min = 20000000, .range_max = 50000000,
     .tier_min = 27500000, .tier_max = 35000000, .adjustment = "none", .hearing = 1, .simple = 0,
     .confiscate = 10000000},
    /* D18 违法所得 99999元 < 10万: fixed 10万–20万; 一般 → 12500000…15000000, middle 13750000; 没收
       9999900 */
    {"D18", &GAINS, NULL, &P, NULL, NULL, ZF_TIER_GENERAL, .gains = 9999900, .outcome = "penalty",
     .amount = 13750000, .total = NA, .range_min = 10000000, .range_max = 20000000,
     .tier_min = 12500000, .tier_max = 15000000, .adjustment = "none", .hearing = 1, .simple = 0,
     .confiscate = 9999900},
    /* D19 no illegal gains: the fixed range, nothing to confiscate: 13750000 */
    {"D19", &GAINS, NULL, &P, NULL, NULL, ZF_TIER_GENERAL, .outcome = "penalty", .amount = 13750000,
     .total = NA, .range_min = 10000000, .range_max = 20000000, .tier_min = NA, .tier_max = NA,
     .adjustment = "none", .hearing = NA, .simple = NA, .confiscate = 0},
    /* D20 per person, 3 persons: 2万–5万, 一般 → 2750000…3500000, middle 3125000 each; total ×3 =
     * 9375000; 31250元 ≥ 个人1万 → hearing */
    {"D20", &PERSON, NULL, &P, NULL, NULL, ZF_TIER_GENERAL, .persons = 3, .outcome = "penalty",
     .amount = 3125000, .total = 9375000, .range_min = 2000000, .range_max = 5000000,
     .tier_min = 2750000, .tier_max = 3500000, .adjustment = "none", .hearing = 1, .simple = 0},
    /* D21 per person, 1 person, 轻微: 2000000…2750000, middle 2375000 */
    {"D21", &PERSON, NULL, &P, NULL, NULL, ZF_TIER_MINOR, .outcome = "penalty", .amount = 2375000,
     .total = 2375000, .range_min = NA, .range_max = NA, .tier_min = 2000000, .tier_max = 2750000,
     .adjustment = "none", .hearing = 1, .simple = 0},
    /* D22 an item with no fine: no amount */
    {"D22", &NOFINE, NULL, &P, NULL, NULL, ZF_TIER_GENERAL, .outcome = "no_fixed_fine",
     .amount = NA, .total = NA, .range_min = NA, .range_max = NA, .tier_min = NA, .tier_max = NA,
     .adjustment = "none", .hearing = 0, .simple = 0},
    /* D23 轻微 + 及时改正 + 无危害后果 → 应当不予处罚 (第33条第1款) */
    {"D23", &CAP50K, NULL, &P, NULL, NULL, ZF_TIER_MINOR, .corrected = 1, .outcome = "no_penalty",
     .amount = NA, .total = NA, .range_min = NA, .range_max = NA, .tier_min = NA, .tier_max = NA,
     .adjustment = "none", .hearing = 0, .simple = 0},
    /* D24 首违不罚 (初次 + 后果轻微 + 及时改正, 可以): optional, the amount still 1000000 */
    {"D24",
     &CAP50K,
     NULL,
     &P,
     NULL,
     NULL,
     ZF_TIER_GENERAL,
     .first = 1,
     .corrected = 1,
     .conseq = ZF_CONSEQ_MINOR,
     .outcome = "no_penalty_optional",
     .amount = 1000000,
     .total = NA,
     .range_min = NA,
     .range_max = NA,
     .tier_min = NA,
     .tier_max = NA,
     .adjustment = "none",
     .hearing = NA,
     .simple = NA},
    /* D25 初次 but not corrected → punished: 1000000 */
    {"D25", &CAP50K, NULL, &P, NULL, NULL, ZF_TIER_GENERAL, .first = 1, .outcome = "penalty",
     .amount = 1000000, .total = NA, .range_min = NA, .range_max = NA, .tier_min = NA,
     .tier_max = NA, .adjustment = "none", .hearing = NA, .simple = NA},
    /* D26 轻微 + corrected but with (minor) consequences, not first → punished: 250000 */
    {"D26", &CAP50K, NULL, &P, NULL, NULL, ZF_TIER_MINOR, .corrected = 1, .conseq = ZF_CONSEQ_MINOR,
     .outcome = "penalty", .amount = 250000, .total = NA, .range_min = NA, .range_max = NA,
     .tier_min = NA, .tier_max = NA, .adjustment = "none", .hearing = 0, .simple = 1},
    /* D27 no subjective fault (第33条第2款) → no penalty */
    {"D27", &B30_100, NULL, &P, NULL, NULL, ZF_TIER_SEVERE, .no_fault = 1, .outcome = "no_penalty",
     .amount = NA, .total = NA, .range_min = NA, .range_max = NA, .tier_min = NA, .tier_max = NA,
     .adjustment = "none", .hearing = 0, .simple = 0},
    /* D28 从旧兼从轻, decision version lighter (3万以下 < 5万以下) → v2: 一般 300000…900000, middle
       600000 */
    {"D28", &CAP50K, &CAP30K_V2, &P, "2026-01-10", "2026-03-01", ZF_TIER_GENERAL,
     .outcome = "penalty", .amount = 600000, .total = NA, .range_min = 0, .range_max = 3000000,
     .tier_min = 300000, .tier_max = 900000, .adjustment = "none", .hearing = NA, .simple = NA,
     .used_decision = 1},
    /* D29 从旧兼从轻, decision version heavier (10万以下) → old v1: 1000000 */
    {"D29", &CAP50K, &CAP100K_V2, &P, "2026-01-10", "2026-03-01", ZF_TIER_GENERAL,
     .outcome = "penalty", .amount = 1000000, .total = NA, .range_min = 0, .range_max = 5000000,
     .tier_min = NA, .tier_max = NA, .adjustment = "none", .hearing = NA, .simple = NA,
     .used_decision = 0},
    /* D30 the same version on both dates → used_decision 0 */
    {"D30", &CAP50K, &CAP50K, &P, NULL, NULL, ZF_TIER_GENERAL, .outcome = "penalty",
     .amount = 1000000, .total = NA, .range_min = NA, .range_max = NA, .tier_min = NA,
     .tier_max = NA, .adjustment = "none", .hearing = NA, .simple = NA, .used_decision = 0},
    /* D31 1000–5000元, 一般 250–500‰ of 400000 → 200000…300000, middle 250000 (2500元) ≤ 3000元 →
       简易 */
    {"D31", &YH, NULL, &P, NULL, NULL, ZF_TIER_GENERAL, .outcome = "penalty", .amount = 250000,
     .total = NA, .range_min = 100000, .range_max = 500000, .tier_min = 200000, .tier_max = 300000,
     .adjustment = "none", .hearing = 0, .simple = 1},
    /* D32 严重 750–1000‰ → 400000…500000, middle 450000 (4500元) > 3000元 → no 简易 */
    {"D32", &YH, NULL, &P, NULL, NULL, ZF_TIER_SEVERE, .outcome = "penalty", .amount = 450000,
     .total = NA, .range_min = NA, .range_max = NA, .tier_min = 400000, .tier_max = 500000,
     .adjustment = "none", .hearing = 0, .simple = 0},
    /* D33 rounding: 123457×100/1000 = 12345 → 12300; ×300/1000 = 37037 → 37000;
     * middle 12300 + 24700/2 = 24650 → half up → 24700 (247元) */
    {"D33", &ODD, NULL, &P, NULL, NULL, ZF_TIER_GENERAL, .outcome = "penalty", .amount = 24700,
     .total = NA, .range_min = 0, .range_max = 123457, .tier_min = 12300, .tier_max = 37000,
     .adjustment = "none", .hearing = 0, .simple = 1},
    /* D34 decision before violation → 400 decision_date */
    {"D34", &CAP50K, NULL, &P, "2026-03-20", "2026-03-01", ZF_TIER_GENERAL, .rc = ZF_EINVAL,
     .field = "decision_date"},
    /* D35 no 30 February → 400 violation_date */
    {"D35", &CAP50K, NULL, &P, "2026-02-30", "2026-03-01", ZF_TIER_GENERAL, .rc = ZF_EINVAL,
     .field = "violation_date"},
    /* D36 persons < 1 → 400 persons */
    {"D36", &PERSON, NULL, &P, NULL, NULL, ZF_TIER_GENERAL, .persons = -1, .rc = ZF_EINVAL,
     .field = "persons"},
    /* D37 negative illegal gains → 400 */
    {"D37", &GAINS, NULL, &P, NULL, NULL, ZF_TIER_GENERAL, .gains = -1, .rc = ZF_EINVAL,
     .field = "illegal_gains"},
    /* D38 no version in force at the violation → 400 catalogue.not_in_force */
    {"D38", NULL, NULL, &P, NULL, NULL, ZF_TIER_GENERAL, .rc = ZF_EINVAL,
     .field = "violation_date"},
    /* D39 2024-02-29 is a date; 2023-02-29 is not */
    {"D39", &CAP50K, NULL, &P, "2024-02-29", "2024-03-01", ZF_TIER_GENERAL, .outcome = "penalty",
     .amount = 1000000, .total = NA, .range_min = NA, .range_max = NA, .tier_min = NA,
     .tier_max = NA, .adjustment = "none", .hearing = NA, .simple = NA},
    {"D40", &CAP50K, NULL, &P, "2023-02-29", "2024-03-01", ZF_TIER_GENERAL, .rc = ZF_EINVAL,
     .field = "violation_date"},
    /* ---- fines as a share of the previous year's annual income (第95、96、110条) ---- */
    /* D41 第95条第1项 一般事故 40%: 20000000 × 400 / 1000 = 8000000 (8万元), a single amount;
     * ≥ 1万元 (person) → hearing */
    {"D41",
     &I95_1,
     NULL,
     &P,
     NULL,
     NULL,
     ZF_TIER_GENERAL,
     .outcome = "penalty",
     .amount = 8000000,
     .total = NA,
     .range_min = 8000000,
     .range_max = 8000000,
     .tier_min = 8000000,
     .tier_max = 8000000,
     .adjustment = "none",
     .hearing = 1,
     .simple = 0,
     .has_income = 1,
     .income = 20000000,
     .cite = "上一年年收入40%"},
    /* D42 第95条第2项 较大事故 60% (grade given and matching): 15000000 × 600 / 1000 = 9000000 */
    {"D42",
     &I95_2,
     NULL,
     &P,
     NULL,
     NULL,
     ZF_TIER_SEVERE,
     .outcome = "penalty",
     .amount = 9000000,
     .total = NA,
     .range_min = 9000000,
     .range_max = 9000000,
     .tier_min = 9000000,
     .tier_max = 9000000,
     .adjustment = "none",
     .hearing = 1,
     .simple = 0,
     .has_income = 1,
     .income = 15000000,
     .grade = ZF_GRADE_LARGER,
     .cite = "较大事故"},
    /* D43 第95条第3项 重大事故 80%, fen rounding: 12345678 × 800 = 9876542400, /1000 =
     * 9876542.4 → half up 9876542 (98765.42元); a single percentage is not rounded to 元 */
    {"D43",
     &I95_3,
     NULL,
     &P,
     NULL,
     NULL,
     ZF_TIER_MINOR,
     .outcome = "penalty",
     .amount = 9876542,
     .total = NA,
     .range_min = 9876542,
     .range_max = 9876542,
     .tier_min = 9876542,
     .tier_max = 9876542,
     .adjustment = "none",
     .hearing = 1,
     .simple = 0,
     .has_income = 1,
     .income = 12345678,
     .cite = "80%"},
    /* D44 第95条第4项 特别重大事故 100%: 30000000 → 30000000 */
    {"D44",
     &I95_4,
     NULL,
     &P,
     NULL,
     NULL,
     ZF_TIER_GENERAL,
     .outcome = "penalty",
     .amount = 30000000,
     .total = NA,
     .range_min = 30000000,
     .range_max = 30000000,
     .tier_min = NA,
     .tier_max = NA,
     .adjustment = "none",
     .hearing = 1,
     .simple = 0,
     .has_income = 1,
     .income = 30000000,
     .grade = ZF_GRADE_GRAVEST,
     .cite = "特别重大事故"},
    /* D45 AQ-095-01 is for 一般事故; the officer says 较大 → 400 accident_grade */
    {"D45", &I95_1, NULL, &P, NULL, NULL, ZF_TIER_GENERAL, .rc = ZF_EINVAL,
     .field = "accident_grade", .has_income = 1, .income = 20000000, .grade = ZF_GRADE_LARGER},
    /* D46 no annual income → 400 annual_income */
    {"D46", &I95_1, NULL, &P, NULL, NULL, ZF_TIER_GENERAL, .rc = ZF_EINVAL,
     .field = "annual_income"},
    /* D47 第96条 20%–50% of 10000000: 2000000…5000000; 一般 250–500‰ of 3000000:
     * 2750000…3500000, middle 3125000 (31250元) */
    {"D47",
     &I96,
     NULL,
     &P,
     NULL,
     NULL,
     ZF_TIER_GENERAL,
     .outcome = "penalty",
     .amount = 3125000,
     .total = NA,
     .range_min = 2000000,
     .range_max = 5000000,
     .tier_min = 2750000,
     .tier_max = 3500000,
     .adjustment = "none",
     .hearing = 1,
     .simple = 0,
     .has_income = 1,
     .income = 10000000,
     .cite = "20%以上50%以下"},
    /* D48 第96条 lower bound: own tiers 轻微 0–0‰ → exactly 20% = 2000000 */
    {"D48", &I96_OWN, NULL, &P, NULL, NULL, ZF_TIER_MINOR, .outcome = "penalty", .amount = 2000000,
     .total = NA, .range_min = 2000000, .range_max = 5000000, .tier_min = 2000000,
     .tier_max = 2000000, .adjustment = "none", .hearing = 1, .simple = 0, .has_income = 1,
     .income = 10000000},
    /* D49 第96条 upper bound: own tiers 严重 1000–1000‰ → exactly 50% = 5000000 */
    {"D49", &I96_OWN, NULL, &P, NULL, NULL, ZF_TIER_SEVERE, .outcome = "penalty", .amount = 5000000,
     .total = NA, .range_min = 2000000, .range_max = 5000000, .tier_min = 5000000,
     .tier_max = 5000000, .adjustment = "none", .hearing = 1, .simple = 0, .has_income = 1,
     .income = 10000000},
    /* D50 第96条, income 3333333 fen: min = ⌈3333333×200/1000⌉ = ⌈666666.6⌉ = 666667, max =
     * ⌊3333333×500/1000⌋ = ⌊1666666.5⌋ = 1666666; span 999999; 一般 250‰: 249999 → 916666 →
     * 916700; 500‰: 499999 → 1166666 → 1166700; middle 916700 + 125000 = 1041700 */
    {"D50", &I96, NULL, &P, NULL, NULL, ZF_TIER_GENERAL, .outcome = "penalty", .amount = 1041700,
     .total = NA, .range_min = 666667, .range_max = 1666666, .tier_min = 916700,
     .tier_max = 1166700, .adjustment = "none", .hearing = 1, .simple = 0, .has_income = 1,
     .income = 3333333},
    /* D51 第110条 60%–100% of 10000000: 6000000…10000000; 一般: 7000000…8000000, middle
     * 7500000 */
    {"D51",
     &I110,
     NULL,
     &P,
     NULL,
     NULL,
     ZF_TIER_GENERAL,
     .outcome = "penalty",
     .amount = 7500000,
     .total = NA,
     .range_min = 6000000,
     .range_max = 10000000,
     .tier_min = 7000000,
     .tier_max = 8000000,
     .adjustment = "none",
     .hearing = 1,
     .simple = 0,
     .has_income = 1,
     .income = 10000000,
     .cite = "第110条"},
    /* D52 第110条 bounds: own tiers 轻微 → 60% = 6000000 */
    {"D52", &I110_OWN, NULL, &P, NULL, NULL, ZF_TIER_MINOR, .outcome = "penalty", .amount = 6000000,
     .total = NA, .range_min = 6000000, .range_max = 10000000, .tier_min = NA, .tier_max = NA,
     .adjustment = "none", .hearing = NA, .simple = NA, .has_income = 1, .income = 10000000},
    /* D53 … 严重 → 100% = 10000000 */
    {"D53", &I110_OWN, NULL, &P, NULL, NULL, ZF_TIER_SEVERE, .outcome = "penalty",
     .amount = 10000000, .total = NA, .range_min = 6000000, .range_max = 10000000, .tier_min = NA,
     .tier_max = NA, .adjustment = "none", .hearing = NA, .simple = NA, .has_income = 1,
     .income = 10000000},
    /* D54 第96条 with 2 circumstances of 第32条 → 减轻: floor 2000000 × 500 / 1000 = 1000000
     * (1万元), = 较大数额 (以上含本数) → hearing */
    {"D54",
     &I96,
     NULL,
     &P,
     NULL,
     NULL,
     ZF_TIER_GENERAL,
     .eliminated = 1,
     .confessed = 1,
     .outcome = "penalty",
     .amount = 1000000,
     .total = NA,
     .range_min = 2000000,
     .range_max = 5000000,
     .tier_min = 1000000,
     .tier_max = 2000000,
     .adjustment = "reduced",
     .hearing = 1,
     .simple = 0,
     .has_income = 1,
     .income = 10000000},
    /* D55 income fines are per person (each income differs): persons 2 → 400 persons */
    {"D55", &I96, NULL, &P, NULL, NULL, ZF_TIER_GENERAL, .persons = 2, .rc = ZF_EINVAL,
     .field = "persons", .has_income = 1, .income = 10000000},
    /* D56 a share that depends on the grade, no grade given → 400 accident_grade */
    {"D56", &I_TWO, NULL, &P, NULL, NULL, ZF_TIER_GENERAL, .rc = ZF_EINVAL,
     .field = "accident_grade", .has_income = 1, .income = 10000000},
    /* D57 … 较大事故 → 60% of 10000000 = 6000000 */
    {"D57",
     &I_TWO,
     NULL,
     &P,
     NULL,
     NULL,
     ZF_TIER_GENERAL,
     .outcome = "penalty",
     .amount = 6000000,
     .total = NA,
     .range_min = 6000000,
     .range_max = 6000000,
     .tier_min = NA,
     .tier_max = NA,
     .adjustment = "none",
     .hearing = NA,
     .simple = NA,
     .has_income = 1,
     .income = 10000000,
     .grade = ZF_GRADE_LARGER,
     .cite = "60%"},
    /* D58 negative income → 400 annual_income */
    {"D58", &I96, NULL, &P, NULL, NULL, ZF_TIER_GENERAL, .rc = ZF_EINVAL, .field = "annual_income",
     .has_income = 1, .income = -1},
    /* ---- multiples of another fine (第114条第2款: 2–5倍, 最高1亿元) ---- */
    /* D59 base 50万元 = 50000000: 2× 100000000 … 5× 250000000; 一般 250–500‰ of 150000000:
     * 137500000…175000000, middle 156250000 (156.25万元) */
    {"D59",
     &M114,
     NULL,
     &P,
     NULL,
     NULL,
     ZF_TIER_GENERAL,
     .outcome = "penalty",
     .amount = 156250000,
     .total = NA,
     .range_min = 100000000,
     .range_max = 250000000,
     .tier_min = 137500000,
     .tier_max = 175000000,
     .adjustment = "none",
     .hearing = 1,
     .simple = 0,
     .has_base = 1,
     .base = 50000000,
     .cite = "2倍以上5倍以下"},
    /* D60 2×: own tiers 轻微 0‰ → 100000000 */
    {"D60", &M114_OWN, NULL, &P, NULL, NULL, ZF_TIER_MINOR, .outcome = "penalty",
     .amount = 100000000, .total = NA, .range_min = 100000000, .range_max = 250000000,
     .tier_min = 100000000, .tier_max = 100000000, .adjustment = "none", .hearing = 1, .simple = 0,
     .has_base = 1, .base = 50000000},
    /* D61 5×: own tiers 严重 1000‰ → 250000000 */
    {"D61", &M114_OWN, NULL, &P, NULL, NULL, ZF_TIER_SEVERE, .outcome = "penalty",
     .amount = 250000000, .total = NA, .range_min = 100000000, .range_max = 250000000,
     .tier_min = 250000000, .tier_max = 250000000, .adjustment = "none", .hearing = 1, .simple = 0,
     .has_base = 1, .base = 50000000},
    /* D62 the cap exactly: base 2000万元 × 5 = 1亿元 = the cap (最高可达, 含本数) */
    {"D62", &M114_OWN, NULL, &P, NULL, NULL, ZF_TIER_SEVERE, .outcome = "penalty",
     .amount = 10000000000LL, .total = NA, .range_min = 4000000000LL, .range_max = 10000000000LL,
     .tier_min = NA, .tier_max = NA, .adjustment = "none", .hearing = NA, .simple = NA,
     .has_base = 1, .base = 2000000000LL},
    /* D63 above the cap: base 3000万元: 2× 6000万 … 5× 1.5亿 → capped at 1亿元; 一般 250–500‰ of
     * 4000000000: 7000000000…8000000000, middle 7500000000 */
    {"D63",
     &M114,
     NULL,
     &P,
     NULL,
     NULL,
     ZF_TIER_GENERAL,
     .outcome = "penalty",
     .amount = 7500000000LL,
     .total = NA,
     .range_min = 6000000000LL,
     .range_max = 10000000000LL,
     .tier_min = 7000000000LL,
     .tier_max = 8000000000LL,
     .adjustment = "none",
     .hearing = 1,
     .simple = 0,
     .has_base = 1,
     .base = 3000000000LL,
     .cite = "超过法定最高额"},
    /* D64 even 2× above the cap (base 1亿元): the range is the cap alone */
    {"D64", &M114, NULL, &P, NULL, NULL, ZF_TIER_GENERAL, .outcome = "penalty",
     .amount = 10000000000LL, .total = NA, .range_min = 10000000000LL, .range_max = 10000000000LL,
     .tier_min = NA, .tier_max = NA, .adjustment = "none", .hearing = NA, .simple = NA,
     .has_base = 1, .base = 10000000000LL},
    /* D65 no base fine → 400 base_fine */
    {"D65", &M114, NULL, &P, NULL, NULL, ZF_TIER_GENERAL, .rc = ZF_EINVAL, .field = "base_fine"},
    /* D66 bad data: a rule next to a fixed range → 400 fine_rule */
    {"D66", &BADRULE, NULL, &P, NULL, NULL, ZF_TIER_GENERAL, .rc = ZF_EINVAL, .field = "fine_rule",
     .has_base = 1, .base = 100},
    /* D67 从旧兼从轻 on an income share: violation under v1 (20–50%), decision under a lighter
     * v2 (10–30%); income 10000000 → v2 range 1000000…3000000; 一般 250–500‰ of the width:
     * 1500000…2000000, middle 1750000 (the fixed-range comparison took both as "no fine") */
    {"D67",
     &I96,
     &I96_V2L,
     &P,
     "2026-01-10",
     "2026-03-01",
     ZF_TIER_GENERAL,
     .outcome = "penalty",
     .amount = 1750000,
     .total = NA,
     .range_min = 1000000,
     .range_max = 3000000,
     .tier_min = 1500000,
     .tier_max = 2000000,
     .adjustment = "none",
     .hearing = NA,
     .simple = NA,
     .used_decision = 1,
     .has_income = 1,
     .income = 10000000},
    /* D68 the later version is heavier (30–60%): the old one applies, 2000000…5000000, 一般
     * 2750000…3500000, middle 3125000 */
    {"D68",
     &I96,
     &I96_V2H,
     &P,
     "2026-01-10",
     "2026-03-01",
     ZF_TIER_GENERAL,
     .outcome = "penalty",
     .amount = 3125000,
     .total = NA,
     .range_min = 2000000,
     .range_max = 5000000,
     .tier_min = 2750000,
     .tier_max = 3500000,
     .adjustment = "none",
     .hearing = NA,
     .simple = NA,
     .used_decision = 0,
     .has_income = 1,
     .income = 10000000},
};

static int notices_mention(const zf_disc_result_t *r, const char *needle) {
    for (size_t i = 0; i < r->nnotices; i++)
        if (strstr(r->notices[i], needle)) return 1;
    return 0;
}
static int steps_cite(const zf_disc_result_t *r, const char *needle) {
    for (size_t i = 0; i < r->nsteps; i++)
        if (strstr(r->steps[i].basis, needle) || strstr(r->steps[i].text, needle)) return 1;
    return 0;
}

#define CHECK_I(what, got, want)                                                                   \
    do {                                                                                           \
        if ((int64_t)(want) != NA && (int64_t)(got) != (int64_t)(want))                            \
            fail_msg("%s: %s = %lld, expected %lld", t->id, what, (long long)(got),                \
                     (long long)(want));                                                           \
    } while (0)

static void test_table(void **state) {
    (void)state;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        const row_t *t = &rows[i];
        zf_arena_t *a = zf_arena_new();
        zf_disc_facts_t f = ZF_DISC_FACTS_INIT;
        f.violation_date = t->violation_date ? t->violation_date : "2026-03-01";
        f.decision_date = t->decision_date ? t->decision_date : "2026-03-20";
        f.tier = t->tier;
        f.first_offence = t->first;
        f.corrected_in_time = t->corrected;
        f.consequences = t->conseq;
        f.no_fault = t->no_fault;
        f.eliminated_harm = t->eliminated;
        f.coerced = t->coerced;
        f.confessed = t->confessed;
        f.meritorious = t->meritorious;
        f.prior_violations = t->prior;
        f.refused_correction = t->refused;
        f.obstructed = t->obstructed;
        f.illegal_gains = t->gains;
        f.persons = t->persons ? t->persons : 1;
        f.has_income = t->has_income;
        f.annual_income = t->income;
        f.accident_grade = t->grade;
        f.has_base = t->has_base;
        f.base_fine = t->base;
        zf_disc_result_t r;
        zf_error_t err = {0};
        int rc = zf_discretion_run(a, t->at_violation, t->at_decision, t->params, &f, &r, &err);
        if (rc != t->rc) fail_msg("%s: rc %d (%s), expected %d", t->id, rc, err.message, t->rc);
        if (rc) {
            if (strcmp(err.field, t->field) != 0)
                fail_msg("%s: error field %s, expected %s", t->id, err.field, t->field);
            assert_int_equal(err.status, 400);
            zf_arena_free(a);
            continue;
        }
        if (strcmp(r.outcome, t->outcome) != 0)
            fail_msg("%s: outcome %s, expected %s", t->id, r.outcome, t->outcome);
        if (t->amount == NA) {
            if (r.has_amount) fail_msg("%s: unexpected amount %lld", t->id, (long long)r.amount);
        } else {
            if (!r.has_amount) fail_msg("%s: no amount", t->id);
            CHECK_I("amount", r.amount, t->amount);
            CHECK_I("total", r.total, t->total == NA ? t->amount : t->total);
            CHECK_I("tier_min", r.tier_min, t->tier_min);
            CHECK_I("tier_max", r.tier_max, t->tier_max);
            /* 减轻 goes below the minimum; everything else stays inside the range */
            if (strcmp(r.adjustment, "reduced") != 0 &&
                (r.amount < r.range_min || r.amount > r.range_max))
                fail_msg("%s: amount outside the statutory range", t->id);
        }
        CHECK_I("range_min", r.range_min, t->range_min);
        CHECK_I("range_max", r.range_max, t->range_max);
        if (strcmp(r.adjustment, t->adjustment) != 0)
            fail_msg("%s: adjustment %s, expected %s", t->id, r.adjustment, t->adjustment);
        CHECK_I("hearing", r.hearing, t->hearing);
        CHECK_I("simple", r.simple_procedure, t->simple);
        CHECK_I("confiscate", r.confiscate, t->confiscate);
        CHECK_I("used_decision", r.used_decision_version, t->used_decision);
        if (t->cite && !steps_cite(&r, t->cite)) fail_msg("%s: no step says “%s”", t->id, t->cite);
        /* every result explains itself, citing 第37条 first */
        if (r.nsteps < 2 || !strstr(r.steps[0].basis, "第37条"))
            fail_msg("%s: the first step does not cite 第37条", t->id);
        zf_arena_free(a);
    }
}

/* The citations each rule must carry. */
static void test_citations(void **state) {
    (void)state;
    zf_arena_t *a = zf_arena_new();
    zf_disc_facts_t f = ZF_DISC_FACTS_INIT;
    f.violation_date = "2026-03-01";
    f.decision_date = "2026-03-20";
    zf_disc_result_t r;
    zf_error_t err;
    /* 减轻 cites 第32条; 没收 第28条第2款 */
    f.eliminated_harm = f.confessed = 1;
    f.illegal_gains = 500000;
    assert_int_equal(zf_discretion_run(a, &GAINS, NULL, &P, &f, &r, &err), 0);
    assert_true(steps_cite(&r, "第32条"));
    assert_true(steps_cite(&r, "第28条第2款"));
    assert_true(steps_cite(&r, "减轻"));
    /* 不予处罚 cites 第33条第1款 and orders education (第33条第3款) */
    zf_disc_facts_t g = ZF_DISC_FACTS_INIT;
    g.violation_date = "2026-03-01";
    g.decision_date = "2026-03-20";
    g.tier = ZF_TIER_MINOR;
    g.corrected_in_time = 1;
    assert_int_equal(zf_discretion_run(a, &CAP50K, NULL, &P, &g, &r, &err), 0);
    assert_true(steps_cite(&r, "第33条第1款"));
    assert_true(steps_cite(&r, "第33条第3款"));
    /* 从旧兼从轻 says which version it used */
    g.tier = ZF_TIER_GENERAL;
    g.corrected_in_time = 0;
    g.violation_date = "2026-01-10";
    assert_int_equal(zf_discretion_run(a, &CAP50K, &CAP30K_V2, &P, &g, &r, &err), 0);
    assert_non_null(strstr(r.steps[0].text, "本案适用第2版"));
    assert_int_equal(zf_discretion_run(a, &CAP50K, &CAP100K_V2, &P, &g, &r, &err), 0);
    assert_non_null(strstr(r.steps[0].text, "本案适用第1版"));
    /* 追诉时效: more than 2 years → a notice citing 第36条; exactly 2 years → none */
    g.violation_date = "2023-01-01";
    g.decision_date = "2025-01-02";
    assert_int_equal(zf_discretion_run(a, &CAP50K, NULL, &P, &g, &r, &err), 0);
    assert_true(notices_mention(&r, "第36条"));
    g.decision_date = "2025-01-01";
    assert_int_equal(zf_discretion_run(a, &CAP50K, NULL, &P, &g, &r, &err), 0);
    assert_false(notices_mention(&r, "第36条"));
    /* a hearing notice cites 第63条 */
    g.violation_date = "2026-03-01";
    g.decision_date = "2026-03-20";
    g.tier = ZF_TIER_SEVERE;
    assert_int_equal(zf_discretion_run(a, &CAP50K, NULL, &P, &g, &r, &err), 0);
    assert_true(notices_mention(&r, "第63条"));
    zf_arena_free(a);
}

static void test_helpers(void **state) {
    (void)state;
    zf_arena_t *a = zf_arena_new();
    assert_string_equal(zf_disc_yuan(a, 0), "0元");
    assert_string_equal(zf_disc_yuan(a, 123457), "1234.57元");
    assert_string_equal(zf_disc_yuan(a, 5000000), "50000元");
    assert_string_equal(zf_disc_yuan(a, 5), "0.05元");
    assert_true(zf_disc_date_valid("2000-02-29"));
    assert_false(zf_disc_date_valid("1900-02-29"));
    assert_false(zf_disc_date_valid("2026-13-01"));
    assert_false(zf_disc_date_valid("2026-1-01"));
    assert_false(zf_disc_date_valid(NULL));
    assert_true(zf_disc_lighter(&CAP50K, &CAP30K_V2));
    assert_false(zf_disc_lighter(&CAP50K, &CAP100K_V2));
    assert_false(zf_disc_lighter(&CAP50K, &CAP50K));
    assert_true(zf_disc_lighter(&CAP50K, &NOFINE));
    assert_int_equal(zf_disc_tier_from_code("severe"), ZF_TIER_SEVERE);
    assert_int_equal(zf_disc_tier_from_code("x"), -1);
    assert_string_equal(zf_disc_tier_name(ZF_TIER_SERIOUS), "较重");
    zf_arena_free(a);
}

int main(void) {
    P333 = P;
    P333.reduce_floor_pm = 333;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_citations),
        cmocka_unit_test(test_helpers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
