/* audit.c — `zhifa audit verify`: re-hash the whole full-process record and
 * check every signed checkpoint (R22). Prints one JSON object on stdout:
 *   {"ok":true,"events":N,"checkpoints":M}
 *   {"ok":false,"first_bad_event":K,"reason":"…","events":N,"checkpoints":M}
 * and exits 0 when the log verifies, 1 when it does not, 2 on usage errors. */
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/util.h"
#include "store/log.h"
#include "store/store.h"

static const char usage[] =
    "用法: zhifa audit verify [--db URL] [--data-dir DIR] [--public-key HEX]\n"
    "从存储的事件内容重算全过程记录的哈希与 Merkle 树，核验每个检查点的根哈希与签名。\n"
    "公钥默认取自数据目录的签名密钥；也可用 --public-key 指定已公布的公钥。\n"
    "核验通过退出码 0，不通过 1，并指出第一条有问题的事件。\n";

static int verify(int argc, char **argv) {
    zf_config_t cfg;
    int rc = zf_cli_parse(argc, argv, usage, &cfg);
    if (rc) return rc > 0 ? 0 : 2;
    if (sodium_init() < 0) return 1;
    unsigned char public_key[ZF_SIGN_PUBLIC_LEN];
    if (cfg.public_key) {
        if (zf_hex_decode(cfg.public_key, public_key, sizeof public_key) != 0) {
            fprintf(stderr, "zhifa audit: --public-key 应为 64 个十六进制字符\n");
            return 2;
        }
    } else {
        zf_signing_key_t key;
        if (zf_cli_load_key(&cfg, &key) != 0) return 2;
        memcpy(public_key, key.public_key, sizeof public_key);
    }
    zf_db_pool_t *pool = zf_cli_open_db(&cfg, 1);
    if (!pool) return 2;
    zf_db_t *db = zf_db_acquire(pool);
    zf_arena_t *a = zf_arena_new();
    zf_error_t err = {0};
    zf_log_report_t report;
    const char *origin = zf_meta_get(db, a, "log_origin", &err);
    rc = zf_log_verify(db, public_key, origin ? origin : "", &report, &err);
    int status = 2;
    if (rc != 0) {
        fprintf(stderr, "zhifa audit: %s\n", err.message);
    } else {
        json_t *out =
            report.ok ? json_pack("{s:b, s:I, s:I}", "ok", 1, "events", (json_int_t)report.events,
                                  "checkpoints", (json_int_t)report.checkpoints)
                      : json_pack("{s:b, s:o, s:s, s:I, s:I}", "ok", 0, "first_bad_event",
                                  report.first_bad_event >= 0 ? json_integer(report.first_bad_event)
                                                              : json_null(),
                                  "reason", report.reason, "events", (json_int_t)report.events,
                                  "checkpoints", (json_int_t)report.checkpoints);
        json_dumpf(out, stdout, JSON_COMPACT | JSON_SORT_KEYS);
        fputc('\n', stdout);
        json_decref(out);
        if (!report.ok) fprintf(stderr, "zhifa audit: 核验未通过：%s\n", report.reason);
        status = report.ok ? 0 : 1;
    }
    zf_arena_free(a);
    zf_db_release(pool, db);
    zf_db_pool_close(pool);
    return status;
}

int zf_cmd_audit(int argc, char **argv) {
    if (argc >= 2 && strcmp(argv[1], "verify") == 0) return verify(argc - 1, argv + 1);
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        fputs(usage, stdout);
        return 0;
    }
    fputs(usage, stderr);
    return 2;
}
