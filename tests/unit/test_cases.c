/* Unit tests for the stored penalty cases (store/cases, migration 015) on a
 * real SQLite file: a draft has no number (CS01), a save with a stale
 * version is 409 conflict.version (CS02), numbers are unique (CS03), the
 * list pages by keyset and filters (CS04), the deadline list is ordered by
 * the stored next_due and stops at `until` (CS05), a bank reference is
 * stored once (CS06), a case loads with its children (CS07). */
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

#include "store/cases.h"
#include "store/db.h"
#include "store/migrate.h"
#include "store/store.h"

typedef struct fx {
    char dir[512];
    zf_db_pool_t *pool;
    zf_db_t *db;
    zf_arena_t *a;
    zf_unit_t root, brigade, town;
} fx_t;

static int setup(void **state) {
    fx_t *f = calloc(1, sizeof *f);
    const char *tmp = getenv("TMPDIR");
    snprintf(f->dir, sizeof f->dir, "%s/zhifa-cases-%d", tmp && *tmp ? tmp : "/tmp", (int)getpid());
    mkdir(f->dir, 0750);
    char url[600];
    snprintf(url, sizeof url, "sqlite:%s/zhifa.db", f->dir);
    zf_error_t err = {0};
    f->pool = zf_db_pool_open(url, 1, &err);
    assert_non_null(f->pool);
    f->db = zf_db_acquire(f->pool);
    assert_true(zf_store_migrate(f->db, &err) >= 0);
    f->a = zf_arena_new();
    assert_int_equal(zf_db_begin(f->db, &err), 0);
    assert_int_equal(zf_unit_insert(f->db, f->a, 0, "B", "区应急管理局", "bureau", &f->root, &err),
                     0);
    assert_int_equal(
        zf_unit_insert(f->db, f->a, f->root.id, "B-01", "执法大队", "brigade", &f->brigade, &err),
        0);
    assert_int_equal(
        zf_unit_insert(f->db, f->a, f->root.id, "B-T", "某街道", "township", &f->town, &err), 0);
    assert_int_equal(zf_db_commit(f->db, &err), 0);
    *state = f;
    return 0;
}

static int teardown(void **state) {
    fx_t *f = *state;
    zf_arena_free(f->a);
    zf_db_release(f->pool, f->db);
    zf_db_pool_close(f->pool);
    char cmd[700];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
    int rc = system(cmd);
    (void)rc;
    free(f);
    return 0;
}

static int64_t mk(fx_t *f, int64_t unit_id, const char *title) {
    zf_error_t err = {0};
    zf_case_row_t c = {.unit_id = unit_id,
                       .year = 2026,
                       .state = "draft",
                       .title = title,
                       .source_kind = "inspection",
                       .facts = ""};
    int64_t id = 0;
    assert_int_equal(zf_db_begin(f->db, &err), 0);
    assert_int_equal(zf_case_insert(f->db, &c, 0, &id, &err), 0);
    assert_int_equal(zf_db_commit(f->db, &err), 0);
    return id;
}

static int save(fx_t *f, zf_case_row_t *c, zf_error_t *err) {
    int rc = zf_db_begin(f->db, err);
    if (rc == 0) rc = zf_case_save(f->db, c, err);
    if (rc == 0)
        rc = zf_db_commit(f->db, err);
    else
        zf_db_rollback(f->db);
    return rc;
}

static void cs01_draft(void **state) {
    fx_t *f = *state;
    zf_error_t err = {0};
    zf_case_row_t c;
    int64_t id = mk(f, f->brigade.id, "CS01");
    assert_int_equal(zf_case_get(f->db, f->a, id, &c, &err), 0);
    assert_string_equal(c.state, "draft");
    assert_string_equal(c.number, "");
    assert_int_equal(c.version, 1);
    assert_string_equal(c.unit_name, "执法大队");
    assert_int_equal(zf_case_get(f->db, f->a, 999999, &c, &err), ZF_ENOTFOUND);
    assert_string_equal(err.code, "case.not_found");
}

static void cs02_version(void **state) {
    fx_t *f = *state;
    zf_error_t err = {0};
    zf_case_row_t c, stale;
    int64_t id = mk(f, f->brigade.id, "CS02");
    assert_int_equal(zf_case_get(f->db, f->a, id, &c, &err), 0);
    stale = c;
    c.facts = "第一次保存";
    assert_int_equal(save(f, &c, &err), 0);
    stale.facts = "覆盖";
    assert_int_equal(save(f, &stale, &err), ZF_ECONFLICT);
    assert_string_equal(err.code, "conflict.version");
    assert_int_equal(zf_case_get(f->db, f->a, id, &c, &err), 0);
    assert_string_equal(c.facts, "第一次保存");
    assert_int_equal(c.version, 2);
}

static void cs03_number_unique(void **state) {
    fx_t *f = *state;
    zf_error_t err = {0};
    zf_case_row_t a, b;
    assert_int_equal(zf_case_get(f->db, f->a, mk(f, f->brigade.id, "CS03a"), &a, &err), 0);
    assert_int_equal(zf_case_get(f->db, f->a, mk(f, f->brigade.id, "CS03b"), &b, &err), 0);
    a.number = "叶应急罚〔2026〕1号";
    a.seq = 1;
    assert_int_equal(save(f, &a, &err), 0);
    b.number = "叶应急罚〔2026〕1号";
    b.seq = 1;
    assert_int_equal(save(f, &b, &err), ZF_ECONFLICT);
    zf_case_row_t by;
    assert_int_equal(zf_case_by_number(f->db, f->a, "叶应急罚〔2026〕1号", &by, &err), 0);
    assert_int_equal(by.id, a.id);
}

static void cs04_list(void **state) {
    fx_t *f = *state;
    zf_error_t err = {0};
    int64_t t1 = mk(f, f->town.id, "CS04 街道一");
    int64_t t2 = mk(f, f->town.id, "CS04 街道二");
    int64_t t3 = mk(f, f->town.id, "CS04 街道三");
    static const struct {
        const char *id;
        int limit;
        int before; /* index into t[] or -1 */
        int64_t want[3];
        size_t nwant;
    } rows[] = {
        {"CS04-1", 2, -1, {2, 1}, 2}, /* newest first */
        {"CS04-2", 2, 1, {0}, 1},     /* before t2: t1 */
        {"CS04-3", 10, 0, {0}, 0},    /* before t1: none of the township */
    };
    int64_t t[3] = {t1, t2, t3};
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        zf_case_filter_t fl = {.scope_path = f->town.path,
                               .limit = rows[i].limit,
                               .before_id = rows[i].before >= 0 ? t[rows[i].before] : 0};
        zf_case_row_t *out;
        size_t n;
        assert_int_equal(zf_cases_list(f->db, f->a, &fl, &out, &n, &err), 0);
        if (n != rows[i].nwant) fail_msg("%s: %zu rows, want %zu", rows[i].id, n, rows[i].nwant);
        for (size_t k = 0; k < n; k++)
            if (out[k].id != t[rows[i].want[k]]) fail_msg("%s: row %zu", rows[i].id, k);
    }
    /* the township's scope does not see the brigade's cases */
    zf_case_filter_t fl = {.scope_path = f->town.path, .limit = 50, .state = "draft"};
    zf_case_row_t *out;
    size_t n;
    assert_int_equal(zf_cases_list(f->db, f->a, &fl, &out, &n, &err), 0);
    for (size_t k = 0; k < n; k++)
        assert_int_equal(out[k].unit_id, f->town.id);
}

static void cs05_due(void **state) {
    fx_t *f = *state;
    zf_error_t err = {0};
    static const struct {
        const char *title, *due;
    } rows[] = {{"CS05 a", "2026-12-10"},
                {"CS05 b", "2026-11-20"},
                {"CS05 c", ""},
                {"CS05 d", "2027-03-01"},
                {"CS05 e", "2026-12-01"}};
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        zf_case_row_t c;
        assert_int_equal(zf_case_get(f->db, f->a, mk(f, f->brigade.id, rows[i].title), &c, &err),
                         0);
        c.next_due = rows[i].due;
        c.next_due_rule = *rows[i].due ? "decision" : "";
        assert_int_equal(save(f, &c, &err), 0);
    }
    zf_case_row_t *out;
    size_t n;
    assert_int_equal(
        zf_cases_due(f->db, f->a, f->root.path, 0, 0, "2026-12-31", 100, &out, &n, &err), 0);
    static const char *const want[] = {"CS05 b", "CS05 e", "CS05 a"};
    assert_int_equal(n, 3);
    for (size_t i = 0; i < n; i++)
        assert_string_equal(out[i].title, want[i]);
    assert_int_equal(
        zf_cases_due(f->db, f->a, f->town.path, 0, 0, "2027-12-31", 100, &out, &n, &err), 0);
    assert_int_equal(n, 0);
}

static void cs06_reference_once(void **state) {
    fx_t *f = *state;
    zf_error_t err = {0};
    int64_t id = mk(f, f->brigade.id, "CS06");
    zf_case_payment_t p = {.case_id = id,
                           .kind = "bank",
                           .amount_fen = 100,
                           .paid_on = "2026-11-01",
                           .reference = "REF-1"};
    assert_int_equal(zf_db_begin(f->db, &err), 0);
    assert_int_equal(zf_case_payment_add(f->db, &p, &err), 0);
    zf_case_payment_t q = p;
    q.id = 0;
    assert_int_equal(zf_case_payment_add(f->db, &q, &err), ZF_ECONFLICT);
    assert_string_equal(err.code, "payment.duplicate_reference");
    zf_db_rollback(f->db);
    assert_int_equal(zf_case_payment_ref_exists(f->db, "REF-1", &err), 0); /* rolled back */
}

static void cs07_children(void **state) {
    fx_t *f = *state;
    zf_error_t err = {0};
    int64_t id = mk(f, f->brigade.id, "CS07");
    assert_int_equal(zf_db_begin(f->db, &err), 0);
    zf_case_party_t p1 = {.case_id = id, .kind = "org", .name = "某木业公司", .is_principal = 1};
    zf_case_party_t p2 = {.case_id = id, .kind = "person", .name = "张某"};
    assert_int_equal(zf_case_party_save(f->db, &p2, &err), 0);
    assert_int_equal(zf_case_party_save(f->db, &p1, &err), 0);
    zf_case_violation_row_t v = {.case_id = id,
                                 .party_id = p1.id,
                                 .item_code = "AQ-099-01",
                                 .item_version = 1,
                                 .violation_on = "2026-10-01",
                                 .amount_fen = 500000,
                                 .discretion_input = "{}",
                                 .discretion = "{}"};
    assert_int_equal(zf_case_violation_save(f->db, &v, &err), 0);
    zf_case_decision_t d = {.case_id = id, .decided_on = "2026-11-01", .body = "{\"text\":\"a\"}"};
    assert_int_equal(zf_case_decision_add(f->db, &d, &err), 0);
    zf_case_decision_t d2 = {.case_id = id,
                             .decided_on = "2026-11-01",
                             .body = "{\"text\":\"b\"}",
                             .corrects_decision_id = d.id,
                             .reason = "笔误"};
    assert_int_equal(zf_case_decision_add(f->db, &d2, &err), 0);
    assert_int_equal(zf_db_commit(f->db, &err), 0);
    zf_case_full_t full;
    assert_int_equal(zf_case_load(f->db, f->a, id, &full, &err), 0);
    assert_int_equal(full.nparties, 2);
    assert_string_equal(full.parties[0].name, "某木业公司"); /* the principal first */
    assert_int_equal(full.nviolations, 1);
    assert_int_equal(full.violations[0].amount_fen, 500000);
    assert_int_equal(full.ndecisions, 2);
    assert_int_equal(full.decisions[1].corrects_decision_id, d.id);
    assert_string_equal(full.decisions[0].body, "{\"text\":\"a\"}"); /* the old one unchanged */
    assert_int_equal(zf_case_violation_save(
                         f->db,
                         &(zf_case_violation_row_t){
                             .id = 999999, .case_id = id, .item_code = "X", .violation_on = ""},
                         &err),
                     ZF_ENOTFOUND);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(cs01_draft),         cmocka_unit_test(cs02_version),
        cmocka_unit_test(cs03_number_unique), cmocka_unit_test(cs04_list),
        cmocka_unit_test(cs05_due),           cmocka_unit_test(cs06_reference_once),
        cmocka_unit_test(cs07_children),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
