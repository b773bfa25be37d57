/* remedy.c — see remedy.h. */
#include "core/remedy.h"

#include <stdio.h>
#include <string.h>

static const struct {
    const char *code, *name;
} EFFECTS[] = {
    {"stands", "原决定继续执行"},
    {"changed", "按变更后的决定执行"},
    {"voids", "原决定不再执行"},
    {"holds", "暂停执行，待法制机构研究"},
    {"withdrawn", "申请已撤回，原决定继续执行"},
};

const char *zf_remedy_effect_code(zf_remedy_effect_t e) {
    return (size_t)e < sizeof EFFECTS / sizeof EFFECTS[0] ? EFFECTS[e].code : "";
}
const char *zf_remedy_effect_name(zf_remedy_effect_t e) {
    return (size_t)e < sizeof EFFECTS / sizeof EFFECTS[0] ? EFFECTS[e].name : "";
}

static int bad(zf_error_t *err, const char *entry, const char *why) {
    return zf_error_set(
        err, ZF_EINVAL, 400, "input.invalid", "value",
        "复议诉讼结果清单中的“%s”不合规：%s（格式：代码:效果:r|l|rl:名称，以空格分隔；"
        "效果为 stands、changed、voids、holds、withdrawn 之一）",
        entry, why);
}

int zf_remedy_outcomes_parse(const char *value, zf_remedy_outcome_t *out, size_t cap, size_t *n,
                             zf_error_t *err) {
    size_t k = 0;
    const char *p = value ? value : "";
    while (*p) {
        while (*p == ' ')
            p++;
        size_t w = strcspn(p, " ");
        if (w == 0) break;
        char entry[160];
        if (w >= sizeof entry) return bad(err, "…", "条目过长");
        memcpy(entry, p, w);
        entry[w] = 0;
        p += w;
        if (k >= cap) return bad(err, entry, "条目过多");
        char *f[4] = {entry, NULL, NULL, NULL};
        for (int i = 1; i < 4; i++) {
            char *c = strchr(f[i - 1], ':');
            if (!c) return bad(err, entry, "应有四部分");
            *c = 0;
            f[i] = c + 1;
        }
        zf_remedy_outcome_t *o = &out[k];
        memset(o, 0, sizeof *o);
        size_t cl = strlen(f[0]);
        if (cl == 0 || cl >= sizeof o->code || strspn(f[0], "abcdefghijklmnopqrstuvwxyz_") != cl)
            return bad(err, f[0], "代码应为小写字母或下划线");
        memcpy(o->code, f[0], cl + 1);
        int found = 0;
        for (size_t e = 0; e < sizeof EFFECTS / sizeof EFFECTS[0]; e++)
            if (strcmp(f[1], EFFECTS[e].code) == 0) {
                o->effect = (zf_remedy_effect_t)e;
                found = 1;
            }
        if (!found) return bad(err, o->code, "效果未知");
        if (strcmp(f[2], "r") && strcmp(f[2], "l") && strcmp(f[2], "rl"))
            return bad(err, o->code, "适用范围应为 r（复议）、l（诉讼）或 rl");
        snprintf(o->kinds, sizeof o->kinds, "%s%s", strchr(f[2], 'r') ? "reconsideration " : "",
                 strchr(f[2], 'l') ? "litigation" : "");
        size_t nl = strlen(f[3]);
        if (nl == 0 || nl >= sizeof o->name) return bad(err, o->code, "名称应为1–20个字");
        memcpy(o->name, f[3], nl + 1);
        for (size_t i = 0; i < k; i++)
            if (strcmp(out[i].code, o->code) == 0) return bad(err, o->code, "代码重复");
        k++;
    }
    if (k == 0) return bad(err, "", "至少应有一项");
    *n = k;
    return 0;
}

const zf_remedy_outcome_t *zf_remedy_outcome_find(const zf_remedy_outcome_t *list, size_t n,
                                                  const char *code, const char *kind) {
    for (size_t i = 0; code && kind && i < n; i++)
        if (strcmp(list[i].code, code) == 0 && strstr(list[i].kinds, kind)) return &list[i];
    return NULL;
}

size_t zf_remedy_spans(const zf_remedy_t *r, size_t n, zf_day_t today, zf_span_t *out, size_t cap) {
    size_t k = 0;
    for (size_t i = 0; i < n && k < cap; i++) {
        if (r[i].applied_on == ZF_DAY_NONE) continue;
        zf_day_t end = r[i].decided_on != ZF_DAY_NONE ? r[i].decided_on : today;
        /* 第73条第3款: both ends inside the span (see remedy.h) */
        if (end < r[i].applied_on) continue;
        out[k++] = (zf_span_t){r[i].applied_on, end};
    }
    return k;
}

static int period(const zf_calendar_t *cal, const zf_dl_config_t *cfg, const char *rule,
                  zf_day_t from, zf_day_t *due, zf_error_t *err) {
    zf_dl_result_t res;
    int rc = zf_dl_compute(cal, cfg, rule, from, &res, err);
    if (rc == 0) *due = res.due;
    return rc;
}

int zf_remedy_enforcement(const zf_calendar_t *cal, const zf_dl_config_t *cfg, zf_day_t served,
                          int on_spot, const zf_remedy_t *r, size_t n, zf_enforce_t *out,
                          zf_error_t *err) {
    memset(out, 0, sizeof *out);
    out->period_end = ZF_DAY_NONE;
    out->due = ZF_DAY_NONE;
    out->code = "";
    /* an outcome that voids or holds the decision wins over everything */
    for (size_t i = 0; i < n; i++) {
        if (r[i].decided_on == ZF_DAY_NONE) continue;
        const char *what = r[i].outcome_name ? r[i].outcome_name : "";
        const char *body = r[i].litigation ? "人民法院" : "复议机关";
        if (r[i].effect == ZF_REMEDY_VOIDS) {
            out->status = ZF_ENFORCE_BLOCKED;
            out->code = "remedy.voids_decision";
            snprintf(out->basis, sizeof out->basis,
                     "%s%s了原处罚决定，没有可执行的行政决定，不得申请人民法院强制执行"
                     "（行政强制法 第53条）",
                     body, what);
            return 0;
        }
        if (r[i].effect == ZF_REMEDY_HOLDS) {
            out->status = ZF_ENFORCE_BLOCKED;
            out->code = "remedy.holds_execution";
            snprintf(out->basis, sizeof out->basis,
                     "%s%s：原决定未被撤销，是否继续执行须经法制机构研究，暂不申请强制执行", body,
                     what);
            return 0;
        }
    }
    for (size_t i = 0; i < n; i++)
        if (r[i].decided_on == ZF_DAY_NONE) {
            out->status = ZF_ENFORCE_PENDING;
            out->code = "remedy.pending";
            snprintf(out->basis, sizeof out->basis,
                     "当事人已申请%s，尚未终结：申请人民法院强制执行的三个月期限暂不起算"
                     "（行政强制法 第53条）；复议、诉讼期间不停止执行（行政处罚法 第73条）",
                     r[i].litigation ? "行政诉讼" : "行政复议");
            return 0;
        }
    if (served == ZF_DAY_NONE) {
        out->status = ZF_ENFORCE_UNKNOWN;
        out->code = "remedy.not_served";
        snprintf(out->basis, sizeof out->basis, "处罚决定书尚未送达，复议、诉讼期限未起算");
        return 0;
    }
    /* the period the party had without any remedy */
    zf_day_t original = ZF_DAY_NONE, lit = ZF_DAY_NONE;
    int rc = period(cal, cfg, "reconsideration", served, &original, err);
    if (rc == 0 && !on_spot) rc = period(cal, cfg, "litigation", served, &lit, err);
    if (rc) return rc;
    const char *basis = on_spot ? "申请行政复议期限（60日，行政复议法 第20条；当场处罚复议前置，"
                                  "第23条第1款第1项）届满"
                                : "申请行政复议（60日，行政复议法 第20条）、提起行政诉讼（6个月，"
                                  "行政诉讼法 第46条）期限届满";
    if (lit != ZF_DAY_NONE && lit > original) original = lit;
    zf_day_t end = original;
    /* the remedy that ended last decides what is left (a suit after the
     * review ends later, or on the same day: the suit wins the tie) */
    const zf_remedy_t *last = NULL;
    for (size_t i = 0; i < n; i++)
        if (!last || r[i].decided_on > last->decided_on ||
            (r[i].decided_on == last->decided_on && r[i].litigation && !last->litigation))
            last = &r[i];
    if (last && !last->litigation && last->effect != ZF_REMEDY_WITHDRAWN) {
        rc = period(cal, cfg, "litigation_after_review", last->decided_on, &end, err);
        if (rc) return rc;
        basis = "收到复议决定书后起诉期限（15日，行政诉讼法 第45条）届满";
    } else if (last && !last->litigation) {
        if (last->decided_on > end) end = last->decided_on;
        basis = "复议申请撤回：原复议、起诉期限届满或撤回之日，取较晚者（未核实）";
    } else if (last) {
        end = last->decided_on;
        basis = "行政诉讼终结（裁判生效或准予撤诉）之日（未核实：取较早之日，避免逾期）";
    }
    out->period_end = end;
    rc = period(cal, cfg, "enforcement_application", end, &out->due, err);
    if (rc) return rc;
    out->status = ZF_ENFORCE_DUE;
    char d[11];
    zf_day_format(end, d);
    snprintf(out->basis, sizeof out->basis, "%s（%s）后三个月内申请（行政强制法 第53条）", basis,
             d);
    return 0;
}
