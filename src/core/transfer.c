/* transfer.c — the transfer table; see transfer.h and docs/internals/transfers.md.
 * Every rule cites where it comes from. 310号令 = 国务院《行政执法机关移送涉嫌
 * 犯罪案件的规定》(2020修订) [原文 in LAW.md §5.4]; 54号 = 应急〔2019〕54号
 * 《安全生产行政执法与刑事司法衔接工作办法》 [二手]. */
#include "core/transfer.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/error.h"

static const struct {
    const char *code, *name, *kind;
    int final;
} STATES[] = {
    {"sent", "已移送", "administrative", 0},
    {"received", "已签收", "administrative", 0},
    {"answered", "已反馈", "administrative", 1},
    {"proposed", "待审批", "criminal", 0},
    {"refused", "不予批准移送", "criminal", 1},
    {"approved", "已批准待移送", "criminal", 0},
    {"police_review", "公安审查中", "criminal", 0},
    {"accepted", "公安已立案", "criminal", 0},
    {"not_accepted", "公安不予立案", "criminal", 0},
    {"reconsidering", "提请复议中", "criminal", 0},
    {"upheld", "复议维持不予立案", "criminal", 0},
    {"supervision", "已建议检察院立案监督", "criminal", 1},
    {"handed_over", "涉案物品已移交", "criminal", 1},
};
#define NSTATES (sizeof STATES / sizeof STATES[0])

static int is(const char *a, const char *b) { return a && b && strcmp(a, b) == 0; }
static int set(const char *s) { return s && *s; }

int zf_transfer_kind_valid(const char *kind) {
    return is(kind, "administrative") || is(kind, "criminal");
}

const char *zf_transfer_state_name(const char *state) {
    for (size_t i = 0; i < NSTATES; i++)
        if (is(STATES[i].code, state)) return STATES[i].name;
    return NULL;
}

int zf_transfer_state_final(const char *state) {
    for (size_t i = 0; i < NSTATES; i++)
        if (is(STATES[i].code, state)) return STATES[i].final;
    return 0;
}

const char *zf_transfer_initial_state(const char *kind) {
    return is(kind, "criminal") ? "proposed" : "sent";
}

/* ---- findings ---- */

typedef struct fl {
    zf_transfer_finding_t *out;
    size_t cap, *n;
    int blocked;
} fl_t;

static void add(fl_t *f, int blocking, const char *code, const char *article, const char *fmt,
                ...) {
    if (blocking) f->blocked = 1;
    if (*f->n < f->cap) {
        zf_transfer_finding_t *x = &f->out[*f->n];
        x->code = code;
        x->blocking = blocking;
        x->article = article;
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(x->message, sizeof x->message, fmt, ap);
        va_end(ap);
    }
    (*f->n)++;
}

/* A step's day: not in the future, not before the step it follows. */
static void check_day(fl_t *f, zf_day_t on, zf_day_t last, zf_day_t today) {
    char d[11];
    if (on == ZF_DAY_NONE) {
        add(f, 1, "transfer.date_missing", "国务院令第310号；安全生产法 第69条",
            "须填写该步骤的日期（每一步骤均须载明日期，形成记录备查）");
        return;
    }
    if (on > today) {
        zf_day_format(today, d);
        add(f, 1, "transfer.date_future", "安全生产法 第69条", "日期不能晚于今天（%s）", d);
    }
    if (last != ZF_DAY_NONE && on < last) {
        zf_day_format(last, d);
        add(f, 1, "transfer.date_order", "安全生产法 第69条", "日期不能早于上一步骤的日期（%s）",
            d);
    }
}

int zf_transfer_check_new(const zf_transfer_t *t, zf_day_t on, zf_day_t today,
                          zf_transfer_finding_t *out, size_t cap, size_t *n) {
    *n = 0;
    fl_t f = {out, cap, n, 0};
    check_day(&f, on, ZF_DAY_NONE, today);
    if (is(t->kind, "criminal")) {
        /* 310号令第5条: 立即指定2名或者2名以上行政执法人员组成专案组专门负责 */
        if (t->team_counted < 2)
            add(&f, 1, "transfer.team_too_small", "国务院令第310号 第5条",
                "专案组须由2名以上持有有效执法证的执法人员组成（现有 %zu 名符合条件）",
                t->team_counted);
        /* 第5条: 核实情况后提出移送涉嫌犯罪案件的书面报告 */
        if (!set(t->reason))
            add(&f, 1, "transfer.report_missing", "国务院令第310号 第5条",
                "须填写书面移送报告（涉嫌犯罪的事实与理由）");
        /* 第5条、第7条: 移送同级公安机关 */
        if (!is(t->agency_kind, "public_security"))
            add(&f, 1, "transfer.agency_not_police", "国务院令第310号 第5条",
                "涉嫌犯罪案件应移送公安机关：请选择类型为公安机关的接收单位");
        if (set(t->copy_agency_kind) && !is(t->copy_agency_kind, "procuratorate"))
            add(&f, 1, "transfer.copy_not_procuratorate", "应急〔2019〕54号",
                "抄送单位应为人民检察院");
    } else {
        /* 安全生产法第69条: 移送有关部门并形成记录备查 — to the department
         * with competence; the police and procuratorate take criminal ones */
        if (is(t->agency_kind, "public_security") || is(t->agency_kind, "procuratorate"))
            add(&f, 1, "transfer.agency_criminal", "安全生产法 第69条；国务院令第310号",
                "向公安机关、检察院移送涉嫌犯罪案件请使用“涉嫌犯罪移送”");
        if (!set(t->reason))
            add(&f, 1, "transfer.reason_missing", "安全生产法 第69条",
                "须填写移送理由（不属于本部门职责的问题及依据）");
        if (!set(t->materials))
            add(&f, 1, "transfer.materials_missing", "安全生产法 第69条", "须列出移送材料清单");
    }
    return f.blocked ? ZF_EINVAL : 0;
}

/* ---- the steps ---- */

typedef void (*guard_fn)(const zf_transfer_t *t, const zf_transfer_step_t *s, fl_t *f);

static void g_receipt(const zf_transfer_t *t, const zf_transfer_step_t *s, fl_t *f) {
    (void)t;
    if (!set(s->who)) add(f, 1, "transfer.receipt_who", "安全生产法 第69条", "须填写回执的签收人");
}
static void g_feedback(const zf_transfer_t *t, const zf_transfer_step_t *s, fl_t *f) {
    (void)t;
    if (!set(s->text))
        add(f, 1, "transfer.feedback_missing", "安全生产法 第69条", "须填写接收部门的反馈内容");
}
static void g_approve(const zf_transfer_t *t, const zf_transfer_step_t *s, fl_t *f) {
    (void)s;
    /* the 专案组 and the report were checked when proposed; checked again so
     * an approval never rests on a proposal that lost its basis */
    if (!set(t->reason))
        add(f, 1, "transfer.report_missing", "国务院令第310号 第5条", "书面移送报告为空");
}
static void g_refuse(const zf_transfer_t *t, const zf_transfer_step_t *s, fl_t *f) {
    (void)t;
    /* 第5条: 决定不批准的，应当将不予批准的理由记录在案 */
    if (!set(s->text))
        add(f, 1, "transfer.refusal_reason", "国务院令第310号 第5条",
            "不批准移送的，须记录不予批准的理由");
}
static void g_send(const zf_transfer_t *t, const zf_transfer_step_t *s, fl_t *f) {
    /* 第6条: 移送书、调查报告、涉案物品清单、检验报告或鉴定结论、其他材料 */
    if (!set(t->materials))
        add(f, 1, "transfer.materials_missing", "国务院令第310号 第6条",
            "须列出移送材料（涉嫌犯罪案件移送书、调查报告、涉案物品清单、检验报告或鉴定意见等）");
    /* 54号: 移送时抄送同级人民检察院 */
    if (!is(t->copy_agency_kind, "procuratorate"))
        add(f, 1, "transfer.copy_missing", "应急〔2019〕54号",
            "移送公安机关时须抄送同级人民检察院：请先选择抄送的检察院");
    /* 第5条: 批准移送的，应当在24小时内向同级公安机关移送 — late is
     * recorded as it happened, and said so */
    char due[32];
    if (set(t->approved_at) && set(s->now) && zf_transfer_plus_24h(t->approved_at, due) &&
        strcmp(s->now, due) > 0)
        add(f, 0, "transfer.handover_late", "国务院令第310号 第5条",
            "已超过批准后24小时的移送时限（%s）", due);
}
static void g_police_refuse(const zf_transfer_t *t, const zf_transfer_step_t *s, fl_t *f) {
    (void)t;
    if (!set(s->text))
        add(f, 1, "transfer.police_reason", "国务院令第310号 第8条",
            "须记录公安机关不予立案的理由（不予立案通知书载明的理由）");
}
static void g_reconsider(const zf_transfer_t *t, const zf_transfer_step_t *s, fl_t *f) {
    (void)t;
    if (!set(s->text))
        add(f, 1, "transfer.reconsider_reason", "国务院令第310号 第9条", "须填写提请复议的理由");
}
static void g_answer(const zf_transfer_t *t, const zf_transfer_step_t *s, fl_t *f) {
    (void)t;
    if (!is(s->answer, "upheld") && !is(s->answer, "reversed"))
        add(f, 1, "transfer.answer_invalid", "国务院令第310号 第9条",
            "复议结果应为 upheld（维持不予立案）或 reversed（改为立案）");
}
static void g_supervision(const zf_transfer_t *t, const zf_transfer_step_t *s, fl_t *f) {
    (void)t;
    if (!set(s->text))
        add(f, 1, "transfer.supervision_text", "国务院令第310号 第9条",
            "须填写建议检察院立案监督的内容");
}
static void g_hand_over(const zf_transfer_t *t, const zf_transfer_step_t *s, fl_t *f) {
    (void)t;
    if (!set(s->text))
        add(f, 1, "transfer.items_missing", "国务院令第310号 第12条",
            "须列出移交的涉案物品及有关材料");
}

static const struct step {
    zf_transfer_step_info_t info;
    const char *kind;
    const char *from; /* space-separated states */
    const char *to;   /* NULL: decided by the guard's answer (reconsider_answer) */
    guard_fn guard;
} STEPS[] = {
    {{"receipt", "登记回执", 0}, "administrative", "sent", "received", g_receipt},
    {{"feedback", "登记反馈", 0}, "administrative", "sent received", "answered", g_feedback},
    {{"approve", "批准移送", 1}, "criminal", "proposed", "approved", g_approve},
    {{"refuse", "不予批准", 1}, "criminal", "proposed", "refused", g_refuse},
    {{"send", "移送公安（抄送检察院）", 0}, "criminal", "approved", "police_review", g_send},
    {{"police_accept", "登记公安立案", 0}, "criminal", "police_review", "accepted", NULL},
    {{"police_refuse", "登记公安不予立案", 0},
     "criminal",
     "police_review",
     "not_accepted",
     g_police_refuse},
    {{"reconsider", "提请复议", 0}, "criminal", "not_accepted", "reconsidering", g_reconsider},
    {{"reconsider_answer", "登记复议结果", 0}, "criminal", "reconsidering", NULL, g_answer},
    {{"suggest_supervision", "建议检察院立案监督", 0},
     "criminal",
     "not_accepted upheld",
     "supervision",
     g_supervision},
    {{"hand_over", "移交涉案物品和材料", 0}, "criminal", "accepted", "handed_over", g_hand_over},
};
#define NSTEPS (sizeof STEPS / sizeof STEPS[0])

const zf_transfer_step_info_t *zf_transfer_step_at(size_t i) {
    return i < NSTEPS ? &STEPS[i].info : NULL;
}

static const struct step *find_step(const char *code) {
    for (size_t i = 0; i < NSTEPS; i++)
        if (is(STEPS[i].info.code, code)) return &STEPS[i];
    return NULL;
}

const zf_transfer_step_info_t *zf_transfer_step_find(const char *code) {
    const struct step *s = find_step(code);
    return s ? &s->info : NULL;
}

/* Is `word` one of the space-separated words of `list`? */
static int list_has(const char *list, const char *word) {
    size_t n = strlen(word);
    for (const char *p = list; p && *p;) {
        const char *end = strchr(p, ' ');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len == n && strncmp(p, word, n) == 0) return 1;
        p = end ? end + 1 : NULL;
    }
    return 0;
}

int zf_transfer_check(const zf_transfer_t *t, const zf_transfer_step_t *st, const char **to,
                      zf_transfer_finding_t *out, size_t cap, size_t *n) {
    *n = 0;
    const struct step *s = find_step(st->step);
    if (!s) return ZF_ENOTFOUND;
    if (!is(s->kind, t->kind) || !t->state || !list_has(s->from, t->state)) return ZF_ECONFLICT;
    fl_t f = {out, cap, n, 0};
    check_day(&f, st->on, t->last_on, st->today);
    if (s->guard) s->guard(t, st, &f);
    if (f.blocked) return ZF_EINVAL;
    /* 第9条: the police's answer to the reconsideration decides the state */
    *to = s->to ? s->to : (is(st->answer, "reversed") ? "accepted" : "upheld");
    return 0;
}

/* ---- time limits ---- */

zf_day_t zf_transfer_plus_24h(const char *at, char out[32]) {
    int y, mo, d, h, mi, sec;
    if (!at || sscanf(at, "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &d, &h, &mi, &sec) != 6 ||
        strlen(at) < 20 || at[strlen(at) - 1] != 'Z')
        return ZF_DAY_NONE;
    zf_day_t day = zf_day_from_ymd(y, mo, d);
    char check[11];
    zf_day_format(day, check);
    if (strncmp(check, at, 10) != 0 || h > 23 || mi > 59 || sec > 60) return ZF_DAY_NONE;
    /* 24 hours later is the same clock time on the next UTC day */
    char next[11];
    zf_day_format(day + 1, next);
    snprintf(out, 32, "%s%s", next, at + 10);
    /* Asia/Shanghai is UTC+8 all year (no summer time since 1991) */
    return day + 1 + (h + 8 >= 24 ? 1 : 0);
}

static const struct {
    const char *kind, *state, *rule;
} DUE[] = {
    {"administrative", "sent", "transfer_feedback"},
    {"administrative", "received", "transfer_feedback"},
    {"criminal", "proposed", "transfer_decision"},
    {"criminal", "approved", "transfer_handover"},
    {"criminal", "police_review", "transfer_police_review"},
    {"criminal", "not_accepted", "transfer_reconsideration"},
    {"criminal", "reconsidering", "transfer_reconsideration_answer"},
    {"criminal", "upheld", "transfer_supervision"},
    {"criminal", "accepted", "transfer_items_handover"},
};

int zf_transfer_next_due(const char *kind, const char *state, zf_day_t from,
                         const char *approved_at, int feedback_days, const zf_calendar_t *cal,
                         const zf_dl_config_t *dl, zf_transfer_due_t *out, zf_error_t *err) {
    memset(out, 0, sizeof *out);
    out->rule = "";
    out->label = "";
    out->article = "";
    out->due = ZF_DAY_NONE;
    const char *rule = NULL;
    for (size_t i = 0; i < sizeof DUE / sizeof DUE[0]; i++)
        if (is(DUE[i].kind, kind) && is(DUE[i].state, state)) rule = DUE[i].rule;
    if (!rule || from == ZF_DAY_NONE) return 0;
    out->rule = rule;
    if (is(rule, "transfer_feedback")) {
        /* 安全生产法第69条 sets no period: the bureau's own (本系统配置),
         * natural days, rolled past a holiday like the other natural-day
         * limits when the deadline engine's switch says so */
        out->label = "接收部门反馈期限（本系统配置）";
        out->article = "安全生产法 第69条（法律未规定反馈期限，本系统配置）";
        zf_day_t due = from + feedback_days;
        zf_dl_config_t cfg = dl ? *dl : (zf_dl_config_t)ZF_DL_CONFIG_DEFAULT;
        if (cfg.roll_forward) {
            zf_day_t rolled;
            size_t ns = 0;
            zf_day_t skipped[ZF_DL_MAX_LISTED];
            int rc = zf_cal_roll_forward(cal, due, &rolled, skipped, ZF_DL_MAX_LISTED, &ns, err);
            if (rc) return rc;
            due = rolled;
        }
        out->due = due;
        return 0;
    }
    if (is(rule, "transfer_handover")) {
        const zf_dl_rule_t *r = zf_dl_rule_find(rule);
        out->label = r->label;
        out->article = r->source;
        out->due = zf_transfer_plus_24h(approved_at, out->due_at);
        if (out->due == ZF_DAY_NONE) out->due_at[0] = 0;
        return 0;
    }
    zf_dl_result_t r;
    int rc = zf_dl_compute(cal, dl, rule, from, &r, err);
    if (rc) return rc;
    out->label = r.rule->label;
    out->article = r.rule->source;
    out->due = r.due;
    return 0;
}

/* ---- 移送评估 ---- */

size_t zf_transfer_signal(const char *codes, const char *const *violation_codes, size_t n,
                          size_t *hit) {
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (violation_codes[i] && *violation_codes[i] && list_has(codes, violation_codes[i]))
            hit[k++] = i;
    return k;
}
