/* documents.c — enforcement documents over HTTP (issue 9, R24): preview,
 * issue (number, verification code, the PDF stored as a blob, its hash in
 * the log event), read back, list, batch print, the administrator's
 * templates, and the public verification without login.
 *
 * Rendering runs on the render workers (docs/pool.c), never more than two
 * at once; a batch runs on the job runner (202 + job id). The issuing
 * authority printed is always the bureau (ZF_DOC_AUTHORITY). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api/api.h"
#include "api/doc_issue.h"
#include "api/credit_doc.h"
#include "core/canon.h"
#include "core/util.h"
#include "docs/docs.h"
#include "store/blobs.h"
#include "store/documents.h"
#include "store/series.h"

#define MAX_FIELD_TEXT 20000

/* ---- helpers ---- */

/* The template in force for kind: the administrator's newest version, or
 * the shipped one (version 0). *t new (caller frees). */
static int load_template(zf_db_t *db, zf_arena_t *a, const char *kind, zf_doc_template_t **t,
                         int64_t *version, const char **sha, zf_error_t *err) {
    const char *body = NULL;
    int rc = zf_store_doc_template_latest(db, a, kind, &body, version, sha, err);
    if (rc == ZF_ENOTFOUND) {
        body = zf_doc_shipped_template(kind);
        if (!body)
            return zf_error_set(err, ZF_EINVAL, 400, "document.kind", "kind", "文书种类“%s”不存在",
                                kind ? kind : "");
        *version = 0;
        char hex[ZF_BLOB_HEX_LEN];
        zf_blob_sha256_hex(body, strlen(body), hex);
        *sha = zf_arena_strdup(a, hex);
        rc = 0;
    }
    if (rc) return rc;
    return zf_doc_template_parse(body, strlen(body), kind, t, err);
}

static void free_template(void *t) { zf_doc_template_free(t); }
static void decref(void *j) { json_decref(j); }

/* Check the client's fields object against the kind: every leaf a string
 * or integer at a declared path, authority.* and document.* are the
 * system's (400 document.field naming the path). */
static int check_client_fields(const zf_doc_kind_t *k, json_t *o, const char *prefix, int depth,
                               zf_error_t *err) {
    const char *key;
    json_t *v;
    json_object_foreach(o, key, v) {
        char path[96];
        int len = snprintf(path, sizeof path, "%s%s%s", prefix, *prefix ? "." : "", key);
        if (len < 0 || (size_t)len >= sizeof path) /* no field path is this long */
            return zf_error_set(err, ZF_EINVAL, 400, "document.field", prefix, "字段名过长：%.40s…",
                                key);
        if (depth == 0 && (strcmp(key, "authority") == 0 || strcmp(key, "document") == 0))
            return zf_error_set(err, ZF_EINVAL, 400, "document.field", path,
                                "字段“%s”由系统填写，不能提交", path);
        if (json_is_object(v) && depth < 2) {
            int rc = check_client_fields(k, v, path, depth + 1, err);
            if (rc) return rc;
            continue;
        }
        if (!zf_doc_field_known(k, path))
            return zf_error_set(err, ZF_EINVAL, 400, "document.field", path, "“%s”没有字段“%s”",
                                k->name, path);
        if (!json_is_string(v) && !json_is_integer(v))
            return zf_error_set(err, ZF_EINVAL, 400, "document.field", path, "字段“%s”应为文字",
                                path);
        if (json_is_string(v)) {
            const char *s = json_string_value(v);
            size_t n = strlen(s);
            if (n > MAX_FIELD_TEXT || !zf_utf8_valid(s, n))
                return zf_error_set(err, ZF_EINVAL, 400, "document.field", path,
                                    "字段“%s”过长或含无效字符", path);
        }
    }
    return 0;
}

/* Merge src into dst, two levels deep (client fields over the provider's). */
static void merge(json_t *dst, json_t *src) {
    const char *key;
    json_t *v;
    json_object_foreach(src, key, v) {
        json_t *d = json_object_get(dst, key);
        if (json_is_object(v) && json_is_object(d))
            merge(d, v);
        else
            json_object_set(dst, key, v);
    }
}

typedef struct doc_ctx {
    const zf_doc_kind_t *kind;
    zf_doc_template_t *tpl;
    int64_t tpl_version;
    const char *tpl_sha;
    json_t *fields; /* owned by the arena (decref hook) */
    int64_t unit_id;
    const char *unit_path;
    const char *subject_kind;
    int64_t subject_id;
} doc_ctx_t;

/* Parse {kind, subject_kind, subject_id, fields} and build the fields: the
 * subject's provider, then the client's fields over them, then the
 * authority. need_subject: issue requires a subject; preview may have only
 * fields (role check only: nothing is read from the database then). */
static int prepare(zf_req_t *req, json_t *body, const char *action, int need_subject, doc_ctx_t *c,
                   zf_error_t *err) {
    zf_db_t *db = zf_api_db(req);
    const char *kind = json_string_value(json_object_get(body, "kind"));
    c->kind = zf_doc_kind_find(kind);
    if (!c->kind)
        return zf_error_set(err, ZF_EINVAL, 400, "document.kind", "kind",
                            "文书种类应为以下之一：现场检查记录 inspection_record、…（见 GET "
                            "/api/v1/document-templates）");
    c->fields = json_object();
    zf_arena_defer(req->arena, decref, c->fields);
    json_t *client = json_object_get(body, "fields");
    if (client && !json_is_object(client))
        return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", "fields", "fields 应为对象");
    if (client) {
        int rc = check_client_fields(c->kind, client, "", 0, err);
        if (rc) return rc;
    }
    c->subject_kind = json_string_value(json_object_get(body, "subject_kind"));
    json_t *sid = json_object_get(body, "subject_id");
    if (c->subject_kind || sid || need_subject) {
        if (!zf_store_doc_subject_known(c->subject_kind))
            return zf_error_set(err, ZF_EINVAL, 400, "document.subject_kind", "subject_kind",
                                "文书对象类型应为 case、inspection、hazard 或 enterprise");
        if (!json_is_integer(sid) || json_integer_value(sid) <= 0)
            return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", "subject_id",
                                "文书对象编号 subject_id 应为正整数");
        c->subject_id = json_integer_value(sid);
        int rc = zf_store_doc_subject_fill(db, req->arena, c->subject_kind, c->subject_id,
                                           c->fields, &c->unit_id, &c->unit_path, err);
        if (rc) return rc;
        rc = zf_perm_check(zf_api_actor(req), action, c->unit_path, err);
        if (rc) return rc;
    } else if (!client) {
        return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", "subject_id",
                            "请指定文书对象（subject_kind、subject_id）或提交 fields");
    }
    if (client) merge(c->fields, client);
    /* credit punishment's documents: the fields of the credit record named
     * by credit.record_id (api/credit_doc.h), over the client's */
    if (zf_api_credit_doc_kind(c->kind->code)) {
        char today[11];
        zf_api_today(today);
        int rc = zf_api_credit_doc_fill(db, req->arena, c->kind->code, c->subject_kind,
                                        c->subject_id, today, c->fields, err);
        if (rc) return rc;
    }
    zf_api_doc_settings_t settings;
    int rc = zf_api_doc_settings(db, req->arena, &settings, err);
    if (rc) return rc;
    zf_api_doc_settings_apply(&settings, c->fields);
    rc = load_template(db, req->arena, c->kind->code, &c->tpl, &c->tpl_version, &c->tpl_sha, err);
    if (rc) return rc;
    zf_arena_defer(req->arena, free_template, c->tpl);
    return 0;
}

static void answer_pdf(zf_req_t *req, zf_resp_t *resp, const unsigned char *pdf, size_t len,
                       const char *filename) {
    zf_resp_header(resp, "Content-Disposition",
                   zf_arena_printf(req->arena, "inline; filename=\"%s\"", filename));
    zf_resp_header(resp, "X-Content-Type-Options", "nosniff");
    zf_resp_text(resp, 200, "application/pdf", (const char *)pdf, len);
}

static json_t *doc_json(const zf_doc_row_t *d) {
    const zf_doc_kind_t *k = zf_doc_kind_find(d->kind);
    char shown[12];
    snprintf(shown, sizeof shown, "%.5s-%.5s", d->verify_code, d->verify_code + 5);
    return json_pack(
        "{s:I, s:s, s:s, s:s, s:I, s:I, s:s, s:s, s:s, s:s, s:I, s:I, s:s, s:s, "
        "s:I, s:s, s:o, s:I, s:s}",
        "id", (json_int_t)d->id, "kind", d->kind, "kind_name", k ? k->name : "", "subject_kind",
        d->subject_kind, "subject_id", (json_int_t)d->subject_id, "unit_id", (json_int_t)d->unit_id,
        "number", d->number, "status", d->status, "sha256", d->sha256, "verify_code", shown, "size",
        (json_int_t)d->size, "pages", (json_int_t)d->pages, "issued_on", d->issued_on, "issued_at",
        d->issued_at, "issued_by", (json_int_t)d->issued_by, "issued_by_name",
        d->issued_by_name ? d->issued_by_name : "", "corrects_document_id",
        d->corrects_document_id ? json_integer(d->corrects_document_id) : json_null(),
        "template_version", (json_int_t)d->template_version, "template_sha256", d->template_sha256);
}

static const zf_field_t doc_spec[] = {
    {"kind", ZF_FIELD_STRING, 1, "文书种类", 40, 1},
    {"subject_kind", ZF_FIELD_STRING, 0, "文书对象类型", 20, 1},
    {"subject_id", ZF_FIELD_INT, 0, "文书对象编号", 0, 0},
    {"fields", ZF_FIELD_STRING, 0, "文书字段", 0, 0}, /* type checked in prepare */
    {"corrects_document_id", ZF_FIELD_INT, 0, "更正的文书", 0, 0},
};

/* zf_api_body with "fields" allowed to be an object: check the rest. */
static json_t *doc_body(zf_req_t *req, zf_resp_t *resp) {
    zf_error_t err = {0};
    json_t *body = zf_req_json(req, &err);
    if (!body) {
        zf_api_fail(req, resp, &err);
        return NULL;
    }
    json_t *fields = json_incref(json_object_get(body, "fields"));
    json_object_del(body, "fields");
    int rc = zf_api_check_fields(body, doc_spec, sizeof doc_spec / sizeof doc_spec[0], &err);
    if (fields) json_object_set_new(body, "fields", fields);
    if (rc) {
        zf_api_fail(req, resp, &err);
        return NULL;
    }
    return body;
}

/* ---- preview and issue: rendered on the render workers ----
 * The handler does the quick part (checks, fields, the number) on the HTTP
 * pool thread, then suspends the request (zf_req_suspend) and hands the rest
 * to a render worker, which renders, (for an issue) stores, logs and
 * commits, fills the answer and resumes the request: no HTTP pool thread
 * waits for a PDF. The deferred state lives in the request's arena; the
 * worker owns the request until zf_req_resume, its last act. */

typedef struct deferred {
    zf_req_t *req;
    zf_resp_t *resp;
    doc_ctx_t c;
    zf_doc_render_opts_t o;
    /* issue only */
    int64_t corrects;
    const char *corrects_number, *corrects_shown;
    int year;
    char today[11], now[32];
} deferred_t;

/* Suspend req and queue fn(d) on a render worker; when the queue is full,
 * answer 503 at once (rolling back an open transaction). */
static void defer_to_worker(zf_req_t *req, zf_resp_t *resp, zf_doc_task_fn fn, deferred_t *d) {
    zf_error_t err = {0};
    zf_req_suspend(req);
    if (zf_doc_pool_submit(fn, d, &err) != 0) {
        zf_api_abort(req, resp, &err);
        zf_req_resume(req);
    }
}

static int preview_task(void *arg) {
    deferred_t *d = arg;
    zf_error_t err = {0};
    unsigned char *pdf = NULL;
    size_t len = 0;
    if (zf_doc_render(d->c.tpl, d->c.fields, &d->o, &pdf, &len, NULL, &err) != 0) {
        zf_api_fail(d->req, d->resp, &err);
    } else {
        zf_arena_defer(d->req->arena, free, pdf);
        answer_pdf(d->req, d->resp, pdf, len, "preview.pdf");
    }
    zf_req_resume(d->req); /* last: the request may be gone after it */
    return 0;
}

void zf_api_document_preview(zf_req_t *req, zf_resp_t *resp) {
    json_t *body = doc_body(req, resp);
    if (!body) return;
    zf_error_t err = {0};
    deferred_t *d = zf_arena_alloc(req->arena, sizeof *d);
    d->req = req;
    d->resp = resp;
    if (prepare(req, body, "document.read", 0, &d->c, &err) != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    char today[11];
    zf_api_today(today);
    if (!zf_doc_field_text(d->c.fields, "document.date", NULL, 0))
        zf_doc_fields_set(
            d->c.fields, "document.date",
            zf_arena_printf(req->arena, "%.4s年%d月%d日", today, atoi(today + 5), atoi(today + 8)));
    d->o = (zf_doc_render_opts_t){.preview = 1};
    defer_to_worker(req, resp, preview_task, d);
}

/* The issue's second half, on a render worker: render with the number the
 * series would give, then one short transaction that draws it, stores the
 * PDF, inserts the row, logs and commits (doc_issue.c, shared with the
 * command line). */
static int issue_task(void *arg) {
    deferred_t *d = arg;
    zf_req_t *req = d->req;
    zf_resp_t *resp = d->resp;
    doc_ctx_t *c = &d->c;
    /* The request's connection went back to the pool when the handler
     * returned (or is about to): borrow one for this thread, and give it back
     * before resuming — a suspended request must hold none, or the HTTP
     * threads could all wait for connections that only finished requests
     * release. */
    zf_db_pool_t *pool = zf_api_app(req)->pool;
    zf_db_t *db = zf_db_acquire(pool);
    zf_error_t err = {0};
    zf_doc_issue_t is = {.kind = c->kind,
                         .tpl = c->tpl,
                         .tpl_version = c->tpl_version,
                         .tpl_sha = c->tpl_sha,
                         .fields = c->fields,
                         .subject_kind = c->subject_kind,
                         .subject_id = c->subject_id,
                         .unit_id = c->unit_id,
                         .today = d->today,
                         .now = d->now,
                         .actor_id = zf_api_actor(req)->user_id,
                         .corrects = d->corrects,
                         .corrects_number = d->corrects_number,
                         .corrects_shown = d->corrects_shown,
                         .data_dir = zf_api_app(req)->data_dir};
    int rc = zf_api_doc_issue(db, req->arena, &is, &err);
    zf_db_release(pool, db);
    if (rc) {
        zf_api_fail(req, resp, &err);
    } else {
        zf_resp_json(req, resp, 201,
                     json_pack("{s:I, s:s, s:s, s:s, s:I, s:I, s:s}", "id", (json_int_t)is.id,
                               "number", is.number, "verify_code", is.shown, "sha256", is.sha256,
                               "pages", (json_int_t)is.pages, "size", (json_int_t)is.size,
                               "issued_on", d->today));
    }
    zf_req_resume(req); /* last: the request may be gone after it */
    return 0;
}

void zf_api_document_issue(zf_req_t *req, zf_resp_t *resp) {
    json_t *body = doc_body(req, resp);
    if (!body) return;
    zf_db_t *db = zf_api_db(req);
    zf_error_t err = {0};
    deferred_t *d = zf_arena_alloc(req->arena, sizeof *d);
    d->req = req;
    d->resp = resp;
    doc_ctx_t *c = &d->c;
    int rc = prepare(req, body, "document.issue", 1, c, &err);
    d->corrects = json_integer_value(json_object_get(body, "corrects_document_id"));
    if (rc == 0 && d->corrects) {
        /* a correction is a new document about the same subject */
        zf_doc_row_t old;
        rc = zf_store_doc_get(db, req->arena, d->corrects, &old, &err);
        if (rc == ZF_ENOTFOUND)
            rc = zf_error_set(&err, ZF_EINVAL, 400, "document.corrects", "corrects_document_id",
                              "要更正的文书 %lld 不存在", (long long)d->corrects);
        if (rc == 0 && (strcmp(old.subject_kind, c->subject_kind) != 0 ||
                        old.subject_id != c->subject_id || strcmp(old.kind, c->kind->code) != 0))
            rc = zf_error_set(&err, ZF_EINVAL, 400, "document.corrects", "corrects_document_id",
                              "更正文书应与原文书（%s）为同一对象、同一种类", old.number);
        /* one line of corrections: correct the newest, not the original twice */
        zf_doc_row_t newer;
        int found = rc == 0 ? zf_store_doc_corrected_by(db, req->arena, old.id, &newer, &err) : 0;
        if (rc == 0 && found == 0)
            rc = zf_error_set(&err, ZF_ECONFLICT, 409, "document.already_corrected",
                              "corrects_document_id",
                              "文书 %s 已被 %s 更正，如需再次更正，请更正 %s", old.number,
                              newer.number, newer.number);
        else if (rc == 0 && found != ZF_ENOTFOUND)
            rc = found;
        if (rc == 0) {
            err = (zf_error_t){0};
            d->corrects_number = old.number;
            d->corrects_shown =
                zf_arena_printf(req->arena, "%.5s-%.5s", old.verify_code, old.verify_code + 5);
        }
    }
    if (rc) {
        zf_api_fail(req, resp, &err);
        return;
    }
    zf_api_today(d->today);
    d->year = atoi(d->today);
    zf_now_iso(d->now);
    defer_to_worker(req, resp, issue_task, d);
}

/* ---- read ---- */

static int load_doc(zf_req_t *req, zf_resp_t *resp, zf_doc_row_t *d) {
    int64_t id = zf_api_id_param(req, resp, "id");
    if (!id) return -1;
    zf_error_t err = {0};
    int rc = zf_store_doc_get(zf_api_db(req), req->arena, id, d, &err);
    if (rc == 0) rc = zf_perm_check(zf_api_actor(req), "document.read", d->unit_path, &err);
    if (rc) {
        zf_api_fail(req, resp, &err);
        return -1;
    }
    return 0;
}

void zf_api_document_get(zf_req_t *req, zf_resp_t *resp) {
    zf_doc_row_t d;
    if (load_doc(req, resp, &d) != 0) return;
    json_t *o = doc_json(&d);
    json_error_t jerr;
    json_t *fields = json_loads(d.fields, 0, &jerr);
    json_object_set_new(o, "fields", fields ? fields : json_null());
    zf_resp_json(req, resp, 200, o);
}

void zf_api_document_pdf(zf_req_t *req, zf_resp_t *resp) {
    zf_doc_row_t d;
    if (load_doc(req, resp, &d) != 0) return;
    uint64_t size = 0;
    int fd = zf_blob_open(zf_api_app(req)->data_dir, d.sha256, &size);
    if (fd < 0) {
        zf_error_t err = {0};
        zf_error_set(&err, ZF_EIO, 500, "document.missing", NULL,
                     "文书文件缺失（%.12s…），请联系系统管理员", d.sha256);
        zf_api_fail(req, resp, &err);
        return;
    }
    zf_resp_header(resp, "X-Content-SHA256", d.sha256);
    zf_resp_header(resp, "X-Content-Type-Options", "nosniff");
    zf_resp_header(
        resp, "Content-Disposition",
        zf_arena_printf(req->arena, "inline; filename=\"document-%lld.pdf\"", (long long)d.id));
    zf_resp_file(resp, 200, "application/pdf", fd, size);
}

/* The subject named by the query, its documents, and the permission on it. */
static int subject_docs(zf_req_t *req, const char *sk, const char *sid_text, const char *action,
                        zf_doc_row_t **rows, size_t *n, zf_error_t *err) {
    char *end = NULL;
    long long sid = sid_text ? strtoll(sid_text, &end, 10) : 0;
    if (!zf_store_doc_subject_known(sk))
        return zf_error_set(err, ZF_EINVAL, 400, "document.subject_kind", "subject_kind",
                            "文书对象类型应为 case、inspection、hazard 或 enterprise");
    if (!sid_text || !end || *end || sid <= 0)
        return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", "subject_id",
                            "文书对象编号 subject_id 应为正整数");
    zf_db_t *db = zf_api_db(req);
    json_t *scratch = json_object();
    int64_t unit = 0;
    const char *path = NULL;
    int rc = zf_store_doc_subject_fill(db, req->arena, sk, sid, scratch, &unit, &path, err);
    json_decref(scratch);
    if (rc == 0) rc = zf_perm_check(zf_api_actor(req), action, path, err);
    if (rc == 0) rc = zf_store_doc_list(db, req->arena, sk, sid, rows, n, err);
    return rc;
}

void zf_api_documents_list(zf_req_t *req, zf_resp_t *resp) {
    zf_error_t err = {0};
    zf_doc_row_t *rows = NULL;
    size_t n = 0;
    int rc = subject_docs(req, zf_req_query(req, "subject_kind"), zf_req_query(req, "subject_id"),
                          "document.read", &rows, &n, &err);
    if (rc) {
        zf_api_fail(req, resp, &err);
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, doc_json(&rows[i]));
    zf_resp_json(req, resp, 200, json_pack("{s:o}", "items", items));
}

/* ---- batch: every issued document of a subject as one PDF, on the job
 * runner. The frozen fields are re-rendered with each document's own
 * template version, number and code (the same pages as the stored PDFs). */

typedef struct batch_job {
    char data_dir[4096];
    int64_t owner_id;
    zf_doc_row_t *rows; /* strings in arena */
    size_t n;
    zf_arena_t *arena;
} batch_job_t;

static void batch_free(void *arg) {
    batch_job_t *b = arg;
    zf_arena_free(b->arena);
    free(b);
}

static int batch_run(void *arg, zf_db_t *db, zf_job_t *job, json_t **result, int *status) {
    batch_job_t *b = arg;
    zf_error_t err = {0};
    zf_doc_template_t **t = zf_arena_alloc(b->arena, b->n * sizeof *t);
    json_t **fields = zf_arena_alloc(b->arena, b->n * sizeof *fields);
    zf_doc_render_opts_t *o = zf_arena_alloc(b->arena, b->n * sizeof *o);
    int rc = 0;
    size_t made = 0;
    for (size_t i = 0; i < b->n && rc == 0; i++) {
        const zf_doc_row_t *d = &b->rows[i];
        const char *body = NULL, *sha = NULL;
        int64_t version = 0;
        if (d->template_version > 0) {
            zf_stmt_t *st = zf_db_prepare(
                db, "SELECT body FROM document_templates WHERE kind = $1 AND version = $2", &err);
            if (!st) {
                rc = ZF_EIO;
                break;
            }
            zf_stmt_bind_text(st, 1, d->kind);
            zf_stmt_bind_int(st, 2, d->template_version);
            if (zf_stmt_step(st, &err) == 1) body = zf_arena_strdup(b->arena, zf_stmt_text(st, 0));
            zf_stmt_done(st);
        } else {
            body = zf_doc_shipped_template(d->kind);
        }
        (void)sha;
        (void)version;
        if (!body) {
            rc = zf_error_set(&err, ZF_EIO, 500, "document.template_missing", "", "模板缺失");
            break;
        }
        rc = zf_doc_template_parse(body, strlen(body), d->kind, &t[i], &err);
        if (rc) break;
        made++;
        json_error_t jerr;
        fields[i] = json_loads(d->fields, 0, &jerr);
        o[i] = (zf_doc_render_opts_t){.number = d->number,
                                      .verify_code = d->verify_code,
                                      .verify_url = zf_api_doc_verify_url(b->arena, d->verify_code),
                                      .pdf_date = NULL};
        zf_job_progress(job, "prepare", i + 1, b->n);
    }
    unsigned char *pdf = NULL;
    size_t len = 0;
    int pages = 0;
    if (rc == 0)
        rc = zf_doc_render_many((const zf_doc_template_t *const *)t, fields, o, b->n, &pdf, &len,
                                &pages, &err);
    for (size_t i = 0; i < made; i++) {
        zf_doc_template_free(t[i]);
        json_decref(fields[i]);
    }
    /* the merged file in the blob store (the data directory every server
     * shares), so any server can hand it out (issue 5) */
    char sha[ZF_BLOB_HEX_LEN] = "";
    if (rc == 0)
        rc =
            zf_store_blob_put(db, b->data_dir, pdf, len, "application/pdf", b->owner_id, sha, &err);
    free(pdf);
    if (rc) {
        *status = err.status ? err.status : 500;
        *result = json_pack("{s:{s:s, s:s, s:s}}", "error", "code", err.code, "message",
                            err.message, "field", err.field);
        return -1;
    }
    *status = 200;
    *result = json_pack("{s:I, s:I, s:I, s:s}", "documents", (json_int_t)b->n, "pages",
                        (json_int_t)pages, "size", (json_int_t)len, "sha256", sha);
    return 0;
}

void zf_api_documents_batch(zf_req_t *req, zf_resp_t *resp) {
    static const zf_field_t spec[] = {
        {"subject_kind", ZF_FIELD_STRING, 1, "文书对象类型", 20, 1},
        {"subject_id", ZF_FIELD_INT, 1, "文书对象编号", 0, 0},
    };
    json_t *body = zf_api_body(req, resp, spec, 2);
    if (!body) return;
    zf_error_t err = {0};
    const char *sk = json_string_value(json_object_get(body, "subject_kind"));
    const char *sid = zf_arena_printf(
        req->arena, "%lld", (long long)json_integer_value(json_object_get(body, "subject_id")));
    zf_doc_row_t *rows = NULL;
    size_t n = 0;
    int rc = subject_docs(req, sk, sid, "document.read", &rows, &n, &err);
    if (rc == 0 && n == 0)
        rc = zf_error_set(&err, ZF_ENOTFOUND, 404, "document.none", "subject_id",
                          "该对象还没有已签发的文书");
    if (rc) {
        zf_api_fail(req, resp, &err);
        return;
    }
    batch_job_t *b = zf_xcalloc(1, sizeof *b);
    b->arena = zf_arena_new();
    b->rows = zf_arena_alloc(b->arena, n * sizeof *rows);
    b->n = n;
    for (size_t i = 0; i < n; i++) {
        zf_doc_row_t d = rows[i];
        d.kind = zf_arena_strdup(b->arena, d.kind);
        d.number = zf_arena_strdup(b->arena, d.number);
        d.verify_code = zf_arena_strdup(b->arena, d.verify_code);
        d.fields = zf_arena_strdup(b->arena, d.fields);
        b->rows[i] = d;
    }
    const zf_actor_t *actor = zf_api_actor(req);
    snprintf(b->data_dir, sizeof b->data_dir, "%s", zf_api_app(req)->data_dir);
    b->owner_id = actor->user_id;
    int64_t id = zf_jobs_submit(zf_api_app(req), zf_api_db(req), "document.batch", actor->user_id,
                                batch_run, b, batch_free, &err);
    if (id < 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    json_t *job = zf_jobs_get(zf_api_db(req), id, 0);
    zf_resp_json(
        req, resp, 202,
        json_pack("{s:o, s:s}", "job", job ? job : json_null(), "pdf",
                  zf_arena_printf(req->arena, "/api/v1/documents/batch/%lld/pdf", (long long)id)));
}

void zf_api_documents_batch_pdf(zf_req_t *req, zf_resp_t *resp) {
    int64_t id = zf_api_id_param(req, resp, "id");
    if (!id) return;
    zf_error_t err = {0};
    /* only the job's owner may fetch it; any server answers (the job's row,
     * the file in the shared blob store) */
    json_t *job = zf_jobs_get(zf_api_db(req), id, zf_api_actor(req)->user_id);
    const char *state = job ? json_string_value(json_object_get(job, "state")) : NULL;
    const char *sha =
        job ? json_string_value(json_object_get(json_object_get(job, "result"), "sha256")) : NULL;
    uint64_t size = 0;
    int fd = -1;
    if (!job)
        zf_error_set(&err, ZF_ENOTFOUND, 404, "job.not_found", "id", "任务不存在");
    else if (!state || strcmp(state, "done") != 0)
        zf_error_set(&err, ZF_ECONFLICT, 409, "document.batch_pending", "id",
                     "合并打印尚未完成（%s）", state ? state : "");
    else if (!sha || (fd = zf_blob_open(zf_api_app(req)->data_dir, sha, &size)) < 0)
        zf_error_set(&err, ZF_ENOTFOUND, 404, "document.batch_gone", "id",
                     "合并文件已不存在，请重新生成");
    json_decref(job);
    if (err.status) {
        zf_api_fail(req, resp, &err);
        return;
    }
    zf_resp_header(resp, "Content-Disposition", "inline; filename=\"batch.pdf\"");
    zf_resp_file(resp, 200, "application/pdf", fd, size);
}

/* ---- templates (administrators) ---- */

void zf_api_document_templates_list(zf_req_t *req, zf_resp_t *resp) {
    zf_db_t *db = zf_api_db(req);
    json_t *items = json_array();
    for (size_t i = 0; i < zf_doc_kinds_count(); i++) {
        const zf_doc_kind_t *k = zf_doc_kind_at(i);
        zf_error_t err = {0};
        const char *body, *sha;
        int64_t version = 0;
        int rc = zf_store_doc_template_latest(db, req->arena, k->code, &body, &version, &sha, &err);
        if (rc && rc != ZF_ENOTFOUND) {
            json_decref(items);
            zf_api_fail(req, resp, &err);
            return;
        }
        json_array_append_new(items, json_pack("{s:s, s:s, s:s, s:I}", "kind", k->code, "name",
                                               k->name, "subject", k->subject, "version",
                                               (json_int_t)(rc == 0 ? version : 0)));
    }
    zf_resp_json(req, resp, 200, json_pack("{s:o}", "items", items));
}

void zf_api_document_template_get(zf_req_t *req, zf_resp_t *resp) {
    const char *kind = zf_req_param(req, "kind");
    zf_error_t err = {0};
    const zf_doc_kind_t *k = zf_doc_kind_find(kind);
    if (!k) {
        zf_error_set(&err, ZF_ENOTFOUND, 404, "document.kind", "kind", "文书种类不存在");
        zf_api_fail(req, resp, &err);
        return;
    }
    zf_doc_template_t *t = NULL;
    int64_t version = 0;
    const char *sha = NULL;
    int rc = load_template(zf_api_db(req), req->arena, k->code, &t, &version, &sha, &err);
    if (rc) {
        zf_api_fail(req, resp, &err);
        return;
    }
    json_t *o = json_pack("{s:s, s:s, s:I, s:s, s:O, s:o}", "kind", k->code, "name", k->name,
                          "version", (json_int_t)version, "sha256", sha, "template",
                          zf_doc_template_json(t), "fields", zf_doc_fields_json(k));
    zf_doc_template_free(t);
    zf_resp_json(req, resp, 200, o);
}

void zf_api_document_template_put(zf_req_t *req, zf_resp_t *resp) {
    const char *kind = zf_req_param(req, "kind");
    zf_error_t err = {0};
    if (!zf_doc_kind_find(kind)) {
        zf_error_set(&err, ZF_ENOTFOUND, 404, "document.kind", "kind", "文书种类不存在");
        zf_api_fail(req, resp, &err);
        return;
    }
    int rc = zf_perm_check(zf_api_actor(req), "document_template.write", NULL, &err);
    zf_doc_template_t *t = NULL;
    /* the body is the template itself; refused with the field's name */
    if (rc == 0) rc = zf_doc_template_parse(req->body, req->body_len, kind, &t, &err);
    if (rc) {
        zf_api_fail(req, resp, &err);
        return;
    }
    zf_arena_defer(req->arena, free_template, t);
    /* store the canonical text, so the hash does not depend on spacing */
    size_t n;
    char *text = zf_canon_dump(zf_doc_template_json(t), &n);
    zf_arena_defer(req->arena, free, text);
    char sha[ZF_BLOB_HEX_LEN];
    zf_blob_sha256_hex(text, n, sha);
    zf_db_t *db = zf_api_db(req);
    const char *before_sha = NULL, *before_body = NULL;
    int64_t before_version = 0;
    rc = zf_store_doc_template_latest(db, req->arena, kind, &before_body, &before_version,
                                      &before_sha, &err);
    if (rc == ZF_ENOTFOUND) rc = 0;
    int64_t version = 0;
    if (rc == 0) rc = zf_db_begin(db, &err);
    if (rc == 0)
        rc = zf_store_doc_template_save(db, kind, text, sha, zf_api_actor(req)->user_id, &version,
                                        &err);
    if (rc) {
        zf_api_abort(req, resp, &err);
        return;
    }
    json_t *before = before_sha ? json_pack("{s:s, s:I, s:s}", "kind", kind, "version",
                                            (json_int_t)before_version, "sha256", before_sha)
                                : NULL;
    json_t *after = json_pack("{s:s, s:I, s:s, s:s}", "kind", kind, "version", (json_int_t)version,
                              "sha256", sha, "title", zf_doc_template_title(t));
    json_t *answer =
        json_pack("{s:s, s:I, s:s}", "kind", kind, "version", (json_int_t)version, "sha256", sha);
    zf_api_commit_change(req, resp, "document_template.save", "document_template", version, 0,
                         before, after, answer, 200);
}

/* ---- public verification (no login) ---- */

void zf_api_public_document_verify(zf_req_t *req, zf_resp_t *resp) {
    const char *code_in = zf_req_query(req, "code");
    const char *sha_in = zf_req_query(req, "sha256");
    zf_error_t err = {0};
    char code[ZF_DOC_CODE_LEN + 1];
    if (!code_in || zf_doc_code_normalise(code_in, code) != 0) {
        zf_error_set(&err, ZF_EINVAL, 400, "document.verify_code", "code",
                     "核验码应为 10 位字母和数字（如 ABCDE-12345）");
        zf_api_fail(req, resp, &err);
        return;
    }
    if (sha_in && *sha_in && !zf_blob_name_valid(sha_in)) {
        zf_error_set(&err, ZF_EINVAL, 400, "document.sha256", "sha256",
                     "sha256 应为 64 位十六进制小写数字");
        zf_api_fail(req, resp, &err);
        return;
    }
    zf_doc_row_t d;
    int rc = zf_store_doc_by_code(zf_api_db(req), req->arena, code, &d, &err);
    if (rc == ZF_ENOTFOUND) {
        zf_resp_json(req, resp, 200,
                     json_pack("{s:b, s:s, s:s}", "valid", 0, "result", "not_found", "message",
                               "未找到：没有以此核验码签发的文书"));
        return;
    }
    if (rc) {
        zf_api_fail(req, resp, &err);
        return;
    }
    int hash_given = sha_in && *sha_in;
    int hash_ok = hash_given && strcmp(sha_in, d.sha256) == 0;
    const zf_doc_kind_t *k = zf_doc_kind_find(d.kind);
    /* what anyone may see: the kind, number, authority and date; never the
     * party, the facts or the officers (personal data) */
    json_t *doc = json_pack("{s:s, s:s, s:s, s:s, s:s, s:I}", "kind", d.kind, "kind_name",
                            k ? k->name : "", "number", d.number, "authority", ZF_DOC_AUTHORITY,
                            "issued_on", d.issued_on, "pages", (json_int_t)d.pages);
    /* the line of corrections, both ways: whoever holds the old document
     * learns that a later one corrects it (numbers and days only) */
    const char *notice = "";
    zf_doc_row_t other;
    if (d.corrects_document_id &&
        zf_store_doc_get(zf_api_db(req), req->arena, d.corrects_document_id, &other, &err) == 0)
        json_object_set_new(
            doc, "corrects",
            json_pack("{s:s, s:s}", "number", other.number, "issued_on", other.issued_on));
    rc = zf_store_doc_corrected_by(zf_api_db(req), req->arena, d.id, &other, &err);
    if (rc == 0) {
        json_object_set_new(
            doc, "corrected_by",
            json_pack("{s:s, s:s}", "number", other.number, "issued_on", other.issued_on));
        notice = zf_arena_printf(req->arena, "注意：此文书已于 %s 由 %s 更正。", other.issued_on,
                                 other.number);
    } else if (rc != ZF_ENOTFOUND) {
        json_decref(doc);
        zf_api_fail(req, resp, &err);
        return;
    }
    if (!hash_given) {
        json_object_set_new(doc, "sha256", json_string(d.sha256));
        zf_resp_json(
            req, resp, 200,
            json_pack("{s:b, s:s, s:s, s:o}", "valid", 1, "result", "issued", "message",
                      zf_arena_printf(req->arena,
                                      "已核验：该核验码对应一份已签发的文书。%s如需核对文件本身，"
                                      "请提供文件的 SHA-256。",
                                      notice),
                      "document", doc));
        return;
    }
    if (!hash_ok) {
        json_decref(doc);
        zf_resp_json(req, resp, 200,
                     json_pack("{s:b, s:s, s:s}", "valid", 0, "result", "hash_mismatch", "message",
                               "不一致：文件与以此核验码签发的文书不同，可能已被改动"));
        return;
    }
    json_object_set_new(doc, "sha256", json_string(d.sha256));
    zf_resp_json(req, resp, 200,
                 json_pack("{s:b, s:s, s:s, s:o}", "valid", 1, "result", "match", "message",
                           zf_arena_printf(req->arena, "已核验：文件与签发的文书一致。%s", notice),
                           "document", doc));
}
