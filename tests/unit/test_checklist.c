/* Unit tests for core/checklist: every checklist shipped in data/checklists
 * validates, and a table of broken documents (a valid one with one or two
 * changes) each gives exactly the expected problems, by JSON path and code. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/checklist.h"

#ifndef ZF_CHECKLIST_DIR
#error "ZF_CHECKLIST_DIR must name data/checklists (tests/unit/meson.build)"
#endif

static char *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    char *buf = malloc(1 << 20);
    size_t n = fread(buf, 1, (1 << 20) - 1, f);
    fclose(f);
    buf[n] = 0;
    *len = n;
    return buf;
}

static void dump(const zf_chk_problem_t *p, size_t n) {
    for (size_t i = 0; i < n; i++)
        print_message("  %s  %s  %s\n", p[i].path, p[i].code, p[i].message);
}

/* S01: every shipped file validates, is named after its code, and has
 * 15–30 items (issue 7). */
static void test_shipped(void **state) {
    (void)state;
    DIR *d = opendir(ZF_CHECKLIST_DIR);
    assert_non_null(d);
    struct dirent *e;
    int files = 0;
    while ((e = readdir(d)) != NULL) {
        size_t nl = strlen(e->d_name);
        if (nl < 6 || strcmp(e->d_name + nl - 5, ".json") != 0) continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", ZF_CHECKLIST_DIR, e->d_name);
        size_t len = 0;
        char *text = read_file(path, &len);
        assert_non_null(text);
        zf_arena_t *a = zf_arena_new();
        json_t *doc;
        zf_chk_problem_t *p;
        size_t n;
        size_t bad = zf_checklist_parse(a, text, len, &doc, &p, &n);
        if (bad) {
            dump(p, n);
            fail_msg("%s: %zu problems", e->d_name, bad);
        }
        zf_chk_summary_t s;
        zf_checklist_summary(doc, &s);
        char stem[256];
        snprintf(stem, sizeof stem, "%.*s", (int)(nl - 5), e->d_name);
        assert_string_equal(stem, s.code);
        if (s.items < 15 || s.items > 30) fail_msg("%s: %d items", e->d_name, s.items);
        assert_true(s.major_items > 0);
        zf_chk_ref_t *refs;
        size_t nrefs;
        zf_checklist_catalogue_refs(a, doc, &refs, &nrefs);
        assert_true(nrefs > 0);
        json_decref(doc);
        zf_arena_free(a);
        free(text);
        files++;
    }
    closedir(d);
    assert_true(files >= 4); /* the four starter checklists of issue 7 */
}

/* A small valid document; the cases below change it. */
static const char base[] =
    "{\"code\":\"T-ONE\",\"title\":\"测试检查表\",\"domain\":\"industry\",\"version\":1,"
    "\"effective_from\":\"2026-01-01\",\"answers\":[\"yes\",\"no\",\"na\"],"
    "\"sources\":[{\"id\":\"S1\",\"title\":\"某法\",\"status\":\"原文\"}],"
    "\"sections\":[{\"title\":\"一\",\"items\":["
    "{\"id\":\"TT-01\",\"question\":\"是否设置？\",\"method\":[\"查现场\"],"
    "\"source\":{\"ref\":\"S1\",\"clause\":\"第一条\",\"status\":\"原文\"},\"major\":null,"
    "\"catalogue\":[\"AQ-102-01\"]},"
    "{\"id\":\"TT-02\",\"question\":\"是否记录？\",\"method\":[\"询问\"],"
    "\"source\":{\"ref\":\"S1\",\"clause\":\"\",\"status\":\"未核实\"}}]}]}";

/* Walk "a.b[2].c" to the parent of the last step; key / *idx name it. */
static json_t *walk(json_t *doc, const char *path, char *key, size_t *idx, int *is_index) {
    struct {
        int index;
        char key[64];
        size_t n;
    } steps[32];
    int ns = 0;
    const char *p = path;
    while (*p && ns < 32) {
        if (*p == '.') p++;
        if (*p == '[') {
            char *end;
            steps[ns].index = 1;
            steps[ns].n = strtoul(p + 1, &end, 10);
            p = end + 1; /* past ']' */
        } else {
            size_t len = strcspn(p, ".[");
            steps[ns].index = 0;
            snprintf(steps[ns].key, sizeof steps[ns].key, "%.*s", (int)len, p);
            p += len;
        }
        ns++;
    }
    json_t *cur = doc;
    for (int i = 0; i < ns - 1; i++) {
        cur = steps[i].index ? json_array_get(cur, steps[i].n) : json_object_get(cur, steps[i].key);
        if (!cur) return NULL;
    }
    *is_index = steps[ns - 1].index;
    *idx = steps[ns - 1].n;
    snprintf(key, 64, "%s", steps[ns - 1].key);
    return cur;
}

struct mod {
    const char *path;
    const char *value; /* JSON text; NULL deletes */
};

struct want {
    const char *path, *code;
};

static const struct {
    const char *id;
    struct mod mods[2];
    struct want want[3];
} broken[] = {
    {"B01", {{"code", NULL}}, {{"code", "checklist.required"}}},
    {"B02", {{"code", "\"bad code\""}}, {{"code", "checklist.bad_code"}}},
    {"B03", {{"domain", "\"mine\""}}, {{"domain", "checklist.bad_domain"}}},
    {"B04", {{"version", "0"}}, {{"version", "checklist.bad_version"}}},
    {"B05", {{"effective_from", "\"2026-02-30\""}}, {{"effective_from", "checklist.bad_date"}}},
    {"B06",
     {{"answers", "[\"yes\",\"maybe\"]"}},
     {{"answers[1]", "checklist.bad_answer"}, {"answers", "checklist.answers_incomplete"}}},
    {"B07",
     {{"answers", "[\"yes\",\"yes\",\"no\"]"}},
     {{"answers[1]", "checklist.duplicate_answer"}}},
    {"B08",
     {{"sources", "[]"}},
     {{"sources", "checklist.empty_list"},
      {"sections[0].items[0].source.ref", "checklist.bad_source_ref"},
      {"sections[0].items[1].source.ref", "checklist.bad_source_ref"}}},
    {"B09",
     {{"sections[0].items[1].id", "\"TT-01\""}},
     {{"sections[0].items[1].id", "checklist.duplicate_item"}}},
    {"B10",
     {{"sections[0].items[0].id", "\"tt01\""}},
     {{"sections[0].items[0].id", "checklist.bad_item_id"}}},
    {"B11",
     {{"sections[0].items[0].catalogue", "[\"AQ-102-1\"]"}},
     {{"sections[0].items[0].catalogue[0]", "checklist.bad_catalogue_code"}}},
    {"B12",
     {{"sections[0].items[0].catalogue", "[\"AQ-102-01\",\"AQ-102-01\"]"}},
     {{"sections[0].items[0].catalogue[1]", "checklist.duplicate_catalogue"}}},
    {"B13",
     {{"sections[0].items[0].catalogue", "\"AQ-102-01\""}},
     {{"sections[0].items[0].catalogue", "checklist.type"}}},
    {"B14",
     {{"sections[0].items[0].method", "[\"看\"]"}},
     {{"sections[0].items[0].method[0]", "checklist.bad_method"}}},
    {"B15",
     {{"sections[0].items[0].method", "[]"}},
     {{"sections[0].items[0].method", "checklist.empty_list"}}},
    {"B16",
     {{"sections[0].items[0].source.status", "\"核实\""}},
     {{"sections[0].items[0].source.status", "checklist.bad_status"}}},
    {"B17",
     {{"sections[0].items[0].source.clause", "\"\""}},
     {{"sections[0].items[0].source.clause", "checklist.clause_required"}}},
    {"B18",
     {{"sections[0].items[0].major", "{\"ref\":\"S9\",\"clause\":\"第二条\",\"status\":\"二手\"}"}},
     {{"sections[0].items[0].major.ref", "checklist.bad_source_ref"}}},
    {"B19",
     {{"sections[0].items[0].extra", "1"}},
     {{"sections[0].items[0].extra", "checklist.unknown_field"}}},
    {"B20",
     {{"sections[0].items[0].question", "\"\""}},
     {{"sections[0].items[0].question", "checklist.empty"}}},
    {"B21",
     {{"answers", "[\"yes\",\"no\"]"}, {"sections[0].items[1].answers", "[\"yes\",\"no\",\"na\"]"}},
     {{"sections[0].items[1].answers", "checklist.bad_answer"}}},
    {"B22", {{"sections[0]", "\"x\""}}, {{"sections[0]", "checklist.type"}}},
    {"B23", {{"title", "\"a\\u0001b\""}}, {{"title", "checklist.bad_text"}}},
    {"B24", {{"sections", "[]"}}, {{"sections", "checklist.empty_list"}}},
    {"B25",
     {{"sources[0].id", "\"S1\""},
      {"sources[1]", "{\"id\":\"S1\",\"title\":\"又一法\",\"status\":\"二手\"}"}},
     {{"sources[1].id", "checklist.duplicate_source"}}},
    {"B26",
     {{"sections[0].items[0].major", "{\"ref\":\"S1\",\"status\":\"未核实\"}"}},
     {{NULL, NULL}}},
};

static int apply(json_t *doc, const struct mod *m) {
    char key[64];
    size_t idx;
    int is_index;
    json_t *parent = walk(doc, m->path, key, &idx, &is_index);
    if (!parent) return -1;
    json_t *v = m->value ? json_loads(m->value, JSON_DECODE_ANY, NULL) : NULL;
    if (m->value && !v) return -1;
    if (is_index) {
        if (!v) return json_array_remove(parent, idx);
        if (idx == json_array_size(parent)) return json_array_append_new(parent, v);
        return json_array_set_new(parent, idx, v);
    }
    if (!v) return json_object_del(parent, key);
    return json_object_set_new(parent, key, v);
}

static void test_base_valid(void **state) {
    (void)state;
    zf_arena_t *a = zf_arena_new();
    json_t *doc;
    zf_chk_problem_t *p;
    size_t n;
    size_t bad = zf_checklist_parse(a, base, strlen(base), &doc, &p, &n);
    if (bad) dump(p, n);
    assert_int_equal(bad, 0);
    zf_chk_summary_t s;
    zf_checklist_summary(doc, &s);
    assert_string_equal(s.code, "T-ONE");
    assert_int_equal(s.items, 2);
    assert_int_equal(s.major_items, 0);
    zf_chk_ref_t *refs;
    size_t nrefs;
    zf_checklist_catalogue_refs(a, doc, &refs, &nrefs);
    assert_int_equal(nrefs, 1);
    assert_string_equal(refs[0].path, "sections[0].items[0].catalogue[0]");
    assert_string_equal(refs[0].item_id, "TT-01");
    assert_string_equal(refs[0].code, "AQ-102-01");
    json_decref(doc);
    zf_arena_free(a);
}

static void test_broken(void **state) {
    (void)state;
    for (size_t c = 0; c < sizeof broken / sizeof broken[0]; c++) {
        json_t *doc = json_loads(base, 0, NULL);
        assert_non_null(doc);
        for (size_t k = 0; k < 2 && broken[c].mods[k].path; k++)
            if (apply(doc, &broken[c].mods[k]) != 0)
                fail_msg("%s: cannot apply %s", broken[c].id, broken[c].mods[k].path);
        zf_arena_t *a = zf_arena_new();
        zf_chk_problem_t *p;
        size_t n;
        zf_checklist_validate(a, doc, &p, &n);
        size_t want = 0;
        while (want < 3 && broken[c].want[want].path)
            want++;
        if (n != want) {
            dump(p, n);
            fail_msg("%s: %zu problems, expected %zu", broken[c].id, n, want);
        }
        for (size_t k = 0; k < want; k++) {
            if (strcmp(p[k].path, broken[c].want[k].path) != 0 ||
                strcmp(p[k].code, broken[c].want[k].code) != 0) {
                dump(p, n);
                fail_msg("%s: problem %zu is %s %s, expected %s %s", broken[c].id, k, p[k].path,
                         p[k].code, broken[c].want[k].path, broken[c].want[k].code);
            }
            assert_true(strlen(p[k].message) > 0);
        }
        zf_arena_free(a);
        json_decref(doc);
    }
}

/* M01: the message of a malformed catalogue code, exactly. */
static void test_message(void **state) {
    (void)state;
    json_t *doc = json_loads(base, 0, NULL);
    struct mod m = {"sections[0].items[0].catalogue", "[\"AQ-102-1\"]"};
    assert_int_equal(apply(doc, &m), 0);
    zf_arena_t *a = zf_arena_new();
    zf_chk_problem_t *p;
    size_t n;
    assert_int_equal(zf_checklist_validate(a, doc, &p, &n), 1);
    assert_string_equal(p[0].message, "执法事项编码“AQ-102-1”格式无效，应如 AQ-102-01");
    zf_arena_free(a);
    json_decref(doc);
}

/* P01–P04: text that is not a checklist object at all. */
static void test_parse(void **state) {
    (void)state;
    static const struct {
        const char *id, *text, *code;
        int has_doc;
    } cases[] = {
        {"P01", "{", "checklist.json_syntax", 0},
        {"P02", "{\"code\":\"A\",\"code\":\"B\"}", "checklist.json_syntax", 0},
        {"P03", "[]", "checklist.not_object", 1},
        {"P04", "\"x\"", "checklist.json_syntax", 0}, /* json_loadb wants an array or object */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        zf_arena_t *a = zf_arena_new();
        json_t *doc;
        zf_chk_problem_t *p;
        size_t n;
        size_t bad = zf_checklist_parse(a, cases[i].text, strlen(cases[i].text), &doc, &p, &n);
        if (bad != 1 || strcmp(p[0].code, cases[i].code) != 0 || (doc != NULL) != cases[i].has_doc)
            fail_msg("%s: %zu problems, first %s", cases[i].id, bad, bad ? p[0].code : "-");
        assert_string_equal(p[0].path, "");
        json_decref(doc);
        zf_arena_free(a);
    }
    /* P05: over the size cap */
    zf_arena_t *a = zf_arena_new();
    size_t big = ZF_CHK_MAX_TEXT_BYTES + 1;
    char *text = malloc(big);
    memset(text, ' ', big);
    json_t *doc;
    zf_chk_problem_t *p;
    size_t n;
    assert_int_equal(zf_checklist_parse(a, text, big, &doc, &p, &n), 1);
    assert_string_equal(p[0].code, "checklist.too_big");
    assert_null(doc);
    free(text);
    zf_arena_free(a);
}

/* A01: answer names. */
static void test_answer_names(void **state) {
    (void)state;
    assert_string_equal(zf_checklist_answer_name("yes"), "是");
    assert_string_equal(zf_checklist_answer_name("no"), "否");
    assert_string_equal(zf_checklist_answer_name("na"), "不适用");
    assert_null(zf_checklist_answer_name("maybe"));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shipped), cmocka_unit_test(test_base_valid),
        cmocka_unit_test(test_broken),  cmocka_unit_test(test_message),
        cmocka_unit_test(test_parse),   cmocka_unit_test(test_answer_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
