/* Unit tests for the migration runner (store/migrate.c): each applied
 * migration is recorded under its own key, so one numbered below the newest
 * applied is still applied (branches landing out of order); a database from
 * before the keys is adopted from its schema_version; a key this program
 * does not know refuses the database (M01 …). Real SQLite file. */
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
#include "store/migrate.h"

static int64_t count(zf_db_t *db, const char *sql) {
    zf_error_t err = {0};
    zf_stmt_t *st = zf_db_prepare(db, sql, &err);
    assert_non_null(st);
    assert_int_equal(zf_stmt_step(st, &err), 1);
    int64_t n = zf_stmt_int(st, 0);
    zf_stmt_done(st);
    return n;
}

static void test_migrate(void **state) {
    (void)state;
    const char *tmp = getenv("TMPDIR");
    char url[600];
    snprintf(url, sizeof url, "sqlite:%s/zhifa-migrate-%d.db", tmp && *tmp ? tmp : "/tmp",
             (int)getpid());
    unlink(url + 7);
    zf_error_t err = {0};
    zf_db_pool_t *pool = zf_db_pool_open(url, 1, &err);
    assert_non_null(pool);
    zf_db_t *db = zf_db_acquire(pool);
    int all = zf_store_migrate(db, &err);
    assert_true(all > 20);
    const int newest = zf_store_schema_version();

    /* M01: one key per migration, schema_version the newest, a second run
     * applies nothing */
    assert_int_equal(count(db, "SELECT COUNT(*) FROM meta WHERE key LIKE 'migration.%'"), all);
    assert_int_equal(
        count(db, "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'schema_version'"), newest);
    assert_int_equal(zf_store_migrate(db, &err), 0);

    /* M02: a migration below the newest that is not recorded (it landed
     * after a later one) is applied: 022's indexes come back */
    assert_int_equal(zf_db_exec(db,
                                "DROP INDEX cases_stats_filed; DROP INDEX cases_stats_spot; "
                                "DROP INDEX cases_stats_decided; DROP INDEX cases_stats_closed; "
                                "DROP INDEX case_payments_stats; DROP INDEX inspections_stats; "
                                "DROP INDEX inspections_stats_ent; DROP INDEX hazards_stats; "
                                "DELETE FROM meta WHERE key = 'migration.022'",
                                &err),
                     0);
    assert_int_equal(zf_store_migrate(db, &err), 1);
    assert_int_equal(count(db, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND "
                               "name IN ('cases_stats_closed', 'hazards_stats')"),
                     2);
    assert_int_equal(
        count(db, "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'schema_version'"), newest);

    /* M03: a database from before the keys (schema_version only) is adopted:
     * nothing re-applied, the keys written */
    assert_int_equal(zf_db_exec(db, "DELETE FROM meta WHERE key LIKE 'migration.%'", &err), 0);
    assert_int_equal(zf_store_migrate(db, &err), 0);
    assert_int_equal(count(db, "SELECT COUNT(*) FROM meta WHERE key LIKE 'migration.%'"), all);

    /* M04: a migration this program does not have → refused, nothing changed */
    assert_int_equal(
        zf_db_exec(db, "INSERT INTO meta (key, value) VALUES ('migration.999', '999')", &err), 0);
    assert_true(zf_store_migrate(db, &err) < 0);
    assert_string_equal(err.code, "store.schema_too_new");
    assert_non_null(strstr(err.message, "999"));

    zf_db_release(pool, db);
    zf_db_pool_close(pool);
    unlink(url + 7);
}

int main(void) {
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_migrate)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
