/* sqlite.c — the SQLite backend of db.h.
 *
 * Every connection: WAL journal, synchronous=FULL (a commit that was answered
 * survives a power cut), foreign keys on, a busy timeout so concurrent
 * writers queue instead of failing, double-quoted string literals off
 * (STACK.md), and a cache of prepared statements keyed by the SQL pointer. */
#include <pthread.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "store/db.h"

#define STMT_CACHE_MAX 256
#define BUSY_TIMEOUT_MS 10000

struct zf_stmt {
    const char *key; /* the caller's SQL literal */
    sqlite3_stmt *st;
    zf_db_t *db;
};

struct zf_db {
    sqlite3 *h;
    int in_tx;
    size_t nstmts;
    struct zf_stmt stmts[STMT_CACHE_MAX];
    struct zf_db *next_free;
};

struct zf_db_pool {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    zf_db_t *free_list;
    zf_db_t **all;
    unsigned size;
};

static int sqlite_fail(zf_db_t *db, int rc, zf_error_t *err) {
    int primary = rc & 0xff;
    const char *msg = db && db->h ? sqlite3_errmsg(db->h) : sqlite3_errstr(rc);
    if (primary == SQLITE_CONSTRAINT)
        return zf_error_set(err, ZF_ECONFLICT, 409, "store.conflict", NULL,
                            "数据与已有记录冲突：%s", msg);
    if (primary == SQLITE_FULL)
        return zf_error_set(err, ZF_EIO, 507, "store.disk_full", NULL,
                            "存储空间已满，本次修改未保存：%s", msg);
    if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
        return zf_error_set(err, ZF_EBUSY, 503, "store.busy", NULL,
                            "数据库繁忙，请稍后重试：%s", msg);
    return zf_error_set(err, ZF_EIO, 500, "store.error", NULL, "数据库错误：%s", msg);
}

/* Rewrite `$N` placeholders to `?N` outside string literals. */
static char *rewrite_placeholders(const char *sql) {
    size_t n = strlen(sql);
    char *out = zf_xmalloc(n + 1);
    int in_string = 0;
    for (size_t i = 0; i <= n; i++) {
        char c = sql[i];
        if (c == '\'') in_string = !in_string;
        out[i] = (!in_string && c == '$' && sql[i + 1] >= '0' && sql[i + 1] <= '9') ? '?' : c;
    }
    return out;
}

static int open_one(const char *path, zf_db_t **out, zf_error_t *err) {
    zf_db_t *db = zf_xcalloc(1, sizeof *db);
    int rc = sqlite3_open_v2(path, &db->h,
                             SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                             NULL);
    if (rc != SQLITE_OK) {
        zf_error_set(err, ZF_EIO, 500, "store.open", NULL, "无法打开数据库 %s：%s", path,
                     db->h ? sqlite3_errmsg(db->h) : sqlite3_errstr(rc));
        sqlite3_close(db->h);
        free(db);
        return ZF_EIO;
    }
    sqlite3_db_config(db->h, SQLITE_DBCONFIG_DQS_DML, 0, NULL);
    sqlite3_db_config(db->h, SQLITE_DBCONFIG_DQS_DDL, 0, NULL);
    sqlite3_busy_timeout(db->h, BUSY_TIMEOUT_MS);
    sqlite3_extended_result_codes(db->h, 1);
    char *errmsg = NULL;
    rc = sqlite3_exec(db->h,
                      "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
                      "PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;",
                      NULL, NULL, &errmsg);
    if (rc != SQLITE_OK) {
        zf_error_set(err, ZF_EIO, 500, "store.open", NULL, "无法设置数据库 %s：%s", path,
                     errmsg ? errmsg : sqlite3_errstr(rc));
        sqlite3_free(errmsg);
        sqlite3_close(db->h);
        free(db);
        return ZF_EIO;
    }
    *out = db;
    return 0;
}

static void close_one(zf_db_t *db) {
    for (size_t i = 0; i < db->nstmts; i++) sqlite3_finalize(db->stmts[i].st);
    sqlite3_close(db->h);
    free(db);
}

zf_db_pool_t *zf_db_pool_open(const char *url, unsigned size, zf_error_t *err) {
    if (strncmp(url, "sqlite:", 7) != 0) {
        zf_error_set(err, ZF_EINVAL, 400, "store.url", "db",
                     "不支持的数据库地址“%s”：应为 sqlite:文件路径", url);
        return NULL;
    }
    const char *path = url + 7;
    if (!*path) {
        zf_error_set(err, ZF_EINVAL, 400, "store.url", "db", "数据库地址缺少文件路径");
        return NULL;
    }
    if (size == 0) size = 1;
    zf_db_pool_t *pool = zf_xcalloc(1, sizeof *pool);
    pthread_mutex_init(&pool->mu, NULL);
    pthread_cond_init(&pool->cv, NULL);
    pool->all = zf_xcalloc(size, sizeof *pool->all);
    for (unsigned i = 0; i < size; i++) {
        if (open_one(path, &pool->all[i], err) != 0) {
            pool->size = i;
            zf_db_pool_close(pool);
            return NULL;
        }
        pool->all[i]->next_free = pool->free_list;
        pool->free_list = pool->all[i];
    }
    pool->size = size;
    return pool;
}

void zf_db_pool_close(zf_db_pool_t *pool) {
    if (!pool) return;
    for (unsigned i = 0; i < pool->size; i++) close_one(pool->all[i]);
    free(pool->all);
    pthread_mutex_destroy(&pool->mu);
    pthread_cond_destroy(&pool->cv);
    free(pool);
}

zf_db_t *zf_db_acquire(zf_db_pool_t *pool) {
    pthread_mutex_lock(&pool->mu);
    while (!pool->free_list) pthread_cond_wait(&pool->cv, &pool->mu);
    zf_db_t *db = pool->free_list;
    pool->free_list = db->next_free;
    pthread_mutex_unlock(&pool->mu);
    return db;
}

void zf_db_release(zf_db_pool_t *pool, zf_db_t *db) {
    if (!db) return;
    zf_db_rollback(db); /* a handler that failed mid-transaction leaves nothing behind */
    pthread_mutex_lock(&pool->mu);
    db->next_free = pool->free_list;
    pool->free_list = db;
    pthread_cond_signal(&pool->cv);
    pthread_mutex_unlock(&pool->mu);
}

const char *zf_db_backend(const zf_db_t *db) {
    (void)db;
    return "sqlite";
}

int zf_db_exec(zf_db_t *db, const char *sql, zf_error_t *err) {
    char *errmsg = NULL;
    int rc = sqlite3_exec(db->h, sql, NULL, NULL, &errmsg);
    if (rc != SQLITE_OK) {
        int r = sqlite_fail(db, rc, err);
        sqlite3_free(errmsg);
        return r;
    }
    return 0;
}

int zf_db_begin(zf_db_t *db, zf_error_t *err) {
    int rc = zf_db_exec(db, "BEGIN IMMEDIATE", err);
    if (rc == 0) db->in_tx = 1;
    return rc;
}

int zf_db_commit(zf_db_t *db, zf_error_t *err) {
    int rc = zf_db_exec(db, "COMMIT", err);
    if (rc != 0) {
        zf_db_rollback(db);
        return rc;
    }
    db->in_tx = 0;
    return 0;
}

void zf_db_rollback(zf_db_t *db) {
    if (!sqlite3_get_autocommit(db->h)) sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
    db->in_tx = 0;
}

zf_stmt_t *zf_db_prepare(zf_db_t *db, const char *sql, zf_error_t *err) {
    for (size_t i = 0; i < db->nstmts; i++) {
        if (db->stmts[i].key == sql) {
            sqlite3_reset(db->stmts[i].st);
            sqlite3_clear_bindings(db->stmts[i].st);
            return &db->stmts[i];
        }
    }
    char *text = rewrite_placeholders(sql);
    sqlite3_stmt *st = NULL;
    int persistent = db->nstmts < STMT_CACHE_MAX;
    int rc = sqlite3_prepare_v3(db->h, text, -1, persistent ? SQLITE_PREPARE_PERSISTENT : 0,
                                &st, NULL);
    free(text);
    if (rc != SQLITE_OK) {
        sqlite_fail(db, rc, err);
        return NULL;
    }
    if (!persistent) abort(); /* more distinct statements than the cache holds: a bug */
    zf_stmt_t *s = &db->stmts[db->nstmts++];
    s->key = sql;
    s->st = st;
    s->db = db;
    return s;
}

void zf_stmt_bind_int(zf_stmt_t *st, int i, int64_t v) { sqlite3_bind_int64(st->st, i, v); }

void zf_stmt_bind_text(zf_stmt_t *st, int i, const char *s) {
    if (s)
        sqlite3_bind_text(st->st, i, s, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st->st, i);
}

void zf_stmt_bind_blob(zf_stmt_t *st, int i, const void *p, size_t n) {
    sqlite3_bind_blob64(st->st, i, p, n, SQLITE_TRANSIENT);
}

void zf_stmt_bind_null(zf_stmt_t *st, int i) { sqlite3_bind_null(st->st, i); }

int zf_stmt_step(zf_stmt_t *st, zf_error_t *err) {
    int rc = sqlite3_step(st->st);
    if (rc == SQLITE_ROW) return 1;
    if (rc == SQLITE_DONE) return 0;
    int r = sqlite_fail(st->db, rc, err);
    sqlite3_reset(st->st);
    return r;
}

int64_t zf_stmt_int(zf_stmt_t *st, int col) { return sqlite3_column_int64(st->st, col); }

const char *zf_stmt_text(zf_stmt_t *st, int col) {
    const unsigned char *t = sqlite3_column_text(st->st, col);
    return t ? (const char *)t : "";
}

const void *zf_stmt_blob(zf_stmt_t *st, int col, size_t *len) {
    const void *p = sqlite3_column_blob(st->st, col);
    *len = (size_t)sqlite3_column_bytes(st->st, col);
    return p;
}

int zf_stmt_is_null(zf_stmt_t *st, int col) {
    return sqlite3_column_type(st->st, col) == SQLITE_NULL;
}

int64_t zf_stmt_changes(zf_stmt_t *st) { return sqlite3_changes64(st->db->h); }

void zf_stmt_done(zf_stmt_t *st) {
    if (!st) return;
    sqlite3_reset(st->st);
    sqlite3_clear_bindings(st->st);
}

int64_t zf_stmt_run(zf_stmt_t *st, zf_error_t *err) {
    int rc;
    do {
        rc = zf_stmt_step(st, err);
    } while (rc == 1);
    int64_t changed = rc == 0 ? zf_stmt_changes(st) : rc;
    zf_stmt_done(st);
    return changed;
}
