/* checklist.c — see checklist.h. The validator walks the document once and
 * collects every problem; each check is a small function that names the path
 * it looks at. The format is described in data/checklists/README.md. */
#include "core/checklist.h"

#include <stdarg.h>
#include <string.h>

#include "core/day.h"
#include "core/util.h"

typedef struct report {
    zf_arena_t *a;
    zf_chk_problem_t *items;
    size_t n, cap;
} report_t;

static void add(report_t *r, const char *path, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void add(report_t *r, const char *path, const char *code, const char *fmt, ...) {
    r->items = zf_arena_reserve(r->a, r->items, &r->cap, r->n, sizeof *r->items);
    va_list ap;
    va_start(ap, fmt);
    r->items[r->n].message = zf_arena_vprintf(r->a, fmt, ap);
    va_end(ap);
    r->items[r->n].path = zf_arena_strdup(r->a, path);
    r->items[r->n].code = code;
    r->n++;
}

static const char *key_path(zf_arena_t *a, const char *base, const char *key) {
    return *base ? zf_arena_printf(a, "%s.%s", base, key) : zf_arena_strdup(a, key);
}

static const char *index_path(zf_arena_t *a, const char *base, size_t i) {
    return zf_arena_printf(a, "%s[%zu]", base, i);
}

/* Unicode code points in a valid UTF-8 string. */
static size_t code_points(const char *s) {
    size_t n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80) n++;
    return n;
}

/* Refuse keys the format does not know (a typo would silently drop data). */
static void check_keys(report_t *r, json_t *obj, const char *path, const char *const *known) {
    const char *key;
    json_t *v;
    json_object_foreach(obj, key, v) {
        int ok = 0;
        for (size_t i = 0; known[i]; i++)
            if (strcmp(known[i], key) == 0) ok = 1;
        if (!ok) add(r, key_path(r->a, path, key), "checklist.unknown_field", "未知字段“%s”", key);
    }
}

/* A string field: required or optional, 1..max code points, printable text.
 * Returns the string, or NULL (absent or wrong, reported). */
static const char *get_text(report_t *r, json_t *obj, const char *path, const char *key,
                            int required, size_t max, const char *label) {
    const char *p = key_path(r->a, path, key);
    json_t *v = json_object_get(obj, key);
    if (!v || json_is_null(v)) {
        if (required) add(r, p, "checklist.required", "缺少必填字段 %s（%s）", key, label);
        return NULL;
    }
    if (!json_is_string(v)) {
        add(r, p, "checklist.type", "%s应为字符串", label);
        return NULL;
    }
    const char *s = json_string_value(v);
    size_t len = json_string_length(v);
    if (strlen(s) != len || !zf_utf8_valid_text(s, len)) {
        add(r, p, "checklist.bad_text", "%s含有控制字符或无效字符", label);
        return NULL;
    }
    if (len == 0 && required) {
        add(r, p, "checklist.empty", "%s不能为空", label);
        return NULL;
    }
    if (code_points(s) > max) {
        add(r, p, "checklist.too_long", "%s超过 %zu 字", label, max);
        return NULL;
    }
    return s;
}

static json_t *get_array(report_t *r, json_t *obj, const char *path, const char *key, int required,
                         size_t max, const char *label) {
    const char *p = key_path(r->a, path, key);
    json_t *v = json_object_get(obj, key);
    if (!v || json_is_null(v)) {
        if (required) add(r, p, "checklist.required", "缺少必填字段 %s（%s）", key, label);
        return NULL;
    }
    if (!json_is_array(v)) {
        add(r, p, "checklist.type", "%s应为数组", label);
        return NULL;
    }
    if (required && json_array_size(v) == 0) {
        add(r, p, "checklist.empty_list", "%s不能为空", label);
        return NULL;
    }
    if (json_array_size(v) > max) {
        add(r, p, "checklist.too_many", "%s超过 %zu 项", label, max);
        return NULL;
    }
    return v;
}

/* ---- the code lists ---- */

/* The enterprise registry's domains (migration 002, enterprises/labels.js). */
static const char *const domains[] = {"hazchem", "fireworks", "mining", "industry", "other", NULL};

static const struct {
    const char *code, *name;
} answer_codes[] = {{"yes", "是"}, {"no", "否"}, {"na", "不适用"}};

/* 检查方法: the three ways an officer establishes a fact on site. */
static const char *const methods[] = {"查资料", "查现场", "询问", NULL};

/* LAW.md's convention for how far a fact was checked. */
static const char *const statuses[] = {"原文", "二手", "未核实", NULL};

static int in_list(const char *const *list, const char *s) {
    for (size_t i = 0; list[i]; i++)
        if (strcmp(list[i], s) == 0) return 1;
    return 0;
}

const char *zf_checklist_answer_name(const char *code) {
    if (!code) return NULL;
    for (size_t i = 0; i < sizeof answer_codes / sizeof answer_codes[0]; i++)
        if (strcmp(answer_codes[i].code, code) == 0) return answer_codes[i].name;
    return NULL;
}

/* ---- formats ---- */

static int is_upper(char c) { return c >= 'A' && c <= 'Z'; }
static int is_digit(char c) { return c >= '0' && c <= '9'; }

/* Checklist code: capital letter, then capitals, digits or '-', 2..32. */
static int code_ok(const char *s) {
    size_t n = strlen(s);
    if (n < 2 || n > 32 || !is_upper(s[0]) || s[n - 1] == '-') return 0;
    for (size_t i = 1; i < n; i++)
        if (!is_upper(s[i]) && !is_digit(s[i]) && s[i] != '-') return 0;
    return 1;
}

/* Item id: 2..8 capitals, '-', 2..3 digits ("DUST-01", "FUEL-104"). */
static int item_id_ok(const char *s) {
    size_t i = 0;
    while (is_upper(s[i]))
        i++;
    if (i < 2 || i > 8 || s[i] != '-') return 0;
    size_t d = 0;
    for (i++; is_digit(s[i]); i++)
        d++;
    return s[i] == 0 && d >= 2 && d <= 3;
}

/* Catalogue code as catalog.csv writes it (LAW.md §13): two capitals, '-',
 * three digits (the article), '-', two digits ("AQ-102-01"). */
static int catalogue_code_ok(const char *s) {
    if (strlen(s) != 9) return 0;
    return is_upper(s[0]) && is_upper(s[1]) && s[2] == '-' && is_digit(s[3]) && is_digit(s[4]) &&
           is_digit(s[5]) && s[6] == '-' && is_digit(s[7]) && is_digit(s[8]);
}

/* ---- parts ---- */

/* answers: unique known codes, at least "yes" and "no" (the officer must be
 * able to record a failure). Returns a bit set (1 yes, 2 no, 4 na) or 0. */
static unsigned check_answers(report_t *r, json_t *arr, const char *path) {
    unsigned set = 0;
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v) {
        const char *p = index_path(r->a, path, i);
        if (!json_is_string(v)) {
            add(r, p, "checklist.type", "答案应为字符串（yes、no 或 na）");
            continue;
        }
        const char *s = json_string_value(v);
        unsigned bit = 0;
        for (size_t k = 0; k < sizeof answer_codes / sizeof answer_codes[0]; k++)
            if (strcmp(answer_codes[k].code, s) == 0) bit = 1u << k;
        if (!bit) {
            add(r, p, "checklist.bad_answer",
                "答案“%s”无效，应为 yes（是）、no（否）或 na（不适用）", s);
            continue;
        }
        if (set & bit) add(r, p, "checklist.duplicate_answer", "答案“%s”重复", s);
        set |= bit;
    }
    if ((set & 3u) != 3u && json_array_size(arr) > 0)
        add(r, path, "checklist.answers_incomplete", "答案须至少包含 yes（是）和 no（否）");
    return set;
}

typedef struct ctx {
    report_t *r;
    const char **source_ids;
    size_t nsources;
    const char **item_ids;
    size_t nitems, items_cap;
    unsigned answers; /* the document's answer set */
} ctx_t;

static int source_known(const ctx_t *c, const char *id) {
    for (size_t i = 0; i < c->nsources; i++)
        if (strcmp(c->source_ids[i], id) == 0) return 1;
    return 0;
}

static void check_sources(ctx_t *c, json_t *arr) {
    static const char *const known[] = {"id", "title", "number", "status", "note", NULL};
    report_t *r = c->r;
    c->source_ids = zf_arena_alloc(r->a, (json_array_size(arr) + 1) * sizeof *c->source_ids);
    size_t i;
    json_t *s;
    json_array_foreach(arr, i, s) {
        const char *p = index_path(r->a, "sources", i);
        if (!json_is_object(s)) {
            add(r, p, "checklist.type", "依据应为对象");
            continue;
        }
        check_keys(r, s, p, known);
        const char *id = get_text(r, s, p, "id", 1, 16, "依据编号");
        get_text(r, s, p, "title", 1, 200, "依据名称");
        get_text(r, s, p, "number", 0, 100, "文号或标准号");
        get_text(r, s, p, "note", 0, 500, "说明");
        const char *st = get_text(r, s, p, "status", 1, 8, "核实状态");
        if (st && !in_list(statuses, st))
            add(r, key_path(r->a, p, "status"), "checklist.bad_status",
                "核实状态“%s”无效，应为 原文、二手 或 未核实", st);
        if (!id) continue;
        if (source_known(c, id)) {
            add(r, key_path(r->a, p, "id"), "checklist.duplicate_source", "依据编号 %s 重复", id);
            continue;
        }
        c->source_ids[c->nsources++] = id;
    }
}

/* A citation {ref, clause, status}: ref names a source; the clause may be
 * left empty only when status is 未核实 (never invent a clause number). */
static void check_citation(ctx_t *c, json_t *o, const char *p, const char *label) {
    static const char *const known[] = {"ref", "clause", "status", NULL};
    report_t *r = c->r;
    if (!json_is_object(o)) {
        add(r, p, "checklist.type", "%s应为对象 {ref, clause, status}", label);
        return;
    }
    check_keys(r, o, p, known);
    const char *ref = get_text(r, o, p, "ref", 1, 16, "依据编号");
    const char *clause = get_text(r, o, p, "clause", 0, 100, "条款");
    const char *st = get_text(r, o, p, "status", 1, 8, "核实状态");
    if (ref && !source_known(c, ref))
        add(r, key_path(r->a, p, "ref"), "checklist.bad_source_ref", "依据编号 %s 不在 sources 中",
            ref);
    if (st && !in_list(statuses, st)) {
        add(r, key_path(r->a, p, "status"), "checklist.bad_status",
            "核实状态“%s”无效，应为 原文、二手 或 未核实", st);
        return;
    }
    if (st && strcmp(st, "未核实") != 0 && (!clause || !*clause))
        add(r, key_path(r->a, p, "clause"), "checklist.clause_required",
            "核实状态为%s时须写明条款号；无法确认条款号的标为“未核实”", st);
}

static void check_item(ctx_t *c, json_t *it, const char *p) {
    static const char *const known[] = {"id",    "question",  "method",  "guide", "source",
                                        "major", "catalogue", "answers", NULL};
    report_t *r = c->r;
    if (!json_is_object(it)) {
        add(r, p, "checklist.type", "检查项应为对象");
        return;
    }
    check_keys(r, it, p, known);
    const char *id = get_text(r, it, p, "id", 1, 16, "检查项编号");
    if (id && !item_id_ok(id)) {
        add(r, key_path(r->a, p, "id"), "checklist.bad_item_id",
            "检查项编号“%s”格式无效，应如 DUST-01（2–8 个大写字母、连字符、2–3 位数字）", id);
    } else if (id) {
        for (size_t k = 0; k < c->nitems; k++)
            if (strcmp(c->item_ids[k], id) == 0) {
                add(r, key_path(r->a, p, "id"), "checklist.duplicate_item", "检查项编号 %s 重复",
                    id);
                id = NULL;
                break;
            }
        if (id) {
            c->item_ids =
                zf_arena_reserve(r->a, c->item_ids, &c->items_cap, c->nitems, sizeof *c->item_ids);
            c->item_ids[c->nitems++] = id;
        }
    }
    get_text(r, it, p, "question", 1, 300, "检查内容");
    get_text(r, it, p, "guide", 0, 500, "检查要点");

    const char *mp = key_path(r->a, p, "method");
    json_t *m = get_array(r, it, p, "method", 1, 3, "检查方法");
    size_t i;
    json_t *v;
    if (m) json_array_foreach(m, i, v) {
            const char *ip = index_path(r->a, mp, i);
            const char *s = json_string_value(v);
            if (!s || !in_list(methods, s)) {
                add(r, ip, "checklist.bad_method", "检查方法应为 查资料、查现场 或 询问");
                continue;
            }
            for (size_t k = 0; k < i; k++)
                if (json_equal(json_array_get(m, k), v))
                    add(r, ip, "checklist.duplicate_method", "检查方法“%s”重复", s);
        }

    json_t *src = json_object_get(it, "source");
    if (!src)
        add(r, key_path(r->a, p, "source"), "checklist.required", "缺少必填字段 source（依据）");
    else
        check_citation(c, src, key_path(r->a, p, "source"), "依据");

    json_t *major = json_object_get(it, "major");
    if (major && !json_is_null(major))
        check_citation(c, major, key_path(r->a, p, "major"), "重大事故隐患判定依据");

    const char *cp = key_path(r->a, p, "catalogue");
    json_t *cat = get_array(r, it, p, "catalogue", 0, 10, "对应执法事项");
    if (cat) json_array_foreach(cat, i, v) {
            const char *ip = index_path(r->a, cp, i);
            const char *s = json_string_value(v);
            if (!s) {
                add(r, ip, "checklist.type", "执法事项编码应为字符串");
                continue;
            }
            if (!catalogue_code_ok(s)) {
                add(r, ip, "checklist.bad_catalogue_code",
                    "执法事项编码“%s”格式无效，应如 AQ-102-01", s);
                continue;
            }
            for (size_t k = 0; k < i; k++)
                if (json_equal(json_array_get(cat, k), v))
                    add(r, ip, "checklist.duplicate_catalogue", "执法事项 %s 重复", s);
        }

    const char *ap = key_path(r->a, p, "answers");
    json_t *ans = get_array(r, it, p, "answers", 0, 3, "答案");
    if (ans) {
        unsigned set = check_answers(r, ans, ap);
        if (set & ~c->answers)
            add(r, ap, "checklist.bad_answer", "检查项的答案须是检查表 answers 的子集");
    }
}

size_t zf_checklist_validate(zf_arena_t *a, json_t *doc, zf_chk_problem_t **out, size_t *n) {
    static const char *const known[] = {"code",           "title", "domain",  "version",
                                        "effective_from", "scope", "answers", "sources",
                                        "sections",       "notes", NULL};
    report_t r = {.a = a};
    ctx_t c = {.r = &r};
    if (!json_is_object(doc)) {
        add(&r, "", "checklist.not_object", "检查表应为 JSON 对象");
        goto out;
    }
    check_keys(&r, doc, "", known);
    const char *code = get_text(&r, doc, "", "code", 1, 32, "检查表编码");
    if (code && !code_ok(code))
        add(&r, "code", "checklist.bad_code",
            "检查表编码“%s”格式无效：大写字母开头，只含大写字母、数字和连字符，2–32 位", code);
    get_text(&r, doc, "", "title", 1, 100, "检查表名称");
    const char *domain = get_text(&r, doc, "", "domain", 1, 16, "领域");
    if (domain && !in_list(domains, domain))
        add(&r, "domain", "checklist.bad_domain",
            "领域“%s”无效，应为 hazchem（危化）、fireworks（烟花爆竹）、mining（矿山）、"
            "industry（工贸）或 other（其他）",
            domain);
    json_t *ver = json_object_get(doc, "version");
    if (!ver)
        add(&r, "version", "checklist.required", "缺少必填字段 version（版本号）");
    else if (!json_is_integer(ver) || json_integer_value(ver) < 1 ||
             json_integer_value(ver) > 1000000)
        add(&r, "version", "checklist.bad_version", "版本号应为 1 以上的整数");
    const char *from = get_text(&r, doc, "", "effective_from", 1, 10, "生效日期");
    zf_day_t day;
    if (from && zf_day_parse(from, &day) != 0)
        add(&r, "effective_from", "checklist.bad_date", "生效日期“%s”无效，应为 YYYY-MM-DD", from);
    get_text(&r, doc, "", "scope", 0, 500, "适用范围");
    get_text(&r, doc, "", "notes", 0, 2000, "说明");

    json_t *answers = get_array(&r, doc, "", "answers", 1, 3, "答案");
    c.answers = answers ? check_answers(&r, answers, "answers") : 7u;

    json_t *sources = get_array(&r, doc, "", "sources", 1, ZF_CHK_MAX_SOURCES, "依据");
    if (sources) check_sources(&c, sources);

    json_t *sections = get_array(&r, doc, "", "sections", 1, ZF_CHK_MAX_SECTIONS, "分节");
    size_t total = 0;
    size_t i;
    json_t *sec;
    if (sections) json_array_foreach(sections, i, sec) {
            static const char *const sec_known[] = {"title", "items", NULL};
            const char *p = index_path(a, "sections", i);
            if (!json_is_object(sec)) {
                add(&r, p, "checklist.type", "分节应为对象 {title, items}");
                continue;
            }
            check_keys(&r, sec, p, sec_known);
            get_text(&r, sec, p, "title", 1, 100, "分节名称");
            json_t *items = get_array(&r, sec, p, "items", 1, ZF_CHK_MAX_ITEMS, "检查项");
            if (!items) continue;
            const char *ip = key_path(a, p, "items");
            size_t j;
            json_t *it;
            json_array_foreach(items, j, it) {
                if (++total > ZF_CHK_MAX_ITEMS) {
                    add(&r, index_path(a, ip, j), "checklist.too_many", "检查项总数超过 %d 项",
                        ZF_CHK_MAX_ITEMS);
                    goto out;
                }
                check_item(&c, it, index_path(a, ip, j));
            }
        }
out:
    *out = r.items ? r.items : zf_arena_alloc(a, sizeof **out);
    *n = r.n;
    return r.n;
}

size_t zf_checklist_parse(zf_arena_t *a, const char *text, size_t len, json_t **doc,
                          zf_chk_problem_t **out, size_t *n) {
    report_t r = {.a = a};
    *doc = NULL;
    if (len > ZF_CHK_MAX_TEXT_BYTES) {
        add(&r, "", "checklist.too_big", "检查表超过 %d KB", ZF_CHK_MAX_TEXT_BYTES / 1024);
        goto fail;
    }
    json_error_t je;
    json_t *j = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
    if (!j) {
        add(&r, "", "checklist.json_syntax", "不是有效的 JSON（第 %d 行第 %d 列）：%s", je.line,
            je.column, je.text);
        goto fail;
    }
    *doc = j;
    return zf_checklist_validate(a, j, out, n);
fail:
    *out = r.items;
    *n = r.n;
    return r.n;
}

void zf_checklist_summary(json_t *doc, zf_chk_summary_t *s) {
    memset(s, 0, sizeof *s);
    s->code = json_string_value(json_object_get(doc, "code"));
    s->title = json_string_value(json_object_get(doc, "title"));
    s->domain = json_string_value(json_object_get(doc, "domain"));
    s->effective_from = json_string_value(json_object_get(doc, "effective_from"));
    s->version = (int)json_integer_value(json_object_get(doc, "version"));
    size_t i, j;
    json_t *sec, *it;
    json_array_foreach(json_object_get(doc, "sections"), i, sec) {
        json_array_foreach(json_object_get(sec, "items"), j, it) {
            s->items++;
            json_t *major = json_object_get(it, "major");
            if (major && json_is_object(major)) s->major_items++;
        }
    }
}

void zf_checklist_catalogue_refs(zf_arena_t *a, json_t *doc, zf_chk_ref_t **out, size_t *n) {
    zf_chk_ref_t *refs = NULL;
    size_t cnt = 0, cap = 0;
    size_t i, j, k;
    json_t *sec, *it, *code;
    json_array_foreach(json_object_get(doc, "sections"), i,
                       sec){json_array_foreach(json_object_get(sec, "items"), j, it){
        json_array_foreach(json_object_get(it, "catalogue"), k,
                           code){refs = zf_arena_reserve(a, refs, &cap, cnt, sizeof *refs);
    refs[cnt].path = zf_arena_printf(a, "sections[%zu].items[%zu].catalogue[%zu]", i, j, k);
    refs[cnt].item_id = json_string_value(json_object_get(it, "id"));
    refs[cnt].code = json_string_value(code);
    cnt++;
}
}
}
*out = refs ? refs : zf_arena_alloc(a, sizeof *refs);
*n = cnt;
}
