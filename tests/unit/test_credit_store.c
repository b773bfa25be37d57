/* Unit tests for store/credit (migration 020): the function the case module
 * calls when a penalty decision is made (zf_credit_case_outcome) — a bad
 * record always, a serious-list proposal when a criterion of 应急管理部令第11号
 * is met, both logged, idempotent per case — and the dated parameters.
 * A real SQLite file with every migration. Rows have stable IDs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "store/credit.h"
#include "store/db.h"
#include "store/enterprises.h"
#include "store/log.h"
#include "store/migrate.h"
#include "store/store.h"

static zf_db_pool_t *pool;
static zf_db_t *db;
static char url[600];
static int64_t ent_id;

static int setup(void **state) {
    (void)state;
    const char *tmp = getenv("TMPDIR");
    snprintf(url, sizeof url, "sqlite:%s/zhifa-credit-%d.db", tmp && *tmp ? tmp : "/tmp",
             (int)getpid());
    unlink(url + 7);
    zf_error_t err = {0};
    pool = zf_db_pool_open(url, 1, &err);
    assert_non_null(pool);
    db = zf_db_acquire(pool);
    assert_true(zf_store_migrate(db, &err) >= 0);
    zf_arena_t *a = zf_arena_new();
    zf_unit_t town;
    assert_int_equal(zf_db_begin(db, &err), 0);
    assert_int_equal(zf_unit_insert(db, a, 0, "341504001", "史河街道", "township", &town, &err), 0);
    zf_enterprise_t e = {.credit_code = "91341504MA0000000H",
                         .name = "信用测试企业",
                         .unit_id = town.id,
                         .domain = "industry",
                         .scale = "micro",
                         .risk = "yellow",
                         .supervision = "general",
                         .status = "operating",
                         .group_code = ""};
    assert_int_equal(zf_enterprise_insert(db, a, &e, &err), 0);
    ent_id = e.id;
    assert_int_equal(zf_db_commit(db, &err), 0);
    zf_arena_free(a);
    return 0;
}

static int teardown(void **state) {
    (void)state;
    zf_db_release(pool, db);
    zf_db_pool_close(pool);
    char path[640];
    unlink(url + 7);
    snprintf(path, sizeof path, "%s-wal", url + 7);
    unlink(path);
    snprintf(path, sizeof path, "%s-shm", url + 7);
    unlink(path);
    return 0;
}

static const struct {
    const char *id;
    int64_t case_id;
    zf_credit_facts_t facts;
    int want_bad, want_proposal; /* 1 = made */
    const char *criteria;        /* of the proposal */
    int events;                  /* log events added */
} outcomes[] = {
    {"O01 no penalty: nothing", 101, {.penalized = 0, .concealed = 1}, 0, 0, "", 0},
    {"O02 penalty, nothing aggravating: bad record only", 102, {.penalized = 1}, 1, 0, "", 1},
    {"O03 瞒报 + 第114条 3倍: bad record and proposal", 103, {.penalized = 1, .concealed = 1, .multiple_114_pct = 300}, 1, 1, "SL-03 SL-04", 2},
    {"O04 the same case again: nothing new", 103, {.penalized = 1, .concealed = 1}, 0, 0, "", 0},
    {"O05 重大事故", 105, {.penalized = 1, .accident_grade = ZF_ACCIDENT_MAJOR}, 1, 1, "SL-01", 2},
};

static void case_outcomes(void **state) {
    (void)state;
    for (size_t i = 0; i < sizeof outcomes / sizeof outcomes[0]; i++) {
        zf_arena_t *a = zf_arena_new();
        zf_error_t err = {0};
        int64_t before = zf_log_size(db, &err);
        zf_credit_outcome_t o = {.enterprise_id = ent_id,
                                 .case_id = outcomes[i].case_id,
                                 .case_number = "叶应急罚〔2026〕1号",
                                 .decision_date = "2026-11-20",
                                 .summary = "测试",
                                 .principal_name = "张伟",
                                 .authority = "叶集区应急管理局",
                                 .facts = outcomes[i].facts};
        int64_t bad = -1, prop = -1;
        assert_int_equal(zf_db_begin(db, &err), 0);
        if (zf_credit_case_outcome(db, a, 0, &o, &bad, &prop, &err) != 0)
            fail_msg("%s: %s", outcomes[i].id, err.message);
        assert_int_equal(zf_db_commit(db, &err), 0);
        if ((bad > 0) != outcomes[i].want_bad || (prop > 0) != outcomes[i].want_proposal)
            fail_msg("%s: bad %lld proposal %lld", outcomes[i].id, (long long)bad, (long long)prop);
        if (zf_log_size(db, &err) - before != outcomes[i].events)
            fail_msg("%s: %lld events", outcomes[i].id, (long long)(zf_log_size(db, &err) - before));
        if (prop > 0) {
            zf_credit_record_t r;
            assert_int_equal(zf_credit_record_get(db, a, prop, &r, &err), 0);
            assert_string_equal(r.status, "proposed");
            assert_string_equal(r.kind, "serious_list");
            if (strcmp(r.criteria, outcomes[i].criteria) != 0)
                fail_msg("%s: criteria %s", outcomes[i].id, r.criteria);
            assert_non_null(strstr(r.propose_reason, "符合列入情形"));
            assert_int_equal(r.case_id, outcomes[i].case_id);
        }
        if (bad > 0) {
            zf_credit_record_t r;
            assert_int_equal(zf_credit_record_get(db, a, bad, &r, &err), 0);
            assert_string_equal(r.status, "recorded");
            assert_string_equal(r.kind, "bad_record");
        }
        zf_arena_free(a);
    }
}

static const struct {
    const char *id, *key, *date;
    int64_t want; /* -1: no value in force */
} params[] = {
    {"P01 period, seeded", "credit.serious.period_months", "2026-11-28", 36},
    {"P02 early removal, seeded", "credit.serious.early_removal_months", "2026-11-28", 12},
    {"P03 before the 部令 took effect: none", "credit.serious.period_months", "2023-09-30", -1},
    {"P04 from its first day", "credit.serious.period_months", "2023-10-01", 36},
};

static void dated_params(void **state) {
    (void)state;
    for (size_t i = 0; i < sizeof params / sizeof params[0]; i++) {
        zf_error_t err = {0};
        int64_t v = -1;
        int rc = zf_credit_param(db, params[i].key, params[i].date, &v, &err);
        if (params[i].want < 0) {
            if (rc == 0) fail_msg("%s: got %lld", params[i].id, (long long)v);
            assert_string_equal(err.code, "credit.param_missing");
        } else if (rc != 0 || v != params[i].want) {
            fail_msg("%s: rc %d value %lld", params[i].id, rc, (long long)v);
        }
    }
    assert_true(zf_credit_param_known("credit.serious.period_months", NULL));
    assert_false(zf_credit_param_known("credit.other", NULL));
}

int main(void) {
    const struct CMUnitTest tests[] = {cmocka_unit_test(case_outcomes),
                                       cmocka_unit_test(dated_params)};
    return cmocka_run_group_tests(tests, setup, teardown);
}
