/* db.h — the one interface through which zhifa speaks SQL.
 *
 * Callers write SQL that both SQLite and PostgreSQL accept, with `$1…$N`
 * placeholders; each backend rewrites or prepares it as its dialect needs
 * (SQLite: `?N`, because SQLite numbers `$N` by first appearance — STACK.md).
 * Dialect differences live in the backend files, never in callers.
 *
 * A pool holds one connection per worker thread. A connection is used by one
 * thread at a time: acquire, use, release. Prepared statements are cached per
 * connection, keyed by the SQL text's address, so callers pass string
 * literals. */
#ifndef ZF_STORE_DB_H
#define ZF_STORE_DB_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/error.h"

typedef struct zf_db zf_db_t;
typedef struct zf_db_pool zf_db_pool_t;
typedef struct zf_stmt zf_stmt_t;

/* Open `size` connections to url: "sqlite:path/to/file.db" (creates the file
 * if missing) or "postgresql://user@host:port/dbname" (also "postgres://"),
 * chosen by the scheme. Returns NULL and fills err on failure.
 *
 * PostgreSQL: a connection found broken (server restarted) is reset when it
 * is next acquired, or when a read outside a transaction fails on it; while
 * the server is unreachable statements fail with ZF_EBUSY, HTTP 503
 * store.unavailable "数据库暂时不可用". */
zf_db_pool_t *zf_db_pool_open(const char *url, unsigned size, zf_error_t *err);
/* Close every connection (all must have been released). NULL is a no-op. */
void zf_db_pool_close(zf_db_pool_t *pool);
/* A statement running longer than ms (0 = no limit, the default) is
 * cancelled and fails with ZF_EBUSY, HTTP 503 store.timeout, its transaction
 * rolled back: a worker blocked behind a lock held elsewhere (another server,
 * a hand-run psql session, a backup) answers instead of hanging. Applies to
 * every connection of the pool, also after a reconnection. PostgreSQL only
 * (statement_timeout); on SQLite a no-op — writes there wait at most the
 * busy timeout, and reads never wait for writers in WAL mode. Call before
 * the pool is shared. */
int zf_db_pool_set_statement_timeout(zf_db_pool_t *pool, int64_t ms, zf_error_t *err);
/* Borrow a connection, waiting if all are in use; give it back with release. */
zf_db_t *zf_db_acquire(zf_db_pool_t *pool);
void zf_db_release(zf_db_pool_t *pool, zf_db_t *db);

/* "sqlite" or "postgresql". */
const char *zf_db_backend(const zf_db_t *db);

/* Transactions. zf_db_begin starts a write transaction (SQLite: BEGIN
 * IMMEDIATE, so a write never fails half-way with SQLITE_BUSY). Rollback is
 * safe to call when no transaction is open. SQLite: the transaction runs on
 * the process's writer connection for the file (sqlite.c), so a statement
 * prepared before zf_db_begin belongs to the transaction only if prepared
 * again after it — prepare, bind, step and finish within one side. */
int zf_db_begin(zf_db_t *db, zf_error_t *err);
int zf_db_commit(zf_db_t *db, zf_error_t *err);
void zf_db_rollback(zf_db_t *db);
/* 1 while a transaction is open on db (what it reads may not be committed). */
int zf_db_in_transaction(zf_db_t *db);
/* Read the following statements in one snapshot (SQLite: a deferred
 * transaction, so the WAL read lock is taken once; PostgreSQL: nothing). A
 * zf_db_begin ends it first and writes from the newest data; zf_db_read_end
 * ends it (harmless when none is open). Not a write transaction:
 * zf_db_in_transaction says 0. */
int zf_db_read_begin(zf_db_t *db, zf_error_t *err);
void zf_db_read_end(zf_db_t *db);
/* 0 and the version of the data the open read snapshot of db sees: two
 * snapshots of the same connection with equal versions see the same data
 * (SQLite: PRAGMA data_version, which moves with every other connection's
 * commit, and this connection's own writes). -1 when no snapshot is open or
 * the backend cannot tell (PostgreSQL): callers must then assume it moved. */
int zf_db_snapshot_version(zf_db_t *db, uint64_t ver[2]);

/* Run SQL text with no parameters and no rows (DDL, migrations). May contain
 * several statements. */
int zf_db_exec(zf_db_t *db, const char *sql, zf_error_t *err);

/* Prepare (or take from the cache) a statement. The statement is reset and
 * its bindings cleared; bind with 1-based indexes, step, read columns
 * (0-based), then zf_stmt_done(). Text and blobs read from a row stay valid
 * until the next step or done.
 *
 * The backends cache statements by the SQL *pointer*: `sql` must be a string
 * literal (or live as long as the process, unchanged). SQL built at run time
 * goes through zf_db_prepare_built(). */
zf_stmt_t *zf_db_prepare(zf_db_t *db, const char *sql, zf_error_t *err);
/* The same for SQL text built at run time (a buffer, an arena string): the
 * text is interned — one stable copy per distinct text for the process — and
 * that copy is the cache key, so two texts never share a statement and the
 * same text always finds its own. Keep the number of distinct texts small
 * (a few combinations of optional conditions): each is cached on every
 * connection, up to the backends' limit. */
zf_stmt_t *zf_db_prepare_built(zf_db_t *db, const char *sql, zf_error_t *err);
void zf_stmt_bind_int(zf_stmt_t *st, int i, int64_t v);
void zf_stmt_bind_text(zf_stmt_t *st, int i, const char *s); /* NULL binds NULL */
void zf_stmt_bind_blob(zf_stmt_t *st, int i, const void *p, size_t n);
void zf_stmt_bind_null(zf_stmt_t *st, int i);
/* 1 when a row is ready, 0 when done, negative on error: a unique or foreign
 * key violation gives ZF_ECONFLICT (409 store.conflict), anything else
 * ZF_EIO (500 store.error); a full disk ZF_EIO with code store.disk_full. */
int zf_stmt_step(zf_stmt_t *st, zf_error_t *err);
int64_t zf_stmt_int(zf_stmt_t *st, int col);
const char *zf_stmt_text(zf_stmt_t *st, int col); /* "" for NULL */
const void *zf_stmt_blob(zf_stmt_t *st, int col, size_t *len);
int zf_stmt_is_null(zf_stmt_t *st, int col);
/* Rows changed by the last write statement. */
int64_t zf_stmt_changes(zf_stmt_t *st);
void zf_stmt_done(zf_stmt_t *st);

/* Run a write statement to completion: prepare, caller binds through the
 * helper below, step until done. Convenience for the common case of one
 * INSERT/UPDATE/DELETE; returns rows changed or a negative code. */
int64_t zf_stmt_run(zf_stmt_t *st, zf_error_t *err);
/* zf_stmt_run for an optimistic-locking UPDATE (… WHERE id = $n AND
 * version = $m): 0 when the row changed; when none did, someone saved it
 * first — 409 conflict.version on field "version", "<what>已被他人修改，请刷新
 * 后重试". Negative codes of the statement pass through. */
int zf_stmt_run_versioned(zf_stmt_t *st, const char *what, zf_error_t *err);

/* Reads the current row of st into *item (an element of the caller's array,
 * cast inside to its type); strings go into the arena. */
typedef void (*zf_row_reader_fn)(zf_stmt_t *st, zf_arena_t *a, void *item);

/* Step st to the end, reading every row with read into an array of
 * item_size-byte elements grown in the arena, then zf_stmt_done(st) (also on
 * error). Returns 0 with *items (never NULL, even for no rows) and *n set, or
 * the negative code of the failing step, leaving *items and *n untouched. */
int zf_stmt_collect(zf_stmt_t *st, zf_arena_t *a, size_t item_size, zf_row_reader_fn read,
                    void **items, size_t *n, zf_error_t *err);

/* Take the named writer lock until the transaction ends (commit or
 * rollback); call inside zf_db_begin. Writers that must follow one another
 * (the log append) take it. PostgreSQL: a transaction-scoped advisory lock,
 * shared by every server on the database, cheap to take again in the same
 * transaction; SQLite: nothing to do, BEGIN IMMEDIATE already excludes other
 * writers. */
int zf_db_lock(zf_db_t *db, const char *name, zf_error_t *err);

/* ---- generic access (migrate-db): column count, names and value types ---- */
enum { ZF_COL_NULL = 0, ZF_COL_INT = 1, ZF_COL_TEXT = 2, ZF_COL_BLOB = 3 };
int zf_stmt_column_count(zf_stmt_t *st);
const char *zf_stmt_column_name(zf_stmt_t *st, int col);
int zf_stmt_column_type(zf_stmt_t *st, int col); /* of the current row's value */

/* ---- schema introspection; the dialect lives in the backend ---- */
/* 1 when the table exists, 0 when not, negative on error. */
int zf_db_table_exists(zf_db_t *db, const char *table, zf_error_t *err);
/* The schema's tables, every table after the tables its foreign keys refer
 * to (self references aside). Names live in the arena. */
int zf_db_tables(zf_db_t *db, zf_arena_t *a, const char ***names, size_t *n, zf_error_t *err);
/* After rows were inserted with explicit ids: move every identity sequence
 * past the largest id (PostgreSQL; a no-op on SQLite). */
int zf_db_reset_sequences(zf_db_t *db, zf_error_t *err);

/* A LIKE pattern that finds q anywhere: "%q%" with %, _ and \ escaped by a
 * backslash; use it with `LIKE $n ESCAPE '\'` (the same on both backends). */
const char *zf_db_like_contains(zf_arena_t *a, const char *q);

#endif
