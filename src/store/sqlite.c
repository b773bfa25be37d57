/* sqlite.c — the SQLite backend of db.h (ops table in backend.h).
 *
 * Every connection: WAL journal, synchronous=FULL (a commit that was answered
 * survives a power cut), foreign keys on, a busy timeout so concurrent
 * writers queue instead of failing, double-quoted string literals off
 * (STACK.md), and a cache of prepared statements keyed by the SQL pointer.
 * The write transactions of a process run in turn on one more connection,
 * the file's writer (sq_begin, writer_of), whose page cache then lasts. */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "store/backend.h"
#include "store/sqlite_gate.h"

#define STMT_CACHE_MAX 256
#define BUSY_TIMEOUT_MS 10000

typedef struct sq_db sq_db_t;

typedef struct sq_stmt {
    struct zf_stmt base;
    const char *key; /* the caller's SQL literal */
    sqlite3_stmt *st;
    sq_db_t *db;
} sq_stmt_t;

struct sq_db {
    struct zf_db base;
    sqlite3 *h;
    zf_sqlite_gate_t *gate; /* this file's writers in this process (sqlite_gate.h) */
    int gate_held;
    /* While this connection's write transaction runs: the file's writer
     * connection it runs on (see sq_begin), NULL otherwise. */
    struct sq_db *active;
    int read_tx;     /* a read snapshot of zf_db_read_begin is open (no write) */
    uint64_t writes; /* this connection's writing statements and commits, for
                      * zf_db_snapshot_version (data_version omits them) */
    size_t nstmts;
    sq_stmt_t stmts[STMT_CACHE_MAX];
};

#define SQ(db) ((sq_db_t *)(db))
#define SST(st) ((sq_stmt_t *)(st))

/* The connection a statement of zdb runs on: the writer connection during
 * zdb's write transaction, zdb itself otherwise. */
static sq_db_t *cur(zf_db_t *zdb) {
    sq_db_t *db = SQ(zdb);
    return db->active ? db->active : db;
}

extern const zf_migration_t zf_sqlite_migrations[];
extern const unsigned zf_sqlite_migrations_count;

static int sqlite_fail(sq_db_t *db, int rc, zf_error_t *err) {
    int primary = rc & 0xff;
    const char *msg = db && db->h ? sqlite3_errmsg(db->h) : sqlite3_errstr(rc);
    if (primary == SQLITE_CONSTRAINT)
        return zf_error_set(err, ZF_ECONFLICT, 409, "store.conflict", NULL,
                            "数据与已有记录冲突：%s", msg);
    if (primary == SQLITE_FULL)
        return zf_error_set(err, ZF_EIO, 507, "store.disk_full", NULL,
                            "存储空间已满，本次修改未保存：%s", msg);
    if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
        return zf_error_set(err, ZF_EBUSY, 503, "store.busy", NULL, "数据库繁忙，请稍后重试：%s",
                            msg);
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

/* A connection to the file at path, set up as every connection is; NULL
 * with err set. */
static sq_db_t *sq_open(const char *path, zf_error_t *err) {
    sq_db_t *db = zf_xcalloc(1, sizeof *db);
    db->base.ops = &zf_sqlite_ops;
    int rc = sqlite3_open_v2(
        path, &db->h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        zf_error_set(err, ZF_EIO, 500, "store.open", NULL, "无法打开数据库 %s：%s", path,
                     db->h ? sqlite3_errmsg(db->h) : sqlite3_errstr(rc));
        sqlite3_close(db->h);
        free(db);
        return NULL;
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
        return NULL;
    }
    return db;
}

static void sq_close(sq_db_t *db) {
    for (size_t i = 0; i < db->nstmts; i++)
        sqlite3_finalize(db->stmts[i].st);
    sqlite3_close(db->h);
    free(db);
}

static void writer_destroy(void *w) { sq_close(w); }

static zf_db_t *sq_connect(const char *url, zf_error_t *err) {
    const char *path = url + 7; /* "sqlite:" */
    if (!*path) {
        zf_error_set(err, ZF_EINVAL, 400, "store.url", "db", "数据库地址缺少文件路径");
        return NULL;
    }
    sq_db_t *db = sq_open(path, err);
    if (!db) return NULL;
    db->gate = zf_sqlite_gate_get(sqlite3_db_filename(db->h, "main"));
    return &db->base;
}

static void sq_rollback(zf_db_t *zdb);

static void sq_disconnect(zf_db_t *zdb) {
    sq_db_t *db = SQ(zdb);
    sq_rollback(zdb); /* and out of the gate, off the writer connection */
    zf_sqlite_gate_put(db->gate);
    sq_close(db);
}

static int sq_exec(zf_db_t *zdb, const char *sql, zf_error_t *err) {
    sq_db_t *db = cur(zdb);
    char *errmsg = NULL;
    int rc = sqlite3_exec(db->h, sql, NULL, NULL, &errmsg);
    if (rc != SQLITE_OK) {
        int r = sqlite_fail(db, rc, err);
        sqlite3_free(errmsg);
        return r;
    }
    return 0;
}

/* The file's writer connection, opened on first use by the thread inside
 * the gate; NULL when this process has one connection to the file (the
 * command line, the bench generator: nothing to share, and their own
 * pragmas stay in force) or it cannot be opened (the transaction then runs
 * on the caller's connection, as before).
 *
 * Why (issue 12): in WAL mode a connection drops its whole page cache when
 * the file changed since its last transaction. With one connection per
 * worker thread every write of one thread emptied the others' caches, so
 * each write request read all its pages again from the kernel (a pread
 * each; an eighth of a case edit's CPU). All write transactions of the
 * process run on this one connection instead, in turn (the gate), so it
 * keeps its cache from one write to the next. */
static sq_db_t *writer_of(sq_db_t *db) {
    if (!db->gate || zf_sqlite_gate_users(db->gate) < 2) return NULL;
    sq_db_t *w = zf_sqlite_gate_writer(db->gate);
    if (!w) {
        zf_error_t ignored = {0};
        w = sq_open(sqlite3_db_filename(db->h, "main"), &ignored);
        if (w) zf_sqlite_gate_set_writer(db->gate, w, writer_destroy);
    }
    return w;
}

/* BEGIN IMMEDIATE takes the write lock at once, so the log head can't change
 * under an append. Writers of this process queue on the file's gate first
 * (sqlite_gate.h: handed over at once, where the busy handler polls); other
 * processes on the busy timeout. Inside the gate the transaction runs on
 * the file's writer connection (writer_of): every statement of zdb until
 * the commit or rollback goes there. A connection already in a transaction
 * skips the gate and gets SQLite's own error. */
static int sq_begin(zf_db_t *zdb, zf_error_t *err) {
    sq_db_t *db = SQ(zdb);
    int gated = 0;
    /* a request that read in a snapshot now writes: the write transaction
     * starts from the newest data, as it did without the snapshot */
    if (db->read_tx) {
        db->read_tx = 0;
        if (!sqlite3_get_autocommit(db->h)) sqlite3_exec(db->h, "COMMIT", NULL, NULL, NULL);
    }
    if (!db->gate_held && sqlite3_get_autocommit(db->h)) {
        if (zf_sqlite_gate_enter(db->gate, BUSY_TIMEOUT_MS) != 0)
            return zf_error_set(err, ZF_EBUSY, 503, "store.busy", NULL,
                                "数据库繁忙，请稍后重试：等待写入超过 %d 秒",
                                BUSY_TIMEOUT_MS / 1000);
        gated = db->gate != NULL;
        if (gated) db->active = writer_of(db);
    }
    db->writes++;
    int rc = sq_exec(zdb, "BEGIN IMMEDIATE", err);
    if (gated) {
        if (rc == 0) {
            db->gate_held = 1;
        } else {
            db->active = NULL;
            zf_sqlite_gate_leave(db->gate);
        }
    }
    return rc;
}

static void gate_leave(sq_db_t *db) {
    if (!db->gate_held) return;
    db->gate_held = 0;
    db->active = NULL;
    zf_sqlite_gate_leave(db->gate);
}

static void sq_rollback(zf_db_t *zdb) {
    sq_db_t *db = SQ(zdb);
    sq_db_t *on = cur(zdb);
    if (!sqlite3_get_autocommit(on->h)) sqlite3_exec(on->h, "ROLLBACK", NULL, NULL, NULL);
    if (on != db && !sqlite3_get_autocommit(db->h))
        sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
    db->read_tx = 0;
    gate_leave(db);
}

static int sq_in_transaction(zf_db_t *zdb) {
    sq_db_t *db = SQ(zdb);
    if (db->active) return !sqlite3_get_autocommit(db->active->h);
    return !db->read_tx && !sqlite3_get_autocommit(db->h);
}

/* One read transaction for a request's reads instead of one per statement:
 * each autocommit statement took and dropped the WAL read lock (fcntl on the
 * -shm file, twice), a tenth of a case detail's CPU for its thirty-odd
 * statements — and the request now reads one consistent snapshot. */
static zf_stmt_t *sq_prepare(zf_db_t *zdb, const char *sql, zf_error_t *err);

/* BEGIN and COMMIT of a read snapshot as cached statements: sqlite3_exec
 * parsed them again on every GET (6% of a cached answer's CPU). */
static int run_cached(zf_db_t *zdb, const char *sql, zf_error_t *err) {
    zf_stmt_t *st = sq_prepare(zdb, sql, err);
    if (!st) return ZF_EIO;
    int rc = sqlite3_step(SST(st)->st);
    sqlite3_reset(SST(st)->st);
    return rc == SQLITE_DONE ? 0 : sqlite_fail(SQ(zdb), rc, err);
}

static int sq_read_begin(zf_db_t *zdb, zf_error_t *err) {
    sq_db_t *db = SQ(zdb);
    if (db->active || db->read_tx || !sqlite3_get_autocommit(db->h)) return 0;
    int rc = run_cached(zdb, "BEGIN", err);
    if (rc == 0) db->read_tx = 1;
    return rc;
}

static void sq_read_end(zf_db_t *zdb) {
    sq_db_t *db = SQ(zdb);
    if (!db->read_tx || db->active) return;
    db->read_tx = 0;
    zf_error_t ignored = {0};
    if (!sqlite3_get_autocommit(db->h) && run_cached(zdb, "COMMIT", &ignored) != 0)
        sqlite3_exec(db->h, "COMMIT", NULL, NULL, NULL);
}

/* PRAGMA data_version moves when another connection (of this process or
 * another) committed since this connection last read; its own writes are
 * counted in `writes`, bumped by every writing statement and commit. The
 * pragma opens the snapshot if no statement has yet. */
/* zf_db_exec: DDL and migrations, counted as writes whatever they do */
static int sq_exec_counted(zf_db_t *zdb, const char *sql, zf_error_t *err) {
    SQ(zdb)->writes++;
    return sq_exec(zdb, sql, err);
}

static int sq_snapshot_version(zf_db_t *zdb, uint64_t ver[2]) {
    sq_db_t *db = SQ(zdb);
    if (!db->read_tx) return -1;
    zf_error_t err = {0};
    zf_stmt_t *st = sq_prepare(zdb, "PRAGMA data_version", &err);
    if (!st) return -1;
    int rc = sqlite3_step(SST(st)->st);
    ver[0] = rc == SQLITE_ROW ? (uint64_t)sqlite3_column_int64(SST(st)->st, 0) : 0;
    sqlite3_reset(SST(st)->st);
    ver[1] = db->writes;
    return rc == SQLITE_ROW && db->read_tx ? 0 : -1;
}

static int sq_commit(zf_db_t *zdb, zf_error_t *err) {
    SQ(zdb)->writes++;
    int rc = sq_exec(zdb, "COMMIT", err);
    if (rc != 0) sq_rollback(zdb);
    gate_leave(SQ(zdb));
    return rc;
}

static zf_stmt_t *sq_prepare(zf_db_t *zdb, const char *sql, zf_error_t *err) {
    sq_db_t *db = cur(zdb);
    for (size_t i = 0; i < db->nstmts; i++) {
        if (db->stmts[i].key == sql) {
            sqlite3_reset(db->stmts[i].st);
            sqlite3_clear_bindings(db->stmts[i].st);
            return &db->stmts[i].base;
        }
    }
    char *text = rewrite_placeholders(sql);
    sqlite3_stmt *st = NULL;
    int persistent = db->nstmts < STMT_CACHE_MAX;
    int rc =
        sqlite3_prepare_v3(db->h, text, -1, persistent ? SQLITE_PREPARE_PERSISTENT : 0, &st, NULL);
    free(text);
    if (rc != SQLITE_OK) {
        sqlite_fail(db, rc, err);
        return NULL;
    }
    if (!persistent) abort(); /* more distinct statements than the cache holds: a bug */
    sq_stmt_t *s = &db->stmts[db->nstmts++];
    s->base.ops = &zf_sqlite_ops;
    s->key = sql;
    s->st = st;
    s->db = db;
    return &s->base;
}

static void sq_bind_int(zf_stmt_t *st, int i, int64_t v) { sqlite3_bind_int64(SST(st)->st, i, v); }

static void sq_bind_text(zf_stmt_t *st, int i, const char *s) {
    if (s)
        sqlite3_bind_text(SST(st)->st, i, s, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(SST(st)->st, i);
}

static void sq_bind_blob(zf_stmt_t *st, int i, const void *p, size_t n) {
    sqlite3_bind_blob64(SST(st)->st, i, p, n, SQLITE_TRANSIENT);
}

static void sq_bind_null(zf_stmt_t *st, int i) { sqlite3_bind_null(SST(st)->st, i); }

static void sq_read_end(zf_db_t *zdb);

static int sq_step(zf_stmt_t *zst, zf_error_t *err) {
    sq_stmt_t *st = SST(zst);
    /* A write outside zf_db_begin (a session or counter touched by a GET)
     * must not turn the read snapshot into a write transaction held until
     * the request ends, or fail to upgrade a stale snapshot: the snapshot
     * ends first and the statement runs on its own, as it did before. */
    if (!sqlite3_stmt_readonly(st->st)) {
        st->db->writes++;
        if (st->db->read_tx && !sqlite3_stmt_busy(st->st)) sq_read_end(&st->db->base);
    }
    int rc = sqlite3_step(st->st);
    if (rc == SQLITE_ROW) return 1;
    if (rc == SQLITE_DONE) return 0;
    int r = sqlite_fail(st->db, rc, err);
    sqlite3_reset(st->st);
    return r;
}

static int64_t sq_col_int(zf_stmt_t *st, int col) { return sqlite3_column_int64(SST(st)->st, col); }

static const char *sq_col_text(zf_stmt_t *st, int col) {
    const unsigned char *t = sqlite3_column_text(SST(st)->st, col);
    return t ? (const char *)t : "";
}

static const void *sq_col_blob(zf_stmt_t *st, int col, size_t *len) {
    const void *p = sqlite3_column_blob(SST(st)->st, col);
    *len = (size_t)sqlite3_column_bytes(SST(st)->st, col);
    return p;
}

static int sq_col_type(zf_stmt_t *st, int col) {
    switch (sqlite3_column_type(SST(st)->st, col)) {
    case SQLITE_NULL: return ZF_COL_NULL;
    case SQLITE_INTEGER: return ZF_COL_INT;
    case SQLITE_BLOB: return ZF_COL_BLOB;
    default: return ZF_COL_TEXT;
    }
}

static int sq_col_count(zf_stmt_t *st) { return sqlite3_column_count(SST(st)->st); }
static const char *sq_col_name(zf_stmt_t *st, int col) {
    return sqlite3_column_name(SST(st)->st, col);
}

static int64_t sq_changes(zf_stmt_t *st) { return sqlite3_changes64(SST(st)->db->h); }

static void sq_done(zf_stmt_t *st) {
    sqlite3_reset(SST(st)->st);
    sqlite3_clear_bindings(SST(st)->st);
}

static int sq_table_exists(zf_db_t *db, const char *table, zf_error_t *err) {
    zf_stmt_t *st = sq_prepare(
        db, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = $1", err);
    if (!st) return ZF_EIO;
    sq_bind_text(st, 1, table);
    int rc = sq_step(st, err);
    int has = rc == 1 && sq_col_int(st, 0) > 0;
    sq_done(st);
    return rc < 0 ? rc : has;
}

static int sq_name_list(zf_db_t *db, zf_arena_t *a, const char *sql, const char *arg,
                        const char ***names, size_t *n, zf_error_t *err) {
    zf_stmt_t *st = sq_prepare(db, sql, err);
    if (!st) return ZF_EIO;
    if (arg) sq_bind_text(st, 1, arg);
    size_t cap = 0, count = 0;
    const char **items = zf_arena_reserve(a, NULL, &cap, 0, sizeof *items);
    int rc;
    while ((rc = sq_step(st, err)) == 1) {
        items = zf_arena_reserve(a, items, &cap, count, sizeof *items);
        items[count++] = zf_arena_strdup(a, sq_col_text(st, 0));
    }
    sq_done(st);
    if (rc < 0) return rc;
    *names = items;
    *n = count;
    return 0;
}

/* Plain tables only: an FTS5 index (migration 038) is a virtual table with
 * shadow tables that sqlite_master lists as tables too; they hold no data of
 * their own (the PostgreSQL twin has a GIN index instead), so migrate-db
 * must not copy them. */
static int sq_tables(zf_db_t *db, zf_arena_t *a, const char ***names, size_t *n, zf_error_t *err) {
    return sq_name_list(db, a,
                        "SELECT name FROM pragma_table_list WHERE schema = 'main' "
                        "AND type = 'table' AND name NOT LIKE 'sqlite%' ORDER BY name",
                        NULL, names, n, err);
}

static int sq_references(zf_db_t *db, zf_arena_t *a, const char *table, const char ***names,
                         size_t *n, zf_error_t *err) {
    return sq_name_list(db, a, "SELECT DISTINCT \"table\" FROM pragma_foreign_key_list($1)", table,
                        names, n, err);
}

static int sq_reset_sequences(zf_db_t *db, zf_error_t *err) {
    (void)db; /* INTEGER PRIMARY KEY continues after the largest rowid by itself */
    (void)err;
    return 0;
}

static int sq_lock(zf_db_t *db, int64_t key, zf_error_t *err) {
    (void)db; /* BEGIN IMMEDIATE holds the database's one write lock already */
    (void)key;
    (void)err;
    return 0;
}

const zf_db_ops_t zf_sqlite_ops = {
    .name = "sqlite",
    .connect = sq_connect,
    .disconnect = sq_disconnect,
    .on_acquire = NULL,
    .exec = sq_exec_counted,
    .begin = sq_begin,
    .commit = sq_commit,
    .rollback = sq_rollback,
    .in_transaction = sq_in_transaction,
    .read_begin = sq_read_begin,
    .read_end = sq_read_end,
    .snapshot_version = sq_snapshot_version,
    .prepare = sq_prepare,
    .bind_int = sq_bind_int,
    .bind_text = sq_bind_text,
    .bind_blob = sq_bind_blob,
    .bind_null = sq_bind_null,
    .step = sq_step,
    .col_int = sq_col_int,
    .col_text = sq_col_text,
    .col_blob = sq_col_blob,
    .col_type = sq_col_type,
    .col_count = sq_col_count,
    .col_name = sq_col_name,
    .changes = sq_changes,
    .done = sq_done,
    .table_exists = sq_table_exists,
    .tables = sq_tables,
    .references = sq_references,
    .reset_sequences = sq_reset_sequences,
    .lock = sq_lock,
    .migrations = zf_sqlite_migrations,
    .migrations_count = &zf_sqlite_migrations_count,
};
