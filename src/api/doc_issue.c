/* doc_issue.c — see doc_issue.h. */
#include "api/doc_issue.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/credit_doc.h"
#include "core/canon.h"
#include "core/util.h"
#include "store/documents.h"
#include "store/log.h"
#include "store/series.h"

const char *zf_api_doc_verify_url(zf_arena_t *a, const char *code) {
    const char *base = getenv("ZHIFA_PUBLIC_URL");
    return zf_arena_printf(a, "%s/public/verify/%s", base && *base ? base : "http://127.0.0.1:8080",
                           code);
}

/* The sequence and number of a numbered case (seq 0 when it has none yet). */
static int case_sequence(zf_db_t *db, zf_arena_t *a, int64_t case_id, int64_t *seq, int *year,
                         const char **number, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db, "SELECT seq, year, number FROM cases WHERE id = $1", err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, case_id);
    int rc = zf_stmt_step(st, err);
    if (rc == 1 && !zf_stmt_is_null(st, 0) && zf_stmt_int(st, 0) > 0) {
        *seq = zf_stmt_int(st, 0);
        *year = (int)zf_stmt_int(st, 1);
        *number = zf_stmt_is_null(st, 2) ? "" : zf_arena_strdup(a, zf_stmt_text(st, 2));
    }
    zf_stmt_done(st);
    return rc < 0 ? rc : 0;
}

/* The decision of a case (行政处罚决定书, 当场处罚决定书) IS the case's
 * number: the number drawn at 立案 / 当场处罚 with the dated format
 * case.number.format (legal_params), the one source of the format and of
 * the decision's 代字 — so a new format changes both together and the
 * template's number_prefix is not used for them. */
static int is_case_decision(const char *kind) {
    return strcmp(kind, "penalty_decision") == 0 || strcmp(kind, "onsite_decision") == 0;
}

/* Issues of one series rendering at once in this process: each guesses the
 * series' next value plus the number of those before it that have guessed
 * and not yet drawn, so a burst of the same kind on the two render workers
 * guesses 5 and 6 rather than 5 and 5 (and renders the loser twice). Only a
 * guess: the draw in the transaction decides, also across servers. */
#define INFLIGHT_SLOTS 16
static struct {
    char series[48];
    int count;
} inflight[INFLIGHT_SLOTS];
static pthread_mutex_t inflight_lock = PTHREAD_MUTEX_INITIALIZER;

/* Count one more issue of series in flight; returns how many were before it. */
static int inflight_enter(const char *series) {
    int before = 0, free_slot = -1, found = 0;
    pthread_mutex_lock(&inflight_lock);
    for (int i = 0; i < INFLIGHT_SLOTS && !found; i++) {
        if (inflight[i].count > 0 && strcmp(inflight[i].series, series) == 0) {
            before = inflight[i].count++;
            found = 1;
        } else if (inflight[i].count == 0 && free_slot < 0) {
            free_slot = i;
        }
    }
    if (!found && free_slot >= 0 && strlen(series) < sizeof inflight[0].series) {
        snprintf(inflight[free_slot].series, sizeof inflight[0].series, "%s", series);
        inflight[free_slot].count = 1;
    }
    pthread_mutex_unlock(&inflight_lock);
    return before;
}

static void inflight_leave(const char *series) {
    pthread_mutex_lock(&inflight_lock);
    for (int i = 0; i < INFLIGHT_SLOTS; i++)
        if (inflight[i].count > 0 && strcmp(inflight[i].series, series) == 0) {
            inflight[i].count--;
            break;
        }
    pthread_mutex_unlock(&inflight_lock);
}

static const char *series_name(zf_arena_t *a, const zf_doc_issue_t *d) {
    return zf_arena_printf(a, "doc:%s:%d", d->kind->code, atoi(d->today));
}

/* The number: a numbered case's own (read), else the kind's gap-free series
 * of the year — drawn (in the caller's transaction) or, with peek, only
 * guessed without a lock. */
static int take_number(zf_db_t *db, zf_arena_t *a, zf_doc_issue_t *d, int peek, int *in_flight,
                       zf_error_t *err) {
    int issue_year = atoi(d->today);
    /* The documents of a numbered case share the case's number (LAW.md
     * §5.6 [二手]: 同一案件各文书多共用一个案件序号): the 行政处罚决定书 of
     * case （叶）应急罚〔2026〕5号 is （叶）应急罚〔2026〕5号, its 立案审批表
     * （叶）应急立〔2026〕5号. Other documents draw from the gap-free series
     * of their kind and year (005), in the transaction (a rollback gives
     * the number back). */
    d->year = issue_year;
    d->seq = 0;
    d->case_number = "";
    int rc = 0;
    if (d->subject_kind && strcmp(d->subject_kind, "case") == 0)
        rc = case_sequence(db, a, d->subject_id, &d->seq, &d->year, &d->case_number, err);
    if (rc == 0 && d->seq == 0) {
        d->year = issue_year;
        const char *series = series_name(a, d);
        if (peek) {
            d->seq = zf_store_peek_number(db, series, err);
            if (d->seq > 0) {
                d->seq += inflight_enter(series);
                *in_flight = 1;
            }
        } else {
            d->seq = zf_store_next_number(db, series, err);
        }
        if (d->seq < 0) rc = (int)d->seq;
    }
    return rc;
}

/* Number, date and verification code into the fields, then the PDF (the
 * caller frees *pdf). Reads no database. */
static int render(zf_arena_t *a, zf_doc_issue_t *d, unsigned char **pdf, size_t *len,
                  zf_error_t *err) {
    int issue_year = atoi(d->today);
    if (is_case_decision(d->kind->code) && d->case_number && *d->case_number)
        snprintf(d->number, sizeof d->number, "%s", d->case_number);
    else
        zf_doc_number_format(d->number, sizeof d->number, zf_doc_template_prefix(d->tpl), d->year,
                             d->seq);
    zf_doc_fields_set(d->fields, "document.number", d->number);
    zf_doc_fields_set(
        d->fields, "document.date",
        zf_arena_printf(a, "%d年%d月%d日", issue_year, atoi(d->today + 5), atoi(d->today + 8)));
    const char *note = NULL;
    if (d->corrects && d->corrects_number) {
        note = zf_arena_printf(a, "本文书系对%s（核验码 %s）的更正", d->corrects_number,
                               d->corrects_shown ? d->corrects_shown : "");
        zf_doc_fields_set(d->fields, "document.corrects", note);
    }
    if (zf_doc_verify_code(d->kind->code, d->number, d->fields, d->tpl_sha, d->code) != 0)
        return zf_error_set(err, ZF_EIO, 500, "document.code", "", "无法计算核验码");
    snprintf(d->shown, sizeof d->shown, "%.5s-%.5s", d->code, d->code + 5);
    zf_doc_fields_set(d->fields, "document.verify_code", d->shown);
    zf_doc_render_opts_t o = {.number = d->number,
                              .verify_code = d->code,
                              .verify_url = zf_api_doc_verify_url(a, d->code),
                              .note = note};
    *pdf = NULL;
    *len = 0;
    int rc = zf_doc_render(d->tpl, d->fields, &o, pdf, len, &d->pages, err);
    d->size = *len;
    return rc;
}

/* In the transaction: the PDF into the blob store, the row, the log event. */
static int record(zf_db_t *db, zf_arena_t *a, zf_doc_issue_t *d, const unsigned char *pdf,
                  size_t len, zf_error_t *err) {
    const char *code_of_kind = d->kind->code;
    /* The same document issued again the same day (a decision carries its
     * case's number, so kind, number, fields and template — and so the
     * code — are all the same): say so, rather than a bare conflict. */
    zf_doc_row_t same;
    int rc = zf_store_doc_by_code(db, a, d->code, &same, err);
    if (rc == 0)
        return zf_error_set(err, ZF_ECONFLICT, 409, "document.already_issued", NULL,
                            "这份文书今天已以相同内容签发（%s，核验码 %s），无需重复签发；"
                            "内容有误时请签发更正文书",
                            same.number, d->shown);
    if (rc != ZF_ENOTFOUND) return rc;
    *err = (zf_error_t){0};
    rc = zf_store_blob_put(db, d->data_dir, pdf, len, "application/pdf", d->actor_id, d->sha256,
                           err);
    size_t flen = 0;
    char *frozen = rc == 0 ? zf_canon_dump(d->fields, &flen) : NULL;
    if (rc == 0 && !frozen)
        rc = zf_error_set(err, ZF_EIO, 500, "document.fields", "", "无法保存文书字段");
    if (rc == 0) {
        zf_doc_row_t row = {.kind = code_of_kind,
                            .template_version = d->tpl_version,
                            .template_sha256 = d->tpl_sha,
                            .subject_kind = d->subject_kind,
                            .subject_id = d->subject_id,
                            .unit_id = d->unit_id,
                            .year = d->year,
                            .seq = d->seq,
                            .number = d->number,
                            .status = "issued",
                            .sha256 = d->sha256,
                            .size = (int64_t)len,
                            .pages = d->pages,
                            .verify_code = d->code,
                            .fields = frozen,
                            .issued_on = d->today,
                            .issued_at = d->now,
                            .issued_by = d->actor_id,
                            .corrects_document_id = d->corrects};
        rc = zf_store_doc_insert(db, &row, &d->id, err);
    }
    free(frozen);
    if (rc) return rc;
    /* R22: the PDF's hash goes into the full-process log with the issue */
    json_t *after =
        json_pack("{s:s, s:s, s:s, s:s, s:s, s:I, s:s, s:I, s:I, s:I, s:s, s:o}", "kind",
                  code_of_kind, "name", d->kind->name, "number", d->number, "sha256", d->sha256,
                  "subject_kind", d->subject_kind, "subject_id", (json_int_t)d->subject_id,
                  "verify_code", d->shown, "pages", (json_int_t)d->pages, "size", (json_int_t)len,
                  "template_version", (json_int_t)d->tpl_version, "template_sha256", d->tpl_sha,
                  "corrects_document_id", d->corrects ? json_integer(d->corrects) : json_null());
    zf_log_entry_t e = {
        .actor_id = d->actor_id,
        .unit_id = d->unit_id,
        .action = "document.issue",
        .object_type = "document",
        .object_id = zf_arena_printf(a, "%lld", (long long)d->id),
        .before = NULL,
        .after = after,
    };
    int64_t idx = zf_log_append(db, &e, err);
    json_decref(after);
    return idx < 0 ? (int)idx : 0;
}

int zf_api_doc_issue_tx(zf_db_t *db, zf_arena_t *a, zf_doc_issue_t *d, zf_error_t *err) {
    unsigned char *pdf = NULL;
    size_t len = 0;
    int rc = take_number(db, a, d, 0, NULL, err);
    if (rc == 0) rc = render(a, d, &pdf, &len, err);
    if (rc == 0) rc = record(db, a, d, pdf, len, err);
    free(pdf);
    return rc;
}

int zf_api_doc_issue(zf_db_t *db, zf_arena_t *a, zf_doc_issue_t *d, zf_error_t *err) {
    /* Render with the number the series would give now, before taking the
     * write lock: the render (tens of ms) and the file's fsync would
     * otherwise hold every other writer of the database up. */
    unsigned char *pdf = NULL;
    size_t len = 0;
    int in_flight = 0;
    int rc = take_number(db, a, d, 1, &in_flight, err);
    if (rc == 0) rc = render(a, d, &pdf, &len, err);
    if (rc == 0) rc = zf_blob_write(d->data_dir, pdf, len, d->sha256, err);
    int64_t guessed_seq = d->seq;
    int guessed_year = d->year;
    if (rc == 0) rc = zf_db_begin(db, err);
    if (rc == 0) {
        rc = take_number(db, a, d, 0, NULL, err);
        if (in_flight) {
            inflight_leave(series_name(a, d));
            in_flight = 0;
        }
        /* Another issue of the same series committed in between: the number
         * printed is wrong, render again (under the lock, rarely). */
        if (rc == 0 && (d->seq != guessed_seq || d->year != guessed_year)) {
            free(pdf);
            pdf = NULL;
            rc = render(a, d, &pdf, &len, err);
        }
        if (rc == 0) rc = record(db, a, d, pdf, len, err);
        if (rc == 0) rc = zf_db_commit(db, err);
        if (rc) zf_db_rollback(db);
    }
    if (in_flight) inflight_leave(series_name(a, d));
    free(pdf);
    return rc;
}

/* ---- issuing without a request (the command line) ---- */

static void merge2(json_t *dst, json_t *src) {
    const char *key;
    json_t *v;
    json_object_foreach(src, key, v) {
        json_t *d = json_object_get(dst, key);
        if (json_is_object(v) && json_is_object(d))
            merge2(d, v);
        else
            json_object_set(dst, key, v);
    }
}

int zf_api_document_issue_now(zf_db_t *db, zf_arena_t *a, const char *data_dir, int64_t actor_id,
                              const char *kind, const char *subject_kind, int64_t subject_id,
                              json_t *client_fields, const char *today, int64_t *doc_id,
                              const char **number, zf_error_t *err) {
    const zf_doc_kind_t *k = zf_doc_kind_find(kind);
    if (!k)
        return zf_error_set(err, ZF_EINVAL, 400, "document.kind", "kind", "文书种类“%s”不存在",
                            kind ? kind : "");
    json_t *fields = json_object();
    zf_doc_template_t *t = NULL;
    int64_t unit_id = 0;
    const char *path = NULL;
    int rc =
        zf_store_doc_subject_fill(db, a, subject_kind, subject_id, fields, &unit_id, &path, err);
    if (rc == 0 && client_fields) merge2(fields, client_fields);
    /* the credit documents' fields come from their record (credit_doc.c) */
    if (rc == 0 && zf_api_credit_doc_kind(kind))
        rc = zf_api_credit_doc_fill(db, a, kind, subject_kind, subject_id, today, fields, err);
    zf_api_doc_settings_t settings;
    if (rc == 0) rc = zf_api_doc_settings(db, a, &settings, err);
    if (rc == 0) zf_api_doc_settings_apply(&settings, fields);
    /* the template in force: the administrator's newest, else the shipped */
    const char *body = NULL, *sha = NULL;
    int64_t version = 0;
    if (rc == 0) {
        rc = zf_store_doc_template_latest(db, a, kind, &body, &version, &sha, err);
        if (rc == ZF_ENOTFOUND) {
            body = zf_doc_shipped_template(kind);
            char hex[ZF_BLOB_HEX_LEN];
            zf_blob_sha256_hex(body, strlen(body), hex);
            sha = zf_arena_strdup(a, hex);
            version = 0;
            rc = 0;
        }
    }
    if (rc == 0) rc = zf_doc_template_parse(body, strlen(body), kind, &t, err);
    char now[32];
    zf_now_iso(now);
    zf_doc_issue_t is = {.kind = k,
                         .tpl = t,
                         .tpl_version = version,
                         .tpl_sha = sha,
                         .fields = fields,
                         .subject_kind = subject_kind,
                         .subject_id = subject_id,
                         .unit_id = unit_id,
                         .today = today,
                         .now = now,
                         .actor_id = actor_id,
                         .data_dir = data_dir};
    if (rc == 0) rc = zf_api_doc_issue_tx(db, a, &is, err);
    if (rc == 0) {
        *doc_id = is.id;
        *number = zf_arena_strdup(a, is.number);
    }
    zf_doc_template_free(t);
    json_decref(fields);
    return rc;
}
