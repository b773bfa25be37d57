/* case_credit.c — a penalty decision feeds the enterprise's credit record
 * (R26): 安全生产法 第78条第1款 (违法行为信息库) makes every penalty a bad
 * record, and 应急管理部令第11号 lists the outcomes that put the party on the
 * serious dishonesty list — proposed here when the case's facts meet one,
 * approved by a leader later (store/credit.h, docs/internals/credit.md).
 *
 * The case holds only some of the facts 11号令 asks about: the accident
 * grade its violations were fined under (第114条 items) and whether a
 * 第114条第2款 multiple was applied. Concealment, fleeing, licences and the
 * enterprise's other accidents are not case fields yet, so those proposals
 * are made by hand on the credit page. */
#include <string.h>

#include "api/case_api.h"
#include "core/discretion.h"
#include "store/credit.h"

/* The gravest accident grade the violations were fined under. */
static int accident_grade(const zf_case_full_t *f) {
    int grade = ZF_GRADE_NONE;
    for (size_t i = 0; i < f->nviolations; i++) {
        json_t *in = json_loads(f->violations[i].discretion_input, 0, NULL);
        const char *code = json_string_value(json_object_get(in, "accident_grade"));
        int g = code ? zf_disc_grade_from_code(code) : ZF_GRADE_NONE;
        if (g > grade) grade = g;
        json_decref(in);
    }
    return grade;
}

int zf_api_case_credit_outcome(zf_db_t *db, zf_arena_t *a, int64_t actor_id,
                               const zf_case_full_t *f, const zf_case_decision_t *d,
                               const char *authority, zf_error_t *err) {
    const zf_case_party_t *party = zf_api_case_enterprise(f);
    if (!party) return 0; /* a person, or an organisation outside the registry */
    zf_credit_outcome_t o = {
        .enterprise_id = party->enterprise_id,
        .case_id = f->c.id,
        .case_number = *d->number ? d->number : f->c.number,
        .decision_date = d->decided_on,
        .summary = zf_arena_printf(a, "%s：%s", *f->c.title ? f->c.title : "行政处罚",
                                   zf_disc_yuan(a, f->c.decided_amount_fen)),
        .principal_name = party->legal_rep,
        .authority = authority,
    };
    o.facts.penalized = 1;
    /* ZF_GRADE_* and ZF_ACCIDENT_* count the grades the same way (一般 1 …
     * 特别重大 4) */
    o.facts.accident_grade = accident_grade(f);
    return zf_credit_case_outcome(db, a, actor_id, &o, NULL, NULL, err);
}
