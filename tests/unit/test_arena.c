/* Unit tests for core/arena. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"

static int cleanup_calls;
static int cleanup_order[4];

static void note_cleanup(void *ctx) { cleanup_order[cleanup_calls++] = (int)(intptr_t)ctx; }

static void test_alloc_is_zeroed_and_aligned(void **state) {
    (void)state;
    zf_arena_t *a = zf_arena_new();
    for (int i = 1; i < 200; i++) {
        unsigned char *p = zf_arena_alloc(a, (size_t)i);
        assert_int_equal((uintptr_t)p % 16, 0);
        for (int k = 0; k < i; k++)
            assert_int_equal(p[k], 0);
        memset(p, 0xab, (size_t)i);
    }
    zf_arena_free(a);
}

static void test_large_allocation_keeps_small_space(void **state) {
    (void)state;
    zf_arena_t *a = zf_arena_new();
    char *small = zf_arena_strdup(a, "执法");
    char *big = zf_arena_alloc(a, 3u << 20);
    big[(3u << 20) - 1] = 'x';
    char *small2 = zf_arena_strdup(a, "记录");
    assert_string_equal(small, "执法");
    assert_string_equal(small2, "记录");
    assert_true(zf_arena_used(a) >= (3u << 20));
    zf_arena_free(a);
}

static void test_printf_and_strndup(void **state) {
    (void)state;
    zf_arena_t *a = zf_arena_new();
    assert_string_equal(zf_arena_printf(a, "%s〔%d〕%d号", "叶应急罚", 2026, 12),
                        "叶应急罚〔2026〕12号");
    assert_string_equal(zf_arena_strndup(a, "abcdef", 3), "abc");
    assert_null(zf_arena_strdup(a, NULL));
    zf_arena_free(a);
}

static void test_defer_runs_newest_first(void **state) {
    (void)state;
    cleanup_calls = 0;
    zf_arena_t *a = zf_arena_new();
    zf_arena_defer(a, note_cleanup, (void *)1);
    zf_arena_defer(a, note_cleanup, (void *)2);
    zf_arena_defer(a, note_cleanup, (void *)3);
    zf_arena_free(a);
    assert_int_equal(cleanup_calls, 3);
    assert_int_equal(cleanup_order[0], 3);
    assert_int_equal(cleanup_order[2], 1);
    zf_arena_free(NULL);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_alloc_is_zeroed_and_aligned),
        cmocka_unit_test(test_large_allocation_keeps_small_space),
        cmocka_unit_test(test_printf_and_strndup),
        cmocka_unit_test(test_defer_runs_newest_first),
    };
    return cmocka_run_group_tests_name("arena", tests, NULL, NULL);
}
