/* fields.c — the document kinds (twelve of cases and inspections, two of
 * credit punishment) and the field paths each declares.
 *
 * The list of documents is LAW.md §5.6 (常用文书 [二手]); the fields are what
 * the law requires a document to state: a decision (行政处罚法 第59条) names
 * the party and address, the facts and evidence, the penalty and its basis,
 * how and by when to pay, the ways and time limits of reconsideration and
 * litigation, the authority and the date; an on-the-spot decision (第52条)
 * also the time and place and the officers. A template may use only these
 * paths; the field providers (api/documents.c) fill them from the records. */
#include <stdio.h>
#include <string.h>

#include "docs/docs.h"

/* Every kind has these: the authority block, the document's own data, the
 * party and the two officers (行政处罚法 第42条: 不得少于两人). */
static const char *const common_fields[] = {
    "authority.name", /* always the bureau (ZF_DOC_AUTHORITY) */
    "authority.address",
    "authority.phone",
    "authority.reconsideration_body", /* 行政复议法(2023) 第24条: 本级人民政府 */
    "authority.court",                /* 行政诉讼法 第18条 (configuration) */
    "document.number",
    "document.date", /* "2026年11月28日" */
    "document.verify_code",
    "party.name",
    "party.address",
    "party.credit_code",
    "party.legal_rep",
    "party.phone",
    "party.id_number",
    "officers.1.name",
    "officers.1.cert_no",
    "officers.2.name",
    "officers.2.cert_no",
    "subject.ref", /* the case or inspection number */
    NULL,
};

static const char *const inspection_record[] = {
    "inspection.date",     "inspection.time",     "inspection.place",
    "inspection.kind",     "inspection.present",  "inspection.items",
    "inspection.findings", "inspection.measures", NULL,
};
static const char *const rectification_order[] = {
    "inspection.date",        "violations.text",
    "rectification.deadline", "rectification.requirements",
    "legal_basis.text",       NULL,
};
static const char *const rectification_review[] = {
    "order.number", "order.date", "review.date", "review.findings", "review.conclusion", NULL,
};
static const char *const case_filing[] = {
    "case.number", "case.source",      "case.cause",           "case.found_date",
    "case.facts",  "case.legal_basis", "case.handler_opinion", "case.approver_opinion",
    NULL,
};
static const char *const inquiry_record[] = {
    "inquiry.start",        "inquiry.end",
    "inquiry.place",        "inquiry.person",
    "inquiry.person_id",    "inquiry.person_role",
    "inquiry.person_phone", "inquiry.recorder",
    "inquiry.qa",           NULL,
};
static const char *const case_approval[] = {
    "case.number",
    "case.cause",
    "case.facts",
    "case.evidence",
    "case.legal_basis",
    "penalty.proposed",
    "case.handler_opinion",
    "case.review_opinion",
    "case.approver_opinion",
    NULL,
};
static const char *const penalty_notice[] = {
    "case.number",
    "case.cause",
    "case.facts",
    "case.evidence",
    "case.legal_basis",
    "penalty.proposed",
    "notice.statement_days",
    NULL,
};
static const char *const hearing_notice[] = {
    "case.number",      "case.cause",          "case.facts", "case.legal_basis",
    "penalty.proposed", "notice.hearing_days", NULL,
};
static const char *const penalty_decision[] = {
    "case.number",           "case.cause",          "case.facts",
    "case.evidence",         "case.legal_basis",    "case.statement_summary",
    "penalty.decision",      "penalty.amount_text", "payment.method",
    "payment.deadline_days", "payment.bank",        NULL,
};
static const char *const service_receipt[] = {
    "served.document_name", "served.document_number", "served.method", "served.place",
    "served.date",          "served.recipient",       "served.note",   NULL,
};
static const char *const case_closing[] = {
    "case.number",    "case.cause",           "case.summary",          "penalty.decision",
    "case.execution", "case.handler_opinion", "case.approver_opinion", NULL,
};
static const char *const onsite_decision[] = {
    "case.cause",   "case.facts",  "case.legal_basis", "penalty.decision", "penalty.amount_text",
    "onsite.place", "onsite.time", "payment.method",   "payment.bank",     NULL,
};
/* 案件移送书 (issue 11): 安全生产法 第69条, 国务院令第310号 第6条; the
 * transfer's facts come from the client (the transfers page), the party
 * from the subject (the case, or the enterprise of a transfer without one) */
static const char *const transfer_letter[] = {
    "transfer.agency",    "transfer.subject", "transfer.reason",  "transfer.legal_basis",
    "transfer.materials", "transfer.copy_to", "transfer.contact", NULL,
};

/* 应急管理部令第11号 [二手, LAW.md §5.3]: before listing the party is told
 * the reason, the basis and its right to state and defend (列入前告知);
 * the listing is a written decision (书面列入决定) with the period, the
 * measures and the way out (期满移出, 提前移出). Filled from the credit
 * record (api/credit_doc.c); subject: the enterprise. */
static const char *const credit_notice[] = {
    "credit.record_id",      "credit.case_number",   "credit.decision_date",
    "credit.summary",        "credit.criteria",      "credit.basis",
    "credit.persons",        "credit.statement_days", "credit.period_months",
    "credit.measures",       NULL,
};
static const char *const credit_decision[] = {
    "credit.record_id",     "credit.case_number",    "credit.decision_date",
    "credit.summary",       "credit.criteria",       "credit.basis",
    "credit.persons",       "credit.notice_number",  "credit.notified_on",
    "credit.period_months", "credit.listed_from",    "credit.listed_until",
    "credit.measures",      "credit.early_removal_months", "credit.repair_conditions",
    NULL,
};

static const zf_doc_kind_t kinds[] = {
    {"inspection_record", "现场检查记录", "inspection", 0, inspection_record},
    {"rectification_order", "责令限期整改指令书", "inspection", 1, rectification_order},
    {"rectification_review", "整改复查意见书", "inspection", 0, rectification_review},
    {"case_filing", "立案审批表", "case", 0, case_filing},
    {"inquiry_record", "询问笔录", "case", 0, inquiry_record},
    {"case_approval", "案件处理呈批表", "case", 0, case_approval},
    /* 行政处罚法 第44、45条: the notice states the rights of statement and
     * defence; 第63、64条: the hearing notice the right to a hearing */
    {"penalty_notice", "行政处罚告知书", "case", 0, penalty_notice},
    {"hearing_notice", "听证告知书", "case", 0, hearing_notice},
    /* 行政处罚法 第59条: the decision states the ways and limits of
     * reconsideration and litigation */
    {"penalty_decision", "行政处罚决定书", "case", 1, penalty_decision},
    {"service_receipt", "送达回执", "case", 0, service_receipt},
    {"case_closing", "结案审批表", "case", 0, case_closing},
    /* 行政处罚法 第52条; 行政复议法(2023) 第23条: reconsideration first */
    {"onsite_decision", "当场处罚决定书", "case", 1, onsite_decision},
    {"transfer_letter", "案件移送书", "case", 0, transfer_letter}, /* issue 11 */
    /* credit punishment (issue 10, R26): the decision is open to
     * reconsideration and litigation like any administrative act */
    {"credit_notice", "列入严重失信主体名单告知书", "enterprise", 0, credit_notice},
    {"credit_decision", "列入严重失信主体名单决定书", "enterprise", 1, credit_decision},
};

size_t zf_doc_kinds_count(void) { return sizeof kinds / sizeof kinds[0]; }

const zf_doc_kind_t *zf_doc_kind_at(size_t i) {
    return i < zf_doc_kinds_count() ? &kinds[i] : NULL;
}

const zf_doc_kind_t *zf_doc_kind_find(const char *code) {
    if (!code) return NULL;
    for (size_t i = 0; i < zf_doc_kinds_count(); i++)
        if (strcmp(kinds[i].code, code) == 0) return &kinds[i];
    return NULL;
}

static int in_list(const char *const *list, const char *path) {
    for (size_t i = 0; list[i]; i++)
        if (strcmp(list[i], path) == 0) return 1;
    return 0;
}

int zf_doc_field_known(const zf_doc_kind_t *k, const char *path) {
    return in_list(common_fields, path) || (k && in_list(k->fields, path));
}

json_t *zf_doc_fields_json(const zf_doc_kind_t *k) {
    json_t *a = json_array();
    for (size_t i = 0; common_fields[i]; i++)
        json_array_append_new(a, json_string(common_fields[i]));
    for (size_t i = 0; k && k->fields[i]; i++)
        json_array_append_new(a, json_string(k->fields[i]));
    return a;
}

/* Set path ("a.b") in fields to the string value, making objects on the way. */
static void set_path(json_t *fields, const char *path, const char *value, int overwrite) {
    char buf[64];
    snprintf(buf, sizeof buf, "%s", path);
    json_t *cur = fields;
    char *p = buf;
    for (;;) {
        char *dot = strchr(p, '.');
        if (!dot) break;
        *dot = 0;
        json_t *next = json_object_get(cur, p);
        if (!json_is_object(next)) {
            next = json_object();
            json_object_set_new(cur, p, next);
        }
        cur = next;
        p = dot + 1;
    }
    json_t *old = json_object_get(cur, p);
    if (overwrite || !old || json_is_null(old) || (json_is_string(old) && !*json_string_value(old)))
        json_object_set_new(cur, p, json_string(value));
}

void zf_doc_fields_authority(json_t *fields, const char *reconsideration_body, const char *court) {
    /* R1: every document is issued in the bureau's name, whatever the input */
    set_path(fields, "authority.name", ZF_DOC_AUTHORITY, 1);
    /* 行政复议法(2023) 第24条第1款第1项: a district department's act goes to
     * the district people's government (since 2024-01-01) */
    set_path(fields, "authority.reconsideration_body",
             reconsideration_body && *reconsideration_body ? reconsideration_body
                                                           : ZF_DOC_RECONSIDERATION_BODY,
             0);
    /* 行政诉讼法 第18条: the basic court where the authority sits [未核实: the
     * court's exact name is configuration, ZHIFA_DOC_COURT] */
    set_path(fields, "authority.court", court && *court ? court : ZF_DOC_COURT, 0);
}

void zf_doc_fields_contact(json_t *fields, const char *address, const char *phone) {
    if (address && *address) set_path(fields, "authority.address", address, 1);
    if (phone && *phone) set_path(fields, "authority.phone", phone, 1);
}

void zf_doc_fields_set(json_t *fields, const char *path, const char *value) {
    set_path(fields, path, value, 1);
}
