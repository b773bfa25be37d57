/* exchange.c — agencies, exchange tokens, shares, notices. See exchange.h. */
#include "store/exchange.h"

#include <sodium.h>
#include <stdint.h>
#include <string.h>

#include "core/sha256.h"
#include "core/util.h"

/* The departments an administrative problem outside the bureau's competence
 * is transferred to (issue 11; 行政处罚法 第二十四条、安全生产法 第六十五条
 * are the bureau's own; the others' competences are their own laws). */
static const struct {
    const char *kind;
    const char *name;
} agency_kinds[] = {
    {"market", "市场监督管理"},
    {"ecology", "生态环境"},
    {"housing", "住房和城乡建设"},
    {"transport", "交通运输"},
    {"culture_tourism", "文化和旅游"},
    {"agriculture", "农业农村"},
    {"natural_resources", "自然资源和规划"},
    {"water", "水利"},
    {"fire_rescue", "消防救援"},
    {"public_security", "公安"},
    {"procuratorate", "检察院"},
    {"other", "其他"},
};

const char *zf_agency_kind_name(const char *kind) {
    if (!kind) return NULL;
    for (size_t i = 0; i < sizeof agency_kinds / sizeof agency_kinds[0]; i++)
        if (strcmp(agency_kinds[i].kind, kind) == 0) return agency_kinds[i].name;
    return NULL;
}

const char *zf_agency_kind_at(size_t i) {
    return i < sizeof agency_kinds / sizeof agency_kinds[0] ? agency_kinds[i].kind : NULL;
}

static const char *dup_or_null(zf_stmt_t *st, zf_arena_t *a, int col) {
    return zf_stmt_is_null(st, col) ? NULL : zf_arena_strdup(a, zf_stmt_text(st, col));
}

/* Step a single-row query, read it, done; 404 <code> when there is no row. */
static int fetch_one(zf_stmt_t *st, zf_arena_t *a, zf_row_reader_fn read, void *out,
                     const char *code, const char *what, zf_error_t *err) {
    int rc = zf_stmt_step(st, err);
    if (rc == 1) read(st, a, out);
    zf_stmt_done(st);
    if (rc < 0) return rc;
    if (rc == 0) return zf_error_set(err, ZF_ENOTFOUND, 404, code, NULL, "%s不存在", what);
    return 0;
}

/* Run an INSERT … RETURNING id; the id or a negative code. */
static int64_t insert_returning(zf_stmt_t *st, zf_error_t *err) {
    int rc = zf_stmt_step(st, err);
    int64_t id = rc == 1 ? zf_stmt_int(st, 0) : 0;
    zf_stmt_done(st);
    if (rc < 0) return rc;
    if (rc == 0) return zf_error_set(err, ZF_EIO, 500, "store.error", NULL, "插入未返回编号");
    return id;
}

/* ---- agencies ---- */

#define AGENCY_COLUMNS                                                                             \
    "g.id, g.unit_id, u.path, g.name, g.kind, g.org_code, g.contact, g.active, g.version, "        \
    "g.created_at, g.updated_at FROM agencies g JOIN units u ON u.id = g.unit_id "

static void read_agency(zf_stmt_t *st, zf_arena_t *a, void *item) {
    zf_agency_t *g = item;
    g->id = zf_stmt_int(st, 0);
    g->unit_id = zf_stmt_int(st, 1);
    g->unit_path = zf_arena_strdup(a, zf_stmt_text(st, 2));
    g->name = zf_arena_strdup(a, zf_stmt_text(st, 3));
    g->kind = zf_arena_strdup(a, zf_stmt_text(st, 4));
    g->org_code = zf_arena_strdup(a, zf_stmt_text(st, 5));
    g->contact = zf_arena_strdup(a, zf_stmt_text(st, 6));
    g->active = (int)zf_stmt_int(st, 7);
    g->version = zf_stmt_int(st, 8);
    g->created_at = zf_arena_strdup(a, zf_stmt_text(st, 9));
    g->updated_at = zf_arena_strdup(a, zf_stmt_text(st, 10));
}

int zf_agencies_list(zf_db_t *db, zf_arena_t *a, const zf_agency_filter_t *f, zf_agency_t **out,
                     size_t *n, zf_error_t *err) {
    /* the kinds are checked names (zf_agency_kind_name) joined by commas: a
     * fixed statement whatever their number; the name is escaped for LIKE */
    zf_stmt_t *st = zf_db_prepare(
        db,
        "SELECT " AGENCY_COLUMNS "WHERE u.path LIKE $1 || '%' AND (g.active = 1 OR $2 = 0) "
        "AND ($3 = '' OR (',' || $3 || ',') LIKE ('%,' || g.kind || ',%')) "
        "AND ($4 = '' OR g.name LIKE $5 ESCAPE '\\') AND g.id < $6 "
        "ORDER BY g.id DESC LIMIT $7",
        err);
    if (!st) return ZF_EIO;
    const char *q = f->q ? f->q : "";
    zf_stmt_bind_text(st, 1, f->scope_path);
    zf_stmt_bind_int(st, 2, f->active_only ? 1 : 0);
    zf_stmt_bind_text(st, 3, f->kinds ? f->kinds : "");
    zf_stmt_bind_text(st, 4, q);
    zf_stmt_bind_text(st, 5, zf_db_like_contains(a, q));
    zf_stmt_bind_int(st, 6, f->before_id > 0 ? f->before_id : INT64_MAX);
    zf_stmt_bind_int(st, 7, f->limit);
    void *items;
    int rc = zf_stmt_collect(st, a, sizeof **out, read_agency, &items, n, err);
    if (rc == 0) *out = items;
    return rc;
}

int zf_agency_get(zf_db_t *db, zf_arena_t *a, int64_t id, zf_agency_t *out, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db, "SELECT " AGENCY_COLUMNS "WHERE g.id = $1", err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, id);
    return fetch_one(st, a, read_agency, out, "agency.not_found", "该协作单位", err);
}

static int agency_name_free(zf_db_t *db, int64_t unit_id, const char *name, int64_t except_id,
                            zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(
        db, "SELECT id FROM agencies WHERE unit_id = $1 AND name = $2 AND id <> $3", err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, unit_id);
    zf_stmt_bind_text(st, 2, name);
    zf_stmt_bind_int(st, 3, except_id);
    int rc = zf_stmt_step(st, err);
    zf_stmt_done(st);
    if (rc < 0) return rc;
    if (rc == 1)
        return zf_error_set(err, ZF_ECONFLICT, 409, "agency.name_taken", "name",
                            "已有名为“%s”的协作单位", name);
    return 0;
}

int zf_agency_insert(zf_db_t *db, zf_arena_t *a, int64_t unit_id, const char *name,
                     const char *kind, const char *org_code, const char *contact, zf_agency_t *out,
                     zf_error_t *err) {
    int rc = agency_name_free(db, unit_id, name, 0, err);
    if (rc) return rc;
    char now[32];
    zf_now_iso(now);
    zf_stmt_t *st = zf_db_prepare(
        db,
        "INSERT INTO agencies (unit_id, name, kind, org_code, contact, created_at, updated_at) "
        "VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
        err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, unit_id);
    zf_stmt_bind_text(st, 2, name);
    zf_stmt_bind_text(st, 3, kind);
    zf_stmt_bind_text(st, 4, org_code ? org_code : "");
    zf_stmt_bind_text(st, 5, contact ? contact : "");
    zf_stmt_bind_text(st, 6, now);
    int64_t id = insert_returning(st, err);
    if (id < 0) return (int)id;
    return zf_agency_get(db, a, id, out, err);
}

int zf_agency_update(zf_db_t *db, zf_arena_t *a, int64_t id, int64_t version, const char *name,
                     const char *kind, const char *org_code, const char *contact, int active,
                     zf_agency_t *out, zf_error_t *err) {
    zf_agency_t cur;
    int rc = zf_agency_get(db, a, id, &cur, err);
    if (rc) return rc;
    if (name) rc = agency_name_free(db, cur.unit_id, name, id, err);
    if (rc) return rc;
    char now[32];
    zf_now_iso(now);
    zf_stmt_t *st = zf_db_prepare(db,
                                  "UPDATE agencies SET name = $1, kind = $2, org_code = $3, "
                                  "contact = $4, active = $5, version = version + 1, "
                                  "updated_at = $6 WHERE id = $7 AND version = $8",
                                  err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_text(st, 1, name ? name : cur.name);
    zf_stmt_bind_text(st, 2, kind ? kind : cur.kind);
    zf_stmt_bind_text(st, 3, org_code ? org_code : cur.org_code);
    zf_stmt_bind_text(st, 4, contact ? contact : cur.contact);
    zf_stmt_bind_int(st, 5, active < 0 ? cur.active : active);
    zf_stmt_bind_text(st, 6, now);
    zf_stmt_bind_int(st, 7, id);
    zf_stmt_bind_int(st, 8, version);
    rc = zf_stmt_run_versioned(st, "该协作单位", err);
    if (rc) return rc;
    return zf_agency_get(db, a, id, out, err);
}

/* ---- tokens ---- */

#define TOKEN_COLUMNS                                                                              \
    "t.id, t.agency_id, g.name, g.unit_id, u.path, t.label, t.scope, t.resources, "                \
    "t.token_prefix, t.created_by, t.created_at, t.expires_ms, t.revoked_at, t.revoked_by, "       \
    "t.revoked_reason, t.last_used_at, t.use_count, g.active FROM api_tokens t "                   \
    "JOIN agencies g ON g.id = t.agency_id JOIN units u ON u.id = g.unit_id "

static void read_token(zf_stmt_t *st, zf_arena_t *a, void *item) {
    zf_xtoken_t *t = item;
    t->id = zf_stmt_int(st, 0);
    t->agency_id = zf_stmt_int(st, 1);
    t->agency_name = zf_arena_strdup(a, zf_stmt_text(st, 2));
    t->unit_id = zf_stmt_int(st, 3);
    t->unit_path = zf_arena_strdup(a, zf_stmt_text(st, 4));
    t->label = zf_arena_strdup(a, zf_stmt_text(st, 5));
    t->scope = zf_arena_strdup(a, zf_stmt_text(st, 6));
    t->resources = zf_arena_strdup(a, zf_stmt_text(st, 7));
    t->token_prefix = zf_arena_strdup(a, zf_stmt_text(st, 8));
    t->created_by = zf_stmt_int(st, 9);
    t->created_at = zf_arena_strdup(a, zf_stmt_text(st, 10));
    t->expires_ms = zf_stmt_int(st, 11);
    t->revoked_at = dup_or_null(st, a, 12);
    t->revoked_by = zf_stmt_is_null(st, 13) ? 0 : zf_stmt_int(st, 13);
    t->revoked_reason = dup_or_null(st, a, 14);
    t->last_used_at = dup_or_null(st, a, 15);
    t->use_count = zf_stmt_int(st, 16);
}

static void token_hash(const char *token, unsigned char out[32]) {
    zf_sha256(token, strlen(token), out);
}

int zf_xtoken_insert(zf_db_t *db, zf_arena_t *a, int64_t agency_id, const char *label,
                     const char *scope, const char *resources, int64_t expires_ms,
                     int64_t created_by, char token_out[65], zf_xtoken_t *out, zf_error_t *err) {
    unsigned char raw[32], hash[32];
    char token[65];
    randombytes_buf(raw, sizeof raw);
    zf_hex_encode(raw, sizeof raw, token);
    sodium_memzero(raw, sizeof raw);
    token_hash(token, hash);
    char prefix[9];
    memcpy(prefix, token, 8);
    prefix[8] = '\0';
    char now[32];
    zf_now_iso(now);
    zf_stmt_t *st =
        zf_db_prepare(db,
                      "INSERT INTO api_tokens (agency_id, label, scope, resources, token_hash, "
                      "token_prefix, created_by, created_at, expires_ms) "
                      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
                      err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, agency_id);
    zf_stmt_bind_text(st, 2, label);
    zf_stmt_bind_text(st, 3, scope);
    zf_stmt_bind_text(st, 4, resources);
    zf_stmt_bind_blob(st, 5, hash, sizeof hash);
    zf_stmt_bind_text(st, 6, prefix);
    zf_stmt_bind_int(st, 7, created_by);
    zf_stmt_bind_text(st, 8, now);
    zf_stmt_bind_int(st, 9, expires_ms);
    int64_t id = insert_returning(st, err);
    if (id < 0) return (int)id;
    int rc = zf_xtoken_get(db, a, id, out, err);
    if (rc == 0) memcpy(token_out, token, 65);
    sodium_memzero(token, sizeof token);
    return rc;
}

int zf_xtokens_list(zf_db_t *db, zf_arena_t *a, const char *scope_path, int64_t agency_id,
                    int64_t before_id, int64_t limit, zf_xtoken_t **out, size_t *n,
                    zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db,
                                  "SELECT " TOKEN_COLUMNS "WHERE u.path LIKE $1 || '%' "
                                  "AND ($2 = 0 OR t.agency_id = $2) AND t.id < $3 "
                                  "ORDER BY t.id DESC LIMIT $4",
                                  err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_text(st, 1, scope_path);
    zf_stmt_bind_int(st, 2, agency_id);
    zf_stmt_bind_int(st, 3, before_id > 0 ? before_id : INT64_MAX);
    zf_stmt_bind_int(st, 4, limit);
    void *items;
    int rc = zf_stmt_collect(st, a, sizeof **out, read_token, &items, n, err);
    if (rc == 0) *out = items;
    return rc;
}

int zf_xtoken_get(zf_db_t *db, zf_arena_t *a, int64_t id, zf_xtoken_t *out, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db, "SELECT " TOKEN_COLUMNS "WHERE t.id = $1", err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, id);
    return fetch_one(st, a, read_token, out, "token.not_found", "该接口令牌", err);
}

int zf_xtoken_revoke(zf_db_t *db, zf_arena_t *a, int64_t id, int64_t by, const char *reason,
                     zf_xtoken_t *out, zf_error_t *err) {
    char now[32];
    zf_now_iso(now);
    zf_stmt_t *st = zf_db_prepare(db,
                                  "UPDATE api_tokens SET revoked_at = $1, revoked_by = $2, "
                                  "revoked_reason = $3 WHERE id = $4 AND revoked_at IS NULL",
                                  err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_text(st, 1, now);
    zf_stmt_bind_int(st, 2, by);
    zf_stmt_bind_text(st, 3, reason);
    zf_stmt_bind_int(st, 4, id);
    int64_t n = zf_stmt_run(st, err);
    if (n < 0) return (int)n;
    if (n == 0)
        return zf_error_set(err, ZF_ECONFLICT, 409, "token.revoked", NULL, "该接口令牌已被吊销");
    return zf_xtoken_get(db, a, id, out, err);
}

int zf_xtoken_authenticate(zf_db_t *db, zf_arena_t *a, const char *token, zf_xtoken_t *out,
                           zf_error_t *err) {
    if (!token || strlen(token) != 64)
        return zf_error_set(err, ZF_EAUTH, 401, "auth.token_invalid", NULL, "接口令牌无效");
    unsigned char hash[32];
    token_hash(token, hash);
    zf_stmt_t *st = zf_db_prepare(db, "SELECT " TOKEN_COLUMNS "WHERE t.token_hash = $1", err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_blob(st, 1, hash, sizeof hash);
    zf_xtoken_t t;
    int rc = zf_stmt_step(st, err);
    int agency_active = 0;
    if (rc == 1) {
        read_token(st, a, &t);
        agency_active = (int)zf_stmt_int(st, 17);
    }
    zf_stmt_done(st);
    if (rc < 0) return rc;
    if (rc == 0)
        return zf_error_set(err, ZF_EAUTH, 401, "auth.token_invalid", NULL, "接口令牌无效");
    if (t.revoked_at)
        return zf_error_set(err, ZF_EAUTH, 401, "auth.token_revoked", NULL,
                            "接口令牌已于 %s 被吊销", t.revoked_at);
    if (t.expires_ms <= zf_now_ms())
        return zf_error_set(err, ZF_EAUTH, 401, "auth.token_expired", NULL, "接口令牌已过期");
    if (!agency_active)
        return zf_error_set(err, ZF_EAUTH, 401, "auth.token_revoked", NULL,
                            "该协作单位已停用，接口令牌不再有效");
    *out = t;
    return 0;
}

int zf_xtoken_touch(zf_db_t *db, int64_t id, zf_error_t *err) {
    char now[32];
    zf_now_iso(now);
    zf_stmt_t *st = zf_db_prepare(
        db, "UPDATE api_tokens SET last_used_at = $1, use_count = use_count + 1 WHERE id = $2",
        err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_text(st, 1, now);
    zf_stmt_bind_int(st, 2, id);
    int64_t n = zf_stmt_run(st, err);
    return n < 0 ? (int)n : 0;
}

/* ---- shares ---- */

#define SHARE_COLUMNS                                                                              \
    "id, agency_id, subject_kind, subject_id, note, shared_by, shared_at FROM token_shares "

static void read_share(zf_stmt_t *st, zf_arena_t *a, void *item) {
    zf_share_t *s = item;
    s->id = zf_stmt_int(st, 0);
    s->agency_id = zf_stmt_int(st, 1);
    s->subject_kind = zf_arena_strdup(a, zf_stmt_text(st, 2));
    s->subject_id = zf_stmt_int(st, 3);
    s->note = zf_arena_strdup(a, zf_stmt_text(st, 4));
    s->shared_by = zf_stmt_int(st, 5);
    s->shared_at = zf_arena_strdup(a, zf_stmt_text(st, 6));
}

int zf_share_exists(zf_db_t *db, int64_t agency_id, const char *kind, int64_t subject_id,
                    zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db,
                                  "SELECT id FROM token_shares WHERE agency_id = $1 AND "
                                  "subject_kind = $2 AND subject_id = $3",
                                  err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, agency_id);
    zf_stmt_bind_text(st, 2, kind);
    zf_stmt_bind_int(st, 3, subject_id);
    int rc = zf_stmt_step(st, err);
    zf_stmt_done(st);
    return rc;
}

int zf_share_insert(zf_db_t *db, zf_arena_t *a, int64_t agency_id, const char *kind,
                    int64_t subject_id, const char *note, int64_t by, zf_share_t *out,
                    zf_error_t *err) {
    int rc = zf_share_exists(db, agency_id, kind, subject_id, err);
    if (rc < 0) return rc;
    if (rc == 1)
        return zf_error_set(err, ZF_ECONFLICT, 409, "share.exists", "subject_id",
                            "该记录已共享给此协作单位");
    char now[32];
    zf_now_iso(now);
    zf_stmt_t *st = zf_db_prepare(db,
                                  "INSERT INTO token_shares (agency_id, subject_kind, subject_id, "
                                  "note, shared_by, shared_at) VALUES ($1, $2, $3, $4, $5, $6) "
                                  "RETURNING id",
                                  err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, agency_id);
    zf_stmt_bind_text(st, 2, kind);
    zf_stmt_bind_int(st, 3, subject_id);
    zf_stmt_bind_text(st, 4, note ? note : "");
    zf_stmt_bind_int(st, 5, by);
    zf_stmt_bind_text(st, 6, now);
    int64_t id = insert_returning(st, err);
    if (id < 0) return (int)id;
    return zf_share_get(db, a, id, out, err);
}

int zf_shares_list(zf_db_t *db, zf_arena_t *a, int64_t agency_id, const char *kind,
                   zf_share_t **out, size_t *n, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db,
                                  "SELECT " SHARE_COLUMNS "WHERE agency_id = $1 AND "
                                  "($2 = '' OR subject_kind = $2) ORDER BY id",
                                  err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, agency_id);
    zf_stmt_bind_text(st, 2, kind ? kind : "");
    void *items;
    int rc = zf_stmt_collect(st, a, sizeof **out, read_share, &items, n, err);
    if (rc == 0) *out = items;
    return rc;
}

int zf_share_get(zf_db_t *db, zf_arena_t *a, int64_t id, zf_share_t *out, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db, "SELECT " SHARE_COLUMNS "WHERE id = $1", err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, id);
    return fetch_one(st, a, read_share, out, "share.not_found", "该共享记录", err);
}

int zf_share_delete(zf_db_t *db, int64_t id, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db, "DELETE FROM token_shares WHERE id = $1", err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, id);
    int64_t n = zf_stmt_run(st, err);
    return n < 0 ? (int)n : 0;
}

/* ---- notices ---- */

#define NOTICE_COLUMNS                                                                             \
    "n.id, n.agency_id, g.name, n.unit_id, u.path, n.direction, n.kind, n.title, n.body, "         \
    "n.materials, n.case_ref, n.created_by, us.name, n.token_id, n.created_at, "                   \
    "(SELECT count(*) FROM agency_notice_replies r WHERE r.notice_id = n.id), "                    \
    "(SELECT count(*) FROM notice_attachments f WHERE f.notice_id = n.id "                         \
    "AND f.withdrawn_at = '') "                                                                    \
    "FROM agency_notices n JOIN agencies g ON g.id = n.agency_id "                                 \
    "JOIN units u ON u.id = n.unit_id LEFT JOIN users us ON us.id = n.created_by "

static void read_notice(zf_stmt_t *st, zf_arena_t *a, void *item) {
    zf_notice_t *n = item;
    n->id = zf_stmt_int(st, 0);
    n->agency_id = zf_stmt_int(st, 1);
    n->agency_name = zf_arena_strdup(a, zf_stmt_text(st, 2));
    n->unit_id = zf_stmt_int(st, 3);
    n->unit_path = zf_arena_strdup(a, zf_stmt_text(st, 4));
    n->direction = zf_arena_strdup(a, zf_stmt_text(st, 5));
    n->kind = zf_arena_strdup(a, zf_stmt_text(st, 6));
    n->title = zf_arena_strdup(a, zf_stmt_text(st, 7));
    n->body = zf_arena_strdup(a, zf_stmt_text(st, 8));
    n->materials = zf_arena_strdup(a, zf_stmt_text(st, 9));
    n->case_ref = zf_arena_strdup(a, zf_stmt_text(st, 10));
    n->created_by = zf_stmt_is_null(st, 11) ? 0 : zf_stmt_int(st, 11);
    n->created_by_name = zf_arena_strdup(a, zf_stmt_text(st, 12));
    n->token_id = zf_stmt_is_null(st, 13) ? 0 : zf_stmt_int(st, 13);
    n->created_at = zf_arena_strdup(a, zf_stmt_text(st, 14));
    n->replies = zf_stmt_int(st, 15);
    n->files = zf_stmt_int(st, 16);
}

static void bind_id_or_null(zf_stmt_t *st, int i, int64_t v) {
    if (v > 0)
        zf_stmt_bind_int(st, i, v);
    else
        zf_stmt_bind_null(st, i);
}

int zf_notice_insert(zf_db_t *db, zf_arena_t *a, const zf_notice_t *n, zf_notice_t *out,
                     zf_error_t *err) {
    char now[32];
    zf_now_iso(now);
    zf_stmt_t *st = zf_db_prepare(
        db,
        "INSERT INTO agency_notices (agency_id, unit_id, direction, kind, title, body, "
        "materials, case_ref, created_by, token_id, created_at) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
        err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, n->agency_id);
    zf_stmt_bind_int(st, 2, n->unit_id);
    zf_stmt_bind_text(st, 3, n->direction);
    zf_stmt_bind_text(st, 4, n->kind);
    zf_stmt_bind_text(st, 5, n->title);
    zf_stmt_bind_text(st, 6, n->body);
    zf_stmt_bind_text(st, 7, n->materials ? n->materials : "");
    zf_stmt_bind_text(st, 8, n->case_ref ? n->case_ref : "");
    bind_id_or_null(st, 9, n->created_by);
    bind_id_or_null(st, 10, n->token_id);
    zf_stmt_bind_text(st, 11, now);
    int64_t id = insert_returning(st, err);
    if (id < 0) return (int)id;
    return zf_notice_get(db, a, id, out, err);
}

int zf_notice_get(zf_db_t *db, zf_arena_t *a, int64_t id, zf_notice_t *out, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db, "SELECT " NOTICE_COLUMNS "WHERE n.id = $1", err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, id);
    return fetch_one(st, a, read_notice, out, "notice.not_found", "该通报或会商", err);
}

int zf_notices_list(zf_db_t *db, zf_arena_t *a, const char *scope_path, int64_t agency_id,
                    int64_t before_id, int64_t limit, zf_notice_t **out, size_t *n,
                    zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db,
                                  "SELECT " NOTICE_COLUMNS
                                  "WHERE u.path LIKE $1 || '%' AND ($2 = 0 OR n.agency_id = $2) "
                                  "AND ($3 = 0 OR n.id < $3) ORDER BY n.id DESC LIMIT $4",
                                  err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_text(st, 1, scope_path ? scope_path : "/");
    zf_stmt_bind_int(st, 2, agency_id);
    zf_stmt_bind_int(st, 3, before_id);
    zf_stmt_bind_int(st, 4, limit);
    void *items;
    int rc = zf_stmt_collect(st, a, sizeof **out, read_notice, &items, n, err);
    if (rc == 0) *out = items;
    return rc;
}

static void read_reply(zf_stmt_t *st, zf_arena_t *a, void *item) {
    zf_notice_reply_t *r = item;
    r->id = zf_stmt_int(st, 0);
    r->notice_id = zf_stmt_int(st, 1);
    r->body = zf_arena_strdup(a, zf_stmt_text(st, 2));
    r->created_by = zf_stmt_is_null(st, 3) ? 0 : zf_stmt_int(st, 3);
    r->created_by_name = zf_arena_strdup(a, zf_stmt_text(st, 4));
    r->token_id = zf_stmt_is_null(st, 5) ? 0 : zf_stmt_int(st, 5);
    r->created_at = zf_arena_strdup(a, zf_stmt_text(st, 6));
}

#define REPLY_COLUMNS                                                                              \
    "r.id, r.notice_id, r.body, r.created_by, us.name, r.token_id, r.created_at "                  \
    "FROM agency_notice_replies r LEFT JOIN users us ON us.id = r.created_by "

int zf_notice_reply_insert(zf_db_t *db, zf_arena_t *a, int64_t notice_id, const char *body,
                           int64_t by_user, int64_t by_token, zf_notice_reply_t *out,
                           zf_error_t *err) {
    char now[32];
    zf_now_iso(now);
    zf_stmt_t *st = zf_db_prepare(db,
                                  "INSERT INTO agency_notice_replies (notice_id, body, "
                                  "created_by, token_id, created_at) VALUES ($1, $2, $3, $4, $5) "
                                  "RETURNING id",
                                  err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, notice_id);
    zf_stmt_bind_text(st, 2, body);
    bind_id_or_null(st, 3, by_user);
    bind_id_or_null(st, 4, by_token);
    zf_stmt_bind_text(st, 5, now);
    int64_t id = insert_returning(st, err);
    if (id < 0) return (int)id;
    st = zf_db_prepare(db, "SELECT " REPLY_COLUMNS "WHERE r.id = $1", err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, id);
    return fetch_one(st, a, read_reply, out, "notice.not_found", "该回复", err);
}

int zf_notice_replies(zf_db_t *db, zf_arena_t *a, int64_t notice_id, zf_notice_reply_t **out,
                      size_t *n, zf_error_t *err) {
    zf_stmt_t *st =
        zf_db_prepare(db, "SELECT " REPLY_COLUMNS "WHERE r.notice_id = $1 ORDER BY r.id", err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, notice_id);
    void *items;
    int rc = zf_stmt_collect(st, a, sizeof **out, read_reply, &items, n, err);
    if (rc == 0) *out = items;
    return rc;
}

int zf_notice_reply_get(zf_db_t *db, zf_arena_t *a, int64_t id, zf_notice_reply_t *out,
                        zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db, "SELECT " REPLY_COLUMNS "WHERE r.id = $1", err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, id);
    return fetch_one(st, a, read_reply, out, "notice.reply_not_found", "该回复", err);
}

/* ---- materials (migration 041) ---- */

#define ATTACHMENT_COLUMNS                                                                         \
    "f.id, f.notice_id, f.reply_id, f.sha256, f.file_name, f.mime, f.size, f.uploaded_by, "        \
    "uu.name, f.token_id, f.uploaded_at, f.withdrawn_at, f.withdraw_reason, f.withdrawn_by, "      \
    "wu.name, f.withdrawn_token_id "                                                               \
    "FROM notice_attachments f LEFT JOIN users uu ON uu.id = f.uploaded_by "                       \
    "LEFT JOIN users wu ON wu.id = f.withdrawn_by "

static void read_attachment(zf_stmt_t *st, zf_arena_t *a, void *item) {
    zf_notice_attachment_t *f = item;
    f->id = zf_stmt_int(st, 0);
    f->notice_id = zf_stmt_int(st, 1);
    f->reply_id = zf_stmt_is_null(st, 2) ? 0 : zf_stmt_int(st, 2);
    f->sha256 = zf_arena_strdup(a, zf_stmt_text(st, 3));
    f->file_name = zf_arena_strdup(a, zf_stmt_text(st, 4));
    f->mime = zf_arena_strdup(a, zf_stmt_text(st, 5));
    f->size = zf_stmt_int(st, 6);
    f->uploaded_by = zf_stmt_is_null(st, 7) ? 0 : zf_stmt_int(st, 7);
    f->uploaded_by_name = zf_arena_strdup(a, zf_stmt_text(st, 8));
    f->token_id = zf_stmt_is_null(st, 9) ? 0 : zf_stmt_int(st, 9);
    f->uploaded_at = zf_arena_strdup(a, zf_stmt_text(st, 10));
    f->withdrawn_at = zf_arena_strdup(a, zf_stmt_text(st, 11));
    f->withdraw_reason = zf_arena_strdup(a, zf_stmt_text(st, 12));
    f->withdrawn_by = zf_stmt_is_null(st, 13) ? 0 : zf_stmt_int(st, 13);
    f->withdrawn_by_name = zf_arena_strdup(a, zf_stmt_text(st, 14));
    f->withdrawn_token_id = zf_stmt_is_null(st, 15) ? 0 : zf_stmt_int(st, 15);
}

int zf_notice_attachment_insert(zf_db_t *db, zf_arena_t *a, const zf_notice_attachment_t *att,
                                zf_notice_attachment_t *out, zf_error_t *err) {
    char now[32];
    zf_now_iso(now);
    zf_stmt_t *st = zf_db_prepare(db,
                                  "INSERT INTO notice_attachments (notice_id, reply_id, sha256, "
                                  "file_name, mime, size, uploaded_by, token_id, uploaded_at) "
                                  "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
                                  err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, att->notice_id);
    bind_id_or_null(st, 2, att->reply_id);
    zf_stmt_bind_text(st, 3, att->sha256);
    zf_stmt_bind_text(st, 4, att->file_name);
    zf_stmt_bind_text(st, 5, att->mime);
    zf_stmt_bind_int(st, 6, att->size);
    bind_id_or_null(st, 7, att->uploaded_by);
    bind_id_or_null(st, 8, att->token_id);
    zf_stmt_bind_text(st, 9, now);
    int64_t id = insert_returning(st, err);
    if (id < 0) return (int)id;
    return zf_notice_attachment_get(db, a, id, out, err);
}

int zf_notice_attachment_get(zf_db_t *db, zf_arena_t *a, int64_t id, zf_notice_attachment_t *out,
                             zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db, "SELECT " ATTACHMENT_COLUMNS "WHERE f.id = $1", err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, id);
    return fetch_one(st, a, read_attachment, out, "notice.attachment_not_found", "该材料", err);
}

int zf_notice_attachments(zf_db_t *db, zf_arena_t *a, int64_t notice_id,
                          zf_notice_attachment_t **out, size_t *n, zf_error_t *err) {
    zf_stmt_t *st =
        zf_db_prepare(db, "SELECT " ATTACHMENT_COLUMNS "WHERE f.notice_id = $1 ORDER BY f.id", err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, notice_id);
    void *items;
    int rc = zf_stmt_collect(st, a, sizeof **out, read_attachment, &items, n, err);
    if (rc == 0) *out = items;
    return rc;
}

int zf_notice_attachment_withdraw(zf_db_t *db, int64_t id, const char *reason, int64_t by_user,
                                  int64_t by_token, zf_error_t *err) {
    char now[32];
    zf_now_iso(now);
    zf_stmt_t *st = zf_db_prepare(db,
                                  "UPDATE notice_attachments SET withdrawn_at = $2, "
                                  "withdraw_reason = $3, withdrawn_by = $4, "
                                  "withdrawn_token_id = $5 WHERE id = $1 AND withdrawn_at = ''",
                                  err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, id);
    zf_stmt_bind_text(st, 2, now);
    zf_stmt_bind_text(st, 3, reason);
    bind_id_or_null(st, 4, by_user);
    bind_id_or_null(st, 5, by_token);
    int64_t changed = zf_stmt_run(st, err);
    if (changed < 0) return (int)changed;
    if (changed == 0)
        return zf_error_set(err, ZF_ECONFLICT, 409, "notice.attachment_withdrawn", NULL,
                            "该材料已撤回，不能再次撤回");
    return 0;
}
