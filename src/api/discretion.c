/* discretion.c — POST /api/v1/discretion: the discretion engine (R10) for
 * any signed-in role, and the same computation for `zhifa calc discretion`.
 * Reads the item versions in force on the violation and the decision dates
 * (从旧兼从轻, 第37条) and the legal parameters in force on the decision
 * date; the engine itself (core/discretion.c) does no I/O. Nothing is
 * stored, so nothing is logged: the case that uses the result logs it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"

static const zf_field_t facts_spec[] = {
    {"item_code", ZF_FIELD_STRING, 1, "执法事项编码", 32, 1},
    {"violation_date", ZF_FIELD_STRING, 1, "违法行为发生日期", 10, 10},
    {"decision_date", ZF_FIELD_STRING, 1, "作出决定日期", 10, 10},
    {"tier", ZF_FIELD_STRING, 0, "情节阶次", 16, 1},
    {"first_offence", ZF_FIELD_BOOL, 0, "初次违法", 0, 0},
    {"corrected_in_time", ZF_FIELD_BOOL, 0, "及时改正", 0, 0},
    {"consequences", ZF_FIELD_STRING, 0, "危害后果", 16, 1},
    {"no_fault", ZF_FIELD_BOOL, 0, "无主观过错", 0, 0},
    {"eliminated_harm", ZF_FIELD_BOOL, 0, "主动消除或者减轻危害后果", 0, 0},
    {"coerced", ZF_FIELD_BOOL, 0, "受他人胁迫或者诱骗", 0, 0},
    {"confessed", ZF_FIELD_BOOL, 0, "主动供述尚未掌握的违法行为", 0, 0},
    {"meritorious", ZF_FIELD_BOOL, 0, "配合查处有立功表现", 0, 0},
    {"prior_violations", ZF_FIELD_INT, 0, "此前因同一违法行为受处罚次数", 0, 0},
    {"refused_correction", ZF_FIELD_BOOL, 0, "拒不整改", 0, 0},
    {"obstructed", ZF_FIELD_BOOL, 0, "拒绝阻碍执法", 0, 0},
    {"illegal_gains", ZF_FIELD_INT, 0, "违法所得（分）", 0, 0},
    {"persons", ZF_FIELD_INT, 0, "受处罚人数", 0, 0},
    /* fines that are not fixed amounts (fine_rule) */
    {"annual_income", ZF_FIELD_INT, 0, "上一年年收入（分）", 0, 0},
    {"accident_grade", ZF_FIELD_STRING, 0, "事故等级", 20, 0},
    {"base_fine", ZF_FIELD_INT, 0, "据以计算倍数的罚款数额（分）", 0, 0},
};

static const char *outcome_name(const char *o) {
    if (strcmp(o, "penalty") == 0) return "予以行政处罚";
    if (strcmp(o, "no_penalty") == 0) return "不予行政处罚";
    if (strcmp(o, "no_penalty_optional") == 0) return "可以不予行政处罚（首违不罚，须写明理由）";
    return "无固定罚款数额，依事项规定处理";
}

static const char *adjustment_name(const char *a) {
    if (strcmp(a, "lighter") == 0) return "从轻";
    if (strcmp(a, "reduced") == 0) return "减轻";
    if (strcmp(a, "heavier") == 0) return "从重";
    if (strcmp(a, "offset") == 0) return "从轻与从重情形并存，综合裁量";
    return "无";
}

/* The engine's view of a stored version (tiers parsed from JSON). */
static void to_engine(zf_arena_t *a, const zf_cat_version_t *v, zf_disc_item_t *it) {
    memset(it, 0, sizeof *it);
    it->code = v->code;
    it->title = v->title;
    it->violation_basis = v->violation_basis;
    it->penalty_basis = v->penalty_basis;
    it->target = v->target;
    it->other_measures = v->other_measures;
    it->version = v->version;
    it->effective_from = v->effective_from;
    it->per_person = v->per_person;
    it->has_min = v->has_min;
    it->has_max = v->has_max;
    it->fine_min = v->fine_min;
    it->fine_max = v->fine_max;
    it->gains_threshold = v->gains_threshold;
    it->gains_mult_min = v->gains_mult_min;
    it->gains_mult_max = v->gains_mult_max;
    zf_api_fine_rule_to_engine(a, v->fine_rule, it);
    if (!v->tiers) return;
    json_t *arr = json_loads(v->tiers, 0, NULL);
    if (json_is_array(arr) && json_array_size(arr) == ZF_TIER_COUNT) {
        zf_disc_tier_t *t = zf_arena_alloc(a, ZF_TIER_COUNT * sizeof *t);
        for (size_t i = 0; i < ZF_TIER_COUNT; i++) {
            json_t *o = json_array_get(arr, i);
            t[i].tier = zf_disc_tier_from_code(json_string_value(json_object_get(o, "tier")));
            t[i].from_pm = (int)json_integer_value(json_object_get(o, "from_permille"));
            t[i].to_pm = (int)json_integer_value(json_object_get(o, "to_permille"));
            t[i].condition = zf_arena_strdup(a, json_string_value(json_object_get(o, "condition")));
        }
        it->tiers = t;
        it->ntiers = ZF_TIER_COUNT;
    }
    json_decref(arr);
}

static int flag(json_t *body, const char *name) {
    return json_is_true(json_object_get(body, name));
}

static json_t *money(zf_arena_t *a, int64_t fen) {
    return json_pack("{s:I, s:s}", "fen", (json_int_t)fen, "text", zf_disc_yuan(a, fen));
}

int zf_api_discretion_compute(zf_db_t *db, zf_arena_t *a, json_t *body, json_t *item,
                              json_t **answer, zf_error_t *err) {
    int rc = zf_api_check_fields(body, facts_spec, sizeof facts_spec / sizeof facts_spec[0], err);
    if (rc) return rc;
    zf_disc_facts_t f = ZF_DISC_FACTS_INIT;
    f.violation_date = json_string_value(json_object_get(body, "violation_date"));
    f.decision_date = json_string_value(json_object_get(body, "decision_date"));
    const char *tier = json_string_value(json_object_get(body, "tier"));
    f.tier = tier ? zf_disc_tier_from_code(tier) : ZF_TIER_GENERAL;
    const char *conseq = json_string_value(json_object_get(body, "consequences"));
    f.consequences = conseq ? zf_disc_conseq_from_code(conseq) : ZF_CONSEQ_NONE;
    f.first_offence = flag(body, "first_offence");
    f.corrected_in_time = flag(body, "corrected_in_time");
    f.no_fault = flag(body, "no_fault");
    f.eliminated_harm = flag(body, "eliminated_harm");
    f.coerced = flag(body, "coerced");
    f.confessed = flag(body, "confessed");
    f.meritorious = flag(body, "meritorious");
    f.refused_correction = flag(body, "refused_correction");
    f.obstructed = flag(body, "obstructed");
    json_t *j;
    if ((j = json_object_get(body, "prior_violations")) && json_is_integer(j))
        f.prior_violations = (int)(json_integer_value(j) > 100000 ? 100000 : json_integer_value(j));
    if ((j = json_object_get(body, "illegal_gains")) && json_is_integer(j))
        f.illegal_gains = json_integer_value(j);
    if ((j = json_object_get(body, "persons")) && json_is_integer(j))
        f.persons = (int)(json_integer_value(j) > 100000 || json_integer_value(j) < -100000
                              ? 100000
                              : json_integer_value(j));
    if ((j = json_object_get(body, "annual_income")) && json_is_integer(j)) {
        f.has_income = 1;
        f.annual_income = json_integer_value(j);
    }
    if ((j = json_object_get(body, "base_fine")) && json_is_integer(j)) {
        f.has_base = 1;
        f.base_fine = json_integer_value(j);
    }
    const char *grade = json_string_value(json_object_get(body, "accident_grade"));
    f.accident_grade = grade ? zf_disc_grade_from_code(grade) : ZF_GRADE_NONE;
    if (f.accident_grade < 0)
        return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", "accident_grade",
                            "事故等级应为 general（一般）、larger（较大）、major（重大）或 "
                            "especially_major（特别重大）");
    /* dates first, so a bad date is named before the lookup fails on it */
    if (!zf_disc_date_valid(f.violation_date))
        return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", "violation_date",
                            "违法行为发生日期应为有效日期，格式 YYYY-MM-DD");
    if (!zf_disc_date_valid(f.decision_date))
        return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", "decision_date",
                            "作出决定日期应为有效日期，格式 YYYY-MM-DD");
    const char *code = json_string_value(json_object_get(body, "item_code"));
    zf_cat_version_t vv, vd;
    int have_decision = 1;
    if (item) {
        /* an item given as JSON (zhifa calc discretion): one version for both dates */
        memset(&vv, 0, sizeof vv);
        vv.kind = "行政处罚";
        vv.version = 1;
        rc = zf_api_catalogue_from_json(a, item, &vv, err);
        if (rc) return rc;
        if (strcmp(vv.effective_from, f.violation_date) > 0)
            return zf_error_set(err, ZF_EINVAL, 400, "catalogue.not_in_force", "violation_date",
                                "执法事项 %s 自 %s 起施行，违法行为发生时尚未施行", vv.code,
                                vv.effective_from);
        vd = vv;
    } else {
        rc = zf_catalogue_at(db, a, code, f.violation_date, &vv, err);
        if (rc == ZF_ENOTFOUND && strcmp(err->code, "catalogue.not_in_force") == 0)
            return zf_error_set(err, ZF_EINVAL, 400, "catalogue.not_in_force", "violation_date",
                                "执法事项 %s 在违法行为发生日 %s 尚未施行，不能据以处罚", code,
                                f.violation_date);
        if (rc == ZF_ENOTFOUND) {
            /* an unknown item is bad input here, not a missing resource */
            err->status = 400;
            snprintf(err->field, sizeof err->field, "item_code");
        }
        if (rc) return rc;
        if (strcmp(f.decision_date, f.violation_date) >= 0) {
            rc = zf_catalogue_at(db, a, code, f.decision_date, &vd, err);
            if (rc) return rc;
        } else {
            have_decision = 0;
        }
    }
    if (!db)
        return zf_error_set(err, ZF_EIO, 500, "legal_param.missing", NULL,
                            "需要数据库中的法定参数");
    zf_legal_param_t *rows;
    size_t nrows;
    const char *pdate =
        strcmp(f.decision_date, f.violation_date) >= 0 ? f.decision_date : f.violation_date;
    rc = zf_legal_params_at(db, a, pdate, &rows, &nrows, err);
    if (rc) return rc;
    zf_disc_params_t p;
    rc = zf_api_disc_params(rows, nrows, &p, err);
    if (rc) return rc;
    zf_disc_item_t iv, id;
    to_engine(a, &vv, &iv);
    if (have_decision) to_engine(a, &vd, &id); /* vd is unset otherwise */
    zf_disc_result_t r;
    rc = zf_discretion_run(a, &iv, have_decision ? &id : NULL, &p, &f, &r, err);
    if (rc) return rc;

    json_t *steps = json_array(), *measures = json_array(), *notices = json_array();
    const char *text =
        zf_arena_printf(a, "关于%s「%s」的裁量说明：\n", r.applied->code, r.applied->title);
    for (size_t i = 0; i < r.nsteps; i++) {
        json_array_append_new(steps, json_pack("{s:I, s:s, s:s}", "n", (json_int_t)(i + 1), "text",
                                               r.steps[i].text, "basis", r.steps[i].basis));
        text = zf_arena_printf(a, "%s%zu. %s（依据：%s）\n", text, i + 1, r.steps[i].text,
                               r.steps[i].basis);
    }
    text = zf_arena_printf(a, "%s结论：%s。", text, outcome_name(r.outcome));
    for (size_t i = 0; i < r.nmeasures; i++) {
        json_array_append_new(measures, json_string(r.measures[i]));
        text = zf_arena_printf(a, "%s%s%s", text, i ? "；" : "处理措施：", r.measures[i]);
    }
    text = zf_arena_printf(a, "%s。\n", text);
    for (size_t i = 0; i < r.nnotices; i++) {
        json_array_append_new(notices, json_string(r.notices[i]));
        text = zf_arena_printf(a, "%s提示：%s\n", text, r.notices[i]);
    }
    json_t *o = json_object();
    json_object_set_new(o, "outcome", json_string(r.outcome));
    json_object_set_new(o, "outcome_name", json_string(outcome_name(r.outcome)));
    json_object_set_new(o, "item",
                        json_pack("{s:s, s:s, s:i, s:s, s:s, s:s}", "code", r.applied->code,
                                  "title", r.applied->title, "version", r.applied->version,
                                  "effective_from", r.applied->effective_from, "penalty_basis",
                                  r.applied->penalty_basis, "target", r.applied->target));
    json_object_set_new(o, "version_used",
                        json_string(r.used_decision_version ? "decision" : "violation"));
    json_object_set_new(o, "version_at_violation", json_integer(vv.version));
    json_object_set_new(o, "version_at_decision",
                        have_decision ? json_integer(vd.version) : json_null());
    json_object_set_new(o, "tier", json_string(zf_disc_tier_code(r.tier)));
    json_object_set_new(o, "tier_name", json_string(zf_disc_tier_name(r.tier)));
    json_object_set_new(o, "fine_range",
                        r.has_range
                            ? json_pack("{s:o, s:o, s:s}", "min", money(a, r.range_min), "max",
                                        money(a, r.range_max), "source", r.range_source)
                            : json_null());
    json_object_set_new(o, "tier_range",
                        r.has_amount ? json_pack("{s:o, s:o}", "min", money(a, r.tier_min), "max",
                                                 money(a, r.tier_max))
                                     : json_null());
    if (strcmp(r.range_source, "income") == 0)
        json_object_set_new(o, "rule",
                            json_pack("{s:s, s:s, s:s, s:i, s:i, s:o}", "kind", "income",
                                      "accident_grade", zf_disc_grade_code(r.rule_grade),
                                      "accident_grade_name", zf_disc_grade_name(r.rule_grade),
                                      "min_permille", r.rule_min_pm, "max_permille", r.rule_max_pm,
                                      "annual_income", money(a, f.annual_income)));
    else if (strcmp(r.range_source, "multiple") == 0)
        json_object_set_new(o, "rule",
                            json_pack("{s:s, s:s, s:i, s:i, s:o}", "kind", "multiple", "base",
                                      r.applied->base_desc ? r.applied->base_desc : "", "min_mult",
                                      r.rule_min_pm, "max_mult", r.rule_max_pm, "base_fine",
                                      money(a, f.base_fine)));
    else
        json_object_set_new(o, "rule", json_null());
    json_object_set_new(o, "adjustment", json_string(r.adjustment));
    json_object_set_new(o, "adjustment_name", json_string(adjustment_name(r.adjustment)));
    json_object_set_new(o, "recommended",
                        r.has_amount ? json_pack("{s:o, s:i, s:o}", "amount", money(a, r.amount),
                                                 "persons", r.persons, "total", money(a, r.total))
                                     : json_null());
    json_object_set_new(o, "confiscate", money(a, r.confiscate));
    json_object_set_new(o, "hearing", json_boolean(r.hearing));
    json_object_set_new(o, "simple_procedure", json_boolean(r.simple_procedure));
    json_object_set_new(o, "reason_required", json_boolean(r.reason_required));
    json_object_set_new(o, "measures", measures);
    json_object_set_new(o, "steps", steps);
    json_object_set_new(o, "notices", notices);
    json_object_set_new(o, "params_date", json_string(pdate));
    json_object_set_new(o, "unconfirmed_params", json_integer(p.unconfirmed));
    json_object_set_new(o, "text", json_string(text));
    *answer = o;
    return 0;
}

void zf_api_discretion(zf_req_t *req, zf_resp_t *resp) {
    zf_error_t err = {0};
    json_t *body = zf_req_json(req, &err);
    json_t *answer = NULL;
    int rc = body ? 0 : -1;
    if (rc == 0) rc = zf_perm_check(zf_api_actor(req), "discretion.calc", NULL, &err);
    if (rc == 0)
        rc = zf_api_discretion_compute(zf_api_db(req), req->arena, body, NULL, &answer, &err);
    if (rc != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    zf_resp_json(req, resp, 200, answer);
}
