/* daily_penalty.h — 安全生产法 第112条 按日连续处罚, the conditions and the sum,
 * pure (issue 8).
 *
 * "生产经营单位违反本法规定，被责令改正且受到罚款处罚，拒不改正的，负有安全
 * 生产监督管理职责的部门可以自作出责令改正之日的次日起，按照原处罚数额按日连续
 * 处罚。" LAW.md §4 (第112条): conditions = a violation of this law + an order
 * to correct + a fine + refusal to correct, the refusal established by a
 * re-inspection (复查); amount = the original fine × days, no cap; from the
 * day after the order. The sum is zf_daily_penalty (deadline.h); this module
 * checks the conditions, every unmet one at once. */
#ifndef ZF_CORE_DAILY_PENALTY_H
#define ZF_CORE_DAILY_PENALTY_H

#include <stdint.h>

#include "core/day.h"
#include "core/error.h"

typedef struct zf_dp_input {
    int decided;             /* the original case has a penalty decision */
    int64_t fine_fen;        /* its fine (the 原处罚数额); 0 when none */
    int same_enterprise;     /* the order was given to the case's party */
    zf_day_t ordered_on;     /* 责令改正 (the rectification order's day) */
    zf_day_t reinspected_on; /* the 复查 that found it not corrected; NONE if none */
    int refused;             /* that 复查's result: not corrected */
    zf_day_t until;          /* last day counted; NONE = the 复查 day */
} zf_dp_input_t;

typedef struct zf_dp_result {
    zf_day_t from, until; /* first and last day counted */
    int64_t days, total_fen;
} zf_dp_result_t;

/* 0 and *out when every condition holds; otherwise ZF_EINVAL (422
 * daily_penalty.conditions) with every unmet condition in the message,
 * each with its source. */
int zf_dp_check(const zf_dp_input_t *in, zf_dp_result_t *out, zf_error_t *err);

#endif
