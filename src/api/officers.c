/* officers.c — issue 4 over HTTP: officer records (R3), the team check every
 * later action uses, training records and compliance (R4), the professional
 * ratio (R5), staffing and performance with XLSX export (R6), equipment and
 * the shortfall against the standard (R7).
 *
 * Permissions (core/perm.c): everyone reads officers, training and equipment
 * inside their scope (the team lists needed for assignment); only admin and
 * section heads write, inside their scope; the reports are for leaders,
 * section heads, township officers (their township) and the city supervisor.
 * Every change is logged in its transaction (zf_api_commit). "Today" is the
 * local date in China (UTC+8, no daylight saving); reports take ?date= to
 * look at another day. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "api/api.h"
#include "core/officers.h"
#include "core/util.h"
#include "store/officers.h"

#define UTC_OFFSET_MS (8LL * 3600 * 1000) /* Asia/Shanghai: UTC+8 all year */

zf_day_t zf_api_officers_today(void) {
    return (zf_day_t)((zf_now_ms() + UTC_OFFSET_MS) / 86400000LL);
}

static const struct {
    const char *code, *name;
} officer_kinds[] = {{"officer", "执法人员"}, {"auxiliary", "执法辅助人员"}, {"expert", "专家"}},
  officer_statuses[] = {{"serving", "在岗"},
                        {"transferred", "调离"},
                        {"retired", "退休"},
                        {"suspended", "暂停执法"},
                        {"left", "离职"}},
  training_kinds[] = {{"onboarding", "入职培训"}, {"refresher", "复训"}},
  equipment_categories[] = {{"body_camera", "执法记录仪"},
                            {"mobile_terminal", "移动执法终端"},
                            {"vehicle", "执法执勤用车"},
                            {"gas_detector", "便携式气体检测仪"},
                            {"dust_tester", "粉尘浓度检测仪"},
                            {"protective_gear", "个人防护装备"},
                            {"other", "其他"}},
  equipment_statuses[] = {{"in_use", "在用"},
                          {"spare", "备用"},
                          {"repair", "维修"},
                          {"retired", "报废"}},
  cert_states[] = {{"valid", "有效"},
                   {"expiring", "即将到期"},
                   {"expired", "已过期"},
                   {"missing", "无执法证"},
                   {"not_yet_valid", "尚未生效"}};

#define LOOKUP(table, code) lookup(table, sizeof table / sizeof table[0], code)
static const char *lookup(const void *table, size_t n, const char *code) {
    const struct { const char *code, *name; } *t = table;
    for (size_t i = 0; code && i < n; i++)
        if (strcmp(t[i].code, code) == 0) return t[i].name;
    return NULL;
}

/* ---- request context: db, rules in force, the day ---- */

typedef struct ctx {
    zf_db_t *db;
    zf_day_t today;
    char today_s[11];
    zf_officer_rules_t rules;
} ctx_t;

/* ?date=YYYY-MM-DD or today; rules in force on that day. -1 after answering. */
static int ctx_load(zf_req_t *req, zf_resp_t *resp, ctx_t *c) {
    zf_error_t err = {0};
    c->db = zf_api_db(req);
    const char *d = zf_req_query(req, "date");
    if (d && *d) {
        if (zf_day_parse(d, &c->today) != 0) {
            zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", "date",
                         "日期“%s”无效，应为 YYYY-MM-DD", d);
            zf_api_fail(req, resp, &err);
            return -1;
        }
    } else {
        c->today = zf_api_officers_today();
    }
    zf_day_format(c->today, c->today_s);
    if (zf_officer_rules_load(c->db, c->today_s, &c->rules, &err) != 0) {
        zf_api_fail(req, resp, &err);
        return -1;
    }
    return 0;
}

/* ---- JSON views ---- */

static json_t *str_or_null(const char *s) { return s && *s ? json_string(s) : json_null(); }

/* The stored fields only: what the log records. */
static json_t *officer_record_json(const zf_officer_t *o) {
    const char *kind_name = LOOKUP(officer_kinds, o->kind);
    const char *status_name = LOOKUP(officer_statuses, o->status);
    json_t *j = json_object();
    json_object_set_new(j, "id", json_integer(o->id));
    json_object_set_new(j, "user_id", o->user_id ? json_integer(o->user_id) : json_null());
    json_object_set_new(j, "username", str_or_null(o->username));
    json_object_set_new(j, "name", json_string(o->name));
    json_object_set_new(j, "kind", json_string(o->kind));
    json_object_set_new(j, "kind_name", json_string(kind_name ? kind_name : o->kind));
    json_object_set_new(j, "status", json_string(o->status));
    json_object_set_new(j, "status_name", json_string(status_name ? status_name : o->status));
    json_object_set_new(j, "unit",
                        json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)o->unit_id, "name",
                                  o->unit_name, "code", o->unit_code, "kind", o->unit_kind));
    json_object_set_new(j, "cert_no", json_string(o->cert_no));
    json_object_set_new(j, "cert_issuer", json_string(o->cert_issuer));
    json_object_set_new(j, "cert_issued_on", str_or_null(o->cert_issued_on));
    json_object_set_new(j, "cert_expires_on", str_or_null(o->cert_expires_on));
    json_object_set_new(j, "education", json_string(o->education));
    json_object_set_new(j, "education_relevant", json_boolean(o->education_relevant));
    json_object_set_new(j, "qualifications", json_string(o->qualifications));
    json_object_set_new(j, "practice_years", json_integer(o->practice_years));
    json_object_set_new(j, "injury_insurance_until", str_or_null(o->injury_insurance_until));
    json_object_set_new(j, "accident_insurance_until", str_or_null(o->accident_insurance_until));
    json_object_set_new(j, "version", json_integer(o->version));
    return j;
}

static const char *insurance_state(const ctx_t *c, const char *until) {
    zf_day_t d;
    if (!until || !*until || zf_day_parse(until, &d) != 0) return "missing";
    return d < c->today ? "expired" : "valid";
}

/* The record plus what follows from it on the context's day. */
static json_t *officer_json(const ctx_t *c, const zf_officer_t *o) {
    json_t *j = officer_record_json(o);
    int left = 0;
    const char *state = zf_cert_state(&c->rules, c->today, o->cert_no, o->cert_issued_on,
                                      o->cert_expires_on, &left);
    json_object_set_new(j, "cert_state", json_string(state));
    json_object_set_new(j, "cert_state_name", json_string(LOOKUP(cert_states, state)));
    json_object_set_new(j, "cert_days_left",
                        strcmp(state, "missing") == 0 ? json_null() : json_integer(left));
    json_object_set_new(
        j, "professional",
        json_boolean(zf_officer_is_professional(&c->rules, o->education_relevant, o->qualifications,
                                                o->practice_years)));
    json_object_set_new(j, "injury_insurance_state",
                        json_string(insurance_state(c, o->injury_insurance_until)));
    json_object_set_new(j, "accident_insurance_state",
                        json_string(insurance_state(c, o->accident_insurance_until)));
    return j;
}

static json_t *training_json(const zf_training_t *t) {
    const char *kind_name = LOOKUP(training_kinds, t->kind);
    return json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:I, s:I, s:s, s:s}", "id",
                     (json_int_t)t->id, "officer_id", (json_int_t)t->officer_id, "officer_name",
                     t->officer_name, "kind", t->kind, "kind_name", kind_name ? kind_name : t->kind,
                     "start_date", t->start_date, "end_date", t->end_date, "days",
                     (json_int_t)t->days, "hours", (json_int_t)t->hours, "topic", t->topic,
                     "provider", t->provider);
}

static json_t *equipment_json(const zf_equipment_t *e) {
    const char *cat = LOOKUP(equipment_categories, e->category);
    const char *st = LOOKUP(equipment_statuses, e->status);
    json_t *j = json_pack(
        "{s:I, s:{s:I, s:s}, s:s, s:s, s:s, s:s, s:s, s:s, s:I}", "id", (json_int_t)e->id, "unit",
        "id", (json_int_t)e->unit_id, "name", e->unit_name, "category", e->category,
        "category_name", cat ? cat : e->category, "name", e->name, "serial_no", e->serial_no,
        "status", e->status, "status_name", st ? st : e->status, "version", (json_int_t)e->version);
    json_object_set_new(j, "officer",
                        e->officer_id ? json_pack("{s:I, s:s}", "id", (json_int_t)e->officer_id,
                                                  "name", e->officer_name)
                                      : json_null());
    return j;
}

/* ---- training compliance of one officer ---- */

typedef struct compliance {
    int applies; /* kind officer and serving */
    int onboarding_have, onboarding_required;
    zf_day_t onboarding_done_on;
    zf_day_t onboarding_first; /* first onboarding day begun, or ZF_DAY_NONE */
    int refresher_have, refresher_required, year;
} compliance_t;

/* trainings: all of the officer's, in start order. */
static compliance_t compute_compliance(const ctx_t *c, const zf_officer_t *o,
                                       const zf_training_t *t, size_t n, int year, zf_arena_t *a) {
    compliance_t r = {0};
    r.applies = strcmp(o->kind, "officer") == 0 && strcmp(o->status, "serving") == 0;
    r.year = year;
    r.refresher_required = c->rules.refresher_days_per_year;
    zf_training_span_t *spans = zf_arena_alloc(a, (n ? n : 1) * sizeof *spans);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        zf_day_t s, e;
        if (zf_day_parse(t[i].start_date, &s) != 0 || zf_day_parse(t[i].end_date, &e) != 0)
            continue;
        /* Training counts as of the day asked about: a course still running
         * counts the days so far, a future one nothing. */
        int days = (int)t[i].days;
        if (s > c->today) continue;
        if (e > c->today) {
            e = c->today;
            if (days > (int)(e - s + 1)) days = (int)(e - s + 1);
        }
        spans[k++] = (zf_training_span_t){strcmp(t[i].kind, "onboarding") == 0, s, e, days};
    }
    r.onboarding_done_on = zf_onboarding_done_on(&c->rules, spans, k, &r.onboarding_have);
    zf_day_t first = ZF_DAY_NONE;
    for (size_t i = 0; i < k; i++)
        if (spans[i].onboarding) {
            first = spans[i].start;
            break;
        }
    r.onboarding_first = first;
    /* Without any onboarding record the requirement is measured from today. */
    r.onboarding_required =
        zf_onboarding_required_days(&c->rules, first == ZF_DAY_NONE ? c->today : first);
    r.refresher_have = zf_refresher_days(spans, k, year);
    return r;
}

static json_t *compliance_json(const ctx_t *c, const compliance_t *r) {
    char done[11] = "";
    int onboarding_ok = r->onboarding_done_on != ZF_DAY_NONE && r->onboarding_done_on <= c->today;
    if (r->onboarding_done_on != ZF_DAY_NONE) zf_day_format(r->onboarding_done_on, done);
    int onb_short = onboarding_ok ? 0 : r->onboarding_required - r->onboarding_have;
    if (onb_short < 0) onb_short = 0;
    int ref_short = r->refresher_required - r->refresher_have;
    if (ref_short < 0) ref_short = 0;
    /* The onboarding window (no hire date is kept): onboarding_months from
     * the first onboarding day (实施方案 二(四)2, 入职培训不少于3个月). Not
     * complete before its end: in_window; from its end on, or with no
     * onboarding begun: overdue. store/stats_training.c counts the same. */
    char wend[11] = "";
    const char *state = "complete";
    if (r->onboarding_first != ZF_DAY_NONE)
        zf_day_format(zf_day_add_months(r->onboarding_first, c->rules.onboarding_months), wend);
    if (!onboarding_ok)
        state =
            r->onboarding_first != ZF_DAY_NONE &&
                    c->today < zf_day_add_months(r->onboarding_first, c->rules.onboarding_months)
                ? "in_window"
                : "overdue";
    json_t *j = json_pack("{s:b, s:{s:b, s:i, s:i, s:i, s:o, s:i}, s:{s:i, s:b, s:i, s:i, s:i}}",
                          "applies", r->applies, "onboarding", "complete", onboarding_ok,
                          "have_days", r->onboarding_have, "required_days", r->onboarding_required,
                          "short_days", onb_short, "done_on", str_or_null(done), "required_months",
                          c->rules.onboarding_months, "refresher", "year", r->year, "complete",
                          ref_short == 0, "have_days", r->refresher_have, "required_days",
                          r->refresher_required, "short_days", ref_short);
    json_t *onb = json_object_get(j, "onboarding");
    json_object_set_new(onb, "state", json_string(state));
    json_object_set_new(onb, "window_ends_on", str_or_null(wend));
    return j;
}

/* ---- officers ---- */

static int load_officer(zf_req_t *req, zf_resp_t *resp, const char *action, zf_officer_t *o) {
    int64_t id = zf_api_id_param(req, resp, "id");
    if (!id) return -1;
    zf_error_t err = {0};
    int rc = zf_officer_get(zf_api_db(req), req->arena, id, o, &err);
    if (rc == 0) rc = zf_perm_check(zf_api_actor(req), action, o->unit_path, &err);
    if (rc != 0) {
        zf_api_fail(req, resp, &err);
        return -1;
    }
    return 0;
}

/* ---- keyset paging (?limit=1..200&cursor=…, as the enterprise list) ----
 * Without limit and cursor a list answers whole (the callers inside the
 * server and the older pages); with them it answers one page and
 * next_cursor (null on the last page). The cursor is the hex of
 * "o|PATH|ID" (officers) or "t|ID" (trainings): opaque to clients. */
#define PAGE_MAX 200

/* 1: paged (limit set), 0: whole list, -1 after answering 400. */
static int page_params(zf_req_t *req, zf_resp_t *resp, char kind, int *limit, char **path,
                       int64_t *after_id) {
    const char *l = zf_req_query(req, "limit"), *cur = zf_req_query(req, "cursor");
    *limit = 0;
    *after_id = 0;
    *path = NULL;
    zf_error_t err = {0};
    if ((!l || !*l) && (!cur || !*cur)) return 0;
    *limit = 50;
    if (l && *l) {
        char *end;
        long v = strtol(l, &end, 10);
        if (*end || v < 1 || v > PAGE_MAX) {
            zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", "limit", "每页条数 limit 应为 1–%d",
                         PAGE_MAX);
            zf_api_fail(req, resp, &err);
            return -1;
        }
        *limit = (int)v;
    }
    if (cur && *cur) {
        size_t n = strlen(cur);
        char *raw = zf_arena_alloc(req->arena, n / 2 + 1);
        long long id = 0;
        int ok = n > 0 && n % 2 == 0 && n <= 2048 &&
                 zf_hex_decode(cur, (unsigned char *)raw, n / 2) == 0;
        if (ok) {
            raw[n / 2] = '\0';
            ok = raw[0] == kind && raw[1] == '|';
        }
        if (ok && kind == 'o') {
            char *bar = strrchr(raw + 2, '|');
            ok = bar && sscanf(bar + 1, "%lld", &id) == 1 && id > 0;
            if (ok) {
                *bar = '\0';
                *path = raw + 2;
            }
        } else if (ok) {
            ok = sscanf(raw + 2, "%lld", &id) == 1 && id > 0;
        }
        if (!ok) {
            zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", "cursor",
                         "分页游标无效，请从第一页重新加载");
            zf_api_fail(req, resp, &err);
            return -1;
        }
        *after_id = id;
    }
    return 1;
}

static json_t *cursor_json(zf_arena_t *a, const char *raw) {
    size_t n = strlen(raw);
    char *hex = zf_arena_alloc(a, n * 2 + 1);
    zf_hex_encode((const unsigned char *)raw, n, hex);
    return json_string(hex);
}

void zf_api_officers_list(zf_req_t *req, zf_resp_t *resp) {
    ctx_t c;
    if (ctx_load(req, resp, &c) != 0) return;
    int limit;
    char *after_path;
    int64_t after_id;
    int paged = page_params(req, resp, 'o', &limit, &after_path, &after_id);
    if (paged < 0) return;
    int64_t unit_id = 0;
    const char *u = zf_req_query(req, "unit_id");
    if (u && *u) {
        unit_id = zf_api_id_param(req, resp, "unit_id");
        if (!unit_id) return;
    }
    zf_error_t err = {0};
    zf_officer_t *items;
    size_t n;
    /* a page asks for one row more than it shows: is there a next page? */
    int rc = paged ? zf_officers_page(c.db, req->arena, zf_api_actor(req)->scope_path, unit_id,
                                      zf_req_query(req, "kind"), zf_req_query(req, "status"),
                                      zf_req_query(req, "q"), after_path, after_id, limit + 1,
                                      &items, &n, &err)
                   : zf_officers_list(c.db, req->arena, zf_api_actor(req)->scope_path, unit_id,
                                      zf_req_query(req, "kind"), zf_req_query(req, "status"),
                                      zf_req_query(req, "q"), &items, &n, &err);
    if (rc != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    int more = paged && n > (size_t)limit;
    if (more) n = (size_t)limit;
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, officer_json(&c, &items[i]));
    json_t *next = more ? cursor_json(req->arena, zf_arena_printf(req->arena, "o|%s|%lld",
                                                                  items[n - 1].unit_path,
                                                                  (long long)items[n - 1].id))
                        : json_null();
    zf_resp_json(
        req, resp, 200,
        json_pack("{s:o, s:s, s:o}", "items", arr, "date", c.today_s, "next_cursor", next));
}

/* The officer with their training, compliance this year, and equipment;
 * NULL after answering the error. */
static json_t *detail_json(zf_req_t *req, zf_resp_t *resp, const ctx_t *c, const zf_officer_t *o) {
    zf_error_t err = {0};
    zf_training_t *t;
    zf_equipment_t *e;
    size_t nt, ne;
    /* The officer's own unit path is the narrowest scope that holds them. */
    if (zf_trainings_list(c->db, req->arena, o->unit_path, o->id, &t, &nt, &err) != 0 ||
        zf_equipment_list(c->db, req->arena, o->unit_path, 0, o->id, &e, &ne, &err) != 0) {
        zf_api_fail(req, resp, &err);
        return NULL;
    }
    json_t *j = officer_json(c, o);
    json_t *jt = json_array(), *je = json_array();
    for (size_t i = 0; i < nt; i++)
        json_array_append_new(jt, training_json(&t[i]));
    for (size_t i = 0; i < ne; i++)
        json_array_append_new(je, equipment_json(&e[i]));
    compliance_t comp = compute_compliance(c, o, t, nt, zf_day_year(c->today), req->arena);
    json_object_set_new(j, "trainings", jt);
    json_object_set_new(j, "equipment", je);
    json_object_set_new(j, "compliance", compliance_json(c, &comp));
    json_object_set_new(j, "date", json_string(c->today_s));
    return j;
}

void zf_api_officer_get(zf_req_t *req, zf_resp_t *resp) {
    ctx_t c;
    zf_officer_t o;
    if (ctx_load(req, resp, &c) != 0 || load_officer(req, resp, "officer.read", &o) != 0) return;
    json_t *j = detail_json(req, resp, &c, &o);
    if (j) zf_resp_json(req, resp, 200, j);
}

/* GET /api/v1/officers/me — {"officer": DETAIL} or {"officer": null} for an
 * account without an officer record (the 我的 page asks for every user). */
void zf_api_officer_me(zf_req_t *req, zf_resp_t *resp) {
    ctx_t c;
    if (ctx_load(req, resp, &c) != 0) return;
    zf_error_t err = {0};
    zf_officer_t o;
    int rc = zf_officer_get_by_user(c.db, req->arena, zf_api_actor(req)->user_id, &o, &err);
    if (rc == ZF_ENOTFOUND) {
        zf_resp_json(req, resp, 200, json_pack("{s:n}", "officer"));
        return;
    }
    if (rc != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    json_t *j = detail_json(req, resp, &c, &o);
    if (j) zf_resp_json(req, resp, 200, json_pack("{s:o}", "officer", j));
}

static int bad(zf_error_t *err, const char *field, const char *msg, const char *value) {
    return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", field, "%s：“%s”", msg, value);
}

static int check_date_field(const char *field, const char *label, const char *v, zf_error_t *err) {
    zf_day_t d;
    if (v && *v && zf_day_parse(v, &d) != 0)
        return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", field,
                            "%s“%s”无效，应为 YYYY-MM-DD", label, v);
    return 0;
}

/* Unit exists and the actor may write there; its path into *path. */
static int check_write_unit(zf_req_t *req, const char *action, int64_t unit_id, zf_unit_t *unit,
                            zf_error_t *err) {
    int rc = zf_unit_get(zf_api_db(req), req->arena, unit_id, unit, err);
    if (rc == ZF_ENOTFOUND)
        return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", "unit_id", "所属单位 %lld 不存在",
                            (long long)unit_id);
    if (rc) return rc;
    return zf_perm_check(zf_api_actor(req), action, unit->path, err);
}

static const zf_field_t officer_fields[] = {
    {"version", ZF_FIELD_INT, 0, "版本号", 0, 0},
    {"user_id", ZF_FIELD_INT, 0, "关联账号", 0, 0},
    {"unit_id", ZF_FIELD_INT, 0, "所属单位", 0, 0},
    {"name", ZF_FIELD_STRING, 0, "姓名", 64, 1},
    {"kind", ZF_FIELD_STRING, 0, "人员类别", 16, 1},
    {"status", ZF_FIELD_STRING, 0, "状态", 16, 1},
    {"cert_no", ZF_FIELD_STRING, 0, "执法证号", 64, 0},
    {"cert_issuer", ZF_FIELD_STRING, 0, "发证机关", 64, 0},
    {"cert_issued_on", ZF_FIELD_STRING, 0, "发证日期", 10, 0},
    {"cert_expires_on", ZF_FIELD_STRING, 0, "有效期至", 10, 0},
    {"education", ZF_FIELD_STRING, 0, "学历", 100, 0},
    {"education_relevant", ZF_FIELD_BOOL, 0, "应急管理相关学历", 0, 0},
    {"qualifications", ZF_FIELD_STRING, 0, "职业资格", 200, 0},
    {"practice_years", ZF_FIELD_INT, 0, "相关实践经验年限", 0, 0},
    {"injury_insurance_until", ZF_FIELD_STRING, 0, "工伤保险有效期至", 10, 0},
    {"accident_insurance_until", ZF_FIELD_STRING, 0, "意外伤害保险有效期至", 10, 0},
};
#define NOFFICER_FIELDS (sizeof officer_fields / sizeof officer_fields[0])

static const char *sfield(json_t *body, const char *key, const char *cur) {
    json_t *v = json_object_get(body, key);
    if (!v) return cur;
    if (json_is_null(v)) return "";
    return json_string_value(v);
}

/* Overlay body onto *o (which holds the current values or defaults), check
 * everything, and check the actor may write in the target unit. */
static int officer_from_body(zf_req_t *req, json_t *body, zf_officer_t *o, zf_error_t *err) {
    zf_db_t *db = zf_api_db(req);
    json_t *v;
    o->name = sfield(body, "name", o->name);
    o->kind = sfield(body, "kind", o->kind);
    o->status = sfield(body, "status", o->status);
    o->cert_no = sfield(body, "cert_no", o->cert_no);
    o->cert_issuer = sfield(body, "cert_issuer", o->cert_issuer);
    o->cert_issued_on = sfield(body, "cert_issued_on", o->cert_issued_on);
    o->cert_expires_on = sfield(body, "cert_expires_on", o->cert_expires_on);
    o->education = sfield(body, "education", o->education);
    o->qualifications = sfield(body, "qualifications", o->qualifications);
    o->injury_insurance_until = sfield(body, "injury_insurance_until", o->injury_insurance_until);
    o->accident_insurance_until =
        sfield(body, "accident_insurance_until", o->accident_insurance_until);
    v = json_object_get(body, "education_relevant");
    if (json_is_boolean(v)) o->education_relevant = json_is_true(v);
    v = json_object_get(body, "practice_years");
    if (json_is_integer(v)) o->practice_years = json_integer_value(v);
    v = json_object_get(body, "unit_id");
    if (json_is_integer(v)) o->unit_id = json_integer_value(v);
    v = json_object_get(body, "user_id");
    if (v) o->user_id = json_is_integer(v) ? json_integer_value(v) : 0;

    if (!o->name || !*o->name)
        return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", "name",
                            "缺少必填字段 name（姓名）");
    if (!LOOKUP(officer_kinds, o->kind))
        return bad(err, "kind",
                   "人员类别应为 officer（执法人员）、auxiliary（执法辅助人员）或 expert（专家）",
                   o->kind ? o->kind : "");
    if (!LOOKUP(officer_statuses, o->status))
        return bad(err, "status", "状态应为 serving、transferred、retired、suspended 或 left",
                   o->status ? o->status : "");
    int rc = check_date_field("cert_issued_on", "发证日期", o->cert_issued_on, err);
    if (!rc) rc = check_date_field("cert_expires_on", "执法证有效期", o->cert_expires_on, err);
    if (!rc)
        rc = check_date_field("injury_insurance_until", "工伤保险有效期", o->injury_insurance_until,
                              err);
    if (!rc)
        rc = check_date_field("accident_insurance_until", "意外伤害保险有效期",
                              o->accident_insurance_until, err);
    if (rc) return rc;
    if (*o->cert_issued_on && *o->cert_expires_on &&
        strcmp(o->cert_issued_on, o->cert_expires_on) > 0)
        return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", "cert_expires_on",
                            "执法证有效期（%s）早于发证日期（%s）", o->cert_expires_on,
                            o->cert_issued_on);
    if (o->practice_years < 0 || o->practice_years > 60)
        return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", "practice_years",
                            "相关实践经验年限应在 0–60 之间，收到 %lld",
                            (long long)o->practice_years);
    if (o->unit_id <= 0)
        return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", "unit_id",
                            "缺少必填字段 unit_id（所属单位）");
    zf_unit_t unit;
    rc = check_write_unit(req, "officer.write", o->unit_id, &unit, err);
    if (rc) return rc;
    o->unit_path = unit.path;
    if (o->user_id) {
        zf_user_t u;
        int found = zf_user_get(db, req->arena, o->user_id, &u, err);
        if (found == ZF_ENOTFOUND)
            return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", "user_id",
                                "关联账号 %lld 不存在", (long long)o->user_id);
        if (found) return found;
        rc = zf_perm_check(zf_api_actor(req), "officer.write", u.unit_path, err);
        if (rc) return rc;
    }
    return 0;
}

static void finish_officer(zf_req_t *req, zf_resp_t *resp, const char *action,
                           const zf_officer_t *before, const zf_officer_t *after, int status) {
    ctx_t c = {.db = zf_api_db(req), .today = zf_api_officers_today()};
    zf_day_format(c.today, c.today_s);
    zf_error_t err = {0};
    if (zf_officer_rules_load(c.db, c.today_s, &c.rules, &err) != 0) {
        zf_api_abort(req, resp, &err);
        return;
    }
    json_t *jb = before ? officer_record_json(before) : NULL;
    zf_api_commit_change(req, resp, action, "officer", after->id, after->unit_id, jb,
                         officer_record_json(after), officer_json(&c, after), status);
}

void zf_api_officer_create(zf_req_t *req, zf_resp_t *resp) {
    json_t *body = zf_api_body(req, resp, officer_fields, NOFFICER_FIELDS);
    if (!body) return;
    zf_error_t err = {0};
    if (json_object_get(body, "version"))
        zf_error_set(&err, ZF_EINVAL, 400, "input.unknown_field", "version",
                     "新建时不能提交 version");
    else if (!json_object_get(body, "kind") || !json_object_get(body, "unit_id"))
        zf_error_set(&err, ZF_EINVAL, 400, "input.invalid",
                     json_object_get(body, "kind") ? "unit_id" : "kind", "缺少必填字段 %s",
                     json_object_get(body, "kind") ? "unit_id（所属单位）" : "kind（人员类别）");
    if (err.code[0]) {
        zf_api_fail(req, resp, &err);
        return;
    }
    zf_officer_t o = {.name = "",
                      .kind = "",
                      .status = "serving",
                      .cert_no = "",
                      .cert_issuer = "",
                      .cert_issued_on = "",
                      .cert_expires_on = "",
                      .education = "",
                      .qualifications = "",
                      .injury_insurance_until = "",
                      .accident_insurance_until = ""};
    zf_db_t *db = zf_api_db(req);
    zf_officer_t created;
    int rc = officer_from_body(req, body, &o, &err);
    if (rc == 0) rc = zf_db_begin(db, &err);
    if (rc == 0) rc = zf_officer_insert(db, req->arena, &o, &created, &err);
    if (rc != 0) {
        zf_api_abort(req, resp, &err);
        return;
    }
    finish_officer(req, resp, "officer.create", NULL, &created, 201);
}

void zf_api_officer_update(zf_req_t *req, zf_resp_t *resp) {
    json_t *body = zf_api_body(req, resp, officer_fields, NOFFICER_FIELDS);
    if (!body) return;
    zf_error_t err = {0};
    if (!json_is_integer(json_object_get(body, "version"))) {
        zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", "version",
                     "缺少必填字段 version（版本号）");
        zf_api_fail(req, resp, &err);
        return;
    }
    zf_officer_t before, o, after;
    if (load_officer(req, resp, "officer.write", &before) != 0) return;
    o = before;
    o.version = json_integer_value(json_object_get(body, "version"));
    zf_db_t *db = zf_api_db(req);
    int rc = officer_from_body(req, body, &o, &err);
    if (rc == 0) rc = zf_db_begin(db, &err);
    if (rc == 0) rc = zf_officer_update(db, req->arena, &o, &after, &err);
    if (rc != 0) {
        zf_api_abort(req, resp, &err);
        return;
    }
    finish_officer(req, resp, "officer.update", &before, &after, 200);
}

/* GET /api/v1/officers/assignment?ids=1,2,3&date=YYYY-MM-DD — may this team
 * act on that day? Every finding at once (core/officers.h). */
void zf_api_officer_assignment(zf_req_t *req, zf_resp_t *resp) {
    ctx_t c;
    if (ctx_load(req, resp, &c) != 0) return;
    const char *ids = zf_req_query(req, "ids");
    zf_error_t err = {0};
    enum { MAX_TEAM = 20 };
    zf_officer_t members[MAX_TEAM];
    zf_officer_facts_t facts[MAX_TEAM];
    size_t n = 0;
    const char *p = ids ? ids : "";
    while (*p) {
        char *end;
        long long id = strtoll(p, &end, 10);
        if (end == p || id <= 0 || (*end && *end != ',') || n == MAX_TEAM) {
            zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", "ids",
                         "ids 应为以逗号分隔的执法人员编号（最多 %d 个）", MAX_TEAM);
            zf_api_fail(req, resp, &err);
            return;
        }
        int rc = zf_officer_get(c.db, req->arena, id, &members[n], &err);
        if (rc == 0)
            rc = zf_perm_check(zf_api_actor(req), "officer.read", members[n].unit_path, &err);
        if (rc != 0) {
            if (rc == ZF_ENOTFOUND)
                zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", "ids", "执法人员 %lld 不存在",
                             id);
            zf_api_fail(req, resp, &err);
            return;
        }
        zf_training_t *t;
        size_t nt;
        if (zf_trainings_list(c.db, req->arena, members[n].unit_path, members[n].id, &t, &nt,
                              &err) != 0) {
            zf_api_fail(req, resp, &err);
            return;
        }
        compliance_t comp =
            compute_compliance(&c, &members[n], t, nt, zf_day_year(c.today), req->arena);
        facts[n] = (zf_officer_facts_t){members[n].id,
                                        members[n].name,
                                        members[n].kind,
                                        members[n].status,
                                        members[n].cert_no,
                                        members[n].cert_issued_on,
                                        members[n].cert_expires_on,
                                        comp.onboarding_done_on};
        n++;
        p = *end ? end + 1 : end;
    }
    int counts[MAX_TEAM];
    zf_team_finding_t findings[ZF_TEAM_FINDINGS_MAX(MAX_TEAM)];
    size_t nf = 0, counted = 0;
    int rc = zf_team_check(&c.rules, c.today, facts, n, counts, findings, &nf, &counted);
    json_t *jm = json_array(), *jf = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(jm, json_pack("{s:I, s:s, s:s, s:b}", "id", (json_int_t)facts[i].id,
                                            "name", facts[i].name, "kind", facts[i].kind, "counts",
                                            counts[i]));
    for (size_t i = 0; i < nf; i++) {
        json_t *f = json_pack("{s:s, s:b, s:s}", "code", findings[i].code, "blocking",
                              findings[i].blocking, "reason", findings[i].reason);
        json_object_set_new(f, "officer_id",
                            findings[i].officer_id ? json_integer(findings[i].officer_id)
                                                   : json_null());
        json_array_append_new(jf, f);
    }
    zf_resp_json(req, resp, 200,
                 json_pack("{s:b, s:s, s:I, s:i, s:o, s:o}", "allowed", rc == 0, "date", c.today_s,
                           "counted", (json_int_t)counted, "required", c.rules.min_officers,
                           "members", jm, "findings", jf));
}

/* ---- training ---- */

void zf_api_trainings_list(zf_req_t *req, zf_resp_t *resp) {
    int limit;
    char *unused_path;
    int64_t after_id;
    int paged = page_params(req, resp, 't', &limit, &unused_path, &after_id);
    if (paged < 0) return;
    int64_t officer_id = 0;
    const char *q = zf_req_query(req, "officer_id");
    if (q && *q) {
        officer_id = zf_api_id_param(req, resp, "officer_id");
        if (!officer_id) return;
    }
    zf_error_t err = {0};
    zf_training_t *t;
    size_t n;
    int rc = paged ? zf_trainings_page(zf_api_db(req), req->arena, zf_api_actor(req)->scope_path,
                                       officer_id, after_id, limit + 1, &t, &n, &err)
                   : zf_trainings_list(zf_api_db(req), req->arena, zf_api_actor(req)->scope_path,
                                       officer_id, &t, &n, &err);
    if (rc != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    int more = paged && n > (size_t)limit;
    if (more) n = (size_t)limit;
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, training_json(&t[i]));
    json_t *next = more ? cursor_json(req->arena,
                                      zf_arena_printf(req->arena, "t|%lld", (long long)t[n - 1].id))
                        : json_null();
    zf_resp_json(req, resp, 200, json_pack("{s:o, s:o}", "items", arr, "next_cursor", next));
}

/* Monday–Friday days in [s, e]: the default training days of a record.
 * 1970-01-01 was a Thursday (weekday 3 with Monday 0). */
static int weekdays_between(zf_day_t s, zf_day_t e) {
    int n = 0;
    for (zf_day_t d = s; d <= e; d++)
        if (((d % 7) + 7 + 3) % 7 < 5) n++;
    return n;
}

void zf_api_training_create(zf_req_t *req, zf_resp_t *resp) {
    static const zf_field_t spec[] = {
        {"officer_id", ZF_FIELD_INT, 1, "执法人员", 0, 0},
        {"kind", ZF_FIELD_STRING, 1, "培训类别", 16, 1},
        {"start_date", ZF_FIELD_STRING, 1, "开始日期", 10, 10},
        {"end_date", ZF_FIELD_STRING, 1, "结束日期", 10, 10},
        {"days", ZF_FIELD_INT, 0, "培训天数", 0, 0},
        {"hours", ZF_FIELD_INT, 0, "学时", 0, 0},
        {"topic", ZF_FIELD_STRING, 1, "培训内容", 200, 1},
        {"provider", ZF_FIELD_STRING, 0, "培训机构", 100, 0},
    };
    json_t *body = zf_api_body(req, resp, spec, sizeof spec / sizeof spec[0]);
    if (!body) return;
    zf_db_t *db = zf_api_db(req);
    zf_error_t err = {0};
    zf_training_t in = {0}, out;
    zf_officer_t o;
    in.officer_id = json_integer_value(json_object_get(body, "officer_id"));
    in.kind = json_string_value(json_object_get(body, "kind"));
    in.start_date = json_string_value(json_object_get(body, "start_date"));
    in.end_date = json_string_value(json_object_get(body, "end_date"));
    in.topic = json_string_value(json_object_get(body, "topic"));
    in.provider = sfield(body, "provider", "");
    json_t *jd = json_object_get(body, "days"), *jh = json_object_get(body, "hours");
    zf_day_t s = 0, e = 0;
    int rc = 0;
    if (!LOOKUP(training_kinds, in.kind))
        rc = bad(&err, "kind", "培训类别应为 onboarding（入职培训）或 refresher（复训）", in.kind);
    if (!rc && zf_day_parse(in.start_date, &s) != 0)
        rc = check_date_field("start_date", "开始日期", in.start_date, &err);
    if (!rc && zf_day_parse(in.end_date, &e) != 0)
        rc = check_date_field("end_date", "结束日期", in.end_date, &err);
    if (!rc && e < s)
        rc = zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", "end_date",
                          "结束日期（%s）早于开始日期（%s）", in.end_date, in.start_date);
    if (!rc) {
        in.days = json_is_integer(jd) ? json_integer_value(jd) : weekdays_between(s, e);
        in.hours = json_is_integer(jh) ? json_integer_value(jh) : 0;
        if (in.days < 0 || in.days > (int64_t)(e - s + 1))
            rc = zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", "days",
                              "培训天数应在 0–%d 之间（不超过起止日期跨度）", (int)(e - s + 1));
        else if (in.hours < 0 || in.hours > 24 * (int64_t)(e - s + 1))
            rc = zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", "hours",
                              "学时超出起止日期可能的范围");
    }
    if (!rc) {
        rc = zf_officer_get(db, req->arena, in.officer_id, &o, &err);
        if (rc == ZF_ENOTFOUND)
            rc = zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", "officer_id",
                              "执法人员 %lld 不存在", (long long)in.officer_id);
    }
    if (!rc) rc = zf_perm_check(zf_api_actor(req), "training.write", o.unit_path, &err);
    if (!rc) rc = zf_db_begin(db, &err);
    if (!rc) rc = zf_training_insert(db, req->arena, &in, &out, &err);
    if (rc) {
        zf_api_abort(req, resp, &err);
        return;
    }
    json_t *ja = training_json(&out);
    zf_api_commit_change(req, resp, "training.create", "training", out.id, o.unit_id, NULL, ja,
                         json_incref(ja), 201);
}

/* ---- equipment ---- */

void zf_api_equipment_list(zf_req_t *req, zf_resp_t *resp) {
    int64_t unit_id = 0, officer_id = 0;
    const char *q = zf_req_query(req, "unit_id");
    if (q && *q) {
        unit_id = zf_api_id_param(req, resp, "unit_id");
        if (!unit_id) return;
    }
    q = zf_req_query(req, "officer_id");
    if (q && *q) {
        officer_id = zf_api_id_param(req, resp, "officer_id");
        if (!officer_id) return;
    }
    zf_error_t err = {0};
    zf_equipment_t *e;
    size_t n;
    if (zf_equipment_list(zf_api_db(req), req->arena, zf_api_actor(req)->scope_path, unit_id,
                          officer_id, &e, &n, &err) != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, equipment_json(&e[i]));
    zf_resp_json(req, resp, 200, json_pack("{s:o}", "items", arr));
}

static const zf_field_t equipment_fields[] = {
    {"version", ZF_FIELD_INT, 0, "版本号", 0, 0},
    {"unit_id", ZF_FIELD_INT, 0, "所属单位", 0, 0},
    {"officer_id", ZF_FIELD_INT, 0, "配发给", 0, 0},
    {"category", ZF_FIELD_STRING, 0, "装备类别", 32, 1},
    {"name", ZF_FIELD_STRING, 0, "名称型号", 100, 1},
    {"serial_no", ZF_FIELD_STRING, 0, "编号", 64, 0},
    {"status", ZF_FIELD_STRING, 0, "状态", 16, 1},
};

static int equipment_from_body(zf_req_t *req, json_t *body, zf_equipment_t *e, zf_error_t *err) {
    json_t *v;
    e->category = sfield(body, "category", e->category);
    e->name = sfield(body, "name", e->name);
    e->serial_no = sfield(body, "serial_no", e->serial_no);
    e->status = sfield(body, "status", e->status);
    int unit_given = 0;
    v = json_object_get(body, "unit_id");
    if (json_is_integer(v)) {
        e->unit_id = json_integer_value(v);
        unit_given = 1;
    }
    v = json_object_get(body, "officer_id");
    if (v) e->officer_id = json_is_integer(v) ? json_integer_value(v) : 0;
    if (!LOOKUP(equipment_categories, e->category))
        return bad(err, "category",
                   "装备类别无效（body_camera、mobile_terminal、vehicle、gas_detector、dust_"
                   "tester、protective_gear、other）",
                   e->category ? e->category : "");
    if (!e->name || !*e->name)
        return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", "name",
                            "缺少必填字段 name（名称型号）");
    if (!LOOKUP(equipment_statuses, e->status))
        return bad(err, "status", "状态应为 in_use、spare、repair 或 retired",
                   e->status ? e->status : "");
    if (e->officer_id) {
        zf_officer_t o;
        int found = zf_officer_get(zf_api_db(req), req->arena, e->officer_id, &o, err);
        if (found == ZF_ENOTFOUND)
            return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", "officer_id",
                                "执法人员 %lld 不存在", (long long)e->officer_id);
        if (found) return found;
        if (!unit_given && !e->unit_id) e->unit_id = o.unit_id;
        if (e->unit_id != o.unit_id)
            return zf_error_set(err, ZF_EINVAL, 400, "equipment.unit_mismatch", "officer_id",
                                "%s 属于%s，装备须登记在其所属单位", o.name, o.unit_name);
    }
    if (e->unit_id <= 0)
        return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", "unit_id",
                            "缺少必填字段 unit_id（所属单位）");
    zf_unit_t unit;
    int rc = check_write_unit(req, "equipment.write", e->unit_id, &unit, err);
    if (!rc) e->unit_path = unit.path;
    return rc;
}

static void finish_equipment(zf_req_t *req, zf_resp_t *resp, const char *action,
                             const zf_equipment_t *before, const zf_equipment_t *after,
                             int status) {
    json_t *jb = before ? equipment_json(before) : NULL;
    json_t *ja = equipment_json(after);
    zf_api_commit_change(req, resp, action, "equipment", after->id, after->unit_id, jb, ja,
                         json_incref(ja), status);
}

void zf_api_equipment_create(zf_req_t *req, zf_resp_t *resp) {
    json_t *body = zf_api_body(req, resp, equipment_fields,
                               sizeof equipment_fields / sizeof equipment_fields[0]);
    if (!body) return;
    zf_error_t err = {0};
    zf_equipment_t in = {.category = "", .name = "", .serial_no = "", .status = "in_use"}, out;
    zf_db_t *db = zf_api_db(req);
    int rc = 0;
    if (json_object_get(body, "version"))
        rc = zf_error_set(&err, ZF_EINVAL, 400, "input.unknown_field", "version",
                          "新建时不能提交 version");
    if (!rc) rc = equipment_from_body(req, body, &in, &err);
    if (!rc) rc = zf_db_begin(db, &err);
    if (!rc) rc = zf_equipment_insert(db, req->arena, &in, &out, &err);
    if (rc) {
        zf_api_abort(req, resp, &err);
        return;
    }
    finish_equipment(req, resp, "equipment.create", NULL, &out, 201);
}

void zf_api_equipment_update(zf_req_t *req, zf_resp_t *resp) {
    json_t *body = zf_api_body(req, resp, equipment_fields,
                               sizeof equipment_fields / sizeof equipment_fields[0]);
    if (!body) return;
    zf_error_t err = {0};
    int64_t id = zf_api_id_param(req, resp, "id");
    if (!id) return;
    zf_db_t *db = zf_api_db(req);
    zf_equipment_t before, in, out;
    int rc = 0;
    if (!json_is_integer(json_object_get(body, "version")))
        rc = zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", "version",
                          "缺少必填字段 version（版本号）");
    if (!rc) rc = zf_equipment_get(db, req->arena, id, &before, &err);
    if (!rc) rc = zf_perm_check(zf_api_actor(req), "equipment.write", before.unit_path, &err);
    if (!rc) {
        in = before;
        in.version = json_integer_value(json_object_get(body, "version"));
        rc = equipment_from_body(req, body, &in, &err);
    }
    if (!rc) rc = zf_db_begin(db, &err);
    if (!rc) rc = zf_equipment_update(db, req->arena, &in, &out, &err);
    if (rc) {
        zf_api_abort(req, resp, &err);
        return;
    }
    finish_equipment(req, resp, "equipment.update", &before, &out, 200);
}

void zf_api_equipment_standards(zf_req_t *req, zf_resp_t *resp) {
    zf_error_t err = {0};
    zf_equipment_standard_t *s;
    size_t n;
    if (zf_equipment_standards(zf_api_db(req), req->arena, &s, &n, &err) != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:I, s:I}", "unit_kind",
                                             s[i].unit_kind, "category", s[i].category, "label",
                                             s[i].label, "per_unit", (json_int_t)s[i].per_unit,
                                             "per_officer", (json_int_t)s[i].per_officer));
    zf_resp_json(req, resp, 200, json_pack("{s:o}", "items", arr));
}

/* ---- reports ---- */

/* Everything the reports work from, in the actor's scope. */
typedef struct scope_data {
    zf_unit_t *units;
    size_t nunits;
    zf_officer_t *officers;
    size_t nofficers;
    zf_training_t *trainings; /* by officer, start date */
    size_t ntrainings;
} scope_data_t;

static int scope_load(zf_req_t *req, const ctx_t *c, scope_data_t *d, int with_trainings,
                      zf_error_t *err) {
    const char *scope = zf_api_actor(req)->scope_path;
    memset(d, 0, sizeof *d);
    int rc = zf_units_list(c->db, req->arena, scope, &d->units, &d->nunits, err);
    if (!rc)
        rc = zf_officers_list(c->db, req->arena, scope, 0, NULL, NULL, NULL, &d->officers,
                              &d->nofficers, err);
    if (!rc && with_trainings)
        rc = zf_trainings_list(c->db, req->arena, scope, 0, &d->trainings, &d->ntrainings, err);
    return rc;
}

/* The officer's training records: a slice of d->trainings. */
static const zf_training_t *trainings_of(const scope_data_t *d, int64_t officer_id, size_t *n) {
    size_t i = 0;
    while (i < d->ntrainings && d->trainings[i].officer_id != officer_id)
        i++;
    size_t j = i;
    while (j < d->ntrainings && d->trainings[j].officer_id == officer_id)
        j++;
    *n = j - i;
    return d->trainings + i;
}

static int counts_toward_ratio(const zf_officer_t *o) {
    return strcmp(o->kind, "officer") == 0 && strcmp(o->status, "serving") == 0;
}

static int report_year(zf_req_t *req, zf_resp_t *resp, const ctx_t *c, int *year) {
    const char *y = zf_req_query(req, "year");
    *year = zf_day_year(c->today);
    if (y && *y) {
        char *end;
        long v = strtol(y, &end, 10);
        if (*end || v < 1990 || v > 2100) {
            zf_error_t err = {0};
            zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", "year", "年度“%s”无效", y);
            zf_api_fail(req, resp, &err);
            return -1;
        }
        *year = (int)v;
    }
    return 0;
}

/* GET /api/v1/reports/training?year=&date=&unit_id= — every serving
 * officer's onboarding and refresher status with the shortfall in days,
 * plus their certificate state; `short` lists those short of either.
 * unit_id (within the caller's scope): that unit and the units under it,
 * the dashboard's unit filter. */
void zf_api_report_training(zf_req_t *req, zf_resp_t *resp) {
    ctx_t c;
    int year;
    if (ctx_load(req, resp, &c) != 0 || report_year(req, resp, &c, &year) != 0) return;
    zf_error_t err = {0};
    const char *under = NULL;
    const char *qu = zf_req_query(req, "unit_id");
    if (qu && *qu) {
        int64_t uid = zf_api_id_param(req, resp, "unit_id");
        if (!uid) return;
        zf_unit_t u;
        int rc = zf_unit_get(c.db, req->arena, uid, &u, &err);
        if (rc == ZF_ENOTFOUND)
            rc = zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", "unit_id", "单位 %lld 不存在",
                              (long long)uid);
        if (rc == 0) rc = zf_perm_check(zf_api_actor(req), "officer.report", u.path, &err);
        if (rc != 0) {
            zf_api_fail(req, resp, &err);
            return;
        }
        under = u.path;
    }
    scope_data_t d;
    if (scope_load(req, &c, &d, 1, &err) != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    json_t *items = json_array();
    size_t nshort = 0;
    for (size_t i = 0; i < d.nofficers; i++) {
        const zf_officer_t *o = &d.officers[i];
        if (!counts_toward_ratio(o)) continue;
        if (under && strncmp(o->unit_path, under, strlen(under)) != 0) continue;
        size_t nt;
        const zf_training_t *t = trainings_of(&d, o->id, &nt);
        compliance_t comp = compute_compliance(&c, o, t, nt, year, req->arena);
        json_t *cj = compliance_json(&c, &comp);
        int is_short =
            !json_is_true(json_object_get(json_object_get(cj, "onboarding"), "complete")) ||
            !json_is_true(json_object_get(json_object_get(cj, "refresher"), "complete"));
        nshort += is_short;
        json_t *row = officer_json(&c, o);
        json_object_set_new(row, "compliance", cj);
        json_object_set_new(row, "short", json_boolean(is_short));
        json_array_append_new(items, row);
    }
    zf_resp_json(req, resp, 200,
                 json_pack("{s:s, s:i, s:{s:i, s:i}, s:I, s:I, s:o}", "date", c.today_s, "year",
                           year, "rules", "onboarding_months", c.rules.onboarding_months,
                           "refresher_days_per_year", c.rules.refresher_days_per_year, "total",
                           (json_int_t)json_array_size(items), "short_count", (json_int_t)nshort,
                           "items", items));
}

/* GET /api/v1/reports/certificates?date= — certificates expired, expiring
 * within the alert window, or missing, of serving officers; nearest first. */
void zf_api_report_certificates(zf_req_t *req, zf_resp_t *resp) {
    ctx_t c;
    if (ctx_load(req, resp, &c) != 0) return;
    zf_error_t err = {0};
    scope_data_t d;
    if (scope_load(req, &c, &d, 0, &err) != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    json_t *items = json_array();
    /* two passes keep the order: expired and missing first, then expiring */
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < d.nofficers; i++) {
            const zf_officer_t *o = &d.officers[i];
            if (!counts_toward_ratio(o)) continue;
            int left;
            const char *st = zf_cert_state(&c.rules, c.today, o->cert_no, o->cert_issued_on,
                                           o->cert_expires_on, &left);
            int urgent = strcmp(st, "expired") == 0 || strcmp(st, "missing") == 0 ||
                         strcmp(st, "not_yet_valid") == 0;
            if ((pass == 0 && urgent) || (pass == 1 && strcmp(st, "expiring") == 0))
                json_array_append_new(items, officer_json(&c, o));
        }
    zf_resp_json(req, resp, 200,
                 json_pack("{s:s, s:i, s:o}", "date", c.today_s, "alert_days",
                           c.rules.cert_alert_days, "items", items));
}

/* GET /api/v1/reports/professional-ratio — per unit and district-wide,
 * against the target, with the list behind each number. */
void zf_api_report_ratio(zf_req_t *req, zf_resp_t *resp) {
    ctx_t c;
    if (ctx_load(req, resp, &c) != 0) return;
    zf_error_t err = {0};
    scope_data_t d;
    if (scope_load(req, &c, &d, 0, &err) != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    json_t *units = json_array();
    int64_t all_total = 0, all_prof = 0;
    for (size_t u = 0; u < d.nunits; u++) {
        int64_t total = 0, prof = 0;
        json_t *people = json_array();
        for (size_t i = 0; i < d.nofficers; i++) {
            const zf_officer_t *o = &d.officers[i];
            if (o->unit_id != d.units[u].id || !counts_toward_ratio(o)) continue;
            int p = zf_officer_is_professional(&c.rules, o->education_relevant, o->qualifications,
                                               o->practice_years);
            total++;
            prof += p;
            json_array_append_new(
                people,
                json_pack("{s:I, s:s, s:s, s:b, s:s, s:I, s:b}", "id", (json_int_t)o->id, "name",
                          o->name, "education", o->education, "education_relevant",
                          o->education_relevant, "qualifications", o->qualifications,
                          "practice_years", (json_int_t)o->practice_years, "professional", p));
        }
        all_total += total;
        all_prof += prof;
        if (total == 0) {
            json_decref(people);
            continue;
        }
        json_array_append_new(units,
                              json_pack("{s:{s:I, s:s, s:s}, s:I, s:I, s:I, s:b, s:o}", "unit",
                                        "id", (json_int_t)d.units[u].id, "name", d.units[u].name,
                                        "code", d.units[u].code, "total", (json_int_t)total,
                                        "professional", (json_int_t)prof, "permille",
                                        (json_int_t)zf_ratio_permille(prof, total), "meets",
                                        zf_ratio_meets(prof, total, c.rules.ratio_target_permille),
                                        "officers", people));
    }
    zf_resp_json(req, resp, 200,
                 json_pack("{s:s, s:i, s:{s:I, s:I, s:I, s:b}, s:o}", "date", c.today_s,
                           "target_permille", c.rules.ratio_target_permille, "overall", "total",
                           (json_int_t)all_total, "professional", (json_int_t)all_prof, "permille",
                           (json_int_t)zf_ratio_permille(all_prof, all_total), "meets",
                           zf_ratio_meets(all_prof, all_total, c.rules.ratio_target_permille),
                           "units", units));
}

/* Staffing rows, shared by the JSON and XLSX answers. The performance
 * review covers the calendar year of the report's date: inspections done
 * and distinct enterprises inspected come from the inspection ledger
 * (entries marked done, by the inspecting unit and by the officers on the
 * team); cases stay 0 until the case module records them. */
typedef struct staffing_row {
    const zf_unit_t *unit;
    int64_t authorised; /* -1 unset */
    int64_t posts_version;
    int64_t officers, auxiliaries, experts;
    int64_t inspections, cases, enterprises;
} staffing_row_t;

typedef struct work_data {
    zf_work_count_t *units, *officers;
    size_t nunits, nofficers;
} work_data_t;

static const zf_work_count_t *work_of(const zf_work_count_t *w, size_t n, int64_t id) {
    for (size_t i = 0; i < n; i++)
        if (w[i].id == id) return &w[i];
    return NULL;
}

static int staffing_rows(zf_req_t *req, const ctx_t *c, scope_data_t *d, work_data_t *w,
                         staffing_row_t **out, size_t *n, zf_error_t *err) {
    int rc = scope_load(req, c, d, 0, err);
    if (!rc)
        rc = zf_work_counts(c->db, req->arena, zf_day_year(c->today), &w->units, &w->nunits,
                            &w->officers, &w->nofficers, err);
    if (rc) return rc;
    staffing_row_t *rows = zf_arena_alloc(req->arena, (d->nunits ? d->nunits : 1) * sizeof *rows);
    size_t k = 0;
    for (size_t u = 0; u < d->nunits; u++) {
        /* posts are held by units that enforce: brigade, townships, devzone */
        const char *kind = d->units[u].kind;
        if (strcmp(kind, "brigade") != 0 && strcmp(kind, "township") != 0 &&
            strcmp(kind, "devzone") != 0)
            continue;
        staffing_row_t *r = &rows[k++];
        memset(r, 0, sizeof *r);
        r->unit = &d->units[u];
        zf_unit_posts_t p;
        rc = zf_unit_posts_get(c->db, d->units[u].id, &p, err);
        if (rc) return rc;
        r->authorised = p.authorised;
        r->posts_version = p.version;
        const zf_work_count_t *wu = work_of(w->units, w->nunits, d->units[u].id);
        if (wu) {
            r->inspections = wu->inspections;
            r->enterprises = wu->enterprises;
        }
        for (size_t i = 0; i < d->nofficers; i++) {
            const zf_officer_t *o = &d->officers[i];
            if (o->unit_id != d->units[u].id || strcmp(o->status, "serving") != 0) continue;
            if (strcmp(o->kind, "officer") == 0)
                r->officers++;
            else if (strcmp(o->kind, "auxiliary") == 0)
                r->auxiliaries++;
            else
                r->experts++;
        }
    }
    *out = rows;
    *n = k;
    return 0;
}

void zf_api_report_staffing(zf_req_t *req, zf_resp_t *resp) {
    ctx_t c;
    if (ctx_load(req, resp, &c) != 0) return;
    zf_error_t err = {0};
    scope_data_t d;
    work_data_t w;
    staffing_row_t *rows;
    size_t n;
    if (staffing_rows(req, &c, &d, &w, &rows, &n, &err) != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    json_t *units = json_array(), *people = json_array();
    for (size_t i = 0; i < n; i++) {
        const staffing_row_t *r = &rows[i];
        json_t *row = json_pack(
            "{s:{s:I, s:s, s:s, s:s}, s:o, s:I, s:I, s:I, s:I, s:o, s:I, s:I, s:I}", "unit", "id",
            (json_int_t)r->unit->id, "name", r->unit->name, "code", r->unit->code, "kind",
            r->unit->kind, "authorised",
            r->authorised >= 0 ? json_integer(r->authorised) : json_null(), "posts_version",
            (json_int_t)r->posts_version, "officers", (json_int_t)r->officers, "auxiliaries",
            (json_int_t)r->auxiliaries, "experts", (json_int_t)r->experts, "vacancies",
            r->authorised >= 0 ? json_integer(r->authorised - r->officers) : json_null(),
            "inspections", (json_int_t)r->inspections, "cases", (json_int_t)r->cases, "enterprises",
            (json_int_t)r->enterprises);
        json_array_append_new(units, row);
    }
    for (size_t i = 0; i < d.nofficers; i++) {
        const zf_officer_t *o = &d.officers[i];
        if (strcmp(o->status, "serving") != 0 || strcmp(o->kind, "officer") != 0) continue;
        const zf_work_count_t *wo = work_of(w.officers, w.nofficers, o->id);
        json_array_append_new(
            people, json_pack("{s:I, s:s, s:s, s:I, s:I, s:I}", "id", (json_int_t)o->id, "name",
                              o->name, "unit", o->unit_name, "inspections",
                              (json_int_t)(wo ? wo->inspections : 0), "cases", (json_int_t)0,
                              "enterprises", (json_int_t)(wo ? wo->enterprises : 0)));
    }
    zf_resp_json(
        req, resp, 200,
        json_pack("{s:s, s:o, s:o}", "date", c.today_s, "units", units, "officers", people));
}

/* GET /api/v1/reports/staffing.xlsx — the same review as a workbook: sheet
 * 单位 (posts, people, work per officer) and sheet 人员. */
void zf_api_report_staffing_xlsx(zf_req_t *req, zf_resp_t *resp) {
    ctx_t c;
    if (ctx_load(req, resp, &c) != 0) return;
    zf_error_t err = {0};
    scope_data_t d;
    work_data_t w;
    staffing_row_t *rows;
    size_t n;
    if (staffing_rows(req, &c, &d, &w, &rows, &n, &err) != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    const char *path = zf_api_download_path(req, "staffing", "xlsx", &err);
    if (!path) {
        zf_api_fail(req, resp, &err);
        return;
    }
    lxw_workbook *wb = workbook_new(path);
    lxw_worksheet *ws = wb ? workbook_add_worksheet(wb, "单位") : NULL;
    lxw_worksheet *wp = wb ? workbook_add_worksheet(wb, "人员") : NULL;
    if (!ws || !wp) {
        if (wb) workbook_close(wb);
        zf_error_set(&err, ZF_EIO, 500, "export.failed", NULL, "无法创建工作簿");
        zf_api_fail(req, resp, &err);
        return;
    }
    lxw_format *head = workbook_add_format(wb);
    format_set_bold(head);
    static const char *cols[] = {"单位",         "代码",     "核定编制", "在岗执法人员",
                                 "执法辅助人员", "空编",     "检查次数", "案件数",
                                 "企业数",       "人均检查", "人均案件", "人均企业"};
    for (int i = 0; i < 12; i++)
        worksheet_write_string(ws, 0, (lxw_col_t)i, cols[i], head);
    worksheet_set_column(ws, 0, 0, 32, NULL);
    for (size_t i = 0; i < n; i++) {
        const staffing_row_t *r = &rows[i];
        lxw_row_t row = (lxw_row_t)(i + 1);
        worksheet_write_string(ws, row, 0, r->unit->name, NULL);
        worksheet_write_string(ws, row, 1, r->unit->code, NULL);
        if (r->authorised >= 0) worksheet_write_number(ws, row, 2, (double)r->authorised, NULL);
        worksheet_write_number(ws, row, 3, (double)r->officers, NULL);
        worksheet_write_number(ws, row, 4, (double)r->auxiliaries, NULL);
        if (r->authorised >= 0)
            worksheet_write_number(ws, row, 5, (double)(r->authorised - r->officers), NULL);
        worksheet_write_number(ws, row, 6, (double)r->inspections, NULL);
        worksheet_write_number(ws, row, 7, (double)r->cases, NULL);
        worksheet_write_number(ws, row, 8, (double)r->enterprises, NULL);
        /* per officer, two decimals, computed in integers (hundredths) */
        int64_t per[3] = {r->inspections, r->cases, r->enterprises};
        for (int k = 0; k < 3; k++) {
            char buf[32];
            int64_t h = r->officers ? per[k] * 100 / r->officers : 0;
            snprintf(buf, sizeof buf, "%lld.%02lld", (long long)(h / 100), (long long)(h % 100));
            worksheet_write_string(ws, row, (lxw_col_t)(9 + k), buf, NULL);
        }
    }
    static const char *pcols[] = {"姓名",     "单位",   "执法证号", "有效期至",
                                  "检查次数", "案件数", "企业数"};
    for (int i = 0; i < 7; i++)
        worksheet_write_string(wp, 0, (lxw_col_t)i, pcols[i], head);
    lxw_row_t prow = 1;
    for (size_t i = 0; i < d.nofficers; i++) {
        const zf_officer_t *o = &d.officers[i];
        if (strcmp(o->status, "serving") != 0 || strcmp(o->kind, "officer") != 0) continue;
        worksheet_write_string(wp, prow, 0, o->name, NULL);
        worksheet_write_string(wp, prow, 1, o->unit_name, NULL);
        worksheet_write_string(wp, prow, 2, o->cert_no, NULL);
        worksheet_write_string(wp, prow, 3, o->cert_expires_on, NULL);
        const zf_work_count_t *wo = work_of(w.officers, w.nofficers, o->id);
        worksheet_write_number(wp, prow, 4, wo ? (double)wo->inspections : 0, NULL);
        worksheet_write_number(wp, prow, 5, 0, NULL); /* cases: the case module */
        worksheet_write_number(wp, prow, 6, wo ? (double)wo->enterprises : 0, NULL);
        prow++;
    }
    lxw_error lerr = workbook_close(wb);
    if (lerr != LXW_NO_ERROR) {
        zf_error_set(&err, ZF_EIO, 500, "export.failed", NULL, "导出工作簿失败：%s",
                     lxw_strerror(lerr));
        zf_api_fail(req, resp, &err);
        return;
    }
    zf_api_download_send(req, resp, path, "xlsx",
                         zf_arena_printf(req->arena, "staffing-%s", c.today_s), NULL);
}

/* PUT /api/v1/officers/posts/{unit_id} {"version","authorised"} — set a
 * unit's authorised posts (编制). */
void zf_api_unit_posts_set(zf_req_t *req, zf_resp_t *resp) {
    static const zf_field_t spec[] = {
        {"version", ZF_FIELD_INT, 1, "版本号", 0, 0},
        {"authorised", ZF_FIELD_INT, 1, "核定编制", 0, 0},
    };
    json_t *body = zf_api_body(req, resp, spec, 2);
    if (!body) return;
    int64_t unit_id = zf_api_id_param(req, resp, "unit_id");
    if (!unit_id) return;
    zf_db_t *db = zf_api_db(req);
    zf_error_t err = {0};
    zf_unit_t unit;
    zf_unit_posts_t before, after;
    int64_t authorised = json_integer_value(json_object_get(body, "authorised"));
    int rc = 0;
    if (authorised < 0 || authorised > 10000)
        rc = zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", "authorised",
                          "核定编制应在 0–10000 之间");
    if (!rc && zf_unit_get(db, req->arena, unit_id, &unit, &err) != 0) rc = ZF_ENOTFOUND;
    if (!rc) rc = zf_perm_check(zf_api_actor(req), "officer.write", unit.path, &err);
    if (!rc) rc = zf_db_begin(db, &err);
    if (!rc) rc = zf_unit_posts_get(db, unit_id, &before, &err);
    if (!rc)
        rc = zf_unit_posts_set(db, unit_id, json_integer_value(json_object_get(body, "version")),
                               authorised, &after, &err);
    if (rc) {
        zf_api_abort(req, resp, &err);
        return;
    }
    json_t *jb = before.version
                     ? json_pack("{s:I, s:s, s:I, s:I}", "unit_id", (json_int_t)unit_id, "name",
                                 unit.name, "authorised", (json_int_t)before.authorised, "version",
                                 (json_int_t)before.version)
                     : NULL;
    json_t *ja =
        json_pack("{s:I, s:s, s:I, s:I}", "unit_id", (json_int_t)unit_id, "name", unit.name,
                  "authorised", (json_int_t)after.authorised, "version", (json_int_t)after.version);
    zf_api_commit_change(req, resp, "posts.update", "unit_posts", unit_id, unit_id, jb, ja,
                         json_incref(ja), 200);
}

/* GET /api/v1/reports/equipment-shortfall — per unit, each category of the
 * standard for its kind: required (per unit + per serving officer), held
 * (in use or spare), lacking. */
void zf_api_report_equipment(zf_req_t *req, zf_resp_t *resp) {
    ctx_t c;
    if (ctx_load(req, resp, &c) != 0) return;
    zf_error_t err = {0};
    scope_data_t d;
    zf_equipment_standard_t *std;
    zf_equipment_t *eq;
    size_t nstd, neq;
    if (scope_load(req, &c, &d, 0, &err) != 0 ||
        zf_equipment_standards(c.db, req->arena, &std, &nstd, &err) != 0 ||
        zf_equipment_list(c.db, req->arena, zf_api_actor(req)->scope_path, 0, 0, &eq, &neq, &err) !=
            0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    json_t *units = json_array();
    int64_t units_short = 0;
    for (size_t u = 0; u < d.nunits; u++) {
        int64_t serving = 0;
        for (size_t i = 0; i < d.nofficers; i++)
            if (d.officers[i].unit_id == d.units[u].id && counts_toward_ratio(&d.officers[i]))
                serving++;
        json_t *lines = json_array();
        int64_t lacking_total = 0;
        for (size_t s = 0; s < nstd; s++) {
            if (strcmp(std[s].unit_kind, d.units[u].kind) != 0) continue;
            int64_t required = std[s].per_unit + std[s].per_officer * serving;
            int64_t held = 0;
            for (size_t i = 0; i < neq; i++)
                if (eq[i].unit_id == d.units[u].id &&
                    strcmp(eq[i].category, std[s].category) == 0 &&
                    (strcmp(eq[i].status, "in_use") == 0 || strcmp(eq[i].status, "spare") == 0))
                    held++;
            int64_t lacking = required > held ? required - held : 0;
            lacking_total += lacking;
            json_array_append_new(
                lines, json_pack("{s:s, s:s, s:I, s:I, s:I, s:I, s:I}", "category", std[s].category,
                                 "label", std[s].label, "per_unit", (json_int_t)std[s].per_unit,
                                 "per_officer", (json_int_t)std[s].per_officer, "required",
                                 (json_int_t)required, "held", (json_int_t)held, "lacking",
                                 (json_int_t)lacking));
        }
        if (json_array_size(lines) == 0) {
            json_decref(lines);
            continue;
        }
        units_short += lacking_total > 0;
        json_array_append_new(units,
                              json_pack("{s:{s:I, s:s, s:s, s:s}, s:I, s:I, s:o}", "unit", "id",
                                        (json_int_t)d.units[u].id, "name", d.units[u].name, "code",
                                        d.units[u].code, "kind", d.units[u].kind,
                                        "serving_officers", (json_int_t)serving, "lacking",
                                        (json_int_t)lacking_total, "lines", lines));
    }
    zf_resp_json(req, resp, 200,
                 json_pack("{s:s, s:I, s:o}", "date", c.today_s, "units_short",
                           (json_int_t)units_short, "units", units));
}

/* ---- dated settings of the officer rules (officer_settings) ----
 * GET /api/v1/officer-settings: every dated value with its source, the one
 * in force today marked; POST (admin only, officer.settings): a new value
 * from a date. A value is never changed in place: past decisions (who could
 * act on a day, who was short of training) stay reproducible. */
static const struct {
    const char *key, *label, *unit;
    int min, max;
} setting_keys[] = {
    /* 行政处罚法 第42条: 执法人员不得少于两人 — configuration may only raise it */
    {"min_officers", "执法时最少执法人员数", "人", 2, 10},
    {"onboarding_months", "入职培训时长", "月", 0, 24},
    {"refresher_days_per_year", "每年复训天数", "日", 0, 60},
    {"ratio_target_permille", "专业人员比例目标", "‰", 0, 1000},
    {"practice_years_min", "计为实践经验的最少年限", "年", 0, 40},
    {"cert_alert_days", "执法证到期预警天数", "日", 1, 365},
};

static int setting_index(const char *key) {
    for (size_t i = 0; key && i < sizeof setting_keys / sizeof setting_keys[0]; i++)
        if (strcmp(setting_keys[i].key, key) == 0) return (int)i;
    return -1;
}

static json_t *setting_json(const zf_officer_setting_t *r, int in_force) {
    int k = setting_index(r->key);
    return json_pack("{s:s, s:s, s:s, s:I, s:s, s:s, s:b}", "key", r->key, "label",
                     k >= 0 ? setting_keys[k].label : r->key, "unit",
                     k >= 0 ? setting_keys[k].unit : "", "value", (json_int_t)r->value,
                     "effective_from", r->effective_from, "source", r->source, "in_force",
                     in_force);
}

void zf_api_officer_settings_list(zf_req_t *req, zf_resp_t *resp) {
    ctx_t c;
    if (ctx_load(req, resp, &c) != 0) return;
    zf_error_t err = {0};
    zf_officer_setting_t *rows;
    size_t n;
    if (zf_officer_settings_all(c.db, req->arena, &rows, &n, &err) != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++) {
        /* rows are by key then date: in force = the last one on or before today */
        int in_force = strcmp(rows[i].effective_from, c.today_s) <= 0 &&
                       (i + 1 == n || strcmp(rows[i + 1].key, rows[i].key) != 0 ||
                        strcmp(rows[i + 1].effective_from, c.today_s) > 0);
        json_array_append_new(arr, setting_json(&rows[i], in_force));
    }
    json_t *keys = json_array();
    for (size_t i = 0; i < sizeof setting_keys / sizeof setting_keys[0]; i++)
        json_array_append_new(keys, json_pack("{s:s, s:s, s:s, s:i, s:i}", "key",
                                              setting_keys[i].key, "label", setting_keys[i].label,
                                              "unit", setting_keys[i].unit, "min",
                                              setting_keys[i].min, "max", setting_keys[i].max));
    zf_resp_json(req, resp, 200,
                 json_pack("{s:o, s:o, s:s}", "items", arr, "keys", keys, "date", c.today_s));
}

static const zf_field_t setting_fields[] = {
    {"key", ZF_FIELD_STRING, 1, "参数", 64, 1},
    {"value", ZF_FIELD_INT, 1, "数值", 0, 0},
    {"effective_from", ZF_FIELD_STRING, 1, "生效日期", 10, 10},
    {"source", ZF_FIELD_STRING, 1, "依据", 500, 1},
};

void zf_api_officer_setting_create(zf_req_t *req, zf_resp_t *resp) {
    json_t *body =
        zf_api_body(req, resp, setting_fields, sizeof setting_fields / sizeof setting_fields[0]);
    if (!body) return;
    zf_error_t err = {0};
    zf_db_t *db = zf_api_db(req);
    zf_officer_setting_t in = {
        .key = json_string_value(json_object_get(body, "key")),
        .effective_from = json_string_value(json_object_get(body, "effective_from")),
        .source = json_string_value(json_object_get(body, "source")),
        .value = json_integer_value(json_object_get(body, "value")),
    };
    int k = setting_index(in.key);
    zf_day_t day;
    int rc = zf_perm_check(zf_api_actor(req), "officer.settings", NULL, &err);
    if (!rc && k < 0) {
        rc = bad(&err, "key",
                 "参数无效（min_officers、onboarding_months、refresher_days_per_year、ratio_"
                 "target_permille、practice_years_min、cert_alert_days）",
                 in.key);
    } else if (!rc && (in.value < setting_keys[k].min || in.value > setting_keys[k].max)) {
        rc = zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", "value", "%s应为 %d–%d%s%s",
                          setting_keys[k].label, setting_keys[k].min, setting_keys[k].max,
                          setting_keys[k].unit,
                          k == 0 ? "（行政处罚法第42条：执法人员不得少于两人）" : "");
    }
    if (!rc && zf_day_parse(in.effective_from, &day) != 0)
        rc = bad(&err, "effective_from", "生效日期应为 YYYY-MM-DD", in.effective_from);
    if (!rc) rc = zf_db_begin(db, &err);
    if (!rc) rc = zf_officer_setting_insert(db, &in, &err);
    if (rc) {
        zf_api_abort(req, resp, &err);
        return;
    }
    json_t *j = setting_json(&in, 0);
    json_object_del(j, "in_force");
    zf_log_entry_t e = {
        .actor_id = zf_api_actor(req)->user_id,
        .action = "officer.setting",
        .object_type = "officer_setting",
        .object_id = in.key,
        .after = j,
    };
    zf_api_commit(req, resp, &e, 201, json_incref(j));
    json_decref(j);
}
