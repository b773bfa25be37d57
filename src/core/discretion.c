/* discretion.c — see discretion.h. The order of the steps follows the order
 * in which an officer reasons in a case file:
 *   1. which version of the rule applies (从旧兼从轻, 第37条);
 *   2. the legal basis of the violation and of the penalty;
 *   3. whether to punish at all (第33条);
 *   4. the statutory range (fixed, or a multiple of illegal gains);
 *   5. the tier of circumstances and its part of the range;
 *   6. 从轻 / 减轻 (第32条) and 从重;
 *   7. the recommended amount and its rounding; per person; 没收违法所得;
 *   8. what follows from the amount (听证, 简易程序) and the time limit. */
#include "core/discretion.h"

#include <stdio.h>
#include <string.h>

#define LAW_APL "《中华人民共和国行政处罚法》"
#define BASIS_TIERS                                                                                                                 \
    "《应急管理行政裁量权基准暂行规定》（应急管理部令第12号）；阶次比例为本系统按生效日期" \
    "配置的参数"

static const char *const tier_codes[ZF_TIER_COUNT] = {"minor", "general", "serious", "severe"};
static const char *const tier_names[ZF_TIER_COUNT] = {"轻微", "一般", "较重", "严重"};

int zf_disc_tier_from_code(const char *code) {
    if (!code) return -1;
    for (int i = 0; i < ZF_TIER_COUNT; i++)
        if (strcmp(tier_codes[i], code) == 0) return i;
    return -1;
}
const char *zf_disc_tier_code(int tier) {
    return tier >= 0 && tier < ZF_TIER_COUNT ? tier_codes[tier] : "";
}
const char *zf_disc_tier_name(int tier) {
    return tier >= 0 && tier < ZF_TIER_COUNT ? tier_names[tier] : "";
}

static const char *const grade_codes[ZF_GRADE_COUNT] = {"", "general", "larger", "major",
                                                        "especially_major"};
static const char *const grade_names[ZF_GRADE_COUNT] = {"", "一般事故", "较大事故", "重大事故",
                                                        "特别重大事故"};

int zf_disc_grade_from_code(const char *code) {
    if (!code) return ZF_GRADE_NONE;
    for (int i = 0; i < ZF_GRADE_COUNT; i++)
        if (strcmp(grade_codes[i], code) == 0) return i;
    return -1;
}
const char *zf_disc_grade_code(int grade) {
    return grade >= 0 && grade < ZF_GRADE_COUNT ? grade_codes[grade] : "";
}
const char *zf_disc_grade_name(int grade) {
    return grade >= 0 && grade < ZF_GRADE_COUNT ? grade_names[grade] : "";
}

int zf_disc_conseq_from_code(const char *code) {
    static const char *const codes[] = {"none", "minor", "harmful", "serious"};
    if (!code) return -1;
    for (int i = 0; i < 4; i++)
        if (strcmp(codes[i], code) == 0) return i;
    return -1;
}

static int digits(const char *s, int n) {
    for (int i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9') return 0;
    return 1;
}

int zf_disc_date_valid(const char *s) {
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-') return 0;
    if (!digits(s, 4) || !digits(s + 5, 2) || !digits(s + 8, 2)) return 0;
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int m = (s[5] - '0') * 10 + (s[6] - '0');
    int d = (s[8] - '0') * 10 + (s[9] - '0');
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1900 || m < 1 || m > 12 || d < 1) return 0;
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    int max = mdays[m - 1] + (m == 2 && leap);
    return d <= max;
}

const char *zf_disc_yuan(zf_arena_t *a, int64_t fen) {
    const char *sign = fen < 0 ? "-" : "";
    int64_t v = fen < 0 ? -fen : fen;
    if (v % 100 == 0) return zf_arena_printf(a, "%s%lld元", sign, (long long)(v / 100));
    return zf_arena_printf(a, "%s%lld.%02lld元", sign, (long long)(v / 100), (long long)(v % 100));
}

/* Half up to a multiple of unit (unit >= 1); x >= 0. */
static int64_t round_to(int64_t x, int64_t unit) {
    if (unit <= 1) return x;
    return (x + unit / 2) / unit * unit;
}

/* Severity key of a version's fixed range: (hi, lo). No fine at all is 0. */
static void severity(const zf_disc_item_t *it, int64_t *hi, int64_t *lo) {
    *lo = it->has_min ? it->fine_min : 0;
    if (it->has_max)
        *hi = it->fine_max;
    else if (it->has_min)
        *hi = INT64_MAX;
    else
        *hi = 0;
}

/* The share of income that applies to these facts (NULL: none fits). */
static const zf_disc_income_t *income_entry(const zf_disc_item_t *it, const zf_disc_facts_t *f) {
    if (it->nincome == 0) return NULL;
    if (it->income[0].grade == ZF_GRADE_NONE) return &it->income[0];
    if (f->accident_grade == ZF_GRADE_NONE) return it->nincome == 1 ? &it->income[0] : NULL;
    for (size_t i = 0; i < it->nincome; i++)
        if (it->income[i].grade == f->accident_grade) return &it->income[i];
    return NULL;
}

/* Severity key (hi, lo) in fen of a version for these facts, as
 * zf_discretion_run would compute the range; 0 when a fact is missing. */
static int severity_for(const zf_disc_item_t *it, const zf_disc_facts_t *f, int64_t *hi,
                        int64_t *lo) {
    if (it->gains_mult_max > 0 && f->illegal_gains > 0 && f->illegal_gains >= it->gains_threshold) {
        *lo = f->illegal_gains * it->gains_mult_min;
        *hi = f->illegal_gains * it->gains_mult_max;
        return 1;
    }
    if (it->rule == ZF_RULE_INCOME) {
        const zf_disc_income_t *e = income_entry(it, f);
        if (!e || !f->has_income) return 0;
        *lo = (f->annual_income * e->min_pm + 999) / 1000;
        *hi = f->annual_income * e->max_pm / 1000;
        return 1;
    }
    if (it->rule == ZF_RULE_MULTIPLE) {
        if (!f->has_base) return 0;
        *lo = f->base_fine * it->base_mult_min;
        *hi = f->base_fine * it->base_mult_max;
        if (it->base_cap > 0 && *hi > it->base_cap) *hi = it->base_cap;
        if (it->base_cap > 0 && *lo > it->base_cap) *lo = it->base_cap;
        return 1;
    }
    severity(it, hi, lo);
    return 1;
}

int zf_disc_lighter_for(const zf_disc_item_t *a, const zf_disc_item_t *b,
                        const zf_disc_facts_t *f) {
    int64_t ahi, alo, bhi, blo;
    if (severity_for(a, f, &ahi, &alo) && severity_for(b, f, &bhi, &blo)) {
        if (bhi != ahi) return bhi < ahi;
        if (blo != alo) return blo < alo;
        return b->gains_mult_max < a->gains_mult_max;
    }
    /* a fact is missing: compare like with like only */
    if (a->rule == ZF_RULE_INCOME && b->rule == ZF_RULE_INCOME) {
        const zf_disc_income_t *ea = income_entry(a, f), *eb = income_entry(b, f);
        if (!ea || !eb) return 0;
        return eb->max_pm != ea->max_pm ? eb->max_pm < ea->max_pm : eb->min_pm < ea->min_pm;
    }
    if (a->rule == ZF_RULE_MULTIPLE && b->rule == ZF_RULE_MULTIPLE)
        return b->base_mult_max != a->base_mult_max ? b->base_mult_max < a->base_mult_max
                                                    : b->base_mult_min < a->base_mult_min;
    return 0;
}

int zf_disc_lighter(const zf_disc_item_t *a, const zf_disc_item_t *b) {
    int64_t ahi, alo, bhi, blo;
    severity(a, &ahi, &alo);
    severity(b, &bhi, &blo);
    if (bhi != ahi) return bhi < ahi;
    if (blo != alo) return blo < alo;
    /* same fixed range: fewer multiples of gains is lighter */
    return b->gains_mult_max < a->gains_mult_max;
}

/* ---- collecting the answer ---- */

typedef struct builder {
    zf_arena_t *a;
    zf_disc_result_t *r;
    size_t cap_steps, cap_measures, cap_notices;
} builder_t;

static void step(builder_t *b, const char *basis, const char *text) {
    zf_disc_result_t *r = b->r;
    r->steps = zf_arena_reserve(b->a, r->steps, &b->cap_steps, r->nsteps, sizeof *r->steps);
    r->steps[r->nsteps].text = text;
    r->steps[r->nsteps].basis = basis;
    r->nsteps++;
}

static void measure(builder_t *b, const char *text) {
    zf_disc_result_t *r = b->r;
    r->measures =
        zf_arena_reserve(b->a, r->measures, &b->cap_measures, r->nmeasures, sizeof *r->measures);
    r->measures[r->nmeasures++] = text;
}

static void notice(builder_t *b, const char *text) {
    zf_disc_result_t *r = b->r;
    r->notices =
        zf_arena_reserve(b->a, r->notices, &b->cap_notices, r->nnotices, sizeof *r->notices);
    r->notices[r->nnotices++] = text;
}

static const char *range_text(zf_arena_t *a, const zf_disc_item_t *it) {
    if (it->has_min && it->has_max)
        return zf_arena_printf(a, "%s以上%s以下罚款", zf_disc_yuan(a, it->fine_min),
                               zf_disc_yuan(a, it->fine_max));
    if (it->has_max) return zf_arena_printf(a, "%s以下罚款", zf_disc_yuan(a, it->fine_max));
    if (it->has_min) return zf_arena_printf(a, "%s以上罚款", zf_disc_yuan(a, it->fine_min));
    return "无固定罚款数额";
}

static const char *version_text(zf_arena_t *a, const zf_disc_item_t *it) {
    return zf_arena_printf(a, "第%d版（%s起施行，%s）", it->version, it->effective_from,
                           range_text(a, it));
}

static int bad(zf_error_t *err, const char *field, const char *msg) {
    return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", field, "%s", msg);
}

static int check_tiers(const zf_disc_tier_t *t, size_t n, zf_error_t *err) {
    if (n != ZF_TIER_COUNT) return bad(err, "tiers", "裁量阶次应为轻微、一般、较重、严重四档");
    for (size_t i = 0; i < n; i++)
        if (t[i].tier != (int)i || t[i].from_pm < 0 || t[i].from_pm > t[i].to_pm ||
            t[i].to_pm > 1000)
            return bad(err, "tiers", "裁量阶次比例应在0‰至1000‰之间，且下限不大于上限");
    return 0;
}

static int check_facts(const zf_disc_facts_t *f, zf_error_t *err) {
    if (!zf_disc_date_valid(f->violation_date))
        return bad(err, "violation_date", "违法行为发生日期应为有效日期，格式 YYYY-MM-DD");
    if (!zf_disc_date_valid(f->decision_date))
        return bad(err, "decision_date", "作出决定日期应为有效日期，格式 YYYY-MM-DD");
    if (strcmp(f->decision_date, f->violation_date) < 0)
        return bad(err, "decision_date", "作出决定日期不能早于违法行为发生日期");
    if (f->tier < 0 || f->tier >= ZF_TIER_COUNT)
        return bad(err, "tier",
                   "情节阶次应为 minor（轻微）、general（一般）、serious（较重）或 "
                   "severe（严重）");
    if (f->consequences < ZF_CONSEQ_NONE || f->consequences > ZF_CONSEQ_SERIOUS)
        return bad(
            err, "consequences",
            "危害后果应为 none（无）、minor（轻微）、harmful（有危害后果）或 serious（严重）");
    if (f->persons < 1 || f->persons > 1000)
        return bad(err, "persons", "受处罚人数应为1至1000之间的整数");
    /* 1e15 fen = 10万亿元: far above any case, far below overflow with ×5 */
    if (f->illegal_gains < 0 || f->illegal_gains > 1000000000000000LL)
        return bad(err, "illegal_gains", "违法所得（分）应为不小于0的整数");
    if (f->prior_violations < 0 || f->prior_violations > 1000)
        return bad(err, "prior_violations", "此前受处罚次数应为不小于0的整数");
    if (f->has_income && (f->annual_income < 0 || f->annual_income > 1000000000000000LL))
        return bad(err, "annual_income", "上一年年收入（分）应为不小于0的整数");
    if (f->accident_grade < ZF_GRADE_NONE || f->accident_grade >= ZF_GRADE_COUNT)
        return bad(err, "accident_grade",
                   "事故等级应为 general（一般）、larger（较大）、major（重大）或 "
                   "especially_major（特别重大）");
    if (f->has_base && (f->base_fine <= 0 || f->base_fine > 1000000000000000LL))
        return bad(err, "base_fine", "据以计算倍数的罚款数额（分）应为大于0的整数");
    return 0;
}

/* The item's rule is data: check it as strictly as the tiers. */
static int check_rule(const zf_disc_item_t *it, zf_error_t *err) {
    if (it->rule == ZF_RULE_NONE) return 0;
    if (it->has_min || it->has_max || it->gains_mult_max > 0)
        return bad(err, "fine_rule", "非固定金额的罚款规则不能与固定罚款幅度或违法所得倍数并用");
    if (it->rule == ZF_RULE_INCOME) {
        if (!it->income || it->nincome < 1 || it->nincome > ZF_GRADE_COUNT)
            return bad(err, "fine_rule", "按年收入计罚的规则应有1至5项比例");
        for (size_t i = 0; i < it->nincome; i++) {
            const zf_disc_income_t *e = &it->income[i];
            if (e->grade < ZF_GRADE_NONE || e->grade >= ZF_GRADE_COUNT || e->min_pm < 0 ||
                e->min_pm > e->max_pm || e->max_pm > 1000)
                return bad(err, "fine_rule", "年收入比例应在0‰至1000‰之间，且下限不大于上限");
            if (e->grade == ZF_GRADE_NONE && it->nincome > 1)
                return bad(err, "fine_rule", "按事故等级分档的年收入比例，每项都应写明事故等级");
            for (size_t k = 0; k < i; k++)
                if (it->income[k].grade == e->grade)
                    return bad(err, "fine_rule", "同一事故等级的年收入比例重复");
        }
        return 0;
    }
    if (it->rule == ZF_RULE_MULTIPLE) {
        if (it->base_mult_min < 1 || it->base_mult_min > it->base_mult_max ||
            it->base_mult_max > 100 || it->base_cap < 0)
            return bad(err, "fine_rule",
                       "罚款倍数应为1至100的整数，下限不大于上限，上限金额不为负");
        return 0;
    }
    return bad(err, "fine_rule", "未知的罚款规则");
}

/* "40%" / "20.5%" for a permille. */
static const char *pct_text(zf_arena_t *a, int pm) {
    if (pm % 10 == 0) return zf_arena_printf(a, "%d%%", pm / 10);
    return zf_arena_printf(a, "%d.%d%%", pm / 10, pm % 10);
}

/* The date `years` after d (Feb 29 → Feb 28), into buf[11]. */
static void add_years(const char *d, int years, char buf[11]) {
    int y = (d[0] - '0') * 1000 + (d[1] - '0') * 100 + (d[2] - '0') * 10 + (d[3] - '0') + years;
    snprintf(buf, 11, "%04d%s", y % 10000, d + 4);
    if (!zf_disc_date_valid(buf)) buf[9] = '8'; /* 02-29 in a common year */
}

int zf_discretion_run(zf_arena_t *a, const zf_disc_item_t *at_violation,
                      const zf_disc_item_t *at_decision, const zf_disc_params_t *p,
                      const zf_disc_facts_t *f, zf_disc_result_t *out, zf_error_t *err) {
    if (!at_violation)
        return zf_error_set(err, ZF_EINVAL, 400, "catalogue.not_in_force", "violation_date",
                            "违法行为发生之日没有施行中的该执法事项版本，不能据以处罚");
    int rc = check_facts(f, err);
    if (rc) return rc;
    if (at_violation->tiers && (rc = check_tiers(at_violation->tiers, at_violation->ntiers, err)))
        return rc;
    if (at_decision && at_decision->tiers &&
        (rc = check_tiers(at_decision->tiers, at_decision->ntiers, err)))
        return rc;
    if ((rc = check_rule(at_violation, err))) return rc;
    if (at_decision && (rc = check_rule(at_decision, err))) return rc;

    zf_disc_result_t r;
    memset(&r, 0, sizeof r);
    builder_t b = {.a = a, .r = &r};
    r.tier = f->tier;
    r.persons = 1;
    r.adjustment = "none";
    r.range_source = "fixed";

    /* 1. 从旧兼从轻 */
    const zf_disc_item_t *it = at_violation;
    if (at_decision && at_decision != at_violation &&
        at_decision->version != at_violation->version) {
        int lighter = zf_disc_lighter_for(at_violation, at_decision, f);
        if (lighter) {
            it = at_decision;
            r.used_decision_version = 1;
        }
        step(&b, LAW_APL "第37条",
             zf_arena_printf(a,
                             "违法行为发生日（%s）施行的是%s；作出决定日（%s）施行的是%s。依照"
                             "“从旧兼从轻”原则，实施行政处罚适用违法行为发生时的规定，但作出决定时"
                             "的规定更轻的适用新规定：%s，本案适用第%d版。",
                             f->violation_date, version_text(a, at_violation), f->decision_date,
                             version_text(a, at_decision),
                             lighter ? "决定时的规定较轻" : "决定时的规定并不更轻", it->version));
    } else {
        step(&b, LAW_APL "第37条",
             zf_arena_printf(a, "违法行为发生日（%s）与作出决定日（%s）施行的均为%s，适用该版本。",
                             f->violation_date, f->decision_date, version_text(a, it)));
    }
    r.applied = it;
    const zf_disc_tier_t *tiers = NULL;

    /* 2. legal basis */
    step(&b, it->penalty_basis,
         zf_arena_printf(a, "执法事项 %s「%s」：违法行为依据为%s；处罚依据为%s；处罚对象为%s。",
                         it->code, it->title, it->violation_basis, it->penalty_basis, it->target));
    /* 行政处罚法 第28条第1款: 实施行政处罚时应当责令改正 */
    measure(&b, "责令当事人改正或者限期改正违法行为（行政处罚法第28条第1款）");

    /* 3. whether to punish (第33条) */
    int must_not = 0;
    if (f->no_fault) {
        must_not = 1;
        step(&b, LAW_APL "第33条第2款",
             "当事人有证据足以证明没有主观过错，不予行政处罚（法律、行政法规另有规定的，从其规定）"
             "。");
    } else if (f->tier == ZF_TIER_MINOR && f->corrected_in_time &&
               f->consequences == ZF_CONSEQ_NONE) {
        must_not = 1;
        step(&b, LAW_APL "第33条第1款",
             "违法行为轻微并及时改正，没有造成危害后果，依法应当不予行政处罚。");
    }
    if (must_not) {
        r.outcome = "no_penalty";
        measure(&b, "不予行政处罚");
        measure(&b, "对当事人进行教育（行政处罚法第33条第3款）");
        step(&b, LAW_APL "第33条第3款", "对依法不予行政处罚的当事人，应当对其进行教育。");
        goto done;
    }
    int optional_waiver =
        f->first_offence && f->corrected_in_time && f->consequences <= ZF_CONSEQ_MINOR;
    if (optional_waiver) {
        r.reason_required = 1;
        step(&b, LAW_APL "第33条第1款",
             "当事人系初次违法，危害后果轻微并及时改正，可以不予行政处罚（首违不罚）。是否适用由"
             "执法机关裁量，须在案卷中写明理由；如决定不适用，按下列步骤确定罚款。");
    }

    /* 4. the statutory range */
    int gains_rule =
        it->gains_mult_max > 0 && f->illegal_gains > 0 && f->illegal_gains >= it->gains_threshold;
    if (gains_rule) {
        r.has_range = 1;
        r.range_source = "gains";
        r.range_min = f->illegal_gains * it->gains_mult_min;
        r.range_max = f->illegal_gains * it->gains_mult_max;
        step(&b, it->penalty_basis,
             zf_arena_printf(
                 a, "违法所得%s，达到%s，依法并处违法所得%d倍以上%d倍以下罚款，即%s至%s。",
                 zf_disc_yuan(a, f->illegal_gains), zf_disc_yuan(a, it->gains_threshold),
                 it->gains_mult_min, it->gains_mult_max, zf_disc_yuan(a, r.range_min),
                 zf_disc_yuan(a, r.range_max)));
    } else if (it->rule == ZF_RULE_INCOME) {
        /* 安全生产法 第95条 (主要负责人, by accident grade), 第96条 (其他负责人和
         * 安全生产管理人员, 20%–50%), 第110条 (60%–100%): a share of the
         * person's 上一年年收入 (认定 per 应急管理部令第14号, LAW.md §4). */
        if (!f->has_income)
            return bad(err, "annual_income",
                       "本事项按上一年年收入的百分比计罚，须填写当事人上一年年收入 "
                       "annual_income（分）");
        if (f->persons > 1)
            return bad(err, "persons",
                       "按年收入计罚的事项须逐人计算（每人的年收入不同），受处罚人数应为1");
        const zf_disc_income_t *e = NULL;
        int graded = it->income[0].grade != ZF_GRADE_NONE;
        if (!graded) {
            e = &it->income[0];
        } else if (f->accident_grade == ZF_GRADE_NONE) {
            if (it->nincome > 1)
                return bad(err, "accident_grade",
                           "本事项的罚款比例取决于事故等级，须填写 accident_grade（事故等级）");
            e = &it->income[0];
        } else {
            for (size_t i = 0; i < it->nincome; i++)
                if (it->income[i].grade == f->accident_grade) e = &it->income[i];
            if (!e) {
                const char *have = "";
                for (size_t i = 0; i < it->nincome; i++)
                    have = zf_arena_printf(a, "%s%s%s", have, i ? "、" : "",
                                           grade_names[it->income[i].grade]);
                return zf_error_set(err, ZF_EINVAL, 400, "discretion.grade_mismatch",
                                    "accident_grade",
                                    "执法事项 %s 只适用于%s，所填事故等级为%s；请选用与事故等级"
                                    "对应的执法事项",
                                    it->code, have, grade_names[f->accident_grade]);
            }
        }
        r.has_range = 1;
        r.range_source = "income";
        r.rule_grade = e->grade;
        r.rule_min_pm = e->min_pm;
        r.rule_max_pm = e->max_pm;
        /* Integer fen. A single percentage is rounded half up to the fen; a
         * range has its minimum rounded up and its maximum rounded down, so
         * neither leaves the statutory share. 1e15 × 1000 < INT64_MAX. */
        if (e->min_pm == e->max_pm) {
            r.range_min = r.range_max = (f->annual_income * e->min_pm + 500) / 1000;
        } else {
            r.range_min = (f->annual_income * e->min_pm + 999) / 1000;
            r.range_max = f->annual_income * e->max_pm / 1000;
        }
        const char *grade_txt =
            e->grade != ZF_GRADE_NONE
                ? zf_arena_printf(a, "事故等级为%s（%s），", grade_names[e->grade],
                                  f->accident_grade == ZF_GRADE_NONE ? "本事项所对应的等级"
                                                                     : "按所填事故等级")
                : "";
        step(&b, it->penalty_basis,
             e->min_pm == e->max_pm
                 ? zf_arena_printf(a,
                                   "%s依法对%s处上一年年收入%s的罚款：上一年年收入%s × %s = "
                                   "%s（按分四舍五入）。",
                                   grade_txt, it->target, pct_text(a, e->min_pm),
                                   zf_disc_yuan(a, f->annual_income), pct_text(a, e->min_pm),
                                   zf_disc_yuan(a, r.range_min))
                 : zf_arena_printf(a,
                                   "%s依法对%s处上一年年收入%s以上%s以下的罚款：上一年年收入%s，"
                                   "法定幅度为%s至%s（下限按分向上、上限按分向下取整，不超出"
                                   "法定比例）。",
                                   grade_txt, it->target, pct_text(a, e->min_pm),
                                   pct_text(a, e->max_pm), zf_disc_yuan(a, f->annual_income),
                                   zf_disc_yuan(a, r.range_min), zf_disc_yuan(a, r.range_max)));
    } else if (it->rule == ZF_RULE_MULTIPLE) {
        /* 安全生产法 第114条第2款: 情节特别严重、影响特别恶劣的, 按第1款罚款数额
         * 的2倍以上5倍以下处罚 (最高1亿元, LAW.md §4). */
        if (!f->has_base)
            return bad(
                err, "base_fine",
                zf_arena_printf(a, "本事项按%s的倍数计罚，须填写 base_fine（该罚款数额，分）",
                                it->base_desc && *it->base_desc ? it->base_desc : "另一罚款"));
        r.has_range = 1;
        r.range_source = "multiple";
        r.rule_min_pm = it->base_mult_min;
        r.rule_max_pm = it->base_mult_max;
        r.range_min = f->base_fine * it->base_mult_min;
        r.range_max = f->base_fine * it->base_mult_max;
        const char *capped = "";
        if (it->base_cap > 0 && r.range_max > it->base_cap) {
            r.range_max = it->base_cap;
            capped = zf_arena_printf(a, "；%d倍超过法定最高额%s，上限取%s", it->base_mult_max,
                                     zf_disc_yuan(a, it->base_cap), zf_disc_yuan(a, it->base_cap));
        }
        if (it->base_cap > 0 && r.range_min > it->base_cap) {
            r.range_min = it->base_cap;
            capped = zf_arena_printf(a, "；%d倍亦超过法定最高额%s，只能处%s", it->base_mult_min,
                                     zf_disc_yuan(a, it->base_cap), zf_disc_yuan(a, it->base_cap));
        }
        step(&b, it->penalty_basis,
             zf_arena_printf(a, "依法按%s的%d倍以上%d倍以下处罚：%s为%s，即%s至%s%s。",
                             it->base_desc && *it->base_desc ? it->base_desc : "所据罚款数额",
                             it->base_mult_min, it->base_mult_max,
                             it->base_desc && *it->base_desc ? it->base_desc : "所据罚款数额",
                             zf_disc_yuan(a, f->base_fine), zf_disc_yuan(a, r.range_min),
                             zf_disc_yuan(a, r.range_max), capped));
    } else if (it->has_max) {
        r.has_range = 1;
        r.range_min = it->has_min ? it->fine_min : 0;
        r.range_max = it->fine_max;
        const char *why = "";
        if (it->gains_mult_max > 0)
            why = zf_arena_printf(a, "违法所得%s，不足%s，不适用倍数罚款；",
                                  zf_disc_yuan(a, f->illegal_gains),
                                  zf_disc_yuan(a, it->gains_threshold));
        step(&b, it->penalty_basis,
             it->has_min
                 ? zf_arena_printf(a, "%s法定罚款幅度为%s以上%s以下。", why,
                                   zf_disc_yuan(a, r.range_min), zf_disc_yuan(a, r.range_max))
                 : zf_arena_printf(a,
                                   "%s法定罚款幅度为%s以下，法律未规定下限（“处……以下罚款”，"
                                   "应当处以罚款）。",
                                   why, zf_disc_yuan(a, r.range_max)));
    } else {
        r.outcome = optional_waiver ? "no_penalty_optional" : "no_fixed_fine";
        step(&b, it->penalty_basis,
             zf_arena_printf(
                 a,
                 "本事项法律未规定固定罚款数额（如按日连续处罚或无罚款），目录中也未设计罚"
                 "规则，本计算器不给出罚款金额，依事项规定的措施处理：%s。",
                 *it->other_measures ? it->other_measures : "无"));
        goto measures;
    }

    /* 5. the tier */
    /* the item's own tiers; else the default for a range with a minimum
     * (a multiple of gains always has one) or for "X元以下" */
    if (it->tiers)
        tiers = it->tiers;
    else if (gains_rule || it->has_min || it->rule != ZF_RULE_NONE)
        tiers = p->bounded;
    else
        tiers = p->capped;
    const zf_disc_tier_t *t = &tiers[f->tier];
    int64_t span = r.range_max - r.range_min;
    r.tier_min = round_to(r.range_min + span * t->from_pm / 1000, p->rounding_fen);
    r.tier_max = round_to(r.range_min + span * t->to_pm / 1000, p->rounding_fen);
    /* rounding must not leave the statutory range (a range in fen, e.g. a
     * share of an annual income, has no whole-yuan bounds) */
    if (r.tier_min < r.range_min) r.tier_min = r.range_min;
    if (r.tier_min > r.range_max) r.tier_min = r.range_max;
    if (r.tier_max > r.range_max) r.tier_max = r.range_max;
    if (r.tier_max < r.tier_min) r.tier_max = r.tier_min;
    step(&b, it->tiers ? "本事项裁量基准（执法事项目录）" : BASIS_TIERS,
         zf_arena_printf(a, "情节阶次为“%s”%s%s，对应法定幅度的%d‰至%d‰（%s），即%s至%s。",
                         tier_names[f->tier], t->condition && *t->condition ? "：" : "",
                         t->condition ? t->condition : "", t->from_pm, t->to_pm,
                         it->tiers ? "本事项的裁量阶次"
                                   : (tiers == p->bounded ? "默认阶次：有上下限的罚款"
                                                          : "默认阶次：仅有上限的罚款"),
                         zf_disc_yuan(a, r.tier_min), zf_disc_yuan(a, r.tier_max)));

    /* 6. 从轻 / 减轻 / 从重 */
    int mitigating = f->eliminated_harm + f->coerced + f->confessed + f->meritorious;
    int aggravating = 0;
    const char *mit_list = "", *agg_list = "";
    if (f->eliminated_harm)
        mit_list = zf_arena_printf(a, "%s主动消除或者减轻违法行为危害后果；", mit_list);
    if (f->coerced) mit_list = zf_arena_printf(a, "%s受他人胁迫或者诱骗实施违法行为；", mit_list);
    if (f->confessed)
        mit_list = zf_arena_printf(a, "%s主动供述行政机关尚未掌握的违法行为；", mit_list);
    if (f->meritorious)
        mit_list = zf_arena_printf(a, "%s配合行政机关查处违法行为有立功表现；", mit_list);
    if (p->aggravate_prior_count > 0 && f->prior_violations >= p->aggravate_prior_count) {
        aggravating++;
        agg_list = zf_arena_printf(a, "%s此前已因同一违法行为受到%d次处罚（达到配置的%d次）；",
                                   agg_list, f->prior_violations, p->aggravate_prior_count);
    }
    if (f->refused_correction) {
        aggravating++;
        agg_list = zf_arena_printf(a, "%s拒不整改或者整改不力；", agg_list);
    }
    if (f->obstructed) {
        aggravating++;
        agg_list = zf_arena_printf(a, "%s拒绝、阻碍或者以暴力威胁执法人员；", agg_list);
    }
    if (f->consequences == ZF_CONSEQ_SERIOUS) {
        aggravating++;
        agg_list = zf_arena_printf(a, "%s造成严重危害后果；", agg_list);
    }
    int64_t lo = r.tier_min, hi = r.tier_max;
    int64_t amount = lo + (hi - lo) / 2;
    const char *how = "取该阶次区间的中间值";
    if (mitigating > 0 && aggravating == 0) {
        int reduce = mitigating >= p->reduce_min_circumstances && r.range_min > 0;
        if (reduce) {
            r.adjustment = "reduced";
            int64_t floor = round_to(r.range_min * p->reduce_floor_pm / 1000, p->rounding_fen);
            amount = floor;
            r.tier_min = floor;
            r.tier_max = r.range_min;
            how = zf_arena_printf(
                a, "减轻处罚，在法定最低罚款%s以下确定，取配置的减轻下限（法定最低额的%d‰）",
                zf_disc_yuan(a, r.range_min), p->reduce_floor_pm);
            step(&b, LAW_APL "第32条",
                 zf_arena_printf(a,
                                 "当事人具有应当从轻或者减轻处罚的情形：%s共%d项，达到配置的%d项，"
                                 "依法减轻处罚，即在法定最低罚款以下处罚，但不低于%s（减轻下限为"
                                 "法定最低额的%d‰，系统配置参数）。",
                                 mit_list, mitigating, p->reduce_min_circumstances,
                                 zf_disc_yuan(a, floor), p->reduce_floor_pm));
        } else {
            r.adjustment = "lighter";
            amount = lo + (hi - lo) / 4;
            how = "从轻处罚，取该阶次区间的下四分位值";
            step(&b, LAW_APL "第32条",
                 zf_arena_printf(a,
                                 "当事人具有应当从轻或者减轻处罚的情形：%s共%d项，依法从轻处罚，"
                                 "在法定幅度内取较低的数额%s。",
                                 mit_list, mitigating,
                                 mitigating >= p->reduce_min_circumstances
                                     ? "（本事项无法定最低罚款，不适用减轻）"
                                     : ""));
        }
    } else if (aggravating > 0 && mitigating == 0) {
        r.adjustment = "heavier";
        amount = lo + (hi - lo) * 3 / 4;
        how = "从重处罚，取该阶次区间的上四分位值";
        step(&b,
             "应急管理行政处罚裁量基准的从重情形（原《安全生产违法行为行政处罚办法》第57条，"
             "现以应急管理部令第18号为准，未核实）",
             zf_arena_printf(a,
                             "当事人具有从重处罚情形：%s依法从重处罚，在法定幅度内取较高的数额，"
                             "但不超过法定最高额。",
                             agg_list));
    } else if (aggravating > 0 && mitigating > 0) {
        r.adjustment = "offset";
        step(&b, LAW_APL "第32条；应急管理行政处罚裁量基准",
             zf_arena_printf(a,
                             "当事人既有从轻、减轻情形（%s），又有从重情形（%s），综合考虑，"
                             "在该阶次内取中间值。",
                             mit_list, agg_list));
    }

    /* 7. the amount */
    if (r.range_min == r.range_max && r.adjustment[0] != 'r') {
        /* 第95条: a single percentage — the fine is that amount to the fen */
        amount = r.range_min;
        how = "法定罚款为单一数额（单一比例），不再取整";
    } else {
        amount = round_to(amount, p->rounding_fen);
    }
    if (r.adjustment[0] != 'r') {
        if (amount < r.range_min) amount = r.range_min;
        if (amount > r.range_max) amount = r.range_max;
    }
    if (amount <= 0 && r.range_max > 0) amount = p->rounding_fen > 0 ? p->rounding_fen : 1;
    r.has_amount = 1;
    r.amount = amount;
    r.persons = it->per_person ? f->persons : 1;
    r.total = amount * r.persons;
    step(&b, BASIS_TIERS,
         zf_arena_printf(a, "建议罚款数额：%s，为%s；金额按%s四舍五入。", zf_disc_yuan(a, amount),
                         how, p->rounding_fen == 100 ? "元" : zf_disc_yuan(a, p->rounding_fen)));
    if (it->per_person) {
        step(&b, it->penalty_basis,
             zf_arena_printf(a, "本事项对%s分别处罚，共%d人，每人%s，合计%s。", it->target,
                             r.persons, zf_disc_yuan(a, amount), zf_disc_yuan(a, r.total)));
        measure(&b, zf_arena_printf(a, "对%s每人罚款%s（%d人，合计%s）", it->target,
                                    zf_disc_yuan(a, amount), r.persons, zf_disc_yuan(a, r.total)));
    } else {
        measure(&b, zf_arena_printf(a, "罚款%s", zf_disc_yuan(a, amount)));
    }
    r.outcome = optional_waiver ? "no_penalty_optional" : "penalty";

    /* 8. what follows from the amount */
    {
        int64_t threshold = it->per_person ? p->hearing_person_fen : p->hearing_unit_fen;
        if (threshold > 0 && amount >= threshold) {
            r.hearing = 1;
            notice(&b,
                   zf_arena_printf(a,
                                   "拟罚款%s达到较大数额（%s%s以上，配置参数），作出决定前应告知"
                                   "当事人有要求听证的权利（行政处罚法第63条），经听证的须经法制"
                                   "审核（第58条）。",
                                   zf_disc_yuan(a, amount), it->per_person ? "个人" : "单位",
                                   zf_disc_yuan(a, threshold)));
        }
        int64_t simple = it->per_person ? p->simple_person_max_fen : p->simple_unit_max_fen;
        if (amount <= simple) {
            r.simple_procedure = 1;
            notice(&b,
                   zf_arena_printf(a,
                                   "罚款%s不超过%s（%s），违法事实确凿并有法定依据的，可以适用简易"
                                   "程序当场作出处罚决定（行政处罚法第51条）。",
                                   zf_disc_yuan(a, amount), zf_disc_yuan(a, simple),
                                   it->per_person ? "公民" : "法人或者其他组织"));
        }
    }

measures:
    /* 没收违法所得 (第28条第2款) */
    if (f->illegal_gains > 0) {
        r.confiscate = f->illegal_gains;
        measure(&b, zf_arena_printf(a, "没收违法所得%s", zf_disc_yuan(a, f->illegal_gains)));
        step(&b, LAW_APL "第28条第2款",
             zf_arena_printf(a, "当事人有违法所得%s，除依法应当退赔的外，应当予以没收。",
                             zf_disc_yuan(a, f->illegal_gains)));
    }
    if (*it->other_measures)
        measure(&b, zf_arena_printf(a, "依事项规定的其他措施：%s", it->other_measures));

done:
    if (p->limitation_years > 0) {
        char limit[11];
        add_years(f->violation_date, p->limitation_years, limit);
        if (strcmp(f->decision_date, limit) > 0)
            notice(&b,
                   zf_arena_printf(a,
                                   "违法行为发生于%s，至作出决定日已超过%d年：违法行为在%d年内未"
                                   "被发现的不再给予行政处罚；涉及公民生命健康安全且有危害后果的"
                                   "为5年；有连续或者继续状态的从行为终了之日起计算（行政处罚法"
                                   "第36条）。请核实发现日期。",
                                   f->violation_date, p->limitation_years, p->limitation_years));
    }
    if (p->unconfirmed > 0)
        notice(&b, zf_arena_printf(
                       a,
                       "本次计算用到的参数中有%d项尚未经法制机构确认（见系统管理→法定参数），"
                       "结果仅供参考。",
                       p->unconfirmed));
    *out = r;
    return 0;
}
