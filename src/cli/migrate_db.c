/* migrate_db.c — `zhifa migrate-db --from sqlite:… --to postgresql://…`
 * (issue 5): copy a district's database into another one, usually SQLite
 * into PostgreSQL, with every event and hash intact.
 *
 *  1. both schemas are brought to this program's version (migrations);
 *  2. the target must be empty (no event, unit or account: nothing was ever
 *     done on it), else nothing is written; rows its migrations seeded are
 *     replaced by the source's;
 *  3. every table is copied in dependency order (a table after the tables its
 *     foreign keys point to), rows in primary-key order, ids preserved, in
 *     ONE target transaction; identity sequences are moved past the ids;
 *  4. row counts are compared table by table, then the transaction commits;
 *  5. the log is verified on the target (as `zhifa audit verify`) and the
 *     result printed as one JSON object; exit 0 only when it verifies.
 * Stop the servers writing to the source first: the copy reads it inside
 * one write transaction, so writers would wait for it. */
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "core/util.h"
#include "store/log.h"
#include "store/store.h"

static const char usage[] =
    "用法: zhifa migrate-db --from URL --to URL [--data-dir DIR] [--public-key HEX]\n"
    "把一个数据库（通常是 sqlite:路径）整体复制到另一个空数据库（通常是 postgresql://…）：\n"
    "全部表按依赖顺序在一个事务内复制，编号不变，全过程记录的事件与哈希逐字节不变；\n"
    "复制后在目标库上核验全过程记录（同 zhifa audit verify），核验通过退出码 0。\n"
    "目标库非空时拒绝写入。复制前请先停止写入源库的服务。\n";

typedef struct table {
    const char *name;
    const char *count_sql;
    const char *select_sql;
    const char *insert_sql; /* built from the first row's column names */
    int64_t rows;
} table_t;

static double now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

static int64_t count_rows(zf_db_t *db, const char *sql, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db, sql, err);
    if (!st) return ZF_EIO;
    int rc = zf_stmt_step(st, err);
    int64_t n = rc == 1 ? zf_stmt_int(st, 0) : rc;
    zf_stmt_done(st);
    return n;
}

static int has_name(const char **names, size_t n, const char *name) {
    for (size_t i = 0; i < n; i++)
        if (strcmp(names[i], name) == 0) return 1;
    return 0;
}

/* Tables kept by triggers: the statistics counters (026), the amount
 * history of violations (027) and the session cache's counter (050, which
 * its migration seeds and the copy of users and units moves) — copied
 * last, over what the migrations and triggers made. */
static int is_counter_table(const char *name) {
    return strncmp(name, "stats_", 6) == 0 || strcmp(name, "case_violation_amounts") == 0 ||
           strcmp(name, "auth_version") == 0;
}

/* Copy one table; rows in primary-key (first column) order. */
static int copy_table(zf_db_t *src, zf_db_t *dst, zf_arena_t *a, table_t *t, zf_error_t *err) {
    zf_stmt_t *in = zf_db_prepare(src, t->select_sql, err);
    if (!in) return ZF_EIO;
    int rc;
    t->rows = 0;
    while ((rc = zf_stmt_step(in, err)) == 1) {
        int ncol = zf_stmt_column_count(in);
        if (!t->insert_sql) {
            char *cols = zf_arena_strdup(a, "");
            char *vals = zf_arena_strdup(a, "");
            for (int c = 0; c < ncol; c++) {
                cols = zf_arena_printf(a, "%s%s\"%s\"", cols, c ? ", " : "",
                                       zf_stmt_column_name(in, c));
                vals = zf_arena_printf(a, "%s%s$%d", vals, c ? ", " : "", c + 1);
            }
            t->insert_sql =
                zf_arena_printf(a, "INSERT INTO \"%s\" (%s) VALUES (%s)", t->name, cols, vals);
        }
        zf_stmt_t *out = zf_db_prepare(dst, t->insert_sql, err);
        if (!out) {
            rc = ZF_EIO;
            break;
        }
        for (int c = 0; c < ncol; c++) {
            size_t len;
            const void *p;
            switch (zf_stmt_column_type(in, c)) {
            case ZF_COL_NULL: zf_stmt_bind_null(out, c + 1); break;
            case ZF_COL_INT: zf_stmt_bind_int(out, c + 1, zf_stmt_int(in, c)); break;
            case ZF_COL_BLOB:
                p = zf_stmt_blob(in, c, &len);
                zf_stmt_bind_blob(out, c + 1, p, len);
                break;
            default: zf_stmt_bind_text(out, c + 1, zf_stmt_text(in, c)); break;
            }
        }
        int64_t n = zf_stmt_run(out, err);
        if (n < 0) {
            rc = (int)n;
            break;
        }
        t->rows++;
    }
    zf_stmt_done(in);
    return rc < 0 ? rc : 0;
}

static int migrate(zf_config_t *cfg, const char *from, const char *to, const unsigned char *pub,
                   zf_arena_t *a) {
    zf_error_t err = {0};
    double t0 = now_ms();
    cfg->db_url = from;
    zf_db_pool_t *spool = zf_cli_open_db(cfg, 1);
    if (!spool) return 1;
    cfg->db_url = to;
    zf_db_pool_t *dpool = zf_cli_open_db(cfg, 1);
    if (!dpool) {
        zf_db_pool_close(spool);
        return 1;
    }
    zf_db_t *src = zf_db_acquire(spool), *dst = zf_db_acquire(dpool);
    int status = 1;
    const char **snames = NULL, **dnames = NULL;
    size_t ns = 0, nd = 0;
    table_t *tables = NULL;
    int rc = zf_db_tables(src, a, &snames, &ns, &err);
    if (rc == 0) rc = zf_db_tables(dst, a, &dnames, &nd, &err);
    if (rc < 0) goto fail;
    tables = zf_arena_alloc(a, (ns + 1) * sizeof *tables);
    memset(tables, 0, (ns + 1) * sizeof *tables);
    for (size_t i = 0; i < ns; i++) {
        if (!has_name(dnames, nd, snames[i])) {
            fprintf(stderr, "zhifa migrate-db: 目标库没有表 %s（两边的结构版本不同？）\n",
                    snames[i]);
            goto out;
        }
        tables[i].name = snames[i];
        tables[i].count_sql = zf_arena_printf(a, "SELECT count(*) FROM \"%s\"", snames[i]);
        tables[i].select_sql = zf_arena_printf(a, "SELECT * FROM \"%s\" ORDER BY 1", snames[i]);
    }
    /* The target must be empty: nothing was ever done on it through zhifa
     * (no event, no unit, no account). Rows that its migrations seeded
     * (reference tables) are replaced by the source's own. */
    static const char *const must_be_empty[] = {"events", "units", "users"};
    for (size_t k = 0; k < sizeof must_be_empty / sizeof must_be_empty[0]; k++) {
        for (size_t i = 0; i < ns; i++) {
            if (strcmp(tables[i].name, must_be_empty[k]) != 0) continue;
            int64_t n = count_rows(dst, tables[i].count_sql, &err);
            if (n < 0) {
                rc = (int)n;
                goto fail;
            }
            if (n > 0) {
                fprintf(stderr,
                        "zhifa migrate-db: 目标数据库不是空的（表 %s 已有 %lld 行），拒绝写入。"
                        "请指定一个新建的空数据库。\n",
                        tables[i].name, (long long)n);
                goto out;
            }
        }
    }

    /* A consistent snapshot of the source; one transaction on the target. */
    rc = zf_db_begin(src, &err);
    if (rc == 0) rc = zf_db_begin(dst, &err);
    /* clear what the target's migrations seeded, children before parents */
    for (size_t i = ns; rc == 0 && i-- > 0;) {
        const char *del = zf_arena_printf(a, "DELETE FROM \"%s\"", tables[i].name);
        rc = zf_db_exec(dst, del, &err);
    }
    /* The statistics counters (stats_*, migration 026) are kept by triggers
     * that fire as the other tables are copied; they are copied last, over
     * what the triggers made, so that they are the source's byte for byte
     * (rows fallen to zero included) and the counts below compare. */
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; rc == 0 && i < ns; i++) {
            if (is_counter_table(tables[i].name) != pass) continue;
            if (pass == 1) {
                const char *del = zf_arena_printf(a, "DELETE FROM \"%s\"", tables[i].name);
                rc = zf_db_exec(dst, del, &err);
            }
            if (rc == 0) rc = copy_table(src, dst, a, &tables[i], &err);
            if (rc < 0) fprintf(stderr, "zhifa migrate-db: 复制表 %s 失败\n", tables[i].name);
        }
    }
    if (rc == 0) rc = zf_db_reset_sequences(dst, &err);
    for (size_t i = 0; rc == 0 && i < ns; i++) {
        int64_t a_n = count_rows(src, tables[i].count_sql, &err);
        int64_t b_n = a_n < 0 ? a_n : count_rows(dst, tables[i].count_sql, &err);
        if (b_n < 0) {
            rc = (int)b_n;
        } else if (a_n != b_n || a_n != tables[i].rows) {
            fprintf(stderr, "zhifa migrate-db: 表 %s 行数不一致（源 %lld，目标 %lld），已回滚\n",
                    tables[i].name, (long long)a_n, (long long)b_n);
            zf_db_rollback(dst);
            zf_db_rollback(src);
            goto out;
        }
    }
    if (rc == 0) rc = zf_db_commit(dst, &err);
    zf_db_rollback(src);
    if (rc < 0) goto fail;
    double t_copy = now_ms();

    zf_log_report_t report;
    const char *origin = zf_meta_get(dst, a, "log_origin", &err);
    rc = zf_log_verify(dst, pub, origin ? origin : "", &report, &err);
    if (rc < 0) goto fail;
    double t_done = now_ms();
    json_t *counts = json_object();
    int64_t total = 0;
    for (size_t i = 0; i < ns; i++) {
        json_object_set_new(counts, tables[i].name, json_integer(tables[i].rows));
        total += tables[i].rows;
    }
    json_t *res = json_pack(
        "{s:b, s:I, s:I, s:I, s:o, s:I, s:I}", "ok", report.ok, "events", (json_int_t)report.events,
        "checkpoints", (json_int_t)report.checkpoints, "rows", (json_int_t)total, "tables", counts,
        "copy_ms", (json_int_t)(t_copy - t0), "verify_ms", (json_int_t)(t_done - t_copy));
    if (!report.ok) json_object_set_new(res, "reason", json_string(report.reason));
    json_dumpf(res, stdout, JSON_COMPACT | JSON_SORT_KEYS);
    fputc('\n', stdout);
    json_decref(res);
    if (!report.ok)
        fprintf(stderr, "zhifa migrate-db: 已复制，但目标库的全过程记录核验未通过：%s\n",
                report.reason);
    else
        fprintf(stderr,
                "zhifa migrate-db: 已复制 %zu 个表 %lld 行，全过程记录 %lld 条事件核验通过\n", ns,
                (long long)total, (long long)report.events);
    status = report.ok ? 0 : 1;
    goto out;
fail:
    fprintf(stderr, "zhifa migrate-db: %s\n", err.message);
    zf_db_rollback(dst);
    zf_db_rollback(src);
out:
    zf_db_release(spool, src);
    zf_db_release(dpool, dst);
    zf_db_pool_close(spool);
    zf_db_pool_close(dpool);
    return status;
}

int zf_cmd_migrate_db(int argc, char **argv) {
    /* --from and --to are this command's own; the rest are the common ones. */
    const char *from = NULL, *to = NULL;
    char *rest[argc + 1];
    int nrest = 0;
    for (int i = 0; i < argc; i++) {
        const char *arg = argv[i];
        const char **slot = NULL;
        const char *val = NULL;
        if (strcmp(arg, "--from") == 0 || strcmp(arg, "--to") == 0) {
            slot = arg[2] == 'f' ? &from : &to;
            if (i + 1 >= argc) {
                fprintf(stderr, "zhifa migrate-db: %s 需要一个数据库地址\n%s", arg, usage);
                return 2;
            }
            val = argv[++i];
        } else if (strncmp(arg, "--from=", 7) == 0) {
            slot = &from;
            val = arg + 7;
        } else if (strncmp(arg, "--to=", 5) == 0) {
            slot = &to;
            val = arg + 5;
        }
        if (slot)
            *slot = val;
        else
            rest[nrest++] = argv[i];
    }
    rest[nrest] = NULL;
    zf_config_t cfg;
    int rc = zf_cli_parse(nrest, rest, usage, &cfg);
    if (rc) return rc > 0 ? 0 : 2;
    if (!from || !to) {
        fprintf(stderr, "zhifa migrate-db: 需要 --from 与 --to\n%s", usage);
        return 2;
    }
    if (strcmp(from, to) == 0) {
        fprintf(stderr, "zhifa migrate-db: --from 与 --to 是同一个数据库\n");
        return 2;
    }
    if (sodium_init() < 0) return 1;
    unsigned char pub[ZF_SIGN_PUBLIC_LEN];
    if (cfg.public_key) {
        if (zf_hex_decode(cfg.public_key, pub, sizeof pub) != 0) {
            fprintf(stderr, "zhifa migrate-db: --public-key 应为 64 个十六进制字符\n");
            return 2;
        }
    } else {
        zf_signing_key_t key;
        if (zf_cli_load_key(&cfg, &key) != 0) return 2;
        memcpy(pub, key.public_key, sizeof pub);
    }
    zf_arena_t *a = zf_arena_new();
    int status = migrate(&cfg, from, to, pub, a);
    zf_arena_free(a);
    return status;
}
