/* credit.h — credit punishment (信用惩戒, R26), pure: no I/O, no clock.
 *
 * Two things are recorded about an enterprise:
 *
 *  - 不良记录 (bad record): every penalty decision on a 生产经营单位 goes into
 *    the 违法行为信息库 (安全生产法 第78条第1款 [原文]: 建立安全生产违法行为
 *    信息库，如实记录生产经营单位及其有关从业人员的安全生产违法行为信息).
 *    No approval: the decision itself is the fact.
 *
 *  - 严重失信主体名单 (serious dishonesty list): 应急管理部令第11号
 *    《安全生产严重失信主体名单管理办法》(2023-10-01) [二手, LAW.md §5.3]: an
 *    enterprise (and its 主要负责人) penalised for an accident or a violation
 *    that is 性质恶劣、情节严重, in one of the nine situations of the table
 *    below, is listed by the department that made the penalty decision
 *    (谁处罚、谁决定、谁负责), after being told (告知) — proposed, approved
 *    by a bureau leader, notified, listed, removed.
 *
 * The nine situations are ONE table (zf_credit_criteria): id, Chinese text,
 * the facts it needs, its source tag as LAW.md gives it ((1)–(7) 二手 from
 * the press reports of the 部令, (8)(9) 未核实: worded from memory). The
 * periods (管理期限 3 years, 提前移出 after 12 months) are 二手/未核实 and
 * therefore legal_params rows with effective dates (migration 020,
 * confirmed = 0), never constants here: zf_credit_expires_on and
 * zf_credit_early_removal_check take them as arguments.
 *
 * 12 months (situation 2) is counted as the law counts months (民法典
 * 第201、202条 [本系统解释，未核实 for 11号令]): the day of the first accident
 * is not counted and the period ends on the corresponding day 12 months
 * later, so accidents on 2025-03-10 and 2026-03-10 are within 12 months,
 * 2025-03-10 and 2026-03-11 are not. */
#ifndef ZF_CORE_CREDIT_H
#define ZF_CORE_CREDIT_H

#include <stddef.h>
#include <stdint.h>

#include "core/day.h"

/* Accident grades (生产安全事故报告和调查处理条例 第3条; LAW.md §4). */
enum {
    ZF_ACCIDENT_NONE = 0,
    ZF_ACCIDENT_GENERAL = 1, /* 一般 */
    ZF_ACCIDENT_LARGER = 2,  /* 较大 */
    ZF_ACCIDENT_MAJOR = 3,   /* 重大 */
    ZF_ACCIDENT_GRAVE = 4,   /* 特别重大 */
};

/* The facts of a case outcome that the criteria read (bits of `needs`). */
enum {
    ZF_CF_PENALIZED = 1 << 0,       /* an administrative penalty was decided */
    ZF_CF_ACCIDENT_GRADE = 1 << 1,  /* grade of the accident of the case */
    ZF_CF_LARGER_DATES = 1 << 2,    /* dates of the enterprise's 较大 accidents */
    ZF_CF_MULTIPLE_114 = 1 << 3,    /* 第114条 fine as a multiple (percent) */
    ZF_CF_CONCEALED = 1 << 4,       /* 瞒报、谎报 the accident */
    ZF_CF_FLED = 1 << 5,            /* 不立即组织抢救 / 擅离职守 / 逃匿 */
    ZF_CF_NO_LICENCE = 1 << 6,      /* no licence / during suspension or revocation */
    ZF_CF_INTERMEDIARY_FRAUD = 1 << 7, /* 租借资质、挂靠、虚假报告或证书 */
    ZF_CF_REFUSED = 1 << 8,         /* 有执行能力拒不执行、逃避执行 */
    ZF_CF_OTHER_SERIOUS = 1 << 9,   /* 其他性质恶劣、情节严重 (with a reason) */
    ZF_CF_INTERMEDIARY = 1 << 10,   /* the party is a 安全评价/认证/检测/检验 机构 */
};

/* Who is listed besides the unit. */
enum {
    ZF_CREDIT_SUBJ_UNIT_PRINCIPAL = 1, /* 单位及其主要负责人 */
    ZF_CREDIT_SUBJ_UNIT_PERSONS = 2,   /* 单位及有关责任人员 */
    ZF_CREDIT_SUBJ_PRINCIPAL = 3,      /* 主要负责人 (the person only) */
    ZF_CREDIT_SUBJ_AGENCY_PERSONS = 4, /* 中介机构及直接责任人员 */
};

typedef struct zf_credit_criterion {
    const char *id;     /* "SL-01" … "SL-09": stable, stored on the record */
    int number;         /* 1 … 9 as the 部令 counts them */
    const char *text;   /* Chinese, as LAW.md §5.3 words it */
    const char *source; /* "二手" or "未核实" (LAW.md's tag) */
    const char *basis;  /* "应急管理部令第11号 列入情形(1)" */
    unsigned needs;     /* ZF_CF_* bits the rule reads */
    int accident;       /* 1: one of the five with an accident, 0: the four without */
    int subject;        /* ZF_CREDIT_SUBJ_* */
} zf_credit_criterion_t;

/* The nine situations, in the 部令's order. */
const zf_credit_criterion_t *zf_credit_criteria(size_t *n);
const zf_credit_criterion_t *zf_credit_criterion(const char *id);

/* Industries the 部令 applies to (LAW.md §5.3 适用行业), mapped onto the
 * registry's domain codes (store/enterprises.h): 1 when covered. Every
 * registry domain is a 生产经营单位 of a listed industry (矿山、危化品、烟花爆竹、
 * 冶金/建材/机械/轻工/纺织… = industry, 商贸等 = other); intermediaries are
 * covered through ZF_CF_INTERMEDIARY. */
typedef struct zf_credit_industry {
    const char *domain; /* registry code */
    const char *text;   /* the 部令's industries it stands for */
} zf_credit_industry_t;
const zf_credit_industry_t *zf_credit_industries(size_t *n);
int zf_credit_industry_covered(const char *domain);

#define ZF_CREDIT_MAX_ACCIDENTS 64

typedef struct zf_credit_facts {
    int penalized;          /* the outcome is a penalty decision (11号令: 受到行政处罚) */
    int accident_grade;     /* ZF_ACCIDENT_*, of this case's accident */
    /* the enterprise's 较大 accidents (this one included), any order */
    zf_day_t larger_dates[ZF_CREDIT_MAX_ACCIDENTS];
    size_t n_larger;
    int multiple_114_pct;   /* 第114条第2款: 200 … 500 = 2–5倍; 0 = not applied */
    int concealed;          /* 瞒报、谎报事故 */
    int fled;               /* 主要负责人不立即组织抢救、擅离职守或逃匿 */
    int no_licence;         /* 未取得许可或暂扣、吊销期间从事生产经营 */
    int intermediary;       /* the party is an intermediary (安全评价等机构) */
    int intermediary_fraud; /* 租借资质、挂靠、出具虚假报告或证书 */
    int refused;            /* 有执行能力拒不执行或逃避执行处罚决定 */
    int other_serious;      /* 其他违法受处罚且性质恶劣、情节严重 (a reason is required) */
} zf_credit_facts_t;

/* The largest number of 较大 accidents inside any 12-month period (see the
 * header comment for how 12 months is counted). */
int zf_credit_max_larger_in_12_months(const zf_day_t *dates, size_t n);

/* Every criterion the facts meet, in table order: out[k] points into the
 * table; returns the count (0 … 9). Nothing is met without a penalty
 * (11号令: 受到行政处罚). */
size_t zf_credit_evaluate(const zf_credit_facts_t *f, const zf_credit_criterion_t **out,
                          size_t cap);

/* The listing ends on listed_from + period_months (the same day of the
 * month, or the month's last day; zf_day_add_months). period_months comes
 * from legal_params credit.serious.period_months in force on the listing
 * day. */
zf_day_t zf_credit_expires_on(zf_day_t listed_from, int period_months);

/* Early removal (提前移出 / 信用修复): allowed from listed_from + min_months
 * (legal_params credit.serious.early_removal_months in force on the
 * application day) when every condition of zf_credit_conditions is met.
 * 0 = allowed; otherwise a negative code and reason (Chinese) says why:
 * -1 too early (reason names the first day it is possible), -2 a condition
 * missing (reason names it). conditions_met: the ids given as met. */
int zf_credit_early_removal_check(zf_day_t listed_from, int min_months, zf_day_t applied_on,
                                  const char *const *conditions_met, size_t n, char *reason,
                                  size_t cap);

/* The conditions of early removal [未核实: the 部令's wording is not in
 * LAW.md; these are the conditions local 信用修复 rules commonly name]. */
typedef struct zf_credit_condition {
    const char *id; /* "C1" … */
    const char *text;
} zf_credit_condition_t;
const zf_credit_condition_t *zf_credit_conditions(size_t *n);

/* A resident ID number as GB 11643 writes it: 18 characters, 17 digits and
 * the check character (ISO 7064 MOD 11-2, "X" for 10), with a plausible
 * date of birth. 1 when valid. The persons listed with a unit are named
 * with it (11号令 lists persons, not only names). */
int zf_credit_id_number_ok(const char *s);

/* Statuses of a serious-list record and the allowed moves. */
int zf_credit_transition_ok(const char *from, const char *to);
/* Chinese name of a status or removal kind ("listed" → "公示中"). */
const char *zf_credit_status_name(const char *status);

#endif
