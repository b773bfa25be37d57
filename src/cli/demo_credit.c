/* demo_credit.c — see demo_credit.h. The steps are those of api/credit.c
 * (propose → approve → notify with the issued 告知书 → list with the issued
 * 决定书 → apply for early removal), written through the same store
 * functions and logged with the same actions, so the credit page and the
 * public list of `make run` look like a year of use. */
#include "cli/demo_credit.h"

#include <string.h>

#include "api/api.h"
#include "api/case_api.h"
#include "api/credit_doc.h"
#include "api/doc_issue.h"
#include "api/enterprises.h"
#include "cli/demo_log.h"
#include "core/day.h"
#include "store/credit.h"
#include "store/credit_persons.h"
#include "store/store.h"

/* The first operating enterprise of a domain not flagged yet, after skip. */
static int pick(zf_db_t *db, zf_arena_t *a, const char *domain, int skip, zf_enterprise_t *e,
                zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db,
                                  "SELECT id FROM enterprises WHERE domain = $1 AND status = "
                                  "'operating' AND credit_punished = 0 AND legal_rep <> '' "
                                  "ORDER BY id LIMIT 1 OFFSET $2",
                                  err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_text(st, 1, domain);
    zf_stmt_bind_int(st, 2, skip);
    int rc = zf_stmt_step(st, err);
    int64_t id = rc == 1 ? zf_stmt_int(st, 0) : 0;
    zf_stmt_done(st);
    if (rc < 0) return rc;
    if (!id)
        return zf_error_set(err, ZF_ENOTFOUND, 500, "demo.no_enterprise", domain,
                            "演示企业中没有可用的 %s 企业", domain);
    return zf_enterprise_get(db, a, id, e, err);
}

static const char *day_str(zf_arena_t *a, zf_day_t d) {
    char buf[11];
    zf_day_format(d, buf);
    return zf_arena_strdup(a, buf);
}

static int log_rec(zf_db_t *db, zf_arena_t *a, int64_t actor, const char *action,
                   const zf_credit_record_t *r, zf_error_t *err) {
    return zf_demo_log(db, a, actor, action, "credit_record", r->id, r->unit_id,
                       zf_credit_record_json(r), err);
}

static int user_id(zf_db_t *db, zf_arena_t *a, const char *username, int64_t *id, zf_error_t *err) {
    zf_user_t u;
    int rc = zf_user_get_by_username(db, a, username, &u, err);
    if (rc == 0) *id = u.id;
    return rc;
}

/* Every demo case with a penalty decision (not 不予处罚), oldest first. */
static int case_bad_records(zf_db_t *db, zf_arena_t *a, int64_t actor, const char *bureau,
                            zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db,
                                  "SELECT DISTINCT c.id FROM cases c JOIN case_decisions d ON "
                                  "d.case_id = c.id WHERE c.state <> 'no_penalty' ORDER BY c.id "
                                  "LIMIT 1000",
                                  err);
    if (!st) return ZF_EIO;
    int64_t ids[1000];
    size_t n = 0;
    int rc;
    while ((rc = zf_stmt_step(st, err)) == 1)
        ids[n++] = zf_stmt_int(st, 0);
    zf_stmt_done(st);
    if (rc < 0) return rc;
    for (size_t i = 0; i < n; i++) {
        zf_case_full_t f;
        rc = zf_case_load(db, a, ids[i], &f, err);
        for (size_t k = 0; rc == 0 && k < f.ndecisions; k++)
            rc = zf_api_case_credit_outcome(db, a, actor, &f, &f.decisions[k], bureau, err);
        if (rc) return rc;
    }
    return 0;
}

int zf_demo_credit_load(zf_db_t *db, zf_arena_t *a, const char *data_dir, zf_error_t *err) {
    char today_s[11];
    zf_api_today(today_s);
    zf_day_t today = ZF_DAY_NONE;
    zf_day_parse(today_s, &today);
    int64_t leader = 0, head = 0;
    int rc = user_id(db, a, "liuyang", &leader, err);
    if (rc == 0) rc = user_id(db, a, "chenjie", &head, err);
    const char *bureau = rc == 0 ? zf_api_bureau_name(db, a) : "";
    zf_enterprise_t chem, wood;
    if (rc == 0) rc = pick(db, a, "hazchem", 0, &chem, err);
    if (rc == 0) rc = pick(db, a, "industry", 0, &wood, err);
    if (rc) return rc;

    /* 1. the bad records of the demo's penalty decisions (安全生产法 第78条第1款),
     * as the case transitions write them on a server (api/case_credit.c) */
    rc = case_bad_records(db, a, head, bureau, err);
    if (rc) return rc;
    zf_credit_outcome_t o;

    /* 2. listed 14 months ago: 瞒报 (列入情形（四）), the principal listed too */
    zf_day_t d_dec = zf_day_add_months(today, -15), d_listed = zf_day_add_months(today, -14);
    int64_t bad_id = 0, prop_id = 0;
    /* the case numbers 121 and 136 stand for decisions outside the demo
     * cases (their series stays far below) */
    o = (zf_credit_outcome_t){
        .enterprise_id = chem.id,
        .case_number = zf_arena_printf(a, "（叶）应急罚〔%.4s〕121号", day_str(a, d_dec)),
        .decision_date = day_str(a, d_dec),
        .summary = "发生一般生产安全事故后瞒报：罚款人民币300000.00元",
        .principal_name = chem.legal_rep,
        .authority = bureau};
    o.facts.penalized = 1;
    o.facts.accident_grade = ZF_ACCIDENT_GENERAL;
    o.facts.concealed = 1;
    rc = zf_credit_case_outcome(db, a, head, &o, &bad_id, &prop_id, err);
    zf_credit_record_t r;
    if (rc == 0) rc = zf_credit_record_get(db, a, prop_id, &r, err);
    zf_credit_person_t p = {.record_id = prop_id,
                            .role = "principal",
                            .name = chem.legal_rep,
                            .id_number = "341504197803054517",
                            .position = "总经理",
                            .created_by = head},
                       stored;
    if (rc == 0) rc = zf_credit_person_insert(db, a, &p, &stored, err);
    if (rc == 0)
        rc = zf_demo_log(db, a, head, "credit.person_add", "credit_record", r.id, r.unit_id,
                         zf_credit_person_json(&stored), err);
    /* approved by the leader the day after */
    if (rc == 0) {
        r.status = "approved";
        r.decision_reason = "瞒报事故，情节严重，同意列入";
        r.decided_by = leader;
        r.decided_at = zf_arena_printf(a, "%sT02:00:00.000Z", day_str(a, d_dec + 1));
        rc = zf_credit_record_update(db, a, &r, r.version, err);
    }
    if (rc == 0) rc = log_rec(db, a, leader, "credit.approve", &r, err);
    /* the 告知书, issued and served two days later */
    json_t *cf = json_pack("{s:{s:I}}", "credit", "record_id", (json_int_t)r.id);
    int64_t notice_id = 0, decision_id = 0;
    const char *notice_no = NULL, *decision_no = NULL;
    if (rc == 0)
        rc =
            zf_api_document_issue_now(db, a, data_dir, head, "credit_notice", "enterprise", chem.id,
                                      cf, day_str(a, d_dec + 3), &notice_id, &notice_no, err);
    if (rc == 0) {
        r.status = "notified";
        r.notified_on = day_str(a, d_dec + 3);
        r.notice_doc = notice_no;
        r.notice_document_id = notice_id;
        r.notified_by = head;
        rc = zf_credit_record_update(db, a, &r, r.version, err);
    }
    if (rc == 0) rc = log_rec(db, a, head, "credit.notify", &r, err);
    /* no statement came in; the 决定书 on the listing day */
    if (rc == 0)
        rc = zf_api_document_issue_now(db, a, data_dir, head, "credit_decision", "enterprise",
                                       chem.id, cf, day_str(a, d_listed), &decision_id,
                                       &decision_no, err);
    json_decref(cf);
    int64_t months = 0;
    if (rc == 0)
        rc =
            zf_credit_param(db, "credit.serious.period_months", day_str(a, d_listed), &months, err);
    if (rc == 0) {
        r.status = "listed";
        r.published_from = day_str(a, d_listed);
        r.expires_on = day_str(a, zf_credit_expires_on(d_listed, (int)months));
        r.period_months = months;
        r.listed_by = head;
        r.decision_document_id = decision_id;
        rc = zf_credit_record_update(db, a, &r, r.version, err);
    }
    if (rc == 0) rc = zf_api_enterprise_set_credit(NULL, db, a, head, chem.id, 1, NULL, err);
    if (rc == 0) rc = log_rec(db, a, head, "credit.list", &r, err);
    /* an early-removal application, three days old, waiting for the leader */
    zf_credit_application_t ap = {.record_id = r.id,
                                  .enterprise_id = chem.id,
                                  .submitted_on = day_str(a, today - 3),
                                  .applicant = chem.name,
                                  .conditions = "C1 C2 C3 C4",
                                  .statement = "罚款已缴清，事故隐患已整改并经复查合格，"
                                               "列入后未再发生违法行为，已作出信用承诺。",
                                  .created_by = head},
                            apo;
    if (rc == 0) rc = zf_credit_application_insert(db, a, &ap, &apo, err);
    if (rc == 0)
        rc = zf_demo_log(db, a, head, "credit.apply", "credit_application", apo.id, r.unit_id,
                         zf_credit_application_json(&apo), err);

    /* 3. a fresh proposal: 第114条 two-fold fine (列入情形（三）) */
    zf_day_t d_new = today - 6;
    o = (zf_credit_outcome_t){.enterprise_id = wood.id,
                              .case_number =
                                  zf_arena_printf(a, "（叶）应急罚〔%.4s〕136号", today_s),
                              .decision_date = day_str(a, d_new),
                              .summary = "木材加工车间粉尘爆炸致较大生产安全事故，情节特别严重："
                                         "依安全生产法第一百一十四条处罚款数额2倍的罚款",
                              .principal_name = wood.legal_rep,
                              .authority = bureau};
    o.facts.penalized = 1;
    o.facts.accident_grade = ZF_ACCIDENT_LARGER;
    o.facts.multiple_114_pct = 200;
    o.facts.larger_dates[0] = d_new - 30;
    o.facts.n_larger = 1;
    if (rc == 0) rc = zf_credit_case_outcome(db, a, head, &o, NULL, NULL, err);
    return rc;
}
