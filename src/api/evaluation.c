/* evaluation.c — case-file evaluation (案卷评查, R30; issue 11): the
 * evaluation standard's versions and the rounds (评查轮次). A round takes
 * the cases of a unit's subtree decided in a period — all of them, or a
 * sample drawn with the project's verifiable sampler (core/draw.h) from a
 * frozen pool and a recorded seed, so anyone can redo the draw — and names
 * its evaluators (法制审核人员、科室负责人、市级监督). Scoring, feedback and
 * results are in evaluation_sheet.c. docs/internals/evaluation.md. */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "core/day.h"
#include "core/evaluation.h"
#include "core/util.h"
#include "store/evaluation.h"

/* the shipped standard, data/evaluation/default.json (embed_text.py) */
extern const char zf_evaluation_default_json[];
extern const unsigned long zf_evaluation_default_json_len;

#define ROUND_EVALUATORS_MAX 20

/* ---- standards ---- */

static json_t *std_json(const zf_evalstd_row_t *r, json_t *body) {
    json_t *o = json_pack("{s:I, s:I, s:s, s:s}", "id", (json_int_t)r->id, "version",
                          (json_int_t)r->version, "name", r->name, "created_at", r->created_at);
    if (body) json_object_set(o, "body", body);
    return o;
}

/* The standard of a row, parsed (the body lives as long as the arena). */
int zf_api_eval_standard_load(zf_arena_t *a, const zf_evalstd_row_t *row, json_t **body,
                              zf_eval_standard_t *s, zf_error_t *err) {
    json_error_t je;
    json_t *b = json_loads(row->body, JSON_REJECT_DUPLICATES, &je);
    if (!b)
        return zf_error_set(err, ZF_EIO, 500, "evaluation.standard_corrupt", NULL,
                            "评查标准第 %lld 版无法读取", (long long)row->version);
    zf_arena_defer(a, (void (*)(void *))json_decref, b);
    *body = b;
    return zf_eval_standard_parse(a, b, s, err);
}

/* Load the shipped standard as version 1 into an empty table (zhifa init;
 * logged as the system). 1 when loaded, 0 when a version exists. */
int zf_evaluation_seed(zf_db_t *db, zf_arena_t *a, zf_error_t *err) {
    zf_evalstd_row_t row;
    zf_error_t probe = {0};
    int rc = zf_evalstd_get(db, a, 0, &row, &probe);
    if (rc == 0) return 0;
    if (rc != ZF_ENOTFOUND) {
        *err = probe;
        return rc;
    }
    json_error_t je;
    json_t *b = json_loadb(zf_evaluation_default_json, zf_evaluation_default_json_len,
                           JSON_REJECT_DUPLICATES, &je);
    if (!b)
        return zf_error_set(err, ZF_EIO, 500, "evaluation.seed_invalid", NULL,
                            "内置评查标准不是有效的 JSON：%s", je.text);
    zf_arena_defer(a, (void (*)(void *))json_decref, b);
    zf_eval_standard_t s;
    rc = zf_eval_standard_parse(a, b, &s, err);
    if (rc) return rc;
    char *text = json_dumps(b, JSON_COMPACT | JSON_SORT_KEYS);
    rc = zf_evalstd_insert(db, a, s.name, text, 0, &row, err);
    free(text);
    if (rc) return rc;
    zf_log_entry_t e = {
        .action = "evaluation.standard.create",
        .object_type = "evaluation_standard",
        .object_id = zf_arena_printf(a, "%lld", (long long)row.id),
        .after = json_pack("{s:I, s:s}", "version", (json_int_t)row.version, "name", row.name)};
    int64_t idx = zf_log_append(db, &e, err);
    json_decref(e.after);
    return idx < 0 ? (int)idx : 1;
}

void zf_api_evaluation_standards(zf_req_t *req, zf_resp_t *resp) {
    zf_error_t err = {0};
    zf_evalstd_row_t *rows;
    size_t n;
    if (zf_evalstd_list(zf_api_db(req), req->arena, &rows, &n, &err) != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, std_json(&rows[i], NULL));
    zf_resp_json(req, resp, 200, json_pack("{s:o}", "items", arr));
}

void zf_api_evaluation_standard_get(zf_req_t *req, zf_resp_t *resp) {
    int64_t id = zf_api_id_param(req, resp, "id");
    if (!id) return;
    zf_error_t err = {0};
    zf_evalstd_row_t row;
    json_t *body;
    zf_eval_standard_t s;
    int rc = zf_evalstd_get(zf_api_db(req), req->arena, id, &row, &err);
    if (rc == 0) rc = zf_api_eval_standard_load(req->arena, &row, &body, &s, &err);
    if (rc) {
        zf_api_fail(req, resp, &err);
        return;
    }
    zf_resp_json(req, resp, 200, std_json(&row, body));
}

void zf_api_evaluation_standard_create(zf_req_t *req, zf_resp_t *resp) {
    zf_error_t err = {0};
    json_t *in = zf_req_json(req, &err);
    if (!in) {
        zf_api_fail(req, resp, &err);
        return;
    }
    const char *key;
    json_t *v;
    json_object_foreach(in, key, v) {
        if (strcmp(key, "body") != 0) {
            zf_error_set(&err, ZF_EINVAL, 400, "input.unknown_field", key, "不认识的字段：%s", key);
            zf_api_fail(req, resp, &err);
            return;
        }
    }
    json_t *body = json_object_get(in, "body");
    zf_eval_standard_t s;
    int rc = body ? zf_eval_standard_parse(req->arena, body, &s, &err)
                  : zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", "body",
                                 "缺少必填字段 body（评查标准）");
    zf_db_t *db = zf_api_db(req);
    zf_evalstd_row_t row;
    char *text = NULL;
    if (rc == 0) rc = zf_db_begin(db, &err);
    if (rc == 0) {
        text = json_dumps(body, JSON_COMPACT | JSON_SORT_KEYS);
        rc =
            zf_evalstd_insert(db, req->arena, s.name, text, zf_api_actor(req)->user_id, &row, &err);
        free(text);
    }
    if (rc) {
        zf_api_abort(req, resp, &err);
        return;
    }
    json_t *after = json_pack("{s:I, s:s, s:I, s:I, s:I}", "version", (json_int_t)row.version,
                              "name", row.name, "items", (json_int_t)s.n_items, "vetoes",
                              (json_int_t)s.n_vetoes, "excellent", (json_int_t)s.excellent);
    json_object_set_new(after, "pass", json_integer(s.pass));
    zf_api_commit_change(req, resp, "evaluation.standard.create", "evaluation_standard", row.id, 0,
                         NULL, after, std_json(&row, body), 201);
}

/* ---- rounds ---- */

static const char *mode_name(const char *mode) {
    return strcmp(mode, "sampled") == 0 ? "抽查" : "全面评查";
}

json_t *zf_api_eval_round_json(const zf_eval_round_t *r) {
    json_t *o = json_pack(
        "{s:I, s:s, s:{s:I, s:s}, s:s, s:s, s:s, s:s, s:I, s:I, s:I, s:s, s:s, s:{s:I, s:I}, "
        "s:{s:I, s:s}, s:I, s:s}",
        "id", (json_int_t)r->id, "name", r->name, "unit", "id", (json_int_t)r->unit_id, "name",
        r->unit_name, "period_from", r->period_from, "period_to", r->period_to, "mode", r->mode,
        "mode_name", mode_name(r->mode), "sample_count", (json_int_t)r->sample_count,
        "sample_percent", (json_int_t)r->sample_percent, "pool_size", (json_int_t)r->pool_size,
        "pool_hash", r->pool_hash, "seed", r->seed, "standard", "id", (json_int_t)r->standard_id,
        "version", (json_int_t)r->standard_version, "owner", "id", (json_int_t)r->owner_id, "name",
        r->owner_name, "version", (json_int_t)r->version, "created_at", r->created_at);
    json_object_set_new(o, "cases_total", json_integer(r->n_cases));
    json_object_set_new(o, "cases_submitted", json_integer(r->n_submitted));
    json_object_set_new(o, "feedback_open", json_integer(r->n_open_feedback));
    json_object_set_new(
        o, "status", json_string(r->n_cases && r->n_submitted == r->n_cases ? "finished" : "open"));
    return o;
}

void zf_api_evaluation_rounds(zf_req_t *req, zf_resp_t *resp) {
    zf_error_t err = {0};
    int64_t before = 0, limit = 50;
    int rc = zf_api_page_params(req, &before, &limit, &err);
    zf_eval_round_t *items;
    size_t n;
    if (rc == 0)
        rc = zf_eval_rounds_list(zf_api_db(req), req->arena, zf_api_actor(req)->scope_path, before,
                                 limit, &items, &n, &err);
    if (rc) {
        zf_api_fail(req, resp, &err);
        return;
    }
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, zf_api_eval_round_json(&items[i]));
    zf_resp_json(req, resp, 200,
                 json_pack("{s:o, s:o}", "items", arr, "next_before",
                           (int64_t)n == limit && n ? json_integer(items[n - 1].id) : json_null()));
}

/* The evaluators: accounts of the three supervising roles, active. */
static int check_evaluators(zf_db_t *db, zf_arena_t *a, json_t *list, int64_t *ids, size_t *n,
                            zf_error_t *err) {
    if (!json_is_array(list) || json_array_size(list) < 1 ||
        json_array_size(list) > ROUND_EVALUATORS_MAX)
        return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", "evaluator_ids",
                            "评查人员 evaluator_ids 应为 1–%d 个用户编号", ROUND_EVALUATORS_MAX);
    *n = 0;
    for (size_t i = 0; i < json_array_size(list); i++) {
        json_t *v = json_array_get(list, i);
        int64_t id = json_is_integer(v) ? json_integer_value(v) : 0;
        if (id <= 0)
            return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", "evaluator_ids",
                                "评查人员编号应为正整数");
        for (size_t j = 0; j < *n; j++)
            if (ids[j] == id)
                return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", "evaluator_ids",
                                    "评查人员重复：%lld", (long long)id);
        zf_user_t u;
        zf_error_t probe = {0};
        int rc = zf_user_get(db, a, id, &u, &probe);
        if (rc == ZF_ENOTFOUND)
            return zf_error_set(err, ZF_EINVAL, 422, "evaluation.bad_evaluator", "evaluator_ids",
                                "用户 %lld 不存在", (long long)id);
        if (rc) {
            *err = probe;
            return rc;
        }
        /* 评查 is the supervising roles' work: 法制审核、科室负责人、市级监督 */
        if (!u.active ||
            (strcmp(u.role, "legal_reviewer") != 0 && strcmp(u.role, "section_head") != 0 &&
             strcmp(u.role, "city_supervisor") != 0))
            return zf_error_set(err, ZF_EINVAL, 422, "evaluation.bad_evaluator", "evaluator_ids",
                                "%s（%s）不能担任评查人员：评查人员应为在岗的法制审核人员、"
                                "科室负责人或市级监督人员",
                                u.name, zf_role_name(u.role) ? zf_role_name(u.role) : u.role);
        ids[(*n)++] = id;
    }
    return 0;
}

typedef struct round_input {
    const char *name, *from, *to, *mode;
    int64_t unit_id, count, percent, standard_id;
} round_input_t;

static int check_round(zf_req_t *req, json_t *body, round_input_t *in, zf_error_t *err) {
    static const zf_field_t spec[] = {
        {"name", ZF_FIELD_STRING, 1, "轮次名称", 100, 2},
        {"unit_id", ZF_FIELD_INT, 1, "评查单位", 0, 0},
        {"period_from", ZF_FIELD_STRING, 1, "案件决定日期起", 10, 10},
        {"period_to", ZF_FIELD_STRING, 1, "案件决定日期止", 10, 10},
        {"mode", ZF_FIELD_STRING, 1, "评查方式", 16, 1},
        {"sample_count", ZF_FIELD_INT, 0, "抽查案件数", 0, 0},
        {"sample_percent", ZF_FIELD_INT, 0, "抽查比例", 0, 0},
        {"standard_id", ZF_FIELD_INT, 0, "评查标准版本", 0, 0},
    };
    int rc = zf_api_check_fields(body, spec, sizeof spec / sizeof spec[0], err);
    if (rc) return rc;
    (void)req;
    in->name = zf_body_str(body, "name");
    in->unit_id = zf_body_int(body, "unit_id", 0);
    in->from = zf_body_str(body, "period_from");
    in->to = zf_body_str(body, "period_to");
    in->mode = zf_body_str(body, "mode");
    in->count = zf_body_int(body, "sample_count", 0);
    in->percent = zf_body_int(body, "sample_percent", 0);
    in->standard_id = zf_body_int(body, "standard_id", 0);
    zf_day_t d;
    if (zf_day_parse(in->from, &d) != 0)
        return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", "period_from",
                            "案件决定日期起应为 YYYY-MM-DD 格式的有效日期");
    if (zf_day_parse(in->to, &d) != 0)
        return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", "period_to",
                            "案件决定日期止应为 YYYY-MM-DD 格式的有效日期");
    if (strcmp(in->from, in->to) > 0)
        return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", "period_to",
                            "案件决定日期止不能早于起始日期");
    if (strcmp(in->mode, "complete") != 0 && strcmp(in->mode, "sampled") != 0)
        return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", "mode",
                            "评查方式“%s”无效，应为 complete（全面评查）或 sampled（抽查）",
                            in->mode);
    int sampled = strcmp(in->mode, "sampled") == 0;
    if (!sampled && (in->count || in->percent))
        return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", "mode",
                            "全面评查不填抽查案件数或比例");
    if (sampled && (in->count > 0) == (in->percent > 0))
        return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", "sample_count",
                            "抽查须填写抽查案件数 sample_count 或抽查比例 sample_percent 之一");
    if (sampled && (in->count < 0 || in->count > 10000))
        return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", "sample_count",
                            "抽查案件数应为 1–10000");
    if (sampled && (in->percent < 0 || in->percent > 100))
        return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", "sample_percent",
                            "抽查比例应为 1–100（百分比）");
    return 0;
}

/* Join the pool's ids "3 7 12" (the frozen record of a sampled round). */
static const char *pool_text(zf_arena_t *a, const int64_t *ids, size_t n) {
    size_t cap = n * 21 + 1, len = 0;
    char *s = zf_arena_alloc(a, cap);
    s[0] = '\0';
    for (size_t i = 0; i < n; i++)
        len += (size_t)snprintf(s + len, cap - len, i ? " %lld" : "%lld", (long long)ids[i]);
    return s;
}

int zf_api_eval_round_make(zf_db_t *db, zf_arena_t *a, zf_eval_round_t *r,
                           const int64_t *evaluators, size_t n_ev, int64_t *id, json_t **selected,
                           zf_error_t *err) {
    int64_t *pool = NULL;
    size_t n_pool = 0;
    int rc = zf_eval_pool(db, a, r->unit_path, r->period_from, r->period_to, ZF_EVAL_POOL_MAX + 1,
                          &pool, &n_pool, err);
    if (rc == 0 && n_pool > ZF_EVAL_POOL_MAX)
        rc = zf_error_set(err, ZF_EINVAL, 422, "evaluation.pool_too_large", "period_from",
                          "%s %s 至 %s 作出决定的案件超过 %d 件，请缩小期间或单位范围",
                          r->unit_name, r->period_from, r->period_to, ZF_EVAL_POOL_MAX);
    if (rc == 0 && n_pool == 0)
        rc = zf_error_set(err, ZF_EINVAL, 422, "evaluation.no_cases", "period_from",
                          "%s %s 至 %s 没有作出决定的案件，无可评查案件", r->unit_name,
                          r->period_from, r->period_to);
    if (rc) return rc;
    r->pool_size = (int64_t)n_pool;
    size_t k = n_pool;
    size_t *idx = NULL;
    uint64_t *picks_i = NULL;
    if (strcmp(r->mode, "sampled") == 0) {
        /* the draw: pool frozen and hashed, a fresh secret, Rivest's sampler */
        zf_draw_ctx_t *dc = zf_draw_ctx_new();
        char hash[ZF_DRAW_HEX_LEN], secret[65];
        unsigned char raw[32];
        randombytes_buf(raw, sizeof raw);
        zf_hex_encode(raw, sizeof raw, secret);
        rc = zf_eval_pool_hash(dc, pool, n_pool, hash, err);
        k = zf_eval_sample_size(n_pool, r->sample_count, r->sample_percent);
        idx = zf_arena_alloc(a, (k ? k : 1) * sizeof *idx);
        picks_i = zf_arena_alloc(a, (k ? k : 1) * sizeof *picks_i);
        if (rc == 0) {
            r->pool_hash = zf_arena_strdup(a, hash);
            r->seed = zf_eval_seed(a, secret, hash);
            r->pool = pool_text(a, pool, n_pool);
            rc = zf_eval_sample(dc, a, r->seed, n_pool, k, idx, picks_i, err);
        }
        zf_draw_ctx_free(dc);
    }
    if (rc == 0) rc = zf_eval_round_insert(db, r, id, err);
    for (size_t i = 0; rc == 0 && i < n_ev; i++)
        rc = zf_eval_evaluator_add(db, *id, evaluators[i], err);
    json_t *cases = json_array();
    for (size_t j = 0; rc == 0 && j < k; j++) {
        int64_t case_id = idx ? pool[idx[j]] : pool[j];
        rc = zf_eval_case_insert(db, *id, case_id, (int64_t)j + 1,
                                 picks_i ? (int64_t)picks_i[j] : 0, err);
        json_array_append_new(cases, json_integer(case_id));
    }
    if (rc) {
        json_decref(cases);
        return rc;
    }
    *selected = cases;
    return 0;
}

void zf_api_evaluation_round_create(zf_req_t *req, zf_resp_t *resp) {
    zf_error_t err = {0};
    json_t *body = zf_req_json(req, &err);
    if (!body) {
        zf_api_fail(req, resp, &err);
        return;
    }
    /* the evaluators are a list: checked apart from the scalar fields */
    json_t *evaluators = json_incref(json_object_get(body, "evaluator_ids"));
    zf_arena_defer(req->arena, (void (*)(void *))json_decref, evaluators);
    json_object_del(body, "evaluator_ids");
    round_input_t in = {0};
    int rc = check_round(req, body, &in, &err);
    if (rc == 0 && !evaluators)
        rc = zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", "evaluator_ids",
                          "缺少必填字段 evaluator_ids（评查人员）");
    zf_db_t *db = zf_api_db(req);
    zf_arena_t *a = req->arena;
    const zf_actor_t *actor = zf_api_actor(req);
    zf_unit_t unit = {0};
    int64_t ev_ids[ROUND_EVALUATORS_MAX];
    size_t n_ev = 0;
    if (rc == 0) {
        zf_error_t probe = {0};
        rc = zf_unit_get(db, a, in.unit_id, &unit, &probe);
        if (rc == ZF_ENOTFOUND)
            rc = zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", "unit_id", "评查单位不存在");
        else if (rc)
            err = probe;
    }
    if (rc == 0) rc = zf_perm_check(actor, "evaluation.manage", unit.path, &err);
    if (rc == 0) rc = check_evaluators(db, a, evaluators, ev_ids, &n_ev, &err);
    zf_evalstd_row_t std = {0};
    if (rc == 0) rc = zf_db_begin(db, &err);
    if (rc == 0) {
        zf_error_t probe = {0};
        rc = zf_evalstd_get(db, a, in.standard_id, &std, &probe);
        if (rc == ZF_ENOTFOUND)
            rc = zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", "standard_id",
                              "评查标准版本不存在");
        else if (rc)
            err = probe;
    }
    zf_eval_round_t r = {.unit_id = unit.id,
                         .unit_path = unit.path,
                         .unit_name = unit.name,
                         .name = in.name,
                         .period_from = in.from,
                         .period_to = in.to,
                         .mode = in.mode,
                         .sample_count = in.count,
                         .sample_percent = in.percent,
                         .standard_id = std.id,
                         .owner_id = actor->user_id};
    int64_t id = 0;
    json_t *selected = NULL;
    if (rc == 0) rc = zf_api_eval_round_make(db, a, &r, ev_ids, n_ev, &id, &selected, &err);
    zf_eval_round_t created;
    if (rc == 0) rc = zf_eval_round_get(db, a, id, &created, &err);
    if (rc) {
        json_decref(selected);
        zf_api_abort(req, resp, &err);
        return;
    }
    json_t *after = zf_api_eval_round_json(&created);
    json_object_set_new(after, "cases", selected);
    json_t *evs = json_array();
    for (size_t i = 0; i < n_ev; i++)
        json_array_append_new(evs, json_integer(ev_ids[i]));
    json_object_set_new(after, "evaluator_ids", evs);
    zf_api_commit_change(req, resp, "evaluation.round.create", "evaluation_round", id, unit.id,
                         NULL, after, json_incref(after), 201);
}

void zf_api_evaluation_round_get(zf_req_t *req, zf_resp_t *resp) {
    int64_t id = zf_api_id_param(req, resp, "id");
    if (!id) return;
    zf_error_t err = {0};
    zf_db_t *db = zf_api_db(req);
    zf_arena_t *a = req->arena;
    zf_eval_round_t r;
    zf_eval_person_t *ev = NULL;
    zf_eval_case_t *cs = NULL;
    zf_eval_feedback_t *fb = NULL;
    size_t n_ev = 0, n_cs = 0, n_fb = 0;
    int rc = zf_eval_round_get(db, a, id, &r, &err);
    if (rc == 0) rc = zf_perm_check(zf_api_actor(req), "evaluation.read", r.unit_path, &err);
    if (rc == 0) rc = zf_eval_evaluators(db, a, id, &ev, &n_ev, &err);
    if (rc == 0) rc = zf_eval_cases_list(db, a, id, &cs, &n_cs, &err);
    if (rc == 0) rc = zf_eval_feedback_open_of_round(db, a, id, &fb, &n_fb, &err);
    if (rc) {
        zf_api_fail(req, resp, &err);
        return;
    }
    json_t *o = zf_api_eval_round_json(&r);
    json_t *jev = json_array(), *jcs = json_array(), *jfb = json_array();
    for (size_t i = 0; i < n_ev; i++)
        json_array_append_new(
            jev, json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)ev[i].id, "name", ev[i].name,
                           "role", ev[i].role, "role_name",
                           zf_role_name(ev[i].role) ? zf_role_name(ev[i].role) : ev[i].role));
    for (size_t i = 0; i < n_cs; i++)
        json_array_append_new(jcs, zf_api_eval_case_json(&cs[i], 0));
    for (size_t i = 0; i < n_fb; i++)
        json_array_append_new(jfb, zf_api_eval_feedback_json(&fb[i]));
    json_object_set_new(o, "pool", json_string(r.pool));
    json_object_set_new(o, "evaluators", jev);
    json_object_set_new(o, "cases", jcs);
    json_object_set_new(o, "feedback_unanswered", jfb);
    zf_resp_json(req, resp, 200, o);
}

void zf_api_evaluation_evaluators(zf_req_t *req, zf_resp_t *resp) {
    zf_error_t err = {0};
    zf_eval_person_t *p;
    size_t n;
    if (zf_eval_eligible(zf_api_db(req), req->arena, zf_api_actor(req)->scope_path, &p, &n, &err)) {
        zf_api_fail(req, resp, &err);
        return;
    }
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(
            arr, json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)p[i].id, "name", p[i].name,
                           "role", p[i].role, "role_name",
                           zf_role_name(p[i].role) ? zf_role_name(p[i].role) : p[i].role));
    zf_resp_json(req, resp, 200, json_pack("{s:o}", "items", arr));
}
