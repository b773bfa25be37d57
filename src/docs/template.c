/* template.c — document templates as data: parse, check every key and every
 * {{placeholder}} against the kind's fields, expand. Format: docs.h and
 * docs/internals/documents.md. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "docs/docs.h"

struct zf_doc_template {
    json_t *root;
    const zf_doc_kind_t *kind;
};

#define TPL_MAX_BYTES (256 * 1024)
#define PATH_MAX_LEN 64

static int invalid(zf_error_t *err, const char *where, const char *msg) {
    return zf_error_set(err, ZF_EINVAL, 400, "document_template.invalid", where,
                        "模板格式错误（%s）：%s", where, msg);
}

/* Call fn for every placeholder path of text; stops at the first non-zero
 * return. -1 on an unclosed or malformed placeholder (bad is then filled). */
typedef int (*ph_fn)(const char *path, void *ctx);

static int scan_placeholders(const char *text, ph_fn fn, void *ctx) {
    const char *p = text;
    for (;;) {
        const char *open = strstr(p, "{{");
        if (!open) return 0;
        const char *close = strstr(open + 2, "}}");
        if (!close) return -1;
        const char *s = open + 2, *e = close;
        while (s < e && *s == ' ')
            s++;
        while (e > s && e[-1] == ' ')
            e--;
        size_t n = (size_t)(e - s);
        if (n == 0 || n >= PATH_MAX_LEN) return -1;
        char path[PATH_MAX_LEN];
        for (size_t i = 0; i < n; i++) {
            char c = s[i];
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.'))
                return -1;
            path[i] = c;
        }
        path[n] = 0;
        int rc = fn(path, ctx);
        if (rc != 0) return rc;
        p = close + 2;
    }
}

struct check_ctx {
    const zf_doc_kind_t *kind;
    char where[160]; /* JSON path of the text being checked */
    zf_error_t *err;
    int saw_reconsideration;
};

static int check_one(const char *path, void *ctx) {
    struct check_ctx *c = ctx;
    if (strcmp(path, "authority.reconsideration_body") == 0) c->saw_reconsideration = 1;
    if (zf_doc_field_known(c->kind, path)) return 0;
    zf_error_set(c->err, ZF_EINVAL, 400, "document_template.unknown_field", path,
                 "模板引用了不存在的字段“%s”（%s，文书“%s”）", path, c->where, c->kind->name);
    return 1;
}

/* A text value at o[key]: must be a string (required or not) whose
 * placeholders the kind knows. */
static int check_text(json_t *o, const char *key, int required, const char *where,
                      struct check_ctx *c) {
    json_t *v = json_object_get(o, key);
    char at[128];
    snprintf(at, sizeof at, "%s.%s", where, key);
    if (!v) return required ? invalid(c->err, at, "缺少此项") : 0;
    if (!json_is_string(v)) return invalid(c->err, at, "应为文字");
    const char *s = json_string_value(v);
    if (!zf_utf8_valid(s, strlen(s))) return invalid(c->err, at, "含有无效字符");
    snprintf(c->where, sizeof c->where, "%s", at);
    int rc = scan_placeholders(s, check_one, c);
    if (rc < 0)
        return invalid(c->err, at, "占位符应写作 {{字段路径}}，路径为小写字母、数字、下划线和点");
    if (rc > 0) return ZF_EINVAL;
    return 0;
}

/* Only the listed keys may appear in o. */
static int only_keys(json_t *o, const char *const *keys, const char *where, zf_error_t *err) {
    const char *k;
    json_t *v;
    json_object_foreach(o, k, v) {
        int ok = 0;
        for (size_t i = 0; keys[i]; i++)
            if (strcmp(keys[i], k) == 0) ok = 1;
        if (!ok) {
            char at[160];
            snprintf(at, sizeof at, "%s.%s", where, k);
            return invalid(err, at, "未知的项");
        }
    }
    return 0;
}

static int check_section(json_t *s, size_t i, struct check_ctx *c, int *rights_ok) {
    char where[48];
    snprintf(where, sizeof where, "sections[%zu]", i);
    if (!json_is_object(s)) return invalid(c->err, where, "应为对象");
    const char *type = json_string_value(json_object_get(s, "type"));
    if (!type) {
        char at[64];
        snprintf(at, sizeof at, "%s.type", where);
        return invalid(c->err, at, "缺少类型 type");
    }
    int rc;
    if (strcmp(type, "heading") == 0 || strcmp(type, "date") == 0) {
        static const char *const keys[] = {"type", "text", NULL};
        rc = only_keys(s, keys, where, c->err);
        if (rc == 0) rc = check_text(s, "text", 1, where, c);
        return rc;
    }
    if (strcmp(type, "paragraph") == 0 || strcmp(type, "rights") == 0) {
        static const char *const keys[] = {"type", "text", "indent", NULL};
        rc = only_keys(s, keys, where, c->err);
        json_t *ind = json_object_get(s, "indent");
        if (rc == 0 && ind && !json_is_boolean(ind)) {
            char at[64];
            snprintf(at, sizeof at, "%s.indent", where);
            rc = invalid(c->err, at, "应为 true 或 false");
        }
        c->saw_reconsideration = 0;
        if (rc == 0) rc = check_text(s, "text", 1, where, c);
        if (rc == 0 && strcmp(type, "rights") == 0 && c->saw_reconsideration) *rights_ok = 1;
        return rc;
    }
    if (strcmp(type, "table") == 0) {
        static const char *const keys[] = {"type", "rows", NULL};
        rc = only_keys(s, keys, where, c->err);
        if (rc) return rc;
        json_t *rows = json_object_get(s, "rows");
        char at[96];
        snprintf(at, sizeof at, "%s.rows", where);
        if (!json_is_array(rows) || json_array_size(rows) == 0)
            return invalid(c->err, at, "应为非空的 [[名称, 内容], …] 列表");
        for (size_t r = 0; r < json_array_size(rows); r++) {
            json_t *row = json_array_get(rows, r);
            char rat[128];
            snprintf(rat, sizeof rat, "%s.rows[%zu]", where, r);
            if (!json_is_array(row) || json_array_size(row) != 2)
                return invalid(c->err, rat, "每行应为 [名称, 内容] 两项");
            for (size_t col = 0; col < 2; col++) {
                json_t *cell = json_array_get(row, col);
                char cat[160];
                snprintf(cat, sizeof cat, "%s[%zu]", rat, col);
                if (!json_is_string(cell)) return invalid(c->err, cat, "应为文字");
                snprintf(c->where, sizeof c->where, "%s", cat);
                int prc = scan_placeholders(json_string_value(cell), check_one, c);
                if (prc < 0) return invalid(c->err, cat, "占位符应写作 {{字段路径}}");
                if (prc > 0) return ZF_EINVAL;
            }
        }
        return 0;
    }
    if (strcmp(type, "signature") == 0) {
        static const char *const keys[] = {"type", "lines", "seal", NULL};
        rc = only_keys(s, keys, where, c->err);
        if (rc) return rc;
        json_t *lines = json_object_get(s, "lines");
        char at[96];
        snprintf(at, sizeof at, "%s.lines", where);
        if (!json_is_array(lines)) return invalid(c->err, at, "应为文字列表");
        for (size_t r = 0; r < json_array_size(lines); r++) {
            json_t *l = json_array_get(lines, r);
            char lat[128];
            snprintf(lat, sizeof lat, "%s[%zu]", at, r);
            if (!json_is_string(l)) return invalid(c->err, lat, "应为文字");
            snprintf(c->where, sizeof c->where, "%s", lat);
            int prc = scan_placeholders(json_string_value(l), check_one, c);
            if (prc < 0) return invalid(c->err, lat, "占位符应写作 {{字段路径}}");
            if (prc > 0) return ZF_EINVAL;
        }
        return check_text(s, "seal", 0, where, c);
    }
    char at[64];
    snprintf(at, sizeof at, "%s.type", where);
    return invalid(c->err, at, "类型应为 heading、paragraph、rights、table、signature 或 date");
}

int zf_doc_template_parse(const char *text, size_t len, const char *expect_kind,
                          zf_doc_template_t **out, zf_error_t *err) {
    if (len > TPL_MAX_BYTES)
        return zf_error_set(err, ZF_ETOOBIG, 413, "document_template.too_big", "", "模板超过 %d KB",
                            TPL_MAX_BYTES / 1024);
    json_error_t jerr;
    json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!root)
        return zf_error_set(err, ZF_EINVAL, 400, "document_template.invalid", "",
                            "模板不是有效的 JSON（第 %d 行第 %d 列）：%s", jerr.line, jerr.column,
                            jerr.text);
    int rc = 0;
    struct check_ctx c = {.err = err};
    static const char *const keys[] = {"kind", "title", "number_prefix", "note", "sections", NULL};
    if (!json_is_object(root)) {
        rc = invalid(err, "$", "应为对象");
        goto out;
    }
    rc = only_keys(root, keys, "$", err);
    if (rc) goto out;
    const char *kind = json_string_value(json_object_get(root, "kind"));
    c.kind = zf_doc_kind_find(kind);
    if (!c.kind) {
        rc = zf_error_set(err, ZF_EINVAL, 400, "document_template.unknown_kind", "kind",
                          "文书种类“%s”不存在", kind ? kind : "");
        goto out;
    }
    if (expect_kind && strcmp(expect_kind, kind) != 0) {
        rc = zf_error_set(err, ZF_EINVAL, 400, "document_template.kind_mismatch", "kind",
                          "模板的文书种类“%s”与地址中的“%s”不一致", kind, expect_kind);
        goto out;
    }
    static const char *const texts[] = {"title", "number_prefix"};
    for (size_t i = 0; i < 2; i++) {
        json_t *v = json_object_get(root, texts[i]);
        const char *s = json_string_value(v);
        if (!s || !*s || strstr(s, "{{")) {
            char at[32];
            snprintf(at, sizeof at, "$.%s", texts[i]);
            rc = invalid(err, at, "应为不含占位符的非空文字");
            goto out;
        }
    }
    json_t *note = json_object_get(root, "note");
    if (note && !json_is_string(note)) {
        rc = invalid(err, "$.note", "应为文字");
        goto out;
    }
    json_t *sections = json_object_get(root, "sections");
    if (!json_is_array(sections) || json_array_size(sections) == 0) {
        rc = invalid(err, "$.sections", "应为非空列表");
        goto out;
    }
    int rights_ok = 0;
    for (size_t i = 0; i < json_array_size(sections); i++) {
        rc = check_section(json_array_get(sections, i), i, &c, &rights_ok);
        if (rc) goto out;
    }
    /* 行政处罚法 第59条第5项, 第52条; 行政复议法(2023) 第20条第3款: without the
     * statement of the reconsideration body and time limit the period grows
     * to one year — a decision template must carry it. */
    if (c.kind->needs_rights && !rights_ok) {
        rc =
            zf_error_set(err, ZF_EINVAL, 400, "document_template.no_rights", "sections",
                         "“%s”必须有 rights 段落，写明复议机关 {{authority.reconsideration_body}}、"
                         "复议和诉讼期限",
                         c.kind->name);
        goto out;
    }
    zf_doc_template_t *t = zf_xcalloc(1, sizeof *t);
    t->root = root;
    t->kind = c.kind;
    *out = t;
    return 0;
out:
    json_decref(root);
    return rc;
}

void zf_doc_template_free(zf_doc_template_t *t) {
    if (!t) return;
    json_decref(t->root);
    free(t);
}

const zf_doc_kind_t *zf_doc_template_kind(const zf_doc_template_t *t) { return t->kind; }
const char *zf_doc_template_title(const zf_doc_template_t *t) {
    return json_string_value(json_object_get(t->root, "title"));
}
const char *zf_doc_template_prefix(const zf_doc_template_t *t) {
    return json_string_value(json_object_get(t->root, "number_prefix"));
}
json_t *zf_doc_template_json(const zf_doc_template_t *t) { return t->root; }

static int collect_one(const char *path, void *ctx) {
    json_t *a = ctx;
    for (size_t i = 0; i < json_array_size(a); i++)
        if (strcmp(json_string_value(json_array_get(a, i)), path) == 0) return 0;
    json_array_append_new(a, json_string(path));
    return 0;
}

static void collect_value(json_t *v, json_t *a) {
    if (json_is_string(v)) {
        scan_placeholders(json_string_value(v), collect_one, a);
    } else if (json_is_array(v)) {
        for (size_t i = 0; i < json_array_size(v); i++)
            collect_value(json_array_get(v, i), a);
    } else if (json_is_object(v)) {
        const char *k;
        json_t *x;
        json_object_foreach(v, k, x) collect_value(x, a);
    }
}

json_t *zf_doc_template_placeholders(const zf_doc_template_t *t) {
    json_t *a = json_array();
    collect_value(json_object_get(t->root, "sections"), a);
    return a;
}

const char *zf_doc_field_text(json_t *fields, const char *path, char *buf, size_t cap) {
    json_t *cur = fields;
    const char *p = path;
    while (cur && *p) {
        const char *dot = strchr(p, '.');
        size_t n = dot ? (size_t)(dot - p) : strlen(p);
        char key[PATH_MAX_LEN];
        if (n >= sizeof key) return NULL;
        memcpy(key, p, n);
        key[n] = 0;
        cur = json_is_object(cur) ? json_object_get(cur, key) : NULL;
        p += n + (dot ? 1 : 0);
        if (!dot) break;
    }
    if (json_is_string(cur)) return json_string_value(cur);
    if (json_is_integer(cur)) {
        snprintf(buf, cap, "%lld", (long long)json_integer_value(cur));
        return buf;
    }
    return NULL;
}

/* A growable string with a hard cap (STYLE: every buffer has a cap). */
struct sbuf {
    char *p;
    size_t n, cap;
};
#define EXPAND_MAX (1024 * 1024)

static void sb_add(struct sbuf *b, const char *s, size_t n) {
    if (b->n + n + 1 > EXPAND_MAX) n = b->n + 1 < EXPAND_MAX ? EXPAND_MAX - b->n - 1 : 0;
    if (b->n + n + 1 > b->cap) {
        while (b->n + n + 1 > b->cap)
            b->cap = b->cap ? b->cap * 2 : 256;
        b->p = zf_xrealloc(b->p, b->cap);
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = 0;
}

char *zf_doc_expand(const char *text, json_t *fields) {
    struct sbuf b = {0};
    sb_add(&b, "", 0);
    const char *p = text;
    for (;;) {
        const char *open = strstr(p, "{{");
        const char *close = open ? strstr(open + 2, "}}") : NULL;
        if (!open || !close) {
            sb_add(&b, p, strlen(p));
            break;
        }
        sb_add(&b, p, (size_t)(open - p));
        const char *s = open + 2, *e = close;
        while (s < e && *s == ' ')
            s++;
        while (e > s && e[-1] == ' ')
            e--;
        char path[PATH_MAX_LEN] = "";
        size_t n = (size_t)(e - s);
        if (n < sizeof path) {
            memcpy(path, s, n);
            path[n] = 0;
        }
        char num[32];
        const char *v = zf_doc_field_text(fields, path, num, sizeof num);
        if (v && *v)
            sb_add(&b, v, strlen(v));
        else
            sb_add(&b, "＿＿＿＿＿＿", strlen("＿＿＿＿＿＿"));
        p = close + 2;
    }
    return b.p;
}
