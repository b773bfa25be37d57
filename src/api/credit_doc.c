/* credit_doc.c — see credit_doc.h. What the two documents say comes from
 * LAW.md §5.3 (应急管理部令第11号 [二手]): the notice before listing with the
 * reason (the criterion met), the basis and the right to state and defend;
 * the written decision with the period (管理期限), the measures (公示 on the
 * national platforms and the bureau's site; this system adds the higher
 * inspection frequency of R26), removal at the end of the period, and early
 * removal after the configured months when the conditions are met. The
 * 部令's article numbers are 未核实, so the basis names the 部令 and the
 * criterion by its number in the 部令's list (列入情形（四）). */
#include "api/credit_doc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "core/canon.h"
#include "core/credit.h"
#include "core/day.h"
#include "core/util.h"
#include "docs/docs.h"
#include "store/blobs.h"
#include "store/credit_persons.h"
#include "store/documents.h"
#include "store/log.h"
#include "store/series.h"

#define BASIS "《安全生产严重失信主体名单管理办法》（应急管理部令第11号）"
/* LAW.md §5.3: 通过国家信用信息共享平台、国家企业信用信息公示系统、部门网站公示;
 * R26: enterprises under punishment get the higher inspection frequency */
static const char MEASURES[] =
    "通过国家信用信息共享平台、国家企业信用信息公示系统和本机关网站公示，并列为重点监管对象，"
    "提高监督检查频次。";

int zf_api_credit_doc_kind(const char *kind) {
    return kind && (strcmp(kind, "credit_notice") == 0 || strcmp(kind, "credit_decision") == 0);
}

static const char *cn_date(zf_arena_t *a, const char *iso) {
    if (!iso || strlen(iso) < 10) return "";
    return zf_arena_printf(a, "%.4s年%d月%d日", iso, atoi(iso + 5), atoi(iso + 8));
}

static const char *criteria_text(zf_arena_t *a, const char *ids) {
    static const char *const num[] = {"", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
    const char *out = "";
    char *copy = zf_arena_strdup(a, ids ? ids : ""), *save = NULL;
    for (char *t = strtok_r(copy, " ", &save); t; t = strtok_r(NULL, " ", &save)) {
        const zf_credit_criterion_t *c = zf_credit_criterion(t);
        if (!c || c->number < 1 || c->number > 9) continue;
        out = zf_arena_printf(a, "%s%s列入情形（%s）“%s”", out, *out ? "、" : "", num[c->number],
                              c->text);
    }
    return out;
}

static const char *persons_text(zf_db_t *db, zf_arena_t *a, const zf_credit_record_t *r,
                                zf_error_t *err, int *rc) {
    zf_credit_person_t *p;
    size_t n = 0;
    *rc = zf_credit_persons_of(db, a, r->id, &p, &n, err);
    if (*rc) return NULL;
    const char *out = "";
    for (size_t i = 0; i < n; i++) {
        const char *role = zf_credit_person_role_name(p[i].role);
        out = zf_arena_printf(a, "%s%s%s %s%s%s%s", out, i ? "；" : "", role ? role : "", p[i].name,
                              *p[i].id_number ? "（居民身份证号码 " : "", p[i].id_number,
                              *p[i].id_number ? "）" : "");
    }
    /* the principal named on the case outcome, before anyone was added */
    if (!n && r->principal_name && *r->principal_name)
        out = zf_arena_printf(a, "主要负责人 %s", r->principal_name);
    return *out ? out : "无";
}

static const char *conditions_text(zf_arena_t *a) {
    static const char *const num[] = {"一", "二", "三", "四", "五", "六", "七", "八"};
    size_t n;
    const zf_credit_condition_t *c = zf_credit_conditions(&n);
    const char *out = "";
    for (size_t i = 0; i < n && i < 8; i++)
        out = zf_arena_printf(a, "%s%s（%s）%s", out, i ? "；" : "", num[i], c[i].text);
    return out;
}

static int64_t record_id_of(json_t *fields) {
    json_t *v = json_object_get(json_object_get(fields, "credit"), "record_id");
    if (json_is_integer(v)) return json_integer_value(v);
    if (json_is_string(v)) {
        char *end;
        long long id = strtoll(json_string_value(v), &end, 10);
        return *end ? 0 : id;
    }
    return 0;
}

int zf_api_credit_doc_fill(zf_db_t *db, zf_arena_t *a, const char *kind, const char *subject_kind,
                           int64_t subject_id, const char *today, json_t *fields, zf_error_t *err) {
    if (!zf_api_credit_doc_kind(kind)) return 0;
    int notice = strcmp(kind, "credit_notice") == 0;
    if (!subject_kind || strcmp(subject_kind, "enterprise") != 0)
        return zf_error_set(err, ZF_EINVAL, 400, "document.subject_kind", "subject_kind",
                            "列入严重失信主体名单的文书以企业为对象（subject_kind = enterprise）");
    int64_t id = record_id_of(fields);
    if (id <= 0)
        return zf_error_set(
            err, ZF_EINVAL, 400, "input.invalid", "fields.credit.record_id",
            "须在 fields.credit.record_id 中指明信用记录（列入严重失信主体名单的记录）");
    zf_credit_record_t r;
    int rc = zf_credit_record_get(db, a, id, &r, err);
    if (rc) return rc;
    if (r.enterprise_id != subject_id)
        return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", "fields.credit.record_id",
                            "信用记录 %lld 不是该企业的记录", (long long)id);
    const char *st = r.status;
    int ok = strcmp(r.kind, "serious_list") == 0 &&
             (notice ? !strcmp(st, "approved") || !strcmp(st, "notified")
                     : !strcmp(st, "notified") || !strcmp(st, "listed"));
    if (!ok)
        return zf_error_set(err, ZF_EINVAL, 409, "credit.bad_state", "status",
                            notice ? "只有已批准列入的严重失信主体名单记录可以签发告知书"
                                   : "只有已告知当事人的记录可以签发列入决定书（列入前须告知）");
    const char *persons = persons_text(db, a, &r, err, &rc);
    if (rc) return rc;
    /* the period: the one fixed at listing, or the one in force today (the
     * decision's date is the first day of the listing, see api/credit.c) */
    int listed = strcmp(st, "listed") == 0;
    const char *from = listed ? r.published_from : today;
    int64_t months = r.period_months, early = 0, days = 0;
    if (!listed) rc = zf_credit_param(db, "credit.serious.period_months", from, &months, err);
    if (rc == 0)
        rc = zf_credit_param(db, "credit.serious.early_removal_months", today, &early, err);
    if (rc == 0) rc = zf_credit_param(db, "credit.serious.statement_days", today, &days, err);
    if (rc) return rc;
    char until[11] = "";
    zf_day_t d0 = ZF_DAY_NONE;
    zf_day_parse(from, &d0);
    if (listed)
        snprintf(until, sizeof until, "%s", r.expires_on);
    else
        zf_day_format(zf_credit_expires_on(d0, (int)months), until);
    struct {
        const char *path, *value;
    } set[] = {
        {"credit.record_id", zf_arena_printf(a, "%lld", (long long)r.id)},
        {"credit.case_number", *r.case_number ? r.case_number : "未编号"},
        {"credit.decision_date", cn_date(a, r.decision_date)},
        {"credit.summary", r.summary},
        {"credit.criteria", criteria_text(a, r.criteria)},
        {"credit.basis", BASIS},
        {"credit.persons", persons},
        {"credit.statement_days", zf_arena_printf(a, "%lld", (long long)days)},
        {"credit.period_months", zf_arena_printf(a, "%lld", (long long)months)},
        {"credit.measures", MEASURES},
        {"credit.notice_number", r.notice_doc},
        {"credit.notified_on", cn_date(a, r.notified_on)},
        {"credit.listed_from", cn_date(a, from)},
        {"credit.listed_until", cn_date(a, until)},
        {"credit.early_removal_months", zf_arena_printf(a, "%lld", (long long)early)},
        {"credit.repair_conditions", conditions_text(a)},
    };
    /* each kind gets the fields it declares (docs/fields.c) */
    const zf_doc_kind_t *k = zf_doc_kind_find(kind);
    for (size_t i = 0; i < sizeof set / sizeof set[0]; i++)
        if (zf_doc_field_known(k, set[i].path))
            zf_doc_fields_set(fields, set[i].path, set[i].value ? set[i].value : "");
    return 0;
}

int zf_api_credit_doc_check(zf_db_t *db, zf_arena_t *a, const zf_credit_record_t *r, int64_t doc_id,
                            const char *kind, const char *field, const char **number,
                            const char **issued_on, zf_error_t *err) {
    zf_doc_row_t d;
    int rc = zf_store_doc_get(db, a, doc_id, &d, err);
    const char *name = strcmp(kind, "credit_notice") == 0 ? "列入严重失信主体名单告知书"
                                                          : "列入严重失信主体名单决定书";
    if (rc == ZF_ENOTFOUND)
        return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", field, "文书 %lld 不存在",
                            (long long)doc_id);
    if (rc) return rc;
    json_t *f = json_loads(d.fields, 0, NULL);
    int64_t rid = record_id_of(f);
    json_decref(f);
    if (strcmp(d.kind, kind) != 0 || strcmp(d.subject_kind, "enterprise") != 0 ||
        d.subject_id != r->enterprise_id || rid != r->id)
        return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", field, "文书 %s 不是本记录的%s",
                            d.number, name);
    *number = d.number;
    *issued_on = d.issued_on;
    return 0;
}

/* ---- issue on this thread (the demo) ---- */
