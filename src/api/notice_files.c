/* notice_files.c — the materials of notices and consultations with partner
 * agencies (案件通报、案情会商的材料, issue 11, R29) as files, on the shared
 * blob store (store/blobs.h) and migration 041:
 *
 *  POST /api/v1/agency-notices/{id}/attachments?name=…[&reply_id=…]
 *       raw bytes (ZF_ROUTE_UPLOAD), notice.write over the notice's unit:
 *       a bureau user attaches to a notice the bureau sent (direction out)
 *       or to a reply a bureau user wrote.
 *  GET  /api/v1/notice-attachments/{id}/content    notice.read: the bytes.
 *  POST /api/v1/notice-attachments/{id}/withdraw   notice.write, {reason}.
 *  POST /api/v1/exchange/notices/{id}/attachments?name=…[&reply_id=…]
 *       a push token (notice.write) attaches to a notice its agency pushed
 *       or to a reply its agency wrote.
 *  GET  /api/v1/exchange/notice-attachments/{id}/content
 *       a token listing notice.read or notice.write downloads the materials
 *       of notices addressed to or sent by its agency — the same scoping as
 *       GET /api/v1/exchange/notices; anything else is 404, as if missing.
 *  POST /api/v1/exchange/notice-attachments/{id}/withdraw   {reason}
 *       a push token (notice.write) withdraws a material its agency sent
 *       (migration 046); the bureau's materials are 403, the same scoping.
 *
 * The type comes from the bytes (zf_blob_sniff_material), never from the
 * name or the Content-Type; the name must then agree with it (a PNG called
 * report.pdf is refused, 400 notice.attachment_type_mismatch). The size
 * limit is ZHIFA_NOTICE_ATTACHMENT_MAX_BYTES (default 20 MiB; the server's
 * upload limit of 32 MiB stays above it). Every upload, every download by
 * a token and every withdrawal is a log event on the notice, in the same
 * transaction as its row. Rows are never deleted or overwritten (041's
 * triggers). docs/internals/exchange.md. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "core/filename.h"
#include "core/util.h"
#include "store/blobs.h"

#define ATTACHMENT_MAX_DEFAULT (20u * 1024 * 1024)

static size_t attachment_max(void) {
    const char *s = getenv("ZHIFA_NOTICE_ATTACHMENT_MAX_BYTES");
    long long v = s ? atoll(s) : 0;
    return v > 0 ? (size_t)v : ATTACHMENT_MAX_DEFAULT;
}

json_t *zf_api_attachment_json(const zf_notice_attachment_t *f) {
    const char *tn = zf_filename_type_name(f->mime);
    int withdrawn = f->withdrawn_at && *f->withdrawn_at;
    return json_pack(
        "{s:I, s:I, s:o, s:s, s:s, s:s, s:I, s:s, s:o, s:s, s:o, s:s, s:b, s:o, s:s, s:o, s:s, "
        "s:o}",
        "id", (json_int_t)f->id, "notice_id", (json_int_t)f->notice_id, "reply_id",
        f->reply_id ? json_integer(f->reply_id) : json_null(), "file_name", f->file_name, "mime",
        f->mime, "type_name", tn ? tn : f->mime, "size", (json_int_t)f->size, "sha256", f->sha256,
        "uploaded_by", f->uploaded_by ? json_integer(f->uploaded_by) : json_null(),
        "uploaded_by_name", f->uploaded_by_name, "token_id",
        f->token_id ? json_integer(f->token_id) : json_null(), "uploaded_at", f->uploaded_at,
        "withdrawn", withdrawn, "withdrawn_at",
        withdrawn ? json_string(f->withdrawn_at) : json_null(), "withdraw_reason",
        f->withdraw_reason, "withdrawn_by",
        f->withdrawn_by ? json_integer(f->withdrawn_by) : json_null(), "withdrawn_by_name",
        f->withdrawn_by_name, "withdrawn_token_id",
        f->withdrawn_token_id ? json_integer(f->withdrawn_token_id) : json_null());
}

/* Who is attaching: a bureau user (user_id) or a partner's token (t). */
typedef struct uploader {
    int64_t user_id;
    const zf_xtoken_t *t;
} uploader_t;

static int not_own(zf_error_t *err, const uploader_t *who) {
    return zf_error_set(err, ZF_EPERM, 403, "notice.attachment_not_own", NULL,
                        who->t ? "只能为贵单位推送的通报或会商、或贵单位的回复添加材料"
                               : "只能为本局发出的通报或会商、或本局人员的回复添加材料");
}

/* The reply named by ?reply_id= (0 when none): it must belong to the
 * notice and have been written by the uploader's side. */
static int check_reply(zf_req_t *req, const zf_notice_t *n, const uploader_t *who,
                       int64_t *reply_id, zf_error_t *err) {
    *reply_id = 0;
    const char *s = zf_req_query(req, "reply_id");
    if (!s || !*s) return 0;
    char *end = NULL;
    long long v = strtoll(s, &end, 10);
    if (*end || v <= 0)
        return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", "reply_id",
                            "参数 reply_id 应为正整数");
    zf_notice_reply_t r;
    int rc = zf_notice_reply_get(zf_api_db(req), req->arena, v, &r, err);
    if (rc == ZF_ENOTFOUND || (rc == 0 && r.notice_id != n->id))
        return zf_error_set(err, ZF_EINVAL, 400, "notice.reply_not_found", "reply_id",
                            "回复 %lld 不属于该通报或会商", v);
    if (rc) return rc;
    if (who->t ? r.token_id == 0 : r.created_by == 0) return not_own(err, who);
    *reply_id = v;
    return 0;
}

/* Name, size and type of the body; the sanitised name into name. */
static int check_file(zf_req_t *req, char name[ZF_FILENAME_MAX + 1], const char **mime,
                      zf_error_t *err) {
    const char *raw = zf_req_query(req, "name");
    if (!raw || !*raw)
        return zf_error_set(err, ZF_EINVAL, 400, "notice.attachment_name", "name",
                            "缺少文件名（查询参数 name，UTF-8，百分号编码）");
    int rc = zf_filename_sanitize(raw, strlen(raw), name, ZF_FILENAME_MAX + 1);
    if (rc == -1)
        return zf_error_set(err, ZF_EINVAL, 400, "notice.attachment_name", "name",
                            "文件名不是有效的 UTF-8 文本");
    if (rc == -2)
        return zf_error_set(err, ZF_EINVAL, 400, "notice.attachment_name", "name",
                            "文件名去掉路径和特殊字符后为空");
    if (rc != 0)
        return zf_error_set(err, ZF_EINVAL, 400, "notice.attachment_name", "name",
                            "文件名过长：最多 %d 字节", ZF_FILENAME_MAX);
    size_t max = attachment_max();
    if (req->body_len == 0)
        return zf_error_set(err, ZF_EINVAL, 400, "notice.attachment_empty", "body",
                            "文件“%s”是空文件（0 字节）", name);
    if (req->body_len > max)
        return zf_error_set(err, ZF_ETOOBIG, 413, "notice.attachment_too_big", "body",
                            "文件“%s”过大：%zu 字节，上限 %zu 字节（%.1f MiB）", name,
                            req->body_len, max, (double)max / (1024.0 * 1024.0));
    *mime = zf_blob_sniff_material(req->body, req->body_len);
    if (!*mime)
        return zf_error_set(err, ZF_EINVAL, 415, "notice.attachment_type", "body",
                            "文件“%s”的内容不是可接受的类型：只接受 PDF、JPEG、PNG、"
                            "Word（.docx）、Excel（.xlsx）或 UTF-8 纯文本；类型按内容判断，"
                            "与文件名无关",
                            name);
    if (!zf_filename_fits_mime(name, *mime))
        return zf_error_set(err, ZF_EINVAL, 400, "notice.attachment_type_mismatch", "name",
                            "文件名“%s”与内容不符：内容是%s，扩展名应为 .%s", name,
                            zf_filename_type_name(*mime), zf_filename_ext_of_mime(*mime));
    return 0;
}

/* Store the body as material of n (and the reply), log it, answer 201. */
static void attach(zf_req_t *req, zf_resp_t *resp, const zf_notice_t *n, const uploader_t *who) {
    zf_db_t *db = zf_api_db(req);
    zf_error_t err = {0};
    int64_t reply_id = 0;
    char name[ZF_FILENAME_MAX + 1];
    const char *mime = NULL;
    int rc = 0;
    /* the notice itself: only the side that sent it adds to it */
    if (!zf_req_query(req, "reply_id") || !*zf_req_query(req, "reply_id")) {
        if (who->t ? n->token_id == 0 : strcmp(n->direction, "out") != 0) rc = not_own(&err, who);
    } else {
        rc = check_reply(req, n, who, &reply_id, &err);
    }
    if (rc == 0) rc = check_file(req, name, &mime, &err);
    if (rc == 0) rc = zf_db_begin(db, &err);
    char sha[ZF_BLOB_HEX_LEN];
    if (rc == 0)
        rc = zf_store_blob_put(db, zf_api_app(req)->data_dir, req->body, req->body_len, mime,
                               who->user_id, sha, &err);
    zf_notice_attachment_t row = {.notice_id = n->id,
                                  .reply_id = reply_id,
                                  .sha256 = sha,
                                  .file_name = name,
                                  .mime = mime,
                                  .size = (int64_t)req->body_len,
                                  .uploaded_by = who->user_id,
                                  .token_id = who->t ? who->t->id : 0},
                           f;
    if (rc == 0) rc = zf_notice_attachment_insert(db, req->arena, &row, &f, &err);
    if (rc != 0) {
        zf_api_abort(req, resp, &err);
        return;
    }
    json_t *after = zf_api_attachment_json(&f);
    if (who->t) json_object_set_new(after, "by_token", zf_api_xtoken_view(who->t));
    zf_log_entry_t e = {
        .actor_id = who->user_id,
        .unit_id = n->unit_id,
        .action = "notice.attach",
        .object_type = "agency_notice",
        .object_id = zf_arena_printf(req->arena, "%lld", (long long)n->id),
        .before = NULL,
        .after = after,
    };
    zf_api_commit(req, resp, &e, 201, zf_api_attachment_json(&f));
    json_decref(after);
}

void zf_api_notice_attach(zf_req_t *req, zf_resp_t *resp) {
    int64_t id = zf_api_id_param(req, resp, "id");
    if (!id) return;
    zf_error_t err = {0};
    zf_notice_t n;
    int rc = zf_notice_get(zf_api_db(req), req->arena, id, &n, &err);
    if (rc == 0) rc = zf_perm_check(zf_api_actor(req), "notice.write", n.unit_path, &err);
    if (rc != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    uploader_t who = {.user_id = zf_api_actor(req)->user_id, .t = NULL};
    attach(req, resp, &n, &who);
}

void zf_api_exchange_notice_attach(zf_req_t *req, zf_resp_t *resp) {
    /* the scope first: a read token never pushes, whatever it lists */
    if (zf_api_xtoken_require(req, resp, "notice.write", 1) != 0) return;
    int64_t id = zf_api_id_param(req, resp, "id");
    if (!id) return;
    const zf_xtoken_t *t = zf_api_xtoken(req);
    zf_error_t err = {0};
    zf_notice_t n;
    int rc = zf_notice_get(zf_api_db(req), req->arena, id, &n, &err);
    /* another agency's notice answers like a missing one */
    if (rc == 0 && n.agency_id != t->agency_id)
        rc = zf_error_set(&err, ZF_ENOTFOUND, 404, "notice.not_found", NULL, "该通报或会商不存在");
    if (rc != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    uploader_t who = {.user_id = 0, .t = t};
    attach(req, resp, &n, &who);
}

static void send_file(zf_req_t *req, zf_resp_t *resp, const zf_notice_attachment_t *f) {
    uint64_t size = 0;
    int fd = zf_blob_open(zf_api_app(req)->data_dir, f->sha256, &size);
    if (fd < 0) {
        zf_error_t err = {0};
        zf_error_set(&err, ZF_EIO, 500, "notice.attachment_missing", NULL,
                     "材料文件缺失（%.12s…），请联系系统管理员", f->sha256);
        zf_api_fail(req, resp, &err);
        return;
    }
    zf_resp_header(resp, "Content-Disposition", zf_api_disposition(req->arena, f->file_name));
    zf_resp_header(resp, "X-Content-SHA256", f->sha256);
    zf_resp_header(resp, "Cache-Control", "private, no-store");
    zf_resp_header(resp, "Content-Security-Policy", "default-src 'none'; sandbox");
    if (*f->withdrawn_at) zf_resp_header(resp, "X-Attachment-Withdrawn", "1");
    const char *type = strcmp(f->mime, "text/plain") == 0 ? "text/plain; charset=utf-8" : f->mime;
    zf_resp_file(resp, 200, type, fd, size);
}

/* The material id and its notice; with action set, the signed-in user
 * must hold it over the notice's unit (a token's caller scopes instead:
 * exchange_scope). */
static int load_attachment(zf_req_t *req, int64_t id, const char *action, zf_notice_attachment_t *f,
                           zf_notice_t *n, zf_error_t *err) {
    zf_db_t *db = zf_api_db(req);
    int rc = zf_notice_attachment_get(db, req->arena, id, f, err);
    if (rc == 0) rc = zf_notice_get(db, req->arena, f->notice_id, n, err);
    if (rc == 0 && action) rc = zf_perm_check(zf_api_actor(req), action, n->unit_path, err);
    return rc;
}

/* The exchange notices' scoping, given rc of load_attachment: a token sees
 * the materials of its agency's notices under its bureau; a missing one and
 * anything else answer the same 404, so that ids cannot be probed. */
static int exchange_scope(const zf_xtoken_t *t, int rc, const zf_notice_t *n, zf_error_t *err) {
    if (rc == ZF_ENOTFOUND ||
        (rc == 0 && (n->agency_id != t->agency_id ||
                     strncmp(n->unit_path, t->unit_path, strlen(t->unit_path)) != 0)))
        return zf_error_set(err, ZF_ENOTFOUND, 404, "notice.attachment_not_found", NULL,
                            "该材料不存在，或不属于贵单位的通报与会商");
    return rc;
}

void zf_api_notice_attachment_content(zf_req_t *req, zf_resp_t *resp) {
    int64_t id = zf_api_id_param(req, resp, "id");
    if (!id) return;
    zf_error_t err = {0};
    zf_notice_attachment_t f;
    zf_notice_t n;
    int rc = load_attachment(req, id, "notice.read", &f, &n, &err);
    if (rc != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    send_file(req, resp, &f);
}

void zf_api_exchange_attachment_content(zf_req_t *req, zf_resp_t *resp) {
    const zf_xtoken_t *t = zf_api_xtoken(req);
    if (!zf_api_xtoken_allows(t, "notice.write") &&
        zf_api_xtoken_require(req, resp, "notice.read", 0) != 0)
        return;
    int64_t id = zf_api_id_param(req, resp, "id");
    if (!id) return;
    zf_db_t *db = zf_api_db(req);
    zf_error_t err = {0};
    zf_notice_attachment_t f;
    zf_notice_t n;
    int rc = exchange_scope(t, load_attachment(req, id, NULL, &f, &n, &err), &n, &err);
    if (rc == 0 && *f.withdrawn_at)
        rc = zf_error_set(&err, ZF_ENOTFOUND, 410, "notice.attachment_withdrawn", NULL,
                          "该材料已于 %s 撤回：%s", f.withdrawn_at, f.withdraw_reason);
    /* the download is logged before the bytes leave */
    if (rc == 0) rc = zf_db_begin(db, &err);
    if (rc == 0) {
        json_t *after = json_pack("{s:I, s:s, s:s, s:I, s:o}", "attachment_id", (json_int_t)f.id,
                                  "file_name", f.file_name, "sha256", f.sha256, "size",
                                  (json_int_t)f.size, "by_token", zf_api_xtoken_view(t));
        zf_log_entry_t e = {
            .actor_id = 0,
            .unit_id = n.unit_id,
            .action = "notice.attachment_download",
            .object_type = "agency_notice",
            .object_id = zf_arena_printf(req->arena, "%lld", (long long)n.id),
            .before = NULL,
            .after = after,
        };
        int64_t idx = zf_log_append(db, &e, &err);
        json_decref(after);
        rc = idx < 0 ? (int)idx : zf_db_commit(db, &err);
        if (rc != 0) {
            zf_api_abort(req, resp, &err);
            return;
        }
    }
    if (rc != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    send_file(req, resp, &f);
}

/* Withdraw f, material of n, with reason: by the signed-in user, or by the
 * token t when not NULL (its event carries after.by_token, as its uploads
 * do). Logged with before and after; answers 200 with the row. */
static void withdraw(zf_req_t *req, zf_resp_t *resp, const zf_notice_attachment_t *f,
                     const zf_notice_t *n, const char *reason, const zf_xtoken_t *t) {
    zf_db_t *db = zf_api_db(req);
    zf_error_t err = {0};
    zf_notice_attachment_t g;
    int rc = zf_db_begin(db, &err);
    if (rc == 0)
        rc = zf_notice_attachment_withdraw(db, f->id, reason, t ? 0 : zf_api_actor(req)->user_id,
                                           t ? t->id : 0, &err);
    if (rc == 0) rc = zf_notice_attachment_get(db, req->arena, f->id, &g, &err);
    if (rc != 0) {
        zf_api_abort(req, resp, &err);
        return;
    }
    json_t *after = zf_api_attachment_json(&g);
    if (t) json_object_set_new(after, "by_token", zf_api_xtoken_view(t));
    zf_api_commit_change(req, resp, "notice.attachment_withdraw", "agency_notice", n->id,
                         n->unit_id, zf_api_attachment_json(f), after, zf_api_attachment_json(&g),
                         200);
}

void zf_api_notice_attachment_withdraw(zf_req_t *req, zf_resp_t *resp) {
    int64_t id;
    const char *reason = zf_api_reason_and_id(req, resp, &zf_api_withdraw_reason, &id);
    if (!reason) return;
    zf_error_t err = {0};
    zf_notice_attachment_t f;
    zf_notice_t n;
    int rc = load_attachment(req, id, "notice.write", &f, &n, &err);
    if (rc != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    withdraw(req, resp, &f, &n, reason, NULL);
}

/* The agency takes back a material it sent (migration 046): a push token,
 * the notices it sees; a material the bureau attached stays the bureau's to
 * withdraw. Only the agency's tokens attach to the agency's notices and
 * replies (zf_api_exchange_notice_attach), so token_id set on a material of
 * its notice means one of its tokens sent it — a revoked token's
 * successor can take back what the old one sent. */
void zf_api_exchange_attachment_withdraw(zf_req_t *req, zf_resp_t *resp) {
    /* the scope first: a read token never withdraws, whatever it lists */
    if (zf_api_xtoken_require(req, resp, "notice.write", 1) != 0) return;
    int64_t id;
    const char *reason = zf_api_reason_and_id(req, resp, &zf_api_withdraw_reason, &id);
    if (!reason) return;
    const zf_xtoken_t *t = zf_api_xtoken(req);
    zf_error_t err = {0};
    zf_notice_attachment_t f;
    zf_notice_t n;
    int rc = exchange_scope(t, load_attachment(req, id, NULL, &f, &n, &err), &n, &err);
    if (rc == 0 && f.token_id == 0)
        rc = zf_error_set(&err, ZF_EPERM, 403, "notice.attachment_not_own", NULL,
                          "该材料由本局上传，贵单位不能撤回；只能撤回贵单位报送的材料");
    if (rc != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    withdraw(req, resp, &f, &n, reason, t);
}
