/* evaluation.h — case-file evaluation (案卷评查, R30; issue 11): the
 * evaluation standard as data, the scoring of one case against it, the
 * grade, and the sampled selection of a round's cases. Pure: no I/O; memory
 * from the caller's arena. docs/internals/evaluation.md.
 *
 *  - A standard is JSON (data/evaluation/default.json is the shipped one):
 *    groups of items, each with a maximum score, a description and its
 *    source (an article, or 本系统默认 where LAW.md gives none); vetoes
 *    (否决项) that make a case 不合格 whatever its score; and the grade
 *    thresholds (优秀 ≥ excellent, 合格 ≥ pass, else 不合格), 本系统默认
 *    90/70 — configuration, not law.
 *  - The items' maxima sum to ZF_EVAL_TOTAL (100), so the thresholds mean
 *    the same in every version.
 *  - A sampled round draws its cases with the project's verifiable sampler
 *    (core/draw.h, Rivest's SHA-256 sampler): pool = the period's case ids
 *    ascending, pool hash = SHA-256 of the lines decimal(id) "\n", seed =
 *    hex(secret) "," pool hash; the k-th pick chooses pool[pick − 1]. */
#ifndef ZF_CORE_EVALUATION_H
#define ZF_CORE_EVALUATION_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/draw.h"
#include "core/error.h"

#define ZF_EVAL_TOTAL 100
#define ZF_EVAL_MAX_ITEMS 100
#define ZF_EVAL_TEXT_MAX 1000 /* code points of a problem or an answer */
/* The most cases one round takes into its pool: a round is a piece of
 * work for a few people (a period of a district has hundreds), and its pool
 * is stored and answered whole. */
#define ZF_EVAL_POOL_MAX 20000

typedef struct zf_eval_item {
    const char *code;       /* "PRO-2" */
    const char *group;      /* "procedure" */
    const char *group_name; /* "程序" */
    const char *name;
    const char *description;
    const char *source; /* "行政处罚法第62条" or "本系统默认" */
    int64_t max;
} zf_eval_item_t;

typedef struct zf_eval_veto {
    const char *code; /* "VETO-QUAL" */
    const char *name; /* "无执法资格人员办案" */
    const char *description;
    const char *source;
} zf_eval_veto_t;

typedef struct zf_eval_standard {
    const char *name;
    zf_eval_item_t *items;
    size_t n_items;
    zf_eval_veto_t *vetoes;
    size_t n_vetoes;
    int64_t excellent, pass; /* grade thresholds, 0 < pass < excellent ≤ 100 */
    const char *grades_source;
} zf_eval_standard_t;

/* Read and check a standard (the format of data/evaluation/default.json).
 * 0, or 400 evaluation.bad_standard naming what is wrong (field "body"):
 * missing or unknown keys, empty groups, duplicate codes, a maximum outside
 * 1…100, maxima not summing to 100, thresholds out of order, an item or veto
 * without a source. Strings point into `body` (keep it alive). */
int zf_eval_standard_parse(zf_arena_t *a, json_t *body, zf_eval_standard_t *out, zf_error_t *err);

/* The item or veto with this code, or NULL. */
const zf_eval_item_t *zf_eval_item_find(const zf_eval_standard_t *s, const char *code);
const zf_eval_veto_t *zf_eval_veto_find(const zf_eval_standard_t *s, const char *code);

/* One mark of the score sheet: an item's score and the problem found, or a
 * veto that applies (score unused) with its problem. */
typedef struct zf_eval_mark {
    const char *code;
    int64_t score;
    const char *problem; /* "" = none */
} zf_eval_mark_t;

typedef enum { ZF_EVAL_EXCELLENT, ZF_EVAL_PASS, ZF_EVAL_FAIL } zf_eval_grade_t;

/* The grade of a total: any veto → 不合格; else ≥ excellent 优秀, ≥ pass 合格,
 * else 不合格. */
zf_eval_grade_t zf_eval_grade(const zf_eval_standard_t *s, int64_t total, int vetoed);
const char *zf_eval_grade_code(zf_eval_grade_t g); /* "excellent" "pass" "fail" */
const char *zf_eval_grade_name(zf_eval_grade_t g); /* "优秀" "合格" "不合格" */
/* The grade of a code, -1 when unknown. */
int zf_eval_grade_parse(const char *code);

typedef struct zf_eval_result {
    int64_t total;
    int vetoed; /* number of vetoes marked */
    zf_eval_grade_t grade;
} zf_eval_result_t;

/* Check a score sheet against the standard and compute it. Every item must
 * be marked exactly once; vetoes are optional, each at most once. Errors:
 *  400 evaluation.unknown_item (field "items"/"vetoes") naming the code;
 *  400 evaluation.duplicate_item; 400 evaluation.item_missing naming the item;
 *  422 evaluation.score_out_of_range: 「PRO-2 告知与陈述申辩」得分 9 不在 0–8 之间;
 *  422 evaluation.problem_required: an item below its maximum, or a veto,
 *      without a problem text, naming the item;
 *  400 input.invalid: a problem longer than ZF_EVAL_TEXT_MAX code points.
 * The first error found, in the standard's order. */
int zf_eval_check(const zf_eval_standard_t *s, const zf_eval_mark_t *items, size_t n_items,
                  const zf_eval_mark_t *vetoes, size_t n_vetoes, zf_eval_result_t *out,
                  zf_error_t *err);

/* ---- the sampled selection ---- */

/* SHA-256 (hex) of the pool's lines decimal(id) "\n"; ids strictly
 * ascending, else 400 evaluation.bad_pool. */
int zf_eval_pool_hash(zf_draw_ctx_t *c, const int64_t *ids, size_t n, char out[ZF_DRAW_HEX_LEN],
                      zf_error_t *err);
/* seed = secret_hex "," pool_hash, in the arena. */
const char *zf_eval_seed(zf_arena_t *a, const char *secret_hex, const char *pool_hash);
/* How many cases a sampled round draws from a pool of n: count when > 0
 * (at most n), else ceil(n × percent / 100). */
size_t zf_eval_sample_size(size_t n, int64_t count, int64_t percent);
/* Select k of the n pool ids with the sampler (without repeats): out_idx[j]
 * the pool index (0-based) of the j-th selected case, out_i[j] the
 * sampler's i that chose it (may be NULL). */
int zf_eval_sample(zf_draw_ctx_t *c, zf_arena_t *a, const char *seed, size_t n, size_t k,
                   size_t *out_idx, uint64_t *out_i, zf_error_t *err);

#endif
