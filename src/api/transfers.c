/* transfers.c — transfers out of the bureau (issue 11, R27/R28): the list
 * (with the running time limit and an overdue filter), one transfer with its
 * steps, and a new transfer — an administrative one to the competent
 * department (安全生产法 第69条: 移送有关部门并形成记录备查) as sent, or a
 * criminal one as proposed by a 专案组 (国务院令第310号 第5条). The steps
 * are transfer_steps.c; the rules core/transfer.c. */
#include <stdlib.h>
#include <string.h>

#include "api/transfer_api.h"
#include "store/enterprises.h"
#include "store/exchange.h"
#include "store/inspections.h"
#include "store/officers.h"

int zf_transfer_cfg_load(zf_db_t *db, zf_arena_t *a, zf_transfer_cfg_t *cfg, zf_error_t *err) {
    int rc = zf_case_cfg_load(db, a, &cfg->c, err);
    const char *v = NULL;
    if (rc == 0) rc = zf_transfer_param(db, a, "transfer.feedback_days", cfg->c.today, &v, err);
    if (rc) return rc;
    cfg->feedback_days = atoi(v);
    if (cfg->feedback_days <= 0) cfg->feedback_days = 30;
    return 0;
}

static zf_day_t day_of(const char *s) {
    zf_day_t d;
    return s && *s && zf_day_parse(s, &d) == 0 ? d : ZF_DAY_NONE;
}

/* The day the running limit counts from: the latest step's day. */
static zf_day_t latest_day(const zf_transfer_row_t *t) {
    const char *days[] = {t->proposed_on,    t->decided_on, t->sent_on,       t->receipt_on,
                          t->feedback_on,    t->police_on,  t->reconsider_on, t->answer_on,
                          t->supervision_on, t->handover_on};
    zf_day_t last = ZF_DAY_NONE;
    for (size_t i = 0; i < sizeof days / sizeof days[0]; i++) {
        zf_day_t d = day_of(days[i]);
        if (d != ZF_DAY_NONE && (last == ZF_DAY_NONE || d > last)) last = d;
    }
    return last;
}

int zf_api_transfer_recompute_due(zf_arena_t *a, zf_transfer_row_t *t, const zf_transfer_cfg_t *cfg,
                                  zf_error_t *err) {
    zf_transfer_due_t due;
    zf_day_t from = strcmp(t->kind, "administrative") == 0 ? day_of(t->sent_on) : latest_day(t);
    int rc = zf_transfer_next_due(t->kind, t->state, from, t->decided_at, cfg->feedback_days,
                                  &cfg->c.cal, &cfg->c.dl, &due, err);
    /* A step of a year the calendar lacks (an old transfer recorded late)
     * is still recorded: its limit is then counted without rolling past
     * holidays, and without a limit if even that needs the calendar. */
    if (rc && strcmp(err->code, "calendar.year_missing") == 0) {
        zf_dl_config_t plain = cfg->c.dl;
        plain.roll_forward = 0;
        zf_error_t e2 = {0};
        rc = zf_transfer_next_due(t->kind, t->state, from, t->decided_at, cfg->feedback_days,
                                  &cfg->c.cal, &plain, &due, &e2);
        if (rc) {
            due.due = ZF_DAY_NONE;
            due.due_at[0] = 0;
            rc = 0;
        }
        *err = (zf_error_t){0};
    }
    if (rc) return rc;
    char d[11] = "";
    if (due.due != ZF_DAY_NONE) zf_day_format(due.due, d);
    t->next_due = zf_arena_strdup(a, d);
    t->next_due_at = zf_arena_strdup(a, due.due_at);
    if (strcmp(t->kind, "administrative") == 0)
        t->feedback_due = strcmp(t->state, "answered") ? t->next_due : t->feedback_due;
    return 0;
}

void zf_api_transfer_facts(const zf_transfer_row_t *t, zf_transfer_t *out) {
    *out = (zf_transfer_t){
        .kind = t->kind,
        .state = t->state,
        .agency_kind = t->agency_kind,
        .copy_agency_kind = t->copy_agency_kind,
        .reason = t->reason,
        .materials = t->materials,
        .team_counted = 2, /* checked when proposed (310号令第5条); the steps do not re-ask */
        .last_on = latest_day(t),
        .approved_at = t->decided_at};
}

json_t *zf_api_transfer_findings_json(const zf_transfer_finding_t *fs, size_t n) {
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:b}", "code", fs[i].code, "message",
                                             fs[i].message, "article", fs[i].article, "blocking",
                                             fs[i].blocking));
    return arr;
}

static json_t *ref_json(int64_t v) { return v > 0 ? json_integer(v) : json_null(); }

json_t *zf_api_transfer_json(zf_req_t *req, const zf_transfer_row_t *t,
                             const zf_transfer_cfg_t *cfg, int with_steps) {
    const char *sn = zf_transfer_state_name(t->state);
    json_t *j =
        json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:{s:I, s:s, s:s}, s:I, s:I}", "id",
                  (json_int_t)t->id, "unit_id", (json_int_t)t->unit_id, "unit_name", t->unit_name,
                  "kind", t->kind, "state", t->state, "state_name", sn ? sn : t->state, "agency",
                  "id", (json_int_t)t->agency_id, "name", t->agency_name, "kind", t->agency_kind,
                  "version", (json_int_t)t->version, "created_by", (json_int_t)t->created_by);
    json_object_set_new(j, "copy_agency",
                        t->copy_agency_id
                            ? json_pack("{s:I, s:s, s:s}", "id", (json_int_t)t->copy_agency_id,
                                        "name", t->copy_agency_name, "kind", t->copy_agency_kind)
                            : json_null());
#define J_TEXT(n) json_object_set_new(j, #n, json_string(t->n));
#define J_REF(n) json_object_set_new(j, #n, ref_json(t->n));
    ZF_TRANSFER_TEXTS(J_TEXT)
    ZF_TRANSFER_REFS(J_REF)
    json_object_set_new(j, "created_by_name", json_string(t->created_by_name));
    json_object_set_new(j, "decided_by_name", json_string(t->decided_by_name));
    json_object_set_new(j, "created_at", json_string(t->created_at));
    json_object_set_new(j, "final", json_boolean(zf_transfer_state_final(t->state)));
    json_object_set_new(j, "overdue",
                        json_boolean(*t->next_due && strcmp(t->next_due, cfg->c.today) < 0));
    /* the running limit's name and article, for the list */
    zf_transfer_due_t due;
    zf_error_t derr = {0};
    zf_day_t from = strcmp(t->kind, "administrative") == 0 ? day_of(t->sent_on) : latest_day(t);
    if (*t->next_due &&
        zf_transfer_next_due(t->kind, t->state, from, t->decided_at, cfg->feedback_days,
                             &cfg->c.cal, &cfg->c.dl, &due, &derr) == 0)
        json_object_set_new(j, "next_due_rule",
                            json_pack("{s:s, s:s, s:s}", "rule", due.rule, "label", due.label,
                                      "article", due.article));
    else
        json_object_set_new(j, "next_due_rule", json_null());
    if (!with_steps) return j;
    zf_transfer_steprow_t *steps = NULL;
    size_t n = 0;
    zf_error_t err = {0};
    json_t *arr = json_array();
    if (zf_transfer_steps(zf_api_db(req), req->arena, t->id, &steps, &n, &err) == 0)
        for (size_t i = 0; i < n; i++) {
            const zf_transfer_step_info_t *si = zf_transfer_step_find(steps[i].step);
            const char *stn = zf_transfer_state_name(steps[i].state);
            json_array_append_new(
                arr,
                json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:{s:I, s:s}, s:s}", "id",
                          (json_int_t)steps[i].id, "step", steps[i].step, "label",
                          si ? si->label
                             : (strcmp(steps[i].step, "propose") == 0 ? "提出移送（书面移送报告）"
                                                                      : "移送（送达移送书）"),
                          "state", steps[i].state, "state_name", stn ? stn : steps[i].state, "on",
                          steps[i].on_day, "at", steps[i].at, "by", "id",
                          (json_int_t)steps[i].user_id, "name", steps[i].user_name, "note",
                          steps[i].note));
        }
    json_object_set_new(j, "steps", arr);
    /* the steps leaving this state, and whether this actor may take them */
    const zf_actor_t *actor = zf_api_actor(req);
    json_t *next = json_array();
    zf_transfer_t facts;
    zf_api_transfer_facts(t, &facts);
    for (size_t i = 0; zf_transfer_step_at(i); i++) {
        const zf_transfer_step_info_t *si = zf_transfer_step_at(i);
        zf_transfer_step_t probe = {.step = si->code,
                                    .on = cfg->c.today_d,
                                    .today = cfg->c.today_d,
                                    .answer = "upheld",
                                    .text = "-",
                                    .who = "-"};
        zf_transfer_finding_t fs[8];
        size_t nf = 0;
        const char *to = NULL;
        int rc = zf_transfer_check(&facts, &probe, &to, fs, 8, &nf);
        if (rc == ZF_ECONFLICT || rc == ZF_ENOTFOUND) continue;
        zf_error_t perr = {0};
        int may = zf_perm_check(actor, si->leader ? "transfer.approve" : "transfer.write",
                                t->unit_path, &perr) == 0;
        json_array_append_new(next,
                              json_pack("{s:s, s:s, s:b, s:b, s:o}", "step", si->code, "label",
                                        si->label, "leader", si->leader, "allowed", may, "findings",
                                        zf_api_transfer_findings_json(fs, nf < 8 ? nf : 8)));
    }
    json_object_set_new(j, "next_steps", next);
    return j;
}

/* ---- list and detail ---- */

void zf_api_transfers_list(zf_req_t *req, zf_resp_t *resp) {
    zf_error_t err = {0};
    zf_transfer_cfg_t cfg;
    zf_transfer_filter_t f = {.scope_path = zf_api_actor(req)->scope_path, .limit = 50};
    const char *kind = zf_req_query(req, "kind"), *state = zf_req_query(req, "state");
    const char *ov = zf_req_query(req, "overdue"), *cs = zf_req_query(req, "case_id");
    const char *b = zf_req_query(req, "before"), *l = zf_req_query(req, "limit");
    char *end = NULL;
    int rc = 0;
    if (kind && *kind && !zf_transfer_kind_valid(kind))
        rc = zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", "kind",
                          "移送类型 kind 应为 administrative 或 criminal");
    if (rc == 0 && state && *state && !zf_transfer_state_name(state))
        rc = zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", "state", "未知的移送状态“%s”",
                          state);
    if (rc == 0 && ov && *ov && strcmp(ov, "1") && strcmp(ov, "0"))
        rc = zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", "overdue",
                          "参数 overdue 应为 1 或 0");
    if (rc == 0 && cs && *cs) {
        f.case_id = strtoll(cs, &end, 10);
        if (*end || f.case_id <= 0)
            rc = zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", "case_id",
                              "参数 case_id 应为正整数");
    }
    if (rc == 0 && b && *b) {
        f.before_id = strtoll(b, &end, 10);
        if (*end || f.before_id <= 0)
            rc = zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", "before",
                              "参数 before 应为正整数");
    }
    if (rc == 0 && l && *l) {
        f.limit = strtoll(l, &end, 10);
        if (*end || f.limit < 1 || f.limit > 200)
            rc = zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", "limit",
                              "每页条数 limit 应为 1–200");
    }
    if (rc == 0) rc = zf_transfer_cfg_load(zf_api_db(req), req->arena, &cfg, &err);
    f.kind = kind && *kind ? kind : NULL;
    f.state = state && *state ? state : NULL;
    if (rc == 0 && ov && strcmp(ov, "1") == 0) f.overdue_before = cfg.c.today;
    zf_transfer_row_t *items = NULL;
    size_t n = 0;
    if (rc == 0) rc = zf_transfers_list(zf_api_db(req), req->arena, &f, &items, &n, &err);
    if (rc) {
        zf_api_fail(req, resp, &err);
        return;
    }
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, zf_api_transfer_json(req, &items[i], &cfg, 0));
    json_t *steps = json_array();
    for (size_t i = 0; zf_transfer_step_at(i); i++)
        json_array_append_new(steps,
                              json_pack("{s:s, s:s, s:b}", "code", zf_transfer_step_at(i)->code,
                                        "label", zf_transfer_step_at(i)->label, "leader",
                                        zf_transfer_step_at(i)->leader));
    zf_resp_json(req, resp, 200,
                 json_pack("{s:o, s:o, s:s, s:i, s:o}", "items", arr, "next_before",
                           (int64_t)n == f.limit && n ? json_integer(items[n - 1].id) : json_null(),
                           "today", cfg.c.today, "feedback_days", cfg.feedback_days, "steps",
                           steps));
}

void zf_api_transfer_get(zf_req_t *req, zf_resp_t *resp) {
    int64_t id = zf_api_id_param(req, resp, "id");
    if (!id) return;
    zf_error_t err = {0};
    zf_transfer_row_t t;
    zf_transfer_cfg_t cfg;
    int rc = zf_transfer_get(zf_api_db(req), req->arena, id, &t, &err);
    if (rc == 0) rc = zf_perm_check(zf_api_actor(req), "transfer.read", t.unit_path, &err);
    if (rc == 0) rc = zf_transfer_cfg_load(zf_api_db(req), req->arena, &cfg, &err);
    if (rc) {
        zf_api_fail(req, resp, &err);
        return;
    }
    zf_resp_json(req, resp, 200, zf_api_transfer_json(req, &t, &cfg, 1));
}

/* ---- a new transfer ---- */

/* The 专案组 "3,5" (officer ids): how many count as certified officers on
 * `on` (zf_team_check, 行政处罚法 第42条 / 310号令 第5条). 400 naming team
 * when an id is not an officer of the actor's scope. */
static int team_counted(zf_db_t *db, zf_arena_t *a, const zf_actor_t *actor, const char *team,
                        const char *on, size_t *counted, const char **canon, zf_error_t *err) {
    enum { MAX_TEAM = 12 };
    zf_officer_facts_t facts[MAX_TEAM];
    size_t n = 0;
    zf_officer_rules_t rules;
    int rc = zf_officer_rules_load(db, on, &rules, err);
    if (rc) return rc;
    char *out = zf_arena_strdup(a, "");
    for (const char *p = team; p && *p;) {
        char *end = NULL;
        long long id = strtoll(p, &end, 10);
        if (end == p || id <= 0 || (*end && *end != ',') || n == MAX_TEAM)
            return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", "team",
                                "专案组 team 应为以逗号分隔的执法人员编号（最多 %d 个）", MAX_TEAM);
        zf_officer_t o;
        rc = zf_officer_get(db, a, id, &o, err);
        if (rc == 0 && !zf_perm_in_scope(actor->scope_path, o.unit_path)) rc = ZF_ENOTFOUND;
        if (rc == ZF_ENOTFOUND)
            return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", "team",
                                "执法人员 %lld 不存在或不在本单位管辖范围内", id);
        if (rc) return rc;
        zf_training_t *tr = NULL;
        size_t nt = 0;
        rc = zf_trainings_list(db, a, "/", o.id, &tr, &nt, err);
        if (rc) return rc;
        zf_training_span_t *spans = zf_arena_alloc(a, (nt ? nt : 1) * sizeof *spans);
        size_t k = 0;
        for (size_t j = 0; j < nt; j++) {
            zf_day_t s = day_of(tr[j].start_date), e = day_of(tr[j].end_date);
            if (s == ZF_DAY_NONE || e == ZF_DAY_NONE) continue;
            spans[k++] =
                (zf_training_span_t){strcmp(tr[j].kind, "onboarding") == 0, s, e, (int)tr[j].days};
        }
        facts[n++] = (zf_officer_facts_t){o.id,
                                          o.name,
                                          o.kind,
                                          o.status,
                                          o.cert_no,
                                          o.cert_issued_on,
                                          o.cert_expires_on,
                                          zf_onboarding_done_on(&rules, spans, k, NULL)};
        out = zf_arena_printf(a, "%s%s%lld", out, *out ? "," : "", id);
        p = *end ? end + 1 : end;
    }
    int counts[MAX_TEAM];
    zf_team_finding_t tf[ZF_TEAM_FINDINGS_MAX(MAX_TEAM)];
    size_t nf = 0;
    *counted = 0;
    zf_team_check(&rules, day_of(on), facts, n, counts, tf, &nf, counted);
    *canon = out;
    return 0;
}

void zf_api_transfer_create(zf_req_t *req, zf_resp_t *resp) {
    static const zf_field_t spec[] = {
        {"kind", ZF_FIELD_STRING, 1, "移送类型", 16, 1},
        {"agency_id", ZF_FIELD_INT, 1, "接收单位", 0, 0},
        {"copy_agency_id", ZF_FIELD_INT, 0, "抄送检察院", 0, 0},
        {"case_id", ZF_FIELD_INT, 0, "案件", 0, 0},
        {"inspection_id", ZF_FIELD_INT, 0, "检查", 0, 0},
        {"hazard_id", ZF_FIELD_INT, 0, "隐患", 0, 0},
        {"enterprise_id", ZF_FIELD_INT, 0, "企业", 0, 0},
        {"subject", ZF_FIELD_STRING, 1, "移送事项", 200, 1},
        {"reason", ZF_FIELD_STRING, 0, "移送理由", 4000, 0},
        {"materials", ZF_FIELD_STRING, 0, "移送材料清单", 2000, 0},
        {"team", ZF_FIELD_STRING, 0, "专案组", 200, 0},
        {"letter_no", ZF_FIELD_STRING, 0, "移送书文号", 64, 0},
        {"on", ZF_FIELD_STRING, 1, "日期", 10, 10},
        {"sent_method", ZF_FIELD_STRING, 0, "送达方式", 32, 0},
    };
    json_t *body = zf_api_body(req, resp, spec, sizeof spec / sizeof spec[0]);
    if (!body) return;
    const zf_actor_t *actor = zf_api_actor(req);
    zf_db_t *db = zf_api_db(req);
    zf_arena_t *a = req->arena;
    zf_error_t err = {0};
    zf_transfer_cfg_t cfg;
    zf_transfer_row_t t = {0};
    t.kind = zf_body_str(body, "kind");
    t.agency_id = zf_body_int(body, "agency_id", 0);
    t.copy_agency_id = zf_body_int(body, "copy_agency_id", 0);
    t.case_id = zf_body_int(body, "case_id", 0);
    t.inspection_id = zf_body_int(body, "inspection_id", 0);
    t.hazard_id = zf_body_int(body, "hazard_id", 0);
    t.enterprise_id = zf_body_int(body, "enterprise_id", 0);
    const char *on = zf_body_str(body, "on");
    const char *empty = "";
#define T_EMPTY(n) t.n = empty;
    ZF_TRANSFER_TEXTS(T_EMPTY)
    t.subject = zf_body_str(body, "subject");
    t.reason = zf_body_str(body, "reason") ? zf_body_str(body, "reason") : "";
    t.materials = zf_body_str(body, "materials") ? zf_body_str(body, "materials") : "";
    t.letter_no = zf_body_str(body, "letter_no") ? zf_body_str(body, "letter_no") : "";
    t.created_by = actor->user_id;
    int rc = 0;
    if (!zf_transfer_kind_valid(t.kind))
        rc = zf_error_set(
            &err, ZF_EINVAL, 400, "input.invalid", "kind",
            "移送类型 kind 应为 administrative（移送其他部门）或 criminal（涉嫌犯罪移送）");
    int criminal = rc == 0 && strcmp(t.kind, "criminal") == 0;
    if (rc == 0 && !t.case_id && !t.inspection_id && !t.hazard_id && !t.enterprise_id)
        rc = zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", "case_id",
                          "须指明移送所涉的案件、检查、隐患或企业");
    if (rc == 0 && criminal && !t.case_id)
        rc = zf_error_set(
            &err, ZF_EINVAL, 400, "input.invalid", "case_id",
            "涉嫌犯罪移送须关联本局案件（国务院令第310号 第3条：在依法查处违法行为过程中发现）");
    if (rc == 0 && !criminal && !zf_body_str(body, "sent_method"))
        rc = zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", "sent_method",
                          "须填写移送书的送达方式（如 直接送达、邮寄、电子政务平台）");
    if (rc == 0 && day_of(on) == ZF_DAY_NONE)
        rc = zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", "on",
                          "日期应为 YYYY-MM-DD 格式的有效日期");
    /* the unit the transfer belongs to: the case's; otherwise the actor's */
    const char *unit_path = actor->unit_path;
    t.unit_id = actor->unit_id;
    if (rc == 0 && t.case_id) {
        zf_case_row_t c;
        rc = zf_case_get(db, a, t.case_id, &c, &err);
        if (rc == ZF_ENOTFOUND)
            rc = zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", "case_id", "案件 %lld 不存在",
                              (long long)t.case_id);
        if (rc == 0) {
            t.unit_id = c.unit_id;
            unit_path = c.unit_path;
        }
    }
    if (rc == 0 && t.enterprise_id) {
        zf_enterprise_t e;
        rc = zf_enterprise_get(db, a, t.enterprise_id, &e, &err);
        if (rc == ZF_ENOTFOUND)
            rc = zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", "enterprise_id",
                              "企业 %lld 不存在", (long long)t.enterprise_id);
    }
    if (rc == 0 && t.inspection_id) {
        json_t *x = NULL;
        rc = zf_inspection_get(db, t.inspection_id, &x, &err);
        json_decref(x);
        if (rc == ZF_ENOTFOUND)
            rc = zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", "inspection_id",
                              "检查 %lld 不存在", (long long)t.inspection_id);
    }
    if (rc == 0 && t.hazard_id) {
        json_t *x = NULL;
        rc = zf_hazard_get(db, t.hazard_id, "", &x, &err);
        json_decref(x);
        if (rc == ZF_ENOTFOUND)
            rc = zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", "hazard_id",
                              "隐患 %lld 不存在", (long long)t.hazard_id);
    }
    if (rc == 0) rc = zf_perm_check(actor, "transfer.propose", unit_path, &err);
    zf_agency_t ag = {0}, cag = {0};
    if (rc == 0) {
        rc = zf_agency_get(db, a, t.agency_id, &ag, &err);
        if (rc == ZF_ENOTFOUND ||
            (rc == 0 && (!ag.active || !zf_perm_in_scope(ag.unit_path, unit_path))))
            rc = zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", "agency_id",
                              "接收单位 %lld 不在本局的协作单位名单中或已停用",
                              (long long)t.agency_id);
    }
    if (rc == 0 && t.copy_agency_id) {
        rc = zf_agency_get(db, a, t.copy_agency_id, &cag, &err);
        if (rc == ZF_ENOTFOUND ||
            (rc == 0 && (!cag.active || !zf_perm_in_scope(cag.unit_path, unit_path))))
            rc = zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", "copy_agency_id",
                              "抄送单位 %lld 不在本局的协作单位名单中或已停用",
                              (long long)t.copy_agency_id);
    }
    size_t counted = 0;
    if (rc == 0 && criminal)
        rc = team_counted(db, a, actor, zf_body_str(body, "team"), on, &counted, &t.team, &err);
    if (rc == 0) rc = zf_transfer_cfg_load(db, a, &cfg, &err);
    if (rc) {
        zf_api_fail(req, resp, &err);
        return;
    }
    zf_transfer_t facts = {.kind = t.kind,
                           .agency_kind = ag.kind,
                           .copy_agency_kind = t.copy_agency_id ? cag.kind : "",
                           .reason = t.reason,
                           .materials = t.materials,
                           .team_counted = counted,
                           .last_on = ZF_DAY_NONE};
    zf_transfer_finding_t fs[16];
    size_t nf = 0;
    if (zf_transfer_check_new(&facts, day_of(on), cfg.c.today_d, fs, 16, &nf) != 0) {
        json_t *e = json_pack("{s:{s:s, s:s, s:o}}", "error", "code", "transfer.refused", "message",
                              zf_arena_printf(a, "不能%s：%s", criminal ? "提出移送" : "登记移送",
                                              nf ? fs[0].message : ""),
                              "findings", zf_api_transfer_findings_json(fs, nf < 16 ? nf : 16));
        zf_resp_json(req, resp, 422, e);
        return;
    }
    t.state = zf_transfer_initial_state(t.kind);
    if (criminal) {
        t.proposed_on = on;
    } else {
        t.sent_on = on;
        t.sent_method = zf_body_str(body, "sent_method");
    }
    rc = zf_api_transfer_recompute_due(a, &t, &cfg, &err);
    int64_t id = 0;
    if (rc == 0) rc = zf_db_begin(db, &err);
    if (rc == 0) rc = zf_transfer_insert(db, &t, &id, &err);
    if (rc == 0)
        rc = zf_transfer_step_insert(db, id, criminal ? "propose" : "send_letter", t.state, on,
                                     actor->user_id, criminal ? t.reason : t.materials, &err);
    zf_transfer_row_t stored;
    if (rc == 0) rc = zf_transfer_get(db, a, id, &stored, &err);
    if (rc) {
        zf_api_abort(req, resp, &err);
        return;
    }
    json_t *after = zf_api_transfer_json(req, &stored, &cfg, 0);
    zf_api_commit_change(req, resp, criminal ? "transfer.propose" : "transfer.send", "transfer", id,
                         stored.unit_id, NULL, json_incref(after), after, 201);
}
