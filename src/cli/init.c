/* init.c — `zhifa init`: create or migrate the database, create the log
 * signing key, name the log, and write its first event (the public key, so
 * the key itself is on the record). Safe to run again: it changes nothing
 * that exists. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "api/api.h" /* zf_catalogue_seed (issue 3) */
#include "cli/cli.h"
#include "core/util.h"
#include "store/log.h"
#include "store/migrate.h"
#include "store/store.h"

static const char usage[] =
    "用法: zhifa init [--db URL] [--data-dir DIR]\n"
    "创建或升级数据库（sqlite:路径），在数据目录生成全过程记录签名密钥 log-signing.key。\n"
    "已有的数据与密钥保持不变。\n";

int zf_cmd_init(int argc, char **argv) {
    zf_config_t cfg;
    int rc = zf_cli_parse(argc, argv, usage, &cfg);
    if (rc) return rc > 0 ? 0 : 2;
    if (sodium_init() < 0) return 1;
    zf_signing_key_t key;
    int created;
    if (zf_cli_create_key(&cfg, &key, &created) != 0) return 1;
    zf_db_pool_t *pool = zf_cli_open_db(&cfg, 1);
    if (!pool) return 1;
    zf_db_t *db = zf_db_acquire(pool);
    zf_arena_t *a = zf_arena_new();
    zf_error_t err = {0};
    char pub[65];
    zf_hex_encode(key.public_key, sizeof key.public_key, pub);
    rc = zf_db_begin(db, &err);
    const char *origin = rc == 0 ? zf_meta_get(db, a, "log_origin", &err) : NULL;
    if (rc == 0 && !origin) {
        unsigned char id[8];
        char hex[17];
        randombytes_buf(id, sizeof id);
        zf_hex_encode(id, sizeof id, hex);
        origin = zf_arena_printf(a, "zhifa/%s", hex);
        rc = zf_meta_set(db, "log_origin", origin, &err);
    }
    int64_t size = rc == 0 ? zf_log_size(db, &err) : 0;
    if (size < 0) rc = (int)size;
    if (rc == 0 && size == 0) {
        zf_log_entry_t e = {
            .action = "system.init",
            .object_type = "system",
            .object_id = "log",
            .after = json_pack("{s:s, s:s, s:i}", "log_origin", origin, "public_key", pub,
                               "schema_version", zf_store_schema_version()),
        };
        int64_t idx = zf_log_append(db, &e, &err);
        json_decref(e.after);
        if (idx < 0) rc = (int)idx;
    }
    /* The law the platform applies is not demo data: the catalogue of
     * enforcement items and the dated legal parameters are seeded here, once,
     * into an empty catalogue (issue 3; each row logged). */
    int seeded = rc == 0 ? zf_catalogue_seed(db, a, &err) : 0;
    if (seeded < 0) rc = seeded;
    /* The working-day calendar years the database lacks and the deadline
     * parameters (issue 8): also fills an existing database, never
     * overwrites a stored year. */
    int cal_years = rc == 0 ? zf_deadline_seed(db, a, &err) : 0;
    if (cal_years < 0) rc = cal_years;
    /* The shipped inspection checklists (issue 7): after the catalogue, whose
     * codes they cite; also fills an existing database, never overwrites. */
    int checklists = rc == 0 ? zf_checklist_seed(db, a, &err) : 0;
    if (checklists < 0) rc = checklists;
    /* The shipped case-file evaluation standard (issue 11, R30): version 1
     * into an empty table, never over a version the bureau made. */
    int eval_std = rc == 0 ? zf_evaluation_seed(db, a, &err) : 0;
    if (eval_std < 0) rc = eval_std;
    if (rc == 0) rc = zf_db_commit(db, &err);
    if (rc != 0) {
        zf_db_rollback(db);
        fprintf(stderr, "zhifa init: %s\n", err.message);
    } else {
        printf("数据库已就绪：%s（结构版本 %d）\n", cfg.db_url, zf_store_schema_version());
        printf("全过程记录：%s，签名公钥 %s%s\n", origin, pub, created ? "（新生成）" : "");
        if (seeded > 0) printf("执法事项目录：载入 %d 项及法定参数默认值\n", seeded);
        if (cal_years > 0)
            printf("工作日历：载入 %d 个年度（内置 data/holidays.csv）\n", cal_years);
        if (checklists > 0) printf("检查表：载入 %d 份（内置 data/checklists）\n", checklists);
        if (eval_std > 0) printf("案卷评查标准：载入内置默认版本（data/evaluation）\n");
    }
    zf_arena_free(a);
    zf_db_release(pool, db);
    zf_db_pool_close(pool);
    return rc == 0 ? 0 : 1;
}
