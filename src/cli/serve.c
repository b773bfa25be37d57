/* serve.c — `zhifa serve`: open the database, start the HTTP server, sign a
 * checkpoint of the log every minute it grew, and stop cleanly on SIGINT or
 * SIGTERM (in-flight requests finish, the database closes). */
#include <errno.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "api/api.h"
#include "cli/cli.h"
#include "docs/docs.h"
#include "core/util.h"
#include "http/http.h"
#include "store/log.h"
#include "store/store.h"

#define CHECKPOINT_EVERY_S 60

static const char usage[] =
    "用法: zhifa serve [--listen 地址:端口] [--db URL] [--data-dir DIR] [--static DIR]\n"
    "                  [--threads N] [--session-ttl 秒] [--log-level error|warn|info|debug]\n"
    "                  [--trusted-proxy IP[,IP…]] [--statement-timeout 秒]\n"
    "启动 HTTP 服务：/api/v1/ 下的接口，其余路径为网页（--static，默认 web/dist）。\n"
    "--listen 127.0.0.1:0 自动选择空闲端口；启动后在标准输出打印 “zhifa listening on http://…”。\n"
    "--trusted-proxy：反向代理（nginx）的地址；只有来自这些地址的请求才按 X-Real-IP "
    "认定客户端地址\n"
    "（登录限流与访问日志使用），其他来源的 X-Real-IP 一律忽略。\n"
    "--statement-timeout：PostgreSQL 上单条语句的最长执行时间（默认 30 秒，0 为不限），\n"
    "超时的请求得到 503 store.timeout，不会无限等待被其他会话锁住的数据。\n";

static int split_listen(const char *listen, char *host, size_t cap, unsigned short *port) {
    const char *colon = strrchr(listen, ':');
    if (!colon || (size_t)(colon - listen) >= cap || colon == listen) return -1;
    memcpy(host, listen, (size_t)(colon - listen));
    host[colon - listen] = '\0';
    char *end = NULL;
    long p = strtol(colon + 1, &end, 10);
    if (!end || *end || p < 0 || p > 65535) return -1;
    *port = (unsigned short)p;
    return 0;
}

static void sign_checkpoint(zf_app_t *app) {
    zf_db_t *db = zf_db_acquire(app->pool);
    zf_error_t err = {0};
    if (zf_log_checkpoint(db, app->log_tree, &app->log_key, app->log_origin, &err) != 0)
        fprintf(stderr, "level=warn msg=\"checkpoint not signed: %s\"\n", err.message);
    zf_db_release(app->pool, db);
}

/* The daily expiry sweep of the serious dishonesty list (issue 10, R26):
 * on the first checkpoint tick of each local day (and the first after
 * start), listings whose period has ended are removed and the enterprises'
 * flags cleared, by the system (actor 0), logged; idempotent, so a restart
 * the same day does nothing twice. */
static void credit_sweep_daily(zf_app_t *app, char last[11]) {
    char today[11];
    zf_api_today(today);
    if (strcmp(today, last) == 0) return;
    zf_db_t *db = zf_db_acquire(app->pool);
    zf_arena_t *a = zf_arena_new();
    zf_error_t err = {0};
    json_t *report = NULL;
    int rc = zf_db_begin(db, &err);
    if (rc == 0) rc = zf_api_credit_sweep_run(db, a, 0, today, &report, &err);
    if (rc == 0) rc = zf_db_commit(db, &err);
    if (rc) {
        zf_db_rollback(db);
        fprintf(stderr, "level=warn msg=\"credit sweep failed: %s\"\n", err.message);
    } else {
        memcpy(last, today, 11);
        size_t n = json_array_size(json_object_get(report, "removed"));
        if (n) fprintf(stderr, "level=info msg=\"credit sweep\" removed=%zu\n", n);
    }
    json_decref(report);
    zf_arena_free(a);
    zf_db_release(app->pool, db);
}

int zf_cmd_serve(int argc, char **argv) {
    zf_config_t cfg;
    int rc = zf_cli_parse(argc, argv, usage, &cfg);
    if (rc) return rc > 0 ? 0 : 2;
    char host[128];
    unsigned short port;
    if (split_listen(cfg.listen, host, sizeof host, &port) != 0) {
        fprintf(stderr, "zhifa serve: --listen 应为 地址:端口，如 127.0.0.1:8080，收到“%s”\n",
                cfg.listen);
        return 2;
    }
    /* Signals are taken by this thread alone (sigtimedwait below): block them
     * before any worker thread exists so the workers inherit the mask. */
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, NULL);
    signal(SIGPIPE, SIG_IGN);

    int64_t t0 = zf_now_ms();
    zf_app_t app = {0};
    app.session_ttl_ms = (int64_t)cfg.session_ttl_s * 1000;
    snprintf(app.data_dir, sizeof app.data_dir, "%s", cfg.data_dir);
    if (strcmp(cfg.pwhash, "moderate") == 0) {
        app.pwhash_ops = crypto_pwhash_OPSLIMIT_MODERATE;
        app.pwhash_mem = crypto_pwhash_MEMLIMIT_MODERATE;
    }
    unsigned threads = cfg.threads ? cfg.threads : (unsigned)sysconf(_SC_NPROCESSORS_ONLN);
    if (threads == 0) threads = 1;
    if (zf_cli_load_key(&cfg, &app.log_key) != 0) return 1;
    if (zf_app_init(&app) != 0) return 1;
    /* One connection per worker thread, plus one for the checkpoint signer. */
    app.pool = zf_cli_open_db(&cfg, threads + 1);
    if (!app.pool) {
        zf_app_fini(&app);
        return 1;
    }
    {
        zf_error_t terr = {0};
        if (zf_db_pool_set_statement_timeout(app.pool, (int64_t)cfg.statement_timeout_s * 1000,
                                             &terr) != 0) {
            fprintf(stderr, "zhifa serve: %s\n", terr.message);
            zf_db_pool_close(app.pool);
            zf_app_fini(&app);
            return 1;
        }
    }
    {
        zf_db_t *db = zf_db_acquire(app.pool);
        zf_arena_t *a = zf_arena_new();
        zf_error_t err = {0};
        const char *origin = zf_meta_get(db, a, "log_origin", &err);
        snprintf(app.log_origin, sizeof app.log_origin, "%s", origin ? origin : "zhifa");
        zf_arena_free(a);
        zf_db_release(app.pool, db);
    }
    /* The documents' font subsets are registered by the renderer module when
     * it first renders (fonts.c, zhifa-docs.so), not here: the idle server
     * maps no fontconfig (issue 12). Without them a warning says why then. */
    zf_router_t *router = zf_api_router();
    zf_http_opts_t opts = {
        .listen_host = host,
        .port = port,
        .threads = threads,
        .body_limit = 1 << 20,
        .static_dir = cfg.static_dir,
        .router = router,
        .dispatch = zf_api_dispatch,
        .app = &app,
        .log_requests = strcmp(cfg.log_level, "info") == 0 || strcmp(cfg.log_level, "debug") == 0,
        .trusted_proxies = cfg.trusted_proxy,
    };
    zf_error_t err = {0};
    zf_http_t *http = zf_http_start(&opts, &err);
    if (!http) {
        fprintf(stderr, "zhifa serve: %s\n", err.message);
        zf_router_free(router);
        zf_db_pool_close(app.pool);
        zf_app_fini(&app);
        return 1;
    }
    printf("zhifa listening on http://%s:%u\n", host, zf_http_port(http));
    fflush(stdout);
    fprintf(stderr, "level=info msg=\"started\" db=%s threads=%u startup_ms=%lld\n", cfg.db_url,
            threads, (long long)(zf_now_ms() - t0));

    char swept_on[11] = "";
    for (;;) {
        struct timespec wait = {.tv_sec = CHECKPOINT_EVERY_S};
        int sig = sigtimedwait(&stop_signals, NULL, &wait);
        if (sig == SIGINT || sig == SIGTERM) break;
        if (sig < 0 && errno == EAGAIN) sign_checkpoint(&app);
        if (sig < 0 && errno == EAGAIN) credit_sweep_daily(&app, swept_on);
    }
    fprintf(stderr, "level=info msg=\"stopping\"\n");
    zf_http_stop(http);
    zf_jobs_stop();        /* the running job finishes before the pool closes (issue 3 follow-up) */
    sign_checkpoint(&app); /* the last state of the log is signed at shutdown */
    zf_router_free(router);
    zf_db_pool_close(app.pool);
    zf_app_fini(&app);
    fprintf(stderr, "level=info msg=\"stopped\"\n");
    return 0;
}
