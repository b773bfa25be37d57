/* hazards.c — hazards found in inspections and their rectification (issue
 * 7, R17).
 *
 * 安全生产法 第六十五条 (LAW.md §3): the inspecting department orders a
 * hazard eliminated immediately or within a time limit (责令限期整改); 第一百
 * 零二条: not eliminating it after the order is punishable and a refusal
 * leads to 停产停业整顿 — so a refusal to rectify becomes a case, linked here
 * (hazards.case_id; the case module owns the case). The re-inspection
 * (复查) verifies the rectification. 'overdue' is never stored: an open
 * hazard whose deadline (a local date) has passed.
 *
 *  POST  /api/v1/findings/{id}/hazard        {grade, description?, deadline, ordered_on?}
 *  GET   /api/v1/hazards?overdue=1&unrectified=1&unit_id=&enterprise_id=&status=&before=&limit=
 *  GET   /api/v1/hazards/{id}
 *  PATCH /api/v1/hazards/{id}                {version, grade?, description?, deadline?, status?}
 *  POST  /api/v1/hazards/{id}/reinspection   {version, result passed|failed, on?, note?, deadline?}
 *  POST  /api/v1/hazards/{id}/case-link      {version, case_id} */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/inspections.h"
#include "core/day.h"
#include "store/inspections.h"

static int date_ok(const char *s) {
    zf_day_t d;
    return s && zf_day_parse(s, &d) == 0;
}

static int load_hazard(zf_req_t *req, int64_t id, const char *action, json_t **out,
                       zf_error_t *err) {
    char today[11];
    zf_api_today(today);
    int rc = zf_hazard_get(zf_api_db(req), id, today, out, err);
    if (rc == 0) rc = zf_perm_check(zf_api_actor(req), action, zf_insp_str(*out, "unit_path"), err);
    return rc;
}

static json_t *shown(json_t *h) {
    json_object_del(h, "unit_path");
    json_object_set_new(h, "overdue", json_boolean(zf_insp_int(h, "overdue") != 0));
    return h;
}

/* Write a change and answer the hazard after it, logged as action. */
static void change(zf_req_t *req, zf_resp_t *resp, int64_t id, json_t *before, int64_t version,
                   const zf_hazard_change_t *c, const char *action) {
    zf_db_t *db = zf_api_db(req);
    zf_error_t err = {0};
    char today[11];
    zf_api_today(today);
    int rc = zf_db_begin(db, &err);
    if (rc == 0) rc = zf_hazard_update(db, id, version, c, &err);
    json_t *after = NULL;
    if (rc == 0) rc = zf_hazard_get(db, id, today, &after, &err);
    if (rc) {
        json_decref(before);
        zf_api_abort(req, resp, &err);
        return;
    }
    int64_t unit_id = zf_insp_int(after, "unit_id");
    shown(before);
    shown(after);
    zf_api_commit_change(req, resp, action, "hazard", id, unit_id, before, json_incref(after),
                         after, 200);
}

void zf_api_hazard_create(zf_req_t *req, zf_resp_t *resp) {
    static const zf_field_t spec[] = {
        {"grade", ZF_FIELD_STRING, 1, "隐患等级", 10, 1},
        {"description", ZF_FIELD_STRING, 0, "隐患描述", 1000, 2},
        {"deadline", ZF_FIELD_STRING, 1, "整改期限", 10, 10},
        {"ordered_on", ZF_FIELD_STRING, 0, "责令整改日期", 10, 10},
    };
    json_t *body = zf_api_body(req, resp, spec, sizeof spec / sizeof spec[0]);
    if (!body) return;
    int64_t fid = zf_api_id_param(req, resp, "id");
    if (!fid) return;
    zf_db_t *db = zf_api_db(req);
    zf_error_t err = {0};
    json_t *f = NULL, *insp = NULL;
    int rc = zf_finding_get(db, fid, &f, &err);
    if (rc == 0)
        rc = zf_insp_load(req, zf_insp_int(f, "inspection_id"), "inspection.read", &insp, &err);
    if (rc == 0)
        rc = zf_perm_check(zf_api_actor(req), "hazard.write", zf_insp_str(insp, "unit_path"), &err);
    const char *grade = zf_insp_str(body, "grade");
    char today[11];
    zf_api_today(today);
    const char *ordered = zf_insp_str(body, "ordered_on");
    if (!ordered) ordered = today;
    const char *deadline = zf_insp_str(body, "deadline");
    if (rc == 0 && strcmp(grade, "ordinary") != 0 && strcmp(grade, "major") != 0)
        rc = zf_insp_bad(&err, "grade",
                         "隐患等级应为 ordinary（一般事故隐患）或 major（重大事故隐患）");
    if (rc == 0 && !date_ok(ordered))
        rc = zf_insp_bad(&err, "ordered_on", "责令整改日期应为 YYYY-MM-DD");
    if (rc == 0 && !date_ok(deadline))
        rc = zf_insp_bad(&err, "deadline", "整改期限应为 YYYY-MM-DD");
    if (rc == 0 && strcmp(deadline, ordered) < 0)
        rc = zf_insp_bad(&err, "deadline", "整改期限不能早于责令整改日期");
    int64_t hid = 0;
    if (rc == 0) rc = zf_hazard_by_finding(db, fid, &hid, &err);
    if (rc == 0 && hid) {
        /* the same finding again: its hazard (a retried request) */
        json_decref(f);
        json_decref(insp);
        json_t *h = NULL;
        rc = zf_hazard_get(db, hid, today, &h, &err);
        if (rc) {
            zf_api_fail(req, resp, &err);
            return;
        }
        zf_resp_json(req, resp, 200, shown(h));
        return;
    }
    const char *desc = zf_insp_str(body, "description");
    zf_hazard_row_t row = {0};
    if (rc == 0) {
        row = (zf_hazard_row_t){
            .finding_id = fid,
            .inspection_id = zf_insp_int(insp, "id"),
            .enterprise_id = zf_insp_int(insp, "enterprise_id"),
            .unit_id = zf_insp_int(insp, "unit_id"),
            .grade = grade,
            .description = desc ? desc : zf_arena_strdup(req->arena, zf_insp_str(f, "description")),
            .ordered_on = ordered,
            .deadline = deadline,
            .created_by = zf_api_actor(req)->user_id};
    }
    json_decref(f);
    json_decref(insp);
    if (rc == 0) rc = zf_db_begin(db, &err);
    if (rc == 0) rc = zf_hazard_insert(db, &row, &hid, &err);
    json_t *h = NULL;
    if (rc == 0) rc = zf_hazard_get(db, hid, today, &h, &err);
    if (rc) {
        zf_api_abort(req, resp, &err);
        return;
    }
    shown(h);
    zf_api_commit_change(req, resp, "hazard.create", "hazard", hid, row.unit_id, NULL,
                         json_incref(h), h, 201);
}

void zf_api_hazard_get(zf_req_t *req, zf_resp_t *resp) {
    int64_t id = zf_api_id_param(req, resp, "id");
    if (!id) return;
    zf_error_t err = {0};
    json_t *h = NULL;
    if (load_hazard(req, id, "hazard.read", &h, &err) != 0) {
        json_decref(h);
        zf_api_fail(req, resp, &err);
        return;
    }
    zf_resp_json(req, resp, 200, shown(h));
}

void zf_api_hazards_list(zf_req_t *req, zf_resp_t *resp) {
    const zf_actor_t *actor = zf_api_actor(req);
    zf_error_t err = {0};
    char today[11];
    zf_api_today(today);
    zf_hazard_filter_t f = {.scope_path = actor->scope_path, .today = today, .limit = 100};
    const char *s;
    int rc = 0;
    if ((s = zf_req_query(req, "unit_id"))) f.unit_id = atoll(s);
    if ((s = zf_req_query(req, "enterprise_id"))) f.enterprise_id = atoll(s);
    if ((s = zf_req_query(req, "before"))) f.before_id = atoll(s);
    if ((s = zf_req_query(req, "overdue"))) f.overdue = strcmp(s, "1") == 0;
    if ((s = zf_req_query(req, "unrectified"))) f.unrectified = strcmp(s, "1") == 0;
    if ((s = zf_req_query(req, "limit"))) {
        f.limit = atoi(s);
        if (f.limit < 1 || f.limit > 500) rc = zf_insp_bad(&err, "limit", "limit 应为 1–500");
    }
    f.status = zf_req_query(req, "status");
    if (rc == 0 && f.status && *f.status && strcmp(f.status, "open") != 0 &&
        strcmp(f.status, "rectified") != 0 && strcmp(f.status, "verified") != 0)
        rc = zf_insp_bad(&err, "status", "状态应为 open、rectified 或 verified");
    json_t *items = NULL;
    if (rc == 0) {
        f.limit++;
        rc = zf_hazards_list(zf_api_db(req), &f, &items, &err);
        f.limit--;
    }
    if (rc) {
        zf_api_fail(req, resp, &err);
        return;
    }
    json_t *next = json_null();
    if (json_array_size(items) > (size_t)f.limit) {
        json_array_remove(items, (size_t)f.limit);
        next = json_integer(zf_insp_int(json_array_get(items, (size_t)f.limit - 1), "id"));
    }
    size_t i;
    json_t *h;
    json_array_foreach(items, i, h) shown(h);
    zf_resp_json(req, resp, 200,
                 json_pack("{s:o, s:o, s:s}", "items", items, "next_before", next, "today", today));
}

void zf_api_hazard_update(zf_req_t *req, zf_resp_t *resp) {
    static const zf_field_t spec[] = {
        {"version", ZF_FIELD_INT, 1, "版本", 0, 0},
        {"grade", ZF_FIELD_STRING, 0, "隐患等级", 10, 1},
        {"description", ZF_FIELD_STRING, 0, "隐患描述", 1000, 2},
        {"deadline", ZF_FIELD_STRING, 0, "整改期限", 10, 10},
        {"status", ZF_FIELD_STRING, 0, "状态", 10, 1},
    };
    json_t *body = zf_api_body(req, resp, spec, sizeof spec / sizeof spec[0]);
    if (!body) return;
    int64_t id = zf_api_id_param(req, resp, "id");
    if (!id) return;
    zf_error_t err = {0};
    json_t *before = NULL;
    int rc = load_hazard(req, id, "hazard.write", &before, &err);
    zf_hazard_change_t c = {.grade = zf_insp_str(body, "grade"),
                            .description = zf_insp_str(body, "description"),
                            .deadline = zf_insp_str(body, "deadline"),
                            .status = zf_insp_str(body, "status"),
                            .case_id = -1};
    if (rc == 0 && c.grade && strcmp(c.grade, "ordinary") != 0 && strcmp(c.grade, "major") != 0)
        rc = zf_insp_bad(&err, "grade", "隐患等级应为 ordinary 或 major");
    if (rc == 0 && c.deadline &&
        (!date_ok(c.deadline) || strcmp(c.deadline, zf_insp_str(before, "ordered_on")) < 0))
        rc = zf_insp_bad(&err, "deadline", "整改期限应为 YYYY-MM-DD，且不早于责令整改日期");
    /* the enterprise reports it rectified (open → rectified); verified only
     * by a re-inspection */
    if (rc == 0 && c.status && strcmp(c.status, "rectified") != 0 && strcmp(c.status, "open") != 0)
        rc = zf_insp_bad(&err, "status", "状态只能改为 rectified（已整改）或 open；验收请做复查");
    if (rc == 0 && strcmp(zf_insp_str(before, "status"), "verified") == 0)
        rc = zf_error_set(&err, ZF_ECONFLICT, 409, "hazard.closed", "status",
                          "隐患已复查验收，不能再修改");
    if (rc) {
        json_decref(before);
        zf_api_fail(req, resp, &err);
        return;
    }
    change(req, resp, id, before, zf_insp_int(body, "version"), &c, "hazard.update");
}

void zf_api_hazard_reinspection(zf_req_t *req, zf_resp_t *resp) {
    static const zf_field_t spec[] = {
        {"version", ZF_FIELD_INT, 1, "版本", 0, 0},
        {"result", ZF_FIELD_STRING, 1, "复查结果", 10, 1},
        {"on", ZF_FIELD_STRING, 0, "复查日期", 10, 10},
        {"note", ZF_FIELD_STRING, 0, "复查意见", 1000, 0},
        {"deadline", ZF_FIELD_STRING, 0, "新的整改期限", 10, 10},
    };
    json_t *body = zf_api_body(req, resp, spec, sizeof spec / sizeof spec[0]);
    if (!body) return;
    int64_t id = zf_api_id_param(req, resp, "id");
    if (!id) return;
    zf_error_t err = {0};
    json_t *before = NULL;
    int rc = load_hazard(req, id, "hazard.write", &before, &err);
    char today[11];
    zf_api_today(today);
    const char *on = zf_insp_str(body, "on");
    if (!on) on = today;
    const char *result = zf_insp_str(body, "result");
    const char *deadline = zf_insp_str(body, "deadline");
    if (rc == 0 && strcmp(result, "passed") != 0 && strcmp(result, "failed") != 0)
        rc = zf_insp_bad(&err, "result", "复查结果应为 passed（整改合格）或 failed（未整改到位）");
    if (rc == 0 && (!date_ok(on) || strcmp(on, today) > 0 ||
                    strcmp(on, zf_insp_str(before, "ordered_on")) < 0))
        rc = zf_insp_bad(&err, "on", "复查日期应为 YYYY-MM-DD，不早于责令整改日期、不晚于今天");
    if (rc == 0 && deadline && (!date_ok(deadline) || strcmp(deadline, on) < 0))
        rc = zf_insp_bad(&err, "deadline", "新的整改期限应为 YYYY-MM-DD，且不早于复查日期");
    if (rc == 0 && strcmp(zf_insp_str(before, "status"), "verified") == 0)
        rc = zf_error_set(&err, ZF_ECONFLICT, 409, "hazard.closed", "status",
                          "隐患已复查验收，不能再复查");
    if (rc) {
        json_decref(before);
        zf_api_fail(req, resp, &err);
        return;
    }
    int passed = strcmp(result, "passed") == 0;
    const char *note = zf_insp_str(body, "note");
    zf_hazard_change_t c = {.status = passed ? "verified" : "open",
                            .deadline = passed ? NULL : deadline,
                            .reinspected_on = on,
                            .reinspection_result = result,
                            .reinspection_note = note ? note : "",
                            .reinspected_by = zf_api_actor(req)->user_id,
                            .case_id = -1};
    change(req, resp, id, before, zf_insp_int(body, "version"), &c, "hazard.reinspect");
}

void zf_api_hazard_case_link(zf_req_t *req, zf_resp_t *resp) {
    static const zf_field_t spec[] = {
        {"version", ZF_FIELD_INT, 1, "版本", 0, 0},
        {"case_id", ZF_FIELD_INT, 1, "案件", 0, 0},
    };
    json_t *body = zf_api_body(req, resp, spec, sizeof spec / sizeof spec[0]);
    if (!body) return;
    int64_t id = zf_api_id_param(req, resp, "id");
    if (!id) return;
    zf_error_t err = {0};
    json_t *before = NULL;
    int rc = load_hazard(req, id, "hazard.write", &before, &err);
    int64_t case_id = zf_insp_int(body, "case_id");
    if (rc == 0 && case_id <= 0) rc = zf_insp_bad(&err, "case_id", "案件编号应为正整数");
    if (rc) {
        json_decref(before);
        zf_api_fail(req, resp, &err);
        return;
    }
    zf_hazard_change_t c = {.case_id = case_id};
    change(req, resp, id, before, zf_insp_int(body, "version"), &c, "hazard.case_link");
}
