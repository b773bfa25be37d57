/* demo.c — `zhifa demo`: the demo district, 六安市叶集区 (division code
 * 341504): the city detachment above, the bureau, its brigade and offices,
 * the six townships/streets and the development zone, and one account for
 * every role (docs/demo.md). Every record is written with its log event, as
 * any change is. Refuses to run on a database that already has units. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/doc_issue.h"
#include "cli/cli.h"
#include "cli/demo_log.h"
#include "cli/demo_officers.h"
#include "cli/demo_draws.h"
#include "cli/demo_inspections.h"
#include "cli/demo_exchange.h"
#include "cli/demo_evaluation.h"
#include "cli/demo_transfers.h"
#include "cli/demo_plans.h"
#include "cli/demo_cases.h"
#include "cli/demo_publications.h"
#include "cli/demo_opendata.h"
#include "cli/demo_credit.h"
#include "core/canon.h"
#include "core/util.h"
#include "store/log.h"
#include "store/portal.h"
#include "store/qualifications.h"
#include "store/store.h"

#define DEMO_PASSWORD "zhifa2026"

static const char usage[] =
    "用法: zhifa demo [--db URL] [--data-dir DIR]\n"
    "在空数据库中载入演示数据：六安市叶集区的组织机构与各角色的演示账号（密码 " DEMO_PASSWORD
    "）。\n";

static const struct {
    const char *code, *name, *kind, *parent; /* parent by code */
} demo_units[] = {
    {"341500", "六安市应急管理综合行政执法支队", "city_detachment", NULL},
    {"341504", "叶集区应急管理局", "bureau", "341500"},
    {"341504-01", "叶集区应急管理综合行政执法大队", "brigade", "341504"},
    {"341504-02", "政策法规股", "office", "341504"},
    {"341504-03", "安全生产综合监督管理股", "office", "341504"},
    {"341504001", "史河街道", "township", "341504"},
    {"341504002", "平岗街道", "township", "341504"},
    {"341504100", "三元镇", "township", "341504"},
    {"341504101", "洪集镇", "township", "341504"},
    {"341504102", "姚李镇", "township", "341504"},
    {"341504200", "孙岗乡", "township", "341504"},
    {"341504400", "叶集经济开发区", "devzone", "341504"},
};

static const struct {
    const char *username, *name, *role, *unit;
} demo_users[] = {
    {"admin", "系统管理员", "admin", "341504"},
    {"liuyang", "刘洋", "bureau_leader", "341504"},
    {"chenjie", "陈杰", "section_head", "341504-01"},
    {"zhangwei", "张伟", "officer", "341504-01"},
    {"liqiang", "李强", "officer", "341504-01"},
    {"wangfang", "王芳", "auxiliary", "341504-01"},
    {"zhaomin", "赵敏", "legal_reviewer", "341504-02"},
    {"sunli", "孙丽", "township_officer", "341504001"},
    {"zhoujun", "周军", "township_officer", "341504002"},
    {"wugang", "吴刚", "city_supervisor", "341500"},
};

int zf_demo_log(zf_db_t *db, zf_arena_t *a, int64_t actor, const char *action, const char *type,
                int64_t id, int64_t unit_id, json_t *after, zf_error_t *err) {
    zf_log_entry_t e = {
        .actor_id = actor,
        .action = action,
        .object_type = type,
        .object_id = zf_arena_printf(a, "%lld", (long long)id),
        .unit_id = unit_id,
        .after = after,
    };
    int64_t idx = zf_log_append(db, &e, err);
    json_decref(after);
    return idx < 0 ? (int)idx : 0;
}

static int log_created(zf_db_t *db, zf_arena_t *a, const char *type, int64_t id, int64_t unit_id,
                       json_t *after, zf_error_t *err) {
    return zf_demo_log(db, a, 0, strcmp(type, "unit") == 0 ? "unit.create" : "user.create", type,
                       id, unit_id, after, err);
}

/* The 行政处罚决定书 of each numbered demo case that was decided with a
 * penalty, issued on its decision day by its lead officer's section head
 * (陈杰), as the server would issue it: numbered as the case, coded,
 * rendered, stored and logged (api/doc_issue.c) — so the documents page and
 * the public verification page have real documents from the start. */
static int demo_case_documents(zf_db_t *db, zf_arena_t *a, const char *data_dir, zf_error_t *err) {
    zf_user_t head;
    int rc = zf_user_get_by_username(db, a, "chenjie", &head, err);
    if (rc) return rc;
    zf_stmt_t *st = zf_db_prepare(db,
                                  "SELECT id, decided_on FROM cases WHERE seq IS NOT NULL "
                                  "AND decided_on <> '' AND no_penalty_reason = '' AND simple = 0 "
                                  "ORDER BY id",
                                  err);
    if (!st) return ZF_EIO;
    int64_t ids[64];
    const char *days[64];
    size_t n = 0;
    while (n < 64 && (rc = zf_stmt_step(st, err)) == 1) {
        ids[n] = zf_stmt_int(st, 0);
        days[n++] = zf_arena_strdup(a, zf_stmt_text(st, 1));
    }
    zf_stmt_done(st);
    if (rc < 0) return rc;
    for (size_t i = 0; i < n; i++) {
        int64_t doc_id;
        const char *number;
        rc = zf_api_document_issue_now(db, a, data_dir, head.id, "penalty_decision", "case", ids[i],
                                       NULL, days[i], &doc_id, &number, err);
        if (rc) return rc;
    }
    return 0;
}

/* 赵敏 reviews cases: her 法律职业资格 (行政处罚法 第58条第2款) is on
 * record, as the review requires. */
static int demo_qualifications(zf_db_t *db, zf_arena_t *a, zf_error_t *err) {
    zf_user_t u;
    int rc = zf_user_get_by_username(db, a, "zhaomin", &u, err);
    if (rc) return rc;
    char now[32];
    zf_now_iso(now);
    zf_legal_qual_t q = {.user_id = u.id,
                         .certificate_no = "A20193415040012",
                         .obtained_on = "2019-12-20",
                         .reviewing_since = "2020-03-02"};
    rc = zf_legal_qual_put(db, &q, 0, 0, now, err);
    if (rc == 0)
        rc = zf_demo_log(db, a, 0, "user.legal_qualification", "user", u.id, u.unit_id,
                         json_pack("{s:s, s:s, s:s}", "certificate_no", q.certificate_no,
                                   "obtained_on", q.obtained_on, "reviewing_since",
                                   q.reviewing_since),
                         err);
    return rc;
}

/* The bureau's contact as its notices print it (文书设置, issue 9); the
 * reconsideration body and the court stay the defaults of docs.h. */
static int demo_doc_settings(zf_db_t *db, zf_arena_t *a, zf_error_t *err) {
    zf_api_doc_settings_t s;
    int rc = zf_api_doc_settings(db, a, &s, err);
    if (rc) return rc;
    json_t *doc = json_pack("{s:s, s:s, s:s, s:s}", "authority_address",
                            "六安市叶集区史河街道振兴路88号", "authority_phone", "0564-6620119",
                            "reconsideration_body", s.reconsideration_body, "court", s.court);
    size_t len;
    char *text = zf_canon_dump(doc, &len);
    int64_t id = 0;
    rc = text ? zf_portal_text_insert(db, s.bureau_id, "doc_settings", text, 0, &id, err) : ZF_EIO;
    free(text);
    if (rc == 0)
        rc = zf_demo_log(db, a, 0, "document_settings.update", "portal_text", id, s.bureau_id, doc,
                         err);
    else
        json_decref(doc);
    return rc;
}

static int load(zf_db_t *db, zf_app_t *app, zf_arena_t *a, zf_error_t *err) {
    zf_unit_t *existing;
    size_t n;
    int rc = zf_units_list(db, a, "/", &existing, &n, err);
    if (rc) return rc;
    if (n > 0)
        return zf_error_set(err, ZF_ECONFLICT, 409, "demo.not_empty", NULL,
                            "数据库中已有 %zu 个组织机构，演示数据只能载入空数据库", n);
    for (size_t i = 0; i < sizeof demo_units / sizeof demo_units[0]; i++) {
        int64_t parent_id = 0;
        zf_unit_t parent, u;
        if (demo_units[i].parent) {
            rc = zf_unit_get_by_code(db, a, demo_units[i].parent, &parent, err);
            if (rc) return rc;
            parent_id = parent.id;
        }
        rc = zf_unit_insert(db, a, parent_id, demo_units[i].code, demo_units[i].name,
                            demo_units[i].kind, &u, err);
        if (rc == 0) rc = log_created(db, a, "unit", u.id, u.id, zf_api_unit_json(&u), err);
        if (rc) return rc;
    }
    for (size_t i = 0; i < sizeof demo_users / sizeof demo_users[0]; i++) {
        zf_unit_t unit;
        zf_user_t user;
        char hash[128];
        rc = zf_unit_get_by_code(db, a, demo_users[i].unit, &unit, err);
        if (rc == 0) rc = zf_api_password_hash(app, DEMO_PASSWORD, hash, err);
        if (rc == 0)
            rc = zf_user_insert(db, a, demo_users[i].username, demo_users[i].name,
                                demo_users[i].role, unit.id, hash, &user, err);
        if (rc == 0)
            rc = log_created(db, a, "user", user.id, unit.id, zf_api_user_json(&user), err);
        if (rc) return rc;
    }
    rc = demo_qualifications(db, a, err); /* issue 8: the legal reviewer's 法律职业资格 */
    if (rc) return rc;
    rc = demo_doc_settings(db, a, err); /* issue 9: the contact on the notices */
    if (rc) return rc;
    rc = zf_demo_officers_load(db, a, err); /* issue 4 */
    if (rc) return rc;
    rc = zf_demo_enterprises(db, a, err); /* issue 3: enterprise registry */
    if (rc < 0) return rc;
    rc = zf_demo_plans_load(db, a, err); /* issue 6: annual plans, joint inspections */
    if (rc < 0) return rc;
    rc = zf_demo_draws_load(db, a, err); /* issue 6: relations and double-random draws */
    if (rc < 0) return rc;
    rc = zf_demo_exchange_load(db, app, a, err); /* issue 11: agencies, token, interference */
    if (rc < 0) return rc;
    rc = zf_demo_cases_load(db, a, err); /* issue 8, part C: penalty cases */
    if (rc < 0) return rc;
    rc = zf_demo_publications_load(db, a, err); /* issue 10: 事后公开 of their decisions */
    if (rc < 0) return rc;
    rc = demo_case_documents(db, a, app->data_dir, err); /* issue 9: their decisions as PDFs */
    if (rc < 0) return rc;
    rc = zf_demo_inspections_load(db, a, err); /* issue 7: inspections, hazards, QR secrets */
    if (rc < 0) return rc;
    rc = zf_demo_evaluation_load(db, a, err); /* issue 11, R30: case-file evaluation rounds */
    if (rc < 0) return rc;
    rc = zf_demo_transfers_load(db, a, err); /* issue 11: transfers, 行刑衔接, 公益诉讼 */
    if (rc < 0) return rc;
    rc = zf_demo_opendata_load(db, a, err); /* issue 10: a fine's change in the open data */
    if (rc < 0) return rc;
    rc = zf_demo_credit_load(db, a, app->data_dir, err); /* issue 10: credit punishment */
    if (rc < 0) return rc;
    return 0;
}

int zf_cmd_demo(int argc, char **argv) {
    zf_config_t cfg;
    int rc = zf_cli_parse(argc, argv, usage, &cfg);
    if (rc) return rc > 0 ? 0 : 2;
    zf_app_t app = {0};
    if (zf_app_init(&app) != 0) return 1;
    /* the blob store of the documents the demo issues (credit notices) */
    snprintf(app.data_dir, sizeof app.data_dir, "%s", cfg.data_dir);
    zf_db_pool_t *pool = zf_cli_open_db(&cfg, 1);
    if (!pool) {
        zf_app_fini(&app);
        return 1;
    }
    zf_db_t *db = zf_db_acquire(pool);
    zf_arena_t *a = zf_arena_new();
    zf_error_t err = {0};
    /* One transaction: the demo is loaded whole or not at all. */
    rc = zf_db_begin(db, &err);
    if (rc == 0) rc = load(db, &app, a, &err);
    if (rc == 0) rc = zf_db_commit(db, &err);
    if (rc != 0) {
        zf_db_rollback(db);
        fprintf(stderr, "zhifa demo: %s\n", err.message);
    } else {
        printf("已载入演示数据：叶集区 %zu 个机构、%zu 个账号（密码均为 %s）\n",
               sizeof demo_units / sizeof demo_units[0], sizeof demo_users / sizeof demo_users[0],
               DEMO_PASSWORD);
        for (size_t i = 0; i < sizeof demo_users / sizeof demo_users[0]; i++)
            printf("  %-9s %s（%s）\n", demo_users[i].username, demo_users[i].name,
                   zf_role_name(demo_users[i].role));
    }
    zf_arena_free(a);
    zf_db_release(pool, db);
    zf_db_pool_close(pool);
    zf_app_fini(&app);
    return rc == 0 ? 0 : 1;
}
