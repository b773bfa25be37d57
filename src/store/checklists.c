/* checklists.c — see checklists.h. */
#include "store/checklists.h"

#include <string.h>

#include "core/util.h"

#define COLS                                                                                       \
    "id, code, version, title, domain, effective_from, items, major_items, status, created_at, "   \
    "created_by"

static void read_row(zf_stmt_t *st, zf_arena_t *a, void *item) {
    zf_checklist_row_t *r = item;
    memset(r, 0, sizeof *r);
    r->id = zf_stmt_int(st, 0);
    r->code = zf_arena_strdup(a, zf_stmt_text(st, 1));
    r->version = (int)zf_stmt_int(st, 2);
    r->title = zf_arena_strdup(a, zf_stmt_text(st, 3));
    r->domain = zf_arena_strdup(a, zf_stmt_text(st, 4));
    r->effective_from = zf_arena_strdup(a, zf_stmt_text(st, 5));
    r->items = (int)zf_stmt_int(st, 6);
    r->major_items = (int)zf_stmt_int(st, 7);
    r->status = zf_arena_strdup(a, zf_stmt_text(st, 8));
    r->created_at = zf_arena_strdup(a, zf_stmt_text(st, 9));
    r->created_by = zf_stmt_is_null(st, 10) ? 0 : zf_stmt_int(st, 10);
    if (zf_stmt_column_count(st) > 11) r->body = zf_arena_strdup(a, zf_stmt_text(st, 11));
}

int zf_checklists_all(zf_db_t *db, zf_arena_t *a, const char *domain, zf_checklist_row_t **out,
                      size_t *n, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db,
                                  "SELECT " COLS " FROM checklists WHERE ($1 = '' OR domain = $1) "
                                  "ORDER BY code, version LIMIT 10001",
                                  err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_text(st, 1, domain ? domain : "");
    void *items;
    size_t cnt;
    int rc = zf_stmt_collect(st, a, sizeof **out, read_row, &items, &cnt, err);
    if (rc) return rc;
    if (cnt > 10000)
        return zf_error_set(err, ZF_ETOOBIG, 500, "checklist.too_many", NULL,
                            "检查表版本超过 10000 个，无法一次列出");
    *out = items;
    *n = cnt;
    return 0;
}

int zf_checklist_versions(zf_db_t *db, zf_arena_t *a, const char *code, zf_checklist_row_t **out,
                          size_t *n, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(
        db, "SELECT " COLS " FROM checklists WHERE code = $1 ORDER BY version LIMIT 10000", err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_text(st, 1, code);
    void *items;
    size_t cnt;
    int rc = zf_stmt_collect(st, a, sizeof **out, read_row, &items, &cnt, err);
    if (rc) return rc;
    if (cnt == 0)
        return zf_error_set(err, ZF_ENOTFOUND, 404, "checklist.not_found", "code",
                            "检查表 %s 不存在", code);
    *out = items;
    *n = cnt;
    return 0;
}

int zf_checklist_get(zf_db_t *db, zf_arena_t *a, const char *code, int version,
                     zf_checklist_row_t *out, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(
        db, "SELECT " COLS ", body FROM checklists WHERE code = $1 AND version = $2", err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_text(st, 1, code);
    zf_stmt_bind_int(st, 2, version);
    int rc = zf_stmt_step(st, err);
    if (rc == 1) read_row(st, a, out);
    zf_stmt_done(st);
    if (rc < 0) return rc;
    if (rc == 0)
        return zf_error_set(err, ZF_ENOTFOUND, 404, "checklist.no_version", "version",
                            "检查表 %s 没有第 %d 版", code, version);
    return 0;
}

int zf_checklist_insert(zf_db_t *db, zf_arena_t *a, const zf_checklist_row_t *row, int64_t actor_id,
                        zf_checklist_row_t *out, zf_error_t *err) {
    char now[32];
    zf_now_iso(now);
    zf_stmt_t *st = zf_db_prepare(
        db,
        "INSERT INTO checklists (code, version, title, domain, effective_from, body, items, "
        "major_items, status, created_at, created_by) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'active', $9, $10) "
        "ON CONFLICT (code, version) DO NOTHING RETURNING id",
        err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_text(st, 1, row->code);
    zf_stmt_bind_int(st, 2, row->version);
    zf_stmt_bind_text(st, 3, row->title);
    zf_stmt_bind_text(st, 4, row->domain);
    zf_stmt_bind_text(st, 5, row->effective_from);
    zf_stmt_bind_text(st, 6, row->body);
    zf_stmt_bind_int(st, 7, row->items);
    zf_stmt_bind_int(st, 8, row->major_items);
    zf_stmt_bind_text(st, 9, now);
    if (actor_id)
        zf_stmt_bind_int(st, 10, actor_id);
    else
        zf_stmt_bind_null(st, 10);
    int rc = zf_stmt_step(st, err);
    zf_stmt_done(st);
    if (rc < 0) return rc;
    if (rc == 0)
        return zf_error_set(err, ZF_ECONFLICT, 409, "checklist.version_taken", "version",
                            "检查表 %s 第 %d 版已存在", row->code, row->version);
    return zf_checklist_get(db, a, row->code, row->version, out, err);
}

int64_t zf_checklist_set_status(zf_db_t *db, const char *code, const char *status,
                                zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(
        db, "UPDATE checklists SET status = $2 WHERE code = $1 AND status <> $2", err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_text(st, 1, code);
    zf_stmt_bind_text(st, 2, status);
    return zf_stmt_run(st, err);
}

int zf_checklist_catalogue_known(zf_db_t *db, const char *code, zf_error_t *err) {
    zf_stmt_t *st = zf_db_prepare(db, "SELECT 1 FROM catalogue_items WHERE code = $1", err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_text(st, 1, code);
    int rc = zf_stmt_step(st, err);
    zf_stmt_done(st);
    return rc;
}
