/* officers.c — see officers.h. Integer arithmetic only: dates are day
 * numbers, ratios are compared as cross products, never as floats. */
#include "core/officers.h"

#include <stdio.h>
#include <string.h>

/* ---- the team rule ---- */

static zf_team_finding_t *add_finding(zf_team_finding_t *findings, size_t *nf,
                                      const zf_officer_facts_t *o, const char *code, int blocking) {
    zf_team_finding_t *f = &findings[(*nf)++];
    f->officer_id = o ? o->id : 0;
    f->name = o ? o->name : "";
    f->code = code;
    f->blocking = blocking;
    f->reason[0] = '\0';
    return f;
}

static const char *kind_label(const char *kind) {
    if (strcmp(kind, "auxiliary") == 0) return "执法辅助人员";
    if (strcmp(kind, "expert") == 0) return "专家";
    return "执法人员";
}

int zf_team_check(const zf_officer_rules_t *rules, zf_day_t date, const zf_officer_facts_t *team,
                  size_t n, int *counts, zf_team_finding_t *findings, size_t *nfindings,
                  size_t *counted) {
    size_t nf = 0, good = 0;
    int blocked = 0;
    char day[11];
    zf_day_format(date, day);
    for (size_t i = 0; i < n; i++) {
        const zf_officer_facts_t *o = &team[i];
        counts[i] = 0;
        int dup = 0;
        for (size_t j = 0; j < i; j++)
            if (team[j].id == o->id) dup = 1;
        if (dup) continue;
        const char *kind = o->kind ? o->kind : "";
        if (!o->status || strcmp(o->status, "serving") != 0) {
            zf_team_finding_t *f = add_finding(findings, &nf, o, "officer.not_serving", 1);
            snprintf(f->reason, sizeof f->reason, "%s 不在岗，不能参加执法", o->name);
            blocked = 1;
            continue;
        }
        /* 执法辅助人员和专家可以协助，但不计入"不得少于两人"（行政处罚法 第四十二条
         * 要求的是具有行政执法资格的执法人员；国办发〔2024〕54号：无证辅助人员不得实施检查）. */
        if (strcmp(kind, "officer") != 0) {
            zf_team_finding_t *f =
                add_finding(findings, &nf, o,
                            strcmp(kind, "expert") == 0 ? "officer.expert_not_counted"
                                                        : "officer.auxiliary_not_counted",
                            0);
            snprintf(f->reason, sizeof f->reason, "%s 是%s，可以协助，但不计入执法人员人数",
                     o->name, kind_label(kind));
            continue;
        }
        zf_day_t issued = 0, expires = 0;
        int has_issued = o->cert_issued_on && *o->cert_issued_on &&
                         zf_day_parse(o->cert_issued_on, &issued) == 0;
        int has_expiry = o->cert_expires_on && *o->cert_expires_on &&
                         zf_day_parse(o->cert_expires_on, &expires) == 0;
        int ok = 1;
        if (!o->cert_no || !*o->cert_no || !has_expiry) {
            zf_team_finding_t *f = add_finding(findings, &nf, o, "officer.cert_missing", 1);
            snprintf(f->reason, sizeof f->reason, "%s 没有登记有效的行政执法证（证号或有效期缺失）",
                     o->name);
            ok = 0;
        } else if (has_issued && date < issued) {
            zf_team_finding_t *f = add_finding(findings, &nf, o, "officer.cert_not_yet_valid", 1);
            snprintf(f->reason, sizeof f->reason, "%s 的执法证 %s 自 %s 起有效，%s 尚未生效",
                     o->name, o->cert_no, o->cert_issued_on, day);
            ok = 0;
        } else if (date > expires) {
            /* valid through its expiry day, invalid from the day after */
            zf_team_finding_t *f = add_finding(findings, &nf, o, "officer.cert_expired", 1);
            snprintf(f->reason, sizeof f->reason, "%s 的执法证 %s 已于 %s 到期，%s 不能执法",
                     o->name, o->cert_no, o->cert_expires_on, day);
            ok = 0;
        }
        if (o->onboarding_done_on == ZF_DAY_NONE || o->onboarding_done_on > date) {
            zf_team_finding_t *f =
                add_finding(findings, &nf, o, "officer.onboarding_incomplete", 1);
            snprintf(f->reason, sizeof f->reason,
                     "%s 在 %s 前未完成不少于 %d 个月的入职培训，不能独立执法", o->name, day,
                     rules->onboarding_months);
            ok = 0;
        }
        if (ok) {
            counts[i] = 1;
            good++;
        } else {
            blocked = 1;
        }
    }
    if ((int)good < rules->min_officers) {
        zf_team_finding_t *f = add_finding(findings, &nf, NULL, "team.needs_two_officers", 1);
        /* 行政处罚法 第四十二条：执法人员不得少于两人 */
        snprintf(f->reason, sizeof f->reason,
                 "执法人员不得少于%d人（行政处罚法第四十二条），%s 可计入的持证执法人员只有 %zu 人",
                 rules->min_officers, day, good);
        blocked = 1;
    }
    *nfindings = nf;
    *counted = good;
    return blocked ? ZF_EPERM : 0;
}

/* ---- training ---- */

int zf_onboarding_required_days(const zf_officer_rules_t *rules, zf_day_t start) {
    return (int)(zf_day_add_months(start, rules->onboarding_months) - start);
}

zf_day_t zf_onboarding_done_on(const zf_officer_rules_t *rules, const zf_training_span_t *spans,
                               size_t n, int *have_days) {
    zf_day_t first = ZF_DAY_NONE, done = ZF_DAY_NONE;
    int total = 0;
    for (size_t i = 0; i < n; i++) {
        if (!spans[i].onboarding || spans[i].end < spans[i].start) continue;
        if (first == ZF_DAY_NONE) first = spans[i].start;
        total += (int)(spans[i].end - spans[i].start + 1);
        if (done == ZF_DAY_NONE && total >= zf_onboarding_required_days(rules, first))
            done = spans[i].end;
    }
    if (have_days) *have_days = total;
    return done;
}

int zf_refresher_days(const zf_training_span_t *spans, size_t n, int year) {
    int total = 0;
    for (size_t i = 0; i < n; i++)
        if (!spans[i].onboarding && zf_day_year(spans[i].end) == year) total += spans[i].days;
    return total;
}

/* ---- ratio ---- */

int zf_officer_is_professional(const zf_officer_rules_t *rules, int education_relevant,
                               const char *qualifications, int64_t practice_years) {
    return education_relevant || (qualifications && *qualifications) ||
           practice_years >= rules->practice_years_min;
}

int64_t zf_ratio_permille(int64_t professional, int64_t total) {
    return total > 0 ? professional * 1000 / total : 0;
}

int zf_ratio_meets(int64_t professional, int64_t total, int target_permille) {
    if (total <= 0) return 0;
    return professional * 1000 >= (int64_t)target_permille * total;
}

/* ---- certificates ---- */

const char *zf_cert_state(const zf_officer_rules_t *rules, zf_day_t date, const char *cert_no,
                          const char *issued_on, const char *expires_on, int *days_left) {
    zf_day_t issued, expires;
    *days_left = 0;
    if (!cert_no || !*cert_no || !expires_on || zf_day_parse(expires_on, &expires) != 0)
        return "missing";
    *days_left = (int)(expires - date);
    if (issued_on && *issued_on && zf_day_parse(issued_on, &issued) == 0 && date < issued)
        return "not_yet_valid";
    if (date > expires) return "expired";
    if (expires - date <= rules->cert_alert_days) return "expiring";
    return "valid";
}
