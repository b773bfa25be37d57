/* inspections.c — on-site inspections (issue 7, R16): create (idempotent by
 * the phone's client id), read, list, edit as one document (stages,
 * officers and experts, attendees, checklist answers), findings, signing by
 * the enterprise's representative (the team rule, frozen afterwards, the
 * ledger entry done) and the receipt that proves the signed record is in
 * the full-process log (R18/R22). Evidence: evidence.c; hazards:
 * hazards.c; the QR code and the enterprise's own page: enterprise_qr.c.
 *
 * Law behind the rules here:
 *  - 行政处罚法 第四十二条: at least two officers with enforcement
 *    certificates (zf_team_check, core/officers.h), checked when signing;
 *  - 国办发〔2024〕54号 [二手, LAW.md §5.5]: no inspection bypasses the
 *    record (every inspection is or gets an entry of the inspection ledger,
 *    which counts against the yearly cap per inspection.cap.sources);
 *    auxiliary staff without a certificate may not carry out an
 *    inspection (they may record, but never count as an officer);
 *  - 谁执法谁普法: the legal education given is part of the record. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/inspections.h"
#include "core/checklist.h"
#include "core/day.h"
#include "core/mask.h"
#include "core/util.h"
#include "store/checklists.h"
#include "store/enterprises.h"
#include "store/inspections.h"
#include "store/ledger.h"
#include "store/officers.h"

int zf_insp_bad(zf_error_t *err, const char *field, const char *msg) {
    return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", field, "%s", msg);
}

int64_t zf_insp_int(json_t *o, const char *k) {
    json_t *v = json_object_get(o, k);
    return json_is_integer(v) ? json_integer_value(v) : 0;
}

const char *zf_insp_str(json_t *o, const char *k) {
    json_t *v = json_object_get(o, k);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

/* A client id: 8–64 characters of [0-9A-Za-z-] (crypto.randomUUID gives 36). */
int zf_insp_client_id_ok(const char *s) {
    size_t n = s ? strlen(s) : 0;
    if (n < 8 || n > 64) return 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              c == '-'))
            return 0;
    }
    return 1;
}

/* "YYYY-MM-DDTHH:MM" at least, then anything ISO-ish (seconds, zone). */
static int time_ok(const char *s) {
    if (!s || !*s) return 1; /* empty = not yet */
    size_t n = strlen(s);
    if (n < 16 || n > 32 || s[10] != 'T' || s[13] != ':') return 0;
    char day[11];
    memcpy(day, s, 10);
    day[10] = 0;
    zf_day_t d;
    if (zf_day_parse(day, &d) != 0) return 0;
    for (size_t i = 11; i < 16; i++)
        if (i != 13 && (s[i] < '0' || s[i] > '9')) return 0;
    for (size_t i = 16; i < n; i++)
        if (!strchr("0123456789:.+-Z", s[i])) return 0;
    return 1;
}

int zf_insp_load(zf_req_t *req, int64_t id, const char *action, json_t **out, zf_error_t *err) {
    int rc = zf_inspection_get(zf_api_db(req), id, out, err);
    if (rc == 0) rc = zf_perm_check(zf_api_actor(req), action, zf_insp_str(*out, "unit_path"), err);
    return rc;
}

/* May the actor see attendees' phone numbers unmasked? Those who may write
 * the inspection (they call the people); everyone else sees them masked. */
static int sees_phones(const zf_actor_t *actor, const char *unit_path) {
    zf_error_t e;
    return zf_perm_check(actor, "inspection.write", unit_path, &e) == 0;
}

/* The whole record: the row and every sub-record. unmasked: phones as
 * stored (for the log and for writers). */
int zf_insp_full(zf_db_t *db, zf_arena_t *a, int64_t id, int unmasked, json_t **out,
                 zf_error_t *err) {
    json_t *o = NULL, *offs = NULL, *att = NULL, *ans = NULL, *fnd = NULL, *ev = NULL, *hz = NULL,
           *arr = NULL;
    int rc = zf_inspection_get(db, id, &o, err);
    if (rc == 0) rc = zf_insp_officers(db, id, &offs, err);
    if (rc == 0) rc = zf_insp_attendees(db, id, &att, err);
    if (rc == 0) rc = zf_insp_answers(db, id, &ans, err);
    if (rc == 0) rc = zf_insp_findings(db, id, &fnd, err);
    if (rc == 0) rc = zf_insp_evidence(db, id, &ev, err);
    if (rc == 0) rc = zf_insp_hazards(db, id, &hz, err);
    if (rc == 0) rc = zf_insp_arrivals(db, id, &arr, err);
    if (rc) {
        json_decref(o);
        json_decref(offs);
        json_decref(att);
        json_decref(ans);
        json_decref(fnd);
        json_decref(ev);
        json_decref(hz);
        json_decref(arr);
        return rc;
    }
    if (!unmasked) {
        size_t i;
        json_t *p;
        json_array_foreach(att, i, p) {
            const char *ph = zf_insp_str(p, "phone");
            if (ph && *ph)
                json_object_set_new(p, "phone", json_string(zf_mask_text(a, ph, NULL, 0, NULL)));
        }
    }
    json_object_set_new(o, "officers", offs);
    json_object_set_new(o, "attendees", att);
    json_object_set_new(o, "answers", ans);
    json_object_set_new(o, "findings", fnd);
    json_object_set_new(o, "evidence", ev);
    json_object_set_new(o, "hazards", hz);
    json_object_set_new(o, "arrivals", arr);
    *out = o;
    return 0;
}

/* What the log keeps of an inspection: the document without the joined
 * names and paths. */
static json_t *logged_view(json_t *full) {
    json_t *j = json_deep_copy(full);
    json_object_del(j, "unit_path");
    json_object_del(j, "arrivals");
    return j;
}

/* ---- create ---- */

static const char *const sources[] = {"plan",      "draw",     "complaint", "accident",
                                      "follow_up", "referral", "credit",    "ad_hoc"};

static int source_known(const char *s) {
    for (size_t i = 0; s && i < sizeof sources / sizeof sources[0]; i++)
        if (strcmp(sources[i], s) == 0) return 1;
    return 0;
}

int zf_insp_create(zf_req_t *req, const zf_enterprise_t *ent, const char *client_id,
                   const char *source, int64_t ledger_id, const char *on, int64_t *id, int *created,
                   zf_error_t *err) {
    zf_db_t *db = zf_api_db(req);
    zf_arena_t *a = req->arena;
    const zf_actor_t *actor = zf_api_actor(req);
    *created = 0;
    int rc = zf_inspection_by_client(db, client_id, id, err);
    if (rc || *id) return rc; /* the same record again: answered as it is */
    zf_unit_t unit;
    rc = zf_api_inspecting_unit(db, a, actor, &unit, err);
    if (rc) return rc;
    zf_ledger_entry_t le = {0};
    int64_t year = atoll(on), month = atoll(on + 5);
    if (ledger_id) {
        rc = zf_store_ledger_get(db, a, ledger_id, &le, err);
        if (rc) return rc;
        if (le.enterprise_id != ent->id)
            return zf_insp_bad(err, "ledger_id", "该台账条目不是本企业的检查");
        if (strcmp(le.status, "planned") != 0)
            return zf_error_set(err, ZF_ECONFLICT, 409, "inspection.ledger_closed", "ledger_id",
                                "该台账条目已完成、取消或合并，不能再据此检查");
        if (le.inspection_id)
            return zf_error_set(err, ZF_ECONFLICT, 409, "inspection.ledger_taken", "ledger_id",
                                "该台账条目已有检查记录 %lld", (long long)le.inspection_id);
        source = le.source;
        unit.id = le.unit_id;
    } else {
        if (strcmp(source, "plan") == 0 || strcmp(source, "draw") == 0 ||
            strcmp(source, "credit") == 0)
            return zf_insp_bad(err, "ledger_id",
                               "年度计划、双随机和信用惩戒的检查须指明其台账条目（ledger_id）");
        /* no inspection bypasses the ledger (国办发〔2024〕54号): a triggered
         * or ad hoc inspection gets its entry now, counted per
         * inspection.cap.sources */
        le = (zf_ledger_entry_t){.enterprise_id = ent->id,
                                 .unit_id = unit.id,
                                 .year = year,
                                 .month = month,
                                 .source = source,
                                 .status = "planned",
                                 .note = "现场检查登记",
                                 .created_by = actor->user_id};
        rc = zf_store_ledger_add(db, &le, NULL, 0, &le.id, err);
        if (rc) return rc;
        json_t *lj = json_pack("{s:I, s:I, s:I, s:I, s:I, s:s, s:s, s:s}", "id", (json_int_t)le.id,
                               "enterprise_id", (json_int_t)ent->id, "unit_id", (json_int_t)unit.id,
                               "year", (json_int_t)year, "month", (json_int_t)month, "source",
                               source, "status", "planned", "note", le.note);
        zf_log_entry_t e = {.actor_id = actor->user_id,
                            .unit_id = unit.id,
                            .action = "ledger.add",
                            .object_type = "ledger_entry",
                            .object_id = zf_arena_printf(a, "%lld", (long long)le.id),
                            .after = lj};
        int64_t idx = zf_log_append(db, &e, err);
        json_decref(lj);
        if (idx < 0) return (int)idx;
    }
    zf_insp_new_t n = {.client_id = client_id,
                       .enterprise_id = ent->id,
                       .unit_id = unit.id,
                       .source = source,
                       .source_id = le.source_id,
                       .ledger_id = le.id,
                       .inspected_on = on,
                       .created_by = actor->user_id};
    rc = zf_inspection_insert(db, &n, id, err);
    if (rc == 0) rc = zf_inspection_link_ledger(db, le.id, *id, err);
    /* the actor's own officer record joins the team */
    zf_officer_t me;
    zf_error_t e2 = {0};
    if (rc == 0 && zf_officer_get_by_user(db, a, actor->user_id, &me, &e2) == 0)
        rc = zf_insp_add_officer(db, *id, "officer", me.id, NULL, NULL, err);
    json_t *full = NULL;
    if (rc == 0) rc = zf_insp_full(db, a, *id, 1, &full, err);
    if (rc) return rc;
    json_t *lv = logged_view(full);
    zf_log_entry_t e = {.actor_id = actor->user_id,
                        .unit_id = unit.id,
                        .action = "inspection.create",
                        .object_type = "inspection",
                        .object_id = zf_arena_printf(a, "%lld", (long long)*id),
                        .after = lv};
    int64_t idx = zf_log_append(db, &e, err);
    json_decref(lv);
    json_decref(full);
    if (idx < 0) return (int)idx;
    *created = 1;
    return 0;
}

/* Answer the record as the actor may see it. */
static void answer_full(zf_req_t *req, zf_resp_t *resp, int64_t id, int status) {
    zf_error_t err = {0};
    json_t *o = NULL;
    zf_db_t *db = zf_api_db(req);
    int rc = zf_inspection_get(db, id, &o, &err);
    int unmasked = rc == 0 && sees_phones(zf_api_actor(req), zf_insp_str(o, "unit_path"));
    json_decref(o);
    o = NULL;
    if (rc == 0) rc = zf_insp_full(db, req->arena, id, unmasked, &o, &err);
    if (rc) {
        zf_api_fail(req, resp, &err);
        return;
    }
    zf_resp_json(req, resp, status, o);
}

/* POST /api/v1/inspections {client_id, enterprise_id, source?, ledger_id?,
 * inspected_on?} → 201, or 200 with the existing record when client_id was
 * seen before (a retried or replayed request). */
void zf_api_inspection_create(zf_req_t *req, zf_resp_t *resp) {
    static const zf_field_t spec[] = {
        {"client_id", ZF_FIELD_STRING, 1, "客户端编号", 64, 8},
        {"enterprise_id", ZF_FIELD_INT, 1, "被检查企业", 0, 0},
        {"source", ZF_FIELD_STRING, 0, "检查来源", 20, 1},
        {"ledger_id", ZF_FIELD_INT, 0, "台账条目", 0, 0},
        {"inspected_on", ZF_FIELD_STRING, 0, "检查日期", 10, 10},
    };
    json_t *body = zf_api_body(req, resp, spec, sizeof spec / sizeof spec[0]);
    if (!body) return;
    zf_db_t *db = zf_api_db(req);
    zf_error_t err = {0};
    const char *client_id = zf_insp_str(body, "client_id");
    const char *source = zf_insp_str(body, "source");
    if (!source) source = "ad_hoc";
    char today[11];
    zf_api_today(today);
    const char *on = zf_insp_str(body, "inspected_on");
    if (!on) on = today;
    zf_day_t d;
    int rc = 0;
    if (!zf_insp_client_id_ok(client_id))
        rc = zf_insp_bad(&err, "client_id", "客户端编号应为 8–64 位字母、数字或连字符（UUID）");
    else if (!source_known(source))
        rc = zf_insp_bad(&err, "source",
                         "检查来源应为 plan、draw、complaint、accident、follow_up、referral、"
                         "credit 或 ad_hoc");
    else if (zf_day_parse(on, &d) != 0)
        rc = zf_insp_bad(&err, "inspected_on", "检查日期应为 YYYY-MM-DD");
    else if (strcmp(on, today) > 0)
        rc = zf_insp_bad(&err, "inspected_on", "检查日期不能晚于今天");
    zf_enterprise_t ent;
    if (rc == 0)
        rc = zf_enterprise_get(db, req->arena, zf_insp_int(body, "enterprise_id"), &ent, &err);
    if (rc == 0) rc = zf_perm_check(zf_api_actor(req), "inspection.write", ent.unit_path, &err);
    if (rc == 0) rc = zf_db_begin(db, &err);
    int64_t id = 0;
    int created = 0;
    if (rc == 0)
        rc = zf_insp_create(req, &ent, client_id, source, zf_insp_int(body, "ledger_id"), on, &id,
                            &created, &err);
    if (rc == 0) rc = zf_db_commit(db, &err);
    if (rc) {
        zf_api_abort(req, resp, &err);
        return;
    }
    json_t *o = NULL;
    if (!created) {
        /* a repeat: the same record, but only to someone who may see it */
        rc = zf_insp_load(req, id, "inspection.read", &o, &err);
        if (rc == 0 && zf_insp_int(o, "enterprise_id") != ent.id)
            rc = zf_error_set(&err, ZF_ECONFLICT, 409, "inspection.client_id_taken", "client_id",
                              "客户端编号已用于另一企业的检查，请重新生成");
        json_decref(o);
        if (rc) {
            zf_api_fail(req, resp, &err);
            return;
        }
    }
    answer_full(req, resp, id, created ? 201 : 200);
}

void zf_api_inspection_get(zf_req_t *req, zf_resp_t *resp) {
    int64_t id = zf_api_id_param(req, resp, "id");
    if (!id) return;
    zf_error_t err = {0};
    json_t *o = NULL;
    int rc = zf_insp_load(req, id, "inspection.read", &o, &err);
    json_decref(o);
    if (rc) {
        zf_api_fail(req, resp, &err);
        return;
    }
    answer_full(req, resp, id, 200);
}

/* GET /api/v1/inspections?enterprise_id=&unit_id=&status=&from=&to=&date=
 * &before=&limit= → {items, next_before}: newest first, keyset paging by id. */
void zf_api_inspections_list(zf_req_t *req, zf_resp_t *resp) {
    const zf_actor_t *actor = zf_api_actor(req);
    zf_error_t err = {0};
    zf_insp_filter_t f = {.scope_path = actor->scope_path, .limit = 50};
    const char *s;
    int rc = 0;
    if ((s = zf_req_query(req, "enterprise_id"))) f.enterprise_id = atoll(s);
    if ((s = zf_req_query(req, "unit_id"))) f.unit_id = atoll(s);
    if ((s = zf_req_query(req, "before"))) f.before_id = atoll(s);
    if ((s = zf_req_query(req, "limit"))) {
        f.limit = atoi(s);
        if (f.limit < 1 || f.limit > 200) rc = zf_insp_bad(&err, "limit", "limit 应为 1–200");
    }
    f.status = zf_req_query(req, "status");
    if (rc == 0 && f.status && *f.status && strcmp(f.status, "open") != 0 &&
        strcmp(f.status, "signed") != 0 && strcmp(f.status, "closed") != 0)
        rc = zf_insp_bad(&err, "status", "状态应为 open、signed 或 closed");
    f.date_from = zf_req_query(req, "from");
    f.date_to = zf_req_query(req, "to");
    if ((s = zf_req_query(req, "date"))) f.date_from = f.date_to = s;
    zf_day_t d;
    if (rc == 0 && f.date_from && *f.date_from && zf_day_parse(f.date_from, &d) != 0)
        rc = zf_insp_bad(&err, "from", "日期应为 YYYY-MM-DD");
    if (rc == 0 && f.date_to && *f.date_to && zf_day_parse(f.date_to, &d) != 0)
        rc = zf_insp_bad(&err, "to", "日期应为 YYYY-MM-DD");
    json_t *items = NULL;
    if (rc == 0) {
        f.limit++; /* one more: is there a next page? */
        rc = zf_inspections_list(zf_api_db(req), &f, &items, &err);
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
    json_t *it;
    json_array_foreach(items, i, it) json_object_del(it, "unit_path");
    zf_resp_json(req, resp, 200, json_pack("{s:o, s:o}", "items", items, "next_before", next));
}

/* ---- PATCH: the document ---- */

static int open_or_409(json_t *insp, zf_error_t *err) {
    const char *st = zf_insp_str(insp, "status");
    if (st && strcmp(st, "open") == 0) return 0;
    return zf_error_set(err, ZF_ECONFLICT, 409, "inspection.frozen", "status",
                        "检查记录已签字确认，不能再修改");
}

/* Is item_id a question of the checklist document? */
static int checklist_has_item(json_t *doc, const char *item_id) {
    size_t i, j;
    json_t *sec, *it;
    json_array_foreach(json_object_get(doc, "sections"), i, sec) {
        json_array_foreach(json_object_get(sec, "items"), j, it) {
            const char *id = zf_insp_str(it, "id");
            if (id && strcmp(id, item_id) == 0) return 1;
        }
    }
    return 0;
}

static int set_field(zf_error_t *err, const char *arr, size_t i, const char *field) {
    char f[24], out[sizeof err->field];
    snprintf(f, sizeof f, "%s", field);
    size_t n = (size_t)snprintf(out, sizeof out, "%.12s[%zu].", arr, i % 1000);
    snprintf(out + n, sizeof out - n, "%s", f);
    memcpy(err->field, out, sizeof out);
    return ZF_EINVAL;
}

/* Check and store the arrays of a PATCH (each given one replaces the
 * stored list). */
static int patch_lists(zf_req_t *req, int64_t id, json_t *lists, json_t *chk_doc, zf_error_t *err) {
    zf_db_t *db = zf_api_db(req);
    zf_arena_t *a = req->arena;
    json_t *offs = json_object_get(lists, "officers");
    json_t *att = json_object_get(lists, "attendees");
    json_t *ans = json_object_get(lists, "answers");
    int rc = 0;
    size_t i;
    json_t *x;
    if (offs) {
        static const zf_field_t spec[] = {
            {"kind", ZF_FIELD_STRING, 0, "类别", 10, 1},
            {"officer_id", ZF_FIELD_INT, 0, "执法人员", 0, 0},
            {"name", ZF_FIELD_STRING, 0, "专家姓名", 40, 1},
            {"field", ZF_FIELD_STRING, 0, "专业领域", 60, 0},
        };
        if (!json_is_array(offs) || json_array_size(offs) > 12)
            return zf_insp_bad(err, "officers", "检查人员应为数组（至多12人）");
        rc = zf_insp_clear(db, "officers", id, err);
        json_array_foreach(offs, i, x) {
            if (rc) break;
            if (!json_is_object(x)) return zf_insp_bad(err, "officers", "检查人员应为对象数组");
            if ((rc = zf_api_check_fields(x, spec, 4, err)) != 0)
                return set_field(err, "officers", i, err->field);
            const char *kind = zf_insp_str(x, "kind");
            if (!kind) kind = "officer";
            if (strcmp(kind, "officer") == 0) {
                zf_officer_t o;
                int64_t oid = zf_insp_int(x, "officer_id");
                if (!oid || zf_officer_get(db, a, oid, &o, err) != 0) {
                    zf_insp_bad(err, "", "执法人员不存在");
                    return set_field(err, "officers", i, "officer_id");
                }
                if (strcmp(o.kind, "expert") == 0) {
                    zf_insp_bad(err, "", "专家请以 kind expert 登记（执法+专家）");
                    return set_field(err, "officers", i, "kind");
                }
                rc = zf_insp_add_officer(db, id, "officer", oid, NULL, NULL, err);
            } else if (strcmp(kind, "expert") == 0) {
                const char *name = zf_insp_str(x, "name");
                if (!name) {
                    zf_insp_bad(err, "", "专家须填写姓名");
                    return set_field(err, "officers", i, "name");
                }
                rc = zf_insp_add_officer(db, id, "expert", 0, name, zf_insp_str(x, "field"), err);
            } else {
                zf_insp_bad(err, "", "类别应为 officer（执法人员）或 expert（专家）");
                return set_field(err, "officers", i, "kind");
            }
        }
    }
    if (rc == 0 && att) {
        static const zf_field_t spec[] = {
            {"name", ZF_FIELD_STRING, 1, "姓名", 40, 1},
            {"post", ZF_FIELD_STRING, 1, "职务", 20, 1},
            {"phone", ZF_FIELD_STRING, 0, "电话", 30, 0},
        };
        if (!json_is_array(att) || json_array_size(att) > 30)
            return zf_insp_bad(err, "attendees", "在场人员应为数组（至多30人）");
        rc = zf_insp_clear(db, "attendees", id, err);
        json_array_foreach(att, i, x) {
            if (rc) break;
            if (!json_is_object(x)) return zf_insp_bad(err, "attendees", "在场人员应为对象数组");
            if ((rc = zf_api_check_fields(x, spec, 3, err)) != 0)
                return set_field(err, "attendees", i, err->field);
            const char *post = zf_insp_str(x, "post");
            if (strcmp(post, "principal") != 0 && strcmp(post, "safety_manager") != 0 &&
                strcmp(post, "operator") != 0) {
                zf_insp_bad(err, "",
                            "职务应为 principal（主要负责人）、safety_manager（安全管理人员）或 "
                            "operator（作业人员）");
                return set_field(err, "attendees", i, "post");
            }
            rc = zf_insp_add_attendee(db, id, zf_insp_str(x, "name"), post, zf_insp_str(x, "phone"),
                                      err);
        }
    }
    if (rc == 0 && ans) {
        static const zf_field_t spec[] = {
            {"item_id", ZF_FIELD_STRING, 1, "检查项", 40, 1},
            {"answer", ZF_FIELD_STRING, 1, "检查结果", 3, 2},
            {"note", ZF_FIELD_STRING, 0, "说明", 500, 0},
        };
        if (!json_is_array(ans) || json_array_size(ans) > ZF_CHK_MAX_ITEMS)
            return zf_insp_bad(err, "answers", "检查表答案应为数组");
        if (!chk_doc && json_array_size(ans) > 0)
            return zf_insp_bad(err, "checklist_code", "请先选择检查表（checklist_code 与版本）");
        rc = zf_insp_clear(db, "answers", id, err);
        json_array_foreach(ans, i, x) {
            if (rc) break;
            if (!json_is_object(x)) return zf_insp_bad(err, "answers", "检查表答案应为对象数组");
            if ((rc = zf_api_check_fields(x, spec, 3, err)) != 0)
                return set_field(err, "answers", i, err->field);
            const char *item = zf_insp_str(x, "item_id"), *an = zf_insp_str(x, "answer");
            if (!zf_checklist_answer_name(an)) {
                zf_insp_bad(err, "", "检查结果应为 yes（是）、no（否）或 na（不适用）");
                return set_field(err, "answers", i, "answer");
            }
            if (!checklist_has_item(chk_doc, item)) {
                zf_error_set(err, ZF_EINVAL, 400, "inspection.unknown_item", "",
                             "检查表中没有检查项 %s", item);
                return set_field(err, "answers", i, "item_id");
            }
            rc = zf_insp_add_answer(db, id, item, an, zf_insp_str(x, "note"), err);
            if (rc == ZF_ECONFLICT) {
                zf_error_set(err, ZF_EINVAL, 400, "input.invalid", "", "检查项 %s 重复作答", item);
                return set_field(err, "answers", i, "item_id");
            }
        }
    }
    return rc;
}

/* PATCH /api/v1/inspections/{id} {version, notice_start…feedback_end,
 * legal_education, checklist_code, checklist_version, officers[],
 * attendees[], answers[]} — only what is given changes; a given list
 * replaces the stored one. 409 conflict.version when stale, 409
 * inspection.frozen once signed. */
void zf_api_inspection_update(zf_req_t *req, zf_resp_t *resp) {
    static const zf_field_t spec[] = {
        {"version", ZF_FIELD_INT, 1, "版本", 0, 0},
        {"notice_start", ZF_FIELD_STRING, 0, "执法告知开始", 32, 0},
        {"notice_end", ZF_FIELD_STRING, 0, "执法告知结束", 32, 0},
        {"onsite_start", ZF_FIELD_STRING, 0, "现场检查开始", 32, 0},
        {"onsite_end", ZF_FIELD_STRING, 0, "现场检查结束", 32, 0},
        {"feedback_start", ZF_FIELD_STRING, 0, "交流反馈开始", 32, 0},
        {"feedback_end", ZF_FIELD_STRING, 0, "交流反馈结束", 32, 0},
        {"legal_education", ZF_FIELD_STRING, 0, "普法宣传", 2000, 0},
        {"checklist_code", ZF_FIELD_STRING, 0, "检查表", 40, 0},
        {"checklist_version", ZF_FIELD_INT, 0, "检查表版本", 0, 0},
        {"op_id", ZF_FIELD_STRING, 0, "操作编号", 64, 8},
    };
    int64_t id = zf_api_id_param(req, resp, "id");
    if (!id) return;
    zf_error_t err = {0};
    json_t *body = zf_req_json(req, &err);
    if (!body) {
        zf_api_fail(req, resp, &err);
        return;
    }
    /* the digest of a replayable write covers the whole body as sent */
    char op_sha[65] = "";
    int replayed = 0;
    const char *op_id = zf_insp_str(body, "op_id");
    json_t *lists = json_object();
    static const char *const list_names[] = {"officers", "attendees", "answers"};
    for (size_t i = 0; i < 3; i++) {
        json_t *v = json_object_get(body, list_names[i]);
        if (v) {
            json_object_set(lists, list_names[i], v);
            json_object_del(body, list_names[i]);
        }
    }
    int rc = zf_api_check_fields(body, spec, sizeof spec / sizeof spec[0], &err);
    static const char *const times[] = {"notice_start", "notice_end",     "onsite_start",
                                        "onsite_end",   "feedback_start", "feedback_end"};
    for (size_t i = 0; rc == 0 && i < 6; i++)
        if (!time_ok(zf_insp_str(body, times[i])))
            rc = zf_insp_bad(&err, times[i], "时间应为 ISO 8601，如 2026-11-28T09:30");
    zf_db_t *db = zf_api_db(req);
    zf_arena_t *a = req->arena;
    json_t *before = NULL;
    if (rc == 0) rc = zf_insp_load(req, id, "inspection.write", &before, &err);
    if (rc == 0) {
        /* the lists were split off for checking: digest the body as sent */
        json_t *sent = json_deep_copy(body);
        json_object_update(sent, lists);
        rc = zf_insp_replay_check(db, op_id, id, "update", sent, op_sha, &replayed, &err);
        json_decref(sent);
    }
    if (rc == 0 && replayed) {
        /* done before: the record as it is now, nothing written */
        json_decref(lists);
        json_decref(before);
        answer_full(req, resp, id, 200);
        return;
    }
    if (rc == 0) rc = open_or_409(before, &err);
    if (rc == 0 && zf_insp_int(before, "version") != zf_insp_int(body, "version"))
        rc = zf_error_set(&err, ZF_ECONFLICT, 409, "conflict.version", "version",
                          "检查记录已被他人修改，请刷新后重试");
    zf_insp_doc_t d = {0};
    if (rc == 0) {
        const char **dst[] = {&d.notice_start, &d.notice_end,     &d.onsite_start,
                              &d.onsite_end,   &d.feedback_start, &d.feedback_end};
        for (size_t i = 0; i < 6; i++) {
            const char *v = zf_insp_str(body, times[i]);
            *dst[i] = v ? v : zf_insp_str(before, times[i]);
        }
        const char *le = zf_insp_str(body, "legal_education");
        d.legal_education = le ? le : zf_insp_str(before, "legal_education");
        const char *cc = zf_insp_str(body, "checklist_code");
        d.checklist_code = cc ? cc : zf_insp_str(before, "checklist_code");
        d.checklist_version = json_object_get(body, "checklist_version")
                                  ? zf_insp_int(body, "checklist_version")
                                  : zf_insp_int(before, "checklist_version");
    }
    /* the checklist version must exist; the answers are checked against it */
    json_t *chk_doc = NULL;
    if (rc == 0 && d.checklist_code && *d.checklist_code) {
        zf_checklist_row_t row;
        rc = zf_checklist_get(db, a, d.checklist_code, (int)d.checklist_version, &row, &err);
        if (rc == 0) {
            chk_doc = json_loads(row.body, 0, NULL);
            if (!chk_doc) rc = zf_insp_bad(&err, "checklist_code", "检查表内容无法读取");
        } else {
            err.status = 400;
            snprintf(err.field, sizeof err.field, "checklist_code");
            rc = ZF_EINVAL;
        }
    }
    if (rc == 0 && (!d.checklist_code || !*d.checklist_code) && json_object_get(lists, "answers") &&
        json_array_size(json_object_get(lists, "answers")) > 0)
        rc = zf_insp_bad(&err, "checklist_code", "请先选择检查表（checklist_code 与版本）");
    json_t *full_before = NULL;
    if (rc == 0) rc = zf_insp_full(db, a, id, 1, &full_before, &err);
    if (rc == 0) rc = zf_db_begin(db, &err);
    if (rc == 0) rc = zf_inspection_update(db, id, zf_insp_int(body, "version"), &d, &err);
    if (rc == 0) rc = patch_lists(req, id, lists, chk_doc, &err);
    if (rc == 0)
        rc =
            zf_insp_replay_record(db, op_id, id, "update", op_sha, zf_insp_int(body, "version") + 1,
                                  zf_api_actor(req)->user_id, &err);
    json_t *full_after = NULL;
    if (rc == 0) rc = zf_insp_full(db, a, id, 1, &full_after, &err);
    json_decref(chk_doc);
    json_decref(lists);
    json_decref(before);
    if (rc) {
        json_decref(full_before);
        zf_api_abort(req, resp, &err);
        return;
    }
    json_t *lb = logged_view(full_before), *la = logged_view(full_after);
    json_decref(full_before);
    json_decref(full_after);
    zf_log_entry_t e = {.actor_id = zf_api_actor(req)->user_id,
                        .unit_id = zf_insp_int(la, "unit_id"),
                        .action = "inspection.update",
                        .object_type = "inspection",
                        .object_id = zf_arena_printf(a, "%lld", (long long)id),
                        .before = lb,
                        .after = la};
    int64_t idx = zf_log_append(db, &e, &err);
    json_decref(lb);
    json_decref(la);
    if (idx < 0 || zf_db_commit(db, &err) != 0) {
        zf_api_abort(req, resp, &err);
        return;
    }
    answer_full(req, resp, id, 200);
}

/* ---- findings ---- */

/* POST /api/v1/inspections/{id}/findings {client_id, description, item_id?,
 * catalogue_code?} → 201 the finding (200 when client_id was seen). */
void zf_api_inspection_finding_add(zf_req_t *req, zf_resp_t *resp) {
    static const zf_field_t spec[] = {
        {"client_id", ZF_FIELD_STRING, 1, "客户端编号", 64, 8},
        {"description", ZF_FIELD_STRING, 1, "问题描述", 1000, 2},
        {"item_id", ZF_FIELD_STRING, 0, "检查项", 40, 0},
        {"catalogue_code", ZF_FIELD_STRING, 0, "执法事项编码", 40, 0},
    };
    json_t *body = zf_api_body(req, resp, spec, sizeof spec / sizeof spec[0]);
    if (!body) return;
    int64_t id = zf_api_id_param(req, resp, "id");
    if (!id) return;
    zf_db_t *db = zf_api_db(req);
    zf_error_t err = {0};
    const char *client_id = zf_insp_str(body, "client_id");
    const char *cat = zf_insp_str(body, "catalogue_code");
    json_t *insp = NULL;
    int rc = zf_insp_client_id_ok(client_id)
                 ? 0
                 : zf_insp_bad(&err, "client_id", "客户端编号应为 8–64 位字母、数字或连字符");
    if (rc == 0) rc = zf_insp_load(req, id, "inspection.write", &insp, &err);
    int64_t fid = 0;
    if (rc == 0) rc = zf_finding_by_client(db, client_id, &fid, &err);
    if (rc == 0 && fid) {
        json_t *f = NULL;
        json_decref(insp);
        rc = zf_finding_get(db, fid, &f, &err);
        if (rc == 0 && zf_insp_int(f, "inspection_id") != id)
            rc = zf_error_set(&err, ZF_ECONFLICT, 409, "finding.client_id_taken", "client_id",
                              "客户端编号已用于另一检查记录的问题，请重新生成");
        if (rc) {
            json_decref(f);
            zf_api_fail(req, resp, &err);
            return;
        }
        zf_resp_json(req, resp, 200, f);
        return;
    }
    if (rc == 0) rc = open_or_409(insp, &err);
    if (rc == 0 && cat && *cat) {
        int known = zf_checklist_catalogue_known(db, cat, &err);
        if (known < 0)
            rc = known;
        else if (!known)
            rc = zf_error_set(&err, ZF_EINVAL, 400, "finding.unknown_catalogue", "catalogue_code",
                              "执法事项目录中没有编码 %s", cat);
    }
    int64_t unit_id = insp ? zf_insp_int(insp, "unit_id") : 0;
    json_decref(insp);
    if (rc == 0) rc = zf_db_begin(db, &err);
    if (rc == 0)
        rc = zf_finding_insert(db, client_id, id, zf_insp_str(body, "description"),
                               zf_insp_str(body, "item_id"), cat, zf_api_actor(req)->user_id, &fid,
                               &err);
    json_t *f = NULL;
    if (rc == 0) rc = zf_finding_get(db, fid, &f, &err);
    if (rc) {
        zf_api_abort(req, resp, &err);
        return;
    }
    zf_api_commit_change(req, resp, "inspection.finding", "inspection_finding", fid, unit_id, NULL,
                         json_incref(f), f, 201);
}

/* ---- signing ---- */

/* The team rule on the day of the inspection (行政处罚法 第四十二条): the
 * officer rows of the inspection; 400 inspection.team_invalid naming each
 * person and reason. Experts and auxiliaries may be present, never count. */
static int team_ok(zf_db_t *db, zf_arena_t *a, json_t *offs, const char *on, zf_error_t *err) {
    zf_officer_rules_t rules;
    int rc = zf_officer_rules_load(db, on, &rules, err);
    if (rc) return rc;
    zf_day_t day;
    zf_day_parse(on, &day);
    size_t n = 0, i;
    json_t *x;
    zf_officer_facts_t facts[12];
    json_array_foreach(offs, i, x) {
        int64_t oid = zf_insp_int(x, "officer_id");
        if (!oid || n == 12) continue;
        zf_officer_t o;
        rc = zf_officer_get(db, a, oid, &o, err);
        if (rc) return rc;
        zf_training_t *t = NULL;
        size_t nt = 0;
        rc = zf_trainings_list(db, a, "/", oid, &t, &nt, err);
        if (rc) return rc;
        zf_training_span_t *spans = zf_arena_alloc(a, (nt ? nt : 1) * sizeof *spans);
        size_t k = 0;
        for (size_t j = 0; j < nt; j++) {
            zf_day_t s, e;
            if (zf_day_parse(t[j].start_date, &s) != 0 || zf_day_parse(t[j].end_date, &e) != 0)
                continue;
            spans[k++] =
                (zf_training_span_t){strcmp(t[j].kind, "onboarding") == 0, s, e, (int)t[j].days};
        }
        facts[n++] = (zf_officer_facts_t){o.id,
                                          o.name,
                                          o.kind,
                                          o.status,
                                          o.cert_no,
                                          o.cert_issued_on,
                                          o.cert_expires_on,
                                          zf_onboarding_done_on(&rules, spans, k, NULL)};
    }
    int counts[12];
    zf_team_finding_t f[ZF_TEAM_FINDINGS_MAX(12)];
    size_t nf = 0, counted = 0;
    if (zf_team_check(&rules, day, facts, n, counts, f, &nf, &counted) == 0) return 0;
    char msg[1024] = "";
    size_t o = 0;
    for (size_t k = 0; k < nf && o < sizeof msg - 1; k++)
        o += (size_t)snprintf(msg + o, sizeof msg - o, "%s%s", o ? "；" : "", f[k].reason);
    return zf_error_set(err, ZF_EINVAL, 400, "inspection.team_invalid", "officers",
                        "检查组不符合要求（行政处罚法第四十二条，执法人员不得少于两人）：%s", msg);
}

/* POST /api/v1/inspections/{id}/sign {version, signer_name, signature_id}:
 * the representative's handwritten signature (an evidence item of kind
 * signature, PNG, uploaded first) and name; the team rule; the record is
 * frozen and its ledger entry done. The event logged carries the whole
 * record, with the hashes of its evidence: the receipt proves it. */
void zf_api_inspection_sign(zf_req_t *req, zf_resp_t *resp) {
    static const zf_field_t spec[] = {
        {"version", ZF_FIELD_INT, 1, "版本", 0, 0},
        {"signer_name", ZF_FIELD_STRING, 1, "企业签字人", 40, 1},
        {"signature_id", ZF_FIELD_INT, 1, "签名", 0, 0},
        {"op_id", ZF_FIELD_STRING, 0, "操作编号", 64, 8},
    };
    json_t *body = zf_api_body(req, resp, spec, sizeof spec / sizeof spec[0]);
    if (!body) return;
    int64_t id = zf_api_id_param(req, resp, "id");
    if (!id) return;
    zf_db_t *db = zf_api_db(req);
    zf_arena_t *a = req->arena;
    zf_error_t err = {0};
    json_t *insp = NULL, *sig = NULL, *offs = NULL;
    const char *op_id = zf_insp_str(body, "op_id");
    char op_sha[65] = "";
    int replayed = 0;
    int rc = zf_insp_load(req, id, "inspection.sign", &insp, &err);
    if (rc == 0) rc = zf_insp_replay_check(db, op_id, id, "sign", body, op_sha, &replayed, &err);
    if (rc == 0 && replayed) {
        /* signed by this very request before: no second signing event */
        json_decref(insp);
        answer_full(req, resp, id, 200);
        return;
    }
    if (rc == 0) rc = open_or_409(insp, &err);
    if (rc == 0 && zf_insp_int(insp, "version") != zf_insp_int(body, "version"))
        rc = zf_error_set(&err, ZF_ECONFLICT, 409, "conflict.version", "version",
                          "检查记录已被他人修改，请刷新后重试");
    if (rc == 0) {
        rc = zf_evidence_get(db, zf_insp_int(body, "signature_id"), &sig, &err);
        if (rc == 0 && (zf_insp_int(sig, "inspection_id") != id ||
                        strcmp(zf_insp_str(sig, "kind"), "signature") != 0 ||
                        *zf_insp_str(sig, "withdrawn_at")))
            rc = zf_insp_bad(&err, "signature_id", "签名应为本检查记录上传的、未撤回的签名图片");
        else if (rc == ZF_ENOTFOUND) {
            err.status = 400;
            snprintf(err.field, sizeof err.field, "signature_id");
        }
    }
    const char *on = zf_arena_strdup(a, insp ? zf_insp_str(insp, "inspected_on") : "");
    if (rc == 0) rc = zf_insp_officers(db, id, &offs, &err);
    if (rc == 0) rc = team_ok(db, a, offs, on, &err);
    /* the certified officers who inspected: the ledger entry names them, so
     * the performance review credits each (R6/R7) */
    size_t nids = 0;
    int64_t *ids = zf_arena_alloc(a, (json_array_size(offs) + 1) * sizeof *ids);
    for (size_t k = 0; rc == 0 && k < json_array_size(offs); k++) {
        json_t *o = json_array_get(offs, k);
        if (strcmp(zf_insp_str(o, "kind"), "officer") == 0 && zf_insp_int(o, "officer_id") > 0)
            ids[nids++] = zf_insp_int(o, "officer_id");
    }
    json_decref(offs);
    json_decref(sig);
    int64_t ledger_id = insp ? zf_insp_int(insp, "ledger_id") : 0;
    int64_t unit_id = insp ? zf_insp_int(insp, "unit_id") : 0;
    json_decref(insp);
    if (rc == 0) rc = zf_db_begin(db, &err);
    if (rc == 0)
        rc = zf_inspection_sign(db, id, zf_insp_int(body, "version"),
                                zf_insp_str(body, "signer_name"), zf_insp_int(body, "signature_id"),
                                zf_api_actor(req)->user_id, &err);
    if (rc == 0)
        rc = zf_insp_replay_record(db, op_id, id, "sign", op_sha, zf_insp_int(body, "version") + 1,
                                   zf_api_actor(req)->user_id, &err);
    /* the ledger entry is done (it counts per inspection.cap.sources) */
    if (rc == 0 && ledger_id) {
        zf_ledger_entry_t le;
        rc = zf_store_ledger_get(db, a, ledger_id, &le, &err);
        if (rc == 0 && strcmp(le.status, "planned") == 0) {
            le.status = "done";
            le.done_on = on;
            rc = zf_store_ledger_update(db, &le, &err);
        }
        if (rc == 0) rc = zf_store_ledger_set_officers(db, ledger_id, ids, nids, &err);
    }
    json_t *full = NULL;
    if (rc == 0) rc = zf_insp_full(db, a, id, 1, &full, &err);
    if (rc) {
        zf_api_abort(req, resp, &err);
        return;
    }
    json_t *lv = logged_view(full);
    json_decref(full);
    zf_log_entry_t e = {.actor_id = zf_api_actor(req)->user_id,
                        .unit_id = unit_id,
                        .action = "inspection.sign",
                        .object_type = "inspection",
                        .object_id = zf_arena_printf(a, "%lld", (long long)id),
                        .after = lv};
    int64_t idx = zf_log_append(db, &e, &err);
    json_decref(lv);
    if (idx < 0 || zf_db_commit(db, &err) != 0) {
        zf_api_abort(req, resp, &err);
        return;
    }
    answer_full(req, resp, id, 200);
}

/* ---- receipt ---- */

/* GET /api/v1/inspections/{id}/receipt → the signing event (index, leaf
 * hash, its canonical content), a signed checkpoint that covers it and the
 * inclusion proof from the leaf to the checkpoint's root. Anyone holding
 * the receipt checks it with the public proof endpoints and the log's
 * public key (R18, R22). */
void zf_api_inspection_receipt(zf_req_t *req, zf_resp_t *resp) {
    int64_t id = zf_api_id_param(req, resp, "id");
    if (!id) return;
    zf_db_t *db = zf_api_db(req);
    zf_arena_t *a = req->arena;
    zf_app_t *app = zf_api_app(req);
    zf_error_t err = {0};
    json_t *insp = NULL;
    int rc = zf_insp_load(req, id, "inspection.read", &insp, &err);
    if (rc == 0 && strcmp(zf_insp_str(insp, "status"), "open") == 0)
        rc = zf_error_set(&err, ZF_ECONFLICT, 409, "inspection.not_signed", "status",
                          "检查记录尚未签字确认，没有回执");
    json_decref(insp);
    zf_log_event_t *evs = NULL;
    size_t nev = 0;
    if (rc == 0)
        rc = zf_log_object_history(db, a, "inspection", zf_arena_printf(a, "%lld", (long long)id),
                                   &evs, &nev, &err);
    const zf_log_event_t *ev = NULL;
    for (size_t i = 0; rc == 0 && i < nev; i++)
        if (strcmp(evs[i].action, "inspection.sign") == 0) ev = &evs[i];
    if (rc == 0 && !ev)
        rc = zf_error_set(&err, ZF_EIO, 500, "inspection.no_event", NULL,
                          "找不到该检查记录的签字事件");
    /* a signed checkpoint covering the signing event: the newest one, or a
     * new one when the newest is older than the event */
    zf_checkpoint_t c = {0};
    zf_error_t none = {0};
    int have =
        rc == 0 && zf_log_checkpoint_latest(db, a, &c, &none) == 0 && c.tree_size > ev->index;
    if (rc == 0 && !have)
        rc = zf_log_checkpoint(db, app->log_tree, &app->log_key, app->log_origin, &err);
    if (rc == 0 && !have) rc = zf_log_checkpoint_latest(db, a, &c, &err);
    zf_hash_t path[ZF_MERKLE_MAX_PROOF], leaf;
    size_t len = 0;
    if (rc == 0)
        rc = zf_log_tree_inclusion(app->log_tree, db, c.tree_size, ev->index, leaf, path, &len,
                                   &err);
    if (rc) {
        zf_api_fail(req, resp, &err);
        return;
    }
    json_t *out = json_pack(
        "{s:I, s:I, s:o, s:s, s:o, s:o, s:s}", "inspection_id", (json_int_t)id, "event_index",
        (json_int_t)ev->index, "leaf_hash", zf_api_hex_json(ev->leaf_hash, ZF_HASH_LEN), "event",
        ev->body, "checkpoint", zf_api_checkpoint_json(req, &c), "path",
        zf_api_path_json(path, len), "verify_url",
        zf_arena_printf(a, "/api/v1/log/proof/inclusion?index=%lld&tree_size=%lld",
                        (long long)ev->index, (long long)c.tree_size));
    zf_resp_json(req, resp, 200, out);
}
