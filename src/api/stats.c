/* stats.c — statistics (issue 11, R32): the dashboard, the monthly
 * statistical report as a workbook, and the unit/officer performance review.
 * The figures come from store/stats.c (computed by the database); this file
 * parses the period and the unit, checks permission and writes JSON or XLSX.
 *
 * Who sees what: the route's action stats.read admits the heads, leaders,
 * legal reviewers, the city supervisor, admin, officers and township
 * officers (core/perm.c); the unit asked for must be in the actor's scope
 * (zf_perm_check with the unit's path), and an officer or a township officer
 * sees only their own unit's subtree (their own work, not the district's). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "api/api.h"
#include "core/case.h"
#include "core/day.h"
#include "core/deadline.h"
#include "store/officers.h"
#include "store/stats.h"
#include "store/stats_cover.h"
#include "store/stats_training.h"

static int bad(zf_error_t *err, const char *field, const char *msg) {
    return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", field, "%s", msg);
}

typedef struct period {
    char from[11], to[11], today[11];
    zf_unit_t unit;
    zf_stats_query_t q;
} period_t;

static int own_unit_only(const char *role) {
    return strcmp(role, "officer") == 0 || strcmp(role, "township_officer") == 0;
}

/* The unit: unit_id when given, else the actor's own unit (officers) or
 * the root of their scope; then the permission by unit. */
static int load_unit(zf_req_t *req, period_t *p, zf_error_t *err) {
    const zf_actor_t *actor = zf_api_actor(req);
    zf_db_t *db = zf_api_db(req);
    const char *s = zf_req_query(req, "unit_id");
    int rc;
    if (s && *s) {
        char *end;
        long long id = strtoll(s, &end, 10);
        if (*end || id <= 0) return bad(err, "unit_id", "单位编号应为正整数");
        rc = zf_unit_get(db, req->arena, id, &p->unit, err);
        if (rc == ZF_ENOTFOUND) {
            memset(err, 0, sizeof *err);
            return bad(err, "unit_id", "单位不存在");
        }
        if (rc) return rc;
    } else if (own_unit_only(actor->role)) {
        rc = zf_unit_get(db, req->arena, actor->unit_id, &p->unit, err);
        if (rc) return rc;
    } else {
        zf_unit_t *units;
        size_t n;
        rc = zf_units_list(db, req->arena, actor->scope_path, &units, &n, err);
        if (rc) return rc;
        size_t i;
        for (i = 0; i < n && strcmp(units[i].path, actor->scope_path) != 0; i++) {
        }
        if (i == n)
            return zf_error_set(err, ZF_EPERM, 403, "perm.out_of_scope", "unit_id",
                                "无权查看该单位的统计");
        p->unit = units[i];
    }
    rc = zf_perm_check(actor, "stats.read", p->unit.path, err);
    if (rc) return rc;
    if (own_unit_only(actor->role) && !zf_perm_in_scope(actor->unit_path, p->unit.path))
        return zf_error_set(err, ZF_EPERM, 403, "perm.out_of_scope", "unit_id",
                            "执法人员只能查看本单位的统计");
    return 0;
}

static int parse_day(const char *s, const char *field, char out[11], zf_error_t *err) {
    zf_day_t d;
    if (!s || zf_day_parse(s, &d) != 0) return bad(err, field, "日期应为 YYYY-MM-DD");
    zf_day_format(d, out);
    return 0;
}

/* ?from=&to= (default: this month up to today). */
static int load_period(zf_req_t *req, period_t *p, zf_error_t *err) {
    memset(p, 0, sizeof *p);
    zf_api_today(p->today);
    const char *f = zf_req_query(req, "from"), *t = zf_req_query(req, "to");
    int rc = 0;
    if (f)
        rc = parse_day(f, "from", p->from, err);
    else
        snprintf(p->from, sizeof p->from, "%.8s01", p->today);
    if (!rc && t)
        rc = parse_day(t, "to", p->to, err);
    else if (!rc)
        memcpy(p->to, p->today, sizeof p->to);
    if (!rc && strcmp(p->from, p->to) > 0) rc = bad(err, "to", "结束日期不能早于开始日期");
    if (!rc) rc = load_unit(req, p, err);
    p->q = (zf_stats_query_t){
        .scope_path = p->unit.path, .from = p->from, .to = p->to, .today = p->today};
    return rc;
}

static json_t *head_json(const period_t *p) {
    return json_pack("{s:s, s:s, s:s, s:{s:I, s:s, s:s}}", "from", p->from, "to", p->to, "today",
                     p->today, "unit", "id", (json_int_t)p->unit.id, "name", p->unit.name, "kind",
                     p->unit.kind);
}

/* Chinese names for the codes in the figures (the web app shows them). */
static void name_keys(json_t *arr, const char *key, const char *(*name)(const char *)) {
    size_t i;
    json_t *x;
    json_array_foreach(arr, i, x) {
        const char *code = json_string_value(json_object_get(x, key));
        const char *n = code ? name(code) : NULL;
        json_object_set_new(x, "name", json_string(n ? n : (code ? code : "")));
    }
}

static const char *source_name(const char *s) {
    static const char *const t[][2] = {{"plan", "计划检查"},      {"draw", "双随机抽查"},
                                       {"complaint", "投诉举报"}, {"accident", "事故调查"},
                                       {"follow_up", "复查"},     {"referral", "移送"},
                                       {"credit", "信用监管"},    {"ad_hoc", "其他检查"}};
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        if (strcmp(t[i][0], s) == 0) return t[i][1];
    return NULL;
}

static const char *state_name(const char *s) {
    zf_case_state_t st;
    return zf_case_state_parse(s, &st) == 0 ? zf_case_state_name(st) : NULL;
}

static const char *month_name(const char *s) { return s; }

static int dashboard(zf_req_t *req, period_t *p, json_t **out, zf_error_t *err) {
    int rc = load_period(req, p, err);
    if (rc) return rc;
    json_t *fig = NULL;
    const char *o = zf_req_query(req, "officers");
    rc = zf_stats_dashboard(zf_api_db(req), &p->q, o && strcmp(o, "1") == 0, &fig, err);
    if (rc) return rc;
    /* plan and draw coverage, professional ratio: the officers report's
     * rules in force today (the officers table is today's staff) */
    zf_officer_rules_t orules;
    rc = zf_officer_rules_load(zf_api_db(req), p->today, &orules, err);
    if (!rc)
        rc = zf_stats_cover(zf_api_db(req), &p->q, orules.practice_years_min,
                            orules.ratio_target_permille, fig, err);
    /* training compliance: the year of the period's end, as of today */
    if (!rc)
        rc = zf_stats_training(zf_api_db(req), &p->q, orules.refresher_days_per_year, fig, err);
    /* and onboarding (R4: 入职培训不少于3个月), as of today */
    if (!rc) rc = zf_stats_onboarding(zf_api_db(req), &p->q, orules.onboarding_months, fig, err);
    if (rc) {
        json_decref(fig);
        return rc;
    }
    json_t *insp = json_object_get(fig, "inspections"), *cs = json_object_get(fig, "cases");
    name_keys(json_object_get(insp, "by_source"), "source", source_name);
    name_keys(json_object_get(insp, "by_month"), "month", month_name);
    name_keys(json_object_get(cs, "by_state"), "state", state_name);
    name_keys(json_object_get(cs, "by_month"), "month", month_name);
    json_t *h = head_json(p);
    json_object_update(fig, h);
    json_decref(h);
    *out = fig;
    return 0;
}

/* GET /api/v1/stats/dashboard?from=&to=&unit_id=&officers=1 (officers: add
 * the per-officer workload, a join over the period's cases) */
void zf_api_stats_dashboard(zf_req_t *req, zf_resp_t *resp) {
    zf_error_t err = {0};
    period_t p;
    json_t *fig = NULL;
    if (dashboard(req, &p, &fig, &err) != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    zf_resp_json(req, resp, 200, fig);
}

/* GET /api/v1/stats/performance?from=&to=&unit_id= — per officer:
 * inspections, cases as lead and assist, decided within the 行政处罚法
 * 第60条 limit (the dated parameter deadline.decision.days in force on the
 * period's last day, plus the case's approved extension) or late, legal
 * review returns on their cases, and the case-file evaluations (案卷评查,
 * R30) of their cases submitted in the period: {cases, average (the mean
 * total, one decimal), failed (不合格)}, null when none. */
void zf_api_stats_performance(zf_req_t *req, zf_resp_t *resp) {
    zf_error_t err = {0};
    period_t p;
    int rc = load_period(req, &p, &err);
    zf_dl_config_t cfg;
    int unconfirmed = 0;
    if (!rc)
        rc = zf_api_deadline_config(zf_api_db(req), req->arena, p.to, &cfg, &unconfirmed, &err);
    json_t *rows = NULL;
    if (!rc) rc = zf_stats_performance(zf_api_db(req), &p.q, cfg.decision_days, &rows, &err);
    if (rc) {
        zf_api_fail(req, resp, &err);
        return;
    }
    size_t i;
    json_t *x;
    json_array_foreach(rows, i, x) {
        json_object_set_new(x, "cases",
                            json_integer(json_integer_value(json_object_get(x, "cases_lead")) +
                                         json_integer_value(json_object_get(x, "cases_assist"))));
        json_t *ev = json_object_get(x, "evaluation");
        if (json_is_object(ev)) {
            json_int_t n = json_integer_value(json_object_get(ev, "cases"));
            json_int_t sum = json_integer_value(json_object_get(ev, "total_sum"));
            /* the mean in tenths, rounded half up, from integers */
            json_int_t tenths = n > 0 ? (sum * 20 + n) / (2 * n) : 0;
            json_object_set_new(ev, "average", json_real((double)tenths / 10.0));
            json_object_del(ev, "total_sum");
        } else {
            json_object_set_new(x, "evaluation", json_null());
        }
    }
    json_t *out = head_json(&p);
    json_object_set_new(out, "decision_days", json_integer(cfg.decision_days));
    json_object_set_new(out, "officers", rows);
    zf_resp_json(req, resp, 200, out);
}

/* ---- the monthly statistical report (月度统计报表) ---- */

typedef struct col {
    const char *head;
    const char *key;
    int yuan; /* fen shown as yuan */
} col_t;

static const col_t cols[] = {
    {"检查企业（家）", "enterprises", 0},
    {"检查（次）", "inspections", 0},
    {"发现隐患（项）", "hazards", 0},
    {"其中重大隐患（项）", "hazards_major", 0},
    {"已整改（项）", "hazards_rectified", 0},
    {"已复查销号（项）", "hazards_verified", 0},
    {"逾期未整改（项）", "hazards_overdue", 0},
    {"立案（件）", "cases_filed", 0},
    {"简易程序（件）", "cases_simple", 0},
    {"作出处罚决定（件）", "cases_decided", 0},
    {"不予处罚（件）", "cases_no_penalty", 0},
    {"结案（件）", "cases_closed", 0},
    {"罚款决定金额（元）", "fines_decided_fen", 1},
    {"罚款收缴金额（元）", "fines_collected_fen", 1},
};
#define NCOLS (sizeof cols / sizeof cols[0])

/* The totals row's value of a column, from the dashboard's totals (the
 * enterprises total counts an enterprise inspected by two units once). */
static int64_t total_of(json_t *fig, const char *key) {
    json_t *i = json_object_get(fig, "inspections"), *h = json_object_get(fig, "hazards"),
           *c = json_object_get(fig, "cases"), *f = json_object_get(fig, "fines");
    static const struct {
        const char *key, *group, *field;
    } map[] = {{"enterprises", "inspections", "enterprises"},
               {"inspections", "inspections", "total"},
               {"hazards", "hazards", "total"},
               {"hazards_major", "hazards", "major"},
               {"hazards_rectified", "hazards", "rectified"},
               {"hazards_verified", "hazards", "verified"},
               {"hazards_overdue", "hazards", "overdue"},
               {"cases_filed", "cases", "filed"},
               {"cases_simple", "cases", "simple"},
               {"cases_decided", "cases", "decided"},
               {"cases_no_penalty", "cases", "no_penalty"},
               {"cases_closed", "cases", "closed"},
               {"fines_decided_fen", "fines", "decided_fen"},
               {"fines_collected_fen", "fines", "collected_fen"}};
    for (size_t k = 0; k < sizeof map / sizeof map[0]; k++) {
        if (strcmp(map[k].key, key) != 0) continue;
        json_t *g = !strcmp(map[k].group, "inspections") ? i
                    : !strcmp(map[k].group, "hazards")   ? h
                    : !strcmp(map[k].group, "cases")     ? c
                                                         : f;
        return json_integer_value(json_object_get(g, map[k].field));
    }
    return 0;
}

/* Rows of the report: the enforcing units (brigade, townships, the
 * development zone) and any other unit with a figure. */
static int report_row(json_t *u) {
    const char *kind = json_string_value(json_object_get(u, "kind"));
    if (kind && (!strcmp(kind, "brigade") || !strcmp(kind, "township") || !strcmp(kind, "devzone")))
        return 1;
    for (size_t k = 0; k < NCOLS; k++)
        if (json_integer_value(json_object_get(u, cols[k].key))) return 1;
    return 0;
}

static void write_value(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, int64_t v, int yuan,
                        lxw_format *num, lxw_format *money) {
    /* a cell holds a double: the fen are exact integers, and fen / 100 is
     * the nearest double to the yuan amount, shown with two decimals */
    if (yuan)
        worksheet_write_number(ws, r, c, (double)v / 100.0, money);
    else
        worksheet_write_number(ws, r, c, (double)v, num);
}

/* GET /api/v1/stats/monthly.xlsx?year=&month=&unit_id= */
void zf_api_stats_monthly_xlsx(zf_req_t *req, zf_resp_t *resp) {
    zf_error_t err = {0};
    const char *ys = zf_req_query(req, "year"), *ms = zf_req_query(req, "month");
    char today[11];
    zf_api_today(today);
    long y = ys ? strtol(ys, NULL, 10) : atol(today);
    long m = ms ? strtol(ms, NULL, 10) : atol(today + 5);
    int rc = 0;
    char *end = NULL;
    if (ys && (strtol(ys, &end, 10), *end || !*ys || y < 2000 || y > 2100))
        rc = bad(&err, "year", "年份应为 2000–2100 的整数");
    if (!rc && ms && (strtol(ms, &end, 10), *end || !*ms || m < 1 || m > 12))
        rc = bad(&err, "month", "月份应为 1–12 的整数");
    period_t p;
    json_t *fig = NULL;
    if (!rc) {
        memset(&p, 0, sizeof p);
        zf_day_t first = zf_day_from_ymd((int)y, (int)m, 1);
        zf_day_t last = zf_day_add_months(first, 1) - 1;
        zf_day_format(first, p.from);
        zf_day_format(last, p.to);
        memcpy(p.today, today, sizeof p.today);
        rc = load_unit(req, &p, &err);
        p.q = (zf_stats_query_t){
            .scope_path = p.unit.path, .from = p.from, .to = p.to, .today = p.today};
    }
    if (!rc) rc = zf_stats_dashboard(zf_api_db(req), &p.q, 0, &fig, &err);
    const char *path = rc ? NULL : zf_api_download_path(req, "monthly", "xlsx", &err);
    if (!path) {
        json_decref(fig);
        zf_api_fail(req, resp, &err);
        return;
    }
    lxw_workbook *wb = workbook_new(path);
    lxw_worksheet *ws = wb ? workbook_add_worksheet(wb, "月报") : NULL;
    if (!ws) {
        if (wb) workbook_close(wb);
        json_decref(fig);
        zf_error_set(&err, ZF_EIO, 500, "export.failed", NULL, "无法创建工作簿");
        zf_api_fail(req, resp, &err);
        return;
    }
    lxw_format *title = workbook_add_format(wb);
    format_set_bold(title);
    format_set_font_size(title, 14);
    format_set_align(title, LXW_ALIGN_CENTER);
    lxw_format *note = workbook_add_format(wb);
    format_set_font_size(note, 10);
    lxw_format *head = workbook_add_format(wb);
    format_set_bold(head);
    format_set_border(head, LXW_BORDER_THIN);
    format_set_text_wrap(head);
    format_set_align(head, LXW_ALIGN_CENTER);
    format_set_align(head, LXW_ALIGN_VERTICAL_CENTER);
    format_set_bg_color(head, 0xDDEBF7);
    lxw_format *text = workbook_add_format(wb);
    format_set_border(text, LXW_BORDER_THIN);
    lxw_format *num = workbook_add_format(wb);
    format_set_border(num, LXW_BORDER_THIN);
    format_set_num_format(num, "0");
    lxw_format *money = workbook_add_format(wb);
    format_set_border(money, LXW_BORDER_THIN);
    format_set_num_format(money, "#,##0.00");
    lxw_format *ttext = workbook_add_format(wb);
    format_set_border(ttext, LXW_BORDER_THIN);
    format_set_bold(ttext);
    lxw_format *tnum = workbook_add_format(wb);
    format_set_border(tnum, LXW_BORDER_THIN);
    format_set_bold(tnum);
    format_set_num_format(tnum, "0");
    lxw_format *tmoney = workbook_add_format(wb);
    format_set_border(tmoney, LXW_BORDER_THIN);
    format_set_bold(tmoney);
    format_set_num_format(tmoney, "#,##0.00");

    /* row 0 title, row 1 period and unit, row 2 header, data from row 3 */
    char *t = zf_arena_printf(req->arena, "%s行政执法统计月报（%ld年%ld月）", p.unit.name, y, m);
    worksheet_merge_range(ws, 0, 0, 0, (lxw_col_t)NCOLS, t, title);
    worksheet_write_string(ws, 1, 0,
                           zf_arena_printf(req->arena,
                                           "统计期间：%s 至 %s　填报日期：%s　金额单位：元", p.from,
                                           p.to, today),
                           note);
    worksheet_set_row(ws, 2, 36, NULL);
    worksheet_write_string(ws, 2, 0, "单位", head);
    for (size_t k = 0; k < NCOLS; k++)
        worksheet_write_string(ws, 2, (lxw_col_t)(k + 1), cols[k].head, head);
    worksheet_set_column(ws, 0, 0, 24, NULL);
    worksheet_set_column(ws, 1, (lxw_col_t)NCOLS, 12, NULL);
    worksheet_freeze_panes(ws, 3, 1);
    lxw_row_t r = 3;
    size_t i;
    json_t *u;
    json_array_foreach(json_object_get(fig, "units"), i, u) {
        if (!report_row(u)) continue;
        worksheet_write_string(ws, r, 0, json_string_value(json_object_get(u, "name")), text);
        for (size_t k = 0; k < NCOLS; k++)
            write_value(ws, r, (lxw_col_t)(k + 1),
                        json_integer_value(json_object_get(u, cols[k].key)), cols[k].yuan, num,
                        money);
        r++;
    }
    worksheet_write_string(ws, r, 0, "合计", ttext);
    for (size_t k = 0; k < NCOLS; k++)
        write_value(ws, r, (lxw_col_t)(k + 1), total_of(fig, cols[k].key), cols[k].yuan, tnum,
                    tmoney);
    worksheet_write_string(
        ws, r + 2, 0,
        "说明：检查企业合计按企业去重；隐患按责令整改日期、立案按立案日期、"
        "决定按决定日期、收缴按银行回执缴款日期计入当月；逾期未整改以填报日为准。",
        note);
    json_decref(fig);
    lxw_error lerr = workbook_close(wb);
    if (lerr != LXW_NO_ERROR) {
        zf_error_set(&err, ZF_EIO, 500, "export.failed", NULL, "导出工作簿失败：%s",
                     lxw_strerror(lerr));
        zf_api_fail(req, resp, &err);
        return;
    }
    zf_api_download_send(req, resp, path, "xlsx",
                         zf_arena_printf(req->arena, "monthly-%04ld-%02ld", y, m), NULL);
}
