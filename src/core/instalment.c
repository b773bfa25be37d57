/* instalment.c — the instalment schedule of a fine (行政处罚法 第66条第2款)
 * and the allocation of the bank's payments to it; see instalment.h. */
#include "core/instalment.h"

#include <stdio.h>
#include <string.h>

int zf_inst_base_parse(const char *s, zf_inst_base_t *out) {
    if (s && strcmp(s, "instalment") == 0) {
        *out = ZF_INST_BASE_INSTALMENT;
        return 0;
    }
    if (s && strcmp(s, "fine") == 0) {
        *out = ZF_INST_BASE_FINE;
        return 0;
    }
    return -1;
}

int zf_instalments_check(const zf_instalment_t *s, size_t n, int64_t outstanding_fen,
                         zf_day_t earliest, zf_error_t *err) {
    /* 分期: two instalments at least — one would be a deferral (暂缓) */
    if (n < 2 || n > ZF_INSTALMENTS_MAX)
        return zf_error_set(err, ZF_EINVAL, 400, "instalment.count", "instalments",
                            "分期缴纳应分为 2 至 %d 期", ZF_INSTALMENTS_MAX);
    int64_t sum = 0;
    for (size_t i = 0; i < n; i++) {
        char field[64];
        if (s[i].amount_fen <= 0 || s[i].amount_fen > 1000000000000000LL) {
            snprintf(field, sizeof field, "instalments[%zu].amount_fen", i);
            return zf_error_set(err, ZF_EINVAL, 400, "instalment.amount", field,
                                "第%zu期金额应大于零", i + 1);
        }
        if (s[i].due == ZF_DAY_NONE || (i == 0 && s[i].due < earliest) ||
            (i > 0 && s[i].due <= s[i - 1].due)) {
            snprintf(field, sizeof field, "instalments[%zu].due_on", i);
            return zf_error_set(
                err, ZF_EINVAL, 400, "instalment.due_on", field,
                i == 0 ? "第1期缴纳期限不得早于申请日" : "第%zu期缴纳期限应晚于上一期", i + 1);
        }
        sum += s[i].amount_fen;
    }
    if (sum != outstanding_fen)
        return zf_error_set(err, ZF_EINVAL, 400, "instalment.sum", "instalments",
                            "各期金额合计 %lld.%02lld 元，应等于未缴罚款 %lld.%02lld 元",
                            (long long)(sum / 100), (long long)(sum % 100),
                            (long long)(outstanding_fen / 100), (long long)(outstanding_fen % 100));
    return 0;
}

int zf_instalments_allocate(const zf_instalment_t *s, size_t n, const zf_inst_payment_t *p,
                            size_t np, int64_t prior_fen, int64_t fine_fen, zf_day_t today,
                            zf_inst_base_t base, zf_instalment_state_t *out,
                            zf_instalment_totals_t *tot, zf_error_t *err) {
    memset(tot, 0, sizeof *tot);
    if (n == 0 || n > ZF_INSTALMENTS_MAX || prior_fen < 0)
        return zf_error_set(err, ZF_EINVAL, 400, "instalment.count", "instalments",
                            "分期缴纳应分为 1 至 %d 期", ZF_INSTALMENTS_MAX);
    for (size_t i = 0; i < n; i++) {
        memset(&out[i], 0, sizeof out[i]);
        out[i].paid_on = ZF_DAY_NONE;
    }
    /* payments by paid day, stable: a selection over indexes (np is small —
     * the payments of one case) keeps the caller's order on equal days */
    unsigned char used[256];
    if (np > sizeof used)
        return zf_error_set(err, ZF_EINVAL, 400, "instalment.payments", "payments",
                            "缴款记录过多（最多 %zu 笔）", sizeof used);
    memset(used, 0, sizeof used);
    size_t k = 0; /* the instalment being filled */
    int64_t prior = prior_fen;
    for (size_t round = 0; round < np; round++) {
        size_t best = np;
        for (size_t j = 0; j < np; j++)
            if (!used[j] && (best == np || p[j].paid < p[best].paid)) best = j;
        used[best] = 1;
        int64_t left = p[best].amount_fen;
        if (left < 0)
            return zf_error_set(err, ZF_EINVAL, 400, "instalment.payments", "payments",
                                "缴款金额不得为负数");
        /* what was owed before the schedule is settled first */
        int64_t take = left < prior ? left : prior;
        prior -= take;
        left -= take;
        while (left > 0 && k < n) {
            int64_t need = s[k].amount_fen - out[k].paid_fen;
            int64_t give = left < need ? left : need;
            out[k].paid_fen += give;
            left -= give;
            tot->paid_fen += give;
            if (out[k].paid_fen == s[k].amount_fen) {
                out[k].paid_on = p[best].paid;
                k++;
            }
        }
        tot->excess_fen += left;
    }
    tot->next = k;
    zf_day_t first_late = ZF_DAY_NONE;
    for (size_t i = 0; i < n; i++) {
        zf_instalment_state_t *o = &out[i];
        if (o->paid_on != ZF_DAY_NONE)
            o->status = o->paid_on > s[i].due ? ZF_INST_PAID_LATE : ZF_INST_PAID;
        else
            o->status = today > s[i].due ? ZF_INST_OVERDUE : ZF_INST_PENDING;
        if (o->status == ZF_INST_OVERDUE) tot->overdue++;
        int late = o->status == ZF_INST_OVERDUE || o->status == ZF_INST_PAID_LATE;
        if (late && first_late == ZF_DAY_NONE) first_late = s[i].due;
        if (!late || base != ZF_INST_BASE_INSTALMENT) continue;
        /* 第72条第1款第1项: 3% a day of the instalment fallen due, capped at it */
        zf_surcharge_t sc;
        zf_day_t end = o->paid_on != ZF_DAY_NONE ? o->paid_on : today;
        int rc = zf_surcharge(s[i].amount_fen, s[i].due, end, NULL, 0, &sc, err);
        if (rc) return rc;
        o->surcharge_fen = sc.surcharge_fen;
        o->late_days = sc.counted_days;
        tot->surcharge_fen += sc.surcharge_fen;
        if (sc.counted_days > tot->late_days) tot->late_days = sc.counted_days;
    }
    if (base == ZF_INST_BASE_FINE && first_late != ZF_DAY_NONE && fine_fen > 0) {
        /* 第72条第1款第1项 on the whole fine, from the first missed due day to
         * the day the last instalment is paid, or today */
        zf_day_t end = tot->next == n ? out[n - 1].paid_on : today;
        zf_surcharge_t sc;
        int rc = zf_surcharge(fine_fen, first_late, end, NULL, 0, &sc, err);
        if (rc) return rc;
        tot->surcharge_fen = sc.surcharge_fen;
        tot->late_days = sc.counted_days;
        tot->capped = sc.capped;
    }
    return 0;
}

const char *zf_inst_status_code(zf_inst_status_t s) {
    switch (s) {
    case ZF_INST_PAID: return "paid";
    case ZF_INST_PAID_LATE: return "paid_late";
    case ZF_INST_OVERDUE: return "overdue";
    default: return "pending";
    }
}

const char *zf_inst_status_name(zf_inst_status_t s) {
    switch (s) {
    case ZF_INST_PAID: return "已缴清";
    case ZF_INST_PAID_LATE: return "逾期后缴清";
    case ZF_INST_OVERDUE: return "已逾期";
    default: return "待缴";
    }
}
