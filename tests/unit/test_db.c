/* Unit tests for statements built at run time (store/db.c
 * zf_db_prepare_built): the backends cache statements by the SQL pointer, so
 * two texts written into the same buffer must not share a statement, and the
 * same text built twice must find its own (B01 …). Real SQLite file. */
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

int main(void) {
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_built)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
