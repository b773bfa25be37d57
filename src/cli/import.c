/* import.c — `zhifa import enterprises FILE [--encoding utf-8|gb18030|auto]`:
 * the all-or-nothing import of the enterprise registry (R11) from CSV or
 * XLSX, as the system (the log's actor 0). On success prints
 * {"imported":N,…} on stdout and exits 0; when rows are bad prints the report
 * (every bad row: row, column, value, reason; at most 1000 listed, with the
 * total) as JSON on stdout and one line per bad row on stderr, stores
 * nothing, and exits 1. A progress bar goes to stderr for large files. */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "api/enterprises.h"
#include "cli/cli.h"
#include "core/util.h"
#include "store/log.h"

#define MAX_FILE (512u * 1024u * 1024u)

static const char usage[] =
    "用法: zhifa import enterprises FILE [--encoding utf-8|gb18030|auto] [--db URL] [--data-dir "
    "DIR]\n"
    "从 CSV 或 XLSX 文件导入企业（全部成功才入库，任何一行有误都不导入，并列出每一处错误）。\n"
    "第一行为表头：统一社会信用代码、企业名称、所属乡镇、地址、行业领域、规模、法定代表人、\n"
    "联系人、联系电话、风险等级、监管类别、状态（见 docs/api.md）。CSV 的编码默认自动识别\n"
    "（UTF-8 或 GB18030）。\n";

typedef struct progress {
    int show;
    int64_t last_ms;
} progress_t;

static void on_progress(void *ctx, const char *phase, size_t done, size_t total) {
    progress_t *p = ctx;
    if (!p->show) return;
    int64_t now = zf_now_ms();
    if (done != total && now - p->last_ms < 100) return;
    p->last_ms = now;
    if (strcmp(phase, "check") == 0) {
        fprintf(stderr, "\r校验 %zu 行…", done);
    } else {
        int width = 30, filled = total ? (int)((double)done / (double)total * width) : 0;
        char bar[64];
        for (int i = 0; i < width; i++)
            bar[i] = i < filled ? '#' : '.';
        bar[width] = '\0';
        fprintf(stderr, "\r导入 [%s] %3d%% %zu/%zu", bar, total ? (int)(done * 100 / total) : 0,
                done, total);
        if (done == total) fputc('\n', stderr);
    }
    fflush(stderr);
}

static int read_file(const char *path, char **out, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "zhifa import: 无法打开 %s：%s\n", path, strerror(errno));
        return -1;
    }
    struct stat st;
    if (fstat(fileno(f), &st) != 0 || st.st_size > (off_t)MAX_FILE) {
        fprintf(stderr, "zhifa import: %s 过大（上限 512 MiB）\n", path);
        fclose(f);
        return -1;
    }
    size_t n = (size_t)st.st_size;
    char *buf = zf_xmalloc(n + 1);
    size_t got = fread(buf, 1, n, f);
    fclose(f);
    if (got != n) {
        free(buf);
        fprintf(stderr, "zhifa import: 读取 %s 失败\n", path);
        return -1;
    }
    buf[n] = '\0';
    *out = buf;
    *len = n;
    return 0;
}

static int import_enterprises(int argc, char **argv) {
    /* Take FILE and --encoding out; the rest are the common options. */
    const char *file = NULL, *encoding = NULL;
    char **rest = zf_xcalloc((size_t)argc + 1, sizeof *rest);
    int nrest = 0;
    rest[nrest++] = argv[0];
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--encoding") == 0 && i + 1 < argc)
            encoding = argv[++i];
        else if (strncmp(argv[i], "--encoding=", 11) == 0)
            encoding = argv[i] + 11;
        else if (argv[i][0] != '-' && !file && (i == 1 || strcmp(argv[i - 1], "--db") != 0) &&
                 strcmp(argv[i - 1], "--data-dir") != 0)
            file = argv[i];
        else
            rest[nrest++] = argv[i];
    }
    zf_config_t cfg;
    int rc = zf_cli_parse(nrest, rest, usage, &cfg);
    free(rest);
    if (rc) return rc > 0 ? 0 : 2;
    if (!file) {
        fputs(usage, stderr);
        return 2;
    }
    char *data;
    size_t len;
    if (read_file(file, &data, &len) != 0) return 2;
    const char *dot = strrchr(file, '.');
    const char *format = dot && strcasecmp(dot, ".xlsx") == 0  ? "xlsx"
                         : dot && strcasecmp(dot, ".csv") == 0 ? "csv"
                                                               : NULL;
    zf_db_pool_t *pool = zf_cli_open_db(&cfg, 1);
    if (!pool) {
        free(data);
        return 2;
    }
    zf_db_t *db = zf_db_acquire(pool);
    zf_arena_t *a = zf_arena_new();
    zf_error_t err = {0};
    progress_t prog = {.show = len > 512 * 1024};
    zf_import_opts_t opts = {
        .format = format, .encoding = encoding, .progress = on_progress, .progress_ctx = &prog};
    json_t *report = NULL;
    int64_t t0 = zf_now_ms();
    rc = zf_db_begin(db, &err);
    if (rc == 0) rc = zf_enterprise_import(db, a, data, len, &opts, &report, &err);
    if (rc == 0) rc = zf_db_commit(db, &err);
    int status = 0;
    if (prog.show) fputc('\n', stderr);
    if (rc != 0) {
        zf_db_rollback(db);
        status = strcmp(err.code, "import.invalid_rows") == 0 ? 1 : 2;
        if (report) {
            json_t *errors = json_object_get(report, "errors");
            size_t i;
            json_t *e;
            json_array_foreach(errors, i, e) {
                fprintf(stderr, "第 %lld 行  %s  “%s”：%s\n",
                        (long long)json_integer_value(json_object_get(e, "row")),
                        json_string_value(json_object_get(e, "column")),
                        json_string_value(json_object_get(e, "value")),
                        json_string_value(json_object_get(e, "reason")));
            }
            json_object_set_new(report, "ok", json_false());
            json_object_set_new(report, "message", json_string(err.message));
            json_dumpf(report, stdout, JSON_COMPACT);
            fputc('\n', stdout);
        }
        fprintf(stderr, "zhifa import: %s\n", err.message);
    } else {
        json_object_set_new(report, "ok", json_true());
        json_object_set_new(report, "ms", json_integer(zf_now_ms() - t0));
        json_dumpf(report, stdout, JSON_COMPACT);
        fputc('\n', stdout);
    }
    json_decref(report);
    zf_arena_free(a);
    zf_db_release(pool, db);
    zf_db_pool_close(pool);
    free(data);
    return status;
}

int zf_cmd_import(int argc, char **argv) {
    if (argc >= 2 && strcmp(argv[1], "enterprises") == 0)
        return import_enterprises(argc - 1, argv + 1);
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        fputs(usage, stdout);
        return 0;
    }
    fputs(usage, stderr);
    return 2;
}
