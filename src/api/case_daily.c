/* case_daily.c — 安全生产法 第112条 按日连续处罚 started from a decided case
 * (issue 8; migration 034, core/daily_penalty.h):
 *
 *   POST /api/v1/cases/{id}/daily-penalties   {version, hazard_id, until_on?}
 *
 * The case is the original one: the party was fined on it. The hazard is
 * the order to correct (its 责令限期整改 day) given to the same enterprise,
 * and its re-inspection (复查) found it not corrected — the evidence of the
 * refusal LAW.md requires. The sum is the original fine for each day from
 * the day after the order to the re-inspection (or an earlier day given),
 * no cap. A daily penalty is a new decision with its own notice, statement
 * and hearing rights, so it opens a follow-up case (draft) of the same unit
 * for the same party, linked to the hazard and to this record; the
 * officers file, notify and decide it as any case, on the computed amount.
 * One transaction: the follow-up case (logged "case.create" on it), the
 * record, and "case.daily_penalty" on the original case. Every unmet
 * condition is named at once (422 daily_penalty.conditions). */
#include <stdio.h>
#include <string.h>

#include "api/case_api.h"
#include "api/inspections.h"
#include "core/daily_penalty.h"
#include "core/util.h"
#include "store/case_daily.h"
#include "store/inspections.h"
#include "store/log.h"
#include "store/officers.h"
#include "store/store.h"

static void drop_json(void *p) { json_decref(p); }

static zf_day_t day_or_none(const char *s) {
    zf_day_t d;
    return s && *s && zf_day_parse(s, &d) == 0 ? d : ZF_DAY_NONE;
}

static int decided(const zf_case_row_t *c) {
    return !strcmp(c->state, "decided") || !strcmp(c->state, "served") ||
           !strcmp(c->state, "executing") || !strcmp(c->state, "closed") ||
           !strcmp(c->state, "archived");
}

/* The follow-up case: same unit, same party (the enterprise's party row),
 * the actor's officer record as lead, the facts saying where the sum comes
 * from. Logged "case.create" on it. */
static int open_follow_up(zf_req_t *req, const zf_case_full_t *f, const zf_case_party_t *party,
                          json_t *hazard, const zf_dp_result_t *r, const zf_case_cfg_t *cfg,
                          int64_t *id, zf_error_t *err) {
    zf_db_t *db = zf_api_db(req);
    zf_arena_t *a = req->arena;
    const zf_actor_t *actor = zf_api_actor(req);
    char from[11], until[11];
    zf_day_format(r->from, from);
    zf_day_format(r->until, until);
    const char *facts = zf_arena_printf(
        a,
        "当事人因%s（原案件%s）被处罚款%lld.%02lld元，并于%s被责令限期整改（隐患编号 %lld："
        "%s）；%s复查认定拒不改正。依据安全生产法第一百一十二条，自责令改正之日的次日（%s）起"
        "至%s共%lld日，按原处罚数额按日连续处罚，计%lld.%02lld元。",
        f->c.title, *f->c.number ? f->c.number : "未编号",
        (long long)(f->c.decided_amount_fen / 100), (long long)(f->c.decided_amount_fen % 100),
        zf_insp_str(hazard, "ordered_on"), (long long)zf_insp_int(hazard, "id"),
        zf_insp_str(hazard, "description"), zf_insp_str(hazard, "reinspected_on"), from, until,
        (long long)r->days, (long long)(r->total_fen / 100), (long long)(r->total_fen % 100));
    zf_case_row_t c = {.unit_id = f->c.unit_id,
                       .year = zf_day_year(cfg->today_d),
                       .state = "draft",
                       .title = "拒不改正，按日连续处罚（安全生产法第一百一十二条）",
                       .source_kind = "inspection",
                       .source_id = zf_insp_int(hazard, "inspection_id"),
                       .hazard_id = zf_insp_int(hazard, "id"),
                       .facts = facts};
    int rc = zf_case_insert(db, &c, actor->user_id, id, err);
    if (rc == 0) {
        zf_case_party_t p = *party;
        p.id = 0;
        p.case_id = *id;
        p.is_principal = 1;
        rc = zf_case_party_save(db, &p, err);
    }
    zf_officer_t me;
    zf_error_t e2 = {0};
    if (rc == 0 && zf_officer_get_by_user(db, a, actor->user_id, &me, &e2) == 0 &&
        strcmp(me.kind, "officer") == 0) {
        zf_case_officer_t o = {
            .case_id = *id, .officer_id = me.id, .user_id = me.user_id, .role = "lead"};
        rc = zf_case_officer_add(db, &o, err);
    }
    zf_case_full_t nf;
    if (rc == 0) rc = zf_case_load(db, a, *id, &nf, err);
    if (rc) return rc;
    json_t *after = zf_api_case_row_json(&nf.c);
    json_object_set_new(after, "daily_penalty_of", json_integer(f->c.id));
    zf_log_entry_t e = {.actor_id = actor->user_id,
                        .unit_id = nf.c.unit_id,
                        .action = "case.create",
                        .object_type = "case",
                        .object_id = zf_arena_printf(a, "%lld", (long long)*id),
                        .after = after};
    int64_t idx = zf_log_append(db, &e, err);
    json_decref(after);
    return idx < 0 ? (int)idx : 0;
}

void zf_api_case_daily_penalty(zf_req_t *req, zf_resp_t *resp) {
    static const zf_field_t spec[] = {
        {"version", ZF_FIELD_INT, 1, "版本", 0, 0},
        {"hazard_id", ZF_FIELD_INT, 1, "责令改正的隐患", 0, 0},
        {"until_on", ZF_FIELD_STRING, 0, "计至日期", 10, 10},
    };
    json_t *body = zf_api_body(req, resp, spec, sizeof spec / sizeof spec[0]);
    if (!body) return;
    zf_case_full_t f;
    if (zf_api_case_fetch(req, resp, "case.write", &f) != 0) return;
    zf_db_t *db = zf_api_db(req);
    zf_arena_t *a = req->arena;
    const zf_actor_t *actor = zf_api_actor(req);
    zf_error_t err = {0};
    int rc = 0;
    if (zf_body_int(body, "version", -1) != f.c.version)
        rc = zf_error_set(&err, ZF_ECONFLICT, 409, "conflict.version", "version",
                          "案件已被他人修改，请刷新后重试");
    zf_case_cfg_t cfg;
    if (rc == 0) rc = zf_case_cfg_load(db, a, &cfg, &err);
    char today[11];
    zf_day_format(cfg.today_d, today);
    json_t *hazard = NULL;
    if (rc == 0) {
        rc = zf_hazard_get(db, zf_body_int(body, "hazard_id", 0), today, &hazard, &err);
        if (rc == ZF_ENOTFOUND)
            rc = zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", "hazard_id",
                              "隐患 %lld 不存在", (long long)zf_body_int(body, "hazard_id", 0));
    }
    if (hazard) zf_arena_defer(a, drop_json, hazard);
    /* the hazard's unit must be one this officer works in, as the case's */
    zf_unit_t hu;
    if (rc == 0) rc = zf_unit_get(db, a, zf_insp_int(hazard, "unit_id"), &hu, &err);
    if (rc == 0) rc = zf_perm_check(actor, "case.write", hu.path, &err);
    const char *until_s = zf_body_str(body, "until_on");
    zf_day_t until = ZF_DAY_NONE;
    if (rc == 0 && until_s && zf_day_parse(until_s, &until) != 0)
        rc = zf_api_case_bad(&err, "until_on", "计至日期应为 YYYY-MM-DD 格式的有效日期");
    const zf_case_party_t *party = NULL;
    for (size_t i = 0; rc == 0 && i < f.nparties; i++)
        if (f.parties[i].enterprise_id == zf_insp_int(hazard, "enterprise_id"))
            party = &f.parties[i];
    zf_dp_input_t in = {.decided = decided(&f.c),
                        .fine_fen = decided(&f.c) ? f.c.decided_amount_fen : 0,
                        .same_enterprise = party != NULL,
                        .until = until};
    if (rc == 0) {
        in.ordered_on = day_or_none(zf_insp_str(hazard, "ordered_on"));
        in.reinspected_on = day_or_none(zf_insp_str(hazard, "reinspected_on"));
        in.refused = strcmp(zf_insp_str(hazard, "reinspection_result"), "failed") == 0;
    }
    zf_dp_result_t r;
    if (rc == 0) rc = zf_dp_check(&in, &r, &err);
    if (rc == 0) rc = zf_db_begin(db, &err);
    if (rc) {
        zf_api_abort(req, resp, &err);
        return;
    }
    int64_t follow = 0;
    rc = open_follow_up(req, &f, party, hazard, &r, &cfg, &follow, &err);
    char from[11], to[11];
    zf_day_format(r.from, from);
    zf_day_format(r.until, to);
    zf_case_daily_t d = {.case_id = f.c.id,
                         .hazard_id = zf_insp_int(hazard, "id"),
                         .ordered_on = zf_insp_str(hazard, "ordered_on"),
                         .from_on = from,
                         .until_on = to,
                         .days = r.days,
                         .fine_fen = in.fine_fen,
                         .total_fen = r.total_fen,
                         .follow_case_id = follow,
                         .created_by = actor->user_id};
    if (rc == 0) rc = zf_case_daily_insert(db, &d, &err);
    if (rc) {
        zf_api_abort(req, resp, &err);
        return;
    }
    json_t *after =
        json_pack("{s:I, s:I, s:s, s:s, s:s, s:I, s:I, s:I, s:I, s:s}", "daily_penalty_id",
                  (json_int_t)d.id, "hazard_id", (json_int_t)d.hazard_id, "ordered_on",
                  d.ordered_on, "from_on", from, "until_on", to, "days", (json_int_t)d.days,
                  "fine_fen", (json_int_t)d.fine_fen, "total_fen", (json_int_t)d.total_fen,
                  "follow_case_id", (json_int_t)follow, "article", "安全生产法 第112条");
    zf_api_case_finish(req, resp, &f, "case.daily_penalty", json_object(), after, 201);
}

json_t *zf_api_case_daily_json(zf_db_t *db, int64_t case_id) {
    json_t *own = NULL, *of = NULL;
    zf_error_t err = {0};
    if (zf_case_daily_list(db, case_id, 0, &own, &err) != 0) own = json_array();
    if (zf_case_daily_list(db, 0, case_id, &of, &err) != 0) of = json_array();
    json_t *first = json_array_size(of) ? json_incref(json_array_get(of, 0)) : json_null();
    json_decref(of);
    return json_pack("{s:o, s:o, s:s}", "items", own, "of", first, "article", "安全生产法 第112条");
}
