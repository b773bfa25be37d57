/* exchange.c — notices and consultations with agencies (案件通报、案情会商,
 * R29) on both sides, and the exchange API that partner agencies call with
 * a Bearer token (issue 11). A token sees only what was shared with its
 * agency (404 for everything else, so it cannot even learn what exists),
 * uses only the resources listed on it (403 token.resource), and pushes only
 * when its scope is push (403 token.scope). A push is logged like any
 * change, with actor 0 and the token named in the event.
 * docs/internals/exchange.md. */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/enterprises.h"
#include "core/util.h"

#define NOTICE_PAGE_MAX 200

static const char *notice_kind_name(const char *kind) {
    if (strcmp(kind, "notification") == 0) return "案件通报";
    if (strcmp(kind, "consultation") == 0) return "案情会商";
    return NULL;
}

static json_t *reply_json(const zf_notice_reply_t *r) {
    return json_pack("{s:I, s:s, s:o, s:s, s:o, s:s}", "id", (json_int_t)r->id, "body", r->body,
                     "created_by", r->created_by ? json_integer(r->created_by) : json_null(),
                     "created_by_name", r->created_by_name, "token_id",
                     r->token_id ? json_integer(r->token_id) : json_null(), "created_at",
                     r->created_at);
}

static json_t *notice_json(const zf_notice_t *n) {
    const char *kn = notice_kind_name(n->kind);
    return json_pack(
        "{s:I, s:{s:I, s:s}, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:s, "
        "s:o, s:s, s:I, s:I}",
        "id", (json_int_t)n->id, "agency", "id", (json_int_t)n->agency_id, "name", n->agency_name,
        "unit_id", (json_int_t)n->unit_id, "direction", n->direction, "kind", n->kind, "kind_name",
        kn ? kn : "", "title", n->title, "body", n->body, "materials", n->materials, "case_ref",
        n->case_ref, "created_by", n->created_by ? json_integer(n->created_by) : json_null(),
        "created_by_name", n->created_by_name, "token_id",
        n->token_id ? json_integer(n->token_id) : json_null(), "created_at", n->created_at,
        "replies", (json_int_t)n->replies, "files", (json_int_t)n->files);
}

/* The notice with its replies. */
static int notice_full_json(zf_db_t *db, zf_arena_t *a, const zf_notice_t *n, json_t **out,
                            zf_error_t *err) {
    zf_notice_reply_t *rs;
    size_t nr, nf = 0;
    zf_notice_attachment_t *fs = NULL;
    int rc = zf_notice_replies(db, a, n->id, &rs, &nr, err);
    if (rc == 0) rc = zf_notice_attachments(db, a, n->id, &fs, &nf, err);
    if (rc) return rc;
    /* the materials (migration 041): the notice's own, then each reply's */
    json_t *o = notice_json(n);
    json_t *files = json_array();
    for (size_t k = 0; k < nf; k++)
        if (!fs[k].reply_id) json_array_append_new(files, zf_api_attachment_json(&fs[k]));
    json_object_set_new(o, "attachments", files);
    json_t *arr = json_array();
    for (size_t i = 0; i < nr; i++) {
        json_t *r = reply_json(&rs[i]);
        files = json_array();
        for (size_t k = 0; k < nf; k++)
            if (fs[k].reply_id == rs[i].id)
                json_array_append_new(files, zf_api_attachment_json(&fs[k]));
        json_object_set_new(r, "attachments", files);
        json_array_append_new(arr, r);
    }
    json_object_set_new(o, "reply_items", arr);
    *out = o;
    return 0;
}

/* before= and limit= of a newest-first list (keyset paging). */
static int page_params(zf_req_t *req, int64_t *before, int64_t *limit, zf_error_t *err) {
    *before = 0;
    *limit = 50;
    const char *b = zf_req_query(req, "before");
    const char *l = zf_req_query(req, "limit");
    char *end = NULL;
    if (b && *b) {
        *before = strtoll(b, &end, 10);
        if (*end || *before <= 0)
            return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", "before",
                                "参数 before 应为正整数");
    }
    if (l && *l) {
        *limit = strtoll(l, &end, 10);
        if (*end || *limit < 1 || *limit > NOTICE_PAGE_MAX)
            return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", "limit",
                                "每页条数 limit 应为 1–%d", NOTICE_PAGE_MAX);
    }
    return 0;
}

static json_t *notices_page(const zf_notice_t *items, size_t n, int64_t limit) {
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, notice_json(&items[i]));
    return json_pack("{s:o, s:o}", "items", arr, "next_before",
                     (int64_t)n == limit && n ? json_integer(items[n - 1].id) : json_null());
}

static const zf_field_t notice_spec[] = {
    {"agency_id", ZF_FIELD_INT, 1, "协作单位", 0, 0},
    {"kind", ZF_FIELD_STRING, 1, "类型", 16, 1},
    {"title", ZF_FIELD_STRING, 1, "标题", 100, 1},
    {"body", ZF_FIELD_STRING, 1, "内容", 5000, 1},
    {"materials", ZF_FIELD_STRING, 0, "材料", 5000, 0},
    {"case_ref", ZF_FIELD_STRING, 0, "相关案件", 100, 0},
};

static int check_notice_kind(const char *kind, zf_error_t *err) {
    if (!notice_kind_name(kind))
        return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", "kind",
                            "类型应为 notification（案件通报）或 consultation（案情会商）");
    return 0;
}

/* ---- the bureau's side ---- */

void zf_api_notices_list(zf_req_t *req, zf_resp_t *resp) {
    zf_error_t err = {0};
    int64_t before, limit, agency_id = 0;
    int rc = page_params(req, &before, &limit, &err);
    const char *ag = zf_req_query(req, "agency_id");
    if (rc == 0 && ag && *ag) {
        agency_id = zf_api_id_param(req, resp, "agency_id");
        if (!agency_id) return;
    }
    zf_notice_t *items;
    size_t n;
    if (rc == 0)
        rc = zf_notices_list(zf_api_db(req), req->arena, zf_api_actor(req)->scope_path, agency_id,
                             before, limit, &items, &n, &err);
    if (rc != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    zf_resp_json(req, resp, 200, notices_page(items, n, limit));
}

void zf_api_notice_create(zf_req_t *req, zf_resp_t *resp) {
    json_t *body = zf_api_body(req, resp, notice_spec, sizeof notice_spec / sizeof notice_spec[0]);
    if (!body) return;
    zf_db_t *db = zf_api_db(req);
    zf_error_t err = {0};
    int64_t agency_id = json_integer_value(json_object_get(body, "agency_id"));
    zf_notice_t n = {0}, created;
    n.kind = json_string_value(json_object_get(body, "kind"));
    zf_agency_t g;
    int rc = check_notice_kind(n.kind, &err);
    if (rc == 0) rc = zf_agency_get(db, req->arena, agency_id, &g, &err);
    if (rc == ZF_ENOTFOUND)
        rc = zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", "agency_id",
                          "协作单位 %lld 不存在", (long long)agency_id);
    if (rc == 0) rc = zf_perm_check(zf_api_actor(req), "notice.write", g.unit_path, &err);
    n.agency_id = agency_id;
    n.unit_id = rc == 0 ? g.unit_id : 0;
    n.direction = "out";
    n.title = json_string_value(json_object_get(body, "title"));
    n.body = json_string_value(json_object_get(body, "body"));
    n.materials = json_string_value(json_object_get(body, "materials"));
    n.case_ref = json_string_value(json_object_get(body, "case_ref"));
    n.created_by = zf_api_actor(req)->user_id;
    if (rc == 0) rc = zf_db_begin(db, &err);
    if (rc == 0) rc = zf_notice_insert(db, req->arena, &n, &created, &err);
    if (rc != 0) {
        zf_api_abort(req, resp, &err);
        return;
    }
    json_t *after = notice_json(&created);
    zf_api_commit_change(req, resp, "notice.create", "agency_notice", created.id, created.unit_id,
                         NULL, after, json_incref(after), 201);
}

static int load_notice(zf_req_t *req, zf_resp_t *resp, const char *action, zf_notice_t *n) {
    int64_t id = zf_api_id_param(req, resp, "id");
    if (!id) return -1;
    zf_error_t err = {0};
    int rc = zf_notice_get(zf_api_db(req), req->arena, id, n, &err);
    if (rc == 0) rc = zf_perm_check(zf_api_actor(req), action, n->unit_path, &err);
    if (rc != 0) {
        zf_api_fail(req, resp, &err);
        return -1;
    }
    return 0;
}

void zf_api_notice_get(zf_req_t *req, zf_resp_t *resp) {
    zf_notice_t n;
    if (load_notice(req, resp, "notice.read", &n) != 0) return;
    zf_error_t err = {0};
    json_t *o;
    if (notice_full_json(zf_api_db(req), req->arena, &n, &o, &err) != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    zf_resp_json(req, resp, 200, o);
}

void zf_api_notice_reply(zf_req_t *req, zf_resp_t *resp) {
    static const zf_field_t spec[] = {
        {"body", ZF_FIELD_STRING, 1, "回复内容", 5000, 1},
    };
    json_t *body = zf_api_body(req, resp, spec, sizeof spec / sizeof spec[0]);
    if (!body) return;
    zf_notice_t n;
    if (load_notice(req, resp, "notice.write", &n) != 0) return;
    zf_db_t *db = zf_api_db(req);
    zf_error_t err = {0};
    zf_notice_reply_t r;
    int rc = zf_db_begin(db, &err);
    if (rc == 0)
        rc = zf_notice_reply_insert(db, req->arena, n.id,
                                    json_string_value(json_object_get(body, "body")),
                                    zf_api_actor(req)->user_id, 0, &r, &err);
    if (rc != 0) {
        zf_api_abort(req, resp, &err);
        return;
    }
    json_t *after = reply_json(&r);
    zf_api_commit_change(req, resp, "notice.reply", "agency_notice", n.id, n.unit_id, NULL, after,
                         json_incref(after), 201);
}

/* ---- the exchange API (Bearer token, role partner) ---- */

/* 403 token.resource unless the token lists `resource`; answers. */
static int need_resource(zf_req_t *req, zf_resp_t *resp, const char *resource) {
    if (zf_api_xtoken_allows(zf_api_xtoken(req), resource)) return 0;
    zf_error_t err = {0};
    zf_error_set(&err, ZF_EPERM, 403, "token.resource", NULL, "该接口令牌未获授权：%s（%s）",
                 zf_action_label(resource) ? zf_action_label(resource) : resource, resource);
    zf_api_fail(req, resp, &err);
    return -1;
}

static int need_push(zf_req_t *req, zf_resp_t *resp);

int zf_api_xtoken_require(zf_req_t *req, zf_resp_t *resp, const char *resource, int push) {
    return push ? need_push(req, resp) : need_resource(req, resp, resource);
}

json_t *zf_api_xtoken_view(const zf_xtoken_t *t) {
    return json_pack("{s:I, s:s, s:s, s:s, s:{s:I, s:s}}", "id", (json_int_t)t->id, "label",
                     t->label, "scope", t->scope, "resources", t->resources, "agency", "id",
                     (json_int_t)t->agency_id, "name", t->agency_name);
}

void zf_api_exchange_shared(zf_req_t *req, zf_resp_t *resp) {
    const zf_xtoken_t *t = zf_api_xtoken(req);
    zf_db_t *db = zf_api_db(req);
    zf_error_t err = {0};
    zf_share_t *items;
    size_t n;
    if (zf_shares_list(db, req->arena, t->agency_id, NULL, &items, &n, &err) != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *o =
            json_pack("{s:s, s:I, s:s}", "subject_kind", items[i].subject_kind, "subject_id",
                      (json_int_t)items[i].subject_id, "shared_at", items[i].shared_at);
        zf_enterprise_t e;
        zf_error_t ignore = {0};
        if (strcmp(items[i].subject_kind, "enterprise") == 0 &&
            zf_enterprise_get(db, req->arena, items[i].subject_id, &e, &ignore) == 0)
            json_object_set_new(o, "name", json_string(e.name));
        json_array_append_new(arr, o);
    }
    zf_resp_json(req, resp, 200,
                 json_pack("{s:o, s:o}", "token", zf_api_xtoken_view(t), "items", arr));
}

void zf_api_exchange_enterprises(zf_req_t *req, zf_resp_t *resp) {
    if (need_resource(req, resp, "enterprise.read") != 0) return;
    const zf_xtoken_t *t = zf_api_xtoken(req);
    zf_db_t *db = zf_api_db(req);
    zf_error_t err = {0};
    zf_share_t *items;
    size_t n;
    if (zf_shares_list(db, req->arena, t->agency_id, "enterprise", &items, &n, &err) != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++) {
        zf_enterprise_t e;
        int rc = zf_enterprise_get(db, req->arena, items[i].subject_id, &e, &err);
        if (rc == ZF_ENOTFOUND) continue;
        if (rc != 0) {
            json_decref(arr);
            zf_api_fail(req, resp, &err);
            return;
        }
        json_array_append_new(arr, zf_api_enterprise_json(&e));
    }
    zf_resp_json(req, resp, 200, json_pack("{s:o}", "items", arr));
}

void zf_api_exchange_enterprise(zf_req_t *req, zf_resp_t *resp) {
    if (need_resource(req, resp, "enterprise.read") != 0) return;
    int64_t id = zf_api_id_param(req, resp, "id");
    if (!id) return;
    const zf_xtoken_t *t = zf_api_xtoken(req);
    zf_db_t *db = zf_api_db(req);
    zf_error_t err = {0};
    zf_enterprise_t e;
    int rc = zf_share_exists(db, t->agency_id, "enterprise", id, &err);
    /* not shared and not existing answer alike */
    if (rc == 0)
        rc = zf_error_set(&err, ZF_ENOTFOUND, 404, "exchange.not_shared", NULL,
                          "未向贵单位共享该企业，或该企业不存在");
    else if (rc == 1)
        rc = zf_enterprise_get(db, req->arena, id, &e, &err);
    if (rc != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    zf_resp_json(req, resp, 200, zf_api_enterprise_json(&e));
}

void zf_api_exchange_notices(zf_req_t *req, zf_resp_t *resp) {
    if (!zf_api_xtoken_allows(zf_api_xtoken(req), "notice.write") &&
        need_resource(req, resp, "notice.read") != 0)
        return;
    const zf_xtoken_t *t = zf_api_xtoken(req);
    zf_db_t *db = zf_api_db(req);
    zf_error_t err = {0};
    int64_t before, limit;
    zf_notice_t *items;
    size_t n;
    int rc = page_params(req, &before, &limit, &err);
    if (rc == 0)
        rc = zf_notices_list(db, req->arena, t->unit_path, t->agency_id, before, limit, &items, &n,
                             &err);
    json_t *arr = json_array();
    for (size_t i = 0; rc == 0 && i < n; i++) {
        json_t *o;
        rc = notice_full_json(db, req->arena, &items[i], &o, &err);
        if (rc == 0) json_array_append_new(arr, o);
    }
    if (rc != 0) {
        json_decref(arr);
        zf_api_fail(req, resp, &err);
        return;
    }
    zf_resp_json(req, resp, 200,
                 json_pack("{s:o, s:o}", "items", arr, "next_before",
                           (int64_t)n == limit && n ? json_integer(items[n - 1].id) : json_null()));
}

void zf_api_exchange_notice_push(zf_req_t *req, zf_resp_t *resp) {
    static const zf_field_t spec[] = {
        {"kind", ZF_FIELD_STRING, 1, "类型", 16, 1},
        {"title", ZF_FIELD_STRING, 1, "标题", 100, 1},
        {"body", ZF_FIELD_STRING, 1, "内容", 5000, 1},
        {"materials", ZF_FIELD_STRING, 0, "材料", 5000, 0},
        {"case_ref", ZF_FIELD_STRING, 0, "相关案件", 100, 0},
    };
    const zf_xtoken_t *t = zf_api_xtoken(req);
    zf_error_t err = {0};
    /* the scope first: a read token never pushes, whatever it lists */
    if (need_push(req, resp) != 0) return;
    json_t *body = zf_api_body(req, resp, spec, sizeof spec / sizeof spec[0]);
    if (!body) return;
    zf_db_t *db = zf_api_db(req);
    zf_notice_t n = {0}, created;
    n.kind = json_string_value(json_object_get(body, "kind"));
    n.agency_id = t->agency_id;
    n.unit_id = t->unit_id;
    n.direction = "in";
    n.title = json_string_value(json_object_get(body, "title"));
    n.body = json_string_value(json_object_get(body, "body"));
    n.materials = json_string_value(json_object_get(body, "materials"));
    n.case_ref = json_string_value(json_object_get(body, "case_ref"));
    n.token_id = t->id;
    int rc = check_notice_kind(n.kind, &err);
    if (rc == 0) rc = zf_db_begin(db, &err);
    if (rc == 0) rc = zf_notice_insert(db, req->arena, &n, &created, &err);
    if (rc != 0) {
        zf_api_abort(req, resp, &err);
        return;
    }
    /* logged like a user's change; the actor is the token's agency */
    json_t *after = notice_json(&created);
    json_object_set_new(after, "by_token", zf_api_xtoken_view(t));
    zf_log_entry_t e = {
        .actor_id = 0,
        .unit_id = created.unit_id,
        .action = "notice.receive",
        .object_type = "agency_notice",
        .object_id = zf_arena_printf(req->arena, "%lld", (long long)created.id),
        .before = NULL,
        .after = after,
    };
    zf_api_commit(req, resp, &e, 201, notice_json(&created));
    json_decref(after);
}

/* 403 token.scope unless the token may push, then the notice.write
 * resource; answers. */
static int need_push(zf_req_t *req, zf_resp_t *resp) {
    if (strcmp(zf_api_xtoken(req)->scope, "push") != 0) {
        zf_error_t err = {0};
        zf_error_set(&err, ZF_EPERM, 403, "token.scope", NULL,
                     "该接口令牌为只读令牌，不能推送数据");
        zf_api_fail(req, resp, &err);
        return -1;
    }
    return need_resource(req, resp, "notice.write");
}

/* The agency answers a notice or consultation (its own or one the bureau
 * sent it); a notice of another agency is 404 like a missing one. */
void zf_api_exchange_notice_reply(zf_req_t *req, zf_resp_t *resp) {
    static const zf_field_t spec[] = {
        {"body", ZF_FIELD_STRING, 1, "回复内容", 5000, 1},
    };
    if (need_push(req, resp) != 0) return;
    json_t *body = zf_api_body(req, resp, spec, sizeof spec / sizeof spec[0]);
    if (!body) return;
    int64_t id = zf_api_id_param(req, resp, "id");
    if (!id) return;
    const zf_xtoken_t *t = zf_api_xtoken(req);
    zf_db_t *db = zf_api_db(req);
    zf_error_t err = {0};
    zf_notice_t n;
    zf_notice_reply_t r;
    int rc = zf_notice_get(db, req->arena, id, &n, &err);
    if (rc == 0 && n.agency_id != t->agency_id)
        rc = zf_error_set(&err, ZF_ENOTFOUND, 404, "notice.not_found", NULL, "该通报或会商不存在");
    if (rc == 0) rc = zf_db_begin(db, &err);
    if (rc == 0)
        rc = zf_notice_reply_insert(db, req->arena, n.id,
                                    json_string_value(json_object_get(body, "body")), 0, t->id, &r,
                                    &err);
    if (rc != 0) {
        zf_api_abort(req, resp, &err);
        return;
    }
    json_t *after = reply_json(&r);
    json_object_set_new(after, "by_token", zf_api_xtoken_view(t));
    zf_log_entry_t e = {
        .actor_id = 0,
        .unit_id = n.unit_id,
        .action = "notice.reply",
        .object_type = "agency_notice",
        .object_id = zf_arena_printf(req->arena, "%lld", (long long)n.id),
        .before = NULL,
        .after = after,
    };
    zf_api_commit(req, resp, &e, 201, reply_json(&r));
    json_decref(after);
}
