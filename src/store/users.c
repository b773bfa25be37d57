/* users.c — accounts (R33). See store.h. Password hashes never leave this
 * file except through zf_user_get_by_username, which login needs. */
#include <stdio.h>
#include <string.h>

#include "core/util.h"
#include "store/store.h"

#define USER_COLUMNS                                                                               \
    "u.id, u.username, u.name, u.role, u.unit_id, un.name, un.code, un.path, u.active, "           \
    "u.version, u.password_hash"
#define USER_FROM " FROM users u JOIN units un ON un.id = u.unit_id "

static void read_user(zf_stmt_t *st, zf_arena_t *a, zf_user_t *u, int with_hash) {
    u->id = zf_stmt_int(st, 0);
    u->username = zf_arena_strdup(a, zf_stmt_text(st, 1));
    u->name = zf_arena_strdup(a, zf_stmt_text(st, 2));
    u->role = zf_arena_strdup(a, zf_stmt_text(st, 3));
    u->unit_id = zf_stmt_int(st, 4);
    u->unit_name = zf_arena_strdup(a, zf_stmt_text(st, 5));
    u->unit_code = zf_arena_strdup(a, zf_stmt_text(st, 6));
    u->unit_path = zf_arena_strdup(a, zf_stmt_text(st, 7));
    u->active = (int)zf_stmt_int(st, 8);
    u->version = zf_stmt_int(st, 9);
    u->password_hash = with_hash ? zf_arena_strdup(a, zf_stmt_text(st, 10)) : NULL;
}

/* A row of a list: never the password hash. */
static void read_listed_user(zf_stmt_t *st, zf_arena_t *a, void *item) {
    read_user(st, a, item, 0);
}

int zf_users_list(zf_db_t *db, zf_arena_t *a, const char *scope_path, int64_t unit_id,
                  const char *q, zf_user_t **out, size_t *n, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(
        db,
        "SELECT " USER_COLUMNS USER_FROM
        "WHERE un.path LIKE $1 || '%' AND ($2 = 0 OR u.unit_id = $2) "
        "AND ($3 = '' OR u.name LIKE '%' || $3 || '%' OR u.username LIKE '%' || $3 || '%') "
        "ORDER BY un.path, u.id",
        err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_text(st, 1, scope_path);
    zf_stmt_bind_int(st, 2, unit_id);
    zf_stmt_bind_text(st, 3, q ? q : "");
    void *items;
    int rc = zf_stmt_collect(st, a, sizeof **out, read_listed_user, &items, n, err);
    if (rc == 0) *out = items;
    return rc;
}

static int fetch_one_user(zf_stmt_t *st, zf_arena_t *a, zf_user_t *out, int with_hash,
                          zf_error_t *err) {
    int rc = zf_stmt_step(st, err);
    if (rc == 1) read_user(st, a, out, with_hash);
    zf_stmt_done(st);
    if (rc < 0) return rc;
    if (rc == 0) return zf_error_set(err, ZF_ENOTFOUND, 404, "user.not_found", NULL, "用户不存在");
    return 0;
}

int zf_user_get(zf_db_t *db, zf_arena_t *a, int64_t id, zf_user_t *out, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db, "SELECT " USER_COLUMNS USER_FROM "WHERE u.id = $1", err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, id);
    return fetch_one_user(st, a, out, 0, err);
}

int zf_user_get_by_username(zf_db_t *db, zf_arena_t *a, const char *username, zf_user_t *out,
                            zf_error_t *err) {
    zf_stmt_t *st =
        zf_db_prepare(db, "SELECT " USER_COLUMNS USER_FROM "WHERE u.username = $1", err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_text(st, 1, username);
    return fetch_one_user(st, a, out, 1, err);
}

int zf_user_insert(zf_db_t *db, zf_arena_t *a, const char *username, const char *name,
                   const char *role, int64_t unit_id, const char *password_hash, zf_user_t *out,
                   zf_error_t *err) {
    zf_user_t existing;
    zf_error_t ignore;
    if (zf_user_get_by_username(db, a, username, &existing, &ignore) == 0)
        return zf_error_set(err, ZF_ECONFLICT, 409, "user.username_taken", "username",
                            "用户名“%s”已被使用（%s）", username, existing.name);
    char now[32];
    zf_now_iso(now);
    zf_stmt_t *st = zf_db_prepare(
        db,
        "INSERT INTO users (username, name, role, unit_id, password_hash, created_at, "
        "updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
        err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_text(st, 1, username);
    zf_stmt_bind_text(st, 2, name);
    zf_stmt_bind_text(st, 3, role);
    zf_stmt_bind_int(st, 4, unit_id);
    zf_stmt_bind_text(st, 5, password_hash);
    zf_stmt_bind_text(st, 6, now);
    int rc = zf_stmt_step(st, err);
    int64_t id = rc == 1 ? zf_stmt_int(st, 0) : 0;
    zf_stmt_done(st);
    if (rc < 0) return rc;
    return zf_user_get(db, a, id, out, err);
}

int zf_user_update(zf_db_t *db, zf_arena_t *a, int64_t id, int64_t version, const char *name,
                   const char *role, int64_t unit_id, int active, const char *password_hash,
                   zf_user_t *out, zf_error_t *err) {
    zf_user_t cur;
    int rc = zf_user_get(db, a, id, &cur, err);
    if (rc) return rc;
    if (cur.version != version)
        return zf_error_set(err, ZF_ECONFLICT, 409, "conflict.version", "version",
                            "该用户已被他人修改（当前版本 %lld，提交的版本 %lld），请刷新后重试",
                            (long long)cur.version, (long long)version);
    char now[32];
    zf_now_iso(now);
    zf_stmt_t *st = zf_db_prepare(
        db,
        "UPDATE users SET name = $1, role = $2, unit_id = $3, active = $4, "
        "password_hash = COALESCE($5, password_hash), version = version + 1, updated_at = $6 "
        "WHERE id = $7 AND version = $8",
        err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_text(st, 1, name ? name : cur.name);
    zf_stmt_bind_text(st, 2, role ? role : cur.role);
    zf_stmt_bind_int(st, 3, unit_id > 0 ? unit_id : cur.unit_id);
    zf_stmt_bind_int(st, 4, active >= 0 ? active : cur.active);
    zf_stmt_bind_text(st, 5, password_hash);
    zf_stmt_bind_text(st, 6, now);
    zf_stmt_bind_int(st, 7, id);
    zf_stmt_bind_int(st, 8, version);
    rc = zf_stmt_run_versioned(st, "该用户", err);
    if (rc) return rc;
    return zf_user_get(db, a, id, out, err);
}
