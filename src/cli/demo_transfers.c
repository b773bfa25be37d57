/* demo_transfers.c — see demo_transfers.h. The facts are invented for the
 * demo district (叶集区); the agencies are those of demo_exchange.c. */
#include "cli/demo_transfers.h"

#include <string.h>

#include "api/transfer_api.h"
#include "cli/demo_log.h"
#include "store/officers.h"

static const char *ago(zf_arena_t *a, const zf_transfer_cfg_t *cfg, int days) {
    char *d = zf_arena_alloc(a, 11);
    zf_day_format(cfg->c.today_d - days, d);
    return d;
}

/* The first row of a one-column integer query with one text parameter. */
static int64_t first_id(zf_db_t *db, const char *sql, const char *param, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db, sql, err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_text(st, 1, param);
    int rc = zf_stmt_step(st, err);
    int64_t id = rc == 1 ? zf_stmt_int(st, 0) : 0;
    zf_stmt_done(st);
    if (rc < 0) return rc;
    if (!id)
        return zf_error_set(err, ZF_ENOTFOUND, 404, "demo.missing", NULL, "演示数据缺少：%s",
                            param);
    return id;
}

static int64_t agency(zf_db_t *db, const char *kind, zf_error_t *err) {
    return first_id(db, "SELECT id FROM agencies WHERE kind = $1 ORDER BY id LIMIT 1", kind, err);
}

static int64_t user(zf_db_t *db, const char *username, zf_error_t *err) {
    return first_id(db, "SELECT id FROM users WHERE username = $1", username, err);
}

/* Store t (its next limit computed), its steps, one log event each. */
static int store(zf_db_t *db, zf_arena_t *a, const zf_transfer_cfg_t *cfg, zf_transfer_row_t *t,
                 const char *const (*steps)[5], size_t nsteps, int64_t *id, zf_error_t *err) {
    int rc = zf_api_transfer_recompute_due(a, t, cfg, err);
    if (rc == 0) rc = zf_transfer_insert(db, t, id, err);
    for (size_t i = 0; rc == 0 && i < nsteps; i++) {
        int64_t by = user(db, steps[i][1], err);
        if (by < 0) return (int)by;
        rc = zf_transfer_step_insert(db, *id, steps[i][0], steps[i][4], steps[i][3], by,
                                     steps[i][2], err);
        if (rc == 0)
            rc = zf_demo_log(db, a, by, zf_arena_printf(a, "transfer.%s", steps[i][0]), "transfer",
                             *id, t->unit_id,
                             json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)*id, "kind",
                                       t->kind, "state", t->state, "next_due", t->next_due),
                             err);
    }
    return rc;
}

int zf_demo_transfers_load(zf_db_t *db, zf_arena_t *a, zf_error_t *err) {
    zf_transfer_cfg_t cfg;
    int rc = zf_transfer_cfg_load(db, a, &cfg, err);
    if (rc) return rc;
    int64_t market = agency(db, "market", err), police = agency(db, "public_security", err),
            procuratorate = agency(db, "procuratorate", err);
    int64_t brigade = first_id(db, "SELECT id FROM units WHERE code = $1", "341504-01", err);
    int64_t zhangwei = user(db, "zhangwei", err), liuyang = user(db, "liuyang", err);
    int64_t enterprise = first_id(db,
                                  "SELECT e.id FROM enterprises e JOIN units u ON u.id = e.unit_id "
                                  "WHERE u.code = $1 ORDER BY e.id LIMIT 1",
                                  "341504001", err);
    /* the demo case of the brigade that is at 立案 (filed) */
    int64_t case_id = first_id(db,
                               "SELECT c.id FROM cases c JOIN units u ON u.id = c.unit_id WHERE "
                               "c.state = $1 ORDER BY c.id LIMIT 1",
                               "filed", err);
    if (market < 0 || police < 0 || procuratorate < 0 || brigade < 0 || zhangwei < 0 ||
        liuyang < 0 || enterprise < 0 || case_id < 0)
        return ZF_ENOTFOUND;
    zf_officer_t o1, o2;
    zf_user_t liqiang;
    rc = zf_officer_get_by_user(db, a, zhangwei, &o1, err);
    if (rc == 0) rc = zf_user_get_by_username(db, a, "liqiang", &liqiang, err);
    if (rc == 0) rc = zf_officer_get_by_user(db, a, liqiang.id, &o2, err);
    if (rc) return rc;
    const char *empty = "";

    /* 1. 叉车 (special equipment) is the market regulator's: sent 45 days
     * ago, receipt recorded, no feedback — overdue after 30 days */
    zf_transfer_row_t t = {0};
#define DEMO_EMPTY(n) t.n = empty;
    ZF_TRANSFER_TEXTS(DEMO_EMPTY)
    t.unit_id = brigade;
    t.kind = "administrative";
    t.state = "received";
    t.agency_id = market;
    t.enterprise_id = enterprise;
    t.created_by = zhangwei;
    t.subject = "叉车未经定期检验即投入使用";
    t.reason = "现场检查发现企业在用叉车超期未检；特种设备的检验监管属市场监督管理部门职责"
               "（安全生产法 第69条：不属于本部门职责的，移送有关部门）";
    t.materials = "现场检查记录复印件1份；叉车铭牌及使用登记照片3张";
    t.letter_no = "叶应急移〔2026〕3号";
    t.sent_on = ago(a, &cfg, 45);
    t.sent_method = "直接送达";
    t.receipt_on = ago(a, &cfg, 44);
    t.receipt_by = "市场监督管理局特种设备股 王某";
    const char *const steps1[][5] = {
        {"send_letter", "zhangwei", "现场检查记录复印件1份；叉车铭牌及使用登记照片3张", t.sent_on,
         "sent"},
        {"receipt", "zhangwei", "市场监督管理局特种设备股 王某", t.receipt_on, "received"},
    };
    int64_t id;
    rc = store(db, a, &cfg, &t, steps1, 2, &id, err);
    if (rc) return rc;

    /* 2. a criminal transfer at police review: the 专案组 of two officers
     * proposed 4 days ago, the leader approved 3 days ago, sent 2 days ago */
    zf_transfer_row_t c = {0};
#undef DEMO_EMPTY
#define DEMO_EMPTY(n) c.n = empty;
    ZF_TRANSFER_TEXTS(DEMO_EMPTY)
    c.unit_id = brigade;
    c.kind = "criminal";
    c.state = "police_review";
    c.agency_id = police;
    c.copy_agency_id = procuratorate;
    c.case_id = case_id;
    c.created_by = zhangwei;
    c.decided_by = liuyang;
    c.subject = "涉嫌危险作业罪（关闭粉尘爆炸监控报警装置）";
    c.reason = "企业为赶工期关闭除尘系统火花探测报警装置并继续生产，具有发生重大伤亡事故的现实"
               "危险，涉嫌刑法第一百三十四条之一危险作业罪";
    c.materials = "涉嫌犯罪案件移送书；案件调查报告；涉案物品清单；现场勘验笔录；监控数据检验报告";
    c.team = zf_arena_printf(a, "%lld,%lld", (long long)o1.id, (long long)o2.id);
    c.letter_no = "叶应急刑移〔2026〕1号";
    c.proposed_on = ago(a, &cfg, 4);
    c.decided_on = ago(a, &cfg, 3);
    c.decided_at = zf_arena_printf(a, "%sT02:00:00.000Z", ago(a, &cfg, 3));
    c.sent_on = ago(a, &cfg, 2);
    c.sent_at = zf_arena_printf(a, "%sT01:30:00.000Z", ago(a, &cfg, 2));
    c.sent_method = "直接送达";
    const char *const steps2[][5] = {
        {"propose", "zhangwei", "书面移送报告", c.proposed_on, "proposed"},
        {"approve", "liuyang", "", c.decided_on, "approved"},
        {"send", "zhangwei", "抄送叶集区人民检察院", c.sent_on, "police_review"},
    };
    rc = store(db, a, &cfg, &c, steps2, 3, &id, err);
    if (rc) return rc;

    /* 3. a 检察建议 received 20 days ago, reply due in two months */
    zf_day_t rd = cfg.c.today_d - 20;
    char due[11];
    zf_day_format(zf_day_add_months(rd, 2), due);
    zf_litigation_t l = {.unit_id = brigade,
                         .agency_id = procuratorate,
                         .number = "叶检行公建〔2026〕2号",
                         .kind = "proposal",
                         .received_on = ago(a, &cfg, 20),
                         .summary = "督促对辖区粉尘涉爆企业除尘系统隐患依法履行监管职责",
                         .reply_due = due,
                         .created_by = user(db, "zhaomin", err)};
    if (l.created_by < 0) return (int)l.created_by;
    rc = zf_litigation_insert(db, &l, &id, err);
    if (rc == 0)
        rc = zf_demo_log(db, a, l.created_by, "litigation.record", "litigation", id, brigade,
                         json_pack("{s:I, s:s, s:s}", "id", (json_int_t)id, "number", l.number,
                                   "reply_due", l.reply_due),
                         err);
    return rc;
}
