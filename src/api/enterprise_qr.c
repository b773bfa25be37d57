/* enterprise_qr.c — 扫码入企 (国办发〔2024〕54号 [二手, LAW.md §5.5]: inspections
 * leave a trace from the moment officers enter; issue 7, R16):
 *
 *  GET  /api/v1/enterprises/{id}/qr             SVG of the code posted at the
 *       gate; it encodes <origin>/e/<id>/<secret> (a secret is made on first
 *       use). inspection.write over the enterprise's unit.
 *  POST /api/v1/enterprises/{id}/qr/rotate      a new secret (the old code
 *       stops working), logged.
 *  POST /api/v1/enterprises/{id}/arrival {secret, client_id?, source?,
 *       ledger_id?}: an officer scanned the code — joins today's open
 *       inspection of the enterprise or starts one, and records who arrived
 *       when.
 *  GET  /api/v1/public/enterprises/{id}/{secret}  no login: the enterprise's
 *       own page — this year's inspections against its cap, the
 *       rectification orders it must meet; a wrong secret is 404.
 *  POST /api/v1/public/enterprises/{id}/{secret}/feedback {kind, body,
 *       contact?, inspection_id?}: feedback or a complaint about an
 *       inspection, stored and logged; at most FEEDBACK_PER_DAY a day.
 *
 * Secrets are 32 random bytes in hex, compared in constant time. */
#include <qrencode.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/inspections.h"
#include "core/day.h"
#include "core/util.h"
#include "store/enterprises.h"
#include "store/inspections.h"
#include "store/ledger.h"

#define FEEDBACK_PER_DAY 10

static int new_secret(zf_db_t *db, zf_arena_t *a, const zf_actor_t *actor,
                      const zf_enterprise_t *ent, const char *action, char out[65],
                      zf_error_t *err) {
    unsigned char raw[32];
    randombytes_buf(raw, sizeof raw);
    zf_hex_encode(raw, sizeof raw, out);
    int rc = zf_enterprise_qr_insert(db, ent->id, out, actor ? actor->user_id : 0, err);
    if (rc) return rc;
    /* the log records that a code was issued, never the secret itself */
    json_t *after =
        json_pack("{s:I, s:s}", "enterprise_id", (json_int_t)ent->id, "enterprise_name", ent->name);
    zf_log_entry_t e = {.actor_id = actor ? actor->user_id : 0,
                        .unit_id = ent->unit_id,
                        .action = action,
                        .object_type = "enterprise",
                        .object_id = zf_arena_printf(a, "%lld", (long long)ent->id),
                        .after = after};
    int64_t idx = zf_log_append(db, &e, err);
    json_decref(after);
    return idx < 0 ? (int)idx : 0;
}

int zf_api_enterprise_qr_ensure(zf_db_t *db, zf_arena_t *a, const zf_actor_t *actor,
                                const zf_enterprise_t *ent, char out[65], zf_error_t *err) {
    int rc = zf_enterprise_qr_secret(db, ent->id, out, err);
    if (rc || *out) return rc;
    return new_secret(db, a, actor, ent, "enterprise.qr_issue", out, err);
}

static int secret_equal(const char *stored, const char *given) {
    if (!stored || !given || !*stored) return 0;
    size_t n = strlen(stored);
    if (strlen(given) != n) return 0;
    return sodium_memcmp(stored, given, n) == 0;
}

static int load_ent(zf_req_t *req, const char *action, zf_enterprise_t *ent, zf_error_t *err) {
    const char *s = zf_req_param(req, "id");
    int64_t id = s ? atoll(s) : 0;
    int rc = zf_enterprise_get(zf_api_db(req), req->arena, id, ent, err);
    if (rc == 0 && action) rc = zf_perm_check(zf_api_actor(req), action, ent->unit_path, err);
    return rc;
}

/* The QR symbol as SVG, 4 modules of quiet zone. */
static char *qr_svg(zf_arena_t *a, const char *text) {
    QRcode *q = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (!q) return NULL;
    int w = q->width, size = w + 8;
    size_t cap = (size_t)w * (size_t)w * 40 + 512, o = 0;
    char *buf = zf_arena_alloc(a, cap);
    o += (size_t)snprintf(buf + o, cap - o,
                          "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
                          "shape-rendering=\"crispEdges\"><rect width=\"%d\" height=\"%d\" "
                          "fill=\"#fff\"/><path fill=\"#000\" d=\"",
                          size, size, size, size);
    for (int y = 0; y < w; y++)
        for (int x = 0; x < w; x++)
            if (q->data[y * w + x] & 1)
                o += (size_t)snprintf(buf + o, cap - o, "M%d %dh1v1h-1z", x + 4, y + 4);
    snprintf(buf + o, cap - o, "\"/></svg>\n");
    QRcode_free(q);
    return buf;
}

static const char *origin(zf_req_t *req) {
    const char *host = zf_req_header(req, "Host");
    if (!host || !*host || strpbrk(host, "\"<>\\ /")) host = "localhost";
    return zf_arena_printf(req->arena, "%s://%s", zf_api_app(req)->cookie_secure ? "https" : "http",
                           host);
}

void zf_api_enterprise_qr(zf_req_t *req, zf_resp_t *resp) {
    zf_error_t err = {0};
    zf_enterprise_t ent;
    zf_db_t *db = zf_api_db(req);
    int rc = load_ent(req, "inspection.write", &ent, &err);
    char secret[65] = "";
    if (rc == 0) rc = zf_enterprise_qr_secret(db, ent.id, secret, &err);
    if (rc == 0 && !*secret) {
        rc = zf_db_begin(db, &err);
        if (rc == 0)
            rc = zf_api_enterprise_qr_ensure(db, req->arena, zf_api_actor(req), &ent, secret, &err);
        if (rc == 0) rc = zf_db_commit(db, &err);
    }
    if (rc) {
        zf_api_abort(req, resp, &err);
        return;
    }
    const char *url =
        zf_arena_printf(req->arena, "%s/e/%lld/%s", origin(req), (long long)ent.id, secret);
    if (zf_req_query(req, "format") && strcmp(zf_req_query(req, "format"), "json") == 0) {
        zf_resp_json(req, resp, 200,
                     json_pack("{s:I, s:s, s:s}", "enterprise_id", (json_int_t)ent.id,
                               "enterprise_name", ent.name, "url", url));
        return;
    }
    char *svg = qr_svg(req->arena, url);
    if (!svg) {
        zf_error_set(&err, ZF_EIO, 500, "qr.encode", NULL, "二维码生成失败");
        zf_api_fail(req, resp, &err);
        return;
    }
    zf_resp_header(resp, "X-Content-Type-Options", "nosniff");
    zf_resp_header(resp, "Content-Security-Policy",
                   "default-src 'none'; style-src 'unsafe-inline'");
    zf_resp_text(resp, 200, "image/svg+xml", svg, strlen(svg));
}

void zf_api_enterprise_qr_rotate(zf_req_t *req, zf_resp_t *resp) {
    zf_error_t err = {0};
    zf_enterprise_t ent;
    zf_db_t *db = zf_api_db(req);
    int rc = load_ent(req, "inspection.write", &ent, &err);
    char secret[65];
    if (rc == 0) rc = zf_db_begin(db, &err);
    if (rc == 0)
        rc = new_secret(db, req->arena, zf_api_actor(req), &ent, "enterprise.qr_rotate", secret,
                        &err);
    if (rc == 0) rc = zf_db_commit(db, &err);
    if (rc) {
        zf_api_abort(req, resp, &err);
        return;
    }
    zf_resp_json(req, resp, 200,
                 json_pack("{s:I, s:s}", "enterprise_id", (json_int_t)ent.id, "url",
                           zf_arena_printf(req->arena, "%s/e/%lld/%s", origin(req),
                                           (long long)ent.id, secret)));
}

static int qr_invalid(zf_error_t *err) {
    return zf_error_set(err, ZF_ENOTFOUND, 404, "qr.invalid", NULL,
                        "二维码无效或已更换，请扫描企业门口张贴的最新二维码");
}

void zf_api_enterprise_arrival(zf_req_t *req, zf_resp_t *resp) {
    static const zf_field_t spec[] = {
        {"secret", ZF_FIELD_STRING, 1, "二维码密钥", 64, 1},
        {"client_id", ZF_FIELD_STRING, 0, "客户端编号", 64, 8},
        {"source", ZF_FIELD_STRING, 0, "检查来源", 20, 1},
        {"ledger_id", ZF_FIELD_INT, 0, "台账条目", 0, 0},
    };
    json_t *body = zf_api_body(req, resp, spec, sizeof spec / sizeof spec[0]);
    if (!body) return;
    zf_error_t err = {0};
    zf_enterprise_t ent;
    zf_db_t *db = zf_api_db(req);
    const zf_actor_t *actor = zf_api_actor(req);
    int rc = load_ent(req, "inspection.write", &ent, &err);
    char stored[65] = "";
    if (rc == 0) rc = zf_enterprise_qr_secret(db, ent.id, stored, &err);
    if (rc == 0 && !secret_equal(stored, zf_insp_str(body, "secret"))) rc = qr_invalid(&err);
    char today[11];
    zf_api_today(today);
    const char *client_id = zf_insp_str(body, "client_id");
    if (rc == 0 && client_id && !zf_insp_client_id_ok(client_id))
        rc = zf_insp_bad(&err, "client_id", "客户端编号应为 8–64 位字母、数字或连字符");
    const char *source = zf_insp_str(body, "source");
    if (rc == 0) rc = zf_db_begin(db, &err);
    int64_t id = 0;
    int created = 0;
    if (rc == 0) rc = zf_inspection_open_on(db, ent.id, today, &id, &err);
    if (rc == 0 && !id) {
        char gen[37];
        if (!client_id) {
            unsigned char raw[16];
            randombytes_buf(raw, sizeof raw);
            zf_hex_encode(raw, sizeof raw, gen);
            client_id = gen;
        }
        rc = zf_insp_create(req, &ent, client_id, source ? source : "ad_hoc",
                            zf_insp_int(body, "ledger_id"), today, &id, &created, &err);
    }
    if (rc == 0) rc = zf_insp_add_arrival(db, id, actor->user_id, &err);
    json_t *row = NULL;
    if (rc == 0) rc = zf_inspection_get(db, id, &row, &err);
    int64_t unit = row ? zf_insp_int(row, "unit_id") : 0;
    json_decref(row);
    if (rc) {
        zf_api_abort(req, resp, &err);
        return;
    }
    json_t *after =
        json_pack("{s:I, s:I, s:I, s:b}", "inspection_id", (json_int_t)id, "enterprise_id",
                  (json_int_t)ent.id, "user_id", (json_int_t)actor->user_id, "started", created);
    json_t *answer = json_pack("{s:I, s:b}", "inspection_id", (json_int_t)id, "started", created);
    zf_api_commit_change(req, resp, "inspection.arrival", "inspection", id, unit, NULL, after,
                         answer, created ? 201 : 200);
}

/* ---- the enterprise's own page, without login ---- */

static int public_ent(zf_req_t *req, zf_enterprise_t *ent, zf_error_t *err) {
    zf_db_t *db = zf_api_db(req);
    int rc = load_ent(req, NULL, ent, err);
    if (rc == ZF_ENOTFOUND) return qr_invalid(err);
    char stored[65] = "";
    if (rc == 0) rc = zf_enterprise_qr_secret(db, ent->id, stored, err);
    if (rc == 0 && !secret_equal(stored, zf_req_param(req, "secret"))) rc = qr_invalid(err);
    return rc;
}

void zf_api_public_enterprise(zf_req_t *req, zf_resp_t *resp) {
    zf_error_t err = {0};
    zf_enterprise_t ent;
    zf_db_t *db = zf_api_db(req);
    int rc = public_ent(req, &ent, &err);
    char today[11], jan1[11];
    zf_api_today(today);
    int64_t year = atoll(today);
    snprintf(jan1, sizeof jan1, "%04lld-01-01", (long long)year);
    zf_burden_t b = {0};
    json_t *insp = NULL, *hz = NULL;
    if (rc == 0) rc = zf_store_burden(db, ent.id, jan1, &b, &err);
    if (rc == 0) rc = zf_inspections_of_enterprise(db, ent.id, year, &insp, &err);
    if (rc == 0) rc = zf_hazards_of_enterprise(db, ent.id, today, &hz, &err);
    if (rc) {
        json_decref(insp);
        zf_api_fail(req, resp, &err);
        return;
    }
    size_t i;
    json_t *h;
    json_array_foreach(hz, i, h)
        json_object_set_new(h, "overdue", json_boolean(zf_insp_int(h, "overdue")));
    zf_resp_json(req, resp, 200,
                 json_pack("{s:{s:I, s:s, s:s}, s:I, s:{s:I, s:I, s:b}, s:o, s:o, s:I}",
                           "enterprise", "id", (json_int_t)ent.id, "name", ent.name, "address",
                           ent.address ? ent.address : "", "year", (json_int_t)year, "burden",
                           "cap", (json_int_t)b.cap, "counted", (json_int_t)b.counted, "over",
                           b.cap > 0 && b.counted > b.cap, "inspections", insp, "hazards", hz,
                           "feedback_max_chars", (json_int_t)1000));
}

void zf_api_public_enterprise_feedback(zf_req_t *req, zf_resp_t *resp) {
    static const zf_field_t spec[] = {
        {"kind", ZF_FIELD_STRING, 1, "类别", 10, 1},
        {"body", ZF_FIELD_STRING, 1, "内容", 1000, 5},
        {"contact", ZF_FIELD_STRING, 0, "联系方式", 60, 0},
        {"inspection_id", ZF_FIELD_INT, 0, "检查记录", 0, 0},
    };
    json_t *body = zf_api_body(req, resp, spec, sizeof spec / sizeof spec[0]);
    if (!body) return;
    zf_error_t err = {0};
    zf_enterprise_t ent;
    zf_db_t *db = zf_api_db(req);
    int rc = public_ent(req, &ent, &err);
    const char *kind = zf_insp_str(body, "kind");
    if (rc == 0 && strcmp(kind, "feedback") != 0 && strcmp(kind, "complaint") != 0)
        rc = zf_insp_bad(&err, "kind", "类别应为 feedback（意见建议）或 complaint（投诉）");
    int64_t insp_id = zf_insp_int(body, "inspection_id");
    if (rc == 0 && insp_id) {
        json_t *o = NULL;
        rc = zf_inspection_get(db, insp_id, &o, &err);
        if (rc == 0 && zf_insp_int(o, "enterprise_id") != ent.id) rc = ZF_ENOTFOUND;
        if (rc == ZF_ENOTFOUND) rc = zf_insp_bad(&err, "inspection_id", "本企业没有该检查记录");
        json_decref(o);
    }
    /* at most FEEDBACK_PER_DAY messages a day per enterprise */
    char since[32];
    int64_t n = 0;
    if (rc == 0) {
        char now[32];
        zf_now_iso(now);
        snprintf(since, sizeof since, "%.10sT00:00:00.000Z", now);
        rc = zf_enterprise_feedback_count(db, ent.id, since, &n, &err);
    }
    if (rc == 0 && n >= FEEDBACK_PER_DAY)
        rc = zf_error_set(&err, ZF_EBUSY, 429, "feedback.too_many", NULL,
                          "今天已提交 %d 条意见，请明天再提交或拨打投诉电话", FEEDBACK_PER_DAY);
    if (rc == 0) rc = zf_db_begin(db, &err);
    int64_t fid = 0;
    if (rc == 0)
        rc = zf_enterprise_feedback_insert(db, ent.id, insp_id, kind, zf_insp_str(body, "body"),
                                           zf_insp_str(body, "contact"), &fid, &err);
    if (rc) {
        zf_api_abort(req, resp, &err);
        return;
    }
    json_t *after =
        json_pack("{s:I, s:I, s:s, s:s, s:s}", "id", (json_int_t)fid, "enterprise_id",
                  (json_int_t)ent.id, "kind", kind, "body", zf_insp_str(body, "body"), "contact",
                  zf_insp_str(body, "contact") ? zf_insp_str(body, "contact") : "");
    if (insp_id) json_object_set_new(after, "inspection_id", json_integer(insp_id));
    zf_log_entry_t e = {.actor_id = 0,
                        .unit_id = ent.unit_id,
                        .action = "enterprise.feedback",
                        .object_type = "enterprise_feedback",
                        .object_id = zf_arena_printf(req->arena, "%lld", (long long)fid),
                        .after = after};
    zf_api_commit(
        req, resp, &e, 201,
        json_pack("{s:I, s:s}", "id", (json_int_t)fid, "message", "已收到，感谢您的意见"));
    json_decref(after);
}
