/* ledger.c — inspections that a trigger caused, and the credit follow-ups
 * (issue 6, the last two points):
 *
 *  - POST /api/v1/enterprises/{id}/ledger records an inspection caused by a
 *    complaint, an accident, a follow-up, a referral or an ad hoc decision,
 *    so that no inspection bypasses the ledger (检查台账). 国办发〔2024〕54号
 *    (LAW.md §5.5 [二手]) caps routine inspections of one enterprise per
 *    year; whether a triggered one counts is the dated configuration
 *    inspection.cap.sources (store/ledger.h). A triggered inspection is never
 *    refused for the cap: the answer carries the burden after it and a
 *    warning when the cap is reached or exceeded.
 *  - zf_api_credit_followups: when an enterprise is placed under credit
 *    punishment (失信惩戒, the PATCH flips credit_punished 0 → 1) it gets a
 *    mandatory follow-up inspection, and every operating affiliate of the
 *    same credit-code group (enterprises.group_code, migration 012) gets an
 *    entry flagging it for a check — source 'credit', in the same
 *    transaction as the flip, one event each.
 *
 * The inspecting unit is the actor's: a township officer's township, a
 * brigade member's brigade; a user of the bureau itself (admin) inspects
 * through the bureau's first brigade. Permission: plan.write within the
 * scope of the enterprise's unit. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/enterprises.h"
#include "core/util.h"
#include "store/enterprises.h"
#include "store/ledger.h"
#include "store/log.h"
#include "store/store.h"

#define CREDIT_NOTE "失信惩戒后的跟进检查（强制）"

static const char *const trigger_sources[] = {"complaint", "accident", "follow_up", "referral",
                                              "ad_hoc"};

const char *zf_api_ledger_source_name(const char *s) {
    static const struct {
        const char *code, *name;
    } names[] = {{"plan", "年度计划"},   {"draw", "双随机"},    {"complaint", "投诉举报"},
                 {"accident", "事故"},   {"follow_up", "复查"}, {"referral", "移送"},
                 {"credit", "信用惩戒"}, {"ad_hoc", "其他"}};
    for (size_t i = 0; s && i < sizeof names / sizeof names[0]; i++)
        if (strcmp(names[i].code, s) == 0) return names[i].name;
    return s ? s : "";
}

static int plannable(const char *kind) {
    return strcmp(kind, "bureau") != 0 && strcmp(kind, "city_detachment") != 0;
}

/* The unit that inspects for the actor: her own unit unless it is the
 * bureau (or the city), then the first brigade in her scope. */
int zf_api_inspecting_unit(zf_db_t *db, zf_arena_t *a, const zf_actor_t *actor, zf_unit_t *out,
                           zf_error_t *err) {
    int rc = zf_unit_get(db, a, actor->unit_id, out, err);
    if (rc) return rc;
    if (plannable(out->kind)) return 0;
    zf_unit_t *us;
    size_t n;
    rc = zf_units_list(db, a, actor->scope_path, &us, &n, err);
    if (rc) return rc;
    for (size_t i = 0; i < n; i++)
        if (strcmp(us[i].kind, "brigade") == 0) {
            *out = us[i];
            return 0;
        }
    return zf_error_set(err, ZF_EINVAL, 400, "ledger.no_unit", NULL,
                        "您所在单位不是执法大队、股室或乡镇（开发区），无法登记检查");
}

static json_t *entry_json(const zf_ledger_entry_t *e, const int64_t *officers, size_t n) {
    json_t *j = json_pack(
        "{s:I, s:I, s:s, s:I, s:s, s:I, s:s, s:s, s:s, s:s, s:I}", "id", (json_int_t)e->id,
        "enterprise_id", (json_int_t)e->enterprise_id, "enterprise_name",
        e->enterprise_name ? e->enterprise_name : "", "unit_id", (json_int_t)e->unit_id,
        "unit_name", e->unit_name ? e->unit_name : "", "year", (json_int_t)e->year, "source",
        e->source, "source_name", zf_api_ledger_source_name(e->source), "status", e->status, "note",
        e->note ? e->note : "", "version", (json_int_t)e->version);
    json_object_set_new(j, "month", e->month ? json_integer(e->month) : json_null());
    json_t *offs = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(offs, json_integer(officers[i]));
    json_object_set_new(j, "officers", offs);
    return j;
}

/* Add e and log "ledger.add" with it, inside the caller's transaction.
 * Fills e->id; *logged (new reference) is the entry as logged. */
static int add_logged(zf_db_t *db, zf_arena_t *a, int64_t actor_id, zf_ledger_entry_t *e,
                      const int64_t *officers, size_t n, json_t **logged, zf_error_t *err) {
    int rc = zf_store_ledger_add(db, e, officers, n, &e->id, err);
    if (rc) return rc;
    e->version = 1;
    json_t *j = entry_json(e, officers, n);
    zf_log_entry_t le = {.actor_id = actor_id,
                         .unit_id = e->unit_id,
                         .action = "ledger.add",
                         .object_type = "ledger_entry",
                         .object_id = zf_arena_printf(a, "%lld", (long long)e->id),
                         .after = j};
    int64_t idx = zf_log_append(db, &le, err);
    if (idx < 0) {
        json_decref(j);
        return (int)idx;
    }
    *logged = j;
    return 0;
}

static json_t *burden_json(const zf_burden_t *b) {
    return json_pack("{s:I, s:I, s:I, s:b, s:b}", "cap", (json_int_t)b->cap, "counted",
                     (json_int_t)b->counted, "triggered", (json_int_t)b->triggered, "cap_reached",
                     b->cap > 0 && b->counted >= b->cap, "over", b->cap > 0 && b->counted > b->cap);
}

/* POST /api/v1/enterprises/{id}/ledger {source, month?, year?, note,
 * officers?} → 201 {entry, burden, warning}. */
void zf_api_enterprise_ledger_add(zf_req_t *req, zf_resp_t *resp) {
    static const zf_field_t spec[] = {
        {"source", ZF_FIELD_STRING, 1, "检查来源", 20, 1},
        {"month", ZF_FIELD_INT, 0, "月份", 0, 0},
        {"year", ZF_FIELD_INT, 0, "年度", 0, 0},
        {"note", ZF_FIELD_STRING, 1, "检查事由", 200, 1},
        {"officers", ZF_FIELD_STRING, 0, "检查人员", 100, 1},
    };
    json_t *body = zf_api_body(req, resp, spec, sizeof spec / sizeof spec[0]);
    if (!body) return;
    int64_t id = zf_api_id_param(req, resp, "id");
    if (!id) return;
    zf_db_t *db = zf_api_db(req);
    zf_arena_t *a = req->arena;
    const zf_actor_t *actor = zf_api_actor(req);
    zf_error_t err = {0};
    zf_enterprise_t ent;
    int rc = zf_enterprise_get(db, a, id, &ent, &err);
    if (rc == 0) rc = zf_perm_check(actor, "plan.write", ent.unit_path, &err);
    const char *source = json_string_value(json_object_get(body, "source"));
    int known = 0;
    for (size_t i = 0; i < sizeof trigger_sources / sizeof trigger_sources[0]; i++)
        known |= strcmp(trigger_sources[i], source) == 0;
    if (rc == 0 && !known)
        rc = zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", "source",
                          "检查来源“%s”无效，应为 complaint（投诉举报）、accident（事故）、"
                          "follow_up（复查）、referral（移送）或 ad_hoc（其他）；年度计划、"
                          "双随机和信用惩戒的检查由各自的流程登记",
                          source);
    const char *note = json_string_value(json_object_get(body, "note"));
    char today[11];
    zf_api_today(today);
    json_t *jm = json_object_get(body, "month"), *jy = json_object_get(body, "year");
    int64_t month = json_is_integer(jm) ? json_integer_value(jm) : atoll(today + 5);
    int64_t year = json_is_integer(jy) ? json_integer_value(jy) : atoll(today);
    if (rc == 0 && (month < 1 || month > 12))
        rc = zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", "month", "月份应为 1–12");
    if (rc == 0 && (year < 2000 || year > 2100))
        rc = zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", "year", "年度应在 2000–2100 之间");
    zf_unit_t unit;
    if (rc == 0) rc = zf_api_inspecting_unit(db, a, actor, &unit, &err);
    int64_t ids[8];
    size_t n = 0;
    const char *officers = json_string_value(json_object_get(body, "officers"));
    if (rc == 0 && officers)
        rc = zf_api_team_check_unit(db, a, unit.id, unit.path, year, (int)month, officers, ids, 8,
                                    &n, &err);
    if (rc == 0) rc = zf_db_begin(db, &err);
    if (rc) {
        zf_api_abort(req, resp, &err);
        return;
    }
    zf_ledger_entry_t e = {.enterprise_id = ent.id,
                           .unit_id = unit.id,
                           .year = year,
                           .month = month,
                           .source = source,
                           .status = "planned",
                           .note = note,
                           .created_by = actor->user_id,
                           .enterprise_name = ent.name,
                           .unit_name = unit.name};
    json_t *logged = NULL;
    rc = add_logged(db, a, actor->user_id, &e, ids, n, &logged, &err);
    /* the burden after it: the cap in force on 1 January of that year,
     * as GET …/burden counts it */
    char jan1[11];
    snprintf(jan1, sizeof jan1, "%04lld-01-01", (long long)year);
    zf_burden_t b = {0};
    if (rc == 0) rc = zf_store_burden(db, ent.id, jan1, &b, &err);
    if (rc == 0) rc = zf_db_commit(db, &err);
    if (rc) {
        json_decref(logged);
        zf_api_abort(req, resp, &err);
        return;
    }
    json_t *answer = json_pack("{s:o, s:o}", "entry", logged, "burden", burden_json(&b));
    if (b.cap > 0 && b.counted >= b.cap)
        json_object_set_new(
            answer, "warning",
            json_sprintf("%s %lld 年已计入 %lld 次检查，%s年度上限 %lld 次（国办发〔2024〕54号）；"
                         "触发的检查照常登记，请尽量与已有检查合并（综合查一次）",
                         ent.name, (long long)year, (long long)b.counted,
                         b.counted > b.cap ? "超出" : "达到", (long long)b.cap));
    else
        json_object_set_new(answer, "warning", json_null());
    zf_resp_json(req, resp, 201, answer);
}

/* Is there an open (planned) credit entry for the enterprise in that month? */
static int open_credit_entry(zf_db_t *db, int64_t enterprise_id, int64_t year, int64_t month,
                             int *found, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db,
                                  "SELECT id FROM inspection_ledger WHERE enterprise_id = $1 AND "
                                  "year = $2 AND month = $3 AND source = 'credit' AND status = "
                                  "'planned' LIMIT 1",
                                  err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, enterprise_id);
    zf_stmt_bind_int(st, 2, year);
    zf_stmt_bind_int(st, 3, month);
    int rc = zf_stmt_step(st, err);
    zf_stmt_done(st);
    if (rc < 0) return rc;
    *found = rc == 1;
    return 0;
}

int zf_api_credit_followups(zf_req_t *req, const zf_enterprise_t *e, json_t **created,
                            zf_error_t *err) {
    zf_db_t *db = zf_api_db(req);
    zf_arena_t *a = req->arena;
    const zf_actor_t *actor = zf_api_actor(req);
    *created = json_array();
    zf_unit_t unit;
    int rc = zf_api_inspecting_unit(db, a, actor, &unit, err);
    zf_enterprise_t *aff = NULL;
    size_t naff = 0;
    if (rc == 0) rc = zf_enterprise_affiliates(db, a, e, &aff, &naff, err);
    if (rc) return rc;
    char today[11];
    zf_api_today(today);
    int64_t year = atoll(today), month = atoll(today + 5);
    for (size_t i = 0; i <= naff; i++) {
        const zf_enterprise_t *t = i == 0 ? e : &aff[i - 1];
        int found = 0;
        /* idempotent: one open credit entry per enterprise and month */
        rc = open_credit_entry(db, t->id, year, month, &found, err);
        if (rc) return rc;
        if (found) continue;
        /* an affiliate outside the actor's scope (another township) is
         * flagged for its own township to check */
        int out_of_scope = !zf_perm_in_scope(actor->scope_path, t->unit_path);
        zf_ledger_entry_t le = {
            .enterprise_id = t->id,
            .unit_id = out_of_scope ? t->unit_id : unit.id,
            .year = year,
            .month = month,
            .source = "credit",
            .source_id = e->id,
            .status = "planned",
            .note = i == 0 ? CREDIT_NOTE
                           : zf_arena_printf(a, "关联企业失信惩戒（同一集团：%s）", e->name),
            .created_by = actor->user_id,
            .enterprise_name = t->name,
            .unit_name = out_of_scope ? t->unit_name : unit.name};
        json_t *logged = NULL;
        rc = add_logged(db, a, actor->user_id, &le, NULL, 0, &logged, err);
        if (rc) return rc;
        json_object_set_new(logged, "affiliate", json_boolean(i != 0));
        json_array_append_new(*created, logged);
    }
    return 0;
}
