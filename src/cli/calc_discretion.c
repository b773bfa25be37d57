/* calc_discretion.c — `zhifa calc discretion [--db URL]`: the discretion
 * engine (R10) without a server, for lawyers, scripts and tests.
 *
 * Facts on stdin as the JSON body of POST /api/v1/discretion; the result on
 * stdout as the API answers it. The item comes from the database (--db /
 * ZHIFA_DB, as every subcommand), or from stdin: {"item": {…a version as the
 * API shows it…}, …facts…}. The legal parameters always come from the
 * database; a database with an empty catalogue (a new file, or
 * sqlite::memory:) gets the built-in catalogue and parameter defaults inside
 * a transaction that is rolled back, so the command never changes data.
 * Exit 0 with the result; 1 with {"error":{code,message,field}} on stdout
 * for bad facts; 2 for bad usage. */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "cli/cli.h"

static const char usage[] =
    "用法: zhifa calc discretion [--db URL] < facts.json\n"
    "裁量计算：从标准输入读取案件事实（JSON，同 POST /api/v1/discretion 的请求体），\n"
    "在标准输出给出处理措施、罚款幅度、建议金额和逐步说理（JSON）。事项取自数据库，\n"
    "或在输入中以 \"item\": {…} 给出；法定参数取自数据库（空库使用内置默认值，不写入）。\n"
    "例: echo '{\"item_code\":\"AQ-099-01\",\"violation_date\":\"2026-03-01\",\n"
    "          \"decision_date\":\"2026-03-20\",\"tier\":\"general\"}' |\n"
    "    zhifa calc discretion --db sqlite::memory:\n"
    "非固定金额的事项另需：按上一年年收入计罚（第95、96、110条）给 \"annual_income\"（分），\n"
    "第95条可给 \"accident_grade\"（general/larger/major/especially_major）；按另一罚款的倍数\n"
    "计罚（第114条第2款）给 \"base_fine\"（分）。\n";

int zf_cmd_calc_discretion(int argc, char **argv) {
    zf_config_t cfg;
    int rc = zf_cli_parse(argc, argv, usage, &cfg);
    if (rc) return rc > 0 ? 0 : 2;
    json_error_t jerr;
    json_t *body = json_loadf(stdin, JSON_REJECT_DUPLICATES, &jerr);
    if (!json_is_object(body)) {
        fprintf(stderr, "zhifa calc discretion: 标准输入不是 JSON 对象（第%d行第%d列：%s）\n",
                jerr.line, jerr.column, jerr.text);
        json_decref(body);
        return 2;
    }
    json_t *item = json_object_get(body, "item");
    if (item) {
        json_incref(item);
        json_object_del(body, "item");
        if (!json_object_get(body, "item_code") && json_is_object(item) &&
            json_object_get(item, "code"))
            json_object_set(body, "item_code", json_object_get(item, "code"));
    }
    zf_db_pool_t *pool = zf_cli_open_db(&cfg, 1);
    if (!pool) {
        json_decref(item);
        json_decref(body);
        return 1;
    }
    zf_db_t *db = zf_db_acquire(pool);
    zf_arena_t *a = zf_arena_new();
    zf_error_t err = {0};
    json_t *answer = NULL;
    rc = zf_db_begin(db, &err);
    if (rc == 0) {
        int seeded = zf_catalogue_seed(db, a, &err);
        rc = seeded < 0 ? seeded : 0;
    }
    if (rc == 0) rc = zf_api_discretion_compute(db, a, body, item, &answer, &err);
    zf_db_rollback(db); /* read only: the seed, if any, is not kept */
    int status = 0;
    if (rc == 0) {
        json_dumpf(answer, stdout, JSON_INDENT(2));
        fputc('\n', stdout);
    } else {
        json_t *e = json_pack("{s:{s:s, s:s}}", "error", "code", err.code, "message", err.message);
        if (err.field[0])
            json_object_set_new(json_object_get(e, "error"), "field", json_string(err.field));
        json_dumpf(e, stdout, JSON_INDENT(2));
        fputc('\n', stdout);
        fprintf(stderr, "zhifa calc discretion: %s\n", err.message);
        json_decref(e);
        status = 1;
    }
    json_decref(answer);
    json_decref(item);
    json_decref(body);
    zf_arena_free(a);
    zf_db_release(pool, db);
    zf_db_pool_close(pool);
    return status;
}
