/* deadlines.c — the working-day calendar and the legal deadline engine over
 * HTTP (issue 8, R20), and the pieces the CLI shares (`zhifa calc deadline
 * | surcharge`): the embedded calendar (data/holidays.csv), the seed that
 * `zhifa init` runs, the configuration read from legal_params, and the JSON
 * of a result.
 *
 * Everyone signed in reads the calendar and computes deadlines
 * (calendar.read, deadline.calc); only admin imports a year
 * (calendar.write), all-or-nothing, logged, and a stored year is never
 * overwritten (LAW.md §10: past deadlines must stay recomputable). The
 * calendar is national (region ''), not a unit's record, so the permission
 * check has no unit path. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"

extern const char zf_holidays_csv[];
extern const unsigned long zf_holidays_csv_len;

int zf_api_embedded_calendar(zf_arena_t *a, zf_calendar_t *cal, zf_error_t *err) {
    zf_cal_day_t *days;
    size_t n, ny, ne;
    int *years;
    zf_cal_line_error_t *errs;
    int rc = zf_cal_parse_csv(a, zf_holidays_csv, zf_holidays_csv_len, 0, 1, &days, &n, &years, &ny,
                              &errs, &ne, err);
    if (rc)
        return zf_error_set(err, ZF_EIO, 500, "calendar.seed_invalid", NULL,
                            "内置工作日历有误（第%d行：%s）", ne ? errs[0].line : 0,
                            ne ? errs[0].message : "");
    *cal = (zf_calendar_t){years, ny, days, n};
    return 0;
}

static json_t *calendar_year_log(int year, const char *source, const zf_cal_day_t *days, size_t n,
                                 size_t from, size_t to) {
    json_t *list = json_array();
    for (size_t i = from; i < to && i < n; i++) {
        char d[11];
        zf_day_format(days[i].day, d);
        json_array_append_new(
            list, json_pack("[s, s, s]", d, days[i].work ? "work" : "rest", days[i].name));
    }
    return json_pack("{s:i, s:s, s:s, s:o}", "year", year, "region", "", "source", source, "days",
                     list);
}

/* Store one year (days sorted, all in that year) with its log event. */
static int store_year(zf_db_t *db, zf_arena_t *a, int year, const zf_cal_day_t *days, size_t n,
                      int64_t actor_id, const char *action, zf_cal_year_t *out, zf_error_t *err) {
    const char *source = n ? days[0].source : "";
    int rc = zf_calendar_insert_year(db, a, "", year, source, actor_id, days, n, out, err);
    if (rc) return rc;
    zf_log_entry_t e = {.actor_id = actor_id,
                        .action = action,
                        .object_type = "calendar_year",
                        .object_id = zf_arena_printf(a, "%d", year),
                        .after = calendar_year_log(year, source, days, n, 0, n)};
    int64_t idx = zf_log_append(db, &e, err);
    json_decref(e.after);
    return idx < 0 ? (int)idx : 0;
}

int zf_deadline_seed(zf_db_t *db, zf_arena_t *a, zf_error_t *err) {
    int seeded = 0;
    zf_calendar_t emb;
    int rc = zf_api_embedded_calendar(a, &emb, err);
    if (rc) return rc;
    zf_cal_year_t *have;
    size_t nhave;
    rc = zf_calendar_years(db, a, "", &have, &nhave, err);
    if (rc) return rc;
    for (size_t y = 0; y < emb.nyears; y++) {
        int stored = 0;
        for (size_t k = 0; k < nhave; k++)
            stored |= have[k].year == emb.years[y];
        if (stored) continue; /* never overwritten */
        size_t lo = 0, hi;
        while (lo < emb.ndays && zf_day_year(emb.days[lo].day) < emb.years[y])
            lo++;
        hi = lo;
        while (hi < emb.ndays && zf_day_year(emb.days[hi].day) == emb.years[y])
            hi++;
        rc = store_year(db, a, emb.years[y], emb.days + lo, hi - lo, 0, "calendar.seed", NULL, err);
        if (rc) return rc;
        seeded++;
    }
    /* the deadline parameters, each once (a key already present is kept) */
    zf_legal_param_t *all;
    size_t n;
    rc = zf_legal_params_all(db, a, &all, &n, err);
    if (rc) return rc;
    for (size_t i = 0; i < zf_dl_params_count(); i++) {
        const zf_dl_param_t *d = zf_dl_param_at(i);
        int present = 0;
        for (size_t k = 0; k < n; k++)
            present |= strcmp(all[k].key, d->key) == 0;
        if (present) continue;
        zf_legal_param_t p = {.key = d->key,
                              .value = d->value,
                              .unit = d->unit,
                              .effective_from = d->from,
                              .source = d->source,
                              .confirmed = d->confirmed,
                              .label = d->label},
                         stored;
        rc = zf_legal_param_insert(db, a, &p, 0, &stored, err);
        if (rc) return rc;
        json_t *after = zf_api_legal_param_json(&stored);
        zf_log_entry_t e = {.action = "legal_param.seed",
                            .object_type = "legal_param",
                            .object_id = zf_arena_printf(a, "%lld", (long long)stored.id),
                            .after = after};
        int64_t idx = zf_log_append(db, &e, err);
        json_decref(after);
        if (idx < 0) return (int)idx;
    }
    return seeded;
}

int zf_api_deadline_config(zf_db_t *db, zf_arena_t *a, const char *date, zf_dl_config_t *cfg,
                           int *unconfirmed, zf_error_t *err) {
    *cfg = (zf_dl_config_t)ZF_DL_CONFIG_DEFAULT;
    if (unconfirmed) *unconfirmed = 0;
    zf_legal_param_t *rows;
    size_t n;
    int rc = zf_legal_params_at(db, a, date, &rows, &n, err);
    if (rc) return rc;
    for (size_t i = 0; i < n; i++) {
        if (!zf_dl_param_known(rows[i].key, NULL)) continue;
        zf_error_t bad = {0};
        if (zf_dl_config_set(cfg, rows[i].key, rows[i].value, &bad) != 0)
            return zf_error_set(err, ZF_EIO, 500, "legal_param.invalid", rows[i].key,
                                "法定参数 %s 的值“%s”无效：%s", rows[i].key, rows[i].value,
                                bad.message);
        if (!rows[i].confirmed && unconfirmed) (*unconfirmed)++;
    }
    return 0;
}

static json_t *day_list(const zf_day_t *d, size_t n) {
    json_t *list = json_array();
    for (size_t i = 0; i < n; i++) {
        char s[11];
        zf_day_format(d[i], s);
        json_array_append_new(list, json_string(s));
    }
    return list;
}

static json_t *day_or_null(zf_day_t d) {
    if (d == ZF_DAY_NONE) return json_null();
    char s[11];
    zf_day_format(d, s);
    return json_string(s);
}

json_t *zf_api_dl_rule_json(const zf_dl_rule_t *r) {
    return json_pack("{s:s, s:s, s:i, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s*, s:s*}", "name",
                     r->name, "label", r->label, "amount", r->amount, "unit",
                     zf_dl_unit_name(r->unit), "unit_label", zf_dl_unit_label(r->unit), "direction",
                     r->direction < 0 ? "before" : "after", "source", r->source, "basis", r->basis,
                     "from_label", r->from_label, "meaning", r->meaning, "amount_param",
                     r->amount_key, "unit_param", r->unit_key);
}

json_t *zf_api_dl_result_json(const zf_dl_result_t *r, const zf_dl_config_t *cfg,
                              const zf_calendar_t *cal, const char *calendar_source) {
    json_t *o = zf_api_dl_rule_json(r->rule);
    char from[11], due[11];
    zf_day_format(r->from, from);
    zf_day_format(r->due, due);
    json_object_set_new(o, "rule", json_string(r->rule->name));
    json_object_del(o, "name");
    json_object_set_new(o, "from", json_string(from));
    json_object_set_new(o, "due", json_string(due));
    json_object_set_new(o, "amount", json_integer(r->amount));
    json_object_set_new(o, "unit", json_string(zf_dl_unit_name(r->unit)));
    json_object_set_new(o, "unit_label", json_string(zf_dl_unit_label(r->unit)));
    json_object_set_new(o, "configured", json_boolean(r->configured));
    json_object_set_new(o, "counted_days", day_list(r->counted, r->ncounted));
    json_object_set_new(o, "skipped_days", day_list(r->skipped, r->nskipped));
    json_object_set_new(o, "unrolled_due", day_or_null(r->plain));
    json_object_set_new(o, "rolled", json_boolean(r->rolled));
    json_object_set_new(o, "roll_forward", json_boolean(cfg->roll_forward));
    json_object_set_new(o, "workday_before", day_or_null(r->workday_before));
    json_object_set_new(o, "counting", json_string(r->counting));
    json_t *years = json_array();
    for (size_t i = 0; cal && i < cal->nyears; i++)
        json_array_append_new(years, json_integer(cal->years[i]));
    json_object_set_new(o, "calendar",
                        json_pack("{s:s, s:o}", "source", calendar_source, "years", years));
    return o;
}

json_t *zf_api_surcharge_json(const zf_surcharge_t *s, zf_day_t due, zf_day_t paid,
                              const zf_span_t *paused, size_t np) {
    json_t *spans = json_array();
    for (size_t i = 0; i < np; i++)
        json_array_append_new(spans, json_pack("{s:o, s:o}", "from", day_or_null(paused[i].from),
                                               "to", day_or_null(paused[i].to)));
    return json_pack(
        "{s:I, s:o, s:o, s:o, s:I, s:I, s:I, s:I, s:I, s:b, s:o, s:o, s:s, s:s, s:s}", "fine_fen",
        (json_int_t)s->fine_fen, "due", day_or_null(due), "paid", day_or_null(paid), "paused",
        spans, "late_days", (json_int_t)s->late_days, "paused_days", (json_int_t)s->paused_days,
        "counted_days", (json_int_t)s->counted_days, "surcharge_fen", (json_int_t)s->surcharge_fen,
        "total_fen", (json_int_t)(s->fine_fen + s->surcharge_fen), "capped", s->capped, "first_day",
        day_or_null(s->first_day), "cap_day", day_or_null(s->cap_day), "rate", "每日按罚款数额的3%",
        "rounding",
        "按计算天数合计一次计算：罚款数额×3×天数÷100，向下取整到分；加处罚款总额不超过罚款数额"
        "（第34个计算日封顶）",
        "source",
        "行政处罚法 第72条第1款第1项（每日3%，不得超出罚款数额）、第73条第3款（复议、诉讼期间"
        "不予计算）；行政强制法 第45条");
}

/* "FROM:TO" spans separated by commas or spaces into an arena array. */
int zf_api_parse_spans(zf_arena_t *a, const char *text, zf_span_t **out, size_t *n,
                       zf_error_t *err) {
    size_t cap = 0, count = 0;
    zf_span_t *spans = NULL;
    const char *p = text ? text : "";
    while (*p) {
        while (*p == ',' || *p == ' ')
            p++;
        if (!*p) break;
        char from[11], to[11];
        zf_span_t s;
        if (strlen(p) < 21 || p[10] != ':' || (p[21] && p[21] != ',' && p[21] != ' '))
            return zf_error_set(
                err, ZF_EINVAL, 400, "input.invalid", "paused",
                "停算区间应写成 起日:止日（YYYY-MM-DD:YYYY-MM-DD），多个用逗号分隔");
        memcpy(from, p, 10);
        from[10] = 0;
        memcpy(to, p + 11, 10);
        to[10] = 0;
        if (zf_day_parse(from, &s.from) || zf_day_parse(to, &s.to))
            return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", "paused",
                                "停算区间“%.21s”中的日期无效", p);
        spans = zf_arena_reserve(a, spans, &cap, count + 1, sizeof *spans);
        spans[count++] = s;
        p += 21;
    }
    *out = spans;
    *n = count;
    return 0;
}

static int parse_date(const char *s, const char *field, const char *label, zf_day_t *out,
                      zf_error_t *err) {
    if (!s || zf_day_parse(s, out) != 0)
        return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", field,
                            "%s应为有效日期 YYYY-MM-DD", label);
    return 0;
}

/* ---- handlers ---- */

void zf_api_calendar_get(zf_req_t *req, zf_resp_t *resp) {
    zf_error_t err = {0};
    int rc = zf_perm_check(zf_api_actor(req), "calendar.read", NULL, &err);
    const char *q = zf_req_query(req, "year");
    char today[11];
    zf_api_today(today);
    int year = atoi(today);
    if (rc == 0 && q) {
        char *end;
        long y = strtol(q, &end, 10);
        if (!*q || *end || y < 1900 || y > 9999)
            rc = zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", "year",
                              "年份应为 1900 到 9999 之间的整数");
        year = (int)y;
    }
    zf_db_t *db = zf_api_db(req);
    zf_cal_year_t *years = NULL;
    size_t ny = 0, nd = 0;
    zf_cal_day_t *days = NULL;
    if (rc == 0) rc = zf_calendar_years(db, req->arena, "", &years, &ny, &err);
    if (rc == 0) rc = zf_calendar_year_days(db, req->arena, "", year, &days, &nd, &err);
    if (rc) {
        zf_api_fail(req, resp, &err);
        return;
    }
    const zf_cal_year_t *this = NULL;
    json_t *covered = json_array();
    for (size_t i = 0; i < ny; i++) {
        json_array_append_new(covered,
                              json_pack("{s:i, s:s, s:s, s:b}", "year", years[i].year, "source",
                                        years[i].source, "imported_at", years[i].imported_at,
                                        "seeded", years[i].imported_by == 0));
        if (years[i].year == year) this = &years[i];
    }
    json_t *list = json_array();
    for (size_t i = 0; i < nd; i++) {
        char d[11];
        zf_day_format(days[i].day, d);
        json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:s, s:i}", "date", d, "kind",
                                              days[i].work ? "work" : "rest", "name", days[i].name,
                                              "source", days[i].source, "weekday",
                                              zf_day_weekday(days[i].day)));
    }
    zf_resp_json(
        req, resp, 200,
        json_pack("{s:i, s:b, s:s*, s:s*, s:o, s:o, s:s}", "year", year, "covered", this != NULL,
                  "source", this ? this->source : NULL, "imported_at",
                  this ? this->imported_at : NULL, "days", list, "years", covered, "rule",
                  "未列出的日期：周一至周五为工作日，周六、周日休息；列入的日期以国务院办公厅"
                  "通知为准（rest 放假，work 调休上班）"));
}

void zf_api_calendar_import(zf_req_t *req, zf_resp_t *resp) {
    static const zf_field_t spec[] = {
        {"year", ZF_FIELD_INT, 1, "年份", 0, 0},
        {"csv", ZF_FIELD_STRING, 1, "日历文件内容", 200000, 1},
        {"allow_weekend_rest", ZF_FIELD_BOOL, 0, "允许周末休息日", 0, 0},
    };
    json_t *body = zf_api_body(req, resp, spec, sizeof spec / sizeof spec[0]);
    if (!body) return;
    zf_error_t err = {0};
    const zf_actor_t *actor = zf_api_actor(req);
    int rc = zf_perm_check(actor, "calendar.write", NULL, &err);
    json_int_t year = json_integer_value(json_object_get(body, "year"));
    if (rc == 0 && (year < 1900 || year > 9999))
        rc = zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", "year",
                          "年份应为 1900 到 9999 之间的整数");
    if (rc) {
        zf_api_fail(req, resp, &err);
        return;
    }
    const char *csv = json_string_value(json_object_get(body, "csv"));
    int allow = json_is_true(json_object_get(body, "allow_weekend_rest"));
    zf_cal_day_t *days;
    size_t n, ne;
    zf_cal_line_error_t *errs;
    if (zf_cal_parse_csv(req->arena, csv, strlen(csv), (int)year, allow, &days, &n, NULL, NULL,
                         &errs, &ne, &err) != 0) {
        json_t *lines = json_array();
        for (size_t i = 0; i < ne; i++)
            json_array_append_new(lines, json_pack("{s:i, s:s, s:s}", "line", errs[i].line, "field",
                                                   errs[i].field, "message", errs[i].message));
        zf_resp_json(req, resp, 400,
                     json_pack("{s:{s:s, s:s, s:s, s:o}}", "error", "code", err.code, "message",
                               err.message, "field", "csv", "lines", lines));
        return;
    }
    zf_db_t *db = zf_api_db(req);
    zf_cal_year_t stored;
    rc = zf_db_begin(db, &err);
    if (rc == 0)
        rc = zf_calendar_insert_year(db, req->arena, "", (int)year, days[0].source, actor->user_id,
                                     days, n, &stored, &err);
    if (rc) {
        zf_api_abort(req, resp, &err);
        return;
    }
    size_t rest = 0;
    for (size_t i = 0; i < n; i++)
        rest += !days[i].work;
    zf_log_entry_t e = {.actor_id = actor->user_id,
                        .action = "calendar.import",
                        .object_type = "calendar_year",
                        .object_id = zf_arena_printf(req->arena, "%d", (int)year),
                        .after = calendar_year_log((int)year, days[0].source, days, n, 0, n)};
    json_t *answer =
        json_pack("{s:i, s:s, s:s, s:I, s:I, s:I}", "year", (int)year, "source", stored.source,
                  "imported_at", stored.imported_at, "days", (json_int_t)n, "rest",
                  (json_int_t)rest, "work", (json_int_t)(n - rest));
    zf_api_commit(req, resp, &e, 201, answer);
    json_decref(e.after);
}

void zf_api_deadline_rules(zf_req_t *req, zf_resp_t *resp) {
    zf_error_t err = {0};
    if (zf_perm_check(zf_api_actor(req), "deadline.calc", NULL, &err) != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    char today[11];
    zf_api_today(today);
    zf_dl_config_t cfg;
    int unconfirmed;
    if (zf_api_deadline_config(zf_api_db(req), req->arena, today, &cfg, &unconfirmed, &err) != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; i < zf_dl_rules_count(); i++) {
        const zf_dl_rule_t *r = zf_dl_rule_at(i);
        json_t *j = zf_api_dl_rule_json(r);
        /* the configured amount and unit in force today */
        int amount = r->amount;
        zf_dl_unit_t unit = r->unit;
        if (r->amount_key && strcmp(r->amount_key, "deadline.decision.days") == 0)
            amount = cfg.decision_days;
        if (r->amount_key && strcmp(r->amount_key, "deadline.statement.days") == 0)
            amount = cfg.statement_days;
        if (r->unit_key && strcmp(r->unit_key, "deadline.statement.workdays") == 0)
            unit = cfg.statement_workdays ? ZF_DL_WORKDAYS : ZF_DL_DAYS;
        if (r->unit_key && strcmp(r->unit_key, "deadline.transfer_decision.workdays") == 0)
            unit = cfg.transfer_workdays ? ZF_DL_WORKDAYS : ZF_DL_DAYS;
        json_object_set_new(j, "amount", json_integer(amount));
        json_object_set_new(j, "unit", json_string(zf_dl_unit_name(unit)));
        json_object_set_new(j, "unit_label", json_string(zf_dl_unit_label(unit)));
        json_array_append_new(items, j);
    }
    zf_resp_json(req, resp, 200,
                 json_pack("{s:o, s:b, s:i}", "items", items, "roll_forward", cfg.roll_forward,
                           "unconfirmed_params", unconfirmed));
}

void zf_api_deadline_compute(zf_req_t *req, zf_resp_t *resp) {
    static const zf_field_t spec[] = {
        {"rule", ZF_FIELD_STRING, 1, "期限规则", 64, 1},
        {"from", ZF_FIELD_STRING, 1, "起算事件日", 10, 10},
    };
    json_t *body = zf_api_body(req, resp, spec, sizeof spec / sizeof spec[0]);
    if (!body) return;
    zf_error_t err = {0};
    int rc = zf_perm_check(zf_api_actor(req), "deadline.calc", NULL, &err);
    const char *rule = json_string_value(json_object_get(body, "rule"));
    const char *froms = json_string_value(json_object_get(body, "from"));
    zf_day_t from = 0;
    if (rc == 0) rc = parse_date(froms, "from", "起算事件日", &from, &err);
    if (rc == 0 && !zf_dl_rule_find(rule))
        rc = zf_error_set(&err, ZF_EINVAL, 400, "deadline.unknown_rule", "rule",
                          "未知的期限规则“%s”", rule);
    zf_db_t *db = zf_api_db(req);
    zf_calendar_t cal;
    zf_dl_config_t cfg;
    int unconfirmed = 0;
    zf_dl_result_t r;
    /* the parameters in force on the day of the triggering event */
    if (rc == 0) rc = zf_api_deadline_config(db, req->arena, froms, &cfg, &unconfirmed, &err);
    if (rc == 0) rc = zf_calendar_load(db, req->arena, "", &cal, &err);
    if (rc == 0) rc = zf_dl_compute(&cal, &cfg, rule, from, &r, &err);
    if (rc) {
        zf_api_fail(req, resp, &err);
        return;
    }
    json_t *o = zf_api_dl_result_json(&r, &cfg, &cal, "database");
    json_object_set_new(o, "unconfirmed_params", json_integer(unconfirmed));
    zf_resp_json(req, resp, 200, o);
}

void zf_api_deadline_surcharge(zf_req_t *req, zf_resp_t *resp) {
    static const zf_field_t spec[] = {
        {"fine_fen", ZF_FIELD_INT, 1, "罚款数额（分）", 0, 0},
        {"due", ZF_FIELD_STRING, 1, "缴纳期限末日", 10, 10},
        {"paid", ZF_FIELD_STRING, 1, "实际缴纳日", 10, 10},
        {"paused", ZF_FIELD_STRING, 0, "停算区间", 2000, 0},
    };
    json_t *body = zf_api_body(req, resp, spec, sizeof spec / sizeof spec[0]);
    if (!body) return;
    zf_error_t err = {0};
    int rc = zf_perm_check(zf_api_actor(req), "deadline.calc", NULL, &err);
    zf_day_t due = 0, paid = 0;
    zf_span_t *spans = NULL;
    size_t ns = 0;
    if (rc == 0)
        rc = parse_date(json_string_value(json_object_get(body, "due")), "due", "缴纳期限末日",
                        &due, &err);
    if (rc == 0)
        rc = parse_date(json_string_value(json_object_get(body, "paid")), "paid", "实际缴纳日",
                        &paid, &err);
    if (rc == 0)
        rc = zf_api_parse_spans(req->arena, json_string_value(json_object_get(body, "paused")),
                                &spans, &ns, &err);
    zf_surcharge_t s;
    if (rc == 0)
        rc = zf_surcharge(json_integer_value(json_object_get(body, "fine_fen")), due, paid, spans,
                          ns, &s, &err);
    if (rc) {
        if (strcmp(err.field, "fine") == 0) strcpy(err.field, "fine_fen");
        zf_api_fail(req, resp, &err);
        return;
    }
    zf_resp_json(req, resp, 200, zf_api_surcharge_json(&s, due, paid, spans, ns));
}
