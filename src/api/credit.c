/* credit.c — credit punishment (信用惩戒, issue 10, R26): bad records
 * (不良记录, 安全生产法 第78条第1款) and the serious dishonesty list
 * (严重失信主体名单, 应急管理部令第11号, LAW.md §5.3 [二手]).
 *
 *   GET  /api/v1/credit/criteria                 the nine situations, the
 *                                                conditions of early removal
 *   POST /api/v1/credit/evaluate                 facts → criteria met
 *   GET  /api/v1/credit/records                  list (keyset, filters)
 *   GET  /api/v1/credit/records/{id}             one, with its applications
 *   POST /api/v1/credit/records                  bad record / proposal
 *   POST /api/v1/credit/records/{id}/approve     bureau leader
 *   POST /api/v1/credit/records/{id}/reject      bureau leader
 *   POST /api/v1/credit/records/{id}/notify      告知 (date + document number)
 *   POST /api/v1/credit/records/{id}/list        公示: sets credit_punished
 *   POST /api/v1/credit/records/{id}/revoke      撤销列入 (bureau leader)
 *   POST /api/v1/credit/records/{id}/restore     撤销提前移出、恢复列入
 *   POST /api/v1/credit/records/{id}/applications  提前移出申请
 *   POST /api/v1/credit/applications/{id}/decide  bureau leader
 *   POST /api/v1/credit/sweep                    expired listings (admin)
 *   GET  /api/v1/public/credit-list(.csv)        the list in force, public
 *
 * 谁处罚、谁决定: the deciding authority is the bureau above the
 * enterprise's township. Permission: role by the route's action, unit by
 * the enterprise's township (zf_perm_check with its path). Every step is
 * one log event in the step's transaction. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/credit_doc.h"
#include "api/credit_persons.h"
#include "api/enterprises.h"
#include "core/credit.h"
#include "core/day.h"
#include "core/mask.h"
#include "core/util.h"
#include "io/table_out.h"
#include "store/credit.h"

#define PAGE_MAX 200

static int bad(zf_error_t *err, const char *field, const char *msg) {
    return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", field, "%s", msg);
}

/* a date of legal meaning, YYYY-MM-DD (local) */
static int date_field(json_t *body, const char *name, const char *label, const char *def,
                      const char **out, zf_error_t *err) {
    const char *s = json_string_value(json_object_get(body, name));
    if (!s || !*s) s = def;
    zf_day_t d;
    if (!s || zf_day_parse(s, &d) != 0)
        return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", name,
                            "%s应为 YYYY-MM-DD 格式的日期", label);
    *out = s;
    return 0;
}

static zf_day_t day_of(const char *s) {
    zf_day_t d = ZF_DAY_NONE;
    if (s) zf_day_parse(s, &d);
    return d;
}

/* the bureau above a unit path (谁处罚、谁决定) */
static const char *authority_of(zf_db_t *db, zf_arena_t *a, const char *path, zf_error_t *err) {
    zf_unit_t *units;
    size_t n;
    if (zf_units_list(db, a, "/", &units, &n, err) != 0) return NULL;
    for (size_t i = 0; i < n; i++)
        if (strcmp(units[i].kind, "bureau") == 0 &&
            strncmp(path, units[i].path, strlen(units[i].path)) == 0)
            return units[i].name;
    return "";
}

static void log_change(zf_req_t *req, zf_resp_t *resp, const char *action,
                       const zf_credit_record_t *before, const zf_credit_record_t *after,
                       json_t *extra, int status) {
    json_t *jb = before ? zf_credit_record_json(before) : NULL;
    json_t *ja = zf_credit_record_json(after);
    json_t *answer = json_deep_copy(ja);
    if (extra) json_object_update_new(answer, extra);
    zf_api_commit_change(req, resp, action, "credit_record", after->id, after->unit_id, jb, ja,
                         answer, status);
}

/* ---- reference ---- */

void zf_api_credit_criteria(zf_req_t *req, zf_resp_t *resp) {
    size_t n;
    const zf_credit_criterion_t *c = zf_credit_criteria(&n);
    json_t *crit = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(crit,
                              json_pack("{s:s, s:i, s:s, s:s, s:s, s:b}", "id", c[i].id, "number",
                                        c[i].number, "text", c[i].text, "source", c[i].source,
                                        "basis", c[i].basis, "accident", c[i].accident));
    const zf_credit_condition_t *k = zf_credit_conditions(&n);
    json_t *conds = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(conds, json_pack("{s:s, s:s}", "id", k[i].id, "text", k[i].text));
    const zf_credit_industry_t *ind = zf_credit_industries(&n);
    json_t *inds = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(
            inds, json_pack("{s:s, s:s}", "domain", ind[i].domain, "text", ind[i].text));
    zf_resp_json(
        req, resp, 200,
        json_pack("{s:o, s:o, s:o}", "criteria", crit, "conditions", conds, "industries", inds));
}

static json_t *met_json(const zf_credit_facts_t *f) {
    const zf_credit_criterion_t *met[9];
    size_t n = zf_credit_evaluate(f, met, 9);
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, json_pack("{s:s, s:i, s:s, s:s}", "id", met[i]->id, "number",
                                             met[i]->number, "text", met[i]->text, "source",
                                             met[i]->source));
    return arr;
}

void zf_api_credit_evaluate(zf_req_t *req, zf_resp_t *resp) {
    zf_error_t err = {0};
    json_t *body = zf_req_json(req, &err);
    zf_credit_facts_t f;
    if (!body || zf_credit_facts_from_json(json_object_get(body, "facts"), &f, &err) != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    zf_resp_json(req, resp, 200, json_pack("{s:o}", "met", met_json(&f)));
}

/* A notified record's last day of the party's statement period
 * (credit.serious.statement_days in force on the notice day), so the page
 * asks whether the party was heard or waived it before listing inside it. */
static json_t *with_statement_until(zf_db_t *db, const zf_credit_record_t *r, json_t *j) {
    int64_t days = 0;
    zf_error_t ignored = {0};
    if (strcmp(r->status, "notified") == 0 && r->notified_on && *r->notified_on &&
        zf_credit_param(db, "credit.serious.statement_days", r->notified_on, &days, &ignored) ==
            0) {
        char until[11];
        zf_day_format(day_of(r->notified_on) + (zf_day_t)days, until);
        json_object_set_new(j, "statement_until", json_string(until));
    }
    return j;
}

/* ---- list and read ---- */

void zf_api_credit_records_list(zf_req_t *req, zf_resp_t *resp) {
    const zf_actor_t *actor = zf_api_actor(req);
    zf_error_t err = {0};
    zf_credit_filter_t f = {.scope_path = actor->scope_path, .limit = 50};
    const char *kind = zf_req_query(req, "kind"), *status = zf_req_query(req, "status");
    const char *q = zf_req_query(req, "q"), *limit = zf_req_query(req, "limit");
    const char *cursor = zf_req_query(req, "cursor"), *ent = zf_req_query(req, "enterprise_id");
    int rc = 0;
    if (kind && *kind) {
        if (strcmp(kind, "bad_record") && strcmp(kind, "serious_list"))
            rc = bad(&err, "kind",
                     "类别应为 bad_record（不良记录）或 serious_list（严重失信主体名单）");
        f.kind = kind;
    }
    static const char *statuses[] = {"recorded", "proposed", "approved", "rejected",
                                     "notified", "listed",   "removed"};
    if (rc == 0 && status && *status) {
        int ok = 0;
        for (size_t i = 0; i < 7; i++)
            ok |= strcmp(status, statuses[i]) == 0;
        if (!ok)
            rc =
                bad(&err, "status",
                    "状态应为 recorded、proposed、approved、rejected、notified、listed 或 removed");
        f.status = status;
    }
    if (rc == 0 && q && *q) {
        if (strlen(q) > 200 || !zf_utf8_valid_text(q, strlen(q)))
            rc = bad(&err, "q", "搜索词无效或过长");
        f.q = q;
    }
    char *end;
    if (rc == 0 && limit && *limit) {
        long v = strtol(limit, &end, 10);
        if (*end || v < 1 || v > PAGE_MAX) rc = bad(&err, "limit", "每页条数 limit 应为 1–200");
        f.limit = (int)v;
    }
    if (rc == 0 && cursor && *cursor) {
        long long v = strtoll(cursor, &end, 10);
        if (*end || v <= 0) rc = bad(&err, "cursor", "分页游标无效，请从第一页重新加载");
        f.before_id = v;
    }
    if (rc == 0 && ent && *ent) {
        long long v = strtoll(ent, &end, 10);
        if (*end || v <= 0) rc = bad(&err, "enterprise_id", "参数 enterprise_id 应为正整数");
        f.enterprise_id = v;
    }
    zf_credit_record_t *rows;
    size_t n = 0;
    int more = 0;
    if (rc == 0)
        rc = zf_credit_records_list(zf_api_db(req), req->arena, &f, &rows, &n, &more, &err);
    if (rc) {
        zf_api_fail(req, resp, &err);
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(
            items, with_statement_until(zf_api_db(req), &rows[i], zf_credit_record_json(&rows[i])));
    zf_resp_json(
        req, resp, 200,
        json_pack("{s:o, s:o}", "items", items, "next_cursor",
                  more && n ? json_sprintf("%lld", (long long)rows[n - 1].id) : json_null()));
}

/* load a record the actor may act on with action (answers and returns -1) */
static int load(zf_req_t *req, zf_resp_t *resp, const char *action, zf_credit_record_t *r) {
    int64_t id = zf_api_id_param(req, resp, "id");
    if (!id) return -1;
    zf_error_t err = {0};
    int rc = zf_credit_record_get(zf_api_db(req), req->arena, id, r, &err);
    if (rc == 0) rc = zf_perm_check(zf_api_actor(req), action, r->unit_path, &err);
    if (rc) {
        zf_api_fail(req, resp, &err);
        return -1;
    }
    return 0;
}

void zf_api_credit_record_get(zf_req_t *req, zf_resp_t *resp) {
    zf_credit_record_t r;
    if (load(req, resp, "credit.read", &r) != 0) return;
    zf_error_t err = {0};
    zf_credit_application_t *apps;
    size_t n;
    if (zf_credit_applications_of(zf_api_db(req), req->arena, r.id, &apps, &n, &err) != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    json_t *j = with_statement_until(zf_api_db(req), &r, zf_credit_record_json(&r));
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, zf_credit_application_json(&apps[i]));
    json_object_set_new(j, "applications", arr);
    json_t *persons = zf_api_credit_persons_json(zf_api_db(req), req->arena, r.id, 0, &err);
    if (!persons) {
        json_decref(j);
        zf_api_fail(req, resp, &err);
        return;
    }
    json_object_set_new(j, "persons", persons);
    zf_resp_json(req, resp, 200, j);
}

/* ---- propose / record ---- */

void zf_api_credit_record_create(zf_req_t *req, zf_resp_t *resp) {
    static const zf_field_t spec[] = {
        {"enterprise_id", ZF_FIELD_INT, 1, "企业", 0, 0},
        {"kind", ZF_FIELD_STRING, 1, "类别", 20, 1},
        {"case_id", ZF_FIELD_INT, 0, "案件", 0, 0},
        {"case_number", ZF_FIELD_STRING, 0, "案件编号", 60, 0},
        {"decision_date", ZF_FIELD_STRING, 1, "处罚决定日期", 10, 10},
        {"summary", ZF_FIELD_STRING, 1, "违法行为及处罚", 500, 1},
        {"principal_name", ZF_FIELD_STRING, 0, "主要负责人", 50, 0},
        {"reason", ZF_FIELD_STRING, 0, "列入理由", 1000, 0},
    };
    zf_error_t err = {0};
    json_t *body = zf_req_json(req, &err);
    json_t *facts = body ? json_incref(json_object_get(body, "facts")) : NULL;
    if (body) json_object_del(body, "facts");
    int rc = body ? zf_api_check_fields(body, spec, sizeof spec / sizeof spec[0], &err) : -1;
    zf_credit_facts_t f = {0};
    const char *kind = rc == 0 ? json_string_value(json_object_get(body, "kind")) : NULL;
    if (rc == 0 && strcmp(kind, "bad_record") && strcmp(kind, "serious_list"))
        rc =
            bad(&err, "kind", "类别应为 bad_record（不良记录）或 serious_list（严重失信主体名单）");
    if (rc == 0 && facts) rc = zf_credit_facts_from_json(facts, &f, &err);
    if (rc == 0 && !facts && strcmp(kind, "serious_list") == 0)
        rc = bad(&err, "facts", "拟列入严重失信主体名单须提交案件事实 facts");
    const char *ddate = NULL;
    if (rc == 0) rc = date_field(body, "decision_date", "处罚决定日期", NULL, &ddate, &err);
    char today[11];
    zf_api_today(today);
    if (rc == 0 && strcmp(ddate, today) > 0)
        rc = bad(&err, "decision_date", "处罚决定日期不能晚于今天");
    zf_db_t *db = zf_api_db(req);
    zf_enterprise_t e = {0};
    if (rc == 0) {
        rc = zf_enterprise_get(
            db, req->arena, json_integer_value(json_object_get(body, "enterprise_id")), &e, &err);
        if (rc == ZF_ENOTFOUND) rc = bad(&err, "enterprise_id", "企业不存在");
    }
    if (rc == 0) rc = zf_perm_check(zf_api_actor(req), "credit.propose", e.unit_path, &err);
    f.penalized = 1; /* both kinds follow a penalty decision (11号令: 受到行政处罚) */
    const zf_credit_criterion_t *met[9];
    size_t nmet = 0;
    char ids[128] = "";
    const char *reason = json_string_value(json_object_get(body, "reason"));
    if (rc == 0 && strcmp(kind, "serious_list") == 0) {
        nmet = zf_credit_evaluate(&f, met, 9);
        if (!nmet)
            rc = zf_error_set(
                &err, ZF_EINVAL, 422, "credit.no_criterion", "facts",
                "案件事实不符合应急管理部令第11号规定的任何列入情形，不能拟列入严重失信主体名单");
        if (rc == 0 && f.other_serious && (!reason || !*reason))
            rc = bad(&err, "reason", "按“其他性质恶劣、情节严重”情形拟列入的，须写明理由");
        size_t len = 0;
        const char *why = "";
        for (size_t i = 0; rc == 0 && i < nmet; i++) {
            len += (size_t)snprintf(ids + len, sizeof ids - len, "%s%s", i ? " " : "", met[i]->id);
            why = zf_arena_printf(req->arena, "%s%s符合列入情形(%d)：%s", why, i ? "；" : "",
                                  met[i]->number, met[i]->text);
        }
        if (rc == 0 && (!reason || !*reason)) reason = why;
        if (rc == 0 && !zf_credit_industry_covered(e.domain))
            rc = bad(&err, "enterprise_id", "该企业所属行业不在应急管理部令第11号适用范围内");
    }
    const char *authority = rc == 0 ? authority_of(db, req->arena, e.unit_path, &err) : NULL;
    if (rc == 0 && !authority) rc = -1;
    char *fj = NULL;
    if (rc == 0) {
        json_t *fo = zf_credit_facts_json(&f);
        fj = json_dumps(fo, JSON_COMPACT | JSON_SORT_KEYS);
        json_decref(fo);
    }
    json_decref(facts);
    zf_credit_record_t r =
                           {
                               .enterprise_id = e.id,
                               .kind = kind,
                               .status = kind && strcmp(kind, "bad_record") == 0 ? "recorded"
                                                                                 : "proposed",
                               .criteria = ids,
                               .facts = fj ? zf_arena_strdup(req->arena, fj) : "{}",
                               .case_id = json_integer_value(json_object_get(body, "case_id")),
                               .case_number =
                                   json_string_value(json_object_get(body, "case_number")),
                               .decision_date = ddate,
                               .summary = json_string_value(json_object_get(body, "summary")),
                               .principal_name =
                                   json_string_value(json_object_get(body, "principal_name")),
                               .authority = authority,
                               .propose_reason = reason,
                               .proposed_by = zf_api_actor(req)->user_id,
                           },
                       stored;
    free(fj);
    if (rc == 0) rc = zf_db_begin(db, &err);
    if (rc == 0) rc = zf_credit_record_insert(db, req->arena, &r, &stored, &err);
    if (rc) {
        zf_api_abort(req, resp, &err);
        return;
    }
    log_change(req, resp, strcmp(kind, "bad_record") == 0 ? "credit.bad_record" : "credit.propose",
               NULL, &stored, NULL, 201);
}

/* ---- steps ---- */

static const zf_field_t step_spec[] = {
    {"version", ZF_FIELD_INT, 1, "版本号", 0, 0},
    {"reason", ZF_FIELD_STRING, 0, "理由", 1000, 0},
    {"notified_on", ZF_FIELD_STRING, 0, "告知日期", 10, 0},
    {"notice_doc", ZF_FIELD_STRING, 0, "告知书文号", 100, 0},
    {"published_from", ZF_FIELD_STRING, 0, "公示起始日期", 10, 0},
    {"notice_document_id", ZF_FIELD_INT, 0, "告知书", 0, 0},
    {"decision_document_id", ZF_FIELD_INT, 0, "列入决定书", 0, 0},
    {"statement", ZF_FIELD_STRING, 0, "陈述申辩情况", 12, 0},
};
#define NSTEP (sizeof step_spec / sizeof step_spec[0])

/* Common start of a step: body, record, permission, status move. */
static json_t *step_begin(zf_req_t *req, zf_resp_t *resp, const char *action, const char *to,
                          zf_credit_record_t *before, zf_credit_record_t *after) {
    json_t *body = zf_api_body(req, resp, step_spec, NSTEP);
    if (!body) return NULL;
    if (load(req, resp, action, before) != 0) return NULL;
    zf_error_t err = {0};
    if (strcmp(before->kind, "serious_list") != 0 || !zf_credit_transition_ok(before->status, to)) {
        zf_error_set(&err, ZF_EINVAL, 409, "credit.bad_state", "status", "%s“%s”的记录不能%s",
                     zf_credit_status_name(before->kind), zf_credit_status_name(before->status),
                     zf_credit_status_name(to));
        zf_api_fail(req, resp, &err);
        return NULL;
    }
    *after = *before;
    after->status = to;
    return body;
}

static const char *reason_of(json_t *body) {
    const char *s = json_string_value(json_object_get(body, "reason"));
    return s ? s : "";
}

static void step_store(zf_req_t *req, zf_resp_t *resp, json_t *body, const char *action,
                       zf_credit_record_t *before, zf_credit_record_t *after, int flag,
                       zf_error_t *err, int rc) {
    zf_db_t *db = zf_api_db(req);
    json_t *followups = NULL;
    if (rc == 0) rc = zf_db_begin(db, err);
    if (rc == 0)
        rc = zf_credit_record_update(db, req->arena, after,
                                     json_integer_value(json_object_get(body, "version")), err);
    /* flag = 1: set credit_punished; -1: clear it unless another listing
     * of the enterprise is in force */
    if (rc == 0 && flag == 1)
        rc = zf_api_enterprise_set_credit(req, db, req->arena, zf_api_actor(req)->user_id,
                                          after->enterprise_id, 1, &followups, err);
    if (rc == 0 && flag == -1) {
        int64_t others = 0;
        rc = zf_credit_active_count(db, after->enterprise_id, after->id, &others, err);
        if (rc == 0 && others == 0)
            rc = zf_api_enterprise_set_credit(req, db, req->arena, zf_api_actor(req)->user_id,
                                              after->enterprise_id, 0, NULL, err);
    }
    if (rc) {
        json_decref(followups);
        zf_api_abort(req, resp, err);
        return;
    }
    after->enterprise_punished = flag == 1 ? 1 : after->enterprise_punished;
    json_t *extra = followups ? json_pack("{s:o}", "followups", followups) : NULL;
    log_change(req, resp, action, before, after, extra, 200);
}

static void decided(zf_req_t *req, zf_credit_record_t *after, json_t *body) {
    char now[32];
    zf_now_iso(now);
    after->decided_by = zf_api_actor(req)->user_id;
    after->decided_at = zf_arena_strdup(req->arena, now);
    after->decision_reason = reason_of(body);
}

void zf_api_credit_approve(zf_req_t *req, zf_resp_t *resp) {
    zf_credit_record_t before, after;
    json_t *body = step_begin(req, resp, "credit.approve", "approved", &before, &after);
    if (!body) return;
    zf_error_t err = {0};
    decided(req, &after, body);
    step_store(req, resp, body, "credit.approve", &before, &after, 0, &err, 0);
}

void zf_api_credit_reject(zf_req_t *req, zf_resp_t *resp) {
    zf_credit_record_t before, after;
    json_t *body = step_begin(req, resp, "credit.approve", "rejected", &before, &after);
    if (!body) return;
    zf_error_t err = {0};
    int rc = *reason_of(body) ? 0 : bad(&err, "reason", "不予列入须写明理由");
    decided(req, &after, body);
    step_store(req, resp, body, "credit.reject", &before, &after, 0, &err, rc);
}

void zf_api_credit_notify(zf_req_t *req, zf_resp_t *resp) {
    zf_credit_record_t before, after;
    json_t *body = step_begin(req, resp, "credit.propose", "notified", &before, &after);
    if (!body) return;
    zf_error_t err = {0};
    char today[11];
    zf_api_today(today);
    const char *on = NULL, *doc = NULL, *issued = NULL;
    /* 11号令 (LAW.md §5.3): 列入前告知 — the issued 告知书 of this record
     * (POST /api/v1/documents, kind credit_notice), not a number typed in */
    int64_t doc_id = json_integer_value(json_object_get(body, "notice_document_id"));
    int rc =
        doc_id > 0
            ? 0
            : bad(&err, "notice_document_id",
                  "须先签发列入严重失信主体名单告知书（列入前告知当事人理由、依据和陈述申辩权）");
    if (rc == 0)
        rc = zf_api_credit_doc_check(zf_api_db(req), req->arena, &before, doc_id, "credit_notice",
                                     "notice_document_id", &doc, &issued, &err);
    if (rc == 0) rc = date_field(body, "notified_on", "告知日期", today, &on, &err);
    if (rc == 0 && strcmp(on, today) > 0) rc = bad(&err, "notified_on", "告知日期不能晚于今天");
    if (rc == 0 && strncmp(on, before.decided_at, 10) < 0 && strlen(before.decided_at) >= 10)
        rc = bad(&err, "notified_on", "告知日期不能早于批准列入的日期");
    if (rc == 0 && strcmp(on, issued) < 0)
        rc = bad(&err, "notified_on", "告知日期不能早于告知书的签发日期");
    after.notified_on = on;
    after.notice_doc = doc;
    after.notice_document_id = doc_id;
    after.notified_by = zf_api_actor(req)->user_id;
    step_store(req, resp, body, "credit.notify", &before, &after, 0, &err, rc);
}

void zf_api_credit_list(zf_req_t *req, zf_resp_t *resp) {
    zf_credit_record_t before, after;
    json_t *body = step_begin(req, resp, "credit.propose", "listed", &before, &after);
    if (!body) return;
    zf_error_t err = {0};
    char today[11];
    zf_api_today(today);
    const char *from = NULL;
    int rc = 0;
    /* removed → listed is the restoration of an early removal only (/restore) */
    if (strcmp(before.status, "notified") != 0)
        rc = zf_error_set(&err, ZF_EINVAL, 409, "credit.bad_state", "status",
                          "只有已告知的记录可以公示；恢复列入请用“撤销提前移出”");
    /* the written decision (书面列入决定, LAW.md §5.3), issued for this record:
     * its date is the first day of the listing, as the decision prints it */
    int64_t dec_id = json_integer_value(json_object_get(body, "decision_document_id"));
    const char *dec_no = NULL, *dec_on = NULL;
    if (rc == 0 && dec_id <= 0)
        rc = bad(
            &err, "decision_document_id",
            "须先签发列入严重失信主体名单决定书（书面列入决定，写明管理期限、惩戒措施和救济途径）");
    if (rc == 0)
        rc = zf_api_credit_doc_check(zf_api_db(req), req->arena, &before, dec_id, "credit_decision",
                                     "decision_document_id", &dec_no, &dec_on, &err);
    if (rc == 0)
        rc = date_field(body, "published_from", "公示起始日期", dec_on ? dec_on : today, &from,
                        &err);
    if (rc == 0 && dec_on && strcmp(from, dec_on) != 0)
        rc = bad(&err, "published_from",
                 "公示起始日期应为列入决定书的日期（决定书载明的管理期限起算日）");
    if (rc == 0 && strcmp(from, today) > 0)
        rc = bad(&err, "published_from", "公示起始日期不能晚于今天");
    if (rc == 0 && strcmp(from, before.notified_on) < 0)
        rc = bad(&err, "published_from", "公示起始日期不能早于告知日期（列入前须告知当事人）");
    /* 列入前告知 and the right to state and defend (11号令, LAW.md §5.3
     * [二手]): the listing waits for the statement period after the notice
     * (credit.serious.statement_days in force on the notice day, 未核实),
     * unless the party has stated and been heard, or expressly waived it —
     * which the step records (statement: heard | waived) */
    const char *stmt = zf_body_str(body, "statement");
    if (rc == 0 && stmt && strcmp(stmt, "heard") && strcmp(stmt, "waived"))
        rc = bad(&err, "statement", "陈述申辩情况应为 heard（已陈述申辩）或 waived（明确放弃）");
    int64_t days = 0;
    if (rc == 0)
        rc = zf_credit_param(zf_api_db(req), "credit.serious.statement_days", before.notified_on,
                             &days, &err);
    char until_stmt[11] = "";
    if (rc == 0) zf_day_format(day_of(before.notified_on) + (zf_day_t)days, until_stmt);
    if (rc == 0 && strcmp(from, until_stmt) <= 0 && !stmt)
        rc =
            zf_error_set(&err, ZF_ECONFLICT, 409, "credit.statement_period_running", "statement",
                         "陈述申辩期限（告知后 %lld 日，至 %s）未届满，不得列入；当事人已陈述申辩或"
                         "明确放弃的，请注明",
                         (long long)days, until_stmt);
    after.statement = stmt ? stmt : "period_ended";
    /* 管理期限: the legal_params value in force on the listing day */
    int64_t months = 0;
    if (rc == 0)
        rc = zf_credit_param(zf_api_db(req), "credit.serious.period_months", from, &months, &err);
    char until[11] = "";
    if (rc == 0) zf_day_format(zf_credit_expires_on(day_of(from), (int)months), until);
    after.published_from = from;
    after.expires_on = zf_arena_strdup(req->arena, until);
    after.period_months = months;
    after.listed_by = zf_api_actor(req)->user_id;
    after.decision_document_id = dec_id;
    step_store(req, resp, body, "credit.list", &before, &after, 1, &err, rc);
}

static void removed(zf_req_t *req, zf_credit_record_t *after, const char *kind, const char *why) {
    char today[11];
    zf_api_today(today);
    after->removed_on = zf_arena_strdup(req->arena, today);
    after->removal_kind = kind;
    after->removal_reason = why;
    after->removed_by = zf_api_actor(req)->user_id;
}

void zf_api_credit_revoke(zf_req_t *req, zf_resp_t *resp) {
    zf_credit_record_t before, after;
    json_t *body = step_begin(req, resp, "credit.approve", "removed", &before, &after);
    if (!body) return;
    zf_error_t err = {0};
    int rc = *reason_of(body) ? 0 : bad(&err, "reason", "撤销列入须写明理由（如处罚决定被撤销）");
    removed(req, &after, "revoked", reason_of(body));
    step_store(req, resp, body, "credit.revoke", &before, &after, -1, &err, rc);
}

void zf_api_credit_restore(zf_req_t *req, zf_resp_t *resp) {
    zf_credit_record_t before, after;
    json_t *body = step_begin(req, resp, "credit.approve", "listed", &before, &after);
    if (!body) return;
    zf_error_t err = {0};
    int rc = 0;
    if (strcmp(before.removal_kind, "early_removal") != 0)
        rc = zf_error_set(&err, ZF_EINVAL, 409, "credit.bad_state", "status",
                          "只有提前移出的记录可以撤销提前移出、恢复列入");
    if (rc == 0 && !*reason_of(body))
        rc = bad(&err, "reason", "恢复列入须写明理由（提前移出申请弄虚作假的情况）");
    char today[11];
    zf_api_today(today);
    after.restored_on = zf_arena_strdup(req->arena, today);
    after.restore_reason = reason_of(body);
    after.removed_on = "";
    after.removal_kind = "";
    after.removal_reason = "";
    after.removed_by = 0;
    step_store(req, resp, body, "credit.restore", &before, &after, 1, &err, rc);
}

/* ---- early removal ---- */

/* "C1 C2" from a JSON array of condition ids (400 naming conditions) */
static int conditions_of(zf_arena_t *a, json_t *arr, const char ***ids, size_t *n,
                         const char **text, zf_error_t *err) {
    *n = 0;
    *text = "";
    if (!json_is_array(arr) || json_array_size(arr) > 16)
        return bad(err, "conditions", "conditions 应为已满足条件的编号数组，如 [\"C1\",\"C2\"]");
    *ids = zf_arena_alloc(a, sizeof **ids * (json_array_size(arr) + 1));
    size_t i;
    json_t *v;
    size_t nc;
    const zf_credit_condition_t *c = zf_credit_conditions(&nc);
    json_array_foreach(arr, i, v) {
        const char *s = json_string_value(v);
        int ok = 0;
        for (size_t k = 0; s && k < nc; k++)
            ok |= strcmp(s, c[k].id) == 0;
        if (!ok) return bad(err, "conditions", "未知的提前移出条件编号");
        (*ids)[(*n)++] = s;
        *text = zf_arena_printf(a, "%s%s%s", *text, i ? " " : "", s);
    }
    return 0;
}

static int early_check(zf_db_t *db, const zf_credit_record_t *r, const char *on,
                       const char *const *ids, size_t n, zf_error_t *err) {
    int64_t months = 0;
    int rc = zf_credit_param(db, "credit.serious.early_removal_months", on, &months, err);
    if (rc) return rc;
    char reason[400];
    int why = zf_credit_early_removal_check(day_of(r->published_from), (int)months, day_of(on), ids,
                                            n, reason, sizeof reason);
    if (why == -1)
        return zf_error_set(err, ZF_EINVAL, 422, "credit.too_early", "submitted_on", "%s", reason);
    if (why == -2)
        return zf_error_set(err, ZF_EINVAL, 422, "credit.conditions_unmet", "conditions", "%s",
                            reason);
    return 0;
}

void zf_api_credit_apply(zf_req_t *req, zf_resp_t *resp) {
    static const zf_field_t spec[] = {
        {"submitted_on", ZF_FIELD_STRING, 0, "申请日期", 10, 0},
        {"applicant", ZF_FIELD_STRING, 1, "申请人", 100, 1},
        {"statement", ZF_FIELD_STRING, 0, "申请理由及材料", 2000, 0},
    };
    zf_error_t err = {0};
    json_t *body = zf_req_json(req, &err);
    json_t *conds = body ? json_incref(json_object_get(body, "conditions")) : NULL;
    if (body) json_object_del(body, "conditions");
    int rc = body ? zf_api_check_fields(body, spec, sizeof spec / sizeof spec[0], &err) : -1;
    if (rc) {
        json_decref(conds);
        zf_api_fail(req, resp, &err);
        return;
    }
    zf_credit_record_t r;
    if (load(req, resp, "credit.propose", &r) != 0) {
        json_decref(conds);
        return;
    }
    const char **ids = NULL;
    size_t n = 0;
    const char *ctext = "";
    char today[11];
    zf_api_today(today);
    const char *on = NULL;
    if (!conds) conds = json_array();
    /* ids point into conds: released after the check below */
    rc = conditions_of(req->arena, conds, &ids, &n, &ctext, &err);
    if (rc == 0) rc = date_field(body, "submitted_on", "申请日期", today, &on, &err);
    if (rc == 0 && strcmp(on, today) > 0) rc = bad(&err, "submitted_on", "申请日期不能晚于今天");
    if (rc == 0 && (strcmp(r.kind, "serious_list") || strcmp(r.status, "listed")))
        rc = zf_error_set(&err, ZF_EINVAL, 409, "credit.bad_state", "status",
                          "只有公示中的严重失信主体名单记录可以申请提前移出");
    zf_db_t *db = zf_api_db(req);
    /* refused at once when too early or a condition is missing: the
     * applicant is told why (LAW.md pitfall 14) */
    if (rc == 0) rc = early_check(db, &r, on, ids, n, &err);
    json_decref(conds);
    zf_credit_application_t ap = {.record_id = r.id,
                                  .enterprise_id = r.enterprise_id,
                                  .submitted_on = on,
                                  .applicant =
                                      json_string_value(json_object_get(body, "applicant")),
                                  .conditions = ctext,
                                  .statement =
                                      json_string_value(json_object_get(body, "statement")),
                                  .created_by = zf_api_actor(req)->user_id},
                            stored;
    if (rc == 0) rc = zf_db_begin(db, &err);
    if (rc == 0) rc = zf_credit_application_insert(db, req->arena, &ap, &stored, &err);
    if (rc) {
        zf_api_abort(req, resp, &err);
        return;
    }
    json_t *j = zf_credit_application_json(&stored);
    zf_api_commit_change(req, resp, "credit.apply", "credit_application", stored.id, r.unit_id,
                         NULL, j, json_incref(j), 201);
}

void zf_api_credit_application_decide(zf_req_t *req, zf_resp_t *resp) {
    static const zf_field_t spec[] = {
        {"version", ZF_FIELD_INT, 1, "版本号", 0, 0},
        {"decision", ZF_FIELD_STRING, 1, "决定", 10, 1},
        {"reason", ZF_FIELD_STRING, 0, "理由", 1000, 0},
    };
    json_t *body = zf_api_body(req, resp, spec, sizeof spec / sizeof spec[0]);
    if (!body) return;
    int64_t id = zf_api_id_param(req, resp, "id");
    if (!id) return;
    zf_db_t *db = zf_api_db(req);
    zf_error_t err = {0};
    zf_credit_application_t ap, before_ap;
    zf_credit_record_t r, after;
    int rc = zf_credit_application_get(db, req->arena, id, &ap, &err);
    if (rc == 0) rc = zf_credit_record_get(db, req->arena, ap.record_id, &r, &err);
    if (rc == 0) rc = zf_perm_check(zf_api_actor(req), "credit.approve", r.unit_path, &err);
    const char *decision = json_string_value(json_object_get(body, "decision"));
    const char *reason = reason_of(body);
    if (rc == 0 && strcmp(decision, "approve") && strcmp(decision, "refuse"))
        rc = bad(&err, "decision", "决定应为 approve（同意提前移出）或 refuse（不予移出）");
    if (rc == 0 && strcmp(ap.status, "submitted"))
        rc = zf_error_set(&err, ZF_EINVAL, 409, "credit.bad_state", "status", "该申请已作出决定");
    if (rc == 0 && !*reason) rc = bad(&err, "reason", "须写明决定理由");
    int approve = rc == 0 && strcmp(decision, "approve") == 0;
    if (approve && strcmp(r.status, "listed"))
        rc = zf_error_set(&err, ZF_EINVAL, 409, "credit.bad_state", "status", "该记录已不在公示中");
    if (approve) {
        /* checked again at the decision: the conditions as submitted, the
         * months as of the application day */
        const char **ids = zf_arena_alloc(req->arena, sizeof *ids * 17);
        size_t n = 0;
        char *copy = zf_arena_strdup(req->arena, ap.conditions), *save = NULL;
        for (char *t = strtok_r(copy, " ", &save); t && n < 16; t = strtok_r(NULL, " ", &save))
            ids[n++] = t;
        if (rc == 0) rc = early_check(db, &r, ap.submitted_on, ids, n, &err);
    }
    char today[11];
    zf_api_today(today);
    before_ap = ap;
    ap.status = approve ? "approved" : "refused";
    ap.decision_reason = reason;
    ap.decided_by = zf_api_actor(req)->user_id;
    ap.decided_on = today;
    if (rc == 0) rc = zf_db_begin(db, &err);
    if (rc == 0)
        rc = zf_credit_application_decide(
            db, &ap, json_integer_value(json_object_get(body, "version")), &err);
    if (rc == 0 && approve) {
        after = r;
        after.status = "removed";
        removed(req, &after, "early_removal", reason);
        rc = zf_credit_record_update(db, req->arena, &after, r.version, &err);
        int64_t others = 0;
        if (rc == 0) rc = zf_credit_active_count(db, r.enterprise_id, r.id, &others, &err);
        if (rc == 0 && others == 0)
            rc = zf_api_enterprise_set_credit(req, db, req->arena, zf_api_actor(req)->user_id,
                                              r.enterprise_id, 0, NULL, &err);
        if (rc == 0) {
            json_t *jb = zf_credit_record_json(&r), *ja = zf_credit_record_json(&after);
            zf_log_entry_t e = {.actor_id = zf_api_actor(req)->user_id,
                                .unit_id = r.unit_id,
                                .action = "credit.early_removal",
                                .object_type = "credit_record",
                                .object_id = zf_arena_printf(req->arena, "%lld", (long long)r.id),
                                .before = jb,
                                .after = ja};
            int64_t idx = zf_log_append(db, &e, &err);
            json_decref(jb);
            json_decref(ja);
            if (idx < 0) rc = (int)idx;
        }
    }
    if (rc) {
        zf_api_abort(req, resp, &err);
        return;
    }
    json_t *ja = zf_credit_application_json(&ap);
    json_t *answer = json_deep_copy(ja);
    if (approve) json_object_set_new(answer, "record", zf_credit_record_json(&after));
    zf_api_commit_change(req, resp, "credit.decide", "credit_application", ap.id, r.unit_id,
                         zf_credit_application_json(&before_ap), ja, answer, 200);
}

/* ---- expiry ---- */

int zf_api_credit_sweep_run(zf_db_t *db, zf_arena_t *a, int64_t actor_id, const char *today,
                            json_t **report, zf_error_t *err) {
    zf_credit_record_t *due;
    size_t n;
    int rc = zf_credit_due(db, a, today, &due, &n, err);
    json_t *removed_ids = json_array(), *cleared = json_array();
    for (size_t i = 0; rc == 0 && i < n; i++) {
        zf_credit_record_t before = due[i], after = due[i];
        after.status = "removed";
        after.removed_on = today;
        after.removal_kind = "expired";
        after.removal_reason =
            zf_arena_printf(a, "管理期限届满（%s），期满移出并停止公示", due[i].expires_on);
        after.removed_by = actor_id;
        rc = zf_credit_record_update(db, a, &after, before.version, err);
        if (rc) break;
        json_t *jb = zf_credit_record_json(&before), *ja = zf_credit_record_json(&after);
        zf_log_entry_t e = {.actor_id = actor_id,
                            .unit_id = after.unit_id,
                            .action = "credit.expire",
                            .object_type = "credit_record",
                            .object_id = zf_arena_printf(a, "%lld", (long long)after.id),
                            .before = jb,
                            .after = ja};
        int64_t idx = zf_log_append(db, &e, err);
        json_decref(jb);
        json_decref(ja);
        if (idx < 0) rc = (int)idx;
        int64_t others = 0;
        if (rc == 0) rc = zf_credit_active_count(db, after.enterprise_id, after.id, &others, err);
        if (rc == 0 && others == 0) {
            rc = zf_api_enterprise_set_credit(NULL, db, a, actor_id, after.enterprise_id, 0, NULL,
                                              err);
            if (rc == 0) json_array_append_new(cleared, json_integer(after.enterprise_id));
        }
        json_array_append_new(removed_ids, json_integer(after.id));
    }
    if (rc) {
        json_decref(removed_ids);
        json_decref(cleared);
        return rc;
    }
    *report = json_pack("{s:s, s:o, s:o}", "date", today, "removed", removed_ids, "flags_cleared",
                        cleared);
    return 0;
}

void zf_api_credit_sweep(zf_req_t *req, zf_resp_t *resp) {
    zf_error_t err = {0};
    zf_db_t *db = zf_api_db(req);
    char today[11];
    zf_api_today(today);
    json_t *report = NULL;
    int rc = zf_db_begin(db, &err);
    if (rc == 0)
        rc = zf_api_credit_sweep_run(db, req->arena, zf_api_actor(req)->user_id, today, &report,
                                     &err);
    if (rc) {
        zf_api_abort(req, resp, &err);
        return;
    }
    if (zf_db_commit(db, &err) != 0) {
        json_decref(report);
        zf_api_abort(req, resp, &err);
        return;
    }
    zf_resp_json(req, resp, 200, report);
}

/* ---- public ---- */

/* The public view: an explicit allow-list of fields; the 主要负责人 masked
 * (core/mask.h), never an ID number. */
static json_t *public_json(zf_arena_t *a, const zf_credit_record_t *r) {
    json_t *texts = json_array();
    const char *p = r->criteria;
    char id[16];
    while (*p) {
        size_t len = strcspn(p, " ");
        if (len && len < sizeof id) {
            memcpy(id, p, len);
            id[len] = '\0';
            const zf_credit_criterion_t *c = zf_credit_criterion(id);
            if (c) json_array_append_new(texts, json_string(c->text));
        }
        p += len;
        while (*p == ' ')
            p++;
    }
    return json_pack("{s:I, s:s, s:s, s:o, s:s, s:s, s:s, s:s}", "id", (json_int_t)r->id,
                     "enterprise_name", r->enterprise_name, "credit_code", r->credit_code,
                     "criteria", texts, "principal",
                     *r->principal_name ? zf_mask_name(a, r->principal_name) : "", "listed_from",
                     r->published_from, "listed_until", r->expires_on, "authority", r->authority);
}

static int public_rows(zf_req_t *req, zf_credit_record_t **rows, size_t *n, int *more, int all,
                       zf_error_t *err) {
    const char *q = zf_req_query(req, "q");
    const char *cursor = zf_req_query(req, "cursor");
    if (q && (strlen(q) > 100 || !zf_utf8_valid_text(q, strlen(q))))
        return bad(err, "q", "搜索词无效或过长");
    int64_t before = 0;
    if (cursor && *cursor) {
        char *end;
        before = strtoll(cursor, &end, 10);
        if (*end || before <= 0) return bad(err, "cursor", "分页游标无效");
    }
    char today[11];
    zf_api_today(today);
    return zf_credit_public_list(zf_api_db(req), req->arena, today, q, before, all ? 10000 : 50,
                                 rows, n, more, err);
}

void zf_api_public_credit_list(zf_req_t *req, zf_resp_t *resp) {
    zf_error_t err = {0};
    zf_credit_record_t *rows;
    size_t n;
    int more;
    if (public_rows(req, &rows, &n, &more, 0, &err) != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *j = public_json(req->arena, &rows[i]);
        /* 028: the persons listed with the unit, masked */
        json_t *persons =
            zf_api_credit_persons_json(zf_api_db(req), req->arena, rows[i].id, 1, &err);
        if (!persons) {
            json_decref(j);
            json_decref(items);
            zf_api_fail(req, resp, &err);
            return;
        }
        json_object_set_new(j, "persons", persons);
        json_array_append_new(items, j);
    }
    zf_resp_header(resp, "Cache-Control", "public, max-age=60");
    zf_resp_json(
        req, resp, 200,
        json_pack("{s:o, s:o}", "items", items, "next_cursor",
                  more && n ? json_sprintf("%lld", (long long)rows[n - 1].id) : json_null()));
}

void zf_api_public_credit_list_csv(zf_req_t *req, zf_resp_t *resp) {
    zf_error_t err = {0};
    zf_credit_record_t *rows;
    size_t n;
    int more;
    if (public_rows(req, &rows, &n, &more, 1, &err) != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    const char *path = zf_api_download_path(req, "credit-list", "csv", &err);
    zf_table_out_t *t = path ? zf_table_out_open("csv", path, NULL, &err) : NULL;
    if (!t) {
        zf_api_fail(req, resp, &err);
        return;
    }
    static const char *const header[] = {"id",           "enterprise_name", "credit_code",
                                         "criteria",     "principal",       "listed_from",
                                         "listed_until", "authority",       "persons"};
    int rc = zf_table_out_row(t, header, 9, &err);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        json_t *j = public_json(req->arena, &rows[i]);
        json_t *persons =
            zf_api_credit_persons_json(zf_api_db(req), req->arena, rows[i].id, 1, &err);
        if (!persons) {
            json_decref(j);
            rc = -1;
            break;
        }
        const char *ptext = "";
        size_t pi;
        json_t *pv;
        json_array_foreach(persons, pi, pv) ptext =
            zf_arena_printf(req->arena, "%s%s%s %s（%s）", ptext, pi ? "；" : "",
                            json_string_value(json_object_get(pv, "role_name")),
                            json_string_value(json_object_get(pv, "name")),
                            json_string_value(json_object_get(pv, "id_number")));
        json_decref(persons);
        const char *crit = "";
        size_t k;
        json_t *v;
        json_array_foreach(json_object_get(j, "criteria"), k, v) crit =
            zf_arena_printf(req->arena, "%s%s%s", crit, k ? "；" : "", json_string_value(v));
        const char *cells[] = {
            zf_arena_printf(req->arena, "%lld", (long long)rows[i].id),
            rows[i].enterprise_name,
            rows[i].credit_code,
            crit,
            zf_arena_strdup(req->arena, json_string_value(json_object_get(j, "principal"))),
            rows[i].published_from,
            rows[i].expires_on,
            rows[i].authority,
            ptext};
        json_decref(j);
        rc = zf_table_out_row(t, cells, 9, &err);
    }
    if (zf_table_out_close(t, rc ? NULL : &err) != 0 && rc == 0) rc = -1;
    if (rc) {
        zf_api_fail(req, resp, &err);
        return;
    }
    zf_api_download_send(
        req, resp, path, "csv", "credit-list",
        "%E4%B8%A5%E9%87%8D%E5%A4%B1%E4%BF%A1%E4%B8%BB%E4%BD%93%E5%90%8D%E5%8D%95");
}
