/* db.c — the backend-neutral half of db.h: the connection pool, dispatch of
 * every call through the backend's ops table (backend.h), and the helpers
 * written once for all backends. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/module.h"
#include "core/util.h"
#include "store/backend.h"
#include "store/session_cache.h"

struct zf_db_pool {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    const zf_db_ops_t *ops;
    zf_db_t *free_list;
    zf_db_t **all;
    unsigned size;
};

/* The PostgreSQL backend is the module zhifa-pg.so (postgres.c and its
 * migrations), loaded on the first postgresql:// URL (issue 12: libpq and
 * what it pulls in — libssl, krb5/GSSAPI, LDAP, SASL — cost about 1.3 MB of
 * RSS in a server on SQLite that never uses them). Where it is looked for:
 * core/module.h, ZHIFA_PG_MODULE overriding. Loaded once, never unloaded. */
static pthread_mutex_t pg_mu = PTHREAD_MUTEX_INITIALIZER;
static const zf_db_ops_t *pg_ops;

static const zf_db_ops_t *postgres_ops(zf_error_t *err) {
    char why[512] = "";
    pthread_mutex_lock(&pg_mu);
    if (!pg_ops)
        pg_ops = zf_module_symbol("zhifa-pg.so", "ZHIFA_PG_MODULE", ZF_MODULE_DIR,
                                  "zf_postgres_ops", why, sizeof why);
    const zf_db_ops_t *ops = pg_ops;
    pthread_mutex_unlock(&pg_mu);
    if (!ops)
        zf_error_set(err, ZF_EIO, 503, "store.backend_unavailable", "db",
                     "PostgreSQL 组件（zhifa-pg.so）无法加载，请检查安装：%s", why);
    return ops;
}

/* The backend of url; NULL and err filled (400 for a URL of no backend). */
static const zf_db_ops_t *backend_for(const char *url, zf_error_t *err) {
    if (url && strncmp(url, "sqlite:", 7) == 0) return &zf_sqlite_ops;
    if (url && (strncmp(url, "postgresql://", 13) == 0 || strncmp(url, "postgres://", 11) == 0))
        return postgres_ops(err);
    zf_error_set(err, ZF_EINVAL, 400, "store.url", "db",
                 "不支持的数据库地址“%s”：应为 sqlite:文件路径 或 postgresql://用户@主机:端口/库名",
                 url ? url : "");
    return NULL;
}

zf_db_pool_t *zf_db_pool_open(const char *url, unsigned size, zf_error_t *err) {
    const zf_db_ops_t *ops = backend_for(url, err);
    if (!ops) return NULL;
    if (size == 0) size = 1;
    (void)zf_session_cache_enabled(); /* its switch read here, before threads share the pool */
    zf_db_pool_t *pool = zf_xcalloc(1, sizeof *pool);
    pthread_mutex_init(&pool->mu, NULL);
    pthread_cond_init(&pool->cv, NULL);
    pool->ops = ops;
    pool->all = zf_xcalloc(size, sizeof *pool->all);
    for (unsigned i = 0; i < size; i++) {
        zf_db_t *db = ops->connect(url, err);
        if (!db) {
            pool->size = i;
            zf_db_pool_close(pool);
            return NULL;
        }
        pool->all[i] = db;
        db->next_free = pool->free_list;
        pool->free_list = db;
    }
    pool->size = size;
    return pool;
}

void zf_db_pool_close(zf_db_pool_t *pool) {
    if (!pool) return;
    for (unsigned i = 0; i < pool->size; i++) {
        zf_session_cache_free(pool->all[i]->session_cache);
        pool->ops->disconnect(pool->all[i]);
    }
    free(pool->all);
    pthread_mutex_destroy(&pool->mu);
    pthread_cond_destroy(&pool->cv);
    free(pool);
}

int zf_db_pool_set_statement_timeout(zf_db_pool_t *pool, int64_t ms, zf_error_t *err) {
    if (!pool->ops->set_statement_timeout) return 0;
    for (unsigned i = 0; i < pool->size; i++)
        if (pool->ops->set_statement_timeout(pool->all[i], ms, err) != 0) return -1;
    return 0;
}

zf_db_t *zf_db_acquire(zf_db_pool_t *pool) {
    pthread_mutex_lock(&pool->mu);
    while (!pool->free_list)
        pthread_cond_wait(&pool->cv, &pool->mu);
    zf_db_t *db = pool->free_list;
    pool->free_list = db->next_free;
    pthread_mutex_unlock(&pool->mu);
    if (db->ops->on_acquire) db->ops->on_acquire(db);
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

const char *zf_db_backend(const zf_db_t *db) { return db->ops->name; }

int zf_db_exec(zf_db_t *db, const char *sql, zf_error_t *err) {
    return db->ops->exec(db, sql, err);
}
int zf_db_begin(zf_db_t *db, zf_error_t *err) { return db->ops->begin(db, err); }
int zf_db_commit(zf_db_t *db, zf_error_t *err) { return db->ops->commit(db, err); }
void zf_db_rollback(zf_db_t *db) { db->ops->rollback(db); }

int zf_db_in_transaction(zf_db_t *db) { return db->ops->in_transaction(db); }

int zf_db_read_begin(zf_db_t *db, zf_error_t *err) {
    return db->ops->read_begin ? db->ops->read_begin(db, err) : 0;
}

int zf_db_snapshot_version(zf_db_t *db, uint64_t ver[2]) {
    return db->ops->snapshot_version ? db->ops->snapshot_version(db, ver) : -1;
}

void zf_db_read_end(zf_db_t *db) {
    if (db->ops->read_end) db->ops->read_end(db);
}

zf_stmt_t *zf_db_prepare(zf_db_t *db, const char *sql, zf_error_t *err) {
    return db->ops->prepare(db, sql, err);
}

/* Interned SQL texts: a list searched by content, never freed (the texts are
 * cache keys of every connection's prepared statements). */
static pthread_mutex_t intern_mu = PTHREAD_MUTEX_INITIALIZER;
static char **interned;
static size_t ninterned, cap_interned;

static const char *intern_sql(const char *sql) {
    pthread_mutex_lock(&intern_mu);
    const char *found = NULL;
    for (size_t i = 0; i < ninterned && !found; i++)
        if (strcmp(interned[i], sql) == 0) found = interned[i];
    if (!found) {
        if (ninterned == cap_interned) {
            cap_interned = cap_interned ? 2 * cap_interned : 32;
            interned = zf_xrealloc(interned, cap_interned * sizeof *interned);
        }
        found = interned[ninterned++] = zf_xstrdup(sql);
    }
    pthread_mutex_unlock(&intern_mu);
    return found;
}

zf_stmt_t *zf_db_prepare_built(zf_db_t *db, const char *sql, zf_error_t *err) {
    return db->ops->prepare(db, intern_sql(sql), err);
}
void zf_stmt_bind_int(zf_stmt_t *st, int i, int64_t v) { st->ops->bind_int(st, i, v); }
void zf_stmt_bind_text(zf_stmt_t *st, int i, const char *s) { st->ops->bind_text(st, i, s); }
void zf_stmt_bind_blob(zf_stmt_t *st, int i, const void *p, size_t n) {
    st->ops->bind_blob(st, i, p, n);
}
void zf_stmt_bind_null(zf_stmt_t *st, int i) { st->ops->bind_null(st, i); }
int zf_stmt_step(zf_stmt_t *st, zf_error_t *err) { return st->ops->step(st, err); }
int64_t zf_stmt_int(zf_stmt_t *st, int col) { return st->ops->col_int(st, col); }
const char *zf_stmt_text(zf_stmt_t *st, int col) { return st->ops->col_text(st, col); }
const void *zf_stmt_blob(zf_stmt_t *st, int col, size_t *len) {
    return st->ops->col_blob(st, col, len);
}
int zf_stmt_is_null(zf_stmt_t *st, int col) { return st->ops->col_type(st, col) == ZF_COL_NULL; }
int zf_stmt_column_type(zf_stmt_t *st, int col) { return st->ops->col_type(st, col); }
int zf_stmt_column_count(zf_stmt_t *st) { return st->ops->col_count(st); }
const char *zf_stmt_column_name(zf_stmt_t *st, int col) { return st->ops->col_name(st, col); }
int64_t zf_stmt_changes(zf_stmt_t *st) { return st->ops->changes(st); }
void zf_stmt_done(zf_stmt_t *st) {
    if (st) st->ops->done(st);
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

int zf_stmt_run_versioned(zf_stmt_t *st, const char *what, zf_error_t *err) {
    int64_t changed = zf_stmt_run(st, err);
    if (changed < 0) return (int)changed;
    if (changed == 0)
        return zf_error_set(err, ZF_ECONFLICT, 409, "conflict.version", "version",
                            "%s已被他人修改，请刷新后重试", what);
    return 0;
}

int zf_stmt_collect(zf_stmt_t *st, zf_arena_t *a, size_t item_size, zf_row_reader_fn read,
                    void **items, size_t *n, zf_error_t *err) {
    size_t cap = 0, count = 0;
    char *array = zf_arena_reserve(a, NULL, &cap, 0, item_size);
    int rc;
    for (;;) {
        rc = zf_stmt_step(st, err);
        if (rc != 1) break;
        array = zf_arena_reserve(a, array, &cap, count, item_size);
        read(st, a, array + count * item_size);
        count++;
    }
    zf_stmt_done(st);
    if (rc < 0) return rc;
    *items = array;
    *n = count;
    return 0;
}

int zf_db_table_exists(zf_db_t *db, const char *table, zf_error_t *err) {
    return db->ops->table_exists(db, table, err);
}

int zf_db_lock(zf_db_t *db, const char *name, zf_error_t *err) {
    uint64_t h = 1469598103934665603ULL; /* FNV-1a 64 of the name: the lock's key */
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
        h ^= *p;
        h *= 1099511628211ULL;
    }
    return db->ops->lock(db, (int64_t)(h >> 1), err);
}

int zf_db_reset_sequences(zf_db_t *db, zf_error_t *err) {
    return db->ops->reset_sequences(db, err);
}

/* Depth-first topological order: a table comes after those it refers to. */
static int visit(zf_db_t *db, zf_arena_t *a, const char **all, size_t n, char *mark, size_t i,
                 const char **out, size_t *nout, zf_error_t *err) {
    if (mark[i] == 2) return 0;
    if (mark[i] == 1) return 0; /* a cycle: keep the order we have */
    mark[i] = 1;
    const char **refs = NULL;
    size_t nrefs = 0;
    int rc = db->ops->references(db, a, all[i], &refs, &nrefs, err);
    if (rc < 0) return rc;
    for (size_t r = 0; r < nrefs; r++)
        for (size_t j = 0; j < n; j++)
            if (j != i && strcmp(all[j], refs[r]) == 0) {
                rc = visit(db, a, all, n, mark, j, out, nout, err);
                if (rc < 0) return rc;
            }
    mark[i] = 2;
    out[(*nout)++] = all[i];
    return 0;
}

int zf_db_tables(zf_db_t *db, zf_arena_t *a, const char ***names, size_t *n, zf_error_t *err) {
    const char **all = NULL;
    size_t count = 0;
    int rc = db->ops->tables(db, a, &all, &count, err);
    if (rc < 0) return rc;
    const char **out = zf_arena_alloc(a, (count + 1) * sizeof *out);
    char *mark = zf_arena_alloc(a, count + 1);
    memset(mark, 0, count + 1);
    size_t nout = 0;
    for (size_t i = 0; i < count; i++) {
        rc = visit(db, a, all, count, mark, i, out, &nout, err);
        if (rc < 0) return rc;
    }
    *names = out;
    *n = nout;
    return 0;
}

/* The migrations of the backend a connection speaks (migrate.c). */
const zf_migration_t *zf_db_migrations(zf_db_t *db, unsigned *count) {
    *count = *db->ops->migrations_count;
    return db->ops->migrations;
}

const char *zf_db_like_contains(zf_arena_t *a, const char *q) {
    size_t n = strlen(q);
    char *p = zf_arena_alloc(a, 2 * n + 3);
    size_t k = 0;
    p[k++] = '%';
    for (size_t i = 0; i < n; i++) {
        if (q[i] == '%' || q[i] == '_' || q[i] == '\\') p[k++] = '\\';
        p[k++] = q[i];
    }
    p[k++] = '%';
    p[k] = '\0';
    return p;
}
