/* demo_cases.c — administrative penalty cases of `zhifa demo` (issue 8,
 * part C): eleven cases across the states of the procedure, dated relative
 * to the day the demo is loaded so that deadlines are always live. Amounts
 * come from the discretion engine (zf_api_discretion_compute), numbers from
 * the gap-free series, decisions are frozen with their statement of
 * remedies, and each case's next deadline is computed as the server does.
 * Each case is logged (case.create, then its last step). */
#include "cli/demo_cases.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/case_api.h"
#include "cli/demo_log.h"
#include "store/officers.h"
#include "store/series.h"

typedef struct demo_case {
    const char *unit;  /* unit code */
    const char *state; /* final state */
    const char *event; /* the last step, logged */
    int simple;
    int ent; /* the n-th enterprise of the unit's area */
    const char *item, *tier, *title, *facts;
    const char *lead, *mate;                           /* usernames */
    int filed, notified, hearing_req, decided, served; /* days ago; -1 = none */
    int legal, collective;                             /* reviews recorded (agree) */
    int notice;                                        /* payment notice issued */
    int paid;                                          /* 1 paid in full */
    const char *reason;                                /* withdraw / no penalty reason */
} demo_case_t;

static const demo_case_t CASES[] = {
    {"341504-01",
     "draft",
     NULL,
     0,
     1,
     "AQ-099-01",
     "general",
     "未设置安全警示标志",
     "2026年11月现场检查发现，木材加工车间粉尘爆炸危险区域未设置明显的安全警示标志。",
     "zhangwei",
     "liqiang",
     -1,
     -1,
     -1,
     -1,
     -1,
     0,
     0,
     0,
     0,
     NULL},
    {"341504-01",
     "filed",
     "file",
     0,
     2,
     "AQ-099-03",
     "general",
     "未对安全设备定期检测",
     "除尘系统泄爆装置未进行定期检测。",
     "zhangwei",
     "liqiang",
     12,
     -1,
     -1,
     -1,
     -1,
     0,
     0,
     0,
     0,
     NULL},
    {"341504-01",
     "investigating",
     "investigate",
     0,
     3,
     "AQ-101-05",
     "serious",
     "未建立事故隐患排查治理制度",
     "企业未建立隐患排查治理制度，重大事故隐患未如实记录。",
     "liqiang",
     "zhangwei",
     50,
     -1,
     -1,
     -1,
     -1,
     0,
     0,
     0,
     0,
     NULL},
    {"341504-01",
     "notified",
     "notify",
     0,
     4,
     "AQ-092-01",
     "general",
     "安全评价机构出具失实报告",
     "评价报告关键数据与现场不符，属失实报告。",
     "zhangwei",
     "liqiang",
     40,
     2,
     -1,
     -1,
     -1,
     1,
     1,
     0,
     0,
     NULL},
    {"341504-01",
     "hearing",
     "hearing",
     0,
     5,
     "AQ-092-01",
     "serious",
     "检测机构出具失实报告",
     "检测报告与原始记录不一致，当事人申请听证。",
     "liqiang",
     "zhangwei",
     45,
     12,
     10,
     -1,
     -1,
     1,
     1,
     0,
     0,
     NULL},
    {"341504-01",
     "served",
     "serve",
     0,
     6,
     "AQ-099-05",
     "general",
     "未提供符合标准的劳动防护用品",
     "打磨工位作业人员未配备防尘口罩。",
     "zhangwei",
     "liqiang",
     60,
     30,
     -1,
     12,
     10,
     0,
     0,
     1,
     0,
     NULL},
    {"341504-01",
     "executing",
     "execute",
     0,
     7,
     "AQ-099-02",
     "general",
     "安全设备不符合国家标准",
     "除尘器未按标准安装，逾期未缴纳罚款，已催告。",
     "liqiang",
     "zhangwei",
     90,
     70,
     -1,
     60,
     58,
     0,
     0,
     1,
     0,
     NULL},
    {"341504-01",
     "closed",
     "close",
     0,
     8,
     "AQ-099-01",
     "minor",
     "未设置安全警示标志",
     "已改正，罚款已缴清。",
     "zhangwei",
     "liqiang",
     80,
     60,
     -1,
     50,
     49,
     0,
     0,
     1,
     1,
     NULL},
    {"341504-01",
     "closed",
     "close",
     1,
     9,
     "AQ-099-01",
     "minor",
     "当场处罚：警示标志缺失",
     "现场发现油漆库未设置警示标志，事实清楚，当场处罚。",
     "zhangwei",
     "liqiang",
     -1,
     -1,
     -1,
     20,
     20,
     0,
     0,
     0,
     1,
     NULL},
    {"341504-01",
     "no_penalty",
     "no_penalty",
     0,
     10,
     "AQ-099-03",
     "minor",
     "未对安全设备定期检测（首违）",
     "初次违法且危害后果轻微并及时改正。",
     "liqiang",
     "zhangwei",
     30,
     20,
     -1,
     5,
     -1,
     0,
     0,
     0,
     0,
     "初次违法且危害后果轻微并及时改正，依行政处罚法第33条第1款不予行政处罚"},
    {"341504001",
     "filed",
     "file",
     0,
     1,
     "AQ-099-01",
     "general",
     "未设置安全警示标志（史河街道）",
     "史河街道日常检查发现。",
     "sunli",
     NULL,
     6,
     -1,
     -1,
     -1,
     -1,
     0,
     0,
     0,
     0,
     NULL},
    {"341504-01",
     "withdrawn",
     "withdraw",
     0,
     11,
     "AQ-099-05",
     "general",
     "举报线索经查不实",
     "投诉举报未配备劳动防护用品，经查不实。",
     "zhangwei",
     "liqiang",
     15,
     -1,
     -1,
     -1,
     -1,
     0,
     0,
     0,
     0,
     "经调查违法事实不能成立"},
};

static int enterprise_of(zf_db_t *db, const char *path, int n, int64_t *id, zf_error_t *err) {
    int64_t last = 0;
    for (int i = 0; i < n; i++) {
        zf_stmt_t *st = zf_db_prepare(db,
                                      "SELECT e.id FROM enterprises e JOIN units u ON u.id = "
                                      "e.unit_id WHERE u.path LIKE $1 AND e.id > $2 AND e.status "
                                      "= 'operating' ORDER BY e.id LIMIT 1",
                                      err);
        if (!st) return ZF_EIO;
        char like[300];
        snprintf(like, sizeof like, "%s%%", path);
        zf_stmt_bind_text(st, 1, like);
        zf_stmt_bind_int(st, 2, last);
        int rc = zf_stmt_step(st, err);
        if (rc == 1) last = zf_stmt_int(st, 0);
        zf_stmt_done(st);
        if (rc < 0) return rc;
        if (rc == 0) break;
    }
    *id = last;
    return last ? 0
                : zf_error_set(err, ZF_ENOTFOUND, 404, "demo.no_enterprise", NULL, "演示企业不足");
}

static const char *ago(zf_arena_t *a, const zf_case_cfg_t *cfg, int days) {
    if (days < 0) return "";
    char *d = zf_arena_alloc(a, 11);
    zf_day_format(cfg->today_d - days, d);
    return d;
}

static int officer_of(zf_db_t *db, zf_arena_t *a, const char *username, zf_officer_t *o,
                      zf_error_t *err) {
    zf_user_t u;
    int rc = zf_user_get_by_username(db, a, username, &u, err);
    if (rc == 0) rc = zf_officer_get_by_user(db, a, u.id, o, err);
    return rc;
}

static int64_t user_id(zf_db_t *db, zf_arena_t *a, const char *username) {
    zf_user_t u;
    zf_error_t err = {0};
    return zf_user_get_by_username(db, a, username, &u, &err) == 0 ? u.id : 0;
}

static int one(zf_db_t *db, zf_arena_t *a, const zf_case_cfg_t *cfg, const demo_case_t *d,
               zf_error_t *err) {
    zf_unit_t unit;
    int rc = zf_unit_get_by_code(db, a, d->unit, &unit, err);
    /* the township's enterprises for a township, the district's for the brigade */
    const char *area =
        strcmp(d->unit, "341504-01") == 0 ? zf_unit_bureau_path(db, a, unit.path, err) : unit.path;
    int64_t eid = 0;
    if (rc == 0) rc = area ? enterprise_of(db, area, d->ent, &eid, err) : ZF_EIO;
    zf_officer_t lead, mate;
    if (rc == 0) rc = officer_of(db, a, d->lead, &lead, err);
    if (rc == 0 && d->mate) rc = officer_of(db, a, d->mate, &mate, err);
    int have_mate = d->mate != NULL;
    if (rc == 0 && !d->mate) {
        /* a township: the lead's colleague, certified and serving (第42条) */
        zf_officer_t *os;
        size_t n;
        rc = zf_officers_list(db, a, unit.path, unit.id, "officer", "serving", NULL, &os, &n, err);
        for (size_t i = 0; rc == 0 && i < n && !have_mate; i++)
            if (os[i].id != lead.id && *os[i].cert_no &&
                strcmp(os[i].cert_expires_on, cfg->today) > 0) {
                mate = os[i];
                have_mate = 1;
            }
    }
    if (rc) return rc;
    int64_t actor = lead.user_id;
    zf_case_row_t c = {.unit_id = unit.id,
                       .year = zf_day_year(cfg->today_d),
                       .state = "draft",
                       .simple = d->simple,
                       .title = d->title,
                       .source_kind = d->simple ? "ad_hoc" : "inspection",
                       .facts = d->facts};
    int64_t id;
    rc = zf_case_insert(db, &c, actor, &id, err);
    zf_enterprise_t e;
    if (rc == 0) rc = zf_enterprise_get(db, a, eid, &e, err);
    zf_case_party_t p = {.case_id = id,
                         .kind = "org",
                         .name = e.name,
                         .id_code = e.credit_code,
                         .legal_rep = e.legal_rep,
                         .phone = e.legal_rep_phone,
                         .address = e.address,
                         .enterprise_id = e.id,
                         .is_principal = 1};
    if (rc == 0) rc = zf_case_party_save(db, &p, err);
    zf_case_officer_t o1 = {
        .case_id = id, .officer_id = lead.id, .user_id = lead.user_id, .role = "lead"};
    if (rc == 0) rc = zf_case_officer_add(db, &o1, err);
    if (rc == 0 && have_mate) {
        zf_case_officer_t o2 = {
            .case_id = id, .officer_id = mate.id, .user_id = mate.user_id, .role = "assist"};
        rc = zf_case_officer_add(db, &o2, err);
    }
    if (rc) return rc;
    /* the violation through the discretion engine, as the API does */
    int violation_ago = (d->filed >= 0 ? d->filed : d->decided) + 10;
    const char *vdate = ago(a, cfg, violation_ago);
    json_t *in = json_pack("{s:s, s:s, s:s, s:s}", "item_code", d->item, "violation_date", vdate,
                           "decision_date", cfg->today, "tier", d->tier);
    json_t *ans = NULL;
    rc = zf_api_discretion_compute(db, a, in, NULL, &ans, err);
    zf_cat_version_t cv;
    if (rc == 0) rc = zf_catalogue_at(db, a, d->item, vdate, &cv, err);
    if (rc) {
        json_decref(in);
        return rc;
    }
    json_t *rec = json_object_get(ans, "recommended");
    json_t *tr = json_object_get(ans, "tier_range");
    int64_t amount = json_integer_value(json_object_get(json_object_get(rec, "total"), "fen"));
    char *ti = json_dumps(in, JSON_COMPACT | JSON_SORT_KEYS), *ta = json_dumps(ans, JSON_COMPACT);
    zf_case_violation_row_t v = {
        .case_id = id,
        .party_id = p.id,
        .item_code = d->item,
        .item_version = cv.version,
        .delegable = cv.delegable,
        .violation_on = vdate,
        .ended_on = "",
        .discretion_input = zf_arena_strdup(a, ti ? ti : "{}"),
        .discretion = zf_arena_strdup(a, ta ? ta : "{}"),
        .range_min_fen = json_integer_value(json_object_get(json_object_get(tr, "min"), "fen")),
        .range_max_fen = json_integer_value(json_object_get(json_object_get(tr, "max"), "fen")),
        .amount_fen = amount,
        .amount_reason = "",
        .hearing_worthy =
            json_is_true(json_object_get(ans, "hearing")) || amount >= cfg->hearing_unit_fen};
    free(ti);
    free(ta);
    json_decref(in);
    json_decref(ans);
    rc = zf_case_violation_save(db, &v, err);
    if (rc) return rc;
    /* the row as the steps left it */
    zf_case_full_t f;
    rc = zf_case_load(db, a, id, &f, err);
    if (rc) return rc;
    zf_case_row_t *r = &f.c;
    r->state = d->state;
    r->filed_on = ago(a, cfg, d->filed);
    r->notified_on = ago(a, cfg, d->notified);
    r->hearing_requested_on = ago(a, cfg, d->hearing_req);
    r->decided_on = ago(a, cfg, d->decided);
    r->served_on = ago(a, cfg, d->served);
    if (d->served >= 0) r->service_method = d->simple ? "on_spot" : "direct";
    if (d->notified >= 0) r->notified_amount_fen = amount;
    int decided = d->decided >= 0;
    if (decided) r->decided_amount_fen = strcmp(d->state, "no_penalty") ? amount : 0;
    if (d->reason && !strcmp(d->state, "withdrawn")) r->withdraw_reason = d->reason;
    if (d->reason && !strcmp(d->state, "no_penalty")) r->no_penalty_reason = d->reason;
    if (d->simple) r->filing_record_done = 1;
    if (!strcmp(d->state, "executing")) {
        r->enforcement = "已送达催告书，拟申请人民法院强制执行";
        r->enforcement_on = ago(a, cfg, 5);
    }
    if (!strcmp(d->state, "closed")) r->closed_on = ago(a, cfg, 1);
    if (d->filed >= 0 || d->simple) {
        int64_t n =
            zf_store_next_number(db, zf_arena_printf(a, "case:%lld", (long long)r->year), err);
        if (n < 0) return (int)n;
        r->seq = n;
        r->number = zf_api_case_number(a, cfg->number_format, r->year, n);
    }
    zf_case_review_t rv = {.case_id = id,
                           .kind = "legal_review",
                           .reviewer_id = user_id(db, a, "zhaomin"),
                           .opinion = "agree",
                           .reasons = "事实清楚，证据确凿，适用依据正确，程序合法，裁量适当",
                           .reviewed_on = ago(a, cfg, d->notified + 3)};
    if (d->legal) rc = zf_case_review_add(db, &rv, err);
    zf_case_review_t cd = {.case_id = id,
                           .kind = "collective_discussion",
                           .reviewer_id = user_id(db, a, "liuyang"),
                           .participants = "刘洋、陈杰、赵敏",
                           .opinion = "agree",
                           .reasons = "同意拟处罚意见",
                           .reviewed_on = ago(a, cfg, d->notified + 1)};
    if (rc == 0 && d->collective) rc = zf_case_review_add(db, &cd, err);
    if (rc == 0) rc = zf_case_save(db, r, err);
    r->version++;
    if (rc == 0) rc = zf_case_load(db, a, id, &f, err);
    zf_case_decision_t dec;
    if (rc == 0 && decided)
        rc = zf_api_case_freeze(
            db, a, &f,
            strcmp(d->state, "no_penalty")
                ? zf_arena_printf(a, "决定给予罚款 %s 的行政处罚。", zf_disc_yuan(a, amount))
                : d->reason,
            0, "", user_id(db, a, "liuyang"), &dec, err);
    zf_case_payment_t pn = {.case_id = id,
                            .kind = "notice",
                            .amount_fen = amount,
                            .issued_on = r->served_on,
                            .entered_by = actor};
    if (rc == 0 && d->notice) {
        zf_dl_result_t dl;
        zf_day_t from;
        zf_day_parse(r->served_on, &from);
        rc = zf_dl_compute(&cfg->cal, &cfg->dl, "payment", from, &dl, err);
        char *due = zf_arena_alloc(a, 11);
        if (rc == 0) zf_day_format(dl.due, due);
        pn.due_on = due;
        if (rc == 0) rc = zf_case_payment_add(db, &pn, err);
    }
    zf_case_payment_t pb = {.case_id = id,
                            .kind = "bank",
                            .amount_fen = amount,
                            .paid_on = ago(a, cfg, d->decided > 3 ? d->decided - 3 : 0),
                            .reference = zf_arena_printf(a, "DEMO-BANK-%lld", (long long)id),
                            .source = "manual",
                            .entered_by = user_id(db, a, "chenjie")};
    if (rc == 0 && d->paid) rc = zf_case_payment_add(db, &pb, err);
    /* the next deadline, stored for the deadline list */
    if (rc == 0) rc = zf_case_load(db, a, id, &f, err);
    if (rc == 0) {
        const char *due, *rule;
        zf_api_case_next_due(a, &f, cfg, &due, &rule, NULL);
        f.c.next_due = due;
        f.c.next_due_rule = rule;
        rc = zf_case_save(db, &f.c, err);
    }
    if (rc == 0) rc = zf_case_load(db, a, id, &f, err);
    if (rc) return rc;
    rc = zf_demo_log(db, a, actor, "case.create", "case", id, unit.id,
                     json_pack("{s:s, s:s}", "title", d->title, "state", "draft"), err);
    if (rc == 0 && d->event)
        rc = zf_demo_log(db, a, actor, zf_arena_printf(a, "case.%s", d->event), "case", id, unit.id,
                         zf_api_case_row_json(&f.c), err);
    return rc;
}

int zf_demo_cases_load(zf_db_t *db, zf_arena_t *a, zf_error_t *err) {
    zf_case_cfg_t cfg;
    int rc = zf_case_cfg_load(db, a, &cfg, err);
    for (size_t i = 0; rc == 0 && i < sizeof CASES / sizeof CASES[0]; i++)
        rc = one(db, a, &cfg, &CASES[i], err);
    return rc;
}
