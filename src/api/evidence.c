/* evidence.c — photos, videos, documents and signatures of an inspection
 * (issue 7, R18) on the shared blob store (store/blobs.h):
 *
 *  POST /api/v1/inspections/{id}/evidence   raw bytes (ZF_ROUTE_UPLOAD);
 *       client_id, kind, sha256 (computed on the device when the photo was
 *       taken, Web Crypto), taken_at, finding_id?, hazard_id? as headers
 *       X-Client-Id, X-Evidence-Kind, X-Content-SHA256, X-Taken-At,
 *       X-Finding-Id, X-Hazard-Id or as query parameters of the same names
 *       (client_id, kind, sha256, taken_at, finding_id, hazard_id).
 *  GET  /api/v1/evidence/{id}/content       the bytes, to those who may read
 *       the inspection (unit scope).
 *  POST /api/v1/evidence/{id}/withdraw      {reason}: never deleted.
 *
 * The server hashes what arrived and refuses a mismatch with the declared
 * hash (the bytes are not what was captured); the content decides the type,
 * never the name; the size limit is ZHIFA_EVIDENCE_MAX_BYTES (default
 * 20 MiB), below the server's upload limit, so a bigger file gets 413
 * evidence.too_large from here (and one above the upload limit 413
 * http.body_too_large from the server). The same client_id again answers
 * the stored record (200): a retried upload is harmless. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/inspections.h"
#include "core/util.h"
#include "store/blobs.h"
#include "store/inspections.h"

#define EVIDENCE_MAX_DEFAULT (20u * 1024 * 1024)

static size_t evidence_max(void) {
    const char *s = getenv("ZHIFA_EVIDENCE_MAX_BYTES");
    long long v = s ? atoll(s) : 0;
    return v > 0 ? (size_t)v : EVIDENCE_MAX_DEFAULT;
}

/* A parameter from its header or, failing that, the query. */
static const char *param(zf_req_t *req, const char *header, const char *query) {
    const char *v = zf_req_header(req, header);
    return v && *v ? v : zf_req_query(req, query);
}

/* Does the sniffed type fit the kind? */
static int kind_fits(const char *kind, const char *mime) {
    if (strcmp(kind, "photo") == 0) return strncmp(mime, "image/", 6) == 0;
    if (strcmp(kind, "signature") == 0) return strcmp(mime, "image/png") == 0;
    if (strcmp(kind, "video") == 0) return strcmp(mime, "video/mp4") == 0;
    if (strcmp(kind, "document") == 0)
        return strcmp(mime, "application/pdf") == 0 || strncmp(mime, "image/", 6) == 0;
    return 0;
}

static int kind_known(const char *k) {
    return k && (strcmp(k, "photo") == 0 || strcmp(k, "video") == 0 || strcmp(k, "document") == 0 ||
                 strcmp(k, "signature") == 0);
}

static int64_t opt_id(const char *s) { return s && *s ? atoll(s) : 0; }

void zf_api_evidence_upload(zf_req_t *req, zf_resp_t *resp) {
    int64_t id = zf_api_id_param(req, resp, "id");
    if (!id) return;
    zf_db_t *db = zf_api_db(req);
    zf_app_t *app = zf_api_app(req);
    zf_error_t err = {0};
    const char *client_id = param(req, "X-Client-Id", "client_id");
    const char *kind = param(req, "X-Evidence-Kind", "kind");
    const char *declared = param(req, "X-Content-SHA256", "sha256");
    const char *taken_at = param(req, "X-Taken-At", "taken_at");
    int64_t finding_id = opt_id(param(req, "X-Finding-Id", "finding_id"));
    int64_t hazard_id = opt_id(param(req, "X-Hazard-Id", "hazard_id"));
    json_t *insp = NULL;
    int rc = zf_insp_load(req, id, "inspection.write", &insp, &err);
    if (rc == 0 && !zf_insp_client_id_ok(client_id))
        rc = zf_insp_bad(&err, "client_id", "客户端编号应为 8–64 位字母、数字或连字符（UUID）");
    if (rc == 0 && !kind_known(kind))
        rc = zf_insp_bad(&err, "kind", "证据类别应为 photo、video、document 或 signature");
    char lower[ZF_BLOB_HEX_LEN] = "";
    if (rc == 0 && declared && strlen(declared) == 64) {
        for (size_t i = 0; i < 64; i++)
            lower[i] =
                (char)(declared[i] >= 'A' && declared[i] <= 'F' ? declared[i] + 32 : declared[i]);
        lower[64] = 0;
    }
    if (rc == 0 && !zf_blob_name_valid(lower))
        rc = zf_insp_bad(&err, "sha256", "缺少拍摄时在设备上计算的 SHA-256（64 位十六进制）");
    if (rc == 0 && (!taken_at || strlen(taken_at) < 16 || strlen(taken_at) > 32 ||
                    !zf_utf8_valid_text(taken_at, strlen(taken_at))))
        rc = zf_insp_bad(&err, "taken_at", "拍摄时间应为 ISO 8601，如 2026-11-28T09:30:00+08:00");
    /* the same upload again: the stored record */
    int64_t eid = 0;
    if (rc == 0) rc = zf_evidence_by_client(db, client_id, &eid, &err);
    if (rc == 0 && eid) {
        json_t *ev = NULL;
        json_decref(insp);
        rc = zf_evidence_get(db, eid, &ev, &err);
        if (rc == 0 && (zf_insp_int(ev, "inspection_id") != id ||
                        strcmp(zf_insp_str(ev, "declared_sha256"), lower) != 0))
            rc = zf_error_set(&err, ZF_ECONFLICT, 409, "evidence.client_id_taken", "client_id",
                              "客户端编号已用于另一份证据，请重新生成");
        if (rc) {
            json_decref(ev);
            zf_api_fail(req, resp, &err);
            return;
        }
        zf_resp_json(req, resp, 200, ev);
        return;
    }
    size_t max = evidence_max();
    if (rc == 0 && req->body_len > max)
        rc = zf_error_set(&err, ZF_ETOOBIG, 413, "evidence.too_large", NULL,
                          "文件过大：%zu 字节，上限 %zu 字节（%zu MiB）", req->body_len, max,
                          max / (1024 * 1024));
    if (rc == 0 && req->body_len == 0) rc = zf_insp_bad(&err, "body", "上传内容为空");
    char sha[ZF_BLOB_HEX_LEN];
    if (rc == 0) {
        zf_blob_sha256_hex(req->body, req->body_len, sha);
        if (strcmp(sha, lower) != 0)
            rc = zf_error_set(&err, ZF_EINVAL, 400, "evidence.hash_mismatch", "sha256",
                              "收到的文件与拍摄时计算的哈希不一致（设备：%.12s…，服务器：%.12s…），"
                              "文件在传输中被改变或不是原件，请重新上传",
                              lower, sha);
    }
    const char *mime = NULL;
    if (rc == 0) {
        mime = zf_blob_sniff(req->body, req->body_len);
        if (!mime)
            rc = zf_error_set(&err, ZF_EINVAL, 415, "evidence.type", "kind",
                              "文件内容不是可接受的类型（JPEG、PNG、WebP、MP4 或 PDF）；"
                              "类型按内容判断，与文件名无关");
        else if (!kind_fits(kind, mime))
            rc = zf_error_set(&err, ZF_EINVAL, 400, "evidence.type", "kind",
                              "文件内容是 %s，不能作为“%s”类证据（签名须为 PNG，视频须为 MP4）",
                              mime, kind);
    }
    /* after signing only rectification evidence of a hazard is added */
    if (rc == 0 && strcmp(zf_insp_str(insp, "status"), "open") != 0 && !hazard_id)
        rc = zf_error_set(&err, ZF_ECONFLICT, 409, "inspection.frozen", "status",
                          "检查记录已签字确认，只能为隐患整改补充证据");
    json_t *x = NULL;
    if (rc == 0 && finding_id) {
        rc = zf_finding_get(db, finding_id, &x, &err);
        if (rc == 0 && zf_insp_int(x, "inspection_id") != id)
            rc = zf_insp_bad(&err, "finding_id", "该问题不属于本检查记录");
        if (rc == ZF_ENOTFOUND) rc = zf_insp_bad(&err, "finding_id", "问题不存在");
        json_decref(x);
    }
    if (rc == 0 && hazard_id) {
        char today[11];
        zf_api_today(today);
        x = NULL;
        rc = zf_hazard_get(db, hazard_id, today, &x, &err);
        if (rc == 0 && zf_insp_int(x, "inspection_id") != id)
            rc = zf_insp_bad(&err, "hazard_id", "该隐患不属于本检查记录");
        if (rc == ZF_ENOTFOUND) rc = zf_insp_bad(&err, "hazard_id", "隐患不存在");
        json_decref(x);
    }
    int64_t unit_id = insp ? zf_insp_int(insp, "unit_id") : 0;
    json_decref(insp);
    if (rc == 0) rc = zf_db_begin(db, &err);
    char stored[ZF_BLOB_HEX_LEN];
    if (rc == 0)
        rc = zf_store_blob_put(db, app->data_dir, req->body, req->body_len, mime,
                               zf_api_actor(req)->user_id, stored, &err);
    zf_evidence_row_t row = {.client_id = client_id,
                             .inspection_id = id,
                             .finding_id = finding_id,
                             .hazard_id = hazard_id,
                             .sha256 = sha,
                             .declared_sha256 = lower,
                             .kind = kind,
                             .mime = mime,
                             .taken_at = taken_at,
                             .size = (int64_t)req->body_len,
                             .uploaded_by = zf_api_actor(req)->user_id};
    if (rc == 0) rc = zf_evidence_insert(db, &row, &eid, &err);
    json_t *ev = NULL;
    if (rc == 0) rc = zf_evidence_get(db, eid, &ev, &err);
    if (rc) {
        zf_api_abort(req, resp, &err);
        return;
    }
    zf_api_commit_change(req, resp, "evidence.add", "evidence", eid, unit_id, NULL, json_incref(ev),
                         ev, 201);
}

/* Load the evidence and check the actor's action over its inspection. */
static int load_evidence(zf_req_t *req, int64_t id, const char *action, json_t **ev, json_t **insp,
                         zf_error_t *err) {
    int rc = zf_evidence_get(zf_api_db(req), id, ev, err);
    if (rc == 0) rc = zf_insp_load(req, zf_insp_int(*ev, "inspection_id"), action, insp, err);
    return rc;
}

void zf_api_evidence_content(zf_req_t *req, zf_resp_t *resp) {
    int64_t id = zf_api_id_param(req, resp, "id");
    if (!id) return;
    zf_error_t err = {0};
    json_t *ev = NULL, *insp = NULL;
    int rc = load_evidence(req, id, "inspection.read", &ev, &insp, &err);
    json_decref(insp);
    if (rc) {
        json_decref(ev);
        zf_api_fail(req, resp, &err);
        return;
    }
    uint64_t size = 0;
    const char *sha = zf_arena_strdup(req->arena, zf_insp_str(ev, "sha256"));
    const char *mime = zf_arena_strdup(req->arena, zf_insp_str(ev, "mime"));
    int withdrawn = *zf_insp_str(ev, "withdrawn_at") != 0;
    json_decref(ev);
    int fd = zf_blob_open(zf_api_app(req)->data_dir, sha, &size);
    if (fd < 0) {
        zf_error_set(&err, ZF_EIO, 500, "evidence.missing", NULL,
                     "证据文件缺失（%.12s…），请联系系统管理员", sha);
        zf_api_fail(req, resp, &err);
        return;
    }
    zf_resp_header(resp, "X-Content-SHA256", sha);
    zf_resp_header(resp, "X-Content-Type-Options", "nosniff");
    zf_resp_header(resp, "Cache-Control", "private, max-age=86400, immutable");
    if (withdrawn) zf_resp_header(resp, "X-Evidence-Withdrawn", "1");
    zf_resp_file(resp, 200, mime, fd, size);
}

void zf_api_evidence_withdraw(zf_req_t *req, zf_resp_t *resp) {
    int64_t id;
    const char *reason = zf_api_reason_and_id(req, resp, &zf_api_withdraw_reason, &id);
    if (!reason) return;
    zf_db_t *db = zf_api_db(req);
    zf_error_t err = {0};
    json_t *before = NULL, *insp = NULL;
    int rc = load_evidence(req, id, "inspection.write", &before, &insp, &err);
    int64_t unit_id = insp ? zf_insp_int(insp, "unit_id") : 0;
    json_decref(insp);
    if (rc == 0) rc = zf_db_begin(db, &err);
    if (rc == 0) rc = zf_evidence_withdraw(db, id, reason, zf_api_actor(req)->user_id, &err);
    json_t *after = NULL;
    if (rc == 0) rc = zf_evidence_get(db, id, &after, &err);
    if (rc) {
        json_decref(before);
        zf_api_abort(req, resp, &err);
        return;
    }
    zf_api_commit_change(req, resp, "evidence.withdraw", "evidence", id, unit_id, before,
                         json_incref(after), after, 200);
}
