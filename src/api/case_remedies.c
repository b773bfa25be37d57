/* case_remedies.c — the party's 行政复议 / 行政诉讼 against a case's penalty
 * decision (issue 8; migration 033, core/remedy.h):
 *
 *   GET   /api/v1/cases/{id}/remedies                 the remedies, the paused
 *         days and the court application of 行政强制法 第53条
 *   POST  /api/v1/cases/{id}/remedies                 the application
 *   PATCH /api/v1/cases/{id}/remedies/{remedy_id}     the outcome
 *
 * Writes are case writes (case.write, the case's unit, the case's version:
 * 409 on a stale one) and events "case.remedy_apply" / "case.remedy_outcome"
 * on the case, so they show on its timeline. The outcome codes are the
 * dated configuration remedy.outcomes in force today. */
#include <string.h>

#include "api/case_api.h"

static const char *kind_name(const char *k) {
    return strcmp(k, "litigation") == 0 ? "行政诉讼" : "行政复议";
}

int zf_api_case_remedies(const zf_case_full_t *f, const zf_case_cfg_t *cfg, zf_remedy_t *out,
                         size_t cap) {
    size_t k = 0;
    for (size_t i = 0; i < f->nremedies && k < cap; i++) {
        const zf_case_remedy_t *r = &f->remedies[i];
        zf_remedy_t *o = &out[k];
        o->litigation = strcmp(r->kind, "litigation") == 0;
        if (zf_day_parse(r->applied_on, &o->applied_on) != 0) continue;
        o->decided_on = ZF_DAY_NONE;
        o->effect = ZF_REMEDY_STANDS;
        o->outcome_name = NULL;
        if (*r->outcome && zf_day_parse(r->outcome_on, &o->decided_on) == 0) {
            const zf_remedy_outcome_t *oc =
                zf_remedy_outcome_find(cfg->outcomes, cfg->noutcomes, r->outcome, r->kind);
            /* an outcome no longer in today's list keeps its recorded name;
             * its effect is unknown, so execution is held, never assumed */
            o->effect = oc ? oc->effect : ZF_REMEDY_HOLDS;
            o->outcome_name = oc ? oc->name : r->outcome;
        }
        k++;
    }
    return (int)k;
}

json_t *zf_api_case_remedies_json(zf_arena_t *a, const zf_case_full_t *f,
                                  const zf_case_cfg_t *cfg) {
    json_t *items = json_array();
    for (size_t i = 0; i < f->nremedies; i++) {
        const zf_case_remedy_t *r = &f->remedies[i];
        const zf_remedy_outcome_t *oc =
            *r->outcome ? zf_remedy_outcome_find(cfg->outcomes, cfg->noutcomes, r->outcome, r->kind)
                        : NULL;
        json_t *j =
            json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:b, s:I, s:s}", "id", (json_int_t)r->id,
                      "kind", r->kind, "kind_name", kind_name(r->kind), "applied_on", r->applied_on,
                      "body", r->body, "body_case_no", r->body_case_no, "pending", *r->outcome == 0,
                      "version", (json_int_t)r->version, "outcome_note", r->outcome_note);
        json_object_set_new(j, "outcome", *r->outcome ? json_string(r->outcome) : json_null());
        json_object_set_new(j, "outcome_name",
                            *r->outcome ? json_string(oc ? oc->name : r->outcome) : json_null());
        json_object_set_new(j, "outcome_on",
                            *r->outcome_on ? json_string(r->outcome_on) : json_null());
        json_object_set_new(j, "effect",
                            oc ? json_string(zf_remedy_effect_code(oc->effect)) : json_null());
        json_object_set_new(j, "effect_name",
                            oc ? json_string(zf_remedy_effect_name(oc->effect)) : json_null());
        json_array_append_new(items, j);
    }
    /* 第73条第3款: the spans the surcharge leaves out */
    zf_remedy_t rs[ZF_CASE_MAX_REMEDIES];
    int n = zf_api_case_remedies(f, cfg, rs, ZF_CASE_MAX_REMEDIES);
    zf_span_t sp[ZF_CASE_MAX_REMEDIES];
    size_t ns = zf_remedy_spans(rs, (size_t)n, cfg->today_d, sp, ZF_CASE_MAX_REMEDIES);
    json_t *spans = json_array();
    for (size_t i = 0; i < ns; i++) {
        char from[11], to[11];
        zf_day_format(sp[i].from, from);
        zf_day_format(sp[i].to, to);
        json_array_append_new(spans, json_pack("{s:s, s:s}", "from", from, "to", to));
    }
    /* 行政强制法 第53条 */
    zf_enforce_t e;
    zf_error_t err = {0};
    json_t *enf;
    zf_day_t served = ZF_DAY_NONE;
    zf_day_parse(f->c.served_on, &served);
    if (zf_remedy_enforcement(&cfg->cal, &cfg->dl, served, f->c.simple, rs, (size_t)n, &e, &err) ==
        0) {
        static const char *const st[] = {"due", "pending", "blocked", "not_started"};
        char end[11] = "", due[11] = "";
        if (e.period_end != ZF_DAY_NONE) zf_day_format(e.period_end, end);
        if (e.due != ZF_DAY_NONE) zf_day_format(e.due, due);
        enf =
            json_pack("{s:s, s:s, s:s, s:o, s:o, s:s}", "status", st[e.status], "code", e.code,
                      "basis", e.basis, "period_end", *end ? json_string(end) : json_null(), "due",
                      *due ? json_string(due) : json_null(), "article", "行政强制法 第53条");
    } else {
        enf = json_pack("{s:s, s:s, s:s, s:n, s:n, s:s}", "status", "unknown", "code", err.code,
                        "basis", err.message, "period_end", "due", "article", "行政强制法 第53条");
    }
    json_t *outcomes = json_array();
    for (size_t i = 0; i < cfg->noutcomes; i++)
        json_array_append_new(
            outcomes, json_pack("{s:s, s:s, s:s, s:s, s:s}", "code", cfg->outcomes[i].code, "name",
                                cfg->outcomes[i].name, "effect",
                                zf_remedy_effect_code(cfg->outcomes[i].effect), "effect_name",
                                zf_remedy_effect_name(cfg->outcomes[i].effect), "kinds",
                                cfg->outcomes[i].kinds));
    (void)a;
    return json_pack("{s:o, s:o, s:s, s:o, s:o, s:s}", "items", items, "paused_spans", spans,
                     "paused_article", "行政处罚法 第73条第3款", "enforcement", enf, "outcomes",
                     outcomes, "outcomes_source", cfg->outcomes_src);
}

void zf_api_case_remedies_get(zf_req_t *req, zf_resp_t *resp) {
    zf_case_full_t f;
    if (zf_api_case_fetch(req, resp, "case.read", &f) != 0) return;
    zf_case_cfg_t cfg;
    zf_error_t err = {0};
    if (zf_case_cfg_load(zf_api_db(req), req->arena, &cfg, &err) != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    json_t *j = zf_api_case_remedies_json(req->arena, &f, &cfg);
    json_object_set_new(j, "case_id", json_integer(f.c.id));
    json_object_set_new(j, "case_version", json_integer(f.c.version));
    zf_resp_json(req, resp, 200, j);
}

/* A decision the party can challenge: decided (also on the spot), and not
 * 不予处罚 / withdrawn / still before the decision. */
static int challengeable(const zf_case_row_t *c) {
    return !strcmp(c->state, "decided") || !strcmp(c->state, "served") ||
           !strcmp(c->state, "executing") || !strcmp(c->state, "closed") ||
           !strcmp(c->state, "archived");
}

static int begin(zf_req_t *req, zf_resp_t *resp, json_t *body, zf_case_full_t *f,
                 zf_case_cfg_t *cfg) {
    if (zf_api_case_fetch(req, resp, "case.write", f) != 0) return -1;
    zf_error_t err = {0};
    int rc = 0;
    if (zf_body_int(body, "version", -1) != f->c.version)
        rc = zf_error_set(&err, ZF_ECONFLICT, 409, "conflict.version", "version",
                          "案件已被他人修改，请刷新后重试");
    if (rc == 0) rc = zf_case_cfg_load(zf_api_db(req), req->arena, cfg, &err);
    if (rc) {
        zf_api_fail(req, resp, &err);
        return -1;
    }
    return 0;
}

static json_t *remedy_log(const zf_case_remedy_t *r) {
    return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "remedy_id", (json_int_t)r->id,
                     "kind", r->kind, "applied_on", r->applied_on, "body", r->body, "body_case_no",
                     r->body_case_no, "outcome", r->outcome ? r->outcome : "", "outcome_on",
                     r->outcome_on ? r->outcome_on : "", "outcome_note",
                     r->outcome_note ? r->outcome_note : "");
}

void zf_api_case_remedy_add(zf_req_t *req, zf_resp_t *resp) {
    static const zf_field_t spec[] = {
        {"version", ZF_FIELD_INT, 1, "版本", 0, 0},
        {"kind", ZF_FIELD_STRING, 1, "救济方式", 20, 1},
        {"applied_on", ZF_FIELD_STRING, 1, "申请（起诉）日期", 10, 10},
        {"body", ZF_FIELD_STRING, 1, "复议机关或人民法院", 100, 1},
        {"body_case_no", ZF_FIELD_STRING, 0, "复议机关或法院的案号", 100, 0},
    };
    json_t *body = zf_api_body(req, resp, spec, sizeof spec / sizeof spec[0]);
    if (!body) return;
    zf_case_full_t f;
    zf_case_cfg_t cfg;
    if (begin(req, resp, body, &f, &cfg) != 0) return;
    zf_error_t err = {0};
    int rc = 0;
    const char *kind = zf_body_str(body, "kind");
    if (strcmp(kind, "reconsideration") && strcmp(kind, "litigation"))
        rc = zf_api_case_bad(&err, "kind",
                             "救济方式应为 reconsideration（行政复议）或 litigation（行政诉讼）");
    if (rc == 0 && !challengeable(&f.c))
        rc = zf_error_set(&err, ZF_ECONFLICT, 409, "remedy.no_decision", "kind",
                          "案件尚未作出行政处罚决定，无可申请复议或起诉的决定");
    const char *applied = NULL;
    if (rc == 0)
        rc = zf_api_case_date(body, "applied_on", "申请（起诉）日期", &cfg, &applied, &err);
    zf_day_t ad = ZF_DAY_NONE, dd = ZF_DAY_NONE;
    if (rc == 0) zf_day_parse(applied, &ad);
    if (rc == 0 && zf_day_parse(f.c.decided_on, &dd) == 0 && ad < dd)
        rc = zf_api_case_bad(&err, "applied_on", "申请（起诉）日期不能早于处罚决定日期");
    /* 行政复议法 第29条 [原文, LAW.md §7]: 复议受理后复议期间不得起诉; one
     * pending remedy of a kind at a time */
    int review_done = 0;
    for (size_t i = 0; rc == 0 && i < f.nremedies; i++) {
        const zf_case_remedy_t *r = &f.remedies[i];
        int pending = *r->outcome == 0;
        const zf_remedy_outcome_t *oc =
            pending ? NULL
                    : zf_remedy_outcome_find(cfg.outcomes, cfg.noutcomes, r->outcome, r->kind);
        /* a review decided (not merely withdrawn) opens the suit */
        if (!strcmp(r->kind, "reconsideration") && oc && oc->effect != ZF_REMEDY_WITHDRAWN)
            review_done = 1;
        if (pending && !strcmp(r->kind, "reconsideration") && !strcmp(kind, "litigation"))
            rc = zf_error_set(&err, ZF_ECONFLICT, 409, "remedy.review_pending", "kind",
                              "行政复议尚未终结，复议期间不得提起行政诉讼（行政复议法 第29条）");
        else if (pending && !strcmp(r->kind, kind))
            rc = zf_error_set(&err, ZF_ECONFLICT, 409, "remedy.already_pending", "kind",
                              "本案已有未终结的%s，请先登记其结果", kind_name(kind));
    }
    if (rc == 0 && f.nremedies >= ZF_CASE_MAX_REMEDIES)
        rc = zf_error_set(&err, ZF_ECONFLICT, 409, "remedy.too_many", "kind",
                          "本案复议、诉讼记录已达上限（%d条）", ZF_CASE_MAX_REMEDIES);
    /* 行政复议法 第23条第1款第1项 [原文, LAW.md §7]: 当场作出的行政处罚决定
     * 不服的，先申请复议 — no suit before a review decision */
    if (rc == 0 && f.c.simple && !strcmp(kind, "litigation") && !review_done)
        rc = zf_error_set(&err, ZF_ECONFLICT, 409, "remedy.review_first", "kind",
                          "当场作出的行政处罚决定须先申请行政复议，复议决定后方可起诉"
                          "（行政复议法 第23条第1款第1项）");
    if (rc == 0) rc = zf_db_begin(zf_api_db(req), &err);
    zf_case_remedy_t r = {.case_id = f.c.id,
                          .kind = kind,
                          .applied_on = applied,
                          .body = zf_body_str(body, "body"),
                          .body_case_no = zf_body_str(body, "body_case_no"),
                          .outcome = "",
                          .outcome_on = "",
                          .outcome_note = "",
                          .created_by = zf_api_actor(req)->user_id};
    if (!r.body_case_no) r.body_case_no = "";
    if (rc == 0) rc = zf_case_remedy_add(zf_api_db(req), &r, &err);
    if (rc) {
        zf_api_abort(req, resp, &err);
        return;
    }
    zf_api_case_finish(req, resp, &f, "case.remedy_apply", json_object(), remedy_log(&r), 201);
}

void zf_api_case_remedy_outcome(zf_req_t *req, zf_resp_t *resp) {
    static const zf_field_t spec[] = {
        {"version", ZF_FIELD_INT, 1, "版本", 0, 0},
        {"outcome", ZF_FIELD_STRING, 1, "复议、诉讼结果", 32, 1},
        {"outcome_on", ZF_FIELD_STRING, 1, "结果送达日期", 10, 10},
        {"outcome_note", ZF_FIELD_STRING, 0, "结果说明", 2000, 0},
    };
    json_t *body = zf_api_body(req, resp, spec, sizeof spec / sizeof spec[0]);
    if (!body) return;
    int64_t rid = zf_api_id_param(req, resp, "remedy_id");
    if (!rid) return;
    zf_case_full_t f;
    zf_case_cfg_t cfg;
    if (begin(req, resp, body, &f, &cfg) != 0) return;
    zf_error_t err = {0};
    int rc = 0;
    zf_case_remedy_t *r = NULL;
    for (size_t i = 0; i < f.nremedies; i++)
        if (f.remedies[i].id == rid) r = &f.remedies[i];
    if (!r)
        rc = zf_error_set(&err, ZF_ENOTFOUND, 404, "case.remedy_not_found", "remedy_id",
                          "本案没有该复议、诉讼记录");
    /* a recorded outcome is not edited: an appeal or a new review is a new
     * record, so the log keeps what was known when */
    if (rc == 0 && *r->outcome)
        rc = zf_error_set(&err, ZF_ECONFLICT, 409, "remedy.already_decided", "outcome",
                          "该%s已登记结果（%s），不能修改；上诉或再次申请请另行登记",
                          kind_name(r->kind), r->outcome);
    const char *code = zf_body_str(body, "outcome");
    const zf_remedy_outcome_t *oc =
        rc == 0 ? zf_remedy_outcome_find(cfg.outcomes, cfg.noutcomes, code, r->kind) : NULL;
    if (rc == 0 && !oc) {
        char list[512] = "";
        size_t len = 0;
        for (size_t i = 0; i < cfg.noutcomes && len + 80 < sizeof list; i++)
            if (strstr(cfg.outcomes[i].kinds, r->kind))
                len +=
                    (size_t)snprintf(list + len, sizeof list - len, "%s%s（%s）", len ? "、" : "",
                                     cfg.outcomes[i].code, cfg.outcomes[i].name);
        rc = zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", "outcome", "%s结果应为：%s",
                          kind_name(r->kind), list);
    }
    const char *on = NULL;
    if (rc == 0) rc = zf_api_case_date(body, "outcome_on", "结果送达日期", &cfg, &on, &err);
    if (rc == 0 && strcmp(on, r->applied_on) < 0)
        rc = zf_api_case_bad(&err, "outcome_on", "结果送达日期不能早于申请（起诉）日期");
    if (rc == 0) rc = zf_db_begin(zf_api_db(req), &err);
    json_t *before = rc == 0 ? remedy_log(r) : NULL;
    if (rc == 0) {
        r->outcome = code;
        r->outcome_on = on;
        r->outcome_note =
            zf_body_str(body, "outcome_note") ? zf_body_str(body, "outcome_note") : "";
        rc = zf_case_remedy_outcome(zf_api_db(req), r, &err);
    }
    if (rc) {
        json_decref(before);
        zf_api_abort(req, resp, &err);
        return;
    }
    json_t *after = remedy_log(r);
    json_object_set_new(after, "effect", json_string(zf_remedy_effect_code(oc->effect)));
    zf_api_case_finish(req, resp, &f, "case.remedy_outcome", before, after, 200);
}
