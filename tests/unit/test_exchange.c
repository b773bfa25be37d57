/* Unit tests for the exchange store (store/exchange, store/interference,
 * migration 018) and the permission rows of issue 11 (core/perm): tokens
 * are stored as their SHA-256 only and authenticate with the right 401 code
 * (X..), shares are unique per agency (S..), the interference register
 * refuses UPDATE and DELETE even through the store (I..), and who may do
 * what (P..). A real SQLite file under TMPDIR. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <openssl/sha.h>

#include "core/perm.h"
#include "core/util.h"
#include "store/db.h"
#include "store/exchange.h"
#include "store/interference.h"
#include "store/migrate.h"
#include "store/store.h"

static const struct {
    const char *id, *role, *action;
    int may;
} perm_cases[] = {
    {"P01", "discipline", "interference.read", 1},
    {"P02", "bureau_leader", "interference.read", 1},
    {"P03", "city_supervisor", "interference.read", 1},
    {"P04", "officer", "interference.read", 0},
    {"P05", "admin", "interference.read", 0},
    {"P06", "township_officer", "interference.read", 0},
    {"P07", "officer", "interference.write", 1},
    {"P08", "auxiliary", "interference.write", 1},
    {"P09", "township_officer", "interference.write", 1},
    {"P10", "city_supervisor", "interference.write", 0}, /* reads, never writes */
    {"P11", "partner", "interference.write", 0},
    {"P12", "partner", "interference.read", 0},
    {"P13", "partner", "exchange.read", 1},
    {"P14", "partner", "exchange.push", 1},
    {"P15", "admin", "exchange.read", 0},     /* sessions never use the exchange */
    {"P16", "partner", "enterprise.read", 0}, /* only through the exchange */
    {"P17", "partner", "unit.read", 0},
    {"P18", "admin", "api_token.manage", 1},
    {"P19", "bureau_leader", "api_token.manage", 0},
    {"P20", "section_head", "agency.share", 1},
    {"P21", "officer", "agency.share", 0},
    {"P22", "discipline", "agency.read", 1},
    {"P23", "discipline", "enterprise.read", 0},
    {"P24", "city_supervisor", "notice.write", 0},
    {"P25", "auxiliary", "notice.read", 0},
};

static void test_perm_rows(void **state) {
    (void)state;
    for (size_t i = 0; i < sizeof perm_cases / sizeof perm_cases[0]; i++) {
        int got = zf_perm_role_may(perm_cases[i].role, perm_cases[i].action);
        if (got != perm_cases[i].may)
            fail_msg("%s: %s %s: want %d, got %d", perm_cases[i].id, perm_cases[i].role,
                     perm_cases[i].action, perm_cases[i].may, got);
    }
    assert_string_equal(zf_role_name("discipline"), "纪检监察");
    assert_string_equal(zf_role_name("partner"), "协作单位");
}

typedef struct fixture {
    char dir[256];
    zf_db_pool_t *pool;
    zf_db_t *db;
    zf_arena_t *a;
    zf_unit_t unit;
    zf_user_t user;
    zf_agency_t agency;
} fixture_t;

static int setup(void **state) {
    fixture_t *f = calloc(1, sizeof *f);
    const char *tmp = getenv("TMPDIR");
    snprintf(f->dir, sizeof f->dir, "%s/zf-exchange-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(f->dir)) return -1;
    char url[320];
    snprintf(url, sizeof url, "sqlite:%s/zhifa.db", f->dir);
    zf_error_t err = {0};
    f->pool = zf_db_pool_open(url, 1, &err);
    if (!f->pool) return -1;
    f->db = zf_db_acquire(f->pool);
    f->a = zf_arena_new();
    if (zf_store_migrate(f->db, &err) < 0) return -1;
    if (zf_db_begin(f->db, &err)) return -1;
    if (zf_unit_insert(f->db, f->a, 0, "341504", "叶集区应急管理局", "bureau", &f->unit, &err))
        return -1;
    if (zf_user_insert(f->db, f->a, "xuming", "徐明", "discipline", f->unit.id, "x", &f->user,
                       &err))
        return -1;
    if (zf_agency_insert(f->db, f->a, f->unit.id, "叶集区市场监督管理局", "market", "", "",
                         &f->agency, &err))
        return -1;
    if (zf_db_commit(f->db, &err)) return -1;
    *state = f;
    return 0;
}

static int teardown(void **state) {
    fixture_t *f = *state;
    zf_arena_free(f->a);
    zf_db_release(f->pool, f->db);
    zf_db_pool_close(f->pool);
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
    if (system(cmd) != 0) return -1;
    free(f);
    return 0;
}

static void test_agency_names(void **state) {
    fixture_t *f = *state;
    zf_error_t err = {0};
    zf_agency_t g;
    assert_int_equal(zf_agency_insert(f->db, f->a, f->unit.id, "叶集区市场监督管理局", "market", "",
                                      "", &g, &err),
                     ZF_ECONFLICT);
    assert_string_equal(err.code, "agency.name_taken");
    assert_string_equal(zf_agency_kind_name("procuratorate"), "检察院");
    assert_null(zf_agency_kind_name("bank"));
}

static void test_tokens(void **state) {
    fixture_t *f = *state;
    zf_error_t err = {0};
    char token[65], expired_token[65];
    zf_xtoken_t t, t2, got;
    assert_int_equal(zf_db_begin(f->db, &err), 0);
    assert_int_equal(zf_xtoken_insert(f->db, f->a, f->agency.id, "只读", "read", "enterprise.read",
                                      zf_now_ms() + 60000, f->user.id, token, &t, &err),
                     0);
    assert_int_equal(zf_xtoken_insert(f->db, f->a, f->agency.id, "过期", "read", "enterprise.read",
                                      zf_now_ms() - 1, f->user.id, expired_token, &t2, &err),
                     0);
    assert_int_equal(zf_db_commit(f->db, &err), 0);
    assert_int_equal(strlen(token), 64);
    assert_memory_equal(t.token_prefix, token, 8);
    /* X01: only the SHA-256 is stored */
    unsigned char want[32];
    SHA256((const unsigned char *)token, 64, want);
    zf_stmt_t *st = zf_db_prepare(f->db, "SELECT token_hash FROM api_tokens WHERE id = $1", &err);
    zf_stmt_bind_int(st, 1, t.id);
    assert_int_equal(zf_stmt_step(st, &err), 1);
    size_t n = 0;
    const void *blob = zf_stmt_blob(st, 0, &n);
    assert_int_equal(n, 32);
    assert_memory_equal(blob, want, 32);
    zf_stmt_done(st);
    /* X02..X06: the answers of authenticate */
    char wrong[65];
    memcpy(wrong, token, 65);
    wrong[0] = wrong[0] == 'a' ? 'b' : 'a';
    const struct {
        const char *id, *token, *code;
    } cases[] = {
        {"X02", token, NULL},
        {"X03", wrong, "auth.token_invalid"},
        {"X04", "short", "auth.token_invalid"},
        {"X05", expired_token, "auth.token_expired"},
        {"X06", "", "auth.token_invalid"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        zf_error_t e = {0};
        int rc = zf_xtoken_authenticate(f->db, f->a, cases[i].token, &got, &e);
        if (!cases[i].code) {
            if (rc != 0) fail_msg("%s: want ok, got %s", cases[i].id, e.code);
            assert_int_equal(got.id, t.id);
        } else if (rc == 0 || e.status != 401 || strcmp(e.code, cases[i].code) != 0) {
            fail_msg("%s: want 401 %s, got %d %s", cases[i].id, cases[i].code, e.status, e.code);
        }
    }
    /* X07: revoked; X08: a second revocation is a conflict */
    assert_int_equal(zf_db_begin(f->db, &err), 0);
    assert_int_equal(zf_xtoken_revoke(f->db, f->a, t.id, f->user.id, "测试", &got, &err), 0);
    assert_int_equal(zf_xtoken_revoke(f->db, f->a, t.id, f->user.id, "测试", &got, &err),
                     ZF_ECONFLICT);
    zf_db_rollback(f->db);
    assert_int_equal(zf_db_begin(f->db, &err), 0);
    assert_int_equal(zf_xtoken_revoke(f->db, f->a, t.id, f->user.id, "测试", &got, &err), 0);
    assert_int_equal(zf_db_commit(f->db, &err), 0);
    zf_error_t e = {0};
    assert_int_not_equal(zf_xtoken_authenticate(f->db, f->a, token, &got, &e), 0);
    assert_string_equal(e.code, "auth.token_revoked");
}

static void test_shares(void **state) {
    fixture_t *f = *state;
    zf_error_t err = {0};
    zf_share_t s, s2;
    assert_int_equal(zf_db_begin(f->db, &err), 0);
    assert_int_equal(
        zf_share_insert(f->db, f->a, f->agency.id, "enterprise", 7, "", f->user.id, &s, &err), 0);
    /* S01: one share per subject and agency */
    assert_int_equal(
        zf_share_insert(f->db, f->a, f->agency.id, "enterprise", 7, "", f->user.id, &s2, &err),
        ZF_ECONFLICT);
    assert_string_equal(err.code, "share.exists");
    /* S02..S04: exists answers for this subject only */
    assert_int_equal(zf_share_exists(f->db, f->agency.id, "enterprise", 7, &err), 1);
    assert_int_equal(zf_share_exists(f->db, f->agency.id, "enterprise", 8, &err), 0);
    assert_int_equal(zf_share_exists(f->db, f->agency.id, "case", 7, &err), 0);
    assert_int_equal(zf_share_delete(f->db, s.id, &err), 0);
    assert_int_equal(zf_share_exists(f->db, f->agency.id, "enterprise", 7, &err), 0);
    assert_int_equal(zf_db_commit(f->db, &err), 0);
}

static void test_interference_append_only(void **state) {
    fixture_t *f = *state;
    zf_error_t err = {0};
    zf_interference_t r = {
        .unit_id = f->unit.id,
        .official_name = "某某",
        .official_post = "副局长",
        .official_unit = "某部门",
        .occurred_on = "2026-03-01",
        .method = "phone",
        .request = "询问案件",
        .matter = "某案",
        .recorded_by = f->user.id,
    };
    zf_interference_t out;
    assert_int_equal(zf_db_begin(f->db, &err), 0);
    assert_int_equal(zf_interference_insert(f->db, f->a, &r, &out, &err), 0);
    assert_int_equal(zf_db_commit(f->db, &err), 0);
    /* I01..I03: UPDATE and DELETE through the store are refused by the trigger */
    static const char *const refused[] = {
        "UPDATE interference_records SET request = 'x' WHERE id = $1",
        "DELETE FROM interference_records WHERE id = $1",
        "UPDATE interference_records SET occurred_on = '2026-01-01' WHERE id = $1",
    };
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        zf_error_t e = {0};
        assert_int_equal(zf_db_begin(f->db, &e), 0);
        zf_stmt_t *st = zf_db_prepare(f->db, refused[i], &e);
        assert_non_null(st);
        zf_stmt_bind_int(st, 1, out.id);
        int64_t n = zf_stmt_run(st, &e);
        zf_db_rollback(f->db);
        if (n >= 0) fail_msg("I0%zu: %s was not refused", i + 1, refused[i]);
        assert_non_null(strstr(e.message, "append-only"));
    }
    zf_interference_t again;
    assert_int_equal(zf_interference_get(f->db, f->a, out.id, &again, &err), 0);
    assert_string_equal(again.request, "询问案件");
    /* I04: the period counts */
    zf_count_t *c;
    size_t n;
    assert_int_equal(zf_interference_counts(f->db, f->a, f->unit.path, "2026-03-01", "2026-03-01",
                                            1, &c, &n, &err),
                     0);
    assert_int_equal(n, 1);
    assert_string_equal(c[0].key, "phone");
    assert_int_equal(c[0].count, 1);
    assert_int_equal(
        zf_interference_counts(f->db, f->a, f->unit.path, "2026-03-02", NULL, 0, &c, &n, &err), 0);
    assert_int_equal(n, 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_perm_rows),
        cmocka_unit_test_setup_teardown(test_agency_names, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tokens, setup, teardown),
        cmocka_unit_test_setup_teardown(test_shares, setup, teardown),
        cmocka_unit_test_setup_teardown(test_interference_append_only, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
