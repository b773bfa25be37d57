/* demo_exchange.c — see demo_exchange.h. The department names follow the
 * usual naming of 叶集区's offices; they are demo data (未核实), edited by
 * the administrator in the real district. */
#include "cli/demo_exchange.h"

#include <stdio.h>
#include <string.h>

#include "cli/demo_log.h"
#include "core/util.h"
#include "store/blobs.h"
#include "store/interference.h"

static const struct {
    const char *name, *kind;
} demo_agencies[] = {
    {"叶集区市场监督管理局", "market"},
    {"六安市叶集区生态环境分局", "ecology"},
    {"叶集区住房和城乡建设局", "housing"},
    {"叶集区交通运输局", "transport"},
    {"叶集区文化旅游体育局", "culture_tourism"},
    {"叶集区农业农村水利局", "agriculture"},
    {"六安市自然资源和规划局叶集分局", "natural_resources"},
    {"叶集区消防救援大队", "fire_rescue"},
    {"六安市公安局叶集分局", "public_security"},
    {"六安市叶集区人民检察院", "procuratorate"},
};

static const struct {
    const char *by, *name, *post, *unit, *on, *method, *request, *matter;
} demo_records[] = {
    {"zhangwei", "王某某", "副主任", "某区直部门", "2026-03-12", "phone",
     "来电询问某木业公司粉尘涉爆案件能否从轻处理，称该企业是招商引资重点企业",
     "某木业公司粉尘涉爆隐患案"},
    {"sunli", "李某", "村党支部书记", "史河街道某村", "2026-04-02", "in_person",
     "到办公室要求暂缓对一家加油站的复查", "史河街道某加油站隐患复查"},
};

static int64_t user_id(zf_db_t *db, zf_arena_t *a, const char *username, zf_user_t *u,
                       zf_error_t *err) {
    return zf_user_get_by_username(db, a, username, u, err) == 0 ? u->id : 0;
}

/* The consultation's material (migration 041): a short UTF-8 text, made
 * here, stored the way an upload is (api/notice_files.c attach: sniffed
 * type, blob store, attachment row, notice.attach on the log), so the
 * thread in `make run` has a file to open. */
static const char demo_material_name[] = "现场检查情况摘要.txt";
static const char demo_material_text[] =
    "叶集区某木业公司粉尘涉爆隐患现场检查情况摘要（演示材料）\n"
    "\n"
    "一、检查时间：2026年3月10日上午\n"
    "二、检查人员：陈杰、张伟（执法证件已出示）\n"
    "三、发现问题：\n"
    "  1. 除尘系统未按规定设置泄爆装置；\n"
    "  2. 粉尘清扫制度未落实，砂光车间地面积尘明显；\n"
    "  3. 营业执照经营范围与实际生产不符，需市场监管部门核实。\n"
    "四、拟处理意见：立案调查；就经营范围问题请市场监督管理局会商。\n";

static int demo_material(zf_db_t *db, zf_app_t *app, zf_arena_t *a, const zf_notice_t *n,
                         int64_t by, zf_error_t *err) {
    size_t len = sizeof demo_material_text - 1;
    const char *mime = zf_blob_sniff_material(demo_material_text, len);
    if (!mime)
        return zf_error_set(err, ZF_EINVAL, 500, "demo.material", NULL, "演示材料不是可接受的类型");
    char sha[ZF_BLOB_HEX_LEN];
    int rc = zf_store_blob_put(db, app->data_dir, demo_material_text, len, mime, by, sha, err);
    zf_notice_attachment_t row = {.notice_id = n->id,
                                  .sha256 = sha,
                                  .file_name = demo_material_name,
                                  .mime = mime,
                                  .size = (int64_t)len,
                                  .uploaded_by = by},
                           f;
    if (rc == 0) rc = zf_notice_attachment_insert(db, a, &row, &f, err);
    if (rc == 0)
        rc = zf_demo_log(db, a, by, "notice.attach", "agency_notice", n->id, n->unit_id,
                         zf_api_attachment_json(&f), err);
    return rc;
}

int zf_demo_exchange_load(zf_db_t *db, zf_app_t *app, zf_arena_t *a, zf_error_t *err) {
    zf_unit_t bureau;
    int rc = zf_unit_get_by_code(db, a, "341504", &bureau, err);
    if (rc) return rc;
    /* the discipline inspection and supervision user (R31) */
    char hash[128];
    zf_user_t xuming;
    rc = zf_api_password_hash(app, "zhifa2026", hash, err);
    if (rc == 0)
        rc = zf_user_insert(db, a, "xuming", "徐明", "discipline", bureau.id, hash, &xuming, err);
    if (rc == 0)
        rc = zf_demo_log(db, a, 0, "user.create", "user", xuming.id, bureau.id,
                         zf_api_user_json(&xuming), err);
    if (rc) return rc;
    zf_agency_t market = {0};
    for (size_t i = 0; i < sizeof demo_agencies / sizeof demo_agencies[0]; i++) {
        zf_agency_t g;
        rc = zf_agency_insert(db, a, bureau.id, demo_agencies[i].name, demo_agencies[i].kind, "",
                              "", &g, err);
        if (rc == 0)
            rc = zf_demo_log(db, a, 0, "agency.create", "agency", g.id, bureau.id,
                             json_pack("{s:I, s:s, s:s}", "id", (json_int_t)g.id, "name", g.name,
                                       "kind", g.kind),
                             err);
        if (rc) return rc;
        if (i == 0) market = g;
    }
    /* one enterprise of 三元镇 shared with the market supervision bureau,
     * and a read token for it */
    zf_user_t admin, chenjie;
    if (!user_id(db, a, "admin", &admin, err) || !user_id(db, a, "chenjie", &chenjie, err))
        return err->status ? ZF_EIO : ZF_ENOTFOUND;
    zf_stmt_t *st = zf_db_prepare(db,
                                  "SELECT e.id FROM enterprises e JOIN units u ON u.id = e.unit_id "
                                  "WHERE u.code = $1 ORDER BY e.id LIMIT 1",
                                  err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_text(st, 1, "341504100");
    rc = zf_stmt_step(st, err);
    int64_t enterprise_id = rc == 1 ? zf_stmt_int(st, 0) : 0;
    zf_stmt_done(st);
    if (rc < 0) return rc;
    if (enterprise_id) {
        zf_share_t s;
        rc = zf_share_insert(db, a, market.id, "enterprise", enterprise_id, "演示：联合检查线索",
                             chenjie.id, &s, err);
        if (rc == 0)
            rc = zf_demo_log(db, a, chenjie.id, "agency.share", "agency", market.id, bureau.id,
                             json_pack("{s:I, s:s, s:I}", "id", (json_int_t)s.id, "subject_kind",
                                       "enterprise", "subject_id", (json_int_t)enterprise_id),
                             err);
        if (rc) return rc;
    }
    char token[65];
    zf_xtoken_t t;
    rc = zf_xtoken_insert(db, a, market.id, "演示只读令牌", "read", "enterprise.read notice.read",
                          zf_now_ms() + 90LL * 86400000LL, admin.id, token, &t, err);
    if (rc == 0)
        rc = zf_demo_log(db, a, admin.id, "api_token.create", "api_token", t.id, bureau.id,
                         json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)t.id, "scope", t.scope,
                                   "resources", t.resources, "token_prefix", t.token_prefix),
                         err);
    if (rc) return rc;
    printf("数据交换演示令牌（%s，只读，只显示这一次）：%s\n", market.name, token);
    /* a consultation with the market supervision bureau and the leader's
     * answer, so that 案件通报、案情会商 shows a thread in `make run` */
    zf_user_t liuyang;
    if (!user_id(db, a, "liuyang", &liuyang, err)) return err->status ? ZF_EIO : ZF_ENOTFOUND;
    zf_notice_t n = {
        .agency_id = market.id,
        .unit_id = market.unit_id,
        .direction = "out",
        .kind = "consultation",
        .title = "关于叶集区某木业公司粉尘涉爆隐患的案情会商",
        .body = "我局检查发现该企业除尘系统未按规定设置泄爆装置，拟立案调查；其营业执照经营范围"
                "与实际生产不符，请贵局派员参加会商，共同研究处理意见。",
        .materials = "现场检查记录 1 份；现场照片 8 张",
        .case_ref = "",
        .created_by = chenjie.id,
    };
    zf_notice_t made;
    rc = zf_notice_insert(db, a, &n, &made, err);
    if (rc == 0)
        rc = zf_demo_log(db, a, chenjie.id, "notice.create", "agency_notice", made.id, made.unit_id,
                         json_pack("{s:I, s:s, s:s}", "id", (json_int_t)made.id, "kind", made.kind,
                                   "title", made.title),
                         err);
    zf_notice_reply_t rep;
    if (rc == 0)
        rc = zf_notice_reply_insert(db, a, made.id, "同意会商，定于下周二上午在局三楼会议室召开。",
                                    liuyang.id, 0, &rep, err);
    if (rc == 0)
        rc = zf_demo_log(db, a, liuyang.id, "notice.reply", "agency_notice", made.id, made.unit_id,
                         json_pack("{s:I, s:I}", "notice_id", (json_int_t)made.id, "reply_id",
                                   (json_int_t)rep.id),
                         err);
    if (rc == 0) rc = demo_material(db, app, a, &made, chenjie.id, err);
    if (rc) return rc;
    /* two interference records (R31) */
    for (size_t i = 0; i < sizeof demo_records / sizeof demo_records[0]; i++) {
        zf_user_t by;
        if (!user_id(db, a, demo_records[i].by, &by, err)) return ZF_ENOTFOUND;
        zf_interference_t r = {
            .unit_id = by.unit_id,
            .official_name = demo_records[i].name,
            .official_post = demo_records[i].post,
            .official_unit = demo_records[i].unit,
            .occurred_on = demo_records[i].on,
            .method = demo_records[i].method,
            .request = demo_records[i].request,
            .matter = demo_records[i].matter,
            .recorded_by = by.id,
        };
        zf_interference_t out;
        rc = zf_interference_insert(db, a, &r, &out, err);
        if (rc == 0)
            rc = zf_demo_log(
                db, a, by.id, "interference.record", "interference", out.id, out.unit_id,
                json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)out.id, "official_name",
                          out.official_name, "occurred_on", out.occurred_on, "method", out.method),
                err);
        if (rc) return rc;
    }
    return 0;
}
