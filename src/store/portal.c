/* portal.c — see portal.h. */
#include "store/portal.h"

#include "core/util.h"

int zf_portal_text_get(zf_db_t *db, zf_arena_t *a, int64_t bureau_id, const char *kind,
                       zf_portal_text_t *out, zf_error_t *err) {
    *out = (zf_portal_text_t){0};
    zf_stmt_t *st = zf_db_prepare(db,
                                  "SELECT id, body, created_at, created_by, "
                                  "(SELECT count(*) FROM portal_texts WHERE bureau_id = $1 AND kind = $2) "
                                  "FROM portal_texts WHERE bureau_id = $1 AND kind = $2 "
                                  "ORDER BY id DESC LIMIT 1",
                                  err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, bureau_id);
    zf_stmt_bind_text(st, 2, kind);
    int rc = zf_stmt_step(st, err);
    if (rc == 1) {
        out->id = zf_stmt_int(st, 0);
        out->body = zf_arena_strdup(a, zf_stmt_text(st, 1));
        out->created_at = zf_arena_strdup(a, zf_stmt_text(st, 2));
        out->created_by = zf_stmt_int(st, 3);
        out->versions = zf_stmt_int(st, 4);
    }
    zf_stmt_done(st);
    return rc < 0 ? rc : 0;
}

int zf_portal_text_insert(zf_db_t *db, int64_t bureau_id, const char *kind, const char *body,
                          int64_t actor_id, int64_t *id, zf_error_t *err) {
    char now[32];
    zf_now_iso(now);
    zf_stmt_t *st = zf_db_prepare(db,
                                  "INSERT INTO portal_texts (bureau_id, body, created_at, "
                                  "created_by, kind) VALUES ($1, $2, $3, $4, $5) RETURNING id",
                                  err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, bureau_id);
    zf_stmt_bind_text(st, 2, body);
    zf_stmt_bind_text(st, 3, now);
    if (actor_id)
        zf_stmt_bind_int(st, 4, actor_id);
    else
        zf_stmt_bind_null(st, 4);
    zf_stmt_bind_text(st, 5, kind);
    int rc = zf_stmt_step(st, err);
    if (rc == 1) *id = zf_stmt_int(st, 0);
    zf_stmt_done(st);
    return rc < 0 ? rc : 0;
}
