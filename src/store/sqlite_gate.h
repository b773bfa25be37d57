/* sqlite_gate.h — the writers of one SQLite file in this process queue on a
 * mutex before BEGIN IMMEDIATE, instead of on SQLite's busy handler.
 *
 * Why: the busy handler polls — a writer that finds the lock taken sleeps
 * 1, 2, 5 … up to 100 ms between tries, so under a burst of writes (or one
 * long transaction) some wait a whole sleep after the lock came free, and
 * after BUSY_TIMEOUT_MS they fail with 503 store.busy. A mutex hands the
 * lock over at once. Other processes on the same file (the command line
 * beside a server) still meet the busy handler, as before.
 *
 * The wait is bounded by the same timeout (a thread that begins on a second
 * connection while its first holds the gate gets store.busy after it, as it
 * did from SQLite, rather than waiting forever). */
#ifndef ZF_STORE_SQLITE_GATE_H
#define ZF_STORE_SQLITE_GATE_H

typedef struct zf_sqlite_gate zf_sqlite_gate_t;

/* The gate of the file at path (absolute, as sqlite3_db_filename gives it);
 * NULL for "" (a temporary or in-memory database has no other writer). */
zf_sqlite_gate_t *zf_sqlite_gate_get(const char *path);
void zf_sqlite_gate_put(zf_sqlite_gate_t *g);

/* How many connections of this process use the gate (zf_sqlite_gate_get
 * minus zf_sqlite_gate_put). */
int zf_sqlite_gate_users(zf_sqlite_gate_t *g);

/* The file's writer connection (sqlite.c), kept with the gate: NULL until
 * set; set and read only by the thread inside the gate. `destroy` runs when
 * the last user puts the gate. */
void *zf_sqlite_gate_writer(zf_sqlite_gate_t *g);
void zf_sqlite_gate_set_writer(zf_sqlite_gate_t *g, void *writer, void (*destroy)(void *));

/* 0 when taken, -1 after timeout_ms without it. */
int zf_sqlite_gate_enter(zf_sqlite_gate_t *g, int timeout_ms);
void zf_sqlite_gate_leave(zf_sqlite_gate_t *g);

#endif
