/* publications.c — 事后公开: penalty decisions on the public portal (R25).
 *
 * The law:
 * - 安全生产法 第78条第2款 [原文, LAW.md §1.6]: a work-safety penalty decision
 *   is published within 7 working days of the decision — so every decision
 *   gets a publication, due by the deadline rule "publication".
 * - 行政处罚法 第48条第2款 [原文]: a published decision that is changed,
 *   revoked, or found unlawful or void is withdrawn within 3 working days
 *   (rule "withdrawal") and the reason is published.
 * - 行政处罚法 第50条: personal privacy is protected — an individual party's
 *   name, ID number and address are masked (core/mask.h); an organisation's
 *   name, credit code and address are shown.
 * The row is made when the decision is made (pending, document frozen), goes
 * public when the decision is served, unless a reviewer holds it with a
 * recorded reason; every step is an event of the full-process log, so when
 * it was published, held or withdrawn can be proven. Overdue ones (pending
 * or held past their due day) are listed for the reviewers. */
#include "api/publications.h"

#include <stdlib.h>
#include <string.h>

#include "core/canon.h"
#include "core/mask.h"
#include "core/perm.h"
#include "core/util.h"
#include "store/catalogue.h"
#include "store/log.h"
#include "store/publications.h"
#include "store/store.h"

#define REASON_MAX 500

/* ---- the public document ---- */

static json_t *party_json(zf_arena_t *a, const zf_case_party_t *p) {
    if (strcmp(p->kind, "person") == 0) /* 第50条: an individual is masked */
        return json_pack("{s:s, s:s, s:s}", "kind", "person", "name", zf_mask_name(a, p->name),
                         "address", *p->address ? zf_mask_address(a, p->address) : "");
    return json_pack("{s:s, s:s, s:s, s:s, s:s}", "kind", "org", "name", p->name, "credit_code",
                     p->id_code, "legal_rep", p->legal_rep, "address", p->address);
}

/* The names a free text must not show: every individual party's. */
static const char **person_names(zf_arena_t *a, const zf_case_full_t *f, size_t *n) {
    const char **names = zf_arena_alloc(a, (f->nparties + 1) * sizeof *names);
    *n = 0;
    for (size_t i = 0; i < f->nparties; i++)
        if (strcmp(f->parties[i].kind, "person") == 0) names[(*n)++] = f->parties[i].name;
    return names;
}

static json_t *public_doc(zf_db_t *db, zf_arena_t *a, const zf_case_full_t *f,
                          const zf_case_decision_t *d, int64_t *total, const char **party_name,
                          const char **credit_code) {
    json_t *parties = json_array();
    *party_name = "";
    *credit_code = "";
    for (size_t i = 0; i < f->nparties; i++) {
        json_t *p = party_json(a, &f->parties[i]);
        json_array_append_new(parties, p);
        if (f->parties[i].is_principal || !**party_name) {
            *party_name = json_string_value(json_object_get(p, "name"));
            *credit_code = strcmp(f->parties[i].kind, "org") == 0 ? f->parties[i].id_code : "";
        }
    }
    json_t *violations = json_array();
    *total = 0;
    for (size_t i = 0; i < f->nviolations; i++) {
        const zf_case_violation_row_t *v = &f->violations[i];
        zf_cat_version_t item = {0};
        zf_error_t err = {0};
        int known = zf_catalogue_at(db, a, v->item_code, d->decided_on, &item, &err) == 0;
        json_array_append_new(violations,
                              json_pack("{s:s, s:s, s:s, s:s, s:I}", "item_code", v->item_code,
                                        "title", known ? item.title : "", "violation_basis",
                                        known ? item.violation_basis : "", "penalty_basis",
                                        known ? item.penalty_basis : "", "amount_fen",
                                        (json_int_t)v->amount_fen));
        *total += v->amount_fen;
    }
    size_t nnames;
    const char **names = person_names(a, f, &nnames);
    const char *facts = zf_mask_text(a, f->c.facts, names, nnames, NULL);
    return json_pack("{s:s, s:s, s:s, s:s, s:o, s:o, s:s, s:I}", "number",
                     *d->number ? d->number : f->c.number, "decided_on", d->decided_on, "authority",
                     zf_api_bureau_name(db, a), "procedure",
                     f->c.simple ? "简易程序（当场处罚）" : "普通程序", "parties", parties,
                     "violations", violations, "facts", facts, "amount_fen", (json_int_t)*total);
}

/* ---- log ---- */

static int log_step(zf_db_t *db, int64_t actor_id, const char *action, const zf_publication_t *p,
                    json_t *before, json_t *after, zf_error_t *err) {
    char id[24];
    snprintf(id, sizeof id, "%lld", (long long)p->id);
    zf_log_entry_t e = {.actor_id = actor_id,
                        .unit_id = p->unit_id,
                        .action = action,
                        .object_type = "publication",
                        .object_id = id,
                        .before = before,
                        .after = after};
    int64_t idx = zf_log_append(db, &e, err);
    json_decref(before);
    json_decref(after);
    return idx < 0 ? (int)idx : 0;
}

/* What the log keeps of a step: the state, never the whole document again
 * (the create event has it). */
static json_t *state_json(const zf_publication_t *p) {
    return json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "case_id",
                     (json_int_t)p->case_id, "decision_id", (json_int_t)p->decision_id, "status",
                     p->status, "due_on", p->due_on, "published_at",
                     p->published_at ? p->published_at : "", "held_reason",
                     p->held_reason ? p->held_reason : "", "withdraw_due_on",
                     p->withdraw_due_on ? p->withdraw_due_on : "", "withdrawn_at",
                     p->withdrawn_at ? p->withdrawn_at : "", "withdraw_reason",
                     p->withdraw_reason ? p->withdraw_reason : "");
}

static int due_after(const zf_case_cfg_t *cfg, const char *rule, const char *from, char out[11],
                     zf_error_t *err) {
    zf_day_t d;
    if (zf_day_parse(from, &d) != 0)
        return zf_error_set(err, ZF_EINVAL, 400, "publication.bad_date", NULL, "日期“%s”无效",
                            from);
    zf_dl_result_t r;
    int rc = zf_dl_compute(&cfg->cal, &cfg->dl, rule, d, &r, err);
    if (rc != 0) return rc;
    zf_day_format(r.due, out);
    return 0;
}

/* ---- hooks from the case transitions ---- */

static int withdraw_row(zf_db_t *db, zf_arena_t *a, int64_t actor_id, zf_publication_t *p,
                        const char *changed_on, const char *reason, const zf_case_cfg_t *cfg,
                        zf_error_t *err) {
    json_t *before = state_json(p);
    char due[11], now[32];
    int rc = due_after(cfg, "withdrawal", changed_on, due, err);
    if (rc != 0) {
        json_decref(before);
        return rc;
    }
    zf_now_iso(now);
    p->status = "withdrawn";
    p->withdraw_due_on = zf_arena_strdup(a, due);
    p->withdrawn_at = zf_arena_strdup(a, now);
    p->withdraw_reason = reason;
    p->withdrawn_by = actor_id;
    rc = zf_publication_save(db, p, err);
    if (rc != 0) {
        json_decref(before);
        return rc;
    }
    return log_step(db, actor_id, "publication.withdraw", p, before, state_json(p), err);
}

int zf_api_publication_on_decided(zf_db_t *db, zf_arena_t *a, int64_t actor_id,
                                  const zf_case_full_t *f, const zf_case_decision_t *d,
                                  const zf_case_cfg_t *cfg, zf_error_t *err) {
    if (d->corrects_decision_id) { /* 第48条第2款: the corrected one is withdrawn */
        zf_publication_t *rows;
        size_t n;
        int rc = zf_publications_of_case(db, a, f->c.id, &rows, &n, err);
        for (size_t i = 0; rc == 0 && i < n; i++)
            if (rows[i].decision_id == d->corrects_decision_id &&
                strcmp(rows[i].status, "withdrawn") != 0)
                rc = withdraw_row(
                    db, a, actor_id, &rows[i], cfg->today,
                    zf_arena_printf(a, "原处罚决定已更正，以更正后的决定为准。更正理由：%s",
                                    *d->reason ? d->reason : "（未填写）"),
                    cfg, err);
        if (rc != 0) return rc;
    }
    zf_publication_t p = {.case_id = f->c.id,
                          .decision_id = d->id,
                          .unit_id = f->c.unit_id,
                          .decided_on = d->decided_on,
                          .status = "pending"};
    /* a correction is published within the period counted from the day it
     * is made; a decision already served goes public at once */
    char due[11], now[32];
    int rc = due_after(cfg, "publication", d->corrects_decision_id ? cfg->today : d->decided_on,
                       due, err);
    if (rc != 0) return rc;
    p.due_on = due;
    if (*f->c.served_on) {
        zf_now_iso(now);
        p.status = "published";
        p.published_at = now;
    }
    json_t *doc = public_doc(db, a, f, d, &p.amount_fen, &p.party_name, &p.credit_code);
    p.number = json_string_value(json_object_get(doc, "number"));
    size_t len;
    char *canon = zf_canon_dump(doc, &len);
    if (!canon) {
        json_decref(doc);
        return zf_error_set(err, ZF_EIO, 500, "publication.doc", NULL, "公开文本无法生成");
    }
    p.doc = zf_arena_strdup(a, canon);
    free(canon);
    rc = zf_publication_insert(db, &p, err);
    json_t *after = state_json(&p);
    json_object_set_new(after, "doc", doc); /* the create event keeps what will be published */
    if (rc != 0) {
        json_decref(after);
        return rc;
    }
    return log_step(db, actor_id, "publication.create", &p, NULL, after, err);
}

int zf_api_publication_on_served(zf_db_t *db, zf_arena_t *a, int64_t actor_id,
                                 const zf_case_full_t *f, zf_error_t *err) {
    zf_publication_t *rows;
    size_t n;
    int rc = zf_publications_of_case(db, a, f->c.id, &rows, &n, err);
    char now[32];
    zf_now_iso(now);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        if (strcmp(rows[i].status, "pending") != 0) continue;
        json_t *before = state_json(&rows[i]);
        rows[i].status = "published";
        rows[i].published_at = zf_arena_strdup(a, now);
        rc = zf_publication_save(db, &rows[i], err);
        if (rc == 0)
            rc = log_step(db, actor_id, "publication.publish", &rows[i], before,
                          state_json(&rows[i]), err);
        else
            json_decref(before);
    }
    return rc;
}

/* ---- internal API ---- */

/* The day in China (UTC+8, no daylight saving) of a stored UTC instant
 * "YYYY-MM-DDTHH:MM:SS…Z". */
static void local_day(const char *iso, char out[11]) {
    char date[11];
    snprintf(date, sizeof date, "%.10s", iso);
    zf_day_t d;
    if (zf_day_parse(date, &d) != 0) {
        snprintf(out, 11, "%s", date);
        return;
    }
    if (strlen(iso) > 13 && atoi(iso + 11) >= 16) d++;
    zf_day_format(d, out);
}

static int overdue(const zf_publication_t *p, const char *today) {
    return (!strcmp(p->status, "pending") || !strcmp(p->status, "held")) &&
           strcmp(p->due_on, today) < 0;
}

static json_t *pub_json(const zf_publication_t *p, const char *today) {
    json_t *doc = json_loads(p->doc, 0, NULL);
    json_t *o = state_json(p);
    json_object_set_new(o, "id", json_integer(p->id));
    json_object_set_new(o, "unit_id", json_integer(p->unit_id));
    json_object_set_new(o, "number", json_string(p->number));
    json_object_set_new(o, "decided_on", json_string(p->decided_on));
    json_object_set_new(o, "party_name", json_string(p->party_name));
    json_object_set_new(o, "credit_code", json_string(p->credit_code));
    json_object_set_new(o, "amount_fen", json_integer(p->amount_fen));
    json_object_set_new(o, "held_at", json_string(p->held_at));
    json_object_set_new(o, "version", json_integer(p->version));
    json_object_set_new(o, "overdue", json_boolean(overdue(p, today)));
    /* published on time: by the end of the due day (local date of the
     * instant; the instants are UTC, so compare the local day) */
    if (*p->published_at) {
        char day[11];
        local_day(p->published_at, day);
        json_object_set_new(o, "published_on", json_string(day));
        json_object_set_new(o, "published_on_time", json_boolean(strcmp(day, p->due_on) <= 0));
    }
    if (*p->withdrawn_at) {
        char day[11];
        local_day(p->withdrawn_at, day);
        json_object_set_new(o, "withdrawn_on", json_string(day));
        json_object_set_new(o, "withdrawn_on_time",
                            json_boolean(strcmp(day, p->withdraw_due_on) <= 0));
    }
    json_object_set_new(o, "doc", doc ? doc : json_null());
    return o;
}

static int parse_limit(zf_req_t *req, int *limit, zf_error_t *err) {
    const char *s = zf_req_query(req, "limit");
    *limit = 50;
    if (!s) return 0;
    char *end;
    long v = strtol(s, &end, 10);
    if (!*s || *end || v < 1 || v > 200)
        return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", "limit",
                            "每页条数 limit 应为 1 至 200 的整数，收到“%s”", s);
    *limit = (int)v;
    return 0;
}

static int parse_before(zf_req_t *req, int64_t *before, zf_error_t *err) {
    const char *s = zf_req_query(req, "before");
    *before = 0;
    if (!s) return 0;
    char *end;
    long long v = strtoll(s, &end, 10);
    if (!*s || *end || v < 1)
        return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", "before",
                            "翻页参数 before 应为正整数，收到“%s”", s);
    *before = v;
    return 0;
}

static int parse_q(zf_req_t *req, const char **q, zf_error_t *err) {
    *q = zf_req_query(req, "q");
    if (!*q) return 0;
    size_t n = strlen(*q);
    if (n > 200 || !zf_utf8_valid_text(*q, n) || strchr(*q, '\n'))
        return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", "q",
                            "检索词应为不超过 200 字节的文字");
    return 0;
}

static json_t *page_json(json_t *items, size_t n, int limit, const zf_publication_t *last) {
    return json_pack("{s:o, s:o}", "items", items, "next_before",
                     (int)n == limit && last ? json_integer(last->id) : json_null());
}

/* GET /api/v1/publications?status=&overdue=1&case_id=&q=&before=&limit= */
void zf_api_publications_list(zf_req_t *req, zf_resp_t *resp) {
    zf_error_t err = {0};
    zf_pub_filter_t f = {.scope_path = zf_api_actor(req)->scope_path};
    char today[11];
    zf_api_today(today);
    int rc = parse_limit(req, &f.limit, &err);
    if (rc == 0) rc = parse_before(req, &f.before_id, &err);
    if (rc == 0) rc = parse_q(req, &f.q, &err);
    f.status = zf_req_query(req, "status");
    if (rc == 0 && f.status && strcmp(f.status, "pending") && strcmp(f.status, "published") &&
        strcmp(f.status, "held") && strcmp(f.status, "withdrawn"))
        rc = zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", "status",
                          "status 应为 pending、published、held 或 withdrawn");
    const char *cid = zf_req_query(req, "case_id");
    if (rc == 0 && cid) {
        char *end;
        long long v = strtoll(cid, &end, 10);
        if (!*cid || *end || v < 1)
            rc = zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", "case_id",
                              "case_id 应为正整数，收到“%s”", cid);
        f.case_id = v;
    }
    const char *od = zf_req_query(req, "overdue");
    if (od && strcmp(od, "1") == 0) f.due_before = today;
    zf_publication_t *rows;
    size_t n = 0;
    if (rc == 0) rc = zf_publications_list(zf_api_db(req), req->arena, &f, &rows, &n, &err);
    if (rc != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *o = pub_json(&rows[i], today);
        json_object_del(o, "doc"); /* the list stays light */
        json_array_append_new(items, o);
    }
    zf_resp_json(req, resp, 200, page_json(items, n, f.limit, n ? &rows[n - 1] : NULL));
}

/* Publication {id} within the actor's scope for `action`; 0 or answered. */
static int fetch(zf_req_t *req, zf_resp_t *resp, const char *action, zf_publication_t *p) {
    int64_t id = zf_api_id_param(req, resp, "id");
    if (!id) return -1;
    zf_error_t err = {0};
    int rc = zf_publication_get(zf_api_db(req), req->arena, id, p, &err);
    if (rc == 0) rc = zf_perm_check(zf_api_actor(req), action, p->unit_path, &err);
    if (rc != 0) {
        zf_api_fail(req, resp, &err);
        return -1;
    }
    return 0;
}

void zf_api_publication_get(zf_req_t *req, zf_resp_t *resp) {
    zf_publication_t p;
    if (fetch(req, resp, "publication.read", &p) != 0) return;
    char today[11];
    zf_api_today(today);
    zf_resp_json(req, resp, 200, pub_json(&p, today));
}

/* The body of hold / release / withdraw: version, and reason when needed. */
static json_t *step_body(zf_req_t *req, zf_resp_t *resp, int with_reason) {
    static const zf_field_t with[] = {
        {"version", ZF_FIELD_INT, 1, "版本号", 0, 0},
        {"reason", ZF_FIELD_STRING, 1, "理由", REASON_MAX, 2},
        {"changed_on", ZF_FIELD_STRING, 0, "决定变更或撤销之日", 10, 10},
    };
    static const zf_field_t without[] = {{"version", ZF_FIELD_INT, 1, "版本号", 0, 0}};
    return with_reason ? zf_api_body(req, resp, with, sizeof with / sizeof with[0])
                       : zf_api_body(req, resp, without, 1);
}

/* Finish a step: save (versioned), log, commit, answer. */
static void finish(zf_req_t *req, zf_resp_t *resp, zf_publication_t *p, const char *action,
                   json_t *before) {
    zf_error_t err = {0};
    zf_db_t *db = zf_api_db(req);
    int rc = zf_db_begin(db, &err);
    if (rc == 0) rc = zf_publication_save(db, p, &err);
    if (rc != 0) {
        json_decref(before);
        zf_api_abort(req, resp, &err);
        return;
    }
    char today[11];
    zf_api_today(today);
    zf_api_commit_change(req, resp, action, "publication", p->id, p->unit_id, before, state_json(p),
                         pub_json(p, today), 200);
}

static void refuse(zf_req_t *req, zf_resp_t *resp, const char *code, const char *msg) {
    zf_error_t err;
    zf_error_set(&err, ZF_ECONFLICT, 409, code, "status", "%s", msg);
    zf_api_fail(req, resp, &err);
}

/* POST /api/v1/publications/{id}/hold {version, reason} — a reviewer keeps
 * a decision off the portal (or takes it down) with a recorded reason. */
void zf_api_publication_hold(zf_req_t *req, zf_resp_t *resp) {
    zf_publication_t p;
    if (fetch(req, resp, "publication.hold", &p) != 0) return;
    json_t *body = step_body(req, resp, 1);
    if (!body) return;
    if (strcmp(p.status, "pending") && strcmp(p.status, "published")) {
        refuse(req, resp, "publication.not_holdable", "只有待公开或已公开的决定可以暂缓公开");
        return;
    }
    p.version = json_integer_value(json_object_get(body, "version"));
    json_t *before = state_json(&p);
    char now[32];
    zf_now_iso(now);
    p.status = "held";
    p.published_at = "";
    p.held_reason = zf_arena_strdup(req->arena, json_string_value(json_object_get(body, "reason")));
    p.held_by = zf_api_actor(req)->user_id;
    p.held_at = zf_arena_strdup(req->arena, now);
    finish(req, resp, &p, "publication.hold", before);
}

/* POST /api/v1/publications/{id}/release {version} — back to the portal
 * (or to pending when the decision is not yet served). */
void zf_api_publication_release(zf_req_t *req, zf_resp_t *resp) {
    zf_publication_t p;
    if (fetch(req, resp, "publication.hold", &p) != 0) return;
    json_t *body = step_body(req, resp, 0);
    if (!body) return;
    if (strcmp(p.status, "held") != 0) {
        refuse(req, resp, "publication.not_held", "该决定未被暂缓公开");
        return;
    }
    zf_error_t err = {0};
    zf_case_row_t c;
    if (zf_case_get(zf_api_db(req), req->arena, p.case_id, &c, &err) != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    p.version = json_integer_value(json_object_get(body, "version"));
    json_t *before = state_json(&p);
    char now[32];
    zf_now_iso(now);
    int served = *c.served_on != '\0';
    p.status = served ? "published" : "pending";
    p.published_at = served ? zf_arena_strdup(req->arena, now) : "";
    finish(req, resp, &p, "publication.release", before);
}

/* POST /api/v1/publications/{id}/withdraw {version, reason, changed_on} —
 * the decision was changed, revoked, or found unlawful or void on
 * changed_on (default today): withdrawn, due 3 working days after. */
void zf_api_publication_withdraw(zf_req_t *req, zf_resp_t *resp) {
    zf_publication_t p;
    if (fetch(req, resp, "publication.withdraw", &p) != 0) return;
    json_t *body = step_body(req, resp, 1);
    if (!body) return;
    if (strcmp(p.status, "withdrawn") == 0) {
        refuse(req, resp, "publication.withdrawn", "该决定已撤回");
        return;
    }
    zf_error_t err = {0};
    zf_case_cfg_t cfg;
    zf_db_t *db = zf_api_db(req);
    if (zf_case_cfg_load(db, req->arena, &cfg, &err) != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    const char *changed = json_string_value(json_object_get(body, "changed_on"));
    zf_day_t d;
    if (changed && (zf_day_parse(changed, &d) != 0 || strcmp(changed, cfg.today) > 0 ||
                    strcmp(changed, p.decided_on) < 0)) {
        zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", "changed_on",
                     "决定变更或撤销之日应为 %s 至今天之间的日期（YYYY-MM-DD）", p.decided_on);
        zf_api_fail(req, resp, &err);
        return;
    }
    if (!changed) changed = cfg.today;
    const char *reason =
        zf_arena_strdup(req->arena, json_string_value(json_object_get(body, "reason")));
    p.version = json_integer_value(json_object_get(body, "version"));
    int rc = zf_db_begin(db, &err);
    if (rc == 0)
        rc = withdraw_row(db, req->arena, zf_api_actor(req)->user_id, &p, changed, reason, &cfg,
                          &err);
    if (rc == 0) rc = zf_db_commit(db, &err);
    if (rc != 0) {
        zf_api_abort(req, resp, &err);
        return;
    }
    zf_resp_json(req, resp, 200, pub_json(&p, cfg.today));
}

/* ---- public ---- */

static json_t *public_item(const zf_publication_t *p) {
    if (strcmp(p->status, "withdrawn") == 0) /* only the notice and its reason (第48条) */
        return json_pack("{s:I, s:s, s:s, s:s, s:s}", "id", (json_int_t)p->id, "status",
                         "withdrawn", "number", p->number, "withdrawn_at", p->withdrawn_at,
                         "withdraw_reason", p->withdraw_reason);
    return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:I}", "id", (json_int_t)p->id, "status",
                     "published", "number", p->number, "party_name", p->party_name, "credit_code",
                     p->credit_code, "decided_on", p->decided_on, "amount_fen",
                     (json_int_t)p->amount_fen);
}

/* GET /api/v1/public/decisions?q=&before=&limit= — published decisions,
 * newest first; q is part of a name or a whole credit code. */
void zf_api_public_decisions(zf_req_t *req, zf_resp_t *resp) {
    zf_error_t err = {0};
    zf_pub_filter_t f = {.status = "published"};
    const char *status = zf_req_query(req, "status"); /* withdrawn: the withdrawal notices */
    if (status && strcmp(status, "withdrawn") == 0) f.status = "withdrawn";
    int rc = parse_limit(req, &f.limit, &err);
    if (rc == 0) rc = parse_before(req, &f.before_id, &err);
    if (rc == 0) rc = parse_q(req, &f.q, &err);
    zf_publication_t *rows;
    size_t n = 0;
    if (rc == 0) rc = zf_publications_list(zf_api_db(req), req->arena, &f, &rows, &n, &err);
    if (rc != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *o = public_item(&rows[i]);
        if (strcmp(rows[i].status, "published") == 0)
            json_object_set_new(o, "published_at", json_string(rows[i].published_at));
        json_array_append_new(items, o);
    }
    zf_resp_header(resp, "Cache-Control", "public, max-age=60");
    zf_resp_json(req, resp, 200, page_json(items, n, f.limit, n ? &rows[n - 1] : NULL));
}

/* GET /api/v1/public/decisions/{id} — the published document; a withdrawn
 * one answers its withdrawal notice; pending or held ones do not exist. */
void zf_api_public_decision(zf_req_t *req, zf_resp_t *resp) {
    int64_t id = zf_api_id_param(req, resp, "id");
    if (!id) return;
    zf_error_t err = {0};
    zf_publication_t p;
    int rc = zf_publication_get(zf_api_db(req), req->arena, id, &p, &err);
    if (rc == 0 && strcmp(p.status, "published") && strcmp(p.status, "withdrawn"))
        rc = zf_error_set(&err, ZF_ENOTFOUND, 404, "publication.not_found", NULL,
                          "公开记录 %lld 不存在", (long long)id);
    if (rc != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    json_t *o = public_item(&p);
    if (strcmp(p.status, "published") == 0) {
        json_object_set_new(o, "published_at", json_string(p.published_at));
        json_t *doc = json_loads(p.doc, 0, NULL);
        json_object_set_new(o, "document", doc ? doc : json_null());
    }
    zf_resp_header(resp, "Cache-Control", "public, max-age=60");
    zf_resp_json(req, resp, 200, o);
}
