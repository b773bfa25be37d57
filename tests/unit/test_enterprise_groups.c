/* Unit tests for the credit-code groups of enterprises (migration 012,
 * issue 6): zf_enterprise_affiliates() finds the operating (在营) members
 * of an enterprise's group — same non-empty group_code, group_code = its
 * credit code, credit code = its group_code — never itself, never two
 * enterprises merely because both have no group, and the ?group_code= list
 * filter. One SQLite temp file, migrated, with this registry:
 *
 *   H   head office            group ''
 *   S1  site                   group H
 *   S2  site                   group H
 *   S3  site, closed (注销)     group H
 *   S4  site, suspended (停产)  group H
 *   P1, P2  group X (a head office outside the registry)
 *   U, V    no group
 *
 * Cases have stable IDs (A01 …): the enterprise asked about and the
 * affiliates expected, by label, in id order. */
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
#include "store/enterprises.h"
#include "store/migrate.h"
#include "store/store.h"

static const struct {
    const char *label, *code, *group, *status;
} registry[] = {
    {"H", "91341504MA0000000H", "", "operating"},
    {"S1", "91341504MA00000S01", "91341504MA0000000H", "operating"},
    {"S2", "91341504MA00000S02", "91341504MA0000000H", "operating"},
    {"S3", "91341504MA00000S03", "91341504MA0000000H", "closed"},
    {"S4", "91341504MA00000S04", "91341504MA0000000H", "suspended"},
    {"P1", "91341504MA00000P01", "91341504MA0000000X", "operating"},
    {"P2", "91341504MA00000P02", "91341504MA0000000X", "operating"},
    {"U", "91341504MA000000U0", "", "operating"},
    {"V", "91341504MA000000V0", "", "operating"},
};
#define NREG (sizeof registry / sizeof registry[0])

static const struct {
    const char *id, *who, *want; /* want: labels separated by spaces, in id order */
} cases[] = {
    {"A01", "H", "S1 S2"},    /* the head office: its operating sites */
    {"A02", "S1", "H S2"},    /* a site: its head office and the other site */
    {"A03", "S3", "H S1 S2"}, /* a closed site still finds its operating group */
    {"A04", "P1", "P2"},      /* same group code, head office not registered */
    {"A05", "U", ""},         /* no group: '' never matches '' */
    {"A06", "V", ""},
};

static zf_db_pool_t *pool;
static zf_db_t *db;
static char url[600];
static int64_t ids[NREG];

static size_t index_of(const char *label) {
    for (size_t i = 0; i < NREG; i++)
        if (strcmp(registry[i].label, label) == 0) return i;
    fail_msg("unknown label %s", label);
    return 0;
}

static int setup(void **state) {
    (void)state;
    const char *tmp = getenv("TMPDIR");
    snprintf(url, sizeof url, "sqlite:%s/zhifa-groups-%d.db", tmp && *tmp ? tmp : "/tmp",
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
    for (size_t i = 0; i < NREG; i++) {
        zf_enterprise_t e = {.credit_code = registry[i].code,
                             .name = registry[i].label,
                             .unit_id = town.id,
                             .domain = "industry",
                             .scale = "micro",
                             .risk = "yellow",
                             .supervision = "general",
                             .status = registry[i].status,
                             .group_code = registry[i].group};
        assert_int_equal(zf_enterprise_insert(db, a, &e, &err), 0);
        ids[i] = e.id;
    }
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

static void affiliates_table(void **state) {
    (void)state;
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        zf_arena_t *a = zf_arena_new();
        zf_error_t err = {0};
        zf_enterprise_t e;
        assert_int_equal(zf_enterprise_get(db, a, ids[index_of(cases[k].who)], &e, &err), 0);
        zf_enterprise_t *out;
        size_t n;
        assert_int_equal(zf_enterprise_affiliates(db, a, &e, &out, &n, &err), 0);
        char got[128] = "";
        size_t o = 0;
        for (size_t i = 0; i < n; i++)
            o += (size_t)snprintf(got + o, sizeof got - o, "%s%s", i ? " " : "", out[i].name);
        if (strcmp(got, cases[k].want) != 0)
            fail_msg("%s: affiliates of %s: got \"%s\", want \"%s\"", cases[k].id, cases[k].who,
                     got, cases[k].want);
        zf_arena_free(a);
    }
}

/* F01: the list filter ?group_code= (every status, scope respected). */
static void F01_list_filter(void **state) {
    (void)state;
    zf_arena_t *a = zf_arena_new();
    zf_error_t err = {0};
    zf_enterprise_filter_t f = {.scope_path = "/",
                                .group_code = "91341504MA0000000H",
                                .sort = ZF_ENT_SORT_CODE,
                                .limit = 50};
    zf_enterprise_t *out;
    size_t n;
    int more;
    assert_int_equal(zf_enterprises_list(db, a, &f, &out, &n, &more, &err), 0);
    assert_int_equal(n, 4);
    assert_string_equal(out[0].name, "S1");
    assert_string_equal(out[3].name, "S4");
    assert_string_equal(out[0].group_code, "91341504MA0000000H");
    int64_t total = 0;
    assert_int_equal(zf_enterprises_count(db, &f, &total, &err), 0);
    assert_int_equal(total, 4);
    f.scope_path = "/999/";
    assert_int_equal(zf_enterprises_count(db, &f, &total, &err), 0);
    assert_int_equal(total, 0);
    zf_arena_free(a);
}

/* G01: group_code survives an update and '' clears it. */
static void G01_update_keeps_and_clears(void **state) {
    (void)state;
    zf_arena_t *a = zf_arena_new();
    zf_error_t err = {0};
    zf_enterprise_t e;
    assert_int_equal(zf_enterprise_get(db, a, ids[index_of("P2")], &e, &err), 0);
    assert_string_equal(e.group_code, "91341504MA0000000X");
    e.group_code = "";
    assert_int_equal(zf_db_begin(db, &err), 0);
    assert_int_equal(zf_enterprise_update(db, a, &e, e.version, &err), 0);
    assert_int_equal(zf_db_commit(db, &err), 0);
    assert_int_equal(zf_enterprise_get(db, a, ids[index_of("P2")], &e, &err), 0);
    assert_string_equal(e.group_code, "");
    zf_enterprise_t *out;
    size_t n;
    assert_int_equal(zf_enterprise_get(db, a, ids[index_of("P1")], &e, &err), 0);
    assert_int_equal(zf_enterprise_affiliates(db, a, &e, &out, &n, &err), 0);
    assert_int_equal(n, 0);
    zf_arena_free(a);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(affiliates_table),
        cmocka_unit_test(F01_list_filter),
        cmocka_unit_test(G01_update_keeps_and_clears),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
