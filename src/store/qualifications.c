/* qualifications.c — see qualifications.h. */
#include "store/qualifications.h"

#include <string.h>

int zf_legal_qual_get(zf_db_t *db, zf_arena_t *a, int64_t user_id, zf_legal_qual_t *out,
                      zf_error_t *err) {
    memset(out, 0, sizeof *out);
    out->user_id = user_id;
    out->certificate_no = out->obtained_on = out->reviewing_since = out->updated_at = "";
    zf_stmt_t *st = zf_db_prepare(db,
                                  "SELECT certificate_no, obtained_on, reviewing_since, version, "
                                  "updated_at FROM legal_qualifications WHERE user_id = $1",
                                  err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, user_id);
    int rc = zf_stmt_step(st, err);
    if (rc == 1) {
        out->certificate_no = zf_arena_strdup(a, zf_stmt_text(st, 0));
        out->obtained_on = zf_arena_strdup(a, zf_stmt_text(st, 1));
        out->reviewing_since = zf_arena_strdup(a, zf_stmt_text(st, 2));
        out->version = zf_stmt_int(st, 3);
        out->updated_at = zf_arena_strdup(a, zf_stmt_text(st, 4));
    }
    zf_stmt_done(st);
    return rc < 0 ? rc : 0;
}

int zf_legal_qual_put(zf_db_t *db, zf_legal_qual_t *q, int64_t expected_version, int64_t actor_id,
                      const char *now, zf_error_t *err) {
    zf_stmt_t *st;
    if (expected_version == 0)
        st =
            zf_db_prepare(db,
                          "INSERT INTO legal_qualifications (user_id, certificate_no, obtained_on, "
                          "reviewing_since, version, updated_at, updated_by) "
                          "VALUES ($1, $2, $3, $4, 1, $5, $6) ON CONFLICT (user_id) DO NOTHING",
                          err);
    else
        st = zf_db_prepare(db,
                           "UPDATE legal_qualifications SET certificate_no = $2, obtained_on = $3, "
                           "reviewing_since = $4, version = version + 1, updated_at = $5, "
                           "updated_by = $6 WHERE user_id = $1 AND version = $7",
                           err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_int(st, 1, q->user_id);
    zf_stmt_bind_text(st, 2, q->certificate_no);
    zf_stmt_bind_text(st, 3, q->obtained_on);
    zf_stmt_bind_text(st, 4, q->reviewing_since);
    zf_stmt_bind_text(st, 5, now);
    if (actor_id)
        zf_stmt_bind_int(st, 6, actor_id);
    else
        zf_stmt_bind_null(st, 6); /* the system (demo, import) */
    if (expected_version != 0) zf_stmt_bind_int(st, 7, expected_version);
    int64_t n = zf_stmt_run(st, err);
    if (n < 0) return (int)n;
    if (n == 0)
        return zf_error_set(err, ZF_ECONFLICT, 409, "conflict.version", "version",
                            "法律职业资格已被他人修改，请刷新后再改");
    q->version = expected_version + 1;
    q->updated_at = now;
    return 0;
}
