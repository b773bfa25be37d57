/* agencies.c — the configurable list of receiving departments (移送的接收
 *部门, R27), what is shared with each agency, and the exchange-API tokens
 * the bureau issues to them (issue 11). Admin keeps the list and the
 * tokens; the section head and the bureau leader share records. Every
 * change is logged with the change (R22). docs/internals/exchange.md. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api/api.h"
#include "api/enterprises.h"
#include "core/util.h"

int64_t zf_api_path_unit_id(const char *path) {
    if (!path) return 0;
    size_t n = strlen(path);
    if (n < 2 || path[n - 1] != '/') return 0;
    size_t i = n - 1;
    while (i > 0 && path[i - 1] != '/')
        i--;
    return strtoll(path + i, NULL, 10);
}

/* The resources a token may list: actions of perm.c that the exchange
 * endpoints serve. A read token may not list a push resource. */
static const struct {
    const char *action;
    int push;
} token_resources[] = {
    {"enterprise.read", 0},
    {"notice.read", 0},
    {"notice.write", 1},
};

int zf_api_xtoken_allows(const zf_xtoken_t *t, const char *resource) {
    if (!t || !resource) return 0;
    size_t n = strlen(resource);
    for (const char *p = t->resources; *p;) {
        size_t len = strcspn(p, " ");
        if (len == n && strncmp(p, resource, n) == 0) return 1;
        p += len;
        while (*p == ' ')
            p++;
    }
    return 0;
}

static json_t *agency_json(const zf_agency_t *g) {
    const char *kn = zf_agency_kind_name(g->kind);
    return json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:b, s:I, s:s, s:s}", "id",
                     (json_int_t)g->id, "unit_id", (json_int_t)g->unit_id, "name", g->name, "kind",
                     g->kind, "kind_name", kn ? kn : "", "org_code", g->org_code, "contact",
                     g->contact, "active", g->active, "version", (json_int_t)g->version,
                     "created_at", g->created_at, "updated_at", g->updated_at);
}

static json_t *kinds_json(void) {
    json_t *kinds = json_array();
    for (size_t i = 0; zf_agency_kind_at(i); i++)
        json_array_append_new(kinds, json_pack("{s:s, s:s}", "code", zf_agency_kind_at(i), "name",
                                               zf_agency_kind_name(zf_agency_kind_at(i))));
    return kinds;
}

static int check_kind(const char *kind, zf_error_t *err) {
    if (kind && !zf_agency_kind_name(kind))
        return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", "kind",
                            "部门类型“%s”无效（见 GET /api/v1/agencies 的 kinds）", kind);
    return 0;
}

/* ?kind=market,ecology: each a known kind, at most all of them; 0 with the
 * list as given (NULL when absent), 400 naming `kind` otherwise. */
static int check_kinds(const char *kinds, zf_error_t *err) {
    if (!kinds || !*kinds) return 0;
    size_t count = 0;
    for (const char *p = kinds;;) {
        size_t len = strcspn(p, ",");
        char one[33];
        if (len == 0 || len >= sizeof one || ++count > 32)
            return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", "kind",
                                "参数 kind 应为以逗号分隔的部门类型代码（见 kinds）");
        memcpy(one, p, len);
        one[len] = '\0';
        if (!zf_agency_kind_name(one))
            return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", "kind",
                                "部门类型“%s”无效（见 GET /api/v1/agencies 的 kinds）", one);
        if (!p[len]) return 0;
        p += len + 1;
    }
}

/* GET /api/v1/agencies: the bureau's list, newest first, keyset-paged like
 * the case list (?before=, ?limit= 1–200, default 50; next_before is null
 * on the last page); ?all=1 with the inactive ones, ?kind= one of the listed
 * kinds, ?q= part of the name (the selects of the transfer forms search). */
void zf_api_agencies_list(zf_req_t *req, zf_resp_t *resp) {
    zf_error_t err = {0};
    const char *all = zf_req_query(req, "all");
    zf_agency_filter_t f = {.scope_path = zf_api_actor(req)->scope_path,
                            .active_only = !(all && strcmp(all, "1") == 0),
                            .kinds = zf_req_query(req, "kind"),
                            .q = zf_req_query(req, "q"),
                            .limit = 50};
    int rc = zf_api_page_params(req, &f.before_id, &f.limit, &err);
    if (rc == 0) rc = check_kinds(f.kinds, &err);
    if (rc == 0 && f.q && strlen(f.q) > 192)
        rc = zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", "q", "查询词过长（至多64个汉字）");
    zf_agency_t *items;
    size_t n = 0;
    if (rc == 0) rc = zf_agencies_list(zf_api_db(req), req->arena, &f, &items, &n, &err);
    if (rc != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, agency_json(&items[i]));
    json_t *next = n && (int64_t)n == f.limit ? json_integer(items[n - 1].id) : json_null();
    zf_resp_json(
        req, resp, 200,
        json_pack("{s:o, s:o, s:o}", "items", arr, "kinds", kinds_json(), "next_before", next));
}

/* Load the agency {id} and check `action` on its bureau; answers otherwise. */
static int load_agency(zf_req_t *req, zf_resp_t *resp, const char *param, const char *action,
                       zf_agency_t *g) {
    int64_t id = zf_api_id_param(req, resp, param);
    if (!id) return -1;
    zf_error_t err = {0};
    int rc = zf_agency_get(zf_api_db(req), req->arena, id, g, &err);
    if (rc == 0) rc = zf_perm_check(zf_api_actor(req), action, g->unit_path, &err);
    if (rc != 0) {
        zf_api_fail(req, resp, &err);
        return -1;
    }
    return 0;
}

void zf_api_agency_get(zf_req_t *req, zf_resp_t *resp) {
    zf_agency_t g;
    if (load_agency(req, resp, "id", "agency.read", &g) == 0)
        zf_resp_json(req, resp, 200, agency_json(&g));
}

void zf_api_agency_create(zf_req_t *req, zf_resp_t *resp) {
    static const zf_field_t spec[] = {
        {"name", ZF_FIELD_STRING, 1, "部门名称", 64, 1},
        {"kind", ZF_FIELD_STRING, 1, "部门类型", 32, 1},
        {"org_code", ZF_FIELD_STRING, 0, "统一社会信用代码", 18, 0},
        {"contact", ZF_FIELD_STRING, 0, "联系人及电话", 64, 0},
        {"unit_id", ZF_FIELD_INT, 0, "所属单位", 0, 0},
    };
    json_t *body = zf_api_body(req, resp, spec, sizeof spec / sizeof spec[0]);
    if (!body) return;
    const zf_actor_t *actor = zf_api_actor(req);
    zf_db_t *db = zf_api_db(req);
    zf_error_t err = {0};
    const char *kind = json_string_value(json_object_get(body, "kind"));
    json_t *ju = json_object_get(body, "unit_id");
    /* the list belongs to the bureau: by default the actor's own */
    int64_t unit_id = ju ? json_integer_value(ju) : zf_api_path_unit_id(actor->scope_path);
    zf_unit_t unit;
    zf_agency_t created;
    int rc = check_kind(kind, &err);
    if (rc == 0) rc = zf_unit_get(db, req->arena, unit_id, &unit, &err);
    if (rc == ZF_ENOTFOUND)
        rc = zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", "unit_id", "单位 %lld 不存在",
                          (long long)unit_id);
    if (rc == 0) rc = zf_perm_check(actor, "agency.write", unit.path, &err);
    if (rc == 0) rc = zf_db_begin(db, &err);
    if (rc == 0)
        rc = zf_agency_insert(db, req->arena, unit.id,
                              json_string_value(json_object_get(body, "name")), kind,
                              json_string_value(json_object_get(body, "org_code")),
                              json_string_value(json_object_get(body, "contact")), &created, &err);
    if (rc != 0) {
        zf_api_abort(req, resp, &err);
        return;
    }
    json_t *after = agency_json(&created);
    zf_api_commit_change(req, resp, "agency.create", "agency", created.id, created.unit_id, NULL,
                         after, json_incref(after), 201);
}

void zf_api_agency_update(zf_req_t *req, zf_resp_t *resp) {
    static const zf_field_t spec[] = {
        {"version", ZF_FIELD_INT, 1, "版本号", 0, 0},
        {"name", ZF_FIELD_STRING, 0, "部门名称", 64, 1},
        {"kind", ZF_FIELD_STRING, 0, "部门类型", 32, 1},
        {"org_code", ZF_FIELD_STRING, 0, "统一社会信用代码", 18, 0},
        {"contact", ZF_FIELD_STRING, 0, "联系人及电话", 64, 0},
        {"active", ZF_FIELD_BOOL, 0, "是否启用", 0, 0},
    };
    json_t *body = zf_api_body(req, resp, spec, sizeof spec / sizeof spec[0]);
    if (!body) return;
    zf_agency_t before, after;
    if (load_agency(req, resp, "id", "agency.write", &before) != 0) return;
    zf_db_t *db = zf_api_db(req);
    zf_error_t err = {0};
    const char *kind = json_string_value(json_object_get(body, "kind"));
    json_t *ja = json_object_get(body, "active");
    int rc = check_kind(kind, &err);
    if (rc == 0) rc = zf_db_begin(db, &err);
    if (rc == 0)
        rc = zf_agency_update(db, req->arena, before.id,
                              json_integer_value(json_object_get(body, "version")),
                              json_string_value(json_object_get(body, "name")), kind,
                              json_string_value(json_object_get(body, "org_code")),
                              json_string_value(json_object_get(body, "contact")),
                              ja ? json_is_true(ja) : -1, &after, &err);
    if (rc != 0) {
        zf_api_abort(req, resp, &err);
        return;
    }
    json_t *jafter = agency_json(&after);
    zf_api_commit_change(req, resp, "agency.update", "agency", after.id, after.unit_id,
                         agency_json(&before), jafter, json_incref(jafter), 200);
}

/* ---- shares ---- */

/* The share with the subject's name where it can be found. */
static json_t *share_json(zf_db_t *db, zf_arena_t *a, const zf_share_t *s) {
    json_t *o = json_pack("{s:I, s:I, s:s, s:I, s:s, s:I, s:s}", "id", (json_int_t)s->id,
                          "agency_id", (json_int_t)s->agency_id, "subject_kind", s->subject_kind,
                          "subject_id", (json_int_t)s->subject_id, "note", s->note, "shared_by",
                          (json_int_t)s->shared_by, "shared_at", s->shared_at);
    if (db && strcmp(s->subject_kind, "enterprise") == 0) {
        zf_enterprise_t e;
        zf_error_t ignore = {0};
        if (zf_enterprise_get(db, a, s->subject_id, &e, &ignore) == 0)
            json_object_set_new(o, "subject_name", json_string(e.name));
    }
    return o;
}

void zf_api_agency_shares(zf_req_t *req, zf_resp_t *resp) {
    zf_agency_t g;
    if (load_agency(req, resp, "id", "agency.share", &g) != 0) return;
    zf_error_t err = {0};
    zf_share_t *items;
    size_t n;
    zf_db_t *db = zf_api_db(req);
    if (zf_shares_list(db, req->arena, g.id, NULL, &items, &n, &err) != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, share_json(db, req->arena, &items[i]));
    zf_resp_json(req, resp, 200, json_pack("{s:o, s:o}", "agency", agency_json(&g), "items", arr));
}

void zf_api_agency_share_create(zf_req_t *req, zf_resp_t *resp) {
    static const zf_field_t spec[] = {
        {"subject_kind", ZF_FIELD_STRING, 1, "共享对象类型", 16, 1},
        {"subject_id", ZF_FIELD_INT, 1, "共享对象", 0, 0},
        {"note", ZF_FIELD_STRING, 0, "共享说明", 200, 0},
    };
    json_t *body = zf_api_body(req, resp, spec, sizeof spec / sizeof spec[0]);
    if (!body) return;
    zf_agency_t g;
    if (load_agency(req, resp, "id", "agency.share", &g) != 0) return;
    zf_db_t *db = zf_api_db(req);
    zf_error_t err = {0};
    const char *kind = json_string_value(json_object_get(body, "subject_kind"));
    int64_t subject_id = json_integer_value(json_object_get(body, "subject_id"));
    int rc = 0;
    zf_enterprise_t e;
    if (strcmp(kind, "enterprise") != 0) {
        /* cases join when the case module lands (the table already allows them) */
        rc = zf_error_set(&err, ZF_EINVAL, 400, "share.kind_unsupported", "subject_kind",
                          "目前只能共享企业（enterprise）；案件共享将随案件模块提供");
    }
    if (rc == 0) rc = zf_enterprise_get(db, req->arena, subject_id, &e, &err);
    if (rc == ZF_ENOTFOUND)
        rc = zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", "subject_id", "企业 %lld 不存在",
                          (long long)subject_id);
    /* only what the sharer may see himself can be shared */
    if (rc == 0) rc = zf_perm_check(zf_api_actor(req), "enterprise.read", e.unit_path, &err);
    zf_share_t created;
    if (rc == 0) rc = zf_db_begin(db, &err);
    if (rc == 0)
        rc = zf_share_insert(db, req->arena, g.id, kind, subject_id,
                             json_string_value(json_object_get(body, "note")),
                             zf_api_actor(req)->user_id, &created, &err);
    if (rc != 0) {
        zf_api_abort(req, resp, &err);
        return;
    }
    json_t *after = share_json(NULL, req->arena, &created);
    json_object_set_new(after, "subject_name", json_string(e.name));
    zf_api_commit_change(req, resp, "agency.share", "agency", g.id, g.unit_id, NULL, after,
                         json_incref(after), 201);
}

void zf_api_agency_share_withdraw(zf_req_t *req, zf_resp_t *resp) {
    static const zf_field_t spec[] = {
        {"reason", ZF_FIELD_STRING, 0, "撤回原因", 200, 0},
    };
    json_t *body = zf_api_body(req, resp, spec, sizeof spec / sizeof spec[0]);
    if (!body) return;
    zf_agency_t g;
    if (load_agency(req, resp, "id", "agency.share", &g) != 0) return;
    int64_t share_id = zf_api_id_param(req, resp, "share_id");
    if (!share_id) return;
    zf_db_t *db = zf_api_db(req);
    zf_error_t err = {0};
    zf_share_t s;
    int rc = zf_share_get(db, req->arena, share_id, &s, &err);
    if (rc == 0 && s.agency_id != g.id)
        rc = zf_error_set(&err, ZF_ENOTFOUND, 404, "share.not_found", NULL, "该共享记录不存在");
    if (rc == 0) rc = zf_db_begin(db, &err);
    if (rc == 0) rc = zf_share_delete(db, s.id, &err);
    if (rc != 0) {
        zf_api_abort(req, resp, &err);
        return;
    }
    json_t *before = share_json(db, req->arena, &s);
    json_t *reason = json_object_get(body, "reason");
    json_t *after = json_pack("{s:I, s:b, s:O}", "id", (json_int_t)s.id, "withdrawn", 1, "reason",
                              reason ? reason : json_null());
    zf_api_commit_change(req, resp, "agency.unshare", "agency", g.id, g.unit_id, before, after,
                         json_incref(after), 200);
}

/* ---- tokens ---- */

static json_t *token_json(const zf_xtoken_t *t) {
    char expires[32];
    /* the instant as UTC ISO-8601 (expires_ms is what is compared) */
    time_t secs = (time_t)(t->expires_ms / 1000);
    struct tm tm;
    gmtime_r(&secs, &tm);
    strftime(expires, sizeof expires, "%Y-%m-%dT%H:%M:%SZ", &tm);
    const char *state = t->revoked_at                  ? "revoked"
                        : t->expires_ms <= zf_now_ms() ? "expired"
                                                       : "active";
    return json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:I, s:s, s:s, s:s, s:o, s:o, s:o, "
                     "s:I}",
                     "id", (json_int_t)t->id, "agency_id", (json_int_t)t->agency_id, "agency_name",
                     t->agency_name, "label", t->label, "scope", t->scope, "resources",
                     t->resources, "token_prefix", t->token_prefix, "created_by",
                     (json_int_t)t->created_by, "created_at", t->created_at, "expires_at", expires,
                     "state", state, "revoked_at",
                     t->revoked_at ? json_string(t->revoked_at) : json_null(), "revoked_reason",
                     t->revoked_reason ? json_string(t->revoked_reason) : json_null(),
                     "last_used_at", t->last_used_at ? json_string(t->last_used_at) : json_null(),
                     "use_count", (json_int_t)t->use_count);
}

/* GET /api/v1/api-tokens: newest first, keyset-paged like the agencies;
 * ?agency_id= one agency's tokens. */
void zf_api_tokens_list(zf_req_t *req, zf_resp_t *resp) {
    zf_error_t err = {0};
    int64_t before = 0, limit = 50, agency_id = 0;
    int rc = zf_api_page_params(req, &before, &limit, &err);
    const char *ga = zf_req_query(req, "agency_id");
    if (rc == 0 && ga && *ga) {
        char *end = NULL;
        agency_id = strtoll(ga, &end, 10);
        if (*end || agency_id <= 0)
            rc = zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", "agency_id",
                              "参数 agency_id 应为协作单位编号（正整数）");
    }
    zf_xtoken_t *items;
    size_t n = 0;
    if (rc == 0)
        rc = zf_xtokens_list(zf_api_db(req), req->arena, zf_api_actor(req)->scope_path, agency_id,
                             before, limit, &items, &n, &err);
    if (rc != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, token_json(&items[i]));
    json_t *next = n && (int64_t)n == limit ? json_integer(items[n - 1].id) : json_null();
    zf_resp_json(req, resp, 200, json_pack("{s:o, s:o}", "items", arr, "next_before", next));
}

/* "enterprise.read  notice.write" → "enterprise.read notice.write", each a
 * known resource, no repeats, no push resource on a read token. */
static int normalise_resources(zf_arena_t *a, const char *text, const char *scope, const char **out,
                               zf_error_t *err) {
    char buf[256] = "";
    size_t used = 0;
    for (const char *p = text; *p;) {
        while (*p == ' ' || *p == ',')
            p++;
        size_t len = strcspn(p, " ,");
        if (!len) break;
        size_t k = 0, nk = sizeof token_resources / sizeof token_resources[0];
        while (k < nk && !(strlen(token_resources[k].action) == len &&
                           strncmp(token_resources[k].action, p, len) == 0))
            k++;
        if (k == nk)
            return zf_error_set(err, ZF_EINVAL, 400, "token.resource_invalid", "resources",
                                "“%.*s”不是可授权的数据交换资源（可选：enterprise.read、"
                                "notice.read、notice.write）",
                                (int)len, p);
        if (token_resources[k].push && strcmp(scope, "push") != 0)
            return zf_error_set(err, ZF_EINVAL, 400, "token.resource_invalid", "resources",
                                "只读令牌不能授权推送资源 %s", token_resources[k].action);
        const char *w = token_resources[k].action;
        size_t wl = strlen(w);
        int dup = 0;
        for (const char *q = buf; *q;) {
            size_t ql = strcspn(q, " ");
            if (ql == wl && strncmp(q, w, wl) == 0) dup = 1;
            q += ql;
            while (*q == ' ')
                q++;
        }
        if (!dup) {
            if (used + wl + 2 >= sizeof buf) break;
            if (used) buf[used++] = ' ';
            memcpy(buf + used, w, wl);
            used += wl;
            buf[used] = '\0';
        }
        p += len;
    }
    if (!used)
        return zf_error_set(err, ZF_EINVAL, 400, "input.invalid", "resources",
                            "请至少授权一项数据交换资源");
    *out = zf_arena_strdup(a, buf);
    return 0;
}

void zf_api_token_create(zf_req_t *req, zf_resp_t *resp) {
    static const zf_field_t spec[] = {
        {"agency_id", ZF_FIELD_INT, 1, "协作单位", 0, 0},
        {"label", ZF_FIELD_STRING, 1, "令牌用途", 64, 1},
        {"scope", ZF_FIELD_STRING, 1, "令牌权限", 8, 1},
        {"resources", ZF_FIELD_STRING, 1, "授权资源", 200, 1},
        {"expires_in_days", ZF_FIELD_INT, 0, "有效天数", 0, 0},
    };
    json_t *body = zf_api_body(req, resp, spec, sizeof spec / sizeof spec[0]);
    if (!body) return;
    zf_db_t *db = zf_api_db(req);
    zf_error_t err = {0};
    const char *scope = json_string_value(json_object_get(body, "scope"));
    json_t *jd = json_object_get(body, "expires_in_days");
    int64_t days = jd ? json_integer_value(jd) : 90;
    int64_t agency_id = json_integer_value(json_object_get(body, "agency_id"));
    const char *resources = NULL;
    int rc = 0;
    if (strcmp(scope, "read") != 0 && strcmp(scope, "push") != 0)
        rc = zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", "scope",
                          "令牌权限应为 read（只读）或 push（可推送）");
    if (rc == 0 && (days < 1 || days > 366))
        rc = zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", "expires_in_days",
                          "有效天数应为 1–366");
    if (rc == 0)
        rc = normalise_resources(req->arena, json_string_value(json_object_get(body, "resources")),
                                 scope, &resources, &err);
    zf_agency_t g;
    if (rc == 0) rc = zf_agency_get(db, req->arena, agency_id, &g, &err);
    if (rc == ZF_ENOTFOUND)
        rc = zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", "agency_id",
                          "协作单位 %lld 不存在", (long long)agency_id);
    if (rc == 0 && !g.active)
        rc = zf_error_set(&err, ZF_EINVAL, 400, "agency.inactive", "agency_id",
                          "协作单位“%s”已停用，不能签发令牌", g.name);
    if (rc == 0) rc = zf_perm_check(zf_api_actor(req), "api_token.manage", g.unit_path, &err);
    if (rc != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    char token[65];
    zf_xtoken_t created;
    rc = zf_db_begin(db, &err);
    if (rc == 0)
        rc = zf_xtoken_insert(db, req->arena, g.id,
                              json_string_value(json_object_get(body, "label")), scope, resources,
                              zf_now_ms() + days * 86400000LL, zf_api_actor(req)->user_id, token,
                              &created, &err);
    if (rc != 0) {
        zf_api_abort(req, resp, &err);
        return;
    }
    /* the log and every later answer know the token only by its prefix */
    json_t *after = token_json(&created);
    json_t *answer = token_json(&created);
    json_object_set_new(answer, "token", json_string(token));
    json_object_set_new(
        answer, "notice",
        json_string("令牌只显示这一次，服务器只保存其 SHA-256 摘要，请立即妥善转交"));
    zf_api_commit_change(req, resp, "api_token.create", "api_token", created.id, g.unit_id, NULL,
                         after, answer, 201);
}

void zf_api_token_revoke(zf_req_t *req, zf_resp_t *resp) {
    static const zf_field_t reason_field = {"reason", ZF_FIELD_STRING, 1, "吊销原因", 200, 1};
    int64_t id;
    const char *reason = zf_api_reason_and_id(req, resp, &reason_field, &id);
    if (!reason) return;
    zf_db_t *db = zf_api_db(req);
    zf_error_t err = {0};
    zf_xtoken_t before, after;
    int rc = zf_xtoken_get(db, req->arena, id, &before, &err);
    if (rc == 0) rc = zf_perm_check(zf_api_actor(req), "api_token.manage", before.unit_path, &err);
    if (rc == 0) rc = zf_db_begin(db, &err);
    if (rc == 0)
        rc = zf_xtoken_revoke(db, req->arena, id, zf_api_actor(req)->user_id, reason, &after, &err);
    if (rc != 0) {
        zf_api_abort(req, resp, &err);
        return;
    }
    json_t *jafter = token_json(&after);
    zf_api_commit_change(req, resp, "api_token.revoke", "api_token", id, before.unit_id,
                         token_json(&before), jafter, json_incref(jafter), 200);
}
