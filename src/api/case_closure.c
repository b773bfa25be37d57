/* case_closure.c — 安全生产法 第113条第1项: an enterprise that has a major
 * accident hazard (存在重大事故隐患) and has been penalised under the law three
 * times within 180 days or four times within one year is to be closed — the
 * bureau proposes it to the people's government (报请…予以关闭). The case
 * page shows the counts for the case's enterprise and the proposal when
 * they are met; the windows and their counting are core/deadline.h
 * (zf_closure_count). "Has a major hazard": a hazard of grade major found
 * at the enterprise and not yet verified as rectified. */
#include <string.h>

#include "api/case_api.h"

const zf_case_party_t *zf_api_case_enterprise(const zf_case_full_t *f) {
    const zf_case_party_t *best = NULL;
    for (size_t i = 0; i < f->nparties; i++) {
        const zf_case_party_t *p = &f->parties[i];
        if (p->enterprise_id <= 0 || strcmp(p->kind, "org") != 0) continue;
        if (!best || p->is_principal) best = p;
    }
    return best;
}

static int64_t open_major_hazards(zf_db_t *db, int64_t enterprise_id, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db,
                                  "SELECT count(*) FROM hazards WHERE enterprise_id = $1 "
                                  "AND grade = 'major' AND status <> 'verified'",
                                  err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, enterprise_id);
    int rc = zf_stmt_step(st, err);
    int64_t n = rc == 1 ? zf_stmt_int(st, 0) : 0;
    zf_stmt_done(st);
    return rc < 0 ? rc : n;
}

/* The days of the enterprise's penalty decisions (one per case: the first
 * decision, not its corrections; not 不予处罚, not withdrawn). */
static int penalty_days(zf_db_t *db, zf_arena_t *a, int64_t enterprise_id, zf_day_t **days,
                        size_t *n, zf_error_t *err) {
    /* from the enterprise's party rows (index case_parties_enterprise) to
     * its cases and their decisions: an EXISTS over the parties read every
     * case of the district (574 ms among 1,000,000 cases, bench/run.py) */
    zf_stmt_t *st = zf_db_prepare(
        db,
        "SELECT min(d.decided_on) FROM case_parties p JOIN cases c ON c.id = p.case_id "
        "JOIN case_decisions d ON d.case_id = c.id WHERE p.enterprise_id = $1 "
        "AND d.corrects_decision_id IS NULL AND c.state NOT IN ('no_penalty', 'withdrawn') "
        "GROUP BY c.id",
        err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, enterprise_id);
    size_t cap = 8;
    *days = zf_arena_alloc(a, cap * sizeof **days);
    *n = 0;
    int rc;
    while ((rc = zf_stmt_step(st, err)) == 1) {
        zf_day_t d;
        if (zf_day_parse(zf_stmt_text(st, 0), &d) != 0) continue;
        if (*n == cap) {
            zf_day_t *more = zf_arena_alloc(a, 2 * cap * sizeof *more);
            memcpy(more, *days, cap * sizeof *more);
            *days = more;
            cap *= 2;
        }
        (*days)[(*n)++] = d;
    }
    zf_stmt_done(st);
    return rc < 0 ? rc : 0;
}

json_t *zf_api_case_closure(zf_db_t *db, zf_arena_t *a, const zf_case_full_t *f, zf_day_t today,
                            zf_error_t *err) {
    const zf_case_party_t *party = zf_api_case_enterprise(f);
    if (!party) return json_null();
    int64_t hazards = open_major_hazards(db, party->enterprise_id, err);
    if (hazards < 0) return NULL;
    zf_day_t *days;
    size_t n;
    if (penalty_days(db, a, party->enterprise_id, &days, &n, err) != 0) return NULL;
    zf_closure_count_t cc;
    zf_closure_count(days, n, today, &cc);
    int proposed = hazards > 0 && cc.triggered;
    char from180[11], from1y[11];
    zf_day_format(cc.from180, from180);
    zf_day_format(cc.from1y, from1y);
    return json_pack(
        "{s:I, s:s, s:b, s:i, s:s, s:i, s:s, s:b, s:s, s:s}", "enterprise_id",
        (json_int_t)party->enterprise_id, "enterprise_name", party->name, "major_hazard",
        hazards > 0, "count180", cc.count180, "from180", from180, "count1y", cc.count1y, "from1y",
        from1y, "proposed", proposed, "article", "安全生产法 第113条第1项", "message",
        proposed ? zf_arena_printf(a,
                                   "该企业存在重大事故隐患，180日内受到行政处罚%d次、一年内%d次，"
                                   "应报请县级以上人民政府予以关闭",
                                   cc.count180, cc.count1y)
                 : "");
}
