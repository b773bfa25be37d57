/* checklists.c — inspection checklists as data (issue 7, R16): list, read a
 * version, upload a new checklist or a new version, retire; and the seed of
 * the checklists shipped in data/checklists (embedded by
 * scripts/embed_checklists.py) that `zhifa init` loads.
 *
 * Checklists are law-derived content like the catalogue, not unit records:
 * everyone signed in reads them and checklist.write (admin, legal reviewer)
 * keeps them; the permission check therefore names no unit (NULL path), as
 * for the catalogue. Every write is logged with the whole document in the
 * same transaction (R22). A document is validated whole by core/checklist.c
 * and its catalogue codes are checked against the catalogue table; a bad
 * document is answered 400 checklist.invalid with every problem listed by
 * JSON path in `errors`. */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "core/checklist.h"
#include "core/day.h"
#include "store/checklists.h"

extern const char *const zf_checklists_shipped[];
extern const char *const zf_checklists_shipped_names[];
extern const unsigned long zf_checklists_shipped_count;

static json_t *row_json(const zf_checklist_row_t *r) {
    json_t *j = json_pack("{s:s, s:i, s:s, s:s, s:s, s:i, s:i, s:s, s:s}", "code", r->code,
                          "version", r->version, "title", r->title, "domain", r->domain,
                          "effective_from", r->effective_from, "items", r->items, "major_items",
                          r->major_items, "status", r->status, "created_at", r->created_at);
    json_object_set_new(j, "created_by", r->created_by ? json_integer(r->created_by) : json_null());
    return j;
}

/* The version in force on `today` among rows[lo, hi) of one code (ordered
 * by version): the highest version whose effective_from <= today; -1 when
 * none is in force yet. */
static long in_force(const zf_checklist_row_t *rows, size_t lo, size_t hi, const char *today) {
    long best = -1;
    for (size_t i = lo; i < hi; i++) {
        if (strcmp(rows[i].effective_from, today) > 0) continue;
        if (best < 0 || strcmp(rows[i].effective_from, rows[best].effective_from) >= 0)
            best = (long)i;
    }
    return best;
}

static int domain_ok(const char *d) {
    static const char *const domains[] = {"hazchem", "fireworks", "mining", "industry", "other"};
    for (size_t i = 0; i < sizeof domains / sizeof domains[0]; i++)
        if (strcmp(domains[i], d) == 0) return 1;
    return 0;
}

void zf_api_checklists_list(zf_req_t *req, zf_resp_t *resp) {
    const char *domain = zf_req_query(req, "domain");
    const char *status = zf_req_query(req, "status");
    zf_error_t err = {0};
    if (domain && *domain && !domain_ok(domain)) {
        zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", "domain",
                     "领域“%s”无效，应为 hazchem、fireworks、mining、industry 或 other", domain);
        zf_api_fail(req, resp, &err);
        return;
    }
    if (status && *status && strcmp(status, "active") != 0 && strcmp(status, "retired") != 0) {
        zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", "status",
                     "状态“%s”无效，应为 active 或 retired", status);
        zf_api_fail(req, resp, &err);
        return;
    }
    zf_checklist_row_t *rows;
    size_t n;
    if (zf_checklists_all(zf_api_db(req), req->arena, domain, &rows, &n, &err) != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    char today[11];
    zf_api_today(today);
    json_t *items = json_array();
    for (size_t lo = 0; lo < n;) {
        size_t hi = lo + 1;
        while (hi < n && strcmp(rows[hi].code, rows[lo].code) == 0)
            hi++;
        long cur = in_force(rows, lo, hi, today);
        const zf_checklist_row_t *latest = &rows[hi - 1];
        const zf_checklist_row_t *shown = cur >= 0 ? &rows[cur] : latest;
        /* a checklist's status is its latest version's (retire sets all) */
        if (!status || !*status || strcmp(status, latest->status) == 0) {
            json_t *j = row_json(shown);
            json_object_set_new(j, "in_force", json_boolean(cur >= 0));
            json_object_set_new(j, "status", json_string(latest->status));
            json_object_set_new(j, "latest_version", json_integer(latest->version));
            json_object_set_new(j, "versions", json_integer((json_int_t)(hi - lo)));
            json_array_append_new(items, j);
        }
        lo = hi;
    }
    zf_resp_json(req, resp, 200, json_pack("{s:s, s:o}", "today", today, "items", items));
}

void zf_api_checklist_get(zf_req_t *req, zf_resp_t *resp) {
    const char *code = zf_req_param(req, "code");
    const char *vq = zf_req_query(req, "version");
    zf_db_t *db = zf_api_db(req);
    zf_error_t err = {0};
    zf_checklist_row_t *rows;
    size_t n;
    if (zf_checklist_versions(db, req->arena, code, &rows, &n, &err) != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    char today[11];
    zf_api_today(today);
    long cur = in_force(rows, 0, n, today);
    int want = cur >= 0 ? rows[cur].version : rows[n - 1].version;
    if (vq) {
        char *end;
        long v = strtol(vq, &end, 10);
        if (!*vq || *end || v < 1 || v > 1000000) {
            zf_error_set(&err, ZF_EINVAL, 400, "input.invalid", "version",
                         "版本号“%s”无效，应为正整数", vq);
            zf_api_fail(req, resp, &err);
            return;
        }
        want = (int)v;
    }
    zf_checklist_row_t row;
    if (zf_checklist_get(db, req->arena, code, want, &row, &err) != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    json_t *body = json_loads(row.body, 0, NULL);
    if (!body) {
        zf_error_set(&err, ZF_EIO, 500, "checklist.corrupt", NULL, "检查表 %s 第 %d 版的内容已损坏",
                     code, want);
        zf_api_fail(req, resp, &err);
        return;
    }
    json_t *j = row_json(&row);
    json_object_set_new(j, "in_force", json_boolean(cur >= 0 && rows[cur].version == want));
    json_object_set_new(j, "body", body);
    json_t *versions = json_array();
    for (size_t i = n; i-- > 0;) { /* newest first */
        json_t *v = row_json(&rows[i]);
        json_object_set_new(v, "in_force", json_boolean((long)i == cur));
        json_array_append_new(versions, v);
    }
    zf_resp_json(req, resp, 200,
                 json_pack("{s:s, s:s, s:o, s:o}", "code", code, "today", today, "checklist", j,
                           "versions", versions));
}

/* ---- validation of an uploaded document ---- */

static void add_problem(json_t *errors, const char *path, const char *code, const char *message) {
    json_array_append_new(
        errors, json_pack("{s:s, s:s, s:s}", "path", path, "code", code, "message", message));
}

/* Check doc whole: the format (core/checklist.c), then every catalogue code
 * against the catalogue table. Returns 0, or ZF_EINVAL with *errors (new
 * reference) listing every problem, or another negative code (database). */
static int check_document(zf_db_t *db, zf_arena_t *a, json_t *doc, json_t **errors,
                          zf_error_t *err) {
    zf_chk_problem_t *p;
    size_t n;
    json_t *list = json_array();
    if (zf_checklist_validate(a, doc, &p, &n) == 0) {
        zf_chk_ref_t *refs;
        size_t nrefs;
        zf_checklist_catalogue_refs(a, doc, &refs, &nrefs);
        for (size_t i = 0; i < nrefs; i++) {
            int known = zf_checklist_catalogue_known(db, refs[i].code, err);
            if (known < 0) {
                json_decref(list);
                return known;
            }
            if (!known)
                add_problem(list, refs[i].path, "checklist.unknown_catalogue",
                            zf_arena_printf(a, "检查项 %s 引用的执法事项 %s 不在执法事项目录中",
                                            refs[i].item_id, refs[i].code));
        }
    } else {
        for (size_t i = 0; i < n; i++)
            add_problem(list, p[i].path, p[i].code, p[i].message);
    }
    if (json_array_size(list) == 0) {
        json_decref(list);
        return 0;
    }
    json_t *first = json_array_get(list, 0);
    zf_error_set(err, ZF_EINVAL, 400, "checklist.invalid",
                 json_string_value(json_object_get(first, "path")),
                 "检查表有 %zu 处错误，第一处（%s）：%s", json_array_size(list),
                 json_string_value(json_object_get(first, "path")),
                 json_string_value(json_object_get(first, "message")));
    *errors = list;
    return ZF_EINVAL;
}

/* Answer 400 checklist.invalid with the list of problems. */
static void fail_invalid(zf_req_t *req, zf_resp_t *resp, const zf_error_t *err, json_t *errors) {
    json_t *inner = json_pack("{s:s, s:s, s:s}", "code", err->code, "message", err->message,
                              "field", err->field);
    zf_resp_json(req, resp, err->status, json_pack("{s:o, s:o}", "error", inner, "errors", errors));
}

/* Store doc as version `version` of its code and log it (caller's
 * transaction). */
static int store_document(zf_db_t *db, zf_arena_t *a, json_t *doc, int version, int64_t actor,
                          const char *action, json_t *before, zf_checklist_row_t *out,
                          zf_error_t *err) {
    json_object_set_new(doc, "version", json_integer(version));
    zf_chk_summary_t s;
    zf_checklist_summary(doc, &s);
    char *text = json_dumps(doc, JSON_COMPACT | JSON_PRESERVE_ORDER);
    if (!text) return zf_error_set(err, ZF_EIO, 500, "internal", NULL, "内存不足");
    zf_arena_defer(a, free, text);
    zf_checklist_row_t row = {.code = s.code,
                              .version = version,
                              .title = s.title,
                              .domain = s.domain,
                              .effective_from = s.effective_from,
                              .body = text,
                              .items = s.items,
                              .major_items = s.major_items};
    int rc = zf_checklist_insert(db, a, &row, actor, out, err);
    if (rc) return rc;
    json_t *after = row_json(out);
    json_object_set(after, "body", doc);
    zf_log_entry_t e = {.actor_id = actor,
                        .action = action,
                        .object_type = "checklist",
                        .object_id = out->code,
                        .before = before,
                        .after = after};
    int64_t idx = zf_log_append(db, &e, err);
    json_decref(after);
    return idx < 0 ? (int)idx : 0;
}

/* The request body as a checklist document (an object; the dispatcher has
 * parsed it with duplicate keys refused). NULL after answering. */
static json_t *document_body(zf_req_t *req, zf_resp_t *resp) {
    zf_error_t err = {0};
    json_t *body = zf_req_json(req, &err);
    if (!body) zf_api_fail(req, resp, &err);
    return body;
}

void zf_api_checklist_create(zf_req_t *req, zf_resp_t *resp) {
    const zf_actor_t *actor = zf_api_actor(req);
    zf_error_t err = {0};
    if (zf_perm_check(actor, "checklist.write", NULL, &err) != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    json_t *doc = document_body(req, resp);
    if (!doc) return;
    zf_db_t *db = zf_api_db(req);
    json_t *errors = NULL;
    int rc = check_document(db, req->arena, doc, &errors, &err);
    if (rc == ZF_EINVAL) {
        fail_invalid(req, resp, &err, errors);
        return;
    }
    const char *code = json_string_value(json_object_get(doc, "code"));
    zf_checklist_row_t *rows, stored;
    size_t n;
    if (rc == 0) rc = zf_db_begin(db, &err);
    if (rc == 0) {
        zf_error_t probe = {0};
        int found = zf_checklist_versions(db, req->arena, code, &rows, &n, &probe);
        if (found == 0)
            rc = zf_error_set(&err, ZF_ECONFLICT, 409, "checklist.code_taken", "code",
                              "检查表 %s 已存在；修改请上传新版本", code);
        else if (found != ZF_ENOTFOUND) {
            err = probe;
            rc = found;
        }
    }
    if (rc == 0)
        rc = store_document(db, req->arena, doc, 1, actor->user_id, "checklist.create", NULL,
                            &stored, &err);
    if (rc != 0) {
        zf_api_abort(req, resp, &err);
        return;
    }
    json_t *answer = row_json(&stored);
    zf_error_t cerr = {0};
    if (zf_db_commit(db, &cerr) != 0) {
        json_decref(answer);
        zf_api_abort(req, resp, &cerr);
        return;
    }
    zf_resp_json(req, resp, 201, answer);
}

void zf_api_checklist_version_create(zf_req_t *req, zf_resp_t *resp) {
    const zf_actor_t *actor = zf_api_actor(req);
    const char *code = zf_req_param(req, "code");
    zf_error_t err = {0};
    if (zf_perm_check(actor, "checklist.write", NULL, &err) != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    json_t *doc = document_body(req, resp);
    if (!doc) return;
    zf_db_t *db = zf_api_db(req);
    zf_checklist_row_t *rows;
    size_t n;
    if (zf_checklist_versions(db, req->arena, code, &rows, &n, &err) != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    json_t *errors = NULL;
    int rc = check_document(db, req->arena, doc, &errors, &err);
    if (rc == ZF_EINVAL) {
        fail_invalid(req, resp, &err, errors);
        return;
    }
    if (rc != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    const char *doc_code = json_string_value(json_object_get(doc, "code"));
    const char *from = json_string_value(json_object_get(doc, "effective_from"));
    const zf_checklist_row_t *latest = &rows[n - 1];
    if (strcmp(doc_code, code) != 0)
        rc = zf_error_set(&err, ZF_EINVAL, 400, "checklist.code_mismatch", "code",
                          "检查表编码不可修改（路径为 %s，文件中为 %s）", code, doc_code);
    /* Versions follow one another in time: a new version may not take
     * effect before the one it replaces (an inspection already answered
     * against that one keeps its version either way). */
    else if (strcmp(from, latest->effective_from) < 0)
        rc = zf_error_set(&err, ZF_EINVAL, 400, "checklist.effective_before_latest",
                          "effective_from", "生效日期 %s 早于现行第 %d 版的生效日期 %s", from,
                          latest->version, latest->effective_from);
    if (rc != 0) {
        zf_api_fail(req, resp, &err);
        return;
    }
    zf_checklist_row_t stored;
    json_t *before = row_json(latest);
    rc = zf_db_begin(db, &err);
    if (rc == 0)
        rc = store_document(db, req->arena, doc, latest->version + 1, actor->user_id,
                            "checklist.version", before, &stored, &err);
    json_decref(before);
    if (rc != 0) {
        zf_api_abort(req, resp, &err);
        return;
    }
    json_t *answer = row_json(&stored);
    zf_error_t cerr = {0};
    if (zf_db_commit(db, &cerr) != 0) {
        json_decref(answer);
        zf_api_abort(req, resp, &cerr);
        return;
    }
    zf_resp_json(req, resp, 201, answer);
}

void zf_api_checklist_retire(zf_req_t *req, zf_resp_t *resp) {
    static const zf_field_t spec[] = {
        {"reason", ZF_FIELD_STRING, 1, "停用原因", 500, 1},
    };
    json_t *body = zf_api_body(req, resp, spec, sizeof spec / sizeof spec[0]);
    if (!body) return;
    const zf_actor_t *actor = zf_api_actor(req);
    const char *code = zf_req_param(req, "code");
    zf_db_t *db = zf_api_db(req);
    zf_error_t err = {0};
    zf_checklist_row_t *rows;
    size_t n;
    int rc = zf_perm_check(actor, "checklist.write", NULL, &err);
    if (rc == 0) rc = zf_db_begin(db, &err);
    if (rc == 0) rc = zf_checklist_versions(db, req->arena, code, &rows, &n, &err);
    if (rc == 0 && strcmp(rows[n - 1].status, "retired") == 0)
        rc = zf_error_set(&err, ZF_ECONFLICT, 409, "checklist.already_retired", NULL,
                          "检查表 %s 已停用", code);
    int64_t changed = rc == 0 ? zf_checklist_set_status(db, code, "retired", &err) : 0;
    if (changed < 0) rc = (int)changed;
    if (rc != 0) {
        zf_api_abort(req, resp, &err);
        return;
    }
    json_t *before = json_pack("{s:s, s:s, s:i}", "code", code, "status", rows[n - 1].status,
                               "latest_version", rows[n - 1].version);
    json_t *after =
        json_pack("{s:s, s:s, s:i, s:s, s:I}", "code", code, "status", "retired", "latest_version",
                  rows[n - 1].version, "reason", json_string_value(json_object_get(body, "reason")),
                  "versions", (json_int_t)changed);
    zf_log_entry_t e = {.actor_id = actor->user_id,
                        .action = "checklist.retire",
                        .object_type = "checklist",
                        .object_id = code,
                        .before = before,
                        .after = after};
    zf_api_commit(req, resp, &e, 200, json_incref(after));
    json_decref(before);
    json_decref(after);
}

/* ---- the shipped checklists (zhifa init) ---- */

int zf_checklist_seed(zf_db_t *db, zf_arena_t *a, zf_error_t *err) {
    int seeded = 0;
    for (unsigned long f = 0; f < zf_checklists_shipped_count; f++) {
        const char *text = zf_checklists_shipped[f];
        json_t *doc;
        zf_chk_problem_t *p;
        size_t n;
        if (zf_checklist_parse(a, text, strlen(text), &doc, &p, &n) != 0) {
            json_decref(doc);
            return zf_error_set(err, ZF_EIO, 500, "checklist.seed_invalid", p[0].path,
                                "内置检查表 %s 有误（%s）：%s", zf_checklists_shipped_names[f],
                                p[0].path, p[0].message);
        }
        zf_arena_defer(a, (void (*)(void *))json_decref, doc);
        json_t *errors = NULL;
        int rc = check_document(db, a, doc, &errors, err);
        if (rc == ZF_EINVAL) {
            json_decref(errors);
            /* the first problem names the item and the unknown catalogue code */
            zf_error_t first = *err;
            return zf_error_set(err, ZF_EIO, 500, "checklist.seed_invalid", first.field,
                                "内置检查表 %s 不能载入：%s", zf_checklists_shipped_names[f],
                                first.message);
        }
        if (rc) return rc;
        zf_chk_summary_t s;
        zf_checklist_summary(doc, &s);
        zf_checklist_row_t *rows;
        size_t nrows;
        zf_error_t probe = {0};
        rc = zf_checklist_versions(db, a, s.code, &rows, &nrows, &probe);
        if (rc != 0 && rc != ZF_ENOTFOUND) {
            *err = probe;
            return rc;
        }
        /* Idempotent: a shipped version is loaded once, and never behind a
         * version the bureau made itself (theirs stays the latest). */
        if (rc == 0 && rows[nrows - 1].version >= s.version) continue;
        zf_checklist_row_t stored;
        rc = store_document(db, a, doc, s.version, 0, "checklist.seed", NULL, &stored, err);
        if (rc) return rc;
        seeded++;
    }
    return seeded;
}
