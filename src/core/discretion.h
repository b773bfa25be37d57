/* discretion.h — the discretion engine (自由裁量, R10): rules are data, the
 * engine applies them to the facts of a case and says every step it took,
 * with its legal citation, in Chinese (说理式执法).
 *
 * Pure: no I/O, no globals. Everything the engine returns is allocated from
 * the caller's arena. Same input, same output.
 *
 * What is data and where it comes from:
 *  - the catalogue item version (fine range in fen, multiples of illegal
 *    gains, per-person or per-unit, tiers if the item has its own);
 *  - the legal parameters (zf_disc_params_t): thresholds the law leaves to
 *    provinces or ministry rules (较大数额, tier proportions, the 减轻 floor,
 *    …). The caller reads them from the `legal_params` table as in force on
 *    the decision date; none is a constant here.
 * What is code: the general rules of 行政处罚法 (2021), each cited where it
 * is applied (第28、32、33、36、37、51、63条).
 *
 * Money is int64 fen; no floating point anywhere. Proportions are permille
 * (‰) integers. Amounts are rounded half up to params.rounding_fen (100 =
 * whole yuan). */
#ifndef ZF_CORE_DISCRETION_H
#define ZF_CORE_DISCRETION_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/error.h"

/* The four tiers of circumstances (裁量阶次), lightest first. */
enum { ZF_TIER_MINOR, ZF_TIER_GENERAL, ZF_TIER_SERIOUS, ZF_TIER_SEVERE, ZF_TIER_COUNT };

/* "minor" → ZF_TIER_MINOR …; -1 when not a tier code. */
int zf_disc_tier_from_code(const char *code);
const char *zf_disc_tier_code(int tier); /* "minor" */
const char *zf_disc_tier_name(int tier); /* "轻微" */

/* One tier as a part of the statutory range: [from_pm, to_pm] ‰ of
 * (max − min) above min (min = 0 where the law gives only a maximum). */
typedef struct zf_disc_tier {
    int tier;              /* ZF_TIER_* */
    int from_pm, to_pm;    /* 0 <= from_pm <= to_pm <= 1000 */
    const char *condition; /* 适用条件, Chinese; may be NULL */
} zf_disc_tier_t;

/* Accident grades (事故等级, 《生产安全事故报告和调查处理条例》第3条). NONE =
 * not given / the rule does not depend on the grade. */
enum {
    ZF_GRADE_NONE,
    ZF_GRADE_GENERAL, /* 一般事故 */
    ZF_GRADE_LARGER,  /* 较大事故 */
    ZF_GRADE_MAJOR,   /* 重大事故 */
    ZF_GRADE_GRAVEST, /* 特别重大事故 */
    ZF_GRADE_COUNT
};
/* "general","larger","major","especially_major" → ZF_GRADE_*; "" → NONE; -1 otherwise. */
int zf_disc_grade_from_code(const char *code);
const char *zf_disc_grade_code(int grade); /* "general"; "" for NONE */
const char *zf_disc_grade_name(int grade); /* "一般事故" */

/* Fines that are not a fixed amount (LAW.md §3.2, §4):
 *  - ZF_RULE_INCOME: a per-mille share of the responsible person's
 *    previous-year annual income (安全生产法 第95、96、110条), possibly by
 *    accident grade (第95条: 一般40%、较大60%、重大80%、特别重大100%);
 *  - ZF_RULE_MULTIPLE: min_mult–max_mult times another fine (第114条第2款:
 *    第1款罚款数额的2倍以上5倍以下, 最高1亿元). */
enum { ZF_RULE_NONE, ZF_RULE_INCOME, ZF_RULE_MULTIPLE };

typedef struct zf_disc_income {
    int grade;          /* ZF_GRADE_*; NONE = any grade */
    int min_pm, max_pm; /* ‰ of the annual income, 0 <= min_pm <= max_pm <= 1000 */
} zf_disc_income_t;

/* A catalogue item version as the engine sees it. */
typedef struct zf_disc_item {
    const char *code; /* "AQ-099-01" */
    const char *title;
    const char *violation_basis; /* 违法依据 */
    const char *penalty_basis;   /* 处罚依据 */
    const char *target;          /* 处罚对象 */
    const char *other_measures;  /* may be "" */
    int version;                 /* 1, 2, … */
    const char *effective_from;  /* YYYY-MM-DD */
    int per_person;              /* fine is per responsible person */
    int has_min, has_max;        /* statutory fine range present? */
    int64_t fine_min, fine_max;  /* fen */
    /* 违法所得倍数: when illegal gains >= gains_threshold (fen), the fine is
     * gains × [gains_mult_min, gains_mult_max] instead of the fixed range.
     * gains_mult_max = 0: the item has no such rule. */
    int64_t gains_threshold;
    int gains_mult_min, gains_mult_max;
    const zf_disc_tier_t *tiers; /* the item's own tiering, or NULL */
    size_t ntiers;               /* must be ZF_TIER_COUNT when tiers != NULL */
    /* a fine that is not a fixed amount (no fine_min/fine_max then) */
    int rule;                       /* ZF_RULE_* */
    const zf_disc_income_t *income; /* ZF_RULE_INCOME: 1..ZF_GRADE_COUNT entries */
    size_t nincome;
    const char *base_desc;            /* ZF_RULE_MULTIPLE: what the base fine is */
    int base_mult_min, base_mult_max; /* ZF_RULE_MULTIPLE: 1..100 */
    int64_t base_cap;                 /* fen; 0 = no cap */
} zf_disc_item_t;

/* Legal parameters in force on the decision date (legal_params table). */
typedef struct zf_disc_params {
    int64_t hearing_person_fen;            /* 较大数额 for a person (听证, 第63条) */
    int64_t hearing_unit_fen;              /* 较大数额 for a unit */
    int64_t simple_person_max_fen;         /* 简易程序: 第51条 200元 */
    int64_t simple_unit_max_fen;           /* 第51条 3000元 */
    zf_disc_tier_t bounded[ZF_TIER_COUNT]; /* default tiers, range with min and max */
    zf_disc_tier_t capped[ZF_TIER_COUNT];  /* default tiers, "X元以下" only */
    int reduce_min_circumstances; /* 第32条 circumstances that give 减轻 (else 从轻) */
    int reduce_floor_pm;          /* 减轻: not below this ‰ of the statutory minimum */
    int aggravate_prior_count;    /* prior violations in the period that give 从重 */
    int limitation_years;         /* 第36条: 2 */
    int64_t rounding_fen;         /* round the recommendation to this; 100 = 1 元 */
    int unconfirmed;              /* how many of these are not yet confirmed (说明) */
} zf_disc_params_t;

/* Consequences of the violation (危害后果). */
enum { ZF_CONSEQ_NONE, ZF_CONSEQ_MINOR, ZF_CONSEQ_HARMFUL, ZF_CONSEQ_SERIOUS };
int zf_disc_conseq_from_code(const char *code); /* "none","minor","harmful","serious"; -1 */

typedef struct zf_disc_facts {
    const char *violation_date; /* YYYY-MM-DD, 违法行为发生日 */
    const char *decision_date;  /* YYYY-MM-DD, 作出决定日 */
    int tier;                   /* ZF_TIER_* */
    int first_offence;          /* 初次违法 */
    int corrected_in_time;      /* 及时改正 */
    int consequences;           /* ZF_CONSEQ_* */
    int no_fault;               /* 有证据足以证明没有主观过错 (第33条第2款) */
    /* 第32条 应当从轻或者减轻 */
    int eliminated_harm; /* (一) 主动消除或者减轻违法行为危害后果 */
    int coerced;         /* (二) 受他人胁迫或者诱骗 */
    int confessed;       /* (三) 主动供述行政机关尚未掌握的违法行为 */
    int meritorious;     /* (四) 配合查处违法行为有立功表现 */
    /* 从重 (裁量基准; the old 处罚办法 第57条 — see LAW.md §5.1) */
    int prior_violations;   /* same violation punished before within the period */
    int refused_correction; /* 拒不整改 / 整改不力 */
    int obstructed;         /* 拒绝、阻碍执法 */
    int64_t illegal_gains;  /* fen, 违法所得 */
    int persons;            /* responsible persons fined (per-person items) */
    /* for fines that are not fixed amounts (item->rule) */
    int has_income;        /* annual_income given */
    int64_t annual_income; /* fen, 上一年年收入 of the person fined (ZF_RULE_INCOME) */
    int accident_grade;    /* ZF_GRADE_*, NONE = not given */
    int has_base;          /* base_fine given */
    int64_t base_fine;     /* fen, the fine the multiple applies to (ZF_RULE_MULTIPLE) */
} zf_disc_facts_t;

#define ZF_DISC_FACTS_INIT                                                                         \
    {                                                                                              \
        NULL, NULL, ZF_TIER_GENERAL, 0, 0, ZF_CONSEQ_NONE, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0,     \
            ZF_GRADE_NONE, 0, 0                                                                    \
    }

typedef struct zf_disc_step {
    const char *text;  /* one sentence or two, Chinese */
    const char *basis; /* citation, Chinese */
} zf_disc_step_t;

typedef struct zf_disc_result {
    /* "penalty"; "no_penalty" (应当不予处罚); "no_penalty_optional" (可以不予
     * 处罚: 首违不罚, the amount is still computed, a reason must be written);
     * "no_fixed_fine" (the law sets no fixed amount: see measures). */
    const char *outcome;
    const zf_disc_item_t *applied; /* the version used */
    int used_decision_version;     /* 1: 从旧兼从轻 chose the later version */
    int tier;
    int has_range;
    int64_t range_min, range_max; /* the statutory range applied (per person) */
    const char *range_source;     /* "fixed", "gains", "income" or "multiple" */
    int rule_grade;               /* ZF_GRADE_* the income rule was applied for */
    int rule_min_pm, rule_max_pm; /* income: the ‰ applied; multiple: the multiples */
    int64_t tier_min, tier_max;   /* the tier's part of it */
    const char *adjustment;       /* "none","lighter","reduced","heavier","offset" */
    int has_amount;
    int64_t amount; /* recommended, per person for per-person items */
    int persons;
    int64_t total;        /* amount × persons */
    int64_t confiscate;   /* 没收违法所得, fen */
    int hearing;          /* 应告知听证权 (较大数额) */
    int simple_procedure; /* 可适用简易程序 (第51条) */
    int reason_required;  /* 可以不予处罚: the officer must record why */
    const char **measures;
    size_t nmeasures;
    zf_disc_step_t *steps;
    size_t nsteps;
    const char **notices;
    size_t nnotices;
} zf_disc_result_t;

/* Is s a real calendar date written YYYY-MM-DD? 1 or 0. */
int zf_disc_date_valid(const char *s);

/* "12345元" / "12345.67元" for fen, into the arena. */
const char *zf_disc_yuan(zf_arena_t *a, int64_t fen);

/* Is version b lighter than version a (从旧兼从轻 comparison)? Compares the
 * statutory maximum, then the minimum; an item with no fine at all is the
 * lightest. 1 or 0. Fixed ranges only: versions whose fine is a share of
 * income or a multiple need the case's facts (zf_disc_lighter_for). */
int zf_disc_lighter(const zf_disc_item_t *a, const zf_disc_item_t *b);
/* The same for this case: each version's range is what these facts would
 * give under it (illegal gains, the person's income and accident grade,
 * the base fine), so a fixed range, a share of income and a multiple
 * compare in fen. When a version needs a fact the case lacks, two rules of
 * the same kind compare by their shares or multiples; otherwise b is not
 * taken as lighter (the law at the violation stays, and the engine then
 * asks for the missing fact). */
int zf_disc_lighter_for(const zf_disc_item_t *a, const zf_disc_item_t *b, const zf_disc_facts_t *f);

/* Run the engine. at_violation: the item version in force on the violation
 * date (required); at_decision: the one in force on the decision date (may be
 * NULL or the same). Errors (400 with the field named): bad dates, decision
 * before violation, persons < 1, negative gains, bad tiers. */
int zf_discretion_run(zf_arena_t *a, const zf_disc_item_t *at_violation,
                      const zf_disc_item_t *at_decision, const zf_disc_params_t *params,
                      const zf_disc_facts_t *facts, zf_disc_result_t *out, zf_error_t *err);

#endif
