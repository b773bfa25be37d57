/* evaluation_sheet.c — scoring a case of an evaluation round (评查打分),
 * submitting (then frozen), the owner's reopen with a reason, the problems
 * sent to the case's officers (评查反馈) and their answers (整改说明), and the
 * results per case, officer and unit (R30; issue 11). An evaluator never
 * scores a case they handled (回避). docs/internals/evaluation.md. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "core/evaluation.h"
#include "store/evaluation.h"

json_t *zf_api_eval_case_json(const zf_eval_case_t *c, int with_marks) {
    int g = zf_eval_grade_parse(c->grade);
    json_t *o = json_pack(
        "{s:I, s:I, s:s, s:s, s:s, s:s, s:{s:I, s:s}, s:I, s:I, s:s, s:o, s:I, s:s, s:s, s:b, "
        "s:I, s:s, s:I}",
        "id", (json_int_t)c->id, "case_id", (json_int_t)c->case_id, "case_number", c->case_number,
        "case_title", c->case_title, "case_state", c->case_state, "decided_on", c->decided_on,
        "unit", "id", (json_int_t)c->unit_id, "name", c->unit_name, "position",
        (json_int_t)c->position, "sampler_i", (json_int_t)c->sampler_i, "status", c->status,
        "evaluator",
        c->evaluator_id
            ? json_pack("{s:I, s:s}", "id", (json_int_t)c->evaluator_id, "name", c->evaluator_name)
            : json_null(),
        "total", (json_int_t)c->total, "grade", c->grade, "grade_name",
        g >= 0 ? zf_eval_grade_name((zf_eval_grade_t)g) : "", "vetoed", c->veto != 0, "version",
        (json_int_t)c->version, "submitted_at", c->submitted_at, "feedback_open",
        (json_int_t)c->open_feedback);
    if (with_marks) {
        json_error_t je;
        json_t *m = json_loads(c->marks, 0, &je);
        json_object_set_new(o, "marks", m ? m : json_object());
    }
    return o;
}

json_t *zf_api_eval_feedback_json(const zf_eval_feedback_t *f) {
    return json_pack("{s:I, s:{s:I, s:s}, s:{s:I, s:s, s:s}, s:{s:I, s:s}, s:s, s:s, s:s, s:s, "
                     "s:s, s:s, s:s}",
                     "id", (json_int_t)f->id, "round", "id", (json_int_t)f->round_id, "name",
                     f->round_name, "case", "id", (json_int_t)f->case_id, "number", f->case_number,
                     "title", f->case_title, "officer", "id", (json_int_t)f->user_id, "name",
                     f->user_name, "item_code", f->item_code, "item_name", f->item_name, "problem",
                     f->problem, "status", f->status, "answer", f->answer, "answered_at",
                     f->answered_at, "created_at", f->created_at);
}

/* The round of the path, checked against the actor's scope for action. */
static int load_round(zf_req_t *req, const char *action, zf_eval_round_t *r, zf_error_t *err) {
    const char *s = zf_req_param(req, "id");
    int64_t id = s ? strtoll(s, NULL, 10) : 0;
    int rc = id > 0
                 ? zf_eval_round_get(zf_api_db(req), req->arena, id, r, err)
                 : zf_error_set(err, ZF_EINVAL, 400, "input.invalid", "id", "参数 id 应为正整数");
    if (rc == 0) rc = zf_perm_check(zf_api_actor(req), action, r->unit_path, err);
    return rc;
}

static int64_t case_param(zf_req_t *req) {
    const char *s = zf_req_param(req, "case_id");
    char *end = NULL;
    long long v = s ? strtoll(s, &end, 10) : 0;
    return s && end && !*end && v > 0 ? v : 0;
}

static int load_case(zf_req_t *req, const zf_eval_round_t *r, zf_eval_case_t *c, zf_error_t *err) {
    int64_t cid = case_param(req);
    if (!cid)
        return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", "case_id",
                            "参数 case_id 应为正整数");
    return zf_eval_case_get(zf_api_db(req), req->arena, r->id, cid, c, err);
}

static int load_standard(zf_req_t *req, int64_t id, zf_evalstd_row_t *row, zf_eval_standard_t *s,
                         json_t **body, zf_error_t *err) {
    int rc = zf_evalstd_get(zf_api_db(req), req->arena, id, row, err);
    if (rc == 0) rc = zf_api_eval_standard_load(req->arena, row, body, s, err);
    return rc;
}

void zf_api_evaluation_sheet(zf_req_t *req, zf_resp_t *resp) {
    zf_error_t err = {0};
    zf_eval_round_t r;
    zf_eval_case_t c;
    zf_eval_standard_t s;
    json_t *std_body = NULL;
    int rc = load_round(req, "evaluation.read", &r, &err);
    if (rc == 0) rc = load_case(req, &r, &c, &err);
    zf_evalstd_row_t row;
    if (rc == 0) rc = load_standard(req, r.standard_id, &row, &s, &std_body, &err);
    int handled = 0;
    if (rc == 0) {
        handled =
            zf_eval_case_handled_by(zf_api_db(req), c.case_id, zf_api_actor(req)->user_id, &err);
        if (handled < 0) rc = handled;
    }
    if (rc) {
        zf_api_fail(req, resp, &err);
        return;
    }
    json_t *o = zf_api_eval_case_json(&c, 1);
    json_object_set_new(o, "round",
                        json_pack("{s:I, s:s, s:I}", "id", (json_int_t)r.id, "name", r.name,
                                  "owner_id", (json_int_t)r.owner_id));
    json_object_set_new(o, "standard",
                        json_pack("{s:I, s:I, s:s, s:O}", "id", (json_int_t)row.id, "version",
                                  (json_int_t)row.version, "name", row.name, "body", std_body));
    /* 回避: the sheet says so before the evaluator types anything */
    json_object_set_new(o, "recusal", json_boolean(handled));
    zf_resp_json(req, resp, 200, o);
}

/* marks[] from a JSON array of {code, score, problem} (vetoes: no score). */
static int read_marks(zf_arena_t *a, json_t *arr, int vetoes, zf_eval_mark_t **out, size_t *n,
                      zf_error_t *err) {
    const char *field = vetoes ? "vetoes" : "items";
    if (arr && !json_is_array(arr))
        return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", field, "字段 %s 应为数组", field);
    size_t cnt = json_array_size(arr);
    if (cnt > ZF_EVAL_MAX_ITEMS)
        return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", field, "字段 %s 过长", field);
    zf_eval_mark_t *m = zf_arena_alloc(a, (cnt ? cnt : 1) * sizeof *m);
    for (size_t i = 0; i < cnt; i++) {
        json_t *e = json_array_get(arr, i), *v;
        const char *k;
        if (!json_is_object(e))
            return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", field,
                                "%s 的第 %zu 项应为对象", field, i + 1);
        json_object_foreach(e, k, v) {
            if (strcmp(k, "code") && strcmp(k, "problem") && (vetoes || strcmp(k, "score")))
                return zf_error_set(err, ZF_EINVAL, 400, "input.unknown_field", field,
                                    "%s 的第 %zu 项有不认识的字段：%s", field, i + 1, k);
        }
        json_t *code = json_object_get(e, "code"), *score = json_object_get(e, "score");
        json_t *problem = json_object_get(e, "problem");
        if (!json_is_string(code) || (!vetoes && !json_is_integer(score)) ||
            (problem && !json_is_string(problem)))
            return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", field,
                                vetoes ? "否决项第 %zu 项应有 code（字符串）和 problem（字符串）"
                                       : "评查项第 %zu 项应有 code（字符串）、score（整数）和 "
                                         "problem（字符串）",
                                i + 1);
        m[i].code = json_string_value(code);
        m[i].score = vetoes ? 0 : json_integer_value(score);
        m[i].problem = problem ? json_string_value(problem) : "";
    }
    *out = m;
    *n = cnt;
    return 0;
}

/* The marks as stored and logged: in the standard's order, problems trimmed
 * of nothing (the text is the evaluator's). */
static json_t *marks_json(const zf_eval_standard_t *s, const zf_eval_mark_t *items, size_t ni,
                          const zf_eval_mark_t *vetoes, size_t nv) {
    json_t *ji = json_array(), *jv = json_array();
    for (size_t k = 0; k < s->n_items; k++)
        for (size_t i = 0; i < ni; i++)
            if (strcmp(items[i].code, s->items[k].code) == 0)
                json_array_append_new(ji, json_pack("{s:s, s:I, s:s}", "code", items[i].code,
                                                    "score", (json_int_t)items[i].score, "problem",
                                                    items[i].problem));
    for (size_t k = 0; k < s->n_vetoes; k++)
        for (size_t i = 0; i < nv; i++)
            if (strcmp(vetoes[i].code, s->vetoes[k].code) == 0)
                json_array_append_new(jv, json_pack("{s:s, s:s}", "code", vetoes[i].code, "problem",
                                                    vetoes[i].problem));
    return json_pack("{s:o, s:o}", "items", ji, "vetoes", jv);
}

/* Feedback rows: every problem (a deduction or a veto) to every officer of
 * the case with an account. */
static int send_feedback(zf_db_t *db, zf_arena_t *a, const zf_eval_case_t *c,
                         const zf_eval_standard_t *s, const zf_eval_mark_t *items, size_t ni,
                         const zf_eval_mark_t *vetoes, size_t nv, int64_t *sent, zf_error_t *err) {
    int64_t *users;
    size_t nu;
    int rc = zf_eval_case_officer_users(db, a, c->case_id, &users, &nu, err);
    *sent = 0;
    for (size_t u = 0; rc == 0 && u < nu; u++) {
        for (size_t i = 0; rc == 0 && i < ni + nv; i++) {
            const zf_eval_mark_t *m = i < ni ? &items[i] : &vetoes[i - ni];
            if (!m->problem || !*m->problem) continue;
            const char *name =
                i < ni ? zf_eval_item_find(s, m->code)->name
                       : zf_arena_printf(a, "否决项：%s", zf_eval_veto_find(s, m->code)->name);
            zf_eval_feedback_t f = {.evaluation_id = c->id,
                                    .round_id = c->round_id,
                                    .case_id = c->case_id,
                                    .user_id = users[u],
                                    .item_code = m->code,
                                    .item_name = name,
                                    .problem = m->problem};
            rc = zf_eval_feedback_insert(db, &f, err);
            if (rc == 0) (*sent)++;
        }
    }
    return rc;
}

int zf_api_eval_mark(zf_db_t *db, zf_arena_t *a, zf_eval_case_t *c, const zf_eval_standard_t *s,
                     const zf_eval_mark_t *items, size_t ni, const zf_eval_mark_t *vetoes,
                     size_t nv, int64_t evaluator_id, int submit, zf_eval_result_t *res,
                     json_t **marks, int64_t *sent, zf_error_t *err) {
    int rc = zf_eval_check(s, items, ni, vetoes, nv, res, err);
    if (rc) return rc;
    json_t *m = marks_json(s, items, ni, vetoes, nv);
    char *text = json_dumps(m, JSON_COMPACT | JSON_SORT_KEYS);
    c->marks = zf_arena_strdup(a, text ? text : "{}");
    free(text);
    c->status = submit ? "submitted" : "draft";
    c->evaluator_id = evaluator_id;
    c->total = res->total;
    c->grade = zf_eval_grade_code(res->grade);
    c->veto = res->vetoed;
    rc = zf_eval_case_save(db, c, err);
    *sent = 0;
    if (rc == 0 && submit) rc = send_feedback(db, a, c, s, items, ni, vetoes, nv, sent, err);
    if (rc) {
        json_decref(m);
        return rc;
    }
    *marks = m;
    return 0;
}

void zf_api_evaluation_score(zf_req_t *req, zf_resp_t *resp) {
    zf_error_t err = {0};
    json_t *body = zf_req_json(req, &err);
    if (!body) {
        zf_api_fail(req, resp, &err);
        return;
    }
    zf_arena_t *a = req->arena;
    zf_db_t *db = zf_api_db(req);
    const zf_actor_t *actor = zf_api_actor(req);
    const char *k;
    json_t *v;
    int rc = 0;
    json_object_foreach(body, k, v) {
        if (rc == 0 && strcmp(k, "version") && strcmp(k, "items") && strcmp(k, "vetoes") &&
            strcmp(k, "submit"))
            rc =
                zf_error_set(&err, ZF_EINVAL, 400, "input.unknown_field", k, "不认识的字段：%s", k);
    }
    json_t *jver = json_object_get(body, "version"), *jsub = json_object_get(body, "submit");
    if (rc == 0 && !json_is_integer(jver))
        rc = zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", "version",
                          "缺少必填字段 version（版本号，整数）");
    if (rc == 0 && jsub && !json_is_boolean(jsub))
        rc = zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", "submit",
                          "字段 submit（提交）应为 true 或 false");
    zf_eval_mark_t *items = NULL, *vetoes = NULL;
    size_t ni = 0, nv = 0;
    if (rc == 0) rc = read_marks(a, json_object_get(body, "items"), 0, &items, &ni, &err);
    if (rc == 0) rc = read_marks(a, json_object_get(body, "vetoes"), 1, &vetoes, &nv, &err);
    zf_eval_round_t r;
    zf_eval_case_t c;
    zf_eval_standard_t s;
    json_t *std_body;
    if (rc == 0) rc = load_round(req, "evaluation.score", &r, &err);
    if (rc == 0) {
        rc = zf_eval_is_evaluator(db, r.id, actor->user_id, &err);
        if (rc == 0)
            rc = zf_error_set(&err, ZF_EPERM, 403, "evaluation.not_evaluator", NULL,
                              "您不是评查轮次“%s”的评查人员", r.name);
        else if (rc == 1)
            rc = 0;
    }
    if (rc == 0) rc = zf_db_begin(db, &err);
    if (rc == 0) rc = load_case(req, &r, &c, &err);
    if (rc == 0) {
        /* 回避 (行政处罚法 第四十三条 的精神): nobody evaluates their own case */
        rc = zf_eval_case_handled_by(db, c.case_id, actor->user_id, &err);
        if (rc == 1)
            rc = zf_error_set(&err, ZF_EPERM, 403, "evaluation.recusal", NULL,
                              "回避：您是案件 %s 的承办人员，不能评查本案",
                              *c.case_number ? c.case_number : c.case_title);
    }
    if (rc == 0 && strcmp(c.status, "submitted") == 0)
        rc = zf_error_set(&err, ZF_ECONFLICT, 409, "evaluation.frozen", NULL,
                          "该案件的评查结果已提交，不能修改；如需更正，由轮次发起人重新打开");
    if (rc == 0 && json_integer_value(jver) != c.version)
        rc = zf_error_set(&err, ZF_ECONFLICT, 409, "conflict.version", "version",
                          "该案件的评查记录已被他人修改，请刷新后重试");
    zf_evalstd_row_t row;
    if (rc == 0) rc = load_standard(req, r.standard_id, &row, &s, &std_body, &err);
    zf_eval_result_t res;
    int submit = json_is_true(jsub);
    json_t *before = NULL, *marks = NULL;
    int64_t sent = 0;
    if (rc == 0) {
        before = json_pack("{s:s, s:I, s:s}", "status", c.status, "total", (json_int_t)c.total,
                           "grade", c.grade);
        rc = zf_api_eval_mark(db, a, &c, &s, items, ni, vetoes, nv, actor->user_id, submit, &res,
                              &marks, &sent, &err);
    }
    zf_eval_case_t saved;
    if (rc == 0) rc = zf_eval_case_get(db, a, r.id, c.case_id, &saved, &err);
    if (rc) {
        json_decref(before);
        json_decref(marks);
        zf_api_abort(req, resp, &err);
        return;
    }
    json_t *after = json_pack(
        "{s:I, s:I, s:s, s:I, s:s, s:I, s:o, s:I}", "round_id", (json_int_t)r.id, "case_id",
        (json_int_t)c.case_id, "status", c.status, "total", (json_int_t)res.total, "grade", c.grade,
        "vetoes", (json_int_t)res.vetoed, "marks", marks, "feedback_sent", (json_int_t)sent);
    json_t *answer = zf_api_eval_case_json(&saved, 1);
    json_object_set_new(answer, "feedback_sent", json_integer(sent));
    zf_api_commit_change(req, resp, submit ? "evaluation.submit" : "evaluation.score",
                         "evaluation_case", c.id, r.unit_id, before, after, answer, 200);
}

void zf_api_evaluation_reopen(zf_req_t *req, zf_resp_t *resp) {
    static const zf_field_t spec[] = {
        {"version", ZF_FIELD_INT, 1, "版本号", 0, 0},
        {"reason", ZF_FIELD_STRING, 1, "重新打开的理由", 500, 2},
    };
    json_t *body = zf_api_body(req, resp, spec, sizeof spec / sizeof spec[0]);
    if (!body) return;
    zf_error_t err = {0};
    zf_db_t *db = zf_api_db(req);
    const zf_actor_t *actor = zf_api_actor(req);
    zf_eval_round_t r;
    zf_eval_case_t c;
    int rc = load_round(req, "evaluation.manage", &r, &err);
    /* a correction is the round owner's explicit act, with its reason logged */
    if (rc == 0 && r.owner_id != actor->user_id)
        rc = zf_error_set(&err, ZF_EPERM, 403, "evaluation.not_owner", NULL,
                          "只有评查轮次的发起人（%s）可以重新打开已提交的评查", r.owner_name);
    if (rc == 0) rc = zf_db_begin(db, &err);
    if (rc == 0) rc = load_case(req, &r, &c, &err);
    if (rc == 0 && strcmp(c.status, "submitted") != 0)
        rc = zf_error_set(&err, ZF_EINVAL, 422, "evaluation.not_submitted", NULL,
                          "该案件的评查尚未提交，无需重新打开");
    if (rc == 0 && zf_body_int(body, "version", 0) != c.version)
        rc = zf_error_set(&err, ZF_ECONFLICT, 409, "conflict.version", "version",
                          "该案件的评查记录已被他人修改，请刷新后重试");
    int64_t withdrawn = 0;
    if (rc == 0) {
        c.status = "draft";
        rc = zf_eval_case_save(db, &c, &err);
    }
    if (rc == 0) {
        withdrawn = zf_eval_feedback_withdraw(db, c.id, &err);
        if (withdrawn < 0) rc = (int)withdrawn;
    }
    zf_eval_case_t saved;
    if (rc == 0) rc = zf_eval_case_get(db, req->arena, r.id, c.case_id, &saved, &err);
    if (rc) {
        zf_api_abort(req, resp, &err);
        return;
    }
    json_t *after =
        json_pack("{s:I, s:I, s:s, s:s, s:I}", "round_id", (json_int_t)r.id, "case_id",
                  (json_int_t)c.case_id, "status", "draft", "reason", zf_body_str(body, "reason"),
                  "feedback_withdrawn", (json_int_t)withdrawn);
    zf_api_commit_change(req, resp, "evaluation.reopen", "evaluation_case", c.id, r.unit_id,
                         json_pack("{s:s}", "status", "submitted"), after,
                         zf_api_eval_case_json(&saved, 1), 200);
}

/* average in tenths, rounded half up: 85.45 → 855 (integers only) */
static int64_t tenths(int64_t sum, int64_t count) {
    return count ? (sum * 20 + count) / (2 * count) : 0;
}

/* "85.5" for 855 (copied by json_pack at once) */
static const char *tenths_text(char buf[32], int64_t t) {
    snprintf(buf, 32, "%lld.%lld", (long long)(t / 10), (long long)(t % 10));
    return buf;
}

static json_t *agg_json(const zf_eval_agg_t *g, size_t n, const char *key) {
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++) {
        int64_t t = tenths(g[i].sum, g[i].count);
        char buf[32];
        json_array_append_new(arr, json_pack("{s:I, s:s, s:I, s:I, s:I, s:s, s:I}", key,
                                             (json_int_t)g[i].key, "name", g[i].name, "cases",
                                             (json_int_t)g[i].count, "sum", (json_int_t)g[i].sum,
                                             "average_tenths", (json_int_t)t, "average",
                                             tenths_text(buf, t), "fails", (json_int_t)g[i].fails));
    }
    return arr;
}

void zf_api_evaluation_results(zf_req_t *req, zf_resp_t *resp) {
    zf_error_t err = {0};
    zf_db_t *db = zf_api_db(req);
    zf_arena_t *a = req->arena;
    zf_eval_round_t r;
    zf_eval_case_t *cs = NULL;
    zf_eval_agg_t *by_officer = NULL, *by_unit = NULL;
    size_t n_cs = 0, n_o = 0, n_u = 0;
    int rc = load_round(req, "evaluation.read", &r, &err);
    if (rc == 0) rc = zf_eval_cases_list(db, a, r.id, &cs, &n_cs, &err);
    if (rc == 0) rc = zf_eval_results(db, a, r.id, 0, &by_officer, &n_o, &err);
    if (rc == 0) rc = zf_eval_results(db, a, r.id, 1, &by_unit, &n_u, &err);
    if (rc) {
        zf_api_fail(req, resp, &err);
        return;
    }
    json_t *jc = json_array();
    int64_t grades[3] = {0, 0, 0};
    for (size_t i = 0; i < n_cs; i++) {
        if (strcmp(cs[i].status, "submitted") != 0) continue;
        int g = zf_eval_grade_parse(cs[i].grade);
        if (g >= 0) grades[g]++;
        json_array_append_new(jc, zf_api_eval_case_json(&cs[i], 0));
    }
    zf_resp_json(req, resp, 200,
                 json_pack("{s:I, s:I, s:I, s:o, s:o, s:o, s:{s:I, s:I, s:I}}", "round_id",
                           (json_int_t)r.id, "cases_total", (json_int_t)n_cs, "cases_submitted",
                           (json_int_t)json_array_size(jc), "cases", jc, "officers",
                           agg_json(by_officer, n_o, "officer_id"), "units",
                           agg_json(by_unit, n_u, "unit_id"), "grades", "excellent",
                           (json_int_t)grades[0], "pass", (json_int_t)grades[1], "fail",
                           (json_int_t)grades[2]));
}

void zf_api_evaluation_feedback(zf_req_t *req, zf_resp_t *resp) {
    zf_error_t err = {0};
    int64_t before = 0, limit = 50;
    int rc = zf_api_page_params(req, &before, &limit, &err);
    zf_eval_feedback_t *items;
    size_t n;
    /* only the signed-in officer's own: feedback is addressed to a person */
    if (rc == 0)
        rc = zf_eval_feedback_of_user(zf_api_db(req), req->arena, zf_api_actor(req)->user_id,
                                      before, limit, &items, &n, &err);
    if (rc) {
        zf_api_fail(req, resp, &err);
        return;
    }
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, zf_api_eval_feedback_json(&items[i]));
    zf_resp_json(req, resp, 200,
                 json_pack("{s:o, s:o}", "items", arr, "next_before",
                           (int64_t)n == limit && n ? json_integer(items[n - 1].id) : json_null()));
}

void zf_api_evaluation_feedback_answer(zf_req_t *req, zf_resp_t *resp) {
    static const zf_field_t spec[] = {
        {"answer", ZF_FIELD_STRING, 1, "整改说明", ZF_EVAL_TEXT_MAX, 2},
    };
    json_t *body = zf_api_body(req, resp, spec, sizeof spec / sizeof spec[0]);
    if (!body) return;
    int64_t id = zf_api_id_param(req, resp, "id");
    if (!id) return;
    zf_error_t err = {0};
    zf_db_t *db = zf_api_db(req);
    zf_eval_feedback_t f;
    const char *answer = zf_body_str(body, "answer");
    int rc = zf_db_begin(db, &err);
    if (rc == 0) rc = zf_eval_feedback_get(db, req->arena, id, &f, &err);
    /* someone else's feedback is not found, as if it did not exist */
    if (rc == 0 && f.user_id != zf_api_actor(req)->user_id)
        rc = zf_error_set(&err, ZF_ENOTFOUND, 404, "evaluation.feedback_not_found", NULL,
                          "该评查反馈不存在");
    if (rc == 0) rc = zf_eval_feedback_answer(db, id, answer, &err);
    zf_eval_feedback_t saved;
    if (rc == 0) rc = zf_eval_feedback_get(db, req->arena, id, &saved, &err);
    zf_eval_round_t r;
    if (rc == 0) rc = zf_eval_round_get(db, req->arena, f.round_id, &r, &err);
    if (rc) {
        zf_api_abort(req, resp, &err);
        return;
    }
    json_t *after = json_pack("{s:I, s:I, s:s, s:s, s:s}", "round_id", (json_int_t)f.round_id,
                              "case_id", (json_int_t)f.case_id, "item_code", f.item_code, "status",
                              "answered", "answer", answer);
    zf_api_commit_change(req, resp, "evaluation.feedback.answer", "evaluation_feedback", id,
                         r.unit_id, json_pack("{s:s}", "status", "open"), after,
                         zf_api_eval_feedback_json(&saved), 200);
}
