/* Unit tests for the sessions kept per pool connection (store/session_cache.c
 * and zf_session_lookup in store/sessions.c, migration 050). The container:
 * a set keeps its two most recently used entries, strings are its own copies
 * (C01 …). The lookup, on a real SQLite file: a kept session is used while
 * the auth_version counter stands still, and refused by its own expiry in
 * memory even when the database (with the counter's triggers dropped by
 * hand) still says it is valid; the refused entry is forgotten, so the next
 * lookup reads the database again (L01 …). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/util.h"
#include "store/db.h"
#include "store/migrate.h"
#include "store/session_cache.h"
#include "store/store.h"

/* A token hash whose set is chosen by (b0, b1) and whose identity by id. */
static void hash_of(unsigned char h[32], unsigned char b0, unsigned char b1, unsigned char id) {
    memset(h, 0, 32);
    h[0] = b0;
    h[1] = b1;
    h[31] = id;
}

static zf_actor_t actor_named(const char *username, int64_t id) {
    zf_actor_t a = {
        .user_id = id,
        .username = username,
        .name = "张三",
        .role = "officer",
        .unit_id = 3,
        .unit_path = "/1/2/3/",
        .scope_path = NULL,
    };
    return a;
}

static void test_container(void **state) {
    (void)state;
    /* the cache of a connection of its own (zf_session_cache_of) */
    char url[600];
    const char *tmp = getenv("TMPDIR");
    snprintf(url, sizeof url, "sqlite:%s/zhifa-sesscache-%d.db", tmp && *tmp ? tmp : "/tmp",
             (int)getpid());
    unlink(url + 7);
    zf_error_t err = {0};
    zf_db_pool_t *pool = zf_db_pool_open(url, 1, &err);
    assert_non_null(pool);
    zf_db_t *db = zf_db_acquire(pool);
    zf_session_cache_t *c = zf_session_cache_of(db);
    assert_non_null(c);
    assert_ptr_equal(zf_session_cache_of(db), c); /* one per connection */

    unsigned char a[32], b[32], d[32], other[32];
    hash_of(a, 7, 9, 1);
    hash_of(b, 7, 9, 2);
    hash_of(d, 7, 9, 3);
    hash_of(other, 8, 1, 1);
    /* C01: nothing kept yet */
    assert_null(zf_session_cache_find(c, a));
    /* C02: an entry is found with its own copies of the strings */
    char name[16];
    snprintf(name, sizeof name, "%s", "wang");
    zf_actor_t x = actor_named(name, 11);
    uint64_t snap[2] = {5, 6};
    zf_session_cache_put(c, a, &x, "csrf-a", 1000, 42, snap);
    /* the caller's buffer is reused after the put: the entry has its own copy */
    snprintf(name, sizeof name, "%s", "zhao");
    const zf_session_cached_t *e = zf_session_cache_find(c, a);
    assert_non_null(e);
    assert_string_equal(e->actor.username, "wang");
    assert_int_equal(e->actor.user_id, 11);
    assert_string_equal(e->actor.unit_path, "/1/2/3/");
    assert_null(e->actor.scope_path);
    assert_string_equal(e->csrf, "csrf-a");
    assert_int_equal(e->expires_ms, 1000);
    assert_int_equal(e->auth_version, 42);
    assert_true(e->has_snapshot);
    assert_int_equal(e->snapshot[0], 5);
    /* C03: a second token of the same set is kept beside the first */
    zf_actor_t y = actor_named("li", 12);
    y.scope_path = "/1/2/";
    zf_session_cache_put(c, b, &y, "csrf-b", 2000, 42, NULL);
    assert_non_null(zf_session_cache_find(c, a)); /* a is now the more recent */
    e = zf_session_cache_find(c, b);
    assert_non_null(e);
    assert_false(e->has_snapshot);
    assert_string_equal(e->actor.scope_path, "/1/2/");
    /* C04: a third replaces the least recently used (a, since b was just
     * found), not the other */
    zf_session_cache_put(c, d, &x, "csrf-d", 3000, 43, NULL);
    assert_null(zf_session_cache_find(c, a));
    assert_non_null(zf_session_cache_find(c, b));
    assert_non_null(zf_session_cache_find(c, d));
    /* C05: another set is untouched by all this */
    zf_session_cache_put(c, other, &x, "csrf-o", 4000, 43, NULL);
    assert_non_null(zf_session_cache_find(c, other));
    /* C06: validated records the snapshot; drop forgets */
    uint64_t snap2[2] = {9, 9};
    zf_session_cache_validated(c, b, snap2);
    e = zf_session_cache_find(c, b);
    assert_true(e->has_snapshot);
    assert_int_equal(e->snapshot[0], 9);
    zf_session_cache_drop(c, b);
    assert_null(zf_session_cache_find(c, b));
    zf_session_cache_validated(c, b, snap2); /* gone: a no-op */
    assert_null(zf_session_cache_find(c, b));
    /* C07: putting the same token again replaces its entry in place */
    zf_session_cache_put(c, d, &y, "csrf-d2", 5000, 44, NULL);
    e = zf_session_cache_find(c, d);
    assert_string_equal(e->csrf, "csrf-d2");
    assert_string_equal(e->actor.username, "li");
    assert_non_null(zf_session_cache_find(c, other));

    zf_db_release(pool, db);
    zf_db_pool_close(pool); /* frees the cache (ASan: no leak) */
    unlink(url + 7);
}

static int64_t one_int(zf_db_t *db, const char *sql) {
    zf_error_t err = {0};
    zf_stmt_t *st = zf_db_prepare(db, sql, &err);
    assert_non_null(st);
    assert_int_equal(zf_stmt_step(st, &err), 1);
    int64_t v = zf_stmt_int(st, 0);
    zf_stmt_done(st);
    return v;
}

static void sleep_ms(long ms) {
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* One lookup as a GET makes it: in a read snapshot. 0 or the error code. */
static int lookup(zf_db_t *db, const char *token, zf_actor_t *actor, zf_error_t *err) {
    zf_arena_t *a = zf_arena_new();
    zf_error_t ignored = {0};
    (void)zf_db_read_begin(db, &ignored);
    const char *csrf = NULL;
    int rc = zf_session_lookup(db, a, token, actor, &csrf, err);
    if (rc == 0) {
        assert_non_null(csrf);
        assert_int_equal(strlen(csrf), 64);
        assert_string_equal(actor->username, "zhangsan");
        assert_string_equal(actor->scope_path, "/0000000001/0000000002/");
    }
    zf_db_read_end(db);
    zf_arena_free(a);
    return rc;
}

static void test_lookup(void **state) {
    (void)state;
    char url[600];
    const char *tmp = getenv("TMPDIR");
    snprintf(url, sizeof url, "sqlite:%s/zhifa-sessions-%d.db", tmp && *tmp ? tmp : "/tmp",
             (int)getpid());
    unlink(url + 7);
    zf_error_t err = {0};
    zf_db_pool_t *pool = zf_db_pool_open(url, 1, &err);
    assert_non_null(pool);
    zf_db_t *db = zf_db_acquire(pool);
    assert_true(zf_store_migrate(db, &err) > 0);
    assert_int_equal(
        zf_db_exec(db,
                   "INSERT INTO units (id, parent_id, code, name, kind, path, created_at, "
                   "updated_at) VALUES "
                   "(1, NULL, 'c', '支队', 'city_detachment', '/0000000001/', 'x', 'x'), "
                   "(2, 1, 'b', '应急管理局', 'bureau', '/0000000001/0000000002/', 'x', 'x'), "
                   "(3, 2, 'd', '大队', 'brigade', '/0000000001/0000000002/0000000003/', 'x', "
                   "'x');"
                   "INSERT INTO users (id, username, name, role, unit_id, password_hash, "
                   "created_at, updated_at) VALUES (1, 'zhangsan', '张三', 'officer', 3, 'h', "
                   "'x', 'x');",
                   &err),
        0);
    char token[65], csrf[65];
    const int64_t ttl = 600;
    int64_t t0 = zf_now_ms();
    assert_int_equal(zf_session_create(db, 1, ttl, "127.0.0.1", token, csrf, &err), 0);
    zf_actor_t actor;

    /* L01: found, and kept */
    assert_int_equal(lookup(db, token, &actor, &err), 0);
    assert_int_equal(actor.user_id, 1);
    /* L02: with the counter's triggers on sessions dropped by hand, a
     * change to the row is not seen while the counter stands: the kept
     * entry answers (which is why the triggers exist) */
    int64_t counter = one_int(db, "SELECT version FROM auth_version WHERE id = 1");
    assert_int_equal(zf_db_exec(db,
                                "DROP TRIGGER auth_version_sessions_upd; "
                                "UPDATE sessions SET expires_ms = expires_ms + 3600000",
                                &err),
                     0);
    assert_int_equal(one_int(db, "SELECT version FROM auth_version WHERE id = 1"), counter);
    assert_int_equal(lookup(db, token, &actor, &err), 0);
    /* L03: past the expiry the entry was read with, the lookup refuses in
     * memory, though the database now says the session lasts an hour more */
    int64_t left = t0 + ttl + 50 - zf_now_ms();
    if (left > 0) sleep_ms((long)left);
    memset(&err, 0, sizeof err);
    assert_int_equal(lookup(db, token, &actor, &err), ZF_ENOTFOUND);
    assert_int_equal(err.status, 401);
    assert_string_equal(err.code, "auth.required");
    /* L04: the refused entry was forgotten: the next lookup reads the
     * database, finds the longer session, and keeps it again */
    assert_int_equal(lookup(db, token, &actor, &err), 0);
    assert_int_equal(lookup(db, token, &actor, &err), 0);
    /* L05: a moved counter (any user write) sends the lookup to the
     * database: the user is now inactive */
    assert_int_equal(zf_db_exec(db, "UPDATE users SET active = 0 WHERE id = 1", &err), 0);
    assert_true(one_int(db, "SELECT version FROM auth_version WHERE id = 1") > counter);
    memset(&err, 0, sizeof err);
    assert_int_equal(lookup(db, token, &actor, &err), ZF_ENOTFOUND);
    assert_int_equal(err.status, 401);
    /* L06: a failed lookup is not kept: once active again, found at once */
    assert_int_equal(zf_db_exec(db, "UPDATE users SET active = 1 WHERE id = 1", &err), 0);
    assert_int_equal(lookup(db, token, &actor, &err), 0);
    /* L07: a token of the wrong length never reaches the cache or the
     * database */
    memset(&err, 0, sizeof err);
    assert_int_equal(lookup(db, "abc", &actor, &err), ZF_ENOTFOUND);
    assert_int_equal(err.status, 401);

    zf_db_release(pool, db);
    zf_db_pool_close(pool);
    unlink(url + 7);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_container),
        cmocka_unit_test(test_lookup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
