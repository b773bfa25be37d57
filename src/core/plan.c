/* plan.c — see plan.h. */
#include "core/plan.h"

#include <string.h>

int zf_plan_cycle_months(int cycle, int phase, int months[12]) {
    if (cycle < 1 || phase < 0) return 0;
    int n = 0;
    for (int m = phase + 1; m <= 12; m += cycle)
        months[n++] = m;
    return n;
}

int64_t zf_plan_expected(int64_t pool, int64_t permille) {
    if (pool <= 0 || permille <= 0) return 0;
    return (pool * permille + 999) / 1000;
}

void zf_plan_split(int64_t total, size_t n, int64_t *out) {
    if (!n) return;
    int64_t each = total / (int64_t)n, rest = total % (int64_t)n;
    for (size_t i = 0; i < n; i++)
        out[i] = each + ((int64_t)i < rest ? 1 : 0);
}

int zf_plan_cap_keep(int n, int64_t left, int keep[12]) {
    if (n > 12) n = 12;
    if (left < 0 || left >= n) {
        for (int i = 0; i < n; i++)
            keep[i] = 1;
        return n;
    }
    for (int i = 0; i < n; i++)
        keep[i] = 0;
    for (int64_t k = 0; k < left; k++)
        keep[(k * n) / left] = 1;
    return (int)left;
}

int zf_plan_window_match(int m1, int m2, int window) {
    if (m1 < 1 || m1 > 12 || m2 < 1 || m2 > 12 || window < 0) return 0;
    int d = m1 > m2 ? m1 - m2 : m2 - m1;
    return d <= window;
}

int zf_plan_parse_months(const char *s, int months[12]) {
    int seen[13] = {0};
    if (!s) return 0;
    while (*s) {
        if (*s == ' ' || *s == ',') {
            s++;
            continue;
        }
        int v = 0, digits = 0;
        while (*s >= '0' && *s <= '9' && digits < 3) {
            v = v * 10 + (*s - '0');
            s++;
            digits++;
        }
        if (!digits || (*s && *s != ' ' && *s != ',') || v < 1 || v > 12) return -1;
        seen[v] = 1;
    }
    int n = 0;
    for (int m = 1; m <= 12; m++)
        if (seen[m]) months[n++] = m;
    return n;
}

static int year_load(const zf_plan_officer_t *o) {
    int t = 0;
    for (int m = 1; m <= 12; m++)
        t += o->load[m];
    return t;
}

/* a before b in the picking order? */
static int before(const zf_plan_officer_t *a, const zf_plan_officer_t *b, int month) {
    if (a->load[month] != b->load[month]) return a->load[month] < b->load[month];
    int ya = year_load(a), yb = year_load(b);
    if (ya != yb) return ya < yb;
    return a->id < b->id;
}

int zf_plan_pick(const zf_plan_officer_t *officers, size_t no, int month, int capacity,
                 int team_size, int64_t *out) {
    if (month < 1 || month > 12 || team_size < 1) return 0;
    if (team_size > ZF_PLAN_MAX_TEAM) team_size = ZF_PLAN_MAX_TEAM;
    const zf_plan_officer_t *chosen[ZF_PLAN_MAX_TEAM];
    int n = 0;
    for (int k = 0; k < team_size; k++) {
        const zf_plan_officer_t *best = NULL;
        for (size_t i = 0; i < no; i++) {
            const zf_plan_officer_t *o = &officers[i];
            if (!(o->months & (1u << (month - 1))) || o->load[month] >= capacity) continue;
            int taken = 0;
            for (int j = 0; j < n; j++)
                taken |= chosen[j] == o;
            if (taken) continue;
            if (!best || before(o, best, month)) best = o;
        }
        if (!best) break;
        chosen[n++] = best;
    }
    for (int j = 0; j < n; j++)
        out[j] = chosen[j]->id;
    return n;
}

static void place(zf_plan_slot_t *s, size_t t, int m, int joint, zf_plan_officer_t *officers,
                  size_t no, int capacity, int team_size, zf_plan_report_t *report) {
    memset(s, 0, sizeof *s);
    s->target = t;
    s->month = m;
    s->joint = joint;
    int64_t ids[ZF_PLAN_MAX_TEAM];
    int got = zf_plan_pick(officers, no, m, capacity, team_size, ids);
    if (got == team_size) {
        s->n_officers = got;
        for (int j = 0; j < got; j++) {
            s->officers[j] = ids[j];
            for (size_t k = 0; k < no; k++)
                if (officers[k].id == ids[j]) officers[k].load[m]++;
        }
    } else {
        report->unstaffed[m]++;
        report->unstaffed_total++;
    }
    report->month_total[m]++;
    report->placed++;
    if (joint) report->joint++;
}

size_t zf_plan_schedule(const zf_plan_target_t *targets, size_t nt, zf_plan_officer_t *officers,
                        size_t no, int capacity, int team_size, zf_plan_slot_t *slots,
                        int64_t *over_cap_of, zf_plan_report_t *report) {
    memset(report, 0, sizeof *report);
    if (team_size > ZF_PLAN_MAX_TEAM) team_size = ZF_PLAN_MAX_TEAM;
    size_t ns = 0;
    for (size_t t = 0; t < nt; t++) {
        const zf_plan_target_t *tg = &targets[t];
        if (over_cap_of) over_cap_of[t] = 0;
        int cycle = tg->cycle < 1 ? 12 : tg->cycle;
        int phases = cycle < 12 ? cycle : 12;
        int need0[12];
        int need = zf_plan_cycle_months(cycle, 0, need0);
        /* 2a: join the other units' months first */
        int nj = tg->n_join > 12 ? 12 : (tg->n_join < 0 ? 0 : tg->n_join);
        int joint = nj < need ? nj : need;
        int jkeep[12];
        zf_plan_cap_keep(nj, joint, jkeep);
        unsigned used = 0;
        for (int i = 0; i < nj; i++) {
            int m = tg->join_months[i];
            if (!jkeep[i] || m < 1 || m > 12 || (used & (1u << (m - 1)))) continue;
            used |= 1u << (m - 1);
            place(&slots[ns++], t, m, 1, officers, no, capacity, team_size, report);
        }
        int rest = need - joint;
        if (rest <= 0) continue;
        /* 2 and 3: the rest on the cheapest phase, within the cap */
        int64_t allowed = tg->left < 0 ? rest : (tg->left < rest ? tg->left : rest);
        int best_months[12], best_n = 0, best_keep[12];
        int64_t best_cost = -1;
        for (int p = 0; p < phases; p++) {
            int months[12], free_m[12], keep[12], nf = 0;
            int n = zf_plan_cycle_months(cycle, p, months);
            if (n < need) continue; /* a later phase of an uneven cycle has fewer months */
            /* a phase month another unit already plans is covered by the join */
            for (int i = 0; i < n; i++)
                if (!(used & (1u << (months[i] - 1)))) free_m[nf++] = months[i];
            int64_t take = allowed < nf ? allowed : nf;
            zf_plan_cap_keep(nf, take, keep);
            int64_t cost = 0;
            for (int i = 0; i < nf; i++)
                if (keep[i]) cost += report->month_total[free_m[i]];
            if (best_cost < 0 || cost < best_cost) {
                best_cost = cost;
                best_n = nf;
                memcpy(best_months, free_m, sizeof free_m);
                memcpy(best_keep, keep, sizeof keep);
            }
        }
        for (int i = 0; i < best_n; i++)
            if (best_keep[i])
                place(&slots[ns++], t, best_months[i], 0, officers, no, capacity, team_size,
                      report);
        int64_t cut = rest - allowed; /* what the cap does not allow */
        if (cut > 0) {
            report->over_cap += cut;
            report->over_cap_targets++;
            if (over_cap_of) over_cap_of[t] = cut;
        }
    }
    return ns;
}

int64_t zf_plan_permille(int64_t covered, int64_t total) {
    return total <= 0 ? 0 : covered * 1000 / total;
}
