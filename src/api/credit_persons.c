/* credit_persons.c — see credit_persons.h. 应急管理部令第11号 [二手, LAW.md
 * §5.3] lists the unit and its 主要负责人 (situations 1–3, 5, 6, 8), its
 * 有关责任人员 (4), an intermediary's 直接责任人员 (7): each person is added
 * to the unit's record while it is proposed or approved — before the notice,
 * so that the notice names everyone to be listed (列入前告知) — and shares
 * the record's fate: on the public list while it is listed, off it when the
 * record is removed. On the public list a person is a masked name and a
 * masked ID number, never the number itself (R25, core/mask.h). */
#include "api/credit_persons.h"

#include <string.h>

#include "core/credit.h"
#include "core/mask.h"
#include "store/credit.h"
#include "store/credit_persons.h"

json_t *zf_api_credit_persons_json(zf_db_t *db, zf_arena_t *a, int64_t record_id, int public_view,
                                   zf_error_t *err) {
    zf_credit_person_t *p;
    size_t n = 0;
    if (zf_credit_persons_of(db, a, record_id, &p, &n, err) != 0) return NULL;
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++) {
        if (!public_view) {
            json_array_append_new(arr, zf_credit_person_json(&p[i]));
            continue;
        }
        const char *rn = zf_credit_person_role_name(p[i].role);
        json_array_append_new(
            arr, json_pack("{s:s, s:s, s:s}", "role_name", rn ? rn : "", "name",
                           zf_mask_name(a, p[i].name), "id_number",
                           *p[i].id_number ? zf_mask_text(a, p[i].id_number, NULL, 0, NULL) : ""));
    }
    return arr;
}

void zf_api_credit_person_add(zf_req_t *req, zf_resp_t *resp) {
    static const zf_field_t spec[] = {
        {"version", ZF_FIELD_INT, 1, "版本号", 0, 0},
        {"role", ZF_FIELD_STRING, 1, "身份", 20, 1},
        {"name", ZF_FIELD_STRING, 1, "姓名", 50, 2},
        {"id_number", ZF_FIELD_STRING, 1, "居民身份证号码", 18, 18},
        {"position", ZF_FIELD_STRING, 0, "职务", 50, 0},
    };
    json_t *body = zf_api_body(req, resp, spec, sizeof spec / sizeof spec[0]);
    if (!body) return;
    int64_t id = zf_api_id_param(req, resp, "id");
    if (!id) return;
    zf_db_t *db = zf_api_db(req);
    zf_error_t err = {0};
    zf_credit_record_t r;
    int rc = zf_credit_record_get(db, req->arena, id, &r, &err);
    if (rc == 0) rc = zf_perm_check(zf_api_actor(req), "credit.propose", r.unit_path, &err);
    const char *role = json_string_value(json_object_get(body, "role"));
    const char *idn = json_string_value(json_object_get(body, "id_number"));
    if (rc == 0 && !zf_credit_person_role_name(role))
        rc = zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", "role",
                          "身份应为 principal（主要负责人）、responsible（有关责任人员）或 "
                          "direct（直接责任人员）");
    if (rc == 0 && !zf_credit_id_number_ok(idn))
        rc = zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", "id_number",
                          "居民身份证号码无效（18 位，末位校验码不符或出生日期不对）");
    if (rc == 0 && (strcmp(r.kind, "serious_list") != 0 ||
                    (strcmp(r.status, "proposed") != 0 && strcmp(r.status, "approved") != 0)))
        rc = zf_error_set(&err, ZF_EINVAL, 409, "credit.bad_state", "status",
                          "只有拟列入或已批准、尚未告知的严重失信主体名单记录可以增加列入人员"
                          "（列入前须一并告知）");
    zf_credit_person_t p = {.record_id = id,
                            .role = role,
                            .name = json_string_value(json_object_get(body, "name")),
                            .id_number = idn,
                            .position = json_string_value(json_object_get(body, "position")),
                            .created_by = zf_api_actor(req)->user_id},
                       stored;
    /* the record's version moves: a person added is a change of the listing */
    zf_credit_record_t after = r;
    if (rc == 0) rc = zf_db_begin(db, &err);
    if (rc == 0)
        rc = zf_credit_record_update(db, req->arena, &after,
                                     json_integer_value(json_object_get(body, "version")), &err);
    if (rc == 0) rc = zf_credit_person_insert(db, req->arena, &p, &stored, &err);
    if (rc) {
        zf_api_abort(req, resp, &err);
        return;
    }
    json_t *logged = zf_credit_person_json(&stored);
    json_t *answer = zf_credit_record_json(&after);
    json_t *persons = zf_api_credit_persons_json(db, req->arena, id, 0, &err);
    json_object_set_new(answer, "persons", persons ? persons : json_array());
    json_object_set_new(answer, "person", json_incref(logged));
    zf_api_commit_change(req, resp, "credit.person_add", "credit_record", r.id, r.unit_id, NULL,
                         logged, answer, 201);
}
