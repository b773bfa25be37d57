/* daily_penalty.c — see daily_penalty.h. */
#include "core/daily_penalty.h"

#include <stdio.h>

#include "core/deadline.h"

static void add(char *msg, size_t cap, size_t *len, const char *text) {
    int n = snprintf(msg + *len, cap - *len, "%s%s", *len ? "；" : "", text);
    if (n > 0 && (size_t)n < cap - *len) *len += (size_t)n;
}

int zf_dp_check(const zf_dp_input_t *in, zf_dp_result_t *out, zf_error_t *err) {
    char msg[1024] = "";
    size_t len = 0;
    /* 第112条: 受到罚款处罚 */
    if (!in->decided || in->fine_fen <= 0)
        add(msg, sizeof msg, &len, "原案件未作出罚款处罚决定（安全生产法 第112条：受到罚款处罚）");
    /* 第112条: 被责令改正 — the order given to this party */
    if (in->ordered_on == ZF_DAY_NONE)
        add(msg, sizeof msg, &len, "没有责令改正（责令限期整改）的日期（安全生产法 第112条）");
    if (!in->same_enterprise)
        add(msg, sizeof msg, &len, "责令改正的对象不是本案当事单位（安全生产法 第112条）");
    /* 拒不改正 established by a re-inspection (LAW.md §4: 须有复查证据) */
    if (in->reinspected_on == ZF_DAY_NONE)
        add(msg, sizeof msg, &len, "该隐患尚未复查，拒不改正须有复查认定");
    else if (!in->refused)
        add(msg, sizeof msg, &len, "复查结论为已整改合格，不构成拒不改正");
    zf_day_t until = in->until != ZF_DAY_NONE ? in->until : in->reinspected_on;
    if (in->reinspected_on != ZF_DAY_NONE && until > in->reinspected_on)
        add(msg, sizeof msg, &len, "计至日期不能晚于认定拒不改正的复查日期（其后的天数尚无证据）");
    /* 自作出责令改正之日的次日起: at least one day */
    if (in->ordered_on != ZF_DAY_NONE && until != ZF_DAY_NONE && until <= in->ordered_on)
        add(msg, sizeof msg, &len, "计至日期应晚于责令改正之日（自其次日起计算）");
    if (len)
        return zf_error_set(err, ZF_EINVAL, 422, "daily_penalty.conditions", "hazard_id",
                            "不能按日连续处罚：%s", msg);
    int64_t days = 0, total = 0;
    int rc = zf_daily_penalty(in->fine_fen, in->ordered_on, until, &days, &total, err);
    if (rc) return rc;
    out->from = in->ordered_on + 1;
    out->until = until;
    out->days = days;
    out->total_fen = total;
    return 0;
}
