/* postgres.c — the PostgreSQL backend of db.h, on libpq (ops in backend.h).
 *
 * One libpq connection per pool slot (the pool has one per worker thread).
 * Statements are prepared once per connection, named "s<N>", cached by the
 * caller's SQL pointer; preparation waits for the first execution so the
 * parameter types come from the bindings: integers are sent as int8 in text
 * form (exact 64-bit decimal), text as text with the type left to the
 * server, blobs as bytea in binary form. (So an integer parameter is a
 * bigint: compare it with BIGINT columns, as every zhifa table has; a
 * function that takes `integer` needs CAST($1 AS INTEGER).) Results come back in text form and
 * are walked row by row by zf_stmt_step; bytea columns are decoded from hex.
 *
 * Transactions run at READ COMMITTED; writers that must serialise take a lock
 * held to commit (the log append: zf_db_lock, an advisory lock; a number
 * series: its row, by INSERT … ON CONFLICT DO UPDATE), and concurrent edits
 * are caught by the `version` columns and unique keys.
 *
 * Errors: class 23 (integrity: 23505 unique, 23503 foreign key, 23514 check)
 * → 409 store.conflict; 40001/40P01 → 503 store.busy; a lost connection or a
 * server shutting down or starting (class 08, 57P01–57P03) → 503
 * store.unavailable "数据库暂时不可用". A connection found broken is reset
 * (PQreset) on the next acquire, and its statement cache is forgotten; a
 * read outside a transaction that fails because the connection died is
 * retried once on a fresh connection.
 *
 * Built as the module zhifa-pg.so with the PostgreSQL migrations (issue
 * 12, idle memory): db.c loads it on the first postgresql:// URL, so a
 * server on SQLite never maps libpq. Its zf_ calls resolve against the
 * executable (--export-dynamic-symbol=zf_*). */
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "store/backend.h"

#define STMT_CACHE_MAX 256
#define OID_BOOL 16
#define OID_BYTEA 17
#define OID_INT8 20
#define OID_INT2 21
#define OID_INT4 23
#define OID_OID 26

typedef struct pg_db pg_db_t;

typedef struct pg_param {
    char *value; /* malloc'd; NULL = SQL NULL */
    int length;
    int format;    /* 0 text, 1 binary */
    unsigned type; /* Oid; 0 = let the server infer */
} pg_param_t;

typedef struct pg_stmt {
    struct zf_stmt base;
    const char *key; /* the caller's SQL literal */
    pg_db_t *db;
    unsigned id;       /* statement name "s<id>" */
    unsigned prepared; /* generation of the connection it was prepared on; 0 = not */
    int nparams;
    int cap;
    pg_param_t *params;
    PGresult *res;
    int executed;
    int nrows;
    int row;
    int64_t changes;
    /* bytea values of the current row, decoded */
    int nblobs;
    unsigned char **blobs;
    size_t *blob_lens;
} pg_stmt_t;

struct pg_db {
    struct zf_db base;
    PGconn *conn;
    unsigned generation; /* bumped on every reset: prepared statements are gone */
    int in_tx;           /* between zf_db_begin and commit/rollback: never reset then */
    int64_t timeout_ms;  /* statement_timeout to set on every (re)connection; 0 = none */
    size_t nstmts;
    pg_stmt_t stmts[STMT_CACHE_MAX];
};

#define PG(db) ((pg_db_t *)(db))
#define PST(st) ((pg_stmt_t *)(st))

extern const zf_migration_t zf_postgres_migrations[];
extern const unsigned zf_postgres_migrations_count;

static int unavailable(zf_error_t *err, const char *detail) {
    return zf_error_set(err, ZF_EBUSY, 503, "store.unavailable", NULL,
                        "数据库暂时不可用，请稍后重试：%s", detail ? detail : "");
}

static int conn_lost(pg_db_t *db) { return PQstatus(db->conn) != CONNECTION_OK; }

/* Map a failed result (or NULL result) to a zf error. */
static int pg_fail(pg_db_t *db, const PGresult *res, zf_error_t *err) {
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    const char *msg = res ? PQresultErrorMessage(res) : PQerrorMessage(db->conn);
    char clean[400];
    snprintf(clean, sizeof clean, "%s", msg && *msg ? msg : PQerrorMessage(db->conn));
    size_t l = strlen(clean);
    while (l && (clean[l - 1] == '\n' || clean[l - 1] == ' '))
        clean[--l] = '\0';
    if (conn_lost(db) || !state || strncmp(state, "08", 2) == 0 || strcmp(state, "57P01") == 0 ||
        strcmp(state, "57P02") == 0 || strcmp(state, "57P03") == 0)
        return unavailable(err, clean);
    if (strncmp(state, "23", 2) == 0)
        return zf_error_set(err, ZF_ECONFLICT, 409, "store.conflict", NULL,
                            "数据与已有记录冲突：%s", clean);
    if (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 || strcmp(state, "55P03") == 0)
        return zf_error_set(err, ZF_EBUSY, 503, "store.busy", NULL, "数据库繁忙，请稍后重试：%s",
                            clean);
    if (strcmp(state, "57014") == 0) /* query_canceled: statement_timeout */
        return zf_error_set(
            err, ZF_EBUSY, 503, "store.timeout", NULL,
            "数据库操作超时（可能有其他操作占用了数据），本次操作未生效，请稍后重试");
    if (strcmp(state, "53100") == 0)
        return zf_error_set(err, ZF_EIO, 507, "store.disk_full", NULL,
                            "存储空间已满，本次修改未保存：%s", clean);
    return zf_error_set(err, ZF_EIO, 500, "store.error", NULL, "数据库错误：%s", clean);
}

static void quiet_notices(void *arg, const char *message) {
    (void)arg;
    (void)message; /* "NOTICE: … already exists, skipping" and the like */
}

static int apply_timeout(pg_db_t *db) {
    char sql[64];
    snprintf(sql, sizeof sql, "SET statement_timeout = %lld", (long long)db->timeout_ms);
    PGresult *res = PQexec(db->conn, sql);
    int ok = res && PQresultStatus(res) == PGRES_COMMAND_OK;
    PQclear(res);
    return ok ? 0 : -1;
}

static int setup_conn(pg_db_t *db) {
    if (PQstatus(db->conn) != CONNECTION_OK) return -1;
    PQsetNoticeProcessor(db->conn, quiet_notices, NULL);
    PQsetClientEncoding(db->conn, "UTF8");
    if (db->timeout_ms > 0 && apply_timeout(db) != 0) return -1;
    return 0;
}

static int pg_set_statement_timeout(zf_db_t *zdb, int64_t ms, zf_error_t *err) {
    pg_db_t *db = PG(zdb);
    db->timeout_ms = ms;
    if (PQstatus(db->conn) == CONNECTION_OK && apply_timeout(db) != 0)
        return pg_fail(db, NULL, err);
    return 0;
}

static void reset_conn(pg_db_t *db) {
    PQreset(db->conn);
    db->generation++;
    setup_conn(db);
}

static zf_db_t *pg_connect(const char *url, zf_error_t *err) {
    pg_db_t *db = zf_xcalloc(1, sizeof *db);
    db->base.ops = &zf_postgres_ops;
    db->generation = 1;
    db->conn = PQconnectdb(url);
    if (!db->conn || setup_conn(db) != 0) {
        char detail[400];
        snprintf(detail, sizeof detail, "%s", db->conn ? PQerrorMessage(db->conn) : "内存不足");
        size_t l = strlen(detail);
        while (l && detail[l - 1] == '\n')
            detail[--l] = '\0';
        zf_error_set(err, ZF_EIO, 503, "store.open", NULL, "无法连接数据库：%s", detail);
        PQfinish(db->conn);
        free(db);
        return NULL;
    }
    return &db->base;
}

static void clear_result(pg_stmt_t *st) {
    if (st->res) PQclear(st->res);
    st->res = NULL;
    for (int i = 0; i < st->nblobs; i++) {
        free(st->blobs[i]);
        st->blobs[i] = NULL;
    }
}

static void clear_params(pg_stmt_t *st) {
    for (int i = 0; i < st->nparams; i++) {
        free(st->params[i].value);
        st->params[i].value = NULL;
    }
    st->nparams = 0;
}

static void pg_disconnect(zf_db_t *zdb) {
    pg_db_t *db = PG(zdb);
    for (size_t i = 0; i < db->nstmts; i++) {
        pg_stmt_t *st = &db->stmts[i];
        clear_result(st);
        clear_params(st);
        free(st->params);
        free(st->blobs);
        free(st->blob_lens);
    }
    PQfinish(db->conn);
    free(db);
}

/* A connection whose server went away (restart, failover) notices on the
 * next read: consume what the server sent (its FATAL goodbye), and reset. */
static void pg_on_acquire(zf_db_t *zdb) {
    pg_db_t *db = PG(zdb);
    if (PQstatus(db->conn) == CONNECTION_OK && PQtransactionStatus(db->conn) == PQTRANS_IDLE) {
        PQconsumeInput(db->conn);
        PGnotify *n;
        while ((n = PQnotifies(db->conn)))
            PQfreemem(n);
    }
    if (PQstatus(db->conn) != CONNECTION_OK) reset_conn(db);
}

static int exec_once(pg_db_t *db, const char *sql, zf_error_t *err, const char *expect_tag) {
    PGresult *res = PQexec(db->conn, sql);
    ExecStatusType s = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
    int rc = 0;
    if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK && s != PGRES_EMPTY_QUERY) {
        rc = pg_fail(db, res, err);
    } else if (expect_tag && strcmp(PQcmdStatus(res), expect_tag) != 0) {
        /* COMMIT of a failed transaction answers ROLLBACK */
        rc = zf_error_set(err, ZF_EIO, 500, "store.error", NULL, "数据库事务未能提交（已回滚）");
    }
    PQclear(res);
    return rc;
}

static int pg_exec(zf_db_t *zdb, const char *sql, zf_error_t *err) {
    pg_db_t *db = PG(zdb);
    if (conn_lost(db)) {
        if (db->in_tx) return unavailable(err, "连接在事务中断开，本次修改未保存");
        reset_conn(db);
    }
    return exec_once(db, sql, err, NULL);
}

static int pg_begin(zf_db_t *zdb, zf_error_t *err) {
    pg_db_t *db = PG(zdb);
    if (PQstatus(db->conn) != CONNECTION_OK) reset_conn(db);
    int rc = exec_once(db, "BEGIN", err, NULL);
    if (rc < 0 && conn_lost(db)) { /* nothing was done yet: one retry on a fresh connection */
        reset_conn(db);
        if (!conn_lost(db)) rc = exec_once(db, "BEGIN", err, NULL);
    }
    if (rc == 0) db->in_tx = 1;
    return rc;
}

static void pg_rollback(zf_db_t *zdb) {
    pg_db_t *db = PG(zdb);
    db->in_tx = 0;
    if (PQstatus(db->conn) != CONNECTION_OK) return;
    if (PQtransactionStatus(db->conn) != PQTRANS_IDLE) {
        PGresult *res = PQexec(db->conn, "ROLLBACK");
        PQclear(res);
    }
}

static int pg_in_transaction(zf_db_t *zdb) {
    pg_db_t *db = PG(zdb);
    return db->in_tx ||
           (PQstatus(db->conn) == CONNECTION_OK && PQtransactionStatus(db->conn) != PQTRANS_IDLE);
}

static int pg_commit(zf_db_t *zdb, zf_error_t *err) {
    pg_db_t *db = PG(zdb);
    int rc = conn_lost(db) ? unavailable(err, "连接在事务中断开，本次修改未保存")
                           : exec_once(db, "COMMIT", err, "COMMIT");
    if (rc != 0) pg_rollback(zdb);
    db->in_tx = 0;
    return rc;
}

static zf_stmt_t *pg_prepare(zf_db_t *zdb, const char *sql, zf_error_t *err) {
    pg_db_t *db = PG(zdb);
    pg_stmt_t *st = NULL;
    for (size_t i = 0; i < db->nstmts; i++)
        if (db->stmts[i].key == sql) {
            st = &db->stmts[i];
            break;
        }
    if (!st) {
        if (db->nstmts >= STMT_CACHE_MAX)
            abort(); /* more distinct statements than the cache: a bug */
        st = &db->stmts[db->nstmts];
        st->base.ops = &zf_postgres_ops;
        st->key = sql;
        st->db = db;
        st->id = (unsigned)db->nstmts;
        db->nstmts++;
    }
    (void)err;
    clear_result(st);
    clear_params(st);
    st->executed = 0;
    return &st->base;
}

static pg_param_t *param(pg_stmt_t *st, int i) {
    if (i < 1) abort();
    if (i > st->cap) {
        int cap = i < 16 ? 16 : 2 * i;
        st->params = realloc(st->params, (size_t)cap * sizeof *st->params);
        if (!st->params) abort();
        memset(st->params + st->cap, 0, (size_t)(cap - st->cap) * sizeof *st->params);
        st->cap = cap;
    }
    for (int k = st->nparams; k < i; k++)
        memset(&st->params[k], 0, sizeof st->params[k]);
    if (i > st->nparams) st->nparams = i;
    pg_param_t *p = &st->params[i - 1];
    free(p->value);
    memset(p, 0, sizeof *p);
    return p;
}

static void pg_bind_int(zf_stmt_t *zst, int i, int64_t v) {
    pg_param_t *p = param(PST(zst), i);
    char buf[24];
    p->length = snprintf(buf, sizeof buf, "%lld", (long long)v);
    p->value = zf_xstrdup(buf);
    p->type = OID_INT8;
}

static void pg_bind_text(zf_stmt_t *zst, int i, const char *s) {
    pg_param_t *p = param(PST(zst), i);
    if (!s) return;
    p->value = zf_xstrdup(s);
    p->length = (int)strlen(s);
}

static void pg_bind_blob(zf_stmt_t *zst, int i, const void *data, size_t n) {
    pg_param_t *p = param(PST(zst), i);
    p->value = zf_xmalloc(n ? n : 1);
    if (n) memcpy(p->value, data, n);
    p->length = (int)n;
    p->format = 1;
    p->type = OID_BYTEA;
}

static void pg_bind_null(zf_stmt_t *zst, int i) { param(PST(zst), i); }

/* Prepare (if this connection has not) and execute; the result is kept. */
static int execute(pg_stmt_t *st, zf_error_t *err) {
    pg_db_t *db = st->db;
    char name[16];
    snprintf(name, sizeof name, "s%u", st->id);
    int n = st->nparams;
    if (st->prepared != db->generation) {
        unsigned types[n ? n : 1];
        for (int i = 0; i < n; i++)
            types[i] = st->params[i].type;
        PGresult *res = PQprepare(db->conn, name, st->key, n, types);
        if (!res || PQresultStatus(res) != PGRES_COMMAND_OK) {
            int rc = pg_fail(db, res, err);
            PQclear(res);
            return rc;
        }
        PQclear(res);
        st->prepared = db->generation;
    }
    const char *values[n ? n : 1];
    int lengths[n ? n : 1], formats[n ? n : 1];
    for (int i = 0; i < n; i++) {
        values[i] = st->params[i].value;
        lengths[i] = st->params[i].length;
        formats[i] = st->params[i].format;
    }
    PGresult *res = PQexecPrepared(db->conn, name, n, values, lengths, formats, 0);
    ExecStatusType s = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
    if (s == PGRES_TUPLES_OK || s == PGRES_COMMAND_OK) {
        st->res = res;
        st->nrows = s == PGRES_TUPLES_OK ? PQntuples(res) : 0;
        st->row = -1;
        const char *tuples = PQcmdTuples(res);
        st->changes = tuples && *tuples ? strtoll(tuples, NULL, 10) : 0;
        int nf = PQnfields(res);
        if (nf > st->nblobs) {
            st->blobs = realloc(st->blobs, (size_t)nf * sizeof *st->blobs);
            st->blob_lens = realloc(st->blob_lens, (size_t)nf * sizeof *st->blob_lens);
            if (!st->blobs || !st->blob_lens) abort();
            for (int i = st->nblobs; i < nf; i++)
                st->blobs[i] = NULL;
            st->nblobs = nf;
        }
        return 0;
    }
    int rc = pg_fail(db, res, err);
    PQclear(res);
    return rc;
}

static int pg_step(zf_stmt_t *zst, zf_error_t *err) {
    pg_stmt_t *st = PST(zst);
    if (!st->executed) {
        st->executed = 1;
        pg_db_t *db = st->db;
        if (PQstatus(db->conn) != CONNECTION_OK) {
            /* Inside a transaction a fresh connection would run the rest of
             * it in autocommit: fail every statement until the rollback. */
            if (db->in_tx) return unavailable(err, "连接在事务中断开，本次修改未保存");
            reset_conn(db);
        }
        int rc = execute(st, err);
        /* A read outside a transaction that met a dead connection did
         * nothing: retry it once on a fresh one. Writes are never retried
         * (their commit may have happened before the connection died). */
        if (rc < 0 && conn_lost(db) && !db->in_tx && strncmp(st->key, "SELECT", 6) == 0) {
            reset_conn(db);
            if (!conn_lost(db) && PQtransactionStatus(db->conn) == PQTRANS_IDLE)
                rc = execute(st, err);
        }
        if (rc < 0) return rc;
    }
    if (!st->res) return 0;
    for (int i = 0; i < st->nblobs; i++) {
        free(st->blobs[i]);
        st->blobs[i] = NULL;
    }
    st->row++;
    return st->row < st->nrows ? 1 : 0;
}

static int row_ok(pg_stmt_t *st, int col) {
    return st->res && st->row >= 0 && st->row < st->nrows && col >= 0 && col < PQnfields(st->res);
}

static int64_t pg_col_int(zf_stmt_t *zst, int col) {
    pg_stmt_t *st = PST(zst);
    if (!row_ok(st, col) || PQgetisnull(st->res, st->row, col)) return 0;
    const char *v = PQgetvalue(st->res, st->row, col);
    if (PQftype(st->res, col) == OID_BOOL) return v[0] == 't';
    return strtoll(v, NULL, 10);
}

static const char *pg_col_text(zf_stmt_t *zst, int col) {
    pg_stmt_t *st = PST(zst);
    if (!row_ok(st, col)) return "";
    return PQgetvalue(st->res, st->row, col); /* "" for NULL */
}

static int hexval(int c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static const void *pg_col_blob(zf_stmt_t *zst, int col, size_t *len) {
    pg_stmt_t *st = PST(zst);
    *len = 0;
    if (!row_ok(st, col) || PQgetisnull(st->res, st->row, col)) return NULL;
    const char *v = PQgetvalue(st->res, st->row, col);
    if (PQftype(st->res, col) != OID_BYTEA) {
        *len = (size_t)PQgetlength(st->res, st->row, col);
        return v;
    }
    if (!st->blobs[col]) {
        /* bytea_output = hex (the default since 9.0): "\x0a1b…" */
        size_t n = strlen(v);
        unsigned char *out = zf_xmalloc(n / 2 + 1);
        size_t k = 0;
        if (n >= 2 && v[0] == '\\' && v[1] == 'x') {
            for (size_t i = 2; i + 1 < n; i += 2) {
                int hi = hexval(v[i]), lo = hexval(v[i + 1]);
                if (hi < 0 || lo < 0) break;
                out[k++] = (unsigned char)(hi << 4 | lo);
            }
        } else {
            size_t m = 0;
            unsigned char *u = PQunescapeBytea((const unsigned char *)v, &m);
            if (u) {
                free(out);
                out = zf_xmalloc(m + 1);
                memcpy(out, u, m);
                k = m;
                PQfreemem(u);
            }
        }
        st->blobs[col] = out;
        st->blob_lens[col] = k;
    }
    *len = st->blob_lens[col];
    return st->blobs[col];
}

static int pg_col_type(zf_stmt_t *zst, int col) {
    pg_stmt_t *st = PST(zst);
    if (!row_ok(st, col) || PQgetisnull(st->res, st->row, col)) return ZF_COL_NULL;
    switch (PQftype(st->res, col)) {
    case OID_INT2:
    case OID_INT4:
    case OID_INT8:
    case OID_BOOL:
    case OID_OID: return ZF_COL_INT;
    case OID_BYTEA: return ZF_COL_BLOB;
    default: return ZF_COL_TEXT;
    }
}

static int pg_col_count(zf_stmt_t *zst) {
    pg_stmt_t *st = PST(zst);
    return st->res ? PQnfields(st->res) : 0;
}

static const char *pg_col_name(zf_stmt_t *zst, int col) {
    pg_stmt_t *st = PST(zst);
    const char *n = st->res ? PQfname(st->res, col) : NULL;
    return n ? n : "";
}

static int64_t pg_changes(zf_stmt_t *zst) { return PST(zst)->changes; }

static void pg_done(zf_stmt_t *zst) {
    pg_stmt_t *st = PST(zst);
    clear_result(st);
    clear_params(st);
    st->executed = 0;
}

static int pg_table_exists(zf_db_t *db, const char *table, zf_error_t *err) {
    zf_stmt_t *st = pg_prepare(
        db, "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema() AND tablename = $1",
        err);
    pg_bind_text(st, 1, table);
    int rc = pg_step(st, err);
    int has = rc == 1 && pg_col_int(st, 0) > 0;
    pg_done(st);
    return rc < 0 ? rc : has;
}

static int pg_name_list(zf_db_t *db, zf_arena_t *a, const char *sql, const char *arg,
                        const char ***names, size_t *n, zf_error_t *err) {
    zf_stmt_t *st = pg_prepare(db, sql, err);
    if (arg) pg_bind_text(st, 1, arg);
    size_t cap = 0, count = 0;
    const char **items = zf_arena_reserve(a, NULL, &cap, 0, sizeof *items);
    int rc;
    while ((rc = pg_step(st, err)) == 1) {
        items = zf_arena_reserve(a, items, &cap, count, sizeof *items);
        items[count++] = zf_arena_strdup(a, pg_col_text(st, 0));
    }
    pg_done(st);
    if (rc < 0) return rc;
    *names = items;
    *n = count;
    return 0;
}

static int pg_tables(zf_db_t *db, zf_arena_t *a, const char ***names, size_t *n, zf_error_t *err) {
    return pg_name_list(db, a,
                        "SELECT tablename::text FROM pg_tables WHERE schemaname = current_schema() "
                        "ORDER BY tablename",
                        NULL, names, n, err);
}

static int pg_references(zf_db_t *db, zf_arena_t *a, const char *table, const char ***names,
                         size_t *n, zf_error_t *err) {
    return pg_name_list(
        db, a,
        "SELECT DISTINCT r.relname::text FROM pg_constraint c "
        "JOIN pg_class t ON t.oid = c.conrelid JOIN pg_class r ON r.oid = c.confrelid "
        "WHERE c.contype = 'f' AND t.relname = $1 "
        "AND t.relnamespace = current_schema()::regnamespace",
        table, names, n, err);
}

/* setval every identity sequence of the schema past its column's largest
 * value (or back to 1 when the table is empty). */
static int pg_reset_sequences(zf_db_t *zdb, zf_error_t *err) {
    pg_db_t *db = PG(zdb);
    zf_stmt_t *st = pg_prepare(zdb,
                               "SELECT c.relname::text, a.attname::text FROM pg_attribute a "
                               "JOIN pg_class c ON c.oid = a.attrelid "
                               "WHERE a.attidentity IN ('a', 'd') AND a.attnum > 0 "
                               "AND c.relnamespace = current_schema()::regnamespace ORDER BY 1",
                               err);
    int rc;
    char sql[1024];
    while ((rc = pg_step(st, err)) == 1) {
        const char *t = pg_col_text(st, 0), *c = pg_col_text(st, 1);
        char *qt = PQescapeIdentifier(db->conn, t, strlen(t));
        char *qc = PQescapeIdentifier(db->conn, c, strlen(c));
        char *lt = PQescapeLiteral(db->conn, t, strlen(t));
        char *lc = PQescapeLiteral(db->conn, c, strlen(c));
        snprintf(sql, sizeof sql,
                 "SELECT setval(pg_get_serial_sequence(%s, %s), "
                 "COALESCE((SELECT max(%s) FROM %s), 1), "
                 "(SELECT max(%s) FROM %s) IS NOT NULL)",
                 lt, lc, qc, qt, qc, qt);
        PQfreemem(qt);
        PQfreemem(qc);
        PQfreemem(lt);
        PQfreemem(lc);
        int r = exec_once(db, sql, err, NULL);
        if (r < 0) {
            rc = r;
            break;
        }
    }
    pg_done(st);
    return rc < 0 ? rc : 0;
}

/* A transaction-scoped advisory lock: held until commit or rollback, seen by
 * every server on this database, and (unlike a row lock taken by UPDATE)
 * leaves no row version behind, so a transaction that appends 100 000
 * events does not walk a growing chain of versions of one row. */
static int pg_lock(zf_db_t *db, int64_t key, zf_error_t *err) {
    zf_stmt_t *st = pg_prepare(db, "SELECT pg_advisory_xact_lock($1)", err);
    pg_bind_int(st, 1, key);
    int rc = pg_step(st, err);
    pg_done(st);
    return rc < 0 ? rc : 0;
}

/* The module's one exported symbol (zhifa-pg.so is built with hidden
 * visibility; db.c looks this up with dlsym). */
__attribute__((visibility("default"))) const zf_db_ops_t zf_postgres_ops = {
    .name = "postgresql",
    .connect = pg_connect,
    .disconnect = pg_disconnect,
    .on_acquire = pg_on_acquire,
    .exec = pg_exec,
    .begin = pg_begin,
    .commit = pg_commit,
    .rollback = pg_rollback,
    .in_transaction = pg_in_transaction,
    .prepare = pg_prepare,
    .bind_int = pg_bind_int,
    .bind_text = pg_bind_text,
    .bind_blob = pg_bind_blob,
    .bind_null = pg_bind_null,
    .step = pg_step,
    .col_int = pg_col_int,
    .col_text = pg_col_text,
    .col_blob = pg_col_blob,
    .col_type = pg_col_type,
    .col_count = pg_col_count,
    .col_name = pg_col_name,
    .changes = pg_changes,
    .done = pg_done,
    .table_exists = pg_table_exists,
    .tables = pg_tables,
    .references = pg_references,
    .reset_sequences = pg_reset_sequences,
    .lock = pg_lock,
    .set_statement_timeout = pg_set_statement_timeout,
    .migrations = zf_postgres_migrations,
    .migrations_count = &zf_postgres_migrations_count,
};
