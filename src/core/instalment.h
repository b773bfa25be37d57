/* instalment.h — a fine paid in instalments (分期缴纳, 行政处罚法 第66条第2款:
 * 当事人确有经济困难，需要延期或者分期缴纳罚款的，经当事人申请和行政机关批准，
 * 可以暂缓或者分期缴纳). Pure: the schedule's check, the allocation of the
 * bank's payments to the instalments in order, each instalment's state on a
 * given day, and the late-payment surcharge (第72条) under the configured
 * base. No I/O; the API loads the schedule and the payments. */
#ifndef ZF_CORE_INSTALMENT_H
#define ZF_CORE_INSTALMENT_H

#include <stddef.h>
#include <stdint.h>

#include "core/day.h"
#include "core/deadline.h"
#include "core/error.h"

/* The most instalments one schedule may have (a cap on the input). */
#define ZF_INSTALMENTS_MAX 36

typedef struct zf_instalment {
    int64_t amount_fen;
    zf_day_t due; /* the last day on which this instalment is on time */
} zf_instalment_t;

typedef struct zf_inst_payment {
    int64_t amount_fen;
    zf_day_t paid;
} zf_inst_payment_t;

typedef enum zf_inst_status {
    ZF_INST_PENDING = 0, /* not fully paid, due day not passed */
    ZF_INST_PAID,        /* fully paid on or before its due day */
    ZF_INST_PAID_LATE,   /* fully paid after its due day */
    ZF_INST_OVERDUE      /* not fully paid and its due day has passed */
} zf_inst_status_t;

/* Which amount the 3% a day of 第72条 runs on when an instalment is late.
 * LAW.md does not settle it (第72条 speaks of 罚款数额 and of 到期不缴纳;
 * 第66条 only allows the schedule), so it is a dated parameter,
 * case.instalment.surcharge_base (migration 035, 未核实):
 *   INSTALMENT — each late instalment is a fine fallen due: 3% a day of
 *                that instalment's amount, from the day after its due day
 *                to the day it is fully paid (or today), capped at it;
 *   FINE       — a missed instalment makes the whole fine late: 3% a day of
 *                the fine from the day after the first late instalment's
 *                due day to the day the fine is fully paid (or today),
 *                capped at the fine. */
typedef enum zf_inst_base { ZF_INST_BASE_INSTALMENT = 0, ZF_INST_BASE_FINE } zf_inst_base_t;

/* "instalment" | "fine" → base; -1 when unknown. */
int zf_inst_base_parse(const char *s, zf_inst_base_t *out);

/* Check a schedule against the outstanding amount (the fine less what was
 * paid before the application): at least two instalments, at most
 * ZF_INSTALMENTS_MAX, each amount > 0, due days strictly increasing, the
 * first not before `earliest` (the day of the application), and the
 * amounts summing to outstanding_fen exactly. 0, or 400 with the field
 * named "instalments", "instalments[i].amount_fen" or
 * "instalments[i].due_on" (i from 0) and a Chinese message naming the
 * instalment (第N期) and, for the sum, both amounts. */
int zf_instalments_check(const zf_instalment_t *s, size_t n, int64_t outstanding_fen,
                         zf_day_t earliest, zf_error_t *err);

typedef struct zf_instalment_state {
    int64_t paid_fen;        /* allocated to this instalment */
    zf_day_t paid_on;        /* the day it became fully paid, or ZF_DAY_NONE */
    zf_inst_status_t status; /* on `today` */
    int64_t surcharge_fen;   /* BASE_INSTALMENT only: this instalment's */
    int64_t late_days;       /* counted days of its surcharge */
} zf_instalment_state_t;

typedef struct zf_instalment_totals {
    int64_t paid_fen;      /* allocated to the schedule */
    int64_t excess_fen;    /* paid beyond the schedule */
    int64_t surcharge_fen; /* the whole surcharge under the base */
    int64_t late_days;     /* BASE_FINE: counted days; else the largest of the instalments' */
    int capped;            /* BASE_FINE: the fine's cap reached */
    size_t next;           /* first instalment not fully paid, n when all are */
    size_t overdue;        /* how many are overdue on today */
} zf_instalment_totals_t;

/* Allocate the payments to the schedule in order of their paid day (ties
 * in the given order): the first prior_fen go to what the party owed
 * before the schedule (paid before the application), every further fen to
 * the earliest instalment not yet fully paid — an instalment is paid on
 * the day of the payment that completes it. Then each instalment's status
 * on today and the surcharge under base (fine_fen is the whole fine, for
 * BASE_FINE). out has n entries. Errors: 400 on a bad schedule size or a
 * negative amount; the surcharge's own errors (zf_surcharge). */
int zf_instalments_allocate(const zf_instalment_t *s, size_t n, const zf_inst_payment_t *p,
                            size_t np, int64_t prior_fen, int64_t fine_fen, zf_day_t today,
                            zf_inst_base_t base, zf_instalment_state_t *out,
                            zf_instalment_totals_t *tot, zf_error_t *err);

/* "paid" | "paid_late" | "overdue" | "pending", and the Chinese label. */
const char *zf_inst_status_code(zf_inst_status_t s);
const char *zf_inst_status_name(zf_inst_status_t s);

#endif
