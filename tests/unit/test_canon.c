/* Unit tests for core/canon: the canonical JSON that is hashed into the log.
 *
 * The exact bytes matter (they are hashed and signed), so most tests compare
 * whole output strings. Test IDs are stable: add new ones at the end. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/canon.h"

/* Dump v, compare with want, and release both. */
static void expect_dump(json_t *v, const char *want) {
    size_t len = 0;
    char *got = zf_canon_dump(v, &len);
    json_decref(v);
    assert_non_null(got);
    assert_string_equal(got, want);
    assert_int_equal(len, strlen(want));
    free(got);
}

static void expect_refused(json_t *v) {
    size_t len = 12345;
    char *got = zf_canon_dump(v, &len);
    json_decref(v);
    assert_null(got);
    assert_int_equal(len, 12345); /* out-parameter untouched on failure */
}

static json_t *parse(const char *text) {
    json_error_t error;
    json_t *v = json_loads(text, JSON_DECODE_ANY, &error);
    if (!v) {
        print_error("cannot parse %s: %s\n", text, error.text);
        fail();
    }
    return v;
}

/* C01: keys sorted at the top level, no whitespace. */
static void test_C01_sorts_keys(void **state) {
    (void)state;
    expect_dump(parse("{ \"b\": 1, \"c\": \"x\", \"a\": 2 }"), "{\"a\":2,\"b\":1,\"c\":\"x\"}");
    expect_dump(parse("{}"), "{}");
    expect_dump(parse("[ ]"), "[]");
}

/* C02: keys sorted inside nested objects, including objects in arrays;
 * arrays keep their order. */
static void test_C02_sorts_nested(void **state) {
    (void)state;
    expect_dump(parse("{\"z\":{\"y\":[{\"b\":1,\"a\":[3,1,2]}],\"x\":{}},\"a\":null,"
                      "\"m\":[true,false,{\"d\":{\"c\":1,\"b\":2}}]}"),
                "{\"a\":null,\"m\":[true,false,{\"d\":{\"b\":2,\"c\":1}}],"
                "\"z\":{\"x\":{},\"y\":[{\"a\":[3,1,2],\"b\":1}]}}");
}

/* C03: non-ASCII keys sort by their UTF-8 bytes: 事 E4BA8B < 执 E689A7 <
 * 案 E6A188, ASCII before all of them, and U+FFFF (EF BF BF) before U+1F600
 * (F0 9F 98 80) — the reverse of UTF-16 order, where a JavaScript
 * verifier's default sort would put them. */
static void test_C03_sorts_non_ascii_keys(void **state) {
    (void)state;
    expect_dump(
        parse("{\"案件\":1,\"执法\":2,\"事项\":3,\"ab\":4,\"a\":5,\"Z\":6,\"é\":7,\"z\":8}"),
        "{\"Z\":6,\"a\":5,\"ab\":4,\"z\":8,\"é\":7,\"事项\":3,\"执法\":2,\"案件\":1}");
    expect_dump(parse("{\"\xf0\x9f\x98\x80\":1,\"\xef\xbf\xbf\":2}"),
                "{\"\xef\xbf\xbf\":2,\"\xf0\x9f\x98\x80\":1}");
    /* Values in Chinese stay raw UTF-8, never \u escapes. */
    expect_dump(parse("{\"name\":\"叶集区应急管理局\"}"), "{\"name\":\"叶集区应急管理局\"}");
}

/* C04: a real anywhere in the tree refuses the whole value. */
static void test_C04_refuses_reals(void **state) {
    (void)state;
    expect_refused(json_real(1.5));
    expect_refused(json_real(0.0));
    expect_refused(parse("{\"a\":[1,2,{\"b\":{\"c\":[0.5]}}]}"));
    expect_refused(parse("[1e2]"));
    expect_refused(parse("{\"fine\":1,\"amount\":100.00}"));
    /* Integers next to the same numbers are fine. */
    expect_dump(parse("{\"amount\":10000,\"rate\":5}"), "{\"amount\":10000,\"rate\":5}");
}

/* C05: integers exact over the whole int64 range. */
static void test_C05_integers_exact(void **state) {
    (void)state;
    json_t *o = json_object();
    json_object_set_new(o, "max", json_integer(INT64_MAX));
    json_object_set_new(o, "min", json_integer(INT64_MIN));
    json_object_set_new(o, "zero", json_integer(0));
    json_object_set_new(o, "neg", json_integer(-1));
    json_object_set_new(o, "big", json_integer(9007199254740993)); /* 2^53 + 1 */
    expect_dump(o, "{\"big\":9007199254740993,\"max\":9223372036854775807,"
                   "\"min\":-9223372036854775808,\"neg\":-1,\"zero\":0}");
    expect_dump(json_integer(INT64_MAX), "9223372036854775807");
}

/* C06: only the escapes JSON requires, in the form JSON.stringify and
 * RFC 8785 print: \" \\ \b \f \n \r \t, other C0 controls as lower-case
 * \u00xx; "/", DEL, U+2028 and Chinese stay raw; NUL is \u0000. */
static void test_C06_escapes(void **state) {
    (void)state;
    static const char raw[] = "\"\\\b\f\n\r\t\x01\x1f/\x7f\xe2\x80\xa8执\0end";
    expect_dump(json_stringn(raw, sizeof raw - 1),
                "\"\\\"\\\\\\b\\f\\n\\r\\t\\u0001\\u001f/\x7f\xe2\x80\xa8执\\u0000end\"");
    /* A literal backslash followed by "u001F" is not an escape and keeps its
     * capital F: the lower-casing must walk escapes pairwise. */
    expect_dump(json_string("\\u001F\\\\u00AB"), "\"\\\\u001F\\\\\\\\u00AB\"");
    /* Escapes in keys too. */
    expect_dump(parse("{\"a\\u001Fb\":1,\"a\\nb\":2}"), "{\"a\\nb\":2,\"a\\u001fb\":1}");
}

/* C07: invalid UTF-8, which jansson's *_nocheck setters let into a tree, is
 * refused: a stray byte, an overlong '/', a surrogate, beyond U+10FFFF, a
 * truncated sequence, and a bad key. */
static void test_C07_refuses_invalid_utf8(void **state) {
    (void)state;
    static const char *const bad[] = {"\xff", "a\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80",
                                      "\xe6\x89"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        json_t *o = json_object();
        json_object_set_new(o, "text", json_string_nocheck(bad[i]));
        expect_refused(o);
    }
    json_t *o = json_object();
    json_object_set_new_nocheck(o, "\xc3\x28", json_integer(1));
    expect_refused(o);
}

typedef struct canon_case {
    const char *id;
    const char *text;
    int canonical;
} canon_case_t;

/* C08: zf_canon_is_canonical over a table of texts. */
static void test_C08_is_canonical(void **state) {
    (void)state;
    static const canon_case_t cases[] = {
        {"C08.01", "{}", 1},
        {"C08.02", "[]", 1},
        {"C08.03", "{\"a\":1,\"b\":[1,2,{\"c\":\"执法\"}]}", 1},
        {"C08.04", "{\"a\":\"\\u001f\"}", 1},
        {"C08.05", "{\"a\":\"\\u0000\"}", 1},
        {"C08.06", "\"x\"", 1},
        {"C08.07", "9223372036854775807", 1},
        {"C08.08", "-9223372036854775808", 1},
        {"C08.09", "null", 1},
        {"C08.10", "{\"a\":\"\\\\u001F\"}", 1},       /* escaped backslash, then text */
        {"C08.11", "{\"prev\":\"\",\"index\":0}", 0}, /* unsorted */
        {"C08.12", "{\"b\":1,\"a\":2}", 0},
        {"C08.13", "{\"a\": 1}", 0},
        {"C08.14", "{\"a\":1}\n", 0},
        {"C08.15", " {\"a\":1}", 0},
        {"C08.16", "{\"a\":1.0}", 0},
        {"C08.17", "{\"a\":1e2}", 0},
        {"C08.18", "{\"a\":-0}", 0},
        {"C08.19", "{\"a\":\"\\u001F\"}", 0}, /* upper-case hex */
        {"C08.20", "{\"a\":\"\\/\"}", 0},
        {"C08.21", "{\"a\":\"\\u6267\"}", 0}, /* 执 escaped */
        {"C08.22", "{\"a\":\"\\u0041\"}", 0},
        {"C08.23", "{\"a\":1,\"a\":1}", 0}, /* duplicate keys */
        {"C08.24", "{\"a\":9223372036854775808}", 0},
        {"C08.25", "{\"a\":01}", 0},
        {"C08.26", "{'a':1}", 0},
        {"C08.27", "", 0},
        {"C08.28", "{\"a\":\"\xff\"}", 0},
        {"C08.29", "[1,2,]", 0},
        {"C08.30", "{\"a\":true}", 1},
        {"C08.31", "{\"a\":\"\\u007f\"}", 0}, /* DEL is printed raw */
        {"C08.32", "{\"a\":\"\x7f\"}", 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const canon_case_t *c = &cases[i];
        int got = zf_canon_is_canonical(c->text, strlen(c->text));
        if (got != c->canonical) {
            print_error("%s: is_canonical(%s) = %d, want %d\n", c->id, c->text, got, c->canonical);
            fail();
        }
    }
    assert_false(zf_canon_is_canonical(NULL, 0));
    /* Only len bytes count: a canonical prefix followed by junk. */
    assert_true(zf_canon_is_canonical("{\"a\":1}xyz", 7));
    assert_false(zf_canon_is_canonical("{\"a\":1}xyz", 10));
    /* An embedded NUL byte in the text is not JSON. */
    assert_false(zf_canon_is_canonical("{\"a\":\"x\0\"}", 10));
}

/* C09: an event as the log writes it, byte for byte, and its output is
 * canonical by the other function. */
static void test_C09_event_shape(void **state) {
    (void)state;
    json_t *ev = json_object();
    json_object_set_new(ev, "unit_id", json_integer(3));
    json_object_set_new(ev, "time", json_string("2026-11-27T22:06:12.123Z"));
    json_object_set_new(ev, "prev", json_string(""));
    json_object_set_new(ev, "object_type", json_string("unit"));
    json_object_set_new(ev, "object_id", json_string("12"));
    json_object_set_new(ev, "index", json_integer(0));
    json_object_set_new(ev, "before", json_null());
    json_object_set_new(
        ev, "after",
        json_pack("{s:s, s:s, s:i}", "name", "综合科", "code", "341504001", "version", 1));
    json_object_set_new(ev, "actor_id", json_integer(1));
    json_object_set_new(ev, "action", json_string("unit.create"));
    size_t len = 0;
    char *got = zf_canon_dump(ev, &len);
    json_decref(ev);
    assert_non_null(got);
    assert_string_equal(got, "{\"action\":\"unit.create\",\"actor_id\":1,"
                             "\"after\":{\"code\":\"341504001\",\"name\":\"综合科\",\"version\":1},"
                             "\"before\":null,\"index\":0,\"object_id\":\"12\","
                             "\"object_type\":\"unit\",\"prev\":\"\","
                             "\"time\":\"2026-11-27T22:06:12.123Z\",\"unit_id\":3}");
    assert_true(zf_canon_is_canonical(got, len));
    free(got);
    assert_null(zf_canon_dump(NULL, &len));
}

/* C10: nesting beyond jansson's parser limit (2048) is refused, not walked
 * without end; so is a value that contains itself. A NULL len is allowed. */
static void test_C10_depth_and_cycles(void **state) {
    (void)state;
    json_t *deep = json_array();
    for (int i = 0; i < 3000; i++) {
        json_t *outer = json_array();
        json_array_append_new(outer, deep);
        deep = outer;
    }
    expect_refused(deep);

    json_t *ok = json_integer(7);
    for (int i = 0; i < 100; i++) {
        json_t *outer = json_array();
        json_array_append_new(outer, ok);
        ok = outer;
    }
    char *text = zf_canon_dump(ok, NULL);
    json_decref(ok);
    assert_non_null(text);
    assert_int_equal(strlen(text), 201);
    free(text);

    json_t *a = json_array();
    json_t *b = json_array();
    json_array_append(a, b);
    json_array_append(b, a);
    size_t len = 5;
    assert_null(zf_canon_dump(a, &len));
    assert_int_equal(len, 5);
    json_array_clear(b); /* break the cycle so both can be freed */
    json_decref(a);
    json_decref(b);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_C01_sorts_keys),
        cmocka_unit_test(test_C02_sorts_nested),
        cmocka_unit_test(test_C03_sorts_non_ascii_keys),
        cmocka_unit_test(test_C04_refuses_reals),
        cmocka_unit_test(test_C05_integers_exact),
        cmocka_unit_test(test_C06_escapes),
        cmocka_unit_test(test_C07_refuses_invalid_utf8),
        cmocka_unit_test(test_C08_is_canonical),
        cmocka_unit_test(test_C09_event_shape),
        cmocka_unit_test(test_C10_depth_and_cycles),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
