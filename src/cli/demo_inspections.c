/* demo_inspections.c — the on-site inspection part of `zhifa demo` (issue
 * 7, part B): QR secrets (扫码入企) for every operating demo enterprise, and
 * a few inspections with their ledger entries, checklist answers, findings
 * and hazards, dated relative to the day the demo is loaded:
 *
 *  - 史河街道 (孙丽 + 韩雪): signed 20 days ago, an ordinary hazard whose
 *    deadline passed 5 days ago (overdue); signed 40 days ago, a hazard
 *    rectified and verified at re-inspection; one open today (the phone's
 *    list of today's inspections).
 *  - 执法大队 (张伟 + 李强), at an enterprise of 三元镇: signed 10 days ago, a
 *    major hazard (重大事故隐患) due in 20 days, and an expert (执法+专家).
 *
 * The demo has no photos or signature images (no bytes in the blob store):
 * the signed ones carry the representative's name only. Every record is
 * logged as the server would log it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "api/api.h"
#include "cli/demo_inspections.h"
#include "cli/demo_log.h"
#include "core/day.h"
#include "core/util.h"
#include "store/enterprises.h"
#include "store/inspections.h"
#include "store/ledger.h"

static int64_t lookup(zf_db_t *db, const char *sql, const char *key, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db, sql, err);
    if (!st) return -1;
    zf_stmt_bind_text(st, 1, key);
    int rc = zf_stmt_step(st, err);
    int64_t v = rc == 1 ? zf_stmt_int(st, 0) : 0;
    zf_stmt_done(st);
    return rc < 0 ? -1 : v;
}

static int64_t user_id(zf_db_t *db, const char *u, zf_error_t *err) {
    return lookup(db, "SELECT id FROM users WHERE username = $1", u, err);
}
static int64_t officer_id(zf_db_t *db, const char *name, zf_error_t *err) {
    return lookup(db, "SELECT id FROM officers WHERE name = $1 ORDER BY id LIMIT 1", name, err);
}
static int64_t unit_id(zf_db_t *db, const char *code, zf_error_t *err) {
    return lookup(db, "SELECT id FROM units WHERE code = $1", code, err);
}
/* The n-th operating enterprise of a unit (by id). */
static int64_t enterprise_of(zf_db_t *db, const char *unit_code, int n, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db,
                                  "SELECT e.id FROM enterprises e JOIN units u ON u.id = e.unit_id "
                                  "WHERE u.code = $1 AND e.status = 'operating' AND e.domain = "
                                  "'industry' ORDER BY e.id",
                                  err);
    if (!st) return -1;
    zf_stmt_bind_text(st, 1, unit_code);
    int64_t id = 0;
    int rc, k = 0;
    while ((rc = zf_stmt_step(st, err)) == 1)
        if (k++ == n) {
            id = zf_stmt_int(st, 0);
            break;
        }
    zf_stmt_done(st);
    return rc < 0 ? -1 : id;
}

static void day_str(int offset, char out[11]) {
    char today[11];
    zf_api_today(today);
    zf_day_t d;
    zf_day_parse(today, &d);
    zf_day_format(d + offset, out);
}

typedef struct demo_insp {
    const char *unit, *user, *officer1, *officer2;
    int ent_index;
    int day;  /* days from today */
    int sign; /* signed? */
    const char *finding;
    const char *grade; /* NULL = no hazard */
    int deadline;      /* days from today */
    int verified;
    const char *expert;
} demo_insp_t;

static const demo_insp_t demo[] = {
    {"341504001", "sunli", "孙丽", "韩雪", 0, -20, 1, "木工车间除尘系统未设置泄爆装置", "ordinary",
     -5, 0, NULL},
    {"341504001", "sunli", "孙丽", "韩雪", 1, -40, 1, "粉尘清扫记录缺失", "ordinary", -30, 1, NULL},
    {"341504001", "sunli", "孙丽", "韩雪", 2, 0, 0, NULL, NULL, 0, 0, NULL},
    {"341504100", "zhangwei", "张伟", "李强", 0, -10, 1,
     "砂光作业区与除尘器之间未设置隔爆阀，粉尘爆炸危险场所使用非防爆电气设备", "major", 20, 0,
     "钱立新"},
};

static const char *const answers[][2] = {
    {"DUST-01", "yes"}, {"DUST-02", "yes"}, {"DUST-03", "no"},
    {"DUST-04", "yes"}, {"DUST-05", "na"},
};

static int load_one(zf_db_t *db, zf_arena_t *a, const demo_insp_t *d, int k, zf_error_t *err) {
    int64_t uid = user_id(db, d->user, err), unit = unit_id(db, d->unit, err);
    const char *brigade = strcmp(d->user, "zhangwei") == 0 ? "341504-01" : d->unit;
    int64_t insp_unit = unit_id(db, brigade, err);
    int64_t ent = enterprise_of(db, d->unit, d->ent_index, err);
    int64_t o1 = officer_id(db, d->officer1, err), o2 = officer_id(db, d->officer2, err);
    if (uid <= 0 || unit <= 0 || insp_unit <= 0 || ent <= 0 || o1 <= 0 || o2 <= 0)
        return zf_error_set(err, ZF_EIO, 500, "demo.inspections", NULL,
                            "演示检查 %d 缺少用户、单位、企业或执法人员", k);
    char on[11];
    day_str(d->day, on);
    zf_day_t dd;
    zf_day_parse(on, &dd);
    zf_ledger_entry_t le = {.enterprise_id = ent,
                            .unit_id = insp_unit,
                            .year = atoi(on),
                            .month = atoi(on + 5),
                            .source = "ad_hoc",
                            .status = "planned",
                            .note = "现场检查登记",
                            .created_by = uid};
    int rc = zf_store_ledger_add(db, &le, NULL, 0, &le.id, err);
    if (rc == 0)
        rc = zf_demo_log(db, a, uid, "ledger.add", "ledger_entry", le.id, insp_unit,
                         json_pack("{s:I, s:s, s:s}", "enterprise_id", (json_int_t)ent, "source",
                                   "ad_hoc", "status", "planned"),
                         err);
    char cid[40];
    snprintf(cid, sizeof cid, "demo-inspection-%04d", k + 1);
    zf_insp_new_t n = {.client_id = cid,
                       .enterprise_id = ent,
                       .unit_id = insp_unit,
                       .source = "ad_hoc",
                       .ledger_id = le.id,
                       .inspected_on = on,
                       .created_by = uid};
    int64_t id = 0;
    if (rc == 0) rc = zf_inspection_insert(db, &n, &id, err);
    if (rc == 0) rc = zf_inspection_link_ledger(db, le.id, id, err);
    if (rc == 0) rc = zf_insp_add_officer(db, id, "officer", o1, NULL, NULL, err);
    if (rc == 0) rc = zf_insp_add_officer(db, id, "officer", o2, NULL, NULL, err);
    if (rc == 0 && d->expert)
        rc = zf_insp_add_officer(db, id, "expert", 0, d->expert, "粉尘防爆", err);
    if (rc == 0)
        rc = zf_demo_log(
            db, a, uid, "inspection.create", "inspection", id, insp_unit,
            json_pack("{s:s, s:I}", "client_id", cid, "enterprise_id", (json_int_t)ent), err);
    if (rc || !d->sign) return rc;
    char t[4][32];
    snprintf(t[0], 32, "%sT09:00", on);
    snprintf(t[1], 32, "%sT09:10", on);
    snprintf(t[2], 32, "%sT10:40", on);
    snprintf(t[3], 32, "%sT11:00", on);
    zf_insp_doc_t doc = {
        .notice_start = t[0],
        .notice_end = t[1],
        .onsite_start = t[1],
        .onsite_end = t[2],
        .feedback_start = t[2],
        .feedback_end = t[3],
        .legal_education =
            "宣讲《安全生产法》第四十一条（隐患排查治理）和《工贸企业粉尘防爆安全规定》，"
            "发放粉尘防爆宣传册",
        .checklist_code = "CHK-DUST-WOOD",
        .checklist_version = 1};
    rc = zf_inspection_update(db, id, 1, &doc, err);
    for (size_t i = 0; rc == 0 && i < sizeof answers / sizeof answers[0]; i++)
        rc = zf_insp_add_answer(db, id, answers[i][0], answers[i][1],
                                strcmp(answers[i][1], "no") == 0 ? d->finding : "", err);
    if (rc == 0) rc = zf_insp_add_attendee(db, id, "王建国", "principal", "13805640001", err);
    if (rc == 0) rc = zf_insp_add_attendee(db, id, "李安全", "safety_manager", "13805640002", err);
    int64_t fid = 0, hid = 0;
    char fcid[40];
    snprintf(fcid, sizeof fcid, "demo-finding-%04d", k + 1);
    if (rc == 0 && d->finding)
        rc = zf_finding_insert(db, fcid, id, d->finding, "DUST-03", NULL, uid, &fid, err);
    if (rc == 0 && fid)
        rc = zf_demo_log(db, a, uid, "inspection.finding", "inspection_finding", fid, insp_unit,
                         json_pack("{s:s}", "description", d->finding), err);
    if (rc == 0 && fid && d->grade) {
        char dl[11];
        day_str(d->deadline, dl);
        zf_hazard_row_t h = {.finding_id = fid,
                             .inspection_id = id,
                             .enterprise_id = ent,
                             .unit_id = insp_unit,
                             .grade = d->grade,
                             .description = d->finding,
                             .ordered_on = on,
                             .deadline = dl,
                             .created_by = uid};
        rc = zf_hazard_insert(db, &h, &hid, err);
        if (rc == 0)
            rc = zf_demo_log(
                db, a, uid, "hazard.create", "hazard", hid, insp_unit,
                json_pack("{s:s, s:s, s:s}", "grade", d->grade, "ordered_on", on, "deadline", dl),
                err);
        if (rc == 0 && d->verified) {
            char rd[11];
            day_str(d->deadline + 2, rd);
            zf_hazard_change_t c = {.status = "verified",
                                    .reinspected_on = rd,
                                    .reinspection_result = "passed",
                                    .reinspection_note = "已整改到位",
                                    .reinspected_by = uid,
                                    .case_id = -1};
            rc = zf_hazard_update(db, hid, 1, &c, err);
            if (rc == 0)
                rc = zf_demo_log(db, a, uid, "hazard.reinspect", "hazard", hid, insp_unit,
                                 json_pack("{s:s, s:s}", "result", "passed", "on", rd), err);
        }
    }
    /* signed by the representative; the ledger entry done */
    zf_stmt_t *st = rc == 0 ? zf_db_prepare(db,
                                            "UPDATE inspections SET status = 'signed', signer_name "
                                            "= $2, signed_at = $3, signed_by = $4, version = 3 "
                                            "WHERE id = $1",
                                            err)
                            : NULL;
    if (rc == 0 && !st) rc = ZF_EIO;
    if (rc == 0) {
        zf_stmt_bind_int(st, 1, id);
        zf_stmt_bind_text(st, 2, "王建国");
        zf_stmt_bind_text(st, 3, t[3]);
        zf_stmt_bind_int(st, 4, uid);
        int64_t ch = zf_stmt_run(st, err);
        rc = ch < 0 ? (int)ch : 0;
    }
    if (rc == 0) {
        le.version = 1;
        le.status = "done";
        le.done_on = on;
        rc = zf_store_ledger_update(db, &le, err);
    }
    if (rc == 0) { /* as signing does: the entry names the officers who inspected */
        int64_t ids[2] = {o1, o2};
        rc = zf_store_ledger_set_officers(db, le.id, ids, 2, err);
    }
    if (rc == 0)
        rc = zf_demo_log(db, a, uid, "inspection.sign", "inspection", id, insp_unit,
                         json_pack("{s:s, s:s}", "signer_name", "王建国", "inspected_on", on), err);
    return rc;
}

int zf_demo_inspections_load(zf_db_t *db, zf_arena_t *a, zf_error_t *err) {
    for (size_t k = 0; k < sizeof demo / sizeof demo[0]; k++) {
        int rc = load_one(db, a, &demo[k], (int)k, err);
        if (rc) return rc;
    }
    /* a gate QR secret for every operating enterprise (扫码入企) */
    zf_stmt_t *st =
        zf_db_prepare(db, "SELECT id FROM enterprises WHERE status = 'operating' ORDER BY id", err);
    if (!st) return ZF_EIO;
    int64_t ids[1024];
    size_t n = 0;
    int rc;
    while ((rc = zf_stmt_step(st, err)) == 1 && n < sizeof ids / sizeof ids[0])
        ids[n++] = zf_stmt_int(st, 0);
    zf_stmt_done(st);
    if (rc < 0) return rc;
    for (size_t i = 0; i < n; i++) {
        unsigned char raw[32];
        char secret[65];
        randombytes_buf(raw, sizeof raw);
        zf_hex_encode(raw, sizeof raw, secret);
        rc = zf_enterprise_qr_insert(db, ids[i], secret, 0, err);
        if (rc) return rc;
    }
    return zf_demo_log(db, a, 0, "enterprise.qr_issue", "enterprise", 0, 0,
                       json_pack("{s:I}", "enterprises", (json_int_t)n), err);
}
