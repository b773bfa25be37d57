/* credit.c — see credit.h. The table below is the whole rule of inclusion
 * (应急管理部令第11号, LAW.md §5.3 [二手]); evaluate() reads it. */
#include "core/credit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define B11 "应急管理部令第11号《安全生产严重失信主体名单管理办法》"

/* LAW.md §5.3: (1)–(7) "见报道原文" → 二手; (8)(9) "措辞凭记忆" → 未核实. */
static const zf_credit_criterion_t criteria[] = {
    {"SL-01", 1, "发生特别重大、重大生产安全事故的生产经营单位及其主要负责人，以及经调查认定对该事故负有责任应当列入的其他单位和人员",
     "二手", B11 " 列入情形(1)", ZF_CF_PENALIZED | ZF_CF_ACCIDENT_GRADE, 1,
     ZF_CREDIT_SUBJ_UNIT_PRINCIPAL},
    {"SL-02", 2, "12个月内累计发生2起以上较大生产安全事故的生产经营单位及其主要负责人", "二手",
     B11 " 列入情形(2)", ZF_CF_PENALIZED | ZF_CF_LARGER_DATES, 1, ZF_CREDIT_SUBJ_UNIT_PRINCIPAL},
    {"SL-03", 3, "发生生产安全事故，情节特别严重、影响特别恶劣，依照《安全生产法》第一百一十四条规定被处以罚款数额2倍以上5倍以下罚款的生产经营单位及其主要负责人",
     "二手", B11 " 列入情形(3)；安全生产法 第114条第2款", ZF_CF_PENALIZED | ZF_CF_MULTIPLE_114, 1,
     ZF_CREDIT_SUBJ_UNIT_PRINCIPAL},
    {"SL-04", 4, "瞒报、谎报生产安全事故的生产经营单位及其有关责任人员", "二手",
     B11 " 列入情形(4)", ZF_CF_PENALIZED | ZF_CF_CONCEALED, 1, ZF_CREDIT_SUBJ_UNIT_PERSONS},
    {"SL-05", 5, "生产安全事故发生后，不立即组织事故抢救或者在事故调查处理期间擅离职守或者逃匿的生产经营单位主要负责人",
     "二手", B11 " 列入情形(5)", ZF_CF_PENALIZED | ZF_CF_FLED, 1, ZF_CREDIT_SUBJ_PRINCIPAL},
    {"SL-06", 6, "未依法取得安全生产相关许可或者许可被暂扣、吊销期间从事相关生产经营活动的生产经营单位及其主要负责人",
     "二手", B11 " 列入情形(6)", ZF_CF_PENALIZED | ZF_CF_NO_LICENCE, 0,
     ZF_CREDIT_SUBJ_UNIT_PRINCIPAL},
    {"SL-07", 7, "承担安全评价、认证、检测、检验职责的机构及其直接责任人员租借资质、挂靠、出具虚假报告或者证书",
     "二手", B11 " 列入情形(7)",
     ZF_CF_PENALIZED | ZF_CF_INTERMEDIARY | ZF_CF_INTERMEDIARY_FRAUD, 0,
     ZF_CREDIT_SUBJ_AGENCY_PERSONS},
    {"SL-08", 8, "在应急管理部门作出行政处罚后，有执行能力拒不执行或者逃避执行的生产经营单位及其主要负责人",
     "未核实", B11 " 列入情形(8)（措辞未核实）", ZF_CF_PENALIZED | ZF_CF_REFUSED, 0,
     ZF_CREDIT_SUBJ_UNIT_PRINCIPAL},
    {"SL-09", 9, "其他违反安全生产法律法规受到行政处罚，且性质恶劣、情节严重的", "未核实",
     B11 " 列入情形(9)（措辞未核实）", ZF_CF_PENALIZED | ZF_CF_OTHER_SERIOUS, 0,
     ZF_CREDIT_SUBJ_UNIT_PRINCIPAL},
};
#define NCRIT (sizeof criteria / sizeof criteria[0])

const zf_credit_criterion_t *zf_credit_criteria(size_t *n) {
    *n = NCRIT;
    return criteria;
}

const zf_credit_criterion_t *zf_credit_criterion(const char *id) {
    for (size_t i = 0; id && i < NCRIT; i++)
        if (strcmp(criteria[i].id, id) == 0) return &criteria[i];
    return NULL;
}

/* LAW.md §5.3 适用行业 onto the registry's domains. */
static const zf_credit_industry_t industries[] = {
    {"mining", "矿山（含尾矿库）、石油开采"},
    {"hazchem", "化工（含石化）、医药、危险化学品"},
    {"fireworks", "烟花爆竹"},
    {"industry", "冶金、有色、建材、机械、轻工、纺织、烟草"},
    {"other", "商贸等其他生产经营单位"},
};

const zf_credit_industry_t *zf_credit_industries(size_t *n) {
    *n = sizeof industries / sizeof industries[0];
    return industries;
}

int zf_credit_industry_covered(const char *domain) {
    for (size_t i = 0; domain && i < sizeof industries / sizeof industries[0]; i++)
        if (strcmp(industries[i].domain, domain) == 0) return 1;
    return 0;
}

static int cmp_day(const void *a, const void *b) {
    zf_day_t x = *(const zf_day_t *)a, y = *(const zf_day_t *)b;
    return x < y ? -1 : x > y;
}

int zf_credit_max_larger_in_12_months(const zf_day_t *dates, size_t n) {
    if (n == 0) return 0;
    if (n > ZF_CREDIT_MAX_ACCIDENTS) n = ZF_CREDIT_MAX_ACCIDENTS;
    zf_day_t d[ZF_CREDIT_MAX_ACCIDENTS];
    memcpy(d, dates, n * sizeof *d);
    qsort(d, n, sizeof *d, cmp_day);
    int best = 0;
    /* for each first accident, count those up to the corresponding day 12
     * months later (inclusive: 民法典 第202条, the period's last day) */
    for (size_t i = 0; i < n; i++) {
        zf_day_t end = zf_day_add_months(d[i], 12);
        int k = 0;
        for (size_t j = i; j < n && d[j] <= end; j++)
            k++;
        if (k > best) best = k;
    }
    return best;
}

static int met(const zf_credit_criterion_t *c, const zf_credit_facts_t *f) {
    if (!f->penalized) return 0;
    switch (c->number) {
    case 1: return f->accident_grade >= ZF_ACCIDENT_MAJOR;
    case 2: return zf_credit_max_larger_in_12_months(f->larger_dates, f->n_larger) >= 2;
    case 3: return f->multiple_114_pct >= 200;
    case 4: return f->concealed != 0;
    case 5: return f->fled != 0;
    case 6: return f->no_licence != 0;
    case 7: return f->intermediary && f->intermediary_fraud;
    case 8: return f->refused != 0;
    case 9: return f->other_serious != 0;
    }
    return 0;
}

size_t zf_credit_evaluate(const zf_credit_facts_t *f, const zf_credit_criterion_t **out,
                          size_t cap) {
    size_t k = 0;
    for (size_t i = 0; i < NCRIT; i++)
        if (met(&criteria[i], f) && k < cap) out[k++] = &criteria[i];
    return k;
}

zf_day_t zf_credit_expires_on(zf_day_t listed_from, int period_months) {
    return zf_day_add_months(listed_from, period_months);
}

/* [未核实] LAW.md §5.3 names 满12个月且满足条件 without the conditions. */
static const zf_credit_condition_t conditions[] = {
    {"C1", "已全面履行行政处罚决定（罚款已缴清等）"},
    {"C2", "导致列入的违法行为和事故隐患已整改到位"},
    {"C3", "列入期间未再发生生产安全事故或新的严重违法行为"},
    {"C4", "已作出信用承诺并公开"},
};
#define NCOND (sizeof conditions / sizeof conditions[0])

const zf_credit_condition_t *zf_credit_conditions(size_t *n) {
    *n = NCOND;
    return conditions;
}

int zf_credit_early_removal_check(zf_day_t listed_from, int min_months, zf_day_t applied_on,
                                  const char *const *met_ids, size_t n, char *reason, size_t cap) {
    zf_day_t first = zf_day_add_months(listed_from, min_months);
    if (applied_on < first) {
        char a[11], b[11];
        zf_day_format(listed_from, a);
        zf_day_format(first, b);
        snprintf(reason, cap, "列入（%s）未满 %d 个月，不得申请提前移出；最早可于 %s 申请", a,
                 min_months, b);
        return -1;
    }
    for (size_t c = 0; c < NCOND; c++) {
        int found = 0;
        for (size_t i = 0; i < n && !found; i++)
            found = met_ids[i] && strcmp(met_ids[i], conditions[c].id) == 0;
        if (!found) {
            snprintf(reason, cap, "提前移出条件未满足：%s（%s）", conditions[c].text,
                     conditions[c].id);
            return -2;
        }
    }
    if (reason && cap) reason[0] = '\0';
    return 0;
}

/* proposed → approved | rejected; approved → notified; notified → listed;
 * listed → removed; removed (early removal) → listed (撤销提前移出、恢复列入). */
static const struct {
    const char *from, *to;
} moves[] = {
    {"proposed", "approved"}, {"proposed", "rejected"}, {"approved", "notified"},
    {"notified", "listed"},   {"listed", "removed"},    {"removed", "listed"},
};

int zf_credit_transition_ok(const char *from, const char *to) {
    for (size_t i = 0; from && to && i < sizeof moves / sizeof moves[0]; i++)
        if (strcmp(moves[i].from, from) == 0 && strcmp(moves[i].to, to) == 0) return 1;
    return 0;
}

const char *zf_credit_status_name(const char *s) {
    static const struct {
        const char *code, *name;
    } names[] = {
        {"recorded", "已记录"},       {"proposed", "拟列入"},   {"approved", "已批准"},
        {"rejected", "不予列入"},     {"notified", "已告知"},   {"listed", "公示中"},
        {"removed", "已移出"},        {"expired", "期满移出"},  {"early_removal", "提前移出"},
        {"revoked", "撤销列入"},      {"bad_record", "不良记录"}, {"serious_list", "严重失信主体名单"},
        {"submitted", "待审查"},      {"refused", "不予移出"},
    };
    for (size_t i = 0; s && i < sizeof names / sizeof names[0]; i++)
        if (strcmp(names[i].code, s) == 0) return names[i].name;
    return s ? s : "";
}

/* GB 11643-1999: weights 2^(17-i) mod 11 and the check character of the
 * remainder (ISO 7064 MOD 11-2). */
int zf_credit_id_number_ok(const char *s) {
    static const int w[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    static const char check[] = "10X98765432";
    if (!s || strlen(s) != 18) return 0;
    int sum = 0;
    for (int i = 0; i < 17; i++) {
        if (s[i] < '0' || s[i] > '9') return 0;
        sum += (s[i] - '0') * w[i];
    }
    if (s[17] != check[sum % 11]) return 0;
    char date[11];
    snprintf(date, sizeof date, "%.4s-%.2s-%.2s", s + 6, s + 10, s + 12);
    zf_day_t d;
    int y = atoi(date);
    return zf_day_parse(date, &d) == 0 && y >= 1900 && y <= 2100;
}
