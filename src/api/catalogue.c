/* catalogue.c — the catalogue of enforcement items over HTTP (R2, R8, R9):
 * list with filters, one item with all its versions, the version in force
 * on a date, create, new version, and "may I use this item" (R2).
 *
 * The catalogue is one per installation (the district's law), so it belongs
 * to no unit: everyone signed in reads it (catalogue.read), admin and the
 * legal reviewers keep it (catalogue.write, checked by role); there is no
 * unit to be out of scope of. Every write is logged with the version it
 * stored, in the same transaction (R22). */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api/api.h"
#include "core/catalogue.h"

static const char *const domains[] = {"危化",     "烟花爆竹", "矿山",     "工贸",
                                      "通用",     "地质灾害", "水旱灾害", "森林火灾",
                                      "防震减灾", "应急救援", "其他"};

void zf_api_today(char out[11]) {
    /* Dates of legal meaning are local (China, UTC+8, no DST). */
    time_t t = time(NULL) + 8 * 3600;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 11, "%Y-%m-%d", &tm);
}

static json_t *opt_int(int has, int64_t v) { return has ? json_integer(v) : json_null(); }

json_t *zf_api_catalogue_version_json(const zf_cat_version_t *v) {
    json_t *tiers = NULL;
    if (v->tiers) tiers = json_loads(v->tiers, 0, NULL);
    json_t *o = json_pack(
        "{s:I, s:s, s:i, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:o, s:o, s:o, s:o, s:o, "
        "s:s, s:b, s:s, s:s, s:o, s:s, s:s}",
        "id", (json_int_t)v->id, "code", v->code, "version", v->version, "effective_from",
        v->effective_from, "domain", v->domain, "title", v->title, "violation_basis",
        v->violation_basis, "penalty_basis", v->penalty_basis, "kind", v->kind, "target", v->target,
        "per_person", v->per_person, "fine_min", opt_int(v->has_min, v->fine_min), "fine_max",
        opt_int(v->has_max, v->fine_max), "gains_threshold",
        opt_int(v->gains_mult_max > 0, v->gains_threshold), "gains_mult_min",
        opt_int(v->gains_mult_max > 0, v->gains_mult_min), "gains_mult_max",
        opt_int(v->gains_mult_max > 0, v->gains_mult_max), "other_measures", v->other_measures,
        "delegable", v->delegable, "delegation_note", v->delegation_note, "notes", v->notes,
        "tiers", tiers ? tiers : json_null(), "reason", v->reason, "created_at", v->created_at);
    json_t *rule = v->fine_rule ? json_loads(v->fine_rule, 0, NULL) : NULL;
    json_object_set_new(o, "fine_rule", rule ? rule : json_null());
    return o;
}

/* A date query parameter (default today); NULL after answering 400. */
static const char *date_param(zf_req_t *req, zf_resp_t *resp, const char *name) {
    const char *d = zf_req_query(req, name);
    if (!d || !*d) {
        char *today = zf_arena_alloc(req->arena, 11);
        zf_api_today(today);
        return today;
    }
    if (!zf_disc_date_valid(d)) {
        zf_error_t err;
        zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", name,
                     "参数 %s 应为日期 YYYY-MM-DD，收到“%s”", name, d);
        zf_api_fail(req, resp, &err);
        return NULL;
    }
    return d;
}

void zf_api_catalogue_list(zf_req_t *req, zf_resp_t *resp) {
    zf_cat_filter_t f = {.delegable = -1, .limit = 200};
    if (!(f.date = date_param(req, resp, "date"))) return;
    f.domain = zf_req_query(req, "domain");
    f.kind = zf_req_query(req, "kind");
    f.q = zf_req_query(req, "q");
    f.after = zf_req_query(req, "after");
    const char *deleg = zf_req_query(req, "delegable");
    zf_error_t err = {0};
    if (deleg && *deleg) {
        if (strcmp(deleg, "true") == 0 || strcmp(deleg, "1") == 0)
            f.delegable = 1;
        else if (strcmp(deleg, "false") == 0 || strcmp(deleg, "0") == 0)
            f.delegable = 0;
        else {
            zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", "delegable",
                         "参数 delegable 应为 true 或 false");
            zf_api_fail(req, resp, &err);
            return;
        }
    }
    const char *lim = zf_req_query(req, "limit");
    if (lim && *lim) {
        char *end;
        long v = strtol(lim, &end, 10);
        if (*end || v < 1 || v > 500) {
            zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", "limit",
                         "参数 limit 应为 1 至 500 的整数");
            zf_api_fail(req, resp, &err);
            return;
        }
        f.limit = (int)v;
    }
    zf_cat_version_t *items;
    size_t n;
    if (zf_catalogue_list(zf_api_db(req), req->arena, &f, &items, &n, &err) != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, zf_api_catalogue_version_json(&items[i]));
    /* keyset paging: the next page starts after the last code */
    json_t *next = n == (size_t)f.limit && n > 0 ? json_string(items[n - 1].code) : json_null();
    zf_resp_json(req, resp, 200,
                 json_pack("{s:o, s:s, s:o}", "items", arr, "date", f.date, "next_after", next));
}

void zf_api_catalogue_get(zf_req_t *req, zf_resp_t *resp) {
    const char *code = zf_req_param(req, "code");
    zf_cat_version_t *vs;
    size_t n;
    zf_error_t err = {0};
    if (zf_catalogue_versions(zf_api_db(req), req->arena, code, &vs, &n, &err) != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    char today[11];
    zf_api_today(today);
    const char **dates = zf_arena_alloc(req->arena, (n ? n : 1) * sizeof *dates);
    for (size_t i = 0; i < n; i++)
        dates[i] = vs[i].effective_from;
    int cur = zf_catalogue_in_force(dates, n, today);
    json_t *arr = json_array();
    for (size_t i = n; i-- > 0;) { /* newest first */
        json_t *j = zf_api_catalogue_version_json(&vs[i]);
        json_object_set_new(j, "in_force", json_boolean((int)i == cur));
        json_array_append_new(arr, j);
    }
    json_t *current = cur >= 0 ? zf_api_catalogue_version_json(&vs[cur]) : json_null();
    zf_resp_json(req, resp, 200,
                 json_pack("{s:s, s:s, s:o, s:o}", "code", code, "today", today, "current", current,
                           "versions", arr));
}

void zf_api_catalogue_lookup(zf_req_t *req, zf_resp_t *resp) {
    const char *date = date_param(req, resp, "date");
    if (!date) return;
    zf_cat_version_t v;
    zf_error_t err = {0};
    if (zf_catalogue_at(zf_api_db(req), req->arena, zf_req_param(req, "code"), date, &v, &err)) {
        zf_api_fail(req, resp, &err);
        return;
    }
    json_t *j = zf_api_catalogue_version_json(&v);
    json_object_set_new(j, "date", json_string(date));
    zf_resp_json(req, resp, 200, j);
}

void zf_api_catalogue_use_check(zf_req_t *req, zf_resp_t *resp) {
    const char *date = date_param(req, resp, "date");
    if (!date) return;
    zf_cat_version_t v;
    zf_error_t err = {0};
    if (zf_catalogue_at(zf_api_db(req), req->arena, zf_req_param(req, "code"), date, &v, &err)) {
        zf_api_fail(req, resp, &err);
        return;
    }
    zf_cat_use_t use = {.code = v.code,
                        .title = v.title,
                        .delegable = v.delegable,
                        .violation_basis = v.violation_basis,
                        .penalty_basis = v.penalty_basis};
    const zf_actor_t *actor = zf_api_actor(req);
    int rc = zf_catalogue_check_use(actor->role, &use, &err);
    json_t *o = json_pack("{s:s, s:i, s:s, s:b, s:b}", "code", v.code, "version", v.version, "date",
                          date, "delegable", v.delegable, "allowed", rc == 0);
    if (rc != 0)
        json_object_set_new(o, "refusal",
                            json_pack("{s:s, s:s, s:i}", "code", err.code, "message", err.message,
                                      "status", err.status));
    zf_resp_json(req, resp, 200, o);
}

/* ---- writes ---- */

static int bad(zf_error_t *err, const char *field, const char *fmt, const char *arg) {
    return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", field, fmt, arg);
}

static int is_blank(const char *s) {
    if (!s) return 1;
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r') return 0;
    return 1;
}

/* Tiers: [{"tier":"minor","from_permille":0,"to_permille":250,"condition":"…"} ×4]. Writes the
 * canonical JSON text into *text. */
static int check_tiers_json(zf_arena_t *a, json_t *tiers, const char **text, zf_error_t *err) {
    if (json_is_null(tiers)) {
        *text = NULL;
        return 0;
    }
    if (!json_is_array(tiers) || json_array_size(tiers) != ZF_TIER_COUNT)
        return bad(err, "tiers", "字段 tiers（裁量阶次）应为四项的数组：%s",
                   "轻微、一般、较重、严重");
    json_t *clean = json_array();
    for (size_t i = 0; i < ZF_TIER_COUNT; i++) {
        json_t *t = json_array_get(tiers, i);
        const char *code = json_string_value(json_object_get(t, "tier"));
        json_t *from = json_object_get(t, "from_permille"), *to = json_object_get(t, "to_permille");
        json_t *cond = json_object_get(t, "condition");
        if (!json_is_object(t) || zf_disc_tier_from_code(code) != (int)i ||
            !json_is_integer(from) || !json_is_integer(to) || json_integer_value(from) < 0 ||
            json_integer_value(from) > json_integer_value(to) || json_integer_value(to) > 1000 ||
            (cond && !json_is_string(cond))) {
            json_decref(clean);
            return bad(
                err, "tiers",
                "裁量阶次第%s项应为 {tier, from_permille, to_permille, condition}，tier 依次为 "
                "minor、general、serious、severe，比例 0–1000‰ 且下限不大于上限",
                zf_arena_printf(a, "%zu", i + 1));
        }
        json_array_append_new(clean, json_pack("{s:s, s:I, s:I, s:s}", "tier", code,
                                               "from_permille", json_integer_value(from),
                                               "to_permille", json_integer_value(to), "condition",
                                               cond ? json_string_value(cond) : ""));
    }
    char *s = json_dumps(clean, JSON_COMPACT);
    *text = zf_arena_strdup(a, s);
    free(s);
    json_decref(clean);
    return 0;
}

/* fine_rule (migration 010; the engine in core/discretion.c):
 *   {"kind":"income","grades":[{"grade":"general"|"larger"|"major"|"especially_major"|"",
 *                              "min_permille":N,"max_permille":M}, …]}
 *   {"kind":"multiple","base":"…","min_mult":N,"max_mult":M,"cap_fen":C}
 * Checked here and canonicalised; the engine checks the parsed form again. */
int zf_api_fine_rule_check(zf_arena_t *a, json_t *rule, const char **text, zf_error_t *err) {
    if (json_is_null(rule)) {
        *text = NULL;
        return 0;
    }
    const char *kind = json_string_value(json_object_get(rule, "kind"));
    json_t *clean = NULL;
    if (kind && strcmp(kind, "income") == 0) {
        json_t *grades = json_object_get(rule, "grades");
        size_t n = json_array_size(grades);
        if (n < 1 || n > ZF_GRADE_COUNT)
            return bad(err, "fine_rule",
                       "按年收入计罚的规则应为 {kind:\"income\", grades:[{grade, min_permille, "
                       "max_permille}]}，1至%s项",
                       "5");
        json_t *out = json_array();
        int seen[ZF_GRADE_COUNT] = {0};
        for (size_t i = 0; i < n; i++) {
            json_t *g = json_array_get(grades, i);
            json_t *jg = json_object_get(g, "grade");
            int grade = jg && !json_is_null(jg) ? zf_disc_grade_from_code(json_string_value(jg))
                                                : ZF_GRADE_NONE;
            if (jg && !json_is_null(jg) && !json_is_string(jg)) grade = -1;
            json_t *mn = json_object_get(g, "min_permille"),
                   *mx = json_object_get(g, "max_permille");
            if (!json_is_object(g) || grade < 0 || !json_is_integer(mn) || !json_is_integer(mx) ||
                json_integer_value(mn) < 0 || json_integer_value(mn) > json_integer_value(mx) ||
                json_integer_value(mx) > 1000 || seen[grade] || (grade == ZF_GRADE_NONE && n > 1)) {
                json_decref(out);
                return bad(err, "fine_rule",
                           "年收入比例第%s项无效：grade 为 general、larger、major、"
                           "especially_major 或空（不分等级，仅可一项）且不重复，比例 0–1000‰，"
                           "下限不大于上限",
                           zf_arena_printf(a, "%zu", i + 1));
            }
            seen[grade] = 1;
            json_array_append_new(out,
                                  json_pack("{s:s, s:I, s:I}", "grade", zf_disc_grade_code(grade),
                                            "min_permille", json_integer_value(mn), "max_permille",
                                            json_integer_value(mx)));
        }
        clean = json_pack("{s:s, s:o}", "kind", "income", "grades", out);
    } else if (kind && strcmp(kind, "multiple") == 0) {
        json_t *mn = json_object_get(rule, "min_mult"), *mx = json_object_get(rule, "max_mult");
        json_t *cap = json_object_get(rule, "cap_fen"), *base = json_object_get(rule, "base");
        if (!json_is_integer(mn) || !json_is_integer(mx) || json_integer_value(mn) < 1 ||
            json_integer_value(mn) > json_integer_value(mx) || json_integer_value(mx) > 100 ||
            (cap && !json_is_null(cap) &&
             (!json_is_integer(cap) || json_integer_value(cap) < 0 ||
              json_integer_value(cap) > 100000000000LL)) ||
            (base && !json_is_string(base)) || (base && strlen(json_string_value(base)) > 200))
            return bad(
                err, "fine_rule",
                "倍数罚规则应为 {kind:\"multiple\", base, min_mult, max_mult, cap_fen}：倍数 "
                "1–100 且下限不大于上限，最高额（分）不为负且至多10亿元%s",
                "");
        clean = json_pack("{s:s, s:s, s:I, s:I, s:I}", "kind", "multiple", "base",
                          base ? json_string_value(base) : "", "min_mult", json_integer_value(mn),
                          "max_mult", json_integer_value(mx), "cap_fen",
                          cap && json_is_integer(cap) ? json_integer_value(cap) : (json_int_t)0);
    } else {
        return bad(err, "fine_rule",
                   "罚款规则 kind 应为 income（按上一年年收入比例）或 multiple（另一罚款的倍数）%s",
                   "");
    }
    char *s = json_dumps(clean, JSON_COMPACT);
    *text = zf_arena_strdup(a, s);
    free(s);
    json_decref(clean);
    return 0;
}

void zf_api_fine_rule_to_engine(zf_arena_t *a, const char *text, zf_disc_item_t *it) {
    it->rule = ZF_RULE_NONE;
    if (!text) return;
    json_t *o = json_loads(text, 0, NULL);
    const char *kind = json_string_value(json_object_get(o, "kind"));
    if (kind && strcmp(kind, "income") == 0) {
        json_t *grades = json_object_get(o, "grades");
        size_t n = json_array_size(grades);
        zf_disc_income_t *e = zf_arena_alloc(a, (n ? n : 1) * sizeof *e);
        for (size_t i = 0; i < n; i++) {
            json_t *g = json_array_get(grades, i);
            e[i].grade = zf_disc_grade_from_code(json_string_value(json_object_get(g, "grade")));
            e[i].min_pm = (int)json_integer_value(json_object_get(g, "min_permille"));
            e[i].max_pm = (int)json_integer_value(json_object_get(g, "max_permille"));
        }
        it->rule = ZF_RULE_INCOME;
        it->income = e;
        it->nincome = n;
    } else if (kind && strcmp(kind, "multiple") == 0) {
        it->rule = ZF_RULE_MULTIPLE;
        it->base_desc = zf_arena_strdup(a, json_string_value(json_object_get(o, "base")));
        it->base_mult_min = (int)json_integer_value(json_object_get(o, "min_mult"));
        it->base_mult_max = (int)json_integer_value(json_object_get(o, "max_mult"));
        it->base_cap = json_integer_value(json_object_get(o, "cap_fen"));
    }
    json_decref(o);
}

/* Fill v from a JSON object (request body or an item given to the CLI);
 * fields absent keep v's values (a new version starts from the one before). */
int zf_api_catalogue_from_json(zf_arena_t *a, json_t *o, zf_cat_version_t *v, zf_error_t *err) {
#define STR(name, field)                                                                           \
    do {                                                                                           \
        json_t *j_ = json_object_get(o, name);                                                     \
        if (json_is_string(j_)) v->field = zf_arena_strdup(a, json_string_value(j_));              \
    } while (0)
    STR("code", code);
    STR("effective_from", effective_from);
    STR("domain", domain);
    STR("title", title);
    STR("violation_basis", violation_basis);
    STR("penalty_basis", penalty_basis);
    STR("kind", kind);
    STR("target", target);
    STR("other_measures", other_measures);
    STR("delegation_note", delegation_note);
    STR("notes", notes);
    STR("reason", reason);
#undef STR
    json_t *j;
    if ((j = json_object_get(o, "per_person"))) v->per_person = json_is_true(j);
    if ((j = json_object_get(o, "delegable"))) v->delegable = json_is_true(j);
    if ((j = json_object_get(o, "fine_min"))) {
        v->has_min = json_is_integer(j);
        v->fine_min = v->has_min ? json_integer_value(j) : 0;
    }
    if ((j = json_object_get(o, "fine_max"))) {
        v->has_max = json_is_integer(j);
        v->fine_max = v->has_max ? json_integer_value(j) : 0;
    }
    if ((j = json_object_get(o, "gains_mult_max"))) v->gains_mult_max = (int)json_integer_value(j);
    if ((j = json_object_get(o, "gains_mult_min"))) v->gains_mult_min = (int)json_integer_value(j);
    if ((j = json_object_get(o, "gains_threshold"))) v->gains_threshold = json_integer_value(j);
    if ((j = json_object_get(o, "version")) && json_is_integer(j))
        v->version = (int)json_integer_value(j);
    if ((j = json_object_get(o, "tiers"))) {
        int rc = check_tiers_json(a, j, &v->tiers, err);
        if (rc) return rc;
    }
    if ((j = json_object_get(o, "fine_rule"))) {
        int rc = zf_api_fine_rule_check(a, j, &v->fine_rule, err);
        if (rc) return rc;
    }
    if (!v->code || !*v->code) return bad(err, "code", "缺少事项编码 code%s", "");
    for (const char *p = v->code; *p; p++)
        if (!((*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '-') ||
            p - v->code >= 32)
            return bad(err, "code", "事项编码“%s”只能由大写字母、数字和连字符组成（至多32个）",
                       v->code);
    /* R9: an item without legal basis cannot be saved */
    if (is_blank(v->violation_basis))
        return zf_error_set(err, ZF_EINVAL, 400, "catalogue.no_legal_basis", "violation_basis",
                            "执法事项必须有违法行为的法律依据（violation_basis），没有法律依据的"
                            "事项不能保存");
    if (is_blank(v->penalty_basis))
        return zf_error_set(err, ZF_EINVAL, 400, "catalogue.no_legal_basis", "penalty_basis",
                            "执法事项必须有处罚（处理）的法律依据（penalty_basis），没有法律依据的"
                            "事项不能保存");
    if (!v->effective_from || !zf_disc_date_valid(v->effective_from))
        return bad(err, "effective_from", "生效日期应为 YYYY-MM-DD%s", "");
    if (is_blank(v->title)) return bad(err, "title", "缺少事项名称%s", "");
    if (!v->target) v->target = "";
    int known = 0;
    for (size_t i = 0; v->domain && i < sizeof domains / sizeof domains[0]; i++)
        if (strcmp(domains[i], v->domain) == 0) known = 1;
    if (!known)
        return bad(err, "domain",
                   "领域“%s”无效，应为 危化、烟花爆竹、矿山、工贸、通用、地质灾害、水旱灾害、"
                   "森林火灾、防震减灾、应急救援 或 其他",
                   v->domain ? v->domain : "");
    if (!v->kind ||
        (strcmp(v->kind, "行政处罚") && strcmp(v->kind, "行政强制") && strcmp(v->kind, "行政检查")))
        return bad(err, "kind", "事项类型“%s”无效，应为 行政处罚、行政强制 或 行政检查",
                   v->kind ? v->kind : "");
    if ((v->has_min && v->fine_min < 0) || (v->has_max && v->fine_max < 0))
        return bad(err, "fine_min", "罚款金额（分）不能为负数%s", "");
    if (v->has_min && v->has_max && v->fine_min > v->fine_max)
        return bad(err, "fine_min", "罚款下限不能大于上限%s", "");
    if (v->has_max && v->fine_max > 100000000000LL)
        return bad(err, "fine_max", "罚款上限过大（至多10亿元）%s", "");
    if (v->gains_mult_max < 0 || v->gains_mult_max > 100 ||
        (v->gains_mult_max > 0 && (v->gains_mult_min < 1 || v->gains_mult_min > v->gains_mult_max ||
                                   v->gains_threshold < 0)))
        return bad(err, "gains_mult_max",
                   "违法所得倍数应为 1–100 的整数，下限不大于上限，起算金额不为负%s", "");
    if (v->fine_rule && (v->has_min || v->has_max || v->gains_mult_max > 0))
        return bad(err, "fine_rule",
                   "已设非固定金额的罚款规则（fine_rule）的事项不能同时有固定罚款幅度或违法所得"
                   "倍数；请清空 fine_min、fine_max、gains_mult_max，或将 fine_rule 设为 null%s",
                   "");
    if (!v->other_measures) v->other_measures = "";
    if (!v->delegation_note) v->delegation_note = "";
    if (!v->notes) v->notes = "";
    if (!v->reason) v->reason = "";
    return 0;
}

static const zf_field_t version_spec[] = {
    {"code", ZF_FIELD_STRING, 0, "事项编码", 32, 1},
    {"effective_from", ZF_FIELD_STRING, 1, "生效日期", 10, 10},
    {"domain", ZF_FIELD_STRING, 0, "领域", 16, 1},
    {"title", ZF_FIELD_STRING, 0, "事项名称", 200, 1},
    {"violation_basis", ZF_FIELD_STRING, 0, "违法行为依据", 500, 0},
    {"penalty_basis", ZF_FIELD_STRING, 0, "处罚依据", 500, 0},
    {"kind", ZF_FIELD_STRING, 0, "事项类型", 16, 1},
    {"target", ZF_FIELD_STRING, 0, "处罚对象", 200, 0},
    {"per_person", ZF_FIELD_BOOL, 0, "按人处罚", 0, 0},
    {"fine_min", ZF_FIELD_INT, 0, "罚款下限（分）", 0, 0},
    {"fine_max", ZF_FIELD_INT, 0, "罚款上限（分）", 0, 0},
    {"gains_threshold", ZF_FIELD_INT, 0, "倍数罚起算违法所得（分）", 0, 0},
    {"gains_mult_min", ZF_FIELD_INT, 0, "违法所得倍数下限", 0, 0},
    {"gains_mult_max", ZF_FIELD_INT, 0, "违法所得倍数上限", 0, 0},
    {"other_measures", ZF_FIELD_STRING, 0, "其他措施", 2000, 0},
    {"delegable", ZF_FIELD_BOOL, 0, "可委托乡镇（街道）", 0, 0},
    {"delegation_note", ZF_FIELD_STRING, 0, "委托说明", 500, 0},
    {"notes", ZF_FIELD_STRING, 0, "备注", 2000, 0},
    {"reason", ZF_FIELD_STRING, 0, "修订说明", 500, 0},
};

/* Parse the body, keeping `tiers` (an array) aside from the flat fields. */
static json_t *version_body(zf_req_t *req, zf_resp_t *resp, json_t **tiers) {
    zf_error_t err = {0};
    json_t *body = zf_req_json(req, &err);
    if (!body) {
        zf_api_fail(req, resp, &err);
        return NULL;
    }
    *tiers = json_object_get(body, "tiers");
    if (*tiers) {
        json_incref(*tiers);
        zf_arena_defer(req->arena, (void (*)(void *))json_decref, *tiers);
        json_object_del(body, "tiers");
    }
    json_t *rule = json_object_get(body, "fine_rule"); /* an object, checked by from_json */
    if (rule) {
        json_incref(rule);
        zf_arena_defer(req->arena, (void (*)(void *))json_decref, rule);
        json_object_del(body, "fine_rule");
    }
    if (zf_api_check_fields(body, version_spec, sizeof version_spec / sizeof version_spec[0],
                            &err) != 0) {
        zf_api_fail(req, resp, &err);
        return NULL;
    }
    if (*tiers) json_object_set(body, "tiers", *tiers);
    if (rule) json_object_set(body, "fine_rule", rule);
    return body;
}

static void store_version(zf_req_t *req, zf_resp_t *resp, zf_cat_version_t *v, int create,
                          const zf_cat_version_t *before) {
    zf_db_t *db = zf_api_db(req);
    const zf_actor_t *actor = zf_api_actor(req);
    zf_error_t err = {0};
    zf_cat_version_t stored;
    int rc = zf_perm_check(actor, "catalogue.write", NULL, &err);
    if (rc == 0) rc = zf_db_begin(db, &err);
    if (rc == 0) rc = zf_catalogue_insert(db, req->arena, v, create, actor->user_id, &stored, &err);
    if (rc != 0) {
        zf_api_abort(req, resp, &err);
        return;
    }
    json_t *jbefore = before ? zf_api_catalogue_version_json(before) : NULL;
    json_t *jafter = zf_api_catalogue_version_json(&stored);
    zf_log_entry_t e = {
        .actor_id = actor->user_id,
        .action = create ? "catalogue.create" : "catalogue.version",
        .object_type = "catalogue_item",
        .object_id = stored.code,
        .before = jbefore,
        .after = jafter,
    };
    zf_api_commit(req, resp, &e, 201, json_incref(jafter));
    json_decref(jbefore);
    json_decref(jafter);
}

void zf_api_catalogue_create(zf_req_t *req, zf_resp_t *resp) {
    json_t *tiers;
    json_t *body = version_body(req, resp, &tiers);
    if (!body) return;
    zf_cat_version_t v;
    memset(&v, 0, sizeof v);
    v.kind = "行政处罚";
    zf_error_t err = {0};
    if (!json_object_get(body, "code")) {
        zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", "code",
                     "缺少必填字段 code（事项编码）");
        zf_api_fail(req, resp, &err);
        return;
    }
    if (zf_api_catalogue_from_json(req->arena, body, &v, &err) != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    store_version(req, resp, &v, 1, NULL);
}

void zf_api_catalogue_version_create(zf_req_t *req, zf_resp_t *resp) {
    json_t *tiers;
    json_t *body = version_body(req, resp, &tiers);
    if (!body) return;
    const char *code = zf_req_param(req, "code");
    zf_error_t err = {0};
    json_t *jc = json_object_get(body, "code");
    if (jc && strcmp(json_string_value(jc), code) != 0) {
        zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", "code", "事项编码不可修改（路径为 %s）",
                     code);
        zf_api_fail(req, resp, &err);
        return;
    }
    /* A new version starts from the latest one: fields not sent are kept. */
    zf_cat_version_t *vs;
    size_t n;
    if (zf_catalogue_versions(zf_api_db(req), req->arena, code, &vs, &n, &err) != 0 || n == 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    const zf_cat_version_t *latest = &vs[n - 1];
    for (size_t i = 0; i < n; i++)
        if (vs[i].version > latest->version) latest = &vs[i];
    zf_cat_version_t v = *latest;
    v.reason = "";
    if (zf_api_catalogue_from_json(req->arena, body, &v, &err) != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    store_version(req, resp, &v, 0, latest);
}
