/* Unit tests for the jobs table (store/jobs, migration 023): a job's row
 * from queued to done with its result; a finished job is kept a week and
 * forgotten when a later job is inserted (J01 …). Real SQLite file. */
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
#include "store/jobs.h"
#include "store/migrate.h"

#define DAY_MS (24LL * 3600 * 1000)

static void test_jobs(void **state) {
    (void)state;
    const char *tmp = getenv("TMPDIR");
    char url[600];
    snprintf(url, sizeof url, "sqlite:%s/zhifa-jobs-%d.db", tmp && *tmp ? tmp : "/tmp",
             (int)getpid());
    unlink(url + 7);
    zf_error_t err = {0};
    zf_db_pool_t *pool = zf_db_pool_open(url, 1, &err);
    assert_non_null(pool);
    zf_db_t *db = zf_db_acquire(pool);
    assert_true(zf_store_migrate(db, &err) >= 0);
    zf_arena_t *a = zf_arena_new();
    const int64_t t0 = 1800000000000LL;

    /* J01: queued → running → done, the result kept */
    int64_t old = 0, recent = 0, fresh = 0;
    assert_int_equal(zf_store_job_insert(db, "enterprise.import", 7, t0, "h:1", &old, &err), 0);
    zf_job_row_t r;
    assert_int_equal(zf_store_job_get(db, a, old, &r, &err), 0);
    assert_string_equal(r.state, "queued");
    assert_int_equal(r.owner_id, 7);
    assert_int_equal(zf_store_job_started(db, old, t0 + 1, &err), 0);
    assert_int_equal(zf_store_job_finished(db, old, "done", 200, "{\"imported\":3}", t0 + 2, &err),
                     0);
    assert_int_equal(zf_store_job_get(db, a, old, &r, &err), 0);
    assert_string_equal(r.state, "done");
    assert_int_equal(r.status, 200);
    assert_string_equal(r.result, "{\"imported\":3}");
    assert_string_equal(r.server, "h:1");

    /* J02: six days later it is still there; a running job is never forgotten */
    assert_int_equal(
        zf_store_job_insert(db, "document.batch", 7, t0 + 6 * DAY_MS, "h:1", &recent, &err), 0);
    assert_int_equal(zf_store_job_get(db, a, old, &r, &err), 0);
    /* J03: more than a week after it finished, the next insert forgets it */
    assert_int_equal(
        zf_store_job_insert(db, "document.batch", 7, t0 + 8 * DAY_MS, "h:2", &fresh, &err), 0);
    assert_int_equal(zf_store_job_get(db, a, old, &r, &err), ZF_ENOTFOUND);
    assert_int_equal(zf_store_job_get(db, a, recent, &r, &err), 0); /* unfinished: kept */
    assert_string_equal(r.state, "queued");
    assert_true(fresh > recent && recent > old);

    zf_arena_free(a);
    zf_db_release(pool, db);
    zf_db_pool_close(pool);
    unlink(url + 7);
}

int main(void) {
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_jobs)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
