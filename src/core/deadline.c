/* deadline.c — see deadline.h. Integer arithmetic only: days are day
 * numbers, money is int64 fen, percentages are integer cross products. */
#include "core/deadline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WD ZF_DL_WORKDAYS
#define ND ZF_DL_DAYS
#define MO ZF_DL_MONTHS
#define HR ZF_DL_HOURS

/* The one table. Sources are LAW.md §1.8–1.11, §2, §6, §7 [原文] unless the
 * basis says 配置 (LAW.md marks the value 未核实 or leaves it to 规章). */
static const zf_dl_rule_t rules[] = {
    {"hearing_request", "听证申请期限", 5, WD, 1, "行政处罚法 第64条第1款第1项、第85条", "原文",
     NULL, NULL, "行政机关告知听证权利之日（告知书送达之日）",
     "当事人要求听证的，最迟在该日提出（告知后五日内，五日为工作日）"},
    {"hearing_notice", "听证通知期限（举行前）", 7, WD, -1, "行政处罚法 第64条第1款第2项、第85条",
     "原文", NULL, NULL, "举行听证之日",
     "听证通知书最迟在该日送达当事人（举行听证的七日前通知，七日为工作日，且送达日与听证日之间须"
     "有完整的七个工作日）"},
    {"service", "决定书送达期限（当事人不在场）", 7, WD, 1, "行政处罚法 第61条第1款、第85条",
     "原文", NULL, NULL, "作出并宣告行政处罚决定之日", "最迟在该日依民事诉讼法送达决定书"},
    {"payment", "缴纳罚款期限", 15, ND, 1, "行政处罚法 第67条第3款", "原文", NULL, NULL,
     "当事人收到行政处罚决定书之日", "当事人最迟在该日到指定银行或通过电子支付系统缴纳罚款"},
    {"decision", "办案期限（立案至决定）", 90, ND, 1,
     "行政处罚法 第60条（法律、法规、规章另有规定的从其规定；应急管理部令第18号细则未核实）",
     "配置", "deadline.decision.days", NULL, "立案之日",
     "最迟在该日作出行政处罚决定（不含批准的延期）"},
    {"publication", "处罚决定公开期限", 7, WD, 1, "安全生产法 第78条第2款", "原文", NULL, NULL,
     "作出行政处罚决定之日", "最迟在该日在监督管理部门公示系统公开处罚决定"},
    {"withdrawal", "撤回已公开决定期限", 3, WD, 1, "行政处罚法 第48条第2款、第85条", "原文", NULL,
     NULL, "已公开的决定被变更、撤销、确认违法或确认无效之日",
     "最迟在该日撤回原决定信息并公开说明理由"},
    {"statement", "陈述申辩期限", 3, WD, 1,
     "行政处罚法 第44、45条（法律未规定期限；规章或文书式样的期限未核实，LAW.md §1.8）", "配置",
     "deadline.statement.days", "deadline.statement.workdays", "行政处罚告知书送达之日",
     "当事人最迟在该日提出陈述、申辩"},
    {"evidence_preservation", "先行登记保存处理期限", 7, WD, 1, "行政处罚法 第56条、第85条", "原文",
     NULL, NULL, "先行登记保存证据之日", "最迟在该日对登记保存的证据作出处理决定"},
    {"cash_handover", "当场收缴罚款交回期限", 2, WD, 1, "行政处罚法 第71条、第85条", "原文", NULL,
     NULL, "当场收缴罚款之日", "执法人员最迟在该日将罚款交至行政机关（机关再于二日内缴付银行）"},
    {"reconsideration", "申请行政复议期限", 60, ND, 1, "行政复议法（2023） 第20条第1款", "原文",
     NULL, NULL, "知道或者应当知道行政行为之日（收到决定书之日）", "当事人最迟在该日申请行政复议"},
    {"reconsideration_uninformed", "未告知复议权时的最长复议期限", 12, MO, 1,
     "行政复议法（2023） 第20条第3款", "原文", NULL, NULL, "知道或者应当知道行政行为内容之日",
     "未告知复议权利、复议机关和期限时，最迟在该日申请行政复议（最长一年）"},
    {"litigation", "直接提起行政诉讼期限", 6, MO, 1, "行政诉讼法 第46条第1款", "原文", NULL, NULL,
     "知道或者应当知道作出行政行为之日", "当事人最迟在该日提起行政诉讼"},
    {"litigation_after_review", "复议后起诉期限", 15, ND, 1, "行政诉讼法 第45条", "原文", NULL,
     NULL, "收到复议决定书之日", "当事人最迟在该日向人民法院提起诉讼"},
    {"seizure", "查封、扣押期限", 30, ND, 1,
     "行政强制法 第25条第1款（检测、检验、检疫或技术鉴定期间不计入，第25条第3款）", "原文", NULL,
     NULL, "实施查封、扣押之日",
     "查封、扣押最迟在该日届满（经负责人批准可延长不超过三十日；鉴定期间另计）"},
    {"enforcement_demand", "催告期满（申请强制执行前）", 10, WD, 1, "行政强制法 第54条、第69条",
     "原文", NULL, NULL, "催告书送达之日",
     "催告期在该日届满；当事人仍未履行的，次日起方可申请人民法院强制执行"},
    {"enforcement_application", "申请人民法院强制执行期限", 3, MO, 1, "行政强制法 第53条", "原文",
     NULL, NULL, "复议、诉讼期限届满之日（通常为六个月起诉期的最后一日）",
     "最迟在该日向人民法院申请强制执行"},
    {"transfer_decision", "涉嫌犯罪移送审批期限", 3, ND, 1,
     "国务院令第310号《行政执法机关移送涉嫌犯罪案件的规定》第5条（未规定为工作日）", "配置", NULL,
     "deadline.transfer_decision.workdays", "负责人收到移送审批报告之日",
     "负责人最迟在该日作出是否批准移送的决定（批准后24小时内移送）"},
    {"transfer_handover", "批准后移送公安期限", 24, HR, 1, "国务院令第310号 第5条", "原文", NULL,
     NULL, "批准移送之日（精确时刻为批准时刻）", "最迟在批准时刻后24小时移送同级公安机关"},
    /* 行刑衔接 after the handover (issue 11, R28): 310号令 writes "3日" with no
     * word of working days, like 第5条; the same switch decides all of them */
    {"transfer_police_review", "公安审查移送案件期限", 3, ND, 1,
     "国务院令第310号 第8条（未规定为工作日）", "配置", NULL, "deadline.transfer_decision.workdays",
     "公安机关接受移送之日", "公安机关最迟在该日作出立案或不予立案的决定并书面通知移送机关"},
    {"transfer_reconsideration", "不予立案提请复议期限", 3, ND, 1,
     "国务院令第310号 第9条（未规定为工作日）", "配置", NULL, "deadline.transfer_decision.workdays",
     "接到公安机关不予立案通知书之日", "移送机关最迟在该日提请作出不予立案决定的公安机关复议"},
    {"transfer_reconsideration_answer", "公安复议决定期限", 3, ND, 1,
     "国务院令第310号 第9条（未规定为工作日）", "配置", NULL, "deadline.transfer_decision.workdays",
     "公安机关收到提请复议之日", "公安机关最迟在该日作出复议决定并书面通知移送机关"},
    {"transfer_supervision", "建议检察院立案监督期限", 3, ND, 1,
     "国务院令第310号 第9条（未规定为工作日）", "配置", NULL, "deadline.transfer_decision.workdays",
     "接到公安机关复议决定之日", "对复议决定仍有异议的，最迟在该日建议人民检察院依法进行立案监督"},
    {"transfer_items_handover", "立案后移交涉案物品期限", 3, ND, 1,
     "国务院令第310号 第12条（未规定为工作日）", "配置", NULL,
     "deadline.transfer_decision.workdays", "接到公安机关立案通知书之日",
     "移送机关最迟在该日将涉案物品及有关材料移交公安机关"},
    {"emergency_report", "当场实施强制措施后报告期限", 24, HR, 1, "行政强制法 第19条", "原文", NULL,
     NULL, "当场实施行政强制措施之日（精确时刻为实施时刻）",
     "最迟在实施时刻后24小时向行政机关负责人报告并补办批准手续"},
};

#define NRULES (sizeof rules / sizeof rules[0])

size_t zf_dl_rules_count(void) { return NRULES; }
const zf_dl_rule_t *zf_dl_rule_at(size_t i) { return i < NRULES ? &rules[i] : NULL; }
const zf_dl_rule_t *zf_dl_rule_find(const char *name) {
    for (size_t i = 0; name && i < NRULES; i++)
        if (strcmp(rules[i].name, name) == 0) return &rules[i];
    return NULL;
}

const char *zf_dl_unit_name(zf_dl_unit_t u) {
    static const char *const n[] = {"workdays", "days", "months", "hours"};
    return (unsigned)u < 4 ? n[u] : "?";
}
const char *zf_dl_unit_label(zf_dl_unit_t u) {
    static const char *const n[] = {"工作日", "自然日", "个月", "小时"};
    return (unsigned)u < 4 ? n[u] : "?";
}

/* ---- configuration ---- */

static const zf_dl_param_t params[] = {
    {"deadline.natural_roll_forward", "1", "开关", "2021-07-15",
     "自然日、月期限末日遇法定休假日顺延（1 顺延，0 不顺延）",
     "LAW.md §10：民事诉讼法“期间届满的最后一日是法定休假日的，以法定休假日后的第一日为期间届满"
     "的日期”（条号未核实；送达适用民诉法）；对其他期限的适用性未核实，本系统默认顺延",
     0},
    {"deadline.decision.days", "90", "日", "2021-07-15", "办案期限：立案之日起作出决定的自然日数",
     "行政处罚法第60条：九十日内作出决定，法律、法规、规章另有规定的从其规定；应急管理部令第18号"
     "（2026-02-01施行）的办案期限未核实",
     0},
    {"deadline.statement.days", "3", "日", "2021-07-15", "陈述申辩期限（告知书送达后）",
     "行政处罚法第44、45条未规定期限；常见为3日或5日，来自规章或文书式样（LAW.md §1.8，未核实）",
     0},
    {"deadline.statement.workdays", "1", "开关", "2021-07-15",
     "陈述申辩期限按工作日计（1 工作日，0 自然日）",
     "本系统配置：期限短于十日，比照行政处罚法第85条按工作日计，对当事人更有利（未核实）", 0},
    {"deadline.transfer_decision.workdays", "0", "开关", "2020-08-07",
     "涉嫌犯罪移送审批三日按工作日计（1 工作日，0 自然日）",
     "国务院令第310号第5条只写“3日内”，未规定为工作日；行政处罚法第85条只约束该法自身的期间。默认"
     "按自然日：文义如此，且比工作日更早届满、更不易延误移送（LAW.md §2，未核实）",
     0},
};

#define NPARAMS (sizeof params / sizeof params[0])

size_t zf_dl_params_count(void) { return NPARAMS; }
const zf_dl_param_t *zf_dl_param_at(size_t i) { return i < NPARAMS ? &params[i] : NULL; }

int zf_dl_param_known(const char *key, const char **unit) {
    for (size_t i = 0; key && i < NPARAMS; i++)
        if (strcmp(params[i].key, key) == 0) {
            if (unit) *unit = params[i].unit;
            return 1;
        }
    return 0;
}

static int parse_int(const char *v, int lo, int hi, int *out) {
    if (!v || !*v || strlen(v) > 6) return -1;
    int x = 0;
    for (const char *p = v; *p; p++) {
        if (*p < '0' || *p > '9') return -1;
        x = x * 10 + (*p - '0');
    }
    if (x < lo || x > hi) return -1;
    *out = x;
    return 0;
}

int zf_dl_config_set(zf_dl_config_t *cfg, const char *key, const char *value, zf_error_t *err) {
    struct {
        const char *key;
        int *slot;
        int lo, hi;
    } map[] = {
        {"deadline.natural_roll_forward", &cfg->roll_forward, 0, 1},
        {"deadline.decision.days", &cfg->decision_days, 1, 3650},
        {"deadline.statement.days", &cfg->statement_days, 1, 60},
        {"deadline.statement.workdays", &cfg->statement_workdays, 0, 1},
        {"deadline.transfer_decision.workdays", &cfg->transfer_workdays, 0, 1},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
        if (strcmp(map[i].key, key) != 0) continue;
        if (parse_int(value, map[i].lo, map[i].hi, map[i].slot) != 0)
            return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", "value",
                                "参数 %s 的值应为 %d 到 %d 之间的整数", key, map[i].lo, map[i].hi);
        return 0;
    }
    return 0;
}

/* ---- computing ---- */

static void fmt_list(char *buf, size_t cap, const zf_day_t *days, size_t n) {
    size_t used = strlen(buf);
    for (size_t i = 0; i < n && used + 12 < cap; i++) {
        char d[11];
        zf_day_format(days[i], d);
        used += (size_t)snprintf(buf + used, cap - used, "%s%s", i ? "、" : "", d);
    }
}

static int roll(const zf_calendar_t *cal, const zf_dl_config_t *cfg, zf_dl_result_t *out,
                zf_error_t *err) {
    out->due = out->plain;
    if (!cfg->roll_forward) return 0;
    zf_day_t to;
    size_t ns = 0;
    int rc = zf_cal_roll_forward(cal, out->plain, &to, out->skipped, ZF_DL_MAX_LISTED, &ns, err);
    if (rc) return rc;
    out->nskipped = ns;
    out->rolled = to != out->plain;
    out->due = to;
    return 0;
}

int zf_dl_compute(const zf_calendar_t *cal, const zf_dl_config_t *cfg_in, const char *name,
                  zf_day_t from, zf_dl_result_t *out, zf_error_t *err) {
    zf_dl_config_t cfg = cfg_in ? *cfg_in : (zf_dl_config_t)ZF_DL_CONFIG_DEFAULT;
    memset(out, 0, sizeof *out);
    const zf_dl_rule_t *r = zf_dl_rule_find(name);
    if (!r)
        return zf_error_set(err, ZF_EINVAL, 400, "deadline.unknown_rule", "rule",
                            "未知的期限规则“%s”（zhifa calc deadline --list 列出全部规则）",
                            name ? name : "");
    out->rule = r;
    out->from = from;
    out->amount = r->amount;
    out->unit = r->unit;
    out->workday_before = ZF_DAY_NONE;
    out->plain = ZF_DAY_NONE;
    if (r->amount_key) {
        if (strcmp(r->amount_key, "deadline.decision.days") == 0) out->amount = cfg.decision_days;
        if (strcmp(r->amount_key, "deadline.statement.days") == 0) out->amount = cfg.statement_days;
        out->configured = 1;
    }
    if (r->unit_key) {
        int wd = strcmp(r->unit_key, "deadline.statement.workdays") == 0 ? cfg.statement_workdays
                                                                         : cfg.transfer_workdays;
        out->unit = wd ? WD : ND;
        out->configured = 1;
    }
    char froms[11], dues[11], plains[11];
    zf_day_format(from, froms);
    int rc = 0;
    switch (out->unit) {
    case WD: {
        zf_day_t counted[ZF_DL_MAX_LISTED];
        size_t ns = 0;
        int n = out->amount;
        if (n > ZF_DL_MAX_LISTED)
            return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", "amount",
                                "工作日期限不能超过 %d 日", ZF_DL_MAX_LISTED);
        if (r->direction < 0)
            rc = zf_cal_sub_workdays(cal, from, n, &out->workday_before, counted, out->skipped,
                                     ZF_DL_MAX_LISTED, &ns, err);
        else
            rc = zf_cal_add_workdays(cal, from, n, &out->due, counted, out->skipped,
                                     ZF_DL_MAX_LISTED, &ns, err);
        if (rc) return rc;
        memcpy(out->counted, counted, (size_t)n * sizeof counted[0]);
        out->ncounted = (size_t)n;
        out->nskipped = ns;
        if (r->direction < 0) {
            out->due = out->workday_before - 1;
            char wb[11];
            zf_day_format(out->workday_before, wb);
            zf_day_format(out->due, dues);
            snprintf(out->counting, sizeof out->counting,
                     "自%s（不计入）向前数%d个工作日，第%d个为%s；送达日与%s之间须有完整的%d个"
                     "工作日，故最迟送达日为%s。所数工作日：",
                     froms, n, n, wb, froms, n, dues);
        } else {
            zf_day_format(out->due, dues);
            snprintf(
                out->counting, sizeof out->counting,
                "%s为事件发生日，不计入；自次日起数%d个工作日（跳过法定节假日和周末，调休上班的"
                "周末计入），第%d个工作日%s为期限末日。所数工作日：",
                froms, n, n, dues);
        }
        fmt_list(out->counting, sizeof out->counting, out->counted, out->ncounted);
        return 0;
    }
    case ND:
        out->plain = from + out->amount;
        rc = roll(cal, &cfg, out, err);
        break;
    case MO:
        out->plain = zf_day_add_months(from, out->amount);
        rc = roll(cal, &cfg, out, err);
        break;
    case HR:
        out->plain = from + (out->amount + 23) / 24;
        out->due = out->plain;
        zf_day_format(out->due, dues);
        snprintf(out->counting, sizeof out->counting,
                 "按小时计算：自事件发生时刻起%d小时；事件发生在%s当日的，最迟为%s的同一时刻",
                 out->amount, froms, dues);
        return 0;
    }
    if (rc) return rc;
    zf_day_format(out->plain, plains);
    zf_day_format(out->due, dues);
    const char *how =
        out->unit == MO
            ? "按月计算：到期月的对应日为末日，没有对应日的以该月最后一日为末日（民法典第202条）"
            : "按自然日计算";
    if (out->rolled)
        snprintf(out->counting, sizeof out->counting,
                 "%s为事件发生日，不计入；%s，%d%s后为%s，该日为法定休假日，顺延至休假日后第一个"
                 "工作日%s",
                 froms, how, out->amount, zf_dl_unit_label(out->unit), plains, dues);
    else
        snprintf(out->counting, sizeof out->counting, "%s为事件发生日，不计入；%s，%d%s后为%s%s",
                 froms, how, out->amount, zf_dl_unit_label(out->unit), dues,
                 cfg.roll_forward ? "（工作日，无需顺延）" : "（配置为末日不顺延）");
    return 0;
}

/* ---- surcharge ---- */

#define FEN_MAX 1000000000000000LL /* 10^15 fen = 10^13 yuan: far above any fine */

int zf_surcharge(int64_t fine_fen, zf_day_t due, zf_day_t paid, const zf_span_t *paused,
                 size_t npaused, zf_surcharge_t *out, zf_error_t *err) {
    memset(out, 0, sizeof *out);
    out->first_day = ZF_DAY_NONE;
    out->cap_day = ZF_DAY_NONE;
    if (fine_fen <= 0 || fine_fen > FEN_MAX)
        return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", "fine",
                            "罚款数额应为 1 到 10^15 之间的整数（单位：分）");
    for (size_t i = 0; i < npaused; i++)
        if (paused[i].from > paused[i].to)
            return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", "paused",
                                "第%zu个停算区间的起日晚于止日", i + 1);
    if (paid - due > 36600)
        return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", "paid",
                            "缴纳日期距到期日超过一百年，请检查日期");
    out->fine_fen = fine_fen;
    if (paid <= due) return 0;
    out->late_days = paid - due;
    out->first_day = due + 1;
    for (zf_day_t d = due + 1; d <= paid; d++) {
        int in = 0;
        for (size_t i = 0; i < npaused && !in; i++)
            in = d >= paused[i].from && d <= paused[i].to;
        if (in) {
            out->paused_days++;
            continue;
        }
        out->counted_days++;
        /* 3% × k >= 100% first when k = 34 */
        if (out->cap_day == ZF_DAY_NONE && out->counted_days * 3 >= 100) out->cap_day = d;
    }
    if (out->counted_days * 3 >= 100) {
        out->surcharge_fen = fine_fen;
        out->capped = 1;
    } else { /* counted_days <= 33, fine <= 10^15: no overflow */
        out->surcharge_fen = fine_fen * 3 * out->counted_days / 100;
    }
    return 0;
}

/* ---- limitation ---- */

int zf_limitation_check(zf_day_t violation, int harmed, zf_day_t discovered, zf_limitation_t *out,
                        zf_error_t *err) {
    memset(out, 0, sizeof *out);
    if (discovered < violation)
        return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", "filed",
                            "发现（立案）日期不能早于违法行为日期");
    out->years = harmed ? 5 : 2;
    out->last_day = zf_day_add_months(violation, 12 * out->years);
    out->barred = discovered > out->last_day;
    char v[11], l[11], f[11];
    zf_day_format(violation, v);
    zf_day_format(out->last_day, l);
    zf_day_format(discovered, f);
    snprintf(out->reason, sizeof out->reason,
             "行政处罚法第36条：违法行为%s年内未被发现的，不再给予行政处罚%s；自%s（违法行为发生"
             "或连续、继续状态终了之日，不计入）起算，期限末日为%s；发现（立案）日%s%s",
             harmed ? "五" : "二", harmed ? "（涉及公民生命健康安全且有危害后果，延长至五年）" : "",
             v, l, f, out->barred ? "已超过追诉时效，不再给予行政处罚" : "在追诉时效内");
    return 0;
}

/* ---- 第113条 ---- */

void zf_closure_count(const zf_day_t *penalties, size_t n, zf_day_t as_of,
                      zf_closure_count_t *out) {
    memset(out, 0, sizeof *out);
    out->as_of = as_of;
    out->from180 = as_of - 180;
    out->from1y = zf_day_add_months(as_of, -12);
    for (size_t i = 0; i < n; i++) {
        if (penalties[i] > as_of) continue;
        if (penalties[i] >= out->from180) out->count180++;
        if (penalties[i] >= out->from1y) out->count1y++;
    }
    out->triggered = out->count180 >= 3 || out->count1y >= 4;
}

/* ---- 第112条 ---- */

int zf_daily_penalty(int64_t fine_fen, zf_day_t ordered_on, zf_day_t until, int64_t *days,
                     int64_t *total_fen, zf_error_t *err) {
    if (fine_fen <= 0 || fine_fen > FEN_MAX)
        return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", "fine",
                            "原罚款数额应为 1 到 10^15 之间的整数（单位：分）");
    int64_t d = until > ordered_on ? (int64_t)until - ordered_on : 0;
    if (d > 0 && fine_fen > FEN_MAX / d)
        return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", "until",
                            "按日连续处罚总额超出可计算范围");
    *days = d;
    *total_fen = fine_fen * d;
    return 0;
}
