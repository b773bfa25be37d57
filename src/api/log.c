/* log.c — the full-process record over HTTP (R22): signed checkpoints,
 * inclusion and consistency proofs (public: anyone holding a checkpoint can
 * check a receipt), single events and an object's history (signed in, inside
 * one's scope). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "core/util.h"

json_t *zf_api_hex_json(const unsigned char *p, size_t n) {
    char buf[2 * 64 + 1];
    zf_hex_encode(p, n, buf);
    return json_string(buf);
}

json_t *zf_api_checkpoint_json(zf_req_t *req, const zf_checkpoint_t *c) {
    zf_app_t *app = zf_api_app(req);
    char text[512];
    zf_checkpoint_text(text, sizeof text, app->log_origin, (uint64_t)c->tree_size, c->root,
                       c->time);
    return json_pack("{s:I, s:o, s:s, s:o, s:o, s:s}", "tree_size", (json_int_t)c->tree_size,
                     "root_hash", zf_api_hex_json(c->root, ZF_HASH_LEN), "timestamp", c->time,
                     "signature", zf_api_hex_json(c->signature, ZF_SIGN_LEN), "public_key",
                     zf_api_hex_json(c->public_key, ZF_SIGN_PUBLIC_LEN), "signed_text", text);
}

void zf_api_log_checkpoint(zf_req_t *req, zf_resp_t *resp) {
    zf_app_t *app = zf_api_app(req);
    zf_db_t *db = zf_api_db(req);
    zf_error_t err = {0};
    zf_checkpoint_t c;
    /* Sign first if the log grew, so the answer covers every event so far. */
    int rc = zf_log_checkpoint(db, app->log_tree, &app->log_key, app->log_origin, &err);
    if (rc == 0) rc = zf_log_checkpoint_latest(db, req->arena, &c, &err);
    if (rc != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    zf_resp_json(req, resp, 200, zf_api_checkpoint_json(req, &c));
}

void zf_api_log_checkpoints(zf_req_t *req, zf_resp_t *resp) {
    zf_error_t err = {0};
    zf_checkpoint_t *cps;
    size_t n;
    if (zf_log_checkpoints(zf_api_db(req), req->arena, &cps, &n, &err) != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, zf_api_checkpoint_json(req, &cps[i]));
    zf_resp_json(req, resp, 200, json_pack("{s:o}", "items", items));
}

/* A query parameter as a non-negative integer; -1 after answering 400. */
static int64_t query_count(zf_req_t *req, zf_resp_t *resp, const char *name, const char *label) {
    const char *s = zf_req_query(req, name);
    char *end = NULL;
    errno = 0;
    long long v = s && *s >= '0' && *s <= '9' ? strtoll(s, &end, 10) : -1;
    if (!s || errno || !end || *end || v < 0) {
        zf_error_t err;
        zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", name,
                     "参数 %s（%s）应为非负整数，收到“%s”", name, label, s ? s : "");
        zf_api_fail(req, resp, &err);
        return -1;
    }
    return v;
}

/* Check 1 <= tree_size <= log size; -1 after answering. */
static int check_size(zf_req_t *req, zf_resp_t *resp, const char *name, int64_t size) {
    zf_error_t err = {0};
    int64_t have = zf_log_size(zf_api_db(req), &err);
    if (have < 0) {
        zf_api_fail(req, resp, &err);
        return -1;
    }
    if (size < 1 || size > have) {
        zf_error_set(&err, ZF_EINVAL, 400, "log.bad_size", name,
                     "参数 %s 应在 1 到 %lld 之间（日志现有 %lld 条事件），收到 %lld", name,
                     (long long)have, (long long)have, (long long)size);
        zf_api_fail(req, resp, &err);
        return -1;
    }
    return 0;
}

json_t *zf_api_path_json(const zf_hash_t *path, size_t len) {
    json_t *arr = json_array();
    for (size_t i = 0; i < len; i++)
        json_array_append_new(arr, zf_api_hex_json(path[i], ZF_HASH_LEN));
    return arr;
}

void zf_api_log_inclusion(zf_req_t *req, zf_resp_t *resp) {
    int64_t index = query_count(req, resp, "index", "事件序号");
    if (index < 0) return;
    int64_t size = query_count(req, resp, "tree_size", "树大小");
    if (size < 0 || check_size(req, resp, "tree_size", size) != 0) return;
    zf_error_t err = {0};
    if (index >= size) {
        zf_error_set(&err, ZF_EINVAL, 400, "log.bad_index", "index",
                     "事件序号 %lld 不在大小为 %lld 的树中（应小于树大小）", (long long)index,
                     (long long)size);
        zf_api_fail(req, resp, &err);
        return;
    }
    /* O(log n) cached subtree hashes and a block or two of leaves, never the
     * whole log (store/log_tree.h) */
    zf_log_tree_t *tree = zf_api_app(req)->log_tree;
    zf_hash_t path[ZF_MERKLE_MAX_PROOF], root, leaf;
    size_t len = 0;
    int rc = zf_log_tree_inclusion(tree, zf_api_db(req), size, index, leaf, path, &len, &err);
    if (rc == 0) rc = zf_log_tree_root(tree, zf_api_db(req), size, root, &err);
    if (rc != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    zf_resp_json(req, resp, 200,
                 json_pack("{s:I, s:I, s:o, s:o, s:o}", "index", (json_int_t)index, "tree_size",
                           (json_int_t)size, "leaf_hash", zf_api_hex_json(leaf, ZF_HASH_LEN),
                           "path", zf_api_path_json(path, len), "root_hash",
                           zf_api_hex_json(root, ZF_HASH_LEN)));
}

void zf_api_log_consistency(zf_req_t *req, zf_resp_t *resp) {
    int64_t first = query_count(req, resp, "first", "旧树大小");
    if (first < 0) return;
    int64_t second = query_count(req, resp, "second", "新树大小");
    if (second < 0 || check_size(req, resp, "second", second) != 0) return;
    zf_error_t err = {0};
    if (first < 1 || first > second) {
        zf_error_set(&err, ZF_EINVAL, 400, "log.bad_size", "first",
                     "参数 first 应在 1 到 second（%lld）之间，收到 %lld", (long long)second,
                     (long long)first);
        zf_api_fail(req, resp, &err);
        return;
    }
    zf_log_tree_t *tree = zf_api_app(req)->log_tree;
    zf_hash_t path[ZF_MERKLE_MAX_PROOF], r1, r2;
    size_t len = 0;
    int rc = zf_log_tree_consistency(tree, zf_api_db(req), second, first, path, &len, &err);
    if (rc == 0) rc = zf_log_tree_root(tree, zf_api_db(req), first, r1, &err);
    if (rc == 0) rc = zf_log_tree_root(tree, zf_api_db(req), second, r2, &err);
    if (rc != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    zf_resp_json(req, resp, 200,
                 json_pack("{s:I, s:I, s:o, s:o, s:o}", "first", (json_int_t)first, "second",
                           (json_int_t)second, "path", zf_api_path_json(path, len), "first_root",
                           zf_api_hex_json(r1, ZF_HASH_LEN), "second_root",
                           zf_api_hex_json(r2, ZF_HASH_LEN)));
}

/* Events about units in scope are readable; system events (no unit) too. */
static int event_visible(zf_req_t *req, const char *action, const zf_log_event_t *ev,
                         zf_error_t *err) {
    return zf_perm_check(zf_api_actor(req), action, ev->unit_id ? ev->unit_path : NULL, err);
}

void zf_api_log_event(zf_req_t *req, zf_resp_t *resp) {
    const char *s = zf_req_param(req, "index");
    char *end = NULL;
    errno = 0;
    long long index = s && *s >= '0' && *s <= '9' ? strtoll(s, &end, 10) : -1;
    zf_error_t err = {0};
    if (errno || !end || *end || index < 0) {
        zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", "index",
                     "事件序号应为非负整数，收到“%s”", s ? s : "");
        zf_api_fail(req, resp, &err);
        return;
    }
    zf_log_event_t ev;
    int rc = zf_log_event_get(zf_api_db(req), req->arena, index, &ev, &err);
    if (rc == 0) rc = event_visible(req, "log.read", &ev, &err);
    if (rc != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    json_error_t jerr;
    json_t *event = json_loads(ev.body, 0, &jerr);
    zf_resp_json(req, resp, 200,
                 json_pack("{s:I, s:o, s:s, s:o}", "index", (json_int_t)ev.index, "leaf_hash",
                           zf_api_hex_json(ev.leaf_hash, ZF_HASH_LEN), "canonical", ev.body,
                           "event", event ? event : json_null()));
}

/* People read the history: each action gets its Chinese name. */
static const struct {
    const char *action;
    const char *name;
} action_names[] = {
    {"system.init", "初始化系统"},
    {"unit.create", "新建机构"},
    {"unit.update", "修改机构"},
    {"user.create", "新建用户"},
    {"user.update", "修改用户"},
    {"user.legal_qualification", "登记法律职业资格"},
    {"auth.login", "登录"},
    {"auth.logout", "退出登录"},
    {"catalogue.seed", "载入执法事项"},
    {"catalogue.create", "新建执法事项"},
    {"catalogue.version", "新建执法事项版本"},
    {"catalogue.import", "导入执法事项"},
    {"legal_param.seed", "载入法定参数"},
    {"legal_param.create", "新增法定参数值"},
    {"portal.update", "修改执法公示内容"},
    {"draw_rules.update", "修改双随机抽查规则"},
    {"document_settings.update", "修改文书设置（联系地址、电话、复议机关、法院）"},
    {"publication.create", "生成处罚决定公开文本"},
    {"publication.publish", "公开处罚决定"},
    {"publication.hold", "暂缓公开处罚决定"},
    {"publication.release", "恢复公开处罚决定"},
    {"publication.withdraw", "撤回已公开的处罚决定"},
    {"enterprise.create", "新建企业"},
    {"enterprise.update", "修改企业"},
    {"enterprise.import", "导入企业"},
    {"officer.create", "新建执法人员记录"},
    {"officer.update", "修改执法人员记录"},
    {"training.create", "登记培训记录"},
    {"equipment.create", "登记执法装备"},
    {"equipment.update", "修改执法装备"},
    {"posts.update", "修改核定编制"},
    {"officer.setting", "设置执法人员规则参数"},
    {"calendar.seed", "载入工作日历"},
    {"calendar.import", "导入工作日历"},
    {"plan.generate", "生成年度计划"},
    {"plan.entry_add", "计划添加检查"},
    {"plan.entry_update", "调整计划检查"},
    {"plan.entry_cancel", "撤销计划检查"},
    {"plan.entry_done", "登记计划检查完成"},
    {"plan.submit", "报批年度计划"},
    {"plan.approve", "批准年度计划"},
    {"plan.return", "退回年度计划"},
    {"plan.joint_merge", "合并为联合检查"},
    {"ledger.add", "登记检查（台账）"},
    {"draw.create", "冻结双随机抽查库"},
    {"draw.witness", "见证并完成双随机抽取"},
    {"draw.cancel", "撤销双随机抽查"},
    /* inspection checklists (issue 7, part A) */
    {"checklist.seed", "载入检查表"},
    {"checklist.create", "新建检查表"},
    {"checklist.version", "新建检查表版本"},
    {"checklist.retire", "停用检查表"},
    /* issue 11: agencies, exchange tokens, shares, notices, interference */
    {"agency.create", "新建协作单位"},
    {"agency.update", "修改协作单位"},
    {"agency.share", "向协作单位共享"},
    {"agency.unshare", "撤回向协作单位的共享"},
    {"api_token.create", "签发数据交换令牌"},
    {"api_token.revoke", "吊销数据交换令牌"},
    {"notice.create", "发起案件通报或会商"},
    {"notice.reply", "回复案件通报或会商"},
    {"notice.receive", "收到协作单位推送的通报或会商"},
    {"interference.record", "登记干预执法活动"},
    /* enforcement documents (issue 9) */
    {"document.issue", "签发执法文书"},
    {"document_template.save", "修改执法文书模板"},
    {"relation.create", "申报执法人员利害关系"},
    {"relation.end", "终止执法人员利害关系"},
    /* credit punishment (issue 10, R26) */
    {"credit.bad_record", "记录不良记录"},
    {"credit.propose", "拟列入严重失信主体名单"},
    {"credit.approve", "批准列入严重失信主体名单"},
    {"credit.reject", "不予列入严重失信主体名单"},
    {"credit.notify", "告知拟列入失信名单"},
    {"credit.list", "公示严重失信主体名单"},
    {"credit.revoke", "撤销列入失信名单"},
    {"credit.restore", "撤销提前移出、恢复列入"},
    {"credit.apply", "登记提前移出申请"},
    {"credit.decide", "决定提前移出申请"},
    {"credit.early_removal", "提前移出失信名单"},
    {"credit.expire", "失信名单期满移出"},
    /* on-site inspections, hazards, evidence (issue 7, part B) */
    {"inspection.create", "新建现场检查"},
    {"inspection.update", "修改现场检查记录"},
    {"inspection.finding", "登记检查发现的问题"},
    {"inspection.sign", "现场检查签字确认"},
    {"inspection.arrival", "扫码入企（到场）"},
    {"evidence.add", "上传证据"},
    {"evidence.withdraw", "撤回证据"},
    {"hazard.create", "责令限期整改（隐患）"},
    {"hazard.update", "修改隐患"},
    {"hazard.reinspect", "隐患整改复查"},
    {"hazard.case_link", "隐患关联案件"},
    {"enterprise.qr_issue", "生成企业二维码"},
    {"enterprise.qr_rotate", "更换企业二维码"},
    {"enterprise.feedback", "企业提交意见或投诉"},
    /* administrative penalty cases (issue 8, part C) */
    {"case.create", "新建案件"},
    {"case.update", "修改案件"},
    {"case.party", "登记案件当事人"},
    {"case.violation", "登记违法行为及裁量"},
    {"case.officer", "指派办案人员"},
    {"case.officer_remove", "撤换办案人员"},
    {"case.file", "立案"},
    {"case.investigate", "开始调查取证"},
    {"case.review", "提交案件审理"},
    {"case.legal_review", "提交法制审核"},
    {"case.legal_return", "法制审核退回"},
    {"case.discuss", "提交集体讨论"},
    {"case.notify", "告知拟处罚"},
    {"case.hearing", "陈述申辩/听证"},
    {"case.decide", "作出处罚决定"},
    {"case.no_penalty", "不予处罚"},
    {"case.decide_on_spot", "当场处罚"},
    {"case.serve", "送达"},
    {"case.execute", "执行"},
    {"case.close", "结案"},
    {"case.archive", "归档"},
    {"case.withdraw", "撤销立案"},
    {"case.review_record", "登记法制审核/集体讨论意见"},
    {"case.decision_correct", "更正处罚决定"},
    {"case.payment_notice", "开具缴款通知"},
    {"case.payment", "登记银行缴款"},
    {"case.payment_plan", "批准暂缓或分期缴纳"},
    {"case.payment_import", "导入银行对账单"},
};

static const char *action_name(const char *action) {
    for (size_t i = 0; i < sizeof action_names / sizeof action_names[0]; i++)
        if (strcmp(action_names[i].action, action) == 0) return action_names[i].name;
    return action;
}

/* One line for people: "张伟 修改机构“史河街道”：名称 史河 → 史河街道". */
static const char *summary(zf_req_t *req, const zf_log_event_t *ev, json_t *before, json_t *after) {
    const char *who = *ev->actor_name ? ev->actor_name : "系统";
    json_t *named = json_is_object(after) ? after : before;
    const char *name = json_string_value(json_object_get(named, "name"));
    const char *line = zf_arena_printf(req->arena, "%s %s%s%s%s", who, action_name(ev->action),
                                       name ? "“" : "", name ? name : "", name ? "”" : "");
    if (!json_is_object(before) || !json_is_object(after)) return line;
    const char *key;
    json_t *old;
    json_object_foreach(before, key, old) {
        json_t *new = json_object_get(after, key);
        if (strcmp(key, "version") == 0 || !new || json_equal(old, new)) continue;
        char *o = json_dumps(old, JSON_ENCODE_ANY), *n = json_dumps(new, JSON_ENCODE_ANY);
        line = zf_arena_printf(req->arena, "%s；%s：%s → %s", line, key, o ? o : "", n ? n : "");
        free(o);
        free(n);
    }
    return line;
}

void zf_api_object_history(zf_req_t *req, zf_resp_t *resp) {
    const char *type = zf_req_param(req, "type");
    const char *id = zf_req_param(req, "id");
    zf_error_t err = {0};
    zf_log_event_t *events;
    size_t n;
    if (zf_log_object_history(zf_api_db(req), req->arena, type, id, &events, &n, &err) != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    if (n == 0) {
        zf_error_set(&err, ZF_ENOTFOUND, 404, "log.no_history", NULL, "对象 %s/%s 没有任何记录",
                     type, id);
        zf_api_fail(req, resp, &err);
        return;
    }
    /* The object belongs where its latest event says it does. */
    if (event_visible(req, "history.read", &events[n - 1], &err) != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++) {
        const zf_log_event_t *ev = &events[i];
        json_error_t jerr;
        json_t *body = json_loads(ev->body, 0, &jerr);
        json_t *before = json_object_get(body, "before");
        json_t *after = json_object_get(body, "after");
        json_array_append_new(items, json_pack("{s:I, s:s, s:{s:I, s:s}, s:s, s:s, s:s, s:O, s:O}",
                                               "index", (json_int_t)ev->index, "time", ev->time,
                                               "actor", "id", (json_int_t)ev->actor_id, "name",
                                               *ev->actor_name ? ev->actor_name : "系统", "action",
                                               ev->action, "action_name", action_name(ev->action),
                                               "summary", summary(req, ev, before, after), "before",
                                               before ? before : json_null(), "after",
                                               after ? after : json_null()));
        json_decref(body);
    }
    zf_resp_json(req, resp, 200, json_pack("{s:o}", "items", items));
}
