/* Unit tests for core/perm: the whole policy table, scope prefixes, and the
 * refusals with their codes. Each row of `cases` is one decision. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/perm.h"

/* Demo tree: /1/ city, /1/2/ bureau, /1/2/3/ brigade, /1/2/6/ 史河街道,
 * /1/2/7/ 平岗街道, /1/9/ another district's bureau. */
static const struct {
    const char *id;
    const char *role;
    const char *unit_path;
    const char *action;
    const char *target;
    int expect; /* 0 allowed, else the zf_error code */
    const char *code;
} cases[] = {
    {"P01", "admin", "/1/2/", "unit.write", "/1/2/6/", 0, ""},
    {"P02", "admin", "/1/2/", "unit.write", "/1/", ZF_EPERM, "perm.out_of_scope"},
    {"P03", "admin", "/1/2/", "user.write", "/1/9/", ZF_EPERM, "perm.out_of_scope"},
    {"P04", "officer", "/1/2/3/", "unit.write", "/1/2/3/", ZF_EPERM, "perm.denied"},
    {"P05", "officer", "/1/2/3/", "unit.read", "/1/2/6/", 0, ""},
    {"P06", "officer", "/1/2/3/", "user.read", "/1/2/3/", ZF_EPERM, "perm.denied"},
    {"P07", "township_officer", "/1/2/6/", "unit.read", "/1/2/6/", 0, ""},
    {"P08", "township_officer", "/1/2/6/", "unit.read", "/1/2/7/", ZF_EPERM, "perm.out_of_scope"},
    {"P09", "township_officer", "/1/2/6/", "unit.read", "/1/2/", ZF_EPERM, "perm.out_of_scope"},
    {"P10", "city_supervisor", "/1/", "unit.read", "/1/9/", 0, ""},
    {"P11", "city_supervisor", "/1/", "user.read", "/1/2/3/", 0, ""},
    {"P12", "city_supervisor", "/1/", "unit.write", "/1/2/", ZF_EPERM, "perm.denied"},
    {"P13", "city_supervisor", "/1/", "user.write", "/1/2/", ZF_EPERM, "perm.denied"},
    {"P14", "section_head", "/1/2/3/", "user.read", "/1/2/7/", 0, ""},
    {"P15", "bureau_leader", "/1/2/", "user.write", "/1/2/", ZF_EPERM, "perm.denied"},
    {"P16", "auxiliary", "/1/2/3/", "history.read", "/1/2/7/", 0, ""},
    {"P17", "legal_reviewer", "/1/2/4/", "log.read", "/1/9/", ZF_EPERM, "perm.out_of_scope"},
    {"P18", "nobody", "/1/2/", "unit.read", "/1/2/", ZF_EPERM, "perm.denied"},
    {"P19", "admin", "/1/2/", "no.such.action", NULL, ZF_EPERM, "perm.denied"},
    /* "/1/2/" must not contain "/1/23/": the trailing slash matters */
    {"P20", "township_officer", "/1/2/", "unit.read", "/1/23/", ZF_EPERM, "perm.out_of_scope"},
    /* annual plans (issue 6): township officers write their own unit's plan
     * only; the city supervisor reads; only the bureau leader approves */
    {"PL01", "township_officer", "/1/2/6/", "plan.write", "/1/2/6/", 0, ""},
    {"PL02", "township_officer", "/1/2/6/", "plan.write", "/1/2/7/", ZF_EPERM, "perm.out_of_scope"},
    {"PL03", "township_officer", "/1/2/6/", "plan.approve", "/1/2/6/", ZF_EPERM, "perm.denied"},
    {"PL04", "city_supervisor", "/1/", "plan.read", "/1/2/6/", 0, ""},
    {"PL05", "city_supervisor", "/1/", "plan.write", "/1/2/6/", ZF_EPERM, "perm.denied"},
    {"PL06", "section_head", "/1/2/3/", "plan.write", "/1/2/6/", 0, ""},
    {"PL07", "section_head", "/1/2/3/", "plan.approve", "/1/2/3/", ZF_EPERM, "perm.denied"},
    {"PL08", "bureau_leader", "/1/2/", "plan.approve", "/1/2/3/", 0, ""},
    {"PL09", "bureau_leader", "/1/2/", "plan.write", "/1/2/3/", ZF_EPERM, "perm.denied"},
    {"PL10", "officer", "/1/2/3/", "plan.write", "/1/2/3/", ZF_EPERM, "perm.denied"},
    {"PL11", "auxiliary", "/1/2/3/", "plan.read", "/1/2/6/", 0, ""},
    /* inspection checklists (issue 7, part A): not unit-scoped (target NULL);
     * everyone reads, admin and the legal reviewer write */
    {"CK01", "township_officer", "/1/2/6/", "checklist.read", NULL, 0, ""},
    {"CK02", "city_supervisor", "/1/", "checklist.read", NULL, 0, ""},
    {"CK03", "legal_reviewer", "/1/2/4/", "checklist.write", NULL, 0, ""},
    {"CK04", "admin", "/1/2/", "checklist.write", NULL, 0, ""},
    {"CK05", "officer", "/1/2/3/", "checklist.write", NULL, ZF_EPERM, "perm.denied"},
    {"CK06", "township_officer", "/1/2/6/", "checklist.write", NULL, ZF_EPERM, "perm.denied"},
    {"CK07", "city_supervisor", "/1/", "checklist.write", NULL, ZF_EPERM, "perm.denied"},
    {"CK08", "section_head", "/1/2/3/", "checklist.write", NULL, ZF_EPERM, "perm.denied"},
    /* on-site inspections and hazards (issue 7, part B): scoped by the
     * inspecting unit; the auxiliary records but never signs nor orders;
     * the city supervisor reads */
    {"IN01", "township_officer", "/1/2/6/", "inspection.write", "/1/2/6/", 0, ""},
    {"IN02", "township_officer", "/1/2/6/", "inspection.write", "/1/2/7/", ZF_EPERM, "perm.out_of_scope"},
    {"IN03", "township_officer", "/1/2/6/", "inspection.read", "/1/2/7/", ZF_EPERM, "perm.out_of_scope"},
    {"IN04", "auxiliary", "/1/2/3/", "inspection.write", "/1/2/6/", 0, ""},
    {"IN05", "auxiliary", "/1/2/3/", "inspection.sign", "/1/2/3/", ZF_EPERM, "perm.denied"},
    {"IN06", "officer", "/1/2/3/", "inspection.sign", "/1/2/3/", 0, ""},
    {"IN07", "city_supervisor", "/1/", "inspection.read", "/1/2/6/", 0, ""},
    {"IN08", "city_supervisor", "/1/", "inspection.write", "/1/2/6/", ZF_EPERM, "perm.denied"},
    {"IN09", "legal_reviewer", "/1/2/4/", "inspection.write", "/1/2/3/", ZF_EPERM, "perm.denied"},
    {"IN10", "admin", "/1/2/", "inspection.write", "/1/2/3/", ZF_EPERM, "perm.denied"},
    {"HZ01", "officer", "/1/2/3/", "hazard.write", "/1/2/6/", 0, ""},
    {"HZ02", "auxiliary", "/1/2/3/", "hazard.write", "/1/2/3/", ZF_EPERM, "perm.denied"},
    {"HZ03", "township_officer", "/1/2/7/", "hazard.write", "/1/2/6/", ZF_EPERM, "perm.out_of_scope"},
    {"HZ04", "city_supervisor", "/1/", "hazard.read", "/1/2/6/", 0, ""},
    {"HZ05", "city_supervisor", "/1/", "hazard.write", "/1/2/6/", ZF_EPERM, "perm.denied"},
    /* statistics (issue 11, R32); officers' own-unit limit is in api/stats.c */
    {"ST01", "section_head", "/1/2/", "stats.read", "/1/2/6/", 0, ""},
    {"ST02", "city_supervisor", "/1/", "stats.read", "/1/2/", 0, ""},
    {"ST03", "auxiliary", "/1/2/", "stats.read", "/1/2/3/", ZF_EPERM, "perm.denied"},
    {"ST04", "discipline", "/1/2/", "stats.read", "/1/2/", ZF_EPERM, "perm.denied"},
    {"ST05", "township_officer", "/1/2/6/", "stats.read", "/1/2/7/", ZF_EPERM, "perm.out_of_scope"},
    {"ST06", "legal_reviewer", "/1/2/", "stats.read", "/1/2/6/", 0, ""},
};

static void test_policy_table(void **state) {
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        /* the district roles see the bureau's subtree: /1/2/ here, /1/9/ for none */
        const char *bureau = strncmp(cases[i].unit_path, "/1/2/", 5) == 0 ? "/1/2/" : NULL;
        zf_actor_t actor = {
            .user_id = 1,
            .role = cases[i].role,
            .unit_path = cases[i].unit_path,
            .scope_path = zf_perm_scope_root(cases[i].role, cases[i].unit_path, bureau),
        };
        zf_error_t err = {0};
        int rc = zf_perm_check(&actor, cases[i].action, cases[i].target, &err);
        if (rc != cases[i].expect || (rc && strcmp(err.code, cases[i].code) != 0))
            fail_msg("%s: %s %s on %s: got %d (%s), want %d (%s)", cases[i].id, cases[i].role,
                     cases[i].action, cases[i].target ? cases[i].target : "-", rc, err.code,
                     cases[i].expect, cases[i].code);
        if (rc) {
            assert_int_equal(err.status, 403);
            assert_true(strlen(err.message) > 0);
        }
    }
}

static void test_scope_roots(void **state) {
    (void)state;
    assert_string_equal(zf_perm_scope_root("township_officer", "/1/2/6/", "/1/2/"), "/1/2/6/");
    assert_string_equal(zf_perm_scope_root("city_supervisor", "/1/", NULL), "/1/");
    assert_string_equal(zf_perm_scope_root("officer", "/1/2/3/", "/1/2/"), "/1/2/");
    assert_string_equal(zf_perm_scope_root("officer", "/1/5/", NULL), "/1/5/");
}

static void test_unauthenticated(void **state) {
    (void)state;
    zf_error_t err = {0};
    assert_int_equal(zf_perm_check(NULL, "unit.read", "/1/", &err), ZF_EAUTH);
    assert_int_equal(err.status, 401);
    assert_string_equal(err.code, "auth.required");
}

static void test_roles_and_actions_named(void **state) {
    (void)state;
    assert_int_equal(zf_roles_count(), 10); /* issue 11: + discipline, partner */
    for (size_t i = 0; i < zf_roles_count(); i++)
        assert_non_null(zf_role_name(zf_role_at(i)->code));
    for (size_t i = 0; i < zf_actions_count(); i++)
        assert_non_null(zf_action_label(zf_action_at(i)));
    assert_null(zf_role_name("root"));
    assert_string_equal(zf_role_name("township_officer"), "乡镇执法人员");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_policy_table),
        cmocka_unit_test(test_scope_roots),
        cmocka_unit_test(test_unauthenticated),
        cmocka_unit_test(test_roles_and_actions_named),
    };
    return cmocka_run_group_tests_name("perm", tests, NULL, NULL);
}
