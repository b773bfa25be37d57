/* Unit tests for statements built at run time (store/db.c
 * zf_db_prepare_built): the backends cache statements by the SQL pointer, so
 * two texts written into the same buffer must not share a statement, and the
 * same text built twice must find its own (B01 …). And the SQLite write gate
 * (store/sqlite_gate.h): writers of four threads queue on it, none fails and
 * no update is lost; a transaction left open is given back by the rollback
 * of zf_db_release (G01 …). Real SQLite file. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "store/db.h"

static int64_t one(zf_db_t *db, const char *sql_text) {
    char buf[256]; /* the same address for every text: the trap */
    snprintf(buf, sizeof buf, "%s", sql_text);
    zf_error_t err = {0};
    zf_stmt_t *st = zf_db_prepare_built(db, buf, &err);
    assert_non_null(st);
    assert_int_equal(zf_stmt_step(st, &err), 1);
    int64_t v = zf_stmt_int(st, 0);
    zf_stmt_done(st);
    return v;
}

static void test_built(void **state) {
    (void)state;
    const char *tmp = getenv("TMPDIR");
    char url[600];
    snprintf(url, sizeof url, "sqlite:%s/zhifa-db-%d.db", tmp && *tmp ? tmp : "/tmp",
             (int)getpid());
    unlink(url + 7);
    zf_error_t err = {0};
    zf_db_pool_t *pool = zf_db_pool_open(url, 1, &err);
    assert_non_null(pool);
    zf_db_t *db = zf_db_acquire(pool);
    /* B01: different texts from one buffer answer their own query */
    assert_int_equal(one(db, "SELECT 1"), 1);
    assert_int_equal(one(db, "SELECT 2"), 2);
    assert_int_equal(one(db, "SELECT 1 + 40"), 41);
    /* B02: the same text again, from another build, finds its statement */
    for (int i = 0; i < 300; i++)
        assert_int_equal(one(db, "SELECT 2"), 2);
    /* B03: many builds of a few texts stay within the cache (no abort) */
    for (int i = 0; i < 1000; i++)
        assert_int_equal(one(db, i % 2 ? "SELECT 7" : "SELECT 8"), i % 2 ? 7 : 8);
    zf_db_release(pool, db);
    zf_db_pool_close(pool);
    unlink(url + 7);
}

static void db_url(char *url, size_t n, const char *name) {
    const char *tmp = getenv("TMPDIR");
    snprintf(url, n, "sqlite:%s/zhifa-%s-%d.db", tmp && *tmp ? tmp : "/tmp", name, (int)getpid());
    unlink(url + 7);
}

#define GATE_THREADS 4
#define GATE_ROUNDS 40

typedef struct {
    zf_db_pool_t *pool;
    int failures;
} gate_arg_t;

/* read-modify-write of one counter, a little work inside the transaction */
static void *gate_writer(void *p) {
    gate_arg_t *g = p;
    for (int i = 0; i < GATE_ROUNDS; i++) {
        zf_db_t *db = zf_db_acquire(g->pool);
        zf_error_t err = {0};
        int rc = zf_db_begin(db, &err);
        int64_t v = -1;
        if (rc == 0) {
            zf_stmt_t *st = zf_db_prepare(db, "SELECT n FROM counter WHERE id = 1", &err);
            rc = st && zf_stmt_step(st, &err) == 1 ? 0 : -1;
            if (rc == 0) v = zf_stmt_int(st, 0);
            if (st) zf_stmt_done(st);
        }
        usleep(500);
        if (rc == 0) {
            zf_stmt_t *st = zf_db_prepare(db, "UPDATE counter SET n = $1 WHERE id = 1", &err);
            if (!st) rc = -1;
            if (rc == 0) {
                zf_stmt_bind_int(st, 1, v + 1);
                rc = zf_stmt_run(st, &err) == 1 ? 0 : -1;
            }
        }
        if (rc == 0) rc = zf_db_commit(db, &err);
        if (rc != 0) {
            __atomic_fetch_add(&g->failures, 1, __ATOMIC_RELAXED);
            fprintf(stderr, "gate writer: %s\n", err.message);
        }
        zf_db_release(g->pool, db);
    }
    return NULL;
}

static void test_gate(void **state) {
    (void)state;
    char url[600];
    db_url(url, sizeof url, "gate");
    zf_error_t err = {0};
    zf_db_pool_t *pool = zf_db_pool_open(url, GATE_THREADS, &err);
    assert_non_null(pool);
    zf_db_t *db = zf_db_acquire(pool);
    assert_int_equal(zf_db_exec(db,
                                "CREATE TABLE counter (id INTEGER PRIMARY KEY, n INTEGER); "
                                "INSERT INTO counter VALUES (1, 0)",
                                &err),
                     0);
    /* G01: a transaction left open is rolled back by release, which gives
     * the gate back: the next begin, on another connection, gets it */
    assert_int_equal(zf_db_begin(db, &err), 0);
    zf_db_release(pool, db);
    zf_db_t *a = zf_db_acquire(pool);
    zf_db_t *b = zf_db_acquire(pool);
    assert_int_equal(zf_db_begin(b, &err), 0);
    zf_db_rollback(b);
    /* G02: begin inside a transaction is SQLite's error, not a wait on the
     * gate this connection holds */
    assert_int_equal(zf_db_begin(a, &err), 0);
    assert_int_not_equal(zf_db_begin(a, &err), 0);
    assert_int_equal(zf_db_commit(a, &err), 0);
    zf_db_release(pool, a);
    zf_db_release(pool, b);
    /* G03: four threads, each 40 read-modify-write transactions: every one
     * commits, and the counter has them all */
    pthread_t t[GATE_THREADS];
    gate_arg_t g = {.pool = pool};
    for (int i = 0; i < GATE_THREADS; i++)
        pthread_create(&t[i], NULL, gate_writer, &g);
    for (int i = 0; i < GATE_THREADS; i++)
        pthread_join(t[i], NULL);
    assert_int_equal(g.failures, 0);
    db = zf_db_acquire(pool);
    zf_stmt_t *st = zf_db_prepare(db, "SELECT n FROM counter WHERE id = 1", &err);
    assert_non_null(st);
    assert_int_equal(zf_stmt_step(st, &err), 1);
    assert_int_equal(zf_stmt_int(st, 0), GATE_THREADS * GATE_ROUNDS);
    zf_stmt_done(st);
    zf_db_release(pool, db);
    zf_db_pool_close(pool);
    unlink(url + 7);
}

int main(void) {
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_built), cmocka_unit_test(test_gate)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
