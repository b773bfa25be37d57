/* demo_evaluation.c — see demo_evaluation.h. The rounds go through the same
 * helpers as the API (zf_api_eval_round_make, zf_api_eval_mark), so the
 * demo's draws, totals, grades and feedback are the server's own. */
#include "cli/demo_evaluation.h"

#include <string.h>

#include "api/api.h"
#include "cli/demo_log.h"
#include "core/day.h"

/* Deductions per case of the finished round, in selection order: the
 * problems a legal reviewer typically finds (dates of service, reasons of
 * discretion, the file's table of contents). */
typedef struct demo_deduction {
    const char *code;
    int points;
    const char *problem;
} demo_deduction_t;

static const demo_deduction_t DEDUCTIONS[][3] = {
    {{"PRO-5", 3, "决定书送达回执未注明送达方式，送达时间与决定日期间隔未作说明。"},
     {"LAW-3", 2, "裁量说明只写“综合考虑”，未对照裁量基准说明选择该阶次的理由。"},
     {NULL, 0, NULL}},
    {{"EVI-2", 6, "现场照片未注明拍摄时间、地点和拍摄人，未附证据说明。"},
     {"DOC-2", 3, "询问笔录未逐页签名，个别文书编号未按案件序号编排。"},
     {"ARC-1", 3, "卷内目录与文书排列顺序不一致，缺少备考表。"}},
    {{"DOC-1", 1, "当场处罚决定书未写明申请行政复议的具体机关名称。"},
     {NULL, 0, NULL},
     {NULL, 0, NULL}},
};

static int64_t user_of(zf_db_t *db, zf_arena_t *a, const char *username) {
    zf_user_t u;
    zf_error_t e = {0};
    return zf_user_get_by_username(db, a, username, &u, &e) == 0 ? u.id : 0;
}

static const char *days_ago(zf_arena_t *a, int n) {
    char today[11];
    zf_api_today(today);
    zf_day_t d;
    zf_day_parse(today, &d);
    char *out = zf_arena_alloc(a, 11);
    zf_day_format(d - n, out);
    return out;
}

static int make_round(zf_db_t *db, zf_arena_t *a, zf_eval_round_t *r, const int64_t *ev, size_t nev,
                      int64_t *id, zf_error_t *err) {
    json_t *selected = NULL;
    int rc = zf_api_eval_round_make(db, a, r, ev, nev, id, &selected, err);
    zf_eval_round_t got;
    if (rc == 0) rc = zf_eval_round_get(db, a, *id, &got, err);
    if (rc) {
        json_decref(selected);
        return rc;
    }
    json_t *after = zf_api_eval_round_json(&got);
    json_object_set_new(after, "cases", selected);
    return zf_demo_log(db, a, r->owner_id, "evaluation.round.create", "evaluation_round", *id,
                       r->unit_id, after, err);
}

/* Score every case of the round from DEDUCTIONS and submit. */
static int score_round(zf_db_t *db, zf_arena_t *a, const zf_eval_round_t *r, int64_t evaluator,
                       zf_error_t *err) {
    zf_evalstd_row_t row;
    json_t *body;
    zf_eval_standard_t s;
    zf_eval_case_t *cs;
    size_t n;
    int rc = zf_evalstd_get(db, a, r->standard_id, &row, err);
    if (rc == 0) rc = zf_api_eval_standard_load(a, &row, &body, &s, err);
    if (rc == 0) rc = zf_eval_cases_list(db, a, r->id, &cs, &n, err);
    for (size_t k = 0; rc == 0 && k < n; k++) {
        const demo_deduction_t *d = DEDUCTIONS[k % (sizeof DEDUCTIONS / sizeof DEDUCTIONS[0])];
        zf_eval_mark_t *m = zf_arena_alloc(a, s.n_items * sizeof *m);
        for (size_t i = 0; i < s.n_items; i++) {
            m[i] =
                (zf_eval_mark_t){.code = s.items[i].code, .score = s.items[i].max, .problem = ""};
            for (size_t j = 0; j < 3 && d[j].code; j++)
                if (strcmp(d[j].code, m[i].code) == 0) {
                    m[i].score -= d[j].points;
                    m[i].problem = d[j].problem;
                }
        }
        zf_eval_result_t res;
        json_t *marks = NULL;
        int64_t sent;
        rc = zf_api_eval_mark(db, a, &cs[k], &s, m, s.n_items, NULL, 0, evaluator, 1, &res, &marks,
                              &sent, err);
        if (rc) break;
        json_t *after =
            json_pack("{s:I, s:I, s:s, s:I, s:s, s:o, s:I}", "round_id", (json_int_t)r->id,
                      "case_id", (json_int_t)cs[k].case_id, "status", "submitted", "total",
                      (json_int_t)res.total, "grade", zf_eval_grade_code(res.grade), "marks", marks,
                      "feedback_sent", (json_int_t)sent);
        rc = zf_demo_log(db, a, evaluator, "evaluation.submit", "evaluation_case", cs[k].id,
                         r->unit_id, after, err);
    }
    return rc;
}

int zf_demo_evaluation_load(zf_db_t *db, zf_arena_t *a, zf_error_t *err) {
    zf_unit_t bureau;
    zf_evalstd_row_t std;
    int rc = zf_unit_get_by_code(db, a, "341504", &bureau, err);
    if (rc == 0) rc = zf_evalstd_get(db, a, 0, &std, err);
    if (rc) return rc;
    int64_t zhaomin = user_of(db, a, "zhaomin"), chenjie = user_of(db, a, "chenjie");
    int64_t wugang = user_of(db, a, "wugang"), zhangwei = user_of(db, a, "zhangwei");
    /* finished: complete, the cases decided 15–100 days ago */
    int64_t ev1[] = {zhaomin, chenjie};
    zf_eval_round_t done = {.unit_id = bureau.id,
                            .unit_path = bureau.path,
                            .unit_name = bureau.name,
                            .name = "2026年第三季度行政处罚案卷评查",
                            .period_from = days_ago(a, 100),
                            .period_to = days_ago(a, 15),
                            .mode = "complete",
                            .standard_id = std.id,
                            .owner_id = zhaomin};
    int64_t id1 = 0, id2 = 0;
    rc = make_round(db, a, &done, ev1, 2, &id1, err);
    if (rc == 0) rc = zf_eval_round_get(db, a, id1, &done, err);
    if (rc == 0) rc = score_round(db, a, &done, zhaomin, err);
    /* 张伟 has answered his first problem */
    zf_eval_feedback_t *fb;
    size_t nfb;
    if (rc == 0) rc = zf_eval_feedback_of_user(db, a, zhangwei, 0, 100, &fb, &nfb, err);
    if (rc == 0 && nfb > 0) {
        const zf_eval_feedback_t *f = &fb[nfb - 1];
        const char *answer = "已组织办案人员学习送达规定，送达回执补注送达方式，今后决定书"
                             "宣告后当场交付或七个工作日内送达。";
        rc = zf_eval_feedback_answer(db, f->id, answer, err);
        if (rc == 0)
            rc = zf_demo_log(db, a, zhangwei, "evaluation.feedback.answer", "evaluation_feedback",
                             f->id, bureau.id,
                             json_pack("{s:I, s:s, s:s, s:s}", "case_id", (json_int_t)f->case_id,
                                       "item_code", f->item_code, "status", "answered", "answer",
                                       answer),
                             err);
    }
    /* open: sampled, 2 of the cases decided in the last 30 days */
    int64_t ev2[] = {zhaomin, wugang};
    zf_eval_round_t open = {.unit_id = bureau.id,
                            .unit_path = bureau.path,
                            .unit_name = bureau.name,
                            .name = "2026年11月行政处罚案卷抽查",
                            .period_from = days_ago(a, 30),
                            .period_to = days_ago(a, 0),
                            .mode = "sampled",
                            .sample_count = 2,
                            .standard_id = std.id,
                            .owner_id = chenjie};
    if (rc == 0) rc = make_round(db, a, &open, ev2, 2, &id2, err);
    return rc;
}
