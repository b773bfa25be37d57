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

/* ---- zf_canon_scan against zf_canon_is_canonical (the reference). ---- */

/* Both verdicts on text[0..len), which must agree; returns the verdict. For a
 * canonical text, the fields zf_canon_scan reports are checked against the
 * value jansson parses. */
static int agree(const char *text, size_t len) {
    zf_canon_info_t info;
    int fast = zf_canon_scan(text, len, &info);
    int slow = zf_canon_is_canonical(text, len);
    if (fast != slow) {
        print_error("scan %d, is_canonical %d on %zu bytes: ", fast, slow, len);
        for (size_t i = 0; i < len && i < 400; i++) {
            unsigned char c = (unsigned char)text[i];
            if (c >= 0x20 && c < 0x7f)
                print_error("%c", c);
            else
                print_error("<%02x>", c);
        }
        print_error("\n");
        fail();
    }
    if (fast) {
        json_error_t jerr;
        json_t *v = json_loadb(text, len, JSON_DECODE_ANY | JSON_ALLOW_NUL, &jerr);
        assert_non_null(v);
        assert_int_equal(info.is_object, json_is_object(v) ? 1 : 0);
        /* has_nul: exactly when the NUL-refusing parse fails */
        json_t *w = json_loadb(text, len, JSON_DECODE_ANY, &jerr);
        assert_int_equal(info.has_nul, w ? 0 : 1);
        json_decref(w);
        json_t *ji = json_is_object(v) ? json_object_get(v, "index") : NULL;
        assert_int_equal(info.has_index, json_is_integer(ji) ? 1 : 0);
        if (info.has_index) assert_true(info.index == json_integer_value(ji));
        json_t *jp = json_is_object(v) ? json_object_get(v, "prev") : NULL;
        assert_int_equal(info.prev != NULL, json_is_string(jp) ? 1 : 0);
        if (info.prev && !info.prev_escaped) {
            assert_int_equal(info.prev_len, json_string_length(jp));
            assert_memory_equal(info.prev, json_string_value(jp), info.prev_len);
        }
        if (info.prev && info.prev_escaped) {
            assert_non_null(memchr(info.prev, '\\', info.prev_len));
        }
        /* the event scanner: the old check_event's first two steps */
        int64_t index = 0;
        char prev[65];
        int ev = zf_canon_scan_event(text, len, &index, prev);
        int want = json_is_object(v) && !info.has_nul && json_is_integer(ji) &&
                   json_is_string(jp) && json_string_length(jp) <= 64 && !info.prev_escaped;
        assert_int_equal(ev, want);
        if (ev) {
            assert_true(index == json_integer_value(ji));
            assert_string_equal(prev, json_string_value(jp));
        }
        json_decref(v);
    } else {
        int64_t index = 0;
        char prev[65];
        assert_int_equal(zf_canon_scan_event(text, len, &index, prev), 0);
    }
    return fast;
}

static int agree_s(const char *text) { return agree(text, strlen(text)); }

/* Real event bodies as the log holds them (bench database, tests/api). */
static const char *const real_events[] = {
    "{\"action\":\"system.init\",\"actor_id\":0,\"after\":{\"log_origin\":\"zhifa/"
    "242d597ebf4c75a3\","
    "\"public_key\":\"623a23f5fe2376b9e22d0a477aa8dad154d9623c196097716a6ba4613dfcf6e9\","
    "\"schema_version\":5},\"before\":null,\"index\":0,\"object_id\":\"log\",\"object_type\":"
    "\"system\",\"prev\":\"\",\"time\":\"2026-11-27T23:58:08.844Z\",\"unit_id\":0}",
    "{\"action\":\"catalogue.seed\",\"actor_id\":0,\"after\":{\"code\":\"AQ-093-02\",\"created_"
    "at\":"
    "\"2026-11-27T23:58:08.845Z\",\"delegable\":false,\"delegation_note\":\"未委托（默认）：LAW.md "
    "与实施方案均未载明本事项可委托乡镇（街道），按配置选择由区级办理\",\"domain\":\"通用\","
    "\"effective_from\":\"2021-09-01\",\"fine_max\":20000000,\"fine_min\":2000000,\"gains_mult_"
    "max\":"
    "null,\"gains_mult_min\":null,\"gains_threshold\":null,\"id\":5,\"kind\":\"行政处罚\","
    "\"notes\":"
    "\"\",\"other_measures\":\"对主要负责人给予撤职处分(由有权机关作出,非罚款);涉嫌犯罪移送\","
    "\"penalty_basis\":\"安全生产法(2021)第93条第2款\",\"per_person\":true,\"reason\":\"初始目录"
    "（catalog.csv）\",\"target\":\"个人经营的投资人\",\"tiers\":null,\"title\":"
    "\"资金投入不足导致发生"
    "生产安全事故\",\"version\":1,\"violation_basis\":\"安全生产法(2021)第23条\"},\"before\":null,"
    "\"index\":5,\"object_id\":\"AQ-093-02\",\"object_type\":\"catalogue_item\",\"prev\":"
    "\"e9ac77c25117cdbe9cd60f91d5d25a803e5a89755532c2220b7fa0edee3c20af\",\"time\":"
    "\"2026-11-27T23:58:08.845Z\",\"unit_id\":0}",
    "{\"action\":\"unit.update\",\"actor_id\":0,\"after\":{\"code\":\"B000331\",\"id\":344,"
    "\"kind\":"
    "\"office\",\"kind_name\":\"内设机构\",\"name\":\"压测机构·988267\",\"parent_id\":343,"
    "\"version\":"
    "1028},\"before\":{\"code\":\"B000331\",\"id\":344,\"kind\":\"office\",\"kind_name\":"
    "\"内设机构\","
    "\"name\":\"压测机构·986647\",\"parent_id\":343,\"version\":1027},\"index\":999999,\"object_"
    "id\":"
    "\"344\",\"object_type\":\"unit\",\"prev\":"
    "\"b8f6d27c68eaf37cd4d1933c7c93df701d187bd8e91cb1508537745d29afa440\",\"time\":"
    "\"2026-11-27T23:58:38.429Z\",\"unit_id\":344}",
    "{\"action\":\"training.create\",\"actor_id\":0,\"after\":{\"days\":5,\"end_date\":\"2025-09-"
    "12\","
    "\"kind\":\"refresher\",\"note\":\"a\\\"b\\\\c\\n\\t\\u0001\\u001f/\x7f"
    "😀\",\"officer_id\":14,"
    "\"officer_name\":\"梁宇\",\"start_date\":\"2025-09-08\"},\"before\":null,\"index\":200,"
    "\"object_id\":\"64\",\"object_type\":\"training\",\"prev\":"
    "\"ac7606f8aca621faf61df72815682a21ebf19a7d503c2d462429321856009964\",\"time\":"
    "\"2026-11-27T23:58:09.480Z\",\"unit_id\":3}",
};

/* C11: scanner and reference agree on a table of tricky texts. */
static void test_C11_scan_table(void **state) {
    (void)state;
    static const char *const cases[] = {
        "",
        "{}",
        "[]",
        "{ }",
        "[ ]",
        " {}",
        "{} ",
        "\n{}",
        "0",
        "-0",
        "1",
        "-1",
        "01",
        "-01",
        "00",
        "1.0",
        "1e2",
        "1E2",
        "10",
        "-",
        "--1",
        "+1",
        "1.",
        ".5",
        "1e",
        "0x10",
        "9223372036854775807",
        "9223372036854775808",
        "-9223372036854775808",
        "-9223372036854775809",
        "99999999999999999999",
        "18446744073709551616",
        "-18446744073709551616",
        "09223372036854775807",
        "true",
        "false",
        "null",
        "True",
        "nul",
        "nulll",
        "truee",
        "\"\"",
        "\"a\"",
        "\"\\/\"",
        "\"/\"",
        "\"\\u0041\"",
        "\"A\"",
        "\"\\u001f\"",
        "\"\\u001F\"",
        "\"\\u0000\"",
        "\"\\u0008\"",
        "\"\\b\"",
        "\"\\u0009\"",
        "\"\\t\"",
        "\"\\u000a\"",
        "\"\\n\"",
        "\"\\u000b\"",
        "\"\\u000c\"",
        "\"\\f\"",
        "\"\\u000d\"",
        "\"\\r\"",
        "\"\\u000e\"",
        "\"\\u0020\"",
        "\"\\u007f\"",
        "\"\x7f\"",
        "\"\\u00e9\"",
        "\"\xc3\xa9\"",
        "\"\\ud83d\\ude00\"",
        "\"\xf0\x9f\x98\x80\"",
        "\"\xed\xa0\x80\"",
        "\"\xc0\x80\"",
        "\"\xc1\xbf\"",
        "\"\xe0\x80\x80\"",
        "\"\xf4\x90\x80\x80\"",
        "\"\xf4\x8f\xbf\xbf\"",
        "\"\xf8\x88\x80\x80\x80\"",
        "\"\xff\"",
        "\"\x80\"",
        "\"\xc3\"",
        "\"\xe4\xb8\"",
        "\"\x01\"",
        "\"\x1f\"",
        "\"\\\"\"",
        "\"\\\\\"",
        "\"\\a\"",
        "\"\\u00\"",
        "\"\\u00g0\"",
        "\"\\x41\"",
        "\"abc",
        "\"abc\\",
        "\"abc\\\"",
        "\"\\",
        "\"\\u0",
        "{\"a\":1}",
        "{\"a\":1,\"b\":2}",
        "{\"b\":2,\"a\":1}",
        "{\"a\":1,\"a\":2}",
        "{\"a\":1,\"a\":1}",
        "{\"a\":1,}",
        "{,\"a\":1}",
        "{\"a\"1}",
        "{\"a\":}",
        "{\"a\"}",
        "{\"a\":1",
        "{\"a\":1}}",
        "{a:1}",
        "{1:1}",
        "{\"\":1}",
        "{\"\":1,\"a\":2}",
        "{\"a\":2,\"\":1}",
        "{\"a\":1,\"ab\":2}",
        "{\"ab\":1,\"a\":2}",
        "{\"\\u0000\":1}",
        "{\"a\\u0000\":1}",
        "{\"a\":\"\\u0000\"}",
        "{\"\\n\":1,\"\\\"\":2}",
        "{\"\\\"\":2,\"\\n\":1}",
        "{\"\\t\":1,\"\\n\":2}",
        "{\"\\n\":1,\"\\t\":2}",
        "{\"\\u0001\":1,\"\\b\":2}",
        "{\"\\b\":1,\"\\u0001\":2}",
        "{\"\\\\\":1,\"]\":2}",
        "{\"]\":1,\"\\\\\":2}",
        "{\"\\\\\":1,\"^\":2}",
        "{\"[\":1,\"\\\\\":2}",
        "{\"\\\"\":1,\"#\":2}",
        "{\"!\":1,\"\\\"\":2}",
        "{\"\\u001f\":1,\" \":2}",
        "{\" \":1,\"\\u001f\":2}",
        "{\"\x7f\":1,\"\xc2\x80\":2}",
        "{\"\xc2\x80\":1,\"\x7f\":2}",
        "{\"\xef\xbf\xbf\":1,\"\xf0\x90\x80\x80\":2}",
        "{\"\xf0\x90\x80\x80\":1,\"\xef\xbf\xbf\":2}",
        "{\"a\":{\"c\":1,\"b\":2}}",
        "{\"a\":{\"b\":1,\"c\":2}}",
        "{\"a\":[{\"b\":1,\"a\":2}]}",
        "[1,2,3]",
        "[1,,2]",
        "[,1]",
        "[1,]",
        "[1 ,2]",
        "[1,2",
        "[1,2]]",
        "[[[]]]",
        "[{},{}]",
        "[\"a\",true,false,null,-5]",
        "{\"a\":1.5}",
        "{\"a\":-0}",
        "{\"a\":1e3}",
        "{\"a\":01}",
        "{\"index\":1,\"prev\":\"\"}",
        "{\"index\":-1,\"prev\":\"ab\"}",
        "{\"index\":\"1\",\"prev\":\"\"}",
        "{\"index\":1,\"prev\":1}",
        "{\"index\":1}",
        "{\"prev\":\"\"}",
        "{\"index\":1,\"prev\":\"\\n\"}",
        "{\"index\":1,\"prev\":\"\\u0000\"}",
        "{\"index\":1,\"prev\":\"x\",\"z\":\"\\u0000\"}",
        "{\"a\":{\"index\":1,\"prev\":\"\"}}",
        "{\"ind\\u0065x\":1}",
        "[{\"index\":1,\"prev\":\"\"}]",
        "{\"index\":9223372036854775807,\"prev\":"
        "\"0123456789012345678901234567890123456789012345678901234567890123\"}",
        "{\"index\":1,\"prev\":"
        "\"01234567890123456789012345678901234567890123456789012345678901234\"}",
        "\"\\u005c\"",
        "\"\\u0022\"",
        "{\"a\":1}\x00",
        "\x00",
        "[\x00]",
        "\xef\xbb\xbf{}",
    };
    int yes = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        yes += agree_s(cases[i]);
    /* NUL bytes inside (strlen would stop at them) */
    assert_int_equal(agree("{\"a\":1}\0", 8), 0);
    assert_int_equal(agree("\"a\0b\"", 5), 0);
    assert_int_equal(agree("[1]\0", 3), 1);
    for (size_t i = 0; i < sizeof real_events / sizeof real_events[0]; i++)
        assert_int_equal(agree_s(real_events[i]), 1);
    /* a few outcomes pinned, not only agreement */
    assert_int_equal(agree_s("-9223372036854775808"), 1);
    assert_int_equal(agree_s("9223372036854775808"), 0);
    assert_int_equal(agree_s("{\"\\n\":1,\"\\\"\":2}"), 1);
    assert_int_equal(agree_s("{\"\\\"\":2,\"\\n\":1}"), 0);
    assert_int_equal(agree_s("\"\\u001f\""), 1);
    assert_int_equal(agree_s("\"\\u001F\""), 0);
    assert_true(yes > 40);

    /* nesting at jansson's limit: at most 2048 levels, a scalar inside
     * counting as one (jansson's parser counts every value) */
    char *deep = malloc(6 * 2050 + 8);
    assert_non_null(deep);
    for (int n = 2045; n <= 2050; n++) {
        for (int kind = 0; kind < 4; kind++) {
            size_t k = 0;
            for (int i = 0; i < n; i++) {
                if (kind >= 2 && i % 2) {
                    memcpy(deep + k, "{\"a\":", 5);
                    k += 5;
                } else {
                    deep[k++] = '[';
                }
            }
            int scalar = kind == 1 || kind == 3 || (kind == 2 && n % 2 == 0);
            if (scalar) deep[k++] = '1';
            for (int i = n - 1; i >= 0; i--)
                deep[k++] = kind >= 2 && i % 2 ? '}' : ']';
            assert_int_equal(agree(deep, k), n + scalar <= 2048);
        }
    }
    free(deep);
}

/* Deterministic xorshift64*, so that a failure can be replayed. */
static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;
static uint64_t rnd(void) {
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 2685821657736338717ULL;
}
static size_t rndn(size_t n) { return (size_t)(rnd() % n); }

/* Strings made of pieces that matter to the escaper and the key order. */
static json_t *random_string(void) {
    static const char *const pieces[] = {
        "a",
        "b",
        "z",
        "A",
        "0",
        "9",
        " ",
        "!",
        "\"",
        "#",
        "/",
        "[",
        "\\",
        "]",
        "^",
        "u",
        "\x7f",
        "\x01",
        "\x08",
        "\x09",
        "\x0a",
        "\x0b",
        "\x0c",
        "\x0d",
        "\x1f",
        "\xc2\x80",
        "\xc3\xa9",
        "\xe4\xb8\xad",
        "\xef\xbf\xbf",
        "\xf0\x9f\x98\x80",
        "\xf4\x8f\xbf\xbf",
        "index",
        "prev",
    };
    char buf[64];
    size_t k = 0;
    size_t n = rndn(5);
    for (size_t i = 0; i < n; i++) {
        const char *p = pieces[rndn(sizeof pieces / sizeof pieces[0])];
        size_t l = strlen(p);
        memcpy(buf + k, p, l);
        k += l;
    }
    if (rndn(40) == 0) buf[k++] = '\0'; /* a NUL in a value, never in a key */
    return json_stringn(buf, k);
}

static json_t *random_value(int depth) {
    static const json_int_t ints[] = {
        0,     1, -1, 9, 10, -10, 123456789, INT64_MAX, INT64_MIN, INT64_MAX - 1, INT64_MIN + 1,
        999999};
    switch (depth > 3 ? rndn(4) : rndn(6)) {
    case 0:
        return json_integer(rndn(2) ? ints[rndn(sizeof ints / sizeof ints[0])]
                                    : (json_int_t)(rnd() >> rndn(64)) * (rndn(2) ? 1 : -1));
    case 1: return random_string();
    case 2: return rndn(3) == 0 ? json_true() : rndn(2) ? json_false() : json_null();
    case 3: return json_integer((json_int_t)rndn(1000));
    case 4: {
        json_t *a = json_array();
        size_t n = rndn(4);
        for (size_t i = 0; i < n; i++)
            json_array_append_new(a, random_value(depth + 1));
        return a;
    }
    default: {
        json_t *o = json_object();
        size_t n = rndn(6);
        for (size_t i = 0; i < n; i++) {
            json_t *k = random_string();
            const char *ks = json_string_value(k);
            if (strlen(ks) == json_string_length(k)) /* no NUL in a key */
                json_object_set_new(o, ks, random_value(depth + 1));
            json_decref(k);
        }
        return o;
    }
    }
}

/* One random change of the kinds that tampering or a wrong writer makes. */
static size_t mutate(char *t, size_t n, size_t cap) {
    static const char palette[] = "\"\\u0123456789abcdefABCDEF-+.eE,:{}[] tfnrlsx/\x7f";
    static const unsigned char high[] = {0x00, 0x01, 0x1f, 0x80, 0xbf, 0xc0, 0xc2, 0xc3, 0xdf,
                                         0xe0, 0xe4, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff};
    size_t i = n ? rndn(n) : 0;
    char c = rndn(4) ? palette[rndn(sizeof palette - 1)] : (char)high[rndn(sizeof high)];
    switch (rndn(9)) {
    case 0: /* replace a byte */
        if (n) t[i] = c;
        return n;
    case 1: /* flip a bit */
        if (n) t[i] = (char)(t[i] ^ (1 << rndn(8)));
        return n;
    case 2: /* insert a byte */
        if (n + 1 > cap) return n;
        memmove(t + i + 1, t + i, n - i);
        t[i] = c;
        return n + 1;
    case 3: /* delete a byte */
        if (!n) return n;
        memmove(t + i, t + i + 1, n - i - 1);
        return n - 1;
    case 4: { /* swap two adjacent spans (keys, members, elements …) */
        if (n < 2) return n;
        size_t a = rndn(n), b = a + 1 + rndn(n - a), e = b + rndn(n - b + 1);
        if (b >= n || e <= b) return n;
        char tmp[4096];
        size_t l1 = b - a, l2 = e - b;
        if (l1 > sizeof tmp) return n;
        memcpy(tmp, t + a, l1);
        memmove(t + a, t + b, l2);
        memcpy(t + a + l2, tmp, l1);
        return n;
    }
    case 5: { /* upper-case or lower-case the hex of an escape, or mangle it */
        char *u = NULL;
        for (size_t k = i; k + 5 < n; k++)
            if (t[k] == '\\' && t[k + 1] == 'u') {
                u = t + k;
                break;
            }
        if (!u) return n;
        size_t j = 2 + rndn(4);
        u[j] = "0123456789abcdefABCDEF"[rndn(22)];
        return n;
    }
    case 6: { /* write a plain character as an escape */
        static const char *const esc[] = {
            "\\u0041", "\\/",  "\\u0000", "\\u000a", "\\u001F", "\\u00e9", "\\ud83d\\ude00",
            "\\\"",    "\\\\", "\\n",     "\\u0008", "\\u007f", "\\u0020", "\\b"};
        const char *s = esc[rndn(sizeof esc / sizeof esc[0])];
        size_t l = strlen(s);
        if (n + l > cap) return n;
        memmove(t + i + l, t + i, n - i);
        memcpy(t + i, s, l);
        return n + l;
    }
    case 7: { /* a digit string: leading zero, minus, fraction, huge */
        static const char *const nums[] = {"0",
                                           "-0",
                                           "00",
                                           "01",
                                           "-",
                                           "1.0",
                                           "1e5",
                                           "9223372036854775807",
                                           "9223372036854775808",
                                           "-9223372036854775808",
                                           "-9223372036854775809",
                                           "18446744073709551615"};
        const char *s = nums[rndn(sizeof nums / sizeof nums[0])];
        size_t l = strlen(s);
        if (n + l > cap) return n;
        memmove(t + i + l, t + i, n - i);
        memcpy(t + i, s, l);
        return n + l;
    }
    default: { /* duplicate a span (duplicate keys, repeated members) */
        if (!n) return n;
        size_t l = 1 + rndn(n - i < 40 ? n - i : 40);
        if (n + l > cap) return n;
        memmove(t + i + l, t + i, n - i);
        return n + l;
    }
    }
}

/* C12: 200,000 random mutations of real and random canonical texts; the
 * scanner and the reference agree on every one. */
static void test_C12_scan_mutations(void **state) {
    (void)state;
    enum { CAP = 16384, ROUNDS = 200000 };
    char *buf = malloc(CAP);
    assert_non_null(buf);
    long accepted = 0, refused = 0;
    size_t nreal = sizeof real_events / sizeof real_events[0];
    for (long r = 0; r < ROUNDS; r++) {
        size_t n;
        if (r % 2 == 0) {
            const char *src = real_events[rndn(nreal)];
            n = strlen(src);
            memcpy(buf, src, n);
        } else {
            json_t *v = random_value(0);
            char *c = rndn(4) ? zf_canon_dump(v, &n) : NULL;
            if (!c) { /* unsorted keys too: a writer that forgot to sort */
                char *d = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
                assert_non_null(d);
                n = strlen(d);
                c = malloc(n + 1);
                assert_non_null(c);
                memcpy(c, d, n + 1);
                free(d);
            }
            json_decref(v);
            if (n > CAP / 2) n = CAP / 2;
            memcpy(buf, c, n);
            free(c);
        }
        size_t m = rndn(4); /* 0–3 mutations; 0 checks the unmutated text */
        for (size_t k = 0; k < m; k++)
            n = mutate(buf, n, CAP);
        if (agree(buf, n))
            accepted++;
        else
            refused++;
    }
    free(buf);
    print_message("C12: %ld canonical, %ld not, all agreed\n", accepted, refused);
    assert_true(accepted > ROUNDS / 10);
    assert_true(refused > ROUNDS / 10);
}

/* C13: zf_canon_dump writes its text itself; it is jansson's
 * json_dumps(JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY) with the hex
 * of \u00XX in lower case, for the real events and 100,000 random values
 * (refusals included: a value with a real is refused by both). */
static char *reference_dump(const json_t *v) {
    char *d = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
    if (!d) return NULL;
    for (size_t i = 0; d[i]; i++) {
        if (d[i] != '\\') continue;
        if (d[i + 1] == 'u')
            for (size_t k = i + 2; k < i + 6; k++)
                if (d[k] >= 'A' && d[k] <= 'F') d[k] = (char)(d[k] - 'A' + 'a');
        i++; /* the escaped character */
    }
    return d;
}

static int has_real(const json_t *v) {
    if (json_is_real(v)) return 1;
    size_t i;
    json_t *item;
    const char *key;
    if (json_is_array(v)) json_array_foreach(v, i, item) if (has_real(item)) return 1;
    if (json_is_object(v)) json_object_foreach((json_t *)v, key, item) if (has_real(item)) return 1;
    return 0;
}

static void expect_as_jansson(json_t *v) {
    size_t n = 0;
    char *ours = zf_canon_dump(v, &n);
    char *ref = has_real(v) ? NULL : reference_dump(v);
    if (!ref) {
        assert_null(ours);
    } else {
        assert_non_null(ours);
        if (n != strlen(ref) || memcmp(ours, ref, n) != 0)
            fail_msg("canon:\n ours %s\n ref  %s", ours, ref);
    }
    free(ours);
    free(ref);
}

static void test_C13_writer_as_jansson(void **state) {
    (void)state;
    for (size_t i = 0; i < sizeof real_events / sizeof real_events[0]; i++) {
        json_t *v = json_loads(real_events[i], JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL);
        assert_non_null(v);
        expect_as_jansson(v);
        json_decref(v);
    }
    for (int r = 0; r < 100000; r++) {
        json_t *v = random_value(0);
        expect_as_jansson(v);
        json_decref(v);
    }
    /* many keys (more than the writer's 32 on the stack), sorted by bytes */
    json_t *o = json_object();
    for (int i = 0; i < 100; i++) {
        char k[16];
        snprintf(k, sizeof k, "%c%d", "zZaA\xe4"[i % 5] == '\xe4' ? 'q' : "zZaA"[i % 4], 99 - i);
        json_object_set_new(o, k, json_integer(i));
    }
    json_object_set_new(o, "", json_string("\x01\x1f\x7f/\"\\"));
    json_object_set_new(o, "a", json_stringn("a\0b", 3));
    json_object_set_new(o, "ab", json_integer(INT64_MIN));
    expect_as_jansson(o);
    json_decref(o);
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
        cmocka_unit_test(test_C11_scan_table),
        cmocka_unit_test(test_C12_scan_mutations),
        cmocka_unit_test(test_C13_writer_as_jansson),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
