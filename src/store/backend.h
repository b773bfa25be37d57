/* backend.h — what a database backend implements for db.h (internal to
 * src/store). db.c owns the pool and dispatches every db.h call through the
 * ops table of the connection's backend, chosen by the URL's scheme:
 * "sqlite:" → sqlite.c, "postgresql://" or "postgres://" → postgres.c.
 *
 * A backend's connection and statement structs start with `struct zf_db`
 * and `struct zf_stmt` (below), so db.c can reach the ops table. */
#ifndef ZF_STORE_BACKEND_H
#define ZF_STORE_BACKEND_H

#include "core/arena.h"
#include "store/db.h"
#include "store/migrate.h"

typedef struct zf_db_ops zf_db_ops_t;

struct zf_db {
    const zf_db_ops_t *ops;
    struct zf_db *next_free; /* pool free list (db.c) */
    /* The sessions this connection found (session_cache.h): created on
     * first use, freed by db.c before the backend's disconnect. A backend
     * allocates its connection zeroed (NULL here). */
    struct zf_session_cache *session_cache;
};

struct zf_stmt {
    const zf_db_ops_t *ops;
};

struct zf_db_ops {
    const char *name; /* "sqlite" | "postgresql" */
    /* One connection; NULL and err filled on failure. */
    zf_db_t *(*connect)(const char *url, zf_error_t *err);
    void (*disconnect)(zf_db_t *db);
    /* Called when a connection leaves the pool: a broken one is reset here. */
    void (*on_acquire)(zf_db_t *db);
    int (*exec)(zf_db_t *db, const char *sql, zf_error_t *err);
    int (*begin)(zf_db_t *db, zf_error_t *err);
    int (*commit)(zf_db_t *db, zf_error_t *err);
    void (*rollback)(zf_db_t *db);
    /* 1 while a transaction is open on the connection. */
    int (*in_transaction)(zf_db_t *db);
    /* A read snapshot for several statements, ended by read_end or by a
     * write transaction's begin; NULL: not needed by the backend. */
    int (*read_begin)(zf_db_t *db, zf_error_t *err);
    void (*read_end)(zf_db_t *db);
    /* The version of the data the open read snapshot sees (db.h
     * zf_db_snapshot_version); NULL: the backend cannot tell. */
    int (*snapshot_version)(zf_db_t *db, uint64_t ver[2]);
    zf_stmt_t *(*prepare)(zf_db_t *db, const char *sql, zf_error_t *err);
    void (*bind_int)(zf_stmt_t *st, int i, int64_t v);
    void (*bind_text)(zf_stmt_t *st, int i, const char *s);
    void (*bind_blob)(zf_stmt_t *st, int i, const void *p, size_t n);
    void (*bind_null)(zf_stmt_t *st, int i);
    int (*step)(zf_stmt_t *st, zf_error_t *err);
    int64_t (*col_int)(zf_stmt_t *st, int col);
    const char *(*col_text)(zf_stmt_t *st, int col);
    const void *(*col_blob)(zf_stmt_t *st, int col, size_t *len);
    int (*col_type)(zf_stmt_t *st, int col);
    int (*col_count)(zf_stmt_t *st);
    const char *(*col_name)(zf_stmt_t *st, int col);
    int64_t (*changes)(zf_stmt_t *st);
    void (*done)(zf_stmt_t *st);
    /* Schema introspection (migrations, migrate-db). */
    int (*table_exists)(zf_db_t *db, const char *table, zf_error_t *err);
    int (*tables)(zf_db_t *db, zf_arena_t *a, const char ***names, size_t *n, zf_error_t *err);
    int (*references)(zf_db_t *db, zf_arena_t *a, const char *table, const char ***names, size_t *n,
                      zf_error_t *err);
    int (*reset_sequences)(zf_db_t *db, zf_error_t *err);
    int (*lock)(zf_db_t *db, int64_t key, zf_error_t *err);
    /* Cancel statements running longer than ms (0 = never), on this
     * connection and after it is reset; NULL = not supported. */
    int (*set_statement_timeout)(zf_db_t *db, int64_t ms, zf_error_t *err);
    /* This backend's embedded migrations. */
    const zf_migration_t *migrations;
    const unsigned *migrations_count;
};

/* The migrations of the backend a connection speaks (migrate.c). */
const zf_migration_t *zf_db_migrations(zf_db_t *db, unsigned *count);

extern const zf_db_ops_t zf_sqlite_ops;
/* In the module zhifa-pg.so (postgres.c), found by db.c on the first
 * postgresql:// URL: never referenced by name from the binary. */
extern const zf_db_ops_t zf_postgres_ops;

#endif
