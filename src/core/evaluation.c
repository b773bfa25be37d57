/* evaluation.c — see evaluation.h. */
#include "core/evaluation.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"

static int bad(zf_error_t *err, const char *what) {
    return zf_error_set(err, ZF_EINVAL, 400, "evaluation.bad_standard", "body", "评查标准有误：%s",
                        what);
}

/* A required non-empty string member of o. */
static const char *str_of(json_t *o, const char *key) {
    const char *s = json_string_value(json_object_get(o, key));
    return s && *s ? s : NULL;
}

/* Are all keys of o among the NULL-terminated list? */
static const char *unknown_key(json_t *o, const char *const *keys) {
    const char *k;
    json_t *v;
    json_object_foreach(o, k, v) {
        int known = 0;
        for (size_t i = 0; keys[i]; i++)
            if (strcmp(keys[i], k) == 0) known = 1;
        if (!known) return k;
    }
    return NULL;
}

static size_t utf8_len(const char *s) {
    size_t n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80) n++;
    return n;
}

static int code_taken(const zf_eval_standard_t *s, const char *code) {
    return zf_eval_item_find(s, code) || zf_eval_veto_find(s, code);
}

static int parse_items(zf_arena_t *a, json_t *groups, zf_eval_standard_t *s, zf_error_t *err) {
    static const char *const gkeys[] = {"code", "name", "items", NULL};
    static const char *const ikeys[] = {"code", "name", "max", "description", "source", NULL};
    size_t cap = 0;
    for (size_t g = 0; g < json_array_size(groups); g++) {
        json_t *gr = json_array_get(groups, g);
        json_t *items = json_object_get(gr, "items");
        if (!json_is_object(gr) || !str_of(gr, "code") || !str_of(gr, "name") ||
            !json_is_array(items) || json_array_size(items) == 0)
            return bad(err,
                       zf_arena_printf(a, "第 %zu 个分组应有 code、name 和非空的 items", g + 1));
        const char *uk = unknown_key(gr, gkeys);
        if (uk) return bad(err, zf_arena_printf(a, "分组不认识的字段“%s”", uk));
        for (size_t i = 0; i < json_array_size(items); i++) {
            json_t *it = json_array_get(items, i);
            const char *code = json_is_object(it) ? str_of(it, "code") : NULL;
            json_t *mx = json_object_get(it, "max");
            if (!code || !str_of(it, "name") || !str_of(it, "description") || !json_is_integer(mx))
                return bad(err,
                           zf_arena_printf(a, "分组“%s”第 %zu 项应有 code、name、max、description",
                                           str_of(gr, "name"), i + 1));
            uk = unknown_key(it, ikeys);
            if (uk) return bad(err, zf_arena_printf(a, "评查项 %s 不认识的字段“%s”", code, uk));
            if (!str_of(it, "source"))
                return bad(err, zf_arena_printf(
                                    a, "评查项 %s 未写明依据（无法律依据的写“本系统默认”）", code));
            int64_t max = json_integer_value(mx);
            if (max < 1 || max > ZF_EVAL_TOTAL)
                return bad(err, zf_arena_printf(a, "评查项 %s 的满分应为 1–100", code));
            if (code_taken(s, code)) return bad(err, zf_arena_printf(a, "编号 %s 重复", code));
            if (s->n_items >= ZF_EVAL_MAX_ITEMS) return bad(err, "评查项不得超过 100 项");
            s->items = zf_arena_reserve(a, s->items, &cap, s->n_items + 1, sizeof *s->items);
            s->items[s->n_items++] = (zf_eval_item_t){.code = code,
                                                      .group = str_of(gr, "code"),
                                                      .group_name = str_of(gr, "name"),
                                                      .name = str_of(it, "name"),
                                                      .description = str_of(it, "description"),
                                                      .source = str_of(it, "source"),
                                                      .max = max};
        }
    }
    return 0;
}

int zf_eval_standard_parse(zf_arena_t *a, json_t *body, zf_eval_standard_t *out, zf_error_t *err) {
    static const char *const keys[] = {"name", "note", "grades", "groups", "vetoes", NULL};
    static const char *const grkeys[] = {"excellent", "pass", "source", NULL};
    static const char *const vkeys[] = {"code", "name", "description", "source", NULL};
    zf_eval_standard_t s = {0};
    if (!json_is_object(body)) return bad(err, "应为 JSON 对象");
    const char *uk = unknown_key(body, keys);
    if (uk) return bad(err, zf_arena_printf(a, "不认识的字段“%s”", uk));
    s.name = str_of(body, "name");
    if (!s.name) return bad(err, "缺少标准名称 name");
    json_t *groups = json_object_get(body, "groups"), *grades = json_object_get(body, "grades");
    json_t *vetoes = json_object_get(body, "vetoes");
    if (!json_is_array(groups) || json_array_size(groups) == 0)
        return bad(err, "缺少评查项分组 groups");
    if (!json_is_object(grades) || !json_is_integer(json_object_get(grades, "excellent")) ||
        !json_is_integer(json_object_get(grades, "pass")) || !str_of(grades, "source"))
        return bad(err, "等次线 grades 应有 excellent、pass 和 source");
    uk = unknown_key(grades, grkeys);
    if (uk) return bad(err, zf_arena_printf(a, "等次线不认识的字段“%s”", uk));
    s.excellent = json_integer_value(json_object_get(grades, "excellent"));
    s.pass = json_integer_value(json_object_get(grades, "pass"));
    s.grades_source = str_of(grades, "source");
    if (!(0 < s.pass && s.pass < s.excellent && s.excellent <= ZF_EVAL_TOTAL))
        return bad(err, "等次线应满足 0 < 合格线 < 优秀线 ≤ 100");
    int rc = parse_items(a, groups, &s, err);
    if (rc) return rc;
    int64_t total = 0;
    for (size_t i = 0; i < s.n_items; i++)
        total += s.items[i].max;
    if (total != ZF_EVAL_TOTAL)
        return bad(err, zf_arena_printf(a, "各评查项满分合计为 %" PRId64 "，应为 100", total));
    if (vetoes && !json_is_array(vetoes)) return bad(err, "否决项 vetoes 应为数组");
    size_t cap = 0;
    for (size_t i = 0; i < json_array_size(vetoes); i++) {
        json_t *v = json_array_get(vetoes, i);
        const char *code = json_is_object(v) ? str_of(v, "code") : NULL;
        if (!code || !str_of(v, "name") || !str_of(v, "description") || !str_of(v, "source"))
            return bad(err, zf_arena_printf(
                                a, "第 %zu 个否决项应有 code、name、description、source", i + 1));
        uk = unknown_key(v, vkeys);
        if (uk) return bad(err, zf_arena_printf(a, "否决项 %s 不认识的字段“%s”", code, uk));
        if (code_taken(&s, code)) return bad(err, zf_arena_printf(a, "编号 %s 重复", code));
        s.vetoes = zf_arena_reserve(a, s.vetoes, &cap, s.n_vetoes + 1, sizeof *s.vetoes);
        s.vetoes[s.n_vetoes++] = (zf_eval_veto_t){.code = code,
                                                  .name = str_of(v, "name"),
                                                  .description = str_of(v, "description"),
                                                  .source = str_of(v, "source")};
    }
    *out = s;
    return 0;
}

const zf_eval_item_t *zf_eval_item_find(const zf_eval_standard_t *s, const char *code) {
    for (size_t i = 0; code && i < s->n_items; i++)
        if (strcmp(s->items[i].code, code) == 0) return &s->items[i];
    return NULL;
}

const zf_eval_veto_t *zf_eval_veto_find(const zf_eval_standard_t *s, const char *code) {
    for (size_t i = 0; code && i < s->n_vetoes; i++)
        if (strcmp(s->vetoes[i].code, code) == 0) return &s->vetoes[i];
    return NULL;
}

zf_eval_grade_t zf_eval_grade(const zf_eval_standard_t *s, int64_t total, int vetoed) {
    /* a veto (否决项) decides alone: the case is 不合格 whatever its score */
    if (vetoed) return ZF_EVAL_FAIL;
    if (total >= s->excellent) return ZF_EVAL_EXCELLENT;
    if (total >= s->pass) return ZF_EVAL_PASS;
    return ZF_EVAL_FAIL;
}

static const char *const grade_codes[] = {"excellent", "pass", "fail"};
static const char *const grade_names[] = {"优秀", "合格", "不合格"};

const char *zf_eval_grade_code(zf_eval_grade_t g) { return grade_codes[g]; }
const char *zf_eval_grade_name(zf_eval_grade_t g) { return grade_names[g]; }

int zf_eval_grade_parse(const char *code) {
    for (int i = 0; code && i < 3; i++)
        if (strcmp(grade_codes[i], code) == 0) return i;
    return -1;
}

static int check_problem(const char *label, const char *problem, const char *field,
                         zf_error_t *err) {
    if (problem && utf8_len(problem) > ZF_EVAL_TEXT_MAX)
        return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", field,
                            "%s的问题描述不得超过 %d 字", label, ZF_EVAL_TEXT_MAX);
    return 0;
}

int zf_eval_check(const zf_eval_standard_t *s, const zf_eval_mark_t *items, size_t n_items,
                  const zf_eval_mark_t *vetoes, size_t n_vetoes, zf_eval_result_t *out,
                  zf_error_t *err) {
    /* codes first, so a typo is named before any arithmetic */
    for (size_t i = 0; i < n_items; i++) {
        if (!zf_eval_item_find(s, items[i].code))
            return zf_error_set(err, ZF_EINVAL, 400, "evaluation.unknown_item", "items",
                                "评查标准中没有评查项“%s”", items[i].code ? items[i].code : "");
        for (size_t j = 0; j < i; j++)
            if (strcmp(items[j].code, items[i].code) == 0)
                return zf_error_set(err, ZF_EINVAL, 400, "evaluation.duplicate_item", "items",
                                    "评查项“%s”重复评分", items[i].code);
    }
    for (size_t i = 0; i < n_vetoes; i++) {
        if (!zf_eval_veto_find(s, vetoes[i].code))
            return zf_error_set(err, ZF_EINVAL, 400, "evaluation.unknown_item", "vetoes",
                                "评查标准中没有否决项“%s”", vetoes[i].code ? vetoes[i].code : "");
        for (size_t j = 0; j < i; j++)
            if (strcmp(vetoes[j].code, vetoes[i].code) == 0)
                return zf_error_set(err, ZF_EINVAL, 400, "evaluation.duplicate_item", "vetoes",
                                    "否决项“%s”重复", vetoes[i].code);
    }
    int64_t total = 0;
    for (size_t k = 0; k < s->n_items; k++) {
        const zf_eval_item_t *it = &s->items[k];
        const zf_eval_mark_t *m = NULL;
        for (size_t i = 0; i < n_items && !m; i++)
            if (strcmp(items[i].code, it->code) == 0) m = &items[i];
        if (!m)
            return zf_error_set(err, ZF_EINVAL, 400, "evaluation.item_missing", "items",
                                "评查项「%s %s」未评分", it->code, it->name);
        if (m->score < 0 || m->score > it->max)
            return zf_error_set(err, ZF_EINVAL, 422, "evaluation.score_out_of_range", "items",
                                "评查项「%s %s」得分 %" PRId64 " 不在 0–%" PRId64 " 之间", it->code,
                                it->name, m->score, it->max);
        /* a deduction must say why: the officers answer the problem */
        if (m->score < it->max && (!m->problem || !*m->problem))
            return zf_error_set(err, ZF_EINVAL, 422, "evaluation.problem_required", "items",
                                "评查项「%s %s」扣分（%" PRId64 "/%" PRId64 "），须填写发现的问题",
                                it->code, it->name, m->score, it->max);
        int rc = check_problem(it->name, m->problem, "items", err);
        if (rc) return rc;
        total += m->score;
    }
    for (size_t i = 0; i < n_vetoes; i++) {
        const zf_eval_veto_t *v = zf_eval_veto_find(s, vetoes[i].code);
        if (!vetoes[i].problem || !*vetoes[i].problem)
            return zf_error_set(err, ZF_EINVAL, 422, "evaluation.problem_required", "vetoes",
                                "否决项「%s %s」须填写发现的问题", v->code, v->name);
        int rc = check_problem(v->name, vetoes[i].problem, "vetoes", err);
        if (rc) return rc;
    }
    out->total = total;
    out->vetoed = (int)n_vetoes;
    out->grade = zf_eval_grade(s, total, n_vetoes > 0);
    return 0;
}

int zf_eval_pool_hash(zf_draw_ctx_t *c, const int64_t *ids, size_t n, char out[ZF_DRAW_HEX_LEN],
                      zf_error_t *err) {
    /* the same canonical-lines idea as the draw's pools (docs/draw.md) */
    size_t cap = n * 21 + 1, len = 0;
    char *buf = zf_xmalloc(cap);
    for (size_t i = 0; i < n; i++) {
        if (ids[i] <= 0 || (i && ids[i] <= ids[i - 1])) {
            free(buf);
            return zf_error_set(err, ZF_EINVAL, 400, "evaluation.bad_pool", NULL,
                                "案件池应按编号严格递增");
        }
        len += (size_t)snprintf(buf + len, cap - len, "%" PRId64 "\n", ids[i]);
    }
    zf_draw_sha256_hex(c, buf, len, out);
    free(buf);
    return 0;
}

const char *zf_eval_seed(zf_arena_t *a, const char *secret_hex, const char *pool_hash) {
    return zf_arena_printf(a, "%s,%s", secret_hex, pool_hash);
}

size_t zf_eval_sample_size(size_t n, int64_t count, int64_t percent) {
    if (count > 0) return (size_t)count < n ? (size_t)count : n;
    if (percent <= 0) return 0;
    /* rounds up: a percentage of a non-empty pool draws at least one case */
    uint64_t k = ((uint64_t)n * (uint64_t)percent + 99) / 100;
    return k < n ? (size_t)k : n;
}

int zf_eval_sample(zf_draw_ctx_t *c, zf_arena_t *a, const char *seed, size_t n, size_t k,
                   size_t *out_idx, uint64_t *out_i, zf_error_t *err) {
    if (k > n)
        return zf_error_set(err, ZF_EINVAL, 400, "evaluation.bad_pool", NULL,
                            "抽取数量 %zu 超过案件数 %zu", k, n);
    unsigned char *taken = zf_arena_alloc(a, n ? n : 1);
    memset(taken, 0, n ? n : 1);
    size_t got = 0;
    /* Rivest's sampler without replacement: i = 1, 2, … skipping repeats */
    for (uint64_t i = 1; got < k; i++) {
        uint64_t pick;
        int rc = zf_draw_pick(c, seed, strlen(seed), i, n, &pick);
        if (rc) return zf_error_set(err, rc, 400, "evaluation.bad_pool", NULL, "抽样参数无效");
        if (taken[pick - 1]) continue;
        taken[pick - 1] = 1;
        out_idx[got] = (size_t)(pick - 1);
        if (out_i) out_i[got] = i;
        got++;
    }
    return 0;
}
